package dosage_test

import (
	"errors"
	"fmt"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/medrec/dosage"
)

// At a transition of care, the home list and the discharge list state the same medicine in
// different words. Parsed, the two can be compared part by part: the dose exactly, the
// timing by administrations per day.
func Example() {
	home, err := dosage.Parse("metoprolol: 25 mg PO q12h") // the drug name is not part of a sig
	fmt.Println(err)
	home, _ = dosage.Parse("25 mg PO q12h")
	discharge, _ := dosage.Parse("Take 25 mg by mouth twice daily")

	fmt.Println("home:     ", home)
	fmt.Println("discharge:", discharge)
	fmt.Println("same dose:", home.Dose.Equal(discharge.Dose))
	fmt.Println("same route:", home.Route == discharge.Route)
	fmt.Println("equivalent timing:", home.Timing.Equivalent(discharge.Timing))
	perDay, _, _ := discharge.Timing.PerDay()
	fmt.Println("doses a day:", perDay.StringFixed(0))
	// Output:
	// dosage: unknown token at byte 0
	// home:      25 mg by mouth every 12 hours
	// discharge: 25 mg by mouth twice daily
	// same dose: true
	// same route: true
	// equivalent timing: true
	// doses a day: 2
}

func ExampleParse() {
	d, err := dosage.Parse("1 puff inh q4-6h prn wheeze")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("dose:", d.Dose.Value.StringFixed(0), d.Dose.Unit)
	fmt.Println("route:", d.Route, d.Route.Coding().Code)
	fmt.Println("every", d.Timing.Period.StringFixed(0), "to", d.Timing.PeriodMax.Decimal.StringFixed(0), d.Timing.PeriodUnit)
	fmt.Println("as needed for:", d.AsNeededFor)
	// Output:
	// dose: 1 puff
	// route: inhalation 447694001
	// every 4 to 6 h
	// as needed for: wheeze
}

// Forms on The Joint Commission's "Do Not Use" list and ISMP's error-prone list are read
// when their meaning is clear, and flagged.
func ExampleParse_warnings() {
	d, _ := dosage.Parse("10 U SC QHS")
	fmt.Println(d)
	for _, w := range d.Warnings {
		fmt.Printf("%s (%s): %s\n", w.Token, w.Code, w.Rule)
	}
	// Output:
	// 10 units subcutaneously at bedtime
	// U (do-not-use): U, u: write unit
	// SC (error-prone): SC, SQ, sub q: write subcut or subcutaneously
	// QHS (error-prone): qhs: write at bedtime or nightly
}

// Parse refuses what it cannot read exactly, and says which token broke which rule.
func ExampleParse_errors() {
	for _, sig := range []string{"take as directed", "1 tab PO BID TID", "1 tab PO IV daily", "5 mg q"} {
		_, err := dosage.Parse(sig)
		var se *dosage.SyntaxError
		if errors.As(err, &se) {
			fmt.Printf("%-18q %-16s %q invalid=%v\n", sig, se.Rule, se.Token, errors.Is(err, carecoord.ErrInvalid))
		}
	}
	// Output:
	// "take as directed" as directed      "as directed" invalid=true
	// "1 tab PO BID TID" two frequencies  "TID" invalid=true
	// "1 tab PO IV daily" two routes       "IV" invalid=true
	// "5 mg q"           incomplete       "q" invalid=true
}

func ExampleDosage_String() {
	for _, sig := range []string{"1 tab PO BID", "500 mg po q8h x 7 days", ".5 mg po qd", "1-2 tabs p.o. q.4-6.h. p.r.n. pain"} {
		d, _ := dosage.Parse(sig)
		fmt.Println(d)
	}
	// Output:
	// 1 tablet by mouth twice daily
	// 500 mg by mouth every 8 hours for 7 days
	// 0.5 mg by mouth once daily
	// 1-2 tablets by mouth every 4-6 hours as needed for pain
}

func ExampleDosage_Validate() {
	d := dosage.Dosage{Dose: dosage.Dose{Value: dec("0"), Unit: "scoop"}, Route: dosage.RouteOral}
	var problems carecoord.FieldErrors
	if errors.As(d.Validate(), &problems) {
		for _, p := range problems {
			fmt.Println(p.Path, p.Code)
		}
	}
	// Output:
	// dose.value out-of-range
	// dose.unit not-supported
}

func ExampleTiming_Equivalent() {
	timing := func(sig string) dosage.Timing {
		d, err := dosage.Parse(sig)
		if err != nil {
			panic(err)
		}
		return d.Timing
	}
	fmt.Println(timing("1 tab po bid").Equivalent(timing("1 tab po q12h")))
	fmt.Println(timing("1 tab po qhs").Equivalent(timing("1 tab po daily at bedtime")))
	fmt.Println(timing("1 tab po daily").Equivalent(timing("1 tab po at bedtime")))
	fmt.Println(timing("1 tab po monthly").Equivalent(timing("1 tab po every 30 days")))
	// Output:
	// true
	// true
	// false
	// false
}

func ExampleTiming_PerDay() {
	for _, sig := range []string{"1 tab po q4-6h", "1 tab po qod", "1 tab po weekly", "1 tab po with meals"} {
		d, _ := dosage.Parse(sig)
		lo, hi, ok := d.Timing.PerDay()
		fmt.Println(sig, "->", lo.StringFixed(2), hi.StringFixed(2), ok)
	}
	// Output:
	// 1 tab po q4-6h -> 4.00 6.00 true
	// 1 tab po qod -> 0.50 0.50 true
	// 1 tab po weekly -> 0.14 0.14 true
	// 1 tab po with meals -> 0.00 0.00 false
}
