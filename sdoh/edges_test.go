package sdoh_test

import (
	"slices"
	"testing"

	"github.com/carecoord/carecoord/sdoh"
	"github.com/google/go-cmp/cmp"
)

// Each positivity rule at its edges: the threshold and one either side, a single positive item,
// answers that give no information, skipped items, and everything declined.

// allCore returns a negative AHC core response, with change applied to its answers by item.
func allCore(change map[string]sdoh.Answer) sdoh.Response {
	r := ahc(steady, []string{none}, never, never, no, no, safety(1, 1, 1, 1))
	for i, a := range r.Answers {
		if c, ok := change[a.Item]; ok {
			if c.Item == "" {
				r.Answers[i] = sdoh.Answer{Item: "drop"}
				continue
			}
			r.Answers[i] = c
		}
	}
	kept := r.Answers[:0]
	for _, a := range r.Answers {
		if a.Item != "drop" {
			kept = append(kept, a)
		}
	}
	r.Answers = kept
	return r
}

func drop() sdoh.Answer { return sdoh.Answer{} }

func TestAHCRuleEdges(t *testing.T) {
	s := screener(t)
	type want struct {
		domain sdoh.DomainID
		status sdoh.Status
		reason sdoh.Reason
	}
	tests := []struct {
		name   string
		r      sdoh.Response
		want   want
		valid  bool
		status sdoh.Status // overall
	}{
		{"safety sum 10 is negative", ahc(steady, []string{none}, never, never, no, no, safety(1, 3, 3, 3)),
			want{sdoh.DomainSafety, sdoh.StatusNegative, sdoh.ReasonSumCannotExceed}, true, sdoh.StatusNegative},
		{"safety sum 11 is positive", ahc(steady, []string{none}, never, never, no, no, safety(2, 3, 3, 3)),
			want{sdoh.DomainSafety, sdoh.StatusPositive, sdoh.ReasonSumAboveThreshold}, true, sdoh.StatusPositive},
		{"safety 1,1,1 and one declined: 3 + 5 <= 10 negative",
			allCore(map[string]sdoh.Answer{"95615-1": sdoh.Skip("95615-1", sdoh.AbsentDeclined)}),
			want{sdoh.DomainSafety, sdoh.StatusNegative, sdoh.ReasonSumCannotExceed}, true, sdoh.StatusNegative},
		{"safety 2,3,3 and one declined: 8 + 5 > 10 unknown",
			response(sdoh.AHCHRSN, append(allCore(nil).Answers[:6], append(safety(2, 3, 3), sdoh.Skip("95615-1", sdoh.AbsentDeclined))...)...),
			want{sdoh.DomainSafety, sdoh.StatusUnknown, sdoh.ReasonIncomplete}, true, sdoh.StatusUnknown},
		{"one 'sometimes true' food item is positive",
			allCore(map[string]sdoh.Answer{"88123-5": sdoh.Choose("88123-5", sometimes)}),
			want{sdoh.DomainFood, sdoh.StatusPositive, sdoh.ReasonPositiveAnswer}, true, sdoh.StatusPositive},
		{"'often true' to the first food item is positive",
			allCore(map[string]sdoh.Answer{"88122-7": sdoh.Choose("88122-7", often)}),
			want{sdoh.DomainFood, sdoh.StatusPositive, sdoh.ReasonPositiveAnswer}, true, sdoh.StatusPositive},
		{"one food item never, the other declined: unknown, not negative",
			allCore(map[string]sdoh.Answer{"88123-5": sdoh.Skip("88123-5", sdoh.AbsentDeclined)}),
			want{sdoh.DomainFood, sdoh.StatusUnknown, sdoh.ReasonIncomplete}, true, sdoh.StatusUnknown},
		{"one food item sometimes, the other missing: positive (invalid response)",
			allCore(map[string]sdoh.Answer{"88122-7": sdoh.Choose("88122-7", sometimes), "88123-5": drop()}),
			want{sdoh.DomainFood, sdoh.StatusPositive, sdoh.ReasonPositiveAnswer}, false, sdoh.StatusPositive},
		{"living situation steady with item 2 missing: unknown",
			allCore(map[string]sdoh.Answer{"96778-6": drop()}),
			want{sdoh.DomainLivingSituation, sdoh.StatusUnknown, sdoh.ReasonIncomplete}, false, sdoh.StatusUnknown},
		{"living situation item 1 missing, mold: positive",
			allCore(map[string]sdoh.Answer{"71802-3": drop(), "96778-6": sdoh.Choose("96778-6", mold)}),
			want{sdoh.DomainLivingSituation, sdoh.StatusPositive, sdoh.ReasonPositiveAnswer}, false, sdoh.StatusPositive},
		{"'None of the above' with mold counts mold",
			allCore(map[string]sdoh.Answer{"96778-6": sdoh.Choose("96778-6", none, mold)}),
			want{sdoh.DomainLivingSituation, sdoh.StatusPositive, sdoh.ReasonPositiveAnswer}, true, sdoh.StatusPositive},
		{"utilities already shut off is positive",
			allCore(map[string]sdoh.Answer{"96779-4": sdoh.Choose("96779-4", shutOff)}),
			want{sdoh.DomainUtilities, sdoh.StatusPositive, sdoh.ReasonPositiveAnswer}, true, sdoh.StatusPositive},
		{"transportation with PRAPARE's 'Yes, medical' is positive",
			allCore(map[string]sdoh.Answer{"93030-5": sdoh.Choose("93030-5", "LA30133-5")}),
			want{sdoh.DomainTransportation, sdoh.StatusPositive, sdoh.ReasonPositiveAnswer}, true, sdoh.StatusPositive},
		{"transportation not asked: unknown",
			allCore(map[string]sdoh.Answer{"93030-5": sdoh.Skip("93030-5", sdoh.AbsentNotAsked)}),
			want{sdoh.DomainTransportation, sdoh.StatusUnknown, sdoh.ReasonIncomplete}, true, sdoh.StatusUnknown},
		{"an invalid food answer cannot be negative",
			allCore(map[string]sdoh.Answer{"88123-5": sdoh.Choose("88123-5", yes)}),
			want{sdoh.DomainFood, sdoh.StatusUnknown, sdoh.ReasonInvalidAnswer}, false, sdoh.StatusUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := s.Score(tt.r)
			d, ok := res.Domain(tt.want.domain)
			if !ok {
				t.Fatalf("domain %s not reported", tt.want.domain)
			}
			if got := (want{d.Domain, d.Status, d.Reason}); got != tt.want {
				t.Errorf("domain = %+v, want %+v", got, tt.want)
			}
			if res.Valid != tt.valid || res.Status != tt.status {
				t.Errorf("result valid %v status %s, want valid %v status %s", res.Valid, res.Status, tt.valid, tt.status)
			}
			if (s.Validate(tt.r) == nil) != tt.valid {
				t.Errorf("Validate() = %v, want valid %v", s.Validate(tt.r), tt.valid)
			}
		})
	}
}

