package dosage

import (
	"slices"

	"github.com/carecoord/carecoord"
	"github.com/shopspring/decimal"
)

// A Timing is when a medication is taken: the repeat part of FHIR R4 Timing
// (https://hl7.org/fhir/R4/datatypes.html#Timing), reduced to frequency, period and the
// daily events it is tied to.
//
// Frequency times every Period PeriodUnit: "every 6 hours" is Frequency 1, Period 6, "h";
// "twice daily" is Frequency 2, Period 1, "d". FrequencyMax and PeriodMax make ranges
// ("1-2 times daily", "every 4-6 hours"); a Timing has at most one of the two. When lists
// daily events ("at bedtime", "before meals"), in the order stated, without repeats.
//
// A Timing may have When and no Frequency: "at bedtime" is When [HS] alone, since that is
// what the text says; [Timing.PerDay] counts it as once a day. The zero Timing means no
// timing was stated (unscheduled).
type Timing struct {
	// Frequency is how many times per period (FHIR repeat.frequency); 0 when no repeat is
	// stated. It must be from 1 to 1000 when set.
	Frequency int
	// FrequencyMax is the high end of a range of times ("1-2 times daily"); 0 for none.
	FrequencyMax int
	// Period is the length of the period (FHIR repeat.period), a whole number from 1 to
	// 10000; zero when Frequency is 0.
	Period decimal.Decimal
	// PeriodMax is the high end of a range of periods ("every 4-6 hours": Period 4,
	// PeriodMax 6).
	PeriodMax decimal.NullDecimal
	// PeriodUnit is the unit of Period (FHIR units-of-time).
	PeriodUnit PeriodUnit
	// When lists the daily events the doses are tied to (FHIR repeat.when).
	When []EventTiming
}

// IsZero reports whether t states no timing.
func (t Timing) IsZero() bool {
	return t.Frequency == 0 && t.FrequencyMax == 0 && t.Period.IsZero() && !t.PeriodMax.Valid &&
		t.PeriodUnit == "" && len(t.When) == 0
}

// A PeriodUnit is a unit of time from the FHIR R4 units-of-time value set
// (http://hl7.org/fhir/ValueSet/units-of-time), whose codes are UCUM codes.
// The zero PeriodUnit is not a unit.
type PeriodUnit string

// The units of time.
const (
	PeriodSecond PeriodUnit = "s"
	PeriodMinute PeriodUnit = "min"
	PeriodHour   PeriodUnit = "h"
	PeriodDay    PeriodUnit = "d"
	PeriodWeek   PeriodUnit = "wk"
	PeriodMonth  PeriodUnit = "mo"
	PeriodYear   PeriodUnit = "a"
)

// PeriodUnits returns every PeriodUnit, shortest first, in a new slice.
func PeriodUnits() []PeriodUnit {
	return []PeriodUnit{PeriodSecond, PeriodMinute, PeriodHour, PeriodDay, PeriodWeek, PeriodMonth, PeriodYear}
}

// IsValid reports whether u is one of [PeriodUnits].
func (u PeriodUnit) IsValid() bool { return slices.Contains(PeriodUnits(), u) }

// An EventTiming is a daily event a dose is tied to, from the FHIR R4 event-timing value set
// (http://hl7.org/fhir/ValueSet/event-timing), which joins FHIR's own codes (MORN, AFT, EVE,
// NIGHT, ...) with HL7 v3 TimingEvent (HS, WAKE, C, AC, PC, ...). The package handles the
// codes listed in [EventTimings]. The zero EventTiming is not a code.
type EventTiming string

// The event timings this package parses and writes.
const (
	WhenHS              EventTiming = "HS"    // before the hour of sleep: "at bedtime"
	WhenWake            EventTiming = "WAKE"  // after waking
	WhenMeal            EventTiming = "C"     // at a meal (cibus)
	WhenBreakfast       EventTiming = "CM"    // at breakfast
	WhenLunch           EventTiming = "CD"    // at lunch
	WhenDinner          EventTiming = "CV"    // at dinner
	WhenBeforeMeal      EventTiming = "AC"    // before a meal (ante cibum)
	WhenBeforeBreakfast EventTiming = "ACM"   // before breakfast
	WhenBeforeLunch     EventTiming = "ACD"   // before lunch
	WhenBeforeDinner    EventTiming = "ACV"   // before dinner
	WhenAfterMeal       EventTiming = "PC"    // after a meal (post cibum)
	WhenAfterBreakfast  EventTiming = "PCM"   // after breakfast
	WhenAfterLunch      EventTiming = "PCD"   // after lunch
	WhenAfterDinner     EventTiming = "PCV"   // after dinner
	WhenMorning         EventTiming = "MORN"  // in the morning
	WhenAfternoon       EventTiming = "AFT"   // in the afternoon
	WhenEvening         EventTiming = "EVE"   // in the evening
	WhenNight           EventTiming = "NIGHT" // at night
)

