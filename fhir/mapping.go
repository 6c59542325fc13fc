package fhir

import (
	"slices"
	"strconv"
	"time"

	"github.com/carecoord/carecoord"
)

// A mapping collects the problems and issues of reading one resource into a carecoord record.
// Paths start with the resource type.
type mapping struct {
	path   string
	errs   carecoord.FieldErrors
	issues []Issue
	// bundle, when the resource came in one, resolves references to its other entries.
	bundle *bundleIndex
}

// resolve returns the resource ref names: a contained resource of r ("#id"), or an entry of
// the bundle; nil when it names neither.
func (m *mapping) resolve(r *DomainResource, ref string) Resource {
	if len(ref) > 1 && ref[0] == '#' {
		for _, c := range r.Contained {
			if c.Base().ID == ref[1:] {
				return c
			}
		}
		return nil
	}
	if e := m.bundle.find(ref); e != nil {
		return e.Resource
	}
	return nil
}

// locate returns the path of res, which ref in container (at path) names: one of container's
// contained resources, or an entry of the bundle.
func (m *mapping) locate(path string, container *DomainResource, ref string, res Resource) string {
	if i := slices.Index(container.Contained, res); i >= 0 {
		return path + ".contained[" + strconv.Itoa(i) + "]"
	}
	if i := m.bundle.position(ref); i >= 0 {
		return "Bundle.entry[" + strconv.Itoa(i) + "].resource"
	}
	return path
}

// condition checks a Condition that a resource refers to for its code (a diagnosis, a reason, a
// concern addressed), at path (from locate); rel is the referring element. A modifier extension
// on it is refused; one whose verificationStatus (a modifier element) is refuted or
// entered-in-error states no condition, and is reported: ok is false, and it is not kept.
func (m *mapping) condition(cond *Condition, path, rel string) (ok bool) {
	for i := range cond.ModifierExtension {
		m.errs.Add(carecoord.NotSupported[string](path + ".modifierExtension[" + strconv.Itoa(i) + "]"))
	}
	if holds(cond.VerificationStatus, systemConditionVerification, "refuted") || holds(cond.VerificationStatus, systemConditionVerification, "entered-in-error") {
		m.issue(rel, IssueUnsupportedValue, "refers to a Condition that is refuted or entered in error; left out")
		return false
	}
	return true
}

func (m *mapping) issue(rel string, code IssueCode, detail string) {
	m.issues = append(m.issues, Issue{Path: m.path + rel, Code: code, Detail: detail})
}

// modifiers refuses modifier extensions: each may change the meaning of the element that
// holds it, so the element cannot be mapped without understanding it (FHIR R4 §2.4.1.1).
func (m *mapping) modifiers(ext []Extension, rel string) {
	for i := range ext {
		m.errs.Add(carecoord.NotSupported[string](m.path + "." + rel + "[" + strconv.Itoa(i) + "]"))
	}
}

// meta reads the resource's id, version, last update and who made it.
func (m *mapping) meta(r *DomainResource) carecoord.Meta {
	meta := carecoord.Meta{ID: r.ID}
	if r.Meta.VersionID != "" {
		v, err := strconv.ParseInt(r.Meta.VersionID, 10, 64)
		if err != nil || v < 1 {
			m.issue(".meta.versionId", IssueUnsupportedValue, "is not a carecoord version (a count from 1); left out")
		} else {
			meta.Version = v
		}
	}
	if r.Meta.LastUpdated != "" {
		meta.UpdatedAt, _ = r.Meta.LastUpdated.Time()
	}
	for i, x := range r.Meta.Extension {
		if ref, ok := x.Reference(); ok && x.URL == ExtensionUpdatedBy {
			meta.UpdatedBy = m.actor(ref, "meta.extension["+strconv.Itoa(i)+"].valueReference")
			continue
		}
		m.issue(".meta.extension["+strconv.Itoa(i)+"]", IssueNotMapped, "is an extension carecoord does not map")
	}
	if len(r.Meta.Profile) > 0 {
		m.issue(".meta.profile", IssueNotMapped, "names profiles; carecoord keeps none")
	}
	return meta
}

// target returns the id of the resource of type want that ref points at, recording a problem
// at rel when it does not.
func (m *mapping) target(ref Reference, rel, want string) string {
	t, id, ok := m.refTarget(ref)
	switch {
	case ref.Reference == "":
		m.errs.Add(carecoord.Required(m.path+"."+rel, "must refer to the "+want))
	case !ok || t != want:
		m.errs.Add(carecoord.Invalid(m.path+"."+rel, "must be a reference of the form "+want+"/id"))
	}
	return id
}

