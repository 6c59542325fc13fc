package carecoord

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// A GetSaver is the part of every domain Store that [Update] needs: read the current version
// of a record by id, and save a new version with optimistic concurrency (Save returns an
// error wrapping [ErrConflict] when the stored version is not the one the value carries).
// careplan.Store, referral.Store and the others all satisfy it.
type GetSaver[T any] interface {
	Get(ctx context.Context, id string) (T, error)
	Save(ctx context.Context, v T) (T, error)
}

// A Versioned is a record that carries a [Meta]. Every domain record embeds carecoord.Meta,
// which gives its value the RecordMeta method and its pointer the Touch method.
type Versioned interface {
	RecordMeta() Meta
	Touch(at time.Time, by Actor)
}

// maxStaleConflicts is how many conflicts in a row Update accepts from a store whose record
// has not changed in between (a lagging read replica catches up; a broken store never does).
const maxStaleConflicts = 3

// Update is the read-modify-write loop for a record kept in any Store: it reads the record,
// passes it to change, stamps the result with at and by (Meta.UpdatedAt and
// Meta.UpdatedBy, so that every version says who made it and when), and saves it. When
// another writer saved in between, so that Save reports [ErrConflict], it reads the record
// again and calls change again on the fresh value: no update is lost or overwritten.
//
// change must be a pure function of the record it is given (domain functions are), because it
// may run more than once, and must not alter the record's id or version; Update returns an
// error matching [ErrInvalid] if it does. An error from change, or from the store other than a
// conflict, ends the loop and is returned as is.
//
// Update retries for as long as other writers make progress; the library neither reads the
// clock nor sleeps, so bound it with a context deadline under heavy contention. When the store
// reports conflicts although the record's version has not moved, three times in a row, Update
// returns the last conflict error (a store that never lets the save through). It returns the
// saved value, with its new version.
func Update[T any, PT interface {
	*T
	Versioned
}](ctx context.Context, s GetSaver[T], id string, at time.Time, by Actor, change func(T) (T, error)) (T, error) {
	var zero T
	var lastVersion int64 = -1
	stale := 0
	for {
		if err := ctx.Err(); err != nil {
			return zero, err
		}
		cur, err := s.Get(ctx, id)
		if err != nil {
			return zero, err
		}
		read := PT(&cur).RecordMeta()
		next, err := change(cur)
		if err != nil {
			return zero, err
		}
		if m := PT(&next).RecordMeta(); m.ID != read.ID || m.Version != read.Version {
			return zero, fmt.Errorf("update: %w", Invalid("meta", "change must not alter the record's id or version"))
		}
		PT(&next).Touch(at, by)
		saved, err := s.Save(ctx, next)
		if err == nil {
			return saved, nil
		}
		if !errors.Is(err, ErrConflict) {
			return zero, err
		}
		if read.Version == lastVersion {
			if stale++; stale >= maxStaleConflicts {
				return zero, fmt.Errorf("update: the store reports conflicts but the record has not changed: %w", err)
			}
		} else {
			stale = 0
		}
		lastVersion = read.Version
	}
}
