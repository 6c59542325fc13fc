package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/carecoord/carecoord/civil"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// The example's own patient-facing text: the headings of the parts of the timeline that the
// patient would read, and the text of her task in the patient app. Everything else a patient
// reads comes from the libraries' own catalogs (checklist titles and states from transition's
// Localizer, screening questions, answers and needs from sdoh's). Messages are looked up by
// stable ids, as the library's catalogs do, so rewording never orphans a translation.
func messages() []struct{ id, en, es string } {
	return []struct{ id, en, es string }{
		{"note.language",
			"What she reads is in English (-lang es: Spanish); codes, rules and measures are for clinicians.",
			"Lo que ella lee está en español (-lang en: inglés); códigos, reglas y medidas, para el equipo clínico, quedan en inglés."},
		{"checklist.heading", "Her checklist: %s", "Su lista de tareas: %s"},
		{"column.due", "due", "vence"},
		{"column.rule", "rule (for the clinician)", "regla (para el equipo clínico)"},
		{"column.item", "item", "tarea"},
		{"item.state", "%s: %s (due %s)", "%s: %s (vence %s)"},
		{"meds.heading", "Her medicines from today (the list she and her practice receive):",
			"Sus medicamentos desde hoy (la lista que reciben ella y su consultorio):"},
		{"screen.answers", "Her answers that show a need:", "Sus respuestas que indican una necesidad:"},
		{"task.heading", "Her task in the patient app:", "Su tarea en la aplicación para pacientes:"},
		{"task.food", "Call %s to choose a day to pick up food.", "Llame a %s para elegir un día para recoger alimentos."},
	}
}

// newText returns a printer of the example's messages in lang ("en" or "es"), from its own
// catalog: nothing is put in message.DefaultCatalog.
func newText(lang string) (*message.Printer, error) {
	cat := catalog.NewBuilder(catalog.Fallback(language.English))
	for _, m := range messages() {
		if err := cat.SetString(language.English, m.id, m.en); err != nil {
			return nil, err
		}
		if err := cat.SetString(language.Spanish, m.id, m.es); err != nil {
			return nil, err
		}
	}
	tag, _, _ := cat.Matcher().Match(language.Make(lang))
	return message.NewPrinter(tag, message.Catalog(cat)), nil
}

// width is the widest line the timeline prints, so that it reads at an ordinary terminal.
const width = 100

// A page prints the timeline. Like bufio.Writer it keeps the first write error and writes
// nothing after it, so the story's steps print freely and the error is reported once, at the
// end (story.tell).
type page struct {
	w   io.Writer
	err error
}

// printf writes a formatted line part, as fmt.Fprintf does.
func (p *page) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

// line writes text at the given indent, wrapped at width; continuation lines are indented
// two more spaces.
func (p *page) line(indent int, text string) {
	first, rest := strings.Repeat(" ", indent), strings.Repeat(" ", indent+2)
	for i, l := range wrap(text, width-indent, width-indent-2) {
		if i == 0 {
			p.printf("%s%s\n", first, l)
		} else {
			p.printf("%s%s\n", rest, l)
		}
	}
}

// wrap breaks text at spaces into lines of at most first runes, then at most rest runes. A
// word longer than a line is kept whole.
func wrap(text string, first, rest int) []string {
	var lines []string
	var cur strings.Builder
	limit, n := first, 0
	for _, w := range strings.Fields(text) {
		wn := len([]rune(w))
		if n > 0 && n+1+wn > limit {
			lines = append(lines, cur.String())
			cur.Reset()
			limit, n = rest, 0
		}
		if n > 0 {
			cur.WriteByte(' ')
			n++
		}
		cur.WriteString(w)
		n += wn
	}
	return append(lines, cur.String())
}

// weekday returns the English abbreviation of d's day of the week ("Fri").
func weekday(d civil.Date) string { return d.Weekday().String()[:3] }

// short returns d as month-day ("09-09"), for dates within the story's month or two.
func short(d civil.Date) string { return d.String()[5:] }
