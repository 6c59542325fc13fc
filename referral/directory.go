package referral

import (
	"bytes"
	"slices"
	"strconv"
	"strings"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// A Directory is a community-resource directory: the organisations, the services they run, and
// optionally the hierarchy of the taxonomy its services are coded with. It is data the host
// loads (from an HSDS feed, a 211 export, its own tables) and passes to [Match]; the library
// ships no taxonomy or directory of its own. It is a value: nothing in this package changes one.
//
// The zero Directory is empty and valid; [Match] finds nothing in it.
type Directory struct {
	// Organizations are the organisations that run the services (HSDS organization).
	Organizations []Organization `json:"organizations,omitempty"`
	// Services are the services on offer (HSDS service).
	Services []Service `json:"services,omitempty"`
	// Terms give the taxonomy's hierarchy, where there is one (HSDS taxonomy_term.parent_id): a
	// need for a term matches services coded with that term or any term below it. Codes not
	// listed here match only themselves. Optional.
	Terms []TaxonomyTerm `json:"terms,omitempty"`
}

// An Organization runs services: a food bank, a housing agency, a community-based organisation
// (HSDS 3.0 organization, whose required fields id, name and description it keeps).
//
// The zero Organization is not valid.
type Organization struct {
	// ID identifies the organisation in the directory (HSDS organization.id). HSDS uses UUIDs,
	// which have the syntax of carecoord.ValidID; any FHIR id is accepted.
	ID string `json:"id"`
	// Name is the organisation's name (HSDS organization.name).
	Name string `json:"name"`
	// Description says what the organisation does (HSDS organization.description).
	Description string `json:"description"`
}

// A TaxonomyTerm places one code of the directory's taxonomy under its parent (HSDS 3.0
// taxonomy_term: code and taxonomy_id make the Coding, parent_id the Parent).
//
// The zero TaxonomyTerm is not valid.
type TaxonomyTerm struct {
	// Code is the term, e.g. an AIRS/211 LA code or an SDOHCC category.
	Code carecoord.Coding `json:"code"`
	// Parent is the broader term, or zero for a top-level term. It must be listed in the same
	// Directory's Terms.
	Parent carecoord.Coding `json:"parent,omitzero"`
}

// ServiceStatus is whether a service is running: the HSDS 3.0 service.status enumeration,
// whose values it uses unchanged ("temporarily closed" has a space). Only active services are
// referral targets (spec §5.2). The zero ServiceStatus is not valid.
type ServiceStatus string

// The service statuses (HSDS 3.0 service.status).
const (
	ServiceActive            ServiceStatus = "active"
	ServiceInactive          ServiceStatus = "inactive"
	ServiceDefunct           ServiceStatus = "defunct"
	ServiceTemporarilyClosed ServiceStatus = "temporarily closed"
)

// ServiceStatuses returns every ServiceStatus, in a new slice.
func ServiceStatuses() []ServiceStatus {
	return []ServiceStatus{ServiceActive, ServiceInactive, ServiceDefunct, ServiceTemporarilyClosed}
}

// IsValid reports whether s is one of [ServiceStatuses].
func (s ServiceStatus) IsValid() bool {
	switch s {
	case ServiceActive, ServiceInactive, ServiceDefunct, ServiceTemporarilyClosed:
		return true
	}
	return false
}

// A Service is one service an organisation offers (HSDS 3.0 service): what it is for
// (categories), who may use it (eligibility), in which languages, where, and whether it can take
// someone now (capacity).
//
// The zero Service is not valid.
type Service struct {
	// ID identifies the service in the directory (HSDS service.id).
	ID string `json:"id"`
	// OrganizationID is the id of the organisation that runs it (HSDS service.organization_id).
	OrganizationID string `json:"organizationId"`
	// Name is the service's public name (HSDS service.name); candidates are sorted by it.
	Name string `json:"name"`
	// Description says what the service does (HSDS service.description). Optional.
	Description string `json:"description,omitempty"`
	// Status is whether the service is running (HSDS service.status).
	Status ServiceStatus `json:"status"`
	// Categories code what the service is for: taxonomy terms linked to it (HSDS attribute →
	// taxonomy_term), such as the Gravity SDOHCC categories (carecoord.SystemSDOHCCTemporary
	// "food-insecurity"), AIRS/211 LA or Open Eligibility codes. At least one is required.
	Categories []carecoord.Coding `json:"categories"`
	// Eligibility says who may use the service. The zero Eligibility admits everyone.
	Eligibility Eligibility `json:"eligibility,omitzero"`
	// Languages are the BCP 47 tags of the languages the service is delivered in (HSDS
	// language.code, ISO 639-1 or 639-3, which are BCP 47 tags too), without those available only
	// through interpretation, as HSDS defines the list. Empty when the directory does not say.
	Languages []string `json:"languages,omitempty"`
	// Area is where the service is available (HSDS service_area).
	Area ServiceArea `json:"area"`
	// Capacity is whether the service can take someone now. The zero Capacity means "not
	// reported" and is read as [CapacityUnknown].
	Capacity Capacity `json:"capacity,omitzero"`
}

// Eligibility says who may use a service (HSDS 3.0 service.eligibility_description,
// minimum_age and maximum_age, plus coded criteria). A person must meet every rule that is set.
//
// The zero Eligibility admits everyone.
type Eligibility struct {
	// Description is the free-text rule for people (HSDS eligibility_description). Match never
	// reads it. Optional.
	Description string `json:"description,omitempty"`
	// MinimumAge and MaximumAge bound the person's age in whole years, both inclusive (HSDS
	// minimum_age and maximum_age); nil means no bound. MaximumAge 17 admits a person up to the
	// day before their 18th birthday. Ages are computed by [AgeInYears]. HSDS allows fractional
	// ages; a host loading one must round it to whole years itself.
	MinimumAge *int `json:"minimumAge,omitempty"`
	MaximumAge *int `json:"maximumAge,omitempty"`
	// Criteria are coded conditions a person must all meet, such as veteran status or income
	// under a programme's threshold. A criterion is met when [PatientFacts.Attributes] carries a
	// Coding with the same system and code: the host decides what its codes mean and sets them.
	Criteria []carecoord.Coding `json:"criteria,omitempty"`
}

// A ServiceArea is where a service is available (HSDS 3.0 service_area, whose extent is reduced
// here to a list of US ZIP codes). Either Anywhere is set or PostalCodes lists at least one code.
//
// The zero ServiceArea is not valid: a service must say where it is available.
type ServiceArea struct {
	// Anywhere says the service is available wherever the person is: a phone line, a virtual
	// service (HSDS location_type "virtual"), a statewide programme the directory does not map.
	Anywhere bool `json:"anywhere,omitempty"`
	// PostalCodes are the US ZIP codes served: five digits, or ZIP+4 ("02118-1234"), of which
	// only the first five digits count, so a ZIP+4 entry covers its whole ZIP code.
	PostalCodes []string `json:"postalCodes,omitempty"`
}

// CapacityStatus is whether a service can take a new person. Where the Gravity SDOH Clinical
// Care IG 3.0.0 has a code (value set SDOHCC-ValueSetCapacityStatus, code system
// carecoord.SystemSDOHCCTemporary, carried on HealthcareService by the extension
// SDOHCC-ExtensionHealthcareServiceCapacityStatus) the value is that code, so mapping is the
// identity; "unknown" is the library's token for a status nobody reported. HSDS 3.1
// service_capacity reports counts (available, maximum) instead: a host maps available > 0 to
// CapacityAvailable and available = 0 to CapacityFull. The zero CapacityStatus is not valid.
type CapacityStatus string

// The capacity statuses.
const (
	// CapacityAvailable: the service can take new people (SDOHCC "capacity").
	CapacityAvailable CapacityStatus = "capacity"
	// CapacityAssessmentRequired: the service may have room, after assessing the person
	// (SDOHCC "additional-assessment-required").
	CapacityAssessmentRequired CapacityStatus = "additional-assessment-required"
	// CapacityWaitlist: the service is full but keeps a waiting list (SDOHCC "waitlist").
	CapacityWaitlist CapacityStatus = "waitlist"
	// CapacityFull: the service cannot take anyone now (SDOHCC "no-capacity"). Match excludes it.
	CapacityFull CapacityStatus = "no-capacity"
	// CapacityUnknown: nobody has reported (library token; no SDOHCC code).
	CapacityUnknown CapacityStatus = "unknown"
)

// CapacityStatuses returns every CapacityStatus, in [Match]'s order of preference, with
// CapacityFull last, in a new slice.
func CapacityStatuses() []CapacityStatus {
	return []CapacityStatus{CapacityAvailable, CapacityAssessmentRequired, CapacityWaitlist, CapacityUnknown, CapacityFull}
}

// IsValid reports whether c is one of [CapacityStatuses].
func (c CapacityStatus) IsValid() bool { return c.dirRank() >= 0 }

// Coding returns c as its SDOHCC capacity-status code, or the zero Coding for CapacityUnknown
// and invalid values, which have none.
func (c CapacityStatus) Coding() carecoord.Coding {
	if !c.IsValid() || c == CapacityUnknown {
		return carecoord.Coding{}
	}
	return carecoord.Coding{System: carecoord.SystemSDOHCCTemporary, Code: string(c)}
}

// dirRank is c's place in Match's order (0 first), or -1 for an invalid value.
func (c CapacityStatus) dirRank() int {
	switch c {
	case CapacityAvailable:
		return 0
	case CapacityAssessmentRequired:
		return 1
	case CapacityWaitlist:
		return 2
	case CapacityUnknown:
		return 3
	case CapacityFull:
		return 4
	}
	return -1
}

// Capacity is a service's reported capacity (HSDS 3.1 service_capacity, reduced to a status;
// SDOHCC capacity status).
//
// The zero Capacity means "not reported" and reads as [CapacityUnknown].
type Capacity struct {
	// Status is the reported status; empty when not reported.
	Status CapacityStatus `json:"status,omitempty"`
	// AsOf is the day it was reported (HSDS service_capacity.updated, as a date). Optional;
	// Match shows it in its explanation but does not judge staleness, which is the host's policy.
	AsOf civil.Date `json:"asOf,omitzero"`
}

// Effective returns the status Match uses: Status, or CapacityUnknown when none is reported
// or Status is not one of [CapacityStatuses].
func (c Capacity) Effective() CapacityStatus {
	if !c.Status.IsValid() {
		return CapacityUnknown
	}
	return c.Status
}

// A Need is what is being searched for: the service categories that would address a person's
// social need, e.g. SDOHCC "food-insecurity", in the directory's taxonomy.
//
// The zero Need is not valid, and matches nothing.
type Need struct {
	// Categories are the wanted service categories; a service matches when one of its categories
	// is one of these or below one of them in [Directory.Terms].
	Categories []carecoord.Coding `json:"categories"`
	// RequireLanguage excludes services that cannot be shown to offer one of the person's
	// preferred languages with at least high confidence (see [LanguageConfidence]). Without it,
	// such services stay candidates and are ranked after those that do. It has no effect when
	// the person states no preferred language.
	RequireLanguage bool `json:"requireLanguage,omitempty"`
}

// PatientFacts are what Match may know about the person: each fact is optional, and a service
// whose rule needs a fact that is missing is excluded with a reason saying so ("age-unknown",
// "area-postal-code-unknown"). They are patient data: no error and no [MatchReason] repeats them.
//
// The zero PatientFacts knows nothing.
type PatientFacts struct {
	// BirthDate is the person's date of birth; their age is computed on Match's asOf day.
	BirthDate civil.Date `json:"birthDate,omitzero"`
	// Age is the person's age in whole years, for when the birth date is not known. Set at most
	// one of BirthDate and Age; Match uses BirthDate when it is set.
	Age *int `json:"age,omitempty"`
	// PostalCode is the US ZIP code where the person lives, ZIP5 or ZIP+4.
	PostalCode string `json:"postalCode,omitempty"`
	// Languages are the person's preferred languages as BCP 47 tags, most preferred first.
	Languages []string `json:"languages,omitempty"`
	// Attributes are coded facts the host asserts about the person, matched against
	// [Eligibility.Criteria] by system and code (e.g. veteran status, income under a threshold).
	Attributes []carecoord.Coding `json:"attributes,omitempty"`
}

// MatchCriterion names one test [Match] applies to a service. The zero MatchCriterion is not
// valid.
type MatchCriterion string

// The criteria, in the order Match applies them and lists their reasons.
const (
	CriterionCategory    MatchCriterion = "category"    // the service is for the need
	CriterionStatus      MatchCriterion = "status"      // the service is active
	CriterionArea        MatchCriterion = "area"        // the person's postal code is served
	CriterionAge         MatchCriterion = "age"         // the person's age is within the bounds
	CriterionEligibility MatchCriterion = "eligibility" // the person meets every coded criterion
	CriterionLanguage    MatchCriterion = "language"    // a preferred language is offered
	CriterionCapacity    MatchCriterion = "capacity"    // the service can take someone
)

// MatchCriteria returns every MatchCriterion, in the order Match applies them, in a new slice.
func MatchCriteria() []MatchCriterion {
	return []MatchCriterion{CriterionCategory, CriterionStatus, CriterionArea, CriterionAge,
		CriterionEligibility, CriterionLanguage, CriterionCapacity}
}

// IsValid reports whether c is one of [MatchCriteria].
func (c MatchCriterion) IsValid() bool { return slices.Contains(MatchCriteria(), c) }

// MatchCode says what Match found for one criterion of one service: a stable token a host can
// branch on or translate (the English [MatchReason.Detail] may change). Its criterion is the
// part before the first hyphen. The zero MatchCode is not valid.
type MatchCode string

// The match codes, by criterion. "Met" codes let a service stay a candidate; the others
// exclude it, except [MatchLanguageWeak], [MatchLanguageNone] and [MatchLanguageNotListed],
// which only lower its rank unless [Need.RequireLanguage] is set.
const (
	MatchCategory           MatchCode = "category-match"           // met: a service category is the need or below it
	MatchCategoryNone       MatchCode = "category-none"            // no service category is the need
	MatchStatusActive       MatchCode = "status-active"            // met: the service is active
	MatchStatusNotActive    MatchCode = "status-not-active"        // inactive, defunct or temporarily closed
	MatchAreaPostalCode     MatchCode = "area-postal-code"         // met: the person's ZIP code is listed
	MatchAreaAnywhere       MatchCode = "area-anywhere"            // met: the service is available anywhere
	MatchAreaOutside        MatchCode = "area-outside"             // the person's ZIP code is not listed
	MatchAreaUnknown        MatchCode = "area-postal-code-unknown" // the area is restricted and the ZIP code is not known
	MatchAgeNoLimit         MatchCode = "age-no-limit"             // met: the service has no age bound
	MatchAgeWithin          MatchCode = "age-within"               // met: the age is within the bounds
	MatchAgeBelowMinimum    MatchCode = "age-below-minimum"        // younger than the minimum age
	MatchAgeAboveMaximum    MatchCode = "age-above-maximum"        // older than the maximum age
	MatchAgeUnknown         MatchCode = "age-unknown"              // there is a bound and the age is not known
	MatchCriteriaNone       MatchCode = "eligibility-none"         // met: there are no coded criteria
	MatchCriteriaMet        MatchCode = "eligibility-met"          // met: every coded criterion is among the facts
	MatchCriteriaNotMet     MatchCode = "eligibility-not-met"      // a coded criterion is not among the facts
	MatchLanguage           MatchCode = "language-match"           // met: a preferred language, exact or high confidence
	MatchLanguageWeak       MatchCode = "language-weak"            // only a low-confidence match
	MatchLanguageNone       MatchCode = "language-none"            // no offered language matches a preferred one
	MatchLanguageNotListed  MatchCode = "language-not-listed"      // the service lists no languages
	MatchLanguageNotAsked   MatchCode = "language-not-asked"       // met: the person states no preference
	MatchCapacityAvailable  MatchCode = "capacity-available"       // met: SDOHCC capacity
	MatchCapacityAssessment MatchCode = "capacity-assessment"      // met: SDOHCC additional-assessment-required
	MatchCapacityWaitlist   MatchCode = "capacity-waitlist"        // met: SDOHCC waitlist
	MatchCapacityUnknown    MatchCode = "capacity-unknown"         // met: not reported
	MatchCapacityFull       MatchCode = "capacity-full"            // SDOHCC no-capacity
)

// MatchCodes returns every MatchCode, grouped by criterion in Match's order, in a new slice.
func MatchCodes() []MatchCode {
	return []MatchCode{MatchCategory, MatchCategoryNone, MatchStatusActive, MatchStatusNotActive,
		MatchAreaPostalCode, MatchAreaAnywhere, MatchAreaOutside, MatchAreaUnknown,
		MatchAgeNoLimit, MatchAgeWithin, MatchAgeBelowMinimum, MatchAgeAboveMaximum, MatchAgeUnknown,
		MatchCriteriaNone, MatchCriteriaMet, MatchCriteriaNotMet,
		MatchLanguage, MatchLanguageWeak, MatchLanguageNone, MatchLanguageNotListed, MatchLanguageNotAsked,
		MatchCapacityAvailable, MatchCapacityAssessment, MatchCapacityWaitlist, MatchCapacityUnknown, MatchCapacityFull}
}

// IsValid reports whether c is one of [MatchCodes].
func (c MatchCode) IsValid() bool { return slices.Contains(MatchCodes(), c) }

// Criterion returns the criterion c reports on, or "" for an invalid code.
func (c MatchCode) Criterion() MatchCriterion {
	if !c.IsValid() {
		return ""
	}
	prefix, _, _ := strings.Cut(string(c), "-")
	return MatchCriterion(prefix)
}

// A MatchReason is what Match found for one criterion of one service: the explanation of a
// candidate's place or of a service's exclusion (DESIGN rule 7).
type MatchReason struct {
	// Criterion is the test.
	Criterion MatchCriterion `json:"criterion"`
	// Met reports whether the service passed it. A candidate may carry one unmet reason: a
	// language that only lowers its rank (see [Need.RequireLanguage]).
	Met bool `json:"met"`
	// Code says what was found.
	Code MatchCode `json:"code"`
	// Detail says it in English for a coordinator, naming only directory data (codes, bounds,
	// tags, dates), never the person's facts. It may change; branch on Code.
	Detail string `json:"detail"`
}

// String returns "criterion: detail".
func (r MatchReason) String() string { return string(r.Criterion) + ": " + r.Detail }

// LanguageConfidence is how well a service's language serves the person, on the scale of
// golang.org/x/text/language's Confidence (CLDR language matching: "exact", "high", "low",
// "no"), plus two library tokens for when there is nothing to compare. The zero
// LanguageConfidence is not valid.
type LanguageConfidence string

// The language confidences.
const (
	// LanguageExact: the same language, e.g. "es" for "es", or "nb" for "no".
	LanguageExact LanguageConfidence = "exact"
	// LanguageHigh: a variant readily understood, e.g. "es" for "es-MX", "en" for "en-GB".
	LanguageHigh LanguageConfidence = "high"
	// LanguageLow: a questionable match, e.g. "zh-Hans" (Simplified) for "zh-Hant"
	// (Traditional): the same spoken language, a different script; or another language the
	// person may also know, such as "en" for Somali ("so"), which CLDR rates high (see [Match]).
	LanguageLow LanguageConfidence = "low"
	// LanguageNo: no offered language matches any preferred one.
	LanguageNo LanguageConfidence = "no"
	// LanguageNotListed: the service lists no languages, so nothing can be compared.
	LanguageNotListed LanguageConfidence = "not-listed"
	// LanguageNotAsked: the person states no preferred language.
	LanguageNotAsked LanguageConfidence = "not-asked"
)

// LanguageConfidences returns every LanguageConfidence, best first, in a new slice.
func LanguageConfidences() []LanguageConfidence {
	return []LanguageConfidence{LanguageExact, LanguageHigh, LanguageLow, LanguageNo, LanguageNotListed, LanguageNotAsked}
}

// IsValid reports whether c is one of [LanguageConfidences].
func (c LanguageConfidence) IsValid() bool { return slices.Contains(LanguageConfidences(), c) }

// A LanguageMatch says which of a service's languages serves the person and how well.
type LanguageMatch struct {
	// Confidence is how well.
	Confidence LanguageConfidence `json:"confidence"`
	// Offered is the service's language that matched, as a canonical BCP 47 tag; empty when
	// Confidence is no, not-listed or not-asked.
	Offered string `json:"offered,omitempty"`
	// Preference is the index in [PatientFacts.Languages] of the preferred language it
	// matched (0 is the most preferred); -1 when Offered is empty.
	Preference int `json:"preference"`
}

// AreaMatch says how a candidate's service area covers the person. The zero AreaMatch is not
// valid.
type AreaMatch string

// The area matches.
const (
	AreaPostalCode AreaMatch = "postal-code" // the person's ZIP code is listed
	AreaAnywhere   AreaMatch = "anywhere"    // the service is available anywhere
)

// AreaMatches returns every AreaMatch, in Match's order of preference, in a new slice.
func AreaMatches() []AreaMatch { return []AreaMatch{AreaPostalCode, AreaAnywhere} }

// IsValid reports whether a is one of [AreaMatches].
func (a AreaMatch) IsValid() bool { return a == AreaPostalCode || a == AreaAnywhere }

// A Candidate is a service Match found for the need and the person, with the reasons it is a
// candidate and the facts that set its rank.
type Candidate struct {
	// ServiceID, OrganizationID and Name identify the service.
	ServiceID      string `json:"serviceId"`
	OrganizationID string `json:"organizationId"`
	Name           string `json:"name"`
	// Capacity and CapacityAsOf are the service's capacity as Match read it.
	Capacity     CapacityStatus `json:"capacity"`
	CapacityAsOf civil.Date     `json:"capacityAsOf,omitzero"`
	// Language is how the service's languages serve the person.
	Language LanguageMatch `json:"language"`
	// Area is how the service area covers the person.
	Area AreaMatch `json:"area"`
	// Reasons has one entry per criterion, in the order of [MatchCriteria].
	Reasons []MatchReason `json:"reasons"`
}

// An ExcludedService is a service Match did not return, with every reason why.
type ExcludedService struct {
	// ServiceID, OrganizationID and Name identify the service.
	ServiceID      string `json:"serviceId"`
	OrganizationID string `json:"organizationId"`
	Name           string `json:"name"`
	// Reasons are the criteria the service failed, in the order of [MatchCriteria]. A service
	// that is not for the need has that one reason only: no other criterion is tried on it.
	Reasons []MatchReason `json:"reasons"`
}

// Match finds the services in d that fit need for the person described by facts, judged on the
// day asOf (whose date gives the person's age). It returns the candidates in the order below,
// and every other service of d as excluded with the reasons why, ordered by service id, then
// organisation id. Match never changes d, never fails and never panics; it does not validate
// d, need or facts (call their Validate methods for that): a malformed field simply never
// matches, and a malformed fact counts as unknown.
//
// The rules, each explained by a [MatchReason]:
//
//   - category: one of the service's categories is one of need's, or below one of them in
//     d.Terms. Services that fail this are excluded with this reason alone.
//   - status: the service is active (HSDS "inactive", "defunct" and "temporarily closed" are
//     excluded, spec §5.2).
//   - area: the service is available anywhere, or lists the person's ZIP code (the first five
//     digits of ZIP5 or ZIP+4 on either side). An unknown or malformed ZIP code excludes
//     services that list ZIP codes.
//   - age: the person's age in whole years on asOf ([AgeInYears]; or facts.Age when there is
//     no birth date) is within the service's bounds, both inclusive. An unknown age excludes
//     services that have a bound.
//   - eligibility: facts.Attributes holds every coded criterion (same system and code).
//   - language: the person's preferred languages are compared with each offered language by
//     golang.org/x/text/language (a Matcher of the one offered tag, which applies CLDR's
//     language-matching data), and the result is the earliest preference matched with high or
//     exact confidence, else the earliest matched with low confidence, else none. CLDR's data
//     are made for choosing a software locale, so they also rate some different languages as a
//     high match for people who often read them too (Somali to English, Galician to Spanish,
//     Breton to French); Match counts a high match between different base languages as low,
//     since reading a language well enough to use software in it is not being served in it. With
//     [Need.RequireLanguage] anything short of high confidence is excluded; otherwise it only
//     ranks lower.
//   - capacity: a service reported full (SDOHCC no-capacity) is excluded, because the SDOHCC
//     capacity check exists to stop referrals to organisations that cannot serve now (IG page
//     "Capacity Status"); the host can still show the exclusion.
//
// Candidates are ordered by these keys, each deciding only ties of the one before. The order is
// library design, not a standard; it puts first the services most likely to serve the person
// soon, and is total for a valid directory (service ids unique), so the result does not depend
// on the order of d.Services:
//
//  1. capacity: available, then additional-assessment-required, then waitlist, then unknown;
//  2. language: an exact or high-confidence match (to an earlier preference first, then exact
//     before high), then a low-confidence match (earlier preference first), then a service that
//     lists no languages, then one with no common language (all equal when the person states
//     no preference);
//  3. area: a listed ZIP code before "anywhere" (a local service before a phone line);
//  4. name, by golang.org/x/text/collate with the root (CLDR) collation and numeric ordering,
//     as a person would look them up ("Food Bank 9" before "Food Bank 10");
//  5. service id, then organisation id, in byte order.
func Match(d Directory, need Need, facts PatientFacts, asOf civil.Date) ([]Candidate, []ExcludedService) {
	m := dirMatcher{
		want:  dirWanted(d.Terms, need.Categories),
		need:  need,
		langs: make(map[string]*dirOffered),
	}
	m.readFacts(facts, asOf)

	var cands []Candidate
	out := make([]ExcludedService, 0, len(d.Services))
	var missBuf []MatchReason // one reason per service that is not for the need
	for i := range d.Services {
		s := &d.Services[i]
		cat, ok := m.category(s)
		if !ok {
			if missBuf == nil {
				missBuf = make([]MatchReason, 0, len(d.Services)-i)
			}
			missBuf = append(missBuf, cat)
			n := len(missBuf)
			out = append(out, ExcludedService{ServiceID: s.ID, OrganizationID: s.OrganizationID, Name: s.Name,
				Reasons: missBuf[n-1 : n : n]})
			continue
		}
		c, excluded := m.judge(s, cat)
		if excluded {
			failed := make([]MatchReason, 0, 2)
			for _, r := range c.Reasons {
				if m.disqualifies(r) {
					failed = append(failed, r)
				}
			}
			out = append(out, ExcludedService{ServiceID: s.ID, OrganizationID: s.OrganizationID, Name: s.Name, Reasons: failed})
			continue
		}
		cands = append(cands, c)
	}

	cands = dirSortCandidates(cands)
	slices.SortFunc(out, func(a, b ExcludedService) int {
		if c := strings.Compare(a.ServiceID, b.ServiceID); c != 0 {
			return c
		}
		return strings.Compare(a.OrganizationID, b.OrganizationID)
	})
	return cands, out
}

// dirSortCandidates returns cands in Match's order. Names are compared by collation keys,
// made once per candidate, rather than by collating pairs in every comparison.
func dirSortCandidates(cands []Candidate) []Candidate {
	if len(cands) < 2 {
		return cands
	}
	coll := collate.New(language.Und, collate.Numeric)
	var buf collate.Buffer
	keys := make([][]byte, len(cands))
	order := make([]int, len(cands))
	for i := range cands {
		keys[i] = coll.KeyFromString(&buf, cands[i].Name)
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		a, b := &cands[i], &cands[j]
		if c := a.Capacity.dirRank() - b.Capacity.dirRank(); c != 0 {
			return c
		}
		if c := dirCompareLanguage(a.Language, b.Language); c != 0 {
			return c
		}
		if a.Area != b.Area {
			if a.Area == AreaPostalCode {
				return -1
			}
			return 1
		}
		if c := bytes.Compare(keys[i], keys[j]); c != 0 {
			return c
		}
		if c := strings.Compare(a.ServiceID, b.ServiceID); c != 0 {
			return c
		}
		return strings.Compare(a.OrganizationID, b.OrganizationID)
	})
	sorted := make([]Candidate, len(cands))
	for k, i := range order {
		sorted[k] = cands[i]
	}
	return sorted
}

