package referral

import (
	"cmp"
	"slices"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

// A FlagCode names a referral that needs outreach although no deadline may say so. The values
// are stable. The zero FlagCode is not valid.
type FlagCode string

// The flags.
const (
	// FlagStalled: an open referral with no progress (no status change, no event, and not
	// waiting for a booked appointment) for FlagPolicy.StalledAfter days.
	FlagStalled FlagCode = "stalled"
	// FlagMissedAppointment: the booked appointment's time has passed by more than
	// FlagPolicy.MissedGrace with neither a kept nor a no-show report: the referral is leaking.
	FlagMissedAppointment FlagCode = "missed-appointment"
	// FlagNoShow: the patient missed the appointment (360X PCC-61); the referral is open and
	// the patient needs a call.
	FlagNoShow FlagCode = "no-show"
	// FlagNotReReferred: rejected or failed for more than FlagPolicy.ReReferAfter days and not
	// re-sent to anyone ([Resend]): the need is unmet.
	FlagNotReReferred FlagCode = "not-re-referred"
)

// FlagCodes returns every FlagCode, in a new slice.
func FlagCodes() []FlagCode {
	return []FlagCode{FlagStalled, FlagMissedAppointment, FlagNoShow, FlagNotReReferred}
}

// IsValid reports whether c is one of [FlagCodes].
func (c FlagCode) IsValid() bool { return slices.Contains(FlagCodes(), c) }

// A Flag says a referral needs outreach, since when, and why. The zero Flag is no flag.
type Flag struct {
	Code FlagCode `json:"code"`
	// Since is when the condition began (the last progress, the appointment time, the
	// rejection).
	Since time.Time `json:"since"`
	// For is how long it has lasted, as of the evaluation.
	For time.Duration `json:"for"`
}

// A FlagPolicy sets when flags are raised. The zero FlagPolicy raises a flag as soon as its
// condition holds; see [DefaultFlagPolicy].
type FlagPolicy struct {
	// StalledAfter is how many days without progress make an open referral stalled.
	StalledAfter int
	// MissedGrace is how long after the appointment a kept or no-show report may still come.
	MissedGrace time.Duration
	// ReReferAfter is how many days a rejected or failed referral may wait to be re-sent.
	ReReferAfter int
}

// DefaultFlagPolicy returns the library's defaults: stalled after 7 days without progress, an
// appointment missed once 24 hours pass without a report, re-referral due within 2 days. They
// are defaults for a coordinator's daily worklist, not a standard.
func DefaultFlagPolicy() FlagPolicy {
	return FlagPolicy{StalledAfter: 7, MissedGrace: 24 * time.Hour, ReReferAfter: 2}
}

// lastProgress is the latest of r's sending, status changes and events, and of its booked
// appointment: waiting for a booked appointment is not stalling.
func lastProgress(r *Referral) time.Time {
	last := r.AuthoredOn
	if r.Business == BusinessAppointmentBooked && r.Appointment.After(last) {
		last = r.Appointment
	}
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

// AppendFlags appends r's flags as of now to dst and returns it.
func AppendFlags(dst []Flag, r *Referral, p FlagPolicy, now time.Time) []Flag {
	day := 24 * time.Hour
	if r.Status.IsOpen() {
		if last := lastProgress(r); !last.IsZero() && now.Sub(last) > time.Duration(p.StalledAfter)*day {
			dst = append(dst, Flag{Code: FlagStalled, Since: last, For: now.Sub(last)})
		}
		switch {
		case r.Business == BusinessAppointmentBooked && !r.Appointment.IsZero() && now.Sub(r.Appointment) > p.MissedGrace:
			dst = append(dst, Flag{Code: FlagMissedAppointment, Since: r.Appointment, For: now.Sub(r.Appointment)})
		case r.Business == BusinessNoShow && !r.Appointment.IsZero():
			dst = append(dst, Flag{Code: FlagNoShow, Since: r.Appointment, For: now.Sub(r.Appointment)})
		}
	}
	if (r.Status == StatusRejected || r.Status == StatusFailed) && r.ReplacedBy == "" {
		if n := len(r.History); n > 0 {
			at := r.History[n-1].At
			if now.Sub(at) > time.Duration(p.ReReferAfter)*day {
				dst = append(dst, Flag{Code: FlagNotReReferred, Since: at, For: now.Sub(at)})
			}
		}
	}
	return dst
}

// Flags returns r's flags as of now.
func Flags(r Referral, p FlagPolicy, now time.Time) []Flag { return AppendFlags(nil, &r, p, now) }

// An Action is what a coordinator should do next about a referral. The zero Action is none.
type Action string

// The actions.
const (
	ActionChaseResponse  Action = "chase-response"      // the performer has not received or decided
	ActionChaseBooking   Action = "chase-booking"       // no appointment booked yet
	ActionConfirmVisit   Action = "confirm-visit"       // the appointment should have been held
	ActionRequestOutcome Action = "request-outcome"     // the report has not come back
	ActionAcknowledge    Action = "acknowledge-outcome" // the outcome is back: review it and close the loop
	ActionReachPatient   Action = "reach-patient"       // the patient missed the appointment
	ActionReRefer        Action = "re-refer"            // rejected or failed: send it elsewhere
	ActionFollowUp       Action = "follow-up"           // stalled: ask what is happening
)

// Actions returns every Action, in a new slice.
func Actions() []Action {
	return []Action{ActionChaseResponse, ActionChaseBooking, ActionConfirmVisit, ActionRequestOutcome,
		ActionAcknowledge, ActionReachPatient, ActionReRefer, ActionFollowUp}
}

// IsValid reports whether a is one of [Actions].
func (a Action) IsValid() bool { return slices.Contains(Actions(), a) }

// An Item is one referral on a coordinator's worklist: how urgent it is, why, and what to do.
// The zero Item is no item.
type Item struct {
	Referral string              `json:"referral"`
	Patient  carecoord.PatientID `json:"patient"`
	Priority Priority            `json:"priority"`
	// Deadline is the most urgent deadline not met (overdue first, then due soonest), if any.
	Deadline Deadline `json:"deadline,omitzero"`
	// Flags are the outreach flags raised.
	Flags []Flag `json:"flags,omitempty"`
	// Next is what to do next.
	Next Action `json:"next"`
}

// overdue reports whether the item's deadline is overdue.
func (it Item) overdue() bool { return it.Deadline.State == StateOverdue }

// A WorklistOptions configures [Worklist]. Policy chooses each referral's deadlines (nil means
// [DefaultPolicy] for its kind and priority); Flags sets when flags are raised (the zero
// FlagPolicy means [DefaultFlagPolicy]); Location is the zone for day-based deadlines (nil means
// UTC). The zero WorklistOptions uses the defaults.
type WorklistOptions struct {
	Policy   func(r *Referral) Policy
	Flags    FlagPolicy
	Location *time.Location
}

// Worklist returns the referrals sent by coordinator (same Kind and ID as their Requester; the
// zero coordinator means every referral) that need something done as of now, most urgent first:
// overdue items first, most overdue first; then by the soonest due; then higher priority; then
// by referral id. A referral needs something done while it is open, while its outcome awaits
// acknowledgement, or while it is flagged.
func Worklist(refs []Referral, coordinator carecoord.Actor, cal civil.Calendar, now time.Time, opt WorklistOptions) []Item {
	flagPolicy := opt.Flags
	if flagPolicy == (FlagPolicy{}) {
		flagPolicy = DefaultFlagPolicy()
	}
	var items []Item
	var buf []Deadline
	nPriorities := len(Priorities())
	defaults := make([]Policy, len(Kinds())*nPriorities) // DefaultPolicy by kind and priority, filled as met
	for i := range refs {
		r := &refs[i]
		if !coordinator.IsZero() && !r.Requester.SameAs(coordinator) {
			continue
		}
		flags := AppendFlags(nil, r, flagPolicy, now)
		awaitingAck := r.Status == StatusCompleted && r.Acknowledged.IsZero()
		if !r.Status.IsOpen() && !awaitingAck && len(flags) == 0 {
			continue
		}
		var p Policy
		switch k, u := slices.Index(Kinds(), r.Kind), r.Priority.Urgency(); {
		case opt.Policy != nil:
			p = opt.Policy(r)
		case k >= 0 && u > 0: // the defaults, built once per kind and priority
			slot := &defaults[k*nPriorities+u-1]
			if slot.Name == "" {
				*slot = DefaultPolicy(r.Kind, r.Priority)
			}
			p = *slot
		default:
			p = DefaultPolicy(r.Kind, r.Priority)
		}
		if p.Location == nil {
			p.Location = opt.Location
		}
		buf = AppendEvaluate(buf[:0], r, p, cal, now)
		it := Item{Referral: r.ID, Patient: r.Patient, Priority: r.Priority, Flags: flags}
		for _, d := range buf {
			if d.State != StateOverdue && d.State != StatePending {
				continue
			}
			if it.Deadline.State == "" || moreUrgent(d, it.Deadline) {
				it.Deadline = d
			}
		}
		it.Next = nextAction(r, it, awaitingAck)
		items = append(items, it)
	}
	slices.SortFunc(items, compareItems)
	return items
}

// moreUrgent reports whether deadline a is more urgent than b: overdue before pending, then the
// earlier due.
func moreUrgent(a, b Deadline) bool {
	if (a.State == StateOverdue) != (b.State == StateOverdue) {
		return a.State == StateOverdue
	}
	return a.Due.Before(b.Due)
}

// compareItems is the worklist order.
func compareItems(a, b Item) int {
	if a.overdue() != b.overdue() {
		if a.overdue() {
			return -1
		}
		return 1
	}
	if a.overdue() {
		if c := cmp.Compare(b.Deadline.Late, a.Deadline.Late); c != 0 {
			return c
		}
	}
	ad, bd := a.Deadline.Due, b.Deadline.Due
	switch {
	case ad.IsZero() != bd.IsZero(): // items with a deadline before those with none
		if ad.IsZero() {
			return 1
		}
		return -1
	case !ad.Equal(bd):
		return ad.Compare(bd)
	}
	if c := cmp.Compare(b.Priority.Urgency(), a.Priority.Urgency()); c != 0 {
		return c
	}
	return cmp.Compare(a.Referral, b.Referral)
}

// nextAction is what to do next, from the flags first and then the most urgent deadline.
func nextAction(r *Referral, it Item, awaitingAck bool) Action {
	for _, f := range it.Flags {
		switch f.Code {
		case FlagNotReReferred:
			return ActionReRefer
		case FlagNoShow:
			return ActionReachPatient
		case FlagMissedAppointment:
			return ActionConfirmVisit
		}
	}
	if awaitingAck {
		return ActionAcknowledge
	}
	switch it.Deadline.Rule.Milestone {
	case MilestoneReceived, MilestoneDecided:
		return ActionChaseResponse
	case MilestoneBooked:
		return ActionChaseBooking
	case MilestoneHeld:
		return ActionConfirmVisit
	case MilestoneOutcome:
		return ActionRequestOutcome
	case MilestoneClosed:
		return ActionAcknowledge
	}
	if len(it.Flags) > 0 {
		return ActionFollowUp
	}
	switch r.Status {
	case StatusDraft:
		return ActionFollowUp
	case StatusRequested, StatusReceived:
		return ActionChaseResponse
	}
	return ActionRequestOutcome
}
