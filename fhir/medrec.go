package fhir

import (
	"strconv"
	"strings"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/medrec"
	"github.com/carecoord/carecoord/medrec/dosage"
	"github.com/shopspring/decimal"
)

// carecoord's code systems and extensions for medication entries and reconciliations (package
// medrec), where FHIR R4 and HL7 Terminology have no element or code for what carecoord keeps.
const (
	// SystemMedicationSource codes a medrec.Source (patient-report, pharmacy-fill, ...), in
	// MedicationStatement.category, beside the HL7 medication-statement-category code where one
	// says the same.
	SystemMedicationSource = Base + "CodeSystem/medication-source"
	// SystemMedrecAction codes a medrec.Action (continue, modify, stop, hold, new), in
	// List.entry.flag of a reconciled list, beside the Patient Medicine Change Types code of
	// FHIR's example binding for List.entry.flag.
	SystemMedrecAction = Base + "CodeSystem/medrec-action"
	// ExtensionMedicationStatus holds, as valueCode, the medrec.Status of an order whose status
	// MedicationRequest has no code for (intended, not-taken; the request's status is then
	// active).
	ExtensionMedicationStatus = Base + "StructureDefinition/medication-status"
	// ExtensionEffectivePeriod holds an order's first and last days (medrec.Medication Start
	// and Stop) as valuePeriod, on a MedicationRequest, which has no effective[x].
	ExtensionEffectivePeriod = Base + "StructureDefinition/effective-period"
	// ExtensionPrescriber holds who prescribed the drug as valueReference, on a
	// MedicationStatement, which has no requester.
	ExtensionPrescriber = Base + "StructureDefinition/prescriber"
	// ExtensionLastFill holds the day of the latest dispensing as valueDate, on a
	// MedicationStatement or MedicationRequest.
	ExtensionLastFill = Base + "StructureDefinition/last-fill"
	// ExtensionDaysSupply holds the latest dispensing's days' supply as valueDuration (UCUM
	// "d"), on a MedicationStatement; a MedicationRequest has
	// dispenseRequest.expectedSupplyDuration.
	ExtensionDaysSupply = Base + "StructureDefinition/days-supply"
	// ExtensionMergedFrom holds a source record merged into an order (medrec.Provenance) as
	// valueReference, on a MedicationRequest; a MedicationStatement has derivedFrom.
	ExtensionMergedFrom = Base + "StructureDefinition/merged-from"
	// ExtensionMergedSource holds a merged record's medrec.Source as valueCode, on the
	// Reference of derivedFrom or of ExtensionMergedFrom. A reference without it is not a
	// carecoord merge.
	ExtensionMergedSource = Base + "StructureDefinition/merged-source"
	// ExtensionMergedDate holds a merged record's fill or start day as valueDate, beside
	// ExtensionMergedSource.
	ExtensionMergedDate = Base + "StructureDefinition/merged-date"
	// ExtensionGenericProduct holds a branded drug's generic product (medrec.Drug.Generic) as
	// valueCoding, on a Medication.
	ExtensionGenericProduct = Base + "StructureDefinition/generic-product"
	// ExtensionBrand holds a drug's brand name as valueString, on a Medication (R4 has no
	// brand element).
	ExtensionBrand = Base + "StructureDefinition/brand"
	// ExtensionDrugClass holds a drug's therapeutic class (medrec.Drug.Class) as valueString,
	// on a Medication.
	ExtensionDrugClass = Base + "StructureDefinition/drug-class"
	// ExtensionIngredientPrecise holds an ingredient's precise (salt or ester) form as
	// valueString, on Medication.ingredient, whose itemCodeableConcept.text is the base
	// ingredient.
	ExtensionIngredientPrecise = Base + "StructureDefinition/ingredient-precise"
	// ExtensionSigWarning is one dosage.Warning of a sig, on the Dosage whose text is the sig:
	// nested extensions "token" (valueString), "code" (valueCode) and "rule" (valueString).
	ExtensionSigWarning = Base + "StructureDefinition/sig-warning"
)

// Codes outside carecoord.
const (
	// HL7 medication-statement-category (R4 MedicationStatement.category, preferred binding).
	systemStatementCategory = carecoord.SystemTHO + "medication-statement-category"
	// HL7 medicationrequest-category (R4 MedicationRequest.category, example binding).
	systemRequestCategory = carecoord.SystemTHO + "medicationrequest-category"
	// The UCUM unit of the days' supply.
	unitDay = "d"
	// containedMedication is the id of the Medication a MedicationStatement or
	// MedicationRequest written here contains.
	containedMedication = "med"
)

// A PatientMedication is a medication entry with the patient it is about: what one
// MedicationStatement or MedicationRequest holds. The zero PatientMedication is not valid.
type PatientMedication struct {
	Patient    carecoord.PatientID
	Medication medrec.Medication
}

