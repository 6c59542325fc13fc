package referral_test

import (
	"errors"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/referral"
	"pgregory.net/rapid"
)

var (
	clinic = carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "clinic-1"}
	pantry = carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "food-pantry-1"}
	t0     = time.Date(2025, 9, 2, 9, 0, 0, 0, time.UTC)
)

type edge struct {
	from, to referral.Status
}

const (
	byReq  = "requester"
	byPerf = "performer"
	byAny  = "either"
)

// sdohccTable is the SDOH-CC referral Task state diagram with the IG's "Set by" column
// (spec §2.1.1), written out by hand: never derived from the code under test.
func sdohccTable() map[edge]string {
	return map[edge]string{
		{"draft", "requested"}: byReq, {"draft", "entered-in-error"}: byReq,
		{"requested", "accepted"}: byPerf, {"requested", "rejected"}: byPerf, {"requested", "cancelled"}: byAny, {"requested", "entered-in-error"}: byReq,
		{"accepted", "in-progress"}: byPerf, {"accepted", "on-hold"}: byPerf, {"accepted", "cancelled"}: byAny, {"accepted", "completed"}: byPerf, {"accepted", "failed"}: byPerf, {"accepted", "entered-in-error"}: byReq,
		{"in-progress", "completed"}: byPerf, {"in-progress", "failed"}: byPerf, {"in-progress", "on-hold"}: byPerf, {"in-progress", "cancelled"}: byAny, {"in-progress", "entered-in-error"}: byReq,
		{"on-hold", "in-progress"}: byPerf, {"on-hold", "cancelled"}: byAny, {"on-hold", "completed"}: byPerf, {"on-hold", "failed"}: byPerf, {"on-hold", "entered-in-error"}: byReq,
		{"rejected", "entered-in-error"}: byReq, {"cancelled", "entered-in-error"}: byReq, {"completed", "entered-in-error"}: byReq, {"failed", "entered-in-error"}: byReq,
	}
}

// coreTable is the strict FHIR core Task table of spec §1.1 with the sides of the unified model
// (§2.1.3). On-hold resumes to the interrupted status (checked separately).
func coreTable() map[edge]string {
	return map[edge]string{
		{"draft", "requested"}: byReq, {"draft", "ready"}: byReq, {"draft", "cancelled"}: byAny, {"draft", "on-hold"}: byReq, {"draft", "entered-in-error"}: byReq,
		{"requested", "received"}: byPerf, {"requested", "accepted"}: byPerf, {"requested", "rejected"}: byPerf, {"requested", "cancelled"}: byAny, {"requested", "on-hold"}: byReq, {"requested", "entered-in-error"}: byReq,
		{"received", "accepted"}: byPerf, {"received", "rejected"}: byPerf, {"received", "cancelled"}: byAny, {"received", "on-hold"}: byPerf, {"received", "entered-in-error"}: byReq,
		{"accepted", "in-progress"}: byPerf, {"accepted", "cancelled"}: byAny, {"accepted", "on-hold"}: byPerf, {"accepted", "entered-in-error"}: byReq,
		{"ready", "in-progress"}: byPerf, {"ready", "cancelled"}: byAny, {"ready", "on-hold"}: byPerf, {"ready", "entered-in-error"}: byReq,
		{"in-progress", "on-hold"}: byPerf, {"in-progress", "completed"}: byPerf, {"in-progress", "failed"}: byPerf, {"in-progress", "ready"}: byPerf, {"in-progress", "cancelled"}: byAny, {"in-progress", "entered-in-error"}: byReq,
		{"on-hold", "cancelled"}: byAny, {"on-hold", "entered-in-error"}: byReq,
		{"completed", "entered-in-error"}: byReq, {"failed", "entered-in-error"}: byReq, {"rejected", "entered-in-error"}: byReq, {"cancelled", "entered-in-error"}: byReq,
	}
}

func sideAllowed(rule string, s referral.Side) bool {
	return rule == byAny || rule == byReq && s == referral.Requester || rule == byPerf && s == referral.Performer
}

func outcome() referral.Outcome {
	return referral.Outcome{Result: carecoord.Coding{System: carecoord.SystemSNOMED, Code: "385763009"}, At: t0, By: pantry}
}

