package referral

import (
	"fmt"
	"slices"
	"time"

	"github.com/carecoord/carecoord"
)

// errReusedID reports an event id that was applied before with other content.
var errReusedID = fmt.Errorf("referral: an event with this id was applied before with other content: %w", carecoord.ErrConflict)

// EventKind says what an [Event] reports. These are the library's tokens for the updates that
// travel between requester and performer (the 360X transactions and the SDOH-CC Task updates).
// The zero EventKind is not valid.
type EventKind string

// The event kinds.
const (
	// EventStatus moves the referral to another status (To), for a coded Reason.
	EventStatus EventKind = "status"
	// EventBooked reports an appointment booked for Appointment (360X PCC-60); an accepted
	// referral moves to in-progress ("Scheduled" in the unified model).
	EventBooked EventKind = "booked"
	// EventKept reports the booked appointment kept.
	EventKept EventKind = "kept"
	// EventNoShow reports the booked appointment missed (360X PCC-61); the referral stays open.
	EventNoShow EventKind = "no-show"
	// EventInterim returns an interim report (360X PCC-59); the referral stays in progress.
	EventInterim EventKind = "interim"
	// EventOutcome returns the final outcome and completes the referral (360X PCC-57,
	// SDOH-CC step 10).
	EventOutcome EventKind = "outcome"
	// EventAcknowledged is the requester's receipt of the outcome: it closes the loop.
	EventAcknowledged EventKind = "acknowledged"
)

// EventKinds returns every EventKind, in a new slice.
func EventKinds() []EventKind {
	return []EventKind{EventStatus, EventBooked, EventKept, EventNoShow, EventInterim, EventOutcome, EventAcknowledged}
}

// IsValid reports whether k is one of [EventKinds].
func (k EventKind) IsValid() bool { return slices.Contains(EventKinds(), k) }

// An Event is one update to a referral from one side, as a message between organisations
// carries it. Messages are re-sent and arrive out of order, so every event has an id, unique
// within its referral: [Apply] applies an event once, does nothing when the same event comes
// again, and refuses one that does not fit the referral's current state. The fields a kind does
// not use stay zero.
//
// The zero Event is not valid.
type Event struct {
	// ID identifies the event within its referral (FHIR id syntax), e.g. the message id.
	ID string `json:"id"`
	// Kind says what the event reports.
	Kind EventKind `json:"kind"`
	// Side is which side sent it; By is who; At is when it happened.
	Side Side            `json:"side"`
	By   carecoord.Actor `json:"by"`
	At   time.Time       `json:"at"`
	// To and Reason are the new status and why, for EventStatus.
	To     Status           `json:"to,omitempty"`
	Reason carecoord.Coding `json:"reason,omitzero"`
	// Appointment is when the booked appointment is, for EventBooked.
	Appointment time.Time `json:"appointment,omitzero"`
	// Outcome is what was returned, for EventInterim and EventOutcome.
	Outcome Outcome `json:"outcome,omitzero"`
}

// Validate reports every problem with e that does not depend on the referral; paths are
// relative to the event.
func (e Event) Validate() error {
	var errs carecoord.FieldErrors
	switch {
	case e.ID == "":
		errs.Add(carecoord.Required("id", "must identify the event"))
	case !carecoord.ValidID(e.ID):
		errs.Add(carecoord.Invalid("id", "must be a FHIR id"))
	}
	if !e.Kind.IsValid() {
		errs.Add(carecoord.NotSupported("kind", EventKinds()...))
	}
	if !e.Side.IsValid() {
		errs.Add(carecoord.NotSupported("side", Requester, Performer))
	}
	errs.Nest("by", e.By.Validate())
	if e.At.IsZero() {
		errs.Add(carecoord.Required("at", "must say when it happened"))
	}
	switch e.Kind {
	case EventStatus:
		if !e.To.IsValid() {
			errs.Add(carecoord.NotSupported("to", Statuses()...))
		}
	case EventBooked:
		if e.Appointment.IsZero() {
			errs.Add(carecoord.Required("appointment", "must say when the appointment is"))
		}
	case EventInterim, EventOutcome:
		errs.Nest("outcome", e.Outcome.Validate())
	}
	return errs.Err()
}

// equal reports whether e and o are the same event in every field.
func (e Event) equal(o Event) bool {
	return e.ID == o.ID && e.Kind == o.Kind && e.Side == o.Side && e.By == o.By && e.At.Equal(o.At) &&
		e.To == o.To && e.Reason == o.Reason && e.Appointment.Equal(o.Appointment) &&
		e.Outcome.Result == o.Outcome.Result && slices.Equal(e.Outcome.Documents, o.Outcome.Documents) &&
		e.Outcome.At.Equal(o.Outcome.At) && e.Outcome.By == o.Outcome.By
}

// A StaleError reports an event that does not fit the referral's current state: a kept
// appointment before any booking, an outcome for a referral not yet accepted. It may have
// arrived before the event it follows; apply that one first and try again. It matches
// carecoord.ErrTransition.
type StaleError struct {
	Kind   EventKind
	Status Status
	// Business is the referral's business sub-status when the event arrived.
	Business Business
	// Rule says what the event needs, in English for developers.
	Rule string
}

// Error returns, for example, "referral: a kept event does not fit a referral in-progress
// (appointment-noshow): needs a booked appointment".
func (e *StaleError) Error() string {
	b := ""
	if e.Business != "" {
		b = " (" + string(e.Business) + ")"
	}
	return "referral: a " + string(e.Kind) + " event does not fit a referral " + string(e.Status) + b + ": " + e.Rule
}

