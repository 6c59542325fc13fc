package fhir

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/referral"
)

// carecoord's code systems and extensions for referrals.
const (
	// SystemReferralKind codes a referral.Kind, in ServiceRequest.category.
	SystemReferralKind = Base + "CodeSystem/referral-kind"
	// SystemReferralBusinessStatus codes a referral.Business, in Task.businessStatus (which
	// FHIR R4 binds to no value set).
	SystemReferralBusinessStatus = Base + "CodeSystem/referral-business-status"
	// SystemReferralOutput codes the Task.output types that neither FHIR nor the SDOHCC IG has:
	// interim-report (an interim report, referral.Referral.Reports) and appointment (when the
	// booked appointment is, as valueDateTime). A final outcome is the SDOHCC IG's
	// resulting-activity.
	SystemReferralOutput = Base + "CodeSystem/referral-output"
	// ExtensionReferralProfile holds the referral.Profile the referral follows (core or
	// sdoh-cc) as valueCode, on a Task.
	ExtensionReferralProfile = Base + "StructureDefinition/referral-profile"
	// ExtensionAcknowledged holds when the requester acknowledged the outcome, closing the
	// loop, as valueDateTime, on a Task.
	ExtensionAcknowledged = Base + "StructureDefinition/acknowledged"
	// ExtensionReplacedBy refers to the Task of the referral that re-sends this one to another
	// performer (referral.Resend), as valueReference, on a Task.
	ExtensionReplacedBy = Base + "StructureDefinition/replaced-by"
	// ExtensionReferralEvent holds one referral.Event applied to the referral, on a Task, in the
	// order applied: a complex extension whose parts are id (valueId), kind, side and to
	// (valueCode), by (valueReference), at and appointment (valueDateTime), reason
	// (valueCoding), and outcome, itself complex: result (valueCoding), document
	// (valueReference, one per document), at (valueDateTime) and by (valueReference).
	ExtensionReferralEvent = Base + "StructureDefinition/referral-event"
	// ExtensionOutputAt and ExtensionOutputBy hold when (valueDateTime) and by whom
	// (valueReference) an outcome or report was returned, on its Task.output.
	ExtensionOutputAt = Base + "StructureDefinition/output-at"
	ExtensionOutputBy = Base + "StructureDefinition/output-by"
)

// Codes outside carecoord.
const (
	// systemTaskCode is FHIR R4's task-code: a referral Task's code is fulfill.
	systemTaskCode = carecoord.SystemFHIR + "CodeSystem/task-code"
	taskFulfill    = "fulfill"
	// outputResultingActivity is the SDOHCC IG's type of an output that says what was done
	// (SDOHCC-TaskForReferralManagement, output slices PerformedActivityCode and
	// PerformedActivityReference).
	outputResultingActivity = "resulting-activity"
	outputInterimReport     = "interim-report"
	outputAppointment       = "appointment"
	// profileSDOHCCTask is the canonical URL of SDOHCC-TaskForReferralManagement.
	profileSDOHCCTask = "http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-TaskForReferralManagement"
)

// kindCategory returns the SNOMED CT category a referral of kind k is written with, beside
// carecoord's own kind coding, and read from when a ServiceRequest gives no carecoord kind:
// 409063005 Counselling (the FHIR R4 example value set servicerequest-category), 410606002
// Social service procedure (the SDOHCC ServiceRequest examples) and 11429006 Consultation. The
// other kinds have no one SNOMED CT category.
func kindCategory(k referral.Kind) (carecoord.Coding, bool) {
	c := carecoord.Coding{System: carecoord.SystemSNOMED}
	switch k {
	case referral.KindSpecialist:
		c.Code, c.Display = "11429006", "Consultation"
	case referral.KindBehavioral:
		c.Code, c.Display = "409063005", "Counselling"
	case referral.KindCommunity:
		c.Code, c.Display = "410606002", "Social service procedure"
	default:
		return carecoord.Coding{}, false
	}
	return c, true
}

// requestStatus returns the request-status of a referral's ServiceRequest when its Task has
// status s. The order is the requester's: it stays active while the performer works,
// holds or pauses it, and is revoked when the referral ends unfulfilled.
func requestStatus(s referral.Status) string {
	switch s {
	case referral.StatusDraft:
		return "draft"
	case referral.StatusCompleted:
		return "completed"
	case referral.StatusRejected, referral.StatusCancelled, referral.StatusFailed:
		return "revoked"
	case referral.StatusEnteredInError:
		return "entered-in-error"
	}
	return "active"
}

