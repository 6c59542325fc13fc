package metrics_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/referral"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

var (
	coPCP   = carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "primary-care"}
	coHeart = carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "heart-clinic"}
)

// coAt is 2025-mm-dd at hh:00 UTC.
func coAt(mm, dd, hh int) time.Time {
	return time.Date(2025, time.Month(mm), dd, hh, 0, 0, 0, time.UTC)
}

// coSent is a routine cardiology referral for patient, sent at sent.
func coSent(id, patient string, sent time.Time) referral.Referral {
	return referral.Referral{Meta: carecoord.Meta{ID: id}, Profile: referral.ProfileCore, Patient: carecoord.PatientID(patient),
		Kind: referral.KindSpecialist, Requester: coPCP, Performer: coHeart, Priority: referral.PriorityRoutine,
		Service: carecoord.Coding{System: carecoord.SystemNUCCTaxonomy, Code: "207RC0000X"}, Status: referral.StatusRequested, AuthoredOn: sent}
}

// coEvent is the event a side would send: a status move (to), a booking (appointment), a kept
// visit, an outcome or an acknowledgement.
func coEvent(kind referral.EventKind, at time.Time) referral.Event {
	e := referral.Event{ID: fmt.Sprintf("%s-%d", kind, at.Unix()), Kind: kind, Side: referral.Performer, By: coHeart, At: at}
	switch kind {
	case referral.EventBooked:
		e.Appointment = at.Add(6 * 24 * time.Hour)
	case referral.EventOutcome:
		e.Outcome = referral.Outcome{Result: carecoord.Coding{System: carecoord.SystemLOINC, Code: "11488-4"}, At: at, By: coHeart}
	case referral.EventAcknowledged:
		e.Side, e.By = referral.Requester, coPCP
	}
	return e
}

// coMove is a status move by side.
func coMove(to referral.Status, side referral.Side, at time.Time) referral.Event {
	e := coEvent(referral.EventStatus, at)
	e.To, e.Side = to, side
	if side == referral.Requester {
		e.By = coPCP
	}
	return e
}

// coApply applies events to r in order.
func coApply(t interface {
	Helper()
	Fatalf(string, ...any)
}, r referral.Referral, events ...referral.Event) referral.Referral {
	t.Helper()
	for _, e := range events {
		var err error
		if r, err = referral.Apply(r, e); err != nil {
			t.Fatalf("Apply(%s %s): %v", r.ID, e.Kind, err)
		}
	}
	return r
}

