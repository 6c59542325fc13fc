package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/transition"
)

// discharge is day 0. The hospital reconciles her medicines, the ADT feed records the
// discharge, the readmission risk (LACE) sets how closely she is followed, the post-discharge
// checklist gets its deadlines from the business-day calendar, and the discharge summary
// reaches her practice.
func (s *story) discharge() error {
	s.day(date(0), "discharge")
	if err := s.reconcileAtDischarge(); err != nil {
		return err
	}
	e, err := s.recordStay()
	if err != nil {
		return err
	}
	if err := s.startChecklist(e); err != nil {
		return err
	}
	summary := s.at(0, 17, 30)
	s.out.line(2, s.clock(summary)+" The discharge summary reaches the practice electronically.")
	s.services = append(s.services, metrics.Service{Patient: patient, Day: date(0), Kind: metrics.ServiceDischargeInfo, By: s.who.hospital})
	_, err = s.complete("discharge-info-received", summary, s.who.app, transition.EvidenceDocument, "discharge-summary-0904")
	return err
}

// Her diagnoses, in ICD-10-CM with their titles: the heart attack, her diabetes and her
// coronary disease.
func dxNSTEMI() carecoord.Coding {
	return icd10("I21.4", "Non-ST elevation (NSTEMI) myocardial infarction")
}
func dxDiabetes() carecoord.Coding {
	return icd10("E11.9", "Type 2 diabetes mellitus without complications")
}
func dxCAD() carecoord.Coding {
	return icd10("I25.10", "Atherosclerotic heart disease of native coronary artery without angina pectoris")
}

func icd10(code, title string) carecoord.Coding {
	return carecoord.Coding{System: carecoord.SystemICD10CM, Code: code, Display: title}
}

// recordStay saves the stay as the hospital's ADT feed reports it: the admission on Monday
// (version 1), then the discharge today (version 2) with the readmission-risk tier the
// hospital computed from LACE.
func (s *story) recordStay() (transition.Event, error) {
	admitted := s.at(-4, 22, 40)
	admission := transition.Event{
		Meta:        carecoord.Meta{ID: stayID, UpdatedAt: admitted, UpdatedBy: s.who.adt},
		Kind:        transition.KindAdmission,
		Patient:     patient,
		Facility:    s.who.hospital,
		Setting:     transition.SettingAcuteInpatient,
		Admitted:    admitted,
		Diagnoses:   []carecoord.Coding{dxNSTEMI(), dxDiabetes(), dxCAD()}, // the principal diagnosis first
		Attending:   s.who.hospitalist,
		PrimaryCare: s.who.practice,
	}.WithLocation(s.loc)
	if _, err := s.adt.Events().Save(s.ctx, admission); err != nil {
		return transition.Event{}, fmt.Errorf("saving the admission: %w", err)
	}
	// The ADT feed notifies the practice of the admission (HEDIS TRC's first indicator).
	s.services = append(s.services, metrics.Service{Patient: patient, Day: date(-4), Kind: metrics.ServiceAdmissionNotice, By: s.who.hospital})

	// LACE: length of stay, acuity, comorbidity (Charlson, from the stay's diagnoses), and
	// emergency visits in the six months before (one, for chest pain in June).
	var codes []string
	for _, d := range admission.Diagnoses {
		codes = append(codes, d.Code)
	}
	charlson, err := metrics.Charlson(codes, metrics.CharlsonOptions{})
	if err != nil {
		return transition.Event{}, fmt.Errorf("charlson index: %w", err)
	}
	lace, err := metrics.LACE(metrics.LACEInput{Admitted: date(-4), Discharged: date(0), Emergent: true,
		Charlson: charlson.Total, EDVisits: 1}, metrics.LACEOptions{})
	if err != nil {
		return transition.Event{}, fmt.Errorf("LACE: %w", err)
	}

	discharged := s.at(0, 14, 0)
	e, err := carecoord.Update(s.ctx, s.adt.Events(), stayID, discharged, s.who.adt, func(e transition.Event) (transition.Event, error) {
		e.Kind, e.Discharged, e.Disposition, e.Risk = transition.KindDischarge, discharged, transition.DispositionHome, lace.Tier
		return e, nil
	})
	if err != nil {
		return transition.Event{}, fmt.Errorf("saving the discharge: %w", err)
	}
	var dx []string
	for _, d := range e.Diagnoses {
		dx = append(dx, d.Code)
	}
	s.out.line(2, fmt.Sprintf("%s Discharged home (NUBC %s) from %s after %d days; ICD-10-CM %s. "+
		"The ADT feed saved the admission on %s, the discharge now [%s].",
		s.clock(e.Discharged), e.Disposition, e.Facility.Display, lace.Days, strings.Join(dx, ", "),
		short(e.AdmissionDate()), saved(e.Meta)))
	var comorbid []string
	for _, c := range charlson.Categories {
		comorbid = append(comorbid, strings.ReplaceAll(string(c.Category), "-", " "))
	}
	s.out.line(2, fmt.Sprintf("Readmission risk: LACE %d = L %d + A %d (emergent) + C %d (Charlson: %s) + "+
		"E %d (ED visits in 6 months): %s, so the follow-up visit is due within 7 days, not 14 (van Walraven, CMAJ 2010; "+
		"tiers 0-4, 5-9, 10+).", lace.Total, lace.L, lace.A, lace.C, strings.Join(comorbid, ", "), lace.E, lace.Tier))
	return e, nil
}

