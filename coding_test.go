package carecoord_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/carecoord/carecoord"
)

// This file tests the shared value types: Coding, and also PatientID, Actor and Meta.

func TestCodingValidate(t *testing.T) {
	const loinc = carecoord.SystemLOINC
	tests := []struct {
		name string
		c    carecoord.Coding
		want []pathCode
	}{
		{"LOINC ok", carecoord.Coding{System: loinc, Code: "88122-7", Display: "Within the past 12 months we worried"}, nil},
		{"https ok", carecoord.Coding{System: "https://example.org/cs", Code: "x"}, nil},
		{"urn:oid ok", carecoord.Coding{System: "urn:oid:2.16.840.1.113883.6.1", Code: "4548-4"}, nil},
		{"urn:uuid ok", carecoord.Coding{System: "urn:uuid:53fefa32-fcbb-4ff8-8a92-55ee120877b7", Code: "x"}, nil},
		{"FHIR prefix system ok", carecoord.Coding{System: carecoord.SystemFHIR + "request-status", Code: "active"}, nil},
		{"THO prefix system ok", carecoord.Coding{System: carecoord.SystemTHO + "v3-ActCode", Code: "AMB"}, nil},
		{"display is free text", carecoord.Coding{System: loinc, Code: "1", Display: "  two  spaces\t\tand tabs "}, nil},

		{"zero", carecoord.Coding{}, []pathCode{{"system", carecoord.FieldRequired}, {"code", carecoord.FieldRequired}}},
		{"display only", carecoord.Coding{Display: "x"}, []pathCode{{"system", carecoord.FieldRequired}, {"code", carecoord.FieldRequired}}},
		{"missing system", carecoord.Coding{Code: "88122-7"}, []pathCode{{"system", carecoord.FieldRequired}}},
		{"relative system", carecoord.Coding{System: "loinc.org", Code: "88122-7"}, []pathCode{{"system", carecoord.FieldInvalid}}},
		{"scheme only http", carecoord.Coding{System: "http://", Code: "1"}, []pathCode{{"system", carecoord.FieldInvalid}}},
		{"scheme only urn", carecoord.Coding{System: "urn:", Code: "1"}, []pathCode{{"system", carecoord.FieldInvalid}}},
		{"other scheme", carecoord.Coding{System: "ftp://loinc.org", Code: "1"}, []pathCode{{"system", carecoord.FieldInvalid}}},
		{"system with space", carecoord.Coding{System: "http://loinc .org", Code: "1"}, []pathCode{{"system", carecoord.FieldInvalid}}},
		{"system with tab", carecoord.Coding{System: "http://loinc.org\t", Code: "1"}, []pathCode{{"system", carecoord.FieldInvalid}}},
		{"system with newline", carecoord.Coding{System: "http://loinc.org\n", Code: "1"}, []pathCode{{"system", carecoord.FieldInvalid}}},
		{"system leading space", carecoord.Coding{System: " http://loinc.org", Code: "1"}, []pathCode{{"system", carecoord.FieldInvalid}}},
		{"both bad", carecoord.Coding{System: "loinc", Code: " 1"}, []pathCode{{"system", carecoord.FieldInvalid}, {"code", carecoord.FieldInvalid}}},
		{"missing code", carecoord.Coding{System: loinc}, []pathCode{{"code", carecoord.FieldRequired}}},
	}
	// Codes, per the FHIR R4 code regex [^\s]+(\s[^\s]+)*: one white-space character between
	// non-space runs is fine, two in a row, or any at either end, is not.
	codes := []struct {
		code string
		ok   bool
	}{
		{"123", true},
		{"a b", true},
		{"a\tb", true},
		{"a\nb", true},
		{"a b c d", true},
		{"Z59.0", true},
		{"ünïcödé", true},
		{"x", true},
		{" 123", false},
		{"123 ", false},
		{"\t123", false},
		{"123\n", false},
		{"a  b", false},
		{"a\t\tb", false},
		{"a \tb", false},
		{"a\r\nb", false},
		{"a b  c", false},
		{" ", false},
		{"\t", false},
		{"  ", false},
	}
	for _, cc := range codes {
		var want []pathCode
		if !cc.ok {
			want = []pathCode{{"code", carecoord.FieldInvalid}}
		}
		tests = append(tests, struct {
			name string
			c    carecoord.Coding
			want []pathCode
		}{"code " + strconv.Quote(cc.code), carecoord.Coding{System: loinc, Code: cc.code}, want})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.c.Validate()
			if diff := cmp.Diff(tt.want, pathCodes(t, err)); diff != "" {
				t.Errorf("%#v.Validate() mismatch (-want +got):\n%s", tt.c, diff)
			}
		})
	}
}

