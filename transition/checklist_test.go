package transition_test

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/transition"
	"github.com/google/go-cmp/cmp"
)

func waiver() carecoord.Coding {
	return carecoord.Coding{System: "urn:example:waiver-reason", Code: "not-needed"}
}

func attest() transition.Evidence { return transition.Evidence{Kind: transition.EvidenceAttestation} }

// must returns a function that returns the checklist of a change, or fails the test on its error:
// must(t)(transition.Complete(...)).
func must(t testing.TB) func(transition.Checklist, error) transition.Checklist {
	t.Helper()
	return func(c transition.Checklist, err error) transition.Checklist {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
}

func TestInstantiateDischargeChecklist(t *testing.T) {
	ny := newYork(t)
	dis := local(ny, "2025-08-29", 14, 0)
	e := discharged(ny, dis, transition.DispositionHome, transition.RiskHigh)
	c := instantiate(t, transition.DischargeTemplate(), e)
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if c.Patient != "pat-1" || c.Event != "enc-1" || c.Template != "red-discharge" || c.Purpose != transition.PurposeDischarge || c.Zone != "America/New_York" {
		t.Errorf("checklist header = %+v", c)
	}
	if len(c.Items) != 16 {
		t.Errorf("%d items, want 16 (RED's 12 components and 4 more)", len(c.Items))
	}
	for _, it := range c.Items {
		if it.Status != transition.ItemReady || len(it.History) != 0 {
			t.Errorf("%s: status %s with %d history entries, want ready and none", it.Key, it.Status, len(it.History))
		}
		if it.Rule.IsBefore() && (!it.Due.Equal(dis) || !it.Start.Equal(dis)) {
			t.Errorf("%s: due %s, want the discharge instant %s", it.Key, it.Due, dis)
		}
	}
	if got := item(t, c, "reinforcement-call").DueDay; got != civil.MustParse("2025-09-01") {
		t.Errorf("reinforcement call due %s, want 2025-09-01 (3 calendar days, holiday or not)", got)
	}
	if got := item(t, c, "teach-back").Prerequisites; !slices.Equal(got, []transition.ItemKey{"written-plan", "education", "red-flags"}) {
		t.Errorf("teach-back prerequisites = %v", got)
	}
}

// A checklist made at admission waits for the discharge; Retime gives it its due times.
func TestRetimeAtDischarge(t *testing.T) {
	ny := newYork(t)
	adm := local(ny, "2025-08-25", 9, 0)
	e := discharged(ny, local(ny, "2025-08-29", 14, 0), transition.DispositionHome, transition.RiskHigh)
	admission := e
	admission.Kind, admission.Discharged, admission.Disposition, admission.Admitted = transition.KindAdmission, time.Time{}, "", adm
	if err := admission.Validate(); err != nil {
		t.Fatal(err)
	}
	c := instantiate(t, transition.DischargeTemplate(), admission)
	ev := transition.Evaluate(c, adm.Add(time.Hour))
	if ev.Waiting != 15 || ev.Pending != 1 || ev.Next != "admission-notified" {
		t.Errorf("at admission: waiting %d, pending %d, next %q; want 15, 1, admission-notified", ev.Waiting, ev.Pending, ev.Next)
	}
	// Done before the discharge is known: on time, whatever the discharge turns out to be.
	c = must(t)(transition.Complete(c, "language-assistance", adm.Add(2*time.Hour), nurse(), attest()))
	if st, _ := item(t, c, "language-assistance").State(adm.Add(3 * time.Hour)); st != transition.StateDoneOnTime {
		t.Errorf("done while waiting: %s, want done-on-time", st)
	}
	e.Admitted = adm
	r, err := transition.Retime(c, e, civil.USFederal())
	if err != nil {
		t.Fatal(err)
	}
	if got := item(t, r, "teach-back").Due; !got.Equal(e.Discharged) {
		t.Errorf("after Retime teach-back due %s, want the discharge", got)
	}
	if got := item(t, r, "language-assistance").Status; got != transition.ItemCompleted {
		t.Errorf("Retime lost a completion: status %s", got)
	}
	if !item(t, c, "teach-back").Due.IsZero() {
		t.Errorf("Retime changed its input")
	}
	other := e
	other.ID = "enc-2"
	if _, err := transition.Retime(c, other, civil.USFederal()); !hasPath(err, "event") {
		t.Errorf("Retime with another event: error = %v, want path event", err)
	}
}

func TestNotApplicable(t *testing.T) {
	ny := newYork(t)
	dis := local(ny, "2025-08-29", 14, 0)
	at := func(disp transition.Disposition) transition.Event {
		return discharged(ny, dis, disp, transition.RiskHigh)
	}
	ed := func(disp transition.Disposition) transition.Event {
		e := at(disp)
		e.Kind, e.Setting = transition.KindEDVisit, transition.SettingEmergencyDepartment
		return e
	}
	obs := func(disp transition.Disposition) transition.Event {
		e := at(disp)
		e.Kind, e.Setting = transition.KindObservation, transition.SettingObservation
		return e
	}
	admission := at("")
	admission.Kind, admission.Discharged = transition.KindAdmission, time.Time{}
	const ok = transition.Reason("")
	P := transition.PurposePostDischarge
	tests := []struct {
		name    string
		purpose transition.Purpose
		event   transition.Event
		want    transition.Reason
	}{
		{"post-discharge: home", P, at(transition.DispositionHome), ok},
		{"post-discharge: home health", P, at(transition.DispositionHomeHealth), ok},
		{"post-discharge: left against advice", P, at(transition.DispositionLeftAMA), ok},
		{"post-discharge: expired", P, at(transition.DispositionExpired), transition.ReasonExpired},
		{"post-discharge: another acute hospital", P, at(transition.DispositionShortTermHospital), transition.ReasonInpatientTransfer},
		{"post-discharge: critical access hospital, planned readmission", P, at(transition.DispositionCriticalAccessPlanned), transition.ReasonInpatientTransfer},
		{"post-discharge: psychiatric hospital", P, at(transition.DispositionPsychiatricHospital), transition.ReasonInpatientTransfer},
		{"post-discharge: SNF", P, at(transition.DispositionSNF), transition.ReasonFacility},
		{"post-discharge: hospice at home", P, at(transition.DispositionHospiceHome), transition.ReasonHospice},
		{"post-discharge: admission under way", P, admission, transition.ReasonNotDischarged},
		{"post-discharge: ED visit", P, ed(transition.DispositionHome), transition.ReasonEventKind},
		{"post-discharge: observation stay home", P, obs(transition.DispositionHome), ok},
		{"post-discharge: observation stay became an admission", P, obs(transition.DispositionAdmittedHere), transition.ReasonAdmitted},
		{"tcm: home", transition.PurposeTCM, at(transition.DispositionHome), ok},
		{"tcm: left against advice", transition.PurposeTCM, at(transition.DispositionLeftAMA), transition.ReasonTCMDestination},
		{"tcm: expired", transition.PurposeTCM, at(transition.DispositionExpiredInFacility), transition.ReasonExpired},
		{"ed-follow-up: ED visit home", transition.PurposeEDFollowUp, ed(transition.DispositionHome), ok},
		{"ed-follow-up: ED visit admitted", transition.PurposeEDFollowUp, ed(transition.DispositionAdmittedHere), transition.ReasonAdmitted},
		{"ed-follow-up: ED visit, died", transition.PurposeEDFollowUp, ed(transition.DispositionExpired), transition.ReasonExpired},
		{"ed-follow-up: inpatient discharge", transition.PurposeEDFollowUp, at(transition.DispositionHome), transition.ReasonEventKind},
		{"facility-handoff: SNF", transition.PurposeHandoff, at(transition.DispositionSNF), ok},
		{"facility-handoff: another acute hospital", transition.PurposeHandoff, at(transition.DispositionShortTermHospital), ok},
		{"facility-handoff: hospice facility", transition.PurposeHandoff, at(transition.DispositionHospiceFacility), ok},
		{"facility-handoff: home", transition.PurposeHandoff, at(transition.DispositionHome), transition.ReasonCommunity},
		{"facility-handoff: expired", transition.PurposeHandoff, at(transition.DispositionExpired), transition.ReasonExpired},
		{"discharge: admission under way", transition.PurposeDischarge, admission, ok},
		{"discharge: home", transition.PurposeDischarge, at(transition.DispositionHome), ok},
		{"discharge: SNF gets a hand-off instead", transition.PurposeDischarge, at(transition.DispositionSNF), transition.ReasonFacility},
		{"discharge: transfer", transition.PurposeDischarge, at(transition.DispositionShortTermHospital), transition.ReasonInpatientTransfer},
		{"discharge: expired", transition.PurposeDischarge, at(transition.DispositionExpired), transition.ReasonExpired},
		{"discharge: ED visit", transition.PurposeDischarge, ed(transition.DispositionHome), transition.ReasonEventKind},
	}
	specs := map[transition.Purpose]transition.TemplateSpec{
		transition.PurposeDischarge: transition.DischargeTemplate(), P: transition.PostDischargeTemplate(transition.RiskHigh, transition.PostDischargeOptions{}),
		transition.PurposeTCM: transition.TCMTemplate(transition.RiskHigh), transition.PurposeEDFollowUp: transition.EDFollowUpTemplate(),
		transition.PurposeHandoff: transition.HandoffTemplate(),
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.event.Validate(); err != nil {
				t.Fatalf("fixture: %v", err)
			}
			err := transition.Applies(tt.purpose, tt.event)
			_, ierr := transition.Instantiate(compile(t, specs[tt.purpose]), tt.event, civil.USFederal())
			for name, err := range map[string]error{"Applies": err, "Instantiate": ierr} {
				if tt.want == ok {
					if err != nil {
						t.Errorf("%s: %v, want nil", name, err)
					}
					continue
				}
				var na *transition.NotApplicableError
				if !errors.Is(err, transition.ErrNotApplicable) || !errors.As(err, &na) || na.Reason != tt.want || na.Purpose != tt.purpose {
					t.Errorf("%s: error = %v, want a NotApplicableError with reason %s", name, err, tt.want)
				}
			}
		})
	}
}

