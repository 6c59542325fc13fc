package careplan

import (
	"slices"
	"testing"

	"github.com/carecoord/carecoord/civil"
	"pgregory.net/rapid"
)

// outcomesIn's search (gallop, interpolated guess, short walk, binary search when the guess
// is far off) must find exactly the part a plain filter finds, whether outcomes are spread
// evenly, bunched together or absent for long stretches.
func TestOutcomesInAgreesWithFilter(t *testing.T) {
	base := civil.MustParse("2025-01-01")
	rapid.Check(t, func(t *rapid.T) {
		span := rapid.IntRange(0, 1000).Draw(t, "span")
		offsets := rapid.SliceOfN(rapid.IntRange(0, span), 0, 300).Draw(t, "days")
		switch rapid.IntRange(0, 2).Draw(t, "shape") {
		case 1: // many on one day: the interpolated guess is far off
			c := rapid.IntRange(0, span).Draw(t, "bunch day")
			for range rapid.IntRange(1, 200).Draw(t, "bunch size") {
				offsets = append(offsets, c)
			}
		case 2: // denser lately: the guess falls short of the window, by a little or a lot
			for range rapid.IntRange(1, 100).Draw(t, "recent") {
				offsets = append(offsets, rapid.IntRange(span*9/10, span).Draw(t, "recent day"))
			}
		}
		slices.Sort(offsets)
		outs := make([]Outcome, len(offsets))
		for i, o := range offsets {
			outs[i].Occurrence.Date = base.AddDays(o)
		}
		lo := rapid.IntRange(-5, span+5).Draw(t, "lo")
		if rapid.Bool().Draw(t, "recent window") {
			lo = span - rapid.IntRange(0, span/5).Draw(t, "days back")
		}
		w := civil.Range{Start: base.AddDays(lo), End: base.AddDays(lo + rapid.IntRange(-1, 60).Draw(t, "len"))}
		first, last := len(outs), len(outs)
		for i, o := range outs {
			if first == len(outs) && !o.Occurrence.Date.Before(w.Start) {
				first = i
			}
			if o.Occurrence.Date.After(w.End) {
				last = i
				break
			}
		}
		last = max(last, first)
		got := outcomesIn(outs, w)
		if len(got) != last-first || (len(got) > 0 && &got[0] != &outs[first]) {
			t.Fatalf("outcomesIn(%v) = %d outcomes from %d, filter finds %d from %d", w, len(got), len(outs)-cap(got), last-first, first)
		}
	})
}
