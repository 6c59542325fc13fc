package sdoh

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// A Localizer renders the patient-facing text of instruments and results in English and
// Spanish: instrument titles, question stems and wording, answer wording, and the names of
// domains, statuses, severities, SDOH categories, goals and services. It owns its message
// catalog (golang.org/x/text/message/catalog), built once by [NewLocalizer] from the instrument
// tables; messages are looked up by stable ids ("sdoh/ahc-hrsn/2018/71802-3/LA31994-9"), so a
// clinical re-wording never orphans a translation. It is read-only after construction and safe
// for concurrent use. The zero Localizer has no messages; build one with NewLocalizer.
//
// Patient text never comes from an error's message: validation details are English, for
// developers.
type Localizer struct {
	cat *catalog.Builder
}

// NewLocalizer returns a Localizer for the given instruments, or for [BuiltinInstruments] when
// none is given, with English as the fallback language. It returns an error wrapping
// carecoord.ErrInvalid when an instrument's table is invalid (every text needs English and
// Spanish), or the catalog's error when a message cannot be compiled.
func NewLocalizer(instruments ...Instrument) (*Localizer, error) {
	if len(instruments) == 0 {
		instruments = BuiltinInstruments()
	}
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	set := func(key string, t Text) error {
		for _, m := range [...]struct {
			tag  language.Tag
			text string
		}{{language.English, t.En}, {language.Spanish, t.Es}} {
			// Messages are format strings: a '%' in clinical text must print as itself.
			if err := b.SetString(m.tag, key, strings.ReplaceAll(m.text, "%", "%%")); err != nil {
				return fmt.Errorf("sdoh: message %s: %w", key, err)
			}
		}
		return nil
	}
	for _, in := range instruments {
		if err := in.Validate(); err != nil {
			return nil, fmt.Errorf("sdoh: instrument %s version %s: %w", in.ID, in.Version, err)
		}
		base := instrumentKey(in.ID, in.Version)
		if err := set(base, in.Title); err != nil {
			return nil, err
		}
		for _, it := range in.Items {
			if err := set(base+"/"+it.Code, it.Text); err != nil {
				return nil, err
			}
			if it.Stem != (Text{}) {
				if err := set(base+"/"+it.Code+"/stem", it.Stem); err != nil {
					return nil, err
				}
			}
			for _, o := range it.Options {
				if err := set(base+"/"+it.Code+"/"+o.Code, o.Text); err != nil {
					return nil, err
				}
			}
		}
	}
	for _, l := range labels() {
		if err := set(l.key, l.text); err != nil {
			return nil, err
		}
	}
	return &Localizer{cat: b}, nil
}

func instrumentKey(id InstrumentID, version string) string {
	return "sdoh/" + string(id) + "/" + version
}

// Languages returns the languages the Localizer has messages in, English first.
func (l *Localizer) Languages() []language.Tag {
	if l.cat == nil {
		return nil
	}
	return l.cat.Languages()
}

// Printer returns a Printer for the best match among the Localizer's languages for prefs, a
// list of BCP 47 tags in order of preference ("es-MX", "en"), as negotiated by the catalog's
// language matcher; English when nothing matches or prefs is empty.
func (l *Localizer) Printer(prefs ...string) Printer {
	if l.cat == nil { // an empty catalog of its own, never message.DefaultCatalog
		return Printer{p: message.NewPrinter(language.English, message.Catalog(catalog.NewBuilder())), tag: language.English}
	}
	// The matcher's tag keeps the preferred region as a -u-rg- extension ("es-u-rg-mxzzzz"),
	// which formats numbers for that region; Language reports the catalog language chosen.
	tag, i := language.MatchStrings(l.cat.Matcher(), prefs...)
	lang := language.English
	if langs := l.cat.Languages(); i >= 0 && i < len(langs) {
		lang = langs[i]
	}
	return Printer{p: message.NewPrinter(tag, message.Catalog(l.cat)), tag: lang}
}

// A Printer renders text in one language. Get one from [Localizer.Printer]; use it from one
// goroutine at a time. Text it has no message for is rendered as its id (an item or answer
// code, a domain id), never as an empty string. The zero Printer is not usable.
type Printer struct {
	p   *message.Printer
	tag language.Tag
}

// Language returns the language the Printer renders: one of [Localizer.Languages] ("es" for
// a preference of "es-MX"), without the matcher's extensions.
func (p Printer) Language() language.Tag { return p.tag }

func (p Printer) text(key, fallback string) string { return p.p.Sprintf(message.Key(key, fallback)) }

// Title returns the instrument's name.
func (p Printer) Title(id InstrumentID, version string) string {
	return p.text(instrumentKey(id, version), string(id))
}

// Stem returns the lead-in printed before an item, or "" when the item has none.
func (p Printer) Stem(id InstrumentID, version, item string) string {
	return p.text(instrumentKey(id, version)+"/"+item+"/stem", "")
}

// Question returns an item's wording.
func (p Printer) Question(id InstrumentID, version, item string) string {
	return p.text(instrumentKey(id, version)+"/"+item, item)
}