// ReferralOf returns r as a FHIR R4 transaction Bundle of two entries, each PUT under the
// referral's id: the ServiceRequest (the order) and the Task that tracks its fulfilment, as the
// Gravity SDOH Clinical Care IG exchanges them (SDOHCC-ServiceRequest and
// SDOHCC-TaskForReferralManagement), for community and clinical (360X-style) referrals alike.
//
// The ServiceRequest carries the order: status from the Task's (active while open, completed,
// revoked when rejected, cancelled or failed), intent order, Kind as category (a carecoord
// coding, and a SNOMED CT one where the kind has one), Priority, Service as code, Patient as
// subject, AuthoredOn, Requester, Performer and Reasons as reasonCode. The Task carries the
// rest: Status as status (the codes are the same), StatusReason (coding, and its display as
// text), Business as businessStatus, intent order, code fulfill, focus the ServiceRequest, for
// the patient, AuthoredOn, lastModified (the latest of AuthoredOn, the history and the events),
// Requester, Performer as owner, and outputs: each outcome as a resulting-activity output
// (SDOHCC) whose valueCodeableConcept is the result, with when and by whom on the output
// (carecoord extensions), followed by one valueReference output per document; each interim
// report the same with type interim-report; the appointment as valueDateTime. Meta is the
// Task's. The profile, the acknowledgement, the replacing referral, the history and the event
// log are carecoord extensions on the Task.
//
// The error matches carecoord.ErrInvalid when r is not valid ([referral.Referral.Validate]) or
// has no id.
func ReferralOf(r referral.Referral) (*Bundle, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if !carecoord.ValidID(r.ID) {
		return nil, carecoord.FieldErrors{carecoord.Invalid("id", "must be a FHIR id: the ServiceRequest and the Task are written under it")}
	}
	patient := ReferenceTo("Patient", string(r.Patient), "")
	sr := &ServiceRequest{
		DomainResource: DomainResource{ID: r.ID},
		Status:         requestStatus(r.Status),
		Intent:         "order",
		Category:       []CodeableConcept{ConceptOf(carecoord.Coding{System: SystemReferralKind, Code: string(r.Kind)})},
		Priority:       string(r.Priority),
		Code:           ConceptOf(r.Service),
		Subject:        patient,
		AuthoredOn:     DateTimeOf(r.AuthoredOn),
		Requester:      referenceOf(r.Requester),
	}
	if c, ok := kindCategory(r.Kind); ok {
		sr.Category = append(sr.Category, ConceptOf(c))
	}
	if !r.Performer.IsZero() {
		sr.Performer = []Reference{referenceOf(r.Performer)}
	}
	for _, c := range r.Reasons {
		sr.ReasonCode = append(sr.ReasonCode, ConceptOf(c))
	}
	task := &Task{
		DomainResource: resourceBase(r.Meta),
		Status:         string(r.Status),
		StatusReason:   ConceptOf(r.StatusReason),
		Intent:         "order",
		Priority:       string(r.Priority),
		Code:           ConceptOf(carecoord.Coding{System: systemTaskCode, Code: taskFulfill}),
		Focus:          Reference{Reference: "ServiceRequest/" + r.ID},
		For:            patient,
		AuthoredOn:     DateTimeOf(r.AuthoredOn),
		LastModified:   DateTimeOf(lastChange(&r)),
		Requester:      referenceOf(r.Requester),
		Owner:          referenceOf(r.Performer),
	}
	task.StatusReason.Text = r.StatusReason.Display // the IG asks for text with a reason
	if r.Business != "" {
		task.BusinessStatus = ConceptOf(carecoord.Coding{System: SystemReferralBusinessStatus, Code: string(r.Business)})
	}
	task.Output = appendOutputs(task.Output, carecoord.Coding{System: carecoord.SystemSDOHCCTemporary, Code: outputResultingActivity}, r.Outcomes)
	task.Output = appendOutputs(task.Output, carecoord.Coding{System: SystemReferralOutput, Code: outputInterimReport}, r.Reports)
	if !r.Appointment.IsZero() {
		task.Output = append(task.Output, TaskOutput{
			Type:      ConceptOf(carecoord.Coding{System: SystemReferralOutput, Code: outputAppointment}),
			ValueType: "DateTime", ValueDateTime: DateTimeOf(r.Appointment),
		})
	}
	task.Extension = append(task.Extension, codeExtension(ExtensionReferralProfile, string(r.Profile)))
	if !r.Acknowledged.IsZero() {
		task.Extension = append(task.Extension, dateTimeExtension(ExtensionAcknowledged, r.Acknowledged))
	}
	if r.ReplacedBy != "" {
		task.Extension = append(task.Extension, referenceExtension(ExtensionReplacedBy, ReferenceTo("Task", r.ReplacedBy, "")))
	}
	for _, t := range r.History {
		task.Extension = append(task.Extension, historyExtensions([]carecoord.Transition{t})...)
	}
	for _, ev := range r.Events {
		task.Extension = append(task.Extension, eventExtension(ev))
	}
	return &Bundle{Type: "transaction", Entry: []BundleEntry{
		{Resource: sr, Request: BundleRequest{Method: "PUT", URL: "ServiceRequest/" + r.ID}},
		{Resource: task, Request: BundleRequest{Method: "PUT", URL: "Task/" + r.ID}},
	}}, nil
}

