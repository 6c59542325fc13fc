package sdoh

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"

	"github.com/carecoord/carecoord"
)

// A Screener validates and scores responses against the instrument versions it was built with.
// Build one with [NewScreener] and keep it: it compiles each instrument once (every code packed
// into integers for matching, items in a small hash table by code, answer lists and domains as
// bit sets), so that validating and scoring a response needs no map and no string comparison
// and, with [Screener.ScoreInto], allocates nothing. A Screener is read-only after
// construction and safe for concurrent use. The zero Screener knows no instrument.
type Screener struct {
	instruments []*compiled
}

// compiled is an instrument prepared for validating and scoring.
type compiled struct {
	in      Instrument          // a deep copy, never changed
	items   []citem             // in the instrument's order
	byCode  [2 * maxItems]uint8 // the items by code: a hash table of index+1 ([compiled.lookup])
	domains []cdomain
	// required holds the required items; scored the Scored items.
	required, scored uint64
	// maxDomain is the most items a domain has; maxCats the most categories a positive
	// domain can name.
	maxDomain, maxCats int
	// inDomain holds the items that belong to a domain.
	inDomain uint64
	// always holds the domains that are not optional (bit k: domains[k]); optional the items
	// of the optional ones.
	always, optional uint64
	itemCodes        [maxItems]string // the items' codes, in the instrument's order
	// itemResults are the items' ItemResults as far as the table and the item's state decide
	// them (Item, Domain and State), for scoring to complete: item i in state st is entry
	// i*stateSlots+st.
	itemResults []ItemResult
}

type citem struct {
	// The fields resolve reads for every answer come first.
	words codeWords // the item's code, for matching answers to it
	// optWords are the options' codes, for matching answer codes: those that indicate no need
	// first, as most answers do, then the others, each with its index.
	optWords    []optWord
	positive    uint32 // options that indicate a need
	exclusive   uint32 // options that stand alone (exclusive or no-information)
	noInfo      uint32 // options that give no information
	maxCodes    uint8  // the most codes a usual answer has ([compiled.readUsual]): 0 for a number item
	kind        ItemKind
	code        string
	options     []Option // the table's, read-only
	codes       []string // the options' codes, in order
	scores      []int    // the options' points, in order
	minScore    int      // lowest points of one answer
	maxScore    int      // highest points an answer can have (multi-choice: all non-exclusive options)
	min, max    int64    // number range
	noneIfEmpty bool
	domain      int // index in compiled.domains, or -1
}

type cdomain struct {
	d     Domain
	tmpl  DomainResult // the fields every result of the domain starts with
	items []int        // item indexes, in the domain's order
	codes []string     // their codes, in the same order
	mask  uint64       // the same, as a set
	read  uint64       // the items its rule reads
	// outcomes are the Status and the coded Answer of each outcome, in a table of a power of
	// two entries, so that scoring indexes it with a mask, not a division.
	outcomes [outcomeSlots]struct {
		status Status
		answer string
	}
	kind ruleKind // its rule's kind
	need int      // any-positive: how many items need an informative answer (Rule.Decide)
	// negativeIfAll is set for an any-positive rule that every item decides, over items listed
	// in the instrument's order: it is negative, with every item decided, when each has a usable
	// answer and none is positive.
	negativeIfAll bool
	// scored are its Scored items; signals, for a sum or total rule, its unscored items with
	// a positive answer, which the rule reads for that answer.
	scored, signals uint64
	flag            int // index of Rule.FlagItem, or -1
	urgent          int // index of Rule.UrgentItem, or -1
	restrict        bool
	maxCats         int // the most categories a positive result of this domain can name
	// ownCats is set when a positive answer of the domain names a category of its own;
	// otherwise a positive result names the domain's category alone.
	ownCats bool
	// ascending is set when the domain lists its items in the instrument's order, so that a
	// set of its items can be listed by walking the set.
	ascending bool
}

