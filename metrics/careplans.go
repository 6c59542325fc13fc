package metrics

import (
	"cmp"
	"slices"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/careplan"
	"github.com/carecoord/carecoord/civil"
)

// The care-plan measures of this file.
const (
	// MeasureCareGapClosure is the care-gap closure rate ([CareGapClosure]).
	MeasureCareGapClosure MeasureID = "careplan-gap-closure"
	// MeasureCarePlanAdherence is care-plan adherence across a population
	// ([CarePlanAdherence]).
	MeasureCarePlanAdherence MeasureID = "careplan-adherence"
)

// The reasons the care-plan measures give.
const (
	// ReasonGapClosed: a gap open at the period's start is gone at its end.
	ReasonGapClosed Reason = "gap-closed"
	// ReasonGapStillOpen: the gap is open at the period's end too (closed and open again
	// in between, perhaps: only the two days are looked at).
	ReasonGapStillOpen Reason = "gap-still-open"
	// ReasonPlanNotActiveAtEnd: the plan is no longer active at the period's end (completed,
	// revoked, on hold...), so it has no gaps to judge by (excluded).
	ReasonPlanNotActiveAtEnd Reason = "plan-not-active-at-end"
	// ReasonPlanMissingAtEnd: the plan is not among the plans given as of the period's end
	// (excluded).
	ReasonPlanMissingAtEnd Reason = "plan-missing-at-end"
	// ReasonPlanEnteredInError: the plan should never have existed (excluded).
	ReasonPlanEnteredInError Reason = "plan-entered-in-error"
	// ReasonOccurrenceCompleted: the occurrence was completed, as the completion rule judges
	// (numerator).
	ReasonOccurrenceCompleted Reason = "occurrence-completed"
	// ReasonOccurrenceMissed, ReasonOccurrenceDeclined and ReasonOccurrenceUnrecorded: it was
	// recorded as missed, recorded as declined, or has no outcome at all.
	ReasonOccurrenceMissed     Reason = "occurrence-missed"
	ReasonOccurrenceDeclined   Reason = "occurrence-declined"
	ReasonOccurrenceUnrecorded Reason = "occurrence-unrecorded"
	// ReasonOccurrenceNotAccepted: it was recorded as completed, and the completion rule did
	// not accept it (a blood pressure taken, out of target).
	ReasonOccurrenceNotAccepted Reason = "occurrence-not-accepted"
)

// coCheckPlans checks the fields of the plans that the care-plan measures read (id, patient,
// period), and that no plan is given twice (same patient and id), with paths like
// "start[3].id". order is the plans' indexes sorted by coComparePlans.
func coCheckPlans(errs *carecoord.FieldErrors, name string, plans []careplan.CarePlan, order []int) {
	for _, i := range order {
		if len(*errs) >= maxProblems {
			return
		}
		p := &plans[i]
		if !carecoord.ValidID(p.ID) {
			errs.Add(carecoord.Required(carecoord.Path(name, i, "id"), "must be a care plan id"))
		}
		if !p.Patient.IsValid() {
			errs.Add(carecoord.Required(carecoord.Path(name, i, "patient"), "must be a valid patient id"))
		}
		if p.Period != (civil.Period{}) {
			if err := p.Period.Validate(); err != nil {
				errs.Nest(carecoord.Path(name, i, "period"), err)
			}
		}
	}
	for k := 1; k < len(order); k++ {
		if len(*errs) >= maxProblems {
			return
		}
		if coComparePlans(&plans[order[k-1]], &plans[order[k]]) == 0 {
			errs.Add(carecoord.Duplicate(carecoord.Path(name, order[k], "id"), "must not repeat a plan of the same patient"))
		}
	}
}

// coComparePlans orders plans by patient and id.
func coComparePlans(a, b *careplan.CarePlan) int {
	if c := cmp.Compare(a.Patient, b.Patient); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// coCompareGaps orders the gaps of one plan by what they are about: code, goal and activity,
// the gap's identity from one day to another.
func coCompareGaps(a, b *careplan.Gap) int {
	if c := cmp.Compare(a.Code, b.Code); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Goal, b.Goal); c != 0 {
		return c
	}
	return cmp.Compare(a.Activity, b.Activity)
}

// coGapSubject names a gap in evidence: "plan/code/goal-or-activity", or "plan/code" for a
// gap about the whole plan.
func coGapSubject(g *careplan.Gap) string {
	s := g.Plan + "/" + string(g.Code)
	if item := g.Goal + g.Activity; item != "" { // a gap is about a goal or an activity, not both
		s += "/" + item
	}
	return s
}

