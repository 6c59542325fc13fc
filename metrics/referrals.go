package metrics

import (
	"cmp"
	"slices"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/referral"
	"github.com/carecoord/carecoord/sdoh"
)

// The referral measures of this file.
const (
	// MeasureClosedLoop is the closed-loop referral rate ([ClosedLoop]).
	MeasureClosedLoop MeasureID = "referral-closed-loop"
	// MeasureTimeToAppointment is the time from referral to appointment ([TimeToAppointment]).
	MeasureTimeToAppointment MeasureID = "referral-time-to-appointment"
)

// The reasons the referral measures give.
const (
	// ReasonLoopClosed: the referral's loop is closed, fulfilled (referral.LoopClosedFulfilled).
	ReasonLoopClosed Reason = "loop-closed"
	// ReasonLoopOpen: the referral still awaits action, or its outcome awaits acknowledgement.
	ReasonLoopOpen Reason = "loop-open"
	// ReasonReferralRejected and ReasonReferralFailed: the performer declined the referral, or
	// could not complete it; the need may still be unmet.
	ReasonReferralRejected Reason = "referral-rejected"
	ReasonReferralFailed   Reason = "referral-failed"
	// ReasonReferralCancelled: the referral was withdrawn (excluded).
	ReasonReferralCancelled Reason = "referral-cancelled"
	// ReasonReferralEnteredInError: the referral should never have existed (excluded).
	ReasonReferralEnteredInError Reason = "referral-entered-in-error"
	// ReasonAppointment: the referral has an appointment; its wait is in the distribution.
	ReasonAppointment Reason = "appointment"
	// ReasonAwaitingAppointment: the referral is open with no appointment yet: censored, its
	// wait is not known yet.
	ReasonAwaitingAppointment Reason = "awaiting-appointment"
	// ReasonEndedWithoutAppointment: the referral was rejected, failed or completed without
	// an appointment: no wait to measure, and none to come.
	ReasonEndedWithoutAppointment Reason = "ended-without-appointment"
)

// A ReferralRecord is one referral reduced to what the coordination measures read: whose it
// is, what kind, where its loop stands, and the days it was sent, given an appointment and
// closed. It is a plain value, cheap to hold by the million; [ReferralRecordOf] makes one
// from a [referral.Referral], and a host with its own scheduling data may fill one itself.
//
// The zero ReferralRecord is not valid; [ReferralRecord.Validate] says why.
type ReferralRecord struct {
	// ID identifies the referral; Patient is whom it is for.
	ID      string              `json:"id"`
	Patient carecoord.PatientID `json:"patient"`
	// Kind is what sort of service is asked for (specialist, community...).
	Kind referral.Kind `json:"kind"`
	// Status is the referral's task status, and Loop its loop state (referral.Referral.Loop).
	Status referral.Status    `json:"status"`
	Loop   referral.LoopState `json:"loop"`
	// Sent is the day the referral was sent (referral.Referral.SentOn); zero for a draft that
	// was never sent, which no measure counts.
	Sent civil.Date `json:"sent,omitzero"`
	// Appointment is the day of the referral's appointment; zero while it has none.
	Appointment civil.Date `json:"appointment,omitzero"`
	// Closed is the day the loop closed (the requester's acknowledgement); set exactly when
	// Loop is referral.LoopClosedFulfilled.
	Closed civil.Date `json:"closed,omitzero"`
	// Categories are the Gravity SDOH categories the referral addresses, for linking it to a
	// positive screen ([ScreenReferrals]); empty when it carries none.
	Categories []sdoh.Category `json:"categories,omitempty"`
}

// ReferralRecordOf returns the record of r, reading its instants as days in loc (the
// requester's zone; nil means UTC):
//
//   - Sent is the day of r.AuthoredOn, zero when it was never sent;
//   - Appointment is the day of r.Appointment, the appointment booked (a rebooking replaces
//     it), unless the patient missed it (business status appointment-noshow): a missed
//     appointment is not an appointment, and the referral waits for the next one;
//   - Closed is the day of r.Acknowledged when the loop is closed;
//   - Categories are the codes of r.Service and r.Reasons in carecoord.SystemSDOHCCTemporary
//     that are Gravity SDOH categories, each once, in that order.
func ReferralRecordOf(r referral.Referral, loc *time.Location) ReferralRecord {
	if loc == nil {
		loc = time.UTC
	}
	rec := ReferralRecord{ID: r.ID, Patient: r.Patient, Kind: r.Kind, Status: r.Status, Loop: r.Loop()}
	if !r.AuthoredOn.IsZero() {
		rec.Sent = civil.DateOf(r.AuthoredOn.In(loc))
	}
	if !r.Appointment.IsZero() && r.Business != referral.BusinessNoShow {
		rec.Appointment = civil.DateOf(r.Appointment.In(loc))
	}
	if rec.Loop == referral.LoopClosedFulfilled {
		rec.Closed = civil.DateOf(r.Acknowledged.In(loc))
	}
	addCategory := func(c carecoord.Coding) {
		if cat := sdoh.Category(c.Code); c.System == carecoord.SystemSDOHCCTemporary && cat.IsValid() && !slices.Contains(rec.Categories, cat) {
			rec.Categories = append(rec.Categories, cat)
		}
	}
	addCategory(r.Service)
	for _, c := range r.Reasons {
		addCategory(c)
	}
	return rec
}

