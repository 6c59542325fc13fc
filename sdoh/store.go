package sdoh

import (
	"context"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/internal/memstore"
)

// A Store keeps screening responses, every version of them. Test an implementation with
// sdohtest.TestStore; [NewMemStore] is the in-memory one.
type Store interface {
	// Get returns the latest version of the response with this id, or an error wrapping
	// carecoord.ErrNotFound.
	Get(ctx context.Context, id string) (Response, error)
	// Save stores r as a new version if r.Meta.Version is the stored version (0: the response must
	// not exist yet) and returns it with Meta.Version advanced by one; otherwise it writes nothing and
	// returns an error wrapping carecoord.ErrConflict (or carecoord.ErrNotFound for a version
	// n > 0 of a response never saved). A response that fails [Response.Validate], or whose Meta
	// is invalid, is an error matching carecoord.ErrInvalid.
	Save(ctx context.Context, r Response) (Response, error)
	// History returns every saved version of the response, oldest first (a corrected answer
	// is a new version; the first is never lost), or an error wrapping carecoord.ErrNotFound.
	History(ctx context.Context, id string) ([]Response, error)
	// List returns the latest version of every response that matches q, ordered by id.
	List(ctx context.Context, q Query) ([]Response, error)
}

// A Query selects responses. Every field that is set must match; the zero Query matches every
// response.
type Query struct {
	// Patient, if set, selects that patient's responses.
	Patient carecoord.PatientID
	// Instrument, if set, selects responses to that instrument (any version).
	Instrument InstrumentID
	// From and Through, if set, select responses dated in that window, both days included.
	From, Through civil.Date
}

// Matches reports whether r is selected by q. Store implementations may use it; their List must
// agree with it.
func (q Query) Matches(r Response) bool {
	return (q.Patient == "" || r.Patient == q.Patient) &&
		(q.Instrument == "" || r.Instrument == q.Instrument) &&
		(q.From.IsZero() || !r.Date.Before(q.From)) &&
		(q.Through.IsZero() || !r.Date.After(q.Through))
}

// MemStore is the in-memory [Store]: every version of every response, copied in and out, safe
// for concurrent use, with the methods of [Store] (Get, Save, History, List). Create one with
// [NewMemStore]; the zero MemStore is not usable.
type MemStore struct {
	memstore.Typed[Response, Query]
}

var _ Store = (*MemStore)(nil)

// NewMemStore returns an empty in-memory Store. It checks responses with [Response.Validate]
// before saving them: a response to an instrument version a [Screener] does not know, or with
// answers outside an item's list, is kept as it was given (a record of what was answered); the
// Screener says what is wrong with it.
func NewMemStore() *MemStore {
	return &MemStore{memstore.NewTyped[Response, Query](memstore.Config[Response]{
		Record:   "screening response",
		Meta:     func(r *Response) *carecoord.Meta { return &r.Meta },
		Clone:    Response.Clone,
		Validate: Response.Validate,
	})}
}
