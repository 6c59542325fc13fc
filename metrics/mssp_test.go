package metrics_test

import (
	"errors"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/internal/fieldtest"
	"github.com/carecoord/carecoord/metrics"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

var fiD = decimal.RequireFromString

type fiPC struct {
	Path string
	Code carecoord.FieldCode
}

// fiPreset returns the preset terms of track, with the minimum rate m when it is not the zero
// MinimumRate.
func fiPreset(t testing.TB, track metrics.MSSPTrack, m metrics.MinimumRate) metrics.MSSPTerms {
	t.Helper()
	terms, err := track.Terms()
	if err != nil {
		t.Fatalf("%s.Terms(): %v", track, err)
	}
	if m.Choice != "" {
		terms.Minimum = m
	}
	return terms
}

// fiYear returns a year with the quality standard met.
func fiYear(n, benchmark, expenditure string) metrics.MSSPYear {
	return metrics.MSSPYear{Beneficiaries: fiD(n), Benchmark: fiD(benchmark), Expenditure: fiD(expenditure), Quality: metrics.QualityMet}
}

// fiTB is what fiShared needs of a *testing.T or a *rapid.T.
type fiTB interface {
	Helper()
	Fatalf(format string, args ...any)
}

// fiShared runs SharedSavings and fails the test on an error, or when the result's Payment and
// Owed are not the amounts of the explanation's last line.
func fiShared(t fiTB, terms metrics.MSSPTerms, year metrics.MSSPYear) metrics.MSSPResult {
	t.Helper()
	res, err := metrics.SharedSavings(terms, year)
	if err != nil {
		t.Fatalf("SharedSavings: %v", err)
	}
	last := res.Explanation[len(res.Explanation)-1]
	switch last.Label {
	case metrics.LinePayment:
		if !last.Amount.Equal(res.Payment) || !res.Owed.IsZero() {
			t.Fatalf("payment line %s, result Payment %s Owed %s", last.Amount, res.Payment, res.Owed)
		}
	case metrics.LineOwed:
		if !last.Amount.Equal(res.Owed) || !res.Payment.IsZero() {
			t.Fatalf("owed line %s, result Payment %s Owed %s", last.Amount, res.Payment, res.Owed)
		}
	default:
		t.Fatalf("last line is %q, want payment or owed", last.Label)
	}
	return res
}

// fiLines returns the amounts of the explanation's lines by label (each label appears once).
func fiLines(e metrics.Explanation) map[metrics.LineLabel]decimal.Decimal {
	m := make(map[metrics.LineLabel]decimal.Decimal, len(e))
	for _, l := range e {
		m[l.Label] = l.Amount
	}
	return m
}

// fiAmounts parses want amounts.
func fiAmounts(kv map[metrics.LineLabel]string) map[metrics.LineLabel]decimal.Decimal {
	m := make(map[metrics.LineLabel]decimal.Decimal, len(kv))
	for k, v := range kv {
		m[k] = fiD(v)
	}
	return m
}

type fiCase struct {
	name    string
	terms   metrics.MSSPTerms
	year    metrics.MSSPYear
	outcome metrics.MSSPOutcome
	// lines are the amounts of every line the explanation must have, exactly.
	lines map[metrics.LineLabel]string
}

func fiRun(t *testing.T, cases []fiCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := fiShared(t, tc.terms, tc.year)
			if res.Outcome != tc.outcome {
				t.Errorf("Outcome = %s, want %s", res.Outcome, tc.outcome)
			}
			if diff := cmp.Diff(fiAmounts(tc.lines), fiLines(res.Explanation)); diff != "" {
				t.Errorf("explanation amounts mismatch (-want +got):\n%s\n%s", diff, res.Explanation)
			}
		})
	}
}

