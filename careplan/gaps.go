package careplan

import (
	"cmp"
	"encoding/binary"
	"math"
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
	plans := []CarePlan{p}
	var scratch gapScratch
	scratch.outcomeTails(plans, []int32{0}, asOf, policy)
	recs := appendGapRecs(nil, plans, 0, asOf, policy, scratch.windows)
	out := make([]Gap, len(recs))
	for i := range recs {
		out[i] = recs[i].gap(plans)
	}
	return out
}

// Worklist returns the care gaps of every plan coordinated by coordinator (same Kind and ID),
// as of asOf, most urgent first, in the order of [SortGaps]. The zero coordinator selects the
// plans that have none: the unassigned worklist, where every active plan also has a
// GapNoCoordinator gap.
//
// It is built for population-sized worklists. Plans are visited in id order and each plan's
// few gaps sorted on the spot, so what is left is to order the whole list by urgency (days
// late, then priority) keeping that order among equals: a stable counting sort, since the
// distinct urgencies are few. The gaps are collected as compact records without a pointer,
// which the collector need not scan, and each becomes a Gap once, written straight to its
// place in the result with the ids it names read from its plan.
func Worklist(plans []CarePlan, coordinator carecoord.Actor, asOf civil.Date, policy GapPolicy) []Gap {
	return AppendWorklist(nil, plans, coordinator, asOf, policy)
}

// AppendWorklist appends the gaps of [Worklist] to dst and returns the extended slice. A
// service that refreshes a large worklist again and again can pass the last one, truncated
// (list[:0]), and reuse its memory: for a population that is most of what a worklist costs.
func AppendWorklist(dst []Gap, plans []CarePlan, coordinator carecoord.Actor, asOf civil.Date, policy GapPolicy) []Gap {
	sel := plansByID(plans, coordinator)

	// Collected in chunks, so that no growing slice is copied again and again.
	const chunk = 4096
	var chunks [][]gapRec
	cur, total := make([]gapRec, 0, chunk), 0
	const batch = 8 // plans whose outcome tails are found together: their windows fit in cache
	var scratch gapScratch
	for k := 0; k < len(sel); k += batch {
		some := sel[k:min(k+batch, len(sel))]
		scratch.outcomeTails(plans, some, asOf, policy)
		t := 0
		for _, i := range some {
			if len(cur) > chunk-64 {
				chunks, cur = append(chunks, cur), make([]gapRec, 0, chunk)
			}
			n := len(cur)
			cur = appendGapRecs(cur, plans, i, asOf, policy, scratch.windows[t:])
			t += len(plans[i].Activities)
			total += len(cur) - n
		}
	}
	chunks = append(chunks, cur)

	// Count each urgency, turn the counts into starting places, and write every gap to its
	// place in order.
	buckets := make([]uint64, 0, total)
	for _, c := range chunks {
		for i := range c {
			buckets = append(buckets, c[i].urgency())
		}
	}
	distinct := slices.Clone(buckets)
	slices.Sort(distinct)
	distinct = slices.Compact(distinct)
	next := make([]int, len(distinct))
	for i, u := range buckets {
		b, _ := slices.BinarySearch(distinct, u)
		buckets[i] = uint64(b)
		next[b]++
	}
	start := 0
	for b, n := range next {
		next[b], start = start, start+n
	}
	base := len(dst)
	dst = slices.Grow(dst, total)[:base+total]
	out := dst[base:]
	k := 0
	for _, c := range chunks {
		for i := range c {
			b := buckets[k]
			out[next[b]] = c[i].gap(plans)
			next[b]++
			k++
		}
	}
	return dst
}

