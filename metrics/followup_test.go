package metrics_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/medrec"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/transition"
	"github.com/google/go-cmp/cmp"
)

// fuD parses a day of a test vector.
func fuD(s string) civil.Date { return civil.MustParse(s) }

// fuStay returns a stay of patient p ending with disposition disp ("" is home).
func fuStay(id string, p carecoord.PatientID, setting transition.Setting, admitted, discharged string, disp transition.Disposition) metrics.Stay {
	if disp == "" {
		disp = transition.DispositionHome
	}
	return metrics.Stay{ID: id, Patient: p, Setting: setting, Admitted: fuD(admitted), Discharged: fuD(discharged), Disposition: disp}
}

// fuPsych is an acute psychiatric stay discharged home.
func fuPsych(id, admitted, discharged string) metrics.Stay {
	return fuStay(id, "p1", transition.SettingPsychiatricInpatient, admitted, discharged, "")
}

// fuSvc returns a service of patient p1.
func fuSvc(day string, kind metrics.ServiceKind) metrics.Service {
	return metrics.Service{Patient: "p1", Day: fuD(day), Kind: kind}
}

// fuRun computes rules over the records with evidence, failing the test on an error.
func fuRun(t *testing.T, stays []metrics.Stay, services []metrics.Service, rules metrics.FollowUpRules) metrics.Result {
	t.Helper()
	res, err := metrics.FollowUp(stays, services, rules, metrics.Options{Evidence: true})
	if err != nil {
		t.Fatalf("FollowUp(%s): %v", rules.Measure, err)
	}
	return res
}

// fuRow is the one evidence row of a result; it fails the test when there is not exactly one.
func fuRow(t *testing.T, res metrics.Result) metrics.Evidence {
	t.Helper()
	if len(res.Evidence) != 1 {
		t.Fatalf("%s: %d evidence rows, want 1: %+v", res.Measure, len(res.Evidence), res.Evidence)
	}
	return res.Evidence[0]
}

// TestFollowUpSpecWindows checks every window of metrics spec §3.6 at both edges: a service on
// the first and last day of the window meets the measure, one the day before or after does
// not.
func TestFollowUpSpecWindows(t *testing.T) {
	trcOld := metrics.TRCNotification(2024)
	trcOld.Window = metrics.Window{From: 0, To: 1} // MY2018–2019
	discharge := fuPsych("s1", "2024-03-01", "2024-03-10")
	ed := fuStay("e1", "p1", transition.SettingEmergencyDepartment, "2024-05-06", "2024-05-06", "")
	tests := []struct {
		name        string
		rules       metrics.FollowUpRules
		stay        metrics.Stay
		kind        metrics.ServiceKind
		first, last string // the window, inclusive
	}{
		{"TRC notification (current)", metrics.TRCNotification(2024), discharge, metrics.ServiceAdmissionNotice, "2024-03-01", "2024-03-03"},
		{"TRC notification (older, MY2018-19)", trcOld, discharge, metrics.ServiceAdmissionNotice, "2024-03-01", "2024-03-02"},
		{"TRC receipt of discharge info", metrics.TRCDischargeInfo(2024), discharge, metrics.ServiceDischargeInfo, "2024-03-10", "2024-03-12"},
		{"TRC patient engagement", metrics.TRCEngagement(2024), discharge, metrics.ServiceTelephone, "2024-03-11", "2024-04-09"},
		{"TRC med reconciliation", metrics.TRCMedRec(2024), discharge, metrics.ServiceMedRec, "2024-03-10", "2024-04-09"},
		{"MRP med reconciliation", metrics.MRP(2024), discharge, metrics.ServiceMedRec, "2024-03-10", "2024-04-09"},
		{"FUH 7-day", metrics.FUH7(2024), discharge, metrics.ServiceVisit, "2024-03-11", "2024-03-17"},
		{"FUH 30-day", metrics.FUH30(2024), discharge, metrics.ServiceVisit, "2024-03-11", "2024-04-09"},
		{"FMC", metrics.FMC(2024), ed, metrics.ServiceVisit, "2024-05-06", "2024-05-13"},
	}
	for _, tt := range tests {
		first, last := fuD(tt.first), fuD(tt.last)
		for _, c := range []struct {
			day  civil.Date
			want metrics.Status
		}{{first.AddDays(-1), metrics.InDenominator}, {first, metrics.InNumerator}, {last, metrics.InNumerator}, {last.AddDays(1), metrics.InDenominator}} {
			res := fuRun(t, []metrics.Stay{tt.stay}, []metrics.Service{{Patient: "p1", Day: c.day, Kind: tt.kind}}, tt.rules)
			if got := fuRow(t, res); got.Status != c.want {
				t.Errorf("%s: service on %s: status %s, want %s", tt.name, c.day, got.Status, c.want)
			}
		}
	}
}

