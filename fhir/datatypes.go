package fhir

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/carecoord/carecoord"
)

// The data types below carry only the elements carecoord maps (FHIR R4 §2.24 Data Types); any
// other element of them is an unknown member ([DecodeOptions]).

// Element is the id and extensions every FHIR element may carry (R4 §2.24.0.0 Element).
type Element struct {
	ID        string
	Extension []Extension
	Extras
}

// member reads id and extension.
func (x *Element) member(d *decoder, name string) bool {
	switch name {
	case "id":
		x.ID = d.string()
	case "extension":
		// An extension of a data type (a Coding, a Reference, a Period …) is kept in the
		// struct and written back; unless it is on an element whose extensions a mapping reads
		// (decoder.withExtensions), it is reported, as no mapping carries it.
		x.Extension = d.extensions()
		if len(d.frames)-1 != d.mappedAt {
			d.note(IssueNotMapped, "is an extension of a data type; carecoord maps none")
		}
	default:
		return false
	}
	return true
}

func (x *Element) encode(e *encoder) {
	e.string("id", x.ID)
	objects(e, "extension", x.Extension)
}

// BackboneElement is an element defined inside a resource: it may also carry modifier
// extensions (R4 §2.24.0.0 BackboneElement), which the mapping refuses to ignore.
type BackboneElement struct {
	Element
	ModifierExtension []Extension
}

func (x *BackboneElement) member(d *decoder, name string) bool {
	if name == "modifierExtension" {
		x.ModifierExtension = d.extensions()
		return true
	}
	return x.Element.member(d, name)
}

func (x *BackboneElement) encode(e *encoder) {
	x.Element.encode(e)
	objects(e, "modifierExtension", x.ModifierExtension)
}

// A Coding is a code from a code system (R4 Coding).
type Coding struct {
	Element
	System  string
	Version string
	Code    string
	Display string
}

// CodingOf returns c as a FHIR Coding.
func CodingOf(c carecoord.Coding) Coding {
	return Coding{System: c.System, Code: c.Code, Display: c.Display}
}

// Carecoord returns the Coding as carecoord keeps it: system, code and display.
func (x Coding) Carecoord() carecoord.Coding {
	return carecoord.Coding{System: x.System, Code: x.Code, Display: x.Display}
}

func (x *Coding) member(d *decoder, name string) bool {
	switch name {
	case "system":
		x.System = d.uri()
	case "version":
		x.Version = d.string()
	case "code":
		x.Code = d.code()
	case "display":
		x.Display = d.string()
	default:
		return x.Element.member(d, name)
	}
	return true
}

func (x *Coding) encode(e *encoder) {
	x.Element.encode(e)
	e.string("system", x.System)
	e.string("version", x.Version)
	e.string("code", x.Code)
	e.string("display", x.Display)
}

// A CodeableConcept is a concept given by codings and or text (R4 CodeableConcept).
type CodeableConcept struct {
	Element
	Coding []Coding
	Text   string
}

// ConceptOf returns a CodeableConcept holding the codings that are not zero.
func ConceptOf(cs ...carecoord.Coding) CodeableConcept {
	var cc CodeableConcept
	for _, c := range cs {
		if !c.IsZero() {
			cc.Coding = append(cc.Coding, CodingOf(c))
		}
	}
	return cc
}

// First returns the first coding in system, or the first coding when system is "", and false
// when there is none.
func (x CodeableConcept) First(system string) (carecoord.Coding, bool) {
	for _, c := range x.Coding {
		if system == "" || c.System == system {
			return c.Carecoord(), true
		}
	}
	return carecoord.Coding{}, false
}

func (x *CodeableConcept) member(d *decoder, name string) bool {
	switch name {
	case "coding":
		x.Coding = objectList[Coding](d)
	case "text":
		x.Text = d.string()
	default:
		return x.Element.member(d, name)
	}
	return true
}

func (x *CodeableConcept) encode(e *encoder) {
	x.Element.encode(e)
	objects(e, "coding", x.Coding)
	e.string("text", x.Text)
}

// A Reference points at another resource (R4 Reference): a literal reference ("Patient/123",
// an absolute URL, "urn:uuid:…" inside a bundle, "#id" for a contained resource) and or a
// display.
type Reference struct {
	Element
	Reference string
	Type      string
	Display   string
}

