package metrics

import (
	"math/bits"
	"slices"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/transition"
)

// A CharlsonCategory is one of the seventeen comorbidities of the Charlson index, as Quan et
// al. (Med Care 2005;43(11):1130-9) define them in ICD-10. The values are the library's
// tokens; the comment on each gives the key the R package comorbidity uses. The zero
// CharlsonCategory is not valid.
type CharlsonCategory string

// The Charlson categories, in the order of [CharlsonCategories].
const (
	CharlsonMI                  CharlsonCategory = "myocardial-infarction"          // mi
	CharlsonCHF                 CharlsonCategory = "congestive-heart-failure"       // chf
	CharlsonPVD                 CharlsonCategory = "peripheral-vascular-disease"    // pvd
	CharlsonCerebrovascular     CharlsonCategory = "cerebrovascular-disease"        // cevd
	CharlsonDementia            CharlsonCategory = "dementia"                       // dementia
	CharlsonPulmonary           CharlsonCategory = "chronic-pulmonary-disease"      // cpd
	CharlsonRheumatic           CharlsonCategory = "rheumatic-disease"              // rheumd
	CharlsonPepticUlcer         CharlsonCategory = "peptic-ulcer-disease"           // pud
	CharlsonMildLiver           CharlsonCategory = "mild-liver-disease"             // mld
	CharlsonDiabetes            CharlsonCategory = "diabetes-without-complications" // diab
	CharlsonDiabetesComplicated CharlsonCategory = "diabetes-with-complications"    // diabwc
	CharlsonHemiplegia          CharlsonCategory = "hemiplegia-paraplegia"          // hp
	CharlsonRenal               CharlsonCategory = "renal-disease"                  // rend
	CharlsonMalignancy          CharlsonCategory = "malignancy"                     // canc: any malignancy, lymphoma and leukaemia, except skin
	CharlsonSevereLiver         CharlsonCategory = "moderate-severe-liver-disease"  // msld
	CharlsonMetastatic          CharlsonCategory = "metastatic-solid-tumor"         // metacanc
	CharlsonAIDS                CharlsonCategory = "aids-hiv"                       // aids
)

// CharlsonCategories returns every CharlsonCategory in a new slice, in the order of Quan's
// table (myocardial infarction first, AIDS/HIV last): the order of [CharlsonScore.Categories].
func CharlsonCategories() []CharlsonCategory {
	rows := rkCharlsonCategories()
	cs := make([]CharlsonCategory, len(rows))
	for i, r := range rows {
		cs[i] = r.category
	}
	return cs
}

// IsValid reports whether c is one of [CharlsonCategories].
func (c CharlsonCategory) IsValid() bool {
	_, ok := rkCategoryOf(c)
	return ok
}

// rkCategoryOf returns the number of c, and false when c is not a category.
func rkCategoryOf(c CharlsonCategory) (rkCat, bool) {
	for i, r := range rkCharlsonCategories() {
		if r.category == c {
			return rkCat(i), true
		}
	}
	return 0, false
}

// Codes returns the entries of Quan's ICD-10 list for c, in a new slice, sorted: upper-case
// code prefixes without the dot ("I21", "I22", "I252" for myocardial infarction). A code is in
// c when it starts with one of them. Codes returns nil when c is not a category.
func (c CharlsonCategory) Codes() []string {
	n, ok := rkCategoryOf(c)
	if !ok {
		return nil
	}
	var codes []string
	for _, r := range rkCharlsonCodes() {
		if r.category == n {
			codes = append(codes, r.prefix)
		}
	}
	return codes
}

// CharlsonWeights names a set of weights for the Charlson categories. The zero
// CharlsonWeights means [Charlson1987].
type CharlsonWeights string

// The weightings.
const (
	// Charlson1987 is the original weighting (Charlson et al., J Chronic Dis
	// 1987;40(5):373-83): 1 for most categories, 2 for diabetes with complications,
	// hemiplegia, renal disease and malignancy, 3 for moderate or severe liver disease, 6 for
	// a metastatic solid tumor and AIDS/HIV. Totals run from 0 to 29 with the hierarchy.
	Charlson1987 CharlsonWeights = "charlson-1987"
	// Quan2011 is Quan's updated weighting (Am J Epidemiol 2011;173(6):676-82): myocardial
	// infarction, peripheral vascular and cerebrovascular disease, peptic ulcer and diabetes
	// without complications weigh 0, and AIDS/HIV 4. Totals run from 0 to 24 with the
	// hierarchy.
	Quan2011 CharlsonWeights = "quan-2011"
)

