package transition_test

import (
	"fmt"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/transition"
)

// The worked story: a 68-year-old with diabetes and heart disease is discharged home on the Friday
// before Labor Day after a heart attack. Her care coordinator calls within 48 hours, reviews her
// medicines, books cardiology, endocrinology and primary care, and shares the hospital record with
// all three. The programme's high-risk follow-up template is data: this practice tightens the
// contact to 48 hours and adds the record sharing and the two specialist visits. The checklist is
// printed as the coordinator sees it on Monday 8 September, in English and in Spanish.
func Example_cardiacDischarge() {
	ny, err := time.LoadLocation("America/New_York") // examples and tests may load zones; the library never does
	if err != nil {
		fmt.Println(err)
		return
	}
	at := func(day string, hh, mm int) time.Time {
		return civil.MustParse(day).In(ny).Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
	}
	risk, _ := transition.TierFromLACE(12) // LOS 4 days, emergent, Charlson 3, 2 ED visits: computed elsewhere

	spec := transition.PostDischargeTemplate(risk, transition.PostDischargeOptions{HomeVisits: true})
	spec.ID = "cardiac-follow-up"
	for i := range spec.Items {
		if spec.Items[i].Key == "interactive-contact" {
			spec.Items[i].Due, _ = transition.ParseDueRule("48 hours after discharge")
		}
	}
	dueIn := func(s string) transition.DueRule { r, _ := transition.ParseDueRule(s); return r }
	spec.Items = append(spec.Items,
		transition.ItemSpec{Key: "record-shared", Owner: transition.RoleCareCoordinator, Required: true, Due: dueIn("1 business day after discharge"),
			Evidence: []transition.EvidenceKind{transition.EvidenceDocument}, Source: "RED component 11; this practice"},
		transition.ItemSpec{Key: "cardiology-visit", Owner: transition.RoleCareCoordinator, Required: true, Due: dueIn("7 days after discharge"),
			Evidence: []transition.EvidenceKind{transition.EvidenceEncounter}, Source: "this practice's cardiac pathway"},
		transition.ItemSpec{Key: "endocrinology-visit", Owner: transition.RoleCareCoordinator, Required: true, Due: dueIn("14 days after discharge"),
			Evidence: []transition.EvidenceKind{transition.EvidenceEncounter}, Source: "this practice's diabetes pathway"},
	)
	tpl, err := transition.NewTemplate(spec)
	if err != nil {
		fmt.Println(err)
		return
	}
	discharge := transition.Event{
		Meta:        carecoord.Meta{ID: "enc-2025-0825"},
		Kind:        transition.KindDischarge,
		Patient:     "pat-68",
		Facility:    carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "general-hospital"},
		Setting:     transition.SettingAcuteInpatient,
		Admitted:    at("2025-08-25", 22, 10),
		Discharged:  at("2025-08-29", 15, 0),
		Disposition: transition.DispositionHome,
		Diagnoses: []carecoord.Coding{{System: carecoord.SystemICD10CM, Code: "I21.4"}, // NSTEMI
			{System: carecoord.SystemICD10CM, Code: "E11.9"}, {System: carecoord.SystemICD10CM, Code: "I25.10"}},
		PrimaryCare: carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "main-street-practice"},
		Risk:        risk,
	}.WithLocation(ny)
	c, err := transition.Instantiate(tpl, discharge, civil.USFederal())
	if err != nil {
		fmt.Println(err)
		return
	}

	rn := carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "cc-7"}
	ev := func(kind transition.EvidenceKind, id string) transition.Evidence {
		return transition.Evidence{Kind: kind, Ref: kind.ResourceType() + "/" + id}
	}
	for _, step := range []struct {
		key transition.ItemKey
		at  time.Time
		ev  transition.Evidence
	}{
		{"interactive-contact", at("2025-08-30", 10, 30), ev(transition.EvidenceCommunication, "call-1")},
		{"home-visit", at("2025-09-01", 11, 0), ev(transition.EvidenceEncounter, "home-1")},
		{"discharge-info-received", at("2025-09-02", 9, 0), ev(transition.EvidenceDocument, "summary-1")},
		{"record-shared", at("2025-09-02", 9, 15), ev(transition.EvidenceDocument, "summary-1")},
		{"follow-up-visit", at("2025-09-04", 10, 0), ev(transition.EvidenceEncounter, "pcp-1")},
		{"medication-reconciliation", at("2025-09-04", 10, 30), ev(transition.EvidenceMedication, "meds-1")},
	} {
		if c, err = transition.Complete(c, step.key, step.at, rn, step.ev); err != nil {
			fmt.Println(err)
			return
		}
	}

	l, err := transition.NewLocalizer(
		transition.Translation{Item: "record-shared", Language: "en", Title: "Share the hospital record with cardiology, endocrinology and primary care"},
		transition.Translation{Item: "record-shared", Language: "es", Title: "Compartir el expediente del hospital con cardiología, endocrinología y atención primaria"},
		transition.Translation{Item: "cardiology-visit", Language: "en", Title: "Cardiology visit"},
		transition.Translation{Item: "cardiology-visit", Language: "es", Title: "Consulta de cardiología"},
		transition.Translation{Item: "endocrinology-visit", Language: "en", Title: "Endocrinology visit"},
		transition.Translation{Item: "endocrinology-visit", Language: "es", Title: "Consulta de endocrinología"},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	now := at("2025-09-08", 9, 0)
	e := transition.Evaluate(c, now)
	for _, lang := range []string{"en-US", "es-MX"} {
		tx := l.For(lang)
		fmt.Printf("%s (%s): %s required done\n", tx.Purpose(c.Purpose), risk, e.Completion)
		for _, r := range e.Items {
			due := r.Due.In(ny).Format("2006-01-02 15:04")
			if !r.DueDay.IsZero() {
				due = r.DueDay.String()
			}
			state := tx.State(r.State)
			if r.State == transition.StateDoneLate || r.State == transition.StateOverdue {
				state += ", " + tx.DaysLate(int(r.Late.Hours()+23)/24)
			}
			fmt.Printf("  %-16s | %s | %s — %s\n", due, state, tx.Title(r.Key), tx.Role(r.Owner))
		}
	}
	// Output:
	// Follow-up after discharge (high): 6/8 required done
	//   2025-08-31       | done late, 2 days late | Receive and review the discharge information — care coordinator
	//   2025-08-31 15:00 | done on time | Contact the patient or caregiver — care coordinator
	//   2025-09-01 15:00 | done on time | Home visit — care coordinator
	//   2025-09-05       | done on time | Follow-up visit — primary care clinician
	//   2025-09-04       | done on time | Reconcile the medications by the follow-up visit — primary care clinician
	//   2025-09-02       | done on time | Share the hospital record with cardiology, endocrinology and primary care — care coordinator
	//   2025-09-05       | overdue, 3 days late | Cardiology visit — care coordinator
	//   2025-09-12       | pending | Endocrinology visit — care coordinator
	// Seguimiento después del alta (high): 6/8 required done
	//   2025-08-31       | hecho con retraso, 2 días de retraso | Recibir y revisar la información del alta — coordinador de cuidados
	//   2025-08-31 15:00 | hecho a tiempo | Contactar al paciente o a su cuidador — coordinador de cuidados
	//   2025-09-01 15:00 | hecho a tiempo | Visita a domicilio — coordinador de cuidados
	//   2025-09-05       | hecho a tiempo | Consulta de seguimiento — médico de atención primaria
	//   2025-09-04       | hecho a tiempo | Conciliar los medicamentos a más tardar en la consulta de seguimiento — médico de atención primaria
	//   2025-09-02       | hecho a tiempo | Compartir el expediente del hospital con cardiología, endocrinología y atención primaria — coordinador de cuidados
	//   2025-09-05       | vencido, 3 días de retraso | Consulta de cardiología — coordinador de cuidados
	//   2025-09-12       | pendiente | Consulta de endocrinología — coordinador de cuidados
}

