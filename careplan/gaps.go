package careplan

import (
	"cmp"
	"slices"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

// A GapCode names a kind of care gap. The values are stable: worklists, reports and tests key
// on them. The zero GapCode is not valid.
type GapCode string

// The care gaps, each something a coordinator should close.
const (
	// GapOverdueOccurrence: expected occurrences of an activity are past their grace period
	// with no outcome recorded (the weekly BP check nobody did or logged). One gap per
	// activity says how many and points at the oldest, as a coordinator's worklist row should.
	GapOverdueOccurrence GapCode = "overdue-occurrence"
	// GapGoalPastDue: a goal being pursued has a target whose due date has passed and is not
	// achieved.
	GapGoalPastDue GapCode = "goal-past-due"
	// GapNoCoordinator: an active plan names no care coordinator.
	GapNoCoordinator GapCode = "no-coordinator"
	// GapNoPerformer: an expected activity names nobody to do it.
	GapNoPerformer GapCode = "no-performer"
	// GapGoalUnserved: a goal being pursued has no expected activity serving it.
	GapGoalUnserved GapCode = "goal-unserved"
)

// GapCodes returns every GapCode, in a new slice.
func GapCodes() []GapCode {
	return []GapCode{GapOverdueOccurrence, GapGoalPastDue, GapNoCoordinator, GapNoPerformer, GapGoalUnserved}
}

// A Gap is one care gap in one plan, with the record it points at and how late it is. Gaps are
// computed from a plan and a day, never stored. The zero Gap is no gap.
type Gap struct {
	// Code says what kind of gap this is.
	Code GapCode `json:"code"`
	// Plan is the plan's id; Patient is whose plan it is, for the coordinator's worklist.
	Plan    string              `json:"plan"`
	Patient carecoord.PatientID `json:"patient"`
	// Goal and Activity are the ids of the goal or activity the gap is about, if any.
	Goal     string `json:"goal,omitempty"`
	Activity string `json:"activity,omitempty"`
	// Occurrence is the oldest overdue occurrence and Overdue how many there are, for
	// GapOverdueOccurrence.
	Occurrence Occurrence `json:"occurrence,omitzero"`
	Overdue    int        `json:"overdue,omitempty"`
	// Due is when the thing was due (the occurrence's day, the target's due date); zero for
	// gaps that are not about a date (no coordinator, no performer, goal unserved).
	Due civil.Date `json:"due,omitzero"`
	// DaysLate is how many days after Due the gap was found (asOf − Due); 0 when Due is zero.
	DaysLate int `json:"daysLate"`
	// Priority is the priority of the goal concerned (for an activity, the highest of the goals
	// it serves; for a plan-level gap, high); zero when no goal says.
	Priority Priority `json:"priority,omitempty"`
}

// A GapPolicy sets how care gaps are found. The zero GapPolicy finds an occurrence overdue the
// day after it was due, looks back 30 days, and reads instants in UTC; see [DefaultGapPolicy].
type GapPolicy struct {
	// Grace is how many days after its day an occurrence may still be recorded before it is
	// overdue: with Grace 1, Monday's check is overdue from Wednesday. A negative Grace counts
	// as 0.
	Grace int
	// Lookback is how many days before asOf to look for overdue occurrences; older ones are
	// history for adherence, not worklist items. 0 means 30.
	Lookback int
	// Location reads the instants of status changes as dates (nil means UTC).
	Location *time.Location
}

// DefaultGapPolicy returns the library's defaults: one day of grace and a 30-day lookback. They
// are sensible defaults for a coordinator's daily worklist, not a published standard.
func DefaultGapPolicy() GapPolicy { return GapPolicy{Grace: 1, Lookback: 30} }

// IsValid reports whether c is one of [GapCodes].
func (c GapCode) IsValid() bool { return slices.Contains(GapCodes(), c) }

// Gaps returns the care gaps of p as of the day asOf, in the order of [SortGaps]. Only an
// active plan has gaps: a draft, suspended or finished plan expects nothing.
func Gaps(p CarePlan, asOf civil.Date, policy GapPolicy) []Gap {
	gaps := appendGaps(nil, &p, asOf, policy)
	SortGaps(gaps)
	return gaps
}

// Worklist returns the care gaps of every plan coordinated by coordinator (same Kind and ID),
// as of asOf, most urgent first, in the order of [SortGaps]. The zero coordinator selects the
// plans that have none: the unassigned worklist, where every active plan also has a
// GapNoCoordinator gap.
//
// It is built for population-sized worklists: plans are visited in id order and each plan's
// few gaps sorted on the spot, so what is left is to order the whole list by urgency (days
// late, then priority) keeping that order among equals. That is a stable counting sort: the
// gaps are collected in fixed-size chunks, counted by urgency, and each is copied once,
// straight to its place in the result.
func Worklist(plans []CarePlan, coordinator carecoord.Actor, asOf civil.Date, policy GapPolicy) []Gap {
	sel := make([]int32, 0, len(plans))
	for i := range plans {
		c := plans[i].Coordinator
		if coordinator.IsZero() && c.IsZero() || !coordinator.IsZero() && c.SameAs(coordinator) {
			sel = append(sel, int32(i))
		}
	}
	// By id, and by position for repeated ids, so the order never depends on how the input was
	// shuffled.
	slices.SortFunc(sel, func(a, b int32) int { return cmp.Or(cmp.Compare(plans[a].ID, plans[b].ID), cmp.Compare(a, b)) })

	const chunkBits = 12
	var chunks [][]Gap
	var urgencies []uint64
	var scratch []Gap
	for _, i := range sel {
		scratch = appendGaps(scratch[:0], &plans[i], asOf, policy)
		SortGaps(scratch)
		for j := range scratch {
			n := len(urgencies)
			if n>>chunkBits == len(chunks) {
				chunks = append(chunks, make([]Gap, 0, 1<<chunkBits))
			}
			chunks[n>>chunkBits] = append(chunks[n>>chunkBits], scratch[j])
			urgencies = append(urgencies, urgency(&scratch[j]))
		}
	}

	// The distinct urgencies are few (days late within the lookback, four priorities): count
	// each, turn the counts into starting places, and copy every gap to its place in order.
	distinct := slices.Compact(slices.Sorted(slices.Values(urgencies)))
	next := make([]int, len(distinct))
	for _, u := range urgencies {
		b, _ := slices.BinarySearch(distinct, u)
		next[b]++
	}
	start := 0
	for b, n := range next {
		next[b], start = start, start+n
	}
	out := make([]Gap, len(urgencies))
	for n, u := range urgencies {
		b, _ := slices.BinarySearch(distinct, u)
		out[next[b]] = chunks[n>>chunkBits][n&(1<<chunkBits-1)]
		next[b]++
	}
	return out
}

// urgency packs the first two keys of SortGaps into one integer that sorts ascending: more
// days late first, then higher priority.
func urgency(g *Gap) uint64 {
	late := min(max(g.DaysLate, 0), 1<<31-1)
	return uint64(1<<31-1-late)<<8 | uint64(g.Priority.Rank())
}

// SortGaps orders gaps most urgent first: most days late, then higher priority (unset last),
// then by plan id, code, goal, activity and occurrence, so the order is total and stable
// across runs. It sorts an index and moves each gap once, which is much cheaper than swapping
// the gaps themselves when a worklist holds millions.
func SortGaps(gaps []Gap) {
	if len(gaps) <= 32 {
		slices.SortFunc(gaps, func(a, b Gap) int { return compareGaps(&a, &b) })
		return
	}
	idx := make([]int32, len(gaps))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(i, j int32) int { return compareGaps(&gaps[i], &gaps[j]) })
	sorted := make([]Gap, len(gaps))
	for k, i := range idx {
		sorted[k] = gaps[i]
	}
	copy(gaps, sorted)
}