// Four referrals under the default routine clinical policy (received in 2 business days,
// decided in 5, booked in 10, held within 30 days of sending, outcome within 37, the loop
// closed 2 business days after the outcome), with the US federal calendar, judged at the end
// of the year. Sent Wednesday 3 September 2025 (after Labor Day, 1 September):
//
//	r1: accepted 4 Sep (on time), booked 25 Sep (due 17 Sep: late), kept 1 Oct (due 3 Oct),
//	    outcome 2 Oct (due 10 Oct), acknowledged 8 Oct (due Monday 6 Oct: late)
//	r2: sent 10 Sep, never answered: every deadline overdue but the loop's, whose clock
//	    never started
//	r3: accepted on time, then cancelled: the rest is moot
//	r4: entered in error: all excluded
//	r5: sent in August: not counted
func TestDeadlineCompliance(t *testing.T) {
	r1 := coApply(t, coSent("r1", "p1", coAt(9, 3, 9)),
		coMove(referral.StatusAccepted, referral.Performer, coAt(9, 4, 10)),
		coEvent(referral.EventBooked, coAt(9, 25, 10)),
		coEvent(referral.EventKept, coAt(10, 1, 16)),
		coEvent(referral.EventOutcome, coAt(10, 2, 12)),
		coEvent(referral.EventAcknowledged, coAt(10, 8, 9)))
	r2 := coSent("r2", "p2", coAt(9, 10, 9))
	r3 := coApply(t, coSent("r3", "p3", coAt(9, 5, 9)),
		coMove(referral.StatusAccepted, referral.Performer, coAt(9, 8, 10)),
		coMove(referral.StatusCancelled, referral.Requester, coAt(9, 9, 10)))
	r4 := coApply(t, coSent("r4", "p4", coAt(9, 5, 9)), coMove(referral.StatusEnteredInError, referral.Requester, coAt(9, 5, 10)))
	r5 := coSent("r5", "p1", coAt(8, 29, 9))
	refs := []referral.Referral{r1, r2, r3, r4, r5}
	before := make([]referral.Referral, len(refs))
	for i := range refs {
		before[i] = refs[i].Clone()
	}

	rules := metrics.DeadlineRules{Calendar: civil.USFederal(), AsOf: coAt(12, 31, 23)}
	res, err := metrics.DeadlineCompliance(refs, coRange("2025-09-01", "2025-09-30"), rules, metrics.Options{Evidence: true})
	if err != nil {
		t.Fatal(err)
	}
	want := map[referral.Milestone]struct {
		tally metrics.Tally
		rows  []string
	}{
		referral.MilestoneReceived: {metrics.Tally{Denominator: 3, Numerator: 2, Excluded: 1}, []string{
			"r1 numerator met-on-time 2025-09-04", "r2 denominator overdue 2025-09-12",
			"r3 numerator met-on-time 2025-09-08", "r4 excluded referral-entered-in-error"}},
		referral.MilestoneDecided: {metrics.Tally{Denominator: 3, Numerator: 2, Excluded: 1}, []string{
			"r1 numerator met-on-time 2025-09-04", "r2 denominator overdue 2025-09-17",
			"r3 numerator met-on-time 2025-09-08", "r4 excluded referral-entered-in-error"}},
		referral.MilestoneBooked: {metrics.Tally{Denominator: 2, Excluded: 2}, []string{
			"r1 denominator met-late 2025-09-25", "r2 denominator overdue 2025-09-24",
			"r3 excluded moot", "r4 excluded referral-entered-in-error"}},
		referral.MilestoneHeld: {metrics.Tally{Denominator: 2, Numerator: 1, Excluded: 2}, []string{
			"r1 numerator met-on-time 2025-10-01", "r2 denominator overdue 2025-10-10",
			"r3 excluded moot", "r4 excluded referral-entered-in-error"}},
		referral.MilestoneOutcome: {metrics.Tally{Denominator: 2, Numerator: 1, Excluded: 2}, []string{
			"r1 numerator met-on-time 2025-10-02", "r2 denominator overdue 2025-10-17",
			"r3 excluded moot", "r4 excluded referral-entered-in-error"}},
		referral.MilestoneClosed: {metrics.Tally{Denominator: 1, Excluded: 3}, []string{
			"r1 denominator met-late 2025-10-08", "r2 excluded waiting",
			"r3 excluded moot", "r4 excluded referral-entered-in-error"}},
	}
	if len(res.Milestones) != len(want) {
		t.Fatalf("%d milestones, want %d", len(res.Milestones), len(want))
	}
	for _, m := range res.Milestones {
		w := want[m.Milestone]
		if m.Total != w.tally {
			t.Errorf("%s: total %+v, want %+v", m.Milestone, m.Total, w.tally)
		}
		if diff := cmp.Diff(w.rows, coRows(m.Result)); diff != "" {
			t.Errorf("%s: evidence (-want +got):\n%s", m.Milestone, diff)
		}
		if m.Measure != metrics.MeasureDeadline(m.Milestone) {
			t.Errorf("%s: measure %s", m.Milestone, m.Measure)
		}
	}
	if booked, ok := res.Milestone(referral.MilestoneBooked); !ok || booked.Rate() != (carecoord.Rate{Num: 0, Den: 2}) {
		t.Errorf("Milestone(booked) = %v, %v", booked.Rate(), ok)
	}
	if diff := cmp.Diff(before, refs); diff != "" {
		t.Errorf("DeadlineCompliance changed its input (-before +after):\n%s", diff)
	}

	// Judged on 11 September instead, r2's decision is not due yet: pending, not counted.
	rules.AsOf = coAt(9, 11, 12)
	res, err = metrics.DeadlineCompliance(refs, coRange("2025-09-01", "2025-09-30"), rules, metrics.Options{Evidence: true})
	if err != nil {
		t.Fatal(err)
	}
	decided, _ := res.Milestone(referral.MilestoneDecided)
	if got := coRows(decided)[1]; got != "r2 excluded pending" {
		t.Errorf("r2 decided as of 11 September: %q, want pending", got)
	}
}

