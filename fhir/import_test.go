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

// Nothing is dropped silently: a Bundle inside the bundle, and the ServiceRequest of a Task that
// Import does not read (a patient's task), are reported. A bundle of a type whose entries are
// not records (a history, a response, a message) is refused, and so is one with no type.
func TestImportReportsWhatItDoesNotRead(t *testing.T) {
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"resource":{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Condition","id":"c1"}}]}},` +
		`{"resource":{"resourceType":"Task","status":"requested","intent":"order","code":{"coding":[{"system":"http://hl7.org/fhir/CodeSystem/task-code","code":"approve"}]},"focus":{"reference":"ServiceRequest/sr1"}}},` +
		`{"resource":{"resourceType":"ServiceRequest","id":"sr1","status":"active","intent":"order","subject":{"reference":"Patient/p1"}}}]}`
	_, issues, err := fhir.Import([]byte(bundle), fhir.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []fhir.Issue{
		{Path: "Bundle.entry[0].resource", Code: fhir.IssueNotMappedResource},
		{Path: "Bundle.entry[1].resource", Code: fhir.IssueNotMappedResource},
		{Path: "Bundle.entry[2].resource", Code: fhir.IssueNotMappedResource},
	}
	if diff := cmp.Diff(want, issues, ignoreIssueDetail); diff != "" {
		t.Errorf("issues (-want +got):\n%s", diff)
	}
	for _, tt := range []struct{ typ, code string }{{`"type":"history",`, string(carecoord.FieldNotSupported)}, {``, string(carecoord.FieldRequired)}} {
		data := `{"resourceType":"Bundle",` + tt.typ + `"entry":[{"resource":{"resourceType":"Condition","id":"c1"}}]}`
		_, _, err := fhir.Import([]byte(data), fhir.ImportOptions{})
		var list carecoord.FieldErrors
		var fe *carecoord.FieldError
		if !(errors.As(err, &list) && list.Has("Bundle.type", carecoord.FieldCode(tt.code)) || errors.As(err, &fe) && fe.Path == "Bundle.type" && string(fe.Code) == tt.code) {
			t.Errorf("bundle %s: err = %v, want %s at Bundle.type", tt.typ, err, tt.code)
		}
	}
}

// A relative reference to a Type/id that two entries from different servers share is not
// resolved to either (which one it means depends on the referring entry's base): it is
// reported as unresolved, never read as the other server's resource.
func TestImportAmbiguousTypeAndID(t *testing.T) {
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"fullUrl":"http://a.example/fhir/Condition/dx1","resource":{"resourceType":"Condition","id":"dx1","code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"I21.4"}]}}},` +
		`{"fullUrl":"http://b.example/fhir/Condition/dx1","resource":{"resourceType":"Condition","id":"dx1","code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"J18.9"}]}}},` +
		`{"fullUrl":"http://b.example/fhir/Encounter/e1","resource":{"resourceType":"Encounter","status":"finished","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"EMER"},` +
		`"subject":{"reference":"Patient/p1"},"period":{"start":"2026-01-05T10:00:00Z","end":"2026-01-05T14:00:00Z"},` +
		`"diagnosis":[{"condition":{"reference":"Condition/dx1"}}],` +
		`"hospitalization":{"dischargeDisposition":{"coding":[{"system":"https://www.nubc.org/CodeSystem/PatDischargeStatus","code":"01"}]}},` +
		`"serviceProvider":{"reference":"Organization/h1"}}}]}`
	recs, issues, err := fhir.Import([]byte(bundle), fhir.ImportOptions{LoadLocation: time.LoadLocation, DefaultZone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs.Events) != 1 || len(recs.Events[0].Diagnoses) != 0 {
		t.Errorf("events = %v, want one with no diagnosis", recs.Events)
	}
	found := false
	for _, is := range issues {
		found = found || is.Path == "Bundle.entry[2].resource.diagnosis[0].condition" && is.Code == fhir.IssueUnresolvedReference
	}
	if !found {
		t.Errorf("issues = %v, want the diagnosis unresolved", issues)
	}
}
