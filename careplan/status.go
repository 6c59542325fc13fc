package careplan

import "github.com/carecoord/carecoord"

// Status is where a care plan is in its lifecycle: the FHIR R4 request-status codes that
// CarePlan.status is bound to (required binding). The zero Status is not valid.
type Status string

// The care-plan statuses (FHIR R4 request-status).
const (
	StatusDraft          Status = "draft"            // not yet ready to act on
	StatusActive         Status = "active"           // in force
	StatusOnHold         Status = "on-hold"          // temporarily withdrawn; expected to resume
	StatusRevoked        Status = "revoked"          // terminated before full completion
	StatusCompleted      Status = "completed"        // fully carried out
	StatusEnteredInError Status = "entered-in-error" // should never have existed
	StatusUnknown        Status = "unknown"          // the source does not know; not an "other" bucket
)

// Statuses returns every Status, in a new slice.
func Statuses() []Status {
	return []Status{StatusDraft, StatusActive, StatusOnHold, StatusRevoked, StatusCompleted,
		StatusEnteredInError, StatusUnknown}
}

// next is the care-plan transition table. It is the FHIR request state machine
// (HL7 request-state-machine.svg: draft → active; active ↔ on-hold; active → completed;
// active → revoked; any → entered-in-error) with two library additions that the request-status
// definition of revoked ("terminated prior to full completion") covers: a draft that is
// abandoned and a plan that is stopped while on hold are revoked. A plan imported as unknown
// may move to any status once the truth is known; nothing moves to unknown.
func (s Status) next() []Status {
	switch s {
	case StatusDraft:
		return []Status{StatusActive, StatusRevoked, StatusEnteredInError}
	case StatusActive:
		return []Status{StatusOnHold, StatusCompleted, StatusRevoked, StatusEnteredInError}
	case StatusOnHold:
		return []Status{StatusActive, StatusRevoked, StatusEnteredInError}
	case StatusCompleted, StatusRevoked:
		return []Status{StatusEnteredInError}
	case StatusUnknown:
		return []Status{StatusDraft, StatusActive, StatusOnHold, StatusRevoked, StatusCompleted, StatusEnteredInError}
	}
	return nil
}

func planLifecycle() carecoord.Lifecycle[Status] {
	return carecoord.Lifecycle[Status]{Record: "care plan", Next: Status.next}
}

// IsValid reports whether s is one of [Statuses].
func (s Status) IsValid() bool {
	switch s {
	case StatusDraft, StatusActive, StatusOnHold, StatusRevoked, StatusCompleted, StatusEnteredInError, StatusUnknown:
		return true
	}
	return false
}

// CanBecome reports whether the transition table allows s to move to to.
func (s Status) CanBecome(to Status) bool { return planLifecycle().CanMove(s, to) }

// IsTerminal reports whether s is completed, revoked or entered-in-error: the plan's work is
// over (entered-in-error is reachable from each, to void a record made by mistake).
func (s Status) IsTerminal() bool {
	return s == StatusCompleted || s == StatusRevoked || s == StatusEnteredInError
}

// IsInForce reports whether the plan is active: the only status in which its activities are
// expected to happen and its gaps are the coordinator's to close.
func (s Status) IsInForce() bool { return s == StatusActive }

// Intent says what a care plan is: the FHIR R4 care-plan-intent codes (required binding), a
// subset of request-intent; "directive" is not allowed for CarePlan in R4. The zero Intent is
// not valid.
type Intent string

// The care-plan intents.
const (
	IntentProposal Intent = "proposal" // a suggestion, not yet authorised
	IntentPlan     Intent = "plan"     // an intention to act, not an order
	IntentOrder    Intent = "order"    // an authorised request to act
	IntentOption   Intent = "option"   // one of a set of alternatives
)

// Intents returns every Intent, in a new slice.
func Intents() []Intent { return []Intent{IntentProposal, IntentPlan, IntentOrder, IntentOption} }

// IsValid reports whether i is one of [Intents].
func (i Intent) IsValid() bool {
	switch i {
	case IntentProposal, IntentPlan, IntentOrder, IntentOption:
		return true
	}
	return false
}

// GoalStatus is a goal's lifecycle: the FHIR R4 goal-status codes bound to Goal.lifecycleStatus.
// It says whether the goal is being pursued, not whether it was met: a completed goal may be
// not-achieved (see [Achievement]). The zero GoalStatus is not valid.
type GoalStatus string

