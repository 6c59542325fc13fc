package transition

import (
	"slices"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

// An MDM is the level of medical decision making of a visit, as the CPT evaluation and management
// guidelines grade it (number and complexity of problems, data reviewed, risk of management). The
// library takes it as input; it does not grade it. The zero MDM means "not documented" and is not
// valid.
type MDM string

// The MDM levels, lowest first.
const (
	MDMStraightforward MDM = "straightforward"
	MDMLow             MDM = "low"
	MDMModerate        MDM = "moderate"
	MDMHigh            MDM = "high"
)

// MDMs returns every MDM level, lowest first, in a new slice.
func MDMs() []MDM { return []MDM{MDMStraightforward, MDMLow, MDMModerate, MDMHigh} }

// IsValid reports whether m is one of [MDMs].
func (m MDM) IsValid() bool { return m.rank() > 0 }

func (m MDM) rank() int {
	switch m {
	case MDMStraightforward:
		return 1
	case MDMLow:
		return 2
	case MDMModerate:
		return 3
	case MDMHigh:
		return 4
	}
	return 0
}

// A TCMCode is a Transitional Care Management CPT code. The zero TCMCode means no TCM code is
// supported and is not valid.
type TCMCode string

// The TCM codes (CPT descriptors, paraphrased: CMS MLN908628).
const (
	// TCM99495: TCM with at least moderate-complexity medical decision making and a face-to-face
	// visit within 14 calendar days of discharge.
	TCM99495 TCMCode = "99495"
	// TCM99496: TCM with high-complexity medical decision making and a face-to-face visit within
	// 7 calendar days of discharge.
	TCM99496 TCMCode = "99496"
)

// TCMCodes returns every TCMCode, in a new slice.
func TCMCodes() []TCMCode { return []TCMCode{TCM99495, TCM99496} }

// IsValid reports whether c is one of [TCMCodes].
func (c TCMCode) IsValid() bool { return c == TCM99495 || c == TCM99496 }

// Coding returns c as a CPT carecoord.Coding; the zero Coding for an invalid code.
func (c TCMCode) Coding() carecoord.Coding {
	if !c.IsValid() {
		return carecoord.Coding{}
	}
	return carecoord.Coding{System: carecoord.SystemCPT, Code: string(c)}
}

// A ContactMode is how an interactive contact was made. CMS accepts direct (in person),
// telephone and electronic contact (CMS MLN908628); the library's tokens. The zero ContactMode is
// not valid.
type ContactMode string

// The contact modes.
const (
	ContactDirect     ContactMode = "direct"
	ContactTelephone  ContactMode = "telephone"
	ContactElectronic ContactMode = "electronic"
)

// ContactModes returns every ContactMode, in a new slice.
func ContactModes() []ContactMode {
	return []ContactMode{ContactDirect, ContactTelephone, ContactElectronic}
}

// IsValid reports whether m is one of [ContactModes].
func (m ContactMode) IsValid() bool {
	return m == ContactDirect || m == ContactTelephone || m == ContactElectronic
}

// A Contact is one attempt to reach the patient or caregiver after a discharge: when, how, by
// whom, and whether it reached them (an interactive exchange about the patient's status and
// needs) or not (no answer, a message left). The zero Contact is not valid.
type Contact struct {
	At      time.Time       `json:"at"`
	Mode    ContactMode     `json:"mode"`
	Reached bool            `json:"reached"`
	By      carecoord.Actor `json:"by"`
}

// A TCMRule names one requirement of Transitional Care Management. Every "no" in a [TCMDecision]
// names the rules that failed. The values are stable. The zero TCMRule is not valid.
type TCMRule string

// The TCM rules, each with its source.
const (
	// TCMRuleDischarged: the stay must have ended in a discharge (an admission under way, or an
	// observation stay still open, starts no TCM).
	TCMRuleDischarged TCMRule = "discharged"
	// TCMRuleSetting: discharged from a qualifying setting: inpatient acute care, inpatient
	// psychiatric, inpatient rehabilitation, long-term care hospital, SNF, hospital outpatient
	// observation or partial hospitalization, or CMHC partial hospitalization; not an ED visit
	// (CMS MLN908628).
	TCMRuleSetting TCMRule = "qualifying-setting"
	// TCMRuleDestination: discharged to a community setting: home, domiciliary, rest home or
	// assisted living (CMS MLN908628; CPT). A discharge to a SNF or other facility does not
	// qualify; see [TCMOptions] for nursing facilities.
	TCMRuleDestination TCMRule = "community-destination"
	// TCMRuleContact: an interactive contact (direct, telephone or electronic) with the patient
	// or caregiver within 2 business days following the discharge, by the billing practitioner or
	// clinical staff, or two or more separate, timely, documented attempts that failed (CMS
	// MLN908628 and the CMS TCM FAQ). Business days are Monday to Friday except holidays,
	// whatever the practice's hours (CMS FAQ; holidays from the civil.Calendar passed in). A
	// contact before the discharge does not count (NGS Medicare E/M FAQ: a hospital clinician
	// cannot make it before discharge), nor does one by a device such as a chatbot or voice
	// assistant (Noridian JF Part B, TCM direct contact).
	TCMRuleContact TCMRule = "interactive-contact"
	// TCMRuleVisitMissing: no face-to-face visit was furnished (it is part of both codes).
	TCMRuleVisitMissing TCMRule = "face-to-face-visit"
	// TCMRuleVisitWindow: the visit is outside the code's window: within 7 calendar days of
	// discharge for 99496, 14 for 99495, counted as visit day <= discharge day + N (spec §3.1;
	// payers vary), from the day after discharge unless TCMOptions.VisitOnDischargeDay.
	TCMRuleVisitWindow TCMRule = "visit-window"
	// TCMRuleMDM: medical decision making of high complexity for 99496, at least moderate for
	// 99495 (CPT descriptors).
	TCMRuleMDM TCMRule = "medical-decision-making"
	// TCMRuleMedRec: medication reconciliation and management furnished no later than the date of
	// the face-to-face visit (CMS MLN908628), and not before the discharge day.
	TCMRuleMedRec TCMRule = "medication-reconciliation"
	// TCMRuleAlive: the patient must not die before the 30-day service period ends; otherwise the
	// visit is billed as an ordinary E/M service (CPT guidance as reported by AAPC; [G] in metrics
	// spec §4.1).
	TCMRuleAlive TCMRule = "alive-through-period"
	// TCMRuleOnePerPeriod: TCM is reported once per 30-day period after a discharge, by one
	// practitioner; a discharge inside a period already reported starts no new one, and a period
	// that overlaps one already reported (one that starts inside this period, from a later
	// discharge already reported) cannot be reported either (CPT; CMS MLN908628).
	TCMRuleOnePerPeriod TCMRule = "one-per-period"
)

// TCMRules returns every TCMRule, in the order a decision checks them, in a new slice.
func TCMRules() []TCMRule {
	return []TCMRule{TCMRuleDischarged, TCMRuleSetting, TCMRuleDestination, TCMRuleContact,
		TCMRuleVisitMissing, TCMRuleVisitWindow, TCMRuleMDM, TCMRuleMedRec, TCMRuleAlive, TCMRuleOnePerPeriod}
}

// IsValid reports whether r is one of [TCMRules].
func (r TCMRule) IsValid() bool { return slices.Contains(TCMRules(), r) }

// TCMOptions are the points where the sources read for this package disagree or are silent, as
// switches; the zero TCMOptions is the conservative reading.
type TCMOptions struct {
	// ContactOnDischargeDay counts an interactive contact (or attempt) made on the discharge day
	// after the discharge instant. CMS says "within 2 business days following the discharge";
	// whether the discharge day itself counts is not settled in the sources read (metrics spec
	// §4.2), so by default it does not.
	ContactOnDischargeDay bool `json:"contactOnDischargeDay,omitempty"`
	// VisitOnDischargeDay counts a face-to-face visit on the discharge day. Not confirmed in the
	// sources read (metrics spec §4.2); by default the windows are days 1–7 and 1–14.
	VisitOnDischargeDay bool `json:"visitOnDischargeDay,omitempty"`
	// NursingFacility counts a discharge to a nursing facility (NUBC 64, 92) as a community
	// setting. The MLN-derived list in metrics spec §4.1 includes it; spec §3.1 and the CPT
	// examples (home, domiciliary, rest home, assisted living) do not; by default it does not.
	NursingFacility bool `json:"nursingFacility,omitempty"`
}

// tcmDestination reports whether a discharge to d can start TCM: home (NUBC 01, 81), home with
// home health (06, 86), and custodial or supportive care (04, 84), which NUBC's usage note gives
// for state-designated assisted living; a nursing facility (64, 92) only with the option.
func tcmDestination(d Destination, o TCMOptions) bool {
	switch d {
	case DestHome, DestHomeHealth, DestCustodialCare:
		return true
	case DestNursingFacility:
		return o.NursingFacility
	}
	return false
}

// A TCMTimeline is the calendar of Transitional Care Management after one discharge day (spec
// §3.3, metrics spec §4.3): the interactive contact is due by the end of the 2nd business day
// after the discharge day (counting starts the day after, whatever day the discharge fell on);
// the 99496 visit by discharge day + 7; the 99495 visit by discharge day + 14; and the 30-day
// service period runs from the discharge day through the 29 days after it. The zero TCMTimeline
// belongs to no discharge.
type TCMTimeline struct {
	Discharge    civil.Date  `json:"discharge"`
	ContactDue   civil.Date  `json:"contactDue"`
	Visit99496By civil.Date  `json:"visit99496By"`
	Visit99495By civil.Date  `json:"visit99495By"`
	Period       civil.Range `json:"period"`
}

// NewTCMTimeline returns the TCM timeline of a discharge on day discharge, with business days
// from cal (civil.USFederal for Monday to Friday less the federal holidays; add a practice's own
// closures with WithClosures).
func NewTCMTimeline(discharge civil.Date, cal civil.Calendar) TCMTimeline {
	return TCMTimeline{
		Discharge:    discharge,
		ContactDue:   cal.AddBusinessDays(discharge, 2),
		Visit99496By: discharge.AddDays(7),
		Visit99495By: discharge.AddDays(14),
		Period:       civil.Range{Start: discharge, End: discharge.AddDays(29)},
	}
}

// TCMServices are the facts of one patient's care after a discharge that TCM depends on. The zero
// TCMServices has no contact, visit or reconciliation: no code is supported.
type TCMServices struct {
	// Contacts are the contacts and attempts made, in any order.
	Contacts []Contact `json:"contacts,omitempty"`
	// Visit is the day of the face-to-face visit; zero for none.
	Visit civil.Date `json:"visit,omitzero"`
	// MDM is the medical decision making of the service; zero when not documented.
	MDM MDM `json:"mdm,omitempty"`
	// MedRec is the day medications were reconciled; zero for not done.
	MedRec civil.Date `json:"medRec,omitzero"`
	// Died is the day the patient died, if they did; zero otherwise.
	Died civil.Date `json:"died,omitzero"`
	// Reported are the 30-day TCM periods already reported for this patient (by anyone).
	Reported []civil.Range `json:"reported,omitempty"`
	// Options are the switches for unsettled points.
	Options TCMOptions `json:"options,omitzero"`
}

// A ContactResult says whether the contact requirement was met, and how. The zero ContactResult
// is "not met".
type ContactResult struct {
	// Met reports whether the requirement was met.
	Met bool `json:"met"`
	// Reached is the first day a timely contact reached the patient or caregiver; zero if none.
	Reached civil.Date `json:"reached,omitzero"`
	// Attempts counts the timely unsuccessful attempts (at distinct instants); two or more meet
	// the requirement.
	Attempts int `json:"attempts,omitempty"`
}

// A TCMDecision says which TCM code, if any, the services support after one discharge, and why:
// the timeline, how the contact requirement went, and for each code every rule it failed. The
// zero TCMDecision supports nothing.
type TCMDecision struct {
	// Code is the code supported: 99496 when every rule holds for it, else 99495 when every rule
	// holds for it, else zero.
	Code TCMCode `json:"code,omitempty"`
	// Timeline is the discharge's TCM calendar; zero when the stay has not ended.
	Timeline TCMTimeline `json:"timeline,omitzero"`
	// Contact is how the contact requirement went.
	Contact ContactResult `json:"contact"`
	// Failed99496 and Failed99495 list the rules each code failed, in the order of [TCMRules];
	// empty for a code that is supported.
	Failed99496 []TCMRule `json:"failed99496,omitempty"`
	Failed99495 []TCMRule `json:"failed99495,omitempty"`
	// DateOfService is the date to report on the claim: the day of the face-to-face visit (CMS
	// TCM FAQ, 2016, replacing the 2013 answer of the 30th day). Zero when no code is supported.
	DateOfService civil.Date `json:"dateOfService,omitzero"`
	// EarliestClaim is the first day the claim may be submitted: once the face-to-face visit is
	// furnished, without holding it to the end of the period (CMS TCM FAQ, 2016; [R] in spec
	// §3.1). A death before the period ends (TCMRuleAlive) withdraws the support after the fact.
	EarliestClaim civil.Date `json:"earliestClaim,omitzero"`
}

// DecideTCM decides which TCM code the services s support after the discharge recorded in e, with
// business days from cal. It checks every rule of [TCMRules] for each code and lists each one that
// fails, so the answer is never just "no".
//
// Attempts: "two or more separate attempts" is read as two unsuccessful contacts at distinct
// instants (compared with time.Time.Equal), each timely. The library does not ask for a minimum
// gap between them, so two attempts one second apart count as two; the sources read give no
// gap, and a caller that wants one (a different hour, a different day) must filter the contacts
// it passes. Contacts at the same instant count once.
//
// It returns carecoord.FieldErrors (matching carecoord.ErrInvalid) only for input it cannot judge:
// e without a location (path "event.location") or with a discharge outside 1900–2199, and
// malformed services: a contact without a time, a valid mode or a valid actor
// ("contacts[i].at", ".mode", ".by.kind"), an MDM that is set but not a level ("mdm"), an invalid
// date ("visit", "medRec", "died") or period ("reported[i].start", ".end"). A missing visit,
// reconciliation or MDM is not an error: the rules that need it fail.
func DecideTCM(e Event, s TCMServices, cal civil.Calendar) (TCMDecision, error) {
	if err := s.validate(&e); err != nil {
		return TCMDecision{}, err
	}
	var dec TCMDecision
	var common []TCMRule
	d := e.Disposition.Destination()
	discharged := e.Ended() && d.EndsStay()
	if !discharged {
		common = append(common, TCMRuleDischarged)
	}
	if e.Kind == KindEDVisit || !e.Setting.QualifiesForTCM() {
		common = append(common, TCMRuleSetting)
	}
	if discharged && !tcmDestination(d, s.Options) {
		common = append(common, TCMRuleDestination)
	}
	if e.Ended() {
		day := e.DischargeDate()
		dec.Timeline = NewTCMTimeline(day, cal)
		dec.Contact = s.contact(&e, dec.Timeline)
	}
	if !dec.Contact.Met {
		common = append(common, TCMRuleContact)
	}
	if s.Visit.IsZero() {
		common = append(common, TCMRuleVisitMissing)
	}
	f96 := slices.Clone(common)
	f95 := slices.Clone(common)
	if !s.Visit.IsZero() && !dec.Timeline.Discharge.IsZero() {
		first := dec.Timeline.Discharge.AddDays(1)
		if s.Options.VisitOnDischargeDay {
			first = dec.Timeline.Discharge
		}
		if s.Visit.Before(first) || s.Visit.After(dec.Timeline.Visit99496By) {
			f96 = append(f96, TCMRuleVisitWindow)
		}
		if s.Visit.Before(first) || s.Visit.After(dec.Timeline.Visit99495By) {
			f95 = append(f95, TCMRuleVisitWindow)
		}
	}
	if s.MDM.rank() < MDMHigh.rank() {
		f96 = append(f96, TCMRuleMDM)
	}
	if s.MDM.rank() < MDMModerate.rank() {
		f95 = append(f95, TCMRuleMDM)
	}
	var tail []TCMRule
	if s.MedRec.IsZero() || (!dec.Timeline.Discharge.IsZero() && s.MedRec.Before(dec.Timeline.Discharge)) ||
		(!s.Visit.IsZero() && s.MedRec.After(s.Visit)) {
		tail = append(tail, TCMRuleMedRec)
	}
	if !s.Died.IsZero() && (dec.Timeline.Period.IsEmpty() || !s.Died.After(dec.Timeline.Period.End)) {
		tail = append(tail, TCMRuleAlive)
	}
	if !dec.Timeline.Discharge.IsZero() && slices.ContainsFunc(s.Reported, func(r civil.Range) bool {
		_, overlaps := r.Overlap(dec.Timeline.Period)
		return overlaps
	}) {
		tail = append(tail, TCMRuleOnePerPeriod)
	}
	dec.Failed99496 = append(f96, tail...)
	dec.Failed99495 = append(f95, tail...)
	switch {
	case len(dec.Failed99496) == 0:
		dec.Code = TCM99496
	case len(dec.Failed99495) == 0:
		dec.Code = TCM99495
	}
	if len(dec.Failed99496) == 0 {
		dec.Failed99496 = nil
	}
	if len(dec.Failed99495) == 0 {
		dec.Failed99495 = nil
	}
	if dec.Code != "" {
		dec.DateOfService, dec.EarliestClaim = s.Visit, s.Visit
	}
	return dec, nil
}

// contact works out whether the contact requirement was met after e's discharge.
func (s *TCMServices) contact(e *Event, tl TCMTimeline) ContactResult {
	var r ContactResult
	var attempts []time.Time
	for _, c := range s.Contacts {
		if c.By.Kind == carecoord.ActorDevice || !c.At.After(e.Discharged) {
			continue
		}
		day := localDate(c.At, e.Location)
		if day.After(tl.ContactDue) || (day == tl.Discharge && !s.Options.ContactOnDischargeDay) {
			continue
		}
		if c.Reached {
			if r.Reached.IsZero() || day.Before(r.Reached) {
				r.Reached = day
			}
		} else if !slices.ContainsFunc(attempts, c.At.Equal) {
			attempts = append(attempts, c.At)
		}
	}
	r.Attempts = len(attempts)
	r.Met = !r.Reached.IsZero() || r.Attempts >= 2
	return r
}

// validate checks the input DecideTCM cannot judge.
func (s *TCMServices) validate(e *Event) error {
	var errs carecoord.FieldErrors
	if e.Location == nil {
		errs.Add(carecoord.Required("event.location", "must be the facility's time zone"))
	}
	if e.Ended() && !inSupportedRange(e.Discharged) {
		errs.Add(carecoord.OutOfRange("event.discharged", "must be in the years 1900 to 2199"))
	}
	for i, c := range s.Contacts {
		p := carecoord.Path("contacts", i)
		if c.At.IsZero() {
			errs.Add(carecoord.Required(p+".at", "must say when the contact was made"))
		}
		if !c.Mode.IsValid() {
			errs.Add(carecoord.NotSupported(p+".mode", ContactModes()...))
		}
		errs.Nest(p+".by", c.By.Validate())
	}
	if s.MDM != "" && !s.MDM.IsValid() {
		errs.Add(carecoord.NotSupported("mdm", MDMs()...))
	}
	for _, f := range [...]struct {
		path string
		d    civil.Date
	}{{"visit", s.Visit}, {"medRec", s.MedRec}, {"died", s.Died}} {
		if !f.d.IsZero() && !f.d.IsValid() {
			errs.Add(carecoord.Invalid(f.path, "must be a valid date"))
		}
	}
	for i, r := range s.Reported {
		errs.Nest(carecoord.Path("reported", i), r.Validate())
	}
	return errs.Err()
}
