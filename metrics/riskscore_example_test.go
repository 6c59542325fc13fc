package metrics_test

import (
	"fmt"

	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
	"github.com/shopspring/decimal"
)

// The Charlson index of a patient discharged after a myocardial infarction, with type 2
// diabetes coded both without and with complications (the metrics spec §6.5, vector 1), and
// how each code and category counts.
func ExampleCharlson() {
	codes := []string{"I21.4", "E11.9", "E11.22", "Z79.4"}
	for _, w := range metrics.CharlsonWeightings() {
		s, err := metrics.Charlson(codes, metrics.CharlsonOptions{Weights: w})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: %d (%s)\n", s.Weights, s.Total, s.Tier)
		for _, c := range s.Categories {
			fmt.Printf("  %-30s %d", c.Category, c.Points)
			if c.DroppedFor != "" {
				fmt.Printf(" (dropped for %s)", c.DroppedFor)
			}
			fmt.Println()
		}
	}
	s, _ := metrics.Charlson(codes, metrics.CharlsonOptions{})
	for _, m := range s.Matches {
		fmt.Printf("codes[%d] %s matched %s: %s\n", m.Index, m.Code, m.Prefix, m.Category)
	}

	_, err := metrics.Charlson([]string{"I21.4", "I21,4"}, metrics.CharlsonOptions{})
	fmt.Println(err)
	// Output:
	// charlson-1987: 3 (moderate)
	//   myocardial-infarction          1
	//   diabetes-without-complications 0 (dropped for diabetes-with-complications)
	//   diabetes-with-complications    2
	// quan-2011: 1 (low)
	//   myocardial-infarction          0
	//   diabetes-without-complications 0 (dropped for diabetes-with-complications)
	//   diabetes-with-complications    1
	// codes[0] I21.4 matched I21: myocardial-infarction
	// codes[1] E11.9 matched E119: diabetes-without-complications
	// codes[2] E11.22 matched E112: diabetes-with-complications
	// codes[1]: must have the ICD-10-CM form: a letter, a digit, a digit or letter, then optionally a dot and 1 to 4 letters or digits
}

// The LACE index of a five-day emergency stay of a patient with heart failure and COPD, one
// ED visit in the six months before (the metrics spec §6.5, first LACE vector). C comes from
// the stay's codes under the default Charlson options: the 1987 weights, with the hierarchy.
func ExampleLACE() {
	cci, err := metrics.Charlson([]string{"I50.9", "J44.1", "Z99.81"}, metrics.CharlsonOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	in := metrics.LACEInput{
		Admitted:   civil.MustParse("2025-03-03"),
		Discharged: civil.MustParse("2025-03-08"),
		Emergent:   true,
		Charlson:   cci.Total,
		EDVisits:   1,
	}
	s, err := metrics.LACE(in, metrics.LACEOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("L %d (%d days) + A %d + C %d (Charlson %d) + E %d = %d: %s risk\n", s.L, s.Days, s.A, s.C, in.Charlson, s.E, s.Total, s.Tier)

	// An organisation that validated its own bands passes them.
	s, _ = metrics.LACE(in, metrics.LACEOptions{Bands: metrics.RiskBands{Moderate: 7, High: 12}})
	fmt.Printf("with bands 7 and 12: %d is %s risk\n", s.Total, s.Tier)
	// Output:
	// L 4 (5 days) + A 3 + C 2 (Charlson 2) + E 1 = 10: high risk
	// with bands 7 and 12: 10 is moderate risk
}

// The HOSPITAL score of a medical patient (the metrics spec §6.5, first HOSPITAL vector).
func ExampleHOSPITAL() {
	s, err := metrics.HOSPITAL(metrics.HOSPITALInput{
		Hemoglobin: decimal.RequireFromString("11.5"), // g/dL
		Sodium:     decimal.RequireFromString("133"),  // mmol/L
		Procedure:  true,
		Urgent:     true,
		Admissions: 3,
		Admitted:   civil.MustParse("2025-03-03"),
		Discharged: civil.MustParse("2025-03-09"),
	}, metrics.HOSPITALOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("H %d O %d S %d P %d IT %d A %d L %d = %d: %s risk\n", s.H, s.O, s.S, s.P, s.IT, s.A, s.L, s.Total, s.Tier)
	// Output:
	// H 1 O 0 S 1 P 1 IT 1 A 2 L 2 = 8: high risk
}
