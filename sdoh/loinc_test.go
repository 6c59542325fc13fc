package sdoh_test

import (
	"testing"

	"github.com/carecoord/carecoord/sdoh"
)

func TestValidLOINC(t *testing.T) {
	for _, tt := range []struct {
		code string
		want bool
	}{
		{"12345-5", true}, // the LOINC Users' Guide's worked example
		{"88122-7", true}, {"71802-3", true}, {"44261-6", true}, {"96777-8", true}, {"8480-6", true},
		{"88122-0", false}, // a wrong check digit seen in public code
		{"12345-6", false}, {"12345", false}, {"-5", false}, {"1a345-5", false}, {"12345-55", false},
		{"123456789-0", false}, {"", false}, {"LA33-6", false},
	} {
		if got := sdoh.ValidLOINC(tt.code); got != tt.want {
			t.Errorf("ValidLOINC(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
}

func TestValidLOINCAnswer(t *testing.T) {
	for _, tt := range []struct {
		code string
		want bool
	}{
		{"LA33-6", true}, {"LA32-8", true}, {"LA9-3", true}, {"LA6568-5", true}, {"LA28397-0", true},
		{"LA31994-9", true}, {"LA19952-3", true}, {"LA30122-8", true}, {"LA4-4", true},
		{"LA33-5", false}, {"LA9-2", false}, {"LA31994-8", false}, {"LA-3", false}, {"LX33-6", false},
		{"33-6", false}, {"LA33", false}, {"la33-6", false}, {"", false}, {"L", false},
	} {
		if got := sdoh.ValidLOINCAnswer(tt.code); got != tt.want {
			t.Errorf("ValidLOINCAnswer(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
}

// Every single-digit typo in a code is caught: the check digit changes.
func TestLOINCCheckDigitCatchesTypos(t *testing.T) {
	for _, code := range []string{"88122-7", "LA31994-9"} {
		for i := 0; i < len(code)-2; i++ {
			if code[i] < '0' || code[i] > '9' {
				continue
			}
			for d := byte('0'); d <= '9'; d++ {
				if d == code[i] {
					continue
				}
				typo := code[:i] + string(d) + code[i+1:]
				if sdoh.ValidLOINC(typo) || sdoh.ValidLOINCAnswer(typo) {
					t.Errorf("typo %q of %q passes the check digit", typo, code)
				}
			}
		}
	}
}
