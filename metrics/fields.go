package metrics

import (
	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

// The checks every input record shares, each adding at most one problem: FieldRequired when the
// field is empty, FieldInvalid when it is there but wrong, never the value itself.

// checkID checks an id that must be there, with the syntax of carecoord.ValidID.
func checkID(errs *carecoord.FieldErrors, path, id, what string) {
	switch {
	case id == "":
		errs.Add(carecoord.Required(path, "must identify the "+what))
	case !carecoord.ValidID(id):
		errs.Add(carecoord.Invalid(path, "must be a FHIR id"))
	}
}

// checkPatient checks the patient of a record.
func checkPatient(errs *carecoord.FieldErrors, p carecoord.PatientID) {
	checkID(errs, "patient", string(p), "patient")
}

// checkDay checks a day that must be there.
func checkDay(errs *carecoord.FieldErrors, path string, d civil.Date) {
	switch {
	case d.IsZero():
		errs.Add(carecoord.Required(path, "must be set"))
	case !d.IsValid():
		errs.Add(carecoord.Invalid(path, "must be a date from 0001-01-01 to 9999-12-31"))
	}
}
