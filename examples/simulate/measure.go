package main

import (
	"errors"
	"strconv"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/referral"
	"github.com/carecoord/carecoord/transition"
	"github.com/shopspring/decimal"
)

// yearResults are the measures of one calendar year over some patients under one program, as
// the metrics package returns them. Results over disjoint sets of patients merge exactly
// (metrics' Merge methods; counts and decimals add), so chunks of patients can be measured
// one at a time, on any worker, in any order, and always give the same totals.
type yearResults struct {
	readmit, followUp, tcm, positive, referred, communityLoop, specialistLoop metrics.Result
	pdc                                                                       metrics.PDCResult
	deadlines                                                                 metrics.DeadlineResult
	use                                                                       metrics.Utilization
	// contact is counted from the checklists' evaluations (no metrics measure reads
	// checklists); cost is the year's cost in dollars, exact.
	contact metrics.Tally
	cost    decimal.Decimal
}

// merge adds o's patients to a.
func (a *yearResults) merge(o *yearResults) error {
	var errs []error
	result := func(x *metrics.Result, y metrics.Result) {
		var err error
		*x, err = x.Merge(y)
		errs = append(errs, err)
	}
	result(&a.readmit, o.readmit)
	result(&a.followUp, o.followUp)
	result(&a.tcm, o.tcm)
	result(&a.positive, o.positive)
	result(&a.referred, o.referred)
	result(&a.communityLoop, o.communityLoop)
	result(&a.specialistLoop, o.specialistLoop)
	var err error
	a.pdc, err = a.pdc.Merge(o.pdc)
	errs = append(errs, err)
	a.deadlines, err = a.deadlines.Merge(o.deadlines)
	errs = append(errs, err)
	a.use, err = a.use.Merge(o.use)
	errs = append(errs, err)
	a.contact = a.contact.Add(o.contact)
	a.cost = a.cost.Add(o.cost)
	return errors.Join(errs...)
}

// A measurer computes the measures of a chunk's records. It belongs to one worker.
type measurer struct {
	m   *Model
	h   *horizon
	cal civil.Calendar
	pdc metrics.PDCWorkspace
}

// measure computes every measure of year y over rec, the records of prog.
func (ms *measurer) measure(rec *records, prog *Program, y int) (yearResults, error) {
	year, period := ms.h.years[y].Start.Year(), ms.h.years[y]
	var out yearResults
	var errs []error
	keep := func(r metrics.Result, err error) metrics.Result {
		errs = append(errs, err)
		return r
	}
	out.readmit = keep(metrics.Readmissions(rec.stays, metrics.PCR(year), metrics.Options{}))
	out.followUp = keep(metrics.FollowUp(rec.stays, rec.services, followUp7(period), metrics.Options{}))
	out.tcm = keep(metrics.TCMCompletion(rec.stays, rec.services, metrics.TCM(year, ms.cal), metrics.Options{Evidence: true}))
	out.positive = keep(metrics.PositiveRate(rec.screens, period, metrics.Options{}))
	made, _, err := metrics.ScreenReferrals(rec.screens, rec.community, period, metrics.Window{From: 0, To: 30}, metrics.Window{From: 0, To: 60}, metrics.Options{})
	out.referred = keep(made, err)
	out.communityLoop = keep(metrics.ClosedLoop(rec.community, period, metrics.Options{}))
	out.specialistLoop = keep(metrics.ClosedLoop(rec.specialist, period, metrics.Options{}))

	rules := metrics.PDC(year)
	rules.EndOf = rec.endOf
	out.pdc, err = ms.pdc.Fills(rec.fills, nil, rules, metrics.Options{})
	errs = append(errs, err)
	out.deadlines, err = metrics.DeadlineCompliance(rec.specRefs, period, metrics.DeadlineRules{Calendar: ms.cal, AsOf: ms.h.end(), Location: time.UTC}, metrics.Options{})
	errs = append(errs, err)
	out.use, err = metrics.MeasureUtilization(period, rec.spans, rec.stays, metrics.UtilizationOptions{}, metrics.Options{})
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		return out, err
	}
	out.contact = rec.contact[y]
	out.cost = ms.cost(&out, prog, rec.checklists[y])
	// The evidence was asked for only to tell the two TCM codes apart for the cost; the
	// counts are kept, the rows dropped, so that merged results stay small.
	out.tcm.Explained, out.tcm.Evidence = false, nil
	return out, nil
}