// Validate reports every problem with pm as carecoord.FieldErrors, with paths "patient" and
// "medication.…" (as medrec.Medication.Validate gives them).
func (pm PatientMedication) Validate() error {
	var errs carecoord.FieldErrors
	switch {
	case pm.Patient == "":
		errs.Add(carecoord.Required("patient", "must name the patient"))
	case !pm.Patient.IsValid():
		errs.Add(carecoord.Invalid("patient", "must be a FHIR id"))
	}
	errs.Nest("medication", pm.Medication.Validate())
	return errs.Err()
}

// MedicationStatementOf returns a medication entry as a FHIR R4 MedicationStatement: ID as id;
// Status as status (the same codes); Source as category, a [SystemMedicationSource] coding
// beside the HL7 medication-statement-category code where one says the same (patient-report:
// patientspecified; inpatient-order: inpatient), and for a patient report the patient as
// informationSource; the drug as medicationCodeableConcept (its code, and its name as text)
// when it is no more than that, else as a reference to a contained Medication (code, form as
// text, ingredients with strengths as Ratios, and carecoord extensions for the generic product,
// brand and class); the patient as subject; Start and Stop as effectivePeriod (days); Reason as
// reasonCode text; Sig and Dosage as dosage (see package medrec/dosage's FHIR mapping, with the
// sig's warnings as [ExtensionSigWarning]); Provenance as derivedFrom references (a
// MedicationRequest, MedicationDispense or MedicationStatement by source) carrying
// [ExtensionMergedSource] and [ExtensionMergedDate]; and Prescriber, LastFill and DaysSupply as
// carecoord extensions. It returns an error matching carecoord.ErrInvalid when pm is not valid
// (paths "patient" and "medication.…", as medrec.Medication.Validate gives them).
func MedicationStatementOf(pm PatientMedication) (*MedicationStatement, error) {
	if err := pm.Validate(); err != nil {
		return nil, err
	}
	return statementOf(pm.Patient, pm.Medication), nil
}

// MedicationRequestOf returns an order (an entry whose Source is an order: inpatient or
// discharge) as a FHIR R4 MedicationRequest with intent "order": Source as category (HL7
// medicationrequest-category inpatient or discharge); Status as status, active for intended
// and not-taken, which MedicationRequest has no code for, with the status itself in
// [ExtensionMedicationStatus]; Prescriber as requester; DaysSupply as
// dispenseRequest.expectedSupplyDuration; Start and Stop as [ExtensionEffectivePeriod];
// Provenance as [ExtensionMergedFrom]; the rest as [MedicationStatementOf] writes it
// (medication[x], subject, reasonCode, Sig and Dosage as dosageInstruction, LastFill). It
// returns an error matching carecoord.ErrInvalid when pm is not valid or is not an order (path
// "medication.source", code NotAllowed).
func MedicationRequestOf(pm PatientMedication) (*MedicationRequest, error) {
	if err := pm.Validate(); err != nil {
		return nil, err
	}
	if !pm.Medication.Source.IsOrder() {
		return nil, carecoord.FieldErrors{carecoord.NotAllowed("medication.source", "must be an order: inpatient-order or discharge-order")}
	}
	return requestOf(pm.Patient, pm.Medication), nil
}

// statementOf writes a valid entry as a MedicationStatement.
func statementOf(patient carecoord.PatientID, m medrec.Medication) *MedicationStatement {
	ms := &MedicationStatement{
		DomainResource: DomainResource{ID: m.ID},
		Status:         string(m.Status),
		Category: ConceptOf(carecoord.Coding{System: SystemMedicationSource, Code: string(m.Source)},
			optionalCoding(systemStatementCategory, statementCategory(m.Source))),
		Subject:         ReferenceTo("Patient", string(patient), ""),
		EffectivePeriod: Period{Start: dayTime(m.Start), End: dayTime(m.Stop)},
		ReasonCode:      reasonOf(m.Reason),
		Dosage:          dosagesOf(m),
	}
	ms.MedicationCodeableConcept, ms.MedicationReference, ms.Contained = medicationOf(m.Drug)
	if m.Source == medrec.SourcePatientReport {
		ms.InformationSource = ms.Subject
	}
	for _, p := range m.Provenance {
		ms.DerivedFrom = append(ms.DerivedFrom, provenanceOf(p))
	}
	if !m.Prescriber.IsZero() {
		ms.Extension = append(ms.Extension, referenceExtension(ExtensionPrescriber, referenceOf(m.Prescriber)))
	}
	ms.Extension = append(ms.Extension, lastFillExtension(m)...)
	if m.DaysSupply > 0 {
		q := daysQuantity(m.DaysSupply)
		ms.Extension = append(ms.Extension, valueExtension(ExtensionDaysSupply, "Duration", &q))
	}
	return ms
}

