package transition_test

import (
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/civil/civiltest"
	"github.com/carecoord/carecoord/transition"
	"github.com/carecoord/carecoord/transition/transitiontest"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// zones are real time zones with and without daylight saving, loaded by the test.
func zones(t testing.TB) []*time.Location {
	var locs []*time.Location
	for _, name := range []string{"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
		"America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico", "UTC"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		locs = append(locs, loc)
	}
	return locs
}

// applicable returns a purpose whose checklist applies to e, or "".
func applicable(e transition.Event) transition.Purpose {
	for _, p := range transition.Purposes() {
		if transition.Applies(p, e) == nil {
			return p
		}
	}
	return ""
}

// Due times are never before the instant they count from, whatever the rule (counted from the
// admission, the discharge or an earlier item, with or without an earliest bound), the zone (with
// its daylight-saving changes) and the calendar. The day checks use civil's own arithmetic and
// civil.Calendar.BusinessDaysBetween, not the way the package computes due days.
func TestDueNeverBeforeAnchor(t *testing.T) {
	locs := zones(t)
	rapid.Check(t, func(t *rapid.T) {
		e := transitiontest.EventIn("enc-1", locs...).Draw(t, "event")
		purpose := applicable(e)
		if purpose == "" {
			t.Skip("no checklist applies to this event")
		}
		cal := civiltest.Calendar().Draw(t, "calendar")
		n := rapid.IntRange(1, 5).Draw(t, "items")
		spec := transition.TemplateSpec{ID: "prop", Purpose: purpose}
		var keys []transition.ItemKey
		for i := range n {
			r := transitiontest.DueRule(keys...).Draw(t, fmt.Sprint("rule ", i))
			if r.Anchor == transition.AnchorItem && i == 0 {
				r.Anchor, r.Item = transition.AnchorDischarge, "" // the first item has no earlier item
			}
			k := transition.ItemKey(fmt.Sprintf("i%d", i))
			keys = append(keys, k)
			spec.Items = append(spec.Items, transition.ItemSpec{Key: k, Owner: transition.RoleCareCoordinator, Due: r})
		}
		byItem := transition.DueRule{N: rapid.IntRange(0, 10).Draw(t, "n after item"), Anchor: transition.AnchorItem, Item: "i0",
			Unit: rapid.SampledFrom([]transition.Unit{transition.UnitHours, transition.UnitDays}).Draw(t, "unit after item")}
		spec.Items = append(spec.Items, transition.ItemSpec{Key: "after-i0", Owner: transition.RolePrimaryCare, Due: byItem})
		tpl, err := transition.NewTemplate(spec)
		if err != nil {
			t.Fatal(err)
		}
		c, err := transition.Instantiate(tpl, e, cal)
		if err != nil {
			t.Fatal(err)
		}
		check := func(c transition.Checklist) {
			for _, it := range c.Items {
				var anchorAt time.Time
				switch it.Rule.Anchor {
				case transition.AnchorAdmission:
					anchorAt = e.Admitted
				case transition.AnchorDischarge:
					anchorAt = e.Discharged
				case transition.AnchorItem:
					x := item(t, c, it.Rule.Item)
					anchorAt = x.DoneAt
					if x.Status != transition.ItemCompleted {
						anchorAt = x.Due // stands in until it is done
					}
				}
				if it.Due.IsZero() {
					if !anchorAt.IsZero() {
						t.Fatalf("%s (%s): no due time although its anchor is known at %s", it.Key, it.Rule, anchorAt)
					}
					continue
				}
				if anchorAt.IsZero() {
					t.Fatalf("%s (%s): due %s although its anchor is not known", it.Key, it.Rule, it.Due)
				}
				if it.Due.Before(anchorAt) {
					t.Fatalf("%s (%s): due %s before its anchor %s", it.Key, it.Rule, it.Due, anchorAt)
				}
				if !it.Earliest.IsZero() && (it.Earliest.Before(anchorAt) || it.Earliest.After(it.Due)) {
					t.Fatalf("%s (%s): earliest %s not between its anchor %s and due %s", it.Key, it.Rule, it.Earliest, anchorAt, it.Due)
				}
				if it.Rule.HasFrom() == it.Earliest.IsZero() {
					t.Fatalf("%s (%s): earliest %s", it.Key, it.Rule, it.Earliest)
				}
				if it.Rule.Unit == transition.UnitHours {
					continue
				}
				anchorDay := civil.DateOf(anchorAt.In(e.Location))
				if x, ok := c.Item(it.Rule.Item); ok && it.Rule.Anchor == transition.AnchorItem && x.Status != transition.ItemCompleted && !x.DueDay.IsZero() {
					anchorDay = x.DueDay // an item not done yet stands in with its due day
				}
				if it.DueDay.Before(anchorDay) {
					t.Fatalf("%s (%s): due day %s before the anchor's day %s", it.Key, it.Rule, it.DueDay, anchorDay)
				}
				switch it.Rule.Unit {
				case transition.UnitDays:
					if it.DueDay.DaysSince(anchorDay) != it.Rule.N {
						t.Fatalf("%s: due day %s is not %d days after %s", it.Key, it.DueDay, it.Rule.N, anchorDay)
					}
				case transition.UnitBusinessDays:
					if it.Rule.N > 0 && !cal.IsBusinessDay(it.DueDay) {
						t.Fatalf("%s (%s): due day %s is not a business day", it.Key, it.Rule, it.DueDay)
					}
					if got := cal.BusinessDaysBetween(anchorDay, it.DueDay); got != it.Rule.N {
						t.Fatalf("%s: due day %s is %d business days after %s, want %d", it.Key, it.DueDay, got, anchorDay, it.Rule.N)
					}
				}
				if end := it.DueDay.AddDays(1).In(e.Location); !it.Due.Equal(end) {
					t.Fatalf("%s: due %s is not the end of its due day %s", it.Key, it.Due, it.DueDay)
				}
			}
		}
		check(c)
		at := e.Admitted.Add(time.Duration(rapid.IntRange(0, 60*24*40).Draw(t, "completed after admission (minutes)")) * time.Minute)
		done, err := transition.Complete(c, "i0", at, nurse())
		if hasPath(err, "at") && c.Items[0].Start.After(at) {
			at = c.Items[0].Start // an item counted after the discharge is not done before it
			done, err = transition.Complete(c, "i0", at, nurse())
		}
		if err != nil {
			t.Fatal(err)
		}
		if got := done.Items[len(done.Items)-1].Start; !got.Equal(at) {
			t.Fatalf("after-i0 counts from %s, want i0's completion %s", got, at)
		}
		check(done)
	})
}

// plannedStep is what happens to one item: completed or waived at an instant, or left open.
type plannedStep struct {
	key    transition.ItemKey
	action int // 0 open, 1 complete, 2 waive
	at     time.Time
}

// Completing (and waiving) items in any order the prerequisites allow gives the same checklist,
// and so the same evaluation, as doing them in template order.
func TestCompletionOrderDoesNotMatter(t *testing.T) {
	ny := newYork(t)
	specs := []transition.TemplateSpec{
		transition.DischargeTemplate(),
		transition.PostDischargeTemplate(transition.RiskHigh, transition.PostDischargeOptions{HomeVisits: true}),
		transition.TCMTemplate(transition.RiskModerate),
		transition.HandoffTemplate(),
	}
	templates := make([]transition.Template, len(specs))
	for i, s := range specs {
		templates[i] = compile(t, s)
	}
	rapid.Check(t, func(t *rapid.T) {
		i := rapid.IntRange(0, len(specs)-1).Draw(t, "template")
		disp := transition.DispositionHome
		if specs[i].Purpose == transition.PurposeHandoff {
			disp = transition.DispositionSNF
		}
		dis := civiltest.DateIn(civil.MustParse("2024-01-01"), civil.MustParse("2027-12-31")).Draw(t, "day").In(ny).
			Add(time.Duration(rapid.IntRange(0, 24*60-1).Draw(t, "minute")) * time.Minute)
		e := discharged(ny, dis, disp, transition.RiskHigh)
		c, err := transition.Instantiate(templates[i], e, civil.USFederal())
		if err != nil {
			t.Fatal(err)
		}
		// Plan what happens to each item, in template order, so that an item completes no earlier
		// than its prerequisites were resolved, and only if they all were.
		steps := make([]plannedStep, len(c.Items))
		resolvedAt := map[transition.ItemKey]time.Time{}
		for j, it := range c.Items {
			at := e.Admitted.Add(time.Duration(rapid.IntRange(0, 60*24*20).Draw(t, "minutes")) * time.Minute)
			action := rapid.IntRange(0, 2).Draw(t, "action")
			for _, p := range it.Prerequisites {
				r, ok := resolvedAt[p]
				if !ok && action == 1 {
					action = 0
				}
				if ok && r.After(at) {
					at = r
				}
			}
			// An item counted after the discharge cannot be completed before it (Complete refuses it).
			if it.Rule.Anchor == transition.AnchorDischarge && !it.Rule.IsBefore() && action == 1 && at.Before(it.Start) {
				at = it.Start
			}
			steps[j] = plannedStep{key: it.Key, action: action, at: at}
			if action != 0 {
				resolvedAt[it.Key] = at
			}
		}
		apply := func(c transition.Checklist, s plannedStep) transition.Checklist {
			var err error
			switch s.action {
			case 1:
				c, err = transition.Complete(c, s.key, s.at, nurse(), transitiontest.EvidenceFor(item(t, c, s.key), "ev-1")...)
			case 2:
				c, err = transition.Waive(c, s.key, s.at, nurse(), waiver())
			}
			if err != nil {
				t.Fatalf("%s: %v", s.key, err)
			}
			return c
		}
		inOrder := c
		for _, s := range steps {
			inOrder = apply(inOrder, s)
		}
		// Any order in which each item comes after its prerequisites.
		shuffled, pending := c, slices.Clone(steps)
		applied := map[transition.ItemKey]bool{}
		for len(pending) > 0 {
			var ready []int
			for j, s := range pending {
				if !slices.ContainsFunc(item(t, c, s.key).Prerequisites, func(p transition.ItemKey) bool { return !applied[p] }) {
					ready = append(ready, j)
				}
			}
			j := ready[rapid.IntRange(0, len(ready)-1).Draw(t, "next")]
			shuffled = apply(shuffled, pending[j])
			applied[pending[j].key] = true
			pending = slices.Delete(pending, j, j+1)
		}
		if diff := cmp.Diff(inOrder, shuffled, cmpOpts()); diff != "" {
			t.Fatalf("checklists differ by completion order (-template order +other order):\n%s", diff)
		}
		now := dis.Add(time.Duration(rapid.IntRange(-48, 24*40).Draw(t, "now (hours after discharge)")) * time.Hour)
		if diff := cmp.Diff(transition.Evaluate(inOrder, now), transition.Evaluate(shuffled, now), cmpOpts()); diff != "" {
			t.Fatalf("evaluations differ by completion order (-template order +other order):\n%s", diff)
		}
	})
}

// monotonicEdges counts the TestEvaluationIsMonotonic runs that saw an item go from pending at t1
// to overdue at t2, out of the runs: the test logs the share, so a change to the draws that stops
// exercising the edge shows.
var monotonicEdges, monotonicRuns atomic.Int64

// Evaluation is monotonic in time: a done or waived item keeps its state, an overdue item never
// becomes pending again, and the overdue count never falls. t1 is drawn near an item's due time
// (minutes either side, exactly on it, the next local midnight) most of the time, so that the
// pending-to-overdue edge is crossed between t1 and t2 in most runs.
func TestEvaluationIsMonotonic(t *testing.T) {
	monotonicEdges.Store(0)
	monotonicRuns.Store(0)
	rapid.Check(t, func(t *rapid.T) {
		c := transitiontest.Checklist("c1").Draw(t, "checklist")
		base := c.Items[0].Start
		if base.IsZero() {
			base = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		var dues []time.Time
		for _, it := range c.Items {
			if !it.Due.IsZero() && it.Status.IsOpen() {
				dues = append(dues, it.Due)
			}
		}
		var t1 time.Time
		mode := rapid.IntRange(0, 5).Draw(t, "t1 mode")
		if len(dues) == 0 {
			mode = 4
		}
		switch mode {
		case 4: // anywhere
			t1 = base.Add(time.Duration(rapid.IntRange(-3*24*60, 40*24*60).Draw(t, "t1 (minutes)")) * time.Minute)
		default:
			due := rapid.SampledFrom(dues).Draw(t, "due")
			switch mode {
			case 0: // exactly due
				t1 = due
			case 1: // minutes before it
				t1 = due.Add(-time.Duration(rapid.IntRange(1, 120).Draw(t, "minutes before")) * time.Minute)
			case 2: // the next local midnight after it, or just before
				y, m, d := due.In(c.Location).Date()
				t1 = time.Date(y, m, d+1, 0, 0, 0, 0, c.Location).Add(-time.Duration(rapid.IntRange(0, 1).Draw(t, "ns before midnight")))
			case 3, 5: // seconds before it
				t1 = due.Add(-time.Duration(rapid.IntRange(1, 59).Draw(t, "seconds before")) * time.Second)
			}
		}
		var t2 time.Time
		switch rapid.IntRange(0, 5).Draw(t, "t2 mode") {
		case 0: // nanoseconds later
			t2 = t1.Add(time.Duration(rapid.IntRange(0, 3).Draw(t, "t2 - t1 (ns)")))
		case 1: // well later
			t2 = t1.Add(time.Duration(rapid.IntRange(0, 30*24*60).Draw(t, "t2 - t1 (minutes)")) * time.Minute)
		default: // just past the latest due time at or after t1, up to two hours on
			t2 = t1
			for _, d := range dues {
				if !d.Before(t1) && d.After(t2) {
					t2 = d
				}
			}
			t2 = t2.Add(time.Duration(rapid.IntRange(0, 2*3600).Draw(t, "t2 - due (s)")) * time.Second)
		}
		e1, e2 := transition.Evaluate(c, t1), transition.Evaluate(c, t2)
		edge := false
		for i := range e1.Items {
			s1, s2 := e1.Items[i].State, e2.Items[i].State
			switch {
			case s1 == transition.StateOverdue && s2 != transition.StateOverdue,
				s2 == transition.StatePending && s1 != transition.StatePending,
				(s1.IsDone() || s1 == transition.StateWaived || s1 == transition.StateWaiting) && s1 != s2:
				t.Fatalf("%s: %s at %s, then %s at %s", e1.Items[i].Key, s1, t1, s2, t2)
			}
			if s1 == transition.StatePending && s2 == transition.StateOverdue {
				edge = true
			}
			if s1 == transition.StateOverdue && e2.Items[i].Late < e1.Items[i].Late {
				t.Fatalf("%s: overdue by %s, later by only %s", e1.Items[i].Key, e1.Items[i].Late, e2.Items[i].Late)
			}
		}
		if e2.Overdue < e1.Overdue || e1.Completion != e2.Completion || e1.OnTime != e2.OnTime {
			t.Fatalf("summary went back: %+v then %+v", e1.Summary, e2.Summary)
		}
		monotonicRuns.Add(1)
		if edge {
			monotonicEdges.Add(1)
		}
	})
	t.Logf("pending-to-overdue edge crossed in %d of %d runs", monotonicEdges.Load(), monotonicRuns.Load())
}

// The item lifecycle against its transition table, written out here from the FHIR task-status
// definitions as the package documents them (not taken from the code): illegal targets are drawn on
// purpose, completion waits for the prerequisite, and the invariants hold after every step.
func TestItemLifecycleStateMachine(t *testing.T) {
	type edge struct{ from, to transition.ItemStatus }
	allowed := map[edge]bool{
		{"ready", "in-progress"}: true, {"ready", "completed"}: true, {"ready", "cancelled"}: true,
		{"in-progress", "completed"}: true, {"in-progress", "cancelled"}: true,
	}
	terminal := map[transition.ItemStatus]bool{"completed": true, "cancelled": true}
	ny := newYork(t)
	dis := local(ny, "2025-09-03", 14, 0)
	spec := transition.TemplateSpec{ID: "sm", Purpose: transition.PurposePostDischarge, Items: []transition.ItemSpec{
		{Key: "call", Owner: transition.RoleCareCoordinator, Required: true,
			Due: transition.DueRule{N: 2, Unit: transition.UnitBusinessDays, Anchor: transition.AnchorDischarge}},
		{Key: "visit", Owner: transition.RolePrimaryCare, Required: true, Prerequisites: []transition.ItemKey{"call"},
			Due: transition.DueRule{N: 7, Unit: transition.UnitDays, Anchor: transition.AnchorDischarge}},
		{Key: "med-rec", Owner: transition.RolePrimaryCare,
			Due: transition.DueRule{N: 0, Unit: transition.UnitDays, Anchor: transition.AnchorItem, Item: "visit"}},
	}}
	tpl := compile(t, spec)
	keys := []transition.ItemKey{"call", "visit", "med-rec"}
	targets := []transition.ItemStatus{"in-progress", "completed", "cancelled"}
	rapid.Check(t, func(t *rapid.T) {
		c, err := transition.Instantiate(tpl, discharged(ny, dis, transition.DispositionHome, transition.RiskHigh), civil.USFederal())
		if err != nil {
			t.Fatal(err)
		}
		model := map[transition.ItemKey]transition.ItemStatus{"call": "ready", "visit": "ready", "med-rec": "ready"}
		now := dis
		move := func(c transition.Checklist, k transition.ItemKey, to transition.ItemStatus, at time.Time) (transition.Checklist, error) {
			switch to {
			case "in-progress":
				return transition.Start(c, k, at, coordinator())
			case "completed":
				return transition.Complete(c, k, at, coordinator())
			}
			return transition.Waive(c, k, at, coordinator(), waiver())
		}
		t.Repeat(map[string]func(*rapid.T){
			"move": func(t *rapid.T) {
				k := rapid.SampledFrom(keys).Draw(t, "item")
				to := rapid.SampledFrom(targets).Draw(t, "to")
				now = now.Add(time.Duration(rapid.IntRange(0, 48*60).Draw(t, "minutes")) * time.Minute)
				from := model[k]
				next, err := move(c, k, to, now)
				blocked := k == "visit" && to == "completed" && !terminal[model["call"]]
				switch {
				case !allowed[edge{from, to}]:
					if !errors.Is(err, carecoord.ErrTransition) || errors.Is(err, transition.ErrPrerequisite) {
						t.Fatalf("%s %s -> %s: error = %v, want a transition error", k, from, to, err)
					}
				case blocked:
					if !errors.Is(err, transition.ErrPrerequisite) {
						t.Fatalf("%s %s -> %s with call %s: error = %v, want ErrPrerequisite", k, from, to, model["call"], err)
					}
				case err != nil:
					t.Fatalf("%s %s -> %s: %v", k, from, to, err)
				default:
					c, model[k] = next, to
				}
			},
			"": func(t *rapid.T) {
				if err := c.Validate(); err != nil {
					t.Fatalf("Validate: %v", err)
				}
				for _, k := range keys {
					it := item(t, c, k)
					if it.Status != model[k] {
						t.Fatalf("%s: status %s, model %s", k, it.Status, model[k])
					}
					if n := len(it.History); n > 0 && transition.ItemStatus(it.History[n-1].To) != it.Status {
						t.Fatalf("%s: history ends in %s, status %s", k, it.History[n-1].To, it.Status)
					}
					for i := 1; i < len(it.History); i++ {
						if it.History[i].At.Before(it.History[i-1].At) {
							t.Fatalf("%s: history goes back in time", k)
						}
					}
					if terminal[it.Status] {
						for _, to := range targets {
							if _, err := move(c, k, to, now); err == nil {
								t.Fatalf("%s: terminal %s moved to %s", k, it.Status, to)
							}
						}
					}
				}
			},
		})
	})
}
