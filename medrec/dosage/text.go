package dosage

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// String returns d as canonical sig text, in the order dose, route, frequency, times of day,
// duration, as needed: "1 tablet by mouth twice daily", "1 puff by inhalation every 4-6
// hours as needed for wheeze", "10 units subcutaneously at bedtime". It writes whole words
// and plain numbers (no trailing zeros, always a leading zero), none of the forms on the
// Joint Commission or ISMP lists, so Parse(d.String()) returns d with no Warnings for every
// d that passes [Dosage.Validate]. It does not check d; an invalid Dosage gives text that
// may not parse. The zero Dosage gives "".
func (d Dosage) String() string {
	var buf [160]byte
	b := buf[:0]
	sep := func(b []byte) []byte {
		if len(b) > 0 {
			b = append(b, ' ')
		}
		return b
	}
	if !d.Dose.IsZero() {
		b = appendDose(b, d.Dose)
	}
	if d.Route != "" {
		b = append(sep(b), routeText(d.Route)...)
	}
	if d.Timing.Frequency != 0 {
		b = appendFrequency(sep(b), d.Timing)
	}
	for i, e := range d.Timing.When {
		if i > 0 {
			b = append(b, " and"...)
		}
		b = append(sep(b), eventText(e)...)
	}
	if !d.Duration.IsZero() {
		b = append(sep(b), "for "...)
		b = appendDecimal(b, d.Duration.Value)
		b = append(b, ' ')
		b = append(b, timeUnitText(d.Duration.Unit, !d.Duration.Value.Equal(decimal.NewFromInt(1)))...)
	}
	if d.AsNeeded {
		b = append(sep(b), "as needed"...)
		if d.AsNeededFor != "" {
			b = append(b, " for "...)
			b = append(b, d.AsNeededFor...)
		}
	}
	return string(b)
}

func appendDose(b []byte, d Dose) []byte {
	b = appendDecimal(b, d.Value)
	plural := d.Value.Cmp(decimal.NewFromInt(1)) > 0
	if d.Max.Valid {
		b = append(b, '-')
		b = appendDecimal(b, d.Max.Decimal)
		plural = true
	}
	b = append(b, ' ')
	return append(b, unitText(d.Unit, plural)...)
}

// appendDecimal writes v with as few decimal places as it needs and a leading zero:
// 1, 0.5, 12.25. It uses StringFixed, so decimal's package settings do not change it.
func appendDecimal(b []byte, v decimal.Decimal) []byte {
	places := max(-v.Exponent(), 0)
	s := v.StringFixed(places)
	if strings.IndexByte(s, '.') >= 0 {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	return append(b, s...)
}

func unitText(u Unit, plural bool) string {
	switch u {
	case UnitMilliliter, UnitMilligram, UnitGram, UnitMicrogram:
		return string(u)
	case UnitMilliequivalent:
		return "mEq"
	case UnitPatch:
		if plural {
			return "patches"
		}
	case UnitSuppository:
		if plural {
			return "suppositories"
		}
	default:
		if plural {
			return string(u) + "s"
		}
	}
	return string(u)
}

func routeText(r Route) string {
	switch r {
	case RouteOral:
		return "by mouth"
	case RouteInhalation:
		return "by inhalation"
	case RouteOphthalmic, RouteOtic:
		return string(r)
	}
	return string(r) + "ly" // sublingually, subcutaneously, nasally, topically, ...
}

func eventText(e EventTiming) string {
	switch e {
	case WhenHS:
		return "at bedtime"
	case WhenWake:
		return "upon waking"
	case WhenMeal:
		return "with meals"
	case WhenBreakfast:
		return "with breakfast"
	case WhenLunch:
		return "with lunch"
	case WhenDinner:
		return "with dinner"
	case WhenBeforeMeal:
		return "before meals"
	case WhenBeforeBreakfast:
		return "before breakfast"
	case WhenBeforeLunch:
		return "before lunch"
	case WhenBeforeDinner:
		return "before dinner"
	case WhenAfterMeal:
		return "after meals"
	case WhenAfterBreakfast:
		return "after breakfast"
	case WhenAfterLunch:
		return "after lunch"
	case WhenAfterDinner:
		return "after dinner"
	case WhenMorning:
		return "in the morning"
	case WhenAfternoon:
		return "in the afternoon"
	case WhenEvening:
		return "in the evening"
	case WhenNight:
		return "at night"
	}
	return string(e)
}

func timeUnitText(u PeriodUnit, plural bool) string {
	var s string
	switch u {
	case PeriodSecond:
		s = "second"
	case PeriodMinute:
		s = "minute"
	case PeriodHour:
		s = "hour"
	case PeriodDay:
		s = "day"
	case PeriodWeek:
		s = "week"
	case PeriodMonth:
		s = "month"
	case PeriodYear:
		s = "year"
	default:
		return string(u)
	}
	if plural {
		return s + "s"
	}
	return s
}

// adverb returns "daily", "weekly", ... for a period of one unit, or "".
func adverb(u PeriodUnit) string {
	switch u {
	case PeriodHour:
		return "hourly"
	case PeriodDay:
		return "daily"
	case PeriodWeek:
		return "weekly"
	case PeriodMonth:
		return "monthly"
	case PeriodYear:
		return "yearly"
	}
	return ""
}

// appendFrequency writes the repeat: "once daily", "twice daily", "3 times weekly",
// "1-2 times daily", "every 6 hours", "every 4-6 hours", "every other day", "every hour",
// "2 times every 3 days".
func appendFrequency(b []byte, t Timing) []byte {
	one := decimal.NewFromInt(1)
	unitPeriod := t.Period.Equal(one) && !t.PeriodMax.Valid
	if t.Frequency == 1 && t.FrequencyMax == 0 {
		switch {
		case unitPeriod && t.PeriodUnit != PeriodHour && adverb(t.PeriodUnit) != "":
			return append(append(b, "once "...), adverb(t.PeriodUnit)...)
		case t.Period.Equal(decimal.NewFromInt(2)) && !t.PeriodMax.Valid && t.PeriodUnit == PeriodDay:
			return append(b, "every other day"...)
		}
		return appendEvery(b, t, unitPeriod)
	}
	if t.Frequency == 2 && t.FrequencyMax == 0 {
		b = append(b, "twice"...)
	} else {
		b = strconv.AppendInt(b, int64(t.Frequency), 10)
		if t.FrequencyMax != 0 {
			b = append(b, '-')
			b = strconv.AppendInt(b, int64(t.FrequencyMax), 10)
		}
		b = append(b, " times"...)
	}
	b = append(b, ' ')
	if unitPeriod && adverb(t.PeriodUnit) != "" {
		return append(b, adverb(t.PeriodUnit)...)
	}
	return appendEvery(b, t, unitPeriod)
}

func appendEvery(b []byte, t Timing, unitPeriod bool) []byte {
	b = append(b, "every "...)
	if unitPeriod {
		return append(b, timeUnitText(t.PeriodUnit, false)...)
	}
	b = appendDecimal(b, t.Period)
	if t.PeriodMax.Valid {
		b = append(b, '-')
		b = appendDecimal(b, t.PeriodMax.Decimal)
	}
	b = append(b, ' ')
	return append(b, timeUnitText(t.PeriodUnit, true)...)
}
