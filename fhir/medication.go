package fhir

// A Medication is a drug product (FHIR R4 Medication): carecoord writes one contained in a
// MedicationStatement or MedicationRequest when a medrec.Drug holds more than a code and a name
// (ingredients with strengths, dose form, generic, brand, class), and reads one contained or in
// the same bundle.
type Medication struct {
	DomainResource
	Code       CodeableConcept
	Form       CodeableConcept
	Ingredient []MedicationIngredient
}

// ResourceType returns "Medication".
func (*Medication) ResourceType() string { return "Medication" }

// A MedicationIngredient is an active ingredient of a Medication, with its strength per unit of
// the dose form (R4 Medication.ingredient).
type MedicationIngredient struct {
	BackboneElement
	ItemCodeableConcept CodeableConcept
	IsActive            *bool
	Strength            Ratio
}

func (x *Medication) member(d *decoder, name string) bool {
	switch name {
	case "code":
		d.object(&x.Code)
	case "form":
		d.object(&x.Form)
	case "ingredient":
		d.withExtensions(func() { x.Ingredient = objectList[MedicationIngredient](d) })
	default:
		return x.DomainResource.member(d, name)
	}
	return true
}

// encode writes the elements in the order of the R4 Medication definition.
func (x *Medication) encode(e *encoder) {
	x.DomainResource.encode(e)
	e.object("code", &x.Code)
	e.object("form", &x.Form)
	objects(e, "ingredient", x.Ingredient)
}

// choices returns the choice elements of R4 Medication.ingredient.item[x], each given by one type at most.
func (*MedicationIngredient) choices() []string { return []string{"item"} }

func (x *MedicationIngredient) member(d *decoder, name string) bool {
	switch name {
	case "itemCodeableConcept":
		d.object(&x.ItemCodeableConcept)
	case "isActive":
		x.IsActive = d.boolean()
	case "strength":
		d.object(&x.Strength)
	default:
		return x.BackboneElement.member(d, name)
	}
	return true
}

func (x *MedicationIngredient) encode(e *encoder) {
	x.BackboneElement.encode(e)
	e.object("itemCodeableConcept", &x.ItemCodeableConcept)
	e.boolean("isActive", x.IsActive)
	e.object("strength", &x.Strength)
}

// A MedicationStatement is a record of a medication that a patient takes, took or is to take,
// as some source says (FHIR R4 MedicationStatement): here a medrec.Medication from a medication
// history or a reconciled list.
type MedicationStatement struct {
	DomainResource
	Status                    string
	Category                  CodeableConcept
	MedicationCodeableConcept CodeableConcept
	MedicationReference       Reference
	Subject                   Reference
	EffectiveDateTime         DateTime
	EffectivePeriod           Period
	InformationSource         Reference
	DerivedFrom               []Reference
	ReasonCode                []CodeableConcept
	Dosage                    []Dosage
}

// ResourceType returns "MedicationStatement".
func (*MedicationStatement) ResourceType() string { return "MedicationStatement" }

// choices returns the choice elements of R4 MedicationStatement.medication[x] and effective[x], each given by one type at most.
func (*MedicationStatement) choices() []string { return []string{"medication", "effective"} }

func (x *MedicationStatement) member(d *decoder, name string) bool {
	switch name {
	case "status":
		x.Status = d.code()
	case "category":
		d.object(&x.Category)
	case "medicationCodeableConcept":
		d.object(&x.MedicationCodeableConcept)
	case "medicationReference":
		d.object(&x.MedicationReference)
	case "subject":
		d.object(&x.Subject)
	case "effectiveDateTime":
		x.EffectiveDateTime = d.dateTime()
	case "effectivePeriod":
		d.object(&x.EffectivePeriod)
	case "informationSource":
		d.object(&x.InformationSource)
	case "derivedFrom":
		d.withExtensions(func() { x.DerivedFrom = objectList[Reference](d) })
	case "reasonCode":
		x.ReasonCode = objectList[CodeableConcept](d)
	case "dosage":
		d.withExtensions(func() { x.Dosage = objectList[Dosage](d) }) // sig-warning
	default:
		return x.DomainResource.member(d, name)
	}
	return true
}

// encode writes the elements in the order of the R4 MedicationStatement definition.
func (x *MedicationStatement) encode(e *encoder) {
	x.DomainResource.encode(e)
	e.string("status", x.Status)
	e.object("category", &x.Category)
	e.object("medicationCodeableConcept", &x.MedicationCodeableConcept)
	e.object("medicationReference", &x.MedicationReference)
	e.object("subject", &x.Subject)
	e.string("effectiveDateTime", string(x.EffectiveDateTime))
	e.object("effectivePeriod", &x.EffectivePeriod)
	e.object("informationSource", &x.InformationSource)
	objects(e, "derivedFrom", x.DerivedFrom)
	objects(e, "reasonCode", x.ReasonCode)
	objects(e, "dosage", x.Dosage)
}

