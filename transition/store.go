package transition

import (
	"context"
	"slices"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/internal/memstore"
)

// A Store keeps the package's two aggregates, each with every version of every record: events,
// written by the hospital's ADT feed, and checklists, written by coordinators. They are saved
// apart, so a discharge update and a completed call never conflict with each other. Test an
// implementation with transitiontest.TestStore; [NewMemStore] is the in-memory one.
//
// Both kinds of record hold a *time.Location that is not serialised: a database keeps their Zone
// and restores Location with time.LoadLocation(Zone) on the way out (Validate requires it).
type Store interface {
	Events() EventStore
	Checklists() ChecklistStore
}

// An EventStore keeps events, every version of them.
type EventStore interface {
	// Get returns the latest version of the event with this id, or an error wrapping
	// carecoord.ErrNotFound.
	Get(ctx context.Context, id string) (Event, error)
	// Save stores e as a new version if e.Version is the stored version (0: the event must not
	// exist yet) and returns it with Version advanced by one; otherwise it writes nothing and
	// returns an error wrapping carecoord.ErrConflict (or carecoord.ErrNotFound for a version
	// n > 0 of an event never saved). An invalid event or Meta is an error matching
	// carecoord.ErrInvalid.
	Save(ctx context.Context, e Event) (Event, error)
	// History returns every saved version of the event, oldest first, or an error wrapping
	// carecoord.ErrNotFound.
	History(ctx context.Context, id string) ([]Event, error)
	// List returns the latest version of every event that matches q, ordered by id.
	List(ctx context.Context, q EventQuery) ([]Event, error)
}

// A ChecklistStore keeps checklists, every version of them, with the methods and rules of
// [EventStore].
type ChecklistStore interface {
	Get(ctx context.Context, id string) (Checklist, error)
	Save(ctx context.Context, c Checklist) (Checklist, error)
	History(ctx context.Context, id string) ([]Checklist, error)
	List(ctx context.Context, q ChecklistQuery) ([]Checklist, error)
}

// An EventQuery selects events. Every field that is set must match; the zero EventQuery matches
// every event.
type EventQuery struct {
	// Patient, if set, selects that patient's events.
	Patient carecoord.PatientID
	// Facility and PrimaryCare, if set, select the events at that facility, or whose primary
	// care practice it is (same Kind and ID).
	Facility    carecoord.Actor
	PrimaryCare carecoord.Actor
	// Kinds, if set, selects events of any of these kinds.
	Kinds []Kind
	// Discharged, if set (not the zero Range), selects events whose local discharge day
	// ([Event.DischargeDate]) is in it, both ends included: "yesterday's discharges".
	Discharged civil.Range
}

// Matches reports whether e is selected by q. Store implementations may use it; their List must
// agree with it.
func (q EventQuery) Matches(e Event) bool {
	return (q.Patient == "" || e.Patient == q.Patient) &&
		(q.Facility.IsZero() || e.Facility.SameAs(q.Facility)) &&
		(q.PrimaryCare.IsZero() || e.PrimaryCare.SameAs(q.PrimaryCare)) &&
		(len(q.Kinds) == 0 || slices.Contains(q.Kinds, e.Kind)) &&
		(q.Discharged == civil.Range{} || q.Discharged.Contains(e.DischargeDate()))
}

// A ChecklistQuery selects checklists. Every field that is set must match; the zero
// ChecklistQuery matches every checklist.
type ChecklistQuery struct {
	// Patient and Event, if set, select that patient's checklists, or that event's.
	Patient carecoord.PatientID
	Event   string
	// Purposes, if set, selects checklists of any of these purposes.
	Purposes []Purpose
	// Open, if true, selects checklists with a required item still open (ready or in progress).
	Open bool
	// Owner, if set, selects checklists with an open item (required or not) that this role owns:
	// a role's worklist.
	Owner Role
}

// Matches reports whether c is selected by q. Store implementations may use it; their List must
// agree with it.
func (q ChecklistQuery) Matches(c Checklist) bool {
	if (q.Patient != "" && c.Patient != q.Patient) || (q.Event != "" && c.Event != q.Event) ||
		(len(q.Purposes) > 0 && !slices.Contains(q.Purposes, c.Purpose)) {
		return false
	}
	open, owned := false, false
	for i := range c.Items {
		it := &c.Items[i]
		if !it.Status.IsOpen() {
			continue
		}
		open = open || it.Required
		owned = owned || it.Owner == q.Owner
	}
	return (!q.Open || open) && (q.Owner == "" || owned)
}

// MemStore is the in-memory [Store]: every version of every event and checklist, copied in and
// out, safe for concurrent use. Create one with [NewMemStore]; the zero MemStore is not usable.
type MemStore struct {
	events     memstore.Typed[Event, EventQuery]
	checklists memstore.Typed[Checklist, ChecklistQuery]
}

var (
	_ Store          = (*MemStore)(nil)
	_ EventStore     = memstore.Typed[Event, EventQuery]{}
	_ ChecklistStore = memstore.Typed[Checklist, ChecklistQuery]{}
)

// NewMemStore returns an empty in-memory Store. It validates events and checklists before saving
// them.
func NewMemStore() *MemStore {
	return &MemStore{
		events: memstore.NewTyped[Event, EventQuery](memstore.Config[Event]{
			Record:   "transition event",
			Meta:     func(e *Event) *carecoord.Meta { return &e.Meta },
			Clone:    Event.Clone,
			Validate: Event.Validate,
		}),
		checklists: memstore.NewTyped[Checklist, ChecklistQuery](memstore.Config[Checklist]{
			Record:   "checklist",
			Meta:     func(c *Checklist) *carecoord.Meta { return &c.Meta },
			Clone:    Checklist.Clone,
			Validate: Checklist.Validate,
		}),
	}
}

// Events returns the store of events.
func (s *MemStore) Events() EventStore { return s.events }

// Checklists returns the store of checklists.
func (s *MemStore) Checklists() ChecklistStore { return s.checklists }
