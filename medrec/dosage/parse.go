package dosage

import (
	"strings"
	"unicode"

	"github.com/shopspring/decimal"
	"golang.org/x/text/unicode/norm"
)

// Limits of the parser. They bound the work per sig and keep every number within what
// [Dosage.Validate] accepts.
const (
	maxSigLen    = 512   // bytes of normalised text
	maxTokens    = 64    // tokens after splitting "q8h" into q, 8, h
	maxIntDigits = 7     // a dose below 10,000,000
	maxFracDigit = 6     // a dose to 6 decimal places
	maxCount     = 1000  // times per period
	maxPeriod    = 10000 // period and duration values
	maxWarnings  = 16    // warnings kept per sig
	maxNums      = 16    // numbers per sig
)

// Parse reads a free-text sig ("1 tab PO BID", "take 2 tablets by mouth every 6 hours as
// needed for pain") into a Dosage. The grammar, the vocabulary and what is refused are in
// the package documentation. Parse never guesses: a word it does not know, a phrase cut
// short, or a part stated twice is a *[SyntaxError] naming the token and the rule, and
// matching carecoord.ErrInvalid. A Dosage it returns passes [Dosage.Validate], and
// Parse(d.String()) gives it back (with no Warnings).
//
// Text that is clear but written in a form on The Joint Commission's "Do Not Use" list or
// ISMP's list of error-prone abbreviations is accepted and flagged in Dosage.Warnings.
func Parse(sig string) (Dosage, error) {
	var p parser
	if e := p.normalise(sig); e != nil {
		return Dosage{}, e
	}
	if e := p.lex(); e.rule != "" {
		return Dosage{}, p.syntaxError(e)
	}
	if e := p.parse(); e.rule != "" {
		return Dosage{}, p.syntaxError(e)
	}
	if p.freqSet && whenConflict(p.freq, p.freqMax, p.period, p.periodMax, p.punit, p.when[:p.nwhen]) {
		return Dosage{}, p.syntaxError(perr{p.whenFrom, p.whenTo, RuleWhenConflict})
	}
	return p.result(), nil
}

// tokKind is the kind of a token.
type tokKind uint8

const (
	tWord tokKind = iota + 1 // letters; dots inside and after letters are dropped ("p.o." is po)
	tNum                     // 2, 0.5, .5, 1/2
	tDash                    // -
	tSym                     // any other symbol, always an error
)

// Number flags.
const (
	numFraction     = 1 << iota // written a/b
	numLeadingDot               // ".5"
	numTrailingZero             // "1.0", "0.50"
)

// A token is one word, number or symbol of the normalised sig.
type token struct {
	kind   tokKind
	class  wclass
	val    uint8 // class-specific: which route, unit, event, ...
	warn   uint8 // the warning this word carries, if any
	nflag  uint8
	scale  uint8  // numbers: value = parser.nums[val] / 10^scale
	rs, re uint16 // raw span in the normalised text
	ws, we uint16 // letters of a word in parser.wb
}

// perr is a parse error before it becomes a *SyntaxError: tokens from..to (inclusive) and
// the rule. The zero perr is "no error". Phrase functions return it by value, so the
// successful path allocates nothing for errors.
type perr struct {
	from, to int
	rule     string
}

// parser holds one Parse call's state. It lives on the stack.
type parser struct {
	s        string // the normalised text; ASCII upper case is lowered as it is read
	wb       [maxSigLen]byte
	wlen     int
	toks     [maxTokens]token
	n        int
	nums     [maxNums]int64 // the coefficients of number tokens
	nnum     uint8
	errToken string // for errors at a token that has no room in toks
	errPos   int

	doseSet, doseMax  bool
	doseVal, doseHigh num
	doseUnit          Unit
	route             Route
	freqSet           bool
	freq, freqMax     int64
	period, periodMax int64
	punit             PeriodUnit
	when              [maxWhen]EventTiming
	nwhen             int
	whenFrom, whenTo  int
	durSet            bool
	dur               int64
	durUnit           PeriodUnit
	prn               bool
	indFrom, indTo    int
	warns             [maxWarnings]warnAt
	nwarn             int
}

type warnAt struct {
	w      uint8
	rs, re uint16
}

// num is an exact decimal coef/10^scale read from the text.
type num struct {
	coef  int64
	scale uint8
}

// micro returns n in millionths, which orders numbers of different scales.
func (n num) micro() int64 {
	c := n.coef
	for s := n.scale; s < maxFracDigit; s++ {
		c *= 10
	}
	return c
}

// whole returns n as an integer, and false when n has a fraction.
func (n num) whole() (int64, bool) {
	c := n.coef
	for s := uint8(0); s < n.scale; s++ {
		if c%10 != 0 {
			return 0, false
		}
		c /= 10
	}
	return c, true
}

func (n num) decimal() decimal.Decimal { return decimal.New(n.coef, -int32(n.scale)) }

// wordBytes returns the letters of token i; switch on string(p.wordBytes(i)), which the
// compiler does without copying.
func (p *parser) wordBytes(i int) []byte {
	t := &p.toks[i]
	return p.wb[t.ws:t.we]
}

