package fhir

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/sdoh"
)

// carecoord's URIs for screenings.
const (
	// QuestionnaireBase is the prefix of the canonical URL carecoord gives the questionnaire of
	// an instrument that is not built in: QuestionnaireBase + the sdoh.InstrumentID. A built-in
	// instrument is named by its LOINC panel's questionnaire ([LOINCQuestionnaire]).
	QuestionnaireBase = Base + "Questionnaire/"
	// ExtensionInstrumentVersion holds the instrument version a response answered
	// (sdoh.Response.InstrumentVersion, e.g. "2018"), as valueString, on a QuestionnaireResponse
	// or a screening's grouping Observation: the canonical (the panel code) names the
	// instrument, whose questionnaire versions are LOINC's, not the instrument's editions.
	ExtensionInstrumentVersion = Base + "StructureDefinition/instrument-version"
	// ExtensionRespondent holds who answered (an sdoh.Respondent: self, proxy, staff-assisted),
	// as valueCode, on a QuestionnaireResponse or a screening's grouping Observation: source (or
	// performer) says whether the patient or someone else answered, but not that staff helped.
	ExtensionRespondent = Base + "StructureDefinition/respondent"
	// ExtensionDataAbsentReason is HL7's data-absent-reason extension (FHIR R4
	// extension-data-absent-reason, valueCode from the data-absent-reason code system, whose
	// asked-declined, asked-unknown and not-asked are the sdoh.AbsentReason values): on a
	// QuestionnaireResponse item, why the question has no answer; R4 has no element for it.
	ExtensionDataAbsentReason = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
	// LOINCQuestionnaire is the prefix of the canonical URLs of the questionnaires LOINC
	// publishes for its panels (LOINC's FHIR terminology service, fhir.loinc.org):
	// LOINCQuestionnaire + "96777-8" is the AHC HRSN screening tool.
	LOINCQuestionnaire = "http://loinc.org/q/"
)

// Codes outside carecoord used by the screening mappings.
const (
	systemDataAbsentReason        = carecoord.SystemTHO + "data-absent-reason"
	systemObservationCategory     = carecoord.SystemTHO + "observation-category"
	systemObservationInterpret    = carecoord.SystemTHO + "v3-ObservationInterpretation"
	systemConditionClinical       = carecoord.SystemTHO + "condition-clinical"
	systemConditionVerification   = carecoord.SystemTHO + "condition-ver-status"
	systemUSCoreConditionCategory = "http://hl7.org/fhir/us/core/CodeSystem/condition-category"
	// gravityHVSQuestionnaire is the SDOH Clinical Care IG's Hunger Vital Sign questionnaire,
	// which its examples answer: read as the built-in HVS.
	gravityHVSQuestionnaire = "http://hl7.org/fhir/us/sdoh-clinicalcare/Questionnaire/SDOHCC-QuestionnaireHungerVitalSign"
)

// A builtinQuestionnaire is a built-in instrument with its LOINC panel and table version, as
// sdoh.BuiltinInstruments gives them (a test checks that they agree).
type builtinQuestionnaire struct {
	id      sdoh.InstrumentID
	panel   string
	version string
}

// builtinQuestionnaires returns the built-in instruments' panels and versions.
func builtinQuestionnaires() [6]builtinQuestionnaire {
	return [...]builtinQuestionnaire{
		{sdoh.AHCHRSN, "96777-8", "2018"},
		{sdoh.HVS, "88121-9", "2010"},
		{sdoh.PRAPARE, "93025-5", "2016"},
		{sdoh.PHQ2, "55757-9", "2003"},
		{sdoh.PHQ9, "44249-1", "2001"},
		{sdoh.GAD7, "69737-5", "2006"},
	}
}

