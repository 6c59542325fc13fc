package fhir_test

import (
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/fhir"
	"github.com/carecoord/carecoord/sdoh"
	"github.com/carecoord/carecoord/sdoh/sdohtest"
)

// decodeAs decodes data as a resource of type T, returning the decoder's issues.
func decodeAs[T fhir.Resource](data []byte) (T, []fhir.Issue, error) {
	res, issues, err := fhir.Unmarshal(data, fhir.DecodeOptions{})
	x, ok := res.(T)
	if err == nil && !ok {
		err = errors.New("not a " + x.ResourceType())
	}
	return x, issues, err
}

// readQuestionnaireResponse decodes data and maps it to a response, returning the issues of both.
func readQuestionnaireResponse(data []byte) (sdoh.Response, []fhir.Issue, error) {
	qr, issues, err := decodeAs[*fhir.QuestionnaireResponse](data)
	if err != nil {
		return sdoh.Response{}, issues, err
	}
	r, mapIssues, err := fhir.ResponseFromQuestionnaireResponse(qr)
	return r, append(issues, mapIssues...), err
}

// Round trip: every valid response, written as a QuestionnaireResponse in JSON and read back,
// is the same response, with nothing reported.
func TestResponseQuestionnaireResponseRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := sdohtest.Response("screen-1").Draw(t, "response")
		r.Version = int64(rapid.IntRange(0, 5).Draw(t, "version"))
		qr, err := fhir.QuestionnaireResponseOf(r)
		if err != nil {
			t.Fatalf("QuestionnaireResponseOf: %v", err)
		}
		data, err := fhir.Marshal(qr)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		got, issues, err := readQuestionnaireResponse(data)
		if err != nil || len(issues) > 0 {
			t.Fatalf("read back: %v, issues %v\n%s", err, issues, data)
		}
		if diff := cmp.Diff(r, got); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s\n%s", diff, data)
		}
	})
}

