package metrics_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/referral"
	"github.com/carecoord/carecoord/sdoh"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// coScreen is a screen of patient on day, valid or not, with status s and the categories of
// its positive domains.
func coScreen(patient, id, day string, valid bool, s sdoh.Status, cats ...sdoh.Category) metrics.Screen {
	return metrics.Screen{ID: id, Patient: carecoord.PatientID(patient), Date: coDate(day), Valid: valid, Status: s, Categories: cats}
}

// coAHC is the AHC HRSN screen of sdoh's own example (food and transportation positive), with
// the answers replaced as given (item → answer code).
func coAHC(id, day string, replace map[string]string) sdoh.Response {
	answers := []sdoh.Answer{
		sdoh.Choose("71802-3", "LA31993-1"), // I have a steady place to live
		sdoh.Choose("96778-6", "LA9-3"),     // none of the above
		sdoh.Choose("88122-7", "LA6729-3"),  // worried food would run out: sometimes true
		sdoh.Choose("88123-5", "LA28398-8"), // food didn't last: never true
		sdoh.Choose("93030-5", "LA33-6"),    // transportation kept me from appointments: yes
		sdoh.Choose("96779-4", "LA32-8"),    // utilities threatened: no
		sdoh.Choose("95618-5", "LA6270-8"),  // physically hurt: never
		sdoh.Choose("95617-7", "LA6270-8"),  // insulted: never
		sdoh.Choose("95616-9", "LA6270-8"),  // threatened: never
		sdoh.Choose("95615-1", "LA10066-1"), // screamed at: rarely
	}
	for i, a := range answers {
		if code, ok := replace[a.Item]; ok {
			answers[i] = sdoh.Choose(a.Item, code)
		}
	}
	return sdoh.Response{Meta: carecoord.Meta{ID: id}, Instrument: sdoh.AHCHRSN, InstrumentVersion: "2018", Patient: "pat-1",
		Date: coDate(day), Respondent: sdoh.RespondentSelf, Language: "en", Answers: answers}
}

// Screens scored by sdoh itself: an invalid response is never counted negative.
func TestScreenOfScoredResponses(t *testing.T) {
	screener, err := sdoh.NewScreener()
	if err != nil {
		t.Fatal(err)
	}
	negative := map[string]string{"88122-7": "LA28398-8", "93030-5": "LA32-8"} // food never, transport no
	responses := []sdoh.Response{
		coAHC("pos", "2025-03-01", nil),
		coAHC("neg", "2025-03-02", negative),
		coAHC("bad", "2025-03-03", map[string]string{"88122-7": "LA28398-8", "93030-5": "LA32-8", "96779-4": "LA99999-9"}),
		coAHC("badpos", "2025-03-04", map[string]string{"96779-4": "LA99999-9"}),
	}
	var screens []metrics.Screen
	for _, r := range responses {
		screens = append(screens, metrics.ScreenOf(r, screener.Score(r)))
	}
	want := []metrics.Screen{
		coScreen("pat-1", "pos", "2025-03-01", true, sdoh.StatusPositive, sdoh.CategoryFoodInsecurity, sdoh.CategoryTransportationInsecurity),
		coScreen("pat-1", "neg", "2025-03-02", true, sdoh.StatusNegative),
		coScreen("pat-1", "bad", "2025-03-03", false, sdoh.StatusUnknown),
		coScreen("pat-1", "badpos", "2025-03-04", false, sdoh.StatusPositive, sdoh.CategoryFoodInsecurity, sdoh.CategoryTransportationInsecurity),
	}
	if diff := cmp.Diff(want, screens); diff != "" {
		t.Fatalf("ScreenOf (-want +got):\n%s", diff)
	}
	res, err := metrics.PositiveRate(screens, coRange("2025-03-01", "2025-03-31"), metrics.Options{Evidence: true})
	if err != nil {
		t.Fatal(err)
	}
	wantRows := []string{
		"pos numerator screen-positive",
		"neg denominator screen-negative",
		"bad excluded screen-invalid",
		"badpos excluded screen-invalid",
	}
	if diff := cmp.Diff(wantRows, coRows(res)); diff != "" {
		t.Errorf("PositiveRate evidence (-want +got):\n%s", diff)
	}
}

