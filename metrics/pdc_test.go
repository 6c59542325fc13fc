package metrics_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/internal/pagefaults"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/transition"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// pdFill is a fill of patient p: drug, class RASA, on day, for supply days.
func pdFill(p, id, drug, day string, supply int) metrics.Fill {
	return metrics.Fill{ID: id, Patient: carecoord.PatientID(p), Class: "rasa", Drug: drug, Day: civil.MustParse(day), DaysSupply: supply}
}

// The seven scenarios of the metrics spec §1.3 (PQA rules, measurement year 2022; LIS is
// lisinopril, LOS losartan, both RAS antagonists; a LIS/HCTZ combination counts as LIS), one
// patient each, and PQA's own 2018 example of a shifted refill.
func TestPDCSpecVectors(t *testing.T) {
	tests := []struct {
		name          string
		fills         [][3]any // drug, day, supply
		covered, days int64
		adherent      bool
	}{
		{"SAMEDRUG", [][3]any{{"LIS", "2022-01-01", 90}, {"LIS", "2022-03-25", 90}, {"LIS", "2022-07-05", 90}, {"LIS", "2022-09-25", 90}}, 360, 365, true},
		{"DIFFDRUG", [][3]any{{"LIS", "2022-01-01", 90}, {"LOS", "2022-03-25", 90}, {"LOS", "2022-07-05", 90}, {"LOS", "2022-09-25", 90}}, 353, 365, true},
		{"NONADH", [][3]any{{"LIS", "2022-01-01", 90}, {"LIS", "2022-03-25", 90}, {"LIS", "2022-09-25", 90}}, 270, 365, false},
		// The LIS/HCTZ combination is given as one fill per target ingredient (its HCTZ part, in
		// another class, is added below): as LIS, it shifts behind the LIS single agent.
		{"COMBPROD", [][3]any{{"LIS", "2022-01-01", 90}, {"LIS", "2022-03-25", 90}, {"LIS", "2022-07-05", 90}, {"LIS", "2022-09-25", 90}}, 360, 365, true},
		{"CONCUSE", [][3]any{{"LIS", "2022-01-01", 90}, {"LIS", "2022-03-25", 90}, {"LOS", "2022-03-25", 90}, {"LOS", "2022-07-05", 90}, {"LOS", "2022-09-25", 90}}, 360, 365, true},
		{"IPSD", [][3]any{{"LIS", "2022-03-25", 90}, {"LIS", "2022-07-05", 90}, {"LIS", "2022-09-25", 90}}, 270, 282, true},
		{"MEASYR", [][3]any{{"LIS", "2022-01-01", 90}, {"LIS", "2022-03-25", 90}, {"LIS", "2022-07-05", 90}, {"LIS", "2022-10-15", 90}}, 348, 365, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fills []metrics.Fill
			for i, f := range tt.fills {
				fills = append(fills, pdFill("p1", strconv.Itoa(i), f[0].(string), f[1].(string), f[2].(int)))
				if tt.name == "COMBPROD" && i > 0 { // the combination's other ingredient
					hctz := pdFill("p1", strconv.Itoa(i), "HCTZ", f[1].(string), f[2].(int))
					hctz.Class = "thiazides"
					fills = append(fills, hctz)
				}
			}
			res, err := metrics.PDCFills(fills, metrics.PDC(2022), metrics.Options{Evidence: true})
			if err != nil {
				t.Fatal(err)
			}
			c, ok := res.Class("rasa")
			if !ok {
				t.Fatal("no rasa class in the result")
			}
			if c.CoveredDays != tt.covered || c.TreatmentDays != tt.days {
				t.Errorf("covered %d of %d days, want %d of %d", c.CoveredDays, c.TreatmentDays, tt.covered, tt.days)
			}
			want := carecoord.Rate{Num: 0, Den: 1}
			if tt.adherent {
				want.Num = 1
			}
			if c.Rate() != want {
				t.Errorf("adherent %v, want %v", c.Rate(), want)
			}
			checkCounts(t, c.Result)
		})
	}
}

