package dosage

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
)

// String returns d as canonical sig text, in the order dose, route, frequency, times of day,
// duration, as needed: "1 tablet by mouth twice daily", "1 puff by inhalation every 4-6
// hours as needed for wheeze", "10 units subcutaneously at bedtime". It writes whole words
// and plain numbers (no trailing zeros, always a leading zero), none of the forms on the
// Joint Commission or ISMP lists, so Parse(d.String()) returns d with no Warnings for every
// d that passes [Dosage.Validate]. It does not check d; an invalid Dosage gives text that
// may not parse. The zero Dosage gives "".
func (d Dosage) String() string { return d.text(english) }

// Text returns d as directions for the patient in the language of tag: English ([Dosage.String])
// or, for any Spanish tag, Spanish in the same order ("1 tableta por vía oral dos veces al día",
// "1 inhalación por inhalación cada 4-6 horas si es necesario para wheeze"). Numbers keep the
// decimal point, as the strengths on a US label do. AsNeededFor is free text and stays as
// written. The Spanish wording is the project's own, checked against common US pharmacy label
// phrasing but not a validated translation; have it reviewed before printing labels.
func (d Dosage) Text(tag language.Tag) string {
	if base, _ := tag.Base(); base == spanishBase() {
		return d.text(spanish)
	}
	return d.text(english)
}

func spanishBase() language.Base {
	b, _ := language.Spanish.Base()
	return b
}

// A lang is a language the directions are written in.
type lang uint8

const (
	english lang = iota
	spanish
)

func (d Dosage) text(l lang) string {
	var buf [160]byte
	b := buf[:0]
	sep := func(b []byte) []byte {
		if len(b) > 0 {
			b = append(b, ' ')
		}
		return b
	}
	if !d.Dose.IsZero() {
		b = appendDose(b, d.Dose, l)
	}
	if d.Route != "" {
		b = append(sep(b), l.route(d.Route)...)
	}
	if d.Timing.Frequency != 0 {
		b = appendFrequency(sep(b), d.Timing, l)
	}
	for i, e := range d.Timing.When {
		if i > 0 {
			b = append(b, l.pick(" and", " y")...)
		}
		b = append(sep(b), l.event(e)...)
	}
	if !d.Duration.IsZero() {
		b = append(sep(b), l.pick("for ", "durante ")...)
		b = appendDecimal(b, d.Duration.Value)
		b = append(b, ' ')
		b = append(b, l.timeUnit(d.Duration.Unit, !d.Duration.Value.Equal(decimal.NewFromInt(1)))...)
	}
	if d.AsNeeded {
		b = append(sep(b), l.pick("as needed", "si es necesario")...)
		if d.AsNeededFor != "" {
			b = append(b, l.pick(" for ", " para ")...)
			b = append(b, d.AsNeededFor...)
		}
	}
	return string(b)
}

// pick returns the English or the Spanish of a word.
func (l lang) pick(en, es string) string {
	if l == spanish {
		return es
	}
	return en
}

