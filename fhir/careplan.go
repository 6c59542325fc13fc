package fhir

// A CarePlan is the intention of how care is to be given to a patient (FHIR R4 CarePlan), with
// the elements a careplan.CarePlan maps to: its status and intent, what it is about, its
// author (the coordinator), its care team, goals and activities.
type CarePlan struct {
	DomainResource
	Status    string
	Intent    string
	Category  []CodeableConcept
	Title     string
	Subject   Reference
	Period    Period
	Author    Reference
	CareTeam  []Reference
	Addresses []Reference
	Goal      []Reference
	Activity  []CarePlanActivity
}

// ResourceType returns "CarePlan".
func (*CarePlan) ResourceType() string { return "CarePlan" }

// A CarePlanActivity is one action of a care plan: either a reference to the request that
// carries it out or an inline detail (nil when absent), not both (cpl-3).
type CarePlanActivity struct {
	BackboneElement
	Reference Reference
	Detail    *CarePlanActivityDetail
}

// A CarePlanActivityDetail is an activity defined inside the plan (R4 CarePlan.activity.detail).
type CarePlanActivityDetail struct {
	BackboneElement
	// Kind is the type of resource that would carry the activity out (care-plan-activity-kind).
	Kind string
	Code CodeableConcept
	Goal []Reference
	// Status is the care-plan-activity-status code.
	Status string
	// DoNotPerform is a modifier element: true makes the activity one that must not happen.
	DoNotPerform    *bool
	ScheduledTiming *Timing
	Performer       []Reference
	Description     string
}

func (x *CarePlan) member(d *decoder, name string) bool {
	switch name {
	case "status":
		x.Status = d.code()
	case "intent":
		x.Intent = d.code()
	case "category":
		x.Category = objectList[CodeableConcept](d)
	case "title":
		x.Title = d.string()
	case "subject":
		d.object(&x.Subject)
	case "period":
		d.object(&x.Period)
	case "author":
		d.object(&x.Author)
	case "careTeam":
		x.CareTeam = objectList[Reference](d)
	case "addresses":
		x.Addresses = objectList[Reference](d)
	case "goal":
		x.Goal = objectList[Reference](d)
	case "activity":
		d.withExtensions(func() { x.Activity = objectList[CarePlanActivity](d) }) // activity-outcome, activity-link
	default:
		return x.DomainResource.member(d, name)
	}
	return true
}

// encode writes the elements in the order of the R4 CarePlan definition.
func (x *CarePlan) encode(e *encoder) {
	x.DomainResource.encode(e)
	e.string("status", x.Status)
	e.string("intent", x.Intent)
	objects(e, "category", x.Category)
	e.string("title", x.Title)
	e.object("subject", &x.Subject)
	e.object("period", &x.Period)
	e.object("author", &x.Author)
	objects(e, "careTeam", x.CareTeam)
	objects(e, "addresses", x.Addresses)
	objects(e, "goal", x.Goal)
	objects(e, "activity", x.Activity)
}

func (x *CarePlanActivity) member(d *decoder, name string) bool {
	switch name {
	case "reference":
		d.object(&x.Reference)
	case "detail":
		x.Detail = new(CarePlanActivityDetail)
		d.withExtensions(func() { d.object(x.Detail) }) // status history, counts toward adherence
	default:
		return x.BackboneElement.member(d, name)
	}
	return true
}

func (x *CarePlanActivity) encode(e *encoder) {
	x.BackboneElement.encode(e)
	e.object("reference", &x.Reference)
	if x.Detail != nil {
		e.object("detail", x.Detail)
	}
}

// choices returns the choice elements of R4 CarePlan.activity.detail.scheduled[x] and product[x], each given by one type at most.
func (*CarePlanActivityDetail) choices() []string { return []string{"scheduled", "product"} }

func (x *CarePlanActivityDetail) member(d *decoder, name string) bool {
	switch name {
	case "kind":
		x.Kind = d.code()
	case "code":
		d.object(&x.Code)
	case "goal":
		x.Goal = objectList[Reference](d)
	case "status":
		x.Status = d.code()
	case "doNotPerform":
		x.DoNotPerform = d.boolean()
	case "scheduledTiming":
		x.ScheduledTiming = new(Timing)
		d.withExtensions(func() { d.object(x.ScheduledTiming) }) // schedule-version
	case "performer":
		x.Performer = objectList[Reference](d)
	case "description":
		x.Description = d.string()
	default:
		return x.BackboneElement.member(d, name)
	}
	return true
}

func (x *CarePlanActivityDetail) encode(e *encoder) {
	x.BackboneElement.encode(e)
	e.string("kind", x.Kind)
	e.object("code", &x.Code)
	objects(e, "goal", x.Goal)
	e.string("status", x.Status)
	e.boolean("doNotPerform", x.DoNotPerform)
	if x.ScheduledTiming != nil {
		e.object("scheduledTiming", x.ScheduledTiming)
	}
	objects(e, "performer", x.Performer)
	e.string("description", x.Description)
}

