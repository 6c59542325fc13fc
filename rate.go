package carecoord

import "github.com/shopspring/decimal"

// A Rate is a proportion kept exact: Num of Den (3 of 4 occurrences completed, 812 of 1,000
// discharges followed up). It is never stored as a float; round only for display, with
// [Rate.Percent]. The zero Rate is 0 of 0, which is "not computable", not 0%.
type Rate struct {
	Num int64 `json:"num"`
	Den int64 `json:"den"`
}

// Percent returns 100·Num/Den rounded half away from zero to places decimal places, and
// false when Den is 0 (a rate with no denominator is not computable; it is not 0%).
func (r Rate) Percent(places int32) (decimal.Decimal, bool) {
	if r.Den == 0 {
		return decimal.Decimal{}, false
	}
	return decimal.NewFromInt(r.Num).Mul(decimal.NewFromInt(100)).DivRound(decimal.NewFromInt(r.Den), places), true
}

// Add returns the rate of both together: numerators and denominators summed. Rates over
// disjoint parts of a population merge exactly this way.
func (r Rate) Add(o Rate) Rate { return Rate{Num: r.Num + o.Num, Den: r.Den + o.Den} }

// String returns "Num/Den", e.g. "3/4".
func (r Rate) String() string {
	return decimal.NewFromInt(r.Num).String() + "/" + decimal.NewFromInt(r.Den).String()
}
