package metrics_test

import (
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/transition"
	"github.com/shopspring/decimal"
)

func r3Stay(id, p, admit, discharge string, s transition.Setting) metrics.Stay {
	return metrics.Stay{ID: id, Patient: carecoord.PatientID(p), Setting: s, Admitted: civil.MustParse(admit),
		Discharged: civil.MustParse(discharge), Disposition: transition.DispositionHome}
}

// A treatment period wholly inside a censored stay has no days left: the measure must not
// divide by zero, nor count 0 of 0 days as adherent: it is excluded.
func TestPDCAllDaysCensored(t *testing.T) {
	fills := []metrics.Fill{pdFill("p", "1", "LIS", "2022-12-30", 30), pdFill("p", "2", "LIS", "2022-12-31", 30)}
	stays := []metrics.Stay{r3Stay("s", "p", "2022-12-29", "2023-01-05", transition.SettingAcuteInpatient)}
	for _, round4 := range []bool{true, false} {
		rules := metrics.PDC(2022)
		rules.Round4 = round4
		rules.CensorSettings = []transition.Setting{transition.SettingAcuteInpatient}
		var res metrics.PDCResult
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("round4 %v: panic %v", round4, r)
				}
			}()
			res, err = metrics.PDCWithStays(fills, stays, rules, metrics.Options{})
		}()
		if err != nil {
			t.Fatal(err)
		}
		if c, _ := res.Class("rasa"); c.Total.Numerator != 0 || c.TreatmentDays != 0 {
			t.Errorf("round4 %v: 0 treatment days counted as %+v", round4, c.Total)
		}
	}
}

// Overlapping stays (an acute stay and a SNF stay recorded over the same days) are censored
// once by the measure, and by ExplainPDC.
func TestExplainPDCOverlappingStays(t *testing.T) {
	fills := []metrics.Fill{pdFill("p", "1", "LIS", "2022-01-01", 90), pdFill("p", "2", "LIS", "2022-04-01", 90),
		pdFill("p", "3", "LIS", "2022-07-01", 90), pdFill("p", "4", "LIS", "2022-10-01", 90)}
	stays := []metrics.Stay{
		r3Stay("s1", "p", "2022-05-01", "2022-05-11", transition.SettingAcuteInpatient),
		r3Stay("s2", "p", "2022-05-05", "2022-05-15", transition.SettingSkilledNursing),
	}
	rules := metrics.PDC(2022)
	rules.CensorSettings = []transition.Setting{transition.SettingAcuteInpatient, transition.SettingSkilledNursing}
	res, err := metrics.PDCWithStays(fills, stays, rules, metrics.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := res.Class("rasa")
	xs, err := metrics.ExplainPDC(fills, stays, rules, metrics.Options{})
	if err != nil || len(xs) != 1 {
		t.Fatalf("%v %v", xs, err)
	}
	if int64(xs[0].Covered) != c.CoveredDays || int64(xs[0].Days) != c.TreatmentDays {
		t.Errorf("explain %d of %d days, measure %d of %d", xs[0].Covered, xs[0].Days, c.CoveredDays, c.TreatmentDays)
	}
	if len(xs[0].Censored) != 1 {
		t.Errorf("censored ranges %v overlap; want them merged", xs[0].Censored)
	}
}

// A measurement period in the first years of the calendar is measured like any other (day
// numbers count from the period's start).
func TestPDCEarlyPeriod(t *testing.T) {
	var fills []metrics.Fill
	for i, d := range []string{"0003-01-01", "0003-03-25", "0003-07-05", "0003-09-25"} {
		fills = append(fills, pdFill("p", string(rune('a'+i)), "LIS", d, 90))
	}
	res, err := metrics.PDCFills(fills, metrics.PDC(3), metrics.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := res.Class("rasa"); c.Total.Denominator != 1 || c.CoveredDays != 360 || c.TreatmentDays != 365 {
		t.Errorf("year 3: %+v covered %d of %d, want 1 patient, 360 of 365", c.Total, c.CoveredDays, c.TreatmentDays)
	}
}

// Spec §5.2: the MSR is interpolated on the real value and rounded only for display. At
// 12,000 beneficiaries the exact MSR is 143.97/4999 = 2.87997599519…%; with a $10,866.41
// benchmark the exact threshold is $312.9499995 per capita, so savings of $312.95 meet it.
// Tested against the MSR rounded to 10 places (2.87997600 %, threshold $312.9500000616) it
// would pay nothing instead of $1,472,116.80.
func TestMSRComparedExactly(t *testing.T) {
	terms, err := metrics.BasicLevelA.Terms()
	if err != nil {
		t.Fatal(err)
	}
	year := metrics.MSSPYear{Beneficiaries: decimal.NewFromInt(12000), Benchmark: decimal.RequireFromString("10866.41"),
		Expenditure: decimal.RequireFromString("10553.46"), Quality: metrics.QualityMet}
	res, err := metrics.SharedSavings(terms, year)
	if err != nil {
		t.Fatal(err)
	}
	if want := decimal.RequireFromString("1472116.80"); res.Outcome != metrics.OutcomeSharedSavings || !res.Payment.Equal(want) {
		t.Errorf("outcome %s, payment %s; want shared savings of %s\n%s", res.Outcome, res.Payment, want, res.Explanation)
	}
}
