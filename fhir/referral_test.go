package fhir_test

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/fhir"
	"github.com/carecoord/carecoord/referral"
	"github.com/carecoord/carecoord/referral/referraltest"
)

// referralRoundTrip writes r as ReferralOf does, in JSON, and reads it back both ways: with
// Import, and with ReferralFromTask on the bundle's two entries. Each must give r back with
// nothing reported.
func referralRoundTrip(t *rapid.T, r referral.Referral) {
	b, err := fhir.ReferralOf(r)
	if err != nil {
		t.Fatalf("ReferralOf: %v", err)
	}
	data, err := fhir.Marshal(b)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	recs, issues, err := fhir.Import(data, fhir.ImportOptions{})
	if err != nil || len(issues) > 0 || len(recs.Referrals) != 1 {
		t.Fatalf("Import: %v, issues %v, %d referrals\n%s", err, issues, len(recs.Referrals), data)
	}
	if diff := cmp.Diff(r, recs.Referrals[0]); diff != "" {
		t.Fatalf("Import round trip (-want +got):\n%s\n%s", diff, data)
	}
	res, _, err := fhir.Unmarshal(data, fhir.DecodeOptions{})
	if err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	entries := res.(*fhir.Bundle).Entry
	got, issues, err := fhir.ReferralFromTask(entries[1].Resource.(*fhir.Task), entries[0].Resource.(*fhir.ServiceRequest))
	if err != nil || len(issues) > 0 {
		t.Fatalf("ReferralFromTask: %v, issues %v\n%s", err, issues, data)
	}
	if diff := cmp.Diff(r, got); diff != "" {
		t.Fatalf("ReferralFromTask round trip (-want +got):\n%s\n%s", diff, data)
	}
}

// Round trip: every referral referraltest generates, written as a ServiceRequest and a Task
// and read back, is the same referral, with nothing reported.
func TestReferralRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := referraltest.Referral("ref-1").Draw(t, "referral")
		r.Version = int64(rapid.IntRange(0, 5).Draw(t, "version"))
		referralRoundTrip(t, r)
	})
}

// Round trip of referrals that lived: moved by events through the profile's table, so that
// they carry histories, event logs, outcomes and their documents, interim reports,
// appointments, business statuses, status reasons, acknowledgements and the referral that
// re-sends them, with times to the nanosecond in any zone.
func TestLivedReferralRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		referralRoundTrip(t, livedReferral().Draw(t, "referral"))
	})
}

