package careplan

import (
	"slices"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"pgregory.net/rapid"
)

// Counting overdue occurrences must give exactly what the merge of eachExpected gives, for
// every schedule history, outcome list, status history and window: the merge is the rule,
// counting only a faster way to the same answer. Outcomes are drawn on and off the schedule,
// recorded twice, malformed or out of order; the count may hand such input back to the merge,
// but must never answer differently.
func TestCountedOverdueMatchesMerge(t *testing.T) {
	base := civil.MustParse("2025-03-01") // DST starts 2025-03-09 in New York
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	var counted, total int
	rapid.Check(t, func(t *rapid.T) {
		var a Activity
		from := base
		for v := range rapid.IntRange(1, 3).Draw(t, "versions") {
			if v > 0 {
				from = from.AddDays(rapid.IntRange(1, 40).Draw(t, "from gap"))
			}
			s := Schedule{Start: from.AddDays(rapid.IntRange(-20, 10).Draw(t, "start"))}
			switch rapid.IntRange(0, 9).Draw(t, "kind") {
			case 0:
				s.Every, s.Unit = rapid.IntRange(1, 2).Draw(t, "every"), Monthly
			case 1: // a one-off
			case 2, 3, 4:
				s.Every, s.Unit = rapid.IntRange(1, 3).Draw(t, "every"), Weekly
				for _, wd := range rapid.SliceOfNDistinct(rapid.IntRange(0, 6), 0, 4, rapid.ID[int]).Draw(t, "weekdays") {
					s.Weekdays = append(s.Weekdays, time.Weekday(wd))
				}
			default:
				s.Every, s.Unit = rapid.IntRange(1, 3).Draw(t, "every"), Daily
			}
			if s.recurring() {
				for _, m := range rapid.SliceOfNDistinct(rapid.IntRange(0, 24*60-1), 0, 3, rapid.ID[int]).Draw(t, "times") {
					s.Times = append(s.Times, TimeOfDay{Hour: m / 60, Minute: m % 60}) // any order
				}
				if rapid.IntRange(0, 3).Draw(t, "has count") == 0 {
					s.Count = rapid.IntRange(1, 40).Draw(t, "count")
				}
				if rapid.IntRange(0, 3).Draw(t, "has end") == 0 {
					s.End = s.Start.AddDays(rapid.IntRange(0, 60).Draw(t, "end"))
				}
			}
			a.Schedules = append(a.Schedules, ScheduleVersion{From: from, Schedule: s})
		}
		span := civil.Range{Start: base.AddDays(-5), End: from.AddDays(60)}
		for o := range a.Schedules.All(span) {
			for range rapid.IntRange(0, 2).Draw(t, "recorded") { // none, once or twice
				a.Outcomes = append(a.Outcomes, Outcome{Occurrence: o})
			}
		}
		for range rapid.IntRange(0, 6).Draw(t, "strays") { // on no occurrence, or another's
			o := Occurrence{Date: span.Start.AddDays(rapid.IntRange(0, span.End.DaysSince(span.Start)).Draw(t, "stray day"))}
			if rapid.Bool().Draw(t, "stray timed") {
				m := rapid.IntRange(0, 24*60-1).Draw(t, "stray minute")
				o.Time, o.Timed = TimeOfDay{Hour: m / 60, Minute: m % 60}, true
			}
			a.Outcomes = append(a.Outcomes, Outcome{Occurrence: o})
		}
		slices.SortStableFunc(a.Outcomes, func(x, y Outcome) int { return compareOccurrences(x.Occurrence, y.Occurrence) })
		switch rapid.IntRange(0, 19).Draw(t, "damage") {
		case 0:
			if len(a.Outcomes) > 1 {
				i := rapid.IntRange(0, len(a.Outcomes)-2).Draw(t, "swap")
				a.Outcomes[i], a.Outcomes[i+1] = a.Outcomes[i+1], a.Outcomes[i]
			}
		case 1:
			if len(a.Outcomes) > 0 {
				i := rapid.IntRange(0, len(a.Outcomes)-1).Draw(t, "malformed")
				a.Outcomes[i].Occurrence.Time.Minute = 75
			}
		}
		a.Status = ActivityInProgress
		for range rapid.IntRange(0, 3).Draw(t, "transitions") {
			to := rapid.SampledFrom([]ActivityStatus{ActivityInProgress, ActivityOnHold, ActivityScheduled}).Draw(t, "to")
			prev := ActivityNotStarted
			if len(a.History) > 0 {
				prev = ActivityStatus(a.History[len(a.History)-1].To)
			}
			at := base.In(time.UTC).Add(time.Duration(rapid.IntRange(0, 100*24).Draw(t, "hour")) * time.Hour)
			if len(a.History) > 0 && at.Before(a.History[len(a.History)-1].At) {
				at = a.History[len(a.History)-1].At
			}
			a.History = append(a.History, carecoord.Transition{From: string(prev), To: string(to), At: at})
		}
		loc := rapid.SampledFrom([]*time.Location{nil, time.UTC, ny}).Draw(t, "loc")
		start := span.Start.AddDays(rapid.IntRange(0, span.End.DaysSince(span.Start)).Draw(t, "window start"))
		window := civil.Range{Start: start, End: start.AddDays(rapid.IntRange(-1, 45).Draw(t, "window days"))}

		outs := outcomesFrom(a.Outcomes, window, a.Schedules)
		wantN, wantOldest := mergeOverdue(&a, window, outs, loc)
		win, _ := windowOf(outs, window, nil)
		n, oldest, ok := countOverdue(&a, win, loc, new(gapScratch))
		total++
		if !ok {
			return
		}
		counted++
		if n != wantN || oldest != wantOldest {
			t.Fatalf("counted %d overdue, oldest %v; the merge finds %d, oldest %v", n, oldest, wantN, wantOldest)
		}
	})
	// The count must answer most of these itself, or it is not being tested.
	if counted*2 < total {
		t.Errorf("the count answered %d of %d activities; the rest went to the merge", counted, total)
	}
}