// Answer returns the wording of one answer to an item.
func (p Printer) Answer(id InstrumentID, version, item, option string) string {
	return p.text(instrumentKey(id, version)+"/"+item+"/"+option, option)
}

// Domain returns a domain's name.
func (p Printer) Domain(d DomainID) string { return p.text("sdoh/domain/"+string(d), string(d)) }

// Status returns a status's name.
func (p Printer) Status(s Status) string { return p.text("sdoh/status/"+string(s), string(s)) }

// Severity returns a severity's name.
func (p Printer) Severity(s Severity) string { return p.text("sdoh/severity/"+string(s), string(s)) }

// Category returns a Gravity SDOH category's name.
func (p Printer) Category(c Category) string { return p.text("sdoh/category/"+string(c), string(c)) }

// Goal returns a goal category's name.
func (p Printer) Goal(g GoalCategory) string { return p.text("sdoh/goal/"+string(g), string(g)) }

// Service returns a service category's name.
func (p Printer) Service(s ServiceCategory) string {
	return p.text("sdoh/service/"+string(s), string(s))
}

// Need returns the name of a need: its category's, or, for an unspecified category, its
// domain's.
func (p Printer) Need(n Need) string {
	if n.Category == CategoryUnspecified {
		return p.Domain(n.Domain)
	}
	return p.Category(n.Category)
}

type label struct {
	key  string
	text Text
}

