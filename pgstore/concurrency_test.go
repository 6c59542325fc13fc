package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/pgstore"
	"github.com/carecoord/carecoord/referral"
	"github.com/carecoord/carecoord/referral/referraltest"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// newReferral returns a valid, never-saved referral with this id.
func newReferral(id string) referral.Referral {
	r := referraltest.Referral(id).Example(1)
	r.UpdatedAt = time.Date(2025, 9, 2, 9, 0, 0, 0, time.UTC)
	return r
}

// mark is the reason code writer w adds in its i-th update.
func mark(w, i int) carecoord.Coding {
	return carecoord.Coding{System: "urn:example:update", Code: fmt.Sprintf("w%d-%d", w, i)}
}

// Several processes' worth of connections (three pools, as three instances of a product would
// have) and many goroutines do read-modify-write on one referral through carecoord.Update: every
// update is in the final version, and History holds every version, numbered without a gap.
func TestConcurrentUpdatesAcrossPoolsLoseNothing(t *testing.T) {
	ctx := t.Context()
	const pools, writers, writes = 3, 12, 15
	first := connect(t, 3)
	s, schema := migrated(t, first)
	stores := []*pgstore.ReferralStore{s.Referrals()}
	for range pools - 1 {
		stores = append(stores, pgstore.New(connect(t, 3), pgstore.Options{Schema: schema}).Referrals())
	}
	if _, err := stores[0].Save(ctx, newReferral("r1")); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			store := stores[w%pools]
			by := carecoord.Actor{Kind: carecoord.ActorDevice, ID: fmt.Sprintf("writer-%d", w)}
			for i := range writes {
				_, err := carecoord.Update(ctx, store, "r1", time.Date(2025, 9, 2, 10, 0, i, 0, time.UTC), by,
					func(r referral.Referral) (referral.Referral, error) {
						r = r.Clone()
						r.Reasons = append(r.Reasons, mark(w, i))
						return r, nil
					})
				if err != nil {
					errs <- fmt.Errorf("writer %d, update %d: %w", w, i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got, err := stores[1].Get(ctx, "r1")
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(1 + writers*writes); got.Version != want {
		t.Errorf("final version = %d, want %d", got.Version, want)
	}
	for w := range writers {
		for i := range writes {
			if !slices.Contains(got.Reasons, mark(w, i)) {
				t.Errorf("update %d of writer %d was lost", i, w)
			}
		}
	}
	hist, err := stores[2].History(ctx, "r1")
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range hist {
		if v.Version != int64(i+1) || len(v.Reasons) != len(hist[0].Reasons)+i {
			t.Fatalf("History[%d] is version %d with %d reasons; want version %d with %d", i, v.Version, len(v.Reasons), i+1, len(hist[0].Reasons)+i)
		}
	}
	if len(hist) != 1+writers*writes {
		t.Errorf("History has %d versions, want %d", len(hist), 1+writers*writes)
	}
}

// Two writers that read the same version both save: exactly one wins, whichever connection
// each has, and the other gets ErrConflict with nothing written.
func TestRacingSavesOneWins(t *testing.T) {
	ctx := t.Context()
	s, _ := migrated(t, connect(t, 8))
	store := s.Referrals()
	v1, err := store.Save(ctx, newReferral("r1"))
	if err != nil {
		t.Fatal(err)
	}
	const racers = 8
	for round := range 10 {
		base, err := store.Get(ctx, "r1")
		if err != nil {
			t.Fatal(err)
		}
		results := make(chan error, racers)
		var wg sync.WaitGroup
		for w := range racers {
			wg.Go(func() {
				r := base.Clone()
				r.Reasons = append(r.Reasons, mark(w, round))
				_, err := store.Save(ctx, r)
				results <- err
			})
		}
		wg.Wait()
		close(results)
		won := 0
		for err := range results {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, carecoord.ErrConflict):
				t.Fatalf("round %d: a losing save returned %v, want ErrConflict", round, err)
			}
		}
		if won != 1 {
			t.Fatalf("round %d: %d saves from version %d won, want 1", round, won, base.Version)
		}
	}
	if h, _ := store.History(ctx, "r1"); len(h) != int(v1.Version)+10 {
		t.Errorf("History has %d versions, want %d", len(h), v1.Version+10)
	}
}

// checkConsistent checks, straight from the tables, that each referral's current row points at
// its newest version, that its versions are numbered 1..n without a gap, and that every stored
// record decodes with the version of its row: no save left half of itself behind.
func checkConsistent(t *testing.T, pool *pgxpool.Pool, schema string) map[string]int64 {
	t.Helper()
	cur, ver := pgx.Identifier{schema, "referral"}.Sanitize(), pgx.Identifier{schema, "referral_version"}.Sanitize()
	rows, err := pool.Query(context.Background(), `
SELECT c.id, c.version, count(v.version), max(v.version), min(v.version),
       bool_and((v.record->>'version')::bigint = v.version)
FROM `+cur+` c JOIN `+ver+` v ON v.id = c.id GROUP BY c.id, c.version ORDER BY c.id`)
	if err != nil {
		t.Fatal(err)
	}
	versions := map[string]int64{}
	for rows.Next() {
		var id string
		var current, n, hi, lo int64
		var recordsAgree bool
		if err := rows.Scan(&id, &current, &n, &hi, &lo, &recordsAgree); err != nil {
			t.Fatal(err)
		}
		if current != hi || n != hi || lo != 1 || !recordsAgree {
			t.Errorf("%s: current row at version %d, versions %d..%d (%d rows), records agree: %v",
				id, current, lo, hi, n, recordsAgree)
		}
		versions[id] = current
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var orphans int
	if err := pool.QueryRow(context.Background(), `SELECT count(DISTINCT id) FROM `+ver+` v WHERE NOT EXISTS (SELECT 1 FROM `+cur+` c WHERE c.id = v.id)`).Scan(&orphans); err != nil {
		t.Fatal(err)
	}
	if orphans != 0 {
		t.Errorf("%d records have versions but no current row", orphans)
	}
	return versions
}
