package transition_test

import (
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/transition"
	"github.com/google/go-cmp/cmp"
)

type tcmDates struct {
	discharge, contactDue, by99496, by99495, periodEnd string
}

// tcmVectors are the TCM deadline vectors of spec careplan-referral-transition-sdoh.md §3.3 (the
// first eleven) and metrics-medrec.md §4.3 (the last three), with the US federal calendar.
func tcmVectors() []struct {
	name string
	tcmDates
} {
	return []struct {
		name string
		tcmDates
	}{
		{"spec 3.3: Friday before Labor Day", tcmDates{"2025-08-29", "2025-09-03", "2025-09-05", "2025-09-12", "2025-09-27"}},
		{"spec 3.3: Friday before MLK Day", tcmDates{"2026-01-16", "2026-01-21", "2026-01-23", "2026-01-30", "2026-02-14"}},
		{"spec 3.3: Christmas Eve, Friday after Christmas is a business day", tcmDates{"2025-12-24", "2025-12-29", "2025-12-31", "2026-01-07", "2026-01-22"}},
		{"spec 3.3: New Year 2022 observed Friday 2021-12-31", tcmDates{"2021-12-30", "2022-01-04", "2022-01-06", "2022-01-13", "2022-01-28"}},
		{"spec 3.3: July 4 observed Friday 2026-07-03", tcmDates{"2026-07-02", "2026-07-07", "2026-07-09", "2026-07-16", "2026-07-31"}},
		{"spec 3.3: Christmas observed Friday 2027-12-24", tcmDates{"2027-12-23", "2027-12-28", "2027-12-30", "2028-01-06", "2028-01-21"}},
		{"spec 3.3: day before Thanksgiving, the Friday after is not a holiday", tcmDates{"2025-11-26", "2025-12-01", "2025-12-03", "2025-12-10", "2025-12-25"}},
		{"spec 3.3: discharge on Thanksgiving itself", tcmDates{"2025-11-27", "2025-12-01", "2025-12-04", "2025-12-11", "2025-12-26"}},
		{"spec 3.3: Saturday before Labor Day", tcmDates{"2025-08-30", "2025-09-03", "2025-09-06", "2025-09-13", "2025-09-28"}},
		{"spec 3.3: discharge on Labor Day", tcmDates{"2025-09-01", "2025-09-03", "2025-09-08", "2025-09-15", "2025-09-30"}},
		{"spec 3.3: New Year's Eve", tcmDates{"2024-12-31", "2025-01-03", "2025-01-07", "2025-01-14", "2025-01-29"}},
		{"metrics 4.3: Friday, no holiday", tcmDates{"2024-03-01", "2024-03-05", "2024-03-08", "2024-03-15", "2024-03-30"}},
		{"metrics 4.3: day before July 4", tcmDates{"2024-07-03", "2024-07-08", "2024-07-10", "2024-07-17", "2024-08-01"}},
		{"metrics 4.3: day before Thanksgiving", tcmDates{"2024-11-27", "2024-12-02", "2024-12-04", "2024-12-11", "2024-12-26"}},
	}
}

