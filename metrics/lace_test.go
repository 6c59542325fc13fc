package metrics_test

import (
	"errors"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/transition"
	"github.com/google/go-cmp/cmp"
)

// rkStay returns the days of a stay of n days from 2025-03-03.
func rkStay(n int) (admitted, discharged civil.Date) {
	admitted = civil.MustParse("2025-03-03")
	return admitted, admitted.AddDays(n)
}

// rkLACE returns a LACE input for a stay of days days.
func rkLACE(days int, emergent bool, charlson, ed int) metrics.LACEInput {
	a, d := rkStay(days)
	return metrics.LACEInput{Admitted: a, Discharged: d, Emergent: emergent, Charlson: charlson, EDVisits: ed}
}

// The metrics spec §6.5 LACE vectors.
func TestLACESpecVectors(t *testing.T) {
	tests := []struct {
		name string
		in   metrics.LACEInput
		want metrics.LACEScore
	}{
		{"LOS 5, emergent, Charlson 2, 1 ED visit", rkLACE(5, true, 2, 1),
			metrics.LACEScore{Total: 10, Tier: transition.RiskHigh, Days: 5, L: 4, A: 3, C: 2, E: 1}},
		{"same-day elective stay, Charlson 0, no ED visit", rkLACE(0, false, 0, 0),
			metrics.LACEScore{Total: 0, Tier: transition.RiskLow}},
		{"the maximum: LOS 14, emergent, Charlson 6, 5 ED visits", rkLACE(14, true, 6, 5),
			metrics.LACEScore{Total: 19, Tier: transition.RiskHigh, Days: 14, L: 7, A: 3, C: 5, E: 4}},
		{"LOS 3, elective, Charlson 4 (3 -> 5 points), no ED visit", rkLACE(3, false, 4, 0),
			metrics.LACEScore{Total: 8, Tier: transition.RiskModerate, Days: 3, L: 3, C: 5}},
	}
	for _, tc := range tests {
		got, err := metrics.LACE(tc.in, metrics.LACEOptions{})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("LACE(%s) mismatch (-want +got):\n%s", tc.name, diff)
		}
	}
}

// Each row of the spec's point table, at both edges.
func TestLACEPointTable(t *testing.T) {
	for _, tc := range []struct{ days, l int }{
		{0, 0}, {1, 1}, {2, 2}, {3, 3}, {4, 4}, {6, 4}, {7, 5}, {13, 5}, {14, 7}, {400, 7},
	} {
		if s, err := metrics.LACE(rkLACE(tc.days, false, 0, 0), metrics.LACEOptions{}); err != nil || s.L != tc.l || s.Days != tc.days {
			t.Errorf("LACE(LOS %d) L = %d (days %d), %v; want %d", tc.days, s.L, s.Days, err, tc.l)
		}
	}
	for _, tc := range []struct{ charlson, c int }{{0, 0}, {1, 1}, {2, 2}, {3, 3}, {4, 5}, {5, 5}, {29, 5}} {
		if s, err := metrics.LACE(rkLACE(0, false, tc.charlson, 0), metrics.LACEOptions{}); err != nil || s.C != tc.c {
			t.Errorf("LACE(Charlson %d) C = %d, %v; want %d", tc.charlson, s.C, err, tc.c)
		}
	}
	for _, tc := range []struct{ visits, e int }{{0, 0}, {1, 1}, {2, 2}, {3, 3}, {4, 4}, {12, 4}} {
		if s, err := metrics.LACE(rkLACE(0, false, 0, tc.visits), metrics.LACEOptions{}); err != nil || s.E != tc.e {
			t.Errorf("LACE(%d ED visits) E = %d, %v; want %d", tc.visits, s.E, err, tc.e)
		}
	}
	for _, tc := range []struct {
		emergent bool
		a        int
	}{{false, 0}, {true, 3}} {
		if s, err := metrics.LACE(rkLACE(0, tc.emergent, 0, 0), metrics.LACEOptions{}); err != nil || s.A != tc.a {
			t.Errorf("LACE(emergent %v) A = %d, %v; want %d", tc.emergent, s.A, err, tc.a)
		}
	}
}

