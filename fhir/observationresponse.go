package fhir

import (
	"slices"
	"strconv"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/sdoh"
)

// carecoord's URIs for screenings given as Observations.
const (
	// ExtensionScreeningLanguage holds the language a screening was given in
	// (sdoh.Response.Language, a BCP 47 tag), as valueCode, on the grouping observation
	// [ObservationsOf] writes. Resource.language would say that the observation's own text is
	// in that language, and its displays are LOINC's English ones.
	ExtensionScreeningLanguage = Base + "StructureDefinition/screening-language"
	// SystemScreeningAnswer is carecoord's code system for the answers LOINC has no code for.
	// Its one code, "none" ("None of these"), is the answer to a multiple-choice question
	// answered with no choice (sdoh.Item.NoneIfEmpty: PRAPARE 93031-3 lists no "none" answer),
	// as a valueCodeableConcept.
	SystemScreeningAnswer = Base + "CodeSystem/screening-answer"
)

// noneOfThese is the code of SystemScreeningAnswer for a question answered with no choice.
const noneOfThese = "none"

// The statuses of an Observation carecoord reads: the answers of a final observation, and,
// reported, those of a preliminary or registered one.
func observationDone() []string    { return []string{"final", "amended", "corrected"} }
func observationPartial() []string { return []string{"preliminary", "registered"} }

// ResponseFromObservations reads an sdoh.Response from a screening given as Observations in the
// shape of the SDOH Clinical Care IG's SDOHCC Observation Screening Response, as many systems
// send one without a QuestionnaireResponse: panel is the grouping observation (code the LOINC
// panel of a built-in instrument, hasMember one observation per answer) and members the
// observations its hasMember names (each found by "Observation/" + its id; [Import] resolves
// them in a bundle), in any order. Like [ResponseFromQuestionnaireResponse] it reads the answers
// against no instrument table: score the response with an sdoh.Screener.
//
// The response's id is that of the QuestionnaireResponse panel's derivedFrom names (the one
// [ObservationsOf] writes the observations from), else the panel's; its version, last update
// and author are the panel's meta. The instrument comes from the panel's code, its version from
// carecoord's instrument-version extension; the patient is subject, the screening day
// effectiveDateTime's, who answered carecoord's respondent extension or the performer (the
// panel's, else a member's), the language carecoord's screening-language extension. Each member
// answers the question its LOINC code names: a LOINC answer in valueCodeableConcept (members
// with the same question code are the choices of a multiple-choice question, read into one
// answer; carecoord's "none" answer, [SystemScreeningAnswer], is a choice of none), a whole
// number in valueQuantity (the unit is the item's) or valueInteger, or a question skipped in
// dataAbsentReason (asked-declined, asked-unknown, not-asked: sdoh.AbsentReason's codes, as
// the QuestionnaireResponse mapping reads them). The answers come in hasMember's order.
//
// Derived data is left out and reported, never trusted over the instrument's rules: a member
// whose code is a built-in instrument's result or total (HVS 88124-3, AHC 95614-4, PHQ-9
// 44261-6, GAD-7 70274-6), or which derives from other observations (derivedFrom). Categories
// and interpretations, which the rules derive from the answers, and displays are not kept and
// not reported; nor is a member's time on the screening day.
//
// What the observations do not give is derived and reported as an [IssueAssumed]: the
// instrument version (the built-in table's), who answered (from the performer as
// [ResponseFromQuestionnaireResponse] reads source; none: the patient), the language (English)
// and the screening day when effectiveDateTime has a time. What they give that a Response has
// no place for is reported as an Issue: a status other than final, amended or corrected (the
// answers given are kept), whoever answered for the patient, a performer or day of a member
// other than the response's, a member's own meta and extensions, a value that is neither a
// LOINC answer nor a whole number, a data-absent-reason other than the three, a member with no
// value and no reason, a member that groups others, a hasMember naming no member given and a
// member no hasMember names.
//
// The error matches carecoord.ErrInvalid: a modifier extension (FHIR R4 §2.4.1.1), a panel code
// that is not a built-in instrument's panel, a missing or refused status (cancelled,
// entered-in-error, unknown), subject or effectiveDateTime, a member about another patient, a
// member without a LOINC question code, a value with a dataAbsentReason (obs-6), an answer
// code that is not a LOINC answer code, a question answered by two members other than as
// choices, or a response that is not valid ([sdoh.Response.Validate]). Paths start with
// "Observation" for panel and "members[i]" for members[i].
func ResponseFromObservations(panel *Observation, members []*Observation) (sdoh.Response, []Issue, error) {
	if panel == nil {
		return sdoh.Response{}, nil, carecoord.Required("Observation", "must be the grouping observation")
	}
	entries := make([]BundleEntry, len(members))
	for i, o := range members {
		if o != nil {
			entries[i].Resource = o
		}
	}
	m := mapping{path: "Observation", bundle: newBundleIndex(entries)}
	memberPath := func(i int) string { return "members[" + strconv.Itoa(i) + "]" }
	r := m.observationResponse(panel, memberPath)
	named := make([]bool, len(members))
	for _, ref := range panel.HasMember {
		if i := m.bundle.position(ref.Reference); i >= 0 {
			named[i] = true
		}
	}
	for i, ok := range named {
		if !ok {
			m.issues = append(m.issues, Issue{Path: memberPath(i), Code: IssueNotMappedResource, Detail: "is not named by the grouping observation's hasMember; left out"})
		}
	}
	return r, m.issues, m.errs.Err()
}

