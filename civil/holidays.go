package civil

import "time"

// A FederalHoliday is one of the eleven legal public holidays of 5 U.S.C. § 6103(a).
// The zero FederalHoliday is not valid.
type FederalHoliday string

// The federal holidays, in calendar order. The statute fixes seven by rule (a weekday of a
// month) and four by date; the dates are observed under OPM's rule for a Monday-to-Friday
// work week: a holiday on a Saturday is observed on the Friday before, one on a Sunday on
// the Monday after (5 U.S.C. § 6103(b) and Executive Order 11582). Inauguration Day, a
// holiday only for federal employees around Washington DC, is not among them.
const (
	NewYearsDay         FederalHoliday = "new-years-day"          // January 1
	MartinLutherKingDay FederalHoliday = "martin-luther-king-day" // third Monday in January, from 1986
	WashingtonsBirthday FederalHoliday = "washingtons-birthday"   // third Monday in February ("Presidents Day")
	MemorialDay         FederalHoliday = "memorial-day"           // last Monday in May
	JuneteenthDay       FederalHoliday = "juneteenth"             // June 19, from 2021
	IndependenceDay     FederalHoliday = "independence-day"       // July 4
	LaborDay            FederalHoliday = "labor-day"              // first Monday in September
	ColumbusDay         FederalHoliday = "columbus-day"           // second Monday in October
	VeteransDay         FederalHoliday = "veterans-day"           // November 11
	ThanksgivingDay     FederalHoliday = "thanksgiving-day"       // fourth Thursday in November
	ChristmasDay        FederalHoliday = "christmas-day"          // December 25
)

// AllFederalHolidays returns the eleven federal holidays in calendar order, in a new slice.
func AllFederalHolidays() []FederalHoliday {
	return []FederalHoliday{NewYearsDay, MartinLutherKingDay, WashingtonsBirthday, MemorialDay,
		JuneteenthDay, IndependenceDay, LaborDay, ColumbusDay, VeteransDay, ThanksgivingDay, ChristmasDay}
}

// index returns h's position in AllFederalHolidays, or -1.
func (h FederalHoliday) index() int {
	switch h {
	case NewYearsDay:
		return 0
	case MartinLutherKingDay:
		return 1
	case WashingtonsBirthday:
		return 2
	case MemorialDay:
		return 3
	case JuneteenthDay:
		return 4
	case IndependenceDay:
		return 5
	case LaborDay:
		return 6
	case ColumbusDay:
		return 7
	case VeteransDay:
		return 8
	case ThanksgivingDay:
		return 9
	case ChristmasDay:
		return 10
	}
	return -1
}

// IsValid reports whether h is one of the eleven federal holidays.
func (h FederalHoliday) IsValid() bool { return h.index() >= 0 }

// Name returns the holiday's name as 5 U.S.C. § 6103(a) gives it, e.g. "Washington's Birthday".
func (h FederalHoliday) Name() string {
	switch h {
	case NewYearsDay:
		return "New Year's Day"
	case MartinLutherKingDay:
		return "Birthday of Martin Luther King, Jr."
	case WashingtonsBirthday:
		return "Washington's Birthday"
	case MemorialDay:
		return "Memorial Day"
	case JuneteenthDay:
		return "Juneteenth National Independence Day"
	case IndependenceDay:
		return "Independence Day"
	case LaborDay:
		return "Labor Day"
	case ColumbusDay:
		return "Columbus Day"
	case VeteransDay:
		return "Veterans Day"
	case ThanksgivingDay:
		return "Thanksgiving Day"
	case ChristmasDay:
		return "Christmas Day"
	}
	return ""
}

// A Holiday is one federal holiday in one year: the legal date the statute gives and the
// day observed in its place when that date falls on a weekend. [FederalHolidays] returns them;
// the zero Holiday is none.
type Holiday struct {
	Holiday  FederalHoliday
	Date     Date // the legal date, e.g. 2026-07-04
	Observed Date // the day off, e.g. Friday 2026-07-03
}

// FederalHolidays returns the federal holidays of year in calendar order: eleven from 2021,
// ten from 1986 to 2020 (no Juneteenth), nine before 1986 (no Martin Luther King Day).
// New Year's Day of a year can be observed on 31 December of the year before (2022's on
// 2021-12-31). The rules are those in force since 1978, when Veterans Day returned to
// November 11; earlier years get the same rules, which history did not follow.
// It returns nil for a year outside 1 to 9999.
func FederalHolidays(year int) []Holiday {
	var buf [11]Holiday
	hs := appendFederalHolidays(buf[:0], year)
	if len(hs) == 0 {
		return nil
	}
	return append([]Holiday(nil), hs...)
}

