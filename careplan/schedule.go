package careplan

import (
	"iter"
	"math/bits"
	"slices"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

// This file is the schedule of a care-plan activity: when it is due. Its peers are FHIR R4
// Timing (Timing.repeat: boundsPeriod, count, period and periodUnit, dayOfWeek, timeOfDay) and
// Apple CareKit's OCKSchedule. The recurrence rules follow RFC 5545 §3.3.10 (iCalendar RRULE)
// except where a care plan needs otherwise; each difference is named where it is made.

// A TimeOfDay is a wall-clock time of day to the minute, with no date and no time zone:
// "08:30", as in FHIR R4 Timing.repeat.timeOfDay (FHIR's time type at minute precision). It
// becomes an instant only with a date and a location ([Occurrence.At]), so that "08:00 every
// day" stays 08:00 on the days clocks change.
//
// The zero TimeOfDay is midnight, 00:00, and is valid. In JSON and text a TimeOfDay is the
// string "HH:MM" ([ParseTimeOfDay]).
type TimeOfDay struct {
	Hour   int // 0 to 23
	Minute int // 0 to 59
}

// schedTimeRule is the rule a TimeOfDay must keep, as stated in errors.
const schedTimeRule = "must be a time of day from 00:00 to 23:59"

// ParseTimeOfDay parses a time of day in the form HH:MM on the 24-hour clock, from "00:00" to
// "23:59": exactly two digits, a colon and two digits (FHIR's time type without the seconds;
// write "08:30", not "8:30" or "08:30:00"). Its errors match carecoord.ErrInvalid and do not
// repeat s.
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	if len(s) != 5 || s[2] != ':' || !schedIsDigit(s[0]) || !schedIsDigit(s[1]) || !schedIsDigit(s[3]) || !schedIsDigit(s[4]) {
		return TimeOfDay{}, carecoord.Invalid("", "a time of day must be written HH:MM")
	}
	t := TimeOfDay{Hour: int(s[0]-'0')*10 + int(s[1]-'0'), Minute: int(s[3]-'0')*10 + int(s[4]-'0')}
	if !t.valid() {
		return TimeOfDay{}, carecoord.OutOfRange("", schedTimeRule)
	}
	return t, nil
}

func schedIsDigit(c byte) bool { return '0' <= c && c <= '9' }

func (t TimeOfDay) valid() bool {
	return 0 <= t.Hour && t.Hour <= 23 && 0 <= t.Minute && t.Minute <= 59
}

// minutes returns t as minutes after midnight, which orders times of day.
func (t TimeOfDay) minutes() int { return t.Hour*60 + t.Minute }

// Validate reports whether t is a time from 00:00 to 23:59. The problem has an empty path, so
// that a list nesting it names the element: "times[1]".
func (t TimeOfDay) Validate() error {
	if !t.valid() {
		return carecoord.FieldErrors{carecoord.OutOfRange("", schedTimeRule)}
	}
	return nil
}

// String returns t as "HH:MM" ("08:30"), or "invalid-time" when t is not valid.
func (t TimeOfDay) String() string {
	if !t.valid() {
		return "invalid-time"
	}
	var b [5]byte
	return string(t.appendHHMM(b[:0]))
}

func (t TimeOfDay) appendHHMM(b []byte) []byte {
	return append(b, byte('0'+t.Hour/10), byte('0'+t.Hour%10), ':', byte('0'+t.Minute/10), byte('0'+t.Minute%10))
}

// MarshalText returns t as "HH:MM". A TimeOfDay that is not valid is an error matching
// carecoord.ErrInvalid.
func (t TimeOfDay) MarshalText() ([]byte, error) {
	if !t.valid() {
		return nil, carecoord.OutOfRange("", schedTimeRule)
	}
	return t.appendHHMM(make([]byte, 0, 5)), nil
}

// UnmarshalText parses "HH:MM" as [ParseTimeOfDay] does.
func (t *TimeOfDay) UnmarshalText(b []byte) error {
	p, err := ParseTimeOfDay(string(b))
	if err != nil {
		return err
	}
	*t = p
	return nil
}