// A number beyond FHIR's 32-bit integer (a host's own instrument may allow one) is written as
// valueDecimal and read back exactly.
func TestLargeNumberAnswerRoundTrip(t *testing.T) {
	r := sdoh.Response{
		Meta:       carecoord.Meta{ID: "screen-2"},
		Instrument: "local-finances", InstrumentVersion: "1", Patient: "pat-1",
		Date: civil.MustParse("2026-01-05"), Respondent: sdoh.RespondentStaffAssisted, Language: "es",
		Answers: []sdoh.Answer{sdoh.Value("63586-2", 5_000_000_000), sdoh.Value("89555-7", -3), sdoh.Choose("96778-6")},
	}
	qr, err := fhir.QuestionnaireResponseOf(r)
	if err != nil {
		t.Fatal(err)
	}
	data, err := fhir.Marshal(qr)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"questionnaire":"https://github.com/carecoord/carecoord/fhir/Questionnaire/local-finances"`,
		`"valueDecimal":5000000000`, `"valueInteger":-3`, `{"linkId":"96778-6"}`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("JSON lacks %s:\n%s", want, data)
		}
	}
	got, issues, err := readQuestionnaireResponse(data)
	if err != nil || len(issues) > 0 {
		t.Fatalf("read back: %v, issues %v", err, issues)
	}
	if diff := cmp.Diff(r, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

// The built-in questionnaires table agrees with the instrument tables: each instrument's
// canonical is LOINC's questionnaire of its panel, and a response that does not give the
// version is read against the table's version, with the assumption reported.
func TestBuiltinQuestionnaires(t *testing.T) {
	for _, in := range sdoh.BuiltinInstruments() {
		if got, want := fhir.QuestionnaireOf(in.ID), fhir.LOINCQuestionnaire+in.Panel; got != want {
			t.Errorf("QuestionnaireOf(%s) = %s, want %s", in.ID, got, want)
		}
		qr := &fhir.QuestionnaireResponse{
			Language: "en", Questionnaire: fhir.QuestionnaireOf(in.ID), Status: "completed",
			Subject: fhir.ReferenceTo("Patient", "p1", ""), Authored: "2026-02-01",
		}
		r, issues, err := fhir.ResponseFromQuestionnaireResponse(qr)
		if err != nil {
			t.Fatalf("%s: %v", in.ID, err)
		}
		if r.Instrument != in.ID || r.InstrumentVersion != in.Version {
			t.Errorf("%s: read %s %s, want version %s", in.ID, r.Instrument, r.InstrumentVersion, in.Version)
		}
		want := []fhir.Issue{{Path: "QuestionnaireResponse.questionnaire", Code: fhir.IssueAssumed}, {Path: "QuestionnaireResponse.source", Code: fhir.IssueAssumed}}
		if diff := cmp.Diff(want, issues, ignoreIssueDetail); diff != "" {
			t.Errorf("%s: issues (-want +got):\n%s", in.ID, diff)
		}
	}
}

// ahcFixtureResponse is the response testdata/questionnaireresponse-ahc.json holds.
func ahcFixtureResponse() sdoh.Response {
	return sdoh.Response{
		Meta:              carecoord.Meta{ID: "ahc-qr-53", Version: 1, UpdatedAt: time.Date(2026, 3, 10, 19, 20, 0, 0, time.UTC)},
		Instrument:        sdoh.AHCHRSN,
		InstrumentVersion: "2018",
		Patient:           "pat-53",
		Date:              civil.MustParse("2026-03-10"),
		Respondent:        sdoh.RespondentSelf,
		Language:          "en",
		Answers: []sdoh.Answer{
			sdoh.Choose("71802-3", "LA31993-1"), // a steady place to live
			sdoh.Choose("96778-6", "LA9-3"),     // none of the above
			sdoh.Choose("88122-7", "LA28397-0"), // often true
			sdoh.Choose("88123-5", "LA6729-3"),  // sometimes true
			sdoh.Choose("93030-5", "LA33-6"),    // transportation: yes
			sdoh.Choose("96779-4", "LA32-8"),    // utilities: no
			sdoh.Choose("95618-5", "LA6270-8"),  // never (1)
			sdoh.Choose("95617-7", "LA10066-1"), // rarely (2)
			sdoh.Choose("95616-9", "LA6270-8"),  // never (1)
			sdoh.Choose("95615-1", "LA6270-8"),  // never (1)
			sdoh.Skip("76513-1", sdoh.AbsentDeclined),
		},
	}
}

// An AHC HRSN QuestionnaireResponse written for the project in the shape of the SDOH Clinical
// Care IG's examples (LHC-Forms linkIds "/<LOINC>", answers with displays, the supplemental
// question in a group, a declined question with HL7's data-absent-reason) reads as the response
// a screening app would have recorded, with the narrative, the author, the profile and the
// derived version, day and respondent reported.
func TestAHCQuestionnaireResponseFixture(t *testing.T) {
	data, err := os.ReadFile("testdata/questionnaireresponse-ahc.json")
	if err != nil {
		t.Fatal(err)
	}
	r, issues, err := readQuestionnaireResponse(data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ahcFixtureResponse(), r); diff != "" {
		t.Errorf("response (-want +got):\n%s", diff)
	}
	wantIssues := []fhir.Issue{
		{Path: "QuestionnaireResponse.text", Code: fhir.IssueNotMapped},
		{Path: "QuestionnaireResponse.author", Code: fhir.IssueNotMapped},
		{Path: "QuestionnaireResponse.meta.profile", Code: fhir.IssueNotMapped},
		{Path: "QuestionnaireResponse.questionnaire", Code: fhir.IssueAssumed},
		{Path: "QuestionnaireResponse.authored", Code: fhir.IssueAssumed},
		{Path: "QuestionnaireResponse.source", Code: fhir.IssueAssumed},
	}
	if diff := cmp.Diff(wantIssues, issues, ignoreIssueDetail); diff != "" {
		t.Errorf("issues (-want +got):\n%s", diff)
	}
}

// wantObservation is what TestAHCObservationsAndConditions checks of one observation.
type wantObservation struct {
	ID          string
	Code        string
	Value       string // LOINC answer code, score or data-absent-reason
	Positive    bool
	Categories  []string // Gravity SDOH categories
	DerivedFrom []string
}

// The fixture's response scored: food insecurity and transportation positive, safety negative
// with an exact HITS total of 5, financial strain declined. Its observations are the grouping
// observation and one per answered item in the instrument's order, then the safety total; its
// needs are two unconfirmed health concerns coded with the Z codes valid on 2026-03-10 and
// SNOMED CT, each citing the observations of the answers that raised it.
func TestAHCObservationsAndConditions(t *testing.T) {
	s, err := sdoh.NewScreener()
	if err != nil {
		t.Fatal(err)
	}
	r := ahcFixtureResponse()
	res := s.Score(r)
	obs, err := fhir.ObservationsOf(s, r, res)
	if err != nil {
		t.Fatal(err)
	}
	qr := "QuestionnaireResponse/ahc-qr-53"
	item := func(code, value string, pos bool, cat ...string) wantObservation {
		return wantObservation{ID: "ahc-qr-53." + code, Code: code, Value: value, Positive: pos, Categories: cat, DerivedFrom: []string{qr}}
	}
	multi := item("96778-6", "LA9-3", false, "inadequate-housing")
	multi.ID += ".1"
	want := []wantObservation{
		{ID: "ahc-qr-53.96777-8", Code: "96777-8", DerivedFrom: []string{qr},
			Categories: []string{"inadequate-housing", "food-insecurity", "transportation-insecurity", "utility-insecurity", "sdoh-category-unspecified", "financial-insecurity"}},
		item("71802-3", "LA31993-1", false, "inadequate-housing"),
		multi,
		item("88122-7", "LA28397-0", true, "food-insecurity"),
		item("88123-5", "LA6729-3", true, "food-insecurity"),
		item("93030-5", "LA33-6", true, "transportation-insecurity"),
		item("96779-4", "LA32-8", false, "utility-insecurity"),
		item("95618-5", "LA6270-8", false, "sdoh-category-unspecified"),
		item("95617-7", "LA10066-1", false, "sdoh-category-unspecified"),
		item("95616-9", "LA6270-8", false, "sdoh-category-unspecified"),
		item("95615-1", "LA6270-8", false, "sdoh-category-unspecified"),
		item("76513-1", "asked-declined", false, "financial-insecurity"),
		{ID: "ahc-qr-53.95614-4", Code: "95614-4", Value: "5", Categories: []string{"sdoh-category-unspecified"},
			DerivedFrom: []string{qr, "Observation/ahc-qr-53.95618-5", "Observation/ahc-qr-53.95617-7", "Observation/ahc-qr-53.95616-9", "Observation/ahc-qr-53.95615-1"}},
	}
	var got []wantObservation
	for _, o := range obs {
		w := wantObservation{ID: o.ID, Code: o.Code.Coding[0].Code}
		switch {
		case o.ValueCodeableConcept != nil:
			w.Value = o.ValueCodeableConcept.Coding[0].Code
		case o.ValueQuantity != nil:
			w.Value = o.ValueQuantity.Value.Decimal.String()
		case len(o.DataAbsentReason.Coding) > 0:
			w.Value = o.DataAbsentReason.Coding[0].Code
		}
		w.Positive = len(o.Interpretation) > 0 && o.Interpretation[0].Coding[0].Code == "POS"
		for _, c := range o.Category[2:] {
			w.Categories = append(w.Categories, c.Coding[0].Code)
		}
		for _, ref := range o.DerivedFrom {
			w.DerivedFrom = append(w.DerivedFrom, ref.Reference)
		}
		got = append(got, w)
		if o.Status != "final" || o.Subject.Reference != "Patient/pat-53" || o.EffectiveDateTime != "2026-03-10" ||
			o.Category[0].Coding[0].Code != "social-history" || o.Category[1].Coding[0].Code != "survey" {
			t.Errorf("%s: status %s, subject %s, effective %s, categories %v", o.ID, o.Status, o.Subject.Reference, o.EffectiveDateTime, o.Category[:2])
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("observations (-want +got):\n%s", diff)
	}
	if n := len(obs[0].HasMember); n != len(obs)-1 || obs[0].HasMember[0].Reference != "Observation/ahc-qr-53.71802-3" {
		t.Errorf("grouping hasMember = %v, want the %d others", obs[0].HasMember, len(obs)-1)
	}
	// One observation in full, as JSON.
	food, err := fhir.Marshal(obs[3])
	if err != nil {
		t.Fatal(err)
	}
	wantFood := `{"resourceType":"Observation","id":"ahc-qr-53.88122-7","status":"final",` +
		`"category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"social-history"}]},` +
		`{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"survey"}]},` +
		`{"coding":[{"system":"http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes","code":"food-insecurity"}]}],` +
		`"code":{"coding":[{"system":"http://loinc.org","code":"88122-7"}]},"subject":{"reference":"Patient/pat-53"},` +
		`"effectiveDateTime":"2026-03-10",` +
		`"valueCodeableConcept":{"coding":[{"system":"http://loinc.org","code":"LA28397-0","display":"Often true"}]},` +
		`"interpretation":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation","code":"POS","display":"Positive"}]}],` +
		`"derivedFrom":[{"reference":"QuestionnaireResponse/ahc-qr-53"}]}`
	if string(food) != wantFood {
		t.Errorf("food observation:\n got %s\nwant %s", food, wantFood)
	}

	conds, err := fhir.ConditionsOf(r, sdoh.Needs(res), obs)
	if err != nil {
		t.Fatal(err)
	}
	loinc := func(code string) fhir.Reference { return fhir.Reference{Reference: "Observation/ahc-qr-53." + code} }
	concept := func(system, code, display string) fhir.CodeableConcept {
		return fhir.CodeableConcept{Coding: []fhir.Coding{{System: system, Code: code, Display: display}}}
	}
	condition := func(n, category string, code fhir.CodeableConcept, evidence ...fhir.Reference) *fhir.Condition {
		return &fhir.Condition{
			DomainResource:     fhir.DomainResource{ID: "ahc-qr-53.need-" + n},
			ClinicalStatus:     concept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", ""),
			VerificationStatus: concept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "unconfirmed", ""),
			Category: []fhir.CodeableConcept{
				concept("http://hl7.org/fhir/us/core/CodeSystem/condition-category", "health-concern", ""),
				concept(carecoord.SystemSDOHCCTemporary, category, ""),
			},
			Code:     code,
			Subject:  fhir.Reference{Reference: "Patient/pat-53"},
			Evidence: []fhir.ConditionEvidence{{Detail: evidence}},
		}
	}
	wantConds := []*fhir.Condition{
		condition("1", "food-insecurity", fhir.CodeableConcept{Coding: []fhir.Coding{
			{System: carecoord.SystemICD10CM, Code: "Z59.41", Display: "Food insecurity"},
			{System: carecoord.SystemICD10CM, Code: "Z59.48", Display: "Other specified lack of adequate food"},
			{System: carecoord.SystemSNOMED, Code: "733423003", Display: "Food insecurity (finding)"},
		}}, loinc("88122-7"), loinc("88123-5")),
		condition("2", "transportation-insecurity", fhir.CodeableConcept{Coding: []fhir.Coding{
			{System: carecoord.SystemICD10CM, Code: "Z59.82", Display: "Transportation insecurity"},
			{System: carecoord.SystemSNOMED, Code: "551691000124106", Display: "Transportation insecurity (finding)"},
		}}, loinc("93030-5")),
	}
	if diff := cmp.Diff(wantConds, conds); diff != "" {
		t.Errorf("conditions (-want +got):\n%s", diff)
	}

	// Everything exported reads back as FHIR without a problem or an issue.
	for _, res := range append(toResources(obs), toResources(conds)...) {
		data, err := fhir.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		if _, issues, err := fhir.Unmarshal(data, fhir.DecodeOptions{}); err != nil || len(issues) > 0 || !json.Valid(data) {
			t.Errorf("%s: reading back: %v, issues %v", res.Base().ID, err, issues)
		}
	}
}

