package careplan_test

import (
	"errors"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/careplan"
	"github.com/carecoord/carecoord/civil"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

var d = civil.MustParse

func done(day string, by carecoord.Actor) careplan.Outcome {
	return careplan.Outcome{Occurrence: careplan.Occurrence{Date: d(day)}, Status: careplan.OutcomeCompleted, At: d(day).In(time.UTC).Add(20 * time.Hour), By: by}
}

// dailyWalk is a daily, untimed activity from 2025-06-01.
func dailyWalk() careplan.Activity {
	return careplan.Activity{ID: "walk", Kind: careplan.KindTask, Status: careplan.ActivityInProgress, Performer: patient,
		CountsTowardAdherence: true,
		Schedules:             careplan.Schedules{{From: d("2025-06-01"), Schedule: careplan.Schedule{Start: d("2025-06-01"), Every: 1, Unit: careplan.Daily}}}}
}

// The CareKit failure the issue names: a daily task is rescheduled "from tomorrow"; yesterday's
// completions are still there and still count, and are judged by the schedule then in force.
func TestRescheduleKeepsRecordedOutcomes(t *testing.T) {
	a := dailyWalk()
	var err error
	for _, day := range []string{"2025-06-01", "2025-06-02", "2025-06-04", "2025-06-09", "2025-06-10"} {
		if a, err = careplan.RecordOutcome(a, done(day, patient)); err != nil {
			t.Fatalf("RecordOutcome(%s): %v", day, err)
		}
	}
	june1to10 := civil.Range{Start: d("2025-06-01"), End: d("2025-06-10")}
	before := careplan.ActivityAdherence(a, june1to10, time.UTC, careplan.CompletedByOutcome)

	// On 2025-06-10 the task becomes every other day from tomorrow. Rescheduling from a day
	// that already has an outcome is refused: it could hide that outcome.
	everyOther := careplan.Schedule{Start: d("2025-06-11"), Every: 2, Unit: careplan.Daily}
	today, at := d("2025-06-10"), d("2025-06-10").In(time.UTC).Add(17*time.Hour)
	if _, err := careplan.Reschedule(a, today, d("2025-06-10"), everyOther, at, nurse); !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("Reschedule from a day with an outcome: error = %v, want ErrInvalid", err)
	}
	if _, err := careplan.Reschedule(a, d("2025-06-12"), d("2025-06-11"), everyOther, at, nurse); !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("Reschedule from a day before today: error = %v, want ErrInvalid", err)
	}
	if a, err = careplan.Reschedule(a, today, d("2025-06-11"), everyOther, at, nurse); err != nil {
		t.Fatalf("Reschedule from tomorrow: %v", err)
	}
	if last := a.Schedules[len(a.Schedules)-1]; !last.At.Equal(at) || last.By != nurse {
		t.Errorf("the new version is not stamped: %v by %v", last.At, last.By)
	}
	after := careplan.ActivityAdherence(a, june1to10, time.UTC, careplan.CompletedByOutcome)
	want := careplan.Adherence{Expected: 10, Completed: 5, Unrecorded: 5}
	if diff := cmp.Diff(want, before); diff != "" {
		t.Errorf("adherence before the change (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, after); diff != "" {
		t.Errorf("adherence of the same days after the change (-want +got):\n%s", diff)
	}
	if len(a.Outcomes) != 5 {
		t.Errorf("the change lost outcomes: %d left", len(a.Outcomes))
	}
	// Later days follow the new schedule: 11, 13, 15 in 11..15.
	later := careplan.ActivityAdherence(a, civil.Range{Start: d("2025-06-11"), End: d("2025-06-15")}, time.UTC, careplan.CompletedByOutcome)
	if later.Expected != 3 {
		t.Errorf("expected occurrences 11..15 under the new schedule = %d, want 3", later.Expected)
	}
	// An outcome for a day the new schedule skips is refused, one for the old schedule's day
	// before the change is still accepted.
	if _, err := careplan.RecordOutcome(a, done("2025-06-12", patient)); err == nil {
		t.Error("RecordOutcome accepted 2025-06-12, which the new schedule does not have")
	}
	if _, err := careplan.RecordOutcome(a, done("2025-06-05", patient)); err != nil {
		t.Errorf("RecordOutcome(2025-06-05) under the old schedule: %v", err)
	}
}

