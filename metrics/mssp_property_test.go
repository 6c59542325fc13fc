package metrics_test

import (
	"errors"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/internal/fieldtest"
	"github.com/carecoord/carecoord/metrics"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// fiDrawTerms draws a track's preset terms with a minimum rate the ACO could elect, shared
// from the first dollar or the excess only.
func fiDrawTerms(t *rapid.T) metrics.MSSPTerms {
	terms, err := rapid.SampledFrom(metrics.MSSPTracks()).Draw(t, "track").Terms()
	if err != nil {
		t.Fatal(err)
	}
	if terms.TwoSided || rapid.Bool().Draw(t, "fixed") {
		terms.Minimum = metrics.FixedMinimum(decimal.New(rapid.Int64Range(0, 4).Draw(t, "msrHalfPercents")*5, -3))
		if rapid.Bool().Draw(t, "sizeBased") {
			terms.Minimum = metrics.SizeBasedMinimum()
		}
	}
	terms.ExcessOnly = rapid.Bool().Draw(t, "excessOnly")
	return terms
}

// fiDrawYear draws a performance year: 5,000 to 100,000 person-years in hundredths, amounts in
// cents, every quality outcome.
func fiDrawYear(t *rapid.T) metrics.MSSPYear {
	cents := func(lo, hi int64, label string) decimal.Decimal {
		return decimal.New(rapid.Int64Range(lo, hi).Draw(t, label), -2)
	}
	y := metrics.MSSPYear{
		Beneficiaries:      cents(500_000, 10_000_000, "beneficiaries"),
		Benchmark:          cents(100_000, 3_000_000, "benchmark"),
		Quality:            rapid.SampledFrom(metrics.QualityOutcomes()).Draw(t, "quality"),
		ParticipantRevenue: cents(1, 100_000_000_000, "revenue"),
	}
	y.Expenditure = cents(y.Benchmark.Shift(2).IntPart()/2, y.Benchmark.Shift(2).IntPart()*3/2, "expenditure")
	if y.Quality == metrics.QualitySlidingScale {
		std := rapid.Int64Range(1, 100).Draw(t, "standard")
		y.QualityStandard = decimal.NewFromInt(std)
		y.QualityScore = decimal.NewFromInt(rapid.Int64Range(0, std-1).Draw(t, "score"))
	}
	return y
}

// TestSharedSavingsProperties checks, over drawn terms and years, that the shared savings
// never exceed the performance payment limit and the shared losses never exceed the loss
// sharing limit (both paid in cents, so against the limit rounded to cents, which rounding
// never crosses), that nothing is negative, and that the payment and amount owed are the
// explanation's last line.
func TestSharedSavingsProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		terms, year := fiDrawTerms(t), fiDrawYear(t)
		res := fiShared(t, terms, year)
		limit := terms.PerformanceLimit.Value.Mul(year.Benchmark).Mul(year.Beneficiaries)
		if res.Payment.IsNegative() || res.Payment.GreaterThan(limit.Round(2)) {
			t.Fatalf("payment %s, performance payment limit %s\n%s", res.Payment, limit, res.Explanation)
		}
		if l, ok := res.Explanation.Find(metrics.LineEarnedSavings); ok && l.Amount.GreaterThan(limit) {
			t.Fatalf("earned savings %s above the limit %s", l.Amount, limit)
		}
		lossCap := terms.LossLimitBenchmark.Value.Mul(year.Benchmark).Mul(year.Beneficiaries)
		if !terms.LossLimitRevenue.Value.IsZero() {
			lossCap = decimal.Min(lossCap, terms.LossLimitRevenue.Value.Mul(year.ParticipantRevenue))
		}
		if res.Owed.IsNegative() || res.Owed.GreaterThan(lossCap.Round(2)) {
			t.Fatalf("owed %s, loss sharing limit %s\n%s", res.Owed, lossCap, res.Explanation)
		}
	})
}

// TestSharedSavingsMonotone checks that more savings (a lower expenditure, all else equal)
// never decrease the payment and never increase the amount owed, across every branch: losses,
// savings below and above the minimum rate, the limits.
func TestSharedSavingsMonotone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		terms, year := fiDrawTerms(t), fiDrawYear(t)
		more := year
		cut := decimal.New(rapid.Int64Range(0, year.Expenditure.Shift(2).IntPart()-1).Draw(t, "cutCents"), -2)
		more.Expenditure = year.Expenditure.Sub(cut)
		a, b := fiShared(t, terms, year), fiShared(t, terms, more)
		if b.Payment.LessThan(a.Payment) || b.Owed.GreaterThan(a.Owed) {
			t.Fatalf("expenditure %s: payment %s owed %s; lower expenditure %s: payment %s owed %s",
				year.Expenditure, a.Payment, a.Owed, more.Expenditure, b.Payment, b.Owed)
		}
	})
}

// TestMSRTableMonotone checks that the default size-based MSR never rises with the number of
// beneficiaries, in a band or across bands, and stays from 2 % to 3.9 %.
func TestMSRTableMonotone(t *testing.T) {
	table := metrics.DefaultMSRTable()
	rapid.Check(t, func(t *rapid.T) {
		a := decimal.New(rapid.Int64Range(500_000, 8_000_000).Draw(t, "a"), -2)
		b := a.Add(decimal.New(rapid.Int64Range(0, 2_000_000).Draw(t, "more"), -2))
		ra, oka := table.Rate(a)
		rb, okb := table.Rate(b)
		if !oka || !okb || rb.GreaterThan(ra) || ra.GreaterThan(decimal.RequireFromString("0.039")) || rb.LessThan(decimal.RequireFromString("0.02")) {
			t.Fatalf("Rate(%s) = %s, %t; Rate(%s) = %s, %t", a, ra, oka, b, rb, okb)
		}
	})
}

