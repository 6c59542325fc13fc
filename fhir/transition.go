package fhir

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/transition"
)

// Base is the prefix of the URIs carecoord defines for its own tokens, where FHIR and HL7
// Terminology have no code or extension for a concept carecoord keeps. They are not HL7's:
// another system reads them as codes and extensions it does not know, and carecoord reads them
// back exactly.
const Base = "https://github.com/carecoord/carecoord/fhir/"

// carecoord's code systems and extensions.
const (
	// SystemTransitionKind codes a transition.Kind, in Encounter.type.
	SystemTransitionKind = Base + "CodeSystem/transition-kind"
	// SystemTransitionSetting codes a transition.Setting, in Encounter.type.
	SystemTransitionSetting = Base + "CodeSystem/transition-setting"
	// ExtensionReadmissionRisk holds a transition.RiskTier as valueCode, on an Encounter.
	ExtensionReadmissionRisk = Base + "StructureDefinition/readmission-risk"
	// ExtensionPrimaryCare holds the primary care practice to hand over to, as valueReference,
	// on an Encounter.
	ExtensionPrimaryCare = Base + "StructureDefinition/primary-care"
	// ExtensionUpdatedBy holds who made a version (carecoord.Meta.UpdatedBy), as
	// valueReference, on Meta.
	ExtensionUpdatedBy = Base + "StructureDefinition/updated-by"
	// ExtensionTimezone is HL7's timezone extension (valueCode, an IANA time-zone name) on a
	// dateTime: carecoord puts the facility's zone on Encounter.period.start.
	ExtensionTimezone = "http://hl7.org/fhir/StructureDefinition/timezone"
)

// Codes outside carecoord.
const (
	systemParticipationType = carecoord.SystemTHO + "v3-ParticipationType"
	systemActCode           = carecoord.SystemTHO + "v3-ActCode"
	participantAttending    = "ATND"
)

// EncounterOf returns ev as a FHIR R4 Encounter: Kind as class (v3-ActCode IMP, EMER or OBSENC)
// and, with Setting, as type codings of carecoord's own systems; Admitted and Discharged as
// period in the facility's zone, the zone itself on period.start (HL7 timezone extension);
// status in-progress until Discharged is set, then finished; Disposition as
// hospitalization.dischargeDisposition (NUBC); Facility as serviceProvider; Attending as an ATND
// participant; Diagnoses as contained Conditions referenced from diagnosis in order, the
// principal with rank 1; PrimaryCare, Risk and Meta.UpdatedBy as carecoord extensions. It
// returns an error matching carecoord.ErrInvalid when ev is not valid ([transition.Event.Validate]).
func EncounterOf(ev transition.Event) (*Encounter, error) {
	if err := ev.Validate(); err != nil {
		return nil, err
	}
	enc := &Encounter{
		DomainResource:  resourceBase(ev.Meta),
		Status:          "in-progress",
		Class:           CodingOf(ev.Kind.EncounterClass()),
		Type:            []CodeableConcept{ConceptOf(carecoord.Coding{System: SystemTransitionKind, Code: string(ev.Kind)}), ConceptOf(carecoord.Coding{System: SystemTransitionSetting, Code: string(ev.Setting)})},
		Subject:         ReferenceTo("Patient", string(ev.Patient), ""),
		ServiceProvider: referenceOf(ev.Facility),
	}
	if !ev.Attending.IsZero() {
		enc.Participant = []EncounterParticipant{{
			Type:       []CodeableConcept{ConceptOf(carecoord.Coding{System: systemParticipationType, Code: participantAttending})},
			Individual: referenceOf(ev.Attending),
		}}
	}
	enc.Period.Start = DateTimeOf(ev.Admitted.In(ev.Location))
	enc.Period.Primitives = []PrimitiveExtension{{Name: "start", Elements: []*PrimitiveElement{{
		Extension: []Extension{{URL: ExtensionTimezone, ValueType: "Code", Value: jsonString(ev.Zone)}},
	}}}}
	if ev.Ended() {
		enc.Status = "finished"
		enc.Period.End = DateTimeOf(ev.Discharged.In(ev.Location))
		enc.Hospitalization.DischargeDisposition = ConceptOf(ev.Disposition.Coding())
	}
	for i, dx := range ev.Diagnoses {
		id := "dx" + strconv.Itoa(i+1)
		enc.Contained = append(enc.Contained, &Condition{
			DomainResource: DomainResource{ID: id},
			Code:           ConceptOf(dx),
			Subject:        enc.Subject,
		})
		rank := int64(i + 1)
		enc.Diagnosis = append(enc.Diagnosis, EncounterDiagnosis{Condition: Reference{Reference: "#" + id}, Rank: &rank})
	}
	if ev.Risk != "" {
		enc.Extension = append(enc.Extension, Extension{URL: ExtensionReadmissionRisk, ValueType: "Code", Value: jsonString(string(ev.Risk))})
	}
	if !ev.PrimaryCare.IsZero() {
		enc.Extension = append(enc.Extension, referenceExtension(ExtensionPrimaryCare, referenceOf(ev.PrimaryCare)))
	}
	return enc, nil
}

