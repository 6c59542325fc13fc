package fhir

// An Observation is a measurement or a finding (FHIR R4 Observation): here an answer to a
// screening question, a screening's calculated result, or the grouping of a screening's
// observations, in the shape of the SDOH Clinical Care IG's SDOHCC Observation Screening Response
// ([ObservationsOf], [ResponseFromObservations]). Of value[x] it maps valueQuantity,
// valueCodeableConcept and valueInteger, of effective[x] effectiveDateTime.
type Observation struct {
	DomainResource
	Status               string
	Category             []CodeableConcept
	Code                 CodeableConcept
	Subject              Reference
	EffectiveDateTime    DateTime
	Performer            []Reference
	ValueQuantity        *Quantity
	ValueCodeableConcept *CodeableConcept
	ValueInteger         *int64
	DataAbsentReason     CodeableConcept
	Interpretation       []CodeableConcept
	HasMember            []Reference
	DerivedFrom          []Reference
}

// ResourceType returns "Observation".
func (*Observation) ResourceType() string { return "Observation" }

// choices returns the choice elements of R4 Observation.value[x] and effective[x], each given by one type at most.
func (*Observation) choices() []string { return []string{"value", "effective"} }

func (x *Observation) member(d *decoder, name string) bool {
	switch name {
	case "status":
		x.Status = d.code()
	case "category":
		x.Category = objectList[CodeableConcept](d)
	case "code":
		d.object(&x.Code)
	case "subject":
		d.object(&x.Subject)
	case "effectiveDateTime":
		x.EffectiveDateTime = d.dateTime()
	case "performer":
		x.Performer = objectList[Reference](d)
	case "valueQuantity", "valueCodeableConcept", "valueInteger":
		switch name {
		case "valueQuantity":
			x.ValueQuantity = new(Quantity)
			d.object(x.ValueQuantity)
		case "valueCodeableConcept":
			x.ValueCodeableConcept = new(CodeableConcept)
			d.object(x.ValueCodeableConcept)
		default:
			x.ValueInteger = d.integer(-1 << 31)
		}
	case "dataAbsentReason":
		d.object(&x.DataAbsentReason)
	case "interpretation":
		x.Interpretation = objectList[CodeableConcept](d)
	case "hasMember":
		x.HasMember = objectList[Reference](d)
	case "derivedFrom":
		x.DerivedFrom = objectList[Reference](d)
	default:
		return x.DomainResource.member(d, name)
	}
	return true
}

// encode writes the elements in the order of the R4 Observation definition.
func (x *Observation) encode(e *encoder) {
	x.DomainResource.encode(e)
	e.string("status", x.Status)
	objects(e, "category", x.Category)
	e.object("code", &x.Code)
	e.object("subject", &x.Subject)
	e.string("effectiveDateTime", string(x.EffectiveDateTime))
	objects(e, "performer", x.Performer)
	if x.ValueQuantity != nil {
		e.object("valueQuantity", x.ValueQuantity)
	}
	if x.ValueCodeableConcept != nil {
		e.object("valueCodeableConcept", x.ValueCodeableConcept)
	}
	e.integer("valueInteger", x.ValueInteger)
	e.object("dataAbsentReason", &x.DataAbsentReason)
	objects(e, "interpretation", x.Interpretation)
	objects(e, "hasMember", x.HasMember)
	objects(e, "derivedFrom", x.DerivedFrom)
}