// PQA's worked example (measurement year 2018): a 30-day fill on 10-04 and an early refill on
// 11-01; the refill is shifted to start the day after the first runs out, 11-03, and covers
// through 12-02.
func TestPDCShiftedRefill(t *testing.T) {
	fills := []metrics.Fill{pdFill("p", "1", "LIS", "2018-10-04", 30), pdFill("p", "2", "LIS", "2018-11-01", 30)}
	res, err := metrics.PDCFills(fills, metrics.PDC(2018), metrics.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := res.Class("rasa")
	// 10-04 … 11-02 and 11-03 … 12-02: 60 days covered of 10-04 … 12-31 (89 days).
	if c.CoveredDays != 60 || c.TreatmentDays != 89 {
		t.Errorf("covered %d of %d days, want 60 of 89", c.CoveredDays, c.TreatmentDays)
	}
}

// The inpatient adjustment, under the library's day convention (the days from admission
// through the day before discharge are censored), on the spec's optional vector (§1.3): a
// 10-day stay from 05-01 pushes the 04-01 supply and every later fill 10 days along; 355 days
// covered of 355.
func TestPDCInpatientAdjustmentAdmissionThroughDayBeforeDischarge(t *testing.T) {
	fills := []metrics.Fill{pdFill("p", "1", "LIS", "2022-01-01", 90), pdFill("p", "2", "LIS", "2022-04-01", 90),
		pdFill("p", "3", "LIS", "2022-07-01", 90), pdFill("p", "4", "LIS", "2022-10-01", 90)}
	stay := metrics.Stay{ID: "s1", Patient: "p", Setting: transition.SettingAcuteInpatient, Admitted: civil.MustParse("2022-05-01"),
		Discharged: civil.MustParse("2022-05-11"), Disposition: transition.DispositionHome}
	rules := metrics.PDC(2022)
	rules.CensorSettings = []transition.Setting{transition.SettingAcuteInpatient, transition.SettingSkilledNursing}
	res, err := metrics.PDCWithStays(fills, []metrics.Stay{stay}, rules, metrics.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := res.Class("rasa")
	if c.CoveredDays != 355 || c.TreatmentDays != 355 {
		t.Errorf("covered %d of %d days, want 355 of 355", c.CoveredDays, c.TreatmentDays)
	}
	// Without the adjustment: the stay's days are covered by the 04-01 fill anyway, and the
	// 10-01 fill runs to the year's end: 360 of 365, as SAMEDRUG-like fills give.
	plain, err := metrics.PDCWithStays(fills, []metrics.Stay{stay}, metrics.PDC(2022), metrics.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := plain.Class("rasa"); c.TreatmentDays != 365 {
		t.Errorf("without the adjustment the period is %d days, want 365", c.TreatmentDays)
	}
}

// Eligibility and truncation: one fill date is not in the population; two fills on one day
// neither; death ends the treatment period; the older 91-day index rule excludes a late start;
// a class's threshold can be 90%.
func TestPDCRules(t *testing.T) {
	fills := []metrics.Fill{
		pdFill("single", "1", "LIS", "2022-01-01", 30),
		pdFill("sameday", "2", "LIS", "2022-01-01", 30), pdFill("sameday", "3", "LIS", "2022-01-01", 30),
		pdFill("died", "4", "LIS", "2022-01-01", 90), pdFill("died", "5", "LIS", "2022-04-01", 90), // dies 2022-06-29
		pdFill("late", "6", "LIS", "2022-11-01", 30), pdFill("late", "7", "LIS", "2022-12-01", 30),
		pdFill("lookback", "8", "LIS", "2021-12-15", 90), pdFill("lookback", "9", "LIS", "2022-02-01", 90), pdFill("lookback", "10", "LIS", "2022-05-01", 90),
	}
	rules := metrics.PDC(2022)
	rules.EndOf = func(p carecoord.PatientID) (civil.Date, bool) {
		return civil.MustParse("2022-06-29"), p == "died"
	}
	rules.MinDaysBeforeEnd = 91
	res, err := metrics.PDCFills(fills, rules, metrics.Options{Evidence: true})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := res.Class("rasa")
	var got []string
	for _, e := range c.Evidence {
		got = append(got, string(e.Patient)+" "+string(e.Status)+" "+string(e.Reason)+" "+e.Event.String()+" "+e.Decided.String())
	}
	want := []string{
		"died numerator adherent 2022-01-01 2022-06-29", // 01-01 … 06-29 all covered: 180 of 180
		"late excluded index-too-late 2022-11-01 2022-12-31",
		"lookback denominator not-adherent 2022-02-01 2022-12-31", // the 2021 fill is ignored: 180 of 334
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("evidence (-want +got):\n%s", diff)
	}
	if c.CoveredDays != 180+180 || c.TreatmentDays != 180+334 {
		t.Errorf("covered %d of %d, want 360 of 514", c.CoveredDays, c.TreatmentDays)
	}
	// 270 of 282 (95.7%) is adherent at 80% and at 90%; 75 of 90 (83.3%) only at 80%.
	hiv := []metrics.Fill{pdFill("a", "1", "LIS", "2022-10-03", 30), pdFill("a", "2", "LIS", "2022-11-17", 45)}
	for _, tc := range []struct {
		threshold int
		want      int64
	}{{80, 1}, {90, 0}} {
		r := metrics.PDC(2022)
		r.Threshold = func(string) int { return tc.threshold }
		res, err := metrics.PDCFills(hiv, r, metrics.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if c, _ := res.Class("rasa"); c.Total.Numerator != tc.want || c.CoveredDays != 75 || c.TreatmentDays != 90 {
			t.Errorf("threshold %d: %+v, covered %d of %d", tc.threshold, c.Total, c.CoveredDays, c.TreatmentDays)
		}
	}
}

// Bad fills are refused with the field and the position in the input, never a value.
func TestPDCBadInput(t *testing.T) {
	fills := []metrics.Fill{pdFill("p", "1", "LIS", "2022-01-01", 30), pdFill("p", "2", "LIS", "2022-02-01", 0), {ID: "3", Patient: "patient-88", Day: civil.MustParse("2022-03-01"), DaysSupply: 30}}
	_, err := metrics.PDCFills(fills, metrics.PDC(2022), metrics.Options{})
	var fe carecoord.FieldErrors
	if !errors.As(err, &fe) || !fe.Has("fills[1].daysSupply", carecoord.FieldOutOfRange) || !fe.Has("fills[2].class", carecoord.FieldRequired) || !fe.Has("fills[2].drug", carecoord.FieldRequired) {
		t.Fatalf("error %v", err)
	}
	if strings.Contains(err.Error(), "patient-88") {
		t.Errorf("the error names the patient: %v", err)
	}
}

// pdOracle is the benchmark harness's PDC (SPEC.md metric (b)) written literally: per patient
// and class, 2025 fills only, two distinct dates, the shift walk over the class's fills in
// (day, id) order, covered days clipped at the year's end.
func pdOracle(fills []metrics.Fill, year int) map[string][3]int64 {
	start, end := civil.MustParse(strconv.Itoa(year)+"-01-01"), civil.MustParse(strconv.Itoa(year)+"-12-31")
	type key struct{ p, c string }
	by := map[key][]metrics.Fill{}
	for _, f := range fills {
		if !f.Day.Before(start) && !f.Day.After(end) {
			k := key{string(f.Patient), f.Class}
			by[k] = append(by[k], f)
		}
	}
	out := map[string][3]int64{}
	for k, fs := range by {
		slices.SortFunc(fs, func(a, b metrics.Fill) int {
			if c := a.Day.Compare(b.Day); c != 0 {
				return c
			}
			return strings.Compare(a.ID, b.ID)
		})
		dates := map[civil.Date]bool{}
		for _, f := range fs {
			dates[f.Day] = true
		}
		if len(dates) < 2 {
			continue
		}
		var supplyEnd civil.Date
		covered := 0
		for i, f := range fs {
			s := f.Day
			if i > 0 && !supplyEnd.Before(s) {
				s = supplyEnd.AddDays(1)
			}
			e := s.AddDays(f.DaysSupply - 1)
			supplyEnd = e
			if m := min(e.DaysSince(start), end.DaysSince(start)) - s.DaysSince(start) + 1; m > 0 {
				covered += m
			}
		}
		period := end.DaysSince(fs[0].Day) + 1
		o := out[k.c]
		o[0]++
		if 5*covered >= 4*period {
			o[1]++
		}
		o[2] += int64(covered)
		out[k.c] = o
	}
	return out
}

// pdPopulation draws fills for n patients of up to three classes, each banked as one drug as
// the harness does, from the lookback months through the year, with same-day repeats.
func pdPopulation(t *rapid.T, n int, oneDrug bool) []metrics.Fill {
	classes := []string{"diabetes", "rasa", "statin"}
	drugs := []string{"a", "b", "c"}
	var fills []metrics.Fill
	for p := range n {
		for range rapid.IntRange(0, 8).Draw(t, "fills") {
			class := rapid.SampledFrom(classes).Draw(t, "class")
			drug := class
			if !oneDrug {
				drug = class + "-" + rapid.SampledFrom(drugs).Draw(t, "drug")
			}
			fills = append(fills, metrics.Fill{ID: strconv.Itoa(len(fills) + 1), Patient: carecoord.PatientID("p" + strconv.Itoa(p)), Class: class, Drug: drug,
				Day: civil.MustParse("2024-11-01").AddDays(rapid.IntRange(0, 425).Draw(t, "day")), DaysSupply: rapid.SampledFrom([]int{1, 7, 30, 30, 90}).Draw(t, "supply")})
		}
	}
	return fills
}

// With one drug a class, the measure gives what the harness's specification says.
func TestPDCAgreesWithSpecOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fills := pdPopulation(t, rapid.IntRange(0, 20).Draw(t, "patients"), true)
		rules := metrics.PDC(2025)
		rules.Round4 = rapid.Bool().Draw(t, "round4") // the same at 80% for a year, as documented
		res, err := metrics.PDCFills(fills, rules, metrics.Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := pdOracle(fills, 2025)
		for _, c := range res.Classes {
			w := want[c.Class]
			if c.Total.Denominator != w[0] || c.Total.Numerator != w[1] || c.CoveredDays != w[2] {
				t.Fatalf("%s: %d eligible, %d adherent, %d days; the spec's text gives %v", c.Class, c.Total.Denominator, c.Total.Numerator, c.CoveredDays, w)
			}
			delete(want, c.Class)
		}
		if len(want) > 0 {
			t.Fatalf("classes missing from the result: %v", want)
		}
	})
}

// Properties of the PQA rules: 0 ≤ PDC ≤ 1; adding a fill never lowers the days covered;
// shifting same-drug fills never covers fewer days than the plain union of their supplies.
func TestPDCProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fills := pdPopulation(t, 1, false)
		covered := func(fs []metrics.Fill) (int64, int64) {
			res, err := metrics.PDCFills(fs, metrics.PDC(2025), metrics.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var c, d int64
			for _, k := range res.Classes {
				c, d = c+k.CoveredDays, d+k.TreatmentDays
			}
			return c, d
		}
		c, d := covered(fills)
		if c < 0 || c > d {
			t.Fatalf("covered %d of %d days", c, d)
		}
		if len(fills) > 0 {
			extra := fills[rapid.IntRange(0, len(fills)-1).Draw(t, "copy")]
			extra.ID, extra.Day = "extra", extra.Day.AddDays(rapid.IntRange(-30, 30).Draw(t, "shift"))
			more := append(slices.Clone(fills), extra)
			if c2, d2 := covered(more); d2 == d && c2 < c {
				t.Fatalf("a fill lowered the days covered from %d to %d", c, c2)
			}
		}
		// The plain union of each fill's own days, over the same treatment periods.
		for _, class := range []string{"diabetes", "rasa", "statin"} {
			var fs []metrics.Fill
			for _, f := range fills {
				if f.Class == class && f.Day.Year() == 2025 {
					fs = append(fs, f)
				}
			}
			res, err := metrics.PDCFills(fs, metrics.PDC(2025), metrics.Options{})
			if err != nil {
				t.Fatal(err)
			}
			k, ok := res.Class(class)
			if !ok || k.Total.Denominator == 0 {
				continue
			}
			days := map[civil.Date]bool{}
			for _, f := range fs {
				for i := range f.DaysSupply {
					if d := f.Day.AddDays(i); d.Year() == 2025 {
						days[d] = true
					}
				}
			}
			if int64(len(days)) > k.CoveredDays {
				t.Fatalf("%s: shifting covers %d days, the plain union %d", class, k.CoveredDays, len(days))
			}
		}
	})
}

