package metrics

import (
	"strings"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/shopspring/decimal"
)

// QuotientPlaces is the number of decimal places a quotient in this package's finance is
// rounded to, half away from zero: 10 places are a millionth of a percent on a rate and a
// hundred-millionth of a cent on an amount, below any figure CMS or a payer publishes.
//
// The finance functions ([PMPM], [ReconcileCapitation], [SharedSavings]) compute with
// decimals, never floats (DESIGN rule 9), and round only here:
//
//   - Inputs are used as given, whatever their number of decimal places.
//   - Sums, differences and products are exact (decimal arithmetic does not round them).
//   - A quotient (a rate, a per-member-month amount, an interpolated minimum savings rate, a
//     sharing rate on the quality sliding scale) is rounded once, half away from zero, to
//     QuotientPlaces decimal places, and the later lines use that rounded value, so that
//     every line of an [Explanation] can be recomputed exactly from the lines above it and
//     the inputs its rule names.
//   - An amount that changes hands (the shared savings paid, the shared losses owed) is
//     rounded half away from zero to cents, as the last line of its Explanation.
//   - Display rounds again, from the exact value and once ([PMPM.Round],
//     [ExplanationLine.String]); a displayed value is never rounded again.
const QuotientPlaces = 10

// A Basis says how solid a payment model's parameter value is, as the carecoord metrics spec
// (§0) tags its rules. The zero Basis is a value the caller chose; it makes no claim.
type Basis string

// The bases.
const (
	// BasisPrimary [P]: read in a primary or steward-published source (CFR text, a CMS rule).
	BasisPrimary Basis = "P"
	// BasisSecondary [S]: read in a secondary source (a consultancy paper, a payer page).
	BasisSecondary Basis = "S"
	// BasisGeneral [G]: general knowledge that no source read for the spec confirms; verify it
	// against the current regulation before relying on it.
	BasisGeneral Basis = "G"
)

// Bases returns every Basis, in a new slice.
func Bases() []Basis { return []Basis{BasisPrimary, BasisSecondary, BasisGeneral} }

// IsValid reports whether b is one of [Bases] or the zero Basis (the caller's value).
func (b Basis) IsValid() bool {
	switch b {
	case "", BasisPrimary, BasisSecondary, BasisGeneral:
		return true
	}
	return false
}

// A Term is one parameter of a payment model: its value and, for a preset's default, how solid
// that default is and where it comes from, which the [Explanation] repeats wherever the term
// is used. Replace the whole Term to use a value of your own (Term{Value: v}), so that the
// preset's basis and source do not stay attached to it.
//
// The zero Term is the caller's value 0.
type Term struct {
	Value decimal.Decimal `json:"value"`
	// Basis is how solid the value is; "" for the caller's own value.
	Basis Basis `json:"basis,omitempty"`
	// Source cites the rule the value comes from; "" for the caller's own value.
	Source string `json:"source,omitempty"`
}

// fiCite returns how a rule names the term's origin: "42 CFR 425.605 [S]", or "the
// caller's value".
func (t Term) fiCite() string {
	switch {
	case t.Source == "" && t.Basis == "":
		return "the caller's value"
	case t.Basis == "":
		return t.Source
	case t.Source == "":
		return "[" + string(t.Basis) + "]"
	}
	return t.Source + " [" + string(t.Basis) + "]"
}

// fiNamed is a decimal input and its path.
type fiNamed struct {
	path string
	d    decimal.Decimal
}

// fiCheckSizes reports every decimal that is no real finance input: 10^15 or more in
// magnitude (a quadrillion dollars or beneficiaries), or with more than 30 decimal places. It
// looks only at the digits and the exponent, because computing with such a value, even
// comparing it, can take memory without bound ("1e999999999" is a valid decimal). It returns
// whether every value was fine; when one was not, the caller checks nothing else.
func fiCheckSizes(errs *carecoord.FieldErrors, ds ...fiNamed) bool {
	ok := true
	for _, n := range ds {
		exp := n.d.Exponent()
		// Any exponent beyond these makes arithmetic rescale by a power of ten without bound,
		// even for a zero ("0e999999999"); within them, comparing scales by at most 10^45.
		if exp < -30 || exp > 15 || n.d.Abs().Cmp(decimal.New(1, 15)) >= 0 {
			errs.Add(carecoord.OutOfRange(n.path, "must be below 10^15 in magnitude, with at most 30 decimal places"))
			ok = false
		}
	}
	return ok
}

