package metrics_test

import (
	"fmt"
	"testing"

	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/transition"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

func pdRange(a, b string) civil.Range {
	return civil.Range{Start: civil.MustParse(a), End: civil.MustParse(b)}
}

// The spec's DIFFDRUG scenario explained: the losartan fills shift behind each other, not
// behind lisinopril; the one gap is 06-23 … 07-04.
func TestExplainPDCDiffDrug(t *testing.T) {
	fills := []metrics.Fill{pdFill("p1", "a", "LIS", "2022-01-01", 90), pdFill("p1", "b", "LOS", "2022-03-25", 90),
		pdFill("p1", "c", "LOS", "2022-07-05", 90), pdFill("p1", "d", "LOS", "2022-09-25", 90)}
	got, err := metrics.ExplainPDC(fills, nil, metrics.PDC(2022), metrics.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []metrics.PDCExplanation{{
		Patient: "p1", Class: "rasa", Status: metrics.InNumerator, Reason: metrics.ReasonAdherent,
		Period: pdRange("2022-01-01", "2022-12-31"), Covered: 353, Days: 365, Threshold: 80,
		Supply: []metrics.PDCSpan{
			{Fill: "a", Drug: "LIS", Days: pdRange("2022-01-01", "2022-03-31")},
			{Fill: "b", Drug: "LOS", Days: pdRange("2022-03-25", "2022-06-22")},
			{Fill: "c", Drug: "LOS", Days: pdRange("2022-07-05", "2022-10-02")},
			{Fill: "d", Drug: "LOS", Days: pdRange("2022-10-03", "2022-12-31")},
		},
		Gaps: []civil.Range{pdRange("2022-06-23", "2022-07-04")},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("explanation (-want +got):\n%s", diff)
	}
}

// The inpatient adjustment explained: the 04-01 fill's supply waits through the stay.
func TestExplainPDCInpatientStay(t *testing.T) {
	fills := []metrics.Fill{pdFill("p", "1", "LIS", "2022-01-01", 90), pdFill("p", "2", "LIS", "2022-04-01", 90),
		pdFill("p", "3", "LIS", "2022-07-01", 90), pdFill("p", "4", "LIS", "2022-10-01", 90)}
	stay := metrics.Stay{ID: "s1", Patient: "p", Setting: transition.SettingAcuteInpatient, Admitted: civil.MustParse("2022-05-01"),
		Discharged: civil.MustParse("2022-05-11"), Disposition: transition.DispositionHome}
	rules := metrics.PDC(2022)
	rules.CensorSettings = []transition.Setting{transition.SettingAcuteInpatient}
	got, err := metrics.ExplainPDC(fills, []metrics.Stay{stay}, rules, metrics.Options{})
	if err != nil || len(got) != 1 {
		t.Fatalf("%v, %v", got, err)
	}
	x := got[0]
	wantSupply := []metrics.PDCSpan{
		{Fill: "1", Drug: "LIS", Days: pdRange("2022-01-01", "2022-03-31")},
		{Fill: "2", Drug: "LIS", Days: pdRange("2022-04-01", "2022-04-30")},
		{Fill: "2", Drug: "LIS", Days: pdRange("2022-05-11", "2022-07-09")},
		{Fill: "3", Drug: "LIS", Days: pdRange("2022-07-10", "2022-10-07")},
		{Fill: "4", Drug: "LIS", Days: pdRange("2022-10-08", "2022-12-31")},
	}
	if diff := cmp.Diff(wantSupply, x.Supply); diff != "" {
		t.Errorf("supply (-want +got):\n%s", diff)
	}
	if x.Covered != 355 || x.Days != 355 || len(x.Gaps) != 0 || !cmp.Equal(x.Censored, []civil.Range{pdRange("2022-05-01", "2022-05-10")}) {
		t.Errorf("covered %d of %d, gaps %v, censored %v", x.Covered, x.Days, x.Gaps, x.Censored)
	}
}

// ExplainPDC decides as the measure does, patient by patient; the supply spans and the gaps
// never overlap and together with the censored days fill the treatment period.
func TestExplainPDCAgreesWithMeasure(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fills := pdPopulation(t, rapid.IntRange(0, 8).Draw(t, "patients"), rapid.Bool().Draw(t, "one drug"))
		res, err := metrics.PDCFills(fills, metrics.PDC(2025), metrics.Options{Evidence: true})
		if err != nil {
			t.Fatal(err)
		}
		xs, err := metrics.ExplainPDC(fills, nil, metrics.PDC(2025), metrics.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var n int
		for _, c := range res.Classes {
			var covered, days int64
			for _, e := range c.Evidence {
				var x *metrics.PDCExplanation
				for i := range xs {
					if xs[i].Patient == e.Patient && xs[i].Class == c.Class {
						x = &xs[i]
					}
				}
				if x == nil || x.Status != e.Status || x.Reason != e.Reason || x.Period.Start != e.Event || x.Period.End != e.Decided {
					t.Fatalf("%s %s: evidence %+v, explanation %+v", e.Patient, c.Class, e, x)
				}
				covered, days = covered+int64(x.Covered), days+int64(x.Days)
				seen := map[civil.Date]int{}
				for _, s := range x.Supply {
					for d := range s.Days.All() {
						seen[d] |= 1
					}
				}
				for _, g := range x.Gaps {
					for d := range g.All() {
						if seen[d] != 0 {
							t.Fatalf("%s %s: %s is both covered and a gap", e.Patient, c.Class, d)
						}
						seen[d] |= 2
					}
				}
				if len(seen) != x.Period.Days() || x.Covered != x.Period.Days()-countGapDays(x.Gaps) {
					t.Fatalf("%s %s: %d days seen of a %d-day period, %d covered", e.Patient, c.Class, len(seen), x.Period.Days(), x.Covered)
				}
				n++
			}
			if covered != c.CoveredDays || days != c.TreatmentDays {
				t.Fatalf("%s: explanations cover %d of %d days, the measure %d of %d", c.Class, covered, days, c.CoveredDays, c.TreatmentDays)
			}
		}
		if n != len(xs) {
			t.Fatalf("%d explanations, %d evidence rows", len(xs), n)
		}
	})
}

func countGapDays(gaps []civil.Range) int {
	n := 0
	for _, g := range gaps {
		n += g.Days()
	}
	return n
}

// A pharmacist checks one patient's statin adherence for 2025: a refill picked up early is
// shifted to the end of the supply on hand, and the gap in the summer decides the result.
func ExampleExplainPDC() {
	fill := func(id, day string, supply int) metrics.Fill {
		return metrics.Fill{ID: id, Patient: "pat-1", Class: "statins", Drug: "atorvastatin", Day: civil.MustParse(day), DaysSupply: supply}
	}
	fills := []metrics.Fill{fill("rx-1", "2025-01-10", 90), fill("rx-2", "2025-04-01", 90), fill("rx-3", "2025-08-15", 90), fill("rx-4", "2025-11-01", 90)}
	xs, err := metrics.ExplainPDC(fills, nil, metrics.PDC(2025), metrics.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	x := xs[0]
	fmt.Printf("%s %s %s: %d of %d days covered, threshold %d%%: %s\n", x.Patient, x.Class, x.Period, x.Covered, x.Days, x.Threshold, x.Reason)
	for _, s := range x.Supply {
		fmt.Printf("  %s covers %s\n", s.Fill, s.Days)
	}
	for _, g := range x.Gaps {
		fmt.Printf("  gap %s (%d days)\n", g, g.Days())
	}
	// Output:
	// pat-1 statins 2025-01-10..2025-12-31: 319 of 356 days covered, threshold 80%: adherent
	//   rx-1 covers 2025-01-10..2025-04-09
	//   rx-2 covers 2025-04-10..2025-07-08
	//   rx-3 covers 2025-08-15..2025-11-12
	//   rx-4 covers 2025-11-13..2025-12-31
	//   gap 2025-07-09..2025-08-14 (37 days)
}
