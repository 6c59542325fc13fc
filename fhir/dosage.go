package fhir

import (
	"strconv"
	"strings"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/medrec/dosage"
	"github.com/shopspring/decimal"
)

// A Dosage is how a medication is (to be) taken (FHIR R4 Dosage,
// https://hl7.org/fhir/R4/dosage.html), with the elements a medrec entry's sig and
// dosage.Dosage map to: text, timing, asNeeded[x], route and doseAndRate. Site, method,
// additional instructions and maximum doses are outside dosage.Dosage's model and are reported
// when read.
type Dosage struct {
	BackboneElement
	Text                    string
	Timing                  Timing
	AsNeededBoolean         *bool
	AsNeededCodeableConcept CodeableConcept
	Route                   CodeableConcept
	DoseAndRate             []DosageDoseAndRate
}

// A DosageDoseAndRate is the amount given each time (R4 Dosage.doseAndRate): a quantity or a
// range.
type DosageDoseAndRate struct {
	Element
	DoseRange    Range
	DoseQuantity Quantity
}

// choices returns the choice elements of R4 Dosage.asNeeded[x], each given by one type at most.
func (*Dosage) choices() []string { return []string{"asNeeded"} }

func (x *Dosage) member(d *decoder, name string) bool {
	switch name {
	case "text":
		x.Text = d.string()
	case "timing":
		d.object(&x.Timing)
	case "asNeededBoolean":
		x.AsNeededBoolean = d.boolean()
	case "asNeededCodeableConcept":
		d.object(&x.AsNeededCodeableConcept)
	case "route":
		d.object(&x.Route)
	case "doseAndRate":
		x.DoseAndRate = objectList[DosageDoseAndRate](d)
	default:
		return x.BackboneElement.member(d, name)
	}
	return true
}

// encode writes the elements in the order of the R4 Dosage definition.
func (x *Dosage) encode(e *encoder) {
	x.BackboneElement.encode(e)
	e.string("text", x.Text)
	e.object("timing", &x.Timing)
	e.boolean("asNeededBoolean", x.AsNeededBoolean)
	e.object("asNeededCodeableConcept", &x.AsNeededCodeableConcept)
	e.object("route", &x.Route)
	objects(e, "doseAndRate", x.DoseAndRate)
}

// choices returns the choice elements of R4 Dosage.doseAndRate.dose[x] and rate[x], each given by one type at most.
func (*DosageDoseAndRate) choices() []string { return []string{"dose", "rate"} }

func (x *DosageDoseAndRate) member(d *decoder, name string) bool {
	switch name {
	case "doseRange":
		d.object(&x.DoseRange)
	case "doseQuantity":
		d.object(&x.DoseQuantity)
	default:
		return x.Element.member(d, name)
	}
	return true
}

func (x *DosageDoseAndRate) encode(e *encoder) {
	x.Element.encode(e)
	e.object("doseRange", &x.DoseRange)
	e.object("doseQuantity", &x.DoseQuantity)
}

