package metrics

import (
	"math"
	"slices"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/transition"
)

// The follow-up measures of this file. The transitions-of-care measures are in trc.go.
const (
	MeasureFUH7  MeasureID = "fuh-7"
	MeasureFUH30 MeasureID = "fuh-30"
	MeasureFMC   MeasureID = "fmc"
)

// The reasons a follow-up or transitions-of-care measure gives.
const (
	// ReasonFollowedUp: a qualifying service took place in the window; Decided is its day.
	ReasonFollowedUp Reason = "followed-up"
	// ReasonNoFollowUp: no qualifying service took place in the window.
	ReasonNoFollowUp Reason = "no-follow-up-in-window"
	// ReasonDied: the patient died: the stay (or the last stay of its episode) ended in death
	// (NUBC 20, 40, 41, 42), or, under [FollowUpRules.ExcludeDeaths], a later stay in the
	// measurement period did. Decided is the day of death (that stay's discharge day).
	ReasonDied Reason = "died"
	// ReasonAdmittedAcute: an acute inpatient stay began in the readmission window and the
	// rules exclude the event for it: a readmission for another principal diagnosis (FUH), an
	// admission after an ED visit (FMC), or an ED visit that ended "admitted here" (NUBC 09).
	// Decided is the admission day.
	ReasonAdmittedAcute Reason = "admitted-acute"
	// ReasonAdmittedNonAcute: a non-acute inpatient stay (skilled nursing, inpatient
	// rehabilitation, long-term care hospital) began in the readmission window and the rules
	// exclude the event for it. Decided is the admission day.
	ReasonAdmittedNonAcute Reason = "admitted-nonacute"
	// ReasonLastDischargeAfterWindow: readmissions moved the event to a last discharge after
	// the index window (after 1 December), so the whole episode is dropped (HEDIS FUH, TRC).
	// Event is that last discharge; Decided the last readmission's admission.
	ReasonLastDischargeAfterWindow Reason = "last-discharge-after-window"
	// ReasonRepeatVisit: the event fell within [FollowUpRules.OnePer] days of an earlier one
	// already counted (FMC counts the first ED visit of any 8 days). Decided is that earlier
	// event's day.
	ReasonRepeatVisit Reason = "repeat-visit"
)

// An Anchor names the day of a stay a rule counts from. The zero Anchor is not valid.
type Anchor string

// The anchors.
const (
	// AnchorDischarge is the discharge day: of the last stay, when readmissions re-anchor an
	// episode.
	AnchorDischarge Anchor = "discharge"
	// AnchorAdmission is the admission day (an ED visit's day): of the first stay of an
	// episode.
	AnchorAdmission Anchor = "admission"
)

// IsValid reports whether a is AnchorDischarge or AnchorAdmission.
func (a Anchor) IsValid() bool { return a == AnchorDischarge || a == AnchorAdmission }

// A ReadmitAction is what a follow-up measure does with an event when an inpatient stay
// begins in its readmission window ([FollowUpRules.Readmission]). The zero ReadmitAction is
// not valid.
type ReadmitAction string

// The readmission actions.
const (
	// ReadmitLastDischarge re-anchors: the event becomes the stay's discharge, and the rule is
	// applied again from there, so an episode counts once, at its last discharge (HEDIS FUH
	// for an acute readmission with a qualifying diagnosis; HEDIS TRC for any inpatient stay).
	ReadmitLastDischarge ReadmitAction = "last-discharge"
	// ReadmitExclude excludes the event (HEDIS FUH for a non-acute stay; FMC for any
	// admission).
	ReadmitExclude ReadmitAction = "exclude"
	// ReadmitIgnore takes no notice of the stay.
	ReadmitIgnore ReadmitAction = "ignore"
)

// ReadmitActions returns every ReadmitAction, in a new slice.
func ReadmitActions() []ReadmitAction {
	return []ReadmitAction{ReadmitLastDischarge, ReadmitExclude, ReadmitIgnore}
}