// CareGapClosure returns the care-gap closure rate over period: of the care gaps open at the
// period's start, the share closed by its end. There is no published standard for it; the
// definition is the library's:
//
//   - the gaps open at the start are careplan.Gaps of each plan in start, as of
//     period.Start; those open at the end are careplan.Gaps of the same plan (same patient
//     and id) in end, as of period.End, both with policy, except that at the end the
//     look-back for overdue occurrences reaches back to where the start's began (so an
//     occurrence never recorded is still overdue, not merely older than the look-back);
//   - a gap is the same gap on both days when its plan, code, and goal or activity are the
//     same (careplan.GapCode is stable; the oldest overdue occurrence and the days late are
//     not part of its identity: an activity with overdue occurrences on both days has one gap
//     still open, whichever occurrences they are);
//   - in the numerator: a gap open at the start and not at the end ([ReasonGapClosed]),
//     decided on period.End; in the denominator only: open on both days
//     ([ReasonGapStillOpen]). Only the two days are looked at, so a gap closed and open again
//     in between is still open;
//   - excluded: the gaps of a plan that is not active at the end ([ReasonPlanNotActiveAtEnd]:
//     careplan finds gaps only in an active plan, so their going away says nothing) or not in
//     end at all ([ReasonPlanMissingAtEnd]), and of a patient Options.Eligible rules out as
//     of period.Start.
//
// Gaps that open during the period are not counted: the denominator is what the
// coordinators had to close when the period began. The evidence has
// "plan/code/goal-or-activity" as the subject (plan-level gaps "plan/code") and period.Start as
// the event.
//
// start and end are the plans as they stood on the two days: the versions in force then
// (careplan.Store.History keeps every version). Passing the same latest versions as both
// works, with one caveat: an outcome recorded late for an occurrence that was overdue at the
// start hides that gap at the start too, so it is counted neither open nor closed.
//
// Neither slice is changed. The plans are checked (id, patient, period; a plan given twice in
// one slice) and the problems returned (at most 50) as carecoord.FieldErrors with paths like
// "start[3].id" and "end[0].patient".
func CareGapClosure(start, end []careplan.CarePlan, period civil.Range, policy careplan.GapPolicy, opts Options) (Result, error) {
	so := coOrder(len(start), func(i, j int) int { return coComparePlans(&start[i], &start[j]) })
	eo := coOrder(len(end), func(i, j int) int { return coComparePlans(&end[i], &end[j]) })
	var errs carecoord.FieldErrors
	errs.Nest("period", period.Validate())
	coCheckPlans(&errs, "start", start, so)
	coCheckPlans(&errs, "end", end, eo)
	if err := capProblems(errs); err != nil {
		return Result{}, err
	}
	// At the end, look back to where the start's look-back began: an occurrence overdue at the
	// start and still unrecorded is still overdue at the end, not merely too old to be listed.
	endPolicy := policy
	if endPolicy.Lookback <= 0 {
		endPolicy.Lookback = 30 // careplan's default
	}
	endPolicy.Lookback += period.End.DaysSince(period.Start)
	t := newTallier(MeasureCareGapClosure, period, &opts)
	k := 0 // the next plan in end, in order
	for _, i := range so {
		s := &start[i]
		open := careplan.Gaps(*s, period.Start, policy)
		if len(open) == 0 {
			continue
		}
		for k < len(eo) && coComparePlans(&end[eo[k]], s) < 0 {
			k++
		}
		var e *careplan.CarePlan
		if k < len(eo) && coComparePlans(&end[eo[k]], s) == 0 {
			e = &end[eo[k]]
		}
		exclude := t.eligible(s.Patient, period.Start)
		var still []careplan.Gap
		switch {
		case exclude != "":
		case e == nil:
			exclude = ReasonPlanMissingAtEnd
		case e.Status != careplan.StatusActive:
			exclude = ReasonPlanNotActiveAtEnd
		default:
			still = careplan.Gaps(*e, period.End, endPolicy)
			slices.SortFunc(still, func(a, b careplan.Gap) int { return coCompareGaps(&a, &b) })
		}
		slices.SortFunc(open, func(a, b careplan.Gap) int { return coCompareGaps(&a, &b) })
		for gi := range open {
			g := &open[gi]
			ev := Evidence{Patient: s.Patient, Subject: coGapSubject(g), Event: period.Start}
			_, found := slices.BinarySearchFunc(still, g, func(a careplan.Gap, b *careplan.Gap) int { return coCompareGaps(&a, b) })
			switch {
			case exclude != "":
				ev.Status, ev.Reason = Excluded, exclude
			case found:
				ev.Status, ev.Reason = InDenominator, ReasonGapStillOpen
			default:
				ev.Status, ev.Reason, ev.Decided = InNumerator, ReasonGapClosed, period.End
			}
			t.add(ev, nil)
		}
	}
	return t.finish(), nil
}

