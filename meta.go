package carecoord

import "time"

// Meta is the identity and version of a stored record, as in FHIR R4's Resource.id and
// Meta (versionId, lastUpdated), plus who made the change. Every record kept in a domain
// Store embeds one (type CarePlan struct { carecoord.Meta; … }), so that plan.ID and
// plan.Version read naturally and the record satisfies [Versioned].
//
// The zero Meta belongs to a record that was never saved and has no id yet.
type Meta struct {
	// ID is the record's logical id, chosen by the caller, with the syntax of [ValidID].
	ID string `json:"id"`
	// Version counts the saves of this record: 0 means never saved; a Store's Save turns
	// version n into n+1. Save with a Version that is not the stored one is a conflict.
	Version int64 `json:"version"`
	// UpdatedAt is when this version was made. The library never reads the clock: the
	// caller sets it (FHIR Meta.lastUpdated).
	UpdatedAt time.Time `json:"updatedAt"`
	// UpdatedBy is who made this version: the audit trail of every change.
	UpdatedBy Actor `json:"updatedBy"`
}

// RecordMeta returns m. A record that embeds Meta gets this method, and with it satisfies
// [Versioned], so generic code such as [Update] can read any record's identity and version.
func (m Meta) RecordMeta() Meta { return m }

// Touch sets who made this version and when: UpdatedAt to at and UpdatedBy to by. [Update]
// calls it on every version it saves.
func (m *Meta) Touch(at time.Time, by Actor) { m.UpdatedAt, m.UpdatedBy = at, by }

// Validate reports whether m can be saved: ID must have the syntax of [ValidID], Version
// must not be negative, UpdatedAt must be set and UpdatedBy must be a valid [Actor].
// Paths are "id", "version", "updatedAt" and "updatedBy.kind" / "updatedBy.id".
func (m Meta) Validate() error {
	var errs FieldErrors
	switch {
	case m.ID == "":
		errs.Add(Required("id", "must be set"))
	case !ValidID(m.ID):
		errs.Add(Invalid("id", idRule))
	}
	if m.Version < 0 {
		errs.Add(OutOfRange("version", "must not be negative"))
	}
	if m.UpdatedAt.IsZero() {
		errs.Add(Required("updatedAt", "must say when this version was made"))
	}
	errs.Nest("updatedBy", m.UpdatedBy.Validate())
	return errs.Err()
}
