package fhir

import (
	"cmp"
	"encoding/json"
	"math"
	"slices"
	"strings"

	"github.com/carecoord/carecoord"
)

// DecodeOptions adjusts decoding. The zero DecodeOptions reports every element it does not map
// as an [Issue] and leaves it out of the value.
type DecodeOptions struct {
	// KeepUnknown keeps each element the package does not map in its object's Unknown, and
	// encoding writes it back, so a resource read and written again loses nothing. It is still
	// reported as an Issue, since a mapping to carecoord's records does not carry it.
	KeepUnknown bool
}

// An IssueCode says why part of a resource was not mapped.
type IssueCode string

// The issue codes.
const (
	// IssueNotMapped: an element this package does not map (a FHIR element carecoord keeps no
	// record of, or one it does not know).
	IssueNotMapped IssueCode = "not-mapped"
	// IssueModifierExtension: a modifier extension, which may change the meaning of the
	// element holding it (FHIR R4 §2.4.1.1): the element cannot be mapped safely, so it is not.
	IssueModifierExtension IssueCode = "modifier-extension"
	// IssueUnsupportedValue: a code or value the mapping has no place for; the detail says
	// what it expected.
	IssueUnsupportedValue IssueCode = "unsupported-value"
	// IssueUnresolvedReference: a reference to a resource that is not in the bundle.
	IssueUnresolvedReference IssueCode = "unresolved-reference"
	// IssueNotMappedResource: a whole resource of a type the package does not map.
	IssueNotMappedResource IssueCode = "not-mapped-resource"
	// IssueAssumed: a value the resource does not give, which the mapping derived; the detail
	// says from what.
	IssueAssumed IssueCode = "assumed"
)

// An Issue is something in the input that was read but not mapped, and why: nothing is
// dropped without one. Path is FHIRPath-like ("Encounter.reasonCode[0]"); Detail is English
// for developers and never repeats a value, which may be patient data.
type Issue struct {
	Path   string    `json:"path"`
	Code   IssueCode `json:"code"`
	Detail string    `json:"detail"`
}

// A Member is one JSON member that the package does not map, kept as its raw JSON text
// (DecodeOptions.KeepUnknown).
type Member struct {
	Name  string          `json:"name"`
	Value json.RawMessage `json:"value"`
}

// Extras is what an object carries beyond the elements its struct maps: the ids and extensions
// of its primitive elements (the "_name" members of FHIR JSON, §2.6.2.7) and, when asked for,
// the members the package does not map. Every struct of the package embeds it.
type Extras struct {
	// Primitives are the "_name" companions of the object's primitive elements, in the order
	// read.
	Primitives []PrimitiveExtension `json:"-"`
	// Unknown are the members kept by DecodeOptions.KeepUnknown, in the order read.
	Unknown []Member `json:"-"`
}

func (x *Extras) extras() *Extras { return x }

// A PrimitiveExtension is the "_name" companion of a primitive element: the element id and
// extensions of its value, or, for a list, of each value in turn (nil where a value has none).
type PrimitiveExtension struct {
	// Name is the primitive element's name, without the underscore.
	Name string
	// List is set when the element repeats: Elements then has one entry per value.
	List     bool
	Elements []*PrimitiveElement
}

// A PrimitiveElement is the id and extensions of one primitive value.
type PrimitiveElement struct {
	ID        string
	Extension []Extension
}

// An Extension is a FHIR extension (§2.4): a URL naming its definition and either a value of
// one of the types value[x] allows or nested extensions. The value is kept as its JSON text
// with its type's name, so any extension survives a round trip; [Extension.String] and
// [Extension.Coding] read the common kinds.
type Extension struct {
	ID  string
	URL string
	// ValueType is the value's FHIR type as it follows "value" in JSON ("String", "Coding",
	// "CodeableConcept"), empty when the extension has nested extensions instead.
	ValueType string
	// Value is the value's JSON text.
	Value     json.RawMessage
	Extension []Extension
	Extras
}

// An object is a struct of the package that reads its own members.
type object interface {
	// member reads the member called name and reports whether the type has one.
	member(d *decoder, name string) bool
	extras() *Extras
}

