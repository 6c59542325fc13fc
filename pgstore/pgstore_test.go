package pgstore_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/pgstore"
	"github.com/carecoord/carecoord/transition"
	"github.com/carecoord/carecoord/transition/transitiontest"
	"github.com/jackc/pgx/v5"
)

// Migrate is safe to call from several instances at once and again at every start: the
// migrations run once.
func TestMigrateConcurrentAndRepeated(t *testing.T) {
	pool := connect(t, 4)
	s, schema := migrated(t, pool)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() { errs <- pgstore.New(pool, pgstore.Options{Schema: schema + "_b"}).Migrate(t.Context()) })
	}
	wg.Wait()
	close(errs)
	t.Cleanup(func() {
		pool.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+pgx.Identifier{schema + "_b"}.Sanitize()+" CASCADE") //nolint:errcheck
	})
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent Migrate: %v", err)
		}
	}
	if err := s.Migrate(t.Context()); err != nil {
		t.Fatalf("Migrate again: %v", err)
	}
	for _, sc := range []string{schema, schema + "_b"} {
		var n int
		if err := pool.QueryRow(t.Context(), "SELECT count(*) FROM "+pgx.Identifier{sc, "carecoord_migrations"}.Sanitize()).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("schema %s records %d migrations, want 1", sc, n)
		}
	}
}

// Before Migrate, a store's error says to call it.
func TestUnmigratedSaysMigrate(t *testing.T) {
	pool := connect(t, 1)
	s := pgstore.New(pool, pgstore.Options{Schema: schemaFor(t)})
	_, err := s.Referrals().Get(t.Context(), "r1")
	if err == nil || !strings.Contains(err.Error(), "Migrate") {
		t.Errorf("Get before Migrate: %v, want an error that says to call Migrate", err)
	}
}

// The version tables are append-only: the database refuses to change or delete a version.
func TestVersionsAreAppendOnly(t *testing.T) {
	pool := connect(t, 2)
	s, schema := migrated(t, pool)
	if _, err := s.Referrals().Save(t.Context(), newReferral("r1")); err != nil {
		t.Fatal(err)
	}
	ver := pgx.Identifier{schema, "referral_version"}.Sanitize()
	for _, stmt := range []string{
		`UPDATE ` + ver + ` SET record = '{}'`,
		`DELETE FROM ` + ver,
	} {
		if _, err := pool.Exec(t.Context(), stmt); err == nil || !strings.Contains(err.Error(), "23001") {
			t.Errorf("%s: error %v, want restrict_violation (23001)", stmt, err)
		}
	}
}