// lastChange is when r last changed as a referral: the latest of its sending, its status
// changes and its events (zero when it has none of them). It is the Task's lastModified, never
// before its authoredOn (R4 Task invariant inv-1).
func lastChange(r *referral.Referral) time.Time {
	last := r.AuthoredOn
	if n := len(r.History); n > 0 && r.History[n-1].At.After(last) {
		last = r.History[n-1].At
	}
	for i := range r.Events {
		if r.Events[i].At.After(last) {
			last = r.Events[i].At
		}
	}
	return last
}

// appendOutputs appends an output of type typ for each outcome, with its result, when and by
// whom, then one output for each of its documents.
func appendOutputs(out []TaskOutput, typ carecoord.Coding, outcomes []referral.Outcome) []TaskOutput {
	for _, o := range outcomes {
		coded := TaskOutput{Type: ConceptOf(typ), ValueType: "CodeableConcept", ValueCodeableConcept: ConceptOf(o.Result)}
		coded.Extension = []Extension{dateTimeExtension(ExtensionOutputAt, o.At), referenceExtension(ExtensionOutputBy, referenceOf(o.By))}
		out = append(out, coded)
		for _, doc := range o.Documents {
			out = append(out, TaskOutput{Type: ConceptOf(typ), ValueType: "Reference", ValueReference: Reference{Reference: doc}})
		}
	}
	return out
}

// eventExtension returns ev as an [ExtensionReferralEvent], each part that is set.
func eventExtension(ev referral.Event) Extension {
	x := Extension{URL: ExtensionReferralEvent, Extension: []Extension{
		{URL: "id", ValueType: "Id", Value: jsonString(ev.ID)},
		codeExtension("kind", string(ev.Kind)),
		codeExtension("side", string(ev.Side)),
		referenceExtension("by", referenceOf(ev.By)),
		dateTimeExtension("at", ev.At),
	}}
	if ev.To != "" {
		x.Extension = append(x.Extension, codeExtension("to", string(ev.To)))
	}
	if !ev.Reason.IsZero() {
		x.Extension = append(x.Extension, codingExtension("reason", ev.Reason))
	}
	if !ev.Appointment.IsZero() {
		x.Extension = append(x.Extension, dateTimeExtension("appointment", ev.Appointment))
	}
	o := ev.Outcome
	var out []Extension
	if !o.Result.IsZero() {
		out = append(out, codingExtension("result", o.Result))
	}
	for _, doc := range o.Documents {
		out = append(out, referenceExtension("document", Reference{Reference: doc}))
	}
	if !o.At.IsZero() {
		out = append(out, dateTimeExtension("at", o.At))
	}
	if !o.By.IsZero() {
		out = append(out, referenceExtension("by", referenceOf(o.By)))
	}
	if len(out) > 0 {
		x.Extension = append(x.Extension, Extension{URL: "outcome", Extension: out})
	}
	return x
}

// dateTimeExtension returns an extension whose value is the dateTime t.
func dateTimeExtension(url string, t time.Time) Extension {
	return Extension{URL: url, ValueType: "DateTime", Value: jsonString(string(DateTimeOf(t)))}
}

// codingExtension returns an extension whose value is the Coding c.
func codingExtension(url string, c carecoord.Coding) Extension {
	fc := CodingOf(c)
	return valueExtension(url, "Coding", &fc)
}

// Coding returns the value of an extension whose value is a Coding.
func (x Extension) Coding() (Coding, bool) { return extensionValue[Coding](x, "Coding") }