// TestSharedSavingsWorkedExamples runs the worked examples of the carecoord metrics spec §5.3
// (arithmetic computed by the spec; rule inputs as in §5.1) and checks every line exactly.
// Example E gives only "would earn $1,000,000 at 40 %"; the year below is one that does.
func TestSharedSavingsWorkedExamples(t *testing.T) {
	basicA := fiPreset(t, metrics.BasicLevelA, metrics.MinimumRate{})
	basicE1 := fiPreset(t, metrics.BasicLevelE, metrics.FixedMinimum(fiD("0.01")))
	revenue := func(y metrics.MSSPYear, r string) metrics.MSSPYear { y.ParticipantRevenue = fiD(r); return y }
	sliding := fiYear("10000", "5000", "4750")
	sliding.Quality, sliding.QualityScore, sliding.QualityStandard = metrics.QualitySlidingScale, fiD("60"), fiD("75")
	fiRun(t, []fiCase{
		{"A: BASIC A, quality met", basicA, fiYear("12000", "11500", "11040"), metrics.OutcomeSharedSavings, map[metrics.LineLabel]string{
			metrics.LineBeneficiaries: "12000", metrics.LineBenchmark: "11500", metrics.LineExpenditure: "11040",
			metrics.LineSavings: "460", metrics.LineSavingsRate: "0.04",
			metrics.LineMinimumSavingsRate: "0.02879976", metrics.LineMinimumSavings: "331.19724",
			metrics.LineTotalSavings: "5520000", metrics.LineFinalSharingRate: "0.4", metrics.LineSharedSavings: "2208000",
			metrics.LinePerformanceLimit: "13800000", metrics.LineEarnedSavings: "2208000",
			metrics.LineSequestration: "-44160", metrics.LinePayment: "2163840",
		}},
		{"A variant: savings below the MSR", basicA, fiYear("12000", "11500", "11200"), metrics.OutcomeBelowMSR, map[metrics.LineLabel]string{
			metrics.LineBeneficiaries: "12000", metrics.LineBenchmark: "11500", metrics.LineExpenditure: "11200",
			metrics.LineSavings: "300", metrics.LineSavingsRate: "0.0260869565",
			metrics.LineMinimumSavingsRate: "0.02879976", metrics.LineMinimumSavings: "331.19724",
			metrics.LinePayment: "0",
		}},
		{"B: BASIC E losses, fixed 1% MSR/MLR", basicE1, revenue(fiYear("20000", "10000", "10300"), "50000000"), metrics.OutcomeSharedLosses, map[metrics.LineLabel]string{
			metrics.LineBeneficiaries: "20000", metrics.LineBenchmark: "10000", metrics.LineExpenditure: "10300",
			metrics.LineSavings: "-300", metrics.LineSavingsRate: "-0.03", metrics.LineLosses: "300",
			metrics.LineMinimumLossRate: "0.01", metrics.LineMinimumLosses: "100",
			metrics.LineTotalLosses: "6000000", metrics.LineSharedLossRate: "0.3", metrics.LineSharedLosses: "1800000",
			metrics.LineLossLimitBenchmark: "8000000", metrics.LineLossLimitRevenue: "4000000", metrics.LineLossSharingLimit: "4000000",
			metrics.LineOwed: "1800000",
		}},
		{"B variant: losses below the MLR", basicE1, revenue(fiYear("20000", "10000", "10080"), "50000000"), metrics.OutcomeBelowMLR, map[metrics.LineLabel]string{
			metrics.LineBeneficiaries: "20000", metrics.LineBenchmark: "10000", metrics.LineExpenditure: "10080",
			metrics.LineSavings: "-80", metrics.LineSavingsRate: "-0.008", metrics.LineLosses: "80",
			metrics.LineMinimumLossRate: "0.01", metrics.LineMinimumLosses: "100", metrics.LineOwed: "0",
		}},
		{"C: BASIC E savings, cap binding", fiPreset(t, metrics.BasicLevelE, metrics.SizeBasedMinimum()), fiYear("5000", "10000", "7000"), metrics.OutcomeSharedSavings, map[metrics.LineLabel]string{
			metrics.LineBeneficiaries: "5000", metrics.LineBenchmark: "10000", metrics.LineExpenditure: "7000",
			metrics.LineSavings: "3000", metrics.LineSavingsRate: "0.3",
			metrics.LineMinimumSavingsRate: "0.039", metrics.LineMinimumSavings: "390",
			metrics.LineTotalSavings: "15000000", metrics.LineFinalSharingRate: "0.5", metrics.LineSharedSavings: "7500000",
			metrics.LinePerformanceLimit: "5000000", metrics.LineEarnedSavings: "5000000",
			metrics.LineSequestration: "-100000", metrics.LinePayment: "4900000",
		}},
		{"D: ENHANCED savings, fixed 2%", fiPreset(t, metrics.EnhancedTrack, metrics.FixedMinimum(fiD("0.02"))), fiYear("30000", "12000", "11400"), metrics.OutcomeSharedSavings, map[metrics.LineLabel]string{
			metrics.LineBeneficiaries: "30000", metrics.LineBenchmark: "12000", metrics.LineExpenditure: "11400",
			metrics.LineSavings: "600", metrics.LineSavingsRate: "0.05",
			metrics.LineMinimumSavingsRate: "0.02", metrics.LineMinimumSavings: "240",
			metrics.LineTotalSavings: "18000000", metrics.LineFinalSharingRate: "0.75", metrics.LineSharedSavings: "13500000",
			metrics.LinePerformanceLimit: "72000000", metrics.LineEarnedSavings: "13500000",
			metrics.LineSequestration: "-270000", metrics.LinePayment: "13230000",
		}},
		{"E: BASIC B, quality sliding scale", fiPreset(t, metrics.BasicLevelB, metrics.MinimumRate{}), sliding, metrics.OutcomeSharedSavings, map[metrics.LineLabel]string{
			metrics.LineBeneficiaries: "10000", metrics.LineBenchmark: "5000", metrics.LineExpenditure: "4750",
			metrics.LineSavings: "250", metrics.LineSavingsRate: "0.05",
			metrics.LineMinimumSavingsRate: "0.03", metrics.LineMinimumSavings: "150",
			metrics.LineTotalSavings: "2500000", metrics.LineFinalSharingRate: "0.32", metrics.LineSharedSavings: "800000",
			metrics.LinePerformanceLimit: "5000000", metrics.LineEarnedSavings: "800000",
			metrics.LineSequestration: "-16000", metrics.LinePayment: "784000",
		}},
	})
}

