package sdoh

// The Patient Health Questionnaire depression scales and the GAD-7 anxiety scale. All three
// use the answers LA6568-5 "Not at all" (0), LA6569-3 "Several days" (1), LA6570-1 "More than
// half the days" (2) and LA6571-9 "Nearly every day" (3) over the last 2 weeks (spec §4.4).
//
// Sources:
//   - PHQ-9: Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression
//     severity measure. J Gen Intern Med 2001;16(9):606-613. Total 0-27; severity 0-4 minimal,
//     5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe; 10 or more is a positive
//     screen (sensitivity and specificity 88% for major depression). Item 9 (thoughts that you
//     would be better off dead or of hurting yourself) answered above "Not at all" needs same-day
//     follow-up whatever the total: the result's Urgent flag.
//   - PHQ-2: Kroenke K, Spitzer RL, Williams JBW. The Patient Health Questionnaire-2: validity of
//     a two-item depression screener. Med Care 2003;41(11):1284-1292. Total 0-6; 3 or more is
//     positive, and a PHQ-9 should follow.
//   - GAD-7: Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing
//     generalized anxiety disorder: the GAD-7. Arch Intern Med 2006;166(10):1092-1097. Total
//     0-21; 0-4 minimal, 5-9 mild, 10-14 moderate, 15-21 severe; 10 or more warrants evaluation.
//
// LOINC codes: panels 44249-1 (PHQ-9), 55757-9 (PHQ-2), 69737-5 (GAD-7); totals 44261-6,
// 55758-7, 70274-6; item codes as in spec §4.4 (GAD-7 items from the HL7 PHR-format IG example;
// 69737-5 is the panel, never an item). PHQ-9's difficulty question 69722-7 (LA6572-7, LA6573-5,
// LA6575-0, LA6574-3) is asked but not scored: it belongs to the depression domain (so it is
// restricted with it) and no rule reads it.
//
// Wording: the English of the PHQ screeners (Pfizer; free to use, no permission required). The
// Spanish follows Pfizer's Spanish (USA) translations as recalled, not copied from the licensed
// PDF: check it against phqscreeners.com before patient use.
//
// Missing items: with no published pro-rating rule in hand (spec §4.4), a total with an item
// missing is not computed; the result gives the range the total could still take, and decides
// the status only when every completion would agree.

func phqOptions() []Option {
	return []Option{
		pts(0, opt("LA6568-5", "Not at all", "Ningún día")),
		pts(1, opt("LA6569-3", "Several days", "Varios días")),
		pts(2, opt("LA6570-1", "More than half the days", "Más de la mitad de los días")),
		pts(3, opt("LA6571-9", "Nearly every day", "Casi todos los días")),
	}
}

func phqStem() Text {
	return tx("Over the last 2 weeks, how often have you been bothered by any of the following problems?",
		"Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los siguientes problemas?")
}

func phqItem(s Text, code string, text Text) Item {
	return stem(s, required(scored(choice(code, text, phqOptions()...))))
}

func phqItems() []Item {
	s := phqStem()
	return []Item{
		phqItem(s, "44250-9", tx("Little interest or pleasure in doing things", "Poco interés o placer en hacer cosas")),
		phqItem(s, "44255-8", tx("Feeling down, depressed, or hopeless", "Se ha sentido decaído(a), deprimido(a) o sin esperanzas")),
		phqItem(s, "44259-0", tx("Trouble falling or staying asleep, or sleeping too much",
			"Ha tenido dificultad para quedarse o permanecer dormido(a), o ha dormido demasiado")),
		phqItem(s, "44254-1", tx("Feeling tired or having little energy", "Se ha sentido cansado(a) o con poca energía")),
		phqItem(s, "44251-7", tx("Poor appetite or overeating", "Sin apetito o ha comido en exceso")),
		phqItem(s, "44258-2", tx("Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
			"Se ha sentido mal con usted mismo(a) — o que es un fracaso o que ha quedado mal con usted mismo(a) o con su familia")),
		phqItem(s, "44252-5", tx("Trouble concentrating on things, such as reading the newspaper or watching television",
			"Ha tenido dificultad para concentrarse en ciertas actividades, tales como leer el periódico o ver la televisión")),
		phqItem(s, "44253-3", tx("Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual",
			"¿Se ha movido o hablado tan lento que otras personas podrían haberlo notado? O lo contrario — muy inquieto(a) o agitado(a) que ha estado moviéndose mucho más de lo normal")),
		phqItem(s, "44260-8", tx("Thoughts that you would be better off dead or of hurting yourself in some way",
			"Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera")),
	}
}