// ReferralFromTask reads a referral.Referral from a referral Task and the ServiceRequest its
// focus names, written by [ReferralOf] or by another system (a Gravity SDOHCC referral, a
// 360X-style clinical one). With sr nil, the ServiceRequest must be contained in the Task; to
// read the pair from a Bundle, use [Import], which resolves focus between entries.
//
// The Task gives the status, business status, status reason, patient, requester, performer
// (owner), priority, authoredOn, outputs and the carecoord extensions; the ServiceRequest gives
// the kind (category), service (code) and reasons (reasonCode, and reasonReference to a
// Condition in the resource or its bundle, by its first coding). What the Task does not give
// is taken from the ServiceRequest (requester, performer, priority, authoredOn), and what
// neither gives is derived, each reported as an [IssueAssumed]: the profile from meta.profile
// (SDOHCC-TaskForReferralManagement is sdoh-cc, else core); the kind from a SNOMED CT category
// (11429006 Consultation is specialist, 409063005 Counselling behavioral, 410606002 Social
// service procedure community) or an SDOHCC category (community); routine priority (FHIR's
// default); an outcome's result, for a resulting-activity output that is a reference with no
// coded output before it, from the service asked for; when and by whom it was returned, from
// the Task's lastModified (or meta.lastUpdated) and owner. Where the two resources disagree the Task wins
// and the difference is reported; other elements read but not kept are reported as Issues.
//
// The error matches carecoord.ErrInvalid: a modifier extension (FHIR R4 §2.4.1.1), a Task
// whose code is not fulfill, an intent that is not an order, a ServiceRequest with
// doNotPerform, one for another patient, a missing or malformed patient, focus or time, or a
// referral that is not valid ([referral.Referral.Validate], paths prefixed "Task").
func ReferralFromTask(task *Task, sr *ServiceRequest) (referral.Referral, []Issue, error) {
	m := mapping{path: "Task"}
	r := m.referral(task, sr, "ServiceRequest")
	return r, m.issues, m.errs.Err()
}

// referral maps task and sr, whose paths are m.path and srPath. With sr nil, it resolves
// task.focus to a contained ServiceRequest or one in m's bundle.
func (m *mapping) referral(task *Task, sr *ServiceRequest, srPath string) referral.Referral {
	if sr == nil {
		sr, srPath = m.focus(task)
		if sr == nil {
			m.errs.Add(carecoord.Required(m.path+".focus", "must refer to the referral's ServiceRequest, contained in the Task or in its bundle"))
			return referral.Referral{}
		}
	} else if t, id, ok := task.Focus.Target(); task.Focus.Reference == "" || ok && (t != "ServiceRequest" || sr.ID != "" && id != sr.ID) {
		m.errs.Add(carecoord.Invalid(m.path+".focus", "must refer to the ServiceRequest given"))
	}
	m.modifiers(task.ModifierExtension, "modifierExtension")
	m.companions(&task.Extras, "")
	r := referral.Referral{Meta: m.meta(&task.DomainResource), Status: referral.Status(task.Status)}
	if !fulfils(task) {
		m.errs.Add(carecoord.NotSupported(m.path+".code", taskFulfill))
	} else if task.Code.Text != "" && len(task.Code.Coding) == 0 {
		m.issue(".code", IssueNotMapped, "is text with no task-code coding; carecoord reads every referral Task as fulfill")
	}
	m.orderIntent(task.Intent)
	r.Patient = carecoord.PatientID(m.target(task.For, "for", "Patient"))
	r.Requester = m.actor(task.Requester, "requester")
	r.Performer = m.actor(task.Owner, "owner")
	r.Priority = referral.Priority(task.Priority)
	r.AuthoredOn = m.optionalInstant(task.AuthoredOn, "authoredOn")
	if c, ok := m.concept(task.StatusReason, ".statusReason"); ok {
		r.StatusReason = c
	} else if task.StatusReason.Text != "" {
		m.issue(".statusReason", IssueNotMapped, "is text with no coding; carecoord keeps a coded reason")
	}
	if c, ok := task.BusinessStatus.First(SystemReferralBusinessStatus); ok {
		r.Business = referral.Business(c.Code)
	}
	if len(task.BusinessStatus.Coding) > 1 || task.BusinessStatus.Text != "" || len(task.BusinessStatus.Coding) == 1 && r.Business == "" {
		m.issue(".businessStatus", IssueNotMapped, "holds what is not one carecoord business status coding")
	}
	profiled := m.taskExtensions(task, &r)

	saved := m.path
	m.path = srPath
	m.serviceRequest(sr, &r)
	m.path = saved

	if !profiled {
		r.Profile = referral.ProfileCore
		rel, detail := ".extension", "gives no referral profile: core assumed"
		if slices.Contains(task.Meta.Profile, profileSDOHCCTask) {
			r.Profile = referral.ProfileSDOHCC
			rel, detail = ".meta.profile", "names SDOHCC-TaskForReferralManagement: the sdoh-cc profile assumed"
		}
		m.issue(rel, IssueAssumed, detail)
	}
	if r.Priority == "" {
		r.Priority = referral.PriorityRoutine
		m.issue(".priority", IssueAssumed, "is not given: routine assumed (FHIR's default)")
	}
	m.outputs(task, &r)
	if task.LastModified != "" {
		if t, ok := task.LastModified.Time(); !ok || !t.Equal(lastChange(&r)) {
			m.issue(".lastModified", IssueNotMapped, "is not the referral's last change (its sending, history and events); carecoord derives it")
		}
	}
	if len(m.errs) == 0 {
		m.errs.Nest(m.path, r.Validate())
	}
	return r
}

