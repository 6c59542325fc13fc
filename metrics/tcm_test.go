package metrics_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/transition"
	"github.com/google/go-cmp/cmp"
)

// fuTCMRun computes the TCM completion rate over the records with evidence, failing the test
// on an error.
func fuTCMRun(t *testing.T, stays []metrics.Stay, services []metrics.Service, rules metrics.TCMRules) metrics.Result {
	t.Helper()
	res, err := metrics.TCMCompletion(stays, services, rules, metrics.Options{Evidence: true})
	if err != nil {
		t.Fatalf("TCMCompletion: %v", err)
	}
	return res
}

// fuVisit is a face-to-face visit of patient p1 with an MDM level.
func fuVisit(day string, mdm transition.MDM) metrics.Service {
	s := fuSvc(day, metrics.ServiceVisit)
	s.MDM = mdm
	return s
}

// TestTCMSpecVectors checks the rows of metrics spec §4.3 at the edges of each deadline: the
// interactive contact by the end of the 2nd business day (holidays and a practice closure
// skipped), the visit within 7 days for 99496 and 14 days for 99495.
func TestTCMSpecVectors(t *testing.T) {
	thanksgivingFriday := civil.USFederal().WithClosures(fuD("2024-11-29"))
	tests := []struct {
		name                  string
		cal                   civil.Calendar
		discharge             string
		contactDue, by7, by14 string
		wantPeriodEnd         string // the 30-day period's end
	}{
		{"Fri 2024-03-01", civil.USFederal(), "2024-03-01", "2024-03-05", "2024-03-08", "2024-03-15", "2024-03-30"},
		{"Wed 2024-07-03, Independence Day", civil.USFederal(), "2024-07-03", "2024-07-08", "2024-07-10", "2024-07-17", "2024-08-01"},
		{"Wed 2024-11-27, Thanksgiving", civil.USFederal(), "2024-11-27", "2024-12-02", "2024-12-04", "2024-12-11", "2024-12-26"},
		{"Wed 2024-11-27, practice closed Fri 11-29", thanksgivingFriday, "2024-11-27", "2024-12-03", "2024-12-04", "2024-12-11", "2024-12-26"},
	}
	for _, tt := range tests {
		stays := []metrics.Stay{fuStay("s1", "p1", transition.SettingAcuteInpatient, fuD(tt.discharge).AddDays(-4).String(), tt.discharge, "")}
		rules := metrics.TCM(2024, tt.cal)
		due, by7, by14 := fuD(tt.contactDue), fuD(tt.by7), fuD(tt.by14)
		call := func(d civil.Date) metrics.Service {
			return metrics.Service{Patient: "p1", Day: d, Kind: metrics.ServiceTelephone}
		}
		medrec := metrics.Service{Patient: "p1", Day: fuD(tt.discharge).AddDays(1), Kind: metrics.ServiceMedRec}
		for _, c := range []struct {
			name     string
			services []metrics.Service
			status   metrics.Status
			reason   metrics.Reason
		}{
			{"contact on the due day, high MDM on day 7", []metrics.Service{call(due), medrec, fuVisit(tt.by7, transition.MDMHigh)}, metrics.InNumerator, metrics.ReasonTCM99496},
			{"contact a day late", []metrics.Service{call(due.AddDays(1)), medrec, fuVisit(tt.by7, transition.MDMHigh)}, metrics.InDenominator, metrics.Reason(transition.TCMRuleContact)},
			{"high MDM on day 8", []metrics.Service{call(due), medrec, fuVisit(by7.AddDays(1).String(), transition.MDMHigh)}, metrics.InNumerator, metrics.ReasonTCM99495},
			{"moderate MDM on day 14", []metrics.Service{call(due), medrec, fuVisit(tt.by14, transition.MDMModerate)}, metrics.InNumerator, metrics.ReasonTCM99495},
			{"high MDM on day 15", []metrics.Service{call(due), medrec, fuVisit(by14.AddDays(1).String(), transition.MDMHigh)}, metrics.InDenominator, metrics.Reason(transition.TCMRuleVisitWindow)},
		} {
			got := fuRow(t, fuTCMRun(t, stays, c.services, rules))
			if got.Status != c.status || got.Reason != c.reason {
				t.Errorf("%s, %s: %s %s, want %s %s", tt.name, c.name, got.Status, got.Reason, c.status, c.reason)
			}
		}
		// A second discharge on the last day of a met discharge's period is inside it.
		end := fuD(tt.wantPeriodEnd)
		second := fuStay("s2", "p1", transition.SettingAcuteInpatient, end.AddDays(-1).String(), end.String(), "")
		met := []metrics.Service{call(due), medrec, fuVisit(tt.by7, transition.MDMHigh)}
		rules.Period.End = fuD("2025-12-31") // so that the second discharge is in the window
		res := fuTCMRun(t, append(stays, second), met, rules)
		if len(res.Evidence) != 2 || res.Evidence[1].Reason != metrics.Reason(transition.TCMRuleOnePerPeriod) {
			t.Errorf("%s: discharge on the period's last day %s: evidence %+v, want one-per-period", tt.name, end, res.Evidence)
		}
		second.Admitted, second.Discharged = end, end.AddDays(1)
		res = fuTCMRun(t, append(stays, second), met, rules)
		if len(res.Evidence) != 2 || res.Evidence[1].Status == metrics.Excluded {
			t.Errorf("%s: discharge after the period: evidence %+v, want a candidate", tt.name, res.Evidence)
		}
	}
}