// The goal lifecycle statuses (FHIR R4 goal-status; accepted has the children active, on-hold
// and completed).
const (
	GoalProposed       GoalStatus = "proposed"
	GoalPlanned        GoalStatus = "planned"
	GoalAccepted       GoalStatus = "accepted"
	GoalActive         GoalStatus = "active"
	GoalOnHold         GoalStatus = "on-hold"
	GoalCompleted      GoalStatus = "completed"
	GoalCancelled      GoalStatus = "cancelled"
	GoalEnteredInError GoalStatus = "entered-in-error"
	GoalRejected       GoalStatus = "rejected"
)

// GoalStatuses returns every GoalStatus, in a new slice.
func GoalStatuses() []GoalStatus {
	return []GoalStatus{GoalProposed, GoalPlanned, GoalAccepted, GoalActive, GoalOnHold, GoalCompleted,
		GoalCancelled, GoalEnteredInError, GoalRejected}
}

// next is the goal transition table. FHIR publishes no diagram for Goal; this is the library's
// table from the code definitions (spec §1.1): a completed goal may be re-opened (active) after
// a regression.
func (s GoalStatus) next() []GoalStatus {
	switch s {
	case GoalProposed:
		return []GoalStatus{GoalPlanned, GoalAccepted, GoalActive, GoalRejected, GoalCancelled, GoalEnteredInError}
	case GoalPlanned:
		return []GoalStatus{GoalAccepted, GoalActive, GoalCancelled, GoalEnteredInError}
	case GoalAccepted:
		return []GoalStatus{GoalActive, GoalOnHold, GoalCompleted, GoalCancelled, GoalEnteredInError}
	case GoalActive:
		return []GoalStatus{GoalOnHold, GoalCompleted, GoalCancelled, GoalEnteredInError}
	case GoalOnHold:
		return []GoalStatus{GoalActive, GoalCompleted, GoalCancelled, GoalEnteredInError}
	case GoalCompleted:
		return []GoalStatus{GoalActive, GoalEnteredInError}
	case GoalRejected, GoalCancelled:
		return []GoalStatus{GoalEnteredInError}
	}
	return nil
}

func goalLifecycle() carecoord.Lifecycle[GoalStatus] {
	return carecoord.Lifecycle[GoalStatus]{Record: "goal", Next: GoalStatus.next}
}

// IsValid reports whether s is one of [GoalStatuses].
func (s GoalStatus) IsValid() bool {
	switch s {
	case GoalProposed, GoalPlanned, GoalAccepted, GoalActive, GoalOnHold, GoalCompleted,
		GoalCancelled, GoalEnteredInError, GoalRejected:
		return true
	}
	return false
}

// CanBecome reports whether the transition table allows s to move to to.
func (s GoalStatus) CanBecome(to GoalStatus) bool { return goalLifecycle().CanMove(s, to) }

// IsPursued reports whether the goal is being worked towards: accepted, active or on hold.
// Care gaps look for pursued goals that are overdue or served by no activity.
func (s GoalStatus) IsPursued() bool {
	return s == GoalAccepted || s == GoalActive || s == GoalOnHold
}

// ActivityStatus is where a planned activity is: the FHIR R4 care-plan-activity-status codes
// bound to CarePlan.activity.detail.status. The zero ActivityStatus is not valid.
type ActivityStatus string

// The activity statuses (FHIR R4 care-plan-activity-status; stopped is a child of cancelled,
// for an activity ended after it had started).
const (
	ActivityNotStarted     ActivityStatus = "not-started"
	ActivityScheduled      ActivityStatus = "scheduled"
	ActivityInProgress     ActivityStatus = "in-progress"
	ActivityOnHold         ActivityStatus = "on-hold"
	ActivityCompleted      ActivityStatus = "completed"
	ActivityCancelled      ActivityStatus = "cancelled"
	ActivityStopped        ActivityStatus = "stopped"
	ActivityUnknown        ActivityStatus = "unknown"
	ActivityEnteredInError ActivityStatus = "entered-in-error"
)

// ActivityStatuses returns every ActivityStatus, in a new slice.
func ActivityStatuses() []ActivityStatus {
	return []ActivityStatus{ActivityNotStarted, ActivityScheduled, ActivityInProgress, ActivityOnHold,
		ActivityCompleted, ActivityCancelled, ActivityStopped, ActivityUnknown, ActivityEnteredInError}
}