// rkWeightings returns the weightings, in the order of the columns of rkCategoryRow.weight.
func rkWeightings() [2]CharlsonWeights { return [...]CharlsonWeights{Charlson1987, Quan2011} }

// CharlsonWeightings returns every CharlsonWeights, in a new slice.
func CharlsonWeightings() []CharlsonWeights {
	ws := rkWeightings()
	return ws[:]
}

// IsValid reports whether w is one of [CharlsonWeightings]. The zero CharlsonWeights is not
// one, though [CharlsonOptions] takes it to mean Charlson1987.
func (w CharlsonWeights) IsValid() bool {
	_, ok := rkWeightIndex(w)
	return ok && w != ""
}

// rkWeightIndex returns the column of w in rkCharlsonCategories, and false when w is not a
// weighting; "" is Charlson1987.
func rkWeightIndex(w CharlsonWeights) (int, bool) {
	if w == "" {
		return 0, true
	}
	ws := rkWeightings()
	i := slices.Index(ws[:], w)
	return i, i >= 0
}

// The default Charlson bands: 0-2 low, 3-4 moderate, 5 or more high. The spec gives no bands
// for the index; these follow the grouping many studies use (0, 1-2, 3-4, 5 or more), with
// "none" and "mild" together as low.
const (
	rkCharlsonModerate = 3
	rkCharlsonHigh     = 5
)

// CharlsonOptions choose the weights, the hierarchy and the tiers of [Charlson]. The zero
// CharlsonOptions computes the index as the LACE index's C expects by default: the 1987
// weights, with the hierarchy.
type CharlsonOptions struct {
	// Weights chooses the weights; the zero value means Charlson1987.
	Weights CharlsonWeights
	// NoHierarchy counts the milder form of a condition even when its severe form is present
	// (comorbidity's assign0 = FALSE), as some studies did; leave it off to compare with the
	// usual index. With the hierarchy, only the severe form counts: moderate or severe liver
	// disease drops mild liver disease, diabetes with complications drops diabetes without,
	// and a metastatic solid tumor drops malignancy.
	NoHierarchy bool
	// Bands cut the total into tiers; the zero value means 0-2 low, 3-4 moderate and 5 or
	// more high, a convention from the literature (0, 1-2, 3-4, 5 or more) rather than from
	// Charlson or Quan, who report no bands.
	Bands RiskBands
	// NoEvidence leaves CharlsonScore.Categories and Matches out: the total and the tier
	// only, with no allocation, for runs over a whole population. Leave it off to show a
	// clinician how the index was reached.
	NoEvidence bool
}

// A CharlsonScore is one patient's Charlson comorbidity index with its evidence: the
// categories the patient's codes put them in, the points of each, the categories the
// hierarchy dropped and the codes behind each category. The zero CharlsonScore is the score
// of nobody: no weighting, no tier.
type CharlsonScore struct {
	// Weights is the weighting used and Hierarchy whether the hierarchy was applied.
	Weights   CharlsonWeights `json:"weights"`
	Hierarchy bool            `json:"hierarchy"`
	// Total is the index: the sum of Categories' points.
	Total int `json:"total"`
	// Tier is the total's tier under CharlsonOptions.Bands.
	Tier transition.RiskTier `json:"tier"`
	// Categories has one row for each category the patient is in, in the order of
	// CharlsonCategories, including any the hierarchy dropped; nil when the patient is in
	// none, or when CharlsonOptions.NoEvidence was set.
	Categories []CharlsonCategoryScore `json:"categories,omitempty"`
	// Matches has one row for each code that put the patient in a category, in the order of
	// the codes; nil when none did or when CharlsonOptions.NoEvidence was set. Codes in no
	// category are not listed: most codes are not Charlson comorbidities.
	Matches []CharlsonMatch `json:"matches,omitempty"`
}

// A CharlsonCategoryScore is one category a patient is in and what it adds to the index.
type CharlsonCategoryScore struct {
	Category CharlsonCategory `json:"category"`
	// Weight is the category's weight under the score's weighting.
	Weight int `json:"weight"`
	// Points is what the category adds to the total: Weight, or 0 when the hierarchy dropped
	// it.
	Points int `json:"points"`
	// DroppedFor is the more severe category whose presence dropped this one under the
	// hierarchy; empty when the category counts.
	DroppedFor CharlsonCategory `json:"droppedFor,omitempty"`
}