func TestCodingSystemConstantsValidate(t *testing.T) {
	systems := []string{
		carecoord.SystemLOINC, carecoord.SystemSNOMED, carecoord.SystemRxNorm, carecoord.SystemNDC,
		carecoord.SystemICD10CM, carecoord.SystemCPT, carecoord.SystemHCPCS,
		carecoord.SystemNUBCDischargeStatus, carecoord.SystemNUCCTaxonomy, carecoord.SystemUCUM,
		carecoord.SystemSDOHCCTemporary,
	}
	seen := map[string]bool{}
	for _, s := range systems {
		if seen[s] {
			t.Errorf("system %q is listed twice", s)
		}
		seen[s] = true
		if err := (carecoord.Coding{System: s, Code: "1"}).Validate(); err != nil {
			t.Errorf("Coding{System: %q}.Validate() = %v, want nil", s, err)
		}
	}
	for _, prefix := range []string{carecoord.SystemFHIR, carecoord.SystemTHO} {
		if !strings.HasSuffix(prefix, "/") {
			t.Errorf("prefix %q does not end in /", prefix)
		}
	}
}

func TestCodingMatches(t *testing.T) {
	base := carecoord.Coding{System: carecoord.SystemLOINC, Code: "88122-7", Display: "Food worry"}
	tests := []struct {
		name string
		o    carecoord.Coding
		want bool
	}{
		{"identical", base, true},
		{"other display", carecoord.Coding{System: carecoord.SystemLOINC, Code: "88122-7", Display: "something else"}, true},
		{"no display", carecoord.Coding{System: carecoord.SystemLOINC, Code: "88122-7"}, true},
		{"other code", carecoord.Coding{System: carecoord.SystemLOINC, Code: "88123-5", Display: "Food worry"}, false},
		{"other system", carecoord.Coding{System: carecoord.SystemSNOMED, Code: "88122-7", Display: "Food worry"}, false},
		{"code with trailing space", carecoord.Coding{System: carecoord.SystemLOINC, Code: "88122-7 "}, false},
		{"system case differs", carecoord.Coding{System: "http://LOINC.org", Code: "88122-7"}, false},
		{"zero", carecoord.Coding{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := base.Matches(tt.o); got != tt.want {
				t.Errorf("%v.Matches(%v) = %t, want %t", base, tt.o, got, tt.want)
			}
			if got := tt.o.Matches(base); got != tt.want {
				t.Errorf("Matches is not symmetric: %v.Matches(%v) = %t, want %t", tt.o, base, got, tt.want)
			}
		})
	}
	if !(carecoord.Coding{}).Matches(carecoord.Coding{Display: "x"}) {
		t.Error("two codings with no system and no code do not match")
	}
}

func TestCodingIsZero(t *testing.T) {
	tests := []struct {
		c    carecoord.Coding
		want bool
	}{
		{carecoord.Coding{}, true},
		{carecoord.Coding{System: "s"}, false},
		{carecoord.Coding{Code: "c"}, false},
		{carecoord.Coding{Display: "d"}, false},
	}
	for _, tt := range tests {
		if got := tt.c.IsZero(); got != tt.want {
			t.Errorf("%#v.IsZero() = %t, want %t", tt.c, got, tt.want)
		}
	}
}

func TestCodingString(t *testing.T) {
	tests := []struct {
		c    carecoord.Coding
		want string
	}{
		{carecoord.Coding{System: carecoord.SystemLOINC, Code: "88122-7", Display: "ignored"}, "http://loinc.org|88122-7"},
		{carecoord.Coding{System: carecoord.SystemICD10CM, Code: "Z59.0"}, "http://hl7.org/fhir/sid/icd-10-cm|Z59.0"},
		{carecoord.Coding{Code: "x"}, "|x"},
		{carecoord.Coding{}, "|"},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.c, got, tt.want)
		}
	}
}

func TestValidID(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"a", true},
		{"Z", true},
		{"0", true},
		{strings.Repeat("a", 64), true},
		{strings.Repeat("9", 63), true},
		{strings.Repeat("a", 65), false},
		{"", false},
		{"rn-7", true},
		{"plan.2025.08", true},
		{"-", true},
		{".", true},
		{"AbC-123.xyz", true},
		{"a_b", false},
		{"a/b", false},
		{"a b", false},
		{" a", false},
		{"a\n", false},
		{"a:b", false},
		{"a+b", false},
		{"é", false},
		{"ａ", false}, // full-width a
		{"a\x00", false},
		{strings.Repeat("é", 32), false}, // 64 bytes, but not ASCII
	}
	for _, tt := range tests {
		if got := carecoord.ValidID(tt.s); got != tt.want {
			t.Errorf("ValidID(%q) = %t, want %t", tt.s, got, tt.want)
		}
		if got := carecoord.PatientID(tt.s).IsValid(); got != tt.want {
			t.Errorf("PatientID(%q).IsValid() = %t, want %t", tt.s, got, tt.want)
		}
	}
	var zero carecoord.PatientID
	if zero.IsValid() {
		t.Error("the zero PatientID is valid")
	}
}

