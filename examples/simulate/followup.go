package main

import (
	"time"

	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/transition"
)

// The post-discharge checklist items the programs complete (transition.PostDischargeTemplate).
const (
	itemContact = transition.ItemKey("interactive-contact")
	itemVisit   = transition.ItemKey("follow-up-visit")
	itemMedRec  = transition.ItemKey("medication-reconciliation")
)

// maxCalls is the most calls a program may make after a discharge; planDraws the uniform
// numbers a plan is decided from (call or not, first day, one per call, visit within 7 days,
// its day, a later visit, its day, reconciliation, MDM).
const (
	maxCalls  = 3
	planDraws = 8 + maxCalls
)

// A plan is the care a program gives after one discharge home, decided at discharge from
// uniform numbers every program shares: the calls (their days, and whether each reaches the
// patient), the visit day, whether the medication reconciliation is documented at the visit,
// and the visit's medical decision making. It is carried out on the post-discharge checklist
// up to the next admission or death: what would have come after does not happen.
type plan struct {
	active bool
	event  transition.Event // the discharge
	tier   int
	calls  [maxCalls]call
	nCalls int
	visit  civil.Date // zero: no visit within 30 days
	medRec bool
	mdm    transition.MDM
}

// A call is one call to the patient: its day, and whether it reached them.
type call struct {
	day     civil.Date
	reached bool
}

// decide makes the program's plan for the discharge ev from the shared uniform numbers u. A
// program with a higher share or an earlier range gives the same patient the same or better
// care: the numbers are compared with each program's shares.
func (s *simulator) decide(u [planDraws]float64, ev transition.Event, tier int) plan {
	pr, m := s.prog, s.m
	p := plan{active: true, event: ev, tier: tier}
	discharged := ev.DischargeDate()
	if u[0] < pr.CallShare {
		first := scaled(u[1], 1, pr.FirstCallWithin)
		for i := range pr.Calls {
			c := call{day: s.cal.AddBusinessDays(discharged, first+i), reached: u[2+i] < m.ReachShare}
			p.calls[i], p.nCalls = c, i+1
			if c.reached {
				break
			}
		}
	}
	switch v := 2 + maxCalls; {
	case u[v] < pr.Visit7Share:
		p.visit = discharged.AddDays(scaled(u[v+1], pr.VisitFrom, 7))
	case u[v+2] < pr.VisitLateShare:
		p.visit = discharged.AddDays(scaled(u[v+3], 8, 30))
	}
	p.medRec = u[6+maxCalls] < pr.MedRecShare
	switch mdm := u[7+maxCalls]; {
	case mdm < pr.HighMDM:
		p.mdm = transition.MDMHigh
	case mdm < pr.HighMDM+pr.LowMDM:
		p.mdm = transition.MDMLow
	default:
		p.mdm = transition.MDMModerate
	}
	return p
}

// seenWithin7 reports whether the plan has a visit within 7 days of discharge and before a
// readmission readmitDay days after it.
func (p *plan) seenWithin7(readmitDay int) bool {
	if !p.active || p.visit.IsZero() {
		return false
	}
	days := p.visit.DaysSince(p.event.DischargeDate())
	return days <= 7 && days < readmitDay
}

// carryOut does p on a post-discharge checklist up to cutoff (the next admission or death;
// zero for none): the calls (an attempt for each that did not reach the patient), the visit
// and the reconciliation. Then it records the checklist as the measures see it: whether the
// contact was on time (evaluated 30 days after discharge, or at cutoff if sooner) and the
// services it shows (metrics.AppendChecklistServices), with the visit's MDM, which a
// checklist does not hold.
func (s *simulator) carryOut(p *plan, cutoff time.Time) error {
	if !p.active {
		return nil
	}
	p.active = false
	c, err := transition.AppendInstantiate(s.items, s.post[p.tier], p.event, s.cal)
	if err != nil {
		return err
	}
	s.items = c.Items
	before := func(at time.Time) bool { return cutoff.IsZero() || at.Before(cutoff) }
	for _, call := range p.calls[:p.nCalls] {
		at := call.day.In(time.UTC).Add(callHour)
		if !before(at) {
			break
		}
		if call.reached {
			c, err = transition.Complete(c, itemContact, at, coordinator, callRecord)
		} else {
			c, err = transition.Attempt(c, itemContact, at, coordinator)
		}
		if err != nil {
			return err
		}
	}
	if at := p.visit.In(time.UTC).Add(visitHour); !p.visit.IsZero() && before(at) {
		if c, err = transition.Complete(c, itemVisit, at, practice, visitRecord); err != nil {
			return err
		}
		if p.medRec {
			if c, err = transition.Complete(c, itemMedRec, at.Add(30*time.Minute), practice, medList); err != nil {
				return err
			}
		}
	}
	s.recordChecklist(&c, p, cutoff)
	return nil
}

// recordChecklist adds the checklist's contact and services to the chunk's records.
func (s *simulator) recordChecklist(c *transition.Checklist, p *plan, cutoff time.Time) {
	discharged := p.event.DischargeDate()
	if y := s.h.yearOf(discharged); y >= 0 {
		s.rec.checklists[y]++
		now := p.event.Discharged.AddDate(0, 0, 30)
		if !cutoff.IsZero() && cutoff.Before(now) {
			now = cutoff
		}
		s.results, _ = transition.AppendEvaluate(s.results[:0], c, now)
		for _, it := range s.results {
			if it.Key != itemContact {
				continue
			}
			switch it.State {
			case transition.StateDoneOnTime:
				s.rec.contact[y].Numerator++
				s.rec.contact[y].Denominator++
			case transition.StateDoneLate, transition.StateDoneEarly, transition.StateOverdue:
				s.rec.contact[y].Denominator++
			}
		}
	}
	n := len(s.rec.services)
	s.rec.services = metrics.AppendChecklistServices(s.rec.services, *c, time.UTC, nil)
	for i := n; i < len(s.rec.services); i++ {
		if s.rec.services[i].Kind == metrics.ServiceVisit {
			s.rec.services[i].MDM = p.mdm
		}
	}
}
