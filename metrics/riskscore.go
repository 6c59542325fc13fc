package metrics

import (
	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/transition"
)

// This file holds what the patient-level risk scores share: Charlson ([Charlson]), LACE
// ([LACE]) and HOSPITAL ([HOSPITAL]). Each takes one patient's values, returns the total, the
// points of every component (so that a clinician can check the sum against the published
// table) and a [transition.RiskTier], and rejects bad input with carecoord.FieldErrors that
// name fields, never values. Each point table is data in the file of its score, with its
// source (the carecoord metrics spec §6).
//
// The scores are pure functions of their input: call them once per patient, from as many
// goroutines as you like. Charlson, the one that runs over whole populations, finds each code
// in two steps of a generated index (charlsonindex.go) and allocates only for its evidence:
// two small allocations for a patient with a Charlson code, none for a patient without one
// or with CharlsonOptions.NoEvidence.

// RiskBands cut a score into the tiers of [transition.RiskTier]: a score below Moderate is
// low, from Moderate to below High moderate, and High or above high. Moderate equal to High
// leaves no moderate tier.
//
// The zero RiskBands stands for the score's default bands, which each score's options name:
// cut-offs are conventions that organisations set for themselves, so every score takes its
// bands as an option.
type RiskBands struct {
	Moderate int `json:"moderate"`
	High     int `json:"high"`
}

// rkValidate adds the problems with b, a score's bands option at path: unless b is the zero
// RiskBands, Moderate must be at least 1 (a score of 0 is always low) and High at least
// Moderate.
func (b RiskBands) rkValidate(errs *carecoord.FieldErrors, path string) {
	if b == (RiskBands{}) {
		return
	}
	if b.Moderate < 1 {
		errs.Add(carecoord.OutOfRange(path+".moderate", "must be at least 1"))
	}
	if b.High < b.Moderate {
		errs.Add(carecoord.Invalid(path+".high", "must not be below moderate"))
	}
}

// rkTier returns the tier of score under b, which is valid and not zero.
func (b RiskBands) rkTier(score int) transition.RiskTier {
	switch {
	case score >= b.High:
		return transition.RiskHigh
	case score >= b.Moderate:
		return transition.RiskModerate
	}
	return transition.RiskLow
}

// rkTierOf returns the tier of score: under b, or under the score's default bands (def) when
// b is zero. A score outside def's range is an error, which the scores never produce.
func rkTierOf(score int, b RiskBands, def func(int) (transition.RiskTier, error)) (transition.RiskTier, error) {
	if b == (RiskBands{}) {
		return def(score)
	}
	return b.rkTier(score), nil
}

// An rkStep is one row of a points table: a value of from or more, up to the next row's
// from, gives points.
type rkStep struct{ from, points int }

// rkPoints returns the points of v, which is not negative, in steps (sorted by from, the
// first from 0).
func rkPoints(steps []rkStep, v int) int {
	p := 0
	for _, s := range steps {
		if v < s.from {
			break
		}
		p = s.points
	}
	return p
}

// rkLengthOfStay checks a stay's first and last days and returns the length of stay in days
// (the discharge day less the admission day: 0 for a same-day stay), as LACE and HOSPITAL
// count it.
func rkLengthOfStay(errs *carecoord.FieldErrors, admitted, discharged civil.Date) int {
	n := len(*errs)
	checkDay(errs, "admitted", admitted)
	checkDay(errs, "discharged", discharged)
	if len(*errs) > n {
		return 0
	}
	if discharged.Before(admitted) {
		errs.Add(carecoord.Invalid("discharged", "must not be before admitted"))
		return 0
	}
	return discharged.DaysSince(admitted)
}

// rkCount checks a count that must not be negative.
func rkCount(errs *carecoord.FieldErrors, path string, v int) {
	if v < 0 {
		errs.Add(carecoord.OutOfRange(path, "must not be negative"))
	}
}
