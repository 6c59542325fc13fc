package fhir

import (
	"crypto/sha1"
	"encoding/hex"
	"slices"
	"strconv"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/medrec"
)

// carecoord's extensions for medication lists and reconciliations, where FHIR R4 List has no
// element for what a medrec.Reconciliation keeps.
const (
	// ExtensionMedrecContext holds a medrec.Context (admission, transfer, discharge,
	// post-discharge) as valueCode, on a List: it marks the List as a medication
	// reconciliation.
	ExtensionMedrecContext = Base + "StructureDefinition/medrec-context"
	// ExtensionMedrecHistory refers to the List of a reconciliation's history (its Before
	// entries) as valueReference, on the reconciliation's List.
	ExtensionMedrecHistory = Base + "StructureDefinition/medrec-history"
	// ExtensionMedrecOrders refers to the List of a reconciliation's orders (its After
	// entries) as valueReference, on the reconciliation's List.
	ExtensionMedrecOrders = Base + "StructureDefinition/medrec-orders"
	// ExtensionMedrecDecision is one medrec.Decision, on the reconciliation's List, in the
	// order made: nested extensions "row" (valueString), "action" and "intent" (valueCode),
	// "result" (valueReference to the modified entry's resource in the bundle), "reason"
	// (valueString), "at" (valueDateTime) and "by" (valueReference).
	ExtensionMedrecDecision = Base + "StructureDefinition/medrec-decision"
	// ExtensionMedrecIntent holds the medrec.Intent of a reconciled entry's decision as
	// valueCode, on List.entry.
	ExtensionMedrecIntent = Base + "StructureDefinition/medrec-intent"
	// ExtensionReconciledBefore and ExtensionReconciledAfter hold the entry ids of the row a
	// reconciled entry comes from (medrec.Reconciled Before and After) as valueString, on
	// List.entry.
	ExtensionReconciledBefore = Base + "StructureDefinition/reconciled-before"
	ExtensionReconciledAfter  = Base + "StructureDefinition/reconciled-after"
)

// Codes outside carecoord.
const (
	// HL7 list-example-use-codes (R4 List.code, example binding): "medications", Medication
	// List.
	systemListUse   = carecoord.SystemTHO + "list-example-use-codes"
	listMedications = "medications"
	// Patient Medicine Change Types, the code system of R4's example binding for
	// List.entry.flag (http://hl7.org/fhir/ValueSet/list-item-flag).
	systemListItemFlag = "urn:oid:1.2.36.1.2001.1001.101.104.16592"
)

// listItemFlag returns the Patient Medicine Change Types code of an action: 01 Unchanged
// (continue), 02 Changed (modify), 04 Prescribed (new), 05 Ceased (stop), 06 Suspended (hold).
// 03 Cancelled (a prescription cancelled) has no action of its own.
func listItemFlag(a medrec.Action) string {
	switch a {
	case medrec.ActionContinue:
		return "01"
	case medrec.ActionModify:
		return "02"
	case medrec.ActionNew:
		return "04"
	case medrec.ActionStop:
		return "05"
	case medrec.ActionHold:
		return "06"
	}
	return ""
}

func medicationsCode() CodeableConcept {
	return ConceptOf(carecoord.Coding{System: systemListUse, Code: listMedications, Display: "Medication List"})
}

// A MedicationList is one source's medication list for one patient outside a reconciliation (a
// primary-care list, a pharmacy's fills, a discharge list): what a FHIR List of
// MedicationStatements and MedicationRequests holds. The zero MedicationList is not valid: it
// names no patient.
type MedicationList struct {
	// Meta is the List's id, version and last update.
	carecoord.Meta
	// Patient is whose medications these are (List.subject). Required.
	Patient carecoord.PatientID
	// Encounter is the id of the encounter the list belongs to (List.encounter), if any.
	Encounter string
	// Date is when the list was prepared (List.date), if known.
	Date time.Time
	// Source is who prepared it (List.source), if known.
	Source carecoord.Actor
	// Medications are the entries, in the list's order, with unique ids.
	Medications []medrec.Medication
}