// TestFollowUpEventWindow checks the edges of the event windows of spec §3.6: discharges
// 1 January to 1 December (FUH, TRC, MRP), ED visits 1 January to 24 December (FMC).
func TestFollowUpEventWindow(t *testing.T) {
	tests := []struct {
		rules   metrics.FollowUpRules
		setting transition.Setting
		day     string
		want    bool
	}{
		{metrics.FUH7(2024), transition.SettingAcuteInpatient, "2024-12-01", true},
		{metrics.FUH7(2024), transition.SettingAcuteInpatient, "2024-12-02", false},
		{metrics.FUH30(2024), transition.SettingAcuteInpatient, "2024-12-01", true},
		{metrics.FUH30(2024), transition.SettingAcuteInpatient, "2024-12-02", false},
		{metrics.FUH30(2024), transition.SettingAcuteInpatient, "2024-01-01", true},
		{metrics.FUH30(2024), transition.SettingAcuteInpatient, "2023-12-31", false},
		{metrics.TRCMedRec(2024), transition.SettingSkilledNursing, "2024-12-01", true},
		{metrics.TRCMedRec(2024), transition.SettingSkilledNursing, "2024-12-02", false},
		{metrics.MRP(2024), transition.SettingAcuteInpatient, "2024-12-01", true},
		{metrics.MRP(2024), transition.SettingAcuteInpatient, "2024-12-02", false},
		{metrics.FMC(2024), transition.SettingEmergencyDepartment, "2024-12-24", true},
		{metrics.FMC(2024), transition.SettingEmergencyDepartment, "2024-12-25", false},
	}
	for _, tt := range tests {
		s := fuStay("s1", "p1", tt.setting, tt.day, tt.day, "")
		res := fuRun(t, []metrics.Stay{s}, nil, tt.rules)
		if got := res.Total.Denominator == 1; got != tt.want {
			t.Errorf("%s: event on %s: in the denominator = %t, want %t (%+v)", tt.rules.Measure, tt.day, got, tt.want, res.Total)
		}
	}
}

// TestFUHScenario is the FUH scenario of spec §3.6: discharge 2024-03-10 with a
// mental-health principal diagnosis, a follow-up visit on 03-17 or 03-18, and a readmission
// to acute psychiatry 03-20 to 03-25 that re-anchors the windows to 03-25.
func TestFUHScenario(t *testing.T) {
	index := fuPsych("s1", "2024-03-05", "2024-03-10")
	readmit := fuPsych("s2", "2024-03-20", "2024-03-25")
	type want struct {
		status  metrics.Status
		event   string
		decided string
	}
	tests := []struct {
		name       string
		stays      []metrics.Stay
		visit      string
		fuh7, fuh3 want
	}{
		{"visit on day 7", []metrics.Stay{index}, "2024-03-17",
			want{metrics.InNumerator, "2024-03-10", "2024-03-17"}, want{metrics.InNumerator, "2024-03-10", "2024-03-17"}},
		{"visit on day 8", []metrics.Stay{index}, "2024-03-18",
			want{metrics.InDenominator, "2024-03-10", ""}, want{metrics.InNumerator, "2024-03-10", "2024-03-18"}},
		{"visit on the discharge day", []metrics.Stay{index}, "2024-03-10",
			want{metrics.InDenominator, "2024-03-10", ""}, want{metrics.InDenominator, "2024-03-10", ""}},
		{"readmission: a visit before it does not follow up the last discharge", []metrics.Stay{readmit, index}, "2024-03-17",
			want{metrics.InDenominator, "2024-03-25", ""}, want{metrics.InDenominator, "2024-03-25", ""}},
		{"readmission: a visit on the last discharge day", []metrics.Stay{index, readmit}, "2024-03-25",
			want{metrics.InDenominator, "2024-03-25", ""}, want{metrics.InDenominator, "2024-03-25", ""}},
		{"readmission: first day of the re-anchored window", []metrics.Stay{index, readmit}, "2024-03-26",
			want{metrics.InNumerator, "2024-03-25", "2024-03-26"}, want{metrics.InNumerator, "2024-03-25", "2024-03-26"}},
		{"readmission: last day of the re-anchored 7-day window", []metrics.Stay{index, readmit}, "2024-04-01",
			want{metrics.InNumerator, "2024-03-25", "2024-04-01"}, want{metrics.InNumerator, "2024-03-25", "2024-04-01"}},
		{"readmission: after the re-anchored 7-day window", []metrics.Stay{index, readmit}, "2024-04-02",
			want{metrics.InDenominator, "2024-03-25", ""}, want{metrics.InNumerator, "2024-03-25", "2024-04-02"}},
	}
	for _, tt := range tests {
		for _, c := range []struct {
			rules metrics.FollowUpRules
			want  want
		}{{metrics.FUH7(2024), tt.fuh7}, {metrics.FUH30(2024), tt.fuh3}} {
			res := fuRun(t, tt.stays, []metrics.Service{fuSvc(tt.visit, metrics.ServiceVisit)}, c.rules)
			got := fuRow(t, res)
			w := metrics.Evidence{Patient: "p1", Subject: "s1", Status: c.want.status, Reason: metrics.ReasonNoFollowUp, Event: fuD(c.want.event)}
			if c.want.decided != "" {
				w.Reason, w.Decided = metrics.ReasonFollowedUp, fuD(c.want.decided)
			}
			if diff := cmp.Diff(w, got); diff != "" {
				t.Errorf("%s, %s: evidence mismatch (-want +got):\n%s", tt.name, c.rules.Measure, diff)
			}
		}
	}
}

