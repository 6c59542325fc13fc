package main

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Model is every rate the simulator draws from. Each field's comment says what it is and where
// its default comes from: a published figure, or "assumption" where no source gives the number
// (those are the first to vary in a sensitivity analysis). Shares and probabilities are
// fractions from 0 to 1. Change any of them with -set name=value; -rates prints them all.
type Model struct {
	// Population: Medicare beneficiaries aged 65 and over.

	// Age6574 and Age7584 are the shares aged 65-74 and 75-84 at the start (the rest are 85
	// and over): roughly the age mix of Medicare beneficiaries 65 and over in CMS enrollment
	// data; assumption-level precision.
	Age6574, Age7584 float64
	// TierLow and TierHigh are the shares of the latent frailty classes low and high (the rest
	// are moderate); the class is the patient's readmission-risk tier
	// (transition.RiskTier) and multiplies admission and readmission risks. Assumption.
	TierLow, TierHigh float64

	// Hospital use.

	// AdmitsPer1000 is the baseline rate of acute admissions per 1,000 patient-years for a
	// patient whose multipliers are all 1, before the readmissions the model adds after each
	// discharge: Medicare fee-for-service beneficiaries had roughly 250-300 inpatient
	// discharges per 1,000 a year in the late 2010s (MedPAC data book, acute inpatient
	// services); approximate.
	AdmitsPer1000 float64
	// AdmitLow, AdmitModerate and AdmitHigh multiply the admission rate by frailty class.
	// Assumption.
	AdmitLow, AdmitModerate, AdmitHigh float64
	// Admit6574, Admit7584 and Admit85 multiply the admission rate by age band. Assumption.
	Admit6574, Admit7584, Admit85 float64
	// Death6574, Death7584 and Death85 are the yearly probabilities of dying out of hospital
	// by age band: about the US period life table's death probabilities at 70, 80 and 90
	// (Social Security Administration); approximate.
	Death6574, Death7584, Death85 float64
	// DieInHospital is the probability that a stay ends in death (NUBC 20). Assumption: a
	// few percent of Medicare stays (HCUP).
	DieInHospital float64
	// HomeHealth, SNF and AMA are the shares of live discharges to home health (NUBC 06), a
	// skilled nursing facility (03) and against medical advice (07); the rest go home (01).
	// Roughly MedPAC's picture of Medicare discharge destinations (about one in six to home
	// health, one in five to post-acute facilities); assumption-level precision.
	HomeHealth, SNF, AMA float64
	// ReadmitBase is the probability of a readmission within 30 days of a live discharge for a
	// moderate-risk patient without an early visit; ReadmitLow and ReadmitHigh multiply it for
	// the low and high classes. Calibrated (with the baseline admissions, which also fall in
	// the window) so that usual care shows about 16-17% on HEDIS PCR's observed rate: HCUP
	// reports 16.9% for Medicare stays in 2018 and Jencks et al. (NEJM 2009;360:1418) 19.6%
	// for 2003-2004. The day is drawn from weights falling linearly from day 1 to day 30
	// (readmissions crowd the first days; the shape is an assumption).
	ReadmitBase, ReadmitLow, ReadmitHigh float64
	// VisitEffect is the relative risk of a readmission when a face-to-face visit within 7
	// days of discharge came before it: 0.8 (Lee et al., Med Care 2016;54:365, adjusted odds
	// ratio 0.81 for contact within 7 days after a heart-failure discharge; Hernandez et al.,
	// JAMA 2010;303:1716, hazard ratios 0.85-0.91 for hospitals with more early follow-up).
	// Both are observational: reading them as a causal effect is the model's assumption. From 0
	// (a visit prevents every such readmission) to 1 (no effect).
	VisitEffect float64
	// ReachShare is the probability that one call to a patient reaches them. Assumption.
	ReachShare float64

	// Chronic medication (PQA PDC classes).

	// OnTherapy is the share of patients on one chronic drug class. Assumption.
	OnTherapy float64
	// Statins and RAS are the shares of those on a statin and on a renin-angiotensin system
	// antagonist; the rest take a non-insulin diabetes drug. Assumption.
	Statins, RAS float64
	// Supply90 is the share of patients filling 90-day supplies (the rest fill 30). Assumption.
	Supply90 float64
	// Adherent and Partial are the shares of the refill behaviour classes adherent and
	// partial (the rest are poor); after a supply runs out, the next fill comes 2 days early
	// to GapAdherent, GapPartial or GapPoor days late, uniformly. Calibrated so that about
	// three in four patients reach a PDC of 80%, a little under the 80-90% of the Part D Star
	// Ratings adherence measures (CMS Star Ratings technical notes); assumption.
	Adherent, Partial                float64
	GapAdherent, GapPartial, GapPoor int
	// StopPerFill is the probability of stopping therapy after a fill. Assumption.
	StopPerFill float64

	// Social needs (AHC HRSN core screen, once a year).

	// AnyNeed is the share of screens with at least one core need: one third of the first
	// 750,000 AHC Model screens (CMS AHC Model fact sheet, 2020).
	AnyNeed float64
	// Food, Housing, Transport and Utilities are the shares of each need among screens with
	// any need: 67%, 47%, 41% and 28% in the same CMS fact sheet. Safety is an assumption
	// (the fact sheet does not give it; it is rare).
	Food, Housing, Transport, Utilities, Safety float64
	// Decline is the share of screens with one core item declined. Assumption.
	Decline float64
	// Refer is the probability that a positive need gets a community referral. Assumption.
	Refer float64
	// CommunityAccept, CommunityOutcome and CommunityAck are the probabilities that a
	// community organisation accepts a referral, that an accepted one is completed with an
	// outcome, and that the requester acknowledges it (closing the loop). Assumption: loops
	// close for a minority (the AHC Model's final evaluation found navigation did not raise
	// the share of needs resolved).
	CommunityAccept, CommunityOutcome, CommunityAck float64

	// Specialist referrals.

	// SpecialistPerYear is the mean number of specialist referrals a patient-year: about one
	// patient in three is referred each year (Barnett et al., Arch Intern Med
	// 2012;172:163); approximate.
	SpecialistPerYear float64
	// SpecAccept, SpecBook, SpecKept, SpecReport and SpecAck are the probabilities that a
	// specialist accepts the referral, books it, that the patient keeps the appointment, that
	// the report comes back, and that the requester acknowledges it. Assumption, calibrated to
	// a closed loop for about 35% of referrals (Patel et al., J Gen Intern Med 2018;33:715:
	// 34.8% of referral attempts ended in a documented completed appointment).
	SpecAccept, SpecBook, SpecKept, SpecReport, SpecAck float64

	// Costs, in US dollars.

	// StayCost is the cost of every acute stay: HCUP's mean cost of a 30-day readmission in
	// 2018, $15,200, used for all stays (assumption).
	StayCost float64
	// TCM99495 and TCM99496 are Medicare's payments for the two TCM codes: approximate
	// national non-facility amounts of the physician fee schedule around 2024 (assumption:
	// check the year's fee schedule).
	TCM99495, TCM99496 float64

	// Programs are the programs to compare, the reference (usual care) first.
	Programs []Program
}