// fiCheckRate checks a term that is a rate: from 0 to 1 (0 % to 100 %), with a known basis.
// Its size is checked already.
func fiCheckRate(errs *carecoord.FieldErrors, path string, t Term) {
	if t.Value.IsNegative() || t.Value.GreaterThan(decimal.NewFromInt(1)) {
		errs.Add(carecoord.OutOfRange(carecoord.Path(path, "value"), "must be a rate from 0 to 1"))
	}
	if !t.Basis.IsValid() {
		errs.Add(carecoord.NotSupported(carecoord.Path(path, "basis"), append([]Basis{""}, Bases()...)...))
	}
}

// A Unit says what an explanation line's amount is, and so how it is displayed.
type Unit string

// The units.
const (
	// UnitDollars: US dollars, displayed to the cent ("$2,208,000.00").
	UnitDollars Unit = "USD"
	// UnitRate: a fraction, displayed as a percentage with the decimals it has ("2.879976%").
	UnitRate Unit = "rate"
	// UnitCount: beneficiaries or member months, possibly fractional (person-years),
	// displayed with the decimals it has ("12,000").
	UnitCount Unit = "count"
)

// A LineLabel names a line of an [Explanation]: what the amount is ("total-savings"). Labels
// are stable; reports and tests key on them. Each finance function lists the labels of its
// lines.
type LineLabel string

// An ExplanationLine is one step of a finance computation: what the amount is, the rule that
// gave it (the arithmetic, the source it follows, the decision it made) and the amount.
type ExplanationLine struct {
	Label LineLabel `json:"label"`
	// Rule is English for people: the formula over the lines above, the source cited with its
	// [Basis], and for a test (the minimum savings rate) whether it was met.
	Rule string `json:"rule"`
	// Amount is the exact value, rounded only as the package's rounding rules say.
	Amount decimal.Decimal `json:"amount"`
	Unit   Unit            `json:"unit"`
	// Basis is, for a line that brings in a parameter, how solid the parameter is; "" for a
	// computed line or an input.
	Basis Basis `json:"basis,omitempty"`
}

// String returns the line for display: the label, the amount as [ExplanationLine.Display]
// shows it, and the rule.
func (l ExplanationLine) String() string {
	return fiPad(string(l.Label), 30) + " " + fiPadLeft(l.Display(), 18) + "  " + l.Rule
}

// Display returns the amount for display, by its unit: dollars rounded half away from zero to
// the cent with thousands separators ("-$44,160.00"), a rate as a percentage with the decimals
// it has ("2.879976%"), a count with thousands separators and the decimals it has
// ("12,000.5"); any other unit as the plain decimal. Compute with Amount, never with this.
func (l ExplanationLine) Display() string { return fiFormat(l.Amount, l.Unit) }

// An Explanation is the ordered lines of a finance computation: inputs first, then each step,
// then the result, so that every dollar can be traced to its inputs and rules. The zero
// Explanation has no lines.
type Explanation []ExplanationLine

// Find returns the first line with the label, and false when there is none.
func (e Explanation) Find(label LineLabel) (ExplanationLine, bool) {
	for _, l := range e {
		if l.Label == label {
			return l, true
		}
	}
	return ExplanationLine{}, false
}

// String returns the lines for display, one a line.
func (e Explanation) String() string {
	var b strings.Builder
	for i, l := range e {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l.String())
	}
	return b.String()
}

// fiFormat returns an amount for display, as ExplanationLine.Display says.
func fiFormat(d decimal.Decimal, u Unit) string {
	switch u {
	case UnitDollars:
		s := fiGroup(d.Abs().StringFixed(2))
		if d.Round(2).IsNegative() {
			return "-$" + s
		}
		return "$" + s
	case UnitRate:
		return d.Shift(2).String() + "%"
	case UnitCount:
		return fiGroupSigned(d.String())
	}
	return d.String()
}

// fiGroupSigned groups the integer digits of a decimal string that may start with "-".
func fiGroupSigned(s string) string {
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		return "-" + fiGroup(rest)
	}
	return fiGroup(s)
}