// followUp7 returns the rules of the 7-day follow-up measure: discharges home (or home with
// home health) from acute inpatient stays, from 1 January to 24 December; a face-to-face visit
// (office or home, or synchronous telehealth) on days 1 to 7 after discharge; an acute
// readmission within those 7 days moves the event to its discharge (the patient could not be
// seen in hospital, as HEDIS FUH treats direct transfers); every event of a patient who died
// in hospital in the year excluded (the HEDIS rule). Its shape is HEDIS FUH's without the
// mental-health diagnosis: the usual "7-day post-discharge visit" of transitional-care
// programs.
func followUp7(period civil.Range) metrics.FollowUpRules {
	return metrics.FollowUpRules{
		Measure:  "follow-up-7",
		Period:   period,
		Settings: []transition.Setting{transition.SettingAcuteInpatient},
		Qualifies: func(s metrics.Stay) bool {
			d := s.Disposition.Destination()
			return d == transition.DestHome || d == transition.DestHomeHealth
		},
		Event:         metrics.AnchorDischarge,
		Window:        metrics.Window{From: 1, To: 7},
		From:          metrics.AnchorDischarge,
		Kinds:         []metrics.ServiceKind{metrics.ServiceVisit, metrics.ServiceTelehealth},
		Readmission:   metrics.Window{From: 0, To: 7},
		OnAcute:       metrics.ReadmitLastDischarge,
		OnAcuteOther:  metrics.ReadmitLastDischarge,
		OnNonAcute:    metrics.ReadmitIgnore,
		ExcludeDeaths: true,
	}
}

// cost returns the year's cost in dollars: every acute admission at StayCost, every discharge
// that met a TCM code at that code's payment (the evidence rows of the TCM result say which),
// and the program's own cost for each of its post-discharge checklists.
func (ms *measurer) cost(out *yearResults, prog *Program, checklists int64) decimal.Decimal {
	var n95, n96 int64
	for _, e := range out.tcm.Evidence {
		switch e.Reason {
		case metrics.ReasonTCM99495:
			n95++
		case metrics.ReasonTCM99496:
			n96++
		}
	}
	amount := func(n int64, dollars float64) decimal.Decimal {
		return decimal.NewFromInt(n).Mul(decimal.NewFromFloat(dollars))
	}
	return amount(out.use.Admissions.Total.Numerator, ms.m.StayCost).
		Add(amount(n95, ms.m.TCM99495)).
		Add(amount(n96, ms.m.TCM99496)).
		Add(amount(checklists, prog.CostPerDischarge))
}

// endOf is PDC's end of treatment: the day a patient of the chunk died. Patient ids are "p"
// and the patient's index.
func (r *records) endOf(p carecoord.PatientID) (civil.Date, bool) {
	i, err := strconv.Atoi(string(p[1:]))
	if err != nil || i < r.first || i-r.first >= len(r.deaths) {
		return civil.Date{}, false
	}
	d := r.deaths[i-r.first]
	return d, !d.IsZero()
}

// patientID returns the id of the patient with index i.
func patientID(i int) carecoord.PatientID { return carecoord.PatientID("p" + strconv.Itoa(i)) }

// A measureDef is one line of the output: its id, unit and short title, the legend that says
// how it is computed, and its counts in one year's results. Its value is scale ×
// numerator ÷ denominator.
type measureDef struct {
	id, unit, title, legend string
	scale                   float64
	counts                  func(*yearResults) metrics.Tally
}