// QuestionnaireOf returns the canonical URL of the questionnaire of instrument id: LOINC's
// questionnaire of the panel of a built-in instrument (LOINCQuestionnaire + panel), else
// QuestionnaireBase + id.
func QuestionnaireOf(id sdoh.InstrumentID) string {
	for _, b := range builtinQuestionnaires() {
		if b.id == id {
			return LOINCQuestionnaire + b.panel
		}
	}
	return QuestionnaireBase + string(id)
}

// QuestionnaireResponseOf returns r as a FHIR R4 QuestionnaireResponse in the shape the SDOH
// Clinical Care IG's examples use (an SDC QuestionnaireResponse): questionnaire the
// instrument's canonical ([QuestionnaireOf]) with the version in a carecoord extension
// ([ExtensionInstrumentVersion]), status completed, subject the patient, authored the
// screening day, language, source the patient (self or staff-assisted) or a RelatedPerson (a
// proxy, not identified: the response does not say who), who answered in a carecoord extension
// ([ExtensionRespondent]), and one item per answer, in the answers' order: linkId the item's
// LOINC code; answer[] a LOINC valueCoding per answer code, or valueInteger for a number
// (valueDecimal beyond the 32-bit range of a FHIR integer); an item with no answer carries the
// HL7 data-absent-reason extension ([ExtensionDataAbsentReason]), and an item with neither is
// a multiple-choice question answered "none of these". Item text and answer displays, which
// the questionnaire gives, are left out. It returns an error matching carecoord.ErrInvalid
// when r is not valid ([sdoh.Response.Validate]).
func QuestionnaireResponseOf(r sdoh.Response) (*QuestionnaireResponse, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	qr := &QuestionnaireResponse{
		DomainResource: resourceBase(r.Meta),
		Language:       r.Language,
		Questionnaire:  QuestionnaireOf(r.Instrument),
		Status:         "completed",
		Subject:        ReferenceTo("Patient", string(r.Patient), ""),
		Authored:       DateTime(DateOf(r.Date)),
		Source:         respondentReference(r),
		Item:           make([]QuestionnaireResponseItem, len(r.Answers)),
	}
	qr.Extension = screeningExtensions(r)
	for i, a := range r.Answers {
		it := &qr.Item[i]
		it.LinkID = a.Item
		switch {
		case a.Absent != "":
			it.Extension = []Extension{{URL: ExtensionDataAbsentReason, ValueType: "Code", Value: jsonString(string(a.Absent))}}
		case a.HasNumber && a.Number >= -1<<31 && a.Number < 1<<31:
			n := a.Number
			it.Answer = []QuestionnaireResponseAnswer{{ValueInteger: &n}}
		case a.HasNumber:
			it.Answer = []QuestionnaireResponseAnswer{{ValueDecimal: decimal.NewNullDecimal(decimal.NewFromInt(a.Number))}}
		default:
			it.Answer = make([]QuestionnaireResponseAnswer, len(a.Codes))
			for j, c := range a.Codes {
				it.Answer[j].ValueCoding = &Coding{System: carecoord.SystemLOINC, Code: c}
			}
		}
	}
	return qr, nil
}

// respondentReference returns who answered r as a QuestionnaireResponse's source or an
// Observation's performer: the patient (self or staff-assisted), or a RelatedPerson (a proxy,
// not identified: the response does not say who).
func respondentReference(r sdoh.Response) Reference {
	if r.Respondent == sdoh.RespondentProxy {
		return Reference{Type: string(carecoord.ActorRelatedPerson)}
	}
	return ReferenceTo("Patient", string(r.Patient), "")
}

// screeningExtensions returns the carecoord extensions of a screening resource: the instrument
// version and who answered.
func screeningExtensions(r sdoh.Response) []Extension {
	return []Extension{
		{URL: ExtensionInstrumentVersion, ValueType: "String", Value: jsonString(r.InstrumentVersion)},
		{URL: ExtensionRespondent, ValueType: "Code", Value: jsonString(string(r.Respondent))},
	}
}

