package transition

import (
	"errors"

	"github.com/carecoord/carecoord"
)

// ErrNotApplicable: a checklist template does not apply to the event (a post-discharge
// checklist for a patient who died, or who went on to another hospital). The error is a
// *[NotApplicableError] that says why.
var ErrNotApplicable = errors.New("transition: checklist does not apply to the event")

// A Reason says why a checklist does not apply to an event. The values are stable: callers
// branch on them and render them in their own language. The zero Reason is not valid.
type Reason string

// The reasons.
const (
	// ReasonExpired: the patient died during the stay (NUBC 20, 40–42). There is no one to
	// follow up; the work left is the family's and the death notification.
	ReasonExpired Reason = "patient-expired"
	// ReasonInpatientTransfer: the patient went on to inpatient care in another hospital (NUBC
	// 02, 05, 65, 66, 82, 85, 93, 94). The receiving hospital's discharge starts the transition
	// home, and its checklists; this one gets a hand-off.
	ReasonInpatientTransfer Reason = "inpatient-transfer"
	// ReasonAdmitted: the emergency visit or observation stay became an inpatient admission here
	// (NUBC 09); the admission's own event carries the transition.
	ReasonAdmitted Reason = "admitted-as-inpatient"
	// ReasonNotDischarged: the stay has not ended (an admission under way, still a patient).
	ReasonNotDischarged Reason = "not-discharged"
	// ReasonFacility: the patient went to a facility whose staff take over daily care (SNF,
	// rehabilitation, long-term care, custody, another institution); it gets a hand-off, not
	// community follow-up.
	ReasonFacility Reason = "facility-destination"
	// ReasonHospice: the patient went to hospice, whose team takes over; it gets a hand-off.
	ReasonHospice Reason = "hospice"
	// ReasonCommunity: the patient went home (or to the community); there is no facility to hand
	// off to.
	ReasonCommunity Reason = "community-destination"
	// ReasonEventKind: the template is for another kind of event (an ED follow-up for an
	// inpatient discharge, a hospital discharge checklist for an ED visit).
	ReasonEventKind Reason = "event-kind"
	// ReasonTCMSetting: the patient was discharged from a setting TCM does not cover (CMS
	// MLN908628 lists the inpatient, observation and partial hospitalization settings).
	ReasonTCMSetting Reason = "tcm-setting"
	// ReasonTCMDestination: the patient did not go to a community setting TCM covers (home,
	// domiciliary, rest home, assisted living; CMS MLN908628), e.g. left against medical advice.
	ReasonTCMDestination Reason = "tcm-destination"
	// ReasonRiskNotAssessed: the program's template for this purpose depends on the readmission
	// risk tier, and the event has none ([Program.Plan]).
	ReasonRiskNotAssessed Reason = "risk-not-assessed"
)

// Reasons returns every Reason, in a new slice.
func Reasons() []Reason {
	return []Reason{ReasonExpired, ReasonInpatientTransfer, ReasonAdmitted, ReasonNotDischarged,
		ReasonFacility, ReasonHospice, ReasonCommunity, ReasonEventKind, ReasonTCMSetting,
		ReasonTCMDestination, ReasonRiskNotAssessed}
}

// IsValid reports whether r is one of [Reasons].
func (r Reason) IsValid() bool {
	switch r {
	case ReasonExpired, ReasonInpatientTransfer, ReasonAdmitted, ReasonNotDischarged,
		ReasonFacility, ReasonHospice, ReasonCommunity, ReasonEventKind, ReasonTCMSetting,
		ReasonTCMDestination, ReasonRiskNotAssessed:
		return true
	}
	return false
}

// A NotApplicableError says that a checklist of some purpose does not apply to an event, and why.
// It matches [ErrNotApplicable] with errors.Is. It carries no patient data. The zero
// NotApplicableError names no purpose or reason.
type NotApplicableError struct {
	Purpose Purpose
	Reason  Reason
}

// Error returns, for example, "transition: post-discharge checklist does not apply: patient-expired".
func (e *NotApplicableError) Error() string {
	return "transition: " + string(e.Purpose) + " checklist does not apply: " + string(e.Reason)
}

// Is makes errors.Is(err, ErrNotApplicable) true for every NotApplicableError.
func (e *NotApplicableError) Is(target error) bool { return target == ErrNotApplicable }

