package fhir_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/fhir"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/transition"
)

// The HEDIS PCR readmission rate of metrics' ExampleReadmissions (two Medicare members, 2024,
// by age band: 2 of 5 index stays readmitted, one member excluded as under 18) as a summary
// MeasureReport: the populations count the candidates, the exclusion and the numerator, the
// score is the proportion to four places, and the stratum of nobody's age band (the excluded
// member) has populations but neither a value nor a score.
func TestMeasureReportOfReadmissions(t *testing.T) {
	stay := func(patient carecoord.PatientID, id, admitted, discharged string) metrics.Stay {
		return metrics.Stay{ID: id, Patient: patient, Setting: transition.SettingAcuteInpatient,
			Admitted: civil.MustParse(admitted), Discharged: civil.MustParse(discharged), Disposition: transition.DispositionHome}
	}
	stays := []metrics.Stay{
		stay("m1", "1", "2024-03-01", "2024-03-05"),
		stay("m1", "2", "2024-03-06", "2024-03-10"),
		stay("m1", "3", "2024-03-25", "2024-03-28"),
		stay("m1", "4", "2024-04-29", "2024-05-02"),
		stay("m1", "5", "2024-05-20", "2024-05-22"),
		stay("m1", "6", "2024-06-10", "2024-06-12"),
		stay("m1", "7", "2024-11-20", "2024-12-03"),
		stay("m1", "8", "2024-12-20", "2024-12-22"),
		stay("m2", "9", "2024-07-01", "2024-07-04"),
	}
	stays[4].Planned = true
	stays[7].Disposition = transition.DispositionExpired
	births := map[carecoord.PatientID]civil.Date{"m1": civil.MustParse("1954-02-10"), "m2": civil.MustParse("2006-09-30")}
	res, err := metrics.Readmissions(stays, metrics.PCR(2024), metrics.Options{
		Evidence: true,
		Eligible: func(p carecoord.PatientID, on civil.Date) metrics.Reason {
			if metrics.AgeOn(births[p], on) < 18 {
				return "under-18"
			}
			return ""
		},
		Stratify: func(p carecoord.PatientID, on civil.Date) string {
			band, _ := metrics.BandOf(metrics.PCRMedicareBands(), metrics.AgeOn(births[p], on))
			return band
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	mr, err := fhir.MeasureReportOf(res, fhir.MeasureReportOptions{
		Measure:             "https://example.org/fhir/Measure/hedis-pcr",
		Places:              4,
		Date:                time.Date(2025, 2, 1, 9, 0, 0, 0, time.UTC),
		Reporter:            carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "aco-1"},
		ImprovementNotation: "decrease",
		Stratifier:          carecoord.Coding{System: "https://example.org/fhir/CodeSystem/stratifier", Code: "age-band"},
	})
	if err != nil {
		t.Fatal(err)
	}
	data, err := fhir.Marshal(mr)
	if err != nil {
		t.Fatal(err)
	}
	pop := func(code string, n int) string {
		return `{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"` + code + `"}]},"count":` + decimal.NewFromInt(int64(n)).String() + `}`
	}
	pops := func(candidates, excluded, numerator int) string {
		return `"population":[` + pop("initial-population", candidates) + `,` + pop("denominator", candidates) + `,` +
			pop("denominator-exclusion", excluded) + `,` + pop("numerator", numerator) + `]`
	}
	want := `{"resourceType":"MeasureReport","status":"complete","type":"summary",` +
		`"measure":"https://example.org/fhir/Measure/hedis-pcr","date":"2025-02-01T09:00:00Z",` +
		`"reporter":{"reference":"Organization/aco-1"},"period":{"start":"2024-01-01","end":"2024-12-31"},` +
		`"improvementNotation":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-improvement-notation","code":"decrease"}]},` +
		`"group":[{"code":{"coding":[{"system":"https://github.com/carecoord/carecoord/fhir/CodeSystem/measure","code":"readmission-pcr"}]},` +
		pops(6, 1, 2) + `,"measureScore":{"value":0.4000},` +
		`"stratifier":[{"code":[{"coding":[{"system":"https://example.org/fhir/CodeSystem/stratifier","code":"age-band"}]}],"stratum":[` +
		`{` + pops(1, 1, 0) + `},` +
		`{"value":{"text":"65-74"},` + pops(5, 0, 2) + `,"measureScore":{"value":0.4000}}]}]}]}`
	if string(data) != want {
		t.Errorf("MeasureReport:\n got %s\nwant %s", data, want)
	}
	if _, issues, err := fhir.Unmarshal(data, fhir.DecodeOptions{}); err != nil || len(issues) > 0 {
		t.Errorf("reading back: %v, issues %v", err, issues)
	}
}

// A risk-adjusted tally carries its expected count in carecoord extensions; a score that
// rounds is written to the places asked, half away from zero, and 0 places gives a whole score.
func TestMeasureReportScoreAndExpected(t *testing.T) {
	period := civil.Range{Start: civil.MustParse("2025-01-01"), End: civil.MustParse("2025-12-31")}
	res := metrics.Result{Measure: "fuh-7", Period: period,
		Total: metrics.Tally{Denominator: 6, Numerator: 5, Expected: decimal.RequireFromString("4.250"), Predicted: 6}}
	for places, score := range map[int32]string{0: `1`, 2: `0.83`, 3: `0.833`} {
		mr, err := fhir.MeasureReportOf(res, fhir.MeasureReportOptions{Measure: "https://example.org/Measure/fuh", Places: places})
		if err != nil {
			t.Fatal(err)
		}
		data, _ := fhir.Marshal(mr)
		want := `"group":[{"extension":[{"url":"https://github.com/carecoord/carecoord/fhir/StructureDefinition/expected-count","valueDecimal":4.250},` +
			`{"url":"https://github.com/carecoord/carecoord/fhir/StructureDefinition/predicted-count","valueInteger":6}],`
		if s := string(data); !strings.Contains(s, want) || !strings.Contains(s, `"measureScore":{"value":`+score+`}`) {
			t.Errorf("places %d:\n%s\nwant score %s and %s", places, data, score, want)
		}
	}
}

// MeasureReportOf refuses what it cannot write, naming the field.
func TestMeasureReportOfErrors(t *testing.T) {
	period := civil.Range{Start: civil.MustParse("2025-01-01"), End: civil.MustParse("2025-12-31")}
	ok := metrics.Result{Measure: "fuh-7", Period: period}
	opts := fhir.MeasureReportOptions{Measure: "https://example.org/Measure/fuh"}
	tests := []struct {
		name string
		res  metrics.Result
		opts fhir.MeasureReportOptions
		path string
	}{
		{"no measure id", metrics.Result{Period: period}, opts, "measure"},
		{"no period", metrics.Result{Measure: "fuh-7"}, opts, "period.start"},
		{"no Measure URL", ok, fhir.MeasureReportOptions{}, "opts.measure"},
		{"places", ok, fhir.MeasureReportOptions{Measure: opts.Measure, Places: 19}, "opts.places"},
		{"notation", ok, fhir.MeasureReportOptions{Measure: opts.Measure, ImprovementNotation: "up"}, "opts.improvementNotation"},
		{"count beyond an integer", metrics.Result{Measure: "fuh-7", Period: period, Strata: []metrics.Stratum{{Key: "a", Tally: metrics.Tally{Denominator: 1 << 31}}}}, opts, "strata[0]"},
	}
	for _, tt := range tests {
		_, err := fhir.MeasureReportOf(tt.res, tt.opts)
		var list carecoord.FieldErrors
		if !errors.As(err, &list) {
			var fe *carecoord.FieldError
			if errors.As(err, &fe) {
				list = carecoord.FieldErrors{fe}
			}
		}
		if len(list) == 0 || list[0].Path != tt.path {
			t.Errorf("%s: err = %v, want one at %s", tt.name, err, tt.path)
		}
	}
}
