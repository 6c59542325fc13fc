package metrics

import (
	"strconv"

	"github.com/carecoord/carecoord/civil"
)

// AgeOn returns a person's age in completed years on day on: the years since birth, less one
// when on is before the birthday that year. Someone born on 29 February turns a year older on
// 1 March in a common year (as HEDIS counts age "as of" a date). It returns -1 when either day
// is not valid or on is before birth.
func AgeOn(birth, on civil.Date) int {
	if !birth.IsValid() || !on.IsValid() || on.Before(birth) {
		return -1
	}
	by, bm, bd := birth.YMD()
	y, m, d := on.YMD()
	age := y - by
	if m < bm || m == bm && d < bd {
		age--
	}
	return age
}

// An AgeBand is a stratum of ages from Min through Max years, both included; Max 0 means no
// upper bound ("85+").
type AgeBand struct {
	Min int `json:"min"`
	Max int `json:"max,omitempty"`
}

// Label returns the band as a stratum key: "18-44", or "85+" when it has no upper bound.
func (b AgeBand) Label() string {
	if b.Max == 0 {
		return strconv.Itoa(b.Min) + "+"
	}
	return strconv.Itoa(b.Min) + "-" + strconv.Itoa(b.Max)
}

// Contains reports whether age falls in b.
func (b AgeBand) Contains(age int) bool { return age >= b.Min && (b.Max == 0 || age <= b.Max) }

// BandOf returns the label of the first band of bands that holds age, and false when none does
// (the age is outside the measure's population).
func BandOf(bands []AgeBand, age int) (string, bool) {
	for _, b := range bands {
		if b.Contains(age) {
			return b.Label(), true
		}
	}
	return "", false
}

// PCRCommercialBands returns the age strata HEDIS PCR reports for commercial and Medicaid
// members, 18 to 64 as of the index discharge (metrics spec §2.1 rule 12, from payer tip
// sheets; confirm against the HEDIS volume of the measurement year).
func PCRCommercialBands() []AgeBand { return []AgeBand{{18, 44}, {45, 54}, {55, 64}} }

// PCRMedicareBands returns the age strata HEDIS PCR reports for Medicare members, 18 and over
// (metrics spec §2.1 rule 12, as PCRCommercialBands).
func PCRMedicareBands() []AgeBand { return []AgeBand{{18, 64}, {65, 74}, {75, 84}, {85, 0}} }