func toResources[T fhir.Resource](list []T) []fhir.Resource {
	out := make([]fhir.Resource, len(list))
	for i, r := range list {
		out[i] = r
	}
	return out
}

// A result disclosed to a community organisation exports only what it shows: the positive,
// unrestricted domains and their items.
func TestObservationsOfDisclosedResult(t *testing.T) {
	s, err := sdoh.NewScreener()
	if err != nil {
		t.Fatal(err)
	}
	r := ahcFixtureResponse()
	obs, err := fhir.ObservationsOf(s, r, sdoh.Disclose(s.Score(r), sdoh.AudienceCBO))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, o := range obs {
		ids = append(ids, strings.TrimPrefix(o.ID, "ahc-qr-53."))
	}
	if want := []string{"96777-8", "88122-7", "88123-5", "93030-5"}; !cmp.Equal(want, ids) {
		t.Errorf("observations %v, want %v", ids, want)
	}
}

// What the mappings refuse, each once: the error names the element by its FHIR path and the
// rule by its code. A case whose resource is an Observation reads it as the grouping
// observation of the members that follow it ([fhir.ResponseFromObservations]).
func TestScreeningMappingErrors(t *testing.T) {
	const head = `{"resourceType":"QuestionnaireResponse","language":"en","questionnaire":"http://loinc.org/q/88121-9","status":"completed",` +
		`"subject":{"reference":"Patient/p1"},"authored":"2026-03-10"`
	tests := []struct {
		name    string
		json    string
		path    string
		code    carecoord.FieldCode
		members []string
	}{
		{"no questionnaire", `{"resourceType":"QuestionnaireResponse","language":"en","status":"completed","subject":{"reference":"Patient/p1"},"authored":"2026-03-10"}`,
			"QuestionnaireResponse.questionnaire", carecoord.FieldRequired, nil},
		{"unknown questionnaire", strings.Replace(head, "loinc.org/q/88121-9", "example.org/q", 1) + `}`, "QuestionnaireResponse.questionnaire", carecoord.FieldInvalid, nil},
		{"entered in error", strings.Replace(head, `"completed"`, `"entered-in-error"`, 1) + `}`, "QuestionnaireResponse.status", carecoord.FieldNotSupported, nil},
		{"no language", strings.Replace(head, `"language":"en",`, ``, 1) + `}`, "QuestionnaireResponse.language", carecoord.FieldRequired, nil},
		{"authored a month", strings.Replace(head, `"2026-03-10"`, `"2026-03"`, 1) + `}`, "QuestionnaireResponse.authored", carecoord.FieldInvalid, nil},
		{"subject not a patient", strings.Replace(head, `Patient/p1`, `Group/g1`, 1) + `}`, "QuestionnaireResponse.subject", carecoord.FieldInvalid, nil},
		{"source an organization", head + `,"source":{"reference":"Organization/o1"}}`, "QuestionnaireResponse.source", carecoord.FieldNotSupported, nil},
		{"modifier extension", head + `,"item":[{"linkId":"88122-7","modifierExtension":[{"url":"http://x","valueBoolean":true}]}]}`,
			"QuestionnaireResponse.item[0].modifierExtension[0]", carecoord.FieldNotSupported, nil},
		{"question twice", head + `,"item":[{"linkId":"88122-7"},{"linkId":"/88122-7"}]}`, "QuestionnaireResponse.item[1].linkId", carecoord.FieldDuplicate, nil},
		{"answer code not LOINC's", head + `,"item":[{"linkId":"88122-7","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA1-1"}}]}]}`,
			"QuestionnaireResponse.item[0].answer[0].valueCoding.code", carecoord.FieldInvalid, nil},
		{"answer and absent reason", head + `,"item":[{"linkId":"88122-7","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason","valueCode":"asked-declined"}],` +
			`"answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA28397-0"}}]}]}`, "QuestionnaireResponse.item[0]", carecoord.FieldNotAllowed, nil},
		{"two numbers", head + `,"item":[{"linkId":"89555-7","answer":[{"valueInteger":1},{"valueInteger":2}]}]}`,
			"QuestionnaireResponse.item[0].answer[1]", carecoord.FieldDuplicate, nil},
		{"number and code", head + `,"item":[{"linkId":"89555-7","answer":[{"valueInteger":1},{"valueCoding":{"system":"http://loinc.org","code":"LA28397-0"}}]}]}`,
			"QuestionnaireResponse.item[0].answer", carecoord.FieldNotAllowed, nil},
		{"not a built-in panel", strings.Replace(observationsHead, "88121-9", "88122-7", 1) + `}`, "Observation.code", carecoord.FieldInvalid, nil},
		{"observation entered in error", strings.Replace(observationsHead, `"final"`, `"entered-in-error"`, 1) + `}`, "Observation.status", carecoord.FieldNotSupported, nil},
		{"no day", strings.Replace(observationsHead, `,"effectiveDateTime":"2026-03-10"`, ``, 1) + `}`, "Observation.effectiveDateTime", carecoord.FieldRequired, nil},
		{"observation modifier extension", observationsHead + `,"modifierExtension":[{"url":"http://x","valueBoolean":true}]}`, "Observation.modifierExtension[0]", carecoord.FieldNotSupported, nil},
		{"member twice", strings.Replace(observationsHead, "Observation/q2", "Observation/q1", 1) + `}`, "Observation.hasMember[1]", carecoord.FieldDuplicate,
			[]string{hvsMember("q1", "88122-7", often)}},
		{"another patient", observationsHead + `}`, "members[0].subject", carecoord.FieldInvalid,
			[]string{strings.Replace(hvsMember("q1", "88122-7", often), "Patient/p1", "Patient/p2", 1)}},
		{"no question code", observationsHead + `}`, "members[0].code", carecoord.FieldRequired,
			[]string{`{"resourceType":"Observation","id":"q1","status":"final","code":{"text":"worried about food"}` + often + `}`}},
		{"observed answer code not LOINC's", observationsHead + `}`, "members[0].valueCodeableConcept", carecoord.FieldInvalid,
			[]string{hvsMember("q1", "88122-7", strings.Replace(often, "LA28397-0", "LA1-1", 1))}},
		{"value and absent reason", observationsHead + `}`, "members[0].dataAbsentReason", carecoord.FieldNotAllowed,
			[]string{hvsMember("q1", "88122-7", often+`,"dataAbsentReason":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/data-absent-reason","code":"asked-declined"}]}`)}},
		{"question observed twice", observationsHead + `}`, "members[1].code", carecoord.FieldDuplicate,
			[]string{hvsMember("q1", "88122-7", often), hvsMember("q2", "88122-7", `,"valueInteger":1`)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := [][]byte{[]byte(tt.json)}
			for _, m := range tt.members {
				data = append(data, []byte(m))
			}
			_, _, err := readQuestionnaireResponse(data[0])
			if strings.HasPrefix(tt.json, `{"resourceType":"Observation"`) {
				_, _, err = readObservations(data...)
			}
			var list carecoord.FieldErrors
			if !errors.As(err, &list) {
				var fe *carecoord.FieldError
				if errors.As(err, &fe) {
					list = carecoord.FieldErrors{fe}
				}
			}
			if !list.Has(tt.path, tt.code) {
				t.Errorf("err = %v, want %s at %q", err, tt.code, tt.path)
			}
		})
	}
	if _, _, err := fhir.ResponseFromObservations(nil, nil); !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("no grouping observation: err = %v", err)
	}
}

