package civil_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{"2025-08-29", "2024-02-29", "2100-02-29", "0000-00-00", "9999-12-31", "0001-01-01",
		"2025-13-40", "2025-1-1", "", "\x00\x00\x00\x00-\x00\x00-\x00\x00", "２０２５-０１-０１", "2025-01-01\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := civil.Parse(s)
		if err != nil {
			if !errors.Is(err, carecoord.ErrInvalid) {
				t.Fatalf("Parse error %v does not match ErrInvalid", err)
			}
			return
		}
		if !d.IsValid() || d.String() != s {
			t.Fatalf("Parse(%q) = %v, which does not print back as the input", s, d)
		}
	})
}

func FuzzUnmarshalJSON(f *testing.F) {
	for _, s := range []string{`"2025-08-29"`, `null`, `"2024-02-29"`, `"2023-02-29"`, `20250829`, `"`, `""`, `{}`, `"2025-08-29"x`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d civil.Date
		if err := d.UnmarshalJSON(b); err != nil {
			return
		}
		if d.IsZero() {
			return // null
		}
		out, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("Marshal after Unmarshal(%q): %v", b, err)
		}
		var again civil.Date
		if err := json.Unmarshal(out, &again); err != nil || again != d {
			t.Fatalf("round trip of %q: %s -> %v, %v", b, out, again, err)
		}
	})
}