func TestAdherenceCounts(t *testing.T) {
	a := dailyWalk()
	reason := carecoord.Coding{System: carecoord.SystemSNOMED, Code: "105480006"} // refusal of treatment by patient
	outs := []careplan.Outcome{
		done("2025-06-01", patient),
		{Occurrence: careplan.Occurrence{Date: d("2025-06-02")}, Status: careplan.OutcomeMissed, At: t0, By: nurse, Reason: reason},
		{Occurrence: careplan.Occurrence{Date: d("2025-06-03")}, Status: careplan.OutcomeDeclined, At: t0, By: patient, Reason: reason},
		// 06-04: first missed, then completed late: the last recorded counts.
		{Occurrence: careplan.Occurrence{Date: d("2025-06-04")}, Status: careplan.OutcomeMissed, At: t0, By: nurse, Reason: reason},
		done("2025-06-04", patient),
		// outside the window
		done("2025-06-20", patient),
	}
	for _, o := range outs {
		var err error
		if a, err = careplan.RecordOutcome(a, o); err != nil {
			t.Fatal(err)
		}
	}
	got := careplan.ActivityAdherence(a, civil.Range{Start: d("2025-06-01"), End: d("2025-06-07")}, nil, careplan.CompletedByOutcome)
	want := careplan.Adherence{Expected: 7, Completed: 2, Missed: 1, Declined: 1, Unrecorded: 3}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ActivityAdherence mismatch (-want +got):\n%s", diff)
	}
	if r := got.Rate(); r != (carecoord.Rate{Num: 2, Den: 7}) {
		t.Errorf("Rate = %v", r)
	}
	// Nothing expected: the rate is not computable, not 0%.
	none := careplan.ActivityAdherence(a, civil.Range{Start: d("2025-05-01"), End: d("2025-05-31")}, nil, careplan.CompletedByOutcome)
	if _, ok := none.Rate().Percent(1); ok || none.Expected != 0 {
		t.Errorf("adherence before the schedule starts = %+v", none)
	}
}

// Occurrences while an activity is on hold are not expected; the history says when.
func TestAdherenceFollowsStatusHistory(t *testing.T) {
	a := dailyWalk()
	a.Status = careplan.ActivityNotStarted
	var err error
	steps := []struct {
		to careplan.ActivityStatus
		at string
	}{{careplan.ActivityInProgress, "2025-06-01"}, {careplan.ActivityOnHold, "2025-06-04"}, {careplan.ActivityInProgress, "2025-06-08"}}
	for _, s := range steps {
		if a, err = careplan.TransitionActivity(a, s.to, d(s.at).In(time.UTC).Add(9*time.Hour), nurse, carecoord.Coding{}); err != nil {
			t.Fatal(err)
		}
	}
	// June 1-3 in progress, 4-7 on hold, 8-10 in progress again.
	got := careplan.ActivityAdherence(a, civil.Range{Start: d("2025-06-01"), End: d("2025-06-10")}, time.UTC, careplan.CompletedByOutcome)
	if got.Expected != 6 {
		t.Errorf("expected occurrences = %d, want 6 (on hold June 4-7)", got.Expected)
	}
	// The transition instant is read in the given zone: 2025-06-04T09:00Z is still June 4 in
	// New York, but 2025-06-04T02:00Z would be June 3 there.
	ny := time.FixedZone("EDT", -4*3600)
	a.History[1].At = d("2025-06-04").In(time.UTC).Add(2 * time.Hour)
	if got := careplan.ActivityAdherence(a, civil.Range{Start: d("2025-06-01"), End: d("2025-06-10")}, ny, careplan.CompletedByOutcome); got.Expected != 5 {
		t.Errorf("expected occurrences reading history in New York = %d, want 5", got.Expected)
	}
}

