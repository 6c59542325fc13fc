package dosage

import (
	"slices"

	"github.com/carecoord/carecoord"
	"github.com/shopspring/decimal"
)

// A Dosage is how a medication is taken: FHIR R4 Dosage
// (https://hl7.org/fhir/R4/dosage.html), reduced to what medication reconciliation compares.
// It maps to FHIR as follows: Dose is doseAndRate.doseQuantity (or doseRange when Max is
// set), Route is route, Timing is timing.repeat (frequency, frequencyMax, period, periodMax,
// periodUnit, when), Duration is timing.repeat.boundsDuration, AsNeeded and AsNeededFor are
// asNeededBoolean and asNeededCodeableConcept.text.
//
// The zero Dosage states nothing and is not valid: [Dosage.Validate] asks for at least a
// dose, a timing or "as needed". Dosage holds a slice (Timing.When, Warnings); copy those
// before changing them in a copy of a Dosage.
type Dosage struct {
	// Dose is the amount given each time. The zero Dose means the directions state none.
	Dose Dose
	// Route is how the medication enters the body; "" when not stated.
	Route Route
	// Timing is when it is taken; the zero Timing when not stated.
	Timing Timing
	// Duration is how long it is taken for ("for 7 days"); the zero Duration is open-ended.
	Duration Duration
	// AsNeeded is true for PRN directions.
	AsNeeded bool
	// AsNeededFor is the reason after "as needed for" or "prn", in lower-case words
	// separated by single spaces ("pain", "shortness of breath"); "" when none is given.
	// It is set only when AsNeeded is true.
	AsNeededFor string
	// Warnings are the Joint Commission "Do Not Use" and ISMP error-prone forms that
	// [Parse] found in the source text. They describe the text, not the directions:
	// [Dosage.String] never writes such a form, Validate ignores them, and they take no part
	// in comparing dosages.
	Warnings []Warning
}

// IsZero reports whether d states nothing at all: no dose, route, timing, duration or
// as-needed. A medication entry whose directions are unknown has the zero Dosage.
func (d Dosage) IsZero() bool {
	return d.Dose.IsZero() && d.Route == "" && d.Timing.IsZero() && d.Duration.IsZero() && !d.AsNeeded && d.AsNeededFor == ""
}

// A Dose is the amount given each time, as a quantity or a range ("1-2 tablets": Value 1,
// Max 2). The zero Dose means "no dose stated".
type Dose struct {
	// Value is the amount, or the low end of a range. It must be more than zero.
	Value decimal.Decimal
	// Max is the high end of a range; not Valid for a single amount. When Valid it must be
	// more than Value.
	Max decimal.NullDecimal
	// Unit is the unit of Value and Max.
	Unit Unit
}

// IsZero reports whether d states no dose: zero Value, no Max and no Unit.
func (d Dose) IsZero() bool { return d.Value.IsZero() && !d.Max.Valid && d.Unit == "" }

// Equal reports whether d and e are the same dose: decimal-equal values (so 0.5 equals 0.50),
// the same Max (both absent, or both present and equal) and the same Unit. It does not
// convert units: 1 g is not Equal to 1000 mg.
func (d Dose) Equal(e Dose) bool {
	if d.Unit != e.Unit || !d.Value.Equal(e.Value) || d.Max.Valid != e.Max.Valid {
		return false
	}
	return !d.Max.Valid || d.Max.Decimal.Equal(e.Max.Decimal)
}

// A Unit is the unit of a dose. The values are this package's own vocabulary; [Unit.UCUM]
// gives the UCUM code (https://ucum.org/ucum) where UCUM has a unit. The zero Unit is not a
// unit.
type Unit string

