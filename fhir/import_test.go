package fhir_test

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/fhir"
	"github.com/carecoord/carecoord/transition"
)

// A transaction bundle written for the project in the shape of FHIR R4's: the Encounter refers
// to its patient and its diagnosis by the entries' urn:uuid fullUrls, which Import resolves;
// the facility's zone comes from the default, and the resources carecoord keeps no record of
// are reported, not dropped silently.
func TestImportTransactionBundle(t *testing.T) {
	data, err := os.ReadFile("testdata/bundle-transaction.json")
	if err != nil {
		t.Fatal(err)
	}
	recs, issues, err := fhir.Import(data, fhir.ImportOptions{LoadLocation: time.LoadLocation, DefaultZone: "America/New_York"})
	if err != nil {
		t.Fatal(err)
	}
	ny, _ := time.LoadLocation("America/New_York")
	want := []transition.Event{transition.Event{
		Kind:        transition.KindDischarge,
		Patient:     "pat-68",
		Facility:    carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "general-hospital"},
		Setting:     transition.SettingAcuteInpatient,
		Admitted:    time.Date(2026, 3, 2, 21, 40, 0, 0, ny),
		Discharged:  time.Date(2026, 3, 6, 11, 15, 0, 0, ny),
		Disposition: transition.DispositionHomeHealth,
		Diagnoses:   []carecoord.Coding{{System: carecoord.SystemICD10CM, Code: "I21.4", Display: "Non-ST elevation (NSTEMI) myocardial infarction"}},
	}.WithLocation(ny)}
	if diff := cmp.Diff(want, recs.Events, locationByName); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	wantIssues := []fhir.Issue{
		{Path: "Bundle.entry[0].resource", Code: fhir.IssueNotMappedResource},
		{Path: "Bundle.entry[3].resource", Code: fhir.IssueNotMappedResource},
	}
	if diff := cmp.Diff(wantIssues, issues, ignoreIssueDetail); diff != "" {
		t.Errorf("issues (-want +got):\n%s", diff)
	}
}

// An entry that cannot be mapped is named in the error; the others are still returned.
func TestImportNamesTheEntryThatFails(t *testing.T) {
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"resource":{"resourceType":"Encounter","status":"finished","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"EMER"},` +
		`"subject":{"reference":"Patient/p1"},"period":{"start":"2026-01-05T10:00:00Z","end":"2026-01-05T14:00:00Z"},` +
		`"hospitalization":{"dischargeDisposition":{"coding":[{"system":"https://www.nubc.org/CodeSystem/PatDischargeStatus","code":"01"}]}},` +
		`"serviceProvider":{"reference":"Organization/h1"}}},` +
		`{"resource":{"resourceType":"Encounter","status":"finished","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"EMER"},` +
		`"subject":{"reference":"Patient/p2"},"period":{"start":"2026-01-05"},"serviceProvider":{"reference":"Organization/h1"}}}]}`
	recs, _, err := fhir.Import([]byte(bundle), fhir.ImportOptions{LoadLocation: time.LoadLocation, DefaultZone: "UTC"})
	var list carecoord.FieldErrors
	if !errors.As(err, &list) || !list.Has("Bundle.entry[1].resource.period.start", carecoord.FieldInvalid) {
		t.Errorf("err = %v, want entry[1]'s period.start named", err)
	}
	if len(recs.Events) != 1 || recs.Events[0].Patient != "p1" {
		t.Errorf("events = %v, want the first entry's", recs.Events)
	}
}