// observationResponse reads the response of the grouping observation panel, whose members it
// finds in m's bundle; memberPath names the entry of each.
func (m *mapping) observationResponse(panel *Observation, memberPath func(int) string) sdoh.Response {
	m.modifiers(panel.ModifierExtension, "modifierExtension")
	m.companions(&panel.Extras, "")
	r := sdoh.Response{Meta: m.meta(&panel.DomainResource)}
	var version, who, language string
	m.textExtensions(panel.Extension, "", []string{ExtensionInstrumentVersion, ExtensionRespondent, ExtensionScreeningLanguage}, &version, &who, &language)
	m.status(panel.Status, observationDone(), observationPartial(), "says the screening is not final; carecoord keeps the answers given")
	in := m.panel(panel.Code, version, &r)
	r.Patient = carecoord.PatientID(m.target(panel.Subject, "subject", "Patient"))
	r.Date = m.responseDay(panel.EffectiveDateTime, "effectiveDateTime")
	fromResponse := false
	for j, ref := range panel.DerivedFrom {
		if t, id, ok := m.refTarget(ref); ok && t == "QuestionnaireResponse" && !fromResponse {
			r.ID, fromResponse = id, true // the response the observations were written from
			continue
		}
		m.issue(".derivedFrom["+strconv.Itoa(j)+"]", IssueNotMapped, "names a source other than the screening's QuestionnaireResponse; carecoord keeps no link to it")
	}
	if panel.ValueQuantity != nil || panel.ValueCodeableConcept != nil || panel.ValueInteger != nil || given(panel.DataAbsentReason) {
		m.issue("", IssueNotMapped, "gives a value or a dataAbsentReason of the grouping observation; carecoord reads its members' only")
	}
	if len(panel.Contained) > 0 {
		m.issue(".contained", IssueNotMapped, "holds resources carecoord does not read here")
	}

	p := performers{path: m.path}
	p.check(m, panel.Performer)
	read := make([]bool, len(m.bundle.entries))
	byItem := make(map[string]int, len(panel.HasMember))
	for j, ref := range panel.HasMember {
		i := m.bundle.position(ref.Reference)
		var o *Observation
		if i >= 0 {
			o, _ = m.bundle.entries[i].Resource.(*Observation)
		}
		switch {
		case o == nil:
			m.issue(".hasMember["+strconv.Itoa(j)+"]", IssueUnresolvedReference, "names no observation given; what it holds is not read")
			continue
		case read[i]:
			m.errs.Add(carecoord.Duplicate(m.path+".hasMember["+strconv.Itoa(j)+"]", "must name each member once"))
			continue
		}
		read[i] = true
		s := m.sub(memberPath(i))
		p.check(s, o.Performer)
		if a, ok := s.member(o, in, r.Patient, r.Date); ok {
			if k, seen := byItem[a.Item]; !seen {
				byItem[a.Item] = len(r.Answers)
				r.Answers = append(r.Answers, a)
			} else if choice(a) && choice(r.Answers[k]) {
				r.Answers[k].Codes = append(r.Answers[k].Codes, a.Codes...)
			} else {
				s.errs.Add(carecoord.Duplicate(s.path+".code", "must name a question no other member answers, but for the choices of a multiple-choice question"))
			}
		}
		m.merge(s)
	}

	s := m.sub(p.path)
	r.Respondent = s.respondent(p.first, "performer[0]", r.Patient, sdoh.Respondent(who))
	m.merge(s)
	if r.Language = language; r.Language == "" {
		r.Language = "en"
		m.issue("", IssueAssumed, "gives no screening language (carecoord screening-language extension): English is assumed")
	}
	if len(m.errs) == 0 {
		m.errs.Nest(m.path, r.Validate())
	}
	return r
}

