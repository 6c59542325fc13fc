package fhir

// A MeasureReport is the result of a quality measure over a period (FHIR R4 MeasureReport):
// here a metrics.Result, written by [MeasureReportOf]. carecoord writes summary reports; it
// does not read them back (a Result is computed from records, not imported).
type MeasureReport struct {
	DomainResource
	Status              string
	Type                string
	Measure             string
	Date                DateTime
	Reporter            Reference
	Period              Period
	ImprovementNotation CodeableConcept
	Group               []MeasureReportGroup
}

// ResourceType returns "MeasureReport".
func (*MeasureReport) ResourceType() string { return "MeasureReport" }

// A MeasureReportGroup is one group of the measure: its populations with their counts, its
// score, and its stratifiers.
type MeasureReportGroup struct {
	BackboneElement
	Code         CodeableConcept
	Population   []MeasureReportPopulation
	MeasureScore Quantity
	Stratifier   []MeasureReportStratifier
}

// A MeasureReportPopulation is one population of a group or stratum (initial population,
// denominator, numerator, exclusions) and how many subjects are in it.
type MeasureReportPopulation struct {
	BackboneElement
	Code  CodeableConcept
	Count *int64
}

// A MeasureReportStratifier is one way the group is stratified, and its strata.
type MeasureReportStratifier struct {
	BackboneElement
	Code    []CodeableConcept
	Stratum []MeasureReportStratum
}

// A MeasureReportStratum is one stratum: its value, populations and score.
type MeasureReportStratum struct {
	BackboneElement
	Value        CodeableConcept
	Population   []MeasureReportPopulation
	MeasureScore Quantity
}

func (x *MeasureReport) member(d *decoder, name string) bool {
	switch name {
	case "status":
		x.Status = d.code()
	case "type":
		x.Type = d.code()
	case "measure":
		x.Measure = d.uri()
	case "date":
		x.Date = d.dateTime()
	case "reporter":
		d.object(&x.Reporter)
	case "period":
		d.object(&x.Period)
	case "improvementNotation":
		d.object(&x.ImprovementNotation)
	case "group":
		x.Group = objectList[MeasureReportGroup](d)
	default:
		return x.DomainResource.member(d, name)
	}
	return true
}

// encode writes the elements in the order of the R4 MeasureReport definition.
func (x *MeasureReport) encode(e *encoder) {
	x.DomainResource.encode(e)
	e.string("status", x.Status)
	e.string("type", x.Type)
	e.string("measure", x.Measure)
	e.string("date", string(x.Date))
	e.object("reporter", &x.Reporter)
	e.object("period", &x.Period)
	e.object("improvementNotation", &x.ImprovementNotation)
	objects(e, "group", x.Group)
}

func (x *MeasureReportGroup) member(d *decoder, name string) bool {
	switch name {
	case "code":
		d.object(&x.Code)
	case "population":
		x.Population = objectList[MeasureReportPopulation](d)
	case "measureScore":
		d.object(&x.MeasureScore)
	case "stratifier":
		x.Stratifier = objectList[MeasureReportStratifier](d)
	default:
		return x.BackboneElement.member(d, name)
	}
	return true
}

func (x *MeasureReportGroup) encode(e *encoder) {
	x.BackboneElement.encode(e)
	e.object("code", &x.Code)
	objects(e, "population", x.Population)
	e.object("measureScore", &x.MeasureScore)
	objects(e, "stratifier", x.Stratifier)
}

func (x *MeasureReportPopulation) member(d *decoder, name string) bool {
	switch name {
	case "code":
		d.object(&x.Code)
	case "count":
		x.Count = d.integer(-1 << 31)
	default:
		return x.BackboneElement.member(d, name)
	}
	return true
}

func (x *MeasureReportPopulation) encode(e *encoder) {
	x.BackboneElement.encode(e)
	e.object("code", &x.Code)
	e.integer("count", x.Count)
}

func (x *MeasureReportStratifier) member(d *decoder, name string) bool {
	switch name {
	case "code":
		x.Code = objectList[CodeableConcept](d)
	case "stratum":
		x.Stratum = objectList[MeasureReportStratum](d)
	default:
		return x.BackboneElement.member(d, name)
	}
	return true
}

func (x *MeasureReportStratifier) encode(e *encoder) {
	x.BackboneElement.encode(e)
	objects(e, "code", x.Code)
	objects(e, "stratum", x.Stratum)
}

func (x *MeasureReportStratum) member(d *decoder, name string) bool {
	switch name {
	case "value":
		d.object(&x.Value)
	case "population":
		x.Population = objectList[MeasureReportPopulation](d)
	case "measureScore":
		d.object(&x.MeasureScore)
	default:
		return x.BackboneElement.member(d, name)
	}
	return true
}

func (x *MeasureReportStratum) encode(e *encoder) {
	x.BackboneElement.encode(e)
	e.object("value", &x.Value)
	objects(e, "population", x.Population)
	e.object("measureScore", &x.MeasureScore)
}
