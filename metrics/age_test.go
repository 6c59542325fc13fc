package metrics_test

import (
	"testing"

	"github.com/carecoord/carecoord/metrics"
)

func TestAgeOn(t *testing.T) {
	for _, tc := range []struct {
		birth, on string
		want      int
	}{
		{"1957-06-15", "2025-06-14", 67},
		{"1957-06-15", "2025-06-15", 68},
		{"2004-02-29", "2022-02-28", 17}, // a leap-day birthday: 18 on 1 March in a common year
		{"2004-02-29", "2022-03-01", 18},
		{"2004-02-29", "2024-02-29", 20},
		{"2025-01-01", "2024-12-31", -1},
	} {
		if got := metrics.AgeOn(rdDate(tc.birth), rdDate(tc.on)); got != tc.want {
			t.Errorf("AgeOn(%s, %s) = %d, want %d", tc.birth, tc.on, got, tc.want)
		}
	}
}

func TestBandOf(t *testing.T) {
	for _, tc := range []struct {
		bands []metrics.AgeBand
		age   int
		want  string
		ok    bool
	}{
		{metrics.PCRCommercialBands(), 17, "", false},
		{metrics.PCRCommercialBands(), 18, "18-44", true},
		{metrics.PCRCommercialBands(), 44, "18-44", true},
		{metrics.PCRCommercialBands(), 45, "45-54", true},
		{metrics.PCRCommercialBands(), 64, "55-64", true},
		{metrics.PCRCommercialBands(), 65, "", false},
		{metrics.PCRMedicareBands(), 65, "65-74", true},
		{metrics.PCRMedicareBands(), 101, "85+", true},
	} {
		if got, ok := metrics.BandOf(tc.bands, tc.age); got != tc.want || ok != tc.ok {
			t.Errorf("BandOf(%v, %d) = %q, %v; want %q, %v", tc.bands, tc.age, got, ok, tc.want, tc.ok)
		}
	}
}