// FuzzSharedSavings checks that no input makes SharedSavings panic or run away, and that what
// it accepts it pays or charges in non-negative cents, traced to the explanation's last line.
// Decimals come as strings, so the fuzzer reaches signs, exponents ("1e999999999") and
// fractions.
func FuzzSharedSavings(f *testing.F) {
	f.Add(uint8(0), uint8(0), "12000", "11500", "11040", "", "", "", "")
	f.Add(uint8(4), uint8(0), "20000", "10000", "10300", "50000000", "", "", "0.01")
	f.Add(uint8(5), uint8(2), "10000", "10000", "13000", "", "", "", "0.02")
	f.Add(uint8(1), uint8(1), "10000", "5000", "4750", "", "60", "75", "")
	f.Add(uint8(0), uint8(0), "1e999999999", "1e-999999999", "-0", "x", "1e15", "0e-40", "2")
	f.Add(uint8(3), uint8(2), "0e999999999", "10000", "10500", "0e999999999", "0", "0e16", "0e999999999")
	f.Fuzz(func(t *testing.T, track, quality uint8, n, bench, exp, revenue, score, standard, fixed string) {
		dec := func(s string) decimal.Decimal {
			d, err := decimal.NewFromString(s)
			if err != nil {
				return decimal.Decimal{}
			}
			return d
		}
		tracks, qualities := metrics.MSSPTracks(), metrics.QualityOutcomes()
		terms, err := tracks[int(track)%len(tracks)].Terms()
		if err != nil {
			t.Fatal(err)
		}
		if fixed != "" {
			terms.Minimum = metrics.FixedMinimum(dec(fixed))
		} else if terms.TwoSided {
			terms.Minimum = metrics.SizeBasedMinimum()
		}
		year := metrics.MSSPYear{
			Beneficiaries: dec(n), Benchmark: dec(bench), Expenditure: dec(exp), Quality: qualities[int(quality)%len(qualities)],
			QualityScore: dec(score), QualityStandard: dec(standard), ParticipantRevenue: dec(revenue),
		}
		res, err := metrics.SharedSavings(terms, year)
		if err != nil {
			if !errors.Is(err, carecoord.ErrInvalid) {
				t.Fatalf("error %v does not match carecoord.ErrInvalid", err)
			}
			return
		}
		if res.Payment.IsNegative() || res.Owed.IsNegative() || !res.Payment.Equal(res.Payment.Round(2)) || !res.Owed.Equal(res.Owed.Round(2)) {
			t.Fatalf("payment %s, owed %s", res.Payment, res.Owed)
		}
		fiShared(t, terms, year)
	})
}

// TestSizesBounded checks that values no real input has (10^15 or more, more than 30 decimal
// places) are out of range, and are rejected before any arithmetic that could take memory
// without bound.
func TestSizesBounded(t *testing.T) {
	terms, err := metrics.BasicLevelA.Terms()
	if err != nil {
		t.Fatal(err)
	}
	terms.SharingRate = metrics.Term{Value: fiD("1e-999999999")}
	_, err = metrics.SharedSavings(terms, metrics.MSSPYear{
		Beneficiaries: fiD("1e999999999"), Benchmark: fiD("1000000000000000"), Expenditure: fiD("999999999999999.999"),
		Quality: metrics.QualityMet, ParticipantRevenue: fiD("0e-31"),
	})
	want := []fiPC{
		{"terms.sharingRate.value", carecoord.FieldOutOfRange},
		{"year.beneficiaries", carecoord.FieldOutOfRange}, {"year.benchmark", carecoord.FieldOutOfRange}, {"year.participantRevenue", carecoord.FieldOutOfRange},
	}
	if diff := cmp.Diff(want, fieldtest.PathCodes[fiPC](t, err)); diff != "" {
		t.Errorf("SharedSavings errors mismatch (-want +got):\n%s", diff)
	}
	_, err = metrics.ReconcileCapitation(metrics.Capitation{MemberMonths: fiD("1e-31"), Payments: fiD("1e20"), Costs: fiD("1")})
	if diff := cmp.Diff([]fiPC{{"memberMonths", carecoord.FieldOutOfRange}, {"payments", carecoord.FieldOutOfRange}}, fieldtest.PathCodes[fiPC](t, err)); diff != "" {
		t.Errorf("ReconcileCapitation errors mismatch (-want +got):\n%s", diff)
	}
	err = metrics.PMPM{Cost: fiD("1e999999999"), MemberMonths: fiD("1")}.Validate()
	if diff := cmp.Diff([]fiPC{{"cost", carecoord.FieldOutOfRange}}, fieldtest.PathCodes[fiPC](t, err)); diff != "" {
		t.Errorf("PMPM.Validate errors mismatch (-want +got):\n%s", diff)
	}
	table := metrics.DefaultMSRTable()
	table.Bands[9].From = fiD("1e40")
	if diff := cmp.Diff([]fiPC{{"bands[9].from", carecoord.FieldOutOfRange}}, fieldtest.PathCodes[fiPC](t, table.Validate())); diff != "" {
		t.Errorf("MSRTable.Validate errors mismatch (-want +got):\n%s", diff)
	}
}