// A Program is a way of caring for patients after a discharge home: how likely and how soon
// the practice calls and sees them. It changes nothing else. The items it completes are the
// interactive contact within 2 business days, the follow-up visit and the medication
// reconciliation of transition.PostDischargeTemplate.
type Program struct {
	// Name is the program's name in flags and output; Title describes it.
	Name, Title string
	// CallShare is the share of discharges home the practice calls at all.
	CallShare float64
	// FirstCallWithin is the business day after discharge of the first call, drawn from 1 to
	// FirstCallWithin; Calls is how many calls (one a business day) it makes until one
	// reaches the patient, at most 3. Calls that do not reach are recorded as attempts.
	FirstCallWithin, Calls int
	// Visit7Share is the share seen face to face within 7 days, on a day from VisitFrom to 7
	// after discharge; VisitLateShare is the share of the others seen on days 8 to 30.
	Visit7Share    float64
	VisitFrom      int
	VisitLateShare float64
	// MedRecShare is the share of visits with the medication reconciliation documented.
	MedRecShare float64
	// HighMDM and LowMDM are the shares of visits with high and with low medical decision
	// making (the rest are moderate); TCM 99496 needs high, 99495 at least moderate.
	HighMDM, LowMDM float64
	// CostPerDischarge is the program's own cost for each discharge home (staff time), in US
	// dollars.
	CostPerDischarge float64
}