// Frequency is the unit a recurring [Schedule] repeats in: every n days, weeks or months. It
// is RFC 5545's FREQ (DAILY, WEEKLY, MONTHLY) and FHIR R4 Timing.repeat.periodUnit
// ([Frequency.FHIRUnit]). A yearly schedule is every 12 months. The zero Frequency is not
// valid; a one-off schedule has none.
type Frequency string

// The frequencies.
const (
	Daily   Frequency = "day"   // every n days, counted from Start
	Weekly  Frequency = "week"  // every n-th week (Monday to Sunday), on given weekdays
	Monthly Frequency = "month" // every n months, on Start's day of the month
)

// Frequencies returns every Frequency, in a new slice.
func Frequencies() []Frequency { return []Frequency{Daily, Weekly, Monthly} }

// IsValid reports whether f is one of [Frequencies].
func (f Frequency) IsValid() bool { return f == Daily || f == Weekly || f == Monthly }

// FHIRUnit returns the FHIR R4 units-of-time code (UCUM) for f, for Timing.repeat.periodUnit:
// "d", "wk" or "mo"; "" when f is not valid.
func (f Frequency) FHIRUnit() string {
	switch f {
	case Daily:
		return "d"
	case Weekly:
		return "wk"
	case Monthly:
		return "mo"
	}
	return ""
}

// schedMaxEvery bounds Schedule.Every: every 1000 days is almost three years and every 1000
// months 83, so anything larger is a mistake (a unit mix-up) rather than a care plan, and the
// bound keeps every date computation far from integer overflow.
const schedMaxEvery = 1000

// A Schedule says on which days, and at which times of day, an activity is due. It is either
// one-off (Every is 0: on Start only) or recurring (every Every days, weeks or months from
// Start, until End or for Count occurrences, whichever comes first). In FHIR R4 terms it is a
// Timing whose repeat has boundsPeriod (Start, End), count (Count), period and periodUnit
// (Every, Unit), dayOfWeek (Weekdays) and timeOfDay (Times).
//
// The days a recurring schedule falls on:
//
//   - Daily: Start, Start+n, Start+2n, … days.
//   - Weekly: weeks run Monday to Sunday (ISO 8601; RFC 5545 with its default WKST=MO) and are
//     counted from the week that holds Start; the schedule falls on the given Weekdays of
//     weeks 0, n, 2n, …, never before Start. So "every 2 weeks on Monday and Thursday" starting
//     on a Wednesday begins with that week's Thursday, then Monday and Thursday two weeks on.
//   - Monthly: the k-th day is Start.AddMonths(k*n), always computed from Start, on Start's day
//     of the month or, in a month too short for it, the month's last day: a schedule from
//     31 January falls on 29 February 2024, 31 March, 30 April, and never drifts to the 29th.
//     RFC 5545 §3.3.10 would skip a month with no such day ("recurrence instances with an
//     invalid date … MUST be ignored and MUST NOT be counted"); a care plan clamps instead,
//     because a monthly call or injection must not silently vanish in short months.
//
// Start is the first day the schedule is in force, not necessarily an occurrence: a weekly
// schedule whose Weekdays do not include Start's weekday first falls on the next such day.
// (RFC 5545 counts DTSTART as the first instance, and leaves the set undefined when DTSTART
// does not match the rule, §3.8.5.3; a care plan's start day is often not a due day.) On each day it falls on, the schedule
// has one occurrence per entry of Times, in time order, or a single untimed occurrence when
// Times is empty.
//
// The zero Schedule is not valid (it has no Start); [Schedule.Validate] says why. A Schedule
// holds slices: treat it as a value and do not modify them after handing it over.
type Schedule struct {
	// Start is the first day of the schedule, and the day of a one-off. Required.
	Start civil.Date `json:"start"`
	// Every is the interval: 0 for a one-off on Start, n >= 1 for every n Units. At most 1000.
	Every int `json:"every,omitempty"`
	// Unit is what Every counts; required when Every >= 1 and not allowed for a one-off.
	Unit Frequency `json:"unit,omitempty"`
	// Weekdays are the days of the week a weekly schedule falls on, in any order, each once
	// (in JSON 0 is Sunday … 6 is Saturday, as time.Weekday). Empty means Start's weekday.
	// Allowed only with Unit Weekly.
	Weekdays []time.Weekday `json:"weekdays,omitempty"`
	// Times are the times of day of each day's occurrences, in any order, each once. Empty
	// means one untimed occurrence a day (due some time that day).
	Times []TimeOfDay `json:"times,omitempty"`
	// End is the last day the schedule can fall on (inclusive), or zero for no end date. Not
	// before Start; not allowed for a one-off.
	End civil.Date `json:"end,omitzero"`
	// Count is the total number of occurrences, counted from Start with each time of day
	// counting one (FHIR Timing.repeat.count), or 0 for no limit. With End as well, the
	// schedule stops at whichever comes first. Not allowed for a one-off.
	Count int `json:"count,omitempty"`
}

