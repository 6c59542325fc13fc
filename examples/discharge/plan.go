package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/careplan"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/sdoh"
	"github.com/shopspring/decimal"
)

// writePlan is the care plan the coordinator writes after the call: what it addresses (the
// stay's diagnoses and the needs the screen found), the goals with measurable targets, the
// activities that serve them, the team across settings, and herself as the named
// coordinator.
func (s *story) writePlan() error {
	food, err := s.need(sdoh.CategoryFoodInsecurity)
	if err != nil {
		return err
	}
	rides, err := s.need(sdoh.CategoryTransportationInsecurity)
	if err != nil {
		return err
	}
	stay, err := s.adt.Events().Get(s.ctx, stayID)
	if err != nil {
		return fmt.Errorf("reading the stay: %w", err)
	}
	loinc := func(code, display string) carecoord.Coding {
		return carecoord.Coding{System: carecoord.SystemLOINC, Code: code, Display: display}
	}
	below := func(n string) decimal.NullDecimal { return decimal.NewNullDecimal(decimal.RequireFromString(n)) }
	nucc := func(code, display string) carecoord.Coding {
		return carecoord.Coding{System: carecoord.SystemNUCCTaxonomy, Code: code, Display: display}
	}
	member := func(a carecoord.Actor, role carecoord.Coding) careplan.Participant {
		return careplan.Participant{Member: a, Role: role}
	}
	// An appointment the coordinator books, one-off on its day, that the patient is asked to
	// keep (so it counts in adherence); unscheduled until the clinic books it.
	visit := func(id string, performer carecoord.Actor, goals []string, link string) careplan.Activity {
		return careplan.Activity{ID: id, Kind: careplan.KindAppointment, Status: careplan.ActivityNotStarted,
			Performer: performer, Goals: goals, Link: link, CountsTowardAdherence: true}
	}
	pcpVisit := visit("pcp-visit", s.who.pcp, []string{"a1c", "bp"}, "")
	pcpVisit.Status = careplan.ActivityScheduled
	pcpVisit.Schedules = careplan.Schedules{{From: date(4), Schedule: careplan.Schedule{Start: date(6)}}}

	at := s.at(4, 11, 30)
	plan := careplan.CarePlan{
		Meta:    carecoord.Meta{ID: planID, UpdatedAt: at, UpdatedBy: s.who.coordinator},
		Patient: patient, Status: careplan.StatusActive, Intent: careplan.IntentPlan,
		Title:       "After a heart attack: heart, diabetes, food and rides",
		Period:      civil.Period{Start: date(4)},
		Addresses:   slices.Concat(stay.Diagnoses, []carecoord.Coding{food.Conditions[0].Coding(), rides.Conditions[0].Coding()}),
		Coordinator: s.who.coordinator,
		Team: careplan.CareTeam{Status: careplan.TeamActive, Participants: []careplan.Participant{
			member(s.who.patient, carecoord.Coding{}),
			member(s.who.pcp, nucc("207Q00000X", "Family Medicine")),
			member(s.who.heartClinic, nucc("207RC0000X", "Cardiovascular Disease")),
			member(s.who.endocrine, nucc("207RE0101X", "Endocrinology, Diabetes & Metabolism")),
			member(s.who.pantry, carecoord.Coding{}),
			member(s.who.rides, carecoord.Coding{}),
		}},
		Goals: []careplan.Goal{
			{ID: "a1c", Text: "HbA1c below 8% (ADA Standards of Care, older adults)",
				Lifecycle: careplan.GoalActive, Priority: careplan.PriorityHigh, Addresses: []carecoord.Coding{dxDiabetes()},
				Targets: []careplan.Target{{Measure: loinc("4548-4", "Hemoglobin A1c"), High: below("8"), HighExclusive: true, Unit: "%", Due: date(181)}}},
			{ID: "bp", Text: "systolic BP below 130 (2017 ACC/AHA guideline)",
				Lifecycle: careplan.GoalActive, Priority: careplan.PriorityHigh, Addresses: []carecoord.Coding{dxNSTEMI()},
				Targets: []careplan.Target{{Measure: loinc("8480-6", "Systolic blood pressure"), High: below("130"), HighExclusive: true, Unit: "mm[Hg]", Due: date(91)}}},
			{ID: "food", Text: "enough food every week", Lifecycle: careplan.GoalActive, Priority: careplan.PriorityMedium,
				Addresses: []carecoord.Coding{food.Conditions[0].Coding()}},
			{ID: "rides", Text: "a ride to every appointment", Lifecycle: careplan.GoalActive, Priority: careplan.PriorityMedium,
				Addresses: []carecoord.Coding{rides.Conditions[0].Coding()}},
		},
		Activities: []careplan.Activity{
			pcpVisit,
			visit("cardiology-visit", s.who.heartClinic, []string{"bp"}, "ServiceRequest/"+refCardiology),
			visit("endocrinology-visit", s.who.endocrine, []string{"a1c"}, "ServiceRequest/"+refEndocrinology),
			{ID: "food-pantry", Kind: careplan.KindReferral, Status: careplan.ActivityInProgress, Performer: s.who.pantry,
				Goals: []string{"food"}, Link: "ServiceRequest/" + refFood},
			{ID: "rides", Kind: careplan.KindReferral, Status: careplan.ActivityInProgress, Performer: s.who.rides,
				Goals: []string{"rides"}, Link: "ServiceRequest/" + refRides},
		},
	}
	if plan, err = s.plans.Save(s.ctx, plan); err != nil {
		return fmt.Errorf("saving the care plan: %w", err)
	}

	s.out.line(2, fmt.Sprintf("%s Care plan %q (FHIR R4 CarePlan) [%s]. Coordinator, named on the plan: %s.",
		s.clock(at), plan.Title, saved(plan.Meta), plan.Coordinator.Display))
	var goals []string
	for _, g := range plan.Goals {
		goal := g.Text
		for _, t := range g.Targets {
			goal += fmt.Sprintf(" by %s, LOINC %s", t.Due, t.Measure.Code)
		}
		for _, c := range g.Addresses {
			goal += ", for " + c.Code
		}
		goals = append(goals, goal)
	}
	s.out.line(4, "Goals: "+strings.Join(goals, "; ")+".")
	var team []string
	for _, p := range plan.Team.Participants[1:] {
		t := p.Member.Display
		if !p.Role.IsZero() {
			t += " (NUCC " + p.Role.Code + ")"
		}
		team = append(team, t)
	}
	s.out.line(4, "Team: "+strings.Join(team, ", ")+".")
	return nil
}

