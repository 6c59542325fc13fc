package dosage_test

import (
	"strings"
	"testing"

	"github.com/carecoord/carecoord/medrec/dosage"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// genAmount draws a dose amount within Validate's limits: above 0, below 10,000,000, at most
// 6 decimal places.
func genAmount(t *rapid.T, label string) decimal.Decimal {
	scale := rapid.IntRange(0, 6).Draw(t, label+".scale")
	limit := int64(10_000_000)
	for range scale {
		limit *= 10
	}
	coef := rapid.OneOf(rapid.Int64Range(1, 20), rapid.Int64Range(1, limit-1)).Draw(t, label+".coef")
	return decimal.New(coef, -int32(scale))
}

func genDose(t *rapid.T) dosage.Dose {
	d := dosage.Dose{Value: genAmount(t, "value"), Unit: rapid.SampledFrom(dosage.Units()).Draw(t, "unit")}
	if rapid.Bool().Draw(t, "range") {
		hi := d.Value.Add(genAmount(t, "delta"))
		if hi.LessThan(decimal.New(1, 7)) {
			d.Max = decimal.NewNullDecimal(hi)
		}
	}
	return d
}

func genTiming(t *rapid.T) dosage.Timing {
	var tm dosage.Timing
	if rapid.Bool().Draw(t, "scheduled") {
		tm.Frequency = rapid.OneOf(rapid.IntRange(1, 4), rapid.IntRange(1, 1000)).Draw(t, "frequency")
		tm.Period = decimal.NewFromInt(int64(rapid.OneOf(rapid.IntRange(1, 3), rapid.IntRange(1, 10000)).Draw(t, "period")))
		tm.PeriodUnit = rapid.SampledFrom(dosage.PeriodUnits()).Draw(t, "periodUnit")
		switch rapid.IntRange(0, 2).Draw(t, "ranges") {
		case 1:
			if tm.Frequency < 1000 {
				tm.FrequencyMax = rapid.IntRange(tm.Frequency+1, 1000).Draw(t, "frequencyMax")
			}
		case 2:
			if p := tm.Period.IntPart(); p < 10000 {
				tm.PeriodMax = decimal.NewNullDecimal(decimal.NewFromInt(rapid.Int64Range(p+1, 10000).Draw(t, "periodMax")))
			}
		}
	}
	tm.When = rapid.SliceOfNDistinct(rapid.SampledFrom(dosage.EventTimings()), 0, 6,
		func(e dosage.EventTiming) dosage.EventTiming { return e }).Draw(t, "when")
	return tm
}

// indicationWords mixes ordinary words with unit and time words, which may appear in an
// indication because they start no phrase.
func indicationWords() []string {
	return []string{"pain", "wheeze", "nausea", "and", "vomiting", "shortness", "of", "breath", "sleep", "anxiety",
		"fever", "or", "chest", "severe", "headache", "a", "the", "mg", "day", "tab", "times", "international", "u"}
}

func genDosage() *rapid.Generator[dosage.Dosage] {
	return rapid.Custom(func(t *rapid.T) dosage.Dosage {
		var d dosage.Dosage
		if rapid.Bool().Draw(t, "hasDose") {
			d.Dose = genDose(t)
		}
		if rapid.Bool().Draw(t, "hasRoute") {
			d.Route = rapid.SampledFrom(dosage.Routes()).Draw(t, "route")
		}
		d.Timing = genTiming(t)
		if rapid.Bool().Draw(t, "hasDuration") {
			d.Duration = dosage.Duration{Value: decimal.NewFromInt(rapid.Int64Range(1, 10000).Draw(t, "duration")),
				Unit: rapid.SampledFrom(dosage.PeriodUnits()).Draw(t, "durationUnit")}
		}
		d.AsNeeded = rapid.Bool().Draw(t, "asNeeded")
		if d.AsNeeded && rapid.Bool().Draw(t, "hasIndication") {
			words := rapid.SliceOfN(rapid.SampledFrom(indicationWords()), 1, 8).Draw(t, "indication")
			d.AsNeededFor = strings.Join(words, " ")
			if d.Validate() != nil {
				d.AsNeededFor = "pain" // e.g. a leading or doubled "and"
			}
		}
		if d.Validate() != nil {
			d.Timing.When = nil // times of day that contradict the frequency
		}
		if d.Validate() != nil {
			d.AsNeeded = true // nothing stated
		}
		return d
	})
}

// TestRoundTrip: for every valid Dosage d, Parse(d.String()) is d, with no warnings.
func TestRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := genDosage().Draw(t, "dosage")
		if err := d.Validate(); err != nil {
			t.Fatalf("generated an invalid Dosage %+v: %v", d, err)
		}
		s := d.String()
		back, err := dosage.Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q): %v", s, err)
		}
		if diff := cmp.Diff(d, back, ignoreWarnings); diff != "" {
			t.Fatalf("Parse(%q) mismatch (-want +got):\n%s", s, diff)
		}
		if len(back.Warnings) != 0 {
			t.Fatalf("Parse(%q) warnings %v", s, back.Warnings)
		}
		if !d.Timing.Equivalent(back.Timing) {
			t.Fatalf("timing of %q is not equivalent to itself", s)
		}
	})
}

// TestEquivalentProperties: Equivalent is reflexive and symmetric, and implies equal PerDay.
func TestEquivalentProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genTiming(t), genTiming(t)
		if !a.Equivalent(a) {
			t.Fatalf("%+v not equivalent to itself", a)
		}
		if a.Equivalent(b) != b.Equivalent(a) {
			t.Fatalf("Equivalent not symmetric for %+v, %+v", a, b)
		}
		if a.Equivalent(b) {
			alo, ahi, aok := a.PerDay()
			blo, bhi, bok := b.PerDay()
			if aok != bok || !alo.Equal(blo) || !ahi.Equal(bhi) {
				t.Fatalf("equivalent timings with different PerDay: %+v, %+v", a, b)
			}
		}
	})
}
