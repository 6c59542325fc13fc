package metrics

import (
	"cmp"
	"slices"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/referral"
	"github.com/carecoord/carecoord/sdoh"
)

// The social-needs screening measures of this file.
const (
	// MeasureScreening is the SDOH screening rate ([ScreeningRate]).
	MeasureScreening MeasureID = "sdoh-screening"
	// MeasureScreenPositive is the SDOH screen positive rate ([PositiveRate]).
	MeasureScreenPositive MeasureID = "sdoh-screen-positive"
)

// MeasureScreenReferred and MeasureScreenLoopClosed return the ids of the two measures of
// [ScreenReferrals] with window w: "sdoh-referral-made-0..30", "sdoh-loop-closed-0..60".
// The window is part of the id, so results with different windows never merge.
func MeasureScreenReferred(w Window) MeasureID { return MeasureID("sdoh-referral-made-" + w.String()) }

// MeasureScreenLoopClosed: see [MeasureScreenReferred].
func MeasureScreenLoopClosed(w Window) MeasureID { return MeasureID("sdoh-loop-closed-" + w.String()) }

// The reasons the screening measures give.
const (
	// ReasonScreened: the patient has a valid screen in the period (numerator).
	ReasonScreened Reason = "screened"
	// ReasonNotScreened: the patient has no screen in the period.
	ReasonNotScreened Reason = "not-screened"
	// ReasonScreenInvalid: an invalid response (sdoh.Result.Valid false): it does not show
	// the patient was screened, and it is never counted negative.
	ReasonScreenInvalid Reason = "screen-invalid"
	// ReasonScreenPositive and ReasonScreenNegative: the screen's overall status.
	ReasonScreenPositive Reason = "screen-positive"
	ReasonScreenNegative Reason = "screen-negative"
	// ReasonScreenUndetermined: a valid screen whose answers decide neither way (status
	// unknown: items declined or missing); excluded from the positive rate, never counted
	// negative.
	ReasonScreenUndetermined Reason = "screen-undetermined"
	// ReasonNoSocialNeed: a positive screen that indicates no social need (a PHQ or GAD
	// screen, say): no community referral answers it (excluded).
	ReasonNoSocialNeed Reason = "no-social-need"
	// ReasonReferralMade and ReasonNoReferral: a linked referral was sent within the window,
	// or none was.
	ReasonReferralMade Reason = "referral-made"
	ReasonNoReferral   Reason = "no-referral"
	// ReasonScreenLoopClosed and ReasonScreenLoopNotClosed: a linked referral's loop closed
	// within the window, or none did.
	ReasonScreenLoopClosed    Reason = "screen-loop-closed"
	ReasonScreenLoopNotClosed Reason = "screen-loop-not-closed"
)

// A Screen is one scored social-needs screening reduced to what the screening measures read:
// whose it is, the day, whether the response was valid, its overall status and the social
// needs it indicates. [ScreenOf] makes one from an sdoh.Response and its sdoh.Result.
//
// The zero Screen is not valid; [Screen.Validate] says why.
type Screen struct {
	// ID identifies the screen (the response's id); Patient is whom it is about.
	ID      string              `json:"id"`
	Patient carecoord.PatientID `json:"patient"`
	// Date is the day of the screening.
	Date civil.Date `json:"date"`
	// Valid reports whether the response passed validation (sdoh.Result.Valid).
	Valid bool `json:"valid"`
	// Status is the screen's overall status (sdoh.Result.Status): an invalid response is
	// never negative.
	Status sdoh.Status `json:"status"`
	// Categories are the Gravity SDOH categories of its positive domains, each once, in the
	// instrument's order: the social needs it indicates.
	Categories []sdoh.Category `json:"categories,omitempty"`
}

// ScreenOf returns the screen of response r scored as res (from sdoh.Screener.Score).
func ScreenOf(r sdoh.Response, res sdoh.Result) Screen {
	s := Screen{ID: r.ID, Patient: r.Patient, Date: r.Date, Valid: res.Valid, Status: res.Status}
	for _, d := range res.Domains {
		if d.Status != sdoh.StatusPositive {
			continue
		}
		for _, c := range d.Categories {
			if !slices.Contains(s.Categories, c) {
				s.Categories = append(s.Categories, c)
			}
		}
	}
	return s
}

