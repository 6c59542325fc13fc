package metrics_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
	"github.com/google/go-cmp/cmp"
)

// cmMedEvents are the rows of AdhereR's med.events for patients 2, 4, 5, 37 and 76, as the
// metrics spec §1.5 gives them (37 and 76 as the vignette's Table 1 prints them):
// PATIENT_ID, DATE (mm/dd/yyyy), PERDAY, CATEGORY, DURATION.
const cmMedEvents = `
2,01/20/2036,4,medA,50   2,03/10/2036,4,medA,50   2,08/01/2036,4,medA,50   2,08/01/2036,4,medB,60
2,09/21/2036,4,medB,60   2,01/24/2037,4,medB,60   2,04/16/2037,4,medB,60   2,05/08/2037,4,medB,60
4,05/01/2032,4,medA,50   4,11/27/2032,4,medA,50   4,08/20/2033,4,medA,50   4,08/30/2033,4,medA,50
4,12/17/2033,4,medA,50   4,04/04/2034,4,medB,30
5,10/26/2031,8,medA,30   5,12/27/2031,8,medA,30   5,01/25/2032,8,medA,30   5,03/04/2032,8,medA,30
5,09/02/2032,8,medA,30   5,12/17/2032,8,medA,30   5,12/23/2032,8,medA,30   5,02/17/2033,4,medB,60
37,04/10/2036,4,medA,50  37,07/30/2036,4,medA,50  37,09/15/2036,4,medA,50  37,01/02/2037,4,medB,30
37,01/31/2037,4,medB,30  37,05/09/2037,4,medB,30  37,08/13/2037,4,medB,30  37,11/09/2037,4,medB,30
76,12/13/2035,20,medA,30 76,01/18/2036,20,medA,30 76,01/23/2036,2,medA,60  76,04/25/2036,2,medA,60
76,08/08/2036,2,medA,60  76,10/03/2036,2,medA,60  76,11/29/2036,2,medA,60  76,12/21/2036,6,medB,30
76,01/05/2037,6,medB,30  76,07/13/2037,6,medB,30  76,10/11/2037,2,medA,30
`

// cmFills returns the med.events rows of the patients given (all when none), as fills: the
// category is both class and drug, PERDAY the daily dose, and each row gets its own id.
func cmFills(patients ...int) []metrics.Fill {
	var fills []metrics.Fill
	for i, row := range strings.Fields(cmMedEvents) {
		c := strings.Split(row, ",")
		pid, _ := strconv.Atoi(c[0])
		if len(patients) > 0 && !slices.Contains(patients, pid) {
			continue
		}
		day, err := time.Parse("01/02/2006", c[1])
		if err != nil {
			panic(err)
		}
		perDay, _ := strconv.Atoi(c[2])
		supply, _ := strconv.Atoi(c[4])
		fills = append(fills, metrics.Fill{
			ID: "rx-" + strconv.Itoa(i+1), Patient: carecoord.PatientID("p" + c[0]), Class: c[3], Drug: c[3],
			Day: civil.DateOf(day), DaysSupply: supply, DailyDose: perDay,
		})
	}
	return fills
}

// cmVignette are the windows of the vignette's examples: follow-up the 730 days from the first
// fill, observation the 365 days from day 182.
var cmVignette = metrics.CMAWindows{
	FollowUp:    metrics.CMAWindow{Start: 0, Days: 730},
	Observation: metrics.CMAWindow{Start: 182, Days: 365},
}

func cmD(s string) civil.Date { return civil.MustParse(s) }

func cmR(a, b string) civil.Range { return civil.Range{Start: cmD(a), End: cmD(b)} }

// cmExact parses "num/den" or "n" as ExactDays.
func cmExact(t testing.TB, s string) metrics.ExactDays {
	t.Helper()
	var d metrics.ExactDays
	if err := d.UnmarshalText([]byte(s)); err != nil {
		t.Fatalf("UnmarshalText(%q): %v", s, err)
	}
	return d
}

