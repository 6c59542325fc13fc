package sdoh_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/internal/fieldtest"
	"github.com/carecoord/carecoord/sdoh"
	"github.com/google/go-cmp/cmp"
)

type pathCode struct {
	Path string
	Code carecoord.FieldCode
}

func problems(t *testing.T, err error) []pathCode {
	t.Helper()
	return fieldtest.PathCodes[pathCode](t, err)
}

func TestScreenerValidate(t *testing.T) {
	s := screener(t)
	set := func(item string, a sdoh.Answer) func(*sdoh.Response) {
		return func(r *sdoh.Response) {
			for i := range r.Answers {
				if r.Answers[i].Item == item {
					r.Answers[i] = a
				}
			}
		}
	}
	tests := []struct {
		name   string
		change func(r *sdoh.Response)
		want   []pathCode
	}{
		{"valid", func(*sdoh.Response) {}, nil},
		{"zero header", func(r *sdoh.Response) { *r = sdoh.Response{} }, []pathCode{
			{"instrument", carecoord.FieldRequired}, {"instrumentVersion", carecoord.FieldRequired}, {"patient", carecoord.FieldRequired},
			{"date", carecoord.FieldRequired}, {"respondent", carecoord.FieldRequired}, {"language", carecoord.FieldRequired}}},
		{"bad header values", func(r *sdoh.Response) {
			r.Patient, r.Respondent, r.Language = "pat 1", "neighbour", "english please"
		}, []pathCode{{"patient", carecoord.FieldInvalid}, {"respondent", carecoord.FieldNotSupported}, {"language", carecoord.FieldInvalid}}},
		{"unknown instrument", func(r *sdoh.Response) { r.Instrument = "whooley" }, []pathCode{{"instrument", carecoord.FieldNotSupported}}},
		{"instrument that is not an id", func(r *sdoh.Response) { r.Instrument = "who knows" }, []pathCode{{"instrument", carecoord.FieldInvalid}}},
		{"wrong instrument version", func(r *sdoh.Response) { r.InstrumentVersion = "2017" }, []pathCode{{"instrumentVersion", carecoord.FieldNotSupported}}},
		{"unknown item (a GAD-7 item)", func(r *sdoh.Response) { r.Answers = append(r.Answers, sdoh.Choose("69725-0", "LA6568-5")) },
			[]pathCode{{"answers[69725-0]", carecoord.FieldNotSupported}}},
		{"item that is not a LOINC code", func(r *sdoh.Response) { r.Answers = append(r.Answers, sdoh.Choose("my secret", yes)) },
			[]pathCode{{"answers[10].item", carecoord.FieldInvalid}}},
		{"item with a bad check digit", func(r *sdoh.Response) { r.Answers = append(r.Answers, sdoh.Choose("88122-8", yes)) },
			[]pathCode{{"answers[10].item", carecoord.FieldInvalid}}},
		{"answer not in the item's list", set("88122-7", sdoh.Choose("88122-7", yes)),
			[]pathCode{{"answers[88122-7].codes[0]", carecoord.FieldNotSupported}}},
		{"answer from the other instrument's list (PRAPARE housing)", set("71802-3", sdoh.Choose("71802-3", "LA30190-5")),
			[]pathCode{{"answers[71802-3].codes[0]", carecoord.FieldNotSupported}}},
		{"two answers to a single-choice item", set("88122-7", sdoh.Choose("88122-7", often, never)),
			[]pathCode{{"answers[88122-7].codes", carecoord.FieldInvalid}}},
		{"repeated answer to a multi-choice item", set("96778-6", sdoh.Choose("96778-6", mold, mold)),
			[]pathCode{{"answers[96778-6].codes[1]", carecoord.FieldDuplicate}}},
		{"no answer code", set("93030-5", sdoh.Choose("93030-5")),
			[]pathCode{{"answers[93030-5].codes", carecoord.FieldRequired}}},
		{"item answered twice", func(r *sdoh.Response) { r.Answers = append(r.Answers, sdoh.Choose("88122-7", never)) },
			[]pathCode{{"answers[88122-7]", carecoord.FieldDuplicate}}},
		{"required item missing", func(r *sdoh.Response) { r.Answers = r.Answers[1:] },
			[]pathCode{{"answers[71802-3]", carecoord.FieldRequired}}},
		{"number for a choice item", set("93030-5", sdoh.Value("93030-5", 1)),
			[]pathCode{{"answers[93030-5].number", carecoord.FieldNotAllowed}}},
		{"answer and absent reason", set("93030-5", sdoh.Answer{Item: "93030-5", Codes: []string{yes}, Absent: sdoh.AbsentDeclined}),
			[]pathCode{{"answers[93030-5]", carecoord.FieldNotAllowed}}},
		{"unknown absent reason", set("93030-5", sdoh.Skip("93030-5", "forgot")),
			[]pathCode{{"answers[93030-5].absent", carecoord.FieldNotSupported}}},
		{"declined, don't know, not asked are valid", func(r *sdoh.Response) {
			set("93030-5", sdoh.Skip("93030-5", sdoh.AbsentDeclined))(r)
			set("96779-4", sdoh.Skip("96779-4", sdoh.AbsentUnknown))(r)
			set("88123-5", sdoh.Skip("88123-5", sdoh.AbsentNotAsked))(r)
		}, nil},
		{"number out of range", func(r *sdoh.Response) { r.Answers = append(r.Answers, sdoh.Value("89555-7", 8)) },
			[]pathCode{{"answers[89555-7].number", carecoord.FieldOutOfRange}}},
		{"negative number", func(r *sdoh.Response) { r.Answers = append(r.Answers, sdoh.Value("68516-4", -5)) },
			[]pathCode{{"answers[68516-4].number", carecoord.FieldOutOfRange}}},
		{"codes for a number item", func(r *sdoh.Response) { r.Answers = append(r.Answers, sdoh.Choose("89555-7", "LA6111-4")) },
			[]pathCode{{"answers[89555-7].codes", carecoord.FieldNotAllowed}}},
		{"number without HasNumber", func(r *sdoh.Response) {
			r.Answers = append(r.Answers, sdoh.Answer{Item: "89555-7", Number: 3})
		}, []pathCode{{"answers[89555-7].hasNumber", carecoord.FieldInvalid}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ahc(steady, []string{none}, never, never, no, no, safety(1, 1, 1, 1))
			tt.change(&r)
			if diff := cmp.Diff(tt.want, problems(t, s.Validate(r)), cmpOpts()); diff != "" {
				t.Errorf("Validate() problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// The same LOINC question is read against its own instrument: 71802-3 and 93030-5 take
// PRAPARE's answers in a PRAPARE response.
func TestSharedQuestionCodesDispatchOnInstrument(t *testing.T) {
	s := screener(t)
	r := response(sdoh.PRAPARE, sdoh.Choose("71802-3", "LA30190-5"), sdoh.Choose("93030-5", "LA30133-5", "LA30134-3"))
	if err := s.Validate(r); err != nil {
		t.Errorf("PRAPARE answers to 71802-3 and 93030-5: %v", err)
	}
	r.Answers[0] = sdoh.Choose("71802-3", worried) // an AHC answer
	if got := problems(t, s.Validate(r)); !cmp.Equal(got, []pathCode{{"answers[71802-3].codes[0]", carecoord.FieldNotSupported}}) {
		t.Errorf("AHC answer in a PRAPARE response: %v", got)
	}
}

// Errors never carry patient data or free text: not the patient id, not an answer code the
// caller typed, not an item that is not a LOINC code.
func TestValidateErrorsCarryNoPatientData(t *testing.T) {
	s := screener(t)
	r := ahc(steady, []string{none}, never, never, no, no, safety(1, 1, 1, 1))
	r.Patient = "Jane Doe 1970"
	r.Language = "Jane's language"
	r.Answers = append(r.Answers, sdoh.Choose("Jane lives at 1 Main St", "Jane"), sdoh.Choose("89555-7", "JaneCode"))
	r.Answers[0] = sdoh.Choose("71802-3", "Jane")
	err := s.Validate(r)
	if !errors.Is(err, carecoord.ErrInvalid) {
		t.Fatalf("Validate() = %v, want ErrInvalid", err)
	}
	if strings.Contains(err.Error(), "Jane") || strings.Contains(err.Error(), "Main St") {
		t.Errorf("error text repeats patient data: %q", err)
	}
}

func TestResponseValidate(t *testing.T) {
	tests := []struct {
		name string
		r    sdoh.Response
		want []pathCode
	}{
		{"valid, any instrument", sdoh.Response{Instrument: "my-screen", InstrumentVersion: "1", Patient: "p", Date: day(),
			Respondent: sdoh.RespondentStaffAssisted, Language: "es-MX", Answers: []sdoh.Answer{sdoh.Choose("12345-5", "LA1-0")}}, nil},
		{"answer code not LOINC, duplicate item", sdoh.Response{Instrument: "x", InstrumentVersion: "1", Patient: "p", Date: day(),
			Respondent: sdoh.RespondentSelf, Language: "en",
			Answers: []sdoh.Answer{sdoh.Choose("88122-7", "often"), sdoh.Choose("88122-7", often), sdoh.Choose("", often)}},
			[]pathCode{{"answers[88122-7].codes[0]", carecoord.FieldInvalid}, {"answers[88122-7]", carecoord.FieldDuplicate},
				{"answers[2].item", carecoord.FieldRequired}}},
		{"bad date", sdoh.Response{Instrument: "x", InstrumentVersion: "1", Patient: "p", Date: civil.Date{},
			Respondent: sdoh.RespondentSelf, Language: "en"}, []pathCode{{"date", carecoord.FieldRequired}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, problems(t, tt.r.Validate()), cmpOpts()); diff != "" {
				t.Errorf("Validate() problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
