package main

import (
	"strconv"
	"testing"
)

// benchmark simulates and measures patients × years patient-years under the programs on one
// worker, output included, and reports patient-years a second (each program's patient-years
// count: with two programs every patient-year is simulated twice).
func benchmark(b *testing.B, patients int, programs string) {
	args := []string{"-patients", itoa(patients), "-replicates", "1", "-workers", "1", "-program", programs}
	cfg, _, err := parseFlags(args, discard{})
	if err != nil {
		b.Fatal(err)
	}
	tuneGC() // as main does
	b.ResetTimer()
	for b.Loop() {
		res, err := simulate(&cfg, nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := write(discard{}, &cfg, summarizeAll(&cfg, res)); err != nil {
			b.Fatal(err)
		}
	}
	py := float64(patients) * float64(cfg.years) * float64(len(cfg.programs))
	b.ReportMetric(py*float64(b.N)/b.Elapsed().Seconds(), "patient-years/s")
}

// BenchmarkSimulate1MPatientYears simulates 1,000,000 patient-years: a million patients for a
// year under the tcm program, and half a million under both programs. Run it on one core:
//
//	go test -run '^$' -bench Simulate1M -benchtime 1x -cpu 1 ./examples/simulate
func BenchmarkSimulate1MPatientYears(b *testing.B) {
	b.Run("tcm", func(b *testing.B) { benchmark(b, 1_000_000, "tcm") })
	b.Run("all", func(b *testing.B) { benchmark(b, 500_000, "all") })
}

// BenchmarkSimulate100k is the same at a tenth of the size, for profiling.
func BenchmarkSimulate100k(b *testing.B) { benchmark(b, 100_000, "tcm") }

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func itoa(n int) string { return strconv.Itoa(n) }