// isWord reports whether token i exists and is the word w.
func (p *parser) isWord(i int, w string) bool {
	if i >= p.n || p.toks[i].kind != tWord {
		return false
	}
	t := &p.toks[i]
	return string(p.wb[t.ws:t.we]) == w
}

func (p *parser) classAt(i int) wclass {
	if i >= p.n || p.toks[i].kind != tWord {
		return cNone
	}
	return p.toks[i].class
}

func (p *parser) isNumber(i int) bool {
	return i < p.n && (p.toks[i].kind == tNum || p.toks[i].class == cNumWord)
}

func (p *parser) syntaxError(e perr) *SyntaxError {
	if p.n == 0 || e.from >= p.n {
		return &SyntaxError{Token: p.errToken, Pos: p.errPos, Rule: e.rule}
	}
	to := min(max(e.to, e.from), p.n-1)
	rs, re := int(p.toks[e.from].rs), int(p.toks[to].re)
	return &SyntaxError{Token: p.span(rs, re), Pos: rs, Rule: e.rule}
}

// normalise sets p.s to the sig in NFKC form. ASCII input (the usual case) is used as it
// is, so offsets stay those of the input; the lexer lowers ASCII letters as it reads them.
func (p *parser) normalise(sig string) *SyntaxError {
	ascii := true
	for i := 0; i < len(sig); i++ {
		if sig[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		if len(sig) > maxSigLen {
			return &SyntaxError{Pos: maxSigLen, Rule: RuleTooLong}
		}
		p.s = sig
		return nil
	}
	if len(sig) > 4*maxSigLen {
		return &SyntaxError{Pos: maxSigLen, Rule: RuleTooLong}
	}
	p.s = normaliseUnicode(sig)
	if len(p.s) > maxSigLen {
		return &SyntaxError{Pos: maxSigLen, Rule: RuleTooLong}
	}
	return nil
}

// normaliseUnicode applies NFKC (STYLE.md §5), so full-width digits and letters, "µ" and
// non-breaking spaces become their plain forms. Before that, a space is put between a digit
// and a vulgar fraction so that "1½" reads as 1 1/2 and not as NFKC's "11⁄2"; after it, the
// fraction slash and dashes become "/" and "-". Case is left alone: the lexer matches ASCII
// letters in any case, and no other letter is a word of the grammar but "μ" (which has no
// upper-case form in use). Text typed on a full-width keyboard takes a fast path.
func normaliseUnicode(sig string) string {
	if strings.IndexFunc(sig, isVulgarFraction) >= 0 {
		var b strings.Builder
		b.Grow(len(sig) + 8)
		prevDigit := false
		for _, r := range sig {
			if prevDigit && isVulgarFraction(r) {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			prevDigit = unicode.IsDigit(r)
		}
		sig = b.String()
	}
	if t, ok := fullWidthToASCII(sig); ok {
		return t
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '\u2044', '\u2215': // fraction slash, division slash
			return '/'
		case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212':
			return '-'
		}
		return r
	}, norm.NFKC.String(sig))
}

// fullWidthToASCII returns sig with its full-width forms (U+FF01 to U+FF5E), ideographic
// space (U+3000) and no-break space (U+00A0) replaced by ASCII, which is what NFKC does to
// them, when those are its only non-ASCII characters. It saves the NFKC tables for the
// common case of text typed with a full-width keyboard.
func fullWidthToASCII(sig string) (string, bool) {
	var buf [maxSigLen]byte
	b := buf[:0]
	for _, r := range sig {
		if len(b) == maxSigLen {
			return "", false
		}
		switch {
		case r < 0x80:
			b = append(b, byte(r))
		case r >= 0xff01 && r <= 0xff5e:
			b = append(b, byte(r-0xff01+'!'))
		case r == 0x3000 || r == 0xa0:
			b = append(b, ' ')
		default:
			return "", false
		}
	}
	return string(b), true
}

func isVulgarFraction(r rune) bool {
	return (r >= '\u00bc' && r <= '\u00be') || (r >= '\u2150' && r <= '\u215e') || r == '\u2189'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isLetter(c byte) bool { return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || c >= 0x80 }

// lex splits the normalised text into tokens. Spaces and commas separate; a letter run
// ("po", "q", "mg") and a digit run ("500", "0.5", "1/2") are separate tokens even when
// written together ("500mg", "q8h"); a dot next to a letter is dropped ("p.o.", "b.i.d."),
// except before a digit, where it is a decimal point ("take.5 mg" is 0.5 mg) unless it
// follows a lone "q" ("q.4h").
// "MS", "MSO4" and "MgSO4" are drug names, not directions: lex drops them with a warning.
func (p *parser) lex() perr {
	s := p.s
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',':
			i++
		case c == '.' && !(i+1 < len(s) && isDigit(s[i+1])):
			i++ // a full stop, not a decimal point
		case isDigit(c) || c == '.':
			j, e := p.lexNumber(i)
			if e.rule != "" {
				return e
			}
			i = j
		case isLetter(c):
			var ok bool
			if i, ok = p.lexWord(i); !ok {
				return perr{maxTokens, maxTokens, RuleTooLong}
			}
		default:
			if p.n == maxTokens {
				p.errToken, p.errPos = p.span(i, i+1), i
				return perr{maxTokens, maxTokens, RuleTooLong}
			}
			k := tSym
			if c == '-' {
				k = tDash
			}
			p.toks[p.n] = token{kind: k, rs: uint16(i), re: uint16(i + 1)}
			p.n++
			i++
		}
	}
	if p.n == 0 {
		return perr{0, 0, RuleEmpty}
	}
	return perr{}
}

