package careplan_test

import (
	"encoding/json"
	"errors"
	"iter"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/careplan"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/civil/civiltest"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

var (
	schedD = civil.MustParse
	// schedTimes lets a table write times of day as text.
	schedT = func(s ...string) []careplan.TimeOfDay {
		out := make([]careplan.TimeOfDay, len(s))
		for i, x := range s {
			t, err := careplan.ParseTimeOfDay(x)
			if err != nil {
				panic(err)
			}
			out[i] = t
		}
		return out
	}
)

func schedEarlier(a, b civil.Date) civil.Date {
	if b.Before(a) {
		return b
	}
	return a
}

func schedLater(a, b civil.Date) civil.Date {
	if b.After(a) {
		return b
	}
	return a
}

func schedWindow(from, to string) civil.Range {
	return civil.Range{Start: schedD(from), End: schedD(to)}
}

func schedKeys(occs []careplan.Occurrence) []string {
	var out []string
	for _, o := range occs {
		out = append(out, o.Key())
	}
	return out
}

func TestParseTimeOfDay(t *testing.T) {
	tests := []struct {
		in      string
		want    careplan.TimeOfDay
		wantErr bool
	}{
		{in: "00:00", want: careplan.TimeOfDay{}},
		{in: "08:30", want: careplan.TimeOfDay{Hour: 8, Minute: 30}},
		{in: "23:59", want: careplan.TimeOfDay{Hour: 23, Minute: 59}},
		{in: "24:00", wantErr: true},
		{in: "12:60", wantErr: true},
		{in: "8:30", wantErr: true},
		{in: "08:30:00", wantErr: true},
		{in: "08.30", wantErr: true},
		{in: " 8:30", wantErr: true},
		{in: "", wantErr: true},
		{in: "-1:00", wantErr: true},
	}
	for _, tt := range tests {
		got, err := careplan.ParseTimeOfDay(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseTimeOfDay(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if err != nil {
			if !errors.Is(err, carecoord.ErrInvalid) {
				t.Errorf("ParseTimeOfDay(%q) error = %v, want one matching carecoord.ErrInvalid", tt.in, err)
			}
			if tt.in != "" && strings.Contains(err.Error(), tt.in) {
				t.Errorf("ParseTimeOfDay(%q) error %q repeats the input", tt.in, err)
			}
			continue
		}
		if got != tt.want {
			t.Errorf("ParseTimeOfDay(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
		if s := got.String(); s != tt.in {
			t.Errorf("ParseTimeOfDay(%q).String() = %q", tt.in, s)
		}
	}
}

func TestTimeOfDayValidateAndText(t *testing.T) {
	for _, tt := range []struct {
		t     careplan.TimeOfDay
		valid bool
		str   string
	}{
		{careplan.TimeOfDay{}, true, "00:00"},
		{careplan.TimeOfDay{Hour: 15, Minute: 4}, true, "15:04"},
		{careplan.TimeOfDay{Hour: 24}, false, "invalid-time"},
		{careplan.TimeOfDay{Minute: -1}, false, "invalid-time"},
		{careplan.TimeOfDay{Hour: 100, Minute: 100}, false, "invalid-time"},
	} {
		if err := tt.t.Validate(); (err == nil) != tt.valid {
			t.Errorf("%+v.Validate() = %v, want valid %v", tt.t, err, tt.valid)
		}
		if got := tt.t.String(); got != tt.str {
			t.Errorf("%+v.String() = %q, want %q", tt.t, got, tt.str)
		}
		b, err := json.Marshal(tt.t)
		if (err == nil) != tt.valid {
			t.Errorf("json.Marshal(%+v) error = %v, want valid %v", tt.t, err, tt.valid)
		}
		if err == nil && string(b) != `"`+tt.str+`"` {
			t.Errorf("json.Marshal(%+v) = %s, want %q", tt.t, b, tt.str)
		}
	}
	// A schedule round-trips through JSON, times as "HH:MM".
	s := careplan.Schedule{Start: schedD("2025-01-06"), Every: 1, Unit: careplan.Weekly,
		Weekdays: []time.Weekday{time.Monday, time.Thursday}, Times: schedT("08:00", "20:30"), Count: 4}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	const wantJSON = `{"start":"2025-01-06","every":1,"unit":"week","weekdays":[1,4],"times":["08:00","20:30"],"count":4}`
	if string(b) != wantJSON {
		t.Errorf("json.Marshal(schedule) = %s, want %s", b, wantJSON)
	}
	var back careplan.Schedule
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(s, back); diff != "" {
		t.Errorf("JSON round trip mismatch (-want +got):\n%s", diff)
	}
	if err := json.Unmarshal([]byte(`{"start":"2025-01-06","times":["8:00"]}`), &back); !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("json.Unmarshal(bad time) error = %v, want one matching carecoord.ErrInvalid", err)
	}
}

func FuzzParseTimeOfDay(f *testing.F) {
	for _, s := range []string{"00:00", "08:30", "23:59", "24:00", "12:60", "8:30", "08:30:00", "", "ab:cd", "0\x000:00", "١٢:٠٠"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := careplan.ParseTimeOfDay(s)
		if err != nil {
			if !errors.Is(err, carecoord.ErrInvalid) {
				t.Fatalf("ParseTimeOfDay(%q) error = %v, want one matching carecoord.ErrInvalid", s, err)
			}
			return
		}
		if err := got.Validate(); err != nil {
			t.Fatalf("ParseTimeOfDay(%q) = %+v, which fails Validate: %v", s, got, err)
		}
		if got.String() != s {
			t.Fatalf("ParseTimeOfDay(%q).String() = %q, want the input back", s, got.String())
		}
		var u careplan.TimeOfDay
		if err := u.UnmarshalText([]byte(s)); err != nil || u != got {
			t.Fatalf("UnmarshalText(%q) = %+v, %v; want %+v", s, u, err, got)
		}
	})
}

func FuzzOccurrenceUnmarshalText(f *testing.F) {
	for _, s := range []string{"2025-06-01", "2025-06-01T08:00", "2024-02-29T23:59", "2025-02-29", "2025-06-01T24:00",
		"2025-06-01 08:00", "2025-06-01T08:00:00", "0000-00-00", "9999-12-31T23:59", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var o careplan.Occurrence
		if err := o.UnmarshalText([]byte(s)); err != nil {
			if !errors.Is(err, carecoord.ErrInvalid) {
				t.Fatalf("UnmarshalText(%q) error = %v, want one matching carecoord.ErrInvalid", s, err)
			}
			return
		}
		if o.Key() != s {
			t.Fatalf("UnmarshalText(%q).Key() = %q, want the input back", s, o.Key())
		}
		if b, err := o.MarshalText(); err != nil || string(b) != s {
			t.Fatalf("UnmarshalText(%q).MarshalText() = %q, %v", s, b, err)
		}
	})
}

func TestFrequencies(t *testing.T) {
	for _, f := range careplan.Frequencies() {
		if !f.IsValid() || f.FHIRUnit() == "" {
			t.Errorf("Frequency %q: IsValid %v, FHIRUnit %q", f, f.IsValid(), f.FHIRUnit())
		}
	}
	for _, f := range []careplan.Frequency{"", "d", "wk", "Day", "year"} {
		if f.IsValid() || f.FHIRUnit() != "" {
			t.Errorf("Frequency %q: IsValid %v, FHIRUnit %q; want invalid", f, f.IsValid(), f.FHIRUnit())
		}
	}
}

// schedPC is a problem reduced to what tests compare: its path and code, never its text.
type schedPC struct {
	Path string
	Code carecoord.FieldCode
}

func schedProblems(t *testing.T, err error) []schedPC {
	t.Helper()
	if err == nil {
		return nil
	}
	if !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("error %v does not match carecoord.ErrInvalid", err)
	}
	var fes carecoord.FieldErrors
	if !errors.As(err, &fes) {
		t.Fatalf("error %T is not carecoord.FieldErrors", err)
	}
	var out []schedPC
	for _, e := range fes {
		out = append(out, schedPC{e.Path, e.Code})
	}
	return out
}

func TestScheduleValidate(t *testing.T) {
	start := schedD("2025-03-05")
	daily := careplan.Schedule{Start: start, Every: 1, Unit: careplan.Daily}
	with := func(f func(*careplan.Schedule)) careplan.Schedule {
		s := daily
		f(&s)
		return s
	}
	tests := []struct {
		name string
		s    careplan.Schedule
		want []schedPC
	}{
		{"daily", daily, nil},
		{"one-off", careplan.Schedule{Start: start}, nil},
		{"one-off with times", careplan.Schedule{Start: start, Times: schedT("09:00", "21:00")}, nil},
		{"weekly on weekdays", with(func(s *careplan.Schedule) {
			s.Unit, s.Weekdays = careplan.Weekly, []time.Weekday{time.Sunday, time.Saturday}
		}), nil},
		{"end and count", with(func(s *careplan.Schedule) { s.End, s.Count = start, 3 }), nil},
		{"every 1000 months", with(func(s *careplan.Schedule) { s.Every, s.Unit = 1000, careplan.Monthly }), nil},
		{"zero", careplan.Schedule{}, []schedPC{{"start", carecoord.FieldRequired}}},
		{"start out of range", careplan.Schedule{Start: schedD("9999-12-31").AddDays(1)},
			[]schedPC{{"start", carecoord.FieldInvalid}}},
		{"negative every", with(func(s *careplan.Schedule) { s.Every = -1 }),
			[]schedPC{{"every", carecoord.FieldOutOfRange}}},
		{"every too large", with(func(s *careplan.Schedule) { s.Every = 1001 }),
			[]schedPC{{"every", carecoord.FieldOutOfRange}}},
		{"a zero interval", with(func(s *careplan.Schedule) { s.Every = 0 }),
			[]schedPC{{"every", carecoord.FieldInvalid}}},
		{"a zero interval, weekly on Monday", careplan.Schedule{Start: start, Unit: careplan.Weekly, Weekdays: []time.Weekday{time.Monday}},
			[]schedPC{{"every", carecoord.FieldInvalid}}},
		{"no unit", with(func(s *careplan.Schedule) { s.Unit = "" }),
			[]schedPC{{"unit", carecoord.FieldRequired}}},
		{"unknown unit", with(func(s *careplan.Schedule) { s.Unit = "wk" }),
			[]schedPC{{"unit", carecoord.FieldNotSupported}}},
		{"weekdays on a daily schedule", with(func(s *careplan.Schedule) { s.Weekdays = []time.Weekday{time.Monday} }),
			[]schedPC{{"weekdays", carecoord.FieldNotAllowed}}},
		{"weekdays on a one-off", careplan.Schedule{Start: start, Weekdays: []time.Weekday{time.Monday}},
			[]schedPC{{"weekdays", carecoord.FieldNotAllowed}}},
		{"bad and repeated weekdays", with(func(s *careplan.Schedule) {
			s.Unit, s.Weekdays = careplan.Weekly, []time.Weekday{time.Monday, 7, time.Monday, -1, time.Friday}
		}), []schedPC{
			{"weekdays[1]", carecoord.FieldOutOfRange},
			{"weekdays[2]", carecoord.FieldDuplicate},
			{"weekdays[3]", carecoord.FieldOutOfRange},
		}},
		{"bad and repeated times", with(func(s *careplan.Schedule) {
			s.Times = []careplan.TimeOfDay{{Hour: 8}, {Hour: 24}, {Hour: 20}, {Hour: 8}, {Minute: 60}}
		}), []schedPC{
			{"times[1]", carecoord.FieldOutOfRange},
			{"times[3]", carecoord.FieldDuplicate},
			{"times[4]", carecoord.FieldOutOfRange},
		}},
		{"end before start", with(func(s *careplan.Schedule) { s.End = start.AddDays(-1) }),
			[]schedPC{{"end", carecoord.FieldInvalid}}},
		{"end out of range", with(func(s *careplan.Schedule) { s.End = schedD("9999-12-31").AddDays(1) }),
			[]schedPC{{"end", carecoord.FieldInvalid}}},
		{"negative count", with(func(s *careplan.Schedule) { s.Count = -2 }),
			[]schedPC{{"count", carecoord.FieldOutOfRange}}},
		{"one-off with end and count", careplan.Schedule{Start: start, End: start, Count: 1}, []schedPC{
			{"end", carecoord.FieldNotAllowed},
			{"count", carecoord.FieldNotAllowed},
		}},
		{"every problem at once", careplan.Schedule{Every: -3, Weekdays: []time.Weekday{time.Monday},
			Times: []careplan.TimeOfDay{{Hour: -1}}, End: start, Count: -1}, []schedPC{
			{"start", carecoord.FieldRequired},
			{"every", carecoord.FieldOutOfRange},
			{"weekdays", carecoord.FieldNotAllowed},
			{"times[0]", carecoord.FieldOutOfRange},
			{"end", carecoord.FieldNotAllowed},
			{"count", carecoord.FieldOutOfRange},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := schedProblems(t, tt.s.Validate())
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Validate() mismatch (-want +got):\n%s", diff)
			}
			if len(tt.want) > 0 && tt.s.Occurrences(schedWindow("0001-01-01", "9999-12-31")) != nil {
				t.Errorf("an invalid schedule has occurrences")
			}
		})
	}
}