// Every TCM deadline vector, three ways: NewTCMTimeline on the day; DecideTCM's timeline for a
// discharge at 23:30 New York time (already the next day in UTC: the local day must win); and the
// due days of the TCM checklist items made from that discharge.
func TestTCMTimelineVectors(t *testing.T) {
	ny := newYork(t)
	cal := civil.USFederal()
	for _, tt := range tcmVectors() {
		t.Run(tt.name, func(t *testing.T) {
			day := civil.MustParse(tt.discharge)
			want := transition.TCMTimeline{
				Discharge:    day,
				ContactDue:   civil.MustParse(tt.contactDue),
				Visit99496By: civil.MustParse(tt.by99496),
				Visit99495By: civil.MustParse(tt.by99495),
				Period:       civil.Range{Start: day, End: civil.MustParse(tt.periodEnd)},
			}
			if diff := cmp.Diff(want, transition.NewTCMTimeline(day, cal)); diff != "" {
				t.Errorf("NewTCMTimeline(%s) mismatch (-want +got):\n%s", tt.discharge, diff)
			}
			if got := want.Period.Days(); got != 30 {
				t.Errorf("service period has %d days, want 30", got)
			}

			e := discharged(ny, local(ny, tt.discharge, 23, 30), transition.DispositionHome, transition.RiskHigh)
			if e.Discharged.UTC().Day() == e.DischargeDate().Day() {
				t.Fatalf("fixture: 23:30 New York should be the next day in UTC")
			}
			dec, err := transition.DecideTCM(e, transition.TCMServices{}, cal)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, dec.Timeline); diff != "" {
				t.Errorf("DecideTCM timeline mismatch (-want +got):\n%s", diff)
			}

			for tier, visitBy := range map[transition.RiskTier]civil.Date{transition.RiskHigh: want.Visit99496By, transition.RiskModerate: want.Visit99495By} {
				c := instantiate(t, transition.TCMTemplate(tier), e)
				if got := item(t, c, "tcm-contact").DueDay; got != want.ContactDue {
					t.Errorf("%s checklist: tcm-contact due %s, want %s", tier, got, want.ContactDue)
				}
				if got := item(t, c, "tcm-visit").DueDay; got != visitBy {
					t.Errorf("%s checklist: tcm-visit due %s, want %s", tier, got, visitBy)
				}
			}
		})
	}
}

// metrics-medrec.md §4.3: "if the practice calendar also closes Fri 11-29 → Tue 12-03".
func TestTCMContactDueWithPracticeClosure(t *testing.T) {
	cal := civil.USFederal().WithClosures(civil.MustParse("2024-11-29"))
	got := transition.NewTCMTimeline(civil.MustParse("2024-11-27"), cal).ContactDue
	if want := civil.MustParse("2024-12-03"); got != want {
		t.Errorf("contact due %s, want %s", got, want)
	}
}