// fulfils reports whether task may be a referral's: its code is task-code fulfill, or it has
// no coded code.
func fulfils(task *Task) bool {
	return len(task.Code.Coding) == 0 || holds(task.Code, systemTaskCode, taskFulfill)
}

// focus resolves task.focus to a contained ServiceRequest or one in m's bundle, and returns it
// with its path.
func (m *mapping) focus(task *Task) (*ServiceRequest, string) {
	ref := task.Focus.Reference
	sr, _ := m.resolve(&task.DomainResource, ref).(*ServiceRequest)
	switch {
	case sr == nil:
		return nil, ""
	case strings.HasPrefix(ref, "#"):
		for i, c := range task.Contained {
			if c == Resource(sr) {
				return sr, m.path + ".contained[" + strconv.Itoa(i) + "]"
			}
		}
	}
	return sr, "Bundle.entry[" + strconv.Itoa(m.bundle.position(ref)) + "].resource"
}

// taskExtensions reads the carecoord extensions of a referral Task, and reports whether one
// gave the profile.
func (m *mapping) taskExtensions(task *Task, r *referral.Referral) (profiled bool) {
	for i, x := range task.Extension {
		rel := ".extension[" + strconv.Itoa(i) + "]"
		switch x.URL {
		case ExtensionReferralProfile:
			if v, ok := x.String(); ok {
				r.Profile, profiled = referral.Profile(v), true
				continue
			}
		case ExtensionAcknowledged:
			if t, ok := m.extensionTime(x, rel); ok {
				r.Acknowledged = t
				continue
			}
		case ExtensionReplacedBy:
			if ref, ok := x.Reference(); ok {
				r.ReplacedBy = m.target(ref, rel[1:]+".valueReference", "Task")
				continue
			}
		case ExtensionStatusHistory:
			if x.ValueType == "" {
				r.History = append(r.History, m.transition(x, rel))
				continue
			}
		case ExtensionReferralEvent:
			if x.ValueType == "" {
				r.Events = append(r.Events, m.referralEvent(x, rel))
				continue
			}
		}
		m.issue(rel, IssueNotMapped, "is an extension carecoord does not map")
	}
	return profiled
}