// A CharlsonMatch says which code put a patient in which category.
type CharlsonMatch struct {
	// Index is the code's position in the list the score was computed from, and Code the
	// code as it was given.
	Index int    `json:"index"`
	Code  string `json:"code"`
	// Prefix is the entry of Quan's list the code matched, upper case without the dot
	// ("E112" for "E11.22").
	Prefix   string           `json:"prefix"`
	Category CharlsonCategory `json:"category"`
}

// Charlson returns the Charlson comorbidity index of a patient with the ICD-10-CM diagnosis
// codes codes, with the Quan 2005 ICD-10 coding algorithm (metrics spec §6.3).
//
// A code is in a category when, written in upper case without its dot, it starts with one of
// the category's prefixes: "i21.4" and "I214" are both myocardial infarction (prefix I21),
// while "I25" is not (the prefix I252 is longer than the code). A category counts once however
// many codes put the patient in it; CharlsonScore.Matches lists them all. Quan's lists were
// written for WHO ICD-10 and are kept as they are: entries ICD-10-CM lacks (E14, diabetes not
// otherwise specified) match no CM code and still match WHO data, E13 (other specified
// diabetes) counts as diabetes, and CM codes longer than the entries match by their first
// characters ("E11.22" is diabetes with complications, entry E112). Which codes to pass is the
// caller's choice (a stay's diagnoses, or a look-back year of claims); duplicates are
// harmless.
//
// A code must have the shape of an ICD-10-CM code: a letter, a digit, a digit or a letter,
// then optionally a dot and one to four letters or digits, in either case and with nothing
// around it ("I21.4", "i214", "E1122", "Z3A"). A code without that shape is rejected, not
// skipped: a mistyped code left out would lower the index without anyone knowing. The error
// is carecoord.FieldErrors with one problem per bad code (FieldRequired for "", FieldInvalid
// otherwise) at path "codes[i]", up to 50 of them; it never repeats the code. An unknown
// Weights is FieldNotSupported at "weights" and bad Bands are reported at "bands.moderate" or
// "bands.high". On error the score is the zero CharlsonScore.
//
// Charlson neither keeps codes nor changes them; the score shares the caller's code strings.
func Charlson(codes []string, opts CharlsonOptions) (CharlsonScore, error) {
	var errs carecoord.FieldErrors
	w, ok := rkWeightIndex(opts.Weights)
	if !ok {
		errs.Add(carecoord.NotSupported("weights", CharlsonWeightings()...))
	}
	opts.Bands.rkValidate(&errs, "bands")

	var found [16]rkHit // the matches of most patients, on the stack
	hits := found[:0]
	var present uint32
	for i, code := range codes {
		key, ok := rkCodeKey(code)
		if !ok {
			if len(errs) < maxProblems {
				if code == "" {
					errs.Add(carecoord.Required(carecoord.Path("codes", i), "must be an ICD-10-CM code"))
				} else {
					errs.Add(carecoord.Invalid(carecoord.Path("codes", i), "must have the ICD-10-CM form: a letter, a digit, a digit or letter, then optionally a dot and 1 to 4 letters or digits"))
				}
			}
			continue
		}
		if e, ok := rkLookupCharlson(key); ok {
			present |= 1 << rkEntryCategory[e]
			if !opts.NoEvidence {
				hits = append(hits, rkHit{i, e})
			}
		}
	}
	if len(errs) > 0 {
		return CharlsonScore{}, capProblems(errs)
	}

	s := CharlsonScore{Weights: rkWeightings()[w], Hierarchy: !opts.NoHierarchy}
	if present != 0 {
		s.Total, s.Categories = rkScoreCategories(present, w, s.Hierarchy, !opts.NoEvidence)
	}
	if len(hits) > 0 {
		cats := rkCharlsonCategories()
		s.Matches = make([]CharlsonMatch, len(hits))
		for k, h := range hits {
			s.Matches[k] = CharlsonMatch{Index: h.index, Code: codes[h.index], Prefix: rkEntryPrefixOf(h.entry), Category: cats[rkEntryCategory[h.entry]].category}
		}
	}
	bands := opts.Bands
	if bands == (RiskBands{}) {
		bands = RiskBands{Moderate: rkCharlsonModerate, High: rkCharlsonHigh}
	}
	s.Tier = bands.rkTier(s.Total)
	return s, nil
}