// next is the activity transition table. FHIR publishes no diagram; this is the library's
// table from the code definitions (spec §1.1). A booking can be removed (scheduled →
// not-started); stopped is only for an activity that had started; an activity whose status was
// unknown may move to any status once it is known.
func (s ActivityStatus) next() []ActivityStatus {
	switch s {
	case ActivityNotStarted:
		return []ActivityStatus{ActivityScheduled, ActivityInProgress, ActivityCancelled, ActivityOnHold, ActivityUnknown, ActivityEnteredInError}
	case ActivityScheduled:
		return []ActivityStatus{ActivityInProgress, ActivityNotStarted, ActivityCancelled, ActivityOnHold, ActivityEnteredInError}
	case ActivityInProgress:
		return []ActivityStatus{ActivityOnHold, ActivityCompleted, ActivityStopped, ActivityEnteredInError}
	case ActivityOnHold:
		return []ActivityStatus{ActivityInProgress, ActivityStopped, ActivityCancelled, ActivityEnteredInError}
	case ActivityCompleted, ActivityCancelled, ActivityStopped:
		return []ActivityStatus{ActivityEnteredInError}
	case ActivityUnknown:
		return []ActivityStatus{ActivityNotStarted, ActivityScheduled, ActivityInProgress, ActivityOnHold,
			ActivityCompleted, ActivityCancelled, ActivityStopped, ActivityEnteredInError}
	}
	return nil
}

func activityLifecycle() carecoord.Lifecycle[ActivityStatus] {
	return carecoord.Lifecycle[ActivityStatus]{Record: "care plan activity", Next: ActivityStatus.next}
}

// IsValid reports whether s is one of [ActivityStatuses].
func (s ActivityStatus) IsValid() bool {
	switch s {
	case ActivityNotStarted, ActivityScheduled, ActivityInProgress, ActivityOnHold, ActivityCompleted,
		ActivityCancelled, ActivityStopped, ActivityUnknown, ActivityEnteredInError:
		return true
	}
	return false
}

// CanBecome reports whether the transition table allows s to move to to.
func (s ActivityStatus) CanBecome(to ActivityStatus) bool { return activityLifecycle().CanMove(s, to) }

// IsExpected reports whether occurrences of an activity in this status are expected to happen:
// not-started, scheduled or in-progress. Adherence and overdue checks count only these; an
// activity on hold, ended or voided expects nothing.
func (s ActivityStatus) IsExpected() bool {
	return s == ActivityNotStarted || s == ActivityScheduled || s == ActivityInProgress
}

// TeamStatus is a care team's lifecycle: the FHIR R4 care-team-status codes. The zero
// TeamStatus is not valid.
type TeamStatus string

// The care-team statuses (FHIR R4 care-team-status).
const (
	TeamProposed       TeamStatus = "proposed"
	TeamActive         TeamStatus = "active"
	TeamSuspended      TeamStatus = "suspended"
	TeamInactive       TeamStatus = "inactive"
	TeamEnteredInError TeamStatus = "entered-in-error"
)

// TeamStatuses returns every TeamStatus, in a new slice.
func TeamStatuses() []TeamStatus {
	return []TeamStatus{TeamProposed, TeamActive, TeamSuspended, TeamInactive, TeamEnteredInError}
}

// next is the care-team transition table (library design from the code definitions, spec
// §1.1; FHIR publishes no diagram). An inactive team may be reactivated.
func (s TeamStatus) next() []TeamStatus {
	switch s {
	case TeamProposed:
		return []TeamStatus{TeamActive, TeamInactive, TeamEnteredInError}
	case TeamActive:
		return []TeamStatus{TeamSuspended, TeamInactive, TeamEnteredInError}
	case TeamSuspended:
		return []TeamStatus{TeamActive, TeamInactive, TeamEnteredInError}
	case TeamInactive:
		return []TeamStatus{TeamActive, TeamEnteredInError}
	}
	return nil
}

func teamLifecycle() carecoord.Lifecycle[TeamStatus] {
	return carecoord.Lifecycle[TeamStatus]{Record: "care team", Next: TeamStatus.next}
}

// IsValid reports whether s is one of [TeamStatuses].
func (s TeamStatus) IsValid() bool {
	switch s {
	case TeamProposed, TeamActive, TeamSuspended, TeamInactive, TeamEnteredInError:
		return true
	}
	return false
}

// CanBecome reports whether the transition table allows s to move to to.
func (s TeamStatus) CanBecome(to TeamStatus) bool { return teamLifecycle().CanMove(s, to) }