// recurring reports whether s means to repeat (an interval or a unit is set), so that the
// rules of recurring schedules apply to it.
func (s Schedule) recurring() bool { return s.Every > 0 || s.Unit != "" }

// Validate reports every problem with s as carecoord.FieldErrors, with paths "start",
// "every", "unit", "weekdays[i]", "times[i]", "end" and "count". The rules: Start is set and
// valid; Every is from 0 to 1000, and not 0 when Unit is set (a zero interval: "every 0
// weeks" never repeats, so it is an error at "every", not a one-off); Unit is set, and one of
// [Frequencies], when Every is at least 1; Weekdays only for a weekly schedule, each a real
// weekday, none twice; Times valid, none twice; End valid and not before Start; Count not
// negative; a one-off has no Unit, Weekdays, End or Count (FieldNotAllowed).
//
// Validate does not allocate when s is valid.
func (s Schedule) Validate() error { return s.validate() }

// validate is Validate without copying the schedule.
func (s *Schedule) validate() error {
	var errs carecoord.FieldErrors
	switch {
	case s.Start.IsZero():
		errs.Add(carecoord.Required("start", "must be set"))
	case !s.Start.IsValid():
		errs.Add(carecoord.Invalid("start", "must be a date from 0001-01-01 to 9999-12-31"))
	}
	recurring := s.recurring()
	switch {
	case s.Every < 0:
		errs.Add(carecoord.OutOfRange("every", "must not be negative"))
	case s.Every > schedMaxEvery:
		errs.Add(carecoord.OutOfRange("every", "must be at most 1000"))
	case s.Every == 0 && s.Unit != "":
		errs.Add(carecoord.Invalid("every", "must be at least 1 when unit is set: a zero interval never repeats"))
	}
	switch {
	case !recurring:
	case s.Unit == "":
		errs.Add(carecoord.Required("unit", "must be set for a recurring schedule"))
	case !s.Unit.IsValid():
		errs.Add(carecoord.NotSupported("unit", Frequencies()...))
	}
	switch {
	case len(s.Weekdays) == 0:
	case !recurring:
		errs.Add(carecoord.NotAllowed("weekdays", "must not be set for a one-off schedule"))
	case s.Unit.IsValid() && s.Unit != Weekly:
		errs.Add(carecoord.NotAllowed("weekdays", "must be set only for a weekly schedule"))
	default:
		var seen uint8
		for i, wd := range s.Weekdays {
			switch {
			case wd < time.Sunday || wd > time.Saturday:
				errs.Add(carecoord.OutOfRange(carecoord.Path("weekdays", i), "must be a weekday from 0 (Sunday) to 6 (Saturday)"))
			case seen&(1<<wd) != 0:
				errs.Add(carecoord.Duplicate(carecoord.Path("weekdays", i), "must not repeat a weekday"))
			default:
				seen |= 1 << wd
			}
		}
	}
	if len(s.Times) > 0 {
		var seen [(24*60 + 63) / 64]uint64 // one bit per minute of the day
		for i, t := range s.Times {
			if !t.valid() {
				errs.Add(carecoord.OutOfRange(carecoord.Path("times", i), schedTimeRule))
				continue
			}
			m := t.minutes()
			if seen[m/64]&(1<<(m%64)) != 0 {
				errs.Add(carecoord.Duplicate(carecoord.Path("times", i), "must not repeat a time of day"))
			}
			seen[m/64] |= 1 << (m % 64)
		}
	}
	switch {
	case s.End.IsZero():
	case !recurring:
		errs.Add(carecoord.NotAllowed("end", "must not be set for a one-off schedule"))
	case !s.End.IsValid():
		errs.Add(carecoord.Invalid("end", "must be a date from 0001-01-01 to 9999-12-31"))
	case s.Start.IsValid() && s.End.Before(s.Start):
		errs.Add(carecoord.Invalid("end", "must not be before start"))
	}
	switch {
	case s.Count < 0:
		errs.Add(carecoord.OutOfRange("count", "must not be negative"))
	case s.Count > 0 && !recurring:
		errs.Add(carecoord.NotAllowed("count", "must not be set for a one-off schedule"))
	}
	return errs.Err()
}

