package civil_test

import (
	"fmt"
	"time"

	"github.com/carecoord/carecoord/civil"
)

// Transitional Care Management (CPT 99495/99496): the interactive contact is due within two
// business days after discharge. A Friday discharge before Labor Day is due on Wednesday.
func ExampleCalendar_AddBusinessDays() {
	cal := civil.USFederal()
	discharged := civil.MustParse("2025-08-29")
	due := cal.AddBusinessDays(discharged, 2)
	fmt.Println(due, due.Weekday())
	for day := range (civil.Range{Start: discharged.AddDays(1), End: due}).All() {
		if why, closed := cal.WhyClosed(day); closed { // why.Kind and why.Holiday are data to localise
			fmt.Println("skipped", day, why)
		}
	}
	// Output:
	// 2025-09-03 Wednesday
	// skipped 2025-08-30 weekend
	// skipped 2025-08-31 weekend
	// skipped 2025-09-01 Labor Day
}

func ExampleCalendar_BusinessDaysBetween() {
	cal := civil.USFederal()
	fmt.Println(cal.BusinessDaysBetween(civil.MustParse("2025-12-24"), civil.MustParse("2025-12-29")))
	// Output: 2
}

// A clinic's own calendar: Friday–Saturday weekend, open on federal holidays except
// Independence Day, closed for a staff day.
func ExampleNewCalendar() {
	cal, err := civil.NewCalendar(time.Friday, time.Saturday)
	if err != nil {
		panic(err)
	}
	cal = cal.WithFederalHolidays(civil.IndependenceDay).WithClosures(civil.MustParse("2026-07-06"))
	from := civil.MustParse("2026-07-01") // Wednesday
	fmt.Println(cal.AddBusinessDays(from, 3))
	// Output: 2026-07-07
}

func ExampleFederalHolidays() {
	for _, h := range civil.FederalHolidays(2027) {
		if h.Observed != h.Date {
			fmt.Printf("%s: %s observed %s %s\n", h.Holiday.Name(), h.Date, h.Observed.Weekday(), h.Observed)
		}
	}
	// Output:
	// Juneteenth National Independence Day: 2027-06-19 observed Friday 2027-06-18
	// Independence Day: 2027-07-04 observed Monday 2027-07-05
	// Christmas Day: 2027-12-25 observed Friday 2027-12-24
}

// A discharge at 23:30 in New York is on that local date, although it is the next day in UTC.
func ExampleDateOf() {
	newYork := time.FixedZone("EDT", -4*3600)
	dischargedAt := time.Date(2025, 8, 29, 3, 30, 0, 0, time.UTC)
	fmt.Println(civil.DateOf(dischargedAt), civil.DateOf(dischargedAt.In(newYork)))
	// Output: 2025-08-29 2025-08-28
}

// "Within 30 days after discharge": an inclusive window, both edges included.
func ExampleRange() {
	discharged := civil.MustParse("2025-01-31")
	window := civil.Range{Start: discharged.AddDays(1), End: discharged.AddDays(30)}
	fmt.Println(window, window.Days())
	fmt.Println(window.Contains(civil.MustParse("2025-03-02")), window.Contains(civil.MustParse("2025-03-03")))
	// Output:
	// 2025-02-01..2025-03-02 30
	// true false
}

func ExampleDate_AddMonths() {
	fmt.Println(civil.MustParse("2024-01-31").AddMonths(1), civil.MustParse("2025-01-31").AddMonths(1))
	// Output: 2024-02-29 2025-02-28
}

func ExampleParse() {
	_, err := civil.Parse("2025-02-29")
	fmt.Println(err)
	// Output: civil: invalid date: day does not exist in that month
}
