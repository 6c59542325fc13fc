package metrics_test

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/civil/civiltest"
	"github.com/carecoord/carecoord/internal/fieldtest"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/transition"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

var utD = civil.MustParse

func utYear(y int) civil.Range {
	return civil.Range{Start: utD(strconv.Itoa(y) + "-01-01"), End: utD(strconv.Itoa(y) + "-12-31")}
}

func utEnrolled(p carecoord.PatientID, start, end string) metrics.EnrollmentSpan {
	return metrics.EnrollmentSpan{Patient: p, Range: civil.Range{Start: utD(start), End: utD(end)}}
}

// utVisit returns a stay of patient p in setting, beginning on day and ending the next day,
// with disposition disp.
func utVisit(p carecoord.PatientID, id string, setting transition.Setting, day string, disp transition.Disposition) metrics.Stay {
	return metrics.Stay{ID: id, Patient: p, Setting: setting, Admitted: utD(day), Discharged: utD(day).AddDays(1), Disposition: disp}
}

func utMeasure(t testing.TB, period civil.Range, spans []metrics.EnrollmentSpan, stays []metrics.Stay, uo metrics.UtilizationOptions, opts metrics.Options) metrics.Utilization {
	t.Helper()
	u, err := metrics.MeasureUtilization(period, spans, stays, uo, opts)
	if err != nil {
		t.Fatalf("MeasureUtilization: %v", err)
	}
	return u
}

// TestMemberMonths checks the member-month rules on hand-computed cases: month boundaries,
// spans that start or end mid-month, one member's overlapping, duplicate and adjacent spans
// (never counted twice), leap February and clipping to the period. Want is the member months
// under the default rule (any day of the month, Tuva) and with MemberMonthDay 1, 15 and 28.
func TestMemberMonths(t *testing.T) {
	for _, tc := range []struct {
		name   string
		period civil.Range
		spans  []metrics.EnrollmentSpan
		want   [4]int64 // any day, day 1, day 15, day 28
	}{
		{"whole year", utYear(2025), []metrics.EnrollmentSpan{utEnrolled("m", "2025-01-01", "2025-12-31")}, [4]int64{12, 12, 12, 12}},
		{"starts mid-month", utYear(2025), []metrics.EnrollmentSpan{utEnrolled("m", "2025-03-15", "2025-12-31")}, [4]int64{10, 9, 10, 10}},
		{"starts the day after the snapshot", utYear(2025), []metrics.EnrollmentSpan{utEnrolled("m", "2025-03-16", "2025-12-31")}, [4]int64{10, 9, 9, 10}},
		{"Tuva's example, ends mid-month", utYear(2022), []metrics.EnrollmentSpan{utEnrolled("m", "2022-01-01", "2022-03-02")}, [4]int64{3, 3, 2, 2}},
		{"one day, the last of a month", utYear(2025), []metrics.EnrollmentSpan{utEnrolled("m", "2025-04-30", "2025-04-30")}, [4]int64{1, 0, 0, 0}},
		{"one day, the first of a month", utYear(2025), []metrics.EnrollmentSpan{utEnrolled("m", "2025-05-01", "2025-05-01")}, [4]int64{1, 1, 0, 0}},
		{"across a month boundary", utYear(2025), []metrics.EnrollmentSpan{utEnrolled("m", "2025-01-31", "2025-02-01")}, [4]int64{2, 1, 0, 0}},
		{"overlapping spans", utYear(2025), []metrics.EnrollmentSpan{
			utEnrolled("m", "2025-01-01", "2025-06-30"), utEnrolled("m", "2025-04-01", "2025-09-30")}, [4]int64{9, 9, 9, 9}},
		{"the same span twice", utYear(2025), []metrics.EnrollmentSpan{
			utEnrolled("m", "2025-01-01", "2025-12-31"), utEnrolled("m", "2025-01-01", "2025-12-31")}, [4]int64{12, 12, 12, 12}},
		{"a span inside another", utYear(2025), []metrics.EnrollmentSpan{
			utEnrolled("m", "2025-02-10", "2025-02-20"), utEnrolled("m", "2025-01-01", "2025-03-31")}, [4]int64{3, 3, 3, 3}},
		{"adjacent spans", utYear(2025), []metrics.EnrollmentSpan{
			utEnrolled("m", "2025-01-01", "2025-01-15"), utEnrolled("m", "2025-01-16", "2025-03-31")}, [4]int64{3, 3, 3, 3}},
		{"two short spans in one month", utYear(2025), []metrics.EnrollmentSpan{
			utEnrolled("m", "2025-01-01", "2025-01-05"), utEnrolled("m", "2025-01-20", "2025-01-25")}, [4]int64{1, 1, 0, 0}},
		{"a gap of two months", utYear(2025), []metrics.EnrollmentSpan{
			utEnrolled("m", "2025-01-10", "2025-04-20"), utEnrolled("m", "2025-07-05", "2025-08-31")}, [4]int64{6, 4, 6, 5}},
		{"leap day only", utYear(2024), []metrics.EnrollmentSpan{utEnrolled("m", "2024-02-29", "2024-02-29")}, [4]int64{1, 0, 0, 0}},
		{"leap February whole", utYear(2024), []metrics.EnrollmentSpan{utEnrolled("m", "2024-02-01", "2024-02-29")}, [4]int64{1, 1, 1, 1}},
		{"over leap February", utYear(2024), []metrics.EnrollmentSpan{utEnrolled("m", "2024-01-30", "2024-03-01")}, [4]int64{3, 2, 1, 1}},
		{"February 28 in a common year", utYear(2025), []metrics.EnrollmentSpan{utEnrolled("m", "2025-02-28", "2025-03-27")}, [4]int64{2, 1, 1, 1}},
		{"clipped to the period", utYear(2025), []metrics.EnrollmentSpan{utEnrolled("m", "2024-11-01", "2025-02-28")}, [4]int64{2, 2, 2, 2}},
		{"outside the period", utYear(2025), []metrics.EnrollmentSpan{utEnrolled("m", "2024-01-01", "2024-12-31")}, [4]int64{0, 0, 0, 0}},
		{"period of part months", civil.Range{Start: utD("2025-01-15"), End: utD("2025-03-10")},
			[]metrics.EnrollmentSpan{utEnrolled("m", "2025-01-01", "2025-12-31")}, [4]int64{3, 2, 2, 2}},
		{"two members", utYear(2025), []metrics.EnrollmentSpan{
			utEnrolled("b", "2025-07-01", "2025-12-31"), utEnrolled("a", "2025-01-01", "2025-12-31")}, [4]int64{18, 18, 18, 18}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for i, day := range []int{0, 1, 15, 28} {
				u := utMeasure(t, tc.period, tc.spans, nil, metrics.UtilizationOptions{MemberMonthDay: day}, metrics.Options{})
				if got := u.ED.Total.Denominator; got != tc.want[i] {
					t.Errorf("member months with MemberMonthDay %d = %d, want %d", day, got, tc.want[i])
				}
				if u.Admissions.Total != u.ED.Total {
					t.Errorf("admissions total %+v, ED total %+v: want the same member months", u.Admissions.Total, u.ED.Total)
				}
			}
		})
	}
}