// DefaultModel returns the model with the defaults its fields document, and the two programs
// usual and tcm.
func DefaultModel() Model {
	return Model{
		Age6574: 0.52, Age7584: 0.33,
		TierLow: 0.55, TierHigh: 0.15,
		AdmitsPer1000: 235,
		AdmitLow:      0.4, AdmitModerate: 1.0, AdmitHigh: 3.0,
		Admit6574: 0.75, Admit7584: 1.15, Admit85: 1.6,
		Death6574: 0.02, Death7584: 0.05, Death85: 0.14,
		DieInHospital: 0.025,
		HomeHealth:    0.18, SNF: 0.17, AMA: 0.01,
		ReadmitBase: 0.13, ReadmitLow: 0.6, ReadmitHigh: 1.5,
		VisitEffect: 0.8,
		ReachShare:  0.7,
		OnTherapy:   0.75, Statins: 0.45, RAS: 0.35,
		Supply90: 0.35,
		Adherent: 0.65, Partial: 0.25,
		GapAdherent: 4, GapPartial: 20, GapPoor: 60,
		StopPerFill: 0.01,
		AnyNeed:     0.33,
		Food:        0.67, Housing: 0.47, Transport: 0.41, Utilities: 0.28, Safety: 0.05,
		Decline:         0.02,
		Refer:           0.6,
		CommunityAccept: 0.8, CommunityOutcome: 0.55, CommunityAck: 0.75,
		SpecialistPerYear: 0.35,
		SpecAccept:        0.9, SpecBook: 0.75, SpecKept: 0.8, SpecReport: 0.85, SpecAck: 0.8,
		StayCost: 15200,
		TCM99495: 201, TCM99496: 272,
		Programs: []Program{UsualCare(), TransitionalCare()},
	}
}

// UsualCare is follow-up as it happens without a program: the practice calls about half the
// patients, often after the second business day, and sees about 42% within 7 days (the
// median hospital saw 38.3% of heart-failure patients within 7 days, Hernandez et al. 2010;
// 40-50% is the usual range quoted). Contact, MDM and reconciliation shares are assumptions.
func UsualCare() Program {
	return Program{
		Name: "usual", Title: "usual care",
		CallShare: 0.5, FirstCallWithin: 3, Calls: 1,
		Visit7Share: 0.42, VisitFrom: 1, VisitLateShare: 0.45,
		MedRecShare: 0.6,
		HighMDM:     0.2, LowMDM: 0.3,
	}
}

// TransitionalCare is a transitional-care (TCM) program: a coordinator calls every patient on
// the first business day and tries again on the next two, a visit on days 2 to 7 for most,
// the medication reconciliation at the visit, and the MDM documented. Every share and the
// cost of $60 a discharge are assumptions: the program's targets, not measured results.
func TransitionalCare() Program {
	return Program{
		Name: "tcm", Title: "transitional care management",
		CallShare: 0.95, FirstCallWithin: 1, Calls: 3,
		Visit7Share: 0.72, VisitFrom: 2, VisitLateShare: 0.6,
		MedRecShare: 0.95,
		HighMDM:     0.5, LowMDM: 0,
		CostPerDischarge: 60,
	}
}

// A param is one adjustable number of the model: its name for -set and -rates, its unit, a
// pointer to it (ints for day counts, floats for the rest) and, for -rates, where its default
// comes from in a few words (the field's comment says more).
type param struct {
	name, unit, source string
	f                  *float64
	n                  *int
}

// Short names of the sources, for -rates.
const (
	srcAssumption = "assumption"
	srcCMSEnroll  = "CMS enrollment data (approx.)"
	srcMedPAC     = "MedPAC data book (approx.)"
	srcSSA        = "SSA period life table (approx.)"
	srcReadmit    = "calibrated: HCUP 16.9% (2018), Jencks 2009"
	srcVisit      = "Lee 2016 OR 0.81; Hernandez 2010"
	srcStars      = "calibrated: Part D Star Ratings adherence"
	srcAHC        = "CMS AHC Model fact sheet (2020)"
	srcBarnett    = "Barnett 2012 (approx.)"
	srcPatel      = "calibrated: Patel 2018, 34.8% closed"
	srcHCUPCost   = "HCUP readmission cost 2018"
	srcPFS        = "Medicare PFS ~2024 (approx.)"
	srcHernandez  = "Hernandez 2010 median 38.3%"
)

