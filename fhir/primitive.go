package fhir

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

// A DateTime is a FHIR R4 dateTime (§2.24.0.1): a year, a year and month, a day, or a day with
// a time to the second (fractions allowed) and a time-zone offset, which FHIR requires whenever
// the time is given. It keeps the text as read, so its precision survives a round trip.
type DateTime string

// A Date is a FHIR R4 date: a year, a year and month, or a day, with no time and no zone.
type Date string

// An Instant is a FHIR R4 instant: a day and a time to the second at least, with a zone.
type Instant string

// DateTimeOf returns t as a DateTime to the second (to the nanosecond when t has a fraction),
// with t's own zone offset.
func DateTimeOf(t time.Time) DateTime {
	if t.IsZero() {
		return ""
	}
	return DateTime(t.Format(time.RFC3339Nano))
}

// DateOf returns d as a Date, or "" for the zero Date.
func DateOf(d civil.Date) Date {
	if !d.IsValid() {
		return ""
	}
	return Date(d.String())
}

// Time returns the instant t names, and false when t is not to the second (a day, a month or a
// year is a span, not an instant) or is not a valid dateTime.
func (t DateTime) Time() (time.Time, bool) {
	if len(t) <= len("2006-01-02") {
		return time.Time{}, false
	}
	v, err := time.Parse(time.RFC3339Nano, string(t))
	return v, err == nil && validDateTime(string(t))
}

// Day returns the day t falls on where it was written (its own zone), and false unless t is
// to the day at least.
func (t DateTime) Day() (civil.Date, bool) {
	if len(t) < len("2006-01-02") || !validDateTime(string(t)) {
		return civil.Date{}, false
	}
	d, err := civil.Parse(string(t[:10]))
	return d, err == nil
}

// Day returns the day d names, and false unless d is a full date.
func (d Date) Day() (civil.Date, bool) {
	if len(d) != len("2006-01-02") {
		return civil.Date{}, false
	}
	v, err := civil.Parse(string(d))
	return v, err == nil
}

// Time returns the instant i names.
func (i Instant) Time() (time.Time, bool) { return DateTime(i).Time() }

// validDate reports whether s is YYYY, YYYY-MM or YYYY-MM-DD naming a real year (0001 to
// 9999), month and day.
func validDate(s string) bool {
	switch len(s) {
	case 4, 7, 10:
	default:
		return false
	}
	year, ok := digits(s[:4])
	if !ok || year == 0 {
		return false
	}
	if len(s) == 4 {
		return true
	}
	month, ok := digits(s[5:7])
	if s[4] != '-' || !ok || month < 1 || month > 12 {
		return false
	}
	if len(s) == 7 {
		return true
	}
	_, err := civil.Parse(s)
	return err == nil
}

// validDateTime reports whether s is a FHIR dateTime: a date, or a full date, 'T', hh:mm:ss
// with an optional fraction, and Z or ±hh:mm.
func validDateTime(s string) bool {
	if len(s) <= 10 {
		return validDate(s)
	}
	return validDate(s[:10]) && s[10] == 'T' && validTime(s[11:])
}

// validTime checks hh:mm:ss[.f+](Z|±hh:mm), with the offset from -14:00 to +14:00.
func validTime(s string) bool {
	if clock, ok := strings.CutSuffix(s, "Z"); ok {
		return validClock(clock)
	}
	if len(s) < 6 {
		return false
	}
	clock, zone := s[:len(s)-6], s[len(s)-6:]
	oh, ok1 := digits(zone[1:3])
	om, ok2 := digits(zone[4:6])
	return validClock(clock) && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':' &&
		ok1 && ok2 && om <= 59 && (oh < 14 || oh == 14 && om == 0)
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(s) > 0
}

// dateTime reads a FHIR dateTime.
func (d *decoder) dateTime() DateTime {
	s, ok := d.str()
	if ok && !validDateTime(s) {
		d.fail(carecoord.FieldInvalid, "must be a FHIR dateTime: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss with a zone")
	}
	return DateTime(s)
}

