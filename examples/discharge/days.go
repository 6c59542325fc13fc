package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/careplan"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/referral"
	"github.com/carecoord/carecoord/sdoh"
	"github.com/carecoord/carecoord/transition"
)

// firstCall is day 4, Tuesday, the first business day after the holiday weekend: the
// coordinator reaches her, reviews her medicines with her doctor on the line, screens for
// social needs, sends the referrals and writes the care plan.
func (s *story) firstCall() error {
	s.day(date(4), "the coordinator's call, on the first business day after Labor Day")
	call := s.at(4, 10, 0)
	s.out.line(2, fmt.Sprintf("%s %s calls her and reaches her (interactive contact by telephone).", s.clock(call), s.who.coordinator.Display))
	s.services = append(s.services, metrics.Service{Patient: patient, Day: date(4), Kind: metrics.ServiceTelephone, By: s.who.coordinator})
	if _, err := s.complete("interactive-contact", call, s.who.coordinator, transition.EvidenceCommunication, "call-0908"); err != nil {
		return err
	}
	for _, step := range []func() error{s.reviewAtHome, s.screenSocialNeeds, s.refer, s.writePlan} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// bookings is day 5: the clinics and the community organisations answer, and the booked
// appointments go on the care plan.
func (s *story) bookings() error {
	s.day(date(5), "the referrals are accepted and booked")
	accept := func(by carecoord.Actor, at time.Time) referral.Event {
		return referral.Event{Kind: referral.EventStatus, To: referral.StatusAccepted, Side: referral.Performer, By: by, At: at}
	}
	booked := func(by carecoord.Actor, at, appointment time.Time) referral.Event {
		return referral.Event{Kind: referral.EventBooked, Appointment: appointment, Side: referral.Performer, By: by, At: at}
	}
	cardiology, endocrinology, ride := s.at(10, 10, 0), s.at(13, 9, 0), s.at(10, 9, 15)
	for _, m := range []struct {
		ref, what string
		es        []referral.Event
	}{
		{refCardiology, "accepted, booked " + s.when(cardiology),
			[]referral.Event{accept(s.who.heartClinic, s.at(5, 8, 30)), booked(s.who.heartClinic, s.at(5, 8, 35), cardiology)}},
		{refEndocrinology, "accepted, booked " + s.when(endocrinology),
			[]referral.Event{accept(s.who.endocrine, s.at(5, 9, 30)), booked(s.who.endocrine, s.at(5, 9, 35), endocrinology)}},
		{refFood, "accepted", []referral.Event{accept(s.who.pantry, s.at(5, 11, 0))}},
		{refRides, "accepted, ride booked " + s.when(ride),
			[]referral.Event{accept(s.who.rides, s.at(5, 13, 0)), booked(s.who.rides, s.at(5, 13, 5), ride)}},
	} {
		if _, err := s.events(m.ref, m.ref+" "+m.what, m.es...); err != nil {
			return err
		}
	}
	var p careplan.CarePlan
	for _, b := range []struct {
		activity string
		day      time.Time
	}{{"cardiology-visit", cardiology}, {"endocrinology-visit", endocrinology}} {
		var err error
		if p, err = s.book(b.activity, civilDay(b.day, s.loc), s.at(5, 14, 0)); err != nil {
			return err
		}
	}
	s.out.line(2, fmt.Sprintf("14:00 Care plan: both specialist visits scheduled on their days [%s]", saved(p.Meta)))
	// She calls the pantry: the patient app completes her task. It may change only the task's
	// status, status reason and outputs (SDOHCC-TaskForPatient), which PatientEdit checks.
	done, err := referral.MovePatientTask(s.task, referral.StatusCompleted, referral.Performer, s.at(5, 16, 0), s.who.patient, carecoord.Coding{})
	if err != nil {
		return fmt.Errorf("patient task: %w", err)
	}
	if err := referral.PatientEdit(s.task, done); err != nil {
		return fmt.Errorf("patient task: %w", err)
	}
	s.task = done
	s.out.line(2, fmt.Sprintf("16:00 She calls the pantry; her task in the patient app is %s (SDOHCC-TaskForPatient).", done.Status))
	return nil
}

// followUpVisit is day 6: the face-to-face visit with her doctor closes the checklist and
// settles Transitional Care Management.
func (s *story) followUpVisit() error {
	s.day(date(6), "follow-up visit with her primary care doctor")
	at := s.at(6, 10, 0)
	s.out.line(2, fmt.Sprintf("%s Face-to-face visit with %s; medical decision making of high complexity "+
		"(a new MI, two new antiplatelets, a sulfonylurea stopped).", s.clock(at), s.who.pcp.Display))
	s.services = append(s.services, metrics.Service{Patient: patient, Day: date(6), Kind: metrics.ServiceVisit, By: s.who.pcp, MDM: transition.MDMHigh})
	c, err := s.complete("follow-up-visit", at, s.who.pcp, transition.EvidenceEncounter, "visit-0910")
	if err != nil {
		return err
	}
	e := transition.Evaluate(c, at)
	s.out.line(4, fmt.Sprintf("Checklist: %s required items done, %s on time.", e.Completion, e.OnTime))
	p, err := s.attended("pcp-visit", date(6), careplan.OutcomeCompleted, carecoord.Coding{}, at)
	if err != nil {
		return err
	}
	s.out.line(2, fmt.Sprintf("%s Care plan: pcp-visit kept [%s]", s.clock(at), saved(p.Meta)))
	return s.decideTCM()
}

// decideTCM says which Transitional Care Management code the care since the discharge
// supports, from the records as the stores hold them (the stay, the checklist's contact and
// visit, the reconciliation), and what would fail had the visit been of moderate complexity.
func (s *story) decideTCM() error {
	stay, err := s.adt.Events().Get(s.ctx, stayID)
	if err != nil {
		return fmt.Errorf("reading the stay: %w", err)
	}
	c, err := s.adt.Checklists().Get(s.ctx, checklistID)
	if err != nil {
		return fmt.Errorf("reading the checklist: %w", err)
	}
	home, err := s.meds.Get(s.ctx, medsAtHome)
	if err != nil {
		return fmt.Errorf("reading the reconciliation: %w", err)
	}
	contact, okContact := c.Item("interactive-contact")
	visit, okVisit := c.Item("follow-up-visit")
	reconciled, _, okReconciled := home.Completed()
	if !okContact || !okVisit || contact.Status != transition.ItemCompleted || visit.Status != transition.ItemCompleted || !okReconciled {
		return fmt.Errorf("TCM needs the contact and the visit done and the medicines reconciled")
	}
	services := transition.TCMServices{
		Contacts: []transition.Contact{{At: contact.DoneAt, Mode: transition.ContactTelephone, Reached: true,
			By: contact.History[len(contact.History)-1].By}},
		Visit: civilDay(visit.DoneAt, s.loc), MDM: transition.MDMHigh, MedRec: civilDay(reconciled, s.loc),
	}
	dec, err := transition.DecideTCM(stay, services, s.cal)
	if err != nil {
		return fmt.Errorf("TCM: %w", err)
	}
	tl := dec.Timeline
	s.out.line(2, fmt.Sprintf("Transitional Care Management: CPT %s (CMS MLN908628). Contact %s, due %s (2 business "+
		"days); visit %s, due %s for 99496 (high MDM) or %s for 99495 (moderate); medicines reconciled %s, by the visit. "+
		"Date of service %s, claim from %s (CMS TCM FAQ, 2016); period %s.", dec.Code, short(dec.Contact.Reached),
		short(tl.ContactDue), short(services.Visit), short(tl.Visit99496By), short(tl.Visit99495By), short(services.MedRec),
		short(dec.DateOfService), short(dec.EarliestClaim), tl.Period))
	services.MDM = transition.MDMModerate
	if dec, err = transition.DecideTCM(stay, services, s.cal); err != nil {
		return fmt.Errorf("TCM: %w", err)
	}
	s.out.line(4, fmt.Sprintf("With moderate MDM it would be CPT %s: 99496 fails %v.", dec.Code, dec.Failed99496))
	return nil
}

// cardiology is days 10 and 11: the cardiology visit, its report, and the food pantry's
// outcome; the requester acknowledges each outcome, which closes its loop.
func (s *story) cardiology() error {
	s.day(date(10), "cardiology")
	if err := s.visitKept(refCardiology, "cardiology-visit", s.who.heartClinic, 10); err != nil {
		return err
	}
	s.day(date(11), "loops closing")
	if err := s.acknowledge(refCardiology, s.who.pcp, s.at(11, 9, 0)); err != nil {
		return err
	}
	enrolled := referral.Outcome{Result: carecoord.Coding{System: carecoord.SystemSNOMED, Code: "467681000124101",
		Display: "Assistance with application for food pantry program"}, At: s.at(11, 11, 0), By: s.who.pantry}
	if _, err := s.events(refFood, "enrolled her, first groceries picked up (SNOMED CT 467681000124101)",
		referral.Event{Kind: referral.EventOutcome, Side: referral.Performer, By: s.who.pantry, At: enrolled.At, Outcome: enrolled}); err != nil {
		return err
	}
	return s.acknowledge(refFood, s.who.coordinator, s.at(11, 15, 0))
}

// visitKept records a specialist visit on day n: she gets there with the ride booked for it,
// the ride programme and the clinic report the ride given and the visit kept, the clinic sends
// its consult note, and the care plan records the appointment kept.
func (s *story) visitKept(ref, activity string, clinic carecoord.Actor, n int) error {
	rides, err := s.refs.Get(s.ctx, refRides)
	if err != nil {
		return fmt.Errorf("reading the rides referral: %w", err)
	}
	if _, err := s.events(refRides, "ride given", referral.Event{Kind: referral.EventKept, Side: referral.Performer,
		By: s.who.rides, At: rides.Appointment}); err != nil {
		return err
	}
	s.services = append(s.services, metrics.Service{Patient: patient, Day: date(n), Kind: metrics.ServiceVisit, By: clinic})
	note := referral.Outcome{Result: carecoord.Coding{System: carecoord.SystemLOINC, Code: "11488-4", Display: "Consult note"},
		Documents: []string{"DocumentReference/" + ref + "-note"}, At: s.at(n, 16, 0), By: clinic}
	if _, err := s.events(ref, "visit kept; consult note sent (LOINC 11488-4)",
		referral.Event{Kind: referral.EventKept, Side: referral.Performer, By: clinic, At: s.at(n, 11, 0)},
		referral.Event{Kind: referral.EventOutcome, Side: referral.Performer, By: clinic, At: note.At, Outcome: note}); err != nil {
		return err
	}
	p, err := s.attended(activity, date(n), careplan.OutcomeCompleted, carecoord.Coding{}, note.At)
	if err != nil {
		return err
	}
	s.out.line(2, fmt.Sprintf("%s Care plan: %s kept [%s]", s.clock(note.At), activity, saved(p.Meta)))
	return nil
}

// acknowledge is the requester's receipt of a referral's outcome: the loop closes (CMS50,
// Closing the Referral Loop: receipt of the specialist report).
func (s *story) acknowledge(ref string, by carecoord.Actor, at time.Time) error {
	_, err := s.events(ref, ref+" outcome read and acknowledged",
		referral.Event{Kind: referral.EventAcknowledged, Side: referral.Requester, By: by, At: at})
	return err
}

// missedVisit is days 13 and 14. The endocrinology appointment passes with no word from the
// clinic; the next morning both worklists catch it, the coordinator finds out why, and the
// visit is booked again with a ride.
func (s *story) missedVisit() error {
	s.day(date(14), "the worklist catches a missed appointment")
	now := s.at(14, 9, 30)
	s.gapsFound = now
	refs, err := s.refs.List(s.ctx, referral.Query{Requester: s.who.practice})
	if err != nil {
		return fmt.Errorf("listing referrals: %w", err)
	}
	s.out.line(2, fmt.Sprintf("%s The practice's referral worklist (referral.Worklist, default flags):", s.clock(now)))
	for _, it := range referral.Worklist(refs, s.who.practice, s.cal, now, referral.WorklistOptions{Policy: s.policy, Location: s.loc}) {
		why := []string{}
		for _, f := range it.Flags {
			why = append(why, fmt.Sprintf("%s since %s", f.Code, s.when(f.Since)))
		}
		if it.Deadline.State != "" {
			why = append(why, fmt.Sprintf("%s due %s, %s", it.Deadline.Rule.Milestone, short(it.Deadline.DueDay), it.Deadline.State))
		}
		s.out.line(4, fmt.Sprintf("%s (%s): %s → next: %s", it.Referral, it.Priority, strings.Join(why, "; "), it.Next))
	}
	plans, err := s.plans.List(s.ctx, careplan.Query{Coordinator: s.who.coordinator})
	if err != nil {
		return fmt.Errorf("listing care plans: %w", err)
	}
	s.out.line(2, fmt.Sprintf("%s The coordinator's care-plan worklist (careplan.Worklist, no grace day):", s.clock(now)))
	for _, g := range careplan.Worklist(plans, s.who.coordinator, date(14), careplan.GapPolicy{Location: s.loc}) {
		s.out.line(4, fmt.Sprintf("%s %s: %s %s, due %s, %d day late (%s goal)", g.Patient, g.Plan, g.Code, g.Activity, short(g.Due), g.DaysLate, g.Priority))
	}

	s.out.line(2, fmt.Sprintf("09:45 %s calls her: the ride programme had booked only the cardiology ride, "+
		"and she had no way to get there.", s.who.coordinator.Display))
	again, ride := s.at(20, 9, 0), s.at(20, 8, 15)
	if _, err := s.events(refEndocrinology, "no-show confirmed; booked again "+s.when(again),
		referral.Event{Kind: referral.EventNoShow, Side: referral.Performer, By: s.who.endocrine, At: s.at(14, 10, 0)},
		referral.Event{Kind: referral.EventBooked, Side: referral.Performer, By: s.who.endocrine, At: s.at(14, 10, 5), Appointment: again}); err != nil {
		return err
	}
	if _, err := s.events(refRides, "ride booked "+s.when(ride),
		referral.Event{Kind: referral.EventBooked, Side: referral.Performer, By: s.who.rides, At: s.at(14, 10, 30), Appointment: ride}); err != nil {
		return err
	}

	// The missed visit stays on the plan, with its reason: the rescheduling cannot hide it.
	rides, err := s.need(sdoh.CategoryTransportationInsecurity)
	if err != nil {
		return err
	}
	if _, err := s.attended("endocrinology-visit", date(13), careplan.OutcomeMissed, rides.Conditions[0].Coding(), s.at(14, 10, 45)); err != nil {
		return err
	}
	p, err := s.book("endocrinology-visit", date(20), s.at(14, 10, 45))
	if err != nil {
		return err
	}
	s.out.line(2, fmt.Sprintf("10:45 Care plan: the 09-17 visit recorded missed (reason %s, transportation insecurity), "+
		"the visit rescheduled for %s; the missed one still counts in adherence [%s]", rides.Conditions[0].Code, short(date(20)), saved(p.Meta)))
	return nil
}

// endocrinology is day 20: the visit, with a ride, and its loop closed.
func (s *story) endocrinology() error {
	s.day(date(20), "endocrinology, with a ride")
	if err := s.visitKept(refEndocrinology, "endocrinology-visit", s.who.endocrine, 20); err != nil {
		return err
	}
	return s.acknowledge(refEndocrinology, s.who.pcp, s.at(20, 17, 0))
}

// when returns an instant as "Mon 09-14 10:00" in the story's zone.
func (s *story) when(t time.Time) string {
	d := civilDay(t, s.loc)
	return fmt.Sprintf("%s %s %s", weekday(d), short(d), s.clock(t))
}
