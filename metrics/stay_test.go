package metrics_test

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // tests load America/New_York whatever the host's zoneinfo

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/internal/fieldtest"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/transition"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// utStay returns a valid acute inpatient stay.
func utStay() metrics.Stay {
	return metrics.Stay{
		ID:          "stay-1",
		Patient:     "pat-1",
		Setting:     transition.SettingAcuteInpatient,
		Admitted:    civil.MustParse("2025-03-01"),
		Discharged:  civil.MustParse("2025-03-05"),
		Disposition: transition.DispositionHome,
		Principal:   "I21.4",
		Expected:    decimal.NewNullDecimal(decimal.RequireFromString("0.25")),
	}
}

// TestStayValidate checks each rule of Stay.Validate by path and code. A missing or malformed
// value gets the code that says which (FieldRequired for an empty field, FieldInvalid or
// FieldNotSupported for a value that is there but wrong), as transition.Event.Validate does
// for the same fields, and every problem is reported, not just the first date problem.
func TestStayValidate(t *testing.T) {
	beyond := civil.MustParse("9999-12-31").AddDays(1) // arithmetic past the calendar: not zero, not valid
	for _, tc := range []struct {
		name string
		edit func(*metrics.Stay)
		want []utPC
	}{
		{"valid", func(*metrics.Stay) {}, nil},
		{"valid without expected", func(s *metrics.Stay) { s.Expected = decimal.NullDecimal{} }, nil},
		{"valid one-day stay", func(s *metrics.Stay) { s.Discharged = s.Admitted }, nil},
		{"expected 0", func(s *metrics.Stay) { s.Expected = decimal.NewNullDecimal(decimal.Zero) }, nil},
		{"expected 1", func(s *metrics.Stay) { s.Expected = decimal.NewNullDecimal(decimal.NewFromInt(1)) }, nil},
		{"no patient", func(s *metrics.Stay) { s.Patient = "" }, []utPC{{"patient", carecoord.FieldRequired}}},
		{"malformed patient", func(s *metrics.Stay) { s.Patient = "pat 1/x" }, []utPC{{"patient", carecoord.FieldInvalid}}},
		{"no setting", func(s *metrics.Stay) { s.Setting = "" }, []utPC{{"setting", carecoord.FieldRequired}}},
		{"unknown setting", func(s *metrics.Stay) { s.Setting = "hospice-house" }, []utPC{{"setting", carecoord.FieldNotSupported}}},
		{"no admitted", func(s *metrics.Stay) { s.Admitted = civil.Date{} }, []utPC{{"admitted", carecoord.FieldRequired}}},
		{"admitted out of the calendar", func(s *metrics.Stay) { s.Admitted = beyond }, []utPC{{"admitted", carecoord.FieldInvalid}}},
		{"no discharged", func(s *metrics.Stay) { s.Discharged = civil.Date{} }, []utPC{{"discharged", carecoord.FieldRequired}}},
		{"discharged out of the calendar", func(s *metrics.Stay) { s.Discharged = beyond }, []utPC{{"discharged", carecoord.FieldInvalid}}},
		{"discharged before admitted", func(s *metrics.Stay) { s.Discharged = s.Admitted.AddDays(-1) }, []utPC{{"discharged", carecoord.FieldInvalid}}},
		{"no dates at all", func(s *metrics.Stay) { s.Admitted, s.Discharged = civil.Date{}, civil.Date{} }, []utPC{
			{"admitted", carecoord.FieldRequired}, {"discharged", carecoord.FieldRequired}}},
		{"no disposition", func(s *metrics.Stay) { s.Disposition = "" }, []utPC{{"disposition", carecoord.FieldRequired}}},
		{"retired disposition 08", func(s *metrics.Stay) { s.Disposition = "08" }, []utPC{{"disposition", carecoord.FieldInvalid}}},
		{"negative expected", func(s *metrics.Stay) { s.Expected = decimal.NewNullDecimal(decimal.RequireFromString("-0.01")) },
			[]utPC{{"expected", carecoord.FieldOutOfRange}}},
		{"expected above 1", func(s *metrics.Stay) { s.Expected = decimal.NewNullDecimal(decimal.RequireFromString("1.01")) },
			[]utPC{{"expected", carecoord.FieldOutOfRange}}},
		{"no id", func(s *metrics.Stay) { s.ID = "" }, []utPC{{"id", carecoord.FieldRequired}}},
		{"zero Stay", func(s *metrics.Stay) { *s = metrics.Stay{} }, []utPC{
			{"id", carecoord.FieldRequired}, {"patient", carecoord.FieldRequired}, {"setting", carecoord.FieldRequired}, {"admitted", carecoord.FieldRequired},
			{"discharged", carecoord.FieldRequired}, {"disposition", carecoord.FieldRequired}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := utStay()
			tc.edit(&s)
			got := fieldtest.PathCodes[utPC](t, s.Validate())
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Validate() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestStayValidateKeepsPatientDataOut: the messages name fields, never values.
func TestStayValidateKeepsPatientDataOut(t *testing.T) {
	s := utStay()
	s.Patient = "Jane Doe 1950-02-03"
	s.Setting = "Janes-house"
	s.Disposition = "JD"
	err := s.Validate()
	if err == nil {
		t.Fatal("Validate() = nil, want errors")
	}
	for _, secret := range []string{"Jane", "1950", "JD"} {
		if msg := err.Error(); strings.Contains(msg, secret) {
			t.Errorf("Validate() message %q repeats the value %q", msg, secret)
		}
	}
}

func utNewYork(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatalf("LoadLocation: %v", err)
	}
	return loc
}

// utEvent returns an inpatient discharge at the General Hospital in loc: admitted and
// discharged at the given local days and times.
func utEvent(loc *time.Location, admitted, discharged time.Time) transition.Event {
	return transition.Event{
		Meta:        carecoord.Meta{ID: "enc-1"},
		Kind:        transition.KindDischarge,
		Patient:     "pat-1",
		Facility:    carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "general-hospital"},
		Setting:     transition.SettingAcuteInpatient,
		Admitted:    admitted,
		Discharged:  discharged,
		Disposition: transition.DispositionHomeHealth,
		Diagnoses: []carecoord.Coding{
			{System: carecoord.SystemICD10CM, Code: "I21.4"},
			{System: carecoord.SystemICD10CM, Code: "E11.9"},
		},
	}.WithLocation(loc)
}

// utLocal returns the wall-clock time hh:mm on day in loc (not midnight plus a duration,
// which is an hour off on the days clocks change).
func utLocal(loc *time.Location, day string, hh, mm int) time.Time {
	y, m, d := civil.MustParse(day).YMD()
	return time.Date(y, m, d, hh, mm, 0, 0, loc)
}

// TestStayFromEvent: a discharge at 23:30 in New York is that New York day, although it is
// already the next day in UTC; so is an admission at 22:00. Both in summer (EDT, UTC-4) and
// in winter (EST, UTC-5).
func TestStayFromEvent(t *testing.T) {
	ny := utNewYork(t)
	for _, tc := range []struct {
		name                 string
		admitted, discharged time.Time
		wantAdmit, wantDisch string
		wantUTCDischargeDay  string
	}{
		{"summer", utLocal(ny, "2025-07-06", 22, 0), utLocal(ny, "2025-07-10", 23, 30), "2025-07-06", "2025-07-10", "2025-07-11"},
		{"winter", utLocal(ny, "2025-01-12", 22, 0), utLocal(ny, "2025-01-15", 23, 30), "2025-01-12", "2025-01-15", "2025-01-16"},
		{"the night clocks go forward", utLocal(ny, "2025-03-08", 22, 0), utLocal(ny, "2025-03-09", 23, 30), "2025-03-08", "2025-03-09", "2025-03-10"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := utEvent(ny, tc.admitted, tc.discharged)
			if err := e.Validate(); err != nil {
				t.Fatalf("test event invalid: %v", err)
			}
			if got := civil.DateOf(e.Discharged.UTC()).String(); got != tc.wantUTCDischargeDay {
				t.Fatalf("test premise: discharge is %s in UTC, want %s", got, tc.wantUTCDischargeDay)
			}
			got, ok := metrics.StayFromEvent(e)
			if !ok {
				t.Fatalf("StayFromEvent = _, false; want a stay")
			}
			want := metrics.Stay{
				ID:          "enc-1",
				Patient:     "pat-1",
				Setting:     transition.SettingAcuteInpatient,
				Admitted:    civil.MustParse(tc.wantAdmit),
				Discharged:  civil.MustParse(tc.wantDisch),
				Disposition: transition.DispositionHomeHealth,
				Principal:   "I21.4",
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("StayFromEvent mismatch (-want +got):\n%s", diff)
			}
			if err := got.Validate(); err != nil {
				t.Errorf("StayFromEvent's stay invalid: %v", err)
			}
		})
	}
}

func TestStayFromEventED(t *testing.T) {
	ny := utNewYork(t)
	e := utEvent(ny, utLocal(ny, "2025-06-01", 23, 10), utLocal(ny, "2025-06-02", 4, 0))
	e.Kind, e.Setting, e.Disposition, e.Diagnoses = transition.KindEDVisit, transition.SettingEmergencyDepartment, transition.DispositionHome, nil
	if err := e.Validate(); err != nil {
		t.Fatalf("test event invalid: %v", err)
	}
	got, ok := metrics.StayFromEvent(e)
	want := metrics.Stay{ID: "enc-1", Patient: "pat-1", Setting: transition.SettingEmergencyDepartment,
		Admitted: civil.MustParse("2025-06-01"), Discharged: civil.MustParse("2025-06-02"), Disposition: transition.DispositionHome}
	if diff := cmp.Diff(want, got); !ok || diff != "" {
		t.Errorf("StayFromEvent(ED visit) = _, %v; mismatch (-want +got):\n%s", ok, diff)
	}
}

func TestStayFromEventNotAStay(t *testing.T) {
	ny := utNewYork(t)
	ongoing := utEvent(ny, utLocal(ny, "2025-06-01", 10, 0), time.Time{})
	ongoing.Kind, ongoing.Disposition = transition.KindAdmission, ""
	noZone := utEvent(nil, utLocal(ny, "2025-06-01", 10, 0), utLocal(ny, "2025-06-03", 10, 0))
	for name, e := range map[string]transition.Event{"admission under way": ongoing, "no location": noZone, "zero event": {}} {
		if s, ok := metrics.StayFromEvent(e); ok || !cmp.Equal(s, metrics.Stay{}) {
			t.Errorf("StayFromEvent(%s) = %+v, %v; want the zero Stay, false", name, s, ok)
		}
	}
}
