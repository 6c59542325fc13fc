package fhir_test

import (
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/fhir"
	"github.com/carecoord/carecoord/transition"
	"github.com/carecoord/carecoord/transition/transitiontest"
)

// ignoreIssueDetail compares issues by path and code: the detail is English for developers.
var ignoreIssueDetail = cmp.Comparer(func(a, b fhir.Issue) bool { return a.Path == b.Path && a.Code == b.Code })

// locationByName compares time zones by their IANA names: a *time.Location has unexported
// fields, and two loads of one zone are the same zone.
var locationByName = cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() })

// Round trip: every valid event, written as an Encounter in JSON and read back, is the same
// event, with nothing reported.
func TestEventEncounterRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ev := transitiontest.Event("stay-1").Draw(t, "event")
		ev.Version = int64(rapid.IntRange(0, 5).Draw(t, "version"))
		enc, err := fhir.EncounterOf(ev)
		if err != nil {
			t.Fatalf("EncounterOf: %v", err)
		}
		data, err := fhir.Marshal(enc)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		r, issues, err := fhir.Unmarshal(data, fhir.DecodeOptions{})
		if err != nil || len(issues) > 0 {
			t.Fatalf("Unmarshal: %v, issues %v\n%s", err, issues, data)
		}
		got, issues, err := fhir.EventFromEncounter(r.(*fhir.Encounter), time.LoadLocation, "")
		if err != nil || len(issues) > 0 {
			t.Fatalf("EventFromEncounter: %v, issues %v\n%s", err, issues, data)
		}
		if diff := cmp.Diff(ev, got, locationByName); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s\n%s", diff, data)
		}
	})
}

// A discharge Encounter written for the project in the shape of the FHIR R4 examples (an
// inpatient stay with its disposition, attending and a contained diagnosis) reads as the event
// a hospital's ADT feed would have given, with the narrative and the derived kind and setting
// reported.
func TestDischargeEncounterFixture(t *testing.T) {
	data, err := os.ReadFile("testdata/encounter-discharge.json")
	if err != nil {
		t.Fatal(err)
	}
	r, issues, err := fhir.Unmarshal(data, fhir.DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ev, mapIssues, err := fhir.EventFromEncounter(r.(*fhir.Encounter), time.LoadLocation, "")
	if err != nil {
		t.Fatal(err)
	}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	want := transition.Event{
		Meta:        carecoord.Meta{ID: "stay-1001", Version: 3, UpdatedAt: time.Date(2026, 3, 6, 16, 0, 0, 0, time.UTC)},
		Kind:        transition.KindDischarge,
		Patient:     "pat-68",
		Facility:    carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "general-hospital", Display: "General Hospital"},
		Setting:     transition.SettingAcuteInpatient,
		Admitted:    time.Date(2026, 3, 2, 21, 40, 0, 0, ny),
		Discharged:  time.Date(2026, 3, 6, 11, 15, 0, 0, ny),
		Disposition: transition.DispositionHome,
		Diagnoses:   []carecoord.Coding{{System: carecoord.SystemICD10CM, Code: "I21.4"}},
		Attending:   carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "dr-lee"},
	}.WithLocation(ny)
	if diff := cmp.Diff(want, ev, locationByName); diff != "" {
		t.Errorf("event (-want +got):\n%s", diff)
	}
	wantIssues := []fhir.Issue{
		{Path: "Encounter.text", Code: fhir.IssueNotMapped},
		{Path: "Encounter.class", Code: fhir.IssueAssumed},
		{Path: "Encounter.type", Code: fhir.IssueAssumed},
	}
	if diff := cmp.Diff(wantIssues, append(issues, mapIssues...), ignoreIssueDetail); diff != "" {
		t.Errorf("issues (-want +got):\n%s", diff)
	}
}
