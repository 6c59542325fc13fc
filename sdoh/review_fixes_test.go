package sdoh_test

import (
	"encoding/json"
	"math"
	"slices"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/sdoh"
	"github.com/google/go-cmp/cmp"
)

const phqItem9 = "44260-8"

// hasError reports whether err is a carecoord.FieldErrors with an error at path with code.
func hasError(err error, path string, code carecoord.FieldCode) bool {
	var list carecoord.FieldErrors
	if !asFieldErrors(err, &list) {
		return false
	}
	return slices.ContainsFunc(list, func(e *carecoord.FieldError) bool { return e.Path == path && e.Code == code })
}

// PHQ-9 item 9 answered "Nearly every day" and then "Not at all", or with both codes in one
// entry: the response is invalid (Validate says why), but the urgent flag is raised, because
// one of the answers given is above 0 (spec §4.4: any answer > 0 raises it).
func TestUrgentSurvivesInvalidItem9(t *testing.T) {
	s := screener(t)
	for _, tt := range []struct {
		name string
		r    sdoh.Response
		path string
		code carecoord.FieldCode
	}{
		{"answered twice", func() sdoh.Response {
			r := scaleResponse(sdoh.PHQ9, 0, 0, 0, 0, 0, 0, 0, 0, 3)
			r.Answers = append(r.Answers, sdoh.Choose(phqItem9, phqCode(0)))
			return r
		}(), "answers[" + phqItem9 + "]", carecoord.FieldDuplicate},
		{"answered twice, the positive answer last", func() sdoh.Response {
			r := scaleResponse(sdoh.PHQ9, 0, 0, 0, 0, 0, 0, 0, 0, 0)
			r.Answers = append(r.Answers, sdoh.Choose(phqItem9, phqCode(1)))
			return r
		}(), "answers[" + phqItem9 + "]", carecoord.FieldDuplicate},
		{"two codes", func() sdoh.Response {
			r := scaleResponse(sdoh.PHQ9, 0, 0, 0, 0, 0, 0, 0, 0)
			r.Answers = append(r.Answers, sdoh.Choose(phqItem9, phqCode(3), phqCode(0)))
			return r
		}(), "answers[" + phqItem9 + "].codes", carecoord.FieldInvalid},
		{"declined, then answered", func() sdoh.Response {
			r := scaleResponse(sdoh.PHQ9, 0, 0, 0, 0, 0, 0, 0, 0)
			r.Answers = append(r.Answers, sdoh.Skip(phqItem9, sdoh.AbsentDeclined), sdoh.Choose(phqItem9, phqCode(2)))
			return r
		}(), "answers[" + phqItem9 + "]", carecoord.FieldDuplicate},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.Validate(tt.r); !hasError(err, tt.path, tt.code) {
				t.Errorf("Validate() = %v, want %s at %s", err, tt.code, tt.path)
			}
			res := s.Score(tt.r)
			if res.Valid {
				t.Errorf("Score().Valid = true for an invalid response")
			}
			if !res.Urgent.Raised || res.Urgent.Item != phqItem9 {
				t.Errorf("Urgent = %+v, want raised by %s", res.Urgent, phqItem9)
			}
			if res.Status != sdoh.StatusPositive {
				t.Errorf("Status = %s, want positive (urgent)", res.Status)
			}
			if res.HasWarning(sdoh.WarnUrgentItemUnanswered) {
				t.Errorf("warns %s although the flag is raised", sdoh.WarnUrgentItemUnanswered)
			}
		})
	}
	// Both answers "Not at all": nothing to raise, and the item must be asked again.
	r := scaleResponse(sdoh.PHQ9, 0, 0, 0, 0, 0, 0, 0, 0, 0)
	r.Answers = append(r.Answers, sdoh.Choose(phqItem9, phqCode(0)))
	if res := s.Score(r); res.Urgent.Raised || !res.HasWarning(sdoh.WarnUrgentItemUnanswered) || res.Status == sdoh.StatusNegative {
		t.Errorf("item 9 'Not at all' twice: Urgent %+v, warnings %v, status %s; want not raised, a warning, not negative",
			res.Urgent, res.Warnings, res.Status)
	}
}

