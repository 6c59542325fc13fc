package metrics_test

// Rules of the follow-up, TRC and TCM measures that a review found untested or broken: a TCM
// period met before the measurement period, overlapping stays, the zero calendar, the problem
// cap, service error codes, the caller's Accept, a same-day transfer and TCM's first
// reconciliation.

import (
	"errors"
	"strings"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/transition"
)

// tcmMet is the care that meets 99496 after a discharge on day d: a call the next business
// day, a high-MDM visit and a reconciliation on day 5.
func tcmMet(discharge string) []metrics.Service {
	d := fuD(discharge)
	call := d.AddDays(1)
	for call.Weekday() == 0 || call.Weekday() == 6 {
		call = call.AddDays(1)
	}
	return []metrics.Service{fuSvc(call.String(), metrics.ServiceTelephone),
		fuVisit(d.AddDays(5).String(), transition.MDMHigh), fuSvc(d.AddDays(5).String(), metrics.ServiceMedRec)}
}

// TestTCMPriorPeriodMetBlocks: CPT/CMS allow one TCM per 30-day period, and TCM's doc
// says a discharge inside the period of an earlier discharge that met TCM is excluded. A
// discharge on 2023-12-20 met TCM (its period runs to 2024-01-18); the 2024-01-05 discharge is
// inside it, but TCMCompletion(2024) skips pre-period discharges before building the list of
// reported periods, so it counts 01-05 as 99496. (Nor does TCMCompletion(2023) count 12-20,
// which is after 2 December: neither year sees the conflict.)
// Fix: tcm.go, fuTCMWalker.patient: decide discharges before Period.Start too (from 1900),
// adding their period to w.reported when met, without tallying them.
func TestTCMPriorPeriodMetBlocks(t *testing.T) {
	stays := []metrics.Stay{
		fuStay("s0", "p1", transition.SettingAcuteInpatient, "2023-12-15", "2023-12-20", ""),
		fuStay("s1", "p1", transition.SettingAcuteInpatient, "2024-01-03", "2024-01-05", ""),
	}
	services := append(tcmMet("2023-12-20"), tcmMet("2024-01-05")...)
	got := fuRow(t, fuTCMRun(t, stays, services, metrics.TCM(2024, civil.USFederal())))
	if got.Status != metrics.Excluded || got.Reason != metrics.Reason(transition.TCMRuleOnePerPeriod) {
		t.Errorf("discharge 2024-01-05 inside the TCM period of the met 2023-12-20 discharge: %s %s, want excluded %s",
			got.Status, got.Reason, transition.TCMRuleOnePerPeriod)
	}
	// A pre-period discharge that did not meet TCM blocks nothing.
	got = fuRow(t, fuTCMRun(t, stays, tcmMet("2024-01-05"), metrics.TCM(2024, civil.USFederal())))
	if got.Reason != metrics.ReasonTCM99496 {
		t.Errorf("after an unmet pre-period discharge: reason %s, want %s", got.Reason, metrics.ReasonTCM99496)
	}
}

// TestTCMOverlappingStaysRefused: TCMCompletion's doc says "Inputs are validated as
// FollowUp validates them", and FollowUp rejects inpatient stays that overlap. TCMCompletion
// gives its stays no inpatient flag, so fuDeath never checks them, and it decides overlapping
// claims silently (in admission order, so the later-discharged stay's period blocks the
// earlier one).
// Fix: tcm.go, TCMCompletion's stayFlags: return fuEvent | fuInpatient(s.Setting).
func TestTCMOverlappingStaysRefused(t *testing.T) {
	stays := []metrics.Stay{
		fuStay("s0", "p1", transition.SettingAcuteInpatient, "2024-03-01", "2024-03-20", ""),
		fuStay("s1", "p1", transition.SettingAcuteInpatient, "2024-03-05", "2024-03-06", ""),
	}
	_, fuErr := metrics.FollowUp(stays, nil, metrics.TRCMedRec(2024), metrics.Options{})
	_, err := metrics.TCMCompletion(stays, nil, metrics.TCM(2024, civil.USFederal()), metrics.Options{})
	var fe carecoord.FieldErrors
	if !errors.As(err, &fe) || !fe.Has("stays[1].admitted", carecoord.FieldInvalid) {
		t.Errorf("overlapping inpatient stays: TCMCompletion error %v; FollowUp says %v", err, fuErr)
	}
}

// TestTCMZeroCalendarRefused: the zero civil.Calendar makes every day a business day, so
// TCMRules built without a Calendar give a contact deadline of 2 calendar days. After a Friday
// discharge the Monday call (the first business day, spec §4.3 row 1) is then late, and the
// discharge silently drops out of the numerator. The zero value should be invalid (DESIGN
// rule 1: "the zero value is invalid and Validate() says why").
// Fix: tcm.go, TCMRules.Validate: a Calendar equal to civil.Calendar{} is FieldRequired at
// "calendar".
func TestTCMZeroCalendarRefused(t *testing.T) {
	rules := metrics.TCM(2024, civil.Calendar{})
	stays := []metrics.Stay{fuStay("s1", "p1", transition.SettingAcuteInpatient, "2024-02-26", "2024-03-01", "")}
	services := []metrics.Service{fuSvc("2024-03-04", metrics.ServiceTelephone), fuVisit("2024-03-07", transition.MDMHigh), fuSvc("2024-03-07", metrics.ServiceMedRec)}
	res, err := metrics.TCMCompletion(stays, services, rules, metrics.Options{Evidence: true})
	var fe carecoord.FieldErrors
	if !errors.As(err, &fe) || !fe.Has("rules.calendar", carecoord.FieldRequired) {
		t.Errorf("TCM rules without a calendar: error %v, evidence %+v; want rules.calendar required", err, res.Evidence)
	}
}

