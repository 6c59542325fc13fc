package fhir

import "github.com/shopspring/decimal"

// A QuestionnaireResponse is a set of answers to a questionnaire (FHIR R4 QuestionnaireResponse):
// here a completed SDOH screening, an sdoh.Response ([QuestionnaireResponseOf]). Language is
// Resource.language, the language the questionnaire was given in.
type QuestionnaireResponse struct {
	DomainResource
	Language      string
	Questionnaire string
	Status        string
	Subject       Reference
	Authored      DateTime
	Source        Reference
	Item          []QuestionnaireResponseItem
}

// ResourceType returns "QuestionnaireResponse".
func (*QuestionnaireResponse) ResourceType() string { return "QuestionnaireResponse" }

// A QuestionnaireResponseItem is one question (or group of questions) and its answers. Text is
// the question's wording as the questionnaire gives it; a group holds its questions in Item.
type QuestionnaireResponseItem struct {
	BackboneElement
	LinkID string
	Text   string
	Answer []QuestionnaireResponseAnswer
	Item   []QuestionnaireResponseItem
}

// A QuestionnaireResponseAnswer is one answer to a question: a coding or a number (value[x]
// of the types carecoord maps), and the questions nested under the answer.
type QuestionnaireResponseAnswer struct {
	BackboneElement
	ValueCoding  *Coding
	ValueDecimal decimal.NullDecimal
	ValueInteger *int64
	Item         []QuestionnaireResponseItem
}

func (x *QuestionnaireResponse) member(d *decoder, name string) bool {
	switch name {
	case "language":
		x.Language = d.code()
	case "questionnaire":
		x.Questionnaire = d.uri()
	case "status":
		x.Status = d.code()
	case "subject":
		d.object(&x.Subject)
	case "authored":
		x.Authored = d.dateTime()
	case "source":
		d.object(&x.Source)
	case "item":
		d.withExtensions(func() { x.Item = objectList[QuestionnaireResponseItem](d) }) // data-absent-reason
	default:
		return x.DomainResource.member(d, name)
	}
	return true
}

// encode writes the elements in the order of the R4 QuestionnaireResponse definition.
func (x *QuestionnaireResponse) encode(e *encoder) {
	x.DomainResource.encodeWithLanguage(e, x.Language)
	e.string("questionnaire", x.Questionnaire)
	e.string("status", x.Status)
	e.object("subject", &x.Subject)
	e.string("authored", string(x.Authored))
	e.object("source", &x.Source)
	objects(e, "item", x.Item)
}

func (x *QuestionnaireResponseItem) member(d *decoder, name string) bool {
	switch name {
	case "linkId":
		x.LinkID = d.string()
	case "text":
		x.Text = d.string()
	case "answer":
		x.Answer = objectList[QuestionnaireResponseAnswer](d)
	case "item":
		d.withExtensions(func() { x.Item = objectList[QuestionnaireResponseItem](d) }) // data-absent-reason
	default:
		return x.BackboneElement.member(d, name)
	}
	return true
}

func (x *QuestionnaireResponseItem) encode(e *encoder) {
	x.BackboneElement.encode(e)
	e.string("linkId", x.LinkID)
	e.string("text", x.Text)
	objects(e, "answer", x.Answer)
	objects(e, "item", x.Item)
}

// choices returns the choice elements of R4 QuestionnaireResponse.item.answer.value[x], each given by one type at most.
func (*QuestionnaireResponseAnswer) choices() []string { return []string{"value"} }

func (x *QuestionnaireResponseAnswer) member(d *decoder, name string) bool {
	switch name {
	case "valueCoding", "valueDecimal", "valueInteger":
		switch name {
		case "valueCoding":
			x.ValueCoding = new(Coding)
			d.object(x.ValueCoding)
		case "valueDecimal":
			x.ValueDecimal = d.decimal()
		default:
			x.ValueInteger = d.integer(-1 << 31)
		}
	case "item":
		d.withExtensions(func() { x.Item = objectList[QuestionnaireResponseItem](d) }) // data-absent-reason
	default:
		return x.BackboneElement.member(d, name)
	}
	return true
}

func (x *QuestionnaireResponseAnswer) encode(e *encoder) {
	x.BackboneElement.encode(e)
	if x.ValueCoding != nil {
		e.object("valueCoding", x.ValueCoding)
	}
	e.decimal("valueDecimal", x.ValueDecimal)
	e.integer("valueInteger", x.ValueInteger)
	objects(e, "item", x.Item)
}
