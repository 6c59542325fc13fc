package medrec

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/carecoord/carecoord"
	"github.com/shopspring/decimal"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// SystemFixtureDrug is the code system of [FixtureTable]'s products. Its codes are symbolic
// (SCD:LIS10, SBD:LIP20), made for tests and examples; they are not RxNorm RxCUIs and must
// never be sent anywhere as such.
const SystemFixtureDrug = "urn:carecoord:fixture-drug"

// A Product is what a terminology knows about a drug code: the facts RxNorm holds for a
// semantic clinical or branded drug (term types SCD, SBD, GPCK, BPCK), reduced to what
// matching needs. The zero Product is not valid: it has no code ([NewTable] rejects it).
type Product struct {
	// Code is the product's code. Required.
	Code carecoord.Coding
	// TTY is the RxNorm term type: "SCD", "SBD", "GPCK", "BPCK".
	TTY string
	// Name is the terminology's name for the product ("lisinopril 10 MG Oral Tablet").
	Name string
	// Generic is, for a branded product, the generic it is a trade name of (RxNorm
	// tradename_of); zero for a generic.
	Generic carecoord.Coding
	// Ingredients, DoseForm, Brand and Class are as in [Drug].
	Ingredients []Ingredient
	DoseForm    string
	Brand       string
	Class       string
}

// A Terminology looks drug codes up. A production implementation is backed by RxNorm (RxNav's
// /rxcui/{rxcui}/related for ingredients, strengths and dose forms, tradename_of for the
// generic, and a class source such as ATC or the VA classes), behind the caller's cache;
// [Table] is a small in-memory one.
type Terminology interface {
	// Product returns what the terminology knows of code, or an error wrapping
	// carecoord.ErrNotFound when it does not know the code. Any other error is the
	// terminology's own failure (a network error, say) and stops [Resolve].
	Product(ctx context.Context, code carecoord.Coding) (Product, error)
}

// Resolve returns m with its drug completed from t: when m.Drug.Code is known to t, the
// generic, brand, class, and (where m does not already give them) the ingredients and dose
// form come from the terminology. The name as received is kept. A code t does not know
// leaves m as it is: such an entry still matches by code or by name, never by guess. Resolve
// does not modify m, and the result shares no slice with it.
func Resolve(ctx context.Context, t Terminology, m Medication) (Medication, error) {
	m = m.Clone()
	if m.Drug.Code.IsZero() {
		return m, nil
	}
	p, err := t.Product(ctx, m.Drug.Code)
	if errors.Is(err, carecoord.ErrNotFound) {
		return m, nil
	}
	if err != nil {
		return m, fmt.Errorf("medrec: resolving drug code: %w", err)
	}
	m.Drug.Generic, m.Drug.Brand, m.Drug.Class = p.Generic, p.Brand, p.Class
	if len(m.Drug.Ingredients) == 0 {
		m.Drug.Ingredients = slices.Clone(p.Ingredients)
	}
	if m.Drug.DoseForm == "" {
		m.Drug.DoseForm = p.DoseForm
	}
	if m.Drug.Name == "" {
		m.Drug.Name = p.Name
	}
	return m, nil
}

// ResolveAll resolves every entry of list, in a new slice. The error of a failing entry
// names its index in list and wraps [Resolve]'s.
func ResolveAll(ctx context.Context, t Terminology, list []Medication) ([]Medication, error) {
	out := make([]Medication, len(list))
	for i, m := range list {
		r, err := Resolve(ctx, t, m)
		if err != nil {
			return nil, fmt.Errorf("medrec: resolving entry %d: %w", i, err)
		}
		out[i] = r
	}
	return out, nil
}

// A Table is an in-memory [Terminology]: a fixed list of products, looked up by binary search.
// Build it with [NewTable]; it is read-only afterwards and safe for concurrent use. The zero
// Table is an empty table: every code is unknown to it.
type Table struct {
	products []Product // sorted by code
}

var _ Terminology = (*Table)(nil)