// Shards split by patient and merged in any order give the result over the whole.
func TestPDCShardThenMerge(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fills := pdPopulation(t, rapid.IntRange(0, 15).Draw(t, "patients"), rapid.Bool().Draw(t, "one drug"))
		opts := metrics.Options{Evidence: rapid.Bool().Draw(t, "evidence")}
		if rapid.Bool().Draw(t, "strata") {
			opts.Stratify = func(p carecoord.PatientID, on civil.Date) string { return on.Month().String() }
		}
		whole, err := metrics.PDCFills(fills, metrics.PDC(2025), opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range whole.Classes {
			checkCounts(t, c.Result)
		}
		shards := rapid.IntRange(1, 4).Draw(t, "shards")
		parts := splitShards(shards, fills, shardsOf(t, shards, fills, func(f *metrics.Fill) carecoord.PatientID { return f.Patient }))
		results := make([]metrics.PDCResult, shards)
		for k := range parts {
			if results[k], err = metrics.PDCFills(parts[k], metrics.PDC(2025), opts); err != nil {
				t.Fatal(err)
			}
		}
		merged := mergeShuffled(t, results)
		if diff := cmp.Diff(whole, merged); diff != "" {
			t.Fatalf("merged shards differ from the whole (-whole +merged):\n%s", diff)
		}
	})
}

