package fhir

import (
	"slices"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/carecoord/carecoord"
)

// maxDepth bounds the nesting of JSON values, so that a hostile document cannot exhaust the
// stack. FHIR resources nest a few levels; extensions of extensions a few more.
const maxDepth = 100

// A decoder reads one JSON text (RFC 8259) in FHIR's JSON representation (FHIR R4 §2.6.2) into
// the package's structs. It keeps the FHIRPath-like location of the value it is at, so that
// every problem names where it is ("Encounter.period.start"), and collects the problems instead
// of stopping at the first, except for malformed JSON, after which nothing more can be read.
type decoder struct {
	data   []byte
	pos    int
	path   []byte
	depth  int
	opts   DecodeOptions
	errs   carecoord.FieldErrors
	issues []Issue
	broken bool // malformed JSON: the rest cannot be read
	// member is the name of the member being read, listLen the length of the last list read.
	member  string
	listLen int
	// mappedAt is the depth of the objects being read whose own extensions a mapping reads
	// (withExtensions), or -1.
	mappedAt int
	// frames are the objects being read, innermost last: the primitive values and their
	// "_name" companions met in each, checked against each other when the object ends.
	frames []frame
}

// A frame records, for one object, the shapes of its primitive elements and companions.
type frame struct {
	shapes []shape
	nulls  []shape // the null entries of value lists and companion lists: name and index (n)
	// choices are the choice elements (name[x]) given a value in the object.
	choices []string
	// companions is set when the object has a "_name" member.
	companions bool
}

// A shape is one primitive element of an object as read: its name, whether it was a list and
// how long, and whether it is the value or the "_name" companion.
type shape struct {
	name      string
	n         int
	list      bool
	companion bool
	// primitive is set for a value that is not an object or a list of objects: only such a
	// value may have a companion.
	primitive bool
}

func newDecoder(data []byte, opts DecodeOptions) *decoder {
	return &decoder{data: data, opts: opts, mappedAt: -1}
}

// withExtensions runs read for an element (or a list of them) whose own extensions a mapping
// reads (a medication's derivedFrom references carry carecoord's merged-source), so that they
// are not reported as not mapped. The extensions of the elements inside it still are.
func (d *decoder) withExtensions(read func()) {
	old := d.mappedAt
	d.mappedAt = len(d.frames) // the depth the element's object is read at
	read()
	d.mappedAt = old
}

// at returns the current location as a string, for a problem.
func (d *decoder) at() string { return string(d.path) }

// push appends a member name to the location and returns the length to pop back to.
func (d *decoder) push(name string) int {
	n := len(d.path)
	if n > 0 {
		d.path = append(d.path, '.')
	}
	d.path = append(d.path, name...)
	return n
}

// pushIndex appends a list index to the location.
func (d *decoder) pushIndex(i int) int {
	n := len(d.path)
	d.path = append(d.path, '[')
	d.path = strconv.AppendInt(d.path, int64(i), 10)
	d.path = append(d.path, ']')
	return n
}

func (d *decoder) pop(n int) { d.path = d.path[:n] }

// fail records a problem with the value at the current location.
func (d *decoder) fail(code carecoord.FieldCode, detail string) {
	d.errs.Add(&carecoord.FieldError{Path: d.at(), Code: code, Detail: detail})
}

// syntax records malformed JSON at the current byte and stops the decoder. The detail names
// the byte offset, never the text, which may be patient data.
func (d *decoder) syntax(detail string) {
	if d.broken {
		return
	}
	d.broken = true
	d.errs.Add(carecoord.Invalid(d.at(), "malformed JSON at byte "+strconv.Itoa(d.pos)+": "+detail))
}

// note records an issue: something read that the package does not map.
func (d *decoder) note(code IssueCode, detail string) {
	d.issues = append(d.issues, Issue{Path: d.at(), Code: code, Detail: detail})
}

func (d *decoder) ws() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// next returns the first byte of the next value without consuming it, or 0 at the end.
func (d *decoder) next() byte {
	d.ws()
	if d.broken || d.pos >= len(d.data) {
		return 0
	}
	return d.data[d.pos]
}

// A kind is the JSON type of a value, as its first byte tells it.
type kind uint8

const (
	kindNone kind = iota // the end of the input, or a byte no value starts with
	kindNull
	kindBool
	kindNumber
	kindString
	kindArray
	kindObject
)

func (k kind) String() string {
	return [...]string{"nothing", "null", "a boolean", "a number", "a string", "an array", "an object"}[k]
}

func (d *decoder) kind() kind {
	switch c := d.next(); {
	case c == 'n':
		return kindNull
	case c == 't' || c == 'f':
		return kindBool
	case c == '-' || c >= '0' && c <= '9':
		return kindNumber
	case c == '"':
		return kindString
	case c == '[':
		return kindArray
	case c == '{':
		return kindObject
	}
	return kindNone
}