// IsValid reports whether a is one of [ReadmitActions].
func (a ReadmitAction) IsValid() bool {
	return a == ReadmitLastDischarge || a == ReadmitExclude || a == ReadmitIgnore
}

// FollowUpRules are the rules of a follow-up measure: which stays are events, which services
// follow them up and in which window, and what readmissions, deaths and repeats do. HEDIS
// FUH, FMC, TRC and MRP all have this shape (spec §3: an event day, a window of days from it,
// a qualifying service in the window?), and [FUH7], [FUH30], [FMC], [TRC] and [MRP] return
// their published profiles. Every field is an option a caller may change; windows are data,
// so a measure year's change is a change of rules, not of code.
//
// Inpatient stays are acute (acute inpatient, psychiatric inpatient) or non-acute (skilled
// nursing, inpatient rehabilitation, long-term care hospital), as HEDIS groups its inpatient
// and non-acute inpatient stays; observation, partial hospitalization and ED visits are not
// inpatient stays.
//
// The zero FollowUpRules is not valid; [FollowUpRules.Validate] says why.
type FollowUpRules struct {
	// Measure names the profile in results.
	Measure MeasureID
	// Period is the measurement period. Events fall from Period.Start through Period.End
	// minus the longest of Window.To and Readmission.To days, so that every event's windows
	// end in the period: 1 January to 1 December for FUH, TRC and MRP (30 days), to
	// 24 December for FMC (7 days).
	Period civil.Range
	// Settings are the kinds of stay that are events (acute inpatient for FUH, every
	// inpatient setting for TRC, the emergency department for FMC).
	Settings []transition.Setting
	// Qualifies reports whether a stay of Settings is an event: FUH's principal diagnosis of
	// mental illness or intentional self-harm, FMC's two or more chronic conditions before the
	// visit. NCQA's value sets are licensed, so they are the caller's. It also decides which
	// acute readmissions re-anchor (OnAcute) and which count as another diagnosis
	// (OnAcuteOther). Nil: every stay of Settings.
	Qualifies func(Stay) bool
	// Event is the day of a stay the measure anchors on: the index window, the evidence's
	// Event, the readmission window and the day passed to Options.Eligible and
	// Options.Stratify all count from it. AnchorDischarge for discharges, AnchorAdmission for
	// ED visits.
	Event Anchor
	// Window is when the follow-up must take place, in days from the From day: {1, 7} for
	// FUH's 7-day rate (a visit on the discharge day does not count), {0, 7} for FMC.
	Window Window
	// From is the day Window counts from: AnchorDischarge, the episode's last discharge;
	// AnchorAdmission, its first admission (an ED visit's day; TRC's notification of
	// admission).
	From Anchor
	// Kinds are the kinds of service that follow up; attempts ([Service.Attempt]) never do.
	Kinds []ServiceKind
	// Accept narrows Kinds with the caller's value sets: "with a mental-health practitioner",
	// a procedure code in a value set. Nil: every service of Kinds.
	Accept func(Service) bool
	// Readmission is when an inpatient stay's admission, in days after the event day, is a
	// readmission or direct transfer ({0, 30} for FUH and TRC: the discharge day counts) or,
	// after an ED visit, an admission ({0, 7} for FMC).
	Readmission Window
	// OnAcute, OnAcuteOther and OnNonAcute say what such a stay does: an acute stay that
	// Qualifies (a stay of Settings that Qualifies), another acute stay, a non-acute stay.
	// ReadmitLastDischarge needs Event = AnchorDischarge.
	OnAcute, OnAcuteOther, OnNonAcute ReadmitAction
	// OnePer counts only the first event in any OnePer days (the event's day and the
	// OnePer−1 after it); later ones are excluded as repeats (FMC: 8). Only an event that is
	// counted (in the denominator) starts a period. 0 counts every event.
	OnePer int
	// ExcludeDeaths excludes every event of a patient who died in the measurement period, as
	// a stay of the input ending in death shows (the general HEDIS exclusion; spec §3.2
	// rule 6, §3.3 rule 4). Deaths the stays do not show are the caller's, through
	// Options.Eligible. An event whose own stay ended in death is excluded either way.
	ExcludeDeaths bool
}

