package dosage_test

import (
	"errors"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/medrec/dosage"
	"github.com/google/go-cmp/cmp"
)

// FuzzParse checks that Parse never panics, that every error is a *SyntaxError matching
// carecoord.ErrInvalid and naming a place in the text, and that every accepted sig is valid
// and survives the round trip through its canonical text: Parse(d.String()) == d, with no
// warnings, and String is a fixed point.
func FuzzParse(f *testing.F) {
	for _, c := range parseCases() {
		f.Add(c.sig)
	}
	for _, c := range errorCases() {
		f.Add(c.sig)
	}
	for _, s := range benchSigs() {
		f.Add(s)
	}
	for _, s := range []string{"1 tab po qhs MS", "10 U sc q.h.s.", "1½ tab po daily", "½ tab", "1⁄2 tab po",
		"1 tab po prn pain and at bedtime", "1 tab po q 4 to 6 hours prn", "x", "q", "1..5 mg", "1/2/3 tab",
		".5", "1.", "mgso4", "mso44 1 tab", "1 tab po prn for", "1 tab po as needed for 7 days", "\x00", "\xff\xfe",
		"1 tab po daily and and bid", "μg", "1 tab po with a meal", "2 tabs po twice every 3 days"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sig string) {
		d, err := dosage.Parse(sig)
		if err != nil {
			var se *dosage.SyntaxError
			if !errors.As(err, &se) || !errors.Is(err, carecoord.ErrInvalid) {
				t.Fatalf("Parse(%q) error %v (%T) is not a *SyntaxError matching ErrInvalid", sig, err, err)
			}
			if se.Rule == "" || se.Pos < 0 || se.Pos > 4*len(sig)+8 {
				t.Fatalf("Parse(%q) error %+v has no rule or a bad position", sig, se)
			}
			return
		}
		if err := d.Validate(); err != nil {
			t.Fatalf("Parse(%q) = %v, which does not validate: %v", sig, d, err)
		}
		s := d.String()
		back, err := dosage.Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q) = %q, which does not parse: %v", sig, s, err)
		}
		if diff := cmp.Diff(d, back, ignoreWarnings); diff != "" {
			t.Fatalf("Parse(%q) then Parse(%q) mismatch (-first +second):\n%s", sig, s, diff)
		}
		if len(back.Warnings) != 0 {
			t.Fatalf("canonical text %q has warnings %v", s, back.Warnings)
		}
		if s2 := back.String(); s2 != s {
			t.Fatalf("String is not a fixed point: %q then %q", s, s2)
		}
	})
}
