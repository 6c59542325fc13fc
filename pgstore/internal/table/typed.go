package table

import "context"

// Typed is a Table with its domain's List query: the methods of a domain Store. The zero Typed
// is not usable; create one with NewTyped.
type Typed[T, Q any] struct {
	t     *Table[T]
	where func(Q) Where
}

// NewTyped returns the Store methods of t, with where turning a domain query into conditions.
func NewTyped[T, Q any](t *Table[T], where func(Q) Where) Typed[T, Q] {
	return Typed[T, Q]{t: t, where: where}
}

// Get returns the latest version of the record with this id, or an error wrapping
// carecoord.ErrNotFound.
func (s Typed[T, Q]) Get(ctx context.Context, id string) (T, error) { return s.t.Get(ctx, id) }

// Save stores v as a new version (see [Table.Save]).
func (s Typed[T, Q]) Save(ctx context.Context, v T) (T, error) { return s.t.Save(ctx, v) }

// History returns every saved version of the record, oldest first, or an error wrapping
// carecoord.ErrNotFound.
func (s Typed[T, Q]) History(ctx context.Context, id string) ([]T, error) {
	return s.t.History(ctx, id)
}

// List returns the latest version of every record that q selects, ordered by id.
func (s Typed[T, Q]) List(ctx context.Context, q Q) ([]T, error) {
	return s.t.List(ctx, s.where(q))
}
