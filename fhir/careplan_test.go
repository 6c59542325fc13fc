package fhir_test

import (
	"bytes"
	"errors"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/careplan"
	"github.com/carecoord/carecoord/careplan/careplantest"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/fhir"
)

// carePlanRoundTrip writes p as a CarePlan in JSON and reads it back, alone and as the entry of
// a collection Bundle, and fails unless both give p with nothing reported.
func carePlanRoundTrip(t *rapid.T, p careplan.CarePlan) {
	cp, err := fhir.CarePlanOf(p)
	if err != nil {
		t.Fatalf("CarePlanOf: %v", err)
	}
	data, err := fhir.Marshal(cp)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	r, issues, err := fhir.Unmarshal(data, fhir.DecodeOptions{})
	if err != nil || len(issues) > 0 {
		t.Fatalf("Unmarshal: %v, issues %v\n%s", err, issues, data)
	}
	got, issues, err := fhir.PlanFromCarePlan(r.(*fhir.CarePlan))
	if err != nil || len(issues) > 0 {
		t.Fatalf("PlanFromCarePlan: %v, issues %v\n%s", err, issues, data)
	}
	if diff := cmp.Diff(p, got); diff != "" {
		t.Fatalf("round trip (-want +got):\n%s\n%s", diff, data)
	}
	bundle, err := fhir.Marshal(&fhir.Bundle{Type: "collection", Entry: []fhir.BundleEntry{{Resource: cp}}})
	if err != nil {
		t.Fatalf("Marshal(Bundle): %v", err)
	}
	recs, issues, err := fhir.Import(bundle, fhir.ImportOptions{})
	if err != nil || len(issues) > 0 || len(recs.CarePlans) != 1 {
		t.Fatalf("Import: %v, issues %v, %d plans", err, issues, len(recs.CarePlans))
	}
	if diff := cmp.Diff(p, recs.CarePlans[0]); diff != "" {
		t.Fatalf("Import round trip (-want +got):\n%s", diff)
	}
}

// Every plan careplantest generates, written as a CarePlan in JSON and read back, is the same
// plan, with nothing reported.
func TestCarePlanRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		carePlanRoundTrip(t, careplantest.Plan("plan-1").Draw(t, "plan"))
	})
}

// The same for plans with everything a plan can keep: status histories of the plan, its goals,
// activities and team; goals with achievement, priority, targets of every shape and addressed
// conditions; activities with codes, links, schedules changed from later days, and outcomes.
func TestFullCarePlanRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		carePlanRoundTrip(t, fullPlan().Draw(t, "plan"))
	})
}

// fullPlan extends careplantest.Plan with every field a CarePlan keeps, each valid.
func fullPlan() *rapid.Generator[careplan.CarePlan] {
	return rapid.Custom(func(t *rapid.T) careplan.CarePlan {
		p := careplantest.Plan("plan-1").Draw(t, "plan")
		p.Version = int64(rapid.IntRange(0, 5).Draw(t, "version"))
		at := time.Date(2025, 9, 1, 12, 0, 0, 0, time.FixedZone("", -5*3600))
		p.Categories = codings(t, "categories", rapid.SampledFrom([]carecoord.Coding{
			{System: "http://hl7.org/fhir/us/core/CodeSystem/careplan-category", Code: "assess-plan"},
			{System: "http://example.org/careplan-category", Code: "diabetes", Display: "Diabetes"},
		}))
		p.Addresses = codings(t, "addresses", conditionCoding())
		if rapid.Bool().Draw(t, "has end") {
			p.Period.End = p.Period.Start.AddDays(rapid.IntRange(0, 400).Draw(t, "length"))
		}
		if rapid.Bool().Draw(t, "no title") {
			p.Title = ""
		}
		if !p.Coordinator.IsZero() {
			p.Coordinator.Display = rapid.SampledFrom([]string{"", "Ana Ortiz, RN"}).Draw(t, "coordinator display")
		}
		p = drawHistory(t, "plan", p, careplan.Statuses(), func(p *careplan.CarePlan, s careplan.Status) { p.Status = s }, careplan.Transition, &at)
		if rapid.Bool().Draw(t, "full team") {
			p.Team = team(t, &at)
		}
		if len(p.Goals) > 0 && rapid.Bool().Draw(t, "goal named like a contained id") {
			renameGoal(&p, p.Goals[0].ID, "condition-1")
		}
		for i := range p.Goals {
			p.Goals[i] = fullGoal(t, p.Goals[i], &at)
		}
		for i := range p.Activities {
			p.Activities[i] = fullActivity(t, p.Activities[i], p.Period.Start, &at)
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("generated plan is not valid: %v", err)
		}
		return p
	})
}