// FUH7 returns the rules of HEDIS Follow-Up After Hospitalization for Mental Illness, 7-day
// rate, for a measurement year (spec §3.2, after NCQA's measure description and the
// Clinigence and BCBSND summaries): acute inpatient discharges (psychiatric included) from
// 1 January to 1 December; a follow-up service on days 1 to 7 after the discharge (not the
// discharge day); an acute readmission or direct transfer with a qualifying principal
// diagnosis on days 0 to 30 re-anchors the event to the last discharge (and drops it when that
// is after 1 December); a non-acute stay on days 0 to 30 excludes it; so does an acute stay
// for another principal diagnosis, which the spec does not state and earlier HEDIS volumes
// do [G]: set OnAcuteOther to ReadmitIgnore for the other reading; deaths excluded.
//
// The services are outpatient and intensive-outpatient visits, telehealth, telephone and TCM
// (spec §3.2 rule 4). Before use, set Qualifies (principal diagnosis of mental illness or
// intentional self-harm, from the caller's value sets) and Accept (a mental-health
// practitioner, or a mental-health diagnosis in newer volumes). Age (6 and over), continuous
// enrollment and hospice are the caller's, through [Options.Eligible].
func FUH7(year int) FollowUpRules { return fuFUH(year, MeasureFUH7, 7) }

// FUH30 returns the rules of HEDIS FUH's 30-day rate: [FUH7] with the window days 1 to 30
// after the discharge (spec §3.2 rule 3).
func FUH30(year int) FollowUpRules { return fuFUH(year, MeasureFUH30, 30) }

// fuFUH returns the rules both FUH rates share, with a window of days 1 to days.
func fuFUH(year int, m MeasureID, days int) FollowUpRules {
	return FollowUpRules{
		Measure:       m,
		Period:        calendarYear(year),
		Settings:      []transition.Setting{transition.SettingAcuteInpatient, transition.SettingPsychiatricInpatient},
		Event:         AnchorDischarge,
		Window:        Window{From: 1, To: days},
		From:          AnchorDischarge,
		Kinds:         []ServiceKind{ServiceVisit, ServiceTelehealth, ServiceTelephone, ServiceTCM},
		Readmission:   Window{From: 0, To: 30},
		OnAcute:       ReadmitLastDischarge,
		OnAcuteOther:  ReadmitExclude,
		OnNonAcute:    ReadmitExclude,
		ExcludeDeaths: true,
	}
}

// FMC returns the rules of HEDIS Follow-Up After Emergency Department Visit for People With
// Multiple High-Risk Chronic Conditions for a measurement year (spec §3.3, after the Johns
// Hopkins and McLaren summaries of NCQA's specification): ED visits from 1 January to
// 24 December; a follow-up service on the visit day or the 7 days after (8 days; that the ED
// day counts is [G]); visits followed by an acute or non-acute inpatient admission on the ED
// day or the 7 days after are excluded, as are ED visits that ended "admitted here" (NUBC 09);
// only the first counted ED visit in any 8 days counts [G]; deaths excluded.
//
// The services are outpatient visits, telephone, telehealth, e-visits and virtual check-ins,
// and TCM. Set Qualifies to the caller's test of two or more different high-risk chronic
// conditions identified before the visit (or exclude through [Options.Eligible]); age 18 and
// over, enrollment and hospice are the caller's too. Pass the ED visits (stays in the
// emergency-department setting) together with the patients' inpatient stays.
func FMC(year int) FollowUpRules {
	return FollowUpRules{
		Measure:       MeasureFMC,
		Period:        calendarYear(year),
		Settings:      []transition.Setting{transition.SettingEmergencyDepartment},
		Event:         AnchorAdmission,
		Window:        Window{From: 0, To: 7},
		From:          AnchorAdmission,
		Kinds:         []ServiceKind{ServiceVisit, ServiceTelehealth, ServiceTelephone, ServiceEVisit, ServiceTCM},
		Readmission:   Window{From: 0, To: 7},
		OnAcute:       ReadmitExclude,
		OnAcuteOther:  ReadmitExclude,
		OnNonAcute:    ReadmitExclude,
		OnePer:        8,
		ExcludeDeaths: true,
	}
}