func TestContradictionWarns(t *testing.T) {
	res := screener(t).Score(allCore(map[string]sdoh.Answer{"96778-6": sdoh.Choose("96778-6", none, mold)}))
	want := []sdoh.Warning{{Code: sdoh.WarnContradictoryAnswers, Item: "96778-6", Domain: sdoh.DomainLivingSituation}}
	if diff := cmp.Diff(want, res.Warnings); diff != "" {
		t.Errorf("warnings mismatch (-want +got):\n%s", diff)
	}
}

// Everything declined: every domain unknown, the response valid (skipping is allowed), and
// nothing negative.
func TestAllDeclined(t *testing.T) {
	s := screener(t)
	for _, id := range sdoh.InstrumentIDs() {
		t.Run(string(id), func(t *testing.T) {
			in, _ := sdoh.BuiltinInstrument(id)
			r := response(id)
			for _, it := range in.Items {
				r.Answers = append(r.Answers, sdoh.Skip(it.Code, sdoh.AbsentDeclined))
			}
			if err := s.Validate(r); err != nil {
				t.Fatalf("Validate(all declined) = %v, want nil", err)
			}
			res := s.Score(r)
			if res.Status != sdoh.StatusUnknown || !res.Valid {
				t.Errorf("Score(all declined) = %s (valid %v), want unknown (valid)", res.Status, res.Valid)
			}
			if len(res.Domains) != len(in.Domains) {
				t.Errorf("%d domains reported, want all %d (every item has an entry)", len(res.Domains), len(in.Domains))
			}
			for i, d := range res.Domains {
				read := slices.DeleteFunc(slices.Clone(in.Domains[i].Items), func(c string) bool { return c == "69722-7" }) // PHQ-9 difficulty: read by no rule
				if d.Status != sdoh.StatusUnknown || d.Reason != sdoh.ReasonIncomplete || len(d.Items) != 0 ||
					!cmp.Equal(d.Missing, read) {
					t.Errorf("domain %s = %s (%s), decided by %v, missing %v; want unknown (incomplete), every item missing",
						d.Domain, d.Status, d.Reason, d.Items, d.Missing)
				}
			}
			if total, ok := res.TotalScore(); ok {
				t.Errorf("TotalScore() = %d, exact; want not exact", total)
			}
		})
	}
}