// requestOf writes a valid order as a MedicationRequest.
func requestOf(patient carecoord.PatientID, m medrec.Medication) *MedicationRequest {
	mr := &MedicationRequest{
		DomainResource:    DomainResource{ID: m.ID},
		Status:            medicationRequestStatus(m.Status),
		Intent:            "order",
		Subject:           ReferenceTo("Patient", string(patient), ""),
		Requester:         referenceOf(m.Prescriber),
		ReasonCode:        reasonOf(m.Reason),
		DosageInstruction: dosagesOf(m),
	}
	if c := requestCategory(m.Source); c != "" {
		mr.Category = []CodeableConcept{ConceptOf(optionalCoding(systemRequestCategory, c))}
	}
	mr.MedicationCodeableConcept, mr.MedicationReference, mr.Contained = medicationOf(m.Drug)
	if m.DaysSupply > 0 {
		mr.DispenseRequest.ExpectedSupplyDuration = daysQuantity(m.DaysSupply)
	}
	if string(m.Status) != mr.Status {
		mr.Extension = append(mr.Extension, textExtension(ExtensionMedicationStatus, "Code", string(m.Status)))
	}
	if !m.Start.IsZero() || !m.Stop.IsZero() {
		p := Period{Start: dayTime(m.Start), End: dayTime(m.Stop)}
		mr.Extension = append(mr.Extension, valueExtension(ExtensionEffectivePeriod, "Period", &p))
	}
	mr.Extension = append(mr.Extension, lastFillExtension(m)...)
	for _, p := range m.Provenance {
		r := provenanceOf(p)
		mr.Extension = append(mr.Extension, valueExtension(ExtensionMergedFrom, "Reference", &r))
	}
	return mr
}

// statementCategory returns the HL7 medication-statement-category code that says what source
// s says, or "". The codes: patientspecified ("provided to the recorder by the patient,
// significant other or caregiver") and inpatient; outpatient and community name settings, not
// sources.
func statementCategory(s medrec.Source) string {
	switch s {
	case medrec.SourcePatientReport:
		return "patientspecified"
	case medrec.SourceInpatientOrder:
		return "inpatient"
	}
	return ""
}

// requestCategory returns the HL7 medicationrequest-category code of an order source: inpatient
// ("administered or consumed in an inpatient or acute care setting") or discharge ("created when
// the patient is being released from a facility"), or "".
func requestCategory(s medrec.Source) string {
	switch s {
	case medrec.SourceInpatientOrder:
		return "inpatient"
	case medrec.SourceDischargeOrder:
		return "discharge"
	}
	return ""
}

// optionalCoding returns the coding of code in system, or the zero Coding when code is "".
func optionalCoding(system, code string) carecoord.Coding {
	if code == "" {
		return carecoord.Coding{}
	}
	return carecoord.Coding{System: system, Code: code}
}

// requestStatus returns the MedicationRequest status (R4 medicationrequest-status) of an
// entry's status: the same code, except intended and not-taken, which are active orders.
func medicationRequestStatus(s medrec.Status) string {
	if s == medrec.StatusIntended || s == medrec.StatusNotTaken {
		return "active"
	}
	return string(s)
}

// medicationOf returns medication[x] for a drug: a CodeableConcept when the drug is a code and
// a name and nothing more; otherwise a reference to a contained Medication.
func medicationOf(dr medrec.Drug) (CodeableConcept, Reference, []Resource) {
	code := ConceptOf(dr.Code)
	code.Text = dr.Name
	if dr.Generic.IsZero() && len(dr.Ingredients) == 0 && dr.DoseForm == "" && dr.Brand == "" && dr.Class == "" {
		return code, Reference{}, nil
	}
	med := &Medication{DomainResource: DomainResource{ID: containedMedication}, Code: code, Form: CodeableConcept{Text: dr.DoseForm}}
	for _, in := range dr.Ingredients {
		mi := MedicationIngredient{ItemCodeableConcept: CodeableConcept{Text: in.Name}, Strength: strengthOf(in)}
		if in.Precise != "" {
			mi.Extension = []Extension{textExtension(ExtensionIngredientPrecise, "String", in.Precise)}
		}
		med.Ingredient = append(med.Ingredient, mi)
	}
	if !dr.Generic.IsZero() {
		c := CodingOf(dr.Generic)
		med.Extension = append(med.Extension, valueExtension(ExtensionGenericProduct, "Coding", &c))
	}
	med.Extension = append(med.Extension, nonEmpty(textExtension(ExtensionBrand, "String", dr.Brand),
		textExtension(ExtensionDrugClass, "String", dr.Class))...)
	return CodeableConcept{}, Reference{Reference: "#" + containedMedication}, []Resource{med}
}