// The code-selection vectors of spec §3.3 and metrics §4.3. Every case has a successful contact
// on the first business day and reconciliation on the visit day, unless it says otherwise.
func TestTCMCodeVectors(t *testing.T) {
	ny := newYork(t)
	cal := civil.USFederal()
	reached := func(day string) transition.Contact {
		return transition.Contact{At: local(ny, day, 10, 0), Mode: transition.ContactTelephone, Reached: true, By: coordinator()}
	}
	attempt := func(day string, hh int) transition.Contact {
		return transition.Contact{At: local(ny, day, hh, 0), Mode: transition.ContactTelephone, By: coordinator()}
	}
	tests := []struct {
		name      string
		discharge string // discharged at 14:00 local, home
		contacts  []transition.Contact
		visit     string
		mdm       transition.MDM
		want      transition.TCMCode
		fail96    []transition.TCMRule
		fail95    []transition.TCMRule
	}{
		// spec §3.3, discharge Wednesday 2025-09-03 (contact due Friday 09-05).
		{"spec: high MDM, visit day 6", "2025-09-03", []transition.Contact{reached("2025-09-04")}, "2025-09-09", transition.MDMHigh,
			transition.TCM99496, nil, nil},
		{"spec: high MDM, visit day 9", "2025-09-03", []transition.Contact{reached("2025-09-04")}, "2025-09-12", transition.MDMHigh,
			transition.TCM99495, []transition.TCMRule{transition.TCMRuleVisitWindow}, nil},
		{"spec: moderate MDM, visit day 3", "2025-09-03", []transition.Contact{reached("2025-09-04")}, "2025-09-06", transition.MDMModerate,
			transition.TCM99495, []transition.TCMRule{transition.TCMRuleMDM}, nil},
		{"spec: moderate MDM, visit day 15", "2025-09-03", []transition.Contact{reached("2025-09-04")}, "2025-09-18", transition.MDMModerate,
			"", []transition.TCMRule{transition.TCMRuleVisitWindow, transition.TCMRuleMDM}, []transition.TCMRule{transition.TCMRuleVisitWindow}},
		{"spec: low MDM is never TCM", "2025-09-03", []transition.Contact{reached("2025-09-04")}, "2025-09-06", transition.MDMLow,
			"", []transition.TCMRule{transition.TCMRuleMDM}, []transition.TCMRule{transition.TCMRuleMDM}},
		{"spec: contact on business day 3 after two failed attempts on days 1-2", "2025-09-03",
			[]transition.Contact{attempt("2025-09-04", 9), attempt("2025-09-05", 16), reached("2025-09-08")}, "2025-09-09", transition.MDMHigh,
			transition.TCM99496, nil, nil},
		{"one failed attempt and a late contact is not enough", "2025-09-03",
			[]transition.Contact{attempt("2025-09-04", 9), reached("2025-09-08")}, "2025-09-09", transition.MDMHigh,
			"", []transition.TCMRule{transition.TCMRuleContact}, []transition.TCMRule{transition.TCMRuleContact}},
		// metrics §4.3, discharge Friday 2024-03-01 (contact due Tuesday 03-05).
		{"metrics: high MDM, visit 03-07", "2024-03-01", []transition.Contact{reached("2024-03-04")}, "2024-03-07", transition.MDMHigh,
			transition.TCM99496, nil, nil},
		{"metrics: high MDM, visit 03-12", "2024-03-01", []transition.Contact{reached("2024-03-04")}, "2024-03-12", transition.MDMHigh,
			transition.TCM99495, []transition.TCMRule{transition.TCMRuleVisitWindow}, nil},
		{"metrics: moderate MDM, visit 03-05", "2024-03-01", []transition.Contact{reached("2024-03-04")}, "2024-03-05", transition.MDMModerate,
			transition.TCM99495, []transition.TCMRule{transition.TCMRuleMDM}, nil},
		{"metrics: any MDM, visit 03-16", "2024-03-01", []transition.Contact{reached("2024-03-04")}, "2024-03-16", transition.MDMHigh,
			"", []transition.TCMRule{transition.TCMRuleVisitWindow}, []transition.TCMRule{transition.TCMRuleVisitWindow}},
		{"metrics: first contact 03-06, no attempts", "2024-03-01", []transition.Contact{reached("2024-03-06")}, "2024-03-07", transition.MDMHigh,
			"", []transition.TCMRule{transition.TCMRuleContact}, []transition.TCMRule{transition.TCMRuleContact}},
		{"metrics: contact on the last instant of the 2nd business day", "2024-03-01",
			[]transition.Contact{{At: local(ny, "2024-03-05", 23, 59), Mode: transition.ContactElectronic, Reached: true, By: coordinator()}},
			"2024-03-07", transition.MDMHigh, transition.TCM99496, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := discharged(ny, local(ny, tt.discharge, 14, 0), transition.DispositionHome, transition.RiskHigh)
			visit := civil.MustParse(tt.visit)
			dec, err := transition.DecideTCM(e, transition.TCMServices{Contacts: tt.contacts, Visit: visit, MDM: tt.mdm, MedRec: visit}, cal)
			if err != nil {
				t.Fatal(err)
			}
			if dec.Code != tt.want {
				t.Errorf("code = %q, want %q", dec.Code, tt.want)
			}
			if diff := cmp.Diff(tt.fail96, dec.Failed99496, cmpOpts()); diff != "" {
				t.Errorf("Failed99496 mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.fail95, dec.Failed99495, cmpOpts()); diff != "" {
				t.Errorf("Failed99495 mismatch (-want +got):\n%s", diff)
			}
			if tt.want != "" && (dec.DateOfService != visit || dec.EarliestClaim != visit) {
				t.Errorf("date of service %s, earliest claim %s; want both the visit day %s", dec.DateOfService, dec.EarliestClaim, visit)
			}
			if tt.want == "" && !dec.DateOfService.IsZero() {
				t.Errorf("date of service %s without a code", dec.DateOfService)
			}
		})
	}
}