// livedReferral generates valid referrals built by referral.Move and referral.Apply from a
// draft: a random sequence of events, each applied when the referral's rules allow it.
func livedReferral() *rapid.Generator[referral.Referral] {
	return rapid.Custom(func(t *rapid.T) referral.Referral {
		zone := time.FixedZone("", 60*rapid.IntRange(-12*60, 14*60).Draw(t, "offset minutes"))
		at := time.Date(2026, 1, 5, 9, 0, 0, rapid.IntRange(0, 999_999_999).Draw(t, "ns"), zone)
		display := rapid.SampledFrom([]string{"", "Main Street Clinic"}).Draw(t, "display")
		clinic := carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "clinic-1", Display: display}
		performer := rapid.SampledFrom([]carecoord.Actor{{}, {Kind: carecoord.ActorOrganization, ID: "food-bank"},
			{Kind: carecoord.ActorPractitionerRole, ID: "cardio-7", Display: "Dr Diaz"}}).Draw(t, "performer")
		codings := rapid.SampledFrom([]carecoord.Coding{
			{System: carecoord.SystemSNOMED, Code: "467771000124109", Display: "Assistance with application for food pantry program"},
			{System: carecoord.SystemICD10CM, Code: "I21.4"},
			{System: carecoord.SystemSDOHCCTemporary, Code: "no-capacity"},
			{System: carecoord.SystemLOINC, Code: "11488-4", Display: "Consult note"},
		})
		r := referral.Referral{
			Meta:      carecoord.Meta{ID: "ref-9", Version: int64(rapid.IntRange(0, 4).Draw(t, "version")), UpdatedAt: at, UpdatedBy: clinic},
			Profile:   rapid.SampledFrom(referral.Profiles()).Draw(t, "profile"),
			Patient:   "pat-1",
			Kind:      rapid.SampledFrom(referral.Kinds()).Draw(t, "kind"),
			Requester: clinic,
			Performer: performer,
			Service:   codings.Draw(t, "service"),
			Reasons:   rapid.SliceOfN(codings, 0, 2).Draw(t, "reasons"),
			Priority:  rapid.SampledFrom(referral.Priorities()).Draw(t, "priority"),
			Status:    referral.StatusDraft,
		}
		if len(r.Reasons) == 0 {
			r.Reasons = nil // as a referral read back has them
		}
		if rapid.IntRange(0, 9).Draw(t, "sent") > 0 { // most referrals are sent
			at = at.Add(time.Minute)
			r, _ = referral.Move(r, referral.StatusRequested, referral.Requester, at, clinic, carecoord.Coding{})
		}
		// Each step tries a few events and applies the first the referral's rules allow.
		for i := range rapid.IntRange(0, 8).Draw(t, "steps") {
			at = at.Add(time.Duration(rapid.IntRange(1, 72*3600).Draw(t, "seconds")) * time.Second)
			for range 6 {
				next, err := referral.Apply(r, drawEvent(t, "e"+strconv.Itoa(i), at, r.Performer, clinic, codings))
				// Apply lets an acknowledged referral become entered-in-error, which Validate
				// refuses (the acknowledgement needs a completed referral): skip that one.
				if err == nil && next.Validate() == nil {
					r = next
					break
				}
			}
		}
		if rapid.Bool().Draw(t, "resend") {
			if old, _, err := referral.Resend(r, "ref-10", carecoord.Actor{}, at.Add(time.Hour), clinic); err == nil {
				r = old
			}
		}
		return r
	})
}

// drawEvent draws an event with this id and time, sent by the performer (performer, or a
// community organisation claiming an open referral) or the requester (clinic).
func drawEvent(t *rapid.T, id string, at time.Time, performer, clinic carecoord.Actor, codings *rapid.Generator[carecoord.Coding]) referral.Event {
	ev := referral.Event{ID: id, At: at, Kind: rapid.SampledFrom(referral.EventKinds()).Draw(t, "kind"), Side: referral.Performer, By: performer}
	if ev.By.IsZero() {
		ev.By = carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "food-bank"}
	}
	switch ev.Kind {
	case referral.EventStatus:
		ev.To = rapid.SampledFrom(referral.Statuses()).Draw(t, "to")
		ev.Side = rapid.SampledFrom(referral.Sides()).Draw(t, "side")
		if rapid.Bool().Draw(t, "with reason") {
			ev.Reason = codings.Draw(t, "reason")
		}
	case referral.EventBooked:
		ev.Appointment = at.Add(time.Duration(rapid.IntRange(1, 30).Draw(t, "days")) * 24 * time.Hour)
	case referral.EventInterim, referral.EventOutcome:
		ev.Outcome = referral.Outcome{Result: codings.Draw(t, "result"), At: at, By: ev.By,
			Documents: rapid.SliceOfN(rapid.SampledFrom([]string{"DocumentReference/dr-1", "Procedure/p-2"}), 0, 2).Draw(t, "documents")}
		if len(ev.Outcome.Documents) == 0 {
			ev.Outcome.Documents = nil // as an outcome read back has them
		}
	case referral.EventAcknowledged:
		ev.Side = referral.Requester
	}
	if ev.Side == referral.Requester {
		ev.By = clinic
	}
	return ev
}