// An Occurrence is one time an activity is due: a day, and a time of day unless the
// schedule has none. Its [Occurrence.Key] identifies it for good.
//
// In JSON and text an Occurrence is its key, "2025-06-01" or "2025-06-01T08:00", so an
// outcome stored with its occurrence reads {"occurrence": "2025-06-01T08:00", …}.
//
// The zero Occurrence is not an occurrence of any schedule, and has no text form.
// Occurrences compare with ==.
type Occurrence struct {
	// Date is the day.
	Date civil.Date
	// Time is the time of day when Timed, and zero otherwise.
	Time TimeOfDay
	// Timed is false for an untimed occurrence (the schedule has no Times): due some time
	// on Date.
	Timed bool
}

// Key returns the occurrence's stable key: "YYYY-MM-DD" for an untimed occurrence and
// "YYYY-MM-DDTHH:MM" for a timed one (ISO 8601 local date and time, no zone). Outcomes are
// recorded against this slot (the key, or the Occurrence itself, its parsed form), never
// against an occurrence's position in a list: CareKit
// attaches an outcome to a task's occurrence index, so a schedule change re-assigns or hides
// outcomes already recorded (carekit-apple/CareKit#655). A key names the same slot whatever
// the schedule later becomes, and its first ten characters are always the date.
func (o Occurrence) Key() string {
	var b [16]byte
	k, err := o.Date.AppendText(b[:0])
	if err != nil {
		k = append(k, o.Date.String()...)
	}
	if o.Timed {
		k = append(k, 'T')
		if o.Time.valid() {
			k = o.Time.appendHHMM(k)
		} else {
			k = append(k, "invalid-time"...)
		}
	}
	return string(k)
}

// MarshalText returns o's key ([Occurrence.Key]). An occurrence whose date is not valid, or
// whose time is not valid when it is timed, is an error matching carecoord.ErrInvalid.
func (o Occurrence) MarshalText() ([]byte, error) {
	if !o.Date.IsValid() {
		return nil, carecoord.Invalid("", "an occurrence must have a valid date")
	}
	if o.Timed && !o.Time.valid() {
		return nil, carecoord.OutOfRange("", schedTimeRule)
	}
	return []byte(o.Key()), nil
}

// UnmarshalText parses an occurrence key: "YYYY-MM-DD" for an untimed occurrence or
// "YYYY-MM-DDTHH:MM" for a timed one, as [Occurrence.Key] writes them. Its errors match
// carecoord.ErrInvalid and do not repeat the text.
func (o *Occurrence) UnmarshalText(b []byte) error {
	if len(b) != 10 && (len(b) != 16 || b[10] != 'T') {
		return carecoord.Invalid("", "an occurrence key must be YYYY-MM-DD or YYYY-MM-DDTHH:MM")
	}
	d, err := civil.Parse(string(b[:10]))
	if err != nil {
		return err
	}
	p := Occurrence{Date: d}
	if len(b) == 16 {
		if p.Time, err = ParseTimeOfDay(string(b[11:])); err != nil {
			return err
		}
		p.Timed = true
	}
	*o = p
	return nil
}

// At returns the instant the occurrence is due in loc (nil means UTC): its time of day on its
// date, or midnight at the start of the day for an untimed occurrence. Because the date and
// time are wall-clock values, "08:00 every day" is 08:00 local on both sides of a daylight
// saving change, and the instants of consecutive days are 23 or 25 hours apart across one. A
// time that does not exist that day (02:30 when clocks spring forward) or exists twice (01:30
// when they fall back) gives the instant time.Date gives: correct in one of the two offsets,
// without promising which.
func (o Occurrence) At(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := o.Date.YMD()
	if !o.Timed {
		return time.Date(y, m, d, 0, 0, 0, 0, loc)
	}
	return time.Date(y, m, d, o.Time.Hour, o.Time.Minute, 0, 0, loc)
}

