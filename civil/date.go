package civil

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/carecoord/carecoord"
)

// A Date is a day in the proleptic Gregorian calendar, with no time zone, between
// 0001-01-01 and 9999-12-31: the range of the YYYY-MM-DD form of FHIR's date type
// and of ISO 8601 without expansion.
//
// The zero Date means "not set"; it is not valid. Arithmetic that leaves the supported
// range gives an invalid Date (IsValid reports false, MarshalText fails), and arithmetic
// on an invalid Date gives an invalid Date, so an overflow is never a silently wrong day.
// Dates compare with ==, [Date.Compare], [Date.Before] and [Date.After]; go-cmp uses
// [Date.Equal].
type Date struct {
	// n is the day number: 1 is 0001-01-01, maxDay is 9999-12-31, 0 is the zero Date, and
	// anything else is out of range (invalidDay after overflow).
	n int32
}

const (
	// unixDay1 is the day number of 1970-01-01 (days since 0001-01-01, plus one).
	unixDay1 = 719163
	// maxDay is the day number of 9999-12-31.
	maxDay = 3652059
	// invalidDay marks a Date that arithmetic pushed out of range.
	invalidDay = -1
)

// daysFromCivil returns the number of days from 1970-01-01 to y-m-d in the proleptic
// Gregorian calendar (negative before it), for any y, 1 <= m <= 12 and 1 <= d <= 31.
// It is Howard Hinnant's days_from_civil, with eras of 400 years (146097 days).
func daysFromCivil(y int, m time.Month, d int) int {
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400 // [0, 399]
	mp := (int(m) + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy // [0, 146096]
	return era*146097 + doe - 719468
}

// ymd returns the year, month and day of a valid day number n. It is the algorithm of
// C. Neri and L. Schneider, "Euclidean affine functions and their application to calendar
// algorithms" (Software: Practice and Experience, 2023), on the computational calendar whose
// years start on 1 March, so that the leap day ends the year: a few multiplications and
// shifts instead of a chain of divisions. TestYMDEveryDay checks it against package time for
// every supported day.
func ymd(n int32) (int, time.Month, int) {
	days := uint32(n) + 305 // days since 0000-03-01
	n1 := 4*days + 3
	century := n1 / 146097
	dayOfCentury := n1 % 146097 / 4
	n2 := 4*dayOfCentury + 3
	p2 := uint64(2939745) * uint64(n2)
	yearOfCentury := uint32(p2 >> 32)
	dayOfYear := uint32(p2) / 2939745 / 4 // from 1 March
	n3 := 2141*dayOfYear + 197913
	month := n3 >> 16
	day := (n3&0xFFFF)/2141 + 1
	year := int(100*century + yearOfCentury)
	if dayOfYear >= 306 { // January or February of the next civil year
		year++
		month -= 12
	}
	return year, time.Month(month), int(day)
}

// fromDayNumber returns the Date with day number n, or an invalid Date when n is out of range.
func fromDayNumber(n int64) Date {
	if n < 1 || n > maxDay {
		return Date{invalidDay}
	}
	return Date{int32(n)}
}

// daysIn returns the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// date returns the Date y-m-d without checking it; y, m and d must name a real day.
func date(y int, m time.Month, d int) Date {
	return fromDayNumber(int64(daysFromCivil(y, m, d)) + unixDay1)
}

// NewDate returns the date year-month-day. It returns an error matching
// carecoord.ErrInvalid when the day does not exist (2025-02-29) or the year is outside
// 1 to 9999.
func NewDate(year int, month time.Month, day int) (Date, error) {
	switch {
	case year < 1 || year > 9999:
		return Date{}, errYear
	case month < time.January || month > time.December:
		return Date{}, errMonth
	case day < 1 || day > daysIn(year, month):
		return Date{}, errDay
	}
	return date(year, month, day), nil
}

// DateOf returns the date of t in t's own location. To get the date in another zone, for
// example the facility's, convert first: DateOf(t.In(loc)).
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return date(y, m, d)
}

// YMD returns the year, month and day of d. For the zero or an invalid Date it returns 0, 0, 0.
func (d Date) YMD() (year int, month time.Month, day int) {
	if !d.IsValid() {
		return 0, 0, 0
	}
	return ymd(d.n)
}

// Year returns d's year (0 for the zero or an invalid Date).
func (d Date) Year() int { y, _, _ := d.YMD(); return y }

// Month returns d's month (0 for the zero or an invalid Date).
func (d Date) Month() time.Month { _, m, _ := d.YMD(); return m }

// Day returns d's day of the month (0 for the zero or an invalid Date).
func (d Date) Day() int { _, _, day := d.YMD(); return day }

// Weekday returns d's day of the week. It is meaningless for the zero or an invalid Date,
// for which it returns time.Sunday.
func (d Date) Weekday() time.Weekday {
	if !d.IsValid() {
		return time.Sunday
	}
	// Day 1 (0001-01-01) was a Monday in the proleptic Gregorian calendar.
	return time.Weekday(uint32(d.n) % 7)
}

// IsValid reports whether d is a day between 0001-01-01 and 9999-12-31.
func (d Date) IsValid() bool { return d.n >= 1 && d.n <= maxDay }

// IsZero reports whether d is the zero Date ("not set").
func (d Date) IsZero() bool { return d.n == 0 }

// In returns midnight at the start of d in loc (nil means UTC). Midnight may not exist on a
// day when clocks change; time.Date then picks the instant it documents.
func (d Date) In(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	y, m, day := d.YMD()
	return time.Date(y, m, day, 0, 0, 0, 0, loc)
}

