package sdoh

import (
	"slices"

	"github.com/carecoord/carecoord"
)

// An InstrumentID names a screening instrument. The built-in instruments have the constants
// below; a host may define its own instruments with other ids (lower-case kebab tokens, FHIR id
// syntax). The zero InstrumentID is not valid.
type InstrumentID string

// The built-in instruments ([BuiltinInstruments]).
const (
	// AHCHRSN is the CMS Accountable Health Communities Health-Related Social Needs Screening
	// Tool: 10 core items in 5 domains, and the supplemental items (LOINC panel 96777-8).
	AHCHRSN InstrumentID = "ahc-hrsn"
	// HVS is the Hunger Vital Sign, the two-item food-insecurity screen (LOINC panel 88121-9).
	HVS InstrumentID = "hunger-vital-sign"
	// PRAPARE is NACHC's Protocol for Responding to and Assessing Patients' Assets, Risks, and
	// Experiences (LOINC panel 93025-5).
	PRAPARE InstrumentID = "prapare"
	// PHQ2 is the two-item Patient Health Questionnaire depression screen (LOINC panel 55757-9).
	PHQ2 InstrumentID = "phq-2"
	// PHQ9 is the nine-item Patient Health Questionnaire (LOINC panel 44249-1).
	PHQ9 InstrumentID = "phq-9"
	// GAD7 is the seven-item Generalized Anxiety Disorder scale (LOINC panel 69737-5).
	GAD7 InstrumentID = "gad-7"
)

// InstrumentIDs returns the ids of the built-in instruments, in a new slice.
func InstrumentIDs() []InstrumentID { return []InstrumentID{AHCHRSN, HVS, PRAPARE, PHQ2, PHQ9, GAD7} }

// IsValid reports whether id is one of the built-in [InstrumentIDs].
func (id InstrumentID) IsValid() bool { return slices.Contains(InstrumentIDs(), id) }

// An Instrument is one version of a screening instrument as data: its items with their LOINC
// question codes, answer lists with LOINC answer codes and English and Spanish wording, and
// the rules that score its domains. The built-in tables ([BuiltinInstruments]) each cite the
// published source they were written from. An Instrument is a plain value; a [Screener] compiles
// the instruments it is given and never changes them.
//
// The zero Instrument is not valid; [Instrument.Validate] says why.
type Instrument struct {
	// ID names the instrument.
	ID InstrumentID `json:"id"`
	// Version names the edition of the instrument these items and rules come from, e.g. "2018".
	// A [Response] names the version it answered, and is scored only against that version.
	Version string `json:"version"`
	// Title is the instrument's name for people.
	Title Text `json:"title"`
	// Panel is the LOINC code of the instrument's panel, e.g. "96777-8".
	Panel string `json:"panel"`
	// Source cites the publication the items, wording and rules were taken from.
	Source string `json:"source"`
	// Items are the questions, in the instrument's order. An instrument has at most 64.
	Items []Item `json:"items"`
	// Domains are the parts of the instrument that are scored, each with its rule.
	Domains []Domain `json:"domains"`
	// Total, if Total.Sum is set, makes the result report the sum of the points of every
	// Scored item: the PHQ-9 total score, the PRAPARE risk tally.
	Total Total `json:"total,omitzero"`
}

// A Total says whether an instrument reports a total score, and how it is coded.
// The zero Total reports none.
type Total struct {
	// Sum makes the result's Total the sum of the points of every Scored item.
	Sum bool `json:"sum,omitempty"`
	// Code is the LOINC code of the total-score observation (e.g. "44261-6" for the PHQ-9
	// total), or "" when LOINC has none (the PRAPARE tally).
	Code string `json:"code,omitempty"`
	// Source cites the scoring rule.
	Source string `json:"source,omitempty"`
}

// Text is wording in the languages the library ships: English and Spanish. Patient-facing text
// is rendered through a [Localizer]; the fields are the data it is built from.
type Text struct {
	En string `json:"en"`
	Es string `json:"es"`
}