// Validate reports every problem with r as carecoord.FieldErrors.
func (r FollowUpRules) Validate() error {
	var errs carecoord.FieldErrors
	if r.Measure == "" {
		errs.Add(carecoord.Required("measure", "must name the measure"))
	}
	errs.Nest("period", r.Period.Validate())
	if len(r.Settings) == 0 {
		errs.Add(carecoord.Required("settings", "must name at least one setting"))
	}
	for i, s := range r.Settings {
		if !s.IsValid() {
			errs.Add(carecoord.NotSupported(carecoord.Path("settings", i), transition.Settings()...))
		}
	}
	for _, a := range [...]struct {
		path string
		a    Anchor
	}{{"event", r.Event}, {"from", r.From}} {
		if !a.a.IsValid() {
			errs.Add(carecoord.NotSupported(a.path, AnchorDischarge, AnchorAdmission))
		}
	}
	errs.Nest("window", r.Window.Validate())
	if len(r.Kinds) == 0 {
		errs.Add(carecoord.Required("kinds", "must name at least one kind of service"))
	}
	for i, k := range r.Kinds {
		if !k.IsValid() {
			errs.Add(carecoord.NotSupported(carecoord.Path("kinds", i), ServiceKinds()...))
		}
	}
	errs.Nest("readmission", r.Readmission.Validate())
	if r.Readmission.From < 0 {
		errs.Add(carecoord.OutOfRange("readmission.from", "must not be before the event day"))
	}
	for _, a := range [...]struct {
		path string
		a    ReadmitAction
	}{{"onAcute", r.OnAcute}, {"onAcuteOther", r.OnAcuteOther}, {"onNonAcute", r.OnNonAcute}} {
		switch {
		case !a.a.IsValid():
			errs.Add(carecoord.NotSupported(a.path, ReadmitActions()...))
		case a.a == ReadmitLastDischarge && r.Event != AnchorDischarge:
			errs.Add(carecoord.Invalid(a.path, "must not re-anchor unless event is the discharge"))
		}
	}
	if r.OnePer < 0 || r.OnePer > 366 {
		errs.Add(carecoord.OutOfRange("onePer", "must be from 0 to 366 days"))
	}
	if len(errs) == 0 && r.fuIndexEnd().Before(r.Period.Start) {
		errs.Add(carecoord.Invalid("period", "leaves no event days before its end, less the longest window"))
	}
	return errs.Err()
}

// fuIndexEnd is the last event day: the period's end less the longest window.
func (r *FollowUpRules) fuIndexEnd() civil.Date {
	return r.Period.End.AddDays(-max(r.Window.To, r.Readmission.To, 0))
}

// The facts of a stay the follow-up walk needs, as bits.
const (
	fuEvent    uint8 = 1 << iota // a stay of Settings that Qualifies
	fuAcute                      // an acute inpatient stay
	fuNonAcute                   // a non-acute inpatient stay
	fuDied                       // ended in death
	fuAdmitted                   // ended "admitted here" (NUBC 09)
	fuUsed                       // counted already, as an event or in an episode
)

// fuInpatient returns fuAcute or fuNonAcute for an inpatient setting, 0 for the others: the
// library's reading of HEDIS's Inpatient Stay and Nonacute Inpatient Stay value sets.
func fuInpatient(s transition.Setting) uint8 {
	switch s {
	case transition.SettingAcuteInpatient, transition.SettingPsychiatricInpatient:
		return fuAcute
	case transition.SettingSkilledNursing, transition.SettingInpatientRehab, transition.SettingLongTermCareHospital:
		return fuNonAcute
	}
	return 0
}

// A fuStay is a stay as a measure sorts and reads it: small, and without the caller's strings
// but the patient, so that sorting a population moves little.
type fuStay struct {
	key                  uint64 // groupKey of the patient
	patient              carecoord.PatientID
	admitted, discharged civil.Date
	idx                  int32 // index in the caller's stays
	flags                uint8
}

