package dosage

import (
	"strconv"

	"github.com/carecoord/carecoord"
)

// A SyntaxError says why [Parse] refused a sig: which token, where, and which rule. It
// matches [carecoord.ErrInvalid] with errors.Is.
//
// Token is the offending text as written, and Pos its byte offset, both in the sig after
// NFKC normalisation, which leaves ASCII text (and so its offsets) unchanged. Token is for
// the caller only: a sig may hold free text (a drug or a person's name), so the message
// ([SyntaxError.Error]) names the rule and the position, never the token. Compare Rule (one
// of the Rule constants), Token and Pos in tests, not the message.
type SyntaxError struct {
	Token string
	Pos   int
	Rule  string
}

// The rules a [SyntaxError] names.
const (
	RuleEmpty           = "empty"                                // nothing but spaces and commas
	RuleTooLong         = "too long"                             // see the limits in the package doc
	RuleUnknownToken    = "unknown token"                        // a word or symbol the grammar does not have
	RuleAmbiguous       = "ambiguous"                            // OD, OS, OU, AD, AU: eye or ear, or "once daily"
	RuleAsDirected      = "as directed"                          // "as directed", "UD": no structured directions
	RuleIncomplete      = "incomplete"                           // a phrase cut short: "q", "every", "x", "once"
	RuleDoseWithoutUnit = "dose without unit"                    // "2 po bid"
	RuleUnitWithoutDose = "unit without dose"                    // "tab po bid"
	RuleBadNumber       = "malformed number"                     // "1.2.3", "1/0", "1/3" (not an exact decimal)
	RuleNotWhole        = "not a whole number"                   // a count, period or duration with a fraction
	RuleOutOfRange      = "out of range"                         // zero, or beyond the limits in the package doc
	RuleBadRange        = "range not increasing"                 // "2-1 tabs", "q6-4h"
	RuleTwoDoses        = "two doses"                            // a dose stated twice
	RuleTwoRoutes       = "two routes"                           // a route stated twice
	RuleTwoFrequencies  = "two frequencies"                      // a frequency stated twice
	RuleTwoDurations    = "two durations"                        // a duration stated twice
	RuleTwoAsNeeded     = "two as-needed"                        // "prn" or "as needed" stated twice
	RuleSite            = "site not supported"                   // "in each nostril", "to affected area"
	RuleIndicationNoPRN = "indication without as needed"         // "daily for blood pressure"
	RuleWhenConflict    = "times of day conflict with frequency" // "twice daily at bedtime"
	RuleNothingStated   = "no dose, timing or as needed"         // "po" alone
)

// Error returns "dosage: RULE at byte POS". It does not quote the token, which may be free
// text.
func (e *SyntaxError) Error() string {
	return "dosage: " + e.Rule + " at byte " + strconv.Itoa(e.Pos)
}

// Is makes errors.Is(err, carecoord.ErrInvalid) true for every SyntaxError.
func (e *SyntaxError) Is(target error) bool { return target == carecoord.ErrInvalid }
