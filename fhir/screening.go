package fhir

import (
	"slices"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/sdoh"
)

// A screening's results and needs are derived data: carecoord writes them, for the EHR's problem
// list and queries, and never reads them back. A Result is what a Screener computes from a
// Response (which [ResponseFromQuestionnaireResponse] and [ResponseFromObservations] read), and
// a Need what [sdoh.Needs] computes from a Result; reading them from another system's
// Observations would trust that system's scoring over the instrument's rules. The answers
// [ObservationsOf] writes are read back by [ResponseFromObservations], its results are not.

// ObservationsOf returns the scored result res of the response r as Observations in the shape
// of the SDOH Clinical Care IG's SDOHCC Observation Screening Response, first the grouping
// observation (code the instrument's LOINC panel, hasMember every other one), then:
//
//   - one per item of res.Items that r has an entry for, in res's order: code the item's LOINC
//     code, valueCodeableConcept the LOINC answer (display its English text), valueQuantity a
//     number with the item's UCUM unit, or dataAbsentReason (asked-declined, asked-unknown,
//     not-asked) for a question skipped. A multiple-choice item gives one observation per
//     answer chosen (a CodeableConcept's codings are one concept, not a list), and one with
//     carecoord's "none" answer ([SystemScreeningAnswer]) when none was chosen, which LOINC has
//     no code for;
//   - one per domain of res.Domains whose rule defines a result observation (HVS 88124-3, AHC
//     safety 95614-4) whose value is known: its LOINC answer, or its score exactly;
//   - the instrument's total (PHQ-9 44261-6, GAD-7 70274-6) when it is exact.
//
// Each has status final, category social-history and survey and the Gravity SDOH categories of
// its domain or answer (sdoh-category-unspecified with the domain as text where the value set
// has none), subject, effectiveDateTime the screening day, interpretation POS for an answer or
// result that indicates a need (Gravity guidance: POS only, never NEG), and derivedFrom the
// QuestionnaireResponse r was written as ([QuestionnaireResponseOf], "QuestionnaireResponse/" +
// r.ID) and, for a calculated result, the observations of the items it was calculated from.
// Scores are valueQuantity in UCUM {score}. The grouping observation also carries what
// [ResponseFromObservations] needs to read the response back: its meta (version, last update,
// who made it), performer who answered (as [QuestionnaireResponseOf] writes source), and
// carecoord's instrument-version, respondent and screening-language extensions.
//
// Ids are r.ID + "." + the observation's LOINC code (+ "." + n for the nth answer of a
// multiple-choice item), so keep response ids to 48 characters. res may have been filtered for
// an audience ([sdoh.Disclose]): only what it shows is written.
//
// The error matches carecoord.ErrInvalid: r is not valid for s ([sdoh.Screener.Validate]), has
// no id, or an id too long for its observations' ids, or res is not a result of r.
func ObservationsOf(s *sdoh.Screener, r sdoh.Response, res sdoh.Result) ([]*Observation, error) {
	if err := s.Validate(r); err != nil {
		return nil, err
	}
	if r.ID == "" {
		return nil, carecoord.Required("id", "must name the response the observations are derived from")
	}
	if res.Instrument != r.Instrument || res.Version != r.InstrumentVersion || res.Date != r.Date || res.Respondent != r.Respondent || !res.Valid {
		return nil, carecoord.Invalid("result", "must be the Screener's result of the response")
	}
	in, _ := s.Instrument(r.Instrument, r.InstrumentVersion)
	b := observations{in: &in, r: &r, qr: ReferenceTo("QuestionnaireResponse", r.ID, "")}
	for _, ir := range res.Items {
		b.item(ir)
	}
	for _, dr := range res.Domains {
		b.domain(dr)
	}
	if total, ok := res.TotalScore(); ok && res.TotalCode != "" {
		var from []string
		for _, it := range in.Items {
			if it.Scored {
				from = append(from, it.Code)
			}
		}
		o := b.observation(res.TotalCode, domainCategories(&in, ""), from)
		o.ValueQuantity = scoreQuantity(total)
	}
	group := b.newObservation("", carecoord.Coding{System: carecoord.SystemLOINC, Code: in.Panel, Display: in.Title.En}, nil)
	group.DerivedFrom = []Reference{b.qr}
	group.Meta = resourceBase(r.Meta).Meta
	group.Extension = append(screeningExtensions(r), Extension{URL: ExtensionScreeningLanguage, ValueType: "Code", Value: jsonString(r.Language)})
	group.Performer = []Reference{respondentReference(r)}
	for _, o := range b.out {
		group.HasMember = append(group.HasMember, ReferenceTo("Observation", o.ID, ""))
		for _, c := range o.Category[2:] {
			if !slices.ContainsFunc(group.Category[2:], func(g CodeableConcept) bool { return sameConcept(g, c) }) {
				group.Category = append(group.Category, c)
			}
		}
	}
	out := append([]*Observation{group}, b.out...)
	for _, o := range out {
		if !carecoord.ValidID(o.ID) {
			return nil, carecoord.Invalid("id", "must be short enough to name the observations: the id, a dot and a LOINC code at most 64 characters")
		}
	}
	return out, nil
}

