package transition_test

import (
	"errors"
	"testing"
	"time"
	_ "time/tzdata" // tests load America/New_York whatever the host's zoneinfo

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/internal/fieldtest"
	"github.com/carecoord/carecoord/transition"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// newYork is the facility's zone in the tests. Only tests load zones; the library never does.
func newYork(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatalf("LoadLocation: %v", err)
	}
	return loc
}

// local returns hh:mm on day in loc.
func local(loc *time.Location, day string, hh, mm int) time.Time {
	return civil.MustParse(day).In(loc).Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
}

func hospital() carecoord.Actor {
	return carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "general-hospital"}
}
func nurse() carecoord.Actor { return carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-1"} }
func coordinator() carecoord.Actor {
	return carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "cc-1"}
}

// discharged returns a valid inpatient discharge at the given local time, to destination code
// disp, admitted four days before.
func discharged(loc *time.Location, at time.Time, disp transition.Disposition, risk transition.RiskTier) transition.Event {
	kind := transition.KindDischarge
	if disp.Destination().IsInpatientTransfer() {
		kind = transition.KindTransfer
	}
	return transition.Event{
		Meta:        carecoord.Meta{ID: "enc-1"},
		Kind:        kind,
		Patient:     "pat-1",
		Facility:    hospital(),
		Setting:     transition.SettingAcuteInpatient,
		Admitted:    at.Add(-96 * time.Hour),
		Discharged:  at,
		Disposition: disp,
		Diagnoses:   []carecoord.Coding{{System: carecoord.SystemICD10CM, Code: "I21.4"}},
		PrimaryCare: carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "main-street-practice"},
		Risk:        risk,
	}.WithLocation(loc)
}

// compile compiles spec or fails the test.
func compile(t testing.TB, spec transition.TemplateSpec) transition.Template {
	t.Helper()
	tpl, err := transition.NewTemplate(spec)
	if err != nil {
		t.Fatalf("NewTemplate(%s): %v", spec.ID, err)
	}
	return tpl
}

// instantiate applies spec to e with the US federal calendar or fails the test.
func instantiate(t testing.TB, spec transition.TemplateSpec, e transition.Event) transition.Checklist {
	t.Helper()
	c, err := transition.Instantiate(compile(t, spec), e, civil.USFederal())
	if err != nil {
		t.Fatalf("Instantiate(%s): %v", spec.ID, err)
	}
	return c
}

// tb is what both *testing.T and *rapid.T offer.
type tb interface {
	Helper()
	Fatalf(format string, args ...any)
}

func item(t tb, c transition.Checklist, k transition.ItemKey) transition.Item {
	t.Helper()
	it, ok := c.Item(k)
	if !ok {
		t.Fatalf("checklist %s has no item %s", c.Template, k)
	}
	return it
}

// cmpOpts compares values that hold times, dates and locations.
func cmpOpts() cmp.Options {
	return cmp.Options{cmpopts.EquateEmpty(), cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() })}
}

type pathCode struct {
	Path string
	Code carecoord.FieldCode
}

func pathCodes(t testing.TB, err error) []pathCode { return fieldtest.PathCodes[pathCode](t, err) }

// hasPath reports whether err holds a field error at path.
func hasPath(err error, path string) bool {
	var l carecoord.FieldErrors
	if errors.As(err, &l) {
		for _, e := range l {
			if e.Path == path {
				return true
			}
		}
	}
	var fe *carecoord.FieldError
	return errors.As(err, &fe) && fe.Path == path
}
