package fhir

import (
	"strconv"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/careplan"
	"github.com/carecoord/carecoord/medrec"
	"github.com/carecoord/carecoord/referral"
	"github.com/carecoord/carecoord/sdoh"
	"github.com/carecoord/carecoord/transition"
)

// Records are the carecoord records read from a bundle, each kind in the order of its entries.
type Records struct {
	// Events are the transitions read from Encounters.
	Events []transition.Event
	// CarePlans are the care plans read from CarePlans, with the Goals, CareTeam and
	// Conditions each refers to.
	CarePlans []careplan.CarePlan
	// Referrals are the referrals read from Tasks and the ServiceRequests they fulfil.
	Referrals []referral.Referral
	// Responses are the screening responses read from QuestionnaireResponses, and from grouping
	// Observations with their members ([ResponseFromObservations]).
	Responses []sdoh.Response
	// Reconciliations are the medication reconciliations read from carecoord's reconciliation
	// Lists ([ReconciliationFromBundle]).
	Reconciliations []medrec.Reconciliation
	// MedicationLists are the other medication Lists ([MedicationListFromBundle]).
	MedicationLists []MedicationList
	// Medications are the MedicationStatements and MedicationRequests no List refers to
	// ([MedicationFromStatement], [MedicationFromRequest]).
	Medications []PatientMedication
}

// ImportOptions adjusts [Import].
type ImportOptions struct {
	DecodeOptions
	// LoadLocation turns an IANA time-zone name into a location; usually time.LoadLocation
	// (the library never loads zones itself). Required to read Encounters.
	LoadLocation func(name string) (*time.Location, error)
	// DefaultZone is the zone of an Encounter that gives none ("" to require one).
	DefaultZone string
}

