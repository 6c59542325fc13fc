package metrics_test

import (
	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/metrics"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// checkCounts fails when the strata do not add up to the total, or when the evidence does not add up to the result's counts, overall and
// by stratum, or is not in Result order.
func checkCounts(t interface {
	Helper()
	Fatalf(string, ...any)
}, res metrics.Result) {
	t.Helper()
	if len(res.Strata) > 0 {
		var sum metrics.Tally
		for _, s := range res.Strata {
			sum = sum.Add(s.Tally)
		}
		if diff := cmp.Diff(res.Total, sum); diff != "" {
			t.Fatalf("strata do not add up to the total (-total +strata):\n%s", diff)
		}
	}
	if !res.Explained {
		return
	}
	var total metrics.Tally
	strata := map[string]metrics.Tally{}
	for i, e := range res.Evidence {
		var d metrics.Tally
		switch e.Status {
		case metrics.InNumerator:
			d.Numerator, d.Denominator = 1, 1
		case metrics.InDenominator:
			d.Denominator = 1
		case metrics.Excluded:
			d.Excluded = 1
		default:
			t.Fatalf("evidence[%d]: status %q", i, e.Status)
		}
		total = total.Add(d)
		if len(res.Strata) > 0 {
			strata[e.Stratum] = strata[e.Stratum].Add(d)
		}
		if i > 0 && evidenceLess(e, res.Evidence[i-1]) {
			t.Fatalf("evidence[%d] is out of order", i)
		}
	}
	if total.Numerator != res.Total.Numerator || total.Denominator != res.Total.Denominator || total.Excluded != res.Total.Excluded {
		t.Fatalf("evidence counts %d/%d excluded %d; total %d/%d excluded %d", total.Numerator, total.Denominator,
			total.Excluded, res.Total.Numerator, res.Total.Denominator, res.Total.Excluded)
	}
	for _, s := range res.Strata {
		if got := strata[s.Key]; got.Numerator != s.Numerator || got.Denominator != s.Denominator || got.Excluded != s.Excluded {
			t.Fatalf("stratum %q: evidence %+v, tally %+v", s.Key, got, s.Tally)
		}
	}
	if len(res.Strata) > 0 && len(strata) != len(res.Strata) {
		t.Fatalf("%d strata, the evidence has %d", len(res.Strata), len(strata))
	}
}

// evidenceLess reports whether a sorts before b by patient, event and subject.
func evidenceLess(a, b metrics.Evidence) bool {
	if a.Patient != b.Patient {
		return a.Patient < b.Patient
	}
	if a.Event != b.Event {
		return a.Event.Before(b.Event)
	}
	return a.Subject < b.Subject
}

// shardsOf splits n records among shards by patient: shard[i] is the shard of record i. Every
// record of a patient goes to the same shard.
func shardsOf[T any](t *rapid.T, shards int, recs []T, patient func(*T) carecoord.PatientID) []int {
	assign := map[carecoord.PatientID]int{}
	out := make([]int, len(recs))
	for i := range recs {
		p := patient(&recs[i])
		k, ok := assign[p]
		if !ok {
			k = rapid.IntRange(0, shards-1).Draw(t, "shard")
			assign[p] = k
		}
		out[i] = k
	}
	return out
}

// splitShards returns recs split by the shard of each.
func splitShards[T any](shards int, recs []T, shard []int) [][]T {
	parts := make([][]T, shards)
	for i := range recs {
		parts[shard[i]] = append(parts[shard[i]], recs[i])
	}
	return parts
}

// mergeShuffled merges results in the order drawn.
func mergeShuffled[R interface{ Merge(R) (R, error) }](t *rapid.T, results []R) R {
	var merged R
	for _, r := range rapid.Permutation(results).Draw(t, "order") {
		var err error
		if merged, err = merged.Merge(r); err != nil {
			t.Fatalf("Merge: %v", err)
		}
	}
	return merged
}
