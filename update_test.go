package carecoord_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/carecoord/carecoord"
)

// fakeRec is the record kept by fakeStore.
type fakeRec struct {
	carecoord.Meta
	N     int
	Notes []string
}

func (r fakeRec) clone() fakeRec {
	r.Notes = append([]string(nil), r.Notes...)
	return r
}

// fakeStore is a map-backed GetSaver with optimistic concurrency on Version. It can be told
// to fail the next saves with a conflict or another error, and counts calls. It is safe for
// concurrent use.
type fakeStore struct {
	mu       sync.Mutex
	recs     map[string]fakeRec
	gets     int
	saves    int   // Save calls, failed ones included
	stored   int   // successful saves
	conflict int   // fail this many next saves with ErrConflict
	always   bool  // fail every save with ErrConflict
	saveErr  error // if set, fail the next save with this error
	onSave   func(n int)
}

var _ carecoord.GetSaver[fakeRec] = (*fakeStore)(nil)

func newFakeStore(recs ...fakeRec) *fakeStore {
	s := &fakeStore{recs: map[string]fakeRec{}}
	for _, r := range recs {
		s.recs[r.ID] = r.clone()
	}
	return s
}

func (s *fakeStore) Get(ctx context.Context, id string) (fakeRec, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gets++
	r, ok := s.recs[id]
	if !ok {
		return fakeRec{}, fmt.Errorf("fake store: record: %w", carecoord.ErrNotFound)
	}
	return r.clone(), nil
}

func (s *fakeStore) Save(ctx context.Context, r fakeRec) (fakeRec, error) {
	s.mu.Lock()
	s.saves++
	n, hook := s.saves, s.onSave
	s.mu.Unlock()
	if hook != nil {
		hook(n) // outside the lock: the hook may write to the store as another writer
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.saveErr != nil:
		err := s.saveErr
		s.saveErr = nil
		return fakeRec{}, err
	case s.always:
		return fakeRec{}, fmt.Errorf("fake store: always: %w", carecoord.ErrConflict)
	case s.conflict > 0:
		s.conflict--
		return fakeRec{}, fmt.Errorf("fake store: injected: %w", carecoord.ErrConflict)
	}
	if cur := s.recs[r.ID]; cur.Version != r.Version {
		return fakeRec{}, fmt.Errorf("fake store: have version %d, got %d: %w", cur.Version, r.Version, carecoord.ErrConflict)
	}
	r = r.clone()
	r.Version++
	s.recs[r.ID] = r
	s.stored++
	return r.clone(), nil
}

// put writes r as another writer would, bumping its version.
func (s *fakeStore) put(r fakeRec) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r.Version = s.recs[r.ID].Version + 1
	s.recs[r.ID] = r.clone()
}

func (s *fakeStore) rec(id string) fakeRec {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.recs[id].clone()
}

var (
	updAt = time.Date(2025, 9, 3, 10, 0, 0, 0, time.UTC)
	updBy = carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "coordinator-1"}
	// ignoreStamp leaves out what Update stamps; TestUpdateStampsEveryVersion checks it.
	ignoreStamp = cmpopts.IgnoreFields(carecoord.Meta{}, "UpdatedAt", "UpdatedBy")
)

// increment is a pure change function: it adds one to N and notes the value it saw.
func increment(r fakeRec) (fakeRec, error) {
	r.N++
	r.Notes = append(r.Notes[:len(r.Notes):len(r.Notes)], fmt.Sprint(r.N))
	return r, nil
}