// lexWord reads a word at i; ok is false when there is no room for another token.
func (p *parser) lexWord(i int) (next int, ok bool) {
	s := p.s
	start, ws, wl := i, p.wlen, p.wlen
	wb := &p.wb
	for i < len(s) {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || c >= 0x80:
			wb[wl] = c
		case 'A' <= c && c <= 'Z':
			wb[wl] = c + 'a' - 'A'
		case c == '.' && i+1 < len(s) && isDigit(s[i+1]):
			// "q.4h": an abbreviation's dot; "take.5 mg": a decimal point, which must not
			// be dropped (".5" would become 5).
			if wl-ws == 1 && wb[ws] == 'q' {
				i++
				continue
			}
			goto done
		case c == '.' && (isLetter(s[i-1]) || (i+1 < len(s) && isLetter(s[i+1]))):
			i++
			continue
		default:
			goto done
		}
		wl++
		i++
	}
done:
	w := wb[ws:wl]
	// Drug-name abbreviations on the Do Not Use list: flag and drop.
	if w[0] == 'm' && len(w) <= 4 {
		switch {
		case string(w) == "ms":
			p.addWarn(wMS, start, i)
			return i, true
		case (string(w) == "mso" || string(w) == "mgso") && i < len(s) && s[i] == '4' && (i+1 == len(s) || !isDigit(s[i+1])):
			if string(w) == "mso" {
				p.addWarn(wMSO4, start, i+1)
			} else {
				p.addWarn(wMgSO4, start, i+1)
			}
			return i + 1, true
		}
	}
	if p.n == maxTokens {
		p.errToken, p.errPos = p.span(start, i), start
		return i, false
	}
	p.wlen = wl
	cl, val, warn := classify(w)
	p.toks[p.n] = token{kind: tWord, class: cl, val: val, warn: warn,
		rs: uint16(start), re: uint16(i), ws: uint16(ws), we: uint16(wl)}
	p.n++
	return i, true
}

// lexNumber reads 12, 0.5, .5 or 1/2 starting at i. A fraction must be proper and have an
// exact decimal value (halves, quarters, fifths, eighths, ...).
func (p *parser) lexNumber(i int) (int, perr) {
	s := p.s
	start := i
	var coef int64
	var intDigits, fracDigits int
	dot, lastZero := false, false
	var flags uint8
	if s[i] == '.' {
		flags |= numLeadingDot
	}
	for i < len(s) {
		c := s[i]
		if isDigit(c) {
			if dot {
				fracDigits++
			} else if coef > 0 || c != '0' {
				intDigits++
			}
			if intDigits > maxIntDigits || fracDigits > maxFracDigit {
				return i, p.numErr(start, i, RuleOutOfRange)
			}
			coef = coef*10 + int64(c-'0')
			lastZero = c == '0'
			i++
			continue
		}
		if c == '.' && !dot && i+1 < len(s) && isDigit(s[i+1]) {
			dot = true
			i++
			continue
		}
		break
	}
	if dot && lastZero {
		flags |= numTrailingZero
	}
	t := token{kind: tNum, scale: uint8(fracDigits)}
	if i < len(s) && (s[i] == '.' && i+1 < len(s) && isDigit(s[i+1])) {
		return i, p.numErr(start, i+2, RuleBadNumber) // 1.2.3
	}
	if i < len(s) && s[i] == '/' {
		i++
		ds := i
		var den int64
		for i < len(s) && isDigit(s[i]) {
			if i-ds >= 4 {
				return i, p.numErr(start, i, RuleBadNumber)
			}
			den = den*10 + int64(s[i]-'0')
			i++
		}
		if dot || flags&numLeadingDot != 0 || i == ds || den == 0 || coef == 0 || coef >= den ||
			(i < len(s) && (s[i] == '/' || (s[i] == '.' && i+1 < len(s) && isDigit(s[i+1])))) {
			return i, p.numErr(start, max(i, ds), RuleBadNumber)
		}
		scale, pow := uint8(0), int64(1)
		for pow%den != 0 && scale < maxFracDigit {
			scale++
			pow *= 10
		}
		if pow%den != 0 {
			return i, p.numErr(start, i, RuleBadNumber) // 1/3 has no exact decimal value
		}
		coef, t.scale, flags = coef*(pow/den), scale, numFraction
	}
	if p.n == maxTokens || p.nnum == maxNums {
		p.errToken, p.errPos = p.span(start, i), start
		return i, perr{maxTokens, maxTokens, RuleTooLong}
	}
	t.nflag, t.rs, t.re, t.val = flags, uint16(start), uint16(i), p.nnum
	p.nums[p.nnum] = coef
	p.nnum++
	p.toks[p.n] = t
	p.n++
	if flags&numLeadingDot != 0 {
		p.addWarn(wLeadingZero, start, i)
	}
	if flags&numTrailingZero != 0 {
		p.addWarn(wTrailingZero, start, i)
	}
	return i, perr{}
}