// codings draws up to two codings, nil for none (as a plan built in code has).
func codings(t *rapid.T, label string, g *rapid.Generator[carecoord.Coding]) []carecoord.Coding {
	var out []carecoord.Coding
	for i := range rapid.IntRange(0, 2).Draw(t, label) {
		out = append(out, g.Draw(t, label+" "+strconv.Itoa(i)))
	}
	return out
}

func conditionCoding() *rapid.Generator[carecoord.Coding] {
	return rapid.SampledFrom([]carecoord.Coding{
		{System: carecoord.SystemICD10CM, Code: "E11.9", Display: "Type 2 diabetes mellitus without complications"},
		{System: carecoord.SystemICD10CM, Code: "I50.9"},
		{System: carecoord.SystemICD10CM, Code: "Z59.41", Display: "Food insecurity"},
	})
}

func renameGoal(p *careplan.CarePlan, from, to string) {
	for i := range p.Goals {
		if p.Goals[i].ID == from {
			p.Goals[i].ID = to
		}
	}
	for i := range p.Activities {
		for j, g := range p.Activities[i].Goals {
			if g == from {
				p.Activities[i].Goals[j] = to
			}
		}
	}
}

// drawHistory sets r to a drawn status and moves it a few times with move, keeping each move
// the lifecycle allows; *at advances with every move.
func drawHistory[R any, S ~string](t *rapid.T, label string, r R, statuses []S, set func(*R, S), move func(R, S, time.Time, carecoord.Actor, carecoord.Coding) (R, error), at *time.Time) R {
	set(&r, rapid.SampledFrom(statuses).Draw(t, label+" first status"))
	for i := range rapid.IntRange(0, 3).Draw(t, label+" moves") {
		var reason carecoord.Coding
		if rapid.Bool().Draw(t, label+" reason") {
			reason = carecoord.Coding{System: carecoord.SystemSNOMED, Code: "182890002", Display: "Patient requests"}
		}
		next, err := move(r, rapid.SampledFrom(statuses).Draw(t, label+" to "+strconv.Itoa(i)), *at, careplantest.Actor().Draw(t, label+" by"), reason)
		if err == nil {
			r = next
			*at = at.Add(time.Duration(rapid.IntRange(0, 72).Draw(t, label+" hours")) * time.Hour)
		}
	}
	return r
}

func team(t *rapid.T, at *time.Time) careplan.CareTeam {
	var tm careplan.CareTeam
	for i := range rapid.IntRange(0, 3).Draw(t, "participants") {
		label := "participant " + strconv.Itoa(i)
		x := careplan.Participant{Member: careplantest.Actor().Draw(t, label)}
		if rapid.Bool().Draw(t, label+" role") {
			x.Role = carecoord.Coding{System: carecoord.SystemNUCCTaxonomy, Code: "171M00000X", Display: "Case Manager/Care Coordinator"}
		}
		if x.Member.Kind == carecoord.ActorPractitioner && rapid.Bool().Draw(t, label+" on behalf of") {
			x.OnBehalfOf = carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "valley-clinic", Display: "Valley Clinic"}
		}
		if rapid.Bool().Draw(t, label+" period") {
			x.Period.Start = civil.MustParse("2025-01-01").AddDays(rapid.IntRange(0, 300).Draw(t, label+" start"))
		}
		tm.Participants = append(tm.Participants, x)
	}
	return drawHistory(t, "team", tm, careplan.TeamStatuses(), func(tm *careplan.CareTeam, s careplan.TeamStatus) { tm.Status = s }, careplan.TransitionTeam, at)
}

func fullGoal(t *rapid.T, g careplan.Goal, at *time.Time) careplan.Goal {
	g.Achievement = rapid.SampledFrom(append(careplan.Achievements(), "")).Draw(t, g.ID+" achievement")
	g.Priority = rapid.SampledFrom(append(careplan.Priorities(), "")).Draw(t, g.ID+" priority")
	if !g.Description.IsZero() && rapid.Bool().Draw(t, g.ID+" text too") {
		g.Text = "HbA1c below 8%"
	}
	for i := range rapid.IntRange(0, 2).Draw(t, g.ID+" targets") {
		g.Targets = append(g.Targets, target(t, g.ID+" target "+strconv.Itoa(i)))
	}
	g.Addresses = codings(t, g.ID+" addresses", conditionCoding())
	return drawHistory(t, g.ID, g, careplan.GoalStatuses(), func(g *careplan.Goal, s careplan.GoalStatus) { g.Lifecycle = s }, careplan.TransitionGoal, at)
}

