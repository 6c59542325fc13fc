package transition

import "github.com/carecoord/carecoord"

// A RiskTier is a patient's readmission-risk band, from a score computed elsewhere (the metrics
// package, or the hospital's own model). It chooses the intensity of post-discharge follow-up: a
// high-risk patient is seen within 7 days, others within 14 ([PostDischargeTemplate]). These are
// the library's tokens. The zero RiskTier means "not assessed" and is not valid.
type RiskTier string

// The risk tiers.
const (
	RiskLow      RiskTier = "low"
	RiskModerate RiskTier = "moderate"
	RiskHigh     RiskTier = "high"
)

// RiskTiers returns every RiskTier, lowest first, in a new slice.
func RiskTiers() []RiskTier { return []RiskTier{RiskLow, RiskModerate, RiskHigh} }

// IsValid reports whether r is one of [RiskTiers].
func (r RiskTier) IsValid() bool { return r == RiskLow || r == RiskModerate || r == RiskHigh }

// TierFromLACE returns the tier of a LACE index score (van Walraven et al., CMAJ
// 2010;182(6):551–7; total 0 to 19): 0–4 low, 5–9 moderate, 10 or more high. The bands are a
// common practice convention, not cut-offs from the paper (metrics spec §6.1); an organisation
// with its own bands should map the score itself. A score outside 0 to 19 is an error matching
// carecoord.ErrInvalid.
func TierFromLACE(score int) (RiskTier, error) {
	switch {
	case score < 0 || score > 19:
		return "", carecoord.OutOfRange("lace", "must be from 0 to 19")
	case score >= 10:
		return RiskHigh, nil
	case score >= 5:
		return RiskModerate, nil
	}
	return RiskLow, nil
}

// TierFromHOSPITAL returns the tier of a HOSPITAL score (Donzé et al., JAMA Intern Med
// 2013;173(8):632–8; total 0 to 13): 0–4 low, 5–6 intermediate (moderate), 7 or more high, the
// paper's risk classes (metrics spec §6.2). A score outside 0 to 13 is an error matching
// carecoord.ErrInvalid.
func TierFromHOSPITAL(score int) (RiskTier, error) {
	switch {
	case score < 0 || score > 13:
		return "", carecoord.OutOfRange("hospital", "must be from 0 to 13")
	case score >= 7:
		return RiskHigh, nil
	case score >= 5:
		return RiskModerate, nil
	}
	return RiskLow, nil
}