// TestSharedSavingsLineOrder pins the order of the lines of both branches.
func TestSharedSavingsLineOrder(t *testing.T) {
	labels := func(e metrics.Explanation) []metrics.LineLabel {
		var out []metrics.LineLabel
		for _, l := range e {
			out = append(out, l.Label)
		}
		return out
	}
	terms := fiPreset(t, metrics.EnhancedTrack, metrics.FixedMinimum(fiD("0.005")))
	terms.ExcessOnly = true
	terms.LossLimitRevenue = metrics.Term{Value: fiD("0.08")}
	savings := fiShared(t, terms, fiYear("8000", "10000", "9000"))
	want := []metrics.LineLabel{
		metrics.LineBeneficiaries, metrics.LineBenchmark, metrics.LineExpenditure, metrics.LineSavings, metrics.LineSavingsRate,
		metrics.LineMinimumSavingsRate, metrics.LineMinimumSavings, metrics.LineTotalSavings, metrics.LineShareableSavings,
		metrics.LineFinalSharingRate, metrics.LineSharedSavings, metrics.LinePerformanceLimit, metrics.LineEarnedSavings,
		metrics.LineSequestration, metrics.LinePayment,
	}
	if diff := cmp.Diff(want, labels(savings.Explanation)); diff != "" {
		t.Errorf("savings lines mismatch (-want +got):\n%s", diff)
	}
	year := fiYear("8000", "10000", "11000")
	year.ParticipantRevenue = fiD("1000000")
	losses := fiShared(t, terms, year)
	want = []metrics.LineLabel{
		metrics.LineBeneficiaries, metrics.LineBenchmark, metrics.LineExpenditure, metrics.LineSavings, metrics.LineSavingsRate,
		metrics.LineLosses, metrics.LineMinimumLossRate, metrics.LineMinimumLosses, metrics.LineTotalLosses, metrics.LineShareableLosses,
		metrics.LineFinalSharingRate, metrics.LineSharedLossRate, metrics.LineSharedLosses,
		metrics.LineLossLimitBenchmark, metrics.LineLossLimitRevenue, metrics.LineLossSharingLimit, metrics.LineOwed,
	}
	if diff := cmp.Diff(want, labels(losses.Explanation)); diff != "" {
		t.Errorf("loss lines mismatch (-want +got):\n%s", diff)
	}
}

