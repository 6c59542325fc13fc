package transition_test

import (
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/transition"
	"github.com/google/go-cmp/cmp"
)

func TestLocalizer(t *testing.T) {
	l, err := transition.NewLocalizer(
		transition.Translation{Item: "book-cardiology", Language: "en", Title: "Book cardiology (100% of patients)"},
		transition.Translation{Item: "book-cardiology", Language: "es", Title: "Programar cardiología (100% de los pacientes)"},
		transition.Translation{Item: "only-spanish", Language: "es-MX", Title: "Sólo en español"},
		transition.Translation{Item: "teach-back", Language: "en", Title: "Teach-back, our wording"},
	)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		prefs []string
		key   transition.ItemKey
		want  string
	}{
		{[]string{"en"}, "interactive-contact", "Contact the patient or caregiver"},
		{[]string{"es"}, "interactive-contact", "Contactar al paciente o a su cuidador"},
		{[]string{"es-MX"}, "interactive-contact", "Contactar al paciente o a su cuidador"},
		{[]string{"fr", "es"}, "interactive-contact", "Contactar al paciente o a su cuidador"},
		{[]string{"fr"}, "interactive-contact", "Contact the patient or caregiver"},
		{nil, "interactive-contact", "Contact the patient or caregiver"},
		{[]string{"not a tag"}, "interactive-contact", "Contact the patient or caregiver"},
		{[]string{"en"}, "book-cardiology", "Book cardiology (100% of patients)"},
		{[]string{"es-MX"}, "book-cardiology", "Programar cardiología (100% de los pacientes)"},
		{[]string{"es-MX"}, "only-spanish", "Sólo en español"},
		{[]string{"en"}, "only-spanish", "only-spanish"},
		{[]string{"en"}, "teach-back", "Teach-back, our wording"},
		{[]string{"es"}, "unknown-item", "unknown-item"},
	}
	for _, tt := range tests {
		if got := l.For(tt.prefs...).Title(tt.key); got != tt.want {
			t.Errorf("For(%q).Title(%s) = %q, want %q", tt.prefs, tt.key, got, tt.want)
		}
	}
	en, es := l.For("en"), l.For("es")
	for _, tt := range []struct{ en, es string }{
		{en.Role(transition.RoleCareCoordinator), es.Role(transition.RoleCareCoordinator)},
		{en.State(transition.StateOverdue), es.State(transition.StateOverdue)},
		{en.Purpose(transition.PurposeTCM), es.Purpose(transition.PurposeTCM)},
		{en.Reason(transition.ReasonExpired), es.Reason(transition.ReasonExpired)},
		{en.DaysLate(1), es.DaysLate(1)},
		{en.DaysLate(3), es.DaysLate(3)},
	} {
		if tt.en == tt.es {
			t.Errorf("no Spanish text: %q", tt.en)
		}
	}
	for _, tt := range []struct{ got, want string }{
		{en.DaysLate(1), "1 day late"}, {en.DaysLate(2), "2 days late"},
		{es.DaysLate(1), "1 día de retraso"}, {es.DaysLate(5), "5 días de retraso"},
	} {
		if tt.got != tt.want {
			t.Errorf("DaysLate = %q, want %q", tt.got, tt.want)
		}
	}
	// Every role, state, purpose and reason has an English and a different Spanish text.
	differ := func(kind, id string, a, b string) {
		if a == b {
			t.Errorf("%s %s: English and Spanish are both %q", kind, id, a)
		}
	}
	for _, r := range transition.Roles() {
		differ("role", string(r), en.Role(r), es.Role(r))
	}
	for _, s := range transition.States() {
		differ("state", string(s), en.State(s), es.State(s))
	}
	for _, r := range transition.Reasons() {
		differ("reason", string(r), en.Reason(r), es.Reason(r))
	}
	for _, p := range transition.Purposes() {
		differ("purpose", string(p), en.Purpose(p), es.Purpose(p))
	}
}

func TestNewLocalizerRejectsBadTranslations(t *testing.T) {
	_, err := transition.NewLocalizer(
		transition.Translation{Item: "Bad Key", Language: "en", Title: "x"},
		transition.Translation{Item: "ok", Language: "english please", Title: "x"},
		transition.Translation{Item: "ok", Language: "es", Title: "  "},
	)
	want := []pathCode{
		{"translations[0].item", carecoord.FieldInvalid},
		{"translations[1].language", carecoord.FieldInvalid},
		{"translations[2].title", carecoord.FieldOutOfRange},
	}
	if diff := cmp.Diff(want, pathCodes(t, err)); diff != "" {
		t.Errorf("NewLocalizer errors mismatch (-want +got):\n%s", diff)
	}
}