// ItemKind says how an item is answered. The zero ItemKind is not valid.
type ItemKind string

// The item kinds.
const (
	// ItemChoice is answered with exactly one answer code from the item's list.
	ItemChoice ItemKind = "choice"
	// ItemMultiChoice is answered with one or more answer codes from the item's list ("check
	// all that apply").
	ItemMultiChoice ItemKind = "multi-choice"
	// ItemNumber is answered with a whole number in the item's range (days, minutes, people,
	// US dollars).
	ItemNumber ItemKind = "number"
)

// ItemKinds returns every ItemKind, in a new slice.
func ItemKinds() []ItemKind { return []ItemKind{ItemChoice, ItemMultiChoice, ItemNumber} }

// IsValid reports whether k is one of [ItemKinds].
func (k ItemKind) IsValid() bool { return slices.Contains(ItemKinds(), k) }

// An Item is one question of an instrument. The zero Item is not valid.
type Item struct {
	// Code is the item's LOINC question code. It is unique within the instrument (the same
	// code may appear in another instrument with other answers: AHC and PRAPARE share 71802-3
	// and 93030-5, so answers are always read against (instrument, item)).
	Code string `json:"code"`
	// Stem is the lead-in the instrument prints before a group of items ("Over the last 2
	// weeks, how often have you been bothered by…"); empty when the item stands alone.
	Stem Text `json:"stem,omitzero"`
	// Text is the item's wording, as the instrument states it.
	Text Text `json:"text"`
	// Kind says how the item is answered.
	Kind ItemKind `json:"kind"`
	// Options is the answer list of a choice item, in the instrument's order.
	Options []Option `json:"options,omitempty"`
	// Min and Max bound the answer to a number item, both inclusive.
	Min int64 `json:"min,omitempty"`
	Max int64 `json:"max,omitempty"`
	// Unit is the UCUM unit of a number item's answer, e.g. "d/wk", "min/d".
	Unit string `json:"unit,omitempty"`
	// Required items must have an entry in every response: an answer, or a reason there is
	// none (declined, don't know, not asked). Optional items (the AHC supplemental questions)
	// may be left out.
	Required bool `json:"required,omitempty"`
	// Scored items carry points in their options (HITS 1–5, PHQ 0–3, PRAPARE risk points),
	// summed by their domain's rule and by the instrument's Total.
	Scored bool `json:"scored,omitempty"`
	// NoneIfEmpty lets a multi-choice item be answered with no codes, meaning "none of these"
	// (PRAPARE 93031-3 has no "none" answer: a respondent with no unmet need checks nothing).
	NoneIfEmpty bool `json:"noneIfEmpty,omitempty"`
}

// An Option is one answer in an item's list. The zero Option is not valid.
type Option struct {
	// Code is the LOINC answer code, e.g. "LA33-6".
	Code string `json:"code"`
	// Text is the answer's wording.
	Text Text `json:"text"`
	// Score is the answer's points, for a Scored item.
	Score int `json:"score,omitempty"`
	// Positive marks an answer that indicates a possible need: FHIR Observation.interpretation
	// POS under the Gravity guidance (the answers the CMS tool underlines).
	Positive bool `json:"positive,omitempty"`
	// Exclusive marks an answer that cannot be combined with others in a multi-choice item
	// ("None of the above", "No"). Combined anyway, it is ignored and the result warns.
	Exclusive bool `json:"exclusive,omitempty"`
	// NoInformation marks an answer that says nothing about the need: "Don't know/refused", "I
	// choose not to answer this question", "Patient unable to respond", "Unsure". It is never
	// positive, and it never counts towards a negative result. It is exclusive.
	NoInformation bool `json:"noInformation,omitempty"`
	// Category is the Gravity SDOH category this positive answer indicates, when it differs
	// from its domain's (AHC living situation: "homelessness" or "housing-instability").
	Category Category `json:"category,omitempty"`
}