// observations builds the observations of one scored response.
type observations struct {
	in  *sdoh.Instrument
	r   *sdoh.Response
	qr  Reference
	out []*Observation
	// items are the ids of the item observations, by item code.
	items map[string][]string
}

// newObservation returns an observation of the response with this code and categories, and id
// r.ID + suffix (the code's when suffix is "").
func (b *observations) newObservation(suffix string, code carecoord.Coding, cats []CodeableConcept) *Observation {
	if suffix == "" {
		suffix = code.Code
	}
	return &Observation{
		DomainResource:    DomainResource{ID: b.r.ID + "." + suffix},
		Status:            "final",
		Category:          append([]CodeableConcept{observationCategory("social-history"), observationCategory("survey")}, cats...),
		Code:              ConceptOf(code),
		Subject:           ReferenceTo("Patient", string(b.r.Patient), ""),
		EffectiveDateTime: DateTime(DateOf(b.r.Date)),
	}
}

// observation adds a calculated observation with this LOINC code, derived from the response
// and the observations of the items from.
func (b *observations) observation(code string, cats []CodeableConcept, from []string) *Observation {
	o := b.newObservation("", carecoord.Coding{System: carecoord.SystemLOINC, Code: code}, cats)
	o.DerivedFrom = []Reference{b.qr}
	for _, item := range from {
		for _, id := range b.items[item] {
			o.DerivedFrom = append(o.DerivedFrom, ReferenceTo("Observation", id, ""))
		}
	}
	b.out = append(b.out, o)
	return o
}

// item adds the observations of one item of the result that the response has an entry for.
func (b *observations) item(ir sdoh.ItemResult) {
	i := slices.IndexFunc(b.r.Answers, func(a sdoh.Answer) bool { return a.Item == ir.Item })
	if i < 0 {
		return // missing: nothing was observed
	}
	a := b.r.Answers[i]
	it, _ := b.in.Item(ir.Item)
	code := carecoord.Coding{System: carecoord.SystemLOINC, Code: it.Code}
	add := func(suffix string, answer string) *Observation {
		cats := domainCategories(b.in, ir.Domain)
		o := b.newObservation(suffix, code, nil)
		if opt, ok := it.Option(answer); ok {
			o.ValueCodeableConcept = &CodeableConcept{Coding: []Coding{{System: carecoord.SystemLOINC, Code: opt.Code, Display: opt.Text.En}}}
			if opt.Positive {
				o.Interpretation = []CodeableConcept{ConceptOf(carecoord.Coding{System: systemObservationInterpret, Code: "POS", Display: "Positive"})}
			}
			if opt.Category != "" {
				cats = []CodeableConcept{categoryConcept(opt.Category, ir.Domain)}
			}
		}
		o.Category = append(o.Category, cats...)
		o.DerivedFrom = []Reference{b.qr}
		b.out = append(b.out, o)
		if b.items == nil {
			b.items = make(map[string][]string)
		}
		b.items[it.Code] = append(b.items[it.Code], o.ID)
		return o
	}
	switch {
	case a.Absent != "":
		o := add("", "")
		o.DataAbsentReason = ConceptOf(carecoord.Coding{System: systemDataAbsentReason, Code: string(a.Absent)})
	case a.HasNumber:
		o := add("", "")
		v := decimal.NewFromInt(a.Number)
		o.ValueQuantity = &Quantity{Value: decimal.NewNullDecimal(v), Unit: it.Unit, System: carecoord.SystemUCUM, Code: it.Unit}
	case it.Kind == sdoh.ItemMultiChoice && len(a.Codes) == 0:
		o := add("", "")
		o.ValueCodeableConcept = &CodeableConcept{Coding: []Coding{{System: SystemScreeningAnswer, Code: noneOfThese, Display: "None of these"}}}
	case it.Kind == sdoh.ItemMultiChoice:
		for k, c := range a.Codes {
			add(it.Code+"."+strconv.Itoa(k+1), c)
		}
	case len(a.Codes) == 1:
		add("", a.Codes[0])
	}
}

// domain adds the result observation of a domain whose rule defines one, when its value is
// known.
func (b *observations) domain(dr sdoh.DomainResult) {
	if dr.ResultCode == "" || dr.Status == sdoh.StatusUnknown || dr.Answer == "" && dr.Score != dr.ScoreMax {
		return
	}
	var from []string
	for _, d := range b.in.Domains {
		if d.ID == dr.Domain {
			from = d.Items
		}
	}
	o := b.observation(dr.ResultCode, domainCategories(b.in, dr.Domain), from)
	if dr.Answer != "" {
		o.ValueCodeableConcept = &CodeableConcept{Coding: []Coding{{System: carecoord.SystemLOINC, Code: dr.Answer}}}
	} else {
		o.ValueQuantity = scoreQuantity(dr.Score)
	}
	if dr.Status == sdoh.StatusPositive {
		o.Interpretation = []CodeableConcept{ConceptOf(carecoord.Coding{System: systemObservationInterpret, Code: "POS", Display: "Positive"})}
	}
}

