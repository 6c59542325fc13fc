// Package storetest is the part of every domain store conformance kit that does not depend on
// the domain: sentinels, optimistic concurrency, every version kept, no aliasing, validation,
// concurrent read-modify-write through carecoord.Update, and a rapid model sequence. Each
// <pkg>test.TestStore runs it with a Harness for its record type, then adds its own checks
// (its List queries).
package storetest

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

// Store is what the kit needs of a domain store.
type Store[T any] interface {
	Get(ctx context.Context, id string) (T, error)
	Save(ctx context.Context, v T) (T, error)
	History(ctx context.Context, id string) ([]T, error)
}

// A Harness adapts the kit to one record type. Every func is required.
type Harness[T any] struct {
	// New returns a new, empty store.
	New func(t *testing.T) Store[T]
	// ListAll lists every record of s (the domain List with the zero query).
	ListAll func(ctx context.Context, s Store[T]) ([]T, error)
	// Record returns a valid, never-saved record with this id, stamped with Meta.UpdatedAt and
	// UpdatedBy, built afresh on each call (never by copying a shared value), with at least one
	// slice that Scribble writes through.
	Record func(id string) T
	// Change returns v with different, still valid content, and the same id and version.
	Change func(v T, n int) T
	// Scribble writes through every slice, map and pointer v holds.
	Scribble func(v *T)
	// Invalid returns a record with this id that the domain's Validate rejects.
	Invalid func(id string) T
	// Gen generates valid never-saved records with this id, for the model sequence.
	Gen func(id string) *rapid.Generator[T]
	// Meta returns a pointer to the record's Meta.
	Meta func(v *T) *carecoord.Meta
	// Opts compares records that went through the store.
	Opts cmp.Options
}

