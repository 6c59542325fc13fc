package careplan_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/careplan"
	"github.com/carecoord/carecoord/civil"
)

// Measures used by the goal-target tests (LOINC).
var (
	loincHbA1c    = carecoord.Coding{System: carecoord.SystemLOINC, Code: "4548-4", Display: "Hemoglobin A1c/Hemoglobin.total in Blood"}
	loincSystolic = carecoord.Coding{System: carecoord.SystemLOINC, Code: "8480-6", Display: "Systolic blood pressure"}
	loincGlucose  = carecoord.Coding{System: carecoord.SystemLOINC, Code: "2345-7", Display: "Glucose [Mass/volume] in Serum or Plasma"}
	// 89574-8 is the Exercise Vital Sign (minutes per week), as in the HL7 Physical Activity IG.
	loincExerciseWeek = carecoord.Coding{System: carecoord.SystemLOINC, Code: "89574-8"}
)

func tgtDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func tgtNull(s string) decimal.NullDecimal { return decimal.NewNullDecimal(tgtDec(s)) }

func tgtDay(s string) civil.Date { return civil.MustParse(s) }

// hba1cBelow8 is the diabetes goal "HbA1c < 8 %" due at the end of 2025.
func hba1cBelow8() careplan.Target {
	return careplan.Target{Measure: loincHbA1c, High: tgtNull("8"), HighExclusive: true, Unit: "%", Due: tgtDay("2025-12-31")}
}

// systolic90to130 is "systolic BP at least 90 and below 130 mm[Hg]", no due date.
func systolic90to130() careplan.Target {
	return careplan.Target{Measure: loincSystolic, Low: tgtNull("90"), High: tgtNull("130"), HighExclusive: true, Unit: "mm[Hg]"}
}

// exerciseAtLeast150 is "at least 150 minutes of exercise a week", a target with a low bound only.
func exerciseAtLeast150() careplan.Target {
	return careplan.Target{Measure: loincExerciseWeek, Low: tgtNull("150"), Unit: "min/wk", Due: tgtDay("2025-06-30")}
}

func a1c(value, date string) careplan.Observation {
	return careplan.Observation{Measure: loincHbA1c, Value: tgtDec(value), Unit: "%", Date: tgtDay(date)}
}

func sbp(value, date string) careplan.Observation {
	return careplan.Observation{Measure: loincSystolic, Value: tgtDec(value), Unit: "mm[Hg]", Date: tgtDay(date)}
}

func exerciseMin(value, date string) careplan.Observation {
	return careplan.Observation{Measure: loincExerciseWeek, Value: tgtDec(value), Unit: "min/wk", Date: tgtDay(date)}
}

// TestAchievementHierarchy checks the goal-achievement hierarchy against the spec's table
// (specs/careplan-referral-transition-sdoh.md §1.1, Goal.achievementStatus), written out here.
func TestAchievementHierarchy(t *testing.T) {
	type facts struct {
		Parent                            careplan.Achievement
		Valid, Achieved, InProgress, NotA bool
		Display                           string
	}
	want := map[careplan.Achievement]facts{
		"in-progress":    {"", true, false, true, false, "In Progress"},
		"improving":      {"in-progress", true, false, true, false, "Improving"},
		"worsening":      {"in-progress", true, false, true, false, "Worsening"},
		"no-change":      {"in-progress", true, false, true, false, "No Change"},
		"achieved":       {"", true, true, false, false, "Achieved"},
		"sustaining":     {"achieved", true, true, false, false, "Sustaining"},
		"not-achieved":   {"", true, false, false, true, "Not Achieved"},
		"no-progress":    {"not-achieved", true, false, false, true, "No Progress"},
		"not-attainable": {"not-achieved", true, false, false, true, "Not Attainable"},
		"":               {}, // not assessed
		"Achieved":       {}, // codes are case-sensitive
		"completed":      {}, // a goal-status code, not an achievement
	}
	for a, w := range want {
		got := facts{a.Parent(), a.IsValid(), a.IsAchieved(), a.IsInProgress(), a.IsNotAchieved(), a.Coding().Display}
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("Achievement(%q) mismatch (-want +got):\n%s", a, diff)
		}
		if c := a.Coding(); w.Valid != !c.IsZero() ||
			w.Valid && (c.System != "http://terminology.hl7.org/CodeSystem/goal-achievement" || c.Code != string(a)) {
			t.Errorf("Achievement(%q).Coding() = %+v", a, c)
		}
	}
	var listed []careplan.Achievement
	for a, w := range want {
		if w.Valid {
			listed = append(listed, a)
		}
	}
	got := careplan.Achievements()
	if diff := cmp.Diff(listed, got, cmp.Transformer("sort", func(s []careplan.Achievement) []careplan.Achievement {
		return slices.Sorted(slices.Values(s))
	})); diff != "" {
		t.Errorf("Achievements() mismatch (-want +got):\n%s", diff)
	}
	got[0] = "changed"
	if careplan.Achievements()[0] != careplan.AchievementInProgress {
		t.Error("Achievements() returned a shared slice")
	}
}

