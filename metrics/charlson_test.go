package metrics_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/transition"
	"github.com/google/go-cmp/cmp"
)

// The metrics spec §6.5 Charlson vectors, computed with the R package comorbidity 1.1.0.9000
// (map charlson_icd10_quan): each under both weightings, with and without the hierarchy, and
// the unweighted count of categories (flags).
func TestCharlsonSpecVectors(t *testing.T) {
	tests := []struct {
		id                   int
		codes                []string
		w87, w87h, w11, w11h int
		count, countH        int
	}{
		{1, []string{"I21.4", "E11.9", "E11.22"}, 4, 3, 1, 1, 3, 2},
		{2, []string{"K70.30", "K76.6"}, 4, 3, 6, 4, 2, 1},
		{3, []string{"C18.9", "C78.7", "N18.4"}, 10, 8, 9, 7, 3, 2},
		{4, []string{"I50.9", "J44.1"}, 2, 2, 3, 3, 2, 2},
		{5, []string{"B20"}, 6, 6, 4, 4, 1, 1},
		{6, []string{"F03.90", "G30.9"}, 1, 1, 2, 2, 1, 1},
	}
	for _, tc := range tests {
		for _, c := range []struct {
			w           metrics.CharlsonWeights
			noHierarchy bool
			total       int
			count       int
		}{
			{metrics.Charlson1987, true, tc.w87, tc.count},
			{metrics.Charlson1987, false, tc.w87h, tc.countH},
			{metrics.Quan2011, true, tc.w11, tc.count},
			{metrics.Quan2011, false, tc.w11h, tc.countH},
		} {
			s, err := metrics.Charlson(tc.codes, metrics.CharlsonOptions{Weights: c.w, NoHierarchy: c.noHierarchy})
			if err != nil {
				t.Fatalf("vector %d, %s, no hierarchy %v: %v", tc.id, c.w, c.noHierarchy, err)
			}
			count, sum := 0, 0
			for _, cs := range s.Categories {
				if cs.DroppedFor == "" {
					count++
				}
				sum += cs.Points
			}
			if s.Total != c.total || count != c.count || sum != s.Total {
				t.Errorf("vector %d, %s, no hierarchy %v: total %d (points sum to %d), %d categories counted; want %d, %d",
					tc.id, c.w, c.noHierarchy, s.Total, sum, count, c.total, c.count)
			}
		}
	}
}

