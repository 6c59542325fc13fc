package careplantest

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/careplan"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/internal/storetest"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
)

// storeOpts compares plans that went through a store: instants may lose precision below a
// microsecond (PostgreSQL keeps microseconds), and empty and nil slices are the same.
func storeOpts() cmp.Options {
	return cmp.Options{cmpopts.EquateApproxTime(time.Microsecond), cmpopts.EquateEmpty()}
}

// at0 is the instant the fixed cases start at; who is the practitioner who saves them.
const at0Unix = 1756728000 // 2025-09-01T12:00:00Z

func at0() time.Time { return time.Unix(at0Unix, 0).UTC() }

func who() carecoord.Actor { return carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-1"} }

// plan returns a small valid plan with this id, for the fixed cases.
func plan(id string, patient carecoord.PatientID, status careplan.Status, coordinator carecoord.Actor) careplan.CarePlan {
	start := civil.MustParse("2025-09-01") // a Monday
	return careplan.CarePlan{
		Meta:        carecoord.Meta{ID: id, UpdatedAt: at0(), UpdatedBy: who()},
		Patient:     patient,
		Status:      status,
		Intent:      careplan.IntentPlan,
		Coordinator: coordinator,
		Team: careplan.CareTeam{Status: careplan.TeamActive, Participants: []careplan.Participant{{Member: who()}},
			History: []carecoord.Transition{{From: string(careplan.TeamProposed), To: string(careplan.TeamActive), At: at0(), By: who()}}},
		Goals: []careplan.Goal{{ID: "g1", Text: "HbA1c below 8%", Lifecycle: careplan.GoalActive,
			Targets: []careplan.Target{{Measure: carecoord.Coding{System: carecoord.SystemLOINC, Code: "4548-4"},
				High: decimal.NewNullDecimal(decimal.RequireFromString("8.0")), HighExclusive: true, Unit: "%"}}}},
		Activities: []careplan.Activity{{ID: "a1", Kind: careplan.KindMonitoring, Status: careplan.ActivityInProgress,
			Goals: []string{"g1"}, Performer: carecoord.Actor{Kind: carecoord.ActorPatient, ID: string(patient)},
			Schedules: careplan.Schedules{{From: start, Schedule: careplan.Schedule{Start: start, Every: 1, Unit: careplan.Weekly,
				Weekdays: []time.Weekday{time.Monday}, Times: []careplan.TimeOfDay{{Hour: 8}}}}},
			Outcomes: []careplan.Outcome{{Occurrence: careplan.Occurrence{Date: start, Time: careplan.TimeOfDay{Hour: 8}, Timed: true},
				Status: careplan.OutcomeCompleted, At: at0(), By: who(), Value: decimal.NewNullDecimal(decimal.RequireFromString("7.9")), Unit: "%"}},
		}},
	}
}

// TestStore checks that a careplan.Store behaves as package careplan expects: sentinels,
// optimistic concurrency, every version kept, no aliasing between the caller's values and the
// stored ones, validation, concurrent read-modify-write through carecoord.Update losing nothing,
// a rapid model sequence, and List agreeing with Query.Matches. newStore must return a new,
// empty Store on each call.
func TestStore(t *testing.T, newStore func(t *testing.T) careplan.Store) {
	storetest.Run(t, storetest.Harness[careplan.CarePlan]{
		New: func(t *testing.T) storetest.Store[careplan.CarePlan] { return newStore(t) },
		ListAll: func(ctx context.Context, s storetest.Store[careplan.CarePlan]) ([]careplan.CarePlan, error) {
			return s.(careplan.Store).List(ctx, careplan.Query{})
		},
		Record: func(id string) careplan.CarePlan {
			p := plan(id, "pat-1", careplan.StatusActive, who())
			p.Addresses = []carecoord.Coding{{System: carecoord.SystemICD10CM, Code: "E11.9"}}
			return p
		},
		Change: func(p careplan.CarePlan, n int) careplan.CarePlan {
			p = p.Clone()
			p.Title = "version " + strconv.Itoa(n)
			p.Addresses = append(p.Addresses, carecoord.Coding{System: carecoord.SystemICD10CM, Code: "Z59.41"})
			return p
		},
		Scribble: func(p *careplan.CarePlan) {
			p.Addresses[0].Code = "X"
			p.Goals[0].Text = "changed"
			p.Activities[0].Goals[0] = "g9"
			p.Activities[0].Schedules[0].Schedule.Weekdays[0] = time.Friday
			p.Activities[0].Schedules[0].Schedule.Times[0].Hour = 23
			p.Activities[0].Outcomes[0].Status = careplan.OutcomeMissed
			p.Team.Participants[0].Member.ID = "someone-else"
			p.Team.History[0].By.ID = "someone-else"
			p.Goals[0].Targets[0].Unit = "mmol/mol"
		},
		Invalid: func(id string) careplan.CarePlan { return plan(id, "", "", who()) },
		Gen:     Plan,
		Meta:    func(p *careplan.CarePlan) *carecoord.Meta { return &p.Meta },
		Opts:    storeOpts(),
	})
	t.Run("ListAgreesWithQueryMatches", func(t *testing.T) {
		s := newStore(t)
		rn1, rn2 := who(), carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-2"}
		all := []careplan.CarePlan{
			plan("p3", "pat-1", careplan.StatusActive, rn1),
			plan("p1", "pat-1", careplan.StatusDraft, rn2),
			plan("p2", "pat-2", careplan.StatusActive, rn2),
			plan("p4", "pat-3", careplan.StatusCompleted, carecoord.Actor{}),
		}
		queries := []careplan.Query{
			{},
			{Patient: "pat-1"},
			{Coordinator: rn2},
			{Coordinator: carecoord.Actor{Kind: carecoord.ActorRelatedPerson, ID: "rn-2"}}, // same id, other kind
			{Statuses: []careplan.Status{careplan.StatusActive}},
			{Statuses: []careplan.Status{careplan.StatusActive, careplan.StatusCompleted}},
			{Patient: "pat-1", Statuses: []careplan.Status{careplan.StatusActive}},
			{Patient: "pat-9"},
		}
		storetest.ListAgrees(t, s, func(p *careplan.CarePlan) *carecoord.Meta { return &p.Meta }, all, queries, s.List, careplan.Query.Matches)
	})
}
