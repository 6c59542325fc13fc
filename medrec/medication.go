package medrec

import (
	"slices"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/medrec/dosage"
	"github.com/shopspring/decimal"
)

// A Source says where a medication entry came from: one of the sources of a Best Possible
// Medication History (BPMH: the patient or family interview "and at least one other reliable
// source", ISMP Canada/CPSI Getting Started Kit; WHO High 5s SOP), or an order the history is
// compared with. The zero Source is not valid.
type Source string

// The sources.
const (
	// SourcePatientReport: what the patient, family or caregiver says is taken (the BPMH's
	// primary source; FHIR MedicationStatement with informationSource Patient or
	// RelatedPerson).
	SourcePatientReport Source = "patient-report"
	// SourcePharmacyFill: a dispensing record or claim (FHIR MedicationDispense); refills of
	// one prescription are many fills of one drug, which [Collapse] makes one entry.
	SourcePharmacyFill Source = "pharmacy-fill"
	// SourcePreAdmission: the medication list on file before the admission.
	SourcePreAdmission Source = "pre-admission-list"
	// SourceInpatientOrder: an order written during the stay (FHIR MedicationRequest).
	SourceInpatientOrder Source = "inpatient-order"
	// SourceDischargeOrder: a discharge prescription or instruction (FHIR MedicationRequest).
	SourceDischargeOrder Source = "discharge-order"
	// SourceOutsideRecord: another provider's record: a primary-care list, a prior discharge
	// summary, a nursing home's administration record.
	SourceOutsideRecord Source = "outside-record"
)

// Sources returns every Source, in a new slice.
func Sources() []Source {
	return []Source{SourcePatientReport, SourcePharmacyFill, SourcePreAdmission, SourceInpatientOrder,
		SourceDischargeOrder, SourceOutsideRecord}
}

// IsValid reports whether s is one of [Sources].
func (s Source) IsValid() bool { return slices.Contains(Sources(), s) }

// IsOrder reports whether entries from s are orders (FHIR MedicationRequest) rather than
// statements of what the patient takes (MedicationStatement, MedicationDispense).
func (s Source) IsOrder() bool { return s == SourceInpatientOrder || s == SourceDischargeOrder }

// A Status is where a medication entry stands: the FHIR R4 MedicationStatement status codes
// (medication-statement-status, required binding), used for orders too. The zero Status is
// not valid.
type Status string

// The statuses (FHIR R4 medication-statement-status).
const (
	StatusActive         Status = "active"           // being taken
	StatusCompleted      Status = "completed"        // the course is finished
	StatusEnteredInError Status = "entered-in-error" // the entry should never have existed
	StatusIntended       Status = "intended"         // to be taken from now on (a new order)
	StatusStopped        Status = "stopped"          // stopped before the course was finished
	StatusOnHold         Status = "on-hold"          // held for now, expected to resume
	StatusUnknown        Status = "unknown"          // the source does not know
	StatusNotTaken       Status = "not-taken"        // prescribed, but the patient does not take it
)

// Statuses returns every Status, in a new slice.
func Statuses() []Status {
	return []Status{StatusActive, StatusCompleted, StatusEnteredInError, StatusIntended, StatusStopped,
		StatusOnHold, StatusUnknown, StatusNotTaken}
}

// IsValid reports whether s is one of [Statuses].
func (s Status) IsValid() bool { return slices.Contains(Statuses(), s) }

// IsCurrent reports whether an entry with status s is part of the patient's current regimen,
// and so takes part in reconciliation: active, intended, on-hold (a held drug must be resumed
// or stopped explicitly), not-taken (still prescribed: non-adherence is not a discontinued
// order) and unknown (a possible omission is never hidden). Completed and stopped entries are
// history; entered-in-error ones never existed.
func (s Status) IsCurrent() bool {
	switch s {
	case StatusActive, StatusIntended, StatusOnHold, StatusNotTaken, StatusUnknown:
		return true
	}
	return false
}

// IsTaken reports whether the drug is being taken, or is to be: active or intended. Only such
// entries make a therapeutic duplication.
func (s Status) IsTaken() bool { return s == StatusActive || s == StatusIntended }

