package sdoh_test

import (
	"testing"

	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/sdoh"
	"github.com/google/go-cmp/cmp"
)

func TestNeedsAHC2(t *testing.T) {
	res := screener(t).Score(ahc(noSteady, []string{mold, noHeat}, never, often, yes, no, safety(2, 3, 3, 3)))
	type row struct {
		Category   sdoh.Category
		Domain     sdoh.DomainID
		Conditions []string
		Findings   []string
		Goal       sdoh.GoalCategory
		Restricted bool
	}
	var got []row
	for _, n := range sdoh.Needs(res) {
		r := row{Category: n.Category, Domain: n.Domain, Goal: n.Goal, Restricted: n.Restricted}
		for _, z := range n.Conditions {
			r.Conditions = append(r.Conditions, z.Code)
		}
		for _, f := range n.Findings {
			r.Findings = append(r.Findings, f.Code)
		}
		got = append(got, r)
	}
	want := []row{
		{sdoh.CategoryHomelessness, sdoh.DomainLivingSituation, []string{"Z59.00", "Z59.01", "Z59.02"}, []string{"32911000"}, sdoh.GoalStableHousing, false},
		{sdoh.CategoryInadequateHousing, sdoh.DomainLivingSituation, []string{"Z59.10", "Z59.11", "Z59.12", "Z59.19"}, []string{"105531004"}, sdoh.GoalSafeHousing, false},
		{sdoh.CategoryFoodInsecurity, sdoh.DomainFood, []string{"Z59.41", "Z59.48"}, []string{"733423003"}, sdoh.GoalFoodSecurity, false},
		{sdoh.CategoryTransportationInsecurity, sdoh.DomainTransportation, []string{"Z59.82"}, []string{"551691000124106"}, sdoh.GoalTransportationAccess, false},
		{sdoh.CategoryUnspecified, sdoh.DomainSafety, nil, nil, sdoh.GoalPersonalSafety, true},
	}
	if diff := cmp.Diff(want, got, cmpOpts()); diff != "" {
		t.Errorf("Needs mismatch (-want +got):\n%s", diff)
	}
}

// Z codes follow the date of service: before FY2022 food insecurity is Z59.4; from 2021-10-01
// it is Z59.41 and Z59.48, and Z59.4 is a header. Before April 2023 inadequate housing is Z59.1.
func TestZCodesByDateOfService(t *testing.T) {
	s := screener(t)
	conditions := func(date string, r sdoh.Response) map[sdoh.Category][]string {
		r.Date = civil.MustParse(date)
		m := map[sdoh.Category][]string{}
		for _, n := range sdoh.Needs(s.Score(r)) {
			m[n.Category] = nil
			for _, z := range n.Conditions {
				m[n.Category] = append(m[n.Category], z.Code)
			}
		}
		return m
	}
	r := ahc(steady, []string{mold}, often, never, yes, no, safety(1, 1, 1, 1))
	tests := []struct {
		date string
		want map[sdoh.Category][]string
	}{
		{"2021-09-30", map[sdoh.Category][]string{sdoh.CategoryInadequateHousing: {"Z59.1"}, sdoh.CategoryFoodInsecurity: {"Z59.4"},
			sdoh.CategoryTransportationInsecurity: nil}},
		{"2021-10-01", map[sdoh.Category][]string{sdoh.CategoryInadequateHousing: {"Z59.1"}, sdoh.CategoryFoodInsecurity: {"Z59.41", "Z59.48"},
			sdoh.CategoryTransportationInsecurity: nil}},
		{"2022-10-01", map[sdoh.Category][]string{sdoh.CategoryInadequateHousing: {"Z59.1"}, sdoh.CategoryFoodInsecurity: {"Z59.41", "Z59.48"},
			sdoh.CategoryTransportationInsecurity: {"Z59.82"}}},
		{"2023-03-31", map[sdoh.Category][]string{sdoh.CategoryInadequateHousing: {"Z59.1"}, sdoh.CategoryFoodInsecurity: {"Z59.41", "Z59.48"},
			sdoh.CategoryTransportationInsecurity: {"Z59.82"}}},
		{"2023-04-01", map[sdoh.Category][]string{sdoh.CategoryInadequateHousing: {"Z59.10", "Z59.11", "Z59.12", "Z59.19"},
			sdoh.CategoryFoodInsecurity: {"Z59.41", "Z59.48"}, sdoh.CategoryTransportationInsecurity: {"Z59.82"}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, conditions(tt.date, r), cmpOpts()); diff != "" {
			t.Errorf("Z codes on %s mismatch (-want +got):\n%s", tt.date, diff)
		}
	}
}

func TestZCodeOnAndFiscalYear(t *testing.T) {
	on := func(code, date string) bool { _, ok := sdoh.ZCodeOn(code, civil.MustParse(date)); return ok }
	for _, tt := range []struct {
		code, date string
		want       bool
	}{
		{"Z59.0", "2021-09-30", true}, {"Z59.0", "2021-10-01", false}, // a header from FY2022
		{"Z59.01", "2021-09-30", false}, {"Z59.01", "2021-10-01", true},
		{"Z59.1", "2023-03-31", true}, {"Z59.1", "2023-04-01", false},
		{"Z59.81", "2025-01-01", false}, // a header: never billable
		{"Z59.82", "2022-09-30", false}, {"Z59.82", "2022-10-01", true},
		{"Z99.99", "2025-01-01", false},
	} {
		if got := on(tt.code, tt.date); got != tt.want {
			t.Errorf("ZCodeOn(%s, %s) = %v, want %v", tt.code, tt.date, got, tt.want)
		}
	}
	for _, tt := range []struct {
		date string
		want int
	}{{"2022-09-30", 2022}, {"2022-10-01", 2023}, {"2023-01-01", 2023}} {
		if got := sdoh.FiscalYear(civil.MustParse(tt.date)); got != tt.want {
			t.Errorf("FiscalYear(%s) = %d, want %d", tt.date, got, tt.want)
		}
	}
	z, _ := sdoh.ZCodeOn("Z59.41", civil.MustParse("2025-01-01"))
	if from, through := z.FiscalYears(); from != 2022 || through != 0 {
		t.Errorf("Z59.41 FiscalYears() = %d, %d; want 2022, 0 (still valid)", from, through)
	}
	z, _ = sdoh.ZCodeOn("Z59.4", civil.MustParse("2021-01-01"))
	if from, through := z.FiscalYears(); from != 0 || through != 2021 {
		t.Errorf("Z59.4 FiscalYears() = %d, %d; want 0, 2021", from, through)
	}
}

// Local policy: a host's own table.
func TestNeedsWith(t *testing.T) {
	res := screener(t).Score(ahc(steady, []string{none}, never, never, no, shutOff, safety(1, 1, 1, 1)))
	table := []sdoh.NeedCode{{Category: sdoh.CategoryUtilityInsecurity,
		Conditions: []sdoh.ZCode{{Code: "Z58.81", Display: "Basic services unavailable in physical environment"}},
		Goal:       sdoh.GoalUtilitySecurity}}
	needs := sdoh.NeedsWith(res, table)
	if len(needs) != 1 || needs[0].Conditions[0].Code != "Z58.81" || len(needs[0].Services) != 0 {
		t.Errorf("NeedsWith(local table) = %+v", needs)
	}
}