// dirCompareLanguage orders language matches as Match documents.
func dirCompareLanguage(a, b LanguageMatch) int {
	ta, tb := dirLanguageTier(a.Confidence), dirLanguageTier(b.Confidence)
	if ta != tb {
		return ta - tb
	}
	if a.Confidence == LanguageNotAsked || a.Offered == "" {
		return 0
	}
	if a.Preference != b.Preference {
		return a.Preference - b.Preference
	}
	if a.Confidence != b.Confidence { // exact before high, within tier 0
		if a.Confidence == LanguageExact {
			return -1
		}
		return 1
	}
	return 0
}

// dirLanguageTier groups confidences for ordering: exact and high share tier 0, so that an
// earlier preference can win over exactness.
func dirLanguageTier(c LanguageConfidence) int {
	switch c {
	case LanguageExact, LanguageHigh, LanguageNotAsked:
		return 0
	case LanguageLow:
		return 1
	case LanguageNotListed:
		return 2
	}
	return 3
}

// AgeInYears returns a person's age in whole years on the day on: the number of birthdays they
// have had since birth. ok is false when either date is not valid or on is before birth.
//
// A person born on 29 February has their birthday on 1 March in common years: the day and
// month of on are compared with those of birth, and 28 February comes before 29 February. So a
// person born 2008-02-29 is 17 on 2026-02-28 and 18 on 2026-03-01. This is the rule written into
// statute in Maryland (Md. Code, General Provisions § 1-303: "an individual born on February 29
// attains a specified age on March 1 of any year that is not a leap year"), and the common
// reading of "the anniversary of the date of birth" elsewhere; some jurisdictions use 28
// February instead (Taiwan, by its Civil Code's counting of periods). A host that must follow
// such a rule passes [PatientFacts.Age] instead of a birth date.
func AgeInYears(birth, on civil.Date) (years int, ok bool) {
	if !birth.IsValid() || !on.IsValid() || on.Before(birth) {
		return 0, false
	}
	by, bm, bd := birth.YMD()
	y, m, d := on.YMD()
	years = y - by
	if m < bm || m == bm && d < bd {
		years--
	}
	return years, true
}

