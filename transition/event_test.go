package transition_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/transition"
	"github.com/google/go-cmp/cmp"
)

func TestEventValidate(t *testing.T) {
	ny := newYork(t)
	good := func() transition.Event {
		return discharged(ny, local(ny, "2025-08-29", 14, 0), transition.DispositionHome, transition.RiskHigh)
	}
	tests := []struct {
		name   string
		change func(*transition.Event)
		want   []pathCode
	}{
		{"valid", func(*transition.Event) {}, nil},
		{"zero", func(e *transition.Event) { *e = transition.Event{} }, []pathCode{
			{"kind", carecoord.FieldRequired}, {"patient", carecoord.FieldRequired}, {"facility.kind", carecoord.FieldRequired},
			{"facility.id", carecoord.FieldRequired}, {"setting", carecoord.FieldRequired}, {"admitted", carecoord.FieldRequired},
			{"location", carecoord.FieldRequired}}},
		{"bad enums", func(e *transition.Event) { e.Kind, e.Setting, e.Risk = "visit", "ward", "extreme" }, []pathCode{
			{"kind", carecoord.FieldNotSupported}, {"setting", carecoord.FieldNotSupported}, {"risk", carecoord.FieldNotSupported}}},
		{"facility must be an organization", func(e *transition.Event) { e.Facility.Kind = carecoord.ActorPractitioner },
			[]pathCode{{"facility.kind", carecoord.FieldInvalid}}},
		{"ED visit in an inpatient setting", func(e *transition.Event) { e.Kind = transition.KindEDVisit },
			[]pathCode{{"setting", carecoord.FieldInvalid}}},
		{"inpatient discharge from the ED", func(e *transition.Event) { e.Setting = transition.SettingEmergencyDepartment },
			[]pathCode{{"setting", carecoord.FieldInvalid}}},
		{"admission with a discharge", func(e *transition.Event) { e.Kind = transition.KindAdmission },
			[]pathCode{{"discharged", carecoord.FieldNotAllowed}}},
		{"discharge without a discharge time", func(e *transition.Event) { e.Discharged = time.Time{} },
			[]pathCode{{"discharged", carecoord.FieldRequired}, {"disposition", carecoord.FieldNotAllowed}}},
		{"discharged before admitted", func(e *transition.Event) { e.Discharged = e.Admitted.Add(-time.Minute) },
			[]pathCode{{"discharged", carecoord.FieldInvalid}}},
		{"year out of range", func(e *transition.Event) { e.Admitted = time.Date(1850, 1, 1, 0, 0, 0, 0, time.UTC) },
			[]pathCode{{"admitted", carecoord.FieldOutOfRange}}},
		{"zone does not name the location", func(e *transition.Event) { e.Zone = "America/Chicago" },
			[]pathCode{{"zone", carecoord.FieldInvalid}}},
		{"no disposition", func(e *transition.Event) { e.Disposition = "" }, []pathCode{{"disposition", carecoord.FieldRequired}}},
		{"unknown disposition", func(e *transition.Event) { e.Disposition = "08" }, []pathCode{{"disposition", carecoord.FieldInvalid}}},
		{"still a patient", func(e *transition.Event) { e.Disposition = transition.DispositionStillPatient }, []pathCode{{"disposition", carecoord.FieldInvalid}}},
		{"transfer home", func(e *transition.Event) { e.Kind = transition.KindTransfer }, []pathCode{{"disposition", carecoord.FieldInvalid}}},
		{"inpatient discharge admitted here", func(e *transition.Event) { e.Disposition = transition.DispositionAdmittedHere },
			[]pathCode{{"disposition", carecoord.FieldInvalid}}},
		{"diagnoses", func(e *transition.Event) {
			e.Diagnoses = []carecoord.Coding{{System: carecoord.SystemSNOMED, Code: "22298006"}, {System: carecoord.SystemICD10CM, Code: "heart attack"},
				{System: carecoord.SystemICD10CM, Code: "I214"}, {System: carecoord.SystemICD10CM, Code: "U07.1"}, {System: carecoord.SystemICD10CM, Code: "I21."}}
		}, []pathCode{{"diagnoses[0].system", carecoord.FieldInvalid}, {"diagnoses[1].code", carecoord.FieldInvalid},
			{"diagnoses[4].code", carecoord.FieldInvalid}}},
		{"actors", func(e *transition.Event) {
			e.Attending, e.PrimaryCare = carecoord.Actor{Kind: "Doctor", ID: "md-1"}, carecoord.Actor{Kind: carecoord.ActorOrganization}
		}, []pathCode{{"attending.kind", carecoord.FieldNotSupported}, {"primaryCare.id", carecoord.FieldRequired}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := good()
			tt.change(&e)
			err := e.Validate()
			if diff := cmp.Diff(tt.want, pathCodes(t, err)); diff != "" {
				t.Errorf("Validate() mismatch (-want +got):\n%s", diff)
			}
			if err != nil && strings.Contains(err.Error(), "pat-1") {
				t.Errorf("error carries the patient id: %v", err)
			}
		})
	}
}

