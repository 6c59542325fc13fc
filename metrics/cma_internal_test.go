package metrics

import (
	"slices"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/google/go-cmp/cmp"
)

// Two patients whose keys collide come out of the sort interleaved by day; cmGroup separates
// them, each patient's records still in day order. Patients sharing an order-keeping key come
// one after the other and are split where the id changes.
func TestCMGroupSeparatesPatientsOfOneKey(t *testing.T) {
	day := civil.MustParse("2024-01-01")
	fill := func(p string, d int) Fill {
		return Fill{ID: "f", Patient: carecoord.PatientID(p), Class: "c", Drug: "d", Day: day.AddDays(d), DaysSupply: 30}
	}
	fills := []Fill{fill("b", 1), fill("a", 2), fill("b", 3), fill("a", 0), fill("c", 5), fill("a", 4)}
	epoch := cmEpoch()
	recs := make([]cmRec, len(fills))
	for i := range fills {
		recs[i] = cmRecOf(fills, i, 42, epoch) // one key for all: a collision
	}
	recs[4].key = 43 // c has a key of its own
	slices.SortFunc(recs, func(a, b cmRec) int { return cmCompareRecs(fills, &a, &b) })
	type visit struct {
		Patient carecoord.PatientID
		Idx     []int32
	}
	var got []visit
	err := cmGroup(fills, recs, func(p carecoord.PatientID, rs []cmRec) error {
		v := visit{Patient: p}
		for _, r := range rs {
			v.Idx = append(v.Idx, r.idx)
		}
		got = append(got, v)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []visit{{"a", []int32{3, 1, 5}}, {"b", []int32{0, 2}}, {"c", []int32{4}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("cmGroup mismatch (-want +got):\n%s", diff)
	}
}