// NormalizePostalCode returns the five-digit US ZIP code of s, which must be a ZIP code
// ("02118") or a ZIP+4 code ("02118-1234"), with nothing before or after. The error is a
// *carecoord.FieldError with no path, matching carecoord.ErrInvalid; it does not repeat s.
func NormalizePostalCode(s string) (string, error) {
	z, ok := dirZIP5(s)
	if !ok {
		return "", carecoord.Invalid("", dirZIPRule)
	}
	return z, nil
}

const dirZIPRule = "must be a US ZIP code: 5 digits, or ZIP+4 as 5 digits, a hyphen and 4 digits"

// dirZIP5 returns the first five digits of a ZIP or ZIP+4 code, without allocating.
func dirZIP5(s string) (string, bool) {
	switch len(s) {
	case 5:
	case 10:
		if s[5] != '-' || !dirDigits(s[6:]) {
			return "", false
		}
	default:
		return "", false
	}
	if !dirDigits(s[:5]) {
		return "", false
	}
	return s[:5], true
}

func dirDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// CanonicalLanguage returns the canonical form of the BCP 47 language tag s, as
// golang.org/x/text/language parses and canonicalises it: case normalised ("ES-mx" is "es-MX"),
// deprecated codes replaced ("iw" is "he", "tl" is "fil"). It rejects tags that are not
// well-formed, that use unknown subtags, and "und" (no language). The error is a
// *carecoord.FieldError with no path, matching carecoord.ErrInvalid; it does not repeat s.
func CanonicalLanguage(s string) (string, error) {
	t, ok := dirParseLanguage(s)
	if !ok {
		return "", carecoord.Invalid("", dirLanguageRule)
	}
	return t.String(), nil
}

