package referral_test

import (
	"errors"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/referral"
	"pgregory.net/rapid"
)

var cardiology = carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "heart-clinic"}

func ev(id string, kind referral.EventKind, side referral.Side, hours int) referral.Event {
	by := clinic
	if side == referral.Performer {
		by = cardiology
	}
	return referral.Event{ID: id, Kind: kind, Side: side, By: by, At: t0.Add(time.Duration(hours) * time.Hour)}
}

func status(id string, to referral.Status, side referral.Side, hours int) referral.Event {
	e := ev(id, referral.EventStatus, side, hours)
	e.To = to
	return e
}

func report(id string, kind referral.EventKind, hours int) referral.Event {
	e := ev(id, kind, referral.Performer, hours)
	e.Outcome = referral.Outcome{Result: carecoord.Coding{System: carecoord.SystemLOINC, Code: "11488-4"}, // consult note
		Documents: []string{"DocumentReference/dr-" + id}, At: e.At, By: cardiology}
	return e
}

func booked(id string, hours int) referral.Event {
	e := ev(id, referral.EventBooked, referral.Performer, hours)
	e.Appointment = t0.Add(7 * 24 * time.Hour)
	return e
}

func sent() referral.Referral {
	return referral.Referral{Profile: referral.ProfileCore, Patient: "pat-1", Kind: referral.KindSpecialist, Requester: clinic,
		Service: carecoord.Coding{System: carecoord.SystemNUCCTaxonomy, Code: "207RC0000X"}, Priority: referral.PriorityUrgent,
		Status: referral.StatusRequested, AuthoredOn: t0}
}

// Spec §2.3 T6: the 360X event stream (profile core) and the library state it leads to.
func TestThreeSixtyXStream(t *testing.T) {
	r := sent()
	stream := []struct {
		tx       string
		e        referral.Event
		status   referral.Status
		business referral.Business
	}{
		{"PCC-56 accept", status("m1", referral.StatusAccepted, referral.Performer, 1), referral.StatusAccepted, ""},
		{"PCC-60 booked", booked("m2", 2), referral.StatusInProgress, referral.BusinessAppointmentBooked},
		{"PCC-61 no-show", ev("m3", referral.EventNoShow, referral.Performer, 170), referral.StatusInProgress, referral.BusinessNoShow},
		{"PCC-60 rebooked", booked("m4", 171), referral.StatusInProgress, referral.BusinessAppointmentBooked},
		{"kept", ev("m5", referral.EventKept, referral.Performer, 340), referral.StatusInProgress, referral.BusinessAppointmentKept},
		{"PCC-59 interim", report("m6", referral.EventInterim, 341), referral.StatusInProgress, referral.BusinessInterimReport},
		{"PCC-57 outcome", report("m7", referral.EventOutcome, 360), referral.StatusCompleted, referral.BusinessOutcomeFinal},
	}
	for _, s := range stream {
		var err error
		if r, err = referral.Apply(r, s.e); err != nil {
			t.Fatalf("%s: %v", s.tx, err)
		}
		if r.Status != s.status || r.Business != s.business {
			t.Fatalf("%s: %s (%s), want %s (%s)", s.tx, r.Status, r.Business, s.status, s.business)
		}
		if r.ClosedLoop() {
			t.Fatalf("%s: the loop closed before the requester acknowledged", s.tx)
		}
	}
	r, err := referral.Apply(r, ev("m8", referral.EventAcknowledged, referral.Requester, 362))
	if err != nil || !r.ClosedLoop() {
		t.Fatalf("acknowledged: closed %v, %v", r.ClosedLoop(), err)
	}
	if err := r.Validate(); err != nil {
		t.Errorf("the closed referral is invalid: %v", err)
	}
	// Found to be in error after the loop closed: marked so, with its acknowledgement kept, and
	// still valid; no longer a closed loop.
	eie, err := referral.Move(r, referral.StatusEnteredInError, referral.Requester, r.Acknowledged.Add(time.Hour), r.Requester, carecoord.Coding{})
	if err != nil || eie.Validate() != nil || eie.Acknowledged.IsZero() || eie.ClosedLoop() {
		t.Errorf("entered in error after closing: %v, valid %v, closed %v", err, eie.Validate(), eie.ClosedLoop())
	}

	// PCC-55 then PCC-58: the initiator cancels; closed, not fulfilled.
	c, err := referral.Apply(sent(), status("x1", referral.StatusCancelled, referral.Requester, 1))
	if err != nil || c.Status != referral.StatusCancelled || c.ClosedLoop() {
		t.Errorf("cancel by the initiator: %s, %v", c.Status, err)
	}
}