// Occurrences returns the schedule's occurrences on the days of window (both ends included),
// in order: by day, then by time of day. Only days from Start through End are considered,
// and Count is counted from Start even when the window starts later. A schedule that fails
// [Schedule.Validate], and an empty window, have no occurrences. The result is new and
// depends on nothing but s and window.
//
// The cost grows with the number of occurrences returned, not with the distance from Start
// to the window: the first day in the window, and the number of occurrences before it, are
// computed arithmetically.
func (s Schedule) Occurrences(window civil.Range) []Occurrence {
	if s.Validate() != nil {
		return nil
	}
	c, ok := s.schedCursor(window)
	if !ok {
		return nil
	}
	out := make([]Occurrence, 0, c.estimate())
	c.run(func(o Occurrence) bool { out = append(out, o); return true })
	return out
}

// All returns an iterator over the occurrences that [Schedule.Occurrences] returns, in the
// same order. Iterating allocates nothing when Times are in ascending order (otherwise it
// sorts a copy of them once per iteration).
func (s Schedule) All(window civil.Range) iter.Seq[Occurrence] {
	return func(yield func(Occurrence) bool) {
		if c, ok := s.schedCursor(window); ok && s.Validate() == nil {
			c.run(yield)
		}
	}
}

// A schedCursor is a valid schedule clipped to a window: everything needed to produce its
// occurrences from the first one in the window.
type schedCursor struct {
	s      Schedule
	lo, hi civil.Date // the days to produce, lo <= hi
	times  []TimeOfDay
	// mask holds a weekly schedule's weekdays, bit 0 for Monday … bit 6 for Sunday.
	mask uint8
	// remaining is how many occurrences Count still allows, or -1 when there is no Count.
	remaining int
	// stopped is set when the consumer's yield returned false.
	stopped bool

	// The position of next: whether it has started, the current day and its slot (index into
	// times), k (the day's index for daily and monthly schedules, its weekday for weekly ones,
	// 0 for Monday) and, for weekly schedules, the Monday of the day's week.
	started bool
	day     civil.Date
	slot    int
	k       int
	monday  civil.Date
}

// schedCursor clips s, which must be valid, to window. It reports false when nothing of s can
// fall in the window.
func (s *Schedule) schedCursor(window civil.Range) (schedCursor, bool) {
	if window.IsEmpty() {
		return schedCursor{}, false
	}
	c := schedCursor{s: *s, lo: window.Start, hi: window.End, times: s.Times, remaining: -1}
	if c.lo.Before(s.Start) {
		c.lo = s.Start
	}
	if s.recurring() && !s.End.IsZero() && s.End.Before(c.hi) {
		c.hi = s.End
	}
	if c.hi.Before(c.lo) {
		return schedCursor{}, false
	}
	if s.Unit == Weekly {
		if len(s.Weekdays) == 0 {
			c.mask = 1 << schedMondayIndex(s.Start.Weekday())
		}
		for _, wd := range s.Weekdays {
			c.mask |= 1 << schedMondayIndex(wd)
		}
	}
	if s.Count > 0 {
		done := c.daysBefore() * max(1, len(s.Times))
		if done >= s.Count {
			return schedCursor{}, false
		}
		c.remaining = s.Count - done
	}
	if len(c.times) > 1 && !slices.IsSortedFunc(c.times, schedCompareTimes) {
		c.times = slices.SortedFunc(slices.Values(c.times), schedCompareTimes)
	}
	return c, true
}

func schedCompareTimes(a, b TimeOfDay) int { return a.minutes() - b.minutes() }

// schedMondayIndex returns wd's position in an ISO week: 0 for Monday … 6 for Sunday.
func schedMondayIndex(wd time.Weekday) int { return (int(wd) + 6) % 7 }

