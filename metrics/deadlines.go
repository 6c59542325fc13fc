package metrics

import (
	"slices"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/referral"
)

// MeasureDeadline returns the id of deadline compliance for milestone m:
// "referral-deadline-booked", say.
func MeasureDeadline(m referral.Milestone) MeasureID {
	return MeasureID("referral-deadline-" + string(m))
}

// The reasons of [DeadlineCompliance]: the deadline's state, as referral.Evaluate says.
const (
	// ReasonDeadlineMetOnTime: the milestone was reached by its deadline (numerator).
	ReasonDeadlineMetOnTime Reason = Reason(referral.StateMetOnTime)
	// ReasonDeadlineMetLate: reached after its deadline.
	ReasonDeadlineMetLate Reason = Reason(referral.StateMetLate)
	// ReasonDeadlineOverdue: not reached, and past its deadline as of the evaluation.
	ReasonDeadlineOverdue Reason = Reason(referral.StateOverdue)
	// ReasonDeadlinePending: not reached and not yet due (excluded: not decided yet).
	ReasonDeadlinePending Reason = Reason(referral.StatePending)
	// ReasonDeadlineWaiting: the deadline's clock has not started (excluded).
	ReasonDeadlineWaiting Reason = Reason(referral.StateWaiting)
	// ReasonDeadlineMoot: the referral ended without reaching the milestone and never will
	// (excluded: nothing was owed any more).
	ReasonDeadlineMoot Reason = Reason(referral.StateMoot)
)

// DeadlineRules say how referral deadlines are set and judged for [DeadlineCompliance]. The
// zero DeadlineRules is not usable: AsOf is required.
type DeadlineRules struct {
	// Policy returns the deadlines of a referral. Nil means referral.DefaultPolicy for its kind
	// and priority (the library's defaults, not a standard).
	Policy func(r *referral.Referral) referral.Policy
	// Calendar gives the business days of business-day deadlines (civil.USFederal, say). The
	// zero Calendar makes every day a business day.
	Calendar civil.Calendar
	// AsOf is the instant the deadlines are judged at: the end of the period, or when the
	// records were extracted. A deadline not met by then is overdue when it was due, and
	// pending (not counted) when it was not.
	AsOf time.Time
	// Location reads instants as days: the day each referral was sent and the day each
	// milestone was met. A policy with no Location of its own counts its days in it too. Nil
	// means UTC.
	Location *time.Location
}

// A DeadlineResult is referral deadline compliance by milestone: one [Result] for every
// milestone a deadline can be set on. Results over populations split by patient merge
// exactly ([DeadlineResult.Merge]).
//
// The zero DeadlineResult is the result over nobody.
type DeadlineResult struct {
	// Milestones holds one entry per milestone of referral.Milestones after MilestoneSent (the
	// start of most clocks, never due itself), in that order.
	Milestones []MilestoneResult `json:"milestones,omitempty"`
}

// A MilestoneResult is deadline compliance for one milestone.
type MilestoneResult struct {
	Milestone referral.Milestone `json:"milestone"`
	Result
}

// Milestone returns the result of milestone m, and false when d has none for it.
func (d DeadlineResult) Milestone(m referral.Milestone) (Result, bool) {
	for _, r := range d.Milestones {
		if r.Milestone == m {
			return r.Result, true
		}
	}
	return Result{}, false
}