// Hunger Vital Sign, "Don't know/refused" to both items: no information, so no result (the
// IG's FHIRPath would say "No risk"; see tables_hvs.go).
func TestHVSBothDontKnow(t *testing.T) {
	res := screener(t).Score(response(sdoh.HVS, sdoh.Choose("88122-7", dontKnow), sdoh.Choose("88123-5", dontKnow)))
	d, _ := res.Domain(sdoh.DomainFood)
	if d.Status != sdoh.StatusUnknown || d.Answer != "" || res.Status != sdoh.StatusUnknown {
		t.Errorf("HVS (don't know, don't know) = %s %q, want unknown with no result code", d.Status, d.Answer)
	}
	if res.Items[0].State != sdoh.ItemNoInformation {
		t.Errorf("item state = %s, want %s", res.Items[0].State, sdoh.ItemNoInformation)
	}
}

func TestPHQ9Edges(t *testing.T) {
	s := screener(t)
	tests := []struct {
		name     string
		points   []int // -1: missing
		status   sdoh.Status
		reason   sdoh.Reason
		severity sdoh.Severity
		score    [2]int
		urgent   bool
		overall  sdoh.Status
	}{
		{"item 9 alone, total 1: urgent though minimal", []int{0, 0, 0, 0, 0, 0, 0, 0, 1},
			sdoh.StatusNegative, sdoh.ReasonTotalCannotReach, sdoh.SeverityMinimal, [2]int{1, 1}, true, sdoh.StatusPositive},
		{"total 9 is negative", []int{3, 3, 3, 0, 0, 0, 0, 0, 0},
			sdoh.StatusNegative, sdoh.ReasonTotalCannotReach, sdoh.SeverityMild, [2]int{9, 9}, false, sdoh.StatusNegative},
		{"total 10 is positive", []int{3, 3, 3, 1, 0, 0, 0, 0, 0},
			sdoh.StatusPositive, sdoh.ReasonTotalAtLeast, sdoh.SeverityModerate, [2]int{10, 10}, false, sdoh.StatusPositive},
		{"eight items at 3, one missing: positive, severe either way", []int{3, 3, 3, 3, 3, 3, 3, 3, -1},
			sdoh.StatusPositive, sdoh.ReasonTotalAtLeast, sdoh.SeveritySevere, [2]int{24, 27}, false, sdoh.StatusPositive},
		{"eight items at 0, one missing: negative, minimal either way", []int{0, 0, 0, 0, 0, 0, 0, 0, -1},
			sdoh.StatusNegative, sdoh.ReasonTotalCannotReach, sdoh.SeverityMinimal, [2]int{0, 3}, false, sdoh.StatusUnknown},
		{"total 8 with one missing: unknown, no severity", []int{2, 2, 2, 2, 0, 0, 0, 0, -1},
			sdoh.StatusUnknown, sdoh.ReasonIncomplete, "", [2]int{8, 11}, false, sdoh.StatusUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := s.Score(scaleResponse(sdoh.PHQ9, tt.points...))
			d, _ := res.Domain(sdoh.DomainDepression)
			if d.Status != tt.status || d.Reason != tt.reason || d.Severity != tt.severity || [2]int{d.Score, d.ScoreMax} != tt.score {
				t.Errorf("depression = %s %s %s %d..%d, want %s %s %s %v", d.Status, d.Reason, d.Severity, d.Score, d.ScoreMax,
					tt.status, tt.reason, tt.severity, tt.score)
			}
			if res.Urgent.Raised != tt.urgent || res.Status != tt.overall {
				t.Errorf("urgent %v overall %s, want %v %s", res.Urgent.Raised, res.Status, tt.urgent, tt.overall)
			}
			if tt.urgent && (res.Urgent.Item != "44260-8" || res.Urgent.Rule == "") {
				t.Errorf("Urgent = %+v, want item 44260-8 with its rule", res.Urgent)
			}
		})
	}
}