func TestActorKinds(t *testing.T) {
	kinds := carecoord.ActorKinds()
	want := []carecoord.ActorKind{"Practitioner", "PractitionerRole", "Organization", "Patient",
		"RelatedPerson", "CareTeam", "Device"}
	if diff := cmp.Diff(want, kinds); diff != "" {
		t.Errorf("ActorKinds() mismatch (-want +got):\n%s", diff)
	}
	for _, k := range kinds {
		if !k.IsValid() {
			t.Errorf("ActorKind(%q).IsValid() = false, want true", k)
		}
	}
	// A new slice each time: changing one must not change the next.
	kinds[0] = "Mutated"
	if got := carecoord.ActorKinds(); slices.Contains(got, "Mutated") {
		t.Errorf("ActorKinds() returned a shared slice: %v", got)
	}
	for _, k := range []carecoord.ActorKind{"", "practitioner", "PRACTITIONER", " Practitioner", "Practitioner ",
		"Location", "Nurse", "Mutated"} {
		if k.IsValid() {
			t.Errorf("ActorKind(%q).IsValid() = true, want false", k)
		}
	}
}

func TestActorValidate(t *testing.T) {
	tests := []struct {
		name string
		a    carecoord.Actor
		want []pathCode
	}{
		{"ok", carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-7", Display: "Nurse Ratched"}, nil},
		{"ok no display", carecoord.Actor{Kind: carecoord.ActorDevice, ID: "rules.engine"}, nil},
		{"zero", carecoord.Actor{}, []pathCode{{"kind", carecoord.FieldRequired}, {"id", carecoord.FieldRequired}}},
		{"display only", carecoord.Actor{Display: "x"}, []pathCode{{"kind", carecoord.FieldRequired}, {"id", carecoord.FieldRequired}}},
		{"missing kind", carecoord.Actor{ID: "rn-7"}, []pathCode{{"kind", carecoord.FieldRequired}}},
		{"wrong case kind", carecoord.Actor{Kind: "practitioner", ID: "rn-7"}, []pathCode{{"kind", carecoord.FieldNotSupported}}},
		{"unknown kind", carecoord.Actor{Kind: "Nurse", ID: "rn-7"}, []pathCode{{"kind", carecoord.FieldNotSupported}}},
		{"missing id", carecoord.Actor{Kind: carecoord.ActorPatient}, []pathCode{{"id", carecoord.FieldRequired}}},
		{"bad id", carecoord.Actor{Kind: carecoord.ActorPatient, ID: "a_b"}, []pathCode{{"id", carecoord.FieldInvalid}}},
		{"long id", carecoord.Actor{Kind: carecoord.ActorPatient, ID: strings.Repeat("a", 65)}, []pathCode{{"id", carecoord.FieldInvalid}}},
		{"both bad", carecoord.Actor{Kind: "nurse", ID: "x y"}, []pathCode{{"kind", carecoord.FieldNotSupported}, {"id", carecoord.FieldInvalid}}},
	}
	for _, k := range carecoord.ActorKinds() {
		tests = append(tests, struct {
			name string
			a    carecoord.Actor
			want []pathCode
		}{"kind " + string(k), carecoord.Actor{Kind: k, ID: "x"}, nil})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.a.Validate()
			if diff := cmp.Diff(tt.want, pathCodes(t, err)); diff != "" {
				t.Errorf("%#v.Validate() mismatch (-want +got):\n%s", tt.a, diff)
			}
		})
	}
}

func TestActorValidateCarriesNoPatientData(t *testing.T) {
	// The id and display of an actor may identify a person; errors must not repeat them.
	a := carecoord.Actor{Kind: carecoord.ActorPatient, ID: "Jane_Doe_1961", Display: "Jane Doe"}
	err := a.Validate()
	if err == nil {
		t.Fatal("Validate() = nil, want an error for the bad id")
	}
	for _, secret := range []string{a.ID, a.Display} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("Validate() error %q contains %q", err.Error(), secret)
		}
	}
}

