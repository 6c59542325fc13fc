package table

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// invalidText returns the path of the first text in v that is not valid UTF-8, in the form of
// carecoord.FieldError paths ("reasons[0].display"), and whether there is one. It looks where
// encoding/json looks: exported fields under their JSON names, embedded structs' fields as
// their own, elements, map keys and values (a map is named as a whole: its keys may be patient
// data), and what a json.Marshaler or encoding.TextMarshaler writes.
//
// encoding/json writes U+FFFD in place of bytes that are not UTF-8, and PostgreSQL holds text
// only as UTF-8; so a record with such text, were it saved, would come back changed. Save
// refuses it instead. Call it only on a value json.Marshal has encoded: that rules out cycles.
func invalidText(v reflect.Value, path string) (string, bool) {
	if !v.IsValid() {
		return "", false
	}
	if v.CanInterface() && (v.Kind() != reflect.Pointer || !v.IsNil()) {
		switch m := v.Interface().(type) {
		case json.Marshaler:
			b, err := m.MarshalJSON()
			return path, err == nil && !utf8.Valid(b)
		case encoding.TextMarshaler:
			b, err := m.MarshalText()
			return path, err == nil && !utf8.Valid(b)
		}
	}
	switch v.Kind() {
	case reflect.String:
		return path, !utf8.ValidString(v.String())
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return "", false
		}
		return invalidText(v.Elem(), path)
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			name, ok := jsonName(f)
			if !ok {
				continue
			}
			p := path
			if name != "" {
				p = joinPath(path, name)
			}
			if p, bad := invalidText(v.Field(i), p); bad {
				return p, true
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return "", false // bytes: base64 in JSON
		}
		for i := range v.Len() {
			if p, bad := invalidText(v.Index(i), path+"["+strconv.Itoa(i)+"]"); bad {
				return p, true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if _, bad := invalidText(it.Key(), path); bad {
				return path, true
			}
			if _, bad := invalidText(it.Value(), path); bad {
				return path, true
			}
		}
	}
	return "", false
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

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