// numErr records a malformed number as a token of its own so the error can name it.
func (p *parser) numErr(start, end int, rule string) perr {
	s := p.s
	for end < len(s) && (isDigit(s[end]) || s[end] == '.' || s[end] == '/') {
		end++
	}
	end = min(end, len(s))
	if p.n == maxTokens {
		p.errToken, p.errPos = p.span(start, end), start
		return perr{maxTokens, maxTokens, rule}
	}
	p.toks[p.n] = token{kind: tSym, rs: uint16(start), re: uint16(end)}
	p.n++
	return perr{p.n - 1, p.n - 1, rule}
}

func (p *parser) addWarn(w uint8, rs, re int) {
	if p.nwarn < maxWarnings {
		p.warns[p.nwarn] = warnAt{w, uint16(rs), uint16(re)}
		p.nwarn++
	}
}

func (p *parser) warnTok(w uint8, from, to int) {
	if w != wNone {
		p.addWarn(w, int(p.toks[from].rs), int(p.toks[to].re))
	}
}

// parse reads the phrases in any order: an optional leading verb, then dose, route,
// frequency, times of day, duration and as-needed, each at most once (times of day may
// repeat), optionally joined by "and".
func (p *parser) parse() perr {
	i := 0
	if p.toks[0].kind == tWord && p.toks[0].class == cVerb {
		i = 1
	}
	for i < p.n {
		t := &p.toks[i]
		var next int
		var e perr
		if t.kind == tNum {
			next, e = p.numberPhrase(i)
		} else if t.kind != tWord {
			return perr{i, i, RuleUnknownToken}
		} else {
			switch t.class {
			case cNumWord:
				next, e = p.numberPhrase(i)
			case cRoute:
				next, e = p.setRoute(i, i, routeOf(t.val), t.warn)
			case cRoutePrefix:
				next, e = p.routePhrase(i)
			case cFreq:
				f := fixedFreq(t.val)
				next, e = p.setFreq(i, i, f.freq, 0, f.period, 0, f.unit, t.warn)
			case cWhen:
				next, e = p.addWhen(i, i, eventOf(t.val), t.warn)
			case cQ:
				next, e = p.qPhrase(i)
			case cEvery:
				next, e = p.everyPhrase(i)
			case cCount:
				next, e = p.countPhrase(i, int64(t.val), i+1)
			case cPrep:
				next, e = p.prepPhrase(i)
			case cTo:
				return perr{i, i, RuleSite}
			case cPRN:
				next, e = p.asNeeded(i, i, i+1)
			case cAs:
				switch {
				case p.isWord(i+1, "needed"):
					next, e = p.asNeeded(i, i+1, i+2)
				case p.isWord(i+1, "directed"):
					return perr{i, i + 1, RuleAsDirected}
				default:
					return perr{i, i, RuleUnknownToken}
				}
			case cX:
				next, e = p.durationPhrase(i)
			case cFor:
				if i+1 >= p.n {
					return perr{i, i, RuleIncomplete}
				}
				if !p.isNumber(i + 1) {
					return perr{i, i, RuleIndicationNoPRN}
				}
				next, e = p.durationPhrase(i)
			case cAmbiguous:
				return perr{i, i, RuleAmbiguous}
			case cAsDirected:
				return perr{i, i, RuleAsDirected}
			case cAnd:
				if i == 0 || i+1 >= p.n {
					return perr{i, i, RuleIncomplete}
				}
				next = i + 1
			case cUnit, cInternational:
				return perr{i, i, RuleUnitWithoutDose}
			default:
				return perr{i, i, RuleUnknownToken}
			}
		}
		if e.rule != "" {
			return e
		}
		i = next
	}
	if !p.doseSet && !p.freqSet && p.nwhen == 0 && !p.prn {
		return perr{0, p.n - 1, RuleNothingStated}
	}
	return perr{}
}

// readNumber reads a number at i, joining a whole number and a fraction ("1 1/2").
func (p *parser) readNumber(i int) (num, int, perr) {
	t := &p.toks[i]
	if t.kind != tNum {
		return num{coef: int64(t.val)}, i + 1, perr{}
	}
	v := num{p.nums[t.val], t.scale}
	if t.nflag&numFraction == 0 && t.scale == 0 && i+1 < p.n && p.toks[i+1].kind == tNum &&
		p.toks[i+1].nflag&numFraction != 0 && v.coef > 0 {
		f := &p.toks[i+1]
		c := v.coef
		for s := uint8(0); s < f.scale; s++ {
			c *= 10
		}
		return num{c + p.nums[f.val], f.scale}, i + 2, perr{}
	}
	return v, i + 1, perr{}
}