// A Domain is one scored part of an instrument: its items and the rule that decides whether it
// is positive. The zero Domain is not valid.
type Domain struct {
	// ID names the domain.
	ID DomainID `json:"id"`
	// Items are the codes of the domain's items. An item belongs to at most one domain. A sum or
	// total rule reads the Scored items and the items with Positive answers; any other item of
	// its domain is asked with it but read by no rule (PHQ-9's difficulty question).
	Items []string `json:"items"`
	// Rule decides the domain's status.
	Rule Rule `json:"rule"`
	// Category is the Gravity SDOH category a positive result indicates, unless a positive
	// answer names its own ([Option.Category]). Empty for domains that are not social needs
	// (depression, anxiety, and PRAPARE's refugee status).
	Category Category `json:"category,omitempty"`
	// Restricted marks results that only the care team may see ([Disclose]): interpersonal
	// safety, mental health, substance use, incarceration and refugee status.
	Restricted bool `json:"restricted,omitempty"`
	// Optional domains are reported only when the response has an entry for one of their items
	// (the AHC supplemental domains, PRAPARE's optional questions).
	Optional bool `json:"optional,omitempty"`
	// ResultCode is the LOINC code of the domain's calculated result observation, if LOINC
	// has one: "95614-4" (AHC safety total), "88124-3" (HVS food insecurity risk).
	ResultCode string `json:"resultCode,omitempty"`
}

// RuleKind names a scoring rule. The zero RuleKind is not valid.
type RuleKind string

// The scoring rules. Every rule is positive on evidence alone and negative only when the
// missing answers could not change the outcome; otherwise the domain is unknown.
const (
	// RuleAnyPositive: positive when any item has a Positive answer; negative when at least
	// Rule.Decide items (0: every item) have informative answers and none is positive.
	RuleAnyPositive RuleKind = "any-positive"
	// RuleSumAbove: positive when the points of the answered items exceed Rule.Threshold;
	// negative when they could not exceed it even if every unanswered item took its highest
	// points (the AHC safety rule: HITS total > 10).
	RuleSumAbove RuleKind = "sum-above"
	// RuleTotalAtLeast: positive when the points of the Scored items reach Rule.Threshold, or
	// when an unscored item of the domain has a Positive answer; negative when neither can
	// happen (PHQ-2 ≥ 3, PHQ-9 ≥ 10, GAD-7 ≥ 10). Rule.Bands grade the total.
	RuleTotalAtLeast RuleKind = "total-at-least"
	// RuleProductBelow: positive when the product of the domain's two number items is below
	// Rule.Threshold (days a week × minutes a day < 150); negative when it is known to be at
	// least Threshold.
	RuleProductBelow RuleKind = "product-below"
)

// RuleKinds returns every RuleKind, in a new slice.
func RuleKinds() []RuleKind {
	return []RuleKind{RuleAnyPositive, RuleSumAbove, RuleTotalAtLeast, RuleProductBelow}
}

// IsValid reports whether k is one of [RuleKinds].
func (k RuleKind) IsValid() bool { return slices.Contains(RuleKinds(), k) }