// target draws a valid target of every shape: one bound (inclusive or not), two inclusive
// bounds (equal ones included), or two bounds with an exclusive one.
func target(t *rapid.T, label string) careplan.Target {
	value := func(name string) decimal.Decimal {
		return decimal.New(rapid.Int64Range(-200, 20000).Draw(t, label+" "+name), -int32(rapid.IntRange(0, 2).Draw(t, label+" "+name+" places")))
	}
	tg := careplan.Target{
		Measure: rapid.SampledFrom([]carecoord.Coding{
			{System: carecoord.SystemLOINC, Code: "4548-4", Display: "Hemoglobin A1c/Hemoglobin.total in Blood"},
			{System: carecoord.SystemLOINC, Code: "8480-6"},
		}).Draw(t, label+" measure"),
		Unit: rapid.SampledFrom([]string{"%", "mm[Hg]", "mg/dL"}).Draw(t, label+" unit"),
	}
	v := value("bound")
	switch rapid.IntRange(0, 3).Draw(t, label+" shape") {
	case 0:
		tg.High, tg.HighExclusive = decimal.NewNullDecimal(v), rapid.Bool().Draw(t, label+" exclusive")
	case 1:
		tg.Low, tg.LowExclusive = decimal.NewNullDecimal(v), rapid.Bool().Draw(t, label+" exclusive")
	case 2:
		tg.Low, tg.High = decimal.NewNullDecimal(v), decimal.NewNullDecimal(v.Add(value("width").Abs()))
	case 3:
		tg.Low, tg.High = decimal.NewNullDecimal(v), decimal.NewNullDecimal(v.Add(value("width").Abs()).Add(decimal.New(1, -2)))
		tg.LowExclusive = rapid.Bool().Draw(t, label+" low exclusive")
		tg.HighExclusive = !tg.LowExclusive || rapid.Bool().Draw(t, label+" high exclusive")
	}
	if rapid.Bool().Draw(t, label+" due") {
		tg.Due = civil.MustParse("2026-01-01").AddDays(rapid.IntRange(0, 365).Draw(t, label+" due day"))
	}
	if err := tg.Validate(); err != nil {
		t.Fatalf("generated target is not valid: %v", err)
	}
	return tg
}

func fullActivity(t *rapid.T, a careplan.Activity, start civil.Date, at *time.Time) careplan.Activity {
	label := a.ID
	if rapid.Bool().Draw(t, label+" code") {
		a.Code = carecoord.Coding{System: carecoord.SystemLOINC, Code: "85354-9", Display: "Blood pressure panel with all children optional"}
	}
	if rapid.Bool().Draw(t, label+" description") {
		a.Description = "Check blood pressure at home"
	}
	if rapid.Bool().Draw(t, label+" link") {
		a.Link = "ServiceRequest/ref-42"
	}
	for i := range rapid.IntRange(0, 3).Draw(t, label+" versions") {
		vl := label + " version " + strconv.Itoa(i)
		from := start.AddDays(rapid.IntRange(-10, 10).Draw(t, vl+" from"))
		if i > 0 {
			from = a.Schedules[i-1].From.AddDays(rapid.IntRange(1, 60).Draw(t, vl+" after"))
		}
		v := careplan.ScheduleVersion{From: from, Schedule: schedule(t, vl, from.AddDays(rapid.IntRange(-5, 5).Draw(t, vl+" start")))}
		if i > 0 || rapid.Bool().Draw(t, vl+" stamped") {
			v.At, v.By = *at, careplantest.Actor().Draw(t, vl+" by")
		}
		a.Schedules = append(a.Schedules, v)
	}
	if len(a.Schedules) > 0 {
		window := civil.Range{Start: a.Schedules[0].From, End: a.Schedules[0].From.AddDays(120)}
		occs := a.Schedules.Occurrences(window)
		for i := range rapid.IntRange(0, min(3, len(occs))).Draw(t, label+" outcomes") {
			ol := label + " outcome " + strconv.Itoa(i)
			o := careplan.Outcome{
				Occurrence: rapid.SampledFrom(occs).Draw(t, ol),
				Status:     rapid.SampledFrom(careplan.OutcomeStatuses()).Draw(t, ol+" status"),
				At:         at.Add(time.Duration(i) * time.Minute),
				By:         careplantest.Actor().Draw(t, ol+" by"),
			}
			if o.Status == careplan.OutcomeCompleted && rapid.Bool().Draw(t, ol+" value") {
				o.Value = decimal.NewNullDecimal(decimal.New(rapid.Int64Range(0, 3000).Draw(t, ol+" tenths"), -1))
				o.Unit = rapid.SampledFrom([]string{"mm[Hg]", "times a day"}).Draw(t, ol+" unit")
			}
			if o.Status != careplan.OutcomeCompleted || rapid.Bool().Draw(t, ol+" reason") {
				o.Reason = carecoord.Coding{System: carecoord.SystemSNOMED, Code: "183944003", Display: "Procedure refused"}
			}
			var err error
			if a, err = careplan.RecordOutcome(a, o); err != nil {
				t.Fatalf("RecordOutcome: %v", err)
			}
		}
	}
	return drawHistory(t, label, a, careplan.ActivityStatuses(), func(a *careplan.Activity, s careplan.ActivityStatus) { a.Status = s }, careplan.TransitionActivity, at)
}