// object reads a JSON object into o: its mapped members through o.member, the "_name"
// companions of primitives into o's Extras, and the rest as unknown members.
func (d *decoder) object(o object) {
	if !d.expect(kindObject, "an object") {
		return
	}
	// Reuse the frame (and its slices) an earlier object at this depth left behind.
	top := len(d.frames)
	if top < cap(d.frames) {
		d.frames = d.frames[:top+1]
		f := &d.frames[top]
		f.shapes, f.nulls, f.choices, f.companions = f.shapes[:0], f.nulls[:0], f.choices[:0], false
	} else {
		d.frames = append(d.frames, frame{})
	}
	ex := o.extras()
	var choices []string
	if c, ok := o.(interface{ choices() []string }); ok {
		choices = c.choices()
	}
	d.members(func(name string) {
		if len(name) > 1 && name[0] == '_' {
			d.companion(ex, name[1:])
			return
		}
		if !d.choiceOnce(top, choices, name) {
			return
		}
		k := d.kind()
		// The shape of what was read, for its "_name" companion if there is one.
		sh := shape{name: name, n: 1, primitive: k != kindObject}
		if k == kindArray {
			sh.primitive = !d.arrayOfObjects()
		}
		d.listLen = 0
		if !o.member(d, name) {
			d.unknown(ex, name)
		}
		if k == kindArray {
			sh.n, sh.list = d.listLen, true
		}
		d.frames[top].shapes = append(d.frames[top].shapes, sh)
	})
	d.checkCompanions()
	d.frames = d.frames[:top]
}

// unknown keeps or reports the member called name. Kept or not, its value is checked against
// the rules of FHIR's JSON representation ([decoder.anyValue]).
func (d *decoder) unknown(ex *Extras, name string) {
	if d.opts.KeepUnknown {
		ex.Unknown = append(ex.Unknown, Member{Name: name, Value: d.raw()})
		d.note(IssueNotMapped, "is not mapped; kept")
		return
	}
	d.anyValue()
	d.note(IssueNotMapped, "is not mapped; left out")
}

// choiceOnce checks that member name, when it is one type of a choice element of the object
// (name[x], FHIR R4 §2.24.0.1: exactly one type), is the first of its choice in the object
// whose frame is top; if not, it records the problem, skips the value and reports false.
// choices are the object's choice elements, without "[x]".
func (d *decoder) choiceOnce(top int, choices []string, name string) bool {
	for _, c := range choices {
		if len(name) <= len(c) || name[:len(c)] != c {
			continue
		}
		if _, ok := valueKind(name[len(c):]); !ok {
			continue
		}
		f := &d.frames[top]
		if slices.Contains(f.choices, c) {
			d.fail(carecoord.FieldDuplicate, "must be the only type of its choice element "+c+"[x]")
			d.skip()
			return false
		}
		f.choices = append(f.choices, c)
	}
	return true
}

// arrayOfObjects reports whether the array at the decoder's position starts with an object,
// without consuming anything.
func (d *decoder) arrayOfObjects() bool {
	pos := d.pos
	d.pos++ // [
	first := d.next()
	d.pos = pos
	return first == '{'
}

// anyValue reads a value of any FHIR type that the package does not map (an unknown element,
// an extension's complex value, a resource of another type), checking it against the rules
// of FHIR's JSON representation alone (§2.6.2): no null but in a list whose "_name" companion
// gives the position an element, no empty string, array or object, no member twice, and
// "_name" companions aligned with their values.
func (d *decoder) anyValue() {
	switch d.kind() {
	case kindObject:
		var o anyObject
		d.object(&o)
	case kindArray:
		list(d, func() struct{} { d.anyValue(); return struct{}{} })
	case kindString:
		d.string()
	case kindNumber:
		d.number()
	case kindBool:
		d.boolean()
	default:
		d.expect(kindObject, "a value") // null, or malformed JSON
	}
}

// An anyObject is an object of a type the package does not map: every member is read by
// [decoder.anyValue].
type anyObject struct{ Extras }

func (*anyObject) member(d *decoder, _ string) bool {
	d.anyValue()
	return true
}

// companion reads "_name": the element of one primitive value, or a list of them with null
// where a value has none.
func (d *decoder) companion(ex *Extras, name string) {
	pe := PrimitiveExtension{Name: name}
	switch d.kind() {
	case kindArray:
		pe.List = true
		d.array(func(int) {
			if d.kind() == kindNull {
				d.literal("null")
				pe.Elements = append(pe.Elements, nil)
				return
			}
			pe.Elements = append(pe.Elements, d.primitiveElement())
		})
	default:
		pe.Elements = []*PrimitiveElement{d.primitiveElement()}
	}
	f := &d.frames[len(d.frames)-1]
	f.companions = true
	f.shapes = append(f.shapes, shape{name: name, n: len(pe.Elements), list: pe.List, companion: true})
	for i, v := range pe.Elements {
		if v == nil {
			f.nulls = append(f.nulls, shape{name: name, n: i, companion: true})
		}
	}
	ex.Primitives = append(ex.Primitives, pe)
}