// A Rule decides a domain's status. It is data: a host may copy a built-in instrument and set
// another threshold (the AHC safety threshold has published criticism; spec §4.1). The zero Rule
// is not valid.
type Rule struct {
	// Kind names the rule.
	Kind RuleKind `json:"kind"`
	// Threshold is the rule's cut point, read as its Kind says.
	Threshold int `json:"threshold,omitempty"`
	// Decide, for RuleAnyPositive, is how many items need an informative answer before the
	// domain can be negative; 0 means every item.
	Decide int `json:"decide,omitempty"`
	// Bands grade a RuleTotalAtLeast total into severities; they cover the total's range
	// without gaps or overlaps.
	Bands []Band `json:"bands,omitempty"`
	// FlagItem, for RuleSumAbove, is an item whose answer above its lowest points raises
	// [WarnAnyPhysicalHarm] whatever the total (AHC "physically hurt you", spec §4.7).
	FlagItem string `json:"flagItem,omitempty"`
	// UrgentItem, for RuleTotalAtLeast, is an item whose answer with more than 0 points
	// raises the result's Urgent flag whatever the total (PHQ-9 item 9).
	UrgentItem string `json:"urgentItem,omitempty"`
	// PositiveCode and NegativeCode are the LOINC answer codes of the domain's result
	// observation (HVS 88124-3: "LA19952-3" At risk, "LA19983-8" No risk).
	PositiveCode string `json:"positiveCode,omitempty"`
	NegativeCode string `json:"negativeCode,omitempty"`
	// Source cites where the rule comes from.
	Source string `json:"source"`
}

// A Band grades totals from Min to Max (both inclusive) as one severity.
type Band struct {
	Min      int      `json:"min"`
	Max      int      `json:"max"`
	Severity Severity `json:"severity"`
}

// Severity grades a total score (PHQ-9, GAD-7). The zero Severity means "not graded".
type Severity string

// The severities (Kroenke 2001 for the PHQ-9; Spitzer 2006 for the GAD-7).
const (
	SeverityMinimal          Severity = "minimal"
	SeverityMild             Severity = "mild"
	SeverityModerate         Severity = "moderate"
	SeverityModeratelySevere Severity = "moderately-severe"
	SeveritySevere           Severity = "severe"
)

// Severities returns every Severity, in a new slice.
func Severities() []Severity {
	return []Severity{SeverityMinimal, SeverityMild, SeverityModerate, SeverityModeratelySevere, SeveritySevere}
}

// IsValid reports whether s is one of [Severities].
func (s Severity) IsValid() bool { return slices.Contains(Severities(), s) }

// A DomainID names a scored domain of an instrument. Instruments that screen the same thing
// use the same id. The zero DomainID is not valid.
type DomainID string

// The domains of the built-in instruments.
const (
	DomainLivingSituation        DomainID = "living-situation"         // AHC core
	DomainFood                   DomainID = "food"                     // AHC core, HVS
	DomainTransportation         DomainID = "transportation"           // AHC core, PRAPARE
	DomainUtilities              DomainID = "utilities"                // AHC core
	DomainSafety                 DomainID = "safety"                   // AHC core, PRAPARE optional
	DomainFinancialStrain        DomainID = "financial-strain"         // AHC supplemental
	DomainEmployment             DomainID = "employment"               // AHC supplemental, PRAPARE
	DomainFamilyCommunitySupport DomainID = "family-community-support" // AHC supplemental
	DomainEducation              DomainID = "education"                // AHC supplemental, PRAPARE
	DomainPhysicalActivity       DomainID = "physical-activity"        // AHC supplemental
	DomainSubstanceUse           DomainID = "substance-use"            // AHC supplemental
	DomainMentalHealth           DomainID = "mental-health"            // AHC supplemental
	DomainDisabilities           DomainID = "disabilities"             // AHC supplemental
	DomainDepression             DomainID = "depression"               // PHQ-2, PHQ-9
	DomainAnxiety                DomainID = "anxiety"                  // GAD-7
	DomainHousing                DomainID = "housing"                  // PRAPARE
	DomainVeteran                DomainID = "veteran"                  // PRAPARE
	DomainLanguage               DomainID = "language"                 // PRAPARE
	DomainInsurance              DomainID = "insurance"                // PRAPARE
	DomainMaterialSecurity       DomainID = "material-security"        // PRAPARE
	DomainSocialConnection       DomainID = "social-connection"        // PRAPARE
	DomainStress                 DomainID = "stress"                   // PRAPARE
	DomainIncarceration          DomainID = "incarceration"            // PRAPARE optional
	DomainRefugee                DomainID = "refugee"                  // PRAPARE optional
)

