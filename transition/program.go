package transition

import (
	"slices"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

// A Program is the set of compiled checklist templates an organisation runs, at most one per
// purpose and risk tier: what [Program.Plan] makes for each event. Build it once with
// [NewProgram] or [StandardProgram]; it is read-only afterwards and safe for concurrent use.
// The zero Program has no templates and plans nothing.
type Program struct {
	templates []Template
	purposes  int        // the number of distinct purposes among templates
	tcm       TCMOptions // the TCM options Plan decides applicability with
}

// WithTCMOptions returns p deciding whether its TCM checklist applies with the TCM options o, as
// [DecideTCM] does with the same options (NursingFacility). A Program from [NewProgram] has the
// default options; [StandardProgram] takes them from ProgramOptions.TCMOptions.
func (p Program) WithTCMOptions(o TCMOptions) Program {
	p.tcm = o
	return p
}

// TCMOptions returns the TCM options p plans with.
func (p Program) TCMOptions() TCMOptions { return p.tcm }

// NewProgram compiles specs into a Program. Each spec must be valid ([TemplateSpec.Validate];
// paths are prefixed "templates[i]."), template ids must be unique, and no two templates of one
// purpose may serve the same risk tier (a template with no tiers serves them all). Errors match
// carecoord.ErrInvalid.
func NewProgram(specs ...TemplateSpec) (Program, error) {
	var errs carecoord.FieldErrors
	p := Program{templates: make([]Template, 0, len(specs))}
	for i, s := range specs {
		path := carecoord.Path("templates", i)
		t, err := NewTemplate(s)
		if err != nil {
			errs.Nest(path, err)
			continue
		}
		for _, o := range p.templates {
			switch {
			case o.ID() == t.ID():
				errs.Add(carecoord.Duplicate(path+".id", "must be unique within the program"))
			case o.Purpose() == t.Purpose() && overlap(o, t):
				errs.Add(carecoord.Duplicate(path+".tiers", "must not serve a risk tier that another template of the same purpose serves"))
			}
		}
		p.templates = append(p.templates, t)
	}
	if err := errs.Err(); err != nil {
		return Program{}, err
	}
	for i, t := range p.templates {
		if !slices.ContainsFunc(p.templates[:i], func(o Template) bool { return o.Purpose() == t.Purpose() }) {
			p.purposes++
		}
	}
	return p, nil
}

func overlap(a, b Template) bool {
	if len(a.spec.Tiers) == 0 || len(b.spec.Tiers) == 0 {
		return true
	}
	return slices.ContainsFunc(a.spec.Tiers, b.Serves)
}

// StandardProgram returns the Program of the built-in templates ([StandardTemplates]).
// with the TCM options o.TCMOptions.
func StandardProgram(o ProgramOptions) (Program, error) {
	p, err := NewProgram(StandardTemplates(o)...)
	if err != nil {
		return p, err
	}
	return p.WithTCMOptions(o.TCMOptions), nil
}

// Templates returns the program's templates, in the order given, in a new slice.
func (p Program) Templates() []Template { return slices.Clone(p.templates) }

// Template returns the program's template of purpose pu for risk tier r.
func (p Program) Template(pu Purpose, r RiskTier) (Template, bool) {
	for _, t := range p.templates {
		if t.Purpose() == pu && t.Serves(r) {
			return t, true
		}
	}
	return Template{}, false
}

// A Skip is a template a [Plan] did not use for an event, and why. The zero Skip is none.
type Skip struct {
	Purpose Purpose `json:"purpose"`
	// Template is the template's id; empty when no template was chosen (the risk tier was not
	// assessed, and the purpose's templates depend on it).
	Template string `json:"template,omitempty"`
	Reason   Reason `json:"reason"`
}

// A Plan is what a program makes for one event: the checklists that apply, and for every other
// purpose the program covers, why not. The zero Plan is empty.
type Plan struct {
	Checklists []Checklist `json:"checklists"`
	Skipped    []Skip      `json:"skipped,omitempty"`
}

// Plan returns the checklists p makes for event e, one per purpose the program covers, in the
// order of the program's templates, with business days from cal: for each purpose, the template
// serving e.Risk is instantiated if its purpose applies to e ([AppliesWith] the program's TCM
// options); otherwise the purpose is
// skipped with the reason. A purpose that applies but whose templates depend on the risk tier is
// skipped with [ReasonRiskNotAssessed] when e has none; a purpose with no template for e's tier is
// left out. The checklists have no id yet (Meta is zero).
//
// e must be valid ([Event.Validate]); otherwise the error matches carecoord.ErrInvalid.
func (p Program) Plan(e Event, cal civil.Calendar) (Plan, error) {
	if err := e.Validate(); err != nil {
		return Plan{}, err
	}
	var seen [8]Purpose
	done := seen[:0] // the purposes handled: at most the five there are
	n := p.purposes
	plan := Plan{Checklists: make([]Checklist, 0, n)}
	for _, t := range p.templates {
		pu := t.Purpose()
		if slices.Contains(done, pu) {
			continue
		}
		chosen, ok := p.Template(pu, e.Risk)
		if !ok && e.Risk.IsValid() {
			continue // the program has no template of this purpose for e's tier
		}
		done = append(done, pu)
		if r := appliesWith(pu, &e, p.tcm); r != "" {
			plan.skip(n, Skip{Purpose: pu, Template: chosen.ID(), Reason: r})
			continue
		}
		if !ok {
			plan.skip(n, Skip{Purpose: pu, Reason: ReasonRiskNotAssessed})
			continue
		}
		c, err := instantiate(chosen, e, cal, p.tcm)
		if err != nil {
			return Plan{}, err
		}
		plan.Checklists = append(plan.Checklists, c)
	}
	return plan, nil
}

// skip records s, making room for n skips at the first.
func (p *Plan) skip(n int, s Skip) {
	if p.Skipped == nil {
		p.Skipped = make([]Skip, 0, n)
	}
	p.Skipped = append(p.Skipped, s)
}
