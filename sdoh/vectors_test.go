package sdoh_test

import (
	"testing"

	"github.com/carecoord/carecoord/sdoh"
	"github.com/google/go-cmp/cmp"
)

// The worked examples of the research notes, spec §4.8, each as it is written there.

func TestVectorsAHC(t *testing.T) {
	s := screener(t)
	pos := func(r sdoh.Reason, cats ...sdoh.Category) brief {
		return brief{Status: sdoh.StatusPositive, Reason: r, Categories: cats}
	}
	neg := brief{Status: sdoh.StatusNegative, Reason: sdoh.ReasonNoPositiveAnswer}
	tests := []struct {
		name     string
		r        sdoh.Response
		want     map[sdoh.DomainID]brief
		status   sdoh.Status
		positive []string // items with a POS interpretation
		warnings []sdoh.WarningCode
	}{
		{
			name: "AHC-1 housing-instability, food and utilities positive; safety 9 negative",
			r:    ahc(worried, []string{none}, sometimes, never, no, shutOff, safety(1, 2, 3, 3)),
			want: map[sdoh.DomainID]brief{
				sdoh.DomainLivingSituation: pos(sdoh.ReasonPositiveAnswer, sdoh.CategoryHousingInstability),
				sdoh.DomainFood:            pos(sdoh.ReasonPositiveAnswer, sdoh.CategoryFoodInsecurity),
				sdoh.DomainTransportation:  neg,
				sdoh.DomainUtilities:       pos(sdoh.ReasonPositiveAnswer, sdoh.CategoryUtilityInsecurity),
				sdoh.DomainSafety:          {Status: sdoh.StatusNegative, Reason: sdoh.ReasonSumCannotExceed, Score: 9, ScoreMax: 9},
			},
			status:   sdoh.StatusPositive,
			positive: []string{"71802-3", "88122-7", "96779-4"},
		},
		{
			name: "AHC-2 homelessness and inadequate housing, food, transportation, safety 11 positive",
			r:    ahc(noSteady, []string{mold, noHeat}, never, often, yes, no, safety(2, 3, 3, 3)),
			want: map[sdoh.DomainID]brief{
				sdoh.DomainLivingSituation: pos(sdoh.ReasonPositiveAnswer, sdoh.CategoryHomelessness, sdoh.CategoryInadequateHousing),
				sdoh.DomainFood:            pos(sdoh.ReasonPositiveAnswer, sdoh.CategoryFoodInsecurity),
				sdoh.DomainTransportation:  pos(sdoh.ReasonPositiveAnswer, sdoh.CategoryTransportationInsecurity),
				sdoh.DomainUtilities:       neg,
				sdoh.DomainSafety: {Status: sdoh.StatusPositive, Reason: sdoh.ReasonSumAboveThreshold, Score: 11, ScoreMax: 11,
					Categories: []sdoh.Category{sdoh.CategoryUnspecified}},
			},
			status:   sdoh.StatusPositive,
			positive: []string{"71802-3", "96778-6", "88123-5", "93030-5"},
			warnings: []sdoh.WarningCode{sdoh.WarnAnyPhysicalHarm}, // physically hurt "Rarely"
		},
		{
			name: "AHC-3 frequently hurt, otherwise never: 8, negative under the CMS rule, with a warning",
			r:    ahc(steady, []string{none}, never, never, no, no, safety(5, 1, 1, 1)),
			want: map[sdoh.DomainID]brief{
				sdoh.DomainLivingSituation: neg, sdoh.DomainFood: neg, sdoh.DomainTransportation: neg, sdoh.DomainUtilities: neg,
				sdoh.DomainSafety: {Status: sdoh.StatusNegative, Reason: sdoh.ReasonSumCannotExceed, Score: 8, ScoreMax: 8},
			},
			status:   sdoh.StatusNegative,
			warnings: []sdoh.WarningCode{sdoh.WarnAnyPhysicalHarm},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.Validate(tt.r); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			res := s.Score(tt.r)
			if diff := cmp.Diff(tt.want, domains(res), cmpOpts()); diff != "" {
				t.Errorf("Score domains mismatch (-want +got):\n%s", diff)
			}
			if res.Status != tt.status || !res.Valid {
				t.Errorf("Score status = %s (valid %v), want %s (valid)", res.Status, res.Valid, tt.status)
			}
			if diff := cmp.Diff(tt.positive, positiveItems(res), cmpOpts()); diff != "" {
				t.Errorf("POS interpretations mismatch (-want +got):\n%s", diff)
			}
			var warnings []sdoh.WarningCode
			for _, w := range res.Warnings {
				warnings = append(warnings, w.Code)
			}
			if diff := cmp.Diff(tt.warnings, warnings, cmpOpts()); diff != "" {
				t.Errorf("warnings mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// AHC-1 names the Z codes it suggests: Z59.811, Z59.41, Z59.12.
func TestVectorAHC1ZCodes(t *testing.T) {
	res := screener(t).Score(ahc(worried, []string{none}, sometimes, never, no, shutOff, safety(1, 2, 3, 3)))
	var first []string
	for _, n := range sdoh.Needs(res) {
		first = append(first, n.Conditions[0].Code)
	}
	if diff := cmp.Diff([]string{"Z59.811", "Z59.41", "Z59.12"}, first); diff != "" {
		t.Errorf("first Z code of each need mismatch (-want +got):\n%s", diff)
	}
}

// AHC-2: four core domains positive.
func TestVectorAHC2DomainCount(t *testing.T) {
	res := screener(t).Score(ahc(noSteady, []string{mold, noHeat}, never, often, yes, no, safety(2, 3, 3, 3)))
	want := []sdoh.DomainID{sdoh.DomainLivingSituation, sdoh.DomainFood, sdoh.DomainTransportation, sdoh.DomainSafety}
	if diff := cmp.Diff(want, res.Positive()); diff != "" {
		t.Errorf("positive domains mismatch (-want +got):\n%s", diff)
	}
}

func TestVectorsAHC4PartialSafety(t *testing.T) {
	s := screener(t)
	tests := []struct {
		name   string
		points []int // 0: missing
		want   brief
	}{
		{"5,5,3,missing: known 13 > 10 positive", []int{5, 5, 3, 0},
			brief{Status: sdoh.StatusPositive, Reason: sdoh.ReasonSumAboveThreshold, Score: 13, ScoreMax: 18,
				Categories: []sdoh.Category{sdoh.CategoryUnspecified}}},
		{"1,1,missing,missing: 2 + 10 = 12 > 10 undetermined", []int{1, 1, 0, 0},
			brief{Status: sdoh.StatusUnknown, Reason: sdoh.ReasonIncomplete, Score: 2, ScoreMax: 12}},
		{"1,1,1,missing: 3 + 5 = 8 <= 10 negative", []int{1, 1, 1, 0},
			brief{Status: sdoh.StatusNegative, Reason: sdoh.ReasonSumCannotExceed, Score: 3, ScoreMax: 8}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := s.Score(ahc(steady, []string{none}, never, never, no, no, safety(tt.points...)))
			d, _ := res.Domain(sdoh.DomainSafety)
			if diff := cmp.Diff(tt.want, briefOf(d), cmpOpts()); diff != "" {
				t.Errorf("safety mismatch (-want +got):\n%s", diff)
			}
			if res.Valid {
				t.Errorf("Score().Valid = true with a required safety item missing")
			}
			if res.Status == sdoh.StatusNegative {
				t.Errorf("an incomplete response scored negative overall")
			}
		})
	}
}

func TestVectorsHungerVitalSign(t *testing.T) {
	s := screener(t)
	atRisk := brief{Status: sdoh.StatusPositive, Reason: sdoh.ReasonPositiveAnswer, Answer: "LA19952-3",
		Categories: []sdoh.Category{sdoh.CategoryFoodInsecurity}}
	noRisk := brief{Status: sdoh.StatusNegative, Reason: sdoh.ReasonNoPositiveAnswer, Answer: "LA19983-8"}
	noResult := brief{Status: sdoh.StatusUnknown, Reason: sdoh.ReasonIncomplete}
	tests := []struct {
		name   string
		q1, q2 string // "" leaves the item out
		want   brief
	}{
		{"(Often, Never) at risk", often, never, atRisk},
		{"(Never, Never) no risk", never, never, noRisk},
		{"(Don't know, Never) no risk", dontKnow, never, noRisk},
		{"(missing, missing) no result", "", "", noResult},
		{"(Sometimes, missing) at risk", sometimes, "", atRisk},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := response(sdoh.HVS)
			for item, code := range map[string]string{"88122-7": tt.q1, "88123-5": tt.q2} {
				if code != "" {
					r.Answers = append(r.Answers, sdoh.Choose(item, code))
				}
			}
			res := s.Score(r)
			d, ok := res.Domain(sdoh.DomainFood)
			if !ok {
				t.Fatalf("no food domain in %+v", res)
			}
			if diff := cmp.Diff(tt.want, briefOf(d), cmpOpts()); diff != "" {
				t.Errorf("HVS mismatch (-want +got):\n%s", diff)
			}
			if d.ResultCode != "88124-3" {
				t.Errorf("ResultCode = %q, want 88124-3", d.ResultCode)
			}
		})
	}
}

func TestVectorsPHQ9(t *testing.T) {
	s := screener(t)
	tests := []struct {
		name     string
		points   []int
		total    int
		severity sdoh.Severity
		urgent   bool
	}{
		{"[1,2,1,2,1,1,0,0,1] 9 mild, item 9 urgent", []int{1, 2, 1, 2, 1, 1, 0, 0, 1}, 9, sdoh.SeverityMild, true},
		{"[3,3,3,3,3,3,3,3,0] 24 severe, not urgent", []int{3, 3, 3, 3, 3, 3, 3, 3, 0}, 24, sdoh.SeveritySevere, false},
	}
	for _, b := range []struct {
		total    int
		severity sdoh.Severity
	}{{4, sdoh.SeverityMinimal}, {5, sdoh.SeverityMild}, {9, sdoh.SeverityMild}, {10, sdoh.SeverityModerate},
		{14, sdoh.SeverityModerate}, {15, sdoh.SeverityModeratelySevere}, {19, sdoh.SeverityModeratelySevere},
		{20, sdoh.SeveritySevere}} {
		tests = append(tests, struct {
			name     string
			points   []int
			total    int
			severity sdoh.Severity
			urgent   bool
		}{"boundary " + string(b.severity), pointsSumming(b.total, 8), b.total, b.severity, false})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := s.Score(scaleResponse(sdoh.PHQ9, tt.points...))
			total, ok := res.TotalScore()
			d, _ := res.Domain(sdoh.DomainDepression)
			if !ok || total != tt.total || d.Severity != tt.severity || res.TotalCode != "44261-6" {
				t.Errorf("PHQ-9 %v = total %d (%v) %s code %s, want %d %s 44261-6", tt.points, total, ok, d.Severity,
					res.TotalCode, tt.total, tt.severity)
			}
			if res.Urgent.Raised != tt.urgent {
				t.Errorf("PHQ-9 %v Urgent.Raised = %v, want %v", tt.points, res.Urgent.Raised, tt.urgent)
			}
			wantStatus := sdoh.StatusNegative
			if tt.total >= 10 {
				wantStatus = sdoh.StatusPositive
			}
			if d.Status != wantStatus {
				t.Errorf("PHQ-9 %v depression = %s, want %s (10 or more)", tt.points, d.Status, wantStatus)
			}
		})
	}
}

