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
// Over the window's days, each slot an occurrence can take (untimed, or a time of day of a
// schedule version in force there) has two bitmaps of one bit a day: the days it is expected
// on, set from the schedule's rhythm by arithmetic, and the days an outcome was recorded for
// it, set as the outcomes are read, one bit each. The overdue occurrences are the expected
// bits left unrecorded, counted by population count, and the oldest is the lowest of them. An
// outcome recorded twice, or for no expected occurrence, changes nothing: what is counted is
// exactly the set of expected occurrences that the merge finds no outcome for.
//
// What the bitmaps do not model goes to the merge: monthly and one-off schedules, a Count used
// up on the window's days, a status that changes within the window, and outcomes out of order
// or malformed, whose meaning the merge defines.

// A windowState says how an activity's overdue occurrences in its window are found.
type windowState uint8

const (
	windowQuiet   windowState = iota // nothing is expected: none is overdue
	windowCounted                    // counted from the bitmaps ([gapScratch.prepare])
	windowMerge                      // judged by the merge ([mergeOverdue])
)

// An activityWindow is an activity's overdue window as a worklist reads it: the window, the
// outcomes from where it starts ([outcomesFrom]; a few before it may be included) to where it
// ends, and how its overdue occurrences are found, with the answer once counted.
type activityWindow struct {
	window civil.Range
	outs   []Outcome
	state  windowState
	// For counting: the window's slot keys are the scratch's slotKeys[slots:slots+nslots],
	// and their bitmaps start at bits in its expected and recorded bitmaps.
	slots, nslots, bits int32
	// n and oldest are the answer, once counted.
	n      int
	oldest Occurrence
}

// words returns how many 64-bit words a bitmap of one bit a day of the window takes.
func (w *activityWindow) words() int { return (w.window.End.DaysSince(w.window.Start) + 64) / 64 }

