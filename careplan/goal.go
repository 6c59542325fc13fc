package careplan

import (
	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

// EvaluateGoal evaluates every target of g against the observations with [EvaluateTarget] and
// returns g with its Achievement set from them, and the evaluation of each target in target
// order. It does not modify g. A goal with no targets is returned unchanged.
//
// The targets combine by the library's rule (FHIR defines the codes, not how to combine them):
// not-achieved if any target is not achieved; else achieved when every target is achieved
// (sustaining when every one is sustaining); else worsening if any target is worsening; else
// improving if any is improving; else no-change when every target not yet achieved is
// unchanged; else in-progress. A goal is met only when all its targets are: an HbA1c goal with a
// blood-pressure target is not achieved by the HbA1c alone.
//
// Errors are those of EvaluateTarget, with paths under "targets[i]".
func EvaluateGoal(g Goal, obs []Observation, asOf civil.Date) (Goal, []Evaluation, error) {
	if len(g.Targets) == 0 {
		return g, nil, nil
	}
	evals := make([]Evaluation, len(g.Targets))
	var errs carecoord.FieldErrors
	for i, t := range g.Targets {
		e, err := EvaluateTarget(t, obs, asOf)
		if err != nil {
			errs.Nest(carecoord.Path("targets", i), err)
			continue
		}
		evals[i] = e
	}
	if err := errs.Err(); err != nil {
		return g, nil, err
	}
	g.Achievement = combineAchievements(evals)
	return g, evals, nil
}

// combineAchievements is the rule of EvaluateGoal.
func combineAchievements(evals []Evaluation) Achievement {
	var achieved, sustaining, worsening, improving, unchanged, open int
	for _, e := range evals {
		switch a := e.Achievement; {
		case a.IsNotAchieved():
			return AchievementNotAchieved
		case a == AchievementSustaining:
			sustaining++
			achieved++
		case a.IsAchieved():
			achieved++
		default:
			open++
			switch a {
			case AchievementWorsening:
				worsening++
			case AchievementImproving:
				improving++
			case AchievementNoChange:
				unchanged++
			}
		}
	}
	switch {
	case achieved == len(evals) && sustaining == len(evals):
		return AchievementSustaining
	case achieved == len(evals):
		return AchievementAchieved
	case worsening > 0:
		return AchievementWorsening
	case improving > 0:
		return AchievementImproving
	case unchanged == open:
		return AchievementNoChange
	}
	return AchievementInProgress
}