// pointsSumming returns n item scores of 0-3, in order, summing to total, with the 9th (PHQ-9
// item 9) left at 0 so the urgent flag stays down.
func pointsSumming(total, n int) []int {
	ps := make([]int, 9)
	for i := 0; i < n && total > 0; i++ {
		ps[i] = min(3, total)
		total -= ps[i]
	}
	return ps
}

func TestVectorsPHQ2(t *testing.T) {
	s := screener(t)
	for _, tt := range []struct {
		points []int
		total  int
		want   sdoh.Status
	}{
		{[]int{1, 2}, 3, sdoh.StatusPositive},
		{[]int{1, 1}, 2, sdoh.StatusNegative},
		{[]int{0, 3}, 3, sdoh.StatusPositive},
	} {
		res := s.Score(scaleResponse(sdoh.PHQ2, tt.points...))
		total, _ := res.TotalScore()
		if d, _ := res.Domain(sdoh.DomainDepression); d.Status != tt.want || total != tt.total || res.TotalCode != "55758-7" {
			t.Errorf("PHQ-2 %v = %d %s, want %d %s", tt.points, total, d.Status, tt.total, tt.want)
		}
	}
}

func TestVectorsGAD7(t *testing.T) {
	s := screener(t)
	for _, tt := range []struct {
		points   []int
		total    int
		severity sdoh.Severity
	}{
		{[]int{1, 1, 2, 2, 1, 1, 2}, 10, sdoh.SeverityModerate},
		{[]int{0, 0, 1, 1, 1, 1, 0}, 4, sdoh.SeverityMinimal},
		{[]int{3, 3, 3, 3, 3, 3, 3}, 21, sdoh.SeveritySevere},
	} {
		res := s.Score(scaleResponse(sdoh.GAD7, tt.points...))
		total, _ := res.TotalScore()
		if d, _ := res.Domain(sdoh.DomainAnxiety); d.Severity != tt.severity || total != tt.total || res.TotalCode != "70274-6" {
			t.Errorf("GAD-7 %v = %d %s, want %d %s", tt.points, total, d.Severity, tt.total, tt.severity)
		}
	}
}