// startChecklist makes the post-discharge checklist of her risk tier, saves it, and prints its
// deadlines, with why the contact falls due on Wednesday.
func (s *story) startChecklist(e transition.Event) error {
	spec := transition.PostDischargeTemplate(e.Risk, transition.PostDischargeOptions{})
	tpl, err := transition.NewTemplate(spec)
	if err != nil {
		return fmt.Errorf("checklist template: %w", err)
	}
	c, err := transition.Instantiate(tpl, e, s.cal)
	if err != nil {
		return fmt.Errorf("checklist: %w", err)
	}
	c.Meta = carecoord.Meta{ID: checklistID, UpdatedAt: e.Discharged, UpdatedBy: s.who.app}
	if c, err = s.adt.Checklists().Save(s.ctx, c); err != nil {
		return fmt.Errorf("saving the checklist: %w", err)
	}
	s.out.line(2, s.text.Sprintf("checklist.heading", s.checklistText.Purpose(c.Purpose))+
		fmt.Sprintf(" [template %s; %s]", tpl.ID(), saved(c.Meta)))
	// Due day, rule and title; the title, in her language, is wrapped in its column.
	const row, titleAt = "    %-10s  %-33s  %s\n", 4 + 10 + 2 + 33 + 2
	s.out.printf(row, s.text.Sprintf("column.due"), s.text.Sprintf("column.rule"), s.text.Sprintf("column.item"))
	for _, it := range c.Items {
		title := wrap(s.checklistText.Title(it.Key), width-titleAt, width-titleAt)
		s.out.printf(row, it.DueDay, it.Rule, title[0])
		for _, more := range title[1:] {
			s.out.printf(row, "", "", more)
		}
	}

	const contact = "interactive-contact"
	skipped, err := transition.Skipped(c, contact, s.cal)
	if err != nil {
		return fmt.Errorf("explaining the contact deadline: %w", err)
	}
	it, _ := c.Item(contact)
	var why []string
	for _, d := range skipped {
		why = append(why, fmt.Sprintf("%s %s (%s)", weekday(d.Date), short(d.Date), d.Why))
	}
	var source string
	for _, is := range spec.Items {
		if is.Key == contact {
			source = is.Source
		}
	}
	s.out.line(2, fmt.Sprintf("Why the contact is due %s %s: %q counts from the day after discharge and "+
		"skips %s (civil.USFederal: 5 U.S.C. § 6103). Source: %s.",
		weekday(it.DueDay), short(it.DueDay), it.Rule.String(), strings.Join(why, ", "), source))
	return nil
}

// complete records a checklist item as done, with the record that shows it, saves the new
// version of the checklist, and prints how the item stands against its deadline.
func (s *story) complete(key transition.ItemKey, at time.Time, by carecoord.Actor, kind transition.EvidenceKind, ref string) (transition.Checklist, error) {
	ev := transition.Evidence{Kind: kind, Ref: kind.ResourceType() + "/" + ref}
	c, err := carecoord.Update(s.ctx, s.adt.Checklists(), checklistID, at, by, func(c transition.Checklist) (transition.Checklist, error) {
		return transition.Complete(c, key, at, by, ev)
	})
	if err != nil {
		return c, fmt.Errorf("checklist item %s: %w", key, err)
	}
	it, _ := c.Item(key)
	state, _ := it.State(at)
	s.out.line(4, fmt.Sprintf("✓ %s [%s]", s.text.Sprintf("item.state", s.checklistText.Title(key),
		s.checklistText.State(state), short(it.DueDay)), saved(c.Meta)))
	return c, nil
}