// TestSharedSavingsEdges checks the edge cases of the metrics spec §5.2 and the other
// branches: savings exactly at, a cent below and a cent above the MSR; losses within, at and
// above the MLR; the payment and loss limits binding; quality not met; one-sided losses; no
// beneficiaries; excess-only sharing; fractional person-years; rounding to cents.
func TestSharedSavingsEdges(t *testing.T) {
	basicA := fiPreset(t, metrics.BasicLevelA, metrics.MinimumRate{})
	basicE1 := fiPreset(t, metrics.BasicLevelE, metrics.FixedMinimum(fiD("0.01")))
	enhanced := fiPreset(t, metrics.EnhancedTrack, metrics.FixedMinimum(fiD("0.02")))
	withRevenue := func(y metrics.MSSPYear, r string) metrics.MSSPYear { y.ParticipantRevenue = fiD(r); return y }
	quality := func(y metrics.MSSPYear, q metrics.QualityOutcome) metrics.MSSPYear { y.Quality = q; return y }
	excess := basicA
	excess.ExcessOnly = true
	zeroMSR := fiPreset(t, metrics.BasicLevelC, metrics.FixedMinimum(decimal.Zero))
	// Custom one-sided terms: any MSR, half of savings, no cap to speak of, no sequestration.
	half := metrics.MSSPTerms{
		Minimum: metrics.FixedMinimum(decimal.Zero), SharingRate: metrics.Term{Value: fiD("0.5")},
		PerformanceLimit: metrics.Term{Value: fiD("1")}, TwoSided: true,
		LossRateMin: metrics.Term{Value: fiD("0.5")}, LossRateMax: metrics.Term{Value: fiD("0.5")}, LossLimitBenchmark: metrics.Term{Value: fiD("1")},
	}
	const met, below = metrics.OutcomeSharedSavings, metrics.OutcomeBelowMSR
	fiRun(t, []fiCase{
		// At 10,000 beneficiaries the size-based MSR is 3 % exactly: $300 of $10,000.
		{"savings exactly at the MSR qualify", basicA, fiYear("10000", "10000", "9700"), met, map[metrics.LineLabel]string{
			metrics.LineBeneficiaries: "10000", metrics.LineBenchmark: "10000", metrics.LineExpenditure: "9700",
			metrics.LineSavings: "300", metrics.LineSavingsRate: "0.03", metrics.LineMinimumSavingsRate: "0.03", metrics.LineMinimumSavings: "300",
			metrics.LineTotalSavings: "3000000", metrics.LineFinalSharingRate: "0.4", metrics.LineSharedSavings: "1200000",
			metrics.LinePerformanceLimit: "10000000", metrics.LineEarnedSavings: "1200000", metrics.LineSequestration: "-24000", metrics.LinePayment: "1176000",
		}},
		{"savings a cent below the MSR", basicA, fiYear("10000", "10000", "9700.01"), below, map[metrics.LineLabel]string{
			metrics.LineBeneficiaries: "10000", metrics.LineBenchmark: "10000", metrics.LineExpenditure: "9700.01",
			metrics.LineSavings: "299.99", metrics.LineSavingsRate: "0.029999", metrics.LineMinimumSavingsRate: "0.03", metrics.LineMinimumSavings: "300",
			metrics.LinePayment: "0",
		}},
		{"savings a cent above the MSR", basicA, fiYear("10000", "10000", "9699.99"), met, map[metrics.LineLabel]string{
			metrics.LineBeneficiaries: "10000", metrics.LineBenchmark: "10000", metrics.LineExpenditure: "9699.99",
			metrics.LineSavings: "300.01", metrics.LineSavingsRate: "0.030001", metrics.LineMinimumSavingsRate: "0.03", metrics.LineMinimumSavings: "300",
			metrics.LineTotalSavings: "3000100", metrics.LineFinalSharingRate: "0.4", metrics.LineSharedSavings: "1200040",
			metrics.LinePerformanceLimit: "10000000", metrics.LineEarnedSavings: "1200040", metrics.LineSequestration: "-24000.8", metrics.LinePayment: "1176039.2",
		}},
		{"losses exactly at the MLR are shared", basicE1, withRevenue(fiYear("20000", "10000", "10100"), "50000000"), metrics.OutcomeSharedLosses, map[metrics.LineLabel]string{
			metrics.LineBeneficiaries: "20000", metrics.LineBenchmark: "10000", metrics.LineExpenditure: "10100",
			metrics.LineSavings: "-100", metrics.LineSavingsRate: "-0.01", metrics.LineLosses: "100", metrics.LineMinimumLossRate: "0.01", metrics.LineMinimumLosses: "100",
			metrics.LineTotalLosses: "2000000", metrics.LineSharedLossRate: "0.3", metrics.LineSharedLosses: "600000",
			metrics.LineLossLimitBenchmark: "8000000", metrics.LineLossLimitRevenue: "4000000", metrics.LineLossSharingLimit: "4000000", metrics.LineOwed: "600000",
		}},
		{"losses a cent within the MLR", basicE1, withRevenue(fiYear("20000", "10000", "10099.99"), "50000000"), metrics.OutcomeBelowMLR, map[metrics.LineLabel]string{
			metrics.LineBeneficiaries: "20000", metrics.LineBenchmark: "10000", metrics.LineExpenditure: "10099.99",
			metrics.LineSavings: "-99.99", metrics.LineSavingsRate: "-0.009999", metrics.LineLosses: "99.99", metrics.LineMinimumLossRate: "0.01", metrics.LineMinimumLosses: "100",
			metrics.LineOwed: "0",
		}},
		{"revenue-based loss limit binding", basicE1, withRevenue(fiYear("20000", "10000", "10300"), "5000000"), metrics.OutcomeSharedLosses, map[metrics.LineLabel]string{
			metrics.LineBeneficiaries: "20000", metrics.LineBenchmark: "10000", metrics.LineExpenditure: "10300",
			metrics.LineSavings: "-300", metrics.LineSavingsRate: "-0.03", metrics.LineLosses: "300", metrics.LineMinimumLossRate: "0.01", metrics.LineMinimumLosses: "100",
			metrics.LineTotalLosses: "6000000", metrics.LineSharedLossRate: "0.3", metrics.LineSharedLosses: "1800000",
			metrics.LineLossLimitBenchmark: "8000000", metrics.LineLossLimitRevenue: "400000", metrics.LineLossSharingLimit: "400000", metrics.LineOwed: "400000",
		}},
		// ENHANCED, quality not met: no sharing rate, so losses at the 75 % maximum, capped at
		// 15 % of the benchmark.
		{"ENHANCED quality not met, benchmark loss limit binding", enhanced, quality(fiYear("10000", "10000", "13000"), metrics.QualityNotMet), metrics.OutcomeSharedLosses, map[metrics.LineLabel]string{
			metrics.LineBeneficiaries: "10000", metrics.LineBenchmark: "10000", metrics.LineExpenditure: "13000",
			metrics.LineSavings: "-3000", metrics.LineSavingsRate: "-0.3", metrics.LineLosses: "3000", metrics.LineMinimumLossRate: "0.02", metrics.LineMinimumLosses: "200",
			metrics.LineTotalLosses: "30000000", metrics.LineFinalSharingRate: "0", metrics.LineSharedLossRate: "0.75", metrics.LineSharedLosses: "22500000",
			metrics.LineLossLimitBenchmark: "15000000", metrics.LineOwed: "15000000",
		}},
		// ENHANCED, quality met: 1 − 75 % = 25 %, raised to the 40 % minimum.
		{"ENHANCED quality met, loss rate at its minimum", enhanced, fiYear("10000", "10000", "10500"), metrics.OutcomeSharedLosses, map[metrics.LineLabel]string{
			metrics.LineBeneficiaries: "10000", metrics.LineBenchmark: "10000", metrics.LineExpenditure: "10500",
			metrics.LineSavings: "-500", metrics.LineSavingsRate: "-0.05", metrics.LineLosses: "500", metrics.LineMinimumLossRate: "0.02", metrics.LineMinimumLosses: "200",
			metrics.LineTotalLosses: "5000000", metrics.LineFinalSharingRate: "0.75", metrics.LineSharedLossRate: "0.4", metrics.LineSharedLosses: "2000000",
			metrics.LineLossLimitBenchmark: "15000000", metrics.LineOwed: "2000000",
		}},
		{"quality not met: savings earn nothing", basicA, quality(fiYear("12000", "11500", "11040"), metrics.QualityNotMet), met, map[metrics.LineLabel]string{
			metrics.LineBeneficiaries: "12000", metrics.LineBenchmark: "11500", metrics.LineExpenditure: "11040",
			metrics.LineSavings: "460", metrics.LineSavingsRate: "0.04", metrics.LineMinimumSavingsRate: "0.02879976", metrics.LineMinimumSavings: "331.19724",
			metrics.LineTotalSavings: "5520000", metrics.LineFinalSharingRate: "0", metrics.LineSharedSavings: "0",
			metrics.LinePerformanceLimit: "13800000", metrics.LineEarnedSavings: "0", metrics.LineSequestration: "0", metrics.LinePayment: "0",
		}},
		{"one-sided losses: nothing owed", basicA, fiYear("12000", "11500", "12000"), metrics.OutcomeLossesNotShared, map[metrics.LineLabel]string{
			metrics.LineBeneficiaries: "12000", metrics.LineBenchmark: "11500", metrics.LineExpenditure: "12000",
			metrics.LineSavings: "-500", metrics.LineSavingsRate: "-0.0434782609", metrics.LineOwed: "0",
		}},
		// No beneficiaries: nothing to share, and no MSR is looked up (the table starts at 5,000).
		{"zero beneficiaries", basicA, fiYear("0", "11500", "11040"), metrics.OutcomeNoBeneficiaries, map[metrics.LineLabel]string{
			metrics.LineBeneficiaries: "0", metrics.LineBenchmark: "11500", metrics.LineExpenditure: "11040", metrics.LinePayment: "0",
		}},
		{"expenditure equal to the benchmark, size-based MSR", basicA, fiYear("12000", "11500", "11500"), below, map[metrics.LineLabel]string{
			metrics.LineBeneficiaries: "12000", metrics.LineBenchmark: "11500", metrics.LineExpenditure: "11500",
			metrics.LineSavings: "0", metrics.LineSavingsRate: "0", metrics.LineMinimumSavingsRate: "0.02879976", metrics.LineMinimumSavings: "331.19724", metrics.LinePayment: "0",
		}},
		{"expenditure equal to the benchmark, 0% MSR", zeroMSR, fiYear("12000", "11500", "11500"), met, map[metrics.LineLabel]string{
			metrics.LineBeneficiaries: "12000", metrics.LineBenchmark: "11500", metrics.LineExpenditure: "11500",
			metrics.LineSavings: "0", metrics.LineSavingsRate: "0", metrics.LineMinimumSavingsRate: "0", metrics.LineMinimumSavings: "0",
			metrics.LineTotalSavings: "0", metrics.LineFinalSharingRate: "0.5", metrics.LineSharedSavings: "0",
			metrics.LinePerformanceLimit: "13800000", metrics.LineEarnedSavings: "0", metrics.LineSequestration: "0", metrics.LinePayment: "0",
		}},
		// Example A sharing only the excess over the MSR: (460 − 331.19724) × 12,000 × 40 %,
		// less 2 %: 605,888.18304, paid as 605,888.18.
		{"excess only", excess, fiYear("12000", "11500", "11040"), met, map[metrics.LineLabel]string{
			metrics.LineBeneficiaries: "12000", metrics.LineBenchmark: "11500", metrics.LineExpenditure: "11040",
			metrics.LineSavings: "460", metrics.LineSavingsRate: "0.04", metrics.LineMinimumSavingsRate: "0.02879976", metrics.LineMinimumSavings: "331.19724",
			metrics.LineTotalSavings: "5520000", metrics.LineShareableSavings: "1545633.12", metrics.LineFinalSharingRate: "0.4", metrics.LineSharedSavings: "618253.248",
			metrics.LinePerformanceLimit: "13800000", metrics.LineEarnedSavings: "618253.248", metrics.LineSequestration: "-12365.06496", metrics.LinePayment: "605888.18",
		}},
		// Person-years are interpolated on the real value (§5.2): 3 % + 2,000.5 × −0.3 % ÷ 4,999.
		{"fractional person-years", basicA, fiYear("12000.5", "10000", "9000"), met, map[metrics.LineLabel]string{
			metrics.LineBeneficiaries: "12000.5", metrics.LineBenchmark: "10000", metrics.LineExpenditure: "9000",
			metrics.LineSavings: "1000", metrics.LineSavingsRate: "0.1", metrics.LineMinimumSavingsRate: "0.0287994599", metrics.LineMinimumSavings: "287.994599",
			metrics.LineTotalSavings: "12000500", metrics.LineFinalSharingRate: "0.4", metrics.LineSharedSavings: "4800200",
			metrics.LinePerformanceLimit: "12000500", metrics.LineEarnedSavings: "4800200", metrics.LineSequestration: "-96004", metrics.LinePayment: "4704196",
		}},
		// Half of $50.01 is $25.005: paid as $25.01 (half away from zero; banker's rounding
		// would pay $25.00), and owed the same way.
		{"payment rounds half away from zero", half, fiYear("5001", "100.01", "100"), met, map[metrics.LineLabel]string{
			metrics.LineBeneficiaries: "5001", metrics.LineBenchmark: "100.01", metrics.LineExpenditure: "100",
			metrics.LineSavings: "0.01", metrics.LineSavingsRate: "0.0000999900", metrics.LineMinimumSavingsRate: "0", metrics.LineMinimumSavings: "0",
			metrics.LineTotalSavings: "50.01", metrics.LineFinalSharingRate: "0.5", metrics.LineSharedSavings: "25.005",
			metrics.LinePerformanceLimit: "500150.01", metrics.LineEarnedSavings: "25.005", metrics.LineSequestration: "0", metrics.LinePayment: "25.01",
		}},
		{"owed rounds half away from zero", half, fiYear("5001", "100", "100.01"), metrics.OutcomeSharedLosses, map[metrics.LineLabel]string{
			metrics.LineBeneficiaries: "5001", metrics.LineBenchmark: "100", metrics.LineExpenditure: "100.01",
			metrics.LineSavings: "-0.01", metrics.LineSavingsRate: "-0.0001", metrics.LineLosses: "0.01", metrics.LineMinimumLossRate: "0", metrics.LineMinimumLosses: "0",
			metrics.LineTotalLosses: "50.01", metrics.LineSharedLossRate: "0.5", metrics.LineSharedLosses: "25.005",
			metrics.LineLossLimitBenchmark: "500100", metrics.LineOwed: "25.01",
		}},
	})
}