// serviceRequest reads the order's elements into r, which already holds the Task's: the
// ServiceRequest fills what the Task leaves out, and what it says otherwise is reported.
func (m *mapping) serviceRequest(sr *ServiceRequest, r *referral.Referral) {
	m.modifiers(sr.ModifierExtension, "modifierExtension")
	m.companions(&sr.Extras, "")
	m.orderIntent(sr.Intent)
	if sr.DoNotPerform != nil && *sr.DoNotPerform {
		m.errs.Add(carecoord.NotAllowed(m.path+".doNotPerform", "must not be true: a request not to perform a service is not a referral"))
	}
	if sr.Status != "" && sr.Status != requestStatus(r.Status) && !(r.Status == referral.StatusCompleted && sr.Status == "active") {
		m.issue(".status", IssueUnsupportedValue, "does not go with the Task's status; carecoord follows the Task")
	}
	if sr.Meta.VersionID != "" || sr.Meta.LastUpdated != "" || len(sr.Meta.Profile) > 0 || len(sr.Meta.Extension) > 0 {
		m.issue(".meta", IssueNotMapped, "is the ServiceRequest's own; carecoord versions a referral by its Task")
	}
	for i := range sr.Extension {
		m.issue(".extension["+strconv.Itoa(i)+"]", IssueNotMapped, "is an extension carecoord does not map")
	}
	if sr.Subject.Reference != "" && carecoord.PatientID(m.target(sr.Subject, "subject", "Patient")) != r.Patient {
		m.errs.Add(carecoord.Invalid(m.path+".subject", "must be the Task's patient"))
	}
	switch requester := m.actor(sr.Requester, "requester"); {
	case r.Requester.IsZero() && !requester.IsZero():
		r.Requester = requester
		m.issue(".requester", IssueAssumed, "gives the requester: the Task has none")
	case !requester.IsZero() && !requester.SameAs(r.Requester):
		m.issue(".requester", IssueNotMapped, "differs from the Task's requester, which carecoord keeps")
	}
	for i, ref := range sr.Performer {
		rel := ".performer[" + strconv.Itoa(i) + "]"
		switch p := m.actor(ref, rel[1:]); {
		case r.Performer.IsZero() && i == 0:
			r.Performer = p
			m.issue(rel, IssueAssumed, "gives the performer: the Task has no owner")
		case !p.SameAs(r.Performer):
			m.issue(rel, IssueNotMapped, "is not the Task's owner; carecoord keeps one performer")
		}
	}
	switch {
	case sr.Priority == "":
	case r.Priority == "":
		r.Priority = referral.Priority(sr.Priority)
		m.issue(".priority", IssueAssumed, "gives the priority: the Task has none")
	case sr.Priority != string(r.Priority):
		m.issue(".priority", IssueNotMapped, "differs from the Task's priority, which carecoord keeps")
	}
	if sr.AuthoredOn != "" {
		switch t := m.optionalInstant(sr.AuthoredOn, "authoredOn"); {
		case r.AuthoredOn.IsZero():
			r.AuthoredOn = t
			m.issue(".authoredOn", IssueAssumed, "gives when the referral was sent: the Task does not")
		case !t.Equal(r.AuthoredOn):
			m.issue(".authoredOn", IssueNotMapped, "differs from the Task's authoredOn, which carecoord keeps")
		}
	}
	r.Kind = m.kind(sr)
	if c, ok := m.concept(sr.Code, ".code"); ok {
		r.Service = c
	}
	for i, cc := range sr.ReasonCode {
		rel := ".reasonCode[" + strconv.Itoa(i) + "]"
		if c, ok := m.concept(cc, rel); ok {
			r.Reasons = append(r.Reasons, c)
			continue
		}
		m.issue(rel, IssueUnsupportedValue, "has no coding; carecoord keeps coded reasons")
	}
	for i, ref := range sr.ReasonReference {
		rel := ".reasonReference[" + strconv.Itoa(i) + "]"
		cond, _ := m.resolve(&sr.DomainResource, ref.Reference).(*Condition)
		if cond == nil {
			m.issue(rel, IssueUnresolvedReference, "does not refer to a Condition in the resource or its bundle; carecoord keeps coded reasons")
			continue
		}
		if !m.condition(cond, m.locate(m.path, &sr.DomainResource, ref.Reference, cond), rel) {
			continue
		}
		if c, ok := cond.Code.First(""); ok {
			r.Reasons = append(r.Reasons, c)
			continue
		}
		m.issue(rel, IssueUnsupportedValue, "refers to a Condition with no coding")
	}
}

// kind reads the referral kind from the ServiceRequest's categories: carecoord's coding, or
// derived from a SNOMED CT category (kindCategory) or, for an SDOHCC category, community.
func (m *mapping) kind(sr *ServiceRequest) referral.Kind {
	var kind, derived referral.Kind
	sdoh := false
	for i, cat := range sr.Category {
		known := false
		for _, c := range cat.Coding {
			if c.System == SystemReferralKind && kind == "" {
				kind, known = referral.Kind(c.Code), true
				continue
			}
			for _, k := range referral.Kinds() {
				if kc, ok := kindCategory(k); ok && kc.Matches(c.Carecoord()) {
					derived, known = k, true
				}
			}
			sdoh = sdoh || c.System == carecoord.SystemSDOHCCTemporary
		}
		if !known {
			m.issue(".category["+strconv.Itoa(i)+"]", IssueNotMapped, "is a category carecoord does not map")
		}
	}
	switch {
	case kind != "":
		if derived != "" && derived != kind {
			m.issue(".category", IssueUnsupportedValue, "has a SNOMED CT category that is not the carecoord kind's; the kind is kept")
		}
	case derived != "":
		kind = derived
		m.issue(".category", IssueAssumed, "gives the kind by a SNOMED CT category: no carecoord kind coding")
	case sdoh:
		kind = referral.KindCommunity
		m.issue(".category", IssueAssumed, "gives an SDOH category: a community referral assumed")
	default:
		m.errs.Add(carecoord.Required(m.path+".category", "must give the referral's kind: a carecoord kind coding or a SNOMED CT category carecoord knows"))
	}
	return kind
}

