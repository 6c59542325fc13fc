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
// [CompletedInTarget] are the two rules the library ships; a host may write its own. A nil
// CompletionRule means CompletedByOutcome.
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
// (a completed outcome that the rule does not accept counts as neither). The zero Adherence
// counts nothing; its rate is not computable.
type Adherence struct {
	Expected   int64 `json:"expected"`   // occurrences expected in the window
	Completed  int64 `json:"completed"`  // of those, completed by the rule
	Missed     int64 `json:"missed"`     // recorded as missed
	Declined   int64 `json:"declined"`   // recorded as declined
	Unrecorded int64 `json:"unrecorded"` // with no outcome at all
}

// Rate returns Completed of Expected, exact. Its Percent is not computable when nothing was
// expected.
func (a Adherence) Rate() carecoord.Rate { return carecoord.Rate{Num: a.Completed, Den: a.Expected} }

// Add returns the counts of a and b together.
func (a Adherence) Add(b Adherence) Adherence {
	return Adherence{a.Expected + b.Expected, a.Completed + b.Completed, a.Missed + b.Missed,
		a.Declined + b.Declined, a.Unrecorded + b.Unrecorded}
}

// ActivityAdherence counts the occurrences of a within window (both ends included) that were
// expected, and how many of them the rule accepts as completed (a nil rule is
// [CompletedByOutcome]).
//
// An occurrence is expected when the activity's status at its time was not-started, scheduled or
// in-progress ([ActivityStatus.IsExpected]): the status history says which status held when,
// with a timed occurrence judged at its time of day and an untimed one at the start of its day,
// in loc (nil means UTC); with no history, the current status held throughout. An occurrence that
// has an outcome recorded always counts, whatever the status, so a status change can never hide
// an outcome. Each occurrence is judged by the schedule version in force on its day, and by the
// last outcome recorded for it.
func ActivityAdherence(a Activity, window civil.Range, loc *time.Location, rule CompletionRule) Adherence {
	if rule == nil {
		rule = CompletedByOutcome
	}
	var adh Adherence
	eachExpected(&a, window, loc, func(o Occurrence, out *Outcome) {
		adh.Expected++
		switch {
		case rule(a, o, derefOutcome(out), out != nil):
			adh.Completed++
		case out == nil:
			adh.Unrecorded++
		case out.Status == OutcomeMissed:
			adh.Missed++
		case out.Status == OutcomeDeclined:
			adh.Declined++
		}
	})
	return adh
}

func derefOutcome(o *Outcome) Outcome {
	if o == nil {
		return Outcome{}
	}
	return *o
}

// eachExpected calls f with each expected occurrence of a in window (see [ActivityAdherence])
// and the outcome that counts for it, or nil. It merges the schedule's occurrences with the
// window's outcomes, which are in occurrence order, in one pass, and allocates nothing.
func eachExpected(a *Activity, window civil.Range, loc *time.Location, f func(Occurrence, *Outcome)) {
	if window.IsEmpty() || a.Schedules.Validate() != nil {
		return
	}
	if loc == nil {
		loc = time.UTC
	}
	outs := outcomesIn(a.Outcomes, window)
	i := 0
	for v := range a.Schedules {
		c, ok := a.Schedules.schedCursor(v, window)
		if !ok {
			continue
		}
		// Day by day, then slot by slot within the day: the same order as c.next, without a
		// call per occurrence.
		untimed := len(c.times) == 0
		slots := max(1, len(c.times))
	days:
		for more := c.firstDay(); more; more = c.nextDay() {
			for slot := range slots {
				if c.remaining == 0 {
					break days // Count is used up; a later version may have more
				}
				if c.remaining > 0 {
					c.remaining--
				}
				o := Occurrence{Date: c.day}
				if !untimed {
					o.Time, o.Timed = c.times[slot], true
				}
				for i < len(outs) && compareOccurrences(outs[i].Occurrence, o) < 0 {
					i++
				}
				var out *Outcome
				for ; i < len(outs) && outs[i].Occurrence == o; i++ {
					out = &outs[i] // the last recorded for o counts
				}
				if out == nil && len(a.History) > 0 && !statusAt(a, o.At(loc)).IsExpected() {
					continue
				}
				f(o, out)
			}
		}
	}
}

// An ActivityCount is the adherence of one activity of a plan, by id.
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
// in window, without copying.
//
// Over a population, finding that part costs more than using it: each probe of a long
// history is a cache miss. Windows usually sit at the recent end of the history, and
// outcomes are spread about evenly over time, so it finds the end by galloping back from the
// last outcome (1, 2, 4, … outcomes), guesses the start by interpolating between the first
// outcome's day and the end's, and walks a few outcomes from the guess. Only when the guess is
// far off does it fall back to a binary search: the result is always exact.
func outcomesIn(outs []Outcome, window civil.Range) []Outcome {
	hi := gallopBack(len(outs), func(i int) bool { return outs[i].Occurrence.Date.After(window.End) })
	if hi == 0 || outs[hi-1].Occurrence.Date.Before(window.Start) {
		return nil
	}
	if !outs[0].Occurrence.Date.Before(window.Start) {
		return outs[:hi]
	}
	// outs[0] is before the window and outs[hi-1] in it: the start is in (0, hi).
	first, last := outs[0].Occurrence.Date, outs[hi-1].Occurrence.Date
	guess := hi - 1 - int(int64(hi-1)*int64(last.DaysSince(window.Start))/int64(last.DaysSince(first)))
	guess = min(max(guess, 1), hi-1)
	const walk = 8 // outcomes to walk from the guess before searching instead
	if outs[guess].Occurrence.Date.Before(window.Start) {
		for i := guess + 1; i < min(guess+1+walk, hi); i++ {
			if !outs[i].Occurrence.Date.Before(window.Start) {
				return outs[i:hi]
			}
		}
		lo := guess + 1 + sort.Search(hi-guess-1, func(k int) bool { return !outs[guess+1+k].Occurrence.Date.Before(window.Start) })
		return outs[lo:hi]
	}
	for i := guess - 1; i >= max(guess-walk, 0); i-- {
		if outs[i].Occurrence.Date.Before(window.Start) {
			return outs[i+1 : hi]
		}
	}
	lo := sort.Search(guess, func(k int) bool { return !outs[k].Occurrence.Date.Before(window.Start) })
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
	return o.Time.minutes()
}

// statusAt returns the activity's status at instant t: the To of the last transition made at
// or before t or, before the first transition, the status it started from; with no history,
// the current status.
func statusAt(a *Activity, t time.Time) ActivityStatus {
	if len(a.History) == 0 {
		return a.Status
	}
	s := ActivityStatus(a.History[0].From)
	for _, tr := range a.History {
		if tr.At.After(t) {
			break
		}
		s = ActivityStatus(tr.To)
	}
	return s
}
