package metrics_test

import (
	"cmp"
	"errors"
	"math/big"
	"slices"
	"strconv"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
	gocmp "github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// cmGenFills draws 1 to 40 fills of one patient over about 18 months: two classes, doses 1
// to 4, some on the same day, ids unique within the patient.
func cmGenFills(t *rapid.T, patient string) []metrics.Fill {
	n := rapid.IntRange(1, 40).Draw(t, "fills")
	start := cmD("2024-01-01")
	fills := make([]metrics.Fill, n)
	for i := range fills {
		class := rapid.SampledFrom([]string{"a", "b"}).Draw(t, "class")
		fills[i] = metrics.Fill{
			ID: patient + "-" + strconv.Itoa(i), Patient: carecoord.PatientID(patient), Class: class, Drug: class,
			Day:        start.AddDays(rapid.IntRange(0, 540).Draw(t, "day")),
			DaysSupply: rapid.IntRange(1, 120).Draw(t, "supply"),
			DailyDose:  rapid.IntRange(1, 4).Draw(t, "dose"),
		}
	}
	return fills
}

// cmGenWindows draws a follow-up and an observation window.
func cmGenWindows(t *rapid.T) metrics.CMAWindows {
	return metrics.CMAWindows{
		FollowUp:    metrics.CMAWindow{Start: rapid.IntRange(0, 60).Draw(t, "fuw start"), Days: rapid.IntRange(1, 700).Draw(t, "fuw days")},
		Observation: metrics.CMAWindow{Start: rapid.IntRange(0, 400).Draw(t, "ow start"), Days: rapid.IntRange(1, 500).Draw(t, "ow days")},
	}
}

func cmGenOptions(t *rapid.T) metrics.CMAOptions {
	return metrics.CMAOptions{
		CarryOnlyForSameMedication: rapid.Bool().Draw(t, "same medication"),
		ConsiderDosageChange:       rapid.Bool().Draw(t, "dosage change"),
	}
}

// cmDayByDay is the clean-room model of CMA7 in spec §1.4, day by day: the stock starts empty
// at the first follow-up fill; each fill adds its days' supply (after the stock is dropped at
// a change of class, when sameMed); each day with stock is covered and uses a day. Fills of a
// day go in id order, as CMA documents.
func cmDayByDay(fills []metrics.Fill, w metrics.CMAWindows, sameMed bool) (covered, days int, ok bool) {
	first := fills[0].Day
	for _, f := range fills {
		if f.Day.Before(first) {
			first = f.Day
		}
	}
	fuwLo, fuwHi := first.AddDays(w.FollowUp.Start), first.AddDays(w.FollowUp.Start+w.FollowUp.Days)
	owLo, owHi := first.AddDays(w.Observation.Start), first.AddDays(w.Observation.Start+w.Observation.Days)
	var in []metrics.Fill
	for _, f := range fills {
		if !f.Day.Before(fuwLo) && f.Day.Before(fuwHi) {
			in = append(in, f)
		}
	}
	if len(in) == 0 {
		return 0, 0, false
	}
	slices.SortFunc(in, func(a, b metrics.Fill) int {
		if c := a.Day.Compare(b.Day); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	stock, k, class := 0, 0, ""
	for d := in[0].Day; d.Before(owHi); d = d.AddDays(1) {
		for ; k < len(in) && in[k].Day == d; k++ {
			if sameMed && class != "" && in[k].Class != class {
				stock = 0
			}
			stock += in[k].DaysSupply
			class = in[k].Class
		}
		if stock > 0 {
			if !d.Before(owLo) {
				covered++
			}
			stock--
		}
	}
	return covered, w.Observation.Days, true
}

// CMA7 is the day-by-day pooled stock model (spec §1.4), with and without carry-over only
// within a medication.
func TestCMA7IsTheDayByDayStockProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fills := cmGenFills(t, "p")
		w := cmGenWindows(t)
		sameMed := rapid.Bool().Draw(t, "same medication")
		v, err := metrics.CMA(metrics.CMA7, fills, w, metrics.CMAOptions{CarryOnlyForSameMedication: sameMed})
		if err != nil {
			t.Fatal(err)
		}
		covered, days, ok := cmDayByDay(fills, w, sameMed)
		if v.Computable() != ok {
			t.Fatalf("CMA7 computable = %v, model %v", v.Computable(), ok)
		}
		if !ok {
			return
		}
		if n, whole := v.Supply.Whole(); !whole || n != int64(covered) || v.Days() != days {
			t.Fatalf("CMA7 = %v/%d, day by day %d/%d", v.Supply, v.Days(), covered, days)
		}
	})
}

