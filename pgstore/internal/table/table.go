// Package table is the one versioned PostgreSQL table pair that every store of package pgstore
// wraps, as internal/memstore is for the in-memory stores: a current table (one row per record:
// its id, its current version and the columns the domain's List queries filter on) and an
// append-only version table (one row per saved version: the record as JSONB, encoding/json's
// output of the domain type). Optimistic concurrency is enforced by the database: a save is one
// statement that updates the current row only where it still holds the version the caller read
// (or inserts it only where no row exists) and inserts the new version from what that update
// returned, so both writes happen or neither does, and two writers racing from one version
// cannot both succeed (the row lock serialises them; the loser's condition no longer holds).
//
// pgstore gives each aggregate a Config: its noun, its table name, its column extractors and
// the domain's Meta, Clone and Validate functions, and turns its List query into a [Where].
// Nothing exported by pgstore mentions this package, so its API can change with pgstore.
package table

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/carecoord/carecoord"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// DB is what a Table needs of a connection: *pgxpool.Pool, *pgx.Conn and pgx.Tx all have
// these methods.
type DB interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// A Column is one column of the current table that List queries filter on, with the function
// that computes its value from a record (a string, bool, []string, civil.Date or nil).
type Column[T any] struct {
	Name  string
	Value func(*T) any
}

// Config describes the records a Table keeps. Record, Table, Meta and Clone are required.
type Config[T any] struct {
	// Record names the kind of record in errors, e.g. "care plan".
	Record string
	// Table is the name of the current table; the versions are in Table+"_version".
	Table string
	// Columns are the current table's columns besides id and version, as the migration
	// creates them.
	Columns []Column[T]
	// Meta returns a pointer to the record's Meta.
	Meta func(*T) *carecoord.Meta
	// Clone returns a deep copy of a record (the domain's Clone method).
	Clone func(T) T
	// Validate, if set, checks a record's content before it is saved.
	Validate func(T) error
	// Decode, if set, restores what JSON does not carry after a record is read (a
	// *time.Location from its zone name).
	Decode func(*T) error
}

// A Table keeps every version of every record of one kind in PostgreSQL. It is safe for
// concurrent use when its DB is (a pool is). Create one with New; the zero Table is not usable.
type Table[T any] struct {
	cfg Config[T]
	db  DB

	getSQL, historySQL, listSQL, versionSQL, createSQL, updateSQL string
}

// New returns a Table on db whose tables are in schema ("" for the connection's search_path).
// It panics if cfg lacks a required field: a programming error in pgstore, found by its first
// test.
func New[T any](db DB, schema string, cfg Config[T]) *Table[T] {
	if cfg.Record == "" || cfg.Table == "" || cfg.Meta == nil || cfg.Clone == nil {
		panic("table.New: Config.Record, Table, Meta and Clone are required")
	}
	cur, ver := Name(schema, cfg.Table), Name(schema, cfg.Table+"_version")
	t := &Table[T]{cfg: cfg, db: db}
	t.getSQL = `SELECT v.record FROM ` + cur + ` c JOIN ` + ver + ` v ON v.id = c.id AND v.version = c.version WHERE c.id = $1`
	t.historySQL = `SELECT record FROM ` + ver + ` WHERE id = $1 ORDER BY version`
	t.listSQL = `SELECT v.record FROM ` + cur + ` c JOIN ` + ver + ` v ON v.id = c.id AND v.version = c.version`
	t.versionSQL = `SELECT version FROM ` + cur + ` WHERE id = $1`

	// Parameters: $1 id, $2 the version read, $3 the new version, $4 updated_at,
	// $5 updated_by_kind, $6 updated_by_id, $7 record, then the columns from $8.
	insertVersion := `INSERT INTO ` + ver + ` (id, version, updated_at, updated_by_kind, updated_by_id, record)
SELECT id, $3::bigint, $4::timestamptz, $5::text, $6::text, $7::jsonb FROM cur`
	var names, params, sets []string
	for i, c := range cfg.Columns {
		p := "$" + strconv.Itoa(8+i)
		names, params = append(names, c.Name), append(params, p)
		sets = append(sets, c.Name+" = "+p)
	}
	cols, vals, set := "", "", ""
	if len(names) > 0 {
		cols, vals, set = ", "+strings.Join(names, ", "), ", "+strings.Join(params, ", "), ", "+strings.Join(sets, ", ")
	}
	// A creation inserts the current row only where no row has this id; the version row is
	// inserted from what that insert returned. ($2, the version read, is 0 here; the statement
	// names it because PostgreSQL must learn every parameter's type.)
	t.createSQL = `WITH cur AS (
	INSERT INTO ` + cur + ` (id, version` + cols + `) VALUES ($1, $3` + vals + `)
	ON CONFLICT (id) DO NOTHING RETURNING id
)
` + insertVersion + ` WHERE $2::bigint = 0`
	// An update moves the current row only where it still holds the version the caller read.
	t.updateSQL = `WITH cur AS (
	UPDATE ` + cur + ` SET version = $3` + set + ` WHERE id = $1 AND version = $2 RETURNING id
)
` + insertVersion
	return t
}

