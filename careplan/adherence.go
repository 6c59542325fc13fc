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
	eachExpected(&a, window, outcomesFrom(a.Outcomes, window, a.Schedules), loc, false, func(o Occurrence, out *Outcome) {
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
// and the outcome that counts for it, or nil; with unrecordedOnly, only with those that have
// no outcome. outs is a.Outcomes from where window starts, as [outcomesFrom] finds it. It
// merges the schedule's occurrences with the outcomes, which are in occurrence order, in one
// pass, and allocates nothing.
func eachExpected(a *Activity, window civil.Range, outs []Outcome, loc *time.Location, unrecordedOnly bool, f func(Occurrence, *Outcome)) {
	if window.IsEmpty() || a.Schedules.Validate() != nil {
		return
	}
	if loc == nil {
		loc = time.UTC
	}
	i := 0
	for v := range a.Schedules {
		c, ok := a.Schedules.schedCursor(v, window)
		if !ok {
			continue
		}
		// Day by day, then slot by slot within the day: the same order as c.next, without a
		// call per occurrence. The innermost loops compare integers inline, on locals.
		times := c.times
		slots := max(1, len(times))
		for more := c.firstDay(); more; more = c.nextDay() {
			day := c.day
			for i < len(outs) && outs[i].Occurrence.Date.Before(day) {
				i++
			}
			n := slots
			if c.remaining >= 0 { // a Count: this day may use up the rest
				n = min(n, c.remaining)
				c.remaining -= n
			}
			for slot := range n {
				o := Occurrence{Date: day}
				if len(times) > 0 {
					// Skip the day's outcomes before this slot. (Before an untimed
					// occurrence there are none: it comes first in its day.)
					o.Time, o.Timed = times[slot], true
					for oslot := o.slot(); i < len(outs) && outs[i].Occurrence.Date == day && outs[i].Occurrence.slot() < oslot; {
						i++
					}
				}
				var out *Outcome
				for ; i < len(outs) && outs[i].Occurrence == o; i++ {
					out = &outs[i] // the last recorded for o counts
				}
				switch {
				case out != nil && unrecordedOnly:
				case out == nil && len(a.History) > 0 && !statusAt(a, o.At(loc)).IsExpected():
				default:
					f(o, out)
				}
			}
			if n < slots {
				break // Count is used up; a later version may have more
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

// outcomesFrom returns a tail of outs, which is in occurrence order, that holds every outcome
// on or after window.Start; the few outcomes before it that the tail may also hold are for the
// caller to skip. It does not copy.
//
// Over a population, finding the window costs more than using it: each probe of a long history
// is a cache miss. Windows usually end near the last outcome, and a schedule bounds how many
// occurrences, and so how many outcomes (one per occurrence), any span of days can hold. So it
// reads the last outcome's day, steps back as many outcomes as the schedule allows from the
// window's start to that day ([guessTail]), and checks the one outcome before that step
// ([checkTail]): two probes, and the walk forward from there is sequential. When the check
// fails (several outcomes recorded for one occurrence, or outcomes of an earlier schedule
// version) or the step would walk far before the window, it binary-searches instead: the
// result never misses an outcome.
func outcomesFrom(outs []Outcome, window civil.Range, s Schedules) []Outcome {
	return checkTail(outs, window, guessTail(outs, lastDay(outs), window, s))
}

// lastDay returns the day of the last outcome of outs, or the zero Date when there is none.
func lastDay(outs []Outcome) civil.Date {
	if len(outs) == 0 {
		return civil.Date{}
	}
	return outs[len(outs)-1].Occurrence.Date
}

// tailSlack is how many outcomes before a window are worth walking rather than searching.
const tailSlack = 64

// guessTail returns where in outs the outcomes on or after window.Start probably begin: len(outs)
// when there are none, -1 when it cannot tell. It reads no outcome: last is the day of the
// last one ([lastDay]).
func guessTail(outs []Outcome, last civil.Date, window civil.Range, s Schedules) int {
	n := len(outs)
	if n == 0 || last.Before(window.Start) {
		return n
	}
	back := s.maxOccurrences(window.Start, last)
	switch {
	case back < n && back <= s.maxOccurrences(window.Start, window.End)+tailSlack:
		return n - back
	case back >= n && n <= tailSlack:
		return 0
	}
	return -1
}

// checkTail returns outs from guess, a result of [guessTail], when no outcome before guess is on
// or after window.Start; otherwise it finds the start by binary search.
func checkTail(outs []Outcome, window civil.Range, guess int) []Outcome {
	if guess == 0 || guess == len(outs) || guess > 0 && outs[guess-1].Occurrence.Date.Before(window.Start) {
		return outs[guess:]
	}
	return outs[sort.Search(len(outs), func(i int) bool { return !outs[i].Occurrence.Date.Before(window.Start) }):]
}

// maxOccurrences returns a bound on the occurrences of v on days from first through last:
// for each version in force on some of those days, its occurrences per day (its times of day)
// times the most active days its rhythm fits in the span. It never undercounts and is usually
// close (a daily schedule's bound over a month is 31 per time of day).
func (v Schedules) maxOccurrences(first, last civil.Date) int {
	days := last.DaysSince(first) + 1
	if days <= 0 {
		return 0
	}
	total := 0
	for i := range v {
		if i+1 < len(v) && !v[i+1].From.After(first) {
			continue // replaced before the span begins
		}
		if v[i].From.After(last) {
			break
		}
		s := &v[i].Schedule
		every := min(max(s.Every, 1), schedMaxEvery) // as valid; callers may not have validated v
		var active int
		switch s.Unit {
		case Daily:
			active = days/every + 1
		case Weekly:
			active = (days/(7*every) + 2) * max(len(s.Weekdays), 1)
		case Monthly:
			active = days/(28*every) + 2
		default:
			active = 1
		}
		total += min(active, days) * max(len(s.Times), 1)
	}
	return total
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