// Merge returns the result over d's population and o's together, which must be disjoint by
// patient: the results of each milestone merge ([Result.Merge]). It is associative and
// commutative. d and o are not changed, and the result shares no memory with them.
//
// It fails, with an error matching carecoord.ErrInvalid, when the two have different
// milestones or their results do not merge.
func (d DeadlineResult) Merge(o DeadlineResult) (DeadlineResult, error) {
	blank := func(of DeadlineResult) DeadlineResult { // the result over nobody, milestone by milestone
		z := DeadlineResult{Milestones: make([]MilestoneResult, len(of.Milestones))}
		for i, m := range of.Milestones {
			z.Milestones[i].Milestone = m.Milestone
		}
		return z
	}
	switch {
	case len(d.Milestones) == 0 && len(o.Milestones) == 0:
		return DeadlineResult{}, nil
	case len(o.Milestones) == 0:
		o = blank(d)
	case len(d.Milestones) == 0:
		d = blank(o)
	case len(d.Milestones) != len(o.Milestones):
		return DeadlineResult{}, carecoord.Invalid("milestones", "results for different milestones do not merge")
	}
	m := DeadlineResult{Milestones: make([]MilestoneResult, len(d.Milestones))}
	for i := range d.Milestones {
		a, b := &d.Milestones[i], &o.Milestones[i]
		if a.Milestone != b.Milestone {
			return DeadlineResult{}, carecoord.Invalid(carecoord.Path("milestones", i), "results for different milestones do not merge")
		}
		res, err := a.Result.Merge(b.Result)
		if err != nil {
			var errs carecoord.FieldErrors
			errs.Nest(carecoord.Path("milestones", i), err)
			return DeadlineResult{}, errs.Err()
		}
		m.Milestones[i] = MilestoneResult{Milestone: a.Milestone, Result: res}
	}
	return m, nil
}

// DeadlineCompliance returns, for every milestone a deadline can be set on (received,
// decided, booked, held, outcome, closed), the share of the deadlines set on it that were met
// on time, over the referrals sent in period (both ends included).
//
// Each referral's deadlines are the rules of its policy, evaluated by the referral package
// itself (referral.AppendEvaluate, with rules.Calendar's business days, the pause on hold,
// and rules.AsOf as now): this measure counts what that evaluation says and computes no
// deadline of its own. Each rule of a referral's policy is one subject of its milestone's
// Result (a policy with two rules for one milestone gives two), with the referral's id as
// the subject and the day sent as the event:
//
//   - in the numerator: met on time ([ReasonDeadlineMetOnTime]), decided on the day met;
//   - in the denominator only: met late ([ReasonDeadlineMetLate], decided on the day met) or
//     overdue ([ReasonDeadlineOverdue], decided on the day it fell due);
//   - excluded: not yet due ([ReasonDeadlinePending]), its clock not started
//     ([ReasonDeadlineWaiting]) or moot ([ReasonDeadlineMoot]: the referral ended without
//     the milestone, so nothing was owed); every deadline of a referral entered in error
//     ([ReasonReferralEnteredInError]); and every deadline of a referral the caller's
//     Options.Eligible rules out, as of the day sent.
//
// A cancelled referral is not excluded as a whole, unlike in [ClosedLoop]: a deadline met
// before the cancellation was met, and those it never reached are moot.
//
// refs is not changed. The problems found are returned (at most 50) as
// carecoord.FieldErrors: "asOf" when it is missing, "period.start", and per referral the
// fields the measure reads ("referrals[3].patient") and the policy Rules.Policy chose for it
// ("referrals[3].policy.rules[0].within").
func DeadlineCompliance(refs []referral.Referral, period civil.Range, rules DeadlineRules, opts Options) (DeadlineResult, error) {
	loc := rules.Location
	if loc == nil {
		loc = time.UTC
	}
	var errs carecoord.FieldErrors
	errs.Nest("period", period.Validate())
	if rules.AsOf.IsZero() {
		errs.Add(carecoord.Required("asOf", "must say when the deadlines are judged"))
	}
	milestones := referral.Milestones()[1:]
	talliers := make([]tallier, len(milestones))
	for i, m := range milestones {
		talliers[i] = newTallier(MeasureDeadline(m), period, &opts)
	}
	defaults := make([]referral.Policy, len(referral.Kinds())*len(referral.Priorities()))
	var buf []referral.Deadline
	for i := range refs {
		if len(errs) >= maxProblems {
			break
		}
		r := &refs[i]
		if err := coCheckDeadlineReferral(r); err != nil {
			errs.Nest(carecoord.Path("referrals", i), err)
			continue
		}
		sent := r.SentOn(loc)
		if r.AuthoredOn.IsZero() || !period.Contains(sent) {
			continue
		}
		p := coPolicyFor(r, &rules, defaults)
		if rules.Policy != nil {
			if err := p.Validate(); err != nil {
				errs.Nest(carecoord.Path("referrals", i, "policy"), err)
				continue
			}
		}
		if p.Location == nil {
			p.Location = loc
		}
		if len(errs) > 0 {
			continue // still looking for problems; nothing is counted
		}
		exclude := talliers[0].eligible(r.Patient, sent)
		if r.Status == referral.StatusEnteredInError {
			exclude = ReasonReferralEnteredInError
		}
		buf = referral.AppendEvaluate(buf[:0], r, p, rules.Calendar, rules.AsOf)
		for _, dl := range buf {
			k := slices.Index(milestones, dl.Rule.Milestone)
			if k < 0 {
				continue // not a milestone a deadline is set on; the policy was checked
			}
			e := Evidence{Patient: r.Patient, Subject: r.ID, Event: sent}
			e.Status, e.Reason, e.Decided = coDeadlineStatus(&dl, p.Location)
			if exclude != "" {
				e.Status, e.Reason, e.Decided = Excluded, exclude, civil.Date{}
			}
			talliers[k].add(e, nil)
		}
	}
	if err := capProblems(errs); err != nil {
		return DeadlineResult{}, err
	}
	res := DeadlineResult{Milestones: make([]MilestoneResult, len(milestones))}
	for i, m := range milestones {
		res.Milestones[i] = MilestoneResult{Milestone: m, Result: talliers[i].finish()}
	}
	return res, nil
}

