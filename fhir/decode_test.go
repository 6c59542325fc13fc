package fhir_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/fhir"
)

// The rules of FHIR R4's JSON representation (§2.6.2), each broken once: the error names the
// element by its FHIRPath-like location and the rule by its code, and never repeats the value.
func TestJSONRules(t *testing.T) {
	const secret = "Jane-Q-Patient"
	tests := []struct {
		name string
		json string
		path string
		code carecoord.FieldCode
	}{
		{"null value", `{"resourceType":"Encounter","status":null}`, "Encounter.status", carecoord.FieldInvalid},
		{"empty string", `{"resourceType":"Encounter","status":""}`, "Encounter.status", carecoord.FieldInvalid},
		{"empty array", `{"resourceType":"Encounter","type":[]}`, "Encounter.type", carecoord.FieldInvalid},
		{"empty object", `{"resourceType":"Encounter","class":{}}`, "Encounter.class", carecoord.FieldInvalid},
		{"repeated member", `{"resourceType":"Encounter","status":"finished","status":"planned"}`, "Encounter.status", carecoord.FieldDuplicate},
		{"wrong JSON type", `{"resourceType":"Encounter","class":"IMP"}`, "Encounter.class", carecoord.FieldInvalid},
		{"code with double space", `{"resourceType":"Encounter","status":"in  progress"}`, "Encounter.status", carecoord.FieldInvalid},
		{"bad id", `{"resourceType":"Encounter","id":"` + secret + `/x"}`, "Encounter.id", carecoord.FieldInvalid},
		{"dateTime without zone", `{"resourceType":"Encounter","period":{"start":"2026-03-02T21:40:00"}}`, "Encounter.period.start", carecoord.FieldInvalid},
		{"impossible day", `{"resourceType":"Encounter","period":{"start":"2026-02-30"}}`, "Encounter.period.start", carecoord.FieldInvalid},
		{"rank below 1", `{"resourceType":"Encounter","diagnosis":[{"rank":0}]}`, "Encounter.diagnosis[0].rank", carecoord.FieldOutOfRange},
		{"rank not whole", `{"resourceType":"Encounter","diagnosis":[{"rank":1.5}]}`, "Encounter.diagnosis[0].rank", carecoord.FieldInvalid},
		{"extension without url", `{"resourceType":"Encounter","extension":[{"valueCode":"x"}]}`, "Encounter.extension[0]", carecoord.FieldRequired},
		{"extension with two values", `{"resourceType":"Encounter","extension":[{"url":"http://x","valueCode":"x","valueString":"y"}]}`, "Encounter.extension[0].valueString", carecoord.FieldDuplicate},
		{"extension with value and nested", `{"resourceType":"Encounter","extension":[{"url":"http://x","valueCode":"x","extension":[{"url":"http://y","valueCode":"z"}]}]}`, "Encounter.extension[0]", carecoord.FieldInvalid},
		{"companion list length", `{"resourceType":"Encounter","meta":{"profile":["http://a","http://b"],"_profile":[{"id":"p1"}]}}`, "Encounter.meta._profile", carecoord.FieldInvalid},
		{"companion single for a list", `{"resourceType":"Encounter","meta":{"profile":["http://a"],"_profile":{"id":"p1"}}}`, "Encounter.meta._profile", carecoord.FieldInvalid},
		{"null without companion", `{"resourceType":"Encounter","meta":{"profile":[null,"http://b"]}}`, "Encounter.meta.profile[0]", carecoord.FieldInvalid},
		{"companion with other members", `{"resourceType":"Encounter","_status":{"url":"http://x"}}`, "Encounter._status.url", carecoord.FieldNotSupported},
		{"no resourceType", `{"status":"finished"}`, "resourceType", carecoord.FieldRequired},
		{"not an object", `["Encounter"]`, "", carecoord.FieldInvalid},
		{"malformed", `{"resourceType":"Encounter","status":"fin`, "Encounter.status", carecoord.FieldInvalid},
		{"trailing text", `{"resourceType":"Encounter"} x`, "", carecoord.FieldInvalid},
		{"not UTF-8", "{\"resourceType\":\"Encounter\",\"status\":\"\xff\"}", "Encounter.status", carecoord.FieldInvalid},
		{"control character", "{\"resourceType\":\"Encounter\",\"status\":\"a\x01\"}", "Encounter.status", carecoord.FieldInvalid},
		// Extension values are checked by their type, and unknown members by the JSON rules, even
		// though both are kept as JSON text.
		{"extension integer not whole", `{"resourceType":"Encounter","extension":[{"url":"http://x","valueInteger":1.5}]}`, "Encounter.extension[0].valueInteger", carecoord.FieldInvalid},
		{"extension integer beyond 32 bits", `{"resourceType":"Encounter","extension":[{"url":"http://x","valueInteger":3000000000}]}`, "Encounter.extension[0].valueInteger", carecoord.FieldInvalid},
		{"extension positiveInt zero", `{"resourceType":"Encounter","extension":[{"url":"http://x","valuePositiveInt":0}]}`, "Encounter.extension[0].valuePositiveInt", carecoord.FieldOutOfRange},
		{"extension impossible date", `{"resourceType":"Encounter","extension":[{"url":"http://x","valueDate":"2026-02-30"}]}`, "Encounter.extension[0].valueDate", carecoord.FieldInvalid},
		{"extension empty string", `{"resourceType":"Encounter","extension":[{"url":"http://x","valueString":""}]}`, "Encounter.extension[0].valueString", carecoord.FieldInvalid},
		{"extension code with space", `{"resourceType":"Encounter","extension":[{"url":"http://x","valueCode":" ` + secret + `"}]}`, "Encounter.extension[0].valueCode", carecoord.FieldInvalid},
		{"extension coding with null", `{"resourceType":"Encounter","extension":[{"url":"http://x","valueCoding":{"code":null}}]}`, "Encounter.extension[0].valueCoding.code", carecoord.FieldInvalid},
		{"extension address with empty string", `{"resourceType":"Encounter","extension":[{"url":"http://x","valueAddress":{"city":""}}]}`, "Encounter.extension[0].valueAddress.city", carecoord.FieldInvalid},
		{"unknown element null", `{"resourceType":"Encounter","implicitRules":null}`, "Encounter.implicitRules", carecoord.FieldInvalid},
		{"unknown element empty inside", `{"resourceType":"Encounter","priority":{"text":""}}`, "Encounter.priority.text", carecoord.FieldInvalid},
		{"unknown list null without companion", `{"resourceType":"Encounter","priority":{"coding":[{"code":"a"}],"text":"x"},"account":[null]}`, "Encounter.account[0]", carecoord.FieldInvalid},
		{"resource of another type empty inside", `{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","name":[{"family":""}]}}]}`, "Bundle.entry[0].resource.name[0].family", carecoord.FieldInvalid},
		{"contained of another type null inside", `{"resourceType":"Encounter","contained":[{"resourceType":"Patient","id":"p","gender":null}]}`, "Encounter.contained[0].gender", carecoord.FieldInvalid},
		// A choice element [x] has one type, mapped or not.
		{"choice mapped and unmapped", `{"resourceType":"Observation","status":"final","valueQuantity":{"value":1},"valueString":"x"}`, "Observation.valueString", carecoord.FieldDuplicate},
		{"choice both unmapped", `{"resourceType":"Observation","status":"final","effectivePeriod":{"start":"2026"},"effectiveInstant":"2026-01-01T00:00:00Z"}`, "Observation.effectiveInstant", carecoord.FieldDuplicate},
		{"choice in a backbone element", `{"resourceType":"Goal","target":[{"detailQuantity":{"value":1},"detailString":"x"}]}`, "Goal.target[0].detailString", carecoord.FieldDuplicate},
		// Only a primitive value has a "_name" companion (§2.6.2.7).
		{"companion of a complex element", `{"resourceType":"Encounter","class":{"code":"IMP"},"_class":{"id":"x"}}`, "Encounter._class", carecoord.FieldNotAllowed},
		{"companion of a list of objects", `{"resourceType":"Encounter","type":[{"text":"x"}],"_type":[{"id":"x"}]}`, "Encounter._type", carecoord.FieldNotAllowed},
		// A decimal of a million digits would take seconds to read.
		{"decimal of too many digits", `{"resourceType":"Goal","target":[{"detailQuantity":{"value":1` + strings.Repeat("7", 1<<20) + `}}]}`, "Goal.target[0].detailQuantity.value", carecoord.FieldOutOfRange},
		{"too deep", `{"resourceType":"Encounter","extension":` + strings.Repeat(`[{"url":"http://x","extension":`, 60) + `1` + strings.Repeat(`}]`, 60) + `}`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := fhir.Unmarshal([]byte(tt.json), fhir.DecodeOptions{})
			if !errors.Is(err, carecoord.ErrInvalid) {
				t.Fatalf("err = %v, want carecoord.ErrInvalid", err)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error repeats the input: %v", err)
			}
			if tt.code == "" {
				return
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
}

// What the JSON allows, read and written back as it was: primitive extensions on single and
// repeated values (with null for a value that only has an extension), escapes, decimals'
// precision, and unknown members when asked to keep them (in compact form).
func TestJSONRoundTripKeepsWhatItReads(t *testing.T) {
	in := `{"resourceType":"Encounter","id":"e1",` +
		`"meta":{"profile":[null,"http://b"],"_profile":[{"extension":[{"url":"http://x","valueDecimal":1.50}]},null]},` +
		`"status":"finished","_status":{"id":"s1"},` +
		`"class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"IMP","display":"in\"patient\u00e9\n"},` +
		`"priority": { "text" : "kept as read, less the spaces between tokens" }}`
	r, issues, err := fhir.Unmarshal([]byte(in), fhir.DecodeOptions{KeepUnknown: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := []fhir.Issue{{Path: "Encounter.priority", Code: fhir.IssueNotMapped, Detail: "is not mapped; kept"}}; !cmp.Equal(issues, want) {
		t.Errorf("issues = %v, want %v", issues, want)
	}
	out, err := fhir.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"resourceType":"Encounter","id":"e1",` +
		`"meta":{"profile":[null,"http://b"],"_profile":[{"extension":[{"url":"http://x","valueDecimal":1.50}]},null]},` +
		`"status":"finished",` +
		`"class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"IMP","display":"in\"patienté\n"},` +
		`"_status":{"id":"s1"},"priority":{"text":"kept as read, less the spaces between tokens"}}`
	if string(out) != want {
		t.Errorf("Marshal:\n got %s\nwant %s", out, want)
	}
	// Without KeepUnknown the unknown member is reported and left out.
	r, _, err = fhir.Unmarshal([]byte(in), fhir.DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if out, _ := fhir.Marshal(r); strings.Contains(string(out), "priority") {
		t.Errorf("left-out member written: %s", out)
	}
}

// A resource type the package does not read is refused by Unmarshal, naming the ones it reads.
func TestUnmarshalUnknownType(t *testing.T) {
	_, _, err := fhir.Unmarshal([]byte(`{"resourceType":"Patient","id":"p"}`), fhir.DecodeOptions{})
	var fe *carecoord.FieldError
	if !errors.As(err, &fe) || fe.Path != "resourceType" || fe.Code != carecoord.FieldNotSupported {
		t.Errorf("err = %v, want not-supported resourceType", err)
	}
}

// With KeepUnknown, what the package does not map is written back as read: a contained resource
// of a type it does not map among the others, and an unknown list whose null values the "_name"
// companion gives.
func TestKeepsWhatItDoesNotMap(t *testing.T) {
	in := `{"resourceType":"Encounter","contained":[` +
		`{"resourceType":"Condition","id":"dx1","code":{"text":"x"}},` +
		`{"resourceType":"Patient","id":"p","name":[{"given":[null,"Q"],"_given":[{"extension":[{"url":"http://x","valueCode":"a"}]},null]}]}],` +
		`"status":"finished","_account":[{"id":"a1"}],"account":[null]}`
	r, issues, err := fhir.Unmarshal([]byte(in), fhir.DecodeOptions{KeepUnknown: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []fhir.Issue{
		{Path: "Encounter.contained[1]", Code: fhir.IssueNotMappedResource, Detail: "is a resource type this package does not map; kept"},
		{Path: "Encounter.account", Code: fhir.IssueNotMapped, Detail: "is not mapped; kept"},
	}
	if diff := cmp.Diff(want, issues); diff != "" {
		t.Errorf("issues (-want +got):\n%s", diff)
	}
	out, err := fhir.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != in {
		t.Errorf("Marshal:\n got %s\nwant %s", out, in)
	}
	enc := r.(*fhir.Encounter)
	if len(enc.Contained) != 1 || len(enc.ContainedOther) != 1 || enc.ContainedOther[0].Type != "Patient" || enc.ContainedOther[0].ID != "p" {
		t.Errorf("contained = %v, other = %v", enc.Contained, enc.ContainedOther)
	}
}

// Text given as JSON (an extension's value, a kept member) that is not JSON makes Marshal fail
// rather than write output no reader accepts.
func TestMarshalRefusesBadJSONText(t *testing.T) {
	for _, enc := range []*fhir.Encounter{
		{DomainResource: fhir.DomainResource{Extension: []fhir.Extension{{URL: "http://x", ValueType: "String", Value: []byte(`"unterminated`)}}}},
		{DomainResource: fhir.DomainResource{Extras: fhir.Extras{Unknown: []fhir.Member{{Name: "priority", Value: []byte(`{"text":}`)}}}}},
	} {
		if out, err := fhir.Marshal(enc); !errors.Is(err, fhir.ErrBadJSON) {
			t.Errorf("Marshal = %s, %v; want ErrBadJSON", out, err)
		}
	}
	ok := &fhir.Encounter{DomainResource: fhir.DomainResource{Extension: []fhir.Extension{{URL: "http://x", ValueType: "String", Value: []byte(`"fine"`)}}}}
	if _, err := fhir.Marshal(ok); err != nil {
		t.Errorf("Marshal of good text: %v", err)
	}
}
