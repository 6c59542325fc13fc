package main

import (
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/referral"
)

// days returns n days as a duration (every day of UTC is 24 hours long).
func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// The specialty all specialist referrals ask for (NUCC taxonomy), and the outcome a
// specialist returns: a consult note (LOINC).
var (
	cardiology  = carecoord.Coding{System: carecoord.SystemNUCCTaxonomy, Code: "207RC0000X", Display: "Cardiovascular Disease"}
	consultNote = carecoord.Coding{System: carecoord.SystemLOINC, Code: "11488-4", Display: "Consult note"}
)

// newReferral returns a routine referral from the primary care practice (the care coordinator
// for a community referral) to performer, sent at sent, with the patient's next referral id.
func (s *simulator) newReferral(id carecoord.PatientID, profile referral.Profile, kind referral.Kind, performer carecoord.Actor, service carecoord.Coding, sent time.Time) referral.Referral {
	requester := practice
	if kind == referral.KindCommunity {
		requester = coordinator
	}
	s.refs++
	return referral.Referral{Meta: carecoord.Meta{ID: s.refIDs.at(s.refs - 1)}, Profile: profile, Patient: id, Kind: kind,
		Requester: requester, Performer: performer, Service: service, Priority: referral.PriorityRoutine,
		Status: referral.StatusRequested, AuthoredOn: sent}
}

// An eventLog builds the events of one referral in the order they happen, each with the next
// event id.
type eventLog struct {
	ids    ids
	events []referral.Event
}

func (l *eventLog) add(e referral.Event) {
	e.ID = l.ids.at(len(l.events))
	l.events = append(l.events, e)
}

func (l *eventLog) status(by carecoord.Actor, side referral.Side, to referral.Status, at time.Time, why carecoord.Coding) {
	l.add(referral.Event{Kind: referral.EventStatus, To: to, Reason: why, Side: side, By: by, At: at})
}

func (l *eventLog) performer(kind referral.EventKind, by carecoord.Actor, at time.Time) {
	l.add(referral.Event{Kind: kind, Side: referral.Performer, By: by, At: at})
}

func (l *eventLog) outcome(by carecoord.Actor, at time.Time, o referral.Outcome) {
	l.add(referral.Event{Kind: referral.EventOutcome, Outcome: o, Side: referral.Performer, By: by, At: at})
}

func (l *eventLog) acknowledge(by carecoord.Actor, at time.Time) {
	l.add(referral.Event{Kind: referral.EventAcknowledged, Side: referral.Requester, By: by, At: at})
}

// play applies the events of a referral that happened by the end of the horizon, in order,
// with referral.Apply: the referral is returned as it stands at the end.
func (s *simulator) play(r referral.Referral, events []referral.Event) (referral.Referral, error) {
	end := s.h.end()
	for _, e := range events {
		if !e.At.Before(end) {
			break
		}
		var err error
		if r, err = referral.Apply(r, e); err != nil {
			return r, err
		}
	}
	return r, nil
}

// specialistReferrals simulates year y's specialist referrals of a patient: their number (four
// chances of SpecialistPerYear/4 each, a binomial near Poisson), each sent on a uniformly drawn
// day before end, and their 360X events: accepted or rejected, an appointment booked 1 to 14
// days after acceptance for 7 to 45 days later, kept or missed, the consult note 0 to 10 days
// after the visit, and the practice's acknowledgement 0 to 7 days after it.
func (s *simulator) specialistReferrals(idx int, id carecoord.PatientID, y, end int) error {
	r, m := s.yearly, s.m
	r.reset(s.base, idx, streamSpecial+y)
	for range 4 {
		if !r.chance(m.SpecialistPerYear / 4) {
			continue
		}
		day := s.h.start[y] + r.IntN(s.h.years[y].Days())
		if day >= end {
			continue
		}
		sent := s.h.first.AddDays(day).In(time.UTC).Add(9 * time.Hour)
		ref := s.newReferral(id, referral.ProfileCore, referral.KindSpecialist, specialty, cardiology, sent)
		ref, err := s.play(ref, s.specialistEvents(sent))
		if err != nil {
			return err
		}
		s.rec.specialist = append(s.rec.specialist, metrics.ReferralRecordOf(ref, time.UTC))
		s.rec.specRefs = append(s.rec.specRefs, ref)
	}
	return nil
}

// specialistEvents draws the events of a specialist referral sent at sent.
func (s *simulator) specialistEvents(sent time.Time) []referral.Event {
	r, m := s.yearly, s.m
	ev := eventLog{ids: s.eventIDs, events: s.events[:0]}
	defer func() { s.events = ev.events }()
	if !r.chance(m.SpecAccept) {
		ev.status(specialty, referral.Performer, referral.StatusRejected, sent.Add(days(r.between(1, 5))), carecoord.Coding{})
		return ev.events
	}
	accepted := sent.Add(days(r.between(0, 3)) + 4*time.Hour)
	ev.status(specialty, referral.Performer, referral.StatusAccepted, accepted, carecoord.Coding{})
	if !r.chance(m.SpecBook) {
		return ev.events
	}
	booked := accepted.Add(days(r.between(1, 14)))
	appointment := booked.Add(days(r.between(7, 45)))
	ev.add(referral.Event{Kind: referral.EventBooked, Appointment: appointment, Side: referral.Performer, By: specialty, At: booked})
	if !r.chance(m.SpecKept) {
		ev.performer(referral.EventNoShow, specialty, appointment.Add(time.Hour))
		return ev.events
	}
	ev.performer(referral.EventKept, specialty, appointment.Add(time.Hour))
	if !r.chance(m.SpecReport) {
		return ev.events
	}
	reported := appointment.Add(days(r.between(0, 10)) + 5*time.Hour)
	ev.outcome(specialty, reported, referral.Outcome{Result: consultNote, At: reported, By: specialty})
	if r.chance(m.SpecAck) {
		ev.acknowledge(practice, reported.Add(days(r.between(0, 7))+time.Hour))
	}
	return ev.events
}
