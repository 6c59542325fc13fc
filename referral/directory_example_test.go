package referral_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/referral"
)

// A coordinator looks for a food bank for a patient who screened positive for food
// insecurity: 40 years old, living in ZIP 02118, who prefers Spanish (Mexico), then English.
func ExampleMatch() {
	food := carecoord.Coding{System: carecoord.SystemSDOHCCTemporary, Code: "food-insecurity"}
	housing := carecoord.Coding{System: carecoord.SystemSDOHCCTemporary, Code: "housing-instability"}
	veteran := carecoord.Coding{System: "https://example.org/eligibility", Code: "veteran"}
	eighteen, sixty := 18, 60
	local := referral.ServiceArea{PostalCodes: []string{"02118", "02119"}}

	d := referral.Directory{
		Organizations: []referral.Organization{
			{ID: "eastside", Name: "Eastside Mutual Aid", Description: "Volunteer-run CBO."},
			{ID: "harbor", Name: "Harbor Food Bank", Description: "Regional food bank."},
			{ID: "state", Name: "State Food Line", Description: "Statewide food-resource hotline."},
		},
		Services: []referral.Service{
			{ID: "eastside-pantry", OrganizationID: "eastside", Name: "Eastside Community Food Pantry",
				Status: referral.ServiceActive, Categories: []carecoord.Coding{food}, Area: local,
				Eligibility: referral.Eligibility{MinimumAge: &eighteen}, Languages: []string{"en", "es"},
				Capacity: referral.Capacity{Status: referral.CapacityAvailable, AsOf: civil.MustParse("2026-02-27")}},
			{ID: "harbor-pantry", OrganizationID: "harbor", Name: "Harbor Pantry", Status: referral.ServiceActive,
				Categories: []carecoord.Coding{food}, Area: local, Languages: []string{"en"},
				Capacity: referral.Capacity{Status: referral.CapacityWaitlist}},
			{ID: "food-line", OrganizationID: "state", Name: "Food Line", Status: referral.ServiceActive,
				Categories: []carecoord.Coding{food}, Area: referral.ServiceArea{Anywhere: true},
				Languages: []string{"en", "es", "pt", "zh-Hans", "vi"},
				Capacity:  referral.Capacity{Status: referral.CapacityAvailable}},
			{ID: "senior-meals", OrganizationID: "eastside", Name: "Senior Meals", Status: referral.ServiceActive,
				Categories: []carecoord.Coding{food}, Area: local, Eligibility: referral.Eligibility{MinimumAge: &sixty}},
			{ID: "vet-pantry", OrganizationID: "harbor", Name: "Veterans Pantry", Status: referral.ServiceActive,
				Categories: []carecoord.Coding{food}, Area: local, Eligibility: referral.Eligibility{Criteria: []carecoord.Coding{veteran}}},
			{ID: "church-pantry", OrganizationID: "eastside", Name: "St. Mark Pantry", Status: referral.ServiceTemporarilyClosed,
				Categories: []carecoord.Coding{food}, Area: local},
			{ID: "tenant-desk", OrganizationID: "eastside", Name: "Tenant Help Desk", Status: referral.ServiceActive,
				Categories: []carecoord.Coding{housing}, Area: local},
		},
	}
	if err := d.Validate(); err != nil {
		fmt.Println("invalid directory:", err)
		return
	}

	need := referral.Need{Categories: []carecoord.Coding{food}}
	facts := referral.PatientFacts{
		BirthDate:  civil.MustParse("1985-07-14"),
		PostalCode: "02118-3307",
		Languages:  []string{"es-MX", "en"},
	}
	cands, excluded := referral.Match(d, need, facts, civil.MustParse("2026-03-02"))

	for i, c := range cands {
		org, _ := d.Organization(c.OrganizationID)
		fmt.Printf("%d. %s (%s): %s, %s in %s, %s\n", i+1, c.Name, org.Name,
			c.Capacity, c.Language.Confidence, c.Language.Offered, c.Area)
	}
	fmt.Println("why the first:")
	for _, r := range cands[0].Reasons {
		fmt.Println("  -", r)
	}
	fmt.Println("excluded:")
	for _, x := range excluded {
		var why []string
		for _, r := range x.Reasons {
			why = append(why, r.String())
		}
		fmt.Printf("  %s: %s\n", x.Name, strings.Join(why, "; "))
	}
	// Output:
	// 1. Eastside Community Food Pantry (Eastside Mutual Aid): capacity, high in es, postal-code
	// 2. Food Line (State Food Line): capacity, high in es, anywhere
	// 3. Harbor Pantry (Harbor Food Bank): waitlist, exact in en, postal-code
	// why the first:
	//   - category: offers food-insecurity
	//   - status: active
	//   - area: serves the person's ZIP code
	//   - age: within ages 18 and over
	//   - eligibility: no coded criteria
	//   - language: offered in es (high confidence, preference 1)
	//   - capacity: has capacity (reported 2026-02-27)
	// excluded:
	//   St. Mark Pantry: status: status is "temporarily closed"
	//   Senior Meals: age: below the minimum age of 60
	//   Tenant Help Desk: category: offers none of the needed categories
	//   Veterans Pantry: eligibility: not shown to meet veteran
}

// A person born on 29 February turns a year older on 1 March in a common year.
func ExampleAgeInYears() {
	birth := civil.MustParse("2008-02-29")
	for _, on := range []string{"2026-02-28", "2026-03-01", "2028-02-29"} {
		age, _ := referral.AgeInYears(birth, civil.MustParse(on))
		fmt.Println(on, age)
	}
	// Output:
	// 2026-02-28 17
	// 2026-03-01 18
	// 2028-02-29 20
}

// Validate names every problem by path and code, and never repeats the bad value.
func ExampleDirectory_Validate() {
	d := referral.Directory{
		Organizations: []referral.Organization{{ID: "eastside", Name: "Eastside Mutual Aid", Description: "CBO."}},
		Services: []referral.Service{{
			ID: "pantry", OrganizationID: "eastside", Name: "Pantry", Status: "temporarily_closed",
			Categories: []carecoord.Coding{{System: carecoord.SystemSDOHCCTemporary, Code: "food-insecurity"}},
			Languages:  []string{"es", "Spanish"},
			Area:       referral.ServiceArea{PostalCodes: []string{"02118", "2119"}},
		}},
	}
	var list carecoord.FieldErrors
	if err := d.Validate(); errors.As(err, &list) {
		fmt.Println("invalid:", errors.Is(err, carecoord.ErrInvalid))
	}
	for _, e := range list {
		fmt.Println(e.Path, e.Code)
	}
	// Output:
	// invalid: true
	// services[0].status not-supported
	// services[0].languages[1] invalid
	// services[0].area.postalCodes[1] invalid
}