// Each other TCM rule, failing on its own, with the rule it names.
func TestTCMRules(t *testing.T) {
	ny := newYork(t)
	cal := civil.USFederal()
	dis := local(ny, "2025-09-03", 14, 0) // Wednesday; contact due Friday 09-05
	good := func() (transition.Event, transition.TCMServices) {
		return discharged(ny, dis, transition.DispositionHome, transition.RiskHigh), transition.TCMServices{
			Contacts: []transition.Contact{{At: local(ny, "2025-09-04", 10, 0), Mode: transition.ContactTelephone, Reached: true, By: coordinator()}},
			Visit:    civil.MustParse("2025-09-08"), MDM: transition.MDMHigh, MedRec: civil.MustParse("2025-09-08")}
	}
	tests := []struct {
		name   string
		change func(*transition.Event, *transition.TCMServices)
		want   transition.TCMCode
		failed []transition.TCMRule // the rules both codes fail
	}{
		{"all met", func(*transition.Event, *transition.TCMServices) {}, transition.TCM99496, nil},
		{"ED visit is not a qualifying setting", func(e *transition.Event, _ *transition.TCMServices) {
			e.Kind, e.Setting = transition.KindEDVisit, transition.SettingEmergencyDepartment
		}, "", []transition.TCMRule{transition.TCMRuleSetting}},
		{"observation stay qualifies", func(e *transition.Event, _ *transition.TCMServices) {
			e.Kind, e.Setting = transition.KindObservation, transition.SettingObservation
		}, transition.TCM99496, nil},
		{"SNF discharge home qualifies", func(e *transition.Event, _ *transition.TCMServices) {
			e.Setting = transition.SettingSkilledNursing
		}, transition.TCM99496, nil},
		{"home health qualifies", func(e *transition.Event, _ *transition.TCMServices) { e.Disposition = transition.DispositionHomeHealth }, transition.TCM99496, nil},
		{"assisted living (custodial care, 04) qualifies", func(e *transition.Event, _ *transition.TCMServices) {
			e.Disposition = transition.DispositionCustodialCare
		}, transition.TCM99496, nil},
		{"discharge to a SNF does not", func(e *transition.Event, _ *transition.TCMServices) { e.Disposition = transition.DispositionSNF },
			"", []transition.TCMRule{transition.TCMRuleDestination}},
		{"nursing facility: not by default", func(e *transition.Event, _ *transition.TCMServices) {
			e.Disposition = transition.DispositionNursingFacility
		},
			"", []transition.TCMRule{transition.TCMRuleDestination}},
		{"nursing facility: with the option", func(e *transition.Event, s *transition.TCMServices) {
			e.Disposition, s.Options.NursingFacility = transition.DispositionNursingFacility, true
		}, transition.TCM99496, nil},
		{"left against medical advice", func(e *transition.Event, _ *transition.TCMServices) { e.Disposition = transition.DispositionLeftAMA },
			"", []transition.TCMRule{transition.TCMRuleDestination}},
		{"expired", func(e *transition.Event, _ *transition.TCMServices) { e.Disposition = transition.DispositionExpired },
			"", []transition.TCMRule{transition.TCMRuleDestination}},
		{"admission under way", func(e *transition.Event, s *transition.TCMServices) {
			e.Kind, e.Discharged, e.Disposition = transition.KindAdmission, time.Time{}, ""
		}, "", []transition.TCMRule{transition.TCMRuleDischarged, transition.TCMRuleContact}},
		{"a chatbot's contact does not count", func(_ *transition.Event, s *transition.TCMServices) {
			s.Contacts[0].By = carecoord.Actor{Kind: carecoord.ActorDevice, ID: "bot"}
		}, "", []transition.TCMRule{transition.TCMRuleContact}},
		{"a contact before the discharge does not count", func(_ *transition.Event, s *transition.TCMServices) {
			s.Contacts[0].At = dis.Add(-time.Hour)
		}, "", []transition.TCMRule{transition.TCMRuleContact}},
		{"a contact on the discharge day: not by default", func(_ *transition.Event, s *transition.TCMServices) {
			s.Contacts[0].At = dis.Add(2 * time.Hour)
		}, "", []transition.TCMRule{transition.TCMRuleContact}},
		{"a contact on the discharge day: with the option", func(_ *transition.Event, s *transition.TCMServices) {
			s.Contacts[0].At, s.Options.ContactOnDischargeDay = dis.Add(2*time.Hour), true
		}, transition.TCM99496, nil},
		{"two attempts at the same instant are one", func(_ *transition.Event, s *transition.TCMServices) {
			a := transition.Contact{At: local(ny, "2025-09-04", 9, 0), Mode: transition.ContactTelephone, By: coordinator()}
			s.Contacts = []transition.Contact{a, a}
		}, "", []transition.TCMRule{transition.TCMRuleContact}},
		{"no visit", func(_ *transition.Event, s *transition.TCMServices) { s.Visit = civil.Date{} },
			"", []transition.TCMRule{transition.TCMRuleVisitMissing}},
		{"visit on the discharge day: not by default", func(_ *transition.Event, s *transition.TCMServices) {
			s.Visit, s.MedRec = civil.MustParse("2025-09-03"), civil.MustParse("2025-09-03")
		}, "", []transition.TCMRule{transition.TCMRuleVisitWindow}},
		{"visit on the discharge day: with the option", func(_ *transition.Event, s *transition.TCMServices) {
			s.Visit, s.MedRec, s.Options.VisitOnDischargeDay = civil.MustParse("2025-09-03"), civil.MustParse("2025-09-03"), true
		}, transition.TCM99496, nil},
		{"no MDM documented", func(_ *transition.Event, s *transition.TCMServices) { s.MDM = "" },
			"", []transition.TCMRule{transition.TCMRuleMDM}},
		{"reconciliation after the visit", func(_ *transition.Event, s *transition.TCMServices) { s.MedRec = civil.MustParse("2025-09-09") },
			"", []transition.TCMRule{transition.TCMRuleMedRec}},
		{"reconciliation before the visit, after discharge", func(_ *transition.Event, s *transition.TCMServices) { s.MedRec = civil.MustParse("2025-09-04") },
			transition.TCM99496, nil},
		{"no reconciliation", func(_ *transition.Event, s *transition.TCMServices) { s.MedRec = civil.Date{} },
			"", []transition.TCMRule{transition.TCMRuleMedRec}},
		{"died on the last day of the period", func(_ *transition.Event, s *transition.TCMServices) { s.Died = civil.MustParse("2025-10-02") },
			"", []transition.TCMRule{transition.TCMRuleAlive}},
		{"died the day after the period", func(_ *transition.Event, s *transition.TCMServices) { s.Died = civil.MustParse("2025-10-03") },
			transition.TCM99496, nil},
		{"a TCM period already reported covers the discharge (readmission)", func(_ *transition.Event, s *transition.TCMServices) {
			s.Reported = []civil.Range{{Start: civil.MustParse("2025-08-10"), End: civil.MustParse("2025-09-08")}}
		}, "", []transition.TCMRule{transition.TCMRuleOnePerPeriod}},
		{"a TCM period that ended the day before", func(_ *transition.Event, s *transition.TCMServices) {
			s.Reported = []civil.Range{{Start: civil.MustParse("2025-08-04"), End: civil.MustParse("2025-09-02")}}
		}, transition.TCM99496, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, s := good()
			tt.change(&e, &s)
			dec, err := transition.DecideTCM(e, s, cal)
			if err != nil {
				t.Fatal(err)
			}
			if dec.Code != tt.want {
				t.Errorf("code = %q, want %q", dec.Code, tt.want)
			}
			if diff := cmp.Diff(tt.failed, dec.Failed99496, cmpOpts()); tt.want == "" && diff != "" {
				t.Errorf("Failed99496 mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.failed, dec.Failed99495, cmpOpts()); diff != "" {
				t.Errorf("Failed99495 mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecideTCMRejectsMalformedInput(t *testing.T) {
	ny := newYork(t)
	e := discharged(ny, local(ny, "2025-09-03", 14, 0), transition.DispositionHome, transition.RiskHigh)
	s := transition.TCMServices{
		Contacts: []transition.Contact{{Mode: "fax", By: carecoord.Actor{Kind: carecoord.ActorPractitioner}}},
		MDM:      "extreme",
		Reported: []civil.Range{{Start: civil.MustParse("2025-09-10"), End: civil.MustParse("2025-09-01")}},
	}
	_, err := transition.DecideTCM(e, s, civil.USFederal())
	want := []pathCode{
		{"contacts[0].at", carecoord.FieldRequired},
		{"contacts[0].mode", carecoord.FieldNotSupported},
		{"contacts[0].by.id", carecoord.FieldRequired},
		{"mdm", carecoord.FieldNotSupported},
		{"reported[0].end", carecoord.FieldInvalid},
	}
	if diff := cmp.Diff(want, pathCodes(t, err)); diff != "" {
		t.Errorf("DecideTCM errors mismatch (-want +got):\n%s", diff)
	}
	e.Location = nil
	if _, err := transition.DecideTCM(e, transition.TCMServices{}, civil.USFederal()); !hasPath(err, "event.location") {
		t.Errorf("DecideTCM without a location: error = %v, want event.location", err)
	}
}

// The observed federal holidays of spec §3.3 (2021–2028 shifts and the full 2026 list): an item
// due 1 business day after a discharge on the business day before each holiday is due on the next
// business day after it, and the explanation names the holiday (5 U.S.C. § 6103, through
// civil.USFederal).
func TestBusinessDayItemsSkipObservedHolidays(t *testing.T) {
	ny := newYork(t)
	spec := transition.TemplateSpec{ID: "one-day", Purpose: transition.PurposePostDischarge, Items: []transition.ItemSpec{
		{Key: "call", Owner: transition.RoleCareCoordinator, Required: true, Due: transition.DueRule{N: 1, Unit: transition.UnitBusinessDays, Anchor: transition.AnchorDischarge}},
	}}
	tests := []struct{ holiday, discharge, due string }{
		{"2021-06-18", "2021-06-17", "2021-06-21"}, // Juneteenth (Saturday) observed Friday
		{"2021-07-05", "2021-07-02", "2021-07-06"}, // Independence Day (Sunday) observed Monday
		{"2021-12-24", "2021-12-23", "2021-12-27"}, // Christmas (Saturday) observed Friday
		{"2021-12-31", "2021-12-30", "2022-01-03"}, // New Year 2022 (Saturday) observed Friday 31 December
		{"2022-06-20", "2022-06-17", "2022-06-21"}, // Juneteenth (Sunday) observed Monday
		{"2022-12-26", "2022-12-23", "2022-12-27"}, // Christmas (Sunday) observed Monday
		{"2023-01-02", "2022-12-30", "2023-01-03"}, // New Year (Sunday) observed Monday
		{"2023-11-10", "2023-11-09", "2023-11-13"}, // Veterans Day (Saturday) observed Friday
		{"2026-07-03", "2026-07-02", "2026-07-06"}, // Independence Day (Saturday) observed Friday
		{"2027-06-18", "2027-06-17", "2027-06-21"}, // Juneteenth (Saturday) observed Friday
		{"2027-07-05", "2027-07-02", "2027-07-06"}, // Independence Day (Sunday) observed Monday
		{"2027-12-24", "2027-12-23", "2027-12-27"}, // Christmas (Saturday) observed Friday
		{"2027-12-31", "2027-12-30", "2028-01-03"}, // New Year 2028 (Saturday) observed Friday 31 December
		{"2028-11-10", "2028-11-09", "2028-11-13"}, // Veterans Day (Saturday) observed Friday
		// The full 2026 list.
		{"2026-01-01", "2025-12-31", "2026-01-02"},
		{"2026-01-19", "2026-01-16", "2026-01-20"},
		{"2026-02-16", "2026-02-13", "2026-02-17"},
		{"2026-05-25", "2026-05-22", "2026-05-26"},
		{"2026-06-19", "2026-06-18", "2026-06-22"},
		{"2026-09-07", "2026-09-04", "2026-09-08"},
		{"2026-10-12", "2026-10-09", "2026-10-13"},
		{"2026-11-11", "2026-11-10", "2026-11-12"},
		{"2026-11-26", "2026-11-25", "2026-11-27"}, // the Friday after Thanksgiving is a business day
		{"2026-12-25", "2026-12-24", "2026-12-28"},
	}
	for _, tt := range tests {
		t.Run(tt.holiday, func(t *testing.T) {
			c := instantiate(t, spec, discharged(ny, local(ny, tt.discharge, 16, 0), transition.DispositionHome, transition.RiskLow))
			if got := item(t, c, "call").DueDay; got != civil.MustParse(tt.due) {
				t.Errorf("due %s, want %s", got, tt.due)
			}
			skipped, err := transition.Skipped(c, "call", civil.USFederal())
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, s := range skipped {
				if s.Date == civil.MustParse(tt.holiday) && s.Why.Kind == civil.ClosedHoliday {
					found = true
				}
			}
			if !found {
				t.Errorf("Skipped = %v, want the holiday %s among them", skipped, tt.holiday)
			}
		})
	}
}

// The Friday-before-Labor-Day discharge explains its 2-business-day contact deadline: the
// weekend and the holiday were skipped.
func TestSkippedExplainsFridayBeforeLaborDay(t *testing.T) {
	ny := newYork(t)
	c := instantiate(t, transition.PostDischargeTemplate(transition.RiskHigh, transition.PostDischargeOptions{}),
		discharged(ny, local(ny, "2025-08-29", 15, 0), transition.DispositionHome, transition.RiskHigh))
	got, err := transition.Skipped(c, "interactive-contact", civil.USFederal())
	if err != nil {
		t.Fatal(err)
	}
	want := []transition.SkippedDay{
		{Date: civil.MustParse("2025-08-30"), Why: civil.Closed{Kind: civil.ClosedWeekend}},
		{Date: civil.MustParse("2025-08-31"), Why: civil.Closed{Kind: civil.ClosedWeekend}},
		{Date: civil.MustParse("2025-09-01"), Why: civil.Closed{Kind: civil.ClosedHoliday, Holiday: civil.LaborDay}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Skipped mismatch (-want +got):\n%s", diff)
	}
	if got, _ := transition.Skipped(c, "follow-up-visit", civil.USFederal()); got != nil {
		t.Errorf("Skipped(calendar-day item) = %v, want nil", got)
	}
}

// metrics-medrec.md §3.6: the HEDIS windows as due rules. Only the end of each window is a due
// date (the start, "not on the discharge day", belongs to the measure, not the checklist).
func TestHEDISWindowEnds(t *testing.T) {
	ny := newYork(t)
	rule := func(n int, a transition.Anchor) transition.DueRule {
		return transition.DueRule{N: n, Unit: transition.UnitDays, Anchor: a}
	}
	spec := transition.TemplateSpec{ID: "hedis", Purpose: transition.PurposePostDischarge, Items: []transition.ItemSpec{
		{Key: "trc-notification", Owner: transition.RoleCaseManager, Due: rule(2, transition.AnchorAdmission)},
		{Key: "trc-notification-2019", Owner: transition.RoleCaseManager, Due: rule(1, transition.AnchorAdmission)},
		{Key: "trc-discharge-info", Owner: transition.RoleCareCoordinator, Due: rule(2, transition.AnchorDischarge)},
		{Key: "trc-engagement", Owner: transition.RoleCareCoordinator, Due: rule(30, transition.AnchorDischarge)},
		{Key: "mrp", Owner: transition.RolePrimaryCare, Due: rule(30, transition.AnchorDischarge)},
		{Key: "fuh-7", Owner: transition.RolePrimaryCare, Due: rule(7, transition.AnchorDischarge)},
		{Key: "fuh-30", Owner: transition.RolePrimaryCare, Due: rule(30, transition.AnchorDischarge)},
	}}
	e := discharged(ny, local(ny, "2024-03-10", 11, 0), transition.DispositionHome, transition.RiskLow)
	e.Admitted = local(ny, "2024-03-01", 20, 0)
	c := instantiate(t, spec, e)
	want := map[transition.ItemKey]string{
		"trc-notification": "2024-03-03", "trc-notification-2019": "2024-03-02", "trc-discharge-info": "2024-03-12",
		"trc-engagement": "2024-04-09", "mrp": "2024-04-09", "fuh-7": "2024-03-17", "fuh-30": "2024-04-09",
	}
	for k, day := range want {
		if got := item(t, c, k).DueDay; got != civil.MustParse(day) {
			t.Errorf("%s due %s, want %s", k, got, day)
		}
	}
	// The built-in templates use the same windows.
	if got := item(t, instantiate(t, transition.DischargeTemplate(), e), "admission-notified").DueDay; got != civil.MustParse("2024-03-03") {
		t.Errorf("admission-notified due %s, want 2024-03-03 (TRC notification, days 0-2)", got)
	}
	if got := item(t, instantiate(t, transition.PostDischargeTemplate(transition.RiskLow, transition.PostDischargeOptions{}), e), "discharge-info-received").DueDay; got != civil.MustParse("2024-03-12") {
		t.Errorf("discharge-info-received due %s, want 2024-03-12 (TRC receipt, days 0-2)", got)
	}
	// FMC: ED visit 2024-05-06 → follow-up through 2024-05-13, the ED date counting.
	ed := e
	ed.Kind, ed.Setting = transition.KindEDVisit, transition.SettingEmergencyDepartment
	ed.Admitted, ed.Discharged = local(ny, "2024-05-06", 22, 0), local(ny, "2024-05-07", 3, 0)
	if got := item(t, instantiate(t, transition.EDFollowUpTemplate(), ed), "ed-follow-up-visit").DueDay; got != civil.MustParse("2024-05-13") {
		t.Errorf("ed-follow-up-visit due %s, want 2024-05-13 (FMC: ED date through 7 days after)", got)
	}
}

// Hour rules count elapsed hours across daylight-saving changes; day rules count local days.
func TestDueRulesAcrossDST(t *testing.T) {
	ny := newYork(t)
	spec := transition.TemplateSpec{ID: "dst", Purpose: transition.PurposePostDischarge, Items: []transition.ItemSpec{
		{Key: "call-48h", Owner: transition.RoleCareCoordinator, Due: transition.DueRule{N: 48, Unit: transition.UnitHours, Anchor: transition.AnchorDischarge}},
		{Key: "visit-72h", Owner: transition.RoleCareCoordinator, Due: transition.DueRule{N: 72, Unit: transition.UnitHours, Anchor: transition.AnchorDischarge}},
		{Key: "two-days", Owner: transition.RoleCareCoordinator, Due: transition.DueRule{N: 2, Unit: transition.UnitDays, Anchor: transition.AnchorDischarge}},
	}}
	tests := []struct {
		name                  string
		discharge             time.Time
		call48, visit72, days time.Time
	}{
		{"spring forward (2025-03-09 02:00 EST → 03:00 EDT)", time.Date(2025, 3, 8, 10, 0, 0, 0, ny),
			time.Date(2025, 3, 10, 11, 0, 0, 0, ny), time.Date(2025, 3, 11, 11, 0, 0, 0, ny), time.Date(2025, 3, 11, 0, 0, 0, 0, ny)},
		{"fall back (2025-11-02 02:00 EDT → 01:00 EST)", time.Date(2025, 11, 1, 10, 0, 0, 0, ny),
			time.Date(2025, 11, 3, 9, 0, 0, 0, ny), time.Date(2025, 11, 4, 9, 0, 0, 0, ny), time.Date(2025, 11, 4, 0, 0, 0, 0, ny)},
		{"discharged in the repeated hour", time.Date(2025, 11, 2, 1, 30, 0, 0, ny),
			time.Date(2025, 11, 2, 1, 30, 0, 0, ny).Add(48 * time.Hour), time.Date(2025, 11, 2, 1, 30, 0, 0, ny).Add(72 * time.Hour), time.Date(2025, 11, 5, 0, 0, 0, 0, ny)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := instantiate(t, spec, discharged(ny, tt.discharge, transition.DispositionHome, transition.RiskLow))
			for k, want := range map[transition.ItemKey]time.Time{"call-48h": tt.call48, "visit-72h": tt.visit72, "two-days": tt.days} {
				it := item(t, c, k)
				if !it.Due.Equal(want) {
					t.Errorf("%s due %s, want %s", k, it.Due.In(ny), want)
				}
				if it.Due.Before(it.Start) {
					t.Errorf("%s due %s before its start %s", k, it.Due, it.Start)
				}
			}
			if got := item(t, c, "call-48h").Due.Sub(tt.discharge); got != 48*time.Hour {
				t.Errorf("48-hour rule is %s after the discharge", got)
			}
		})
	}
}