// pdBenchFills draws about 10 million fills in date order, as a claims feed gives them: 2
// million patients, four in ten with fills, of up to three classes, refilled every 30 or 90
// days with some lateness, from November of the year before. Each fill has its own copy of the
// patient id, laid out in feed order, as a parsed claims file has.
func pdBenchFills(patients int) []metrics.Fill {
	rng := rand.New(rand.NewPCG(11, 12))
	classes := []string{"diabetes", "rasa", "statin"}
	fills := make([]metrics.Fill, 0, patients*5)
	for p := range patients {
		if rng.IntN(10) >= 4 {
			continue
		}
		id := carecoord.PatientID(strconv.Itoa(p + 1))
		for _, class := range classes {
			if rng.IntN(2) == 0 {
				continue
			}
			supply := 30
			if rng.IntN(3) == 0 {
				supply = 90
			}
			for day := civil.MustParse("2024-11-01").AddDays(rng.IntN(120)); day.Year() < 2026; day = day.AddDays(supply + rng.IntN(20) - 5) {
				fills = append(fills, metrics.Fill{ID: strconv.Itoa(len(fills) + 1), Patient: id, Class: class, Drug: class, Day: day, DaysSupply: supply})
			}
		}
	}
	slices.SortFunc(fills, func(a, b metrics.Fill) int { return a.Day.Compare(b.Day) })
	for i := range fills {
		fills[i].Patient = carecoord.PatientID(strings.Clone(string(fills[i].Patient)))
	}
	return fills
}