// NewScreener returns a Screener for the given instrument versions, or for
// [BuiltinInstruments] when none is given. It returns an error wrapping carecoord.ErrInvalid,
// naming the instrument and the problem, when a table breaks a rule of [Instrument.Validate] or
// two tables have the same id and version.
func NewScreener(instruments ...Instrument) (*Screener, error) {
	if len(instruments) == 0 {
		instruments = BuiltinInstruments()
	}
	s := &Screener{}
	for _, in := range instruments {
		if err := in.Validate(); err != nil {
			return nil, fmt.Errorf("sdoh: instrument %s version %s: %w", in.ID, in.Version, err)
		}
		if s.find(in.ID, in.Version) != nil {
			return nil, fmt.Errorf("sdoh: instrument %s version %s: %w", in.ID, in.Version,
				carecoord.Duplicate("version", "must be given once"))
		}
		s.instruments = append(s.instruments, compile(in.Clone()))
	}
	return s, nil
}

func compile(in Instrument) *compiled {
	c := &compiled{in: in, items: make([]citem, len(in.Items))}
	for i, it := range in.Items {
		ci := citem{code: it.Code, kind: it.Kind, options: it.Options, min: it.Min, max: it.Max,
			noneIfEmpty: it.NoneIfEmpty, domain: -1, minScore: -1}
		ci.words = words(it.Code)
		for j, o := range it.Options {
			ci.codes = append(ci.codes, o.Code)
			ci.scores = append(ci.scores, o.Score)
			bit := uint32(1) << j
			if o.Positive {
				ci.positive |= bit
			}
			if o.Exclusive || o.NoInformation {
				ci.exclusive |= bit
			}
			if o.NoInformation {
				ci.noInfo |= bit
				continue
			}
			if ci.minScore < 0 || o.Score < ci.minScore {
				ci.minScore = o.Score
			}
			switch {
			case it.Kind == ItemMultiChoice && !o.Exclusive:
				ci.maxScore += o.Score
			case o.Score > ci.maxScore:
				ci.maxScore = o.Score
			}
		}
		if ci.minScore < 0 {
			ci.minScore = 0
		}
		for _, positive := range []bool{false, true} {
			for j, o := range it.Options {
				if o.Positive == positive {
					ci.optWords = append(ci.optWords, optWord{words(o.Code), j})
				}
			}
		}
		switch it.Kind {
		case ItemChoice:
			ci.maxCodes = 1
		case ItemMultiChoice:
			ci.maxCodes = uint8(len(it.Options))
		}
		c.items[i] = ci
		c.itemCodes[i] = it.Code
		for st := range itemState(numStates) {
			c.itemResults = append(c.itemResults, ItemResult{Item: it.Code, State: st.public()})
		}
		c.itemResults = append(c.itemResults, make([]ItemResult, stateSlots-numStates)...) // unused
		h := ci.words.hash()
		for c.byCode[h] != 0 { // open addressing: the next free entry
			h = (h + 1) % uint(len(c.byCode))
		}
		c.byCode[h] = uint8(i + 1)
		if it.Required {
			c.required |= 1 << i
		}
		if it.Scored {
			c.scored |= 1 << i
		}
	}
	for k, d := range in.Domains {
		cd := cdomain{d: d, flag: -1, urgent: -1, restrict: d.Restricted, ascending: true}
		seen := map[Category]bool{}
		if d.Category != "" {
			seen[d.Category] = true
		}
		for _, code := range d.Items {
			i := c.search(words(code))
			if len(cd.items) > 0 && i < cd.items[len(cd.items)-1] {
				cd.ascending = false
			}
			cd.items = append(cd.items, i)
			cd.codes = append(cd.codes, code)
			cd.mask |= 1 << i
			c.items[i].domain = k
			for st := range numStates {
				c.itemResults[i*stateSlots+st].Domain = d.ID
			}
			for _, o := range in.Items[i].Options {
				if o.Category != "" {
					seen[o.Category] = true
					cd.ownCats = true
				}
			}
			if code == d.Rule.FlagItem {
				cd.flag = i
			}
			if code == d.Rule.UrgentItem {
				cd.urgent = i
			}
		}
		cd.read, cd.scored = cd.mask, cd.mask&c.scored
		switch d.Rule.Kind {
		case RuleSumAbove:
			cd.kind = ruleSumAbove
		case RuleTotalAtLeast:
			cd.kind = ruleTotalAtLeast
		case RuleProductBelow:
			cd.kind = ruleProductBelow
		}
		cd.need = d.Rule.Decide
		if cd.need == 0 {
			cd.need = len(cd.items)
		}
		cd.negativeIfAll = cd.kind == ruleAnyPositive && len(cd.items) >= cd.need && cd.ascending
		if d.Optional {
			c.optional |= cd.mask
		} else {
			c.always |= 1 << k
		}
		if d.Rule.Kind == RuleSumAbove || d.Rule.Kind == RuleTotalAtLeast {
			for _, i := range cd.items {
				switch {
				case c.scored&(1<<i) != 0:
				case c.items[i].positive != 0:
					cd.signals |= 1 << i
				default:
					cd.read &^= 1 << i
				}
			}
		}
		for o := range outcome(outcomes) {
			cd.outcomes[o].status = o.status()
		}
		cd.outcomes[outPositive].answer, cd.outcomes[outNegative].answer = d.Rule.PositiveCode, d.Rule.NegativeCode
		cd.tmpl = DomainResult{Domain: d.ID, Rule: d.Rule.Kind, Threshold: d.Rule.Threshold, Source: d.Rule.Source,
			ResultCode: d.ResultCode, Restricted: d.Restricted}
		cd.maxCats = len(seen)
		c.inDomain |= cd.mask
		c.maxCats = max(c.maxCats, len(seen))
		c.maxDomain = max(c.maxDomain, len(d.Items))
		c.domains = append(c.domains, cd)
	}
	return c
}

