package sdoh_test

import (
	"errors"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/sdoh"
	"github.com/google/go-cmp/cmp"
)

// A broken table is refused, naming the field and the rule.
func TestInstrumentValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(in *sdoh.Instrument)
		want   []pathCode
	}{
		{"valid", func(*sdoh.Instrument) {}, nil},
		{"item code typo", func(in *sdoh.Instrument) { in.Items[0].Code = "88122-8" },
			[]pathCode{{"items[0].code", carecoord.FieldInvalid}, {"domains[0].items[0]", carecoord.FieldInvalid}}},
		{"answer code typo", func(in *sdoh.Instrument) { in.Items[0].Options[1].Code = "LA6729-4" },
			[]pathCode{{"items[0].options[1].code", carecoord.FieldInvalid}}},
		{"missing Spanish", func(in *sdoh.Instrument) { in.Items[1].Options[0].Text.Es = "" },
			[]pathCode{{"items[1].options[0].text.es", carecoord.FieldRequired}}},
		{"duplicate item", func(in *sdoh.Instrument) { in.Items[1] = in.Items[0] },
			[]pathCode{{"items[1].code", carecoord.FieldDuplicate}, {"domains[0].items[1]", carecoord.FieldInvalid}}}, // 88123-5 is gone
		{"rule with no source", func(in *sdoh.Instrument) { in.Domains[0].Rule.Source = "" },
			[]pathCode{{"domains[0].rule.source", carecoord.FieldRequired}}},
		{"sum rule over unscored items", func(in *sdoh.Instrument) { in.Domains[0].Rule.Kind = sdoh.RuleSumAbove },
			[]pathCode{{"domains[0].rule.kind", carecoord.FieldInvalid}, {"domains[0].rule.decide", carecoord.FieldNotAllowed}}},
		{"unknown category", func(in *sdoh.Instrument) { in.Domains[0].Category = "hunger" },
			[]pathCode{{"domains[0].category", carecoord.FieldNotSupported}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, _ := sdoh.BuiltinInstrument(sdoh.HVS)
			tt.change(&in)
			if diff := cmp.Diff(tt.want, problems(t, in.Validate()), cmpOpts()); diff != "" {
				t.Errorf("Validate() problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewScreenerRefusesBadTables(t *testing.T) {
	bad, _ := sdoh.BuiltinInstrument(sdoh.PHQ2)
	bad.Items[0].Text.Es = ""
	if _, err := sdoh.NewScreener(bad); !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("NewScreener(bad table) error = %v, want ErrInvalid", err)
	}
	good, _ := sdoh.BuiltinInstrument(sdoh.PHQ2)
	if _, err := sdoh.NewScreener(good, good); !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("NewScreener(same version twice) error = %v, want ErrInvalid", err)
	}
	if _, err := sdoh.NewLocalizer(bad); !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("NewLocalizer(bad table) error = %v, want ErrInvalid", err)
	}
}

// A host can set its own AHC safety threshold (spec §4.1: the CMS rule has published
// criticism) and keep both versions side by side.
func TestCustomThreshold(t *testing.T) {
	strict, _ := sdoh.BuiltinInstrument(sdoh.AHCHRSN)
	strict.Version = "2018-strict"
	for i := range strict.Domains {
		if strict.Domains[i].ID == sdoh.DomainSafety {
			strict.Domains[i].Rule.Threshold = 7
			strict.Domains[i].Rule.Source = "local policy: HITS total above 7"
		}
	}
	cms, _ := sdoh.BuiltinInstrument(sdoh.AHCHRSN)
	s, err := sdoh.NewScreener(cms, strict)
	if err != nil {
		t.Fatal(err)
	}
	r := ahc(steady, []string{none}, never, never, no, no, safety(5, 1, 1, 1)) // total 8
	if d, _ := s.Score(r).Domain(sdoh.DomainSafety); d.Status != sdoh.StatusNegative {
		t.Errorf("CMS rule, total 8: %s, want negative", d.Status)
	}
	r.InstrumentVersion = "2018-strict"
	if d, _ := s.Score(r).Domain(sdoh.DomainSafety); d.Status != sdoh.StatusPositive || d.Threshold != 7 {
		t.Errorf("strict rule, total 8: %s (threshold %d), want positive over 7", d.Status, d.Threshold)
	}
	if diff := cmp.Diff([]string{"2018", "2018-strict"}, s.Versions(sdoh.AHCHRSN)); diff != "" {
		t.Errorf("Versions mismatch (-want +got):\n%s", diff)
	}
}

// The Screener keeps its own copy: changing the tables it was given, or returned, changes
// nothing.
func TestScreenerCopiesTables(t *testing.T) {
	in, _ := sdoh.BuiltinInstrument(sdoh.HVS)
	s, err := sdoh.NewScreener(in)
	if err != nil {
		t.Fatal(err)
	}
	in.Items[0].Options[0].Positive = false
	got, _ := s.Instrument(sdoh.HVS, "2010")
	got.Items[0].Options[1].Positive = false
	got.Domains[0].Items[0] = "changed"
	res := s.Score(response(sdoh.HVS, sdoh.Choose("88122-7", often), sdoh.Choose("88123-5", sometimes)))
	if res.Status != sdoh.StatusPositive {
		t.Errorf("after changing copies of the tables: %s, want positive", res.Status)
	}
}

func TestEnums(t *testing.T) {
	check := func(name string, all []validator) {
		for _, v := range all {
			if !v.IsValid() {
				t.Errorf("%s: %v is listed but not valid", name, v)
			}
		}
	}
	check("InstrumentID", toEnum(sdoh.InstrumentIDs()))
	check("ItemKind", toEnum(sdoh.ItemKinds()))
	check("RuleKind", toEnum(sdoh.RuleKinds()))
	check("Severity", toEnum(sdoh.Severities()))
	check("DomainID", toEnum(sdoh.DomainIDs()))
	check("Category", toEnum(sdoh.Categories()))
	check("Respondent", toEnum(sdoh.Respondents()))
	check("AbsentReason", toEnum(sdoh.AbsentReasons()))
	check("Status", toEnum(sdoh.Statuses()))
	check("Reason", toEnum(sdoh.Reasons()))
	check("ItemState", toEnum(sdoh.ItemStates()))
	check("WarningCode", toEnum(sdoh.WarningCodes()))
	check("GoalCategory", toEnum(sdoh.GoalCategories()))
	check("ServiceCategory", toEnum(sdoh.ServiceCategories()))
	check("Audience", toEnum(sdoh.Audiences()))
	for _, zero := range []validator{sdoh.InstrumentID(""), sdoh.ItemKind(""), sdoh.RuleKind(""), sdoh.Severity(""),
		sdoh.DomainID(""), sdoh.Category(""), sdoh.Respondent(""), sdoh.AbsentReason(""), sdoh.Status(""),
		sdoh.Reason(""), sdoh.ItemState(""), sdoh.WarningCode(""), sdoh.GoalCategory(""), sdoh.ServiceCategory(""),
		sdoh.Audience("")} {
		if zero.IsValid() {
			t.Errorf("the zero %T is valid", zero)
		}
	}
	if c := sdoh.CategoryFoodInsecurity.Coding(); c.System != carecoord.SystemSDOHCCTemporary || c.Code != "food-insecurity" {
		t.Errorf("Coding() = %+v", c)
	}
	if !sdoh.Category("hunger").Coding().IsZero() {
		t.Errorf("an invalid category has a Coding")
	}
}

type validator interface{ IsValid() bool }

func toEnum[E validator](vs []E) []validator {
	out := make([]validator, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}
