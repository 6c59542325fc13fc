package table

import (
	"encoding"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/carecoord/carecoord"
)

// unstorableText returns a field error for the first text in v that PostgreSQL cannot hold as
// it is, or nil: text that is not valid UTF-8 (encoding/json would write U+FFFD in place of the
// bytes, so the record would come back changed) or that holds the NUL character (which JSONB
// refuses). It looks where encoding/json looks: exported fields under their JSON names,
// embedded structs' fields as their own, elements, map keys and values (a map is named as a
// whole: its keys may be patient data), and what a json.Marshaler or encoding.TextMarshaler
// writes. The path is built only for a problem found. Call it only on a value json.Marshal
// has encoded: that rules out cycles.
func unstorableText(v reflect.Value) *carecoord.FieldError {
	where, detail := findText(v)
	if detail == "" {
		return nil
	}
	slices.Reverse(where)
	return carecoord.Invalid(carecoord.Path(where...), detail)
}

// findText returns the problem unstorableText looks for in v, "" if none, and where it is
// as path elements (names and indexes) from the innermost out.
func findText(v reflect.Value) (where []any, detail string) {
	if !v.IsValid() {
		return nil, ""
	}
	if v.CanInterface() && (v.Kind() != reflect.Pointer || !v.IsNil()) {
		switch m := v.Interface().(type) {
		case json.Marshaler:
			b, err := m.MarshalJSON()
			if err != nil {
				return nil, ""
			}
			return nil, textProblem(string(b))
		case encoding.TextMarshaler:
			b, err := m.MarshalText()
			if err != nil {
				return nil, ""
			}
			return nil, textProblem(string(b))
		}
	}
	switch v.Kind() {
	case reflect.String:
		return nil, textProblem(v.String())
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return findText(v.Elem())
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			name, ok := jsonName(t.Field(i))
			if !ok {
				continue
			}
			if where, detail := findText(v.Field(i)); detail != "" {
				if name != "" {
					where = append(where, name)
				}
				return where, detail
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return nil, "" // bytes: base64 in JSON
		}
		for i := range v.Len() {
			if where, detail := findText(v.Index(i)); detail != "" {
				return append(where, i), detail
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if _, detail := findText(it.Key()); detail != "" {
				return nil, detail
			}
			if _, detail := findText(it.Value()); detail != "" {
				return nil, detail
			}
		}
	}
	return nil, ""
}

// What PostgreSQL cannot hold, as field errors' details.
const (
	notUTF8  = "text must be valid UTF-8, the only encoding PostgreSQL stores it in"
	holdsNUL = "text must not hold the NUL character, which PostgreSQL cannot store"
)

// textProblem says what PostgreSQL could not hold of s as it is, or "".
func textProblem(s string) string {
	switch {
	case !utf8.ValidString(s):
		return notUTF8
	case strings.IndexByte(s, 0) >= 0:
		return holdsNUL
	}
	return ""
}

// jsonName returns the name encoding/json gives field f, "" for an embedded struct whose
// fields it lifts, and false for a field it leaves out.
func jsonName(f reflect.StructField) (string, bool) {
	tag := f.Tag.Get("json")
	if tag == "-" {
		return "", false
	}
	name, _, _ := strings.Cut(tag, ",")
	if f.Anonymous && name == "" {
		t := f.Type
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() == reflect.Struct {
			return "", true
		}
	}
	if !f.IsExported() {
		return "", false
	}
	if name == "" {
		name = f.Name
	}
	return name, true
}
