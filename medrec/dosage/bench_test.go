package dosage_test

import (
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/carecoord/carecoord/medrec/dosage"
)

// benchSigs is a mix of sigs as they arrive from discharge summaries and pharmacy feeds:
// mostly short abbreviated forms, some long patient-style ones, a few with Do Not Use forms,
// one non-ASCII, and a few that are refused.
func benchSigs() []string {
	return []string{
		"1 tab PO BID",
		"1 tab po daily",
		"take 2 tablets by mouth every 6 hours as needed for pain",
		"10 units subcut qhs",
		"500 mg po q8h x 7 days",
		"1 puff inh q4-6h prn wheeze",
		"Take 1 tablet by mouth once daily",
		"1 cap po tid",
		"1-2 tabs po q4-6h prn pain",
		"40 mg po qd",
		"0.5 mg po bid",
		"81 mg po daily",
		"25 mg po q12h",
		"2 puffs inh bid",
		"1 tab po qhs",
		"5 mL po tid x 10 days",
		"1 tab sl q5min prn chest pain",
		"Inhale 2 puffs into the lungs every 4 hours as needed for wheezing",
		"100 mcg po daily in the morning",
		"1 patch transdermally q72h",
		"4 mg iv q6h prn nausea",
		"1 tab po weekly",
		"20 mEq po daily with breakfast",
		"1/2 tab po daily",
		"Take 1 capsule by mouth 3 times daily for 10 days",
		"10 U SC QHS",
		"1 g iv q24h",
		"2 sprays nasally daily",
		"１ ｔａｂ ＰＯ ＢＩＤ",
		"take as directed",
		"1 tab po daily for blood pressure",
		"2 sprays in each nostril daily",
	}
}

var sinkDosage dosage.Dosage

// BenchmarkParse1M parses 1,000,000 sigs drawn from benchSigs per operation and reports the
// cost per sig.
func BenchmarkParse1M(b *testing.B) {
	const n = 1_000_000
	mix := benchSigs()
	r := rand.New(rand.NewPCG(1, 2))
	// The draws are indexes into mix: a pointer-free slice keeps the garbage collector from
	// scanning a million strings on every cycle, which would be the benchmark's own cost.
	draws := make([]uint8, n)
	for i := range draws {
		draws[i] = uint8(r.IntN(len(mix)))
	}
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	ops := 0
	for b.Loop() {
		for _, k := range draws {
			sinkDosage, _ = dosage.Parse(mix[k])
		}
		ops++
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(ops*n), "ns/sig")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(ops*n), "allocs/sig")
}

func BenchmarkParse(b *testing.B) {
	for _, s := range []string{"1 tab PO BID", "take 2 tablets by mouth every 6 hours as needed for pain",
		"１ ｔａｂ ＰＯ ＢＩＤ"} {
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkDosage, _ = dosage.Parse(s)
			}
		})
	}
}

func BenchmarkString(b *testing.B) {
	d, err := dosage.Parse("1-2 tabs po q4-6h prn pain")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		sinkString = d.String()
	}
}

var sinkString string