// compareGaps is the order of SortGaps.
func compareGaps(a, b *Gap) int {
	if a.DaysLate != b.DaysLate {
		return cmp.Compare(b.DaysLate, a.DaysLate)
	}
	if ra, rb := a.Priority.Rank(), b.Priority.Rank(); ra != rb { // unset ranks last
		return cmp.Compare(ra, rb)
	}
	if c := cmp.Compare(a.Plan, b.Plan); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Code, b.Code); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Goal, b.Goal); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Activity, b.Activity); c != 0 {
		return c
	}
	return compareOccurrences(a.Occurrence, b.Occurrence)
}

// appendGaps appends p's gaps as of asOf to dst, unsorted.
func appendGaps(dst []Gap, p *CarePlan, asOf civil.Date, policy GapPolicy) []Gap {
	if p.Status != StatusActive || !asOf.IsValid() {
		return dst
	}
	gap := func(code GapCode) Gap { return Gap{Code: code, Plan: p.ID, Patient: p.Patient} }
	if p.Coordinator.IsZero() {
		g := gap(GapNoCoordinator)
		g.Priority = PriorityHigh // nothing in the plan is coordinated until this is closed
		dst = append(dst, g)
	}
	for i := range p.Goals {
		goal := &p.Goals[i]
		if !goal.Lifecycle.IsPursued() {
			continue
		}
		if due, ok := pastDue(goal, asOf); ok {
			g := gap(GapGoalPastDue)
			g.Goal, g.Due, g.DaysLate, g.Priority = goal.ID, due, asOf.DaysSince(due), goal.Priority
			dst = append(dst, g)
		}
		if !served(p, goal.ID) {
			g := gap(GapGoalUnserved)
			g.Goal, g.Priority = goal.ID, goal.Priority
			dst = append(dst, g)
		}
	}
	for i := range p.Activities {
		a := &p.Activities[i]
		if !a.Status.IsExpected() {
			continue
		}
		prio := activityPriority(p, a)
		if a.Performer.IsZero() {
			g := gap(GapNoPerformer)
			g.Activity, g.Priority = a.ID, prio
			dst = append(dst, g)
		}
		dst = appendOverdue(dst, p, a, asOf, policy, prio)
	}
	return dst
}