// fiGroup puts thousands separators in the integer part of an unsigned decimal string.
func fiGroup(s string) string {
	whole, frac, dot := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if dot {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

func fiPad(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return s + strings.Repeat(" ", n-len(s))
}

func fiPadLeft(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return strings.Repeat(" ", n-len(s)) + s
}

// fiLedger builds an Explanation.
type fiLedger struct{ lines Explanation }

// fiAdd appends a line and returns its amount.
func (x *fiLedger) fiAdd(label LineLabel, unit Unit, amount decimal.Decimal, basis Basis, rule string) decimal.Decimal {
	x.lines = append(x.lines, ExplanationLine{Label: label, Rule: rule, Amount: amount, Unit: unit, Basis: basis})
	return amount
}

// A PMPM is a population's cost per member per month, kept as its two terms so that PMPMs of
// parts of a population (split by member) add up exactly ([PMPM.Add]): the PMPM of the whole
// is the sum of the costs over the sum of the member months, never an average of PMPMs.
//
// Member months come from the caller (a payer's eligibility file, fractional when the payer
// pro-rates by days) or from enrollment spans by the utilisation measure's rule
// ([MemberMonths]), so that a PMPM and a utilisation rate over the same members share their
// denominator.
//
// The zero PMPM is the PMPM of nobody: no cost over no member months, not computable.
type PMPM struct {
	// Cost is the total cost over the member months: allowed or paid amounts, as the caller's
	// report defines them. It may be negative (a part of a population holding only claim
	// reversals).
	Cost decimal.Decimal `json:"cost"`
	// MemberMonths is the denominator; never negative.
	MemberMonths decimal.Decimal `json:"memberMonths"`
}

// Validate reports a negative MemberMonths, and a cost or member months too large or too fine
// to be real (10^15 or more, more than 30 decimal places), as a carecoord.FieldErrors with
// paths "cost" and "memberMonths". Validate a PMPM from outside before computing with it:
// the size limits keep its arithmetic bounded.
func (p PMPM) Validate() error {
	var errs carecoord.FieldErrors
	if !fiCheckSizes(&errs, fiNamed{"cost", p.Cost}, fiNamed{"memberMonths", p.MemberMonths}) {
		return errs.Err()
	}
	if p.MemberMonths.IsNegative() {
		errs.Add(carecoord.OutOfRange("memberMonths", "must not be negative"))
	}
	return errs.Err()
}

// Add returns the PMPM of both populations together, which must be disjoint by member:
// costs and member months add.
func (p PMPM) Add(o PMPM) PMPM {
	return PMPM{Cost: p.Cost.Add(o.Cost), MemberMonths: p.MemberMonths.Add(o.MemberMonths)}
}

// Value returns Cost ÷ MemberMonths rounded half away from zero to [QuotientPlaces] decimal
// places, the value to compute with, and false when there are no member months (a PMPM of
// nobody is not computable, not 0).
func (p PMPM) Value() (decimal.Decimal, bool) { return p.Round(QuotientPlaces) }

// Round returns Cost ÷ MemberMonths rounded half away from zero to places decimal places (2
// for cents), for display, and false when there are no member months. It rounds the exact
// quotient once: Round(2) may differ from Value rounded to 2 places, which rounds twice.
func (p PMPM) Round(places int32) (decimal.Decimal, bool) {
	if !p.MemberMonths.IsPositive() {
		return decimal.Decimal{}, false
	}
	return p.Cost.DivRound(p.MemberMonths, places), true
}

// MemberMonths returns the member months of the enrollment spans within period, by the rule of
// [MeasureUtilization] (the Tuva Project's any-day-of-the-month rule by default, or
// [UtilizationOptions.MemberMonthDay]'s snapshot day); it is that measure's denominator, so a
// PMPM and a utilisation rate over the same members share it. A member's overlapping spans
// never count a month twice. Member months of populations split by member add up.
//
// Only uo.MemberMonthDay matters, but all of uo is validated, so that the same options can be
// passed to both. Errors match carecoord.ErrInvalid, with the paths MeasureUtilization gives
// ("period.start", "enrollment[3].end", "options.memberMonthDay").
func MemberMonths(period civil.Range, enrollment []EnrollmentSpan, uo UtilizationOptions) (int64, error) {
	u, err := MeasureUtilization(period, enrollment, nil, uo, Options{})
	if err != nil {
		return 0, err
	}
	return u.ED.Total.Denominator, nil
}

// PMPMFromEnrollment returns the PMPM of cost over the member months of the enrollment spans
// within period ([MemberMonths]). Errors are those of MemberMonths, or of [PMPM.Validate]
// (path "cost").
func PMPMFromEnrollment(cost decimal.Decimal, period civil.Range, enrollment []EnrollmentSpan, uo UtilizationOptions) (PMPM, error) {
	mm, err := MemberMonths(period, enrollment, uo)
	if err != nil {
		return PMPM{}, err
	}
	p := PMPM{Cost: cost, MemberMonths: decimal.NewFromInt(mm)}
	if err := p.Validate(); err != nil {
		return PMPM{}, err
	}
	return p, nil
}
