package medrec

import (
	"context"
	"slices"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/internal/memstore"
)

// A Store keeps medication reconciliations, every version of them. Test an implementation
// with medrectest.TestStore; [NewMemStore] is the in-memory one.
type Store interface {
	// Get returns the latest version of the reconciliation with this id, or an error wrapping
	// carecoord.ErrNotFound.
	Get(ctx context.Context, id string) (Reconciliation, error)
	// Save stores r as a new version if r.Version is the stored version (0: it must not exist
	// yet) and returns it with Version advanced by one; otherwise it writes nothing and
	// returns an error wrapping carecoord.ErrConflict (or carecoord.ErrNotFound for a version
	// n > 0 of a reconciliation never saved). An invalid record or Meta is an error matching
	// carecoord.ErrInvalid.
	Save(ctx context.Context, r Reconciliation) (Reconciliation, error)
	// History returns every saved version, oldest first, or an error wrapping
	// carecoord.ErrNotFound.
	History(ctx context.Context, id string) ([]Reconciliation, error)
	// List returns the latest version of every reconciliation that matches q, ordered by id.
	List(ctx context.Context, q Query) ([]Reconciliation, error)
}

// A Query selects reconciliations. Every field that is set must match; the zero Query
// matches every reconciliation.
type Query struct {
	// Patient, if set, selects that patient's reconciliations.
	Patient carecoord.PatientID
	// Encounter, if set, selects those of that encounter.
	Encounter string
	// Contexts, if set, selects those at any of these transitions.
	Contexts []Context
	// Statuses, if set, selects those in any of these statuses.
	Statuses []SessionStatus
}

// Matches reports whether r is selected by q. Store implementations may use it; their List
// must agree with it.
func (q Query) Matches(r Reconciliation) bool {
	return (q.Patient == "" || r.Patient == q.Patient) &&
		(q.Encounter == "" || r.Encounter == q.Encounter) &&
		(len(q.Contexts) == 0 || slices.Contains(q.Contexts, r.Context)) &&
		(len(q.Statuses) == 0 || slices.Contains(q.Statuses, r.Status))
}

// MemStore is the in-memory [Store]: every version of every reconciliation, copied in and out,
// safe for concurrent use, with the methods of [Store]. Create one with [NewMemStore]; the
// zero MemStore is not usable.
type MemStore struct {
	memstore.Typed[Reconciliation, Query]
}

var _ Store = (*MemStore)(nil)

// NewMemStore returns an empty in-memory Store. It validates reconciliations before saving
// them.
func NewMemStore() *MemStore {
	return &MemStore{memstore.NewTyped[Reconciliation, Query](memstore.Config[Reconciliation]{
		Record:   "medication reconciliation",
		Meta:     func(r *Reconciliation) *carecoord.Meta { return &r.Meta },
		Clone:    Reconciliation.Clone,
		Validate: Reconciliation.Validate,
	})}
}