const dirLanguageRule = "must be a well-formed BCP 47 language tag with known subtags, naming a language"

func dirParseLanguage(s string) (language.Tag, bool) {
	if dirRepeatsSingleton(s) {
		return language.Und, false
	}
	t, err := language.Parse(s)
	if err != nil || t == language.Und {
		return language.Und, false
	}
	// The canonical form must be a fixed point: x/text accepts some ill-formed tags whose
	// printed form it then reads differently, and a canonical form that changes when read
	// again is no canonical form.
	if again, err := language.Parse(t.String()); err != nil || again.String() != t.String() {
		return language.Und, false
	}
	return t, true
}

// dirRepeatsSingleton reports whether the tag s uses an extension singleton twice ("-u-" and
// "-U-"), which RFC 5646 §2.2.9 forbids ("each singleton subtag MUST appear at most one time
// in each tag") and x/text does not reject. Subtags after the private-use "x" are not
// singletons.
func dirRepeatsSingleton(s string) bool {
	var seen [36]bool
	for sub := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == '-' || r == '_' }) { // x/text reads both
		if len(sub) != 1 {
			continue
		}
		c := sub[0] | 0x20 // lower case for letters
		if c == 'x' {
			return false
		}
		var i int
		switch {
		case c >= 'a' && c <= 'z':
			i = int(c-'a') + 10
		case sub[0] >= '0' && sub[0] <= '9':
			i = int(sub[0] - '0')
		default:
			continue
		}
		if seen[i] {
			return true
		}
		seen[i] = true
	}
	return false
}

