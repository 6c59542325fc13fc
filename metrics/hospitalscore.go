package metrics

import (
	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/transition"
	"github.com/shopspring/decimal"
)

// The HOSPITAL points (Donzé J et al., JAMA Intern Med 2013;173(8):632-8), as the metrics spec
// §6.2 gives them (one implementation and a recollection of the paper agree).
const (
	rkHospitalHemoglobinPoints = 1 // H: hemoglobin at discharge below 12 g/dL
	rkHospitalOncologyPoints   = 2 // O: discharged from an oncology service
	rkHospitalSodiumPoints     = 1 // S: sodium at discharge below 135 mmol/L
	rkHospitalProcedurePoints  = 1 // P: any ICD-coded procedure during the stay
	rkHospitalUrgentPoints     = 1 // IT: index admission urgent or emergent

	rkHospitalLowHemoglobin = 12  // g/dL: H counts below this
	rkHospitalLowSodium     = 135 // mmol/L: S counts below this

	// The largest values taken as measured in the right unit: hemoglobin above 25 is most
	// likely in g/L and sodium above 200 in mg/dL, which would silently score 0.
	rkHospitalMaxHemoglobin = 25
	rkHospitalMaxSodium     = 200
)

// rkHospitalAdmissionPoints returns A's table, by admissions in the 12 months before: 0-1
// give 0, 2-5 give 2, more than 5 give 5.
func rkHospitalAdmissionPoints() [3]rkStep { return [...]rkStep{{0, 0}, {2, 2}, {6, 5}} }

// rkHospitalStayPoints returns L's table, by length of stay in days: 5 or more give 2.
func rkHospitalStayPoints() [2]rkStep { return [...]rkStep{{0, 0}, {5, 2}} }

// A HOSPITALInput is what the HOSPITAL score reads of one medical patient's stay. The zero
// HOSPITALInput is not valid: the laboratory values and the stay's days are required.
type HOSPITALInput struct {
	// Hemoglobin is the last hemoglobin before discharge, in g/dL.
	Hemoglobin decimal.Decimal `json:"hemoglobin"`
	// Oncology marks a discharge from an oncology service.
	Oncology bool `json:"oncology,omitempty"`
	// Sodium is the last sodium before discharge, in mmol/L.
	Sodium decimal.Decimal `json:"sodium"`
	// Procedure marks a stay with any ICD-coded procedure.
	Procedure bool `json:"procedure,omitempty"`
	// Urgent marks an urgent or emergent (non-elective) index admission.
	Urgent bool `json:"urgent,omitempty"`
	// Admissions counts the hospital admissions in the 12 months before the index admission,
	// not counting it.
	Admissions int `json:"admissions"`
	// Admitted and Discharged are the first and last days of the stay; the length of stay is
	// the number of days between them.
	Admitted   civil.Date `json:"admitted"`
	Discharged civil.Date `json:"discharged"`
}

// HOSPITALOptions choose the tiers of [HOSPITAL]. The zero HOSPITALOptions uses the paper's
// risk classes.
type HOSPITALOptions struct {
	// Bands cut the total into tiers; the zero value means transition.TierFromHOSPITAL's,
	// the paper's classes: 0-4 low, 5-6 intermediate (moderate), 7 or more high.
	Bands RiskBands
}

// A HOSPITALScore is one stay's HOSPITAL score with the points of each item, so that the sum
// can be checked against the published table. The zero HOSPITALScore has no tier and is no
// stay's score.
type HOSPITALScore struct {
	// Total is H + O + S + P + IT + A + L, from 0 to 13.
	Total int `json:"total"`
	// Tier is the total's tier under HOSPITALOptions.Bands.
	Tier transition.RiskTier `json:"tier"`
	// Days is the length of stay in days, the value L reads.
	Days int `json:"days"`
	// H is 1 for hemoglobin below 12 g/dL at discharge.
	H int `json:"h"`
	// O is 2 for a discharge from an oncology service.
	O int `json:"o"`
	// S is 1 for sodium below 135 mmol/L at discharge.
	S int `json:"s"`
	// P is 1 for any ICD-coded procedure during the stay.
	P int `json:"p"`
	// IT is 1 for an urgent or emergent index admission.
	IT int `json:"it"`
	// A is the points for the admissions of the previous 12 months: 0 for 0-1, 2 for 2-5, 5
	// for more than 5.
	A int `json:"a"`
	// L is 2 for a stay of 5 days or more.
	L int `json:"l"`
}

// HOSPITAL returns the HOSPITAL score of a medical patient's stay (Donzé et al., JAMA Intern
// Med 2013;173(8):632-8), which predicts a potentially avoidable readmission within 30 days
// (metrics spec §6.2). The simplified HOSPITAL score (Donzé 2016) is not this one.
//
// It fails, with carecoord.FieldErrors naming each problem, when hemoglobin or sodium is
// missing (zero: FieldRequired), negative or implausibly high for its unit (FieldOutOfRange:
// hemoglobin above 25 g/dL is most likely in g/L, sodium above 200 mmol/L in mg/dL), when a
// day is missing or invalid or the discharge is before the admission, when Admissions is
// negative, or when opts.Bands is not valid; the score is then zero.
func HOSPITAL(in HOSPITALInput, opts HOSPITALOptions) (HOSPITALScore, error) {
	var errs carecoord.FieldErrors
	rkMeasured(&errs, "hemoglobin", in.Hemoglobin, rkHospitalMaxHemoglobin, "must be in g/dL, at most 25")
	rkMeasured(&errs, "sodium", in.Sodium, rkHospitalMaxSodium, "must be in mmol/L, at most 200")
	rkCount(&errs, "admissions", in.Admissions)
	days := rkLengthOfStay(&errs, in.Admitted, in.Discharged)
	opts.Bands.rkValidate(&errs, "bands")
	if len(errs) > 0 {
		return HOSPITALScore{}, errs.Err()
	}
	a, l := rkHospitalAdmissionPoints(), rkHospitalStayPoints()
	s := HOSPITALScore{
		Days: days,
		A:    rkPoints(a[:], in.Admissions),
		L:    rkPoints(l[:], days),
	}
	if in.Hemoglobin.LessThan(decimal.NewFromInt(rkHospitalLowHemoglobin)) {
		s.H = rkHospitalHemoglobinPoints
	}
	if in.Oncology {
		s.O = rkHospitalOncologyPoints
	}
	if in.Sodium.LessThan(decimal.NewFromInt(rkHospitalLowSodium)) {
		s.S = rkHospitalSodiumPoints
	}
	if in.Procedure {
		s.P = rkHospitalProcedurePoints
	}
	if in.Urgent {
		s.IT = rkHospitalUrgentPoints
	}
	s.Total = s.H + s.O + s.S + s.P + s.IT + s.A + s.L
	tier, err := rkTierOf(s.Total, opts.Bands, transition.TierFromHOSPITAL)
	if err != nil {
		return HOSPITALScore{}, err
	}
	s.Tier = tier
	return s, nil
}

// rkMeasured checks a laboratory value that must be there, positive and at most limit in
// its unit (detail says so).
func rkMeasured(errs *carecoord.FieldErrors, path string, v decimal.Decimal, limit int64, detail string) {
	switch {
	case v.IsZero():
		errs.Add(carecoord.Required(path, "must be measured"))
	case v.IsNegative():
		errs.Add(carecoord.OutOfRange(path, "must be positive"))
	case v.GreaterThan(decimal.NewFromInt(limit)):
		errs.Add(carecoord.OutOfRange(path, detail))
	}
}