// strengthOf returns an ingredient's strength as a Ratio: the amount in the unit before any
// "/" over 1, or over 1 of the unit after it ("100 [iU]/mL": 100 [iU] per 1 mL). Units that
// medrec.Ingredient names as UCUM carry their UCUM code too; the denominator's unit always
// does, so that a reader tells it from a dose form's unit of presentation.
func strengthOf(in medrec.Ingredient) Ratio {
	if in.Unit == "" && in.Strength.IsZero() {
		return Ratio{}
	}
	num, den, per := strings.Cut(in.Unit, "/")
	r := Ratio{Numerator: Quantity{Unit: num}, Denominator: Quantity{Value: decimal.NewNullDecimal(decimal.NewFromInt(1))}}
	if !in.Strength.IsZero() {
		r.Numerator.Value = decimal.NewNullDecimal(in.Strength)
	}
	if ucumStrengthUnit(num) {
		r.Numerator.System, r.Numerator.Code = carecoord.SystemUCUM, num
	}
	if per {
		r.Denominator.Unit, r.Denominator.System, r.Denominator.Code = den, carecoord.SystemUCUM, den
	}
	return r
}

// ucumStrengthUnit reports whether u is one of the UCUM units medrec.Ingredient names for a
// strength's amount (mg, ug, g, [iU]) or meq, UCUM's milliequivalent.
func ucumStrengthUnit(u string) bool {
	switch u {
	case "mg", "ug", "g", "[iU]", "meq":
		return true
	}
	return false
}

// dosagesOf returns an entry's directions as the one Dosage of its resource, or none.
func dosagesOf(m medrec.Medication) []Dosage {
	if m.Sig == "" && m.Dosage.IsZero() && len(m.Dosage.Warnings) == 0 {
		return nil
	}
	return []Dosage{dosageOf(m.Sig, m.Dosage)}
}

func reasonOf(reason string) []CodeableConcept {
	if reason == "" {
		return nil
	}
	return []CodeableConcept{{Text: reason}}
}

// provenanceOf returns a merged record as a reference to it, its source and day in extensions.
func provenanceOf(p medrec.Provenance) Reference {
	t := "MedicationStatement"
	switch {
	case p.Source.IsOrder():
		t = "MedicationRequest"
	case p.Source == medrec.SourcePharmacyFill:
		t = "MedicationDispense"
	}
	r := ReferenceTo(t, p.ID, "")
	r.Extension = nonEmpty(textExtension(ExtensionMergedSource, "Code", string(p.Source)),
		textExtension(ExtensionMergedDate, "Date", string(DateOf(p.Date))))
	return r
}

// lastFillExtension returns LastFill as an [ExtensionLastFill], or nothing.
func lastFillExtension(m medrec.Medication) []Extension {
	return nonEmpty(textExtension(ExtensionLastFill, "Date", string(DateOf(m.LastFill))))
}

func daysQuantity(n int) Quantity {
	return Quantity{Value: decimal.NewNullDecimal(decimal.NewFromInt(int64(n))), Unit: "days", System: carecoord.SystemUCUM, Code: unitDay}
}

// dayTime returns a day as a dateTime, or "" for the zero day.
func dayTime(d civil.Date) DateTime { return DateTime(DateOf(d)) }

// valueExtension returns an extension whose value, of a string type ("Code", "String", "Id",
// "Date", "DateTime"), is text; its Value is empty when text is, and [nonEmpty] leaves it out.
func textExtension(url, valueType, text string) Extension {
	x := Extension{URL: url, ValueType: valueType}
	if text != "" {
		x.Value = jsonString(text)
	}
	return x
}

// nonEmpty returns the extensions that have a value, in a new slice (nil when none has).
func nonEmpty(exts ...Extension) []Extension {
	var out []Extension
	for _, x := range exts {
		if len(x.Value) > 0 {
			out = append(out, x)
		}
	}
	return out
}

// value reads the value of an extension of type valueType into o, and reports whether it could.
func (x Extension) value(valueType string, o object) bool {
	if x.ValueType != valueType {
		return false
	}
	d := newDecoder(x.Value, DecodeOptions{})
	d.object(o)
	return len(d.errs) == 0
}

