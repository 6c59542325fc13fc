package fhir

import (
	"errors"

	"github.com/carecoord/carecoord"
)

// A Resource is one of the FHIR R4 resources this package reads and writes.
type Resource interface {
	// ResourceType returns the resource's type name, as "resourceType" gives it in JSON.
	ResourceType() string
	// Base returns the id, meta, extensions and contained resources every resource carries.
	Base() *DomainResource
	object
	encodable
}

// DomainResource is what every resource this package maps carries (R4 §2.35 Resource and
// DomainResource): the logical id, meta, contained resources, and extensions. Narrative text and
// the other elements are not mapped.
type DomainResource struct {
	ID        string
	Meta      Meta
	Contained []Resource
	// ContainedOther are the contained resources of types the package does not map: their type
	// and id and, with DecodeOptions.KeepUnknown, their JSON text, which encoding writes back
	// after Contained.
	ContainedOther    []*OtherResource
	Extension         []Extension
	ModifierExtension []Extension
	Extras
}

// Base returns x.
func (x *DomainResource) Base() *DomainResource { return x }

func (x *DomainResource) member(d *decoder, name string) bool {
	switch name {
	case "resourceType":
		d.skip() // read first, by decodeResource
	case "id":
		x.ID = d.id()
	case "meta":
		d.withExtensions(func() { d.object(&x.Meta) }) // updated-by
	case "contained":
		if d.expect(kindArray, "an array") {
			d.array(func(int) {
				switch r, other := d.resource(); {
				case r != nil:
					x.Contained = append(x.Contained, r)
				case other != nil:
					x.ContainedOther = append(x.ContainedOther, other)
				}
			})
		}
	case "extension":
		x.Extension = d.extensions()
	case "modifierExtension":
		x.ModifierExtension = d.extensions()
	default:
		return false
	}
	return true
}

func (x *DomainResource) encode(e *encoder) { x.encodeWithLanguage(e, "") }

// encodeWithLanguage writes the resource's elements with Resource.language in its place
// (after meta, R4 §2.35), for a resource that maps it; "" writes none.
func (x *DomainResource) encodeWithLanguage(e *encoder, language string) {
	e.string("id", x.ID)
	e.object("meta", &x.Meta)
	e.string("language", language)
	if len(x.Contained) > 0 || len(x.ContainedOther) > 0 {
		mark := len(e.buf)
		e.name("contained")
		e.buf = append(e.buf, '[')
		for _, r := range x.Contained {
			e.comma()
			e.resource(r)
		}
		for _, o := range x.ContainedOther {
			if len(o.JSON) > 0 {
				e.comma()
				e.rawValue(o.JSON)
			}
		}
		if e.buf[len(e.buf)-1] == '[' {
			e.buf = e.buf[:mark]
		} else {
			e.buf = append(e.buf, ']')
		}
	}
	objects(e, "extension", x.Extension)
	objects(e, "modifierExtension", x.ModifierExtension)
}

// ResourceTypes returns the resource types this package reads, in a new slice.
func ResourceTypes() []string {
	return []string{"Bundle", "CarePlan", "CareTeam", "Condition", "Encounter", "Goal", "List", "MeasureReport", "Medication", "MedicationRequest", "MedicationStatement", "Observation", "QuestionnaireResponse", "ServiceRequest", "Task"}
}

// newResource returns a new, empty resource of type t, or nil for a type the package does not
// read.
func newResource(t string) Resource {
	switch t {
	case "Bundle":
		return &Bundle{}
	case "CarePlan":
		return &CarePlan{}
	case "CareTeam":
		return &CareTeam{}
	case "Condition":
		return &Condition{}
	case "Encounter":
		return &Encounter{}
	case "Goal":
		return &Goal{}
	case "List":
		return &List{}
	case "MeasureReport":
		return &MeasureReport{}
	case "Medication":
		return &Medication{}
	case "MedicationRequest":
		return &MedicationRequest{}
	case "MedicationStatement":
		return &MedicationStatement{}
	case "Observation":
		return &Observation{}
	case "QuestionnaireResponse":
		return &QuestionnaireResponse{}
	case "ServiceRequest":
		return &ServiceRequest{}
	case "Task":
		return &Task{}
	}
	return nil
}

// resourceType finds the "resourceType" member of the object at the decoder's position without
// consuming anything. It reports false when there is none or the text is not an object.
func (d *decoder) resourceType() (string, bool) { return d.peekString("resourceType") }

// peekString returns the string value of the member called name of the object at the
// decoder's position, without consuming anything or recording any problem.
func (d *decoder) peekString(name string) (string, bool) {
	probe := decoder{data: d.data, pos: d.pos}
	if probe.next() != '{' {
		return "", false
	}
	v, found := "", false
	probe.members(func(n string) {
		if n == name && probe.kind() == kindString {
			v, found = probe.rawString()
			probe.broken = true // found: stop reading
			return
		}
		probe.skip()
	})
	return v, found
}

// resource reads a resource: of a type the package maps, as that type; of another type, as an
// OtherResource ([decoder.otherResource]). With no resource type, it records the problem, skips
// the value and returns neither.
func (d *decoder) resource() (Resource, *OtherResource) {
	t, ok := d.resourceType()
	if !ok {
		if d.expect(kindObject, "a resource object") {
			n := d.push("resourceType")
			d.fail(carecoord.FieldRequired, "must name the resource type")
			d.pop(n)
			d.skip()
		}
		return nil, nil
	}
	r := newResource(t)
	if r == nil {
		return nil, d.otherResource(t)
	}
	d.object(r)
	return r, nil
}

func (e *encoder) resource(r Resource) {
	e.buf = append(e.buf, '{')
	e.name("resourceType")
	e.quote(r.ResourceType())
	r.encode(e)
	e.extras(r.extras())
	e.buf = append(e.buf, '}')
}

// Unmarshal reads one resource in FHIR R4 JSON. It returns the resource, the issues (elements
// read but not mapped: nothing is dropped without one), and an error matching
// carecoord.ErrInvalid that lists every problem with the JSON as carecoord.FieldErrors, each at
// a FHIRPath-like location ("Encounter.period.start"). A resource type the package does not
// read is an error. It never panics.
func Unmarshal(data []byte, opts DecodeOptions) (Resource, []Issue, error) {
	d := newDecoder(data, opts)
	t, ok := d.resourceType()
	if !ok {
		if d.kind() == kindObject {
			d.skip() // the JSON's own problems first
			if !d.broken {
				d.errs.Add(carecoord.Required("resourceType", "must name the resource type"))
			}
		} else {
			d.expect(kindObject, "a resource object")
		}
		d.end()
		return nil, nil, d.errs.Err()
	}
	r := newResource(t)
	if r == nil {
		return nil, nil, carecoord.NotSupported("resourceType", ResourceTypes()...)
	}
	d.push(t)
	d.object(r)
	d.end()
	if err := d.errs.Err(); err != nil {
		return nil, d.issues, err
	}
	return r, d.issues, nil
}

// ErrBadJSON is returned by [Marshal] when a kept unknown member or an extension value holds
// text that is not JSON: the output would not be JSON either.
var ErrBadJSON = errors.New("fhir: a kept member or extension value is not JSON")

// Marshal writes r in FHIR R4 JSON: "resourceType" first, then the elements in the order of
// the specification's definitions, with empty elements left out.
func Marshal(r Resource) ([]byte, error) {
	var e encoder
	e.resource(r)
	if e.bad {
		return nil, ErrBadJSON
	}
	return e.buf, nil
}