// utScenario is one member with a two-month gap in coverage, and a patient who is not a
// member, with events of every kind.
func utScenario() (civil.Range, []metrics.EnrollmentSpan, []metrics.Stay) {
	spans := []metrics.EnrollmentSpan{
		utEnrolled("m1", "2025-09-01", "2025-12-31"),
		utEnrolled("m1", "2025-01-15", "2025-06-30"),
	}
	ed, ip := transition.SettingEmergencyDepartment, transition.SettingAcuteInpatient
	home, here := transition.DispositionHome, transition.DispositionAdmittedHere
	stays := []metrics.Stay{
		utVisit("m1", "ed-2", ed, "2025-01-20", home),                                     // second ED visit that day
		utVisit("m1", "ed-1", ed, "2025-01-20", home),                                     // counted
		utVisit("m1", "ed-3", ed, "2025-07-04", home),                                     // in the gap in coverage
		utVisit("m1", "ed-4", ed, "2025-03-03", here),                                     // became ip-1
		utVisit("m1", "ip-1", ip, "2025-03-03", home),                                     // counted
		utVisit("m1", "ip-2", transition.SettingPsychiatricInpatient, "2025-10-10", home), // counted
		utVisit("m1", "obs-1", transition.SettingObservation, "2025-05-05", home),         // not an admission by default
		utVisit("m1", "snf-1", transition.SettingSkilledNursing, "2025-05-10", home),      // not an event
		utVisit("m1", "ed-5", ed, "2024-12-31", home),                                     // before the period
		utVisit("m1", "ed-6", ed, "2025-01-10", home),                                     // in a member month, before coverage began
		utVisit("m2", "ed-m2", ed, "2025-02-02", home),                                    // m2 has no coverage at all
	}
	return utYear(2025), spans, stays
}

