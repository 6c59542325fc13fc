package referral_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/referral"
)

// Regressions found in review: each names the rule it keeps.
func TestOutOfDateEventsAreStale(t *testing.T) {
	r := sent()
	var err error
	for _, e := range []referral.Event{status("m1", referral.StatusAccepted, referral.Performer, 1), booked("m4", 5), ev("m5", referral.EventKept, referral.Performer, 200)} {
		if r, err = referral.Apply(r, e); err != nil {
			t.Fatal(err)
		}
	}
	// The original booking, sent earlier, arrives last: it must not move the appointment back.
	var stale *referral.StaleError
	if got, err := referral.Apply(r, booked("m2", 2)); !errors.As(err, &stale) || got.Business != referral.BusinessAppointmentKept {
		t.Errorf("an out-of-date booking: %v, business %s; want a StaleError and no change", err, got.Business)
	}
	// A status event from before the latest update is stale too (not a field error).
	if _, err := referral.Apply(r, status("m9", referral.StatusCancelled, referral.Requester, 3)); !errors.As(err, &stale) || !errors.Is(err, carecoord.ErrTransition) {
		t.Errorf("an out-of-date status event: %v, want a StaleError", err)
	}
}

func TestInterimReportIsNotTheOutcome(t *testing.T) {
	r := sent()
	var err error
	for _, e := range []referral.Event{status("m1", referral.StatusAccepted, referral.Performer, 1), booked("m2", 2), report("m3", referral.EventInterim, 3)} {
		if r, err = referral.Apply(r, e); err != nil {
			t.Fatal(err)
		}
	}
	if len(r.Outcomes) != 0 || len(r.Reports) != 1 || r.Business != referral.BusinessAppointmentBooked {
		t.Errorf("after an interim report: %d outcomes, %d reports, business %s", len(r.Outcomes), len(r.Reports), r.Business)
	}
	if _, err := referral.Apply(r, status("m4", referral.StatusCompleted, referral.Performer, 4)); err == nil {
		t.Error("an interim report let the referral complete without an outcome (refer-10)")
	}
	if _, err := referral.Apply(r, ev("m5", referral.EventKept, referral.Performer, 170)); err != nil {
		t.Errorf("kept after an interim report: %v", err)
	}
}

func TestApplyKeepsItsOwnCopyOfDocuments(t *testing.T) {
	r, err := referral.Apply(sent(), status("m1", referral.StatusAccepted, referral.Performer, 1))
	if err != nil {
		t.Fatal(err)
	}
	if r, err = referral.Apply(r, booked("m1b", 2)); err != nil { // core: start before completing
		t.Fatal(err)
	}
	e := report("m2", referral.EventOutcome, 5)
	done, err := referral.Apply(r, e)
	if err != nil {
		t.Fatal(err)
	}
	e.Outcome.Documents[0] = "DocumentReference/changed"
	done.Outcomes[0].Documents[0] = "DocumentReference/changed-too"
	if got := done.Events[len(done.Events)-1].Outcome.Documents[0]; got != "DocumentReference/dr-m2" {
		t.Errorf("the event log shares the caller's documents: %s", got)
	}
}

func TestDraftSentNowStartsTheClocks(t *testing.T) {
	d := sent()
	d.Status, d.AuthoredOn = referral.StatusDraft, time.Time{}
	r, err := referral.Move(d, referral.StatusRequested, referral.Requester, t0, clinic, carecoord.Coding{})
	if err != nil || !r.AuthoredOn.Equal(t0) {
		t.Fatalf("draft -> requested: AuthoredOn %v, %v", r.AuthoredOn, err)
	}
	ds := referral.Evaluate(r, referral.DefaultPolicy(r.Kind, r.Priority), civil.USFederal(), t0.Add(time.Hour))
	if ds[0].State != referral.StatePending {
		t.Errorf("the first deadline after sending is %s, want pending", ds[0].State)
	}
}