// DomainIDs returns every built-in DomainID, in a new slice.
func DomainIDs() []DomainID {
	return []DomainID{DomainLivingSituation, DomainFood, DomainTransportation, DomainUtilities, DomainSafety,
		DomainFinancialStrain, DomainEmployment, DomainFamilyCommunitySupport, DomainEducation,
		DomainPhysicalActivity, DomainSubstanceUse, DomainMentalHealth, DomainDisabilities,
		DomainDepression, DomainAnxiety, DomainHousing, DomainVeteran, DomainLanguage, DomainInsurance,
		DomainMaterialSecurity, DomainSocialConnection, DomainStress, DomainIncarceration, DomainRefugee}
}

// IsValid reports whether d is one of [DomainIDs].
func (d DomainID) IsValid() bool { return slices.Contains(DomainIDs(), d) }

// Category is a Gravity Project SDOH category: a code of the SDOH Clinical Care IG's value set
// SDOHCC-ValueSetSDOHCategory, in the code system carecoord.SystemSDOHCCTemporary (spec §4.5).
// The value is the code, so [Category.Coding] is the identity. Needs, goals and referrals
// (careplan.Goal, referral.Service categories) are coded with it. The zero Category is not a
// category.
type Category string

// The Gravity SDOH categories (SDOHCC-ValueSetSDOHCategory, IG 3.0.0). CategoryUnspecified is
// for domains the value set does not list (interpersonal safety, disability status); a need in
// it carries its domain, whose name is the category's text (FHIR category.text).
const (
	CategoryUnspecified                   Category = "sdoh-category-unspecified"
	CategoryFoodInsecurity                Category = "food-insecurity"
	CategoryHousingInstability            Category = "housing-instability"
	CategoryHomelessness                  Category = "homelessness"
	CategoryInadequateHousing             Category = "inadequate-housing"
	CategoryTransportationInsecurity      Category = "transportation-insecurity"
	CategoryFinancialInsecurity           Category = "financial-insecurity"
	CategoryMaterialHardship              Category = "material-hardship"
	CategoryEducationalAttainment         Category = "educational-attainment"
	CategoryEmploymentStatus              Category = "employment-status"
	CategoryVeteranStatus                 Category = "veteran-status"
	CategoryStress                        Category = "stress"
	CategorySocialConnection              Category = "social-connection"
	CategoryIntimatePartnerViolence       Category = "intimate-partner-violence"
	CategoryElderAbuse                    Category = "elder-abuse"
	CategoryPersonalHealthLiteracy        Category = "personal-health-literacy"
	CategoryHealthInsuranceCoverageStatus Category = "health-insurance-coverage-status"
	CategoryMedicalCostBurden             Category = "medical-cost-burden"
	CategoryDigitalLiteracy               Category = "digital-literacy"
	CategoryDigitalAccess                 Category = "digital-access"
	CategoryUtilityInsecurity             Category = "utility-insecurity"
	CategoryIncarcerationStatus           Category = "incarceration-status"
	CategoryLanguageAccess                Category = "language-access"
	CategoryProtectiveFactor              Category = "protective-factor"
)

// Categories returns every Category, in the value set's order, in a new slice.
func Categories() []Category {
	return []Category{CategoryUnspecified, CategoryFoodInsecurity, CategoryHousingInstability, CategoryHomelessness,
		CategoryInadequateHousing, CategoryTransportationInsecurity, CategoryFinancialInsecurity,
		CategoryMaterialHardship, CategoryEducationalAttainment, CategoryEmploymentStatus, CategoryVeteranStatus,
		CategoryStress, CategorySocialConnection, CategoryIntimatePartnerViolence, CategoryElderAbuse,
		CategoryPersonalHealthLiteracy, CategoryHealthInsuranceCoverageStatus, CategoryMedicalCostBurden,
		CategoryDigitalLiteracy, CategoryDigitalAccess, CategoryUtilityInsecurity, CategoryIncarcerationStatus,
		CategoryLanguageAccess, CategoryProtectiveFactor}
}