// ResponseFromQuestionnaireResponse reads an sdoh.Response from a QuestionnaireResponse written
// by [QuestionnaireResponseOf] or by another system (the SDOH Clinical Care IG's examples,
// LHC-Forms). It reads the response against no instrument table: score it with an
// sdoh.Screener, whose Validate says whether its items and answers belong to the instrument.
//
// The instrument comes from questionnaire: a LOINC panel questionnaire of a built-in
// instrument, the IG's Hunger Vital Sign questionnaire, or QuestionnaireBase + id. An item's
// LOINC code is its linkId, or the last segment of a path-like linkId ("/88122-7", LHC-Forms'
// convention, which the IG's examples follow). A group (an item with nested items and no
// answer of its own) is read through; items nested under answers are read too. Item text and
// answer displays, the questionnaire's wording, are not kept and not reported.
//
// What the resource does not give is derived and reported as an [IssueAssumed]: the instrument
// version of a built-in instrument (its table's), who answered (from source: the patient, a
// RelatedPerson as a proxy, a Practitioner or PractitionerRole as staff help, none as the
// patient), and the screening day when authored has a time (the day in authored's own zone).
// What it gives that the response has no place for is reported as an Issue: a status other than
// completed or amended (the answers given are kept), the identity of whoever answered for the
// patient, a linkId that is not a LOINC code, an answer that is neither a LOINC answer code nor
// a whole number, a data-absent-reason the response has no value for.
//
// The error matches carecoord.ErrInvalid: a modifier extension (FHIR R4 §2.4.1.1), a missing or
// malformed questionnaire, status (entered-in-error is refused), subject, authored or
// language, a question given twice, an answer code that is not a LOINC answer code, or a
// response that is not valid ([sdoh.Response.Validate], paths prefixed "QuestionnaireResponse").
func ResponseFromQuestionnaireResponse(qr *QuestionnaireResponse) (sdoh.Response, []Issue, error) {
	m := mapping{path: "QuestionnaireResponse"}
	r := m.response(qr)
	return r, m.issues, m.errs.Err()
}

func (m *mapping) response(qr *QuestionnaireResponse) sdoh.Response {
	m.modifiers(qr.ModifierExtension, "modifierExtension")
	m.companions(&qr.Extras, "")
	r := sdoh.Response{Meta: m.meta(&qr.DomainResource)}
	var version, who string
	m.textExtensions(qr.Extension, "", []string{ExtensionInstrumentVersion, ExtensionRespondent}, &version, &who)
	r.Instrument, r.InstrumentVersion = m.instrument(qr.Questionnaire, version)
	m.status(qr.Status, []string{"completed", "amended"}, []string{"in-progress", "stopped"},
		"says the response is not complete; carecoord keeps the answers given")
	r.Patient = carecoord.PatientID(m.target(qr.Subject, "subject", "Patient"))
	r.Date = m.responseDay(qr.Authored, "authored")
	r.Respondent = m.respondent(qr.Source, "source", r.Patient, sdoh.Respondent(who))
	if r.Language = qr.Language; r.Language == "" {
		m.errs.Add(carecoord.Required(m.path+".language", "must name the language the questionnaire was given in"))
	}
	if len(qr.Item) > 0 {
		seen := make(map[string]struct{}, len(qr.Item))
		r.Answers = m.items(qr.Item, "item", seen, make([]sdoh.Answer, 0, len(qr.Item)))
	}
	if len(m.errs) == 0 {
		m.errs.Nest(m.path, r.Validate())
	}
	return r
}