// coCheckDeadlineReferral checks the fields of r that DeadlineCompliance reads: its id,
// patient, status, kind and priority (which choose the default policy).
func coCheckDeadlineReferral(r *referral.Referral) error {
	var errs carecoord.FieldErrors
	checkID(&errs, "id", r.ID, "referral")
	checkPatient(&errs, r.Patient)
	if !r.Status.IsValid() {
		errs.Add(carecoord.NotSupported("status", referral.Statuses()...))
	}
	if !r.Kind.IsValid() {
		errs.Add(carecoord.NotSupported("kind", referral.Kinds()...))
	}
	if !r.Priority.IsValid() {
		errs.Add(carecoord.NotSupported("priority", referral.Priorities()...))
	}
	return errs.Err()
}

// coPolicyFor returns the policy for r: the caller's, or the default for its kind and
// priority, built once per kind and priority into defaults.
func coPolicyFor(r *referral.Referral, rules *DeadlineRules, defaults []referral.Policy) referral.Policy {
	if rules.Policy != nil {
		return rules.Policy(r)
	}
	slot := &defaults[slices.Index(referral.Kinds(), r.Kind)*len(referral.Priorities())+r.Priority.Urgency()-1]
	if slot.Name == "" {
		*slot = referral.DefaultPolicy(r.Kind, r.Priority)
	}
	return *slot
}

// coDeadlineStatus maps a deadline's state to the measure's decision, with the day that
// decided it in loc: the day met, or the day an overdue deadline fell due.
func coDeadlineStatus(d *referral.Deadline, loc *time.Location) (Status, Reason, civil.Date) {
	reason := Reason(d.State)
	switch d.State {
	case referral.StateMetOnTime:
		return InNumerator, reason, civil.DateOf(d.Met.In(loc))
	case referral.StateMetLate:
		return InDenominator, reason, civil.DateOf(d.Met.In(loc))
	case referral.StateOverdue:
		if !d.DueDay.IsZero() {
			return InDenominator, reason, d.DueDay
		}
		return InDenominator, reason, civil.DateOf(d.Due.In(loc))
	}
	return Excluded, reason, civil.Date{}
}