// EventFromEncounter reads a transition.Event from an Encounter written by [EncounterOf] or by
// another system. load turns the zone on period.start (HL7 timezone extension) into a
// location, and is usually time.LoadLocation (the library never loads zones itself);
// defaultZone is the facility's zone for an encounter that does not give one ("" to require
// it).
//
// What the Encounter does not give is derived and reported as an [IssueAssumed]: with no
// carecoord kind coding, the kind comes from class (IMP is an admission while in progress, a
// transfer when the disposition goes to another hospital, else a discharge; EMER an emergency
// visit; OBSENC an observation stay) and the setting from the kind (IMP an acute inpatient
// hospital). What it gives that the event has no place for is reported as an Issue. Diagnoses
// are read from contained Conditions, principal (rank 1) first; a diagnosis referring outside
// the resource is reported as unresolved (read a Bundle with [Import] to resolve it), and one
// to a Condition refuted or entered in error is reported and left out. Whether the stay has
// ended is read from period.end; a status that says otherwise is reported.
//
// The error matches carecoord.ErrInvalid: a modifier extension (which may change the meaning,
// FHIR R4 §2.4.1.1), here or on a diagnosis' Condition, a missing status or one of an
// encounter that did not happen (planned, cancelled, entered-in-error), a missing or malformed
// subject, period or zone, or an event that is not valid ([transition.Event.Validate], paths prefixed "Encounter").
func EventFromEncounter(enc *Encounter, load func(zone string) (*time.Location, error), defaultZone string) (transition.Event, []Issue, error) {
	m := mapping{path: "Encounter"}
	ev := m.event(enc, load, defaultZone)
	return ev, m.issues, m.errs.Err()
}

func (m *mapping) event(enc *Encounter, load func(zone string) (*time.Location, error), defaultZone string) transition.Event {
	m.modifiers(enc.ModifierExtension, "modifierExtension")
	m.companions(&enc.Extras, "")
	m.companions(&enc.Period.Extras, ".period", "start")
	m.modifiers(enc.Hospitalization.ModifierExtension, "hospitalization.modifierExtension")
	ev := transition.Event{Meta: m.meta(&enc.DomainResource)}
	ev.Patient = carecoord.PatientID(m.target(enc.Subject, "subject", "Patient"))
	ev.Facility = m.actor(enc.ServiceProvider, "serviceProvider")

	zone := defaultZone
	for _, p := range enc.Period.Primitives {
		if p.Name != "start" || len(p.Elements) != 1 || p.Elements[0] == nil {
			continue
		}
		for i, x := range p.Elements[0].Extension {
			if z, ok := x.String(); ok && x.URL == ExtensionTimezone {
				zone = z
				continue
			}
			m.issue(".period._start.extension["+strconv.Itoa(i)+"]", IssueNotMapped, "is an extension carecoord does not map")
		}
	}
	switch loc, err := load(zone); {
	case zone == "":
		m.errs.Add(carecoord.Required(m.path+".period.start", "must carry the facility's time zone (HL7 timezone extension), or give a default zone"))
	case err != nil || loc == nil:
		m.errs.Add(carecoord.Invalid(m.path+".period.start", "must carry a time zone that load knows"))
	default:
		ev = ev.WithLocation(loc)
	}
	ev.Admitted = m.instant(enc.Period.Start, "period.start", ev.Location)
	if enc.Period.End != "" {
		ev.Discharged = m.instant(enc.Period.End, "period.end", ev.Location)
	}
	if c, ok := enc.Hospitalization.DischargeDisposition.First(carecoord.SystemNUBCDischargeStatus); ok {
		ev.Disposition = transition.Disposition(c.Code)
	} else if len(enc.Hospitalization.DischargeDisposition.Coding) > 0 {
		m.issue(".hospitalization.dischargeDisposition", IssueUnsupportedValue, "has no NUBC patient discharge status code; carecoord keeps that code system only")
	}
	m.encounterStatus(enc)
	ev.Kind, ev.Setting = m.kindAndSetting(enc, ev.Disposition)
	for i, p := range enc.Participant {
		m.modifiers(p.ModifierExtension, "participant["+strconv.Itoa(i)+"].modifierExtension")
		if ev.Attending.IsZero() && hasCode(p.Type, systemParticipationType, participantAttending) {
			ev.Attending = m.actor(p.Individual, "participant["+strconv.Itoa(i)+"].individual")
			continue
		}
		m.issue(".participant["+strconv.Itoa(i)+"]", IssueNotMapped, "is not the attending clinician; carecoord keeps only that participant")
	}
	ev.Diagnoses = m.diagnoses(enc)
	for i, x := range enc.Extension {
		path := ".extension[" + strconv.Itoa(i) + "]"
		switch x.URL {
		case ExtensionReadmissionRisk:
			if v, ok := x.String(); ok {
				ev.Risk = transition.RiskTier(v)
				continue
			}
		case ExtensionPrimaryCare:
			if r, ok := x.Reference(); ok {
				ev.PrimaryCare = m.actor(r, path[1:]+".valueReference")
				continue
			}
		}
		m.issue(path, IssueNotMapped, "is an extension carecoord does not map")
	}
	if len(m.errs) == 0 {
		m.errs.Nest(m.path, ev.Validate())
	}
	return ev
}