func TestActorSameAs(t *testing.T) {
	a := carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-7", Display: "Nurse A"}
	tests := []struct {
		name string
		o    carecoord.Actor
		want bool
	}{
		{"identical", a, true},
		{"other display", carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-7", Display: "B"}, true},
		{"no display", carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-7"}, true},
		{"other id", carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-8", Display: "Nurse A"}, false},
		{"other kind", carecoord.Actor{Kind: carecoord.ActorPractitionerRole, ID: "rn-7", Display: "Nurse A"}, false},
		{"id case differs", carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "RN-7"}, false},
		{"zero", carecoord.Actor{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := a.SameAs(tt.o); got != tt.want {
				t.Errorf("%+v.SameAs(%+v) = %t, want %t", a, tt.o, got, tt.want)
			}
			if got := tt.o.SameAs(a); got != tt.want {
				t.Errorf("SameAs is not symmetric: %+v.SameAs(%+v) = %t, want %t", tt.o, a, got, tt.want)
			}
		})
	}
}

func TestActorIsZero(t *testing.T) {
	tests := []struct {
		a    carecoord.Actor
		want bool
	}{
		{carecoord.Actor{}, true},
		{carecoord.Actor{Kind: carecoord.ActorDevice}, false},
		{carecoord.Actor{ID: "x"}, false},
		{carecoord.Actor{Display: "x"}, false},
	}
	for _, tt := range tests {
		if got := tt.a.IsZero(); got != tt.want {
			t.Errorf("%+v.IsZero() = %t, want %t", tt.a, got, tt.want)
		}
	}
}

func TestMetaValidate(t *testing.T) {
	at := time.Date(2025, 8, 29, 9, 0, 0, 0, time.UTC)
	nurse := carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-7"}
	valid := carecoord.Meta{ID: "plan-1", Version: 3, UpdatedAt: at, UpdatedBy: nurse}
	with := func(f func(*carecoord.Meta)) carecoord.Meta {
		m := valid
		f(&m)
		return m
	}
	tests := []struct {
		name string
		m    carecoord.Meta
		want []pathCode
	}{
		{"valid", valid, nil},
		{"version 0", with(func(m *carecoord.Meta) { m.Version = 0 }), nil},
		{"zone does not matter", with(func(m *carecoord.Meta) { m.UpdatedAt = at.In(time.FixedZone("x", -5*3600)) }), nil},
		{"zero", carecoord.Meta{}, []pathCode{
			{"id", carecoord.FieldRequired},
			{"updatedAt", carecoord.FieldRequired},
			{"updatedBy.kind", carecoord.FieldRequired},
			{"updatedBy.id", carecoord.FieldRequired},
		}},
		{"missing id", with(func(m *carecoord.Meta) { m.ID = "" }), []pathCode{{"id", carecoord.FieldRequired}}},
		{"bad id", with(func(m *carecoord.Meta) { m.ID = "plan/1" }), []pathCode{{"id", carecoord.FieldInvalid}}},
		{"negative version", with(func(m *carecoord.Meta) { m.Version = -1 }), []pathCode{{"version", carecoord.FieldOutOfRange}}},
		{"missing updatedAt", with(func(m *carecoord.Meta) { m.UpdatedAt = time.Time{} }), []pathCode{{"updatedAt", carecoord.FieldRequired}}},
		{"bad updatedBy kind", with(func(m *carecoord.Meta) { m.UpdatedBy.Kind = "nurse" }), []pathCode{{"updatedBy.kind", carecoord.FieldNotSupported}}},
		{"missing updatedBy kind", with(func(m *carecoord.Meta) { m.UpdatedBy.Kind = "" }), []pathCode{{"updatedBy.kind", carecoord.FieldRequired}}},
		{"bad updatedBy id", with(func(m *carecoord.Meta) { m.UpdatedBy.ID = "rn 7" }), []pathCode{{"updatedBy.id", carecoord.FieldInvalid}}},
		{"missing updatedBy id", with(func(m *carecoord.Meta) { m.UpdatedBy.ID = "" }), []pathCode{{"updatedBy.id", carecoord.FieldRequired}}},
		{"everything wrong", carecoord.Meta{ID: "a b", Version: -5, UpdatedBy: carecoord.Actor{Kind: "x", ID: "é"}}, []pathCode{
			{"id", carecoord.FieldInvalid},
			{"version", carecoord.FieldOutOfRange},
			{"updatedAt", carecoord.FieldRequired},
			{"updatedBy.kind", carecoord.FieldNotSupported},
			{"updatedBy.id", carecoord.FieldInvalid},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.m.Validate()
			if diff := cmp.Diff(tt.want, pathCodes(t, err)); diff != "" {
				t.Errorf("%+v.Validate() mismatch (-want +got):\n%s", tt.m, diff)
			}
		})
	}
}