// EventTimings returns every EventTiming the package handles, in a new slice.
func EventTimings() []EventTiming {
	return []EventTiming{WhenHS, WhenWake, WhenMeal, WhenBreakfast, WhenLunch, WhenDinner,
		WhenBeforeMeal, WhenBeforeBreakfast, WhenBeforeLunch, WhenBeforeDinner,
		WhenAfterMeal, WhenAfterBreakfast, WhenAfterLunch, WhenAfterDinner,
		WhenMorning, WhenAfternoon, WhenEvening, WhenNight}
}

// IsValid reports whether e is one of [EventTimings].
func (e EventTiming) IsValid() bool { return slices.Contains(EventTimings(), e) }

// Coding returns e in its code system: FHIR's event-timing system for MORN, AFT, EVE and
// NIGHT, HL7 v3 TimingEvent for the others (as the FHIR R4 value set composes them). It
// returns the zero Coding when e is not valid.
func (e EventTiming) Coding() carecoord.Coding {
	switch e {
	case WhenMorning, WhenAfternoon, WhenEvening, WhenNight:
		return carecoord.Coding{System: carecoord.SystemFHIR + "event-timing", Code: string(e)}
	}
	if !e.IsValid() {
		return carecoord.Coding{}
	}
	return carecoord.Coding{System: carecoord.SystemTHO + "v3-TimingEvent", Code: string(e)}
}

// oncePerDay reports whether e happens once a day (bedtime, breakfast, morning, ...), as
// opposed to at every meal (C, AC, PC), whose number per day the code does not say.
func (e EventTiming) oncePerDay() bool {
	switch e {
	case WhenMeal, WhenBeforeMeal, WhenAfterMeal:
		return false
	}
	return e.IsValid()
}

// perDayPlaces is the number of decimal places PerDay rounds to (half away from zero).
const perDayPlaces = 6

// PerDay returns how many administrations t means per day, as a range lo..hi (equal when
// there is no range), rounded to 6 decimal places: "every 6 hours" is 4..4, "every 4-6 hours"
// 4..6, "every other day" 0.5..0.5, "once weekly" 0.142857. ok is false when t is
// unscheduled, when its period is in months or years (their length in days varies), or when
// t is not valid.
//
// A Timing with no Frequency counts its daily events when each happens once a day: "at
// bedtime" is 1, "in the morning and at bedtime" 2. Events at every meal ("with meals",
// "before meals") do not say how many meals, so such a Timing has ok false.
func (t Timing) PerDay() (lo, hi decimal.Decimal, ok bool) {
	if t.Frequency == 0 {
		if t.FrequencyMax != 0 || !t.Period.IsZero() || t.PeriodMax.Valid || t.PeriodUnit != "" {
			return decimal.Decimal{}, decimal.Decimal{}, false
		}
		n, ok := eventsPerDay(t.When)
		if !ok {
			return decimal.Decimal{}, decimal.Decimal{}, false
		}
		v := decimal.NewFromInt(int64(n))
		return v, v, true
	}
	if t.Frequency < 0 || (t.FrequencyMax != 0 && t.FrequencyMax < t.Frequency) || t.Period.Sign() <= 0 {
		return decimal.Decimal{}, decimal.Decimal{}, false
	}
	// administrations per day = frequency * num / (period * den)
	num, den, ok := perDayRatio(t.PeriodUnit)
	if !ok {
		return decimal.Decimal{}, decimal.Decimal{}, false
	}
	fLo, fHi := int64(t.Frequency), int64(t.Frequency)
	if t.FrequencyMax != 0 {
		fHi = int64(t.FrequencyMax)
	}
	pLo, pHi := t.Period, t.Period
	if t.PeriodMax.Valid {
		if t.PeriodMax.Decimal.Cmp(t.Period) < 0 {
			return decimal.Decimal{}, decimal.Decimal{}, false
		}
		pHi = t.PeriodMax.Decimal
	}
	dn := decimal.NewFromInt(den)
	lo = decimal.NewFromInt(fLo*num).DivRound(pHi.Mul(dn), perDayPlaces)
	if fHi == fLo && !t.PeriodMax.Valid {
		return lo, lo, true
	}
	hi = decimal.NewFromInt(fHi*num).DivRound(pLo.Mul(dn), perDayPlaces)
	return lo, hi, true
}