// monday0 returns the Monday of the week holding Start. It is a valid date: 0001-01-01, the
// first supported day, was a Monday.
func (c *schedCursor) monday0() civil.Date {
	return c.s.Start.AddDays(-schedMondayIndex(c.s.Start.Weekday()))
}

// firstIndex returns, for a daily or monthly schedule, the index k of the first day on or
// after c.lo (day k is Start plus k*Every days or months). It is also the number of days the
// schedule falls on from Start to the day before c.lo.
func (c *schedCursor) firstIndex() int {
	n := c.s.Every
	switch c.s.Unit {
	case Daily:
		return (c.lo.DaysSince(c.s.Start) + n - 1) / n
	case Monthly:
		months := (c.lo.Year()-c.s.Start.Year())*12 + int(c.lo.Month()) - int(c.s.Start.Month())
		k := months / n
		if c.s.Start.AddMonths(k * n).Before(c.lo) {
			k++ // day k is in lo's month (or before it) but before lo; day k+1 is in a later month
		}
		return k
	}
	return 0
}

// daysBefore returns the number of days the schedule falls on from Start through the day
// before c.lo.
func (c *schedCursor) daysBefore() int {
	switch c.s.Unit {
	case Daily, Monthly:
		return c.firstIndex()
	case Weekly:
		m := c.monday0()
		return schedWeeklyUpTo(c.lo.DaysSince(m)-1, c.s.Every, c.mask) -
			schedWeeklyUpTo(c.s.Start.DaysSince(m)-1, c.s.Every, c.mask)
	}
	if c.lo.After(c.s.Start) { // a one-off
		return 1
	}
	return 0
}

// schedWeeklyUpTo returns how many days from the Monday of week 0 through that Monday plus o
// days fall in weeks 0, n, 2n, … on the weekdays of mask (bit 0 for Monday).
func schedWeeklyUpTo(o, n int, mask uint8) int {
	if o < 0 {
		return 0
	}
	w, r := o/7, o%7
	c := (w + n - 1) / n * bits.OnesCount8(mask) // whole active weeks before week w
	if w%n == 0 {
		c += bits.OnesCount8(mask & (1<<(r+1) - 1))
	}
	return c
}

// estimate returns about how many occurrences run produces (an upper bound, but not more than
// a few thousand), to size a slice.
func (c *schedCursor) estimate() int {
	span := c.hi.DaysSince(c.lo) + 1
	days := 1
	switch c.s.Unit {
	case Daily:
		days = span/c.s.Every + 1
	case Weekly:
		days = (span/(7*c.s.Every) + 2) * bits.OnesCount8(c.mask)
	case Monthly:
		days = span/(28*c.s.Every) + 2
	}
	n := days * max(1, len(c.times))
	if c.remaining >= 0 {
		n = min(n, c.remaining)
	}
	return min(n, 4096)
}

// run yields the occurrences from c.lo through c.hi in order, until Count is used up or yield
// returns false. It reports whether yield never returned false.
func (c *schedCursor) run(yield func(Occurrence) bool) bool {
	for o, ok := c.next(); ok; o, ok = c.next() {
		if !yield(o) {
			c.stopped = true
			return false
		}
	}
	return true
}

// next returns the cursor's next occurrence and advances past it; ok is false once the days
// through c.hi or the occurrences Count allows are used up. It is the pull form of run, for
// loops that merge occurrences with other sorted data without a callback per occurrence.
func (c *schedCursor) next() (o Occurrence, ok bool) {
	if c.remaining == 0 {
		return Occurrence{}, false
	}
	if !c.started {
		c.started = true
		if !c.firstDay() {
			c.remaining = 0
			return Occurrence{}, false
		}
	} else if c.slot++; c.slot >= max(1, len(c.times)) {
		c.slot = 0
		if !c.nextDay() {
			c.remaining = 0
			return Occurrence{}, false
		}
	}
	if c.remaining > 0 {
		c.remaining--
	}
	if len(c.times) == 0 {
		return Occurrence{Date: c.day}, true
	}
	return Occurrence{Date: c.day, Time: c.times[c.slot], Timed: true}, true
}