func TestUpdate(t *testing.T) {
	errDisk := errors.New("disk full")
	errChange := errors.New("change refused")
	start := fakeRec{Meta: carecoord.Meta{ID: "c1", Version: 4}, N: 10}
	tests := []struct {
		name      string
		setup     func(s *fakeStore)
		id        string
		change    func(fakeRec) (fakeRec, error)
		wantErr   error // matched with errors.Is; nil for success
		want      fakeRec
		wantCalls int // calls of change
		wantSaves int // calls of Save
		wantGets  int
		wantStore fakeRec // what the store holds afterwards
	}{
		{
			name:      "no conflict",
			id:        "c1",
			change:    increment,
			want:      fakeRec{Meta: carecoord.Meta{ID: "c1", Version: 5}, N: 11, Notes: []string{"11"}},
			wantCalls: 1, wantSaves: 1, wantGets: 1,
			wantStore: fakeRec{Meta: carecoord.Meta{ID: "c1", Version: 5}, N: 11, Notes: []string{"11"}},
		},
		{
			name:      "three injected conflicts",
			setup:     func(s *fakeStore) { s.conflict = 3 },
			id:        "c1",
			change:    increment,
			want:      fakeRec{Meta: carecoord.Meta{ID: "c1", Version: 5}, N: 11, Notes: []string{"11"}},
			wantCalls: 4, wantSaves: 4, wantGets: 4,
			wantStore: fakeRec{Meta: carecoord.Meta{ID: "c1", Version: 5}, N: 11, Notes: []string{"11"}},
		},
		{
			name:      "change error stops without saving",
			id:        "c1",
			change:    func(fakeRec) (fakeRec, error) { return fakeRec{}, fmt.Errorf("wrapped: %w", errChange) },
			wantErr:   errChange,
			wantCalls: 1, wantSaves: 0, wantGets: 1,
			wantStore: start,
		},
		{
			name:  "change error after a conflict",
			setup: func(s *fakeStore) { s.conflict = 1 },
			id:    "c1",
			change: func() func(fakeRec) (fakeRec, error) {
				calls := 0
				return func(r fakeRec) (fakeRec, error) {
					calls++
					if calls == 2 {
						return r, errChange
					}
					return increment(r)
				}
			}(),
			wantErr:   errChange,
			wantCalls: 2, wantSaves: 1, wantGets: 2,
			wantStore: start,
		},
		{
			name:      "change returns a field error",
			id:        "c1",
			change:    func(r fakeRec) (fakeRec, error) { return r, carecoord.Required("n", "d") },
			wantErr:   carecoord.ErrInvalid,
			wantCalls: 1, wantSaves: 0, wantGets: 1,
			wantStore: start,
		},
		{
			name:      "save error other than conflict",
			setup:     func(s *fakeStore) { s.saveErr = fmt.Errorf("fake store: %w", errDisk) },
			id:        "c1",
			change:    increment,
			wantErr:   errDisk,
			wantCalls: 1, wantSaves: 1, wantGets: 1,
			wantStore: start,
		},
		{
			name:      "save error after conflicts",
			setup:     func(s *fakeStore) { s.conflict = 2; s.onSave = func(n int) { s.setSaveErrAt(n, 3, errDisk) } },
			id:        "c1",
			change:    increment,
			wantErr:   errDisk,
			wantCalls: 3, wantSaves: 3, wantGets: 3,
			wantStore: start,
		},
		{
			name:      "save error that is not a conflict but mentions ErrInvalid",
			setup:     func(s *fakeStore) { s.saveErr = carecoord.Invalid("meta.id", "d") },
			id:        "c1",
			change:    increment,
			wantErr:   carecoord.ErrInvalid,
			wantCalls: 1, wantSaves: 1, wantGets: 1,
			wantStore: start,
		},
		{
			name:      "get error",
			id:        "missing",
			change:    increment,
			wantErr:   carecoord.ErrNotFound,
			wantCalls: 0, wantSaves: 0, wantGets: 1,
			wantStore: start,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newFakeStore(start)
			if tt.setup != nil {
				tt.setup(s)
			}
			calls := 0
			got, err := carecoord.Update(t.Context(), s, tt.id, updAt, updBy, func(r fakeRec) (fakeRec, error) {
				calls++
				return tt.change(r)
			})
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Update error = %v, want nil", err)
				}
				if diff := cmp.Diff(tt.want, got, ignoreStamp); diff != "" {
					t.Errorf("Update result mismatch (-want +got):\n%s", diff)
				}
			} else {
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("Update error = %v, want one matching %v", err, tt.wantErr)
				}
				if errors.Is(err, carecoord.ErrConflict) {
					t.Errorf("Update error = %v matches ErrConflict; conflicts must be retried", err)
				}
			}
			counts := struct{ Calls, Saves, Gets int }{calls, s.saves, s.gets}
			wantCounts := struct{ Calls, Saves, Gets int }{tt.wantCalls, tt.wantSaves, tt.wantGets}
			if diff := cmp.Diff(wantCounts, counts); diff != "" {
				t.Errorf("call counts mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantStore, s.rec("c1"), ignoreStamp); diff != "" {
				t.Errorf("stored record mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// setSaveErrAt makes save number n fail with err when n == at. It is called from onSave,
// without the lock held.
func (s *fakeStore) setSaveErrAt(n, at int, err error) {
	if n != at {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conflict = 0
	s.saveErr = err
}

func TestUpdateRetriesWithFreshValue(t *testing.T) {
	// Another writer saves between Update's read and its save, twice. Each retry must
	// see the other writer's value, and the final save builds on the last one.
	s := newFakeStore(fakeRec{Meta: carecoord.Meta{ID: "c1", Version: 1}, N: 0})
	s.onSave = func(n int) {
		if n <= 2 {
			cur := s.rec("c1")
			cur.N += 100
			cur.Notes = append(cur.Notes, "other")
			s.put(cur)
		}
	}
	var seen []fakeRec
	got, err := carecoord.Update(t.Context(), s, "c1", updAt, updBy, func(r fakeRec) (fakeRec, error) {
		seen = append(seen, r.clone())
		return increment(r)
	})
	if err != nil {
		t.Fatalf("Update error = %v, want nil", err)
	}
	wantSeen := []fakeRec{
		{Meta: carecoord.Meta{ID: "c1", Version: 1}, N: 0},
		{Meta: carecoord.Meta{ID: "c1", Version: 2}, N: 100, Notes: []string{"other"}},
		{Meta: carecoord.Meta{ID: "c1", Version: 3}, N: 200, Notes: []string{"other", "other"}},
	}
	if diff := cmp.Diff(wantSeen, seen, ignoreStamp); diff != "" {
		t.Errorf("values passed to change (-want +got):\n%s", diff)
	}
	want := fakeRec{Meta: carecoord.Meta{ID: "c1", Version: 4}, N: 201, Notes: []string{"other", "other", "201"}}
	if diff := cmp.Diff(want, got, ignoreStamp); diff != "" {
		t.Errorf("Update result (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, s.rec("c1"), ignoreStamp); diff != "" {
		t.Errorf("stored record (-want +got):\n%s", diff)
	}
}

// runBounded runs Update in a goroutine and fails the test if it does not return within a
// generous limit, so a retry loop that never ends fails instead of hanging the test binary.
func runBounded(t *testing.T, f func() (fakeRec, error)) (fakeRec, error) {
	t.Helper()
	type result struct {
		r   fakeRec
		err error
	}
	done := make(chan result, 1)
	go func() {
		r, err := f()
		done <- result{r, err}
	}()
	select {
	case res := <-done:
		return res.r, res.err
	case <-time.After(5 * time.Second):
		t.Fatal("Update did not return within 5s")
		return fakeRec{}, nil
	}
}

func TestUpdateContext(t *testing.T) {
	t.Run("cancelled before start", func(t *testing.T) {
		s := newFakeStore(fakeRec{Meta: carecoord.Meta{ID: "c1"}})
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		calls := 0
		_, err := runBounded(t, func() (fakeRec, error) {
			return carecoord.Update(ctx, s, "c1", updAt, updBy, func(r fakeRec) (fakeRec, error) { calls++; return r, nil })
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Update error = %v, want context.Canceled", err)
		}
		if calls != 0 || s.saves != 0 {
			t.Errorf("change called %d times, Save %d times; want 0 and 0", calls, s.saves)
		}
	})
	t.Run("cancelled between attempts", func(t *testing.T) {
		s := newFakeStore(fakeRec{Meta: carecoord.Meta{ID: "c1"}})
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		s.onSave = func(n int) {
			cur := s.rec("c1") // another writer makes progress each time
			s.put(cur)
			if n == 2 {
				cancel()
			}
		}
		calls := 0
		_, err := runBounded(t, func() (fakeRec, error) {
			return carecoord.Update(ctx, s, "c1", updAt, updBy, func(r fakeRec) (fakeRec, error) { calls++; return increment(r) })
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Update error = %v, want context.Canceled", err)
		}
		if calls != 2 || s.saves != 2 {
			t.Errorf("change called %d times, Save %d times; want 2 each", calls, s.saves)
		}
	})
	t.Run("a store that always conflicts without change is given up on", func(t *testing.T) {
		s := newFakeStore(fakeRec{Meta: carecoord.Meta{ID: "c1"}})
		s.always = true
		_, err := runBounded(t, func() (fakeRec, error) {
			return carecoord.Update(context.Background(), s, "c1", updAt, updBy, increment)
		})
		if !errors.Is(err, carecoord.ErrConflict) {
			t.Errorf("Update error = %v, want the store's ErrConflict", err)
		}
		if s.saves != 4 || s.stored != 0 {
			t.Errorf("Save called %d times (%d stored); want 4 (one, then three stale retries)", s.saves, s.stored)
		}
	})
	t.Run("contention keeps retrying while others make progress", func(t *testing.T) {
		s := newFakeStore(fakeRec{Meta: carecoord.Meta{ID: "c1"}})
		s.onSave = func(n int) {
			if n <= 10 { // ten other writers get in first, one after another
				s.put(s.rec("c1"))
			}
		}
		got, err := runBounded(t, func() (fakeRec, error) {
			return carecoord.Update(context.Background(), s, "c1", updAt, updBy, increment)
		})
		if err != nil || got.Version != 11 || got.N != 1 {
			t.Errorf("Update = version %d N %d, %v; want version 11, N 1", got.Version, got.N, err)
		}
	})
	t.Run("cancelled during a successful save is still a success", func(t *testing.T) {
		// The save went through; Update must report it rather than ctx.Err().
		s := newFakeStore(fakeRec{Meta: carecoord.Meta{ID: "c1", Version: 1}})
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		s.onSave = func(int) { cancel() }
		got, err := runBounded(t, func() (fakeRec, error) {
			return carecoord.Update(ctx, s, "c1", updAt, updBy, increment)
		})
		if err != nil {
			t.Fatalf("Update error = %v, want nil", err)
		}
		if got.Version != 2 || got.N != 1 {
			t.Errorf("Update result = %+v, want version 2, N 1", got)
		}
	})
}

func TestUpdateConcurrentWritersLoseNothing(t *testing.T) {
	// Several writers increment one record at once through Update; real version conflicts
	// happen and are retried, and no increment is lost.
	s := newFakeStore(fakeRec{Meta: carecoord.Meta{ID: "c1", Version: 1}})
	const writers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				if _, err := carecoord.Update(t.Context(), s, "c1", updAt, updBy, func(r fakeRec) (fakeRec, error) {
					r.N++
					return r, nil
				}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("Update error = %v", err)
	}
	got := s.rec("c1")
	if got.N != writers*each || got.Version != 1+writers*each {
		t.Errorf("after %d updates: N = %d, Version = %d; want %d and %d", writers*each, got.N, got.Version, writers*each, 1+writers*each)
	}
}

func TestUpdateStampsEveryVersion(t *testing.T) {
	s := newFakeStore(fakeRec{Meta: carecoord.Meta{ID: "c1", Version: 1, UpdatedAt: updAt.Add(-time.Hour), UpdatedBy: carecoord.Actor{Kind: carecoord.ActorDevice, ID: "import"}}})
	got, err := carecoord.Update(t.Context(), s, "c1", updAt, updBy, increment)
	if err != nil {
		t.Fatal(err)
	}
	if !got.UpdatedAt.Equal(updAt) || got.UpdatedBy != updBy || !s.rec("c1").UpdatedAt.Equal(updAt) {
		t.Errorf("saved version stamped %v by %v; want %v by %v", got.UpdatedAt, got.UpdatedBy, updAt, updBy)
	}
}

func TestUpdateRefusesChangesToIdentity(t *testing.T) {
	for name, change := range map[string]func(fakeRec) (fakeRec, error){
		"version": func(r fakeRec) (fakeRec, error) { r.Version++; return r, nil },
		"id":      func(r fakeRec) (fakeRec, error) { r.ID = "other"; return r, nil },
	} {
		s := newFakeStore(fakeRec{Meta: carecoord.Meta{ID: "c1", Version: 2}})
		_, err := carecoord.Update(t.Context(), s, "c1", updAt, updBy, change)
		if !errors.Is(err, carecoord.ErrInvalid) || s.saves != 0 {
			t.Errorf("change of %s: error = %v after %d saves; want ErrInvalid before saving", name, err, s.saves)
		}
	}
}
