package pgstore_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	_ "time/tzdata" // the transition stores load zones by name; the test binary carries the database

	"github.com/carecoord/carecoord/pgstore"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// envURL names the environment variable that gives the tests a PostgreSQL server, as a URL or
// a key=value connection string: .ci/run starts a throwaway server and sets it.
const envURL = "PGSTORE_DATABASE_URL"

// connect returns a pool of at most maxConns connections to the test server, closed when the
// test ends, or skips the test when no server is given.
func connect(t testing.TB, maxConns int32) *pgxpool.Pool {
	t.Helper()
	url := os.Getenv(envURL)
	if url == "" {
		t.Skipf("%s is not set: the PostgreSQL store tests need a server (.ci/run starts a throwaway one; "+
			"or set it to e.g. postgres://postgres@127.0.0.1:5432/postgres)", envURL)
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		t.Fatalf("%s: %v", envURL, err)
	}
	cfg.MaxConns = maxConns
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// schemaFor returns a schema name for this test, unique to this process, at most 63 bytes.
func schemaFor(t testing.TB) string {
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		if r >= 'A' && r <= 'Z' {
			return r - 'A' + 'a'
		}
		return '_'
	}, t.Name())
	name = fmt.Sprintf("pgstore_test_%d_%s", os.Getpid(), name)
	return name[:min(len(name), 63)]
}

// migrated returns the stores in a new schema of pool named after the test, migrated, and
// dropped with everything in it when the test ends.
func migrated(t testing.TB, pool *pgxpool.Pool) (*pgstore.Stores, string) {
	t.Helper()
	schema := schemaFor(t)
	drop := func() error {
		_, err := pool.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+pgx.Identifier{schema}.Sanitize()+" CASCADE")
		return err
	}
	if err := drop(); err != nil {
		t.Fatal(err)
	}
	s := pgstore.New(pool, pgstore.Options{Schema: schema})
	if err := s.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := drop(); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})
	return s, schema
}

// truncate empties the current and version tables of each aggregate named, so that the kits'
// newStore returns an empty store without migrating a schema each time.
func truncate(t testing.TB, pool *pgxpool.Pool, schema string, aggregates ...string) {
	t.Helper()
	var names []string
	for _, a := range aggregates {
		names = append(names, pgx.Identifier{schema, a}.Sanitize(), pgx.Identifier{schema, a + "_version"}.Sanitize())
	}
	if _, err := pool.Exec(context.Background(), "TRUNCATE "+strings.Join(names, ", ")); err != nil {
		t.Fatal(err)
	}
}
