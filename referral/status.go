package referral

// Status is where a referral is: the FHIR R4 task-status codes of the referral Task, as the
// unified model of spec §2.1.3 uses them (the business sub-status says more, e.g. appointment
// booked). Which codes and moves are allowed depends on the [Profile]. The zero Status is not
// valid.
type Status string

// The referral statuses (FHIR R4 task-status).
const (
	StatusDraft          Status = "draft"            // not yet ready to act on
	StatusRequested      Status = "requested"        // sent; action sought
	StatusReceived       Status = "received"         // a performer has it and is reviewing (core profile only)
	StatusAccepted       Status = "accepted"         // the performer agreed, not started
	StatusRejected       Status = "rejected"         // the performer declined before any action
	StatusReady          Status = "ready"            // assignment settled, ready to perform (core profile only)
	StatusCancelled      Status = "cancelled"        // will not be completed
	StatusInProgress     Status = "in-progress"      // started: booked, seen, being served
	StatusOnHold         Status = "on-hold"          // started, then paused (e.g. waitlisted)
	StatusFailed         Status = "failed"           // attempted, could not complete
	StatusCompleted      Status = "completed"        // done, with an outcome
	StatusEnteredInError Status = "entered-in-error" // should never have existed
)

// Statuses returns every Status, in a new slice.
func Statuses() []Status {
	return []Status{StatusDraft, StatusRequested, StatusReceived, StatusAccepted, StatusRejected, StatusReady,
		StatusCancelled, StatusInProgress, StatusOnHold, StatusFailed, StatusCompleted, StatusEnteredInError}
}

// IsValid reports whether s is a task-status code. Whether a profile allows it is
// [Profile.Allows].
func (s Status) IsValid() bool {
	switch s {
	case StatusDraft, StatusRequested, StatusReceived, StatusAccepted, StatusRejected, StatusReady,
		StatusCancelled, StatusInProgress, StatusOnHold, StatusFailed, StatusCompleted, StatusEnteredInError:
		return true
	}
	return false
}

// IsTerminal reports whether s ends the referral's work: rejected, cancelled, failed,
// completed or entered-in-error. (Each may still become entered-in-error, to void a mistake.)
func (s Status) IsTerminal() bool {
	switch s {
	case StatusRejected, StatusCancelled, StatusFailed, StatusCompleted, StatusEnteredInError:
		return true
	}
	return false
}

// IsOpen reports whether the referral still awaits action: valid and not terminal.
func (s Status) IsOpen() bool { return s.IsValid() && !s.IsTerminal() }

// Profile selects the rules a referral follows. The zero Profile is not valid.
type Profile string

// The profiles.
const (
	// ProfileCore is FHIR R4 core Task: the strict transition table of spec §1.1 (the Task state
	// machine diagram plus its narrative), with received and ready allowed and on-hold resuming
	// to the status it interrupted. For provider-to-provider (360X) referrals.
	ProfileCore Profile = "core"
	// ProfileSDOHCC is the Gravity SDOH Clinical Care IG 3.0.0 referral Task
	// (SDOHCC-TaskForReferralManagement): received and ready are not allowed, acceptance must come
	// first, and an accepted or held referral may complete or fail directly (the IG's
	// ReferralTaskStateDiagram). For community (SDOH) referrals.
	ProfileSDOHCC Profile = "sdoh-cc"
)

// Profiles returns every Profile, in a new slice.
func Profiles() []Profile { return []Profile{ProfileCore, ProfileSDOHCC} }

// IsValid reports whether p is one of [Profiles].
func (p Profile) IsValid() bool { return p == ProfileCore || p == ProfileSDOHCC }

// Allows reports whether s is a status referrals of profile p may have: SDOH-CC excludes
// received and ready (its required value set SDOHCC-ValueSetReferralTaskStatus).
func (p Profile) Allows(s Status) bool {
	switch p {
	case ProfileCore:
		return s.IsValid()
	case ProfileSDOHCC:
		return s.IsValid() && s != StatusReceived && s != StatusReady
	}
	return false
}

