package transition_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/transition"
	"github.com/google/go-cmp/cmp"
)

// The built-in templates are valid, cite a source for every item, and survive JSON (templates
// are data an organisation may keep as files).
func TestBuiltInTemplates(t *testing.T) {
	specs := transition.StandardTemplates(transition.ProgramOptions{TCM: true, PostDischarge: transition.PostDischargeOptions{HomeVisits: true}})
	if len(specs) != 8 {
		t.Errorf("%d standard templates, want 8", len(specs))
	}
	l, err := transition.NewLocalizer()
	if err != nil {
		t.Fatal(err)
	}
	en, es := l.For("en"), l.For("es")
	for _, s := range specs {
		if err := s.Validate(); err != nil {
			t.Errorf("%s: %v", s.ID, err)
		}
		for _, it := range s.Items {
			if it.Source == "" {
				t.Errorf("%s/%s cites no source", s.ID, it.Key)
			}
			if en.Title(it.Key) == string(it.Key) || es.Title(it.Key) == string(it.Key) || en.Title(it.Key) == es.Title(it.Key) {
				t.Errorf("%s/%s has no English or Spanish title", s.ID, it.Key)
			}
		}
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatalf("%s: %v", s.ID, err)
		}
		var back transition.TemplateSpec
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", s.ID, err)
		}
		if diff := cmp.Diff(s, back, cmpOpts()); diff != "" {
			t.Errorf("%s JSON round trip mismatch (-want +got):\n%s", s.ID, diff)
		}
	}
	post := transition.PostDischargeTemplate(transition.RiskHigh, transition.PostDischargeOptions{})
	if b, _ := json.Marshal(post.Items[1].Due); string(b) != `"2 business days after discharge"` {
		t.Errorf("due rule JSON = %s", b)
	}
	// Risk chooses the intensity: high risk is seen within 7 days, the others within 14.
	for tier, days := range map[transition.RiskTier]int{transition.RiskHigh: 7, transition.RiskModerate: 14, transition.RiskLow: 14} {
		for _, it := range transition.PostDischargeTemplate(tier, transition.PostDischargeOptions{}).Items {
			if it.Key == "follow-up-visit" && it.Due.N != days {
				t.Errorf("%s: follow-up visit within %d days, want %d", tier, it.Due.N, days)
			}
		}
	}
}

func TestTemplateSpecValidate(t *testing.T) {
	due := transition.DueRule{N: 1, Unit: transition.UnitDays, Anchor: transition.AnchorDischarge}
	spec := transition.TemplateSpec{
		ID: "bad template", Purpose: "follow-up", Tiers: []transition.RiskTier{"high", "high", "extreme"},
		Items: []transition.ItemSpec{
			{Key: "a", Owner: transition.RoleHospitalNurse, Due: due, Prerequisites: []transition.ItemKey{"b"}},
			{Key: "b", Owner: "janitor", Due: transition.DueRule{N: 0, Unit: transition.UnitDays, Anchor: transition.AnchorItem, Item: "c"},
				Prerequisites: []transition.ItemKey{"a", "a", "Bad"}, Evidence: []transition.EvidenceKind{"document", "document", "photo"}},
			{Key: "a", Owner: transition.RoleHospitalNurse, Due: transition.DueRule{}},
			{Key: "", Owner: transition.RoleHospitalNurse, Due: due},
		},
	}
	want := []pathCode{
		{"id", carecoord.FieldInvalid}, {"purpose", carecoord.FieldNotSupported},
		{"tiers[1]", carecoord.FieldDuplicate}, {"tiers[2]", carecoord.FieldNotSupported},
		{"items[0].prerequisites[0]", carecoord.FieldInvalid},
		{"items[1].owner", carecoord.FieldNotSupported}, {"items[1].due.item", carecoord.FieldInvalid},
		{"items[1].prerequisites[1]", carecoord.FieldDuplicate}, {"items[1].prerequisites[2]", carecoord.FieldInvalid},
		{"items[1].evidence[1]", carecoord.FieldDuplicate}, {"items[1].evidence[2]", carecoord.FieldNotSupported},
		{"items[2].key", carecoord.FieldDuplicate}, {"items[2].due.unit", carecoord.FieldNotSupported}, {"items[2].due.anchor", carecoord.FieldNotSupported},
		{"items[3].key", carecoord.FieldRequired},
	}
	if diff := cmp.Diff(want, pathCodes(t, spec.Validate())); diff != "" {
		t.Errorf("Validate() mismatch (-want +got):\n%s", diff)
	}
	if _, err := transition.NewTemplate(transition.TemplateSpec{}); !hasPath(err, "items") {
		t.Errorf("NewTemplate(zero) error = %v, want items required", err)
	}
	if _, err := transition.Instantiate(transition.Template{}, transition.Event{}, civil.USFederal()); !hasPath(err, "template") {
		t.Errorf("Instantiate(zero Template) error = %v, want path template", err)
	}
}