// Applies reports whether a checklist of purpose p applies to event e: nil when it does, and a
// *[NotApplicableError] (matching [ErrNotApplicable]) naming the [Reason] when it does not. The
// rules, as a clinician would state them:
//
//   - discharge (hospital discharge preparation, Project RED): inpatient admissions, discharges
//     and observation stays, under way or ended in the community (or hospice at home); not ED visits
//     (event-kind), deaths (patient-expired), observation stays that became admissions
//     (admitted-as-inpatient), transfers to another hospital (inpatient-transfer) or discharges
//     to a facility (facility-destination: those get a hand-off);
//   - post-discharge: ended inpatient discharges and observation stays to the community (home,
//     home health, custodial care or assisted living, or against medical advice); not deaths,
//     inpatient transfers, hospice or facilities, nor stays not yet ended;
//   - tcm: as post-discharge, and also only from a setting and to a destination TCM covers
//     ([Setting.QualifiesForTCM], [TCMOptions]; Applies uses the default options, [AppliesWith]
//     and [Program.Plan] the ones given);
//   - ed-follow-up: ended ED visits to the community; not deaths, admissions, transfers, hospice
//     or facilities;
//   - facility-handoff: ended stays or visits to a facility, hospice or another hospital; not
//     deaths, admissions, stays to the community or not yet ended.
//
// Applies reads only Kind, Setting, Discharged and Disposition; it does not validate e. An
// invalid purpose is an error matching carecoord.ErrInvalid.
func Applies(p Purpose, e Event) error { return AppliesWith(p, e, TCMOptions{}) }

// AppliesWith is [Applies] with the TCM options o, which change the answer for [PurposeTCM] as
// they change [DecideTCM]'s (NursingFacility); other purposes ignore them.
func AppliesWith(p Purpose, e Event, o TCMOptions) error {
	if !p.IsValid() {
		return carecoord.NotSupported("purpose", Purposes()...)
	}
	if r := appliesWith(p, &e, o); r != "" {
		return &NotApplicableError{Purpose: p, Reason: r}
	}
	return nil
}

// appliesWith returns why a p checklist does not apply to e under TCM options o, or "".
func appliesWith(p Purpose, e *Event, o TCMOptions) Reason {
	d := e.Disposition.Destination()
	ended := e.Ended() && d.EndsStay()
	// Outcomes that end every kind of follow-up, in the order a reader would give them.
	common := func() Reason {
		switch {
		case e.Ended() && d == DestExpired:
			return ReasonExpired
		case e.Ended() && d == DestAdmitted:
			return ReasonAdmitted
		case !ended:
			return ReasonNotDischarged
		}
		return ""
	}
	switch p {
	case PurposeDischarge:
		switch {
		case e.Kind == KindEDVisit:
			return ReasonEventKind
		case e.Kind == KindTransfer || e.Ended() && d.IsInpatientTransfer():
			return ReasonInpatientTransfer
		case e.Ended() && d == DestExpired:
			return ReasonExpired
		case e.Ended() && d == DestAdmitted:
			return ReasonAdmitted
		case e.Ended() && d.IsFacility() && d != DestHospiceHome:
			return ReasonFacility
		}
		return ""
	case PurposePostDischarge, PurposeTCM:
		if e.Kind == KindEDVisit {
			return ReasonEventKind
		}
		if r := common(); r != "" {
			return r
		}
		switch {
		case d.IsInpatientTransfer():
			return ReasonInpatientTransfer
		case d.IsHospice():
			return ReasonHospice
		case !d.IsCommunity() && !(p == PurposeTCM && d == DestNursingFacility && o.NursingFacility):
			// TCMOptions.NursingFacility makes a nursing facility a community setting for TCM, as
			// DecideTCM counts it.
			return ReasonFacility
		case p == PurposeTCM && !e.Setting.QualifiesForTCM():
			return ReasonTCMSetting
		case p == PurposeTCM && !tcmDestination(d, o):
			return ReasonTCMDestination
		}
		return ""
	case PurposeEDFollowUp:
		if e.Kind != KindEDVisit {
			return ReasonEventKind
		}
		if r := common(); r != "" {
			return r
		}
		switch {
		case d.IsInpatientTransfer():
			return ReasonInpatientTransfer
		case d.IsHospice():
			return ReasonHospice
		case !d.IsCommunity():
			return ReasonFacility
		}
		return ""
	case PurposeHandoff:
		if r := common(); r != "" {
			return r
		}
		if !d.IsFacility() {
			return ReasonCommunity
		}
		return ""
	}
	return ReasonEventKind
}