// ruleKind is a RuleKind as a small number, for scoring.
type ruleKind uint8

const (
	ruleAnyPositive ruleKind = iota
	ruleSumAbove
	ruleTotalAtLeast
	ruleProductBelow
)

// lookup returns the index of the item with this code (as [words] packs it), or -1. hint is
// where the item would be if answers come in the instrument's order (the usual case, checked
// first). Otherwise the item is found in byCode, a table of twice as many entries as an
// instrument can have items, from the entry its code hashes to onwards: the table always has
// free entries, and the first free one ends the search.
func (c *compiled) lookup(code codeWords, hint int) int {
	if uint(hint) < uint(len(c.items)) && c.items[hint].words == code {
		return hint
	}
	return c.search(code)
}

// search finds the item with this code in byCode.
func (c *compiled) search(code codeWords) int {
	for h := code.hash(); ; h = (h + 1) % uint(len(c.byCode)) {
		e := int(c.byCode[h]) - 1
		if e < 0 || c.items[e].words == code {
			return e
		}
	}
}

// codeWords is a code held in two machine words and its length, so that matching an answer's
// codes to an item's list compares integers rather than calling a string comparison per option.
// A code of 8 to 16 bytes is held as its first 8 and last 8 bytes, one of 4 to 7 bytes as its
// first 4 and last 4, a shorter one byte by byte: two codes of at most 16 bytes are the same
// string exactly when their words are equal. Every code of an instrument is a LOINC code of at
// most 11 bytes ([Instrument.Validate]); a longer code in a response keeps only its length,
// which no table code has, so it matches none.
type codeWords struct {
	last, first uint64
	n           int
}

func words(s string) codeWords {
	if w := quick(s); w.n >= 0 {
		return w
	}
	var w uint64
	if len(s) < 4 {
		for i := range len(s) {
			w |= uint64(s[i]) << (8 * i)
		}
	}
	return codeWords{first: w, n: len(s)}
}

// quick is words for a code of 4 to 16 bytes, and a length of -1, which no code has, for any
// other. It is small enough to be inlined where answers are read (keep it so: it is close to the
// compiler's inlining budget). It converts s to a []byte once, with no copy: each conversion
// tests for an empty string, and reading the words of the slice needs no bounds check.
func quick(s string) codeWords {
	n, b := len(s), []byte(s)
	if n >= 8 && n <= 16 { // the compiler makes one test of these two
		return codeWords{last: binary.LittleEndian.Uint64(b[n-8:]), first: binary.LittleEndian.Uint64(b), n: n}
	}
	if n >= 4 && n < 8 {
		return codeWords{last: uint64(binary.LittleEndian.Uint32(b[n-4:])), first: uint64(binary.LittleEndian.Uint32(b)), n: n}
	}
	return codeWords{n: -1}
}

// hash returns the entry of compiled.byCode where the search for the code starts.
func (w codeWords) hash() uint {
	// m is 2^64 divided by the golden ratio: multiplying by it spreads the bits.
	const m = 0x9e3779b97f4a7c15
	return uint(((w.last ^ w.first*m ^ uint64(w.n)) * m) >> 57) // the top 7 bits: 0 to 2*maxItems-1
}