// A community referral written for the project in the shape of the Gravity SDOH Clinical Care
// IG's examples (a ServiceRequest for help applying to a food pantry, for a food-insecurity
// Condition, and a completed SDOHCC-TaskForReferralManagement whose outputs are the activity
// done, coded and as a Procedure) reads as the referral, with what it does not say derived and
// reported.
func TestFoodPantryReferralFixture(t *testing.T) {
	data, err := os.ReadFile("testdata/referral-food-pantry.json")
	if err != nil {
		t.Fatal(err)
	}
	recs, issues, err := fhir.Import(data, fhir.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pantry := carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "org-eastside-pantry", Display: "Eastside Community Food Pantry"}
	service := carecoord.Coding{System: carecoord.SystemSNOMED, Code: "467771000124109", Display: "Assistance with application for food pantry program"}
	est := time.FixedZone("", -5*3600)
	want := []referral.Referral{{
		Meta:       carecoord.Meta{ID: "task-food-1", Version: 4, UpdatedAt: time.Date(2026, 2, 18, 15, 20, 5, 118_000_000, time.UTC)},
		Profile:    referral.ProfileSDOHCC,
		Patient:    "pat-4521",
		Kind:       referral.KindCommunity,
		Requester:  carecoord.Actor{Kind: carecoord.ActorPractitionerRole, ID: "pr-rivera", Display: "Dr Ana Rivera, Family Medicine"},
		Performer:  pantry,
		Service:    service,
		Reasons:    []carecoord.Coding{{System: carecoord.SystemSNOMED, Code: "733423003", Display: "Food insecurity"}},
		Priority:   referral.PriorityRoutine,
		Status:     referral.StatusCompleted,
		AuthoredOn: time.Date(2026, 2, 10, 14, 30, 12, 0, est),
		Outcomes: []referral.Outcome{{Result: service, Documents: []string{"Procedure/proc-food-1"},
			At: time.Date(2026, 2, 18, 10, 20, 5, 0, est), By: pantry}},
	}}
	if diff := cmp.Diff(want, recs.Referrals); diff != "" {
		t.Errorf("referrals (-want +got):\n%s", diff)
	}
	task, sr := "Bundle.entry[3].resource", "Bundle.entry[2].resource"
	wantIssues := []fhir.Issue{
		{Path: "Bundle.entry[0].resource", Code: fhir.IssueNotMappedResource}, // Patient
		{Path: "Bundle.entry[4].resource", Code: fhir.IssueNotMappedResource}, // Procedure
		{Path: task + ".meta.profile", Code: fhir.IssueNotMapped},
		{Path: sr + ".meta", Code: fhir.IssueNotMapped},
		{Path: sr + ".category[1]", Code: fhir.IssueNotMapped}, // the SDOH domain
		{Path: sr + ".category", Code: fhir.IssueAssumed},      // community, from SNOMED CT
		{Path: task + ".meta.profile", Code: fhir.IssueAssumed},
		{Path: task + ".priority", Code: fhir.IssueAssumed},
		{Path: task + ".output[0]", Code: fhir.IssueAssumed}, // returned at lastModified
		{Path: task + ".output[0]", Code: fhir.IssueAssumed}, // by the owner
		{Path: task + ".lastModified", Code: fhir.IssueNotMapped},
	}
	if diff := cmp.Diff(wantIssues, issues, ignoreIssueDetail); diff != "" {
		t.Errorf("issues (-want +got):\n%s", diff)
	}
}

