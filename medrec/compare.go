package medrec

import (
	"cmp"
	"slices"
	"strings"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/medrec/dosage"
	"github.com/shopspring/decimal"
)

// A MatchLevel says how an entry on one list was found to be the same drug as an entry on
// the other. [Compare] tries the levels in the order of the constants below and pairs each
// entry at the first level that finds a partner (spec §7.3's cascade). No level guesses: two
// entries pair only when codes, ingredients or (for uncoded entries) normalised names say so.
type MatchLevel string

// The match levels, in the order they are tried.
const (
	// MatchCode: the same product code.
	MatchCode MatchLevel = "same-code"
	// MatchProduct: the same generic product: a branded product and its generic (RxNorm
	// tradename_of, SBD → SCD), or the same ingredients, salts, strengths and dose form. A
	// brand/generic substitution is noted, not a discrepancy.
	MatchProduct MatchLevel = "same-product"
	// MatchIngredients: the same active ingredients (RxNorm IN, salts set aside) in another
	// strength, salt or dose form: a dose or formulation discrepancy, or, for the same dose
	// in another strength of product, a strength note.
	MatchIngredients MatchLevel = "same-ingredients"
	// MatchName: neither entry has ingredients to compare and one is uncoded, and their names
	// have the same [Key].
	MatchName MatchLevel = "same-name"
	// MatchComponent: a combination product on one list, one of its ingredients as a separate
	// drug on the other (lisinopril/hydrochlorothiazide and lisinopril): a formulation
	// change, not an omission. A combination product can pair with several components.
	MatchComponent MatchLevel = "component"
	// MatchClass: a drug left unpaired on each list, of the same therapeutic class
	// (omeprazole at home, pantoprazole on the orders): a therapeutic substitution.
	MatchClass MatchLevel = "same-class"
)

// MatchLevels returns every MatchLevel in the order [Compare] tries them, in a new slice.
func MatchLevels() []MatchLevel {
	return []MatchLevel{MatchCode, MatchProduct, MatchIngredients, MatchName, MatchComponent, MatchClass}
}

// A Kind is a type of discrepancy, after the core taxonomy shared by the studies in
// Almanasreh et al. 2016 (Br J Clin Pharmacol 82(3):645-58) and spec §7.2. The zero Kind is
// not valid.
type Kind string

// The discrepancy kinds.
const (
	// KindOmission: a current drug of the history is missing from the orders; or, on a
	// MatchComponent row, an ingredient of a combination product of the history that no
	// component on the orders covers (home lisinopril/hydrochlorothiazide, only lisinopril
	// ordered): [Discrepancy.Ingredient] names it.
	KindOmission Kind = "omission"
	// KindAddition: a drug on the orders that the history does not have (commission); or, on
	// a MatchComponent row, an ingredient of a combination product on the orders that no
	// component in the history covers: [Discrepancy.Ingredient] names it.
	KindAddition Kind = "addition"
	// KindDose: the same drug in another dose per administration (or, when the dose cannot be
	// computed, another strength or amount).
	KindDose Kind = "dose"
	// KindFrequency: the same drug on another schedule, including as-needed ↔ scheduled.
	KindFrequency Kind = "frequency"
	// KindRoute: the same drug by another route.
	KindRoute Kind = "route"
	// KindFormulation: the same ingredient in another dose form, release or salt (metoprolol
	// tartrate ↔ succinate), or a combination product ↔ its components.
	KindFormulation Kind = "formulation"
	// KindSubstitution: another drug of the same class in place of the home drug
	// (therapeutic interchange); intentional only when documented.
	KindSubstitution Kind = "therapeutic-substitution"
	// KindDuplication: the same ingredient twice among one list's current drugs.
	KindDuplication Kind = "duplication"
	// KindTherapeuticDuplication: two taken drugs of one therapeutic class on one list (two
	// proton-pump inhibitors).
	KindTherapeuticDuplication Kind = "therapeutic-duplication"
	// KindIncomplete: an order without a dose, a route or a timing, to be clarified.
	KindIncomplete Kind = "incomplete-order"
	// KindBrandGeneric: a brand for its generic or the reverse: the same product, noted for
	// information.
	KindBrandGeneric Kind = "brand-generic"
	// KindStrength: the same amount of each ingredient each time, as another strength of
	// product (two 10 mg tablets for one 20 mg tablet, 5 mL of 50 mg/mL for 10 mL of
	// 25 mg/mL): not a dose discrepancy, and noted for information, because what the
	// patient counts out or measures changes and the instructions must say so.
	KindStrength Kind = "strength"
)

// Kinds returns every Kind, in a new slice.
func Kinds() []Kind {
	return []Kind{KindOmission, KindAddition, KindDose, KindFrequency, KindRoute, KindFormulation, KindSubstitution,
		KindDuplication, KindTherapeuticDuplication, KindIncomplete, KindBrandGeneric, KindStrength}
}

// IsValid reports whether k is one of [Kinds].
func (k Kind) IsValid() bool { return slices.Contains(Kinds(), k) }

// A Severity ranks discrepancies for review. The defaults ([Kind.Severity]) are this
// library's triage order, not a published harm scale: omissions, dose changes and
// duplications first (omission and wrong dose are the most frequent unintended discrepancies,
// 71.8% and 12.8% in the study spec §7.2 cites), other changes next, brand/generic notes
// last. The harm a clinician assesses belongs in the [Decision].
type Severity string

// The severities, from most to least urgent.
const (
	SeverityHigh     Severity = "high"
	SeverityModerate Severity = "moderate"
	SeverityInfo     Severity = "info" // for information: no action needed
)

// Severity returns the default severity of a discrepancy of kind k.
func (k Kind) Severity() Severity {
	switch k {
	case KindOmission, KindDose, KindDuplication, KindTherapeuticDuplication:
		return SeverityHigh
	case KindBrandGeneric, KindStrength:
		return SeverityInfo
	}
	return SeverityModerate
}