// readRange reads "N", "N-M", "N to M" or "N or M" at i.
func (p *parser) readRange(i int) (lo, hi num, hasHi bool, next int, e perr) {
	lo, next, e = p.readNumber(i)
	if e.rule != "" {
		return
	}
	if next+1 < p.n && (p.toks[next].kind == tDash || p.isWord(next, "to") || p.isWord(next, "or")) && p.isNumber(next+1) {
		hi, next, e = p.readNumber(next + 1)
		if e.rule != "" {
			return
		}
		hasHi = true
		if hi.micro() <= lo.micro() {
			e = perr{i, next - 1, RuleBadRange}
		}
	}
	return
}

// readWholeRange reads a range of whole numbers from 1 to limit.
func (p *parser) readWholeRange(i int, limit int64) (lo, hi int64, next int, e perr) {
	a, b, hasHi, next, e := p.readRange(i)
	if e.rule != "" {
		return
	}
	var ok bool
	if lo, ok = a.whole(); !ok {
		return 0, 0, next, perr{i, next - 1, RuleNotWhole}
	}
	if hasHi {
		if hi, ok = b.whole(); !ok {
			return 0, 0, next, perr{i, next - 1, RuleNotWhole}
		}
	}
	if lo < 1 || lo > limit || hi > limit {
		return 0, 0, next, perr{i, next - 1, RuleOutOfRange}
	}
	return lo, hi, next, perr{}
}

// numberPhrase reads a dose ("2 tabs", "1-2 puffs", "500 mg", "10 international units") or a
// count of times ("2 times daily", "1-2 times a day", "3x weekly").
func (p *parser) numberPhrase(i int) (int, perr) {
	lo, hi, hasHi, j, e := p.readRange(i)
	if e.rule != "" {
		return j, e
	}
	if p.isWord(j, "times") || p.isWord(j, "time") || (p.isWord(j, "x") && p.periodAhead(j+1)) {
		f, fmax, _, e := p.readWholeRange(i, maxCount)
		if e.rule != "" {
			return j, e
		}
		return p.countPhraseMax(i, f, fmax, j+1)
	}
	unitTok := j
	if p.classAt(j) == cInternational && (p.isWord(j+1, "unit") || p.isWord(j+1, "units")) {
		unitTok = j + 1
	} else if p.classAt(j) != cUnit {
		return j, perr{i, j - 1, RuleDoseWithoutUnit}
	}
	if p.doseSet {
		return j, perr{i, unitTok, RuleTwoDoses}
	}
	if lo.coef == 0 {
		return j, perr{i, j - 1, RuleOutOfRange}
	}
	p.doseSet, p.doseVal, p.doseHigh, p.doseMax = true, lo, hi, hasHi
	ut := &p.toks[unitTok]
	p.doseUnit = unitOf(ut.val)
	p.warnTok(ut.warn, unitTok, unitTok)
	return unitTok + 1, perr{}
}

// periodAhead reports whether a period phrase ("daily", "a week", "every 2 days") starts at j.
func (p *parser) periodAhead(j int) bool {
	_, _, _, _, e := p.periodSpec(j, j)
	return e.rule == ""
}

// periodSpec reads what follows a count: "daily", "weekly", "monthly", "yearly",
// "annually", "hourly"; "a|an|per|each" and a unit ("a day"); or an "every" phrase.
// errTok is the token an error names.
func (p *parser) periodSpec(j, errTok int) (period, periodMax int64, unit PeriodUnit, next int, e perr) {
	if j >= p.n || p.toks[j].kind != tWord {
		return 0, 0, "", j, perr{errTok, j - 1, RuleIncomplete}
	}
	switch string(p.wordBytes(j)) {
	case "daily":
		return 1, 0, PeriodDay, j + 1, perr{}
	case "weekly":
		return 1, 0, PeriodWeek, j + 1, perr{}
	case "monthly":
		return 1, 0, PeriodMonth, j + 1, perr{}
	case "yearly", "annually":
		return 1, 0, PeriodYear, j + 1, perr{}
	case "hourly":
		return 1, 0, PeriodHour, j + 1, perr{}
	case "a", "an", "per", "each":
		if p.classAt(j+1) == cTimeUnit {
			return 1, 0, timeUnitOf(p.toks[j+1].val), j + 2, perr{}
		}
	case "every":
		return p.everySpec(j)
	}
	return 0, 0, "", j, perr{errTok, j, RuleIncomplete}
}

// everySpec reads "every N[-M] unit", "every other unit" or "every unit" at j.
func (p *parser) everySpec(j int) (period, periodMax int64, unit PeriodUnit, next int, e perr) {
	k := j + 1
	switch {
	case p.isNumber(k):
		lo, hi, k2, e := p.readWholeRange(k, maxPeriod)
		if e.rule != "" {
			return 0, 0, "", k2, e
		}
		if p.classAt(k2) != cTimeUnit {
			return 0, 0, "", k2, perr{j, k2 - 1, RuleIncomplete}
		}
		return lo, hi, timeUnitOf(p.toks[k2].val), k2 + 1, perr{}
	case p.isWord(k, "other") && p.classAt(k+1) == cTimeUnit:
		return 2, 0, timeUnitOf(p.toks[k+1].val), k + 2, perr{}
	case p.classAt(k) == cTimeUnit:
		return 1, 0, timeUnitOf(p.toks[k].val), k + 1, perr{}
	}
	return 0, 0, "", k, perr{j, j, RuleIncomplete}
}

