package metrics

import (
	"slices"
	"testing"

	"github.com/carecoord/carecoord/civil"
	"github.com/google/go-cmp/cmp"
)

// TestCompareStays: stays are walked by patient, then admission, discharge and id.
func TestCompareStays(t *testing.T) {
	d := civil.MustParse
	want := []Stay{
		{Patient: "p1", ID: "z", Admitted: d("2025-01-01"), Discharged: d("2025-01-02")},
		{Patient: "p1", ID: "b", Admitted: d("2025-01-01"), Discharged: d("2025-01-03")},
		{Patient: "p1", ID: "c", Admitted: d("2025-01-01"), Discharged: d("2025-01-03")},
		{Patient: "p1", ID: "a", Admitted: d("2025-02-01"), Discharged: d("2025-02-01")},
		{Patient: "p2", ID: "a", Admitted: d("2024-12-01"), Discharged: d("2024-12-05")},
	}
	got := slices.Clone(want)
	slices.Reverse(got)
	slices.SortFunc(got, func(a, b Stay) int { return compareStays(&a, &b) })
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stays sorted by compareStays mismatch (-want +got):\n%s", diff)
	}
	for i := range want {
		for j := range want {
			if c, r := compareStays(&want[i], &want[j]), compareStays(&want[j], &want[i]); c != -r || (c == 0) != (i == j) {
				t.Errorf("compareStays(%d, %d) = %d, reverse %d", i, j, c, r)
			}
		}
	}
}
