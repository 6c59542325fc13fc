package metrics

import (
	"github.com/carecoord/carecoord"
	"github.com/shopspring/decimal"
)

// The lines of a capitation reconciliation's [Explanation], in order.
const (
	// LineMemberMonths: the member months the capitation covers (input).
	LineMemberMonths LineLabel = "member-months"
	// LineCapitationPayments: the capitation payments received for them (input).
	LineCapitationPayments LineLabel = "capitation-payments"
	// LineCapitationPMPM: capitation payments ÷ member months.
	LineCapitationPMPM LineLabel = "capitation-pmpm"
	// LineCostOfCare: the cost of the capitated services for the same members and months
	// (input).
	LineCostOfCare LineLabel = "cost-of-care"
	// LineCostPMPM: cost of care ÷ member months.
	LineCostPMPM LineLabel = "cost-pmpm"
	// LineSurplus: capitation payments − cost of care; negative, a deficit.
	LineSurplus LineLabel = "surplus"
	// LineSurplusPMPM: surplus ÷ member months.
	LineSurplusPMPM LineLabel = "surplus-pmpm"
	// LineCostRatio: cost of care ÷ capitation payments; absent when no payment was
	// received.
	LineCostRatio LineLabel = "cost-ratio"
)

// A Capitation is what a capitation reconciliation compares, for one capitated population
// (a provider's or a care-coordination program's members under one contract) over one
// period: the member months, the capitation payments received for them, and the cost of the
// services the capitation covers for the same members in the same months.
//
// The definition is carecoord's (issue #9), stated here because payers differ: Payments are
// the capitation paid for the period's member months (the contract's PMPM rate × the member
// months, as paid, retroactive adjustments included); Costs are the services the capitation
// is meant to cover, incurred in the period by those members, priced as the contract prices
// them (for example at its fee schedule, whoever paid the claim); MemberMonths are counted as
// the payer counts them, or by [MemberMonths] from enrollment spans. Capitations of
// populations split by member add up exactly ([Capitation.Add]).
//
// The zero Capitation is the capitation of nobody; it is not valid on its own (there are no
// member months to reconcile) but adds to any Capitation and leaves it as it is.
type Capitation struct {
	MemberMonths decimal.Decimal `json:"memberMonths"`
	Payments     decimal.Decimal `json:"payments"`
	Costs        decimal.Decimal `json:"costs"`
}

// Add returns the capitation of both populations together, which must be disjoint by member
// and over the same period.
func (c Capitation) Add(o Capitation) Capitation {
	return Capitation{
		MemberMonths: c.MemberMonths.Add(o.MemberMonths),
		Payments:     c.Payments.Add(o.Payments),
		Costs:        c.Costs.Add(o.Costs),
	}
}

// Validate reports every problem with c as carecoord.FieldErrors, with paths
// "memberMonths", "payments" and "costs": member months must be positive, payments and costs
// must not be negative, and none may be 10^15 or more or have more than 30 decimal places.
func (c Capitation) Validate() error {
	var errs carecoord.FieldErrors
	if !fiCheckSizes(&errs, fiNamed{"memberMonths", c.MemberMonths}, fiNamed{"payments", c.Payments}, fiNamed{"costs", c.Costs}) {
		return errs.Err()
	}
	switch {
	case c.MemberMonths.IsZero():
		errs.Add(carecoord.Required("memberMonths", "must be set: a reconciliation needs member months"))
	case c.MemberMonths.IsNegative():
		errs.Add(carecoord.OutOfRange("memberMonths", "must be positive"))
	}
	if c.Payments.IsNegative() {
		errs.Add(carecoord.OutOfRange("payments", "must not be negative"))
	}
	if c.Costs.IsNegative() {
		errs.Add(carecoord.OutOfRange("costs", "must not be negative"))
	}
	return errs.Err()
}

// A CapitationReconciliation is the result of [ReconcileCapitation]: the capitation, its
// surplus, and the explanation of every amount.
type CapitationReconciliation struct {
	Capitation
	// Surplus is Payments − Costs, exactly: positive, the capitation covered the care with
	// money left; negative, a deficit the capitated party bore.
	Surplus decimal.Decimal `json:"surplus"`
	// Explanation has the lines [LineMemberMonths] to [LineCostRatio], in that order.
	Explanation Explanation `json:"explanation"`
}

// ReconcileCapitation compares the capitation payments with the cost of care, in total and
// per member month (the definitions are [Capitation]'s): surplus = payments − costs, each
// per member month = amount ÷ member months, and the cost ratio = costs ÷ payments (the share
// of the capitation the care consumed, as a medical loss ratio is computed; left out when no
// payment was received). The total surplus is exact; per-member-month amounts and the ratio
// are quotients rounded as [QuotientPlaces] says, and are [PMPM] values, so they merge
// exactly when the capitations do.
//
// Errors match carecoord.ErrInvalid, with the paths of [Capitation.Validate].
func ReconcileCapitation(c Capitation) (CapitationReconciliation, error) {
	if err := c.Validate(); err != nil {
		return CapitationReconciliation{}, err
	}
	const src = "capitation reconciliation as carecoord defines it (metrics.Capitation)"
	var x fiLedger
	x.fiAdd(LineMemberMonths, UnitCount, c.MemberMonths, "", "member months of the capitated members in the period (input)")
	x.fiAdd(LineCapitationPayments, UnitDollars, c.Payments, "", "capitation paid for those member months, adjustments included (input)")
	x.fiAdd(LineCapitationPMPM, UnitDollars, fiPerMonth(c.Payments, c.MemberMonths), "", "capitation payments ÷ member months")
	x.fiAdd(LineCostOfCare, UnitDollars, c.Costs, "", "cost of the capitated services for the same members and months (input)")
	x.fiAdd(LineCostPMPM, UnitDollars, fiPerMonth(c.Costs, c.MemberMonths), "", "cost of care ÷ member months")
	surplus := x.fiAdd(LineSurplus, UnitDollars, c.Payments.Sub(c.Costs), "", "capitation payments − cost of care; below zero, a deficit ("+src+")")
	x.fiAdd(LineSurplusPMPM, UnitDollars, fiPerMonth(surplus, c.MemberMonths), "", "surplus ÷ member months")
	if c.Payments.IsPositive() {
		x.fiAdd(LineCostRatio, UnitRate, c.Costs.DivRound(c.Payments, QuotientPlaces), "", "cost of care ÷ capitation payments")
	}
	return CapitationReconciliation{Capitation: c, Surplus: surplus, Explanation: x.lines}, nil
}

// fiPerMonth returns amount ÷ member months as PMPM.Value does; months are positive.
func fiPerMonth(amount, months decimal.Decimal) decimal.Decimal {
	v, _ := PMPM{Cost: amount, MemberMonths: months}.Value()
	return v
}