// IsValid reports whether c is one of [Categories].
func (c Category) IsValid() bool { return slices.Contains(Categories(), c) }

// Coding returns c as a Coding in carecoord.SystemSDOHCCTemporary, or the zero Coding for an
// invalid category.
func (c Category) Coding() carecoord.Coding {
	if !c.IsValid() {
		return carecoord.Coding{}
	}
	return carecoord.Coding{System: carecoord.SystemSDOHCCTemporary, Code: string(c)}
}

// Item returns the item with this code and true, or the zero Item and false.
func (in Instrument) Item(code string) (Item, bool) {
	for _, it := range in.Items {
		if it.Code == code {
			return it, true
		}
	}
	return Item{}, false
}

// Option returns the option with this code and true, or the zero Option and false.
func (it Item) Option(code string) (Option, bool) {
	for _, o := range it.Options {
		if o.Code == code {
			return o, true
		}
	}
	return Option{}, false
}

// Clone returns a deep copy of in: no slice shared with it.
func (in Instrument) Clone() Instrument {
	in.Items = slices.Clone(in.Items)
	for i := range in.Items {
		in.Items[i].Options = slices.Clone(in.Items[i].Options)
	}
	in.Domains = slices.Clone(in.Domains)
	for i := range in.Domains {
		in.Domains[i].Items = slices.Clone(in.Domains[i].Items)
		in.Domains[i].Rule.Bands = slices.Clone(in.Domains[i].Rule.Bands)
	}
	return in
}

// maxItems is the most items an instrument may have: a response's items are tracked in a
// 64-bit set while it is validated and scored.
const maxItems = 64

// maxOptions is the most options an item may have: the chosen options are a 32-bit set.
const maxOptions = 32

// Validate reports every problem with the instrument's tables as carecoord.FieldErrors, with
// paths from the instrument's root ("items[3].options[1].code"): ids and codes well formed
// (LOINC check digits included), every text in English and Spanish, items and options unique,
// number ranges ordered, every domain one of [DomainIDs] naming items of the instrument (each
// item in one domain at most) and carrying a rule its items can be scored by, and categories
// among [Categories].
func (in Instrument) Validate() error {
	var errs carecoord.FieldErrors
	switch {
	case in.ID == "":
		errs.Add(carecoord.Required("id", "must name the instrument"))
	case !carecoord.ValidID(string(in.ID)):
		errs.Add(carecoord.Invalid("id", "must be a FHIR id"))
	}
	if in.Version == "" {
		errs.Add(carecoord.Required("version", "must name the instrument's version"))
	} else if !carecoord.ValidID(in.Version) {
		errs.Add(carecoord.Invalid("version", "must be a FHIR id"))
	}
	validText(&errs, "title", in.Title)
	if !ValidLOINC(in.Panel) {
		errs.Add(carecoord.Invalid("panel", "must be a LOINC code with a valid check digit"))
	}
	if in.Source == "" {
		errs.Add(carecoord.Required("source", "must cite the instrument's source"))
	}
	if in.Total.Code != "" && !ValidLOINC(in.Total.Code) {
		errs.Add(carecoord.Invalid("total.code", "must be a LOINC code with a valid check digit"))
	}
	if in.Total.Sum && in.Total.Source == "" {
		errs.Add(carecoord.Required("total.source", "must cite the scoring rule"))
	}
	switch {
	case len(in.Items) == 0:
		errs.Add(carecoord.Required("items", "must list the instrument's items"))
	case len(in.Items) > maxItems:
		errs.Add(carecoord.OutOfRange("items", "must have at most 64 items"))
	}
	for i, it := range in.Items {
		path := carecoord.Path("items", i)
		it.validate(&errs, path)
		for _, prev := range in.Items[:i] {
			if prev.Code == it.Code {
				errs.Add(carecoord.Duplicate(path+".code", "must be unique within the instrument"))
				break
			}
		}
	}
	inDomain := make(map[string]bool)
	for i, d := range in.Domains {
		path := carecoord.Path("domains", i)
		in.validateDomain(&errs, path, d, inDomain)
		for _, prev := range in.Domains[:i] {
			if prev.ID == d.ID {
				errs.Add(carecoord.Duplicate(path+".id", "must be unique within the instrument"))
				break
			}
		}
	}
	return errs.Err()
}