// params lists every number of m, program numbers prefixed by the program's name
// ("tcm.visit7Share"), in the order -rates prints them.
func (m *Model) params() []param {
	fl := func(name, unit, source string, f *float64) param {
		return param{name: name, unit: unit, source: source, f: f}
	}
	days := func(name, unit, source string, n *int) param {
		return param{name: name, unit: unit, source: source, n: n}
	}
	ps := []param{
		fl("age6574", "share", srcCMSEnroll, &m.Age6574), fl("age7584", "share", srcCMSEnroll, &m.Age7584),
		fl("tierLow", "share", srcAssumption, &m.TierLow), fl("tierHigh", "share", srcAssumption, &m.TierHigh),
		fl("admitsPer1000", "per 1,000 patient-years", srcMedPAC, &m.AdmitsPer1000),
		fl("admitLow", "multiplier", srcAssumption, &m.AdmitLow), fl("admitModerate", "multiplier", srcAssumption, &m.AdmitModerate),
		fl("admitHigh", "multiplier", srcAssumption, &m.AdmitHigh),
		fl("admit6574", "multiplier", srcAssumption, &m.Admit6574), fl("admit7584", "multiplier", srcAssumption, &m.Admit7584),
		fl("admit85", "multiplier", srcAssumption, &m.Admit85),
		fl("death6574", "per year", srcSSA, &m.Death6574), fl("death7584", "per year", srcSSA, &m.Death7584), fl("death85", "per year", srcSSA, &m.Death85),
		fl("dieInHospital", "per stay", srcAssumption, &m.DieInHospital),
		fl("homeHealth", "share", srcMedPAC, &m.HomeHealth), fl("snf", "share", srcMedPAC, &m.SNF), fl("ama", "share", srcAssumption, &m.AMA),
		fl("readmitBase", "per discharge", srcReadmit, &m.ReadmitBase),
		fl("readmitLow", "multiplier", srcAssumption, &m.ReadmitLow), fl("readmitHigh", "multiplier", srcAssumption, &m.ReadmitHigh),
		fl("visitEffect", "relative risk", srcVisit, &m.VisitEffect), fl("reachShare", "per call", srcAssumption, &m.ReachShare),
		fl("onTherapy", "share", srcAssumption, &m.OnTherapy), fl("statins", "share", srcAssumption, &m.Statins), fl("ras", "share", srcAssumption, &m.RAS),
		fl("supply90", "share", srcAssumption, &m.Supply90), fl("adherent", "share", srcStars, &m.Adherent), fl("partial", "share", srcStars, &m.Partial),
		days("gapAdherent", "days", srcStars, &m.GapAdherent), days("gapPartial", "days", srcStars, &m.GapPartial), days("gapPoor", "days", srcStars, &m.GapPoor),
		fl("stopPerFill", "per fill", srcAssumption, &m.StopPerFill),
		fl("anyNeed", "share", srcAHC, &m.AnyNeed), fl("food", "share", srcAHC, &m.Food), fl("housing", "share", srcAHC, &m.Housing),
		fl("transport", "share", srcAHC, &m.Transport), fl("utilities", "share", srcAHC, &m.Utilities), fl("safety", "share", srcAssumption, &m.Safety),
		fl("decline", "share", srcAssumption, &m.Decline), fl("refer", "per need", srcAssumption, &m.Refer),
		fl("communityAccept", "probability", srcAssumption, &m.CommunityAccept), fl("communityOutcome", "probability", srcAssumption, &m.CommunityOutcome),
		fl("communityAck", "probability", srcAssumption, &m.CommunityAck),
		fl("specialistPerYear", "per patient-year", srcBarnett, &m.SpecialistPerYear),
		fl("specAccept", "probability", srcPatel, &m.SpecAccept), fl("specBook", "probability", srcPatel, &m.SpecBook),
		fl("specKept", "probability", srcPatel, &m.SpecKept), fl("specReport", "probability", srcPatel, &m.SpecReport),
		fl("specAck", "probability", srcPatel, &m.SpecAck),
		fl("stayCost", "USD", srcHCUPCost, &m.StayCost), fl("tcm99495", "USD", srcPFS, &m.TCM99495), fl("tcm99496", "USD", srcPFS, &m.TCM99496),
	}
	for i := range m.Programs {
		p := &m.Programs[i]
		pre := p.Name + "."
		visit := srcAssumption
		if p.Name == UsualCare().Name {
			visit = srcHernandez
		}
		ps = append(ps,
			fl(pre+"callShare", "share", srcAssumption, &p.CallShare),
			days(pre+"firstCallWithin", "business days", srcAssumption, &p.FirstCallWithin),
			days(pre+"calls", "calls", srcAssumption, &p.Calls),
			fl(pre+"visit7Share", "share", visit, &p.Visit7Share),
			days(pre+"visitFrom", "days", srcAssumption, &p.VisitFrom),
			fl(pre+"visitLateShare", "share", srcAssumption, &p.VisitLateShare),
			fl(pre+"medRecShare", "share", srcAssumption, &p.MedRecShare),
			fl(pre+"highMDM", "share", srcAssumption, &p.HighMDM), fl(pre+"lowMDM", "share", srcAssumption, &p.LowMDM),
			fl(pre+"costPerDischarge", "USD", srcAssumption, &p.CostPerDischarge),
		)
	}
	return ps
}