func TestCompleteChecksPrerequisites(t *testing.T) {
	ny := newYork(t)
	dis := local(ny, "2025-08-29", 14, 0)
	c := instantiate(t, transition.DischargeTemplate(), discharged(ny, dis, transition.DispositionHome, transition.RiskHigh))
	at := dis.Add(-6 * time.Hour)

	_, err := transition.Complete(c, "teach-back", at, nurse(), attest())
	var pe *transition.PrerequisiteError
	if !errors.Is(err, transition.ErrPrerequisite) || !errors.Is(err, carecoord.ErrTransition) || !errors.As(err, &pe) ||
		pe.Item != "teach-back" || pe.Prerequisite != "written-plan" {
		t.Fatalf("teach-back before its prerequisites: error = %v, want PrerequisiteError{teach-back, written-plan}", err)
	}

	meds := transition.Evidence{Kind: transition.EvidenceMedication, Ref: "List/meds-1"}
	appt := transition.Evidence{Kind: transition.EvidenceAppointment, Ref: "Appointment/appt-1"}
	plan := transition.Evidence{Kind: transition.EvidenceDocument, Ref: "DocumentReference/ahcp-1"}
	c = must(t)(transition.Complete(c, "discharge-medicines", at, nurse(), meds))
	c = must(t)(transition.Complete(c, "follow-up-appointments", at.Add(time.Hour), nurse(), appt))
	// A prerequisite completed after the time given is "completed before its prerequisite" too.
	if _, err := transition.Complete(c, "written-plan", at.Add(30*time.Minute), nurse(), plan); !errors.Is(err, transition.ErrPrerequisite) {
		t.Errorf("written plan at 08:30 with appointments booked at 09:00: error = %v, want ErrPrerequisite", err)
	}
	c = must(t)(transition.Complete(c, "written-plan", at.Add(time.Hour), nurse(), plan))
	c = must(t)(transition.Complete(c, "education", at.Add(2*time.Hour), nurse(), attest()))
	// A waived prerequisite does not hold its dependants up.
	c = must(t)(transition.Waive(c, "red-flags", at.Add(2*time.Hour), nurse(), waiver()))
	c = must(t)(transition.Complete(c, "teach-back", at.Add(3*time.Hour), nurse(), attest()))
	if err := c.Validate(); err != nil {
		t.Errorf("Validate after the completions: %v", err)
	}
}