func TestUtilizationScenario(t *testing.T) {
	period, spans, stays := utScenario()
	for _, tc := range []struct {
		name    string
		uo      metrics.UtilizationOptions
		ed, adm metrics.Tally
		edPerK  string
		admPerK string
	}{
		{"defaults", metrics.UtilizationOptions{},
			metrics.Tally{Numerator: 1, Denominator: 10, Excluded: 5}, metrics.Tally{Numerator: 2, Denominator: 10}, "100.0", "200.0"},
		{"count admitted and same-day ED visits", metrics.UtilizationOptions{CountAdmittedEDVisits: true, CountSameDayEDVisits: true},
			metrics.Tally{Numerator: 3, Denominator: 10, Excluded: 3}, metrics.Tally{Numerator: 2, Denominator: 10}, "300.0", "200.0"},
		{"observation counts as inpatient", metrics.UtilizationOptions{Inpatient: []transition.Setting{
			transition.SettingAcuteInpatient, transition.SettingPsychiatricInpatient, transition.SettingObservation}},
			metrics.Tally{Numerator: 1, Denominator: 10, Excluded: 5}, metrics.Tally{Numerator: 3, Denominator: 10}, "100.0", "300.0"},
		{"acute care only", metrics.UtilizationOptions{Inpatient: []transition.Setting{transition.SettingAcuteInpatient}},
			metrics.Tally{Numerator: 1, Denominator: 10, Excluded: 5}, metrics.Tally{Numerator: 1, Denominator: 10}, "100.0", "100.0"},
		{"snapshot on the 15th", metrics.UtilizationOptions{MemberMonthDay: 15},
			// Jan 15 is enrolled, so still 10 member months.
			metrics.Tally{Numerator: 1, Denominator: 10, Excluded: 5}, metrics.Tally{Numerator: 2, Denominator: 10}, "100.0", "200.0"},
		{"snapshot on the 1st", metrics.UtilizationOptions{MemberMonthDay: 1},
			// January is not a member month, but ed-1 on a covered day still counts.
			metrics.Tally{Numerator: 1, Denominator: 9, Excluded: 5}, metrics.Tally{Numerator: 2, Denominator: 9}, "111.1", "222.2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := utMeasure(t, period, spans, stays, tc.uo, metrics.Options{})
			if diff := cmp.Diff(tc.ed, u.ED.Total); diff != "" {
				t.Errorf("ED total mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.adm, u.Admissions.Total); diff != "" {
				t.Errorf("admissions total mismatch (-want +got):\n%s", diff)
			}
			for _, c := range []struct {
				r    metrics.Result
				want string
			}{{u.ED, tc.edPerK}, {u.Admissions, tc.admPerK}} {
				if got, ok := metrics.PerThousand(c.r.Rate(), 1); !ok || got.StringFixed(1) != c.want {
					t.Errorf("%s per 1,000 = %s, %v; want %s", c.r.Measure, got.StringFixed(1), ok, c.want)
				}
			}
		})
	}
}

// TestUtilizationEvidence: the rows explain every count, in Result order.
func TestUtilizationEvidence(t *testing.T) {
	period, spans, stays := utScenario()
	u := utMeasure(t, period, spans, stays, metrics.UtilizationOptions{}, metrics.Options{Evidence: true})
	month := func(m string, decided string) metrics.Evidence {
		return metrics.Evidence{Patient: "m1", Subject: m, Status: metrics.InDenominator, Reason: metrics.ReasonMemberMonth,
			Event: utD(m + "-01"), Decided: utD(decided)}
	}
	event := func(p carecoord.PatientID, id, day string, s metrics.Status, r metrics.Reason) metrics.Evidence {
		return metrics.Evidence{Patient: p, Subject: id, Status: s, Reason: r, Event: utD(day)}
	}
	months := []metrics.Evidence{
		month("2025-01", "2025-01-15"), month("2025-02", "2025-02-01"), month("2025-03", "2025-03-01"),
		month("2025-04", "2025-04-01"), month("2025-05", "2025-05-01"), month("2025-06", "2025-06-01"),
		month("2025-09", "2025-09-01"), month("2025-10", "2025-10-01"), month("2025-11", "2025-11-01"),
		month("2025-12", "2025-12-01"),
	}
	wantED := slices.Concat(months[:1], []metrics.Evidence{
		event("m1", "ed-6", "2025-01-10", metrics.Excluded, metrics.ReasonOutsideEnrollment),
		event("m1", "ed-1", "2025-01-20", metrics.InNumerator, metrics.ReasonEDVisit),
		event("m1", "ed-2", "2025-01-20", metrics.Excluded, metrics.ReasonEDVisitSameDay),
	}, months[1:3], []metrics.Evidence{
		event("m1", "ed-4", "2025-03-03", metrics.Excluded, metrics.ReasonEDVisitAdmitted),
	}, months[3:6], []metrics.Evidence{
		event("m1", "ed-3", "2025-07-04", metrics.Excluded, metrics.ReasonOutsideEnrollment),
	}, months[6:], []metrics.Evidence{
		event("m2", "ed-m2", "2025-02-02", metrics.Excluded, metrics.ReasonOutsideEnrollment),
	})
	if diff := cmp.Diff(wantED, u.ED.Evidence); diff != "" {
		t.Errorf("ED evidence mismatch (-want +got):\n%s", diff)
	}
	wantAdm := slices.Concat(months[:3], []metrics.Evidence{
		event("m1", "ip-1", "2025-03-03", metrics.InNumerator, metrics.ReasonAdmission),
	}, months[3:8], []metrics.Evidence{
		event("m1", "ip-2", "2025-10-10", metrics.InNumerator, metrics.ReasonAdmission),
	}, months[8:])
	if diff := cmp.Diff(wantAdm, u.Admissions.Evidence); diff != "" {
		t.Errorf("admissions evidence mismatch (-want +got):\n%s", diff)
	}
	if !u.ED.Explained || !u.Admissions.Explained {
		t.Errorf("Explained = %v, %v; want true, true", u.ED.Explained, u.Admissions.Explained)
	}
}

