package table

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

type textInner struct {
	Text string `json:"text"`
}

type textLifted struct {
	Name string `json:"name"`
}

// upper is a TextMarshaler that writes its bytes as they are.
type upper string

func (u upper) MarshalText() ([]byte, error) { return []byte(u), nil }

type textDoc struct {
	textLifted
	Title   string            `json:"title"`
	Notes   []string          `json:"notes,omitempty"`
	Tags    map[string]string `json:"tags,omitempty"`
	Inner   *textInner        `json:"inner,omitempty"`
	Reasons []textInner       `json:"reasons,omitempty"`
	Any     any               `json:"any,omitempty"`
	Code    upper             `json:"code,omitempty"`
	Plain   string
	Raw     []byte `json:"raw,omitempty"`
	Skipped string `json:"-"`
	hidden  string
}

// Each place encoding/json looks is named when its text cannot be stored; places it does not
// look, and text that merely resembles a replacement, are let be.
func TestUnstorableTextNamesTheField(t *testing.T) {
	const bad = "note \xff"
	tests := []struct {
		name   string
		doc    textDoc
		path   string
		detail string // "" when every text is storable where JSON looks
	}{
		{"valid", textDoc{Title: "ok", Notes: []string{"a", "b"}, Tags: map[string]string{"k": "v"}, Inner: &textInner{"x"}}, "", ""},
		{"the replacement character and its escape written out", textDoc{Title: "\ufffd", Plain: `\ufffd`}, "", ""},
		{"title", textDoc{Title: bad}, "title", notUTF8},
		{"a list element", textDoc{Notes: []string{"a", bad}}, "notes[1]", notUTF8},
		{"a nested field", textDoc{Reasons: []textInner{{"a"}, {"b"}, {bad}}}, "reasons[2].text", notUTF8},
		{"through a pointer", textDoc{Inner: &textInner{bad}}, "inner.text", notUTF8},
		{"a NUL", textDoc{Inner: &textInner{"a\x00b"}}, "inner.text", holdsNUL},
		{"a nil pointer", textDoc{Inner: nil}, "", ""},
		{"a lifted field", textDoc{textLifted: textLifted{Name: bad}}, "name", notUTF8},
		{"an untagged field", textDoc{Plain: bad}, "Plain", notUTF8},
		{"in an interface", textDoc{Any: bad}, "any", notUTF8},
		{"a text marshaler", textDoc{Code: upper(bad)}, "code", notUTF8},
		{"a map value, the map named", textDoc{Tags: map[string]string{"k": bad}}, "tags", notUTF8},
		{"a map key, the map named", textDoc{Tags: map[string]string{bad: "v"}}, "tags", notUTF8},
		{"bytes are base64", textDoc{Raw: []byte(bad)}, "", ""},
		{"a field JSON leaves out", textDoc{Skipped: bad}, "", ""},
		{"an unexported field", textDoc{hidden: bad}, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := json.Marshal(tc.doc); err != nil {
				t.Fatal(err)
			}
			fe := unstorableText(reflect.ValueOf(tc.doc))
			switch {
			case tc.detail == "" && fe != nil:
				t.Fatalf("unstorableText = %v, want nil", fe)
			case tc.detail != "" && (fe == nil || fe.Path != tc.path || fe.Detail != tc.detail):
				t.Fatalf("unstorableText = %v, want %s: %s", fe, tc.path, tc.detail)
			}
		})
	}
}

// unstorableText finds a problem exactly when there is one: text that is not UTF-8, which
// encoding/json would not give back as it was, or text with a NUL, which JSONB refuses.
func TestUnstorableTextIsWhatJSONWouldChange(t *testing.T) {
	text := rapid.OneOf(
		rapid.String(),
		rapid.SampledFrom([]string{"\ufffd", `\ufffd`, "\xff", "a\xc3", "\xed\xa0\x80", "é", "a\x00"}),
		rapid.Map(rapid.SliceOfN(rapid.Byte(), 0, 6), func(b []byte) string { return string(b) }),
	)
	rapid.Check(t, func(t *rapid.T) {
		doc := textDoc{Title: text.Draw(t, "title"), Plain: text.Draw(t, "plain")}
		all := []string{doc.Title, doc.Plain}
		if n := rapid.IntRange(0, 3).Draw(t, "notes"); n > 0 {
			doc.Notes = rapid.SliceOfN(text, n, n).Draw(t, "note")
			all = append(all, doc.Notes...)
		}
		if n := rapid.IntRange(0, 2).Draw(t, "tags"); n > 0 {
			doc.Tags = rapid.MapOfN(text, text, n, n).Draw(t, "tag")
			for k, v := range doc.Tags {
				all = append(all, k, v)
			}
		}
		if rapid.Bool().Draw(t, "inner") {
			doc.Inner = &textInner{text.Draw(t, "inner text")}
			all = append(all, doc.Inner.Text)
		}
		b, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		var back textDoc
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		var problems []string // what it may say: the first problem it meets is any of them
		if !reflect.DeepEqual(doc, back) {
			problems = append(problems, notUTF8)
		}
		if slices.ContainsFunc(all, func(s string) bool { return strings.IndexByte(s, 0) >= 0 }) {
			problems = append(problems, holdsNUL)
		}
		fe := unstorableText(reflect.ValueOf(doc))
		if (fe == nil) != (len(problems) == 0) || fe != nil && !slices.Contains(problems, fe.Detail) {
			t.Fatalf("unstorableText = %v, want one of %q", fe, problems)
		}
	})
}