// Organization returns the organisation of d with the given id, and whether there is one.
func (d Directory) Organization(id string) (Organization, bool) {
	for _, o := range d.Organizations {
		if o.ID == id {
			return o, true
		}
	}
	return Organization{}, false
}

// dirKey is a Coding's identity (system and code) as a map key.
type dirKey struct{ system, code string }

func dirKeyOf(c carecoord.Coding) dirKey { return dirKey{c.System, c.Code} }

// dirWanted returns every code that satisfies need, each mapped to the need category it is (or
// is below): need's codes and, through terms, all their descendants. When a code is below two
// need categories, the earlier in need wins.
func dirWanted(terms []TaxonomyTerm, need []carecoord.Coding) map[dirKey]carecoord.Coding {
	var children map[dirKey][]dirKey
	for _, t := range terms {
		if t.Parent.IsZero() {
			continue
		}
		if children == nil {
			children = make(map[dirKey][]dirKey)
		}
		p := dirKeyOf(t.Parent)
		children[p] = append(children[p], dirKeyOf(t.Code))
	}
	want := make(map[dirKey]carecoord.Coding, len(need))
	var queue []dirKey
	for _, n := range need {
		if n.IsZero() {
			continue
		}
		queue = append(queue[:0], dirKeyOf(n))
		for len(queue) > 0 {
			k := queue[0]
			queue = queue[1:]
			if _, seen := want[k]; seen {
				continue
			}
			want[k] = n
			queue = append(queue, children[k]...)
		}
	}
	return want
}