// firstDay sets c.day to the schedule's first day from c.lo through c.hi, and reports
// whether there is one.
func (c *schedCursor) firstDay() bool {
	n := c.s.Every
	switch c.s.Unit {
	case Daily:
		c.k = c.firstIndex()
		c.day = c.s.Start.AddDays(c.k * n)
	case Monthly:
		c.k = c.firstIndex()
		c.day = c.s.Start.AddMonths(c.k * n)
	case Weekly:
		c.monday = c.monday0()
		w := c.lo.DaysSince(c.monday) / 7
		if r := w % n; r != 0 {
			w += n - r // the next active week
		}
		c.monday = c.monday.AddDays(w * 7)
		c.k = -1 // before Monday: nextDay finds the week's first day on the schedule
		for {
			if !c.nextDay() {
				return false
			}
			if !c.day.Before(c.lo) {
				return true
			}
		}
	default: // a one-off; c.lo is Start when Start is in the window
		if c.lo != c.s.Start {
			return false
		}
		c.day = c.lo
	}
	return c.day.IsValid() && !c.day.After(c.hi)
}

// nextDay moves c.day to the schedule's next day and reports whether it is still on or before
// c.hi. For a weekly schedule c.monday is the Monday of c.day's week and c.k its index in the
// week (0 for Monday).
func (c *schedCursor) nextDay() bool {
	n := c.s.Every
	switch c.s.Unit {
	case Daily:
		c.day = c.day.AddDays(n)
	case Monthly:
		c.k++
		c.day = c.s.Start.AddMonths(c.k * n)
	case Weekly:
		// The weekdays after k in this week; when none is left, the first in the next
		// active week.
		if later := c.mask >> (c.k + 1) << (c.k + 1); c.k < 6 && later != 0 {
			c.k = bits.TrailingZeros8(later)
		} else {
			c.monday = c.monday.AddDays(7 * n)
			c.k = bits.TrailingZeros8(c.mask)
		}
		if !c.monday.IsValid() {
			return false
		}
		c.day = c.monday.AddDays(c.k)
	default:
		return false
	}
	return c.day.IsValid() && !c.day.After(c.hi)
}

// A ScheduleVersion is a schedule in force from a day: from From (inclusive) until the From of
// the next version (exclusive), or for good when it is the last.
//
// The zero ScheduleVersion is not valid.
type ScheduleVersion struct {
	// From is the first day this version is in force. Required.
	From civil.Date `json:"from"`
	// Schedule is the schedule in force. It contributes only occurrences on days from From
	// until the next version's From, whatever its own Start: a Start before From keeps the
	// schedule's rhythm (every other day counted from its Start, Count counted from its Start)
	// and a Start after From leaves a pause with no occurrences.
	Schedule Schedule `json:"schedule"`
	// At and By record when and by whom this version was made ([Reschedule] sets them); both
	// zero for the schedule an activity was created with.
	At time.Time       `json:"at,omitzero"`
	By carecoord.Actor `json:"by,omitzero"`
}

// Schedules is the history of an activity's schedule: versions ordered by From, each in
// force until the next one's From. Each day is judged by the version in force on it, so
// changing the schedule from day D ([Schedules.Change]) leaves every occurrence before D, and
// its key, exactly as it was, and the outcomes recorded against them keep counting. (CareKit's
// versioned tasks have the same effective-date idea, but its outcomes point at occurrence
// indexes that a new version renumbers: carekit-apple/CareKit#655.)
//
// The zero (nil) Schedules has no versions and no occurrences: an unscheduled activity. It is
// valid.
type Schedules []ScheduleVersion

// Validate reports every problem with v as carecoord.FieldErrors, with paths "[i].from" and,
// for each version's schedule, "[i].schedule." followed by the [Schedule.Validate] path. Each
// From is set and valid, and after the previous version's From. No version's Schedule needs
// to start on its From (see [ScheduleVersion]). Validate does not allocate when v is valid.
func (v Schedules) Validate() error {
	var errs carecoord.FieldErrors
	for i := range v {
		sv := &v[i]
		switch {
		case sv.From.IsZero():
			errs.Add(carecoord.Required(carecoord.Path(i, "from"), "must be set"))
		case !sv.From.IsValid():
			errs.Add(carecoord.Invalid(carecoord.Path(i, "from"), "must be a date from 0001-01-01 to 9999-12-31"))
		case i > 0 && v[i-1].From.IsValid() && !sv.From.After(v[i-1].From):
			errs.Add(carecoord.Invalid(carecoord.Path(i, "from"), "must be after the previous version's from"))
		}
		if err := sv.Schedule.validate(); err != nil {
			errs.Nest(carecoord.Path(i, "schedule"), err)
		}
		if !sv.By.IsZero() {
			errs.Nest(carecoord.Path(i, "by"), sv.By.Validate())
		}
	}
	return errs.Err()
}