// encounterStatus checks Encounter.status (R4 encounter-status, a required binding and a
// modifier element): an encounter that was planned, cancelled or entered in error is no event
// that happened, and is refused. Whether the stay has ended is read from period.end; a status
// that says otherwise is reported.
func (m *mapping) encounterStatus(enc *Encounter) {
	switch enc.Status {
	case "arrived", "triaged", "in-progress", "onleave":
		if enc.Period.End != "" {
			m.issue(".status", IssueUnsupportedValue, "says the encounter goes on, but period gives its end; carecoord follows period")
		}
	case "finished":
		if enc.Period.End == "" {
			m.issue(".status", IssueUnsupportedValue, "says the encounter is finished, but period gives no end; carecoord follows period")
		}
	case "unknown":
		m.issue(".status", IssueAssumed, "is unknown: period.end says whether the stay has ended")
	case "":
		m.errs.Add(carecoord.Required(m.path+".status", "must be given"))
	default:
		m.errs.Add(carecoord.NotSupported(m.path+".status", "arrived", "triaged", "in-progress", "onleave", "finished", "unknown"))
	}
}

// kindAndSetting reads the carecoord kind and setting codings of Encounter.type, or derives
// them from class.
func (m *mapping) kindAndSetting(enc *Encounter, disp transition.Disposition) (transition.Kind, transition.Setting) {
	var kind transition.Kind
	var setting transition.Setting
	for i, t := range enc.Type {
		switch c, ok := t.First(""); {
		case ok && c.System == SystemTransitionKind && len(t.Coding) == 1:
			kind = transition.Kind(c.Code)
		case ok && c.System == SystemTransitionSetting && len(t.Coding) == 1:
			setting = transition.Setting(c.Code)
		default:
			m.issue(".type["+strconv.Itoa(i)+"]", IssueNotMapped, "is an encounter type carecoord does not map")
		}
	}
	if kind == "" {
		class := enc.Class.Code
		if enc.Class.System != systemActCode {
			class = ""
		}
		switch {
		case class == "EMER":
			kind = transition.KindEDVisit
		case class == "OBSENC":
			kind = transition.KindObservation
		case class == "IMP" && enc.Period.End == "":
			kind = transition.KindAdmission
		case class == "IMP" && disp.Destination().IsInpatientTransfer():
			kind = transition.KindTransfer
		case class == "IMP":
			kind = transition.KindDischarge
		default:
			m.errs.Add(carecoord.NotSupported(m.path+".class", "IMP", "EMER", "OBSENC"))
			return "", ""
		}
		m.issue(".class", IssueAssumed, "gives the event kind: no carecoord kind coding")
	}
	if setting == "" {
		switch kind {
		case transition.KindEDVisit:
			setting = transition.SettingEmergencyDepartment
		case transition.KindObservation:
			setting = transition.SettingObservation
		default:
			setting = transition.SettingAcuteInpatient
		}
		m.issue(".type", IssueAssumed, "gives no setting: assumed from the kind")
	}
	return kind, setting
}

// diagnoses reads the encounter's diagnoses from its contained Conditions, by rank.
func (m *mapping) diagnoses(enc *Encounter) []carecoord.Coding {
	order := make([]int, len(enc.Diagnosis))
	for i := range order {
		order[i] = i
	}
	rank := func(i int) int64 {
		if r := enc.Diagnosis[i].Rank; r != nil {
			return *r
		}
		return 1 << 31 // unranked last, in their order
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(rank(a), rank(b)) })
	var out []carecoord.Coding
	for _, i := range order {
		dx := &enc.Diagnosis[i]
		path := ".diagnosis[" + strconv.Itoa(i) + "]"
		m.modifiers(dx.ModifierExtension, path[1:]+".modifierExtension")
		cond, _ := m.resolve(&enc.DomainResource, dx.Condition.Reference).(*Condition)
		if cond == nil {
			m.issue(path+".condition", IssueUnresolvedReference, "does not refer to a Condition in the resource or its bundle")
			continue
		}
		if !m.condition(cond, m.locate(m.path, &enc.DomainResource, dx.Condition.Reference, cond), path+".condition") {
			continue
		}
		if c, ok := cond.Code.First(carecoord.SystemICD10CM); ok {
			out = append(out, carecoord.Coding{System: c.System, Code: c.Code, Display: c.Display})
			continue
		}
		m.issue(path+".condition", IssueUnsupportedValue, "refers to a Condition with no ICD-10-CM code")
	}
	return out
}

func hasCode(concepts []CodeableConcept, system, code string) bool {
	for _, cc := range concepts {
		for _, c := range cc.Coding {
			if c.System == system && c.Code == code {
				return true
			}
		}
	}
	return false
}