func (s *Screener) find(id InstrumentID, version string) *compiled {
	for _, c := range s.instruments {
		if c.in.ID == id && c.in.Version == version {
			return c
		}
	}
	return nil
}

// Instrument returns a copy of the instrument version the Screener knows by this id and
// version, and false if it knows none.
func (s *Screener) Instrument(id InstrumentID, version string) (Instrument, bool) {
	if c := s.find(id, version); c != nil {
		return c.in.Clone(), true
	}
	return Instrument{}, false
}

// Instruments returns copies of every instrument version the Screener knows, in the order given
// to [NewScreener].
func (s *Screener) Instruments() []Instrument {
	out := make([]Instrument, len(s.instruments))
	for i, c := range s.instruments {
		out[i] = c.in.Clone()
	}
	return out
}

// Versions returns the versions of the instrument id that the Screener knows.
func (s *Screener) Versions(id InstrumentID) []string {
	var vs []string
	for _, c := range s.instruments {
		if c.in.ID == id {
			vs = append(vs, c.in.Version)
		}
	}
	return vs
}

// Validate reports every problem with r as carecoord.FieldErrors (matching carecoord.ErrInvalid):
// the problems of [Response.Validate], and, against the instrument version r names:
//
//   - "instrument": an instrument the Screener does not know (not-supported);
//   - "instrumentVersion": a version of it the Screener does not know (not-supported);
//   - "answers[<item>]": an item not in that version (not-supported), an item answered twice
//     (duplicate), a required item with no entry (required), an answer and an absent reason
//     together (not-allowed);
//   - "answers[<item>].codes": no answer code, or more than one for a single-choice item;
//     "answers[<item>].codes[<i>]": a code not in the item's answer list (not-supported), or
//     repeated (duplicate);
//   - "answers[<item>].number": no number, or a number outside the item's range
//     (out-of-range), or a number for a choice item (not-allowed).
//
// <item> is the item's LOINC code; an item that is not a LOINC code is named by its index
// ("answers[3].item"), never by its text. Details state the rule, never an answer or the patient.
// An item answered "declined", "don't know" or "not asked" ([Skip]) is valid: the respondent may
// skip any question, and the score says what that leaves undecided.
func (s *Screener) Validate(r Response) error {
	var errs carecoord.FieldErrors
	r.checkHeader(&errs)
	c := s.find(r.Instrument, r.InstrumentVersion)
	switch {
	case c != nil:
		var res resolved
		c.resolve(&r, &res, &errs)
	case !carecoord.ValidID(string(r.Instrument)) || !carecoord.ValidID(r.InstrumentVersion):
		r.checkItemCodes(&errs) // the instrument or version is reported by checkHeader
	case len(s.Versions(r.Instrument)) == 0:
		errs.Add(s.notSupportedInstrument())
	default:
		errs.Add(carecoord.NotSupported("instrumentVersion", s.Versions(r.Instrument)...))
	}
	return errs.Err()
}

func (s *Screener) notSupportedInstrument() *carecoord.FieldError {
	var ids []InstrumentID
	for _, c := range s.instruments {
		if !slices.Contains(ids, c.in.ID) {
			ids = append(ids, c.in.ID)
		}
	}
	return carecoord.NotSupported("instrument", ids...)
}

// itemState is how an item stands in a response, as a small number (see ItemState).
type itemState uint8

const (
	stMissing itemState = iota // no entry
	stAnswered
	stNoInfo // answered with an option that gives no information
	stDeclined
	stUnknown
	stNotAsked
	stInvalid

	numStates = iota // the number of states

	stateSlots = 8 // numStates, rounded up to a power of two: entries per item of compiled.itemResults
)

// itemBit is item i's bit in a set of items (i < maxItems; the modulo spares the compiler's
// check for a shift of 64 or more).
func itemBit(i int) uint64 { return 1 << (uint(i) % maxItems) }

// usable reports whether the item's answer can be read.
func (s itemState) usable() bool { return s == stAnswered }

type slot struct {
	num   int64  // a number item's number
	opts  uint32 // a choice item's options chosen
	state itemState
}