func TestCompleteAndWaiveErrors(t *testing.T) {
	ny := newYork(t)
	dis := local(ny, "2025-08-29", 14, 0)
	c := instantiate(t, transition.PostDischargeTemplate(transition.RiskHigh, transition.PostDischargeOptions{}),
		discharged(ny, dis, transition.DispositionHome, transition.RiskHigh))
	call := transition.Evidence{Kind: transition.EvidenceCommunication, Ref: "Communication/call-1"}
	at := dis.Add(20 * time.Hour)
	tests := []struct {
		name string
		do   func() (transition.Checklist, error)
		want []pathCode
	}{
		{"unknown key", func() (transition.Checklist, error) { return transition.Complete(c, "nope", at, coordinator(), call) },
			[]pathCode{{"key", carecoord.FieldInvalid}}},
		{"no evidence", func() (transition.Checklist, error) {
			return transition.Complete(c, "interactive-contact", at, coordinator())
		},
			[]pathCode{{"evidence", carecoord.FieldRequired}}},
		{"evidence of a kind the item does not accept", func() (transition.Checklist, error) {
			return transition.Complete(c, "interactive-contact", at, coordinator(), transition.Evidence{Kind: transition.EvidenceOrder, Ref: "ServiceRequest/sr-1"})
		}, []pathCode{{"evidence[0].kind", carecoord.FieldNotSupported}}},
		{"a reference of the wrong type", func() (transition.Checklist, error) {
			return transition.Complete(c, "interactive-contact", at, coordinator(), transition.Evidence{Kind: transition.EvidenceCommunication, Ref: "Encounter/e-1"})
		}, []pathCode{{"evidence[0].ref", carecoord.FieldInvalid}}},
		{"no reference", func() (transition.Checklist, error) {
			return transition.Complete(c, "interactive-contact", at, coordinator(), transition.Evidence{Kind: transition.EvidenceCommunication})
		}, []pathCode{{"evidence[0].ref", carecoord.FieldRequired}}},
		{"no time and no actor, with the evidence problem", func() (transition.Checklist, error) {
			return transition.Complete(c, "interactive-contact", time.Time{}, carecoord.Actor{})
		}, []pathCode{{"evidence", carecoord.FieldRequired}, {"at", carecoord.FieldRequired}, {"by.kind", carecoord.FieldRequired}, {"by.id", carecoord.FieldRequired}}},
		{"waive without a reason", func() (transition.Checklist, error) {
			return transition.Waive(c, "interactive-contact", at, coordinator(), carecoord.Coding{})
		}, []pathCode{{"reason", carecoord.FieldRequired}}},
		{"waive with a malformed reason", func() (transition.Checklist, error) {
			return transition.Waive(c, "interactive-contact", at, coordinator(), carecoord.Coding{System: "not a uri", Code: "x"})
		}, []pathCode{{"reason.system", carecoord.FieldInvalid}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.do()
			if diff := cmp.Diff(tt.want, pathCodes(t, err)); diff != "" {
				t.Errorf("errors mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(c, got, cmpOpts()); diff != "" {
				t.Errorf("a refused change returned another checklist (-want +got):\n%s", diff)
			}
		})
	}

	done := must(t)(transition.Complete(c, "interactive-contact", at, coordinator(), call))
	for name, do := range map[string]func() (transition.Checklist, error){
		"complete twice": func() (transition.Checklist, error) {
			return transition.Complete(done, "interactive-contact", at, coordinator(), call)
		},
		"waive a completed one": func() (transition.Checklist, error) {
			return transition.Waive(done, "interactive-contact", at, coordinator(), waiver())
		},
		"start a completed one": func() (transition.Checklist, error) {
			return transition.Start(done, "interactive-contact", at, coordinator())
		},
	} {
		if _, err := do(); !errors.Is(err, carecoord.ErrTransition) {
			t.Errorf("%s: error = %v, want ErrTransition", name, err)
		}
	}
	started := must(t)(transition.Start(c, "follow-up-visit", at, coordinator()))
	if _, err := transition.Complete(started, "follow-up-visit", at.Add(-time.Minute), coordinator(),
		transition.Evidence{Kind: transition.EvidenceEncounter, Ref: "Encounter/v-1"}); !hasPath(err, "at") {
		t.Errorf("completing before the item's last change: error = %v, want path at", err)
	}
}

// Complete and Waive return new values: the input is untouched, and two changes from one base do
// not share a history (slices.Clip before append).
func TestChangesDoNotMutateTheirInput(t *testing.T) {
	ny := newYork(t)
	dis := local(ny, "2025-08-29", 14, 0)
	base := instantiate(t, transition.PostDischargeTemplate(transition.RiskHigh, transition.PostDischargeOptions{}),
		discharged(ny, dis, transition.DispositionHome, transition.RiskHigh))
	base = must(t)(transition.Start(base, "interactive-contact", dis.Add(time.Hour), coordinator()))
	before := base.Clone()
	call := transition.Evidence{Kind: transition.EvidenceCommunication, Ref: "Communication/call-1"}
	a := must(t)(transition.Complete(base, "interactive-contact", dis.Add(2*time.Hour), coordinator(), call))
	b := must(t)(transition.Waive(base, "interactive-contact", dis.Add(3*time.Hour), coordinator(), waiver()))
	if diff := cmp.Diff(before, base, cmpOpts()); diff != "" {
		t.Errorf("Complete or Waive changed its input (-before +after):\n%s", diff)
	}
	ha, hb := item(t, a, "interactive-contact").History, item(t, b, "interactive-contact").History
	if len(ha) != 2 || len(hb) != 2 || ha[1].To != "completed" || hb[1].To != "cancelled" {
		t.Errorf("histories from one base: %v and %v", ha, hb)
	}
	ev := []transition.Evidence{call}
	c := must(t)(transition.Complete(base, "interactive-contact", dis.Add(2*time.Hour), coordinator(), ev...))
	ev[0].Ref = "Communication/changed"
	if got := item(t, c, "interactive-contact").Evidence[0].Ref; got != "Communication/call-1" {
		t.Errorf("the checklist shares the caller's evidence slice: now %s", got)
	}
}

// Medication reconciliation is due by the day of the follow-up visit: the visit's due day until it
// is done, then the day it was done.
func TestItemAnchoredDue(t *testing.T) {
	ny := newYork(t)
	dis := local(ny, "2025-08-29", 14, 0) // visit due by 2025-09-05 (7 days, high risk)
	c := instantiate(t, transition.PostDischargeTemplate(transition.RiskHigh, transition.PostDischargeOptions{}),
		discharged(ny, dis, transition.DispositionHome, transition.RiskHigh))
	if got := item(t, c, "medication-reconciliation").DueDay; got != civil.MustParse("2025-09-05") {
		t.Fatalf("med rec due %s before the visit, want the visit's due day 2025-09-05", got)
	}
	visit := transition.Evidence{Kind: transition.EvidenceEncounter, Ref: "Encounter/v-1"}
	meds := transition.Evidence{Kind: transition.EvidenceMedication, Ref: "List/m-1"}
	c = must(t)(transition.Complete(c, "follow-up-visit", local(ny, "2025-09-02", 10, 0), nurse(), visit))
	mr := item(t, c, "medication-reconciliation")
	if mr.DueDay != civil.MustParse("2025-09-02") || !mr.Start.Equal(local(ny, "2025-09-02", 10, 0)) {
		t.Fatalf("med rec due %s from %s, want 2025-09-02 from the visit", mr.DueDay, mr.Start)
	}
	late := must(t)(transition.Complete(c, "medication-reconciliation", local(ny, "2025-09-03", 9, 0), nurse(), meds))
	if st, d := item(t, late, "medication-reconciliation").State(local(ny, "2025-09-10", 0, 0)); st != transition.StateDoneLate || d != 9*time.Hour {
		t.Errorf("med rec the day after the visit: %s by %s, want done-late by 9h", st, d)
	}
	same := must(t)(transition.Complete(c, "medication-reconciliation", local(ny, "2025-09-02", 17, 0), nurse(), meds))
	if st, _ := item(t, same, "medication-reconciliation").State(local(ny, "2025-09-10", 0, 0)); st != transition.StateDoneOnTime {
		t.Errorf("med rec later on the visit day: %s, want done-on-time", st)
	}
}

// Both edges of a deadline, for each unit. An hour rule's due instant is the last allowed: done
// at it is on time, a nanosecond later late; open at it pending, a nanosecond later overdue. A
// day rule's due instant is the midnight that ends its due day, which is already the next day:
// the edges are a nanosecond before it (on time, pending) and the midnight itself (late,
// overdue).
func TestEvaluateEdges(t *testing.T) {
	ny := newYork(t)
	dis := local(ny, "2025-08-29", 14, 0)
	c := instantiate(t, transition.PostDischargeTemplate(transition.RiskHigh, transition.PostDischargeOptions{HomeVisits: true}),
		discharged(ny, dis, transition.DispositionHome, transition.RiskHigh))
	for _, k := range []transition.ItemKey{"interactive-contact", "home-visit", "follow-up-visit"} {
		it := item(t, c, k)
		due := it.Due
		if !it.DueDay.IsZero() {
			due = due.Add(-time.Nanosecond) // the last instant of the due day
		}
		for _, tt := range []struct {
			now  time.Time
			want transition.State
		}{{due, transition.StatePending}, {due.Add(time.Nanosecond), transition.StateOverdue}} {
			if st, _ := it.State(tt.now); st != tt.want {
				t.Errorf("%s open at due%+v: %s, want %s", k, tt.now.Sub(due), st, tt.want)
			}
		}
		ev := transition.EvidenceKind("")
		if len(it.Accepts) > 0 {
			ev = it.Accepts[0]
		}
		for _, tt := range []struct {
			done time.Time
			want transition.State
		}{{due, transition.StateDoneOnTime}, {due.Add(time.Nanosecond), transition.StateDoneLate}} {
			d := must(t)(transition.Complete(c, k, tt.done, coordinator(), transition.Evidence{Kind: ev, Ref: ev.ResourceType() + "/x"}))
			if st, _ := item(t, d, k).State(tt.done.Add(time.Hour)); st != tt.want {
				t.Errorf("%s done at due%+v: %s, want %s", k, tt.done.Sub(due), st, tt.want)
			}
		}
	}
	// The due day of the contact is Wednesday 2025-09-03; its due instant is the start of Thursday.
	if it := item(t, c, "interactive-contact"); !it.Due.Equal(local(ny, "2025-09-04", 0, 0)) {
		t.Errorf("contact due instant %s, want the end of 2025-09-03", it.Due)
	}
}

func TestEvaluateSummary(t *testing.T) {
	ny := newYork(t)
	dis := local(ny, "2025-08-29", 14, 0)
	c := instantiate(t, transition.PostDischargeTemplate(transition.RiskModerate, transition.PostDischargeOptions{HomeVisits: true}),
		discharged(ny, dis, transition.DispositionHome, transition.RiskModerate))
	c = must(t)(transition.Complete(c, "discharge-info-received", local(ny, "2025-09-01", 9, 0), coordinator(),
		transition.Evidence{Kind: transition.EvidenceDocument, Ref: "DocumentReference/d-1"})) // due 08-31: late
	c = must(t)(transition.Complete(c, "interactive-contact", local(ny, "2025-09-02", 9, 0), coordinator(),
		transition.Evidence{Kind: transition.EvidenceCommunication, Ref: "Communication/c-1"})) // due 09-03: on time
	c = must(t)(transition.Waive(c, "home-visit", local(ny, "2025-09-02", 9, 0), coordinator(), waiver()))
	now := local(ny, "2025-09-04", 12, 0)
	got := transition.Evaluate(c, now)
	want := transition.Evaluation{
		Summary: transition.Summary{
			Completion: carecoord.Rate{Num: 2, Den: 4}, OnTime: carecoord.Rate{Num: 1, Den: 4},
			Pending: 2, Next: "follow-up-visit", NextDue: local(ny, "2025-09-13", 0, 0),
		},
		Items: []transition.ItemResult{
			{Key: "discharge-info-received", Owner: transition.RoleCareCoordinator, Required: true, State: transition.StateDoneLate,
				Due: local(ny, "2025-09-01", 0, 0), DueDay: civil.MustParse("2025-08-31"), Late: 9 * time.Hour},
			{Key: "interactive-contact", Owner: transition.RoleCareCoordinator, Required: true, State: transition.StateDoneOnTime,
				Due: local(ny, "2025-09-04", 0, 0), DueDay: civil.MustParse("2025-09-03")},
			{Key: "home-visit", Owner: transition.RoleCareCoordinator, State: transition.StateWaived, Due: dis.Add(72 * time.Hour)},
			{Key: "follow-up-visit", Owner: transition.RolePrimaryCare, Required: true, State: transition.StatePending,
				Due: local(ny, "2025-09-13", 0, 0), DueDay: civil.MustParse("2025-09-12")},
			{Key: "medication-reconciliation", Owner: transition.RolePrimaryCare, Required: true, State: transition.StatePending,
				Due: local(ny, "2025-09-13", 0, 0), DueDay: civil.MustParse("2025-09-12")},
		},
	}
	if diff := cmp.Diff(want, got, cmpOpts()); diff != "" {
		t.Errorf("Evaluate mismatch (-want +got):\n%s", diff)
	}
	if p, ok := got.Completion.Percent(1); !ok || p.StringFixed(1) != "50.0" {
		t.Errorf("completion %s%%, want 50.0%%", p.StringFixed(1))
	}
	buf := make([]transition.ItemResult, 0, 8)
	if n := testing.AllocsPerRun(100, func() { buf, _ = transition.AppendEvaluate(buf[:0], &c, now) }); n != 0 {
		t.Errorf("AppendEvaluate allocates %v times with room in dst, want 0", n)
	}
}

// A checklist survives JSON once the host restores its location from the zone; the waiver's
// reason is kept in its history entry.
func TestChecklistJSON(t *testing.T) {
	ny := newYork(t)
	dis := local(ny, "2025-08-29", 14, 0)
	c := instantiate(t, transition.DischargeTemplate(), discharged(ny, dis, transition.DispositionHome, transition.RiskHigh))
	c = must(t)(transition.Complete(c, "admission-notified", dis.Add(-72*time.Hour), nurse(),
		transition.Evidence{Kind: transition.EvidenceCommunication, Ref: "Communication/adt-1"}))
	c = must(t)(transition.Waive(c, "services-and-equipment", dis.Add(-2*time.Hour), nurse(), waiver()))
	c = must(t)(transition.Start(c, "teach-back", dis.Add(-time.Hour), nurse()))
	if got := item(t, c, "services-and-equipment").WaiverReason(); got != waiver() {
		t.Errorf("WaiverReason = %v, want %v", got, waiver())
	}
	if got := item(t, c, "teach-back").WaiverReason(); !got.IsZero() {
		t.Errorf("WaiverReason of an open item = %v", got)
	}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var back transition.Checklist
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if _, err := transition.Complete(back, "teach-back", dis, nurse(), attest()); !hasPath(err, "location") {
		t.Errorf("Complete without the location: error = %v, want path location", err)
	}
	loc, err := time.LoadLocation(back.Zone)
	if err != nil {
		t.Fatal(err)
	}
	back.Location = loc
	if diff := cmp.Diff(c, back, cmpOpts()); diff != "" {
		t.Errorf("JSON round trip mismatch (-want +got):\n%s", diff)
	}
	if err := back.Validate(); err != nil {
		t.Errorf("Validate after the round trip: %v", err)
	}
}

func TestZeroValuesDoNotPanic(t *testing.T) {
	var l *transition.Localizer
	tx := l.For("es")
	if got := tx.Title("teach-back"); got != "teach-back" {
		t.Errorf("zero Text title = %q", got)
	}
	if got := tx.DaysLate(2); got != "2 days late" {
		t.Errorf("zero Text DaysLate = %q", got)
	}
	var c transition.Checklist
	if ev := transition.Evaluate(c, time.Time{}); len(ev.Items) != 0 || ev.Completion.Den != 0 {
		t.Errorf("Evaluate(zero) = %+v", ev)
	}
	if _, err := transition.Complete(c, "x", time.Time{}, carecoord.Actor{}); !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("Complete on the zero checklist: %v", err)
	}
	if _, err := transition.Skipped(c, "x", civil.USFederal()); !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("Skipped on the zero checklist: %v", err)
	}
	if _, err := transition.DecideTCM(transition.Event{}, transition.TCMServices{}, civil.USFederal()); !hasPath(err, "event.location") {
		t.Errorf("DecideTCM(zero event): %v", err)
	}
	if err := transition.Applies("nonsense", transition.Event{}); !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("Applies(invalid purpose) = %v", err)
	}
}

