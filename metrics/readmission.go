package metrics

import (
	"slices"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/transition"
	"github.com/shopspring/decimal"
)

// The measures of this file.
const (
	MeasurePCR          MeasureID = "readmission-pcr"
	MeasureHospitalWide MeasureID = "readmission-hwr"
)

// The reasons a readmission measure gives.
const (
	// ReasonReadmitted: an unplanned stay began within the window after the index discharge.
	ReasonReadmitted Reason = "readmitted"
	// ReasonNotReadmitted: no unplanned stay began within the window.
	ReasonNotReadmitted Reason = "not-readmitted"
	// ReasonDiedDuringStay: the index stay ended in death (NUBC 20, 40, 41, 42).
	ReasonDiedDuringStay Reason = "died-during-stay"
	// ReasonLeftAMA: the patient left against medical advice (NUBC 07).
	ReasonLeftAMA Reason = "left-against-medical-advice"
	// ReasonSameDayStay: the stay was admitted and discharged on one day.
	ReasonSameDayStay Reason = "same-day-stay"
	// ReasonTransferredOut: the stay ended in a transfer to another acute hospital, which
	// holds the index admission.
	ReasonTransferredOut Reason = "transferred-out"
)

// ReadmissionRules are the rules of a 30-day all-cause readmission measure. [PCR] and
// [HospitalWide] return the two published profiles; every field is an option a caller may
// change, and the points the sources leave open (spec §2, "open questions") are fields.
//
// Stays are first merged into episodes: a stay admitted within MergeGap days of the previous
// stay's discharge (a direct transfer) continues it, and the episode has the first stay's
// admission day and planned flag and the last stay's discharge day, disposition, principal
// diagnosis and expected probability. Transfers are merged before readmissions are looked
// for, or a transfer would look like a readmission on day 0 or 1 (spec §2.3). Every episode
// discharged in the index window is a candidate index stay, even one that is itself a
// readmission (HEDIS PCR; spec §2.1 rule 10).
type ReadmissionRules struct {
	// Measure names the profile in results.
	Measure MeasureID
	// Period is the measurement period. Index discharges fall from Period.Start through
	// Period.End minus Window.To days (1 January to 1 December of a calendar year with a
	// 30-day window), so each index stay has its whole window in the period.
	Period civil.Range
	// Window is when a readmission may begin, in days after the index discharge: {1, 30}.
	Window Window
	// Settings are the kinds of stay that count, as index stays and as readmissions; other
	// stays are ignored.
	Settings []transition.Setting
	// MergeGap is how many days after a stay's discharge the next admission still continues
	// it: 1 merges an admission on the discharge day or the next (HEDIS PCR).
	MergeGap int
	// MergeTransfers continues a stay discharged to another acute hospital into the patient's
	// next stay whatever the gap (the benchmark harness's rule; off in both profiles).
	MergeTransfers bool
	// ExcludeLeftAMA excludes index stays whose patient left against medical advice: CMS HWR
	// does; PCR tip sheets do not list it (spec §2.3).
	ExcludeLeftAMA bool
	// ExcludeSameDay excludes index stays admitted and discharged on one day (current PCR tip
	// sheets, spec §2.1 rule 7).
	ExcludeSameDay bool
	// ExcludeTransferredOut excludes index stays that end in a transfer to another acute
	// hospital that the data does not continue: the receiving hospital holds the index (CMS
	// HWR, spec §2.2 rule 2).
	ExcludeTransferredOut bool
	// FirstReadmissionOnly counts only the first stay in the window: when it is planned, an
	// unplanned stay after it is not a readmission (CMS HWR's chain rule, spec §2.2 rule 5).
	// PCR has no chain rule: any unplanned stay in the window counts.
	FirstReadmissionOnly bool
	// ExcludePrincipal returns the reason to exclude an index stay for its principal
	// diagnosis, or "": pregnancy and perinatal conditions in PCR, cancer treatment,
	// rehabilitation and psychiatric cohorts in HWR. The value sets are the caller's (NCQA's
	// and CMS's are licensed or versioned yearly). Nil excludes nothing.
	ExcludePrincipal func(principal string) Reason
}

