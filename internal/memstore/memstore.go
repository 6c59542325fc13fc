package memstore

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/carecoord/carecoord"
)

// Config describes the records a Store keeps. The zero Config is not usable: Meta and Clone
// are required.
type Config[T any] struct {
	// Record names the kind of record in errors, e.g. "care plan".
	Record string
	// Meta returns a pointer to the record's Meta, which the Store reads and sets.
	Meta func(*T) *carecoord.Meta
	// Clone returns a deep copy of a record: no slice, map or pointer shared with the
	// argument. The domain packages' Clone methods.
	Clone func(T) T
	// Validate, if set, checks a record's content before it is saved; its error is returned
	// as is (a carecoord.FieldErrors, matching carecoord.ErrInvalid).
	Validate func(T) error
}

// A Store keeps every version of every record in memory. It is safe for concurrent use.
// Create one with New; the zero Store is not usable.
type Store[T any] struct {
	cfg Config[T]

	mu       sync.RWMutex
	versions map[string][]T // id -> every saved version, oldest first
}

// New returns an empty Store. It panics if cfg.Meta or cfg.Clone is nil: that is a
// programming error in the domain package, found by its first test.
func New[T any](cfg Config[T]) *Store[T] {
	if cfg.Meta == nil || cfg.Clone == nil {
		panic("memstore.New: Config.Meta and Config.Clone are required")
	}
	return &Store[T]{cfg: cfg, versions: make(map[string][]T)}
}

func (s *Store[T]) meta(v *T) *carecoord.Meta { return s.cfg.Meta(v) }

// Get returns a copy of the latest version of the record with this id, or an error wrapping
// carecoord.ErrNotFound.
func (s *Store[T]) Get(ctx context.Context, id string) (T, error) {
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	vs, ok := s.versions[id]
	if !ok {
		return zero, s.notFound()
	}
	return s.cfg.Clone(vs[len(vs)-1]), nil
}

// Save stores v as a new version of its record and returns a copy of what was stored, with
// Meta.Version advanced by one. v itself is not changed.
//
// v's Meta.Version must be the stored version: 0 creates a record that must not exist yet,
// n > 0 replaces version n. Otherwise nothing is written and the error wraps
// carecoord.ErrConflict (another writer saved first, or the record exists) or
// carecoord.ErrNotFound (version n > 0 of a record that was never saved). v's Meta must be
// valid (carecoord.Meta.Validate; paths under "meta"), and so must its content when the
// Config has a Validate function; otherwise the error matches carecoord.ErrInvalid.
func (s *Store[T]) Save(ctx context.Context, v T) (T, error) {
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	m := *s.meta(&v)
	var errs carecoord.FieldErrors
	errs.Nest("meta", m.Validate())
	if err := errs.Err(); err != nil {
		return zero, fmt.Errorf("save %s: %w", s.cfg.Record, err)
	}
	if s.cfg.Validate != nil {
		if err := s.cfg.Validate(v); err != nil {
			return zero, fmt.Errorf("save %s: %w", s.cfg.Record, err)
		}
	}
	stored := s.cfg.Clone(v)
	s.mu.Lock()
	defer s.mu.Unlock()
	vs := s.versions[m.ID]
	current := int64(len(vs)) // versions are 1, 2, … so the latest is the count
	switch {
	case m.Version == current:
	case current == 0:
		return zero, fmt.Errorf("save %s: version %d of a record that was never saved: %w", s.cfg.Record, m.Version, carecoord.ErrNotFound)
	case m.Version == 0:
		return zero, fmt.Errorf("save %s: a record with this id exists (version %d): %w", s.cfg.Record, current, carecoord.ErrConflict)
	default:
		return zero, fmt.Errorf("save %s: version %d is stale, the stored version is %d: %w", s.cfg.Record, m.Version, current, carecoord.ErrConflict)
	}
	s.meta(&stored).Version = current + 1
	s.versions[m.ID] = append(vs, stored)
	return s.cfg.Clone(stored), nil
}

// History returns a copy of every saved version of the record with this id, oldest first,
// each with its own Meta; or an error wrapping carecoord.ErrNotFound.
func (s *Store[T]) History(ctx context.Context, id string) ([]T, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	vs, ok := s.versions[id]
	if !ok {
		return nil, s.notFound()
	}
	out := make([]T, len(vs))
	for i, v := range vs {
		out[i] = s.cfg.Clone(v)
	}
	return out, nil
}

// List returns a copy of the latest version of every record for which keep returns true
// (every record when keep is nil), ordered by id. keep sees the stored value and must not
// keep or change it.
func (s *Store[T]) List(ctx context.Context, keep func(T) bool) ([]T, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var ids []string
	for id, vs := range s.versions {
		if keep == nil || keep(vs[len(vs)-1]) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	out := make([]T, len(ids))
	for i, id := range ids {
		vs := s.versions[id]
		out[i] = s.cfg.Clone(vs[len(vs)-1])
	}
	return out, nil
}

func (s *Store[T]) notFound() error {
	return fmt.Errorf("%s: %w", s.cfg.Record, carecoord.ErrNotFound)
}