// The published numbers and hand traces of spec §1.5 (AdhereR's vignette, patients 37 and
// 76), and the CMAs that follow from the same traces.
func TestCMAVignette(t *testing.T) {
	osp := metrics.CMAWindows{FollowUp: metrics.CMAWindow{Days: 730}, Observation: metrics.CMAWindow{Start: 374, Days: 294}}
	tests := []struct {
		name    string
		kind    metrics.CMAKind
		patient int
		w       metrics.CMAWindows
		window  civil.Range
		span    civil.Range
		supply  string
		printed float64 // the published value, to its printed precision; 0 when none
		places  int
	}{
		// CMA1, 37: OW fills 2037-01-02, 01-31, 05-09, 08-13 (30 days each): 90 days but
		// the last over 223 days = 0.4035874.
		{"cma1/37", metrics.CMA1, 37, cmVignette, cmR("2036-10-09", "2037-10-08"), cmR("2037-01-02", "2037-08-12"), "90", 0.4035874, 7},
		// CMA1, 76: 210 days' supply but the last over 2036-08-08 → 2037-01-05 (150 days) = 1.4.
		{"cma1/76", metrics.CMA1, 76, cmVignette, cmR("2036-06-12", "2037-06-11"), cmR("2036-08-08", "2037-01-04"), "210", 1.4, 7},
		// CMA3 caps CMA1 at 1.
		{"cma3/76", metrics.CMA3, 76, cmVignette, cmR("2036-06-12", "2037-06-11"), cmR("2036-08-08", "2037-01-04"), "150", 1, 7},
		// CMA2, 76: all 240 days' supply over the first OW fill → OW end (308 days), spec §1.4.
		{"cma2/76", metrics.CMA2, 76, cmVignette, cmR("2036-06-12", "2037-06-11"), cmR("2036-08-08", "2037-06-11"), "240", 0, 0},
		{"cma4/76", metrics.CMA4, 76, cmVignette, cmR("2036-06-12", "2037-06-11"), cmR("2036-08-08", "2037-06-11"), "240", 0, 0},
		// CMA5, 76: banked from 2036-08-08, supply lasts to 2037-04-04: every day to the last
		// fill is covered.
		{"cma5/76", metrics.CMA5, 76, cmVignette, cmR("2036-06-12", "2037-06-11"), cmR("2036-08-08", "2037-01-04"), "150", 0, 0},
		// CMA6, 76: 2036-08-08 … 2037-04-04 covered (240 days) of 308.
		{"cma6/76", metrics.CMA6, 76, cmVignette, cmR("2036-06-12", "2037-06-11"), cmR("2036-08-08", "2037-06-11"), "240", 0, 0},
		// CMA7, 76: covered 2036-06-12…06-23 (12) and 2036-08-08…2037-04-04 (240) = 252/365 ≈ 69%.
		{"cma7/76", metrics.CMA7, 76, cmVignette, cmR("2036-06-12", "2037-06-11"), cmR("2036-06-12", "2037-06-11"), "252", 0.6904109589, 10},
		// CMA8, 76, OW from day 374 for 294 days: 45 days carried in lag the start to
		// 2037-02-04; 90 of the 249 days to 2037-10-11 are covered = 36.14%.
		{"cma8/76", metrics.CMA8, 76, osp, cmR("2036-12-21", "2037-10-10"), cmR("2037-02-04", "2037-10-10"), "90", 0.3614, 4},
		// CMA9, 76: 57 days at 60/105, 150 at 1, 158 at 90/189 = 5414/21 weighted days ≈ 70.6%.
		{"cma9/76", metrics.CMA9, 76, cmVignette, cmR("2036-06-12", "2037-06-11"), cmR("2036-06-12", "2037-06-11"), "5414/21", 0.706, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := metrics.CMA(tt.kind, cmFills(tt.patient), tt.w, metrics.CMAOptions{})
			if err != nil {
				t.Fatal(err)
			}
			want := metrics.CMAValue{Kind: tt.kind, Window: tt.window, Span: tt.span, Supply: cmExact(t, tt.supply)}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("CMA() mismatch (-want +got):\n%s", diff)
			}
			if tt.printed != 0 {
				scale := math.Pow(10, float64(tt.places))
				if r := math.Round(got.Float64()*scale) / scale; r != tt.printed {
					t.Errorf("CMA() = %v ≈ %v, want %v", got.Rat(), r, tt.printed)
				}
			}
		})
	}
}