func TestApplyIsIdempotentAndRefusesStaleEvents(t *testing.T) {
	r, err := referral.Apply(sent(), status("m1", referral.StatusAccepted, referral.Performer, 1))
	if err != nil {
		t.Fatal(err)
	}
	again, err := referral.Apply(r, status("m1", referral.StatusAccepted, referral.Performer, 1))
	if err != nil || len(again.Events) != 1 || len(again.History) != 1 {
		t.Errorf("a re-sent event: %d events, %d moves, %v; want a no-op", len(again.Events), len(again.History), err)
	}
	if _, err := referral.Apply(r, status("m1", referral.StatusRejected, referral.Performer, 1)); !errors.Is(err, carecoord.ErrConflict) {
		t.Errorf("a reused id with other content: %v, want ErrConflict", err)
	}
	// Out of order: "kept" before "booked" is stale, and changes nothing.
	if got, err := referral.Apply(r, ev("m3", referral.EventKept, referral.Performer, 3)); !errors.Is(err, carecoord.ErrTransition) || got.Business != "" || len(got.Events) != 1 {
		var stale *referral.StaleError
		t.Errorf("kept before booked: %v (stale %v)", err, errors.As(err, &stale))
	}
	// The requester may not report an appointment; the performer may not acknowledge.
	b := booked("m2", 2)
	b.Side = referral.Requester
	if _, err := referral.Apply(r, b); !errors.Is(err, carecoord.ErrForbidden) {
		t.Errorf("booked by the requester: %v, want ErrForbidden", err)
	}
	// An outcome for a referral still requested needs acceptance first.
	if _, err := referral.Apply(sent(), report("m9", referral.EventOutcome, 5)); !errors.Is(err, carecoord.ErrTransition) {
		t.Errorf("outcome before acceptance: %v, want ErrTransition", err)
	}
	// Acknowledging before completion is stale.
	if _, err := referral.Apply(r, ev("m10", referral.EventAcknowledged, referral.Requester, 5)); !errors.Is(err, carecoord.ErrTransition) {
		t.Errorf("acknowledged before completion: %v, want ErrTransition", err)
	}
	// An invalid event is ErrInvalid.
	if _, err := referral.Apply(r, referral.Event{ID: "bad id"}); !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("invalid event: %v", err)
	}
}

// Whatever arrives, in whatever order and however often: each id is applied at most once,
// a repeated event changes nothing, and a refused one leaves the referral as it was.
func TestApplyProperties(t *testing.T) {
	kinds := []referral.EventKind{referral.EventStatus, referral.EventBooked, referral.EventKept, referral.EventNoShow,
		referral.EventInterim, referral.EventOutcome, referral.EventAcknowledged}
	rapid.Check(t, func(t *rapid.T) {
		r := sent()
		r.Profile = rapid.SampledFrom(referral.Profiles()).Draw(t, "profile")
		var sentEvents []referral.Event
		for i := range rapid.IntRange(1, 25).Draw(t, "events") {
			var e referral.Event
			if len(sentEvents) > 0 && rapid.IntRange(0, 3).Draw(t, "resend") == 0 {
				e = rapid.SampledFrom(sentEvents).Draw(t, "again")
			} else {
				side := rapid.SampledFrom([]referral.Side{referral.Requester, referral.Performer}).Draw(t, "side")
				kind := rapid.SampledFrom(kinds).Draw(t, "kind")
				id := "e" + string(rune('a'+i))
				switch kind {
				case referral.EventStatus:
					e = status(id, rapid.SampledFrom(referral.Statuses()).Draw(t, "to"), side, i)
				case referral.EventBooked:
					e = booked(id, i)
					e.Side = side
				case referral.EventInterim, referral.EventOutcome:
					e = report(id, kind, i)
					e.Side = side
				default:
					e = ev(id, kind, side, i)
				}
				sentEvents = append(sentEvents, e)
			}
			before := r.Clone()
			next, err := referral.Apply(r, e)
			if err != nil {
				if len(next.Events) != len(before.Events) || next.Status != before.Status {
					t.Fatalf("a refused event changed the referral: %v", err)
				}
				continue
			}
			r = next
			seen := map[string]bool{}
			for _, x := range r.Events {
				if seen[x.ID] {
					t.Fatalf("event %s applied twice", x.ID)
				}
				seen[x.ID] = true
			}
			if again, err := referral.Apply(r, e); err != nil || len(again.Events) != len(r.Events) || again.Status != r.Status {
				t.Fatalf("re-applying %s: %v", e.ID, err)
			}
			if n := len(r.History); n > 0 && referral.Status(r.History[n-1].To) != r.Status {
				t.Fatalf("history ends in %s, status %s", r.History[n-1].To, r.Status)
			}
		}
	})
}

func TestResend(t *testing.T) {
	r := sent()
	if _, _, err := referral.Resend(r, "ref-2", cardiology, t0, clinic); !errors.Is(err, carecoord.ErrTransition) {
		t.Errorf("re-sending a referral that is still requested: %v, want ErrTransition", err)
	}
	rejected, err := referral.Apply(r, status("m1", referral.StatusRejected, referral.Performer, 1))
	if err != nil {
		t.Fatal(err)
	}
	rejected.ID = "ref-1"
	old, next, err := referral.Resend(rejected, "ref-2", carecoord.Actor{}, t0.Add(2*time.Hour), clinic)
	if err != nil || old.ReplacedBy != "ref-2" || next.ID != "ref-2" || next.Status != referral.StatusRequested ||
		!next.Performer.IsZero() || next.Patient != rejected.Patient || rejected.ReplacedBy != "" {
		t.Errorf("Resend = %+v / %+v, %v", old.ReplacedBy, next.Status, err)
	}
	if _, _, err := referral.Resend(old, "ref-3", cardiology, t0, clinic); !errors.Is(err, carecoord.ErrTransition) {
		t.Errorf("re-sending twice: %v, want ErrTransition", err)
	}
	if _, _, err := referral.Resend(rejected, "ref-1", cardiology, t0, clinic); !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("re-sending under the same id: %v, want ErrInvalid", err)
	}
}
