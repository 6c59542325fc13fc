package metrics

import (
	"strconv"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

// A Window is a span of days counted from an event's day, both ends included: day 0 is the
// event day itself. HEDIS writes its windows this way, so a measure year's change (TRC's
// notification window grew from 0–1 to 0–2 days) is a change of data, not of code:
//
//   - FUH 7-day follow-up: {1, 7}, the day after discharge through the 7th (a visit on the
//     discharge day does not count);
//   - FMC: {0, 7}, the ED visit day counts (8 days);
//   - TRC medication reconciliation and MRP: {0, 30};
//   - a 30-day readmission: {1, 30} after the index discharge.
//
// The zero Window is day 0 only.
type Window struct {
	From int `json:"from"`
	To   int `json:"to"`
}

// Validate reports whether w is usable: To not before From, and both within ten years of
// the event.
func (w Window) Validate() error {
	const limit = 3660
	var errs carecoord.FieldErrors
	if w.From < -limit || w.From > limit {
		errs.Add(carecoord.OutOfRange("from", "must be within 3,660 days of the event"))
	}
	if w.To < -limit || w.To > limit {
		errs.Add(carecoord.OutOfRange("to", "must be within 3,660 days of the event"))
	}
	if w.To < w.From {
		errs.Add(carecoord.Invalid("to", "must not be before from"))
	}
	return errs.Err()
}

// Range returns the days of w after the event day.
func (w Window) Range(event civil.Date) civil.Range {
	return civil.Range{Start: event.AddDays(w.From), End: event.AddDays(w.To)}
}

// Contains reports whether day falls in w after the event day.
func (w Window) Contains(event, day civil.Date) bool {
	n := day.DaysSince(event)
	return event.IsValid() && day.IsValid() && w.From <= n && n <= w.To
}

// String returns w as "0..30".
func (w Window) String() string { return strconv.Itoa(w.From) + ".." + strconv.Itoa(w.To) }
