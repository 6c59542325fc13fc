package metrics_test

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/transition"
)

// fuBenchPopulation returns n acute discharges in 2024 of n/3 patients (three stays each,
// one in eight a readmission within 30 days, a few deaths and transfers to a SNF), with a
// follow-up visit or call after about 60% of them and an unrelated visit for every other
// patient: about 1.1 services a discharge. Stays and services come in a random order unless
// sorted.
func fuBenchPopulation(n int, sorted bool) ([]metrics.Stay, []metrics.Service) {
	rng := rand.New(rand.NewPCG(8, 2024))
	start := fuD("2024-01-01")
	stays := make([]metrics.Stay, 0, n)
	services := make([]metrics.Service, 0, n+n/5)
	for i := 0; len(stays) < n; i++ {
		p := carecoord.PatientID("pat-" + strconv.Itoa(1_000_000+i))
		day := start.AddDays(rng.IntN(60))
		for k := 0; k < 3 && len(stays) < n; k++ {
			los := 1 + rng.IntN(7)
			s := metrics.Stay{ID: "enc-" + strconv.Itoa(len(stays)), Patient: p, Setting: transition.SettingAcuteInpatient,
				Admitted: day, Discharged: day.AddDays(los), Disposition: transition.DispositionHome, Principal: "F32.2"}
			switch r := rng.IntN(100); {
			case r < 1:
				s.Disposition = transition.DispositionExpired
			case r < 5:
				s.Disposition = transition.DispositionSNF
			}
			stays = append(stays, s)
			if rng.IntN(10) < 6 {
				services = append(services, metrics.Service{Patient: p, Day: s.Discharged.AddDays(rng.IntN(35)), Kind: metrics.ServiceVisit})
			}
			if rng.IntN(8) == 0 {
				day = s.Discharged.AddDays(1 + rng.IntN(29)) // a readmission
			} else {
				day = s.Discharged.AddDays(31 + rng.IntN(60))
			}
		}
		if i%2 == 0 {
			services = append(services, metrics.Service{Patient: p, Day: day, Kind: metrics.ServiceTelephone})
		}
	}
	if !sorted {
		rng.Shuffle(len(stays), func(i, j int) { stays[i], stays[j] = stays[j], stays[i] })
		rng.Shuffle(len(services), func(i, j int) { services[i], services[j] = services[j], services[i] })
	}
	return stays, services
}

// BenchmarkFollowUp computes FUH's 30-day rate over a million discharges with their visits,
// in a random order and in patient order (as a database gives them), and with evidence.
func BenchmarkFollowUp(b *testing.B) {
	const n = 1_000_000
	for _, c := range []struct {
		name     string
		sorted   bool
		evidence bool
	}{{"1M/shuffled", false, false}, {"1M/sorted", true, false}, {"1M/shuffled/evidence", false, true}} {
		b.Run(c.name, func(b *testing.B) {
			stays, services := fuBenchPopulation(n, c.sorted)
			rules := metrics.FUH30(2024)
			opts := metrics.Options{Evidence: c.evidence}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				res, err := metrics.FollowUp(stays, services, rules, opts)
				if err != nil || res.Total.Denominator == 0 {
					b.Fatalf("FollowUp = %+v, %v", res.Total, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/discharge")
		})
	}
}