// A compiled template keeps its own copy of the spec.
func TestNewTemplateCopiesTheSpec(t *testing.T) {
	spec := transition.DischargeTemplate()
	tpl := compile(t, spec)
	spec.Items[8].Prerequisites[0] = "changed"
	spec.Items[0].Key = "changed"
	if got := tpl.Spec(); got.Items[0].Key != "admission-notified" || got.Items[8].Prerequisites[0] != "discharge-medicines" {
		t.Errorf("the template changed with its spec: %v, %v", got.Items[0].Key, got.Items[8].Prerequisites)
	}
	s := tpl.Spec()
	s.Items[8].Prerequisites[0] = "changed again"
	if tpl.Spec().Items[8].Prerequisites[0] != "discharge-medicines" {
		t.Errorf("Spec() returns the template's own slices")
	}
}

func TestProgram(t *testing.T) {
	if _, err := transition.NewProgram(transition.DischargeTemplate(), transition.DischargeTemplate()); !hasPath(err, "templates[1].id") {
		t.Errorf("two templates with one id: error = %v", err)
	}
	other := transition.PostDischargeTemplate(transition.RiskHigh, transition.PostDischargeOptions{})
	other.ID = "my-follow-up"
	if _, err := transition.NewProgram(transition.PostDischargeTemplate(transition.RiskHigh, transition.PostDischargeOptions{}), other); !hasPath(err, "templates[1].tiers") {
		t.Errorf("two templates for one purpose and tier: error = %v", err)
	}
	if _, err := transition.NewProgram(transition.TemplateSpec{ID: "x"}); !hasPath(err, "templates[0].items") {
		t.Errorf("an invalid template: error = %v", err)
	}

	ny := newYork(t)
	p, err := transition.StandardProgram(transition.ProgramOptions{TCM: true})
	if err != nil {
		t.Fatal(err)
	}
	cal := civil.USFederal()
	dis := local(ny, "2025-08-29", 14, 0)
	ed := discharged(ny, dis, transition.DispositionHome, transition.RiskLow)
	ed.Kind, ed.Setting, ed.Admitted = transition.KindEDVisit, transition.SettingEmergencyDepartment, dis.Add(-5*time.Hour)
	noRisk := discharged(ny, dis, transition.DispositionHome, "")
	type result struct {
		Templates []string
		Skipped   []transition.Skip
	}
	skip := func(pu transition.Purpose, tpl string, r transition.Reason) transition.Skip {
		return transition.Skip{Purpose: pu, Template: tpl, Reason: r}
	}
	tests := []struct {
		name  string
		event transition.Event
		want  result
	}{
		{"home, high risk", discharged(ny, dis, transition.DispositionHome, transition.RiskHigh), result{
			Templates: []string{"red-discharge", "post-discharge-high", "tcm-99496"},
			Skipped: []transition.Skip{skip(transition.PurposeEDFollowUp, "ed-follow-up", transition.ReasonEventKind),
				skip(transition.PurposeHandoff, "facility-handoff", transition.ReasonCommunity)}}},
		{"home, risk not assessed", noRisk, result{
			Templates: []string{"red-discharge"},
			Skipped: []transition.Skip{skip(transition.PurposePostDischarge, "", transition.ReasonRiskNotAssessed),
				skip(transition.PurposeTCM, "", transition.ReasonRiskNotAssessed),
				skip(transition.PurposeEDFollowUp, "ed-follow-up", transition.ReasonEventKind),
				skip(transition.PurposeHandoff, "facility-handoff", transition.ReasonCommunity)}}},
		{"expired", discharged(ny, dis, transition.DispositionExpired, transition.RiskHigh), result{
			Skipped: []transition.Skip{skip(transition.PurposeDischarge, "red-discharge", transition.ReasonExpired),
				skip(transition.PurposePostDischarge, "post-discharge-high", transition.ReasonExpired),
				skip(transition.PurposeTCM, "tcm-99496", transition.ReasonExpired),
				skip(transition.PurposeEDFollowUp, "ed-follow-up", transition.ReasonEventKind),
				skip(transition.PurposeHandoff, "facility-handoff", transition.ReasonExpired)}}},
		{"transfer to another acute hospital", discharged(ny, dis, transition.DispositionShortTermHospital, transition.RiskModerate), result{
			Templates: []string{"facility-handoff"},
			Skipped: []transition.Skip{skip(transition.PurposeDischarge, "red-discharge", transition.ReasonInpatientTransfer),
				skip(transition.PurposePostDischarge, "post-discharge-moderate", transition.ReasonInpatientTransfer),
				skip(transition.PurposeTCM, "tcm-99495", transition.ReasonInpatientTransfer),
				skip(transition.PurposeEDFollowUp, "ed-follow-up", transition.ReasonEventKind)}}},
		{"skilled nursing facility", discharged(ny, dis, transition.DispositionSNF, transition.RiskLow), result{
			Templates: []string{"facility-handoff"},
			Skipped: []transition.Skip{skip(transition.PurposeDischarge, "red-discharge", transition.ReasonFacility),
				skip(transition.PurposePostDischarge, "post-discharge-low", transition.ReasonFacility),
				skip(transition.PurposeTCM, "tcm-99495", transition.ReasonFacility),
				skip(transition.PurposeEDFollowUp, "ed-follow-up", transition.ReasonEventKind)}}},
		{"ED visit, home", ed, result{
			Templates: []string{"ed-follow-up"},
			Skipped: []transition.Skip{skip(transition.PurposeDischarge, "red-discharge", transition.ReasonEventKind),
				skip(transition.PurposePostDischarge, "post-discharge-low", transition.ReasonEventKind),
				skip(transition.PurposeTCM, "tcm-99495", transition.ReasonEventKind),
				skip(transition.PurposeHandoff, "facility-handoff", transition.ReasonCommunity)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := p.Plan(tt.event, cal)
			if err != nil {
				t.Fatal(err)
			}
			got := result{Skipped: plan.Skipped}
			for _, c := range plan.Checklists {
				got.Templates = append(got.Templates, c.Template)
				if err := c.Validate(); err != nil {
					t.Errorf("%s: %v", c.Template, err)
				}
			}
			if diff := cmp.Diff(tt.want, got, cmpOpts()); diff != "" {
				t.Errorf("Plan mismatch (-want +got):\n%s", diff)
			}
		})
	}
	bad := discharged(ny, dis, transition.DispositionHome, transition.RiskHigh)
	bad.Patient = ""
	if _, err := p.Plan(bad, cal); !hasPath(err, "patient") {
		t.Errorf("Plan(invalid event) error = %v, want path patient", err)
	}
	var zero transition.Program
	if plan, err := zero.Plan(discharged(ny, dis, transition.DispositionHome, transition.RiskHigh), cal); err != nil || len(plan.Checklists)+len(plan.Skipped) != 0 {
		t.Errorf("zero Program planned %+v, %v", plan, err)
	}
}

func TestChecklistValidate(t *testing.T) {
	ny := newYork(t)
	dis := local(ny, "2025-08-29", 14, 0)
	base := instantiate(t, transition.DischargeTemplate(), discharged(ny, dis, transition.DispositionHome, transition.RiskHigh))
	meds := transition.Evidence{Kind: transition.EvidenceMedication, Ref: "List/m-1"}
	done := must(t)(transition.Complete(base, "discharge-medicines", dis.Add(-time.Hour), nurse(), meds))
	tests := []struct {
		name   string
		change func(c *transition.Checklist)
		want   []pathCode
	}{
		{"valid", func(*transition.Checklist) {}, nil},
		{"header", func(c *transition.Checklist) {
			c.Patient, c.Event, c.Template, c.Purpose, c.Location = "", "", "", "", nil
		}, []pathCode{{"patient", carecoord.FieldRequired}, {"event", carecoord.FieldInvalid}, {"template", carecoord.FieldInvalid},
			{"purpose", carecoord.FieldNotSupported}, {"location", carecoord.FieldRequired}}},
		{"no items", func(c *transition.Checklist) { c.Items = nil }, []pathCode{{"items", carecoord.FieldRequired}}},
		{"duplicate key and unknown prerequisite", func(c *transition.Checklist) {
			c.Items[1].Key = c.Items[0].Key
			c.Items[8].Prerequisites = []transition.ItemKey{"nope"}
		}, []pathCode{{"items[1].key", carecoord.FieldDuplicate}, {"items[8].prerequisites[0]", carecoord.FieldInvalid}}},
		{"completed without its time or evidence", func(c *transition.Checklist) {
			c.Items[3].DoneAt, c.Items[3].Evidence = time.Time{}, nil
		}, []pathCode{{"items[3].doneAt", carecoord.FieldRequired}, {"items[3].evidence", carecoord.FieldRequired},
			{"items[3].doneAt", carecoord.FieldInvalid}}},
		{"open with evidence and a time", func(c *transition.Checklist) {
			c.Items[0].Evidence, c.Items[0].DoneAt = []transition.Evidence{meds}, dis
		}, []pathCode{{"items[0].doneAt", carecoord.FieldNotAllowed}, {"items[0].evidence", carecoord.FieldNotAllowed}}},
		{"waived without history", func(c *transition.Checklist) { c.Items[0].Status = transition.ItemCancelled },
			[]pathCode{{"items[0].doneAt", carecoord.FieldRequired}, {"items[0].history", carecoord.FieldRequired}}},
		{"a dependant completed before its prerequisite", func(c *transition.Checklist) {
			c.Items[9].Status, c.Items[9].DoneAt = transition.ItemCompleted, dis.Add(-2*time.Hour)
			c.Items[9].Evidence = []transition.Evidence{attest()}
			c.Items[9].History = []carecoord.Transition{{From: "ready", To: "completed", At: dis.Add(-2 * time.Hour), By: nurse()}}
		}, []pathCode{{"items[9].prerequisites[0]", carecoord.FieldInvalid}}},
		{"due before start", func(c *transition.Checklist) { c.Items[0].Due = c.Items[0].Start.Add(-time.Second) },
			[]pathCode{{"items[0].due", carecoord.FieldInvalid}}},
		{"bad history", func(c *transition.Checklist) { c.Items[3].History[0].By = carecoord.Actor{} },
			[]pathCode{{"items[3].history[0].by.kind", carecoord.FieldRequired}, {"items[3].history[0].by.id", carecoord.FieldRequired}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := done.Clone()
			tt.change(&c)
			if diff := cmp.Diff(tt.want, pathCodes(t, c.Validate())); diff != "" {
				t.Errorf("Validate() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
