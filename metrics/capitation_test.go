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

// TestReconcileCapitation checks a surplus, a deficit with per-member-month amounts that do
// not divide evenly (rounded half away from zero to QuotientPlaces) and a period without
// payments (no cost ratio), line by line.
func TestReconcileCapitation(t *testing.T) {
	for _, tc := range []struct {
		name  string
		c     metrics.Capitation
		lines []string // the amounts of the lines, in order
	}{
		{"surplus", metrics.Capitation{MemberMonths: fiD("1000"), Payments: fiD("500000"), Costs: fiD("450000")},
			[]string{"1000", "500000", "500", "450000", "450", "50000", "50", "0.9"}},
		{"deficit", metrics.Capitation{MemberMonths: fiD("3"), Payments: fiD("1000"), Costs: fiD("1100")},
			[]string{"3", "1000", "333.3333333333", "1100", "366.6666666667", "-100", "-33.3333333333", "1.1"}},
		{"fractional member months", metrics.Capitation{MemberMonths: fiD("2.5"), Payments: fiD("1000"), Costs: fiD("0")},
			[]string{"2.5", "1000", "400", "0", "0", "1000", "400", "0"}},
		{"no payments", metrics.Capitation{MemberMonths: fiD("12"), Costs: fiD("600")},
			[]string{"12", "0", "0", "600", "50", "-600", "-50"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := metrics.ReconcileCapitation(tc.c)
			if err != nil {
				t.Fatal(err)
			}
			labels := []metrics.LineLabel{metrics.LineMemberMonths, metrics.LineCapitationPayments, metrics.LineCapitationPMPM,
				metrics.LineCostOfCare, metrics.LineCostPMPM, metrics.LineSurplus, metrics.LineSurplusPMPM, metrics.LineCostRatio}
			var want metrics.Explanation
			for i, a := range tc.lines {
				want = append(want, metrics.ExplanationLine{Label: labels[i], Amount: fiD(a)})
			}
			ignore := cmp.FilterPath(func(p cmp.Path) bool {
				f, ok := p.Last().(cmp.StructField)
				return ok && (f.Name() == "Rule" || f.Name() == "Unit")
			}, cmp.Ignore())
			if diff := cmp.Diff(want, r.Explanation, ignore); diff != "" {
				t.Errorf("explanation mismatch (-want +got):\n%s", diff)
			}
			if !r.Surplus.Equal(tc.c.Payments.Sub(tc.c.Costs)) || !cmp.Equal(r.Capitation, tc.c) {
				t.Errorf("Surplus = %s, Capitation = %+v", r.Surplus, r.Capitation)
			}
		})
	}
}

func TestReconcileCapitationValidate(t *testing.T) {
	for _, tc := range []struct {
		c    metrics.Capitation
		want []fiPC
	}{
		{metrics.Capitation{}, []fiPC{{"memberMonths", carecoord.FieldRequired}}},
		{metrics.Capitation{MemberMonths: fiD("-1"), Payments: fiD("-1"), Costs: fiD("-0.01")}, []fiPC{
			{"memberMonths", carecoord.FieldOutOfRange}, {"payments", carecoord.FieldOutOfRange}, {"costs", carecoord.FieldOutOfRange},
		}},
	} {
		r, err := metrics.ReconcileCapitation(tc.c)
		if !errors.Is(err, carecoord.ErrInvalid) {
			t.Fatalf("ReconcileCapitation(%+v) = %+v, %v; want an error matching carecoord.ErrInvalid", tc.c, r, err)
		}
		if diff := cmp.Diff(tc.want, fieldtest.PathCodes[fiPC](t, err)); diff != "" {
			t.Errorf("validation mismatch (-want +got):\n%s", diff)
		}
	}
}

// TestCapitationMerge checks that reconciling parts of a population split by member and
// reconciling the whole agree: the surpluses add, and each per-member-month amount is the
// PMPM of the sums.
func TestCapitationMerge(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		draw := func(label string) metrics.Capitation {
			return metrics.Capitation{
				MemberMonths: decimal.New(rapid.Int64Range(1, 1_000_000).Draw(t, label+"MemberMonths"), 0),
				Payments:     decimal.New(rapid.Int64Range(0, 100_000_000_00).Draw(t, label+"Payments"), -2),
				Costs:        decimal.New(rapid.Int64Range(0, 100_000_000_00).Draw(t, label+"Costs"), -2),
			}
		}
		a, b := draw("a"), draw("b")
		ra, err := metrics.ReconcileCapitation(a)
		if err != nil {
			t.Fatal(err)
		}
		rb, err := metrics.ReconcileCapitation(b)
		if err != nil {
			t.Fatal(err)
		}
		whole, err := metrics.ReconcileCapitation(a.Add(b))
		if err != nil {
			t.Fatal(err)
		}
		if !whole.Surplus.Equal(ra.Surplus.Add(rb.Surplus)) {
			t.Fatalf("surplus of the whole %s, of the parts %s + %s", whole.Surplus, ra.Surplus, rb.Surplus)
		}
		cost, _ := metrics.PMPM{Cost: a.Costs, MemberMonths: a.MemberMonths}.Add(metrics.PMPM{Cost: b.Costs, MemberMonths: b.MemberMonths}).Value()
		if l, _ := whole.Explanation.Find(metrics.LineCostPMPM); !l.Amount.Equal(cost) {
			t.Fatalf("cost PMPM of the whole %s, PMPM of the sums %s", l.Amount, cost)
		}
	})
}