// pastDue returns the earliest due date among goal's targets that is before asOf, unless the
// goal is achieved.
func pastDue(goal *Goal, asOf civil.Date) (civil.Date, bool) {
	if goal.Achievement.IsAchieved() {
		return civil.Date{}, false
	}
	var due civil.Date
	for _, t := range goal.Targets {
		if t.Due.IsValid() && t.Due.Before(asOf) && (due.IsZero() || t.Due.Before(due)) {
			due = t.Due
		}
	}
	return due, !due.IsZero()
}

// served reports whether an expected activity of p serves the goal.
func served(p *CarePlan, goal string) bool {
	for i := range p.Activities {
		if a := &p.Activities[i]; a.Status.IsExpected() && slices.Contains(a.Goals, goal) {
			return true
		}
	}
	return false
}

// activityPriority is the highest priority among the goals a serves.
func activityPriority(p *CarePlan, a *Activity) Priority {
	var best Priority
	for _, id := range a.Goals {
		for i := range p.Goals {
			if g := &p.Goals[i]; g.ID == id && g.Priority.IsValid() && g.Priority.Rank() < best.Rank() {
				best = g.Priority
			}
		}
	}
	return best
}

// appendOverdue appends one gap for the occurrences of a, on days from asOf−Lookback through
// asOf−Grace−1 on which the activity was expected, that have no outcome recorded: how many,
// and the oldest. It finds the window's outcomes by binary search and merges them with the
// window's occurrences in one pass.
func appendOverdue(dst []Gap, p *CarePlan, a *Activity, asOf civil.Date, policy GapPolicy, prio Priority) []Gap {
	lookback := policy.Lookback
	if lookback <= 0 {
		lookback = 30
	}
	window := civil.Range{Start: asOf.AddDays(-lookback), End: asOf.AddDays(-max(policy.Grace, 0) - 1)}
	// Nothing is overdue outside the plan's own period.
	if !p.Period.Start.IsZero() && window.Start.Before(p.Period.Start) {
		window.Start = p.Period.Start
	}
	if !p.Period.End.IsZero() && window.End.After(p.Period.End) {
		window.End = p.Period.End
	}
	n := 0
	var oldest Occurrence
	eachExpected(a, window, policy.Location, func(o Occurrence, out *Outcome) {
		if out != nil {
			return
		}
		if n == 0 {
			oldest = o
		}
		n++
	})
	if n == 0 {
		return dst
	}
	return append(dst, Gap{Code: GapOverdueOccurrence, Plan: p.ID, Patient: p.Patient, Activity: a.ID,
		Occurrence: oldest, Overdue: n, Due: oldest.Date, DaysLate: asOf.DaysSince(oldest.Date), Priority: prio})
}
