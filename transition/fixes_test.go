package transition_test

import (
	"errors"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/transition"
	"github.com/google/go-cmp/cmp"
)

func call(id string) transition.Evidence {
	return transition.Evidence{Kind: transition.EvidenceCommunication, Ref: "Communication/" + id}
}

// Review finding 1a: a post-discharge item cannot be completed before the discharge (NGS FAQ:
// the TCM contact cannot be made before discharge; DecideTCM refuses it too). Items due "before
// discharge" still complete before it.
func TestCompleteBeforeDischargeRefused(t *testing.T) {
	ny := newYork(t)
	dis := local(ny, "2025-09-03", 14, 0)
	e := discharged(ny, dis, transition.DispositionHome, transition.RiskModerate)
	c := instantiate(t, transition.PostDischargeTemplate(transition.RiskModerate, transition.PostDischargeOptions{}), e)
	_, err := transition.Complete(c, "interactive-contact", dis.Add(-20*time.Hour), coordinator(), call("c1"))
	if !errors.Is(err, carecoord.ErrInvalid) {
		t.Fatalf("Complete 20 hours before discharge: error = %v, want ErrInvalid", err)
	}
	if diff := cmp.Diff([]pathCode{{"at", carecoord.FieldOutOfRange}}, pathCodes(t, err)); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if _, err := transition.Attempt(c, "interactive-contact", dis.Add(-time.Hour), coordinator()); !hasPath(err, "at") {
		t.Errorf("Attempt before discharge: error = %v, want path at", err)
	}
	if _, err := transition.Complete(c, "interactive-contact", dis, coordinator(), call("c1")); err != nil {
		t.Errorf("Complete at the discharge instant: %v", err)
	}
	d := instantiate(t, transition.DischargeTemplate(), e)
	if _, err := transition.Complete(d, "red-flags", dis.Add(-3*time.Hour), nurse(), transition.Evidence{Kind: transition.EvidenceAttestation}); err != nil {
		t.Errorf("a before-discharge item before discharge: %v", err)
	}
}

// Review finding 1b: "48 to 72 hours after discharge" (CTI: home visit within 48-72 hours); a
// visit sooner is done early, counted as done but not on time.
func TestHomeVisitEarliestBound(t *testing.T) {
	r, err := transition.ParseDueRule("48 to 72 hours after discharge")
	want := transition.DueRule{From: 48, N: 72, Unit: transition.UnitHours, Anchor: transition.AnchorDischarge}
	if err != nil || r != want || r.String() != "48 to 72 hours after discharge" {
		t.Fatalf("ParseDueRule = %+v, %v; String %q", r, err, r.String())
	}
	for _, bad := range []transition.DueRule{
		{From: 72, N: 72, Unit: transition.UnitHours, Anchor: transition.AnchorDischarge},
		{From: -1, N: 72, Unit: transition.UnitHours, Anchor: transition.AnchorDischarge},
	} {
		if !hasPath(bad.Validate(), "from") {
			t.Errorf("%+v: Validate = %v, want path from", bad, bad.Validate())
		}
	}
	for _, s := range []string{"0 to 72 hours after discharge", "3 to 2 days after discharge", "1 to before discharge"} {
		if _, err := transition.ParseDueRule(s); !errors.Is(err, carecoord.ErrInvalid) {
			t.Errorf("ParseDueRule(%q) error = %v, want ErrInvalid", s, err)
		}
	}
	ny := newYork(t)
	dis := local(ny, "2025-09-03", 14, 0)
	e := discharged(ny, dis, transition.DispositionHome, transition.RiskHigh)
	c := instantiate(t, transition.PostDischargeTemplate(transition.RiskHigh, transition.PostDischargeOptions{HomeVisits: true}), e)
	if got := item(t, c, "home-visit"); got.Rule != want || !got.Earliest.Equal(dis.Add(48*time.Hour)) {
		t.Fatalf("home-visit rule %s earliest %s", got.Rule, got.Earliest)
	}
	visit := transition.Evidence{Kind: transition.EvidenceEncounter, Ref: "Encounter/v1"}
	for _, tc := range []struct {
		after time.Duration
		want  transition.State
	}{{time.Hour, transition.StateDoneEarly}, {48 * time.Hour, transition.StateDoneOnTime}, {72 * time.Hour, transition.StateDoneOnTime}, {73 * time.Hour, transition.StateDoneLate}} {
		done, err := transition.Complete(c, "home-visit", dis.Add(tc.after), coordinator(), visit)
		if err != nil {
			t.Fatal(err)
		}
		ev := transition.Evaluate(done, dis.Add(100*time.Hour))
		var st transition.State
		for _, r := range ev.Items {
			if r.Key == "home-visit" {
				st = r.State
			}
		}
		if st != tc.want {
			t.Errorf("home visit %s after discharge: %s, want %s", tc.after, st, tc.want)
		}
		if tc.want == transition.StateDoneEarly && (ev.Completion.Num != 1 || ev.OnTime.Num != 0) {
			t.Errorf("done early: completion %v on time %v, want 1 and 0", ev.Completion, ev.OnTime)
		}
	}
}

