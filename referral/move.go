package referral

import (
	"time"

	"github.com/carecoord/carecoord"
)

// A SideError reports a move that the referral's transition table allows, but not to the side
// that tried it (a requester accepting its own referral, a performer voiding it), or an event
// that side may not send (a requester reporting an appointment kept). It matches
// carecoord.ErrForbidden with errors.Is, and names no record, patient or actor.
type SideError struct {
	From, To Status
	// Event is the kind of event refused, when it was not a plain status move.
	Event EventKind
	Side  Side
}

// Error returns, for example, "referral: the requester may not move a referral from requested
// to accepted" or "referral: the requester may not send a kept event".
func (e *SideError) Error() string {
	if e.Event != "" && e.Event != EventStatus {
		return "referral: the " + string(e.Side) + " may not send a " + string(e.Event) + " event"
	}
	return "referral: the " + string(e.Side) + " may not move a referral from " + string(e.From) + " to " + string(e.To)
}

// Is makes errors.Is(err, carecoord.ErrForbidden) true.
func (e *SideError) Is(target error) bool { return target == carecoord.ErrForbidden }

// Move returns r moved to status to by one side of the referral, at time at, made so by by,
// for an optional coded reason (kept as r.StatusReason, which a later move replaces or clears,
// and in the history). It does not modify r.
//
// The move must be in the transition table of r's profile (see [Profile]); otherwise the error
// is a *carecoord.TransitionError (matching carecoord.ErrTransition), which is also what a status
// the profile does not allow gets (received or ready under SDOH-CC). The side must be one the
// table allows for the move; otherwise the error is a *[SideError] (matching
// carecoord.ErrForbidden). Under the core profile a referral on hold resumes to the status it
// was in before, and either side may resume it. Moving to completed needs at least one outcome
// (SDOH-CC requirement refer-10; path "outcomes"); a missing or backwards at, or an invalid by or
// reason, is an error matching carecoord.ErrInvalid.
//
// When a performer receives or accepts a referral nobody owns yet (an open referral), by becomes
// its Performer: that is how an open referral is claimed. A draft moved to requested (or ready)
// with no AuthoredOn gets at as its AuthoredOn: it is sent now.
func Move(r Referral, to Status, side Side, at time.Time, by carecoord.Actor, reason carecoord.Coding) (Referral, error) {
	if !side.IsValid() {
		return r, carecoord.FieldErrors{carecoord.NotSupported("side", Requester, Performer)}
	}
	allowed, ok := r.Profile.allowed(r.Status, to, r.History)
	if to == StatusCompleted && ok && allowed.has(side) && len(r.Outcomes) == 0 {
		return r, carecoord.FieldErrors{carecoord.Required("outcomes", "must hold the outcome before the referral is completed (SDOH-CC refer-10)")}
	}
	h, err := step("referral", r.Profile.movesFor(r.Status, r.History), r.Status, to, side, allowed, ok && r.Profile.Allows(to), r.History, at, by, reason)
	if err != nil {
		return r, err
	}
	r.History, r.Status = h, to
	if r.AuthoredOn.IsZero() && (to == StatusRequested || to == StatusReady) {
		r.AuthoredOn = at // sent now: the clocks of the deadlines start here
	}
	r.StatusReason = reason // a reason belongs to the status it explains; a new status clears it
	if side == Performer && r.Performer.IsZero() && (to == StatusReceived || to == StatusAccepted) {
		r.Performer = by
	}
	return r, nil
}

// movesFor is p's table row for from, plus, under core, resuming a referral on hold to the
// status it interrupted (which only its history knows).
func (p Profile) movesFor(from Status, history []carecoord.Transition) []move {
	ms := p.moves(from)
	if p == ProfileCore && from == StatusOnHold && len(history) > 0 {
		if last := history[len(history)-1]; last.To == string(StatusOnHold) && last.From != "" {
			ms = append(ms, move{Status(last.From), byEither})
		}
	}
	return ms
}

// allowed returns the sides that may move a referral of profile p from from to to, given its
// history, and whether the move is in the table at all.
func (p Profile) allowed(from, to Status, history []carecoord.Transition) (sides, bool) {
	for _, m := range p.movesFor(from, history) {
		if m.to == to {
			return m.sides, true
		}
	}
	return 0, false
}

// step checks the move from → to by side, given whether the table has it (found) and which
// sides it allows, and returns history with the move appended. moves lists the table's moves
// from from, for the error. It is the one place referrals and patient tasks change status.
func step(record string, moves []move, from, to Status, side Side, allowed sides, found bool,
	history []carecoord.Transition, at time.Time, by carecoord.Actor, reason carecoord.Coding) ([]carecoord.Transition, error) {
	if !found {
		e := &carecoord.TransitionError{Record: record, From: string(from), To: string(to)}
		for _, m := range moves {
			e.Allowed = append(e.Allowed, string(m.to))
		}
		return history, e
	}
	if !allowed.has(side) {
		return history, &SideError{From: from, To: to, Side: side}
	}
	lc := carecoord.Lifecycle[Status]{Record: record, Next: func(Status) []Status { return []Status{to} }}
	return lc.Move(history, from, to, at, by, reason)
}
