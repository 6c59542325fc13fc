package metrics_test

import (
	"errors"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/transition"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// rkHOSPITAL returns a HOSPITAL input with hemoglobin hb g/dL, sodium na mmol/L and a stay of
// days days; the rest is for the caller to set.
func rkHOSPITAL(hb, na string, admissions, days int) metrics.HOSPITALInput {
	a, d := rkStay(days)
	return metrics.HOSPITALInput{Hemoglobin: decimal.RequireFromString(hb), Sodium: decimal.RequireFromString(na),
		Admissions: admissions, Admitted: a, Discharged: d}
}

// The metrics spec §6.5 HOSPITAL vectors.
func TestHOSPITALSpecVectors(t *testing.T) {
	v1 := rkHOSPITAL("11.5", "133", 3, 6)
	v1.Procedure, v1.Urgent = true, true
	v2 := rkHOSPITAL("13", "140", 1, 2)
	v2.Oncology = true
	v3 := rkHOSPITAL("12.0", "135", 6, 5)
	v3.Urgent = true
	tests := []struct {
		name string
		in   metrics.HOSPITALInput
		want metrics.HOSPITALScore
	}{
		{"Hb 11.5, Na 133, procedure, urgent, 3 admissions, LOS 6", v1,
			metrics.HOSPITALScore{Total: 8, Tier: transition.RiskHigh, Days: 6, H: 1, S: 1, P: 1, IT: 1, A: 2, L: 2}},
		{"Hb 13, oncology, Na 140, elective, 1 admission, LOS 2", v2,
			metrics.HOSPITALScore{Total: 2, Tier: transition.RiskLow, Days: 2, O: 2}},
		{"Hb 12.0 and Na 135 at the cut-offs, urgent, 6 admissions, LOS 5", v3,
			metrics.HOSPITALScore{Total: 8, Tier: transition.RiskHigh, Days: 5, IT: 1, A: 5, L: 2}},
	}
	for _, tc := range tests {
		got, err := metrics.HOSPITAL(tc.in, metrics.HOSPITALOptions{})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("HOSPITAL(%s) mismatch (-want +got):\n%s", tc.name, diff)
		}
	}
}

// Each item at both edges of its cut-off; A counts the admissions before the index one (spec
// §6.4), so the index admission is never among them.
func TestHOSPITALPointTable(t *testing.T) {
	for _, tc := range []struct {
		hb, na string
		h, s   int
	}{
		{"11.99", "134.9", 1, 1}, {"12", "135", 0, 0}, {"12.00", "135.0", 0, 0}, {"3.1", "101", 1, 1}, {"25", "200", 0, 0},
	} {
		got, err := metrics.HOSPITAL(rkHOSPITAL(tc.hb, tc.na, 0, 0), metrics.HOSPITALOptions{})
		if err != nil || got.H != tc.h || got.S != tc.s {
			t.Errorf("HOSPITAL(Hb %s, Na %s) H, S = %d, %d, %v; want %d, %d", tc.hb, tc.na, got.H, got.S, err, tc.h, tc.s)
		}
	}
	for _, tc := range []struct{ admissions, a int }{{0, 0}, {1, 0}, {2, 2}, {5, 2}, {6, 5}, {40, 5}} {
		got, err := metrics.HOSPITAL(rkHOSPITAL("14", "140", tc.admissions, 0), metrics.HOSPITALOptions{})
		if err != nil || got.A != tc.a {
			t.Errorf("HOSPITAL(%d admissions) A = %d, %v; want %d", tc.admissions, got.A, err, tc.a)
		}
	}
	for _, tc := range []struct{ days, l int }{{0, 0}, {4, 0}, {5, 2}, {30, 2}} {
		got, err := metrics.HOSPITAL(rkHOSPITAL("14", "140", 0, tc.days), metrics.HOSPITALOptions{})
		if err != nil || got.L != tc.l || got.Days != tc.days {
			t.Errorf("HOSPITAL(LOS %d) L = %d, %v; want %d", tc.days, got.L, err, tc.l)
		}
	}
}