// schedule draws a valid schedule from start: a one-off, or every few days, weeks (on some
// weekdays) or months, with times of day, an end and a count or not.
func schedule(t *rapid.T, label string, start civil.Date) careplan.Schedule {
	s := careplan.Schedule{Start: start}
	for _, m := range rapid.SliceOfNDistinct(rapid.IntRange(0, 24*60-1), 0, 3, func(m int) int { return m }).Draw(t, label+" times") {
		s.Times = append(s.Times, careplan.TimeOfDay{Hour: m / 60, Minute: m % 60})
	}
	if rapid.IntRange(0, 4).Draw(t, label+" one-off") == 0 {
		return s
	}
	s.Unit = rapid.SampledFrom(careplan.Frequencies()).Draw(t, label+" unit")
	s.Every = rapid.OneOf(rapid.IntRange(1, 4), rapid.IntRange(1, 1000)).Draw(t, label+" every")
	if s.Unit == careplan.Weekly {
		for _, wd := range rapid.SliceOfNDistinct(rapid.IntRange(0, 6), 0, 3, func(d int) int { return d }).Draw(t, label+" weekdays") {
			s.Weekdays = append(s.Weekdays, time.Weekday(wd))
		}
	}
	if rapid.Bool().Draw(t, label+" end") {
		s.End = start.AddDays(rapid.IntRange(0, 400).Draw(t, label+" days"))
	}
	if rapid.Bool().Draw(t, label+" count") {
		s.Count = rapid.IntRange(1, 60).Draw(t, label+" count n")
	}
	return s
}

// diabetesPlan is what testdata/careplan-diabetes.json says.
func diabetesPlan() careplan.CarePlan {
	pat := carecoord.Actor{Kind: carecoord.ActorPatient, ID: "pat-68"}
	coordinator := carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-ortiz", Display: "Ana Ortiz, RN"}
	t2dm := carecoord.Coding{System: carecoord.SystemICD10CM, Code: "E11.9", Display: "Type 2 diabetes mellitus without complications"}
	return careplan.CarePlan{
		Meta:        carecoord.Meta{ID: "dm-plan-1", Version: 2, UpdatedAt: time.Date(2026, 3, 10, 15, 30, 0, 0, time.UTC)},
		Patient:     "pat-68",
		Status:      careplan.StatusActive,
		Intent:      careplan.IntentPlan,
		Title:       "Diabetes care plan",
		Categories:  []carecoord.Coding{{System: "http://hl7.org/fhir/us/core/CodeSystem/careplan-category", Code: "assess-plan"}},
		Period:      civil.Period{Start: civil.MustParse("2026-03-10")},
		Addresses:   []carecoord.Coding{t2dm},
		Coordinator: coordinator,
		Team: careplan.CareTeam{Status: careplan.TeamActive, Participants: []careplan.Participant{
			{Member: coordinator, Role: carecoord.Coding{System: carecoord.SystemNUCCTaxonomy, Code: "171M00000X", Display: "Case Manager/Care Coordinator"}},
			{
				Member:     carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "dr-patel", Display: "Dr. R. Patel"},
				Role:       carecoord.Coding{System: carecoord.SystemNUCCTaxonomy, Code: "207Q00000X", Display: "Family Medicine Physician"},
				OnBehalfOf: carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "valley-clinic"},
				Period:     civil.Period{Start: civil.MustParse("2024-01-15")},
			},
			{Member: pat},
		}},
		Goals: []careplan.Goal{
			{
				ID:          "hba1c",
				Text:        "HbA1c below 8%",
				Lifecycle:   careplan.GoalActive,
				Achievement: careplan.AchievementInProgress,
				Priority:    careplan.PriorityHigh,
				Targets: []careplan.Target{{
					Measure:       carecoord.Coding{System: carecoord.SystemLOINC, Code: "4548-4", Display: "Hemoglobin A1c/Hemoglobin.total in Blood"},
					High:          decimal.NewNullDecimal(decimal.RequireFromString("8")),
					HighExclusive: true,
					Unit:          "%",
					Due:           civil.MustParse("2026-09-10"),
				}},
				Addresses: []carecoord.Coding{t2dm},
			},
			{
				ID:        "bp",
				Text:      "Systolic blood pressure below 130 mmHg",
				Lifecycle: careplan.GoalActive,
				Targets: []careplan.Target{{
					Measure:       carecoord.Coding{System: carecoord.SystemLOINC, Code: "8480-6", Display: "Systolic blood pressure"},
					High:          decimal.NewNullDecimal(decimal.RequireFromString("130")),
					HighExclusive: true,
					Unit:          "mm[Hg]",
				}},
			},
		},
		Activities: []careplan.Activity{
			{
				ID:          "bp-weekly",
				Kind:        careplan.KindMonitoring,
				Code:        carecoord.Coding{System: carecoord.SystemLOINC, Code: "85354-9", Display: "Blood pressure panel with all children optional"},
				Description: "Check blood pressure at home every Monday morning",
				Status:      careplan.ActivityInProgress,
				Performer:   pat,
				Goals:       []string{"bp"},
				Schedules: careplan.Schedules{{From: civil.MustParse("2026-03-16"), Schedule: careplan.Schedule{
					Start: civil.MustParse("2026-03-16"), Every: 1, Unit: careplan.Weekly,
					Weekdays: []time.Weekday{time.Monday}, Times: []careplan.TimeOfDay{{Hour: 9}},
				}}},
			},
			{
				ID:          "coordinator-call",
				Kind:        careplan.KindCommunication,
				Description: "Monthly care coordinator call",
				Status:      careplan.ActivityScheduled,
				Performer:   coordinator,
				Goals:       []string{"hba1c", "bp"},
				Schedules: careplan.Schedules{{From: civil.MustParse("2026-03-20"), Schedule: careplan.Schedule{
					Start: civil.MustParse("2026-03-20"), Every: 1, Unit: careplan.Monthly,
				}}},
			},
		},
	}
}