// TestFollowUpSameDay checks spec §3.5: a service on the discharge day counts for MRP, TRC
// medication reconciliation and receipt of discharge information, and not for FUH or TRC
// patient engagement.
func TestFollowUpSameDay(t *testing.T) {
	stays := []metrics.Stay{fuStay("s1", "p1", transition.SettingAcuteInpatient, "2024-03-01", "2024-03-10", "")}
	for _, c := range []struct {
		rules metrics.FollowUpRules
		kind  metrics.ServiceKind
		want  metrics.Status
	}{
		{metrics.FUH7(2024), metrics.ServiceVisit, metrics.InDenominator},
		{metrics.FUH30(2024), metrics.ServiceVisit, metrics.InDenominator},
		{metrics.TRCEngagement(2024), metrics.ServiceVisit, metrics.InDenominator},
		{metrics.MRP(2024), metrics.ServiceMedRec, metrics.InNumerator},
		{metrics.TRCMedRec(2024), metrics.ServiceMedRec, metrics.InNumerator},
		{metrics.TRCDischargeInfo(2024), metrics.ServiceDischargeInfo, metrics.InNumerator},
	} {
		res := fuRun(t, stays, []metrics.Service{fuSvc("2024-03-10", c.kind)}, c.rules)
		if got := fuRow(t, res).Status; got != c.want {
			t.Errorf("%s: %s on the discharge day: status %s, want %s", c.rules.Measure, c.kind, got, c.want)
		}
	}
}