// Vector 1 of §6.5 in full: the evidence a clinician reads.
func TestCharlsonEvidence(t *testing.T) {
	got, err := metrics.Charlson([]string{"I21.4", "Z00.00", "E11.9", "e1122", "I21.9"}, metrics.CharlsonOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := metrics.CharlsonScore{
		Weights: metrics.Charlson1987, Hierarchy: true, Total: 3, Tier: transition.RiskModerate,
		Categories: []metrics.CharlsonCategoryScore{
			{Category: metrics.CharlsonMI, Weight: 1, Points: 1},
			{Category: metrics.CharlsonDiabetes, Weight: 1, Points: 0, DroppedFor: metrics.CharlsonDiabetesComplicated},
			{Category: metrics.CharlsonDiabetesComplicated, Weight: 2, Points: 2},
		},
		Matches: []metrics.CharlsonMatch{
			{Index: 0, Code: "I21.4", Prefix: "I21", Category: metrics.CharlsonMI},
			{Index: 2, Code: "E11.9", Prefix: "E119", Category: metrics.CharlsonDiabetes},
			{Index: 3, Code: "e1122", Prefix: "E112", Category: metrics.CharlsonDiabetesComplicated},
			{Index: 4, Code: "I21.9", Prefix: "I21", Category: metrics.CharlsonMI},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Charlson() mismatch (-want +got):\n%s", diff)
	}
}

// The edge cases of the metrics spec §6.4 and the code shapes Charlson accepts.
func TestCharlsonCodes(t *testing.T) {
	tests := []struct {
		name string
		code string
		want metrics.CharlsonCategory // "" for none
	}{
		{"lower case with the dot", "i21.4", metrics.CharlsonMI},
		{"no dot", "I214", metrics.CharlsonMI},
		{"three characters match a three-character prefix", "I21", metrics.CharlsonMI},
		{"shorter than the prefix: I25 is not I252", "I25", ""},
		{"I25.10 is not I252", "I25.10", ""},
		{"I25.2 is I252", "I25.2", metrics.CharlsonMI},
		{"a CM code longer than the prefix", "E11.22", metrics.CharlsonDiabetesComplicated},
		{"E13 (other specified diabetes) is in", "E13.9", metrics.CharlsonDiabetes},
		{"E13 with complications", "E13.22", metrics.CharlsonDiabetesComplicated},
		{"E14 (WHO only) still matches", "E14.9", metrics.CharlsonDiabetes},
		{"seven characters with an extension letter", "S72.001A", ""},
		{"a letter in third place", "Z3A.10", ""},
		{"malignancy stops at C76", "C76.0", metrics.CharlsonMalignancy},
		{"C77 is metastatic", "C77.0", metrics.CharlsonMetastatic},
		{"C80 is metastatic", "C80.1", metrics.CharlsonMetastatic},
		{"no C81 gap", "C81.90", metrics.CharlsonMalignancy},
		{"C44 (skin) is not malignancy", "C44.91", ""},
		{"C4A (Merkel cell) is not on the list", "C4A.9", ""},
		{"K70.4 is severe liver disease", "K70.40", metrics.CharlsonSevereLiver},
		{"K70.30 is mild", "K70.30", metrics.CharlsonMildLiver},
		{"B23 is not on the list", "B23.8", ""},
		{"first entry", "B18.2", metrics.CharlsonMildLiver},
		{"last entry", "Z99.2", metrics.CharlsonRenal},
		{"before the first entry", "A00.0", ""},
		{"after the last entry", "Z99.89", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := metrics.Charlson([]string{tc.code}, metrics.CharlsonOptions{})
			if err != nil {
				t.Fatalf("Charlson(%q): %v", tc.code, err)
			}
			var got metrics.CharlsonCategory
			if len(s.Categories) > 0 {
				got = s.Categories[0].Category
			}
			if got != tc.want || len(s.Categories) > 1 {
				t.Errorf("Charlson(%q) categories = %v, want %q", tc.code, s.Categories, tc.want)
			}
		})
	}
}

// Every code of three and four characters (a letter, a digit, then letters or digits) is in
// the category the spec's lists give it, and in no other: the package's tables agree with
// the spec cell by cell, and no entry is lost to the binary search.
func TestCharlsonEveryShortCode(t *testing.T) {
	m := rkNewModel()
	const alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	check := func(code string) {
		s, err := metrics.Charlson([]string{code}, metrics.CharlsonOptions{})
		if err != nil {
			t.Fatalf("Charlson(%q): %v", code, err)
		}
		want := m.category(code)
		switch {
		case want == "" && len(s.Categories) != 0:
			t.Errorf("Charlson(%q) = %v, want no category", code, s.Categories)
		case want != "" && (len(s.Categories) != 1 || s.Categories[0].Category != want):
			t.Errorf("Charlson(%q) = %v, want %s", code, s.Categories, want)
		}
	}
	for l := byte('A'); l <= 'Z'; l++ {
		for d := byte('0'); d <= '9'; d++ {
			for _, c3 := range []byte(alnum) {
				code := string([]byte{l, d, c3})
				check(code)
				for _, c4 := range []byte(alnum) {
					check(code + string(c4))
				}
			}
		}
	}
	if len(m.prefixes) != 289 {
		t.Errorf("the spec's lists have %d prefixes, want 289 (comorbidity's charlson_icd10_quan)", len(m.prefixes))
	}
}

// The weights of every category, one category at a time, against the spec's table.
func TestCharlsonWeights(t *testing.T) {
	if got := metrics.CharlsonCategories(); len(got) != len(rkSpecCharlson) {
		t.Fatalf("CharlsonCategories() has %d categories, want %d", len(got), len(rkSpecCharlson))
	}
	for i, r := range rkSpecCharlson {
		if got := metrics.CharlsonCategories()[i]; got != r.category || !got.IsValid() {
			t.Errorf("CharlsonCategories()[%d] = %q, want %q", i, got, r.category)
		}
		code := rkExpand(r.codes)[0]
		for _, w := range []struct {
			weights metrics.CharlsonWeights
			want    int
		}{{"", r.w87}, {metrics.Charlson1987, r.w87}, {metrics.Quan2011, r.w11}} {
			s, err := metrics.Charlson([]string{code}, metrics.CharlsonOptions{Weights: w.weights})
			if err != nil || s.Total != w.want || len(s.Categories) != 1 || s.Categories[0].Weight != w.want {
				t.Errorf("Charlson(%s, %q) = %+v, %v; want total %d", code, w.weights, s, err, w.want)
			}
		}
	}
	if metrics.CharlsonCategory("mi").IsValid() || metrics.CharlsonCategory("").IsValid() {
		t.Error("IsValid accepts a token that is not a category")
	}
}

// Each category's Codes are the spec's list for it, range by range.
func TestCharlsonCategoryCodes(t *testing.T) {
	for _, r := range rkSpecCharlson {
		want := rkExpand(r.codes)
		slices.Sort(want)
		if diff := cmp.Diff(want, r.category.Codes()); diff != "" {
			t.Errorf("%s.Codes() mismatch (-want +got):\n%s", r.category, diff)
		}
	}
	if got := metrics.CharlsonCategory("canc").Codes(); got != nil {
		t.Errorf(`CharlsonCategory("canc").Codes() = %v, want nil`, got)
	}
}

// A patient in every category: the largest totals, with and without the hierarchy.
func TestCharlsonMaximum(t *testing.T) {
	var codes []string
	for _, r := range rkSpecCharlson {
		codes = append(codes, rkExpand(r.codes)[0])
	}
	for _, tc := range []struct {
		w           metrics.CharlsonWeights
		noHierarchy bool
		want        int
	}{
		{metrics.Charlson1987, false, 29},
		{metrics.Charlson1987, true, 33},
		{metrics.Quan2011, false, 24},
		{metrics.Quan2011, true, 28},
	} {
		s, err := metrics.Charlson(codes, metrics.CharlsonOptions{Weights: tc.w, NoHierarchy: tc.noHierarchy})
		if err != nil || s.Total != tc.want || s.Tier != transition.RiskHigh || len(s.Categories) != 17 {
			t.Errorf("Charlson(every category, %s, no hierarchy %v) = %d %s, %v; want %d high", tc.w, tc.noHierarchy, s.Total, s.Tier, err, tc.want)
		}
	}
}

// No code, or none in a category: an index of 0, low, with no evidence.
func TestCharlsonNone(t *testing.T) {
	for _, codes := range [][]string{nil, {}, {"Z00.00", "R69"}} {
		got, err := metrics.Charlson(codes, metrics.CharlsonOptions{Weights: metrics.Quan2011, NoHierarchy: true})
		want := metrics.CharlsonScore{Weights: metrics.Quan2011, Tier: transition.RiskLow}
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Charlson(%q) mismatch (-want +got):\n%s", codes, diff)
		}
	}
}

