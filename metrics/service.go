package metrics

import (
	"cmp"
	"slices"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/medrec"
	"github.com/carecoord/carecoord/transition"
)

// A ServiceKind says what kind of care a [Service] was, coarsely: the follow-up and
// transition measures accept services by kind ([FollowUpRules.Kinds]), and the finer value
// sets of a measure year (a mental-health practitioner, partial hospitalization, ECT, peer
// support) are the caller's, through [Service.Code], [Service.By] and
// [FollowUpRules.Accept]. These are the library's tokens. The zero ServiceKind is not valid.
type ServiceKind string

// The service kinds.
const (
	// ServiceVisit is a face-to-face visit: office, clinic, home, intensive outpatient or
	// partial hospitalization, community mental health center.
	ServiceVisit ServiceKind = "visit"
	// ServiceTelehealth is a synchronous audio-video visit.
	ServiceTelehealth ServiceKind = "telehealth"
	// ServiceTelephone is a telephone visit or call with the patient or caregiver.
	ServiceTelephone ServiceKind = "telephone"
	// ServiceEVisit is an asynchronous online exchange: an e-visit, a virtual check-in, a
	// portal message answered by a clinician.
	ServiceEVisit ServiceKind = "e-visit"
	// ServiceTCM is a Transitional Care Management service reported on a claim (CPT 99495 or
	// 99496), which HEDIS counts as follow-up and as patient engagement.
	ServiceTCM ServiceKind = "transitional-care-management"
	// ServiceAdmissionNotice is the receipt, documented in the outpatient record, of a
	// notification that the patient was admitted (HEDIS TRC, first indicator).
	ServiceAdmissionNotice ServiceKind = "admission-notification"
	// ServiceDischargeInfo is the receipt, documented in the outpatient record, of the
	// discharge information (HEDIS TRC, second indicator).
	ServiceDischargeInfo ServiceKind = "discharge-information"
	// ServiceMedRec is a post-discharge medication reconciliation documented in the
	// outpatient record: the discharge medications compared with the current list (HEDIS MRP
	// and TRC's fourth indicator; the medication management of TCM).
	ServiceMedRec ServiceKind = "medication-reconciliation"
)

// ServiceKinds returns every ServiceKind, in a new slice.
func ServiceKinds() []ServiceKind {
	return []ServiceKind{ServiceVisit, ServiceTelehealth, ServiceTelephone, ServiceEVisit, ServiceTCM,
		ServiceAdmissionNotice, ServiceDischargeInfo, ServiceMedRec}
}

// IsValid reports whether k is one of [ServiceKinds].
func (k ServiceKind) IsValid() bool {
	switch k {
	case ServiceVisit, ServiceTelehealth, ServiceTelephone, ServiceEVisit, ServiceTCM,
		ServiceAdmissionNotice, ServiceDischargeInfo, ServiceMedRec:
		return true
	}
	return false
}

// A Service is one dated piece of care after (or around) a hospital stay or an ED visit, as a
// claim, a chart abstraction or another package's record gives it: a visit, a call, a
// notification received, a medication reconciliation. It is the record the follow-up,
// transitions-of-care and TCM measures look for in their windows. It is a plain value, cheap
// to hold by the million; [ServiceFromReconciliation] makes one from a completed
// [medrec.Reconciliation].
//
// The zero Service is not valid: [Service.Validate] says why.
type Service struct {
	// Patient is whose care it was.
	Patient carecoord.PatientID `json:"patient"`
	// Day is the day it took place (the date of service), or for a notification, discharge
	// information or reconciliation the day it was documented in the outpatient record.
	Day civil.Date `json:"day"`
	// Kind is what it was.
	Kind ServiceKind `json:"kind"`
	// Code is the procedure code (CPT, HCPCS) for a caller's value-set rule; optional.
	Code carecoord.Coding `json:"code,omitzero"`
	// Diagnosis is the principal ICD-10-CM diagnosis, for rules such as FUH's "with a
	// mental-health diagnosis"; optional and not checked.
	Diagnosis string `json:"diagnosis,omitempty"`
	// By is who furnished it, for rules on the provider ("with a mental-health
	// practitioner"); optional. A contact by a device (carecoord.ActorDevice: a chatbot, a
	// voice assistant) never counts as TCM's interactive contact.
	By carecoord.Actor `json:"by,omitzero"`
	// MDM is the level of medical decision making of a face-to-face visit, which TCM's codes
	// depend on; optional.
	MDM transition.MDM `json:"mdm,omitempty"`
	// Attempt marks a contact that did not reach the patient or caregiver (no answer, a
	// message left). Only TCM's contact rule reads attempts (two timely ones meet it); every
	// other measure ignores them.
	Attempt bool `json:"attempt,omitempty"`
}

// Validate reports every problem with s as carecoord.FieldErrors, naming fields, never
// values: the patient, the day, the kind, and the code, actor and MDM when set.
func (s Service) Validate() error {
	var errs carecoord.FieldErrors
	checkPatient(&errs, s.Patient)
	checkDay(&errs, "day", s.Day)
	switch {
	case s.Kind == "":
		errs.Add(carecoord.Required("kind", "must say what the service was"))
	case !s.Kind.IsValid():
		errs.Add(carecoord.NotSupported("kind", ServiceKinds()...))
	}
	if !s.Code.IsZero() {
		errs.Nest("code", s.Code.Validate())
	}
	if !s.By.IsZero() {
		errs.Nest("by", s.By.Validate())
	}
	if s.MDM != "" && !s.MDM.IsValid() {
		errs.Add(carecoord.NotSupported("mdm", transition.MDMs()...))
	}
	return errs.Err()
}