// The PDC measure over about 10 million fills of 2 million patients, in date order, on one
// core, as the issue asks: ns per fill, the sort included.
func BenchmarkPDC10M(b *testing.B) {
	fills := pdBenchFills(2_000_000)
	rules := metrics.PDC(2025)
	runtime.GC() // the setup's garbage is not the measure's cost
	faults := pagefaults.Count()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := metrics.PDCFills(fills, rules, metrics.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	pdReport(b, len(fills), faults)
	b.ReportMetric(float64(len(fills)), "fills")
}

// pdReport reports a PDC benchmark's ns per fill and, where the system tells, the page faults
// a run took: memory the operating system had to map for the run (when the run grew the heap),
// which costs microseconds a page on some virtual machines and so can outweigh the measure's
// own work.
func pdReport(b *testing.B, fills int, faults int64) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(fills), "ns/fill")
	pagefaults.Report(b, faults)
}

// A workspace used again and again gives what a fresh measure gives, whatever it measured
// before, and its results share none of its memory.
func TestPDCWorkspaceReuse(t *testing.T) {
	var ws metrics.PDCWorkspace
	var kept []metrics.PDCResult
	var want []metrics.PDCResult
	rapid.Check(t, func(t *rapid.T) {
		fills := pdPopulation(t, rapid.IntRange(0, 12).Draw(t, "patients"), rapid.Bool().Draw(t, "one drug"))
		opts := metrics.Options{Evidence: rapid.Bool().Draw(t, "evidence")}
		fresh, err := metrics.PDCFills(fills, metrics.PDC(2025), opts)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ws.Fills(fills, nil, metrics.PDC(2025), opts)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(fresh, got); diff != "" {
			t.Fatalf("the workspace's result differs from a fresh one (-fresh +workspace):\n%s", diff)
		}
		kept, want = append(kept, got), append(want, fresh)
	})
	if diff := cmp.Diff(want, kept); diff != "" {
		t.Fatalf("later runs changed earlier results (-want +kept):\n%s", diff)
	}
}

