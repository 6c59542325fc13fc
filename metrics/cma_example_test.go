package metrics_test

import (
	"fmt"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
)

// Patient 76 of AdhereR's example data (spec §1.5), over the vignette's windows: follow-up the
// two years from the first fill, observation the year from day 182.
func ExampleCMA() {
	fill := func(id, class, day string, supply, perDay int) metrics.Fill {
		return metrics.Fill{ID: id, Patient: "76", Class: class, Drug: class, Day: civil.MustParse(day), DaysSupply: supply, DailyDose: perDay}
	}
	fills := []metrics.Fill{
		fill("r1", "medA", "2035-12-13", 30, 20), fill("r2", "medA", "2036-01-18", 30, 20),
		fill("r3", "medA", "2036-01-23", 60, 2), fill("r4", "medA", "2036-04-25", 60, 2),
		fill("r5", "medA", "2036-08-08", 60, 2), fill("r6", "medA", "2036-10-03", 60, 2),
		fill("r7", "medA", "2036-11-29", 60, 2), fill("r8", "medB", "2036-12-21", 30, 6),
		fill("r9", "medB", "2037-01-05", 30, 6), fill("r10", "medB", "2037-07-13", 30, 6),
		fill("r11", "medA", "2037-10-11", 30, 2),
	}
	w := metrics.CMAWindows{
		FollowUp:    metrics.CMAWindow{Start: 0, Days: 730},
		Observation: metrics.CMAWindow{Start: 182, Days: 365},
	}
	for _, kind := range []metrics.CMAKind{metrics.CMA1, metrics.CMA7, metrics.CMA9} {
		v, err := metrics.CMA(kind, fills, w, metrics.CMAOptions{})
		if err != nil {
			fmt.Println(err)
			return
		}
		pct, _ := v.Percent(2)
		fmt.Printf("%s: %s days of %d (%s to %s) = %s%%, adherent at 80%%: %v\n",
			kind, v.Supply, v.Days(), v.Span.Start, v.Span.End, pct, v.AtLeast(carecoord.Rate{Num: 80, Den: 100}))
	}
	// Output:
	// cma1: 210 days of 150 (2036-08-08 to 2037-01-04) = 140%, adherent at 80%: true
	// cma7: 252 days of 365 (2036-06-12 to 2037-06-11) = 69.04%, adherent at 80%: false
	// cma9: 5414/21 days of 365 (2036-06-12 to 2037-06-11) = 70.63%, adherent at 80%: false
}

// CMA7 over a population, each patient's year from their first fill: who reaches 80%?
func ExampleCMAMeasure() {
	fill := func(id, patient, day string, supply int) metrics.Fill {
		return metrics.Fill{ID: id, Patient: carecoord.PatientID(patient), Class: "statins", Drug: "atorvastatin", Day: civil.MustParse(day), DaysSupply: supply}
	}
	fills := []metrics.Fill{
		fill("c1", "ana", "2025-01-10", 90), fill("c2", "ana", "2025-04-05", 90),
		fill("c3", "ana", "2025-07-01", 90), fill("c4", "ana", "2025-10-02", 90),
		fill("c5", "ben", "2025-02-01", 30), fill("c6", "ben", "2025-05-20", 30),
		fill("c7", "ben", "2025-09-01", 90),
	}
	rules := metrics.CMA7Rules()
	rules.Windows = metrics.CMAWindows{FollowUp: metrics.CMAWindow{Days: 365}, Observation: metrics.CMAWindow{Days: 365}}
	res, err := metrics.CMAMeasure(fills, rules, metrics.Options{Evidence: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: %s of patients at 80%% or more\n", res.Measure, res.Rate())
	for _, e := range res.Evidence {
		fmt.Println(e.Patient, e.Event, e.Reason)
	}
	// Output:
	// cma7: 1/2 of patients at 80% or more
	// ana 2025-01-10 cma-at-threshold
	// ben 2025-02-01 cma-below-threshold
}