// Is makes errors.Is(err, carecoord.ErrTransition) true.
func (e *StaleError) Is(target error) bool { return target == carecoord.ErrTransition }

// Apply returns r with event e applied and recorded in r.Events. It does not modify r.
//
//   - The same event again (same id, same content) is a no-op: r comes back unchanged and the
//     error is nil. The same id with other content is an error matching carecoord.ErrConflict.
//   - An event that does not fit r's state is refused, and r is unchanged: a status move the
//     profile's table lacks (*carecoord.TransitionError), an event that needs another state
//     first, or one that happened before the referral's latest update (*[StaleError]); all match
//     carecoord.ErrTransition. A side that may not send the
//     event gets an error matching carecoord.ErrForbidden. An invalid event is an error matching
//     carecoord.ErrInvalid.
//
// What each kind does: EventStatus is [Move]. EventBooked (performer) needs an accepted, ready
// or in-progress referral, moves an accepted or ready one to in-progress, and sets the
// appointment and the business sub-status. EventKept and EventNoShow (performer) need a booked
// appointment. EventInterim (performer) needs an in-progress referral and adds the report to
// Reports (an interim report is not the outcome and does not satisfy refer-10).
// EventOutcome (performer) adds the outcome and completes the referral. EventAcknowledged
// (requester) needs a completed referral with an outcome and closes the loop.
func Apply(r Referral, e Event) (Referral, error) {
	if err := e.Validate(); err != nil {
		return r, err
	}
	if i := slices.IndexFunc(r.Events, func(x Event) bool { return x.ID == e.ID }); i >= 0 {
		if r.Events[i].equal(e) {
			return r, nil
		}
		return r, errReusedID
	}
	if latest := lastUpdate(&r); e.At.Before(latest) {
		return r, &StaleError{Kind: e.Kind, Status: r.Status, Business: r.Business,
			Rule: "happened before the referral's latest update; events must be applied in the order they happened"}
	}
	e.Outcome.Documents = slices.Clone(e.Outcome.Documents) // the outcomes' own copy, not the caller's
	next, err := applyKind(r, e)
	if err != nil {
		return r, err
	}
	e.Outcome.Documents = slices.Clone(e.Outcome.Documents) // and the event log's own
	next.Events = append(slices.Clip(r.Events), e)
	return next, nil
}

// lastUpdate is when r last changed: the latest of its sending, status changes and events.
func lastUpdate(r *Referral) time.Time {
	last := r.AuthoredOn
	if n := len(r.History); n > 0 && r.History[n-1].At.After(last) {
		last = r.History[n-1].At
	}
	for i := range r.Events {
		if r.Events[i].At.After(last) {
			last = r.Events[i].At
		}
	}
	return last
}

// applyKind applies e to r by its kind, without recording it.
func applyKind(r Referral, e Event) (Referral, error) {
	performerOnly := func() error {
		if e.Side != Performer {
			return &SideError{From: r.Status, Event: e.Kind, Side: e.Side}
		}
		return nil
	}
	stale := func(rule string) error {
		return &StaleError{Kind: e.Kind, Status: r.Status, Business: r.Business, Rule: rule}
	}
	switch e.Kind {
	case EventStatus:
		return Move(r, e.To, e.Side, e.At, e.By, e.Reason)
	case EventBooked:
		if err := performerOnly(); err != nil {
			return r, err
		}
		if r.Status == StatusAccepted || r.Status == StatusReady {
			var err error
			if r, err = Move(r, StatusInProgress, Performer, e.At, e.By, carecoord.Coding{}); err != nil {
				return r, err
			}
		} else if r.Status != StatusInProgress {
			return r, stale("needs an accepted or in-progress referral")
		}
		r.Business, r.Appointment = BusinessAppointmentBooked, e.Appointment
	case EventKept, EventNoShow:
		if err := performerOnly(); err != nil {
			return r, err
		}
		if r.Status != StatusInProgress || r.Business != BusinessAppointmentBooked {
			return r, stale("needs a booked appointment")
		}
		r.Business = BusinessAppointmentKept
		if e.Kind == EventNoShow {
			r.Business = BusinessNoShow
		}
	case EventInterim:
		if err := performerOnly(); err != nil {
			return r, err
		}
		if r.Status != StatusInProgress {
			return r, stale("needs an in-progress referral")
		}
		r.Reports = append(slices.Clip(r.Reports), e.Outcome)
		if r.Business != BusinessAppointmentBooked && r.Business != BusinessNoShow {
			r.Business = BusinessInterimReport // an interim report does not end a pending appointment
		}
	case EventOutcome:
		if err := performerOnly(); err != nil {
			return r, err
		}
		with := r
		with.Outcomes = append(slices.Clip(r.Outcomes), e.Outcome)
		done, err := Move(with, StatusCompleted, Performer, e.At, e.By, carecoord.Coding{})
		if err != nil {
			return r, err
		}
		done.Business = BusinessOutcomeFinal
		return done, nil
	case EventAcknowledged:
		if e.Side != Requester {
			return r, &SideError{From: r.Status, Event: e.Kind, Side: e.Side}
		}
		if r.Status != StatusCompleted || len(r.Outcomes) == 0 {
			return r, stale("needs a completed referral with an outcome")
		}
		if r.Acknowledged.IsZero() {
			r.Acknowledged = e.At
		}
	}
	return r, nil
}
