package transition

import (
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

// A State says where a checklist item stands at one instant. It is derived, never stored:
// [Item.State] works it out from the item and the time. The zero State is not valid.
type State string

// The states. Done items and waived items keep their state whatever the time; an open item is
// pending up to its due instant and overdue after it, and never pending again: evaluation is
// monotonic in time.
const (
	StateDoneOnTime State = "done-on-time" // completed by its due time, and not before its earliest time
	StateDoneLate   State = "done-late"    // completed after its due time; Late says by how much
	// StateDoneEarly: completed before the earliest time of its rule (Item.Earliest: "48 to 72
	// hours after discharge" done 1 hour after), or, for an item counted after the discharge,
	// before the discharge itself (completed while the discharge was not known, then retimed). It
	// counts as done in the completion rate but not as on time in the on-time rate.
	StateDoneEarly State = "done-early"
	StatePending   State = "pending" // open, not yet due
	StateOverdue   State = "overdue" // open and past due; Late says by how much
	StateWaived    State = "waived"  // cancelled with a reason: not to be done
	StateWaiting   State = "waiting" // open, and its clock has not started (the discharge is not known yet)
)

// States returns every State, in a new slice.
func States() []State {
	return []State{StateDoneOnTime, StateDoneLate, StatePending, StateOverdue, StateWaived, StateWaiting, StateDoneEarly}
}

// IsValid reports whether s is one of [States].
func (s State) IsValid() bool {
	switch s {
	case StateDoneOnTime, StateDoneLate, StatePending, StateOverdue, StateWaived, StateWaiting, StateDoneEarly:
		return true
	}
	return false
}

// IsDone reports whether s is done on time, done late or done early.
func (s State) IsDone() bool {
	return s == StateDoneOnTime || s == StateDoneLate || s == StateDoneEarly
}

// State returns the item's state at now, and how late it is: for an item done late, by how much
// it missed its due time; for an overdue item, how far past due it is at now; otherwise 0. An item
// is due at its due instant inclusive: done at exactly Due is on time, and open at exactly Due is
// still pending. An item done before its earliest time is done early (see [StateDoneEarly]); done
// at exactly Earliest is on time.
//
// An open item whose template counts attempts (AttemptsCount > 0) is done once that many
// unsuccessful attempts at distinct instants are recorded ([Attempt]; attempts before the
// discharge do not count for an item counted after it): on time when the last of those attempts
// was by the due time, late otherwise, as if completed at that attempt (and, like a completed
// item, whatever now is). The item's status stays open; it is the evaluation that counts it done.
func (it Item) State(now time.Time) (State, time.Duration) { return it.state(now) }

func (it *Item) state(now time.Time) (State, time.Duration) {
	switch it.Status {
	case ItemCompleted:
		return it.doneState(it.DoneAt)
	case ItemCancelled:
		return StateWaived, 0
	}
	if it.AttemptsCount > 0 {
		if at := it.attemptsDone(); !at.IsZero() {
			return it.doneState(at)
		}
	}
	switch {
	case it.Due.IsZero():
		return StateWaiting, 0
	case it.lateAt(now):
		return StateOverdue, now.Sub(it.Due)
	}
	return StatePending, 0
}

// doneState is the state of the item done at at.
func (it *Item) doneState(at time.Time) (State, time.Duration) {
	switch {
	case it.Due.IsZero():
		return StateDoneOnTime, 0
	case it.lateAt(at):
		return StateDoneLate, at.Sub(it.Due)
	case !it.Earliest.IsZero() && at.Before(it.Earliest),
		it.Rule.Anchor == AnchorDischarge && !it.Rule.IsBefore() && at.Before(it.Start):
		return StateDoneEarly, 0
	}
	return StateDoneOnTime, 0
}

// lateAt reports whether t is past the item's deadline. An hour rule's Due is the last instant
// allowed; a day rule's Due is the midnight that ends DueDay, which already belongs to the next
// day, so from that instant on the item is late.
func (it *Item) lateAt(t time.Time) bool {
	if it.DueDay.IsZero() {
		return t.After(it.Due)
	}
	return !t.Before(it.Due)
}

// An ItemResult is one item of a checklist evaluated at one instant. The zero ItemResult is none.
type ItemResult struct {
	Key      ItemKey       `json:"key"`
	Owner    Role          `json:"owner"`
	Required bool          `json:"required,omitempty"`
	State    State         `json:"state"`
	Due      time.Time     `json:"due,omitzero"`
	DueDay   civil.Date    `json:"dueDay,omitzero"`
	Late     time.Duration `json:"late,omitempty"`
}

// A Summary is what a coordinator reads first about a checklist at one instant. The zero Summary
// is that of a checklist with no items.
type Summary struct {
	// Completion is the required items completed (on time or late) of the required items not
	// waived: a rate with no denominator (everything required was waived) is not computable,
	// not 0% (carecoord.Rate).
	Completion carecoord.Rate `json:"completion"`
	// OnTime is the required items completed on time, of the same denominator: an item done
	// early (StateDoneEarly) or late counts in Completion but not here.
	OnTime carecoord.Rate `json:"onTime"`
	// Overdue, Pending and Waiting count the open items (required or not) in each state.
	Overdue int `json:"overdue"`
	Pending int `json:"pending"`
	Waiting int `json:"waiting"`
	// Next is the pending item due soonest (the first in checklist order on a tie), and NextDue
	// its due time; empty when no item is pending.
	Next    ItemKey   `json:"next,omitempty"`
	NextDue time.Time `json:"nextDue,omitzero"`
	// NextOverdue is the most overdue open item (the one whose due time passed longest ago, the
	// first in checklist order on a tie), and NextOverdueDue its due time; empty when no item is
	// overdue. Next leaves overdue items out; read this first.
	NextOverdue    ItemKey   `json:"nextOverdue,omitempty"`
	NextOverdueDue time.Time `json:"nextOverdueDue,omitzero"`
}

// An Evaluation is a checklist at one instant: its summary and each item's state, in checklist
// order. The zero Evaluation is that of a checklist with no items.
type Evaluation struct {
	Summary
	Items []ItemResult `json:"items"`
}

// Evaluate returns c's state at now. It is [AppendEvaluate] into a new slice.
func Evaluate(c Checklist, now time.Time) Evaluation {
	items, sum := AppendEvaluate(make([]ItemResult, 0, len(c.Items)), &c, now)
	return Evaluation{Summary: sum, Items: items}
}

// AppendEvaluate appends the state of each of c's items at now to dst and returns it with the
// summary, in one pass over the items. It allocates nothing when dst has room, so a population
// can be evaluated with one buffer.
func AppendEvaluate(dst []ItemResult, c *Checklist, now time.Time) ([]ItemResult, Summary) {
	var s Summary
	for i := range c.Items {
		it := &c.Items[i]
		st, late := it.state(now)
		dst = append(dst, ItemResult{Key: it.Key, Owner: it.Owner, Required: it.Required, State: st,
			Due: it.Due, DueDay: it.DueDay, Late: late})
		if it.Required && st != StateWaived {
			s.Completion.Den++
			if st.IsDone() {
				s.Completion.Num++
			}
			if st == StateDoneOnTime {
				s.OnTime.Num++
			}
		}
		switch st {
		case StateOverdue:
			s.Overdue++
			if s.NextOverdue == "" || it.Due.Before(s.NextOverdueDue) {
				s.NextOverdue, s.NextOverdueDue = it.Key, it.Due
			}
		case StateWaiting:
			s.Waiting++
		case StatePending:
			s.Pending++
			if s.Next == "" || it.Due.Before(s.NextDue) {
				s.Next, s.NextDue = it.Key, it.Due
			}
		}
	}
	s.OnTime.Den = s.Completion.Den
	return dst, s
}

// A SkippedDay is a day a business-day count passed over, and why the calendar closed it: the
// explanation of a deadline that moved past a weekend or a holiday. The zero SkippedDay is none.
type SkippedDay struct {
	Date civil.Date   `json:"date"`
	Why  civil.Closed `json:"why"`
}

// Skipped explains the due day of item k, counted in business days of cal (the calendar the
// checklist was made with): it returns each day after the day the item's clock started, up to its
// due day, that cal does not count, with the reason ("2025-08-30 weekend", "2025-09-01 Labor
// Day"). It returns nil for an item counted in hours or calendar days, or not yet started. An
// unknown key is an error matching carecoord.ErrInvalid (path "key"), as is a checklist without a
// location ("location").
func Skipped(c Checklist, k ItemKey, cal civil.Calendar) ([]SkippedDay, error) {
	it, ok := c.Item(k)
	if !ok {
		return nil, noItem()
	}
	if c.Location == nil {
		return nil, carecoord.FieldErrors{carecoord.Required("location", "must be the facility's time zone")}
	}
	if it.Rule.Unit != UnitBusinessDays || it.Start.IsZero() || !it.DueDay.IsValid() {
		return nil, nil
	}
	var out []SkippedDay
	for d := localDate(it.Start, c.Location).AddDays(1); d.Before(it.DueDay); d = d.AddDays(1) {
		if why, closed := cal.WhyClosed(d); closed {
			out = append(out, SkippedDay{Date: d, Why: why})
		}
	}
	return out, nil
}