// An Intent says whether a discrepancy was meant (spec §7.1's classes, after the Canadian
// medication-reconciliation literature). [Compare] sets documented-intentional when the order
// carries a documented reason and the discrepancy is a change (formulation, dose, route,
// frequency, substitution) or an addition, and leaves the rest unclear: a reason never
// documents an omission, a duplication, a therapeutic duplication or an incomplete order.
// Only a [Decision] says more.
type Intent string

// The intents.
const (
	// IntentUnclear: not yet clarified; the default, which requires a clinician's review.
	IntentUnclear Intent = "unclear"
	// IntentDocumented: intentional, and the reason is documented.
	IntentDocumented Intent = "documented-intentional"
	// IntentUndocumented: intentional, but the reason was not documented; it must be.
	IntentUndocumented Intent = "undocumented-intentional"
	// IntentUnintentional: a medication error.
	IntentUnintentional Intent = "unintentional"
)

// Intents returns every Intent, in a new slice.
func Intents() []Intent {
	return []Intent{IntentUnclear, IntentDocumented, IntentUndocumented, IntentUnintentional}
}

// IsValid reports whether i is one of [Intents].
func (i Intent) IsValid() bool { return slices.Contains(Intents(), i) }

// A Discrepancy is one difference found on a row. The zero Discrepancy is not valid: it has
// no Kind.
type Discrepancy struct {
	// Kind is what differs.
	Kind Kind `json:"kind"`
	// Severity is Kind's default severity.
	Severity Severity `json:"severity"`
	// Intent is documented-intentional when the order gives a reason and Kind is a change or
	// an addition ([Intent]), unclear otherwise; empty for information-only notes
	// (brand/generic, strength).
	Intent Intent `json:"intent,omitempty"`
	// With is, for a therapeutic duplication, the id of the other drug of the class on the
	// same list.
	With string `json:"with,omitempty"`
	// Ingredient is, for an omission or an addition on a MatchComponent row, the name of the
	// combination product's ingredient (as the combination gives it) that no component on
	// the other list covers; "" otherwise. It is an ingredient name, not patient data.
	Ingredient string `json:"ingredient,omitempty"`
}

// NeedsClarification reports whether d must be reviewed: it is more than information and its
// intent is not documented.
func (d Discrepancy) NeedsClarification() bool {
	return d.Severity != SeverityInfo && d.Intent != IntentDocumented
}

// A Row is one item of a comparison: a drug of the history and its partner on the orders, or
// a drug on one side alone. The zero Row names no entry and belongs to no comparison.
type Row struct {
	// Before and After are the entry ids on the history and the orders; Before is "" for a
	// drug only on the orders, After "" for one only in the history.
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
	// Match is how the two were paired; "" when one side is empty.
	Match MatchLevel `json:"match,omitempty"`
	// Discrepancies are the differences found, most important first: the first is the row's
	// discrepancy, the rest what else changed (a formulation change that also changes the
	// frequency). Empty when the two agree.
	Discrepancies []Discrepancy `json:"discrepancies,omitempty"`
}

// Key identifies the row within its comparison: "before>after".
func (r Row) Key() string { return r.Before + ">" + r.After }

// Discrepancy returns the row's main discrepancy: its first that is more than information.
func (r Row) Discrepancy() (Discrepancy, bool) {
	for _, d := range r.Discrepancies {
		if d.Severity != SeverityInfo {
			return d, true
		}
	}
	return Discrepancy{}, false
}

// NeedsClarification reports whether the row's main discrepancy needs clarification.
func (r Row) NeedsClarification() bool {
	d, ok := r.Discrepancy()
	return ok && d.NeedsClarification()
}

// A Side names one of the two lists compared.
type Side string

// The sides.
const (
	SideBefore Side = "before" // the history (the BPMH, or the list before the transition)
	SideAfter  Side = "after"  // the orders (admission, transfer or discharge orders)
)

// A ListProblem is a problem within one list, whatever the other says: the same ingredient
// twice, or two taken drugs of one class that both stay on the list. The zero ListProblem is
// not valid: it names no side, kind or entries.
type ListProblem struct {
	Side Side `json:"side"`
	// Kind is KindDuplication or KindTherapeuticDuplication.
	Kind Kind `json:"kind"`
	// A and B are the two entries' ids, in id order.
	A string `json:"a"`
	B string `json:"b"`
}

// A Comparison is the result of [Compare]: every current drug of both lists in exactly one
// row (a combination product may appear in several MatchComponent rows), and the problems
// within each list. The zero Comparison is the comparison of two empty lists: no rows, no
// problems.
type Comparison struct {
	// Rows are ordered by Before id, then After id, with drugs only on the orders last.
	Rows []Row `json:"rows"`
	// Problems are the duplications within each list, ordered by side, kind and ids.
	Problems []ListProblem `json:"problems,omitempty"`
	// Ignored are the ids of entries that took no part: not current (completed, stopped,
	// entered in error).
	Ignored []string `json:"ignored,omitempty"`
}

// Counts tallies a comparison as spec §7.6 does. The zero Counts is the tally of an empty
// comparison (with a nil ByKind, which reads as empty).
type Counts struct {
	Rows          int          // every row
	Discrepant    int          // rows with a discrepancy more than information
	Clarification int          // of those, rows whose discrepancy is not documented
	Agreeing      int          // rows with none
	ByKind        map[Kind]int // rows by their main discrepancy's kind
}

// Counts returns the comparison's tally.
func (c Comparison) Counts() Counts {
	n := Counts{Rows: len(c.Rows), ByKind: map[Kind]int{}}
	for _, r := range c.Rows {
		d, ok := r.Discrepancy()
		if !ok {
			n.Agreeing++
			continue
		}
		n.Discrepant++
		n.ByKind[d.Kind]++
		if d.NeedsClarification() {
			n.Clarification++
		}
	}
	return n
}

