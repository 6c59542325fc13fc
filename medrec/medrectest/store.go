package medrectest

import (
	"context"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/internal/storetest"
	"github.com/carecoord/carecoord/medrec"
	"github.com/carecoord/carecoord/medrec/dosage"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// compareStored compares reconciliations that went through a store. Decimals compare with
// their Equal method (go-cmp's default for a type that has one), so a store may keep 2.50 as
// 2.5; instants may lose precision below a microsecond (PostgreSQL keeps microseconds); empty
// and nil slices are the same.
func compareStored() cmp.Options {
	return cmp.Options{cmpopts.EquateApproxTime(time.Microsecond), equateEmpty()}
}

// equateEmpty is cmpopts.EquateEmpty, made cheap: EquateEmpty's filter takes any two values,
// so go-cmp calls it through reflection on every node of a reconciliation, which made the
// model check of TestStore twice as slow; this one looks at the kind of a node first.
func equateEmpty() cmp.Option {
	return cmp.FilterPath(func(p cmp.Path) bool {
		if k := p.Last().Type().Kind(); k != reflect.Slice && k != reflect.Map {
			return false
		}
		x, y := p.Last().Values()
		return x.IsValid() && y.IsValid() && x.Len() == 0 && y.Len() == 0
	}, cmp.Ignore())
}

// stamp is the Meta of the fixed cases: saved in the afternoon by the reviewing pharmacist.
func stamp(id string) carecoord.Meta {
	return carecoord.Meta{ID: id, UpdatedAt: minute(8 * 60), UpdatedBy: pharmacist()}
}

// minute returns the instant m minutes after 2025-09-02T08:00:00.123456Z, the morning of the
// fixed cases' discharge: to the microsecond, which a store must keep.
func minute(m int) time.Time {
	return time.Date(2025, 9, 2, 8, 0, 0, 123456000, time.UTC).Add(time.Duration(m) * time.Minute)
}

// pharmacist is who reviews, decides and saves the fixed cases.
func pharmacist() carecoord.Actor {
	return carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "pharm-1"}
}

// must returns v, and panics if err is not nil: the fixed cases are built with package
// medrec's own functions from constant inputs, so an error is a bug in this file or there.
func must[T any](v T, err error) T {
	if err != nil {
		panic("medrectest: building a fixed case: " + err.Error())
	}
	return v
}

// entry returns an entry of medrec.FixtureTable's product code, resolved, with directions
// parsed from sig and, when given, the provenance of the records it was merged from.
func entry(id string, src medrec.Source, code, sig string, merged ...medrec.Provenance) medrec.Medication {
	m := medrec.Medication{ID: id, Source: src, Status: medrec.StatusActive, Sig: sig, Provenance: merged,
		Drug:   medrec.Drug{Code: carecoord.Coding{System: medrec.SystemFixtureDrug, Code: code}},
		Dosage: must(dosage.Parse(sig))}
	if src.IsOrder() {
		m.Status = medrec.StatusIntended
	}
	return must(medrec.Resolve(context.Background(), medrec.FixtureTable(), m))
}

// lists returns the two sides of the fixed cases, built afresh: a history of metformin (two
// pharmacy fills already merged), Zestril and a stopped digoxin (0.125 mg, a strength a store
// must keep to the last digit), and a discharge order of lisinopril 20 mg carried over from an
// inpatient order. The first entry of each side holds each slice a Medication has
// (ingredients, daily events and warnings from its sig, provenance), for Scribble to write
// through.
func lists() (before, after []medrec.Medication) {
	fill := func(id string, day string) medrec.Provenance {
		return medrec.Provenance{ID: id, Source: medrec.SourcePharmacyFill, Date: civil.MustParse(day)}
	}
	met := entry("h-met", medrec.SourcePharmacyFill, "SCD:MET500", "1.0 tab PO BID with meals",
		fill("h-met-1", "2025-07-21"), fill("h-met", "2025-08-20"))
	met.LastFill, met.DaysSupply = civil.MustParse("2025-08-20"), 30
	zes := entry("h-zes", medrec.SourcePatientReport, "SBD:ZES10", "1 tab PO qd",
		medrec.Provenance{ID: "h-zes", Source: medrec.SourcePatientReport})
	lis := entry("o-lis", medrec.SourceDischargeOrder, "SCD:LIS20", "1 tab PO qhs",
		medrec.Provenance{ID: "o-lis-ip", Source: medrec.SourceInpatientOrder, Date: civil.MustParse("2025-08-30")},
		medrec.Provenance{ID: "o-lis", Source: medrec.SourceDischargeOrder, Date: civil.MustParse("2025-09-02")})
	lis.Reason = "blood pressure above goal"
	dig := medrec.Medication{ID: "h-dig", Source: medrec.SourceOutsideRecord, Status: medrec.StatusStopped,
		Drug: medrec.Drug{Name: "Digoxin 0.125 mg tablet", Ingredients: []medrec.Ingredient{
			{Name: "digoxin", Strength: decimal.RequireFromString("0.125"), Unit: "mg"}}},
		Stop: civil.MustParse("2025-08-01"), Reason: "renal function"}
	return []medrec.Medication{met, zes, dig}, []medrec.Medication{lis}
}

