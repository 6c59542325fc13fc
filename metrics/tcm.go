package metrics

import (
	"cmp"
	"slices"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/transition"
)

// MeasureTCM is the TCM completion rate: of the discharges that can start Transitional Care
// Management, the share whose care met one of its codes.
const MeasureTCM MeasureID = "tcm"

// The reasons of the TCM completion rate besides [ReasonDied] and the [transition.TCMRule]
// that failed, which is the reason of an exclusion (qualifying-setting,
// community-destination, one-per-period, discharged) or of a discharge in the denominator
// only (interactive-contact, face-to-face-visit, visit-window, medical-decision-making,
// medication-reconciliation: the first rule 99495 failed).
const (
	// ReasonTCM99496: the care met CPT 99496 (high MDM, visit within 7 days); Decided is the
	// visit day, the date of service.
	ReasonTCM99496 Reason = "tcm-99496"
	// ReasonTCM99495: the care met CPT 99495 (at least moderate MDM, visit within 14 days)
	// and not 99496; Decided is the visit day.
	ReasonTCM99495 Reason = "tcm-99495"
)

// TCMRules are the rules of the TCM completion rate. [TCM] returns the default profile. The
// zero TCMRules is not valid; [TCMRules.Validate] says why.
type TCMRules struct {
	// Measure names the profile in results.
	Measure MeasureID
	// Period is the measurement period, within the years 1900 to 2199. Discharges fall from
	// Period.Start through Period.End less 29 days, so that each one's 30-day service period
	// (the discharge day and the 29 after it) ends in the period. Calendar-year periods
	// therefore measure no discharge of 3 to 31 December; a rolling period (1 December to 30
	// November, say) covers them.
	Period civil.Range
	// Calendar gives the business days of the 2-business-day contact rule
	// (civil.USFederal, plus the practice's closures).
	Calendar civil.Calendar
	// Options are transition's switches for the points the sources leave open (contact or
	// visit on the discharge day, nursing facility as a community setting); the zero
	// TCMOptions is the conservative reading.
	Options transition.TCMOptions
	// Contacts are the kinds of service that are interactive contacts, made directly
	// (ServiceVisit), by telephone (ServiceTelephone) or electronically (ServiceTelehealth,
	// ServiceEVisit); a service with Attempt set is an unsuccessful attempt.
	Contacts []ServiceKind
	// Visits are the kinds of service that are the face-to-face visit, with its MDM.
	Visits []ServiceKind
}

// TCM returns the rules of the TCM completion rate for a measurement year, with business days
// from cal (CMS MLN908628 and the CMS TCM FAQ, as spec §4 and [transition.DecideTCM] read
// them): every discharge from a setting that qualifies, to a community setting, that does not
// fall in the 30-day period of an earlier discharge that met TCM, and whose patient did not
// die in the 30 days, is in the denominator; it is in the numerator when the care after it met
// 99495 or 99496: an interactive contact (direct, telephone or electronic) or two timely
// attempts within 2 business days, a face-to-face visit (in person, or audio-video telehealth
// per Noridian) within 14 days with at least moderate MDM or within 7 days with high MDM, and
// a medication reconciliation by the visit day.
func TCM(year int, cal civil.Calendar) TCMRules {
	return TCMRules{
		Measure:  MeasureTCM,
		Period:   calendarYear(year),
		Calendar: cal,
		Contacts: []ServiceKind{ServiceVisit, ServiceTelephone, ServiceTelehealth, ServiceEVisit},
		Visits:   []ServiceKind{ServiceVisit, ServiceTelehealth},
	}
}

// fuTCMDays is the length of TCM's service period, as transition's timeline has it: 30 days.
func fuTCMDays() int {
	d, _ := civil.NewDate(2000, time.January, 1)
	return transition.NewTCMTimeline(d, civil.Calendar{}).Period.Days()
}

// fuContactMode returns the transition.ContactMode of a kind of contact, and false for a kind
// that is not one.
func fuContactMode(k ServiceKind) (transition.ContactMode, bool) {
	switch k {
	case ServiceVisit:
		return transition.ContactDirect, true
	case ServiceTelephone:
		return transition.ContactTelephone, true
	case ServiceTelehealth, ServiceEVisit:
		return transition.ContactElectronic, true
	}
	return "", false
}