// AddDays returns the date n days after d (before d when n is negative).
func (d Date) AddDays(n int) Date {
	if !d.IsValid() {
		return d
	}
	if n > maxDay || n < -maxDay {
		return Date{invalidDay}
	}
	return fromDayNumber(int64(d.n) + int64(n))
}

// AddMonths returns the same day of the month n months after d, or the last day of that
// month when it is shorter: 2024-01-31 plus one month is 2024-02-29, and 2025-03-31 minus
// one month is 2025-02-28. (time.Time's AddDate would roll over into the next month instead.)
func (d Date) AddMonths(n int) Date {
	if !d.IsValid() {
		return d
	}
	if n > 12*10000 || n < -12*10000 {
		return Date{invalidDay}
	}
	y, m, day := d.YMD()
	months := y*12 + int(m) - 1 + n
	y, m = months/12, time.Month(months%12+1)
	if months < 0 || y < 1 || y > 9999 {
		return Date{invalidDay}
	}
	return date(y, m, min(day, daysIn(y, m)))
}

// DaysSince returns the number of days from s to d: positive when d is after s.
// For any valid d and n that stay in range, d.AddDays(n).DaysSince(d) == n.
// It is 0 when either date is invalid.
func (d Date) DaysSince(s Date) int {
	if !d.IsValid() || !s.IsValid() {
		return 0
	}
	return int(d.n) - int(s.n)
}

// Compare returns -1 if d is before e, 0 if they are the same day, and +1 if d is after e.
// The zero Date sorts before every valid Date.
func (d Date) Compare(e Date) int {
	switch {
	case d.n < e.n:
		return -1
	case d.n > e.n:
		return 1
	}
	return 0
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.n < e.n }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.n > e.n }

// Equal reports whether d and e are the same day; it is d == e, and lets go-cmp compare Dates.
func (d Date) Equal(e Date) bool { return d == e }

// String returns d as YYYY-MM-DD; "0000-00-00" for the zero Date and "invalid-date" for a
// Date that arithmetic pushed out of range.
func (d Date) String() string {
	switch {
	case d.IsZero():
		return "0000-00-00"
	case !d.IsValid():
		return "invalid-date"
	}
	var b [10]byte
	return string(d.appendISO(b[:0]))
}

func (d Date) appendISO(b []byte) []byte {
	y, m, day := d.YMD()
	return append(b,
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(m)/10), byte('0'+int(m)%10), '-',
		byte('0'+day/10), byte('0'+day%10))
}

// The parse errors. They never repeat the input.
var (
	errLayout = invalid("must be YYYY-MM-DD")
	errYear   = invalid("year must be from 0001 to 9999")
	errMonth  = invalid("month must be from 01 to 12")
	errDay    = invalid("day does not exist in that month")
	errUnset  = invalid("date is not set or out of range")
	errScan   = invalid("a SQL date must be NULL, a time.Time or YYYY-MM-DD text")
)

// A dateError is a date that breaks a rule; it matches carecoord.ErrInvalid.
type dateError struct{ rule string }

func invalid(rule string) error           { return &dateError{rule} }
func (e *dateError) Error() string        { return "civil: invalid date: " + e.rule }
func (e *dateError) Is(target error) bool { return target == carecoord.ErrInvalid }

func isDigit(c byte) bool   { return '0' <= c && c <= '9' }
func digits2(a, b byte) int { return int(a-'0')*10 + int(b-'0') }

// Parse parses a date in the form YYYY-MM-DD (four-digit year, two-digit month and day,
// nothing before or after), as in FHIR's date type at day precision and RFC 3339's
// full-date. It rejects days that do not exist (2025-02-29, 2100-02-29). Errors match
// carecoord.ErrInvalid and do not repeat s.
func Parse(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, errLayout
	}
	for _, i := range [...]int{0, 1, 2, 3, 5, 6, 8, 9} {
		if !isDigit(s[i]) {
			return Date{}, errLayout
		}
	}
	y := digits2(s[0], s[1])*100 + digits2(s[2], s[3])
	return NewDate(y, time.Month(digits2(s[5], s[6])), digits2(s[8], s[9]))
}

// MustParse is Parse for dates written in code (tests, examples, fixed rule dates): it
// panics if s is not a valid date. Never use it on input.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// AppendText appends d in the form YYYY-MM-DD to b. It returns an error matching
// carecoord.ErrInvalid, and b unchanged, when d is the zero Date or invalid.
func (d Date) AppendText(b []byte) ([]byte, error) {
	if !d.IsValid() {
		return b, errUnset
	}
	return d.appendISO(b), nil
}

// MarshalText returns d in the form YYYY-MM-DD. The zero Date and invalid Dates are an
// error, so a missing required date fails loudly; mark optional date fields `json:",omitzero"`.
func (d Date) MarshalText() ([]byte, error) {
	var b [10]byte
	out, err := d.AppendText(b[:0])
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UnmarshalText parses a date in the form YYYY-MM-DD, as [Parse] does.
func (d *Date) UnmarshalText(b []byte) error {
	p, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// MarshalJSON returns d as a JSON string "YYYY-MM-DD", with the errors of [Date.MarshalText].
func (d Date) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 12)
	b = append(b, '"')
	b, err := d.AppendText(b)
	if err != nil {
		return nil, err
	}
	return append(b, '"'), nil
}

// UnmarshalJSON accepts a JSON string "YYYY-MM-DD" or null. null leaves d unchanged, as
// encoding/json does for other types; any other JSON value is an error.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return errLayout
	}
	if bytes.IndexByte(b, '\\') >= 0 { // a string with JSON escapes: decode it first
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return errLayout
		}
		return d.UnmarshalText([]byte(s))
	}
	return d.UnmarshalText(b[1 : len(b)-1])
}