// An entry is a medication prepared for matching: the keys computed once.
type entry struct {
	m        *Medication
	name     string   // the name's Key, for an entry without ingredients; "" otherwise
	bases    []string // the ingredients' keys, sorted; shares the comparison's buffer
	precises []string // the ingredients' precise-form keys in the order of bases ("" when unstated)
	pair     int      // index of the partner on the other side, or -1
	level    MatchLevel
	comp     bool // paired as a component of a combination product (pair is its index)
	combo    bool // a combination product that components on the other side pair with
	// uncoveredDone: for a combination product, its uncovered ingredients have been reported
	// (on its first component row).
	uncoveredDone bool
	// Hashes compared before what they hash (equal keys have equal hashes): of the code, of the
	// generic product's code (the entry's own for a generic), both 0 when uncoded; of the name
	// key, the ingredient keys and the class. mask is a one-word Bloom filter of the
	// ingredient keys: two entries whose masks share no bit share no ingredient.
	codeH, productH, nameH, basesH, classH, mask uint64
}

func (e *entry) code() codeKey    { return keyOf(e.m.Drug.Code) }
func (e *entry) product() codeKey { return productCode(e.m) }

// A codeKey is a code without its display: what makes two codings one code.
type codeKey struct{ system, code string }

// keyOf returns c's codeKey, or the zero codeKey when c has no code.
func keyOf(c carecoord.Coding) codeKey {
	if c.Code == "" {
		return codeKey{}
	}
	return codeKey{c.System, c.Code}
}

// Compare compares the current entries of before (the history) with those of after (the
// orders), both resolved ([Resolve]) where codes are known, and returns a row for every
// current entry, with the discrepancies found and the problems within each list. Entries that
// are not current ([Status.IsCurrent]) are listed as ignored. Entry ids must be unique across
// both lists ([Reconciliation.Validate] checks it); the result does not depend on the order of
// either list.
//
// For a pair, Compare reports, most important first: formulation (dose form, salt, or
// combination ↔ component), dose (the amount of each ingredient given each time, computed
// from the amount and the strength where it can be, converting only g, mg and mcg), route,
// frequency (the timings are not [dosage.Timing.Equivalent], or one is as needed and the
// other scheduled), and for information a strength note (the same dose in another strength
// of product) and a brand/generic note. A MatchComponent row (a combination product and one
// of its components on the other list) is a formulation change, with a dose change when the
// combination gives another amount of the component's ingredient each time, and route and
// frequency changes as for a pair; an ingredient of the combination that no component on the
// other list covers is reported on the combination's first component row, as an omission
// (a combination of the history) or an addition (one on the orders) naming the ingredient
// ([Discrepancy.Ingredient]). Ingredient strengths compare through one spelling of each unit
// (mcg and ug, IU and units, ml and mL), and a salt (precise ingredient) differs only when
// both entries state it. An unpaired history drug is an omission; an unpaired
// order is an addition, or a therapeutic duplication when it is taken and another taken
// order is of its class and shares no ingredient with it (one that shares an ingredient is a
// duplication within the list, among the problems); an order without a dose, route or
// timing is incomplete.
//
// Compare sorts each list by id, pairs entries of one code by sorting hashes of the codes,
// and tries the other levels on the entries still unpaired; the problems within a list come
// from sorting hashes of ingredients and classes. It allocates a bounded number of slices,
// not one per entry, besides the decimal arithmetic of doses in other strengths and of
// timings not written alike.
func Compare(before, after []Medication) Comparison {
	refs := make([]*Medication, len(before)+len(after))
	for i := range before {
		refs[i] = &before[i]
	}
	for i := range after {
		refs[len(before)+i] = &after[i]
	}
	var p preparer
	return compare(refs[:len(before)], refs[len(before):], &p)
}

// A Comparer compares lists as [Compare] does, keeping its working memory (the prepared
// entries, their keys, the sort scratch) from one call to the next, so that population work,
// a simulation reconciling a million transitions, allocates little more than each result. The
// results are the same as Compare's and share nothing with the Comparer. Until its next call
// (or until it is dropped) a Comparer still refers to the lists it last compared, as a reused
// buffer does; clearing them each time cost a quarter of a call. The zero Comparer is ready to
// use; a Comparer is not safe for concurrent use (use one per goroutine).
type Comparer struct {
	p    preparer
	refs []*Medication
}

// Compare is [Compare], reusing c's working memory.
func (c *Comparer) Compare(before, after []Medication) Comparison {
	n := len(before) + len(after)
	if cap(c.refs) < n {
		c.refs = make([]*Medication, n)
	}
	refs := c.refs[:n]
	for i := range before {
		refs[i] = &before[i]
	}
	for i := range after {
		refs[len(before)+i] = &after[i]
	}
	return compare(refs[:len(before)], refs[len(before):], &c.p)
}