// The vignette prints CMA1 as round(100·CMA, 2): 40.36 and 140.
func TestCMAPercent(t *testing.T) {
	for _, tt := range []struct {
		patient int
		want    string
	}{{37, "40.36"}, {76, "140"}} {
		v, err := metrics.CMA(metrics.CMA1, cmFills(tt.patient), cmVignette, metrics.CMAOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := v.Percent(2); !ok || got.String() != tt.want {
			t.Errorf("patient %d: Percent(2) = %v, %v; want %s", tt.patient, got, ok, tt.want)
		}
	}
}

// compute.treatment.episodes on patients 37 and 76 (spec §1.5): carry-over within the window,
// only for the same medication, dosage changes considered, a change of medication starts an
// episode, maximum permissible gap 180 days, follow-up 0…730. AdhereR prints each episode's
// end as the day after its last.
func TestTreatmentEpisodes(t *testing.T) {
	rules := metrics.EpisodeRules{MaxGap: 180, NewOnMedicationChange: true}
	opts := metrics.CMAOptions{CarryOnlyForSameMedication: true, ConsiderDosageChange: true}
	tests := []struct {
		patient int
		want    []metrics.TreatmentEpisode
		days    []int
	}{
		{37, []metrics.TreatmentEpisode{
			{Span: cmR("2036-04-10", "2036-11-06"), Gap: 56},  // → 2036-11-07, 211 days
			{Span: cmR("2037-01-02", "2038-04-09"), Gap: 122}, // → 2038-04-10, 463 days
		}, []int{211, 463}},
		{76, []metrics.TreatmentEpisode{
			{Span: cmR("2035-12-13", "2036-12-20"), Gap: 0},  // → 2036-12-21, 374 days
			{Span: cmR("2036-12-21", "2037-08-11"), Gap: 60}, // → 2037-08-12, 234 days
			{Span: cmR("2037-10-11", "2037-12-11"), Gap: 32}, // → 2037-12-12, 62 days
		}, []int{374, 234, 62}},
	}
	for _, tt := range tests {
		got, err := metrics.TreatmentEpisodes(cmFills(tt.patient), metrics.CMAWindow{Days: 730}, rules, opts)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("TreatmentEpisodes(%d) mismatch (-want +got):\n%s", tt.patient, diff)
		}
		for i, e := range got {
			if i < len(tt.days) && e.Span.Days() != tt.days[i] {
				t.Errorf("patient %d episode %d: %d days, want %d", tt.patient, i+1, e.Span.Days(), tt.days[i])
			}
		}
	}
}

