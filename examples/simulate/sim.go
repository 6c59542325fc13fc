package main

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/referral"
	"github.com/carecoord/carecoord/sdoh"
	"github.com/carecoord/carecoord/transition"
)

// A horizon is the simulated period: whole calendar years, day 0 being 1 January of the
// first.
type horizon struct {
	first civil.Date
	years []civil.Range
	start []int // the day index of each year's 1 January
	days  int
}

func newHorizon(firstYear, years int) horizon {
	h := horizon{first: civil.MustParse(fmt.Sprintf("%04d-01-01", firstYear))}
	for y := range years {
		start := h.first.AddDays(h.days)
		end := civil.MustParse(fmt.Sprintf("%04d-12-31", firstYear+y))
		h.years = append(h.years, civil.Range{Start: start, End: end})
		h.start = append(h.start, h.days)
		h.days += end.DaysSince(start) + 1
	}
	return h
}

// yearOf returns the index of the year holding day, or -1 when it is outside the horizon.
func (h *horizon) yearOf(day civil.Date) int {
	for y, r := range h.years {
		if r.Contains(day) {
			return y
		}
	}
	return -1
}

// end is the instant the horizon ends: midnight after its last day.
func (h *horizon) end() time.Time { return h.first.AddDays(h.days).In(time.UTC) }

// Records are what one chunk of patients produced under one program: the plain records the
// measures read, reused from chunk to chunk. Facilities, practices and organisations are all
// in UTC, so that every instant's day is its UTC day.
type records struct {
	first      int // the index of the chunk's first patient
	patients   []carecoord.PatientID
	deaths     []civil.Date // the day each patient died, zero when they did not
	spans      []metrics.EnrollmentSpan
	stays      []metrics.Stay
	services   []metrics.Service
	fills      []metrics.Fill
	screens    []metrics.Screen
	community  []metrics.ReferralRecord
	specialist []metrics.ReferralRecord
	specRefs   []referral.Referral // the specialist referrals themselves, for their deadlines
	// contact is, by year of discharge, the interactive contacts of the post-discharge
	// checklists: due by then (denominator) and done on time (numerator); checklists counts
	// the checklists, for the program's cost.
	contact    []metrics.Tally
	checklists []int64
}

// reset empties r for a chunk of patients over years, with room for the records such a chunk
// usually makes (growing a slice of records, which hold pointers, costs the collector more
// than making it once).
func (r *records) reset(first int, patients []carecoord.PatientID, years int) {
	n := len(patients) * years
	r.first, r.patients = first, patients
	r.deaths = append(r.deaths[:0], make([]civil.Date, len(patients))...)
	r.spans = slices.Grow(r.spans[:0], len(patients))
	r.stays, r.services = slices.Grow(r.stays[:0], n/2), slices.Grow(r.services[:0], n/2)
	r.fills = slices.Grow(r.fills[:0], n*10)
	r.screens, r.community = slices.Grow(r.screens[:0], n), slices.Grow(r.community[:0], n/2)
	r.specialist = slices.Grow(r.specialist[:0], n/2)
	clear(r.specRefs) // drop the referrals' slices for the collector
	r.specRefs = r.specRefs[:0]
	r.contact = append(r.contact[:0], make([]metrics.Tally, years)...)
	r.checklists = append(r.checklists[:0], make([]int64, years)...)
}

// The actors of the simulation, and the evidence its checklist items are completed with.
// Names of roles only: nothing here identifies a person.
var (
	coordinator  = carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "care-coordinator"}
	practice     = carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "primary-care"}
	specialty    = carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "specialty-clinic"}
	communityOrg = carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "community-org"}
	callRecord   = transition.Evidence{Kind: transition.EvidenceCommunication, Ref: "Communication/call"}
	visitRecord  = transition.Evidence{Kind: transition.EvidenceEncounter, Ref: "Encounter/visit"}
	medList      = transition.Evidence{Kind: transition.EvidenceMedication, Ref: "List/medications"}
)

// ids are the ids of one kind of a patient's records ("s1", "s2"... for stays), made once: a
// record's id need only be unique within its patient.
type ids struct {
	prefix string
	made   []string
}

func newIDs(prefix string, n int) ids {
	t := ids{prefix: prefix, made: make([]string, n)}
	for i := range t.made {
		t.made[i] = prefix + strconv.Itoa(i+1)
	}
	return t
}

// at returns the id of the record with index i.
func (t ids) at(i int) string {
	if i < len(t.made) {
		return t.made[i]
	}
	return t.prefix + strconv.Itoa(i+1)
}

// A simulator simulates patients one at a time under one program. It belongs to one worker:
// its streams and buffers are reused from patient to patient.
type simulator struct {
	m        *Model
	prog     *Program
	h        *horizon
	cal      civil.Calendar
	screener *sdoh.Screener
	post     [3]transition.Template // the post-discharge checklist by frailty class
	ahc      ahcAnswers
	base     uint64 // the replicate's seed word
	rec      *records

	traits, daily, meds, stay, yearly *stream

	stayIDs, fillIDs, refIDs, screenIDs, eventIDs ids

	items   []transition.Item
	results []transition.ItemResult
	answers []sdoh.Answer
	scored  sdoh.Result
	events  []referral.Event
	refs    int // referrals made for the current patient
}

