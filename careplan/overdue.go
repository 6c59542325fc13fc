package careplan

import (
	"math"
	"math/bits"
	"time"

	"github.com/carecoord/carecoord/civil"
)

// This file counts an activity's overdue occurrences for care gaps and worklists. The answer
// is the one [eachExpected] gives (a merge of the schedule's occurrences with the outcomes),
// found with less work: a coordinator's worklist asks it of every activity of every plan, and
// a population's worth of merges, one step per expected occurrence, is most of a worklist's
// time.
//
// For each schedule version in force on some of the window's days, the occurrences expected
// there are counted arithmetically, and each outcome recorded there is given its ordinal, its
// position among those occurrences, also arithmetically. The outcomes are in occurrence order,
// so the distinct ordinals recorded are found in one walk, and the overdue occurrences are the
// expected ones less those. The oldest overdue occurrence is the first ordinal not recorded,
// the one after the last recorded before the first jump in the ordinals.
//
// The walk is over the outcomes' keys (day and slot as one integer, [activityWindow]), which a
// worklist reads for a batch of plans at a time in one short loop ([gapScratch.outcomeTails]),
// so that the counting finds them in cache. An outcome list that is out of order or holds a
// malformed occurrence has no keys: the merge judges it.

// overdue returns how many occurrences of a, on the days of its plan's overdue window
// ([overdueWindow]) on which the activity was expected, have no outcome recorded, and the
// oldest; win is the activity's outcomes in that window ([gapScratch.outcomeTails]), and loc
// reads status changes as dates. It is exactly what
// the merge of [eachExpected] finds (with unrecordedOnly), whose rules it follows, and falls
// back on that merge for what it cannot count: monthly and one-off schedules, a status that
// changes within the window, outcomes out of order or malformed.
func overdue(a *Activity, win activityWindow, loc *time.Location, scratch *gapScratch) (n int, oldest Occurrence) {
	if n, oldest, ok := countOverdue(a, win, loc, scratch); ok {
		return n, oldest
	}
	return mergeOverdue(a, win.window, win.outs, loc)
}

// mergeOverdue is overdue by the general merge of [eachExpected].
func mergeOverdue(a *Activity, window civil.Range, outs []Outcome, loc *time.Location) (n int, oldest Occurrence) {
	eachExpected(a, window, outs, loc, true, func(o Occurrence, _ *Outcome) {
		if n == 0 {
			oldest = o
		}
		n++
	})
	return n, oldest
}

// countOverdue is overdue by counting (see the top of this file). It reports false when the
// activity needs the merge.
func countOverdue(a *Activity, win activityWindow, loc *time.Location, scratch *gapScratch) (n int, oldest Occurrence, ok bool) {
	window := win.window
	if window.IsEmpty() || a.Schedules.Validate() != nil {
		return 0, Occurrence{}, true // as the merge: nothing is expected
	}
	if len(a.History) > 0 {
		// An unrecorded occurrence is overdue only if the activity was expected at its
		// time. Counting needs one status for the whole window.
		s, ok := scratch.status(a, window, loc)
		switch {
		case !ok:
			return 0, Occurrence{}, false
		case !s.IsExpected():
			return 0, Occurrence{}, true
		}
	}
	if !win.sorted {
		return 0, Occurrence{}, false // the merge decides what such input means
	}
	outs, keys := win.outs, win.keys
	walked := 0 // keys[:walked] are walked
	for v := range a.Schedules {
		c, ok := a.Schedules.schedCursor(v, window)
		if !ok {
			continue
		}
		var ord ordinals
		if !ord.init(&c, window.Start) {
			return 0, Occurrence{}, false
		}
		w := ord.count(keys[walked:])
		walked += w.used
		missing := ord.expected - w.recorded
		if missing <= 0 {
			continue
		}
		n += missing
		if oldest.Date.IsZero() { // the first version with one missing has the oldest
			var prev *Occurrence
			if w.beforeGap >= 0 {
				prev = &outs[walked-w.used+w.beforeGap].Occurrence
			}
			oldest = ord.following(&c, prev)
		}
	}
	return n, oldest, true
}

// An activityWindow is an activity's outcomes on the days of a window, as a worklist reads
// them: the window, the outcomes (from where the window starts, [outcomesFrom], to where it
// ends; a few before it may be included) and, when they are well formed and in order, their
// keys.
type activityWindow struct {
	window civil.Range
	outs   []Outcome
	// keys holds, for each outcome, its day counted from the window's start, times 2048,
	// plus 0 for an untimed occurrence or 1 + its minutes after midnight: keys order as
	// the outcome list does, and counting needs nothing else.
	keys []int64
	// sorted reports that every outcome is well formed (see [Outcome.Validate]) and in
	// order; when not, keys is incomplete and only the merge may judge the outcomes.
	sorted bool
}

// windowOf returns the outcomes of tail, which starts where window does ([outcomesFrom]), on
// or before its last day, with their keys appended to keys. It is one short loop over the
// outcomes, which reads each once and nothing else.
func windowOf(tail []Outcome, window civil.Range, keys []int64) (activityWindow, []int64) {
	first, prev := len(keys), int64(math.MinInt64)
	last := int64(window.End.DaysSince(window.Start))
	unsorted := activityWindow{window: window, outs: tail}
	for j := range tail {
		x := &tail[j].Occurrence
		if !x.Date.IsValid() || x.Timed && !x.Time.valid() || !x.Timed && x.Time != (TimeOfDay{}) {
			return unsorted, keys
		}
		day := int64(x.Date.DaysSince(window.Start))
		if day > last {
			return activityWindow{window: window, outs: tail[:j], keys: keys[first:], sorted: true}, keys
		}
		k := day<<11 + int64(x.slot()+1)
		if k < prev {
			return unsorted, keys
		}
		prev = k
		keys = append(keys, k)
	}
	return activityWindow{window: window, outs: tail, keys: keys[first:], sorted: true}, keys
}

