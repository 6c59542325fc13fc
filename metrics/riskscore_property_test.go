package metrics_test

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/transition"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// rkWellFormed is the shape Charlson accepts, written independently of the code: a letter, a
// digit, a letter or digit, then up to four letters or digits, after a dot or not.
var rkWellFormed = regexp.MustCompile(`^[A-Za-z][0-9][0-9A-Za-z](\.[0-9A-Za-z]{1,4}|[0-9A-Za-z]{0,4})$`)

const rkAlnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// rkCodes draws ICD-10-CM codes as they come from feeds: half of them in a Charlson category
// (any category alike, so that both forms of a condition often meet, then one of its
// prefixes in the spec, lengthened), half anything of the right shape (mostly in no
// category), each with or without its dot and in any case.
func rkCodes(m rkModel) *rapid.Generator[string] {
	var byCategory [][]string
	for _, r := range rkSpecCharlson {
		byCategory = append(byCategory, rkExpand(r.codes))
	}
	alnum := rapid.SampledFrom([]byte(rkAlnum))
	tail := func(t *rapid.T, code string) string {
		for n := rapid.IntRange(0, 7-len(code)).Draw(t, "more"); n > 0; n-- {
			code += string(alnum.Draw(t, "char"))
		}
		return code
	}
	charlson := rapid.Custom(func(t *rapid.T) string {
		prefixes := rapid.SampledFrom(byCategory).Draw(t, "category")
		return tail(t, rapid.SampledFrom(prefixes).Draw(t, "prefix"))
	})
	shaped := rapid.Custom(func(t *rapid.T) string {
		code := []byte{byte(rapid.IntRange('A', 'Z').Draw(t, "letter")), byte(rapid.IntRange('0', '9').Draw(t, "digit")), alnum.Draw(t, "third")}
		return tail(t, string(code))
	})
	return rapid.Custom(func(t *rapid.T) string {
		code := rapid.OneOf(charlson, shaped).Draw(t, "code")
		if rapid.Bool().Draw(t, "lower") {
			code = strings.ToLower(code)
		}
		if len(code) > 3 && rapid.Bool().Draw(t, "dot") {
			code = code[:3] + "." + code[3:]
		}
		return code
	})
}

// The total is the sum of the weights of the categories that count after the hierarchy, as
// the spec's model computes it; the evidence agrees with the total and with the codes.
func TestCharlsonProperties(t *testing.T) {
	m := rkNewModel()
	codes := rapid.SliceOfN(rkCodes(m), 0, 15)
	rapid.Check(t, func(t *rapid.T) {
		cs := codes.Draw(t, "codes")
		opts := metrics.CharlsonOptions{Weights: rapid.SampledFrom(metrics.CharlsonWeightings()).Draw(t, "weights"), NoHierarchy: rapid.Bool().Draw(t, "noHierarchy")}
		s, err := metrics.Charlson(cs, opts)
		if err != nil {
			t.Fatalf("Charlson(%q): %v", cs, err)
		}
		want, counted := m.total(cs, opts.Weights, !opts.NoHierarchy)
		if s.Total != want {
			t.Fatalf("Charlson(%q, %+v) = %d, want %d", cs, opts, s.Total, want)
		}
		sum, order := 0, metrics.CharlsonCategories()
		in := map[metrics.CharlsonCategory]bool{}
		last := -1
		for _, c := range s.Categories {
			sum += c.Points
			in[c.Category] = true
			i := slices.Index(order, c.Category)
			if i <= last {
				t.Fatalf("Categories not in CharlsonCategories order: %v", s.Categories)
			}
			last = i
			if counted[c.Category] != (c.DroppedFor == "") || c.DroppedFor != "" && (c.Points != 0 || c.DroppedFor != rkSpecDrops[c.Category]) {
				t.Fatalf("Charlson(%q): category %+v; counted by the model: %v", cs, c, counted[c.Category])
			}
		}
		if sum != s.Total {
			t.Fatalf("Charlson(%q): points sum to %d, total %d", cs, sum, s.Total)
		}
		k := 0
		for i, code := range cs {
			cat := m.category(code)
			if cat == "" {
				continue
			}
			if k >= len(s.Matches) || s.Matches[k] != (metrics.CharlsonMatch{Index: i, Code: code, Prefix: s.Matches[k].Prefix, Category: cat}) ||
				!strings.HasPrefix(strings.ToUpper(strings.Replace(code, ".", "", 1)), s.Matches[k].Prefix) || !in[cat] {
				t.Fatalf("Charlson(%q): code %d (%s) not matched as %s: %v", cs, i, code, cat, s.Matches)
			}
			k++
		}
		if k != len(s.Matches) {
			t.Fatalf("Charlson(%q): %d matches, want %d", cs, len(s.Matches), k)
		}
		opts.NoEvidence = true
		bare, err := metrics.Charlson(cs, opts)
		s.Categories, s.Matches = nil, nil
		if diff := cmp.Diff(s, bare); err != nil || diff != "" {
			t.Fatalf("Charlson(%q, %+v) error %v, mismatch (-want +got):\n%s", cs, opts, err, diff)
		}
	})
}