// Review finding 2: two timely unsuccessful attempts meet the TCM contact, in the checklist as in
// DecideTCM.
func TestTCMContactAttempts(t *testing.T) {
	ny := newYork(t)
	dis := local(ny, "2025-08-29", 11, 0) // Friday; contact due Wednesday 2025-09-03 (Labor Day)
	e := discharged(ny, dis, transition.DispositionHome, transition.RiskModerate)
	c := instantiate(t, transition.TCMTemplate(transition.RiskModerate), e)
	a1, a2 := local(ny, "2025-09-02", 10, 0), local(ny, "2025-09-03", 16, 0)
	state := func(c transition.Checklist) transition.State {
		st, _ := item(t, c, "tcm-contact").State(local(ny, "2025-09-05", 9, 0))
		return st
	}
	one, err := transition.Attempt(c, "tcm-contact", a1, coordinator())
	if err != nil {
		t.Fatal(err)
	}
	if got := state(one); got != transition.StateOverdue {
		t.Errorf("one attempt: %s, want overdue", got)
	}
	same, _ := transition.Attempt(one, "tcm-contact", a1, coordinator())
	if got := state(same); got != transition.StateOverdue {
		t.Errorf("two attempts at one instant: %s, want overdue", got)
	}
	two, err := transition.Attempt(one, "tcm-contact", a2, coordinator())
	if err != nil {
		t.Fatal(err)
	}
	if got := state(two); got != transition.StateDoneOnTime {
		t.Errorf("two timely attempts: %s, want done-on-time", got)
	}
	if it := item(t, two, "tcm-contact"); it.Status != transition.ItemReady || len(item(t, c, "tcm-contact").Attempts) != 0 {
		t.Errorf("attempts changed the status (%s) or the input checklist", it.Status)
	}
	if err := two.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	late, _ := transition.Attempt(one, "tcm-contact", local(ny, "2025-09-04", 9, 0), coordinator())
	if got := state(late); got != transition.StateDoneLate {
		t.Errorf("second attempt late: %s, want done-late", got)
	}
	dec, err := transition.DecideTCM(e, transition.TCMServices{Contacts: []transition.Contact{
		{At: a1, Mode: transition.ContactTelephone, By: coordinator()}, {At: a2, Mode: transition.ContactTelephone, By: coordinator()}}}, civil.USFederal())
	if err != nil || !dec.Contact.Met {
		t.Errorf("DecideTCM contact = %+v, %v; want met", dec.Contact, err)
	}
}

// Review finding 2: the program's TCM options decide whether its TCM checklist applies, as they
// decide DecideTCM's destination rule.
func TestPlanTCMNursingFacilityOption(t *testing.T) {
	ny := newYork(t)
	e := discharged(ny, local(ny, "2025-09-03", 14, 0), transition.DispositionNursingFacility, transition.RiskModerate)
	hasTCM := func(o transition.TCMOptions) bool {
		p, err := transition.StandardProgram(transition.ProgramOptions{TCM: true, TCMOptions: o})
		if err != nil {
			t.Fatal(err)
		}
		plan, err := p.Plan(e, civil.USFederal())
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range plan.Checklists {
			if c.Purpose == transition.PurposeTCM {
				return true
			}
		}
		return false
	}
	if hasTCM(transition.TCMOptions{}) {
		t.Error("default options: a TCM checklist for a nursing facility discharge")
	}
	if !hasTCM(transition.TCMOptions{NursingFacility: true}) {
		t.Error("NursingFacility: no TCM checklist")
	}
	if err := transition.AppliesWith(transition.PurposeTCM, e, transition.TCMOptions{NursingFacility: true}); err != nil {
		t.Errorf("AppliesWith NursingFacility: %v", err)
	}
}

// Review finding 3: a reported period that starts inside this one also fails one-per-period.
func TestTCMReportedPeriodOverlaps(t *testing.T) {
	ny := newYork(t)
	e := discharged(ny, local(ny, "2025-08-29", 11, 0), transition.DispositionHome, transition.RiskModerate)
	later := civil.MustParse("2025-09-10")
	dec, err := transition.DecideTCM(e, transition.TCMServices{Reported: []civil.Range{{Start: later, End: later.AddDays(29)}}}, civil.USFederal())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range [][]transition.TCMRule{dec.Failed99495, dec.Failed99496} {
		found := false
		for _, r := range f {
			found = found || r == transition.TCMRuleOnePerPeriod
		}
		if !found {
			t.Errorf("failed %v, want one-per-period", f)
		}
	}
}

// Review finding 5: the summary names the most overdue open item.
func TestSummaryNextOverdue(t *testing.T) {
	ny := newYork(t)
	dis := local(ny, "2025-09-03", 14, 0)
	e := discharged(ny, dis, transition.DispositionHome, transition.RiskModerate)
	c := instantiate(t, transition.PostDischargeTemplate(transition.RiskModerate, transition.PostDischargeOptions{}), e)
	ev := transition.Evaluate(c, local(ny, "2025-09-08", 9, 0))
	// discharge-info-received was due by the end of 09-05; interactive-contact by the end of 09-05 too
	if ev.NextOverdue != "discharge-info-received" || !ev.NextOverdueDue.Equal(item(t, c, "discharge-info-received").Due) {
		t.Errorf("NextOverdue = %q %s", ev.NextOverdue, ev.NextOverdueDue)
	}
	if ev.Next != "follow-up-visit" {
		t.Errorf("Next = %q", ev.Next)
	}
	if ev := transition.Evaluate(c, dis); ev.NextOverdue != "" {
		t.Errorf("at discharge NextOverdue = %q, want none", ev.NextOverdue)
	}
}
