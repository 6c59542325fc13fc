package metrics_test

import (
	"fmt"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/referral"
)

// The closed-loop rate of a practice's referrals sent in September 2025: a cardiology
// referral run through the referral package to a closed loop, and three records from a
// referral feed.
func ExampleClosedLoop() {
	pcp := carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "primary-care"}
	heart := carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "heart-clinic"}
	at := func(day, hour int) time.Time { return time.Date(2025, 9, day, hour, 0, 0, 0, time.UTC) }
	cardiology := referral.Referral{Meta: carecoord.Meta{ID: "ref-1"}, Profile: referral.ProfileCore, Patient: "pat-1",
		Kind: referral.KindSpecialist, Requester: pcp, Performer: heart, Priority: referral.PriorityUrgent,
		Service:    carecoord.Coding{System: carecoord.SystemNUCCTaxonomy, Code: "207RC0000X"},
		Status:     referral.StatusRequested,
		AuthoredOn: at(2, 9)}
	report := referral.Outcome{Result: carecoord.Coding{System: carecoord.SystemLOINC, Code: "11488-4"}, At: at(12, 16), By: heart}
	for _, e := range []referral.Event{
		{ID: "m1", Kind: referral.EventStatus, To: referral.StatusAccepted, Side: referral.Performer, By: heart, At: at(2, 14)},
		{ID: "m2", Kind: referral.EventBooked, Appointment: at(12, 10), Side: referral.Performer, By: heart, At: at(3, 9)},
		{ID: "m3", Kind: referral.EventOutcome, Outcome: report, Side: referral.Performer, By: heart, At: at(12, 16)},
		{ID: "m4", Kind: referral.EventAcknowledged, Side: referral.Requester, By: pcp, At: at(13, 8)},
	} {
		var err error
		if cardiology, err = referral.Apply(cardiology, e); err != nil {
			fmt.Println(err)
			return
		}
	}
	day := civil.MustParse
	refs := []metrics.ReferralRecord{
		metrics.ReferralRecordOf(cardiology, time.UTC),
		{ID: "ref-2", Patient: "pat-2", Kind: referral.KindSpecialist, Status: referral.StatusInProgress, Loop: referral.LoopOpen,
			Sent: day("2025-09-08"), Appointment: day("2025-10-20")},
		{ID: "ref-3", Patient: "pat-2", Kind: referral.KindCommunity, Status: referral.StatusRejected, Loop: referral.LoopClosedNotFulfilled,
			Sent: day("2025-09-15")},
		{ID: "ref-4", Patient: "pat-3", Kind: referral.KindSpecialist, Status: referral.StatusCancelled, Loop: referral.LoopClosedNotFulfilled,
			Sent: day("2025-09-20")},
	}
	res, err := metrics.ClosedLoop(refs, civil.Range{Start: day("2025-09-01"), End: day("2025-09-30")}, metrics.Options{Evidence: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	pct, _ := res.Rate().Percent(1)
	fmt.Printf("%s %s: %s closed (%s%%), %d excluded\n", res.Measure, res.Period, res.Rate(), pct, res.Total.Excluded)
	for _, e := range res.Evidence {
		fmt.Printf("  %s sent %s: %s (%s)", e.Subject, e.Event, e.Status, e.Reason)
		if !e.Decided.IsZero() {
			fmt.Print(" on ", e.Decided)
		}
		fmt.Println()
	}
	// Output:
	// referral-closed-loop 2025-09-01..2025-09-30: 1/3 closed (33.3%), 1 excluded
	//   ref-1 sent 2025-09-02: numerator (loop-closed) on 2025-09-13
	//   ref-2 sent 2025-09-08: denominator (loop-open)
	//   ref-3 sent 2025-09-15: denominator (referral-rejected)
	//   ref-4 sent 2025-09-20: excluded (referral-cancelled)
}

// Time to a specialist appointment for the referrals sent in the first quarter: the median
// and 90th percentile wait by the nearest-rank method, a histogram by week bands, and the
// referrals still waiting, reported beside them.
func ExampleTimeToAppointment() {
	day := civil.MustParse
	sent := []struct {
		id, patient, sent, appointment string
	}{
		{"r1", "p1", "2025-01-06", "2025-01-08"},
		{"r2", "p2", "2025-01-13", "2025-01-27"},
		{"r3", "p3", "2025-02-03", "2025-02-12"},
		{"r4", "p4", "2025-02-17", "2025-03-31"},
		{"r5", "p5", "2025-03-03", "2025-03-10"},
		{"r6", "p6", "2025-03-20", ""}, // still waiting
	}
	var refs []metrics.ReferralRecord
	for _, s := range sent {
		r := metrics.ReferralRecord{ID: s.id, Patient: carecoord.PatientID(s.patient), Kind: referral.KindSpecialist,
			Status: referral.StatusAccepted, Loop: referral.LoopOpen, Sent: day(s.sent)}
		if s.appointment != "" {
			r.Status, r.Appointment = referral.StatusInProgress, day(s.appointment)
		}
		refs = append(refs, r)
	}
	res, err := metrics.TimeToAppointment(refs, civil.Range{Start: day("2025-01-01"), End: day("2025-03-31")}, metrics.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	median, _ := res.Days.Median()
	p90, _ := res.Days.P90()
	fmt.Printf("%d with an appointment, %d still waiting\n", res.Days.N(), res.Days.Censored)
	fmt.Printf("median %d days, p90 %d days\n", median, p90)
	hist, err := res.Days.Histogram([]int{0, 8, 15, 29})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, b := range hist {
		if b.To < 0 {
			fmt.Printf("  %d+ days: %d\n", b.From, b.Count)
		} else {
			fmt.Printf("  %d-%d days: %d\n", b.From, b.To, b.Count)
		}
	}
	// Output:
	// 5 with an appointment, 1 still waiting
	// median 9 days, p90 42 days
	//   0-7 days: 2
	//   8-14 days: 2
	//   15-28 days: 0
	//   29+ days: 1
}