// refTarget returns the type and id of the resource ref names: a relative reference's, else
// those of the bundle entry it names (a "urn:uuid:…" fullUrl); false when it names neither.
func (m *mapping) refTarget(ref Reference) (string, string, bool) {
	t, id, ok := ref.Target()
	if e := m.bundle.find(ref.Reference); e != nil && !ok {
		t, id, ok = e.typeAndID()
		ok = ok && carecoord.ValidID(id)
	}
	return t, id, ok
}

// status checks a resource's status: one of done is read, one of partial is read with an
// issue saying detail, none is a problem, and any other is refused.
func (m *mapping) status(status string, done, partial []string, detail string) {
	switch {
	case slices.Contains(done, status):
	case slices.Contains(partial, status):
		m.issue(".status", IssueNotMapped, detail)
	case status == "":
		m.errs.Add(carecoord.Required(m.path+".status", "must be given"))
	default:
		m.errs.Add(carecoord.NotSupported(m.path+".status", slices.Concat(done, partial)...))
	}
}

// actor reads a reference to a party: its type is the actor's kind.
func (m *mapping) actor(ref Reference, rel string) carecoord.Actor {
	if ref.Reference == "" && ref.Display == "" {
		return carecoord.Actor{}
	}
	t, id, ok := ref.Target()
	if !ok {
		m.errs.Add(carecoord.Invalid(m.path+"."+rel, "must be a reference of the form Type/id"))
		return carecoord.Actor{}
	}
	return carecoord.Actor{Kind: carecoord.ActorKind(t), ID: id, Display: ref.Display}
}

// instant reads a dateTime that must be to the second, in loc.
func (m *mapping) instant(t DateTime, rel string, loc *time.Location) time.Time {
	if t == "" {
		m.errs.Add(carecoord.Required(m.path+"."+rel, "must be given"))
		return time.Time{}
	}
	v, ok := t.Time()
	if !ok {
		m.errs.Add(carecoord.Invalid(m.path+"."+rel, "must be a dateTime to the second with a zone"))
		return time.Time{}
	}
	if loc != nil {
		v = v.In(loc)
	}
	return v
}

// resourceBase returns the id and meta of a record as a resource's.
func resourceBase(meta carecoord.Meta) DomainResource {
	r := DomainResource{ID: meta.ID}
	if meta.Version > 0 {
		r.Meta.VersionID = strconv.FormatInt(meta.Version, 10)
	}
	if !meta.UpdatedAt.IsZero() {
		r.Meta.LastUpdated = Instant(DateTimeOf(meta.UpdatedAt))
	}
	if !meta.UpdatedBy.IsZero() {
		r.Meta.Extension = []Extension{referenceExtension(ExtensionUpdatedBy, referenceOf(meta.UpdatedBy))}
	}
	return r
}

// referenceOf returns a reference to the actor.
func referenceOf(a carecoord.Actor) Reference {
	return ReferenceTo(string(a.Kind), a.ID, a.Display)
}

// jsonString returns s as JSON text.
func jsonString(s string) []byte {
	var e encoder
	e.quote(s)
	return e.buf
}

// referenceExtension returns an extension whose value is the reference r.
func referenceExtension(url string, r Reference) Extension {
	return valueExtension(url, "Reference", &r)
}

// textExtensions reads the extensions of ext (at rel) whose url is one of urls and whose value
// is text into the matching values, reporting every other extension.
func (m *mapping) textExtensions(ext []Extension, rel string, urls []string, values ...*string) {
	for i, x := range ext {
		if k := slices.Index(urls, x.URL); k >= 0 {
			if v, ok := x.String(); ok {
				*values[k] = v
				continue
			}
		}
		m.issue(rel+".extension["+strconv.Itoa(i)+"]", IssueNotMapped, "is an extension carecoord does not map")
	}
}

// String returns the value of an extension whose value is text (valueString, valueCode,
// valueUri and the other string-valued types), and false for any other.
func (x Extension) String() (string, bool) {
	if k, ok := valueKind(x.ValueType); !ok || k != kindString {
		return "", false
	}
	d := newDecoder(x.Value, DecodeOptions{})
	s, ok := d.str()
	return s, ok && !d.broken
}

// Reference returns the value of an extension whose value is a Reference.
func (x Extension) Reference() (Reference, bool) { return extensionValue[Reference](x, "Reference") }
