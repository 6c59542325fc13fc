package referral_test

import (
	"errors"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/referral"
	"github.com/google/go-cmp/cmp"
)

// eastern is a fixed-offset stand-in for the facility's zone (EDT).
var eastern = time.FixedZone("EDT", -4*3600)

func local(day string, hour int) time.Time {
	return civil.MustParse(day).In(eastern).Add(time.Duration(hour) * time.Hour)
}

func policyOf(rules ...referral.Rule) referral.Policy {
	return referral.Policy{Name: "test", Rules: rules, Location: eastern}
}

func sentAt(t time.Time) referral.Referral {
	r := sent()
	r.AuthoredOn = t
	return r
}

func TestDeadlinesOnBusinessDays(t *testing.T) {
	cal := civil.USFederal()
	received := referral.Rule{Milestone: referral.MilestoneReceived, After: referral.MilestoneSent, Within: 2, Unit: referral.BusinessDays}
	tests := []struct {
		name   string
		sentOn time.Time
		dueDay string
	}{
		{"Friday before Labor Day: skips the weekend and the holiday", local("2025-08-29", 16), "2025-09-03"},
		{"Saturday: counting starts the next business day", local("2025-08-30", 10), "2025-09-03"},
		{"Wednesday before Thanksgiving", local("2025-11-26", 9), "2025-12-01"},
		{"late evening is still that local day", local("2025-12-23", 23), "2025-12-26"},
		{"New Year 2022 observed on Friday 2021-12-31", local("2021-12-30", 9), "2022-01-04"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := referral.Evaluate(sentAt(tt.sentOn), policyOf(received), cal, tt.sentOn)
			d := ds[0]
			if d.DueDay != civil.MustParse(tt.dueDay) || !d.Due.Equal(civil.MustParse(tt.dueDay).AddDays(1).In(eastern)) || d.State != referral.StatePending {
				t.Errorf("due %v (%v), state %s; want end of %s, pending", d.DueDay, d.Due, d.State, tt.dueDay)
			}
		})
	}
}

// Both edges of the window: met at the last instant of the due day is on time, at the first
// instant after it is late; not met, it is pending up to the due instant and overdue after.
func TestDeadlineEdges(t *testing.T) {
	cal := civil.USFederal()
	rule := referral.Rule{Milestone: referral.MilestoneDecided, After: referral.MilestoneSent, Within: 2, Unit: referral.BusinessDays}
	r := sentAt(local("2025-09-02", 9)) // Tuesday; due by the end of Thursday 09-04
	dueAt := civil.MustParse("2025-09-05").In(eastern)
	accept := func(at time.Time) referral.Referral {
		x, err := referral.Move(r, referral.StatusAccepted, referral.Performer, at, cardiology, carecoord.Coding{})
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	for _, tt := range []struct {
		name  string
		r     referral.Referral
		now   time.Time
		state referral.State
		late  time.Duration
	}{
		{"met at the last moment", accept(dueAt.Add(-time.Nanosecond)), dueAt.Add(time.Hour), referral.StateMetOnTime, 0},
		{"met exactly at the due instant", accept(dueAt), dueAt.Add(time.Hour), referral.StateMetOnTime, 0},
		{"met just after", accept(dueAt.Add(time.Second)), dueAt.Add(time.Hour), referral.StateMetLate, time.Second},
		{"pending at the due instant", r, dueAt, referral.StatePending, 0},
		{"overdue just after", r, dueAt.Add(time.Minute), referral.StateOverdue, time.Minute},
		{"overdue by a day", r, dueAt.Add(24 * time.Hour), referral.StateOverdue, 24 * time.Hour},
	} {
		d := referral.Evaluate(tt.r, policyOf(rule), cal, tt.now)[0]
		if d.State != tt.state || d.Late != tt.late {
			t.Errorf("%s: %s late %v; want %s late %v", tt.name, d.State, d.Late, tt.state, tt.late)
		}
	}
}

func TestDeadlineHoursAndPause(t *testing.T) {
	cal := civil.USFederal()
	sentTime := local("2025-09-05", 15) // Friday 15:00
	r := sentAt(sentTime)
	r.Profile = referral.ProfileSDOHCC
	// Accepted Friday 16:00, on hold Friday 18:00 until Monday 09:00, done Monday 11:00.
	steps := []struct {
		to referral.Status
		at time.Time
	}{{referral.StatusAccepted, local("2025-09-05", 16)}, {referral.StatusOnHold, local("2025-09-05", 18)},
		{referral.StatusInProgress, local("2025-09-08", 9)}}
	for _, s := range steps {
		var err error
		if r, err = referral.Move(r, s.to, referral.Performer, s.at, cardiology, carecoord.Coding{}); err != nil {
			t.Fatal(err)
		}
	}
	outcome48h := referral.Rule{Milestone: referral.MilestoneOutcome, After: referral.MilestoneSent, Within: 48, Unit: referral.Hours}
	now := local("2025-09-08", 12)
	plain := referral.Evaluate(r, policyOf(outcome48h), cal, now)[0]
	if !plain.Due.Equal(sentTime.Add(48*time.Hour)) || plain.State != referral.StateOverdue {
		t.Errorf("48 hours, no pause: due %v, %s", plain.Due, plain.State)
	}
	outcome48h.PauseOnHold = true
	paused := referral.Evaluate(r, policyOf(outcome48h), cal, now)[0]
	hold := local("2025-09-08", 9).Sub(local("2025-09-05", 18)) // 63 hours on hold
	if !paused.Due.Equal(sentTime.Add(48*time.Hour+hold)) || paused.Paused != hold {
		t.Errorf("48 hours with the hold paused: due %v (paused %v), want %v later", paused.Due, paused.Paused, hold)
	}
	if paused.State != referral.StatePending {
		t.Errorf("with the pause the outcome is not due yet: %s", paused.State)
	}

	// Calendar days with a pause: the days on hold at their end (Fri, Sat, Sun) are not counted.
	outcome3d := referral.Rule{Milestone: referral.MilestoneOutcome, After: referral.MilestoneSent, Within: 3, Unit: referral.Days, PauseOnHold: true}
	d := referral.Evaluate(r, policyOf(outcome3d), cal, now)[0]
	if d.DueDay != civil.MustParse("2025-09-10") || d.Paused != 2*24*time.Hour {
		t.Errorf("3 days with a pause: due %v, paused %v; want 2025-09-10 and 2 days (Sat, Sun)", d.DueDay, d.Paused)
	}
}

func TestDeadlineStates(t *testing.T) {
	cal := civil.USFederal()
	p := referral.DefaultPolicy(referral.KindSpecialist, referral.PriorityRoutine)
	r := sentAt(local("2025-09-02", 9))
	ds := referral.Evaluate(r, p, cal, local("2025-09-03", 9))
	var got []referral.State
	for _, d := range ds {
		got = append(got, d.State)
	}
	// received, decided, booked, held and outcome run from sending; closed waits for the outcome.
	want := []referral.State{referral.StatePending, referral.StatePending, referral.StatePending, referral.StatePending, referral.StatePending, referral.StateWaiting}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fresh referral states (-want +got):\n%s", diff)
	}
	rejected, err := referral.Move(r, referral.StatusRejected, referral.Performer, local("2025-09-03", 10), cardiology, carecoord.Coding{})
	if err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, d := range referral.Evaluate(rejected, p, cal, local("2025-10-30", 9)) {
		got = append(got, d.State)
	}
	want = []referral.State{referral.StateMetOnTime, referral.StateMetOnTime, referral.StateMoot, referral.StateMoot, referral.StateMoot, referral.StateMoot}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rejected referral states (-want +got):\n%s", diff)
	}
}