// outputs reads the Task's outputs: outcomes and interim reports, each a coded output and the
// reference outputs that follow it, and the appointment.
func (m *mapping) outputs(task *Task, r *referral.Referral) {
	returned, _ := task.LastModified.Time()
	if returned.IsZero() {
		returned, _ = task.Meta.LastUpdated.Time()
	}
	var open *[]referral.Outcome // the list whose last outcome the previous output belongs to
	for i := range task.Output {
		o := &task.Output[i]
		rel := ".output[" + strconv.Itoa(i) + "]"
		m.modifiers(o.ModifierExtension, rel[1:]+".modifierExtension")
		var into *[]referral.Outcome
		switch {
		case holds(o.Type, carecoord.SystemSDOHCCTemporary, outputResultingActivity):
			into = &r.Outcomes
		case holds(o.Type, SystemReferralOutput, outputInterimReport):
			into = &r.Reports
		case holds(o.Type, SystemReferralOutput, outputAppointment) && o.ValueType == "DateTime":
			r.Appointment = m.instant(o.ValueDateTime, rel[1:]+".valueDateTime", nil)
			m.extensionsNotMapped(o.Extension, rel)
			open = nil
			continue
		}
		switch {
		case into != nil && o.ValueType == "CodeableConcept":
			out := referral.Outcome{}
			var ok bool
			if out.Result, ok = m.concept(o.ValueCodeableConcept, rel+".valueCodeableConcept"); !ok {
				m.issue(rel, IssueUnsupportedValue, "has no coding; carecoord keeps coded results")
				open = nil
				continue
			}
			for j, x := range o.Extension {
				xrel := rel + ".extension[" + strconv.Itoa(j) + "]"
				if x.URL == ExtensionOutputAt {
					if t, ok := m.extensionTime(x, xrel); ok {
						out.At = t
						continue
					}
				}
				if ref, ok := x.Reference(); ok && x.URL == ExtensionOutputBy {
					out.By = m.actor(ref, xrel[1:]+".valueReference")
					continue
				}
				m.issue(xrel, IssueNotMapped, "is an extension carecoord does not map")
			}
			*into = append(*into, m.returned(out, rel, returned, r.Performer))
			open = into
		case into != nil && o.ValueType == "Reference" && relativeReference(o.ValueReference.Reference):
			if open != into {
				*into = append(*into, m.returned(referral.Outcome{Result: r.Service}, rel, returned, r.Performer))
				m.issue(rel, IssueAssumed, "refers to what was done with no coded output before it: the service asked for is assumed done")
				open = into
			}
			last := &(*into)[len(*into)-1]
			last.Documents = append(last.Documents, o.ValueReference.Reference)
			m.extensionsNotMapped(o.Extension, rel)
		default:
			m.issue(rel, IssueNotMapped, "is an output carecoord does not map")
			open = nil
		}
	}
}

// returned fills in when and by whom an outcome read from the output at rel was returned, when
// the output does not say, from the Task's last modification and owner.
func (m *mapping) returned(o referral.Outcome, rel string, at time.Time, by carecoord.Actor) referral.Outcome {
	if o.At.IsZero() && !at.IsZero() {
		o.At = at
		m.issue(rel, IssueAssumed, "gives no time it was returned: the Task's lastModified assumed")
	}
	if o.By.IsZero() && !by.IsZero() {
		o.By = by
		m.issue(rel, IssueAssumed, "gives no one who returned it: the Task's owner assumed")
	}
	return o
}

// referralEvent reads an [ExtensionReferralEvent].
func (m *mapping) referralEvent(x Extension, rel string) referral.Event {
	var ev referral.Event
	var kind, side, to string
	m.eachPart(x, rel, func(p Extension, prel string) bool {
		switch p.URL {
		case "id":
			return partString(p, &ev.ID)
		case "kind":
			return partString(p, &kind)
		case "side":
			return partString(p, &side)
		case "to":
			return partString(p, &to)
		case "by":
			return m.partActor(p, prel, &ev.By)
		case "at":
			return m.partTime(p, prel, &ev.At)
		case "appointment":
			return m.partTime(p, prel, &ev.Appointment)
		case "reason":
			return partCoding(p, &ev.Reason)
		case "outcome":
			if p.ValueType != "" {
				return false
			}
			ev.Outcome = m.outcomePart(p, prel)
			return true
		}
		return false
	})
	ev.Kind, ev.Side, ev.To = referral.EventKind(kind), referral.Side(side), referral.Status(to)
	return ev
}

// outcomePart reads the outcome part of an [ExtensionReferralEvent].
func (m *mapping) outcomePart(x Extension, rel string) referral.Outcome {
	var o referral.Outcome
	m.eachPart(x, rel, func(p Extension, prel string) bool {
		switch p.URL {
		case "result":
			return partCoding(p, &o.Result)
		case "document":
			ref, ok := p.Reference()
			if ok {
				o.Documents = append(o.Documents, ref.Reference)
			}
			return ok
		case "at":
			return m.partTime(p, prel, &o.At)
		case "by":
			return m.partActor(p, prel, &o.By)
		}
		return false
	})
	return o
}

