package dosage_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/language"
	"pgregory.net/rapid"

	"github.com/carecoord/carecoord/medrec/dosage"
)

// Directions for a Spanish-speaking patient: each sig read, then written in Spanish, in the
// order of the English text (dose, route, frequency, times, duration, as needed).
func TestTextSpanish(t *testing.T) {
	tests := []struct{ sig, want string }{
		{"1 tab PO BID", "1 tableta por vía oral dos veces al día"},
		{"1 tab po daily", "1 tableta por vía oral una vez al día"},
		{"2 caps po tid with meals", "2 cápsulas por vía oral 3 veces al día con las comidas"},
		{"500 mg po q8h x 7 days", "500 mg por vía oral cada 8 horas durante 7 días"},
		{"1-2 tabs p.o. q.4-6.h. p.r.n. pain", "1-2 tabletas por vía oral cada 4-6 horas si es necesario para pain"},
		{"2 puffs inh q4h prn wheeze", "2 inhalaciones por inhalación cada 4 horas si es necesario para wheeze"},
		{"10 units subcut at bedtime", "10 unidades por vía subcutánea al acostarse"},
		{"1 tab po every other day", "1 tableta por vía oral cada dos días"},
		{"1 tab po once weekly", "1 tableta por vía oral una vez a la semana"},
		{".5 mg sl q5min prn chest pain", "0.5 mg debajo de la lengua cada 5 minutos si es necesario para chest pain"},
	}
	for _, tt := range tests {
		d, err := dosage.Parse(tt.sig)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.sig, err)
			continue
		}
		if got := d.Text(language.Spanish); got != tt.want {
			t.Errorf("%q in Spanish:\n got %q\nwant %q", tt.sig, got, tt.want)
		}
		if got := d.Text(language.MustParse("es-MX")); got != tt.want {
			t.Errorf("%q in es-MX: got %q", tt.sig, got)
		}
		if got := d.Text(language.English); got != d.String() {
			t.Errorf("%q in English: %q, String gives %q", tt.sig, got, d.String())
		}
	}
}

// Every valid dosage has Spanish directions exactly when it has English ones, and none of the
// English words of the directions is left in them (the free-text reason aside).
func TestTextSpanishHasNoEnglish(t *testing.T) {
	english := map[string]bool{}
	for _, w := range strings.Fields("tablet tablets capsule capsules puff puffs drop drops spray sprays " +
		"patch patches suppository suppositories application applications unit units by mouth inhalation " +
		"daily weekly monthly yearly hourly once twice times every other for as needed with before after " +
		"meals breakfast lunch dinner bedtime upon waking morning afternoon evening night and " +
		"second seconds minute minutes hour hours day days week weeks month months year years " +
		"sublingually buccally subcutaneously intramuscularly intravenously nasally topically " +
		"transdermally rectally vaginally ophthalmic otic") {
		english[w] = true
	}
	rapid.Check(t, func(t *rapid.T) {
		d := genDosage().Draw(t, "dosage")
		d.AsNeededFor = "" // free text, written as given
		es := d.Text(language.Spanish)
		if (es == "") != (d.String() == "") {
			t.Fatalf("Spanish %q, English %q", es, d.String())
		}
		for _, w := range strings.Fields(es) {
			if english[w] {
				t.Fatalf("%q holds the English %q (English: %q)", es, w, d.String())
			}
		}
	})
}

// The routes a sig seldom names, and the units it seldom uses, in Spanish.
func TestTextSpanishRoutesAndUnits(t *testing.T) {
	one := dosage.Dose{Value: dec("1"), Unit: dosage.UnitDrop}
	tests := []struct {
		d    dosage.Dosage
		want string
	}{
		{dosage.Dosage{Dose: one, Route: dosage.RouteOphthalmic}, "1 gota en el ojo"},
		{dosage.Dosage{Dose: one, Route: dosage.RouteOtic}, "1 gota en el oído"},
		{dosage.Dosage{Dose: dosage.Dose{Value: dec("1"), Unit: dosage.UnitPatch}, Route: dosage.RouteTransdermal}, "1 parche por vía transdérmica"},
		{dosage.Dosage{Dose: dosage.Dose{Value: dec("2"), Unit: dosage.UnitSpray}, Route: dosage.RouteNasal}, "2 atomizaciones por vía nasal"},
		{dosage.Dosage{Dose: dosage.Dose{Value: dec("1"), Unit: dosage.UnitSuppository}, Route: dosage.RouteRectal}, "1 supositorio por vía rectal"},
		{dosage.Dosage{Dose: dosage.Dose{Value: dec("20"), Unit: dosage.UnitMilliequivalent}, Route: dosage.RouteBuccal}, "20 mEq entre la mejilla y la encía"},
	}
	for _, tt := range tests {
		if got := tt.d.Text(language.Spanish); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func ExampleDosage_Text() {
	d, _ := dosage.Parse("1 tab PO BID with meals")
	fmt.Println(d.Text(language.English))
	fmt.Println(d.Text(language.Spanish))
	// Output:
	// 1 tablet by mouth twice daily with meals
	// 1 tableta por vía oral dos veces al día con las comidas
}
