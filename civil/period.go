package civil

import "github.com/carecoord/carecoord"

// A Period is a span of days that may still be open: from Start through End, both included,
// where a zero End means "ongoing" (FHIR R4 Period with no end). A care plan, a care-team
// membership or a medication in use has one. Use [Range] when both ends are known.
//
// The zero Period has no start and is invalid; [Period.Validate] says why.
type Period struct {
	Start Date `json:"start"`
	End   Date `json:"end,omitzero"`
}

// Validate reports whether p is usable: Start set and valid, End (when set) valid and not
// before Start. Paths are "start" and "end".
func (p Period) Validate() error {
	var errs carecoord.FieldErrors
	switch {
	case p.Start.IsZero():
		errs.Add(carecoord.Required("start", "must be set"))
	case !p.Start.IsValid():
		errs.Add(carecoord.Invalid("start", "must be a date from 0001-01-01 to 9999-12-31"))
	}
	switch {
	case p.End.IsZero():
	case !p.End.IsValid():
		errs.Add(carecoord.Invalid("end", "must be a date from 0001-01-01 to 9999-12-31"))
	case p.Start.IsValid() && p.End.Before(p.Start):
		errs.Add(carecoord.Invalid("end", "must not be before start"))
	}
	return errs.Err()
}

// IsOngoing reports whether p has no end.
func (p Period) IsOngoing() bool { return p.End.IsZero() }

// Contains reports whether d is in p: on or after Start and, unless p is ongoing, on or before
// End. An invalid Period contains nothing.
func (p Period) Contains(d Date) bool {
	if !d.IsValid() || p.Validate() != nil {
		return false
	}
	return !d.Before(p.Start) && (p.End.IsZero() || !d.After(p.End))
}

// Through returns the days of p up to and including asOf, as a Range: for an ongoing period,
// Start through asOf; for an ended one, Start through the earlier of End and asOf. The Range is
// empty when asOf is before Start.
func (p Period) Through(asOf Date) Range {
	end := asOf
	if !p.End.IsZero() && p.End.Before(asOf) {
		end = p.End
	}
	return Range{Start: p.Start, End: end}
}