// TCM for the same discharge: the contact on Saturday counts (within the 2 business days that end on
// Wednesday, after the weekend and Labor Day), the visit on day 6 with high-complexity decision
// making supports 99496, and the claim can go out on the visit day.
func ExampleDecideTCM() {
	ny, _ := time.LoadLocation("America/New_York")
	at := func(day string, hh int) time.Time {
		return civil.MustParse(day).In(ny).Add(time.Duration(hh) * time.Hour)
	}
	e := transition.Event{Meta: carecoord.Meta{ID: "enc-1"}, Kind: transition.KindDischarge, Patient: "pat-68",
		Facility: carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "general-hospital"}, Setting: transition.SettingAcuteInpatient,
		Admitted: at("2025-08-25", 22), Discharged: at("2025-08-29", 15), Disposition: transition.DispositionHome}.WithLocation(ny)
	practice := carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "cc-7"}
	s := transition.TCMServices{
		Contacts: []transition.Contact{{At: at("2025-08-30", 10), Mode: transition.ContactTelephone, Reached: true, By: practice}},
		Visit:    civil.MustParse("2025-09-04"), MDM: transition.MDMHigh, MedRec: civil.MustParse("2025-09-04"),
	}
	dec, err := transition.DecideTCM(e, s, civil.USFederal())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("contact due:", dec.Timeline.ContactDue, "met:", dec.Contact.Met)
	fmt.Println("99496 visit by:", dec.Timeline.Visit99496By, "99495 visit by:", dec.Timeline.Visit99495By)
	fmt.Println("service period:", dec.Timeline.Period)
	fmt.Println("code:", dec.Code, "date of service:", dec.DateOfService, "claim from:", dec.EarliestClaim)

	// The same services with moderate MDM and the visit on day 10: 99495 only, and why not 99496.
	s.MDM, s.Visit, s.MedRec = transition.MDMModerate, civil.MustParse("2025-09-08"), civil.MustParse("2025-09-08")
	dec, _ = transition.DecideTCM(e, s, civil.USFederal())
	fmt.Println("code:", dec.Code, "99496 failed:", dec.Failed99496)

	// Two unanswered calls in time still meet the contact rule; a chatbot's message does not count.
	s.Contacts = []transition.Contact{
		{At: at("2025-09-02", 9), Mode: transition.ContactTelephone, By: practice},
		{At: at("2025-09-03", 16), Mode: transition.ContactTelephone, By: practice},
		{At: at("2025-08-30", 9), Mode: transition.ContactElectronic, Reached: true, By: carecoord.Actor{Kind: carecoord.ActorDevice, ID: "bot"}},
	}
	dec, _ = transition.DecideTCM(e, s, civil.USFederal())
	fmt.Println("attempts:", dec.Contact.Attempts, "met:", dec.Contact.Met, "code:", dec.Code)
	// Output:
	// contact due: 2025-09-03 met: true
	// 99496 visit by: 2025-09-05 99495 visit by: 2025-09-12
	// service period: 2025-08-29..2025-09-27
	// code: 99496 date of service: 2025-09-04 claim from: 2025-09-04
	// code: 99495 99496 failed: [visit-window medical-decision-making]
	// attempts: 2 met: true code: 99495
}

