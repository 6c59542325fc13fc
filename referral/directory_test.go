package referral_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/internal/fieldtest"
	"github.com/carecoord/carecoord/referral"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

func dirYears(n int) *int { return &n }

func dirSDOHCC(code string) carecoord.Coding {
	return carecoord.Coding{System: carecoord.SystemSDOHCCTemporary, Code: code}
}

// dirHostSystem is a code system a host might use for its own eligibility facts.
const dirHostSystem = "https://example.org/eligibility"

func dirHostCode(code string) carecoord.Coding {
	return carecoord.Coding{System: dirHostSystem, Code: code}
}

var (
	dirFood     = referral.Need{Categories: []carecoord.Coding{dirSDOHCC("food-insecurity")}}
	dirToday    = civil.MustParse("2026-03-02")
	dirOrgEast  = referral.Organization{ID: "org-east", Name: "Eastside Mutual Aid", Description: "Volunteer-run CBO."}
	dirOrgSouth = referral.Organization{ID: "org-south", Name: "South End Services", Description: "Multi-service agency."}
)

// dirPantry is an active food service in 02118 and 02119 with room, for adults, in English and
// Spanish. Tests change copies of it.
func dirPantry(id, name string) referral.Service {
	return referral.Service{
		ID: id, OrganizationID: dirOrgEast.ID, Name: name, Status: referral.ServiceActive,
		Categories: []carecoord.Coding{dirSDOHCC("food-insecurity")},
		Languages:  []string{"en", "es"},
		Area:       referral.ServiceArea{PostalCodes: []string{"02118", "02119"}},
		Capacity:   referral.Capacity{Status: referral.CapacityAvailable},
	}
}

func dirOf(services ...referral.Service) referral.Directory {
	return referral.Directory{Organizations: []referral.Organization{dirOrgEast, dirOrgSouth}, Services: services}
}

// dirAdult lives in 02118, prefers Spanish (Mexico) and is 40 on dirToday.
func dirAdult() referral.PatientFacts {
	return referral.PatientFacts{BirthDate: civil.MustParse("1985-07-14"), PostalCode: "02118", Languages: []string{"es-MX"}}
}

func dirIDs(cs []referral.Candidate) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ServiceID)
	}
	return out
}

// dirExclusions maps each excluded service to the codes of its reasons.
func dirExclusions(xs []referral.ExcludedService) map[string][]referral.MatchCode {
	out := map[string][]referral.MatchCode{}
	for _, x := range xs {
		for _, r := range x.Reasons {
			out[x.ServiceID] = append(out[x.ServiceID], r.Code)
		}
	}
	return out
}

func dirCodes(rs []referral.MatchReason) []referral.MatchCode {
	var out []referral.MatchCode
	for _, r := range rs {
		out = append(out, r.Code)
	}
	return out
}