// TestUtilizationStrataAndEligibility: strata and eligibility are decided per member month, as
// of its first day, for the month and the events in it.
func TestUtilizationStrataAndEligibility(t *testing.T) {
	period := utYear(2025)
	spans := []metrics.EnrollmentSpan{utEnrolled("a", "2025-01-01", "2025-12-31"), utEnrolled("b", "2025-01-01", "2025-03-31")}
	ed := transition.SettingEmergencyDepartment
	stays := []metrics.Stay{
		utVisit("a", "1", ed, "2025-06-30", transition.DispositionHome), // age band 64 (birthday July 1)
		utVisit("a", "2", ed, "2025-07-01", transition.DispositionHome), // 65+
		utVisit("a", "3", ed, "2025-11-20", transition.DispositionHome), // hospice from November
		utVisit("b", "1", ed, "2025-02-14", transition.DispositionHome), // 18-64
		utVisit("b", "2", transition.SettingAcuteInpatient, "2025-03-31", transition.DispositionHome),
	}
	var asked []civil.Date
	opts := metrics.Options{
		Stratify: func(p carecoord.PatientID, on civil.Date) string {
			asked = append(asked, on)
			if p == "a" && !on.Before(utD("2025-07-01")) {
				return "65+"
			}
			return "18-64"
		},
		Eligible: func(p carecoord.PatientID, on civil.Date) metrics.Reason {
			if p == "a" && !on.Before(utD("2025-11-01")) {
				return "hospice"
			}
			return ""
		},
	}
	u := utMeasure(t, period, spans, stays, metrics.UtilizationOptions{}, opts)
	for _, d := range asked {
		if d.Day() != 1 {
			t.Errorf("Stratify asked about %s, want only first days of months", d)
		}
	}
	wantED := metrics.Result{
		Measure: metrics.MeasureEDVisits,
		Period:  period,
		Total:   metrics.Tally{Numerator: 3, Denominator: 13, Excluded: 3},
		Strata: []metrics.Stratum{
			{Key: "18-64", Tally: metrics.Tally{Numerator: 2, Denominator: 9}},            // a: Jan–Jun, b: Jan–Mar
			{Key: "65+", Tally: metrics.Tally{Numerator: 1, Denominator: 4, Excluded: 3}}, // a: Jul–Oct; Nov, Dec and visit 3 excluded
		},
	}
	if diff := cmp.Diff(wantED, u.ED, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("ED result mismatch (-want +got):\n%s", diff)
	}
	if got, ok := u.Admissions.Stratum("18-64"); !ok || got != (metrics.Tally{Numerator: 1, Denominator: 9}) {
		t.Errorf("admissions 18-64 = %+v, %v", got, ok)
	}
}

func TestUtilizationValidate(t *testing.T) {
	spans := []metrics.EnrollmentSpan{
		{Range: utYear(2025)},
		{Patient: "m1", Range: civil.Range{Start: utD("2025-05-01"), End: utD("2025-04-30")}},
		utEnrolled("m2", "2025-01-01", "2025-12-31"),
		{Patient: "m 3", Range: civil.Range{Start: utD("2025-01-01")}},
	}
	stays := []metrics.Stay{
		utVisit("m1", "a", "", "2025-02-01", transition.DispositionHome),
		utVisit("m1", "", transition.SettingEmergencyDepartment, "2025-02-01", transition.DispositionHome),
	}
	uo := metrics.UtilizationOptions{MemberMonthDay: 29, Inpatient: []transition.Setting{transition.SettingEmergencyDepartment, "ward"}}
	u, err := metrics.MeasureUtilization(civil.Range{}, spans, stays, uo, metrics.Options{})
	if !errors.Is(err, carecoord.ErrInvalid) {
		t.Fatalf("MeasureUtilization = %+v, %v; want an error matching carecoord.ErrInvalid", u, err)
	}
	want := []utPC{
		{"period.start", carecoord.FieldRequired},
		{"period.end", carecoord.FieldRequired},
		{"enrollment[0].patient", carecoord.FieldRequired},
		{"enrollment[1].end", carecoord.FieldInvalid},
		{"enrollment[3].patient", carecoord.FieldInvalid},
		{"enrollment[3].end", carecoord.FieldRequired},
		{"events[0].setting", carecoord.FieldRequired},
		{"events[1].id", carecoord.FieldRequired},
		{"options.memberMonthDay", carecoord.FieldOutOfRange},
		{"options.inpatient[0]", carecoord.FieldInvalid},
		{"options.inpatient[1]", carecoord.FieldNotSupported},
	}
	if diff := cmp.Diff(want, fieldtest.PathCodes[utPC](t, err)); diff != "" {
		t.Errorf("validation mismatch (-want +got):\n%s", diff)
	}
	for _, day := range []int{-1, 29, 31} {
		_, err := metrics.MeasureUtilization(utYear(2025), nil, nil, metrics.UtilizationOptions{MemberMonthDay: day}, metrics.Options{})
		if diff := cmp.Diff([]utPC{{"options.memberMonthDay", carecoord.FieldOutOfRange}}, fieldtest.PathCodes[utPC](t, err)); diff != "" {
			t.Errorf("MemberMonthDay %d mismatch (-want +got):\n%s", day, diff)
		}
	}
}