func TestPolicyValidate(t *testing.T) {
	for _, k := range referral.Kinds() {
		for _, pr := range referral.Priorities() {
			if err := referral.DefaultPolicy(k, pr).Validate(); err != nil {
				t.Errorf("DefaultPolicy(%s, %s): %v", k, pr, err)
			}
		}
	}
	bad := policyOf(referral.Rule{Milestone: referral.MilestoneSent, After: referral.MilestoneClosed, Within: 0, Unit: "weeks"})
	var list carecoord.FieldErrors
	if err := bad.Validate(); !errors.As(err, &list) || !list.Has("rules[0].milestone", carecoord.FieldNotSupported) ||
		!list.Has("rules[0].within", carecoord.FieldOutOfRange) || !list.Has("rules[0].unit", carecoord.FieldNotSupported) {
		t.Errorf("bad policy: %v", err)
	}
}

// The target: at least a million open referrals evaluated a second on one core.
func BenchmarkEvaluate1M(b *testing.B) {
	cal := civil.USFederal()
	base := sentAt(local("2025-09-02", 9))
	accepted, _ := referral.Move(base, referral.StatusAccepted, referral.Performer, local("2025-09-03", 9), cardiology, carecoord.Coding{})
	refs := make([]referral.Referral, 1_000_000)
	for i := range refs {
		if i%2 == 0 {
			refs[i] = base
		} else {
			refs[i] = accepted
		}
		refs[i].AuthoredOn = base.AuthoredOn.Add(time.Duration(i%500) * time.Hour)
	}
	policy := referral.DefaultPolicy(referral.KindSpecialist, referral.PriorityRoutine)
	policy.Location = eastern
	now := local("2025-10-15", 9)
	buf := make([]referral.Deadline, 0, len(policy.Rules))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i := range refs {
			buf = referral.AppendEvaluate(buf[:0], &refs[i], policy, cal, now)
		}
	}
	b.ReportMetric(float64(len(refs))/b.Elapsed().Seconds()*float64(b.N), "referrals/s")
}

// Both edges for the hour and calendar-day units too: due at start + N hours exactly, and by
// the end of the N-th day after the start day (local).
func TestDeadlineEdgesHoursAndDays(t *testing.T) {
	cal := civil.USFederal()
	sentTime := local("2025-09-05", 15) // Friday 15:00 EDT
	r := sentAt(sentTime)
	accept := func(at time.Time) referral.Referral {
		x, err := referral.Move(r, referral.StatusAccepted, referral.Performer, at, cardiology, carecoord.Coding{})
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	for _, tc := range []struct {
		unit referral.Unit
		due  time.Time
	}{
		{referral.Hours, sentTime.Add(4 * time.Hour)},
		{referral.Days, civil.MustParse("2025-09-10").In(eastern)}, // 4 days after Friday, weekend included: by the end of Tuesday 09-09
	} {
		rule := referral.Rule{Milestone: referral.MilestoneDecided, After: referral.MilestoneSent, Within: 4, Unit: tc.unit}
		p := policyOf(rule)
		for _, c := range []struct {
			r     referral.Referral
			now   time.Time
			state referral.State
		}{
			{accept(tc.due), tc.due.Add(time.Hour), referral.StateMetOnTime},
			{accept(tc.due.Add(time.Nanosecond)), tc.due.Add(time.Hour), referral.StateMetLate},
			{r, tc.due, referral.StatePending},
			{r, tc.due.Add(time.Nanosecond), referral.StateOverdue},
		} {
			d := referral.Evaluate(c.r, p, cal, c.now)[0]
			if !d.Due.Equal(tc.due) || d.State != c.state {
				t.Errorf("%s: due %v state %s; want due %v, %s", tc.unit, d.Due, d.State, tc.due, c.state)
			}
		}
	}
}
