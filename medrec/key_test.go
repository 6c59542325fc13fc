package medrec_test

import (
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/carecoord/carecoord/medrec"
	"pgregory.net/rapid"
)

func TestKey(t *testing.T) {
	tests := []struct{ name, want string }{
		{"Lipitor 20 mg", "lipitor 20 mg"},
		{"  LIPITOR \t 20\tmg\n", "lipitor 20 mg"},
		{"Aspirin 81mg", "aspirin 81mg"},
		{"aspirin  81MG", "aspirin 81mg"},
		{"５０mg", "50mg"},                               // full-width digits (NFKC)
		{"Vitamin B12 1000 µg", "vitamin b12 1000 μg"}, // micro sign → Greek mu
		{"Tylenol\u00a0500", "tylenol 500"},            // no-break space
		{"Straße", "strasse"},                          // full case folding
		{"CAFÉ", "café"},                               // composed after folding
		{"CAFE\u0301", "café"},                         // NFKC composes
		{"mcg", "mcg"},                                 // not made μg: that needs a terminology
		{"", ""},
		{" \t\n", ""},
		// Invalid UTF-8 becomes U+FFFD first (review finding: FuzzKey found Key not idempotent
		// on "000…0\x99ꮷ"); the Cherokee small letter folds to the capital.
		{"000\x99\uabb7", "000\ufffd\u13e7"},
	}
	for _, tt := range tests {
		if got := medrec.Key(tt.name); got != tt.want {
			t.Errorf("Key(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// keyInput draws names: arbitrary strings, and strings of the characters that normalisation
// and folding change (compatibility forms, combining marks, special casings, spaces).
func keyInput() *rapid.Generator[string] {
	tricky := rapid.SampledFrom([]rune("AaZz09 \t\n\v\f\r\u0085\u00a0\u2009\u3000µμﬁẞßİıſǅǈΣςσΐ\u0345\u0301\u0308\u0327ǰ５ｍｇ½™①ℌK\u212bÅᎠꭰᏰᏸ"))
	return rapid.OneOf(rapid.String(), rapid.StringOf(tricky), rapid.StringOf(rapid.RuneFrom(nil, unicodeRanges()...)))
}

func unicodeRanges() []*unicode.RangeTable {
	return []*unicode.RangeTable{unicode.Latin, unicode.Greek, unicode.Cherokee, unicode.Georgian, unicode.Mn, unicode.Zs, unicode.Lt}
}

// TestPropertyKey: Key is idempotent, and its result has no white space but single spaces
// between words.
func TestPropertyKey(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := keyInput().Draw(t, "name")
		k := medrec.Key(s)
		if kk := medrec.Key(k); kk != k {
			t.Fatalf("Key(Key(%q)) = %q, want %q", s, kk, k)
		}
		if utf8.ValidString(s) && !utf8.ValidString(k) {
			t.Fatalf("Key(%q) = %q: not valid UTF-8", s, k)
		}
	})
}

func FuzzKey(f *testing.F) {
	for _, s := range []string{"Lipitor 20 mg", "  LIPITOR \t 20\tmg\n", "５０mg", "µg", "Straße", "CAFE\u0301", "\xff\xfe", "ǰ\u0345", "",
		"00000000000000000000000000000000\x99ꮷ"} { // found by FuzzKey: invalid UTF-8 before a Cherokee letter
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := medrec.Key(s)
		if kk := medrec.Key(k); kk != k {
			t.Fatalf("Key(Key(%q)) = %q, want %q", s, kk, k)
		}
	})
}
