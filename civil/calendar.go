package civil

import (
	"math/bits"
	"slices"
	"time"

	"github.com/carecoord/carecoord"
)

// A Calendar says which days are business days. A day is a business day when it is one of
// the calendar's open days, or else when it is not a weekend day, not an observed federal
// holiday the calendar keeps, and not one of its closures.
//
// CMS counts the two business days of Transitional Care Management contact as "Monday through
// Friday, except holidays", without defining the holidays; [USFederal] is that rule with the
// federal holidays, and practices add their own closures (or open days) to it.
//
// Federal holidays are closed on the days OPM observes them for a Monday-to-Friday week (a
// Saturday holiday on the Friday before, a Sunday one on the Monday after), whatever the
// calendar's own weekend. On a calendar with another weekend an observed day can fall on a
// weekend day and so close nothing extra; add the organisation's own substitute day with
// WithClosures.
//
// A Calendar is an immutable value: the With… methods return a new Calendar and leave the
// receiver unchanged, so one can be shared by any number of goroutines. The zero Calendar has
// no weekend, holidays or closures: every day is a business day. Compare Calendars with
// [Calendar.Equal].
type Calendar struct {
	weekend  uint8  // bit w set: time.Weekday(w) is a weekend day
	holidays uint16 // bit i set: AllFederalHolidays()[i] is kept
	closed   []Date // sorted, unique, valid; disjoint from open
	open     []Date // sorted, unique, valid
}

const allHolidays = 1<<11 - 1

// USFederal returns the calendar of the US federal government: Saturday and Sunday are the
// weekend, and the eleven federal holidays are closed on their observed days.
func USFederal() Calendar {
	return Calendar{weekend: 1<<time.Saturday | 1<<time.Sunday, holidays: allHolidays}
}

// NewCalendar returns a calendar whose weekend is the given days, with no holidays or
// closures; add them with the With… methods. NewCalendar(time.Friday, time.Saturday) is a
// Friday–Saturday weekend. It returns an error matching carecoord.ErrInvalid when a weekday is
// not one of time.Sunday to time.Saturday, or when every day of the week is a weekend day
// (a calendar needs business days for its deadlines to exist).
func NewCalendar(weekend ...time.Weekday) (Calendar, error) {
	var c Calendar
	for _, wd := range weekend {
		if wd < time.Sunday || wd > time.Saturday {
			return Calendar{}, carecoord.OutOfRange("weekend", "weekdays must be time.Sunday to time.Saturday")
		}
		c.weekend |= 1 << wd
	}
	if c.weekend == 1<<7-1 {
		return Calendar{}, carecoord.Invalid("weekend", "must leave at least one business day in the week")
	}
	return c, nil
}

// WithFederalHolidays returns c keeping the given federal holidays closed on their observed
// days, in addition to those it already keeps; with no arguments, all eleven. Values that are
// not federal holidays are ignored.
func (c Calendar) WithFederalHolidays(hs ...FederalHoliday) Calendar {
	c.holidays |= holidayMask(hs)
	return c
}

// WithoutFederalHolidays returns c treating the given federal holidays as ordinary days (for
// a practice open on Columbus Day, say); with no arguments, all eleven.
func (c Calendar) WithoutFederalHolidays(hs ...FederalHoliday) Calendar {
	c.holidays &^= holidayMask(hs)
	return c
}

func holidayMask(hs []FederalHoliday) uint16 {
	if len(hs) == 0 {
		return allHolidays
	}
	var m uint16
	for _, h := range hs {
		if i := h.index(); i >= 0 {
			m |= 1 << i
		}
	}
	return m
}

// WithClosures returns c with the given days closed (a state holiday, the day after
// Thanksgiving, a snow day). A day that was an open day of c is one no more. Invalid dates
// match no day and are dropped.
func (c Calendar) WithClosures(days ...Date) Calendar {
	c.closed = mergeDays(c.closed, days)
	c.open = removeDays(c.open, days)
	return c
}

// WithOpenDays returns c with the given days open even if they fall on a weekend day, a kept
// holiday or a closure (a Saturday clinic). A day that was a closure of c is one no more.
// Invalid dates match no day and are dropped.
func (c Calendar) WithOpenDays(days ...Date) Calendar {
	c.open = mergeDays(c.open, days)
	c.closed = removeDays(c.closed, days)
	return c
}