// measureDefs are the lines of the output, in order.
var measureDefs = []measureDef{
	{"readmit-30d", "%", "30-day readmission",
		"HEDIS PCR observed rate (metrics.Readmissions, PCR): acute stays discharged alive 1 Jan-1 Dec, not same-day; numerator: an unplanned admission 1-30 days after discharge (an admission the next day continues the stay, as PCR merges transfers)",
		100, func(r *yearResults) metrics.Tally { return r.readmit.Total }},
	{"follow-up-7d", "%", "visit within 7 days",
		"metrics.FollowUp: discharges home or with home health 1 Jan-24 Dec; numerator: a face-to-face visit (office, home or telehealth) on days 1-7; a readmission within 7 days moves the event to its discharge; patients who died in hospital that year excluded",
		100, func(r *yearResults) metrics.Tally { return r.followUp.Total }},
	{"contact-2bd", "%", "contact within 2 business days",
		"post-discharge checklist (transition.PostDischargeTemplate, US federal business days): interactive-contact items due by 30 days after discharge or the next admission; numerator: done on time (transition.Evaluate)",
		100, func(r *yearResults) metrics.Tally { return r.contact }},
	{"tcm-completion", "%", "TCM completion",
		"metrics.TCMCompletion (transition.DecideTCM): discharges home 1 Jan-2 Dec; numerator: CPT 99495 or 99496 met (contact or two attempts within 2 business days, visit within 14 days with moderate MDM or 7 with high, medications reconciled by the visit)",
		100, func(r *yearResults) metrics.Tally { return r.tcm.Total }},
	{"pdc-adherent", "%", "adherent, PDC >= 80%",
		"PQA proportion of days covered (metrics.PDCWorkspace, PDC; death ends the treatment period): patients with fills on 2+ days of a class in the year; numerator: PDC >= 80%; statins, RAS antagonists and diabetes drugs together",
		100, func(r *yearResults) metrics.Tally {
			var t metrics.Tally
			for _, c := range r.pdc.Classes {
				t = t.Add(c.Total)
			}
			return t
		}},
	{"sdoh-positive", "%", "AHC screen positive",
		"metrics.PositiveRate: valid AHC HRSN screens (one a year, scored by sdoh.Screener) whose result is decided; numerator: positive for a core need",
		100, func(r *yearResults) metrics.Tally { return r.positive.Total }},
	{"sdoh-referred", "%", "positive screen referred",
		"metrics.ScreenReferrals: positive screens with a social need; numerator: a community referral for one of its needs sent within 30 days",
		100, func(r *yearResults) metrics.Tally { return r.referred.Total }},
	{"community-loop", "%", "community loop closed",
		"metrics.ClosedLoop: community (SDOH-CC) referrals sent in the year; numerator: completed and acknowledged by the end of the run",
		100, func(r *yearResults) metrics.Tally { return r.communityLoop.Total }},
	{"specialist-loop", "%", "specialist loop closed",
		"metrics.ClosedLoop: specialist (360X) referrals sent in the year; numerator: consult note returned and acknowledged by the end of the run",
		100, func(r *yearResults) metrics.Tally { return r.specialistLoop.Total }},
	{"specialist-booked", "%", "specialist booked on time",
		"metrics.DeadlineCompliance, milestone booked: deadlines of referral.DefaultPolicy (routine: 10 business days from sending) that fell due; numerator: met on time",
		100, func(r *yearResults) metrics.Tally {
			res, _ := r.deadlines.Milestone(referral.MilestoneBooked)
			return res.Total
		}},
	{"admissions", "per 1,000", "acute admissions",
		"metrics.MeasureUtilization: acute admissions per member month (Tuva's member-month rule), times 12,000: per 1,000 member-years",
		12000, func(r *yearResults) metrics.Tally { return r.use.Admissions.Total }},
	{"cost", "USD", "cost per member-year",
		"stays x stayCost + TCM 99495 and 99496 x their payments + the program's cost per post-discharge checklist, over member-years (numerator in cents, denominator member months)",
		0.12, func(r *yearResults) metrics.Tally {
			return metrics.Tally{Numerator: r.cost.Shift(2).Round(0).IntPart(), Denominator: r.use.Admissions.Total.Denominator}
		}},
}
