package civiltest_test

import (
	"fmt"
	"testing"

	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/civil/civiltest"
	"pgregory.net/rapid"
)

// contactDeadline is a property of a domain rule, checked over generated discharge dates and
// calendars: the TCM contact deadline is a business day exactly two business days after
// discharge.
func contactDeadline(t *rapid.T) {
	cal := civiltest.Calendar().Draw(t, "calendar")
	discharged := civiltest.Recent().Draw(t, "discharged")
	due := cal.AddBusinessDays(discharged, 2)
	if !cal.IsBusinessDay(due) || cal.BusinessDaysBetween(discharged, due) != 2 {
		t.Fatalf("contact due %v after discharge %v", due, discharged)
	}
}

// Generators draw values for rapid properties; Example draws one outside a property.
func ExampleDateIn() {
	year := civil.Range{Start: civil.MustParse("2025-01-01"), End: civil.MustParse("2025-12-31")}
	d := civiltest.DateIn(year.Start, year.End).Example(1)
	fmt.Println(year.Contains(d))
	// Output: true
}

// In a test, hand a property to rapid.Check with the test's *testing.T.
func TestContactDeadline(t *testing.T) { rapid.Check(t, contactDeadline) }

func TestGenerators(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		lo, hi := civil.MustParse("2024-02-28"), civil.MustParse("2024-03-01")
		if d := civiltest.DateIn(lo, hi).Draw(t, "d"); d.Before(lo) || d.After(hi) {
			t.Fatalf("DateIn(%v, %v) drew %v", lo, hi, d)
		}
		if d := civiltest.Date().Draw(t, "any"); !d.IsValid() {
			t.Fatalf("Date drew invalid %v", d)
		}
		r := civiltest.Range(10).Draw(t, "r")
		if r.IsEmpty() || r.Days() > 10 {
			t.Fatalf("Range(10) drew %v (%d days)", r, r.Days())
		}
		cal := civiltest.Calendar().Draw(t, "cal")
		if len(cal.Weekend()) > 6 {
			t.Fatalf("Calendar drew a calendar with no business weekday: %v", cal.Weekend())
		}
	})
}
