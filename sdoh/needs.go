package sdoh

import (
	"slices"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

// A Need is a social need a positive screen indicates, coded for the care plan and the referral
// that address it: its Gravity category (the code careplan goals and referral services are
// categorised by), the ICD-10-CM Z codes valid on the date of service, SNOMED CT findings, and
// the kind of goal and services that usually address it. This package imports neither careplan
// nor referral: a Need is data for them.
//
// A need is a suggestion from a screen, not a diagnosis: a clinician confirms it before it
// becomes a Condition or a claim. The zero Need is not a need.
type Need struct {
	// Category is the Gravity SDOH category (careplan Goal.category, referral ServiceRequest and
	// Service categories). CategoryUnspecified needs are named by Domain (FHIR category.text).
	Category Category `json:"category"`
	// Domain is the instrument domain that raised the need; Items are the items whose answers
	// did.
	Domain DomainID `json:"domain"`
	Items  []string `json:"items,omitempty"`
	// Conditions are the ICD-10-CM codes for the need that are valid, billable codes on the
	// screening's date, in order of preference; empty when none is (a header code, or a code
	// not yet in force).
	Conditions []ZCode `json:"conditions,omitempty"`
	// Findings are SNOMED CT clinical findings for the need.
	Findings []carecoord.Coding `json:"findings,omitempty"`
	// Goal and Services suggest what the care plan aims for and which services address it.
	Goal     GoalCategory      `json:"goal,omitempty"`
	Services []ServiceCategory `json:"services,omitempty"`
	// Restricted marks a need only the care team may see ([Disclose]).
	Restricted bool `json:"restricted,omitempty"`
}

// A ZCode is an ICD-10-CM code with the dates of service it is a valid billable code for. Codes
// change every fiscal year (1 October) and sometimes on 1 April; a code that becomes a header
// (Z59.0, Z59.1, Z59.4, Z59.8) stops being billable the day its children start.
//
// The zero ZCode is not a code.
type ZCode struct {
	// Code is the ICD-10-CM code with its dot, e.g. "Z59.41".
	Code string `json:"code"`
	// Display is the code's ICD-10-CM title (English; ICD-10-CM has no official Spanish).
	Display string `json:"display"`
	// From is the first date of service the code is valid for; the zero Date when it was in the
	// code set before the changes tabled here (it has been since at least FY2016, when
	// ICD-10-CM began in the US, unless a comment says otherwise).
	From civil.Date `json:"from,omitzero"`
	// Through is the last date of service the code is valid for; the zero Date while it still is.
	Through civil.Date `json:"through,omitzero"`
}

// ValidOn reports whether z is a valid billable code for a date of service d.
func (z ZCode) ValidOn(d civil.Date) bool {
	return (z.From.IsZero() || !d.Before(z.From)) && (z.Through.IsZero() || !d.After(z.Through))
}

// FiscalYears returns the federal fiscal years z is valid from and through (FY2022 starts
// 2021-10-01); 0 for an open end.
func (z ZCode) FiscalYears() (from, through int) {
	if !z.From.IsZero() {
		from = FiscalYear(z.From)
	}
	if !z.Through.IsZero() {
		through = FiscalYear(z.Through)
	}
	return from, through
}

// Coding returns z as a Coding in carecoord.SystemICD10CM.
func (z ZCode) Coding() carecoord.Coding {
	return carecoord.Coding{System: carecoord.SystemICD10CM, Code: z.Code, Display: z.Display}
}

// FiscalYear returns the US federal fiscal year of d, the year ICD-10-CM code sets are named
// by: FY2023 runs from 2022-10-01 to 2023-09-30.
func FiscalYear(d civil.Date) int {
	y, m, _ := d.YMD()
	if m >= time.October {
		return y + 1
	}
	return y
}

// GoalCategory is the kind of goal a care plan sets for a need. The values are the library's
// tokens (Gravity codes goals by SDOH category, which [Need.Category] carries; the goal text is
// the care team's). The zero GoalCategory means "none suggested".
type GoalCategory string

// The goal categories.
const (
	GoalFoodSecurity          GoalCategory = "food-security"
	GoalStableHousing         GoalCategory = "stable-housing"
	GoalSafeHousing           GoalCategory = "safe-housing"
	GoalTransportationAccess  GoalCategory = "transportation-access"
	GoalUtilitySecurity       GoalCategory = "utility-security"
	GoalPersonalSafety        GoalCategory = "personal-safety"
	GoalFinancialSecurity     GoalCategory = "financial-security"
	GoalBasicNeeds            GoalCategory = "basic-needs"
	GoalEmployment            GoalCategory = "employment"
	GoalEducation             GoalCategory = "education"
	GoalHealthLiteracy        GoalCategory = "health-literacy"
	GoalSocialConnection      GoalCategory = "social-connection"
	GoalStressManagement      GoalCategory = "stress-management"
	GoalHealthInsurance       GoalCategory = "health-insurance"
	GoalReentrySupport        GoalCategory = "reentry-support"
	GoalVeteranBenefits       GoalCategory = "veteran-benefits"
	GoalLanguageAccess        GoalCategory = "language-access"
	GoalPhysicalActivity      GoalCategory = "physical-activity"
	GoalSubstanceUseReduction GoalCategory = "substance-use-reduction"
	GoalMentalHealth          GoalCategory = "mental-health"
	GoalDisabilitySupport     GoalCategory = "disability-support"
	GoalDailyLivingSupport    GoalCategory = "daily-living-support"
)

// GoalCategories returns every GoalCategory, in a new slice.
func GoalCategories() []GoalCategory {
	return []GoalCategory{GoalFoodSecurity, GoalStableHousing, GoalSafeHousing, GoalTransportationAccess,
		GoalUtilitySecurity, GoalPersonalSafety, GoalFinancialSecurity, GoalBasicNeeds, GoalEmployment,
		GoalEducation, GoalHealthLiteracy, GoalSocialConnection, GoalStressManagement, GoalHealthInsurance,
		GoalReentrySupport, GoalVeteranBenefits, GoalLanguageAccess, GoalPhysicalActivity,
		GoalSubstanceUseReduction, GoalMentalHealth, GoalDisabilitySupport, GoalDailyLivingSupport}
}

// IsValid reports whether g is one of [GoalCategories].
func (g GoalCategory) IsValid() bool { return slices.Contains(GoalCategories(), g) }

// ServiceCategory is the kind of service that addresses a need: what a coordinator searches a
// community directory for, alongside the Gravity category. The values are the library's tokens.
// The zero ServiceCategory is not valid.
type ServiceCategory string

// The service categories.
const (
	ServiceFoodAssistance           ServiceCategory = "food-assistance"
	ServiceHousingAssistance        ServiceCategory = "housing-assistance"
	ServiceShelter                  ServiceCategory = "shelter"
	ServiceHomeRepair               ServiceCategory = "home-repair"
	ServiceTransportationAssistance ServiceCategory = "transportation-assistance"
	ServiceUtilityAssistance        ServiceCategory = "utility-assistance"
	ServiceSafetyPlanning           ServiceCategory = "safety-planning"
	ServiceFinancialAssistance      ServiceCategory = "financial-assistance"
	ServiceMaterialAssistance       ServiceCategory = "material-assistance"
	ServiceEmployment               ServiceCategory = "employment-services"
	ServiceEducation                ServiceCategory = "education-services"
	ServiceHealthLiteracy           ServiceCategory = "health-literacy-education"
	ServiceSocialSupport            ServiceCategory = "social-support"
	ServiceBehavioralHealth         ServiceCategory = "behavioral-health"
	ServiceInsuranceEnrollment      ServiceCategory = "insurance-enrollment"
	ServiceReentry                  ServiceCategory = "reentry-services"
	ServiceVeteran                  ServiceCategory = "veteran-services"
	ServiceInterpreter              ServiceCategory = "interpreter-services"
	ServiceExerciseProgram          ServiceCategory = "exercise-program"
	ServiceSubstanceUseTreatment    ServiceCategory = "substance-use-treatment"
	ServiceDisability               ServiceCategory = "disability-services"
	ServiceHomeAndCommunity         ServiceCategory = "home-and-community-services"
)

// ServiceCategories returns every ServiceCategory, in a new slice.
func ServiceCategories() []ServiceCategory {
	return []ServiceCategory{ServiceFoodAssistance, ServiceHousingAssistance, ServiceShelter, ServiceHomeRepair,
		ServiceTransportationAssistance, ServiceUtilityAssistance, ServiceSafetyPlanning, ServiceFinancialAssistance,
		ServiceMaterialAssistance, ServiceEmployment, ServiceEducation, ServiceHealthLiteracy, ServiceSocialSupport,
		ServiceBehavioralHealth, ServiceInsuranceEnrollment, ServiceReentry, ServiceVeteran, ServiceInterpreter,
		ServiceExerciseProgram, ServiceSubstanceUseTreatment, ServiceDisability, ServiceHomeAndCommunity}
}

// IsValid reports whether s is one of [ServiceCategories].
func (s ServiceCategory) IsValid() bool { return slices.Contains(ServiceCategories(), s) }

// A NeedCode is the coding of one kind of need: a Gravity category, or, for
// CategoryUnspecified, one domain. The zero NeedCode codes nothing.
type NeedCode struct {
	// Category is the Gravity category coded; Domain, for CategoryUnspecified, the domain.
	Category Category `json:"category"`
	Domain   DomainID `json:"domain,omitempty"`
	// Conditions are the ICD-10-CM codes, in order of preference, each with its validity.
	Conditions []ZCode `json:"conditions,omitempty"`
	// Findings are SNOMED CT findings.
	Findings []carecoord.Coding `json:"findings,omitempty"`
	// Goal and Services are what usually addresses the need.
	Goal     GoalCategory      `json:"goal,omitempty"`
	Services []ServiceCategory `json:"services,omitempty"`
}

// Needs returns the needs a result's positive domains indicate, coded by [DefaultNeedCodes],
// with the Z codes valid on the result's date: one need per category each positive domain
// names, in the result's order. Restricted domains give restricted needs. Domains with no
// category (depression, anxiety) give none.
func Needs(r Result) []Need { return NeedsWith(r, DefaultNeedCodes()) }

// NeedsWith is [Needs] with the host's own coding table (local policy: another Z code for
// utilities, codes the host's payer accepts).
func NeedsWith(r Result, table []NeedCode) []Need {
	var needs []Need
	for _, dr := range r.Domains {
		if dr.Status != StatusPositive {
			continue
		}
		for _, c := range dr.Categories {
			n := Need{Category: c, Domain: dr.Domain, Items: slices.Clone(dr.Items), Restricted: dr.Restricted}
			if nc, ok := lookupNeedCode(table, c, dr.Domain); ok {
				for _, z := range nc.Conditions {
					if z.ValidOn(r.Date) {
						n.Conditions = append(n.Conditions, z)
					}
				}
				n.Findings = slices.Clone(nc.Findings)
				n.Goal, n.Services = nc.Goal, slices.Clone(nc.Services)
			}
			needs = append(needs, n)
		}
	}
	return needs
}

func lookupNeedCode(table []NeedCode, c Category, d DomainID) (NeedCode, bool) {
	for _, nc := range table {
		if nc.Category == c && (c != CategoryUnspecified || nc.Domain == d) {
			return nc, true
		}
	}
	return NeedCode{}, false
}

// ZCodeOn returns the entry of [DefaultNeedCodes] for an ICD-10-CM code and true when the code
// is a valid billable code on the date of service d; false for a header (Z59.0 from FY2022),
// a code not yet in force, and a code the table does not have.
func ZCodeOn(code string, d civil.Date) (ZCode, bool) {
	for _, nc := range DefaultNeedCodes() {
		for _, z := range nc.Conditions {
			if z.Code == code && z.ValidOn(d) {
				return z, true
			}
		}
	}
	return ZCode{}, false
}

// DefaultNeedCodes returns the library's coding of needs, as a fresh table (spec §4.6).
//
// ICD-10-CM: the FY2022 (2021-10-01), FY2023 (2022-10-01) and 1 April 2023 updates as the
// research notes give them [S]: FY2022 added Z55.5, Z58.6, Z59.00-Z59.02, Z59.41, Z59.48,
// Z59.811-Z59.819 and Z59.89, and made Z59.0, Z59.4 and Z59.8 headers; FY2023 added Z59.82, Z59.86
// and Z59.87; April 2023 added Z55.6, Z58.81 and Z59.10-Z59.19, and made Z59.1 a header. Codes
// marked [R] are recalled, not verified. A possible FY2026 split of Z59.86 (into Z59.861, Z59.868,
// Z59.869) and of Z59.7 (into Z59.71, Z59.72), seen only in third-party code, is NOT tabled
// (spec §6 item 5): confirm it against the CMS FY2026 tables and add Through dates if it holds.
//
// SNOMED CT: tx.fhir.org displays as cached by the SDOH Clinical Care IG [N], except where
// marked [R]. Transportation insecurity has two candidate codes (551691000124106 from the
// terminology cache, 551561000124104 in other public code; spec §6 item 5); the first is used.
// Every SNOMED id here passes the Verhoeff check (422587007, suggested with a "?" for social
// connection, does not, and is left out).
//
// No code is suggested for interpersonal safety or intimate partner violence: the abuse codes
// (T74.-, T76.-, Z69.1-) and Z63.0 need clinical confirmation, which a screen is not.
//
// Goals and services are the library's suggestions, not a standard.
func DefaultNeedCodes() []NeedCode {
	day := civil.MustParse
	fy22, fy23, apr23 := day("2021-10-01"), day("2022-10-01"), day("2023-04-01")
	before := func(d civil.Date) civil.Date { return d.AddDays(-1) }
	z := func(code, display string, from, through civil.Date) ZCode {
		return ZCode{Code: code, Display: display, From: from, Through: through}
	}
	none := civil.Date{}
	sct := func(code, display string) carecoord.Coding {
		return carecoord.Coding{System: carecoord.SystemSNOMED, Code: code, Display: display}
	}
	svc := func(s ...ServiceCategory) []ServiceCategory { return s }
	return []NeedCode{
		{Category: CategoryFoodInsecurity,
			Conditions: []ZCode{
				z("Z59.41", "Food insecurity", fy22, none),
				z("Z59.48", "Other specified lack of adequate food", fy22, none),
				z("Z59.4", "Lack of adequate food and safe drinking water", none, before(fy22)),
			},
			Findings: []carecoord.Coding{sct("733423003", "Food insecurity (finding)")},
			Goal:     GoalFoodSecurity, Services: svc(ServiceFoodAssistance)},
		{Category: CategoryHomelessness,
			Conditions: []ZCode{
				z("Z59.00", "Homelessness unspecified", fy22, none),
				z("Z59.01", "Sheltered homelessness", fy22, none),
				z("Z59.02", "Unsheltered homelessness", fy22, none),
				z("Z59.0", "Homelessness", none, before(fy22)),
			},
			Findings: []carecoord.Coding{sct("32911000", "Homeless (finding)")},
			Goal:     GoalStableHousing, Services: svc(ServiceShelter, ServiceHousingAssistance)},
		{Category: CategoryHousingInstability,
			Conditions: []ZCode{
				z("Z59.811", "Housing instability, housed, with risk of homelessness", fy22, none),
				z("Z59.812", "Housing instability, housed, homelessness in past 12 months", fy22, none),
				z("Z59.819", "Housing instability, housed unspecified", fy22, none),
				z("Z59.8", "Other problems related to housing and economic circumstances", none, before(fy22)),
			},
			Findings: []carecoord.Coding{sct("1156191002", "Housing instability (finding)")},
			Goal:     GoalStableHousing, Services: svc(ServiceHousingAssistance)},
		{Category: CategoryInadequateHousing,
			Conditions: []ZCode{
				z("Z59.10", "Inadequate housing, unspecified", apr23, none),
				z("Z59.11", "Inadequate housing environmental temperature", apr23, none),
				z("Z59.12", "Inadequate housing utilities", apr23, none),
				z("Z59.19", "Other inadequate housing", apr23, none),
				z("Z59.1", "Inadequate housing", none, before(apr23)),
			},
			Findings: []carecoord.Coding{sct("105531004", "Housing unsatisfactory (finding)")},
			Goal:     GoalSafeHousing, Services: svc(ServiceHomeRepair, ServiceHousingAssistance)},
		{Category: CategoryTransportationInsecurity,
			Conditions: []ZCode{z("Z59.82", "Transportation insecurity", fy23, none)},
			Findings:   []carecoord.Coding{sct("551691000124106", "Transportation insecurity (finding)")},
			Goal:       GoalTransportationAccess, Services: svc(ServiceTransportationAssistance)},
		{Category: CategoryUtilityInsecurity,
			Conditions: []ZCode{
				z("Z59.12", "Inadequate housing utilities", apr23, none),
				z("Z58.81", "Basic services unavailable in physical environment", apr23, none),
				z("Z58.6", "Inadequate drinking-water supply", fy22, none),
			},
			Goal: GoalUtilitySecurity, Services: svc(ServiceUtilityAssistance)},
		{Category: CategoryFinancialInsecurity,
			Conditions: []ZCode{
				z("Z59.86", "Financial insecurity", fy23, none),
				z("Z59.6", "Low income", none, none),
				z("Z59.5", "Extreme poverty", none, none),
			},
			Findings: []carecoord.Coding{sct("1184702004", "Financial insecurity (finding)")}, // [R]
			Goal:     GoalFinancialSecurity, Services: svc(ServiceFinancialAssistance)},
		{Category: CategoryMaterialHardship,
			Conditions: []ZCode{z("Z59.87", "Material hardship", fy23, none)},
			Goal:       GoalBasicNeeds, Services: svc(ServiceMaterialAssistance)},
		{Category: CategoryEmploymentStatus,
			Conditions: []ZCode{z("Z56.0", "Unemployment, unspecified", none, none)},
			Findings:   []carecoord.Coding{sct("73438004", "Unemployed (finding)")},
			Goal:       GoalEmployment, Services: svc(ServiceEmployment)},
		{Category: CategoryEducationalAttainment,
			Conditions: []ZCode{
				z("Z55.5", "Less than a high school diploma", fy22, none),
				z("Z55.0", "Illiteracy and low-level literacy", none, none),
			},
			Goal: GoalEducation, Services: svc(ServiceEducation)},
		{Category: CategoryPersonalHealthLiteracy,
			Conditions: []ZCode{z("Z55.6", "Problems related to health literacy", apr23, none)},
			Goal:       GoalHealthLiteracy, Services: svc(ServiceHealthLiteracy)},
		{Category: CategorySocialConnection, // Z codes [R]
			Conditions: []ZCode{
				z("Z60.2", "Problems related to living alone", none, none),
				z("Z60.4", "Social exclusion and rejection", none, none),
			},
			Goal: GoalSocialConnection, Services: svc(ServiceSocialSupport)},
		{Category: CategoryStress, // [R]
			Conditions: []ZCode{z("Z73.3", "Stress, not elsewhere classified", none, none)},
			Findings:   []carecoord.Coding{sct("73595000", "Stress (finding)")},
			Goal:       GoalStressManagement, Services: svc(ServiceBehavioralHealth)},
		{Category: CategoryIntimatePartnerViolence,
			Goal: GoalPersonalSafety, Services: svc(ServiceSafetyPlanning)},
		{Category: CategoryHealthInsuranceCoverageStatus, // [R]; possible FY2026 split, not tabled
			Conditions: []ZCode{z("Z59.7", "Insufficient social insurance and welfare support", none, none)},
			Goal:       GoalHealthInsurance, Services: svc(ServiceInsuranceEnrollment)},
		{Category: CategoryIncarcerationStatus, // [R]
			Conditions: []ZCode{
				z("Z65.1", "Imprisonment and other incarceration", none, none),
				z("Z65.2", "Problems related to release from prison", none, none),
			},
			Goal: GoalReentrySupport, Services: svc(ServiceReentry)},
		{Category: CategoryVeteranStatus, // [R]; start dates of these two codes not verified
			Conditions: []ZCode{
				z("Z91.82", "Personal history of military deployment", none, none),
				z("Z56.82", "Military deployment status", none, none),
			},
			Goal: GoalVeteranBenefits, Services: svc(ServiceVeteran)},
		{Category: CategoryLanguageAccess,
			Goal: GoalLanguageAccess, Services: svc(ServiceInterpreter)},
		{Category: CategoryUnspecified, Domain: DomainSafety,
			Goal: GoalPersonalSafety, Services: svc(ServiceSafetyPlanning)},
		{Category: CategoryUnspecified, Domain: DomainPhysicalActivity,
			Conditions: []ZCode{z("Z72.3", "Lack of physical exercise", none, none)},
			Goal:       GoalPhysicalActivity, Services: svc(ServiceExerciseProgram)},
		{Category: CategoryUnspecified, Domain: DomainSubstanceUse,
			Goal: GoalSubstanceUseReduction, Services: svc(ServiceSubstanceUseTreatment)},
		{Category: CategoryUnspecified, Domain: DomainMentalHealth,
			Goal: GoalMentalHealth, Services: svc(ServiceBehavioralHealth)},
		{Category: CategoryUnspecified, Domain: DomainDisabilities,
			Goal: GoalDisabilitySupport, Services: svc(ServiceDisability)},
		{Category: CategoryUnspecified, Domain: DomainFamilyCommunitySupport,
			Goal: GoalDailyLivingSupport, Services: svc(ServiceHomeAndCommunity, ServiceSocialSupport)},
	}
}