// TestGoalSpecVectors runs the Goal vectors of specs/careplan-referral-transition-sdoh.md §1.3.
func TestGoalSpecVectors(t *testing.T) {
	// lifecycle=completed, achievement=not-achieved => valid; isAchieved()=false
	g := careplan.Goal{ID: "g1", Text: "HbA1c below 8%", Lifecycle: careplan.GoalCompleted,
		Achievement: careplan.AchievementNotAchieved, Targets: []careplan.Target{hba1cBelow8()}}
	if err := g.Validate(); err != nil {
		t.Errorf("completed + not-achieved goal: Validate() = %v, want nil", err)
	}
	if g.Achievement.IsAchieved() {
		t.Error("not-achieved.IsAchieved() = true, want false")
	}
	// achievement=sustaining; isAchieved() => true (child of achieved)
	if !careplan.AchievementSustaining.IsAchieved() {
		t.Error("sustaining.IsAchieved() = false, want true")
	}
	// achievement=worsening; isInProgress() => true (child of in-progress)
	if !careplan.AchievementWorsening.IsInProgress() {
		t.Error("worsening.IsInProgress() = false, want true")
	}
	// Not in the spec's vectors, but its §1.1: gol-1 reaches a goal's targets.
	g.Targets[0].Measure = carecoord.Coding{}
	if diff := cmp.Diff([]pathCode{{"targets[0].measure", carecoord.FieldRequired}}, problems(t, g.Validate())); diff != "" {
		t.Errorf("goal with a target without a measure: Validate() mismatch (-want +got):\n%s", diff)
	}
}

func TestPriority(t *testing.T) {
	type facts struct {
		Valid   bool
		Rank    int
		Code    string
		Display string
	}
	want := map[careplan.Priority]facts{
		"high-priority":   {true, 1, "high-priority", "High Priority"},
		"medium-priority": {true, 2, "medium-priority", "Medium Priority"},
		"low-priority":    {true, 3, "low-priority", "Low Priority"},
		"":                {false, 4, "", ""},
		"high":            {false, 4, "", ""},
		"urgent":          {false, 4, "", ""}, // a request-priority code, not a goal-priority one
	}
	for p, w := range want {
		c := p.Coding()
		got := facts{p.IsValid(), p.Rank(), c.Code, c.Display}
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("Priority(%q) mismatch (-want +got):\n%s", p, diff)
		}
		if w.Valid && c.System != "http://terminology.hl7.org/CodeSystem/goal-priority" {
			t.Errorf("Priority(%q).Coding().System = %q", p, c.System)
		}
	}
	ps := []careplan.Priority{"", careplan.PriorityLow, "bogus", careplan.PriorityHigh, careplan.PriorityMedium}
	slices.SortStableFunc(ps, func(a, b careplan.Priority) int { return a.Rank() - b.Rank() })
	if diff := cmp.Diff([]careplan.Priority{"high-priority", "medium-priority", "low-priority", "", "bogus"}, ps); diff != "" {
		t.Errorf("sorted by Rank mismatch (-want +got):\n%s", diff)
	}
	got := careplan.Priorities()
	if diff := cmp.Diff([]careplan.Priority{"high-priority", "medium-priority", "low-priority"}, got); diff != "" {
		t.Errorf("Priorities() mismatch (-want +got):\n%s", diff)
	}
	got[0] = "changed"
	if careplan.Priorities()[0] != careplan.PriorityHigh {
		t.Error("Priorities() returned a shared slice")
	}
}