// plansByID returns the indexes of the plans coordinated by coordinator, ordered by id, and by
// position for repeated ids, so that a worklist's order never depends on how its input was
// shuffled. Ids are compared by their first 16 bytes as two integers, and as strings only when
// those are equal: a population's ids are many and mostly differ early.
func plansByID(plans []CarePlan, coordinator carecoord.Actor) []int32 {
	type key struct {
		hi, lo uint64 // the id's first 16 bytes, big-endian, zero-padded
		i      int32
	}
	keys := make([]key, 0, len(plans))
	for i := range plans {
		c := plans[i].Coordinator
		if coordinator.IsZero() && c.IsZero() || !coordinator.IsZero() && c.SameAs(coordinator) {
			var b [16]byte
			copy(b[:], plans[i].ID)
			keys = append(keys, key{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:]), int32(i)})
		}
	}
	// Where the padded prefixes differ, they differ as the ids do: at a byte both have, or
	// where one id ended (a zero) and the other goes on (a byte that, if not zero, is larger).
	slices.SortFunc(keys, func(a, b key) int {
		if a.hi != b.hi {
			return cmp.Compare(a.hi, b.hi)
		}
		if a.lo != b.lo {
			return cmp.Compare(a.lo, b.lo)
		}
		return cmp.Or(cmp.Compare(plans[a.i].ID, plans[b.i].ID), cmp.Compare(a.i, b.i))
	})
	sel := make([]int32, len(keys))
	for k := range keys {
		sel[k] = keys[k].i
	}
	return sel
}

// A gapRec is a Gap as Gaps and Worklist collect it, without a pointer: the plan and the goal
// or activity as indexes, the code as a small number, the priority as its rank, and the
// occurrence's time of day in minutes. Over a population the records are many, and records
// the collector need not scan, copied without write barriers, cost much less than Gaps.
type gapRec struct {
	plan       int32      // the plan's index in the worklist's plans
	item       int32      // the index of the goal or activity in the plan, or -1
	code       uint8      // index in GapCodes
	rank       uint8      // Priority.Rank of the Gap's priority
	occMinutes int16      // the occurrence's time of day in minutes, or -1 when untimed
	occDate    civil.Date // the occurrence's day; zero for gaps that are not about one
	due        civil.Date
	overdue    int32
	daysLate   int32
}

// The index of each code in GapCodes.
const (
	gapCodeOverdue uint8 = iota
	gapCodeGoalPastDue
	gapCodeNoCoordinator
	gapCodeNoPerformer
	gapCodeGoalUnserved
)

// gapCodeAt returns GapCodes()[i] without building the slice.
func gapCodeAt(i uint8) GapCode {
	switch i {
	case gapCodeOverdue:
		return GapOverdueOccurrence
	case gapCodeGoalPastDue:
		return GapGoalPastDue
	case gapCodeNoCoordinator:
		return GapNoCoordinator
	case gapCodeNoPerformer:
		return GapNoPerformer
	case gapCodeGoalUnserved:
		return GapGoalUnserved
	}
	return ""
}

// aboutGoal reports whether r's item is a goal (otherwise an activity, or nothing).
func (r *gapRec) aboutGoal() bool {
	return r.code == gapCodeGoalPastDue || r.code == gapCodeGoalUnserved
}

// gap returns the Gap r stands for, r being a gap of plans.
func (r *gapRec) gap(plans []CarePlan) Gap {
	p := &plans[r.plan]
	g := Gap{Code: gapCodeAt(r.code), Plan: p.ID, Patient: p.Patient, Due: r.due, DaysLate: int(r.daysLate), Overdue: int(r.overdue)}
	switch {
	case r.aboutGoal():
		goal := &p.Goals[r.item]
		g.Goal, g.Priority = goal.ID, goal.Priority // as the goal has it, even when not a valid code
	case r.item >= 0:
		g.Activity = p.Activities[r.item].ID
		g.Priority = priorityOfRank(r.rank) // an activity's priority is a code, or none (activityPriority)
	default:
		g.Priority = PriorityHigh // a plan-level gap
	}
	if !r.occDate.IsZero() {
		g.Occurrence = Occurrence{Date: r.occDate}
		if r.occMinutes >= 0 {
			g.Occurrence.Time, g.Occurrence.Timed = TimeOfDay{Hour: int(r.occMinutes) / 60, Minute: int(r.occMinutes) % 60}, true
		}
	}
	return g
}