// TestSharedSavingsSlidingScaleRounding checks that a sliding-scale sharing rate is one
// quotient, rounded to QuotientPlaces: 40 % × 61 ÷ 75 = 32.5333… %.
func TestSharedSavingsSlidingScaleRounding(t *testing.T) {
	year := fiYear("10000", "5000", "4750")
	year.Quality, year.QualityScore, year.QualityStandard = metrics.QualitySlidingScale, fiD("61"), fiD("75")
	res := fiShared(t, fiPreset(t, metrics.BasicLevelB, metrics.MinimumRate{}), year)
	got := fiLines(res.Explanation)
	for label, want := range fiAmounts(map[metrics.LineLabel]string{
		metrics.LineFinalSharingRate: "0.3253333333",
		metrics.LineSharedSavings:    "813333.33325",
		metrics.LineSequestration:    "-16266.666665",
		metrics.LinePayment:          "797066.67",
	}) {
		if !got[label].Equal(want) {
			t.Errorf("%s = %s, want %s", label, got[label], want)
		}
	}
}

// TestMSRTableRate checks the size-based MSR: the band ends, the interpolation (the spec's
// 12,000 → 2.880 %, CMS-1345-P's 7,500 → 3.3 % to one decimal, exactly 3.3 % when a band
// runs to the next band's start), the flat top band and the gap below 5,000.
func TestMSRTableRate(t *testing.T) {
	def := metrics.DefaultMSRTable()
	next := metrics.DefaultMSRTable()
	for i := range next.Bands[:len(next.Bands)-1] {
		next.Bands[i].To = next.Bands[i+1].From
	}
	for _, tc := range []struct {
		table metrics.MSRTable
		n     string
		want  string // "" when not covered
	}{
		{def, "5000", "0.039"},
		{def, "5999", "0.036"},
		{def, "5999.5", "0.036"}, // between bands: the high end of the lower one
		{def, "6000", "0.036"},
		{def, "7500", "0.032998999"},
		{def, "12000", "0.02879976"},
		{def, "14999", "0.027"},
		{def, "59999", "0.02"},
		{def, "60000", "0.02"},
		{def, "1000000", "0.02"},
		{def, "4999.99", ""},
		{def, "0", ""},
		{next, "7500", "0.033"},
		{next, "12000", "0.0288"},
		{metrics.MSRTable{}, "12000", "0.02879976"}, // no bands: the default table
	} {
		got, ok := tc.table.Rate(fiD(tc.n))
		if tc.want == "" {
			if ok {
				t.Errorf("Rate(%s) = %s, true; want not covered", tc.n, got)
			}
			continue
		}
		if !ok || !got.Equal(fiD(tc.want)) {
			t.Errorf("Rate(%s) = %s, %t; want %s", tc.n, got, ok, tc.want)
		}
	}
	if got, _ := def.Rate(fiD("7500")); got.Shift(2).Round(1).String() != "3.3" {
		t.Errorf("Rate(7500) = %s, want 3.3%% to one decimal (CMS-1345-P p. 268)", got)
	}
	if got, _ := def.Rate(fiD("12000")); got.Shift(2).StringFixed(3) != "2.880" {
		t.Errorf("Rate(12000) = %s, want 2.880%% to three decimals (metrics spec §5.3 Example A)", got)
	}
}