// instrument reads the instrument from the questionnaire's canonical URL, and its version from
// the carecoord extension or, for a built-in instrument, its table.
func (m *mapping) instrument(canonical, version string) (sdoh.InstrumentID, string) {
	url, _, versioned := strings.Cut(canonical, "|")
	var id sdoh.InstrumentID
	builtin := ""
	switch {
	case canonical == "":
		m.errs.Add(carecoord.Required(m.path+".questionnaire", "must name the instrument's questionnaire"))
		return "", ""
	case strings.HasPrefix(url, QuestionnaireBase):
		id = sdoh.InstrumentID(url[len(QuestionnaireBase):])
		if !carecoord.ValidID(string(id)) {
			m.errs.Add(carecoord.Invalid(m.path+".questionnaire", "must end in a FHIR id after the carecoord questionnaire prefix"))
		}
	default:
		for _, b := range builtinQuestionnaires() {
			if url == LOINCQuestionnaire+b.panel || b.id == sdoh.HVS && url == gravityHVSQuestionnaire {
				id, builtin = b.id, b.version
			}
		}
		if id == "" {
			m.errs.Add(carecoord.Invalid(m.path+".questionnaire", "must be the LOINC panel questionnaire of a built-in instrument or a carecoord questionnaire"))
			return "", ""
		}
	}
	if versioned {
		m.issue(".questionnaire", IssueNotMapped, "names a version of the questionnaire; carecoord keeps the instrument's version")
	}
	switch {
	case version != "":
	case builtin != "":
		version = builtin
		m.issue(".questionnaire", IssueAssumed, "gives no instrument version: the built-in table's is assumed")
	default:
		m.errs.Add(carecoord.Required(m.path+".extension", "must give the instrument version (carecoord instrument-version extension)"))
	}
	return id, version
}

// day reads a dateTime that must be to the day at least, as the day it falls on where it was
// written.
func (m *mapping) responseDay(t DateTime, rel string) civil.Date {
	if t == "" {
		m.errs.Add(carecoord.Required(m.path+"."+rel, "must be given"))
		return civil.Date{}
	}
	d, ok := t.Day()
	if !ok {
		m.errs.Add(carecoord.Invalid(m.path+"."+rel, "must be a day, or a day and a time"))
		return civil.Date{}
	}
	if len(t) > len("2006-01-02") {
		m.issue("."+rel, IssueAssumed, "gives the screening day as the day it falls on in its own zone; the time is not kept")
	}
	return d
}

// respondent reads who answered: from the carecoord extension when the resource had it (given),
// else from src, the source or performer at rel.
func (m *mapping) respondent(src Reference, rel string, patient carecoord.PatientID, given sdoh.Respondent) sdoh.Respondent {
	t, id, ok := m.refTarget(src)
	if !ok {
		t = src.Type
	}
	if src.Reference != "" && (t != "Patient" || id != string(patient)) || src.Display != "" {
		m.issue("."+rel, IssueNotMapped, "names who answered; carecoord keeps only whether it was the patient, a proxy or the patient with staff help")
	}
	if given != "" {
		return given
	}
	var who sdoh.Respondent
	switch t {
	case "", "Patient":
		who = sdoh.RespondentSelf
	case "RelatedPerson":
		who = sdoh.RespondentProxy
	case "Practitioner", "PractitionerRole":
		who = sdoh.RespondentStaffAssisted
	default:
		m.errs.Add(carecoord.NotSupported(m.path+"."+rel, "Patient", "RelatedPerson", "Practitioner", "PractitionerRole"))
		return ""
	}
	m.issue("."+rel, IssueAssumed, "gives who answered: no carecoord respondent extension")
	return who
}

