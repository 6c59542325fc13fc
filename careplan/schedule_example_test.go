package careplan_test

import (
	"fmt"
	"time"

	"github.com/carecoord/carecoord/careplan"
	"github.com/carecoord/carecoord/civil"
)

// A monthly coordinator call on the last day of the month: the 31st clamps to the last day of
// shorter months instead of skipping them.
func ExampleSchedule_Occurrences() {
	call := careplan.Schedule{Start: civil.MustParse("2024-01-31"), Every: 1, Unit: careplan.Monthly, Count: 6}
	if err := call.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range call.Occurrences(civil.Range{Start: civil.MustParse("2024-01-01"), End: civil.MustParse("2024-12-31")}) {
		fmt.Println(o.Key(), o.Date.Weekday())
	}
	// Output:
	// 2024-01-31 Wednesday
	// 2024-02-29 Thursday
	// 2024-03-31 Sunday
	// 2024-04-30 Tuesday
	// 2024-05-31 Friday
	// 2024-06-30 Sunday
}

// Blood-pressure checks every other week on Monday and Thursday, morning and evening, starting
// on a Wednesday: the first is that week's Thursday.
func ExampleSchedule_All() {
	bp := careplan.Schedule{
		Start:    civil.MustParse("2025-01-01"),
		Every:    2,
		Unit:     careplan.Weekly,
		Weekdays: []time.Weekday{time.Monday, time.Thursday},
		Times:    []careplan.TimeOfDay{{Hour: 19, Minute: 30}, {Hour: 8}},
	}
	for o := range bp.All(civil.Range{Start: civil.MustParse("2025-01-01"), End: civil.MustParse("2025-01-20")}) {
		fmt.Println(o.Key(), o.At(nil).Weekday())
	}
	// Output:
	// 2025-01-02T08:00 Thursday
	// 2025-01-02T19:30 Thursday
	// 2025-01-13T08:00 Monday
	// 2025-01-13T19:30 Monday
	// 2025-01-16T08:00 Thursday
	// 2025-01-16T19:30 Thursday
}

// On 10 June a daily check is changed to every other day "from tomorrow". The days already
// due keep their occurrences and keys, so the outcomes recorded against them still count.
func ExampleSchedules_Change() {
	june1, june11 := civil.MustParse("2025-06-01"), civil.MustParse("2025-06-11")
	plan := careplan.Schedules{{From: june1, Schedule: careplan.Schedule{Start: june1, Every: 1, Unit: careplan.Daily}}}
	plan = plan.Change(june11, careplan.Schedule{Start: june11, Every: 2, Unit: careplan.Daily})
	if err := plan.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	for o := range plan.All(civil.Range{Start: civil.MustParse("2025-06-08"), End: civil.MustParse("2025-06-16")}) {
		fmt.Println(o.Key())
	}
	s, _ := plan.At(civil.MustParse("2025-06-10"))
	fmt.Println("in force on 2025-06-10: every", s.Every, s.Unit)
	// Output:
	// 2025-06-08
	// 2025-06-09
	// 2025-06-10
	// 2025-06-11
	// 2025-06-13
	// 2025-06-15
	// in force on 2025-06-10: every 1 day
}