// Errors name no patient data: not the patient, not the record's text, not the value the
// database refused.
func TestErrorsCarryNoPatientData(t *testing.T) {
	ctx := t.Context()
	pool := connect(t, 2)
	s, _ := migrated(t, pool)
	store := s.Referrals()
	r := newReferral("r1")
	r.Patient = "pat-secret-4711"
	v1, err := store.Save(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	stale := v1
	stale.Version = 7
	nul := newReferral("r2")
	nul.Patient = "pat-secret-4711"
	nul.Reasons[0].Display = "secret note\x00with a NUL"
	never := newReferral("r3")
	never.Version = 2
	latin1 := newReferral("r4")
	latin1.Patient = "pat-secret-4711"
	latin1.Reasons[0].Display = "secret note in Latin-1: caf\xe9"
	for name, tc := range map[string]struct {
		err  error
		kind error
	}{
		"conflict":  {must2(store.Save(ctx, r)), carecoord.ErrConflict},
		"stale":     {must2(store.Save(ctx, stale)), carecoord.ErrConflict},
		"never":     {must2(store.Save(ctx, never)), carecoord.ErrNotFound},
		"missing":   {must2(store.Get(ctx, "r9")), carecoord.ErrNotFound},
		"nul":       {must2(store.Save(ctx, nul)), carecoord.ErrInvalid},
		"latin1":    {must2(store.Save(ctx, latin1)), carecoord.ErrInvalid},
		"cancelled": {must2(store.Get(cancelled(ctx), "r1")), context.Canceled},
	} {
		if !errors.Is(tc.err, tc.kind) {
			t.Errorf("%s: error %v, want one matching %v", name, tc.err, tc.kind)
		}
		t.Logf("%s: %v", name, tc.err)
		if msg := tc.err.Error(); strings.Contains(msg, "secret") {
			t.Errorf("%s: error %q names patient data", name, msg)
		}
	}
	for _, id := range []string{"r2", "r4"} {
		if _, err := store.Get(ctx, id); !errors.Is(err, carecoord.ErrNotFound) {
			t.Errorf("the refused record %s was stored: %v", id, err)
		}
	}
}

// Text that is not UTF-8 is refused, naming the field, rather than stored changed (encoding/json
// would write U+FFFD in its place); the replacement character itself, and text that merely
// spells its JSON escape, are stored as they are.
func TestTextThatIsNotUTF8IsRefusedNotChanged(t *testing.T) {
	s, _ := migrated(t, connect(t, 2))
	store, ctx := s.Referrals(), t.Context()
	bad := newReferral("r1")
	bad.Reasons[0].Display = "caf\xe9"
	_, err := store.Save(ctx, bad)
	var fe *carecoord.FieldError
	if !errors.As(err, &fe) || fe.Path != "reasons[0].display" {
		t.Fatalf("saving text that is not UTF-8: error %v, want a field error at reasons[0].display", err)
	}
	good := newReferral("r2")
	good.Reasons[0].Display = "\ufffd and `\\ufffd` and caf\u00e9"
	saved, err := store.Save(ctx, good)
	if err != nil {
		t.Fatal(err)
	}
	got, err := store.Get(ctx, "r2")
	if err != nil {
		t.Fatal(err)
	}
	if got.Reasons[0].Display != saved.Reasons[0].Display {
		t.Errorf("stored %q, read back %q", saved.Reasons[0].Display, got.Reasons[0].Display)
	}
}

func must2[T any](_ T, err error) error { return err }

func cancelled(ctx context.Context) context.Context {
	ctx, cancel := context.WithCancel(ctx)
	cancel()
	return ctx
}

// Saves made through a transaction the caller passes as the DB are the caller's to commit or
// roll back.
func TestStoresInACallersTransaction(t *testing.T) {
	ctx := t.Context()
	pool := connect(t, 2)
	_, schema := migrated(t, pool)
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	inTx := pgstore.New(tx, pgstore.Options{Schema: schema}).Referrals()
	if _, err := inTx.Save(ctx, newReferral("r1")); err != nil {
		t.Fatal(err)
	}
	if _, err := inTx.Get(ctx, "r1"); err != nil {
		t.Errorf("Get in the transaction that saved: %v", err)
	}
	outside := pgstore.New(pool, pgstore.Options{Schema: schema}).Referrals()
	if _, err := outside.Get(ctx, "r1"); !errors.Is(err, carecoord.ErrNotFound) {
		t.Errorf("Get outside the open transaction: %v, want ErrNotFound", err)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := outside.Get(ctx, "r1"); !errors.Is(err, carecoord.ErrNotFound) {
		t.Errorf("Get after rollback: %v, want ErrNotFound", err)
	}
}

// An event in a zone with daylight-saving rules comes back in that zone, with the same local
// discharge day, and List finds it by that day (the day in the facility's zone, not UTC's).
func TestEventZoneWithDaylightSaving(t *testing.T) {
	ctx := t.Context()
	pool := connect(t, 2)
	s, _ := migrated(t, pool)
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	store := s.Transitions(time.LoadLocation).Events()
	e := transitiontest.EventIn("e1", ny).Example(3)
	e.Kind, e.Setting, e.Disposition = transition.KindDischarge, transition.SettingAcuteInpatient, transition.DispositionHome
	// 23:30 on 2 November 2025 in New York (the day clocks went back) is 04:30 on the 3rd in UTC.
	e.Discharged = time.Date(2025, 11, 2, 23, 30, 0, 0, ny)
	e.Admitted = e.Discharged.Add(-50 * time.Hour)
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Save(ctx, e); err != nil {
		t.Fatal(err)
	}
	got, err := store.Get(ctx, "e1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Location.String() != "America/New_York" || got.DischargeDate() != civil.MustParse("2025-11-02") {
		t.Errorf("Get: zone %s, discharge day %s; want America/New_York, 2025-11-02", got.Location, got.DischargeDate())
	}
	for day, want := range map[string]int{"2025-11-02": 1, "2025-11-03": 0} {
		d := civil.MustParse(day)
		l, err := store.List(ctx, transition.EventQuery{Discharged: civil.Range{Start: d, End: d}})
		if err != nil || len(l) != want {
			t.Errorf("List(discharged %s) = %d events, %v; want %d", day, len(l), err, want)
		}
	}
}