// dirMatcher holds what one Match call works out once: the wanted codes, the person's facts in
// the form the criteria use, and the language comparisons already made.
type dirMatcher struct {
	want map[dirKey]carecoord.Coding
	need Need

	age      int
	ageKnown bool
	zip      string // "" when unknown
	prefs    []dirPref
	attrs    []carecoord.Coding

	langs map[string]*dirOffered // by the service's tag as written
}

// dirPref is one usable preferred language and its index in PatientFacts.Languages.
type dirPref struct {
	tag   language.Tag
	index int
}

// dirOffered is one offered tag compared with every preference.
type dirOffered struct {
	ok        bool   // the tag parses
	canonical string // its canonical form
	conf      []language.Confidence
}

func (m *dirMatcher) readFacts(f PatientFacts, asOf civil.Date) {
	switch {
	case !f.BirthDate.IsZero():
		m.age, m.ageKnown = AgeInYears(f.BirthDate, asOf)
	case f.Age != nil && *f.Age >= 0:
		m.age, m.ageKnown = *f.Age, true
	}
	if z, ok := dirZIP5(f.PostalCode); ok {
		m.zip = z
	}
	for i, s := range f.Languages {
		if t, ok := dirParseLanguage(s); ok {
			m.prefs = append(m.prefs, dirPref{t, i})
		}
	}
	m.attrs = f.Attributes
}

// category applies the category criterion.
func (m *dirMatcher) category(s *Service) (MatchReason, bool) {
	for _, c := range s.Categories {
		n, ok := m.want[dirKeyOf(c)]
		if !ok {
			continue
		}
		detail := "offers " + c.Code
		if !n.Matches(c) {
			detail += ", under " + n.Code
		}
		return MatchReason{CriterionCategory, true, MatchCategory, detail}, true
	}
	return MatchReason{CriterionCategory, false, MatchCategoryNone, "offers none of the needed categories"}, false
}

// judge applies every criterion after category to s, and reports whether one excludes it.
func (m *dirMatcher) judge(s *Service, cat MatchReason) (Candidate, bool) {
	c := Candidate{ServiceID: s.ID, OrganizationID: s.OrganizationID, Name: s.Name,
		Capacity: s.Capacity.Effective(), CapacityAsOf: s.Capacity.AsOf}
	rs := make([]MatchReason, 0, 7)
	rs = append(rs, cat)

	if s.Status == ServiceActive {
		rs = append(rs, MatchReason{CriterionStatus, true, MatchStatusActive, "active"})
	} else {
		rs = append(rs, MatchReason{CriterionStatus, false, MatchStatusNotActive, "status is " + strconv.Quote(string(s.Status))})
	}

	var area MatchReason
	c.Area, area = m.area(s.Area)
	rs = append(rs, area)
	rs = append(rs, m.ageReason(s.Eligibility))
	rs = append(rs, m.criteria(s.Eligibility.Criteria))
	var lang MatchReason
	c.Language, lang = m.language(s.Languages)
	rs = append(rs, lang)
	rs = append(rs, dirCapacityReason(s.Capacity))
	c.Reasons = rs

	return c, slices.ContainsFunc(rs, m.disqualifies)
}

// disqualifies reports whether r excludes its service: it is unmet, and it is not a language
// reason that only lowers the rank (see Need.RequireLanguage).
func (m *dirMatcher) disqualifies(r MatchReason) bool {
	return !r.Met && (r.Criterion != CriterionLanguage || m.need.RequireLanguage)
}

func (m *dirMatcher) area(a ServiceArea) (AreaMatch, MatchReason) {
	if a.Anywhere {
		return AreaAnywhere, MatchReason{CriterionArea, true, MatchAreaAnywhere, "available anywhere"}
	}
	if m.zip == "" {
		return "", MatchReason{CriterionArea, false, MatchAreaUnknown, "serves listed ZIP codes only, and the person's is not known"}
	}
	for _, p := range a.PostalCodes {
		if z, ok := dirZIP5(p); ok && z == m.zip {
			return AreaPostalCode, MatchReason{CriterionArea, true, MatchAreaPostalCode, "serves the person's ZIP code"}
		}
	}
	return "", MatchReason{CriterionArea, false, MatchAreaOutside, "does not serve the person's ZIP code"}
}

func (m *dirMatcher) ageReason(e Eligibility) MatchReason {
	lo, hi := e.MinimumAge, e.MaximumAge
	switch {
	case lo == nil && hi == nil:
		return MatchReason{CriterionAge, true, MatchAgeNoLimit, "no age limit"}
	case !m.ageKnown:
		return MatchReason{CriterionAge, false, MatchAgeUnknown, "has an age limit (" + dirAgeBounds(lo, hi) + "), and the person's age is not known"}
	case lo != nil && m.age < *lo:
		return MatchReason{CriterionAge, false, MatchAgeBelowMinimum, "below the minimum age of " + strconv.Itoa(*lo)}
	case hi != nil && m.age > *hi:
		return MatchReason{CriterionAge, false, MatchAgeAboveMaximum, "above the maximum age of " + strconv.Itoa(*hi)}
	}
	return MatchReason{CriterionAge, true, MatchAgeWithin, "within ages " + dirAgeBounds(lo, hi)}
}

// dirAgeBounds writes age bounds for people: "18-64", "18 and over", "up to 17".
func dirAgeBounds(lo, hi *int) string {
	switch {
	case lo != nil && hi != nil:
		return strconv.Itoa(*lo) + "-" + strconv.Itoa(*hi)
	case lo != nil:
		return strconv.Itoa(*lo) + " and over"
	case hi != nil:
		return "up to " + strconv.Itoa(*hi)
	}
	return "any"
}

func (m *dirMatcher) criteria(cs []carecoord.Coding) MatchReason {
	if len(cs) == 0 {
		return MatchReason{CriterionEligibility, true, MatchCriteriaNone, "no coded criteria"}
	}
	var missing []string
	for _, c := range cs {
		if !slices.ContainsFunc(m.attrs, c.Matches) {
			missing = append(missing, c.Code)
		}
	}
	if len(missing) > 0 {
		return MatchReason{CriterionEligibility, false, MatchCriteriaNotMet, "not shown to meet " + strings.Join(missing, ", ")}
	}
	if len(cs) == 1 {
		return MatchReason{CriterionEligibility, true, MatchCriteriaMet, "meets " + cs[0].Code}
	}
	return MatchReason{CriterionEligibility, true, MatchCriteriaMet, "meets all " + strconv.Itoa(len(cs)) + " coded criteria"}
}