// MedicationFromStatement reads a medication entry from a MedicationStatement written by
// [MedicationStatementOf] or by another system, with the patient its subject names (required).
//
// What the resource does not give is derived and reported as an [IssueAssumed]: with no
// [SystemMedicationSource] category, the source comes from the HL7 category or the information
// source (patientspecified, or a Patient or RelatedPerson informing: a patient report;
// inpatient: an inpatient order; otherwise an outside record); an effectiveDateTime is read as
// the first day; a dateTime with a time gives its day where it was written. What it gives that
// the entry has no place for (dateAsserted, note, further dosages, codings beside the drug's
// code, a derivedFrom that is not a carecoord merge, ...) is reported as an Issue, and so is
// structured dosage that dosage.Dosage cannot hold (the text stays the sig).
//
// The error matches carecoord.ErrInvalid: a modifier extension, a subject that is not a
// Patient, a medicationReference that names no Medication, or an entry that is not valid
// (medrec.Medication.Validate, paths prefixed "MedicationStatement").
func MedicationFromStatement(ms *MedicationStatement) (PatientMedication, []Issue, error) {
	m := mapping{path: "MedicationStatement"}
	pm := m.statement(ms, "")
	return pm, m.issues, m.errs.Err()
}

// MedicationFromRequest reads an order from a MedicationRequest written by
// [MedicationRequestOf] or by another system, as [MedicationFromStatement] reads a statement:
// the source from the HL7 category (inpatient, discharge; any other is an outside record,
// reported as assumed); the status from [ExtensionMedicationStatus] or status (cancelled is
// read as stopped and draft as intended, each reported); an intent other than order is
// reported; requester as the prescriber; dispenseRequest.expectedSupplyDuration in days as the
// days' supply.
func MedicationFromRequest(mr *MedicationRequest) (PatientMedication, []Issue, error) {
	m := mapping{path: "MedicationRequest"}
	pm := m.request(mr, "")
	return pm, m.issues, m.errs.Err()
}

// statement reads a MedicationStatement; an entry with no id gets fallbackID, reported.
func (m *mapping) statement(ms *MedicationStatement, fallbackID string) PatientMedication {
	m.modifiers(ms.ModifierExtension, "modifierExtension")
	m.companions(&ms.Extras, "")
	pm := PatientMedication{Patient: carecoord.PatientID(m.target(ms.Subject, "subject", "Patient"))}
	med := &pm.Medication
	med.ID, med.Status = m.entryID(&ms.DomainResource, fallbackID), medrec.Status(ms.Status)
	med.Source = m.statementSource(ms)
	med.Drug = m.drug(&ms.DomainResource, ms.MedicationCodeableConcept, ms.MedicationReference)
	switch {
	case ms.EffectiveDateTime != "":
		med.Start = m.optionalDay(ms.EffectiveDateTime, ".effectiveDateTime")
		m.issue(".effectiveDateTime", IssueAssumed, "is one time: read as the first day")
	default:
		med.Start = m.optionalDay(ms.EffectivePeriod.Start, ".effectivePeriod.start")
		med.Stop = m.optionalDay(ms.EffectivePeriod.End, ".effectivePeriod.end")
	}
	for i, ref := range ms.DerivedFrom {
		if p, ok := m.provenance(ref, ".derivedFrom["+strconv.Itoa(i)+"]"); ok {
			med.Provenance = append(med.Provenance, p)
		}
	}
	med.Reason = m.reason(ms.ReasonCode)
	med.Sig, med.Dosage = m.dosages(ms.Dosage, ".dosage")
	for i, x := range ms.Extension {
		path := ".extension[" + strconv.Itoa(i) + "]"
		switch {
		case x.URL == ExtensionPrescriber:
			if r, ok := x.Reference(); ok {
				med.Prescriber = m.actor(r, path[1:]+".valueReference")
				continue
			}
		case x.URL == ExtensionDaysSupply:
			var q Quantity
			if x.value("Duration", &q) {
				med.DaysSupply = m.wholeDays(q, path+".valueDuration")
				continue
			}
		case m.lastFill(x, med, path):
			continue
		}
		m.issue(path, IssueNotMapped, "is an extension carecoord does not map")
	}
	m.entryEnd(&ms.DomainResource, ms.MedicationReference, pm)
	return pm
}