func TestSkippedMilestonesCountAsReached(t *testing.T) {
	cal := civil.USFederal()
	// Core: ready, then started: received and decided are reached by starting.
	r := sent()
	r.Status = referral.StatusReady
	r, err := referral.Move(r, referral.StatusInProgress, referral.Performer, t0.Add(time.Hour), cardiology, carecoord.Coding{})
	if err != nil {
		t.Fatal(err)
	}
	ds := referral.Evaluate(r, referral.DefaultPolicy(r.Kind, r.Priority), cal, t0.Add(30*24*time.Hour))
	if ds[0].State != referral.StateMetOnTime || ds[1].State != referral.StateMetOnTime {
		t.Errorf("received/decided after starting from ready: %s, %s; want met", ds[0].State, ds[1].State)
	}
	// 360X: completed with no "kept" message: the appointment was held.
	c := sent()
	for _, e := range []referral.Event{status("m1", referral.StatusAccepted, referral.Performer, 1), booked("m2", 2), report("m3", referral.EventOutcome, 100)} {
		if c, err = referral.Apply(c, e); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range referral.Evaluate(c, referral.DefaultPolicy(c.Kind, c.Priority), cal, t0.Add(200*time.Hour)) {
		if d.Rule.Milestone == referral.MilestoneHeld && d.State != referral.StateMetOnTime {
			t.Errorf("held after completion without a kept message: %s, want met-on-time", d.State)
		}
	}
}

func TestPatientEditChecksTheMove(t *testing.T) {
	app := carecoord.Actor{Kind: carecoord.ActorPatient, ID: "pat-1"}
	task := referral.PatientTask{ID: "pt-1", Patient: "pat-1", Code: referral.TaskGeneralInformation, Status: referral.StatusReady}
	bad := task
	bad.Status = referral.StatusAccepted
	bad.History = []carecoord.Transition{{From: "ready", To: "accepted", At: t0, By: app}}
	if err := referral.PatientEdit(task, bad); !errors.Is(err, carecoord.ErrTransition) {
		t.Errorf("the app edits ready -> accepted: %v, want ErrTransition", err)
	}
	voided := task
	voided.Status = referral.StatusEnteredInError
	voided.History = []carecoord.Transition{{From: "ready", To: "entered-in-error", At: t0, By: app}}
	if err := referral.PatientEdit(task, voided); !errors.Is(err, carecoord.ErrForbidden) {
		t.Errorf("the app voids the task: %v, want ErrForbidden", err)
	}
	silent := task
	silent.Status = referral.StatusCompleted // no history entry
	if err := referral.PatientEdit(task, silent); !errors.Is(err, carecoord.ErrForbidden) {
		t.Errorf("a status change with no history entry: %v, want ErrForbidden", err)
	}
	good, err := referral.MovePatientTask(task, referral.StatusInProgress, referral.Performer, t0, app, carecoord.Coding{})
	if err != nil {
		t.Fatal(err)
	}
	if err := referral.PatientEdit(task, good); err != nil {
		t.Errorf("a proper move by the app: %v", err)
	}
}

func TestValidateChecksHistoryAgainstTheTable(t *testing.T) {
	r := validReferral()
	r.Status = referral.StatusCompleted
	r.Outcomes = []referral.Outcome{outcome()}
	r.History = []carecoord.Transition{{From: "requested", To: "completed", At: t0, By: clinic}} // SDOH-CC: accept first
	var list carecoord.FieldErrors
	if err := r.Validate(); !errors.As(err, &list) || !list.Has("history[0]", carecoord.FieldInvalid) {
		t.Errorf("a history move the table lacks: %v", err)
	}
	ack := validReferral()
	ack.Outcomes, ack.Acknowledged = []referral.Outcome{outcome()}, t0
	if err := ack.Validate(); !errors.As(err, &list) || !list.Has("acknowledged", carecoord.FieldNotAllowed) {
		t.Errorf("an acknowledgement before completion: %v", err)
	}
}

func TestStatusReasonAndResumeInErrors(t *testing.T) {
	r := sent()
	r.Status = referral.StatusReady
	var err error
	hold := carecoord.Coding{System: carecoord.SystemSNOMED, Code: "1287664007"}
	if r, err = referral.Move(r, referral.StatusInProgress, referral.Performer, t0, cardiology, carecoord.Coding{}); err != nil {
		t.Fatal(err)
	}
	if r, err = referral.Move(r, referral.StatusOnHold, referral.Performer, t0.Add(time.Hour), cardiology, hold); err != nil || r.StatusReason != hold {
		t.Fatalf("on hold with a reason: %v, %v", r.StatusReason, err)
	}
	var te *carecoord.TransitionError
	if _, err := referral.Move(r, referral.StatusAccepted, referral.Performer, t0.Add(2*time.Hour), cardiology, carecoord.Coding{}); !errors.As(err, &te) || !slices.Contains(te.Allowed, "in-progress") {
		t.Errorf("a refused move from on-hold lists %v; the resume status in-progress must be among them", te)
	}
	if r, err = referral.Move(r, referral.StatusInProgress, referral.Performer, t0.Add(2*time.Hour), cardiology, carecoord.Coding{}); err != nil || !r.StatusReason.IsZero() {
		t.Errorf("resumed with no reason: the hold's reason stayed (%v), %v", r.StatusReason, err)
	}
}