// fuStays returns the stays a measure reads, validated and sorted by patient (groupKey, with
// inOrder, then id), admission, discharge and id. flags gives a stay's facts from its setting
// (0: not read); a stay that ended in death is read whatever its setting. event, when not nil,
// is the caller's test of a valid stay flagged fuEvent, which keeps the flag only when it
// passes. Problems are added to errs with paths "stays[i].field".
func fuStays(stays []Stay, flags func(*Stay) uint8, event func(Stay) bool, inOrder bool, errs *carecoord.FieldErrors) []fuStay {
	out := make([]fuStay, 0, len(stays))
	for i := range stays {
		s := &stays[i]
		f := flags(s)
		switch s.Disposition.Destination() {
		case transition.DestExpired:
			f |= fuDied
		case transition.DestAdmitted:
			if f&fuEvent != 0 {
				f |= fuAdmitted
			}
		}
		if f == 0 {
			continue
		}
		if err := s.Validate(); err != nil {
			if len(*errs) < maxProblems {
				errs.Nest(carecoord.Path("stays", i), err)
			}
			continue
		}
		if f&fuEvent != 0 && event != nil && !event(*s) {
			f &^= fuEvent | fuAdmitted
		}
		out = append(out, fuStay{key: groupKey(s.Patient, inOrder), patient: s.Patient, admitted: s.Admitted, discharged: s.Discharged, idx: int32(i), flags: f})
	}
	sortGrouped(out, func(s *fuStay) uint64 { return s.key }, func(s *fuStay) carecoord.PatientID { return s.patient }, func(a, b fuStay) int {
		if c := comparePatients(a.key, a.patient, b.key, b.patient); c != 0 {
			return c
		}
		if c := a.admitted.Compare(b.admitted); c != 0 {
			return c
		}
		if c := a.discharged.Compare(b.discharged); c != 0 {
			return c
		}
		return compareStays(&stays[a.idx], &stays[b.idx])
	})
	return out
}

// fuCheckSizes refuses inputs too long to index with int32.
func fuCheckSizes(stays, services int) error {
	var errs carecoord.FieldErrors
	if stays > math.MaxInt32 {
		errs.Add(carecoord.OutOfRange("stays", "must hold fewer than 2^31 stays: split the population by patient and merge"))
	}
	if services > math.MaxInt32 {
		errs.Add(carecoord.OutOfRange("services", "must hold fewer than 2^31 services: split the population by patient and merge"))
	}
	return errs.Err()
}

// fuEachPatient calls f with each patient's stays and services, in the order fuStays and
// fuServices sort them; a patient with services and no stays is skipped. It stops at f's first
// error.
func fuEachPatient(recs []fuStay, svcs []fuService, f func(recs []fuStay, svcs []fuService) error) error {
	j := 0
	for lo := 0; lo < len(recs); {
		r := &recs[lo]
		hi := lo + 1
		for hi < len(recs) && recs[hi].key == r.key && recs[hi].patient == r.patient {
			hi++
		}
		for j < len(svcs) && comparePatients(svcs[j].key, svcs[j].patient, r.key, r.patient) < 0 {
			j++
		}
		k := j
		for k < len(svcs) && svcs[k].key == r.key && svcs[k].patient == r.patient {
			k++
		}
		if err := f(recs[lo:hi], svcs[j:k]); err != nil {
			return err
		}
		lo, j = hi, k
	}
	return nil
}

// fuDeath checks that one patient's inpatient stays do not overlap (a data problem the
// measures cannot decide for the caller: merge or drop such claims first, as for
// readmissions), and returns the first day of death the stays show, zero when none does.
func fuDeath(recs []fuStay) (civil.Date, error) {
	var died civil.Date
	prev := -1
	for i := range recs {
		r := &recs[i]
		if r.flags&(fuAcute|fuNonAcute) != 0 {
			if prev >= 0 && r.admitted.Before(recs[prev].discharged) {
				return civil.Date{}, carecoord.FieldErrors{carecoord.Invalid(carecoord.Path("stays", int(r.idx), "admitted"),
					"must not be before the discharge of the patient's previous inpatient stay (overlapping stays)")}
			}
			prev = i
		}
		if r.flags&fuDied != 0 && (died.IsZero() || r.discharged.Before(died)) {
			died = r.discharged
		}
	}
	return died, nil
}