// eventsPerDay returns the number of distinct events in when, and false when when is empty
// or holds an event that is not once a day.
func eventsPerDay(when []EventTiming) (int, bool) {
	if len(when) == 0 {
		return 0, false
	}
	n := 0
	for i, e := range when {
		if !e.oncePerDay() {
			return 0, false
		}
		if !slices.Contains(when[:i], e) {
			n++
		}
	}
	return n, true
}

// Equivalent reports whether t and u mean the same administrations, once normalised. The rule:
//
//  1. The When events must be the same set (order and repeats do not matter).
//  2. If both have a [Timing.PerDay], the ranges must be equal, exactly (not after PerDay's
//     rounding): twice daily ≡ every 12 hours ≡ 2 times every 1 day; once daily ≡ every 24
//     hours; every other day ≡ every 48 hours; "at bedtime" ≡ "once daily at bedtime" (both
//     1 a day with When HS).
//  3. If neither has one, the repeats must be the same: same Frequency and FrequencyMax, equal
//     Period and PeriodMax, same PeriodUnit (so "once monthly" is not equivalent to "every 30
//     days", and "with meals" only to "with meals").
//  4. Otherwise they are not equivalent.
//
// Equivalent is deliberately coarser than field equality: "every 12 hours" fixes the interval
// while "twice daily" leaves it to the patient's day, and a reviewer may still want to see
// that difference; compare the fields for that. It compares fractions by cross-multiplying,
// in integers when the periods are whole numbers (the usual case, which allocates nothing).
func (t Timing) Equivalent(u Timing) bool {
	if !sameEventSet(t.When, u.When) {
		return false
	}
	tr, tok := t.perDay()
	ur, uok := u.perDay()
	switch {
	case tok && uok:
		return tr.lo.equal(ur.lo) && tr.hi.equal(ur.hi)
	case tok || uok:
		return false
	}
	return t.Frequency == u.Frequency && t.FrequencyMax == u.FrequencyMax &&
		t.Period.Equal(u.Period) && nullEqual(t.PeriodMax, u.PeriodMax) && t.PeriodUnit == u.PeriodUnit
}

// A fraction is num/den administrations per day, den > 0: in int64s when exact (small), or in
// decimals.
type fraction struct {
	num, den   int64
	dnum, dden decimal.Decimal
	small      bool
}

func (f fraction) equal(g fraction) bool {
	if f.small && g.small {
		return f.num*g.den == g.num*f.den // at most about 1e8 × 7e4 each side: no overflow
	}
	return f.decimalNum().Mul(g.decimalDen()).Equal(g.decimalNum().Mul(f.decimalDen()))
}

func (f fraction) decimalNum() decimal.Decimal {
	if f.small {
		return decimal.NewFromInt(f.num)
	}
	return f.dnum
}

func (f fraction) decimalDen() decimal.Decimal {
	if f.small {
		return decimal.NewFromInt(f.den)
	}
	return f.dden
}

// perDay is PerDay as exact fractions: lo and hi administrations a day.
func (t Timing) perDay() (r struct{ lo, hi fraction }, ok bool) {
	if t.Frequency == 0 {
		if t.FrequencyMax != 0 || !t.Period.IsZero() || t.PeriodMax.Valid || t.PeriodUnit != "" {
			return r, false
		}
		n, ok := eventsPerDay(t.When)
		if !ok {
			return r, false
		}
		r.lo = fraction{num: int64(n), den: 1, small: true}
		return struct{ lo, hi fraction }{r.lo, r.lo}, true
	}
	if t.Frequency < 0 || (t.FrequencyMax != 0 && t.FrequencyMax < t.Frequency) || t.Period.Sign() <= 0 ||
		t.Frequency > maxCount || t.FrequencyMax > maxCount {
		return r, false
	}
	num, den, ok := perDayRatio(t.PeriodUnit)
	if !ok {
		return r, false
	}
	fLo, fHi := int64(t.Frequency), int64(t.Frequency)
	if t.FrequencyMax != 0 {
		fHi = int64(t.FrequencyMax)
	}
	pLo, pHi := t.Period, t.Period
	if t.PeriodMax.Valid {
		if t.PeriodMax.Decimal.Cmp(t.Period) < 0 {
			return r, false
		}
		pHi = t.PeriodMax.Decimal
	}
	// lo = fLo·num / (pHi·den), hi = fHi·num / (pLo·den)
	r.lo, r.hi = ratio(fLo*num, pHi, den), ratio(fHi*num, pLo, den)
	return r, true
}