// Malformed codes are rejected, each at its index, never skipped.
func TestCharlsonMalformed(t *testing.T) {
	bad := []string{"", "I2", "21.4", "II1", "I21.", "I2.14", "I21..4", "I21 4", " I214", "I214 ", "I21.45678", "I2145678",
		"ÉI21", "I21-4", "I21.4\x00", "Ｉ21"}
	codes := append([]string{"I21.4"}, bad...)
	s, err := metrics.Charlson(codes, metrics.CharlsonOptions{})
	var errs carecoord.FieldErrors
	if !errors.As(err, &errs) || !errors.Is(err, carecoord.ErrInvalid) {
		t.Fatalf("Charlson(malformed) error = %v, want carecoord.FieldErrors", err)
	}
	if len(errs) != len(bad) {
		t.Errorf("Charlson(malformed) reported %d problems, want %d: %v", len(errs), len(bad), errs)
	}
	if !errs.Has("codes[1]", carecoord.FieldRequired) {
		t.Errorf("Charlson: the empty code is not FieldRequired at codes[1]: %v", errs)
	}
	for i := 2; i < len(codes); i++ {
		if !errs.Has(carecoord.Path("codes", i), carecoord.FieldInvalid) {
			t.Errorf("Charlson: code %d (%q) not reported as invalid: %v", i, codes[i], errs)
		}
	}
	if diff := cmp.Diff(metrics.CharlsonScore{}, s); diff != "" {
		t.Errorf("Charlson(malformed) score mismatch (-want +got):\n%s", diff)
	}

	// A feed full of one mistake gets 50 problems, not a million.
	many := slices.Repeat([]string{"?"}, 1000)
	if _, err := metrics.Charlson(many, metrics.CharlsonOptions{}); !errors.As(err, &errs) || len(errs) != 50 {
		t.Errorf("Charlson(1000 bad codes) reported %d problems, want 50", len(errs))
	}
}