func validText(errs *carecoord.FieldErrors, path string, t Text) {
	if t.En == "" {
		errs.Add(carecoord.Required(path+".en", "must have English text"))
	}
	if t.Es == "" {
		errs.Add(carecoord.Required(path+".es", "must have Spanish text"))
	}
}

func (it Item) validate(errs *carecoord.FieldErrors, path string) {
	if !ValidLOINC(it.Code) {
		errs.Add(carecoord.Invalid(path+".code", "must be a LOINC code with a valid check digit"))
	}
	if it.Stem != (Text{}) {
		validText(errs, path+".stem", it.Stem)
	}
	validText(errs, path+".text", it.Text)
	switch {
	case it.Kind == "":
		errs.Add(carecoord.Required(path+".kind", "must be set"))
	case !it.Kind.IsValid():
		errs.Add(carecoord.NotSupported(path+".kind", ItemKinds()...))
	case it.Kind == ItemNumber:
		if len(it.Options) > 0 {
			errs.Add(carecoord.NotAllowed(path+".options", "must be empty for a number item"))
		}
		if it.Min > it.Max {
			errs.Add(carecoord.Invalid(path+".max", "must not be less than min"))
		}
		if it.Unit == "" {
			errs.Add(carecoord.Required(path+".unit", "must give the UCUM unit of a number item"))
		}
	default:
		switch {
		case len(it.Options) == 0:
			errs.Add(carecoord.Required(path+".options", "must list the answers of a choice item"))
		case len(it.Options) > maxOptions:
			errs.Add(carecoord.OutOfRange(path+".options", "must have at most 32 answers"))
		}
		if it.NoneIfEmpty && it.Kind != ItemMultiChoice {
			errs.Add(carecoord.NotAllowed(path+".noneIfEmpty", "is allowed only for a multi-choice item"))
		}
	}
	for j, o := range it.Options {
		op := carecoord.Path(path, "options", j)
		if !ValidLOINCAnswer(o.Code) {
			errs.Add(carecoord.Invalid(op+".code", "must be a LOINC answer code with a valid check digit"))
		}
		validText(errs, op+".text", o.Text)
		if o.Score < 0 {
			errs.Add(carecoord.OutOfRange(op+".score", "must not be negative"))
		}
		if o.NoInformation && (o.Positive || o.Score != 0) {
			errs.Add(carecoord.Invalid(op, "must not be positive or carry points when it gives no information"))
		}
		if o.Category != "" && !o.Category.IsValid() {
			errs.Add(carecoord.NotSupported(op+".category", Categories()...))
		}
		if o.Category != "" && !o.Positive {
			errs.Add(carecoord.NotAllowed(op+".category", "is allowed only on a positive answer"))
		}
		for _, prev := range it.Options[:j] {
			if prev.Code == o.Code {
				errs.Add(carecoord.Duplicate(op+".code", "must be unique within the item"))
				break
			}
		}
	}
}

