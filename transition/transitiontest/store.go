package transitiontest

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/internal/storetest"
	"github.com/carecoord/carecoord/transition"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// storeOpts compares records that went through a store, as a store may return them: instants
// in any zone and rounded to the microsecond (PostgreSQL keeps microseconds), empty slices for nil
// ones, and the location restored from its name. Each record is compared as its JSON with the
// instants so normalised: the JSON carries every field but the location (whose Zone it carries),
// and comparing two texts is far quicker than go-cmp's walk through every item of a checklist,
// which the rapid model sequence does after every step.
func storeOpts() cmp.Options {
	return cmp.Options{
		cmp.Transformer("json", func(e transition.Event) string {
			e = e.Clone()
			e.UpdatedAt, e.Admitted, e.Discharged = micro(e.UpdatedAt), micro(e.Admitted), micro(e.Discharged)
			return canonical(e)
		}),
		cmp.Transformer("json", func(c transition.Checklist) string {
			c = c.Clone()
			c.UpdatedAt = micro(c.UpdatedAt)
			for i := range c.Items {
				it := &c.Items[i]
				it.Start, it.Due, it.DoneAt = micro(it.Start), micro(it.Due), micro(it.DoneAt)
				for j := range it.History {
					it.History[j].At = micro(it.History[j].At)
				}
			}
			return canonical(c)
		}),
	}
}

// micro returns t in UTC, rounded to the microsecond.
func micro(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Round(time.Microsecond)
}

// canonical returns v's indented JSON, one field a line, so that a difference reads as lines.
func canonical(v any) string {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return "cannot encode: " + err.Error()
	}
	return string(b)
}

func eastern() *time.Location { return time.FixedZone("Etc/GMT+5", -5*3600) }

func saver() carecoord.Actor { return carecoord.Actor{Kind: carecoord.ActorDevice, ID: "adt-feed"} }

// event returns a valid discharge with this id, built afresh: discharged on day at 15:00 UTC−5
// to disposition, with two diagnoses (the slice a store must copy).
func event(id string, patient carecoord.PatientID, facility string, kind transition.Kind, day string, disp transition.Disposition) transition.Event {
	loc := eastern()
	dis := civil.MustParse(day).In(loc).Add(15 * time.Hour)
	e := transition.Event{
		Meta:        carecoord.Meta{ID: id, UpdatedAt: stamp(), UpdatedBy: saver()},
		Kind:        kind,
		Patient:     patient,
		Facility:    carecoord.Actor{Kind: carecoord.ActorOrganization, ID: facility},
		Setting:     transition.SettingAcuteInpatient,
		Admitted:    dis.Add(-72 * time.Hour),
		Discharged:  dis,
		Disposition: disp,
		Diagnoses: []carecoord.Coding{{System: carecoord.SystemICD10CM, Code: "I21.4"},
			{System: carecoord.SystemICD10CM, Code: "E11.9"}},
		PrimaryCare: carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "pcp-1"},
		Risk:        transition.RiskHigh,
	}.WithLocation(loc)
	switch kind {
	case transition.KindAdmission:
		e.Discharged, e.Disposition = time.Time{}, ""
	case transition.KindEDVisit:
		e.Setting = transition.SettingEmergencyDepartment
	case transition.KindObservation:
		e.Setting = transition.SettingObservation
	}
	return e
}

// checklist returns a valid checklist with this id, built afresh (its template compiled anew, so
// that nothing is shared with another call): the discharge template for event ev, the first item
// completed with evidence, the second waived, and so every slice a store must copy (items,
// prerequisites, accepted evidence kinds, evidence, histories).
func checklist(id string, ev transition.Event, spec transition.TemplateSpec) transition.Checklist {
	tpl, err := transition.NewTemplate(spec)
	if err != nil {
		panic(err) // the built-in templates are valid; TestTemplates checks them
	}
	c, err := transition.Instantiate(tpl, ev, civil.USFederal())
	if err != nil {
		panic(err)
	}
	by := carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-1"}
	// An item counted after the discharge cannot be done before it (transition.Complete).
	base := ev.Admitted
	if s := c.Items[0].Start; s.After(base) {
		base = s
	}
	c, err = transition.Complete(c, c.Items[0].Key, base.Add(time.Hour), by, EvidenceFor(c.Items[0], "ev-1")...)
	if err != nil {
		panic(err)
	}
	c, err = transition.Waive(c, c.Items[1].Key, base.Add(2*time.Hour), by, carecoord.Coding{System: "urn:example:waiver-reason", Code: "not-needed"})
	if err != nil {
		panic(err)
	}
	c.Meta = carecoord.Meta{ID: id, UpdatedAt: stamp(), UpdatedBy: saver()}
	return c
}