// language applies the language criterion as Match documents it.
func (m *dirMatcher) language(offered []string) (LanguageMatch, MatchReason) {
	if len(m.prefs) == 0 {
		return LanguageMatch{Confidence: LanguageNotAsked, Preference: -1},
			MatchReason{CriterionLanguage, true, MatchLanguageNotAsked, "no preferred language given"}
	}
	var tags []*dirOffered
	for _, s := range offered {
		o := m.offered(s)
		if o.ok {
			tags = append(tags, o)
		}
	}
	if len(tags) == 0 {
		return LanguageMatch{Confidence: LanguageNotListed, Preference: -1},
			MatchReason{CriterionLanguage, false, MatchLanguageNotListed, "lists no languages"}
	}
	// best[j] is the best offered tag for preference j (the first listed on a tie).
	bestFor := func(j int) (*dirOffered, language.Confidence) {
		var bo *dirOffered
		bc := language.No
		for _, o := range tags {
			if o.conf[j] > bc {
				bo, bc = o, o.conf[j]
			}
		}
		return bo, bc
	}
	for _, floor := range [...]language.Confidence{language.High, language.Low} {
		for j := range m.prefs {
			o, c := bestFor(j)
			if c < floor {
				continue
			}
			lm := LanguageMatch{Confidence: dirConfidence(c), Offered: o.canonical, Preference: m.prefs[j].index}
			detail := "offered in " + o.canonical + " (" + string(lm.Confidence) + " confidence, preference " + strconv.Itoa(lm.Preference+1) + ")"
			if c >= language.High {
				return lm, MatchReason{CriterionLanguage, true, MatchLanguage, detail}
			}
			return lm, MatchReason{CriterionLanguage, false, MatchLanguageWeak, detail}
		}
	}
	return LanguageMatch{Confidence: LanguageNo, Preference: -1},
		MatchReason{CriterionLanguage, false, MatchLanguageNone, "no offered language matches a preferred one"}
}

// offered compares one offered tag with every preference, once per Match call.
func (m *dirMatcher) offered(s string) *dirOffered {
	if o, ok := m.langs[s]; ok {
		return o
	}
	o := &dirOffered{}
	if t, ok := dirParseLanguage(s); ok {
		o.ok, o.canonical = true, t.String()
		o.conf = make([]language.Confidence, len(m.prefs))
		matcher := language.NewMatcher([]language.Tag{t})
		base, _ := t.Base()
		for j, p := range m.prefs {
			_, _, c := matcher.Match(p.tag)
			if pb, _ := p.tag.Base(); c == language.High && pb != base {
				c = language.Low // a CLDR fallback to another language, e.g. Somali to English
			}
			o.conf[j] = c
		}
	}
	m.langs[s] = o
	return o
}

func dirConfidence(c language.Confidence) LanguageConfidence {
	switch c {
	case language.Exact:
		return LanguageExact
	case language.High:
		return LanguageHigh
	case language.Low:
		return LanguageLow
	}
	return LanguageNo
}

func dirCapacityReason(c Capacity) MatchReason {
	var asOf string
	if c.AsOf.IsValid() {
		asOf = " (reported " + c.AsOf.String() + ")"
	}
	switch c.Effective() {
	case CapacityAvailable:
		return MatchReason{CriterionCapacity, true, MatchCapacityAvailable, "has capacity" + asOf}
	case CapacityAssessmentRequired:
		return MatchReason{CriterionCapacity, true, MatchCapacityAssessment, "may have capacity after an additional assessment" + asOf}
	case CapacityWaitlist:
		return MatchReason{CriterionCapacity, true, MatchCapacityWaitlist, "has a waitlist" + asOf}
	case CapacityFull:
		return MatchReason{CriterionCapacity, false, MatchCapacityFull, "has no capacity" + asOf}
	}
	return MatchReason{CriterionCapacity, true, MatchCapacityUnknown, "capacity not reported" + asOf}
}

// Validate reports every problem with d as carecoord.FieldErrors (matching
// carecoord.ErrInvalid), with paths from the directory's root ("services[2].area.postalCodes[0]").
// Beyond each organisation's, service's and term's own rules it checks that ids are unique,
// that every service's organisation is in d, and that d.Terms form a hierarchy: codes unique,
// every parent listed, no cycles.
func (d Directory) Validate() error {
	var errs carecoord.FieldErrors
	orgs := make(map[string]bool, len(d.Organizations))
	for i, o := range d.Organizations {
		path := carecoord.Path("organizations", i)
		errs.Nest(path, o.Validate())
		if o.ID != "" && orgs[o.ID] {
			errs.Add(carecoord.Duplicate(path+".id", "must be unique among the directory's organizations"))
		}
		orgs[o.ID] = true
	}
	services := make(map[string]bool, len(d.Services))
	for i, s := range d.Services {
		path := carecoord.Path("services", i)
		errs.Nest(path, s.Validate())
		if s.ID != "" && services[s.ID] {
			errs.Add(carecoord.Duplicate(path+".id", "must be unique among the directory's services"))
		}
		services[s.ID] = true
		if carecoord.ValidID(s.OrganizationID) && !orgs[s.OrganizationID] {
			errs.Add(carecoord.Invalid(path+".organizationId", "must be the id of one of the directory's organizations"))
		}
	}
	parents := make(map[dirKey]dirKey, len(d.Terms))
	for i, t := range d.Terms {
		path := carecoord.Path("terms", i)
		errs.Nest(path, t.Validate())
		k := dirKeyOf(t.Code)
		if _, dup := parents[k]; dup && !t.Code.IsZero() {
			errs.Add(carecoord.Duplicate(path+".code", "must be unique among the directory's terms"))
			continue
		}
		parents[k] = dirKeyOf(t.Parent)
	}
	for i, t := range d.Terms {
		if t.Parent.IsZero() {
			continue
		}
		path := carecoord.Path("terms", i, "parent")
		if _, ok := parents[dirKeyOf(t.Parent)]; !ok {
			errs.Add(carecoord.Invalid(path, "must be the code of one of the directory's terms"))
			continue
		}
		// Walk up from the term; a walk longer than the number of terms has met a cycle.
		k := dirKeyOf(t.Code)
		for steps := 0; k != (dirKey{}); steps++ {
			if steps > len(d.Terms) {
				errs.Add(carecoord.Invalid(path, "must lead up to a top-level term, not round a cycle"))
				break
			}
			k = parents[k]
		}
	}
	return errs.Err()
}

// Validate reports every problem with o; paths are relative to the organisation. HSDS requires
// id, name and description.
func (o Organization) Validate() error {
	var errs carecoord.FieldErrors
	dirValidateID(&errs, "id", o.ID)
	if strings.TrimSpace(o.Name) == "" {
		errs.Add(carecoord.Required("name", "must be set (HSDS organization.name)"))
	}
	if strings.TrimSpace(o.Description) == "" {
		errs.Add(carecoord.Required("description", "must be set (HSDS organization.description)"))
	}
	return errs.Err()
}

// Validate reports every problem with t; paths are relative to the term. Whether the parent is
// in the directory is checked by [Directory.Validate].
func (t TaxonomyTerm) Validate() error {
	var errs carecoord.FieldErrors
	errs.Nest("code", t.Code.Validate())
	if !t.Parent.IsZero() {
		errs.Nest("parent", t.Parent.Validate())
		if t.Parent.Matches(t.Code) {
			errs.Add(carecoord.Invalid("parent", "must not be the term itself"))
		}
	}
	return errs.Err()
}

