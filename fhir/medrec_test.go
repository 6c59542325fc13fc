package fhir_test

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/fhir"
	"github.com/carecoord/carecoord/medrec"
	"github.com/carecoord/carecoord/medrec/dosage"
	"github.com/carecoord/carecoord/medrec/medrectest"
	"github.com/shopspring/decimal"
)

// roundTrip writes r as JSON and reads it back, failing on any problem or issue.
func roundTrip(t *rapid.T, r fhir.Resource) (fhir.Resource, []byte) {
	data, err := fhir.Marshal(r)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	back, issues, err := fhir.Unmarshal(data, fhir.DecodeOptions{})
	if err != nil || len(issues) > 0 {
		t.Fatalf("Unmarshal: %v, issues %v\n%s", err, issues, data)
	}
	return back, data
}

// patients draws a patient id.
func patients() *rapid.Generator[carecoord.PatientID] {
	return rapid.SampledFrom([]carecoord.PatientID{"pat-1", "pat-68"})
}

// Round trip: every valid entry, written as a MedicationStatement in JSON and read back, is the
// same entry, with nothing reported; so is every order as a MedicationRequest.
func TestMedicationRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		pm := fhir.PatientMedication{Patient: patients().Draw(t, "patient"), Medication: medrectest.Medication("m-1").Draw(t, "medication")}
		ms, err := fhir.MedicationStatementOf(pm)
		if err != nil {
			t.Fatalf("MedicationStatementOf: %v", err)
		}
		back, data := roundTrip(t, ms)
		got, issues, err := fhir.MedicationFromStatement(back.(*fhir.MedicationStatement))
		if err != nil || len(issues) > 0 {
			t.Fatalf("MedicationFromStatement: %v, issues %v\n%s", err, issues, data)
		}
		if diff := cmp.Diff(pm, got); diff != "" {
			t.Fatalf("statement round trip (-want +got):\n%s\n%s", diff, data)
		}

		pm.Medication.Source = rapid.SampledFrom([]medrec.Source{medrec.SourceInpatientOrder, medrec.SourceDischargeOrder}).Draw(t, "order source")
		mr, err := fhir.MedicationRequestOf(pm)
		if err != nil {
			t.Fatalf("MedicationRequestOf: %v", err)
		}
		back, data = roundTrip(t, mr)
		got, issues, err = fhir.MedicationFromRequest(back.(*fhir.MedicationRequest))
		if err != nil || len(issues) > 0 {
			t.Fatalf("MedicationFromRequest: %v, issues %v\n%s", err, issues, data)
		}
		if diff := cmp.Diff(pm, got); diff != "" {
			t.Fatalf("request round trip (-want +got):\n%s\n%s", diff, data)
		}
	})
}

// MedicationRequestOf writes orders only.
func TestMedicationRequestOfRefusesHistory(t *testing.T) {
	pm := fhir.PatientMedication{Patient: "pat-1", Medication: medrec.Medication{ID: "b1", Source: medrec.SourcePatientReport,
		Drug: medrec.Drug{Name: "fish oil"}, Status: medrec.StatusActive}}
	_, err := fhir.MedicationRequestOf(pm)
	var errs carecoord.FieldErrors
	if !errors.As(err, &errs) || !errs.Has("medication.source", carecoord.FieldNotAllowed) {
		t.Errorf("MedicationRequestOf(patient report) = %v, want medication.source not allowed", err)
	}
}

// Round trip: every valid medication list, written as a Bundle of a List and its entries, is
// the same list, with nothing reported.
func TestMedicationListRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := fhir.MedicationList{
			Meta:    carecoord.Meta{ID: "list-1", Version: int64(rapid.IntRange(0, 3).Draw(t, "version"))},
			Patient: patients().Draw(t, "patient"),
		}
		if rapid.Bool().Draw(t, "has encounter") {
			l.Encounter = "enc-1"
		}
		if rapid.Bool().Draw(t, "has date") {
			l.Date = time.Date(2026, 3, 6, 15, 30, 0, 0, time.UTC)
			l.Source = carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "dr-lee", Display: "Dr Lee"}
		}
		for i := range rapid.IntRange(0, 4).Draw(t, "entries") {
			id := fmt.Sprintf("e%d", i+1)
			l.Medications = append(l.Medications, medrectest.Medication(id).Draw(t, id))
		}
		b, err := fhir.MedicationListOf(l)
		if err != nil {
			t.Fatalf("MedicationListOf: %v", err)
		}
		back, data := roundTrip(t, b)
		got, issues, err := fhir.MedicationListFromBundle(back.(*fhir.Bundle))
		if err != nil || len(issues) > 0 {
			t.Fatalf("MedicationListFromBundle: %v, issues %v\n%s", err, issues, data)
		}
		if diff := cmp.Diff(l, got); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s\n%s", diff, data)
		}
	})
}