// resolved is a response read against a compiled instrument: one slot per item.
type resolved struct {
	slots   [maxItems]slot
	ignored int    // answers that name no item of the instrument
	invalid bool   // some answer or the header has a problem
	mixed   uint64 // items where an exclusive answer was combined with others
	entered uint64 // items with an entry of any kind
	// answered, positive and broken are the items with a usable answer, with an answer that
	// indicates a need, and with an invalid entry.
	answered, positive, broken uint64
	// evident are the broken items whose entries still say something (an item answered twice,
	// a single-choice item with several codes): scoring reads a choice item as a range of
	// points, positive when any option named is, and a number item given one number however
	// often as that number ([compiled.evidence]).
	evident uint64
	// ranges holds the range of points of each evident choice item ([compiled.evidence]). It
	// is set only to score a response with broken items, so that scoring a valid one need not
	// clear them.
	ranges *[maxItems]pointRange
}

// pointRange is the least and the most points the usable answers of an evident choice item
// give; slot.opts then holds every usable option they name.
type pointRange struct{ lo, hi int }

// resolve reads every answer of r into res, adding problems to errs when errs is not nil. It
// allocates nothing when errs is nil.
func (c *compiled) resolve(r *Response, res *resolved, errs *carecoord.FieldErrors) {
	next := 0 // where the next answer's item is if answers follow the instrument's order
	for i := 0; ; i++ {
		if i, next = c.readUsual(r.Answers, i, next, res); i == len(r.Answers) {
			break
		}
		a := &r.Answers[i]
		idx := c.lookup(words(a.Item), next)
		if idx < 0 {
			res.ignored++
			res.invalid = true
			if errs != nil {
				unknownItem(errs, a.Item, i)
			}
			continue
		}
		c.readOther(idx, i, a, res, errs)
		next = idx + 1
	}
	if missing := c.required &^ res.entered; missing != 0 {
		res.invalid = true
		if errs != nil {
			for m := missing; m != 0; m &= m - 1 {
				i := bits.TrailingZeros64(m)
				errs.Add(carecoord.Required("answers["+c.items[i].code+"]", "must be answered, or say why it was not"))
			}
		}
	}
}

// readUsual reads answers from i on into res for as long as each is the usual kind, and returns
// the index of the first that is not (len(answers) when every one is) and where the next
// answer's item is if answers follow the instrument's order (next, on entry). The usual answer
// names an item of the instrument not yet answered (by a code of 4 to 16 bytes), and gives
// answer codes and nothing else, each in the item's list once, with no answer that stands
// alone combined with others: readOther reads any other entry, to the same effect for these.
// It calls nothing, so that the loop keeps its values in registers.
func (c *compiled) readUsual(answers []Answer, i, next int, res *resolved) (int, int) {
	for ; i < len(answers); i++ {
		a := &answers[i]
		w := quick(a.Item) // an item code of 3 bytes matches nothing here: readOther's
		idx := next
		if uint(idx) >= uint(len(c.items)) || c.items[idx].words != w {
			if idx = c.search(w); idx < 0 {
				return i, next
			}
		}
		it := &c.items[idx]
		bit := itemBit(idx)
		if n := len(a.Codes); res.entered&bit != 0 || uint64(len(a.Absent))|uint64(a.Number) != 0 || a.HasNumber ||
			n == 0 || n > int(it.maxCodes) {
			return i, next
		}
		var mask uint32
		for _, code := range a.Codes {
			cw := quick(code)        // every answer code of a table has 5 to 11 bytes
			o := uint(it.option(cw)) // not in the list: -1, so o >= maxOptions
			if o >= maxOptions || mask&(1<<o) != 0 {
				return i, next
			}
			mask |= 1 << o
		}
		if stand := mask & it.exclusive; stand != 0 && (stand != mask || stand&(stand-1) != 0) {
			return i, next
		}
		next = idx + 1
		res.entered |= bit
		s := &res.slots[idx]
		s.opts = mask
		if mask&^it.noInfo == 0 {
			s.state = stNoInfo
			continue
		}
		s.state = stAnswered
		res.answered |= bit
		if mask&it.positive != 0 {
			res.positive |= bit
		}
	}
	return i, next
}