// A diabetes care plan written for the project in the shape of the FHIR R4 CarePlan and Goal
// examples (an HbA1c goal below 8% with a due date, weekly blood-pressure checks with a Timing,
// a monthly coordinator call, a care team with a named coordinator, all contained) reads as the
// plan a care manager would have entered, with the narrative, the Goal's start date, the
// condition's clinical status and second coding, and the derived activity kind reported.
func TestDiabetesCarePlanFixture(t *testing.T) {
	data, err := os.ReadFile("testdata/careplan-diabetes.json")
	if err != nil {
		t.Fatal(err)
	}
	r, issues, err := fhir.Unmarshal(data, fhir.DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p, mapIssues, err := fhir.PlanFromCarePlan(r.(*fhir.CarePlan))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(diabetesPlan(), p); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
	wantIssues := []fhir.Issue{
		{Path: "CarePlan.text", Code: fhir.IssueNotMapped},
		{Path: "CarePlan.contained[2].startDate", Code: fhir.IssueNotMapped},
		{Path: "CarePlan.addresses[0]", Code: fhir.IssueNotMapped},
		{Path: "CarePlan.contained[2].addresses[0]", Code: fhir.IssueNotMapped},
		{Path: "CarePlan.activity[1].detail.kind", Code: fhir.IssueAssumed},
	}
	if diff := cmp.Diff(wantIssues, append(issues, mapIssues...), ignoreIssueDetail); diff != "" {
		t.Errorf("issues (-want +got):\n%s", diff)
	}
	// Occurrences follow from the Timing: Mondays at 09:00, and the 20th of each month.
	week := civil.Range{Start: civil.MustParse("2026-03-16"), End: civil.MustParse("2026-03-29")}
	if got, want := len(p.Activities[0].Schedules.Occurrences(week)), 2; got != want {
		t.Errorf("blood-pressure checks in two weeks = %d, want %d", got, want)
	}
}

// A transaction bundle in which the goal, the care team and the condition are entries of their
// own, referred to by urn:uuid: Import resolves them, reads the plan, and does not report them
// as unmapped.
func TestImportCarePlanBundle(t *testing.T) {
	data, err := os.ReadFile("testdata/bundle-careplan.json")
	if err != nil {
		t.Fatal(err)
	}
	recs, issues, err := fhir.Import(data, fhir.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := careplan.CarePlan{
		Meta:        carecoord.Meta{ID: "dm-plan-2"},
		Patient:     "pat-68",
		Status:      careplan.StatusDraft,
		Intent:      careplan.IntentProposal,
		Addresses:   []carecoord.Coding{{System: carecoord.SystemICD10CM, Code: "E11.9"}},
		Coordinator: carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-ortiz"},
		Team: careplan.CareTeam{Status: careplan.TeamProposed, Participants: []careplan.Participant{
			{Member: carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-ortiz"}},
		}},
		Goals: []careplan.Goal{{
			ID: "goal-1", Text: "HbA1c below 8%", Lifecycle: careplan.GoalProposed,
			Targets: []careplan.Target{{
				Measure: carecoord.Coding{System: carecoord.SystemLOINC, Code: "4548-4"},
				Low:     decimal.NewNullDecimal(decimal.RequireFromString("6.5")),
				High:    decimal.NewNullDecimal(decimal.RequireFromString("8.0")),
				Unit:    "%",
			}},
			Addresses: []carecoord.Coding{{System: carecoord.SystemICD10CM, Code: "E11.9"}},
		}},
		Activities: []careplan.Activity{
			{ID: "activity-1", Kind: careplan.KindProcedure, Status: careplan.ActivityUnknown, Link: "ServiceRequest/hba1c-lab"},
			{ID: "educate", Kind: careplan.KindTask, Status: careplan.ActivityNotStarted, Goals: []string{"goal-1"},
				Schedules: careplan.Schedules{{From: civil.MustParse("2026-04-01"), Schedule: careplan.Schedule{
					Start: civil.MustParse("2026-04-01"), Every: 1, Unit: careplan.Weekly,
					Weekdays: []time.Weekday{time.Tuesday, time.Thursday}, Times: []careplan.TimeOfDay{{Hour: 10, Minute: 30}}, Count: 8,
				}}}},
		},
	}
	if len(recs.CarePlans) != 1 {
		t.Fatalf("CarePlans = %d, want 1", len(recs.CarePlans))
	}
	if diff := cmp.Diff(want, recs.CarePlans[0]); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
	wantIssues := []fhir.Issue{
		{Path: "Bundle.entry[0].resource", Code: fhir.IssueNotMappedResource},
		{Path: "Bundle.entry[4].resource.goal[0]", Code: fhir.IssueAssumed},
		{Path: "Bundle.entry[4].resource.activity[0]", Code: fhir.IssueAssumed},
		{Path: "Bundle.entry[4].resource.activity[0].reference", Code: fhir.IssueAssumed},
		{Path: "Bundle.entry[4].resource.activity[1].detail.kind", Code: fhir.IssueAssumed},
		{Path: "Bundle.entry[4].resource.activity[1].detail.scheduledTiming.repeat.dayOfWeek", Code: fhir.IssueAssumed},
		{Path: "Bundle.entry[5].resource", Code: fhir.IssueNotMappedResource}, // an Observation
	}
	if diff := cmp.Diff(wantIssues, issues, ignoreIssueDetail); diff != "" {
		t.Errorf("issues (-want +got):\n%s", diff)
	}
}

// What carecoord cannot keep is refused with the element named, never ignored.
func TestCarePlanRefused(t *testing.T) {
	const head = `{"resourceType":"CarePlan","status":"active","intent":"plan","subject":{"reference":"Patient/p1"},`
	tests := []struct {
		name string
		json string
		path string
		code carecoord.FieldCode
	}{
		{"modifier extension", head + `"modifierExtension":[{"url":"http://x","valueBoolean":true}]}`, "CarePlan.modifierExtension[0]", carecoord.FieldNotSupported},
		{"do not perform", head + `"activity":[{"id":"a1","detail":{"status":"not-started","doNotPerform":true}}]}`, "CarePlan.activity[0].detail.doNotPerform", carecoord.FieldNotSupported},
		{"reference and detail", head + `"activity":[{"id":"a1","reference":{"reference":"Task/t1"},"detail":{"status":"not-started"}}]}`, "CarePlan.activity[0]", carecoord.FieldInvalid},
		{"group subject", `{"resourceType":"CarePlan","status":"active","intent":"plan","subject":{"reference":"Group/g1"}}`, "CarePlan.subject", carecoord.FieldInvalid},
		{"hourly timing", head + `"activity":[{"id":"a1","detail":{"status":"not-started","scheduledTiming":{"repeat":{"boundsPeriod":{"start":"2026-01-01"},"period":4,"periodUnit":"h"}}}}]}`, "CarePlan.activity[0].detail.scheduledTiming.repeat.periodUnit", carecoord.FieldNotSupported},
		{"untimed twice a day", head + `"activity":[{"id":"a1","detail":{"status":"not-started","scheduledTiming":{"repeat":{"boundsPeriod":{"start":"2026-01-01"},"frequency":2,"period":1,"periodUnit":"d"}}}}]}`, "CarePlan.activity[0].detail.scheduledTiming.repeat.frequency", carecoord.FieldInvalid},
		{"fractional period", head + `"activity":[{"id":"a1","detail":{"status":"not-started","scheduledTiming":{"repeat":{"boundsPeriod":{"start":"2026-01-01"},"period":1.5,"periodUnit":"d"}}}}]}`, "CarePlan.activity[0].detail.scheduledTiming.repeat.period", carecoord.FieldInvalid},
		{"seconds", head + `"activity":[{"id":"a1","detail":{"status":"not-started","scheduledTiming":{"repeat":{"boundsPeriod":{"start":"2026-01-01"},"period":1,"periodUnit":"d","timeOfDay":["08:00:30"]}}}}]}`, "CarePlan.activity[0].detail.scheduledTiming.repeat.timeOfDay[0]", carecoord.FieldInvalid},
		{"goal of another patient", head + `"contained":[{"resourceType":"Goal","id":"g","lifecycleStatus":"active","description":{"text":"x"},"subject":{"reference":"Patient/p2"}}],"goal":[{"reference":"#g"}]}`, "CarePlan.contained[0].subject", carecoord.FieldInvalid},
		{"comparator in a range", head + `"contained":[{"resourceType":"Goal","id":"g","lifecycleStatus":"active","description":{"text":"x"},"target":[{"measure":{"coding":[{"system":"http://loinc.org","code":"4548-4"}]},"detailRange":{"low":{"value":6,"comparator":">","system":"http://unitsofmeasure.org","code":"%"}}}]}],"goal":[{"reference":"#g"}]}`, "CarePlan.contained[0].target[0].detailRange.low.comparator", carecoord.FieldNotAllowed},
		{"malformed history", head + `"extension":[{"url":"` + fhir.ExtensionStatusHistory + `","extension":[{"url":"to","valueCode":"active"}]}]}`, "CarePlan.extension[0].extension", carecoord.FieldRequired},
		{"invalid plan", `{"resourceType":"CarePlan","status":"waiting","intent":"plan","subject":{"reference":"Patient/p1"}}`, "CarePlan.status", carecoord.FieldNotSupported},
		{"huge exponent", head + `"contained":[{"resourceType":"Goal","id":"g","lifecycleStatus":"active","description":{"text":"x"},"target":[{"detailQuantity":{"value":1e-999999999}}]}],"goal":[{"reference":"#g"}]}`, "CarePlan.contained[0].target[0].detailQuantity.value", carecoord.FieldOutOfRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var list carecoord.FieldErrors
			r, _, err := fhir.Unmarshal([]byte(tt.json), fhir.DecodeOptions{})
			if err == nil {
				_, _, err = fhir.PlanFromCarePlan(r.(*fhir.CarePlan))
			}
			if !errors.Is(err, carecoord.ErrInvalid) || !errors.As(err, &list) || !list.Has(tt.path, tt.code) {
				t.Errorf("err = %v, want %s at %q", err, tt.code, tt.path)
			}
		})
	}
}

// A range with an exclusive bound is written with carecoord's modifier extension, which another
// reader must refuse rather than read as inclusive; one bound is a detailQuantity with its
// comparator.
func TestTargetShapes(t *testing.T) {
	hba1c := carecoord.Coding{System: carecoord.SystemLOINC, Code: "4548-4"}
	d := func(s string) decimal.NullDecimal { return decimal.NewNullDecimal(decimal.RequireFromString(s)) }
	tests := []struct {
		target careplan.Target
		json   string
	}{
		{careplan.Target{Measure: hba1c, High: d("8.0"), HighExclusive: true, Unit: "%"},
			`"detailQuantity":{"value":8.0,"comparator":"<","unit":"%","system":"http://unitsofmeasure.org","code":"%"}`},
		{careplan.Target{Measure: hba1c, Low: d("6.5"), Unit: "%"},
			`"detailQuantity":{"value":6.5,"comparator":">=","unit":"%","system":"http://unitsofmeasure.org","code":"%"}`},
		{careplan.Target{Measure: hba1c, Low: d("90"), High: d("130"), HighExclusive: true, Unit: "mm[Hg]"},
			`"modifierExtension":[{"url":"` + fhir.ExtensionTargetExclusive + `","valueCode":"high"}],"measure"`},
	}
	for _, tt := range tests {
		p := careplan.CarePlan{Patient: "p1", Status: careplan.StatusActive, Intent: careplan.IntentPlan,
			Goals: []careplan.Goal{{ID: "g", Text: "target", Lifecycle: careplan.GoalActive, Targets: []careplan.Target{tt.target}}}}
		cp, err := fhir.CarePlanOf(p)
		if err != nil {
			t.Fatal(err)
		}
		data, err := fhir.Marshal(cp)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte(tt.json)) {
			t.Errorf("CarePlanOf(%v):\n%s\ndoes not contain %s", tt.target, data, tt.json)
		}
	}
}

// Any input: no panic, and a CarePlan, Goal or CareTeam that reads without error writes the
// same bytes after a second read; a CarePlan maps to a plan or an error, never a panic.
func FuzzCarePlan(f *testing.F) {
	for _, name := range []string{"testdata/careplan-diabetes.json", "testdata/bundle-careplan.json"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	p := diabetesPlan()
	p.History = []carecoord.Transition{{From: "draft", To: "active", At: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC), By: p.Coordinator}}
	p.Activities[0].Schedules = p.Activities[0].Schedules.Change(civil.MustParse("2026-05-04"), careplan.Schedule{Start: civil.MustParse("2026-05-04"), Every: 2, Unit: careplan.Weekly})
	p.Activities[0].Outcomes = []careplan.Outcome{{Occurrence: careplan.Occurrence{Date: civil.MustParse("2026-03-16"), Time: careplan.TimeOfDay{Hour: 9}, Timed: true},
		Status: careplan.OutcomeCompleted, At: time.Date(2026, 3, 16, 14, 5, 0, 0, time.UTC), By: p.Activities[0].Performer,
		Value: decimal.NewNullDecimal(decimal.RequireFromString("128")), Unit: "mm[Hg]"}}
	cp, err := fhir.CarePlanOf(p)
	if err != nil {
		f.Fatal(err)
	}
	data, err := fhir.Marshal(cp)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		r := rewrites(t, data, false)
		if r == nil {
			return
		}
		switch r := r.(type) {
		case *fhir.CarePlan:
			p, _, err := fhir.PlanFromCarePlan(r)
			if err == nil {
				if _, err := fhir.CarePlanOf(p); err != nil {
					t.Fatalf("CarePlanOf of a plan read without error: %v", err)
				}
			}
		case *fhir.Bundle:
			fhir.Import(data, fhir.ImportOptions{LoadLocation: fixedZone})
		}
	})
}