// appendFederalHolidays appends year's holidays to dst without allocating when dst has room.
func appendFederalHolidays(dst []Holiday, year int) []Holiday {
	if year < 1 || year > 9999 {
		return dst
	}
	fixed := func(h FederalHoliday, m time.Month, day int) Holiday {
		d := date(year, m, day)
		obs := d
		switch d.Weekday() {
		case time.Saturday:
			obs = d.AddDays(-1)
		case time.Sunday:
			obs = d.AddDays(1)
		}
		return Holiday{Holiday: h, Date: d, Observed: obs}
	}
	byRule := func(h FederalHoliday, d Date) Holiday { return Holiday{Holiday: h, Date: d, Observed: d} }
	dst = append(dst, fixed(NewYearsDay, time.January, 1))
	if year >= 1986 {
		dst = append(dst, byRule(MartinLutherKingDay, nthWeekday(year, time.January, time.Monday, 3)))
	}
	dst = append(dst,
		byRule(WashingtonsBirthday, nthWeekday(year, time.February, time.Monday, 3)),
		byRule(MemorialDay, lastWeekday(year, time.May, time.Monday)))
	if year >= 2021 {
		dst = append(dst, fixed(JuneteenthDay, time.June, 19))
	}
	return append(dst,
		fixed(IndependenceDay, time.July, 4),
		byRule(LaborDay, nthWeekday(year, time.September, time.Monday, 1)),
		byRule(ColumbusDay, nthWeekday(year, time.October, time.Monday, 2)),
		fixed(VeteransDay, time.November, 11),
		byRule(ThanksgivingDay, nthWeekday(year, time.November, time.Thursday, 4)),
		fixed(ChristmasDay, time.December, 25))
}

// nthWeekday returns the nth (1-based) weekday wd of month m in year y.
func nthWeekday(y int, m time.Month, wd time.Weekday, n int) Date {
	first := date(y, m, 1)
	return first.AddDays((int(wd)-int(first.Weekday())+7)%7 + 7*(n-1))
}

// lastWeekday returns the last weekday wd of month m in year y.
func lastWeekday(y int, m time.Month, wd time.Weekday) Date {
	last := date(y, m, daysIn(y, m))
	return last.AddDays(-((int(last.Weekday()) - int(wd) + 7) % 7))
}

// FederalHolidayOn reports whether d is the observed day of a federal holiday, and which.
// It gives the same answers as [FederalHolidays] without building the year's list, and does
// not allocate.
func FederalHolidayOn(d Date) (FederalHoliday, bool) {
	if inTable, holiday := holidayInTable(d); inTable && !holiday {
		return "", false
	}
	return holidayByRules(d)
}

//go:generate go run ./internal/holidaygen

// holidayInTable looks d up in the generated bitmap of observed federal holidays
// (holidaytable.go, 1900–2199): inTable reports whether the table covers d, and holiday
// whether d is an observed holiday there. Most days are not holidays, and this answers for
// them without working out the day's month and weekday.
func holidayInTable(d Date) (inTable, holiday bool) {
	i := uint32(d.n) - holidayTableFirst
	if d.n < holidayTableFirst || i >= holidayTableDays {
		return false, false
	}
	return true, holidayBits[i>>3]&(1<<(i&7)) != 0
}

// isFederalHoliday reports whether d is the observed day of any federal holiday.
func isFederalHoliday(d Date) bool {
	if inTable, holiday := holidayInTable(d); inTable {
		return holiday
	}
	_, ok := holidayByRules(d)
	return ok
}

// holidayByRules is FederalHolidayOn worked out from the statute's rules for d's month.
func holidayByRules(d Date) (FederalHoliday, bool) {
	if !d.IsValid() {
		return "", false
	}
	y, m, day := d.YMD()
	wd := d.Weekday()
	// observedOn reports whether day is the observed day of a fixed holiday on day h of this
	// month: h itself on a weekday, the Friday before a Saturday h, the Monday after a Sunday h.
	observedOn := func(h int) bool {
		switch day {
		case h:
			return wd != time.Saturday && wd != time.Sunday
		case h - 1:
			return wd == time.Friday
		case h + 1:
			return wd == time.Monday
		}
		return false
	}
	switch m {
	case time.January:
		if observedOn(1) {
			return NewYearsDay, true
		}
		if y >= 1986 && wd == time.Monday && day >= 15 && day <= 21 {
			return MartinLutherKingDay, true
		}
	case time.February:
		if wd == time.Monday && day >= 15 && day <= 21 {
			return WashingtonsBirthday, true
		}
	case time.May:
		if wd == time.Monday && day >= 25 {
			return MemorialDay, true
		}
	case time.June:
		if y >= 2021 && observedOn(19) {
			return JuneteenthDay, true
		}
	case time.July:
		if observedOn(4) {
			return IndependenceDay, true
		}
	case time.September:
		if wd == time.Monday && day <= 7 {
			return LaborDay, true
		}
	case time.October:
		if wd == time.Monday && day >= 8 && day <= 14 {
			return ColumbusDay, true
		}
	case time.November:
		if observedOn(11) {
			return VeteransDay, true
		}
		if wd == time.Thursday && day >= 22 && day <= 28 {
			return ThanksgivingDay, true
		}
	case time.December:
		if observedOn(25) {
			return ChristmasDay, true
		}
		if day == 31 && wd == time.Friday && y < 9999 { // next New Year's Day is a Saturday
			return NewYearsDay, true
		}
	}
	return "", false
}