// Set sets the number called name to value, as "-set name=value" does.
func (m *Model) Set(name, value string) error {
	for _, p := range m.params() {
		if p.name != name {
			continue
		}
		if p.n != nil {
			n, err := strconv.Atoi(value)
			if err != nil {
				return fmt.Errorf("-set %s: %q is not a whole number", name, value)
			}
			*p.n = n
			return nil
		}
		f, err := strconv.ParseFloat(value, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("-set %s: %q is not a number", name, value)
		}
		*p.f = f
		return nil
	}
	return fmt.Errorf("-set: no rate is called %q (-rates lists them)", name)
}

// Validate reports every number out of its range: shares and probabilities from 0 to 1,
// shares that must sum to at most 1, multipliers, rates and costs not negative, and day
// counts the simulation can use.
func (m *Model) Validate() error {
	var errs []error
	bad := func(name, rule string) { errs = append(errs, fmt.Errorf("rate %s %s", name, rule)) }
	for _, p := range m.params() {
		switch {
		case p.f != nil && *p.f < 0:
			bad(p.name, "must not be negative")
		case p.f != nil && isProbability(p.unit) && *p.f > 1:
			bad(p.name, "must be at most 1")
		}
	}
	for _, s := range []struct {
		names string
		sum   float64
	}{
		{"age6574 + age7584", m.Age6574 + m.Age7584},
		{"tierLow + tierHigh", m.TierLow + m.TierHigh},
		{"homeHealth + snf + ama", m.HomeHealth + m.SNF + m.AMA},
		{"statins + ras", m.Statins + m.RAS},
		{"adherent + partial", m.Adherent + m.Partial},
	} {
		if s.sum > 1 {
			bad(s.names, "must sum to at most 1")
		}
	}
	if daily := m.AdmitsPer1000 / 1000 / 365.25 * max(m.AdmitLow, m.AdmitModerate, m.AdmitHigh) *
		max(m.Admit6574, m.Admit7584, m.Admit85) * 1.25; daily > 0.125 {
		bad("admitsPer1000", "times the largest multipliers must keep the daily admission probability at most 1/8")
	}
	if max(m.ReadmitLow, 1, m.ReadmitHigh)*m.ReadmitBase > 1 {
		bad("readmitBase", "times readmitLow or readmitHigh must be at most 1")
	}
	for _, g := range []struct {
		name string
		days int
	}{{"gapAdherent", m.GapAdherent}, {"gapPartial", m.GapPartial}, {"gapPoor", m.GapPoor}} {
		if g.days < 0 || g.days > 365 {
			bad(g.name, "must be from 0 to 365 days")
		}
	}
	for _, p := range m.Programs {
		errs = append(errs, p.validate())
	}
	return errors.Join(errs...)
}

// validate reports p's numbers out of range.
func (p Program) validate() error {
	var errs []error
	bad := func(name, rule string) { errs = append(errs, fmt.Errorf("rate %s.%s %s", p.Name, name, rule)) }
	if p.FirstCallWithin < 1 || p.FirstCallWithin > 10 {
		bad("firstCallWithin", "must be from 1 to 10 business days")
	}
	if p.Calls < 1 || p.Calls > maxCalls {
		bad("calls", "must be from 1 to "+strconv.Itoa(maxCalls))
	}
	if p.VisitFrom < 1 || p.VisitFrom > 7 {
		bad("visitFrom", "must be from 1 to 7 days")
	}
	if p.HighMDM+p.LowMDM > 1 {
		bad("highMDM + lowMDM", "must sum to at most 1")
	}
	return errors.Join(errs...)
}

// isProbability reports whether a unit is a share or a probability, which cannot exceed 1.
func isProbability(unit string) bool {
	switch unit {
	case "share", "probability", "per stay", "per call", "per fill", "per need", "per discharge", "per year", "relative risk":
		return true
	}
	return false
}

// program returns the program called name.
func (m *Model) program(name string) (Program, bool) {
	for _, p := range m.Programs {
		if p.Name == name {
			return p, true
		}
	}
	return Program{}, false
}

// programNames returns the names of m's programs, joined for messages.
func (m *Model) programNames() string {
	names := make([]string, len(m.Programs))
	for i, p := range m.Programs {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}