// The dose units. Count units (tablet, capsule, puff, drop, spray, patch, suppository,
// application) are units of presentation, for which UCUM has no unit.
const (
	UnitTablet          Unit = "tablet"
	UnitCapsule         Unit = "capsule"
	UnitPuff            Unit = "puff" // one actuation of an inhaler
	UnitDrop            Unit = "drop"
	UnitSpray           Unit = "spray"
	UnitPatch           Unit = "patch"
	UnitSuppository     Unit = "suppository"
	UnitApplication     Unit = "application"
	UnitMilliliter      Unit = "mL"
	UnitMilligram       Unit = "mg"
	UnitGram            Unit = "g"
	UnitMicrogram       Unit = "mcg"
	UnitUnit            Unit = "unit" // "units" of insulin, heparin, vitamins: see [Unit.UCUM]
	UnitMilliequivalent Unit = "meq"  // milliequivalent (potassium chloride)
)

// Units returns every Unit, in a new slice.
func Units() []Unit {
	return []Unit{UnitTablet, UnitCapsule, UnitPuff, UnitDrop, UnitSpray, UnitPatch, UnitSuppository,
		UnitApplication, UnitMilliliter, UnitMilligram, UnitGram, UnitMicrogram, UnitUnit, UnitMilliequivalent}
}

// IsValid reports whether u is one of [Units].
func (u Unit) IsValid() bool { return slices.Contains(Units(), u) }

// UCUM returns the UCUM code of u, and false for a count unit (tablet, puff, ...) or a
// Unit that is not valid. The codes are case-sensitive UCUM: "mL", "mg", "g", "ug" (mcg),
// "meq", and "[iU]" for [UnitUnit].
//
// Why "[iU]": a sig's "units" of insulin or heparin are units of biological activity. UCUM's
// "U" is the enzyme unit (1 µmol/min), a different quantity, and "[USP'U]" is specific to
// USP monographs; "[iU]" is UCUM's international unit, which the USP insulin unit equals.
// A caller that knows the product is measured in USP units may map [UnitUnit] to "[USP'U]".
func (u Unit) UCUM() (code string, ok bool) {
	switch u {
	case UnitMilliliter:
		return "mL", true
	case UnitMilligram:
		return "mg", true
	case UnitGram:
		return "g", true
	case UnitMicrogram:
		return "ug", true
	case UnitMilliequivalent:
		return "meq", true
	case UnitUnit:
		return "[iU]", true
	}
	return "", false
}

// Coding returns u's UCUM code as a Coding in [carecoord.SystemUCUM], with the usual
// display ("mL", "mcg", "mEq", "units"), or the zero Coding when UCUM has no unit for u.
func (u Unit) Coding() carecoord.Coding {
	code, ok := u.UCUM()
	if !ok {
		return carecoord.Coding{}
	}
	return carecoord.Coding{System: carecoord.SystemUCUM, Code: code, Display: unitDisplay(u)}
}

func unitDisplay(u Unit) string {
	switch u {
	case UnitMilliequivalent:
		return "mEq"
	case UnitUnit:
		return "units"
	}
	return string(u)
}

// A Route is how a medication enters the body. Each value maps to one SNOMED CT code from
// the FHIR R4 route-codes value set (http://hl7.org/fhir/ValueSet/route-codes, all
// descendants of 284009009 "Route of administration value"), given by [Route.Coding].
// The zero Route means "not stated".
type Route string

// The routes, with their SNOMED CT codes.
const (
	RouteOral          Route = "oral"          // 26643006 Oral route
	RouteSublingual    Route = "sublingual"    // 37839007 Sublingual route
	RouteBuccal        Route = "buccal"        // 54471007 Buccal route
	RouteSubcutaneous  Route = "subcutaneous"  // 34206005 Subcutaneous route
	RouteIntramuscular Route = "intramuscular" // 78421000 Intramuscular route
	RouteIntravenous   Route = "intravenous"   // 47625008 Intravenous route
	RouteInhalation    Route = "inhalation"    // 447694001 Respiratory tract route
	RouteNasal         Route = "nasal"         // 46713006 Nasal route
	RouteTopical       Route = "topical"       // 6064005 Topical route
	RouteTransdermal   Route = "transdermal"   // 45890007 Transdermal route
	RouteRectal        Route = "rectal"        // 37161004 Rectal route
	RouteVaginal       Route = "vaginal"       // 16857009 Vaginal route
	RouteOphthalmic    Route = "ophthalmic"    // 54485002 Ophthalmic route
	RouteOtic          Route = "otic"          // 10547007 Otic route
)