// compare is Compare of lists of references (which it does not modify), with p's working
// memory.
func compare(before, after []*Medication, p *preparer) Comparison {
	var c Comparison
	p.reserve(len(before) + len(after))
	bs, ba := p.prepare(before, &c), p.prepare(after, &c)
	for _, level := range MatchLevels() {
		if level == MatchCode {
			p.pairByCode(bs, ba)
			continue
		}
		p.pairAt(level, bs, ba)
	}
	c.Rows = make([]Row, 0, len(bs)+len(ba))
	var arena []Discrepancy // every row's discrepancies, each row a full slice of it
	var buf [8]Discrepancy
	row := func(b, a *entry, level MatchLevel, ds []Discrepancy) {
		r := Row{Match: level}
		if b != nil {
			r.Before = b.m.ID
		}
		if a != nil {
			r.After = a.m.ID
			if a.m.Source.IsOrder() && incomplete(a.m.Dosage) {
				ds = append(ds, discrepancy(KindIncomplete, a.m))
			}
		}
		if len(ds) > 0 {
			sortDiscrepancies(ds)
			if cap(arena)-len(arena) < len(ds) {
				arena = make([]Discrepancy, 0, max(2*cap(arena), (len(bs)+len(ba))/2, 16))
			}
			n := len(arena)
			arena = append(arena, ds...)
			r.Discrepancies = arena[n:len(arena):len(arena)]
		}
		c.Rows = append(c.Rows, r)
	}
	for i := range bs {
		b := &bs[i]
		ds := buf[:0]
		switch {
		case b.combo: // its rows are its components'
		case b.comp: // b is a component of the combination a on the orders
			a := &ba[b.pair]
			ds = componentDifferences(ds, b, a, b, a)
			if !a.uncoveredDone {
				a.uncoveredDone = true
				ds = uncovered(ds, KindAddition, a, b.pair, bs, a)
			}
			row(b, a, MatchComponent, ds)
		case b.pair >= 0 && b.level == MatchClass:
			a := &ba[b.pair]
			row(b, a, MatchClass, append(ds, discrepancy(KindSubstitution, a.m)))
		case b.pair >= 0:
			a := &ba[b.pair]
			row(b, a, b.level, differences(ds, b, a))
		default:
			row(b, nil, "", append(ds, discrepancy(KindOmission, nil)))
		}
	}
	var reported []ListProblem // therapeutic duplications already on a row
	for i := range ba {
		a := &ba[i]
		ds := buf[:0]
		switch {
		case a.combo, a.pair >= 0 && !a.comp:
		case a.comp: // a is a component of the combination b in the history
			b := &bs[a.pair]
			ds = componentDifferences(ds, a, b, b, a)
			if !b.uncoveredDone {
				b.uncoveredDone = true
				ds = uncovered(ds, KindOmission, b, a.pair, ba, a)
			}
			row(b, a, MatchComponent, ds)
		default:
			if other := sameClass(ba, i); other >= 0 {
				d := discrepancy(KindTherapeuticDuplication, a.m)
				d.With = ba[other].m.ID
				row(nil, a, "", append(ds, d))
				reported = append(reported, newProblem(SideAfter, KindTherapeuticDuplication, a.m.ID, d.With))
				continue
			}
			row(nil, a, "", append(ds, discrepancy(KindAddition, a.m)))
		}
	}
	byRow := func(x, y Row) int {
		return cmp.Or(cmp.Compare(boolRank(x.Before == ""), boolRank(y.Before == "")), strings.Compare(x.Before, y.Before), strings.Compare(x.After, y.After))
	}
	if !slices.IsSortedFunc(c.Rows, byRow) { // only component rows of a combination on the orders are out of place
		slices.SortFunc(c.Rows, byRow)
	}
	c.Problems = p.listProblems(SideBefore, bs, nil)
	c.Problems = p.listProblems(SideAfter, ba, c.Problems)
	c.Problems = slices.DeleteFunc(c.Problems, func(x ListProblem) bool {
		return x.Side == SideAfter && slices.Contains(reported, x)
	})
	slices.SortFunc(c.Problems, func(x, y ListProblem) int {
		return cmp.Or(cmp.Compare(boolRank(x.Side == SideAfter), boolRank(y.Side == SideAfter)),
			strings.Compare(string(x.Kind), string(y.Kind)), strings.Compare(x.A, y.A), strings.Compare(x.B, y.B))
	})
	slices.Sort(c.Ignored)
	return c
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

func newProblem(side Side, k Kind, x, y string) ListProblem {
	if y < x {
		x, y = y, x
	}
	return ListProblem{Side: side, Kind: k, A: x, B: y}
}

// A preparer hands out the entries and ingredient keys of both sides of a comparison from
// one allocation each.
type preparer struct {
	entries []entry
	keys    []string
	order   []int32   // positions in a list, to sort by id (sorting entries moves more)
	refs    []hashRef // scratch for pairByCode and listProblems
	free    []int     // scratch for pairAt
}

// A hashRef is the position i of an entry (below 2³²) in its low 32 bits, and the high 32
// bits of the hash of one of its keys in its high bits: sorted as integers, refs come in
// runs of one hash, each run in the order of the positions.
type hashRef uint64

func newRef(h uint64, i int) hashRef { return hashRef(h&^0xffffffff | uint64(uint32(i))) }
func (r hashRef) h() uint64          { return uint64(r) &^ 0xffffffff }
func (r hashRef) i() int             { return int(uint32(r)) }

// runEnd returns the end of the run of refs with the hash of r[i].
func runEnd(r []hashRef, i int) int {
	j := i + 1
	for j < len(r) && r[j].h() == r[i].h() {
		j++
	}
	return j
}

// reserve sizes the buffers for n entries. The keys' buffer is sized for two ingredients an
// entry; should it grow, the keys already handed out stay where they are.
func (p *preparer) reserve(n int) {
	if cap(p.entries) < n {
		p.entries, p.order, p.free = make([]entry, 0, n), make([]int32, 0, n), make([]int, 0, n)
	}
	if cap(p.keys) < 2*n+8 {
		p.keys, p.refs = make([]string, 0, 2*n+8), make([]hashRef, 0, n+8)
	}
	p.entries, p.keys, p.order, p.refs, p.free = p.entries[:0], p.keys[:0], p.order[:0], p.refs[:0], p.free[:0]
}

// prepare keeps the current entries of list, sorted by id (so that pairing never depends on
// the list's order), with their keys; it records the others in c.Ignored.
func (p *preparer) prepare(list []*Medication, c *Comparison) []entry {
	start := len(p.entries)
	order := p.order[:0]
	for i, m := range list {
		if m.Status.IsCurrent() {
			order = append(order, int32(i))
		} else {
			c.Ignored = append(c.Ignored, m.ID)
		}
	}
	// Positions, not (id, position) pairs: sorting moves no pointer, which during a garbage
	// collection would cost a write barrier each.
	byID := func(x, y int32) int { return strings.Compare(list[x].ID, list[y].ID) }
	if !slices.IsSortedFunc(order, byID) {
		slices.SortFunc(order, byID)
	}
	p.order = order
	for _, i := range order {
		m := list[i]
		p.entries = append(p.entries, entry{m: m, pair: -1}) // filled in place: an entry is large
		e := &p.entries[len(p.entries)-1]
		e.codeH, e.productH, e.classH = keyOf(m.Drug.Code).hash(), productCode(m).hash(), hashString(hashSeed, m.Drug.Class)
		if k := len(m.Drug.Ingredients); k > 0 {
			n := len(p.keys)
			for _, in := range m.Drug.Ingredients {
				p.keys = append(p.keys, Key(in.Name))
			}
			for _, in := range m.Drug.Ingredients {
				p.keys = append(p.keys, Key(in.Precise))
			}
			e.bases, e.precises = p.keys[n:n+k:n+k], p.keys[n+k:n+2*k:n+2*k]
			if k > 1 {
				sortTogether(e.bases, e.precises)
			}
			e.basesH = hashSeed
			for _, b := range e.bases {
				h := hashString(hashSeed, b)
				e.basesH, e.mask = hashString(e.basesH^h, "|"), e.mask|1<<(h%64)
			}
		} else {
			e.name = Key(m.Drug.Name)
			e.nameH = hashString(hashSeed, e.name)
		}
	}
	return p.entries[start:len(p.entries):len(p.entries)]
}

// hashSeed and hashString are 64-bit FNV-1a, for the hashes of an entry.
const hashSeed uint64 = 14695981039346656037

func hashString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}

