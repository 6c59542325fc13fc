package pgstore_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/referral"
)

// writers is how many goroutines the benchmark runs at once, each with a connection of its own.
const writers = 8

// parallel runs op b.N times in all, spread over the writers' goroutines, and reports the
// operations a second under unit.
func parallel(b *testing.B, unit string, op func(w, i int) error) {
	b.Helper()
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for w := range writers {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				if err := op(w, int(i)); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), unit)
}

// BenchmarkReferralStore8Writers measures a referral store on PostgreSQL with 8 goroutines on a
// pool of 8 connections: Save, each goroutine saving new versions of its own referrals (no
// conflicts; every save writes a version row and moves the current row); Get, reads of the
// latest version of 1,000 referrals; and Update, all 8 goroutines doing read-modify-write on one
// referral through carecoord.Update (conflicts and retries included; each op is one update that
// landed). A referral is about 630 bytes of JSON. See BENCHMARKS.md for the figures.
func BenchmarkReferralStore8Writers(b *testing.B) {
	ctx := b.Context()
	pool := connect(b, writers)
	s, _ := migrated(b, pool)
	store := s.Referrals()
	const records = 1000
	for i := range records {
		if _, err := store.Save(ctx, newReferral(fmt.Sprintf("g%04d", i))); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("Save", func(b *testing.B) {
		// Each writer owns 16 referrals and saves them in turn, each from the version it holds.
		var mine [writers][16]referral.Referral
		for w := range writers {
			for j := range mine[w] {
				r, err := store.Save(ctx, newReferral(fmt.Sprintf("s%d-%02d-%d", w, j, b.N)))
				if err != nil {
					b.Fatal(err)
				}
				mine[w][j] = r
			}
		}
		parallel(b, "saves/s", func(w, i int) error {
			r := &mine[w][i%16]
			r.UpdatedAt = r.UpdatedAt.Add(time.Minute)
			saved, err := store.Save(ctx, *r)
			*r = saved
			return err
		})
	})
	b.Run("Get", func(b *testing.B) {
		parallel(b, "gets/s", func(w, i int) error {
			_, err := store.Get(ctx, fmt.Sprintf("g%04d", (i*7919+w)%records))
			return err
		})
	})
	b.Run("Update", func(b *testing.B) {
		id := fmt.Sprintf("u-%d", b.N)
		if _, err := store.Save(ctx, newReferral(id)); err != nil {
			b.Fatal(err)
		}
		by := carecoord.Actor{Kind: carecoord.ActorDevice, ID: "bench"}
		at := time.Date(2025, 9, 2, 10, 0, 0, 0, time.UTC)
		parallel(b, "updates/s", func(w, i int) error {
			_, err := carecoord.Update(ctx, store, id, at.Add(time.Duration(i)*time.Second), by,
				func(r referral.Referral) (referral.Referral, error) { return r, nil })
			return err
		})
	})
}
