package sdoh

// ahcHRSN is the CMS Accountable Health Communities Health-Related Social Needs Screening Tool:
// the 10 core items in 5 domains (2017) and the supplemental items added in the January 2018
// update, as one instrument (LOINC panel 96777-8, whose supplemental questions are the sub-panel
// 97023-6). Core items are required; supplemental items and domains are optional.
//
// Sources: the CMS tool (ahcm-screeningtool.pdf) and "A Guide to Using the Accountable Health
// Communities Health-Related Social Needs Screening Tool: Promising Practices and Key Insights"
// (CMS, June 2021); item wording as the tool states it (also in the NYeC SHIN-NY screening IG
// and PhenX protocol 281401). LOINC question and answer codes: the HL7 SDOH Clinical Care IG
// (assessment_instrument_support) and the NYeC SHIN-NY validation (ValidateAnswerCode), spec
// §4.1. Rules: the answers the CMS tool underlines. The supplemental thresholds marked [R] in
// spec §4.1 (loneliness, physical activity, stress) are recalled, not read in the CMS source
// (spec §6 item 3); they are data here and may be changed.
//
// Spanish: the library's translation, not a validated one; CMS publishes the tool in English.
// Replace it with a validated Spanish version where the host has one.
//
// Corrections to the research notes (spec §4.1): LOINC 95530-2 is "Prescription drug use for
// non-medical reasons in the past year" and 68524-8 the illegal-drug question (the notes had them
// the other way round; the LOINC display of 95530-2 settles it). Item 5 (93030-5) also accepts
// the two "Yes" answers of PRAPARE and the 2017 tool (LA30133-5, LA30134-3), as spec §4.1 says.
// Physical-activity items are answered as numbers (days a week, minutes a day); the LOINC
// answer lists for them (LA6111-4 "0" …) are not modelled.
func ahcHRSN() Instrument {
	const (
		src     = "CMS Accountable Health Communities HRSN Screening Tool (2017; updated January 2018) and CMS guide (June 2021)"
		srcHVS  = "CMS AHC HRSN tool items 3-4, the Hunger Vital Sign (Hager et al., Pediatrics 2010;126(1):e26-e32): 'Often true' or 'Sometimes true' to either item"
		srcHITS = "CMS AHC HRSN tool items 7-10, HITS (Sherin et al., Fam Med 1998;30(7):508-512): sum of 1-5 points per item greater than 10"
		srcSupp = "CMS AHC HRSN tool, supplemental questions (January 2018): the underlined answers"
		srcR    = "CMS AHC HRSN tool, supplemental questions (January 2018); threshold recalled [R], spec §4.1 and §6"
	)
	never := func() Option { return opt("LA6270-8", "Never", "Nunca") }
	rarely := func() Option { return opt("LA10066-1", "Rarely", "Rara vez") }
	sometimes := func() Option { return opt("LA10082-8", "Sometimes", "A veces") }
	hits := func(code string, text Text) Item {
		return required(scored(choice(code, text,
			pts(1, never()),
			pts(2, rarely()),
			pts(3, sometimes()),
			pts(4, opt("LA16644-9", "Fairly often", "Con bastante frecuencia")),
			pts(5, opt("LA6482-9", "Frequently", "Frecuentemente")))))
	}
	food := func(code string, text Text) Item {
		return required(choice(code, text,
			pos(opt("LA28397-0", "Often true", "Con frecuencia es cierto")),
			pos(opt("LA6729-3", "Sometimes true", "A veces es cierto")),
			opt("LA28398-8", "Never true", "Nunca es cierto")))
	}
	substance := func(code string, text Text) Item {
		return choice(code, text,
			never(),
			pos(opt("LA26460-8", "Once or twice", "Una o dos veces")),
			pos(opt("LA18876-5", "Monthly", "Mensualmente")),
			pos(opt("LA18891-4", "Weekly", "Semanalmente")),
			pos(opt("LA18934-2", "Daily or almost daily", "Diariamente o casi a diario")))
	}
	phqStem := tx("Over the past 2 weeks, how often have you been bothered by any of the following problems?",
		"Durante las últimas 2 semanas, ¿con qué frecuencia le han molestado los siguientes problemas?")
	phq := func(code string, text Text) Item {
		return stem(phqStem, scored(choice(code, text,
			pts(0, opt("LA6568-5", "Not at all", "Ningún día")),
			pts(1, opt("LA6569-3", "Several days", "Varios días")),
			pts(2, opt("LA6570-1", "More than half the days", "Más de la mitad de los días")),
			pts(3, opt("LA6571-9", "Nearly every day", "Casi todos los días")))))
	}
	return Instrument{
		ID:      AHCHRSN,
		Version: "2018",
		Title: tx("Accountable Health Communities Health-Related Social Needs Screening Tool",
			"Herramienta de evaluación de necesidades sociales relacionadas con la salud (Comunidades Responsables de la Salud)"),
		Panel:  "96777-8",
		Source: src,
		Items: []Item{
			// Core: living situation.
			required(choice("71802-3", tx("What is your living situation today?", "¿Cuál es su situación de vivienda hoy?"),
				opt("LA31993-1", "I have a steady place to live", "Tengo un lugar estable donde vivir"),
				posAs(CategoryHousingInstability, opt("LA31994-9",
					"I have a place to live today, but I am worried about losing it in the future",
					"Hoy tengo un lugar donde vivir, pero me preocupa perderlo en el futuro")),
				posAs(CategoryHomelessness, opt("LA31995-6",
					"I do not have a steady place to live (I am temporarily staying with others, in a hotel, in a shelter, living outside on the street, on a beach, in a car, abandoned building, bus or train station, or in a park)",
					"No tengo un lugar estable donde vivir (me estoy quedando temporalmente con otras personas, en un hotel, en un refugio, vivo en la calle, en una playa, en un carro, en un edificio abandonado, en una estación de autobús o de tren, o en un parque)")))),
			required(multi("96778-6", tx("Think about the place you live. Do you have problems with any of the following?",
				"Piense en el lugar donde vive. ¿Tiene problemas con alguna de las siguientes cosas?"),
				pos(opt("LA31996-4", "Pests such as bugs, ants, or mice", "Plagas como insectos, hormigas o ratones")),
				pos(opt("LA28580-1", "Mold", "Moho")),
				pos(opt("LA31997-2", "Lead paint or pipes", "Pintura o tuberías con plomo")),
				pos(opt("LA31998-0", "Lack of heat", "Falta de calefacción")),
				pos(opt("LA31999-8", "Oven or stove not working", "El horno o la estufa no funcionan")),
				pos(opt("LA32000-4", "Smoke detectors missing or not working", "Faltan detectores de humo o no funcionan")),
				pos(opt("LA32001-2", "Water leaks", "Fugas de agua")),
				excl(opt("LA9-3", "None of the above", "Ninguna de las anteriores")))),
			// Core: food (the Hunger Vital Sign items, worded for one person).
			food("88122-7", tx("Within the past 12 months, you worried that your food would run out before you got money to buy more.",
				"En los últimos 12 meses, le preocupó que la comida se acabara antes de tener dinero para comprar más.")),
			food("88123-5", tx("Within the past 12 months, the food you bought just didn't last and you didn't have money to get more.",
				"En los últimos 12 meses, la comida que compró no le alcanzó y no tenía dinero para comprar más.")),
			// Core: transportation.
			required(choice("93030-5", tx("In the past 12 months, has lack of reliable transportation kept you from medical appointments, meetings, work or from getting things needed for daily living?",
				"En los últimos 12 meses, ¿la falta de transporte confiable le ha impedido ir a citas médicas, reuniones o al trabajo, u obtener cosas que necesita para la vida diaria?"),
				pos(yes()),
				no(),
				pos(opt("LA30133-5", "Yes, it has kept me from medical appointments or from getting my medications",
					"Sí, me ha impedido ir a citas médicas u obtener mis medicamentos")),
				pos(opt("LA30134-3", "Yes, it has kept me from non-medical meetings, appointments, work, or from getting things that I need",
					"Sí, me ha impedido ir a reuniones o citas no médicas, al trabajo u obtener las cosas que necesito")))),
			// Core: utilities.
			required(choice("96779-4", tx("In the past 12 months has the electric, gas, oil, or water company threatened to shut off services in your home?",
				"En los últimos 12 meses, ¿la compañía de electricidad, gas, combustible o agua ha amenazado con cortar los servicios en su hogar?"),
				pos(yes()),
				no(),
				pos(opt("LA32002-0", "Already shut off", "Ya los cortaron")))),
			// Core: interpersonal safety (HITS), 1-5 points each.
			hits("95618-5", tx("How often does anyone, including family and friends, physically hurt you?",
				"¿Con qué frecuencia alguien, incluidos familiares y amigos, le hace daño físico?")),
			hits("95617-7", tx("How often does anyone, including family and friends, insult or talk down to you?",
				"¿Con qué frecuencia alguien, incluidos familiares y amigos, le insulta o le habla con desprecio?")),
			hits("95616-9", tx("How often does anyone, including family and friends, threaten you with harm?",
				"¿Con qué frecuencia alguien, incluidos familiares y amigos, le amenaza con hacerle daño?")),
			hits("95615-1", tx("How often does anyone, including family and friends, scream or curse at you?",
				"¿Con qué frecuencia alguien, incluidos familiares y amigos, le grita o le insulta con groserías?")),

			// Supplemental: financial strain.
			choice("76513-1", tx("How hard is it for you to pay for the very basics like food, housing, medical care, and heating? Would you say it is:",
				"¿Qué tan difícil le resulta pagar lo más básico, como comida, vivienda, atención médica y calefacción? Diría que es:"),
				pos(opt("LA15832-1", "Very hard", "Muy difícil")),
				pos(opt("LA22683-9", "Somewhat hard", "Algo difícil")),
				opt("LA31980-8", "Not hard at all", "Nada difícil")),
			// Supplemental: employment.
			choice("96780-2", tx("Do you want help finding or keeping work or a job?", "¿Quiere ayuda para encontrar o mantener un trabajo o empleo?"),
				pos(opt("LA31981-6", "Yes, help finding work", "Sí, ayuda para encontrar trabajo")),
				pos(opt("LA31982-4", "Yes, help keeping work", "Sí, ayuda para mantener el trabajo")),
				opt("LA31983-2", "I do not need or want help", "No necesito ni quiero ayuda")),
			// Supplemental: family and community support.
			choice("96781-0", tx("If for any reason you need help with day-to-day activities such as bathing, preparing meals, shopping, managing finances, etc., do you get the help you need?",
				"Si por cualquier motivo necesita ayuda con las actividades diarias, como bañarse, preparar comidas, hacer compras o administrar sus finanzas, ¿recibe la ayuda que necesita?"),
				opt("LA31976-6", "I don't need any help", "No necesito ayuda"),
				opt("LA31977-4", "I get all the help I need", "Recibo toda la ayuda que necesito"),
				pos(opt("LA31978-2", "I could use a little more help", "Me vendría bien un poco más de ayuda")),
				pos(opt("LA31979-0", "I need a lot more help", "Necesito mucha más ayuda"))),
			choice("93159-2", tx("How often do you feel lonely or isolated from those around you?",
				"¿Con qué frecuencia se siente solo o sola, o aislado o aislada de quienes le rodean?"),
				never(),
				rarely(),
				sometimes(),
				posAs(CategorySocialConnection, opt("LA10044-8", "Often", "A menudo")),
				posAs(CategorySocialConnection, opt("LA9933-8", "Always", "Siempre"))),
			// Supplemental: education.
			choice("97027-7", tx("Do you speak a language other than English at home?", "¿Habla en casa un idioma que no sea inglés?"),
				posAs(CategoryLanguageAccess, yes()), no()),
			choice("96782-8", tx("Do you want help with school or training? For example, starting or completing job training or getting a high school diploma, GED or equivalent.",
				"¿Quiere ayuda con la escuela o con una capacitación? Por ejemplo, para empezar o terminar una capacitación laboral u obtener un diploma de escuela secundaria, un GED o su equivalente."),
				pos(yes()), no()),
			// Supplemental: physical activity, answered as numbers.
			number("89555-7", tx("In the last 30 days, other than the activities you did for work, on average, how many days per week did you engage in moderate exercise (like walking fast, running, jogging, dancing, swimming, biking, or other similar activities)?",
				"En los últimos 30 días, sin contar las actividades de su trabajo, ¿cuántos días por semana, en promedio, hizo ejercicio moderado (como caminar rápido, correr, trotar, bailar, nadar, andar en bicicleta u otras actividades parecidas)?"),
				0, 7, "d/wk"),
			number("68516-4", tx("On average, how many minutes did you usually spend exercising at this level on one of those days?",
				"En promedio, ¿cuántos minutos solía dedicar a hacer ejercicio a ese nivel en uno de esos días?"),
				0, 1440, "min/d"),
			// Supplemental: substance use.
			substance("68517-2", tx("How many times in the past 12 months have you had 5 or more drinks in a day (males) or 4 or more drinks in a day (females)? One drink is 12 ounces of beer, 5 ounces of wine, or 1.5 ounces of 80-proof spirits.",
				"¿Cuántas veces en los últimos 12 meses ha tomado 5 o más bebidas alcohólicas en un día (hombres) o 4 o más en un día (mujeres)? Una bebida equivale a 12 onzas de cerveza, 5 onzas de vino o 1.5 onzas de licor de 80 grados.")),
			substance("96842-0", tx("How many times in the past 12 months have you used tobacco products (like cigarettes, cigars, snuff, chew, electronic cigarettes)?",
				"¿Cuántas veces en los últimos 12 meses ha usado productos de tabaco (como cigarrillos, puros, rapé, tabaco de mascar o cigarrillos electrónicos)?")),
			substance("95530-2", tx("How many times in the past year have you used prescription drugs for non-medical reasons?",
				"¿Cuántas veces en el último año ha usado medicamentos recetados por razones no médicas?")),
			substance("68524-8", tx("How many times in the past year have you used illegal drugs?",
				"¿Cuántas veces en el último año ha usado drogas ilegales?")),
			// Supplemental: mental health (the PHQ-2 items, and stress).
			phq("44250-9", tx("Little interest or pleasure in doing things?", "¿Poco interés o placer en hacer cosas?")),
			phq("44255-8", tx("Feeling down, depressed, or hopeless?", "¿Se ha sentido decaído o decaída, deprimido o deprimida, o sin esperanza?")),
			choice("93038-8", tx("Stress means a situation in which a person feels tense, restless, nervous, or anxious, or is unable to sleep at night because his or her mind is troubled all the time. Do you feel this kind of stress these days?",
				"El estrés es una situación en la que una persona se siente tensa, inquieta, nerviosa o ansiosa, o no puede dormir de noche porque tiene la mente preocupada todo el tiempo. ¿Siente este tipo de estrés en estos días?"),
				opt("LA6568-5", "Not at all", "Nada"),
				opt("LA13863-8", "A little bit", "Un poco"),
				opt("LA13909-9", "Somewhat", "Algo"),
				posAs(CategoryStress, opt("LA13902-4", "Quite a bit", "Bastante")),
				posAs(CategoryStress, opt("LA13914-9", "Very much", "Mucho"))),
			// Supplemental: disabilities.
			choice("69858-9", tx("Because of a physical, mental, or emotional condition, do you have serious difficulty concentrating, remembering, or making decisions?",
				"Debido a una condición física, mental o emocional, ¿tiene mucha dificultad para concentrarse, recordar o tomar decisiones?"),
				pos(yes()), no()),
			choice("69861-3", tx("Because of a physical, mental, or emotional condition, do you have difficulty doing errands alone such as visiting a doctor's office or shopping?",
				"Debido a una condición física, mental o emocional, ¿tiene dificultad para hacer mandados solo o sola, como ir al consultorio del médico o de compras?"),
				pos(yes()), no()),
		},
		Domains: []Domain{
			domain(DomainLivingSituation, CategoryInadequateHousing,
				anyPositive("CMS AHC HRSN tool items 1-2: answer 2 or 3 to item 1 (housing instability or homelessness), or any problem but 'None of the above' in item 2 (inadequate housing)"),
				"71802-3", "96778-6"),
			domain(DomainFood, CategoryFoodInsecurity, anyPositive(srcHVS), "88122-7", "88123-5"),
			domain(DomainTransportation, CategoryTransportationInsecurity,
				anyPositive("CMS AHC HRSN tool item 5: 'Yes'"), "93030-5"),
			domain(DomainUtilities, CategoryUtilityInsecurity,
				anyPositive("CMS AHC HRSN tool item 6: 'Yes' or 'Already shut off'"), "96779-4"),
			func() Domain {
				d := restricted(domain(DomainSafety, CategoryUnspecified,
					Rule{Kind: RuleSumAbove, Threshold: 10, FlagItem: "95618-5", Source: srcHITS},
					"95618-5", "95617-7", "95616-9", "95615-1"))
				d.ResultCode = "95614-4"
				return d
			}(),
			optional(domain(DomainFinancialStrain, CategoryFinancialInsecurity, anyPositive(srcSupp+": 'Very hard' or 'Somewhat hard'"), "76513-1")),
			optional(domain(DomainEmployment, CategoryEmploymentStatus, anyPositive(srcSupp+": either 'Yes'"), "96780-2")),
			optional(domain(DomainFamilyCommunitySupport, CategoryUnspecified,
				anyPositive(srcR+": more help needed with daily activities, or lonely 'Often' or 'Always'"), "96781-0", "93159-2")),
			optional(domain(DomainEducation, CategoryEducationalAttainment, anyPositive(srcSupp+": 'Yes' to either item"), "97027-7", "96782-8")),
			optional(domain(DomainPhysicalActivity, CategoryUnspecified,
				Rule{Kind: RuleProductBelow, Threshold: 150, Source: srcR + ": days a week times minutes a day below 150"}, "89555-7", "68516-4")),
			restricted(optional(domain(DomainSubstanceUse, CategoryUnspecified,
				anyPositive(srcSupp+": any answer but 'Never'"), "68517-2", "96842-0", "95530-2", "68524-8"))),
			restricted(optional(domain(DomainMentalHealth, CategoryUnspecified,
				Rule{Kind: RuleTotalAtLeast, Threshold: 3, Source: "CMS AHC HRSN tool, supplemental questions: PHQ-2 total of 3 or more (Kroenke et al., Med Care 2003;41(11):1284-92), or stress 'Quite a bit' or 'Very much' (threshold recalled [R], spec §4.1)"},
				"44250-9", "44255-8", "93038-8"))),
			optional(domain(DomainDisabilities, CategoryUnspecified, anyPositive(srcSupp+": 'Yes' to either item"), "69858-9", "69861-3")),
		},
	}
}