// Validate reports every problem with r as carecoord.FieldErrors.
func (r TCMRules) Validate() error {
	var errs carecoord.FieldErrors
	if r.Measure == "" {
		errs.Add(carecoord.Required("measure", "must name the measure"))
	}
	errs.Nest("period", r.Period.Validate())
	if r.Period.Validate() == nil {
		switch {
		case r.Period.Start.Year() < 1900 || r.Period.End.Year() > 2199:
			errs.Add(carecoord.OutOfRange("period", "must be within the years 1900 to 2199"))
		case r.Period.Days() < fuTCMDays():
			errs.Add(carecoord.Invalid("period", "must be at least as long as TCM's 30-day service period"))
		}
	}
	if r.Calendar.Equal(civil.Calendar{}) {
		errs.Add(carecoord.Required("calendar", "must give the business days (civil.USFederal, say); the zero Calendar has none closed"))
	}
	if len(r.Contacts) == 0 {
		errs.Add(carecoord.Required("contacts", "must name at least one kind of contact"))
	}
	for i, k := range r.Contacts {
		if _, ok := fuContactMode(k); !ok {
			errs.Add(carecoord.NotSupported(carecoord.Path("contacts", i), ServiceVisit, ServiceTelephone, ServiceTelehealth, ServiceEVisit))
		}
	}
	if len(r.Visits) == 0 {
		errs.Add(carecoord.Required("visits", "must name at least one kind of visit"))
	}
	for i, k := range r.Visits {
		if !k.IsValid() {
			errs.Add(carecoord.NotSupported(carecoord.Path("visits", i), ServiceKinds()...))
		}
	}
	return errs.Err()
}

// TCMCompletion computes the TCM completion rate over stays and services, in any order, under
// rules. Each discharge is decided by [transition.DecideTCM], which this measure feeds and
// does not re-implement: the contacts and attempts of its 30 days, the first medication
// reconciliation on or after the discharge day, the death the stays show, the periods of the
// patient's earlier discharges that met TCM, and each face-to-face visit of its 30 days in
// turn (with that visit's MDM, by day and the highest MDM first on a day); the best code any
// visit supports wins, the first visit on a tie.
//
// A stay in a setting that cannot start TCM (an ED visit) is not a candidate. A discharge a
// rule excludes (not to a community setting, inside the period of an earlier discharge that
// met TCM, a death within the 30 days: [ReasonDied]) is Excluded with the rule as the reason,
// as is one Options.Eligible refuses. The others are in the denominator, with the code met
// ([ReasonTCM99496], [ReasonTCM99495]) or the first rule 99495 failed as the reason.
// Discharges before the period are decided too, only so that one that met TCM excludes the
// period's discharges inside its 30 days; they are not counted.
//
// Services are known by their day only, so contacts are taken at noon of their day, after a
// discharge that day, each record its own instant: two attempt records are two attempts.
// A contact with no By is the practice's; one by a device never counts. Inputs are validated
// as [FollowUp] validates them.
func TCMCompletion(stays []Stay, services []Service, rules TCMRules, opts Options) (Result, error) {
	if err := rules.Validate(); err != nil {
		return Result{}, rulesError(err)
	}
	stayFlags := func(s *Stay) uint8 {
		if s.Setting.QualifiesForTCM() {
			return fuEvent | fuInpatient(s.Setting) // fuInpatient: fuDeath checks overlaps
		}
		return 0
	}
	accept := func(s *Service) bool {
		_, contact := fuContactMode(s.Kind)
		return contact && slices.Contains(rules.Contacts, s.Kind) || s.Kind == ServiceMedRec || slices.Contains(rules.Visits, s.Kind)
	}
	return fuMeasure(rules.Measure, rules.Period, stays, services, opts, stayFlags, nil, accept,
		func(t *tallier) func([]fuStay, []fuService) error {
			w := &fuTCMWalker{rules: &rules, stays: stays, services: services, t: t, last: rules.Period.End.AddDays(1 - fuTCMDays()), evidence: opts.Evidence}
			return w.patient
		})
}

// A fuTCMWalker decides one patient's discharges at a time. Its slices are scratch space
// reused from patient to patient.
type fuTCMWalker struct {
	rules    *TCMRules
	stays    []Stay
	services []Service
	t        *tallier
	last     civil.Date // the last discharge day
	evidence bool
	reported []civil.Range
	contacts []transition.Contact
	visits   []int32 // indexes in the patient's services
}

// patient decides the discharges of one patient's stays, with the patient's services.
func (w *fuTCMWalker) patient(recs []fuStay, svcs []fuService) error {
	died, err := fuDeath(recs)
	if err != nil {
		return err
	}
	w.reported = w.reported[:0]
	for k := range recs {
		r := &recs[k]
		// A discharge before the period is not counted, but when it met TCM its 30-day period
		// still blocks the discharges of the period's first days (one TCM per period).
		before := r.discharged.Before(w.rules.Period.Start)
		if r.flags&fuEvent == 0 || r.discharged.After(w.last) || before && r.discharged.Year() < 1900 {
			continue
		}
		s := &w.stays[r.idx]
		dec, err := w.decide(s, svcs, died)
		if err != nil {
			var errs carecoord.FieldErrors
			errs.Nest(carecoord.Path("stays", int(r.idx)), err)
			return errs.Err()
		}
		if before {
			if st, _, _ := fuTCMStatus(&dec, s, died); st == InNumerator {
				w.reported = append(w.reported, dec.Timeline.Period)
			}
			continue
		}
		e := Evidence{Patient: r.patient, Event: r.discharged}
		if w.evidence {
			e.Subject = s.ID
		}
		e.Status, e.Reason, e.Decided = fuTCMStatus(&dec, s, died)
		if e.Status != Excluded {
			if why := w.t.eligible(e.Patient, e.Event); why != "" {
				e.Status, e.Reason, e.Decided = Excluded, why, civil.Date{}
			}
		}
		if e.Status == InNumerator {
			w.reported = append(w.reported, dec.Timeline.Period)
		}
		w.t.add(e, nil)
	}
	return nil
}