func TestSchedulesValidate(t *testing.T) {
	daily := func(start string) careplan.Schedule {
		return careplan.Schedule{Start: schedD(start), Every: 1, Unit: careplan.Daily}
	}
	tests := []struct {
		name string
		v    careplan.Schedules
		want []schedPC
	}{
		{"none", nil, nil},
		{"two versions", careplan.Schedules{{From: schedD("2025-06-01"), Schedule: daily("2025-06-01")}, {From: schedD("2025-06-11"), Schedule: daily("2025-06-11")}}, nil},
		{"start before from is allowed", careplan.Schedules{{From: schedD("2025-06-10"), Schedule: daily("2025-01-01")}}, nil},
		{"start after from is allowed", careplan.Schedules{{From: schedD("2025-06-10"), Schedule: daily("2025-07-01")}}, nil},
		{"from missing", careplan.Schedules{{Schedule: daily("2025-06-01")}},
			[]schedPC{{"[0].from", carecoord.FieldRequired}}},
		{"from out of range", careplan.Schedules{{From: schedD("0001-01-01").AddDays(-1), Schedule: daily("2025-06-01")}},
			[]schedPC{{"[0].from", carecoord.FieldInvalid}}},
		{"same from twice", careplan.Schedules{{From: schedD("2025-06-01"), Schedule: daily("2025-06-01")}, {From: schedD("2025-06-01"), Schedule: daily("2025-06-01")}},
			[]schedPC{{"[1].from", carecoord.FieldInvalid}}},
		{"out of order", careplan.Schedules{{From: schedD("2025-06-11"), Schedule: daily("2025-06-11")}, {From: schedD("2025-06-01"), Schedule: daily("2025-06-01")}},
			[]schedPC{{"[1].from", carecoord.FieldInvalid}}},
		{"invalid schedule nested", careplan.Schedules{
			{From: schedD("2025-06-01"), Schedule: daily("2025-06-01")},
			{From: schedD("2025-06-11"), Schedule: careplan.Schedule{Unit: careplan.Daily, Times: []careplan.TimeOfDay{{Hour: 8}, {Hour: 8}}}},
		}, []schedPC{
			{"[1].schedule.start", carecoord.FieldRequired},
			{"[1].schedule.every", carecoord.FieldInvalid},
			{"[1].schedule.times[1]", carecoord.FieldDuplicate},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := schedProblems(t, tt.v.Validate())
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Validate() mismatch (-want +got):\n%s", diff)
			}
		})
	}
	// Nested under an activity's field, the paths read "schedules[1].from".
	var errs carecoord.FieldErrors
	errs.Nest("schedules", careplan.Schedules{{From: schedD("2025-06-01"), Schedule: daily("2025-06-01")}, {Schedule: daily("2025-06-01")}}.Validate())
	if !errs.Has("schedules[1].from", carecoord.FieldRequired) {
		t.Errorf("nested paths = %v, want schedules[1].from", errs)
	}
}

