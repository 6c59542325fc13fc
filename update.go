package carecoord

import (
	"context"
	"errors"
)

// A GetSaver is the part of every domain Store that [Update] needs: read the current version
// of a record by id, and save a new version with optimistic concurrency (Save returns an
// error wrapping [ErrConflict] when the stored version is not the one the value carries).
// careplan.Store, referral.Store and the others all satisfy it.
type GetSaver[T any] interface {
	Get(ctx context.Context, id string) (T, error)
	Save(ctx context.Context, v T) (T, error)
}

// Update is the read-modify-write loop for a record kept in any Store: it reads the record,
// passes it to change, and saves what change returns. When another writer saved in
// between, so that Save reports [ErrConflict], it reads the record again and calls change
// again on the fresh value; no update is ever lost or silently overwritten.
//
// change must be a pure function of the record it is given (domain functions are), because
// it may run more than once; it must leave the record's version as it found it. An error
// from change, or any error from the store other than a conflict, ends the loop and is
// returned as is. Update itself has no limit on retries (the library does not read the
// clock or sleep); it stops when ctx is done, so bound it with a context deadline.
// It returns the saved value, with its new version.
func Update[T any](ctx context.Context, s GetSaver[T], id string, change func(T) (T, error)) (T, error) {
	var zero T
	for {
		if err := ctx.Err(); err != nil {
			return zero, err
		}
		cur, err := s.Get(ctx, id)
		if err != nil {
			return zero, err
		}
		next, err := change(cur)
		if err != nil {
			return zero, err
		}
		saved, err := s.Save(ctx, next)
		if err == nil {
			return saved, nil
		}
		if !errors.Is(err, ErrConflict) {
			return zero, err
		}
	}
}