// What a foreign response gives that a Response has no place for is reported, and the rest
// read: a proxy named by source, an answer that is not LOINC's, a fractional number, a reason
// for absence the Response has no value for, a linkId that is not a LOINC code, a response
// still in progress.
func TestScreeningMappingIssues(t *testing.T) {
	in := `{"resourceType":"QuestionnaireResponse","language":"es","questionnaire":"http://hl7.org/fhir/us/sdoh-clinicalcare/Questionnaire/SDOHCC-QuestionnaireHungerVitalSign",` +
		`"status":"in-progress","subject":{"reference":"Patient/p1"},"authored":"2026-03-10","source":{"reference":"RelatedPerson/rp1"},"item":[` +
		`{"linkId":"88122-7","answer":[{"valueCoding":{"system":"http://snomed.info/sct","code":"1"}}]},` +
		`{"linkId":"89555-7","answer":[{"valueDecimal":2.5}]},` +
		`{"linkId":"68516-4","answer":[{"valueDecimal":30.0}]},` +
		`{"linkId":"88123-5","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason","valueCode":"masked"}]},` +
		`{"linkId":"q1","answer":[{"valueInteger":1}]}]}`
	r, issues, err := readQuestionnaireResponse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := sdoh.Response{Instrument: sdoh.HVS, InstrumentVersion: "2010", Patient: "p1", Date: civil.MustParse("2026-03-10"),
		Respondent: sdoh.RespondentProxy, Language: "es", Answers: []sdoh.Answer{sdoh.Value("68516-4", 30)}}
	if diff := cmp.Diff(want, r); diff != "" {
		t.Errorf("response (-want +got):\n%s", diff)
	}
	wantIssues := []fhir.Issue{
		{Path: "QuestionnaireResponse.questionnaire", Code: fhir.IssueAssumed},
		{Path: "QuestionnaireResponse.status", Code: fhir.IssueNotMapped},
		{Path: "QuestionnaireResponse.source", Code: fhir.IssueNotMapped},
		{Path: "QuestionnaireResponse.source", Code: fhir.IssueAssumed},
		{Path: "QuestionnaireResponse.item[0].answer[0].valueCoding", Code: fhir.IssueUnsupportedValue},
		{Path: "QuestionnaireResponse.item[1].answer[0].valueDecimal", Code: fhir.IssueUnsupportedValue},
		{Path: "QuestionnaireResponse.item[3].extension[0]", Code: fhir.IssueUnsupportedValue},
		{Path: "QuestionnaireResponse.item[4]", Code: fhir.IssueNotMapped},
	}
	if diff := cmp.Diff(wantIssues, issues, ignoreIssueDetail); diff != "" {
		t.Errorf("issues (-want +got):\n%s", diff)
	}
}