// ServiceFromReconciliation returns the medication-reconciliation service a completed
// post-discharge reconciliation records: the patient, the day it was completed in loc (the
// practice's zone, where the outpatient record is kept) and the clinician who completed it. It
// returns false when r is not completed, when it was done at another transition (an inpatient
// reconciliation on admission, transfer or at discharge is not the outpatient one that HEDIS
// MRP and TRC count, spec §3.1 and §3.4), or when loc is nil.
func ServiceFromReconciliation(r medrec.Reconciliation, loc *time.Location) (Service, bool) {
	at, by, ok := r.Completed()
	if !ok || r.Context != medrec.ContextPostDischarge || loc == nil {
		return Service{}, false
	}
	return Service{Patient: r.Patient, Day: civil.DateOf(at.In(loc)), Kind: ServiceMedRec, By: by}, true
}

// ChecklistServiceKind maps the items of the transition package's built-in post-discharge,
// TCM and ED follow-up checklists to the services they record, and reports false for any other
// item: "discharge-info-received" is the receipt of discharge information (TRC's second
// indicator); the contact items ("interactive-contact", "tcm-contact", "ed-follow-up-contact")
// are telephone contacts, the most common form ([AppendChecklistServices] makes one a visit
// when its evidence is an encounter); the visit items ("home-visit", "follow-up-visit", "tcm-visit",
// "ed-follow-up-visit") are visits; and "medication-reconciliation" and
// "tcm-medication-reconciliation" are outpatient reconciliations. The hospital's own items
// ("admission-notified", "discharge-summary-sent") are not mapped: TRC counts what the
// outpatient record received, not what the hospital sent.
func ChecklistServiceKind(key transition.ItemKey) (ServiceKind, bool) {
	switch key {
	case "discharge-info-received":
		return ServiceDischargeInfo, true
	case "interactive-contact", "tcm-contact", "ed-follow-up-contact":
		return ServiceTelephone, true
	case "home-visit", "follow-up-visit", "tcm-visit", "ed-follow-up-visit":
		return ServiceVisit, true
	case "medication-reconciliation", "tcm-medication-reconciliation":
		return ServiceMedRec, true
	}
	return "", false
}

// AppendChecklistServices appends to dst the services a checklist records, for the items kind
// maps (nil means [ChecklistServiceKind]): a completed item is a service on the day it was
// completed, by whoever completed it (a telephone contact whose evidence is an encounter is a
// visit), and each unsuccessful attempt at a contact item is an
// attempt ([Service.Attempt]) on its day. Days are read in loc, the zone of the practice whose
// record it is; nil means the checklist's own (the facility's). Waived and open items record
// nothing.
func AppendChecklistServices(dst []Service, c transition.Checklist, loc *time.Location, kind func(transition.ItemKey) (ServiceKind, bool)) []Service {
	if kind == nil {
		kind = ChecklistServiceKind
	}
	if loc == nil {
		loc = c.Location
	}
	if loc == nil {
		return dst
	}
	for i := range c.Items {
		it := &c.Items[i]
		k, ok := kind(it.Key)
		if !ok {
			continue
		}
		if _, contact := fuContactMode(k); contact {
			for _, a := range it.Attempts {
				dst = append(dst, Service{Patient: c.Patient, Day: civil.DateOf(a.At.In(loc)), Kind: k, By: a.By, Attempt: true})
			}
		}
		if it.Status != transition.ItemCompleted || it.DoneAt.IsZero() {
			continue
		}
		var by carecoord.Actor
		if n := len(it.History); n > 0 {
			by = it.History[n-1].By
		}
		if k == ServiceTelephone && slices.ContainsFunc(it.Evidence, func(e transition.Evidence) bool { return e.Kind == transition.EvidenceEncounter }) {
			k = ServiceVisit // the contact was made in person
		}
		dst = append(dst, Service{Patient: c.Patient, Day: civil.DateOf(it.DoneAt.In(loc)), Kind: k, By: by})
	}
	return dst
}

// A fuService is a service as a measure sorts and reads it: the patient (with its sort key),
// the day and where it is in the caller's slice.
type fuService struct {
	key     uint64
	patient carecoord.PatientID
	day     civil.Date
	idx     int32
}

// fuServices validates every service and returns those keep accepts, sorted by patient (key,
// then id), day and position. Problems are added to errs with paths "services[i].field".
func fuServices(services []Service, keep func(*Service) bool, inOrder bool, errs *carecoord.FieldErrors) []fuService {
	out := make([]fuService, 0, len(services))
	for i := range services {
		s := &services[i]
		if err := s.Validate(); err != nil {
			if len(*errs) < maxProblems {
				errs.Nest(carecoord.Path("services", i), err)
			}
			continue
		}
		if keep(s) {
			out = append(out, fuService{key: groupKey(s.Patient, inOrder), patient: s.Patient, day: s.Day, idx: int32(i)})
		}
	}
	sortGrouped(out, func(s *fuService) uint64 { return s.key }, func(s *fuService) carecoord.PatientID { return s.patient }, func(a, b fuService) int {
		if c := comparePatients(a.key, a.patient, b.key, b.patient); c != 0 {
			return c
		}
		if c := a.day.Compare(b.day); c != 0 {
			return c
		}
		return cmp.Compare(a.idx, b.idx)
	})
	return out
}

// fuFirstFrom returns the index of the first of svcs (one patient's, by day) on or after day.
func fuFirstFrom(svcs []fuService, day civil.Date) int {
	i, _ := slices.BinarySearchFunc(svcs, day, func(s fuService, d civil.Date) int { return s.day.Compare(d) })
	return i
}