// Every combination of the items: the total is the sum of the points, from 0 to 13 as
// transition.TierFromHOSPITAL expects, and the tier is TierFromHOSPITAL's by default.
func TestHOSPITALTiers(t *testing.T) {
	seen := map[int]bool{}
	for bits := range 1 << 5 {
		for _, adm := range []struct{ n, points int }{{0, 0}, {3, 2}, {9, 5}} {
			for _, stay := range []struct{ days, points int }{{1, 0}, {7, 2}} {
				in := rkHOSPITAL("14", "140", adm.n, stay.days)
				total := adm.points + stay.points
				if bits&1 != 0 {
					in.Hemoglobin, total = decimal.RequireFromString("9.8"), total+1
				}
				if bits&2 != 0 {
					in.Oncology, total = true, total+2
				}
				if bits&4 != 0 {
					in.Sodium, total = decimal.RequireFromString("129"), total+1
				}
				if bits&8 != 0 {
					in.Procedure, total = true, total+1
				}
				if bits&16 != 0 {
					in.Urgent, total = true, total+1
				}
				s, err := metrics.HOSPITAL(in, metrics.HOSPITALOptions{})
				want, terr := transition.TierFromHOSPITAL(total)
				if err != nil || terr != nil || s.Total != total || s.Tier != want {
					t.Fatalf("HOSPITAL(%+v) = %+v, %v; want total %d, tier %s (%v)", in, s, err, total, want, terr)
				}
				seen[total] = true
			}
		}
	}
	if len(seen) != 14 {
		t.Errorf("the combinations reached %d totals, want all 14 from 0 to 13", len(seen))
	}
	in := rkHOSPITAL("14", "140", 3, 1) // 2
	for _, tc := range []struct {
		bands metrics.RiskBands
		want  transition.RiskTier
	}{
		{metrics.RiskBands{}, transition.RiskLow},
		{metrics.RiskBands{Moderate: 2, High: 7}, transition.RiskModerate},
		{metrics.RiskBands{Moderate: 1, High: 2}, transition.RiskHigh},
	} {
		s, err := metrics.HOSPITAL(in, metrics.HOSPITALOptions{Bands: tc.bands})
		if err != nil || s.Tier != tc.want {
			t.Errorf("HOSPITAL(total 2, bands %+v) tier = %s, %v; want %s", tc.bands, s.Tier, err, tc.want)
		}
	}
}

// Bad input is rejected with field errors: laboratory values missing, negative or in the
// wrong unit, a negative stay, negative admissions, bad bands.
func TestHOSPITALInvalid(t *testing.T) {
	ok := rkHOSPITAL("14", "140", 0, 2)
	with := func(f func(*metrics.HOSPITALInput)) metrics.HOSPITALInput {
		in := ok
		f(&in)
		return in
	}
	tests := []struct {
		name string
		in   metrics.HOSPITALInput
		opts metrics.HOSPITALOptions
		path string
		code carecoord.FieldCode
	}{
		{"no hemoglobin", with(func(in *metrics.HOSPITALInput) { in.Hemoglobin = decimal.Decimal{} }), metrics.HOSPITALOptions{}, "hemoglobin", carecoord.FieldRequired},
		{"hemoglobin in g/L", with(func(in *metrics.HOSPITALInput) { in.Hemoglobin = decimal.NewFromInt(115) }), metrics.HOSPITALOptions{}, "hemoglobin", carecoord.FieldOutOfRange},
		{"negative hemoglobin", with(func(in *metrics.HOSPITALInput) { in.Hemoglobin = decimal.NewFromInt(-1) }), metrics.HOSPITALOptions{}, "hemoglobin", carecoord.FieldOutOfRange},
		{"no sodium", with(func(in *metrics.HOSPITALInput) { in.Sodium = decimal.Decimal{} }), metrics.HOSPITALOptions{}, "sodium", carecoord.FieldRequired},
		{"sodium in mg/dL", with(func(in *metrics.HOSPITALInput) { in.Sodium = decimal.NewFromInt(310) }), metrics.HOSPITALOptions{}, "sodium", carecoord.FieldOutOfRange},
		{"negative admissions", with(func(in *metrics.HOSPITALInput) { in.Admissions = -1 }), metrics.HOSPITALOptions{}, "admissions", carecoord.FieldOutOfRange},
		{"negative length of stay", with(func(in *metrics.HOSPITALInput) { in.Admitted, in.Discharged = in.Discharged, in.Admitted }), metrics.HOSPITALOptions{}, "discharged", carecoord.FieldInvalid},
		{"an invalid admission day", with(func(in *metrics.HOSPITALInput) { in.Admitted = ok.Admitted.AddDays(-1 << 30) }), metrics.HOSPITALOptions{}, "admitted", carecoord.FieldInvalid},
		{"bad bands", ok, metrics.HOSPITALOptions{Bands: metrics.RiskBands{Moderate: -1, High: 3}}, "bands.moderate", carecoord.FieldOutOfRange},
	}
	for _, tc := range tests {
		s, err := metrics.HOSPITAL(tc.in, tc.opts)
		var errs carecoord.FieldErrors
		if !errors.As(err, &errs) || !errs.Has(tc.path, tc.code) {
			t.Errorf("HOSPITAL(%s) error = %v, want %s at %s", tc.name, err, tc.code, tc.path)
		}
		if s != (metrics.HOSPITALScore{}) {
			t.Errorf("HOSPITAL(%s) = %+v with an error, want the zero score", tc.name, s)
		}
	}
	if _, err := metrics.HOSPITAL(metrics.HOSPITALInput{}, metrics.HOSPITALOptions{}); !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("HOSPITAL(zero input) error = %v, want ErrInvalid", err)
	}
}
