package metrics

import (
	"cmp"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/transition"
	"github.com/shopspring/decimal"
)

// A Stay is one hospital stay as a claim or an ADT feed gives it: the record readmission,
// follow-up and transition measures read. It is a plain value, cheap to hold by the million;
// [StayFromEvent] makes one from a [transition.Event].
type Stay struct {
	// ID identifies the stay (a claim or encounter number); unique within the patient.
	ID string `json:"id"`
	// Patient is whose stay it is.
	Patient carecoord.PatientID `json:"patient"`
	// Setting is the kind of stay: acute inpatient, observation, skilled nursing...
	Setting transition.Setting `json:"setting"`
	// Admitted and Discharged are the first and last days of the stay, in the facility's
	// zone. Discharged is on or after Admitted.
	Admitted   civil.Date `json:"admitted"`
	Discharged civil.Date `json:"discharged"`
	// Disposition is where the patient went (NUBC patient discharge status).
	Disposition transition.Disposition `json:"disposition"`
	// Planned marks a planned admission (chemotherapy, rehabilitation, a scheduled
	// procedure), as the caller's planned-readmission algorithm decides (CMS PRA v4, say).
	Planned bool `json:"planned,omitempty"`
	// Principal is the principal diagnosis, an ICD-10-CM code, for value-set rules (pregnancy
	// and perinatal exclusions, mental-illness discharges). Optional.
	Principal string `json:"principal,omitempty"`
	// Expected is a risk model's probability that this stay, when it ends an index stay, is
	// followed by a readmission: the expected count of an observed-to-expected ratio. Optional.
	Expected decimal.NullDecimal `json:"expected,omitzero"`
}

// Validate reports every problem with s as carecoord.FieldErrors: the id (the subject of the
// stay's evidence rows, so it must be there), the patient, the setting,
// both days (the discharge not before the admission), the disposition, and an expected
// probability from 0 to 1. An empty field is FieldRequired; a value that is there but wrong is
// FieldInvalid, or FieldNotSupported for a setting that is not one of transition.Settings, as
// transition.Event.Validate reports the same fields. The problems name fields, never values.
func (s Stay) Validate() error {
	var errs carecoord.FieldErrors
	if s.ID == "" {
		errs.Add(carecoord.Required("id", "must identify the stay"))
	}
	checkPatient(&errs, s.Patient)
	switch {
	case s.Setting == "":
		errs.Add(carecoord.Required("setting", "must be set"))
	case !s.Setting.IsValid():
		errs.Add(carecoord.NotSupported("setting", transition.Settings()...))
	}
	checkDay(&errs, "admitted", s.Admitted)
	checkDay(&errs, "discharged", s.Discharged)
	if s.Admitted.IsValid() && s.Discharged.IsValid() && s.Discharged.Before(s.Admitted) {
		errs.Add(carecoord.Invalid("discharged", "must not be before admitted"))
	}
	switch {
	case s.Disposition == "":
		errs.Add(carecoord.Required("disposition", "must say where the patient went"))
	case !s.Disposition.IsValid():
		errs.Add(carecoord.Invalid("disposition", "must be a NUBC patient discharge status code"))
	}
	if s.Expected.Valid && (s.Expected.Decimal.IsNegative() || s.Expected.Decimal.GreaterThan(decimal.NewFromInt(1))) {
		errs.Add(carecoord.OutOfRange("expected", "must be a probability from 0 to 1"))
	}
	return errs.Err()
}

// StayFromEvent returns the stay an ended admission, observation stay or ED visit records,
// with its days in the facility's zone, and false when e has not ended or has no location.
// The principal diagnosis (e's first) is taken as it is; an Event carries neither Planned
// nor Expected, so the caller sets them (from its planned-readmission algorithm and its risk
// model).
func StayFromEvent(e transition.Event) (Stay, bool) {
	admitted, discharged := e.AdmissionDate(), e.DischargeDate()
	if admitted.IsZero() || discharged.IsZero() {
		return Stay{}, false
	}
	s := Stay{ID: e.ID, Patient: e.Patient, Setting: e.Setting, Admitted: admitted, Discharged: discharged, Disposition: e.Disposition}
	if len(e.Diagnoses) > 0 {
		s.Principal = e.Diagnoses[0].Code
	}
	return s, true
}

// compareStays orders stays by patient, admission, discharge and id: the order measures walk a
// patient's stays in.
func compareStays(a, b *Stay) int {
	if c := cmp.Compare(a.Patient, b.Patient); c != 0 {
		return c
	}
	if c := a.Admitted.Compare(b.Admitted); c != 0 {
		return c
	}
	if c := a.Discharged.Compare(b.Discharged); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}