// TestSpecWorkedExample runs the Open Referral HSDS worked example of spec §5.3 (the Eastside
// Community Food Pantry), as this package models it: the service's area is the ZIP codes its
// description names (02118 and 02119), and its attribute's taxonomy term "food-insecurity"
// ("Gravity SDOH category") is the SDOHCC category code. The schedule vector (openAt) is not
// part of the directory model.
func TestDirectorySpecWorkedExample(t *testing.T) {
	d := referral.Directory{
		Organizations: []referral.Organization{{ID: "0b9c1f7e-0000-4000-8000-0000000000aa", Name: "Eastside Mutual Aid",
			Description: "Volunteer-run CBO."}},
		Services: []referral.Service{{
			ID: "0b9c1f7e-0000-4000-8000-000000000001", OrganizationID: "0b9c1f7e-0000-4000-8000-0000000000aa",
			Name: "Eastside Community Food Pantry", Description: "Weekly groceries for residents of ZIP 02118-02119.",
			Status: referral.ServiceActive,
			Eligibility: referral.Eligibility{Description: "Residents of the service area; no ID required.",
				MinimumAge: dirYears(18)},
			Categories: []carecoord.Coding{{System: carecoord.SystemSDOHCCTemporary, Code: "food-insecurity", Display: "Food Insecurity"}},
			Area:       referral.ServiceArea{PostalCodes: []string{"02118", "02119"}},
		}},
	}
	if err := d.Validate(); err != nil {
		t.Fatalf("Validate() = %v", err)
	}
	tests := []struct {
		name     string
		change   func(*referral.Directory)
		need     referral.Need
		age      int
		wantCand bool
		wantWhy  []referral.MatchCode // the exclusion's reasons, when not a candidate
	}{
		{"eligibleFor(age=17) is false", nil, dirFood, 17, false, []referral.MatchCode{referral.MatchAgeBelowMinimum}},
		{"eligibleFor(age=18) is true", nil, dirFood, 18, true, nil},
		{"matchesCategory(food-insecurity)", nil, dirFood, 30, true, nil},
		{"other category", nil, referral.Need{Categories: []carecoord.Coding{dirSDOHCC("housing-instability")}}, 30, false,
			[]referral.MatchCode{referral.MatchCategoryNone}},
		{"temporarily closed is excluded", func(d *referral.Directory) { d.Services[0].Status = referral.ServiceTemporarilyClosed },
			dirFood, 30, false, []referral.MatchCode{referral.MatchStatusNotActive}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := d
			d.Services = slices.Clone(d.Services)
			if tt.change != nil {
				tt.change(&d)
			}
			facts := referral.PatientFacts{Age: dirYears(tt.age), PostalCode: "02118"}
			cands, excl := referral.Match(d, tt.need, facts, dirToday)
			if got := len(cands) == 1; got != tt.wantCand {
				t.Fatalf("Match() candidates = %v, want candidate %v", dirIDs(cands), tt.wantCand)
			}
			var got []referral.MatchCode
			if len(excl) == 1 {
				got = dirCodes(excl[0].Reasons)
			}
			if diff := cmp.Diff(tt.wantWhy, got); diff != "" {
				t.Errorf("exclusion reasons mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAgeInYears(t *testing.T) {
	d := civil.MustParse
	tests := []struct {
		name      string
		birth, on civil.Date
		want      int
		wantOK    bool
	}{
		{"born today", d("2026-03-02"), d("2026-03-02"), 0, true},
		{"birthday today", d("2008-03-02"), d("2026-03-02"), 18, true},
		{"day before birthday", d("2008-03-03"), d("2026-03-02"), 17, true},
		{"day after birthday", d("2008-03-01"), d("2026-03-02"), 18, true},
		{"month before", d("2008-04-02"), d("2026-03-02"), 17, true},
		{"leap-day birth, 28 Feb of a common year", d("2008-02-29"), d("2026-02-28"), 17, true},
		{"leap-day birth, 1 Mar of a common year", d("2008-02-29"), d("2026-03-01"), 18, true},
		{"leap-day birth, 28 Feb of a leap year", d("2008-02-29"), d("2028-02-28"), 19, true},
		{"leap-day birth, 29 Feb of a leap year", d("2008-02-29"), d("2028-02-29"), 20, true},
		{"leap-day birth, 2100 is not a leap year", d("2000-02-29"), d("2100-02-28"), 99, true},
		{"leap-day birth, 2100-03-01", d("2000-02-29"), d("2100-03-01"), 100, true},
		{"28 Feb birth in a leap year", d("2008-02-28"), d("2026-02-28"), 18, true},
		{"1 Mar birth, on 29 Feb", d("2008-03-01"), d("2028-02-29"), 19, true},
		{"31 Dec to 1 Jan", d("2000-12-31"), d("2001-01-01"), 0, true},
		{"on before birth", d("2026-03-03"), d("2026-03-02"), 0, false},
		{"zero birth", civil.Date{}, d("2026-03-02"), 0, false},
		{"zero on", d("2000-01-01"), civil.Date{}, 0, false},
		{"invalid on", d("2000-01-01"), d("9999-12-31").AddDays(1), 0, false},
	}
	for _, tt := range tests {
		got, ok := referral.AgeInYears(tt.birth, tt.on)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("%s: AgeInYears(%v, %v) = %d, %v; want %d, %v", tt.name, tt.birth, tt.on, got, ok, tt.want, tt.wantOK)
		}
	}
}

func dirGenDate(lo, hi int) *rapid.Generator[civil.Date] {
	return rapid.Custom(func(t *rapid.T) civil.Date {
		return civil.MustParse("0001-01-01").AddDays(rapid.IntRange(lo, hi).Draw(t, "day"))
	})
}

// TestAgeInYearsModel checks AgeInYears against a literal model: the number of years y after
// the birth year whose birthday is on or before the day, where a 29 February birthday falls on
// 1 March in a common year (Md. Code, Gen. Prov. § 1-303).
func TestAgeInYearsModel(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		birth := dirGenDate(700000, 740000).Draw(t, "birth")
		on := birth.AddDays(rapid.IntRange(0, 120*366).Draw(t, "days"))
		want := 0
		for y := birth.Year() + 1; y <= on.Year(); y++ {
			bday, err := civil.NewDate(y, birth.Month(), birth.Day())
			if err != nil { // 29 February in a common year
				bday = civil.MustParse(fmt.Sprintf("%04d-03-01", y))
			}
			if !bday.After(on) {
				want++
			}
		}
		got, ok := referral.AgeInYears(birth, on)
		if !ok || got != want {
			t.Fatalf("AgeInYears(%v, %v) = %d, %v; want %d", birth, on, got, ok, want)
		}
	})
}

func TestAgeBoundsInMatch(t *testing.T) {
	youth := dirPantry("youth", "Youth Meals")
	youth.Eligibility = referral.Eligibility{MinimumAge: dirYears(12), MaximumAge: dirYears(17)}
	d := dirOf(youth)
	tests := []struct {
		name  string
		birth string
		want  referral.MatchCode
	}{
		{"18th birthday today: above 17", "2008-03-02", referral.MatchAgeAboveMaximum},
		{"day before 18th birthday: 17", "2008-03-03", referral.MatchAgeWithin},
		{"12th birthday today", "2014-03-02", referral.MatchAgeWithin},
		{"day before 12th birthday", "2014-03-03", referral.MatchAgeBelowMinimum},
	}
	for _, tt := range tests {
		facts := dirAdult()
		facts.BirthDate = civil.MustParse(tt.birth)
		cands, excl := referral.Match(d, dirFood, facts, dirToday)
		var got referral.MatchCode
		if len(cands) == 1 {
			got = cands[0].Reasons[3].Code
		} else {
			got = excl[0].Reasons[0].Code
		}
		if got != tt.want {
			t.Errorf("%s: age reason = %s, want %s", tt.name, got, tt.want)
		}
	}

	// A leap-day birth turns 18 on 1 March in a common year.
	adults := dirPantry("adults", "Adult Meals")
	adults.Eligibility.MinimumAge = dirYears(18)
	facts := dirAdult()
	facts.BirthDate = civil.MustParse("2008-02-29")
	for _, tc := range []struct {
		on   string
		want int
	}{{"2026-02-28", 0}, {"2026-03-01", 1}} {
		cands, _ := referral.Match(dirOf(adults), dirFood, facts, civil.MustParse(tc.on))
		if len(cands) != tc.want {
			t.Errorf("leap-day birth on %s: %d candidates, want %d", tc.on, len(cands), tc.want)
		}
	}
}

func TestNormalizePostalCode(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"02118", "02118"},
		{"02118-1234", "02118"},
		{"99950", "99950"},
		{"00000", "00000"},
		{"", ""},
		{"0211", ""},
		{"021181", ""},
		{"021181234", ""},
		{"02118 1234", ""},
		{"02118-123", ""},
		{"02118-12345", ""},
		{"02118-", ""},
		{" 02118", ""},
		{"02118\n", ""},
		{"ABCDE", ""},
		{"02118-12a4", ""},
		{"０２１１８", ""},   // full-width digits
		{"K1A 0B1", ""}, // a Canadian postal code
	}
	for _, tt := range tests {
		got, err := referral.NormalizePostalCode(tt.in)
		if got != tt.want || (err == nil) != (tt.want != "") {
			t.Errorf("NormalizePostalCode(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
		if err != nil && (!errors.Is(err, carecoord.ErrInvalid) || tt.in != "" && strings.Contains(err.Error(), tt.in)) {
			t.Errorf("NormalizePostalCode(%q) error %v must match ErrInvalid and not repeat the input", tt.in, err)
		}
	}
}

func TestCanonicalLanguage(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"es", "es"},
		{"ES-mx", "es-MX"},
		{"es_MX", "es-MX"},
		{"zh-hant-tw", "zh-Hant-TW"},
		{"iw", "he"},
		{"tl", "fil"},
		{"es-419", "es-419"},
		{"x-klingon", "x-klingon"},
		{"", ""},
		{"und", ""},
		{"root", ""},
		{"xx", ""},
		{"en-", ""},
		{"english", ""},
		{"es-MX-MX", ""},
	}
	for _, tt := range tests {
		got, err := referral.CanonicalLanguage(tt.in)
		if got != tt.want || (err == nil) != (tt.want != "") {
			t.Errorf("CanonicalLanguage(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
		if err != nil && (!errors.Is(err, carecoord.ErrInvalid) || tt.in != "" && strings.Contains(err.Error(), tt.in)) {
			t.Errorf("CanonicalLanguage(%q) error %v must match ErrInvalid and not repeat the input", tt.in, err)
		}
	}
}

func TestMatchLanguage(t *testing.T) {
	offering := func(id string, langs ...string) referral.Service {
		s := dirPantry(id, "Pantry "+id)
		s.Languages = langs
		return s
	}
	tests := []struct {
		name     string
		prefs    []string
		offered  []string
		require  bool
		want     referral.LanguageMatch
		wantCode referral.MatchCode
		wantCand bool
	}{
		{"es-MX patient, es service", []string{"es-MX"}, []string{"es"}, false,
			referral.LanguageMatch{Confidence: referral.LanguageHigh, Offered: "es", Preference: 0}, referral.MatchLanguage, true},
		{"es patient, es-MX service", []string{"es"}, []string{"es-MX"}, true,
			referral.LanguageMatch{Confidence: referral.LanguageHigh, Offered: "es-MX", Preference: 0}, referral.MatchLanguage, true},
		{"exact", []string{"es"}, []string{"en", "ES"}, true,
			referral.LanguageMatch{Confidence: referral.LanguageExact, Offered: "es", Preference: 0}, referral.MatchLanguage, true},
		{"second preference", []string{"so", "en-US"}, []string{"es", "en"}, true,
			referral.LanguageMatch{Confidence: referral.LanguageExact, Offered: "en", Preference: 1}, referral.MatchLanguage, true},
		{"CLDR's Somali-to-English fallback counts as low", []string{"so"}, []string{"en"}, false,
			referral.LanguageMatch{Confidence: referral.LanguageLow, Offered: "en", Preference: 0}, referral.MatchLanguageWeak, true},
		{"CLDR's Galician-to-Spanish fallback counts as low", []string{"gl"}, []string{"es"}, false,
			referral.LanguageMatch{Confidence: referral.LanguageLow, Offered: "es", Preference: 0}, referral.MatchLanguageWeak, true},
		{"Norwegian: no and nb are the same language", []string{"no"}, []string{"nb"}, true,
			referral.LanguageMatch{Confidence: referral.LanguageExact, Offered: "nb", Preference: 0}, referral.MatchLanguage, true},
		{"zh-Hant patient, zh-Hans service", []string{"zh-Hant"}, []string{"zh-Hans"}, false,
			referral.LanguageMatch{Confidence: referral.LanguageLow, Offered: "zh-Hans", Preference: 0}, referral.MatchLanguageWeak, true},
		{"zh-Hant patient, zh-Hans service, language required", []string{"zh-Hant"}, []string{"zh-Hans"}, true,
			referral.LanguageMatch{}, referral.MatchLanguageWeak, false},
		{"zh-Hans patient, zh-Hant service", []string{"zh-Hans"}, []string{"zh-Hant"}, false,
			referral.LanguageMatch{Confidence: referral.LanguageLow, Offered: "zh-Hant", Preference: 0}, referral.MatchLanguageWeak, true},
		{"no common language", []string{"fr"}, []string{"en", "es"}, false,
			referral.LanguageMatch{Confidence: referral.LanguageNo, Preference: -1}, referral.MatchLanguageNone, true},
		{"no common language, required", []string{"fr"}, []string{"en", "es"}, true,
			referral.LanguageMatch{}, referral.MatchLanguageNone, false},
		{"service lists none", []string{"fr"}, nil, false,
			referral.LanguageMatch{Confidence: referral.LanguageNotListed, Preference: -1}, referral.MatchLanguageNotListed, true},
		{"service lists none, required", []string{"fr"}, nil, true,
			referral.LanguageMatch{}, referral.MatchLanguageNotListed, false},
		{"no preference", nil, []string{"en"}, true,
			referral.LanguageMatch{Confidence: referral.LanguageNotAsked, Preference: -1}, referral.MatchLanguageNotAsked, true},
		{"only unusable preferences", []string{"", "und", "??"}, []string{"en"}, true,
			referral.LanguageMatch{Confidence: referral.LanguageNotAsked, Preference: -1}, referral.MatchLanguageNotAsked, true},
		{"preference index counts unusable entries", []string{"??", "fr-CA"}, []string{"fr"}, true,
			referral.LanguageMatch{Confidence: referral.LanguageHigh, Offered: "fr", Preference: 1}, referral.MatchLanguage, true},
		{"malformed offered tag ignored", []string{"en"}, []string{"english", "en"}, true,
			referral.LanguageMatch{Confidence: referral.LanguageExact, Offered: "en", Preference: 0}, referral.MatchLanguage, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			facts := dirAdult()
			facts.Languages = tt.prefs
			need := dirFood
			need.RequireLanguage = tt.require
			cands, excl := referral.Match(dirOf(offering("s1", tt.offered...)), need, facts, dirToday)
			if tt.wantCand {
				if len(cands) != 1 {
					t.Fatalf("Match() excluded the service: %v", excl)
				}
				if diff := cmp.Diff(tt.want, cands[0].Language); diff != "" {
					t.Errorf("Language mismatch (-want +got):\n%s", diff)
				}
				if got := cands[0].Reasons[5]; got.Code != tt.wantCode || got.Criterion != referral.CriterionLanguage {
					t.Errorf("language reason = %+v, want code %s", got, tt.wantCode)
				}
				return
			}
			if len(excl) != 1 {
				t.Fatalf("Match() kept the service: %v", cands)
			}
			if diff := cmp.Diff([]referral.MatchCode{tt.wantCode}, dirCodes(excl[0].Reasons)); diff != "" {
				t.Errorf("exclusion reasons mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMatchExclusions(t *testing.T) {
	with := func(id string, change func(*referral.Service)) referral.Service {
		s := dirPantry(id, "Service "+id)
		change(&s)
		return s
	}
	d := dirOf(
		dirPantry("ok", "Open Pantry"),
		with("inactive", func(s *referral.Service) { s.Status = referral.ServiceInactive }),
		with("defunct", func(s *referral.Service) { s.Status = referral.ServiceDefunct }),
		with("closed", func(s *referral.Service) { s.Status = referral.ServiceTemporarilyClosed }),
		with("full", func(s *referral.Service) {
			s.Capacity = referral.Capacity{Status: referral.CapacityFull, AsOf: civil.MustParse("2026-02-27")}
		}),
		with("far", func(s *referral.Service) { s.Area.PostalCodes = []string{"02120", "02121-0001"} }),
		with("housing", func(s *referral.Service) { s.Categories = []carecoord.Coding{dirSDOHCC("housing-instability")} }),
		with("kids", func(s *referral.Service) { s.Eligibility.MaximumAge = dirYears(17) }),
		with("seniors", func(s *referral.Service) { s.Eligibility.MinimumAge = dirYears(60) }),
		with("veterans", func(s *referral.Service) { s.Eligibility.Criteria = []carecoord.Coding{dirHostCode("veteran")} }),
		with("far-and-full", func(s *referral.Service) {
			s.Area.PostalCodes = []string{"90210"}
			s.Capacity.Status = referral.CapacityFull
			s.Status = referral.ServiceDefunct
		}),
		with("phone", func(s *referral.Service) { s.Area = referral.ServiceArea{Anywhere: true} }),
	)
	if err := d.Validate(); err != nil {
		t.Fatalf("Validate() = %v", err)
	}
	cands, excl := referral.Match(d, dirFood, dirAdult(), dirToday)
	if diff := cmp.Diff([]string{"ok", "phone"}, dirIDs(cands)); diff != "" {
		t.Errorf("candidates mismatch (-want +got):\n%s", diff)
	}
	want := map[string][]referral.MatchCode{
		"inactive":     {referral.MatchStatusNotActive},
		"defunct":      {referral.MatchStatusNotActive},
		"closed":       {referral.MatchStatusNotActive},
		"full":         {referral.MatchCapacityFull},
		"far":          {referral.MatchAreaOutside},
		"housing":      {referral.MatchCategoryNone},
		"kids":         {referral.MatchAgeAboveMaximum},
		"seniors":      {referral.MatchAgeBelowMinimum},
		"veterans":     {referral.MatchCriteriaNotMet},
		"far-and-full": {referral.MatchStatusNotActive, referral.MatchAreaOutside, referral.MatchCapacityFull},
	}
	if diff := cmp.Diff(want, dirExclusions(excl)); diff != "" {
		t.Errorf("exclusions mismatch (-want +got):\n%s", diff)
	}
	// Exclusions come in service-id order and every reason is unmet and has a detail.
	var got []string
	for _, x := range excl {
		got = append(got, x.ServiceID)
		for _, r := range x.Reasons {
			if r.Met || r.Detail == "" || r.Code.Criterion() != r.Criterion {
				t.Errorf("%s: reason %+v must be unmet, explained, and of its code's criterion", x.ServiceID, r)
			}
		}
	}
	if !slices.IsSorted(got) {
		t.Errorf("exclusions not in id order: %v", got)
	}

	// The veteran gets the veterans' service; with the fact missing it says why.
	vet := dirAdult()
	vet.Attributes = []carecoord.Coding{dirHostCode("income-under-200-fpl"), dirHostCode("veteran")}
	cands, _ = referral.Match(d, dirFood, vet, dirToday)
	if diff := cmp.Diff([]string{"ok", "veterans", "phone"}, dirIDs(cands)); diff != "" {
		t.Errorf("veteran's candidates mismatch (-want +got):\n%s", diff)
	}

	// Unknown facts exclude the services whose rules need them, and only those.
	cands, excl = referral.Match(d, dirFood, referral.PatientFacts{}, dirToday)
	if diff := cmp.Diff([]string{"phone"}, dirIDs(cands)); diff != "" {
		t.Errorf("no-facts candidates mismatch (-want +got):\n%s", diff)
	}
	got2 := dirExclusions(excl)
	for id, want := range map[string][]referral.MatchCode{
		"ok":   {referral.MatchAreaUnknown},
		"kids": {referral.MatchAreaUnknown, referral.MatchAgeUnknown},
	} {
		if diff := cmp.Diff(want, got2[id]); diff != "" {
			t.Errorf("%s: reasons with no facts mismatch (-want +got):\n%s", id, diff)
		}
	}
}

func TestMatchZIPPlus4(t *testing.T) {
	s := dirPantry("s1", "Pantry")
	s.Area.PostalCodes = []string{"02118-4321"}
	for _, zip := range []string{"02118", "02118-1234", "02118-4321"} {
		facts := dirAdult()
		facts.PostalCode = zip
		cands, excl := referral.Match(dirOf(s), dirFood, facts, dirToday)
		if len(cands) != 1 || cands[0].Area != referral.AreaPostalCode {
			t.Errorf("ZIP %s: candidates %v, excluded %v; want the service by postal code", zip, cands, excl)
		}
	}
	for _, zip := range []string{"02119", "0211", "02118-", "021181234", " 02118"} {
		facts := dirAdult()
		facts.PostalCode = zip
		if cands, _ := referral.Match(dirOf(s), dirFood, facts, dirToday); len(cands) != 0 {
			t.Errorf("ZIP %q: matched %v", zip, dirIDs(cands))
		}
	}
}

func TestMatchOrder(t *testing.T) {
	svc := func(id, name string, cap referral.CapacityStatus, langs []string, anywhere bool) referral.Service {
		s := dirPantry(id, name)
		s.Capacity = referral.Capacity{Status: cap}
		s.Languages = langs
		if anywhere {
			s.Area = referral.ServiceArea{Anywhere: true}
		}
		return s
	}
	es, en, none := []string{"es"}, []string{"en"}, []string(nil)
	d := dirOf(
		// capacity decides first
		svc("unknown", "A Unknown", "", es, false),
		svc("waitlist", "A Waitlist", referral.CapacityWaitlist, es, false),
		svc("assess", "A Assess", referral.CapacityAssessmentRequired, es, false),
		// then language: es (pref 1, exact) > es-419 (pref 1, high) > en (pref 2) > zh (low) > unlisted > none
		svc("lang-en", "L", referral.CapacityAvailable, en, false),
		svc("lang-es419", "L", referral.CapacityAvailable, []string{"es-419"}, false),
		svc("lang-none", "L", referral.CapacityAvailable, []string{"vi"}, false),
		svc("lang-unlisted", "L", referral.CapacityAvailable, none, false),
		svc("lang-zh", "L", referral.CapacityAvailable, []string{"zh-Hans"}, false),
		// then area: postal code before anywhere, whatever the name
		svc("phone", "A Phone Line", referral.CapacityAvailable, es, true),
		// then name, collated: numeric, case and accents as a person reads them
		svc("n10", "Food Bank 10", referral.CapacityAvailable, es, false),
		svc("n9", "Food Bank 9", referral.CapacityAvailable, es, false),
		svc("eclair", "Éclair Kitchen", referral.CapacityAvailable, es, false),
		svc("east", "eastside pantry", referral.CapacityAvailable, es, false),
		// then id
		svc("same-b", "Same Name", referral.CapacityAvailable, es, false),
		svc("same-a", "Same Name", referral.CapacityAvailable, es, false),
	)
	facts := dirAdult()
	facts.Languages = []string{"es", "en", "zh-Hant"}
	cands, excl := referral.Match(d, dirFood, facts, dirToday)
	if len(excl) != 0 {
		t.Fatalf("unexpected exclusions: %v", excl)
	}
	want := []string{
		"east", "eclair", "n9", "n10", "same-a", "same-b", "phone",
		"lang-es419", "lang-en", "lang-zh", "lang-unlisted", "lang-none",
		"assess", "waitlist", "unknown",
	}
	if diff := cmp.Diff(want, dirIDs(cands)); diff != "" {
		t.Errorf("order mismatch (-want +got):\n%s", diff)
	}
}

func TestCategoryHierarchy(t *testing.T) {
	const airs = "https://example.org/airs"
	term := func(code string) carecoord.Coding { return carecoord.Coding{System: airs, Code: code} }
	d := dirOf(dirPantry("generic", "Generic"))
	d.Terms = []referral.TaxonomyTerm{
		{Code: term("BD")},                                    // basic needs: food
		{Code: term("BD-1800"), Parent: term("BD")},           // emergency food
		{Code: term("BD-1800.2000"), Parent: term("BD-1800")}, // food pantries
		{Code: term("BD-5000"), Parent: term("BD")},           // meals
	}
	child := dirPantry("child", "Child")
	child.Categories = []carecoord.Coding{term("BD-1800.2000")}
	sibling := dirPantry("meals", "Meals")
	sibling.Categories = []carecoord.Coding{term("BD-5000")}
	d.Services = append(d.Services, child, sibling)
	if err := d.Validate(); err != nil {
		t.Fatalf("Validate() = %v", err)
	}
	cands, _ := referral.Match(d, referral.Need{Categories: []carecoord.Coding{term("BD-1800")}}, dirAdult(), dirToday)
	if diff := cmp.Diff([]string{"child"}, dirIDs(cands)); diff != "" {
		t.Fatalf("candidates mismatch (-want +got):\n%s", diff)
	}
	if got, want := cands[0].Reasons[0].Detail, "offers BD-1800.2000, under BD-1800"; got != want {
		t.Errorf("category detail = %q, want %q", got, want)
	}
	cands, _ = referral.Match(d, referral.Need{Categories: []carecoord.Coding{term("BD"), dirSDOHCC("food-insecurity")}}, dirAdult(), dirToday)
	if diff := cmp.Diff([]string{"child", "generic", "meals"}, dirIDs(cands)); diff != "" {
		t.Errorf("candidates mismatch (-want +got):\n%s", diff)
	}
	// A cycle in bad data neither loops nor panics.
	d.Terms = append(d.Terms, referral.TaxonomyTerm{Code: term("BD"), Parent: term("BD-5000")})
	if cands, _ := referral.Match(d, referral.Need{Categories: []carecoord.Coding{term("BD-5000")}}, dirAdult(), dirToday); len(cands) != 2 {
		t.Errorf("with a cycle: candidates %v", dirIDs(cands))
	}
}

// TestCandidateReasons checks the full explanation of one candidate.
func TestCandidateReasons(t *testing.T) {
	s := dirPantry("s1", "Eastside Pantry")
	s.Eligibility.MinimumAge = dirYears(18)
	s.Capacity.AsOf = civil.MustParse("2026-02-27")
	cands, _ := referral.Match(dirOf(s), dirFood, dirAdult(), dirToday)
	if len(cands) != 1 {
		t.Fatalf("Match() = %v", cands)
	}
	want := referral.Candidate{
		ServiceID: "s1", OrganizationID: "org-east", Name: "Eastside Pantry",
		Capacity: referral.CapacityAvailable, CapacityAsOf: civil.MustParse("2026-02-27"),
		Language: referral.LanguageMatch{Confidence: referral.LanguageHigh, Offered: "es", Preference: 0},
		Area:     referral.AreaPostalCode,
		Reasons: []referral.MatchReason{
			{Criterion: referral.CriterionCategory, Met: true, Code: referral.MatchCategory, Detail: "offers food-insecurity"},
			{Criterion: referral.CriterionStatus, Met: true, Code: referral.MatchStatusActive, Detail: "active"},
			{Criterion: referral.CriterionArea, Met: true, Code: referral.MatchAreaPostalCode, Detail: "serves the person's ZIP code"},
			{Criterion: referral.CriterionAge, Met: true, Code: referral.MatchAgeWithin, Detail: "within ages 18 and over"},
			{Criterion: referral.CriterionEligibility, Met: true, Code: referral.MatchCriteriaNone, Detail: "no coded criteria"},
			{Criterion: referral.CriterionLanguage, Met: true, Code: referral.MatchLanguage, Detail: "offered in es (high confidence, preference 1)"},
			{Criterion: referral.CriterionCapacity, Met: true, Code: referral.MatchCapacityAvailable, Detail: "has capacity (reported 2026-02-27)"},
		},
	}
	if diff := cmp.Diff(want, cands[0]); diff != "" {
		t.Errorf("candidate mismatch (-want +got):\n%s", diff)
	}
	for i, c := range referral.MatchCriteria() {
		if cands[0].Reasons[i].Criterion != c {
			t.Errorf("reason %d is for %s, want %s", i, cands[0].Reasons[i].Criterion, c)
		}
	}
}

// dirGenDirectory draws a valid directory from small pools, so that services often tie on every
// ordering key but their id.
func dirGenDirectory(t *rapid.T) referral.Directory {
	d := referral.Directory{Organizations: []referral.Organization{dirOrgEast, dirOrgSouth}}
	n := rapid.IntRange(0, 30).Draw(t, "services")
	for i := range n {
		s := referral.Service{
			ID:             fmt.Sprintf("svc-%02d", i),
			OrganizationID: rapid.SampledFrom([]string{dirOrgEast.ID, dirOrgSouth.ID}).Draw(t, "org"),
			Name:           rapid.SampledFrom([]string{"Pantry", "pantry", "Pántry", "Food Bank 9", "Food Bank 10", "Meals"}).Draw(t, "name"),
			Status:         rapid.SampledFrom(referral.ServiceStatuses()).Draw(t, "status"),
			Categories:     []carecoord.Coding{dirSDOHCC(rapid.SampledFrom([]string{"food-insecurity", "housing-instability"}).Draw(t, "cat"))},
			Languages:      rapid.SampledFrom([][]string{nil, {"en"}, {"es"}, {"es-MX", "en"}, {"zh-Hans"}, {"vi"}}).Draw(t, "langs"),
			Capacity:       referral.Capacity{Status: rapid.SampledFrom(append(referral.CapacityStatuses(), "")).Draw(t, "capacity")},
		}
		if rapid.Bool().Draw(t, "anywhere") {
			s.Area.Anywhere = true
		} else {
			s.Area.PostalCodes = rapid.SampledFrom([][]string{{"02118"}, {"02119"}, {"02118-0001", "02120"}}).Draw(t, "zips")
		}
		if rapid.Bool().Draw(t, "min") {
			s.Eligibility.MinimumAge = dirYears(rapid.IntRange(0, 70).Draw(t, "minAge"))
		}
		if rapid.Bool().Draw(t, "criteria") {
			s.Eligibility.Criteria = []carecoord.Coding{dirHostCode("veteran")}
		}
		d.Services = append(d.Services, s)
	}
	return d
}

func dirGenFacts(t *rapid.T) referral.PatientFacts {
	f := referral.PatientFacts{
		PostalCode: rapid.SampledFrom([]string{"", "02118", "02119-1234", "02120", "bad"}).Draw(t, "zip"),
		Languages:  rapid.SampledFrom([][]string{nil, {"es-MX"}, {"en", "es"}, {"zh-Hant"}, {"fr"}}).Draw(t, "prefs"),
	}
	if rapid.Bool().Draw(t, "knowsBirth") {
		f.BirthDate = dirGenDate(700000, 739000).Draw(t, "birth")
	}
	if rapid.Bool().Draw(t, "veteran") {
		f.Attributes = []carecoord.Coding{dirHostCode("veteran")}
	}
	return f
}

// TestMatchOrderIndependent checks that Match's output does not depend on the order of the
// directory's services, that every service is either a candidate or excluded, and that
// candidates come in capacity order.
func TestMatchOrderIndependent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := dirGenDirectory(t)
		if err := d.Validate(); err != nil {
			t.Fatalf("generated directory invalid: %v", err)
		}
		facts := dirGenFacts(t)
		need := referral.Need{Categories: []carecoord.Coding{dirSDOHCC("food-insecurity")}, RequireLanguage: rapid.Bool().Draw(t, "require")}
		cands, excl := referral.Match(d, need, facts, dirToday)

		shuffled := d
		shuffled.Services = rapid.Permutation(d.Services).Draw(t, "order")
		shuffled.Organizations = rapid.Permutation(d.Organizations).Draw(t, "orgOrder")
		cands2, excl2 := referral.Match(shuffled, need, facts, dirToday)
		if diff := cmp.Diff(cands, cands2, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("candidates depend on directory order (-first +shuffled):\n%s", diff)
		}
		if diff := cmp.Diff(excl, excl2, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("exclusions depend on directory order (-first +shuffled):\n%s", diff)
		}

		seen := map[string]int{}
		for _, c := range cands {
			seen[c.ServiceID]++
			if len(c.Reasons) != len(referral.MatchCriteria()) {
				t.Fatalf("%s: %d reasons", c.ServiceID, len(c.Reasons))
			}
		}
		for _, x := range excl {
			seen[x.ServiceID]++
			if len(x.Reasons) == 0 {
				t.Fatalf("%s excluded without a reason", x.ServiceID)
			}
		}
		for _, s := range d.Services {
			if seen[s.ID] != 1 {
				t.Fatalf("service %s appears %d times in the result", s.ID, seen[s.ID])
			}
		}
		order := referral.CapacityStatuses()
		if !slices.IsSortedFunc(cands, func(a, b referral.Candidate) int {
			return slices.Index(order, a.Capacity) - slices.Index(order, b.Capacity)
		}) {
			t.Fatalf("candidates not in capacity order: %v", cands)
		}
	})
}

func TestMatchDoesNotChangeInput(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := dirGenDirectory(t)
		facts := dirGenFacts(t)
		before := dirClone(d)
		factsBefore := facts
		factsBefore.Languages = slices.Clone(facts.Languages)
		referral.Match(d, dirFood, facts, dirToday)
		if diff := cmp.Diff(before, d); diff != "" {
			t.Fatalf("Match changed the directory (-before +after):\n%s", diff)
		}
		if diff := cmp.Diff(factsBefore, facts); diff != "" {
			t.Fatalf("Match changed the facts (-before +after):\n%s", diff)
		}
	})
}

