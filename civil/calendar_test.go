package civil_test

import (
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/civil/civiltest"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

var d = civil.MustParse

// Observed federal holidays that move off their legal date, 2021–2028, from
// ../shared/specs/careplan-referral-transition-sdoh.md §3.3 (computed from 5 U.S.C. § 6103 and
// OPM's rules, cross-checked there against OPM's published dates for 2016–2022).
func TestFederalHolidayShifts(t *testing.T) {
	type shift struct {
		Holiday         civil.FederalHoliday
		Legal, Observed string
	}
	want := map[int][]shift{
		2021: {{civil.JuneteenthDay, "2021-06-19", "2021-06-18"}, {civil.IndependenceDay, "2021-07-04", "2021-07-05"}, {civil.ChristmasDay, "2021-12-25", "2021-12-24"}},
		2022: {{civil.NewYearsDay, "2022-01-01", "2021-12-31"}, {civil.JuneteenthDay, "2022-06-19", "2022-06-20"}, {civil.ChristmasDay, "2022-12-25", "2022-12-26"}},
		2023: {{civil.NewYearsDay, "2023-01-01", "2023-01-02"}, {civil.VeteransDay, "2023-11-11", "2023-11-10"}},
		2024: nil,
		2025: nil,
		2026: {{civil.IndependenceDay, "2026-07-04", "2026-07-03"}},
		2027: {{civil.JuneteenthDay, "2027-06-19", "2027-06-18"}, {civil.IndependenceDay, "2027-07-04", "2027-07-05"}, {civil.ChristmasDay, "2027-12-25", "2027-12-24"}},
		2028: {{civil.NewYearsDay, "2028-01-01", "2027-12-31"}, {civil.VeteransDay, "2028-11-11", "2028-11-10"}},
	}
	for year, shifts := range want {
		var got []shift
		hs := civil.FederalHolidays(year)
		if len(hs) != 11 {
			t.Errorf("FederalHolidays(%d) has %d holidays, want 11", year, len(hs))
		}
		for _, h := range hs {
			if h.Date.Year() != year {
				t.Errorf("FederalHolidays(%d): %s legal date %v is in another year", year, h.Holiday, h.Date)
			}
			if h.Observed != h.Date {
				got = append(got, shift{h.Holiday, h.Date.String(), h.Observed.String()})
			}
		}
		if diff := cmp.Diff(shifts, got); diff != "" {
			t.Errorf("FederalHolidays(%d) shifts mismatch (-want +got):\n%s", year, diff)
		}
	}
}

func TestFederalHolidays2026(t *testing.T) {
	// The full 2026 observed list from the spec, §3.3.
	want := []string{"2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03",
		"2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25"}
	var got []string
	for _, h := range civil.FederalHolidays(2026) {
		got = append(got, h.Observed.String())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("2026 observed holidays mismatch (-want +got):\n%s", diff)
	}
	var names []civil.FederalHoliday
	for _, h := range civil.FederalHolidays(2026) {
		names = append(names, h.Holiday)
	}
	if diff := cmp.Diff(civil.AllFederalHolidays(), names); diff != "" {
		t.Errorf("2026 holiday order mismatch (-want +got):\n%s", diff)
	}
}

func TestFederalHolidaysByEra(t *testing.T) {
	for _, tt := range []struct {
		year, n int
	}{{1985, 9}, {1986, 10}, {2020, 10}, {2021, 11}, {0, 0}, {10000, 0}} {
		if got := len(civil.FederalHolidays(tt.year)); got != tt.n {
			t.Errorf("len(FederalHolidays(%d)) = %d, want %d", tt.year, got, tt.n)
		}
	}
	// Juneteenth is absent before 2021: recomputing 2020 must not close 2020-06-19.
	if h, ok := civil.FederalHolidayOn(d("2020-06-19")); ok {
		t.Errorf("FederalHolidayOn(2020-06-19) = %s; Juneteenth starts in 2021", h)
	}
	// Inauguration Day is not a federal holiday by default (2025-01-20 was MLK Day anyway).
	if _, ok := civil.FederalHolidayOn(d("2029-01-22")); ok { // hypothetical: only MLK-free Mondays
		if h, _ := civil.FederalHolidayOn(d("2029-01-22")); h != civil.MartinLutherKingDay {
			t.Errorf("2029-01-22 is a holiday other than MLK Day")
		}
	}
	if _, ok := civil.FederalHolidayOn(d("2021-01-20")); ok {
		t.Error("Inauguration Day 2021-01-20 is not a federal holiday")
	}
	// The day after Thanksgiving and Christmas Eve are business days (spec §3.2).
	for _, day := range []string{"2025-11-28", "2025-12-24", "2026-11-27"} {
		if !civil.USFederal().IsBusinessDay(d(day)) {
			t.Errorf("%s must be a business day under the federal calendar", day)
		}
	}
}

// FederalHolidayOn (a per-day check) and FederalHolidays (the year's list built from the rules)
// are two implementations; they must agree on every day.
func TestFederalHolidayOnAgreesWithList(t *testing.T) {
	// Recent years, and the years around both ends of the generated holiday table, where
	// FederalHolidayOn switches between the table and the rules.
	var years []int
	for _, span := range [][2]int{{1895, 1905}, {1980, 2060}, {2195, 2205}} {
		for y := span[0]; y <= span[1]; y++ {
			years = append(years, y)
		}
	}
	for _, year := range years {
		want := map[civil.Date]civil.FederalHoliday{}
		for y := year; y <= year+1; y++ {
			for _, h := range civil.FederalHolidays(y) {
				want[h.Observed] = h.Holiday
			}
		}
		first, _ := civil.NewDate(year, time.January, 1)
		last, _ := civil.NewDate(year, time.December, 31)
		for x := range (civil.Range{Start: first, End: last}).All() {
			got, ok := civil.FederalHolidayOn(x)
			if w, wok := want[x]; ok != wok || got != w {
				t.Fatalf("FederalHolidayOn(%v) = %q, %v; the year's list says %q, %v", x, got, ok, w, wok)
			}
			if biz := civil.USFederal().IsBusinessDay(x); biz == ok && x.Weekday() != time.Saturday && x.Weekday() != time.Sunday {
				t.Fatalf("USFederal().IsBusinessDay(%v) = %v, but holiday = %v", x, biz, ok)
			}
		}
	}
}

// TCM contact deadlines (CPT 99495/99496): contact within 2 business days after discharge,
// face-to-face within 7 or 14 calendar days, service period of 30 days from the discharge day.
// Every row of the table in ../shared/specs/careplan-referral-transition-sdoh.md §3.3.
func TestTCMDeadlines(t *testing.T) {
	tests := []struct {
		discharge, contact, f2f7, f2f14, periodEnd string
		why                                        string
	}{
		{"2025-08-29", "2025-09-03", "2025-09-05", "2025-09-12", "2025-09-27", "Labor Day Mon 09-01"},
		{"2026-01-16", "2026-01-21", "2026-01-23", "2026-01-30", "2026-02-14", "MLK Day Mon 01-19"},
		{"2025-12-24", "2025-12-29", "2025-12-31", "2026-01-07", "2026-01-22", "Christmas Thu; Fri 12-26 is a business day"},
		{"2021-12-30", "2022-01-04", "2022-01-06", "2022-01-13", "2022-01-28", "New Year 2022 observed Fri 2021-12-31"},
		{"2026-07-02", "2026-07-07", "2026-07-09", "2026-07-16", "2026-07-31", "July 4 observed Fri 07-03"},
		{"2027-12-23", "2027-12-28", "2027-12-30", "2028-01-06", "2028-01-21", "Christmas observed Fri 12-24"},
		{"2025-11-26", "2025-12-01", "2025-12-03", "2025-12-10", "2025-12-25", "Thanksgiving Thu; Fri is not a holiday"},
		{"2025-11-27", "2025-12-01", "2025-12-04", "2025-12-11", "2025-12-26", "discharge on the holiday itself"},
		{"2025-08-30", "2025-09-03", "2025-09-06", "2025-09-13", "2025-09-28", "weekend discharge before a holiday"},
		{"2025-09-01", "2025-09-03", "2025-09-08", "2025-09-15", "2025-09-30", "discharge on Labor Day"},
		{"2024-12-31", "2025-01-03", "2025-01-07", "2025-01-14", "2025-01-29", "New Year Wed"},
	}
	cal := civil.USFederal()
	for _, tt := range tests {
		t.Run(tt.discharge, func(t *testing.T) {
			dis := d(tt.discharge)
			contact := cal.AddBusinessDays(dis, 2)
			if contact != d(tt.contact) {
				t.Errorf("contact due = %v (%v), want %s (%s)", contact, contact.Weekday(), tt.contact, tt.why)
			}
			if n := cal.BusinessDaysBetween(dis, contact); n != 2 {
				t.Errorf("BusinessDaysBetween(discharge, contact due) = %d, want 2", n)
			}
			if got := dis.AddDays(7); got != d(tt.f2f7) {
				t.Errorf("99496 face-to-face by %v, want %s", got, tt.f2f7)
			}
			if got := dis.AddDays(14); got != d(tt.f2f14) {
				t.Errorf("99495 face-to-face by %v, want %s", got, tt.f2f14)
			}
			period := civil.Range{Start: dis, End: dis.AddDays(29)}
			if period.End != d(tt.periodEnd) || period.Days() != 30 {
				t.Errorf("service period = %v (%d days), want through %s (30 days)", period, period.Days(), tt.periodEnd)
			}
			// Both edges of each inclusive window, and the days just outside.
			windows := []civil.Range{period, {Start: dis, End: d(tt.f2f7)}, {Start: dis, End: d(tt.f2f14)}, {Start: dis, End: contact}}
			for _, w := range windows {
				if !w.Contains(w.Start) || !w.Contains(w.End) {
					t.Errorf("%v does not contain its own edges", w)
				}
				if w.Contains(w.Start.AddDays(-1)) || w.Contains(w.End.AddDays(1)) {
					t.Errorf("%v contains a day outside it", w)
				}
			}
		})
	}
}

func TestOrganisationCalendars(t *testing.T) {
	// A clinic on a Friday–Saturday weekend with no federal holidays, closed one extra day and
	// open one Saturday.
	c, err := civil.NewCalendar(time.Friday, time.Saturday)
	if err != nil {
		t.Fatal(err)
	}
	c = c.WithClosures(d("2025-09-01"), d("2025-09-01"), civil.Date{}).WithOpenDays(d("2025-09-06"))
	for day, want := range map[string]bool{
		"2025-08-29": false, // Friday: weekend
		"2025-08-30": false, // Saturday: weekend
		"2025-08-31": true,  // Sunday: a working day here
		"2025-09-01": false, // Labor Day is not kept, but it is a closure
		"2025-09-06": true,  // an open Saturday
		"2025-11-27": true,  // Thanksgiving: no federal holidays on this calendar
	} {
		if got := c.IsBusinessDay(d(day)); got != want {
			t.Errorf("IsBusinessDay(%s) = %v, want %v", day, got, want)
		}
	}
	if diff := cmp.Diff([]time.Weekday{time.Friday, time.Saturday}, c.Weekend()); diff != "" {
		t.Errorf("Weekend() mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]civil.Date{d("2025-09-01")}, c.Closures()); diff != "" {
		t.Errorf("Closures() mismatch (-want +got):\n%s", diff)
	}
	// The last call wins between closures and open days.
	if c2 := c.WithClosures(d("2025-09-06")); c2.IsBusinessDay(d("2025-09-06")) || len(c2.OpenDays()) != 0 {
		t.Error("WithClosures must undo an open day")
	}
	if c3 := c.WithOpenDays(d("2025-09-01")); !c3.IsBusinessDay(d("2025-09-01")) || len(c3.Closures()) != 0 {
		t.Error("WithOpenDays must undo a closure")
	}
	// With… never changes the receiver.
	if len(c.OpenDays()) != 1 || len(c.Closures()) != 1 {
		t.Error("a With… call changed its receiver")
	}

	// A practice on the federal calendar that stays open on Columbus and Veterans Day and closes
	// the day after Thanksgiving.
	p := civil.USFederal().WithoutFederalHolidays(civil.ColumbusDay, civil.VeteransDay).WithClosures(d("2025-11-28"))
	for day, want := range map[string]bool{"2025-10-13": true, "2025-11-11": true, "2025-11-27": false, "2025-11-28": false, "2025-12-01": true} {
		if got := p.IsBusinessDay(d(day)); got != want {
			t.Errorf("practice IsBusinessDay(%s) = %v, want %v", day, got, want)
		}
	}
	if got := p.AddBusinessDays(d("2025-11-26"), 2); got != d("2025-12-02") {
		t.Errorf("practice: 2 business days after 2025-11-26 = %v, want 2025-12-02", got)
	}
	if n := len(p.FederalHolidays()); n != 9 {
		t.Errorf("practice keeps %d federal holidays, want 9", n)
	}
	if n := len(civil.USFederal().WithoutFederalHolidays().FederalHolidays()); n != 0 {
		t.Errorf("WithoutFederalHolidays() kept %d", n)
	}
}

func TestNewCalendarErrors(t *testing.T) {
	all := []time.Weekday{0, 1, 2, 3, 4, 5, 6}
	for _, wd := range [][]time.Weekday{all, {7}, {-1}} {
		_, err := civil.NewCalendar(wd...)
		var fe *carecoord.FieldError
		if !errors.Is(err, carecoord.ErrInvalid) || !errors.As(err, &fe) || fe.Path != "weekend" {
			t.Errorf("NewCalendar(%v) error = %v; want a FieldError at weekend", wd, err)
		}
	}
}

func TestZeroCalendarOpensEveryDay(t *testing.T) {
	var c civil.Calendar
	if got := c.AddBusinessDays(d("2025-08-29"), 2); got != d("2025-08-31") {
		t.Errorf("zero Calendar: AddBusinessDays = %v, want 2025-08-31", got)
	}
	if n := c.BusinessDaysBetween(d("2025-01-01"), d("2026-01-01")); n != 365 {
		t.Errorf("zero Calendar: BusinessDaysBetween over 2025 = %d, want 365", n)
	}
}

func TestWhyClosed(t *testing.T) {
	c := civil.USFederal().WithClosures(d("2025-11-28")).WithOpenDays(d("2025-11-11"))
	for _, tt := range []struct {
		day  string
		want civil.Closed
		text string
	}{
		{"2025-09-01", civil.Closed{Kind: civil.ClosedHoliday, Holiday: civil.LaborDay}, "Labor Day"},
		{"2026-07-03", civil.Closed{Kind: civil.ClosedHoliday, Holiday: civil.IndependenceDay, Observed: true}, "Independence Day (observed)"},
		{"2021-12-31", civil.Closed{Kind: civil.ClosedHoliday, Holiday: civil.NewYearsDay, Observed: true}, "New Year's Day (observed)"},
		{"2022-06-20", civil.Closed{Kind: civil.ClosedHoliday, Holiday: civil.JuneteenthDay, Observed: true}, "Juneteenth National Independence Day (observed)"},
		{"2025-08-30", civil.Closed{Kind: civil.ClosedWeekend}, "weekend"},
		{"2025-11-28", civil.Closed{Kind: civil.ClosedClosure}, "closure"},
		{"2025-11-11", civil.Closed{}, ""}, // Veterans Day, but an open day here
		{"2025-09-02", civil.Closed{}, ""},
		{"", civil.Closed{Kind: civil.ClosedInvalid}, "invalid date"},
	} {
		var day civil.Date
		if tt.day != "" {
			day = d(tt.day)
		}
		got, closed := c.WhyClosed(day)
		if got != tt.want || closed != (tt.want.Kind != "") || (closed && got.String() != tt.text) {
			t.Errorf("WhyClosed(%s) = %+v (%q), %v; want %+v (%q)", tt.day, got, got, closed, tt.want, tt.text)
		}
	}
}

func TestCalendarEqual(t *testing.T) {
	a := civil.USFederal().WithClosures(d("2025-11-28"), d("2025-12-24"))
	b := civil.USFederal().WithClosures(d("2025-12-24")).WithClosures(d("2025-11-28"))
	if !a.Equal(b) || cmp.Diff(a, b) != "" {
		t.Error("calendars built in a different order are not Equal")
	}
	if a.Equal(civil.USFederal()) || a.Equal(a.WithoutFederalHolidays(civil.ColumbusDay)) || a.Equal(a.WithOpenDays(d("2025-11-29"))) {
		t.Error("different calendars are Equal")
	}
}

func TestBusinessDayEdges(t *testing.T) {
	cal := civil.USFederal()
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2025-08-29", 0, "2025-08-29"},
		{"2025-08-30", 0, "2025-08-30"},  // 0 returns the day itself even when closed
		{"2025-08-30", 1, "2025-09-02"},  // Saturday before Labor Day
		{"2025-09-03", -1, "2025-09-02"}, // backwards
		{"2025-09-02", -1, "2025-08-29"}, // backwards over Labor Day and the weekend
		{"2025-08-30", -1, "2025-08-29"}, // from a Saturday
		{"2025-12-31", 1, "2026-01-02"},
		{"2025-01-01", 250, "2025-12-31"}, // 2025 has 250 business days and 1 January is a holiday
		{"2024-02-28", 1, "2024-02-29"},   // leap day is a Thursday
	}
	for _, tt := range tests {
		if got := cal.AddBusinessDays(d(tt.from), tt.n); got != d(tt.want) {
			t.Errorf("AddBusinessDays(%s, %d) = %v, want %s", tt.from, tt.n, got, tt.want)
		}
		if got := cal.BusinessDaysBetween(d(tt.from), d(tt.want)); tt.n != 0 && got != tt.n {
			t.Errorf("BusinessDaysBetween(%s, %s) = %d, want %d", tt.from, tt.want, got, tt.n)
		}
	}
	// 2025: 365 days, 104 weekend days, 11 federal holidays on weekdays = 250 business days.
	if n := cal.BusinessDaysBetween(d("2024-12-31"), d("2025-12-31")); n != 250 {
		t.Errorf("business days in 2025 = %d, want 250", n)
	}
	if n := cal.BusinessDaysBetween(d("2025-12-31"), d("2024-12-31")); n != -250 {
		t.Errorf("business days in 2025 counted backwards = %d, want -250", n)
	}
	for _, n := range []int{math.MinInt, math.MaxInt, -1 << 40, 1 << 40} {
		if got := cal.AddBusinessDays(d("2025-01-01"), n); got.IsValid() {
			t.Errorf("AddBusinessDays(2025-01-01, %d) = %v, want an invalid date", n, got)
		}
	}
	if cal.IsBusinessDay(civil.Date{}) || cal.BusinessDaysBetween(civil.Date{}, d("2025-01-01")) != 0 {
		t.Error("the zero Date is never a business day and counts nothing")
	}
}

func TestBusinessDayProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cal := rapid.OneOf(rapid.Just(civil.USFederal()), civiltest.Calendar()).Draw(t, "cal")
		a := civiltest.Recent().Draw(t, "a")
		n := rapid.IntRange(-60, 60).Draw(t, "n")
		b := cal.AddBusinessDays(a, n)
		if n != 0 && !cal.IsBusinessDay(b) {
			t.Fatalf("AddBusinessDays(%v, %d) = %v, not a business day", a, n, b)
		}
		if got := cal.BusinessDaysBetween(a, b); got != n {
			t.Fatalf("BusinessDaysBetween(%v, AddBusinessDays(%v, %d) = %v) = %d", a, a, n, b, got)
		}
		if next := cal.AddBusinessDays(a, n+1); !next.After(b) {
			t.Fatalf("AddBusinessDays not monotonic: n=%d gives %v, n+1 gives %v", n, b, next)
		}
	})
}