// NewTable returns a Table of products. Each must have a code, codes must be unique, and a
// branded product's generic must be in the table.
func NewTable(products []Product) (*Table, error) {
	ps := make([]Product, len(products))
	for i, p := range products {
		p.Ingredients = slices.Clone(p.Ingredients)
		ps[i] = p
	}
	slices.SortFunc(ps, func(a, b Product) int { return compareCodings(a.Code, b.Code) })
	var errs carecoord.FieldErrors
	for i, p := range ps {
		path := carecoord.Path("products", i)
		if p.Code.IsZero() {
			errs.Add(carecoord.Required(path+".code", "must be set"))
		}
		if i > 0 && ps[i-1].Code.Matches(p.Code) {
			errs.Add(carecoord.Duplicate(path+".code", "must be unique in the table"))
		}
	}
	t := &Table{products: ps}
	for i, p := range ps {
		if !p.Generic.IsZero() {
			if _, ok := t.find(p.Generic); !ok {
				errs.Add(carecoord.Invalid(carecoord.Path("products", i)+".generic", "must be a product of the table"))
			}
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return t, nil
}

// Product implements [Terminology].
func (t *Table) Product(_ context.Context, code carecoord.Coding) (Product, error) {
	i, ok := t.find(code)
	if !ok {
		return Product{}, fmt.Errorf("medrec: drug code not in the table: %w", carecoord.ErrNotFound)
	}
	p := t.products[i]
	p.Ingredients = slices.Clone(p.Ingredients)
	return p, nil
}

// find returns the index of code's product.
func (t *Table) find(code carecoord.Coding) (int, bool) {
	return slices.BinarySearchFunc(t.products, code, func(p Product, c carecoord.Coding) int { return compareCodings(p.Code, c) })
}

func compareCodings(a, b carecoord.Coding) int {
	return cmp.Or(strings.Compare(a.System, b.System), strings.Compare(a.Code, b.Code))
}

// fixtureProducts are the products of FixtureTable.
func fixtureProducts() []Product {
	in := func(name, precise, strength, unit string) Ingredient {
		return Ingredient{Name: name, Precise: precise, Strength: decimal.RequireFromString(strength), Unit: unit}
	}
	code := func(c string) carecoord.Coding { return carecoord.Coding{System: SystemFixtureDrug, Code: c} }
	scd := func(c, name, form, class string, ins ...Ingredient) Product {
		return Product{Code: code(c), TTY: "SCD", Name: name, DoseForm: form, Class: class, Ingredients: ins}
	}
	sbd := func(c, name, brand string, generic Product) Product {
		p := generic
		p.Code, p.TTY, p.Name, p.Brand, p.Generic = code(c), "SBD", name, brand, generic.Code
		return p
	}
	lis10 := scd("SCD:LIS10", "lisinopril 10 MG Oral Tablet", "Oral Tablet", "ACEI", in("lisinopril", "", "10", "mg"))
	atv20 := scd("SCD:ATV20", "atorvastatin 20 MG Oral Tablet", "Oral Tablet", "STATIN", in("atorvastatin", "atorvastatin calcium", "20", "mg"))
	products := []Product{
		lis10,
		scd("SCD:LIS20", "lisinopril 20 MG Oral Tablet", "Oral Tablet", "ACEI", in("lisinopril", "", "20", "mg")),
		sbd("SBD:ZES10", "Zestril 10 MG Oral Tablet", "Zestril", lis10),
		atv20,
		sbd("SBD:LIP20", "Lipitor 20 MG Oral Tablet", "Lipitor", atv20),
		scd("SCD:SIM40", "simvastatin 40 MG Oral Tablet", "Oral Tablet", "STATIN", in("simvastatin", "", "40", "mg")),
		scd("SCD:MTT50", "metoprolol tartrate 50 MG Oral Tablet", "Oral Tablet", "BB", in("metoprolol", "metoprolol tartrate", "50", "mg")),
		scd("SCD:MTS50", "24 HR metoprolol succinate 50 MG Extended Release Oral Tablet", "Extended Release Oral Tablet", "BB",
			in("metoprolol", "metoprolol succinate", "50", "mg")),
		scd("SCD:OME20", "omeprazole 20 MG Delayed Release Oral Capsule", "Delayed Release Oral Capsule", "PPI", in("omeprazole", "", "20", "mg")),
		scd("SCD:PAN40", "pantoprazole 40 MG Delayed Release Oral Tablet", "Delayed Release Oral Tablet", "PPI", in("pantoprazole", "pantoprazole sodium", "40", "mg")),
		scd("SCD:MET500", "metformin 500 MG Oral Tablet", "Oral Tablet", "BIGUANIDE", in("metformin", "metformin hydrochloride", "500", "mg")),
		scd("SCD:CTX1G", "ceftriaxone 1000 MG Injection", "Injectable Solution", "CEPH3", in("ceftriaxone", "", "1000", "mg")),
		scd("SCD:HCT25", "hydrochlorothiazide 25 MG Oral Tablet", "Oral Tablet", "THIAZIDE", in("hydrochlorothiazide", "", "25", "mg")),
		scd("SCD:LISHCT", "lisinopril 20 MG / hydrochlorothiazide 25 MG Oral Tablet", "Oral Tablet", "ACEI",
			in("lisinopril", "", "20", "mg"), in("hydrochlorothiazide", "", "25", "mg")),
		scd("SCD:GLA100", "insulin glargine 100 UNT/ML Injectable Solution", "Injectable Solution", "INSULIN", in("insulin glargine", "", "100", "[iU]/mL")),
		scd("SCD:ASA81", "aspirin 81 MG Delayed Release Oral Tablet", "Delayed Release Oral Tablet", "ANTIPLATELET", in("aspirin", "", "81", "mg")),
		scd("SCD:CLO75", "clopidogrel 75 MG Oral Tablet", "Oral Tablet", "ANTIPLATELET", in("clopidogrel", "clopidogrel bisulfate", "75", "mg")),
	}
	return products
}

// FixtureTable returns the symbolic drug table of the specification's worked example (spec
// §7.6, metrics-medrec.md), with the codes of [SystemFixtureDrug] (SCD:LIS10, SBD:ZES10, …),
// plus a few products for combination-product, insulin and antiplatelet cases
// (SCD:HCT25, SCD:LISHCT, SCD:GLA100, SCD:ASA81, SCD:CLO75); classes as the example names them
// (ACEI, STATIN, BB, PPI, BIGUANIDE, CEPH3, THIAZIDE, INSULIN, ANTIPLATELET). It is for tests
// and examples only: the codes are not RxCUIs.
func FixtureTable() *Table {
	ps := fixtureProducts()
	slices.SortFunc(ps, func(a, b Product) int { return compareCodings(a.Code, b.Code) })
	return &Table{products: ps} // TestFixtureTable checks that NewTable accepts them
}

// Key returns the matching key of a drug name: Unicode NFKC, then case folding, then NFKC
// again (folding can leave a string unnormalised), with runs of white space collapsed to one
// space and the ends trimmed. "LIPITOR  20 mg" and "lipitor 20 mg" have one key; a full-width
// "５０mg" becomes "50mg" and a micro sign becomes a Greek mu. Each invalid UTF-8 sequence
// becomes U+FFFD (the replacement character) first. Key is idempotent:
// Key(Key(s)) == Key(s). It does not make "mcg" equal "μg", nor a brand equal its generic:
// those need a terminology. The name itself is never replaced by its key.
func Key(name string) string {
	if k, ok := asciiKey(name); ok {
		return k
	}
	// Invalid UTF-8 first becomes U+FFFD, as the key of the key would make it: otherwise
	// normalisation could join a stray byte to what follows, and Key would not be idempotent.
	s := norm.NFKC.String(strings.ToValidUTF8(name, "\uFFFD"))
	s = foldCherokee(cases.Fold().String(s))
	s = norm.NFKC.String(s)
	return strings.Join(strings.Fields(s), " ")
}

// foldCherokee corrects cases.Fold for Cherokee, the one script whose letters Unicode folds
// to the capitals (CaseFolding.txt: U+AB70–U+ABBF to U+13A0–U+13EF, U+13F8–U+13FD to
// U+13F0–U+13F5). x/text folds the small letters right but the capitals to the small
// letters (golang/go#46101), so that Key("Ꭰ") was "ꭰ" and Key("ꭰ") was "Ꭰ": not idempotent,
// and the two never had one key. After Fold every Cherokee small letter comes from the wrong
// direction or from a capital; both fold to the capital.
func foldCherokee(s string) string {
	small := func(r rune) bool { return 0xAB70 <= r && r <= 0xABBF || 0x13F8 <= r && r <= 0x13FD }
	if !strings.ContainsFunc(s, small) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if small(r) {
			return unicode.ToUpper(r)
		}
		return r
	}, s)
}