// Every CMA but CMA1 and CMA2 is between 0 and 1; CMA1 and CMA2 are not negative.
func TestCMABoundsProperty(t *testing.T) {
	one := big.NewRat(1, 1)
	rapid.Check(t, func(t *rapid.T) {
		kind := rapid.SampledFrom(metrics.CMAKinds()).Draw(t, "kind")
		v, err := metrics.CMA(kind, cmGenFills(t, "p"), cmGenWindows(t), cmGenOptions(t))
		if err != nil {
			t.Fatal(err)
		}
		r := v.Rat()
		if r == nil {
			return
		}
		if r.Sign() < 0 || kind != metrics.CMA1 && kind != metrics.CMA2 && r.Cmp(one) > 0 {
			t.Fatalf("%s = %v/%d = %v, out of bounds", kind, v.Supply, v.Days(), r)
		}
	})
}

// Another fill, on or after the first (so that the windows stay where they are), never
// lowers CMA7's covered days under the default options.
func TestCMA7AddingAFillNeverLowersCoverageProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fills := cmGenFills(t, "p")
		w := cmGenWindows(t)
		before, err := metrics.CMA(metrics.CMA7, fills, w, metrics.CMAOptions{})
		if err != nil {
			t.Fatal(err)
		}
		first := slices.MinFunc(fills, func(a, b metrics.Fill) int { return a.Day.Compare(b.Day) }).Day
		extra := metrics.Fill{ID: "extra", Patient: "p", Class: "a", Drug: "a",
			Day: first.AddDays(rapid.IntRange(0, 700).Draw(t, "extra day")), DaysSupply: rapid.IntRange(1, 120).Draw(t, "extra supply")}
		after, err := metrics.CMA(metrics.CMA7, append(slices.Clip(fills), extra), w, metrics.CMAOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if after.Window != before.Window || after.Supply.Cmp(before.Supply) < 0 {
			t.Fatalf("CMA7 %v over %v became %v over %v with another fill", before.Supply, before.Window, after.Supply, after.Window)
		}
	})
}

// The order of the fills does not matter, and one sliding window as long as the observation
// window is the CMA itself.
func TestCMAOrderAndWholeWindowProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		kind := rapid.SampledFrom(metrics.CMAKinds()).Draw(t, "kind")
		fills := cmGenFills(t, "p")
		w, o := cmGenWindows(t), cmGenOptions(t)
		want, err := metrics.CMA(kind, fills, w, o)
		if err != nil {
			t.Fatal(err)
		}
		got, err := metrics.CMA(kind, rapid.Permutation(fills).Draw(t, "order"), w, o)
		if err != nil {
			t.Fatal(err)
		}
		if diff := gocmp.Diff(want, got); diff != "" {
			t.Fatalf("CMA of the fills in another order mismatch (-want +got):\n%s", diff)
		}
		slide, err := metrics.CMASlidingWindows(kind, fills, w, metrics.SlidingWindows{Days: w.Observation.Days, Step: 1}, o)
		if err != nil {
			t.Fatal(err)
		}
		if diff := gocmp.Diff([]metrics.CMAValue{want}, slide); diff != "" {
			t.Fatalf("one whole-window slide mismatch (-want +got):\n%s", diff)
		}
	})
}

