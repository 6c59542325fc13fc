package careplan_test

import (
	"errors"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/careplan"
)

func TestEvaluateGoal(t *testing.T) {
	goal := careplan.Goal{ID: "g", Text: "HbA1c and BP in range", Lifecycle: careplan.GoalActive,
		Targets: []careplan.Target{hba1cBelow8(), systolic90to130()}}
	asOf := tgtDay("2025-10-01")
	tests := []struct {
		name string
		obs  []careplan.Observation
		want careplan.Achievement
	}{
		{"both in target", []careplan.Observation{a1c("7.4", "2025-09-01"), sbp("124", "2025-09-02")}, careplan.AchievementAchieved},
		{"both sustained", []careplan.Observation{a1c("7.6", "2025-06-01"), a1c("7.4", "2025-09-01"), sbp("126", "2025-08-01"), sbp("124", "2025-09-02")}, careplan.AchievementSustaining},
		{"one in target, one improving", []careplan.Observation{a1c("7.4", "2025-09-01"), sbp("142", "2025-08-01"), sbp("136", "2025-09-02")}, careplan.AchievementImproving},
		{"one improving, one worsening", []careplan.Observation{a1c("9.1", "2025-06-01"), a1c("8.4", "2025-09-01"), sbp("132", "2025-08-01"), sbp("136", "2025-09-02")}, careplan.AchievementWorsening},
		{"one unchanged, one achieved", []careplan.Observation{a1c("8.4", "2025-06-01"), a1c("8.4", "2025-09-01"), sbp("124", "2025-09-02")}, careplan.AchievementNoChange},
		{"no observations", nil, careplan.AchievementInProgress},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, evals, err := careplan.EvaluateGoal(goal, tt.obs, asOf)
			if err != nil || got.Achievement != tt.want || len(evals) != 2 {
				t.Errorf("EvaluateGoal = %s (%d evaluations), %v; want %s", got.Achievement, len(evals), err, tt.want)
			}
			if goal.Achievement != "" {
				t.Error("EvaluateGoal changed its input")
			}
		})
	}
	// Past the HbA1c target's due date without reaching it: not achieved, whatever the BP.
	late, _, err := careplan.EvaluateGoal(goal, []careplan.Observation{a1c("8.4", "2025-12-01"), sbp("124", "2025-12-01")}, tgtDay("2026-01-15"))
	if err != nil || late.Achievement != careplan.AchievementNotAchieved {
		t.Errorf("past due = %s, %v; want not-achieved", late.Achievement, err)
	}
	// A unit mismatch is an error naming the target.
	bad := sbp("124", "2025-09-02")
	bad.Unit = "kPa"
	_, _, err = careplan.EvaluateGoal(goal, []careplan.Observation{bad}, asOf)
	var list carecoord.FieldErrors
	if !errors.As(err, &list) || !list.Has("targets[1].observations[0].unit", carecoord.FieldInvalid) {
		t.Errorf("unit mismatch error = %v", err)
	}
}