// hash is a hash of the code alone (codes of different systems rarely coincide, and a hash
// only has to be equal for equal keys), never 0; 0 for no code.
func (k codeKey) hash() uint64 {
	if k.code == "" {
		return 0
	}
	return hashString(hashSeed, k.code) | 1
}

// sortTogether sorts keys and reorders other the same way (insertion sort: a combination
// product has a few ingredients).
func sortTogether(keys, other []string) {
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
			other[j], other[j-1] = other[j-1], other[j]
		}
	}
}

// pairByCode pairs the entries of bs and ba with the same code, each history entry with the
// first order entry (by id) of its code: pairAt(MatchCode), by sorting the codes' hashes
// rather than comparing every two entries.
func (p *preparer) pairByCode(bs, ba []entry) {
	refs := p.refs[:0]
	for i := range bs {
		if bs[i].codeH != 0 {
			refs = append(refs, newRef(bs[i].codeH, i))
		}
	}
	nb := len(refs)
	for j := range ba {
		if ba[j].codeH != 0 {
			refs = append(refs, newRef(ba[j].codeH, j))
		}
	}
	rb, ra := refs[:nb], refs[nb:]
	slices.Sort(rb)
	slices.Sort(ra)
	for x, y := 0, 0; x < len(rb) && y < len(ra); {
		switch {
		case rb[x].h() < ra[y].h():
			x++
		case rb[x].h() > ra[y].h():
			y++
		default: // one hash on both sides, each run in id order
			xe, ye := runEnd(rb, x), runEnd(ra, y)
			for _, rx := range rb[x:xe] {
				b := &bs[rx.i()]
				for _, ry := range ra[y:ye] {
					if a := &ba[ry.i()]; a.pair < 0 && b.code() == a.code() {
						b.pair, b.level, a.pair, a.level = ry.i(), MatchCode, rx.i(), MatchCode
						break
					}
				}
			}
			x, y = xe, ye
		}
	}
	p.refs = refs
}

// pairAt pairs the still unpaired entries of bs and ba that match at level, each history
// entry with the first order entry (by id) that matches it. At MatchComponent a combination
// product pairs with every one of its components on the other side.
func (p *preparer) pairAt(level MatchLevel, bs, ba []entry) {
	free := p.free[:0] // the order entries still to pair, in id order
	for j := range ba {
		if a := &ba[j]; a.pair < 0 && !a.comp && (!a.combo || level == MatchComponent) {
			free = append(free, j)
		}
	}
	p.free = free
	if len(free) == 0 {
		return
	}
	for i := range bs {
		b := &bs[i]
		if b.pair >= 0 || b.comp || b.combo {
			continue
		}
		for _, j := range free {
			a := &ba[j]
			if a.pair >= 0 || a.comp || !matches(level, b, a) {
				continue
			}
			if level != MatchComponent {
				b.pair, b.level, a.pair, a.level = j, level, i, level
				break
			}
			if isCombination(a) { // b is one of a's components
				b.pair, b.comp, a.combo = j, true, true
				break
			}
			// b is a combination and a one of its components: look for the others too.
			a.pair, a.comp, b.combo = i, true, true
		}
	}
}

func isCombination(e *entry) bool { return len(e.bases) > 1 }

// matches reports whether b and a are the same drug at level.
func matches(level MatchLevel, b, a *entry) bool {
	switch level {
	case MatchCode:
		return b.codeH == a.codeH && b.codeH != 0 && b.code() == a.code()
	case MatchProduct:
		if b.productH == a.productH && b.productH != 0 && b.product() == a.product() {
			return true
		}
		return b.basesH == a.basesH && len(b.bases) > 0 && slices.Equal(b.bases, a.bases) && slices.Equal(b.precises, a.precises) &&
			b.m.Drug.DoseForm != "" && sameKey(b.m.Drug.DoseForm, a.m.Drug.DoseForm) && sameStrengths(b, a)
	case MatchIngredients:
		return b.basesH == a.basesH && len(b.bases) > 0 && slices.Equal(b.bases, a.bases)
	case MatchName:
		if len(b.bases) > 0 || len(a.bases) > 0 || b.codeH != 0 && a.codeH != 0 {
			return false
		}
		return b.nameH == a.nameH && b.name != "" && b.name == a.name
	case MatchComponent:
		return isCombination(a) != isCombination(b) &&
			(b.mask&^a.mask == 0 && subset(b.bases, a.bases) || a.mask&^b.mask == 0 && subset(a.bases, b.bases))
	case MatchClass:
		return b.classH == a.classH && !a.combo && b.m.Drug.Class != "" && b.m.Drug.Class == a.m.Drug.Class && !slices.Equal(b.bases, a.bases)
	}
	return false
}