// Validate reports every problem with s; paths are relative to the service. Whether its
// organisation is in the directory is checked by [Directory.Validate].
func (s Service) Validate() error {
	var errs carecoord.FieldErrors
	dirValidateID(&errs, "id", s.ID)
	dirValidateID(&errs, "organizationId", s.OrganizationID)
	if strings.TrimSpace(s.Name) == "" {
		errs.Add(carecoord.Required("name", "must be set (HSDS service.name)"))
	}
	switch {
	case s.Status == "":
		errs.Add(carecoord.Required("status", "must be set (HSDS service.status)"))
	case !s.Status.IsValid():
		errs.Add(carecoord.NotSupported("status", ServiceStatuses()...))
	}
	if len(s.Categories) == 0 {
		errs.Add(carecoord.Required("categories", "must code at least one category, or the service can never match"))
	}
	dirValidateCodings(&errs, "categories", s.Categories)
	errs.Nest("eligibility", s.Eligibility.Validate())
	dirValidateLanguages(&errs, s.Languages)
	errs.Nest("area", s.Area.Validate())
	errs.Nest("capacity", s.Capacity.Validate())
	return errs.Err()
}

// Validate reports every problem with e; paths are relative to the eligibility. Ages must be
// whole years from 0 to 150, and the minimum not above the maximum; criteria must be valid
// codes, none repeated.
func (e Eligibility) Validate() error {
	var errs carecoord.FieldErrors
	okLo := dirValidateAge(&errs, "minimumAge", e.MinimumAge)
	okHi := dirValidateAge(&errs, "maximumAge", e.MaximumAge)
	if okLo && okHi && e.MinimumAge != nil && e.MaximumAge != nil && *e.MaximumAge < *e.MinimumAge {
		errs.Add(carecoord.Invalid("maximumAge", "must not be below minimumAge"))
	}
	dirValidateCodings(&errs, "criteria", e.Criteria)
	return errs.Err()
}

// Validate reports every problem with a; paths are relative to the area ("postalCodes[0]").
// Exactly one of Anywhere and PostalCodes must be set; codes must be ZIP or ZIP+4 codes, no two
// with the same first five digits.
func (a ServiceArea) Validate() error {
	var errs carecoord.FieldErrors
	switch {
	case !a.Anywhere && len(a.PostalCodes) == 0:
		errs.Add(carecoord.Required("postalCodes", "must list the ZIP codes served, unless anywhere is set"))
	case a.Anywhere && len(a.PostalCodes) > 0:
		errs.Add(carecoord.NotAllowed("postalCodes", "must be empty when anywhere is set"))
	}
	seen := make(map[string]bool, len(a.PostalCodes))
	for i, p := range a.PostalCodes {
		path := carecoord.Path("postalCodes", i)
		z, ok := dirZIP5(p)
		switch {
		case !ok:
			errs.Add(carecoord.Invalid(path, dirZIPRule))
		case seen[z]:
			errs.Add(carecoord.Duplicate(path, "must not repeat a ZIP code (compared on the first five digits)"))
		}
		seen[z] = true
	}
	return errs.Err()
}

// Validate reports every problem with c; paths are relative to the capacity. The zero Capacity
// is valid ("not reported"); a date needs a status.
func (c Capacity) Validate() error {
	var errs carecoord.FieldErrors
	switch {
	case c.Status == "" && !c.AsOf.IsZero():
		errs.Add(carecoord.Required("status", "must be set when asOf is"))
	case c.Status != "" && !c.Status.IsValid():
		errs.Add(carecoord.NotSupported("status", CapacityStatuses()...))
	}
	if !c.AsOf.IsZero() && !c.AsOf.IsValid() {
		errs.Add(carecoord.Invalid("asOf", "must be a date from 0001-01-01 to 9999-12-31"))
	}
	return errs.Err()
}

// Validate reports every problem with n: at least one category, each a valid code, none
// repeated. Paths are "categories" and "categories[0].code".
func (n Need) Validate() error {
	var errs carecoord.FieldErrors
	if len(n.Categories) == 0 {
		errs.Add(carecoord.Required("categories", "must name at least one service category"))
	}
	dirValidateCodings(&errs, "categories", n.Categories)
	return errs.Err()
}

// Validate reports every problem with f, without repeating any fact: a birth date that is not
// a valid date, an age outside 0 to 150 or set together with a birth date, a postal code that
// is not a ZIP or ZIP+4 code, a language that is not a BCP 47 tag or repeats one, an attribute
// that is not a valid code. Every fact is optional. Match itself treats a malformed fact as
// unknown.
func (f PatientFacts) Validate() error {
	var errs carecoord.FieldErrors
	if !f.BirthDate.IsZero() && !f.BirthDate.IsValid() {
		errs.Add(carecoord.Invalid("birthDate", "must be a date from 0001-01-01 to 9999-12-31"))
	}
	if dirValidateAge(&errs, "age", f.Age) && f.Age != nil && !f.BirthDate.IsZero() {
		errs.Add(carecoord.NotAllowed("age", "must be empty when birthDate is set"))
	}
	if f.PostalCode != "" {
		if _, ok := dirZIP5(f.PostalCode); !ok {
			errs.Add(carecoord.Invalid("postalCode", dirZIPRule))
		}
	}
	dirValidateLanguages(&errs, f.Languages)
	for i, a := range f.Attributes {
		errs.Nest(carecoord.Path("attributes", i), a.Validate())
	}
	return errs.Err()
}

func dirValidateID(errs *carecoord.FieldErrors, path, id string) {
	switch {
	case id == "":
		errs.Add(carecoord.Required(path, "must be set"))
	case !carecoord.ValidID(id):
		errs.Add(carecoord.Invalid(path, "must be a FHIR id (1 to 64 of A-Z, a-z, 0-9, '-', '.'); HSDS UUIDs are"))
	}
}

// dirValidateCodings checks each code of a list and that none repeats.
func dirValidateCodings(errs *carecoord.FieldErrors, path string, cs []carecoord.Coding) {
	errs.Codings(path, cs)
	for i, c := range cs {
		if slices.ContainsFunc(cs[:i], c.Matches) {
			errs.Add(carecoord.Duplicate(carecoord.Path(path, i), "must not repeat a code"))
		}
	}
}

// dirValidateAge checks an optional age bound and reports whether it is usable.
func dirValidateAge(errs *carecoord.FieldErrors, path string, age *int) bool {
	if age != nil && (*age < 0 || *age > 150) {
		errs.Add(carecoord.OutOfRange(path, "must be from 0 to 150 years"))
		return false
	}
	return true
}

// dirValidateLanguages checks a list of BCP 47 tags: each parses, none repeats (compared in
// canonical form). Paths are "languages[i]".
func dirValidateLanguages(errs *carecoord.FieldErrors, langs []string) {
	seen := make(map[string]bool, len(langs))
	for i, l := range langs {
		path := carecoord.Path("languages", i)
		c, err := CanonicalLanguage(l)
		switch {
		case err != nil:
			errs.Add(carecoord.Invalid(path, dirLanguageRule))
		case seen[c]:
			errs.Add(carecoord.Duplicate(path, "must not repeat a language (compared in canonical form)"))
		}
		seen[c] = true
	}
}
