package dosage_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/medrec/dosage"
	"github.com/google/go-cmp/cmp"
)

// TestSyntaxErrorOmitsToken (review finding): the offending token may be free text (a drug
// or a person's name), so the message must not carry it; the caller still gets Token, Pos
// and Rule. The message text itself is not compared.
func TestSyntaxErrorOmitsToken(t *testing.T) {
	for _, tt := range []struct {
		sig  string
		want dosage.SyntaxError
	}{
		{"metoprolol: 25 mg PO q12h", dosage.SyntaxError{Token: "metoprolol", Pos: 0, Rule: dosage.RuleUnknownToken}},
		{"25 mg PO q12h per Dr Smithson", dosage.SyntaxError{Token: "per", Pos: 14, Rule: dosage.RuleUnknownToken}},
	} {
		_, err := dosage.Parse(tt.sig)
		var se *dosage.SyntaxError
		if !errors.As(err, &se) || !errors.Is(err, carecoord.ErrInvalid) {
			t.Fatalf("Parse(%q) error = %v, want a *SyntaxError matching carecoord.ErrInvalid", tt.sig, err)
		}
		if diff := cmp.Diff(tt.want, *se); diff != "" {
			t.Errorf("Parse(%q) SyntaxError mismatch (-want +got):\n%s", tt.sig, diff)
		}
		if strings.Contains(err.Error(), se.Token) {
			t.Errorf("Parse(%q): the error message carries the token", tt.sig)
		}
	}
}