func (in Instrument) validateDomain(errs *carecoord.FieldErrors, path string, d Domain, inDomain map[string]bool) {
	switch {
	case d.ID == "":
		errs.Add(carecoord.Required(path+".id", "must be set"))
	case !d.ID.IsValid():
		errs.Add(carecoord.NotSupported(path+".id", DomainIDs()...))
	}
	if d.Category != "" && !d.Category.IsValid() {
		errs.Add(carecoord.NotSupported(path+".category", Categories()...))
	}
	if d.ResultCode != "" && !ValidLOINC(d.ResultCode) {
		errs.Add(carecoord.Invalid(path+".resultCode", "must be a LOINC code with a valid check digit"))
	}
	if len(d.Items) == 0 {
		errs.Add(carecoord.Required(path+".items", "must name the items the rule reads"))
	}
	var scored, signals, numbers int
	for j, code := range d.Items {
		ip := carecoord.Path(path, "items", j)
		it, ok := in.Item(code)
		switch {
		case !ok:
			errs.Add(carecoord.Invalid(ip, "must be the code of one of the instrument's items"))
			continue
		case inDomain[code]:
			errs.Add(carecoord.Duplicate(ip, "must not be in more than one domain"))
		}
		inDomain[code] = true
		switch {
		case it.Kind == ItemNumber:
			numbers++
		case it.Scored:
			scored++
		}
		for _, o := range it.Options {
			if o.Positive {
				signals++
				break
			}
		}
	}
	r := d.Rule
	rp := path + ".rule"
	if r.Source == "" {
		errs.Add(carecoord.Required(rp+".source", "must cite the rule's source"))
	}
	for _, c := range [...]string{r.PositiveCode, r.NegativeCode} {
		if c != "" && !ValidLOINCAnswer(c) {
			errs.Add(carecoord.Invalid(rp, "must have LOINC answer codes with valid check digits for its result"))
		}
	}
	switch r.Kind {
	case "":
		errs.Add(carecoord.Required(rp+".kind", "must be set"))
	case RuleAnyPositive:
		if signals == 0 || numbers > 0 {
			errs.Add(carecoord.Invalid(rp+".kind", "must read choice items with positive answers"))
		}
		if r.Decide < 0 || r.Decide > len(d.Items) {
			errs.Add(carecoord.OutOfRange(rp+".decide", "must be from 0 to the number of items"))
		}
	case RuleSumAbove, RuleTotalAtLeast:
		if scored == 0 || numbers > 0 {
			errs.Add(carecoord.Invalid(rp+".kind", "must read scored choice items"))
		}
		validBands(errs, rp+".bands", r.Bands)
	case RuleProductBelow:
		if numbers != 2 || len(d.Items) != 2 {
			errs.Add(carecoord.Invalid(rp+".kind", "must read exactly two number items"))
		}
	default:
		errs.Add(carecoord.NotSupported(rp+".kind", RuleKinds()...))
	}
	if r.Kind != RuleAnyPositive && r.Decide != 0 {
		errs.Add(carecoord.NotAllowed(rp+".decide", "is allowed only for any-positive"))
	}
	if len(r.Bands) > 0 && r.Kind != RuleTotalAtLeast {
		errs.Add(carecoord.NotAllowed(rp+".bands", "are allowed only for total-at-least"))
	}
	for _, f := range [...]struct {
		name, item string
		kind       RuleKind
	}{{"flagItem", r.FlagItem, RuleSumAbove}, {"urgentItem", r.UrgentItem, RuleTotalAtLeast}} {
		switch {
		case f.item == "":
		case r.Kind != f.kind:
			errs.Add(carecoord.NotAllowed(rp+"."+f.name, "is allowed only for "+string(f.kind)))
		case !slices.Contains(d.Items, f.item):
			errs.Add(carecoord.Invalid(rp+"."+f.name, "must be one of the domain's items"))
		}
	}
}

func validBands(errs *carecoord.FieldErrors, path string, bands []Band) {
	for i, b := range bands {
		bp := carecoord.Path(path, i)
		if !b.Severity.IsValid() {
			errs.Add(carecoord.NotSupported(bp+".severity", Severities()...))
		}
		if b.Min > b.Max {
			errs.Add(carecoord.Invalid(bp+".max", "must not be less than min"))
		}
		if i > 0 && b.Min != bands[i-1].Max+1 {
			errs.Add(carecoord.Invalid(bp+".min", "must follow the previous band without a gap or overlap"))
		}
	}
}
