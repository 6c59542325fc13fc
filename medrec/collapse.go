package medrec

import (
	"cmp"
	"slices"
	"strings"

	"github.com/carecoord/carecoord/civil"
)

// Collapse returns list with repeated entries of one drug merged: the thirteen refills of one
// prescription, or the same drug reported by the patient and dispensed by the pharmacy, become
// one entry. Two current entries merge when they have the same status, are the same product
// (the same code, or a brand and its generic, or, both uncoded, the same name [Key] with
// the same ingredients: equal ingredient keys, strengths and units, precise forms where both
// state them, and dose forms where both state them) and their directions agree: equal doses,
// [dosage.Timing.Equivalent] timings, the same route and the same as-needed, where both state
// them. Entries whose statuses, products or directions disagree stay apart (a not-taken report
// and an active fill, an on-hold and an active entry, warfarin 2.5 mg and 5 mg), and
// [Compare] reports those of one ingredient as a duplication within the list, for a
// clinician to settle.
//
// Entries are grouped in id order, each joining the first group (by the id of its first
// member) that it agrees with entirely, so that the groups do not depend on the order of list.
// The merged entry is the most recent of the group (latest LastFill, then Start, then id),
// with any directions it lacks taken from the others in id order (its dose, route, timing,
// duration or as-needed reason, each where it states none). Only Dosage is so combined: Sig
// stays the merged entry's own, as received (empty if it had none). It keeps its status (the
// members share it), the latest fill's days supply, and Provenance listing every entry merged
// (with their own provenance), oldest
// first: nothing is lost. Entries that are not current pass through unchanged. The result
// keeps the order in which each group first appears in list, and is new; list is not
// modified.
func Collapse(list []Medication) []Medication {
	refs := collapse(list)
	out := make([]Medication, len(refs))
	for i, m := range refs {
		if inList(list, m) {
			out[i] = m.Clone()
		} else {
			out[i] = *m // a merged entry, new already
		}
	}
	return out
}

// inList reports whether m points into list.
func inList(list []Medication, m *Medication) bool {
	for i := range list {
		if &list[i] == m {
			return true
		}
	}
	return false
}

// collapse is Collapse by reference: the entries that are not merged are list's own (not to
// be modified), the merged ones new. It sorts the entries by a hash of their product, so that
// only entries of one product are compared, and keeps each group as a linked list.
func collapse(list []Medication) []*Medication {
	n := len(list)
	idx := make([]int, 3*n)
	head, next, tail := idx[:n:n], idx[n:2*n:2*n], idx[2*n:] // head: the group's first member (by id)
	keys := make([]productKey, n)
	refs := make([]hashRef, 0, n)
	for i := range list {
		head[i], next[i], tail[i] = i, -1, i
		if list[i].Status.IsCurrent() {
			if keys[i] = productKeyOf(&list[i]); keys[i].h != 0 {
				refs = append(refs, newRef(keys[i].h, i))
			}
		}
	}
	slices.Sort(refs)
	merges := 0
	for x := 0; x < len(refs); {
		end := runEnd(refs, x)
		run := refs[x:end]
		x = end
		if len(run) == 1 {
			continue
		}
		slices.SortFunc(run, func(a, b hashRef) int {
			return cmp.Or(strings.Compare(list[a.i()].ID, list[b.i()].ID), cmp.Compare(a.i(), b.i()))
		})
		for p, r := range run {
			i := r.i()
			for _, q := range run[:p] {
				if g := q.i(); head[g] == g && keys[g] == keys[i] && agree(list, next, g, &list[i], keys[i].name != "") {
					if next[g] < 0 {
						merges++
					}
					head[i], next[tail[g]], tail[g] = g, i, i
					break
				}
			}
		}
	}
	out := make([]*Medication, 0, n)
	var merged []Medication // the merged entries, allocated once
	var members []int
	for i := range list {
		g := head[i]
		if tail[g] < 0 { // emitted
			continue
		}
		tail[g] = -1
		if next[g] < 0 {
			out = append(out, &list[g])
			continue
		}
		members = members[:0]
		for k := g; k >= 0; k = next[k] {
			members = append(members, k)
		}
		if merged == nil {
			merged = make([]Medication, 0, merges)
		}
		merged = append(merged, Medication{})
		merge(&merged[len(merged)-1], list, members)
		out = append(out, &merged[len(merged)-1])
	}
	return out
}

// A productKey is what makes two entries the same product for Collapse: the generic product's
// code, or for an uncoded entry its name's key, with a hash of either (compared first). A
// productKey with a zero hash (no code and no name) merges with nothing.
type productKey struct {
	h    uint64
	code codeKey
	name string
}

func productKeyOf(m *Medication) productKey {
	if c := productCode(m); c != (codeKey{}) {
		return productKey{h: c.hash() | 1, code: c}
	}
	if k := Key(m.Drug.Name); k != "" {
		return productKey{h: hashString(hashSeed, k) | 1, name: k}
	}
	return productKey{}
}