// ObservationsOf and ConditionsOf refuse what they cannot name or trust.
func TestScreeningExportErrors(t *testing.T) {
	s, err := sdoh.NewScreener()
	if err != nil {
		t.Fatal(err)
	}
	r := ahcFixtureResponse()
	res := s.Score(r)
	noID := r
	noID.ID = ""
	long := r
	long.ID = strings.Repeat("x", 60)
	other := r
	other.Date = other.Date.AddDays(1)
	for name, tc := range map[string]struct {
		r    sdoh.Response
		path string
	}{"no id": {noID, "id"}, "long id": {long, "id"}, "another response's result": {other, "result"}} {
		_, err := fhir.ObservationsOf(s, tc.r, res)
		var fe *carecoord.FieldError
		if !errors.As(err, &fe) || fe.Path != tc.path {
			t.Errorf("%s: ObservationsOf err = %v, want one at %s", name, err, tc.path)
		}
	}
	if _, err := fhir.ConditionsOf(r, []sdoh.Need{{Category: "hunger"}}, nil); !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("ConditionsOf with an unknown category: err = %v", err)
	}
}

// Any input: no panic. A resource that reads without error writes JSON that reads back and
// writes the same bytes again, and a QuestionnaireResponse or a grouping Observation (with the
// Observations it contains as members) maps to a response or an error, and a Bundle imports,
// never a panic. Seeds: the AHC fixtures (a QuestionnaireResponse, a Bundle of Observations), a
// response with every kind of answer as QuestionnaireResponseOf writes it, and the
// observations (alone and as a Bundle), condition and measure report the mappings write.
func FuzzScreening(f *testing.F) {
	for _, name := range []string{"questionnaireresponse-ahc.json", "bundle-observations-ahc.json"} {
		fixture, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(fixture, false)
	}
	s := newScreener(f)
	r := ahcFixtureResponse()
	r.Answers = append(r.Answers, sdoh.Value("89555-7", 3), sdoh.Choose("96780-2", "LA31981-6"))
	qr, obs := screeningResources(f, s, r)
	conds, err := fhir.ConditionsOf(r, sdoh.Needs(s.Score(r)), obs)
	if err != nil {
		f.Fatal(err)
	}
	for _, res := range append([]fhir.Resource{qr, obs[0], obs[len(obs)-1], collection(toResources(obs)...)}, toResources(conds)...) {
		data, err := fhir.Marshal(res)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, true)
	}
	f.Add([]byte(`{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://x","period":{"start":"2024-01-01"},`+
		`"group":[{"population":[{"code":{"text":"n"},"count":3}],"measureScore":{"value":0.7500},"stratifier":[{"stratum":[{"value":{"text":"a"}}]}]}]}`), false)
	f.Add([]byte(`{"resourceType":"QuestionnaireResponse","questionnaire":"http://loinc.org/q/88121-9|2.77","item":[{"linkId":"g","item":[`+
		`{"linkId":"88122-7","answer":[{"valueDecimal":1e2,"item":[{"linkId":"88123-5"}]}]}]}]}`), false)
	f.Add([]byte(observationsHead+`,"valueInteger":3,"performer":[{"type":"RelatedPerson"}],"contained":[`+hvsMember("q1", "88122-7", often)+`]}`), false)
	f.Fuzz(func(t *testing.T, data []byte, keep bool) {
		res := rewrites(t, data, keep)
		if res == nil {
			return
		}
		switch x := res.(type) {
		case *fhir.QuestionnaireResponse:
			fhir.ResponseFromQuestionnaireResponse(x)
		case *fhir.Observation:
			members := []*fhir.Observation{nil}
			for _, c := range x.Contained {
				if o, ok := c.(*fhir.Observation); ok {
					members = append(members, o)
				}
			}
			fhir.ResponseFromObservations(x, members)
		case *fhir.Bundle:
			fhir.Import(data, fhir.ImportOptions{DecodeOptions: fhir.DecodeOptions{KeepUnknown: keep}})
		}
	})
}