func (d *decoder) primitiveElement() *PrimitiveElement {
	var pe PrimitiveElement
	if !d.expect(kindObject, "an object") {
		return &pe
	}
	d.members(func(name string) {
		switch name {
		case "id":
			pe.ID = d.string()
		case "extension":
			pe.Extension = d.extensions()
		default:
			d.fail(carecoord.FieldNotSupported, "must hold only id and extension")
			d.skip()
		}
	})
	return &pe
}

// checkCompanions checks, when an object ends, each "_name" companion against its value: both
// single or both lists of one length, every null value given an element, and no position null
// in both (§2.6.2.7). It sorts what it checks, so a hostile object with many members costs
// n log n, not n².
func (d *decoder) checkCompanions() {
	f := &d.frames[len(d.frames)-1]
	if !f.companions && len(f.nulls) == 0 {
		return // the usual object: nothing to check
	}
	slices.SortFunc(f.shapes, compareShapes)
	slices.SortFunc(f.nulls, compareShapes)
	for i, c := range f.shapes {
		if !c.companion || i == 0 || f.shapes[i-1].name != c.name {
			continue
		}
		v := f.shapes[i-1] // the value sorts just before its companion
		n := d.push("_" + c.name)
		switch {
		case !v.primitive:
			d.fail(carecoord.FieldNotAllowed, "must not be given: only a primitive value has a \"_name\" companion")
		case v.list != c.list:
			d.fail(carecoord.FieldInvalid, "must be a list exactly when its value is")
		case v.n != c.n:
			d.fail(carecoord.FieldInvalid, "must have one entry for each value, null where a value has none")
		}
		d.pop(n)
	}
	for _, v := range f.nulls {
		if v.companion {
			continue
		}
		c, ok := slices.BinarySearchFunc(f.shapes, v.name, func(s shape, name string) int {
			if c := strings.Compare(s.name, name); c != 0 || s.companion {
				return c
			}
			return -1 // the value sorts before its companion
		})
		given := ok && v.n < f.shapes[c].n
		_, bothNull := slices.BinarySearchFunc(f.nulls, shape{name: v.name, n: v.n, companion: true}, compareShapes)
		if given && !bothNull {
			continue
		}
		n := d.push(v.name)
		m := d.pushIndex(v.n)
		d.fail(carecoord.FieldInvalid, "must not be null unless the \"_name\" companion gives it an element")
		d.pop(m)
		d.pop(n)
	}
}

// compareShapes orders shapes by name, the value before its companion, then by n (for nulls,
// the position). Among the shapes of one object, name and companion are unique.
func compareShapes(a, b shape) int {
	if c := strings.Compare(a.name, b.name); c != 0 {
		return c
	}
	if a.companion != b.companion {
		if a.companion {
			return 1
		}
		return -1
	}
	return cmp.Compare(a.n, b.n)
}

// string reads a FHIR string: any text but the empty one (FHIR R4 §2.6.2.3: an element with no
// value is left out).
func (d *decoder) string() string {
	s, ok := d.str()
	if ok && s == "" {
		d.fail(carecoord.FieldInvalid, "must not be empty: leave the element out instead")
	}
	return s
}

// code reads a FHIR code: no leading, trailing or repeated white space.
func (d *decoder) code() string {
	s, ok := d.str()
	if ok {
		if !carecoord.ValidCode(s) {
			d.fail(carecoord.FieldInvalid, "must be a code: no leading, trailing or repeated white space")
		}
	}
	return s
}

// id reads a FHIR id: 1 to 64 of A–Z, a–z, 0–9, '-' and '.'.
func (d *decoder) id() string {
	s, ok := d.str()
	if ok {
		if !carecoord.ValidID(s) {
			d.fail(carecoord.FieldInvalid, "must be an id: 1 to 64 letters, digits, '-' or '.'")
		}
	}
	return s
}

// uri reads a FHIR uri: not empty, no white space.
func (d *decoder) uri() string {
	s, ok := d.str()
	if ok {
		if s == "" || strings.ContainsAny(s, " \t\r\n") {
			d.fail(carecoord.FieldInvalid, "must be a URI: not empty, no white space")
		}
	}
	return s
}