// request reads a MedicationRequest; an entry with no id gets fallbackID, reported.
func (m *mapping) request(mr *MedicationRequest, fallbackID string) PatientMedication {
	m.modifiers(mr.ModifierExtension, "modifierExtension")
	m.companions(&mr.Extras, "")
	m.modifiers(mr.DispenseRequest.ModifierExtension, "dispenseRequest.modifierExtension")
	pm := PatientMedication{Patient: carecoord.PatientID(m.target(mr.Subject, "subject", "Patient"))}
	med := &pm.Medication
	med.ID = m.entryID(&mr.DomainResource, fallbackID)
	med.Source = m.requestSource(mr)
	med.Status = medrec.Status(mr.Status)
	switch mr.Status {
	case "cancelled":
		med.Status = medrec.StatusStopped
		m.issue(".status", IssueAssumed, "cancelled is read as stopped")
	case "draft":
		med.Status = medrec.StatusIntended
		m.issue(".status", IssueAssumed, "draft is read as intended")
	}
	switch mr.Intent {
	case "order":
	case "":
		m.issue(".intent", IssueAssumed, "gives no intent: read as an order")
	default:
		m.issue(".intent", IssueUnsupportedValue, "is not order; read as an order")
	}
	med.Drug = m.drug(&mr.DomainResource, mr.MedicationCodeableConcept, mr.MedicationReference)
	med.Prescriber = m.actor(mr.Requester, "requester")
	med.Reason = m.reason(mr.ReasonCode)
	med.Sig, med.Dosage = m.dosages(mr.DosageInstruction, ".dosageInstruction")
	if q := mr.DispenseRequest.ExpectedSupplyDuration; present(&q) {
		med.DaysSupply = m.wholeDays(q, ".dispenseRequest.expectedSupplyDuration")
	}
	for i, x := range mr.Extension {
		path := ".extension[" + strconv.Itoa(i) + "]"
		switch {
		case x.URL == ExtensionMedicationStatus:
			if v, ok := x.String(); ok && medicationRequestStatus(medrec.Status(v)) == mr.Status {
				med.Status = medrec.Status(v)
				continue
			}
		case x.URL == ExtensionEffectivePeriod:
			var p Period
			if x.value("Period", &p) {
				med.Start = m.optionalDay(p.Start, path+".valuePeriod.start")
				med.Stop = m.optionalDay(p.End, path+".valuePeriod.end")
				continue
			}
		case x.URL == ExtensionMergedFrom:
			if r, ok := x.Reference(); ok {
				if p, ok := m.provenance(r, path+".valueReference"); ok {
					med.Provenance = append(med.Provenance, p)
				}
				continue
			}
		case m.lastFill(x, med, path):
			continue
		}
		m.issue(path, IssueNotMapped, "is an extension carecoord does not map")
	}
	m.entryEnd(&mr.DomainResource, mr.MedicationReference, pm)
	return pm
}

// entryID returns a resource's id, or fallbackID, reported, when it has none.
func (m *mapping) entryID(r *DomainResource, fallbackID string) string {
	if r.ID == "" && fallbackID != "" {
		m.issue(".id", IssueAssumed, "gives no id: the entry is named by its place in the list")
		return fallbackID
	}
	return r.ID
}

// entryEnd reports what a medication resource carries beyond the entry (meta, contained
// resources its medication[x] does not name) and checks the entry read.
func (m *mapping) entryEnd(r *DomainResource, medication Reference, pm PatientMedication) {
	if present(&r.Meta) {
		m.issue(".meta", IssueNotMapped, "carecoord keeps no version of a medication entry")
	}
	for i, c := range r.Contained {
		if "#"+c.Base().ID != medication.Reference {
			m.issue(".contained["+strconv.Itoa(i)+"]", IssueNotMapped, "is not the medication; carecoord keeps no other contained resource")
		}
	}
	if len(m.errs) == 0 {
		m.errs.Nest(m.path, pm.Validate())
	}
}

// lastFill reads an [ExtensionLastFill] into med, and reports whether x is one.
func (m *mapping) lastFill(x Extension, med *medrec.Medication, path string) bool {
	if x.URL != ExtensionLastFill {
		return false
	}
	v, ok := x.String()
	if ok {
		med.LastFill = m.optionalDay(DateTime(v), path+".valueDate")
	}
	return ok
}

// statementSource reads a statement's source from its carecoord category coding, or derives it
// from the HL7 category and the information source.
func (m *mapping) statementSource(ms *MedicationStatement) medrec.Source {
	m.otherCodings(ms.Category, ".category", SystemMedicationSource, systemStatementCategory)
	t, _, _ := ms.InformationSource.Target()
	byPatient := t == "Patient" || t == "RelatedPerson"
	c, coded := ms.Category.First(SystemMedicationSource)
	src := medrec.Source(c.Code)
	if !coded {
		src = medrec.SourceOutsideRecord
		if hl7, ok := ms.Category.First(systemStatementCategory); ok {
			for _, s := range medrec.Sources() {
				if statementCategory(s) == hl7.Code {
					src = s
				}
			}
		}
		if byPatient {
			src = medrec.SourcePatientReport
		}
		m.issue(".category", IssueAssumed, "gives no carecoord source: derived from the HL7 category and the information source")
	}
	if present(&ms.InformationSource) && !(byPatient && src == medrec.SourcePatientReport) {
		m.issue(".informationSource", IssueNotMapped, "carecoord keeps the kind of source, not who informed")
	}
	return src
}

