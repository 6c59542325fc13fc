package transition_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/transition"
	"github.com/carecoord/carecoord/transition/transitiontest"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

func TestParseDueRule(t *testing.T) {
	tests := []struct {
		in   string
		want transition.DueRule
		str  string // String() of the result, when it differs from in
	}{
		{"before discharge", transition.DueRule{N: 0, Unit: transition.UnitHours, Anchor: transition.AnchorDischarge}, ""},
		{"0 hours after discharge", transition.DueRule{N: 0, Unit: transition.UnitHours, Anchor: transition.AnchorDischarge}, "before discharge"},
		{"48 hours after discharge", transition.DueRule{N: 48, Unit: transition.UnitHours, Anchor: transition.AnchorDischarge}, ""},
		{"1 hour after admission", transition.DueRule{N: 1, Unit: transition.UnitHours, Anchor: transition.AnchorAdmission}, ""},
		{"1 hours after admission", transition.DueRule{N: 1, Unit: transition.UnitHours, Anchor: transition.AnchorAdmission}, "1 hour after admission"},
		{"7 days after discharge", transition.DueRule{N: 7, Unit: transition.UnitDays, Anchor: transition.AnchorDischarge}, ""},
		{"1 day after discharge", transition.DueRule{N: 1, Unit: transition.UnitDays, Anchor: transition.AnchorDischarge}, ""},
		{"2 business days after discharge", transition.DueRule{N: 2, Unit: transition.UnitBusinessDays, Anchor: transition.AnchorDischarge}, ""},
		{"1 business day after discharge", transition.DueRule{N: 1, Unit: transition.UnitBusinessDays, Anchor: transition.AnchorDischarge}, ""},
		{"0 days after item follow-up-visit", transition.DueRule{N: 0, Unit: transition.UnitDays, Anchor: transition.AnchorItem, Item: "follow-up-visit"}, ""},
		{"before item call", transition.DueRule{N: 0, Unit: transition.UnitHours, Anchor: transition.AnchorItem, Item: "call"}, ""},
		{"366 days after admission", transition.DueRule{N: 366, Unit: transition.UnitDays, Anchor: transition.AnchorAdmission}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := transition.ParseDueRule(tt.in)
			if err != nil {
				t.Fatalf("ParseDueRule(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseDueRule(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
			str := tt.str
			if str == "" {
				str = tt.in
			}
			if got.String() != str {
				t.Errorf("String() = %q, want %q", got.String(), str)
			}
		})
	}
}

func TestParseDueRuleRejects(t *testing.T) {
	for _, in := range []string{
		"", "before", "before lunch", "2 days", "2 days after", "2 days after dinner", "two days after discharge",
		"-1 days after discharge", "+2 days after discharge", "02 days after discharge", "2  days after discharge",
		"2 Days after discharge", "2 weeks after discharge", "2 business days after item call", // no business days after an item
		"367 days after discharge", "263 business days after discharge", "8785 hours after discharge",
		"1 day after item Call", "1 day after item", "1 day after discharge ", " 1 day after discharge",
		"9999999 days after discharge", strings.Repeat("1", 200) + " days after discharge",
		"2 days after Jane Doe's discharge",
	} {
		_, err := transition.ParseDueRule(in)
		if !errors.Is(err, carecoord.ErrInvalid) {
			t.Errorf("ParseDueRule(%q) error = %v, want ErrInvalid", in, err)
			continue
		}
		if len(in) >= 12 && strings.Contains(err.Error(), in) {
			t.Errorf("ParseDueRule(%q) error repeats the input: %v", in, err)
		}
	}
}

// Every valid rule survives its text form and JSON.
func TestDueRuleRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := transitiontest.DueRule().Draw(t, "rule")
		if rapid.Bool().Draw(t, "item anchor") {
			r.Anchor, r.Item = transition.AnchorItem, "follow-up-visit"
			if r.Unit == transition.UnitBusinessDays {
				r.Unit = transition.UnitDays
			}
		}
		got, err := transition.ParseDueRule(r.String())
		if err != nil || got != r {
			t.Fatalf("ParseDueRule(%q) = %+v, %v; want %+v", r.String(), got, err, r)
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var back transition.DueRule
		if err := json.Unmarshal(b, &back); err != nil || back != r {
			t.Fatalf("JSON %s read back as %+v, %v", b, back, err)
		}
	})
}

