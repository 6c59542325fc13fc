package memstore

import "context"

// A Querier is a domain query: it says which records it selects.
type Querier[T any] interface {
	Matches(T) bool
}

// Typed is a Store whose List takes a domain query Q instead of a predicate. Domain packages
// embed it in their MemStore, which then has exactly the methods of their Store interface.
type Typed[T any, Q Querier[T]] struct{ s *Store[T] }

// NewTyped returns an empty Typed store for cfg.
func NewTyped[T any, Q Querier[T]](cfg Config[T]) Typed[T, Q] { return Typed[T, Q]{s: New(cfg)} }

// Get returns the latest version of the record with this id, or an error wrapping
// carecoord.ErrNotFound.
func (t Typed[T, Q]) Get(ctx context.Context, id string) (T, error) { return t.s.Get(ctx, id) }

// Save stores v as a new version, with the rules of [Store.Save].
func (t Typed[T, Q]) Save(ctx context.Context, v T) (T, error) { return t.s.Save(ctx, v) }

// History returns every saved version of the record, oldest first.
func (t Typed[T, Q]) History(ctx context.Context, id string) ([]T, error) {
	return t.s.History(ctx, id)
}

// List returns the latest version of every record q selects, ordered by id.
func (t Typed[T, Q]) List(ctx context.Context, q Q) ([]T, error) { return t.s.List(ctx, q.Matches) }