// fixture returns a fixed discharge-style reconciliation with this id in status s: in
// progress with nothing decided; completed, with metformin continued (its omission was an
// error) and lisinopril modified, so that a decision holds a result and the reconciled list
// two entries; or entered in error while in progress.
func fixture(id string, patient carecoord.PatientID, encounter string, c medrec.Context, s medrec.SessionStatus) medrec.Reconciliation {
	before, after := lists()
	r := medrec.Reconciliation{Meta: stamp(id), Patient: patient, Context: c, Encounter: encounter,
		Before: before, After: after, Status: medrec.SessionInProgress}
	switch s {
	case medrec.SessionCompleted:
		r = must(medrec.Finish(decided(r), minute(30), pharmacist()))
	case medrec.SessionEnteredInError:
		r = must(medrec.Transition(r, medrec.SessionEnteredInError, minute(5), pharmacist(), carecoord.Coding{}))
	}
	return r
}

// decided returns r, whose sides are those of lists, with both its rows decided.
func decided(r medrec.Reconciliation) medrec.Reconciliation {
	result := entry("o-lis", medrec.SourceDischargeOrder, "SCD:LIS20", "1 tab PO qhs",
		medrec.Provenance{ID: "h-zes", Source: medrec.SourcePatientReport},
		medrec.Provenance{ID: "o-lis", Source: medrec.SourceDischargeOrder, Date: civil.MustParse("2025-09-02")})
	result.Status = medrec.StatusActive
	result.Reason = "blood pressure above goal"
	r = must(medrec.Decide(r, medrec.Decision{Row: "h-met>", Action: medrec.ActionContinue, Intent: medrec.IntentUnintentional,
		Reason: "omitted from the discharge orders in error", At: minute(10), By: pharmacist()}))
	return must(medrec.Decide(r, medrec.Decision{Row: "h-zes>o-lis", Action: medrec.ActionModify, Intent: medrec.IntentDocumented,
		Result: &result, At: minute(20), By: pharmacist()}))
}

// scribble writes through every slice m holds, and through the slice or pointer m is in. It
// writes what there is, so that a store that loses a slice fails a comparison instead of
// making the kit panic.
func scribble(m *medrec.Medication) {
	m.Status = medrec.StatusEnteredInError
	for i := range m.Drug.Ingredients {
		m.Drug.Ingredients[i].Strength = decimal.NewFromInt(999)
	}
	for i := range m.Dosage.Timing.When {
		m.Dosage.Timing.When[i] = dosage.WhenWake
	}
	for i := range m.Dosage.Warnings {
		m.Dosage.Warnings[i].Token = "changed"
	}
	for i := range m.Provenance {
		m.Provenance[i].ID = "changed"
	}
}

