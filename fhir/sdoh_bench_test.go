package fhir_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/fhir"
	"github.com/carecoord/carecoord/sdoh"
)

// benchQuestionnaireResponses returns n QuestionnaireResponses in JSON, as
// QuestionnaireResponseOf writes them: AHC HRSN screenings over a year, each answering the ten
// core items (the answers varying with i) and, one in four, declining the financial strain
// question.
func benchQuestionnaireResponses(b *testing.B, n int) [][]byte {
	in, ok := sdoh.BuiltinInstrument(sdoh.AHCHRSN)
	if !ok {
		b.Fatal("no AHC HRSN table")
	}
	out := make([][]byte, n)
	start := civil.MustParse("2026-01-01")
	for i := range out {
		r := sdoh.Response{
			Meta:       carecoord.Meta{ID: "screen-" + strconv.Itoa(i), Version: 1, UpdatedAt: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)},
			Instrument: in.ID, InstrumentVersion: in.Version,
			Patient:    carecoord.PatientID("pat-" + strconv.Itoa(i/2)),
			Date:       start.AddDays(i % 365),
			Respondent: sdoh.Respondents()[i%3],
			Language:   []string{"en", "es"}[i%2],
		}
		for k, it := range in.Items {
			if !it.Required {
				continue
			}
			r.Answers = append(r.Answers, sdoh.Choose(it.Code, it.Options[(i+k)%len(it.Options)].Code))
		}
		if i%4 == 0 {
			r.Answers = append(r.Answers, sdoh.Skip("76513-1", sdoh.AbsentDeclined))
		}
		qr, err := fhir.QuestionnaireResponseOf(r)
		if err != nil {
			b.Fatal(err)
		}
		if out[i], err = fhir.Marshal(qr); err != nil {
			b.Fatal(err)
		}
	}
	return out
}

// BenchmarkDecodeMapQuestionnaireResponse100k reads 100,000 QuestionnaireResponses from JSON
// and maps each to an sdoh.Response.
func BenchmarkDecodeMapQuestionnaireResponse100k(b *testing.B) {
	docs := benchQuestionnaireResponses(b, 100_000)
	benchDecodeMap(b, docs, func(r fhir.Resource) error {
		_, _, err := fhir.ResponseFromQuestionnaireResponse(r.(*fhir.QuestionnaireResponse))
		return err
	})
}
