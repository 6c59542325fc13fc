package careplan

import (
	"cmp"
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
	var sc gapScratch // kept across cases, so that each window's bitmaps start after others'
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
		win := activityWindow{window: window}
		sc.prepare(&a, &win, loc)
		if win.state == windowCounted {
			sc.read(&win, outs)
		}
		if win.state == windowCounted {
			sc.finish(&win)
		}
		total++
		if win.state == windowMerge {
			return
		}
		counted++
		if n, oldest := overdue(&a, &win, loc); n != wantN || oldest != wantOldest {
			t.Fatalf("counted %d overdue, oldest %v; the merge finds %d, oldest %v", n, oldest, wantN, wantOldest)
		}
	})
	// The count must answer most of these itself, or it is not being tested.
	if counted*2 < total {
		t.Errorf("the count answered %d of %d activities; the rest went to the merge", counted, total)
	}
}

// The expected bitmaps hold exactly the occurrences the schedule has on the window's days, and
// counting finds a list with every one of them complete, and one without a single occurrence
// short of just that one.
func TestExpectedDaysFollowSchedule(t *testing.T) {
	var sc gapScratch
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
		a := Activity{Status: ActivityInProgress, Schedules: Schedules{{From: s.Start, Schedule: s}}}
		start := s.Start.AddDays(rapid.IntRange(-10, 60).Draw(t, "window start"))
		window := civil.Range{Start: start, End: start.AddDays(rapid.IntRange(0, 150).Draw(t, "window days"))}
		var want [][2]int // day from the window's start, slot key
		for o := range a.Schedules.All(window) {
			want = append(want, [2]int{o.Date.DaysSince(start), int(slotKey(o.Time, o.Timed))})
			a.Outcomes = append(a.Outcomes, Outcome{Occurrence: o})
		}
		win := activityWindow{window: window}
		sc.prepare(&a, &win, nil)
		switch win.state {
		case windowQuiet:
			if len(want) > 0 {
				t.Fatalf("nothing expected in a window with %d occurrences", len(want))
			}
			return
		case windowMerge:
			if s.Count == 0 {
				t.Fatal("a daily or weekly schedule with no Count went to the merge")
			}
			return
		}
		var got [][2]int
		words := win.words()
		for d := range window.End.DaysSince(start) + 1 {
			for s, k := range sc.slotKeys[win.slots:][:win.nslots] {
				if sc.expected[int(win.bits)+s*words+d/64]>>(d%64)&1 != 0 {
					got = append(got, [2]int{d, int(k)})
				}
			}
		}
		slices.SortFunc(got, func(x, y [2]int) int { return cmp.Or(x[0]-y[0], x[1]-y[1]) })
		if !slices.Equal(got, want) {
			t.Fatalf("expected bitmaps hold %v; the schedule has %v", got, want)
		}
		sc.read(&win, a.Outcomes)
		sc.finish(&win)
		if win.n != 0 {
			t.Fatalf("%d overdue, oldest %v, in a complete list", win.n, win.oldest)
		}
		if len(a.Outcomes) == 0 {
			return
		}
		i := rapid.IntRange(0, len(a.Outcomes)-1).Draw(t, "unrecorded")
		short := slices.Delete(slices.Clone(a.Outcomes), i, i+1)
		sc.read(&win, short)
		sc.finish(&win)
		if win.n != 1 || win.oldest != a.Outcomes[i].Occurrence {
			t.Fatalf("%d overdue, oldest %v; want 1, %v", win.n, win.oldest, a.Outcomes[i].Occurrence)
		}
	})
}
