package careplan

import (
	"context"
	"slices"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/internal/memstore"
)

// A Store keeps care plans, every version of them. Test an implementation with
// careplantest.TestStore; [NewMemStore] is the in-memory one.
type Store interface {
	// Get returns the latest version of the plan with this id, or an error wrapping
	// carecoord.ErrNotFound.
	Get(ctx context.Context, id string) (CarePlan, error)
	// Save stores p as a new version if p.Version is the stored version (0: the plan must not
	// exist yet) and returns it with Version advanced by one; otherwise it writes nothing and
	// returns an error wrapping carecoord.ErrConflict (or carecoord.ErrNotFound for a version
	// n > 0 of a plan never saved). An invalid plan or Meta is an error matching
	// carecoord.ErrInvalid.
	Save(ctx context.Context, p CarePlan) (CarePlan, error)
	// History returns every saved version of the plan, oldest first, or an error wrapping
	// carecoord.ErrNotFound.
	History(ctx context.Context, id string) ([]CarePlan, error)
	// List returns the latest version of every plan that matches q, ordered by id.
	List(ctx context.Context, q Query) ([]CarePlan, error)
}

// A Query selects care plans. Every field that is set must match; the zero Query matches
// every plan.
type Query struct {
	// Patient, if set, selects that patient's plans.
	Patient carecoord.PatientID
	// Coordinator, if set, selects the plans it coordinates (same Kind and ID).
	Coordinator carecoord.Actor
	// Statuses, if set, selects plans in any of these statuses.
	Statuses []Status
}

// Matches reports whether p is selected by q. Store implementations may use it; their List
// must agree with it.
func (q Query) Matches(p CarePlan) bool {
	return (q.Patient == "" || p.Patient == q.Patient) &&
		(q.Coordinator.IsZero() || p.Coordinator.SameAs(q.Coordinator)) &&
		(len(q.Statuses) == 0 || slices.Contains(q.Statuses, p.Status))
}

// MemStore is the in-memory [Store]: every version of every care plan, copied in and out, safe
// for concurrent use, with the methods of [Store] (Get, Save, History, List). Create one with
// [NewMemStore]; the zero MemStore is not usable.
type MemStore struct {
	memstore.Typed[CarePlan, Query]
}

var _ Store = (*MemStore)(nil)

// NewMemStore returns an empty in-memory Store. It validates care plans before saving them.
func NewMemStore() *MemStore {
	return &MemStore{memstore.NewTyped[CarePlan, Query](memstore.Config[CarePlan]{
		Record:   "care plan",
		Meta:     func(p *CarePlan) *carecoord.Meta { return &p.Meta },
		Clone:    CarePlan.Clone,
		Validate: CarePlan.Validate,
	})}
}