// parts calls read for each part (nested extension) of the complex extension x at rel; a part
// read does not know, or whose value is not of the type it needs, is reported.
func (m *mapping) eachPart(x Extension, rel string, read func(p Extension, rel string) bool) {
	for i, p := range x.Extension {
		prel := rel + ".extension[" + strconv.Itoa(i) + "]"
		if !read(p, prel) {
			m.issue(prel, IssueNotMapped, "is a part carecoord does not map, or a value of another type")
		}
	}
}

func partString(p Extension, dst *string) bool {
	v, ok := p.String()
	if ok {
		*dst = v
	}
	return ok
}

func (m *mapping) partTime(p Extension, rel string, dst *time.Time) bool {
	t, ok := m.extensionTime(p, rel)
	if ok {
		*dst = t
	}
	return ok
}

func (m *mapping) partActor(p Extension, rel string, dst *carecoord.Actor) bool {
	ref, ok := p.Reference()
	if ok {
		*dst = m.actor(ref, rel[1:]+".valueReference")
	}
	return ok
}

func partCoding(p Extension, dst *carecoord.Coding) bool {
	c, ok := p.Coding()
	if ok {
		*dst = c.Carecoord()
	}
	return ok
}

// extensionTime reads the valueDateTime of x, which must be to the second with a zone; it
// reports false when x has a value of another type.
func (m *mapping) extensionTime(x Extension, rel string) (time.Time, bool) {
	if x.ValueType != "DateTime" {
		return time.Time{}, false
	}
	s, _ := x.String()
	t, ok := DateTime(s).Time()
	if !ok {
		m.errs.Add(carecoord.Invalid(m.path+rel+".valueDateTime", "must be a dateTime to the second with a zone"))
	}
	return t, true
}

// optionalInstant reads a dateTime that may be left out, and must otherwise be to the second.
func (m *mapping) optionalInstant(t DateTime, rel string) time.Time {
	if t == "" {
		return time.Time{}
	}
	return m.instant(t, rel, nil)
}

// concept reads the one coding carecoord keeps of cc, its first, reporting the others and a
// text that is not the coding's display; false when cc has no coding.
func (m *mapping) concept(cc CodeableConcept, rel string) (carecoord.Coding, bool) {
	c, ok := cc.First("")
	if len(cc.Coding) > 1 {
		m.issue(rel+".coding", IssueNotMapped, "holds codings beyond the first; carecoord keeps one")
	}
	if ok && cc.Text != "" && cc.Text != c.Display {
		m.issue(rel+".text", IssueNotMapped, "is text carecoord does not keep beside the coding")
	}
	return c, ok
}

// orderIntent refuses an intent that is not an order: a proposal or a plan is not a referral
// (request-intent; intent is a modifier element of ServiceRequest).
func (m *mapping) orderIntent(intent string) {
	switch intent {
	case "order", "original-order", "reflex-order", "filler-order", "instance-order":
		return
	case "":
		m.issue(".intent", IssueAssumed, "is not given (R4 requires it): an order assumed")
		return
	}
	m.errs.Add(carecoord.NotSupported(m.path+".intent", "order", "original-order", "reflex-order", "filler-order", "instance-order"))
}

// extensionsNotMapped reports each extension of an element at rel that carecoord does not map.
func (m *mapping) extensionsNotMapped(ext []Extension, rel string) {
	for i := range ext {
		m.issue(rel+".extension["+strconv.Itoa(i)+"]", IssueNotMapped, "is an extension carecoord does not map")
	}
}

// holds reports whether cc has a coding of system with code, or any code of system when code
// is "".
func holds(cc CodeableConcept, system, code string) bool {
	for _, c := range cc.Coding {
		if c.System == system && (code == "" || c.Code == code) {
			return true
		}
	}
	return false
}

// relativeReference reports whether ref has the form of an outcome's document, "Type/id"
// (referral.Outcome.Validate).
func relativeReference(ref string) bool {
	t, id, ok := strings.Cut(ref, "/")
	return ok && t != "" && carecoord.ValidID(id)
}

// referralEntries marks the entries the referral Tasks of a bundle read with them: the
// ServiceRequest each Task's focus names, and the Conditions that ServiceRequest gives as
// reasons.
func referralEntries(b *Bundle, index *bundleIndex) []bool {
	marks := make([]bool, len(b.Entry))
	for j := range b.Entry {
		task, ok := b.Entry[j].Resource.(*Task)
		if !ok || !fulfils(task) {
			continue // a Task Import does not read reads nothing with it
		}
		i := index.position(task.Focus.Reference)
		if i < 0 {
			continue
		}
		sr, ok := b.Entry[i].Resource.(*ServiceRequest)
		if !ok {
			continue
		}
		marks[i] = true
		for _, ref := range sr.ReasonReference {
			if k := index.position(ref.Reference); k >= 0 {
				marks[k] = true
			}
		}
	}
	return marks
}