// asciiKey is Key for a name that is all ASCII, where NFKC changes nothing and case folding is
// lower-casing: the common case, without x/text's allocations. It reports false for any other
// name.
func asciiKey(name string) (string, bool) {
	clean := true // already lower case, single spaces, no space at either end
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 0x80:
			return "", false
		case 'A' <= c && c <= 'Z', c == '\t', c == '\n', c == '\v', c == '\f', c == '\r':
			clean = false
		case c == ' ' && (i == 0 || i == len(name)-1 || name[i+1] == ' '):
			clean = false
		}
	}
	if clean {
		return name, true
	}
	b := make([]byte, 0, len(name))
	space := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
			space = len(b) > 0
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		if space {
			b, space = append(b, ' '), false
		}
		b = append(b, c)
	}
	return string(b), true
}

// sameKey reports whether Key(a) == Key(b), without allocating when both are ASCII.
func sameKey(a, b string) bool {
	if a == b {
		return true
	}
	if !isASCII(a) || !isASCII(b) {
		return Key(a) == Key(b)
	}
	i, j := 0, 0
	for {
		var x, y int
		x, i = nextKeyByte(a, i)
		y, j = nextKeyByte(b, j)
		if x != y {
			return false
		}
		if x < 0 {
			return true
		}
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// nextKeyByte returns the byte of an ASCII name's key that starts at s[i], and where the next
// one starts; -1 at the end. A run of white space is one space, none at either end.
func nextKeyByte(s string, i int) (int, int) {
	if i >= len(s) {
		return -1, i
	}
	if isASCIISpace(s[i]) {
		j := i
		for j < len(s) && isASCIISpace(s[j]) {
			j++
		}
		switch {
		case j == len(s):
			return -1, j
		case i > 0:
			return ' ', j
		}
		i = j
	}
	c := s[i]
	if 'A' <= c && c <= 'Z' {
		c += 'a' - 'A'
	}
	return int(c), i + 1
}

func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}