// dosageOf returns a sig and its structured directions as one FHIR Dosage: the sig as text;
// Dose as doseAndRate's doseQuantity, or doseRange for a range; Route as route (its SNOMED CT
// coding); Timing as timing.repeat (frequency, frequencyMax, period, periodMax, periodUnit,
// when) and Duration as timing.repeat.boundsDuration (UCUM units of time); AsNeeded as
// asNeededBoolean, or, with AsNeededFor, as asNeededCodeableConcept with the reason as text;
// and each of the sig's Warnings as an [ExtensionSigWarning].
func dosageOf(sig string, ds dosage.Dosage) Dosage {
	x := Dosage{Text: sig, Route: ConceptOf(ds.Route.Coding())}
	if !ds.Dose.IsZero() {
		var dr DosageDoseAndRate
		if ds.Dose.Max.Valid {
			dr.DoseRange = Range{Low: doseQuantity(ds.Dose.Value, ds.Dose.Unit), High: doseQuantity(ds.Dose.Max.Decimal, ds.Dose.Unit)}
		} else {
			dr.DoseQuantity = doseQuantity(ds.Dose.Value, ds.Dose.Unit)
		}
		x.DoseAndRate = []DosageDoseAndRate{dr}
	}
	t, r := ds.Timing, &x.Timing.Repeat
	if t.Frequency != 0 {
		r.Frequency = intPointer(t.Frequency)
		r.Period = decimal.NewNullDecimal(t.Period)
		r.PeriodUnit = string(t.PeriodUnit)
	}
	if t.FrequencyMax != 0 {
		r.FrequencyMax = intPointer(t.FrequencyMax)
	}
	r.PeriodMax = t.PeriodMax
	for _, w := range t.When {
		r.When = append(r.When, string(w))
	}
	if !ds.Duration.IsZero() {
		r.BoundsDuration = Quantity{Value: decimal.NewNullDecimal(ds.Duration.Value), Unit: string(ds.Duration.Unit),
			System: carecoord.SystemUCUM, Code: string(ds.Duration.Unit)}
	}
	switch {
	case ds.AsNeededFor != "":
		x.AsNeededCodeableConcept.Text = ds.AsNeededFor
	case ds.AsNeeded:
		yes := true
		x.AsNeededBoolean = &yes
	}
	for _, w := range ds.Warnings {
		x.Extension = append(x.Extension, Extension{URL: ExtensionSigWarning, Extension: nonEmpty(
			textExtension("token", "String", w.Token),
			textExtension("code", "Code", string(w.Code)),
			textExtension("rule", "String", w.Rule))})
	}
	return x
}

// doseQuantity returns an amount in a dose unit: the unit as the dosage package names it
// ("tablet", "mg"), and its UCUM code where UCUM has one.
func doseQuantity(v decimal.Decimal, u dosage.Unit) Quantity {
	q := Quantity{Value: decimal.NewNullDecimal(v), Unit: string(u)}
	if code, ok := u.UCUM(); ok {
		q.System, q.Code = carecoord.SystemUCUM, code
	}
	return q
}

func intPointer(n int) *int64 {
	v := int64(n)
	return &v
}

// dosage reads a Dosage at rel: the sig from text, and the structured directions from the
// other elements. A part it cannot read (a unit, route or time of day outside the dosage
// package's vocabulary) is reported and left out; directions that are then not valid
// (dosage.Dosage.Validate) are reported and left out as a whole, the text staying.
func (m *mapping) dosage(x *Dosage, rel string) (string, dosage.Dosage) {
	m.modifiers(x.ModifierExtension, rel[1:]+".modifierExtension")
	m.modifiers(x.Timing.ModifierExtension, rel[1:]+".timing.modifierExtension")
	var ds dosage.Dosage
	for i, dr := range x.DoseAndRate {
		path := rel + ".doseAndRate[" + strconv.Itoa(i) + "]"
		switch {
		case i > 0:
			m.issue(path, IssueNotMapped, "is a further dose; carecoord keeps one")
		case present(&dr.DoseRange):
			var lo, hi dosage.Unit
			ds.Dose.Value, lo = m.doseAmount(dr.DoseRange.Low, path+".doseRange.low")
			var max decimal.Decimal
			max, hi = m.doseAmount(dr.DoseRange.High, path+".doseRange.high")
			ds.Dose.Max = decimal.NewNullDecimal(max)
			ds.Dose.Unit = lo
			if lo != hi {
				m.issue(path+".doseRange", IssueUnsupportedValue, "has two units; carecoord keeps a range in one unit")
				ds.Dose = dosage.Dose{}
			}
		default:
			ds.Dose.Value, ds.Dose.Unit = m.doseAmount(dr.DoseQuantity, path+".doseQuantity")
		}
	}
	if ds.Dose.Unit == "" {
		ds.Dose = dosage.Dose{}
	}
	if len(x.Route.Coding) > 0 || x.Route.Text != "" {
		ds.Route = routeOf(x.Route)
		if ds.Route == "" {
			m.issue(rel+".route", IssueUnsupportedValue, "has no SNOMED CT code of the route-codes value set that carecoord knows")
		}
	}
	ds.Timing, ds.Duration = m.timing(&x.Timing.Repeat, rel+".timing.repeat")
	switch {
	case x.AsNeededBoolean != nil:
		ds.AsNeeded = *x.AsNeededBoolean
	case present(&x.AsNeededCodeableConcept):
		ds.AsNeeded = true
		ds.AsNeededFor = strings.Join(strings.Fields(strings.ToLower(x.AsNeededCodeableConcept.Text)), " ")
		if ds.AsNeededFor != x.AsNeededCodeableConcept.Text {
			m.issue(rel+".asNeededCodeableConcept.text", IssueAssumed, "written in lower case with single spaces, as carecoord keeps a reason")
		}
		if len(x.AsNeededCodeableConcept.Coding) > 0 {
			m.issue(rel+".asNeededCodeableConcept.coding", IssueNotMapped, "carecoord keeps the reason as text")
		}
	}
	for i, ext := range x.Extension {
		path := rel + ".extension[" + strconv.Itoa(i) + "]"
		if ext.URL != ExtensionSigWarning {
			m.issue(path, IssueNotMapped, "is an extension carecoord does not map")
			continue
		}
		var w dosage.Warning
		for _, sub := range ext.Extension {
			v, _ := sub.String()
			switch sub.URL {
			case "token":
				w.Token = v
			case "code":
				w.Code = dosage.WarningCode(v)
			case "rule":
				w.Rule = v
			}
		}
		ds.Warnings = append(ds.Warnings, w)
	}
	if !ds.IsZero() && ds.Validate() != nil {
		m.issue(rel, IssueUnsupportedValue, "gives directions carecoord's structured dosage cannot hold; kept as text only")
		ds = dosage.Dosage{Warnings: ds.Warnings}
	}
	return x.Text, ds
}