// An item answered twice is read as the range of its answers' points: positive only if positive
// at the lowest, never negative (the response is invalid).
func TestDuplicateScoredItemIsARange(t *testing.T) {
	s := screener(t)
	for _, tt := range []struct {
		name             string
		points           []int // items 1-8
		status           sdoh.Status
		score, scoreMax  int
		total, totalMax  int
		item9Alternative int
	}{
		{"positive at the lowest", []int{2, 2, 2, 2, 2, 0, 0, 0}, sdoh.StatusPositive, 10, 13, 10, 13, 3},
		{"positive only at the highest", []int{1, 1, 1, 1, 1, 1, 1, 1}, sdoh.StatusUnknown, 8, 11, 8, 11, 3},
		{"negative even at the highest", []int{0, 0, 0, 0, 0, 0, 0, 0}, sdoh.StatusUnknown, 0, 1, 0, 1, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := scaleResponse(sdoh.PHQ9, append(slices.Clone(tt.points), 0)...)
			r.Answers = append(r.Answers, sdoh.Choose(phqItem9, phqCode(tt.item9Alternative)))
			res := s.Score(r)
			d, _ := res.Domain(sdoh.DomainDepression)
			type got struct {
				Status                           sdoh.Status
				Score, ScoreMax, Total, TotalMax int
			}
			want := got{tt.status, tt.score, tt.scoreMax, tt.total, tt.totalMax}
			if diff := cmp.Diff(want, got{d.Status, d.Score, d.ScoreMax, res.Total, res.TotalMax}); diff != "" {
				t.Errorf("depression domain mismatch (-want +got):\n%s", diff)
			}
			if d.Status == sdoh.StatusPositive && !slices.Contains(d.Items, phqItem9) {
				t.Errorf("positive domain's Items %v do not name %s, which counted", d.Items, phqItem9)
			}
		})
	}
}

// AHC Q1 answered "I do not have a steady place to live" and then "I have a steady place to
// live" (or both codes at once): living situation is positive, not unknown.
func TestAHCLivingSituationAnsweredTwiceStaysPositive(t *testing.T) {
	s := screener(t)
	twice := ahc(noSteady, []string{none}, never, never, no, no, safety(1, 1, 1, 1))
	twice.Answers = append(twice.Answers, sdoh.Choose("71802-3", steady))
	both := ahc(noSteady, []string{none}, never, never, no, no, safety(1, 1, 1, 1))
	both.Answers[0] = sdoh.Choose("71802-3", steady, noSteady)
	for name, r := range map[string]sdoh.Response{"twice": twice, "two codes": both} {
		if s.Validate(r) == nil {
			t.Errorf("%s: Validate() = nil, want an error", name)
		}
		res := s.Score(r)
		d, _ := res.Domain(sdoh.DomainLivingSituation)
		if d.Status != sdoh.StatusPositive || !slices.Contains(d.Items, "71802-3") {
			t.Errorf("%s: living situation %s (items %v), want positive from 71802-3", name, d.Status, d.Items)
		}
		if res.Status != sdoh.StatusPositive {
			t.Errorf("%s: overall %s, want positive", name, res.Status)
		}
		i := slices.IndexFunc(res.Items, func(it sdoh.ItemResult) bool { return it.Item == "71802-3" })
		if i < 0 || res.Items[i].State != sdoh.ItemInvalid || !res.Items[i].Positive {
			t.Errorf("%s: item 71802-3 = %+v, want invalid and positive", name, res.Items)
		}
	}
}

// Response.InstrumentVersion no longer shadows Meta.Version: both survive JSON.
func TestResponseJSONKeepsBothVersions(t *testing.T) {
	r := response(sdoh.AHCHRSN, sdoh.Choose("71802-3", steady))
	r.Meta = carecoord.Meta{ID: "screen-1", Version: 7}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back sdoh.Response
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Meta.Version != 7 || back.InstrumentVersion != "2018" {
		t.Errorf("after a JSON round trip Meta.Version = %d, InstrumentVersion = %q; want 7, 2018 (json %s)",
			back.Meta.Version, back.InstrumentVersion, b)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		t.Fatal(err)
	}
	if _, ok := fields["instrumentVersion"]; !ok {
		t.Errorf("JSON has no instrumentVersion: %s", b)
	}
}