// Name returns the quoted, schema-qualified name of a table or other object.
func Name(schema, name string) string {
	if schema == "" {
		return pgx.Identifier{name}.Sanitize()
	}
	return pgx.Identifier{schema, name}.Sanitize()
}

// Get returns the latest version of the record with this id, or an error wrapping
// carecoord.ErrNotFound.
func (t *Table[T]) Get(ctx context.Context, id string) (T, error) {
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	var b []byte
	if err := t.db.QueryRow(ctx, t.getSQL, id).Scan(&b); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return zero, t.notFound()
		}
		return zero, t.dbError("get", err)
	}
	return t.decode("get", b)
}

// History returns every saved version of the record with this id, oldest first, or an error
// wrapping carecoord.ErrNotFound.
func (t *Table[T]) History(ctx context.Context, id string) ([]T, error) {
	vs, err := t.query(ctx, "history", t.historySQL, id)
	if err == nil && len(vs) == 0 {
		return nil, t.notFound()
	}
	return vs, err
}

// List returns the latest version of every record that w selects, ordered by id (the id
// column's "C" collation orders bytes, as Go orders strings).
func (t *Table[T]) List(ctx context.Context, w Where) ([]T, error) {
	sql := t.listSQL
	if len(w.conds) > 0 {
		sql += " WHERE " + strings.Join(w.conds, " AND ")
	}
	return t.query(ctx, "list", sql+" ORDER BY c.id", w.args...)
}

func (t *Table[T]) query(ctx context.Context, op, sql string, args ...any) ([]T, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rows, err := t.db.Query(ctx, sql, args...)
	if err != nil {
		return nil, t.dbError(op, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, t.dbError(op, err)
		}
		v, err := t.decode(op, b)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, t.dbError(op, err)
	}
	return out, nil
}

// Save stores v as a new version of its record and returns a copy of what was stored, with
// Meta.Version advanced by one; v itself is not changed. The rules are those of every domain
// Store: version 0 creates a record that must not exist yet, n > 0 replaces version n; otherwise
// nothing is written and the error wraps carecoord.ErrConflict (or carecoord.ErrNotFound for a
// version n > 0 of a record never saved). An invalid Meta or record matches
// carecoord.ErrInvalid, and so does a record with text PostgreSQL cannot hold as it is (not
// valid UTF-8, which encoding/json would store changed, or holding a NUL): it is refused,
// naming the field.
func (t *Table[T]) Save(ctx context.Context, v T) (T, error) {
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	m := *t.cfg.Meta(&v)
	var errs carecoord.FieldErrors
	errs.Nest("meta", m.Validate())
	if err := errs.Err(); err != nil {
		return zero, fmt.Errorf("save %s: %w", t.cfg.Record, err)
	}
	if t.cfg.Validate != nil {
		if err := t.cfg.Validate(v); err != nil {
			return zero, fmt.Errorf("save %s: %w", t.cfg.Record, err)
		}
	}
	stored := t.cfg.Clone(v)
	t.cfg.Meta(&stored).Version = m.Version + 1
	rec, err := json.Marshal(stored)
	if err != nil {
		return zero, fmt.Errorf("save %s: the record does not encode as JSON: %w", t.cfg.Record, carecoord.ErrInvalid)
	}
	if fe := unstorableText(reflect.ValueOf(stored)); fe != nil {
		return zero, fmt.Errorf("save %s: %w", t.cfg.Record, fe)
	}
	args := make([]any, 0, 7+len(t.cfg.Columns))
	args = append(args, m.ID, m.Version, m.Version+1, m.UpdatedAt, string(m.UpdatedBy.Kind), m.UpdatedBy.ID, rec)
	for _, c := range t.cfg.Columns {
		args = append(args, c.Value(&stored))
	}
	sql := t.updateSQL
	if m.Version == 0 {
		sql = t.createSQL
	}
	tag, err := t.db.Exec(ctx, sql, args...)
	if err != nil {
		return zero, t.dbError("save", err)
	}
	if tag.RowsAffected() == 1 {
		return stored, nil
	}
	// Nothing was written: say why.
	if m.Version == 0 {
		return zero, fmt.Errorf("save %s: a record with this id exists: %w", t.cfg.Record, carecoord.ErrConflict)
	}
	var current int64
	switch err := t.db.QueryRow(ctx, t.versionSQL, m.ID).Scan(&current); {
	case errors.Is(err, pgx.ErrNoRows):
		return zero, fmt.Errorf("save %s: version %d of a record that was never saved: %w", t.cfg.Record, m.Version, carecoord.ErrNotFound)
	case err != nil:
		return zero, t.dbError("save", err)
	}
	return zero, fmt.Errorf("save %s: version %d is stale, the stored version is %d: %w", t.cfg.Record, m.Version, current, carecoord.ErrConflict)
}