// The state machine of each profile against its literal table: legal and illegal targets,
// right and wrong sides; invariants after every step.
func TestMoveStateMachine(t *testing.T) {
	for _, tc := range []struct {
		profile referral.Profile
		table   map[edge]string
		starts  []referral.Status
	}{
		{referral.ProfileSDOHCC, sdohccTable(), []referral.Status{"draft", "requested"}},
		{referral.ProfileCore, coreTable(), []referral.Status{"draft", "requested", "ready"}},
	} {
		t.Run(string(tc.profile), func(t *testing.T) {
			candidates := append(referral.Statuses(), "", "closed")
			rapid.Check(t, func(t *rapid.T) {
				r := referral.Referral{Profile: tc.profile, Status: rapid.SampledFrom(tc.starts).Draw(t, "start"),
					Outcomes: []referral.Outcome{outcome()}}
				now := t0
				t.Repeat(map[string]func(*rapid.T){
					"move": func(t *rapid.T) {
						to := rapid.SampledFrom(candidates).Draw(t, "to")
						side := rapid.SampledFrom([]referral.Side{referral.Requester, referral.Performer}).Draw(t, "side")
						now = now.Add(time.Duration(rapid.IntRange(0, 48).Draw(t, "hours")) * time.Hour)
						rule, inTable := tc.table[edge{r.Status, to}]
						resume := false
						if tc.profile == referral.ProfileCore && r.Status == "on-hold" && len(r.History) > 0 &&
							r.History[len(r.History)-1].To == "on-hold" && referral.Status(r.History[len(r.History)-1].From) == to {
							rule, inTable, resume = byAny, true, true
						}
						next, err := referral.Move(r, to, side, now, clinic, carecoord.Coding{})
						switch {
						case !inTable:
							if !errors.Is(err, carecoord.ErrTransition) {
								t.Fatalf("%s -> %s by %s: error = %v, want ErrTransition", r.Status, to, side, err)
							}
						case !sideAllowed(rule, side):
							if !errors.Is(err, carecoord.ErrForbidden) || errors.Is(err, carecoord.ErrTransition) {
								t.Fatalf("%s -> %s by %s: error = %v, want ErrForbidden only", r.Status, to, side, err)
							}
						default:
							if err != nil {
								t.Fatalf("%s -> %s by %s (resume %v): %v", r.Status, to, side, resume, err)
							}
							r = next
						}
					},
					"": func(t *rapid.T) {
						if n := len(r.History); n > 0 && referral.Status(r.History[n-1].To) != r.Status {
							t.Fatalf("history ends in %s, status %s", r.History[n-1].To, r.Status)
						}
						if !tc.profile.Allows(r.Status) {
							t.Fatalf("status %s is not allowed by %s", r.Status, tc.profile)
						}
						if r.Status.IsTerminal() {
							for _, s := range candidates {
								if s == referral.StatusEnteredInError || r.Status == referral.StatusEnteredInError && s == "" {
									continue
								}
								if _, err := referral.Move(r, s, referral.Requester, now, clinic, carecoord.Coding{}); err == nil {
									t.Fatalf("terminal %s moved to %s", r.Status, s)
								}
							}
						}
					},
				})
			})
		})
	}
}

