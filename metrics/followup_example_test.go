package metrics_test

import (
	"fmt"
	"strings"

	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/transition"
)

// ExampleFollowUp computes HEDIS FUH's 7-day and 30-day rates for three discharges: Ana is
// seen on day 7, Ben on day 16, and Cy's stay was for a heart attack, which the caller's
// mental-illness value set leaves out of the measure.
func ExampleFollowUp() {
	day := civil.MustParse
	// The caller's value sets (NCQA's are licensed): here, any F code is a mental illness, and
	// every visit is with a mental-health practitioner.
	mentalIllness := func(s metrics.Stay) bool { return strings.HasPrefix(s.Principal, "F") }
	home := transition.DispositionHome
	stays := []metrics.Stay{
		{ID: "enc-1", Patient: "ana", Setting: transition.SettingPsychiatricInpatient, Admitted: day("2024-03-05"), Discharged: day("2024-03-10"), Disposition: home, Principal: "F32.2"},
		{ID: "enc-2", Patient: "ben", Setting: transition.SettingAcuteInpatient, Admitted: day("2024-06-01"), Discharged: day("2024-06-04"), Disposition: home, Principal: "F31.4"},
		{ID: "enc-3", Patient: "cy", Setting: transition.SettingAcuteInpatient, Admitted: day("2024-06-01"), Discharged: day("2024-06-04"), Disposition: home, Principal: "I21.4"},
	}
	visits := []metrics.Service{
		{Patient: "ana", Day: day("2024-03-17"), Kind: metrics.ServiceVisit},
		{Patient: "ben", Day: day("2024-06-20"), Kind: metrics.ServiceTelehealth},
		{Patient: "cy", Day: day("2024-06-05"), Kind: metrics.ServiceVisit},
	}
	for _, rules := range []metrics.FollowUpRules{metrics.FUH7(2024), metrics.FUH30(2024)} {
		rules.Qualifies = mentalIllness
		res, err := metrics.FollowUp(stays, visits, rules, metrics.Options{Evidence: true})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: %s followed up\n", res.Measure, res.Rate())
		for _, e := range res.Evidence {
			fmt.Printf("  %s, discharged %s: %s", e.Subject, e.Event, e.Reason)
			if !e.Decided.IsZero() {
				fmt.Printf(" on %s", e.Decided)
			}
			fmt.Println()
		}
	}
	// Output:
	// fuh-7: 1/2 followed up
	//   enc-1, discharged 2024-03-10: followed-up on 2024-03-17
	//   enc-2, discharged 2024-06-04: no-follow-up-in-window
	// fuh-30: 2/2 followed up
	//   enc-1, discharged 2024-03-10: followed-up on 2024-03-17
	//   enc-2, discharged 2024-06-04: followed-up on 2024-06-20
}

// ExampleTCMCompletion computes the TCM completion rate for a discharge on Friday
// 2024-03-01: a call on Monday, a visit with high-complexity decision making on Thursday, the
// medications reconciled at the visit.
func ExampleTCMCompletion() {
	day := civil.MustParse
	stays := []metrics.Stay{{ID: "enc-1", Patient: "ana", Setting: transition.SettingAcuteInpatient,
		Admitted: day("2024-02-26"), Discharged: day("2024-03-01"), Disposition: transition.DispositionHome}}
	services := []metrics.Service{
		{Patient: "ana", Day: day("2024-03-04"), Kind: metrics.ServiceTelephone},
		{Patient: "ana", Day: day("2024-03-07"), Kind: metrics.ServiceVisit, MDM: transition.MDMHigh},
		{Patient: "ana", Day: day("2024-03-07"), Kind: metrics.ServiceMedRec},
	}
	res, err := metrics.TCMCompletion(stays, services, metrics.TCM(2024, civil.USFederal()), metrics.Options{Evidence: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	e := res.Evidence[0]
	fmt.Printf("%s: %s; %s %s on %s\n", res.Measure, res.Rate(), e.Subject, e.Reason, e.Decided)
	// Output:
	// tcm: 1/1; enc-1 tcm-99496 on 2024-03-07
}