// Validate reports every problem with r as carecoord.FieldErrors, with paths relative to the
// record: the id, patient, kind, status and loop state (a closed loop needs a completed
// referral), valid days, an appointment and a closing day not before the day sent, and a
// closing day set exactly when the loop is closed. It never repeats a value.
func (r ReferralRecord) Validate() error {
	var errs carecoord.FieldErrors
	checkID(&errs, "id", r.ID, "referral")
	checkPatient(&errs, r.Patient)
	if !r.Kind.IsValid() {
		errs.Add(carecoord.NotSupported("kind", referral.Kinds()...))
	}
	if !r.Status.IsValid() {
		errs.Add(carecoord.NotSupported("status", referral.Statuses()...))
	}
	switch {
	case !r.Loop.IsValid():
		errs.Add(carecoord.NotSupported("loop", referral.LoopStates()...))
	case r.Loop == referral.LoopClosedFulfilled && r.Status != referral.StatusCompleted:
		errs.Add(carecoord.Invalid("loop", "a loop closed fulfilled needs a completed referral"))
	}
	for _, f := range [...]struct {
		path string
		d    civil.Date
	}{{"sent", r.Sent}, {"appointment", r.Appointment}, {"closed", r.Closed}} {
		switch {
		case f.d.IsZero():
		case !f.d.IsValid():
			errs.Add(carecoord.Invalid(f.path, "must be a date from 0001-01-01 to 9999-12-31"))
		case f.path != "sent" && r.Sent.IsValid() && f.d.Before(r.Sent):
			errs.Add(carecoord.Invalid(f.path, "must not be before sent"))
		case f.path != "sent" && r.Sent.IsZero():
			errs.Add(carecoord.NotAllowed(f.path, "must wait for the referral to be sent"))
		}
	}
	if r.Closed.IsZero() && r.Loop == referral.LoopClosedFulfilled {
		errs.Add(carecoord.Required("closed", "must say when the loop closed"))
	} else if !r.Closed.IsZero() && r.Loop != referral.LoopClosedFulfilled {
		errs.Add(carecoord.NotAllowed("closed", "is only for a loop closed fulfilled"))
	}
	for i, c := range r.Categories {
		if !c.IsValid() {
			errs.Add(carecoord.NotSupported(carecoord.Path("categories", i), sdoh.Categories()...))
		}
	}
	return errs.Err()
}

// coCheckReferrals adds the problems of the referral records (at most maxProblems in all)
// with paths like "referrals[3].sent".
func coCheckReferrals(errs *carecoord.FieldErrors, refs []ReferralRecord) {
	for i := range refs {
		if len(*errs) >= maxProblems {
			return
		}
		if err := refs[i].Validate(); err != nil {
			errs.Nest(carecoord.Path("referrals", i), err)
		}
	}
}

// coEachSent checks period and every record, and calls each with every record sent in
// period, in one pass over refs. Once a problem is found it stops calling each (what was
// counted is thrown away) and only looks for more problems, up to maxProblems.
func coEachSent(refs []ReferralRecord, period civil.Range, each func(r *ReferralRecord)) error {
	var errs carecoord.FieldErrors
	errs.Nest("period", period.Validate())
	for i := range refs {
		r := &refs[i]
		if err := r.Validate(); err != nil {
			if len(errs) >= maxProblems {
				break
			}
			errs.Nest(carecoord.Path("referrals", i), err)
		}
		if len(errs) == 0 && period.Contains(r.Sent) {
			each(r)
		}
	}
	return capProblems(errs)
}

// coReferralExclusion returns the reason a referral is excluded from the referral measures,
// or "". A cancelled referral was withdrawn and an entered-in-error one never existed
// (referral.StatusCancelled, referral.StatusEnteredInError: "will not be completed", "should
// never have existed", FHIR R4 task-status), so neither says anything about how referrals
// are followed through. Then the caller's eligibility rule, as of the day sent.
func coReferralExclusion(t *tallier, r *ReferralRecord) Reason {
	switch r.Status {
	case referral.StatusEnteredInError:
		return ReasonReferralEnteredInError
	case referral.StatusCancelled:
		return ReasonReferralCancelled
	}
	return t.eligible(r.Patient, r.Sent)
}