// A reused buffer gives the same checklist as a fresh one: nothing of the earlier checklist
// (statuses, evidence, histories) is left in it.
func TestAppendInstantiateReusesCleanly(t *testing.T) {
	ny := newYork(t)
	tpl := compile(t, transition.PostDischargeTemplate(transition.RiskHigh, transition.PostDischargeOptions{HomeVisits: true}))
	first := discharged(ny, local(ny, "2025-08-29", 14, 0), transition.DispositionHome, transition.RiskHigh)
	c, err := transition.Instantiate(tpl, first, civil.USFederal())
	if err != nil {
		t.Fatal(err)
	}
	c = must(t)(transition.Complete(c, "interactive-contact", first.Discharged.Add(time.Hour), coordinator(),
		transition.Evidence{Kind: transition.EvidenceCommunication, Ref: "Communication/c-1"}))
	c = must(t)(transition.Waive(c, "home-visit", first.Discharged.Add(time.Hour), coordinator(), waiver()))
	second := discharged(ny, local(ny, "2025-11-26", 9, 0), transition.DispositionHome, transition.RiskHigh)
	second.ID, second.Patient = "enc-2", "pat-2"
	want, err := transition.Instantiate(tpl, second, civil.USFederal())
	if err != nil {
		t.Fatal(err)
	}
	got, err := transition.AppendInstantiate(c.Items, tpl, second, civil.USFederal())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, cmpOpts()); diff != "" {
		t.Errorf("AppendInstantiate on a used buffer mismatch (-want +got):\n%s", diff)
	}
	if &got.Items[0] != &c.Items[0] {
		t.Errorf("AppendInstantiate did not reuse the buffer")
	}
}