// requestSource reads an order's source from its HL7 category, or assumes another provider's
// record.
func (m *mapping) requestSource(mr *MedicationRequest) medrec.Source {
	src := medrec.Source("")
	for i, cc := range mr.Category {
		path := ".category[" + strconv.Itoa(i) + "]"
		m.otherCodings(cc, path, systemRequestCategory)
		c, _ := cc.First(systemRequestCategory)
		for _, s := range medrec.Sources() {
			if src == "" && c.Code != "" && requestCategory(s) == c.Code {
				src = s
			}
		}
	}
	if src == "" {
		m.issue(".category", IssueAssumed, "is neither inpatient nor discharge: read as another provider's record")
		return medrec.SourceOutsideRecord
	}
	return src
}

// otherCodings reports the codings of cc in none of systems.
func (m *mapping) otherCodings(cc CodeableConcept, rel string, systems ...string) {
	for i, c := range cc.Coding {
		known := false
		for _, s := range systems {
			known = known || c.System == s
		}
		if !known {
			m.issue(rel+".coding["+strconv.Itoa(i)+"]", IssueNotMapped, "is a code carecoord does not map here")
		}
	}
}

// drug reads medication[x]: a CodeableConcept, or a Medication contained or in the bundle.
func (m *mapping) drug(base *DomainResource, cc CodeableConcept, ref Reference) medrec.Drug {
	if !present(&ref) {
		return m.drugCode(cc, ".medicationCodeableConcept")
	}
	res, sub := m.follow(base, ref.Reference)
	med, ok := res.(*Medication)
	switch {
	case ok:
		dr := sub.medication(med)
		m.merge(sub)
		return dr
	case ref.Display != "":
		m.issue(".medicationReference", IssueUnresolvedReference, "names no Medication in the resource or its bundle; its display is read as the drug's name")
		return medrec.Drug{Name: ref.Display}
	}
	m.errs.Add(carecoord.Invalid(m.path+".medicationReference", "must refer to a Medication contained or in the bundle"))
	return medrec.Drug{}
}

// drugCode reads a drug's code (the RxNorm coding, or else the first) and name (text).
func (m *mapping) drugCode(cc CodeableConcept, rel string) medrec.Drug {
	dr := medrec.Drug{Name: cc.Text}
	pick := -1
	for i, c := range cc.Coding {
		if c.System == carecoord.SystemRxNorm && pick < 0 {
			pick = i
		}
	}
	if pick < 0 && len(cc.Coding) > 0 {
		pick = 0
	}
	for i, c := range cc.Coding {
		if i == pick {
			dr.Code = c.Carecoord()
			continue
		}
		m.issue(rel+".coding["+strconv.Itoa(i)+"]", IssueNotMapped, "is a further code of the drug; carecoord keeps one")
	}
	return dr
}

// medication reads a Medication resource as a drug; paths start at the resource.
func (m *mapping) medication(med *Medication) medrec.Drug {
	m.modifiers(med.ModifierExtension, "modifierExtension")
	dr := m.drugCode(med.Code, ".code")
	dr.DoseForm = med.Form.Text
	if len(med.Form.Coding) > 0 {
		m.issue(".form.coding", IssueNotMapped, "carecoord keeps the dose form as text")
	}
	for i, in := range med.Ingredient {
		path := ".ingredient[" + strconv.Itoa(i) + "]"
		m.modifiers(in.ModifierExtension, path[1:]+".modifierExtension")
		switch {
		case in.IsActive != nil && !*in.IsActive:
			m.issue(path, IssueNotMapped, "is not an active ingredient; carecoord keeps active ones")
			continue
		case in.ItemCodeableConcept.Text == "":
			m.issue(path, IssueUnsupportedValue, "names no ingredient as itemCodeableConcept.text")
			continue
		}
		if len(in.ItemCodeableConcept.Coding) > 0 {
			m.issue(path+".itemCodeableConcept.coding", IssueNotMapped, "carecoord keeps the ingredient's name")
		}
		ing := medrec.Ingredient{Name: in.ItemCodeableConcept.Text}
		ing.Strength, ing.Unit = m.strength(in.Strength, path+".strength")
		for j, x := range in.Extension {
			if v, ok := x.String(); ok && x.URL == ExtensionIngredientPrecise {
				ing.Precise = v
				continue
			}
			m.issue(path+".extension["+strconv.Itoa(j)+"]", IssueNotMapped, "is an extension carecoord does not map")
		}
		dr.Ingredients = append(dr.Ingredients, ing)
	}
	for i, x := range med.Extension {
		var c Coding
		switch {
		case x.URL == ExtensionGenericProduct && x.value("Coding", &c):
			dr.Generic = c.Carecoord()
			continue
		case x.URL == ExtensionBrand || x.URL == ExtensionDrugClass:
			if v, ok := x.String(); ok {
				if x.URL == ExtensionBrand {
					dr.Brand = v
				} else {
					dr.Class = v
				}
				continue
			}
		}
		m.issue(".extension["+strconv.Itoa(i)+"]", IssueNotMapped, "is an extension carecoord does not map")
	}
	return dr
}