// choice reports whether a is a coded answer: the choices made, perhaps none.
func choice(a sdoh.Answer) bool { return a.Absent == "" && !a.HasNumber }

// panel reads the instrument from the grouping observation's code, and its version from the
// carecoord extension or the built-in table, into r. It returns the instrument's table, nil
// when the code names none.
func (m *mapping) panel(code CodeableConcept, version string, r *sdoh.Response) *sdoh.Instrument {
	c := m.systemCode(code, carecoord.SystemLOINC, ".code")
	qs := builtinQuestionnaires()
	k := slices.IndexFunc(qs[:], func(b builtinQuestionnaire) bool { return b.panel == c })
	if k < 0 {
		m.errs.Add(carecoord.Invalid(m.path+".code", "must be the LOINC panel of a built-in instrument"))
		return nil
	}
	r.Instrument, r.InstrumentVersion = qs[k].id, version
	if version == "" {
		r.InstrumentVersion = qs[k].version
		m.issue(".code", IssueAssumed, "gives no instrument version: the built-in table's is assumed")
	}
	in, _ := sdoh.BuiltinInstrument(qs[k].id)
	return &in
}

// performers finds who answered a screening given as observations: the first performer the
// grouping observation or a member names (performer[0] of the resource at path). Any other
// performer is reported.
type performers struct {
	path  string
	first Reference
	found bool
}

// check notes the performers of a resource, read by s.
func (p *performers) check(s *mapping, refs []Reference) {
	for k, ref := range refs {
		switch {
		case !p.found:
			p.first, p.found, p.path = ref, true, s.path
		case ref.Reference != p.first.Reference || ref.Type != p.first.Type || ref.Display != p.first.Display:
			s.issue(".performer["+strconv.Itoa(k)+"]", IssueNotMapped, "names another performer than the screening's; carecoord keeps who answered once per response")
		}
	}
}

// given reports whether a concept is given: a coding or text.
func given(cc CodeableConcept) bool { return len(cc.Coding) > 0 || cc.Text != "" }

// member reads one member of a grouping observation: the answer it gives, and false when it
// gives none carecoord reads (reported) or is derived data. in is the instrument's table, if
// known; patient and day are the response's.
func (m *mapping) member(o *Observation, in *sdoh.Instrument, patient carecoord.PatientID, day civil.Date) (sdoh.Answer, bool) {
	m.modifiers(o.ModifierExtension, "modifierExtension")
	m.companions(&o.Extras, "")
	m.referredMeta(&o.DomainResource)
	m.textExtensions(o.Extension, "", nil)
	if len(o.Contained) > 0 {
		m.issue(".contained", IssueNotMapped, "holds resources carecoord does not read here")
	}
	m.status(o.Status, observationDone(), observationPartial(), "says the answer is not final; carecoord keeps it")
	if o.Subject.Reference != "" || o.Subject.Display != "" {
		if id := m.target(o.Subject, "subject", "Patient"); id != "" && carecoord.PatientID(id) != patient {
			m.errs.Add(carecoord.Invalid(m.path+".subject", "must be the grouping observation's patient"))
		}
	}
	if o.EffectiveDateTime != "" {
		if d, ok := o.EffectiveDateTime.Day(); !ok || d != day {
			m.issue(".effectiveDateTime", IssueNotMapped, "is not the grouping observation's day; carecoord keeps one day per response")
		}
	}
	a := sdoh.Answer{Item: m.systemCode(o.Code, carecoord.SystemLOINC, ".code")}
	switch {
	case a.Item == "":
		m.errs.Add(carecoord.Required(m.path+".code", "must be the question's LOINC code"))
		return a, false
	case !sdoh.ValidLOINC(a.Item):
		m.errs.Add(carecoord.Invalid(m.path+".code", "must be a LOINC question code"))
		return a, false
	case in != nil && isResult(in, a.Item) || slices.ContainsFunc(o.DerivedFrom, func(ref Reference) bool { t, _, _ := m.refTarget(ref); return t == "Observation" }):
		m.issue("", IssueNotMapped, "is a result derived from the answers, which carecoord computes by the instrument's rules (score the response); left out")
		return a, false
	case len(o.HasMember) > 0:
		m.issue(".hasMember", IssueNotMapped, "groups other observations; carecoord reads the members of the grouping observation only; left out")
		return a, false
	}
	return m.observationValue(o, a)
}

