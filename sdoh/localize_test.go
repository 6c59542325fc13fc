package sdoh_test

import (
	"testing"

	"github.com/carecoord/carecoord/sdoh"
	"golang.org/x/text/language"
)

// Every text of every table renders through the catalog in English and in Spanish (es and
// es-MX), exactly as the table has it.
func TestLocalizerRendersEveryText(t *testing.T) {
	loc, err := sdoh.NewLocalizer()
	if err != nil {
		t.Fatal(err)
	}
	printers := map[string]sdoh.Printer{"en": loc.Printer("en"), "es": loc.Printer("es"), "es-MX": loc.Printer("es-MX")}
	pick := func(lang string, x sdoh.Text) string {
		if lang == "en" {
			return x.En
		}
		return x.Es
	}
	for _, in := range sdoh.BuiltinInstruments() {
		for lang, p := range printers {
			if got, want := p.Title(in.ID, in.Version), pick(lang, in.Title); got != want {
				t.Errorf("%s Title(%s) = %q, want %q", lang, in.ID, got, want)
			}
			for _, it := range in.Items {
				if got, want := p.Question(in.ID, in.Version, it.Code), pick(lang, it.Text); got != want {
					t.Errorf("%s Question(%s %s) = %q, want %q", lang, in.ID, it.Code, got, want)
				}
				if got, want := p.Stem(in.ID, in.Version, it.Code), pick(lang, it.Stem); got != want {
					t.Errorf("%s Stem(%s %s) = %q, want %q", lang, in.ID, it.Code, got, want)
				}
				for _, o := range it.Options {
					if got, want := p.Answer(in.ID, in.Version, it.Code, o.Code), pick(lang, o.Text); got != want {
						t.Errorf("%s Answer(%s %s %s) = %q, want %q", lang, in.ID, it.Code, o.Code, got, want)
					}
				}
			}
		}
	}
	// Every code the library names has a name in both languages, different from its id.
	en, es := printers["en"], printers["es"]
	named := func(kind, id, e, s string) {
		if e == id || s == id || e == "" || s == "" {
			t.Errorf("%s %s: English %q, Spanish %q", kind, id, e, s)
		}
	}
	for _, d := range sdoh.DomainIDs() {
		named("domain", string(d), en.Domain(d), es.Domain(d))
	}
	for _, s := range sdoh.Statuses() {
		named("status", string(s), en.Status(s), es.Status(s))
	}
	for _, s := range sdoh.Severities() {
		named("severity", string(s), en.Severity(s), es.Severity(s))
	}
	for _, c := range sdoh.Categories() {
		named("category", string(c), en.Category(c), es.Category(c))
	}
	for _, g := range sdoh.GoalCategories() {
		named("goal", string(g), en.Goal(g), es.Goal(g))
	}
	for _, s := range sdoh.ServiceCategories() {
		named("service", string(s), en.Service(s), es.Service(s))
	}
	// What the catalog does not know prints as its id, never as nothing.
	if got := es.Question(sdoh.AHCHRSN, "2018", "12345-5"); got != "12345-5" {
		t.Errorf("unknown item printed as %q", got)
	}
	if got := es.Domain("nothing"); got != "nothing" {
		t.Errorf("unknown domain printed as %q", got)
	}
}

func TestLocalizerLanguages(t *testing.T) {
	loc, err := sdoh.NewLocalizer()
	if err != nil {
		t.Fatal(err)
	}
	if got := loc.Languages(); len(got) != 2 || got[0] != language.English || got[1] != language.Spanish {
		t.Errorf("Languages() = %v, want [en es]", got)
	}
	for prefs, want := range map[string]language.Base{"es-MX": language.MustParseBase("es"), "es-419": language.MustParseBase("es"),
		"pt-BR": language.MustParseBase("en"), "": language.MustParseBase("en")} {
		if base, _ := loc.Printer(prefs).Language().Base(); base != want {
			t.Errorf("Printer(%q) renders %s, want %s", prefs, base, want)
		}
	}
	var zero sdoh.Localizer
	if got := zero.Printer("es").Domain(sdoh.DomainFood); got != "food" {
		t.Errorf("the zero Localizer printed %q, want the id", got)
	}
}