// The PRAPARE vector: a Canvas-style tally of 8 (income not scored) and the Gravity domains it
// maps to.
func TestVectorPRAPARE(t *testing.T) {
	s := screener(t)
	r := response(sdoh.PRAPARE,
		sdoh.Choose("56051-6", no),                       // Hispanic: No
		sdoh.Choose("32624-9", "LA4457-3"),               // race: White
		sdoh.Choose("93035-4", no),                       // farm work: No
		sdoh.Choose("93034-7", yes),                      // veteran: Yes (1)
		sdoh.Choose("54899-0", "LA43-5"),                 // language: English
		sdoh.Value("63512-8", 3),                         // household size (not scored)
		sdoh.Choose("71802-3", "LA30189-7"),              // I have housing
		sdoh.Choose("93033-9", yes),                      // worried about losing it (1)
		sdoh.Choose("82589-3", "LA30192-1"),              // high school diploma or GED
		sdoh.Choose("67875-5", "LA30138-4"),              // part-time (1)
		sdoh.Choose("76437-3", "LA17849-3"),              // Medicaid
		sdoh.Value("63586-2", 32000),                     // income (not scored)
		sdoh.Choose("93031-3", "LA30125-1", "LA30124-4"), // food (1), utilities (1)
		sdoh.Choose("93030-5", "LA30133-5"),              // kept from medical appointments (1)
		sdoh.Choose("93029-7", "LA30130-1"),              // 1 or 2 times a week (1)
		sdoh.Choose("93038-8", "LA13902-4"),              // stress quite a bit (1)
	)
	if err := s.Validate(r); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	res := s.Score(r)
	if total, ok := res.TotalScore(); !ok || total != 8 {
		t.Errorf("PRAPARE tally = %d (exact %v), want 8", total, ok)
	}
	var cats []sdoh.Category
	for _, d := range res.Domains {
		cats = append(cats, d.Categories...)
	}
	want := []sdoh.Category{sdoh.CategoryVeteranStatus, sdoh.CategoryHousingInstability, sdoh.CategoryEmploymentStatus,
		sdoh.CategoryFoodInsecurity, sdoh.CategoryUtilityInsecurity, sdoh.CategoryTransportationInsecurity,
		sdoh.CategorySocialConnection, sdoh.CategoryStress}
	if diff := cmp.Diff(want, cats); diff != "" {
		t.Errorf("mapped categories mismatch (-want +got):\n%s", diff)
	}
	if res.Status != sdoh.StatusPositive || !res.Valid {
		t.Errorf("Status = %s (valid %v), want positive (valid)", res.Status, res.Valid)
	}
}
