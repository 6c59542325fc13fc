package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/referral"
	"github.com/carecoord/carecoord/sdoh"
)

// directory is the community-resource directory the coordinator searches (a small subset of
// Open Referral HSDS 3.0, as a 211 export would give it).
func directory() referral.Directory {
	food := sdoh.CategoryFoodInsecurity.Coding()
	rides := sdoh.CategoryTransportationInsecurity.Coding()
	sixty := 60
	near := referral.ServiceArea{PostalCodes: []string{"02118", "02119"}}
	return referral.Directory{
		Organizations: []referral.Organization{
			{ID: "northside-pantry", Name: "Northside Food Pantry", Description: "Neighbourhood food pantry."},
			{ID: "harbor-food-bank", Name: "Harbor Food Bank", Description: "Regional food bank."},
			{ID: "county-rides", Name: "County Senior Rides", Description: "Rides to medical appointments for older adults."},
		},
		Services: []referral.Service{
			{ID: "northside-groceries", OrganizationID: "northside-pantry", Name: "Weekly groceries",
				Status: referral.ServiceActive, Categories: []carecoord.Coding{food}, Area: near, Languages: []string{"en", "es"},
				Capacity: referral.Capacity{Status: referral.CapacityAvailable, AsOf: date(-3)}},
			{ID: "harbor-pantry", OrganizationID: "harbor-food-bank", Name: "Harbor Pantry",
				Status: referral.ServiceActive, Categories: []carecoord.Coding{food}, Area: near, Languages: []string{"en"},
				Capacity: referral.Capacity{Status: referral.CapacityWaitlist, AsOf: date(-3)}},
			{ID: "senior-rides", OrganizationID: "county-rides", Name: "Medical rides",
				Status: referral.ServiceActive, Categories: []carecoord.Coding{rides}, Area: referral.ServiceArea{Anywhere: true},
				Eligibility: referral.Eligibility{MinimumAge: &sixty}, Languages: []string{"en", "es"}},
		},
	}
}

// findService searches the directory for the service that best fits a need and returns it,
// and its organisation as the referral's performer, printing why it came first.
func (s *story) findService(d referral.Directory, n sdoh.Need) (referral.Candidate, carecoord.Actor, error) {
	facts := referral.PatientFacts{BirthDate: civil.MustParse("1958-03-12"), PostalCode: "02118", Languages: []string{s.lang}}
	cands, excluded := referral.Match(d, referral.Need{Categories: []carecoord.Coding{n.Category.Coding()}}, facts, date(4))
	if len(cands) == 0 {
		return referral.Candidate{}, carecoord.Actor{}, fmt.Errorf("no service in the directory for %s", n.Category)
	}
	first := cands[0]
	org, _ := d.Organization(first.OrganizationID)
	var why []string
	for _, r := range first.Reasons {
		switch r.Criterion {
		case referral.CriterionArea, referral.CriterionLanguage, referral.CriterionCapacity:
			why = append(why, r.Detail)
		case referral.CriterionAge:
			if r.Code == referral.MatchAgeWithin {
				why = append(why, r.Detail)
			}
		}
	}
	s.out.line(4, fmt.Sprintf("%s: %s, %s (%s; first of %d, %d excluded)", s.screenText.Need(n), first.Name, org.Name,
		strings.Join(why, ", "), len(cands), len(excluded)))
	return first, carecoord.Actor{Kind: carecoord.ActorOrganization, ID: org.ID, Display: org.Name}, nil
}

// refer sends the four referrals: cardiology and endocrinology (provider to provider, FHIR
// core Task as in 360X), and the food pantry and the rides (community, Gravity SDOH Clinical
// Care), and gives her a task in the patient app.
func (s *story) refer() error {
	at := s.at(4, 11, 30)
	food, err := s.need(sdoh.CategoryFoodInsecurity)
	if err != nil {
		return err
	}
	rides, err := s.need(sdoh.CategoryTransportationInsecurity)
	if err != nil {
		return err
	}
	s.out.line(2, s.clock(at)+" Services matched in the community directory (referral.Match, Open Referral HSDS):")
	d := directory()
	if err := d.Validate(); err != nil {
		return fmt.Errorf("directory: %w", err)
	}
	pantry, performer, err := s.findService(d, food)
	if err != nil {
		return err
	}
	s.who.pantry = performer
	if _, s.who.rides, err = s.findService(d, rides); err != nil {
		return err
	}

	nucc := func(code, display string) carecoord.Coding {
		return carecoord.Coding{System: carecoord.SystemNUCCTaxonomy, Code: code, Display: display}
	}
	clinic := func(id string, to carecoord.Actor, service carecoord.Coding, reason carecoord.Coding, p referral.Priority) referral.Referral {
		return referral.Referral{Meta: carecoord.Meta{ID: id}, Profile: referral.ProfileCore, Kind: referral.KindSpecialist,
			Performer: to, Service: service, Reasons: []carecoord.Coding{reason}, Priority: p}
	}
	community := func(id string, to carecoord.Actor, n sdoh.Need) referral.Referral {
		return referral.Referral{Meta: carecoord.Meta{ID: id}, Profile: referral.ProfileSDOHCC, Kind: referral.KindCommunity,
			Performer: to, Service: n.Category.Coding(), Reasons: []carecoord.Coding{n.Conditions[0].Coding()}, Priority: referral.PriorityRoutine}
	}
	s.out.line(2, s.clock(at)+" Closed-loop referrals sent by the practice (FHIR Task: core profile as in 360X, "+
		"or Gravity SDOH-CC), due by referral.DefaultPolicy (library defaults, not a standard):")
	for _, r := range []referral.Referral{
		clinic(refCardiology, s.who.heartClinic, nucc("207RC0000X", "Cardiovascular Disease"), dxNSTEMI(), referral.PriorityUrgent),
		clinic(refEndocrinology, s.who.endocrine, nucc("207RE0101X", "Endocrinology, Diabetes & Metabolism"), dxDiabetes(), referral.PriorityRoutine),
		community(refFood, s.who.pantry, food),
		community(refRides, s.who.rides, rides),
	} {
		r.Patient, r.Requester, r.Status, r.AuthoredOn = patient, s.who.practice, referral.StatusRequested, at
		r.Meta.UpdatedAt, r.Meta.UpdatedBy = at, s.who.coordinator
		if r, err = s.refs.Save(s.ctx, r); err != nil {
			return fmt.Errorf("saving referral %s: %w", r.ID, err)
		}
		s.out.line(4, fmt.Sprintf("%s (%s, %s) → %s [v%d]: %s", r.ID, r.Service.Code, r.Priority, r.Performer.Display,
			r.Version, s.deadlines(r, at)))
	}
	return s.giveTask(pantry)
}

