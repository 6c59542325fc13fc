package careplan

import (
	"slices"
	"testing"

	"github.com/carecoord/carecoord/civil"
	"pgregory.net/rapid"
)

// outcomesIn's galloping search must agree with a plain filter.
func TestOutcomesInAgreesWithFilter(t *testing.T) {
	base := civil.MustParse("2025-01-01")
	rapid.Check(t, func(t *rapid.T) {
		offsets := rapid.SliceOfN(rapid.IntRange(0, 60), 0, 80).Draw(t, "days")
		slices.Sort(offsets)
		outs := make([]Outcome, len(offsets))
		for i, o := range offsets {
			outs[i].Occurrence.Date = base.AddDays(o)
		}
		lo := rapid.IntRange(-5, 65).Draw(t, "lo")
		w := civil.Range{Start: base.AddDays(lo), End: base.AddDays(lo + rapid.IntRange(-1, 30).Draw(t, "len"))}
		var want []Outcome
		for _, o := range outs {
			if !o.Occurrence.Date.Before(w.Start) && !o.Occurrence.Date.After(w.End) {
				want = append(want, o)
			}
		}
		got := outcomesIn(outs, w)
		if len(got) != len(want) || (len(got) > 0 && got[0].Occurrence != want[0].Occurrence) {
			t.Fatalf("outcomesIn(%v) = %d outcomes, filter finds %d", w, len(got), len(want))
		}
	})
}