// Every combination of the point table's rows: the total is the sum of the points, from 0
// to 19 as transition.TierFromLACE expects, and the tier is TierFromLACE's by default and the
// caller's bands' when given.
func TestLACETiers(t *testing.T) {
	seen := map[int]bool{}
	for _, l := range []struct{ days, points int }{{0, 0}, {1, 1}, {2, 2}, {3, 3}, {5, 4}, {10, 5}, {20, 7}} {
		for _, a := range []int{0, 3} {
			for _, c := range []struct{ charlson, points int }{{0, 0}, {1, 1}, {2, 2}, {3, 3}, {7, 5}} {
				for e := range 5 {
					in := rkLACE(l.days, a == 3, c.charlson, e)
					s, err := metrics.LACE(in, metrics.LACEOptions{})
					total := l.points + a + c.points + e
					want, terr := transition.TierFromLACE(total)
					if err != nil || terr != nil || s.Total != total || s.Tier != want {
						t.Fatalf("LACE(%+v) = %+v, %v; want total %d, tier %s (%v)", in, s, err, total, want, terr)
					}
					seen[total] = true
					custom, err := metrics.LACE(in, metrics.LACEOptions{Bands: metrics.RiskBands{Moderate: 7, High: 12}})
					want = transition.RiskLow
					if total >= 12 {
						want = transition.RiskHigh
					} else if total >= 7 {
						want = transition.RiskModerate
					}
					if err != nil || custom.Tier != want {
						t.Errorf("LACE(total %d, bands 7/12) tier = %s, %v; want %s", total, custom.Tier, err, want)
					}
				}
			}
		}
	}
	if len(seen) != 20 {
		t.Errorf("the combinations reached %d totals, want all 20 from 0 to 19", len(seen))
	}
}

// Bad input is rejected with field errors: a negative stay (spec §6.4), missing days,
// negative counts, bad bands.
func TestLACEInvalid(t *testing.T) {
	a, d := rkStay(3)
	tests := []struct {
		name string
		in   metrics.LACEInput
		opts metrics.LACEOptions
		path string
		code carecoord.FieldCode
	}{
		{"negative length of stay", metrics.LACEInput{Admitted: d, Discharged: a}, metrics.LACEOptions{}, "discharged", carecoord.FieldInvalid},
		{"no admission day", metrics.LACEInput{Discharged: d}, metrics.LACEOptions{}, "admitted", carecoord.FieldRequired},
		{"no discharge day", metrics.LACEInput{Admitted: a}, metrics.LACEOptions{}, "discharged", carecoord.FieldRequired},
		{"an invalid day", metrics.LACEInput{Admitted: a, Discharged: d.AddDays(1 << 30)}, metrics.LACEOptions{}, "discharged", carecoord.FieldInvalid},
		{"negative Charlson", rkLACE(1, false, -1, 0), metrics.LACEOptions{}, "charlson", carecoord.FieldOutOfRange},
		{"negative ED visits", rkLACE(1, false, 0, -2), metrics.LACEOptions{}, "edVisits", carecoord.FieldOutOfRange},
		{"moderate band 0", rkLACE(1, false, 0, 0), metrics.LACEOptions{Bands: metrics.RiskBands{High: 10}}, "bands.moderate", carecoord.FieldOutOfRange},
		{"high band below moderate", rkLACE(1, false, 0, 0), metrics.LACEOptions{Bands: metrics.RiskBands{Moderate: 5, High: 4}}, "bands.high", carecoord.FieldInvalid},
	}
	for _, tc := range tests {
		s, err := metrics.LACE(tc.in, tc.opts)
		var errs carecoord.FieldErrors
		if !errors.As(err, &errs) || !errs.Has(tc.path, tc.code) {
			t.Errorf("LACE(%s) error = %v, want %s at %s", tc.name, err, tc.code, tc.path)
		}
		if s != (metrics.LACEScore{}) {
			t.Errorf("LACE(%s) = %+v with an error, want the zero score", tc.name, s)
		}
	}
}
