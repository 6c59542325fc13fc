package metrics

import (
	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

// maxDaysSupply bounds Fill.DaysSupply: no dispensing covers more than a year (Medicare Part D
// limits a fill to a month or three; a year leaves room for any plan), so anything longer is
// a data error, and the bound keeps day arithmetic far from overflow.
const maxDaysSupply = 366

// A Fill is one dispensing of a drug, as a pharmacy claim gives it: the record the adherence
// measures read (PQA's proportion of days covered, AdhereR's CMA family). It is a plain value,
// cheap to hold by the ten million.
//
// A combination product counts for each of its target ingredients (PQA; spec §1.1 rule 9):
// give it as one Fill per target ingredient, with the same ID, as the PQA reference SQL gives a
// combination NDC one row per target drug. Reversed claims must be removed before (spec §1.2).
//
// The zero Fill is not valid.
type Fill struct {
	// ID identifies the claim; the subject of evidence rows.
	ID string `json:"id"`
	// Patient is whose fill it is.
	Patient carecoord.PatientID `json:"patient"`
	// Class is the drug class the measure is about ("statins", "ras-antagonists",
	// "diabetes"; AdhereR's medication category): the caller's value set decides it.
	Class string `json:"class"`
	// Drug is the target drug, the active ingredient, whose overlapping fills shift forward
	// (PQA's same-drug rule). A measure that banks supply across a whole class, as the
	// benchmark harness's does, gives the class here too.
	Drug string `json:"drug"`
	// Day is the date of service.
	Day civil.Date `json:"day"`
	// DaysSupply is how many days the dispensed supply lasts, from 1 to 366.
	DaysSupply int `json:"daysSupply"`
	// DailyDose is the units taken a day, for AdhereR's dosage-change option; 0 when not
	// known.
	DailyDose int `json:"dailyDose,omitempty"`
}

// Validate reports every problem with f as carecoord.FieldErrors, naming fields, never values:
// the id, patient, class and drug must be there, the day valid, the days' supply from 1 to 366
// (spec §1.2: a supply of 0 or less is a data error, not a fill that covers nothing) and the
// daily dose not negative.
func (f Fill) Validate() error {
	var errs carecoord.FieldErrors
	if f.ID == "" {
		errs.Add(carecoord.Required("id", "must identify the claim"))
	}
	checkPatient(&errs, f.Patient)
	if f.Class == "" {
		errs.Add(carecoord.Required("class", "must name the drug class"))
	}
	if f.Drug == "" {
		errs.Add(carecoord.Required("drug", "must name the target drug"))
	}
	checkDay(&errs, "day", f.Day)
	if f.DaysSupply < 1 || f.DaysSupply > maxDaysSupply {
		errs.Add(carecoord.OutOfRange("daysSupply", "must be from 1 to 366 days"))
	}
	if f.DailyDose < 0 {
		errs.Add(carecoord.OutOfRange("dailyDose", "must not be negative"))
	}
	return errs.Err()
}

// validApartFromPatient reports whether Validate finds no problem, the patient aside, without
// making its errors: the check a measure makes of each of ten million fills, checking the
// patient as it packs it, and leaving Validate to say what is wrong.
func (f *Fill) validApartFromPatient() bool {
	// Each term is negative when its rule is broken: one test, not one a field.
	return (len(f.ID)-1)|(len(f.Class)-1)|(len(f.Drug)-1)|(f.DaysSupply-1)|(maxDaysSupply-f.DaysSupply)|f.DailyDose >= 0 &&
		f.Day.IsValid()
}