func TestTargetValidate(t *testing.T) {
	tests := []struct {
		name   string
		target func() careplan.Target
		want   []pathCode
	}{
		{"HbA1c below 8 %", hba1cBelow8, nil},
		{"systolic 90 to below 130", systolic90to130, nil},
		{"exercise at least 150, low only", exerciseAtLeast150, nil},
		{"exact value low = high", func() careplan.Target {
			t := systolic90to130()
			t.Low, t.High, t.HighExclusive = tgtNull("120"), tgtNull("120"), false
			return t
		}, nil},
		{"equal bounds written at different scales", func() careplan.Target {
			t := systolic90to130()
			t.Low, t.High, t.HighExclusive = tgtNull("7.90"), tgtNull("7.9"), false
			return t
		}, nil},
		{"zero target", func() careplan.Target { return careplan.Target{} }, []pathCode{
			{"measure", carecoord.FieldRequired}, {"low", carecoord.FieldRequired}, {"unit", carecoord.FieldRequired}}},
		{"gol-1: bound without measure", func() careplan.Target {
			t := hba1cBelow8()
			t.Measure = carecoord.Coding{}
			return t
		}, []pathCode{{"measure", carecoord.FieldRequired}}},
		{"gol-1: display only is no measure", func() careplan.Target {
			t := hba1cBelow8()
			t.Measure = carecoord.Coding{Display: "HbA1c"}
			return t
		}, []pathCode{{"measure.system", carecoord.FieldRequired}, {"measure.code", carecoord.FieldRequired}}},
		{"measure system not a URI", func() careplan.Target {
			t := hba1cBelow8()
			t.Measure.System = "LOINC"
			return t
		}, []pathCode{{"measure.system", carecoord.FieldInvalid}}},
		{"no bound", func() careplan.Target {
			t := hba1cBelow8()
			t.High, t.HighExclusive = decimal.NullDecimal{}, false
			return t
		}, []pathCode{{"low", carecoord.FieldRequired}}},
		{"low above high", func() careplan.Target {
			t := systolic90to130()
			t.Low, t.HighExclusive = tgtNull("130.1"), false
			return t
		}, []pathCode{{"high", carecoord.FieldInvalid}}},
		{"low above high, high exclusive", func() careplan.Target {
			t := systolic90to130()
			t.Low = tgtNull("131")
			return t
		}, []pathCode{{"high", carecoord.FieldInvalid}}},
		{"empty interval: equal bounds, high exclusive", func() careplan.Target {
			t := systolic90to130()
			t.Low = tgtNull("130")
			return t
		}, []pathCode{{"high", carecoord.FieldInvalid}}},
		{"empty interval: equal bounds, low exclusive", func() careplan.Target {
			t := systolic90to130()
			t.Low, t.LowExclusive, t.HighExclusive = tgtNull("130.0"), true, false
			return t
		}, []pathCode{{"high", carecoord.FieldInvalid}}},
		{"exclusive flags without bounds", func() careplan.Target {
			t := exerciseAtLeast150()
			t.LowExclusive, t.HighExclusive = true, true
			t.Low, t.High = decimal.NullDecimal{}, tgtNull("300")
			return t
		}, []pathCode{{"lowExclusive", carecoord.FieldNotAllowed}}},
		{"high exclusive without high", func() careplan.Target {
			t := exerciseAtLeast150()
			t.HighExclusive = true
			return t
		}, []pathCode{{"highExclusive", carecoord.FieldNotAllowed}}},
		{"unit missing", func() careplan.Target {
			t := hba1cBelow8()
			t.Unit = ""
			return t
		}, []pathCode{{"unit", carecoord.FieldRequired}}},
		{"unit with white space", func() careplan.Target {
			t := systolic90to130()
			t.Unit = "mm Hg"
			return t
		}, []pathCode{{"unit", carecoord.FieldInvalid}}},
		{"due out of range", func() careplan.Target {
			t := hba1cBelow8()
			t.Due = tgtDay("9999-12-31").AddDays(1)
			return t
		}, []pathCode{{"due", carecoord.FieldInvalid}}},
		{"no due", func() careplan.Target {
			t := hba1cBelow8()
			t.Due = civil.Date{}
			return t
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := problems(t, tt.target().Validate())
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Validate() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTargetContains(t *testing.T) {
	// eGFR above 60 mL/min/1.73 m2 (LOINC 62238-1): an exclusive low bound.
	aboveSixty := careplan.Target{Measure: carecoord.Coding{System: carecoord.SystemLOINC, Code: "62238-1"},
		Low: tgtNull("60"), LowExclusive: true, Unit: "mL/min/{1.73_m2}"}
	if err := aboveSixty.Validate(); err != nil {
		t.Fatalf("eGFR target: Validate() = %v", err)
	}
	tests := []struct {
		name   string
		target careplan.Target
		value  string
		want   bool
	}{
		{"HbA1c 7.9 < 8", hba1cBelow8(), "7.9", true},
		{"HbA1c 7.99 < 8", hba1cBelow8(), "7.99", true},
		{"HbA1c 8.0 is not < 8", hba1cBelow8(), "8.0", false},
		{"HbA1c 8 is not < 8", hba1cBelow8(), "8", false},
		{"HbA1c 8.01", hba1cBelow8(), "8.01", false},
		{"systolic 89.9 below low", systolic90to130(), "89.9", false},
		{"systolic 90 low edge inclusive", systolic90to130(), "90", true},
		{"systolic 129.9", systolic90to130(), "129.9", true},
		{"systolic 130 high edge exclusive", systolic90to130(), "130", false},
		{"exercise 149", exerciseAtLeast150(), "149", false},
		{"exercise 150 inclusive", exerciseAtLeast150(), "150", true},
		{"exercise 10000 no upper bound", exerciseAtLeast150(), "10000", true},
		{"above 60, low exclusive: 60", aboveSixty, "60", false},
		{"above 60, low exclusive: 60.0", aboveSixty, "60.0", false},
		{"above 60, low exclusive: 60.01", aboveSixty, "60.01", true},
		{"no bounds contains nothing", careplan.Target{Unit: "%"}, "0", false},
	}
	for _, tt := range tests {
		if got := tt.target.Contains(tgtDec(tt.value)); got != tt.want {
			t.Errorf("%s: Contains(%s) = %v, want %v", tt.name, tt.value, got, tt.want)
		}
	}
}

// evalSummary is what the EvaluateTarget table compares: the decision and its evidence.
type evalSummary struct {
	Achievement      careplan.Achievement
	Rule             careplan.EvaluationRule
	PastDue          bool
	Considered       int
	Latest           decimal.NullDecimal // value of the latest observation, if any
	Previous         decimal.NullDecimal // value of the previous observation, if any
	LatestDistance   decimal.NullDecimal
	PreviousDistance decimal.NullDecimal
}

func summarize(e careplan.Evaluation) evalSummary {
	s := evalSummary{Achievement: e.Achievement, Rule: e.Rule, PastDue: e.PastDue, Considered: e.Considered,
		LatestDistance: e.LatestDistance, PreviousDistance: e.PreviousDistance}
	if e.HasLatest {
		s.Latest = decimal.NewNullDecimal(e.Latest.Value)
	}
	if e.HasPrevious {
		s.Previous = decimal.NewNullDecimal(e.Previous.Value)
	}
	return s
}

func TestEvaluateTarget(t *testing.T) {
	none := decimal.NullDecimal{}
	const (
		inProgress  = careplan.AchievementInProgress
		improving   = careplan.AchievementImproving
		worsening   = careplan.AchievementWorsening
		noChange    = careplan.AchievementNoChange
		achieved    = careplan.AchievementAchieved
		sustaining  = careplan.AchievementSustaining
		notAchieved = careplan.AchievementNotAchieved
	)
	spring := tgtDay("2025-06-01")
	tests := []struct {
		name   string
		target careplan.Target
		obs    []careplan.Observation
		asOf   civil.Date
		want   evalSummary
	}{
		// The diabetes goal: HbA1c < 8 %, due 2025-12-31.
		{"7.9 achieved", hba1cBelow8(), []careplan.Observation{a1c("7.9", "2025-03-01")}, spring,
			evalSummary{achieved, careplan.RuleInTarget, false, 1, tgtNull("7.9"), none, tgtNull("0"), none}},
		{"8.0 not achieved: the bound is exclusive", hba1cBelow8(), []careplan.Observation{a1c("8.0", "2025-03-01")}, spring,
			evalSummary{inProgress, careplan.RuleFirstValue, false, 1, tgtNull("8.0"), none, tgtNull("0"), none}},
		{"9.1 first value", hba1cBelow8(), []careplan.Observation{a1c("9.1", "2025-03-01")}, spring,
			evalSummary{inProgress, careplan.RuleFirstValue, false, 1, tgtNull("9.1"), none, tgtNull("1.1"), none}},
		{"9.1 then 8.4 improving", hba1cBelow8(), []careplan.Observation{a1c("9.1", "2025-03-01"), a1c("8.4", "2025-05-01")}, spring,
			evalSummary{improving, careplan.RuleCloser, false, 2, tgtNull("8.4"), tgtNull("9.1"), tgtNull("0.4"), tgtNull("1.1")}},
		{"8.4 then 9.0 worsening", hba1cBelow8(), []careplan.Observation{a1c("8.4", "2025-03-01"), a1c("9.0", "2025-05-01")}, spring,
			evalSummary{worsening, careplan.RuleFurther, false, 2, tgtNull("9.0"), tgtNull("8.4"), tgtNull("1.0"), tgtNull("0.4")}},
		{"8.4 then 8.4 no change", hba1cBelow8(), []careplan.Observation{a1c("8.4", "2025-03-01"), a1c("8.4", "2025-05-01")}, spring,
			evalSummary{noChange, careplan.RuleUnchanged, false, 2, tgtNull("8.4"), tgtNull("8.4"), tgtNull("0.4"), tgtNull("0.4")}},
		{"8.40 then 8.4 no change whatever the scale", hba1cBelow8(), []careplan.Observation{a1c("8.40", "2025-03-01"), a1c("8.4", "2025-05-01")}, spring,
			evalSummary{noChange, careplan.RuleUnchanged, false, 2, tgtNull("8.4"), tgtNull("8.40"), tgtNull("0.4"), tgtNull("0.40")}},
		{"8.4 then 8.0 improving onto the exclusive bound", hba1cBelow8(), []careplan.Observation{a1c("8.4", "2025-03-01"), a1c("8.0", "2025-05-01")}, spring,
			evalSummary{improving, careplan.RuleCloser, false, 2, tgtNull("8.0"), tgtNull("8.4"), tgtNull("0"), tgtNull("0.4")}},
		{"7.2 then 7.6 sustaining", hba1cBelow8(), []careplan.Observation{a1c("7.2", "2025-03-01"), a1c("7.6", "2025-05-01")}, spring,
			evalSummary{sustaining, careplan.RuleSustained, false, 2, tgtNull("7.6"), tgtNull("7.2"), tgtNull("0"), tgtNull("0")}},
		{"9.0 then 7.6 achieved", hba1cBelow8(), []careplan.Observation{a1c("9.0", "2025-03-01"), a1c("7.6", "2025-05-01")}, spring,
			evalSummary{achieved, careplan.RuleInTarget, false, 2, tgtNull("7.6"), tgtNull("9.0"), tgtNull("0"), tgtNull("1.0")}},
		{"7.6 then 8.2 worsening: regression", hba1cBelow8(), []careplan.Observation{a1c("7.6", "2025-03-01"), a1c("8.2", "2025-05-01")}, spring,
			evalSummary{worsening, careplan.RuleFurther, false, 2, tgtNull("8.2"), tgtNull("7.6"), tgtNull("0.2"), tgtNull("0")}},
		{"only the latest two count", hba1cBelow8(), []careplan.Observation{a1c("7.0", "2025-01-01"), a1c("9.1", "2025-03-01"), a1c("8.4", "2025-05-01")}, spring,
			evalSummary{improving, careplan.RuleCloser, false, 3, tgtNull("8.4"), tgtNull("9.1"), tgtNull("0.4"), tgtNull("1.1")}},
		{"ordered by date, not by input", hba1cBelow8(), []careplan.Observation{a1c("8.4", "2025-05-01"), a1c("9.1", "2025-03-01")}, spring,
			evalSummary{improving, careplan.RuleCloser, false, 2, tgtNull("8.4"), tgtNull("9.1"), tgtNull("0.4"), tgtNull("1.1")}},
		{"same day: the later in input is the latest", hba1cBelow8(), []careplan.Observation{a1c("9.1", "2025-05-01"), a1c("8.4", "2025-05-01")}, spring,
			evalSummary{improving, careplan.RuleCloser, false, 2, tgtNull("8.4"), tgtNull("9.1"), tgtNull("0.4"), tgtNull("1.1")}},
		{"same day reversed", hba1cBelow8(), []careplan.Observation{a1c("8.4", "2025-05-01"), a1c("9.1", "2025-05-01")}, spring,
			evalSummary{worsening, careplan.RuleFurther, false, 2, tgtNull("9.1"), tgtNull("8.4"), tgtNull("1.1"), tgtNull("0.4")}},
		{"past due not achieved", hba1cBelow8(), []careplan.Observation{a1c("9.1", "2025-03-01"), a1c("8.4", "2025-11-01")}, tgtDay("2026-01-01"),
			evalSummary{notAchieved, careplan.RulePastDue, true, 2, tgtNull("8.4"), tgtNull("9.1"), tgtNull("0.4"), tgtNull("1.1")}},
		{"on the due date is not past due", hba1cBelow8(), []careplan.Observation{a1c("9.1", "2025-03-01"), a1c("8.4", "2025-11-01")}, tgtDay("2025-12-31"),
			evalSummary{improving, careplan.RuleCloser, false, 2, tgtNull("8.4"), tgtNull("9.1"), tgtNull("0.4"), tgtNull("1.1")}},
		{"in target after the due date is achieved", hba1cBelow8(), []careplan.Observation{a1c("9.1", "2025-03-01"), a1c("7.5", "2026-01-02")}, tgtDay("2026-01-05"),
			evalSummary{achieved, careplan.RuleInTarget, true, 2, tgtNull("7.5"), tgtNull("9.1"), tgtNull("0"), tgtNull("1.1")}},
		{"no observation before due", hba1cBelow8(), nil, spring,
			evalSummary{inProgress, careplan.RuleNoObservation, false, 0, none, none, none, none}},
		{"no observation on the due date", hba1cBelow8(), nil, tgtDay("2025-12-31"),
			evalSummary{inProgress, careplan.RuleNoObservation, false, 0, none, none, none, none}},
		{"no observation after due", hba1cBelow8(), nil, tgtDay("2026-01-01"),
			evalSummary{notAchieved, careplan.RuleNoObservation, true, 0, none, none, none, none}},
		{"no observation and no due date", systolic90to130(), nil, tgtDay("2030-01-01"),
			evalSummary{inProgress, careplan.RuleNoObservation, false, 0, none, none, none, none}},
		{"observation after asOf ignored", hba1cBelow8(), []careplan.Observation{a1c("9.1", "2025-03-01"), a1c("7.0", "2025-06-02")}, spring,
			evalSummary{inProgress, careplan.RuleFirstValue, false, 1, tgtNull("9.1"), none, tgtNull("1.1"), none}},
		{"only observations after asOf", hba1cBelow8(), []careplan.Observation{a1c("7.0", "2025-06-02")}, spring,
			evalSummary{inProgress, careplan.RuleNoObservation, false, 0, none, none, none, none}},
		{"observation on asOf used", hba1cBelow8(), []careplan.Observation{a1c("9.1", "2025-03-01"), a1c("7.0", "2025-06-01")}, spring,
			evalSummary{achieved, careplan.RuleInTarget, false, 2, tgtNull("7.0"), tgtNull("9.1"), tgtNull("0"), tgtNull("1.1")}},
		{"other measure ignored, whatever its unit", hba1cBelow8(), []careplan.Observation{
			a1c("9.1", "2025-03-01"),
			{Measure: loincGlucose, Value: tgtDec("7.0"), Unit: "mg/dL", Date: tgtDay("2025-04-01")},
			{Measure: carecoord.Coding{System: carecoord.SystemSNOMED, Code: "4548-4"}, Value: tgtDec("7.0"), Unit: "%", Date: tgtDay("2025-04-01")},
		}, spring,
			evalSummary{inProgress, careplan.RuleFirstValue, false, 1, tgtNull("9.1"), none, tgtNull("1.1"), none}},
		{"display is ignored when matching the measure", hba1cBelow8(), []careplan.Observation{
			{Measure: carecoord.Coding{System: carecoord.SystemLOINC, Code: "4548-4", Display: "HbA1c"}, Value: tgtDec("7.1"), Unit: "%", Date: tgtDay("2025-03-01")},
		}, spring,
			evalSummary{achieved, careplan.RuleInTarget, false, 1, tgtNull("7.1"), none, tgtNull("0"), none}},

		// Systolic BP 90 <= x < 130 mm[Hg]: both edges.
		{"systolic 90 low edge achieved", systolic90to130(), []careplan.Observation{sbp("90", "2025-03-01")}, spring,
			evalSummary{achieved, careplan.RuleInTarget, false, 1, tgtNull("90"), none, tgtNull("0"), none}},
		{"systolic 89.9 below the low edge", systolic90to130(), []careplan.Observation{sbp("89.9", "2025-03-01")}, spring,
			evalSummary{inProgress, careplan.RuleFirstValue, false, 1, tgtNull("89.9"), none, tgtNull("0.1"), none}},
		{"systolic 129.9 achieved", systolic90to130(), []careplan.Observation{sbp("129.9", "2025-03-01")}, spring,
			evalSummary{achieved, careplan.RuleInTarget, false, 1, tgtNull("129.9"), none, tgtNull("0"), none}},
		{"systolic 130 high edge not achieved", systolic90to130(), []careplan.Observation{sbp("130", "2025-03-01")}, spring,
			evalSummary{inProgress, careplan.RuleFirstValue, false, 1, tgtNull("130"), none, tgtNull("0"), none}},
		{"systolic 85 then 88 improving from below", systolic90to130(), []careplan.Observation{sbp("85", "2025-03-01"), sbp("88", "2025-03-08")}, spring,
			evalSummary{improving, careplan.RuleCloser, false, 2, tgtNull("88"), tgtNull("85"), tgtNull("2"), tgtNull("5")}},
		{"systolic 135 then 85: crossed over, as far", systolic90to130(), []careplan.Observation{sbp("135", "2025-03-01"), sbp("85", "2025-03-08")}, spring,
			evalSummary{noChange, careplan.RuleUnchanged, false, 2, tgtNull("85"), tgtNull("135"), tgtNull("5"), tgtNull("5")}},
		{"systolic 140 then 125 achieved", systolic90to130(), []careplan.Observation{sbp("140", "2025-03-01"), sbp("125", "2025-03-08")}, spring,
			evalSummary{achieved, careplan.RuleInTarget, false, 2, tgtNull("125"), tgtNull("140"), tgtNull("0"), tgtNull("10")}},

		// Exercise >= 150 min/wk, due 2025-06-30: a low bound only.
		{"exercise 150 achieved", exerciseAtLeast150(), []careplan.Observation{exerciseMin("150", "2025-03-01")}, spring,
			evalSummary{achieved, careplan.RuleInTarget, false, 1, tgtNull("150"), none, tgtNull("0"), none}},
		{"exercise 90 then 120 improving", exerciseAtLeast150(), []careplan.Observation{exerciseMin("90", "2025-03-01"), exerciseMin("120", "2025-03-08")}, spring,
			evalSummary{improving, careplan.RuleCloser, false, 2, tgtNull("120"), tgtNull("90"), tgtNull("30"), tgtNull("60")}},
		{"exercise 120 then 149 past due", exerciseAtLeast150(), []careplan.Observation{exerciseMin("120", "2025-03-01"), exerciseMin("149", "2025-06-30")}, tgtDay("2025-07-01"),
			evalSummary{notAchieved, careplan.RulePastDue, true, 2, tgtNull("149"), tgtNull("120"), tgtNull("1"), tgtNull("30")}},
		{"exercise 200 then 160 sustaining", exerciseAtLeast150(), []careplan.Observation{exerciseMin("200", "2025-03-01"), exerciseMin("160", "2025-03-08")}, spring,
			evalSummary{sustaining, careplan.RuleSustained, false, 2, tgtNull("160"), tgtNull("200"), tgtNull("0"), tgtNull("0")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := slices.Clone(tt.obs)
			e, err := careplan.EvaluateTarget(tt.target, tt.obs, tt.asOf)
			if err != nil {
				t.Fatalf("EvaluateTarget() error = %v", err)
			}
			if diff := cmp.Diff(tt.want, summarize(e)); diff != "" {
				t.Errorf("EvaluateTarget() mismatch (-want +got):\n%s", diff)
			}
			if !e.Achievement.IsValid() || !e.Rule.IsValid() || e.AsOf != tt.asOf || e.Due != tt.target.Due {
				t.Errorf("EvaluateTarget() = %+v: invalid achievement or rule, or wrong dates", e)
			}
			if diff := cmp.Diff(before, tt.obs); diff != "" {
				t.Errorf("EvaluateTarget() modified its input (-before +after):\n%s", diff)
			}
		})
	}
}

// TestEvaluateTargetExplains compares one whole Evaluation, so that every field of the
// explanation is pinned down once.
func TestEvaluateTargetExplains(t *testing.T) {
	obs := []careplan.Observation{a1c("9.1", "2025-03-01"), a1c("8.4", "2025-05-01"), a1c("7.0", "2025-07-01")}
	got, err := careplan.EvaluateTarget(hba1cBelow8(), obs, tgtDay("2025-06-01"))
	if err != nil {
		t.Fatal(err)
	}
	want := careplan.Evaluation{
		Achievement: careplan.AchievementImproving, Rule: careplan.RuleCloser,
		AsOf: tgtDay("2025-06-01"), Due: tgtDay("2025-12-31"), PastDue: false, Considered: 2,
		HasLatest: true, Latest: obs[1], LatestInTarget: false, LatestDistance: tgtNull("0.4"),
		HasPrevious: true, Previous: obs[0], PreviousInTarget: false, PreviousDistance: tgtNull("1.1"),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("EvaluateTarget() mismatch (-want +got):\n%s", diff)
	}
	// The explanation survives JSON, decimals as exact strings.
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	var back careplan.Evaluation
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("json.Unmarshal(%s): %v", b, err)
	}
	if diff := cmp.Diff(got, back); diff != "" {
		t.Errorf("JSON round trip mismatch (-want +got):\n%s", diff)
	}
}

func TestTargetJSON(t *testing.T) {
	for _, tg := range []careplan.Target{hba1cBelow8(), systolic90to130(), exerciseAtLeast150()} {
		b, err := json.Marshal(tg)
		if err != nil {
			t.Fatal(err)
		}
		var back careplan.Target
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("json.Unmarshal(%s): %v", b, err)
		}
		if diff := cmp.Diff(tg, back); diff != "" {
			t.Errorf("JSON round trip of %s mismatch (-want +got):\n%s", b, diff)
		}
	}
}

func TestEvaluateTargetErrors(t *testing.T) {
	spring := tgtDay("2025-06-01")
	mmol := func(value, date string) careplan.Observation {
		o := a1c(value, date)
		o.Unit = "mmol/mol" // IFCC HbA1c: the same measure in another unit, never converted
		return o
	}
	tests := []struct {
		name   string
		target careplan.Target
		obs    []careplan.Observation
		asOf   civil.Date
		want   []pathCode
	}{
		{"unit mismatch", hba1cBelow8(), []careplan.Observation{a1c("8.0", "2025-03-01"), mmol("64", "2025-04-01")}, spring,
			[]pathCode{{"observations[1].unit", carecoord.FieldInvalid}}},
		{"every unit mismatch is listed", hba1cBelow8(), []careplan.Observation{mmol("70", "2025-02-01"), a1c("8.0", "2025-03-01"), mmol("64", "2025-04-01")}, spring,
			[]pathCode{{"observations[0].unit", carecoord.FieldInvalid}, {"observations[2].unit", carecoord.FieldInvalid}}},
		{"unit case matters (UCUM is case-sensitive)", systolic90to130(), []careplan.Observation{{Measure: loincSystolic, Value: tgtDec("120"), Unit: "mm[hg]", Date: tgtDay("2025-03-01")}}, spring,
			[]pathCode{{"observations[0].unit", carecoord.FieldInvalid}}},
		{"missing unit", hba1cBelow8(), []careplan.Observation{{Measure: loincHbA1c, Value: tgtDec("7"), Date: tgtDay("2025-03-01")}}, spring,
			[]pathCode{{"observations[0].unit", carecoord.FieldInvalid}}},
		{"unit mismatch after asOf is ignored", hba1cBelow8(), []careplan.Observation{a1c("8.0", "2025-03-01"), mmol("64", "2025-06-02")}, spring, nil},
		{"matching observation without a date", hba1cBelow8(), []careplan.Observation{{Measure: loincHbA1c, Value: tgtDec("7"), Unit: "%"}}, spring,
			[]pathCode{{"observations[0].date", carecoord.FieldInvalid}}},
		{"other measure without a date is ignored", hba1cBelow8(), []careplan.Observation{{Measure: loincGlucose, Value: tgtDec("7"), Unit: "%"}}, spring, nil},
		{"invalid target", careplan.Target{Measure: loincHbA1c, High: tgtNull("8")}, nil, spring,
			[]pathCode{{"target.unit", carecoord.FieldRequired}}},
		{"zero asOf", hba1cBelow8(), nil, civil.Date{}, []pathCode{{"asOf", carecoord.FieldRequired}}},
		{"asOf out of range", hba1cBelow8(), nil, tgtDay("0001-01-01").AddDays(-1), []pathCode{{"asOf", carecoord.FieldInvalid}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := careplan.EvaluateTarget(tt.target, tt.obs, tt.asOf)
			if diff := cmp.Diff(tt.want, problems(t, err)); diff != "" {
				t.Errorf("EvaluateTarget() error mismatch (-want +got):\n%s", diff)
			}
			if err != nil && e != (careplan.Evaluation{}) {
				t.Errorf("EvaluateTarget() = %+v with an error, want the zero Evaluation", e)
			}
		})
	}
}

// rapid generators for the properties.

var tgtBase = civil.MustParse("2025-01-01")

// tenths draws a decimal with one decimal place between lo and hi tenths.
func tenths(lo, hi int64) *rapid.Generator[decimal.Decimal] {
	return rapid.Map(rapid.Int64Range(lo, hi), func(n int64) decimal.Decimal { return decimal.New(n, -1) })
}

// genTarget draws a valid target for loincHbA1c in "%": a high bound, a low bound or both,
// each inclusive or exclusive, with or without a due date.
func genTarget() *rapid.Generator[careplan.Target] {
	return rapid.Custom(func(t *rapid.T) careplan.Target {
		tg := careplan.Target{Measure: loincHbA1c, Unit: "%"}
		switch rapid.IntRange(0, 2).Draw(t, "shape") {
		case 0:
			tg.High, tg.HighExclusive = decimal.NewNullDecimal(tenths(0, 200).Draw(t, "high")), rapid.Bool().Draw(t, "highExcl")
		case 1:
			tg.Low, tg.LowExclusive = decimal.NewNullDecimal(tenths(0, 200).Draw(t, "low")), rapid.Bool().Draw(t, "lowExcl")
		default:
			lo := tenths(0, 200).Draw(t, "low")
			width := tenths(1, 100).Draw(t, "width")
			tg.Low, tg.High = decimal.NewNullDecimal(lo), decimal.NewNullDecimal(lo.Add(width))
			tg.LowExclusive, tg.HighExclusive = rapid.Bool().Draw(t, "lowExcl"), rapid.Bool().Draw(t, "highExcl")
		}
		if rapid.Bool().Draw(t, "hasDue") {
			tg.Due = tgtBase.AddDays(rapid.IntRange(0, 90).Draw(t, "due"))
		}
		return tg
	})
}

// genObservations draws HbA1c observations in "%" on distinct days (offsets 0..80 from
// tgtBase), mixed with observations of another measure (which must be ignored).
func genObservations(t *rapid.T) []careplan.Observation {
	days := rapid.SliceOfNDistinct(rapid.IntRange(0, 80), 0, 8, rapid.ID[int]).Draw(t, "days")
	obs := make([]careplan.Observation, 0, len(days))
	for _, d := range days {
		o := careplan.Observation{Measure: loincHbA1c, Value: tenths(0, 300).Draw(t, "value"), Unit: "%", Date: tgtBase.AddDays(d)}
		if rapid.IntRange(0, 4).Draw(t, "other") == 0 {
			o.Measure, o.Unit = loincGlucose, "mg/dL"
		}
		obs = append(obs, o)
	}
	return obs
}

// TestEvaluateTargetOrderIndependent: the evaluation is deterministic and does not depend on
// the order of observations with distinct dates.
func TestEvaluateTargetOrderIndependent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tg := genTarget().Draw(t, "target")
		obs := genObservations(t)
		asOf := tgtBase.AddDays(rapid.IntRange(0, 90).Draw(t, "asOf"))
		want, err := careplan.EvaluateTarget(tg, obs, asOf)
		if err != nil {
			t.Fatalf("EvaluateTarget() error = %v", err)
		}
		again, err := careplan.EvaluateTarget(tg, obs, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, again); diff != "" {
			t.Fatalf("EvaluateTarget() twice differs (-first +second):\n%s", diff)
		}
		shuffled := rapid.Permutation(obs).Draw(t, "shuffled")
		got, err := careplan.EvaluateTarget(tg, shuffled, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("EvaluateTarget() after shuffling mismatch (-want +got):\n%s", diff)
		}
	})
}