// Validate reports every problem with s as carecoord.FieldErrors, with paths relative to the
// screen: the id, patient, day, status (an invalid response is never negative, as sdoh
// scores it) and categories. It never repeats a value.
func (s Screen) Validate() error {
	var errs carecoord.FieldErrors
	checkID(&errs, "id", s.ID, "screen")
	checkPatient(&errs, s.Patient)
	checkDay(&errs, "date", s.Date)
	switch {
	case !s.Status.IsValid():
		errs.Add(carecoord.NotSupported("status", sdoh.Statuses()...))
	case !s.Valid && s.Status == sdoh.StatusNegative:
		errs.Add(carecoord.Invalid("status", "an invalid response is never negative"))
	}
	for i, c := range s.Categories {
		if !c.IsValid() {
			errs.Add(carecoord.NotSupported(carecoord.Path("categories", i), sdoh.Categories()...))
		}
	}
	return errs.Err()
}

// coCompareScreens orders screens by patient, day and id.
func coCompareScreens(a, b *Screen) int {
	if c := cmp.Compare(a.Patient, b.Patient); c != 0 {
		return c
	}
	if c := a.Date.Compare(b.Date); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// coCheckScreens adds the problems of the screens (at most maxProblems in all) with paths
// like "screens[3].date".
func coCheckScreens(errs *carecoord.FieldErrors, screens []Screen) {
	for i := range screens {
		if len(*errs) >= maxProblems {
			return
		}
		if err := screens[i].Validate(); err != nil {
			errs.Nest(carecoord.Path("screens", i), err)
		}
	}
}

// ScreeningRate returns the social-needs screening rate over period (both ends included): of
// the patients in population, the share with a valid screen in the period. It follows CMS's
// Screening for Social Drivers of Health (SDOH-1; Hospital IQR, FY 2023 IPPS final rule, and
// MIPS quality measure 487), whose denominator is an eligible population the program
// defines: here the caller gives it, having applied the age, enrollment or admission rules
// of the program. Each patient is one subject, with the patient's id as the subject and
// period.Start as the event:
//
//   - in the numerator: a valid screen dated in the period ([ReasonScreened]), decided on the
//     first one's day, whatever its result (a valid response with every item declined is a
//     screen the patient declined to answer; exclude such patients with Options.Eligible if
//     the program treats declining as opting out);
//   - in the denominator only: only invalid screens in the period ([ReasonScreenInvalid]: an
//     invalid response does not show the patient was screened), or none ([ReasonNotScreened]);
//   - excluded: patients Options.Eligible rules out as of period.Start.
//
// Screens of patients not in population, and screens outside the period, are not read.
//
// Neither slice is changed. The problems found are returned (at most 50) as
// carecoord.FieldErrors: "population[3]" for an invalid or repeated patient,
// "screens[2].date" for a screen's field.
func ScreeningRate(population []carecoord.PatientID, screens []Screen, period civil.Range, opts Options) (Result, error) {
	po := coOrder(len(population), func(i, j int) int { return cmp.Compare(population[i], population[j]) })
	var errs carecoord.FieldErrors
	errs.Nest("period", period.Validate())
	for k, i := range po {
		if len(errs) >= maxProblems {
			break
		}
		switch {
		case !population[i].IsValid():
			errs.Add(carecoord.Required(carecoord.Path("population", i), "must be a valid patient id"))
		case k > 0 && population[po[k-1]] == population[i]:
			errs.Add(carecoord.Duplicate(carecoord.Path("population", i), "must not repeat a patient"))
		}
	}
	coCheckScreens(&errs, screens)
	if err := capProblems(errs); err != nil {
		return Result{}, err
	}
	so := coOrder(len(screens), func(i, j int) int { return coCompareScreens(&screens[i], &screens[j]) })
	t := newTallier(MeasureScreening, period, &opts)
	k := 0 // the next screen, in order
	for _, i := range po {
		p := population[i]
		for k < len(so) && screens[so[k]].Patient < p {
			k++
		}
		e := Evidence{Patient: p, Subject: string(p), Event: period.Start, Status: InDenominator, Reason: ReasonNotScreened}
		for ; k < len(so) && screens[so[k]].Patient == p; k++ {
			s := &screens[so[k]]
			switch {
			case !period.Contains(s.Date) || e.Reason == ReasonScreened:
			case s.Valid:
				e.Status, e.Reason, e.Decided = InNumerator, ReasonScreened, s.Date
			default:
				e.Reason = ReasonScreenInvalid
			}
		}
		if reason := t.eligible(p, period.Start); reason != "" {
			e.Status, e.Reason, e.Decided = Excluded, reason, civil.Date{}
		}
		t.add(e, nil)
	}
	return t.finish(), nil
}

// PositiveRate returns the social-needs screen positive rate over period (both ends
// included): of the valid screens in the period whose result is decided, the share positive.
// It follows CMS's Screen Positive Rate for Social Drivers of Health (SDOH-2; Hospital IQR,
// FY 2023 IPPS final rule), which counts positives among the patients screened; here each
// screen is one subject, with the screen's id as the subject and its day as the event:
//
//   - in the numerator: a valid screen that is positive ([ReasonScreenPositive]);
//   - in the denominator only: a valid screen that is negative ([ReasonScreenNegative]);
//   - excluded: an invalid response ([ReasonScreenInvalid], whatever its status: it is
//     never counted negative, and it is not a valid screen), a valid screen whose answers
//     decide neither way ([ReasonScreenUndetermined]: counting it in the denominator would
//     count it as negative, which sdoh's rule forbids), and patients Options.Eligible rules
//     out as of the screen's day.
//
// screens is not changed; problems are returned (at most 50) with paths like
// "screens[2].status". Each screen counts as given: one given twice counts twice, so give
// each once.
func PositiveRate(screens []Screen, period civil.Range, opts Options) (Result, error) {
	var errs carecoord.FieldErrors
	errs.Nest("period", period.Validate())
	coCheckScreens(&errs, screens)
	if err := capProblems(errs); err != nil {
		return Result{}, err
	}
	t := newTallier(MeasureScreenPositive, period, &opts)
	for i := range screens {
		s := &screens[i]
		if !period.Contains(s.Date) {
			continue
		}
		e := Evidence{Patient: s.Patient, Subject: s.ID, Event: s.Date, Status: Excluded}
		switch reason := t.eligible(s.Patient, s.Date); {
		case reason != "":
			e.Reason = reason
		case !s.Valid:
			e.Reason = ReasonScreenInvalid
		case s.Status == sdoh.StatusPositive:
			e.Status, e.Reason = InNumerator, ReasonScreenPositive
		case s.Status == sdoh.StatusNegative:
			e.Status, e.Reason = InDenominator, ReasonScreenNegative
		default:
			e.Reason = ReasonScreenUndetermined
		}
		t.add(e, nil)
	}
	return t.finish(), nil
}

// ScreenReferrals returns two measures over the positive screens in period (both ends
// included): the share with a referral made within the window referred, and the share with a
// referral's loop closed within the window closed, both windows in days from the screen's
// day. They follow NCQA HEDIS Social Need Screening and Intervention (SNS-E), whose
// intervention must come on or up to 30 days after a positive screen (Window{0, 30}), with
// referrals standing for the interventions, and the closed loop of the referral package
// (referral.LoopClosedFulfilled) standing for the need met.
//
// The linking rule is the library's. A referral answers a screen when:
//
//   - it is for the same patient, and a community referral (referral.KindCommunity: the kind
//     that goes to a community organisation for a social need);
//   - it was sent on a day within referred of the screen's day;
//   - it was not entered in error (it never existed); a cancelled referral was still made;
//   - when the referral carries SDOH categories, one of them is a category the screen is
//     positive for (a housing referral does not answer a food screen); a referral with none
//     answers any.
//
// One referral may answer several screens (two screens a week apart, one referral).
//
// Each positive screen is one subject of each measure, with its id as the subject and its
// day as the event:
//
//   - in the numerator of the first: some referral answers it ([ReasonReferralMade]),
//     decided on the first one's day sent; otherwise in the denominator ([ReasonNoReferral]);
//   - in the numerator of the second: some referral that answers it has its loop closed,
//     fulfilled, on a day within closed of the screen's day ([ReasonScreenLoopClosed]),
//     decided on the earliest such day; otherwise in the denominator
//     ([ReasonScreenLoopNotClosed]);
//   - excluded from both: an invalid response ([ReasonScreenInvalid]), a positive screen that
//     indicates no social need ([ReasonNoSocialNeed]: its positive domains have no Gravity
//     SDOH category, as for a PHQ-9), and patients Options.Eligible rules out as of the
//     screen's day.
//
// HEDIS counts positive screens through 1 December of the year, so that each has its 30
// days in the year; choose period the same way if the referrals come from the same year.
//
// Neither slice is changed. The problems found are returned (at most 50) as
// carecoord.FieldErrors with paths like "referred.to", "screens[2].date" and
// "referrals[4].sent". Each screen counts as given, as in [PositiveRate].
func ScreenReferrals(screens []Screen, refs []ReferralRecord, period civil.Range, referred, closed Window, opts Options) (made, loopClosed Result, err error) {
	var errs carecoord.FieldErrors
	errs.Nest("period", period.Validate())
	errs.Nest("referred", referred.Validate())
	errs.Nest("closed", closed.Validate())
	coCheckScreens(&errs, screens)
	coCheckReferrals(&errs, refs)
	if err := capProblems(errs); err != nil {
		return Result{}, Result{}, err
	}
	so := coOrder(len(screens), func(i, j int) int { return coCompareScreens(&screens[i], &screens[j]) })
	ro := coOrder(len(refs), func(i, j int) int { return coCompareReferrals(&refs[i], &refs[j]) })
	tm := newTallier(MeasureScreenReferred(referred), period, &opts)
	tc := newTallier(MeasureScreenLoopClosed(closed), period, &opts)
	lo, hi := 0, 0 // the referrals of the patient of the screens before, ro[lo:hi]
	for _, i := range so {
		s := &screens[i]
		if !period.Contains(s.Date) || s.Status != sdoh.StatusPositive {
			continue
		}
		if lo == hi || refs[ro[lo]].Patient != s.Patient { // a new patient: find theirs
			for lo = hi; lo < len(ro) && refs[ro[lo]].Patient < s.Patient; lo++ {
			}
			for hi = lo; hi < len(ro) && refs[ro[hi]].Patient == s.Patient; hi++ {
			}
		}
		m := Evidence{Patient: s.Patient, Subject: s.ID, Event: s.Date, Status: Excluded}
		c := m
		switch reason := tm.eligible(s.Patient, s.Date); {
		case reason != "":
			m.Reason = reason
		case !s.Valid:
			m.Reason = ReasonScreenInvalid
		case len(s.Categories) == 0:
			m.Reason = ReasonNoSocialNeed
		default:
			m.Status, m.Reason = InDenominator, ReasonNoReferral
			c.Status, c.Reason = InDenominator, ReasonScreenLoopNotClosed
			// The patient's referrals are in order of the day sent: start at the window.
			from := s.Date.AddDays(referred.From)
			k, _ := slices.BinarySearchFunc(ro[lo:hi], from, func(i int, d civil.Date) int { return refs[i].Sent.Compare(d) })
			for k += lo; k < hi && referred.Contains(s.Date, refs[ro[k]].Sent); k++ {
				r := &refs[ro[k]]
				if !coAnswers(r, s) {
					continue
				}
				if m.Status != InNumerator {
					m.Status, m.Reason, m.Decided = InNumerator, ReasonReferralMade, r.Sent
				}
				if r.Loop == referral.LoopClosedFulfilled && closed.Contains(s.Date, r.Closed) &&
					(c.Status != InNumerator || r.Closed.Before(c.Decided)) {
					c.Status, c.Reason, c.Decided = InNumerator, ReasonScreenLoopClosed, r.Closed
				}
			}
		}
		if m.Status == Excluded {
			c.Reason = m.Reason
		}
		tm.add(m, nil)
		tc.add(c, nil)
	}
	return tm.finish(), tc.finish(), nil
}

// coAnswers reports whether referral r answers screen s under the linking rule of
// ScreenReferrals, but for the window, which the caller has checked (r is the same
// patient's).
func coAnswers(r *ReferralRecord, s *Screen) bool {
	if r.Kind != referral.KindCommunity || r.Status == referral.StatusEnteredInError {
		return false
	}
	if len(r.Categories) == 0 {
		return true
	}
	for _, c := range r.Categories {
		if slices.Contains(s.Categories, c) {
			return true
		}
	}
	return false
}