// A program plans every checklist for an event, and says why the others do not apply: here a
// patient who died in hospital, with the reasons in English and Spanish.
func ExampleProgram_Plan() {
	ny, _ := time.LoadLocation("America/New_York")
	p, err := transition.StandardProgram(transition.ProgramOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	e := transition.Event{Meta: carecoord.Meta{ID: "enc-9"}, Kind: transition.KindDischarge, Patient: "pat-9",
		Facility: carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "general-hospital"}, Setting: transition.SettingAcuteInpatient,
		Admitted: time.Date(2025, 9, 1, 8, 0, 0, 0, ny), Discharged: time.Date(2025, 9, 4, 3, 0, 0, 0, ny),
		Disposition: transition.DispositionExpired, Risk: transition.RiskHigh}.WithLocation(ny)
	plan, err := p.Plan(e, civil.USFederal())
	if err != nil {
		fmt.Println(err)
		return
	}
	l, _ := transition.NewLocalizer()
	en, es := l.For("en"), l.For("es")
	fmt.Println("checklists:", len(plan.Checklists))
	for _, s := range plan.Skipped {
		fmt.Printf("%s: %s / %s\n", s.Template, en.Reason(s.Reason), es.Reason(s.Reason))
	}
	// Output:
	// checklists: 0
	// red-discharge: The patient died / El paciente falleció
	// post-discharge-high: The patient died / El paciente falleció
	// ed-follow-up: Not for this kind of visit / No corresponde a este tipo de visita
	// facility-handoff: The patient died / El paciente falleció
}