// The first quarter of 2025, by hand: two of five eligible patients screened.
func TestScreeningRate(t *testing.T) {
	screens := []metrics.Screen{
		coScreen("p1", "s2", "2025-03-01", true, sdoh.StatusPositive, sdoh.CategoryFoodInsecurity),
		coScreen("p1", "s1", "2025-02-10", true, sdoh.StatusNegative),
		coScreen("p2", "s3", "2025-02-01", false, sdoh.StatusUnknown),
		coScreen("p2", "s7", "2025-01-01", false, sdoh.StatusPositive),
		coScreen("p2", "s8", "2025-04-01", true, sdoh.StatusNegative), // after the quarter
		coScreen("p3", "s4", "2024-12-31", true, sdoh.StatusNegative), // before it
		coScreen("p4", "s5", "2025-03-31", true, sdoh.StatusUnknown),  // the last day, every item declined
		coScreen("p9", "s6", "2025-02-02", true, sdoh.StatusNegative), // not in the population
	}
	population := []carecoord.PatientID{"p6", "p5", "p4", "p3", "p2", "p1"}
	opts := metrics.Options{Evidence: true, Eligible: func(p carecoord.PatientID, on civil.Date) metrics.Reason {
		if p == "p6" && on == coDate("2025-01-01") {
			return "hospice"
		}
		return ""
	}}
	res, err := metrics.ScreeningRate(population, screens, coRange("2025-01-01", "2025-03-31"), opts)
	if err != nil {
		t.Fatal(err)
	}
	wantRows := []string{
		"p1 numerator screened 2025-02-10",
		"p2 denominator screen-invalid",
		"p3 denominator not-screened",
		"p4 numerator screened 2025-03-31",
		"p5 denominator not-screened",
		"p6 excluded hospice",
	}
	if diff := cmp.Diff(wantRows, coRows(res)); diff != "" {
		t.Errorf("ScreeningRate evidence (-want +got):\n%s", diff)
	}
	if want := (metrics.Tally{Denominator: 5, Numerator: 2, Excluded: 1}); res.Total != want {
		t.Errorf("ScreeningRate total = %+v, want %+v", res.Total, want)
	}

	_, err = metrics.ScreeningRate([]carecoord.PatientID{"p1", "", "p2", "p1"}, screens, coRange("2025-01-01", "2025-03-31"), metrics.Options{})
	var fes carecoord.FieldErrors
	if !errors.As(err, &fes) || !fes.Has("population[1]", carecoord.FieldRequired) || !fes.Has("population[3]", carecoord.FieldDuplicate) || len(fes) != 2 {
		t.Errorf("ScreeningRate(bad population) error = %v", err)
	}
}

