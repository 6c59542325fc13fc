package fhir

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/metrics"
)

// carecoord's URIs for measure reports.
const (
	// SystemMeasure codes a metrics.MeasureID ("readmission-pcr", "fuh-7"), in
	// MeasureReport.group.code: the measure and profile carecoord computed.
	SystemMeasure = Base + "CodeSystem/measure"
	// ExtensionExpectedCount holds the expected count of a risk-adjusted measure
	// (metrics.Tally.Expected: the sum of the expected probabilities of the denominator's
	// subjects that have one), as valueDecimal, on a MeasureReport group or stratum. R4 has
	// no element for it; with the numerator it gives the observed-to-expected ratio.
	ExtensionExpectedCount = Base + "StructureDefinition/expected-count"
	// ExtensionPredictedCount holds how many of the denominator's subjects have an expected
	// probability (metrics.Tally.Predicted), as valueInteger, beside ExtensionExpectedCount: the
	// ratio is computable only when it equals the denominator.
	ExtensionPredictedCount = Base + "StructureDefinition/predicted-count"
)

// Codes outside carecoord used by the measure report mapping.
const (
	systemMeasurePopulation   = carecoord.SystemTHO + "measure-population"
	systemImprovementNotation = carecoord.SystemTHO + "measure-improvement-notation"
)

// maxScorePlaces is the most decimal places of a measure score: FHIR decimals are required
// to hold 18 digits (R4 §2.24.0.1).
const maxScorePlaces = 18

// MeasureReportOptions are what a MeasureReport says that a metrics.Result does not know. The
// zero MeasureReportOptions is not usable: Measure is required.
type MeasureReportOptions struct {
	// Measure is the canonical URL of the FHIR Measure the result computes
	// (MeasureReport.measure): a published eCQM's or the host's own.
	Measure string
	// Places is the number of decimal places of each measure score, from 0 to 18.
	Places int32
	// Date is when the report was made; the zero time leaves it out.
	Date time.Time
	// Reporter is who reports; the zero Actor leaves it out.
	Reporter carecoord.Actor
	// ImprovementNotation is "increase" when a higher score is better (follow-up within 7
	// days), "decrease" when a lower one is (readmissions), "" to leave it out
	// (measure-improvement-notation).
	ImprovementNotation string
	// Stratifier codes the result's strata, as the Measure's stratifier does (an age band, a
	// payer); the zero Coding leaves the code out.
	Stratifier carecoord.Coding
}

