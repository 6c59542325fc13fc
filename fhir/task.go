package fhir

import "strings"

// A ServiceRequest is a request for a service to be performed (FHIR R4 ServiceRequest,
// hl7.org/fhir/R4/servicerequest.html): here the order of a referral, in the shape of the
// Gravity SDOH Clinical Care IG's SDOHCC-ServiceRequest for community referrals. It holds the
// elements a referral.Referral maps to, and doNotPerform, which a reader must see because it
// turns the request into a prohibition.
type ServiceRequest struct {
	DomainResource
	Status          string
	Intent          string
	Category        []CodeableConcept
	Priority        string
	DoNotPerform    *bool
	Code            CodeableConcept
	Subject         Reference
	AuthoredOn      DateTime
	Requester       Reference
	Performer       []Reference
	ReasonCode      []CodeableConcept
	ReasonReference []Reference
}

// ResourceType returns "ServiceRequest".
func (*ServiceRequest) ResourceType() string { return "ServiceRequest" }

// choices returns the choice elements of R4 ServiceRequest.quantity[x], occurrence[x] and asNeeded[x], each given by one type at most.
func (*ServiceRequest) choices() []string { return []string{"quantity", "occurrence", "asNeeded"} }

func (x *ServiceRequest) member(d *decoder, name string) bool {
	switch name {
	case "status":
		x.Status = d.code()
	case "intent":
		x.Intent = d.code()
	case "category":
		x.Category = objectList[CodeableConcept](d)
	case "priority":
		x.Priority = d.code()
	case "doNotPerform":
		x.DoNotPerform = d.boolean()
	case "code":
		d.object(&x.Code)
	case "subject":
		d.object(&x.Subject)
	case "authoredOn":
		x.AuthoredOn = d.dateTime()
	case "requester":
		d.object(&x.Requester)
	case "performer":
		x.Performer = objectList[Reference](d)
	case "reasonCode":
		x.ReasonCode = objectList[CodeableConcept](d)
	case "reasonReference":
		x.ReasonReference = objectList[Reference](d)
	default:
		return x.DomainResource.member(d, name)
	}
	return true
}

// encode writes the elements in the order of the R4 ServiceRequest definition.
func (x *ServiceRequest) encode(e *encoder) {
	x.DomainResource.encode(e)
	e.string("status", x.Status)
	e.string("intent", x.Intent)
	objects(e, "category", x.Category)
	e.string("priority", x.Priority)
	e.boolean("doNotPerform", x.DoNotPerform)
	e.object("code", &x.Code)
	e.object("subject", &x.Subject)
	e.string("authoredOn", string(x.AuthoredOn))
	e.object("requester", &x.Requester)
	objects(e, "performer", x.Performer)
	objects(e, "reasonCode", x.ReasonCode)
	objects(e, "reasonReference", x.ReasonReference)
}

// A Task is an activity to be performed (FHIR R4 Task, hl7.org/fhir/R4/task.html): here the
// fulfilment of a referral's ServiceRequest, in the shape of the Gravity SDOH Clinical Care IG's
// SDOHCC-TaskForReferralManagement (code fulfill, focus the ServiceRequest, owner the
// performer, output what was done). It holds the elements a referral.Referral maps to.
type Task struct {
	DomainResource
	Status         string
	StatusReason   CodeableConcept
	BusinessStatus CodeableConcept
	Intent         string
	Priority       string
	Code           CodeableConcept
	Focus          Reference
	For            Reference
	AuthoredOn     DateTime
	LastModified   DateTime
	Requester      Reference
	Owner          Reference
	Output         []TaskOutput
}

// ResourceType returns "Task".
func (*Task) ResourceType() string { return "Task" }

// A TaskOutput is one thing the task produced: a type and a value of any type (value[x]).
// carecoord maps a CodeableConcept, a Reference or a dateTime; a value of another type is
// kept, with DecodeOptions.KeepUnknown, as an unknown member, and ValueType names it.
type TaskOutput struct {
	BackboneElement
	Type CodeableConcept
	// ValueType is the value's FHIR type as it follows "value" in JSON ("CodeableConcept",
	// "Reference", "DateTime"); empty when the output has no value.
	ValueType            string
	ValueCodeableConcept CodeableConcept
	ValueReference       Reference
	ValueDateTime        DateTime
}

func (x *Task) member(d *decoder, name string) bool {
	switch name {
	case "status":
		x.Status = d.code()
	case "statusReason":
		d.object(&x.StatusReason)
	case "businessStatus":
		d.object(&x.BusinessStatus)
	case "intent":
		x.Intent = d.code()
	case "priority":
		x.Priority = d.code()
	case "code":
		d.object(&x.Code)
	case "focus":
		d.object(&x.Focus)
	case "for":
		d.object(&x.For)
	case "authoredOn":
		x.AuthoredOn = d.dateTime()
	case "lastModified":
		x.LastModified = d.dateTime()
	case "requester":
		d.object(&x.Requester)
	case "owner":
		d.object(&x.Owner)
	case "output":
		d.withExtensions(func() { x.Output = objectList[TaskOutput](d) }) // output-at, output-by
	default:
		return x.DomainResource.member(d, name)
	}
	return true
}

// encode writes the elements in the order of the R4 Task definition.
func (x *Task) encode(e *encoder) {
	x.DomainResource.encode(e)
	e.string("status", x.Status)
	e.object("statusReason", &x.StatusReason)
	e.object("businessStatus", &x.BusinessStatus)
	e.string("intent", x.Intent)
	e.string("priority", x.Priority)
	e.object("code", &x.Code)
	e.object("focus", &x.Focus)
	e.object("for", &x.For)
	e.string("authoredOn", string(x.AuthoredOn))
	e.string("lastModified", string(x.LastModified))
	e.object("requester", &x.Requester)
	e.object("owner", &x.Owner)
	objects(e, "output", x.Output)
}

// member reads type and value[x]; a value of a type carecoord does not map is an unknown
// member, and a second value[x] is refused.
// choices returns the choice elements of R4 Task.output.value[x], each given by one type at most.
func (*TaskOutput) choices() []string { return []string{"value"} }

func (x *TaskOutput) member(d *decoder, name string) bool {
	if name == "type" {
		d.object(&x.Type)
		return true
	}
	t, isValue := strings.CutPrefix(name, "value")
	if _, ok := valueKind(t); !isValue || !ok {
		return x.BackboneElement.member(d, name)
	}
	x.ValueType = t
	switch t {
	case "CodeableConcept":
		d.object(&x.ValueCodeableConcept)
	case "Reference":
		d.object(&x.ValueReference)
	case "DateTime":
		x.ValueDateTime = d.dateTime()
	default:
		d.unknown(&x.Extras, name)
	}
	return true
}

func (x *TaskOutput) encode(e *encoder) {
	x.BackboneElement.encode(e)
	e.object("type", &x.Type)
	switch x.ValueType {
	case "CodeableConcept":
		e.object("valueCodeableConcept", &x.ValueCodeableConcept)
	case "Reference":
		e.object("valueReference", &x.ValueReference)
	case "DateTime":
		e.string("valueDateTime", string(x.ValueDateTime))
	}
}
