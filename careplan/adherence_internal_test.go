package careplan

import (
	"slices"
	"testing"

	"github.com/carecoord/carecoord/civil"
	"pgregory.net/rapid"
)

// outcomesFrom's guess (the schedule's bound on outcomes since the window's start, checked by
// one probe, binary search when it fails) must never drop an outcome on or after the window's
// start, and must not hand back more outcomes before it than the bound allows, whether
// outcomes follow the schedule, bunch on one day or come long after the window.
func TestOutcomesFromMissesNothing(t *testing.T) {
	base := civil.MustParse("2025-01-01")
	rapid.Check(t, func(t *rapid.T) {
		span := rapid.IntRange(0, 1000).Draw(t, "span")
		s := Schedule{Start: base, Every: rapid.IntRange(1, 3).Draw(t, "every"), Unit: rapid.SampledFrom(Frequencies()).Draw(t, "unit")}
		for range rapid.IntRange(0, 3).Draw(t, "times") {
			s.Times = append(s.Times, TimeOfDay{Hour: rapid.IntRange(0, 23).Draw(t, "hour")})
		}
		scheds := Schedules{{From: base, Schedule: s}}
		var offsets []int
		switch rapid.IntRange(0, 2).Draw(t, "shape") {
		case 0: // on the schedule, some left unrecorded
			for o := range scheds.All(civil.Range{Start: base, End: base.AddDays(span)}) {
				if rapid.IntRange(0, 9).Draw(t, "recorded") > 0 {
					offsets = append(offsets, o.Date.DaysSince(base))
				}
			}
		case 1: // many on one day, more than the schedule allows
			offsets = rapid.SliceOfN(rapid.IntRange(0, span), 0, 100).Draw(t, "days")
			c := rapid.IntRange(0, span).Draw(t, "bunch day")
			for range rapid.IntRange(1, 200).Draw(t, "bunch size") {
				offsets = append(offsets, c)
			}
		case 2: // anywhere
			offsets = rapid.SliceOfN(rapid.IntRange(0, span), 0, 300).Draw(t, "days")
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
		first := len(outs)
		for i, o := range outs {
			if !o.Occurrence.Date.Before(w.Start) {
				first = i
				break
			}
		}
		got := outcomesFrom(outs, w, scheds)
		from := len(outs) - len(got)
		if len(got) > 0 && &got[len(got)-1] != &outs[len(outs)-1] {
			t.Fatalf("outcomesFrom(%v) is not a tail of the outcomes", w)
		}
		if first < len(outs) && from > first {
			t.Fatalf("outcomesFrom(%v) starts at outcome %d, after %d, the first in the window", w, from, first)
		}
		if limit := scheds.maxOccurrences(w.Start, w.End) + 64; first-from > limit {
			t.Fatalf("outcomesFrom(%v) starts %d outcomes before the window, more than %d", w, first-from, limit)
		}
	})
}

// A worklist finds each activity's outcome window for a batch of plans at once
// (gapScratch.outcomeTails), guessing where it starts and checking the outcome before the
// guess after reading on from it. It must never drop an outcome of the window, whether
// outcomes follow the schedule, bunch on one day (the guess is then wrong) or come after it.
func TestOutcomeTailsMissNothing(t *testing.T) {
	base := civil.MustParse("2025-01-01")
	var sc gapScratch // kept from one batch to the next, as a worklist keeps it
	rapid.Check(t, func(t *rapid.T) {
		span := rapid.IntRange(0, 400).Draw(t, "span")
		plans := make([]CarePlan, rapid.IntRange(1, 9).Draw(t, "plans"))
		for i := range plans {
			p := &plans[i]
			p.Status = StatusActive
			if rapid.Bool().Draw(t, "period") {
				p.Period.Start = base.AddDays(rapid.IntRange(0, span).Draw(t, "period start"))
			}
			for range rapid.IntRange(0, 3).Draw(t, "activities") {
				s := Schedule{Start: base, Every: rapid.IntRange(1, 3).Draw(t, "every"), Unit: rapid.SampledFrom([]Frequency{Daily, Weekly}).Draw(t, "unit")}
				a := Activity{Status: ActivityInProgress, Schedules: Schedules{{From: base, Schedule: s}}}
				var offsets []int
				if rapid.Bool().Draw(t, "bunched") { // more on one day than the schedule allows
					offsets = rapid.SliceOfN(rapid.IntRange(0, span), 0, 50).Draw(t, "days")
					c := rapid.IntRange(0, span).Draw(t, "bunch day")
					for range rapid.IntRange(1, 120).Draw(t, "bunch size") {
						offsets = append(offsets, c)
					}
				} else {
					for o := range a.Schedules.All(civil.Range{Start: base, End: base.AddDays(span)}) {
						if rapid.IntRange(0, 9).Draw(t, "recorded") > 0 {
							offsets = append(offsets, o.Date.DaysSince(base))
						}
					}
				}
				slices.Sort(offsets)
				for _, o := range offsets {
					a.Outcomes = append(a.Outcomes, Outcome{Occurrence: Occurrence{Date: base.AddDays(o)}})
				}
				p.Activities = append(p.Activities, a)
			}
		}
		asOf := base.AddDays(rapid.IntRange(0, span+10).Draw(t, "as of"))
		policy := GapPolicy{Grace: rapid.IntRange(0, 3).Draw(t, "grace"), Lookback: rapid.IntRange(1, 60).Draw(t, "lookback")}
		sel := make([]int32, len(plans))
		for i := range sel {
			sel[i] = int32(i)
		}
		sc.outcomeTails(plans, sel, asOf, policy)
		w := 0
		for i := range plans {
			for k := range plans[i].Activities {
				a, win := &plans[i].Activities[k], &sc.windows[w]
				outs := a.Outcomes
				w++
				if win.state == windowQuiet {
					continue // nothing expected, nothing read
				}
				wantN, wantOldest := mergeOverdue(a, win.window, outcomesFrom(outs, win.window, a.Schedules), nil)
				if n, oldest := overdue(a, win, nil); n != wantN || oldest != wantOldest {
					t.Fatalf("plan %d activity %d: %d overdue, oldest %v; the merge finds %d, oldest %v", i, k, n, oldest, wantN, wantOldest)
				}
				first, last := len(outs), -1 // the outcomes on the window's days
				for j, o := range outs {
					if !o.Occurrence.Date.Before(win.window.Start) && !o.Occurrence.Date.After(win.window.End) {
						first, last = min(first, j), j
					}
				}
				if last < 0 {
					continue
				}
				from := -1
				for j := range outs {
					if len(win.outs) > 0 && &outs[j] == &win.outs[0] {
						from = j
					}
				}
				if from < 0 || from > first || from+len(win.outs) <= last {
					t.Fatalf("plan %d activity %d: window %v holds outcomes %d to %d; outcomeTails gave %d from %d", i, k, win.window, first, last, len(win.outs), from)
				}
			}
		}
	})
}