// Episodes split at each change of daily dose (76: 20 → 2 on 2036-01-23, 2 → 6 on 12-21,
// 6 → 2 on 2037-10-11), traced by hand with supply carried over across medications.
func TestTreatmentEpisodesNewOnDosageChange(t *testing.T) {
	got, err := metrics.TreatmentEpisodes(cmFills(76), metrics.CMAWindow{Days: 730},
		metrics.EpisodeRules{MaxGap: 180, NewOnDosageChange: true}, metrics.CMAOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []metrics.TreatmentEpisode{
		{Span: cmR("2035-12-13", "2036-01-22"), Gap: 0},  // 01-18's supply lasts past 01-23
		{Span: cmR("2036-01-23", "2036-12-20"), Gap: 0},  // 67 days on hand on 11-29
		{Span: cmR("2036-12-21", "2037-08-11"), Gap: 60}, // 07-13's 30 days, then none to 10-11
		{Span: cmR("2037-10-11", "2037-12-11"), Gap: 32}, // to the end of follow-up
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("TreatmentEpisodes mismatch (-want +got):\n%s", diff)
	}
}

// A gap longer than the maximum permissible one ends an episode when the supply runs out;
// AppendMaxGap adds the maximum gap to it (37, maximum gap 30 days, traced by hand).
func TestTreatmentEpisodesAppendMaxGap(t *testing.T) {
	rules := metrics.EpisodeRules{MaxGap: 30, NewOnMedicationChange: true}
	want := []metrics.TreatmentEpisode{
		{Span: cmR("2036-04-10", "2036-05-29"), Gap: 61},  // 50 days, none to 07-30
		{Span: cmR("2036-07-30", "2036-11-06"), Gap: 56},  // 3 carried into 09-15's 50
		{Span: cmR("2037-01-02", "2037-03-02"), Gap: 67},  // 1 carried into 01-31's 30
		{Span: cmR("2037-05-09", "2037-06-07"), Gap: 66},  //
		{Span: cmR("2037-08-13", "2037-09-11"), Gap: 58},  //
		{Span: cmR("2037-11-09", "2037-12-08"), Gap: 122}, // to the end of follow-up, 2038-04-10
	}
	got, err := metrics.TreatmentEpisodes(cmFills(37), metrics.CMAWindow{Days: 730}, rules, metrics.CMAOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("TreatmentEpisodes mismatch (-want +got):\n%s", diff)
	}
	rules.AppendMaxGap = true
	for i := range want {
		want[i].Span.End = want[i].Span.End.AddDays(30) // never up to the next fill here
	}
	got, err = metrics.TreatmentEpisodes(cmFills(37), metrics.CMAWindow{Days: 730}, rules, metrics.CMAOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("TreatmentEpisodes with AppendMaxGap mismatch (-want +got):\n%s", diff)
	}
}

// CMA_per_episode with CMA9 over the same episodes, carry-over across medications (spec
// §1.5): 37 → 0.7109005, 0.3239741; 76 → 0.8422460, 0.3846154, 0.4838710.
func TestCMAPerEpisodeCMA9(t *testing.T) {
	tests := []struct {
		patient int
		supply  []string
		days    []int
		printed []float64
	}{
		{37, []string{"150", "150"}, []int{211, 463}, []float64{0.7109005, 0.3239741}},
		{76, []string{"315", "90", "30"}, []int{374, 234, 62}, []float64{0.8422460, 0.3846154, 0.4838710}},
	}
	for _, tt := range tests {
		got, err := metrics.CMAPerEpisode(metrics.CMA9, cmFills(tt.patient), metrics.DefaultCMAWindows(), metrics.DefaultEpisodeRules(), metrics.CMAOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(tt.supply) {
			t.Fatalf("CMAPerEpisode(%d) = %d episodes, want %d", tt.patient, len(got), len(tt.supply))
		}
		for i, e := range got {
			if e.CMA.Supply.String() != tt.supply[i] || e.CMA.Days() != tt.days[i] || e.CMA.Window != e.Episode.Span {
				t.Errorf("patient %d episode %d: %v/%d over %v (episode %v), want %s/%d", tt.patient, i+1, e.CMA.Supply, e.CMA.Days(), e.CMA.Window, e.Episode.Span, tt.supply[i], tt.days[i])
			}
			if r := math.Round(e.CMA.Float64()*1e7) / 1e7; r != tt.printed[i] {
				t.Errorf("patient %d episode %d: CMA9 ≈ %v, want %v", tt.patient, i+1, r, tt.printed[i])
			}
		}
	}
}

// CMA_sliding_window with CMA9, observation window 0…730, 120-day windows every 120 days
// (spec §1.5): patient 76 → 0.8933692, 0.6149642, 1, 0.6027778, 0.45, 0.3985663.
func TestCMASlidingWindowsCMA9(t *testing.T) {
	got, err := metrics.CMASlidingWindows(metrics.CMA9, cmFills(76), metrics.DefaultCMAWindows(), metrics.SlidingWindows{Days: 120, Step: 120}, metrics.CMAOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		start   string
		supply  string
		printed float64
	}{
		{"2035-12-13", "9970/93", 0.8933692}, // 30 + 5 + 79·85/93
		{"2036-04-11", "6863/93", 0.6149642}, // 14·85/93 + 60 + 1
		{"2036-08-09", "120", 1},
		{"2036-12-07", "217/3", 0.6027778}, // 14 + 15 + 91·90/189
		{"2037-04-06", "54", 0.45},         // 98·90/189 + 22·30/90
		{"2037-08-04", "4448/93", 0.3985663},
	}
	if len(got) != len(want) {
		t.Fatalf("CMASlidingWindows = %d windows, want %d", len(got), len(want))
	}
	for i, v := range got {
		w := want[i]
		if v.Window != cmR(w.start, cmD(w.start).AddDays(119).String()) || v.Supply.String() != w.supply || v.Days() != 120 {
			t.Errorf("window %d = %v/%d over %v, want %s/120 from %s", i+1, v.Supply, v.Days(), v.Window, w.supply, w.start)
		}
		if r := math.Round(v.Float64()*1e7) / 1e7; r != w.printed {
			t.Errorf("window %d: CMA9 ≈ %v, want %v", i+1, r, w.printed)
		}
	}
}

// Patient 2 fills medA (50 days) and medB (60 days) on 2036-08-01: with carry-over across
// medications they pool as 110 days of stock (spec §1.5).
func TestCMASameDayFillsPool(t *testing.T) {
	// 2036-01-20 + 194 = 2036-08-01; the window is the 200 days from there.
	w := metrics.CMAWindows{FollowUp: metrics.CMAWindow{Days: 730}, Observation: metrics.CMAWindow{Start: 194, Days: 200}}
	v, err := metrics.CMA(metrics.CMA7, cmFills(2), w, metrics.CMAOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// 110 days cover 08-01…09-20 (51), 59 are left; with 09-21's 60 the stock lasts to
	// 2037-01-17; none 01-18…01-23 (6 days); 01-24's fill covers the rest: 194 of 200.
	if v.Window.Start != cmD("2036-08-01") || v.Supply.String() != "194" || v.Days() != 200 {
		t.Errorf("CMA7 = %v/%d over %v, want 194/200 from 2036-08-01", v.Supply, v.Days(), v.Window)
	}
	// With carry-over only within a medication, medB's fill drops medA's supply of the same
	// day, as AdhereR's rule between consecutive events does: 60 days to 09-20, 9 left, 69
	// with 09-21's fill to 11-28, none 11-29…2037-01-23 (56 days): 144 of 200.
	v, err = metrics.CMA(metrics.CMA7, cmFills(2), w, metrics.CMAOptions{CarryOnlyForSameMedication: true})
	if err != nil {
		t.Fatal(err)
	}
	if v.Supply.String() != "144" {
		t.Errorf("CMA7 carrying only within a medication = %v/%d, want 144/200", v.Supply, v.Days())
	}
}

// consider.dosage.change: patient 76 goes from 20 units a day to 2 on 2036-01-23 with 25
// days of the 01-18 fill left, which last 250 days at the new dose.
func TestCMADosageChange(t *testing.T) {
	// The 400 days 2035-12-13 … 2037-01-15.
	w := metrics.CMAWindows{FollowUp: metrics.CMAWindow{Days: 730}, Observation: metrics.CMAWindow{Days: 400}}
	plain, err := metrics.CMA(metrics.CMA7, cmFills(76), w, metrics.CMAOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dosed, err := metrics.CMA(metrics.CMA7, cmFills(76), w, metrics.CMAOptions{ConsiderDosageChange: true})
	if err != nil {
		t.Fatal(err)
	}
	// Plain: no supply 2036-01-12…01-17 (6 days), 04-17…04-24 (8: 25 + 60 days from 01-23
	// last to 04-16) and 06-24…08-07 (45): 400 − 59 = 341.
	// Dosed: the same first gap; from 01-23 the stock is 250 + 60 = 310 days at 2 a day, and
	// the later fills keep it up past the window's end: 400 − 6 = 394.
	if plain.Supply.String() != "341" || dosed.Supply.String() != "394" {
		t.Errorf("CMA7 over 400 days = %v plain, %v with dose changes; want 341 and 394", plain.Supply, dosed.Supply)
	}
}

// A fraction of a dose: 3 days at 3 a day (9 units) then a fill at 2 a day, 1 day later:
// 6 units carried last 3 days at the new dose.
func TestCMAPartialDay(t *testing.T) {
	fills := []metrics.Fill{
		{ID: "a", Patient: "p", Class: "c", Drug: "d", Day: cmD("2024-01-01"), DaysSupply: 3, DailyDose: 3},
		{ID: "b", Patient: "p", Class: "c", Drug: "d", Day: cmD("2024-01-02"), DaysSupply: 1, DailyDose: 2},
	}
	w := metrics.CMAWindows{FollowUp: metrics.CMAWindow{Days: 30}, Observation: metrics.CMAWindow{Days: 10}}
	// 2024-01-01: 9 units, 3 used; 01-02: 6 left + 2 = 8 units at 2 a day = 4 days: 1 + 4
	// days covered, every one whole.
	v, err := metrics.CMA(metrics.CMA7, fills, w, metrics.CMAOptions{ConsiderDosageChange: true})
	if err != nil {
		t.Fatal(err)
	}
	if v.Supply.String() != "5" {
		t.Errorf("CMA7 = %v, want 5", v.Supply)
	}
	// At 4 a day, 1 day later: 6 units left last 1.5 days, plus the new day's 4: 10 units =
	// 2.5 days, so 1 + 2.5 = 7/2 days are covered.
	fills[1].DailyDose = 4
	v, err = metrics.CMA(metrics.CMA7, fills, w, metrics.CMAOptions{ConsiderDosageChange: true})
	if err != nil {
		t.Fatal(err)
	}
	if v.Supply.String() != "7/2" {
		t.Errorf("CMA7 = %v, want 7/2", v.Supply)
	}
}

// Not computable: CMA1 with one fill in the window; CMA8 when the lag fills the window.
func TestCMANotComputable(t *testing.T) {
	one := cmFills(76)[:1]
	w := metrics.CMAWindows{FollowUp: metrics.CMAWindow{Days: 730}, Observation: metrics.CMAWindow{Days: 20}}
	for _, k := range []metrics.CMAKind{metrics.CMA1, metrics.CMA3, metrics.CMA5, metrics.CMA8} {
		v, err := metrics.CMA(k, one, metrics.CMAWindows{FollowUp: w.FollowUp, Observation: metrics.CMAWindow{Start: 1, Days: 20}}, metrics.CMAOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if v.Computable() || v.Days() != 0 || v.Rat() != nil || !math.IsNaN(v.Float64()) || v.AtLeast(carecoord.Rate{Num: 0, Den: 1}) {
			t.Errorf("%s = %+v, want not computable", k, v)
		}
		if _, ok := v.Percent(2); ok {
			t.Errorf("%s: Percent of a value not computable reported ok", k)
		}
	}
	v, err := metrics.CMA(metrics.CMA7, one, w, metrics.CMAOptions{})
	if err != nil || v.Supply.String() != "20" || !v.AtLeast(carecoord.Rate{Num: 1, Den: 1}) {
		t.Errorf("CMA7 over the first 20 of 30 days = %v, %v; want 20/20", v, err)
	}
}

func TestCMAErrors(t *testing.T) {
	good := cmFills(37)
	tests := []struct {
		name  string
		kind  metrics.CMAKind
		fills []metrics.Fill
		w     metrics.CMAWindows
		o     metrics.CMAOptions
		paths []string
	}{
		{"kind", "cma10", good, cmVignette, metrics.CMAOptions{}, []string{"kind"}},
		{"windows", metrics.CMA7, good, metrics.CMAWindows{Observation: metrics.CMAWindow{Start: -1, Days: 10}}, metrics.CMAOptions{},
			[]string{"windows.followUp.days", "windows.observation.start"}},
		{"no fills", metrics.CMA7, nil, cmVignette, metrics.CMAOptions{}, []string{"fills"}},
		{"two patients", metrics.CMA7, append(cmFills(37), cmFills(76)[0]), cmVignette, metrics.CMAOptions{}, []string{"fills[8].patient"}},
		{"bad fill", metrics.CMA7, func() []metrics.Fill {
			f := cmFills(37)
			f[2].DaysSupply = 0
			f[3].Day = civil.Date{}
			return f
		}(), cmVignette, metrics.CMAOptions{}, []string{"fills[2].daysSupply", "fills[3].day"}},
		{"dose", metrics.CMA7, func() []metrics.Fill {
			f := cmFills(37)
			f[1].DailyDose = 0
			return f
		}(), cmVignette, metrics.CMAOptions{ConsiderDosageChange: true}, []string{"fills[1].dailyDose"}},
		{"one claim, two supplies", metrics.CMA7, func() []metrics.Fill {
			f := cmFills(37)
			g := f[4]
			g.Drug, g.DaysSupply = "other", 90
			return append(f, g)
		}(), cmVignette, metrics.CMAOptions{}, []string{"fills[8].daysSupply"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := metrics.CMA(tt.kind, tt.fills, tt.w, tt.o)
			if !errors.Is(err, carecoord.ErrInvalid) {
				t.Fatalf("CMA() error = %v, want ErrInvalid", err)
			}
			var fe carecoord.FieldErrors
			if !errors.As(err, &fe) {
				t.Fatalf("CMA() error = %T, want FieldErrors", err)
			}
			var paths []string
			for _, e := range fe {
				paths = append(paths, e.Path)
			}
			if diff := cmp.Diff(tt.paths, paths); diff != "" {
				t.Errorf("CMA() problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// The rows of one claim (a combination product given once per ingredient) count once.
func TestCMAClaimRowsCountOnce(t *testing.T) {
	fills := cmFills(76)
	combo := fills[4]
	combo.Drug = "second-ingredient"
	v1, err := metrics.CMA(metrics.CMA7, fills, cmVignette, metrics.CMAOptions{})
	if err != nil {
		t.Fatal(err)
	}
	v2, err := metrics.CMA(metrics.CMA7, append(fills, combo), cmVignette, metrics.CMAOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(v1, v2); diff != "" {
		t.Errorf("a second row of a claim changed CMA7 (-one row +two):\n%s", diff)
	}
}

// A CMAValue goes through JSON unchanged, its supply as a string.
func TestCMAValueJSON(t *testing.T) {
	v, err := metrics.CMA(metrics.CMA9, cmFills(76), cmVignette, metrics.CMAOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(metrics.PatientCMA{Patient: "p76", CMAValue: v})
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"patient":"p76","kind":"cma9","window":{"start":"2036-06-12","end":"2037-06-11"},` +
		`"span":{"start":"2036-06-12","end":"2037-06-11"},"supply":"5414/21"}`
	if string(b) != want {
		t.Errorf("json.Marshal = %s, want %s", b, want)
	}
	var back metrics.PatientCMA
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(metrics.PatientCMA{Patient: "p76", CMAValue: v}, back); diff != "" {
		t.Errorf("JSON round trip mismatch (-want +got):\n%s", diff)
	}
}

func TestExactDaysText(t *testing.T) {
	for _, s := range []string{"0", "252", "-3", "5414/21", "1/3"} {
		d := cmExact(t, s)
		b, err := d.MarshalText()
		if err != nil || string(b) != s {
			t.Errorf("MarshalText(UnmarshalText(%q)) = %q, %v", s, b, err)
		}
	}
	if d := cmExact(t, "10/5"); d.String() != "2" {
		t.Errorf("10/5 = %v, want 2", d)
	}
	if n, ok := cmExact(t, "10/5").Whole(); !ok || n != 2 {
		t.Errorf("Whole(10/5) = %d, %v", n, ok)
	}
	for _, s := range []string{"", "1/0", "a", "1e5", "1/-2", "--1", "1/", "/2", strings.Repeat("9", 401)} {
		var d metrics.ExactDays
		if err := d.UnmarshalText([]byte(s)); !errors.Is(err, carecoord.ErrInvalid) {
			t.Errorf("UnmarshalText(%q) error = %v, want ErrInvalid", s, err)
		}
	}
	if _, err := metrics.NewExactDays(1, 0); !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("NewExactDays(1, 0) error = %v", err)
	}
	third, _ := metrics.NewExactDays(1, 3)
	if third.Cmp(metrics.WholeDays(0)) <= 0 || third.Cmp(metrics.WholeDays(1)) >= 0 || third.Equal(metrics.WholeDays(0)) || third.IsZero() {
		t.Errorf("1/3 compares wrongly")
	}
	if got := fmt.Sprint(third.Float64()); got != "0.3333333333333333" {
		t.Errorf("Float64(1/3) = %s", got)
	}
}

// FuzzExactDaysText: any text parses or fails with ErrInvalid, never panics, and what parses
// prints back to a text that parses to the same value.
func FuzzExactDaysText(f *testing.F) {
	for _, s := range []string{"0", "252", "5414/21", "-1/3", "1/0", "1e9", "9/99999999999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var d metrics.ExactDays
		if err := d.UnmarshalText([]byte(s)); err != nil {
			if !errors.Is(err, carecoord.ErrInvalid) {
				t.Fatalf("UnmarshalText(%q) error = %v, not ErrInvalid", s, err)
			}
			return
		}
		var e metrics.ExactDays
		if err := e.UnmarshalText([]byte(d.String())); err != nil || !e.Equal(d) {
			t.Fatalf("round trip of %q: %v, %v", s, e, err)
		}
	})
}