// subset reports whether every key of small is in big (both sorted), and small is not empty.
func subset(small, big []string) bool {
	if len(small) == 0 || len(small) >= len(big) {
		return false
	}
	for _, k := range small {
		if _, ok := slices.BinarySearch(big, k); !ok {
			return false
		}
	}
	return true
}

// sameStrengths reports whether b and a, with the same ingredients, have the same strength
// of each: equal values in the same unit.
func sameStrengths(b, a *entry) bool {
	for _, x := range b.m.Drug.Ingredients {
		y, ok := ingredientNamed(a.m.Drug.Ingredients, x.Name)
		if !ok || normUnit(x.Unit) != normUnit(y.Unit) || !x.Strength.Equal(y.Strength) {
			return false
		}
	}
	return true
}

// sameClass returns the index of another taken entry of ba of e's class that shares no
// ingredient with it (one that does is a duplication within the list, not of the class), or
// -1.
func sameClass(ba []entry, i int) int {
	e := &ba[i]
	if e.m.Drug.Class == "" || !e.m.Status.IsTaken() {
		return -1
	}
	for j := range ba {
		if j != i && ba[j].classH == e.classH && ba[j].m.Status.IsTaken() && ba[j].m.Drug.Class == e.m.Drug.Class &&
			(ba[j].mask&e.mask == 0 || !sharesIngredient(ba[j].bases, e.bases)) {
			return j
		}
	}
	return -1
}

// discrepancy returns a discrepancy of kind k on a row whose order is after (nil for none):
// documented-intentional when the order gives a reason.
func discrepancy(k Kind, after *Medication) Discrepancy {
	d := Discrepancy{Kind: k, Severity: k.Severity(), Intent: IntentUnclear}
	switch {
	case k.Severity() == SeverityInfo:
		d.Intent = ""
	case after != nil && after.Reason != "" && k.documentable():
		d.Intent = IntentDocumented
	}
	return d
}

// documentable reports whether an order's reason documents a discrepancy of kind k: a change
// or an addition. An omission, a duplication, a therapeutic duplication or an incomplete
// order stays unclear until a [Decision] classifies it.
func (k Kind) documentable() bool {
	switch k {
	case KindAddition, KindDose, KindFrequency, KindRoute, KindFormulation, KindSubstitution:
		return true
	}
	return false
}

// componentDifferences appends to ds the differences on a MatchComponent row between comp, a
// drug on one list, and combo, the combination product on the other that it is a component
// of; b and a are the row's history and order entries (comp and combo in some order). The
// formulation differs by definition; the dose compares the combination's amount of each of
// comp's ingredients given each time with comp's; route and frequency are compared as for a
// pair ([differences]).
func componentDifferences(ds []Discrepancy, comp, combo, b, a *entry) []Discrepancy {
	ds = append(ds, discrepancy(KindFormulation, a.m))
	if componentDoseChange(comp.m, combo.m) {
		ds = append(ds, discrepancy(KindDose, a.m))
	}
	return directionDifferences(ds, b.m, a.m)
}

// componentDoseChange reports whether the combination combo gives another amount of one of
// comp's ingredients each time than comp does. Where both amounts can be computed ([amount])
// they are compared; otherwise a difference in that ingredient's strength, or two stated
// doses that differ, is a dose change. Doses not stated are not a difference.
func componentDoseChange(comp, combo *Medication) bool {
	for _, x := range comp.Drug.Ingredients {
		y, ok := ingredientNamed(combo.Drug.Ingredients, x.Name)
		if !ok {
			continue
		}
		cv, cu, cok := amount(comp, x)
		kv, ku, kok := amount(combo, y)
		if cok && kok && cu == ku {
			if !cv.Equal(kv) {
				return true
			}
			continue
		}
		if x.Strength.Sign() > 0 && y.Strength.Sign() > 0 && (normUnit(x.Unit) != normUnit(y.Unit) || !x.Strength.Equal(y.Strength)) {
			return true
		}
		if !comp.Dosage.Dose.IsZero() && !combo.Dosage.Dose.IsZero() && !comp.Dosage.Dose.Equal(combo.Dosage.Dose) {
			return true
		}
	}
	return false
}

// uncovered appends to ds a discrepancy of kind k (omission for a combination of the history,
// addition for one on the orders) for each ingredient of the combination product combo,
// whose index on its side is ci, that no component on the other side (others) covers. after
// is the row's order entry.
func uncovered(ds []Discrepancy, k Kind, combo *entry, ci int, others []entry, after *entry) []Discrepancy {
	for _, base := range combo.bases {
		covered := false
		for j := range others {
			if o := &others[j]; o.comp && o.pair == ci && slices.Contains(o.bases, base) {
				covered = true
				break
			}
		}
		if covered {
			continue
		}
		d := discrepancy(k, after.m)
		for _, in := range combo.m.Drug.Ingredients {
			if Key(in.Name) == base {
				d.Ingredient = in.Name
				break
			}
		}
		ds = append(ds, d)
	}
	return ds
}

// differences appends to ds the differences between two paired entries.
func differences(ds []Discrepancy, b, a *entry) []Discrepancy {
	bm, am := b.m, a.m
	if b.level == MatchIngredients && (!samePrecises(b.precises, a.precises) ||
		bm.Drug.DoseForm != "" && am.Drug.DoseForm != "" && !sameKey(bm.Drug.DoseForm, am.Drug.DoseForm)) {
		ds = append(ds, discrepancy(KindFormulation, am))
	}
	var k Kind
	if (b.level == MatchCode || b.level == MatchProduct) && sameStrengths(b, a) {
		k = sameProductDoseChange(bm, am)
	} else {
		k = doseChange(bm, am)
	}
	if k != "" {
		ds = append(ds, discrepancy(k, am))
	}
	ds = directionDifferences(ds, bm, am)
	if (bm.Drug.Brand != "") != (am.Drug.Brand != "") || bm.Drug.Brand != "" && !sameKey(bm.Drug.Brand, am.Drug.Brand) {
		ds = append(ds, discrepancy(KindBrandGeneric, am))
	}
	return ds
}