// observationValue reads a member's value or reason for absence into a.
func (m *mapping) observationValue(o *Observation, a sdoh.Answer) (sdoh.Answer, bool) {
	absent := given(o.DataAbsentReason)
	switch {
	case absent && (o.ValueQuantity != nil || o.ValueCodeableConcept != nil || o.ValueInteger != nil):
		m.errs.Add(carecoord.NotAllowed(m.path+".dataAbsentReason", "must not be given with a value (obs-6)"))
		return a, false
	case absent:
		a.Absent = sdoh.AbsentReason(m.systemCode(o.DataAbsentReason, systemDataAbsentReason, ".dataAbsentReason"))
		if !a.Absent.IsValid() {
			if a.Absent != "" {
				m.issue(".dataAbsentReason", IssueUnsupportedValue, "is a data-absent-reason other than asked-declined, asked-unknown or not-asked; left out")
			}
			return a, false
		}
	case o.ValueCodeableConcept != nil:
		cc := *o.ValueCodeableConcept
		if c, ok := cc.First(SystemScreeningAnswer); ok && c.Code == noneOfThese && len(cc.Coding) == 1 {
			return a, true // no choice
		}
		switch c := m.systemCode(cc, carecoord.SystemLOINC, ".valueCodeableConcept"); {
		case c == "":
			return a, false // reported
		case !sdoh.ValidLOINCAnswer(c):
			m.errs.Add(carecoord.Invalid(m.path+".valueCodeableConcept", "must be a LOINC answer code"))
			return a, false
		default:
			a.Codes = []string{c}
		}
	case o.ValueQuantity != nil:
		n, ok := wholeNumber(o.ValueQuantity.Value)
		if !ok || o.ValueQuantity.Comparator != "" {
			m.issue(".valueQuantity", IssueUnsupportedValue, "is not a whole number; left out")
			return a, false
		}
		a.Number, a.HasNumber = n, true
	case o.ValueInteger != nil:
		a.Number, a.HasNumber = *o.ValueInteger, true
	default:
		m.issue("", IssueNotMapped, "gives no value carecoord reads and no dataAbsentReason; left out")
		return a, false
	}
	return a, true
}

// isResult reports whether code is the code of a result or the total of in: an observation
// calculated from the answers.
func isResult(in *sdoh.Instrument, code string) bool {
	return code == in.Total.Code || slices.ContainsFunc(in.Domains, func(d sdoh.Domain) bool { return d.ResultCode == code })
}

// isGrouping reports whether o is the grouping observation of a built-in instrument: its code
// is the instrument's LOINC panel.
func isGrouping(o *Observation) bool {
	c, ok := o.Code.First(carecoord.SystemLOINC)
	qs := builtinQuestionnaires()
	return ok && slices.ContainsFunc(qs[:], func(b builtinQuestionnaire) bool { return b.panel == c.Code })
}

// screeningEntries marks the grouping observations [Import] reads as responses (those of
// built-in instruments that neither they nor their members derive from a QuestionnaireResponse
// of the bundle, which is read instead) and the members they name.
func screeningEntries(b *Bundle, index *bundleIndex) (groups, members []bool) {
	groups, members = make([]bool, len(b.Entry)), make([]bool, len(b.Entry))
	fromResponse := func(o *Observation) bool {
		return slices.ContainsFunc(o.DerivedFrom, func(ref Reference) bool {
			if i := index.position(ref.Reference); i >= 0 {
				_, ok := b.Entry[i].Resource.(*QuestionnaireResponse)
				return ok
			}
			return false
		})
	}
	for j := range b.Entry {
		o, ok := b.Entry[j].Resource.(*Observation)
		if !ok || !isGrouping(o) || fromResponse(o) {
			continue
		}
		var named []int
		derived := false
		for _, ref := range o.HasMember {
			if i := index.position(ref.Reference); i >= 0 {
				if mo, ok := b.Entry[i].Resource.(*Observation); ok {
					named = append(named, i)
					derived = derived || fromResponse(mo)
				}
			}
		}
		if derived {
			continue
		}
		groups[j] = true
		for _, i := range named {
			members[i] = true
		}
	}
	return groups, members
}