// Import reads a Bundle (collection, transaction, batch, searchset or document; another type is
// an error, with no records) and maps each
// entry it can to a carecoord record, resolving references between entries (fullUrl, or
// Type/id) and to contained resources. An Encounter becomes a transition.Event
// ([EventFromEncounter]), a CarePlan a careplan.CarePlan ([PlanFromCarePlan]), a
// QuestionnaireResponse an sdoh.Response ([ResponseFromQuestionnaireResponse]), and so does a
// built-in instrument's grouping Observation with the members it names
// ([ResponseFromObservations]) when neither derives from a QuestionnaireResponse of the bundle
// (which is read instead). A Task that fulfils a request (code fulfill, or none) with the
// ServiceRequest its focus names becomes a referral.Referral ([ReferralFromTask]). A List with carecoord's reconciliation context becomes
// a medrec.Reconciliation ([ReconciliationFromBundle]), with the Lists and resources it refers
// to; any other List a [MedicationList]; a MedicationStatement or MedicationRequest no List
// refers to a [PatientMedication]; a Medication is read where a medication resource names it. A
// Condition is read where an Encounter's diagnosis, a care plan or goal's addresses or a
// referral's ServiceRequest refers to it, and a Goal or CareTeam where a CarePlan refers to it.
// Other Observations (a screening's results, answers read from their QuestionnaireResponse) and
// MeasureReports, which carecoord derives from its records, are reported as not mapped.
//
// Nothing is dropped silently: every element and resource read but not mapped is an [Issue],
// with its location in the bundle ("Bundle.entry[2].resource.text"). The error matches
// carecoord.ErrInvalid and lists every problem, the bundle's JSON and each entry that could not
// be mapped ("Bundle.entry[3].resource.period.start"); the records that did map are returned
// with it. It never panics.
func Import(data []byte, opts ImportOptions) (Records, []Issue, error) {
	var recs Records
	r, issues, err := Unmarshal(data, opts.DecodeOptions)
	if err != nil {
		return recs, issues, err
	}
	b, ok := r.(*Bundle)
	if !ok {
		return recs, issues, carecoord.Invalid("resourceType", "must be Bundle")
	}
	switch b.Type {
	case "collection", "transaction", "batch", "searchset", "document":
	case "":
		return recs, issues, carecoord.Required("Bundle.type", "must be given")
	default:
		// A history holds versions, a response or a message what happened to other resources:
		// their entries are not the records themselves.
		return recs, issues, carecoord.NotSupported("Bundle.type", "collection", "transaction", "batch", "searchset", "document")
	}
	var errs carecoord.FieldErrors
	index := newBundleIndex(b.Entry)
	diagnosis := diagnosisEntries(b, index)
	referred := referralEntries(b, index)
	planned := planEntries(b, index)
	medrecRead := medrecEntries(b, index)
	screenings, screened := screeningEntries(b, index)
	for i := range b.Entry {
		e := &b.Entry[i]
		m := mapping{path: "Bundle.entry[" + strconv.Itoa(i) + "].resource", bundle: index}
		switch res := e.Resource.(type) {
		case *Encounter:
			if opts.LoadLocation == nil {
				m.errs.Add(carecoord.Required(m.path, "needs ImportOptions.LoadLocation to read an Encounter's time zone"))
				break
			}
			ev := m.event(res, opts.LoadLocation, opts.DefaultZone)
			if len(m.errs) == 0 {
				recs.Events = append(recs.Events, ev)
			}
		case *CarePlan:
			p := m.plan(res)
			if len(m.errs) == 0 {
				recs.CarePlans = append(recs.CarePlans, p)
			}
		case *Task:
			if !fulfils(res) {
				m.issue("", IssueNotMappedResource, "is a Task whose code is not fulfill (such as a patient's task); carecoord maps referral Tasks")
				break
			}
			rec := m.referral(res, nil, "")
			if len(m.errs) == 0 {
				recs.Referrals = append(recs.Referrals, rec)
			}
		case *ServiceRequest:
			if !referred[i] {
				m.issue("", IssueNotMappedResource, "is a ServiceRequest no Task of the bundle fulfils; carecoord keeps a referral as the pair")
			}
		case *QuestionnaireResponse:
			r := m.response(res)
			if len(m.errs) == 0 {
				recs.Responses = append(recs.Responses, r)
			}
		case *Condition:
			if !diagnosis[i] && !referred[i] && !planned[i] {
				m.issue("", IssueNotMappedResource, "is a Condition no mapped resource refers to; carecoord keeps it only as a stay's diagnosis, what a care plan addresses or a referral's reason")
			}
		case *Goal, *CareTeam:
			if !planned[i] {
				m.issue("", IssueNotMappedResource, "is a "+res.ResourceType()+" no CarePlan of the bundle refers to; carecoord keeps it only as part of a care plan")
			}
		case *Observation:
			switch {
			case screenings[i]:
				if r := m.observationResponse(res, entryPath); len(m.errs) == 0 {
					recs.Responses = append(recs.Responses, r)
				}
			case !screened[i]: // a member is read with its grouping observation
				m.issue("", IssueNotMappedResource, "is an Observation carecoord does not read: it reads a screening's answers from its QuestionnaireResponse, or else from the grouping observation of a built-in instrument and its members")
			}
		case *MeasureReport:
			m.issue("", IssueNotMappedResource, "is a MeasureReport; carecoord writes them from its measures' results and reads none")
		case *List:
			switch {
			case medrecRead[i]: // read with the reconciliation that refers to it
			case isReconciliation(res):
				if r := m.reconciliation(res); len(m.errs) == 0 {
					recs.Reconciliations = append(recs.Reconciliations, r)
				}
			default:
				if l := m.medicationList(res); len(m.errs) == 0 {
					recs.MedicationLists = append(recs.MedicationLists, l)
				}
			}
		case *MedicationStatement:
			if medrecRead[i] {
				break // read with the List that refers to it
			}
			if pm := m.statement(res, ""); len(m.errs) == 0 {
				recs.Medications = append(recs.Medications, pm)
			}
		case *MedicationRequest:
			if medrecRead[i] {
				break // read with the List that refers to it
			}
			if pm := m.request(res, ""); len(m.errs) == 0 {
				recs.Medications = append(recs.Medications, pm)
			}
		case *Medication:
			if !medrecRead[i] {
				m.issue("", IssueNotMappedResource, "is a Medication no mapped resource refers to")
			}
		case *Bundle:
			m.issue("", IssueNotMappedResource, "is a Bundle inside the bundle; Import reads the entries of the outer one only")
		}
		errs = append(errs, m.errs...)
		issues = append(issues, m.issues...)
	}
	return recs, issues, errs.Err()
}

// diagnosisEntries marks the entries an Encounter of the bundle names as a diagnosis.
func diagnosisEntries(b *Bundle, index *bundleIndex) []bool {
	marks := make([]bool, len(b.Entry))
	for j := range b.Entry {
		enc, ok := b.Entry[j].Resource.(*Encounter)
		if !ok {
			continue
		}
		for _, dx := range enc.Diagnosis {
			if i := index.position(dx.Condition.Reference); i >= 0 {
				marks[i] = true
			}
		}
	}
	return marks
}

// planEntries marks the entries a CarePlan of the bundle refers to as its care team, goals or
// addressed conditions, and the conditions its goals (entries or contained) address.
func planEntries(b *Bundle, index *bundleIndex) []bool {
	marks := make([]bool, len(b.Entry))
	mark := func(refs []Reference) {
		for _, r := range refs {
			if i := index.position(r.Reference); i >= 0 {
				marks[i] = true
				if g, ok := b.Entry[i].Resource.(*Goal); ok {
					for _, a := range g.Addresses {
						if k := index.position(a.Reference); k >= 0 {
							marks[k] = true
						}
					}
				}
			}
		}
	}
	for j := range b.Entry {
		cp, ok := b.Entry[j].Resource.(*CarePlan)
		if !ok {
			continue
		}
		mark(cp.CareTeam)
		mark(cp.Addresses)
		mark(cp.Goal)
		for _, c := range cp.Contained {
			if g, ok := c.(*Goal); ok {
				mark(g.Addresses)
			}
		}
	}
	return marks
}