// rkScoreCategories returns the index of a patient in the categories present (a set of
// rkCat bits) under weighting w, with or without the hierarchy, and, when evidence is asked
// for, each category's row.
func rkScoreCategories(present uint32, w int, hierarchy, evidence bool) (int, []CharlsonCategoryScore) {
	var rows []CharlsonCategoryScore
	if evidence {
		rows = make([]CharlsonCategoryScore, 0, bits.OnesCount32(present))
	}
	cats, drops := rkCharlsonCategories(), rkCharlsonHierarchy()
	total := 0
	for c := range rkCategoryCount {
		if present&(1<<c) == 0 {
			continue
		}
		cs := CharlsonCategoryScore{Category: cats[c].category, Weight: int(cats[c].weight[w])}
		cs.Points = cs.Weight
		for _, d := range drops {
			if hierarchy && d.milder == c && present&(1<<d.severer) != 0 {
				cs.Points, cs.DroppedFor = 0, cats[d.severer].category
			}
		}
		total += cs.Points
		if evidence {
			rows = append(rows, cs)
		}
	}
	return total, rows
}

// An rkHit is a code that matched an entry of Quan's list: the code's index and the entry's.
type rkHit struct{ index, entry int }

// rkCodeKey checks that code has the shape of an ICD-10-CM code (see Charlson) and returns
// its first four characters, upper case and without the dot, packed into a number, the first
// in the top byte (a code of three characters has a zero fourth byte); false when code is
// malformed. It does not check that the code exists.
func rkCodeKey(code string) (uint32, bool) {
	if len(code) < 3 || len(code) > 8 {
		return 0, false
	}
	letter, digit, third := rkUpper(code[0]), code[1], rkUpper(code[2])
	if letter-'A' >= 26 || digit-'0' >= 10 || !rkAlnum(third) {
		return 0, false
	}
	key := uint32(letter)<<24 | uint32(digit)<<16 | uint32(third)<<8
	rest := code[3:]
	if len(rest) > 0 && rest[0] == '.' {
		rest = rest[1:]
		if len(rest) == 0 {
			return 0, false
		}
	}
	if len(rest) > 4 {
		return 0, false
	}
	for i := 0; i < len(rest); i++ {
		if !rkAlnum(rkUpper(rest[i])) {
			return 0, false
		}
	}
	if len(rest) > 0 {
		key |= uint32(rkUpper(rest[0]))
	}
	return key, true
}

// rkUpper returns c in upper case when it is an ASCII lower-case letter, else c.
func rkUpper(c byte) byte {
	if c-'a' < 26 {
		return c - ('a' - 'A')
	}
	return c
}

// rkAlnum reports whether c is an upper-case ASCII letter or a digit.
func rkAlnum(c byte) bool { return c-'0' < 10 || c-'A' < 26 }

// rkLookupCharlson returns the number of the entry of Quan's list (rkCharlsonCodes) that a
// code starts with, given the code's key (rkCodeKey), and false when there is none. Every
// entry is a letter and two digits, perhaps with a third digit, so the index in
// charlsonindex.go finds it in two steps: the first three characters give the entry, or the
// part of the index where the fourth does.
func rkLookupCharlson(key uint32) (int, bool) {
	letter, d1, d2, d3 := byte(key>>24)-'A', byte(key>>16)-'0', byte(key>>8)-'0', byte(key)-'0'
	if letter >= 26 || d1 >= 10 || d2 >= 10 {
		return 0, false
	}
	v := rkIndexEntry(rkStemIndex, int(letter)*100+int(d1)*10+int(d2))
	if v&rkByFourth != 0 {
		if d3 >= 10 {
			return 0, false
		}
		v = rkIndexEntry(rkFourthIndex, int(v&^rkByFourth)*10+int(d3))
	}
	if v == 0 || int(v) > len(rkEntryCategory) {
		return 0, false
	}
	return int(v) - 1, true
}

// rkEntryPrefixOf returns the text of entry e of Quan's list, a slice of rkEntryPrefix.
func rkEntryPrefixOf(e int) string {
	p := rkEntryPrefix[4*e : 4*e+4]
	if p[3] == ' ' {
		return p[:3]
	}
	return p
}

// rkIndexEntry returns entry i of an index: the i-th big-endian uint16 of s, 0 when s is
// shorter.
func rkIndexEntry(s string, i int) uint16 {
	if i < 0 || 2*i+1 >= len(s) {
		return 0
	}
	return uint16(s[2*i])<<8 | uint16(s[2*i+1])
}

// rkByFourth marks an entry of rkStemIndex that leads to rkFourthIndex: its low bits number
// the ten entries there, one for each fourth digit.
const rkByFourth = 0x8000