func TestUtilizationEmpty(t *testing.T) {
	u := utMeasure(t, utYear(2025), nil, nil, metrics.UtilizationOptions{}, metrics.Options{Evidence: true})
	want := metrics.Utilization{
		ED:         metrics.Result{Measure: metrics.MeasureEDVisits, Period: utYear(2025), Explained: true},
		Admissions: metrics.Result{Measure: metrics.MeasureAdmissions, Period: utYear(2025), Explained: true},
	}
	if diff := cmp.Diff(want, u); diff != "" {
		t.Errorf("MeasureUtilization(nobody) mismatch (-want +got):\n%s", diff)
	}
	if _, ok := metrics.PerThousand(u.ED.Rate(), 1); ok {
		t.Errorf("PerThousand over no member months is computable")
	}
}

func TestPerThousand(t *testing.T) {
	for _, tc := range []struct {
		r      carecoord.Rate
		places int32
		want   string // "" when not computable
	}{
		{carecoord.Rate{Num: 3, Den: 30}, 1, "100.0"},
		{carecoord.Rate{Num: 1, Den: 3}, 1, "333.3"},
		{carecoord.Rate{Num: 2, Den: 3}, 1, "666.7"},
		{carecoord.Rate{Num: 1, Den: 8000}, 2, "0.13"}, // 0.125: half away from zero
		{carecoord.Rate{Num: 45, Den: 12}, 0, "3750"},
		{carecoord.Rate{Num: 0, Den: 12}, 1, "0.0"},
		{carecoord.Rate{Num: 5, Den: 0}, 1, ""},
		{carecoord.Rate{}, 1, ""},
	} {
		got, ok := metrics.PerThousand(tc.r, tc.places)
		if tc.want == "" {
			if ok {
				t.Errorf("PerThousand(%v) = %s, true; want not computable", tc.r, got)
			}
			continue
		}
		if !ok || got.StringFixed(tc.places) != tc.want {
			t.Errorf("PerThousand(%v, %d) = %s, %v; want %s", tc.r, tc.places, got.StringFixed(tc.places), ok, tc.want)
		}
	}
}

func TestUtilizationMergeRefuses(t *testing.T) {
	a := utMeasure(t, utYear(2025), []metrics.EnrollmentSpan{utEnrolled("a", "2025-01-01", "2025-12-31")}, nil, metrics.UtilizationOptions{}, metrics.Options{})
	b := utMeasure(t, utYear(2024), []metrics.EnrollmentSpan{utEnrolled("b", "2024-01-01", "2024-12-31")}, nil, metrics.UtilizationOptions{}, metrics.Options{})
	_, err := a.Merge(b)
	if diff := cmp.Diff([]utPC{{"ed.period", carecoord.FieldInvalid}}, fieldtest.PathCodes[utPC](t, err)); diff != "" {
		t.Errorf("Merge of different periods mismatch (-want +got):\n%s", diff)
	}
	c := utMeasure(t, utYear(2025), nil, nil, metrics.UtilizationOptions{}, metrics.Options{Evidence: true})
	_, err = a.Merge(c)
	if diff := cmp.Diff([]utPC{{"ed.explained", carecoord.FieldInvalid}}, fieldtest.PathCodes[utPC](t, err)); diff != "" {
		t.Errorf("Merge of explained with unexplained mismatch (-want +got):\n%s", diff)
	}
	if m, err := a.Merge(metrics.Utilization{}); err != nil || !cmp.Equal(a, m, cmpopts.EquateEmpty()) {
		t.Errorf("a.Merge(zero) = %+v, %v; want a", m, err)
	}
}

// utPopulation is a random population: its period, enrollment spans, stays and options.
type utPopulation struct {
	period civil.Range
	spans  []metrics.EnrollmentSpan
	stays  []metrics.Stay
	uo     metrics.UtilizationOptions
	opts   metrics.Options
}

var utPatients = []carecoord.PatientID{"p0", "p1", "p2", "p3", "p4", "p5"}