func (t *Table[T]) decode(op string, b []byte) (T, error) {
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		// The decoder's message may quote the stored value: keep only its kind.
		return v, fmt.Errorf("pgstore: %s %s: a stored record does not decode (%T)", op, t.cfg.Record, err)
	}
	if t.cfg.Decode != nil {
		if err := t.cfg.Decode(&v); err != nil {
			return v, fmt.Errorf("pgstore: %s %s: %w", op, t.cfg.Record, err)
		}
	}
	return v, nil
}

func (t *Table[T]) notFound() error {
	return fmt.Errorf("%s: %w", t.cfg.Record, carecoord.ErrNotFound)
}

// dbError wraps an error from the database. A server error keeps its SQLSTATE code and the
// names of the constraint and table but not its message or detail, which may quote a value;
// the *pgconn.PgError is still there for errors.As. Violations that mean a conflict or invalid
// text match carecoord.ErrConflict or carecoord.ErrInvalid; context errors are kept as they are.
func (t *Table[T]) dbError(op string, err error) error {
	var pg *pgconn.PgError
	if !errors.As(err, &pg) {
		return fmt.Errorf("pgstore: %s %s: %w", op, t.cfg.Record, err)
	}
	e := &Error{Op: op + " " + t.cfg.Record, Code: pg.Code, Constraint: pg.ConstraintName, Table: pg.TableName, err: err}
	switch pg.Code {
	case "23505": // unique_violation: another writer saved this version first
		e.Kind = carecoord.ErrConflict
	case "22P05", "22021": // untranslatable_character (\u0000 in JSONB), character_not_in_repertoire
		e.Kind = carecoord.Invalid("", holdsNUL) // Save finds them first; this is for what it cannot see
	case "42P01", "42703": // undefined_table, undefined_column
		e.Hint = "the schema is missing or out of date: call Migrate"
	}
	return e
}

// An Error is an error from the PostgreSQL server, without its message (which may quote a
// value): the operation, the SQLSTATE code, the constraint and table it names, and what it
// means for the caller, if anything (carecoord.ErrConflict, or a *carecoord.FieldError that
// matches carecoord.ErrInvalid). Unwrap returns that and the *pgconn.PgError.
type Error struct {
	Op, Code, Constraint, Table, Hint string
	Kind                              error
	err                               error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("pgstore: " + e.Op + ": postgres error " + e.Code)
	if e.Table != "" {
		b.WriteString(" on " + e.Table)
	}
	if e.Constraint != "" {
		b.WriteString(" (" + e.Constraint + ")")
	}
	if e.Hint != "" {
		b.WriteString(": " + e.Hint)
	}
	if e.Kind != nil {
		b.WriteString(": " + e.Kind.Error())
	}
	return b.String()
}

// Unwrap returns the carecoord error kind, if any, and the server's error.
func (e *Error) Unwrap() []error {
	if e.Kind == nil {
		return []error{e.err}
	}
	return []error{e.Kind, e.err}
}

// A Where is the conditions of a List query, joined with AND, on the current table (alias c).
// The zero Where selects every record.
type Where struct {
	conds []string
	args  []any
}

// And adds a condition: cond is SQL written in pgstore (never caller text) in which each "?"
// stands for the next of args, passed as a query parameter.
func (w *Where) And(cond string, args ...any) {
	var b strings.Builder
	n := 0
	for _, r := range cond {
		if r == '?' && n < len(args) {
			w.args = append(w.args, args[n])
			n++
			b.WriteString("$" + strconv.Itoa(len(w.args)))
			continue
		}
		b.WriteRune(r)
	}
	w.conds = append(w.conds, "("+b.String()+")")
}

// Strings returns vs as plain strings, for a text[] parameter.
func Strings[S ~string](vs []S) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