func appendDose(b []byte, d Dose, l lang) []byte {
	b = appendDecimal(b, d.Value)
	plural := d.Value.Cmp(decimal.NewFromInt(1)) > 0
	if d.Max.Valid {
		b = append(b, '-')
		b = appendDecimal(b, d.Max.Decimal)
		plural = true
	}
	b = append(b, ' ')
	return append(b, l.unit(d.Unit, plural)...)
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

// unit names a unit of dose; symbols (mg, mL) are the same in both languages.
func (l lang) unit(u Unit, plural bool) string {
	switch u {
	case UnitMilliliter, UnitMilligram, UnitGram, UnitMicrogram:
		return string(u)
	case UnitMilliequivalent:
		return "mEq"
	}
	var one, many string
	switch {
	case l == english && u == UnitPatch:
		one, many = "patch", "patches"
	case l == english && u == UnitSuppository:
		one, many = "suppository", "suppositories"
	case l == english:
		one, many = string(u), string(u)+"s"
	default:
		one, many = spanishUnit(u)
	}
	if plural {
		return many
	}
	return one
}

func spanishUnit(u Unit) (one, many string) {
	switch u {
	case UnitTablet:
		return "tableta", "tabletas"
	case UnitCapsule:
		return "cápsula", "cápsulas"
	case UnitPuff:
		return "inhalación", "inhalaciones"
	case UnitDrop:
		return "gota", "gotas"
	case UnitSpray:
		return "atomización", "atomizaciones"
	case UnitPatch:
		return "parche", "parches"
	case UnitSuppository:
		return "supositorio", "supositorios"
	case UnitApplication:
		return "aplicación", "aplicaciones"
	case UnitUnit:
		return "unidad", "unidades"
	}
	return string(u), string(u)
}

func (l lang) route(r Route) string {
	if l == spanish {
		switch r {
		case RouteOral:
			return "por vía oral"
		case RouteSublingual:
			return "debajo de la lengua"
		case RouteBuccal:
			return "entre la mejilla y la encía"
		case RouteInhalation:
			return "por inhalación"
		case RouteOphthalmic:
			return "en el ojo"
		case RouteOtic:
			return "en el oído"
		case RouteTopical:
			return "sobre la piel"
		case RouteSubcutaneous:
			return "por vía subcutánea"
		case RouteIntramuscular:
			return "por vía intramuscular"
		case RouteIntravenous:
			return "por vía intravenosa"
		case RouteNasal:
			return "por vía nasal"
		case RouteTransdermal:
			return "por vía transdérmica"
		case RouteRectal:
			return "por vía rectal"
		case RouteVaginal:
			return "por vía vaginal"
		}
		return string(r)
	}
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

func (l lang) event(e EventTiming) string {
	switch e {
	case WhenHS:
		return l.pick("at bedtime", "al acostarse")
	case WhenWake:
		return l.pick("upon waking", "al despertarse")
	case WhenMeal:
		return l.pick("with meals", "con las comidas")
	case WhenBreakfast:
		return l.pick("with breakfast", "con el desayuno")
	case WhenLunch:
		return l.pick("with lunch", "con el almuerzo")
	case WhenDinner:
		return l.pick("with dinner", "con la cena")
	case WhenBeforeMeal:
		return l.pick("before meals", "antes de las comidas")
	case WhenBeforeBreakfast:
		return l.pick("before breakfast", "antes del desayuno")
	case WhenBeforeLunch:
		return l.pick("before lunch", "antes del almuerzo")
	case WhenBeforeDinner:
		return l.pick("before dinner", "antes de la cena")
	case WhenAfterMeal:
		return l.pick("after meals", "después de las comidas")
	case WhenAfterBreakfast:
		return l.pick("after breakfast", "después del desayuno")
	case WhenAfterLunch:
		return l.pick("after lunch", "después del almuerzo")
	case WhenAfterDinner:
		return l.pick("after dinner", "después de la cena")
	case WhenMorning:
		return l.pick("in the morning", "por la mañana")
	case WhenAfternoon:
		return l.pick("in the afternoon", "por la tarde")
	case WhenEvening:
		return l.pick("in the evening", "al anochecer")
	case WhenNight:
		return l.pick("at night", "por la noche")
	}
	return string(e)
}

func (l lang) timeUnit(u PeriodUnit, plural bool) string {
	var one, many string
	switch u {
	case PeriodSecond:
		one, many = l.pick("second", "segundo"), l.pick("seconds", "segundos")
	case PeriodMinute:
		one, many = l.pick("minute", "minuto"), l.pick("minutes", "minutos")
	case PeriodHour:
		one, many = l.pick("hour", "hora"), l.pick("hours", "horas")
	case PeriodDay:
		one, many = l.pick("day", "día"), l.pick("days", "días")
	case PeriodWeek:
		one, many = l.pick("week", "semana"), l.pick("weeks", "semanas")
	case PeriodMonth:
		one, many = l.pick("month", "mes"), l.pick("months", "meses")
	case PeriodYear:
		one, many = l.pick("year", "año"), l.pick("years", "años")
	default:
		return string(u)
	}
	if plural {
		return many
	}
	return one
}

// adverb returns "daily", "weekly", ... ("al día", "a la semana", ...) for a period of one
// unit, or "".
func (l lang) adverb(u PeriodUnit) string {
	switch u {
	case PeriodHour:
		return l.pick("hourly", "por hora")
	case PeriodDay:
		return l.pick("daily", "al día")
	case PeriodWeek:
		return l.pick("weekly", "a la semana")
	case PeriodMonth:
		return l.pick("monthly", "al mes")
	case PeriodYear:
		return l.pick("yearly", "al año")
	}
	return ""
}

// appendFrequency writes the repeat: "once daily", "twice daily", "3 times weekly",
// "1-2 times daily", "every 6 hours", "every 4-6 hours", "every other day", "every hour",
// "2 times every 3 days" ("una vez al día", "dos veces al día", "3 veces a la semana", "cada 6
// horas", "cada dos días", "cada hora", "2 veces cada 3 días").
func appendFrequency(b []byte, t Timing, l lang) []byte {
	one := decimal.NewFromInt(1)
	unitPeriod := t.Period.Equal(one) && !t.PeriodMax.Valid
	if t.Frequency == 1 && t.FrequencyMax == 0 {
		switch {
		case unitPeriod && t.PeriodUnit != PeriodHour && l.adverb(t.PeriodUnit) != "":
			return append(append(b, l.pick("once ", "una vez ")...), l.adverb(t.PeriodUnit)...)
		case t.Period.Equal(decimal.NewFromInt(2)) && !t.PeriodMax.Valid && t.PeriodUnit == PeriodDay:
			return append(b, l.pick("every other day", "cada dos días")...)
		}
		return appendEvery(b, t, unitPeriod, l)
	}
	if t.Frequency == 2 && t.FrequencyMax == 0 {
		b = append(b, l.pick("twice", "dos veces")...)
	} else {
		b = strconv.AppendInt(b, int64(t.Frequency), 10)
		if t.FrequencyMax != 0 {
			b = append(b, '-')
			b = strconv.AppendInt(b, int64(t.FrequencyMax), 10)
		}
		b = append(b, l.pick(" times", " veces")...)
	}
	b = append(b, ' ')
	if unitPeriod && l.adverb(t.PeriodUnit) != "" {
		return append(b, l.adverb(t.PeriodUnit)...)
	}
	return appendEvery(b, t, unitPeriod, l)
}

func appendEvery(b []byte, t Timing, unitPeriod bool, l lang) []byte {
	b = append(b, l.pick("every ", "cada ")...)
	if unitPeriod {
		return append(b, l.timeUnit(t.PeriodUnit, false)...)
	}
	b = appendDecimal(b, t.Period)
	if t.PeriodMax.Valid {
		b = append(b, '-')
		b = appendDecimal(b, t.PeriodMax.Decimal)
	}
	b = append(b, ' ')
	return append(b, l.timeUnit(t.PeriodUnit, true)...)
}
