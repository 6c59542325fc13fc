package referral

import (
	"context"
	"slices"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/internal/memstore"
)

// A Store keeps referrals, every version of them. Test an implementation with
// referraltest.TestStore; [NewMemStore] is the in-memory one.
type Store interface {
	// Get returns the latest version of the referral with this id, or an error wrapping
	// carecoord.ErrNotFound.
	Get(ctx context.Context, id string) (Referral, error)
	// Save stores r as a new version if r.Version is the stored version (0: the referral must
	// not exist yet) and returns it with Version advanced by one; otherwise it writes nothing
	// and returns an error wrapping carecoord.ErrConflict (or carecoord.ErrNotFound for a
	// version n > 0 of a referral never saved). An invalid referral or Meta is an error
	// matching carecoord.ErrInvalid. Two performers racing to claim one open referral: one
	// save wins, the other conflicts.
	Save(ctx context.Context, r Referral) (Referral, error)
	// History returns every saved version of the referral, oldest first, or an error wrapping
	// carecoord.ErrNotFound.
	History(ctx context.Context, id string) ([]Referral, error)
	// List returns the latest version of every referral that matches q, ordered by id.
	List(ctx context.Context, q Query) ([]Referral, error)
}

// A Query selects referrals. Every field that is set must match; the zero Query matches every
// referral.
type Query struct {
	// Patient, if set, selects that patient's referrals.
	Patient carecoord.PatientID
	// Requester and Performer, if set, select the referrals they sent or perform (same Kind
	// and ID).
	Requester carecoord.Actor
	Performer carecoord.Actor
	// Statuses, if set, selects referrals in any of these statuses.
	Statuses []Status
	// Open, if true, selects only open referrals (not terminal).
	Open bool
}

// Matches reports whether r is selected by q. Store implementations may use it; their List
// must agree with it.
func (q Query) Matches(r Referral) bool {
	return (q.Patient == "" || r.Patient == q.Patient) &&
		(q.Requester.IsZero() || r.Requester.SameAs(q.Requester)) &&
		(q.Performer.IsZero() || r.Performer.SameAs(q.Performer)) &&
		(len(q.Statuses) == 0 || slices.Contains(q.Statuses, r.Status)) &&
		(!q.Open || r.Status.IsOpen())
}

// MemStore is the in-memory [Store]: every version of every referral, copied in and out, safe
// for concurrent use, with the methods of [Store] (Get, Save, History, List). Create one with
// [NewMemStore]; the zero MemStore is not usable.
type MemStore struct {
	memstore.Typed[Referral, Query]
}

var _ Store = (*MemStore)(nil)

// NewMemStore returns an empty in-memory Store. It validates referrals before saving them.
func NewMemStore() *MemStore {
	return &MemStore{memstore.NewTyped[Referral, Query](memstore.Config[Referral]{
		Record:   "referral",
		Meta:     func(r *Referral) *carecoord.Meta { return &r.Meta },
		Clone:    Referral.Clone,
		Validate: Referral.Validate,
	})}
}