// inTargetValue draws a value that tg contains, built from the bounds (not from Contains).
func inTargetValue(t *rapid.T, tg careplan.Target) decimal.Decimal {
	step := tenths(1, 50).Draw(t, "step")
	switch {
	case tg.Low.Valid && tg.High.Valid:
		// Strictly between the bounds: low + (high-low)·k/10, 0 < k < 10.
		k := decimal.New(rapid.Int64Range(1, 9).Draw(t, "k"), -1)
		return tg.Low.Decimal.Add(tg.High.Decimal.Sub(tg.Low.Decimal).Mul(k))
	case tg.High.Valid:
		if !tg.HighExclusive && rapid.Bool().Draw(t, "onEdge") {
			return tg.High.Decimal
		}
		return tg.High.Decimal.Sub(step)
	default:
		if !tg.LowExclusive && rapid.Bool().Draw(t, "onEdge") {
			return tg.Low.Decimal
		}
		return tg.Low.Decimal.Add(step)
	}
}

// TestEvaluateTargetInTargetIsAchieved: whatever came before, a latest value in the target
// means achieved or sustaining, even past the due date.
func TestEvaluateTargetInTargetIsAchieved(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tg := genTarget().Draw(t, "target")
		obs := genObservations(t) // days 0..80
		latest := careplan.Observation{Measure: loincHbA1c, Value: inTargetValue(t, tg), Unit: "%", Date: tgtBase.AddDays(81)}
		at := rapid.IntRange(0, len(obs)).Draw(t, "at")
		obs = slices.Insert(obs, at, latest)
		asOf := tgtBase.AddDays(rapid.IntRange(81, 120).Draw(t, "asOf"))
		e, err := careplan.EvaluateTarget(tg, obs, asOf)
		if err != nil {
			t.Fatalf("EvaluateTarget() error = %v", err)
		}
		if !e.Achievement.IsAchieved() || e.Rule != careplan.RuleInTarget && e.Rule != careplan.RuleSustained {
			t.Fatalf("latest %s in target: achievement %s by rule %s, want achieved or sustaining", latest.Value, e.Achievement, e.Rule)
		}
		if diff := cmp.Diff(latest, e.Latest); diff != "" || !e.HasLatest {
			t.Fatalf("Latest mismatch (-want +got):\n%s", diff)
		}
		if e.LatestDistance.Decimal.Sign() != 0 || !e.LatestDistance.Valid {
			t.Fatalf("LatestDistance = %v, want 0 for a value in target", e.LatestDistance)
		}
	})
}

