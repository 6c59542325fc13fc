package dosage

import (
	"slices"
	"strings"

	"github.com/carecoord/carecoord"
	"github.com/shopspring/decimal"
)

// Limits on what a Dosage may hold. They keep a Dosage within what its canonical text can
// say and [Parse] can read back.
const (
	maxWhen            = 6  // times of day in one Timing
	maxIndicationWords = 8  // words in AsNeededFor
	maxIndicationBytes = 64 // bytes in AsNeededFor
)

// Validate reports every way d breaks the rules, as carecoord.FieldErrors (which match
// carecoord.ErrInvalid). The paths are "dose", "dose.value", "dose.max", "dose.unit",
// "route", "timing.frequency", "timing.frequencyMax", "timing.period", "timing.periodMax",
// "timing.periodUnit", "timing.when", "timing.when[i]", "duration.value", "duration.unit"
// and "asNeededFor". The rules:
//
//   - d states at least a dose, a timing (a frequency or a time of day) or "as needed".
//   - A dose has a Value above 0 and below 10,000,000 with at most 6 decimal places, a
//     Max (if any) above Value within the same limits, and a Unit from [Units].
//   - A Route, if set, is one of [Routes].
//   - A Timing with no Frequency has no FrequencyMax, Period, PeriodMax or PeriodUnit. A
//     Frequency is from 1 to 1000, with a FrequencyMax above it (up to 1000) or none; the
//     Period is a whole number from 1 to 10000, with a PeriodMax above it (up to 10000) or
//     none, but not both ranges at once; the PeriodUnit is one of [PeriodUnits].
//   - When holds at most 6 distinct events from [EventTimings], consistent with the
//     frequency (see [Timing.PerDay]: "twice daily at bedtime" is refused).
//   - A Duration, if set, is a whole number from 1 to 10000 of a unit from [PeriodUnits].
//   - AsNeededFor is set only with AsNeeded, and is at most 8 lower-case words of letters a
//     to z (64 bytes), separated by single spaces, none a word that starts a phrase of the
//     grammar ("at", "for", "every", "po", ...), so that the canonical text reads back.
//
// Warnings are not checked.
func (d Dosage) Validate() error {
	var errs carecoord.FieldErrors
	if d.Dose.IsZero() && d.Timing.Frequency == 0 && len(d.Timing.When) == 0 && !d.AsNeeded {
		errs.Add(carecoord.Required("dose", "a dosage must state a dose, a timing or as needed"))
	}
	if !d.Dose.IsZero() {
		validateAmount(&errs, "dose.value", d.Dose.Value)
		if d.Dose.Max.Valid {
			validateAmount(&errs, "dose.max", d.Dose.Max.Decimal)
			if d.Dose.Max.Decimal.Cmp(d.Dose.Value) <= 0 {
				errs.Add(carecoord.Invalid("dose.max", "must be more than dose.value"))
			}
		}
		switch {
		case d.Dose.Unit == "":
			errs.Add(carecoord.Required("dose.unit", "a dose must have a unit"))
		case !d.Dose.Unit.IsValid():
			errs.Add(carecoord.NotSupported("dose.unit", Units()...))
		}
	}
	if d.Route != "" && !d.Route.IsValid() {
		errs.Add(carecoord.NotSupported("route", Routes()...))
	}
	validateTiming(&errs, d.Timing)
	if !d.Duration.IsZero() {
		validateWhole(&errs, "duration.value", d.Duration.Value, maxPeriod)
		validateUnit(&errs, "duration.unit", d.Duration.Unit)
	}
	if d.AsNeededFor != "" {
		if !d.AsNeeded {
			errs.Add(carecoord.NotAllowed("asNeededFor", "must not be set unless asNeeded is true"))
		}
		if !validIndication(d.AsNeededFor) {
			errs.Add(carecoord.Invalid("asNeededFor",
				"must be up to 8 lower-case words (a to z) separated by single spaces, none a sig keyword"))
		}
	}
	return errs.Err()
}

func validateAmount(errs *carecoord.FieldErrors, path string, v decimal.Decimal) {
	switch {
	case v.Sign() <= 0:
		errs.Add(carecoord.OutOfRange(path, "must be more than zero"))
	case v.Cmp(decimal.New(1, maxIntDigits)) >= 0:
		errs.Add(carecoord.OutOfRange(path, "must be less than 10000000"))
	case !v.Shift(maxFracDigit).IsInteger():
		errs.Add(carecoord.Invalid(path, "must have at most 6 decimal places"))
	}
}