// CarePlanAdherence returns care-plan adherence across a population over period: of the
// occurrences of the plans' activities expected in the period, the share completed. The
// counts are careplan's own (careplan.PlanAdherence, with loc and rule; a nil rule is
// careplan.CompletedByOutcome), summed over the plans: the numerator is the completed
// occurrences and the denominator the expected ones, so the rate pools occurrences (a plan
// with more occurrences weighs more), as careplan.Adherence.Add does.
//
// Which occurrences are expected is careplan's rule: the activities that count toward
// adherence, each occurrence judged by the activity's status at its time, and an occurrence
// with an outcome always counted. On top of it, the library's definition:
//
//   - a plan with a period counts only the days of the period that fall in its own period;
//   - a draft plan expects nothing yet and is not counted;
//   - the occurrences of a plan entered in error ([ReasonPlanEnteredInError]) and of a
//     patient Options.Eligible rules out as of period.Start are excluded.
//
// Each occurrence is one subject. Without Options.Evidence the counts are added a plan at a
// time, so the cost grows with the plans, not the occurrences. With it, there is one
// Evidence row per expected occurrence, with "plan/activity" as the subject, period.Start as
// the event and the occurrence's day as the day decided; the reason is
// [ReasonOccurrenceCompleted], [ReasonOccurrenceMissed], [ReasonOccurrenceDeclined],
// [ReasonOccurrenceUnrecorded] or [ReasonOccurrenceNotAccepted]. (The rows are counted a day at
// a time with careplan.ActivityAdherence, so two occurrences of one day that fared the same,
// a twice-daily dose taken twice, have identical rows.)
//
// plans is not changed. The plans are checked (id, patient, period; a plan given twice) and
// the problems returned (at most 50) as carecoord.FieldErrors with paths like
// "plans[3].period.end".
func CarePlanAdherence(plans []careplan.CarePlan, period civil.Range, loc *time.Location, rule careplan.CompletionRule, opts Options) (Result, error) {
	order := coOrder(len(plans), func(i, j int) int { return coComparePlans(&plans[i], &plans[j]) })
	var errs carecoord.FieldErrors
	errs.Nest("period", period.Validate())
	coCheckPlans(&errs, "plans", plans, order)
	if err := capProblems(errs); err != nil {
		return Result{}, err
	}
	t := newTallier(MeasureCarePlanAdherence, period, &opts)
	for _, i := range order {
		p := &plans[i]
		window, ok := period, true
		if p.Period != (civil.Period{}) {
			window, ok = period.Overlap(p.Period.Through(period.End))
		}
		if !ok || p.Status == careplan.StatusDraft {
			continue
		}
		exclude := t.eligible(p.Patient, period.Start)
		if p.Status == careplan.StatusEnteredInError {
			exclude = ReasonPlanEnteredInError
		}
		if !opts.Evidence {
			total, _ := careplan.PlanAdherence(*p, window, loc, rule)
			coAddAdherence(&t, Evidence{Patient: p.Patient, Event: period.Start}, total, exclude)
			continue
		}
		for _, a := range p.Activities {
			if !a.CountsTowardAdherence {
				continue
			}
			e := Evidence{Patient: p.Patient, Subject: p.ID + "/" + a.ID, Event: period.Start}
			var last civil.Date
			for o := range a.Schedules.All(window) {
				if o.Date == last {
					continue // the day is counted
				}
				last, e.Decided = o.Date, o.Date
				day := careplan.ActivityAdherence(a, civil.Range{Start: o.Date, End: o.Date}, loc, rule)
				coAddAdherence(&t, e, day, exclude)
			}
		}
	}
	return t.finish(), nil
}

// coAddAdherence counts the occurrences adh counts, all like e: excluded with the reason
// exclude when it is set, and otherwise each by what became of it.
func coAddAdherence(t *tallier, e Evidence, adh careplan.Adherence, exclude Reason) {
	if exclude != "" {
		e.Status, e.Reason = Excluded, exclude
		t.addN(e, adh.Expected, nil)
		return
	}
	notAccepted := adh.Expected - adh.Completed - adh.Missed - adh.Declined - adh.Unrecorded
	for _, c := range [...]struct {
		status Status
		reason Reason
		n      int64
	}{
		{InNumerator, ReasonOccurrenceCompleted, adh.Completed},
		{InDenominator, ReasonOccurrenceMissed, adh.Missed},
		{InDenominator, ReasonOccurrenceDeclined, adh.Declined},
		{InDenominator, ReasonOccurrenceUnrecorded, adh.Unrecorded},
		{InDenominator, ReasonOccurrenceNotAccepted, notAccepted},
	} {
		e.Status, e.Reason = c.status, c.reason
		t.addN(e, c.n, nil)
	}
}
