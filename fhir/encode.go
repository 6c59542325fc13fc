package fhir

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// An encoder writes FHIR JSON (FHIR R4 §2.6.2): members in the order each struct writes them,
// empty values, lists and objects left out (§2.6.2.3), primitive companions and kept unknown
// members after the mapped ones.
type encoder struct {
	buf []byte
	// bad is set when a member given as JSON text (a kept unknown member, an extension's value,
	// a resource of another type) is not JSON: the output would not be either.
	bad bool
}

// An encodable is a struct of the package that writes its own members.
type encodable interface {
	encode(e *encoder)
	extras() *Extras
}

// comma writes the separator a member or list item needs after the one before it.
func (e *encoder) comma() {
	if n := len(e.buf); n > 0 && e.buf[n-1] != '{' && e.buf[n-1] != '[' {
		e.buf = append(e.buf, ',')
	}
}

func (e *encoder) name(n string) {
	e.comma()
	e.quote(n)
	e.buf = append(e.buf, ':')
}

// quote writes s as a JSON string. Bytes that are not UTF-8 become U+FFFD.
func (e *encoder) quote(s string) {
	e.buf = append(e.buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
			e.buf = append(e.buf, s[start:i]...)
			e.buf = append(e.buf, `\ufffd`...)
			i++
			start = i
			continue
		}
		e.buf = append(e.buf, s[start:i]...)
		switch c {
		case '"', '\\':
			e.buf = append(e.buf, '\\', c)
		case '\n':
			e.buf = append(e.buf, '\\', 'n')
		case '\r':
			e.buf = append(e.buf, '\\', 'r')
		case '\t':
			e.buf = append(e.buf, '\\', 't')
		default:
			e.buf = append(e.buf, '\\', 'u', '0', '0', hexDigit(c>>4), hexDigit(c&0xf))
		}
		i++
		start = i
	}
	e.buf = append(e.buf, s[start:]...)
	e.buf = append(e.buf, '"')
}

func hexDigit(b byte) byte { return "0123456789abcdef"[b] }

// string writes a string member, unless it is empty.
func (e *encoder) string(n, v string) {
	if v != "" {
		e.name(n)
		e.quote(v)
	}
}

// strings writes a list of strings, unless it is empty; an empty string in it is written as
// null, for a value that only its "_name" companion gives (§2.6.2.7).
func (e *encoder) strings(n string, vs []string) {
	if len(vs) == 0 {
		return
	}
	e.name(n)
	e.buf = append(e.buf, '[')
	for i, v := range vs {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		if v == "" {
			e.buf = append(e.buf, "null"...)
		} else {
			e.quote(v)
		}
	}
	e.buf = append(e.buf, ']')
}

// integer writes an integer member when it is set.
func (e *encoder) integer(n string, v *int64) {
	if v != nil {
		e.name(n)
		e.buf = strconv.AppendInt(e.buf, *v, 10)
	}
}

// boolean writes a boolean member when it is set.
func (e *encoder) boolean(n string, v *bool) {
	if v != nil {
		e.name(n)
		e.buf = strconv.AppendBool(e.buf, *v)
	}
}

// decimal writes a decimal member when it is set, with the decimal places it was given (1.50
// stays 1.50).
func (e *encoder) decimal(n string, v decimal.NullDecimal) {
	if v.Valid {
		e.name(n)
		e.buf = append(e.buf, decimalText(v.Decimal)...)
	}
}

// decimalText returns v as FHIR writes a decimal: in full, with its decimal places.
func decimalText(v decimal.Decimal) string {
	if x := v.Exponent(); x < 0 {
		return v.StringFixed(-x)
	}
	return v.String()
}

// present reports whether o would write anything: for a choice element (value[x]), whether
// one of its types has been read already.
func present(o encodable) bool {
	var e encoder
	return e.body(o)
}

// raw writes a member whose value is JSON text.
func (e *encoder) raw(n string, v []byte) {
	e.name(n)
	e.rawValue(v)
}

// rawValue writes v, which should be JSON text; only these values can be malformed, since the
// encoder writes everything else itself, so only they are checked.
func (e *encoder) rawValue(v []byte) {
	e.bad = e.bad || !json.Valid(v)
	e.buf = append(e.buf, v...)
}

// object writes a member holding o, unless o writes nothing.
func (e *encoder) object(n string, o encodable) {
	mark := len(e.buf)
	e.name(n)
	if !e.body(o) {
		e.buf = e.buf[:mark]
	}
}

// body writes {…} for o and reports whether it held anything; when it did not, the caller
// takes the braces back.
func (e *encoder) body(o encodable) bool {
	e.buf = append(e.buf, '{')
	o.encode(e)
	e.extras(o.extras())
	if e.buf[len(e.buf)-1] == '{' {
		e.buf = e.buf[:len(e.buf)-1]
		return false
	}
	e.buf = append(e.buf, '}')
	return true
}

// objects writes a list of objects, leaving out the ones that write nothing, and the list when
// none is left.
func objects[T any, P interface {
	*T
	encodable
}](e *encoder, n string, list []T) {
	if len(list) == 0 {
		return
	}
	mark := len(e.buf)
	e.name(n)
	e.buf = append(e.buf, '[')
	for i := range list {
		item := len(e.buf)
		e.comma()
		if !e.body(P(&list[i])) {
			e.buf = e.buf[:item] // and the comma before it
		}
	}
	if e.buf[len(e.buf)-1] == '[' {
		e.buf = e.buf[:mark]
		return
	}
	e.buf = append(e.buf, ']')
}

// extras writes the primitive companions and kept unknown members of an object.
func (e *encoder) extras(x *Extras) {
	for _, p := range x.Primitives {
		mark := len(e.buf)
		e.name("_" + p.Name)
		wrote := false
		if p.List {
			e.buf = append(e.buf, '[')
			for i, pe := range p.Elements {
				if i > 0 {
					e.buf = append(e.buf, ',')
				}
				if pe == nil || !e.primitiveElement(pe) {
					e.buf = append(e.buf, "null"...)
					continue
				}
				wrote = true
			}
			e.buf = append(e.buf, ']')
		} else if len(p.Elements) == 1 && p.Elements[0] != nil {
			wrote = e.primitiveElement(p.Elements[0])
		}
		if !wrote {
			e.buf = e.buf[:mark]
		}
	}
	for _, m := range x.Unknown {
		e.raw(m.Name, m.Value)
	}
}

func (e *encoder) primitiveElement(pe *PrimitiveElement) bool {
	e.buf = append(e.buf, '{')
	e.string("id", pe.ID)
	objects(e, "extension", pe.Extension)
	if e.buf[len(e.buf)-1] == '{' {
		e.buf = e.buf[:len(e.buf)-1]
		return false
	}
	e.buf = append(e.buf, '}')
	return true
}

func (x *Extension) encode(e *encoder) {
	e.string("id", x.ID)
	objects(e, "extension", x.Extension)
	e.string("url", x.URL)
	if x.ValueType != "" && len(x.Value) > 0 {
		e.raw("value"+x.ValueType, x.Value)
	}
}