// decide returns the best TCM decision the patient's services (svcs, by day) support after
// stay s: the best code over the visits of the 30-day period (DecideTCM judges their
// windows), tried by day and on a day the highest MDM first, the first on a tie; the first
// visit's decision when none supports a code; the decision without a visit when there is
// none.
func (w *fuTCMWalker) decide(s *Stay, svcs []fuService, died civil.Date) (transition.TCMDecision, error) {
	rules := w.rules
	ev := transition.Event{Kind: transition.KindDischarge, Patient: s.Patient, Setting: s.Setting,
		Admitted: s.Admitted.In(time.UTC), Discharged: s.Discharged.In(time.UTC), Disposition: s.Disposition}.WithLocation(time.UTC)
	if s.Setting == transition.SettingObservation {
		ev.Kind = transition.KindObservation
	}
	in := transition.TCMServices{Died: died, Reported: w.reported, Options: rules.Options}
	end := transition.NewTCMTimeline(s.Discharged, rules.Calendar).Period.End
	w.contacts, w.visits = w.contacts[:0], w.visits[:0]
	for i := fuFirstFrom(svcs, s.Discharged); i < len(svcs) && !svcs[i].day.After(end); i++ {
		v := &w.services[svcs[i].idx]
		if mode, ok := fuContactMode(v.Kind); ok && slices.Contains(rules.Contacts, v.Kind) {
			by := v.By
			if by.IsZero() {
				by = carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "unspecified"}
			}
			at := v.Day.In(time.UTC).Add(12*time.Hour + time.Duration(i))
			w.contacts = append(w.contacts, transition.Contact{At: at, Mode: mode, Reached: !v.Attempt, By: by})
		}
		if v.Attempt {
			continue
		}
		if v.Kind == ServiceMedRec && in.MedRec.IsZero() {
			in.MedRec = v.Day
		}
		if slices.Contains(rules.Visits, v.Kind) {
			w.visits = append(w.visits, int32(i))
		}
	}
	in.Contacts = w.contacts
	if len(w.visits) == 0 {
		return transition.DecideTCM(ev, in, rules.Calendar)
	}
	// By day, the highest MDM first on a day, so that the order of the input does not matter.
	slices.SortStableFunc(w.visits, func(a, b int32) int {
		if c := svcs[a].day.Compare(svcs[b].day); c != 0 {
			return c
		}
		return cmp.Compare(fuMDMRank(w.services[svcs[b].idx].MDM), fuMDMRank(w.services[svcs[a].idx].MDM))
	})
	var best transition.TCMDecision
	for n, i := range w.visits {
		in.Visit, in.MDM = svcs[i].day, w.services[svcs[i].idx].MDM
		dec, err := transition.DecideTCM(ev, in, rules.Calendar)
		if err != nil {
			return dec, err
		}
		if n == 0 || fuTCMRank(dec.Code) > fuTCMRank(best.Code) {
			best = dec
		}
	}
	return best, nil
}

// fuMDMRank orders the MDM levels, lowest first, none lowest of all.
func fuMDMRank(m transition.MDM) int { return slices.Index(transition.MDMs(), m) }

// fuTCMRank orders the codes: 99496 over 99495 over none.
func fuTCMRank(c transition.TCMCode) int {
	switch c {
	case transition.TCM99496:
		return 2
	case transition.TCM99495:
		return 1
	}
	return 0
}

// fuTCMStatus turns a decision after stay s into a status, a reason and the day that decided:
// excluded for a rule that makes the discharge ineligible, in the numerator for a code, in the
// denominator with the first rule 99495 failed otherwise.
func fuTCMStatus(dec *transition.TCMDecision, s *Stay, died civil.Date) (Status, Reason, civil.Date) {
	for _, r := range dec.Failed99495 {
		switch r {
		case transition.TCMRuleAlive:
			return Excluded, ReasonDied, died
		case transition.TCMRuleDestination:
			if s.Disposition.Destination() == transition.DestExpired {
				return Excluded, ReasonDied, s.Discharged
			}
			return Excluded, Reason(r), civil.Date{}
		case transition.TCMRuleDischarged, transition.TCMRuleSetting, transition.TCMRuleOnePerPeriod:
			return Excluded, Reason(r), civil.Date{}
		}
	}
	switch dec.Code {
	case transition.TCM99496:
		return InNumerator, ReasonTCM99496, dec.DateOfService
	case transition.TCM99495:
		return InNumerator, ReasonTCM99495, dec.DateOfService
	}
	var why Reason
	if len(dec.Failed99495) > 0 {
		why = Reason(dec.Failed99495[0])
	}
	return InDenominator, why, civil.Date{}
}