// The frailty classes, as the readmission-risk tiers of the transition package.
var tiers = [3]transition.RiskTier{transition.RiskLow, transition.RiskModerate, transition.RiskHigh}

func newSimulator(m *Model, h *horizon, screener *sdoh.Screener) (*simulator, error) {
	s := &simulator{
		m: m, h: h, cal: civil.USFederal(), screener: screener, ahc: newAHCAnswers(),
		traits: newStream(), daily: newStream(), meds: newStream(), stay: newStream(), yearly: newStream(),
		stayIDs: newIDs("s", 64), fillIDs: newIDs("f", 256), refIDs: newIDs("r", 64), screenIDs: newIDs("x", maxYears), eventIDs: newIDs("e", 8),
	}
	for i, t := range tiers {
		tpl, err := transition.NewTemplate(transition.PostDischargeTemplate(t, transition.PostDischargeOptions{}))
		if err != nil {
			return nil, err
		}
		s.post[i] = tpl
	}
	return s, nil
}

// start points s at a replicate, a program and a chunk's records.
func (s *simulator) start(seed uint64, replicate int, prog *Program, rec *records) {
	s.base, s.prog, s.rec = replicateSeed(seed, replicate), prog, rec
}

// patient simulates the patient at index i of the chunk over the whole horizon: their stays
// and the care after each, then their medication fills, screens and referrals up to the day
// they died, if they did.
func (s *simulator) patient(i int) error {
	idx, id := s.rec.first+i, s.rec.patients[i]
	s.refs = 0
	t := s.drawTraits(idx)
	died, err := s.hospital(idx, id, t)
	if err != nil {
		return err
	}
	end, last := s.h.days, s.h.days-1 // the first day not lived, the last day enrolled
	if died >= 0 {
		end, last = min(died, end), min(died, last) // a stay may end after the horizon
		s.rec.deaths[i] = s.h.first.AddDays(died)
	}
	s.rec.spans = append(s.rec.spans, metrics.EnrollmentSpan{Patient: id, Range: civil.Range{Start: s.h.first, End: s.h.first.AddDays(last)}})
	s.medications(idx, id, end)
	for y := range s.h.years {
		if err := s.screen(idx, id, y, end); err != nil {
			return err
		}
		if err := s.specialistReferrals(idx, id, y, end); err != nil {
			return err
		}
	}
	return nil
}

// Traits are what a patient brings: age at the start, frailty class (0 low, 1 moderate, 2
// high) and a personal factor from 0.75 to 1.25 on their admission rate.
type traits struct {
	age, tier int
	factor    float64
}

func (s *simulator) drawTraits(idx int) traits {
	r := s.traits
	r.reset(s.base, idx, streamTraits)
	var t traits
	switch r.pick3(s.m.Age6574, s.m.Age7584) {
	case 0:
		t.age = r.between(65, 74)
	case 1:
		t.age = r.between(75, 84)
	default:
		t.age = r.between(85, 99)
	}
	t.tier = [3]int{0, 2, 1}[r.pick3(s.m.TierLow, s.m.TierHigh)]
	t.factor = float64(0.5*r.Float64()) + 0.75
	return t
}

// hazards returns the daily probabilities of an admission and of dying out of hospital for a
// patient of age with traits t, as thresholds for a uniform 32-bit number: p becomes ⌈p·2³²⌉
// (at most 2³² − 1, as Validate keeps the rates small), which a draw is below with
// probability p, to within 2⁻³².
func (s *simulator) hazards(t traits, age int) (admit, death uint32) {
	m := s.m
	band := 0
	switch {
	case age >= 85:
		band = 2
	case age >= 75:
		band = 1
	}
	a := m.AdmitsPer1000 / 1000 / 365.25 * [3]float64{m.AdmitLow, m.AdmitModerate, m.AdmitHigh}[t.tier] *
		[3]float64{m.Admit6574, m.Admit7584, m.Admit85}[band] * t.factor
	d := [3]float64{m.Death6574, m.Death7584, m.Death85}[band] / 365.25
	return threshold(a), threshold(d)
}

// threshold returns ⌈p·2³²⌉ for a daily probability p from 0 to 1/8: scaling by a power of two
// and rounding up are exact, so every machine gets the same number.
func threshold(p float64) uint32 { return uint32(math.Ceil(p * (1 << 32))) }

