package memstore_test

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/internal/memstore"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

// rec has every kind of shared memory a domain record can have: a slice, a map and a pointer.
type rec struct {
	carecoord.Meta
	Count  int
	Tags   []string
	Attrs  map[string]int
	Note   *string
	Broken bool // makes validate fail
}

func (r rec) clone() rec {
	r.Tags = slices.Clone(r.Tags)
	r.Attrs = maps.Clone(r.Attrs)
	if r.Note != nil {
		n := *r.Note
		r.Note = &n
	}
	return r
}

func newStore() *memstore.Store[rec] {
	return memstore.New(memstore.Config[rec]{
		Record: "test record",
		Meta:   func(r *rec) *carecoord.Meta { return &r.Meta },
		Clone:  rec.clone,
		Validate: func(r rec) error {
			if r.Broken {
				return carecoord.FieldErrors{carecoord.Invalid("broken", "must be false")}
			}
			return nil
		},
	})
}

var (
	at  = time.Date(2025, 8, 29, 14, 0, 0, 0, time.UTC)
	who = carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "nurse-1"}
)

func newRec(id string) rec {
	note := "note"
	return rec{Meta: carecoord.Meta{ID: id, UpdatedAt: at, UpdatedBy: who}, Tags: []string{"a"}, Attrs: map[string]int{"k": 1}, Note: &note}
}

func mustSave(t *testing.T, s *memstore.Store[rec], r rec) rec {
	t.Helper()
	got, err := s.Save(t.Context(), r)
	if err != nil {
		t.Fatalf("Save(%s v%d): %v", r.Meta.ID, r.Meta.Version, err)
	}
	return got
}

func TestGetMissing(t *testing.T) {
	s := newStore()
	if _, err := s.Get(t.Context(), "nope"); !errors.Is(err, carecoord.ErrNotFound) {
		t.Errorf("Get(missing) error = %v, want ErrNotFound", err)
	}
	if _, err := s.History(t.Context(), "nope"); !errors.Is(err, carecoord.ErrNotFound) {
		t.Errorf("History(missing) error = %v, want ErrNotFound", err)
	}
}

func TestCreateAndConflicts(t *testing.T) {
	ctx := t.Context()
	s := newStore()
	v1 := mustSave(t, s, newRec("r1"))
	if v1.Meta.Version != 1 {
		t.Fatalf("first save version = %d, want 1", v1.Meta.Version)
	}
	if _, err := s.Save(ctx, newRec("r1")); !errors.Is(err, carecoord.ErrConflict) {
		t.Errorf("creating an existing id: error = %v, want ErrConflict", err)
	}
	// Two writers read version 1 and both save: one wins, the other conflicts.
	a, b := v1, v1
	a.Count, b.Count = 10, 20
	if _, err := s.Save(ctx, a); err != nil {
		t.Fatalf("first writer: %v", err)
	}
	if _, err := s.Save(ctx, b); !errors.Is(err, carecoord.ErrConflict) {
		t.Errorf("second writer from the same base: error = %v, want ErrConflict", err)
	}
	got, _ := s.Get(ctx, "r1")
	if got.Count != 10 || got.Meta.Version != 2 {
		t.Errorf("after the conflict: Count %d version %d, want 10 and 2 (the loser must not overwrite)", got.Count, got.Meta.Version)
	}
	// A version from the future is stale too.
	got.Meta.Version = 7
	if _, err := s.Save(ctx, got); !errors.Is(err, carecoord.ErrConflict) {
		t.Errorf("save with a version ahead of the store: error = %v, want ErrConflict", err)
	}
	// Version n > 0 of a record that was never saved.
	ghost := newRec("ghost")
	ghost.Meta.Version = 3
	if _, err := s.Save(ctx, ghost); !errors.Is(err, carecoord.ErrNotFound) {
		t.Errorf("save of an unknown record at version 3: error = %v, want ErrNotFound", err)
	}
}

func TestHistoryKeepsEveryVersion(t *testing.T) {
	ctx := t.Context()
	s := newStore()
	r := mustSave(t, s, newRec("r1"))
	for i := 1; i <= 4; i++ {
		r.Count = i
		r.Meta.UpdatedAt = at.Add(time.Duration(i) * time.Hour)
		r = mustSave(t, s, r)
	}
	h, err := s.History(ctx, "r1")
	if err != nil {
		t.Fatal(err)
	}
	var got [][3]int64
	for _, v := range h {
		got = append(got, [3]int64{v.Meta.Version, int64(v.Count), int64(v.Meta.UpdatedAt.Sub(at) / time.Hour)})
	}
	want := [][3]int64{{1, 0, 0}, {2, 1, 1}, {3, 2, 2}, {4, 3, 3}, {5, 4, 4}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("History (version, count, hour) mismatch (-want +got):\n%s", diff)
	}
}

