package table

import (
	"encoding/json"
	"reflect"
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

func TestInvalidTextNamesTheField(t *testing.T) {
	const bad = "note \xff"
	tests := []struct {
		name string
		doc  textDoc
		want string // "" when every text is valid where JSON looks
	}{
		{"valid", textDoc{Title: "ok", Notes: []string{"a", "b"}, Tags: map[string]string{"k": "v"}, Inner: &textInner{"x"}}, ""},
		{"the replacement character and its escape written out", textDoc{Title: "\ufffd", Plain: `\ufffd`}, ""},
		{"title", textDoc{Title: bad}, "title"},
		{"a list element", textDoc{Notes: []string{"a", bad}}, "notes[1]"},
		{"a nested field", textDoc{Reasons: []textInner{{"a"}, {"b"}, {bad}}}, "reasons[2].text"},
		{"through a pointer", textDoc{Inner: &textInner{bad}}, "inner.text"},
		{"a nil pointer", textDoc{Inner: nil}, ""},
		{"a lifted field", textDoc{textLifted: textLifted{Name: bad}}, "name"},
		{"an untagged field", textDoc{Plain: bad}, "Plain"},
		{"in an interface", textDoc{Any: bad}, "any"},
		{"a text marshaler", textDoc{Code: upper(bad)}, "code"},
		{"a map value, the map named", textDoc{Tags: map[string]string{"k": bad}}, "tags"},
		{"a map key, the map named", textDoc{Tags: map[string]string{bad: "v"}}, "tags"},
		{"bytes are base64", textDoc{Raw: []byte(bad)}, ""},
		{"a field JSON leaves out", textDoc{Skipped: bad}, ""},
		{"an unexported field", textDoc{hidden: bad}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := json.Marshal(tc.doc); err != nil {
				t.Fatal(err)
			}
			path, found := invalidText(reflect.ValueOf(tc.doc), "")
			if found != (tc.want != "") || path != tc.want {
				t.Fatalf("invalidText = %q, %v; want %q", path, found, tc.want)
			}
		})
	}
}

// invalidText finds a text exactly when encoding/json would not give the record back as it was.
func TestInvalidTextIsWhatJSONWouldChange(t *testing.T) {
	text := rapid.OneOf(
		rapid.String(),
		rapid.SampledFrom([]string{"\ufffd", `\ufffd`, "\xff", "a\xc3", "\xed\xa0\x80", "é"}),
		rapid.Map(rapid.SliceOfN(rapid.Byte(), 0, 6), func(b []byte) string { return string(b) }),
	)
	rapid.Check(t, func(t *rapid.T) {
		doc := textDoc{Title: text.Draw(t, "title"), Plain: text.Draw(t, "plain")}
		if n := rapid.IntRange(0, 3).Draw(t, "notes"); n > 0 {
			doc.Notes = rapid.SliceOfN(text, n, n).Draw(t, "note")
		}
		if n := rapid.IntRange(0, 2).Draw(t, "tags"); n > 0 {
			doc.Tags = rapid.MapOfN(text, text, n, n).Draw(t, "tag")
		}
		if rapid.Bool().Draw(t, "inner") {
			doc.Inner = &textInner{text.Draw(t, "inner text")}
		}
		b, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		var back textDoc
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		changed := !reflect.DeepEqual(doc, back)
		if path, found := invalidText(reflect.ValueOf(doc), ""); found != changed {
			t.Fatalf("invalidText = %q, %v, but JSON changed the record: %v", path, found, changed)
		}
	})
}