// expect checks that the next value is of kind k. When it is not, it records the problem,
// skips the value and reports false. A null is never allowed where a value is expected: FHIR
// JSON leaves an element out instead (§2.6.2.3).
func (d *decoder) expect(k kind, what string) bool {
	got := d.kind()
	if got == k {
		return true
	}
	if d.broken {
		return false
	}
	switch got {
	case kindNone:
		d.syntax("expected a value")
		return false
	case kindNull:
		d.fail(carecoord.FieldInvalid, "must not be null: leave the element out instead")
	default:
		d.fail(carecoord.FieldInvalid, "must be "+what+", not "+got.String())
	}
	d.skip()
	return false
}

// literal consumes the literal word (true, false, null).
func (d *decoder) literal(word string) bool {
	if len(d.data)-d.pos >= len(word) && string(d.data[d.pos:d.pos+len(word)]) == word {
		d.pos += len(word)
		return true
	}
	d.syntax("invalid literal")
	return false
}

// number reads a JSON number and returns its text.
func (d *decoder) number() ([]byte, bool) {
	if !d.expect(kindNumber, "a number") {
		return nil, false
	}
	start := d.pos
	p, data := d.pos, d.data
	if p < len(data) && data[p] == '-' {
		p++
	}
	switch {
	case p < len(data) && data[p] == '0':
		p++
	case p < len(data) && data[p] >= '1' && data[p] <= '9':
		for p < len(data) && data[p] >= '0' && data[p] <= '9' {
			p++
		}
	default:
		d.pos = p
		d.syntax("invalid number")
		return nil, false
	}
	if p < len(data) && data[p] == '.' {
		p++
		if p >= len(data) || data[p] < '0' || data[p] > '9' {
			d.pos = p
			d.syntax("invalid number")
			return nil, false
		}
		for p < len(data) && data[p] >= '0' && data[p] <= '9' {
			p++
		}
	}
	if p < len(data) && (data[p] == 'e' || data[p] == 'E') {
		p++
		if p < len(data) && (data[p] == '+' || data[p] == '-') {
			p++
		}
		if p >= len(data) || data[p] < '0' || data[p] > '9' {
			d.pos = p
			d.syntax("invalid number")
			return nil, false
		}
		for p < len(data) && data[p] >= '0' && data[p] <= '9' {
			p++
		}
	}
	d.pos = p
	return data[start:p], true
}

// str reads a JSON string and returns it unescaped. FHIR's JSON is UTF-8 (§2.6.2); a string
// that is not is refused.
func (d *decoder) str() (string, bool) {
	if !d.expect(kindString, "a string") {
		return "", false
	}
	return d.rawString()
}

// rawString reads the string at pos, which starts with a quote.
func (d *decoder) rawString() (string, bool) {
	d.pos++ // the opening quote
	start := d.pos
	// The usual string has no escapes: it is the bytes as they are.
	for p := start; p < len(d.data); p++ {
		switch c := d.data[p]; {
		case c == '"':
			s := d.data[start:p]
			if !utf8.Valid(s) {
				d.pos = start
				d.syntax("string is not UTF-8")
				return "", false
			}
			d.pos = p + 1
			return string(s), true
		case c == '\\':
			return d.escapedString(start)
		case c < 0x20:
			d.pos = p
			d.syntax("control character in string")
			return "", false
		}
	}
	d.pos = len(d.data)
	d.syntax("unterminated string")
	return "", false
}

func (d *decoder) escapedString(start int) (string, bool) {
	buf := make([]byte, 0, 2*(d.pos-start)+16)
	p := start
	for p < len(d.data) {
		c := d.data[p]
		switch {
		case c == '"':
			if !utf8.Valid(buf) {
				d.pos = start
				d.syntax("string is not UTF-8")
				return "", false
			}
			d.pos = p + 1
			return string(buf), true
		case c < 0x20:
			d.pos = p
			d.syntax("control character in string")
			return "", false
		case c != '\\':
			buf = append(buf, c)
			p++
			continue
		}
		if p+1 >= len(d.data) {
			break
		}
		switch e := d.data[p+1]; e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, n := d.unicodeEscape(p)
			if n == 0 {
				return "", false
			}
			buf = utf8.AppendRune(buf, r)
			p += n
			continue
		default:
			d.pos = p
			d.syntax("invalid escape in string")
			return "", false
		}
		p += 2
	}
	d.pos = len(d.data)
	d.syntax("unterminated string")
	return "", false
}

// unicodeEscape reads \uXXXX at p, and the low half that must follow a high surrogate; it
// returns the rune and the bytes read, or 0 bytes after recording the problem. A lone
// surrogate becomes U+FFFD, as encoding/json does.
func (d *decoder) unicodeEscape(p int) (rune, int) {
	r, ok := hex4(d.data, p+2)
	if !ok {
		d.pos = p
		d.syntax("invalid \\u escape in string")
		return 0, 0
	}
	if !utf16.IsSurrogate(r) {
		return r, 6
	}
	if p+12 <= len(d.data) && d.data[p+6] == '\\' && d.data[p+7] == 'u' {
		if lo, ok := hex4(d.data, p+8); ok {
			if dec := utf16.DecodeRune(r, lo); dec != utf8.RuneError {
				return dec, 12
			}
		}
	}
	return utf8.RuneError, 6
}