// countPhrase reads "once|twice|thrice" and a period.
func (p *parser) countPhrase(i int, f int64, j int) (int, perr) {
	return p.countPhraseMax(i, f, 0, j)
}

func (p *parser) countPhraseMax(i int, f, fmax int64, j int) (int, perr) {
	per, perMax, unit, next, e := p.periodSpec(j, i)
	if e.rule != "" {
		return next, e
	}
	return p.setFreq(i, next-1, f, fmax, per, perMax, unit, wNone)
}

// everyPhrase reads "every|each" and a period or a time of day ("every morning").
func (p *parser) everyPhrase(i int) (int, perr) {
	if i+1 < p.n && p.toks[i+1].kind == tWord {
		switch string(p.wordBytes(i + 1)) {
		case "morning":
			return p.addWhen(i, i+1, WhenMorning, wNone)
		case "afternoon":
			return p.addWhen(i, i+1, WhenAfternoon, wNone)
		case "evening":
			return p.addWhen(i, i+1, WhenEvening, wNone)
		case "night":
			return p.addWhen(i, i+1, WhenHS, wNone)
		}
	}
	per, perMax, unit, next, e := p.everySpec(i)
	if e.rule != "" {
		return next, e
	}
	return p.setFreq(i, next-1, 1, 0, per, perMax, unit, wNone)
}

// qPhrase reads "q" and an interval ("q 8 h", "q4-6h") or a word ("q day", "q hs").
func (p *parser) qPhrase(i int) (int, perr) {
	k := i + 1
	if p.isNumber(k) {
		lo, hi, k2, e := p.readWholeRange(k, maxPeriod)
		if e.rule != "" {
			return k2, e
		}
		if p.classAt(k2) != cTimeUnit {
			return k2, perr{i, k2 - 1, RuleIncomplete}
		}
		unit := timeUnitOf(p.toks[k2].val)
		warn := wNone
		if lo == 1 && hi == 0 && unit == PeriodDay {
			warn = wQ1D
		}
		return p.setFreq(i, k2, 1, 0, lo, hi, unit, warn)
	}
	if k < p.n && p.toks[k].kind == tWord {
		var b [24]byte
		w := p.wordBytes(k)
		if len(w) < len(b) {
			b[0] = 'q'
			n := 1 + copy(b[1:], w)
			cl, val, warn := classify(b[:n])
			switch cl {
			case cFreq:
				f := fixedFreq(val)
				return p.setFreq(i, k, f.freq, 0, f.period, 0, f.unit, warn)
			case cWhen:
				return p.addWhen(i, k, eventOf(val), warn)
			}
		}
	}
	return k, perr{i, i, RuleIncomplete}
}

// prepPhrase reads the times of day that start with a preposition: "at bedtime", "in the
// morning", "before meals", "after breakfast", "with food", "upon waking". "in each nostril",
// "in the left eye" and the like name a site, which a Dosage does not hold.
func (p *parser) prepPhrase(i int) (int, perr) {
	var next []byte
	if i+1 < p.n && p.toks[i+1].kind == tWord {
		next = p.wordBytes(i + 1)
	}
	switch string(p.wordBytes(i)) {
	case "at":
		switch string(next) {
		case "bedtime":
			return p.addWhen(i, i+1, WhenHS, wNone)
		case "night":
			return p.addWhen(i, i+1, WhenNight, wNone)
		}
	case "in":
		if string(next) == "the" && i+2 < p.n && p.toks[i+2].kind == tWord {
			switch string(p.wordBytes(i + 2)) {
			case "morning":
				return p.addWhen(i, i+2, WhenMorning, wNone)
			case "afternoon":
				return p.addWhen(i, i+2, WhenAfternoon, wNone)
			case "evening":
				return p.addWhen(i, i+2, WhenEvening, wNone)
			}
		}
		switch string(next) {
		case "each", "both", "the", "left", "right", "affected", "one":
			return i + 1, perr{i, i, RuleSite}
		}
	case "before":
		switch string(next) {
		case "meals":
			return p.addWhen(i, i+1, WhenBeforeMeal, wNone)
		case "breakfast":
			return p.addWhen(i, i+1, WhenBeforeBreakfast, wNone)
		case "lunch":
			return p.addWhen(i, i+1, WhenBeforeLunch, wNone)
		case "dinner", "supper":
			return p.addWhen(i, i+1, WhenBeforeDinner, wNone)
		case "bedtime":
			return p.addWhen(i, i+1, WhenHS, wNone)
		case "each", "a":
			return p.mealPhrase(i, WhenBeforeMeal)
		}
	case "after":
		switch string(next) {
		case "meals":
			return p.addWhen(i, i+1, WhenAfterMeal, wNone)
		case "breakfast":
			return p.addWhen(i, i+1, WhenAfterBreakfast, wNone)
		case "lunch":
			return p.addWhen(i, i+1, WhenAfterLunch, wNone)
		case "dinner", "supper":
			return p.addWhen(i, i+1, WhenAfterDinner, wNone)
		case "each", "a":
			return p.mealPhrase(i, WhenAfterMeal)
		}
	case "with":
		switch string(next) {
		case "meals", "food":
			return p.addWhen(i, i+1, WhenMeal, wNone)
		case "breakfast":
			return p.addWhen(i, i+1, WhenBreakfast, wNone)
		case "lunch":
			return p.addWhen(i, i+1, WhenLunch, wNone)
		case "dinner", "supper":
			return p.addWhen(i, i+1, WhenDinner, wNone)
		case "each", "a":
			return p.mealPhrase(i, WhenMeal)
		}
	case "upon":
		switch string(next) {
		case "waking", "awakening":
			return p.addWhen(i, i+1, WhenWake, wNone)
		}
	}
	return i + 1, perr{i, i, RuleUnknownToken}
}