// policy returns the deadlines of a referral: the library's defaults for its kind and
// priority, with days counted in New York.
func (s *story) policy(r *referral.Referral) referral.Policy {
	p := referral.DefaultPolicy(r.Kind, r.Priority)
	p.Location = s.loc
	return p
}

// deadlines says when each milestone of r is due as of now: "received 09-08 15:30, decided
// 09-09, ...", leaving out those whose clock has not started.
func (s *story) deadlines(r referral.Referral, now time.Time) string {
	var due []string
	for _, d := range referral.Evaluate(r, s.policy(&r), s.cal, now) {
		switch {
		case d.State == referral.StateWaiting:
			due = append(due, fmt.Sprintf("%s %s after %s", d.Rule.Milestone, count(d.Rule.Within, d.Rule.Unit), milestone(d.Rule.After)))
		case !d.DueDay.IsZero():
			due = append(due, fmt.Sprintf("%s %s", d.Rule.Milestone, short(d.DueDay)))
		default:
			due = append(due, fmt.Sprintf("%s %s", d.Rule.Milestone, d.Due.In(s.loc).Format("01-02 15:04")))
		}
	}
	return strings.Join(due, ", ")
}

// milestone names the step a deadline counts from, as a noun: "the decision".
func milestone(m referral.Milestone) string {
	switch m {
	case referral.MilestoneDecided:
		return "the decision"
	case referral.MilestoneOutcome:
		return "the outcome"
	}
	return string(m)
}

// count says "1 business day", "30 days".
func count(n int, u referral.Unit) string {
	unit := strings.ReplaceAll(string(u), "-", " ")
	if n == 1 {
		unit = strings.TrimSuffix(unit, "s")
	}
	return fmt.Sprintf("%d %s", n, unit)
}

// giveTask asks her, through the patient app, to call the pantry's service (the
// SDOHCC-TaskForPatient make-contact task, whose contact is the service), in her language.
func (s *story) giveTask(pantry referral.Candidate) error {
	t := referral.PatientTask{ID: "task-food", Patient: patient, Referral: refFood, Code: referral.TaskMakeContact,
		Description: s.text.Sprintf("task.food", s.who.pantry.Display), Status: referral.StatusReady,
		Inputs: []referral.TaskParam{{Type: "contact-entity", Value: "HealthcareService/" + pantry.ServiceID}}}
	if err := t.Validate(); err != nil {
		return fmt.Errorf("patient task: %w", err)
	}
	s.task = t
	s.out.line(2, s.text.Sprintf("task.heading")+" “"+t.Description+"”")
	return nil
}

// event applies one message from a referral's sender or recipient and saves the result as the
// referral's next version. Apply ignores a message sent twice and refuses one that does not
// fit the referral's state.
func (s *story) event(id string, e referral.Event) (referral.Referral, error) {
	r, err := carecoord.Update(s.ctx, s.refs, id, e.At, e.By, func(r referral.Referral) (referral.Referral, error) {
		e.ID = fmt.Sprintf("msg-%d", len(r.Events)+1)
		return referral.Apply(r, e)
	})
	if err != nil {
		return r, fmt.Errorf("referral %s, %s event: %w", id, e.Kind, err)
	}
	return r, nil
}

// report prints what events did to a referral: its status afterwards (or, while it is open,
// the business sub-status that says more), whether its loop is closed, and its version.
func (s *story) report(r referral.Referral, at time.Time, what string) {
	state := string(r.Status) // the FHIR Task status, or the sub-status that says more while it is open
	if r.Business != "" && r.Status.IsOpen() {
		state = string(r.Business)
	}
	if r.ClosedLoop() {
		state += ", loop closed"
	}
	s.out.line(2, fmt.Sprintf("%s %s: %s → %s [v%d]", s.clock(at), r.UpdatedBy.Display, what, state, r.Version))
}

// events applies a referral's events in order, prints what they did in one line, and returns
// the referral.
func (s *story) events(ref, what string, es ...referral.Event) (referral.Referral, error) {
	var r referral.Referral
	for _, e := range es {
		var err error
		if r, err = s.event(ref, e); err != nil {
			return r, err
		}
	}
	s.report(r, es[0].At, what)
	return r, nil
}