// priorityOfRank returns the Priority whose Rank is rank, or the zero Priority for any other.
func priorityOfRank(rank uint8) Priority {
	switch rank {
	case 1:
		return PriorityHigh
	case 2:
		return PriorityMedium
	case 3:
		return PriorityLow
	}
	return ""
}

// itemID returns the id of the goal or activity r is about, r being a gap of p; "" for none.
func (r *gapRec) itemID(p *CarePlan) string {
	switch {
	case r.aboutGoal():
		return p.Goals[r.item].ID
	case r.item >= 0:
		return p.Activities[r.item].ID
	}
	return ""
}

// urgency packs the first two keys of SortGaps into one integer that sorts ascending: more
// days late first, then higher priority.
func (r *gapRec) urgency() uint64 {
	late := max(r.daysLate, 0)
	return uint64(1<<31-1-late)<<8 | uint64(r.rank)
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

// appendGapRecs appends the gaps of plans[i] as of asOf to dst, in the order of SortGaps.
// windows starts with the outcome window of each of the plan's activities, from
// [gapScratch.outcomeTails].
func appendGapRecs(dst []gapRec, plans []CarePlan, i int32, asOf civil.Date, policy GapPolicy, windows []activityWindow) []gapRec {
	p := &plans[i]
	if p.Status != StatusActive || !asOf.IsValid() {
		return dst
	}
	first := len(dst)
	rec := func(code uint8, item int, priority Priority) gapRec {
		return gapRec{plan: i, item: int32(item), code: code, rank: uint8(priority.Rank()), occMinutes: -1}
	}
	if p.Coordinator.IsZero() {
		// Nothing in the plan is coordinated until this is closed.
		dst = append(dst, rec(gapCodeNoCoordinator, -1, PriorityHigh))
	}
	for k := range p.Goals {
		goal := &p.Goals[k]
		if !goal.Lifecycle.IsPursued() {
			continue
		}
		if due, ok := pastDue(goal, asOf); ok {
			r := rec(gapCodeGoalPastDue, k, goal.Priority)
			r.due, r.daysLate = due, int32(asOf.DaysSince(due))
			dst = append(dst, r)
		}
		if !served(p, goal.ID) {
			dst = append(dst, rec(gapCodeGoalUnserved, k, goal.Priority))
		}
	}
	for k := range p.Activities {
		a := &p.Activities[k]
		if !a.Status.IsExpected() {
			continue
		}
		priority := activityPriority(p, a)
		if a.Performer.IsZero() {
			dst = append(dst, rec(gapCodeNoPerformer, k, priority))
		}
		if n, oldest := overdue(a, &windows[k], policy.Location); n > 0 {
			r := rec(gapCodeOverdue, k, priority)
			r.occDate, r.due, r.overdue, r.daysLate = oldest.Date, oldest.Date, int32(min(n, math.MaxInt32)), int32(asOf.DaysSince(oldest.Date))
			if oldest.Timed {
				r.occMinutes = int16(oldest.Time.minutes())
			}
			dst = append(dst, r)
		}
	}
	mine := dst[first:]
	if len(mine) > 16 {
		slices.SortFunc(mine, func(a, b gapRec) int { return compareGapRecs(p, &a, &b) })
		return dst
	}
	// A plan has a few gaps: insertion sort, comparing in place.
	for i := 1; i < len(mine); i++ {
		for j := i; j > 0 && compareGapRecs(p, &mine[j-1], &mine[j]) > 0; j-- {
			mine[j-1], mine[j] = mine[j], mine[j-1]
		}
	}
	return dst
}

// compareGapRecs is the order of SortGaps for two gaps of p.
func compareGapRecs(p *CarePlan, a, b *gapRec) int {
	if a.daysLate != b.daysLate {
		return cmp.Compare(b.daysLate, a.daysLate)
	}
	if a.rank != b.rank {
		return cmp.Compare(a.rank, b.rank)
	}
	if c := cmp.Compare(gapCodeAt(a.code), gapCodeAt(b.code)); c != 0 {
		return c
	}
	// Same code, so both are about goals, or both about activities, or both about nothing.
	if c := cmp.Compare(a.itemID(p), b.itemID(p)); c != 0 {
		return c
	}
	if c := a.occDate.Compare(b.occDate); c != 0 {
		return c
	}
	return cmp.Compare(a.occMinutes, b.occMinutes)
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

// overdueWindow returns the days on which p's occurrences may be overdue as of asOf.
func overdueWindow(p *CarePlan, asOf civil.Date, policy GapPolicy) civil.Range {
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
	return window
}

// outcomeTails sets sc.windows to the overdue window ([activityWindow]) of each activity of
// each plan in sel in turn, with its outcomes from where its plan's overdue window starts
// ([outcomesFrom]; a few outcomes before it may be included) to where it ends, and the
// overdue occurrences counted where they can be ([gapScratch.prepare]).
//
// Over a population, reading each plan, each activity, and the outcomes in its window are
// cache misses, and they are most of a worklist's time when each waits for the one before, as
// they do when each plan's gaps are found in turn. So it reads a batch of plans in short
// loops, one for each step (the activities and their last outcomes; what each expects and where
// its window probably starts; the outcomes from the one before that guess), whose reads do not
// depend on one another, and which do little else: the processor keeps many of them in flight
// at once.
func (sc *gapScratch) outcomeTails(plans []CarePlan, sel []int32, asOf civil.Date, policy GapPolicy) {
	lasts := sc.lasts[:0]
	for _, i := range sel { // the activities and the day of each one's last outcome
		p := &plans[i]
		for k := range p.Activities {
			lasts = append(lasts, lastDay(p.Activities[k].Outcomes))
		}
	}
	sc.slotKeys, sc.expected, sc.recorded = sc.slotKeys[:0], sc.expected[:0], sc.recorded[:0]
	wins, checks, t := sc.windows[:0], sc.checks[:0], 0
	for _, i := range sel { // then what each activity expects, and the guesses
		p := &plans[i]
		w := overdueWindow(p, asOf, policy)
		active := p.Status == StatusActive && asOf.IsValid() // only an active plan has gaps
		for k := range p.Activities {
			a := &p.Activities[k]
			win, check := activityWindow{window: w}, false
			if active && a.Status.IsExpected() {
				sc.prepare(a, &win, policy.Location)
			}
			if win.state != windowQuiet {
				switch g := guessTail(a.Outcomes, lasts[t], w, a.Schedules); {
				case g < 0:
					win.outs = checkTail(a.Outcomes, w, g) // a search
				case g == 0 || g == len(a.Outcomes):
					win.outs = a.Outcomes[g:] // nothing to check (checkTail)
				default:
					// From the outcome before the guess, which must be before the window:
					// the windows' loop reads it first, in its stride, and it is checked
					// below.
					win.outs, check = a.Outcomes[g-1:], true
				}
			}
			wins, checks = append(wins, win), append(checks, check)
			t++
		}
	}
	for t := range wins { // then the outcomes of the windows to count, each a read of its own
		if wins[t].state == windowCounted {
			sc.read(&wins[t], wins[t].outs)
		}
	}
	t = 0
	for _, i := range sel { // then the checks, which find those outcomes in cache, and the counts
		p := &plans[i]
		for k := range p.Activities {
			win := &wins[t]
			if checks[t] && (len(win.outs) == 0 || !win.outs[0].Occurrence.Date.Before(win.window.Start)) {
				// The outcome before the guess is not before the window (none is left when
				// it is after it): outcomes of the window may lie before. Search, read again.
				tail := checkTail(p.Activities[k].Outcomes, win.window, -1)
				if win.state == windowCounted {
					sc.read(win, tail)
				} else {
					win.outs = tail
				}
			}
			if win.state == windowCounted {
				sc.finish(win)
			}
			t++
		}
	}
	sc.windows, sc.lasts, sc.checks = wins, lasts, checks
}