// Validate reports every problem with l as carecoord.FieldErrors, with paths "id", "patient",
// "encounter", "source.…" and "medications[i].…".
func (l MedicationList) Validate() error {
	var errs carecoord.FieldErrors
	if l.ID != "" && !carecoord.ValidID(l.ID) {
		errs.Add(carecoord.Invalid("id", "must be a FHIR id"))
	}
	switch {
	case l.Patient == "":
		errs.Add(carecoord.Required("patient", "must name the patient"))
	case !l.Patient.IsValid():
		errs.Add(carecoord.Invalid("patient", "must be a FHIR id"))
	}
	if l.Encounter != "" && !carecoord.ValidID(l.Encounter) {
		errs.Add(carecoord.Invalid("encounter", "must be a FHIR id"))
	}
	if !l.Source.IsZero() {
		errs.Nest("source", l.Source.Validate())
	}
	for i, m := range l.Medications {
		p := carecoord.Path("medications", i)
		errs.Nest(p, m.Validate())
		if slices.ContainsFunc(l.Medications[:i], func(o medrec.Medication) bool { return o.ID == m.ID }) {
			errs.Add(carecoord.Duplicate(p+".id", "entry ids must be unique in the list"))
		}
	}
	return errs.Err()
}

// MedicationListOf returns l as a collection Bundle: first a List (FHIR R4 List, status
// current, mode snapshot, code "medications" of HL7's list-example-use-codes; Meta as id and
// meta, Patient as subject, Encounter, Date, Source), then each entry as a MedicationRequest
// (an order: [MedicationRequestOf]) or a MedicationStatement ([MedicationStatementOf]), which
// List.entry.item refers to by Type/id. It returns an error matching carecoord.ErrInvalid when
// l is not valid ([MedicationList.Validate]).
func MedicationListOf(l MedicationList) (*Bundle, error) {
	if err := l.Validate(); err != nil {
		return nil, err
	}
	lst := &List{DomainResource: resourceBase(l.Meta), Status: "current", Mode: "snapshot", Code: medicationsCode(),
		Subject: ReferenceTo("Patient", string(l.Patient), ""), Encounter: ReferenceTo("Encounter", l.Encounter, ""),
		Date: DateTimeOf(l.Date), Source: referenceOf(l.Source)}
	b := &Bundle{Type: "collection", Entry: []BundleEntry{{Resource: lst}}}
	for _, m := range l.Medications {
		res := entryResource(l.Patient, m)
		lst.Entry = append(lst.Entry, ListEntry{Item: Reference{Reference: res.ResourceType() + "/" + m.ID}})
		b.Entry = append(b.Entry, BundleEntry{Resource: res})
	}
	return b, nil
}

// entryResource returns an entry as a MedicationRequest when its source is an order, else as a
// MedicationStatement.
func entryResource(patient carecoord.PatientID, m medrec.Medication) Resource {
	if m.Source.IsOrder() {
		return requestOf(patient, m)
	}
	return statementOf(patient, m)
}

// MedicationListFromBundle reads the first medication List of b that is not a reconciliation's
// (see [ReconciliationFromBundle]), with the MedicationStatements and MedicationRequests its
// entries refer to, in the bundle or contained. Each entry reads as [MedicationFromStatement]
// or [MedicationFromRequest] read it (an entry with no id is named entryN, its place in the
// list, reported as assumed); flags, a working mode and a code other than "medications" are
// reported; an entry that names no such resource is reported as unresolved. The error matches
// carecoord.ErrInvalid: no such List, a status other than current, mode changes, a deleted
// entry, an entry of another patient, or a list that is not valid ([MedicationList.Validate]).
// [Import] reads every list of a bundle.
func MedicationListFromBundle(b *Bundle) (MedicationList, []Issue, error) {
	index := newBundleIndex(b.Entry)
	read := medrecEntries(b, index)
	for i := range b.Entry {
		if l, ok := b.Entry[i].Resource.(*List); ok && !read[i] && !isReconciliation(l) {
			m := mapping{path: entryPath(i), bundle: index}
			ml := m.medicationList(l)
			return ml, m.issues, m.errs.Err()
		}
	}
	return MedicationList{}, nil, carecoord.FieldErrors{carecoord.Required("Bundle.entry", "must hold a medication List")}
}

