package main

import (
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/referral"
	"github.com/carecoord/carecoord/sdoh"
)

// The core needs of the AHC HRSN screen, in the order the model draws them.
const (
	needHousing = iota
	needFood
	needTransport
	needUtilities
	needSafety
	needs
)

// ahcAnswers are the answers the simulator gives to the ten core items of the CMS AHC HRSN
// screen (LOINC item and answer codes of sdoh's built-in table), each as one shared,
// read-only slice of answer codes: for a need, an answer the tool underlines; without it, the
// answer that rules it out.
type ahcAnswers struct {
	steady, worried, noProblems []string // living situation, housing quality
	never, sometimes            []string // the two food items (Hunger Vital Sign)
	yes, no                     []string // transportation, utilities
	hitsNever, hitsSometimes    []string // the four HITS safety items: 1 or 3 points each
}

func newAHCAnswers() ahcAnswers {
	return ahcAnswers{
		steady: []string{"LA31993-1"}, worried: []string{"LA31994-9"}, noProblems: []string{"LA9-3"},
		never: []string{"LA28398-8"}, sometimes: []string{"LA6729-3"},
		yes: []string{"LA33-6"}, no: []string{"LA32-8"},
		hitsNever: []string{"LA6270-8"}, hitsSometimes: []string{"LA10082-8"},
	}
}

// The ten core items: living situation, housing quality, two food items, transportation,
// utilities and the four HITS items.
var ahcItems = [10]string{"71802-3", "96778-6", "88122-7", "88123-5", "93030-5", "96779-4", "95618-5", "95617-7", "95616-9", "95615-1"}

// answer returns the codes of item i of ahcItems for the needs drawn.
func (a *ahcAnswers) answer(i int, need *[needs]bool) []string {
	pick := func(has bool, yes, no []string) []string {
		if has {
			return yes
		}
		return no
	}
	switch i {
	case 0:
		return pick(need[needHousing], a.worried, a.steady)
	case 1:
		return a.noProblems
	case 2:
		return pick(need[needFood], a.sometimes, a.never)
	case 3:
		return a.never
	case 4:
		return pick(need[needTransport], a.yes, a.no)
	case 5:
		return pick(need[needUtilities], a.yes, a.no)
	}
	return pick(need[needSafety], a.hitsSometimes, a.hitsNever) // 4 × 3 = 12 > 10: positive
}

// screen simulates year y's AHC HRSN screen of a patient alive on its day (a uniformly drawn
// day of the year, before end): it draws the needs, answers the ten core items, scores the
// response with sdoh's Screener (as a practice would, so the measures read what the library
// decides, not what was drawn) and refers each need the screen shows to a community
// organisation, with probability Refer.
func (s *simulator) screen(idx int, id carecoord.PatientID, y, end int) error {
	r := s.yearly
	r.reset(s.base, idx, streamScreen+y)
	year := s.h.years[y]
	day := s.h.start[y] + r.IntN(year.Days())
	if day >= end {
		return nil
	}
	need := s.drawNeeds()
	declined := -1
	if r.chance(s.m.Decline) {
		declined = r.IntN(len(ahcItems))
	}
	s.answers = s.answers[:0]
	for i, item := range ahcItems {
		if i == declined {
			s.answers = append(s.answers, sdoh.Skip(item, sdoh.AbsentDeclined))
			continue
		}
		s.answers = append(s.answers, sdoh.Answer{Item: item, Codes: s.ahc.answer(i, &need)})
	}
	resp := sdoh.Response{Meta: carecoord.Meta{ID: s.screenIDs.at(y)}, Instrument: sdoh.AHCHRSN, InstrumentVersion: "2018",
		Patient: id, Date: s.h.first.AddDays(day), Respondent: sdoh.RespondentSelf, Language: "en", Answers: s.answers}
	s.screener.ScoreInto(&s.scored, &resp)
	screen := metrics.ScreenOf(resp, s.scored)
	s.rec.screens = append(s.rec.screens, screen)
	for _, c := range screen.Categories {
		if r.chance(s.m.Refer) {
			if err := s.communityReferral(id, c, screen.Date.In(time.UTC)); err != nil {
				return err
			}
		}
	}
	return nil
}

// drawNeeds draws the core needs of one screen: none, or (with probability AnyNeed) each need
// with its share among screens with any, at least one (when none was drawn, one is chosen in
// proportion to the shares), so that both the share with any need and each need's share
// among them match the AHC figures.
func (s *simulator) drawNeeds() [needs]bool {
	r, m := s.yearly, s.m
	var need [needs]bool
	if !r.chance(m.AnyNeed) {
		return need
	}
	shares := [needs]float64{m.Housing, m.Food, m.Transport, m.Utilities, m.Safety}
	total, any := 0.0, false
	for i, p := range shares {
		need[i] = r.chance(p)
		any = any || need[i]
		total += p
	}
	if any || total == 0 {
		return need
	}
	x := float64(r.Float64() * total) // rounded here: never fused with the subtraction below
	for i, p := range shares {
		if x < p || i == needs-1 {
			need[i] = true
			break
		}
		x -= p
	}
	return need
}

// communityReferral sends a community (SDOH-CC) referral for need category c, on the day of
// the screen or up to 3 days after, and plays its events: accepted or rejected (no capacity)
// 1 to 7 days later; once accepted, the service delivered 7 to 45 days later; then the outcome
// acknowledged 0 to 10 days after it.
func (s *simulator) communityReferral(id carecoord.PatientID, c sdoh.Category, screened time.Time) error {
	r, m := s.yearly, s.m
	sent := screened.Add(days(r.IntN(4)) + 9*time.Hour)
	ref := s.newReferral(id, referral.ProfileSDOHCC, referral.KindCommunity, communityOrg, c.Coding(), sent)
	ev := eventLog{ids: s.eventIDs, events: s.events[:0]}
	decided := sent.Add(days(r.between(1, 7)))
	if !r.chance(m.CommunityAccept) {
		ev.status(communityOrg, referral.Performer, referral.StatusRejected, decided, noCapacity)
	} else {
		ev.status(communityOrg, referral.Performer, referral.StatusAccepted, decided, carecoord.Coding{})
		if r.chance(m.CommunityOutcome) {
			done := decided.Add(days(r.between(7, 45)))
			ev.outcome(communityOrg, done, referral.Outcome{Result: c.Coding(), At: done, By: communityOrg})
			if r.chance(m.CommunityAck) {
				ev.acknowledge(coordinator, done.Add(days(r.between(0, 10))+time.Hour))
			}
		}
	}
	s.events = ev.events
	ref, err := s.play(ref, ev.events)
	if err != nil {
		return err
	}
	s.rec.community = append(s.rec.community, metrics.ReferralRecordOf(ref, time.UTC))
	return nil
}

// noCapacity is the SDOH-CC reason a community organisation declines a referral it has no
// room for.
var noCapacity = carecoord.Coding{System: carecoord.SystemSDOHCCTemporary, Code: "no-capacity"}