// strength reads a strength Ratio: the numerator's amount and unit (its text, or else its UCUM
// code), per 1 of the denominator's UCUM unit ("[iU]/mL") or per unit of the dose form (a
// denominator with no unit or a unit of presentation).
func (m *mapping) strength(r Ratio, rel string) (decimal.Decimal, string) {
	if !present(&r) {
		return decimal.Decimal{}, ""
	}
	num, den := r.Numerator, r.Denominator
	if num.Comparator != "" || den.Comparator != "" || den.Value.Valid && !den.Value.Decimal.Equal(decimal.NewFromInt(1)) {
		m.issue(rel, IssueUnsupportedValue, "is not an exact amount per 1; carecoord keeps such strengths only")
		return decimal.Decimal{}, ""
	}
	unit := quantityUnit(num)
	if den.System == carecoord.SystemUCUM {
		if u := quantityUnit(den); u != "" {
			unit += "/" + u
		}
	}
	return num.Value.Decimal, unit
}

// quantityUnit returns a quantity's unit text, or else its UCUM code.
func quantityUnit(q Quantity) string {
	if q.Unit == "" && q.System == carecoord.SystemUCUM {
		return q.Code
	}
	return q.Unit
}

// days reads a days' supply: a whole number of days (UCUM d), from 0 to 100,000.
func (m *mapping) wholeDays(q Quantity, rel string) int {
	v := q.Value.Decimal
	if q.System != carecoord.SystemUCUM || q.Code != unitDay || !v.IsInteger() || v.Sign() < 0 || v.Cmp(decimal.NewFromInt(100_000)) > 0 {
		m.issue(rel, IssueUnsupportedValue, "is not a whole number of days (UCUM d) from 0 to 100000")
		return 0
	}
	return int(v.IntPart())
}

// day reads a dateTime as a civil day: a date, or the day a time falls on where it was written
// (reported); a year or a month is reported and left out.
func (m *mapping) optionalDay(t DateTime, rel string) civil.Date {
	if t == "" {
		return civil.Date{}
	}
	d, ok := t.Day()
	switch {
	case !ok:
		m.issue(rel, IssueUnsupportedValue, "is not to the day; carecoord keeps days")
	case len(t) > len("2006-01-02"):
		m.issue(rel, IssueAssumed, "has a time: its day where it was written is kept")
	}
	return d
}

// provenance reads a reference to a merged record, and reports false (with an issue) for one
// that does not carry its carecoord source.
func (m *mapping) provenance(ref Reference, rel string) (medrec.Provenance, bool) {
	var p medrec.Provenance
	source := false
	for i, x := range ref.Extension {
		v, ok := x.String()
		switch {
		case ok && x.URL == ExtensionMergedSource:
			p.Source, source = medrec.Source(v), true
		case ok && x.URL == ExtensionMergedDate:
			p.Date = m.optionalDay(DateTime(v), rel+".extension["+strconv.Itoa(i)+"].valueDate")
		default:
			m.issue(rel+".extension["+strconv.Itoa(i)+"]", IssueNotMapped, "is an extension carecoord does not map")
		}
	}
	if !source {
		m.issue(rel, IssueNotMapped, "is not a record carecoord merged (no merged-source extension)")
		return p, false
	}
	_, id, ok := ref.Target()
	if !ok {
		m.errs.Add(carecoord.Invalid(m.path+rel, "must be a reference of the form Type/id"))
	}
	p.ID = id
	return p, true
}

// reason reads the first reason's text; the rest, and codings, are reported.
func (m *mapping) reason(ccs []CodeableConcept) string {
	var reason string
	for i, cc := range ccs {
		path := ".reasonCode[" + strconv.Itoa(i) + "]"
		switch {
		case i == 0 && cc.Text != "":
			reason = cc.Text
			if len(cc.Coding) > 0 {
				m.issue(path+".coding", IssueNotMapped, "carecoord keeps the reason as text")
			}
		default:
			m.issue(path, IssueNotMapped, "carecoord keeps one reason, as text")
		}
	}
	return reason
}

// dosages reads the first Dosage of a list at rel; the rest are reported.
func (m *mapping) dosages(list []Dosage, rel string) (string, dosage.Dosage) {
	var sig string
	var ds dosage.Dosage
	for i := range list {
		path := rel + "[" + strconv.Itoa(i) + "]"
		if i > 0 {
			m.issue(path, IssueNotMapped, "is a further dosage (a taper, a split dose); carecoord keeps one")
			continue
		}
		sig, ds = m.dosage(&list[i], path)
	}
	return sig, ds
}
