package metrics_test

import (
	"fmt"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
	"github.com/shopspring/decimal"
)

// A PMPM over member months counted from enrollment spans by the utilisation measure's rule,
// and the PMPM of two clinics' populations together: the ratio of the sums.
func ExamplePMPM() {
	year := civil.Range{Start: civil.MustParse("2025-01-01"), End: civil.MustParse("2025-12-31")}
	north, err := metrics.PMPMFromEnrollment(decimal.RequireFromString("10000"), year, []metrics.EnrollmentSpan{
		{Patient: carecoord.PatientID("a"), Range: civil.Range{Start: civil.MustParse("2025-01-01"), End: civil.MustParse("2025-12-31")}},
		{Patient: carecoord.PatientID("b"), Range: civil.Range{Start: civil.MustParse("2025-10-20"), End: civil.MustParse("2025-12-31")}},
	}, metrics.UtilizationOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	south := metrics.PMPM{Cost: decimal.RequireFromString("2500"), MemberMonths: decimal.NewFromInt(6)}
	for _, p := range []metrics.PMPM{north, south, north.Add(south)} {
		cents, _ := p.Round(2)
		fmt.Printf("%s over %s member months: $%s PMPM\n", p.Cost, p.MemberMonths, cents.StringFixed(2))
	}
	// Output:
	// 10000 over 15 member months: $666.67 PMPM
	// 2500 over 6 member months: $416.67 PMPM
	// 12500 over 21 member months: $595.24 PMPM
}

// A capitation reconciliation: capitation received against the cost of the care it covers.
func ExampleReconcileCapitation() {
	r, err := metrics.ReconcileCapitation(metrics.Capitation{
		MemberMonths: decimal.NewFromInt(1200),
		Payments:     decimal.RequireFromString("540000"),
		Costs:        decimal.RequireFromString("561234.56"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range r.Explanation {
		fmt.Printf("%-20s %14s\n", l.Label, l.Display())
	}
	// Output:
	// member-months                 1,200
	// capitation-payments     $540,000.00
	// capitation-pmpm             $450.00
	// cost-of-care            $561,234.56
	// cost-pmpm                   $467.70
	// surplus                 -$21,234.56
	// surplus-pmpm                -$17.70
	// cost-ratio            103.93232593%
}