func TestNoAliasing(t *testing.T) {
	ctx := t.Context()
	s := newStore()
	in := newRec("r1")
	saved := mustSave(t, s, in)
	want := saved.clone()

	// Change everything the caller holds: the input, the returned values, their slices, maps
	// and pointers.
	in.Tags[0], in.Attrs["k"], *in.Note = "x", 99, "changed"
	saved.Tags[0], saved.Attrs["k"], *saved.Note = "y", 98, "changed"
	saved.Tags = append(saved.Tags, "z")
	got, _ := s.Get(ctx, "r1")
	got.Tags[0], got.Attrs["new"], *got.Note = "g", 1, "changed"
	h, _ := s.History(ctx, "r1")
	h[0].Tags[0], h[0].Attrs["k"], *h[0].Note = "h", 2, "changed"
	l, _ := s.List(ctx, nil)
	l[0].Tags[0], l[0].Attrs["k"], *l[0].Note = "l", 3, "changed"

	for name, read := range map[string]func() rec{
		"Get":     func() rec { r, _ := s.Get(ctx, "r1"); return r },
		"History": func() rec { h, _ := s.History(ctx, "r1"); return h[0] },
		"List":    func() rec { l, _ := s.List(ctx, nil); return l[0] },
	} {
		if diff := cmp.Diff(want, read()); diff != "" {
			t.Errorf("%s after the caller changed its copies (-want +got):\n%s", name, diff)
		}
	}
}

func TestSaveValidates(t *testing.T) {
	ctx := t.Context()
	s := newStore()
	bad := newRec("has space")
	bad.Meta.UpdatedAt = time.Time{}
	bad.Meta.UpdatedBy = carecoord.Actor{}
	_, err := s.Save(ctx, bad)
	var list carecoord.FieldErrors
	if !errors.Is(err, carecoord.ErrInvalid) || !errors.As(err, &list) {
		t.Fatalf("Save(bad meta) error = %v, want FieldErrors", err)
	}
	for _, p := range []string{"meta.id", "meta.updatedAt", "meta.updatedBy.kind", "meta.updatedBy.id"} {
		if !slices.ContainsFunc(list, func(e *carecoord.FieldError) bool { return e.Path == p }) {
			t.Errorf("Save(bad meta): no problem at %s in %v", p, list)
		}
	}
	broken := newRec("r1")
	broken.Broken = true
	if _, err := s.Save(ctx, broken); !errors.As(err, &list) || !list.Has("broken", carecoord.FieldInvalid) {
		t.Errorf("Save(invalid content) error = %v, want broken invalid", err)
	}
	if _, err := s.Get(ctx, "r1"); !errors.Is(err, carecoord.ErrNotFound) {
		t.Errorf("an invalid record was stored")
	}
}

func TestListFiltersAndOrders(t *testing.T) {
	ctx := t.Context()
	s := newStore()
	for i, id := range []string{"c", "a", "d", "b"} {
		r := newRec(id)
		r.Count = []int{1, 2, 3, 4}[i] // c:1 a:2 d:3 b:4
		mustSave(t, s, r)
	}
	odd, err := s.List(ctx, func(r rec) bool { return r.Count%2 == 1 })
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range odd {
		ids = append(ids, r.Meta.ID)
	}
	if diff := cmp.Diff([]string{"c", "d"}, ids); diff != "" {
		t.Errorf("List(odd counts) ids mismatch (-want +got):\n%s", diff)
	}
	all, _ := s.List(ctx, nil)
	if len(all) != 4 || all[0].Meta.ID != "a" || all[3].Meta.ID != "d" {
		t.Errorf("List(nil) = %d records, not in id order", len(all))
	}
}

func TestCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	s := newStore()
	if _, err := s.Save(ctx, newRec("r1")); !errors.Is(err, context.Canceled) {
		t.Errorf("Save(cancelled) error = %v", err)
	}
	if _, err := s.Get(ctx, "r1"); !errors.Is(err, context.Canceled) {
		t.Errorf("Get(cancelled) error = %v", err)
	}
	if _, err := s.List(ctx, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("List(cancelled) error = %v", err)
	}
	if _, err := s.History(ctx, "r1"); !errors.Is(err, context.Canceled) {
		t.Errorf("History(cancelled) error = %v", err)
	}
}

