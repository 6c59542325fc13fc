package metrics_test

import (
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/carecoord/carecoord/metrics"
)

// rkCodePool returns n codes as a claims feed has them: one in four in a Charlson category
// (a spec prefix lengthened to a CM code), the rest anything of the shape; most with the dot,
// some without, a few in lower case. The codes share one backing string, in order, as codes
// sliced from a file read into memory do. The same seed gives the same pool.
func rkCodePool(n int, seed uint64) []string {
	r := rand.New(rand.NewPCG(seed, 1))
	prefixes := slices.Sorted(maps.Keys(rkNewModel().prefixes))
	var all strings.Builder
	ends := make([]int, n)
	for i := range ends {
		var code string
		if r.IntN(4) == 0 {
			code = prefixes[r.IntN(len(prefixes))]
		} else {
			code = string(rune('A'+r.IntN(26))) + strconv.Itoa(10+r.IntN(90))
		}
		for len(code) < 4+r.IntN(3) {
			code += strconv.Itoa(r.IntN(10))
		}
		switch r.IntN(10) {
		case 0:
			// undotted, as some claims feeds send them
		case 1:
			code = string(code[0]+'a'-'A') + code[1:3] + "." + code[3:]
		default:
			code = code[:3] + "." + code[3:]
		}
		all.WriteString(code)
		ends[i] = all.Len()
	}
	data, pool, start := all.String(), make([]string, n), 0
	for i, end := range ends {
		pool[i], start = data[start:end], end
	}
	return pool
}

// rkPatients returns n patients, each the next 5 to 15 codes (10 on average) of pool,
// starting again at its beginning when it runs out.
func rkPatients(pool []string, n int, seed uint64) [][]string {
	r := rand.New(rand.NewPCG(seed, 2))
	patients := make([][]string, n)
	o := 0
	for i := range patients {
		k := 5 + r.IntN(11)
		if o+k > len(pool) {
			o = 0
		}
		patients[i] = pool[o : o+k : o+k]
		o += k
	}
	return patients
}

// The Charlson index of 1,000,000 patients with about 10 codes each (one in four a Charlson
// code), read in order from a pool of 2,000,000 codes (so the pool is read five times over):
// the figure to watch is ns/patient.
func BenchmarkCharlson1M(b *testing.B) {
	patients := rkPatients(rkCodePool(2_000_000, 1), 1_000_000, 1)
	for _, bc := range []struct {
		name string
		opts metrics.CharlsonOptions
	}{
		{"charlson-1987", metrics.CharlsonOptions{}},
		{"quan-2011", metrics.CharlsonOptions{Weights: metrics.Quan2011}},
		{"charlson-1987-no-evidence", metrics.CharlsonOptions{NoEvidence: true}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			total := 0
			for b.Loop() {
				for _, codes := range patients {
					s, err := metrics.Charlson(codes, bc.opts)
					if err != nil {
						b.Fatal(err)
					}
					total += s.Total
				}
			}
			n := float64(b.N) * float64(len(patients))
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/patient")
			b.ReportMetric(float64(total)/n, "mean-index")
		})
	}
}

// One patient of ten codes, three of them Charlson codes.
func BenchmarkCharlsonPatient(b *testing.B) {
	codes := []string{"I21.4", "E11.9", "E11.22", "Z79.4", "I10", "E78.5", "N18.30", "Z95.1", "K21.9", "R07.9"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := metrics.Charlson(codes, metrics.CharlsonOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// One patient of ten codes, none of them a Charlson code: no allocation.
func BenchmarkCharlsonPatientNone(b *testing.B) {
	codes := []string{"Z00.00", "I10", "E78.5", "K21.9", "R07.9", "M54.50", "J06.9", "Z23", "F41.9", "G47.00"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := metrics.Charlson(codes, metrics.CharlsonOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// The paths that must not allocate: a patient with no Charlson code, and any patient when the
// evidence is left out.
func TestCharlsonDoesNotAllocate(t *testing.T) {
	none := []string{"Z00.00", "I10", "E78.5", "K21.9", "R07.9"}
	some := []string{"I21.4", "E11.9", "E11.22", "C78.7", "N18.4"}
	for _, tc := range []struct {
		codes []string
		opts  metrics.CharlsonOptions
	}{
		{none, metrics.CharlsonOptions{}},
		{some, metrics.CharlsonOptions{NoEvidence: true}},
		{some, metrics.CharlsonOptions{NoEvidence: true, Weights: metrics.Quan2011}},
	} {
		if n := testing.AllocsPerRun(100, func() { _, _ = metrics.Charlson(tc.codes, tc.opts) }); n != 0 {
			t.Errorf("Charlson(%q, %+v) allocates %v times, want 0", tc.codes, tc.opts, n)
		}
	}
}