func utDrawPopulation(t *rapid.T) utPopulation {
	lo, hi := utD("2024-10-01"), utD("2026-03-31")
	start := civiltest.DateIn(utD("2024-12-01"), utD("2025-02-28")).Draw(t, "period start")
	pop := utPopulation{period: civil.Range{Start: start, End: start.AddDays(rapid.IntRange(0, 420).Draw(t, "period days"))}}
	patient := rapid.SampledFrom(utPatients)
	pop.spans = rapid.SliceOfN(rapid.Custom(func(t *rapid.T) metrics.EnrollmentSpan {
		s := civiltest.DateIn(lo, hi).Draw(t, "start")
		maxDays := rapid.SampledFrom([]int{12, 150}).Draw(t, "short or long") // short spans leave gaps inside a month
		return metrics.EnrollmentSpan{Patient: patient.Draw(t, "patient"), Range: civil.Range{Start: s, End: s.AddDays(rapid.IntRange(0, maxDays).Draw(t, "days"))}}
	}), 0, 20).Draw(t, "spans")
	settings := []transition.Setting{transition.SettingEmergencyDepartment, transition.SettingEmergencyDepartment,
		transition.SettingAcuteInpatient, transition.SettingPsychiatricInpatient, transition.SettingObservation, transition.SettingSkilledNursing}
	dispositions := []transition.Disposition{transition.DispositionHome, transition.DispositionAdmittedHere, transition.DispositionShortTermHospital}
	pop.stays = rapid.SliceOfN(rapid.Custom(func(t *rapid.T) metrics.Stay {
		day := civiltest.DateIn(lo, hi).Draw(t, "day")
		return metrics.Stay{
			ID:          "s" + strconv.Itoa(rapid.IntRange(0, 9).Draw(t, "id")),
			Patient:     patient.Draw(t, "patient"),
			Setting:     rapid.SampledFrom(settings).Draw(t, "setting"),
			Admitted:    day,
			Discharged:  day.AddDays(rapid.IntRange(0, 3).Draw(t, "length")),
			Disposition: rapid.SampledFrom(dispositions).Draw(t, "disposition"),
		}
	}), 0, 24).Draw(t, "stays")
	pop.uo = metrics.UtilizationOptions{
		MemberMonthDay:        rapid.SampledFrom([]int{0, 0, 1, 15, 28}).Draw(t, "member month day"),
		CountAdmittedEDVisits: rapid.Bool().Draw(t, "count admitted"),
		CountSameDayEDVisits:  rapid.Bool().Draw(t, "count same day"),
	}
	if rapid.Bool().Draw(t, "observation") {
		pop.uo.Inpatient = append(metrics.DefaultInpatientSettings(), transition.SettingObservation)
	}
	pop.opts.Evidence = rapid.Bool().Draw(t, "evidence")
	if rapid.Bool().Draw(t, "stratify") {
		pop.opts.Stratify = func(p carecoord.PatientID, on civil.Date) string {
			return fmt.Sprintf("%c-q%d", p[1]%3+'a', (on.Month()+2)/3)
		}
	}
	if rapid.Bool().Draw(t, "eligible") {
		pop.opts.Eligible = func(p carecoord.PatientID, on civil.Date) metrics.Reason {
			if p == "p3" && on.Month() >= time.June {
				return "hospice"
			}
			return ""
		}
	}
	return pop
}

// utModel computes the totals of both measures the slow way, day by day, from the rules as
// MeasureUtilization's doc states them.
func utModel(pop utPopulation) (ed, adm metrics.Tally) {
	enrolled := map[carecoord.PatientID]map[civil.Date]bool{}
	for _, s := range pop.spans {
		for d := range s.All() {
			if pop.period.Contains(d) {
				if enrolled[s.Patient] == nil {
					enrolled[s.Patient] = map[civil.Date]bool{}
				}
				enrolled[s.Patient][d] = true
			}
		}
	}
	first := pop.period.Start.AddDays(1 - pop.period.Start.Day())
	eligible := func(p carecoord.PatientID, d civil.Date) metrics.Reason {
		if pop.opts.Eligible == nil {
			return ""
		}
		return pop.opts.Eligible(p, d.AddDays(1-d.Day()))
	}
	for p, days := range enrolled {
		for m := first; !m.After(pop.period.End); m = m.AddMonths(1) {
			member := false
			if pop.uo.MemberMonthDay == 0 {
				for d := m; d.Month() == m.Month(); d = d.AddDays(1) {
					member = member || days[d]
				}
			} else {
				member = days[m.AddDays(pop.uo.MemberMonthDay-1)]
			}
			switch {
			case !member:
			case eligible(p, m) != "":
				ed.Excluded++
				adm.Excluded++
			default:
				ed.Denominator++
				adm.Denominator++
			}
		}
	}
	inpatient := pop.uo.Inpatient
	if len(inpatient) == 0 {
		inpatient = metrics.DefaultInpatientSettings()
	}
	stays := slices.Clone(pop.stays)
	slices.SortFunc(stays, func(a, b metrics.Stay) int {
		if c := a.Admitted.Compare(b.Admitted); c != 0 {
			return c
		}
		if a.ID != b.ID {
			if a.ID < b.ID {
				return -1
			}
			return 1
		}
		// Of two visits with one id on one day, the one admitted here first.
		return utBoolOrder(b.Disposition == transition.DispositionAdmittedHere) - utBoolOrder(a.Disposition == transition.DispositionAdmittedHere)
	})
	edDays := map[carecoord.PatientID]map[civil.Date]bool{}
	for _, s := range stays {
		isED := s.Setting == transition.SettingEmergencyDepartment
		if !pop.period.Contains(s.Admitted) || !isED && !slices.Contains(inpatient, s.Setting) {
			continue
		}
		tally := &adm
		if isED {
			tally = &ed
		}
		switch {
		case !enrolled[s.Patient][s.Admitted], eligible(s.Patient, s.Admitted) != "":
			tally.Excluded++
		case isED && s.Disposition == transition.DispositionAdmittedHere && !pop.uo.CountAdmittedEDVisits:
			tally.Excluded++
		case isED && edDays[s.Patient][s.Admitted] && !pop.uo.CountSameDayEDVisits:
			tally.Excluded++
		default:
			tally.Numerator++
			if isED {
				if edDays[s.Patient] == nil {
					edDays[s.Patient] = map[civil.Date]bool{}
				}
				edDays[s.Patient][s.Admitted] = true
			}
		}
	}
	return ed, adm
}