// Round trip: every reconciliation medrectest generates (in progress, completed with its
// reconciled list, or entered in error; with decisions, superseded ones and modified results),
// written as a Bundle and read back through Import, is the same reconciliation, with nothing
// reported.
func TestReconciliationRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := medrectest.Reconciliation("rec-1").Draw(t, "reconciliation")
		r.Version = int64(rapid.IntRange(0, 3).Draw(t, "version"))
		b, err := fhir.ReconciliationOf(r)
		if err != nil {
			t.Fatalf("ReconciliationOf: %v", err)
		}
		_, data := roundTrip(t, b)
		recs, issues, err := fhir.Import(data, fhir.ImportOptions{})
		if err != nil || len(issues) > 0 {
			t.Fatalf("Import: %v, issues %v\n%s", err, issues, data)
		}
		if len(recs.Reconciliations) != 1 || len(recs.MedicationLists)+len(recs.Medications) > 0 {
			t.Fatalf("Import read %d reconciliations, %d lists, %d medications; want the reconciliation alone\n%s",
				len(recs.Reconciliations), len(recs.MedicationLists), len(recs.Medications), data)
		}
		if diff := cmp.Diff(r, recs.Reconciliations[0]); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s\n%s", diff, data)
		}
	})
}

// A discharge medication List written for the project in the shape of the FHIR R4 List and
// MedicationStatement examples (a collection bundle: the List, flagged entries, statements with
// a contained Medication, structured dosage) reads as the medication list a primary care
// practice would receive: four entries of another provider's record, with what the mapping
// derived or left out reported. The drug codes are medrec.FixtureTable's symbolic codes
// (metformin, lisinopril, aspirin); atorvastatin 80 mg is not in that table and comes uncoded,
// with its ingredient and strength in the contained Medication.
func TestDischargeMedicationListFixture(t *testing.T) {
	data, err := os.ReadFile("testdata/list-discharge-medications.json")
	if err != nil {
		t.Fatal(err)
	}
	recs, issues, err := fhir.Import(data, fhir.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	day := civil.MustParse("2026-03-06")
	tablet := dosage.Dose{Value: decimal.NewFromInt(1), Unit: dosage.UnitTablet}
	daily := func(n int) dosage.Timing {
		return dosage.Timing{Frequency: n, Period: decimal.NewFromInt(1), PeriodUnit: dosage.PeriodDay}
	}
	code := func(c, display string) carecoord.Coding {
		return carecoord.Coding{System: medrec.SystemFixtureDrug, Code: c, Display: display}
	}
	entry := func(id, name string, c carecoord.Coding, sig string, ds dosage.Dosage) medrec.Medication {
		ds.Route = dosage.RouteOral
		return medrec.Medication{ID: id, Source: medrec.SourceOutsideRecord, Drug: medrec.Drug{Code: c, Name: name},
			Sig: sig, Dosage: ds, Status: medrec.StatusActive, Start: day}
	}
	atorvastatin := entry("atorvastatin", "atorvastatin 80 mg tablet", carecoord.Coding{}, "Take 1 tablet by mouth at bedtime",
		dosage.Dosage{Dose: tablet, Timing: dosage.Timing{When: []dosage.EventTiming{dosage.WhenHS}}})
	atorvastatin.Drug.DoseForm = "Oral Tablet"
	atorvastatin.Drug.Ingredients = []medrec.Ingredient{{Name: "atorvastatin", Strength: decimal.NewFromInt(80), Unit: "mg"}}
	lisinopril := entry("lisinopril", "lisinopril 10 mg tablet", code("SCD:LIS10", "lisinopril 10 MG Oral Tablet"), "Take 1 tablet by mouth daily",
		dosage.Dosage{Dose: tablet, Timing: daily(1)})
	lisinopril.Reason = "blood pressure"
	aspirin := entry("aspirin", "aspirin 81 mg EC tablet", code("SCD:ASA81", "aspirin 81 MG Delayed Release Oral Tablet"), "Take 81 mg by mouth daily",
		dosage.Dosage{Dose: dosage.Dose{Value: decimal.NewFromInt(81), Unit: dosage.UnitMilligram}, Timing: daily(1)})
	aspirin.Status = medrec.StatusIntended
	want := []fhir.MedicationList{{
		Meta:      carecoord.Meta{ID: "discharge-meds-1001"},
		Patient:   "pat-68",
		Encounter: "stay-1001",
		Date:      time.Date(2026, 3, 6, 16, 15, 0, 0, time.UTC),
		Source:    carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "dr-lee", Display: "Dr. Lee"},
		Medications: []medrec.Medication{
			entry("metformin", "metformin 500 mg tablet", code("SCD:MET500", "metformin 500 MG Oral Tablet"), "Take 1 tablet by mouth twice daily",
				dosage.Dosage{Dose: tablet, Timing: daily(2)}),
			lisinopril, atorvastatin, aspirin,
		},
	}}
	if diff := cmp.Diff(want, recs.MedicationLists); diff != "" {
		t.Errorf("lists (-want +got):\n%s", diff)
	}
	if len(recs.Medications)+len(recs.Reconciliations) > 0 {
		t.Errorf("Import read %d medications and %d reconciliations besides the list, want none", len(recs.Medications), len(recs.Reconciliations))
	}
	entryPath := func(i int, rel string) string { return "Bundle.entry[" + strconv.Itoa(i) + "].resource" + rel }
	wantIssues := []fhir.Issue{
		{Path: entryPath(0, ".text"), Code: fhir.IssueNotMapped},
		{Path: entryPath(0, ".title"), Code: fhir.IssueNotMapped},
		{Path: entryPath(1, ".dateAsserted"), Code: fhir.IssueNotMapped},
		{Path: entryPath(4, ".note"), Code: fhir.IssueNotMapped},
		{Path: entryPath(4, ".dosage[0].maxDosePerPeriod"), Code: fhir.IssueNotMapped},
		{Path: entryPath(1, ".category"), Code: fhir.IssueAssumed},
		{Path: entryPath(1, ".informationSource"), Code: fhir.IssueNotMapped},
		{Path: entryPath(2, ".category"), Code: fhir.IssueAssumed},
		{Path: entryPath(2, ".effectiveDateTime"), Code: fhir.IssueAssumed},
		{Path: entryPath(0, ".entry[2].flag"), Code: fhir.IssueNotMapped},
		{Path: entryPath(3, ".category"), Code: fhir.IssueAssumed},
		{Path: entryPath(0, ".entry[3].flag"), Code: fhir.IssueNotMapped},
		{Path: entryPath(4, ".category"), Code: fhir.IssueAssumed},
	}
	ignoreDetail := cmp.Comparer(func(a, b fhir.Issue) bool { return a.Path == b.Path && a.Code == b.Code })
	if diff := cmp.Diff(wantIssues, issues, ignoreDetail); diff != "" {
		t.Errorf("issues (-want +got):\n%s", diff)
	}
}