// A list element that writes nothing (its only member not mapped and not kept) is left out
// with its comma: the output stays JSON. Found by mutating the screening seeds.
func TestEmptyListElementLeftOut(t *testing.T) {
	in := `{"resourceType":"Observation","category":[{"coding":[{"system":"http://x","code":"a"}]},{"cooding":[1]},{"text":"b"}]}`
	r, _, err := fhir.Unmarshal([]byte(in), fhir.DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := fhir.Marshal(r)
	if want := `{"resourceType":"Observation","category":[{"coding":[{"system":"http://x","code":"a"}]},{"text":"b"}]}`; err != nil || string(out) != want {
		t.Errorf("Marshal = %s, %v; want %s", out, err, want)
	}
}

// Import reads a bundle's QuestionnaireResponses as responses, resolving the subject through
// the bundle, and reports the Observations and Conditions it holds, which carecoord derives
// rather than reads.
func TestImportScreeningBundle(t *testing.T) {
	s := newScreener(t)
	r := ahcFixtureResponse()
	qr, obs := screeningResources(t, s, r)
	qr.Subject = fhir.Reference{Reference: "urn:uuid:7f1c6f0e-0b7e-4d52-9d1e-3f4c2a1b0c53"}
	qr.Source = qr.Subject
	conds, err := fhir.ConditionsOf(r, sdoh.Needs(s.Score(r)), obs)
	if err != nil {
		t.Fatal(err)
	}
	b := &fhir.Bundle{Type: "collection", Entry: []fhir.BundleEntry{
		{FullURL: "urn:uuid:7f1c6f0e-0b7e-4d52-9d1e-3f4c2a1b0c53", Other: &fhir.OtherResource{Type: "Patient", ID: "pat-53", JSON: []byte(`{"resourceType":"Patient","id":"pat-53"}`)}},
		{Resource: qr}, {Resource: obs[1]}, {Resource: conds[0]},
	}}
	data, err := fhir.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	recs, issues, err := fhir.Import(data, fhir.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]sdoh.Response{r}, recs.Responses); diff != "" {
		t.Errorf("responses (-want +got):\n%s", diff)
	}
	want := []fhir.Issue{
		{Path: "Bundle.entry[0].resource", Code: fhir.IssueNotMappedResource},
		{Path: "Bundle.entry[2].resource", Code: fhir.IssueNotMappedResource},
		{Path: "Bundle.entry[3].resource", Code: fhir.IssueNotMappedResource},
	}
	if diff := cmp.Diff(want, issues, ignoreIssueDetail); diff != "" {
		t.Errorf("issues (-want +got):\n%s", diff)
	}
}

// readObservations decodes each observation and maps the first (the grouping observation) and
// the others (its members) to a response, returning the issues of both.
func readObservations(data ...[]byte) (sdoh.Response, []fhir.Issue, error) {
	obs := make([]*fhir.Observation, len(data))
	var issues []fhir.Issue
	for i, d := range data {
		o, is, err := decodeAs[*fhir.Observation](d)
		if issues = append(issues, is...); err != nil {
			return sdoh.Response{}, issues, err
		}
		obs[i] = o
	}
	r, mapIssues, err := fhir.ResponseFromObservations(obs[0], obs[1:])
	return r, append(issues, mapIssues...), err
}

// newScreener returns the built-in instruments' screener.
func newScreener(tb testing.TB) *sdoh.Screener {
	s, err := sdoh.NewScreener()
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// screeningResources returns r as a QuestionnaireResponse and, scored by s, as Observations.
func screeningResources(tb testing.TB, s *sdoh.Screener, r sdoh.Response) (*fhir.QuestionnaireResponse, []*fhir.Observation) {
	qr, err := fhir.QuestionnaireResponseOf(r)
	obs, obsErr := fhir.ObservationsOf(s, r, s.Score(r))
	if err = errors.Join(err, obsErr); err != nil {
		tb.Fatal(err)
	}
	return qr, obs
}

// collection returns a collection Bundle of res.
func collection(res ...fhir.Resource) *fhir.Bundle {
	b := &fhir.Bundle{Type: "collection", Entry: make([]fhir.BundleEntry, len(res))}
	for i, r := range res {
		b.Entry[i].Resource = r
	}
	return b
}

// checkResponses compares what a mapping read with what it should have, issues by path and code.
func checkResponses(t *testing.T, want, got []sdoh.Response, err error, wantIssues, issues []fhir.Issue) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("responses (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantIssues, issues, ignoreIssueDetail); diff != "" {
		t.Errorf("issues (-want +got):\n%s", diff)
	}
}

// byItem returns r with its answers sorted by item: a response's answers come in any order.
func byItem(r sdoh.Response) sdoh.Response {
	r = r.Clone()
	slices.SortFunc(r.Answers, func(a, b sdoh.Answer) int { return strings.Compare(a.Item, b.Item) })
	return r
}

// resultIssues returns the issues reading obs back reports: one for each calculated result,
// which is left out, at the path path(i) gives for obs[i].
func resultIssues(obs []*fhir.Observation, res sdoh.Result, path func(int) string) []fhir.Issue {
	var out []fhir.Issue
	for i, o := range obs {
		code := o.Code.Coding[0].Code
		if code == res.TotalCode || slices.ContainsFunc(res.Domains, func(d sdoh.DomainResult) bool { return d.ResultCode == code }) {
			out = append(out, fhir.Issue{Path: path(i), Code: fhir.IssueNotMapped})
		}
	}
	return out
}