// Positive rate by hand: two positive of three decided valid screens; invalid and undetermined
// screens are excluded, never negative.
func TestPositiveRate(t *testing.T) {
	screens := []metrics.Screen{
		coScreen("p1", "s1", "2025-02-10", true, sdoh.StatusNegative),
		coScreen("p1", "s2", "2025-03-01", true, sdoh.StatusPositive, sdoh.CategoryFoodInsecurity),
		coScreen("p2", "s3", "2025-02-01", false, sdoh.StatusUnknown),
		coScreen("p2", "s4", "2025-01-01", false, sdoh.StatusPositive, sdoh.CategoryFoodInsecurity),
		coScreen("p3", "s5", "2025-03-31", true, sdoh.StatusUnknown),
		coScreen("p3", "s6", "2025-01-01", true, sdoh.StatusPositive),
		coScreen("p3", "s7", "2024-12-31", true, sdoh.StatusPositive), // before the quarter
	}
	res, err := metrics.PositiveRate(screens, coRange("2025-01-01", "2025-03-31"), metrics.Options{Evidence: true})
	if err != nil {
		t.Fatal(err)
	}
	wantRows := []string{
		"s1 denominator screen-negative",
		"s2 numerator screen-positive",
		"s4 excluded screen-invalid",
		"s3 excluded screen-invalid",
		"s6 numerator screen-positive",
		"s5 excluded screen-undetermined",
	}
	if diff := cmp.Diff(wantRows, coRows(res)); diff != "" {
		t.Errorf("PositiveRate evidence (-want +got):\n%s", diff)
	}
	if want := (metrics.Tally{Denominator: 3, Numerator: 2, Excluded: 3}); res.Total != want {
		t.Errorf("PositiveRate total = %+v, want %+v", res.Total, want)
	}

	// An invalid response scored negative cannot come from sdoh: it is refused, not counted.
	bad := append(screens, coScreen("p4", "s8", "2025-01-02", false, sdoh.StatusNegative), metrics.Screen{ID: "s9", Patient: "p4", Status: "maybe"})
	_, err = metrics.PositiveRate(bad, coRange("2025-01-01", "2025-03-31"), metrics.Options{})
	var fes carecoord.FieldErrors
	if !errors.As(err, &fes) || !fes.Has("screens[7].status", carecoord.FieldInvalid) || !fes.Has("screens[8].status", carecoord.FieldNotSupported) ||
		!fes.Has("screens[8].date", carecoord.FieldRequired) || len(fes) != 3 {
		t.Errorf("PositiveRate(bad screens) error = %v", err)
	}
}

