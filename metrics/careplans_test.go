package metrics_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/careplan"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

var (
	coNurse   = carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-7"}
	coPatient = carecoord.Actor{Kind: carecoord.ActorPatient, ID: "self"}
)

// coPlan is an active care plan of patient with coordinator (zero for none), goals and
// activities.
func coPlan(patient, id string, coordinator carecoord.Actor, goals []careplan.Goal, acts ...careplan.Activity) careplan.CarePlan {
	return careplan.CarePlan{Meta: carecoord.Meta{ID: id}, Patient: carecoord.PatientID(patient), Status: careplan.StatusActive,
		Intent: careplan.IntentPlan, Coordinator: coordinator, Goals: goals, Activities: acts}
}

// coDaily is a daily, untimed activity from start, done by performer (zero for nobody), with
// the outcomes given as day → status.
func coDaily(id, start string, performer carecoord.Actor, counts bool, outcomes map[string]careplan.OutcomeStatus) careplan.Activity {
	a := careplan.Activity{ID: id, Kind: careplan.KindMonitoring, Status: careplan.ActivityInProgress, Performer: performer,
		CountsTowardAdherence: counts,
		Schedules:             careplan.Schedules{{From: coDate(start), Schedule: careplan.Schedule{Start: coDate(start), Every: 1, Unit: careplan.Daily}}}}
	for _, day := range slices.Sorted(func(yield func(string) bool) {
		for d := range outcomes {
			if !yield(d) {
				return
			}
		}
	}) {
		a.Outcomes = append(a.Outcomes, coOutcome(careplan.Occurrence{Date: coDate(day)}, outcomes[day]))
	}
	return a
}

// coOutcome is an outcome of status s recorded on the occurrence's day.
func coOutcome(o careplan.Occurrence, s careplan.OutcomeStatus) careplan.Outcome {
	out := careplan.Outcome{Occurrence: o, Status: s, At: o.At(time.UTC).Add(20 * time.Hour), By: coPatient}
	if s != careplan.OutcomeCompleted {
		out.Reason = carecoord.Coding{System: carecoord.SystemSNOMED, Code: "183944003"}
	}
	return out
}

// coDaysOf returns day → status for every day from a through b.
func coDaysOf(a, b string, s careplan.OutcomeStatus) map[string]careplan.OutcomeStatus {
	m := map[string]careplan.OutcomeStatus{}
	for d := range coRange(a, b).All() {
		m[d.String()] = s
	}
	return m
}

