package metrics_test

import (
	"testing"
	"time"
	_ "time/tzdata" // America/New_York whatever the host's zoneinfo

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/transition"
	"github.com/google/go-cmp/cmp"
)

// A post-discharge checklist worked by a care coordinator becomes the services the TRC and MRP
// measures read: the discharge information, a failed call and a reached one, the visit and the
// reconciliation, each on its New York day; the open and waived items record nothing.
func TestChecklistServices(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	at := func(day string, hh int) time.Time {
		return civil.MustParse(day).In(ny).Add(time.Duration(hh) * time.Hour)
	}
	e := transition.Event{
		Meta: carecoord.Meta{ID: "enc-1"}, Kind: transition.KindDischarge, Patient: "pat-1",
		Facility: carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "general-hospital"},
		Setting:  transition.SettingAcuteInpatient, Admitted: at("2025-03-06", 10), Discharged: at("2025-03-10", 15),
		Disposition: transition.DispositionHome,
		PrimaryCare: carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "main-street-practice"},
		Risk:        transition.RiskHigh,
	}.WithLocation(ny)
	tpl, err := transition.NewTemplate(transition.PostDischargeTemplate(transition.RiskHigh, transition.PostDischargeOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	c, err := transition.Instantiate(tpl, e, civil.USFederal())
	if err != nil {
		t.Fatal(err)
	}
	cc := carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "cc-1"}
	doc := carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "md-1"}
	steps := []func(transition.Checklist) (transition.Checklist, error){
		func(c transition.Checklist) (transition.Checklist, error) {
			return transition.Complete(c, "discharge-info-received", at("2025-03-11", 9), cc,
				transition.Evidence{Kind: transition.EvidenceDocument, Ref: "DocumentReference/ds-1"})
		},
		func(c transition.Checklist) (transition.Checklist, error) {
			return transition.Attempt(c, "interactive-contact", at("2025-03-11", 23), cc) // 04:00 UTC on the 12th
		},
		func(c transition.Checklist) (transition.Checklist, error) {
			return transition.Complete(c, "interactive-contact", at("2025-03-12", 11), cc, transition.Evidence{Kind: transition.EvidenceCommunication, Ref: "Communication/call-2"})
		},
		func(c transition.Checklist) (transition.Checklist, error) {
			return transition.Complete(c, "follow-up-visit", at("2025-03-14", 10), doc, transition.Evidence{Kind: transition.EvidenceEncounter, Ref: "Encounter/v-1"})
		},
		func(c transition.Checklist) (transition.Checklist, error) {
			return transition.Complete(c, "medication-reconciliation", at("2025-03-14", 11), doc, transition.Evidence{Kind: transition.EvidenceMedication, Ref: "List/meds-3"})
		},
	}
	for i, step := range steps {
		if c, err = step(c); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	got := metrics.AppendChecklistServices(nil, c, nil, nil)
	day := civil.MustParse
	want := []metrics.Service{
		{Patient: "pat-1", Day: day("2025-03-11"), Kind: metrics.ServiceDischargeInfo, By: cc},
		{Patient: "pat-1", Day: day("2025-03-11"), Kind: metrics.ServiceTelephone, By: cc, Attempt: true},
		{Patient: "pat-1", Day: day("2025-03-12"), Kind: metrics.ServiceTelephone, By: cc},
		{Patient: "pat-1", Day: day("2025-03-14"), Kind: metrics.ServiceVisit, By: doc},
		{Patient: "pat-1", Day: day("2025-03-14"), Kind: metrics.ServiceMedRec, By: doc},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("services (-want +got):\n%s", diff)
	}
	for i, s := range got {
		if err := s.Validate(); err != nil {
			t.Errorf("service %d: %v", i, err)
		}
	}
	// The services feed the measures: received on day 1 and reconciled on day 4 of the
	// 2025 discharge, engaged on day 2.
	stay, ok := metrics.StayFromEvent(e)
	if !ok {
		t.Fatal("no stay from the event")
	}
	for _, rules := range []metrics.FollowUpRules{metrics.TRCDischargeInfo(2025), metrics.TRCEngagement(2025), metrics.TRCMedRec(2025), metrics.MRP(2025)} {
		res, err := metrics.FollowUp([]metrics.Stay{stay}, got, rules, metrics.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r := res.Rate(); r != (carecoord.Rate{Num: 1, Den: 1}) {
			t.Errorf("%s: %v, want 1/1", rules.Measure, r)
		}
	}
	// In UTC the late attempt falls on the 12th.
	if utc := metrics.AppendChecklistServices(nil, c, time.UTC, nil); utc[1].Day != day("2025-03-12") {
		t.Errorf("attempt read in UTC on %s, want 2025-03-12", utc[1].Day)
	}
}