// TestEvaluateTargetIgnoresFuture: adding an observation dated after asOf, of any measure and
// in any unit, never changes the result.
func TestEvaluateTargetIgnoresFuture(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tg := genTarget().Draw(t, "target")
		obs := genObservations(t)
		asOf := tgtBase.AddDays(rapid.IntRange(0, 90).Draw(t, "asOf"))
		want, err := careplan.EvaluateTarget(tg, obs, asOf)
		if err != nil {
			t.Fatalf("EvaluateTarget() error = %v", err)
		}
		future := careplan.Observation{
			Measure: rapid.SampledFrom([]carecoord.Coding{loincHbA1c, loincGlucose}).Draw(t, "measure"),
			Value:   tenths(-100, 400).Draw(t, "value"),
			Unit:    rapid.SampledFrom([]string{"%", "mmol/mol", ""}).Draw(t, "unit"),
			Date:    asOf.AddDays(rapid.IntRange(1, 400).Draw(t, "after")),
		}
		more := slices.Insert(slices.Clone(obs), rapid.IntRange(0, len(obs)).Draw(t, "at"), future)
		got, err := careplan.EvaluateTarget(tg, more, asOf)
		if err != nil {
			t.Fatalf("EvaluateTarget() with a future observation: error = %v", err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("a future observation changed the result (-want +got):\n%s", diff)
		}
	})
}