func dirClone(d referral.Directory) referral.Directory {
	d.Organizations = slices.Clone(d.Organizations)
	d.Terms = slices.Clone(d.Terms)
	d.Services = slices.Clone(d.Services)
	for i, s := range d.Services {
		s.Categories = slices.Clone(s.Categories)
		s.Languages = slices.Clone(s.Languages)
		s.Area.PostalCodes = slices.Clone(s.Area.PostalCodes)
		s.Eligibility.Criteria = slices.Clone(s.Eligibility.Criteria)
		d.Services[i] = s
	}
	return d
}

type dirPathCode struct {
	Path string
	Code carecoord.FieldCode
}

func dirProblems(t *testing.T, err error) []dirPathCode {
	t.Helper()
	return fieldtest.PathCodes[dirPathCode](t, err)
}

func TestDirectoryValidate(t *testing.T) {
	valid := func() referral.Directory {
		d := dirOf(dirPantry("s0", "Pantry"), dirPantry("s1", "Second"), dirPantry("s2", "Third"))
		d.Services[1].OrganizationID = dirOrgSouth.ID
		d.Services[1].Eligibility = referral.Eligibility{MinimumAge: dirYears(18), MaximumAge: dirYears(64),
			Criteria: []carecoord.Coding{dirHostCode("veteran")}}
		d.Services[2].Area = referral.ServiceArea{Anywhere: true}
		d.Services[2].Capacity = referral.Capacity{Status: referral.CapacityWaitlist, AsOf: dirToday}
		d.Terms = []referral.TaxonomyTerm{{Code: dirSDOHCC("food-insecurity")}, {Code: dirSDOHCC("food-pantry"), Parent: dirSDOHCC("food-insecurity")}}
		return d
	}
	tests := []struct {
		name   string
		change func(d *referral.Directory)
		want   []dirPathCode
	}{
		{"valid", func(*referral.Directory) {}, nil},
		{"zero directory", func(d *referral.Directory) { *d = referral.Directory{} }, nil},
		{"zero service", func(d *referral.Directory) { d.Services[2] = referral.Service{} }, []dirPathCode{
			{"services[2].id", carecoord.FieldRequired}, {"services[2].organizationId", carecoord.FieldRequired},
			{"services[2].name", carecoord.FieldRequired}, {"services[2].status", carecoord.FieldRequired},
			{"services[2].categories", carecoord.FieldRequired}, {"services[2].area.postalCodes", carecoord.FieldRequired}}},
		{"zero organization", func(d *referral.Directory) { d.Organizations[1] = referral.Organization{} }, []dirPathCode{
			{"organizations[1].id", carecoord.FieldRequired}, {"organizations[1].name", carecoord.FieldRequired},
			{"organizations[1].description", carecoord.FieldRequired},
			{"services[1].organizationId", carecoord.FieldInvalid}}},
		{"duplicate ids", func(d *referral.Directory) {
			d.Services[2].ID = "s0"
			d.Organizations[1].ID = dirOrgEast.ID
		}, []dirPathCode{{"organizations[1].id", carecoord.FieldDuplicate}, {"services[1].organizationId", carecoord.FieldInvalid},
			{"services[2].id", carecoord.FieldDuplicate}}},
		{"id syntax", func(d *referral.Directory) { d.Services[0].ID, d.Services[0].OrganizationID = "s 0", "org/east" }, []dirPathCode{
			{"services[0].id", carecoord.FieldInvalid}, {"services[0].organizationId", carecoord.FieldInvalid}}},
		{"status", func(d *referral.Directory) { d.Services[0].Status = "temporarily_closed" }, []dirPathCode{
			{"services[0].status", carecoord.FieldNotSupported}}},
		{"categories", func(d *referral.Directory) {
			d.Services[0].Categories = []carecoord.Coding{dirSDOHCC("food-insecurity"), {System: "sdohcc", Code: "x"}, dirSDOHCC("food-insecurity")}
		}, []dirPathCode{{"services[0].categories[1].system", carecoord.FieldInvalid}, {"services[0].categories[2]", carecoord.FieldDuplicate}}},
		{"ages", func(d *referral.Directory) {
			d.Services[0].Eligibility = referral.Eligibility{MinimumAge: dirYears(-1), MaximumAge: dirYears(151)}
			d.Services[1].Eligibility.MinimumAge = dirYears(65)
		}, []dirPathCode{{"services[0].eligibility.minimumAge", carecoord.FieldOutOfRange},
			{"services[0].eligibility.maximumAge", carecoord.FieldOutOfRange}, {"services[1].eligibility.maximumAge", carecoord.FieldInvalid}}},
		{"equal ages are fine", func(d *referral.Directory) { d.Services[1].Eligibility.MaximumAge = dirYears(18) }, nil},
		{"criteria", func(d *referral.Directory) {
			d.Services[1].Eligibility.Criteria = append(d.Services[1].Eligibility.Criteria, carecoord.Coding{System: dirHostSystem}, dirHostCode("veteran"))
		}, []dirPathCode{{"services[1].eligibility.criteria[1].code", carecoord.FieldRequired},
			{"services[1].eligibility.criteria[2]", carecoord.FieldDuplicate}}},
		{"languages", func(d *referral.Directory) { d.Services[0].Languages = []string{"en", "spanish", "EN", "und", "es"} }, []dirPathCode{
			{"services[0].languages[1]", carecoord.FieldInvalid}, {"services[0].languages[2]", carecoord.FieldDuplicate},
			{"services[0].languages[3]", carecoord.FieldInvalid}}},
		{"postal codes", func(d *referral.Directory) {
			d.Services[2].Area.PostalCodes = []string{"02118", "2118", "02118-1234", "02119-12"}
		}, []dirPathCode{{"services[2].area.postalCodes", carecoord.FieldNotAllowed}, {"services[2].area.postalCodes[1]", carecoord.FieldInvalid},
			{"services[2].area.postalCodes[2]", carecoord.FieldDuplicate}, {"services[2].area.postalCodes[3]", carecoord.FieldInvalid}}},
		{"no area", func(d *referral.Directory) { d.Services[0].Area = referral.ServiceArea{} }, []dirPathCode{
			{"services[0].area.postalCodes", carecoord.FieldRequired}}},
		{"capacity", func(d *referral.Directory) {
			d.Services[0].Capacity = referral.Capacity{Status: "full"}
			d.Services[1].Capacity = referral.Capacity{AsOf: dirToday}
			d.Services[2].Capacity.AsOf = civil.MustParse("9999-12-31").AddDays(1)
		}, []dirPathCode{{"services[0].capacity.status", carecoord.FieldNotSupported}, {"services[1].capacity.status", carecoord.FieldRequired},
			{"services[2].capacity.asOf", carecoord.FieldInvalid}}},
		{"capacity unknown with a date", func(d *referral.Directory) {
			d.Services[0].Capacity = referral.Capacity{Status: referral.CapacityUnknown, AsOf: dirToday}
		}, nil},
		{"terms", func(d *referral.Directory) {
			d.Terms = append(d.Terms,
				referral.TaxonomyTerm{Code: dirSDOHCC("food-pantry")},
				referral.TaxonomyTerm{Code: dirSDOHCC("meals"), Parent: dirSDOHCC("nutrition")},
				referral.TaxonomyTerm{Code: dirSDOHCC("self"), Parent: dirSDOHCC("self")},
				referral.TaxonomyTerm{},
			)
		}, []dirPathCode{{"terms[2].code", carecoord.FieldDuplicate}, {"terms[4].parent", carecoord.FieldInvalid},
			{"terms[5].code.system", carecoord.FieldRequired}, {"terms[5].code.code", carecoord.FieldRequired},
			{"terms[3].parent", carecoord.FieldInvalid}, {"terms[4].parent", carecoord.FieldInvalid}}},
		{"term cycle", func(d *referral.Directory) {
			d.Terms = append(d.Terms,
				referral.TaxonomyTerm{Code: dirSDOHCC("a"), Parent: dirSDOHCC("b")},
				referral.TaxonomyTerm{Code: dirSDOHCC("b"), Parent: dirSDOHCC("a")},
			)
		}, []dirPathCode{{"terms[2].parent", carecoord.FieldInvalid}, {"terms[3].parent", carecoord.FieldInvalid}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := valid()
			tt.change(&d)
			if diff := cmp.Diff(tt.want, dirProblems(t, d.Validate())); diff != "" {
				t.Errorf("Validate() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFactsAndNeedValidate(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want []dirPathCode
	}{
		{"zero facts", referral.PatientFacts{}.Validate(), nil},
		{"valid facts", dirAdult().Validate(), nil},
		{"bad facts", referral.PatientFacts{
			BirthDate:  civil.MustParse("9999-12-31").AddDays(1),
			Age:        dirYears(200),
			PostalCode: "2118",
			Languages:  []string{"es-MX", "ES_mx", "klingon"},
			Attributes: []carecoord.Coding{{Code: "veteran"}},
		}.Validate(), []dirPathCode{{"birthDate", carecoord.FieldInvalid}, {"age", carecoord.FieldOutOfRange},
			{"postalCode", carecoord.FieldInvalid}, {"languages[1]", carecoord.FieldDuplicate}, {"languages[2]", carecoord.FieldInvalid},
			{"attributes[0].system", carecoord.FieldRequired}}},
		{"age and birth date", referral.PatientFacts{BirthDate: dirToday, Age: dirYears(0)}.Validate(),
			[]dirPathCode{{"age", carecoord.FieldNotAllowed}}},
		{"zero need", referral.Need{}.Validate(), []dirPathCode{{"categories", carecoord.FieldRequired}}},
		{"valid need", dirFood.Validate(), nil},
		{"bad need", referral.Need{Categories: []carecoord.Coding{dirSDOHCC("food-insecurity"), dirSDOHCC(" x")}}.Validate(),
			[]dirPathCode{{"categories[1].code", carecoord.FieldInvalid}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, dirProblems(t, tt.err)); diff != "" {
			t.Errorf("%s: Validate() mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

// TestErrorsCarryNoPatientData checks DESIGN rule 6 on the facts' validation: the error text
// repeats none of the values.
func TestDirectoryErrorsCarryNoPatientData(t *testing.T) {
	f := referral.PatientFacts{PostalCode: "02118-99x9", Languages: []string{"es-MX-secretword"},
		BirthDate: civil.MustParse("1961-04-12"), Age: dirYears(64)}
	err := f.Validate()
	if err == nil {
		t.Fatal("Validate() = nil")
	}
	for _, v := range []string{"02118", "99x9", "secretword", "1961", "64"} {
		if strings.Contains(err.Error(), v) {
			t.Errorf("error %q repeats %q", err, v)
		}
	}
}

func TestDirectoryEnums(t *testing.T) {
	check := func(name string, n int, valid func(i int) bool, zero bool) {
		t.Helper()
		for i := range n {
			if !valid(i) {
				t.Errorf("%s: value %d not valid", name, i)
			}
		}
		if zero {
			t.Errorf("%s: zero value is valid", name)
		}
	}
	ss := referral.ServiceStatuses()
	check("ServiceStatus", len(ss), func(i int) bool { return ss[i].IsValid() }, referral.ServiceStatus("").IsValid())
	cs := referral.CapacityStatuses()
	check("CapacityStatus", len(cs), func(i int) bool { return cs[i].IsValid() }, referral.CapacityStatus("").IsValid())
	mc := referral.MatchCriteria()
	check("MatchCriterion", len(mc), func(i int) bool { return mc[i].IsValid() }, referral.MatchCriterion("").IsValid())
	mcs := referral.MatchCodes()
	check("MatchCode", len(mcs), func(i int) bool { return mcs[i].IsValid() && mcs[i].Criterion().IsValid() }, referral.MatchCode("").IsValid())
	lc := referral.LanguageConfidences()
	check("LanguageConfidence", len(lc), func(i int) bool { return lc[i].IsValid() }, referral.LanguageConfidence("").IsValid())
	am := referral.AreaMatches()
	check("AreaMatch", len(am), func(i int) bool { return am[i].IsValid() }, referral.AreaMatch("").IsValid())

	// The listers return fresh slices.
	referral.ServiceStatuses()[0] = "x"
	referral.CapacityStatuses()[0] = "x"
	referral.MatchCodes()[0] = "x"
	if !referral.ServiceStatuses()[0].IsValid() || !referral.CapacityStatuses()[0].IsValid() || !referral.MatchCodes()[0].IsValid() {
		t.Error("a lister returned a shared slice")
	}
	if referral.ServiceTemporarilyClosed != "temporarily closed" {
		t.Error(`HSDS spells the status "temporarily closed", with a space`)
	}

	// Each SDOHCC capacity status maps to its code; unknown has none.
	got := map[referral.CapacityStatus]carecoord.Coding{}
	for _, c := range referral.CapacityStatuses() {
		got[c] = c.Coding()
	}
	want := map[referral.CapacityStatus]carecoord.Coding{
		referral.CapacityAvailable:          dirSDOHCC("capacity"),
		referral.CapacityAssessmentRequired: dirSDOHCC("additional-assessment-required"),
		referral.CapacityWaitlist:           dirSDOHCC("waitlist"),
		referral.CapacityFull:               dirSDOHCC("no-capacity"),
		referral.CapacityUnknown:            {},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("capacity codings mismatch (-want +got):\n%s", diff)
	}
	if got := (referral.Capacity{Status: "full"}).Effective(); got != referral.CapacityUnknown {
		t.Errorf("Effective() of an invalid status = %q, want unknown", got)
	}
}

func TestDirectoryOrganization(t *testing.T) {
	d := dirOf()
	if o, ok := d.Organization("org-south"); !ok || o != dirOrgSouth {
		t.Errorf("Organization(org-south) = %v, %v", o, ok)
	}
	if _, ok := d.Organization("nope"); ok {
		t.Error("Organization(nope) found one")
	}
}

func FuzzNormalizePostalCode(f *testing.F) {
	for _, s := range []string{"02118", "02118-1234", "", "0211", "021181234", "02118-12a4", "０２１１８", "02118\x00", "02118-1234-5678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		z, err := referral.NormalizePostalCode(s)
		if err != nil {
			if z != "" || !errors.Is(err, carecoord.ErrInvalid) {
				t.Fatalf("NormalizePostalCode(%q) = %q, %v", s, z, err)
			}
			if _, want := referral.NormalizePostalCode("?"); err.Error() != want.Error() {
				t.Fatalf("error %q depends on the input; want the fixed %q", err, want)
			}
			return
		}
		if len(z) != 5 || !strings.HasPrefix(s, z) {
			t.Fatalf("NormalizePostalCode(%q) = %q", s, z)
		}
		if again, err := referral.NormalizePostalCode(z); err != nil || again != z {
			t.Fatalf("not idempotent: %q -> %q, %v", z, again, err)
		}
	})
}

func FuzzCanonicalLanguage(f *testing.F) {
	for _, s := range []string{"es", "es-MX", "ES_mx", "zh-Hant-TW", "iw", "und", "", "x-klingon", "en-a-bbb-x-a-ccc",
		"sgn-BE-FR", "de-DE-1996", "en-u-co-phonebk", "aaaaaaaaa", strings.Repeat("en-", 100), "d B"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := referral.CanonicalLanguage(s)
		if err != nil {
			if c != "" || !errors.Is(err, carecoord.ErrInvalid) {
				t.Fatalf("CanonicalLanguage(%q) = %q, %v", s, c, err)
			}
			if _, want := referral.CanonicalLanguage("?"); err.Error() != want.Error() {
				t.Fatalf("error %q depends on the input; want the fixed %q", err, want)
			}
			return
		}
		if again, err := referral.CanonicalLanguage(c); err != nil || again != c {
			t.Fatalf("not idempotent: %q -> %q -> %q, %v", s, c, again, err)
		}
	})
}

// FuzzMatch feeds arbitrary text to every field Match parses, on both sides: Match must not
// panic, must keep every service exactly once, and Validate must not panic either.
func FuzzMatch(f *testing.F) {
	f.Add("02118", "es-MX", "02118-1234", "es", 40)
	f.Add("", "", "", "", -1)
	f.Add("bad", "zh-Hant", "0211", "zh-Hans", 200)
	f.Fuzz(func(t *testing.T, zip, pref, area, offered string, age int) {
		s := dirPantry("s1", "Pantry")
		s.Area.PostalCodes = []string{area}
		s.Languages = []string{offered, "en"}
		s.Eligibility.MinimumAge = dirYears(age)
		other := dirPantry("s2", "Other")
		other.Area = referral.ServiceArea{Anywhere: true}
		d := dirOf(s, other)
		facts := referral.PatientFacts{PostalCode: zip, Languages: []string{pref}, Age: dirYears(age)}
		_ = d.Validate()
		_ = facts.Validate()
		for _, require := range []bool{false, true} {
			need := dirFood
			need.RequireLanguage = require
			cands, excl := referral.Match(d, need, facts, dirToday)
			if len(cands)+len(excl) != 2 {
				t.Fatalf("Match() returned %d candidates and %d exclusions for 2 services", len(cands), len(excl))
			}
		}
	})
}

// BenchmarkMatch searches a directory of 10,000 services in 10 categories (so about 1,000 are
// for the need), with a mix of areas, languages, ages and capacities.
func BenchmarkMatch(b *testing.B) {
	d := referral.Directory{Organizations: []referral.Organization{dirOrgEast, dirOrgSouth}}
	cats := []string{"food-insecurity", "housing-instability", "homelessness", "transportation-insecurity",
		"utility-insecurity", "financial-insecurity", "employment-status", "social-connection", "stress", "digital-access"}
	langs := [][]string{{"en"}, {"en", "es"}, {"es"}, {"zh-Hans", "en"}, nil, {"vi", "en"}, {"pt-BR"}}
	caps := referral.CapacityStatuses()
	for i := range 10000 {
		s := referral.Service{
			ID: fmt.Sprintf("svc-%05d", i), OrganizationID: d.Organizations[i%2].ID,
			Name:       fmt.Sprintf("Community Service %d", i%997),
			Status:     referral.ServiceActive,
			Categories: []carecoord.Coding{dirSDOHCC(cats[i%len(cats)])},
			Languages:  langs[i%len(langs)],
			Capacity:   referral.Capacity{Status: caps[i%len(caps)], AsOf: dirToday.AddDays(-(i % 30))},
		}
		if i%13 == 0 {
			s.Status = referral.ServiceTemporarilyClosed
		}
		if i%5 == 0 {
			s.Area.Anywhere = true
		} else {
			s.Area.PostalCodes = []string{fmt.Sprintf("021%02d", i%20), fmt.Sprintf("021%02d", (i+1)%20)}
		}
		if i%3 == 0 {
			s.Eligibility.MinimumAge = dirYears(18)
		}
		if i%11 == 0 {
			s.Eligibility.Criteria = []carecoord.Coding{dirHostCode("veteran")}
		}
		d.Services = append(d.Services, s)
	}
	if err := d.Validate(); err != nil {
		b.Fatal(err)
	}
	facts := dirAdult()
	facts.Languages = []string{"es-MX", "en"}
	cands, excl := referral.Match(d, dirFood, facts, dirToday)
	b.Logf("%d candidates, %d excluded", len(cands), len(excl))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		referral.Match(d, dirFood, facts, dirToday)
	}
}