// BenchmarkPDC10MReuse is BenchmarkPDC10M in one PDCWorkspace, as a simulation measuring the
// same population again and again would run it: no memory to fault in after the first run.
func BenchmarkPDC10MReuse(b *testing.B) { pdBenchReuse(b, pdBenchFills(2_000_000)) }

// pdBenchReuse measures PDC over fills again and again in one workspace, after a first run.
func pdBenchReuse(b *testing.B, fills []metrics.Fill) {
	rules := metrics.PDC(2025)
	var ws metrics.PDCWorkspace
	if _, err := ws.Fills(fills, nil, rules, metrics.Options{}); err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	faults := pagefaults.Count()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := ws.Fills(fills, nil, rules, metrics.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	pdReport(b, len(fills), faults)
}

// A small population measured again and again, as a simulation measuring each cohort does:
// the cost per fill must not grow as the population shrinks.
func BenchmarkPDCSmall(b *testing.B) {
	for _, patients := range []int{100, 2_000} {
		b.Run(strconv.Itoa(patients), func(b *testing.B) {
			fills := pdBenchFills(patients)
			rules := metrics.PDC(2025)
			var ws metrics.PDCWorkspace
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ws.Fills(fills, nil, rules, metrics.Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(fills)), "ns/fill")
		})
	}
}

// A slice of fills, whose ids the measure checks once a patient when it walks them, gives
// what the same fills one by one give (each id checked as it comes): the same result, or the
// same problems in the same order, whatever is wrong with which fill (an id with a zero byte,
// a space or a byte past ASCII, of 3 to 9, 11, 12, 15, 16 or 70 bytes, on a fill in the period
// or out of it, beside other problems), with and without evidence and the caller's functions.
func TestPDCSliceChecksAsSequence(t *testing.T) {
	ids := []carecoord.PatientID{"p1\x00", "p 1", "\xc3\xa9p", "", "fifteen-bytes-1", "sixteen-bytes-12",
		carecoord.PatientID(strings.Repeat("x", 70)), carecoord.PatientID(strings.Repeat("x", 40)), "a-rather-long-id-with a space",
		"p12\x00", "p-1234", "p 1234", "\xc3\xa91234", "abcdefgh", "abcdefg\x00", "abcd.fg-", "p-1234567", "p 1234567",
		"p-123456789", "p-1234567 9", "p-12345678\x00", "p-123456\x0089", "p-1234567\xc3\xa9", "p-1234567890", "p-12345678 0"}
	rapid.Check(t, func(t *rapid.T) {
		fills := pdPopulation(t, rapid.IntRange(1, 12).Draw(t, "patients"), rapid.Bool().Draw(t, "one drug"))
		for k := rapid.IntRange(0, 3).Draw(t, "changes"); k > 0 && len(fills) > 0; k-- {
			f := &fills[rapid.IntRange(0, len(fills)-1).Draw(t, "fill")]
			switch rapid.IntRange(0, 3).Draw(t, "change") {
			case 0: // a copy at the end, its class and drug met before
				g := *f
				g.Patient = rapid.SampledFrom(ids).Draw(t, "id")
				fills = append(fills, g)
			case 1:
				g := *f
				g.Patient = rapid.SampledFrom(ids).Draw(t, "id")
				g.Day = civil.MustParse("2024-06-01") // before the period
				fills = append(fills, g)
			case 2:
				f.DaysSupply = 0
			case 3:
				f.Class = ""
			}
		}
		opts := metrics.Options{Evidence: rapid.Bool().Draw(t, "evidence")}
		rules := metrics.PDC(2025)
		if rapid.Bool().Draw(t, "endOf") {
			rules.EndOf = func(p carecoord.PatientID) (civil.Date, bool) {
				if !carecoord.ValidID(string(p)) {
					t.Fatalf("EndOf was given an invalid id")
				}
				return civil.Date{}, false
			}
		}
		got, err := metrics.PDCFills(fills, rules, opts)
		want, wantErr := metrics.PDCSeq(slices.Values(fills), nil, rules, opts)
		if fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Fatalf("slice: %v\nsequence: %v", err, wantErr)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("the slice's result differs from the sequence's (-sequence +slice):\n%s", diff)
		}
	})
}

