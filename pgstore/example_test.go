package pgstore_test

import (
	"context"
	"log"
	"os"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/pgstore"
	"github.com/carecoord/carecoord/referral"
	"github.com/carecoord/carecoord/transition"
	"github.com/jackc/pgx/v5/pgxpool"
)

// A product opens a pool, migrates at start-up and hands the stores to its code, which sees
// only the domain Store interfaces. (This example is compiled, not run: it needs a server.)
func Example() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()
	db := pgstore.New(pool, pgstore.Options{Schema: "carecoord"})
	if err := db.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
	var referrals referral.Store = db.Referrals()
	coordinator := carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-7"}
	// Read-modify-write with retries on conflicts, whichever instance saves first.
	_, err = carecoord.Update(ctx, referrals, "ref-123", time.Date(2025, 9, 3, 14, 0, 0, 0, time.UTC), coordinator,
		func(r referral.Referral) (referral.Referral, error) {
			r = r.Clone()
			r.Reasons = append(r.Reasons, carecoord.Coding{System: carecoord.SystemICD10CM, Code: "I50.9"})
			return r, nil
		})
	if err != nil {
		log.Fatal(err)
	}
	open, err := referrals.List(ctx, referral.Query{Patient: "pat-1", Open: true})
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("%d open referrals", len(open))
	// Transition records come back with their facility's time zone, loaded by name.
	stays, err := db.Transitions(time.LoadLocation).Events().List(ctx, transition.EventQuery{Patient: "pat-1"})
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("%d hospital stays and visits", len(stays))
}