func hex4(b []byte, p int) (rune, bool) {
	if p+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[p : p+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// skip consumes one value of any kind, checking that it is well formed.
func (d *decoder) skip() {
	switch d.kind() {
	case kindNull:
		d.literal("null")
	case kindBool:
		if d.data[d.pos] == 't' {
			d.literal("true")
		} else {
			d.literal("false")
		}
	case kindNumber:
		d.number()
	case kindString:
		d.rawString()
	case kindArray:
		d.array(func(int) { d.skip() })
	case kindObject:
		d.members(func(string) { d.skip() })
	default:
		d.syntax("expected a value")
	}
}

// raw consumes one value, checking it against FHIR's JSON rules ([decoder.anyValue]), and
// returns a copy of its JSON text.
func (d *decoder) raw() []byte {
	d.ws()
	start := d.pos
	d.anyValue()
	if d.broken {
		return nil
	}
	return compact(d.data[start:d.pos])
}

// compact returns a copy of the well-formed JSON text v without the white space between its
// tokens, so that what is kept is written back in the form Marshal writes.
func compact(v []byte) []byte {
	out := make([]byte, 0, len(v))
	inString := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case inString && c == '\\':
			out = append(out, c, v[i+1])
			i++
			continue
		case c == '"':
			inString = !inString
		case !inString && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			continue
		}
		out = append(out, c)
	}
	return out
}

// array reads a JSON array, calling item for each element with the location at its index.
// It refuses an empty array: FHIR JSON leaves an empty list out (§2.6.2.3).
func (d *decoder) array(item func(i int)) {
	d.pos++ // [
	if !d.enter() {
		return
	}
	defer d.leave()
	if d.next() == ']' {
		d.pos++
		d.fail(carecoord.FieldInvalid, "must not be an empty array: leave the element out instead")
		return
	}
	for i := 0; ; i++ {
		n := d.pushIndex(i)
		item(i)
		d.pop(n)
		d.listLen = i + 1
		if d.broken {
			return
		}
		switch d.next() {
		case ',':
			d.pos++
		case ']':
			d.pos++
			return
		default:
			d.syntax("expected , or ] in array")
			return
		}
	}
}

// members reads a JSON object, calling member for each name with the location extended by
// the name. It refuses a repeated name (RFC 8259 §4 leaves its meaning open, so FHIR data
// must not rely on one) and an empty object (FHIR JSON leaves it out, §2.6.2.3).
func (d *decoder) members(member func(name string)) {
	d.pos++ // {
	if !d.enter() {
		return
	}
	defer d.leave()
	if d.next() == '}' {
		d.pos++
		d.fail(carecoord.FieldInvalid, "must not be an empty object: leave the element out instead")
		return
	}
	// The names met so far: a short list, checked in turn, as most objects are small; a set
	// once the list is long, so that a hostile object with many members costs n, not n².
	var seenBuf [16]string
	seen := seenBuf[:0]
	var seenSet map[string]struct{}
	for {
		if d.next() != '"' {
			d.syntax("expected a member name")
			return
		}
		name, ok := d.rawString()
		if !ok {
			return
		}
		if d.next() != ':' {
			d.syntax("expected : after a member name")
			return
		}
		d.pos++
		n := d.push(name)
		dup := false
		switch {
		case seenSet != nil:
			_, dup = seenSet[name]
			seenSet[name] = struct{}{}
		case len(seen) == cap(seenBuf):
			seenSet = make(map[string]struct{}, 2*len(seen))
			for _, s := range seen {
				seenSet[s] = struct{}{}
			}
			_, dup = seenSet[name]
			seenSet[name] = struct{}{}
		default:
			dup = slices.Contains(seen, name)
			seen = append(seen, name)
		}
		if dup {
			d.fail(carecoord.FieldDuplicate, "must appear once in its object")
			d.skip()
		} else {
			d.member = name
			member(name)
		}
		d.pop(n)
		if d.broken {
			return
		}
		switch d.next() {
		case ',':
			d.pos++
		case '}':
			d.pos++
			return
		default:
			d.syntax("expected , or } in object")
			return
		}
	}
}

func (d *decoder) enter() bool {
	d.depth++
	if d.depth > maxDepth {
		d.syntax("nested too deeply")
		return false
	}
	return true
}

func (d *decoder) leave() { d.depth-- }

// end checks that nothing but white space follows the value read.
func (d *decoder) end() {
	if d.broken {
		return
	}
	d.ws()
	if d.pos != len(d.data) {
		d.path = d.path[:0]
		d.syntax("text after the JSON value")
	}
}