// mergeDays returns a new sorted, unique slice of the valid days in have and add.
func mergeDays(have, add []Date) []Date {
	out := make([]Date, 0, len(have)+len(add))
	out = append(out, have...)
	for _, d := range add {
		if d.IsValid() {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, Date.Compare)
	return slices.Clip(slices.Compact(out))
}

// removeDays returns a new slice of the days of have that are not in drop.
func removeDays(have, drop []Date) []Date {
	if len(have) == 0 {
		return have
	}
	out := make([]Date, 0, len(have))
	for _, d := range have {
		if !slices.Contains(drop, d) {
			out = append(out, d)
		}
	}
	return slices.Clip(out)
}

// Equal reports whether c and o have the same weekend, federal holidays, closures and open
// days, and so the same business days. go-cmp uses it to compare Calendars.
func (c Calendar) Equal(o Calendar) bool {
	return c.weekend == o.weekend && c.holidays == o.holidays &&
		slices.Equal(c.closed, o.closed) && slices.Equal(c.open, o.open)
}

// Weekend returns the calendar's weekend days, Sunday first.
func (c Calendar) Weekend() []time.Weekday {
	var wds []time.Weekday
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		if c.weekend&(1<<wd) != 0 {
			wds = append(wds, wd)
		}
	}
	return wds
}

// FederalHolidays returns the federal holidays the calendar keeps, in calendar order.
func (c Calendar) FederalHolidays() []FederalHoliday {
	var hs []FederalHoliday
	for i, h := range AllFederalHolidays() {
		if c.holidays&(1<<i) != 0 {
			hs = append(hs, h)
		}
	}
	return hs
}

// Closures returns the calendar's extra closed days, in order, in a new slice.
func (c Calendar) Closures() []Date { return slices.Clone(c.closed) }

// OpenDays returns the calendar's open days, in order, in a new slice.
func (c Calendar) OpenDays() []Date { return slices.Clone(c.open) }

// isWeekend reports whether the valid date d falls on one of c's weekend days.
func (c Calendar) isWeekend(d Date) bool { return c.weekend>>(uint32(d.n)%7)&1 != 0 }

// keptHoliday reports whether d is the observed day of a federal holiday c keeps.
func (c Calendar) keptHoliday(d Date) (FederalHoliday, bool) {
	if c.holidays == 0 || !isFederalHoliday(d) {
		return "", false
	}
	h, ok := holidayByRules(d)
	if !ok || c.holidays&(1<<h.index()) == 0 {
		return "", false
	}
	return h, true
}

func hasDay(days []Date, d Date) bool {
	if len(days) == 0 {
		return false
	}
	_, ok := slices.BinarySearchFunc(days, d, Date.Compare)
	return ok
}

// IsBusinessDay reports whether d is a business day of c. It is false for the zero or an
// invalid Date.
func (c Calendar) IsBusinessDay(d Date) bool { return d.IsValid() && c.businessDay(d.n) }

// A ClosedKind says why a day is not a business day. The zero ClosedKind means "open".
type ClosedKind string

// The reasons a day is closed.
const (
	ClosedWeekend ClosedKind = "weekend"         // one of the calendar's weekend days
	ClosedHoliday ClosedKind = "federal-holiday" // the observed day of a federal holiday it keeps
	ClosedClosure ClosedKind = "closure"         // one of the calendar's extra closures
	ClosedInvalid ClosedKind = "invalid-date"    // the zero or an invalid Date
)

// A Closed says why a day is not a business day, as data, so that a deadline can explain
// itself in the reader's language: render Kind and Holiday through your own catalog
// (FederalHoliday.Name and String give English for developers and logs).
type Closed struct {
	Kind ClosedKind `json:"kind"`
	// Holiday is the federal holiday, when Kind is ClosedHoliday.
	Holiday FederalHoliday `json:"holiday,omitempty"`
	// Observed is true when the holiday's legal date is a weekend day and this is the weekday
	// observed in its place.
	Observed bool `json:"observed,omitempty"`
}

// String returns English for developers: "weekend", "Labor Day", "Independence Day (observed)",
// "closure" or "invalid date".
func (c Closed) String() string {
	switch c.Kind {
	case ClosedHoliday:
		if c.Observed {
			return c.Holiday.Name() + " (observed)"
		}
		return c.Holiday.Name()
	case ClosedInvalid:
		return "invalid date"
	}
	return string(c.Kind)
}

// WhyClosed says why d is not a business day, or returns false for a business day. The zero
// and invalid Dates are closed with kind ClosedInvalid. Deadline explanations use it
// ("skipped 2025-09-01: Labor Day").
func (c Calendar) WhyClosed(d Date) (Closed, bool) {
	switch {
	case !d.IsValid():
		return Closed{Kind: ClosedInvalid}, true
	case hasDay(c.open, d):
		return Closed{}, false
	case c.isWeekend(d):
		return Closed{Kind: ClosedWeekend}, true
	}
	if h, ok := c.keptHoliday(d); ok {
		_, m, day := d.YMD()
		return Closed{Kind: ClosedHoliday, Holiday: h, Observed: !legalDate(h, m, day)}, true
	}
	if hasDay(c.closed, d) {
		return Closed{Kind: ClosedClosure}, true
	}
	return Closed{}, false
}