// FollowUp computes a follow-up measure over stays and services, in any order, under rules:
// each event (a stay of rules.Settings that rules.Qualifies, its day in the index window,
// after readmissions have re-anchored it) is excluded with a reason, or in the denominator,
// and in the numerator when a service of rules.Kinds that rules.Accept took place in
// rules.Window. Evidence rows are per event, with the first stay's id as the subject, the
// event day (the last discharge of an episode) as Event and the first service in the window
// as Decided.
//
// Stays and services are not changed; each is sorted once (as a compact copy) and read in one
// pass per patient. Every stay the measure reads (those of rules.Settings, every inpatient
// stay, every stay that ended in death) and every service is validated; the problems are
// returned (at most 50) as carecoord.FieldErrors with paths like "stays[12].discharged" or
// "services[3].day", and so is an inpatient stay admitted before the patient's previous
// inpatient stay was discharged. Invalid rules are reported under "rules".
func FollowUp(stays []Stay, services []Service, rules FollowUpRules, opts Options) (Result, error) {
	if err := rules.Validate(); err != nil {
		return Result{}, rulesError(err)
	}
	stayFlags := func(s *Stay) uint8 {
		f := fuInpatient(s.Setting)
		if slices.Contains(rules.Settings, s.Setting) {
			f |= fuEvent
		}
		return f
	}
	accept := func(s *Service) bool {
		return !s.Attempt && slices.Contains(rules.Kinds, s.Kind) && (rules.Accept == nil || rules.Accept(*s))
	}
	return fuMeasure(rules.Measure, rules.Period, stays, services, opts, stayFlags, rules.Qualifies, accept,
		func(t *tallier) func([]fuStay, []fuService) error {
			w := &fuWalker{rules: &rules, stays: stays, t: t, last: rules.fuIndexEnd(), evidence: opts.Evidence}
			return w.patient
		})
}

// rulesError reports invalid rules under "rules".
func rulesError(err error) error {
	var errs carecoord.FieldErrors
	errs.Nest("rules", err)
	return errs.Err()
}

// fuMeasure runs a measure over stays and services: it validates and copies the stays (with
// the flags stayFlags gives them and, for the event stays, qualifies) and the services accept
// keeps, groups both by patient, and hands each patient's to the walker newWalk makes.
func fuMeasure(m MeasureID, period civil.Range, stays []Stay, services []Service, opts Options,
	stayFlags func(*Stay) uint8, qualifies func(Stay) bool, accept func(*Service) bool,
	newWalk func(*tallier) func([]fuStay, []fuService) error) (Result, error) {
	if err := fuCheckSizes(len(stays), len(services)); err != nil {
		return Result{}, err
	}
	var errs carecoord.FieldErrors
	inOrder := opts.Evidence || fuInPatientOrder(stays, services)
	recs := fuStays(stays, stayFlags, qualifies, inOrder, &errs)
	svcs := fuServices(services, accept, inOrder, &errs)
	if len(errs) > 0 {
		return Result{}, capProblems(errs)
	}
	t := newTallier(m, period, &opts)
	if err := fuEachPatient(recs, svcs, newWalk(&t)); err != nil {
		return Result{}, err
	}
	return t.finish(), nil
}

// A fuWalker decides one patient's events at a time.
type fuWalker struct {
	rules    *FollowUpRules
	stays    []Stay
	t        *tallier
	last     civil.Date // the last event day
	evidence bool
}

// fuDay returns the day of r an anchor names.
func fuDay(r *fuStay, a Anchor) civil.Date {
	if a == AnchorAdmission {
		return r.admitted
	}
	return r.discharged
}