// TestEvaluateTargetRuleGivesAchievement: each rule assigns one achievement (the rule table
// of EvaluateTarget's doc, written out here), and the explanation agrees with itself.
func TestEvaluateTargetRuleGivesAchievement(t *testing.T) {
	want := map[careplan.EvaluationRule][]careplan.Achievement{
		"no-observation": {"in-progress", "not-achieved"},
		"in-target":      {"achieved"},
		"sustained":      {"sustaining"},
		"past-due":       {"not-achieved"},
		"closer":         {"improving"},
		"further":        {"worsening"},
		"unchanged":      {"no-change"},
		"first-value":    {"in-progress"},
	}
	if got := len(careplan.EvaluationRules()); got != len(want) {
		t.Errorf("len(EvaluationRules()) = %d, want %d", got, len(want))
	}
	rapid.Check(t, func(t *rapid.T) {
		tg := genTarget().Draw(t, "target")
		obs := genObservations(t)
		asOf := tgtBase.AddDays(rapid.IntRange(0, 90).Draw(t, "asOf"))
		e, err := careplan.EvaluateTarget(tg, obs, asOf)
		if err != nil {
			t.Fatalf("EvaluateTarget() error = %v", err)
		}
		if !slices.Contains(want[e.Rule], e.Achievement) {
			t.Fatalf("rule %q gave %q, want one of %q", e.Rule, e.Achievement, want[e.Rule])
		}
		if e.Rule == careplan.RuleNoObservation && (e.Achievement == careplan.AchievementNotAchieved) != e.PastDue {
			t.Fatalf("no observation: achievement %s with PastDue %v", e.Achievement, e.PastDue)
		}
		if e.HasLatest != (e.Considered > 0) || e.HasPrevious != (e.Considered > 1) ||
			e.LatestDistance.Valid != e.HasLatest || e.PreviousDistance.Valid != e.HasPrevious {
			t.Fatalf("inconsistent explanation: %+v", e)
		}
		if e.HasLatest && e.LatestInTarget != tg.Contains(e.Latest.Value) {
			t.Fatalf("LatestInTarget = %v for %s", e.LatestInTarget, e.Latest.Value)
		}
		if e.HasPrevious && e.Previous.Date.After(e.Latest.Date) || e.HasLatest && e.Latest.Date.After(asOf) {
			t.Fatalf("observations out of order: previous %s, latest %s, asOf %s", e.Previous.Date, e.Latest.Date, asOf)
		}
	})
}