// Reading another system's resources: a MedicationRequest with a contained Medication whose
// code has an RxNorm coding beside another, draft status, a cancelled order's days' supply in
// weeks, and a dosage whose parts the dosage package cannot hold.
func TestMedicationFromForeignRequest(t *testing.T) {
	data := []byte(`{"resourceType":"MedicationRequest","id":"rx-9","status":"draft","intent":"plan",
		"category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/medicationrequest-category","code":"discharge"}]}],
		"contained":[{"resourceType":"Medication","id":"m","code":{"coding":[{"system":"http://example.org/drugs","code":"X1"},
			{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"not-an-rxcui","display":"test only"}],"text":"insulin glargine"},
			"ingredient":[{"itemCodeableConcept":{"text":"insulin glargine"},"strength":{"numerator":{"value":100.0,"system":"http://unitsofmeasure.org","code":"[iU]"},
			"denominator":{"value":1,"system":"http://unitsofmeasure.org","code":"mL"}}}]}],
		"medicationReference":{"reference":"#m"},"subject":{"reference":"Patient/p1"},
		"dosageInstruction":[{"text":"10 units at bedtime","timing":{"repeat":{"when":["HS"]}},
			"doseAndRate":[{"doseQuantity":{"value":10,"unit":"U","system":"http://unitsofmeasure.org","code":"[iU]"}}],
			"asNeededCodeableConcept":{"text":"High  Sugar"}}],
		"dispenseRequest":{"expectedSupplyDuration":{"value":4,"unit":"weeks","system":"http://unitsofmeasure.org","code":"wk"}}}`)
	r, issues, err := fhir.Unmarshal(data, fhir.DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pm, mapIssues, err := fhir.MedicationFromRequest(r.(*fhir.MedicationRequest))
	if err != nil {
		t.Fatal(err)
	}
	want := fhir.PatientMedication{Patient: "p1", Medication: medrec.Medication{
		ID: "rx-9", Source: medrec.SourceDischargeOrder, Status: medrec.StatusIntended, Sig: "10 units at bedtime",
		Drug: medrec.Drug{Code: carecoord.Coding{System: carecoord.SystemRxNorm, Code: "not-an-rxcui", Display: "test only"}, Name: "insulin glargine",
			Ingredients: []medrec.Ingredient{{Name: "insulin glargine", Strength: decimal.RequireFromString("100.0"), Unit: "[iU]/mL"}}},
		Dosage: dosage.Dosage{Dose: dosage.Dose{Value: decimal.NewFromInt(10), Unit: dosage.UnitUnit},
			Timing: dosage.Timing{When: []dosage.EventTiming{dosage.WhenHS}}, AsNeeded: true, AsNeededFor: "high sugar"},
	}}
	if diff := cmp.Diff(want, pm); diff != "" {
		t.Errorf("medication (-want +got):\n%s", diff)
	}
	wantIssues := []fhir.Issue{
		{Path: "MedicationRequest.status", Code: fhir.IssueAssumed},
		{Path: "MedicationRequest.intent", Code: fhir.IssueUnsupportedValue},
		{Path: "MedicationRequest.contained[0].code.coding[0]", Code: fhir.IssueNotMapped},
		{Path: "MedicationRequest.dosageInstruction[0].asNeededCodeableConcept.text", Code: fhir.IssueAssumed},
		{Path: "MedicationRequest.dispenseRequest.expectedSupplyDuration", Code: fhir.IssueUnsupportedValue},
	}
	ignoreDetail := cmp.Comparer(func(a, b fhir.Issue) bool { return a.Path == b.Path && a.Code == b.Code })
	if diff := cmp.Diff(wantIssues, append(issues, mapIssues...), ignoreDetail); diff != "" {
		t.Errorf("issues (-want +got):\n%s", diff)
	}
}

// Modifier extensions, two types of one choice element, a medicationReference that names
// nothing, a deleted list entry and an entry of another patient are errors, each at its place.
func TestMedrecRefusals(t *testing.T) {
	statement := func(extra string) string {
		return `{"resource":{"resourceType":"MedicationStatement","id":"s","status":"active","subject":{"reference":"Patient/p"},` + extra + `}}`
	}
	list := func(entry string) string {
		return `{"resource":{"resourceType":"List","status":"current","mode":"snapshot","subject":{"reference":"Patient/p"},` +
			`"entry":[` + entry + `]}}`
	}
	for _, tc := range []struct {
		name, entries, path string
		code                carecoord.FieldCode
	}{
		{"modifier", statement(`"modifierExtension":[{"url":"http://x","valueBoolean":true}],"medicationCodeableConcept":{"text":"x"}`),
			"Bundle.entry[0].resource.modifierExtension[0]", carecoord.FieldNotSupported},
		{"dosage modifier", statement(`"medicationCodeableConcept":{"text":"x"},"dosage":[{"modifierExtension":[{"url":"http://x","valueBoolean":true}],"text":"t"}]`),
			"Bundle.entry[0].resource.dosage[0].modifierExtension[0]", carecoord.FieldNotSupported},
		{"no medication", statement(`"medicationReference":{"reference":"#none"}`),
			"Bundle.entry[0].resource.medicationReference", carecoord.FieldInvalid},
		{"two medications", statement(`"medicationCodeableConcept":{"text":"x"},"medicationReference":{"reference":"#m"}`),
			"Bundle.entry[0].resource.medicationReference", carecoord.FieldDuplicate},
		{"deleted", list(`{"deleted":true,"item":{"reference":"MedicationStatement/s"}}`) + "," + statement(`"medicationCodeableConcept":{"text":"x"}`),
			"Bundle.entry[0].resource.entry[0].deleted", carecoord.FieldNotSupported},
		{"other patient", list(`{"item":{"reference":"MedicationStatement/s"}}`) + "," +
			strings.Replace(statement(`"medicationCodeableConcept":{"text":"x"}`), "Patient/p", "Patient/q", 1),
			"Bundle.entry[0].resource.entry[0].item", carecoord.FieldInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := fhir.Import([]byte(`{"resourceType":"Bundle","type":"collection","entry":[`+tc.entries+`]}`), fhir.ImportOptions{})
			var errs carecoord.FieldErrors
			if !errors.As(err, &errs) || !errs.Has(tc.path, tc.code) {
				t.Errorf("Import = %v, want %s at %s", err, tc.code, tc.path)
			}
		})
	}
}