// hospital walks the horizon one day at a time: on each day at home the patient is admitted
// (a scheduled readmission, or the daily admission probability), dies, or neither. One
// uniform 32-bit number is drawn every day (two from each PCG output), at home or not, so that
// the days line up across programs: admitted when it is below the admission threshold, dead
// when its complement is below the death threshold. It returns the day the patient died, or
// -1.
func (s *simulator) hospital(idx int, id carecoord.PatientID, t traits) (int, error) {
	s.daily.reset(s.base, idx, streamDaily)
	src := &s.daily.src
	var (
		fu             plan // the care after the last discharge home, carried out at the next admission
		free, readmit  = 0, -1
		admit, death   uint32
		year, nextYear = -1, 0
		k              int
		draws          uint64
	)
	for day := range s.h.days {
		if day == nextYear {
			year++
			admit, death = s.hazards(t, t.age+year)
			nextYear = s.h.days
			if year+1 < len(s.h.start) {
				nextYear = s.h.start[year+1]
			}
		}
		if day&1 == 0 {
			draws = src.Uint64()
		}
		u := uint32(draws >> (32 * (day & 1)))
		if day < free {
			continue
		}
		switch {
		case day == readmit || u < admit:
			if err := s.carryOut(&fu, s.h.first.AddDays(day).In(time.UTC).Add(admitHour)); err != nil {
				return -1, err
			}
			out, err := s.admission(idx, id, t, k, day, &fu)
			if err != nil {
				return -1, err
			}
			k++
			if out.died {
				return out.discharged, nil
			}
			free, readmit = out.discharged+1, out.readmit
		case ^u < death:
			return day, s.carryOut(&fu, s.h.first.AddDays(day).In(time.UTC))
		}
	}
	return -1, s.carryOut(&fu, time.Time{})
}

// The hours of the day things happen, in UTC: admissions before discharges, calls before
// visits, so that the order within a day is fixed.
const (
	admitHour     = 8 * time.Hour
	callHour      = 10 * time.Hour
	visitHour     = 11 * time.Hour
	dischargeHour = 15 * time.Hour
)

// Length-of-stay weights for 1 to 14 days (mean 4.4 days): an assumption, near the Medicare
// mean of about 5 days with a long tail cut at two weeks.
var losWeights = []int{14, 18, 16, 13, 10, 8, 6, 5, 3, 2, 2, 1, 1, 1}

// Readmission-day weights for days 1 to 30 after discharge, falling linearly (31 - day):
// readmissions crowd the first days. An assumption.
var readmitWeights = func() []int {
	w := make([]int, 30)
	for i := range w {
		w[i] = 30 - i
	}
	return w
}()

const (
	losTotal     = 100
	readmitTotal = 465
)

// An outcome is how a stay ended: the discharge day index, whether the patient died, and the
// day index of a readmission scheduled within 30 days (-1 for none).
type outcome struct {
	discharged, readmit int
	died                bool
}

// admission simulates the k-th stay, admitted on day: its length, how it ended, the program's
// care after a discharge home (stored in fu, to be carried out until the next admission) and
// whether a readmission follows. Every draw is made whatever the branch, so that two programs
// see the same numbers for the same stay.
func (s *simulator) admission(idx int, id carecoord.PatientID, t traits, k, day int, fu *plan) (outcome, error) {
	r := s.stay
	r.reset(s.base, idx, streamStay+k)
	m := s.m
	los := 1 + r.weighted(losWeights, losTotal)
	out := outcome{discharged: day + los, readmit: -1}
	dies := r.chance(m.DieInHospital)
	disposition := [4]transition.Disposition{transition.DispositionHomeHealth, transition.DispositionSNF, transition.DispositionLeftAMA, transition.DispositionHome}
	disp := disposition[pickDisposition(r.Float64(), m)]
	var u [planDraws]float64
	for i := range u {
		u[i] = r.Float64()
	}
	readmitU := r.Float64()
	readmitDay := 1 + r.weighted(readmitWeights, readmitTotal)

	if dies {
		disp, out.died = transition.DispositionExpired, true
	}
	admitted, discharged := s.h.first.AddDays(day), s.h.first.AddDays(out.discharged)
	stay := metrics.Stay{ID: s.stayIDs.at(k), Patient: id, Setting: transition.SettingAcuteInpatient,
		Admitted: admitted, Discharged: discharged, Disposition: disp}
	s.rec.stays = append(s.rec.stays, stay)
	if dies {
		return out, nil
	}
	ev := transition.Event{Meta: carecoord.Meta{ID: stay.ID}, Kind: transition.KindDischarge, Patient: id,
		Setting: stay.Setting, Admitted: admitted.In(time.UTC).Add(admitHour), Discharged: discharged.In(time.UTC).Add(dischargeHour),
		Disposition: disp, Risk: tiers[t.tier]}.WithLocation(time.UTC)
	*fu = plan{}
	if transition.Applies(transition.PurposePostDischarge, ev) == nil {
		*fu = s.decide(u, ev, t.tier)
	}
	p := m.ReadmitBase * [3]float64{m.ReadmitLow, 1, m.ReadmitHigh}[t.tier]
	if fu.seenWithin7(readmitDay) {
		p *= m.VisitEffect
	}
	if readmitU < p {
		out.readmit = out.discharged + readmitDay
	}
	return out, nil
}

// pickDisposition maps a uniform number to home health (0), SNF (1), against advice (2) or
// home (3).
func pickDisposition(u float64, m *Model) int {
	switch {
	case u < m.HomeHealth:
		return 0
	case u < m.HomeHealth+m.SNF:
		return 1
	case u < m.HomeHealth+m.SNF+m.AMA:
		return 2
	}
	return 3
}