// PCR returns the rules of HEDIS Plan All-Cause Readmissions for a measurement year, observed
// rate (spec §2.1, after NCQA's measure description and payer tip sheets): acute inpatient
// and observation stays, psychiatric included; index discharges 1 January to 1 December;
// readmissions on days 1 to 30 after discharge; direct transfers (next admission on the
// discharge day or the next) merged; deaths and same-day stays excluded; planned stays not
// counted as readmissions but still index stays; no chain rule. Age (18 and over, by product
// line), continuous enrollment and hospice are the caller's, through [Options.Eligible];
// pregnancy and perinatal diagnoses through ExcludePrincipal; the expected probabilities of
// the risk adjustment through [Stay.Expected].
func PCR(year int) ReadmissionRules {
	return ReadmissionRules{
		Measure:        MeasurePCR,
		Period:         calendarYear(year),
		Window:         Window{From: 1, To: 30},
		Settings:       []transition.Setting{transition.SettingAcuteInpatient, transition.SettingPsychiatricInpatient, transition.SettingObservation},
		MergeGap:       1,
		ExcludeSameDay: true,
	}
}

// HospitalWide returns the rules of the CMS Hospital-Wide All-Cause Unplanned Readmission
// measure's observed rate (spec §2.2, after the CMS/Yale methodology as the Tuva Project
// reads it): acute inpatient stays; transfers (next admission on the discharge day or the
// next) merged, the last hospital of the chain holding the index; index stays discharged
// alive, not against medical advice and not transferred out; only the first readmission in
// the 30 days counts, so an unplanned stay after a planned one is not a readmission. The
// cohort (65 and over, fee-for-service enrollment) is the caller's, through
// [Options.Eligible]; the excluded cohorts (cancer treatment, rehabilitation, psychiatric)
// through ExcludePrincipal. Risk standardisation needs CMS's coefficients and is not done
// here.
func HospitalWide(year int) ReadmissionRules {
	return ReadmissionRules{
		Measure:               MeasureHospitalWide,
		Period:                calendarYear(year),
		Window:                Window{From: 1, To: 30},
		Settings:              []transition.Setting{transition.SettingAcuteInpatient},
		MergeGap:              1,
		ExcludeLeftAMA:        true,
		ExcludeTransferredOut: true,
		FirstReadmissionOnly:  true,
	}
}

// calendarYear returns 1 January through 31 December of year; the zero Range, which the rules'
// Validate refuses, when the year is outside 1 to 9999.
func calendarYear(year int) civil.Range {
	start, err1 := civil.NewDate(year, time.January, 1)
	end, err2 := civil.NewDate(year, time.December, 31)
	if err1 != nil || err2 != nil {
		return civil.Range{}
	}
	return civil.Range{Start: start, End: end}
}

// Validate reports every problem with r as carecoord.FieldErrors.
func (r ReadmissionRules) Validate() error {
	var errs carecoord.FieldErrors
	if r.Measure == "" {
		errs.Add(carecoord.Required("measure", "must name the measure"))
	}
	errs.Nest("period", r.Period.Validate())
	errs.Nest("window", r.Window.Validate())
	if r.Window.From < 1 {
		errs.Add(carecoord.OutOfRange("window.from", "must be at least 1: a readmission begins after the index discharge"))
	}
	if len(r.Settings) == 0 {
		errs.Add(carecoord.Required("settings", "must name at least one setting"))
	}
	for i, s := range r.Settings {
		if !s.IsValid() {
			errs.Add(carecoord.NotAllowed(carecoord.Path("settings", i), "must be one of transition.Settings"))
		}
	}
	if r.MergeGap < 0 || r.MergeGap > 7 {
		errs.Add(carecoord.OutOfRange("mergeGap", "must be from 0 to 7 days"))
	}
	if r.Period.Validate() == nil && r.Window.Validate() == nil && r.indexEnd().Before(r.Period.Start) {
		errs.Add(carecoord.Invalid("window.to", "leaves no index discharges in the period"))
	}
	return errs.Err()
}

// indexEnd is the last day of the index window.
func (r ReadmissionRules) indexEnd() civil.Date { return r.Period.End.AddDays(-r.Window.To) }

// The facts of a stay the readmission walk needs, as bits.
const (
	rsPlanned uint8 = 1 << iota
	rsDied
	rsLeftAMA
	rsTransfer
	rsExpected // the stay has an expected probability
)

// A readmStay is a counted stay as the readmission walk sorts and reads it: small, its days
// packed in one integer, so that sorting a population moves and compares little.
type readmStay struct {
	key     uint64 // the patient's first 8 bytes, big-endian: most comparisons end here
	days    uint64 // admission day, then discharge day, as day numbers: orders as the pair does
	patient carecoord.PatientID
	idx     int32 // index in the caller's stays
	flags   uint8
}