// Options: unknown weights, bad bands, and bands of one's own.
func TestCharlsonOptions(t *testing.T) {
	_, err := metrics.Charlson(nil, metrics.CharlsonOptions{Weights: "deyo", Bands: metrics.RiskBands{Moderate: 0, High: 4}})
	var errs carecoord.FieldErrors
	if !errors.As(err, &errs) || !errs.Has("weights", carecoord.FieldNotSupported) || !errs.Has("bands.moderate", carecoord.FieldOutOfRange) {
		t.Errorf("Charlson(bad options) error = %v", err)
	}
	_, err = metrics.Charlson(nil, metrics.CharlsonOptions{Bands: metrics.RiskBands{Moderate: 3, High: 2}})
	if !errors.As(err, &errs) || !errs.Has("bands.high", carecoord.FieldInvalid) {
		t.Errorf("Charlson(high below moderate) error = %v", err)
	}
	codes := []string{"I50.9", "J44.1"} // 1987: 2
	for _, tc := range []struct {
		bands metrics.RiskBands
		want  transition.RiskTier
	}{
		{metrics.RiskBands{}, transition.RiskLow},
		{metrics.RiskBands{Moderate: 1, High: 3}, transition.RiskModerate},
		{metrics.RiskBands{Moderate: 2, High: 2}, transition.RiskHigh},
		{metrics.RiskBands{Moderate: 3, High: 3}, transition.RiskLow},
	} {
		s, err := metrics.Charlson(codes, metrics.CharlsonOptions{Bands: tc.bands})
		if err != nil || s.Tier != tc.want {
			t.Errorf("Charlson(total 2, bands %+v) tier = %s, %v; want %s", tc.bands, s.Tier, err, tc.want)
		}
	}
	for _, tc := range []struct {
		total int
		want  transition.RiskTier
	}{{0, transition.RiskLow}, {2, transition.RiskLow}, {3, transition.RiskModerate}, {4, transition.RiskModerate}, {5, transition.RiskHigh}} {
		var codes []string // renal disease (2), malignancy (2) and heart failure (1) build the totals
		switch tc.total {
		case 2:
			codes = []string{"N18.4"}
		case 3:
			codes = []string{"N18.4", "I50.9"}
		case 4:
			codes = []string{"N18.4", "C18.9"}
		case 5:
			codes = []string{"N18.4", "C18.9", "I50.9"}
		}
		if s, err := metrics.Charlson(codes, metrics.CharlsonOptions{}); err != nil || s.Total != tc.total || s.Tier != tc.want {
			t.Errorf("Charlson(%q) = %d %s, %v; want %d %s (the default bands)", codes, s.Total, s.Tier, err, tc.total, tc.want)
		}
	}
	if !metrics.Charlson1987.IsValid() || !metrics.Quan2011.IsValid() || metrics.CharlsonWeights("").IsValid() || len(metrics.CharlsonWeightings()) != 2 {
		t.Error("CharlsonWeights: IsValid or CharlsonWeightings is wrong")
	}
}
