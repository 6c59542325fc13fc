package carecoord

import (
	"slices"
	"strings"
	"time"
)

// A Transition is one entry in a record's status history: the record moved from one status
// to another at an instant, made so by an actor, for an optional coded reason. It is the
// audit trail behind FHIR's status fields (Task.statusReason, CarePlan.status, …).
//
// The statuses are kept as plain strings because each domain package has its own status
// type; they hold that type's values. The zero Transition is not a valid history entry.
type Transition struct {
	// From is the status before the move; "" for the entry that creates a record.
	From string `json:"from,omitempty"`
	// To is the status after the move.
	To string `json:"to"`
	// At is when the move happened (an instant, supplied by the caller).
	At time.Time `json:"at"`
	// By is who made the move.
	By Actor `json:"by"`
	// Reason is an optional coded reason, e.g. why a referral was rejected or cancelled.
	Reason Coding `json:"reason,omitzero"`
}

// A TransitionError reports a status change that a record's transition table does not
// allow. It matches [ErrTransition] with errors.Is. It names the kind of record and the two
// statuses, never the record's id or contents. The zero TransitionError names no move.
type TransitionError struct {
	// Record is the kind of record, e.g. "care plan", "referral".
	Record string
	// From and To are the statuses of the refused move.
	From, To string
	// Allowed lists the statuses From may become; empty when From is terminal or not a
	// valid status at all.
	Allowed []string
}

// Error returns, for example, "care plan: cannot move from completed to active (completed has
// no moves)".
func (e *TransitionError) Error() string {
	var b strings.Builder
	if e.Record != "" {
		b.WriteString(e.Record)
		b.WriteString(": ")
	}
	b.WriteString("cannot move from ")
	b.WriteString(quoteStatus(e.From))
	b.WriteString(" to ")
	b.WriteString(quoteStatus(e.To))
	if len(e.Allowed) == 0 {
		b.WriteString(" (")
		b.WriteString(quoteStatus(e.From))
		b.WriteString(" has no moves)")
	} else {
		b.WriteString(" (allowed: ")
		b.WriteString(strings.Join(e.Allowed, ", "))
		b.WriteString(")")
	}
	return b.String()
}

func quoteStatus(s string) string {
	if s == "" {
		return `""`
	}
	return s
}

// Is makes errors.Is(err, ErrTransition) true for every TransitionError.
func (e *TransitionError) Is(target error) bool { return target == ErrTransition }

// A Lifecycle is the transition table of one kind of record, with statuses of type S.
// Each domain package writes its table once, as a function whose switch lists the statuses
// each status may become, and applies every status change through [Lifecycle.Move]:
//
//	func (s Status) next() []Status {
//		switch s {
//		case Draft:
//			return []Status{Active, Revoked}
//		case Active:
//			return []Status{OnHold, Completed, Revoked}
//		…
//		}
//		return nil // terminal, or not a status
//	}
//
//	lifecycle := carecoord.Lifecycle[Status]{Record: "care plan", Next: Status.next}
//
// A Lifecycle holds no state and is safe for concurrent use. The zero Lifecycle (nil Next)
// allows no move.
type Lifecycle[S ~string] struct {
	// Record names the kind of record in errors, e.g. "care plan".
	Record string
	// Next returns the statuses s may become; nil when s is terminal or not a status.
	Next func(s S) []S
}

// CanMove reports whether the table allows from to become to.
func (l Lifecycle[S]) CanMove(from, to S) bool {
	return l.Next != nil && slices.Contains(l.Next(from), to)
}

// IsTerminal reports whether s allows no move. It is true for strings that are not statuses
// at all; check validity separately.
func (l Lifecycle[S]) IsTerminal(s S) bool { return l.Next == nil || len(l.Next(s)) == 0 }

// Move checks the move from → to against the table and returns history with a new
// [Transition] appended. It never modifies history's backing array, so two moves from the
// same record value do not overwrite each other.
//
// It returns a *[TransitionError] (matching [ErrTransition]) when the table does not allow
// the move, and [FieldErrors] (matching [ErrInvalid]) when from is not the status history ends
// in (the record's status and its history disagree; path "from"), when at is zero or earlier
// than the last entry of history (a history never goes back in time; path "at"), when by is
// not a valid [Actor] ("by.kind", "by.id"), or when reason is set but not a valid [Coding]
// ("reason.system", "reason.code").
func (l Lifecycle[S]) Move(history []Transition, from, to S, at time.Time, by Actor, reason Coding) ([]Transition, error) {
	if !l.CanMove(from, to) {
		e := &TransitionError{Record: l.Record, From: string(from), To: string(to)}
		if l.Next != nil {
			for _, s := range l.Next(from) {
				e.Allowed = append(e.Allowed, string(s))
			}
		}
		return history, e
	}
	var errs FieldErrors
	if len(history) > 0 && history[len(history)-1].To != string(from) {
		errs.Add(Invalid("from", "must be the status the history ends in"))
	}
	switch {
	case at.IsZero():
		errs.Add(Required("at", "must say when the move happened"))
	case len(history) > 0 && at.Before(history[len(history)-1].At):
		errs.Add(OutOfRange("at", "must not be before the previous transition"))
	}
	errs.Nest("by", by.Validate())
	if !reason.IsZero() {
		errs.Nest("reason", reason.Validate())
	}
	if err := errs.Err(); err != nil {
		return history, err
	}
	return append(slices.Clip(history), Transition{From: string(from), To: string(to), At: at, By: by, Reason: reason}), nil
}

// ValidateHistory reports every problem with a record's status history as [FieldErrors], with
// paths relative to the history ("[2]", "[2].at", "[2].by.id"): each move is one the table
// allows (when allowed is nil; otherwise allowed(i) decides for the move at index i, for
// tables whose moves depend on earlier ones), has a time and a valid actor, starts where the
// previous move ended and is not earlier than it; and the last move ends in status. An empty
// history is valid: a record may be created in any status.
func (l Lifecycle[S]) ValidateHistory(history []Transition, status S, allowed func(i int) bool) error {
	var errs FieldErrors
	for i, t := range history {
		p := Path(i)
		ok := l.CanMove(S(t.From), S(t.To))
		if allowed != nil {
			ok = allowed(i)
		}
		if !ok {
			errs.Add(Invalid(p, "must be a move the transition table allows"))
		}
		if t.At.IsZero() {
			errs.Add(Required(p+".at", "must say when the move happened"))
		}
		errs.Nest(p+".by", t.By.Validate())
		if i > 0 && (t.From != history[i-1].To || t.At.Before(history[i-1].At)) {
			errs.Add(Invalid(p, "must start where the previous transition ended, not earlier in time"))
		}
	}
	if n := len(history); n > 0 && S(history[n-1].To) != status {
		errs.Add(Invalid(Path(n-1), "must end in the current status"))
	}
	return errs.Err()
}