// updatePlan changes the care plan's activity id, saves the plan as a new version and returns
// it.
func (s *story) updatePlan(id string, at time.Time, by carecoord.Actor, change func(careplan.Activity) (careplan.Activity, error)) (careplan.CarePlan, error) {
	p, err := carecoord.Update(s.ctx, s.plans, planID, at, by, func(p careplan.CarePlan) (careplan.CarePlan, error) {
		a, ok := p.Activity(id)
		if !ok {
			return p, fmt.Errorf("the care plan has no activity %s", id)
		}
		a, err := change(a)
		if err != nil {
			return p, err
		}
		return p.WithActivity(a), nil
	})
	if err != nil {
		return p, fmt.Errorf("care plan activity %s: %w", id, err)
	}
	return p, nil
}

// book puts a booked appointment on the care plan: the activity is scheduled, one-off on the
// day of the appointment (careplan.Reschedule keeps any earlier schedule and its outcomes).
func (s *story) book(id string, day civil.Date, at time.Time) (careplan.CarePlan, error) {
	today := civil.DateOf(at.In(s.loc))
	return s.updatePlan(id, at, s.who.coordinator, func(a careplan.Activity) (careplan.Activity, error) {
		a, err := careplan.Reschedule(a, today, today, careplan.Schedule{Start: day}, at, s.who.coordinator)
		if err != nil || a.Status == careplan.ActivityScheduled {
			return a, err
		}
		return careplan.TransitionActivity(a, careplan.ActivityScheduled, at, s.who.coordinator, carecoord.Coding{})
	})
}

// attended records what became of an appointment on the care plan: kept, or missed for a
// coded reason.
func (s *story) attended(id string, day civil.Date, status careplan.OutcomeStatus, reason carecoord.Coding, at time.Time) (careplan.CarePlan, error) {
	return s.updatePlan(id, at, s.who.coordinator, func(a careplan.Activity) (careplan.Activity, error) {
		return careplan.RecordOutcome(a, careplan.Outcome{Occurrence: careplan.Occurrence{Date: day}, Status: status,
			At: at, By: s.who.coordinator, Reason: reason})
	})
}
