package civil_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/civil/civiltest"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		want    string // "" when Parse must fail
		weekday time.Weekday
	}{
		{"2024-02-29", "2024-02-29", time.Thursday}, // leap day
		{"2000-02-29", "2000-02-29", time.Tuesday},  // divisible by 400: leap
		{"0001-01-01", "0001-01-01", time.Monday},   // first supported day
		{"9999-12-31", "9999-12-31", time.Friday},   // last supported day
		{"1970-01-01", "1970-01-01", time.Thursday},
		{"2025-08-29", "2025-08-29", time.Friday},
		{"2100-02-29", "", 0}, // divisible by 100, not by 400: not a leap year
		{"2023-02-29", "", 0},
		{"2025-04-31", "", 0},
		{"2025-13-01", "", 0},
		{"2025-00-10", "", 0},
		{"2025-01-00", "", 0},
		{"0000-01-01", "", 0},
		{"2025-1-01", "", 0},
		{"2025/01/01", "", 0},
		{"20250101", "", 0},
		{" 2025-01-01", "", 0},
		{"2025-01-01T00:00:00Z", "", 0},
		{"+2025-01-01", "", 0},
		{"2025-0a-01", "", 0},
		{"", "", 0},
	}
	for _, tt := range tests {
		d, err := civil.Parse(tt.in)
		if tt.want == "" {
			if err == nil || !errors.Is(err, carecoord.ErrInvalid) {
				t.Errorf("Parse(%q) = %v, %v; want an error matching ErrInvalid", tt.in, d, err)
			}
			continue
		}
		if err != nil || d.String() != tt.want || d.Weekday() != tt.weekday {
			t.Errorf("Parse(%q) = %v (%v), %v; want %s (%v)", tt.in, d, d.Weekday(), err, tt.want, tt.weekday)
		}
	}
}

