package main

import (
	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/metrics"
)

// The PQA drug classes of the Part D adherence measures, as the fills name them. Each patient
// on therapy takes one drug of one class, so the fills' Drug is the class: overlapping fills
// shift forward (PQA's same-drug rule).
var drugClasses = [3]string{"statins", "ras-antagonists", "diabetes"}

// medications adds the patient's fills from 1 January of the first year up to day end (their
// death, or the end of the horizon): a class, a 30- or 90-day supply, and a refill behaviour
// (how many days late the next fill may come: from 2 days early to the class's gap, uniformly).
// The patient is already on therapy at the start, so the first fill falls at a random point of
// a supply begun before it; the fills before 1 January are not kept (PQA counts only fills in
// the period).
func (s *simulator) medications(idx int, id carecoord.PatientID, end int) {
	r, m := s.meds, s.m
	r.reset(s.base, idx, streamMeds)
	if !r.chance(m.OnTherapy) {
		return
	}
	class := drugClasses[r.pick3(m.Statins, m.RAS)]
	supply := 30
	if r.chance(m.Supply90) {
		supply = 90
	}
	gap := [3]int{m.GapAdherent, m.GapPartial, m.GapPoor}[r.pick3(m.Adherent, m.Partial)]
	for n, day := 0, -r.IntN(supply); day < end; n++ {
		if day >= 0 {
			s.rec.fills = append(s.rec.fills, metrics.Fill{ID: s.fillIDs.at(n), Patient: id, Class: class, Drug: class,
				Day: s.h.first.AddDays(day), DaysSupply: supply})
		}
		if r.chance(m.StopPerFill) {
			return
		}
		day += supply + r.between(-2, gap)
	}
}