// Due rules have a text form, for templates kept as files.
func ExampleParseDueRule() {
	for _, s := range []string{"2 business days after discharge", "before discharge", "0 days after item follow-up-visit",
		"48 to 72 hours after discharge", "2 weeks after discharge"} {
		r, err := transition.ParseDueRule(s)
		if err != nil {
			fmt.Printf("%q: %v\n", s, err)
			continue
		}
		fmt.Printf("%q: From=%d N=%d Unit=%s Anchor=%s Item=%q\n", s, r.From, r.N, r.Unit, r.Anchor, r.Item)
	}
	// Output:
	// "2 business days after discharge": From=0 N=2 Unit=business-days Anchor=discharge Item=""
	// "before discharge": From=0 N=0 Unit=hours Anchor=discharge Item=""
	// "0 days after item follow-up-visit": From=0 N=0 Unit=days Anchor=item Item="follow-up-visit"
	// "48 to 72 hours after discharge": From=48 N=72 Unit=hours Anchor=discharge Item=""
	// "2 weeks after discharge": must be "[<from> to ]<n> hours|days|business days after <anchor>" or "before <anchor>", anchor "admission", "discharge" or "item <key>"
}

// A deadline explains itself: the 2-business-day contact after a Friday discharge before Labor
// Day skipped the weekend and the holiday.
func ExampleSkipped() {
	ny, _ := time.LoadLocation("America/New_York")
	e := transition.Event{Meta: carecoord.Meta{ID: "enc-1"}, Kind: transition.KindDischarge, Patient: "pat-68",
		Facility: carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "general-hospital"}, Setting: transition.SettingAcuteInpatient,
		Admitted: time.Date(2025, 8, 25, 22, 0, 0, 0, ny), Discharged: time.Date(2025, 8, 29, 15, 0, 0, 0, ny),
		Disposition: transition.DispositionHome}.WithLocation(ny)
	tpl, _ := transition.NewTemplate(transition.TCMTemplate(transition.RiskHigh))
	c, _ := transition.Instantiate(tpl, e, civil.USFederal())
	contact, _ := c.Item("tcm-contact")
	fmt.Println(contact.Rule, "→ due", contact.DueDay)
	skipped, _ := transition.Skipped(c, "tcm-contact", civil.USFederal())
	for _, s := range skipped {
		fmt.Println("  skipped", s.Date, s.Why)
	}
	// Output:
	// 2 business days after discharge → due 2025-09-03
	//   skipped 2025-08-30 weekend
	//   skipped 2025-08-31 weekend
	//   skipped 2025-09-01 Labor Day
}

func ExampleTierFromLACE() {
	for _, score := range []int{0, 8, 10} {
		tier, _ := transition.TierFromLACE(score)
		fmt.Println(score, tier)
	}
	// Output:
	// 0 low
	// 8 moderate
	// 10 high
}
