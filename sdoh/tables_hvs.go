package sdoh

// hungerVitalSign is the Hunger Vital Sign (Hager ER, Quigg AM, Black MM, et al. Development and
// validity of a 2-item screen to identify families at risk for food insecurity. Pediatrics
// 2010;126(1):e26-e32), as the HL7 SDOH Clinical Care IG represents it
// (SDOHCC-QuestionnaireHungerVitalSign: panel 88121-9, items 88122-7 and 88123-5, calculated
// result 88124-3 with LA19952-3 "At risk" and LA19983-8 "No risk"). Spec §4.2.
//
// The rule is the IG's FHIRPath: at risk when either item is "Often true" or "Sometimes true"; no
// risk when an item was answered and neither is; no result when neither was answered. "Don't
// know/refused" (LA15775-2) is not a risk answer. One reading is the library's: an item answered
// "Don't know/refused" counts as unanswered, so two such answers give no result (unknown) where
// the IG's FHIRPath, which only asks whether an answer exists, would give "No risk". Spec §4.8's
// vectors hold either way.
//
// Spanish: the library's translation (a validated Spanish HVS exists; use it where licensed).
func hungerVitalSign() Instrument {
	const src = "Hunger Vital Sign (Hager et al., Pediatrics 2010;126(1):e26-e32); HL7 SDOH Clinical Care IG SDOHCC-QuestionnaireHungerVitalSign"
	stemText := tx("I'm going to read you two statements that people have made about their food situation. Please tell me whether each statement was often true, sometimes true, or never true for your household in the last 12 months.",
		"Le voy a leer dos afirmaciones que algunas personas han hecho sobre su situación de alimentación. Dígame si cada afirmación fue cierta con frecuencia, a veces o nunca para su hogar en los últimos 12 meses.")
	item := func(code string, text Text) Item {
		return stem(stemText, required(choice(code, text,
			pos(opt("LA28397-0", "Often true", "Con frecuencia es cierto")),
			pos(opt("LA6729-3", "Sometimes true", "A veces es cierto")),
			opt("LA28398-8", "Never true", "Nunca es cierto"),
			noInfo(opt("LA15775-2", "Don't know/refused", "No sabe o no quiere responder")))))
	}
	d := domain(DomainFood, CategoryFoodInsecurity, Rule{
		Kind:         RuleAnyPositive,
		Decide:       1,
		PositiveCode: "LA19952-3",
		NegativeCode: "LA19983-8",
		Source:       src + ": at risk if either item is 'Often true' or 'Sometimes true'; no risk if an item is answered and neither is",
	}, "88122-7", "88123-5")
	d.ResultCode = "88124-3"
	return Instrument{
		ID:      HVS,
		Version: "2010",
		Title:   tx("Hunger Vital Sign", "Signo Vital del Hambre"),
		Panel:   "88121-9",
		Source:  src,
		Items: []Item{
			item("88122-7", tx("Within the past 12 months we worried whether our food would run out before we got money to buy more.",
				"En los últimos 12 meses nos preocupaba que la comida se acabara antes de tener dinero para comprar más.")),
			item("88123-5", tx("Within the past 12 months the food we bought just didn't last and we didn't have money to get more.",
				"En los últimos 12 meses la comida que compramos no alcanzó y no teníamos dinero para comprar más.")),
		},
		Domains: []Domain{d},
	}
}
