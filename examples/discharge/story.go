package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/careplan"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/medrec"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/referral"
	"github.com/carecoord/carecoord/sdoh"
	"github.com/carecoord/carecoord/transition"
	"golang.org/x/text/message"
)

// The patient, whose id the records carry.
const patient carecoord.PatientID = "pat-68"

// The ids of her records. Ids are FHIR logical ids the app chooses; the names in the cast are
// made up.
const (
	stayID           = "enc-2026-0831"
	checklistID      = "chk-followup"
	medsAtDischarge  = "medrec-discharge"
	medsAtHome       = "medrec-home"
	screenID         = "ahc-screen-1"
	planID           = "careplan-1"
	refCardiology    = "ref-cardiology"
	refEndocrinology = "ref-endocrinology"
	refFood          = "ref-food"
	refRides         = "ref-rides"
)

// A cast names everyone who acts in the story, as the Actors the records name.
type cast struct {
	adt, app               carecoord.Actor // the hospital's ADT feed and the coordination app: systems
	hospital               carecoord.Actor
	hospitalist            carecoord.Actor
	practice, pcp          carecoord.Actor // the primary care practice and her doctor there
	coordinator            carecoord.Actor // the named care coordinator, a nurse at the practice
	heartClinic, endocrine carecoord.Actor
	pantry, rides          carecoord.Actor // community organisations, found in the directory (story.refer)
	patient                carecoord.Actor
}

func newCast() cast {
	org := func(id, name string) carecoord.Actor {
		return carecoord.Actor{Kind: carecoord.ActorOrganization, ID: id, Display: name}
	}
	person := func(id, name string) carecoord.Actor {
		return carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: id, Display: name}
	}
	device := func(id, name string) carecoord.Actor {
		return carecoord.Actor{Kind: carecoord.ActorDevice, ID: id, Display: name}
	}
	return cast{
		adt:         device("adt-feed", "the hospital's ADT feed"),
		app:         device("coordination-app", "the coordination app"),
		hospital:    org("general-hospital", "General Hospital"),
		hospitalist: person("hospitalist-3", "Dr. Sam Lee, hospitalist"),
		practice:    org("main-street-practice", "Main Street Family Practice"),
		pcp:         person("pcp-2", "Dr. Ana Patel"),
		coordinator: person("cc-7", "Dana Reyes, RN"),
		heartClinic: org("heart-clinic", "City Heart Clinic"),
		endocrine:   org("endocrine-clinic", "Endocrine Clinic"),
		patient:     carecoord.Actor{Kind: carecoord.ActorPatient, ID: string(patient), Display: "Maria Lopez"},
	}
}

// A story is one discharge and the 30 days after it, lived as an app would live it: every
// record is kept in its package's in-memory store (NewMemStore), each change saved as a new
// version through carecoord.Update, and the timeline printed as the days pass.
type story struct {
	ctx  context.Context
	out  *page
	lang string
	loc  *time.Location // the hospital's and the practice's time zone
	cal  civil.Calendar // business days: Monday to Friday less the observed federal holidays
	who  cast

	// The app's stores, one per package.
	adt     *transition.MemStore // events (the ADT feed) and checklists (the coordinators)
	meds    *medrec.MemStore
	screens *sdoh.MemStore
	plans   *careplan.MemStore
	refs    *referral.MemStore

	// Text for people: the libraries' catalogs and the example's own.
	checklistText transition.Text
	screenText    sdoh.Printer
	text          *message.Printer

	// What later days need from earlier ones.
	services  []metrics.Service    // the care after the discharge, as the measures read it
	screen    metrics.Screen       // the social-needs screen, as the measures read it
	needs     []sdoh.Need          // the needs the screen found
	task      referral.PatientTask // her task in the patient app
	gapsFound time.Time            // when the worklist found the missed appointment
}

// dischargeDay is the day the story turns on: Friday 4 September 2026, before the Labor Day
// weekend, so that the 2-business-day contact deadline has a weekend and a federal holiday to
// skip.
func dischargeDay() civil.Date { return civil.MustParse("2026-09-04") }

// tell prints the story to w, with the patient-facing text in lang ("en" or "es").
func tell(w io.Writer, lang string) error {
	s, err := newStory(w, lang)
	if err != nil {
		return err
	}
	s.intro()
	for _, step := range []func() error{
		s.discharge,     // day 0
		s.firstCall,     // day 4, the first business day after discharge
		s.bookings,      // day 5
		s.followUpVisit, // day 6
		s.cardiology,    // days 10 and 11
		s.missedVisit,   // day 14
		s.endocrinology, // day 20
		s.measure,       // day 30
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return s.out.err
}

func newStory(w io.Writer, lang string) (*story, error) {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		return nil, err
	}
	checklists, err := transition.NewLocalizer()
	if err != nil {
		return nil, err
	}
	screens, err := sdoh.NewLocalizer()
	if err != nil {
		return nil, err
	}
	text, err := newText(lang)
	if err != nil {
		return nil, err
	}
	s := &story{
		ctx:           context.Background(),
		out:           &page{w: w},
		lang:          lang,
		loc:           loc,
		cal:           civil.USFederal(),
		who:           newCast(),
		adt:           transition.NewMemStore(),
		meds:          medrec.NewMemStore(),
		screens:       sdoh.NewMemStore(),
		plans:         careplan.NewMemStore(),
		refs:          referral.NewMemStore(),
		checklistText: checklists.For(lang),
		screenText:    screens.Printer(lang),
		text:          text,
	}
	return s, nil
}

// intro prints what the story is about and how to read it.
func (s *story) intro() {
	s.out.printf("carecoord example: a discharge, coordinated\n\n")
	s.out.line(0, "Maria Lopez, 68, has type 2 diabetes and coronary heart disease. After a heart attack "+
		"(NSTEMI) she goes home on Friday 2026-09-04, before Labor Day. Without coordination she would "+
		"leave with conflicting medication instructions and no follow-up schedule; with it, her care "+
		"coordinator calls within 2 business days, reviews her medicines, books cardiology, endocrinology "+
		"and primary care, and links her to food and rides. Each line says what happened and the rule or "+
		"source it follows; [id vN] is the record and version the app saved. "+s.text.Sprintf("note.language"))
}

// day prints the heading of a day of the timeline, counted from the discharge.
func (s *story) day(d civil.Date, what string) {
	s.out.printf("\nDay %d — %s %s", d.DaysSince(dischargeDay()), weekday(d), d)
	if what != "" {
		s.out.printf(": %s", what)
	}
	s.out.printf("\n")
}

// at returns the instant hh:mm on the nth day after the discharge, in New York.
func (s *story) at(n, hh, mm int) time.Time {
	y, m, d := date(n).YMD()
	return time.Date(y, m, d, hh, mm, 0, 0, s.loc)
}

// civilDay returns the day of t in loc.
func civilDay(t time.Time, loc *time.Location) civil.Date { return civil.DateOf(t.In(loc)) }

// date returns the nth day after the discharge.
func date(n int) civil.Date { return dischargeDay().AddDays(n) }

// clock returns t's time of day in the story's zone ("14:00").
func (s *story) clock(t time.Time) string { return t.In(s.loc).Format("15:04") }

// saved says which version of which record a step saved, for the audit trail the stores keep.
func saved(m carecoord.Meta) string { return fmt.Sprintf("%s v%d", m.ID, m.Version) }