// Routes returns every Route, in a new slice.
func Routes() []Route {
	return []Route{RouteOral, RouteSublingual, RouteBuccal, RouteSubcutaneous, RouteIntramuscular,
		RouteIntravenous, RouteInhalation, RouteNasal, RouteTopical, RouteTransdermal, RouteRectal,
		RouteVaginal, RouteOphthalmic, RouteOtic}
}

// IsValid reports whether r is one of [Routes].
func (r Route) IsValid() bool { return r.Coding().Code != "" }

// Coding returns r's SNOMED CT route code ([carecoord.SystemSNOMED]), as listed in the FHIR
// R4 route-codes value set, or the zero Coding when r is not valid. Inhalation maps to
// 447694001 "Respiratory tract route", the value set's code for inhaled medicines.
func (r Route) Coding() carecoord.Coding {
	var code, display string
	switch r {
	case RouteOral:
		code, display = "26643006", "Oral route"
	case RouteSublingual:
		code, display = "37839007", "Sublingual route"
	case RouteBuccal:
		code, display = "54471007", "Buccal route"
	case RouteSubcutaneous:
		code, display = "34206005", "Subcutaneous route"
	case RouteIntramuscular:
		code, display = "78421000", "Intramuscular route"
	case RouteIntravenous:
		code, display = "47625008", "Intravenous route"
	case RouteInhalation:
		code, display = "447694001", "Respiratory tract route"
	case RouteNasal:
		code, display = "46713006", "Nasal route"
	case RouteTopical:
		code, display = "6064005", "Topical route"
	case RouteTransdermal:
		code, display = "45890007", "Transdermal route"
	case RouteRectal:
		code, display = "37161004", "Rectal route"
	case RouteVaginal:
		code, display = "16857009", "Vaginal route"
	case RouteOphthalmic:
		code, display = "54485002", "Ophthalmic route"
	case RouteOtic:
		code, display = "10547007", "Otic route"
	default:
		return carecoord.Coding{}
	}
	return carecoord.Coding{System: carecoord.SystemSNOMED, Code: code, Display: display}
}

// A Duration is how long a course lasts ("for 7 days"): FHIR R4 Timing.repeat.boundsDuration.
// The zero Duration means open-ended. Value is a whole number from 1 to 10000.
type Duration struct {
	Value decimal.Decimal
	Unit  PeriodUnit
}

// IsZero reports whether d is open-ended (no value and no unit).
func (d Duration) IsZero() bool { return d.Value.IsZero() && d.Unit == "" }

// A WarningCode says which list a [Warning] comes from.
type WarningCode string

// The warning codes.
const (
	// WarningDoNotUse: the form is on The Joint Commission's Official "Do Not Use" List
	// (Information Management standard IM.02.02.01).
	WarningDoNotUse WarningCode = "do-not-use"
	// WarningErrorProne: the form is on ISMP's List of Error-Prone Abbreviations, Symbols,
	// and Dose Designations.
	WarningErrorProne WarningCode = "error-prone"
)

// A Warning flags one unsafe form found in a sig's text. Parse accepts such text (its
// meaning is clear to the parser) and reports the form so that the source can be corrected.
type Warning struct {
	// Token is the form as written (after NFKC normalisation), e.g. "Q.D.", "u", ".5",
	// "1.0", "sub q".
	Token string
	// Code names the list.
	Code WarningCode
	// Rule names the list entry and what to write instead, e.g. "QD: write daily".
	Rule string
}
