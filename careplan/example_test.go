package careplan_test

import (
	"fmt"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/careplan"
	"github.com/carecoord/carecoord/civil"
	"github.com/shopspring/decimal"
)

// A diabetes plan: an HbA1c goal below 8%, a blood-pressure goal, weekly home BP checks and a
// monthly coordinator call. After September the coordinator reads adherence and the care gaps.
func Example() {
	day := civil.MustParse
	coordinator := carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-7", Display: "Care coordinator"}
	patient := carecoord.Actor{Kind: carecoord.ActorPatient, ID: "pat-1"}
	loinc := func(code string) carecoord.Coding { return carecoord.Coding{System: carecoord.SystemLOINC, Code: code} }
	num := decimal.RequireFromString

	plan := careplan.CarePlan{
		Meta:        carecoord.Meta{ID: "plan-1"},
		Patient:     "pat-1",
		Status:      careplan.StatusActive,
		Intent:      careplan.IntentPlan,
		Title:       "Type 2 diabetes with hypertension",
		Period:      civil.Period{Start: day("2025-09-01")},
		Addresses:   []carecoord.Coding{{System: carecoord.SystemICD10CM, Code: "E11.9"}, {System: carecoord.SystemICD10CM, Code: "I10"}},
		Coordinator: coordinator,
		Goals: []careplan.Goal{
			{ID: "a1c", Text: "HbA1c below 8%", Lifecycle: careplan.GoalActive, Priority: careplan.PriorityHigh,
				Targets: []careplan.Target{{Measure: loinc("4548-4"), High: decimal.NewNullDecimal(num("8")), HighExclusive: true, Unit: "%", Due: day("2026-03-31")}}},
			{ID: "bp", Text: "Systolic BP below 130", Lifecycle: careplan.GoalActive, Priority: careplan.PriorityMedium,
				Targets: []careplan.Target{{Measure: loinc("8480-6"), High: decimal.NewNullDecimal(num("130")), HighExclusive: true, Unit: "mm[Hg]", Due: day("2025-09-30")}}},
		},
		Activities: []careplan.Activity{
			{ID: "bp-check", Kind: careplan.KindMonitoring, Code: loinc("8480-6"), Status: careplan.ActivityInProgress,
				Performer: patient, Goals: []string{"bp"}, CountsTowardAdherence: true,
				Schedules: careplan.Schedules{{From: day("2025-09-01"), Schedule: careplan.Schedule{
					Start: day("2025-09-01"), Every: 1, Unit: careplan.Weekly, Weekdays: []time.Weekday{time.Monday}}}}},
			{ID: "call", Kind: careplan.KindCommunication, Status: careplan.ActivityInProgress,
				Performer: coordinator, Goals: []string{"a1c", "bp"},
				Schedules: careplan.Schedules{{From: day("2025-09-15"), Schedule: careplan.Schedule{
					Start: day("2025-09-15"), Every: 1, Unit: careplan.Monthly}}}},
			{ID: "a1c-lab", Kind: careplan.KindProcedure, Code: loinc("4548-4"), Status: careplan.ActivityNotStarted,
				Goals: []string{"a1c"}},
		},
	}
	if err := plan.Validate(); err != nil {
		fmt.Println("invalid:", err)
		return
	}

	// September's home readings, recorded against the Mondays they belong to.
	reading := func(d string, systolic string) careplan.Outcome {
		return careplan.Outcome{Occurrence: careplan.Occurrence{Date: day(d)}, Status: careplan.OutcomeCompleted,
			At: day(d).In(time.UTC).Add(19 * time.Hour), By: patient, Value: decimal.NewNullDecimal(num(systolic)), Unit: "mm[Hg]"}
	}
	forgot := careplan.Outcome{Occurrence: careplan.Occurrence{Date: day("2025-09-15")}, Status: careplan.OutcomeMissed,
		At: day("2025-09-16").In(time.UTC), By: coordinator, Reason: carecoord.Coding{System: carecoord.SystemSNOMED, Code: "275936005", Display: "Patient forgot"}}
	bp, _ := plan.Activity("bp-check")
	for _, o := range []careplan.Outcome{reading("2025-09-01", "142"), reading("2025-09-08", "128"), forgot, reading("2025-09-22", "126")} {
		var err error
		if bp, err = careplan.RecordOutcome(bp, o); err != nil {
			fmt.Println(err)
			return
		}
	}
	plan = plan.WithActivity(bp)
	call, _ := plan.Activity("call")
	call, _ = careplan.RecordOutcome(call, careplan.Outcome{Occurrence: careplan.Occurrence{Date: day("2025-09-15")},
		Status: careplan.OutcomeCompleted, At: day("2025-09-15").In(time.UTC).Add(15 * time.Hour), By: coordinator})
	plan = plan.WithActivity(call)

	// The lab results say how the HbA1c goal is going: 9.1% in June, 8.4% in September.
	a1c, _ := plan.Goal("a1c")
	a1c, evals, _ := careplan.EvaluateGoal(a1c, []careplan.Observation{
		{Measure: loinc("4548-4"), Value: num("9.1"), Unit: "%", Date: day("2025-06-02")},
		{Measure: loinc("4548-4"), Value: num("8.4"), Unit: "%", Date: day("2025-09-03")},
	}, day("2025-10-01"))
	plan = plan.WithGoal(a1c)
	fmt.Printf("HbA1c goal: %s (%s)\n", a1c.Achievement, evals[0].Rule)

	september := civil.Range{Start: day("2025-09-01"), End: day("2025-09-30")}
	adh, _ := careplan.PlanAdherence(plan, september, time.UTC, careplan.CompletedByOutcome)
	pct, _ := adh.Rate().Percent(0)
	fmt.Printf("BP checks done in September: %v (%s%%), missed %d, not recorded %d\n", adh.Rate(), pct.StringFixed(0), adh.Missed, adh.Unrecorded)
	goal, _ := plan.Goal("bp")
	inTarget, _ := careplan.PlanAdherence(plan, september, time.UTC, careplan.CompletedInTarget(goal.Targets[0]))
	fmt.Printf("BP checks done and below 130: %v\n", inTarget.Rate())

	fmt.Println("Care gaps on 2025-10-07:")
	for _, g := range careplan.Gaps(plan, day("2025-10-07"), careplan.DefaultGapPolicy()) {
		fmt.Printf("  %-18s goal=%-4s activity=%-8s due=%-10s late=%d\n", g.Code, g.Goal, g.Activity, dueText(g.Due), g.DaysLate)
	}
	// Output:
	// HbA1c goal: improving (closer)
	// BP checks done in September: 3/5 (60%), missed 1, not recorded 1
	// BP checks done and below 130: 2/5
	// Care gaps on 2025-10-07:
	//   overdue-occurrence goal=     activity=bp-check due=2025-09-29 late=8
	//   goal-past-due      goal=bp   activity=         due=2025-09-30 late=7
	//   no-performer       goal=     activity=a1c-lab  due=-          late=0
}

func dueText(d civil.Date) string {
	if d.IsZero() {
		return "-"
	}
	return d.String()
}
