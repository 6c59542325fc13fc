package referral

import (
	"slices"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

// A Milestone is a step of a referral that a deadline can be set on. These are the library's
// tokens for the closed-loop steps of spec §2 (360X and SDOH-CC). The zero Milestone is not
// valid.
type Milestone string

// The milestones, in the order a referral reaches them.
const (
	// MilestoneSent is when the referral was sent (Referral.AuthoredOn): the start of most clocks.
	MilestoneSent Milestone = "sent"
	// MilestoneReceived is the performer's first response: received, accepted or rejected.
	MilestoneReceived Milestone = "received"
	// MilestoneDecided is the performer's decision: accepted or rejected.
	MilestoneDecided Milestone = "decided"
	// MilestoneBooked is the first appointment booked ([EventBooked]).
	MilestoneBooked Milestone = "booked"
	// MilestoneHeld is the appointment kept ([EventKept]).
	MilestoneHeld Milestone = "held"
	// MilestoneOutcome is the outcome returned: the referral completed.
	MilestoneOutcome Milestone = "outcome"
	// MilestoneClosed is the requester's acknowledgement of the outcome: the loop closed.
	MilestoneClosed Milestone = "closed"
)

// Milestones returns every Milestone in the order a referral reaches them, in a new slice.
func Milestones() []Milestone {
	return []Milestone{MilestoneSent, MilestoneReceived, MilestoneDecided, MilestoneBooked, MilestoneHeld, MilestoneOutcome, MilestoneClosed}
}

// IsValid reports whether m is one of [Milestones].
func (m Milestone) IsValid() bool { return m.index() >= 0 }

// index is m's position in Milestones, or -1; a switch, for the Evaluate hot path.
func (m Milestone) index() int {
	switch m {
	case MilestoneSent:
		return 0
	case MilestoneReceived:
		return 1
	case MilestoneDecided:
		return 2
	case MilestoneBooked:
		return 3
	case MilestoneHeld:
		return 4
	case MilestoneOutcome:
		return 5
	case MilestoneClosed:
		return 6
	}
	return -1
}

// A Unit is what a deadline counts. The zero Unit is not valid.
type Unit string

// The units.
const (
	Hours        Unit = "hours"         // elapsed hours, around the clock
	Days         Unit = "days"          // calendar days; due by the end of the last day
	BusinessDays Unit = "business-days" // business days of the Calendar passed in; due by the end of the last
)

// Units returns every Unit, in a new slice.
func Units() []Unit { return []Unit{Hours, Days, BusinessDays} }

// IsValid reports whether u is Hours, Days or BusinessDays.
func (u Unit) IsValid() bool { return u == Hours || u == Days || u == BusinessDays }

// A Rule sets one deadline: Milestone is due Within units after After was reached. With
// PauseOnHold, time the referral spends on hold does not count: the clock stops. The zero Rule
// is not valid ([Policy.Validate] says why).
type Rule struct {
	Milestone   Milestone `json:"milestone"`
	After       Milestone `json:"after"`
	Within      int       `json:"within"`
	Unit        Unit      `json:"unit"`
	PauseOnHold bool      `json:"pauseOnHold,omitempty"`
}

// A Policy is the set of deadlines for one kind of referral: data, not code, so that an
// organisation can write its own. Location reads instants as calendar days for the day units
// (the requester's or the facility's zone; nil means UTC). The zero Policy sets no deadline.
type Policy struct {
	Name     string         `json:"name"`
	Rules    []Rule         `json:"rules"`
	Location *time.Location `json:"-"`
}

// Validate reports every problem with p: each rule's milestones valid, its start reached before
// its milestone, a positive Within and a valid Unit.
func (p Policy) Validate() error {
	var errs carecoord.FieldErrors
	for i, r := range p.Rules {
		path := carecoord.Path("rules", i)
		if !r.Milestone.IsValid() || r.Milestone == MilestoneSent {
			errs.Add(carecoord.NotSupported(path+".milestone", Milestones()[1:]...))
		}
		if !r.After.IsValid() {
			errs.Add(carecoord.NotSupported(path+".after", Milestones()...))
		} else if r.Milestone.IsValid() && r.After.index() >= r.Milestone.index() {
			errs.Add(carecoord.Invalid(path+".after", "must be a milestone reached before the one it starts the clock for"))
		}
		if r.Within <= 0 {
			errs.Add(carecoord.OutOfRange(path+".within", "must be at least 1"))
		}
		if !r.Unit.IsValid() {
			errs.Add(carecoord.NotSupported(path+".unit", Units()...))
		}
	}
	return errs.Err()
}

// DefaultPolicy returns the library's default deadlines for a kind and priority of referral.
// They are sensible defaults drawn from common practice, documented as such, not a standard;
// an organisation should set its own:
//
//   - specialist and other clinical referrals, routine: received in 2 business days, decided in
//     5, booked in 10, held within 30 calendar days of sending, outcome within 37 calendar days
//     of sending (a week after the visit), loop closed within 2 business days of the outcome;
//   - urgent, asap and stat clinical referrals: received in 4 hours, decided in 1 business day,
//     booked in 2, held within 7 calendar days of sending, outcome within 9 days of sending,
//     closed within 1 business day of the outcome;
//
// (The outcome clock starts at sending, not at the visit, because 360X sends no "kept" message.)
//   - community (SDOH) referrals: received in 2 business days (1 if urgent), decided in 5 (2),
//     outcome within 30 calendar days of the decision (7 if urgent), closed within 5 business
//     days of the outcome; the clock pauses while a community referral is on hold (waitlist).
func DefaultPolicy(kind Kind, priority Priority) Policy {
	urgent := priority.Urgency() >= PriorityUrgent.Urgency()
	rule := func(m, after Milestone, within int, u Unit) Rule {
		return Rule{Milestone: m, After: after, Within: within, Unit: u}
	}
	if kind == KindCommunity {
		rules := []Rule{
			rule(MilestoneReceived, MilestoneSent, 2, BusinessDays),
			rule(MilestoneDecided, MilestoneSent, 5, BusinessDays),
			rule(MilestoneOutcome, MilestoneDecided, 30, Days),
			rule(MilestoneClosed, MilestoneOutcome, 5, BusinessDays),
		}
		if urgent {
			rules[0].Within, rules[1].Within, rules[2].Within = 1, 2, 7
		}
		for i := range rules {
			rules[i].PauseOnHold = true
		}
		return Policy{Name: "default community " + string(priority), Rules: rules}
	}
	if urgent {
		return Policy{Name: "default clinical urgent", Rules: []Rule{
			rule(MilestoneReceived, MilestoneSent, 4, Hours),
			rule(MilestoneDecided, MilestoneSent, 1, BusinessDays),
			rule(MilestoneBooked, MilestoneSent, 2, BusinessDays),
			rule(MilestoneHeld, MilestoneSent, 7, Days),
			rule(MilestoneOutcome, MilestoneSent, 9, Days),
			rule(MilestoneClosed, MilestoneOutcome, 1, BusinessDays),
		}}
	}
	return Policy{Name: "default clinical routine", Rules: []Rule{
		rule(MilestoneReceived, MilestoneSent, 2, BusinessDays),
		rule(MilestoneDecided, MilestoneSent, 5, BusinessDays),
		rule(MilestoneBooked, MilestoneSent, 10, BusinessDays),
		rule(MilestoneHeld, MilestoneSent, 30, Days),
		rule(MilestoneOutcome, MilestoneSent, 37, Days),
		rule(MilestoneClosed, MilestoneOutcome, 2, BusinessDays),
	}}
}

// A State says where a deadline stands. The zero State is not valid.
type State string

// The deadline states.
const (
	StateMetOnTime State = "met-on-time" // reached by the due time
	StateMetLate   State = "met-late"    // reached after the due time; Late says by how much
	StatePending   State = "pending"     // not reached, not yet due; Due says when
	StateOverdue   State = "overdue"     // not reached and past due; Late says by how much
	StateWaiting   State = "waiting"     // its clock has not started: After is not reached yet
	StateMoot      State = "moot"        // not reached, and never will be: the referral ended without it
)

// States returns every State, in a new slice.
func States() []State {
	return []State{StateMetOnTime, StateMetLate, StatePending, StateOverdue, StateWaiting, StateMoot}
}

// IsValid reports whether s is one of [States].
func (s State) IsValid() bool { return slices.Contains(States(), s) }

// A Deadline is one rule of a policy applied to one referral: when its clock started, when it is
// due, whether and when it was met, and how late. It explains itself: Rule is the rule that set
// it and Paused the time on hold that moved it. The zero Deadline is no deadline.
type Deadline struct {
	Rule  Rule      `json:"rule"`
	State State     `json:"state"`
	Start time.Time `json:"start,omitzero"`
	// Due is the instant it is due: the start plus the hours, or the end (midnight after) of the
	// due day for the day units. DueDay is that day, for the day units.
	Due    time.Time  `json:"due,omitzero"`
	DueDay civil.Date `json:"dueDay,omitzero"`
	Met    time.Time  `json:"met,omitzero"`
	// Late is how far past Due the milestone was met, or is as of now while overdue.
	Late time.Duration `json:"late,omitempty"`
	// Paused is how much the clock's pause on hold moved Due (hours), or the number of days
	// (calendar or business, as the unit counts) it skipped, as that many 24-hour days.
	Paused time.Duration `json:"paused,omitempty"`
}

// reached returns when r reached each milestone (zero for not yet), indexed like Milestones.
func reached(r *Referral) [7]time.Time {
	var at [7]time.Time
	at[0] = r.AuthoredOn
	set := func(m Milestone, t time.Time) {
		if i := m.index(); at[i].IsZero() {
			at[i] = t
		}
	}
	for i := range r.History {
		h := &r.History[i]
		switch Status(h.To) {
		case StatusReceived:
			set(MilestoneReceived, h.At)
		case StatusAccepted, StatusRejected, StatusReady, StatusInProgress:
			// Accepting or rejecting decides; under core, going ready or starting work means the
			// performer has taken it on without a separate acceptance.
			set(MilestoneReceived, h.At)
			set(MilestoneDecided, h.At)
		case StatusCompleted:
			set(MilestoneOutcome, h.At)
		}
	}
	for i := range r.Events {
		switch e := &r.Events[i]; e.Kind {
		case EventBooked:
			set(MilestoneBooked, e.At)
		case EventKept:
			set(MilestoneHeld, e.At)
		}
	}
	if !r.Acknowledged.IsZero() {
		set(MilestoneClosed, r.Acknowledged)
	}
	// A milestone reached implies the earlier ones were, by then: a 360X referral completed
	// with no "kept" message held its appointment, a core referral started from ready was
	// received and decided.
	for i := len(at) - 2; i >= 1; i-- {
		if at[i].IsZero() || (!at[i+1].IsZero() && at[i+1].Before(at[i])) {
			if !at[i+1].IsZero() {
				at[i] = at[i+1]
			}
		}
	}
	return at
}

// Evaluate applies every rule of p to r as of now, with business days from cal, and returns one
// Deadline per rule, in rule order. It is [AppendEvaluate] into a new slice.
func Evaluate(r Referral, p Policy, cal civil.Calendar, now time.Time) []Deadline {
	return AppendEvaluate(make([]Deadline, 0, len(p.Rules)), &r, p, cal, now)
}

// AppendEvaluate appends r's deadlines under p, as of now, to dst and returns it. It allocates
// nothing when dst has room, so a population can be evaluated with one buffer.
//
// For each rule: before its After milestone is reached the deadline is waiting; once started it
// is due Within units later (hours from the instant; calendar or business days from the day the
// clock started, in p.Location, due by the end of the last day); with PauseOnHold the time on
// hold does not count (for day units, a day on hold at its end is not counted). It is met on time
// or late when the milestone was reached; pending or overdue while not; and moot when the
// referral has ended (completed, rejected, cancelled, failed, entered in error) without reaching
// it; a completed referral still owes the requester's acknowledgement (MilestoneClosed).
func AppendEvaluate(dst []Deadline, r *Referral, p Policy, cal civil.Calendar, now time.Time) []Deadline {
	at := reached(r)
	loc := p.Location
	if loc == nil {
		loc = time.UTC
	}
	var days [7]civil.Date // the local day of each milestone, worked out once
	for _, rule := range p.Rules {
		d := Deadline{Rule: rule}
		ai, mi := rule.After.index(), rule.Milestone.index()
		// A referral that has ended owes nothing more, except that a completed one still
		// awaits the requester's acknowledgement.
		ended := r.Status.IsTerminal() && !(r.Status == StatusCompleted && rule.Milestone == MilestoneClosed)
		if ai < 0 || mi < 0 || at[ai].IsZero() {
			d.State = StateWaiting
			if ended {
				d.State = StateMoot
			}
			dst = append(dst, d)
			continue
		}
		d.Start, d.Met = at[ai], at[mi]
		if rule.Unit != Hours && days[ai].IsZero() {
			days[ai] = civil.DateOf(d.Start.In(loc))
		}
		d.Due, d.DueDay, d.Paused = due(r, rule, d.Start, days[ai], cal, loc, now)
		switch {
		case !d.Met.IsZero() && !d.Met.After(d.Due):
			d.State = StateMetOnTime
		case !d.Met.IsZero():
			d.State, d.Late = StateMetLate, d.Met.Sub(d.Due)
		case ended:
			d.State = StateMoot
		case now.After(d.Due):
			d.State, d.Late = StateOverdue, now.Sub(d.Due)
		default:
			d.State = StatePending
		}
		dst = append(dst, d)
	}
	return dst
}

// due returns when a rule started at start is due, the due day for day units, and how much
// the pause on hold moved it.
func due(r *Referral, rule Rule, start time.Time, startDay civil.Date, cal civil.Calendar, loc *time.Location, now time.Time) (time.Time, civil.Date, time.Duration) {
	pause := rule.PauseOnHold && wasOnHold(r)
	if rule.Unit == Hours {
		plain := start.Add(time.Duration(rule.Within) * time.Hour)
		if !pause {
			return plain, civil.Date{}, 0
		}
		t, rem := start, time.Duration(rule.Within)*time.Hour
		for a, b := range holds(r, now) {
			if !b.After(t) {
				continue
			}
			if a.After(t) {
				if a.Sub(t) >= rem {
					break
				}
				rem -= a.Sub(t)
			}
			t = b
		}
		end := t.Add(rem)
		return end, civil.Date{}, end.Sub(plain)
	}
	day := startDay
	if !pause { // the common case, in constant time for days and in the calendar's time for business days
		if rule.Unit == BusinessDays {
			day = cal.AddBusinessDays(day, rule.Within)
		} else {
			day = day.AddDays(rule.Within)
		}
		return day.AddDays(1).In(loc), day, 0
	}
	paused := 0
	for n := rule.Within; n > 0; {
		day = day.AddDays(1)
		if !day.IsValid() {
			break
		}
		if rule.Unit == BusinessDays && !cal.IsBusinessDay(day) {
			continue
		}
		if pause && onHoldAt(r, day.AddDays(1).In(loc), now) {
			paused++
			continue
		}
		n--
	}
	return day.AddDays(1).In(loc), day, time.Duration(paused) * 24 * time.Hour
}

// wasOnHold reports whether r was ever put on hold.
func wasOnHold(r *Referral) bool {
	for i := range r.History {
		if Status(r.History[i].To) == StatusOnHold {
			return true
		}
	}
	return false
}

// holds yields r's periods on hold, in order, as [from, to) instants; a hold still running ends
// at now.
func holds(r *Referral, now time.Time) func(func(time.Time, time.Time) bool) {
	return func(yield func(time.Time, time.Time) bool) {
		for i := range r.History {
			if Status(r.History[i].To) != StatusOnHold {
				continue
			}
			end := now
			if i+1 < len(r.History) {
				end = r.History[i+1].At
			}
			if !yield(r.History[i].At, end) {
				return
			}
		}
	}
}

// onHoldAt reports whether r was on hold at instant t (a hold running at now counts up to now).
func onHoldAt(r *Referral, t, now time.Time) bool {
	for a, b := range holds(r, now) {
		if !t.Before(a) && t.Before(b) {
			return true
		}
	}
	return false
}
