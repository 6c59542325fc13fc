package main

import (
	"fmt"
	"strings"

	"github.com/carecoord/carecoord/careplan"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/referral"
	"github.com/carecoord/carecoord/transition"
)

// measure is day 30: the window of every 30-day measure has closed, and the measures a
// value-based contract reads are computed over her records, each with the evidence that
// decided it. One patient makes every rate a rate of one; the same calls take a population.
func (s *story) measure() error {
	s.day(date(30), "30 days after discharge: the measures (metrics)")
	// Her stays are every ended event the ADT feed recorded for her: a readmission would be
	// one more.
	events, err := s.adt.Events().List(s.ctx, transition.EventQuery{Patient: patient})
	if err != nil {
		return fmt.Errorf("listing her stays: %w", err)
	}
	var stays []metrics.Stay
	for _, e := range events {
		if stay, ok := metrics.StayFromEvent(e); ok {
			stays = append(stays, stay)
		}
	}
	evidence := metrics.Options{Evidence: true}
	year := date(0).Year()

	s.out.line(2, "Over her records alone (the same calls take a population); evidence: why, or who was not met.")
	s.out.printf(measureRow, "measure (source)", "rate", "evidence")
	readmitted, err := metrics.Readmissions(stays, metrics.PCR(year), evidence)
	if err != nil {
		return fmt.Errorf("readmissions: %w", err)
	}
	s.result("readmitted within 30 days (HEDIS PCR)", readmitted)
	labels := []string{"admission notice, days 0-2", "discharge information, days 0-2",
		"patient engagement, days 1-30", "medication reconciliation, 0-30"}
	for i, rules := range metrics.TRC(year) {
		res, err := metrics.FollowUp(stays, s.services, rules, evidence)
		if err != nil {
			return fmt.Errorf("%s: %w", rules.Measure, err)
		}
		s.result("HEDIS TRC "+labels[i], res)
	}
	tcm, err := metrics.TCMCompletion(stays, s.services, metrics.TCM(year, s.cal), evidence)
	if err != nil {
		return fmt.Errorf("TCM completion: %w", err)
	}
	s.result("TCM completion (CMS MLN908628)", tcm)

	refs, err := s.refs.List(s.ctx, referral.Query{Patient: patient})
	if err != nil {
		return fmt.Errorf("listing referrals: %w", err)
	}
	var records, specialist []metrics.ReferralRecord
	for _, r := range refs {
		rec := metrics.ReferralRecordOf(r, s.loc)
		records = append(records, rec)
		if r.Kind == referral.KindSpecialist {
			specialist = append(specialist, rec)
		}
	}
	september := civil.Range{Start: civil.MustParse("2026-09-01"), End: civil.MustParse("2026-09-30")}
	closed, err := metrics.ClosedLoop(records, september, evidence)
	if err != nil {
		return fmt.Errorf("closed loops: %w", err)
	}
	s.result("referral loops closed (after CMS50)", closed)
	wait, err := metrics.TimeToAppointment(specialist, september, evidence)
	if err != nil {
		return fmt.Errorf("time to appointment: %w", err)
	}
	days := "no appointment yet"
	if median, ok := wait.Days.Median(); ok {
		p90, _ := wait.Days.P90()
		days = fmt.Sprintf("days to it: median %d, p90 %d (nearest rank)", median, p90)
	}
	s.out.printf(measureRow, "specialist appointment given", wait.Rate(), days)
	made, loop, err := metrics.ScreenReferrals([]metrics.Screen{s.screen}, records, september,
		metrics.Window{From: 0, To: 30}, metrics.Window{From: 0, To: 30}, evidence)
	if err != nil {
		return fmt.Errorf("screen referrals: %w", err)
	}
	s.result("positive screen, referral in 30 days (SNS-E)", made)
	s.result("positive screen, a loop closed in 30 days", loop)

	if err := s.carePlanMeasures(evidence); err != nil {
		return err
	}
	return s.auditTrail()
}