// Any input: no panic. A resource that reads without error writes JSON that reads back and
// writes the same bytes again, and a medication resource, list or bundle maps to records or an
// error, never a panic.
func FuzzMedrec(f *testing.F) {
	fixture, err := os.ReadFile("testdata/list-discharge-medications.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(fixture, true)
	r := medrec.Reconciliation{Meta: carecoord.Meta{ID: "rec"}, Patient: "p", Context: medrec.ContextDischarge,
		Status: medrec.SessionInProgress, Before: []medrec.Medication{benchMedication(0)}, After: []medrec.Medication{benchMedication(1)}}
	r.After[0].ID, r.After[0].Source = "a1", medrec.SourceDischargeOrder
	b, err := fhir.ReconciliationOf(r)
	if err != nil {
		f.Fatal(err)
	}
	data, err := fhir.Marshal(b)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data, false)
	f.Add([]byte(`{"resourceType":"MedicationRequest","id":"r","status":"cancelled","intent":"order","medicationCodeableConcept":{"text":"x"},`+
		`"subject":{"reference":"Patient/p"},"dosageInstruction":[{"doseAndRate":[{"doseRange":{"low":{"value":1.50,"unit":"tablet"},"high":{"value":2,"unit":"tablet"}}}]}]}`), false)
	f.Add([]byte(`{"resourceType":"MedicationStatement","dosage":[{"timing":{"repeat":{"period":1e2,"when":[null],"_when":[{"id":"w"}]}}}]}`), true)
	f.Fuzz(func(t *testing.T, data []byte, keep bool) {
		r := rewrites(t, data, keep)
		if r == nil {
			return
		}
		switch x := r.(type) {
		case *fhir.MedicationStatement:
			fhir.MedicationFromStatement(x)
		case *fhir.MedicationRequest:
			fhir.MedicationFromRequest(x)
		case *fhir.Bundle:
			fhir.ReconciliationFromBundle(x)
			fhir.MedicationListFromBundle(x)
			fhir.Import(data, fhir.ImportOptions{DecodeOptions: fhir.DecodeOptions{KeepUnknown: keep}, LoadLocation: fixedZone})
		}
	})
}