// At returns the schedule in force on day d: that of the last version whose From is on or
// before d. It reports false when d is before the first version, when v is empty, and when v
// fails [Schedules.Validate].
func (v Schedules) At(d civil.Date) (Schedule, bool) {
	if !d.IsValid() || v.Validate() != nil {
		return Schedule{}, false
	}
	i, found := slices.BinarySearchFunc(v, d, func(sv ScheduleVersion, d civil.Date) int { return sv.From.Compare(d) })
	if found {
		return v[i].Schedule, true
	}
	if i == 0 {
		return Schedule{}, false
	}
	return v[i-1].Schedule, true
}

// Change returns the schedule history with s in force from day from: the versions that
// start before from are kept as they are, the ones that start on or after it are dropped,
// and {from, s} is added last. Changing "from tomorrow" therefore keeps today and every day
// before it as they were. v is not modified: the result never shares v's backing array.
//
// Change does not validate; call [Schedules.Validate] on the result. A from on or before the
// first version's From replaces the whole history, occurrences already due included: a caller
// that has recorded outcomes must choose from after the last of them.
func (v Schedules) Change(from civil.Date, s Schedule) Schedules {
	out := make(Schedules, 0, len(v)+1)
	for _, sv := range v {
		if sv.From.Before(from) {
			out = append(out, sv)
		}
	}
	return append(out, ScheduleVersion{From: from, Schedule: s})
}

// Occurrences returns the occurrences on the days of window (both ends included), in order,
// each day's taken from the version in force that day (see [Schedule.Occurrences] for one
// version). Schedules that fail [Schedules.Validate] have no occurrences.
func (v Schedules) Occurrences(window civil.Range) []Occurrence {
	if v.Validate() != nil {
		return nil
	}
	var cs [4]schedCursor // the versions overlapping window; most windows see one or two
	cursors, total := cs[:0], 0
	for i := range v {
		if c, ok := v.schedCursor(i, window); ok {
			cursors = append(cursors, c)
			total += c.estimate()
		}
	}
	if len(cursors) == 0 {
		return nil
	}
	out := make([]Occurrence, 0, min(total, 4096))
	for i := range cursors {
		cursors[i].run(func(o Occurrence) bool { out = append(out, o); return true })
	}
	return out
}

// All returns an iterator over the occurrences that [Schedules.Occurrences] returns, in the
// same order. Iterating allocates nothing when each version's Times are in ascending order.
func (v Schedules) All(window civil.Range) iter.Seq[Occurrence] {
	return func(yield func(Occurrence) bool) {
		if v.Validate() != nil {
			return
		}
		for i := range v {
			if c, ok := v.schedCursor(i, window); ok && !c.run(yield) {
				return
			}
		}
	}
}

// schedCursor returns a cursor over version i clipped to window and to the days the version
// is in force, and reports false when it can have no occurrences there. v must be valid.
func (v Schedules) schedCursor(i int, window civil.Range) (schedCursor, bool) {
	span := window
	if span.Start.Before(v[i].From) {
		span.Start = v[i].From
	}
	if i+1 < len(v) {
		if last := v[i+1].From.AddDays(-1); last.Before(span.End) {
			span.End = last
		}
	}
	return v[i].Schedule.schedCursor(span)
}

// clone returns a deep copy of v: no slice is shared with v.
func (v Schedules) clone() Schedules {
	if v == nil {
		return nil
	}
	out := slices.Clone(v)
	for i := range out {
		out[i].Schedule.Weekdays = slices.Clone(out[i].Schedule.Weekdays)
		out[i].Schedule.Times = slices.Clone(out[i].Schedule.Times)
	}
	return out
}