// mealPhrase reads "before|after|with each|a meal" at i.
func (p *parser) mealPhrase(i int, ev EventTiming) (int, perr) {
	if p.isWord(i+2, "meal") {
		return p.addWhen(i, i+2, ev, wNone)
	}
	return i + 1, perr{i, i, RuleUnknownToken}
}

// routePhrase reads the routes that start with a preposition: "by mouth", "per os", "per
// rectum", "under the tongue", "under the skin", "by inhalation", "into the lungs", "sub q".
func (p *parser) routePhrase(i int) (int, perr) {
	var next []byte
	if i+1 < p.n && p.toks[i+1].kind == tWord {
		next = p.wordBytes(i + 1)
	}
	switch string(p.wordBytes(i)) {
	case "by":
		switch string(next) {
		case "mouth":
			return p.setRoute(i, i+1, RouteOral, wNone)
		case "inhalation":
			return p.setRoute(i, i+1, RouteInhalation, wNone)
		}
	case "per":
		switch string(next) {
		case "os":
			return p.setRoute(i, i+1, RouteOral, wPerOs)
		case "mouth":
			return p.setRoute(i, i+1, RouteOral, wNone)
		case "rectum":
			return p.setRoute(i, i+1, RouteRectal, wNone)
		case "vagina":
			return p.setRoute(i, i+1, RouteVaginal, wNone)
		}
	case "via":
		if string(next) == "inhalation" {
			return p.setRoute(i, i+1, RouteInhalation, wNone)
		}
	case "under":
		k := i + 1
		if string(next) == "the" {
			k++
		}
		switch {
		case p.isWord(k, "tongue"):
			return p.setRoute(i, k, RouteSublingual, wNone)
		case p.isWord(k, "skin"):
			return p.setRoute(i, k, RouteSubcutaneous, wNone)
		}
	case "into":
		if string(next) == "the" && p.isWord(i+2, "lungs") {
			return p.setRoute(i, i+2, RouteInhalation, wNone)
		}
	case "sub":
		if string(next) == "q" {
			return p.setRoute(i, i+1, RouteSubcutaneous, wSCSQ)
		}
	}
	return i + 1, perr{i, i, RuleUnknownToken}
}

// durationPhrase reads "x N unit" or "for N unit".
func (p *parser) durationPhrase(i int) (int, perr) {
	if !p.isNumber(i + 1) {
		return i + 1, perr{i, i, RuleIncomplete}
	}
	a, _, hasHi, k, e := p.readRange(i + 1)
	if e.rule != "" {
		return k, e
	}
	if hasHi {
		return k, perr{i, k - 1, RuleUnknownToken} // "for 7-10 days" is not a single duration
	}
	v, ok := a.whole()
	if !ok {
		return k, perr{i + 1, k - 1, RuleNotWhole}
	}
	if v < 1 || v > maxPeriod {
		return k, perr{i + 1, k - 1, RuleOutOfRange}
	}
	if p.classAt(k) != cTimeUnit {
		return k, perr{i, k - 1, RuleIncomplete}
	}
	if p.durSet {
		return k + 1, perr{i, k, RuleTwoDurations}
	}
	p.durSet, p.dur, p.durUnit = true, v, timeUnitOf(p.toks[k].val)
	return k + 1, perr{}
}

// asNeeded reads "prn" or "as needed" (tokens i..j), then an optional "for" and the
// indication: letter-only words up to the next word that starts a phrase ("and" may join two
// words of it: "nausea and vomiting").
func (p *parser) asNeeded(i, j, k int) (int, perr) {
	if p.prn {
		return k, perr{i, j, RuleTwoAsNeeded}
	}
	p.prn = true
	if p.isWord(k, "for") && p.indicationWord(k+1) {
		k++
	}
	start := k
	for k < p.n {
		if p.indicationWord(k) {
			k++
			continue
		}
		if k > start && p.classAt(k) == cAnd && p.indicationWord(k+1) {
			k++
			continue
		}
		break
	}
	p.indFrom, p.indTo = start, k
	if k > start {
		size := int(p.toks[k-1].we-p.toks[start].ws) + (k - start - 1)
		if k-start > maxIndicationWords || size > maxIndicationBytes {
			return k, perr{start, k - 1, RuleTooLong}
		}
	}
	return k, perr{}
}