func TestScheduleOccurrences(t *testing.T) {
	daily := func(start string, every int) careplan.Schedule {
		return careplan.Schedule{Start: schedD(start), Every: every, Unit: careplan.Daily}
	}
	monthly := func(start string, every int) careplan.Schedule {
		return careplan.Schedule{Start: schedD(start), Every: every, Unit: careplan.Monthly}
	}
	weekly := func(start string, every int, wds ...time.Weekday) careplan.Schedule {
		return careplan.Schedule{Start: schedD(start), Every: every, Unit: careplan.Weekly, Weekdays: wds}
	}
	with := func(s careplan.Schedule, f func(*careplan.Schedule)) careplan.Schedule { f(&s); return s }
	tests := []struct {
		name   string
		s      careplan.Schedule
		window civil.Range
		want   []string
	}{
		// Month ends: the day clamps to the month's last day and never drifts.
		{"monthly on the 31st for 12 months", monthly("2025-01-31", 1), schedWindow("2025-01-01", "2025-12-31"), []string{
			"2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31", "2025-06-30",
			"2025-07-31", "2025-08-31", "2025-09-30", "2025-10-31", "2025-11-30", "2025-12-31",
		}},
		{"monthly from 2024-01-31 through Feb 29", monthly("2024-01-31", 1), schedWindow("2024-01-01", "2024-04-30"),
			[]string{"2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"}},
		{"monthly, window is Feb 2024 less its last day", monthly("2024-01-31", 1), schedWindow("2024-02-01", "2024-02-28"), nil},
		{"monthly, window is Feb 29 2024 only", monthly("2024-01-31", 1), schedWindow("2024-02-29", "2024-02-29"),
			[]string{"2024-02-29"}},
		{"monthly on the 30th in a leap February", monthly("2023-12-30", 1), schedWindow("2024-01-01", "2024-03-31"),
			[]string{"2024-01-30", "2024-02-29", "2024-03-30"}},
		{"every 3 months from the 31st", monthly("2025-01-31", 3), schedWindow("2025-01-01", "2026-02-01"),
			[]string{"2025-01-31", "2025-04-30", "2025-07-31", "2025-10-31", "2026-01-31"}},
		{"every 3 months, window starts years later", monthly("2005-11-30", 3), schedWindow("2025-01-01", "2025-12-31"),
			[]string{"2025-02-28", "2025-05-30", "2025-08-30", "2025-11-30"}},
		// Leap days: yearly is every 12 months.
		{"yearly from a leap day", monthly("2024-02-29", 12), schedWindow("2024-01-01", "2028-12-31"),
			[]string{"2024-02-29", "2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29"}},
		{"daily across a leap day", daily("2024-02-27", 1), schedWindow("2024-02-28", "2024-03-01"),
			[]string{"2024-02-28", "2024-02-29", "2024-03-01"}},
		// Daily.
		{"every 2 days, window starts on an off day", daily("2025-01-01", 2), schedWindow("2025-01-04", "2025-01-09"),
			[]string{"2025-01-05", "2025-01-07", "2025-01-09"}},
		{"every 7 days, window years later", daily("2000-01-03", 7), schedWindow("2025-01-01", "2025-01-14"),
			[]string{"2025-01-06", "2025-01-13"}},
		// Weekly: weeks run Monday to Sunday, counted from the week holding Start.
		{"every 2 weeks on Mon and Thu from a Wednesday", weekly("2025-01-01", 2, time.Monday, time.Thursday),
			schedWindow("2024-12-01", "2025-02-15"),
			[]string{"2025-01-02", "2025-01-13", "2025-01-16", "2025-01-27", "2025-01-30", "2025-02-10", "2025-02-13"}},
		{"every 2 weeks on Mon and Thu, window in a skipped week", weekly("2025-01-01", 2, time.Monday, time.Thursday),
			schedWindow("2025-01-06", "2025-01-12"), nil},
		{"every 2 weeks on Mon and Thu, window starts mid active week", weekly("2025-01-01", 2, time.Thursday, time.Monday),
			schedWindow("2025-01-14", "2025-01-28"), []string{"2025-01-16", "2025-01-27"}},
		{"every 2 weeks on Sunday from a Wednesday", weekly("2025-01-01", 2, time.Sunday),
			schedWindow("2025-01-01", "2025-02-02"), []string{"2025-01-05", "2025-01-19", "2025-02-02"}},
		{"weekly with no weekdays falls on Start's weekday", weekly("2025-01-01", 1),
			schedWindow("2024-12-25", "2025-01-29"), []string{"2025-01-01", "2025-01-08", "2025-01-15", "2025-01-22", "2025-01-29"}},
		{"every 3 weeks with no weekdays", weekly("2025-01-01", 3),
			schedWindow("2025-01-01", "2025-02-28"), []string{"2025-01-01", "2025-01-22", "2025-02-12"}},
		// Times and Count.
		{"count with two times, given out of order", with(daily("2025-03-01", 1), func(s *careplan.Schedule) {
			s.Times, s.Count = schedT("20:00", "08:00"), 5
		}), schedWindow("2025-01-01", "2025-12-31"), []string{
			"2025-03-01T08:00", "2025-03-01T20:00", "2025-03-02T08:00", "2025-03-02T20:00", "2025-03-03T08:00",
		}},
		{"count is counted from Start, not the window", with(daily("2025-03-01", 1), func(s *careplan.Schedule) {
			s.Times, s.Count = schedT("08:00", "20:00"), 5
		}), schedWindow("2025-03-02", "2025-12-31"), []string{"2025-03-02T08:00", "2025-03-02T20:00", "2025-03-03T08:00"}},
		{"count used up before the window", with(daily("2025-03-01", 1), func(s *careplan.Schedule) { s.Count = 5 }),
			schedWindow("2025-03-06", "2025-12-31"), nil},
		{"weekly count from a later window", with(weekly("2025-01-01", 2, time.Monday, time.Thursday), func(s *careplan.Schedule) { s.Count = 4 }),
			schedWindow("2025-01-14", "2025-12-31"), []string{"2025-01-16", "2025-01-27"}},
		{"monthly count", with(monthly("2025-01-31", 1), func(s *careplan.Schedule) { s.Count = 3 }),
			schedWindow("2025-02-01", "2025-12-31"), []string{"2025-02-28", "2025-03-31"}},
		{"end comes first", with(daily("2025-03-01", 1), func(s *careplan.Schedule) { s.End, s.Count = schedD("2025-03-04"), 10 }),
			schedWindow("2025-01-01", "2025-12-31"), []string{"2025-03-01", "2025-03-02", "2025-03-03", "2025-03-04"}},
		{"count comes first", with(daily("2025-03-01", 1), func(s *careplan.Schedule) { s.End, s.Count = schedD("2025-03-10"), 3 }),
			schedWindow("2025-01-01", "2025-12-31"), []string{"2025-03-01", "2025-03-02", "2025-03-03"}},
		{"end on a day the schedule falls on", with(daily("2025-03-01", 3), func(s *careplan.Schedule) { s.End = schedD("2025-03-07") }),
			schedWindow("2025-01-01", "2025-12-31"), []string{"2025-03-01", "2025-03-04", "2025-03-07"}},
		// One-offs.
		{"one-off", careplan.Schedule{Start: schedD("2025-05-05")}, schedWindow("2025-05-01", "2025-05-31"), []string{"2025-05-05"}},
		{"one-off with a time", careplan.Schedule{Start: schedD("2025-05-05"), Times: schedT("09:30")},
			schedWindow("2025-05-05", "2025-05-05"), []string{"2025-05-05T09:30"}},
		{"one-off, window after it", careplan.Schedule{Start: schedD("2025-05-05")}, schedWindow("2025-05-06", "2025-05-31"), nil},
		// Windows.
		{"window before start", daily("2025-03-01", 1), schedWindow("2025-02-01", "2025-02-28"), nil},
		{"window after end", with(daily("2025-03-01", 1), func(s *careplan.Schedule) { s.End = schedD("2025-03-31") }),
			schedWindow("2025-04-01", "2025-04-30"), nil},
		{"window overlapping the start", daily("2025-03-01", 1), schedWindow("2025-02-27", "2025-03-02"),
			[]string{"2025-03-01", "2025-03-02"}},
		{"window overlapping the end", with(daily("2025-03-01", 1), func(s *careplan.Schedule) { s.End = schedD("2025-03-31") }),
			schedWindow("2025-03-30", "2025-04-02"), []string{"2025-03-30", "2025-03-31"}},
		{"window of one day", daily("2025-03-01", 1), schedWindow("2025-03-15", "2025-03-15"), []string{"2025-03-15"}},
		{"empty window", daily("2025-03-01", 1), schedWindow("2025-03-15", "2025-03-14"), nil},
		{"zero window", daily("2025-03-01", 1), civil.Range{}, nil},
		// The end of the calendar: iteration stops instead of running past 9999-12-31.
		{"daily to the last supported day", daily("9999-12-29", 1), schedWindow("9999-12-01", "9999-12-31"),
			[]string{"9999-12-29", "9999-12-30", "9999-12-31"}},
		{"weekly to the last supported day", weekly("9999-12-20", 1, time.Monday, time.Friday), schedWindow("9999-12-01", "9999-12-31"),
			[]string{"9999-12-20", "9999-12-24", "9999-12-27", "9999-12-31"}},
		{"monthly to the last supported day", monthly("9999-10-31", 1), schedWindow("9999-01-01", "9999-12-31"),
			[]string{"9999-10-31", "9999-11-30", "9999-12-31"}},
		{"weekly from the first supported day", weekly("0001-01-01", 1, time.Sunday), schedWindow("0001-01-01", "0001-01-14"),
			[]string{"0001-01-07", "0001-01-14"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.s.Validate(); err != nil {
				t.Fatalf("Validate() = %v", err)
			}
			got := schedKeys(tt.s.Occurrences(tt.window))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Occurrences(%v) mismatch (-want +got):\n%s", tt.window, diff)
			}
			all := schedKeys(slices.Collect(tt.s.All(tt.window)))
			if diff := cmp.Diff(tt.want, all); diff != "" {
				t.Errorf("All(%v) mismatch (-want +got):\n%s", tt.window, diff)
			}
		})
	}
}

