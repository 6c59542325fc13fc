package metrics

import (
	"cmp"
	"slices"
	"strconv"
	"testing"

	"github.com/carecoord/carecoord"
	"pgregory.net/rapid"
)

// TestFuSortGrouped checks the radix and grouped paths of sortGrouped against
// slices.SortFunc, with keys that collide in their top bits (several patients in a run) and
// records in any order or already grouped.
func TestFuSortGrouped(t *testing.T) {
	type rec struct {
		key     uint64
		patient carecoord.PatientID
		day     int
		idx     int
	}
	compare := func(a, b rec) int {
		if c := comparePatients(a.key, a.patient, b.key, b.patient); c != 0 {
			return c
		}
		if c := cmp.Compare(a.day, b.day); c != 0 {
			return c
		}
		return cmp.Compare(a.idx, b.idx)
	}
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(4000, 9000).Draw(t, "n")
		patients := rapid.IntRange(1, 3000).Draw(t, "patients")
		keying := rapid.SampledFrom([]string{"hash", "order", "colliding"}).Draw(t, "keys")
		seed := rapid.Uint64().Draw(t, "seed")
		recs := make([]rec, n)
		for i := range recs {
			seed = seed*6364136223846793005 + 1442695040888963407
			p := carecoord.PatientID("p" + strconv.Itoa(int(seed>>33)%patients))
			r := rec{patient: p, day: int(seed>>20) % 400, idx: i}
			switch keying {
			case "hash":
				r.key = groupKey(p, false)
			case "order":
				r.key = groupKey(p, true)
			default:
				r.key = groupKey(p, false) & (7 << 61) // eight runs of many patients each
			}
			recs[i] = r
		}
		if rapid.Bool().Draw(t, "grouped") {
			slices.SortStableFunc(recs, func(a, b rec) int { return comparePatients(a.key, a.patient, b.key, b.patient) })
		}
		want := slices.Clone(recs)
		slices.SortFunc(want, compare)
		sortGrouped(recs, func(r *rec) uint64 { return r.key }, func(r *rec) carecoord.PatientID { return r.patient }, compare)
		if !slices.Equal(want, recs) {
			t.Fatalf("sortGrouped disagrees with slices.SortFunc (%s keys)", keying)
		}
	})
}
