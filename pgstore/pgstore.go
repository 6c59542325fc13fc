package pgstore

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/careplan"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/medrec"
	"github.com/carecoord/carecoord/pgstore/internal/table"
	"github.com/carecoord/carecoord/referral"
	"github.com/carecoord/carecoord/sdoh"
	"github.com/carecoord/carecoord/transition"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// DB is what pgstore needs of a PostgreSQL connection. A *pgxpool.Pool is the usual choice (safe
// for concurrent use); a *pgx.Conn serves one goroutine at a time; a pgx.Tx makes every save part
// of the caller's transaction (Migrate then runs in a savepoint).
type DB interface {
	Begin(ctx context.Context) (pgx.Tx, error)
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Options configure [New]. The zero Options keeps the tables in the connection's search_path.
type Options struct {
	// Schema is the PostgreSQL schema that holds the tables; Migrate creates it if needed.
	// "" means the first schema of the connection's search_path (usually public).
	Schema string
}

// Stores is a PostgreSQL database holding the records of every domain Store. Create it with
// [New] and call [Stores.Migrate] before the first use; its stores are safe for concurrent use
// when the DB is (a pool is).
type Stores struct {
	db     DB
	schema string
}

// New returns the stores kept in db. It does not touch the database: call [Stores.Migrate].
func New(db DB, opts Options) *Stores {
	return &Stores{db: db, schema: opts.Schema}
}

// CarePlanStore is a [careplan.Store] on PostgreSQL, with its methods (Get, Save, History,
// List). Get one from [Stores.CarePlans]; the zero CarePlanStore is not usable.
type CarePlanStore struct {
	table.Typed[careplan.CarePlan, careplan.Query]
}

// ReferralStore is a [referral.Store] on PostgreSQL, with its methods (Get, Save, History,
// List). Get one from [Stores.Referrals]; the zero ReferralStore is not usable.
type ReferralStore struct {
	table.Typed[referral.Referral, referral.Query]
}

// ReconciliationStore is a [medrec.Store] on PostgreSQL, with its methods (Get, Save, History,
// List). Get one from [Stores.Reconciliations]; the zero ReconciliationStore is not usable.
type ReconciliationStore struct {
	table.Typed[medrec.Reconciliation, medrec.Query]
}

// ScreeningStore is an [sdoh.Store] on PostgreSQL, with its methods (Get, Save, History,
// List). Get one from [Stores.Screenings]; the zero ScreeningStore is not usable.
type ScreeningStore struct {
	table.Typed[sdoh.Response, sdoh.Query]
}

// TransitionStore is a [transition.Store] on PostgreSQL: its events and its checklists. Get one
// from [Stores.Transitions]; the zero TransitionStore is not usable.
type TransitionStore struct {
	events     table.Typed[transition.Event, transition.EventQuery]
	checklists table.Typed[transition.Checklist, transition.ChecklistQuery]
}

var (
	_ careplan.Store            = (*CarePlanStore)(nil)
	_ referral.Store            = (*ReferralStore)(nil)
	_ medrec.Store              = (*ReconciliationStore)(nil)
	_ sdoh.Store                = (*ScreeningStore)(nil)
	_ transition.Store          = (*TransitionStore)(nil)
	_ transition.EventStore     = table.Typed[transition.Event, transition.EventQuery]{}
	_ transition.ChecklistStore = table.Typed[transition.Checklist, transition.ChecklistQuery]{}
)

// Events returns the store of events.
func (s *TransitionStore) Events() transition.EventStore { return s.events }

// Checklists returns the store of checklists.
func (s *TransitionStore) Checklists() transition.ChecklistStore { return s.checklists }

// actor returns the kind and id columns' values of an actor (empty strings when it is zero).
func actor(a carecoord.Actor) (string, string) { return string(a.Kind), a.ID }

// sameActor adds the condition of Actor.SameAs on the columns prefix_kind and prefix_id, when a
// is set.
func sameActor(w *table.Where, prefix string, a carecoord.Actor) {
	if !a.IsZero() {
		w.And(prefix+"_kind = ? AND "+prefix+"_id = ?", string(a.Kind), a.ID)
	}
}

// CarePlans returns the store of care plans. Its List filters on the columns patient, status and
// coordinator (kind and id), ordered by id.
func (s *Stores) CarePlans() *CarePlanStore {
	t := table.New(s.db, s.schema, table.Config[careplan.CarePlan]{
		Record: "care plan",
		Table:  "care_plan",
		Columns: []table.Column[careplan.CarePlan]{
			{Name: "patient", Value: func(p *careplan.CarePlan) any { return string(p.Patient) }},
			{Name: "status", Value: func(p *careplan.CarePlan) any { return string(p.Status) }},
			{Name: "coordinator_kind", Value: func(p *careplan.CarePlan) any { k, _ := actor(p.Coordinator); return k }},
			{Name: "coordinator_id", Value: func(p *careplan.CarePlan) any { _, id := actor(p.Coordinator); return id }},
		},
		Meta:     func(p *careplan.CarePlan) *carecoord.Meta { return &p.Meta },
		Clone:    careplan.CarePlan.Clone,
		Validate: careplan.CarePlan.Validate,
	})
	return &CarePlanStore{table.NewTyped(t, func(q careplan.Query) table.Where {
		var w table.Where
		if q.Patient != "" {
			w.And("c.patient = ?", string(q.Patient))
		}
		sameActor(&w, "c.coordinator", q.Coordinator)
		if len(q.Statuses) > 0 {
			w.And("c.status = ANY(?)", table.Strings(q.Statuses))
		}
		return w
	})}
}

// Referrals returns the store of referrals. Its List filters on the columns patient, status,
// requester and performer (kind and id each); Open selects the statuses for which
// referral.Status.IsOpen is true, as this version of package referral defines them.
func (s *Stores) Referrals() *ReferralStore {
	t := table.New(s.db, s.schema, table.Config[referral.Referral]{
		Record: "referral",
		Table:  "referral",
		Columns: []table.Column[referral.Referral]{
			{Name: "patient", Value: func(r *referral.Referral) any { return string(r.Patient) }},
			{Name: "status", Value: func(r *referral.Referral) any { return string(r.Status) }},
			{Name: "requester_kind", Value: func(r *referral.Referral) any { k, _ := actor(r.Requester); return k }},
			{Name: "requester_id", Value: func(r *referral.Referral) any { _, id := actor(r.Requester); return id }},
			{Name: "performer_kind", Value: func(r *referral.Referral) any { k, _ := actor(r.Performer); return k }},
			{Name: "performer_id", Value: func(r *referral.Referral) any { _, id := actor(r.Performer); return id }},
		},
		Meta:     func(r *referral.Referral) *carecoord.Meta { return &r.Meta },
		Clone:    referral.Referral.Clone,
		Validate: referral.Referral.Validate,
	})
	var open []string
	for _, st := range referral.Statuses() {
		if st.IsOpen() {
			open = append(open, string(st))
		}
	}
	return &ReferralStore{table.NewTyped(t, func(q referral.Query) table.Where {
		var w table.Where
		if q.Patient != "" {
			w.And("c.patient = ?", string(q.Patient))
		}
		sameActor(&w, "c.requester", q.Requester)
		sameActor(&w, "c.performer", q.Performer)
		if len(q.Statuses) > 0 {
			w.And("c.status = ANY(?)", table.Strings(q.Statuses))
		}
		if q.Open {
			w.And("c.status = ANY(?)", slices.Clone(open))
		}
		return w
	})}
}

// Reconciliations returns the store of medication reconciliations. Its List filters on the
// columns patient, encounter (empty when not known), context and status.
func (s *Stores) Reconciliations() *ReconciliationStore {
	t := table.New(s.db, s.schema, table.Config[medrec.Reconciliation]{
		Record: "medication reconciliation",
		Table:  "medrec_reconciliation",
		Columns: []table.Column[medrec.Reconciliation]{
			{Name: "patient", Value: func(r *medrec.Reconciliation) any { return string(r.Patient) }},
			{Name: "encounter", Value: func(r *medrec.Reconciliation) any { return r.Encounter }},
			{Name: "context", Value: func(r *medrec.Reconciliation) any { return string(r.Context) }},
			{Name: "status", Value: func(r *medrec.Reconciliation) any { return string(r.Status) }},
		},
		Meta:     func(r *medrec.Reconciliation) *carecoord.Meta { return &r.Meta },
		Clone:    medrec.Reconciliation.Clone,
		Validate: medrec.Reconciliation.Validate,
	})
	return &ReconciliationStore{table.NewTyped(t, func(q medrec.Query) table.Where {
		var w table.Where
		if q.Patient != "" {
			w.And("c.patient = ?", string(q.Patient))
		}
		if q.Encounter != "" {
			w.And("c.encounter = ?", q.Encounter)
		}
		if len(q.Contexts) > 0 {
			w.And("c.context = ANY(?)", table.Strings(q.Contexts))
		}
		if len(q.Statuses) > 0 {
			w.And("c.status = ANY(?)", table.Strings(q.Statuses))
		}
		return w
	})}
}

// Screenings returns the store of SDOH screening responses. Its List filters on the columns
// patient, instrument and date (the day of the screening, a DATE).
func (s *Stores) Screenings() *ScreeningStore {
	t := table.New(s.db, s.schema, table.Config[sdoh.Response]{
		Record: "screening response",
		Table:  "sdoh_response",
		Columns: []table.Column[sdoh.Response]{
			{Name: "patient", Value: func(r *sdoh.Response) any { return string(r.Patient) }},
			{Name: "instrument", Value: func(r *sdoh.Response) any { return string(r.Instrument) }},
			{Name: "date", Value: func(r *sdoh.Response) any { return r.Date }},
		},
		Meta:     func(r *sdoh.Response) *carecoord.Meta { return &r.Meta },
		Clone:    sdoh.Response.Clone,
		Validate: sdoh.Response.Validate,
	})
	return &ScreeningStore{table.NewTyped(t, func(q sdoh.Query) table.Where {
		var w table.Where
		if q.Patient != "" {
			w.And("c.patient = ?", string(q.Patient))
		}
		if q.Instrument != "" {
			w.And("c.instrument = ?", string(q.Instrument))
		}
		if !q.From.IsZero() {
			w.And("c.date >= ?", q.From)
		}
		if !q.Through.IsZero() {
			w.And("c.date <= ?", q.Through)
		}
		return w
	})}
}

// Transitions returns the store of transition events and checklists. Both kinds of record hold
// a *time.Location that JSON does not carry: the store keeps its name (Zone) and restores it on
// every read with loadLocation, which is usually time.LoadLocation (import time/tzdata where the
// host has no time-zone database); each name is loaded once per TransitionStore.
//
// Events' List filters on the columns patient, kind, facility and primary care (kind and id
// each) and discharge_date, the local discharge day (Event.DischargeDate, NULL while the stay
// goes on) computed when the event is saved. Checklists' List filters on patient, event and
// purpose, and on two columns computed when the checklist is saved: open (a required item is
// still open) and open_owners (the roles that own an open item, required or not).
func (s *Stores) Transitions(loadLocation func(name string) (*time.Location, error)) *TransitionStore {
	z := &zones{load: loadLocation, cache: map[string]*time.Location{}}
	events := table.New(s.db, s.schema, table.Config[transition.Event]{
		Record: "transition event",
		Table:  "transition_event",
		Columns: []table.Column[transition.Event]{
			{Name: "patient", Value: func(e *transition.Event) any { return string(e.Patient) }},
			{Name: "kind", Value: func(e *transition.Event) any { return string(e.Kind) }},
			{Name: "facility_kind", Value: func(e *transition.Event) any { k, _ := actor(e.Facility); return k }},
			{Name: "facility_id", Value: func(e *transition.Event) any { _, id := actor(e.Facility); return id }},
			{Name: "primary_care_kind", Value: func(e *transition.Event) any { k, _ := actor(e.PrimaryCare); return k }},
			{Name: "primary_care_id", Value: func(e *transition.Event) any { _, id := actor(e.PrimaryCare); return id }},
			{Name: "discharge_date", Value: func(e *transition.Event) any { return e.DischargeDate() }},
		},
		Meta:     func(e *transition.Event) *carecoord.Meta { return &e.Meta },
		Clone:    transition.Event.Clone,
		Validate: transition.Event.Validate,
		Decode: func(e *transition.Event) (err error) {
			e.Location, err = z.get(e.Zone)
			return err
		},
	})
	checklists := table.New(s.db, s.schema, table.Config[transition.Checklist]{
		Record: "checklist",
		Table:  "transition_checklist",
		Columns: []table.Column[transition.Checklist]{
			{Name: "patient", Value: func(c *transition.Checklist) any { return string(c.Patient) }},
			{Name: "event", Value: func(c *transition.Checklist) any { return c.Event }},
			{Name: "purpose", Value: func(c *transition.Checklist) any { return string(c.Purpose) }},
			{Name: "open", Value: func(c *transition.Checklist) any { open, _ := openItems(c); return open }},
			{Name: "open_owners", Value: func(c *transition.Checklist) any { _, owners := openItems(c); return owners }},
		},
		Meta:     func(c *transition.Checklist) *carecoord.Meta { return &c.Meta },
		Clone:    transition.Checklist.Clone,
		Validate: transition.Checklist.Validate,
		Decode: func(c *transition.Checklist) (err error) {
			c.Location, err = z.get(c.Zone)
			return err
		},
	})
	return &TransitionStore{
		events: table.NewTyped(events, func(q transition.EventQuery) table.Where {
			var w table.Where
			if q.Patient != "" {
				w.And("c.patient = ?", string(q.Patient))
			}
			sameActor(&w, "c.facility", q.Facility)
			sameActor(&w, "c.primary_care", q.PrimaryCare)
			if len(q.Kinds) > 0 {
				w.And("c.kind = ANY(?)", table.Strings(q.Kinds))
			}
			if q.Discharged != (civil.Range{}) {
				if q.Discharged.IsEmpty() {
					w.And("false")
				} else {
					w.And("c.discharge_date BETWEEN ? AND ?", q.Discharged.Start, q.Discharged.End)
				}
			}
			return w
		}),
		checklists: table.NewTyped(checklists, func(q transition.ChecklistQuery) table.Where {
			var w table.Where
			if q.Patient != "" {
				w.And("c.patient = ?", string(q.Patient))
			}
			if q.Event != "" {
				w.And("c.event = ?", q.Event)
			}
			if len(q.Purposes) > 0 {
				w.And("c.purpose = ANY(?)", table.Strings(q.Purposes))
			}
			if q.Open {
				w.And("c.open")
			}
			if q.Owner != "" {
				w.And("c.open_owners @> ARRAY[?]::text[]", string(q.Owner))
			}
			return w
		}),
	}
}

// openItems reports whether a required item of c is open, and the roles that own an open
// item, sorted: what ChecklistQuery.Matches reads of the items.
func openItems(c *transition.Checklist) (bool, []string) {
	open, owners := false, []string{}
	for i := range c.Items {
		it := &c.Items[i]
		if !it.Status.IsOpen() {
			continue
		}
		open = open || it.Required
		if o := string(it.Owner); !slices.Contains(owners, o) {
			owners = append(owners, o)
		}
	}
	slices.Sort(owners)
	return open, owners
}

// zones loads each time zone once. It is safe for concurrent use.
type zones struct {
	load  func(string) (*time.Location, error)
	mu    sync.Mutex
	cache map[string]*time.Location
}

func (z *zones) get(name string) (*time.Location, error) {
	z.mu.Lock()
	defer z.mu.Unlock()
	if loc, ok := z.cache[name]; ok {
		return loc, nil
	}
	if z.load == nil {
		return nil, fmt.Errorf("no function to load time zones was given to Transitions")
	}
	loc, err := z.load(name)
	if err != nil {
		return nil, fmt.Errorf("time zone %q of a stored record: %w", name, err)
	}
	z.cache[name] = loc
	return loc, nil
}