// items reads the answers of items (at rel) and of the items nested in them, appending them to
// out; seen holds the questions read so far. Paths are built only for a problem or an issue.
func (m *mapping) items(items []QuestionnaireResponseItem, rel string, seen map[string]struct{}, out []sdoh.Answer) []sdoh.Answer {
	for i := range items {
		it := &items[i]
		path := func() string { return rel + "[" + strconv.Itoa(i) + "]" }
		if len(it.ModifierExtension) > 0 {
			m.modifiers(it.ModifierExtension, path()+".modifierExtension")
		}
		a := sdoh.Answer{Item: it.LinkID[strings.LastIndexByte(it.LinkID, '/')+1:]}
		absentGiven := false
		for j, x := range it.Extension {
			if v, ok := x.String(); ok && x.URL == ExtensionDataAbsentReason {
				absentGiven = true
				if why := sdoh.AbsentReason(v); why.IsValid() {
					a.Absent = why
				} else {
					m.issue("."+path()+".extension["+strconv.Itoa(j)+"]", IssueUnsupportedValue, "is a data-absent-reason other than asked-declined, asked-unknown or not-asked; the item is left out")
				}
				continue
			}
			m.issue("."+path()+".extension["+strconv.Itoa(j)+"]", IssueNotMapped, "is an extension carecoord does not map")
		}
		if len(it.Item) > 0 && len(it.Answer) == 0 && !absentGiven { // a group
			out = m.items(it.Item, path()+".item", seen, out)
			continue
		}
		if !sdoh.ValidLOINC(a.Item) {
			m.issue("."+path(), IssueNotMapped, "has a linkId that is not a LOINC question code; left out")
			continue
		}
		if _, dup := seen[a.Item]; dup {
			m.errs.Add(carecoord.Duplicate(m.path+"."+path()+".linkId", "must name each question once"))
			continue
		}
		seen[a.Item] = struct{}{}
		for j := range it.Answer {
			ans := &it.Answer[j]
			at := func() string { return path() + ".answer[" + strconv.Itoa(j) + "]" }
			a = m.answer(ans, at, a)
			if len(ans.Item) > 0 {
				out = m.items(ans.Item, at()+".item", seen, out)
			}
		}
		switch {
		case absentGiven && a.Absent == "":
			continue // reported: a reason the response has no value for
		case a.Absent != "" && (len(a.Codes) > 0 || a.HasNumber):
			m.errs.Add(carecoord.NotAllowed(m.path+"."+path(), "must not have both an answer and a data-absent-reason"))
		case a.HasNumber && len(a.Codes) > 0:
			m.errs.Add(carecoord.NotAllowed(m.path+"."+path()+".answer", "must not mix coded and number answers"))
		case len(it.Answer) > 0 && len(a.Codes) == 0 && !a.HasNumber:
			continue // every answer was left out, and reported
		}
		out = append(out, a)
	}
	return out
}

// answer reads one answer of an item, at the path at() gives, into a.
func (m *mapping) answer(ans *QuestionnaireResponseAnswer, at func() string, a sdoh.Answer) sdoh.Answer {
	if len(ans.ModifierExtension) > 0 {
		m.modifiers(ans.ModifierExtension, at()+".modifierExtension")
	}
	var n int64
	switch {
	case ans.ValueCoding != nil:
		c := ans.ValueCoding
		switch {
		case c.System != carecoord.SystemLOINC:
			m.issue("."+at()+".valueCoding", IssueUnsupportedValue, "is not a LOINC answer; left out")
		case !sdoh.ValidLOINCAnswer(c.Code):
			m.errs.Add(carecoord.Invalid(m.path+"."+at()+".valueCoding.code", "must be a LOINC answer code"))
		default:
			a.Codes = append(a.Codes, c.Code)
		}
		return a
	case ans.ValueInteger != nil:
		n = *ans.ValueInteger
	case ans.ValueDecimal.Valid:
		v, ok := wholeNumber(ans.ValueDecimal)
		if !ok {
			m.issue("."+at()+".valueDecimal", IssueUnsupportedValue, "is not a whole number; left out")
			return a
		}
		n = v
	default:
		return a // a value of a type carecoord does not map, reported when read
	}
	if a.HasNumber {
		m.errs.Add(carecoord.Duplicate(m.path+"."+at(), "must be the only number answered to its question"))
		return a
	}
	a.Number, a.HasNumber = n, true
	return a
}

// wholeNumber returns v as an int64 when it is a whole number in range.
func wholeNumber(v decimal.NullDecimal) (int64, bool) {
	if !v.Valid || !v.Decimal.IsInteger() || !v.Decimal.BigInt().IsInt64() {
		return 0, false
	}
	return v.Decimal.IntPart(), true
}