// An Ingredient is an active ingredient of a drug with its strength per unit of the dose form
// (per tablet, per mL). The zero Ingredient is not valid: it has no Name.
type Ingredient struct {
	// Name is the base ingredient (RxNorm term type IN): "metoprolol". Required.
	Name string `json:"name"`
	// Precise is the salt or ester form when it matters (RxNorm PIN): "metoprolol succinate".
	// Two entries with the same Name and different Precise forms are different products
	// (spec §7.5: tartrate is immediate release, succinate extended release).
	Precise string `json:"precise,omitempty"`
	// Strength is the amount per unit of the dose form, in Unit; zero when unknown.
	Strength decimal.Decimal `json:"strength"`
	// Unit is the strength's UCUM unit: "mg", "ug", "g", "mg/mL", "[iU]", "[iU]/mL". Common
	// other spellings (mcg, µg, IU, units, ml) compare equal to these; any other unit is
	// compared as written.
	Unit string `json:"unit,omitempty"`
}

// A Drug is what a medication entry names. Only Name is required: the name exactly as received
// is kept for people to read and never rewritten (matching uses [Key] of it). A [Terminology]
// fills in the rest from Code ([Resolve]). The zero Drug is not valid: it has neither a name
// nor a code.
type Drug struct {
	// Code is the product's code: RxNorm (SCD, SBD, GPCK, BPCK) or another drug code system.
	Code carecoord.Coding `json:"code,omitzero"`
	// Name is the drug's name as received ("Lipitor 20 mg tab"). Required.
	Name string `json:"name"`
	// Generic is, for a branded product, the generic product it is a trade name of (RxNorm
	// tradename_of: SBD → SCD, BPCK → GPCK); zero for a generic.
	Generic carecoord.Coding `json:"generic,omitzero"`
	// Ingredients are the active ingredients, one for a single-ingredient drug, several for a
	// combination product (RxNorm MIN).
	Ingredients []Ingredient `json:"ingredients,omitempty"`
	// DoseForm is the RxNorm dose form: "Oral Tablet", "Extended Release Oral Tablet",
	// "Delayed Release Oral Capsule", "Injectable Solution".
	DoseForm string `json:"doseForm,omitempty"`
	// Brand is the brand name of a branded product; "" for a generic.
	Brand string `json:"brand,omitempty"`
	// Class is the therapeutic class that makes two different drugs a duplication ("PPI",
	// "statin"; an ATC level-4 or VA class code in production terminologies); "" when unknown.
	Class string `json:"class,omitempty"`
}

// A Medication is one entry of a medication list: one drug from one source (or, after
// [Collapse], from several), with its directions and status. It follows FHIR R4
// MedicationStatement (and MedicationRequest for orders). The zero Medication is not valid:
// it has no id, source, drug or status ([Medication.Validate] says so).
type Medication struct {
	// ID identifies the entry within its reconciliation; unique there, FHIR id syntax.
	ID string `json:"id"`
	// Source is where the entry came from. Required.
	Source Source `json:"source"`
	// Drug is what is taken. Required.
	Drug Drug `json:"drug"`
	// Sig is the directions as received, if any ("1 tab PO BID").
	Sig string `json:"sig,omitempty"`
	// Dosage is the structured directions: dosage.Parse(Sig), or from a structured source.
	// The zero Dosage means none are known.
	Dosage dosage.Dosage `json:"dosage,omitzero"`
	// Status is where the entry stands. Required.
	Status Status `json:"status"`
	// Start and Stop are the first and last days the drug is (to be) taken, where known.
	Start civil.Date `json:"start,omitzero"`
	Stop  civil.Date `json:"stop,omitzero"`
	// Prescriber is who ordered the drug, where known.
	Prescriber carecoord.Actor `json:"prescriber,omitzero"`
	// LastFill and DaysSupply describe the latest dispensing, where known.
	LastFill   civil.Date `json:"lastFill,omitzero"`
	DaysSupply int        `json:"daysSupply,omitempty"`
	// Reason is the documented reason for starting, changing or stopping the drug (an
	// indication, "renal function", "formulary"). On an order, it documents a change or an
	// addition (documented-intentional); a change without one needs clarification, and a
	// reason never documents an omission, a duplication or an incomplete order ([Intent]).
	Reason string `json:"reason,omitempty"`
	// Provenance lists every source record merged into this entry by [Collapse], oldest
	// first; empty for an entry that was not merged.
	Provenance []Provenance `json:"provenance,omitempty"`
}

