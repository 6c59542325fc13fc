package metrics

import (
	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/transition"
)

// The LACE points (van Walraven C et al., CMAJ 2010;182(6):551-7), as the metrics spec §6.1
// gives them: two independent open-source implementations agree on every cell (UNC's
// NCTraCSIDSci/LACE_omop_ordrd LACE.sql and a Python calculator); the paper was not readable.

// rkLACEStayPoints returns L's table, by length of stay in days.
func rkLACEStayPoints() [7]rkStep {
	return [...]rkStep{{0, 0}, {1, 1}, {2, 2}, {3, 3}, {4, 4}, {7, 5}, {14, 7}}
}

// rkLACEComorbidityPoints returns C's table, by Charlson index: note the jump from 3 to 5
// points at 4.
func rkLACEComorbidityPoints() [5]rkStep { return [...]rkStep{{0, 0}, {1, 1}, {2, 2}, {3, 3}, {4, 5}} }

// rkLACEEDPoints returns E's table, by ED visits in the six months before the admission.
func rkLACEEDPoints() [5]rkStep { return [...]rkStep{{0, 0}, {1, 1}, {2, 2}, {3, 3}, {4, 4}} }

// rkLACEAcutePoints is A, for an emergent (non-elective) admission.
const rkLACEAcutePoints = 3

// A LACEInput is what the LACE index reads of one stay ending in a discharge to the
// community. The zero LACEInput is not valid: the stay's days are required.
type LACEInput struct {
	// Admitted and Discharged are the first and last days of the stay; the length of stay is
	// the number of days between them (0 for a same-day stay).
	Admitted   civil.Date `json:"admitted"`
	Discharged civil.Date `json:"discharged"`
	// Emergent marks an acute admission: emergent or urgent, not elective.
	Emergent bool `json:"emergent,omitempty"`
	// Charlson is the patient's Charlson comorbidity index, 0 or more, already computed.
	// Which weighting LACE's C expects is not settled (metrics spec §6.1): the library's
	// default, as UNC's LACE implementation does, is the 1987 weights on Quan's ICD-10 codes
	// with the hierarchy, that is Charlson(codes, CharlsonOptions{}).Total; pass another
	// weighting's total (Quan 2011, or a calculator's modified weights) if your organisation
	// validated LACE with it.
	Charlson int `json:"charlson"`
	// EDVisits counts the patient's emergency department visits in the six months before the
	// admission, not counting the visit that led to it (UNC counts the 180 days before the
	// admission day).
	EDVisits int `json:"edVisits"`
}

// LACEOptions choose the tiers of [LACE]. The zero LACEOptions uses the usual bands.
type LACEOptions struct {
	// Bands cut the total into tiers; the zero value means transition.TierFromLACE's: 0-4
	// low, 5-9 moderate, 10 or more high, a practice convention rather than cut-offs from the
	// paper (which maps each total to a risk with its logistic model).
	Bands RiskBands
}

// A LACEScore is one stay's LACE index with the points of each component, so that the sum can
// be checked against the published table. The zero LACEScore has no tier and is no stay's
// score.
type LACEScore struct {
	// Total is L + A + C + E, from 0 to 19.
	Total int `json:"total"`
	// Tier is the total's tier under LACEOptions.Bands.
	Tier transition.RiskTier `json:"tier"`
	// Days is the length of stay in days, the value L reads.
	Days int `json:"days"`
	// L is the points for the length of stay: 0 for under a day, 1, 2 or 3 for 1, 2 or 3
	// days, 4 for 4-6, 5 for 7-13, 7 for 14 or more.
	L int `json:"l"`
	// A is 3 for an emergent admission, else 0.
	A int `json:"a"`
	// C is the points for the Charlson index: the index itself up to 3, then 5 for 4 or more.
	C int `json:"c"`
	// E is the points for the ED visits: their number, up to 4.
	E int `json:"e"`
}

// LACE returns the LACE index of a stay (van Walraven et al., CMAJ 2010;182(6):551-7), which
// predicts death or unplanned readmission within 30 days of discharge to the community
// (metrics spec §6.1).
//
// It fails, with carecoord.FieldErrors naming each problem, when a day is missing or invalid
// ("admitted", "discharged"), the discharge is before the admission ("discharged"), Charlson
// or EDVisits is negative ("charlson", "edVisits"), or opts.Bands is not valid
// ("bands.moderate", "bands.high"); the score is then zero.
func LACE(in LACEInput, opts LACEOptions) (LACEScore, error) {
	var errs carecoord.FieldErrors
	days := rkLengthOfStay(&errs, in.Admitted, in.Discharged)
	rkCount(&errs, "charlson", in.Charlson)
	rkCount(&errs, "edVisits", in.EDVisits)
	opts.Bands.rkValidate(&errs, "bands")
	if len(errs) > 0 {
		return LACEScore{}, errs.Err()
	}
	l, c, e := rkLACEStayPoints(), rkLACEComorbidityPoints(), rkLACEEDPoints()
	s := LACEScore{
		Days: days,
		L:    rkPoints(l[:], days),
		C:    rkPoints(c[:], in.Charlson),
		E:    rkPoints(e[:], in.EDVisits),
	}
	if in.Emergent {
		s.A = rkLACEAcutePoints
	}
	s.Total = s.L + s.A + s.C + s.E
	tier, err := rkTierOf(s.Total, opts.Bands, transition.TierFromLACE)
	if err != nil {
		return LACEScore{}, err
	}
	s.Tier = tier
	return s, nil
}