// The steps of ordinals lead from each expected occurrence's key to the next one's, so that a
// list recorded occurrence by occurrence is counted by additions alone: walked from ordinal 0,
// they give the key of every occurrence the schedule has on the cursor's days, in order.
func TestOrdinalStepsFollowSchedule(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := Schedule{Start: civil.MustParse("2025-03-01").AddDays(rapid.IntRange(0, 30).Draw(t, "start")), Every: rapid.IntRange(1, 3).Draw(t, "every"), Unit: Daily}
		if rapid.Bool().Draw(t, "weekly") {
			s.Unit = Weekly
			for _, wd := range rapid.SliceOfNDistinct(rapid.IntRange(0, 6), 0, 7, rapid.ID[int]).Draw(t, "weekdays") {
				s.Weekdays = append(s.Weekdays, time.Weekday(wd))
			}
		}
		for _, m := range rapid.SliceOfNDistinct(rapid.IntRange(0, 24*60-1), 0, 4, rapid.ID[int]).Draw(t, "times") {
			s.Times = append(s.Times, TimeOfDay{Hour: m / 60, Minute: m % 60})
		}
		if rapid.Bool().Draw(t, "has count") {
			s.Count = rapid.IntRange(1, 60).Draw(t, "count")
		}
		vs := Schedules{{From: s.Start, Schedule: s}}
		start := s.Start.AddDays(rapid.IntRange(-10, 60).Draw(t, "window start"))
		window := civil.Range{Start: start, End: start.AddDays(rapid.IntRange(0, 60).Draw(t, "window days"))}
		var outs []Outcome
		for o := range vs.All(window) {
			outs = append(outs, Outcome{Occurrence: o})
		}
		win, _ := windowOf(outs, window, nil)
		c, ok := vs.schedCursor(0, window)
		if !ok {
			if len(outs) > 0 {
				t.Fatalf("no cursor for a window with %d occurrences", len(outs))
			}
			return
		}
		var o ordinals
		if !o.init(&c, window.Start, nil) {
			t.Fatal("a daily or weekly schedule was not numbered")
		}
		if o.expected != len(win.keys) {
			t.Fatalf("expected %d occurrences, the schedule has %d", o.expected, len(win.keys))
		}
		next, at := o.first()
		for i, k := range win.keys {
			if next != k {
				t.Fatalf("occurrence %d (%v): key %d by steps, %d from the occurrence", i, outs[i].Occurrence, next, k)
			}
			next += o.steps[at]
			at = (at + 1) % len(o.steps)
		}
		if w := o.count(win.keys); w.recorded != len(win.keys) || w.used != len(win.keys) {
			t.Fatalf("count of a list with every occurrence = %+v, want %d recorded and no gap", w, len(win.keys))
		}
	})
}