// Treatment episodes are in order, do not overlap, lie in the follow-up window, start on a
// fill's day, and every follow-up fill is in one; per-episode CMAs are over the episodes.
func TestTreatmentEpisodesProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fills := cmGenFills(t, "p")
		w, o := cmGenWindows(t), cmGenOptions(t)
		rules := metrics.EpisodeRules{
			MaxGap:                rapid.IntRange(0, 200).Draw(t, "max gap"),
			NewOnMedicationChange: rapid.Bool().Draw(t, "new on medication"),
			NewOnDosageChange:     rapid.Bool().Draw(t, "new on dose"),
			AppendMaxGap:          rapid.Bool().Draw(t, "append"),
		}
		eps, err := metrics.TreatmentEpisodes(fills, w.FollowUp, rules, o)
		if err != nil {
			t.Fatal(err)
		}
		first := slices.MinFunc(fills, func(a, b metrics.Fill) int { return a.Day.Compare(b.Day) }).Day
		fuw := civil.Range{Start: first.AddDays(w.FollowUp.Start), End: first.AddDays(w.FollowUp.Start + w.FollowUp.Days - 1)}
		days := map[civil.Date]bool{}
		for _, f := range fills {
			days[f.Day] = true
		}
		for i, e := range eps {
			if e.Span.IsEmpty() || !fuw.Contains(e.Span.Start) || !fuw.Contains(e.Span.End) || !days[e.Span.Start] || e.Gap < 0 {
				t.Fatalf("episode %d = %+v, follow-up %v", i, e, fuw)
			}
			if i > 0 && !eps[i-1].Span.End.Before(e.Span.Start) {
				t.Fatalf("episodes %d and %d overlap or are out of order: %v, %v", i-1, i, eps[i-1].Span, e.Span)
			}
		}
		for _, f := range fills {
			if !fuw.Contains(f.Day) {
				continue
			}
			if !slices.ContainsFunc(eps, func(e metrics.TreatmentEpisode) bool { return e.Span.Contains(f.Day) }) {
				t.Fatalf("fill on %v is in no episode of %+v", f.Day, eps)
			}
		}
		per, err := metrics.CMAPerEpisode(metrics.CMA7, fills, w, rules, o)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range per {
			if !slices.Contains(eps, p.Episode) {
				t.Fatalf("per-episode CMA over %+v, not an episode of %+v", p.Episode, eps)
			}
			if x, ok := p.Episode.Span.Overlap(p.CMA.Window); !ok || x != p.CMA.Window {
				t.Fatalf("per-episode CMA window %v outside its episode %v", p.CMA.Window, p.Episode.Span)
			}
		}
	})
}

// cmGenPopulation draws the fills of 0 to 8 patients, interleaved.
func cmGenPopulation(t *rapid.T) []metrics.Fill {
	var fills []metrics.Fill
	for i := range rapid.IntRange(0, 8).Draw(t, "patients") {
		fills = append(fills, cmGenFills(t, "pat"+strconv.Itoa(i))...)
	}
	return rapid.Permutation(fills).Draw(t, "order")
}

// The population measure over shards of patients, merged, is the measure over all of them;
// each patient's value is CMA's for their fills.
func TestCMAMeasureShardMergeProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fills := cmGenPopulation(t)
		rules := metrics.CMARules{Measure: "cma-test", Kind: rapid.SampledFrom(metrics.CMAKinds()).Draw(t, "kind"),
			Windows: cmGenWindows(t), Options: cmGenOptions(t),
			Threshold: carecoord.Rate{Num: int64(rapid.IntRange(0, 120).Draw(t, "threshold")), Den: 100}}
		opts := coOptions(t)
		whole, err := metrics.CMAMeasure(fills, rules, opts)
		if err != nil {
			t.Fatal(err)
		}
		const shards = 3
		parts := splitShards(shards, fills, shardsOf(t, shards, fills, func(f *metrics.Fill) carecoord.PatientID { return f.Patient }))
		var results []metrics.Result
		for _, part := range parts {
			r, err := metrics.CMAMeasure(part, rules, opts)
			if err != nil {
				t.Fatal(err)
			}
			results = append(results, r)
		}
		if diff := gocmp.Diff(whole, mergeShuffled(t, results)); diff != "" {
			t.Fatalf("merged shards mismatch (-whole +merged):\n%s", diff)
		}

		values, err := metrics.CMAByPatient(rules.Kind, fills, rules.Windows, rules.Options)
		if err != nil {
			t.Fatal(err)
		}
		var tally metrics.Tally
		for i, v := range values {
			if i > 0 && values[i-1].Patient >= v.Patient {
				t.Fatalf("CMAByPatient out of patient order at %d", i)
			}
			var own []metrics.Fill
			for _, f := range fills {
				if f.Patient == v.Patient {
					own = append(own, f)
				}
			}
			want, err := metrics.CMA(rules.Kind, own, rules.Windows, rules.Options)
			if err != nil {
				t.Fatal(err)
			}
			if diff := gocmp.Diff(want, v.CMAValue); diff != "" {
				t.Fatalf("CMAByPatient(%s) mismatch (-CMA +CMAByPatient):\n%s", v.Patient, diff)
			}
			if opts.Eligible != nil && opts.Eligible(v.Patient, v.Window.Start) != "" {
				tally.Excluded++
				continue
			}
			switch {
			case !v.Computable():
				tally.Excluded++
			case v.AtLeast(rules.Threshold):
				tally.Denominator++
				tally.Numerator++
			default:
				tally.Denominator++
			}
		}
		if tally != whole.Total {
			t.Fatalf("CMAMeasure total = %+v, from CMAByPatient %+v", whole.Total, tally)
		}
	})
}