func phq9() Instrument {
	const src = "PHQ-9 (Kroenke, Spitzer, Williams, J Gen Intern Med 2001;16(9):606-613)"
	items := append(phqItems(), choice("69722-7",
		tx("If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?",
			"Si marcó cualquiera de los problemas, ¿qué tanta dificultad le han dado estos problemas para hacer su trabajo, encargarse de las tareas del hogar o llevarse bien con otras personas?"),
		opt("LA6572-7", "Not difficult at all", "No ha sido difícil"),
		opt("LA6573-5", "Somewhat difficult", "Un poco difícil"),
		opt("LA6575-0", "Very difficult", "Muy difícil"),
		opt("LA6574-3", "Extremely difficult", "Extremadamente difícil")))
	codes := make([]string, 0, len(items))
	for _, it := range items {
		codes = append(codes, it.Code)
	}
	return Instrument{
		ID:      PHQ9,
		Version: "2001",
		Title:   tx("Patient Health Questionnaire (PHQ-9)", "Cuestionario sobre la salud del paciente (PHQ-9)"),
		Panel:   "44249-1",
		Source:  src,
		Items:   items,
		Domains: []Domain{restricted(domain(DomainDepression, "", Rule{
			Kind:       RuleTotalAtLeast,
			Threshold:  10,
			UrgentItem: "44260-8",
			Bands: []Band{{0, 4, SeverityMinimal}, {5, 9, SeverityMild}, {10, 14, SeverityModerate},
				{15, 19, SeverityModeratelySevere}, {20, 27, SeveritySevere}},
			Source: src + ": total of items 1-9 (0-27), 10 or more positive; item 9 above 0 is urgent",
		}, codes...))},
		Total: Total{Sum: true, Code: "44261-6", Source: src},
	}
}

func phq2() Instrument {
	const src = "PHQ-2 (Kroenke, Spitzer, Williams, Med Care 2003;41(11):1284-1292)"
	items := phqItems()[:2]
	return Instrument{
		ID:      PHQ2,
		Version: "2003",
		Title:   tx("Patient Health Questionnaire (PHQ-2)", "Cuestionario sobre la salud del paciente (PHQ-2)"),
		Panel:   "55757-9",
		Source:  src,
		Items:   items,
		Domains: []Domain{restricted(domain(DomainDepression, "", Rule{
			Kind:      RuleTotalAtLeast,
			Threshold: 3,
			Source:    src + ": total (0-6) of 3 or more positive; follow with the PHQ-9",
		}, items[0].Code, items[1].Code))},
		Total: Total{Sum: true, Code: "55758-7", Source: src},
	}
}

func gad7() Instrument {
	const src = "GAD-7 (Spitzer, Kroenke, Williams, Löwe, Arch Intern Med 2006;166(10):1092-1097)"
	s := tx("Over the last 2 weeks, how often have you been bothered by the following problems?",
		"Durante las últimas 2 semanas, ¿con qué frecuencia ha sentido molestias por los siguientes problemas?")
	items := []Item{
		phqItem(s, "69725-0", tx("Feeling nervous, anxious, or on edge", "Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta")),
		phqItem(s, "68509-9", tx("Not being able to stop or control worrying", "No ha sido capaz de parar o controlar su preocupación")),
		phqItem(s, "69733-4", tx("Worrying too much about different things", "Se ha preocupado demasiado por motivos diferentes")),
		phqItem(s, "69734-2", tx("Trouble relaxing", "Ha tenido dificultad para relajarse")),
		phqItem(s, "69735-9", tx("Being so restless that it is hard to sit still", "Se ha sentido tan inquieto(a) que no ha podido quedarse quieto(a)")),
		phqItem(s, "69689-8", tx("Becoming easily annoyed or irritable", "Se ha molestado o irritado fácilmente")),
		phqItem(s, "69736-7", tx("Feeling afraid, as if something awful might happen", "Ha tenido miedo de que algo terrible fuera a pasar")),
	}
	codes := make([]string, len(items))
	for i, it := range items {
		codes[i] = it.Code
	}
	return Instrument{
		ID:      GAD7,
		Version: "2006",
		Title:   tx("Generalized Anxiety Disorder scale (GAD-7)", "Escala del trastorno de ansiedad generalizada (GAD-7)"),
		Panel:   "69737-5",
		Source:  src,
		Items:   items,
		Domains: []Domain{restricted(domain(DomainAnxiety, "", Rule{
			Kind:      RuleTotalAtLeast,
			Threshold: 10,
			Bands:     []Band{{0, 4, SeverityMinimal}, {5, 9, SeverityMild}, {10, 14, SeverityModerate}, {15, 21, SeveritySevere}},
			Source:    src + ": total (0-21), 10 or more warrants further evaluation",
		}, codes...))},
		Total: Total{Sum: true, Code: "70274-6", Source: src},
	}
}