// Adding a code never lowers the index under either weighting: the hierarchy only drops a
// category for a heavier one.
func TestCharlsonMonotone(t *testing.T) {
	m := rkNewModel()
	codes, code := rapid.SliceOfN(rkCodes(m), 0, 12), rkCodes(m)
	rapid.Check(t, func(t *rapid.T) {
		cs, extra := codes.Draw(t, "codes"), code.Draw(t, "extra")
		for _, w := range metrics.CharlsonWeightings() {
			for _, noHierarchy := range []bool{false, true} {
				opts := metrics.CharlsonOptions{Weights: w, NoHierarchy: noHierarchy}
				before, err1 := metrics.Charlson(cs, opts)
				after, err2 := metrics.Charlson(append(slices.Clip(cs), extra), opts)
				if err1 != nil || err2 != nil || after.Total < before.Total {
					t.Fatalf("Charlson(%q + %q, %+v): %d -> %d (%v, %v)", cs, extra, opts, before.Total, after.Total, err1, err2)
				}
			}
		}
	})
}

// rkNearCode draws strings close to a code's shape: letters, digits, dots, spaces and a few
// other bytes, where the arbitrary strings of rapid.String rarely land.
func rkNearCode() *rapid.Generator[string] {
	return rapid.StringOfN(rapid.SampledFrom([]rune("AIEZaez019.. -\x00é")), 0, 10, -1)
}

// Charlson never panics, whatever the strings: it accepts exactly the well-formed codes and
// scores them as the model does, and names each malformed one.
func TestCharlsonArbitraryStrings(t *testing.T) {
	m := rkNewModel()
	codes := rapid.SliceOfN(rapid.OneOf(rapid.String(), rkNearCode(), rkCodes(m)), 0, 8)
	rapid.Check(t, func(t *rapid.T) {
		cs := codes.Draw(t, "codes")
		s, err := metrics.Charlson(cs, metrics.CharlsonOptions{})
		var bad []string
		for i, c := range cs {
			if !rkWellFormed.MatchString(c) {
				bad = append(bad, carecoord.Path("codes", i))
			}
		}
		var errs carecoord.FieldErrors
		switch {
		case len(bad) == 0 && err != nil:
			t.Fatalf("Charlson(%q): %v, want no error", cs, err)
		case len(bad) > 0 && !errors.As(err, &errs):
			t.Fatalf("Charlson(%q) error = %v, want problems at %v", cs, err, bad)
		case len(bad) > 0:
			for _, p := range bad {
				if !errs.Has(p, carecoord.FieldInvalid) && !errs.Has(p, carecoord.FieldRequired) {
					t.Fatalf("Charlson(%q): no problem at %s: %v", cs, p, errs)
				}
			}
			if len(errs) != len(bad) {
				t.Fatalf("Charlson(%q): %d problems, want %d", cs, len(errs), len(bad))
			}
		default:
			if want, _ := m.total(cs, metrics.Charlson1987, true); s.Total != want {
				t.Fatalf("Charlson(%q) = %d, want %d", cs, s.Total, want)
			}
		}
	})
}

// rkDay draws a day: mostly valid and near 2025, sometimes zero or out of range.
func rkDay() *rapid.Generator[civil.Date] {
	return rapid.Custom(func(t *rapid.T) civil.Date {
		switch rapid.IntRange(0, 9).Draw(t, "kind") {
		case 0:
			return civil.Date{}
		case 1:
			return civil.MustParse("2025-01-01").AddDays(rapid.Int().Draw(t, "far"))
		}
		return civil.MustParse("2025-01-01").AddDays(rapid.IntRange(-60, 60).Draw(t, "near"))
	})
}

// rkDecimal draws any decimal: any coefficient, any exponent.
func rkDecimal() *rapid.Generator[decimal.Decimal] {
	return rapid.Custom(func(t *rapid.T) decimal.Decimal {
		return decimal.New(rapid.Int64().Draw(t, "coefficient"), rapid.Int32Range(-40, 40).Draw(t, "exponent"))
	})
}