// TestStore checks that a medrec.Store behaves as package medrec expects: the checks every
// carecoord store passes (sentinels, optimistic concurrency, every version kept, no aliasing
// between the caller's values and the stored ones down to a decision's result, validation,
// concurrent read-modify-write through carecoord.Update, a rapid model sequence of generated
// reconciliations), List agreeing with Query.Matches for each query field, and List seeing
// the latest version. newStore must return a new, empty Store on each call.
func TestStore(t *testing.T, newStore func(t *testing.T) medrec.Store) {
	meta := func(r *medrec.Reconciliation) *carecoord.Meta { return &r.Meta }
	storetest.Run(t, storetest.Harness[medrec.Reconciliation]{
		New: func(t *testing.T) storetest.Store[medrec.Reconciliation] { return newStore(t) },
		ListAll: func(ctx context.Context, s storetest.Store[medrec.Reconciliation]) ([]medrec.Reconciliation, error) {
			return s.(medrec.Store).List(ctx, medrec.Query{})
		},
		Record: func(id string) medrec.Reconciliation {
			return fixture(id, "pat-1", "enc-1", medrec.ContextDischarge, medrec.SessionCompleted)
		},
		Change: func(r medrec.Reconciliation, n int) medrec.Reconciliation {
			r = r.Clone() // a late report of a finished course: history, so no new row
			r.Before = append(r.Before, medrec.Medication{ID: "late-" + strconv.Itoa(n), Source: medrec.SourceOutsideRecord,
				Drug: medrec.Drug{Name: "amoxicillin 500 mg"}, Status: medrec.StatusCompleted})
			return r
		},
		Scribble: func(r *medrec.Reconciliation) {
			for _, list := range [][]medrec.Medication{r.Before, r.After} {
				for i := range list {
					scribble(&list[i])
				}
			}
			for i := range r.Decisions {
				r.Decisions[i].Reason = "changed"
				if r.Decisions[i].Result != nil {
					scribble(r.Decisions[i].Result)
				}
			}
			for i := range r.History {
				r.History[i].By.ID = "someone-else"
			}
			for i := range r.Reconciled {
				scribble(&r.Reconciled[i].Medication)
			}
		},
		Invalid: func(id string) medrec.Reconciliation {
			r := fixture(id, "pat-1", "", medrec.ContextAdmission, medrec.SessionInProgress)
			r.After[0].ID = r.Before[0].ID // entry ids must be unique across both sides
			return r
		},
		// The model sequence compares every saved version after each step, which costs time in
		// proportion to the records' size: up to three entries a side keep it to seconds.
		Gen:  func(id string) *rapid.Generator[medrec.Reconciliation] { return reconciliationUpTo(id, 3) },
		Meta: meta,
		Opts: compareStored(),
	})
	t.Run("ListAgreesWithQueryMatches", func(t *testing.T) {
		s := newStore(t)
		in, done, voided := medrec.SessionInProgress, medrec.SessionCompleted, medrec.SessionEnteredInError
		all := []medrec.Reconciliation{
			fixture("m4", "pat-1", "enc-1", medrec.ContextDischarge, done),
			fixture("m2", "pat-1", "enc-1", medrec.ContextAdmission, in),
			fixture("m1", "pat-2", "enc-2", medrec.ContextTransfer, voided),
			fixture("m3", "pat-2", "", medrec.ContextPostDischarge, done),
			fixture("m5", "pat-3", "enc-1", medrec.ContextDischarge, in), // another patient's encounter id
		}
		queries := []medrec.Query{
			{},
			{Patient: "pat-1"},
			{Encounter: "enc-1"},
			{Encounter: "enc-2"},
			{Contexts: []medrec.Context{medrec.ContextDischarge}},
			{Contexts: []medrec.Context{medrec.ContextAdmission, medrec.ContextPostDischarge}},
			{Contexts: []medrec.Context{}}, // empty, not nil: no condition
			{Statuses: []medrec.SessionStatus{done}},
			{Statuses: []medrec.SessionStatus{in, voided}},
			{Statuses: []medrec.SessionStatus{}},
			{Patient: "pat-1", Encounter: "enc-1", Contexts: []medrec.Context{medrec.ContextDischarge}, Statuses: []medrec.SessionStatus{done}},
			{Patient: "pat-2", Encounter: "enc-1"},
			{Encounter: "enc-1", Statuses: []medrec.SessionStatus{in}},
			{Patient: "pat-9"},
			{Encounter: "enc-9"},
		}
		storetest.ListAgrees(t, s, meta, all, queries, s.List, medrec.Query.Matches)
	})
	t.Run("ListSeesTheLatestVersion", func(t *testing.T) {
		ctx := t.Context()
		s := newStore(t)
		if _, err := s.Save(ctx, fixture("m1", "pat-1", "enc-1", medrec.ContextDischarge, medrec.SessionInProgress)); err != nil {
			t.Fatal(err)
		}
		finished, err := carecoord.Update(ctx, s, "m1", minute(8*60+1), pharmacist(), func(r medrec.Reconciliation) (medrec.Reconciliation, error) {
			return medrec.Finish(decided(r), minute(30), pharmacist())
		})
		if err != nil {
			t.Fatalf("Update(finish m1): %v", err)
		}
		for _, q := range []struct {
			status medrec.SessionStatus
			want   []medrec.Reconciliation
		}{{medrec.SessionInProgress, nil}, {medrec.SessionCompleted, []medrec.Reconciliation{finished}}} {
			got, err := s.List(ctx, medrec.Query{Statuses: []medrec.SessionStatus{q.status}})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(q.want, got, compareStored()); diff != "" {
				t.Errorf("List(%s) after finishing mismatch (-want +got):\n%s", q.status, diff)
			}
		}
	})
}
