package referral_test

import (
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/referral"
	"github.com/google/go-cmp/cmp"
)

func TestFlags(t *testing.T) {
	p := referral.DefaultFlagPolicy()
	r := sentAt(t0)
	codes := func(r referral.Referral, now time.Time) []referral.FlagCode {
		var out []referral.FlagCode
		for _, f := range referral.Flags(r, p, now) {
			out = append(out, f.Code)
		}
		return out
	}
	// Stalled: more than 7 days without progress; exactly 7 is not yet.
	if got := codes(r, t0.Add(7*24*time.Hour)); len(got) != 0 {
		t.Errorf("7 days without progress: %v, want none", got)
	}
	if got := codes(r, t0.Add(7*24*time.Hour+time.Hour)); !cmp.Equal(got, []referral.FlagCode{referral.FlagStalled}) {
		t.Errorf("7 days and an hour: %v, want stalled", got)
	}
	// Leaking: the appointment passed more than a day ago with no report.
	b, err := referral.Apply(r, status("m1", referral.StatusAccepted, referral.Performer, 1))
	if err != nil {
		t.Fatal(err)
	}
	bk := booked("m2", 2) // appointment at t0 + 7 days
	if b, err = referral.Apply(b, bk); err != nil {
		t.Fatal(err)
	}
	if got := codes(b, bk.Appointment.Add(23*time.Hour)); len(got) != 0 {
		t.Errorf("23 hours after the appointment: %v, want none", got)
	}
	if got := codes(b, bk.Appointment.Add(25*time.Hour)); !cmp.Equal(got, []referral.FlagCode{referral.FlagMissedAppointment}) {
		t.Errorf("25 hours after the appointment: %v, want missed-appointment", got)
	}
	ns, err := referral.Apply(b, ev("m3", referral.EventNoShow, referral.Performer, 170))
	if err != nil {
		t.Fatal(err)
	}
	if got := codes(ns, bk.Appointment.Add(2*time.Hour)); !cmp.Equal(got, []referral.FlagCode{referral.FlagNoShow}) {
		t.Errorf("after a no-show: %v, want no-show", got)
	}
	// Rejected and not re-sent within 2 days.
	rej, err := referral.Apply(r, status("m1", referral.StatusRejected, referral.Performer, 1))
	if err != nil {
		t.Fatal(err)
	}
	if got := codes(rej, t0.Add(49*time.Hour)); len(got) != 0 {
		t.Errorf("rejected exactly 48 hours ago: %v, want none yet", got)
	}
	if got := codes(rej, t0.Add(50*time.Hour)); !cmp.Equal(got, []referral.FlagCode{referral.FlagNotReReferred}) {
		t.Errorf("rejected 49 hours ago: %v, want not-re-referred", got)
	}
	rej.ID = "ref-1"
	old, _, err := referral.Resend(rej, "ref-2", cardiology, t0.Add(50*time.Hour), clinic)
	if err != nil {
		t.Fatal(err)
	}
	if got := codes(old, t0.Add(72*time.Hour)); len(got) != 0 {
		t.Errorf("re-sent: %v, want none", got)
	}
}

func TestWorklistOrderAndActions(t *testing.T) {
	cal := civil.USFederal()
	now := local("2025-09-12", 12)
	mk := func(id string, sentOn time.Time, pr referral.Priority) referral.Referral {
		r := sentAt(sentOn)
		r.ID, r.Priority = id, pr
		return r
	}
	late := mk("r-late", local("2025-09-01", 9), referral.PriorityRoutine) // received due 09-03: overdue
	later := mk("r-later", local("2025-09-04", 9), referral.PriorityRoutine)
	urgent := mk("r-urgent", local("2025-09-12", 9), referral.PriorityUrgent) // received due 13:00 today: pending
	routine := mk("r-routine", local("2025-09-12", 9), referral.PriorityRoutine)
	done := mk("r-done", local("2025-09-01", 9), referral.PriorityRoutine)
	done.Outcomes = []referral.Outcome{{Result: carecoord.Coding{System: carecoord.SystemLOINC, Code: "11488-4"}, At: t0, By: cardiology}}
	for _, to := range []referral.Status{referral.StatusAccepted, referral.StatusInProgress, referral.StatusCompleted} {
		var err error
		if done, err = referral.Move(done, to, referral.Performer, local("2025-09-03", 9), cardiology, carecoord.Coding{}); err != nil {
			t.Fatal(err)
		}
	}
	closed := done
	closed.ID, closed.Acknowledged = "r-closed", local("2025-09-04", 9)
	someoneElse := mk("r-other", local("2025-09-01", 9), referral.PriorityStat)
	someoneElse.Requester = carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "other-clinic"}

	items := referral.Worklist([]referral.Referral{routine, closed, urgent, done, later, someoneElse, late}, clinic, cal, now,
		referral.WorklistOptions{Location: eastern, Flags: referral.DefaultFlagPolicy()})
	type row struct {
		ID    string
		State referral.State
		M     referral.Milestone
		Next  referral.Action
	}
	var got []row
	for _, it := range items {
		got = append(got, row{it.Referral, it.Deadline.State, it.Deadline.Rule.Milestone, it.Next})
	}
	// Overdue by most late: r-late's response was due by the end of 09-03 (sent on Labor Day),
	// r-done's acknowledgement by the end of 09-05, r-later's response by the end of 09-08. Then
	// pending by soonest due: the urgent referral's 4 hours before the routine one's 2 days.
	// r-closed is done; r-other was sent by someone else.
	want := []row{
		{"r-late", referral.StateOverdue, referral.MilestoneReceived, referral.ActionChaseResponse},
		{"r-done", referral.StateOverdue, referral.MilestoneClosed, referral.ActionAcknowledge},
		{"r-later", referral.StateOverdue, referral.MilestoneReceived, referral.ActionChaseResponse},
		{"r-urgent", referral.StatePending, referral.MilestoneReceived, referral.ActionChaseResponse},
		{"r-routine", referral.StatePending, referral.MilestoneReceived, referral.ActionChaseResponse},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("worklist mismatch (-want +got):\n%s", diff)
	}
}

func BenchmarkWorklist100k(b *testing.B) {
	cal := civil.USFederal()
	refs := make([]referral.Referral, 100_000)
	base := sentAt(local("2025-09-02", 9))
	accepted, _ := referral.Move(base, referral.StatusAccepted, referral.Performer, local("2025-09-03", 9), cardiology, carecoord.Coding{})
	for i := range refs {
		r := base
		if i%3 == 0 {
			r = accepted
		}
		r.ID = "ref-" + itoa(i)
		r.AuthoredOn = base.AuthoredOn.Add(time.Duration(i%700) * time.Hour)
		r.Priority = referral.Priorities()[i%4]
		refs[i] = r
	}
	now := local("2025-10-15", 9)
	opt := referral.WorklistOptions{Location: eastern, Flags: referral.DefaultFlagPolicy()}
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(referral.Worklist(refs, clinic, cal, now, opt))
	}
	b.ReportMetric(float64(n), "items")
}

func itoa(i int) string {
	const digits = "0123456789"
	if i == 0 {
		return "0"
	}
	var b [20]byte
	k := len(b)
	for ; i > 0; i /= 10 {
		k--
		b[k] = digits[i%10]
	}
	return string(b[k:])
}