// TestMSSPTermsPresets checks every preset against the table in MSSPTrack.Terms' doc (from the
// metrics spec §5.1), with the basis the spec gives each value.
func TestMSSPTermsPresets(t *testing.T) {
	type row struct {
		TwoSided                                         bool
		Minimum                                          metrics.MinimumChoice
		Sharing, Limit, LossMin, LossMax, Bench, Revenue string
		SharingBasis, OtherBasis                         metrics.Basis
	}
	summary := func(m metrics.MSSPTerms) row {
		s := func(t metrics.Term) string { return t.Value.String() }
		return row{m.TwoSided, m.Minimum.Choice, s(m.SharingRate), s(m.PerformanceLimit), s(m.LossRateMin), s(m.LossRateMax),
			s(m.LossLimitBenchmark), s(m.LossLimitRevenue), m.SharingRate.Basis, m.PerformanceLimit.Basis}
	}
	const s, g = metrics.BasisSecondary, metrics.BasisGeneral
	want := map[metrics.MSSPTrack]row{
		metrics.BasicLevelA:   {false, metrics.MinimumSizeBased, "0.4", "0.1", "0", "0", "0", "0", s, g},
		metrics.BasicLevelB:   {false, metrics.MinimumSizeBased, "0.4", "0.1", "0", "0", "0", "0", s, g},
		metrics.BasicLevelC:   {true, "", "0.5", "0.1", "0.3", "0.3", "0.01", "0.02", s, g},
		metrics.BasicLevelD:   {true, "", "0.5", "0.1", "0.3", "0.3", "0.02", "0.04", s, g},
		metrics.BasicLevelE:   {true, "", "0.5", "0.1", "0.3", "0.3", "0.04", "0.08", s, g},
		metrics.EnhancedTrack: {true, "", "0.75", "0.2", "0.4", "0.75", "0.15", "0", s, g},
	}
	for _, track := range metrics.MSSPTracks() {
		terms := fiPreset(t, track, metrics.MinimumRate{})
		if diff := cmp.Diff(want[track], summary(terms)); diff != "" {
			t.Errorf("%s.Terms() mismatch (-want +got):\n%s", track, diff)
		}
		if !terms.Sequestration.Value.Equal(fiD("0.02")) || terms.Sequestration.Basis != g || terms.Track != track {
			t.Errorf("%s.Terms(): sequestration %+v, track %s", track, terms.Sequestration, terms.Track)
		}
		if terms.TwoSided && terms.LossRateMin.Basis != g {
			t.Errorf("%s.Terms(): loss rate basis %q, want G", track, terms.LossRateMin.Basis)
		}
	}
	// Each call returns its own table.
	a := fiPreset(t, metrics.BasicLevelA, metrics.MinimumRate{})
	a.Minimum.Table.Bands[0].Low = fiD("0.5")
	if b := fiPreset(t, metrics.BasicLevelA, metrics.MinimumRate{}); !b.Minimum.Table.Bands[0].Low.Equal(fiD("0.039")) {
		t.Errorf("changing one preset's table changed the next: %s", b.Minimum.Table.Bands[0].Low)
	}
	if b := metrics.DefaultMSRTable(); b.Basis != g || len(b.Bands) != 10 {
		t.Errorf("DefaultMSRTable: basis %q, %d bands", b.Basis, len(b.Bands))
	}
	if _, err := metrics.MSSPTrack("track-1").Terms(); !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf(`MSSPTrack("track-1").Terms() error = %v, want ErrInvalid`, err)
	}
}

