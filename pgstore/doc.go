// Package pgstore keeps every carecoord domain record in PostgreSQL: care plans, referrals,
// medication reconciliations, transition events and checklists, and SDOH screening responses,
// each behind its domain's Store interface and passing the same conformance kit as the
// in-memory stores (careplantest.TestStore and its siblings). It is a module of its own
// (github.com/carecoord/carecoord/pgstore), built on github.com/jackc/pgx/v5, so that the core
// library never depends on a database driver.
//
//	pool, err := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
//	...
//	db := pgstore.New(pool, pgstore.Options{Schema: "carecoord"})
//	if err := db.Migrate(ctx); err != nil { ... } // at every start; does nothing when up to date
//	referrals := db.Referrals()                   // a referral.Store
//	events := db.Transitions(time.LoadLocation).Events()
//
// # Schema
//
// Each aggregate has two tables. The version table (care_plan_version, referral_version,
// medrec_reconciliation_version, transition_event_version, transition_checklist_version,
// sdoh_response_version) holds one row per saved version, keyed by (id, version): the record as
// JSONB (encoding/json's output of the domain type, which carries every field), who saved it and
// when. A trigger makes it append-only: UPDATE and DELETE are refused, so History is the audit
// trail. The current table (care_plan, referral, ...) holds one row per record: its id, its
// current version (a foreign key to the version row) and the fields that the domain's List
// queries filter on, as indexed columns: patient, status, actors as kind and id, encounter,
// context, event, purpose, dates as DATE. Ids use the "C" collation, so List's order by id is
// Go's byte order, as in the memory stores. [Stores.Migrate] creates and upgrades the schema;
// the migrations it applied are recorded in carecoord_migrations.
//
// # Concurrency and atomicity
//
// A Save is one SQL statement: it moves the current row from the version the caller read to
// the next one (or inserts it, for version 0, only where no row has the id) and inserts the
// version row from what that returned. PostgreSQL runs a statement atomically, so a save is
// written whole or not at all, even when its connection dies half way; and the current row's
// lock serialises writers, so of two saves from one version exactly one succeeds and the other
// gets an error wrapping carecoord.ErrConflict, whatever connection or process each runs on.
// carecoord.Update retries such conflicts. A Save whose connection breaks returns an error, but
// PostgreSQL may already have committed it: read the record again before saving it again.
//
// # Errors
//
// Errors wrap carecoord.ErrNotFound, carecoord.ErrConflict and carecoord.ErrInvalid as the
// memory stores' do. Errors from the server keep their SQLSTATE code but not their message,
// which can quote a value (patient data); the *pgconn.PgError is still there for errors.As.
// PostgreSQL text cannot hold the NUL character, and holds text only as UTF-8: a record with a
// NUL in any string, or a string that is not valid UTF-8 (Latin-1 bytes from an old feed, say),
// is refused with an error matching carecoord.ErrInvalid that names the field. Neither is
// ever stored changed (encoding/json alone would put U+FFFD in place of the bytes that are not
// UTF-8). The memory stores keep such strings as they are.
//
// # Time zones
//
// transition.Event and transition.Checklist hold a *time.Location that JSON does not carry. The
// store keeps its name (Zone) and restores it on every read with the function given to
// [Stores.Transitions], usually time.LoadLocation; a host without a time-zone database imports
// time/tzdata. Like the rest of carecoord, this package reads no clock and starts no goroutine:
// instants come from the records (Meta.UpdatedAt is the version row's updated_at).
package pgstore