// Round trip: every valid response, scored and written as Observations in JSON, reads back
// as the same response, directly and through a Bundle, with only the calculated results
// reported (left out). What the observations do not carry: the answers' order (they come back
// in the instrument's, the order ObservationsOf writes them).
func TestResponseObservationsRoundTrip(t *testing.T) {
	s := newScreener(t)
	rapid.Check(t, func(t *rapid.T) {
		r := sdohtest.Response("screen-1").Draw(t, "response")
		r.Version = int64(rapid.IntRange(0, 5).Draw(t, "version"))
		res := s.Score(r)
		obs, err := fhir.ObservationsOf(s, r, res)
		if err != nil {
			t.Fatalf("ObservationsOf: %v", err)
		}
		data := make([][]byte, len(obs))
		for i, o := range obs {
			if data[i], err = fhir.Marshal(o); err != nil {
				t.Fatalf("Marshal: %v", err)
			}
		}
		got, issues, err := readObservations(data...)
		if err != nil {
			t.Fatalf("read back: %v\n%s", err, data)
		}
		if diff := cmp.Diff(byItem(r), byItem(got)); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s", diff)
		}
		want := resultIssues(obs[1:], res, func(i int) string { return "members[" + strconv.Itoa(i) + "]" })
		if diff := cmp.Diff(want, issues, ignoreIssueDetail); diff != "" {
			t.Fatalf("issues (-want +got):\n%s", diff)
		}

		bundle, err := fhir.Marshal(collection(toResources(obs)...))
		if err != nil {
			t.Fatal(err)
		}
		recs, issues, err := fhir.Import(bundle, fhir.ImportOptions{})
		if err != nil || len(recs.Responses) != 1 {
			t.Fatalf("Import: %v, %d responses", err, len(recs.Responses))
		}
		if diff := cmp.Diff(byItem(r), byItem(recs.Responses[0])); diff != "" {
			t.Fatalf("imported (-want +got):\n%s", diff)
		}
		want = resultIssues(obs, res, func(i int) string { return "Bundle.entry[" + strconv.Itoa(i) + "].resource" })
		if diff := cmp.Diff(want, issues, ignoreIssueDetail); diff != "" {
			t.Fatalf("Import issues (-want +got):\n%s", diff)
		}
	})
}

// A multiple-choice question answered with no choice (PRAPARE 93031-3) is written with
// carecoord's "none" answer and read back as such, with the response's header on the grouping
// observation.
func TestObservationsNoneOfTheseRoundTrip(t *testing.T) {
	s := newScreener(t)
	in, _ := sdoh.BuiltinInstrument(sdoh.PRAPARE)
	r := sdoh.Response{Meta: carecoord.Meta{ID: "prapare-1", Version: 2}, Instrument: in.ID, InstrumentVersion: in.Version,
		Patient: "pat-9", Date: civil.MustParse("2026-02-02"), Respondent: sdoh.RespondentProxy, Language: "es-MX"}
	for _, it := range in.Items {
		switch {
		case it.NoneIfEmpty:
			r.Answers = append(r.Answers, sdoh.Choose(it.Code))
		case it.Required:
			r.Answers = append(r.Answers, sdoh.Skip(it.Code, sdoh.AbsentNotAsked))
		}
	}
	obs, err := fhir.ObservationsOf(s, r, s.Score(r))
	if err != nil {
		t.Fatal(err)
	}
	var data [][]byte
	for _, o := range obs {
		d, err := fhir.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		data = append(data, d)
		if o.Code.Coding[0].Code == "93031-3" && !strings.Contains(string(d), `"valueCodeableConcept":{"coding":[{"system":"https://github.com/carecoord/carecoord/fhir/CodeSystem/screening-answer","code":"none","display":"None of these"}]}`) {
			t.Errorf("no choice written as %s", d)
		}
	}
	for _, want := range []string{`"meta":{"versionId":"2"}`, `"performer":[{"type":"RelatedPerson"}]`,
		`{"url":"https://github.com/carecoord/carecoord/fhir/StructureDefinition/screening-language","valueCode":"es-MX"}`} {
		if !strings.Contains(string(data[0]), want) {
			t.Errorf("grouping observation lacks %s:\n%s", want, data[0])
		}
	}
	got, issues, err := readObservations(data...)
	checkResponses(t, []sdoh.Response{byItem(r)}, []sdoh.Response{byItem(got)}, err, nil, issues)
}

// ahcObservationsResponse is the response testdata/bundle-observations-ahc.json holds: the
// questionnaire fixture's answers, but for two housing problems in one answer, and two numbers,
// with no id (the bundle's entries are created by the server).
func ahcObservationsResponse() sdoh.Response {
	r := ahcFixtureResponse()
	r.Meta = carecoord.Meta{}
	r.Answers[1] = sdoh.Choose("96778-6", "LA31996-4", "LA28580-1") // pests, mold
	r.Answers = append(r.Answers,
		sdoh.Value("89555-7", 3),  // days a week, as valueQuantity
		sdoh.Value("68516-4", 30)) // minutes a day, as valueInteger
	return r
}

// An AHC HRSN screen written for the project as a transaction Bundle of Observations in the
// shape of the SDOH Clinical Care IG's examples (a grouping observation with the panel code and
// hasMember, one observation per answer with performer and LOINC displays, one per housing
// problem chosen, a declined question with dataAbsentReason, numbers as valueQuantity and
// valueInteger, the HITS total derived from its items, no QuestionnaireResponse) imports as the
// response a screening app would have recorded. Reported: the issued time and the profile, the
// derived version, day, respondent and language, and the total, left out. Scored, it gives
// what the rules say, not what the sender computed.
func TestAHCObservationsFixture(t *testing.T) {
	data, readErr := os.ReadFile("testdata/bundle-observations-ahc.json")
	recs, issues, err := fhir.Import(data, fhir.ImportOptions{})
	panel := func(rel string, code fhir.IssueCode) fhir.Issue {
		return fhir.Issue{Path: "Bundle.entry[0].resource" + rel, Code: code}
	}
	checkResponses(t, []sdoh.Response{ahcObservationsResponse()}, recs.Responses, errors.Join(readErr, err), []fhir.Issue{
		panel(".issued", fhir.IssueNotMapped), panel(".meta.profile", fhir.IssueNotMapped),
		panel(".code", fhir.IssueAssumed), panel(".effectiveDateTime", fhir.IssueAssumed), // version, day
		{Path: "Bundle.entry[15].resource", Code: fhir.IssueNotMapped},           // the HITS total, left out
		{Path: "Bundle.entry[1].resource.performer[0]", Code: fhir.IssueAssumed}, // the patient answered
		panel("", fhir.IssueAssumed),                                             // in English
	}, issues)
	res := newScreener(t).Score(ahcObservationsResponse())
	if !res.Valid || res.Status != sdoh.StatusPositive {
		t.Errorf("scored: valid %v, status %s", res.Valid, res.Status)
	}
}