// ratio returns n / (p·den), in integers when p is a whole number from 1 to maxPeriod.
func ratio(n int64, p decimal.Decimal, den int64) fraction {
	if w, ok := wholeUpTo(p, maxPeriod); ok {
		return fraction{num: n, den: w * den, small: true}
	}
	return fraction{dnum: decimal.NewFromInt(n), dden: p.Mul(decimal.NewFromInt(den))}
}

// wholeUpTo returns d as an int64 when it is a whole number from 1 to limit, without
// allocating (decimal's IntPart and Cmp rescale through a new big.Int).
func wholeUpTo(d decimal.Decimal, limit int64) (int64, bool) {
	if d.NumDigits() > 18 {
		return 0, false
	}
	c, e := d.CoefficientInt64(), d.Exponent()
	for ; e < 0; e++ {
		if c%10 != 0 {
			return 0, false
		}
		c /= 10
	}
	for ; e > 0; e-- {
		if c > limit {
			return 0, false
		}
		c *= 10
	}
	return c, c >= 1 && c <= limit
}

func sameEventSet(a, b []EventTiming) bool {
	for _, e := range a {
		if !slices.Contains(b, e) {
			return false
		}
	}
	for _, e := range b {
		if !slices.Contains(a, e) {
			return false
		}
	}
	return true
}

func nullEqual(a, b decimal.NullDecimal) bool {
	return a.Valid == b.Valid && (!a.Valid || a.Decimal.Equal(b.Decimal))
}

// whenConflicts reports whether t's frequency contradicts its once-a-day events. When every
// event in When happens once a day and a Frequency is stated, the frequency must give exactly
// as many doses a day as there are events ("twice daily in the morning and at bedtime"), or,
// for a period longer than a day, one event ("every other day at bedtime", "once weekly in
// the morning"). "Twice daily at bedtime" and "1-2 times daily in the morning" conflict.
// Meal events (C, AC, PC) count no meals, so they never conflict. A Timing whose period is not
// a whole number from 1 to 10000 is not judged here (Validate reports the period).
func whenConflicts(t Timing) bool {
	if t.Frequency == 0 || len(t.When) == 0 || !t.Period.IsInteger() ||
		t.Period.Sign() <= 0 || t.Period.Cmp(decimal.NewFromInt(maxPeriod)) > 0 {
		return false
	}
	var pmax int64
	if t.PeriodMax.Valid {
		pmax = 1 // any range conflicts
	}
	return whenConflict(int64(t.Frequency), int64(t.FrequencyMax), t.Period.IntPart(), pmax, t.PeriodUnit, t.When)
}

// whenConflict is whenConflicts on whole numbers, for the parser.
func whenConflict(f, fmax, period, periodMax int64, unit PeriodUnit, when []EventTiming) bool {
	if f == 0 {
		return false
	}
	n, ok := eventsPerDay(when)
	if !ok {
		return false
	}
	if fmax != 0 || periodMax != 0 {
		return true
	}
	num, den, ok := perDayRatio(unit)
	if !ok { // months, years: one event on the day of each dose
		return n != 1
	}
	a, b := f*num, period*den // doses a day = a/b
	if a < b {
		return n != 1
	}
	return a != int64(n)*b
}

// perDayRatio returns how many periods of u make a day, as num/den, and false for months
// and years, whose length in days varies.
func perDayRatio(u PeriodUnit) (num, den int64, ok bool) {
	switch u {
	case PeriodSecond:
		return 86400, 1, true
	case PeriodMinute:
		return 1440, 1, true
	case PeriodHour:
		return 24, 1, true
	case PeriodDay:
		return 1, 1, true
	case PeriodWeek:
		return 1, 7, true
	}
	return 0, 0, false
}
