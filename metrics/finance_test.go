package metrics_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/internal/fieldtest"
	"github.com/carecoord/carecoord/metrics"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// TestPMPM checks Value (QuotientPlaces, half away from zero), Round for display (from the
// exact quotient, once: never the double rounding of Value then Round), fractional member
// months, negative costs and no member months.
func TestPMPM(t *testing.T) {
	for _, tc := range []struct {
		cost, months string
		value, cents string // "" when not computable
	}{
		{"1000", "3", "333.3333333333", "333.33"},
		{"2000", "3", "666.6666666667", "666.67"},
		{"0.125", "1", "0.125", "0.13"},    // half away from zero, not to even
		{"-0.125", "1", "-0.125", "-0.13"}, // away from zero below zero too
		{"2", "0.5", "4", "4"},
		{"-10", "4", "-2.5", "-2.5"},
		// Value rounds 0.00499999999997 up to 0.0050000000; cents round the exact value down.
		{"0.00499999999997", "1", "0.005", "0"},
		{"5", "0", "", ""},
		{"0", "0", "", ""},
	} {
		p := metrics.PMPM{Cost: fiD(tc.cost), MemberMonths: fiD(tc.months)}
		v, ok := p.Value()
		c, okc := p.Round(2)
		if tc.value == "" {
			if ok || okc {
				t.Errorf("%+v: Value = %s, %t; Round(2) = %s, %t; want not computable", p, v, ok, c, okc)
			}
			continue
		}
		if !ok || !v.Equal(fiD(tc.value)) || !okc || !c.Equal(fiD(tc.cents)) {
			t.Errorf("%s / %s: Value = %s, %t, want %s; Round(2) = %s, %t, want %s", tc.cost, tc.months, v, ok, tc.value, c, okc, tc.cents)
		}
	}
	if err := (metrics.PMPM{Cost: fiD("1"), MemberMonths: fiD("-1")}).Validate(); !errors.Is(err, carecoord.ErrInvalid) ||
		!cmp.Equal([]fiPC{{"memberMonths", carecoord.FieldOutOfRange}}, fieldtest.PathCodes[fiPC](t, err)) {
		t.Errorf("Validate(negative member months) = %v", err)
	}
	if err := (metrics.PMPM{}).Validate(); err != nil {
		t.Errorf("Validate(zero PMPM) = %v, want nil", err)
	}
}

