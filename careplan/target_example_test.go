package careplan_test

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/careplan"
	"github.com/carecoord/carecoord/civil"
)

// A diabetes goal, HbA1c below 8 % by the end of the year, evaluated after each lab result.
func ExampleEvaluateTarget() {
	hba1c := carecoord.Coding{System: carecoord.SystemLOINC, Code: "4548-4", Display: "Hemoglobin A1c"}
	target := careplan.Target{
		Measure:       hba1c,
		High:          decimal.NewNullDecimal(decimal.RequireFromString("8")),
		HighExclusive: true, // "< 8 %"
		Unit:          "%",
		Due:           civil.MustParse("2025-12-31"),
	}
	var labs []careplan.Observation
	for _, r := range []struct{ date, value string }{
		{"2025-03-03", "9.1"}, {"2025-06-02", "8.4"}, {"2025-09-01", "8.0"}, {"2025-12-01", "7.6"},
	} {
		labs = append(labs, careplan.Observation{Measure: hba1c, Value: decimal.RequireFromString(r.value),
			Unit: "%", Date: civil.MustParse(r.date)})
		e, err := careplan.EvaluateTarget(target, labs, civil.MustParse(r.date))
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s  %s %%  %-11s (%s, %s from target)\n", r.date, r.value, e.Achievement, e.Rule, e.LatestDistance.Decimal)
	}
	e, _ := careplan.EvaluateTarget(target, labs[:3], civil.MustParse("2026-01-05"))
	fmt.Printf("2026-01-05 without the December result: %s (%s)\n", e.Achievement, e.Rule)

	// The same measure reported in mmol/mol is an error, never a conversion.
	labs = append(labs, careplan.Observation{Measure: hba1c, Value: decimal.RequireFromString("60"),
		Unit: "mmol/mol", Date: civil.MustParse("2025-12-15")})
	_, err := careplan.EvaluateTarget(target, labs, civil.MustParse("2025-12-31"))
	var fe *carecoord.FieldError
	if errors.Is(err, carecoord.ErrInvalid) && errors.As(err, &fe) {
		fmt.Println("error at", fe.Path)
	}
	// Output:
	// 2025-03-03  9.1 %  in-progress (first-value, 1.1 from target)
	// 2025-06-02  8.4 %  improving   (closer, 0.4 from target)
	// 2025-09-01  8.0 %  improving   (closer, 0 from target)
	// 2025-12-01  7.6 %  achieved    (in-target, 0 from target)
	// 2026-01-05 without the December result: not-achieved (past-due)
	// error at observations[4].unit
}

func ExampleAchievement_IsAchieved() {
	for _, a := range []careplan.Achievement{careplan.AchievementSustaining, careplan.AchievementWorsening, careplan.AchievementNotAchieved, ""} {
		fmt.Printf("%q parent=%q achieved=%v in-progress=%v valid=%v\n", a, a.Parent(), a.IsAchieved(), a.IsInProgress(), a.IsValid())
	}
	// Output:
	// "sustaining" parent="achieved" achieved=true in-progress=false valid=true
	// "worsening" parent="in-progress" achieved=false in-progress=true valid=true
	// "not-achieved" parent="" achieved=false in-progress=false valid=true
	// "" parent="" achieved=false in-progress=false valid=false
}

func ExampleTarget_Validate() {
	t := careplan.Target{High: decimal.NewNullDecimal(decimal.RequireFromString("8")), HighExclusive: true}
	var list carecoord.FieldErrors
	if errors.As(t.Validate(), &list) {
		for _, e := range list {
			fmt.Println(e.Path, e.Code)
		}
	}
	// Output:
	// measure required
	// unit required
}
