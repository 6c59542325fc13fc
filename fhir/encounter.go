package fhir

// An Encounter is an interaction between a patient and a provider: here a hospital stay, an
// emergency visit or an observation stay (FHIR R4 Encounter), with the elements a
// transition.Event maps to.
type Encounter struct {
	DomainResource
	Status          string
	Class           Coding
	Type            []CodeableConcept
	Subject         Reference
	Participant     []EncounterParticipant
	Period          Period
	Diagnosis       []EncounterDiagnosis
	Hospitalization EncounterHospitalization
	ServiceProvider Reference
}

// ResourceType returns "Encounter".
func (*Encounter) ResourceType() string { return "Encounter" }

// An EncounterParticipant is someone who took part in the encounter, in a role.
type EncounterParticipant struct {
	BackboneElement
	Type       []CodeableConcept
	Individual Reference
}

// An EncounterDiagnosis is a diagnosis of the encounter: a reference to the Condition, its use
// (admission, discharge, billing…) and its rank (1 is the principal diagnosis).
type EncounterDiagnosis struct {
	BackboneElement
	Condition Reference
	Use       CodeableConcept
	Rank      *int64
}

// EncounterHospitalization is the stay's admission and discharge details; carecoord maps where
// the patient went.
type EncounterHospitalization struct {
	BackboneElement
	DischargeDisposition CodeableConcept
}

func (x *Encounter) member(d *decoder, name string) bool {
	switch name {
	case "status":
		x.Status = d.code()
	case "class":
		d.object(&x.Class)
	case "type":
		x.Type = objectList[CodeableConcept](d)
	case "subject":
		d.object(&x.Subject)
	case "participant":
		x.Participant = objectList[EncounterParticipant](d)
	case "period":
		d.object(&x.Period)
	case "diagnosis":
		x.Diagnosis = objectList[EncounterDiagnosis](d)
	case "hospitalization":
		d.object(&x.Hospitalization)
	case "serviceProvider":
		d.object(&x.ServiceProvider)
	default:
		return x.DomainResource.member(d, name)
	}
	return true
}

// encode writes the elements in the order of the R4 Encounter definition.
func (x *Encounter) encode(e *encoder) {
	x.DomainResource.encode(e)
	e.string("status", x.Status)
	e.object("class", &x.Class)
	objects(e, "type", x.Type)
	e.object("subject", &x.Subject)
	objects(e, "participant", x.Participant)
	e.object("period", &x.Period)
	objects(e, "diagnosis", x.Diagnosis)
	e.object("hospitalization", &x.Hospitalization)
	e.object("serviceProvider", &x.ServiceProvider)
}

func (x *EncounterParticipant) member(d *decoder, name string) bool {
	switch name {
	case "type":
		x.Type = objectList[CodeableConcept](d)
	case "individual":
		d.object(&x.Individual)
	default:
		return x.BackboneElement.member(d, name)
	}
	return true
}

func (x *EncounterParticipant) encode(e *encoder) {
	x.BackboneElement.encode(e)
	objects(e, "type", x.Type)
	e.object("individual", &x.Individual)
}

func (x *EncounterDiagnosis) member(d *decoder, name string) bool {
	switch name {
	case "condition":
		d.object(&x.Condition)
	case "use":
		d.object(&x.Use)
	case "rank":
		x.Rank = d.integer(1)
	default:
		return x.BackboneElement.member(d, name)
	}
	return true
}

func (x *EncounterDiagnosis) encode(e *encoder) {
	x.BackboneElement.encode(e)
	e.object("condition", &x.Condition)
	e.object("use", &x.Use)
	e.integer("rank", x.Rank)
}

func (x *EncounterHospitalization) member(d *decoder, name string) bool {
	if name == "dischargeDisposition" {
		d.object(&x.DischargeDisposition)
		return true
	}
	return x.BackboneElement.member(d, name)
}

func (x *EncounterHospitalization) encode(e *encoder) {
	x.BackboneElement.encode(e)
	e.object("dischargeDisposition", &x.DischargeDisposition)
}

// A Condition is a problem or diagnosis (FHIR R4 Condition): carecoord maps its code, category
// and subject (a stay's diagnoses, an SDOH problem), and for a social need its clinical and
// verification status and the evidence for it ([ConditionsOf]).
type Condition struct {
	DomainResource
	ClinicalStatus     CodeableConcept
	VerificationStatus CodeableConcept
	Category           []CodeableConcept
	Code               CodeableConcept
	Subject            Reference
	Evidence           []ConditionEvidence
}

// A ConditionEvidence is what a condition was concluded from: manifestations or symptoms
// (Code) and the resources that record them (Detail).
type ConditionEvidence struct {
	BackboneElement
	Code   []CodeableConcept
	Detail []Reference
}

// ResourceType returns "Condition".
func (*Condition) ResourceType() string { return "Condition" }

// choices returns the choice elements of R4 Condition.onset[x] and abatement[x], each given by one type at most.
func (*Condition) choices() []string { return []string{"onset", "abatement"} }

func (x *Condition) member(d *decoder, name string) bool {
	switch name {
	case "clinicalStatus":
		d.object(&x.ClinicalStatus)
	case "verificationStatus":
		d.object(&x.VerificationStatus)
	case "category":
		x.Category = objectList[CodeableConcept](d)
	case "code":
		d.object(&x.Code)
	case "subject":
		d.object(&x.Subject)
	case "evidence":
		x.Evidence = objectList[ConditionEvidence](d)
	default:
		return x.DomainResource.member(d, name)
	}
	return true
}

func (x *Condition) encode(e *encoder) {
	x.DomainResource.encode(e)
	e.object("clinicalStatus", &x.ClinicalStatus)
	e.object("verificationStatus", &x.VerificationStatus)
	objects(e, "category", x.Category)
	e.object("code", &x.Code)
	e.object("subject", &x.Subject)
	objects(e, "evidence", x.Evidence)
}

func (x *ConditionEvidence) member(d *decoder, name string) bool {
	switch name {
	case "code":
		x.Code = objectList[CodeableConcept](d)
	case "detail":
		x.Detail = objectList[Reference](d)
	default:
		return x.BackboneElement.member(d, name)
	}
	return true
}

func (x *ConditionEvidence) encode(e *encoder) {
	x.BackboneElement.encode(e)
	objects(e, "code", x.Code)
	objects(e, "detail", x.Detail)
}