// A cardiology referral as carecoord writes it (core profile, 360X-style: sent, accepted, the
// first visit booked), to which another system added a narrative and a supporting document,
// reads as the referral, with the additions reported.
func TestCardiologyReferralFixture(t *testing.T) {
	data, err := os.ReadFile("testdata/referral-cardiology.json")
	if err != nil {
		t.Fatal(err)
	}
	recs, issues, err := fhir.Import(data, fhir.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	edt := time.FixedZone("", -4*3600)
	pcp := carecoord.Actor{Kind: carecoord.ActorPractitionerRole, ID: "pr-okafor", Display: "Dr Grace Okafor, Internal Medicine"}
	heart := carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "org-heart-clinic", Display: "Riverside Heart Clinic"}
	sent := time.Date(2026, 3, 9, 10, 5, 0, 0, edt)
	accepted := time.Date(2026, 3, 9, 15, 30, 0, 0, edt)
	booked := time.Date(2026, 3, 10, 8, 45, 0, 0, edt)
	visit := time.Date(2026, 3, 16, 9, 0, 0, 0, edt)
	want := []referral.Referral{{
		Meta:        carecoord.Meta{ID: "ref-cardio-1", Version: 3, UpdatedAt: booked, UpdatedBy: heart},
		Profile:     referral.ProfileCore,
		Patient:     "pat-68",
		Kind:        referral.KindSpecialist,
		Requester:   pcp,
		Performer:   heart,
		Service:     carecoord.Coding{System: carecoord.SystemNUCCTaxonomy, Code: "207RC0000X", Display: "Cardiovascular Disease Physician"},
		Reasons:     []carecoord.Coding{{System: carecoord.SystemICD10CM, Code: "I21.4", Display: "Non-ST elevation (NSTEMI) myocardial infarction"}},
		Priority:    referral.PriorityUrgent,
		Status:      referral.StatusInProgress,
		Business:    referral.BusinessAppointmentBooked,
		Appointment: visit,
		AuthoredOn:  sent,
		History: []carecoord.Transition{
			{From: "draft", To: "requested", At: sent, By: pcp},
			{From: "requested", To: "accepted", At: accepted, By: heart},
			{From: "accepted", To: "in-progress", At: booked, By: heart},
		},
		Events: []referral.Event{
			{ID: "msg-101", Kind: referral.EventStatus, Side: referral.Performer, By: heart, At: accepted, To: referral.StatusAccepted},
			{ID: "msg-102", Kind: referral.EventBooked, Side: referral.Performer, By: heart, At: booked, Appointment: visit},
		},
	}}
	if diff := cmp.Diff(want, recs.Referrals); diff != "" {
		t.Errorf("referrals (-want +got):\n%s", diff)
	}
	wantIssues := []fhir.Issue{
		{Path: "Bundle.entry[0].resource.supportingInfo", Code: fhir.IssueNotMapped},
		{Path: "Bundle.entry[1].resource.text", Code: fhir.IssueNotMapped},
	}
	if diff := cmp.Diff(wantIssues, issues, ignoreIssueDetail); diff != "" {
		t.Errorf("issues (-want +got):\n%s", diff)
	}
}

// What would change the meaning of a referral, or is not one, is refused, each at its path.
func TestReferralRefusals(t *testing.T) {
	data, err := os.ReadFile("testdata/referral-cardiology.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, old, new, path string
		code                 carecoord.FieldCode
	}{
		{"do not perform", `"intent": "order",`, `"intent": "order", "doNotPerform": true,`, "Bundle.entry[0].resource.doNotPerform", carecoord.FieldNotAllowed},
		{"a proposal", `"intent": "order",`, `"intent": "proposal",`, "Bundle.entry[0].resource.intent", carecoord.FieldNotSupported},
		{"another patient", `"subject": {"reference": "Patient/pat-68"}`, `"subject": {"reference": "Patient/pat-69"}`, "Bundle.entry[0].resource.subject", carecoord.FieldInvalid},
		{"no order", `"focus": {"reference": "ServiceRequest/ref-cardio-1"}`, `"focus": {"reference": "ServiceRequest/elsewhere"}`, "Bundle.entry[1].resource.focus", carecoord.FieldRequired},
		{"modifier extension", `"status": "in-progress",`, `"status": "in-progress", "modifierExtension": [{"url": "http://example.org/x", "valueBoolean": true}],`, "Bundle.entry[1].resource.modifierExtension[0]", carecoord.FieldNotSupported},
		{"unknown profile", `"valueCode": "core"`, `"valueCode": "360x"`, "Bundle.entry[1].resource.profile", carecoord.FieldNotSupported},
		{"a move the table lacks", `{"url": "to", "valueCode": "accepted"}`, `{"url": "to", "valueCode": "completed"}`, "Bundle.entry[1].resource.history[1]", carecoord.FieldInvalid},
		{"bad time in the history", `"valueDateTime": "2026-03-09T10:05:00-04:00"`, `"valueDateTime": "2026-03-09"`, "Bundle.entry[1].resource.extension[1].extension[2].valueDateTime", carecoord.FieldInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := strings.Replace(string(data), tt.old, tt.new, 1)
			if doc == string(data) {
				t.Fatal("the fixture has no such text")
			}
			recs, _, err := fhir.Import([]byte(doc), fhir.ImportOptions{})
			var list carecoord.FieldErrors
			if !errors.As(err, &list) || !list.Has(tt.path, tt.code) {
				t.Errorf("Import error = %v, want %s at %s", err, tt.code, tt.path)
			}
			if len(recs.Referrals) != 0 {
				t.Errorf("Import returned %d referrals, want none", len(recs.Referrals))
			}
		})
	}
}