// ordinals numbers the occurrences of one schedule version on the days of its cursor, from 0,
// in order, arithmetically: for daily and weekly schedules, which are what worklists are full
// of. Days are counted from the window's start (keys) and from origin (the schedule's rhythm):
// the schedule's Start for a daily schedule, the Monday of its week for a weekly one.
type ordinals struct {
	shift    int // origin's day counted from the window's start, negated: key day + shift = day from origin
	lo, hi   int // the cursor's days, from origin
	every    int
	weekly   bool
	mask     uint8 // weekly: the weekdays, bit 0 for Monday
	times    []TimeOfDay
	base     int // days the schedule falls on from origin to the day before lo
	slots    int // occurrences a day
	expected int // occurrences on the cursor's days, Count applied
}

// init sets up o for c, whose window starts on start, and reports whether its schedule can be
// numbered this way.
func (o *ordinals) init(c *schedCursor, start civil.Date) bool {
	n := c.s.Every
	*o = ordinals{every: n, mask: c.mask, times: c.times, slots: max(1, len(c.times))}
	var origin civil.Date
	var days int
	switch c.s.Unit {
	case Daily:
		origin = c.s.Start
		o.base = c.firstIndex()
		if last := c.hi.DaysSince(origin) / n; last >= o.base {
			days = last - o.base + 1
		}
	case Weekly:
		o.weekly, origin = true, c.monday0()
		o.base = schedWeeklyUpTo(c.lo.DaysSince(origin)-1, n, c.mask)
		days = schedWeeklyUpTo(c.hi.DaysSince(origin), n, c.mask) - o.base
	default:
		return false
	}
	o.shift = start.DaysSince(origin)
	o.lo, o.hi = c.lo.DaysSince(origin), c.hi.DaysSince(origin)
	o.expected = days * o.slots
	if c.remaining >= 0 {
		o.expected = min(o.expected, c.remaining)
	}
	return true
}

// A tally is what [ordinals.count] found.
type tally struct {
	used      int // keys read: those before the cursor's last day and on it
	recorded  int // distinct expected occurrences with an outcome
	beforeGap int // the key of the occurrence before the first without one, or -1
}

// count reads keys, from an [activityWindow], which must not start after the cursor's
// first day, up to the first after its last day, and counts the distinct expected
// occurrences recorded.
func (o *ordinals) count(keys []int64) tally {
	recorded, seen, prev, gap := 0, -1, -1, -2
	j := 0
	for ; j < len(keys); j++ {
		day, minute := int(keys[j]>>11)+o.shift, int(keys[j]&2047)-1
		if day < o.lo {
			continue
		}
		if day > o.hi {
			break
		}
		// The day's index among the days the schedule falls on.
		switch {
		case o.weekly:
			w, r := day/7, day%7
			if o.mask&(1<<r) == 0 || o.every > 1 && w%o.every != 0 {
				continue
			}
			if o.every > 1 {
				w /= o.every
			}
			day = w*bits.OnesCount8(o.mask) + bits.OnesCount8(o.mask&(1<<r-1))
		case o.every > 1:
			if day%o.every != 0 {
				continue
			}
			day /= o.every
		}
		// The slot's index among the day's times.
		slot := 0
		if len(o.times) == 0 {
			if minute >= 0 {
				continue
			}
		} else {
			for slot < len(o.times) && o.times[slot].minutes() != minute {
				slot++
			}
			if slot == len(o.times) {
				continue
			}
		}
		i := (day-o.base)*o.slots + slot
		if i >= o.expected || i == seen {
			continue // after Count, or recorded again
		}
		if i != recorded && gap == -2 {
			gap = prev // ordinal recorded is the first without an outcome
		}
		seen, prev = i, j
		recorded++
	}
	if gap == -2 {
		gap = prev
	}
	return tally{used: j, recorded: recorded, beforeGap: gap}
}

// following returns the occurrence of c that follows x, or c's first when x is nil. It is
// called only when there is one.
func (o *ordinals) following(c *schedCursor, x *Occurrence) Occurrence {
	next := *c
	if x != nil {
		if x.Timed {
			for k := range len(o.times) - 1 {
				if o.times[k] == x.Time {
					return Occurrence{Date: x.Date, Time: o.times[k+1], Timed: true}
				}
			}
		}
		next.lo = x.Date.AddDays(1) // the next day the schedule falls on, at its first time
	}
	f, _ := next.next()
	return f
}

// A gapScratch is the working memory of finding a worklist's overdue occurrences, kept from
// one batch of plans to the next: their activities' windows and outcome keys, and the instants
// bounding the last window asked about, so that the plans of one worklist, which share a
// window, compute them once.
type gapScratch struct {
	windows  []activityWindow
	keys     []int64
	window   civil.Range
	loc      *time.Location
	from, to time.Time
}

// status returns a's status throughout every instant an occurrence on window's days can have
// (its day's midnight to its last minute, in loc), and reports false when a changed status
// then. It pads a day on each side, so that no time zone's rules can put an occurrence
// outside.
func (sc *gapScratch) status(a *Activity, window civil.Range, loc *time.Location) (ActivityStatus, bool) {
	if loc == nil {
		loc = time.UTC
	}
	if sc.from.IsZero() || sc.window != window || sc.loc != loc {
		sc.window, sc.loc = window, loc
		sc.from, sc.to = window.Start.AddDays(-1).In(loc), window.End.AddDays(2).In(loc)
	}
	for _, tr := range a.History {
		if !tr.At.Before(sc.from) && !tr.At.After(sc.to) {
			return "", false
		}
	}
	return statusAt(a, sc.from), true
}
