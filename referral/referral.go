package referral

import (
	"slices"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

// Kind says what sort of service a referral asks for. These are the library's tokens; the
// service itself is coded in Referral.Service. The zero Kind is not valid.
type Kind string

// The referral kinds.
const (
	KindSpecialist Kind = "specialist"  // a consultation with a specialist clinician
	KindBehavioral Kind = "behavioral"  // behavioural or mental health
	KindHomeHealth Kind = "home-health" // home health or home care
	KindDiagnostic Kind = "diagnostic"  // a test, imaging or procedure
	KindCommunity  Kind = "community"   // a community organisation for a social need (SDOH)
	KindRehab      Kind = "rehab"       // rehabilitation: physical, occupational, speech therapy
	KindPostAcute  Kind = "post-acute"  // skilled nursing, inpatient rehabilitation, long-term care
	KindPharmacy   Kind = "pharmacy"    // clinical pharmacist, medication management
)

// Kinds returns every Kind, in a new slice.
func Kinds() []Kind {
	return []Kind{KindSpecialist, KindBehavioral, KindHomeHealth, KindDiagnostic, KindCommunity, KindRehab, KindPostAcute, KindPharmacy}
}

// IsValid reports whether k is one of [Kinds].
func (k Kind) IsValid() bool { return slices.Contains(Kinds(), k) }

// Priority is how urgent a referral is: the FHIR R4 request-priority codes, in ascending
// urgency routine < urgent < asap < stat. The zero Priority is not valid.
type Priority string

// The priorities (FHIR R4 request-priority).
const (
	PriorityRoutine Priority = "routine"
	PriorityUrgent  Priority = "urgent"
	PriorityASAP    Priority = "asap"
	PriorityStat    Priority = "stat"
)

// Priorities returns every Priority, least urgent first, in a new slice.
func Priorities() []Priority {
	return []Priority{PriorityRoutine, PriorityUrgent, PriorityASAP, PriorityStat}
}

// IsValid reports whether p is one of [Priorities].
func (p Priority) IsValid() bool { return p.Urgency() > 0 }

// Urgency orders priorities: 1 for routine up to 4 for stat; 0 for an invalid Priority.
func (p Priority) Urgency() int {
	return slices.Index(Priorities(), p) + 1
}

// A Referral is one closed-loop referral: a requester asks a performer (a specialist or a
// community organisation) for a service for a patient, and the loop closes when the performer's
// outcome has come back and the requester has acknowledged it. It models the FHIR R4
// ServiceRequest (the order) and Task (its fulfilment) together, as the unified model of spec
// §2.1.3 does. It is a value: functions that change a referral return a new one.
//
// The zero Referral is not valid; [Referral.Validate] says why.
type Referral struct {
	carecoord.Meta
	// Profile selects the rules: FHIR core (360X provider referrals) or SDOH-CC (community).
	Profile Profile `json:"profile"`
	// Patient is whom the referral is for.
	Patient carecoord.PatientID `json:"patient"`
	// Kind says what sort of service is asked for.
	Kind Kind `json:"kind"`
	// Requester is who asks (FHIR Task.requester); Performer is who is asked or who accepted
	// (Task.owner), zero while nobody has: an open referral any capable organisation may claim.
	Requester carecoord.Actor `json:"requester"`
	Performer carecoord.Actor `json:"performer,omitzero"`
	// Service codes what is asked for: a specialty (NUCC taxonomy, SNOMED CT) or a community
	// service category (SDOHCC).
	Service carecoord.Coding `json:"service"`
	// Reasons are why: diagnoses, SDOH needs.
	Reasons []carecoord.Coding `json:"reasons,omitempty"`
	// Priority is how urgent the referral is.
	Priority Priority `json:"priority"`
	// Status is where the referral is; change it only with [Move] (or the events that use it).
	Status Status `json:"status"`
	// Business is the sub-status that says more than Status (FHIR Task.businessStatus, which has
	// no value set): appointment booked, kept, no-show, report sent.
	Business Business `json:"business,omitempty"`
	// Appointment is when the booked appointment is, if one is; zero otherwise.
	Appointment time.Time `json:"appointment,omitzero"`
	// AuthoredOn is when the referral was sent (FHIR Task.authoredOn); loop-closure time is
	// measured from it.
	AuthoredOn time.Time `json:"authoredOn,omitzero"`
	// Outcomes are what the performer returned (FHIR Task.output): a coded result and
	// references to documents. Completing a referral requires one (SDOH-CC refer-10).
	Outcomes []Outcome `json:"outcomes,omitempty"`
	// Reports are the interim reports returned while the referral is in progress (360X PCC-59).
	// They are not outcomes: they neither complete the referral nor close the loop.
	Reports []Outcome `json:"reports,omitempty"`
	// Acknowledged is when the requester acknowledged receipt of the outcome; zero until then.
	// The loop is closed only once it is set.
	Acknowledged time.Time `json:"acknowledged,omitzero"`
	// StatusReason codes why the referral was rejected, cancelled, put on hold or failed
	// (e.g. SDOH-CC capacity code no-capacity).
	StatusReason carecoord.Coding `json:"statusReason,omitzero"`
	// ReplacedBy is the id of the referral that re-sends this one to another performer after a
	// rejection (the IG's capacity variant: a new Task); empty otherwise.
	ReplacedBy string `json:"replacedBy,omitempty"`
	// History is every status change, oldest first.
	History []carecoord.Transition `json:"history,omitempty"`
	// Events is every event applied ([Apply]), in the order applied: the log that makes
	// re-sent messages no-ops.
	Events []Event `json:"events,omitempty"`
}

// Business is a referral's business sub-status (FHIR Task.businessStatus; example binding, no
// value set). These are the library's tokens from the unified model of spec §2.1.3 and the 360X
// events. The zero Business means none.
type Business string

// The business sub-statuses.
const (
	BusinessAppointmentBooked Business = "appointment-booked" // 360X PCC-60
	BusinessAppointmentKept   Business = "appointment-kept"
	BusinessNoShow            Business = "appointment-noshow" // 360X PCC-61; the referral stays open
	BusinessInterimReport     Business = "interim-results"    // 360X PCC-59
	BusinessWaitlist          Business = "waitlist"
	BusinessOutcomeFinal      Business = "outcome-final" // 360X PCC-57
)

// Businesses returns every Business value, in a new slice.
func Businesses() []Business {
	return []Business{BusinessAppointmentBooked, BusinessAppointmentKept, BusinessNoShow, BusinessInterimReport,
		BusinessWaitlist, BusinessOutcomeFinal}
}

// IsValid reports whether b is one of [Businesses].
func (b Business) IsValid() bool { return slices.Contains(Businesses(), b) }

// An Outcome is one thing the performer returned (FHIR Task.output): a coded result (a
// procedure done, an enrollment status) and references to the documents that describe it
// (a consult note, a DocumentReference). Free text is kept by the host, not here, so that it can
// never reach an error message. The zero Outcome is not valid.
type Outcome struct {
	// Result codes what was done or found (e.g. SDOH-CC enrollment status "enrolled").
	Result carecoord.Coding `json:"result"`
	// Documents are FHIR relative references ("DocumentReference/dr-1") to what describes it.
	Documents []string `json:"documents,omitempty"`
	// At is when it was returned; By is who returned it.
	At time.Time       `json:"at"`
	By carecoord.Actor `json:"by"`
}

// Clone returns a deep copy of r: no slice is shared.
func (r Referral) Clone() Referral {
	r.Reasons = slices.Clone(r.Reasons)
	r.History = slices.Clone(r.History)
	if r.Events != nil {
		evs := slices.Clone(r.Events)
		for i := range evs {
			evs[i].Outcome.Documents = slices.Clone(evs[i].Outcome.Documents)
		}
		r.Events = evs
	}
	r.Outcomes = cloneOutcomes(r.Outcomes)
	r.Reports = cloneOutcomes(r.Reports)
	return r
}

func cloneOutcomes(outs []Outcome) []Outcome {
	if outs == nil {
		return nil
	}
	c := make([]Outcome, len(outs))
	for i, o := range outs {
		o.Documents = slices.Clone(o.Documents)
		c[i] = o
	}
	return c
}

// ClosedLoop reports whether the referral's loop is closed: completed, with at least one
// outcome, and acknowledged by the requester (spec §2.1.3; CMS50 counts a referral closed when
// the referring clinician has received the report).
func (r Referral) ClosedLoop() bool {
	return r.Status == StatusCompleted && len(r.Outcomes) > 0 && !r.Acknowledged.IsZero()
}

// LoopState says whether a referral's loop is closed, and how (spec §2.1.3). The zero
// LoopState is not valid.
type LoopState string

// The loop states.
const (
	// LoopOpen: the referral still awaits action, or its outcome awaits acknowledgement.
	LoopOpen LoopState = "open"
	// LoopClosedFulfilled: completed, with an outcome, acknowledged by the requester.
	LoopClosedFulfilled LoopState = "closed-fulfilled"
	// LoopClosedNotFulfilled: rejected, cancelled, failed or entered in error; the need may
	// still be unmet (see ReplacedBy and FlagNotReReferred).
	LoopClosedNotFulfilled LoopState = "closed-not-fulfilled"
)

// LoopStates returns every LoopState, in a new slice.
func LoopStates() []LoopState {
	return []LoopState{LoopOpen, LoopClosedFulfilled, LoopClosedNotFulfilled}
}

// IsValid reports whether s is one of [LoopStates].
func (s LoopState) IsValid() bool { return slices.Contains(LoopStates(), s) }

// Loop returns r's loop state.
func (r Referral) Loop() LoopState {
	switch {
	case r.ClosedLoop():
		return LoopClosedFulfilled
	case r.Status.IsTerminal() && r.Status != StatusCompleted:
		return LoopClosedNotFulfilled
	}
	return LoopOpen
}

// SentOn returns the day the referral was sent, in loc.
func (r Referral) SentOn(loc *time.Location) civil.Date {
	if loc == nil {
		loc = time.UTC
	}
	return civil.DateOf(r.AuthoredOn.In(loc))
}

// Resend returns r marked as replaced and a new referral that re-sends it to another performer
// (SDOH-CC capacity variant: a CBO rejects a referral as at capacity, and the source or the
// coordination platform sends a new Task to another one; the old Task stays rejected). The new
// referral has id, the same patient, kind, requester, service, reasons, priority and profile,
// status requested and performer (zero for an open referral), sent at at; r.ReplacedBy is set to
// id. Only a rejected or failed referral that has not been re-sent yet may be; otherwise the
// error matches carecoord.ErrTransition. Neither input is modified.
func Resend(r Referral, id string, performer carecoord.Actor, at time.Time, by carecoord.Actor) (old, resent Referral, err error) {
	if (r.Status != StatusRejected && r.Status != StatusFailed) || r.ReplacedBy != "" {
		return r, Referral{}, &carecoord.TransitionError{Record: "referral", From: string(r.Status), To: "re-sent"}
	}
	resent = Referral{
		Meta:       carecoord.Meta{ID: id, UpdatedAt: at, UpdatedBy: by},
		Profile:    r.Profile,
		Patient:    r.Patient,
		Kind:       r.Kind,
		Requester:  r.Requester,
		Performer:  performer,
		Service:    r.Service,
		Reasons:    slices.Clone(r.Reasons),
		Priority:   r.Priority,
		Status:     StatusRequested,
		AuthoredOn: at,
	}
	var errs carecoord.FieldErrors
	if !carecoord.ValidID(id) || id == r.ID {
		errs.Add(carecoord.Invalid("id", "must be a new FHIR id for the re-sent referral"))
	}
	if !performer.IsZero() {
		errs.Nest("performer", performer.Validate())
	}
	if at.IsZero() {
		errs.Add(carecoord.Required("at", "must say when it was re-sent"))
	} else if at.Before(lastUpdate(&r)) {
		errs.Add(carecoord.OutOfRange("at", "must not be before the referral's latest update"))
	}
	errs.Nest("by", by.Validate())
	if err := errs.Err(); err != nil {
		return r, Referral{}, err
	}
	r.ReplacedBy = id
	return r, resent, nil
}