// Many goroutines doing read-modify-write through carecoord.Update lose no update: the final
// version counts every write, and so does the record's counter. Run it with -race.
func TestConcurrentUpdatesLoseNothing(t *testing.T) {
	ctx := t.Context()
	s := newStore()
	mustSave(t, s, newRec("shared"))
	const workers, writes = 16, 50
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range writes {
				by := carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "worker-" + strconv.Itoa(w)}
				_, err := carecoord.Update(ctx, s, "shared", at.Add(time.Duration(i)*time.Minute), by, func(r rec) (rec, error) {
					r.Count++
					r.Tags = append(r.Tags, strconv.Itoa(w)+"."+strconv.Itoa(i))
					r.Attrs["w"+strconv.Itoa(w)]++
					return r, nil
				})
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got, _ := s.Get(ctx, "shared")
	if got.Meta.Version != workers*writes+1 || got.Count != workers*writes || len(got.Tags) != workers*writes+1 {
		t.Errorf("after %d updates: version %d, count %d, %d tags", workers*writes, got.Meta.Version, got.Count, len(got.Tags))
	}
	for w := range workers {
		if n := got.Attrs["w"+strconv.Itoa(w)]; n != writes {
			t.Errorf("worker %d: %d of its %d writes survived", w, n, writes)
		}
	}
	h, _ := s.History(ctx, "shared")
	if len(h) != workers*writes+1 {
		t.Errorf("History has %d versions, want %d", len(h), workers*writes+1)
	}
	for i, v := range h {
		if v.Meta.Version != int64(i+1) || v.Count != i {
			t.Fatalf("History[%d] = version %d count %d", i, v.Meta.Version, v.Count)
		}
		if i > 0 && !strings.HasPrefix(v.UpdatedBy.ID, "worker-") {
			t.Fatalf("History[%d] was not stamped by its writer: UpdatedBy %v", i, v.UpdatedBy)
		}
	}
}

// A rapid sequence of saves (fresh, current and stale) and reads against a map model.
func TestModel(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ctx := context.Background()
		s := newStore()
		model := map[string][]int{} // id -> Count of every version
		ids := rapid.SampledFrom([]string{"a", "b", "c"})
		t.Repeat(map[string]func(*rapid.T){
			"create": func(t *rapid.T) {
				id := ids.Draw(t, "id")
				r := newRec(id)
				r.Count = rapid.IntRange(0, 9).Draw(t, "count")
				_, err := s.Save(ctx, r)
				if _, exists := model[id]; exists != errors.Is(err, carecoord.ErrConflict) || (!exists && err != nil) {
					t.Fatalf("create %s (exists %v): %v", id, exists, err)
				}
				if err == nil {
					model[id] = []int{r.Count}
				}
			},
			"update": func(t *rapid.T) {
				id := ids.Draw(t, "id")
				vs, ok := model[id]
				if !ok {
					t.Skip("no such record")
				}
				base := rapid.IntRange(1, len(vs)).Draw(t, "base version")
				h, err := s.History(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				r := h[base-1]
				r.Count = rapid.IntRange(0, 9).Draw(t, "count")
				saved, err := s.Save(ctx, r)
				if stale := base != len(vs); stale != errors.Is(err, carecoord.ErrConflict) || (!stale && err != nil) {
					t.Fatalf("update %s from v%d of %d: %v", id, base, len(vs), err)
				}
				if err == nil {
					model[id] = append(vs, r.Count)
					if saved.Meta.Version != int64(len(vs)+1) {
						t.Fatalf("saved version %d, want %d", saved.Meta.Version, len(vs)+1)
					}
				}
			},
			"": func(t *rapid.T) {
				l, err := s.List(ctx, nil)
				if err != nil || len(l) != len(model) {
					t.Fatalf("List: %d records, %v; model has %d", len(l), err, len(model))
				}
				for _, r := range l {
					vs := model[r.Meta.ID]
					if r.Count != vs[len(vs)-1] || r.Meta.Version != int64(len(vs)) {
						t.Fatalf("%s: count %d v%d; model %v", r.Meta.ID, r.Count, r.Meta.Version, vs)
					}
					h, _ := s.History(ctx, r.Meta.ID)
					var counts []int
					for _, v := range h {
						counts = append(counts, v.Count)
					}
					if diff := cmp.Diff(vs, counts, cmpopts.EquateEmpty()); diff != "" {
						t.Fatalf("%s history mismatch (-model +store):\n%s", r.Meta.ID, diff)
					}
				}
			},
		})
	})
}