// Side is which party to a referral acts: the requester (the referring clinician, coordinator
// or payer: FHIR Task.requester, the IG's "Referral Source") or the performer (the specialist or
// community organisation: Task.owner, the IG's "Referral Target"). The host authenticates which
// side an actor is on; this package enforces which side may make which move. The zero Side is not
// valid.
type Side string

// The sides.
const (
	Requester Side = "requester"
	Performer Side = "performer"
)

// Sides returns both Sides, in a new slice.
func Sides() []Side { return []Side{Requester, Performer} }

// IsValid reports whether s is Requester or Performer.
func (s Side) IsValid() bool { return s == Requester || s == Performer }

// A move is one allowed status change and the sides that may make it.
type move struct {
	to    Status
	sides sides
}

// sides is a set of Sides.
type sides uint8

const (
	byRequester sides = 1 << iota
	byPerformer
	byEither = byRequester | byPerformer
)

func (ss sides) has(s Side) bool {
	return s == Requester && ss&byRequester != 0 || s == Performer && ss&byPerformer != 0
}

// moves is the transition table of profile p: the statuses from may become, each with the sides
// allowed to make the move. For on-hold under the core profile it lists cancelled and
// entered-in-error only; resuming to the interrupted status is added by the caller, which knows
// the history.
//
// Sides follow the IG's "Set by" column (SDOH-CC) and the unified model of spec §2.1.3 (core):
// the requester drafts, sends, readies and voids; the performer receives, accepts, rejects,
// starts, pauses, fails and completes; either side may cancel. Where core lets a referral be put
// on hold before any performer has it (from draft or requested), the requester does it.
func (p Profile) moves(from Status) []move {
	eie := move{StatusEnteredInError, byRequester}
	cancel := move{StatusCancelled, byEither}
	switch p {
	case ProfileSDOHCC:
		switch from {
		case StatusDraft:
			return []move{{StatusRequested, byRequester}, eie}
		case StatusRequested:
			return []move{{StatusAccepted, byPerformer}, {StatusRejected, byPerformer}, cancel, eie}
		case StatusAccepted:
			return []move{{StatusInProgress, byPerformer}, {StatusOnHold, byPerformer}, cancel,
				{StatusCompleted, byPerformer}, {StatusFailed, byPerformer}, eie}
		case StatusInProgress:
			return []move{{StatusCompleted, byPerformer}, {StatusFailed, byPerformer}, {StatusOnHold, byPerformer}, cancel, eie}
		case StatusOnHold:
			return []move{{StatusInProgress, byPerformer}, cancel, {StatusCompleted, byPerformer}, {StatusFailed, byPerformer}, eie}
		case StatusRejected, StatusCancelled, StatusCompleted, StatusFailed:
			return []move{eie}
		}
	case ProfileCore:
		switch from {
		case StatusDraft:
			return []move{{StatusRequested, byRequester}, {StatusReady, byRequester}, cancel, {StatusOnHold, byRequester}, eie}
		case StatusRequested:
			return []move{{StatusReceived, byPerformer}, {StatusAccepted, byPerformer}, {StatusRejected, byPerformer},
				cancel, {StatusOnHold, byRequester}, eie}
		case StatusReceived:
			return []move{{StatusAccepted, byPerformer}, {StatusRejected, byPerformer}, cancel, {StatusOnHold, byPerformer}, eie}
		case StatusAccepted:
			return []move{{StatusInProgress, byPerformer}, cancel, {StatusOnHold, byPerformer}, eie}
		case StatusReady:
			return []move{{StatusInProgress, byPerformer}, cancel, {StatusOnHold, byPerformer}, eie}
		case StatusInProgress:
			return []move{{StatusOnHold, byPerformer}, {StatusCompleted, byPerformer}, {StatusFailed, byPerformer},
				{StatusReady, byPerformer}, cancel, eie}
		case StatusOnHold:
			return []move{cancel, eie}
		case StatusCompleted, StatusFailed, StatusRejected, StatusCancelled:
			return []move{eie}
		}
	}
	return nil
}