// carePlanMeasures measures the care plan: the gaps open when the worklist caught the missed
// visit that are closed now, and the appointments kept of those expected. The plan as it stood
// that morning comes from the store's history, not from memory.
func (s *story) carePlanMeasures(evidence metrics.Options) error {
	versions, err := s.plans.History(s.ctx, planID)
	if err != nil {
		return fmt.Errorf("care plan history: %w", err)
	}
	var then careplan.CarePlan
	for _, v := range versions {
		if !v.UpdatedAt.After(s.gapsFound) {
			then = v
		}
	}
	if then.Version == 0 {
		return fmt.Errorf("no version of the care plan before the worklist ran")
	}
	now := versions[len(versions)-1]
	period := civil.Range{Start: civilDay(s.gapsFound, s.loc), End: date(30)}
	gaps, err := metrics.CareGapClosure([]careplan.CarePlan{then}, []careplan.CarePlan{now}, period,
		careplan.GapPolicy{Location: s.loc}, evidence)
	if err != nil {
		return fmt.Errorf("care-gap closure: %w", err)
	}
	s.result(fmt.Sprintf("care gaps of %s closed by %s (library)", short(period.Start), short(period.End)), gaps)
	kept, err := metrics.CarePlanAdherence([]careplan.CarePlan{now}, civil.Range{Start: date(0), End: date(30)}, s.loc, nil, evidence)
	if err != nil {
		return fmt.Errorf("care-plan adherence: %w", err)
	}
	s.result("care-plan adherence: appointments kept", kept)
	return nil
}

// measureRow lays out a measure: its name and source, its rate, the evidence.
const measureRow = "    %-44s %-5s %s\n"

// result prints one measure: its name and source, the rate, and the evidence that decided
// it: each subject's reason when there is one subject, and the subjects that did not meet
// the measure when there are several.
func (s *story) result(label string, r metrics.Result) {
	var why []string
	for _, e := range r.Evidence {
		if len(r.Evidence) > 1 && e.Status == metrics.InNumerator {
			continue
		}
		w := string(e.Reason)
		if !e.Decided.IsZero() {
			w += " " + short(e.Decided)
		}
		if len(r.Evidence) > 1 {
			_, subject, _ := strings.Cut(e.Subject, "/") // a plan's occurrences are "plan/activity"
			if subject == "" {
				subject = e.Subject
			}
			w = subject + " " + w
		}
		why = append(why, w)
	}
	s.out.printf(measureRow, label, r.Rate(), strings.Join(why, ", "))
}

// auditTrail prints what the stores kept: how many versions of each record (each with who
// made it and when), and the path of the referral that needed most work.
func (s *story) auditTrail() error {
	var kept []string
	for _, r := range []struct {
		id       string
		versions func() (int, error)
	}{
		{stayID, func() (int, error) { return historyLen(s.adt.Events().History(s.ctx, stayID)) }},
		{checklistID, func() (int, error) { return historyLen(s.adt.Checklists().History(s.ctx, checklistID)) }},
		{medsAtDischarge, func() (int, error) { return historyLen(s.meds.History(s.ctx, medsAtDischarge)) }},
		{medsAtHome, func() (int, error) { return historyLen(s.meds.History(s.ctx, medsAtHome)) }},
		{screenID, func() (int, error) { return historyLen(s.screens.History(s.ctx, screenID)) }},
		{planID, func() (int, error) { return historyLen(s.plans.History(s.ctx, planID)) }},
		{refCardiology, func() (int, error) { return historyLen(s.refs.History(s.ctx, refCardiology)) }},
		{refFood, func() (int, error) { return historyLen(s.refs.History(s.ctx, refFood)) }},
		{refRides, func() (int, error) { return historyLen(s.refs.History(s.ctx, refRides)) }},
	} {
		n, err := r.versions()
		if err != nil {
			return fmt.Errorf("history of %s: %w", r.id, err)
		}
		kept = append(kept, fmt.Sprintf("%s %d", r.id, n))
	}
	versions, err := s.refs.History(s.ctx, refEndocrinology)
	if err != nil {
		return fmt.Errorf("history of %s: %w", refEndocrinology, err)
	}
	var steps []string
	for _, v := range versions {
		step := string(v.Status)
		if v.Business != "" {
			step = string(v.Business)
		}
		if v.ClosedLoop() {
			step = "loop closed"
		}
		steps = append(steps, step)
	}
	s.out.line(2, fmt.Sprintf("Audit trail (each store's History keeps every version, who saved it and when): %s; "+
		"%s %d: %s.", strings.Join(kept, ", "), refEndocrinology, len(versions), strings.Join(steps, " → ")))
	return nil
}

// historyLen returns the number of versions a store's History returned, or its error.
func historyLen[T any](versions []T, err error) (int, error) { return len(versions), err }