// Garbage in (zero and out-of-range fields, mixed patients): every CMA function answers with
// a value or field errors, and never panics.
func TestCMANeverPanicsProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 6).Draw(t, "fills")
		fills := make([]metrics.Fill, n)
		for i := range fills {
			fills[i] = metrics.Fill{
				ID:      rapid.SampledFrom([]string{"", "a", "b"}).Draw(t, "id"),
				Patient: carecoord.PatientID(rapid.SampledFrom([]string{"", "p", "q", "bad id!"}).Draw(t, "patient")),
				Class:   rapid.SampledFrom([]string{"", "x", "y"}).Draw(t, "class"), Drug: "d",
				Day:        rapid.SampledFrom([]civil.Date{{}, cmD("0001-01-01"), cmD("2024-05-05"), cmD("9999-12-31")}).Draw(t, "day"),
				DaysSupply: rapid.IntRange(-1, 400).Draw(t, "supply"),
				DailyDose:  rapid.IntRange(-1, 2_000_000).Draw(t, "dose"),
			}
		}
		w := metrics.CMAWindows{
			FollowUp:    metrics.CMAWindow{Start: rapid.IntRange(-1, 40_000).Draw(t, "fs"), Days: rapid.IntRange(-1, 40_000).Draw(t, "fd")},
			Observation: metrics.CMAWindow{Start: rapid.IntRange(-1, 40_000).Draw(t, "os"), Days: rapid.IntRange(-1, 40_000).Draw(t, "od")},
		}
		kind := rapid.SampledFrom(append(metrics.CMAKinds(), "", "cma0")).Draw(t, "kind")
		o := cmGenOptions(t)
		check := func(name string, err error) {
			if err != nil && !errors.Is(err, carecoord.ErrInvalid) {
				t.Fatalf("%s error = %v, not ErrInvalid", name, err)
			}
		}
		_, err := metrics.CMA(kind, fills, w, o)
		check("CMA", err)
		_, err = metrics.TreatmentEpisodes(fills, w.FollowUp, metrics.EpisodeRules{MaxGap: rapid.IntRange(-1, 40_000).Draw(t, "gap")}, o)
		check("TreatmentEpisodes", err)
		_, err = metrics.CMASlidingWindows(kind, fills, w, metrics.SlidingWindows{Days: rapid.IntRange(-1, 400).Draw(t, "sd"), Step: rapid.IntRange(-1, 400).Draw(t, "ss")}, o)
		check("CMASlidingWindows", err)
		_, err = metrics.CMAByPatient(kind, fills, w, o)
		check("CMAByPatient", err)
		_, err = metrics.CMAMeasure(fills, metrics.CMARules{Measure: "m", Kind: kind, Windows: w, Options: o, Threshold: carecoord.Rate{Num: 4, Den: 5}}, metrics.Options{Evidence: true})
		check("CMAMeasure", err)
	})
}

// Patients 2, 4 and 5 of med.events (spec §1.5): CMA7 is the day-by-day stock model over the
// vignette's windows and others, the model AdhereR's CMA7 matched on all 100 patients.
func TestCMA7SpecPatientsAreTheDayByDayStock(t *testing.T) {
	for _, p := range []int{2, 4, 5, 37, 76} {
		for _, w := range []metrics.CMAWindows{cmVignette, metrics.DefaultCMAWindows(),
			{FollowUp: metrics.CMAWindow{Start: 30, Days: 700}, Observation: metrics.CMAWindow{Start: 30, Days: 365}}} {
			fills := cmFills(p)
			v, err := metrics.CMA(metrics.CMA7, fills, w, metrics.CMAOptions{})
			if err != nil {
				t.Fatal(err)
			}
			covered, days, _ := cmDayByDay(fills, w, false)
			if v.Supply.String() != strconv.Itoa(covered) || v.Days() != days {
				t.Errorf("patient %d, %+v: CMA7 = %v/%d, day by day %d/%d", p, w, v.Supply, v.Days(), covered, days)
			}
		}
	}
}