// date reads a FHIR date.
func (d *decoder) date() Date {
	s, ok := d.str()
	if ok && !validDate(s) {
		d.fail(carecoord.FieldInvalid, "must be a FHIR date: YYYY, YYYY-MM or YYYY-MM-DD")
	}
	return Date(s)
}

// instant reads a FHIR instant.
func (d *decoder) instant() Instant {
	s, ok := d.str()
	if ok && (len(s) <= 10 || !validDateTime(s)) {
		d.fail(carecoord.FieldInvalid, "must be a FHIR instant: YYYY-MM-DDThh:mm:ss with a zone")
	}
	return Instant(s)
}

// integer reads a FHIR integer: a whole number from -2,147,483,648 to 2,147,483,647, at least
// min.
func (d *decoder) integer(min int64) *int64 {
	text, ok := d.number()
	if !ok {
		return nil
	}
	v, err := strconv.ParseInt(string(text), 10, 32)
	switch {
	case err != nil:
		d.fail(carecoord.FieldInvalid, "must be a whole number from -2147483648 to 2147483647")
		return nil
	case v < min:
		d.fail(carecoord.FieldOutOfRange, "must be at least "+strconv.FormatInt(min, 10))
		return nil
	}
	return &v
}

// A Time is a FHIR R4 time (§2.24.0.1): a time of day hh:mm:ss, with an optional fraction of a
// second and no zone, as Timing.repeat.timeOfDay gives it.
type Time string

// validClock reports whether s is a FHIR time: hh:mm:ss from 00:00:00 to 23:59:60, with an
// optional fraction.
func validClock(s string) bool {
	if len(s) < 8 || s[2] != ':' || s[5] != ':' {
		return false
	}
	h, ok1 := digits(s[0:2])
	m, ok2 := digits(s[3:5])
	sec, ok3 := digits(s[6:8])
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || sec > 60 {
		return false
	}
	if len(s) == 8 {
		return true
	}
	_, ok := digits(s[9:])
	return s[8] == '.' && ok
}

// time reads a FHIR time.
func (d *decoder) time() Time {
	s, ok := d.str()
	if ok && !validClock(s) {
		d.fail(carecoord.FieldInvalid, "must be a FHIR time: hh:mm:ss")
	}
	return Time(s)
}

// boolean reads a FHIR boolean: the JSON literal true or false.
func (d *decoder) boolean() *bool {
	if !d.expect(kindBool, "a boolean") {
		return nil
	}
	v := d.data[d.pos] == 't'
	word := "false"
	if v {
		word = "true"
	}
	if !d.literal(word) {
		return nil
	}
	return &v
}

// maxExponent bounds the exponent of a decimal written in exponential notation ("1e5"): it is
// written back in full ("100000"), so a hostile "1e999999999" would be a gigabyte of zeros.
const maxExponent = 1000

// maxDigits bounds the digits of a decimal: reading n digits into a big number costs n², so a
// hostile value of a million digits would take seconds. XML Schema, whose limits FHIR's
// decimal follows, asks for 18 digits at least.
const maxDigits = 1000

// decimal reads a FHIR decimal (R4 §2.24.0.1), keeping its precision: 1.50 has two decimal
// places and is written back as 1.50. A number of more than 1000 digits, or in exponential
// notation with an exponent beyond ±1000, is refused.
func (d *decoder) decimal() decimal.NullDecimal {
	text, ok := d.number()
	if !ok {
		return decimal.NullDecimal{}
	}
	mantissa, _, exponential := bytes.Cut(bytes.ToLower(text), []byte("e"))
	digits := len(mantissa) - bytes.Count(mantissa, []byte("-")) - bytes.Count(mantissa, []byte("."))
	var v decimal.Decimal
	err := strconv.ErrRange
	if digits <= maxDigits {
		v, err = decimal.NewFromString(string(text))
	}
	if err == nil && exponential && (v.Exponent() > maxExponent || v.Exponent() < -maxExponent) {
		err = strconv.ErrRange
	}
	if err != nil {
		d.fail(carecoord.FieldOutOfRange, "must be a decimal of at most 1000 digits, with an exponent from -1000 to 1000")
		return decimal.NullDecimal{}
	}
	return decimal.NewNullDecimal(v)
}
