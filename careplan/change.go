package careplan

import (
	"slices"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

// Transition returns p moved to status to at time at, made so by by, for an optional coded
// reason, with the move appended to p.History. It does not modify p. It returns an error
// matching carecoord.ErrTransition when the plan's transition table does not allow the move
// (see [Status]), and one matching carecoord.ErrInvalid when at is missing or before the
// plan's last transition, or by is not a valid actor.
func Transition(p CarePlan, to Status, at time.Time, by carecoord.Actor, reason carecoord.Coding) (CarePlan, error) {
	err := move(planLifecycle(), &p.Status, &p.History, to, at, by, reason)
	return p, err
}

// TransitionGoal returns g moved to lifecycle status to, as [Transition] does for a plan.
func TransitionGoal(g Goal, to GoalStatus, at time.Time, by carecoord.Actor, reason carecoord.Coding) (Goal, error) {
	err := move(goalLifecycle(), &g.Lifecycle, &g.History, to, at, by, reason)
	return g, err
}

// TransitionActivity returns a moved to status to, as [Transition] does for a plan.
func TransitionActivity(a Activity, to ActivityStatus, at time.Time, by carecoord.Actor, reason carecoord.Coding) (Activity, error) {
	err := move(activityLifecycle(), &a.Status, &a.History, to, at, by, reason)
	return a, err
}

// TransitionTeam returns t moved to status to, as [Transition] does for a plan.
func TransitionTeam(t CareTeam, to TeamStatus, at time.Time, by carecoord.Actor, reason carecoord.Coding) (CareTeam, error) {
	err := move(teamLifecycle(), &t.Status, &t.History, to, at, by, reason)
	return t, err
}

// move applies one status change to a status field and its history, which belong to a copy the
// caller owns; on error it changes neither.
func move[S ~string](lc carecoord.Lifecycle[S], status *S, history *[]carecoord.Transition, to S, at time.Time, by carecoord.Actor, reason carecoord.Coding) error {
	h, err := lc.Move(*history, *status, to, at, by, reason)
	if err != nil {
		return err
	}
	*history, *status = h, to
	return nil
}

// Goal returns the plan's goal with this id.
func (p CarePlan) Goal(id string) (Goal, bool) {
	i := slices.IndexFunc(p.Goals, func(g Goal) bool { return g.ID == id })
	if i < 0 {
		return Goal{}, false
	}
	return p.Goals[i], true
}

// Activity returns the plan's activity with this id.
func (p CarePlan) Activity(id string) (Activity, bool) {
	i := slices.IndexFunc(p.Activities, func(a Activity) bool { return a.ID == id })
	if i < 0 {
		return Activity{}, false
	}
	return p.Activities[i], true
}

// WithGoal returns p with g in place of the goal with the same id, or added at the end when
// there is none. p's Goals slice is not modified.
func (p CarePlan) WithGoal(g Goal) CarePlan {
	p.Goals = withItem(p.Goals, g, func(x Goal) bool { return x.ID == g.ID })
	return p
}

// WithActivity returns p with a in place of the activity with the same id, or added at the end
// when there is none. p's Activities slice is not modified.
func (p CarePlan) WithActivity(a Activity) CarePlan {
	p.Activities = withItem(p.Activities, a, func(x Activity) bool { return x.ID == a.ID })
	return p
}

// withItem returns a new slice: s with v replacing the first element same reports, or with v
// appended.
func withItem[T any](s []T, v T, same func(T) bool) []T {
	out := slices.Clone(s)
	if i := slices.IndexFunc(out, same); i >= 0 {
		out[i] = v
		return out
	}
	return append(out, v)
}

// RecordOutcome returns a with o added to its outcomes. o must be valid and must name an
// occurrence that the activity's schedule, as in force on that day, actually has; otherwise the
// error matches carecoord.ErrInvalid (path "occurrence"). Recording a second outcome for the
// same occurrence keeps the first in the list: the latest recorded is the one that counts
// ([Activity.OutcomeFor]), and nothing recorded is ever lost.
func RecordOutcome(a Activity, o Outcome) (Activity, error) {
	if err := o.Validate(); err != nil {
		return a, err
	}
	if !a.hasOccurrence(o.Occurrence) {
		return a, carecoord.FieldErrors{carecoord.Invalid("occurrence", "must be an occurrence of the activity's schedule")}
	}
	// Insert after every outcome for the same or an earlier occurrence: ordered by
	// occurrence, and by recording within one.
	i, _ := slices.BinarySearchFunc(a.Outcomes, o.Occurrence, func(x Outcome, t Occurrence) int {
		if compareOccurrences(x.Occurrence, t) <= 0 {
			return -1
		}
		return 1
	})
	a.Outcomes = slices.Insert(slices.Clip(a.Outcomes), i, o)
	return a, nil
}

// hasOccurrence reports whether o is an occurrence of a's schedules.
func (a Activity) hasOccurrence(o Occurrence) bool {
	for x := range a.Schedules.All(civil.Range{Start: o.Date, End: o.Date}) {
		if x == o {
			return true
		}
	}
	return false
}

// OutcomeFor returns the outcome that counts for occurrence o: the last one recorded.
func (a Activity) OutcomeFor(o Occurrence) (Outcome, bool) {
	for i := len(a.Outcomes) - 1; i >= 0; i-- {
		if a.Outcomes[i].Occurrence == o {
			return a.Outcomes[i], true
		}
	}
	return Outcome{}, false
}

// Reschedule returns a with its schedule changed from day from on (see [Schedules.Change]),
// the new version stamped with at and by. Every occurrence before from keeps the schedule that
// was in force on its day, with its key, so the outcomes recorded against it stay attached and
// keep counting.
//
// It refuses, with errors matching carecoord.ErrInvalid, a from before today (the past is not
// rescheduled: that would rewrite adherence already measured) and a from on or before the day of
// the latest outcome recorded (judging that day by another schedule could hide the outcome, the
// CareKit failure this package exists to avoid, carekit-apple/CareKit#655). Paths are "from",
// "schedule.…", "at" and "by.…".
func Reschedule(a Activity, today, from civil.Date, s Schedule, at time.Time, by carecoord.Actor) (Activity, error) {
	var errs carecoord.FieldErrors
	switch {
	case !from.IsValid():
		errs.Add(carecoord.Required("from", "must be the first day of the new schedule"))
	case !today.IsValid():
		errs.Add(carecoord.Required("today", "must be set"))
	case from.Before(today):
		errs.Add(carecoord.OutOfRange("from", "must not be before today: the past is not rescheduled"))
	case len(a.Outcomes) > 0 && !a.Outcomes[len(a.Outcomes)-1].Occurrence.Date.Before(from):
		// Outcomes are in occurrence order: the last is the latest.
		errs.Add(carecoord.OutOfRange("from", "must be after the day of every outcome already recorded"))
	}
	errs.Nest("schedule", s.Validate())
	if at.IsZero() {
		errs.Add(carecoord.Required("at", "must say when the schedule was changed"))
	}
	errs.Nest("by", by.Validate())
	if err := errs.Err(); err != nil {
		return a, err
	}
	a.Schedules = a.Schedules.Change(from, s)
	last := &a.Schedules[len(a.Schedules)-1]
	last.At, last.By = at, by
	return a, nil
}