// overdue returns how many occurrences of a, on the days of its plan's overdue window
// ([overdueWindow]) on which the activity was expected, have no outcome recorded, and the
// oldest; win is that window as [gapScratch.outcomeTails] read it, and loc reads status
// changes as dates. It is exactly what the merge of [eachExpected] finds (with
// unrecordedOnly), whose rules it follows.
func overdue(a *Activity, win *activityWindow, loc *time.Location) (n int, oldest Occurrence) {
	switch win.state {
	case windowCounted:
		return win.n, win.oldest
	case windowMerge:
		return mergeOverdue(a, win.window, win.outs, loc)
	}
	return 0, Occurrence{}
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

// A gapScratch is the working memory of finding a worklist's overdue occurrences, kept from
// one batch of plans to the next: the activities' windows, what reading their outcomes needs,
// the bitmaps of those counted, and the instants bounding the last window asked about, so that
// the plans of one worklist, which share a window, compute them once.
type gapScratch struct {
	windows  []activityWindow
	lasts    []civil.Date // the day of each activity's last outcome
	checks   []bool       // whether each window's first outcome is to be checked
	slotKeys []int16      // the counted windows' slot keys (see slotKey)
	// expected and recorded hold the counted windows' bitmaps, slot by slot, each one bit a
	// day from the window's first; days is one version's days, as they are found.
	expected, recorded, days []uint64
	// slotOf maps a slot key to its index among the slot keys of the window being read, plus
	// one, and is zero elsewhere.
	slotOf   [2048]uint16
	window   civil.Range
	loc      *time.Location
	from, to time.Time
}

// slotKey returns the key of an occurrence's slot: 0 for an untimed occurrence, 1 plus the
// minutes after midnight for a timed one. Keys order as the slots of a day do.
func slotKey(t TimeOfDay, timed bool) int16 {
	if !timed {
		return 0
	}
	return int16(t.minutes() + 1)
}

// prepare sets win, of a, up for counting: its state and, when it is to be counted, the
// window's slot keys and the days each is expected on. loc reads status changes as dates.
func (sc *gapScratch) prepare(a *Activity, win *activityWindow, loc *time.Location) {
	window := win.window
	win.state = windowQuiet
	if window.IsEmpty() || a.Schedules.Validate() != nil {
		return // as the merge: nothing is expected
	}
	if len(a.History) > 0 {
		// An unrecorded occurrence is overdue only if the activity was expected at its
		// time. Counting needs one status for the whole window.
		s, ok := sc.status(a, window, loc)
		switch {
		case !ok:
			win.state = windowMerge
			return
		case !s.IsExpected():
			return
		}
	}
	words := win.words()
	win.slots, win.nslots, win.bits = int32(len(sc.slotKeys)), 0, int32(len(sc.expected))
	for v := range a.Schedules {
		c, ok := a.Schedules.schedCursor(v, window)
		if !ok {
			continue
		}
		if c.s.Unit != Daily && c.s.Unit != Weekly {
			sc.abandon(win)
			return
		}
		sc.days = append(sc.days[:0], make([]uint64, words)...)
		on := onDays(sc.days, &c, window.Start)
		if c.remaining >= 0 && c.remaining < on*max(1, len(c.times)) {
			sc.abandon(win) // Count runs out on these days
			return
		}
		if len(c.times) == 0 {
			sc.expect(win, 0, words)
		}
		for _, t := range c.times {
			sc.expect(win, slotKey(t, true), words)
		}
	}
	if win.nslots > 0 {
		win.state = windowCounted
	}
}

// abandon hands win to the merge and frees what prepare took for it.
func (sc *gapScratch) abandon(win *activityWindow) {
	sc.slotKeys, sc.expected, sc.recorded = sc.slotKeys[:win.slots], sc.expected[:win.bits], sc.recorded[:win.bits]
	win.nslots, win.state = 0, windowMerge
}

// expect adds the days in sc.days to those the slot with key k is expected on in win, adding
// the slot to win's when it is new.
func (sc *gapScratch) expect(win *activityWindow, k int16, words int) {
	keys := sc.slotKeys[win.slots:]
	s := 0
	for s < len(keys) && keys[s] != k {
		s++
	}
	if s == len(keys) {
		sc.slotKeys = append(sc.slotKeys, k)
		sc.expected = append(sc.expected, make([]uint64, words)...)
		sc.recorded = append(sc.recorded, make([]uint64, words)...)
		win.nslots++
	}
	exp := sc.expected[int(win.bits)+s*words:][:words]
	for w, d := range sc.days {
		exp[w] |= d
	}
}

// onDays sets, in days (one bit a day from start, cleared), the days of c's daily or weekly
// schedule on its cursor's days, and returns how many there are.
func onDays(days []uint64, c *schedCursor, start civil.Date) int {
	lo, hi := c.lo.DaysSince(start), c.hi.DaysSince(start)
	n := c.s.Every
	if c.s.Unit == Daily {
		if n == 1 {
			setDays(days, lo, hi)
			return hi - lo + 1
		}
		// Day d (counted from start) is day d+shift counted from the Start, and the
		// schedule falls on every nth day from the Start, which is on or before the
		// cursor's first day: lo+shift is not negative.
		shift := start.DaysSince(c.s.Start)
		count := 0
		for d := lo + (n-(lo+shift)%n)%n; d <= hi; d += n {
			days[d>>6] |= 1 << (d & 63)
			count++
		}
		return count
	}
	// Weekly: day d is weekday (d+o)%7, Monday 0, of week (d+o)/7 counted from the Monday of
	// the Start's week, and every nth week from that one is active.
	o := start.DaysSince(c.monday0())
	count := 0
	if n == 1 {
		// Word by word: a word's days are its first day's weekday on, and a 64-day word
		// starts a weekday later than the one before. The week's mask, turned to start on
		// that weekday and repeated every 7 bits, is the word's days.
		first := (o%7 + 7) % 7
		for w := lo >> 6; w <= hi>>6; w++ {
			r := (first + w) % 7
			m := uint64((c.mask>>r|c.mask<<(7-r))&127) * weekRepeat & dayMask(w, lo, hi)
			days[w] |= m
			count += bits.OnesCount64(m)
		}
		return count
	}
	wd, week := (lo+o)%7, (lo+o)/7 // lo+o >= 0: the cursor starts on or after the Start
	active := week%n == 0
	for d := lo; d <= hi; d++ {
		if active && c.mask>>wd&1 != 0 {
			days[d>>6] |= 1 << (d & 63)
			count++
		}
		if wd++; wd == 7 {
			wd, week = 0, week+1
			active = week%n == 0
		}
	}
	return count
}

// weekRepeat repeats a 7-bit pattern across 64 bits when multiplied by it.
const weekRepeat = 1 | 1<<7 | 1<<14 | 1<<21 | 1<<28 | 1<<35 | 1<<42 | 1<<49 | 1<<56 | 1<<63

// dayMask returns the bits, in word w, of the days lo through hi.
func dayMask(w, lo, hi int) uint64 {
	from, to := max(lo, w*64), min(hi, w*64+63)
	if from > to {
		return 0
	}
	return math.MaxUint64 >> (63 - (to - from)) << (from & 63)
}

// setDays sets the bits of days lo through hi.
func setDays(days []uint64, lo, hi int) {
	for w := lo >> 6; w <= hi>>6; w++ {
		days[w] |= dayMask(w, lo, hi)
	}
}

// read reads tail, win's outcomes from where the window starts ([outcomesFrom]), into win's
// recorded bitmaps, and sets win's outcomes. Outcomes malformed or out of order hand win to the
// merge.
func (sc *gapScratch) read(win *activityWindow, tail []Outcome) {
	words := win.words()
	keys := sc.slotKeys[win.slots:][:win.nslots]
	rec := sc.recorded[win.bits:][:len(keys)*words]
	clear(rec)
	for s, k := range keys {
		sc.slotOf[k] = uint16(s + 1)
	}
	n := recordDays(tail, win.window.Start, win.window.End.DaysSince(win.window.Start), &sc.slotOf, rec, words)
	for _, k := range keys {
		sc.slotOf[k] = 0
	}
	if n < 0 {
		win.outs, win.state = tail, windowMerge // its bitmaps stay, unused: later windows follow them
		return
	}
	win.outs = tail[:n]
}

// recordDays sets, for each outcome of tail up to the first after day last (counted from
// start), the bit of its day in the recorded bitmap of its slot (slotOf, zero for a slot the
// window does not have), and returns how many of tail's outcomes it read, or -1 when one is
// malformed or out of order. It is one short loop that reads each outcome's occurrence once
// and nothing else, so that the processor runs far ahead of the reads, which over a
// population are most of the time.
func recordDays(tail []Outcome, start civil.Date, last int, slotOf *[2048]uint16, rec []uint64, words int) int {
	prev := math.MinInt
	for j := range tail {
		x := &tail[j].Occurrence
		if !x.Date.IsValid() {
			return -1
		}
		day := x.Date.DaysSince(start)
		if day > last {
			return j
		}
		key := 0
		if x.Timed {
			if !x.Time.valid() {
				return -1
			}
			key = x.Time.minutes() + 1
		} else if x.Time.Hour|x.Time.Minute != 0 {
			return -1
		}
		if k := day<<11 + key; k >= prev {
			prev = k
		} else {
			return -1
		}
		if s := int(slotOf[key&2047]); s != 0 && day >= 0 {
			rec[(s-1)*words+day>>6] |= 1 << (day & 63)
		}
	}
	return len(tail)
}

// finish counts win's overdue occurrences from its bitmaps.
func (sc *gapScratch) finish(win *activityWindow) {
	words := win.words()
	keys := sc.slotKeys[win.slots:][:win.nslots]
	exp := sc.expected[win.bits:][:len(keys)*words]
	rec := sc.recorded[win.bits:][:len(keys)*words]
	n, day, key := 0, -1, int16(0)
	for s, k := range keys {
		for w := range words {
			m := exp[s*words+w] &^ rec[s*words+w]
			if m == 0 {
				continue
			}
			n += bits.OnesCount64(m)
			// The slot's first missing day is in its first word with one; a later word's
			// days are later.
			if d := w*64 + bits.TrailingZeros64(m); day < 0 || d < day || d == day && k < key {
				day, key = d, k
			}
		}
	}
	win.n, win.oldest = n, Occurrence{}
	if n > 0 {
		win.oldest.Date = win.window.Start.AddDays(day)
		if key > 0 {
			win.oldest.Time, win.oldest.Timed = TimeOfDay{Hour: int(key-1) / 60, Minute: int(key-1) % 60}, true
		}
	}
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