func TestPHQ9Item9Declined(t *testing.T) {
	r := scaleResponse(sdoh.PHQ9, 0, 0, 0, 0, 0, 0, 0, 0, -1)
	r.Answers = append(r.Answers, sdoh.Skip("44260-8", sdoh.AbsentDeclined))
	res := screener(t).Score(r)
	if !res.HasWarning(sdoh.WarnUrgentItemUnanswered) || res.Urgent.Raised {
		t.Errorf("item 9 declined: warnings %v, urgent %v; want %s and no urgent flag", res.Warnings, res.Urgent.Raised,
			sdoh.WarnUrgentItemUnanswered)
	}
}

func TestPhysicalActivityEdges(t *testing.T) {
	s := screener(t)
	tests := []struct {
		name          string
		days, minutes int64 // -1: missing
		status        sdoh.Status
		score         int
	}{
		{"3 days of 30 minutes: 90 < 150 positive", 3, 30, sdoh.StatusPositive, 90},
		{"5 days of 30 minutes: 150 negative", 5, 30, sdoh.StatusNegative, 150},
		{"7 days of 21 minutes: 147 positive", 7, 21, sdoh.StatusPositive, 147},
		{"0 days, minutes missing: positive", 0, -1, sdoh.StatusPositive, 0},
		{"3 days, minutes missing: unknown", 3, -1, sdoh.StatusUnknown, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := allCore(nil)
			if tt.days >= 0 {
				r.Answers = append(r.Answers, sdoh.Value("89555-7", tt.days))
			}
			if tt.minutes >= 0 {
				r.Answers = append(r.Answers, sdoh.Value("68516-4", tt.minutes))
			}
			d, ok := s.Score(r).Domain(sdoh.DomainPhysicalActivity)
			if !ok || d.Status != tt.status || d.Score != tt.score {
				t.Errorf("physical activity = %s %d (reported %v), want %s %d", d.Status, d.Score, ok, tt.status, tt.score)
			}
		})
	}
}

func TestOptionalDomainsReportedOnlyWhenAsked(t *testing.T) {
	s := screener(t)
	res := s.Score(allCore(nil))
	if len(res.Domains) != 5 {
		t.Errorf("core-only AHC reports %d domains, want the 5 core", len(res.Domains))
	}
	r := allCore(nil)
	r.Answers = append(r.Answers, sdoh.Choose("76513-1", "LA15832-1"))
	res = s.Score(r)
	if d, ok := res.Domain(sdoh.DomainFinancialStrain); !ok || d.Status != sdoh.StatusPositive ||
		d.Categories[0] != sdoh.CategoryFinancialInsecurity {
		t.Errorf("financial strain = %+v (reported %v), want positive financial-insecurity", d, ok)
	}
}

func TestNotScored(t *testing.T) {
	s := screener(t)
	for _, r := range []sdoh.Response{
		{Instrument: "who-knows", InstrumentVersion: "1"},
		func() sdoh.Response { r := allCore(nil); r.InstrumentVersion = "2017"; return r }(),
	} {
		res := s.Score(r)
		if res.Status != sdoh.StatusUnknown || res.Valid || len(res.Domains) != 0 || !res.HasWarning(sdoh.WarnNotScored) {
			t.Errorf("Score(%s %s) = %+v, want unknown, not valid, nothing scored, %s", r.Instrument, r.InstrumentVersion, res, sdoh.WarnNotScored)
		}
	}
}

func TestProxyAnsweringRestrictedWarns(t *testing.T) {
	r := allCore(nil)
	r.Respondent = sdoh.RespondentProxy
	res := screener(t).Score(r)
	want := sdoh.Warning{Code: sdoh.WarnProxyAnsweredRestricted, Domain: sdoh.DomainSafety}
	if len(res.Warnings) != 1 || res.Warnings[0] != want {
		t.Errorf("warnings = %v, want [%v]", res.Warnings, want)
	}
}

// ScoreInto a reused Result gives what Score gives.
func TestScoreIntoReuse(t *testing.T) {
	s := screener(t)
	var dst sdoh.Result
	for _, r := range []sdoh.Response{
		ahc(noSteady, []string{mold, noHeat}, never, often, yes, no, safety(2, 3, 3, 3)),
		scaleResponse(sdoh.PHQ9, 1, 2, 1, 2, 1, 1, 0, 0, 1),
		allCore(nil),
		ahc(worried, []string{none}, sometimes, never, no, shutOff, safety(1, 2, 3, 3)),
	} {
		s.ScoreInto(&dst, &r)
		if diff := cmp.Diff(s.Score(r), dst, cmpOpts()); diff != "" {
			t.Errorf("ScoreInto(reused) mismatch with Score (-Score +ScoreInto):\n%s", diff)
		}
	}
}