// TestFollowUpReadmissions checks the readmission and direct-transfer rules: FUH re-anchors
// on an acute stay with a qualifying diagnosis and excludes on a non-acute stay or an acute
// one for another diagnosis; TRC re-anchors on any inpatient stay; both drop an episode whose
// last discharge is after 1 December.
func TestFollowUpReadmissions(t *testing.T) {
	mh := func(s metrics.Stay) bool { return strings.HasPrefix(s.Principal, "F") }
	fuh := metrics.FUH30(2024)
	fuh.Qualifies = mh
	withDx := func(s metrics.Stay, dx string) metrics.Stay { s.Principal = dx; return s }
	index := withDx(fuPsych("s1", "2024-03-05", "2024-03-10"), "F32.2")
	type row struct {
		status  metrics.Status
		reason  metrics.Reason
		event   string
		decided string
	}
	tests := []struct {
		name  string
		rules metrics.FollowUpRules
		stays []metrics.Stay
		want  []row
	}{
		{"FUH: acute MH readmission on day 30 re-anchors", fuh,
			[]metrics.Stay{index, withDx(fuPsych("s2", "2024-04-09", "2024-04-12"), "F20.0")},
			[]row{{metrics.InDenominator, metrics.ReasonNoFollowUp, "2024-04-12", ""}}},
		{"FUH: acute MH stay on day 31 is its own event", fuh,
			[]metrics.Stay{index, withDx(fuPsych("s2", "2024-04-10", "2024-04-12"), "F20.0")},
			[]row{{metrics.InDenominator, metrics.ReasonNoFollowUp, "2024-03-10", ""}, {metrics.InDenominator, metrics.ReasonNoFollowUp, "2024-04-12", ""}}},
		{"FUH: direct transfer on the discharge day re-anchors", fuh,
			[]metrics.Stay{index, withDx(fuStay("s2", "p1", transition.SettingAcuteInpatient, "2024-03-10", "2024-03-14", ""), "F32.2")},
			[]row{{metrics.InDenominator, metrics.ReasonNoFollowUp, "2024-03-14", ""}}},
		{"FUH: a chain of readmissions re-anchors to the last", fuh,
			[]metrics.Stay{index, withDx(fuPsych("s2", "2024-03-20", "2024-03-25"), "F32.2"), withDx(fuPsych("s3", "2024-04-20", "2024-04-22"), "F32.2")},
			[]row{{metrics.InDenominator, metrics.ReasonNoFollowUp, "2024-04-22", ""}}},
		{"FUH: non-acute stay in 30 days excludes", fuh,
			[]metrics.Stay{index, fuStay("s2", "p1", transition.SettingSkilledNursing, "2024-03-10", "2024-03-30", "")},
			[]row{{metrics.Excluded, metrics.ReasonAdmittedNonAcute, "2024-03-10", "2024-03-10"}}},
		{"FUH: acute stay for another diagnosis excludes", fuh,
			[]metrics.Stay{index, withDx(fuStay("s2", "p1", transition.SettingAcuteInpatient, "2024-03-15", "2024-03-18", ""), "I21.4")},
			[]row{{metrics.Excluded, metrics.ReasonAdmittedAcute, "2024-03-10", "2024-03-15"}}},
		{"FUH: re-anchored after 1 December is dropped", fuh,
			[]metrics.Stay{withDx(fuPsych("s1", "2024-11-20", "2024-11-25"), "F32.2"), withDx(fuPsych("s2", "2024-11-28", "2024-12-02"), "F32.2")},
			[]row{{metrics.Excluded, metrics.ReasonLastDischargeAfterWindow, "2024-12-02", "2024-11-28"}}},
		{"FUH: re-anchored on 1 December is counted", fuh,
			[]metrics.Stay{withDx(fuPsych("s1", "2024-11-20", "2024-11-25"), "F32.2"), withDx(fuPsych("s2", "2024-11-28", "2024-12-01"), "F32.2")},
			[]row{{metrics.InDenominator, metrics.ReasonNoFollowUp, "2024-12-01", ""}}},
		{"TRC: discharge to a SNF re-anchors to the SNF discharge", metrics.TRCMedRec(2024),
			[]metrics.Stay{fuStay("s1", "p1", transition.SettingAcuteInpatient, "2024-03-01", "2024-03-10", transition.DispositionSNF),
				fuStay("s2", "p1", transition.SettingSkilledNursing, "2024-03-10", "2024-03-30", "")},
			[]row{{metrics.InDenominator, metrics.ReasonNoFollowUp, "2024-03-30", ""}}},
	}
	for _, tt := range tests {
		res := fuRun(t, tt.stays, nil, tt.rules)
		var want []metrics.Evidence
		for _, r := range tt.want {
			e := metrics.Evidence{Patient: "p1", Subject: "s1", Status: r.status, Reason: r.reason, Event: fuD(r.event)}
			if r.decided != "" {
				e.Decided = fuD(r.decided)
			}
			if len(want) > 0 {
				e.Subject = "s2"
			}
			want = append(want, e)
		}
		if diff := cmp.Diff(want, res.Evidence); diff != "" {
			t.Errorf("%s: evidence mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

// TestTRCNotificationAfterReadmission checks that TRC's notification window counts from the
// first admission of an episode, whose event is its last discharge.
func TestTRCNotificationAfterReadmission(t *testing.T) {
	stays := []metrics.Stay{
		fuStay("s1", "p1", transition.SettingAcuteInpatient, "2024-03-01", "2024-03-10", ""),
		fuStay("s2", "p1", transition.SettingAcuteInpatient, "2024-03-15", "2024-03-20", ""),
	}
	for _, c := range []struct {
		notice string
		want   metrics.Status
	}{{"2024-03-03", metrics.InNumerator}, {"2024-03-04", metrics.InDenominator}, {"2024-03-15", metrics.InDenominator}} {
		got := fuRow(t, fuRun(t, stays, []metrics.Service{fuSvc(c.notice, metrics.ServiceAdmissionNotice)}, metrics.TRCNotification(2024)))
		if got.Status != c.want || got.Event != fuD("2024-03-20") {
			t.Errorf("notice on %s: %s on %s, want %s on 2024-03-20", c.notice, got.Status, got.Event, c.want)
		}
	}
}

// TestFollowUpDeaths checks the death exclusions: a stay that ended in death is never an
// event, and with ExcludeDeaths a death later in the period excludes the patient's events.
func TestFollowUpDeaths(t *testing.T) {
	died := fuStay("s1", "p1", transition.SettingAcuteInpatient, "2024-03-01", "2024-03-10", transition.DispositionExpired)
	res := fuRun(t, []metrics.Stay{died}, nil, metrics.FUH30(2024))
	want := metrics.Evidence{Patient: "p1", Subject: "s1", Status: metrics.Excluded, Reason: metrics.ReasonDied, Event: fuD("2024-03-10"), Decided: fuD("2024-03-10")}
	if diff := cmp.Diff(want, fuRow(t, res)); diff != "" {
		t.Errorf("died during the stay: evidence mismatch (-want +got):\n%s", diff)
	}

	stays := []metrics.Stay{
		fuStay("s1", "p1", transition.SettingAcuteInpatient, "2024-03-01", "2024-03-10", ""),
		fuStay("e1", "p1", transition.SettingEmergencyDepartment, "2024-08-01", "2024-08-01", transition.DispositionExpired),
	}
	visits := []metrics.Service{fuSvc("2024-03-12", metrics.ServiceVisit)}
	res = fuRun(t, stays, visits, metrics.FUH30(2024))
	want = metrics.Evidence{Patient: "p1", Subject: "s1", Status: metrics.Excluded, Reason: metrics.ReasonDied, Event: fuD("2024-03-10"), Decided: fuD("2024-08-01")}
	if diff := cmp.Diff(want, fuRow(t, res)); diff != "" {
		t.Errorf("died later in the period: evidence mismatch (-want +got):\n%s", diff)
	}
	rules := metrics.FUH30(2024)
	rules.ExcludeDeaths = false
	if got := fuRow(t, fuRun(t, stays, visits, rules)); got.Status != metrics.InNumerator {
		t.Errorf("ExcludeDeaths off: status %s, want %s", got.Status, metrics.InNumerator)
	}
	stays[1].Admitted, stays[1].Discharged = fuD("2025-01-05"), fuD("2025-01-05")
	if got := fuRow(t, fuRun(t, stays, visits, metrics.FUH30(2024))); got.Status != metrics.InNumerator {
		t.Errorf("died after the period: status %s, want %s", got.Status, metrics.InNumerator)
	}
}

// TestFMCRules checks FMC's exclusion of ED visits followed by an admission within 7 days,
// its "admitted here" disposition, and its count of the first counted visit in 8 days.
func TestFMCRules(t *testing.T) {
	ed := func(id, day string, disp transition.Disposition) metrics.Stay {
		return fuStay(id, "p1", transition.SettingEmergencyDepartment, day, day, disp)
	}
	inpatient := func(admitted string) metrics.Stay {
		return fuStay("i1", "p1", transition.SettingAcuteInpatient, admitted, fuD(admitted).AddDays(3).String(), "")
	}
	type row struct {
		subject string
		status  metrics.Status
		reason  metrics.Reason
		event   string
		decided string
	}
	tests := []struct {
		name  string
		stays []metrics.Stay
		want  []row
	}{
		{"admitted the same day", []metrics.Stay{ed("e1", "2024-05-06", ""), inpatient("2024-05-06")},
			[]row{{"e1", metrics.Excluded, metrics.ReasonAdmittedAcute, "2024-05-06", "2024-05-06"}}},
		{"admitted on day 7", []metrics.Stay{ed("e1", "2024-05-06", ""), inpatient("2024-05-13")},
			[]row{{"e1", metrics.Excluded, metrics.ReasonAdmittedAcute, "2024-05-06", "2024-05-13"}}},
		{"admitted on day 8", []metrics.Stay{ed("e1", "2024-05-06", ""), inpatient("2024-05-14")},
			[]row{{"e1", metrics.InDenominator, metrics.ReasonNoFollowUp, "2024-05-06", ""}}},
		{"to a SNF on day 2", []metrics.Stay{ed("e1", "2024-05-06", ""), fuStay("n1", "p1", transition.SettingSkilledNursing, "2024-05-08", "2024-05-20", "")},
			[]row{{"e1", metrics.Excluded, metrics.ReasonAdmittedNonAcute, "2024-05-06", "2024-05-08"}}},
		{"ended admitted here", []metrics.Stay{ed("e1", "2024-05-06", transition.DispositionAdmittedHere)},
			[]row{{"e1", metrics.Excluded, metrics.ReasonAdmittedAcute, "2024-05-06", "2024-05-06"}}},
		{"second visit within 8 days is a repeat", []metrics.Stay{ed("e1", "2024-05-06", ""), ed("e2", "2024-05-13", "")},
			[]row{{"e1", metrics.InDenominator, metrics.ReasonNoFollowUp, "2024-05-06", ""}, {"e2", metrics.Excluded, metrics.ReasonRepeatVisit, "2024-05-13", "2024-05-06"}}},
		{"visit on day 8 counts", []metrics.Stay{ed("e1", "2024-05-06", ""), ed("e2", "2024-05-14", "")},
			[]row{{"e1", metrics.InDenominator, metrics.ReasonNoFollowUp, "2024-05-06", ""}, {"e2", metrics.InDenominator, metrics.ReasonNoFollowUp, "2024-05-14", ""}}},
		{"an excluded visit starts no period", []metrics.Stay{ed("e1", "2024-05-06", transition.DispositionAdmittedHere), ed("e2", "2024-05-09", "")},
			[]row{{"e1", metrics.Excluded, metrics.ReasonAdmittedAcute, "2024-05-06", "2024-05-06"}, {"e2", metrics.InDenominator, metrics.ReasonNoFollowUp, "2024-05-09", ""}}},
	}
	for _, tt := range tests {
		res := fuRun(t, tt.stays, nil, metrics.FMC(2024))
		var want []metrics.Evidence
		for _, r := range tt.want {
			e := metrics.Evidence{Patient: "p1", Subject: r.subject, Status: r.status, Reason: r.reason, Event: fuD(r.event)}
			if r.decided != "" {
				e.Decided = fuD(r.decided)
			}
			want = append(want, e)
		}
		if diff := cmp.Diff(want, res.Evidence); diff != "" {
			t.Errorf("%s: evidence mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

// TestFollowUpCallerRules checks the caller's predicates and options: Qualifies, Accept,
// attempts, Options.Eligible and Options.Stratify.
func TestFollowUpCallerRules(t *testing.T) {
	stays := []metrics.Stay{
		fuStay("a1", "pa", transition.SettingAcuteInpatient, "2024-02-01", "2024-02-05", ""),
		fuStay("b1", "pb", transition.SettingAcuteInpatient, "2024-02-01", "2024-02-05", ""),
		fuStay("c1", "pc", transition.SettingAcuteInpatient, "2024-02-01", "2024-02-05", ""),
		fuStay("d1", "pd", transition.SettingAcuteInpatient, "2024-02-01", "2024-02-05", ""),
	}
	stays[0].Principal, stays[1].Principal, stays[2].Principal, stays[3].Principal = "F32.2", "F32.2", "F20.0", "I21.4"
	mhPractitioner := carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "mh-1"}
	services := []metrics.Service{
		{Patient: "pa", Day: fuD("2024-02-06"), Kind: metrics.ServiceVisit, By: mhPractitioner},
		{Patient: "pb", Day: fuD("2024-02-06"), Kind: metrics.ServiceVisit, By: carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "pcp-1"}},
		{Patient: "pc", Day: fuD("2024-02-06"), Kind: metrics.ServiceTelephone, By: mhPractitioner, Attempt: true},
		{Patient: "pd", Day: fuD("2024-02-06"), Kind: metrics.ServiceVisit, By: mhPractitioner},
	}
	rules := metrics.FUH7(2024)
	rules.Qualifies = func(s metrics.Stay) bool { return strings.HasPrefix(s.Principal, "F") }
	rules.Accept = func(s metrics.Service) bool { return strings.HasPrefix(s.By.ID, "mh-") }
	opts := metrics.Options{
		Evidence: true,
		Stratify: func(p carecoord.PatientID, on civil.Date) string {
			return map[carecoord.PatientID]string{"pa": "18-64", "pb": "65+"}[p]
		},
		Eligible: func(p carecoord.PatientID, on civil.Date) metrics.Reason {
			if p == "pb" && on == fuD("2024-02-05") {
				return "not-continuously-enrolled"
			}
			return ""
		},
	}
	res, err := metrics.FollowUp(stays, services, rules, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := metrics.Result{
		Measure: metrics.MeasureFUH7, Period: civil.Range{Start: fuD("2024-01-01"), End: fuD("2024-12-31")},
		Total: metrics.Tally{Denominator: 2, Numerator: 1, Excluded: 1},
		Strata: []metrics.Stratum{
			{Key: "", Tally: metrics.Tally{Denominator: 1}},
			{Key: "18-64", Tally: metrics.Tally{Denominator: 1, Numerator: 1}},
			{Key: "65+", Tally: metrics.Tally{Excluded: 1}},
		},
		Explained: true,
		Evidence: []metrics.Evidence{
			{Patient: "pa", Subject: "a1", Stratum: "18-64", Status: metrics.InNumerator, Reason: metrics.ReasonFollowedUp, Event: fuD("2024-02-05"), Decided: fuD("2024-02-06")},
			{Patient: "pb", Subject: "b1", Stratum: "65+", Status: metrics.Excluded, Reason: "not-continuously-enrolled", Event: fuD("2024-02-05")},
			{Patient: "pc", Subject: "c1", Status: metrics.InDenominator, Reason: metrics.ReasonNoFollowUp, Event: fuD("2024-02-05")},
		},
	}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("FollowUp mismatch (-want +got):\n%s", diff)
	}
}

// TestFollowUpBadInput checks that bad records and rules give field errors naming the slice
// index and field, never patient data, and that the inputs are not changed.
func TestFollowUpBadInput(t *testing.T) {
	const secret = "patient-7781"
	good := fuStay("s1", secret, transition.SettingAcuteInpatient, "2024-03-01", "2024-03-10", "")
	bad := good
	bad.Discharged = fuD("2024-02-01")
	overlap := fuStay("s3", secret, transition.SettingAcuteInpatient, "2024-03-05", "2024-03-12", "")
	ed := fuStay("e1", secret, transition.SettingEmergencyDepartment, "2024-03-01", "2024-02-01", "") // not read by FUH
	svc := metrics.Service{Patient: secret, Day: fuD("2024-03-12"), Kind: metrics.ServiceVisit}
	noDay := metrics.Service{Patient: secret, Kind: metrics.ServiceVisit}
	badKind := metrics.Service{Patient: secret, Day: fuD("2024-03-12"), Kind: "fax"}
	badRules := metrics.FUH7(2024)
	badRules.Window = metrics.Window{From: 5, To: 1}
	badRules.OnAcute = ""
	reanchorED := metrics.FMC(2024)
	reanchorED.OnAcute = metrics.ReadmitLastDischarge
	tests := []struct {
		name     string
		stays    []metrics.Stay
		services []metrics.Service
		rules    metrics.FollowUpRules
		want     []string // "path code"
	}{
		{"bad stay and services", []metrics.Stay{good, ed, bad}, []metrics.Service{svc, svc, svc, noDay, badKind}, metrics.FUH7(2024),
			[]string{"stays[2].discharged invalid", "services[3].day required", "services[4].kind not-supported"}},
		{"overlapping stays", []metrics.Stay{good, overlap}, nil, metrics.FUH7(2024), []string{"stays[1].admitted invalid"}},
		{"bad rules", nil, nil, badRules, []string{"rules.window.to invalid", "rules.onAcute not-supported"}},
		{"re-anchoring on an admission day", nil, nil, reanchorED, []string{"rules.onAcute invalid"}},
		{"no rules", nil, nil, metrics.FollowUpRules{}, []string{"rules.measure required", "rules.period.start required", "rules.settings required", "rules.event not-supported", "rules.kinds required"}},
	}
	for _, tt := range tests {
		stays, services := slices.Clone(tt.stays), slices.Clone(tt.services)
		_, err := metrics.FollowUp(stays, services, tt.rules, metrics.Options{})
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
		if fe.Has("stays[1].discharged", carecoord.FieldInvalid) {
			t.Errorf("%s: an ED visit FUH does not read was validated: %v", tt.name, err)
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("%s: error text carries the patient id: %v", tt.name, err)
		}
		if !slices.EqualFunc(stays, tt.stays, func(a, b metrics.Stay) bool { return cmp.Equal(a, b) }) || !slices.Equal(services, tt.services) {
			t.Errorf("%s: inputs changed", tt.name)
		}
	}
}

// TestFollowUpDoesNotChangeInput checks that unsorted inputs stay as the caller passed them.
func TestFollowUpDoesNotChangeInput(t *testing.T) {
	stays := []metrics.Stay{fuPsych("s2", "2024-03-20", "2024-03-25"), fuPsych("s1", "2024-03-05", "2024-03-10")}
	services := []metrics.Service{fuSvc("2024-04-01", metrics.ServiceVisit), fuSvc("2024-03-12", metrics.ServiceVisit)}
	wantStays, wantServices := slices.Clone(stays), slices.Clone(services)
	fuRun(t, stays, services, metrics.FUH7(2024))
	if diff := cmp.Diff(wantStays, stays); diff != "" {
		t.Errorf("stays changed (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantServices, services); diff != "" {
		t.Errorf("services changed (-want +got):\n%s", diff)
	}
}

// TestServiceFromReconciliation checks the medrec adapter: a completed post-discharge
// reconciliation is a medication-reconciliation service on its local day; others are not.
func TestServiceFromReconciliation(t *testing.T) {
	pharmacist := carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rph-1"}
	eastern := time.FixedZone("EST", -5*3600)
	at := time.Date(2024, 3, 11, 3, 30, 0, 0, time.UTC) // 22:30 on 03-10 in EST
	done := medrec.Reconciliation{Patient: "p1", Context: medrec.ContextPostDischarge, Status: medrec.SessionCompleted,
		History: []carecoord.Transition{{From: string(medrec.SessionInProgress), To: string(medrec.SessionCompleted), At: at, By: pharmacist}}}
	got, ok := metrics.ServiceFromReconciliation(done, eastern)
	want := metrics.Service{Patient: "p1", Day: fuD("2024-03-10"), Kind: metrics.ServiceMedRec, By: pharmacist}
	if diff := cmp.Diff(want, got); !ok || diff != "" {
		t.Errorf("ServiceFromReconciliation(completed) = _, %t; mismatch (-want +got):\n%s", ok, diff)
	}
	if got, _ := metrics.ServiceFromReconciliation(done, time.UTC); got.Day != fuD("2024-03-11") {
		t.Errorf("ServiceFromReconciliation(completed, UTC).Day = %s, want 2024-03-11", got.Day)
	}
	inpatient := done
	inpatient.Context = medrec.ContextDischarge
	open := done
	open.Status, open.History = medrec.SessionInProgress, nil
	for name, c := range map[string]struct {
		r   medrec.Reconciliation
		loc *time.Location
	}{"at discharge": {inpatient, eastern}, "in progress": {open, eastern}, "no zone": {done, nil}} {
		if _, ok := metrics.ServiceFromReconciliation(c.r, c.loc); ok {
			t.Errorf("ServiceFromReconciliation(%s) = _, true; want false", name)
		}
	}
	// The service is what MRP counts.
	stays := []metrics.Stay{fuStay("s1", "p1", transition.SettingAcuteInpatient, "2024-03-01", "2024-03-10", "")}
	if got := fuRow(t, fuRun(t, stays, []metrics.Service{want}, metrics.MRP(2024))); got.Status != metrics.InNumerator {
		t.Errorf("MRP with the adapted reconciliation: status %s, want %s", got.Status, metrics.InNumerator)
	}
}

// TestFollowUpLargePopulation checks the paths large inputs take (grouping by hash with a
// radix sort, grouping input already in patient order, evidence in patient order): every
// order of the same records, with or without evidence, and the same records in small shards
// merged, give one result.
func TestFollowUpLargePopulation(t *testing.T) {
	sorted, sortedServices := fuBenchPopulation(12_000, true)
	shuffled, shuffledServices := fuBenchPopulation(12_000, false)
	for _, rules := range []metrics.FollowUpRules{metrics.FUH30(2024), metrics.TRCEngagement(2024)} {
		want, err := metrics.FollowUp(sorted, sortedServices, rules, metrics.Options{Evidence: true})
		if err != nil {
			t.Fatal(err)
		}
		if want.Total.Numerator == 0 || want.Total.Excluded == 0 || want.Total.Numerator == want.Total.Denominator {
			t.Fatalf("%s: a population without variety: %+v", rules.Measure, want.Total)
		}
		got, err := metrics.FollowUp(shuffled, shuffledServices, rules, metrics.Options{Evidence: true})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: shuffled input, with evidence: mismatch (-sorted +shuffled):\n%s", rules.Measure, diff)
		}
		for _, in := range []struct {
			name     string
			stays    []metrics.Stay
			services []metrics.Service
		}{{"sorted", sorted, sortedServices}, {"shuffled", shuffled, shuffledServices}} {
			got, err := metrics.FollowUp(in.stays, in.services, rules, metrics.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != want.Total {
				t.Errorf("%s: %s input without evidence: total %+v, want %+v", rules.Measure, in.name, got.Total, want.Total)
			}
		}
		// Shards of about 3,000 stays each, split by patient, take the small-input path.
		var merged metrics.Result
		for lo, j := 0, 0; lo < len(sorted); {
			hi := min(lo+3000, len(sorted))
			for hi < len(sorted) && sorted[hi].Patient == sorted[hi-1].Patient {
				hi++
			}
			k := j // services are in patient order too
			for k < len(sortedServices) && sortedServices[k].Patient <= sorted[hi-1].Patient {
				k++
			}
			part, err := metrics.FollowUp(sorted[lo:hi], sortedServices[j:k], rules, metrics.Options{Evidence: true})
			if err != nil {
				t.Fatal(err)
			}
			if merged, err = merged.Merge(part); err != nil {
				t.Fatal(err)
			}
			lo, j = hi, k
		}
		if diff := cmp.Diff(want, merged); diff != "" {
			t.Errorf("%s: merged shards: mismatch (-whole +merged):\n%s", rules.Measure, diff)
		}
	}
}