// TestStore checks that a transition.Store behaves as package transition expects, for events and
// for checklists: sentinels, optimistic concurrency, every version kept, no aliasing between the
// caller's values and the stored ones, validation, concurrent read-modify-write through
// carecoord.Update losing nothing, a rapid model sequence, List agreeing with the queries'
// Matches, and the location restored from the zone. newStore must return a new, empty Store on
// each call.
func TestStore(t *testing.T, newStore func(t *testing.T) transition.Store) {
	t.Run("Events", func(t *testing.T) {
		storetest.Run(t, storetest.Harness[transition.Event]{
			New: func(t *testing.T) storetest.Store[transition.Event] { return newStore(t).Events() },
			ListAll: func(ctx context.Context, s storetest.Store[transition.Event]) ([]transition.Event, error) {
				return s.(transition.EventStore).List(ctx, transition.EventQuery{})
			},
			Record: func(id string) transition.Event {
				return event(id, "pat-1", "hosp-a", transition.KindDischarge, "2025-08-29", transition.DispositionHome)
			},
			Change: func(e transition.Event, n int) transition.Event {
				e = e.Clone()
				e.Attending = carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "md-" + strconv.Itoa(n)}
				e.Diagnoses = append(e.Diagnoses, carecoord.Coding{System: carecoord.SystemICD10CM, Code: "I50.9"})
				return e
			},
			Scribble: func(e *transition.Event) {
				e.Diagnoses[0].Code = "Z99.9"
				e.Diagnoses[1].System = "urn:changed"
			},
			Invalid: func(id string) transition.Event {
				e := event(id, "pat-1", "hosp-a", transition.KindDischarge, "2025-08-29", transition.DispositionHome)
				e.Disposition = ""
				return e
			},
			Gen:  Event,
			Meta: func(e *transition.Event) *carecoord.Meta { return &e.Meta },
			Opts: storeOpts(),
		})
		t.Run("ListAgreesWithQueryMatches", func(t *testing.T) {
			s := newStore(t).Events()
			all := []transition.Event{
				event("e3", "pat-1", "hosp-a", transition.KindDischarge, "2025-08-29", transition.DispositionHome),
				event("e1", "pat-1", "hosp-b", transition.KindEDVisit, "2025-08-30", transition.DispositionHome),
				event("e2", "pat-2", "hosp-a", transition.KindTransfer, "2025-09-01", transition.DispositionShortTermHospital),
				event("e4", "pat-3", "hosp-a", transition.KindAdmission, "2025-09-02", ""),
				event("e5", "pat-3", "hosp-b", transition.KindObservation, "2025-09-02", transition.DispositionAdmittedHere),
			}
			all[1].PrimaryCare = carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "pcp-2"}
			hospA := carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "hosp-a"}
			queries := []transition.EventQuery{
				{},
				{Patient: "pat-1"},
				{Facility: hospA},
				{Facility: carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "hosp-a"}}, // same id, other kind
				{PrimaryCare: carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "pcp-2"}},
				{Kinds: []transition.Kind{transition.KindDischarge, transition.KindTransfer}},
				{Discharged: civil.Range{Start: civil.MustParse("2025-08-30"), End: civil.MustParse("2025-09-01")}},
				{Discharged: civil.Range{Start: civil.MustParse("2025-09-02"), End: civil.MustParse("2025-09-02")}}, // the admission has no discharge day
				{Patient: "pat-3", Facility: hospA},
				{Patient: "pat-9"},
			}
			storetest.ListAgrees(t, s, func(e *transition.Event) *carecoord.Meta { return &e.Meta }, all, queries, s.List, transition.EventQuery.Matches)
		})
	})
	t.Run("Checklists", func(t *testing.T) {
		home := event("enc-1", "pat-1", "hosp-a", transition.KindDischarge, "2025-08-29", transition.DispositionHome)
		storetest.Run(t, storetest.Harness[transition.Checklist]{
			New: func(t *testing.T) storetest.Store[transition.Checklist] { return newStore(t).Checklists() },
			ListAll: func(ctx context.Context, s storetest.Store[transition.Checklist]) ([]transition.Checklist, error) {
				return s.(transition.ChecklistStore).List(ctx, transition.ChecklistQuery{})
			},
			Record: func(id string) transition.Checklist { return checklist(id, home, transition.DischargeTemplate()) },
			Change: func(c transition.Checklist, n int) transition.Checklist {
				c = c.Clone()
				c.TemplateVersion = "local-" + strconv.Itoa(n)
				return c
			},
			Scribble: func(c *transition.Checklist) {
				c.Items[0].Key = "changed"
				c.Items[0].Accepts[0] = transition.EvidenceOrder
				c.Items[0].Evidence[0].Ref = "Communication/other"
				c.Items[0].History[0].By.ID = "someone-else"
				c.Items[8].Prerequisites[0] = "changed" // written-plan's first prerequisite
			},
			Invalid: func(id string) transition.Checklist {
				c := checklist(id, home, transition.DischargeTemplate())
				c.Patient = ""
				return c
			},
			// The model sequence compares every version after every step: the shorter built-in
			// templates keep it quick (the discharge template's sixteen items are in Record).
			Gen: func(id string) *rapid.Generator[transition.Checklist] {
				return ChecklistOf(id, transition.PostDischargeTemplate(transition.RiskHigh, transition.PostDischargeOptions{HomeVisits: true}),
					transition.TCMTemplate(transition.RiskModerate), transition.EDFollowUpTemplate(), transition.HandoffTemplate())
			},
			Meta: func(c *transition.Checklist) *carecoord.Meta { return &c.Meta },
			Opts: storeOpts(),
		})
		t.Run("ListAgreesWithQueryMatches", func(t *testing.T) {
			s := newStore(t).Checklists()
			snf := event("enc-2", "pat-2", "hosp-a", transition.KindDischarge, "2025-09-01", transition.DispositionSNF)
			admitted := event("enc-3", "pat-1", "hosp-a", transition.KindAdmission, "2025-09-02", "")
			all := []transition.Checklist{
				checklist("c3", home, transition.DischargeTemplate()),
				checklist("c1", home, transition.PostDischargeTemplate(transition.RiskHigh, transition.PostDischargeOptions{})),
				checklist("c2", snf, transition.HandoffTemplate()),
				checklist("c4", admitted, transition.DischargeTemplate()),
			}
			// c1: every required item done or waived but one, which is optional... make it closed.
			by := carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-1"}
			for _, it := range all[1].Items {
				if it.Status.IsOpen() {
					var err error
					all[1], err = transition.Complete(all[1], it.Key, home.Discharged.Add(24*time.Hour), by, EvidenceFor(it, "ev-x")...)
					if err != nil {
						t.Fatal(err)
					}
				}
			}
			queries := []transition.ChecklistQuery{
				{},
				{Patient: "pat-1"},
				{Event: "enc-1"},
				{Purposes: []transition.Purpose{transition.PurposeDischarge}},
				{Purposes: []transition.Purpose{transition.PurposePostDischarge, transition.PurposeHandoff}},
				{Open: true},
				{Owner: transition.RolePharmacist},
				{Owner: transition.RoleCareCoordinator},
				{Patient: "pat-1", Open: true, Owner: transition.RoleHospitalNurse},
				{Event: "enc-9"},
			}
			storetest.ListAgrees(t, s, func(c *transition.Checklist) *carecoord.Meta { return &c.Meta }, all, queries, s.List, transition.ChecklistQuery.Matches)
		})
	})
	t.Run("LocationRestored", func(t *testing.T) {
		// A store that serialises records must restore Location from Zone (time.LoadLocation):
		// the records it returns are valid as they are.
		ctx := t.Context()
		s := newStore(t)
		e := event("e1", "pat-1", "hosp-a", transition.KindDischarge, "2025-08-29", transition.DispositionHome)
		if _, err := s.Events().Save(ctx, e); err != nil {
			t.Fatal(err)
		}
		got, err := s.Events().Get(ctx, "e1")
		if err != nil {
			t.Fatal(err)
		}
		if err := got.Validate(); err != nil || got.DischargeDate() != e.DischargeDate() {
			t.Errorf("Get(event) returned an event that is not valid (%v) or has another discharge day (%s, want %s): restore Location from Zone",
				err, got.DischargeDate(), e.DischargeDate())
		}
		c := checklist("c1", e, transition.DischargeTemplate())
		if _, err := s.Checklists().Save(ctx, c); err != nil {
			t.Fatal(err)
		}
		gotC, err := s.Checklists().Get(ctx, "c1")
		if err != nil {
			t.Fatal(err)
		}
		if err := gotC.Validate(); err != nil {
			t.Errorf("Get(checklist) returned a checklist that is not valid (%v): restore Location from Zone", err)
		}
	})
}