// patient decides the events of one patient's stays, with the patient's accepted services.
func (w *fuWalker) patient(recs []fuStay, svcs []fuService) error {
	died, err := fuDeath(recs)
	if err != nil {
		return err
	}
	rules := w.rules
	var counted civil.Date // the last counted event's day, for OnePer
	for k := range recs {
		first := &recs[k]
		if first.flags&(fuEvent|fuUsed) != fuEvent {
			continue
		}
		if d := fuDay(first, rules.Event); d.Before(rules.Period.Start) || d.After(w.last) {
			continue
		}
		first.flags |= fuUsed
		last, why, decided := w.episode(recs, k)
		e := Evidence{Patient: first.patient, Event: fuDay(&recs[last], rules.Event)}
		if w.evidence {
			e.Subject = w.stays[first.idx].ID
		}
		switch {
		case e.Event.After(w.last):
			e.Reason, e.Decided = ReasonLastDischargeAfterWindow, decided
		case recs[last].flags&fuDied != 0:
			e.Reason, e.Decided = ReasonDied, recs[last].discharged
		case rules.ExcludeDeaths && !died.IsZero() && !died.After(rules.Period.End):
			e.Reason, e.Decided = ReasonDied, died
		case why != "":
			e.Reason, e.Decided = why, decided
		default:
			e.Reason = w.t.eligible(e.Patient, e.Event)
			if e.Reason == "" && rules.OnePer > 0 && !counted.IsZero() && e.Event.DaysSince(counted) < rules.OnePer {
				e.Reason, e.Decided = ReasonRepeatVisit, counted
			}
		}
		if e.Reason != "" {
			e.Status = Excluded
			w.t.add(e, nil)
			continue
		}
		counted = e.Event
		from := recs[last].discharged // the episode's last discharge, or its first admission
		if rules.From == AnchorAdmission {
			from = first.admitted
		}
		lo, hi := from.AddDays(rules.Window.From), from.AddDays(rules.Window.To)
		e.Status, e.Reason = InDenominator, ReasonNoFollowUp
		if i := fuFirstFrom(svcs, lo); i < len(svcs) && !svcs[i].day.After(hi) {
			e.Status, e.Reason, e.Decided = InNumerator, ReasonFollowedUp, svcs[i].day
		}
		w.t.add(e, nil)
	}
	return nil
}

// episode follows the event stay recs[k] through its readmissions: it returns the last stay
// of the episode, and when a stay excludes the event the reason, with the admission day of
// the stay that decided (the exclusion, or the last re-anchoring). Stays that join the
// episode are marked used.
func (w *fuWalker) episode(recs []fuStay, k int) (last int, why Reason, decided civil.Date) {
	rules := w.rules
	last = k
	if recs[k].flags&fuAdmitted != 0 && rules.OnAcuteOther == ReadmitExclude &&
		rules.Readmission.Contains(fuDay(&recs[k], rules.Event), recs[k].discharged) {
		return k, ReasonAdmittedAcute, recs[k].discharged
	}
	for {
		day := fuDay(&recs[last], rules.Event)
		lo, hi := day.AddDays(rules.Readmission.From), day.AddDays(rules.Readmission.To)
		p := last
		for p > 0 && !recs[p-1].admitted.Before(lo) {
			p--
		}
		next := -1
	scan:
		for j := p; j < len(recs) && !recs[j].admitted.After(hi); j++ {
			s := &recs[j]
			class := s.flags & (fuAcute | fuNonAcute)
			if j == last || class == 0 || s.flags&fuUsed != 0 || s.admitted.Before(lo) {
				continue
			}
			act, reason := rules.OnNonAcute, ReasonAdmittedNonAcute
			if class == fuAcute {
				act, reason = rules.OnAcuteOther, ReasonAdmittedAcute
				if s.flags&fuEvent != 0 {
					act = rules.OnAcute
				}
			}
			switch act {
			case ReadmitExclude:
				return last, reason, s.admitted
			case ReadmitLastDischarge:
				next = j
				break scan
			}
		}
		if next < 0 {
			return last, "", decided
		}
		recs[next].flags |= fuUsed
		last, decided = next, recs[next].admitted
	}
}
