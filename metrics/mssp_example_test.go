package metrics_test

import (
	"fmt"

	"github.com/carecoord/carecoord/metrics"
	"github.com/shopspring/decimal"
)

// An ACO in BASIC Level A (one-sided) with 12,000 assigned beneficiaries spent $11,040 per
// capita against an updated benchmark of $11,500 and met the quality performance standard: the
// metrics spec's §5.3 Example A. Every line says where its amount comes from.
func ExampleSharedSavings() {
	terms, err := metrics.BasicLevelA.Terms()
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := metrics.SharedSavings(terms, metrics.MSSPYear{
		Beneficiaries: decimal.NewFromInt(12000),
		Benchmark:     decimal.NewFromInt(11500),
		Expenditure:   decimal.NewFromInt(11040),
		Quality:       metrics.QualityMet,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Outcome, res.Payment.StringFixed(2))
	for _, line := range res.Explanation {
		fmt.Println(line)
	}
	// Output:
	// shared-savings 2163840.00
	// beneficiaries                              12,000  assigned beneficiaries in person-years (input; 42 CFR 425.605)
	// benchmark-per-capita                   $11,500.00  updated benchmark per capita, as CMS computed it (input; 42 CFR 425.605)
	// expenditure-per-capita                 $11,040.00  Parts A and B FFS expenditure per capita in the performance year (input; 42 CFR 425.605)
	// savings-per-capita                        $460.00  benchmark − expenditure per capita; below zero, losses (42 CFR 425.605)
	// savings-rate                                   4%  savings per capita ÷ benchmark per capita, for display; the minimum rate is tested on the amounts
	// minimum-savings-rate                    2.879976%  size-based for 12,000 beneficiaries: 3% + (12,000 − 10,000) × (2.7% − 3%) ÷ (14,999 − 10,000), interpolated linearly in the band (CMS-1345-P p. 268, linear interpolation [P]; band values: metrics spec §5.1 rule 3 [G])
	// minimum-savings-per-capita                $331.20  minimum savings rate × benchmark per capita: savings per capita are at least this, met (metrics spec §5.2)
	// total-savings                       $5,520,000.00  savings per capita × beneficiaries
	// final-sharing-rate                            40%  maximum sharing rate (42 CFR 425.605; metrics spec §5.1 rule 6 [S]), the quality performance standard met (42 CFR 425.512; metrics spec §5.1 rule 10 [G])
	// shared-savings                      $2,208,000.00  savings × final sharing rate, from the first dollar (metrics spec §5.1 rule 5 [P/G])
	// performance-payment-limit          $13,800,000.00  10% × benchmark per capita × beneficiaries, the performance payment limit (42 CFR 425.605; metrics spec §5.1 rule 7 [G])
	// earned-savings                      $2,208,000.00  the lesser of shared savings and the performance payment limit
	// sequestration                         -$44,160.00  2% of earned savings withheld (Medicare sequestration of shared savings payments; metrics spec §5.1 rule 11 [G])
	// payment                             $2,163,840.00  earned savings − sequestration, rounded half away from zero to cents
}

// A two-sided ACO that elected a fixed 1 % minimum savings and loss rate, with losses above it
// (the spec's §5.3 Example B): the revenue-based limit is the lesser one, and does not bind.
func ExampleSharedSavings_losses() {
	terms, err := metrics.BasicLevelE.Terms()
	if err != nil {
		fmt.Println(err)
		return
	}
	terms.Minimum = metrics.FixedMinimum(decimal.RequireFromString("0.01"))
	res, err := metrics.SharedSavings(terms, metrics.MSSPYear{
		Beneficiaries:      decimal.NewFromInt(20000),
		Benchmark:          decimal.NewFromInt(10000),
		Expenditure:        decimal.NewFromInt(10300),
		Quality:            metrics.QualityMet,
		ParticipantRevenue: decimal.NewFromInt(50_000_000),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Outcome, res.Owed.StringFixed(2))
	for _, line := range res.Explanation {
		fmt.Printf("%-26s %15s\n", line.Label, line.Display())
	}
	// Output:
	// shared-losses 1800000.00
	// beneficiaries                       20,000
	// benchmark-per-capita            $10,000.00
	// expenditure-per-capita          $10,300.00
	// savings-per-capita                -$300.00
	// savings-rate                           -3%
	// losses-per-capita                  $300.00
	// minimum-loss-rate                       1%
	// minimum-losses-per-capita          $100.00
	// total-losses                 $6,000,000.00
	// shared-loss-rate                       30%
	// shared-losses                $1,800,000.00
	// loss-limit-benchmark         $8,000,000.00
	// loss-limit-revenue           $4,000,000.00
	// loss-sharing-limit           $4,000,000.00
	// owed                         $1,800,000.00
}

// The size-based minimum savings rate, interpolated within its band of assigned
// beneficiaries.
func ExampleMSRTable_Rate() {
	table := metrics.DefaultMSRTable()
	for _, n := range []int64{5000, 7500, 12000, 60000} {
		r, _ := table.Rate(decimal.NewFromInt(n))
		fmt.Printf("%d: %s%%\n", n, r.Shift(2).StringFixed(3))
	}
	_, ok := table.Rate(decimal.NewFromInt(4000))
	fmt.Println("4000 covered:", ok)
	// Output:
	// 5000: 3.900%
	// 7500: 3.300%
	// 12000: 2.880%
	// 60000: 2.000%
	// 4000 covered: false
}
