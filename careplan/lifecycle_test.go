package careplan_test

import (
	"errors"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/careplan"
	"pgregory.net/rapid"
)

type edge[S ~string] struct{ from, to S }

// allowedFrom writes a transition table out as literal pairs, from the spec, never from the
// code under test.
func allowedFrom[S ~string](table map[S][]S) map[edge[S]]bool {
	m := map[edge[S]]bool{}
	for from, tos := range table {
		for _, to := range tos {
			m[edge[S]{from, to}] = true
		}
	}
	return m
}

// checkLifecycle runs a rapid state machine over one lifecycle: from each status it tries legal
// and illegal targets (strings that are no status included), and checks the result against the
// literal table; invariants hold after every step.
func checkLifecycle[S ~string](t *testing.T, allowed map[edge[S]]bool, statuses []S,
	apply func(cur S, h []carecoord.Transition, to S, at time.Time) (S, []carecoord.Transition, error)) {
	t.Helper()
	candidates := append(append([]S(nil), statuses...), "", "closed", "Active")
	rapid.Check(t, func(t *rapid.T) {
		cur := rapid.SampledFrom(statuses).Draw(t, "start")
		var h []carecoord.Transition
		now := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
		t.Repeat(map[string]func(*rapid.T){
			"move": func(t *rapid.T) {
				to := rapid.SampledFrom(candidates).Draw(t, "to")
				now = now.Add(time.Duration(rapid.IntRange(0, 72).Draw(t, "hours")) * time.Hour)
				next, nh, err := apply(cur, h, to, now)
				legal := allowed[edge[S]{cur, to}]
				if legal != (err == nil) {
					t.Fatalf("%q -> %q: error = %v, table says allowed = %v", cur, to, err, legal)
				}
				if err != nil {
					if !errors.Is(err, carecoord.ErrTransition) {
						t.Fatalf("%q -> %q: error %v does not match ErrTransition", cur, to, err)
					}
					if next != cur || len(nh) != len(h) {
						t.Fatalf("a refused move changed the record")
					}
					return
				}
				cur, h = next, nh
			},
			"": func(t *rapid.T) {
				if n := len(h); n > 0 {
					if S(h[n-1].To) != cur {
						t.Fatalf("last transition to %q, status %q", h[n-1].To, cur)
					}
					for i := 1; i < n; i++ {
						if h[i].From != h[i-1].To || h[i].At.Before(h[i-1].At) {
							t.Fatalf("history is not a chain at %d", i)
						}
					}
				}
				terminal := true
				for _, s := range statuses {
					if allowed[edge[S]{cur, s}] {
						terminal = false
					}
				}
				if terminal {
					for _, s := range candidates {
						if _, _, err := apply(cur, h, s, now); err == nil {
							t.Fatalf("terminal %q moved to %q", cur, s)
						}
					}
				}
			},
		})
	})
}

const eie = "entered-in-error"