// June 2025 with the default gap policy (one day of grace, 30 days back), by hand:
//
//	cpA: no coordinator at the start, one at the end (closed); the walk has no performer on
//	     either day (still open)
//	cpB: the daily blood pressure had no outcome in May (overdue on 1 June); May was recorded
//	     late, but 20–28 June were not (overdue again on 30 June: closed and open again, so
//	     still open); goal g2 had no activity serving it, and was completed (closed)
//	cpC: no coordinator, and completed by the end: excluded
//	cpD: no coordinator, and not given as of the end: excluded
//	cpE: only at the end: its gaps opened during the period, not counted
//	cpF: no gap at the start
func TestCareGapClosure(t *testing.T) {
	g1 := careplan.Goal{ID: "g1", Text: "Walks 150 minutes a week", Lifecycle: careplan.GoalActive}
	g2 := careplan.Goal{ID: "g2", Text: "Stable housing", Lifecycle: careplan.GoalActive}
	walk := careplan.Activity{ID: "walk", Kind: careplan.KindTask, Status: careplan.ActivityInProgress, Goals: []string{"g1"}}
	bpStart := coDaily("bp", "2025-05-01", coPatient, true, nil)
	bpEnd := coDaily("bp", "2025-05-01", coPatient, true, coDaysOf("2025-05-01", "2025-06-19", careplan.OutcomeCompleted))
	g2Done := g2
	g2Done.Lifecycle = careplan.GoalCompleted
	completed := coPlan("p3", "cpC", carecoord.Actor{}, nil)
	completed.Status = careplan.StatusCompleted

	start := []careplan.CarePlan{
		coPlan("p4", "cpD", carecoord.Actor{}, nil),
		coPlan("p2", "cpB", coNurse, []careplan.Goal{g2}, bpStart),
		coPlan("p1", "cpA", carecoord.Actor{}, []careplan.Goal{g1}, walk),
		coPlan("p3", "cpC", carecoord.Actor{}, nil),
		coPlan("p1", "cpF", coNurse, nil),
	}
	end := []careplan.CarePlan{
		coPlan("p1", "cpA", coNurse, []careplan.Goal{g1}, walk),
		coPlan("p2", "cpB", coNurse, []careplan.Goal{g2Done}, bpEnd),
		completed,
		coPlan("p5", "cpE", carecoord.Actor{}, nil),
		coPlan("p1", "cpF", coNurse, nil),
	}
	june := coRange("2025-06-01", "2025-06-30")
	res, err := metrics.CareGapClosure(start, end, june, careplan.DefaultGapPolicy(), metrics.Options{Evidence: true})
	if err != nil {
		t.Fatal(err)
	}
	wantRows := []string{
		"cpA/no-coordinator numerator gap-closed 2025-06-30",
		"cpA/no-performer/walk denominator gap-still-open",
		"cpB/goal-unserved/g2 numerator gap-closed 2025-06-30",
		"cpB/overdue-occurrence/bp denominator gap-still-open",
		"cpC/no-coordinator excluded plan-not-active-at-end",
		"cpD/no-coordinator excluded plan-missing-at-end",
	}
	if diff := cmp.Diff(wantRows, coRows(res)); diff != "" {
		t.Errorf("CareGapClosure evidence (-want +got):\n%s", diff)
	}
	if want := (metrics.Tally{Denominator: 4, Numerator: 2, Excluded: 2}); res.Total != want {
		t.Errorf("CareGapClosure total = %+v, want %+v", res.Total, want)
	}

	// With only the latest versions, cpB's late-recorded May hides its gap on 1 June: it is
	// neither open nor closed.
	res, err = metrics.CareGapClosure(end, end, june, careplan.DefaultGapPolicy(), metrics.Options{Evidence: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range coRows(res) {
		if strings.HasPrefix(row, "cpB") {
			t.Errorf("latest versions only: unexpected row %q", row)
		}
	}

	// A plan given twice, a bad id and a bad period are reported by slice and index.
	dup := slices.Clone(start)
	dup = append(dup, coPlan("p1", "cpA", carecoord.Actor{}, nil), coPlan("p1", "", coNurse, nil))
	dup[0].Period = civil.Period{Start: coDate("2025-06-01"), End: coDate("2025-05-01")}
	_, err = metrics.CareGapClosure(dup, end, june, careplan.DefaultGapPolicy(), metrics.Options{})
	var fes carecoord.FieldErrors
	if !errors.As(err, &fes) || !fes.Has("start[6].id", carecoord.FieldRequired) || !fes.Has("start[5].id", carecoord.FieldDuplicate) ||
		!fes.Has("start[0].period.end", carecoord.FieldInvalid) || len(fes) != 3 {
		t.Errorf("CareGapClosure(bad plans) error = %v", err)
	}
}

// Ten days of a daily pill, by hand: 6 completed, 2 missed, 1 declined, 1 with no outcome; a
// plan whose own period starts half-way; a plan entered in error; a draft.
func TestCarePlanAdherence(t *testing.T) {
	pill := coDaily("pill", "2025-05-01", coPatient, true, coDaysOf("2025-06-01", "2025-06-06", careplan.OutcomeCompleted))
	for day, s := range map[string]careplan.OutcomeStatus{"2025-06-07": careplan.OutcomeMissed, "2025-06-08": careplan.OutcomeMissed, "2025-06-09": careplan.OutcomeDeclined} {
		pill.Outcomes = append(pill.Outcomes, coOutcome(careplan.Occurrence{Date: coDate(day)}, s))
	}
	slices.SortFunc(pill.Outcomes, func(a, b careplan.Outcome) int { return a.Occurrence.Date.Compare(b.Occurrence.Date) })
	notCounted := coDaily("walk", "2025-05-01", coPatient, false, nil)
	late := coPlan("p2", "cp2", coNurse, nil, coDaily("pill", "2025-05-01", coPatient, true, coDaysOf("2025-06-06", "2025-06-07", careplan.OutcomeCompleted)))
	late.Period = civil.Period{Start: coDate("2025-06-06")}
	eie := coPlan("p3", "cp3", coNurse, nil, pill)
	eie.Status = careplan.StatusEnteredInError
	draft := coPlan("p4", "cp4", coNurse, nil, pill)
	draft.Status = careplan.StatusDraft
	plans := []careplan.CarePlan{coPlan("p1", "cp1", coNurse, nil, pill, notCounted), late, eie, draft}
	window := coRange("2025-06-01", "2025-06-10")

	res, err := metrics.CarePlanAdherence(plans, window, time.UTC, nil, metrics.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := metrics.Tally{Denominator: 15, Numerator: 8, Excluded: 10}
	if res.Total != want {
		t.Errorf("CarePlanAdherence total = %+v, want %+v", res.Total, want)
	}
	explained, err := metrics.CarePlanAdherence(plans, window, time.UTC, nil, metrics.Options{Evidence: true})
	if err != nil {
		t.Fatal(err)
	}
	if explained.Total != want || len(explained.Evidence) != 25 {
		t.Errorf("with evidence: total %+v and %d rows, want %+v and 25", explained.Total, len(explained.Evidence), want)
	}
	count := map[string]int{}
	for _, row := range coRows(explained) {
		count[row]++
	}
	for row, n := range map[string]int{
		"cp1/pill numerator occurrence-completed 2025-06-03":    1,
		"cp1/pill denominator occurrence-missed 2025-06-08":     1,
		"cp1/pill denominator occurrence-declined 2025-06-09":   1,
		"cp1/pill denominator occurrence-unrecorded 2025-06-10": 1,
		"cp2/pill denominator occurrence-unrecorded 2025-06-08": 1,
		"cp3/pill excluded plan-entered-in-error 2025-06-01":    1,
	} {
		if count[row] != n {
			t.Errorf("row %q appears %d times, want %d", row, count[row], n)
		}
	}
	if n := count["cp2/pill numerator occurrence-completed 2025-06-05"]; n != 0 {
		t.Errorf("cp2 counted a day before its period")
	}

	// A rule that accepts completions on even days only: the odd ones are not accepted.
	even := func(_ careplan.Activity, o careplan.Occurrence, out careplan.Outcome, recorded bool) bool {
		return recorded && out.Status == careplan.OutcomeCompleted && o.Date.Day()%2 == 0
	}
	res, err = metrics.CarePlanAdherence(plans[:1], window, time.UTC, even, metrics.Options{Evidence: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total.Numerator != 3 || res.Total.Denominator != 10 {
		t.Errorf("even days: %+v, want 3 of 10", res.Total)
	}
	if rows := coRows(res); !slices.Contains(rows, "cp1/pill denominator occurrence-not-accepted 2025-06-01") {
		t.Errorf("even days: no not-accepted row for 1 June in %v", rows)
	}
}

// coGenPlan draws a care plan of patient with id: mostly active, sometimes with a period, a
// coordinator, goals with due targets, and daily or weekly activities with outcomes on some
// of their occurrences.
func coGenPlan(t *rapid.T, patient, id string) careplan.CarePlan {
	p := coPlan(patient, id, carecoord.Actor{}, nil)
	p.Status = rapid.SampledFrom([]careplan.Status{careplan.StatusActive, careplan.StatusActive, careplan.StatusActive,
		careplan.StatusDraft, careplan.StatusCompleted, careplan.StatusEnteredInError}).Draw(t, "status")
	if rapid.Bool().Draw(t, "coordinator") {
		p.Coordinator = coNurse
	}
	if rapid.Bool().Draw(t, "period") {
		p.Period = civil.Period{Start: coDate("2024-12-01").AddDays(rapid.IntRange(0, 300).Draw(t, "period start"))}
	}
	var goals []string
	for i := range rapid.IntRange(0, 2).Draw(t, "goals") {
		g := careplan.Goal{ID: fmt.Sprintf("g%d", i), Text: "goal", Lifecycle: rapid.SampledFrom(careplan.GoalStatuses()).Draw(t, "lifecycle")}
		if rapid.Bool().Draw(t, "due") {
			g.Targets = []careplan.Target{{Due: coDate("2025-01-01").AddDays(rapid.IntRange(0, 365).Draw(t, "due day"))}}
		}
		goals = append(goals, g.ID)
		p.Goals = append(p.Goals, g)
	}
	for i := range rapid.IntRange(0, 3).Draw(t, "activities") {
		from := coDate("2024-12-01").AddDays(rapid.IntRange(0, 300).Draw(t, "from"))
		s := careplan.Schedule{Start: from, Every: 1, Unit: careplan.Daily}
		if rapid.Bool().Draw(t, "weekly") {
			s = careplan.Schedule{Start: from, Every: 1, Unit: careplan.Weekly, Weekdays: []time.Weekday{time.Monday, time.Thursday},
				Times: []careplan.TimeOfDay{{Hour: 8}, {Hour: 20}}}
		}
		if rapid.Bool().Draw(t, "count") {
			s.Count = rapid.IntRange(1, 60).Draw(t, "occurrences")
		}
		a := careplan.Activity{ID: fmt.Sprintf("a%d", i), Kind: careplan.KindMedication,
			Status:                rapid.SampledFrom([]careplan.ActivityStatus{careplan.ActivityInProgress, careplan.ActivityScheduled, careplan.ActivityCancelled}).Draw(t, "activity status"),
			CountsTowardAdherence: rapid.Bool().Draw(t, "counts"),
			Schedules:             careplan.Schedules{{From: from, Schedule: s}}}
		if rapid.Bool().Draw(t, "performer") {
			a.Performer = coPatient
		}
		if len(goals) > 0 && rapid.Bool().Draw(t, "serves") {
			a.Goals = goals[:1]
		}
		for o := range a.Schedules.All(civil.Range{Start: from, End: from.AddDays(400)}) {
			if rapid.IntRange(0, 3).Draw(t, "outcome") > 0 {
				a.Outcomes = append(a.Outcomes, coOutcome(o, rapid.SampledFrom(careplan.OutcomeStatuses()).Draw(t, "outcome status")))
			}
		}
		p.Activities = append(p.Activities, a)
	}
	return p
}

// coGenPlans draws up to n plans for a few patients, each with a version as of the start and
// one as of the end (some plans have only one of them).
func coGenPlans(t *rapid.T) (start, end []careplan.CarePlan) {
	for i := range rapid.IntRange(0, 8).Draw(t, "plans") {
		patient, id := fmt.Sprintf("p%d", rapid.IntRange(0, 5).Draw(t, "patient")), fmt.Sprintf("cp%d", i)
		switch rapid.IntRange(0, 5).Draw(t, "versions") {
		case 0:
			start = append(start, coGenPlan(t, patient, id))
		case 1:
			end = append(end, coGenPlan(t, patient, id))
		default:
			start = append(start, coGenPlan(t, patient, id))
			end = append(end, coGenPlan(t, patient, id))
		}
	}
	return start, end
}

// The care-plan measures over shards split by patient merge to the whole; their evidence adds
// up; adherence with evidence (a day at a time) counts what it counts without (a plan at a
// time).
func TestCarePlanMeasuresShardThenMerge(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		start, end := coGenPlans(t)
		period, opts := coPeriod(t), coOptions(t)
		policy := careplan.DefaultGapPolicy()
		shards := rapid.IntRange(1, 4).Draw(t, "shards")
		byPatient := func(p *careplan.CarePlan) carecoord.PatientID { return p.Patient }
		// One assignment for both slices: a patient's plans go to one shard.
		all := slices.Concat(start, end)
		shard := shardsOf(t, shards, all, byPatient)
		startParts, endParts := splitShards(shards, start, shard[:len(start)]), splitShards(shards, end, shard[len(start):])

		whole, err := metrics.CareGapClosure(start, end, period, policy, opts)
		if err != nil {
			t.Fatal(err)
		}
		checkCounts(t, whole)
		results := make([]metrics.Result, shards)
		for k := range results {
			if results[k], err = metrics.CareGapClosure(startParts[k], endParts[k], period, policy, opts); err != nil {
				t.Fatal(err)
			}
		}
		if diff := cmp.Diff(whole, mergeShuffled(t, results)); diff != "" {
			t.Fatalf("CareGapClosure: merged shards differ from the whole (-whole +merged):\n%s", diff)
		}

		adh, err := metrics.CarePlanAdherence(end, period, time.UTC, nil, opts)
		if err != nil {
			t.Fatal(err)
		}
		checkCounts(t, adh)
		for k := range results {
			if results[k], err = metrics.CarePlanAdherence(endParts[k], period, time.UTC, nil, opts); err != nil {
				t.Fatal(err)
			}
		}
		if diff := cmp.Diff(adh, mergeShuffled(t, results)); diff != "" {
			t.Fatalf("CarePlanAdherence: merged shards differ from the whole (-whole +merged):\n%s", diff)
		}
		flip := opts
		flip.Evidence = !opts.Evidence
		other, err := metrics.CarePlanAdherence(end, period, time.UTC, nil, flip)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(adh.Total, other.Total); diff != "" {
			t.Fatalf("CarePlanAdherence with and without evidence (-%v +%v):\n%s", opts.Evidence, flip.Evidence, diff)
		}
		if diff := cmp.Diff(adh.Strata, other.Strata); diff != "" {
			t.Fatalf("CarePlanAdherence strata with and without evidence:\n%s", diff)
		}
	})
}

// careplan.Gaps looks only GapPolicy.Lookback days (30 by default) back for overdue
// occurrences, so a one-time activity (the cardiology visit after discharge, scheduled once,
// never done, never cancelled) overdue on 1 June is too old to be listed on 30 September.
// Nothing was done: the gap is still open, not closed.
func TestCareGapClosureAgedOutGapIsNotClosed(t *testing.T) {
	visit := coDaily("cardiology-visit", "2025-05-20", coPatient, true, nil)
	visit.Schedules[0].Schedule.Count = 1 // one visit, on 20 May
	plan := coPlan("p1", "cp1", coNurse, nil, visit)
	period := coRange("2025-06-01", "2025-09-30")
	res, err := metrics.CareGapClosure([]careplan.CarePlan{plan}, []careplan.CarePlan{plan}, period, careplan.DefaultGapPolicy(), metrics.Options{Evidence: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total.Denominator != 1 {
		t.Fatalf("the overdue visit is not a gap on 1 June: %+v", res.Total)
	}
	if res.Total.Numerator != 0 {
		t.Errorf("a visit that never happened counts as a closed gap: %v", coRows(res))
	}
}
