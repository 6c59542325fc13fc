package sdoh

// prapare is PRAPARE, the Protocol for Responding to and Assessing Patients' Assets, Risks, and
// Experiences (National Association of Community Health Centers and partners, 2016; LOINC panel
// 93025-5). Items and LOINC answer codes: the HL7 SDOH Clinical Care IG Questionnaire
// SDOHCC-QuestionnairePRAPARE (spec §4.3). Item wording: the NACHC PRAPARE form as recalled,
// where the IG gives only LOINC display names; check it against the NACHC form. The address
// item (56799-0) is free text and is not modelled: the library keeps no free text.
//
// Every item offers LA30122-8 "I choose not to answer this question" (spec §4.3), which counts as
// unanswered. 93031-3 has no "none" answer, so it may be answered with no codes, meaning none.
//
// Risk tally: one point per risk answer, income not scored, as in the public Canvas
// implementation (extensions/prapare), spec §4.3 [S; interpretation]: Hispanic; each non-White
// race; farm work; veteran; language other than English; no housing; worried about housing; less
// than high school; unemployed or part-time; uninsured; each thing unable to get; each
// transportation "Yes"; social contact less than 3 times a week; stress "Quite a bit" or "Very
// much"; incarceration; refugee; feeling unsafe; afraid of a partner. Canvas's point for "choose
// not to answer" on race is not copied (spec §4.7). NACHC's own definition of its 22 risks,
// including income against the poverty line, was not available (spec §6 item 4): the points are
// data here and may be changed.
//
// Domains map risks to Gravity categories (spec §4.8 PRAPARE vector). Hispanic ethnicity, race
// and farm work count in the tally but are not social needs and have no domain. Stress,
// incarceration, refugee status and safety are restricted. Incarceration, refugee status and
// safety are PRAPARE's optional questions (93039-6).
//
// Spanish: the library's translation; NACHC publishes an official Spanish PRAPARE — use it
// where licensed.
func prapare() Instrument {
	const (
		src   = "PRAPARE (NACHC 2016), items and codes per HL7 SDOH Clinical Care IG SDOHCC-QuestionnairePRAPARE"
		tally = "PRAPARE risk tally as implemented by Canvas extensions/prapare (spec §4.3): one point per risk answer"
	)
	yn := func(code string, text Text, risk bool, c Category) Item {
		y := yes()
		if risk {
			y = pts(1, y)
			if c != "" {
				y = posAs(c, y)
			}
		}
		return scored(choice(code, text, y, no(), chooseNot()))
	}
	return Instrument{
		ID:      PRAPARE,
		Version: "2016",
		Title: tx("Protocol for Responding to and Assessing Patients' Assets, Risks, and Experiences (PRAPARE)",
			"Protocolo para responder y evaluar los recursos, riesgos y experiencias de los pacientes (PRAPARE)"),
		Panel:  "93025-5",
		Source: src,
		Items: []Item{
			// Personal characteristics (93043-8).
			yn("56051-6", tx("Are you Hispanic or Latino?", "¿Es usted hispano o latino?"), true, ""),
			scored(multi("32624-9", tx("Which race(s) are you? Check all that apply.", "¿De qué raza o razas es usted? Marque todas las que correspondan."),
				pts(1, opt("LA6156-9", "Asian", "Asiática")),
				pts(1, opt("LA14045-1", "Native Hawaiian", "Nativa de Hawái")),
				pts(1, opt("LA30187-1", "Pacific Islander", "De las islas del Pacífico")),
				pts(1, opt("LA14042-8", "Black/African American", "Negra o afroamericana")),
				opt("LA4457-3", "White", "Blanca"),
				pts(1, opt("LA4-4", "American Indian/Alaskan Native", "Indígena de las Américas o nativa de Alaska")),
				pts(1, opt("LA46-8", "Other", "Otra")),
				chooseNot())),
			yn("93035-4", tx("At any point in the past 2 years, has seasonal or migrant farm work been your or your family's main source of income?",
				"En algún momento de los últimos 2 años, ¿el trabajo agrícola de temporada o como migrante ha sido la principal fuente de ingresos de usted o de su familia?"), true, ""),
			yn("93034-7", tx("Have you been discharged from the armed forces of the United States?",
				"¿Ha sido dado o dada de baja de las fuerzas armadas de los Estados Unidos?"), true, CategoryVeteranStatus),
			scored(choice("54899-0", tx("What language are you most comfortable speaking?", "¿En qué idioma se siente más cómodo o cómoda al hablar?"),
				opt("LA43-5", "English", "Inglés"),
				pts(1, posAs(CategoryLanguageAccess, opt("LA30188-9", "Language other than English", "Un idioma que no sea inglés"))),
				chooseNot())),
			// Family and home (93042-0).
			number("63512-8", tx("How many family members, including yourself, do you currently live with?",
				"¿Con cuántos familiares, incluido usted, vive actualmente?"), 1, 99, "{#}"),
			scored(choice("71802-3", tx("What is your housing situation today?", "¿Cuál es su situación de vivienda hoy?"),
				opt("LA30189-7", "I have housing", "Tengo vivienda"),
				pts(1, posAs(CategoryHomelessness, opt("LA30190-5",
					"I do not have housing (staying with others, in a hotel, in a shelter, living outside on the street, on a beach, in a car, or in a park)",
					"No tengo vivienda (me quedo con otras personas, en un hotel, en un refugio, vivo en la calle, en una playa, en un carro o en un parque)"))),
				chooseNot())),
			yn("93033-9", tx("Are you worried about losing your housing?", "¿Le preocupa perder su vivienda?"), true, CategoryHousingInstability),
			// Money and resources (93041-2).
			scored(choice("82589-3", tx("What is the highest level of school that you have finished?", "¿Cuál es el nivel escolar más alto que ha terminado?"),
				pts(1, pos(opt("LA30191-3", "Less than high school degree", "Menos que el diploma de escuela secundaria"))),
				opt("LA30192-1", "High school diploma or GED", "Diploma de escuela secundaria o GED"),
				opt("LA30193-9", "More than high school", "Más que la escuela secundaria"),
				chooseNot())),
			scored(choice("67875-5", tx("What is your current work situation?", "¿Cuál es su situación de trabajo actual?"),
				pts(1, pos(opt("LA17956-6", "Unemployed", "Desempleado o desempleada"))),
				pts(1, pos(opt("LA30138-4", "Part-time or temporary work", "Trabajo de medio tiempo o temporal"))),
				opt("LA30136-8", "Full-time work", "Trabajo de tiempo completo"),
				opt("LA30137-6", "Otherwise unemployed but not seeking work (ex: student, retired, disabled, unpaid primary care giver)",
					"Sin empleo, pero no busco trabajo (por ejemplo: estudiante, jubilado, con discapacidad, cuidador principal sin sueldo)"),
				chooseNot())),
			scored(choice("76437-3", tx("What is your main insurance?", "¿Cuál es su seguro médico principal?"),
				pts(1, pos(opt("LA30194-7", "None/uninsured", "Ninguno, sin seguro"))),
				opt("LA17849-3", "Medicaid", "Medicaid"),
				opt("LA30195-4", "CHIP Medicaid", "CHIP Medicaid"),
				opt("LA15652-3", "Medicare", "Medicare"),
				opt("LA30196-2", "Other public insurance (not CHIP)", "Otro seguro público (no CHIP)"),
				opt("LA30197-0", "Other public insurance (CHIP)", "Otro seguro público (CHIP)"),
				opt("LA6350-8", "Private insurance", "Seguro privado"),
				chooseNot())),
			number("63586-2", tx("During the past year, what was the total combined income for you and the family members you live with? This information will help us determine if you are eligible for any benefits.",
				"Durante el último año, ¿cuál fue el ingreso total combinado de usted y de los familiares con quienes vive? Esta información nos ayudará a saber si usted reúne los requisitos para algún beneficio."),
				0, 100_000_000, "/a"),
			func() Item {
				it := scored(multi("93031-3", tx("In the past year, have you or any family members you live with been unable to get any of the following when it was really needed? Check all that apply.",
					"En el último año, ¿usted o algún familiar con quien vive no ha podido obtener alguna de las siguientes cosas cuando de verdad las necesitaba? Marque todas las que correspondan."),
					pts(1, posAs(CategoryFoodInsecurity, opt("LA30125-1", "Food", "Comida"))),
					pts(1, pos(opt("LA30126-9", "Clothing", "Ropa"))),
					pts(1, posAs(CategoryUtilityInsecurity, opt("LA30124-4", "Utilities", "Servicios públicos (luz, gas, agua)"))),
					pts(1, pos(opt("LA30127-7", "Child care", "Cuidado de niños"))),
					pts(1, pos(opt("LA30128-5", "Medicine or Any Health Care (Medical, Dental, Mental Health, Vision)",
						"Medicinas o cualquier atención de salud (médica, dental, de salud mental, de la vista)"))),
					pts(1, pos(opt("LA30129-3", "Phone", "Teléfono"))),
					pts(1, pos(opt("LA46-8", "Other", "Otra"))),
					chooseNot()))
				it.NoneIfEmpty = true
				return it
			}(),
			scored(multi("93030-5", tx("Has lack of transportation kept you from medical appointments, meetings, work, or from getting things needed for daily living? Check all that apply.",
				"¿La falta de transporte le ha impedido ir a citas médicas, reuniones o al trabajo, u obtener las cosas que necesita para la vida diaria? Marque todas las que correspondan."),
				pts(1, pos(opt("LA30133-5", "Yes, it has kept me from medical appointments or from getting my medications",
					"Sí, me ha impedido ir a citas médicas u obtener mis medicamentos"))),
				pts(1, pos(opt("LA30134-3", "Yes, it has kept me from non-medical meetings, appointments, work, or from getting things that I need",
					"Sí, me ha impedido ir a reuniones o citas no médicas, al trabajo u obtener las cosas que necesito"))),
				excl(no()),
				noInfo(opt("LA30257-2", "Patient unable to respond", "El paciente no puede responder")),
				chooseNot())),
			// Social and emotional health (93040-4).
			scored(choice("93029-7", tx("How often do you see or talk to people that you care about and feel close to? (For example: talking to friends on the phone, visiting friends or family, going to church or club meetings)",
				"¿Con qué frecuencia ve o habla con personas que le importan y con quienes se siente cercano? (Por ejemplo: hablar con amigos por teléfono, visitar a amigos o familiares, ir a la iglesia o a reuniones de clubes)"),
				pts(1, pos(opt("LA27722-0", "Less than once a week", "Menos de una vez por semana"))),
				pts(1, pos(opt("LA30130-1", "1 or 2 times a week", "1 o 2 veces por semana"))),
				opt("LA30131-9", "3 to 5 times a week", "De 3 a 5 veces por semana"),
				opt("LA30132-7", "5 or more times a week", "5 o más veces por semana"),
				chooseNot())),
			scored(choice("93038-8", tx("Stress is when someone feels tense, nervous, anxious, or can't sleep at night because their mind is troubled. How stressed are you?",
				"El estrés es cuando alguien se siente tenso, nervioso o ansioso, o no puede dormir de noche porque tiene la mente preocupada. ¿Qué tan estresado o estresada está usted?"),
				opt("LA6568-5", "Not at all", "Nada"),
				opt("LA13863-8", "A little bit", "Un poco"),
				opt("LA13909-9", "Somewhat", "Algo"),
				pts(1, pos(opt("LA13902-4", "Quite a bit", "Bastante"))),
				pts(1, pos(opt("LA13914-9", "Very much", "Mucho"))),
				chooseNot())),
			// Optional additional questions (93039-6).
			yn("93028-9", tx("In the past year, have you spent more than 2 nights in a row in a jail, prison, detention center, or juvenile correctional facility?",
				"En el último año, ¿ha pasado más de 2 noches seguidas en una cárcel, prisión, centro de detención o correccional de menores?"), true, CategoryIncarcerationStatus),
			func() Item {
				it := yn("93027-1", tx("Are you a refugee?", "¿Es usted refugiado o refugiada?"), true, "")
				it.Options[0] = pos(it.Options[0]) // a risk in a domain with no Gravity category
				return it
			}(),
			scored(choice("93026-3", tx("Do you feel physically and emotionally safe where you currently live?",
				"¿Se siente seguro o segura, física y emocionalmente, donde vive actualmente?"),
				yes(),
				pts(1, pos(no())),
				noInfo(opt("LA14072-5", "Unsure", "No estoy seguro o segura")),
				chooseNot())),
			scored(choice("76501-6", tx("In the past year, have you been afraid of your partner or ex-partner?",
				"En el último año, ¿ha tenido miedo de su pareja o expareja?"),
				pts(1, posAs(CategoryIntimatePartnerViolence, yes())),
				no(),
				noInfo(opt("LA14072-5", "Unsure", "No estoy seguro o segura")),
				opt("LA4720-4", "I have not had a partner in the past year", "No he tenido pareja en el último año"),
				chooseNot())),
		},
		Domains: []Domain{
			domain(DomainVeteran, CategoryVeteranStatus, anyPositive(tally+": discharged from the armed forces"), "93034-7"),
			domain(DomainLanguage, CategoryLanguageAccess, anyPositive(tally+": language other than English"), "54899-0"),
			domain(DomainHousing, CategoryHousingInstability, anyPositive(tally+": no housing, or worried about losing housing"), "71802-3", "93033-9"),
			domain(DomainEducation, CategoryEducationalAttainment, anyPositive(tally+": less than a high school degree"), "82589-3"),
			domain(DomainEmployment, CategoryEmploymentStatus, anyPositive(tally+": unemployed, or part-time or temporary work"), "67875-5"),
			domain(DomainInsurance, CategoryHealthInsuranceCoverageStatus, anyPositive(tally+": uninsured"), "76437-3"),
			domain(DomainMaterialSecurity, CategoryMaterialHardship, anyPositive(tally+": unable to get any of the listed things when needed"), "93031-3"),
			domain(DomainTransportation, CategoryTransportationInsecurity, anyPositive(tally+": either 'Yes'"), "93030-5"),
			domain(DomainSocialConnection, CategorySocialConnection, anyPositive(tally+": sees or talks to people less than 3 times a week"), "93029-7"),
			restricted(domain(DomainStress, CategoryStress, anyPositive(tally+": 'Quite a bit' or 'Very much'"), "93038-8")),
			restricted(optional(domain(DomainIncarceration, CategoryIncarcerationStatus, anyPositive(tally+": more than 2 nights in a row in a correctional facility"), "93028-9"))),
			restricted(optional(domain(DomainRefugee, "", anyPositive(tally+": refugee"), "93027-1"))),
			restricted(optional(domain(DomainSafety, CategoryUnspecified, anyPositive(tally+": does not feel safe, or afraid of a partner"), "93026-3", "76501-6"))),
		},
		Total: Total{Sum: true, Source: tally + ", income not scored"},
	}
}
