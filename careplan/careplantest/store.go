package careplantest

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/careplan"
	"github.com/carecoord/carecoord/civil"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
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
// stored ones, validation, List agreeing with Query.Matches, a rapid model sequence, and
// concurrent read-modify-write through carecoord.Update losing nothing. newStore must return a
// new, empty Store on each call.
func TestStore(t *testing.T, newStore func(t *testing.T) careplan.Store) {
	t.Run("GetMissing", func(t *testing.T) {
		s := newStore(t)
		if _, err := s.Get(t.Context(), "nope"); !errors.Is(err, carecoord.ErrNotFound) {
			t.Errorf("Get(missing) error = %v, want one wrapping carecoord.ErrNotFound", err)
		}
		if _, err := s.History(t.Context(), "nope"); !errors.Is(err, carecoord.ErrNotFound) {
			t.Errorf("History(missing) error = %v, want one wrapping carecoord.ErrNotFound", err)
		}
	})
	t.Run("SaveThenGet", func(t *testing.T) {
		s := newStore(t)
		in := plan("p1", "pat-1", careplan.StatusActive, who())
		saved, err := s.Save(t.Context(), in)
		if err != nil {
			t.Fatalf("Save(new): %v", err)
		}
		want := in
		want.Version = 1
		if diff := cmp.Diff(want, saved, storeOpts()); diff != "" {
			t.Errorf("Save(new) result mismatch (-want +got):\n%s", diff)
		}
		got, err := s.Get(t.Context(), "p1")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got, storeOpts()); diff != "" {
			t.Errorf("Get after Save mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("CreateTwiceConflicts", func(t *testing.T) {
		s := newStore(t)
		mustSave(t, s, plan("p1", "pat-1", careplan.StatusActive, who()))
		if _, err := s.Save(t.Context(), plan("p1", "pat-2", careplan.StatusDraft, who())); !errors.Is(err, carecoord.ErrConflict) {
			t.Errorf("Save(version 0 of an existing id) error = %v, want ErrConflict", err)
		}
	})
	t.Run("StaleSaveConflicts", func(t *testing.T) {
		s := newStore(t)
		v1 := mustSave(t, s, plan("p1", "pat-1", careplan.StatusActive, who()))
		a, b := v1.Clone(), v1.Clone()
		a.Title, b.Title = "first writer", "second writer"
		mustSave(t, s, a)
		if _, err := s.Save(t.Context(), b); !errors.Is(err, carecoord.ErrConflict) {
			t.Errorf("Save from a stale version error = %v, want ErrConflict", err)
		}
		got, _ := s.Get(t.Context(), "p1")
		if got.Title != "first writer" || got.Version != 2 {
			t.Errorf("after a conflict the store holds %q at version %d; the loser must not overwrite", got.Title, got.Version)
		}
		never := plan("p9", "pat-1", careplan.StatusActive, who())
		never.Version = 3
		if _, err := s.Save(t.Context(), never); !errors.Is(err, carecoord.ErrNotFound) {
			t.Errorf("Save(version 3 of a plan never saved) error = %v, want ErrNotFound", err)
		}
	})
	t.Run("HistoryKeepsEveryVersion", func(t *testing.T) {
		s := newStore(t)
		p := mustSave(t, s, plan("p1", "pat-1", careplan.StatusDraft, who()))
		var err error
		p, err = careplan.Transition(p, careplan.StatusActive, at0().Add(time.Hour), who(), carecoord.Coding{})
		if err != nil {
			t.Fatal(err)
		}
		p.UpdatedAt = at0().Add(time.Hour)
		p = mustSave(t, s, p)
		p.Title = "renamed"
		p.UpdatedAt = at0().Add(2 * time.Hour)
		mustSave(t, s, p)
		h, err := s.History(t.Context(), "p1")
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			Version int64
			Status  careplan.Status
			Title   string
			Hours   int
		}
		var got []row
		for _, v := range h {
			got = append(got, row{v.Version, v.Status, v.Title, int(v.UpdatedAt.Sub(at0()) / time.Hour)})
		}
		want := []row{{1, careplan.StatusDraft, "", 0}, {2, careplan.StatusActive, "", 1}, {3, careplan.StatusActive, "renamed", 2}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("History mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("NoAliasing", func(t *testing.T) {
		s := newStore(t)
		fixture := func() careplan.CarePlan {
			p := plan("p1", "pat-1", careplan.StatusActive, who())
			p.Addresses = []carecoord.Coding{{System: carecoord.SystemICD10CM, Code: "E11.9"}}
			return p
		}
		in := fixture()
		saved := mustSave(t, s, in)
		want := fixture() // built afresh: a copy made by the code under test could share its bugs
		want.Version = 1
		scribble := func(p *careplan.CarePlan) {
			p.Addresses[0].Code = "X"
			p.Goals[0].Text = "changed"
			p.Activities[0].Goals[0] = "g9"
			p.Activities[0].Schedules[0].Schedule.Weekdays[0] = time.Friday
			p.Activities[0].Schedules[0].Schedule.Times[0].Hour = 23
			p.Activities[0].Outcomes[0].Status = careplan.OutcomeMissed
			p.Team.Participants[0].Member.ID = "someone-else"
			p.Team.History[0].By.ID = "someone-else"
			p.Goals[0].Targets[0].Unit = "mmol/mol"
		}
		scribble(&in)
		scribble(&saved)
		got, _ := s.Get(t.Context(), "p1")
		scribble(&got)
		h, _ := s.History(t.Context(), "p1")
		scribble(&h[0])
		l, _ := s.List(t.Context(), careplan.Query{})
		scribble(&l[0])
		for name, read := range map[string]func() careplan.CarePlan{
			"Get":     func() careplan.CarePlan { p, _ := s.Get(t.Context(), "p1"); return p },
			"History": func() careplan.CarePlan { h, _ := s.History(t.Context(), "p1"); return h[0] },
			"List":    func() careplan.CarePlan { l, _ := s.List(t.Context(), careplan.Query{}); return l[0] },
		} {
			if diff := cmp.Diff(want, read(), storeOpts()); diff != "" {
				t.Errorf("%s after the caller changed its copies (-want +got):\n%s", name, diff)
			}
		}
	})
	t.Run("InvalidIsRejected", func(t *testing.T) {
		s := newStore(t)
		bad := plan("p1", "", "", who())
		if _, err := s.Save(t.Context(), bad); !errors.Is(err, carecoord.ErrInvalid) {
			t.Errorf("Save(invalid plan) error = %v, want ErrInvalid", err)
		}
		noMeta := plan("p2", "pat-1", careplan.StatusActive, who())
		noMeta.UpdatedBy = carecoord.Actor{}
		if _, err := s.Save(t.Context(), noMeta); !errors.Is(err, carecoord.ErrInvalid) {
			t.Errorf("Save(plan with no UpdatedBy) error = %v, want ErrInvalid", err)
		}
		if l, _ := s.List(t.Context(), careplan.Query{}); len(l) != 0 {
			t.Errorf("an invalid plan was stored: List has %d", len(l))
		}
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
		for _, p := range all {
			mustSave(t, s, p)
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
		for _, q := range queries {
			got, err := s.List(t.Context(), q)
			if err != nil {
				t.Fatalf("List(%+v): %v", q, err)
			}
			var gotIDs, wantIDs []string
			for _, p := range got {
				gotIDs = append(gotIDs, p.ID)
			}
			for _, p := range all {
				if q.Matches(p) {
					wantIDs = append(wantIDs, p.ID)
				}
			}
			slices.Sort(wantIDs)
			if diff := cmp.Diff(wantIDs, gotIDs, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("List(%+v) ids mismatch (-want +got):\n%s", q, diff)
			}
		}
	})
	t.Run("ConcurrentUpdatesLoseNothing", func(t *testing.T) {
		s := newStore(t)
		mustSave(t, s, plan("p1", "pat-1", careplan.StatusActive, who()))
		const workers, writes = 8, 10
		var wg sync.WaitGroup
		errs := make(chan error, workers*writes)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				by := carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "writer-" + string(rune('a'+w))}
				for i := range writes {
					_, err := carecoord.Update(t.Context(), s, "p1", at0().Add(time.Duration(i)*time.Minute), by,
						func(p careplan.CarePlan) (careplan.CarePlan, error) {
							p.Addresses = append(p.Addresses, carecoord.Coding{System: carecoord.SystemICD10CM, Code: "Z59.41"})
							return p, nil
						})
					if err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		got, _ := s.Get(t.Context(), "p1")
		if got.Version != workers*writes+1 || len(got.Addresses) != workers*writes {
			t.Errorf("after %d updates: version %d with %d addresses", workers*writes, got.Version, len(got.Addresses))
		}
	})
	t.Run("Model", func(t *testing.T) {
		rapid.Check(t, func(rt *rapid.T) { runModel(rt, newStore(t)) })
	})
}

// runModel drives s with a rapid sequence of creates, updates from current and stale
// versions, and reads, against a map of the versions each id should have.
func runModel(t *rapid.T, s careplan.Store) {
	ctx := context.Background()
	model := map[string][]careplan.CarePlan{}
	ids := rapid.SampledFrom([]string{"p1", "p2", "p3"})
	t.Repeat(map[string]func(*rapid.T){
		"create": func(t *rapid.T) {
			id := ids.Draw(t, "id")
			p := Plan(id).Draw(t, "plan")
			_, err := s.Save(ctx, p)
			if _, exists := model[id]; exists {
				if !errors.Is(err, carecoord.ErrConflict) {
					t.Fatalf("create of existing %s: error = %v, want ErrConflict", id, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("create %s: %v", id, err)
			}
			p.Version = 1
			model[id] = []careplan.CarePlan{p}
		},
		"update": func(t *rapid.T) {
			id := ids.Draw(t, "id")
			vs, ok := model[id]
			if !ok {
				t.Skip("no such plan")
			}
			base := rapid.IntRange(0, len(vs)-1).Draw(t, "base")
			next := Plan(id).Draw(t, "content")
			next.Version = vs[base].Version
			_, err := s.Save(ctx, next)
			if base != len(vs)-1 {
				if !errors.Is(err, carecoord.ErrConflict) {
					t.Fatalf("save of %s from stale version %d: error = %v, want ErrConflict", id, vs[base].Version, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("save of %s: %v", id, err)
			}
			next.Version++
			model[id] = append(vs, next)
		},
		"": func(t *rapid.T) {
			for id, vs := range model {
				got, err := s.Get(ctx, id)
				if err != nil {
					t.Fatalf("Get(%s): %v", id, err)
				}
				if diff := cmp.Diff(vs[len(vs)-1], got, storeOpts()); diff != "" {
					t.Fatalf("Get(%s) mismatch (-model +store):\n%s", id, diff)
				}
				h, err := s.History(ctx, id)
				if err != nil || len(h) != len(vs) {
					t.Fatalf("History(%s) has %d versions, %v; model has %d", id, len(h), err, len(vs))
				}
			}
			l, err := s.List(ctx, careplan.Query{})
			if err != nil || len(l) != len(model) {
				t.Fatalf("List = %d plans, %v; model has %d", len(l), err, len(model))
			}
		},
	})
}

func mustSave(t *testing.T, s careplan.Store, p careplan.CarePlan) careplan.CarePlan {
	t.Helper()
	saved, err := s.Save(t.Context(), p)
	if err != nil {
		t.Fatalf("Save(%s v%d): %v", p.ID, p.Version, err)
	}
	return saved
}
