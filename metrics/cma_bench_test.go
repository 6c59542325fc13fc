package metrics_test

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/metrics"
)

// cmBenchPopulation returns the statin fills of n patients, 5 to 10 each (7.5 on average):
// 30- or 90-day supplies, each refill from 20 days early to 40 days late, so that some supply
// carries over and some patients have gaps; one patient in ten switches drug. The fills come
// in a random order unless sorted, in patient order then.
func cmBenchPopulation(n int, sorted bool) []metrics.Fill {
	rng := rand.New(rand.NewPCG(9, 2025))
	ids := [10]string{"f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9"}
	start := cmD("2024-01-01")
	fills := make([]metrics.Fill, 0, n*15/2)
	for i := range n {
		p := carecoord.PatientID("pat-" + strconv.Itoa(1_000_000+i))
		day := start.AddDays(rng.IntN(365))
		drug := "atorvastatin"
		for k := range 5 + rng.IntN(6) {
			supply := 30
			if rng.IntN(3) == 0 {
				supply = 90
			}
			if k > 0 && rng.IntN(40) == 0 {
				drug = "rosuvastatin"
			}
			fills = append(fills, metrics.Fill{ID: ids[k], Patient: p, Class: "statins", Drug: drug, Day: day, DaysSupply: supply, DailyDose: 1})
			day = day.AddDays(supply - 20 + rng.IntN(61))
		}
	}
	if !sorted {
		rng.Shuffle(len(fills), func(i, j int) { fills[i], fills[j] = fills[j], fills[i] })
	}
	return fills
}

// BenchmarkCMA7_1M computes CMA7 (AdhereR's default windows, the 80% threshold) over
// 1,000,000 patients and about 7.5 million fills: the mergeable summary, with the fills in a
// random order and in patient order (as a query ordered by patient gives them), and the
// per-patient values.
func BenchmarkCMA7_1M(b *testing.B) {
	const n = 1_000_000
	shuffled, sorted := cmBenchPopulation(n, false), cmBenchPopulation(n, true)
	rules := metrics.CMA7Rules()
	for _, c := range []struct {
		name   string
		fills  []metrics.Fill
		values bool
	}{{"summary/shuffled", shuffled, false}, {"summary/sorted", sorted, false}, {"values/shuffled", shuffled, true}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if c.values {
					vs, err := metrics.CMAByPatient(metrics.CMA7, c.fills, rules.Windows, rules.Options)
					if err != nil || len(vs) != n {
						b.Fatalf("CMAByPatient = %d values, %v", len(vs), err)
					}
					continue
				}
				res, err := metrics.CMAMeasure(c.fills, rules, metrics.Options{})
				if err != nil || res.Total.Denominator != n {
					b.Fatalf("CMAMeasure = %+v, %v", res.Total, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/patient")
		})
	}
}

// BenchmarkCMA computes one patient's CMA (patient 76, the vignette's windows): the cost of
// a call, with its validation, sort and result.
func BenchmarkCMA(b *testing.B) {
	fills := cmFills(76)
	for _, kind := range []metrics.CMAKind{metrics.CMA1, metrics.CMA7, metrics.CMA9} {
		b.Run(string(kind), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := metrics.CMA(kind, fills, cmVignette, metrics.CMAOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