// BenchmarkCarePlanDecodeMap100k reads 100,000 CarePlans from JSON and maps each to a
// careplan.CarePlan: each with a contained team of two, two goals with a target each, a
// condition, two scheduled activities and a status history.
func BenchmarkCarePlanDecodeMap100k(b *testing.B) {
	docs := make([][]byte, 100_000)
	base := diabetesPlan()
	base.History = []carecoord.Transition{{From: "draft", To: "active", At: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC), By: base.Coordinator}}
	for i := range docs {
		p := base
		p.ID = "plan-" + strconv.Itoa(i)
		p.Patient = carecoord.PatientID("pat-" + strconv.Itoa(i))
		cp, err := fhir.CarePlanOf(p)
		if err != nil {
			b.Fatal(err)
		}
		if docs[i], err = fhir.Marshal(cp); err != nil {
			b.Fatal(err)
		}
	}
	benchDecodeMap(b, docs, func(r fhir.Resource) error {
		_, _, err := fhir.PlanFromCarePlan(r.(*fhir.CarePlan))
		return err
	})
}

// What a foreign CarePlan gives that carecoord has no place for is reported where it is, and
// the rest is read.
func TestCarePlanIssues(t *testing.T) {
	const head = `{"resourceType":"CarePlan","status":"active","intent":"plan","subject":{"reference":"Patient/p1"},`
	tests := []struct {
		name string
		json string
		want []fhir.Issue
	}{
		{"unreferenced contained resource", head + `"contained":[{"resourceType":"Goal","id":"g","lifecycleStatus":"active","description":{"text":"x"}}]}`,
			[]fhir.Issue{{Path: "CarePlan.contained[0]", Code: fhir.IssueNotMappedResource}}},
		{"second care team", head + `"contained":[{"resourceType":"CareTeam","id":"t","status":"active"}],"careTeam":[{"reference":"#t"},{"reference":"CareTeam/other"}]}`,
			[]fhir.Issue{{Path: "CarePlan.careTeam[1]", Code: fhir.IssueNotMapped}}},
		{"unresolved goal", head + `"goal":[{"reference":"Goal/elsewhere"}]}`,
			[]fhir.Issue{{Path: "CarePlan.goal[0]", Code: fhir.IssueUnresolvedReference}}},
		{"foreign extension", head + `"extension":[{"url":"http://example.org/x","valueString":"y"}]}`,
			[]fhir.Issue{{Path: "CarePlan.extension[0]", Code: fhir.IssueNotMapped}}},
		{"second category coding", head + `"category":[{"coding":[{"system":"http://example.org/a","code":"a"},{"system":"http://example.org/b","code":"b"}]}]}`,
			[]fhir.Issue{{Path: "CarePlan.category[0].coding", Code: fhir.IssueNotMapped}}},
		{"text target", head + `"contained":[{"resourceType":"Goal","id":"g","lifecycleStatus":"active","description":{"text":"x"},"target":[{"measure":{"coding":[{"system":"http://loinc.org","code":"4548-4"}]},"detailString":"lower"}]}],"goal":[{"reference":"#g"}]}`,
			[]fhir.Issue{{Path: "CarePlan.contained[0].target[0].detailString", Code: fhir.IssueNotMapped}, {Path: "CarePlan.contained[0].target[0]", Code: fhir.IssueNotMapped}}},
		{"period with a time", head + `"period":{"start":"2026-03-10T09:00:00-05:00"}}`,
			[]fhir.Issue{{Path: "CarePlan.period.start", Code: fhir.IssueAssumed}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, issues, err := fhir.Unmarshal([]byte(tt.json), fhir.DecodeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			_, mapIssues, err := fhir.PlanFromCarePlan(r.(*fhir.CarePlan))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, append(issues, mapIssues...), ignoreIssueDetail); diff != "" {
				t.Errorf("issues (-want +got):\n%s", diff)
			}
		})
	}
}