func TestParseErrorHidesInput(t *testing.T) {
	// A date of birth is patient data: the error must name the rule, not repeat the value.
	for _, in := range []string{"1948-02-30", "1948-13-01", "19480230", "abcd-ef-gh"} {
		_, err := civil.Parse(in)
		if err == nil {
			t.Fatalf("Parse(%q) succeeded", in)
		}
		for _, part := range []string{in, in[:4]} {
			if contains(err.Error(), part) {
				t.Errorf("Parse(%q) error %q repeats the input", in, err)
			}
		}
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestNewDate(t *testing.T) {
	tests := []struct {
		y     int
		m     time.Month
		d     int
		valid bool
	}{
		{2024, time.February, 29, true},
		{2100, time.February, 29, false},
		{2400, time.February, 29, true},
		{2025, time.February, 29, false},
		{2025, time.June, 31, false},
		{2025, time.December, 31, true},
		{0, time.January, 1, false},
		{10000, time.January, 1, false},
		{2025, 0, 1, false},
		{2025, 13, 1, false},
		{2025, time.January, 0, false},
	}
	for _, tt := range tests {
		d, err := civil.NewDate(tt.y, tt.m, tt.d)
		if tt.valid != (err == nil) || tt.valid != d.IsValid() {
			t.Errorf("NewDate(%d, %d, %d) = %v, %v; want valid %v", tt.y, tt.m, tt.d, d, err, tt.valid)
		}
		if !tt.valid && !errors.Is(err, carecoord.ErrInvalid) {
			t.Errorf("NewDate(%d, %d, %d) error = %v, want one matching ErrInvalid", tt.y, tt.m, tt.d, err)
		}
	}
}

func TestArithmetic(t *testing.T) {
	d := civil.MustParse
	tests := []struct {
		name string
		got  civil.Date
		want civil.Date
	}{
		{"leap day from Feb 28", d("2024-02-28").AddDays(1), d("2024-02-29")},
		{"over leap day", d("2024-02-28").AddDays(2), d("2024-03-01")},
		{"2100 has no Feb 29", d("2100-02-28").AddDays(1), d("2100-03-01")},
		{"year end", d("2025-12-31").AddDays(1), d("2026-01-01")},
		{"backwards over year end", d("2026-01-01").AddDays(-1), d("2025-12-31")},
		{"366 days in 2024", d("2024-01-01").AddDays(366), d("2025-01-01")},
		{"TCM period end", d("2025-08-29").AddDays(29), d("2025-09-27")},
		{"Jan 31 + 1 month in leap year", d("2024-01-31").AddMonths(1), d("2024-02-29")},
		{"Jan 31 + 1 month", d("2025-01-31").AddMonths(1), d("2025-02-28")},
		{"Mar 31 - 1 month", d("2025-03-31").AddMonths(-1), d("2025-02-28")},
		{"Aug 31 + 1 month", d("2025-08-31").AddMonths(1), d("2025-09-30")},
		{"Feb 29 + 12 months", d("2024-02-29").AddMonths(12), d("2025-02-28")},
		{"Nov 15 + 3 months", d("2025-11-15").AddMonths(3), d("2026-02-15")},
		{"Feb 15 - 14 months", d("2026-02-15").AddMonths(-14), d("2024-12-15")},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	if n := d("2025-01-01").DaysSince(d("2024-01-01")); n != 366 {
		t.Errorf("days in 2024 = %d, want 366", n)
	}
	if n := d("2101-01-01").DaysSince(d("2100-01-01")); n != 365 {
		t.Errorf("days in 2100 = %d, want 365", n)
	}
}

func TestOutOfRangeArithmeticIsInvalid(t *testing.T) {
	last, first := civil.MustParse("9999-12-31"), civil.MustParse("0001-01-01")
	for _, got := range []civil.Date{
		last.AddDays(1), first.AddDays(-1), last.AddMonths(1), first.AddMonths(-1),
		first.AddDays(1 << 40), last.AddDays(-1 << 40), first.AddMonths(1 << 40),
		last.AddDays(1).AddDays(-1), // invalid stays invalid
	} {
		if got.IsValid() || got.IsZero() {
			t.Errorf("out-of-range arithmetic gave %v (valid %v, zero %v); want invalid, not zero", got, got.IsValid(), got.IsZero())
		}
		if _, err := got.MarshalText(); err == nil {
			t.Errorf("MarshalText(%v) succeeded for an invalid date", got)
		}
	}
	if got := civil.USFederal().AddBusinessDays(last, 1); got.IsValid() {
		t.Errorf("AddBusinessDays past 9999-12-31 = %v, want invalid", got)
	}
}

func TestZeroDate(t *testing.T) {
	var z civil.Date
	if z.IsValid() || !z.IsZero() {
		t.Errorf("zero Date: IsValid %v, IsZero %v", z.IsValid(), z.IsZero())
	}
	if _, err := json.Marshal(z); err == nil {
		t.Error("json.Marshal(zero Date) succeeded; a missing required date must fail")
	}
	type rec struct {
		Due civil.Date `json:"due,omitzero"`
	}
	b, err := json.Marshal(rec{})
	if err != nil || string(b) != "{}" {
		t.Errorf("json.Marshal(omitzero) = %s, %v; want {}", b, err)
	}
	if y, m, d := z.YMD(); y != 0 || m != 0 || d != 0 {
		t.Errorf("zero YMD = %d-%d-%d", y, m, d)
	}
	if z.AddDays(3) != z || z.DaysSince(civil.MustParse("2025-01-01")) != 0 {
		t.Error("arithmetic on the zero Date must leave it unset")
	}
}

func TestJSON(t *testing.T) {
	type rec struct {
		Discharged civil.Date  `json:"discharged"`
		Period     civil.Range `json:"period"`
	}
	in := rec{civil.MustParse("2025-08-29"), civil.Range{Start: civil.MustParse("2025-01-01"), End: civil.MustParse("2025-12-31")}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"discharged":"2025-08-29","period":{"start":"2025-01-01","end":"2025-12-31"}}`
	if string(b) != want {
		t.Errorf("json.Marshal = %s, want %s", b, want)
	}
	var out rec
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, out); diff != "" {
		t.Errorf("JSON round trip mismatch (-want +got):\n%s", diff)
	}
	for _, bad := range []string{`{"discharged":"2025-02-29"}`, `{"discharged":20250101}`, `{"discharged":"2025-1-1"}`, `{"discharged":true}`} {
		if err := json.Unmarshal([]byte(bad), &out); err == nil {
			t.Errorf("json.Unmarshal(%s) succeeded", bad)
		}
	}
	var d civil.Date
	if err := json.Unmarshal([]byte(`null`), &d); err != nil || !d.IsZero() {
		t.Errorf("json.Unmarshal(null) = %v, %v; want zero, nil", d, err)
	}
}

func TestAgreesWithTimePackage(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := civiltest.Date().Draw(t, "d")
		y, m, day := d.YMD()
		tm := time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
		if ty, tmo, td := tm.Date(); ty != y || tmo != m || td != day {
			t.Fatalf("%v: YMD %d-%d-%d does not name a real day", d, y, m, day)
		}
		if tm.Weekday() != d.Weekday() {
			t.Fatalf("%v: Weekday = %v, time says %v", d, d.Weekday(), tm.Weekday())
		}
		if civil.DateOf(tm) != d || !d.In(time.UTC).Equal(tm) {
			t.Fatalf("%v: DateOf/In do not round-trip", d)
		}
		n := rapid.IntRange(-3000, 3000).Draw(t, "n")
		want := civil.DateOf(tm.AddDate(0, 0, n))
		if got := d.AddDays(n); want.IsValid() && got != want {
			t.Fatalf("%v.AddDays(%d) = %v, time says %v", d, n, got, want)
		}
	})
}

func TestDateOfUsesTheInstantsOwnZone(t *testing.T) {
	ny := time.FixedZone("EST", -5*3600)
	// 23:30 on 2025-03-08 in New York is already 2025-03-09 in UTC: the local date is the fact.
	at := time.Date(2025, 3, 8, 23, 30, 0, 0, ny)
	if got := civil.DateOf(at); got != civil.MustParse("2025-03-08") {
		t.Errorf("DateOf(local) = %v, want 2025-03-08", got)
	}
	if got := civil.DateOf(at.UTC()); got != civil.MustParse("2025-03-09") {
		t.Errorf("DateOf(UTC) = %v, want 2025-03-09", got)
	}
	if got := civil.MustParse("2025-03-08").In(ny); !got.Equal(time.Date(2025, 3, 8, 0, 0, 0, 0, ny)) {
		t.Errorf("In(ny) = %v", got)
	}
}

func TestDateProperties(t *testing.T) {
	t.Run("ParseStringRoundTrip", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			d := civiltest.Date().Draw(t, "d")
			got, err := civil.Parse(d.String())
			if err != nil || got != d {
				t.Fatalf("Parse(%q) = %v, %v; want %v", d.String(), got, err, d)
			}
			var j civil.Date
			b, err := json.Marshal(d)
			if err != nil || json.Unmarshal(b, &j) != nil || j != d {
				t.Fatalf("JSON round trip of %v: %s, %v -> %v", d, b, err, j)
			}
		})
	})
	t.Run("AddDaysDaysSince", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			d := civiltest.Date().Draw(t, "d")
			n := rapid.IntRange(-4_000_000, 4_000_000).Draw(t, "n")
			e := d.AddDays(n)
			if !e.IsValid() {
				t.Skip("out of range")
			}
			if got := e.DaysSince(d); got != n {
				t.Fatalf("%v.AddDays(%d).DaysSince(%v) = %d", d, n, d, got)
			}
			if (n > 0) != e.After(d) || (n < 0) != e.Before(d) || (n == 0) != (e.Compare(d) == 0) {
				t.Fatalf("%v vs %v (n=%d): ordering disagrees with n", e, d, n)
			}
		})
	})
	t.Run("AddMonthsKeepsDayOrClamps", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			d := civiltest.Recent().Draw(t, "d")
			n := rapid.IntRange(-240, 240).Draw(t, "n")
			e := d.AddMonths(n)
			y, m, day := d.YMD()
			ey, em, eday := e.YMD()
			if (ey*12+int(em))-(y*12+int(m)) != n {
				t.Fatalf("%v.AddMonths(%d) = %v: wrong month", d, n, e)
			}
			if eday != day && (eday > day || e.AddDays(1).Month() == em) {
				t.Fatalf("%v.AddMonths(%d) = %v: day changed without clamping to month end", d, n, e)
			}
		})
	})
}

// Every supported day, from 0001-01-01 to 9999-12-31, against package time.
func TestYMDEveryDay(t *testing.T) {
	tm := time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC)
	day := civil.MustParse("0001-01-01")
	for ; day.IsValid(); day = day.AddDays(1) {
		y, m, dd := day.YMD()
		ty, tmo, td := tm.Date()
		if y != ty || m != tmo || dd != td || day.Weekday() != tm.Weekday() {
			t.Fatalf("%d-%d-%d (%v) after %v, time says %d-%d-%d (%v)", y, m, dd, day.Weekday(), day.AddDays(-1), ty, tmo, td, tm.Weekday())
		}
		if back, err := civil.NewDate(y, m, dd); err != nil || back != day {
			t.Fatalf("NewDate(%d, %d, %d) = %v, %v; want %v", y, m, dd, back, err, day)
		}
		tm = tm.AddDate(0, 0, 1)
	}
	if y, _, _ := tm.Date(); y != 10000 {
		t.Fatalf("walk stopped at %v, want 10000-01-01", tm)
	}
}

func TestSQL(t *testing.T) {
	v, err := civil.MustParse("2025-08-29").Value()
	if err != nil || v != "2025-08-29" {
		t.Errorf("Value() = %v, %v; want \"2025-08-29\"", v, err)
	}
	if v, err := (civil.Date{}).Value(); v != nil || err != nil {
		t.Errorf("zero Value() = %v, %v; want NULL", v, err)
	}
	if _, err := civil.MustParse("9999-12-31").AddDays(1).Value(); !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("invalid Value() error = %v", err)
	}
	ny := time.FixedZone("EST", -5*3600)
	for _, tt := range []struct {
		src  any
		want string // "" for the zero Date; "error" for an error
	}{
		{nil, ""},
		{"2025-08-29", "2025-08-29"},
		{[]byte("2024-02-29"), "2024-02-29"},
		{time.Date(2025, 8, 29, 0, 0, 0, 0, time.UTC), "2025-08-29"},
		{time.Date(2025, 8, 29, 23, 30, 0, 0, ny), "2025-08-29"}, // its own location's date
		{"2025-02-29", "error"},
		{int64(20250829), "error"},
		{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), "error"},
	} {
		d := civil.MustParse("2000-01-01") // Scan must overwrite it
		err := d.Scan(tt.src)
		switch {
		case tt.want == "error":
			if !errors.Is(err, carecoord.ErrInvalid) {
				t.Errorf("Scan(%#v) error = %v, want ErrInvalid", tt.src, err)
			}
		case err != nil:
			t.Errorf("Scan(%#v) error = %v", tt.src, err)
		case tt.want == "" && !d.IsZero(), tt.want != "" && d.String() != tt.want:
			t.Errorf("Scan(%#v) = %v, want %q", tt.src, d, tt.want)
		}
	}
}

func TestUnmarshalJSONEscapes(t *testing.T) {
	var d civil.Date
	if err := json.Unmarshal([]byte(`"\u0032025-08-29"`), &d); err != nil || d != civil.MustParse("2025-08-29") {
		t.Errorf("escaped JSON date = %v, %v", d, err)
	}
	if err := json.Unmarshal([]byte(`"2025-08-29\n"`), &d); err == nil {
		t.Error("a date with an escaped newline was accepted")
	}
}

func TestRangeValidateCodes(t *testing.T) {
	bad := civil.Range{Start: civil.MustParse("9999-12-31").AddDays(1), End: civil.MustParse("2025-01-01")}
	var list carecoord.FieldErrors
	if err := bad.Validate(); !errors.As(err, &list) || !list.Has("start", carecoord.FieldInvalid) || len(list) != 1 {
		t.Errorf("Validate(out-of-range start) = %v; want start invalid only", err)
	}
}