func TestPlanAdherenceWithTargetValues(t *testing.T) {
	bp := careplan.Activity{ID: "bp", Kind: careplan.KindMonitoring, Status: careplan.ActivityInProgress, Performer: patient,
		CountsTowardAdherence: true,
		Schedules:             careplan.Schedules{{From: d("2025-09-01"), Schedule: careplan.Schedule{Start: d("2025-09-01"), Every: 1, Unit: careplan.Weekly, Weekdays: []time.Weekday{time.Monday}}}}}
	reading := func(day string, systolic int64, unit string) careplan.Outcome {
		o := done(day, patient)
		o.Value, o.Unit = decimal.NewNullDecimal(decimal.NewFromInt(systolic)), unit
		return o
	}
	var err error
	for _, o := range []careplan.Outcome{reading("2025-09-01", 142, "mm[Hg]"), reading("2025-09-08", 128, "mm[Hg]"), reading("2025-09-15", 125, "kPa"), done("2025-09-22", patient)} {
		if bp, err = careplan.RecordOutcome(bp, o); err != nil {
			t.Fatal(err)
		}
	}
	note := careplan.Activity{ID: "note", Kind: careplan.KindEducation, Status: careplan.ActivityInProgress, Performer: nurse,
		Schedules: careplan.Schedules{{From: d("2025-09-01"), Schedule: careplan.Schedule{Start: d("2025-09-02")}}}}
	p := validPlan()
	p.Activities = []careplan.Activity{bp, note}
	p.Activities[0].Goals = nil
	september := civil.Range{Start: d("2025-09-01"), End: d("2025-09-30")}

	total, per := careplan.PlanAdherence(p, september, time.UTC, careplan.CompletedByOutcome)
	if want := (careplan.Adherence{Expected: 5, Completed: 4, Unrecorded: 1}); total != want || len(per) != 1 || per[0].Activity != "bp" {
		t.Errorf("PlanAdherence(outcome recorded) = %+v, %+v; want %+v for bp only", total, per, want)
	}
	target := systolic90to130()
	total, _ = careplan.PlanAdherence(p, september, time.UTC, careplan.CompletedInTarget(target))
	// Only 128 mm[Hg] meets the target: 142 does not, kPa is another unit, and 09-22 has no value.
	if want := (careplan.Adherence{Expected: 5, Completed: 1, Unrecorded: 1}); total != want {
		t.Errorf("PlanAdherence(value in target) = %+v, want %+v", total, want)
	}
}

// A status change later in a day must not hide that day's earlier occurrence, nor its outcome.
func TestStatusChangeDoesNotHideEarlierOccurrences(t *testing.T) {
	dose := careplan.Activity{ID: "dose", Kind: careplan.KindMedication, Status: careplan.ActivityInProgress, Performer: patient,
		CountsTowardAdherence: true,
		Schedules: careplan.Schedules{{From: d("2025-06-01"), Schedule: careplan.Schedule{Start: d("2025-06-01"), Every: 1,
			Unit: careplan.Daily, Times: []careplan.TimeOfDay{{Hour: 8}}}}}}
	var err error
	for _, day := range []string{"2025-06-01", "2025-06-02", "2025-06-03"} {
		o := done(day, patient)
		o.Occurrence = careplan.Occurrence{Date: d(day), Time: careplan.TimeOfDay{Hour: 8}, Timed: true}
		if dose, err = careplan.RecordOutcome(dose, o); err != nil {
			t.Fatal(err)
		}
	}
	// Completed at 18:00 on June 3, after that day's 08:00 dose was taken.
	completed, err := careplan.TransitionActivity(dose, careplan.ActivityCompleted, d("2025-06-03").In(time.UTC).Add(18*time.Hour), nurse, carecoord.Coding{})
	if err != nil {
		t.Fatal(err)
	}
	june := civil.Range{Start: d("2025-06-01"), End: d("2025-06-10")}
	if got := careplan.ActivityAdherence(completed, june, time.UTC, nil); got != (careplan.Adherence{Expected: 3, Completed: 3}) {
		t.Errorf("adherence after completion at 18:00 on the third day = %+v, want 3 of 3", got)
	}
	// Put on hold at 23:00 on June 2 with that day's 08:00 dose unrecorded: it was still due.
	unrecorded := dose
	unrecorded.Outcomes = unrecorded.Outcomes[:1]
	held, err := careplan.TransitionActivity(unrecorded, careplan.ActivityOnHold, d("2025-06-02").In(time.UTC).Add(23*time.Hour), nurse, carecoord.Coding{})
	if err != nil {
		t.Fatal(err)
	}
	if got := careplan.ActivityAdherence(held, june, time.UTC, nil); got != (careplan.Adherence{Expected: 2, Completed: 1, Unrecorded: 1}) {
		t.Errorf("adherence after a hold at 23:00 = %+v, want 1 of 2 with 1 unrecorded", got)
	}
}