// A Provenance is one source record that an entry stands for: nothing is lost when refills
// and repeated reports become one entry. The zero Provenance is not valid: it has no id or
// source.
type Provenance struct {
	// ID is the merged entry's id.
	ID string `json:"id"`
	// Source is where it came from.
	Source Source `json:"source"`
	// Date is its fill or start date, where known.
	Date civil.Date `json:"date,omitzero"`
}

// Validate reports every problem with m as carecoord.FieldErrors (matching
// carecoord.ErrInvalid), with paths from the entry ("drug.ingredients[0].strength"). The
// errors never quote the drug name or the directions.
func (m Medication) Validate() error {
	var errs carecoord.FieldErrors
	switch {
	case m.ID == "":
		errs.Add(carecoord.Required("id", "must identify the entry"))
	case !carecoord.ValidID(m.ID):
		errs.Add(carecoord.Invalid("id", "must be a FHIR id"))
	}
	switch {
	case m.Source == "":
		errs.Add(carecoord.Required("source", "must say where the entry came from"))
	case !m.Source.IsValid():
		errs.Add(carecoord.NotSupported("source", Sources()...))
	}
	errs.Nest("drug", m.Drug.Validate())
	if !m.Dosage.IsZero() {
		errs.Nest("dosage", m.Dosage.Validate())
	}
	switch {
	case m.Status == "":
		errs.Add(carecoord.Required("status", "must be set"))
	case !m.Status.IsValid():
		errs.Add(carecoord.NotSupported("status", Statuses()...))
	}
	if !m.Start.IsZero() && !m.Start.IsValid() {
		errs.Add(carecoord.Invalid("start", "must be a valid date"))
	}
	if !m.Stop.IsZero() && !m.Stop.IsValid() {
		errs.Add(carecoord.Invalid("stop", "must be a valid date"))
	}
	if m.Start.IsValid() && m.Stop.IsValid() && m.Stop.Before(m.Start) {
		errs.Add(carecoord.Invalid("stop", "must not be before start"))
	}
	if !m.Prescriber.IsZero() {
		errs.Nest("prescriber", m.Prescriber.Validate())
	}
	if !m.LastFill.IsZero() && !m.LastFill.IsValid() {
		errs.Add(carecoord.Invalid("lastFill", "must be a valid date"))
	}
	if m.DaysSupply < 0 {
		errs.Add(carecoord.OutOfRange("daysSupply", "must not be negative"))
	}
	for i, p := range m.Provenance {
		path := carecoord.Path("provenance", i)
		if !carecoord.ValidID(p.ID) {
			errs.Add(carecoord.Invalid(path+".id", "must be a FHIR id"))
		}
		if !p.Source.IsValid() {
			errs.Add(carecoord.NotSupported(path+".source", Sources()...))
		}
		if !p.Date.IsZero() && !p.Date.IsValid() {
			errs.Add(carecoord.Invalid(path+".date", "must be a valid date"))
		}
	}
	return errs.Err()
}

// Validate reports every problem with d; paths are relative to the drug.
func (d Drug) Validate() error {
	var errs carecoord.FieldErrors
	if d.Name == "" && d.Code.IsZero() {
		errs.Add(carecoord.Required("name", "must name the drug as received"))
	}
	if !d.Code.IsZero() {
		errs.Nest("code", d.Code.Validate())
	}
	if !d.Generic.IsZero() {
		errs.Nest("generic", d.Generic.Validate())
	}
	for i, in := range d.Ingredients {
		path := carecoord.Path("ingredients", i)
		if in.Name == "" {
			errs.Add(carecoord.Required(path+".name", "must name the ingredient"))
		}
		if in.Strength.Sign() < 0 {
			errs.Add(carecoord.OutOfRange(path+".strength", "must not be negative"))
		}
		if in.Strength.Sign() > 0 && in.Unit == "" {
			errs.Add(carecoord.Required(path+".unit", "must give the strength's unit"))
		}
	}
	return errs.Err()
}

// Clone returns a deep copy of m: no slice is shared with m.
func (m Medication) Clone() Medication {
	m.Drug.Ingredients = slices.Clone(m.Drug.Ingredients)
	m.Dosage.Timing.When = slices.Clone(m.Dosage.Timing.When)
	m.Dosage.Warnings = slices.Clone(m.Dosage.Warnings)
	m.Provenance = slices.Clone(m.Provenance)
	return m
}