// The week-at-a-time count must agree with looking at every day.
func TestBusinessDaysBetweenAgreesWithDayByDay(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cal := rapid.OneOf(rapid.Just(civil.USFederal()), civiltest.Calendar()).Draw(t, "cal")
		r := civiltest.Range(3*366).Draw(t, "r")
		want := 0
		for x := range r.All() {
			if x != r.Start && cal.IsBusinessDay(x) {
				want++
			}
		}
		if got := cal.BusinessDaysBetween(r.Start, r.End); got != want {
			t.Fatalf("BusinessDaysBetween(%v) = %d, day by day %d", r, got, want)
		}
		want = 0
		for x := range r.All() {
			if x != r.End && cal.IsBusinessDay(x) {
				want++
			}
		}
		if got := cal.BusinessDaysBetween(r.End, r.Start); got != -want {
			t.Fatalf("BusinessDaysBetween(%v backwards) = %d, day by day %d", r, got, -want)
		}
	})
}

func TestRange(t *testing.T) {
	year := civil.Range{Start: d("2025-01-01"), End: d("2025-12-31")}
	if year.Days() != 365 || !year.Contains(d("2025-01-01")) || !year.Contains(d("2025-12-31")) ||
		year.Contains(d("2024-12-31")) || year.Contains(d("2026-01-01")) {
		t.Errorf("measurement year %v: edges wrong", year)
	}
	leap := civil.Range{Start: d("2024-01-01"), End: d("2024-12-31")}
	if leap.Days() != 366 || !leap.Contains(d("2024-02-29")) {
		t.Errorf("2024 has %d days", leap.Days())
	}
	one := civil.Range{Start: d("2025-03-01"), End: d("2025-03-01")}
	if one.Days() != 1 || !one.Contains(d("2025-03-01")) {
		t.Errorf("one-day range %v", one)
	}
	backwards := civil.Range{Start: d("2025-03-02"), End: d("2025-03-01")}
	if backwards.Days() != 0 || backwards.Contains(d("2025-03-01")) || !backwards.IsEmpty() {
		t.Errorf("backwards range %v is not empty", backwards)
	}
	var zero civil.Range
	if zero.Days() != 0 || zero.Contains(civil.Date{}) || len(slices.Collect(zero.All())) != 0 {
		t.Error("zero Range is not empty")
	}
	tests := []struct {
		a, b civil.Range
		want civil.Range
		ok   bool
	}{
		{year, civil.Range{Start: d("2025-12-31"), End: d("2026-01-30")}, civil.Range{Start: d("2025-12-31"), End: d("2025-12-31")}, true},
		{year, civil.Range{Start: d("2026-01-01"), End: d("2026-01-30")}, civil.Range{}, false},
		{year, civil.Range{Start: d("2024-06-01"), End: d("2025-01-01")}, civil.Range{Start: d("2025-01-01"), End: d("2025-01-01")}, true},
		{year, one, one, true},
		{year, backwards, civil.Range{}, false},
	}
	for _, tt := range tests {
		got, ok := tt.a.Overlap(tt.b)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%v.Overlap(%v) = %v, %v; want %v, %v", tt.a, tt.b, got, ok, tt.want, tt.ok)
		}
		if got2, ok2 := tt.b.Overlap(tt.a); got2 != got || ok2 != ok {
			t.Errorf("Overlap is not symmetric for %v and %v", tt.a, tt.b)
		}
	}
	days := slices.Collect(civil.Range{Start: d("2024-02-27"), End: d("2024-03-01")}.All())
	if diff := cmp.Diff([]civil.Date{d("2024-02-27"), d("2024-02-28"), d("2024-02-29"), d("2024-03-01")}, days); diff != "" {
		t.Errorf("All() mismatch (-want +got):\n%s", diff)
	}
	err := backwards.Validate()
	var list carecoord.FieldErrors
	if !errors.As(err, &list) || !list.Has("end", carecoord.FieldInvalid) {
		t.Errorf("backwards.Validate() = %v; want end invalid", err)
	}
	if err := (civil.Range{}).Validate(); !errors.As(err, &list) || !list.Has("start", carecoord.FieldRequired) || !list.Has("end", carecoord.FieldRequired) {
		t.Errorf("zero Range Validate() = %v; want start and end required", err)
	}
	if err := year.Validate(); err != nil {
		t.Errorf("year.Validate() = %v", err)
	}
}

func TestHotPathsDoNotAllocate(t *testing.T) {
	cal := civil.USFederal().WithClosures(d("2025-11-28")).WithOpenDays(d("2025-11-29"))
	a, b := d("2025-08-29"), d("2027-03-01")
	for name, f := range map[string]func(){
		"AddDays":             func() { _ = a.AddDays(10) },
		"AddBusinessDays":     func() { _ = cal.AddBusinessDays(a, 10) },
		"IsBusinessDay":       func() { _ = cal.IsBusinessDay(a) },
		"BusinessDaysBetween": func() { _ = cal.BusinessDaysBetween(a, b) },
		"FederalHolidayOn":    func() { _, _ = civil.FederalHolidayOn(a) },
		"Parse":               func() { _, _ = civil.Parse("2025-08-29") },
		"ParseError":          func() { _, _ = civil.Parse("2025-02-30") },
		"AppendText":          func() { var buf [16]byte; _, _ = a.AppendText(buf[:0]) },
	} {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s allocates %v times per call, want 0", name, n)
		}
	}
}