// Run runs the domain-independent conformance checks as subtests of t. T is a domain record,
// which embeds carecoord.Meta and so is carecoord.Versioned through its pointer.
func Run[T any, PT interface {
	*T
	carecoord.Versioned
}](t *testing.T, h Harness[T]) {
	ctx := t.Context()
	id := func(v T) string { return h.Meta(&v).ID }
	version := func(v T) int64 { return h.Meta(&v).Version }
	withVersion := func(v T, n int64) T { h.Meta(&v).Version = n; return v }
	mustSave := func(t *testing.T, s Store[T], v T) T {
		t.Helper()
		saved, err := s.Save(ctx, v)
		if err != nil {
			t.Fatalf("Save(%s v%d): %v", id(v), version(v), err)
		}
		return saved
	}

	t.Run("GetMissing", func(t *testing.T) {
		s := h.New(t)
		if _, err := s.Get(ctx, "nope"); !errors.Is(err, carecoord.ErrNotFound) {
			t.Errorf("Get(missing) error = %v, want one wrapping carecoord.ErrNotFound", err)
		}
		if _, err := s.History(ctx, "nope"); !errors.Is(err, carecoord.ErrNotFound) {
			t.Errorf("History(missing) error = %v, want one wrapping carecoord.ErrNotFound", err)
		}
	})
	t.Run("SaveThenGet", func(t *testing.T) {
		s := h.New(t)
		saved := mustSave(t, s, h.Record("r1"))
		want := withVersion(h.Record("r1"), 1)
		if diff := cmp.Diff(want, saved, h.Opts); diff != "" {
			t.Errorf("Save(new) result mismatch (-want +got):\n%s", diff)
		}
		got, err := s.Get(ctx, "r1")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got, h.Opts); diff != "" {
			t.Errorf("Get after Save mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("CreateTwiceConflicts", func(t *testing.T) {
		s := h.New(t)
		mustSave(t, s, h.Record("r1"))
		if _, err := s.Save(ctx, h.Change(h.Record("r1"), 1)); !errors.Is(err, carecoord.ErrConflict) {
			t.Errorf("Save(version 0 of an existing id) error = %v, want ErrConflict", err)
		}
	})
	t.Run("StaleSaveConflicts", func(t *testing.T) {
		s := h.New(t)
		v1 := mustSave(t, s, h.Record("r1"))
		first := mustSave(t, s, h.Change(v1, 1))
		if _, err := s.Save(ctx, h.Change(v1, 2)); !errors.Is(err, carecoord.ErrConflict) {
			t.Errorf("Save from a stale version error = %v, want ErrConflict", err)
		}
		got, _ := s.Get(ctx, "r1")
		if diff := cmp.Diff(first, got, h.Opts); diff != "" {
			t.Errorf("after a conflict the loser overwrote the winner (-want +got):\n%s", diff)
		}
		if _, err := s.Save(ctx, withVersion(h.Record("r9"), 3)); !errors.Is(err, carecoord.ErrNotFound) {
			t.Errorf("Save(version 3 of a record never saved) error = %v, want ErrNotFound", err)
		}
	})
	t.Run("HistoryKeepsEveryVersion", func(t *testing.T) {
		s := h.New(t)
		want := []T{mustSave(t, s, h.Record("r1"))}
		for n := 1; n <= 3; n++ {
			want = append(want, mustSave(t, s, h.Change(want[len(want)-1], n)))
		}
		got, err := s.History(ctx, "r1")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got, h.Opts); diff != "" {
			t.Errorf("History mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("NoAliasing", func(t *testing.T) {
		s := h.New(t)
		in := h.Record("r1")
		saved := mustSave(t, s, in)
		want := withVersion(h.Record("r1"), 1) // built afresh: a copy made by the code under test could share its bugs
		h.Scribble(&in)
		h.Scribble(&saved)
		got, _ := s.Get(ctx, "r1")
		h.Scribble(&got)
		// A store that loses the record must fail here, not crash the test binary.
		hist, err := s.History(ctx, "r1")
		if err != nil || len(hist) != 1 {
			t.Fatalf("History(r1) = %d versions, %v; want 1", len(hist), err)
		}
		h.Scribble(&hist[0])
		all, err := h.ListAll(ctx, s)
		if err != nil || len(all) != 1 {
			t.Fatalf("List = %d records, %v; want 1", len(all), err)
		}
		h.Scribble(&all[0])
		for name, read := range map[string]func() T{
			"Get":     func() T { v, _ := s.Get(ctx, "r1"); return v },
			"History": func() T { return first(s.History(ctx, "r1")) },
			"List":    func() T { return first(h.ListAll(ctx, s)) },
		} {
			if diff := cmp.Diff(want, read(), h.Opts); diff != "" {
				t.Errorf("%s after the caller changed its copies (-want +got):\n%s", name, diff)
			}
		}
	})
	t.Run("InvalidIsRejected", func(t *testing.T) {
		s := h.New(t)
		if _, err := s.Save(ctx, h.Invalid("r1")); !errors.Is(err, carecoord.ErrInvalid) {
			t.Errorf("Save(invalid record) error = %v, want ErrInvalid", err)
		}
		noAuthor := h.Record("r2")
		h.Meta(&noAuthor).UpdatedBy = carecoord.Actor{}
		if _, err := s.Save(ctx, noAuthor); !errors.Is(err, carecoord.ErrInvalid) {
			t.Errorf("Save(record with no UpdatedBy) error = %v, want ErrInvalid", err)
		}
		if all, _ := h.ListAll(ctx, s); len(all) != 0 {
			t.Errorf("an invalid record was stored: List has %d", len(all))
		}
	})
	t.Run("ConcurrentUpdatesLoseNothing", func(t *testing.T) {
		s := h.New(t)
		mustSave(t, s, h.Record("r1"))
		const workers, writes = 8, 10
		var wg sync.WaitGroup
		errs := make(chan error, workers*writes)
		base := h.Record("r1")
		at := h.Meta(&base).UpdatedAt
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				by := carecoord.Actor{Kind: carecoord.ActorDevice, ID: "writer-" + string(rune('a'+w))}
				for i := range writes {
					_, err := carecoord.Update[T, PT](ctx, s, "r1", at.Add(time.Duration(i)*time.Minute), by,
						func(v T) (T, error) { return h.Change(v, w*writes+i), nil })
					if err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		got, _ := s.Get(ctx, "r1")
		if version(got) != workers*writes+1 {
			t.Errorf("after %d updates the version is %d, want %d", workers*writes, version(got), workers*writes+1)
		}
		if hs, _ := s.History(ctx, "r1"); len(hs) != workers*writes+1 {
			t.Errorf("History has %d versions, want %d", len(hs), workers*writes+1)
		}
	})
	t.Run("Model", func(t *testing.T) {
		rapid.Check(t, func(rt *rapid.T) { runModel(rt, h, h.New(t)) })
	})
}

// runModel drives s with a rapid sequence of creates, saves from current and stale versions,
// and reads, against a map of the versions each id should have.
func runModel[T any](t *rapid.T, h Harness[T], s Store[T]) {
	ctx := context.Background()
	model := map[string][]T{}
	touched := "" // the id the last step wrote to: the invariants compare it in full
	ids := rapid.SampledFrom([]string{"r1", "r2", "r3"})
	t.Repeat(map[string]func(*rapid.T){
		"create": func(t *rapid.T) {
			id := ids.Draw(t, "id")
			v := h.Gen(id).Draw(t, "record")
			saved, err := s.Save(ctx, v)
			if _, exists := model[id]; exists {
				if !errors.Is(err, carecoord.ErrConflict) {
					t.Fatalf("create of existing %s: error = %v, want ErrConflict", id, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("create %s: %v", id, err)
			}
			model[id] = []T{saved}
			touched = id
		},
		"update": func(t *rapid.T) {
			id := ids.Draw(t, "id")
			vs, ok := model[id]
			if !ok {
				t.Skip("no such record")
			}
			base := rapid.IntRange(0, len(vs)-1).Draw(t, "base")
			next := h.Gen(id).Draw(t, "content")
			h.Meta(&next).Version = h.Meta(&vs[base]).Version
			saved, err := s.Save(ctx, next)
			if base != len(vs)-1 {
				if !errors.Is(err, carecoord.ErrConflict) {
					t.Fatalf("save of %s from a stale version: error = %v, want ErrConflict", id, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("save of %s: %v", id, err)
			}
			model[id] = append(vs, saved)
			touched = id
		},
		"": func(t *rapid.T) {
			for id, vs := range model {
				hs, err := s.History(ctx, id)
				if err != nil || len(hs) != len(vs) {
					t.Fatalf("History(%s) has %d versions, %v; model has %d", id, len(hs), err, len(vs))
				}
				if id != touched {
					continue
				}
				got, err := s.Get(ctx, id)
				if err != nil {
					t.Fatalf("Get(%s): %v", id, err)
				}
				if diff := cmp.Diff(vs[len(vs)-1], got, h.Opts); diff != "" {
					t.Fatalf("Get(%s) mismatch (-model +store):\n%s", id, diff)
				}
				if diff := cmp.Diff(vs, hs, h.Opts); diff != "" {
					t.Fatalf("History(%s) mismatch (-model +store):\n%s", id, diff)
				}
			}
			all, err := h.ListAll(ctx, s)
			if err != nil || len(all) != len(model) {
				t.Fatalf("List = %d records, %v; model has %d", len(all), err, len(model))
			}
		},
	})
}

// ListAgrees saves records into s, then checks for each query that list returns exactly the
// records matches selects, ordered by id: the List contract of every domain store.
func ListAgrees[T any, Q any](t *testing.T, s Store[T], meta func(*T) *carecoord.Meta, records []T, queries []Q,
	list func(context.Context, Q) ([]T, error), matches func(Q, T) bool) {
	t.Helper()
	ctx := t.Context()
	for _, v := range records {
		if _, err := s.Save(ctx, v); err != nil {
			t.Fatalf("Save(%s): %v", meta(&v).ID, err)
		}
	}
	for _, q := range queries {
		got, err := list(ctx, q)
		if err != nil {
			t.Fatalf("List(%+v): %v", q, err)
		}
		var gotIDs, wantIDs []string
		for i := range got {
			gotIDs = append(gotIDs, meta(&got[i]).ID)
		}
		for i := range records {
			if matches(q, records[i]) {
				wantIDs = append(wantIDs, meta(&records[i]).ID)
			}
		}
		slices.Sort(wantIDs)
		if diff := cmp.Diff(wantIDs, gotIDs, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("List(%+v) ids mismatch (-want +got):\n%s", q, diff)
		}
	}
}

// first returns the first element of vs, or the zero T when there is none (the comparison
// that follows then reports the difference).
func first[T any](vs []T, _ error) T {
	var zero T
	if len(vs) == 0 {
		return zero
	}
	return vs[0]
}