// TestTCMCodeSelection is the code selection of metrics spec §4.3 after the Friday
// 2024-03-01 discharge, with a timely call on 03-04 and medication reconciliation on the
// visit day.
func TestTCMCodeSelection(t *testing.T) {
	stays := []metrics.Stay{fuStay("s1", "p1", transition.SettingAcuteInpatient, "2024-02-26", "2024-03-01", "")}
	rules := metrics.TCM(2024, civil.USFederal())
	with := func(contact string, visits ...metrics.Service) []metrics.Service {
		out := []metrics.Service{fuSvc(contact, metrics.ServiceTelephone)}
		for _, v := range visits {
			out = append(out, v, fuSvc(v.Day.String(), metrics.ServiceMedRec))
		}
		return out
	}
	tests := []struct {
		name     string
		services []metrics.Service
		status   metrics.Status
		reason   metrics.Reason
		decided  string
	}{
		{"high MDM, visit 03-07", with("2024-03-04", fuVisit("2024-03-07", transition.MDMHigh)), metrics.InNumerator, metrics.ReasonTCM99496, "2024-03-07"},
		{"high MDM, visit 03-12", with("2024-03-04", fuVisit("2024-03-12", transition.MDMHigh)), metrics.InNumerator, metrics.ReasonTCM99495, "2024-03-12"},
		{"moderate MDM, visit 03-05", with("2024-03-04", fuVisit("2024-03-05", transition.MDMModerate)), metrics.InNumerator, metrics.ReasonTCM99495, "2024-03-05"},
		{"high MDM, visit 03-16", with("2024-03-04", fuVisit("2024-03-16", transition.MDMHigh)), metrics.InDenominator, metrics.Reason(transition.TCMRuleVisitWindow), ""},
		{"first contact 03-06", with("2024-03-06", fuVisit("2024-03-07", transition.MDMHigh)), metrics.InDenominator, metrics.Reason(transition.TCMRuleContact), ""},
		{"low MDM", with("2024-03-04", fuVisit("2024-03-07", transition.MDMLow)), metrics.InDenominator, metrics.Reason(transition.TCMRuleMDM), ""},
		{"no visit", with("2024-03-04"), metrics.InDenominator, metrics.Reason(transition.TCMRuleVisitMissing), ""},
		{"the best of two visits", with("2024-03-04", fuVisit("2024-03-04", transition.MDMLow), fuVisit("2024-03-06", transition.MDMHigh)), metrics.InNumerator, metrics.ReasonTCM99496, "2024-03-06"},
		{"reconciliation after the visit", []metrics.Service{fuSvc("2024-03-04", metrics.ServiceTelephone), fuVisit("2024-03-07", transition.MDMHigh), fuSvc("2024-03-08", metrics.ServiceMedRec)},
			metrics.InDenominator, metrics.Reason(transition.TCMRuleMedRec), ""},
		{"two timely attempts", []metrics.Service{{Patient: "p1", Day: fuD("2024-03-04"), Kind: metrics.ServiceTelephone, Attempt: true},
			{Patient: "p1", Day: fuD("2024-03-04"), Kind: metrics.ServiceTelephone, Attempt: true}, fuVisit("2024-03-07", transition.MDMHigh), fuSvc("2024-03-07", metrics.ServiceMedRec)},
			metrics.InNumerator, metrics.ReasonTCM99496, "2024-03-07"},
		{"one timely attempt", []metrics.Service{{Patient: "p1", Day: fuD("2024-03-04"), Kind: metrics.ServiceTelephone, Attempt: true},
			fuVisit("2024-03-07", transition.MDMHigh), fuSvc("2024-03-07", metrics.ServiceMedRec)},
			metrics.InDenominator, metrics.Reason(transition.TCMRuleContact), ""},
		{"contact by a device", []metrics.Service{{Patient: "p1", Day: fuD("2024-03-04"), Kind: metrics.ServiceEVisit, By: carecoord.Actor{Kind: carecoord.ActorDevice, ID: "bot"}},
			fuVisit("2024-03-07", transition.MDMHigh), fuSvc("2024-03-07", metrics.ServiceMedRec)},
			metrics.InDenominator, metrics.Reason(transition.TCMRuleContact), ""},
		{"contact on the discharge day", with("2024-03-01", fuVisit("2024-03-07", transition.MDMHigh)), metrics.InDenominator, metrics.Reason(transition.TCMRuleContact), ""},
	}
	for _, tt := range tests {
		got := fuRow(t, fuTCMRun(t, stays, tt.services, rules))
		want := metrics.Evidence{Patient: "p1", Subject: "s1", Status: tt.status, Reason: tt.reason, Event: fuD("2024-03-01")}
		if tt.decided != "" {
			want.Decided = fuD(tt.decided)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: evidence mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
	rules.Options.ContactOnDischargeDay = true
	got := fuRow(t, fuTCMRun(t, stays, with("2024-03-01", fuVisit("2024-03-07", transition.MDMHigh)), rules))
	if got.Reason != metrics.ReasonTCM99496 {
		t.Errorf("contact on the discharge day with ContactOnDischargeDay: reason %s, want %s", got.Reason, metrics.ReasonTCM99496)
	}
}

// TestTCMVisitOrder checks that two visits on one day give one decision whatever their order
// in the input: the high-MDM visit's, which fails only for the late reconciliation (found by
// TestFollowUpShardThenMerge: the first visit's failed rule explained the denominator, and
// which visit was first depended on the input order).
func TestTCMVisitOrder(t *testing.T) {
	stays := []metrics.Stay{fuStay("s1", "p1", transition.SettingAcuteInpatient, "2024-02-26", "2024-03-01", "")}
	low, high := fuVisit("2024-03-07", transition.MDMLow), fuVisit("2024-03-07", transition.MDMHigh)
	call, medrec := fuSvc("2024-03-04", metrics.ServiceTelephone), fuSvc("2024-03-08", metrics.ServiceMedRec)
	a := fuRow(t, fuTCMRun(t, stays, []metrics.Service{call, low, high, medrec}, metrics.TCM(2024, civil.USFederal())))
	b := fuRow(t, fuTCMRun(t, stays, []metrics.Service{medrec, high, low, call}, metrics.TCM(2024, civil.USFederal())))
	if diff := cmp.Diff(a, b); diff != "" || a.Reason != metrics.Reason(transition.TCMRuleMedRec) {
		t.Errorf("visits in two orders: reason %s; mismatch (-first +second):\n%s", a.Reason, diff)
	}
}

// TestTCMEligibility checks who is a candidate and who is excluded: ED visits are not
// candidates; discharges to a facility, deaths, discharges inside a met period and the
// caller's exclusions are excluded; discharges 1 January to 2 December are in the window.
func TestTCMEligibility(t *testing.T) {
	rules := metrics.TCM(2024, civil.USFederal())
	met := []metrics.Service{fuSvc("2024-03-04", metrics.ServiceTelephone), fuVisit("2024-03-07", transition.MDMHigh), fuSvc("2024-03-07", metrics.ServiceMedRec)}
	home := fuStay("s1", "p1", transition.SettingAcuteInpatient, "2024-02-26", "2024-03-01", "")
	type row struct {
		subject string
		status  metrics.Status
		reason  metrics.Reason
		decided string
	}
	tests := []struct {
		name     string
		stays    []metrics.Stay
		services []metrics.Service
		want     []row
	}{
		{"ED visit", []metrics.Stay{fuStay("e1", "p1", transition.SettingEmergencyDepartment, "2024-03-01", "2024-03-01", "")}, met, nil},
		{"observation stay", []metrics.Stay{fuStay("o1", "p1", transition.SettingObservation, "2024-02-29", "2024-03-01", "")}, met,
			[]row{{"o1", metrics.InNumerator, metrics.ReasonTCM99496, "2024-03-07"}}},
		{"to a SNF", []metrics.Stay{fuStay("s1", "p1", transition.SettingAcuteInpatient, "2024-02-26", "2024-03-01", transition.DispositionSNF)}, met,
			[]row{{"s1", metrics.Excluded, metrics.Reason(transition.TCMRuleDestination), ""}}},
		{"died in the stay", []metrics.Stay{fuStay("s1", "p1", transition.SettingAcuteInpatient, "2024-02-26", "2024-03-01", transition.DispositionExpired)}, met,
			[]row{{"s1", metrics.Excluded, metrics.ReasonDied, "2024-03-01"}}},
		{"died on day 29", []metrics.Stay{home, fuStay("e1", "p1", transition.SettingEmergencyDepartment, "2024-03-30", "2024-03-30", transition.DispositionExpired)}, met,
			[]row{{"s1", metrics.Excluded, metrics.ReasonDied, "2024-03-30"}}},
		{"died on day 30", []metrics.Stay{home, fuStay("e1", "p1", transition.SettingEmergencyDepartment, "2024-03-31", "2024-03-31", transition.DispositionExpired)}, met,
			[]row{{"s1", metrics.InNumerator, metrics.ReasonTCM99496, "2024-03-07"}}},
		{"readmitted in a period not met", []metrics.Stay{home, fuStay("s2", "p1", transition.SettingAcuteInpatient, "2024-03-03", "2024-03-05", "")},
			[]metrics.Service{fuSvc("2024-03-06", metrics.ServiceTelephone), fuVisit("2024-03-08", transition.MDMHigh), fuSvc("2024-03-08", metrics.ServiceMedRec)},
			[]row{{"s1", metrics.InDenominator, metrics.Reason(transition.TCMRuleContact), ""}, {"s2", metrics.InNumerator, metrics.ReasonTCM99496, "2024-03-08"}}},
		{"discharge on 2 December", []metrics.Stay{fuStay("s1", "p1", transition.SettingAcuteInpatient, "2024-11-28", "2024-12-02", "")}, nil,
			[]row{{"s1", metrics.InDenominator, metrics.Reason(transition.TCMRuleContact), ""}}},
		{"discharge on 3 December", []metrics.Stay{fuStay("s1", "p1", transition.SettingAcuteInpatient, "2024-11-28", "2024-12-03", "")}, nil, nil},
	}
	for _, tt := range tests {
		res := fuTCMRun(t, tt.stays, tt.services, rules)
		var want []metrics.Evidence
		for _, r := range tt.want {
			e := metrics.Evidence{Patient: "p1", Subject: r.subject, Status: r.status, Reason: r.reason, Event: tt.stays[len(want)].Discharged}
			if r.decided != "" {
				e.Decided = fuD(r.decided)
			}
			want = append(want, e)
		}
		if diff := cmp.Diff(want, res.Evidence); diff != "" {
			t.Errorf("%s: evidence mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
	opts := metrics.Options{Eligible: func(carecoord.PatientID, civil.Date) metrics.Reason { return "hospice" }}
	res, err := metrics.TCMCompletion([]metrics.Stay{home}, met, rules, opts)
	if err != nil || res.Total != (metrics.Tally{Excluded: 1}) {
		t.Errorf("TCMCompletion with a caller's exclusion = %+v, %v; want 1 excluded", res.Total, err)
	}
}

// TestTCMBadInput checks that bad rules and records give field errors naming the field.
func TestTCMBadInput(t *testing.T) {
	stay := fuStay("s1", "p1", transition.SettingAcuteInpatient, "2024-02-26", "2024-03-01", "")
	badRules := metrics.TCM(2024, civil.USFederal())
	badRules.Contacts = []metrics.ServiceKind{metrics.ServiceMedRec}
	badRules.Visits = nil
	old := metrics.TCM(1850, civil.USFederal())
	tests := []struct {
		name     string
		services []metrics.Service
		rules    metrics.TCMRules
		want     []string
	}{
		{"bad rules", nil, badRules, []string{"rules.contacts[0] not-supported", "rules.visits required"}},
		{"period before 1900", nil, old, []string{"rules.period out-of-range"}},
		{"bad services", []metrics.Service{
			{Patient: "p1", Day: fuD("2024-03-04"), Kind: metrics.ServiceTelephone, By: carecoord.Actor{Kind: "robot", ID: "x"}},
			{Patient: "p1", Day: fuD("2024-03-07"), Kind: metrics.ServiceVisit, MDM: "extreme"}},
			metrics.TCM(2024, civil.USFederal()), []string{"services[0].by.kind not-supported", "services[1].mdm not-supported"}},
	}
	for _, tt := range tests {
		_, err := metrics.TCMCompletion([]metrics.Stay{stay}, tt.services, tt.rules, metrics.Options{})
		var fe carecoord.FieldErrors
		if !errors.Is(err, carecoord.ErrInvalid) || !errors.As(err, &fe) {
			t.Errorf("%s: error %v, want carecoord.FieldErrors", tt.name, err)
			continue
		}
		for _, w := range tt.want {
			path, code, _ := strings.Cut(w, " ")
			if !fe.Has(path, carecoord.FieldCode(code)) {
				t.Errorf("%s: no %s problem at %s in %v", tt.name, code, path, err)
			}
		}
	}
}