// A checklist made by Instantiate owns its lists: writing into one item's prerequisites or
// accepted evidence changes neither the template nor the next checklist (found in review: the
// slices used to be the template's).
func TestInstantiateDoesNotShareTemplateLists(t *testing.T) {
	tpl, err := transition.NewTemplate(transition.PostDischargeTemplate(transition.RiskHigh, transition.PostDischargeOptions{HomeVisits: true}))
	if err != nil {
		t.Fatal(err)
	}
	e := population(t, 1)[0]
	first, err := transition.Instantiate(tpl, e, civil.USFederal())
	if err != nil {
		t.Fatal(err)
	}
	before, _ := transition.Instantiate(tpl, e, civil.USFederal())
	before = before.Clone()
	for i := range first.Items {
		for j := range first.Items[i].Prerequisites {
			first.Items[i].Prerequisites[j] = "scribbled"
		}
		for j := range first.Items[i].Accepts {
			first.Items[i].Accepts[j] = "scribbled"
		}
	}
	after, _ := transition.Instantiate(tpl, e, civil.USFederal())
	if diff := cmp.Diff(before.Items, after.Items); diff != "" {
		t.Errorf("writing into one checklist changed the next (-before +after):\n%s", diff)
	}
}

// A day rule is met through the last moment of its due day and missed from the midnight that
// ends it; an hour rule is met at its instant and missed just after (found in review: the
// midnight itself used to count as on time).
func TestDeadlineEdges(t *testing.T) {
	e := population(t, 1)[0]
	c, err := transition.Instantiate(compile(t, transition.PostDischargeTemplate(transition.RiskHigh, transition.PostDischargeOptions{HomeVisits: true})), e, civil.USFederal())
	if err != nil {
		t.Fatal(err)
	}
	var day, hour *transition.Item
	for i := range c.Items {
		it := &c.Items[i]
		switch {
		case day == nil && !it.DueDay.IsZero():
			day = it
		case hour == nil && it.DueDay.IsZero() && !it.Due.IsZero():
			hour = it
		}
	}
	if day == nil || hour == nil {
		t.Fatalf("the template has no day rule or no hour rule with a due time")
	}
	type edge struct {
		name string
		at   time.Time
		open transition.State // an open item evaluated at at
		done transition.State // an item completed at at
	}
	for _, tc := range []struct {
		it    *transition.Item
		edges []edge
	}{
		{day, []edge{
			{"last nanosecond of the due day", day.Due.Add(-time.Nanosecond), transition.StatePending, transition.StateDoneOnTime},
			{"the midnight that ends it", day.Due, transition.StateOverdue, transition.StateDoneLate},
		}},
		{hour, []edge{
			{"the due instant", hour.Due, transition.StatePending, transition.StateDoneOnTime},
			{"a nanosecond after", hour.Due.Add(time.Nanosecond), transition.StateOverdue, transition.StateDoneLate},
		}},
	} {
		for _, ed := range tc.edges {
			if got, _ := tc.it.State(ed.at); got != ed.open {
				t.Errorf("%s (%s) open at %s: %s, want %s", tc.it.Key, tc.it.Rule, ed.name, got, ed.open)
			}
			done := *tc.it
			done.Status, done.DoneAt = transition.ItemCompleted, ed.at
			if got, _ := done.State(ed.at); got != ed.done {
				t.Errorf("%s (%s) completed at %s: %s, want %s", tc.it.Key, tc.it.Rule, ed.name, got, ed.done)
			}
		}
	}
}