// A MedicationRequest is an order for a medication (FHIR R4 MedicationRequest): here a
// medrec.Medication from an inpatient or discharge order.
type MedicationRequest struct {
	DomainResource
	Status                    string
	Intent                    string
	Category                  []CodeableConcept
	MedicationCodeableConcept CodeableConcept
	MedicationReference       Reference
	Subject                   Reference
	Requester                 Reference
	ReasonCode                []CodeableConcept
	DosageInstruction         []Dosage
	DispenseRequest           MedicationRequestDispense
}

// ResourceType returns "MedicationRequest".
func (*MedicationRequest) ResourceType() string { return "MedicationRequest" }

// A MedicationRequestDispense is what an order asks to dispense (R4
// MedicationRequest.dispenseRequest): carecoord maps the days' supply.
type MedicationRequestDispense struct {
	BackboneElement
	ExpectedSupplyDuration Quantity
}

// choices returns the choice elements of R4 MedicationRequest.medication[x] and reported[x], each given by one type at most.
func (*MedicationRequest) choices() []string { return []string{"medication", "reported"} }

func (x *MedicationRequest) member(d *decoder, name string) bool {
	switch name {
	case "status":
		x.Status = d.code()
	case "intent":
		x.Intent = d.code()
	case "category":
		x.Category = objectList[CodeableConcept](d)
	case "medicationCodeableConcept":
		d.object(&x.MedicationCodeableConcept)
	case "medicationReference":
		d.object(&x.MedicationReference)
	case "subject":
		d.object(&x.Subject)
	case "requester":
		d.object(&x.Requester)
	case "reasonCode":
		x.ReasonCode = objectList[CodeableConcept](d)
	case "dosageInstruction":
		d.withExtensions(func() { x.DosageInstruction = objectList[Dosage](d) }) // sig-warning
	case "dispenseRequest":
		d.object(&x.DispenseRequest)
	default:
		return x.DomainResource.member(d, name)
	}
	return true
}

// encode writes the elements in the order of the R4 MedicationRequest definition.
func (x *MedicationRequest) encode(e *encoder) {
	x.DomainResource.encode(e)
	e.string("status", x.Status)
	e.string("intent", x.Intent)
	objects(e, "category", x.Category)
	e.object("medicationCodeableConcept", &x.MedicationCodeableConcept)
	e.object("medicationReference", &x.MedicationReference)
	e.object("subject", &x.Subject)
	e.object("requester", &x.Requester)
	objects(e, "reasonCode", x.ReasonCode)
	objects(e, "dosageInstruction", x.DosageInstruction)
	e.object("dispenseRequest", &x.DispenseRequest)
}

func (x *MedicationRequestDispense) member(d *decoder, name string) bool {
	if name == "expectedSupplyDuration" {
		d.object(&x.ExpectedSupplyDuration)
		return true
	}
	return x.BackboneElement.member(d, name)
}

func (x *MedicationRequestDispense) encode(e *encoder) {
	x.BackboneElement.encode(e)
	e.object("expectedSupplyDuration", &x.ExpectedSupplyDuration)
}

// A List is a curated list of resources (FHIR R4 List): here a medication list (one source's,
// or a reconciliation's reconciled list), whose entries refer to MedicationStatements and
// MedicationRequests.
type List struct {
	DomainResource
	Status    string
	Mode      string
	Code      CodeableConcept
	Subject   Reference
	Encounter Reference
	Date      DateTime
	Source    Reference
	Entry     []ListEntry
}

// ResourceType returns "List".
func (*List) ResourceType() string { return "List" }

// A ListEntry is one item of a List, with a flag saying what happened to it (R4 List.entry).
// Deleted is a modifier (only for a list in mode "changes"): carecoord refuses it.
type ListEntry struct {
	BackboneElement
	Flag    CodeableConcept
	Deleted *bool
	Item    Reference
}

func (x *List) member(d *decoder, name string) bool {
	switch name {
	case "status":
		x.Status = d.code()
	case "mode":
		x.Mode = d.code()
	case "code":
		d.object(&x.Code)
	case "subject":
		d.object(&x.Subject)
	case "encounter":
		d.object(&x.Encounter)
	case "date":
		x.Date = d.dateTime()
	case "source":
		d.object(&x.Source)
	case "entry":
		d.withExtensions(func() { x.Entry = objectList[ListEntry](d) }) // reconciled-before, reconciled-after
	default:
		return x.DomainResource.member(d, name)
	}
	return true
}

// encode writes the elements in the order of the R4 List definition.
func (x *List) encode(e *encoder) {
	x.DomainResource.encode(e)
	e.string("status", x.Status)
	e.string("mode", x.Mode)
	e.object("code", &x.Code)
	e.object("subject", &x.Subject)
	e.object("encounter", &x.Encounter)
	e.string("date", string(x.Date))
	e.object("source", &x.Source)
	objects(e, "entry", x.Entry)
}

func (x *ListEntry) member(d *decoder, name string) bool {
	switch name {
	case "flag":
		d.object(&x.Flag)
	case "deleted":
		x.Deleted = d.boolean()
	case "item":
		d.object(&x.Item)
	default:
		return x.BackboneElement.member(d, name)
	}
	return true
}

func (x *ListEntry) encode(e *encoder) {
	x.BackboneElement.encode(e)
	e.object("flag", &x.Flag)
	e.boolean("deleted", x.Deleted)
	e.object("item", &x.Item)
}