// AddBusinessDays returns the nth business day after d (before d when n is negative),
// counting the day it lands on but not d itself: with [USFederal], Friday 2025-08-29 plus 2
// is Wednesday 2025-09-03 (the weekend and Labor Day are skipped). d itself need not be a
// business day: a Saturday discharge plus 1 is the Monday (or the next business day).
// n == 0 returns d unchanged. For n != 0 the result is always a business day, and
// c.BusinessDaysBetween(d, c.AddBusinessDays(d, n)) == n.
//
// It takes time proportional to n. Stepping past 9999-12-31 (or before 0001-01-01) gives an
// invalid Date; so does an invalid d.
func (c Calendar) AddBusinessDays(d Date, n int) Date {
	if !d.IsValid() {
		return d
	}
	if n > maxDay || n < -maxDay { // more business days than there are days in range
		return Date{invalidDay}
	}
	step := int32(1)
	if n < 0 {
		step, n = -1, -n
	}
	x := d.n
	for n > 0 {
		x += step
		if x < 1 || x > maxDay {
			return Date{invalidDay}
		}
		if c.businessDay(x) {
			n--
		}
	}
	return Date{x}
}

// businessDay is IsBusinessDay for a day number known to be valid: the inner loop of
// AddBusinessDays and BusinessDaysBetween.
func (c Calendar) businessDay(x int32) bool {
	d := Date{x}
	if len(c.open) > 0 && hasDay(c.open, d) {
		return true
	}
	if c.weekend>>(uint32(x)%7)&1 != 0 {
		return false
	}
	switch c.holidays {
	case 0:
	case allHolidays:
		if isFederalHoliday(d) {
			return false
		}
	default:
		if _, ok := c.keptHoliday(d); ok {
			return false
		}
	}
	return len(c.closed) == 0 || !hasDay(c.closed, d)
}

// BusinessDaysBetween counts the business days stepped over going from a to b, counting the
// day landed on but not the day started from: for b after a, the business days d with
// a < d <= b; for b before a, minus the business days d with b <= d < a. It is 0 when a == b
// or either date is invalid. It is the inverse of [Calendar.AddBusinessDays].
//
// It takes time proportional to the number of years between a and b (plus the closures and
// open days between them), not to the number of days.
func (c Calendar) BusinessDaysBetween(a, b Date) int {
	if !a.IsValid() || !b.IsValid() {
		return 0
	}
	if b.Before(a) {
		return -c.countIn(b.n, a.n-1)
	}
	return c.countIn(a.n+1, b.n)
}

// countIn counts the business days with day numbers lo to hi, both included.
func (c Calendar) countIn(lo, hi int32) int {
	if hi < lo {
		return 0
	}
	if hi-lo < 28 { // a short span: look at each day
		n := 0
		for x := lo; x <= hi; x++ {
			if c.IsBusinessDay(Date{x}) {
				n++
			}
		}
		return n
	}
	// The days that are not weekend days, a week at a time, then a correction for each
	// special day in the span: +1 or -1 where its business-day status differs from that.
	total := int(hi - lo + 1)
	n := total / 7 * (7 - bits.OnesCount8(c.weekend))
	for x := lo + int32(total/7*7); x <= hi; x++ {
		if !c.isWeekend(Date{x}) {
			n++
		}
	}
	correct := func(d Date) {
		base, biz := !c.isWeekend(d), c.IsBusinessDay(d)
		switch {
		case biz && !base:
			n++
		case !biz && base:
			n--
		}
	}
	// Kept holidays: each year's list holds its own New Year's Day, whose observed day may be
	// 31 December of the year before, so look one year past the span's last year.
	if c.holidays != 0 {
		y0, y1 := Date{lo}.Year(), min(Date{hi}.Year()+1, 9999)
		for y := y0; y <= y1; y++ {
			var buf [11]Holiday
			for _, h := range appendFederalHolidays(buf[:0], y) {
				if h.Observed.n >= lo && h.Observed.n <= hi && c.holidays&(1<<h.Holiday.index()) != 0 {
					correct(h.Observed)
				}
			}
		}
	}
	// Closures and open days that are not kept holidays (those were corrected above).
	for _, days := range [2][]Date{c.closed, c.open} {
		i, _ := slices.BinarySearchFunc(days, Date{lo}, Date.Compare)
		for ; i < len(days) && days[i].n <= hi; i++ {
			if _, ok := c.keptHoliday(days[i]); !ok {
				correct(days[i])
			}
		}
	}
	return n
}

// legalDate reports whether m-day is h's legal date for a fixed-date holiday; rule-based
// holidays are always on their legal date.
func legalDate(h FederalHoliday, m time.Month, day int) bool {
	switch h {
	case NewYearsDay:
		return m == time.January && day == 1
	case JuneteenthDay:
		return day == 19
	case IndependenceDay:
		return day == 4
	case VeteransDay:
		return day == 11
	case ChristmasDay:
		return day == 25
	}
	return true
}