// TestSharedSavingsValidate checks that impossible inputs are errors naming the field and the
// rule: negative beneficiaries, a missing benchmark, rates outside 0–1, no minimum rate, a
// sliding scale without its scores, fewer beneficiaries than the MSR table covers, a loss
// without the revenue its limit needs.
func TestSharedSavingsValidate(t *testing.T) {
	basicA := fiPreset(t, metrics.BasicLevelA, metrics.MinimumRate{})
	bad := fiPreset(t, metrics.BasicLevelE, metrics.MinimumRate{}) // no minimum chosen
	bad.Track = "track-9"
	bad.SharingRate = metrics.Term{Value: fiD("1.5")}
	bad.Sequestration = metrics.Term{Value: fiD("-0.02"), Basis: "X"}
	bad.LossRateMin = metrics.Term{Value: fiD("0.8")}
	table := metrics.SizeBasedMinimum()
	table.Table.Bands[1].From = fiD("5000")
	table.Table.Bands[2].To = fiD("9000")
	table.Table.Bands[3].High = fiD("2")
	badTable := basicA
	badTable.Minimum = table
	fixed := basicA
	fixed.Minimum = metrics.MinimumRate{Choice: metrics.MinimumFixed, Fixed: metrics.Term{Value: fiD("-0.01")}}
	odd := basicA
	odd.Minimum = metrics.MinimumRate{Choice: "by-committee"}
	revenueLoss := fiPreset(t, metrics.BasicLevelC, metrics.SizeBasedMinimum())

	for _, tc := range []struct {
		name  string
		terms metrics.MSSPTerms
		year  metrics.MSSPYear
		want  []fiPC
	}{
		{"zero year", basicA, metrics.MSSPYear{}, []fiPC{
			{"year.benchmark", carecoord.FieldRequired}, {"year.expenditure", carecoord.FieldRequired}, {"year.quality", carecoord.FieldRequired},
		}},
		{"negative amounts", basicA, metrics.MSSPYear{Beneficiaries: fiD("-1"), Benchmark: fiD("-1"), Expenditure: fiD("-1"), Quality: "great", ParticipantRevenue: fiD("-1")}, []fiPC{
			{"year.beneficiaries", carecoord.FieldOutOfRange}, {"year.benchmark", carecoord.FieldOutOfRange}, {"year.expenditure", carecoord.FieldOutOfRange},
			{"year.quality", carecoord.FieldNotSupported}, {"year.participantRevenue", carecoord.FieldOutOfRange},
		}},
		{"sliding scale without scores", basicA, metrics.MSSPYear{Beneficiaries: fiD("6000"), Benchmark: fiD("1"), Expenditure: fiD("1"), Quality: metrics.QualitySlidingScale, QualityScore: fiD("-1")}, []fiPC{
			{"year.qualityStandard", carecoord.FieldRequired}, {"year.qualityScore", carecoord.FieldOutOfRange},
		}},
		{"sliding scale with the standard met", basicA, metrics.MSSPYear{Beneficiaries: fiD("6000"), Benchmark: fiD("1"), Expenditure: fiD("1"), Quality: metrics.QualitySlidingScale, QualityScore: fiD("75"), QualityStandard: fiD("75")}, []fiPC{
			{"year.qualityScore", carecoord.FieldInvalid},
		}},
		{"bad terms", bad, fiYear("6000", "1", "1"), []fiPC{
			{"terms.track", carecoord.FieldNotSupported}, {"terms.minimum.choice", carecoord.FieldRequired},
			{"terms.sharingRate.value", carecoord.FieldOutOfRange}, {"terms.sequestration.value", carecoord.FieldOutOfRange},
			{"terms.sequestration.basis", carecoord.FieldNotSupported}, {"terms.lossRateMax.value", carecoord.FieldInvalid},
		}},
		{"bad table", badTable, fiYear("6000", "1", "1"), []fiPC{
			{"terms.minimum.table.bands[0].to", carecoord.FieldInvalid}, {"terms.minimum.table.bands[1].from", carecoord.FieldInvalid},
			{"terms.minimum.table.bands[2].to", carecoord.FieldInvalid}, {"terms.minimum.table.bands[3].high", carecoord.FieldOutOfRange},
		}},
		{"fixed rate below 0", fixed, fiYear("6000", "1", "1"), []fiPC{{"terms.minimum.fixed.value", carecoord.FieldOutOfRange}}},
		{"unknown choice", odd, fiYear("6000", "1", "1"), []fiPC{{"terms.minimum.choice", carecoord.FieldNotSupported}}},
		{"below the MSR table", basicA, fiYear("4999", "10000", "9000"), []fiPC{{"year.beneficiaries", carecoord.FieldOutOfRange}}},
		{"loss without revenue", revenueLoss, fiYear("6000", "10000", "10500"), []fiPC{{"year.participantRevenue", carecoord.FieldRequired}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := metrics.SharedSavings(tc.terms, tc.year)
			if !errors.Is(err, carecoord.ErrInvalid) {
				t.Fatalf("SharedSavings = %+v, %v; want an error matching carecoord.ErrInvalid", res, err)
			}
			if diff := cmp.Diff(tc.want, fieldtest.PathCodes[fiPC](t, err)); diff != "" {
				t.Errorf("validation mismatch (-want +got):\n%s", diff)
			}
		})
	}

	// What is not needed is not required: a one-sided ACO below the table with losses needs no
	// MSR, a two-sided one with savings needs no revenue.
	fiShared(t, basicA, fiYear("4000", "10000", "10500"))
	fiShared(t, revenueLoss, fiYear("6000", "10000", "9000"))
}