func utBoolOrder(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestUtilizationAgainstModel compares the totals with the day-by-day model, and checks that
// the evidence rows add up to the totals, that the strata add up to the total, that the
// evidence is in Result order and that the inputs are not changed.
func TestUtilizationAgainstModel(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		pop := utDrawPopulation(t)
		spans0, stays0 := slices.Clone(pop.spans), slices.Clone(pop.stays)
		u, err := metrics.MeasureUtilization(pop.period, pop.spans, pop.stays, pop.uo, pop.opts)
		if err != nil {
			t.Fatalf("MeasureUtilization: %v", err)
		}
		if !slices.Equal(spans0, pop.spans) || !slices.Equal(stays0, pop.stays) {
			t.Fatalf("MeasureUtilization changed its inputs")
		}
		wantED, wantAdm := utModel(pop)
		if diff := cmp.Diff(wantED, u.ED.Total); diff != "" {
			t.Fatalf("ED total mismatch with the model (-model +got):\n%s", diff)
		}
		if diff := cmp.Diff(wantAdm, u.Admissions.Total); diff != "" {
			t.Fatalf("admissions total mismatch with the model (-model +got):\n%s", diff)
		}
		for _, r := range []metrics.Result{u.ED, u.Admissions} {
			if pop.opts.Stratify != nil {
				var sum metrics.Tally
				for _, s := range r.Strata {
					sum = sum.Add(s.Tally)
				}
				if diff := cmp.Diff(r.Total, sum); diff != "" {
					t.Fatalf("%s: strata do not add up to the total (-total +sum):\n%s", r.Measure, diff)
				}
			}
			if !pop.opts.Evidence {
				if r.Evidence != nil {
					t.Fatalf("%s: evidence without Options.Evidence", r.Measure)
				}
				continue
			}
			var rows metrics.Tally
			for i, e := range r.Evidence {
				switch e.Status {
				case metrics.InNumerator:
					rows.Numerator++
				case metrics.InDenominator:
					rows.Denominator++
				case metrics.Excluded:
					rows.Excluded++
				default:
					t.Fatalf("%s: row %+v has status %q", r.Measure, e, e.Status)
				}
				if i > 0 {
					prev := r.Evidence[i-1]
					if prev.Patient > e.Patient || prev.Patient == e.Patient && (prev.Event.After(e.Event) || prev.Event == e.Event && prev.Subject > e.Subject) {
						t.Fatalf("%s: rows %d and %d out of order: %+v, %+v", r.Measure, i-1, i, prev, e)
					}
				}
			}
			if diff := cmp.Diff(r.Total, rows); diff != "" {
				t.Fatalf("%s: evidence rows do not add up to the total (-total +rows):\n%s", r.Measure, diff)
			}
		}
	})
}

// TestUtilizationShardsMerge: split the population by patient into shards, measure each, and
// merge the results in any order: the result is the result over the whole. The whole is
// measured from the inputs in a random order, so the order of the inputs does not matter
// either.
func TestUtilizationShardsMerge(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		pop := utDrawPopulation(t)
		whole, err := metrics.MeasureUtilization(pop.period, rapid.Permutation(pop.spans).Draw(t, "span order"),
			rapid.Permutation(pop.stays).Draw(t, "stay order"), pop.uo, pop.opts)
		if err != nil {
			t.Fatalf("MeasureUtilization(whole): %v", err)
		}
		n := rapid.IntRange(1, 4).Draw(t, "shards")
		shardOf := map[carecoord.PatientID]int{}
		for _, p := range utPatients {
			shardOf[p] = rapid.IntRange(0, n-1).Draw(t, "shard of "+string(p))
		}
		parts := make([]metrics.Utilization, n)
		for k := range parts {
			var spans []metrics.EnrollmentSpan
			var stays []metrics.Stay
			for _, s := range pop.spans {
				if shardOf[s.Patient] == k {
					spans = append(spans, s)
				}
			}
			for _, s := range pop.stays {
				if shardOf[s.Patient] == k {
					stays = append(stays, s)
				}
			}
			if parts[k], err = metrics.MeasureUtilization(pop.period, spans, stays, pop.uo, pop.opts); err != nil {
				t.Fatalf("MeasureUtilization(shard %d): %v", k, err)
			}
		}
		var merged metrics.Utilization
		order := make([]int, n)
		for k := range order {
			order[k] = k
		}
		for _, k := range rapid.Permutation(order).Draw(t, "merge order") {
			if merged, err = merged.Merge(parts[k]); err != nil {
				t.Fatalf("Merge: %v", err)
			}
		}
		if diff := cmp.Diff(whole, merged, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("merged shards != whole (-whole +merged):\n%s", diff)
		}
	})
}