func TestDueRuleValidate(t *testing.T) {
	tests := []struct {
		r    transition.DueRule
		want []pathCode
	}{
		{transition.DueRule{}, []pathCode{{"unit", carecoord.FieldNotSupported}, {"anchor", carecoord.FieldNotSupported}}},
		{transition.DueRule{N: -1, Unit: transition.UnitDays, Anchor: transition.AnchorDischarge}, []pathCode{{"n", carecoord.FieldOutOfRange}}},
		{transition.DueRule{N: 1, Unit: transition.UnitDays, Anchor: transition.AnchorItem}, []pathCode{{"item", carecoord.FieldRequired}}},
		{transition.DueRule{N: 1, Unit: transition.UnitDays, Anchor: transition.AnchorItem, Item: "Bad Key"}, []pathCode{{"item", carecoord.FieldInvalid}}},
		{transition.DueRule{N: 1, Unit: transition.UnitDays, Anchor: transition.AnchorDischarge, Item: "call"}, []pathCode{{"item", carecoord.FieldNotAllowed}}},
		{transition.DueRule{N: 1, Unit: transition.UnitBusinessDays, Anchor: transition.AnchorItem, Item: "call"}, []pathCode{{"unit", carecoord.FieldInvalid}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, pathCodes(t, tt.r.Validate())); diff != "" {
			t.Errorf("%+v.Validate() mismatch (-want +got):\n%s", tt.r, diff)
		}
	}
	if _, err := json.Marshal(transition.DueRule{}); !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("json.Marshal(zero DueRule) error = %v, want ErrInvalid", err)
	}
}

// FuzzParseDueRule: any text either parses into a valid rule that prints back into text that
// parses to the same rule, or is refused with an error matching carecoord.ErrInvalid; never a
// panic. (The errors are fixed strings: TestParseDueRuleRejects checks they do not echo input.)
func FuzzParseDueRule(f *testing.F) {
	for _, s := range []string{"before discharge", "48 hours after discharge", "2 business days after discharge",
		"7 days after admission", "0 days after item follow-up-visit", "1 business day after discharge", "",
		"999999 hours after discharge", "before item a", "3 days after item z9-",
		"48 to 72 hours after discharge", "2 to 7 days after item follow-up-visit", "1 to 2 business days after admission",
		"0 to 72 hours after discharge", "72 to 48 hours after discharge", "1 to before discharge", "01 to 2 days after discharge"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := transition.ParseDueRule(s)
		if err != nil {
			if !errors.Is(err, carecoord.ErrInvalid) {
				t.Fatalf("ParseDueRule(%q) error %v does not match ErrInvalid", s, err)
			}
			return
		}
		if err := r.Validate(); err != nil {
			t.Fatalf("ParseDueRule(%q) = %+v, which is invalid: %v", s, r, err)
		}
		back, err := transition.ParseDueRule(r.String())
		if err != nil || back != r {
			t.Fatalf("ParseDueRule(%q) = %+v; its text %q reads back as %+v, %v", s, r, r.String(), back, err)
		}
	})
}

// FuzzDecideAndInstantiate: whatever instants, codes and rules come in, the TCM decision and the
// checklist functions return values or errors, never panic.
func FuzzDecideAndInstantiate(f *testing.F) {
	f.Add(int64(1756494000), int64(3600*96), "01", uint8(0), "2 business days after discharge", int64(86400), "2025-09-05", "high")
	f.Add(int64(-62135596800), int64(0), "20", uint8(3), "before discharge", int64(-1), "0001-01-01", "")
	f.Add(int64(253402300799), int64(1<<40), "99", uint8(4), "366 days after admission", int64(1<<62), "9999-12-31", "moderate")
	f.Fuzz(func(t *testing.T, admitted, stay int64, disp string, kind uint8, rule string, contactAfter int64, visit, mdm string) {
		loc := time.FixedZone("Etc/GMT+5", -5*3600)
		kinds := transition.Kinds()
		e := transition.Event{Meta: carecoord.Meta{ID: "enc-1"}, Kind: kinds[int(kind)%len(kinds)], Patient: "pat-1",
			Facility: carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "h"}, Setting: transition.SettingAcuteInpatient,
			Admitted: time.Unix(admitted, 0), Disposition: transition.Disposition(disp)}.WithLocation(loc)
		if stay >= 0 {
			e.Discharged = e.Admitted.Add(time.Duration(stay))
		}
		_ = e.Validate()
		v, _ := civil.Parse(visit)
		dec, err := transition.DecideTCM(e, transition.TCMServices{
			Contacts: []transition.Contact{{At: e.Discharged.Add(time.Duration(contactAfter)), Mode: transition.ContactTelephone, Reached: true,
				By: carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn"}}},
			Visit: v, MedRec: v, MDM: transition.MDM(mdm)}, civil.USFederal())
		if err == nil && dec.Code != "" && !dec.Code.IsValid() {
			t.Fatalf("DecideTCM code %q", dec.Code)
		}
		r, err := transition.ParseDueRule(rule)
		if err != nil {
			return
		}
		spec := transition.TemplateSpec{ID: "fuzz", Purpose: transition.PurposeDischarge,
			Items: []transition.ItemSpec{{Key: "a", Owner: transition.RoleCaseManager, Due: r}}}
		for _, p := range transition.Purposes() {
			spec.Purpose = p
			tpl, err := transition.NewTemplate(spec)
			if err != nil {
				continue // an item rule needs an earlier item
			}
			c, err := transition.Instantiate(tpl, e, civil.USFederal())
			if err != nil {
				continue
			}
			_ = transition.Evaluate(c, e.Admitted)
			c2, err := transition.Complete(c, "a", e.Admitted.Add(time.Hour), nurse())
			if err == nil {
				_ = c2.Validate()
			}
		}
	})
}