// doseAmount reads a dose quantity: its value, and its unit from the unit text (a dosage
// package unit, in any case) or else the UCUM code.
func (m *mapping) doseAmount(q Quantity, rel string) (decimal.Decimal, dosage.Unit) {
	if q.Comparator != "" {
		m.issue(rel, IssueUnsupportedValue, "has a comparator; carecoord keeps exact doses")
		return decimal.Decimal{}, ""
	}
	for _, u := range dosage.Units() {
		if strings.EqualFold(q.Unit, string(u)) {
			return q.Value.Decimal, u
		}
	}
	if q.System == carecoord.SystemUCUM {
		for _, u := range dosage.Units() {
			if code, ok := u.UCUM(); ok && code == q.Code {
				return q.Value.Decimal, u
			}
		}
	}
	m.issue(rel, IssueUnsupportedValue, "has a unit the dosage package does not know")
	return decimal.Decimal{}, ""
}

// routeOf returns the route whose SNOMED CT code the concept holds, or "".
func routeOf(cc CodeableConcept) dosage.Route {
	for _, c := range cc.Coding {
		if c.System != carecoord.SystemSNOMED {
			continue
		}
		for _, r := range dosage.Routes() {
			if r.Coding().Code == c.Code {
				return r
			}
		}
	}
	return ""
}

// timing reads timing.repeat as a dosage.Timing and its boundsDuration as a dosage.Duration.
func (m *mapping) timing(r *TimingRepeat, rel string) (dosage.Timing, dosage.Duration) {
	var t dosage.Timing
	if r.Frequency != nil {
		t.Frequency = int(*r.Frequency)
	}
	if r.FrequencyMax != nil {
		t.FrequencyMax = int(*r.FrequencyMax)
	}
	t.Period, t.PeriodMax, t.PeriodUnit = r.Period.Decimal, r.PeriodMax, dosage.PeriodUnit(r.PeriodUnit)
	for i, w := range r.When {
		if e := dosage.EventTiming(w); e.IsValid() {
			t.When = append(t.When, e)
			continue
		}
		m.issue(rel+".when["+strconv.Itoa(i)+"]", IssueUnsupportedValue, "is an event timing the dosage package does not handle")
	}
	var dur dosage.Duration
	if b := r.BoundsDuration; present(&b) {
		unit := dosage.PeriodUnit(b.Code)
		if b.System != carecoord.SystemUCUM {
			unit = dosage.PeriodUnit(b.Unit)
		}
		if !unit.IsValid() || b.Comparator != "" {
			m.issue(rel+".boundsDuration", IssueUnsupportedValue, "is not a duration in UCUM units of time")
		} else {
			dur = dosage.Duration{Value: b.Value.Decimal, Unit: unit}
		}
	}
	return t, dur
}