func TestPlanLifecycle(t *testing.T) {
	// FHIR request state machine (spec §1.1) plus the library's documented additions
	// (draft and on-hold may be revoked; unknown may become anything once known).
	allowed := allowedFrom(map[careplan.Status][]careplan.Status{
		"draft":     {"active", "revoked", eie},
		"active":    {"on-hold", "completed", "revoked", eie},
		"on-hold":   {"active", "revoked", eie},
		"completed": {eie},
		"revoked":   {eie},
		"unknown":   {"draft", "active", "on-hold", "revoked", "completed", eie},
	})
	checkLifecycle(t, allowed, careplan.Statuses(), func(cur careplan.Status, h []carecoord.Transition, to careplan.Status, at time.Time) (careplan.Status, []carecoord.Transition, error) {
		p, err := careplan.Transition(careplan.CarePlan{Status: cur, History: h}, to, at, carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-1"}, carecoord.Coding{})
		return p.Status, p.History, err
	})
}

func TestGoalLifecycle(t *testing.T) {
	// Spec §1.1, Goal.lifecycleStatus table.
	allowed := allowedFrom(map[careplan.GoalStatus][]careplan.GoalStatus{
		"proposed":  {"planned", "accepted", "active", "rejected", "cancelled", eie},
		"planned":   {"accepted", "active", "cancelled", eie},
		"accepted":  {"active", "on-hold", "completed", "cancelled", eie},
		"active":    {"on-hold", "completed", "cancelled", eie},
		"on-hold":   {"active", "completed", "cancelled", eie},
		"completed": {"active", eie},
		"rejected":  {eie},
		"cancelled": {eie},
	})
	checkLifecycle(t, allowed, careplan.GoalStatuses(), func(cur careplan.GoalStatus, h []carecoord.Transition, to careplan.GoalStatus, at time.Time) (careplan.GoalStatus, []carecoord.Transition, error) {
		g, err := careplan.TransitionGoal(careplan.Goal{Lifecycle: cur, History: h}, to, at, carecoord.Actor{Kind: carecoord.ActorPatient, ID: "pat-1"}, carecoord.Coding{})
		return g.Lifecycle, g.History, err
	})
}

func TestActivityLifecycle(t *testing.T) {
	// Spec §1.1, activity.detail.status table, plus unknown becoming anything once known.
	allowed := allowedFrom(map[careplan.ActivityStatus][]careplan.ActivityStatus{
		"not-started": {"scheduled", "in-progress", "cancelled", "on-hold", "unknown", eie},
		"scheduled":   {"in-progress", "not-started", "cancelled", "on-hold", eie},
		"in-progress": {"on-hold", "completed", "stopped", eie},
		"on-hold":     {"in-progress", "stopped", "cancelled", eie},
		"completed":   {eie},
		"cancelled":   {eie},
		"stopped":     {eie},
		"unknown":     {"not-started", "scheduled", "in-progress", "on-hold", "completed", "cancelled", "stopped", eie},
	})
	checkLifecycle(t, allowed, careplan.ActivityStatuses(), func(cur careplan.ActivityStatus, h []carecoord.Transition, to careplan.ActivityStatus, at time.Time) (careplan.ActivityStatus, []carecoord.Transition, error) {
		a, err := careplan.TransitionActivity(careplan.Activity{Status: cur, History: h}, to, at, carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-1"}, carecoord.Coding{})
		return a.Status, a.History, err
	})
}

func TestTeamLifecycle(t *testing.T) {
	// Spec §1.1, CareTeam.status table (reactivation of an inactive team allowed).
	allowed := allowedFrom(map[careplan.TeamStatus][]careplan.TeamStatus{
		"proposed":  {"active", "inactive", eie},
		"active":    {"suspended", "inactive", eie},
		"suspended": {"active", "inactive", eie},
		"inactive":  {"active", eie},
	})
	checkLifecycle(t, allowed, careplan.TeamStatuses(), func(cur careplan.TeamStatus, h []carecoord.Transition, to careplan.TeamStatus, at time.Time) (careplan.TeamStatus, []carecoord.Transition, error) {
		tm, err := careplan.TransitionTeam(careplan.CareTeam{Status: cur, History: h}, to, at, carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-1"}, carecoord.Coding{})
		return tm.Status, tm.History, err
	})
}

// The spec's Request vectors (§1.3) for CarePlan.
func TestPlanRequestVectors(t *testing.T) {
	by := carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-1"}
	at := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	p := careplan.CarePlan{Status: careplan.StatusDraft}
	var err error
	for i, to := range []careplan.Status{"active", "on-hold", "active", "completed"} {
		if p, err = careplan.Transition(p, to, at.Add(time.Duration(i)*time.Hour), by, carecoord.Coding{}); err != nil {
			t.Fatalf("draft -> active -> on-hold -> active -> completed: step %d: %v", i, err)
		}
	}
	if _, err := careplan.Transition(p, careplan.StatusActive, at.Add(5*time.Hour), by, carecoord.Coding{}); !errors.Is(err, carecoord.ErrTransition) {
		t.Errorf("completed -> active: error = %v, want ErrTransition", err)
	}
	active := careplan.CarePlan{Status: careplan.StatusActive}
	if _, err := careplan.Transition(active, careplan.StatusRevoked, at, by, carecoord.Coding{}); err != nil {
		t.Errorf("active -> revoked: %v", err)
	}
	if careplan.Intent("directive").IsValid() {
		t.Error(`CarePlan.intent "directive" must be invalid in R4`)
	}
}