// An event's instants give its local days; JSON keeps the zone's name, and the host restores the
// location from it.
func TestEventDatesAndJSON(t *testing.T) {
	ny := newYork(t)
	e := discharged(ny, local(ny, "2025-08-29", 23, 30), transition.DispositionHome, transition.RiskHigh)
	if got := e.DischargeDate(); got != civil.MustParse("2025-08-29") {
		t.Errorf("DischargeDate = %s, want 2025-08-29 (23:30 in New York, 03:30 next day UTC)", got)
	}
	if got := e.AdmissionDate(); got != civil.MustParse("2025-08-25") {
		t.Errorf("AdmissionDate = %s, want 2025-08-25", got)
	}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	var back transition.Event
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Location != nil || back.Zone != "America/New_York" {
		t.Fatalf("JSON: location %v, zone %q; want no location and the zone's name", back.Location, back.Zone)
	}
	if err := back.Validate(); !hasPath(err, "location") {
		t.Errorf("an event read without its location: Validate() = %v, want location required", err)
	}
	loc, err := time.LoadLocation(back.Zone) // what a host does after reading a record
	if err != nil {
		t.Fatal(err)
	}
	back.Location = loc
	if diff := cmp.Diff(e, back, cmpOpts()); diff != "" {
		t.Errorf("JSON round trip mismatch (-want +got):\n%s", diff)
	}
	if got := transition.KindObservation.EncounterClass(); got.Code != "OBSENC" || got.System != carecoord.SystemTHO+"v3-ActCode" {
		t.Errorf("observation encounter class = %v", got)
	}
}

