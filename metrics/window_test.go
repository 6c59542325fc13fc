package metrics_test

import (
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/civil/civiltest"
	"github.com/carecoord/carecoord/internal/fieldtest"
	"github.com/carecoord/carecoord/metrics"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// utPC is a validation problem as the tests compare it: path and code, never the detail.
type utPC struct {
	Path string
	Code carecoord.FieldCode
}

func TestWindowValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		w    metrics.Window
		want []utPC
	}{
		{"zero: day 0 only", metrics.Window{}, nil},
		{"FUH 7-day", metrics.Window{From: 1, To: 7}, nil},
		{"FMC", metrics.Window{From: 0, To: 7}, nil},
		{"before the event", metrics.Window{From: -30, To: -1}, nil},
		{"ten years each way, the limits", metrics.Window{From: -3660, To: 3660}, nil},
		{"from one past the lower limit", metrics.Window{From: -3661, To: 0}, []utPC{{"from", carecoord.FieldOutOfRange}}},
		{"to one past the upper limit", metrics.Window{From: 0, To: 3661}, []utPC{{"to", carecoord.FieldOutOfRange}}},
		{"to before from", metrics.Window{From: 5, To: 4}, []utPC{{"to", carecoord.FieldInvalid}}},
		{"everything wrong", metrics.Window{From: 3661, To: -3661}, []utPC{
			{"from", carecoord.FieldOutOfRange}, {"to", carecoord.FieldOutOfRange}, {"to", carecoord.FieldInvalid}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := fieldtest.PathCodes[utPC](t, tc.w.Validate())
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%v.Validate() mismatch (-want +got):\n%s", tc.w, diff)
			}
		})
	}
}

func TestWindowRange(t *testing.T) {
	d := civil.MustParse
	for _, tc := range []struct {
		name  string
		w     metrics.Window
		event string
		want  civil.Range
		days  int
	}{
		{"30-day readmission over a leap February", metrics.Window{From: 1, To: 30}, "2024-01-31", civil.Range{Start: d("2024-02-01"), End: d("2024-03-01")}, 30},
		{"TRC 0..30 includes the event day", metrics.Window{From: 0, To: 30}, "2025-12-15", civil.Range{Start: d("2025-12-15"), End: d("2026-01-14")}, 31},
		{"zero window is the event day", metrics.Window{}, "2025-03-09", civil.Range{Start: d("2025-03-09"), End: d("2025-03-09")}, 1},
		{"before the event", metrics.Window{From: -365, To: -1}, "2025-01-01", civil.Range{Start: d("2024-01-02"), End: d("2024-12-31")}, 365},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.w.Range(d(tc.event))
			if got != tc.want || got.Days() != tc.days {
				t.Errorf("%v.Range(%s) = %v (%d days), want %v (%d days)", tc.w, tc.event, got, got.Days(), tc.want, tc.days)
			}
		})
	}
	if r := (metrics.Window{From: 1, To: 30}).Range(civil.Date{}); !r.IsEmpty() {
		t.Errorf("Range(zero date) = %v, want an empty range", r)
	}
	if r := (metrics.Window{From: 1, To: 30}).Range(d("9999-12-20")); !r.IsEmpty() {
		t.Errorf("Range past 9999-12-31 = %v, want an empty range", r)
	}
}

func TestWindowContainsEdges(t *testing.T) {
	event := civil.MustParse("2025-02-27")
	for _, tc := range []struct {
		w      metrics.Window
		offset int
		want   bool
	}{
		{metrics.Window{From: 1, To: 7}, 0, false}, // FUH: a visit on the discharge day does not count
		{metrics.Window{From: 1, To: 7}, 1, true},
		{metrics.Window{From: 1, To: 7}, 7, true},
		{metrics.Window{From: 1, To: 7}, 8, false},
		{metrics.Window{From: 0, To: 7}, -1, false}, // FMC: the ED visit day counts, the day before does not
		{metrics.Window{From: 0, To: 7}, 0, true},
		{metrics.Window{From: 0, To: 7}, 7, true},
		{metrics.Window{From: 0, To: 7}, 8, false},
		{metrics.Window{}, 0, true},
		{metrics.Window{}, 1, false},
		{metrics.Window{}, -1, false},
		{metrics.Window{From: -3, To: -1}, -3, true},
		{metrics.Window{From: -3, To: -1}, 0, false},
		{metrics.Window{From: 5, To: 4}, 4, false}, // an invalid window contains nothing
		{metrics.Window{From: 5, To: 4}, 5, false},
	} {
		day := event.AddDays(tc.offset)
		if got := tc.w.Contains(event, day); got != tc.want {
			t.Errorf("%v.Contains(%s, %s) = %v, want %v", tc.w, event, day, got, tc.want)
		}
	}
	w := metrics.Window{From: 0, To: 30}
	for _, tc := range []struct{ event, day civil.Date }{
		{civil.Date{}, event},
		{event, civil.Date{}},
		{civil.Date{}, civil.Date{}}, // both zero: 0 days apart, but no day is in a window of no event
	} {
		if w.Contains(tc.event, tc.day) {
			t.Errorf("%v.Contains(%s, %s) = true, want false", w, tc.event, tc.day)
		}
	}
}

// TestWindowContainsAgreesWithRange: for any valid window and event, a day is in the window
// exactly when it is in the window's range.
func TestWindowContainsAgreesWithRange(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		from := rapid.IntRange(-60, 60).Draw(t, "from")
		w := metrics.Window{From: from, To: from + rapid.IntRange(0, 60).Draw(t, "length")}
		if err := w.Validate(); err != nil {
			t.Fatalf("%v.Validate() = %v", w, err)
		}
		event := civiltest.Recent().Draw(t, "event")
		day := event.AddDays(rapid.IntRange(-130, 130).Draw(t, "offset"))
		if got, want := w.Contains(event, day), w.Range(event).Contains(day); got != want {
			t.Fatalf("%v.Contains(%s, %s) = %v, Range(...).Contains = %v", w, event, day, got, want)
		}
		if got, want := w.Range(event).Days(), w.To-w.From+1; got != want {
			t.Fatalf("%v.Range(%s).Days() = %d, want %d", w, event, got, want)
		}
	})
}

func TestWindowString(t *testing.T) {
	for w, want := range map[metrics.Window]string{
		{}:                 "0..0",
		{From: 1, To: 30}:  "1..30",
		{From: -7, To: -1}: "-7..-1",
	} {
		if got := w.String(); got != want {
			t.Errorf("%#v.String() = %q, want %q", w, got, want)
		}
	}
}
