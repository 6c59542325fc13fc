package pgstore

import (
	"context"
	"fmt"

	"github.com/carecoord/carecoord/pgstore/internal/table"
)

// A migration is one step of the schema, applied once, in order, in one transaction with the
// row that records it. A released migration never changes: a change to the schema is a new
// migration appended to the list.
type migration struct {
	version int
	name    string
	sql     func(schema string) []string
}

// migrations returns the schema's steps, oldest first.
func migrations() []migration {
	return []migration{{1, "versioned tables for every store", schemaV1}}
}

// schemaV1 creates, for each aggregate, a current table (id, version and the columns its List
// queries filter on) and an append-only version table (one row per saved version, the record
// as JSONB), with a foreign key from the current row to its version.
func schemaV1(schema string) []string {
	q := func(name string) string { return table.Name(schema, name) }
	stmts := []string{
		`CREATE FUNCTION ` + q("carecoord_append_only") + `() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'carecoord: % keeps every version: rows are never updated or deleted', TG_TABLE_NAME
		USING ERRCODE = 'restrict_violation';
END
$$`,
	}
	versioned := func(name, columns string, indexes ...string) {
		cur, ver := q(name), q(name+"_version")
		stmts = append(stmts,
			`CREATE TABLE `+ver+` (
	id text COLLATE "C" NOT NULL,
	version bigint NOT NULL CHECK (version > 0),
	updated_at timestamptz NOT NULL,
	updated_by_kind text NOT NULL,
	updated_by_id text NOT NULL,
	record jsonb NOT NULL,
	PRIMARY KEY (id, version)
)`,
			`CREATE TRIGGER `+pgIdent(name+"_version_append_only")+` BEFORE UPDATE OR DELETE ON `+ver+
				` FOR EACH STATEMENT EXECUTE FUNCTION `+q("carecoord_append_only")+`()`,
			`CREATE TABLE `+cur+` (
	id text COLLATE "C" PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	`+columns+`,
	FOREIGN KEY (id, version) REFERENCES `+ver+` (id, version)
)`)
		for _, ix := range indexes {
			stmts = append(stmts, `CREATE INDEX ON `+cur+` `+ix)
		}
	}
	versioned("care_plan", `patient text NOT NULL,
	status text NOT NULL,
	coordinator_kind text NOT NULL,
	coordinator_id text NOT NULL`,
		`(patient)`, `(coordinator_id, coordinator_kind)`, `(status)`)
	versioned("referral", `patient text NOT NULL,
	status text NOT NULL,
	requester_kind text NOT NULL,
	requester_id text NOT NULL,
	performer_kind text NOT NULL,
	performer_id text NOT NULL`,
		`(patient)`, `(requester_id, requester_kind)`, `(performer_id, performer_kind)`, `(status)`)
	versioned("medrec_reconciliation", `patient text NOT NULL,
	encounter text NOT NULL,
	context text NOT NULL,
	status text NOT NULL`,
		`(patient)`, `(encounter)`)
	versioned("transition_event", `patient text NOT NULL,
	kind text NOT NULL,
	facility_kind text NOT NULL,
	facility_id text NOT NULL,
	primary_care_kind text NOT NULL,
	primary_care_id text NOT NULL,
	discharge_date date`,
		`(patient)`, `(facility_id, facility_kind)`, `(primary_care_id, primary_care_kind)`, `(discharge_date)`)
	versioned("transition_checklist", `patient text NOT NULL,
	event text NOT NULL,
	purpose text NOT NULL,
	open boolean NOT NULL,
	open_owners text[] NOT NULL`,
		`(patient)`, `(event)`, `USING gin (open_owners)`)
	versioned("sdoh_response", `patient text NOT NULL,
	instrument text NOT NULL,
	date date NOT NULL`,
		`(patient, date)`, `(instrument, date)`, `(date)`)
	return stmts
}

func pgIdent(name string) string { return table.Name("", name) }

// Migrate brings the database schema up to date: it creates the schema of [Options.Schema] if
// it does not exist, then applies, in one transaction, each migration not yet recorded in its
// table carecoord_migrations. It is safe to call at every start of every instance of a product:
// concurrent calls wait for each other (a transaction-scoped advisory lock) and a schema that is
// up to date is left alone. The stores never migrate by themselves.
func (s *Stores) Migrate(ctx context.Context) error {
	tx, err := s.db.Begin(ctx)
	if err != nil {
		return fmt.Errorf("pgstore: migrate: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // after Commit it does nothing; after a failure the error is the one returned
	// One lock for every schema of the database: creating a schema takes locks of its own.
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('carecoord.pgstore.migrate'))`); err != nil {
		return fmt.Errorf("pgstore: migrate: lock: %w", err)
	}
	if s.schema != "" {
		if _, err := tx.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+pgIdent(s.schema)); err != nil {
			return fmt.Errorf("pgstore: migrate: create schema: %w", err)
		}
	}
	log := table.Name(s.schema, "carecoord_migrations")
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS `+log+` (version integer PRIMARY KEY, name text NOT NULL)`); err != nil {
		return fmt.Errorf("pgstore: migrate: %w", err)
	}
	applied := map[int]bool{}
	rows, err := tx.Query(ctx, `SELECT version FROM `+log)
	if err != nil {
		return fmt.Errorf("pgstore: migrate: %w", err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return fmt.Errorf("pgstore: migrate: %w", err)
		}
		applied[v] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("pgstore: migrate: %w", err)
	}
	for _, m := range migrations() {
		if applied[m.version] {
			continue
		}
		for _, stmt := range m.sql(s.schema) {
			if _, err := tx.Exec(ctx, stmt); err != nil {
				return fmt.Errorf("pgstore: migrate %d (%s): %w", m.version, m.name, err)
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO `+log+` (version, name) VALUES ($1, $2)`, m.version, m.name); err != nil {
			return fmt.Errorf("pgstore: migrate %d: %w", m.version, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("pgstore: migrate: commit: %w", err)
	}
	return nil
}
