package transition

import (
	"strconv"
	"strings"

	"github.com/carecoord/carecoord"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// A Localizer renders checklist text for people: item titles, owner roles, states, purposes and
// reasons, in English and Spanish, from its own golang.org/x/text message catalog. Messages are
// looked up by stable ids built from the item keys and enum values ("item/teach-back",
// "role/case-manager"), so rewording a title never orphans a translation. Build it once with
// [NewLocalizer]; it is read-only afterwards and safe for concurrent use. A nil or zero
// Localizer gives the zero [Text], which renders ids untranslated.
//
// Nothing here uses message.DefaultCatalog or a package-level catalog: the catalog belongs to the
// Localizer value.
type Localizer struct {
	cat *catalog.Builder
	en  map[string]string // English text of every id: the fallback for a language without it
}

// A Translation is the title of one item in one language, for items of an organisation's own
// templates (or to override a built-in title). Language is a BCP 47 tag ("es", "pt-BR"). The zero
// Translation is not valid.
type Translation struct {
	Item     ItemKey `json:"item"`
	Language string  `json:"language"`
	Title    string  `json:"title"`
}

// NewLocalizer returns a Localizer with the built-in English and Spanish texts and the given
// translations of item titles, which are added after the built-in ones (and so replace them). A
// translation with an invalid key, a language that is not a BCP 47 tag, or an empty title or one
// over 200 bytes is an error matching carecoord.ErrInvalid (paths "translations[i].item",
// ".language", ".title").
func NewLocalizer(translations ...Translation) (*Localizer, error) {
	var errs carecoord.FieldErrors
	tags := make([]language.Tag, len(translations))
	for i, t := range translations {
		p := carecoord.Path("translations", i)
		if !t.Item.IsValid() {
			errs.Add(carecoord.Invalid(p+".item", itemKeyRule))
		}
		tag, err := language.Parse(t.Language)
		if err != nil {
			errs.Add(carecoord.Invalid(p+".language", "must be a BCP 47 language tag"))
		}
		tags[i] = tag
		if strings.TrimSpace(t.Title) == "" || len(t.Title) > 200 {
			errs.Add(carecoord.OutOfRange(p+".title", "must be 1 to 200 bytes of text"))
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	l := &Localizer{cat: catalog.NewBuilder(catalog.Fallback(language.English)), en: map[string]string{}}
	english, _ := language.English.Base()
	set := func(tag language.Tag, id, text string) error {
		text = strings.ReplaceAll(text, "%", "%%") // plain text, not a format
		if b, _ := tag.Base(); b == english {
			l.en[id] = text
		}
		return l.cat.SetString(tag, id, text)
	}
	for _, m := range builtinTexts() {
		if err := set(language.English, m.id, m.en); err != nil {
			return nil, err
		}
		if err := set(language.Spanish, m.id, m.es); err != nil {
			return nil, err
		}
	}
	for _, lang := range []struct {
		tag       language.Tag
		one, many string
	}{
		{language.English, "%d day late", "%d days late"},
		{language.Spanish, "%d día de retraso", "%d días de retraso"},
	} {
		if err := l.cat.Set(lang.tag, "late/days", plural.Selectf(1, "%d", plural.One, lang.one, plural.Other, lang.many)); err != nil {
			return nil, err
		}
	}
	for i, t := range translations {
		if err := set(tags[i], "item/"+string(t.Item), t.Title); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// A Text renders in one language, negotiated by [Localizer.For]. It is safe for concurrent use.
// The zero Text (from a nil Localizer) renders every id as itself, untranslated.
type Text struct {
	l   *Localizer
	p   *message.Printer
	tag language.Tag
}

// For returns a Text in the best match among the Localizer's languages for prefs, BCP 47 tags in
// order of preference ("es-MX", "en"); English when nothing matches.
func (l *Localizer) For(prefs ...string) Text {
	if l == nil || l.cat == nil {
		return Text{}
	}
	tag, _ := language.MatchStrings(l.cat.Matcher(), prefs...)
	return Text{l: l, p: message.NewPrinter(tag, message.Catalog(l.cat)), tag: tag}
}

// Language returns the language t renders in.
func (t Text) Language() language.Tag { return t.tag }

func (t Text) lookup(id, fallback string) string {
	if t.p == nil {
		return fallback
	}
	if en, ok := t.l.en[id]; ok {
		fallback = en
	} else {
		fallback = strings.ReplaceAll(fallback, "%", "%%")
	}
	return t.p.Sprintf(message.Key(id, fallback))
}

// Title returns the title of item k; the key itself for an item with no text in any language.
func (t Text) Title(k ItemKey) string { return t.lookup("item/"+string(k), string(k)) }

// Role returns the name of role r.
func (t Text) Role(r Role) string { return t.lookup("role/"+string(r), string(r)) }

// State returns the name of state s.
func (t Text) State(s State) string { return t.lookup("state/"+string(s), string(s)) }

// Purpose returns the name of checklist purpose p.
func (t Text) Purpose(p Purpose) string { return t.lookup("purpose/"+string(p), string(p)) }

// Reason returns the explanation of reason r.
func (t Text) Reason(r Reason) string { return t.lookup("reason/"+string(r), string(r)) }

// DaysLate returns "1 day late", "3 days late" (or "3 días de retraso"), with the language's
// plural rules.
func (t Text) DaysLate(n int) string {
	if t.p == nil {
		return strconv.Itoa(n) + " days late"
	}
	return t.p.Sprintf(message.Key("late/days", "%d days late"), n)
}

type text struct{ id, en, es string }

// builtinTexts is the catalog's content: every built-in item title, role, state, purpose and
// reason in English and Spanish.
func builtinTexts() []text {
	return []text{
		// Discharge (Project RED and the typical discharge checklist).
		{"item/admission-notified", "Notify the primary care practice of the admission", "Avisar del ingreso al consultorio de atención primaria"},
		{"item/language-assistance", "Ask the preferred language; arrange an interpreter and translated materials if needed", "Preguntar el idioma preferido; conseguir intérprete y materiales traducidos si hacen falta"},
		{"item/risk-screen", "Screen readmission risk (8Ps) and social needs", "Evaluar el riesgo de reingreso (8P) y las necesidades sociales"},
		{"item/discharge-medicines", "Reconcile the medicines and plan how the patient will get them", "Conciliar los medicamentos y planear cómo los conseguirá el paciente"},
		{"item/follow-up-appointments", "Book the follow-up appointments and post-discharge tests", "Programar las citas de seguimiento y las pruebas después del alta"},
		{"item/pending-results", "Decide who follows up the results still pending", "Decidir quién da seguimiento a los resultados pendientes"},
		{"item/services-and-equipment", "Arrange home services and medical equipment", "Organizar los servicios a domicilio y el equipo médico"},
		{"item/guideline-reconciliation", "Check the discharge plan against national guidelines", "Comprobar el plan de alta con las guías nacionales"},
		{"item/written-plan", "Give a written discharge plan the patient can understand", "Entregar un plan de alta por escrito que el paciente pueda entender"},
		{"item/education", "Teach the patient about the diagnosis and the medicines", "Explicar al paciente el diagnóstico y los medicamentos"},
		{"item/red-flags", "Review the warning signs and whom to call, day or night", "Repasar las señales de alarma y a quién llamar, de día o de noche"},
		{"item/teach-back", "Confirm understanding: the patient explains the plan back", "Confirmar que entendió: el paciente explica el plan con sus palabras"},
		{"item/caregiver-trained", "Identify and train the caregiver", "Identificar y capacitar al cuidador"},
		{"item/advance-directive", "Review goals of care and advance directives", "Revisar los objetivos de la atención y las voluntades anticipadas"},
		{"item/discharge-summary-sent", "Send the discharge summary to the clinicians taking over", "Enviar el resumen de alta a los médicos que continúan la atención"},
		{"item/reinforcement-call", "Call the patient to reinforce the discharge plan", "Llamar al paciente para reforzar el plan de alta"},
		// Post-discharge follow-up.
		{"item/discharge-info-received", "Receive and review the discharge information", "Recibir y revisar la información del alta"},
		{"item/interactive-contact", "Contact the patient or caregiver", "Contactar al paciente o a su cuidador"},
		{"item/home-visit", "Home visit", "Visita a domicilio"},
		{"item/follow-up-visit", "Follow-up visit", "Consulta de seguimiento"},
		{"item/medication-reconciliation", "Reconcile the medications by the follow-up visit", "Conciliar los medicamentos a más tardar en la consulta de seguimiento"},
		// TCM.
		{"item/tcm-contact", "TCM contact (or two documented attempts)", "Contacto de TCM (o dos intentos documentados)"},
		{"item/tcm-discharge-review", "Review the discharge records and pending tests", "Revisar los registros del alta y las pruebas pendientes"},
		{"item/tcm-visit", "TCM face-to-face visit", "Consulta presencial de TCM"},
		{"item/tcm-medication-reconciliation", "Reconcile the medications by the day of the TCM visit", "Conciliar los medicamentos a más tardar el día de la consulta de TCM"},
		// ED follow-up.
		{"item/ed-notify-pcp", "Notify the primary care practice of the emergency visit", "Avisar de la visita a urgencias al consultorio de atención primaria"},
		{"item/ed-follow-up-contact", "Contact the patient after the emergency visit", "Contactar al paciente después de la visita a urgencias"},
		{"item/ed-follow-up-visit", "Follow-up after the emergency visit", "Seguimiento después de la visita a urgencias"},
		// Facility hand-off.
		{"item/receiving-facility-accepted", "Confirm the receiving facility has accepted the patient", "Confirmar que el centro receptor aceptó al paciente"},
		{"item/transfer-medication-list", "Send the reconciled medication list with the last doses", "Enviar la lista conciliada de medicamentos con las últimas dosis"},
		{"item/transfer-summary-sent", "Send the transfer summary to the receiving clinicians", "Enviar el resumen de traslado a los médicos que reciben al paciente"},
		{"item/nurse-handoff", "Nurse-to-nurse verbal hand-off", "Entrega verbal de enfermera a enfermera"},
		{"item/pcp-notified-of-transfer", "Notify the primary care practice of the transfer", "Avisar del traslado al consultorio de atención primaria"},
		{"item/receiving-facility-call", "Call the receiving facility to confirm the plan", "Llamar al centro receptor para confirmar el plan"},

		{"role/hospital-physician", "hospital physician", "médico del hospital"},
		{"role/hospital-nurse", "hospital nurse", "enfermería del hospital"},
		{"role/case-manager", "case manager", "gestor de casos"},
		{"role/pharmacist", "pharmacist", "farmacéutico"},
		{"role/care-coordinator", "care coordinator", "coordinador de cuidados"},
		{"role/primary-care-clinician", "primary care clinician", "médico de atención primaria"},
		{"role/receiving-facility", "receiving facility", "centro receptor"},

		{"state/done-on-time", "done on time", "hecho a tiempo"},
		{"state/done-late", "done late", "hecho con retraso"},
		{"state/done-early", "done early", "hecho antes de tiempo"},
		{"state/pending", "pending", "pendiente"},
		{"state/overdue", "overdue", "vencido"},
		{"state/waived", "waived", "dispensado"},
		{"state/waiting", "waiting", "en espera"},

		{"purpose/discharge", "Hospital discharge", "Alta hospitalaria"},
		{"purpose/post-discharge", "Follow-up after discharge", "Seguimiento después del alta"},
		{"purpose/tcm", "Transitional care management (TCM)", "Gestión de cuidados de transición (TCM)"},
		{"purpose/ed-follow-up", "Follow-up after an emergency visit", "Seguimiento después de una visita a urgencias"},
		{"purpose/facility-handoff", "Hand-off to a care facility", "Traspaso a un centro de cuidados"},

		{"reason/patient-expired", "The patient died", "El paciente falleció"},
		{"reason/inpatient-transfer", "Transferred to inpatient care in another hospital", "Trasladado a hospitalización en otro hospital"},
		{"reason/admitted-as-inpatient", "Admitted as an inpatient", "Ingresado como paciente hospitalizado"},
		{"reason/not-discharged", "Not discharged yet", "Todavía sin alta"},
		{"reason/facility-destination", "Discharged to a care facility", "Dado de alta a un centro de cuidados"},
		{"reason/hospice", "Discharged to hospice", "Dado de alta a cuidados paliativos"},
		{"reason/community-destination", "Discharged home", "Dado de alta a su domicilio"},
		{"reason/event-kind", "Not for this kind of visit", "No corresponde a este tipo de visita"},
		{"reason/tcm-setting", "Setting not covered by TCM", "Entorno no cubierto por TCM"},
		{"reason/tcm-destination", "Destination not covered by TCM", "Destino no cubierto por TCM"},
		{"reason/risk-not-assessed", "Readmission risk not assessed", "Riesgo de reingreso no evaluado"},
	}
}
