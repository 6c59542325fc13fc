package sdoh_test

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/sdoh"
)

var update = flag.Bool("update", false, "rewrite testdata/instruments.golden")

// TestInstrumentsGolden pins every instrument table and the need coding to
// testdata/instruments.golden (go test -run Golden -update rewrites it; review the diff), and
// checks what every row must have: English and Spanish text, LOINC codes whose check digits hold,
// SNOMED CT ids whose Verhoeff check digits hold, ICD-10-CM codes of the right shape.
func TestInstrumentsGolden(t *testing.T) {
	var b strings.Builder
	for _, in := range sdoh.BuiltinInstruments() {
		if err := in.Validate(); err != nil {
			t.Errorf("%s %s: %v", in.ID, in.Version, err)
		}
		if !sdoh.ValidLOINC(in.Panel) {
			t.Errorf("%s: panel %s fails the LOINC check digit", in.ID, in.Panel)
		}
		fmt.Fprintf(&b, "instrument %s %s panel %s total %s\n  en: %s\n  es: %s\n", in.ID, in.Version, in.Panel, in.Total.Code, in.Title.En, in.Title.Es)
		for _, it := range in.Items {
			if !sdoh.ValidLOINC(it.Code) {
				t.Errorf("%s item %s fails the LOINC check digit", in.ID, it.Code)
			}
			checkText(t, in.ID, it.Code, it.Text)
			fmt.Fprintf(&b, "  item %s %s required=%v scored=%v range=%d..%d %s\n    en: %s\n    es: %s\n",
				it.Code, it.Kind, it.Required, it.Scored, it.Min, it.Max, it.Unit, it.Text.En, it.Text.Es)
			if it.Stem != (sdoh.Text{}) {
				checkText(t, in.ID, it.Code+" stem", it.Stem)
			}
			for _, o := range it.Options {
				if !sdoh.ValidLOINCAnswer(o.Code) {
					t.Errorf("%s item %s answer %s fails the LOINC check digit", in.ID, it.Code, o.Code)
				}
				checkText(t, in.ID, it.Code+"/"+o.Code, o.Text)
				fmt.Fprintf(&b, "    %s score=%d positive=%v exclusive=%v noinfo=%v category=%s | %s | %s\n",
					o.Code, o.Score, o.Positive, o.Exclusive, o.NoInformation, o.Category, o.Text.En, o.Text.Es)
			}
		}
		for _, d := range in.Domains {
			fmt.Fprintf(&b, "  domain %s %v category=%s restricted=%v optional=%v result=%s\n    rule %s threshold=%d decide=%d bands=%v flag=%s urgent=%s codes=%s/%s\n    source: %s\n",
				d.ID, d.Items, d.Category, d.Restricted, d.Optional, d.ResultCode, d.Rule.Kind, d.Rule.Threshold,
				d.Rule.Decide, d.Rule.Bands, d.Rule.FlagItem, d.Rule.UrgentItem, d.Rule.PositiveCode, d.Rule.NegativeCode, d.Rule.Source)
		}
	}
	zcode := regexp.MustCompile(`^Z[0-9]{2}(\.[0-9A-Z]{1,4})?$`)
	for _, nc := range sdoh.DefaultNeedCodes() {
		if !nc.Category.IsValid() || (nc.Category == sdoh.CategoryUnspecified) != (nc.Domain != "") {
			t.Errorf("need code %s/%s: category and domain do not fit", nc.Category, nc.Domain)
		}
		if !nc.Goal.IsValid() {
			t.Errorf("need code %s/%s: goal %q", nc.Category, nc.Domain, nc.Goal)
		}
		fmt.Fprintf(&b, "need %s %s goal=%s services=%v\n", nc.Category, nc.Domain, nc.Goal, nc.Services)
		for _, s := range nc.Services {
			if !s.IsValid() {
				t.Errorf("need code %s: service %q", nc.Category, s)
			}
		}
		for _, z := range nc.Conditions {
			if !zcode.MatchString(z.Code) || z.Display == "" {
				t.Errorf("need code %s: ICD-10-CM %q %q", nc.Category, z.Code, z.Display)
			}
			from, through := z.FiscalYears()
			fmt.Fprintf(&b, "  icd-10-cm %s FY%d..FY%d %s\n", z.Code, from, through, z.Display)
		}
		for _, f := range nc.Findings {
			if f.System != carecoord.SystemSNOMED || !verhoeff(f.Code) || f.Display == "" {
				t.Errorf("need code %s: SNOMED CT %q fails the Verhoeff check digit", nc.Category, f.Code)
			}
			fmt.Fprintf(&b, "  snomed %s %s\n", f.Code, f.Display)
		}
	}
	got := b.String()
	const golden = "testdata/instruments.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run Golden -update)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("tables differ from %s at line %d:\n got: %s\nwant: %s\n(review, then go test -run Golden -update)", golden, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("tables differ from %s in length: %d lines, want %d", golden, len(gl), len(wl))
	}
}

func checkText(t *testing.T, id sdoh.InstrumentID, what string, x sdoh.Text) {
	t.Helper()
	if strings.TrimSpace(x.En) == "" || strings.TrimSpace(x.Es) == "" {
		t.Errorf("%s %s: text must have English and Spanish: %+v", id, what, x)
	}
	if strings.Contains(x.En+x.Es, "%") {
		t.Errorf("%s %s: text has a %% (it would print through the catalog as a verb if unescaped)", id, what)
	}
}

// verhoeff reports whether a SNOMED CT identifier's last digit is its Verhoeff check digit
// (SNOMED CT Technical Implementation Guide, "Check-digit computation").
func verhoeff(id string) bool {
	d := [10][10]int{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
		{3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
		{6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
		{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}}
	p := [8][10]int{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
		{8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 7, 6, 8, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
		{2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}}
	if len(id) < 6 || len(id) > 18 {
		return false
	}
	c := 0
	for i := 0; i < len(id); i++ {
		ch := id[len(id)-1-i]
		if ch < '0' || ch > '9' {
			return false
		}
		c = d[c][p[i%8][ch-'0']]
	}
	return c == 0
}

func TestVerhoeff(t *testing.T) {
	for _, tt := range []struct {
		id   string
		want bool
	}{{"733423003", true}, {"551691000124106", true}, {"551561000124104", true}, {"422587007", false}, {"733423004", false}} {
		if got := verhoeff(tt.id); got != tt.want {
			t.Errorf("verhoeff(%s) = %v, want %v", tt.id, got, tt.want)
		}
	}
}
