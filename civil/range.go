package civil

import (
	"iter"

	"github.com/carecoord/carecoord"
)

// A Range is an inclusive span of days: from Start through End, both included. A
// measurement year is Range{Start: 2025-01-01, End: 2025-12-31} (365 days). "Within 30 days
// after discharge", counting from the day after as HEDIS follow-up measures do, is
// Range{Start: discharge.AddDays(1), End: discharge.AddDays(30)} (30 days); the 30-day TCM
// service period, which includes the discharge day, is Range{Start: discharge,
// End: discharge.AddDays(29)}. Each domain rule says which, in its own doc comment.
//
// The zero Range is empty. A Range whose End is before its Start is empty too, and
// [Range.Validate] rejects it.
type Range struct {
	Start Date `json:"start"`
	End   Date `json:"end"`
}

// Validate reports whether r is a usable range: both dates valid and End not before Start.
// Paths are "start" and "end".
func (r Range) Validate() error {
	var errs carecoord.FieldErrors
	for _, f := range [...]struct {
		path string
		d    Date
	}{{"start", r.Start}, {"end", r.End}} {
		switch {
		case f.d.IsZero():
			errs.Add(carecoord.Required(f.path, "must be set"))
		case !f.d.IsValid():
			errs.Add(carecoord.Invalid(f.path, "must be a date from 0001-01-01 to 9999-12-31"))
		}
	}
	if r.Start.IsValid() && r.End.IsValid() && r.End.Before(r.Start) {
		errs.Add(carecoord.Invalid("end", "must not be before start"))
	}
	return errs.Err()
}

// IsEmpty reports whether r contains no day: a date is invalid or End is before Start.
func (r Range) IsEmpty() bool {
	return !r.Start.IsValid() || !r.End.IsValid() || r.End.Before(r.Start)
}

// Contains reports whether d is in r, both ends included. An empty range contains nothing.
func (r Range) Contains(d Date) bool {
	return d.IsValid() && !r.IsEmpty() && !d.Before(r.Start) && !d.After(r.End)
}

// Days returns the number of days in r, both ends included: a range from a day to the same
// day has 1. An empty range has 0.
func (r Range) Days() int {
	if r.IsEmpty() {
		return 0
	}
	return r.End.DaysSince(r.Start) + 1
}

// Overlap returns the days r and o have in common, and whether there are any.
func (r Range) Overlap(o Range) (Range, bool) {
	if r.IsEmpty() || o.IsEmpty() {
		return Range{}, false
	}
	x := Range{Start: Date{max(r.Start.n, o.Start.n)}, End: Date{min(r.End.n, o.End.n)}}
	if x.End.Before(x.Start) {
		return Range{}, false
	}
	return x, true
}

// All returns an iterator over the days of r, in order.
func (r Range) All() iter.Seq[Date] {
	return func(yield func(Date) bool) {
		if r.IsEmpty() {
			return
		}
		for n := r.Start.n; n <= r.End.n; n++ {
			if !yield(Date{n}) {
				return
			}
		}
	}
}

// String returns "START..END", e.g. "2025-01-01..2025-12-31".
func (r Range) String() string { return r.Start.String() + ".." + r.End.String() }
