package sdoh_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/sdoh"
)

// An AHC HRSN screen with food insecurity and transportation positive: validated, scored, turned
// into coded needs with the Z codes valid on the screening day, and printed in English and
// Spanish.
func Example() {
	screener, err := sdoh.NewScreener()
	if err != nil {
		fmt.Println(err)
		return
	}
	loc, err := sdoh.NewLocalizer()
	if err != nil {
		fmt.Println(err)
		return
	}
	r := sdoh.Response{
		Meta: carecoord.Meta{ID: "screen-1", UpdatedAt: time.Date(2025, 9, 15, 14, 0, 0, 0, time.UTC),
			UpdatedBy: carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-7"}},
		Instrument:        sdoh.AHCHRSN,
		InstrumentVersion: "2018",
		Patient:           "pat-1",
		Date:              civil.MustParse("2025-09-15"),
		Respondent:        sdoh.RespondentSelf,
		Language:          "es-MX",
		Answers: []sdoh.Answer{
			sdoh.Choose("71802-3", "LA31993-1"), // I have a steady place to live
			sdoh.Choose("96778-6", "LA9-3"),     // none of the above
			sdoh.Choose("88122-7", "LA6729-3"),  // worried food would run out: sometimes true
			sdoh.Choose("88123-5", "LA28398-8"), // food didn't last: never true
			sdoh.Choose("93030-5", "LA33-6"),    // transportation kept me from appointments: yes
			sdoh.Choose("96779-4", "LA32-8"),    // utilities threatened: no
			sdoh.Choose("95618-5", "LA6270-8"),  // physically hurt: never
			sdoh.Choose("95617-7", "LA6270-8"),  // insulted: never
			sdoh.Choose("95616-9", "LA6270-8"),  // threatened: never
			sdoh.Choose("95615-1", "LA10066-1"), // screamed at: rarely
		},
	}
	if err := screener.Validate(r); err != nil {
		fmt.Println(err)
		return
	}
	res := screener.Score(r)
	needs := sdoh.Needs(res)
	for _, lang := range []string{"en", "es-MX"} {
		p := loc.Printer(lang)
		fmt.Printf("[%s] AHC HRSN %s: %s\n", p.Language(), r.Date, p.Status(res.Status))
		for _, d := range res.Domains {
			fmt.Printf("  %s: %s\n", p.Domain(d.Domain), p.Status(d.Status))
		}
		for _, n := range needs {
			var codes, services []string
			for _, z := range n.Conditions {
				codes = append(codes, z.Code)
			}
			for _, s := range n.Services {
				services = append(services, p.Service(s))
			}
			fmt.Printf("  %s (%s) → %s; %s\n", p.Need(n), strings.Join(codes, ", "), p.Goal(n.Goal), strings.Join(services, ", "))
		}
	}
	// Output:
	// [en] AHC HRSN 2025-09-15: Positive
	//   Living situation: Negative
	//   Food: Positive
	//   Transportation: Positive
	//   Utilities: Negative
	//   Interpersonal safety: Negative
	//   Food insecurity (Z59.41, Z59.48) → Food security; Food assistance
	//   Transportation insecurity (Z59.82) → Reliable transportation; Transportation assistance
	// [es] AHC HRSN 2025-09-15: Positivo
	//   Situación de vivienda: Negativo
	//   Alimentación: Positivo
	//   Transporte: Positivo
	//   Servicios públicos: Negativo
	//   Seguridad personal: Negativo
	//   Inseguridad alimentaria (Z59.41, Z59.48) → Seguridad alimentaria; Asistencia alimentaria
	//   Inseguridad de transporte (Z59.82) → Transporte confiable; Asistencia de transporte
}

// The wording of an item and its answers in the language the patient prefers, negotiated by the
// catalog: "es-MX" gets Spanish, a language with no catalog gets English.
func ExampleLocalizer_Printer() {
	loc, err := sdoh.NewLocalizer()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, prefs := range [][]string{{"en"}, {"es"}, {"es-MX"}, {"fr", "en"}} {
		p := loc.Printer(prefs...)
		fmt.Printf("%v: %s %s / %s\n", prefs, p.Question(sdoh.HVS, "2010", "88122-7"),
			p.Answer(sdoh.HVS, "2010", "88122-7", "LA28397-0"), p.Answer(sdoh.HVS, "2010", "88122-7", "LA28398-8"))
	}
	// Output:
	// [en]: Within the past 12 months we worried whether our food would run out before we got money to buy more. Often true / Never true
	// [es]: En los últimos 12 meses nos preocupaba que la comida se acabara antes de tener dinero para comprar más. Con frecuencia es cierto / Nunca es cierto
	// [es-MX]: En los últimos 12 meses nos preocupaba que la comida se acabara antes de tener dinero para comprar más. Con frecuencia es cierto / Nunca es cierto
	// [fr en]: Within the past 12 months we worried whether our food would run out before we got money to buy more. Often true / Never true
}

// PHQ-9 item 9 above "Not at all" raises the urgent flag, a field of its own, whatever the
// total; the care team sees it, the patient portal does not.
func ExampleScreener_Score_urgent() {
	screener, _ := sdoh.NewScreener()
	r := sdoh.Response{Instrument: sdoh.PHQ9, InstrumentVersion: "2001", Patient: "pat-1", Date: civil.MustParse("2025-09-15"),
		Respondent: sdoh.RespondentSelf, Language: "en"}
	for i, code := range []string{"44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"} {
		answer := "LA6568-5" // not at all
		if i == 0 || i == 8 {
			answer = "LA6569-3" // several days
		}
		r.Answers = append(r.Answers, sdoh.Choose(code, answer))
	}
	res := screener.Score(r)
	total, _ := res.TotalScore()
	d, _ := res.Domain(sdoh.DomainDepression)
	fmt.Println("total", total, d.Severity, d.Status, "urgent:", res.Urgent.Raised, res.Urgent.Item)
	fmt.Println("patient portal urgent:", sdoh.Disclose(res, sdoh.AudiencePatient).Urgent.Raised)
	// Output:
	// total 2 minimal negative urgent: true 44260-8
	// patient portal urgent: false
}

// A proxy answered for the patient and the safety screen is positive: the proxy's view leaves
// the safety domain out (and says so, whatever its status); the care team sees it.
func ExampleDisclose() {
	screener, _ := sdoh.NewScreener()
	r := sdoh.Response{Instrument: sdoh.AHCHRSN, InstrumentVersion: "2018", Patient: "pat-1", Date: civil.MustParse("2025-09-15"),
		Respondent: sdoh.RespondentProxy, Language: "en", Answers: []sdoh.Answer{
			sdoh.Choose("71802-3", "LA31993-1"), sdoh.Choose("96778-6", "LA9-3"),
			sdoh.Choose("88122-7", "LA28398-8"), sdoh.Choose("88123-5", "LA28398-8"),
			sdoh.Choose("93030-5", "LA32-8"), sdoh.Choose("96779-4", "LA32-8"),
			sdoh.Choose("95618-5", "LA6482-9"), sdoh.Choose("95617-7", "LA10082-8"),
			sdoh.Choose("95616-9", "LA10082-8"), sdoh.Choose("95615-1", "LA10082-8"),
		}}
	res := screener.Score(r)
	for _, to := range []sdoh.Audience{sdoh.AudienceCareTeam, sdoh.AudienceProxy} {
		v := sdoh.Disclose(res, to)
		fmt.Printf("%s: %s, %d domains, withheld %v\n", to, v.Status, len(v.Domains), v.Withheld)
	}
	// Output:
	// care-team: positive, 5 domains, withheld []
	// proxy: unknown, 4 domains, withheld [safety]
}
