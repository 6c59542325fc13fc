package metrics

import (
	"math/big"

	"github.com/carecoord/carecoord"
)

// ExactDays is an exact number of days: a whole number for most CMAs, a fraction for CMA9's
// weighted days and for supply that a dose change rescales (spec §1.4). A sum of fractions
// over a patient's refill intervals can have a denominator far beyond int64 (the least common
// multiple of the interval lengths), so the value is held as an arbitrary-precision rational
// when it is not a whole number, and never rounded.
//
// ExactDays is immutable, like decimal.Decimal: no method changes it, and copies share nothing
// that changes. Compare with [ExactDays.Cmp] or [ExactDays.Equal] (go-cmp uses Equal), not ==.
// The zero ExactDays is 0.
type ExactDays struct {
	n int64    // the value when r is nil
	r *big.Rat // the value when it is not a whole int64; never changed after it is made
}

// WholeDays returns n days.
func WholeDays(n int64) ExactDays { return ExactDays{n: n} }

// NewExactDays returns num/den days exactly. It fails, with an error matching
// carecoord.ErrInvalid, when den is not positive.
func NewExactDays(num, den int64) (ExactDays, error) {
	if den <= 0 {
		return ExactDays{}, carecoord.OutOfRange("den", "must be positive")
	}
	return cmExactOf(new(big.Rat).SetFrac(big.NewInt(num), big.NewInt(den))), nil
}

// cmExactOf returns r as an ExactDays, taking ownership of r: whole numbers that fit an int64
// are held without it.
func cmExactOf(r *big.Rat) ExactDays {
	if r.IsInt() && r.Num().IsInt64() {
		return ExactDays{n: r.Num().Int64()}
	}
	return ExactDays{r: r}
}

// Rat returns d as a new big.Rat, which the caller may change.
func (d ExactDays) Rat() *big.Rat {
	if d.r == nil {
		return new(big.Rat).SetInt64(d.n)
	}
	return new(big.Rat).Set(d.r)
}

// Whole returns d and true when d is a whole number of days that fits an int64.
func (d ExactDays) Whole() (int64, bool) { return d.n, d.r == nil }

// IsZero reports whether d is 0.
func (d ExactDays) IsZero() bool { return d.r == nil && d.n == 0 }

// Cmp returns -1, 0 or +1 as d is less than, equal to or greater than e.
func (d ExactDays) Cmp(e ExactDays) int {
	if d.r == nil && e.r == nil {
		switch {
		case d.n < e.n:
			return -1
		case d.n > e.n:
			return 1
		}
		return 0
	}
	return d.Rat().Cmp(e.Rat())
}

// Equal reports whether d and e are the same number of days.
func (d ExactDays) Equal(e ExactDays) bool { return d.Cmp(e) == 0 }

// Float64 returns d as the nearest float64, for display only: compare and store ExactDays.
func (d ExactDays) Float64() float64 {
	if d.r == nil {
		return float64(d.n)
	}
	f, _ := d.r.Float64()
	return f
}

// String returns d as "252" or, when it is not a whole number, as a fraction in lowest terms,
// "5414/21".
func (d ExactDays) String() string {
	if d.r == nil {
		return big.NewInt(d.n).String()
	}
	return d.r.RatString()
}

// MarshalText returns [ExactDays.String]: JSON carries ExactDays as a string, so that no
// reader rounds it through a float.
func (d ExactDays) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// cmMaxDigits bounds each integer of the text form, so that parsing untrusted input cannot be
// made to build huge numbers (big.Rat's own parser accepts exponents like "1e999999999").
const cmMaxDigits = 400

// UnmarshalText parses the form String writes: an optionally negative integer, or two
// integers with a slash, "5414/21", each of at most 400 digits, the denominator not zero. It
// fails with an error matching carecoord.ErrInvalid and leaves d unchanged otherwise.
func (d *ExactDays) UnmarshalText(b []byte) error {
	s := string(b)
	num, den := s, "1"
	for i := range len(s) {
		if s[i] == '/' {
			num, den = s[:i], s[i+1:]
			break
		}
	}
	if len(num) > 0 && num[0] == '-' {
		num = num[1:]
	}
	if !cmDigits(num) || !cmDigits(den) {
		return carecoord.Invalid("", "must be an integer or a fraction of integers, like 5414/21")
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok || r == nil {
		return carecoord.Invalid("", "must be an integer or a fraction of integers with a non-zero denominator")
	}
	*d = cmExactOf(r)
	return nil
}

// cmDigits reports whether s is 1 to cmMaxDigits ASCII digits.
func cmDigits(s string) bool {
	if len(s) == 0 || len(s) > cmMaxDigits {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// A cmAmount adds up days: whole days in an int64, and fractions (partial days of a dose
// change, CMA9's weighted intervals) in a big.Rat made only when there is one, so that the
// common whole-day sums never allocate.
type cmAmount struct {
	whole int64
	frac  *big.Rat
}

// addFrac adds x·y/z days, z > 0, exactly.
func (a *cmAmount) addFrac(x, y, z int64) {
	r := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(x), big.NewInt(y)), big.NewInt(z))
	if a.frac == nil {
		a.frac = r
		return
	}
	a.frac.Add(a.frac, r)
}

// exact returns the sum.
func (a *cmAmount) exact() ExactDays {
	if a.frac == nil {
		return ExactDays{n: a.whole}
	}
	return cmExactOf(new(big.Rat).Add(a.frac, new(big.Rat).SetInt64(a.whole)))
}