// A PRAPARE screen positive only in a restricted domain (stress) reads unknown, never
// negative, to the portal and a proxy; so does one whose restricted domains are all negative,
// so that the status says nothing about what was withheld. Items outside any domain (race,
// income) are shown to them, not to a community organisation.
func TestDiscloseRestrictedPRAPARE(t *testing.T) {
	s := screener(t)
	base := []sdoh.Answer{
		sdoh.Choose("56051-6", "LA32-8"),    // Hispanic: no (outside any domain)
		sdoh.Choose("32624-9", "LA4457-3"),  // race: white (outside any domain)
		sdoh.Value("63586-2", 80_000),       // income (outside any domain)
		sdoh.Choose("93034-7", "LA32-8"),    // veteran: no
		sdoh.Choose("54899-0", "LA43-5"),    // English
		sdoh.Choose("71802-3", "LA30189-7"), // I have housing
		sdoh.Choose("93033-9", "LA32-8"),    // not worried about losing it
		sdoh.Choose("82589-3", "LA30193-9"), // more than high school
		sdoh.Choose("67875-5", "LA30136-8"), // full-time work
		sdoh.Choose("76437-3", "LA6350-8"),  // private insurance
		sdoh.Answer{Item: "93031-3"},        // none of these
		sdoh.Choose("93030-5", "LA32-8"),    // transportation: no
		sdoh.Choose("93029-7", "LA30132-7"), // 5 or more times a week
	}
	for _, tt := range []struct {
		name   string
		stress string
	}{
		{"only stress positive", "LA13914-9"}, // very much
		{"every domain negative", "LA6568-5"}, // not at all
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := response(sdoh.PRAPARE, append(slices.Clone(base), sdoh.Choose("93038-8", tt.stress))...)
			if err := s.Validate(r); err != nil {
				t.Fatalf("Validate() = %v", err)
			}
			full := s.Score(r)
			if d, _ := full.Domain(sdoh.DomainStress); !d.Restricted {
				t.Fatalf("stress is not restricted: %+v", d)
			}
			for _, to := range []sdoh.Audience{sdoh.AudiencePatient, sdoh.AudienceProxy} {
				got := sdoh.Disclose(full, to)
				if got.Status != sdoh.StatusUnknown {
					t.Errorf("%s sees status %s, want unknown (a domain is withheld)", to, got.Status)
				}
				if !slices.Contains(got.Withheld, sdoh.DomainStress) || slices.Contains(domainIDs(got), sdoh.DomainStress) {
					t.Errorf("%s: domains %v, withheld %v; want stress withheld", to, domainIDs(got), got.Withheld)
				}
				for _, code := range []string{"56051-6", "32624-9", "63586-2"} {
					if !slices.Contains(itemCodes(got), code) {
						t.Errorf("%s does not see item %s, which is in no domain", to, code)
					}
				}
			}
			cbo := sdoh.Disclose(full, sdoh.AudienceCBO)
			if cbo.Status == sdoh.StatusNegative || len(cbo.Items) != 0 {
				t.Errorf("CBO sees status %s, items %v; want not negative, no items", cbo.Status, itemCodes(cbo))
			}
		})
	}
}

// A result with no domain withheld still reads negative when every domain shown is.
func TestDiscloseNegativeWhenNothingWithheld(t *testing.T) {
	full := screener(t).Score(response(sdoh.HVS, sdoh.Choose("88122-7", never), sdoh.Choose("88123-5", never)))
	if got := sdoh.Disclose(full, sdoh.AudiencePatient); full.Status != sdoh.StatusNegative || got.Status != sdoh.StatusNegative {
		t.Errorf("HVS all never: care team %s, patient %s; want negative for both", full.Status, got.Status)
	}
}

// A custom physical-activity rule whose ranges let days × minutes overflow int64: the product
// saturates, and a huge product is not read as below the threshold.
func TestProductBelowDoesNotOverflow(t *testing.T) {
	in, _ := sdoh.BuiltinInstrument(sdoh.AHCHRSN)
	in.Version = "2018-wide"
	for i := range in.Items {
		if in.Items[i].Code == "89555-7" || in.Items[i].Code == "68516-4" {
			in.Items[i].Max = math.MaxInt64
		}
	}
	s, err := sdoh.NewScreener(in)
	if err != nil {
		t.Fatal(err)
	}
	r := ahc(steady, []string{none}, never, never, no, no, safety(1, 1, 1, 1))
	r.InstrumentVersion = in.Version
	r.Answers = append(r.Answers, sdoh.Value("89555-7", 1<<32), sdoh.Value("68516-4", 1<<32)) // product 2^64 wraps to 0
	d, ok := s.Score(r).Domain(sdoh.DomainPhysicalActivity)
	if !ok || d.Status != sdoh.StatusNegative || d.Score != math.MaxInt {
		t.Errorf("physical activity = %+v, want negative with the product saturated", d)
	}
}

// Printer.Language is the catalog language negotiated, without the -u-rg extension the
// matcher adds ("es-u-rg-mxzzzz" for es-MX).
func TestPrinterLanguageIsPlainTag(t *testing.T) {
	loc, err := sdoh.NewLocalizer()
	if err != nil {
		t.Fatal(err)
	}
	for pref, want := range map[string]string{"es-MX": "es", "es": "es", "en-US": "en", "fr": "en", "": "en"} {
		got := loc.Printer(pref).Language()
		if got.String() != want {
			t.Errorf("Printer(%q).Language() = %s, want %s", pref, got, want)
		}
		if _, ok := got.Extension('u'); ok {
			t.Errorf("Printer(%q).Language() = %s carries a -u- extension", pref, got)
		}
	}
}
