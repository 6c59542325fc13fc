package careplan_test

import (
	"slices"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/careplan"
	"github.com/carecoord/carecoord/civil"
	"pgregory.net/rapid"
)

// nearSchedulesGen generates one to three schedule versions whose schedules start within a
// month before their From (so that each version has occurrences, and a small Count can run out
// before the next version starts).
func nearSchedulesGen() *rapid.Generator[careplan.Schedules] {
	return rapid.Custom(func(t *rapid.T) careplan.Schedules {
		from := schedD("2024-01-01").AddDays(rapid.IntRange(0, 700).Draw(t, "first from"))
		var v careplan.Schedules
		for range rapid.IntRange(1, 3).Draw(t, "versions") {
			s := schedGen().Draw(t, "schedule")
			shift := from.AddDays(-rapid.IntRange(0, 30).Draw(t, "lead")).DaysSince(s.Start)
			s.Start = s.Start.AddDays(shift)
			if !s.End.IsZero() {
				s.End = s.End.AddDays(shift)
			}
			if s.Unit != "" && rapid.Bool().Draw(t, "short count") {
				s.Count = rapid.IntRange(1, 10).Draw(t, "count") // likely used up before the next version
			}
			v = append(v, careplan.ScheduleVersion{From: from, Schedule: s})
			from = from.AddDays(rapid.IntRange(1, 120).Draw(t, "next from"))
		}
		if err := v.Validate(); err != nil {
			t.Fatalf("generated invalid schedules: %v", err)
		}
		return v
	})
}

// modelAdherence is ActivityAdherence written the plain way: list the window's occurrences,
// find each one's last recorded outcome by scanning them all, and read the status from the
// history at the occurrence's instant.
func modelAdherence(a careplan.Activity, window civil.Range, loc *time.Location) careplan.Adherence {
	status := func(at time.Time) careplan.ActivityStatus {
		if len(a.History) == 0 {
			return a.Status
		}
		s := careplan.ActivityStatus(a.History[0].From)
		for _, tr := range a.History {
			if !tr.At.After(at) {
				s = careplan.ActivityStatus(tr.To)
			}
		}
		return s
	}
	var adh careplan.Adherence
	for _, o := range a.Schedules.Occurrences(window) {
		out, recorded := a.OutcomeFor(o)
		if !recorded && !status(o.At(loc)).IsExpected() {
			continue
		}
		adh.Expected++
		switch {
		case !recorded:
			adh.Unrecorded++
		case out.Status == careplan.OutcomeCompleted:
			adh.Completed++
		case out.Status == careplan.OutcomeMissed:
			adh.Missed++
		case out.Status == careplan.OutcomeDeclined:
			adh.Declined++
		}
	}
	return adh
}

// The one-pass merge behind adherence and care gaps agrees with the plain model, whatever the
// versions, Counts, times of day, repeated outcomes, outcomes off the schedule and status
// history.
func TestAdherenceAgreesWithModel(t *testing.T) {
	statuses := []careplan.OutcomeStatus{careplan.OutcomeCompleted, careplan.OutcomeMissed, careplan.OutcomeDeclined}
	rapid.Check(t, func(t *rapid.T) {
		a := careplan.Activity{ID: "a", Kind: careplan.KindTask, Status: careplan.ActivityInProgress,
			Schedules: nearSchedulesGen().Draw(t, "schedules")}
		span := civil.Range{Start: a.Schedules[0].From, End: a.Schedules[len(a.Schedules)-1].From.AddDays(400)}
		all := a.Schedules.Occurrences(span)
		// Outcomes for a random subset of the occurrences, some recorded twice, plus a few
		// for occurrences the schedule does not have.
		var outs []careplan.Outcome
		for i, o := range all {
			if rapid.IntRange(0, 9).Draw(t, "skip") < 3 {
				continue
			}
			times := 1
			if rapid.IntRange(0, 9).Draw(t, "twice") == 0 {
				times = 2
			}
			for range times {
				outs = append(outs, careplan.Outcome{Occurrence: o, Status: rapid.SampledFrom(statuses).Draw(t, "status"),
					At: o.At(time.UTC), By: patient})
			}
			if i%17 == 0 {
				stray := careplan.Occurrence{Date: o.Date, Time: careplan.TimeOfDay{Hour: 23, Minute: 59}, Timed: true}
				if !slices.Contains(all, stray) {
					outs = append(outs, careplan.Outcome{Occurrence: stray, Status: careplan.OutcomeCompleted, At: o.At(time.UTC), By: patient})
				}
			}
		}
		slices.SortStableFunc(outs, func(x, y careplan.Outcome) int {
			return x.Occurrence.At(time.UTC).Compare(y.Occurrence.At(time.UTC))
		})
		a.Outcomes = outs
		if rapid.Bool().Draw(t, "history") {
			at := span.Start.AddDays(rapid.IntRange(0, 300).Draw(t, "hold day")).In(time.UTC).Add(time.Duration(rapid.IntRange(0, 47).Draw(t, "half hours")) * 30 * time.Minute)
			a.History = []carecoord.Transition{
				{From: string(careplan.ActivityInProgress), To: string(careplan.ActivityOnHold), At: at, By: nurse},
				{From: string(careplan.ActivityOnHold), To: string(careplan.ActivityInProgress), At: at.AddDate(0, 0, rapid.IntRange(0, 60).Draw(t, "hold days")), By: nurse},
			}
		}
		window := civil.Range{Start: span.Start.AddDays(rapid.IntRange(-10, 90).Draw(t, "window start"))}
		window.End = window.Start.AddDays(rapid.IntRange(-1, 300).Draw(t, "window days"))
		got := careplan.ActivityAdherence(a, window, time.UTC, nil)
		if want := modelAdherence(a, window, time.UTC); got != want {
			t.Fatalf("ActivityAdherence = %+v, the model says %+v", got, want)
		}
	})
}

// A version whose Count runs out does not end the activity: the next version's occurrences
// are expected as usual.
func TestAdherenceAfterCountRunsOut(t *testing.T) {
	first := schedD("2025-01-01")
	a := careplan.Activity{ID: "a", Kind: careplan.KindTask, Status: careplan.ActivityInProgress, Schedules: careplan.Schedules{
		{From: first, Schedule: careplan.Schedule{Start: first, Every: 1, Unit: careplan.Daily, Count: 3}},
		{From: schedD("2025-01-10"), Schedule: careplan.Schedule{Start: schedD("2025-01-10"), Every: 1, Unit: careplan.Daily}},
	}}
	window := civil.Range{Start: first, End: schedD("2025-01-12")}
	want := careplan.Adherence{Expected: 6, Unrecorded: 6} // 01-01 to 01-03, then 01-10 to 01-12
	if got := careplan.ActivityAdherence(a, window, time.UTC, nil); got != want {
		t.Errorf("ActivityAdherence = %+v, want %+v", got, want)
	}
}