// productCode is the entry's generic product code (its own code for a generic), or the zero
// codeKey.
func productCode(m *Medication) codeKey {
	if !m.Drug.Generic.IsZero() {
		return keyOf(m.Drug.Generic)
	}
	return keyOf(m.Drug.Code)
}

// agree reports whether m's status and directions agree with those of every member of the
// group whose first member is g (linked by next), and, for uncoded entries (byName), their
// ingredients and dose forms too ([sameUncodedDrug]).
func agree(list []Medication, next []int, g int, m *Medication, byName bool) bool {
	for i := g; i >= 0; i = next[i] {
		if list[i].Status != m.Status || byName && !sameUncodedDrug(&list[i].Drug, &m.Drug) {
			return false
		}
		a, b := &list[i].Dosage, &m.Dosage
		if !a.Dose.IsZero() && !b.Dose.IsZero() && !a.Dose.Equal(b.Dose) ||
			a.Route != "" && b.Route != "" && a.Route != b.Route ||
			!a.Timing.IsZero() && !b.Timing.IsZero() && !equivalentTimings(a.Timing, b.Timing) ||
			!a.IsZero() && !b.IsZero() && a.AsNeeded != b.AsNeeded {
			return false
		}
	}
	return true
}

// sameUncodedDrug reports whether two uncoded drugs of one name key are the same product:
// the same ingredient keys, each with the same strength in the same unit ([normUnit]) and the
// same precise form where both state one, and the same dose form where both state one.
func sameUncodedDrug(x, y *Drug) bool {
	if x.DoseForm != "" && y.DoseForm != "" && !sameKey(x.DoseForm, y.DoseForm) {
		return false
	}
	if len(x.Ingredients) != len(y.Ingredients) {
		return false
	}
	for _, a := range x.Ingredients {
		n := 0 // ingredients of y with a's key: exactly one, and it must agree
		for _, b := range y.Ingredients {
			if !sameKey(a.Name, b.Name) {
				continue
			}
			n++
			if !a.Strength.Equal(b.Strength) || normUnit(a.Unit) != normUnit(b.Unit) ||
				a.Precise != "" && b.Precise != "" && !sameKey(a.Precise, b.Precise) {
				return false
			}
		}
		if n != 1 {
			return false
		}
	}
	return true
}

// merge sets *out to one entry for the members of a group, in id order.
func merge(out *Medication, list []Medication, members []int) {
	latest := slices.MaxFunc(members, func(i, j int) int {
		a, b := &list[i], &list[j]
		return cmp.Or(a.LastFill.Compare(b.LastFill), a.Start.Compare(b.Start), strings.Compare(a.ID, b.ID))
	})
	*out = list[latest].Clone()
	n := 0
	for _, i := range members {
		n += max(1, len(list[i].Provenance))
	}
	out.Provenance = make([]Provenance, 0, n)
	combined := false // directions combined from several entries
	for _, i := range members {
		m := &list[i]
		switch d, md := &out.Dosage, &m.Dosage; {
		case md.IsZero():
		case d.IsZero():
			out.Dosage = m.Clone().Dosage
		default: // the members agree on what both state: fill in what out lacks
			if d.Dose.IsZero() && !md.Dose.IsZero() {
				d.Dose, combined = md.Dose, true
			}
			if d.Route == "" && md.Route != "" {
				d.Route, combined = md.Route, true
			}
			if d.Timing.IsZero() && !md.Timing.IsZero() {
				d.Timing, combined = md.Timing, true
				d.Timing.When = slices.Clone(md.Timing.When)
			}
			if d.Duration.IsZero() && !md.Duration.IsZero() {
				d.Duration, combined = md.Duration, true
			}
			if d.AsNeeded && d.AsNeededFor == "" && md.AsNeededFor != "" {
				d.AsNeededFor, combined = md.AsNeededFor, true
			}
		}
		if len(m.Provenance) == 0 {
			out.Provenance = append(out.Provenance, Provenance{ID: m.ID, Source: m.Source, Date: provenanceDate(m)})
		} else {
			out.Provenance = append(out.Provenance, m.Provenance...)
		}
	}
	if combined { // the parser's warnings were about one entry's sig, not the combination
		out.Dosage.Warnings = nil
	}
	slices.SortFunc(out.Provenance, func(a, b Provenance) int {
		return cmp.Or(a.Date.Compare(b.Date), strings.Compare(a.ID, b.ID), strings.Compare(string(a.Source), string(b.Source)))
	})
	out.Provenance = slices.CompactFunc(out.Provenance, func(a, b Provenance) bool { return a == b })
}

// provenanceDate is an entry's fill date, or its start date.
func provenanceDate(m *Medication) civil.Date {
	if !m.LastFill.IsZero() {
		return m.LastFill
	}
	return m.Start
}
