package metrics

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"unsafe"

	"github.com/carecoord/carecoord"
)

// The fills the PDC measure sorts are 32 bytes without a pointer: ten million move as 320 MB
// that the garbage collector never scans.
func TestPDCFillIsSmall(t *testing.T) {
	if n := unsafe.Sizeof(pdcFill{}); n != 32 {
		t.Errorf("pdcFill is %d bytes, want 32", n)
	}
}

// The radix grouping gives the order of the sorter's comparison, including for buckets shared
// by two patients (50,000 patients in 2^22 buckets share a few hundred) and for ids longer than
// 16 bytes, whether or not the fills came in day order, and whether the parts are sorted by the
// radix passes or, being small, by comparison.
func TestPDCGroupOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var arena pdcArena
	recs := make([]pdcFill, 0, 200_000)
	for p := range 50_000 {
		id := "p" + strconv.Itoa(p)
		if p%7 == 0 {
			id = "a-rather-long-patient-id-" + id // more than 16 bytes: the arena's
		}
		pid := arena.pack(carecoord.PatientID(id))
		for range 1 + rng.IntN(6) {
			recs = append(recs, newPDCFill(pid, int32(1464+rng.IntN(365)), int16(1+rng.IntN(90)), uint16(rng.IntN(3)), uint16(rng.IntN(4))))
		}
	}
	shared := map[uint32]map[pdcID]bool{}
	for i := range recs {
		b := recs[i].id().bucket()
		if shared[b] == nil {
			shared[b] = map[pdcID]bool{}
		}
		shared[b][recs[i].id()] = true
	}
	collisions := 0
	for _, ids := range shared {
		if len(ids) > 1 {
			collisions++
		}
	}
	if collisions == 0 {
		t.Fatal("no bucket is shared: the test does not reach the collision path")
	}
	for _, c := range []struct {
		inDayOrder bool
		radixMin   int
	}{{false, 0}, {true, 0}, {false, pdcRadixMin}, {true, pdcRadixMin}} {
		inDayOrder := c.inDayOrder
		in := slices.Clone(recs)
		rng.Shuffle(len(in), func(i, j int) { in[i], in[j] = in[j], in[i] })
		if inDayOrder {
			slices.SortStableFunc(in, func(a, b pdcFill) int { return int(a.day - b.day) })
		}
		s := pdcSorter{arena: arena, rank: []uint16{2, 0, 1}, drugs: 4, first: 1464, sorted: inDayOrder, radixMin: c.radixMin}
		want := slices.Clone(in)
		slices.SortStableFunc(want, func(a, b pdcFill) int { return s.compare(&a, &b) })
		chunks := pdcChunks{size: 1000} // several chunks, the last one part full
		for i := range in {
			chunks.add(in[i])
		}
		if chunks.inDayOrder() != inDayOrder {
			t.Fatalf("inDayOrder() = %v, want %v", !inDayOrder, inDayOrder)
		}
		var out, scratch []pdcFill
		in = s.group(&chunks, 365, &out, &scratch)
		// Fills equal in every key may come in either order; compare the keys.
		for i := range in {
			if s.compare(&in[i], &want[i]) != 0 {
				t.Fatalf("day order %v, radix from %d: record %d out of place (%d buckets shared)", inDayOrder, c.radixMin, i, collisions)
			}
		}
	}
}