// scoreQuantity returns a score as a Quantity in UCUM's {score}.
func scoreQuantity(n int) *Quantity {
	v := decimal.NewFromInt(int64(n))
	return &Quantity{Value: decimal.NewNullDecimal(v), System: carecoord.SystemUCUM, Code: "{score}"}
}

func observationCategory(code string) CodeableConcept {
	return ConceptOf(carecoord.Coding{System: systemObservationCategory, Code: code})
}

// domainCategories returns the Gravity category of domain d of in, as a list of one, or none
// when the domain is not a social need (depression, anxiety) or d is "".
func domainCategories(in *sdoh.Instrument, d sdoh.DomainID) []CodeableConcept {
	for _, dom := range in.Domains {
		if dom.ID == d && dom.Category != "" {
			return []CodeableConcept{categoryConcept(dom.Category, d)}
		}
	}
	return nil
}

// categoryConcept returns a Gravity SDOH category as a CodeableConcept; the unspecified
// category carries the domain as its text (sdoh.Need's convention).
func categoryConcept(c sdoh.Category, d sdoh.DomainID) CodeableConcept {
	cc := ConceptOf(c.Coding())
	if c == sdoh.CategoryUnspecified {
		cc.Text = string(d)
	}
	return cc
}

// sameConcept reports whether two concepts built by this file are the same: one coding each
// (or none), and text.
func sameConcept(a, b CodeableConcept) bool {
	return a.Text == b.Text && slices.EqualFunc(a.Coding, b.Coding, func(x, y Coding) bool { return x.System == y.System && x.Code == y.Code })
}

// ConditionsOf returns the needs of the response r ([sdoh.Needs]) as Conditions in the shape
// of the SDOH Clinical Care IG's SDOHCC Condition: category health-concern (US Core) and the
// need's Gravity category, code the ICD-10-CM Z codes valid on the screening day and the SNOMED
// CT findings (text only, the category or domain, when the need has neither), clinicalStatus
// active, verificationStatus unconfirmed (a need from a screen is a suggestion for a clinician
// to confirm, not a diagnosis), subject the patient, and evidence.detail the observations of
// evidence (from [ObservationsOf]) whose code is one of the need's items. Ids are r.ID +
// ".need-" + n, n counting from 1.
//
// The suggested goal and services have no Condition element; they are for a care plan and a
// referral. Needs from restricted domains are written as given: filter them for the audience
// first ([sdoh.DiscloseNeeds]). The error matches carecoord.ErrInvalid: r is not valid or has
// no id, or a need has no valid category.
func ConditionsOf(r sdoh.Response, needs []sdoh.Need, evidence []*Observation) ([]*Condition, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if r.ID == "" {
		return nil, carecoord.Required("id", "must name the response the conditions come from")
	}
	out := make([]*Condition, 0, len(needs))
	for k, n := range needs {
		if !n.Category.IsValid() {
			return nil, carecoord.NotSupported(carecoord.Path("needs", k, "category"), sdoh.Categories()...)
		}
		c := &Condition{
			DomainResource:     DomainResource{ID: r.ID + ".need-" + strconv.Itoa(k+1)},
			ClinicalStatus:     ConceptOf(carecoord.Coding{System: systemConditionClinical, Code: "active"}),
			VerificationStatus: ConceptOf(carecoord.Coding{System: systemConditionVerification, Code: "unconfirmed"}),
			Category: []CodeableConcept{
				ConceptOf(carecoord.Coding{System: systemUSCoreConditionCategory, Code: "health-concern"}),
				categoryConcept(n.Category, n.Domain),
			},
			Subject: ReferenceTo("Patient", string(r.Patient), ""),
		}
		if !carecoord.ValidID(c.ID) {
			return nil, carecoord.Invalid("id", "must be short enough to name the conditions: the id and \".need-\" and a number at most 64 characters")
		}
		for _, z := range n.Conditions {
			c.Code.Coding = append(c.Code.Coding, CodingOf(z.Coding()))
		}
		for _, f := range n.Findings {
			c.Code.Coding = append(c.Code.Coding, CodingOf(f))
		}
		if len(c.Code.Coding) == 0 {
			c.Code.Text = c.Category[1].Text
			if c.Code.Text == "" {
				c.Code.Text = string(n.Category)
			}
		}
		var detail []Reference
		for _, o := range evidence {
			if code, ok := o.Code.First(carecoord.SystemLOINC); ok && slices.Contains(n.Items, code.Code) {
				detail = append(detail, ReferenceTo("Observation", o.ID, ""))
			}
		}
		if len(detail) > 0 {
			c.Evidence = []ConditionEvidence{{Detail: detail}}
		}
		out = append(out, c)
	}
	return out, nil
}