// Class and drug names are the same whether the fills share one copy of each, as a feed that
// interns them does (matched by address in the reading loop), or each fill has its own copy,
// as a parser that allocates each field does (compared by value), or the two are mixed.
func TestPDCNamesCopiedOrShared(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fills := pdPopulation(t, rapid.IntRange(1, 30).Draw(t, "patients"), rapid.Bool().Draw(t, "one drug"))
		copied := slices.Clone(fills)
		for i := range copied {
			if rapid.Bool().Draw(t, "copy") {
				copied[i].Class, copied[i].Drug = strings.Clone(copied[i].Class), strings.Clone(copied[i].Drug)
			}
		}
		opts := metrics.Options{Evidence: rapid.Bool().Draw(t, "evidence")}
		want, err := metrics.PDCFills(fills, metrics.PDC(2025), opts)
		if err != nil {
			t.Fatal(err)
		}
		got, err := metrics.PDCFills(copied, metrics.PDC(2025), opts)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("copied names change the result (-shared +copied):\n%s", diff)
		}
	})
}

// An id that ends in a zero byte, which a key's padding would hide, is found invalid wherever
// the slice's fast path packs it: the measure fails naming it, rather than counting its fill
// for the id without the zero byte.
func TestPDCIDEndingInZeroIsInvalid(t *testing.T) {
	for _, good := range []string{"p", "p12", "p123", "abcdefg", "p-1234567", "p-123456789"} {
		bad := carecoord.PatientID(good + "\x00")
		day := civil.MustParse("2025-02-01")
		fills := []metrics.Fill{
			{ID: "1", Patient: carecoord.PatientID(good), Class: "statin", Drug: "statin", Day: day, DaysSupply: 30},
			{ID: "2", Patient: carecoord.PatientID(good), Class: "statin", Drug: "statin", Day: day.AddDays(30), DaysSupply: 30},
			{ID: "3", Patient: bad, Class: "statin", Drug: "statin", Day: day.AddDays(60), DaysSupply: 30},
		}
		_, err := metrics.PDCFills(fills, metrics.PDC(2025), metrics.Options{})
		if err == nil || !strings.Contains(err.Error(), "fills[2].patient") {
			t.Errorf("%q: err = %v, want fills[2].patient named", bad, err)
		}
	}
}

// Ids longer than a key holds are compared where the measure keeps their bytes, without a copy:
// a run in a workspace allocates the same few times however many fills it reads. (Each
// comparison made two strings before, each of more than 32 bytes an allocation: two a fill,
// and over ten million fills with ids of 36 bytes, 580 to 910 ns a fill against about 230 now.)
func TestPDCLongIDsAllocateNothingAFill(t *testing.T) {
	fills := pdBenchFills(2_000)
	for i := range fills {
		fills[i].Patient = "a-patient-id-longer-than-a-key-holds-" + fills[i].Patient
	}
	var ws metrics.PDCWorkspace
	run := func() {
		if _, err := ws.Fills(fills, nil, metrics.PDC(2025), metrics.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	run()
	if n := testing.AllocsPerRun(3, run); n > 50 {
		t.Errorf("%v allocations a run of %d fills, want a few", n, len(fills))
	}
}

// The PDC10M population with its ids made 11 bytes long (as Medicare's beneficiary
// identifiers) and 15 (the longest a key holds whole), and 36 (as a UUID: kept in the
// measure's arena and compared by its bytes), in one workspace.
func BenchmarkPDC10MIDLengths(b *testing.B) {
	fills := pdBenchFills(2_000_000)
	short := make([]carecoord.PatientID, len(fills))
	for i := range fills {
		short[i] = fills[i].Patient
	}
	for _, n := range []int{11, 15, 36} {
		for i := range fills {
			fills[i].Patient = carecoord.PatientID("P" + strings.Repeat("0", n-1-len(short[i])) + string(short[i]))
		}
		b.Run(strconv.Itoa(n), func(b *testing.B) { pdBenchReuse(b, fills) })
	}
}