// utBenchPopulation builds n members, each enrolled for 2025 (one in five with a two-month
// gap, so two spans), and 0.4 stays a member: ED visits, acute and psychiatric admissions,
// observation and skilled nursing stays. Patients are numbered in sorted order.
func utBenchPopulation(n int) ([]metrics.EnrollmentSpan, []metrics.Stay) {
	spans := make([]metrics.EnrollmentSpan, 0, n+n/5)
	stays := make([]metrics.Stay, 0, 2*n/5)
	settings := []transition.Setting{transition.SettingEmergencyDepartment, transition.SettingEmergencyDepartment,
		transition.SettingEmergencyDepartment, transition.SettingAcuteInpatient, transition.SettingPsychiatricInpatient,
		transition.SettingObservation, transition.SettingSkilledNursing}
	jan1 := utD("2025-01-01")
	for i := range n {
		p := carecoord.PatientID(fmt.Sprintf("m%07d", i))
		if i%5 == 0 {
			spans = append(spans,
				metrics.EnrollmentSpan{Patient: p, Range: civil.Range{Start: jan1, End: utD("2025-04-30")}},
				metrics.EnrollmentSpan{Patient: p, Range: civil.Range{Start: utD("2025-07-01"), End: utD("2025-12-31")}})
		} else {
			spans = append(spans, metrics.EnrollmentSpan{Patient: p, Range: utYear(2025)})
		}
		for k := range [5]int{1, 1, 0, 0, 0}[i%5] {
			day := jan1.AddDays((i*13 + k*101) % 365)
			stays = append(stays, metrics.Stay{ID: "s" + strconv.Itoa(k), Patient: p, Setting: settings[(i+k)%len(settings)],
				Admitted: day, Discharged: day.AddDays(1), Disposition: transition.DispositionHome})
		}
	}
	return spans, stays
}

func BenchmarkUtilization(b *testing.B) {
	spans, stays := utBenchPopulation(1_000_000)
	b.Logf("%d members, %d spans, %d stays", 1_000_000, len(spans), len(stays))
	for _, bc := range []struct {
		name string
		opts metrics.Options
	}{
		{"totals", metrics.Options{}},
		{"stratified", metrics.Options{Stratify: func(p carecoord.PatientID, on civil.Date) string {
			if on.Month() <= time.June {
				return "h1"
			}
			return "h2"
		}}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := metrics.MeasureUtilization(utYear(2025), spans, stays, metrics.UtilizationOptions{}, bc.opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Example computes ED visits and inpatient admissions per 1,000 member months for a small plan
// in 2025: one member enrolled all year, one from mid-March (March counts whole, as the Tuva
// Project counts member months), and an ED visit that led to an admission, counted once, as
// the admission.
func ExampleMeasureUtilization() {
	year := civil.Range{Start: civil.MustParse("2025-01-01"), End: civil.MustParse("2025-12-31")}
	enrollment := []metrics.EnrollmentSpan{
		{Patient: "ana", Range: year},
		{Patient: "ben", Range: civil.Range{Start: civil.MustParse("2025-03-15"), End: civil.MustParse("2025-12-31")}},
	}
	visit := func(id string, p carecoord.PatientID, s transition.Setting, day string, d transition.Disposition) metrics.Stay {
		return metrics.Stay{ID: id, Patient: p, Setting: s, Admitted: civil.MustParse(day), Discharged: civil.MustParse(day), Disposition: d}
	}
	stays := []metrics.Stay{
		visit("e1", "ana", transition.SettingEmergencyDepartment, "2025-02-03", transition.DispositionHome),
		visit("e2", "ana", transition.SettingEmergencyDepartment, "2025-08-19", transition.DispositionAdmittedHere),
		visit("i1", "ana", transition.SettingAcuteInpatient, "2025-08-19", transition.DispositionHome),
		visit("e3", "ben", transition.SettingEmergencyDepartment, "2025-03-20", transition.DispositionHome),
		visit("e4", "ben", transition.SettingEmergencyDepartment, "2025-01-05", transition.DispositionHome), // not yet enrolled
	}
	u, err := metrics.MeasureUtilization(year, enrollment, stays, metrics.UtilizationOptions{}, metrics.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range []metrics.Result{u.ED, u.Admissions} {
		perK, _ := metrics.PerThousand(r.Rate(), 1)
		fmt.Printf("%s: %d in %d member months (%d not counted) = %s per 1,000\n",
			r.Measure, r.Total.Numerator, r.Total.Denominator, r.Total.Excluded, perK.StringFixed(1))
	}
	// Output:
	// utilization-ed-visits: 2 in 22 member months (2 not counted) = 90.9 per 1,000
	// utilization-inpatient-admissions: 1 in 22 member months (0 not counted) = 45.5 per 1,000
}