// indicationWord reports whether token k can be a word of an indication: ASCII letters only,
// and not a word that starts a phrase.
func (p *parser) indicationWord(k int) bool {
	if k >= p.n || p.toks[k].kind != tWord || p.toks[k].class.reserved() {
		return false
	}
	t := &p.toks[k]
	for _, c := range p.wb[t.ws:t.we] {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func (p *parser) setRoute(i, j int, r Route, warn uint8) (int, perr) {
	if p.route != "" {
		return j + 1, perr{i, j, RuleTwoRoutes}
	}
	p.route = r
	p.warnTok(warn, i, j)
	return j + 1, perr{}
}

func (p *parser) setFreq(i, j int, f, fmax, period, periodMax int64, unit PeriodUnit, warn uint8) (int, perr) {
	if p.freqSet {
		return j + 1, perr{i, j, RuleTwoFrequencies}
	}
	if f < 1 || f > maxCount || fmax > maxCount || period < 1 || period > maxPeriod || periodMax > maxPeriod {
		return j + 1, perr{i, j, RuleOutOfRange}
	}
	if fmax != 0 && periodMax != 0 {
		return j + 1, perr{i, j, RuleAmbiguous}
	}
	p.freqSet = true
	p.freq, p.freqMax, p.period, p.periodMax, p.punit = f, fmax, period, periodMax, unit
	p.warnTok(warn, i, j)
	return j + 1, perr{}
}

// addWhen adds a time of day; a time already stated ("nightly at bedtime") is kept once.
func (p *parser) addWhen(i, j int, ev EventTiming, warn uint8) (int, perr) {
	p.warnTok(warn, i, j)
	for _, e := range p.when[:p.nwhen] {
		if e == ev {
			return j + 1, perr{}
		}
	}
	if p.nwhen == maxWhen {
		return j + 1, perr{i, j, RuleTooLong}
	}
	if p.nwhen == 0 {
		p.whenFrom = i
	}
	p.whenTo = j
	p.when[p.nwhen] = ev
	p.nwhen++
	return j + 1, perr{}
}

// result builds the Dosage from the parser's state.
func (p *parser) result() Dosage {
	var d Dosage
	var c decimals
	if p.doseSet {
		d.Dose = Dose{Value: c.get(p.doseVal), Unit: p.doseUnit}
		if p.doseMax {
			d.Dose.Max = decimal.NewNullDecimal(c.get(p.doseHigh))
		}
	}
	d.Route = p.route
	if p.freqSet {
		d.Timing.Frequency, d.Timing.FrequencyMax = int(p.freq), int(p.freqMax)
		d.Timing.Period = c.get(num{coef: p.period})
		if p.periodMax != 0 {
			d.Timing.PeriodMax = decimal.NewNullDecimal(c.get(num{coef: p.periodMax}))
		}
		d.Timing.PeriodUnit = p.punit
	}
	if p.nwhen > 0 {
		d.Timing.When = make([]EventTiming, p.nwhen)
		copy(d.Timing.When, p.when[:p.nwhen])
	}
	if p.durSet {
		d.Duration = Duration{Value: c.get(num{coef: p.dur}), Unit: p.durUnit}
	}
	d.AsNeeded = p.prn
	if p.indTo > p.indFrom {
		d.AsNeededFor = p.indication()
	}
	if p.nwarn > 0 {
		d.Warnings = make([]Warning, p.nwarn)
		for k, w := range p.warns[:p.nwarn] {
			code, rule := warnInfo(w.w)
			d.Warnings[k] = Warning{Token: p.span(int(w.rs), int(w.re)), Code: code, Rule: rule}
		}
	}
	return d
}

// decimals makes the Decimals of one result, sharing one value between equal numbers ("1
// tab daily": the dose and the period are both 1). Each new Decimal costs two allocations
// (a big.Int and its words); a Decimal never changes its big.Int, so sharing is as safe as
// copying a Decimal.
type decimals struct {
	n    int
	keys [5]num
	vals [5]decimal.Decimal
}

func (c *decimals) get(v num) decimal.Decimal {
	for i := range c.n {
		if c.keys[i] == v {
			return c.vals[i]
		}
	}
	d := v.decimal()
	c.keys[c.n], c.vals[c.n] = v, d
	c.n++
	return d
}

// indication joins the indication's words with single spaces.
func (p *parser) indication() string {
	var b [maxIndicationBytes]byte
	out := b[:0]
	for k := p.indFrom; k < p.indTo; k++ {
		if k > p.indFrom {
			out = append(out, ' ')
		}
		out = append(out, p.wordBytes(k)...)
	}
	rs, re := int(p.toks[p.indFrom].rs), int(p.toks[p.indTo-1].re)
	if p.s[rs:re] == string(out) {
		return p.s[rs:re] // already in normal form: no copy
	}
	return string(out)
}

// span returns the normalised text rs..re, as written (it shares the input's memory).
func (p *parser) span(rs, re int) string { return p.s[rs:re] }