// benchMedication returns the i-th of four discharge entries (metformin, lisinopril, aspirin,
// atorvastatin 80 mg with its ingredient), with a sig parsed into structured directions.
func benchMedication(i int) medrec.Medication {
	drugs := []medrec.Drug{
		{Code: carecoord.Coding{System: medrec.SystemFixtureDrug, Code: "SCD:MET500"}, Name: "metformin 500 mg tablet"},
		{Code: carecoord.Coding{System: medrec.SystemFixtureDrug, Code: "SCD:LIS10"}, Name: "lisinopril 10 mg tablet"},
		{Code: carecoord.Coding{System: medrec.SystemFixtureDrug, Code: "SCD:ASA81"}, Name: "aspirin 81 mg EC tablet"},
		{Name: "atorvastatin 80 mg tablet", DoseForm: "Oral Tablet",
			Ingredients: []medrec.Ingredient{{Name: "atorvastatin", Precise: "atorvastatin calcium", Strength: decimal.NewFromInt(80), Unit: "mg"}}},
	}
	sigs := []string{"1 tab PO BID", "1 tab PO daily", "81 mg PO daily", "1 tab PO qhs"}
	ds, err := dosage.Parse(sigs[i%4])
	if err != nil {
		panic(err)
	}
	return medrec.Medication{ID: "m-" + strconv.Itoa(i), Source: medrec.SourcePharmacyFill, Drug: drugs[i%4], Sig: sigs[i%4], Dosage: ds,
		Status: medrec.StatusActive, Start: civil.MustParse("2026-01-01").AddDays(i % 365), LastFill: civil.MustParse("2026-02-01"),
		DaysSupply: 30, Prescriber: carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "dr-" + strconv.Itoa(i%50)}}
}

// BenchmarkDecodeMapMedication100k reads 100,000 MedicationStatements from JSON, as
// MedicationStatementOf writes them (a quarter with a contained Medication), and maps each to a
// medication entry.
func BenchmarkDecodeMapMedication100k(b *testing.B) {
	docs := make([][]byte, 100_000)
	for i := range docs {
		ms, err := fhir.MedicationStatementOf(fhir.PatientMedication{Patient: carecoord.PatientID("pat-" + strconv.Itoa(i/5)), Medication: benchMedication(i)})
		if err != nil {
			b.Fatal(err)
		}
		if docs[i], err = fhir.Marshal(ms); err != nil {
			b.Fatal(err)
		}
	}
	benchDecodeMap(b, docs, func(r fhir.Resource) error {
		_, _, err := fhir.MedicationFromStatement(r.(*fhir.MedicationStatement))
		return err
	})
}
