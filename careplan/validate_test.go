package careplan_test

import (
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/careplan"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/internal/fieldtest"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

type pathCode struct {
	Path string
	Code carecoord.FieldCode
}

func problems(t *testing.T, err error) []pathCode {
	t.Helper()
	return fieldtest.PathCodes[pathCode](t, err)
}

var (
	nurse   = carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-1"}
	patient = carecoord.Actor{Kind: carecoord.ActorPatient, ID: "pat-1"}
	t0      = time.Date(2025, 9, 1, 9, 0, 0, 0, time.UTC)
)

func validPlan() careplan.CarePlan {
	return careplan.CarePlan{
		Patient:     "pat-1",
		Status:      careplan.StatusActive,
		Intent:      careplan.IntentPlan,
		Period:      civil.Period{Start: civil.MustParse("2025-09-01")},
		Coordinator: nurse,
		Addresses:   []carecoord.Coding{{System: carecoord.SystemICD10CM, Code: "E11.9"}},
		Team: careplan.CareTeam{Status: careplan.TeamActive, Participants: []careplan.Participant{
			{Member: nurse, OnBehalfOf: carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "clinic-1"}},
			{Member: patient},
		}},
		Goals: []careplan.Goal{{ID: "g1", Text: "HbA1c below 8%", Lifecycle: careplan.GoalActive}},
		Activities: []careplan.Activity{{ID: "a1", Kind: careplan.KindMonitoring, Status: careplan.ActivityInProgress,
			Performer: patient, Goals: []string{"g1"}, Link: "ServiceRequest/sr-1"}},
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(p *careplan.CarePlan)
		want   []pathCode
	}{
		{"valid", func(*careplan.CarePlan) {}, nil},
		{"zero plan", func(p *careplan.CarePlan) { *p = careplan.CarePlan{} }, []pathCode{
			{"patient", carecoord.FieldRequired}, {"status", carecoord.FieldRequired}, {"intent", carecoord.FieldRequired}}},
		{"bad codes", func(p *careplan.CarePlan) { p.Status, p.Intent = "closed", "directive" }, []pathCode{
			{"status", carecoord.FieldNotSupported}, {"intent", carecoord.FieldNotSupported}}},
		{"patient id syntax", func(p *careplan.CarePlan) { p.Patient = "pat 1" }, []pathCode{{"patient", carecoord.FieldInvalid}}},
		{"period end before start", func(p *careplan.CarePlan) { p.Period.End = civil.MustParse("2025-08-31") }, []pathCode{{"period.end", carecoord.FieldInvalid}}},
		{"no coordinator is valid", func(p *careplan.CarePlan) { p.Coordinator = carecoord.Actor{} }, nil},
		{"bad coordinator", func(p *careplan.CarePlan) { p.Coordinator.Kind = "nurse" }, []pathCode{{"coordinator.kind", carecoord.FieldNotSupported}}},
		{"bad address", func(p *careplan.CarePlan) { p.Addresses[0].System = "icd10" }, []pathCode{{"addresses[0].system", carecoord.FieldInvalid}}},
		{"duplicate goal", func(p *careplan.CarePlan) { p.Goals = append(p.Goals, p.Goals[0]) }, []pathCode{{"goals[1].id", carecoord.FieldDuplicate}}},
		{"goal without description", func(p *careplan.CarePlan) { p.Goals[0].Text = " " }, []pathCode{{"goals[0].description", carecoord.FieldRequired}}},
		{"goal lifecycle", func(p *careplan.CarePlan) { p.Goals[0].Lifecycle = "done" }, []pathCode{{"goals[0].lifecycle", carecoord.FieldNotSupported}}},
		{"activity serves a missing goal", func(p *careplan.CarePlan) { p.Activities[0].Goals = []string{"g9"} }, []pathCode{{"activities[0].goals[0]", carecoord.FieldInvalid}}},
		{"activity repeats a goal", func(p *careplan.CarePlan) { p.Activities[0].Goals = []string{"g1", "g1"} }, []pathCode{{"activities[0].goals[1]", carecoord.FieldDuplicate}}},
		{"activity kind and status", func(p *careplan.CarePlan) { p.Activities[0].Kind, p.Activities[0].Status = "", "done" }, []pathCode{
			{"activities[0].kind", carecoord.FieldRequired}, {"activities[0].status", carecoord.FieldNotSupported}}},
		{"activity link", func(p *careplan.CarePlan) { p.Activities[0].Link = "sr-1" }, []pathCode{{"activities[0].link", carecoord.FieldInvalid}}},
		{"activity link lower-case type", func(p *careplan.CarePlan) { p.Activities[0].Link = "serviceRequest/sr-1" }, []pathCode{{"activities[0].link", carecoord.FieldInvalid}}},
		{"duplicate activity", func(p *careplan.CarePlan) { p.Activities = append(p.Activities, p.Activities[0]) }, []pathCode{{"activities[1].id", carecoord.FieldDuplicate}}},
		{"ctm-1 onBehalfOf for a patient", func(p *careplan.CarePlan) {
			p.Team.Participants[1].OnBehalfOf = carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "org"}
		}, []pathCode{{"team.participants[1].onBehalfOf", carecoord.FieldNotAllowed}}},
		{"team members without status", func(p *careplan.CarePlan) { p.Team.Status = "" }, []pathCode{{"team.status", carecoord.FieldRequired}}},
		{"history not ending in status", func(p *careplan.CarePlan) {
			p.History = []carecoord.Transition{{From: "draft", To: "active", At: t0, By: nurse}, {From: "active", To: "on-hold", At: t0, By: nurse}}
		}, []pathCode{{"history[1]", carecoord.FieldInvalid}}},
		{"history broken chain", func(p *careplan.CarePlan) {
			p.History = []carecoord.Transition{{From: "draft", To: "active", At: t0, By: nurse}, {From: "draft", To: "active", At: t0, By: nurse}}
		}, []pathCode{{"history[1]", carecoord.FieldInvalid}}},
		{"forged history", func(p *careplan.CarePlan) {
			p.History = []carecoord.Transition{{From: "completed", To: "active"}}
		}, []pathCode{{"history[0]", carecoord.FieldInvalid}, {"history[0].at", carecoord.FieldRequired},
			{"history[0].by.kind", carecoord.FieldRequired}, {"history[0].by.id", carecoord.FieldRequired}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validPlan()
			tt.change(&p)
			if diff := cmp.Diff(tt.want, problems(t, p.Validate()), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Validate() problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOutcomeValidate(t *testing.T) {
	occ := careplan.Occurrence{Date: civil.MustParse("2025-09-02")}
	reason := carecoord.Coding{System: carecoord.SystemSNOMED, Code: "410534003"} // not indicated
	done := careplan.Outcome{Occurrence: occ, Status: careplan.OutcomeCompleted, At: t0, By: patient}
	tests := []struct {
		name   string
		change func(o *careplan.Outcome)
		want   []pathCode
	}{
		{"valid", func(*careplan.Outcome) {}, nil},
		{"zero", func(o *careplan.Outcome) { *o = careplan.Outcome{} }, []pathCode{
			{"occurrence.date", carecoord.FieldRequired}, {"status", carecoord.FieldRequired}, {"at", carecoord.FieldRequired},
			{"by.kind", carecoord.FieldRequired}, {"by.id", carecoord.FieldRequired}}},
		{"missed needs a reason", func(o *careplan.Outcome) { o.Status = careplan.OutcomeMissed }, []pathCode{{"reason", carecoord.FieldRequired}}},
		{"declined with a reason", func(o *careplan.Outcome) { o.Status, o.Reason = careplan.OutcomeDeclined, reason }, nil},
		{"unit without value", func(o *careplan.Outcome) { o.Unit = "mm[Hg]" }, []pathCode{{"unit", carecoord.FieldNotAllowed}}},
		{"bad status", func(o *careplan.Outcome) { o.Status = "done" }, []pathCode{{"status", carecoord.FieldNotSupported}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := done
			tt.change(&o)
			if diff := cmp.Diff(tt.want, problems(t, o.Validate()), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Validate() problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCloneSharesNothing(t *testing.T) {
	p := validPlan()
	c := p.Clone()
	c.Addresses[0].Code = "X"
	c.Goals[0].Text = "changed"
	c.Activities[0].Goals[0] = "g9"
	c.Team.Participants[0].Member.ID = "other"
	if diff := cmp.Diff(validPlan(), p); diff != "" {
		t.Errorf("changing a clone changed the original (-want +got):\n%s", diff)
	}
}

func TestWithGoalDoesNotAlias(t *testing.T) {
	p := validPlan()
	p.Goals = append(make([]careplan.Goal, 0, 4), p.Goals...) // spare capacity
	a := p.WithGoal(careplan.Goal{ID: "g2", Text: "a", Lifecycle: careplan.GoalProposed})
	b := p.WithGoal(careplan.Goal{ID: "g2", Text: "b", Lifecycle: careplan.GoalProposed})
	if ga, _ := a.Goal("g2"); ga.Text != "a" {
		t.Errorf("a second WithGoal from the same base overwrote the first: %q", ga.Text)
	}
	if gb, _ := b.Goal("g2"); gb.Text != "b" || len(p.Goals) != 1 {
		t.Errorf("WithGoal changed its receiver or lost the goal")
	}
	replaced := p.WithGoal(careplan.Goal{ID: "g1", Text: "new", Lifecycle: careplan.GoalActive})
	if g, _ := replaced.Goal("g1"); g.Text != "new" || len(replaced.Goals) != 1 || p.Goals[0].Text != "HbA1c below 8%" {
		t.Errorf("WithGoal did not replace in a copy")
	}
}