func TestOccurrenceKeyAndAt(t *testing.T) {
	tests := []struct {
		name string
		o    careplan.Occurrence
		key  string
		at   time.Time
	}{
		{"untimed", careplan.Occurrence{Date: schedD("2025-07-04")}, "2025-07-04", time.Date(2025, 7, 4, 0, 0, 0, 0, time.UTC)},
		{"untimed ignores a stray time", careplan.Occurrence{Date: schedD("2025-07-04"), Time: careplan.TimeOfDay{Hour: 9}},
			"2025-07-04", time.Date(2025, 7, 4, 0, 0, 0, 0, time.UTC)},
		{"timed", careplan.Occurrence{Date: schedD("2025-07-04"), Time: careplan.TimeOfDay{Hour: 9, Minute: 5}, Timed: true},
			"2025-07-04T09:05", time.Date(2025, 7, 4, 9, 5, 0, 0, time.UTC)},
		{"timed at midnight", careplan.Occurrence{Date: schedD("2025-07-04"), Timed: true},
			"2025-07-04T00:00", time.Date(2025, 7, 4, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.o.Key(); got != tt.key {
				t.Errorf("Key() = %q, want %q", got, tt.key)
			}
			if diff := cmp.Diff(tt.at, tt.o.At(nil)); diff != "" {
				t.Errorf("At(nil) mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOccurrenceText(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		want    careplan.Occurrence
		wantErr bool
	}{
		{name: "untimed", text: "2024-02-29", want: careplan.Occurrence{Date: schedD("2024-02-29")}},
		{name: "timed", text: "2024-02-29T23:59", want: careplan.Occurrence{Date: schedD("2024-02-29"), Time: careplan.TimeOfDay{Hour: 23, Minute: 59}, Timed: true}},
		{name: "timed at midnight", text: "2024-02-29T00:00", want: careplan.Occurrence{Date: schedD("2024-02-29"), Timed: true}},
		{name: "no such day", text: "2025-02-29", wantErr: true},
		{name: "no such time", text: "2025-02-28T24:00", wantErr: true},
		{name: "seconds", text: "2025-02-28T08:00:00", wantErr: true},
		{name: "space for T", text: "2025-02-28 08:00", wantErr: true},
		{name: "zone", text: "2025-02-28T08:00Z", wantErr: true},
		{name: "empty", text: "", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got careplan.Occurrence
			err := got.UnmarshalText([]byte(tt.text))
			if tt.wantErr {
				if !errors.Is(err, carecoord.ErrInvalid) {
					t.Errorf("UnmarshalText(%q) error = %v, want one matching carecoord.ErrInvalid", tt.text, err)
				}
				if tt.text != "" && err != nil && strings.Contains(err.Error(), tt.text) {
					t.Errorf("UnmarshalText(%q) error %q repeats the input", tt.text, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("UnmarshalText(%q) = %v", tt.text, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("UnmarshalText(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
			b, err := got.MarshalText()
			if err != nil || string(b) != tt.text || got.Key() != tt.text {
				t.Errorf("MarshalText() = %q, %v; Key() = %q; want %q", b, err, got.Key(), tt.text)
			}
		})
	}
	// In JSON an occurrence is its key.
	type outcome struct {
		Occurrence careplan.Occurrence `json:"occurrence"`
	}
	in := outcome{careplan.Occurrence{Date: schedD("2025-06-01"), Time: careplan.TimeOfDay{Hour: 8}, Timed: true}}
	b, err := json.Marshal(in)
	if err != nil || string(b) != `{"occurrence":"2025-06-01T08:00"}` {
		t.Errorf("json.Marshal = %s, %v", b, err)
	}
	var back outcome
	if err := json.Unmarshal(b, &back); err != nil || back != in {
		t.Errorf("json.Unmarshal(%s) = %+v, %v; want %+v", b, back, err, in)
	}
	for _, bad := range []careplan.Occurrence{{}, {Date: schedD("2025-06-01"), Time: careplan.TimeOfDay{Hour: 24}, Timed: true}} {
		if _, err := bad.MarshalText(); !errors.Is(err, carecoord.ErrInvalid) {
			t.Errorf("%+v.MarshalText() error = %v, want one matching carecoord.ErrInvalid", bad, err)
		}
	}
}

// TestOccurrencesAcrossDST: "08:00 every day" stays 08:00 local when clocks change, so the
// instants are 23 hours apart into the spring-forward day and 25 hours apart into the
// fall-back day (America/New_York, 2025-03-09 and 2025-11-02).
func TestOccurrencesAcrossDST(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skipf("no time-zone database: %v", err)
	}
	tests := []struct {
		name   string
		s      careplan.Schedule
		window civil.Range
		local  []string        // each occurrence's At, in New York
		gaps   []time.Duration // between consecutive occurrences' instants
	}{
		{"spring forward",
			careplan.Schedule{Start: schedD("2025-03-01"), Every: 1, Unit: careplan.Daily, Times: schedT("08:00")},
			schedWindow("2025-03-08", "2025-03-10"),
			[]string{"2025-03-08 08:00 EST", "2025-03-09 08:00 EDT", "2025-03-10 08:00 EDT"},
			[]time.Duration{23 * time.Hour, 24 * time.Hour}},
		{"fall back",
			careplan.Schedule{Start: schedD("2025-10-01"), Every: 1, Unit: careplan.Daily, Times: schedT("08:00")},
			schedWindow("2025-11-01", "2025-11-03"),
			[]string{"2025-11-01 08:00 EDT", "2025-11-02 08:00 EST", "2025-11-03 08:00 EST"},
			[]time.Duration{25 * time.Hour, 24 * time.Hour}},
		{"untimed is local midnight",
			careplan.Schedule{Start: schedD("2025-03-01"), Every: 1, Unit: careplan.Daily},
			schedWindow("2025-03-08", "2025-03-10"),
			[]string{"2025-03-08 00:00 EST", "2025-03-09 00:00 EST", "2025-03-10 00:00 EDT"},
			[]time.Duration{24 * time.Hour, 23 * time.Hour}},
		{"twice a day across fall back",
			careplan.Schedule{Start: schedD("2025-10-01"), Every: 1, Unit: careplan.Daily, Times: schedT("08:00", "20:00")},
			schedWindow("2025-11-01", "2025-11-02"),
			[]string{"2025-11-01 08:00 EDT", "2025-11-01 20:00 EDT", "2025-11-02 08:00 EST", "2025-11-02 20:00 EST"},
			[]time.Duration{12 * time.Hour, 13 * time.Hour, 12 * time.Hour}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var local []string
			var gaps []time.Duration
			var prev time.Time
			for i, o := range tt.s.Occurrences(tt.window) {
				at := o.At(ny)
				local = append(local, at.Format("2006-01-02 15:04 MST"))
				if i > 0 {
					gaps = append(gaps, at.Sub(prev))
				}
				prev = at
			}
			if diff := cmp.Diff(tt.local, local); diff != "" {
				t.Errorf("local times mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.gaps, gaps); diff != "" {
				t.Errorf("gaps mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSchedulesCareKitFailure is the failure the issue names (carekit-apple/CareKit#655): a
// daily task is rescheduled "from tomorrow", and the days already done must keep their
// occurrences, their keys and so their recorded outcomes.
func TestSchedulesCareKitFailure(t *testing.T) {
	june := schedWindow("2025-06-01", "2025-06-30")
	before := careplan.Schedules{{From: schedD("2025-06-01"),
		Schedule: careplan.Schedule{Start: schedD("2025-06-01"), Every: 1, Unit: careplan.Daily}}}
	keysBefore := schedKeys(before.Occurrences(june))

	// Outcomes recorded by key on each day through 2025-06-10, "today".
	completed := map[string]bool{}
	for _, o := range before.Occurrences(schedWindow("2025-06-01", "2025-06-10")) {
		completed[o.Key()] = true
	}

	// On 2025-06-10, change to every 2 days from tomorrow.
	tomorrow := schedD("2025-06-11")
	after := before.Change(tomorrow, careplan.Schedule{Start: tomorrow, Every: 2, Unit: careplan.Daily})
	if err := after.Validate(); err != nil {
		t.Fatalf("Change(...).Validate() = %v", err)
	}
	got := schedKeys(after.Occurrences(june))
	want := []string{
		"2025-06-01", "2025-06-02", "2025-06-03", "2025-06-04", "2025-06-05",
		"2025-06-06", "2025-06-07", "2025-06-08", "2025-06-09", "2025-06-10",
		"2025-06-11", "2025-06-13", "2025-06-15", "2025-06-17", "2025-06-19",
		"2025-06-21", "2025-06-23", "2025-06-25", "2025-06-27", "2025-06-29",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("occurrences after the change mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(keysBefore[:10], got[:10]); diff != "" {
		t.Errorf("occurrences before the change moved (-want +got):\n%s", diff)
	}
	// Yesterday's completions are still there and still count.
	counted := 0
	for o := range after.All(june) {
		if completed[o.Key()] {
			counted++
		}
	}
	if counted != len(completed) || counted != 10 {
		t.Errorf("completions still matching an occurrence = %d, want all %d", counted, len(completed))
	}
	// The original history is unchanged.
	if diff := cmp.Diff(keysBefore, schedKeys(before.Occurrences(june))); diff != "" {
		t.Errorf("Change modified its receiver (-want +got):\n%s", diff)
	}
	// Which version is in force, day by day.
	for _, tt := range []struct {
		day   string
		every int
		ok    bool
	}{{"2025-05-31", 0, false}, {"2025-06-01", 1, true}, {"2025-06-10", 1, true}, {"2025-06-11", 2, true}, {"2030-01-01", 2, true}} {
		s, ok := after.At(schedD(tt.day))
		if ok != tt.ok || s.Every != tt.every {
			t.Errorf("At(%s) = every %d, %v; want every %d, %v", tt.day, s.Every, ok, tt.every, tt.ok)
		}
	}
}

func TestSchedulesChange(t *testing.T) {
	daily := careplan.Schedule{Start: schedD("2025-06-01"), Every: 1, Unit: careplan.Daily}
	weekly := careplan.Schedule{Start: schedD("2025-06-20"), Every: 1, Unit: careplan.Weekly}
	monthly := careplan.Schedule{Start: schedD("2025-06-15"), Every: 1, Unit: careplan.Monthly}
	tests := []struct {
		name string
		v    careplan.Schedules
		from civil.Date
		s    careplan.Schedule
		want careplan.Schedules
	}{
		{"first schedule", nil, schedD("2025-06-01"), daily,
			careplan.Schedules{{From: schedD("2025-06-01"), Schedule: daily}}},
		{"after the last version", careplan.Schedules{{From: schedD("2025-06-01"), Schedule: daily}}, schedD("2025-06-20"), weekly,
			careplan.Schedules{{From: schedD("2025-06-01"), Schedule: daily}, {From: schedD("2025-06-20"), Schedule: weekly}}},
		{"before a later version drops it", careplan.Schedules{{From: schedD("2025-06-01"), Schedule: daily}, {From: schedD("2025-06-20"), Schedule: weekly}},
			schedD("2025-06-15"), monthly,
			careplan.Schedules{{From: schedD("2025-06-01"), Schedule: daily}, {From: schedD("2025-06-15"), Schedule: monthly}}},
		{"on a version's day replaces it", careplan.Schedules{{From: schedD("2025-06-01"), Schedule: daily}, {From: schedD("2025-06-20"), Schedule: weekly}},
			schedD("2025-06-20"), monthly,
			careplan.Schedules{{From: schedD("2025-06-01"), Schedule: daily}, {From: schedD("2025-06-20"), Schedule: monthly}}},
		{"before the first version replaces everything", careplan.Schedules{{From: schedD("2025-06-01"), Schedule: daily}, {From: schedD("2025-06-20"), Schedule: weekly}},
			schedD("2025-05-01"), monthly,
			careplan.Schedules{{From: schedD("2025-05-01"), Schedule: monthly}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := slices.Clone(tt.v)
			got := tt.v.Change(tt.from, tt.s)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Change(%s) mismatch (-want +got):\n%s", tt.from, diff)
			}
			if diff := cmp.Diff(orig, tt.v); diff != "" {
				t.Errorf("Change modified its receiver (-want +got):\n%s", diff)
			}
		})
	}

	// With spare capacity, two changes of the same history must not share (and overwrite)
	// the backing array, and nothing past the receiver's length is written.
	base := make(careplan.Schedules, 1, 8)
	base[0] = careplan.ScheduleVersion{From: schedD("2025-06-01"), Schedule: daily}
	a := base.Change(schedD("2025-06-20"), weekly)
	b := base.Change(schedD("2025-06-15"), monthly)
	if diff := cmp.Diff(careplan.Schedules{{From: schedD("2025-06-01"), Schedule: daily}, {From: schedD("2025-06-20"), Schedule: weekly}}, a); diff != "" {
		t.Errorf("first Change overwritten by the second (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(careplan.Schedules{{From: schedD("2025-06-01"), Schedule: daily}, {From: schedD("2025-06-15"), Schedule: monthly}}, b); diff != "" {
		t.Errorf("second Change mismatch (-want +got):\n%s", diff)
	}
	if spare := base[:cap(base)][1]; !spare.From.IsZero() {
		t.Errorf("Change wrote into the receiver's spare capacity: %v", spare.From)
	}
}

func TestSchedulesOccurrences(t *testing.T) {
	v := careplan.Schedules{
		// Daily from 1 June, with Count 20 counted from its Start.
		{From: schedD("2025-06-01"), Schedule: careplan.Schedule{Start: schedD("2025-06-01"), Every: 1, Unit: careplan.Daily, Count: 20}},
		// From 5 June: every 3 days anchored on 1 June, twice a day.
		{From: schedD("2025-06-05"), Schedule: careplan.Schedule{Start: schedD("2025-06-01"), Every: 3, Unit: careplan.Daily, Times: schedT("09:00", "18:00")}},
		// From 10 June: weekly on Friday, starting only on 20 June (a pause until then).
		{From: schedD("2025-06-10"), Schedule: careplan.Schedule{Start: schedD("2025-06-20"), Every: 1, Unit: careplan.Weekly}},
	}
	tests := []struct {
		name   string
		window civil.Range
		want   []string
	}{
		{"all", schedWindow("2025-05-01", "2025-06-30"), []string{
			"2025-06-01", "2025-06-02", "2025-06-03", "2025-06-04",
			"2025-06-07T09:00", "2025-06-07T18:00",
			"2025-06-20", "2025-06-27",
		}},
		{"one version", schedWindow("2025-06-06", "2025-06-08"), []string{"2025-06-07T09:00", "2025-06-07T18:00"}},
		{"a version's last day", schedWindow("2025-06-04", "2025-06-04"), []string{"2025-06-04"}},
		{"a version that starts in a pause", schedWindow("2025-06-10", "2025-06-19"), nil},
		{"before the first version", schedWindow("2025-01-01", "2025-05-31"), nil},
		{"empty window", schedWindow("2025-06-30", "2025-06-01"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, schedKeys(v.Occurrences(tt.window))); diff != "" {
				t.Errorf("Occurrences(%v) mismatch (-want +got):\n%s", tt.window, diff)
			}
			if diff := cmp.Diff(tt.want, schedKeys(slices.Collect(v.All(tt.window)))); diff != "" {
				t.Errorf("All(%v) mismatch (-want +got):\n%s", tt.window, diff)
			}
		})
	}
	// Invalid schedules have no occurrences and no schedule in force.
	bad := append(slices.Clip(v), careplan.ScheduleVersion{From: schedD("2025-06-01"), Schedule: v[0].Schedule})
	if got := bad.Occurrences(schedWindow("2025-06-01", "2025-06-30")); got != nil {
		t.Errorf("invalid Schedules: Occurrences = %v, want none", schedKeys(got))
	}
	if _, ok := bad.At(schedD("2025-06-15")); ok {
		t.Errorf("invalid Schedules: At reports a schedule in force")
	}
}

func TestAllStopsEarly(t *testing.T) {
	s := careplan.Schedule{Start: schedD("2025-01-01"), Every: 1, Unit: careplan.Daily, Times: schedT("08:00", "20:00")}
	v := careplan.Schedules{{From: schedD("2025-01-01"), Schedule: s}, {From: schedD("2025-01-03"), Schedule: s}}
	w := schedWindow("2025-01-01", "2025-12-31")
	for _, seq := range []func(civil.Range) iter.Seq[careplan.Occurrence]{s.All, v.All} {
		for stop := range 7 {
			got := []string{}
			for o := range seq(w) {
				if len(got) == stop {
					break
				}
				got = append(got, o.Key())
			}
			want := []string{"2025-01-01T08:00", "2025-01-01T20:00", "2025-01-02T08:00", "2025-01-02T20:00",
				"2025-01-03T08:00", "2025-01-03T20:00", "2025-01-04T08:00"}[:stop]
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("stopping after %d mismatch (-want +got):\n%s", stop, diff)
			}
		}
	}
}

func TestScheduleHotPathsDoNotAllocate(t *testing.T) {
	s := careplan.Schedule{Start: schedD("2015-01-05"), Every: 1, Unit: careplan.Weekly,
		Weekdays: []time.Weekday{time.Monday, time.Wednesday, time.Friday}, Times: schedT("08:00", "20:00"), Count: 5000}
	v := careplan.Schedules{{From: schedD("2015-01-05"), Schedule: s}, {From: schedD("2025-03-01"), Schedule: s}}
	w := schedWindow("2025-01-01", "2025-12-31")
	n := 0
	for name, f := range map[string]func(){
		"Schedule.Validate":  func() { _ = s.Validate() },
		"Schedules.Validate": func() { _ = v.Validate() },
		"Schedule.All": func() {
			for range s.All(w) {
				n++
			}
		},
		"Schedules.All": func() {
			for range v.All(w) {
				n++
			}
		},
	} {
		if allocs := testing.AllocsPerRun(20, f); allocs != 0 {
			t.Errorf("%s: %v allocations, want 0", name, allocs)
		}
	}
}

// --- Properties -------------------------------------------------------------------------

// schedGen generates valid schedules starting from 2020 to 2030: one-off, daily, weekly or
// monthly, with small intervals, random weekdays and times of day (in random order), and an
// optional End and Count.
func schedGen() *rapid.Generator[careplan.Schedule] {
	return rapid.Custom(func(t *rapid.T) careplan.Schedule {
		s := careplan.Schedule{Start: civiltest.DateIn(schedD("2020-01-01"), schedD("2030-12-31")).Draw(t, "start")}
		switch kind := rapid.IntRange(0, 3).Draw(t, "kind"); kind {
		case 1:
			s.Every, s.Unit = rapid.IntRange(1, 10).Draw(t, "every"), careplan.Daily
		case 2:
			s.Every, s.Unit = rapid.IntRange(1, 4).Draw(t, "every"), careplan.Weekly
			s.Weekdays = rapid.SliceOfNDistinct(rapid.SampledFrom([]time.Weekday{0, 1, 2, 3, 4, 5, 6}), 0, 7,
				rapid.ID[time.Weekday]).Draw(t, "weekdays")
		case 3:
			s.Every, s.Unit = rapid.IntRange(1, 13).Draw(t, "every"), careplan.Monthly
			if rapid.Bool().Draw(t, "month end") { // make clamping likely
				y, m, _ := s.Start.YMD()
				s.Start = civil.DateOf(time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC))
			}
		}
		s.Times = rapid.SliceOfNDistinct(rapid.Custom(func(t *rapid.T) careplan.TimeOfDay {
			return careplan.TimeOfDay{Hour: rapid.IntRange(0, 23).Draw(t, "hour"), Minute: rapid.SampledFrom([]int{0, 15, 30, 59}).Draw(t, "minute")}
		}), 0, 4, func(t careplan.TimeOfDay) careplan.TimeOfDay { return t }).Draw(t, "times")
		if s.Unit != "" {
			if rapid.Bool().Draw(t, "has end") {
				s.End = s.Start.AddDays(rapid.IntRange(0, 1500).Draw(t, "end days"))
			}
			if rapid.Bool().Draw(t, "has count") {
				s.Count = rapid.IntRange(1, 60).Draw(t, "count")
			}
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("generated an invalid schedule %+v: %v", s, err)
		}
		return s
	})
}

// schedWindowGen generates windows of 1 day to 3 years (and sometimes empty ones) around the
// schedules' years.
func schedWindowGen() *rapid.Generator[civil.Range] {
	return rapid.Custom(func(t *rapid.T) civil.Range {
		start := civiltest.DateIn(schedD("2019-01-01"), schedD("2032-12-31")).Draw(t, "window start")
		return civil.Range{Start: start, End: start.AddDays(rapid.IntRange(-1, 3*366).Draw(t, "window days"))}
	})
}

// schedFallsOn is the reference rule, written from the definitions rather than from the
// code: does a schedule fall on day d (ignoring End and Count)?
func schedFallsOn(s careplan.Schedule, d civil.Date) bool {
	if d.Before(s.Start) {
		return false
	}
	switch s.Unit {
	case careplan.Daily:
		return d.DaysSince(s.Start)%s.Every == 0
	case careplan.Weekly:
		isoWeekday := func(x civil.Date) int { return (int(x.Weekday()) + 6) % 7 }
		week := (d.DaysSince(s.Start) + isoWeekday(s.Start)) / 7 // weeks since the Monday of Start's week
		wds := s.Weekdays
		if len(wds) == 0 {
			wds = []time.Weekday{s.Start.Weekday()}
		}
		return week%s.Every == 0 && slices.Contains(wds, d.Weekday())
	case careplan.Monthly:
		months := (d.Year()-s.Start.Year())*12 + int(d.Month()-s.Start.Month())
		lastDay := time.Date(d.Year(), d.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
		return months%s.Every == 0 && d.Day() == min(s.Start.Day(), lastDay)
	}
	return d == s.Start
}

// schedReference lists, day by day from Start, the schedule's occurrences through the end of
// window, and returns those in window.
func schedReference(s careplan.Schedule, window civil.Range) []string {
	var out []string
	times := slices.SortedFunc(slices.Values(s.Times), func(a, b careplan.TimeOfDay) int {
		return (a.Hour*60 + a.Minute) - (b.Hour*60 + b.Minute)
	})
	n := 0
	for d := s.Start; !d.After(window.End) && (s.End.IsZero() || !d.After(s.End)); d = d.AddDays(1) {
		if !schedFallsOn(s, d) {
			continue
		}
		slots := []careplan.Occurrence{{Date: d}}
		if len(times) > 0 {
			slots = slots[:0]
			for _, t := range times {
				slots = append(slots, careplan.Occurrence{Date: d, Time: t, Timed: true})
			}
		}
		for _, o := range slots {
			if s.Count > 0 && n == s.Count {
				return out
			}
			n++
			if window.Contains(d) {
				out = append(out, o.Key())
			}
		}
	}
	return out
}

func TestScheduleProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := schedGen().Draw(t, "schedule")
		w := schedWindowGen().Draw(t, "window")
		occs := s.Occurrences(w)
		keys := schedKeys(occs)

		for i, o := range occs {
			if i > 0 && keys[i-1] >= keys[i] {
				t.Fatalf("not sorted and unique by key: %q then %q", keys[i-1], keys[i])
			}
			if i > 0 && !occs[i-1].At(nil).Before(o.At(nil)) {
				t.Fatalf("not in time order: %q then %q", keys[i-1], keys[i])
			}
			if !w.Contains(o.Date) || o.Date.Before(s.Start) || (!s.End.IsZero() && o.Date.After(s.End)) {
				t.Fatalf("%q is outside the window %v or the schedule", keys[i], w)
			}
			var back careplan.Occurrence
			if err := back.UnmarshalText([]byte(keys[i])); err != nil || back != o {
				t.Fatalf("UnmarshalText(%q) = %+v, %v; want %+v", keys[i], back, err, o)
			}
			if o.Timed != (len(s.Times) > 0) {
				t.Fatalf("%q: Timed = %v with %d times", keys[i], o.Timed, len(s.Times))
			}
		}
		if s.Count > 0 && len(occs) > s.Count {
			t.Fatalf("%d occurrences, more than Count %d", len(occs), s.Count)
		}
		if diff := cmp.Diff(schedReference(s, w), keys); diff != "" {
			t.Fatalf("Occurrences(%v) differs from the day-by-day reference (-want +got):\n%s", w, diff)
		}
		if diff := cmp.Diff(keys, schedKeys(slices.Collect(s.All(w)))); diff != "" {
			t.Fatalf("All differs from Occurrences (-want +got):\n%s", diff)
		}

		// Splitting the window in two adjacent ranges splits the occurrences.
		if !w.IsEmpty() {
			cut := w.Start.AddDays(rapid.IntRange(-1, w.Days()-1).Draw(t, "cut")) // last day of the first part
			first := s.Occurrences(civil.Range{Start: w.Start, End: cut})
			second := s.Occurrences(civil.Range{Start: cut.AddDays(1), End: w.End})
			if diff := cmp.Diff(keys, schedKeys(append(first, second...))); diff != "" {
				t.Fatalf("split at %s: mismatch (-want +got):\n%s", cut, diff)
			}
		}
	})
}

// schedulesGen generates valid schedule histories of one to three versions.
func schedulesGen() *rapid.Generator[careplan.Schedules] {
	return rapid.Custom(func(t *rapid.T) careplan.Schedules {
		n := rapid.IntRange(1, 3).Draw(t, "versions")
		var v careplan.Schedules
		from := civiltest.DateIn(schedD("2020-01-01"), schedD("2030-12-31")).Draw(t, "from")
		for range n {
			v = append(v, careplan.ScheduleVersion{From: from, Schedule: schedGen().Draw(t, "schedule")})
			from = from.AddDays(rapid.IntRange(1, 400).Draw(t, "next from"))
		}
		return v
	})
}

func TestSchedulesProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := schedulesGen().Draw(t, "schedules")
		if err := v.Validate(); err != nil {
			t.Fatalf("Validate() = %v", err)
		}
		w := schedWindowGen().Draw(t, "window")
		keys := schedKeys(v.Occurrences(w))

		// Reference: each version's own occurrences on the days it is in force.
		var want []string
		for i, sv := range v {
			span := w
			if span.Start.Before(sv.From) {
				span.Start = sv.From
			}
			if i+1 < len(v) && v[i+1].From.AddDays(-1).Before(span.End) {
				span.End = v[i+1].From.AddDays(-1)
			}
			if !span.IsEmpty() {
				want = append(want, schedReference(sv.Schedule, span)...)
			}
		}
		if diff := cmp.Diff(want, keys); diff != "" {
			t.Fatalf("Occurrences(%v) differs from the reference (-want +got):\n%s", w, diff)
		}
		if diff := cmp.Diff(keys, schedKeys(slices.Collect(v.All(w)))); diff != "" {
			t.Fatalf("All differs from Occurrences (-want +got):\n%s", diff)
		}

		// A change from day D keeps every occurrence before D and follows the new schedule
		// from D; the receiver is not modified.
		orig := slices.Clone(v)
		from := civiltest.DateIn(v[0].From.AddDays(-30), v[len(v)-1].From.AddDays(400)).Draw(t, "change from")
		s := schedGen().Draw(t, "new schedule")
		changed := v.Change(from, s)
		if diff := cmp.Diff(orig, v); diff != "" {
			t.Fatalf("Change modified its receiver (-want +got):\n%s", diff)
		}
		if err := changed.Validate(); err != nil {
			t.Fatalf("Change(%s).Validate() = %v", from, err)
		}
		before := civil.Range{Start: w.Start, End: schedEarlier(w.End, from.AddDays(-1))}
		if diff := cmp.Diff(schedKeys(v.Occurrences(before)), schedKeys(changed.Occurrences(before))); diff != "" {
			t.Fatalf("Change(%s) moved earlier occurrences (-want +got):\n%s", from, diff)
		}
		after := civil.Range{Start: schedLater(w.Start, from), End: w.End}
		single := careplan.Schedules{{From: from, Schedule: s}}
		if diff := cmp.Diff(schedKeys(single.Occurrences(after)), schedKeys(changed.Occurrences(after))); diff != "" {
			t.Fatalf("Change(%s): later occurrences do not follow the new schedule (-want +got):\n%s", from, diff)
		}
		for _, d := range []civil.Date{from.AddDays(-1), from, from.AddDays(17)} {
			got, ok := changed.At(d)
			var want careplan.Schedule
			wantOK := false
			for _, sv := range changed {
				if !sv.From.After(d) {
					want, wantOK = sv.Schedule, true
				}
			}
			if ok != wantOK {
				t.Fatalf("At(%s) ok = %v, want %v", d, ok, wantOK)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("At(%s) mismatch (-want +got):\n%s", d, diff)
			}
		}
	})
}

// --- Benchmarks -------------------------------------------------------------------------

// schedBenchYear is the window of the benchmarks; the schedules start ten years before it, so
// a slow path that walks from Start would show.
var schedBenchYear = schedWindow("2025-01-01", "2025-12-31")

func schedBenchDaily() careplan.Schedule {
	return careplan.Schedule{Start: schedD("2015-01-01"), Every: 1, Unit: careplan.Daily, Times: schedT("08:00")}
}

func schedBenchWeekly() careplan.Schedule {
	return careplan.Schedule{Start: schedD("2015-01-05"), Every: 1, Unit: careplan.Weekly,
		Weekdays: []time.Weekday{time.Monday, time.Wednesday, time.Friday}, Count: 5000}
}

func BenchmarkOccurrencesDailyYear(b *testing.B) {
	s := schedBenchDaily()
	b.ReportAllocs()
	for b.Loop() {
		if n := len(s.Occurrences(schedBenchYear)); n != 365 {
			b.Fatalf("%d occurrences, want 365", n)
		}
	}
}

func BenchmarkOccurrencesWeeklyYear(b *testing.B) {
	s := schedBenchWeekly()
	b.ReportAllocs()
	for b.Loop() {
		if n := len(s.Occurrences(schedBenchYear)); n != 157 {
			b.Fatalf("%d occurrences, want 157", n)
		}
	}
}

func BenchmarkAllDailyYear(b *testing.B) {
	s := schedBenchDaily()
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for range s.All(schedBenchYear) {
			n++
		}
		if n != 365 {
			b.Fatalf("%d occurrences, want 365", n)
		}
	}
}

func BenchmarkAllWeeklyYear(b *testing.B) {
	s := schedBenchWeekly()
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for range s.All(schedBenchYear) {
			n++
		}
		if n != 157 {
			b.Fatalf("%d occurrences, want 157", n)
		}
	}
}

func BenchmarkSchedulesAllYear(b *testing.B) {
	v := careplan.Schedules{{From: schedD("2015-01-01"), Schedule: schedBenchDaily()}, {From: schedD("2025-07-01"), Schedule: schedBenchWeekly()}}
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for range v.All(schedBenchYear) {
			n++
		}
		if n != 181+79 {
			b.Fatalf("%d occurrences, want %d", n, 181+79)
		}
	}
}