// TestMemberMonthsReused checks that MemberMonths is the utilisation measure's denominator,
// under its default rule (Tuva: any day of the month) and a snapshot day, and that its errors
// are the measure's.
func TestMemberMonthsReused(t *testing.T) {
	spans := []metrics.EnrollmentSpan{
		utEnrolled("m1", "2025-01-15", "2025-03-02"),
		utEnrolled("m1", "2025-02-01", "2025-02-10"), // inside the first: never counted twice
		utEnrolled("m2", "2025-06-01", "2026-03-31"), // clipped to the period
	}
	for _, tc := range []struct {
		day  int
		want int64
	}{{0, 10}, {15, 9}} {
		uo := metrics.UtilizationOptions{MemberMonthDay: tc.day}
		got, err := metrics.MemberMonths(utYear(2025), spans, uo)
		u := utMeasure(t, utYear(2025), spans, nil, uo, metrics.Options{})
		if err != nil || got != tc.want || got != u.ED.Total.Denominator {
			t.Errorf("MemberMonths(day %d) = %d, %v; want %d, the measure's %d", tc.day, got, err, tc.want, u.ED.Total.Denominator)
		}
	}
	p, err := metrics.PMPMFromEnrollment(fiD("1234.56"), utYear(2025), spans, metrics.UtilizationOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := p.Value(); !p.MemberMonths.Equal(fiD("10")) || !v.Equal(fiD("123.456")) {
		t.Errorf("PMPMFromEnrollment = %+v (value %s), want 1234.56 over 10 member months", p, v)
	}
	_, err = metrics.PMPMFromEnrollment(fiD("1"), civil.Range{}, spans, metrics.UtilizationOptions{MemberMonthDay: 30})
	want := []fiPC{{"period.start", carecoord.FieldRequired}, {"period.end", carecoord.FieldRequired}, {"options.memberMonthDay", carecoord.FieldOutOfRange}}
	if diff := cmp.Diff(want, fieldtest.PathCodes[fiPC](t, err)); diff != "" {
		t.Errorf("PMPMFromEnrollment errors mismatch (-want +got):\n%s", diff)
	}
}

// TestPMPMMerge checks, over drawn populations split by member into two parts, that member
// months add, that the PMPM of the whole is the PMPMs' Add (the ratio of the sums, never an
// average of ratios), and that it lies between the parts' PMPMs.
func TestPMPMMerge(t *testing.T) {
	period := civil.Range{Start: utD("2024-01-01"), End: utD("2025-12-31")}
	rapid.Check(t, func(t *rapid.T) {
		var all []metrics.EnrollmentSpan
		var parts [2][]metrics.EnrollmentSpan
		var costs [2]decimal.Decimal
		for i := range rapid.IntRange(0, 12).Draw(t, "members") {
			p := carecoord.PatientID("m" + strconv.Itoa(i))
			side := rapid.IntRange(0, 1).Draw(t, "part")
			for range rapid.IntRange(1, 3).Draw(t, "spans") {
				start := utD("2023-11-01").AddDays(rapid.IntRange(0, 800).Draw(t, "start"))
				span := metrics.EnrollmentSpan{Patient: p, Range: civil.Range{Start: start, End: start.AddDays(rapid.IntRange(0, 400).Draw(t, "days"))}}
				parts[side] = append(parts[side], span)
				all = append(all, span)
			}
			costs[side] = costs[side].Add(decimal.New(rapid.Int64Range(-10_000, 10_000_000).Draw(t, "cents"), -2))
		}
		uo := metrics.UtilizationOptions{MemberMonthDay: rapid.SampledFrom([]int{0, 1, 15}).Draw(t, "day")}
		var pm [2]metrics.PMPM
		for i := range pm {
			var err error
			if pm[i], err = metrics.PMPMFromEnrollment(costs[i], period, parts[i], uo); err != nil {
				t.Fatal(err)
			}
		}
		whole, err := metrics.PMPMFromEnrollment(costs[0].Add(costs[1]), period, all, uo)
		if err != nil {
			t.Fatal(err)
		}
		merged := pm[0].Add(pm[1])
		if !cmp.Equal(whole, merged) {
			t.Fatalf("PMPM of the whole %+v, of the parts added %+v", whole, merged)
		}
		v, ok := merged.Value()
		if ok != whole.MemberMonths.IsPositive() || ok && !v.Equal(costs[0].Add(costs[1]).DivRound(whole.MemberMonths, metrics.QuotientPlaces)) {
			t.Fatalf("Value = %s, %t; want the sum of costs over the sum of member months", v, ok)
		}
		a, oka := pm[0].Value()
		b, okb := pm[1].Value()
		if oka && okb && (v.LessThan(decimal.Min(a, b)) || v.GreaterThan(decimal.Max(a, b))) {
			t.Fatalf("merged PMPM %s outside the parts' %s and %s", v, a, b)
		}
	})
}

// TestExplanationDisplay checks how amounts are displayed: dollars rounded half away from zero
// to the cent once, with separators and no "-$0.00"; rates as percentages with their
// decimals; counts with separators.
func TestExplanationDisplay(t *testing.T) {
	for _, tc := range []struct {
		amount string
		unit   metrics.Unit
		want   string
	}{
		{"2163840", metrics.UnitDollars, "$2,163,840.00"},
		{"1234567.891", metrics.UnitDollars, "$1,234,567.89"},
		{"999.995", metrics.UnitDollars, "$1,000.00"},
		{"0.005", metrics.UnitDollars, "$0.01"},
		{"-0.004", metrics.UnitDollars, "$0.00"},
		{"-0.005", metrics.UnitDollars, "-$0.01"},
		{"-44160", metrics.UnitDollars, "-$44,160.00"},
		{"123", metrics.UnitDollars, "$123.00"},
		{"0.0287997600", metrics.UnitRate, "2.879976%"},
		{"0.4", metrics.UnitRate, "40%"},
		{"-0.03", metrics.UnitRate, "-3%"},
		{"0", metrics.UnitRate, "0%"},
		{"12000.5", metrics.UnitCount, "12,000.5"},
		{"-1234", metrics.UnitCount, "-1,234"},
		{"100", metrics.UnitCount, "100"},
		{"1.50", "", "1.5"},
	} {
		l := metrics.ExplanationLine{Label: "x", Amount: fiD(tc.amount), Unit: tc.unit}
		if got := l.Display(); got != tc.want {
			t.Errorf("Display(%s %s) = %q, want %q", tc.amount, tc.unit, got, tc.want)
		}
	}
	e := metrics.Explanation{
		{Label: "a", Rule: "first", Amount: fiD("1"), Unit: metrics.UnitCount},
		{Label: "b", Rule: "second", Amount: fiD("2.5"), Unit: metrics.UnitDollars},
	}
	// The label in 30 columns, a space, the amount right-aligned in 18, two spaces, the rule.
	want := "a" + strings.Repeat(" ", 29) + " " + strings.Repeat(" ", 17) + "1  first\n" +
		"b" + strings.Repeat(" ", 29) + " " + strings.Repeat(" ", 13) + "$2.50  second"
	if got := e.String(); got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
	if l, ok := e.Find("b"); !ok || !l.Amount.Equal(fiD("2.5")) {
		t.Errorf(`Find("b") = %+v, %t`, l, ok)
	}
	if _, ok := e.Find("c"); ok {
		t.Errorf(`Find("c") found a line`)
	}
}

// TestBasis checks the bases and their validity.
func TestBasis(t *testing.T) {
	for _, b := range append(metrics.Bases(), "") {
		if !b.IsValid() {
			t.Errorf("%q.IsValid() = false", b)
		}
	}
	if metrics.Basis("p").IsValid() {
		t.Errorf(`"p".IsValid() = true`)
	}
}