// evidence reads into res, and into res.ranges, what the entries of the broken choice items still say, so that an invalid
// entry never hides a need (or the PHQ-9 item 9 flag): the options of the item named in any of
// its entries (not the no-information ones) are combined. The item is positive when any of them
// is; its points range from the least to the most any one entry gives (a single-choice entry
// with several codes gives the range of their points). The item stays invalid: Validate
// reports it, and its domain is never negative. A number item gives evidence only when every
// number given for it, in range, is the same one (then slot.num holds it).
func (c *compiled) evidence(r *Response, res *resolved) {
	var conflict uint64 // number items given different numbers
	next := 0
	for i := range r.Answers {
		a := &r.Answers[i]
		idx := c.lookup(words(a.Item), next)
		if idx < 0 {
			continue
		}
		next = idx + 1
		bit := uint64(1) << idx
		it := &c.items[idx]
		if res.broken&bit == 0 {
			continue
		}
		if it.kind == ItemNumber {
			if !a.HasNumber || a.Absent != "" || len(a.Codes) > 0 || a.Number < it.min || a.Number > it.max {
				continue
			}
			if s := &res.slots[idx]; res.evident&bit == 0 {
				res.evident |= bit
				s.num = a.Number
			} else if s.num != a.Number {
				conflict |= bit
			}
			continue
		}
		var m uint32
		for _, code := range a.Codes {
			if o := it.option(words(code)); o >= 0 {
				m |= 1 << o
			}
		}
		m &^= it.noInfo
		if it.kind == ItemMultiChoice && m&^it.exclusive != 0 {
			m &^= it.exclusive // what was named counts (setOptions)
		}
		none := it.kind == ItemMultiChoice && it.noneIfEmpty && len(a.Codes) == 0 && a.Absent == "" &&
			!a.HasNumber && a.Number == 0 // "none of these": 0 points
		if m == 0 && !none {
			continue
		}
		lo, hi := 0, 0
		for k, first := m, true; k != 0; k, first = k&(k-1), false {
			p := it.scores[bits.TrailingZeros32(k)]
			if it.kind == ItemMultiChoice { // the options chosen together: their sum
				lo, hi = lo+p, hi+p
				continue
			}
			if first || p < lo { // one of them was meant
				lo = p
			}
			hi = max(hi, p)
		}
		s, rg := &res.slots[idx], &res.ranges[idx]
		if res.evident&bit == 0 {
			res.evident |= bit
			s.opts, rg.lo, rg.hi = 0, lo, hi
		}
		s.opts |= m
		rg.lo, rg.hi = min(rg.lo, lo), max(rg.hi, hi)
	}
	res.evident &^= conflict
	for m := res.evident; m != 0; m &= m - 1 {
		i := bits.TrailingZeros64(m)
		if res.slots[i].opts&c.items[i].positive != 0 {
			res.positive |= 1 << i
		}
	}
}

// unknownItem reports an answer whose item is not in the instrument version.
func unknownItem(errs *carecoord.FieldErrors, item string, i int) {
	switch {
	case item == "":
		errs.Add(carecoord.Required(carecoord.Path("answers", i, "item"), "must name the item answered"))
	case !ValidLOINC(item):
		errs.Add(carecoord.Invalid(carecoord.Path("answers", i, "item"), "must be a LOINC question code"))
	default:
		errs.Add(&carecoord.FieldError{Path: answerPath(item, i), Code: carecoord.FieldNotSupported,
			Detail: "must be an item of the instrument version answered"})
	}
}

// readOther reads an entry readUsual does not, and reports what is wrong with it.
func (c *compiled) readOther(idx, i int, a *Answer, res *resolved, errs *carecoord.FieldErrors) {
	bit := itemBit(idx)
	s := &res.slots[idx]
	if res.entered&bit != 0 {
		s.state = stInvalid
		res.invalid = true
		res.answered &^= bit
		res.positive &^= bit
		res.broken |= bit
		if errs != nil {
			errs.Add(carecoord.Duplicate(answerPath(a.Item, i), "must answer each item once"))
		}
		return
	}
	res.entered |= bit
	c.decodeSlow(idx, a, s, res, errs)
	switch s.state {
	case stAnswered:
		res.answered |= bit
		if s.opts&c.items[idx].positive != 0 {
			res.positive |= bit
		}
	case stInvalid:
		res.invalid = true
		res.broken |= bit
	}
}

// An optWord is an option's code and its index in the item's list.
type optWord struct {
	codeWords
	k int
}

// option returns the index of the answer with this code (as [words] packs it), or -1.
func (it *citem) option(code codeWords) int {
	// Stepping the slice on keeps two values in registers, where a range loop keeps three.
	for ws := it.optWords; len(ws) > 0; ws = ws[1:] {
		if ws[0].codeWords == code {
			return ws[0].k
		}
	}
	return -1
}