// ReconciliationOf returns r as a collection Bundle whose resources are named by urn:uuid
// fullUrls made from r's id ([RFC 9562] name-based UUIDs: the same r always gives the same
// bundle). Its first entry is r's List: Meta as id and meta; code "medications"; Patient as
// subject; Encounter; status current, or entered-in-error; mode working while in progress and
// snapshot once completed, with the completion's time and clinician as date and source; the
// reconciled list as entries, each referring to a MedicationStatement of the drug as it stands,
// flagged with the decision's action (a [SystemMedrecAction] coding beside the Patient Medicine
// Change Types code), its intent and row in carecoord extensions; and, as carecoord extensions,
// the Context, the history and the orders (each a List of MedicationStatements and
// MedicationRequests, as [MedicationListOf] writes them), every decision in order (its result,
// if any, a resource of the bundle) and the status history. Entry resources keep the entries'
// ids, so a reconciled entry and the history entry it comes from share Type/id and differ by
// fullUrl. It returns an error matching carecoord.ErrInvalid when r is not valid
// ([medrec.Reconciliation.Validate]).
//
// [RFC 9562]: https://www.rfc-editor.org/rfc/rfc9562
func ReconciliationOf(r medrec.Reconciliation) (*Bundle, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	name := func(parts ...string) string {
		n := r.ID
		for _, p := range parts {
			n += "/" + p
		}
		return entryURL(n)
	}
	l := &List{DomainResource: resourceBase(r.Meta), Status: "current", Mode: "working", Code: medicationsCode(),
		Subject: ReferenceTo("Patient", string(r.Patient), ""), Encounter: ReferenceTo("Encounter", r.Encounter, "")}
	switch r.Status {
	case medrec.SessionCompleted:
		at, by, _ := r.Completed()
		l.Mode, l.Date, l.Source = "snapshot", DateTimeOf(at), referenceOf(by)
	case medrec.SessionEnteredInError:
		l.Status = "entered-in-error"
		if len(r.Reconciled) > 0 {
			l.Mode = "snapshot"
		}
	}
	b := &Bundle{Type: "collection", Entry: []BundleEntry{{FullURL: name("list"), Resource: l}}}
	add := func(url string, res Resource) Reference {
		b.Entry = append(b.Entry, BundleEntry{FullURL: url, Resource: res})
		return Reference{Reference: url}
	}
	l.Extension = []Extension{textExtension(ExtensionMedrecContext, "Code", string(r.Context))}
	for _, side := range []struct {
		url, role string
		list      []medrec.Medication
	}{{ExtensionMedrecHistory, "history", r.Before}, {ExtensionMedrecOrders, "orders", r.After}} {
		if len(side.list) == 0 {
			continue
		}
		sl := &List{Status: "current", Mode: "snapshot", Code: medicationsCode(), Subject: l.Subject}
		ref := add(name(side.role), sl)
		for _, m := range side.list {
			sl.Entry = append(sl.Entry, ListEntry{Item: add(name(side.role, m.ID), entryResource(r.Patient, m))})
		}
		l.Extension = append(l.Extension, valueExtension(side.url, "Reference", &ref))
	}
	for i, d := range r.Decisions {
		subs := []Extension{textExtension("row", "String", d.Row), textExtension("action", "Code", string(d.Action)),
			textExtension("intent", "Code", string(d.Intent))}
		if d.Result != nil {
			ref := add(name("decision", strconv.Itoa(i)), entryResource(r.Patient, *d.Result))
			subs = append(subs, valueExtension("result", "Reference", &ref))
		}
		by := referenceOf(d.By)
		subs = append(subs, textExtension("reason", "String", d.Reason), textExtension("at", "DateTime", string(DateTimeOf(d.At))),
			valueExtension("by", "Reference", &by))
		l.Extension = append(l.Extension, Extension{URL: ExtensionMedrecDecision, Extension: nonEmpty(subs...)})
	}
	l.Extension = append(l.Extension, historyExtensions(r.History)...)
	for _, x := range r.Reconciled {
		flag := ConceptOf(carecoord.Coding{System: SystemMedrecAction, Code: string(x.Action)},
			optionalCoding(systemListItemFlag, listItemFlag(x.Action)))
		e := ListEntry{Flag: flag, Item: add(name("reconciled", x.Medication.ID), statementOf(r.Patient, x.Medication))}
		e.Extension = nonEmpty(textExtension(ExtensionMedrecIntent, "Code", string(x.Intent)),
			textExtension(ExtensionReconciledBefore, "String", x.Before), textExtension(ExtensionReconciledAfter, "String", x.After))
		l.Entry = append(l.Entry, e)
	}
	return b, nil
}