// The caller's policy replaces the defaults, and a broken one is reported under the referral
// it was chosen for.
func TestDeadlineCompliancePolicy(t *testing.T) {
	r1 := coApply(t, coSent("r1", "p1", coAt(9, 3, 9)), coMove(referral.StatusAccepted, referral.Performer, coAt(9, 3, 15)))
	r2 := coSent("r2", "p2", coAt(9, 3, 9))
	r2.Priority = referral.PriorityStat
	fourHours := func(r *referral.Referral) referral.Policy {
		if r.Priority == referral.PriorityStat {
			return referral.Policy{Rules: []referral.Rule{{Milestone: referral.MilestoneDecided, After: referral.MilestoneOutcome, Within: 0, Unit: "weeks"}}}
		}
		return referral.Policy{Rules: []referral.Rule{{Milestone: referral.MilestoneDecided, After: referral.MilestoneSent, Within: 4, Unit: referral.Hours}}}
	}
	rules := metrics.DeadlineRules{Policy: fourHours, AsOf: coAt(12, 31, 0)}
	sept := coRange("2025-09-01", "2025-09-30")
	_, err := metrics.DeadlineCompliance([]referral.Referral{r1, r2}, sept, rules, metrics.Options{})
	var fes carecoord.FieldErrors
	if !errors.As(err, &fes) {
		t.Fatalf("error = %v, want FieldErrors", err)
	}
	for _, path := range []string{"referrals[1].policy.rules[0].after", "referrals[1].policy.rules[0].within", "referrals[1].policy.rules[0].unit"} {
		if !fes.Has(path, carecoord.FieldInvalid) && !fes.Has(path, carecoord.FieldOutOfRange) && !fes.Has(path, carecoord.FieldNotSupported) {
			t.Errorf("no problem at %s: %v", path, err)
		}
	}

	res, err := metrics.DeadlineCompliance([]referral.Referral{r1}, sept, rules, metrics.Options{Evidence: true})
	if err != nil {
		t.Fatal(err)
	}
	decided, _ := res.Milestone(referral.MilestoneDecided)
	if diff := cmp.Diff([]string{"r1 denominator met-late 2025-09-03"}, coRows(decided)); diff != "" {
		t.Errorf("decided in 6 hours against 4 (-want +got):\n%s", diff)
	}
	if booked, _ := res.Milestone(referral.MilestoneBooked); booked.Total != (metrics.Tally{}) {
		t.Errorf("booked has no rule, yet counts %+v", booked.Total)
	}

	// Missing AsOf, a bad period and bad referral fields, all at once.
	bad := coSent("r3", "", coAt(9, 3, 9))
	bad.Kind, bad.Priority = "", "whenever"
	_, err = metrics.DeadlineCompliance([]referral.Referral{bad}, civil.Range{}, metrics.DeadlineRules{}, metrics.Options{})
	fes = nil
	if !errors.As(err, &fes) {
		t.Fatalf("error = %v, want FieldErrors", err)
	}
	for _, p := range []struct {
		path string
		code carecoord.FieldCode
	}{{"asOf", carecoord.FieldRequired}, {"period.start", carecoord.FieldRequired}, {"referrals[0].patient", carecoord.FieldRequired},
		{"referrals[0].kind", carecoord.FieldNotSupported}, {"referrals[0].priority", carecoord.FieldNotSupported}} {
		if !fes.Has(p.path, p.code) {
			t.Errorf("no %s problem at %s: %v", p.code, p.path, err)
		}
	}
}

// coDeadlineReferrals draws referrals run through random events: accepted or not, booked,
// kept, completed and acknowledged or not, some cancelled, rejected or entered in error.
func coDeadlineReferrals(t *rapid.T) []referral.Referral {
	n := rapid.IntRange(0, 15).Draw(t, "referrals")
	refs := make([]referral.Referral, 0, n)
	for i := range n {
		at := coAt(1, 1, 9).Add(time.Duration(rapid.IntRange(0, 400*24).Draw(t, "sent hour")) * time.Hour)
		r := coSent(fmt.Sprintf("r%d", i), fmt.Sprintf("p%d", rapid.IntRange(0, 5).Draw(t, "patient")), at)
		r.Priority = rapid.SampledFrom(referral.Priorities()).Draw(t, "priority")
		step := func() time.Time {
			at = at.Add(time.Duration(rapid.IntRange(1, 15*24).Draw(t, "hours")) * time.Hour)
			return at
		}
		var events []referral.Event
		switch rapid.IntRange(0, 9).Draw(t, "path") {
		case 0:
		case 1:
			events = append(events, coMove(referral.StatusRejected, referral.Performer, step()))
		case 2:
			events = append(events, coMove(referral.StatusEnteredInError, referral.Requester, step()))
		default:
			events = append(events, coMove(referral.StatusAccepted, referral.Performer, step()))
			for _, k := range []referral.EventKind{referral.EventBooked, referral.EventKept, referral.EventOutcome, referral.EventAcknowledged} {
				if !rapid.Bool().Draw(t, "go on") {
					if rapid.Bool().Draw(t, "cancel") && k != referral.EventAcknowledged {
						events = append(events, coMove(referral.StatusCancelled, referral.Requester, step()))
					}
					break
				}
				events = append(events, coEvent(k, step()))
			}
		}
		refs = append(refs, coApply(t, r, events...))
	}
	return refs
}

// Deadline compliance over shards split by patient merges to the whole, milestone by
// milestone, and its evidence adds up.
func TestDeadlineComplianceShardThenMerge(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		refs, period, opts := coDeadlineReferrals(t), coPeriod(t), coOptions(t)
		rules := metrics.DeadlineRules{Calendar: civil.USFederal(), AsOf: coAt(1, 1, 0).AddDate(0, rapid.IntRange(1, 18).Draw(t, "as of month"), 0)}
		whole, err := metrics.DeadlineCompliance(refs, period, rules, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range whole.Milestones {
			checkCounts(t, m.Result)
		}
		shards := rapid.IntRange(1, 4).Draw(t, "shards")
		parts := splitShards(shards, refs, shardsOf(t, shards, refs, func(r *referral.Referral) carecoord.PatientID { return r.Patient }))
		results := make([]metrics.DeadlineResult, shards)
		for k := range parts {
			if results[k], err = metrics.DeadlineCompliance(parts[k], period, rules, opts); err != nil {
				t.Fatal(err)
			}
		}
		if diff := cmp.Diff(whole, mergeShuffled(t, results)); diff != "" {
			t.Fatalf("merged shards differ from the whole (-whole +merged):\n%s", diff)
		}
	})
}