// Referrals made and loops closed after positive screens, by hand, with HEDIS SNS-E's 30
// days for the referral and 60 for the loop: day 30 counts and day 31 does not; day 60
// counts and day 61 does not; a referral for another need, of another kind or entered in
// error answers nothing; one referral answers two screens.
func TestScreenReferrals(t *testing.T) {
	food, housing := sdoh.CategoryFoodInsecurity, sdoh.CategoryHousingInstability
	screens := []metrics.Screen{
		coScreen("p1", "s1", "2025-01-10", true, sdoh.StatusPositive, food),
		coScreen("p1", "s8", "2025-01-15", true, sdoh.StatusPositive, food),
		coScreen("p2", "s2", "2025-01-10", true, sdoh.StatusPositive, food),
		coScreen("p3", "s3", "2025-01-05", true, sdoh.StatusPositive, food, housing),
		coScreen("p4", "s4", "2025-01-20", true, sdoh.StatusPositive, food),
		coScreen("p5", "s5", "2025-01-20", true, sdoh.StatusPositive), // a PHQ-9: no social need
		coScreen("p6", "s6", "2025-01-20", false, sdoh.StatusPositive, food),
		coScreen("p7", "s7", "2025-01-20", true, sdoh.StatusNegative),
	}
	community := func(r metrics.ReferralRecord, cats ...sdoh.Category) metrics.ReferralRecord {
		r.Kind, r.Categories = referral.KindCommunity, cats
		return r
	}
	refs := []metrics.ReferralRecord{
		community(coRef("p1", "ra", referral.StatusInProgress, "2025-01-12", "", ""), housing),
		community(coRef("p1", "rb", referral.StatusCompleted, "2025-02-09", "", "2025-03-11"), food), // day 30 of s1; closed day 60
		community(coRef("p2", "rc", referral.StatusCompleted, "2025-02-10", "", "2025-02-20"), food), // day 31
		community(coRef("p3", "rd", referral.StatusCompleted, "2025-01-05", "", "2025-03-07")),       // day 0; closed day 61
		community(coRef("p3", "re", referral.StatusEnteredInError, "2025-01-06", "", ""), food),
		community(coRef("p4", "rf", referral.StatusCancelled, "2025-01-25", "", ""), food),
		coRef("p4", "rg", referral.StatusCompleted, "2025-01-21", "", "2025-01-22"), // a specialist referral
	}
	referred, closed := metrics.Window{From: 0, To: 30}, metrics.Window{From: 0, To: 60}
	made, loop, err := metrics.ScreenReferrals(screens, refs, coRange("2025-01-01", "2025-03-31"), referred, closed, metrics.Options{Evidence: true})
	if err != nil {
		t.Fatal(err)
	}
	wantMade := []string{
		"s1 numerator referral-made 2025-02-09",
		"s8 numerator referral-made 2025-02-09",
		"s2 denominator no-referral",
		"s3 numerator referral-made 2025-01-05",
		"s4 numerator referral-made 2025-01-25",
		"s5 excluded no-social-need",
		"s6 excluded screen-invalid",
	}
	if diff := cmp.Diff(wantMade, coRows(made)); diff != "" {
		t.Errorf("referrals made (-want +got):\n%s", diff)
	}
	wantClosed := []string{
		"s1 numerator screen-loop-closed 2025-03-11",
		"s8 numerator screen-loop-closed 2025-03-11",
		"s2 denominator screen-loop-not-closed",
		"s3 denominator screen-loop-not-closed",
		"s4 denominator screen-loop-not-closed",
		"s5 excluded no-social-need",
		"s6 excluded screen-invalid",
	}
	if diff := cmp.Diff(wantClosed, coRows(loop)); diff != "" {
		t.Errorf("loops closed (-want +got):\n%s", diff)
	}
	if made.Measure != "sdoh-referral-made-0..30" || loop.Measure != "sdoh-loop-closed-0..60" {
		t.Errorf("measures %s and %s", made.Measure, loop.Measure)
	}
	if made.Total != (metrics.Tally{Denominator: 5, Numerator: 4, Excluded: 2}) || loop.Total != (metrics.Tally{Denominator: 5, Numerator: 2, Excluded: 2}) {
		t.Errorf("totals %+v and %+v", made.Total, loop.Total)
	}

	// Results with different windows do not merge.
	other, _, err := metrics.ScreenReferrals(screens, refs, coRange("2025-01-01", "2025-03-31"), metrics.Window{From: 0, To: 14}, closed, metrics.Options{Evidence: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := made.Merge(other); !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("Merge of different windows: error = %v", err)
	}

	_, _, err = metrics.ScreenReferrals(screens, append(refs, metrics.ReferralRecord{}), coRange("2025-01-01", "2025-03-31"), metrics.Window{From: 5, To: 1}, closed, metrics.Options{})
	var fes carecoord.FieldErrors
	if !errors.As(err, &fes) || !fes.Has("referred.to", carecoord.FieldInvalid) || !fes.Has("referrals[7].id", carecoord.FieldRequired) {
		t.Errorf("ScreenReferrals(bad window) error = %v", err)
	}
}

// coScreens draws screens for a few patients around 2025: valid or not (an invalid one never
// negative), positives indicating food or housing needs or none.
func coScreens(t *rapid.T) []metrics.Screen {
	n := rapid.IntRange(0, 30).Draw(t, "screens")
	screens := make([]metrics.Screen, n)
	for i := range screens {
		s := metrics.Screen{ID: fmt.Sprintf("s%d", i), Patient: carecoord.PatientID(fmt.Sprintf("p%d", rapid.IntRange(0, 7).Draw(t, "patient"))),
			Date: coDate("2024-12-01").AddDays(rapid.IntRange(0, 420).Draw(t, "day")), Valid: rapid.IntRange(0, 4).Draw(t, "valid") > 0}
		s.Status = rapid.SampledFrom(sdoh.Statuses()).Draw(t, "status")
		if !s.Valid && s.Status == sdoh.StatusNegative {
			s.Status = sdoh.StatusUnknown
		}
		if s.Status == sdoh.StatusPositive {
			for _, c := range []sdoh.Category{sdoh.CategoryFoodInsecurity, sdoh.CategoryHousingInstability} {
				if rapid.Bool().Draw(t, "category") {
					s.Categories = append(s.Categories, c)
				}
			}
		}
		screens[i] = s
	}
	return screens
}

// The screening measures over shards split by patient (the population, the screens and the
// referrals alike) merge to the whole, and their evidence adds up.
func TestScreeningMeasuresShardThenMerge(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		screens, refs, period, opts := coScreens(t), coReferrals(t), coPeriod(t), coOptions(t)
		var population []carecoord.PatientID
		for i := range 10 {
			if rapid.Bool().Draw(t, "in population") {
				population = append(population, carecoord.PatientID(fmt.Sprintf("p%d", i)))
			}
		}
		referred := metrics.Window{From: rapid.IntRange(-3, 10).Draw(t, "referred from"), To: rapid.IntRange(10, 60).Draw(t, "referred to")}
		closed := metrics.Window{From: 0, To: rapid.IntRange(0, 120).Draw(t, "closed to")}
		shards := rapid.IntRange(1, 4).Draw(t, "shards")
		// One assignment for every slice: a patient's records go to one shard.
		shardOf := map[carecoord.PatientID]int{}
		for i := range 10 {
			shardOf[carecoord.PatientID(fmt.Sprintf("p%d", i))] = rapid.IntRange(0, shards-1).Draw(t, "shard")
		}
		popParts := make([][]carecoord.PatientID, shards)
		for _, p := range population {
			popParts[shardOf[p]] = append(popParts[shardOf[p]], p)
		}
		screenParts := splitShards(shards, screens, coShardsOf(screens, shardOf, func(s *metrics.Screen) carecoord.PatientID { return s.Patient }))
		refParts := splitShards(shards, refs, coShardsOf(refs, shardOf, func(r *metrics.ReferralRecord) carecoord.PatientID { return r.Patient }))

		type run struct {
			name    string
			measure func(pop []carecoord.PatientID, s []metrics.Screen, r []metrics.ReferralRecord) ([]metrics.Result, error)
		}
		for _, m := range []run{
			{"ScreeningRate", func(pop []carecoord.PatientID, s []metrics.Screen, _ []metrics.ReferralRecord) ([]metrics.Result, error) {
				res, err := metrics.ScreeningRate(pop, s, period, opts)
				return []metrics.Result{res}, err
			}},
			{"PositiveRate", func(_ []carecoord.PatientID, s []metrics.Screen, _ []metrics.ReferralRecord) ([]metrics.Result, error) {
				res, err := metrics.PositiveRate(s, period, opts)
				return []metrics.Result{res}, err
			}},
			{"ScreenReferrals", func(_ []carecoord.PatientID, s []metrics.Screen, r []metrics.ReferralRecord) ([]metrics.Result, error) {
				made, closed, err := metrics.ScreenReferrals(s, r, period, referred, closed, opts)
				return []metrics.Result{made, closed}, err
			}},
		} {
			whole, err := m.measure(population, screens, refs)
			if err != nil {
				t.Fatalf("%s: %v", m.name, err)
			}
			parts := make([][]metrics.Result, len(whole))
			for k := range shards {
				res, err := m.measure(popParts[k], screenParts[k], refParts[k])
				if err != nil {
					t.Fatalf("%s shard %d: %v", m.name, k, err)
				}
				for j := range res {
					parts[j] = append(parts[j], res[j])
				}
			}
			for j := range whole {
				checkCounts(t, whole[j])
				if diff := cmp.Diff(whole[j], mergeShuffled(t, parts[j])); diff != "" {
					t.Fatalf("%s[%d]: merged shards differ from the whole (-whole +merged):\n%s", m.name, j, diff)
				}
			}
		}
	})
}

// coShardsOf returns the shard of each record, by its patient's shard.
func coShardsOf[T any](recs []T, shardOf map[carecoord.PatientID]int, patient func(*T) carecoord.PatientID) []int {
	out := make([]int, len(recs))
	for i := range recs {
		out[i] = shardOf[patient(&recs[i])]
	}
	return out
}