// A Task that does not fulfil a request, such as a patient's task (SDOHCC-TaskForPatient,
// code make-contact), is not a referral: Import reports it as a resource it does not map, and
// ReferralFromTask refuses it.
func TestPatientTaskIsNotAReferral(t *testing.T) {
	doc := `{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Task","id":"pt-1",` +
		`"status":"ready","intent":"order","code":{"coding":[{"system":"http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes","code":"make-contact"}]},` +
		`"for":{"reference":"Patient/pat-4521"}}}]}`
	recs, issues, err := fhir.Import([]byte(doc), fhir.ImportOptions{})
	want := []fhir.Issue{{Path: "Bundle.entry[0].resource", Code: fhir.IssueNotMappedResource}}
	if diff := cmp.Diff(want, issues, ignoreIssueDetail); err != nil || len(recs.Referrals) > 0 || diff != "" {
		t.Errorf("Import: %v, %d referrals, issues (-want +got):\n%s", err, len(recs.Referrals), diff)
	}
	r, _, _ := fhir.Unmarshal([]byte(doc), fhir.DecodeOptions{})
	_, _, err = fhir.ReferralFromTask(r.(*fhir.Bundle).Entry[0].Resource.(*fhir.Task), &fhir.ServiceRequest{})
	var list carecoord.FieldErrors
	if !errors.As(err, &list) || !list.Has("Task.code", carecoord.FieldNotSupported) {
		t.Errorf("ReferralFromTask error = %v, want Task.code not supported", err)
	}
}

// ReferralOf refuses a referral that is not valid, or has no id to write it under.
func TestReferralOfRefusesInvalid(t *testing.T) {
	r := referraltest.Referral("ref-1").Example(0)
	r.ID = ""
	if _, err := fhir.ReferralOf(r); !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("ReferralOf(no id) error = %v, want ErrInvalid", err)
	}
	r.ID, r.Patient = "ref-1", ""
	if _, err := fhir.ReferralOf(r); !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("ReferralOf(no patient) error = %v, want ErrInvalid", err)
	}
}

// A Task with its ServiceRequest contained reads as the same referral as the pair.
func TestReferralFromTaskContained(t *testing.T) {
	r := referraltest.Referral("ref-1").Example(0)
	b, err := fhir.ReferralOf(r)
	if err != nil {
		t.Fatal(err)
	}
	sr, task := b.Entry[0].Resource.(*fhir.ServiceRequest), b.Entry[1].Resource.(*fhir.Task)
	sr.ID = "sr"
	task.Contained = []fhir.Resource{sr}
	task.Focus.Reference = "#sr"
	got, issues, err := fhir.ReferralFromTask(task, nil)
	if err != nil || len(issues) > 0 {
		t.Fatalf("ReferralFromTask: %v, issues %v", err, issues)
	}
	if diff := cmp.Diff(r, got); diff != "" {
		t.Errorf("referral (-want +got):\n%s", diff)
	}
}