// NUBC codes group into destinations (the table the applicability rules read).
func TestDischargeStatuses(t *testing.T) {
	want := map[transition.Disposition]transition.Destination{
		"01": transition.DestHome, "81": transition.DestHome, "06": transition.DestHomeHealth, "86": transition.DestHomeHealth,
		"07": transition.DestLeftAMA, "04": transition.DestCustodialCare, "84": transition.DestCustodialCare,
		"64": transition.DestNursingFacility, "92": transition.DestNursingFacility,
		"03": transition.DestSkilledNursing, "83": transition.DestSkilledNursing, "61": transition.DestSkilledNursing, "89": transition.DestSkilledNursing,
		"62": transition.DestInpatientRehab, "90": transition.DestInpatientRehab, "63": transition.DestLongTermCareHospital, "91": transition.DestLongTermCareHospital,
		"02": transition.DestAcuteHospital, "82": transition.DestAcuteHospital, "05": transition.DestAcuteHospital, "85": transition.DestAcuteHospital,
		"66": transition.DestAcuteHospital, "94": transition.DestAcuteHospital, "65": transition.DestPsychiatricHospital, "93": transition.DestPsychiatricHospital,
		"43": transition.DestFederalFacility, "88": transition.DestFederalFacility,
		"69": transition.DestOtherInstitution, "70": transition.DestOtherInstitution, "95": transition.DestOtherInstitution,
		"50": transition.DestHospiceHome, "51": transition.DestHospiceFacility, "21": transition.DestLawEnforcement, "87": transition.DestLawEnforcement,
		"20": transition.DestExpired, "40": transition.DestExpired, "41": transition.DestExpired, "42": transition.DestExpired,
		"09": transition.DestAdmitted, "30": transition.DestStillPatient,
	}
	all := transition.Dispositions()
	if len(all) != len(want) {
		t.Errorf("%d codes, want %d", len(all), len(want))
	}
	for _, s := range all {
		if got := s.Destination(); got != want[s] || !got.IsValid() {
			t.Errorf("%s: destination %q, want %q", s, got, want[s])
		}
		if got, wantPlanned := s.PlannedReadmission(), s >= "81"; got != wantPlanned {
			t.Errorf("%s: planned readmission %v", s, got)
		}
		if c := s.Coding(); c.System != carecoord.SystemNUBCDischargeStatus || c.Code != string(s) || c.Validate() != nil {
			t.Errorf("%s: coding %v", s, c)
		}
	}
	for _, s := range []transition.Disposition{"", "00", "08", "1", "001", "99", "A1"} {
		if s.IsValid() || s.PlannedReadmission() {
			t.Errorf("%q is valid", s)
		}
	}
	for _, d := range transition.Destinations() {
		n := 0
		for _, p := range []bool{d.IsCommunity(), d.IsFacility(), d == transition.DestExpired || !d.EndsStay()} {
			if p {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s is in %d of community, facility and the rest; want exactly one", d, n)
		}
	}
}

// metrics-medrec.md §6.5: the LACE and HOSPITAL vectors, banded.
func TestRiskTiers(t *testing.T) {
	for _, tt := range []struct {
		name  string
		score int
		tier  func(int) (transition.RiskTier, error)
		want  transition.RiskTier
	}{
		{"LACE 10: LOS 5, emergent, Charlson 2, 1 ED visit", 10, transition.TierFromLACE, transition.RiskHigh},
		{"LACE 0: same-day elective", 0, transition.TierFromLACE, transition.RiskLow},
		{"LACE 19: the maximum", 19, transition.TierFromLACE, transition.RiskHigh},
		{"LACE 8: LOS 3, Charlson 4", 8, transition.TierFromLACE, transition.RiskModerate},
		{"LACE 4 and 5: the low/moderate edge", 4, transition.TierFromLACE, transition.RiskLow},
		{"LACE 5", 5, transition.TierFromLACE, transition.RiskModerate},
		{"LACE 9", 9, transition.TierFromLACE, transition.RiskModerate},
		{"HOSPITAL 8", 8, transition.TierFromHOSPITAL, transition.RiskHigh},
		{"HOSPITAL 2", 2, transition.TierFromHOSPITAL, transition.RiskLow},
		{"HOSPITAL 4", 4, transition.TierFromHOSPITAL, transition.RiskLow},
		{"HOSPITAL 5 (intermediate)", 5, transition.TierFromHOSPITAL, transition.RiskModerate},
		{"HOSPITAL 6 (intermediate)", 6, transition.TierFromHOSPITAL, transition.RiskModerate},
		{"HOSPITAL 7", 7, transition.TierFromHOSPITAL, transition.RiskHigh},
	} {
		got, err := tt.tier(tt.score)
		if err != nil || got != tt.want {
			t.Errorf("%s: %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
	for _, bad := range []int{-1, 20} {
		if _, err := transition.TierFromLACE(bad); !errors.Is(err, carecoord.ErrInvalid) {
			t.Errorf("TierFromLACE(%d) error = %v, want ErrInvalid", bad, err)
		}
	}
	if _, err := transition.TierFromHOSPITAL(14); !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("TierFromHOSPITAL(14) error = %v, want ErrInvalid", err)
	}
}

// Every enumeration lists only valid values, and its zero value is not valid.
func TestEnumerations(t *testing.T) {
	check := func(name string, n int, valid func(i int) bool, zero bool) {
		t.Helper()
		for i := range n {
			if !valid(i) {
				t.Errorf("%s: value %d is not valid", name, i)
			}
		}
		if zero {
			t.Errorf("%s: the zero value is valid", name)
		}
	}
	check("Kind", len(transition.Kinds()), func(i int) bool { return transition.Kinds()[i].IsValid() }, transition.Kind("").IsValid())
	check("Setting", len(transition.Settings()), func(i int) bool { return transition.Settings()[i].IsValid() }, transition.Setting("").IsValid())
	check("Destination", len(transition.Destinations()), func(i int) bool { return transition.Destinations()[i].IsValid() }, transition.Destination("").IsValid())
	check("RiskTier", len(transition.RiskTiers()), func(i int) bool { return transition.RiskTiers()[i].IsValid() }, transition.RiskTier("").IsValid())
	check("Unit", len(transition.Units()), func(i int) bool { return transition.Units()[i].IsValid() }, transition.Unit("").IsValid())
	check("Anchor", len(transition.Anchors()), func(i int) bool { return transition.Anchors()[i].IsValid() }, transition.Anchor("").IsValid())
	check("Role", len(transition.Roles()), func(i int) bool { return transition.Roles()[i].IsValid() }, transition.Role("").IsValid())
	check("EvidenceKind", len(transition.EvidenceKinds()), func(i int) bool { return transition.EvidenceKinds()[i].IsValid() }, transition.EvidenceKind("").IsValid())
	check("Purpose", len(transition.Purposes()), func(i int) bool { return transition.Purposes()[i].IsValid() }, transition.Purpose("").IsValid())
	check("Reason", len(transition.Reasons()), func(i int) bool { return transition.Reasons()[i].IsValid() }, transition.Reason("").IsValid())
	check("ItemStatus", len(transition.ItemStatuses()), func(i int) bool { return transition.ItemStatuses()[i].IsValid() }, transition.ItemStatus("").IsValid())
	check("State", len(transition.States()), func(i int) bool { return transition.States()[i].IsValid() }, transition.State("").IsValid())
	check("MDM", len(transition.MDMs()), func(i int) bool { return transition.MDMs()[i].IsValid() }, transition.MDM("").IsValid())
	check("TCMCode", len(transition.TCMCodes()), func(i int) bool { return transition.TCMCodes()[i].IsValid() }, transition.TCMCode("").IsValid())
	check("ContactMode", len(transition.ContactModes()), func(i int) bool { return transition.ContactModes()[i].IsValid() }, transition.ContactMode("").IsValid())
	check("TCMRule", len(transition.TCMRules()), func(i int) bool { return transition.TCMRules()[i].IsValid() }, transition.TCMRule("").IsValid())
	if c := transition.TCM99496.Coding(); c.System != carecoord.SystemCPT || c.Code != "99496" {
		t.Errorf("99496 coding = %v", c)
	}
}