func validateWhole(errs *carecoord.FieldErrors, path string, v decimal.Decimal, limit int64) {
	switch {
	case !v.IsInteger():
		errs.Add(carecoord.Invalid(path, "must be a whole number"))
	case v.Cmp(decimal.NewFromInt(1)) < 0 || v.Cmp(decimal.NewFromInt(limit)) > 0:
		errs.Add(carecoord.OutOfRange(path, "must be from 1 to "+decimal.NewFromInt(limit).StringFixed(0)))
	}
}

func validateUnit(errs *carecoord.FieldErrors, path string, u PeriodUnit) {
	switch {
	case u == "":
		errs.Add(carecoord.Required(path, "must be set"))
	case !u.IsValid():
		errs.Add(carecoord.NotSupported(path, PeriodUnits()...))
	}
}

func validateTiming(errs *carecoord.FieldErrors, t Timing) {
	switch {
	case t.Frequency < 0 || t.Frequency > maxCount:
		errs.Add(carecoord.OutOfRange("timing.frequency", "must be from 1 to 1000, or 0 for none"))
	case t.Frequency == 0:
		if t.FrequencyMax != 0 {
			errs.Add(carecoord.NotAllowed("timing.frequencyMax", "must not be set without a frequency"))
		}
		if !t.Period.IsZero() {
			errs.Add(carecoord.NotAllowed("timing.period", "must not be set without a frequency"))
		}
		if t.PeriodMax.Valid {
			errs.Add(carecoord.NotAllowed("timing.periodMax", "must not be set without a frequency"))
		}
		if t.PeriodUnit != "" {
			errs.Add(carecoord.NotAllowed("timing.periodUnit", "must not be set without a frequency"))
		}
	default:
		if t.FrequencyMax != 0 && (t.FrequencyMax <= t.Frequency || t.FrequencyMax > maxCount) {
			errs.Add(carecoord.OutOfRange("timing.frequencyMax", "must be more than frequency and at most 1000"))
		}
		validateWhole(errs, "timing.period", t.Period, maxPeriod)
		if t.PeriodMax.Valid {
			validateWhole(errs, "timing.periodMax", t.PeriodMax.Decimal, maxPeriod)
			if t.PeriodMax.Decimal.Cmp(t.Period) <= 0 {
				errs.Add(carecoord.Invalid("timing.periodMax", "must be more than timing.period"))
			}
			if t.FrequencyMax != 0 {
				errs.Add(carecoord.NotAllowed("timing.periodMax", "must not be set with timing.frequencyMax"))
			}
		}
		validateUnit(errs, "timing.periodUnit", t.PeriodUnit)
	}
	if len(t.When) > maxWhen {
		errs.Add(carecoord.OutOfRange("timing.when", "must list at most 6 times of day"))
	}
	for i, e := range t.When {
		switch {
		case !e.IsValid():
			errs.Add(carecoord.NotSupported(carecoord.Path("timing", "when", i), EventTimings()...))
		case slices.Contains(t.When[:i], e):
			errs.Add(carecoord.Duplicate(carecoord.Path("timing", "when", i), "must not repeat a time of day"))
		}
	}
	if whenConflicts(t) {
		errs.Add(carecoord.Invalid("timing.when", "the times of day must match the frequency"))
	}
}

// validIndication reports whether s is an indication that Parse reads back as s.
func validIndication(s string) bool {
	if len(s) > maxIndicationBytes {
		return false
	}
	words := 0
	prevAnd := false
	for w := range strings.SplitSeq(s, " ") {
		words++
		if w == "" || words > maxIndicationWords {
			return false
		}
		for i := 0; i < len(w); i++ {
			if w[i] < 'a' || w[i] > 'z' {
				return false
			}
		}
		c, _, _ := classify([]byte(w))
		isAnd := c == cAnd
		switch {
		case isAnd && (words == 1 || prevAnd):
			return false
		case !isAnd && (c.reserved() || w == "ms"):
			return false
		}
		prevAnd = isAnd
	}
	return !prevAnd
}
