package main

import (
	"fmt"
	"strings"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/sdoh"
)

// screenSocialNeeds is the social-needs screen the coordinator asks on the call: the CMS
// Accountable Health Communities tool, validated, scored domain by domain with each rule's
// source, and turned into coded needs, which are suggestions for the care team to confirm,
// not diagnoses.
func (s *story) screenSocialNeeds() error {
	screener, err := sdoh.NewScreener()
	if err != nil {
		return fmt.Errorf("screener: %w", err)
	}
	at := s.at(4, 11, 0)
	never := "LA6270-8"
	r := sdoh.Response{
		Meta:       carecoord.Meta{ID: screenID, UpdatedAt: at, UpdatedBy: s.who.coordinator},
		Instrument: sdoh.AHCHRSN, InstrumentVersion: "2018",
		Patient: patient, Date: date(4), Respondent: sdoh.RespondentSelf, Language: s.lang,
		Answers: []sdoh.Answer{
			sdoh.Choose("71802-3", "LA31993-1"), // living situation: a steady place to live
			sdoh.Choose("96778-6", "LA9-3"),     // problems with the place: none of the above
			sdoh.Choose("88122-7", "LA6729-3"),  // worried food would run out: sometimes true
			sdoh.Choose("88123-5", "LA6729-3"),  // food didn't last: sometimes true
			sdoh.Choose("93030-5", "LA33-6"),    // transportation kept her from appointments: yes
			sdoh.Choose("96779-4", "LA32-8"),    // utilities threatened: no
			sdoh.Choose("95618-5", never),       // physically hurt
			sdoh.Choose("95617-7", never),       // insulted
			sdoh.Choose("95616-9", never),       // threatened
			sdoh.Choose("95615-1", never),       // screamed at
		},
	}
	if err := screener.Validate(r); err != nil {
		return fmt.Errorf("screen: %w", err)
	}
	if r, err = s.screens.Save(s.ctx, r); err != nil {
		return fmt.Errorf("saving the screen: %w", err)
	}
	res := screener.Score(r)
	s.needs = sdoh.Needs(res)
	s.screen = metrics.ScreenOf(r, res)

	p := s.screenText
	s.out.line(2, fmt.Sprintf("%s Social needs screen (CMS AHC HRSN tool, 2018; LOINC 96777-8): %s [%s]",
		s.clock(at), p.Status(res.Status), saved(r.Meta)))
	var negative []string
	for _, d := range res.Domains {
		if d.Status != sdoh.StatusPositive {
			negative = append(negative, p.Domain(d.Domain))
			continue
		}
		s.out.line(4, fmt.Sprintf("%s: %s (rule: %s).", p.Domain(d.Domain), p.Status(d.Status), d.Source))
	}
	s.out.line(4, fmt.Sprintf("%s: %s.", strings.Join(negative, ", "), p.Status(sdoh.StatusNegative)))

	s.out.line(2, s.text.Sprintf("screen.answers"))
	answers := map[string]string{}
	for _, a := range r.Answers {
		if len(a.Codes) > 0 {
			answers[a.Item] = a.Codes[0]
		}
	}
	for _, it := range res.Items {
		if it.Positive {
			s.out.line(4, fmt.Sprintf("“%s” %s", p.Question(r.Instrument, r.InstrumentVersion, it.Item),
				p.Answer(r.Instrument, r.InstrumentVersion, it.Item, answers[it.Item])))
		}
	}
	s.out.line(2, "Needs to confirm (a screen suggests; the care team decides), coded as on the screening day:")
	for _, n := range s.needs {
		var z, sct, services []string
		for _, c := range n.Conditions {
			z = append(z, c.Code)
		}
		for _, f := range n.Findings {
			sct = append(sct, f.Code)
		}
		for _, sv := range n.Services {
			services = append(services, p.Service(sv))
		}
		s.out.line(4, fmt.Sprintf("%s: ICD-10-CM %s, SNOMED CT %s → %s; %s", p.Need(n), strings.Join(z, ", "),
			strings.Join(sct, ", "), p.Goal(n.Goal), strings.Join(services, ", ")))
	}
	return nil
}

// need returns the screen's need of category c, with at least one ICD-10-CM code valid on the
// screening day, or an error when the screen found none.
func (s *story) need(c sdoh.Category) (sdoh.Need, error) {
	for _, n := range s.needs {
		if n.Category == c && len(n.Conditions) > 0 {
			return n, nil
		}
	}
	return sdoh.Need{}, fmt.Errorf("the screen found no coded %s need", c)
}
