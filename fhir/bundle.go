package fhir

import (
	"slices"
	"strings"
)

// A Bundle is a container of resources (FHIR R4 Bundle): carecoord reads collection,
// transaction, batch, searchset and document bundles, each entry's fullUrl and resource, and a
// transaction entry's request.
type Bundle struct {
	DomainResource
	Type  string
	Entry []BundleEntry
}

// ResourceType returns "Bundle".
func (*Bundle) ResourceType() string { return "Bundle" }

// A BundleEntry is one resource of a bundle, with the URL other entries refer to it by and,
// in a transaction, the request that writes it.
type BundleEntry struct {
	BackboneElement
	FullURL  string
	Resource Resource
	// Other is the entry's resource when it is of a type the package does not map (Resource is
	// then nil): its type and id, which references resolve against, and, with
	// DecodeOptions.KeepUnknown, its JSON text, which encoding writes back.
	Other   *OtherResource
	Request BundleRequest
}

// An OtherResource is a resource of a type the package does not map, inside a bundle or
// contained in a resource.
type OtherResource struct {
	Type string
	ID   string
	JSON []byte
}

// A BundleRequest is how a transaction or batch entry is to be written.
type BundleRequest struct {
	BackboneElement
	Method string
	URL    string
}

func (x *Bundle) member(d *decoder, name string) bool {
	switch name {
	case "type":
		x.Type = d.code()
	case "entry":
		x.Entry = objectList[BundleEntry](d)
	default:
		return x.DomainResource.member(d, name)
	}
	return true
}

func (x *Bundle) encode(e *encoder) {
	x.DomainResource.encode(e)
	e.string("type", x.Type)
	objects(e, "entry", x.Entry)
}

func (x *BundleEntry) member(d *decoder, name string) bool {
	switch name {
	case "fullUrl":
		x.FullURL = d.uri()
	case "resource":
		x.Resource, x.Other = d.resource()
	case "request":
		d.object(&x.Request)
	default:
		return x.BackboneElement.member(d, name)
	}
	return true
}

func (x *BundleEntry) encode(e *encoder) {
	x.BackboneElement.encode(e)
	e.string("fullUrl", x.FullURL)
	switch {
	case x.Resource != nil:
		e.name("resource")
		e.resource(x.Resource)
	case x.Other != nil && len(x.Other.JSON) > 0:
		e.raw("resource", x.Other.JSON)
	}
	e.object("request", &x.Request)
}

func (x *BundleRequest) member(d *decoder, name string) bool {
	switch name {
	case "method":
		x.Method = d.code()
	case "url":
		x.URL = d.uri()
	default:
		return x.BackboneElement.member(d, name)
	}
	return true
}

func (x *BundleRequest) encode(e *encoder) {
	x.BackboneElement.encode(e)
	e.string("method", x.Method)
	e.string("url", x.URL)
}

// otherResource reads a resource of type t, which the package does not map: its id, and its
// text when unknown members are kept. It is reported, and checked against FHIR's JSON rules
// ([decoder.anyValue]) either way.
func (d *decoder) otherResource(t string) *OtherResource {
	o := &OtherResource{Type: t}
	o.ID, _ = d.peekString("id")
	if d.opts.KeepUnknown {
		o.JSON = d.raw()
		d.note(IssueNotMappedResource, "is a resource type this package does not map; kept")
		return o
	}
	d.anyValue()
	d.note(IssueNotMappedResource, "is a resource type this package does not map; left out")
	return o
}

// A bundleIndex finds the entries of a bundle by the references other entries make to them:
// their fullUrl ("urn:uuid:…" or an absolute URL), or Type/id for an entry whose resource has
// an id (FHIR R4 §2.36.0.4, resolving references in bundles). A Type/id that entries of
// different fullUrls share (the same type and id on two servers) names none of them: which one
// a relative reference means depends on the base of the entry that makes it, which the index
// does not know, and a reference resolved to the wrong patient's resource is worse than one
// reported as unresolved. The keys are sorted once, so a bundle of n entries resolves its
// references in n log n.
type bundleIndex struct {
	entries []BundleEntry
	keys    []bundleKey // sorted by key; the first entry of a repeated key wins
}

type bundleKey struct {
	key   string
	entry int
}

func newBundleIndex(entries []BundleEntry) *bundleIndex {
	b := &bundleIndex{entries: entries}
	byKey := func(x, y bundleKey) int { return strings.Compare(x.key, y.key) }
	var typeIDs []bundleKey
	for i := range entries {
		e := &entries[i]
		if e.FullURL != "" {
			b.keys = append(b.keys, bundleKey{e.FullURL, i})
		}
		if t, id, ok := e.typeAndID(); ok && id != "" {
			typeIDs = append(typeIDs, bundleKey{t + "/" + id, i})
		}
	}
	slices.SortStableFunc(typeIDs, byKey)
	for i := 0; i < len(typeIDs); {
		j, ambiguous := i+1, false
		for ; j < len(typeIDs) && typeIDs[j].key == typeIDs[i].key; j++ {
			ambiguous = ambiguous || entries[typeIDs[j].entry].FullURL != entries[typeIDs[i].entry].FullURL
		}
		if !ambiguous {
			b.keys = append(b.keys, typeIDs[i])
		}
		i = j
	}
	slices.SortStableFunc(b.keys, byKey)
	return b
}

// find returns the entry ref names, or nil. A nil index finds nothing.
func (b *bundleIndex) find(ref string) *BundleEntry {
	if i := b.position(ref); i >= 0 {
		return &b.entries[i]
	}
	return nil
}

// position returns the index of the entry ref names, or -1.
func (b *bundleIndex) position(ref string) int {
	if b == nil || ref == "" {
		return -1
	}
	i, ok := slices.BinarySearchFunc(b.keys, ref, func(k bundleKey, ref string) int { return strings.Compare(k.key, ref) })
	if !ok {
		return -1
	}
	return b.keys[i].entry
}

// typeAndID returns the type and id of the entry's resource.
func (e *BundleEntry) typeAndID() (string, string, bool) {
	switch {
	case e.Resource != nil:
		return e.Resource.ResourceType(), e.Resource.Base().ID, true
	case e.Other != nil:
		return e.Other.Type, e.Other.ID, true
	}
	return "", "", false
}