// Any input: no panic. A resource that reads without error writes JSON that reads back to the
// same bytes; a Task maps to a referral or an error, and so does a bundle, never a panic.
func FuzzReferral(f *testing.F) {
	for _, name := range []string{"testdata/referral-food-pantry.json", "testdata/referral-cardiology.json"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, false)
	}
	f.Add([]byte(`{"resourceType":"Task","status":"requested","focus":{"reference":"#s"},"contained":[{"resourceType":"ServiceRequest","id":"s","doNotPerform":false}],"output":[{"type":{"text":"x"},"valueString":"y"}]}`), true)
	f.Fuzz(func(t *testing.T, data []byte, keep bool) {
		r := rewrites(t, data, keep)
		if r == nil {
			return
		}
		switch res := r.(type) {
		case *fhir.Task:
			fhir.ReferralFromTask(res, nil)
		case *fhir.Bundle:
			fhir.Import(data, fhir.ImportOptions{DecodeOptions: fhir.DecodeOptions{KeepUnknown: keep}})
		}
	})
}

// A list item that writes nothing (here a category holding only an element left out) is left
// out with its comma, so what Marshal writes is JSON. (A regression found by FuzzReferral.)
func TestMarshalLeavesOutEmptyListItems(t *testing.T) {
	doc := `{"resourceType":"ServiceRequest","category":[{"text":"a"},{"x":1},{"text":"b"}]}`
	r, _, err := fhir.Unmarshal([]byte(doc), fhir.DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := fhir.Marshal(r)
	if want := `{"resourceType":"ServiceRequest","category":[{"text":"a"},{"text":"b"}]}`; err != nil || string(got) != want {
		t.Errorf("Marshal = %s, %v; want %s", got, err, want)
	}
}

// What a referral's resources leave out or say beside the record is reported: a Task with no
// intent (R4 requires one) is read as an order, an extension on its status is not mapped, and
// a reason whose Condition is refuted is no reason.
func TestReferralReportsWhatItAssumesOrDrops(t *testing.T) {
	r := referraltest.Referral("ref-1").Example(0)
	b, err := fhir.ReferralOf(r)
	if err != nil {
		t.Fatal(err)
	}
	sr, task := b.Entry[0].Resource.(*fhir.ServiceRequest), b.Entry[1].Resource.(*fhir.Task)
	task.Intent = ""
	task.Primitives = []fhir.PrimitiveExtension{{Name: "status", Elements: []*fhir.PrimitiveElement{{ID: "s1"}}}}
	sr.Contained = []fhir.Resource{&fhir.Condition{
		DomainResource:     fhir.DomainResource{ID: "dx"},
		VerificationStatus: fhir.CodeableConcept{Coding: []fhir.Coding{{System: "http://terminology.hl7.org/CodeSystem/condition-ver-status", Code: "refuted"}}},
		Code:               fhir.CodeableConcept{Coding: []fhir.Coding{{System: carecoord.SystemICD10CM, Code: "Z59.41"}}},
	}}
	sr.ReasonReference = []fhir.Reference{{Reference: "#dx"}}
	got, issues, err := fhir.ReferralFromTask(task, sr)
	if err != nil {
		t.Fatal(err)
	}
	want := []fhir.Issue{
		{Path: "Task._status", Code: fhir.IssueNotMapped},
		{Path: "Task.intent", Code: fhir.IssueAssumed},
		{Path: "ServiceRequest.reasonReference[0]", Code: fhir.IssueUnsupportedValue},
	}
	if diff := cmp.Diff(want, issues, ignoreIssueDetail); diff != "" {
		t.Errorf("issues (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(r.Reasons, got.Reasons); diff != "" {
		t.Errorf("reasons (-want +got):\n%s", diff)
	}
}