// labels returns the names of the library's codes in English and Spanish. The Spanish is the
// library's translation.
func labels() []label {
	var ls []label
	add := func(prefix string, pairs ...string) {
		for i := 0; i+2 < len(pairs); i += 3 {
			ls = append(ls, label{key: "sdoh/" + prefix + "/" + pairs[i], text: tx(pairs[i+1], pairs[i+2])})
		}
	}
	add("domain",
		string(DomainLivingSituation), "Living situation", "Situación de vivienda",
		string(DomainFood), "Food", "Alimentación",
		string(DomainTransportation), "Transportation", "Transporte",
		string(DomainUtilities), "Utilities", "Servicios públicos",
		string(DomainSafety), "Interpersonal safety", "Seguridad personal",
		string(DomainFinancialStrain), "Financial strain", "Dificultades económicas",
		string(DomainEmployment), "Employment", "Empleo",
		string(DomainFamilyCommunitySupport), "Family and community support", "Apoyo familiar y comunitario",
		string(DomainEducation), "Education", "Educación",
		string(DomainPhysicalActivity), "Physical activity", "Actividad física",
		string(DomainSubstanceUse), "Substance use", "Consumo de sustancias",
		string(DomainMentalHealth), "Mental health", "Salud mental",
		string(DomainDisabilities), "Disabilities", "Discapacidades",
		string(DomainDepression), "Depression", "Depresión",
		string(DomainAnxiety), "Anxiety", "Ansiedad",
		string(DomainHousing), "Housing", "Vivienda",
		string(DomainVeteran), "Military service", "Servicio militar",
		string(DomainLanguage), "Language", "Idioma",
		string(DomainInsurance), "Health insurance", "Seguro médico",
		string(DomainMaterialSecurity), "Material security", "Necesidades materiales",
		string(DomainSocialConnection), "Social connection", "Relaciones sociales",
		string(DomainStress), "Stress", "Estrés",
		string(DomainIncarceration), "Incarceration", "Encarcelamiento",
		string(DomainRefugee), "Refugee status", "Condición de refugiado",
	)
	add("status",
		string(StatusPositive), "Positive", "Positivo",
		string(StatusNegative), "Negative", "Negativo",
		string(StatusUnknown), "Undetermined", "Sin determinar",
	)
	add("severity",
		string(SeverityMinimal), "Minimal", "Mínima",
		string(SeverityMild), "Mild", "Leve",
		string(SeverityModerate), "Moderate", "Moderada",
		string(SeverityModeratelySevere), "Moderately severe", "Moderadamente grave",
		string(SeveritySevere), "Severe", "Grave",
	)
	add("category",
		string(CategoryUnspecified), "Social need (unspecified)", "Necesidad social (no especificada)",
		string(CategoryFoodInsecurity), "Food insecurity", "Inseguridad alimentaria",
		string(CategoryHousingInstability), "Housing instability", "Inestabilidad de vivienda",
		string(CategoryHomelessness), "Homelessness", "Falta de vivienda",
		string(CategoryInadequateHousing), "Inadequate housing", "Vivienda inadecuada",
		string(CategoryTransportationInsecurity), "Transportation insecurity", "Inseguridad de transporte",
		string(CategoryFinancialInsecurity), "Financial insecurity", "Inseguridad económica",
		string(CategoryMaterialHardship), "Material hardship", "Carencias materiales",
		string(CategoryEducationalAttainment), "Educational attainment", "Nivel educativo",
		string(CategoryEmploymentStatus), "Employment status", "Situación laboral",
		string(CategoryVeteranStatus), "Veteran status", "Condición de veterano",
		string(CategoryStress), "Stress", "Estrés",
		string(CategorySocialConnection), "Social connection", "Relaciones sociales",
		string(CategoryIntimatePartnerViolence), "Intimate partner violence", "Violencia de pareja",
		string(CategoryElderAbuse), "Elder abuse", "Maltrato de personas mayores",
		string(CategoryPersonalHealthLiteracy), "Personal health literacy", "Conocimientos sobre la salud",
		string(CategoryHealthInsuranceCoverageStatus), "Health insurance coverage", "Cobertura de seguro médico",
		string(CategoryMedicalCostBurden), "Medical cost burden", "Carga de gastos médicos",
		string(CategoryDigitalLiteracy), "Digital literacy", "Alfabetización digital",
		string(CategoryDigitalAccess), "Digital access", "Acceso digital",
		string(CategoryUtilityInsecurity), "Utility insecurity", "Inseguridad de servicios públicos",
		string(CategoryIncarcerationStatus), "Incarceration status", "Situación de encarcelamiento",
		string(CategoryLanguageAccess), "Language access", "Acceso lingüístico",
		string(CategoryProtectiveFactor), "Protective factor", "Factor de protección",
	)
	add("goal",
		string(GoalFoodSecurity), "Food security", "Seguridad alimentaria",
		string(GoalStableHousing), "Stable housing", "Vivienda estable",
		string(GoalSafeHousing), "Safe, healthy housing", "Vivienda segura y saludable",
		string(GoalTransportationAccess), "Reliable transportation", "Transporte confiable",
		string(GoalUtilitySecurity), "Utilities kept on", "Servicios públicos sin cortes",
		string(GoalPersonalSafety), "Personal safety", "Seguridad personal",
		string(GoalFinancialSecurity), "Financial security", "Seguridad económica",
		string(GoalBasicNeeds), "Basic needs met", "Necesidades básicas cubiertas",
		string(GoalEmployment), "Employment", "Empleo",
		string(GoalEducation), "Education or training", "Educación o capacitación",
		string(GoalHealthLiteracy), "Health literacy", "Conocimientos sobre la salud",
		string(GoalSocialConnection), "Social connection", "Relaciones sociales",
		string(GoalStressManagement), "Stress management", "Manejo del estrés",
		string(GoalHealthInsurance), "Health insurance coverage", "Cobertura de seguro médico",
		string(GoalReentrySupport), "Support after incarceration", "Apoyo para la reintegración",
		string(GoalVeteranBenefits), "Veteran benefits", "Beneficios para veteranos",
		string(GoalLanguageAccess), "Language access", "Acceso lingüístico",
		string(GoalPhysicalActivity), "Physical activity", "Actividad física",
		string(GoalSubstanceUseReduction), "Less substance use", "Menor consumo de sustancias",
		string(GoalMentalHealth), "Mental health", "Salud mental",
		string(GoalDisabilitySupport), "Disability support", "Apoyo por discapacidad",
		string(GoalDailyLivingSupport), "Help with daily activities", "Ayuda con las actividades diarias",
	)
	add("service",
		string(ServiceFoodAssistance), "Food assistance", "Asistencia alimentaria",
		string(ServiceHousingAssistance), "Housing assistance", "Asistencia de vivienda",
		string(ServiceShelter), "Emergency shelter", "Refugio de emergencia",
		string(ServiceHomeRepair), "Home repair and remediation", "Reparación y saneamiento del hogar",
		string(ServiceTransportationAssistance), "Transportation assistance", "Asistencia de transporte",
		string(ServiceUtilityAssistance), "Utility assistance", "Asistencia para servicios públicos",
		string(ServiceSafetyPlanning), "Safety planning and advocacy", "Plan de seguridad y apoyo",
		string(ServiceFinancialAssistance), "Financial assistance", "Asistencia económica",
		string(ServiceMaterialAssistance), "Material assistance", "Asistencia material",
		string(ServiceEmployment), "Employment services", "Servicios de empleo",
		string(ServiceEducation), "Education services", "Servicios educativos",
		string(ServiceHealthLiteracy), "Health education", "Educación para la salud",
		string(ServiceSocialSupport), "Social support", "Apoyo social",
		string(ServiceBehavioralHealth), "Behavioral health care", "Atención de salud mental",
		string(ServiceInsuranceEnrollment), "Insurance enrollment", "Inscripción en seguros médicos",
		string(ServiceReentry), "Reentry services", "Servicios de reintegración",
		string(ServiceVeteran), "Veteran services", "Servicios para veteranos",
		string(ServiceInterpreter), "Interpreter services", "Servicios de interpretación",
		string(ServiceExerciseProgram), "Exercise program", "Programa de ejercicio",
		string(ServiceSubstanceUseTreatment), "Substance use treatment", "Tratamiento por consumo de sustancias",
		string(ServiceDisability), "Disability services", "Servicios para personas con discapacidad",
		string(ServiceHomeAndCommunity), "Home and community services", "Servicios en el hogar y la comunidad",
	)
	return ls
}