// setOptions records the answers chosen. Contradictions ("None of the above" and "Mold"): what
// was named counts, and the result warns (spec §4.7); two stand-alone answers together tell
// nothing.
func (c *compiled) setOptions(idx int, mask uint32, s *slot, res *resolved) {
	it := &c.items[idx]
	if stand := mask & it.exclusive; stand != 0 && mask != stand {
		res.mixed |= 1 << idx
		mask &^= it.exclusive
	} else if bits.OnesCount32(stand) > 1 {
		res.mixed |= 1 << idx
		mask = it.noInfo & stand
	}
	s.opts = mask
	if mask != 0 && mask&^it.noInfo == 0 {
		s.state = stNoInfo
		return
	}
	s.state = stAnswered
}

// decodeSlow reads an item's first entry of any kind (readUsual reads the usual one faster), and
// reports what is wrong with it.
func (c *compiled) decodeSlow(idx int, a *Answer, s *slot, res *resolved, errs *carecoord.FieldErrors) {
	it := &c.items[idx]
	path := func() string { return "answers[" + it.code + "]" } // built only for an error
	fail := func(e func() *carecoord.FieldError) {
		s.state = stInvalid
		if errs != nil {
			errs.Add(e())
		}
	}
	if a.Absent != "" || (len(a.Codes) > 0 && (a.HasNumber || a.Number != 0)) || (!a.HasNumber && a.Number != 0) {
		if !checkShape(errs, path, a) {
			s.state = stInvalid
			return
		}
		switch a.Absent {
		case AbsentDeclined:
			s.state = stDeclined
		case AbsentUnknown:
			s.state = stUnknown
		case AbsentNotAsked:
			s.state = stNotAsked
		}
		return
	}
	if it.kind == ItemNumber {
		switch {
		case len(a.Codes) > 0:
			fail(func() *carecoord.FieldError {
				return carecoord.NotAllowed(path()+".codes", "must be empty for a number item: give the number")
			})
		case !a.HasNumber:
			fail(func() *carecoord.FieldError {
				return carecoord.Required(path()+".number", "must give the number, or say why there is none")
			})
		case a.Number < it.min || a.Number > it.max:
			fail(func() *carecoord.FieldError {
				return carecoord.OutOfRange(path()+".number", fmt.Sprintf("must be from %d to %d", it.min, it.max))
			})
		default:
			s.state, s.num = stAnswered, a.Number
		}
		return
	}
	if a.HasNumber {
		fail(func() *carecoord.FieldError {
			return carecoord.NotAllowed(path()+".number", "must not be set for a choice item: give an answer code")
		})
		return
	}
	switch {
	case len(a.Codes) == 0 && it.kind == ItemMultiChoice && it.noneIfEmpty:
		s.state = stAnswered // asked, and none of the answers applies
		return
	case len(a.Codes) == 0:
		fail(func() *carecoord.FieldError {
			return carecoord.Required(path()+".codes", "must have an answer code, or say why there is none")
		})
		return
	case len(a.Codes) > 1 && it.kind == ItemChoice:
		fail(func() *carecoord.FieldError {
			return carecoord.Invalid(path()+".codes", "must have exactly one answer code for a single-choice item")
		})
		return
	case len(a.Codes) > maxOptions:
		fail(func() *carecoord.FieldError {
			return carecoord.OutOfRange(path()+".codes", "must not have more codes than the item has answers")
		})
		return
	}
	var mask uint32
	ok := true
	for j, code := range a.Codes {
		switch o := it.option(words(code)); {
		case o < 0:
			ok = false
			if errs != nil {
				errs.Add(carecoord.NotSupported(carecoord.Path(path()+".codes", j), it.codes...))
			}
		case mask&(1<<o) != 0:
			ok = false
			if errs != nil {
				errs.Add(carecoord.Duplicate(carecoord.Path(path()+".codes", j), "must not repeat an answer"))
			}
		default:
			mask |= 1 << o
		}
	}
	if !ok {
		s.state = stInvalid
		return
	}
	c.setOptions(idx, mask, s, res)
}

// points is the points of a usable scored answer.
func (c *compiled) points(i int, s *slot) int {
	sum := 0
	for m := s.opts; m != 0; m &= m - 1 {
		sum += c.items[i].scores[bits.TrailingZeros32(m)]
	}
	return sum
}