// directionDifferences appends to ds a route and a frequency discrepancy between the history
// entry bm and the order am, where they differ.
func directionDifferences(ds []Discrepancy, bm, am *Medication) []Discrepancy {
	if bm.Dosage.Route != "" && am.Dosage.Route != "" && bm.Dosage.Route != am.Dosage.Route {
		ds = append(ds, discrepancy(KindRoute, am))
	}
	// As needed ↔ scheduled only when both sides give directions: directions not stated are
	// not a difference (as in Collapse).
	if !bm.Dosage.IsZero() && !am.Dosage.IsZero() && bm.Dosage.AsNeeded != am.Dosage.AsNeeded ||
		!bm.Dosage.Timing.IsZero() && !am.Dosage.Timing.IsZero() && !equivalentTimings(bm.Dosage.Timing, am.Dosage.Timing) {
		ds = append(ds, discrepancy(KindFrequency, am))
	}
	return ds
}

// samePrecises reports whether two entries' precise (salt) forms, in the order of their
// equal ingredient keys, agree: a precise form counts as different only when both state it.
func samePrecises(x, y []string) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i] != "" && y[i] != "" && x[i] != y[i] {
			return false
		}
	}
	return true
}

// equivalentTimings is [dosage.Timing.Equivalent], without its arithmetic when the two
// timings are written alike.
func equivalentTimings(x, y dosage.Timing) bool {
	if x.Frequency == y.Frequency && x.FrequencyMax == y.FrequencyMax && x.PeriodUnit == y.PeriodUnit &&
		decimalEqual(x.Period, y.Period) && x.PeriodMax.Valid == y.PeriodMax.Valid &&
		(!x.PeriodMax.Valid || decimalEqual(x.PeriodMax.Decimal, y.PeriodMax.Decimal)) && slices.Equal(x.When, y.When) {
		return true
	}
	return x.Equivalent(y)
}

// decimalEqual is a.Equal(b) without its allocation for a zero Decimal.
func decimalEqual(a, b decimal.Decimal) bool {
	if a.Sign() != b.Sign() {
		return false
	}
	return a.Sign() == 0 || a.Equal(b)
}

// sameProductDoseChange is [doseChange] for two entries of one product (the same
// ingredients in the same strengths): doses in one unit compare directly, without the
// arithmetic of amounts; others are left to doseChange.
func sameProductDoseChange(b, a *Medication) Kind {
	x, y := b.Dosage.Dose, a.Dosage.Dose
	switch {
	case x.IsZero() || y.IsZero():
		return ""
	case x.Unit != y.Unit:
		return doseChange(b, a)
	case x.Equal(y):
		return ""
	}
	return KindDose
}

// doseChange compares the doses of two paired entries. Where the amount of every ingredient
// given each time can be computed on both sides ([amount]), those amounts are compared:
// KindDose when one differs, KindStrength when they agree but the products' strengths differ
// (two 10 mg tablets for one 20 mg tablet), "" when they agree. Otherwise a difference in
// strength is a dose change, and so are two stated doses that differ. Doses not stated on
// either side are not a difference.
func doseChange(b, a *Medication) Kind {
	bi, ai := b.Drug.Ingredients, a.Drug.Ingredients
	strength := false // an ingredient has another strength
	for _, x := range bi {
		if y, ok := ingredientNamed(ai, x.Name); ok && x.Strength.Sign() > 0 && y.Strength.Sign() > 0 &&
			(normUnit(x.Unit) != normUnit(y.Unit) || !x.Strength.Equal(y.Strength)) {
			strength = true
		}
	}
	if len(bi) > 0 && len(bi) == len(ai) {
		comparable := true
		for _, x := range bi {
			y, ok := ingredientNamed(ai, x.Name)
			if !ok {
				comparable = false
				break
			}
			bv, bu, bok := amount(b, x)
			av, au, aok := amount(a, y)
			if !bok || !aok || bu != au {
				comparable = false
				break
			}
			if !bv.Equal(av) {
				return KindDose
			}
		}
		if comparable {
			if strength {
				return KindStrength
			}
			return ""
		}
	}
	if strength || !b.Dosage.Dose.IsZero() && !a.Dosage.Dose.IsZero() && !b.Dosage.Dose.Equal(a.Dosage.Dose) {
		return KindDose
	}
	return ""
}

// ingredientNamed returns the ingredient of ins whose name has the key of name's.
func ingredientNamed(ins []Ingredient, name string) (Ingredient, bool) {
	for _, in := range ins {
		if sameKey(in.Name, name) {
			return in, true
		}
	}
	return Ingredient{}, false
}

// amount returns how much of ingredient in (one of m's) is given each time, in mg for a
// mass and otherwise in the unit of the amount ("[iU]", "meq", "mL"), and false when it
// cannot be computed: no single dose stated, or a dose that does not say how much of this
// ingredient it holds. A dose stated as a mass, in units or in mEq is the amount of a
// single-ingredient drug; a dose in mL is the volume times a per-mL strength ("mg/mL"), or
// for a single-ingredient drug without one, the volume itself; a dose in tablets, capsules,
// … is the count times the strength.
func amount(m *Medication, in Ingredient) (decimal.Decimal, string, bool) {
	d := m.Dosage.Dose
	if d.IsZero() || d.Max.Valid {
		return decimal.Decimal{}, "", false
	}
	single := len(m.Drug.Ingredients) == 1
	if v, ok := inMilligrams(d.Value, string(d.Unit)); ok {
		return v, "mg", single
	}
	switch d.Unit {
	case dosage.UnitUnit:
		return d.Value, "[iU]", single
	case dosage.UnitMilliequivalent:
		return d.Value, "meq", single
	case dosage.UnitMilliliter:
		if per, ok := strings.CutSuffix(normUnit(in.Unit), "/mL"); ok && in.Strength.Sign() > 0 {
			return inUnit(d.Value.Mul(in.Strength), per)
		}
		return d.Value, "mL", single
	}
	unit := normUnit(in.Unit)
	if in.Strength.Sign() <= 0 || strings.Contains(unit, "/") {
		return decimal.Decimal{}, "", false
	}
	return inUnit(d.Value.Mul(in.Strength), unit)
}