// rkBands draws bands, valid or not, zero a third of the time.
func rkBands() *rapid.Generator[metrics.RiskBands] {
	return rapid.Custom(func(t *rapid.T) metrics.RiskBands {
		if rapid.IntRange(0, 2).Draw(t, "zero") == 0 {
			return metrics.RiskBands{}
		}
		return metrics.RiskBands{Moderate: rapid.IntRange(-2, 12).Draw(t, "moderate"), High: rapid.IntRange(-2, 20).Draw(t, "high")}
	})
}

// LACE and HOSPITAL never panic, whatever the input; when they succeed, the total is the sum
// of the points, within the range transition's tiers expect, and the default tier is
// transition's.
func TestLACEAndHOSPITALArbitraryInput(t *testing.T) {
	count := rapid.OneOf(rapid.Int(), rapid.IntRange(-2, 30))
	rapid.Check(t, func(t *rapid.T) {
		bands := rkBands().Draw(t, "bands")
		lin := metrics.LACEInput{Admitted: rkDay().Draw(t, "admitted"), Discharged: rkDay().Draw(t, "discharged"),
			Emergent: rapid.Bool().Draw(t, "emergent"), Charlson: count.Draw(t, "charlson"), EDVisits: count.Draw(t, "ed")}
		l, err := metrics.LACE(lin, metrics.LACEOptions{Bands: bands})
		if err == nil {
			want, terr := transition.TierFromLACE(l.Total)
			if terr != nil || l.Total != l.L+l.A+l.C+l.E || l.Days != lin.Discharged.DaysSince(lin.Admitted) || bands == (metrics.RiskBands{}) && l.Tier != want || !l.Tier.IsValid() {
				t.Fatalf("LACE(%+v) = %+v", lin, l)
			}
		} else if !errors.Is(err, carecoord.ErrInvalid) {
			t.Fatalf("LACE(%+v) error = %v, want ErrInvalid", lin, err)
		}

		hin := metrics.HOSPITALInput{Hemoglobin: rkDecimal().Draw(t, "hb"), Sodium: rkDecimal().Draw(t, "na"),
			Oncology: rapid.Bool().Draw(t, "oncology"), Procedure: rapid.Bool().Draw(t, "procedure"), Urgent: rapid.Bool().Draw(t, "urgent"),
			Admissions: count.Draw(t, "admissions"), Admitted: rkDay().Draw(t, "admitted"), Discharged: rkDay().Draw(t, "discharged")}
		h, err := metrics.HOSPITAL(hin, metrics.HOSPITALOptions{Bands: bands})
		if err == nil {
			want, terr := transition.TierFromHOSPITAL(h.Total)
			if terr != nil || h.Total != h.H+h.O+h.S+h.P+h.IT+h.A+h.L || bands == (metrics.RiskBands{}) && h.Tier != want || !h.Tier.IsValid() {
				t.Fatalf("HOSPITAL(%+v) = %+v", hin, h)
			}
		} else if !errors.Is(err, carecoord.ErrInvalid) {
			t.Fatalf("HOSPITAL(%+v) error = %v, want ErrInvalid", hin, err)
		}
	})
}

// FuzzCharlson checks, for any two strings, what TestCharlsonArbitraryStrings checks: no
// panic, malformed codes named, well-formed ones scored as the spec's model scores them.
func FuzzCharlson(f *testing.F) {
	for _, seed := range [][2]string{
		{"I21.4", "E11.22"}, {"i214", "e119"}, {"I25", "I252"}, {"C78.7", "C18.9"}, {"K70.30", "K76.6"},
		{"", "B20"}, {"I21.", "I2.14"}, {"Ｉ21", "S72.001A"}, {"Z3A.10", "E14.9"}, {"I214567X", "I21.45678"},
	} {
		f.Add(seed[0], seed[1])
	}
	m := rkNewModel()
	f.Fuzz(func(t *testing.T, a, b string) {
		s, err := metrics.Charlson([]string{a, b}, metrics.CharlsonOptions{})
		ok := rkWellFormed.MatchString(a) && rkWellFormed.MatchString(b)
		if ok != (err == nil) {
			t.Fatalf("Charlson(%q, %q) error = %v; well-formed: %v", a, b, err, ok)
		}
		if ok {
			if want, _ := m.total([]string{a, b}, metrics.Charlson1987, true); s.Total != want {
				t.Fatalf("Charlson(%q, %q) = %d, want %d", a, b, s.Total, want)
			}
		}
	})
}