// TestFollowUpProblemCap: FollowUp's doc promises the problems "(at most 50)", but
// fuStays/fuServices only stop adding once 50 are there, and one record brings several: 20
// bad stays give 52. The coordination measures already cap with capProblems.
// Fix: followup.go, fuMeasure: return Result{}, capProblems(errs) (and drop maxProblems for
// maxProblems).
func TestFollowUpProblemCap(t *testing.T) {
	var stays []metrics.Stay
	for range 20 {
		stays = append(stays, metrics.Stay{Setting: transition.SettingAcuteInpatient}) // patient, days, disposition missing
	}
	_, err := metrics.FollowUp(stays, nil, metrics.FUH7(2024), metrics.Options{})
	var fe carecoord.FieldErrors
	if !errors.As(err, &fe) || len(fe) > 50 {
		t.Errorf("20 stays with 4 problems each: %d problems, want at most 50", len(fe))
	}
}

// TestServiceErrorCodes: Stay.Validate reports a value that is there but wrong as
// FieldInvalid and an empty one as FieldRequired; Service.Validate reports an invalid patient
// id as FieldRequired and an empty kind as FieldNotSupported.
// Fix: service.go, Service.Validate: switch on Patient == "" (Required) / !IsValid (Invalid),
// and on Kind == "" (Required) / !IsValid (NotSupported).
func TestServiceErrorCodes(t *testing.T) {
	err := metrics.Service{Patient: "not an id", Day: fuD("2024-03-04")}.Validate()
	var fe carecoord.FieldErrors
	if !errors.As(err, &fe) || !fe.Has("patient", carecoord.FieldInvalid) || !fe.Has("kind", carecoord.FieldRequired) {
		t.Errorf("Service.Validate: %v; want patient invalid, kind required", err)
	}
}

// TestFollowUpAccept: no test fails when FollowUp ignores rules.Accept (in
// TestFollowUpCallerRules the one patient whose visit Accept rejects is excluded by Eligible
// anyway). FUH's "with a mental-health practitioner" rests on it.
func TestFollowUpAccept(t *testing.T) {
	rules := metrics.FUH7(2024)
	rules.Accept = func(s metrics.Service) bool { return strings.HasPrefix(s.By.ID, "mh-") }
	stays := []metrics.Stay{fuPsych("s1", "2024-03-05", "2024-03-10")}
	pcp := fuSvc("2024-03-12", metrics.ServiceVisit)
	pcp.By = carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "pcp-1"}
	if got := fuRow(t, fuRun(t, stays, []metrics.Service{pcp}, rules)); got.Status != metrics.InDenominator {
		t.Errorf("visit Accept rejects: status %s, want %s", got.Status, metrics.InDenominator)
	}
	mh := pcp
	mh.By.ID = "mh-1"
	if got := fuRow(t, fuRun(t, stays, []metrics.Service{pcp, mh}, rules)); got.Status != metrics.InNumerator {
		t.Errorf("visit Accept keeps: status %s, want %s", got.Status, metrics.InNumerator)
	}
}

// TestFollowUpSameDayTransfer: episode's walk back over stays admitted on the event day but
// sorted before it is untested (removing it fails nothing). A 0-day psychiatric stay with a
// same-day 0-day SNF stay whose id sorts first: the SNF stay is a non-acute admission on day
// 0, which excludes the FUH discharge whichever id sorts first.
func TestFollowUpSameDayTransfer(t *testing.T) {
	for _, snfID := range []string{"a", "z"} {
		stays := []metrics.Stay{
			fuPsych("m", "2024-03-10", "2024-03-10"),
			fuStay(snfID, "p1", transition.SettingSkilledNursing, "2024-03-10", "2024-03-10", ""),
		}
		if got := fuRow(t, fuRun(t, stays, nil, metrics.FUH30(2024))); got.Reason != metrics.ReasonAdmittedNonAcute {
			t.Errorf("same-day SNF stay %q: reason %s, want %s", snfID, got.Reason, metrics.ReasonAdmittedNonAcute)
		}
	}
}

// TestTCMFirstMedRec: TCM must use the first reconciliation on or after the
// discharge (DecideTCM wants it by the visit day); taking the last one instead fails no test.
func TestTCMFirstMedRec(t *testing.T) {
	stays := []metrics.Stay{fuStay("s1", "p1", transition.SettingAcuteInpatient, "2024-02-26", "2024-03-01", "")}
	services := []metrics.Service{fuSvc("2024-03-04", metrics.ServiceTelephone), fuSvc("2024-03-05", metrics.ServiceMedRec),
		fuVisit("2024-03-07", transition.MDMHigh), fuSvc("2024-03-20", metrics.ServiceMedRec)}
	if got := fuRow(t, fuTCMRun(t, stays, services, metrics.TCM(2024, civil.USFederal()))); got.Reason != metrics.ReasonTCM99496 {
		t.Errorf("reconciled before the visit and again later: reason %s, want %s", got.Reason, metrics.ReasonTCM99496)
	}
}