// entryURL returns the fullUrl of a resource of a reconciliation's bundle: "urn:uuid:" and the
// name-based UUID (RFC 9562 version 5: SHA-1 in the URL namespace) of Base + "medrec/" + name.
func entryURL(name string) string {
	urlNamespace := [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	h := sha1.New()
	h.Write(urlNamespace[:])
	h.Write([]byte(Base + "medrec/" + name))
	u := h.Sum(nil)[:16]
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // the RFC's variant
	x := hex.EncodeToString(u)
	return "urn:uuid:" + x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
}

// ReconciliationFromBundle reads the first reconciliation List of b (one with an
// [ExtensionMedrecContext]), with the lists and resources it refers to in the bundle, as
// [ReconciliationOf] writes them. The status comes from List.status and mode (entered-in-error;
// current and working: in progress; current and snapshot: completed); the completion's time
// and clinician come from the status history, and List.date and source, which repeat them, are
// not read again. Entries read as [MedicationFromStatement] and [MedicationFromRequest] read
// them. The error matches carecoord.ErrInvalid: no such List, a modifier extension, a deleted
// entry, an entry of another patient, a history or orders extension that names no List, or a
// reconciliation that is not valid ([medrec.Reconciliation.Validate], paths prefixed with the
// List's). [Import] reads every reconciliation of a bundle.
func ReconciliationFromBundle(b *Bundle) (medrec.Reconciliation, []Issue, error) {
	index := newBundleIndex(b.Entry)
	for i := range b.Entry {
		if l, ok := b.Entry[i].Resource.(*List); ok && isReconciliation(l) {
			m := mapping{path: entryPath(i), bundle: index}
			r := m.reconciliation(l)
			return r, m.issues, m.errs.Err()
		}
	}
	return medrec.Reconciliation{}, nil, carecoord.FieldErrors{carecoord.Required("Bundle.entry", "must hold a List of a medication reconciliation")}
}

func entryPath(i int) string { return "Bundle.entry[" + strconv.Itoa(i) + "].resource" }

// isReconciliation reports whether l is a carecoord reconciliation's List.
func isReconciliation(l *List) bool {
	return slices.ContainsFunc(l.Extension, func(x Extension) bool { return x.URL == ExtensionMedrecContext })
}

// medrecEntries marks the entries of a bundle that another entry's mapping reads: what Lists
// refer to (items, a reconciliation's source lists and decision results) and the Medications
// that MedicationStatements and MedicationRequests name.
func medrecEntries(b *Bundle, index *bundleIndex) []bool {
	marks := make([]bool, len(b.Entry))
	mark := func(ref string) {
		if i := index.position(ref); i >= 0 {
			marks[i] = true
		}
	}
	for j := range b.Entry {
		switch res := b.Entry[j].Resource.(type) {
		case *List:
			for _, e := range res.Entry {
				mark(e.Item.Reference)
			}
			for _, x := range res.Extension {
				for _, sub := range append([]Extension{x}, x.Extension...) {
					if ref, ok := sub.Reference(); ok {
						mark(ref.Reference)
					}
				}
			}
		case *MedicationStatement:
			mark(res.MedicationReference.Reference)
		case *MedicationRequest:
			mark(res.MedicationReference.Reference)
		}
	}
	return marks
}

// follow returns the resource ref names, contained in base or an entry of the bundle, with a
// mapping whose paths start at it ("….contained[0]", "Bundle.entry[3].resource"); nil and nil
// when ref names neither. Fold the mapping's findings back with merge.
func (m *mapping) follow(base *DomainResource, ref string) (Resource, *mapping) {
	if len(ref) > 1 && ref[0] == '#' {
		for i, c := range base.Contained {
			if c.Base().ID == ref[1:] {
				return c, &mapping{path: m.path + ".contained[" + strconv.Itoa(i) + "]", bundle: m.bundle}
			}
		}
		return nil, nil
	}
	if i := m.bundle.position(ref); i >= 0 && m.bundle.entries[i].Resource != nil {
		return m.bundle.entries[i].Resource, &mapping{path: entryPath(i), bundle: m.bundle}
	}
	return nil, nil
}

// listItem reads the medication entry ref names at rel: a MedicationStatement or
// MedicationRequest of the patient, contained in base or in the bundle. It reports false, with
// an issue, when ref names no such resource.
func (m *mapping) listItem(base *DomainResource, ref Reference, rel string, patient carecoord.PatientID, fallbackID string) (medrec.Medication, bool) {
	res, sub := m.follow(base, ref.Reference)
	var pm PatientMedication
	switch x := res.(type) {
	case *MedicationStatement:
		pm = sub.statement(x, fallbackID)
	case *MedicationRequest:
		pm = sub.request(x, fallbackID)
	case nil:
		m.issue(rel, IssueUnresolvedReference, "names no resource in the resource or its bundle")
		return medrec.Medication{}, false
	default:
		m.issue(rel, IssueUnsupportedValue, "is not a MedicationStatement or MedicationRequest")
		return medrec.Medication{}, false
	}
	m.merge(sub)
	if pm.Patient != patient && pm.Patient != "" && patient != "" {
		m.errs.Add(carecoord.Invalid(m.path+rel, "must refer to a medication of the list's patient"))
	}
	return pm.Medication, true
}

// medicationList reads a List as a MedicationList.
func (m *mapping) medicationList(l *List) MedicationList {
	ml := MedicationList{Meta: m.meta(&l.DomainResource)}
	ml.Patient = carecoord.PatientID(m.target(l.Subject, "subject", "Patient"))
	if present(&l.Encounter) {
		ml.Encounter = m.target(l.Encounter, "encounter", "Encounter")
	}
	if l.Date != "" {
		if t, ok := l.Date.Time(); ok {
			ml.Date = t
		} else {
			m.issue(".date", IssueUnsupportedValue, "is not to the second; carecoord keeps an instant")
		}
	}
	ml.Source = m.actor(l.Source, "source")
	ml.Medications = m.listBody(l, ml.Patient)
	for i := range l.Extension {
		m.issue(".extension["+strconv.Itoa(i)+"]", IssueNotMapped, "is an extension carecoord does not map")
	}
	if len(m.errs) == 0 {
		m.errs.Nest(m.path, ml.Validate())
	}
	return ml
}

// listBody reads what every medication List has: modifiers, status (current), mode (snapshot;
// working is reported), code, and the entries, each a medication of the patient.
func (m *mapping) listBody(l *List, patient carecoord.PatientID) []medrec.Medication {
	m.modifiers(l.ModifierExtension, "modifierExtension")
	m.companions(&l.Extras, "")
	if l.Status != "current" {
		m.errs.Add(carecoord.NotSupported(m.path+".status", "current"))
	}
	switch l.Mode {
	case "snapshot":
	case "working":
		m.issue(".mode", IssueNotMapped, "carecoord keeps a list as it stands, not that it is maintained")
	default:
		m.errs.Add(carecoord.NotSupported(m.path+".mode", "snapshot", "working"))
	}
	m.listCode(l)
	var out []medrec.Medication
	for i, e := range l.Entry {
		path := ".entry[" + strconv.Itoa(i) + "]"
		m.listEntry(e, path)
		if present(&e.Flag) {
			m.issue(path+".flag", IssueNotMapped, "carecoord keeps a flag only on a reconciled list")
		}
		if med, ok := m.listItem(&l.DomainResource, e.Item, path+".item", patient, "entry"+strconv.Itoa(i+1)); ok {
			out = append(out, med)
		}
	}
	return out
}

// listCode reports a List code other than "medications".
func (m *mapping) listCode(l *List) {
	if c, ok := l.Code.First(""); present(&l.Code) && (!ok || c.System != systemListUse || c.Code != listMedications || len(l.Code.Coding) > 1) {
		m.issue(".code", IssueNotMapped, "is not (only) list-example-use-codes medications; carecoord keeps no list purpose")
	}
}

// listEntry refuses an entry's modifier extensions and its deleted flag (a modifier, for lists
// of changes only: R4 List lst-2).
func (m *mapping) listEntry(e ListEntry, path string) {
	m.modifiers(e.ModifierExtension, path[1:]+".modifierExtension")
	if e.Deleted != nil && *e.Deleted {
		m.errs.Add(carecoord.NotSupported[string](m.path + path + ".deleted"))
	}
}

// reconciliation reads a reconciliation's List.
func (m *mapping) reconciliation(l *List) medrec.Reconciliation {
	m.modifiers(l.ModifierExtension, "modifierExtension")
	m.companions(&l.Extras, "")
	r := medrec.Reconciliation{Meta: m.meta(&l.DomainResource)}
	r.Patient = carecoord.PatientID(m.target(l.Subject, "subject", "Patient"))
	if present(&l.Encounter) {
		r.Encounter = m.target(l.Encounter, "encounter", "Encounter")
	}
	switch {
	case l.Status == "entered-in-error":
		r.Status = medrec.SessionEnteredInError
	case l.Status != "current":
		m.errs.Add(carecoord.NotSupported(m.path+".status", "current", "entered-in-error"))
	case l.Mode == "working":
		r.Status = medrec.SessionInProgress
	case l.Mode == "snapshot":
		r.Status = medrec.SessionCompleted
	default:
		m.errs.Add(carecoord.NotSupported(m.path+".mode", "working", "snapshot"))
	}
	m.listCode(l)
	for i, x := range l.Extension {
		path := ".extension[" + strconv.Itoa(i) + "]"
		switch x.URL {
		case ExtensionMedrecContext:
			if v, ok := x.String(); ok {
				r.Context = medrec.Context(v)
				continue
			}
		case ExtensionMedrecHistory, ExtensionMedrecOrders:
			if ref, ok := x.Reference(); ok {
				list := m.sourceList(&l.DomainResource, ref, path+".valueReference", r.Patient)
				if x.URL == ExtensionMedrecHistory {
					r.Before = list
				} else {
					r.After = list
				}
				continue
			}
		case ExtensionMedrecDecision:
			r.Decisions = append(r.Decisions, m.decision(&l.DomainResource, x, path, r.Patient))
			continue
		case ExtensionStatusHistory:
			r.History = append(r.History, m.transition(x, path))
			continue
		}
		m.issue(path, IssueNotMapped, "is an extension carecoord does not map")
	}
	for i, e := range l.Entry {
		path := ".entry[" + strconv.Itoa(i) + "]"
		m.listEntry(e, path)
		med, ok := m.listItem(&l.DomainResource, e.Item, path+".item", r.Patient, "")
		if !ok {
			continue
		}
		x := medrec.Reconciled{Medication: med, Action: m.action(e.Flag, path+".flag")}
		for j, ext := range e.Extension {
			v, ok := ext.String()
			switch {
			case ok && ext.URL == ExtensionMedrecIntent:
				x.Intent = medrec.Intent(v)
			case ok && ext.URL == ExtensionReconciledBefore:
				x.Before = v
			case ok && ext.URL == ExtensionReconciledAfter:
				x.After = v
			default:
				m.issue(path+".extension["+strconv.Itoa(j)+"]", IssueNotMapped, "is an extension carecoord does not map")
			}
		}
		r.Reconciled = append(r.Reconciled, x)
	}
	if len(m.errs) == 0 {
		m.errs.Nest(m.path, r.Validate())
	}
	return r
}

// sourceList reads a reconciliation's history or orders: the List ref names, of the patient.
func (m *mapping) sourceList(base *DomainResource, ref Reference, rel string, patient carecoord.PatientID) []medrec.Medication {
	res, sub := m.follow(base, ref.Reference)
	l, ok := res.(*List)
	if !ok {
		m.errs.Add(carecoord.Invalid(m.path+rel, "must refer to a List in the bundle"))
		return nil
	}
	if p := sub.target(l.Subject, "subject", "Patient"); p != "" && carecoord.PatientID(p) != patient {
		sub.errs.Add(carecoord.Invalid(sub.path+".subject", "must be the reconciliation's patient"))
	}
	if l.ID != "" || present(&l.Meta) || present(&l.Encounter) || l.Date != "" || present(&l.Source) || len(l.Extension) > 0 {
		sub.issue("", IssueNotMapped, "carecoord keeps only the entries of a reconciliation's source list")
	}
	list := sub.listBody(l, patient)
	m.merge(sub)
	return list
}

// action reads a reconciled entry's flag: the carecoord action, or else the Patient Medicine
// Change Types code (reported).
func (m *mapping) action(flag CodeableConcept, rel string) medrec.Action {
	m.otherCodings(flag, rel, SystemMedrecAction, systemListItemFlag)
	if c, ok := flag.First(SystemMedrecAction); ok {
		return medrec.Action(c.Code)
	}
	if c, ok := flag.First(systemListItemFlag); ok {
		for _, a := range medrec.Actions() {
			if listItemFlag(a) == c.Code {
				m.issue(rel, IssueAssumed, "gives no carecoord action: read from the Patient Medicine Change Types code")
				return a
			}
		}
	}
	return ""
}

// decision reads an [ExtensionMedrecDecision].
func (m *mapping) decision(base *DomainResource, x Extension, rel string, patient carecoord.PatientID) medrec.Decision {
	var d medrec.Decision
	for j, sub := range x.Extension {
		path := rel + ".extension[" + strconv.Itoa(j) + "]"
		v, text := sub.String()
		ref, isRef := sub.Reference()
		switch {
		case sub.URL == "row" && text:
			d.Row = v
		case sub.URL == "action" && text:
			d.Action = medrec.Action(v)
		case sub.URL == "intent" && text:
			d.Intent = medrec.Intent(v)
		case sub.URL == "reason" && text:
			d.Reason = v
		case sub.URL == "at" && text:
			d.At = m.instant(DateTime(v), path[1:]+".valueDateTime", nil)
		case sub.URL == "by" && isRef:
			d.By = m.actor(ref, path[1:]+".valueReference")
		case sub.URL == "result" && isRef:
			if med, ok := m.listItem(base, ref, path+".valueReference", patient, ""); ok {
				d.Result = &med
			}
		default:
			m.issue(path, IssueNotMapped, "is not a part of a decision carecoord maps")
		}
	}
	return d
}
