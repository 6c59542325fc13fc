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
// there are counted arithmetically, and the outcomes recorded there are matched to their
// ordinals, their positions among those occurrences. The outcomes are in occurrence order, so
// the distinct ordinals recorded are found in one walk, and the overdue occurrences are the
// expected ones less those. Most outcomes follow one another occurrence by occurrence: each
// is compared with the key expected next, found by adding a step, and only one that jumps past
// it is numbered from its day and time. The oldest overdue occurrence is the one expected at
// the first jump.
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
	keys := win.keys
	walked := 0 // keys[:walked] are walked
	for v := range a.Schedules {
		c, ok := a.Schedules.schedCursor(v, window)
		if !ok {
			continue
		}
		var ord ordinals
		if !ord.init(&c, window.Start, scratch.steps) {
			return 0, Occurrence{}, false
		}
		scratch.steps = ord.steps
		w := ord.count(keys[walked:])
		walked += w.used
		missing := ord.expected - w.recorded
		if missing <= 0 {
			continue
		}
		n += missing
		if oldest.Date.IsZero() { // the first version with one missing has the oldest
			oldest = occurrenceOfKey(window.Start, w.missing)
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
// or before its last day, with their keys appended to keys.
func windowOf(tail []Outcome, window civil.Range, keys []int64) (activityWindow, []int64) {
	first := len(keys)
	keys, n := appendKeys(keys, tail, window.Start, int64(window.End.DaysSince(window.Start)))
	if n < 0 {
		return activityWindow{window: window, outs: tail}, keys[:first]
	}
	return activityWindow{window: window, outs: tail[:n], keys: keys[first:], sorted: true}, keys
}

// appendKeys appends the keys of the outcomes of tail, up to the first after day last
// (counted from start), to keys, and returns how many of tail's outcomes it keyed, or -1 when
// one is malformed or out of order. It is one short loop that reads each outcome's occurrence
// once and nothing else, kept small so that the processor runs far ahead of the reads.
func appendKeys(keys []int64, tail []Outcome, start civil.Date, last int64) ([]int64, int) {
	prev := int64(math.MinInt64)
	for j := range tail {
		x := &tail[j].Occurrence
		if !x.Date.IsValid() {
			return keys, -1
		}
		day := int64(x.Date.DaysSince(start))
		if day > last {
			return keys, j
		}
		k := day << 11
		if x.Timed {
			if !x.Time.valid() {
				return keys, -1
			}
			k += int64(x.Time.minutes() + 1)
		} else if x.Time.Hour|x.Time.Minute != 0 {
			return keys, -1
		}
		if k < prev {
			return keys, -1
		}
		prev = k
		keys = append(keys, k)
	}
	return keys, len(tail)
}

// ordinals numbers the occurrences of one schedule version on the days of its cursor, from 0,
// in order, arithmetically: for daily and weekly schedules, which are what worklists are full
// of. Days are counted from the window's start (keys) and from origin (the schedule's rhythm):
// the schedule's Start for a daily schedule, the Monday of its week for a weekly one.
type ordinals struct {
	shift    int // origin's day counted from the window's start, negated: key day + shift = day from origin
	every    int
	weekly   bool
	mask     uint8 // weekly: the weekdays, bit 0 for Monday
	times    []TimeOfDay
	base     int   // days the schedule falls on from origin to the day before the cursor's first
	slots    int   // occurrences a day
	expected int   // occurrences on the cursor's days, Count applied
	end      int64 // the first key after the cursor's last day
	// steps holds, for each occurrence of one turn of the schedule's pattern (a day, or a
	// week for a weekly schedule), how much the key grows to the next occurrence's: the
	// keys of consecutive occurrences, found by addition.
	steps []int64
}

// init sets up o for c, whose window starts on start, and reports whether its schedule can be
// numbered this way. It keeps its steps in buf's memory.
func (o *ordinals) init(c *schedCursor, start civil.Date, buf []int64) bool {
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
	o.expected = days * o.slots
	if c.remaining >= 0 {
		o.expected = min(o.expected, c.remaining)
	}
	o.end = int64(c.hi.DaysSince(origin)-o.shift+1) << 11
	// The steps: from one time of day to the next, and from a day's last to the first of
	// the next day the schedule falls on.
	var on [7]int // weekly: the weekdays of one week, from Monday
	per := 1      // days in one turn of the pattern
	if o.weekly {
		per = 0
		for m := o.mask; m != 0; m &= m - 1 {
			on[per], per = bits.TrailingZeros8(m), per+1
		}
		if per == 0 {
			return false // a weekly schedule on no weekday: the merge decides
		}
	}
	slotKey := func(s int) int64 {
		if len(o.times) == 0 {
			return 0
		}
		return int64(o.times[s].minutes() + 1)
	}
	o.steps = buf[:0]
	for p := range per {
		for s := range o.slots - 1 {
			o.steps = append(o.steps, slotKey(s+1)-slotKey(s))
		}
		days := n
		if o.weekly {
			days = 7*n - on[p] + on[0]
			if p+1 < per {
				days = on[p+1] - on[p]
			}
		}
		o.steps = append(o.steps, int64(days)<<11+slotKey(0)-slotKey(o.slots-1))
	}
	return true
}

// first returns the key of the cursor's first occurrence, ordinal 0, and where its step is
// in steps.
func (o *ordinals) first() (int64, int) {
	day, at := o.base*o.every, 0
	if o.weekly {
		per := bits.OnesCount8(o.mask)
		week, rest := o.base/per, o.mask
		for range o.base % per {
			rest &= rest - 1
		}
		day, at = week*o.every*7+bits.TrailingZeros8(rest), o.base%per*o.slots
	}
	k := int64(day-o.shift) << 11
	if len(o.times) > 0 {
		k += int64(o.times[0].minutes() + 1)
	}
	return k, at
}

// A tally is what [ordinals.count] found.
type tally struct {
	used     int   // keys read: those before the cursor's last day and on it
	recorded int   // distinct expected occurrences with an outcome
	missing  int64 // the key of the first expected occurrence without one, if any
}

// count reads keys, from an [activityWindow], which must not start after the cursor's
// first day, up to the first after its last day, and counts the distinct expected
// occurrences recorded. Where outcomes follow one another occurrence by occurrence, as they
// mostly do, each key is checked against the next one expected, found by adding its step;
// only a key that jumps past it is numbered from its day and time.
func (o *ordinals) count(keys []int64) tally {
	recorded, seen, missing := 0, -1, int64(-1)
	next, at := o.first() // the key of ordinal seen+1, and where its step is
	expected, steps := o.expected, o.steps
	j := 0
	for j < len(keys) {
		// Occurrence by occurrence, each key the one expected next.
		var run int
		run, next, at = follow(keys[j:min(len(keys), j+max(0, expected-seen-1))], next, steps, at)
		j, seen, recorded = j+run, seen+run, recorded+run
		if j == len(keys) || keys[j] >= o.end {
			break
		}
		k := keys[j]
		j++
		if k < next {
			continue // before the cursor's first occurrence, recorded again, or on none
		}
		i, step, ok := o.ordinal(k)
		if !ok || i >= expected {
			continue // on none, or after Count
		}
		if i != recorded && missing < 0 {
			missing = next // until now every one was recorded, so next is ordinal recorded's
		}
		seen = i
		recorded++
		if next, at = k+steps[step], step+1; at == len(steps) {
			at = 0
		}
	}
	if missing < 0 {
		missing = next // none skipped: the first missing is the one after the last recorded
	}
	return tally{used: j, recorded: recorded, missing: missing}
}

// follow returns how many keys, from the first, are each the next expected, from next on by
// steps from at, and the key and step that follow them.
func follow(keys []int64, next int64, steps []int64, at int) (int, int64, int) {
	n := 0
	if len(steps) == 1 { // once a day, or once a week: one step
		for step := steps[0]; n < len(keys) && keys[n] == next; n++ {
			next += step
		}
		return n, next, 0
	}
	for n < len(keys) && keys[n] == next {
		next += steps[at]
		if at++; at == len(steps) {
			at = 0
		}
		n++
	}
	return n, next, at
}

// ordinal returns the ordinal of the occurrence whose key is k, on one of the cursor's days,
// and where its step is in steps, and reports false when the schedule has no such occurrence.
func (o *ordinals) ordinal(k int64) (i, at int, ok bool) {
	day, minute := int(k>>11)+o.shift, int(k&2047)-1
	// The day's index among the days the schedule falls on, and among those of its turn.
	turn := 0
	switch {
	case o.weekly:
		w, r := day/7, day%7
		if o.mask&(1<<r) == 0 || o.every > 1 && w%o.every != 0 {
			return 0, 0, false
		}
		if o.every > 1 {
			w /= o.every
		}
		turn = bits.OnesCount8(o.mask & (1<<r - 1))
		day = w*bits.OnesCount8(o.mask) + turn
	case o.every > 1:
		if day%o.every != 0 {
			return 0, 0, false
		}
		day /= o.every
	}
	// The slot's index among the day's times.
	slot := 0
	if len(o.times) == 0 {
		if minute >= 0 {
			return 0, 0, false
		}
	} else {
		for slot < len(o.times) && o.times[slot].minutes() != minute {
			slot++
		}
		if slot == len(o.times) {
			return 0, 0, false
		}
	}
	return (day-o.base)*o.slots + slot, turn*o.slots + slot, true
}

// occurrenceOfKey returns the occurrence whose key ([activityWindow]) is k, in a window that
// starts on start.
func occurrenceOfKey(start civil.Date, k int64) Occurrence {
	o := Occurrence{Date: start.AddDays(int(k >> 11))}
	if m := int(k&2047) - 1; m >= 0 {
		o.Time, o.Timed = TimeOfDay{Hour: m / 60, Minute: m % 60}, true
	}
	return o
}

// A gapScratch is the working memory of finding a worklist's overdue occurrences, kept from
// one batch of plans to the next: their activities' windows and outcome keys, and the instants
// bounding the last window asked about, so that the plans of one worklist, which share a
// window, compute them once.
type gapScratch struct {
	windows  []activityWindow
	keys     []int64
	lasts    []civil.Date // the day of each activity's last outcome
	checks   []bool       // whether each window's first outcome is to be checked
	steps    []int64      // [ordinals.steps]
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
