package fhir_test

import (
	"errors"
	"os"
	"slices"
	"strings"
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

// Encounter.status is a modifier with a required binding: an encounter that was planned,
// cancelled or entered in error is no event that happened, and a status is required. A
// diagnosis whose Condition is refuted is no diagnosis, and one whose Condition carries a
// modifier extension cannot be read safely.
func TestEncounterStatusAndDiagnosisModifiers(t *testing.T) {
	base, err := os.ReadFile("testdata/encounter-discharge.json")
	if err != nil {
		t.Fatal(err)
	}
	read := func(t *testing.T, from, to string) (transition.Event, []fhir.Issue, error) {
		t.Helper()
		data := []byte(strings.Replace(string(base), from, to, 1))
		r, _, err := fhir.Unmarshal(data, fhir.DecodeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return fhir.EventFromEncounter(r.(*fhir.Encounter), time.LoadLocation, "")
	}
	for _, tt := range []struct {
		status, path string
		code         carecoord.FieldCode
	}{
		{`"status": "entered-in-error",`, "Encounter.status", carecoord.FieldNotSupported},
		{`"status": "cancelled",`, "Encounter.status", carecoord.FieldNotSupported},
		{`"status": "planned",`, "Encounter.status", carecoord.FieldNotSupported},
		{``, "Encounter.status", carecoord.FieldRequired},
	} {
		_, _, err := read(t, `"status": "finished",`, tt.status)
		var list carecoord.FieldErrors
		if !errors.As(err, &list) || !list.Has(tt.path, tt.code) {
			t.Errorf("status %q: err = %v, want %s at %s", tt.status, err, tt.code, tt.path)
		}
	}
	// A status that disagrees with period is reported; period wins.
	ev, issues, err := read(t, `"status": "finished",`, `"status": "in-progress",`)
	if err != nil || !ev.Ended() || !slices.ContainsFunc(issues, func(is fhir.Issue) bool { return is.Path == "Encounter.status" }) {
		t.Errorf("in-progress with an end: ended %v, issues %v, err %v", ev.Ended(), issues, err)
	}

	ev, issues, err = read(t, `"id": "dx1",`, `"id": "dx1", "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "refuted"}]},`)
	if err != nil || len(ev.Diagnoses) != 0 || !slices.ContainsFunc(issues, func(is fhir.Issue) bool {
		return is.Path == "Encounter.diagnosis[0].condition" && is.Code == fhir.IssueUnsupportedValue
	}) {
		t.Errorf("refuted diagnosis: diagnoses %v, issues %v, err %v", ev.Diagnoses, issues, err)
	}
	_, _, err = read(t, `"id": "dx1",`, `"id": "dx1", "modifierExtension": [{"url": "http://example.org/not-really", "valueBoolean": true}],`)
	var list carecoord.FieldErrors
	if !errors.As(err, &list) || !list.Has("Encounter.contained[0].modifierExtension[0]", carecoord.FieldNotSupported) {
		t.Errorf("diagnosis with a modifier extension: err = %v", err)
	}
}

// The extensions of an Encounter's primitive values that the mapping does not read are
// reported, not dropped: one on status, and one on period.start beside the time zone.
func TestEncounterPrimitiveExtensionsReported(t *testing.T) {
	data, err := os.ReadFile("testdata/encounter-discharge.json")
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(data), `"status": "finished",`, `"status": "finished", "_status": {"extension": [{"url": "http://example.org/source-status", "valueString": "DC"}]},`, 1)
	s = strings.Replace(s, `"valueCode": "America/New_York"}`, `"valueCode": "America/New_York"}, {"url": "http://example.org/x", "valueString": "y"}`, 1)
	r, _, err := fhir.Unmarshal([]byte(s), fhir.DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, issues, err := fhir.EventFromEncounter(r.(*fhir.Encounter), time.LoadLocation, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"Encounter._status", "Encounter.period._start.extension[1]"} {
		if !slices.ContainsFunc(issues, func(is fhir.Issue) bool { return is.Path == path && is.Code == fhir.IssueNotMapped }) {
			t.Errorf("no not-mapped issue at %s: %v", path, issues)
		}
	}
}

// An extension on a data type or an element that no mapping reads (here on the class Coding and
// on a participant) is reported, not dropped without a word; carecoord's own, where a mapping
// reads them, are not.
func TestExtensionsOnElementsAreReported(t *testing.T) {
	data := []byte(`{"resourceType":"Encounter","status":"finished",` +
		`"class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"IMP","extension":[{"url":"http://example.org/x","valueString":"y"}]},` +
		`"participant":[{"extension":[{"url":"http://example.org/p","valueBoolean":true}],"individual":{"reference":"Practitioner/d"}}],` +
		`"meta":{"extension":[{"url":"https://github.com/carecoord/carecoord/fhir/StructureDefinition/updated-by","valueReference":{"reference":"Practitioner/d"}}]}}`)
	_, issues, err := fhir.Unmarshal(data, fhir.DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []fhir.Issue{
		{Path: "Encounter.class.extension", Code: fhir.IssueNotMapped},
		{Path: "Encounter.participant[0].extension", Code: fhir.IssueNotMapped},
	}
	if diff := cmp.Diff(want, issues, ignoreIssueDetail); diff != "" {
		t.Errorf("issues (-want +got):\n%s", diff)
	}
}
