package metrics_test

import (
	"strings"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/careplan"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/referral"
	"github.com/carecoord/carecoord/sdoh"
	"pgregory.net/rapid"
)

// Helpers shared by the tests of the coordination measures (referrals, deadlines, care plans,
// screening).

// coDate parses a test date.
func coDate(s string) civil.Date { return civil.MustParse(s) }

// coRange is the range from a through b.
func coRange(a, b string) civil.Range { return civil.Range{Start: coDate(a), End: coDate(b)} }

// coRef is a specialist referral record with status s, sent on sent ("" for never), with an
// appointment and a closing day when given; its loop state follows from them.
func coRef(patient, id string, s referral.Status, sent, appointment, closed string) metrics.ReferralRecord {
	r := metrics.ReferralRecord{ID: id, Patient: carecoord.PatientID(patient), Kind: referral.KindSpecialist, Status: s, Loop: referral.LoopOpen}
	switch {
	case closed != "":
		r.Loop = referral.LoopClosedFulfilled
	case s.IsTerminal() && s != referral.StatusCompleted:
		r.Loop = referral.LoopClosedNotFulfilled
	}
	for _, f := range []struct {
		d *civil.Date
		s string
	}{{&r.Sent, sent}, {&r.Appointment, appointment}, {&r.Closed, closed}} {
		if f.s != "" {
			*f.d = coDate(f.s)
		}
	}
	return r
}

// coRows renders a result's evidence as "subject status reason decided" lines, the decided
// day left off when zero, for compact table tests.
func coRows(res metrics.Result) []string {
	var rows []string
	for _, e := range res.Evidence {
		row := e.Subject + " " + string(e.Status) + " " + string(e.Reason)
		if !e.Decided.IsZero() {
			row += " " + e.Decided.String()
		}
		rows = append(rows, row)
	}
	return rows
}

// coOptions draws the options of a property: evidence or not, strata or not, and sometimes an
// eligibility rule.
func coOptions(t *rapid.T) metrics.Options {
	opts := metrics.Options{Evidence: rapid.Bool().Draw(t, "evidence")}
	if rapid.Bool().Draw(t, "strata") {
		opts.Stratify = func(p carecoord.PatientID, on civil.Date) string {
			last := ""
			if n := len(p); n > 0 {
				last = string(p[n-1:])
			}
			return last + "-" + on.Month().String()
		}
	}
	if rapid.Bool().Draw(t, "eligible") {
		opts.Eligible = func(p carecoord.PatientID, on civil.Date) metrics.Reason {
			if strings.HasSuffix(string(p), "3") {
				return "not-enrolled"
			}
			return ""
		}
	}
	return opts
}

// Garbage in (unknown codes, missing and reversed days, empty ids): every coordination
// measure answers with a result or field errors, and never panics.
func TestCoordinationMeasuresNeverPanic(t *testing.T) {
	day := rapid.Custom(func(t *rapid.T) civil.Date {
		if rapid.IntRange(0, 4).Draw(t, "zero") == 0 {
			return civil.Date{}
		}
		return coDate("2024-06-01").AddDays(rapid.IntRange(0, 700).Draw(t, "day"))
	})
	word := rapid.SampledFrom([]string{"", "p1", "p 2", "completed", "open", "closed-fulfilled", "requested", "specialist",
		"community", "positive", "negative", "food-insecurity", "x"})
	rapid.Check(t, func(t *rapid.T) {
		refs := make([]metrics.ReferralRecord, rapid.IntRange(0, 6).Draw(t, "refs"))
		for i := range refs {
			refs[i] = metrics.ReferralRecord{ID: word.Draw(t, "id"), Patient: carecoord.PatientID(word.Draw(t, "patient")),
				Kind: referral.Kind(word.Draw(t, "kind")), Status: referral.Status(word.Draw(t, "status")),
				Loop: referral.LoopState(word.Draw(t, "loop")), Sent: day.Draw(t, "sent"), Appointment: day.Draw(t, "appointment"),
				Closed: day.Draw(t, "closed"), Categories: []sdoh.Category{sdoh.Category(word.Draw(t, "category"))}}
		}
		screens := make([]metrics.Screen, rapid.IntRange(0, 6).Draw(t, "screens"))
		for i := range screens {
			screens[i] = metrics.Screen{ID: word.Draw(t, "id"), Patient: carecoord.PatientID(word.Draw(t, "patient")),
				Date: day.Draw(t, "date"), Valid: rapid.Bool().Draw(t, "valid"), Status: sdoh.Status(word.Draw(t, "status"))}
		}
		period := civil.Range{Start: day.Draw(t, "start"), End: day.Draw(t, "end")}
		w := metrics.Window{From: rapid.IntRange(-5000, 5000).Draw(t, "from"), To: rapid.IntRange(-5000, 5000).Draw(t, "to")}
		opts := coOptions(t)
		pop := []carecoord.PatientID{carecoord.PatientID(word.Draw(t, "member")), "p1"}

		_, _ = metrics.ClosedLoop(refs, period, opts)
		if res, err := metrics.TimeToAppointment(refs, period, opts); err == nil {
			_, _ = res.Days.Median()
			_, _ = res.Days.Histogram([]int{0, rapid.IntRange(-3, 30).Draw(t, "edge")})
		}
		_, _ = metrics.PositiveRate(screens, period, opts)
		_, _ = metrics.ScreeningRate(pop, screens, period, opts)
		_, _, _ = metrics.ScreenReferrals(screens, refs, period, w, w, opts)
		_, _ = metrics.CareGapClosure(nil, nil, period, careplan.GapPolicy{}, opts)
		_, _ = metrics.CarePlanAdherence([]careplan.CarePlan{{Patient: "p1"}}, period, nil, nil, opts)
		_, _ = metrics.DeadlineCompliance([]referral.Referral{{Patient: "p1", Status: referral.Status(word.Draw(t, "rs"))}}, period,
			metrics.DeadlineRules{AsOf: coAt(3, 1, 0)}, opts)
	})
}