// ClosedLoop returns the closed-loop referral rate over the referrals sent in period (both
// ends included): the share whose loop is closed, fulfilled, as the referral package defines
// it (referral.Referral.ClosedLoop: completed, with an outcome, and acknowledged by the
// requester; spec §2.1.3, after CMS50 "Closing the Referral Loop: Receipt of Specialist
// Report", which counts a referral closed when the referring clinician has received the
// report).
//
// The subjects are referrals, not patients (CMS50 counts patients; a coordinator chases
// referrals). For each referral sent in period:
//
//   - excluded: entered in error ([ReasonReferralEnteredInError]) or cancelled
//     ([ReasonReferralCancelled]), then any reason Options.Eligible gives as of the day sent;
//   - in the numerator: the loop is closed ([ReasonLoopClosed]), decided on the closing day;
//   - in the denominator only: still open ([ReasonLoopOpen]), rejected
//     ([ReasonReferralRejected]) or failed ([ReasonReferralFailed]): a loop closed without the
//     service is a loop the coordinator did not close.
//
// The records say where each loop stands: pass them as of the day you report (a loop closed
// after the period still counts). The evidence has the referral's id as the subject and the
// day sent as the event.
//
// refs is not changed. Every record is validated, and the problems returned (at most 50) as
// carecoord.FieldErrors with paths like "referrals[3].closed"; an invalid period is
// "period.end". Each record counts as given, in one pass without sorting: a referral given
// twice counts twice, so give each once (the latest version from the store).
func ClosedLoop(refs []ReferralRecord, period civil.Range, opts Options) (Result, error) {
	t := newTallier(MeasureClosedLoop, period, &opts)
	err := coEachSent(refs, period, func(r *ReferralRecord) {
		e := Evidence{Patient: r.Patient, Subject: r.ID, Event: r.Sent}
		if e.Reason = coReferralExclusion(&t, r); e.Reason != "" {
			e.Status = Excluded
		} else {
			e.Status, e.Reason, e.Decided = coLoopStatus(r)
		}
		t.add(e, nil)
	})
	if err != nil {
		return Result{}, err
	}
	return t.finish(), nil
}

// coLoopStatus is the ClosedLoop decision for a referral that is not excluded.
func coLoopStatus(r *ReferralRecord) (Status, Reason, civil.Date) {
	switch {
	case r.Loop == referral.LoopClosedFulfilled:
		return InNumerator, ReasonLoopClosed, r.Closed
	case r.Status == referral.StatusRejected:
		return InDenominator, ReasonReferralRejected, civil.Date{}
	case r.Status == referral.StatusFailed:
		return InDenominator, ReasonReferralFailed, civil.Date{}
	}
	return InDenominator, ReasonLoopOpen, civil.Date{}
}

// TimeToAppointment returns the time from referral to appointment over the referrals sent in
// period (both ends included): the whole days from the day sent to the appointment's day
// (0 for an appointment the day the referral was sent), as an exact [Distribution], with
// the referrals still waiting reported as censored.
//
// For time to a specialist appointment pass the specialist referrals (Kind
// referral.KindSpecialist); any kind with appointments works the same. For each referral
// sent in period:
//
//   - excluded, as in [ClosedLoop]: entered in error, cancelled, or ineligible;
//   - in the numerator: it has an appointment ([ReasonAppointment]), decided on the
//     appointment's day; its days go into the distribution;
//   - in the denominator only: open with no appointment yet ([ReasonAwaitingAppointment]):
//     censored, counted in Distribution.Censored, never silently dropped; or ended (rejected,
//     failed, completed) with none ([ReasonEndedWithoutAppointment]): no wait to measure.
//
// So the Result's rate is the share of referrals that got an appointment, and the
// distribution's percentiles describe those that did. A large censored count means the
// percentiles understate the wait: the longest waits are the ones not over yet.
//
// refs is not changed; problems are returned, and repeated records counted, as in
// [ClosedLoop].
func TimeToAppointment(refs []ReferralRecord, period civil.Range, opts Options) (DaysResult, error) {
	d := coDaysTallier{coT: newTallier(MeasureTimeToAppointment, period, &opts)}
	err := coEachSent(refs, period, func(r *ReferralRecord) {
		e := Evidence{Patient: r.Patient, Subject: r.ID, Event: r.Sent}
		days, censored := -1, false
		switch e.Reason = coReferralExclusion(&d.coT, r); {
		case e.Reason != "":
			e.Status = Excluded
		case !r.Appointment.IsZero():
			e.Status, e.Reason, e.Decided = InNumerator, ReasonAppointment, r.Appointment
			days = r.Appointment.DaysSince(r.Sent)
		case r.Status.IsOpen():
			e.Status, e.Reason, censored = InDenominator, ReasonAwaitingAppointment, true
		default:
			e.Status, e.Reason = InDenominator, ReasonEndedWithoutAppointment
		}
		d.coAddSubject(e, days, censored)
	})
	if err != nil {
		return DaysResult{}, err
	}
	return d.coFinish(), nil
}

// coCompareReferrals orders referral records by patient, day sent and id: the order the
// measures that walk a patient's referrals use.
func coCompareReferrals(a, b *ReferralRecord) int {
	if c := cmp.Compare(a.Patient, b.Patient); c != 0 {
		return c
	}
	if c := a.Sent.Compare(b.Sent); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}