// list reads a list of primitive values with read. A null stands for a value that has only an
// element in the "_name" companion (§2.6.2.7): it becomes the zero value, and the companion
// must give that position an element.
func list[T any](d *decoder, read func() T) []T {
	if !d.expect(kindArray, "an array") {
		return nil
	}
	var out []T
	d.array(func(i int) {
		if d.kind() == kindNull {
			d.literal("null")
			f := &d.frames[len(d.frames)-1]
			f.nulls = append(f.nulls, shape{name: d.member, n: i})
			var zero T
			out = append(out, zero)
			return
		}
		out = append(out, read())
	})
	return out
}

// extensions reads a list of extensions.
func (d *decoder) extensions() []Extension {
	if !d.expect(kindArray, "an array") {
		return nil
	}
	var out []Extension
	d.array(func(int) {
		var e Extension
		d.object(&e)
		if e.URL == "" && !d.broken {
			d.fail(carecoord.FieldRequired, "must have a url (ext-1)")
		}
		if (e.ValueType == "") == (len(e.Extension) == 0) && !d.broken {
			d.fail(carecoord.FieldInvalid, "must have either a value[x] or nested extensions, not both (ext-1)")
		}
		out = append(out, e)
	})
	return out
}

// choices returns the choice element of an Extension: value[x], given by one type at most.
func (*Extension) choices() []string { return []string{"value"} }

func (e *Extension) member(d *decoder, name string) bool {
	switch {
	case name == "id":
		e.ID = d.string()
	case name == "url":
		e.URL = d.uri()
	case name == "extension":
		e.Extension = d.extensions()
	case strings.HasPrefix(name, "value") && len(name) > len("value"):
		t := name[len("value"):]
		k, ok := valueKind(t)
		if !ok {
			return false
		}
		if d.expect(k, k.String()) {
			d.ws()
			start := d.pos
			d.typedValue(t)
			if !d.broken {
				e.ValueType, e.Value = t, compact(d.data[start:d.pos])
			}
		}
	default:
		return false
	}
	return true
}

// valueKind returns the JSON kind of type t when value[x] of an Extension allows it (FHIR R4
// §2.24.0.1, the "open" type list): primitives are strings, numbers or booleans, the rest
// objects.
func valueKind(t string) (kind, bool) {
	switch t {
	case "Base64Binary", "Canonical", "Code", "Date", "DateTime", "Id", "Instant", "Markdown",
		"Oid", "String", "Time", "Uri", "Url", "Uuid":
		return kindString, true
	case "Decimal", "Integer", "PositiveInt", "UnsignedInt":
		return kindNumber, true
	case "Boolean":
		return kindBool, true
	case "Address", "Age", "Annotation", "Attachment", "CodeableConcept", "Coding", "ContactPoint",
		"Count", "Distance", "Duration", "HumanName", "Identifier", "Money", "Period", "Quantity",
		"Range", "Ratio", "Reference", "SampledData", "Signature", "Timing", "ContactDetail",
		"Contributor", "DataRequirement", "Expression", "ParameterDefinition", "RelatedArtifact",
		"TriggerDefinition", "UsageContext", "Dosage", "Meta":
		return kindObject, true
	}
	return kindNone, false
}

// typedValue reads the value of an extension's value[x] of type t (valueKind allows it),
// checking it against its type: a primitive's format, or the elements of the complex types the
// package has a struct for. What those structs do not map is not reported: the value is kept
// whole.
func (d *decoder) typedValue(t string) {
	var o object
	switch t {
	case "String", "Markdown", "Base64Binary":
		d.string()
	case "Code":
		d.code()
	case "Id":
		d.id()
	case "Uri", "Url", "Canonical", "Oid", "Uuid":
		d.uri()
	case "Date":
		d.date()
	case "DateTime":
		d.dateTime()
	case "Instant":
		d.instant()
	case "Time":
		d.time()
	case "Decimal":
		d.decimal()
	case "Integer":
		d.integer(math.MinInt32)
	case "UnsignedInt":
		d.integer(0)
	case "PositiveInt":
		d.integer(1)
	case "Boolean":
		d.boolean()
	case "Coding":
		o = new(Coding)
	case "CodeableConcept":
		o = new(CodeableConcept)
	case "Reference":
		o = new(Reference)
	case "Period":
		o = new(Period)
	case "Quantity", "Age", "Count", "Distance", "Duration":
		o = new(Quantity)
	case "Range":
		o = new(Range)
	case "Ratio":
		o = new(Ratio)
	case "Timing":
		o = new(Timing)
	case "Meta":
		o = new(Meta)
	default:
		d.anyValue()
	}
	if o != nil {
		issues := len(d.issues)
		d.object(o)
		d.issues = d.issues[:issues]
	}
}