// Import reads the QuestionnaireResponse of a screening that also comes as Observations
// derived from it, and reports the Observations; without the QuestionnaireResponse, it reads
// the Observations.
func TestImportObservationsOrQuestionnaireResponse(t *testing.T) {
	r := ahcFixtureResponse()
	qr, obs := screeningResources(t, newScreener(t), r)
	for _, withResponse := range []bool{true, false} {
		t.Run("with QuestionnaireResponse "+strconv.FormatBool(withResponse), func(t *testing.T) {
			res := toResources(obs)
			if withResponse {
				res = append(res, qr)
			}
			data, err := fhir.Marshal(collection(res...))
			if err != nil {
				t.Fatal(err)
			}
			recs, issues, err := fhir.Import(data, fhir.ImportOptions{})
			var want []fhir.Issue
			for i, o := range obs {
				if withResponse || o.Code.Coding[0].Code == "95614-4" {
					want = append(want, fhir.Issue{Path: "Bundle.entry[" + strconv.Itoa(i) + "].resource", Code: fhir.IssueNotMappedResource})
				}
			}
			if !withResponse {
				want[0].Code = fhir.IssueNotMapped // the total, read as a member and left out
			}
			checkResponses(t, []sdoh.Response{r}, recs.Responses, err, want, issues)
		})
	}
}

// observationsHead is a Hunger Vital Sign grouping observation whose members follow.
const observationsHead = `{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"88121-9"}]},` +
	`"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2026-03-10","hasMember":[{"reference":"Observation/q1"},{"reference":"Observation/q2"}]`

// hvsMember returns a member observation with id, of question code, with the JSON members rest.
func hvsMember(id, code, rest string) string {
	return `{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"` + code + `"}]},` +
		`"subject":{"reference":"Patient/p1"}` + rest + `}`
}

const often = `,"valueCodeableConcept":{"coding":[{"system":"http://loinc.org","code":"LA28397-0"}]}`

// What foreign observations give that a response has no place for is reported and the rest
// read: a proxy named by the performer, a member of another day and another performer, a value
// that is not a LOINC answer or a whole number, an absent reason the response has no value for,
// a member with no value, a nested group, an unresolved member, a member no hasMember names,
// preliminary observations, a result derived from the answers.
func TestObservationsMappingIssues(t *testing.T) {
	head := strings.Replace(observationsHead, `"final"`, `"preliminary"`, 1)
	head = strings.Replace(head, `{"reference":"Observation/q2"}`,
		`{"reference":"Observation/q2"},{"reference":"Observation/q3"},{"reference":"Observation/q4"},{"reference":"Observation/q5"},`+
			`{"reference":"Observation/q6"},{"reference":"Observation/q7"},{"reference":"Observation/q8"},{"reference":"Observation/gone"}`, 1)
	panel := head + `,"performer":[{"reference":"RelatedPerson/rp1"}],"derivedFrom":[{"reference":"DocumentReference/scan"}]}`
	members := []string{
		hvsMember("q1", "88122-7", `,"effectiveDateTime":"2026-03-09","performer":[{"reference":"Patient/p1"}]`+often),
		hvsMember("q2", "88123-5", `,"valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"1"}]}`),
		hvsMember("q3", "89555-7", `,"valueQuantity":{"value":2.5,"system":"http://unitsofmeasure.org","code":"d/wk"}`),
		hvsMember("q4", "68516-4", `,"valueQuantity":{"value":30.0,"system":"http://unitsofmeasure.org","code":"min/d"}`),
		hvsMember("q5", "93030-5", `,"dataAbsentReason":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/data-absent-reason","code":"masked"}]}`),
		hvsMember("q6", "96779-4", ``),
		hvsMember("q7", "88124-3", `,"valueCodeableConcept":{"coding":[{"system":"http://loinc.org","code":"LA19952-3"}]}`),
		hvsMember("q8", "71802-3", `,"hasMember":[{"reference":"Observation/q1"}]`),
		hvsMember("stray", "96778-6", often),
	}
	data := [][]byte{[]byte(panel)}
	for _, m := range members {
		data = append(data, []byte(m))
	}
	r, issues, err := readObservations(data...)
	want := sdoh.Response{Instrument: sdoh.HVS, InstrumentVersion: "2010", Patient: "p1", Date: civil.MustParse("2026-03-10"),
		Respondent: sdoh.RespondentProxy, Language: "en", Answers: []sdoh.Answer{sdoh.Choose("88122-7", "LA28397-0"), sdoh.Value("68516-4", 30)}}
	checkResponses(t, []sdoh.Response{want}, []sdoh.Response{r}, err, []fhir.Issue{
		// The grouping observation's status, version and derivedFrom.
		{Path: "Observation.status", Code: fhir.IssueNotMapped}, {Path: "Observation.code", Code: fhir.IssueAssumed},
		{Path: "Observation.derivedFrom[0]", Code: fhir.IssueNotMapped},
		// The members, in hasMember's order.
		{Path: "members[0].performer[0]", Code: fhir.IssueNotMapped}, {Path: "members[0].effectiveDateTime", Code: fhir.IssueNotMapped},
		{Path: "members[1].valueCodeableConcept", Code: fhir.IssueUnsupportedValue},
		{Path: "members[2].valueQuantity", Code: fhir.IssueUnsupportedValue},
		{Path: "members[4].dataAbsentReason", Code: fhir.IssueUnsupportedValue},
		{Path: "members[5]", Code: fhir.IssueNotMapped}, {Path: "members[6]", Code: fhir.IssueNotMapped},
		{Path: "members[7].hasMember", Code: fhir.IssueNotMapped}, {Path: "Observation.hasMember[8]", Code: fhir.IssueUnresolvedReference},
		// Who answered, the language, and the member hasMember does not name.
		{Path: "Observation.performer[0]", Code: fhir.IssueNotMapped}, {Path: "Observation.performer[0]", Code: fhir.IssueAssumed},
		{Path: "Observation", Code: fhir.IssueAssumed}, {Path: "members[8]", Code: fhir.IssueNotMappedResource},
	}, issues)
}