// packDays packs the admission and discharge days, both valid, into one integer that orders
// as the pair does.
func packDays(epoch, admitted, discharged civil.Date) uint64 {
	return uint64(admitted.DaysSince(epoch))<<32 | uint64(discharged.DaysSince(epoch))
}

func (r *readmStay) admitted(epoch civil.Date) civil.Date {
	return epoch.AddDays(int(r.days >> 32))
}

func (r *readmStay) discharged(epoch civil.Date) civil.Date {
	return epoch.AddDays(int(r.days & (1<<32 - 1)))
}

// An episode is a run of merged stays.
type episode struct {
	first, last       int32 // indexes in the caller's stays
	admitted, dischgd civil.Date
	planned           bool  // the first stay's flag
	end               uint8 // the last stay's flags
}

// Readmissions computes a 30-day readmission measure over stays, in any order, under rules:
// each candidate index stay (an episode of merged stays discharged in the index window) is
// excluded with a reason, or in the denominator, and in the numerator when an unplanned
// stay began in the window after its discharge. Evidence rows are per candidate, with the
// first stay's id as the subject, the index discharge as the event day and the readmission's
// admission as the day that decided it.
//
// stays is not changed. Every stay of a counted setting is validated; the problems are
// returned (at most 50) as carecoord.FieldErrors with paths like "stays[12].discharged", and so
// is a stay given twice (same patient, days and id: "stays[12].id"; which copy came last would
// decide the episode's disposition) and a stay that overlaps the patient's previous stay
// (admitted before it was discharged), which is a data problem the measure cannot decide for
// the caller (spec §2.3): merge or drop such claims first.
func Readmissions(stays []Stay, rules ReadmissionRules, opts Options) (Result, error) {
	if err := rules.Validate(); err != nil {
		return Result{}, rulesError(err)
	}
	epoch, _ := civil.NewDate(1, time.January, 1) // day numbers from the first valid day
	recs, err := readmStays(stays, rules.Settings, epoch)
	if err != nil {
		return Result{}, err
	}
	slices.SortFunc(recs, func(a, b readmStay) int { return compareReadmStays(stays, &a, &b) })

	t := newTallier(rules.Measure, rules.Period, &opts)
	if opts.Evidence {
		t.res.Evidence = make([]Evidence, 0, len(recs)) // at most one row a stay
	}
	var eps []episode
	for lo := 0; lo < len(recs); {
		hi := lo + 1
		for hi < len(recs) && recs[hi].key == recs[lo].key && recs[hi].patient == recs[lo].patient {
			hi++
		}
		eps, err = appendEpisodes(eps[:0], stays, recs[lo:hi], &rules, epoch)
		if err != nil {
			return Result{}, err
		}
		rules.count(&t, stays, recs[lo].patient, eps)
		lo = hi
	}
	return t.finish(), nil
}

