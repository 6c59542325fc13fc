package metrics_test

import (
	"fmt"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/transition"
)

// The HEDIS PCR readmission rate of two Medicare members for 2024, stratified by age band, with
// the evidence for each index stay. Member m1 is the metrics spec's §2.4 example: a direct
// transfer merged into one stay, a planned chemotherapy stay that is not a readmission, and a
// death. Member m2 is 17 at discharge, outside the measure.
func ExampleReadmissions() {
	stay := func(patient carecoord.PatientID, id, admitted, discharged string) metrics.Stay {
		return metrics.Stay{ID: id, Patient: patient, Setting: transition.SettingAcuteInpatient,
			Admitted: civil.MustParse(admitted), Discharged: civil.MustParse(discharged), Disposition: transition.DispositionHome}
	}
	stays := []metrics.Stay{
		stay("m1", "1", "2024-03-01", "2024-03-05"),
		stay("m1", "2", "2024-03-06", "2024-03-10"),
		stay("m1", "3", "2024-03-25", "2024-03-28"),
		stay("m1", "4", "2024-04-29", "2024-05-02"),
		stay("m1", "5", "2024-05-20", "2024-05-22"),
		stay("m1", "6", "2024-06-10", "2024-06-12"),
		stay("m1", "7", "2024-11-20", "2024-12-03"),
		stay("m1", "8", "2024-12-20", "2024-12-22"),
		stay("m2", "9", "2024-07-01", "2024-07-04"),
	}
	stays[4].Planned = true                              // chemotherapy
	stays[7].Disposition = transition.DispositionExpired // died
	births := map[carecoord.PatientID]civil.Date{"m1": civil.MustParse("1954-02-10"), "m2": civil.MustParse("2006-09-30")}
	bands := metrics.PCRMedicareBands()

	res, err := metrics.Readmissions(stays, metrics.PCR(2024), metrics.Options{
		Evidence: true,
		Eligible: func(p carecoord.PatientID, on civil.Date) metrics.Reason {
			if metrics.AgeOn(births[p], on) < 18 {
				return "under-18"
			}
			return ""
		},
		Stratify: func(p carecoord.PatientID, on civil.Date) string {
			band, _ := metrics.BandOf(bands, metrics.AgeOn(births[p], on))
			return band
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	pct, _ := res.Rate().Percent(1)
	fmt.Printf("%s %d: %v readmitted (%s%%), %d excluded\n", res.Measure, res.Period.Start.Year(), res.Rate(), pct.StringFixed(1), res.Total.Excluded)
	for _, s := range res.Strata {
		if s.Key == "" {
			s.Key = "(none)" // outside every band: the excluded under-18
		}
		fmt.Printf("  age %-6s %v readmitted, %d excluded\n", s.Key, s.Rate(), s.Excluded)
	}
	for _, e := range res.Evidence {
		fmt.Printf("  %s stay %s discharged %s: %s (%s)", e.Patient, e.Subject, e.Event, e.Status, e.Reason)
		if !e.Decided.IsZero() {
			fmt.Printf(", readmitted %s", e.Decided)
		}
		fmt.Println()
	}
	// Output:
	// readmission-pcr 2024: 2/5 readmitted (40.0%), 1 excluded
	//   age (none) 0/0 readmitted, 1 excluded
	//   age 65-74  2/5 readmitted, 0 excluded
	//   m1 stay 1 discharged 2024-03-10: numerator (readmitted), readmitted 2024-03-25
	//   m1 stay 3 discharged 2024-03-28: denominator (not-readmitted)
	//   m1 stay 4 discharged 2024-05-02: denominator (not-readmitted)
	//   m1 stay 5 discharged 2024-05-22: numerator (readmitted), readmitted 2024-06-10
	//   m1 stay 6 discharged 2024-06-12: denominator (not-readmitted)
	//   m2 stay 9 discharged 2024-07-04: excluded (under-18)
}
