package medrec

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
	"pgregory.net/rapid"
)

// slowKey is Key's definition without the ASCII fast path: NFKC, case folding, NFKC again,
// white space collapsed (STYLE.md §5).
func slowKey(s string) string {
	s = norm.NFKC.String(s)
	s = foldCherokee(cases.Fold().String(s))
	s = norm.NFKC.String(s)
	return strings.Join(strings.Fields(s), " ")
}

// asciiName draws ASCII strings rich in what asciiKey handles: capitals, every ASCII white
// space, runs of spaces at either end, and control characters that are not white space.
func asciiName() *rapid.Generator[string] {
	return rapid.OneOf(
		rapid.StringOf(rapid.RuneFrom(nil, asciiTable())),
		rapid.StringOf(rapid.SampledFrom([]rune("aZ 0\t\n\v\f\r\x00\x1c\x1f\x7f-."))),
	)
}

func asciiTable() *unicode.RangeTable {
	return &unicode.RangeTable{R16: []unicode.Range16{{Lo: 0, Hi: 0x7f, Stride: 1}}}
}

// TestASCIIKey: the ASCII fast path agrees with the x/text path on every ASCII string, and
// declines every other string.
func TestASCIIKey(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := asciiName().Draw(t, "name")
		got, ok := asciiKey(s)
		if !ok {
			t.Fatalf("asciiKey(%q) declined an ASCII string", s)
		}
		if want := slowKey(s); got != want {
			t.Fatalf("asciiKey(%q) = %q, x/text path %q", s, got, want)
		}
	})
	for _, s := range []string{"é", "Lipitor\u00a020", "a\x80"} {
		if _, ok := asciiKey(s); ok {
			t.Errorf("asciiKey(%q) ok = true for a string that is not ASCII", s)
		}
	}
}

// TestSameKey: sameKey(a, b) is Key(a) == Key(b), for ASCII pairs (its fast path) and any
// others; b is often a respelling of a, so that equal keys are common.
func TestSameKey(t *testing.T) {
	respell := func(t *rapid.T, s string) string {
		var b strings.Builder
		for _, r := range s {
			switch rapid.IntRange(0, 5).Draw(t, "respell") {
			case 0:
				b.WriteString(strings.ToUpper(string(r)))
			case 1:
				b.WriteString("  ")
			case 2:
				b.WriteRune('\t')
			}
			b.WriteRune(r)
		}
		return b.String()
	}
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.OneOf(asciiName(), rapid.String()).Draw(t, "a")
		b := rapid.OneOf(asciiName(), rapid.String(), rapid.Just(a)).Draw(t, "b")
		if rapid.Bool().Draw(t, "respell b") {
			b = respell(t, a)
		}
		if got, want := sameKey(a, b), Key(a) == Key(b); got != want {
			t.Fatalf("sameKey(%q, %q) = %t; Key gives %q and %q", a, b, got, Key(a), Key(b))
		}
	})
}

// TestKeyFastPathAllocs: the keys of names already in key form cost nothing, and comparing
// two ASCII names allocates nothing.
func TestKeyFastPathAllocs(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _ = Key("atorvastatin calcium") }); n != 0 {
		t.Errorf("Key of a clean ASCII name: %v allocations, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = sameKey("Oral  Tablet", "oral tablet") }); n != 0 {
		t.Errorf("sameKey of ASCII names: %v allocations, want 0", n)
	}
}