// MeasureReportOf returns the result r as a FHIR R4 summary MeasureReport: status complete,
// type summary, measure opts.Measure, period r.Period, and one group coded with r.Measure
// ([SystemMeasure]) whose populations (measure-population codes) and score are r.Total's, and
// one stratifier with a stratum per stratum of r (value its key as text; no value for the ""
// key) when r is stratified.
//
// A metrics.Tally counts the subjects in the denominator after exclusions, those of them in
// the numerator, and the candidates excluded. FHIR's proportion scoring subtracts exclusions
// from the denominator (R4 MeasureReport, measure-population), so the populations are
// initial-population and denominator the candidates (Denominator + Excluded),
// denominator-exclusion the excluded, and numerator the numerator. measureScore is the
// proportion Numerator/Denominator (from 0 to 1, not a percentage) rounded half away from zero
// to opts.Places decimal places and written with exactly that many, so its precision shows the
// rounding; the exact counts are the populations'. A stratum or group with an empty
// denominator has no score (0 of 0 is not computable, not 0). A risk-adjusted tally's expected
// count goes in carecoord extensions ([ExtensionExpectedCount]).
//
// r.Evidence is not written: a subject-list report needs List resources of the subjects, which
// this package does not map. The error matches carecoord.ErrInvalid: r has no measure or no
// valid period, a count beyond a FHIR integer (2,147,483,647), or opts a missing or malformed
// Measure, Places out of range, an invalid Reporter or Stratifier, or an ImprovementNotation
// other than increase or decrease.
func MeasureReportOf(r metrics.Result, opts MeasureReportOptions) (*MeasureReport, error) {
	var errs carecoord.FieldErrors
	switch {
	case r.Measure == "":
		errs.Add(carecoord.Required("measure", "must name the measure"))
	case !carecoord.ValidCode(string(r.Measure)):
		errs.Add(carecoord.Invalid("measure", "must be a FHIR code: no leading, trailing or repeated white space"))
	}
	errs.Nest("period", r.Period.Validate())
	switch {
	case opts.Measure == "":
		errs.Add(carecoord.Required("opts.measure", "must be the canonical URL of the Measure"))
	case strings.ContainsAny(opts.Measure, " \t\r\n"):
		errs.Add(carecoord.Invalid("opts.measure", "must be a canonical URL: no white space"))
	}
	if opts.Places < 0 || opts.Places > maxScorePlaces {
		errs.Add(carecoord.OutOfRange("opts.places", "must be from 0 to 18"))
	}
	if !opts.Reporter.IsZero() {
		errs.Nest("opts.reporter", opts.Reporter.Validate())
	}
	if !opts.Stratifier.IsZero() {
		errs.Nest("opts.stratifier", opts.Stratifier.Validate())
	}
	if n := opts.ImprovementNotation; n != "" && n != "increase" && n != "decrease" {
		errs.Add(carecoord.NotSupported("opts.improvementNotation", "increase", "decrease"))
	}
	tallies := append([]metrics.Tally{r.Total}, make([]metrics.Tally, len(r.Strata))...)
	for i, s := range r.Strata {
		tallies[i+1] = s.Tally
	}
	for i, t := range tallies {
		if t.Denominator+t.Excluded > 1<<31-1 || t.Denominator < 0 || t.Numerator < 0 || t.Excluded < 0 || t.Predicted > 1<<31-1 {
			path := "total"
			if i > 0 {
				path = carecoord.Path("strata", i-1)
			}
			errs.Add(carecoord.OutOfRange(path, "must count from 0 to 2147483647 subjects in each population"))
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	mr := &MeasureReport{
		Status:   "complete",
		Type:     "summary",
		Measure:  opts.Measure,
		Date:     DateTimeOf(opts.Date),
		Reporter: referenceOf(opts.Reporter),
		Period:   Period{Start: DateTime(DateOf(r.Period.Start)), End: DateTime(DateOf(r.Period.End))},
	}
	if opts.ImprovementNotation != "" {
		mr.ImprovementNotation = ConceptOf(carecoord.Coding{System: systemImprovementNotation, Code: opts.ImprovementNotation})
	}
	g := MeasureReportGroup{Code: ConceptOf(carecoord.Coding{System: SystemMeasure, Code: string(r.Measure)})}
	g.Population, g.MeasureScore = populations(r.Total, opts.Places)
	g.Extension = expectedExtensions(r.Total)
	if len(r.Strata) > 0 {
		st := MeasureReportStratifier{}
		if !opts.Stratifier.IsZero() {
			st.Code = []CodeableConcept{ConceptOf(opts.Stratifier)}
		}
		for _, s := range r.Strata {
			var x MeasureReportStratum
			x.Value.Text = s.Key
			x.Population, x.MeasureScore = populations(s.Tally, opts.Places)
			x.Extension = expectedExtensions(s.Tally)
			st.Stratum = append(st.Stratum, x)
		}
		g.Stratifier = []MeasureReportStratifier{st}
	}
	mr.Group = []MeasureReportGroup{g}
	return mr, nil
}

// populations returns the populations and score of a tally.
func populations(t metrics.Tally, places int32) ([]MeasureReportPopulation, Quantity) {
	pop := func(code string, n int64) MeasureReportPopulation {
		return MeasureReportPopulation{Code: ConceptOf(carecoord.Coding{System: systemMeasurePopulation, Code: code}), Count: &n}
	}
	candidates := t.Denominator + t.Excluded
	ps := []MeasureReportPopulation{
		pop("initial-population", candidates),
		pop("denominator", candidates),
		pop("denominator-exclusion", t.Excluded),
		pop("numerator", t.Numerator),
	}
	var score Quantity
	if t.Denominator > 0 {
		v := decimal.NewFromInt(t.Numerator).DivRound(decimal.NewFromInt(t.Denominator), places).Round(places)
		score.Value = decimal.NewNullDecimal(v)
	}
	return ps, score
}

// expectedExtensions returns the expected and predicted counts of a risk-adjusted tally, or
// none.
func expectedExtensions(t metrics.Tally) []Extension {
	if t.Predicted == 0 {
		return nil
	}
	return []Extension{
		{URL: ExtensionExpectedCount, ValueType: "Decimal", Value: []byte(decimalText(t.Expected))},
		{URL: ExtensionPredictedCount, ValueType: "Integer", Value: []byte(decimal.NewFromInt(t.Predicted).String())},
	}
}