// inUnit returns v in mg when unit is a mass, else in unit as [normUnit] spells it ("[iU]"
// for "unit").
func inUnit(v decimal.Decimal, unit string) (decimal.Decimal, string, bool) {
	if mg, ok := inMilligrams(v, unit); ok {
		return mg, "mg", true
	}
	if unit == "" {
		return decimal.Decimal{}, "", false
	}
	return v, normUnit(unit), true
}

// inMilligrams converts a mass in g, mg or mcg (ug, µg, μg) to mg, exactly.
func inMilligrams(v decimal.Decimal, unit string) (decimal.Decimal, bool) {
	switch normUnit(unit) {
	case "mg":
		return v, true
	case "g":
		return v.Shift(3), true
	case "ug":
		return v.Shift(-3), true
	}
	return decimal.Decimal{}, false
}

// normUnit returns a strength or dose unit in one spelling, so that spellings of one unit
// compare equal: mcg, µg (micro sign), μg (Greek mu) and ug are "ug"; IU, iu, unit, units, U
// and [IU] are "[iU]"; ml is "mL"; mg and g stay. A unit per volume ("mcg/mL", "units/ml")
// is normalised on each side of the slash. Any other unit is returned as written.
func normUnit(u string) string {
	switch u { // the common spellings, without allocating
	case "mg", "g", "mL", "ug", "[iU]", "", "mg/mL", "[iU]/mL", "ug/mL":
		return u
	}
	if num, den, ok := strings.Cut(u, "/"); ok {
		return normUnitPart(num) + "/" + normUnitPart(den)
	}
	return normUnitPart(u)
}

func normUnitPart(u string) string {
	switch u {
	case "mcg", "\u00b5g", "\u03bcg", "ug":
		return "ug"
	case "IU", "iu", "unit", "units", "U", "[iU]", "[IU]":
		return "[iU]"
	case "mL", "ml":
		return "mL"
	}
	return u
}

// incomplete reports whether an order's directions lack a dose, a route or a timing (as
// needed counts as a timing).
func incomplete(d dosage.Dosage) bool {
	return d.Dose.IsZero() || d.Route == "" || d.Timing.IsZero() && !d.AsNeeded
}

// sortDiscrepancies orders ds by the precedence of their kinds.
func sortDiscrepancies(ds []Discrepancy) {
	if len(ds) > 1 {
		slices.SortStableFunc(ds, func(a, b Discrepancy) int { return cmp.Compare(a.Kind.rank(), b.Kind.rank()) })
	}
}

// rank is k's place in a row's discrepancies, most important first.
func (k Kind) rank() int {
	switch k {
	case KindOmission:
		return 0
	case KindAddition:
		return 1
	case KindTherapeuticDuplication:
		return 2
	case KindSubstitution:
		return 3
	case KindFormulation:
		return 4
	case KindDose:
		return 5
	case KindRoute:
		return 6
	case KindFrequency:
		return 7
	case KindIncomplete:
		return 8
	case KindDuplication:
		return 9
	case KindStrength:
		return 10
	case KindBrandGeneric:
		return 11
	}
	return 99
}

// listProblems appends the duplications within one side's entries to dst: two entries sharing
// an ingredient, and two taken entries of one class with different ingredients. It sorts the
// hashes of the ingredient keys and of the classes and looks for pairs within each run,
// rather than comparing every two entries.
func (p *preparer) listProblems(side Side, es []entry, dst []ListProblem) []ListProblem {
	refs := p.refs[:0]
	for i := range es {
		for _, k := range es[i].bases {
			refs = append(refs, newRef(hashString(hashSeed, k), i))
		}
	}
	slices.Sort(refs)
	start := len(dst)
	for x := 0; x < len(refs); {
		end := runEnd(refs, x)
		for u := x; u < end; u++ {
			for v := u + 1; v < end; v++ {
				if i, j := refs[u].i(), refs[v].i(); i != j && sharesIngredient(es[i].bases, es[j].bases) {
					dst = append(dst, newProblem(side, KindDuplication, es[i].m.ID, es[j].m.ID))
				}
			}
		}
		x = end
	}
	if len(dst)-start > 1 { // two combination products may share two ingredients
		dup := dst[start:]
		slices.SortFunc(dup, func(x, y ListProblem) int { return cmp.Or(strings.Compare(x.A, y.A), strings.Compare(x.B, y.B)) })
		dst = append(dst[:start], slices.Compact(dup)...)
	}
	refs = refs[:0]
	for i := range es {
		if m := es[i].m; m.Drug.Class != "" && m.Status.IsTaken() {
			refs = append(refs, newRef(es[i].classH, i))
		}
	}
	slices.Sort(refs)
	for x := 0; x < len(refs); {
		end := runEnd(refs, x)
		for u := x; u < end; u++ {
			for v := u + 1; v < end; v++ {
				a, b := &es[refs[u].i()], &es[refs[v].i()]
				if a.m.Drug.Class == b.m.Drug.Class && !sharesIngredient(a.bases, b.bases) {
					dst = append(dst, newProblem(side, KindTherapeuticDuplication, a.m.ID, b.m.ID))
				}
			}
		}
		x = end
	}
	p.refs = refs
	return dst
}

func sharesIngredient(a, b []string) bool {
	for _, k := range a {
		if _, ok := slices.BinarySearch(b, k); ok {
			return true
		}
	}
	return false
}