// Spec §2.3, vectors T1–T4 (profile sdoh-cc).
func TestSDOHCCVectors(t *testing.T) {
	base := referral.Referral{Profile: referral.ProfileSDOHCC, Status: referral.StatusRequested, Requester: clinic}
	step := func(r referral.Referral, to referral.Status, side referral.Side) (referral.Referral, error) {
		return referral.Move(r, to, side, t0.Add(time.Duration(len(r.History)+1)*time.Hour), clinic, carecoord.Coding{})
	}
	must := func(r referral.Referral, err error) referral.Referral {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return r
	}

	t.Run("T1 happy path", func(t *testing.T) {
		r := must(step(base, "accepted", referral.Performer))
		r = must(step(r, "in-progress", referral.Performer))
		r.Outcomes = []referral.Outcome{outcome()}
		r = must(step(r, "completed", referral.Performer))
		if r.ClosedLoop() {
			t.Error("the loop is closed before the requester acknowledged the outcome")
		}
		if r.Loop() != referral.LoopOpen {
			t.Errorf("completed, not acknowledged: loop %s, want open", r.Loop())
		}
		r.Acknowledged = t0.Add(24 * time.Hour)
		if !r.ClosedLoop() || r.Loop() != referral.LoopClosedFulfilled {
			t.Errorf("completed, with an outcome, acknowledged: loop %s, want closed-fulfilled", r.Loop())
		}
	})
	t.Run("T2 completed without output", func(t *testing.T) {
		r := must(step(base, "accepted", referral.Performer))
		r = must(step(r, "in-progress", referral.Performer))
		_, err := step(r, "completed", referral.Performer)
		var list carecoord.FieldErrors
		if !errors.As(err, &list) || !list.Has("outcomes", carecoord.FieldRequired) {
			t.Errorf("completed without an outcome: error = %v, want outcomes required (refer-10)", err)
		}
	})
	t.Run("T3 capacity decline", func(t *testing.T) {
		noCapacity := carecoord.Coding{System: carecoord.SystemSDOHCCTemporary, Code: "no-capacity"}
		r, err := referral.Move(base, "rejected", referral.Performer, t0.Add(time.Hour), pantry, noCapacity)
		if err != nil || r.StatusReason != noCapacity || r.Loop() != referral.LoopClosedNotFulfilled {
			t.Errorf("capacity rejection = %s %v, %v", r.Status, r.StatusReason, err)
		}
	})
	t.Run("T4 illegal transitions", func(t *testing.T) {
		if _, err := step(base, "in-progress", referral.Performer); !errors.Is(err, carecoord.ErrTransition) {
			t.Errorf("requested -> in-progress: %v, want ErrTransition (accept first)", err)
		}
		if _, err := step(base, "received", referral.Performer); !errors.Is(err, carecoord.ErrTransition) {
			t.Errorf("requested -> received: %v, want ErrTransition (not allowed in SDOH-CC)", err)
		}
		rejected := must(step(base, "rejected", referral.Performer))
		if _, err := step(rejected, "accepted", referral.Performer); !errors.Is(err, carecoord.ErrTransition) {
			t.Errorf("rejected -> accepted: %v, want ErrTransition (terminal)", err)
		}
		accepted := must(step(base, "accepted", referral.Performer))
		accepted.Outcomes = []referral.Outcome{outcome()}
		if _, err := step(accepted, "completed", referral.Performer); err != nil {
			t.Errorf("accepted -> completed with output: %v (allowed by the SDOH-CC diagram)", err)
		}
		if _, err := step(accepted, "entered-in-error", referral.Performer); !errors.Is(err, carecoord.ErrForbidden) {
			t.Errorf("accepted -> entered-in-error by the performer: %v, want ErrForbidden", err)
		}
		held := must(step(accepted, "on-hold", referral.Performer))
		unreachable := carecoord.Coding{System: carecoord.SystemSNOMED, Code: "1287664007"}
		if r, err := referral.Move(held, "failed", referral.Performer, t0.Add(9*time.Hour), pantry, unreachable); err != nil || r.Status != "failed" {
			t.Errorf("on-hold -> failed with a reason: %s, %v", r.Status, err)
		}
		if _, err := step(base, "accepted", referral.Requester); !errors.Is(err, carecoord.ErrForbidden) {
			t.Errorf("requester accepting its own referral: %v, want ErrForbidden", err)
		}
	})
}

func TestOpenReferralIsClaimedByItsAcceptor(t *testing.T) {
	open := referral.Referral{Profile: referral.ProfileSDOHCC, Status: referral.StatusRequested, Requester: clinic}
	r, err := referral.Move(open, referral.StatusAccepted, referral.Performer, t0, pantry, carecoord.Coding{})
	if err != nil || !r.Performer.SameAs(pantry) || !open.Performer.IsZero() {
		t.Errorf("claiming an open referral: performer %v, %v (input changed: %v)", r.Performer, err, !open.Performer.IsZero())
	}
}

func TestCoreOnHoldResumesToInterruptedStatus(t *testing.T) {
	r := referral.Referral{Profile: referral.ProfileCore, Status: referral.StatusReady, Requester: clinic}
	var err error
	for _, to := range []referral.Status{"in-progress", "on-hold"} {
		if r, err = referral.Move(r, to, referral.Performer, t0, clinic, carecoord.Coding{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := referral.Move(r, "accepted", referral.Performer, t0, clinic, carecoord.Coding{}); !errors.Is(err, carecoord.ErrTransition) {
		t.Errorf("on-hold -> accepted (not the interrupted status): %v", err)
	}
	if r, err = referral.Move(r, "in-progress", referral.Requester, t0, clinic, carecoord.Coding{}); err != nil || r.Status != "in-progress" {
		t.Errorf("on-hold -> in-progress (resume): %s, %v", r.Status, err)
	}
}