// readmStays validates the stays of the counted settings and returns them as readmStays, their
// days counted from epoch.
func readmStays(stays []Stay, settings []transition.Setting, epoch civil.Date) ([]readmStay, error) {
	var errs carecoord.FieldErrors
	recs := make([]readmStay, 0, len(stays))
	for i := range stays {
		s := &stays[i]
		if !slices.Contains(settings, s.Setting) {
			continue
		}
		if err := s.Validate(); err != nil {
			if len(errs) < maxProblems {
				errs.Nest(carecoord.Path("stays", i), err)
			}
			continue
		}
		r := readmStay{key: groupKey(s.Patient, true), days: packDays(epoch, s.Admitted, s.Discharged), patient: s.Patient, idx: int32(i)}
		if s.Planned {
			r.flags |= rsPlanned
		}
		if s.Expected.Valid {
			r.flags |= rsExpected
		}
		switch s.Disposition.Destination() {
		case transition.DestExpired:
			r.flags |= rsDied
		case transition.DestLeftAMA:
			r.flags |= rsLeftAMA
		case transition.DestAcuteHospital:
			r.flags |= rsTransfer
		}
		recs = append(recs, r)
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	return recs, nil
}

// compareReadmStays is compareStays on the compact records: the ids, which only break ties,
// are read from the caller's stays.
func compareReadmStays(stays []Stay, a, b *readmStay) int {
	if c := comparePatients(a.key, a.patient, b.key, b.patient); c != 0 {
		return c
	}
	if a.days != b.days {
		if a.days < b.days {
			return -1
		}
		return 1
	}
	return compareStays(&stays[a.idx], &stays[b.idx])
}

// appendEpisodes appends to dst the episodes of one patient's stays, in order.
func appendEpisodes(dst []episode, stays []Stay, recs []readmStay, rules *ReadmissionRules, epoch civil.Date) ([]episode, error) {
	for k := range recs {
		r := &recs[k]
		if k > 0 {
			prev := &recs[k-1]
			if r.days == prev.days && stays[r.idx].ID == stays[prev.idx].ID {
				return nil, carecoord.FieldErrors{carecoord.Duplicate(carecoord.Path("stays", int(max(r.idx, prev.idx)), "id"),
					"must not repeat a stay of the same patient")}
			}
			gap := int(r.days>>32) - int(prev.days&(1<<32-1))
			if gap < 0 {
				return nil, carecoord.FieldErrors{carecoord.Invalid(carecoord.Path("stays", int(r.idx), "admitted"),
					"must not be before the discharge of the patient's previous stay (overlapping stays)")}
			}
			if gap <= rules.MergeGap || rules.MergeTransfers && prev.flags&rsTransfer != 0 {
				e := &dst[len(dst)-1]
				e.last, e.dischgd, e.end = r.idx, r.discharged(epoch), r.flags
				continue
			}
		}
		dst = append(dst, episode{first: r.idx, last: r.idx, admitted: r.admitted(epoch), dischgd: r.discharged(epoch), planned: r.flags&rsPlanned != 0, end: r.flags})
	}
	return dst, nil
}

// count decides each of one patient's episodes discharged in the index window. It reads the
// caller's stays only for what the rules and options ask for (ids for evidence, diagnoses for
// exclusions, expected probabilities), as those reads are cache misses over a population.
func (rules *ReadmissionRules) count(t *tallier, stays []Stay, patient carecoord.PatientID, eps []episode) {
	end := rules.indexEnd()
	for i := range eps {
		e := &eps[i]
		if e.dischgd.Before(rules.Period.Start) || e.dischgd.After(end) {
			continue
		}
		ev := Evidence{Patient: patient, Event: e.dischgd}
		if t.opts.Evidence {
			ev.Subject = stays[e.first].ID
		}
		ev.Reason = rules.exclusion(t, e, stays, patient)
		if ev.Reason != "" {
			ev.Status = Excluded
			t.add(ev, nil)
			continue
		}
		ev.Status, ev.Reason = InDenominator, ReasonNotReadmitted
		if r, ok := rules.readmission(eps[i+1:], e.dischgd); ok {
			ev.Status, ev.Reason, ev.Decided = InNumerator, ReasonReadmitted, r
		}
		var expected *decimal.Decimal
		if e.end&rsExpected != 0 {
			expected = &stays[e.last].Expected.Decimal
		}
		t.add(ev, expected)
	}
}

// exclusion returns why episode e of patient is not an index stay, or "".
func (rules *ReadmissionRules) exclusion(t *tallier, e *episode, stays []Stay, patient carecoord.PatientID) Reason {
	switch {
	case e.end&rsDied != 0:
		return ReasonDiedDuringStay
	case rules.ExcludeLeftAMA && e.end&rsLeftAMA != 0:
		return ReasonLeftAMA
	case rules.ExcludeSameDay && e.admitted == e.dischgd:
		return ReasonSameDayStay
	case rules.ExcludeTransferredOut && e.end&rsTransfer != 0:
		return ReasonTransferredOut
	}
	if rules.ExcludePrincipal != nil {
		if r := rules.ExcludePrincipal(stays[e.last].Principal); r != "" {
			return r
		}
	}
	return t.eligible(patient, e.dischgd)
}

// readmission returns the admission day of the stay among later that readmits a patient
// discharged on dischgd, and whether there is one.
func (rules *ReadmissionRules) readmission(later []episode, dischgd civil.Date) (civil.Date, bool) {
	for k := range later {
		r := &later[k]
		d := r.admitted.DaysSince(dischgd)
		if d > rules.Window.To {
			break
		}
		if d < rules.Window.From {
			continue
		}
		if !r.planned {
			return r.admitted, true
		}
		if rules.FirstReadmissionOnly {
			break // a planned stay first: the chain's later stays are not readmissions
		}
	}
	return civil.Date{}, false
}