// ReferenceTo returns a reference to the resource of this type and id, with a display.
func ReferenceTo(resourceType, id, display string) Reference {
	if id == "" {
		return Reference{Display: display}
	}
	return Reference{Reference: resourceType + "/" + id, Display: display}
}

// Target returns the type and id of a relative literal reference ("Patient/123", or
// "Patient/123/_history/2" without its version), and false for any other form.
func (x Reference) Target() (resourceType, id string, ok bool) {
	resourceType, rest, ok := strings.Cut(x.Reference, "/")
	if !ok {
		return "", "", false
	}
	id, version, versioned := strings.Cut(rest, "/_history/")
	if versioned && !carecoord.ValidID(version) || !validResourceType(resourceType) || !carecoord.ValidID(id) {
		return "", "", false
	}
	return resourceType, id, true
}

// validResourceType reports whether s looks like a resource type name: a capital letter then
// letters.
func validResourceType(s string) bool {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

func (x *Reference) member(d *decoder, name string) bool {
	switch name {
	case "reference":
		x.Reference = d.string()
	case "type":
		x.Type = d.uri()
	case "display":
		x.Display = d.string()
	default:
		return x.Element.member(d, name)
	}
	return true
}

func (x *Reference) encode(e *encoder) {
	x.Element.encode(e)
	e.string("reference", x.Reference)
	e.string("type", x.Type)
	e.string("display", x.Display)
}

// A Period is a span of time with a start and or an end, both inclusive (R4 Period).
type Period struct {
	Element
	Start DateTime
	End   DateTime
}

func (x *Period) member(d *decoder, name string) bool {
	switch name {
	case "start":
		x.Start = d.dateTime()
	case "end":
		x.End = d.dateTime()
	default:
		return x.Element.member(d, name)
	}
	return true
}

func (x *Period) encode(e *encoder) {
	x.Element.encode(e)
	e.string("start", string(x.Start))
	e.string("end", string(x.End))
}

// A Quantity is a measured amount (R4 Quantity): a decimal value, kept with the decimal places
// it was given, and its unit for people (Unit) and as a code (System and Code, usually UCUM).
type Quantity struct {
	Element
	Value      decimal.NullDecimal
	Comparator string
	Unit       string
	System     string
	Code       string
}

func (x *Quantity) member(d *decoder, name string) bool {
	switch name {
	case "value":
		x.Value = d.decimal()
	case "comparator":
		x.Comparator = d.code()
	case "unit":
		x.Unit = d.string()
	case "system":
		x.System = d.uri()
	case "code":
		x.Code = d.code()
	default:
		return x.Element.member(d, name)
	}
	return true
}

func (x *Quantity) encode(e *encoder) {
	x.Element.encode(e)
	e.decimal("value", x.Value)
	e.string("comparator", x.Comparator)
	e.string("unit", x.Unit)
	e.string("system", x.System)
	e.string("code", x.Code)
}

// Meta is a resource's version and profiles (R4 Meta).
type Meta struct {
	Element
	VersionID   string
	LastUpdated Instant
	Profile     []string
}

func (x *Meta) member(d *decoder, name string) bool {
	switch name {
	case "versionId":
		x.VersionID = d.id()
	case "lastUpdated":
		x.LastUpdated = d.instant()
	case "profile":
		x.Profile = list(d, d.uri)
	default:
		return x.Element.member(d, name)
	}
	return true
}

func (x *Meta) encode(e *encoder) {
	x.Element.encode(e)
	e.string("versionId", x.VersionID)
	e.string("lastUpdated", string(x.LastUpdated))
	e.strings("profile", x.Profile)
}

// A Range is a set of values between a low and a high quantity, both inclusive (R4 Range);
// either may be missing, for an interval open on that side. Its bounds are SimpleQuantities:
// they have no comparator (sqty-1).
type Range struct {
	Element
	Low  Quantity
	High Quantity
}

func (x *Range) member(d *decoder, name string) bool {
	switch name {
	case "low":
		d.object(&x.Low)
	case "high":
		d.object(&x.High)
	default:
		return x.Element.member(d, name)
	}
	return true
}

func (x *Range) encode(e *encoder) {
	x.Element.encode(e)
	e.object("low", &x.Low)
	e.object("high", &x.High)
}

// A Timing is when something happens, possibly again and again (R4 Timing, a BackboneElement
// type): carecoord maps its repeat rule.
type Timing struct {
	BackboneElement
	Repeat TimingRepeat
}

func (x *Timing) member(d *decoder, name string) bool {
	if name == "repeat" {
		d.object(&x.Repeat)
		return true
	}
	return x.BackboneElement.member(d, name)
}

func (x *Timing) encode(e *encoder) {
	x.BackboneElement.encode(e)
	e.object("repeat", &x.Repeat)
}

// A TimingRepeat is the rule of a Timing (R4 Timing.repeat), with the elements carecoord's
// schedules (careplan) and directions (medrec/dosage) map to: within bounds (a period, or a
// duration from the start), frequency (up to frequencyMax) times every period (up to
// periodMax) periodUnits (units-of-time: s, min, h, d, wk, mo, a), on the days of dayOfWeek
// (mon … sun), at the times of timeOfDay or at the events of when (event-timing: HS, WAKE, C,
// AC…), count times in all.
type TimingRepeat struct {
	Element
	BoundsDuration Quantity
	BoundsPeriod   Period
	Count          *int64
	Frequency      *int64
	FrequencyMax   *int64
	Period         decimal.NullDecimal
	PeriodMax      decimal.NullDecimal
	PeriodUnit     string
	DayOfWeek      []string
	TimeOfDay      []Time
	When           []string
}

// choices returns the choice elements of R4 Timing.repeat.bounds[x], each given by one type at most.
func (*TimingRepeat) choices() []string { return []string{"bounds"} }

func (x *TimingRepeat) member(d *decoder, name string) bool {
	switch name {
	case "boundsDuration":
		d.object(&x.BoundsDuration)
	case "boundsPeriod":
		d.object(&x.BoundsPeriod)
	case "count":
		x.Count = d.integer(1)
	case "frequency":
		x.Frequency = d.integer(1)
	case "frequencyMax":
		x.FrequencyMax = d.integer(1)
	case "period", "periodMax":
		v := d.decimal()
		if v.Valid && v.Decimal.Sign() < 0 {
			d.fail(carecoord.FieldOutOfRange, "must not be negative (tim-5)")
		}
		if name == "period" {
			x.Period = v
		} else {
			x.PeriodMax = v
		}
	case "periodUnit":
		x.PeriodUnit = d.code()
	case "dayOfWeek":
		x.DayOfWeek = list(d, d.code)
	case "timeOfDay":
		x.TimeOfDay = list(d, d.time)
	case "when":
		x.When = list(d, d.code)
	default:
		return x.Element.member(d, name)
	}
	return true
}

// encode writes the elements in the order of the R4 Timing.repeat definition.
func (x *TimingRepeat) encode(e *encoder) {
	x.Element.encode(e)
	e.object("boundsDuration", &x.BoundsDuration)
	e.object("boundsPeriod", &x.BoundsPeriod)
	e.integer("count", x.Count)
	e.integer("frequency", x.Frequency)
	e.integer("frequencyMax", x.FrequencyMax)
	e.decimal("period", x.Period)
	e.decimal("periodMax", x.PeriodMax)
	e.string("periodUnit", x.PeriodUnit)
	e.strings("dayOfWeek", x.DayOfWeek)
	times := make([]string, len(x.TimeOfDay))
	for i, t := range x.TimeOfDay {
		times[i] = string(t)
	}
	e.strings("timeOfDay", times)
	e.strings("when", x.When)
}

// A Ratio is one quantity per another (R4 Ratio): a strength of 500 mg per 1 tablet, 100
// units per 1 mL.
type Ratio struct {
	Element
	Numerator   Quantity
	Denominator Quantity
}

func (x *Ratio) member(d *decoder, name string) bool {
	switch name {
	case "numerator":
		d.object(&x.Numerator)
	case "denominator":
		d.object(&x.Denominator)
	default:
		return x.Element.member(d, name)
	}
	return true
}

func (x *Ratio) encode(e *encoder) {
	x.Element.encode(e)
	e.object("numerator", &x.Numerator)
	e.object("denominator", &x.Denominator)
}

// objectList reads a list of objects of type T.
func objectList[T any, P interface {
	*T
	object
}](d *decoder) []T {
	if !d.expect(kindArray, "an array") {
		return nil
	}
	var out []T
	d.array(func(int) {
		var zero T
		out = append(out, zero)
		d.object(P(&out[len(out)-1]))
	})
	return out
}
