package careplan

import (
	"cmp"
	"sort"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

// A CompletionRule decides whether an expected occurrence counts as completed, given the outcome
// that counts for it (recorded is false when none was). [CompletedByOutcome] and
// [CompletedInTarget] are the two rules the library ships; a host may write its own.
type CompletionRule func(a Activity, o Occurrence, out Outcome, recorded bool) bool

// CompletedByOutcome is the plain rule: an occurrence is completed when its outcome says so.
func CompletedByOutcome(_ Activity, _ Occurrence, out Outcome, recorded bool) bool {
	return recorded && out.Status == OutcomeCompleted
}

// CompletedInTarget returns the rule for measured activities: an occurrence is completed when its
// outcome is completed with a value, in the target's unit, that meets the target (a blood
// pressure taken and under 130 mm[Hg], say). An outcome with no value or another unit does not
// count: units are never converted.
func CompletedInTarget(t Target) CompletionRule {
	return func(_ Activity, _ Occurrence, out Outcome, recorded bool) bool {
		return recorded && out.Status == OutcomeCompleted && out.Value.Valid && out.Unit == t.Unit && t.Contains(out.Value.Decimal)
	}
}

// Adherence counts, over a window, the occurrences of an activity (or of all a plan's counted
// activities) that were expected and what became of them. Completed is decided by the
// [CompletionRule]; Missed, Declined and Unrecorded split the rest by the outcome recorded
// (a completed outcome that the rule does not accept counts as neither).
type Adherence struct {
	Expected   int64 `json:"expected"`
	Completed  int64 `json:"completed"`
	Missed     int64 `json:"missed"`
	Declined   int64 `json:"declined"`
	Unrecorded int64 `json:"unrecorded"`
}

// Rate returns Completed of Expected, exact. Its Percent is not computable when nothing was
// expected.
func (a Adherence) Rate() carecoord.Rate { return carecoord.Rate{Num: a.Completed, Den: a.Expected} }

// Add returns the counts of a and b together.
func (a Adherence) Add(b Adherence) Adherence {
	return Adherence{a.Expected + b.Expected, a.Completed + b.Completed, a.Missed + b.Missed,
		a.Declined + b.Declined, a.Unrecorded + b.Unrecorded}
}

// ActivityAdherence counts the occurrences of a within window (both ends included) on days the
// activity was expected to happen, and how many of them the rule accepts as completed.
//
// An occurrence is expected on a day when the activity's status that day was not-started,
// scheduled or in-progress ([ActivityStatus.IsExpected]): the status history says which status
// held on which day, reading each transition's instant in loc (nil means UTC); with no history,
// the current status held throughout. Each occurrence is judged by the schedule version in force
// on its day, and by the last outcome recorded for it.
func ActivityAdherence(a Activity, window civil.Range, loc *time.Location, rule CompletionRule) Adherence {
	var adh Adherence
	if window.IsEmpty() {
		return adh
	}
	outs := outcomesIn(a.Outcomes, window)
	i := 0
	for o := range a.Schedules.All(window) {
		if !statusOn(&a, o.Date, loc).IsExpected() {
			continue
		}
		adh.Expected++
		for i < len(outs) && compareOccurrences(outs[i].Occurrence, o) < 0 {
			i++
		}
		var out Outcome
		recorded := false
		for j := i; j < len(outs) && outs[j].Occurrence == o; j++ {
			out, recorded = outs[j], true // the last recorded for o counts
		}
		switch {
		case rule(a, o, out, recorded):
			adh.Completed++
		case !recorded:
			adh.Unrecorded++
		case out.Status == OutcomeMissed:
			adh.Missed++
		case out.Status == OutcomeDeclined:
			adh.Declined++
		}
	}
	return adh
}

// An ActivityCount is the adherence of one activity of a plan.
type ActivityCount struct {
	Activity string `json:"activity"`
	Adherence
}

// PlanAdherence sums [ActivityAdherence] over the plan's activities that count toward adherence
// (Activity.CountsTowardAdherence), and returns the per-activity counts too, in plan order.
func PlanAdherence(p CarePlan, window civil.Range, loc *time.Location, rule CompletionRule) (total Adherence, byActivity []ActivityCount) {
	for _, a := range p.Activities {
		if !a.CountsTowardAdherence {
			continue
		}
		adh := ActivityAdherence(a, window, loc, rule)
		byActivity = append(byActivity, ActivityCount{Activity: a.ID, Adherence: adh})
		total = total.Add(adh)
	}
	return total, byActivity
}

// outcomesIn returns the part of outs, which is in occurrence order, whose occurrences fall
// in window, without copying. Windows usually sit at the recent end of a long history, so it
// gallops back from the end (1, 2, 4, … outcomes) before searching, touching only the end of
// the history.
func outcomesIn(outs []Outcome, window civil.Range) []Outcome {
	after := func(i int) bool { return outs[i].Occurrence.Date.After(window.End) }
	before := func(i int) bool { return outs[i].Occurrence.Date.Before(window.Start) }
	hi := gallopBack(len(outs), after)
	lo := gallopBack(hi, func(i int) bool { return !before(i) })
	return outs[lo:hi]
}

// gallopBack returns the smallest i <= n such that keep(j) holds for every j in [i, n), for a
// keep that holds on a suffix of [0, n): it steps back 1, 2, 4, … from n and then searches the
// last step.
func gallopBack(n int, keep func(int) bool) int {
	step, hi := 1, n
	for hi > 0 && keep(hi-1) {
		lo := max(hi-step, 0)
		if keep(lo) {
			hi, step = lo, step*2
			continue
		}
		// keep fails at lo and holds at hi-1: the boundary is in (lo, hi).
		return lo + 1 + sort.Search(hi-1-lo-1, func(k int) bool { return keep(lo + 1 + k) })
	}
	return hi
}

// compareOccurrences orders occurrences by day, then untimed before timed, then time of day.
// It is on the hot path of adherence and worklists, so it compares integers only.
func compareOccurrences(a, b Occurrence) int {
	if a.Date != b.Date {
		if a.Date.Before(b.Date) {
			return -1
		}
		return 1
	}
	return cmp.Compare(a.slot(), b.slot())
}

// slot orders the occurrences of one day: -1 for an untimed one, else minutes after midnight.
func (o Occurrence) slot() int {
	if !o.Timed {
		return -1
	}
	return o.Time.Hour*60 + o.Time.Minute
}

// statusOn returns the activity's status on day d: the To of the last transition made on or
// before d (its instant read in loc), or, before the first transition, the status it started
// from; with no history, the current status.
func statusOn(a *Activity, d civil.Date, loc *time.Location) ActivityStatus {
	if len(a.History) == 0 {
		return a.Status
	}
	if loc == nil {
		loc = time.UTC
	}
	s := ActivityStatus(a.History[0].From)
	for _, t := range a.History {
		if civil.DateOf(t.At.In(loc)).After(d) {
			break
		}
		s = ActivityStatus(t.To)
	}
	if s == "" { // created with its first transition; before it, it was not yet expected
		return ""
	}
	return s
}