// A Goal is an intended objective for a patient (FHIR R4 Goal): its lifecycle, achievement,
// priority, description, measurable targets and the conditions it addresses.
type Goal struct {
	DomainResource
	LifecycleStatus   string
	AchievementStatus CodeableConcept
	Priority          CodeableConcept
	Description       CodeableConcept
	Subject           Reference
	Target            []GoalTarget
	Addresses         []Reference
}

// ResourceType returns "Goal".
func (*Goal) ResourceType() string { return "Goal" }

// A GoalTarget is one measurable target of a goal (R4 Goal.target): a measure, the value that
// meets it (detailQuantity or detailRange, the detail[x] types carecoord maps) and the date by
// which it should be met.
type GoalTarget struct {
	BackboneElement
	Measure        CodeableConcept
	DetailQuantity *Quantity
	DetailRange    *Range
	DueDate        Date
}

// choices returns the choice elements of R4 Goal.start[x], each given by one type at most.
func (*Goal) choices() []string { return []string{"start"} }

func (x *Goal) member(d *decoder, name string) bool {
	switch name {
	case "lifecycleStatus":
		x.LifecycleStatus = d.code()
	case "achievementStatus":
		d.object(&x.AchievementStatus)
	case "priority":
		d.object(&x.Priority)
	case "description":
		d.object(&x.Description)
	case "subject":
		d.object(&x.Subject)
	case "target":
		x.Target = objectList[GoalTarget](d)
	case "addresses":
		x.Addresses = objectList[Reference](d)
	default:
		return x.DomainResource.member(d, name)
	}
	return true
}

// encode writes the elements in the order of the R4 Goal definition.
func (x *Goal) encode(e *encoder) {
	x.DomainResource.encode(e)
	e.string("lifecycleStatus", x.LifecycleStatus)
	e.object("achievementStatus", &x.AchievementStatus)
	e.object("priority", &x.Priority)
	e.object("description", &x.Description)
	e.object("subject", &x.Subject)
	objects(e, "target", x.Target)
	objects(e, "addresses", x.Addresses)
}

// choices returns the choice elements of R4 Goal.target.detail[x] and due[x], each given by one type at most.
func (*GoalTarget) choices() []string { return []string{"detail", "due"} }

func (x *GoalTarget) member(d *decoder, name string) bool {
	switch name {
	case "measure":
		d.object(&x.Measure)
	case "detailQuantity", "detailRange":
		if name == "detailQuantity" {
			x.DetailQuantity = new(Quantity)
			d.object(x.DetailQuantity)
		} else {
			x.DetailRange = new(Range)
			d.object(x.DetailRange)
		}
	case "dueDate":
		x.DueDate = d.date()
	default:
		return x.BackboneElement.member(d, name)
	}
	return true
}

func (x *GoalTarget) encode(e *encoder) {
	x.BackboneElement.encode(e)
	e.object("measure", &x.Measure)
	if x.DetailQuantity != nil {
		e.object("detailQuantity", x.DetailQuantity)
	}
	if x.DetailRange != nil {
		e.object("detailRange", x.DetailRange)
	}
	e.string("dueDate", string(x.DueDate))
}

// A CareTeam is the people and organisations who plan to take part in a patient's care (FHIR
// R4 CareTeam): its status, subject and participants.
type CareTeam struct {
	DomainResource
	Status      string
	Subject     Reference
	Participant []CareTeamParticipant
}

// ResourceType returns "CareTeam".
func (*CareTeam) ResourceType() string { return "CareTeam" }

// A CareTeamParticipant is one member of a care team, in roles, for a period, possibly on
// behalf of an organisation (only when the member is a practitioner, ctm-1).
type CareTeamParticipant struct {
	BackboneElement
	Role       []CodeableConcept
	Member     Reference
	OnBehalfOf Reference
	Period     Period
}

func (x *CareTeam) member(d *decoder, name string) bool {
	switch name {
	case "status":
		x.Status = d.code()
	case "subject":
		d.object(&x.Subject)
	case "participant":
		d.withExtensions(func() { x.Participant = objectList[CareTeamParticipant](d) }) // team-member
	default:
		return x.DomainResource.member(d, name)
	}
	return true
}

// encode writes the elements in the order of the R4 CareTeam definition.
func (x *CareTeam) encode(e *encoder) {
	x.DomainResource.encode(e)
	e.string("status", x.Status)
	e.object("subject", &x.Subject)
	objects(e, "participant", x.Participant)
}

func (x *CareTeamParticipant) member(d *decoder, name string) bool {
	switch name {
	case "role":
		x.Role = objectList[CodeableConcept](d)
	case "member":
		d.object(&x.Member)
	case "onBehalfOf":
		d.object(&x.OnBehalfOf)
	case "period":
		d.object(&x.Period)
	default:
		return x.BackboneElement.member(d, name)
	}
	return true
}

func (x *CareTeamParticipant) encode(e *encoder) {
	x.BackboneElement.encode(e)
	objects(e, "role", x.Role)
	e.object("member", &x.Member)
	e.object("onBehalfOf", &x.OnBehalfOf)
	e.object("period", &x.Period)
}
