package dosage_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/medrec/dosage"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
)

// ignoreWarnings compares Dosages by their directions only.
var ignoreWarnings = cmp.Options{cmpopts.IgnoreFields(dosage.Dosage{}, "Warnings"), cmpopts.EquateEmpty()}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func amount(v string, u dosage.Unit) dosage.Dose { return dosage.Dose{Value: dec(v), Unit: u} }

func amountRange(lo, hi string, u dosage.Unit) dosage.Dose {
	return dosage.Dose{Value: dec(lo), Max: decimal.NewNullDecimal(dec(hi)), Unit: u}
}

// times is Frequency f every period unit.
func times(f int, period string, unit dosage.PeriodUnit, when ...dosage.EventTiming) dosage.Timing {
	return dosage.Timing{Frequency: f, Period: dec(period), PeriodUnit: unit, When: when}
}

// every is once every period (to periodMax) unit: "every 4-6 hours".
func every(period, periodMax string, unit dosage.PeriodUnit) dosage.Timing {
	t := times(1, period, unit)
	if periodMax != "" {
		t.PeriodMax = decimal.NewNullDecimal(dec(periodMax))
	}
	return t
}

func at(when ...dosage.EventTiming) dosage.Timing { return dosage.Timing{When: when} }

func days(n string) dosage.Duration { return dosage.Duration{Value: dec(n), Unit: dosage.PeriodDay} }

const (
	tab   = dosage.UnitTablet
	oral  = dosage.RouteOral
	day   = dosage.PeriodDay
	hour  = dosage.PeriodHour
	week  = dosage.PeriodWeek
	month = dosage.PeriodMonth
)

// parseCases are the five sigs first, then common variants.
func parseCases() []struct {
	sig  string
	want dosage.Dosage
} {
	return []struct {
		sig  string
		want dosage.Dosage
	}{
		// The examples.
		{"1 tab PO BID", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: times(2, "1", day)}},
		{"take 2 tablets by mouth every 6 hours as needed for pain", dosage.Dosage{Dose: amount("2", tab), Route: oral,
			Timing: every("6", "", hour), AsNeeded: true, AsNeededFor: "pain"}},
		{"10 units subcut qhs", dosage.Dosage{Dose: amount("10", dosage.UnitUnit), Route: dosage.RouteSubcutaneous,
			Timing: at(dosage.WhenHS)}},
		{"500 mg po q8h x 7 days", dosage.Dosage{Dose: amount("500", dosage.UnitMilligram), Route: oral,
			Timing: every("8", "", hour), Duration: days("7")}},
		{"1 puff inh q4-6h prn wheeze", dosage.Dosage{Dose: amount("1", dosage.UnitPuff), Route: dosage.RouteInhalation,
			Timing: every("4", "6", hour), AsNeeded: true, AsNeededFor: "wheeze"}},

		// Daily.
		{"1 tab po daily", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: times(1, "1", day)}},
		{"Take 1 tablet by mouth once daily", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: times(1, "1", day)}},
		{"1 tab po once a day", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: times(1, "1", day)}},
		{"1 tab po every day", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: times(1, "1", day)}},
		{"1 tab po qday", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: times(1, "1", day)}},
		{"1 tab po QD", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: times(1, "1", day)}},
		{"1 tab po q.d.", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: times(1, "1", day)}},
		{"one tablet orally daily", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: times(1, "1", day)}},
		// Twice, three, four times a day.
		{"1 tab p.o. b.i.d.", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: times(2, "1", day)}},
		{"2 caps po twice a day", dosage.Dosage{Dose: amount("2", dosage.UnitCapsule), Route: oral, Timing: times(2, "1", day)}},
		{"1 cap po tid", dosage.Dosage{Dose: amount("1", dosage.UnitCapsule), Route: oral, Timing: times(3, "1", day)}},
		{"take 1 capsule by mouth 3 times daily for 10 days", dosage.Dosage{Dose: amount("1", dosage.UnitCapsule),
			Route: oral, Timing: times(3, "1", day), Duration: days("10")}},
		{"1 tab po q.i.d.", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: times(4, "1", day)}},
		{"1 tab po 1-2 times daily", dosage.Dosage{Dose: amount("1", tab), Route: oral,
			Timing: dosage.Timing{Frequency: 1, FrequencyMax: 2, Period: dec("1"), PeriodUnit: day}}},
		{"1 tab po 2x daily", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: times(2, "1", day)}},
		// Intervals.
		{"1 tab po q4h", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: every("4", "", hour)}},
		{"1 tab po Q6H", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: every("6", "", hour)}},
		{"1 tab po q 12 h", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: every("12", "", hour)}},
		{"1 g iv q24h", dosage.Dosage{Dose: amount("1", dosage.UnitGram), Route: dosage.RouteIntravenous, Timing: every("24", "", hour)}},
		{"1 tab po every 8 hours", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: every("8", "", hour)}},
		{"1 tab po every 4 to 6 hours", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: every("4", "6", hour)}},
		{"1 patch transdermally q72h", dosage.Dosage{Dose: amount("1", dosage.UnitPatch), Route: dosage.RouteTransdermal,
			Timing: every("72", "", hour)}},
		{"1 tab po every 3 days", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: every("3", "", day)}},
		{"1 tab po every other day", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: every("2", "", day)}},
		{"1 tab po QOD", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: every("2", "", day)}},
		{"0.4 mg sl q5min prn chest pain", dosage.Dosage{Dose: amount("0.4", dosage.UnitMilligram),
			Route: dosage.RouteSublingual, Timing: every("5", "", dosage.PeriodMinute), AsNeeded: true, AsNeededFor: "chest pain"}},
		// Weekly, monthly.
		{"1 tab po weekly", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: times(1, "1", week)}},
		{"70 mg po once a week", dosage.Dosage{Dose: amount("70", dosage.UnitMilligram), Route: oral, Timing: times(1, "1", week)}},
		{"1 tab po 3 times a week", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: times(3, "1", week)}},
		{"1 tab po every 2 weeks", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: every("2", "", week)}},
		{"1 tab po monthly", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: times(1, "1", month)}},
		// Times of day.
		{"1 tab po at bedtime", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: at(dosage.WhenHS)}},
		{"1 tab po nightly", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: at(dosage.WhenHS)}},
		{"1 tab po q.h.s.", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: at(dosage.WhenHS)}},
		{"1 tab po daily at bedtime", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: times(1, "1", day, dosage.WhenHS)}},
		{"1 tab po every night at bedtime", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: at(dosage.WhenHS)}},
		{"1 tab po qam", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: at(dosage.WhenMorning)}},
		{"1 tab po in the morning", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: at(dosage.WhenMorning)}},
		{"1 tab po qpm", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: at(dosage.WhenEvening)}},
		{"1 tab po qam and qhs", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: at(dosage.WhenMorning, dosage.WhenHS)}},
		{"1 tab po bid with meals", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: times(2, "1", day, dosage.WhenMeal)}},
		{"1 tab po tid ac", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: times(3, "1", day, dosage.WhenBeforeMeal)}},
		{"1 tab po pc", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: at(dosage.WhenAfterMeal)}},
		{"1 tab po daily with breakfast", dosage.Dosage{Dose: amount("1", tab), Route: oral,
			Timing: times(1, "1", day, dosage.WhenBreakfast)}},
		{"4 units subq ac and hs", dosage.Dosage{Dose: amount("4", dosage.UnitUnit), Route: dosage.RouteSubcutaneous,
			Timing: at(dosage.WhenBeforeMeal, dosage.WhenHS)}},
		// Doses: ranges, fractions, decimals, units.
		{"1-2 tabs po q4-6h prn pain", dosage.Dosage{Dose: amountRange("1", "2", tab), Route: oral,
			Timing: every("4", "6", hour), AsNeeded: true, AsNeededFor: "pain"}},
		{"1 to 2 tablets po q6h prn", dosage.Dosage{Dose: amountRange("1", "2", tab), Route: oral,
			Timing: every("6", "", hour), AsNeeded: true}},
		{"1/2 tab po daily", dosage.Dosage{Dose: amount("0.5", tab), Route: oral, Timing: times(1, "1", day)}},
		{"1 1/2 tabs po bid", dosage.Dosage{Dose: amount("1.5", tab), Route: oral, Timing: times(2, "1", day)}},
		{"0.5 mg po daily", dosage.Dosage{Dose: amount("0.5", dosage.UnitMilligram), Route: oral, Timing: times(1, "1", day)}},
		{"0.125mg po daily", dosage.Dosage{Dose: amount("0.125", dosage.UnitMilligram), Route: oral, Timing: times(1, "1", day)}},
		{"100 mcg po daily", dosage.Dosage{Dose: amount("100", dosage.UnitMicrogram), Route: oral, Timing: times(1, "1", day)}},
		{"5 ml po tid", dosage.Dosage{Dose: amount("5", dosage.UnitMilliliter), Route: oral, Timing: times(3, "1", day)}},
		{"20 mEq po daily", dosage.Dosage{Dose: amount("20", dosage.UnitMilliequivalent), Route: oral, Timing: times(1, "1", day)}},
		{"1000 international units po daily", dosage.Dosage{Dose: amount("1000", dosage.UnitUnit), Route: oral,
			Timing: times(1, "1", day)}},
		// Routes.
		{"30 mg im once weekly", dosage.Dosage{Dose: amount("30", dosage.UnitMilligram), Route: dosage.RouteIntramuscular,
			Timing: times(1, "1", week)}},
		{"4 mg iv q6h prn nausea", dosage.Dosage{Dose: amount("4", dosage.UnitMilligram), Route: dosage.RouteIntravenous,
			Timing: every("6", "", hour), AsNeeded: true, AsNeededFor: "nausea"}},
		{"inhale 2 puffs into the lungs every 4 hours as needed for wheezing or shortness of breath",
			dosage.Dosage{Dose: amount("2", dosage.UnitPuff), Route: dosage.RouteInhalation, Timing: every("4", "", hour),
				AsNeeded: true, AsNeededFor: "wheezing or shortness of breath"}},
		{"2 sprays nasally daily", dosage.Dosage{Dose: amount("2", dosage.UnitSpray), Route: dosage.RouteNasal, Timing: times(1, "1", day)}},
		{"apply 1 application topically bid", dosage.Dosage{Dose: amount("1", dosage.UnitApplication),
			Route: dosage.RouteTopical, Timing: times(2, "1", day)}},
		{"1 supp pr q6h prn nausea and vomiting", dosage.Dosage{Dose: amount("1", dosage.UnitSuppository),
			Route: dosage.RouteRectal, Timing: every("6", "", hour), AsNeeded: true, AsNeededFor: "nausea and vomiting"}},
		{"place 1 tablet under the tongue every 5 minutes as needed for chest pain", dosage.Dosage{Dose: amount("1", tab),
			Route: dosage.RouteSublingual, Timing: every("5", "", dosage.PeriodMinute), AsNeeded: true, AsNeededFor: "chest pain"}},
		{"inject 10 units under the skin nightly", dosage.Dosage{Dose: amount("10", dosage.UnitUnit),
			Route: dosage.RouteSubcutaneous, Timing: at(dosage.WhenHS)}},
		{"1 drop ophthalmic bid", dosage.Dosage{Dose: amount("1", dosage.UnitDrop), Route: dosage.RouteOphthalmic,
			Timing: times(2, "1", day)}},
		// Durations, as needed, punctuation and spacing.
		{"50 mg po daily for 2 weeks", dosage.Dosage{Dose: amount("50", dosage.UnitMilligram), Route: oral,
			Timing: times(1, "1", day), Duration: dosage.Duration{Value: dec("2"), Unit: week}}},
		{"1 tab po daily x7 days", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: times(1, "1", day), Duration: days("7")}},
		{"1 tab po as needed", dosage.Dosage{Dose: amount("1", tab), Route: oral, AsNeeded: true}},
		{"1 tab po prn for sleep", dosage.Dosage{Dose: amount("1", tab), Route: oral, AsNeeded: true, AsNeededFor: "sleep"}},
		{"1 tab po q6h prn Severe  Pain.", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: every("6", "", hour),
			AsNeeded: true, AsNeededFor: "severe pain"}},
		{"  1 TAB,  PO   BID  ", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: times(2, "1", day)}},
		{"take.5 mg p.o. q.6h.", dosage.Dosage{Dose: amount("0.5", dosage.UnitMilligram), Route: oral, Timing: every("6", "", hour)}},
		{"take 1/2. tab po daily.", dosage.Dosage{Dose: amount("0.5", tab), Route: oral, Timing: times(1, "1", day)}},
		{"prn itching", dosage.Dosage{AsNeeded: true, AsNeededFor: "itching"}},
		// Unicode: NFKC folds full-width digits and letters; vulgar fractions.
		{"１ ｔａｂ ＰＯ ＢＩＤ", dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: times(2, "1", day)}},
		{"½ tab po daily", dosage.Dosage{Dose: amount("0.5", tab), Route: oral, Timing: times(1, "1", day)}},
		{"1½ tabs po daily", dosage.Dosage{Dose: amount("1.5", tab), Route: oral, Timing: times(1, "1", day)}},
		{"1–2 tabs po q6h", dosage.Dosage{Dose: amountRange("1", "2", tab), Route: oral, Timing: every("6", "", hour)}},
	}
}

func TestParse(t *testing.T) {
	for _, tt := range parseCases() {
		t.Run(tt.sig, func(t *testing.T) {
			got, err := dosage.Parse(tt.sig)
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tt.sig, err)
			}
			if diff := cmp.Diff(tt.want, got, ignoreWarnings); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s", tt.sig, diff)
			}
			if err := got.Validate(); err != nil {
				t.Errorf("Parse(%q).Validate() = %v", tt.sig, err)
			}
			checkRoundTrip(t, got)
		})
	}
}

// checkRoundTrip checks that d's canonical text parses back to d, with no warnings.
func checkRoundTrip(t *testing.T, d dosage.Dosage) {
	t.Helper()
	s := d.String()
	back, err := dosage.Parse(s)
	if err != nil {
		t.Fatalf("Parse(String() = %q) error: %v", s, err)
	}
	if diff := cmp.Diff(d, back, ignoreWarnings); diff != "" {
		t.Errorf("Parse(String() = %q) mismatch (-want +got):\n%s", s, diff)
	}
	if len(back.Warnings) != 0 {
		t.Errorf("canonical text %q has warnings %v", s, back.Warnings)
	}
}

func TestString(t *testing.T) {
	tests := []struct{ sig, want string }{
		{"1 tab PO BID", "1 tablet by mouth twice daily"},
		{"take 2 tablets by mouth every 6 hours as needed for pain", "2 tablets by mouth every 6 hours as needed for pain"},
		{"10 units subcut qhs", "10 units subcutaneously at bedtime"},
		{"500 mg po q8h x 7 days", "500 mg by mouth every 8 hours for 7 days"},
		{"1 puff inh q4-6h prn wheeze", "1 puff by inhalation every 4-6 hours as needed for wheeze"},
		{".5 mg po qd", "0.5 mg by mouth once daily"},
		{"1.0 mg po qod", "1 mg by mouth every other day"},
		{"1/2 tab po q1d", "0.5 tablet by mouth once daily"},
		{"1-2 tab po 1-2 times daily", "1-2 tablets by mouth 1-2 times daily"},
		{"2 supp pr q12h", "2 suppositories rectally every 12 hours"},
		{"1 patch td weekly", ""}, // "td" is not in the vocabulary: see TestParseErrors
		{"20 meq po bid with meals", "20 mEq by mouth twice daily with meals"},
		{"1 tab po qam and qhs", "1 tablet by mouth in the morning and at bedtime"},
		{"1 tab po tiw", "1 tablet by mouth 3 times weekly"},
		{"1 tab po hourly", "1 tablet by mouth every hour"},
		{"1 tab po q1-2h", "1 tablet by mouth every 1-2 hours"},
		{"2 tabs po twice weekly", "2 tablets by mouth twice weekly"},
		{"1 tab po daily x 1 day", "1 tablet by mouth once daily for 1 day"},
	}
	for _, tt := range tests {
		d, err := dosage.Parse(tt.sig)
		if tt.want == "" {
			if err == nil {
				t.Errorf("Parse(%q) = %v, want an error", tt.sig, d)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q) error: %v", tt.sig, err)
			continue
		}
		if got := d.String(); got != tt.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tt.sig, got, tt.want)
		}
	}
	if got := (dosage.Dosage{}).String(); got != "" {
		t.Errorf("zero Dosage String() = %q, want empty", got)
	}
}

func errorCases() []struct{ sig, token, rule string } {
	return []struct{ sig, token, rule string }{
		{"", "", dosage.RuleEmpty},
		{" , ", "", dosage.RuleEmpty},
		{"take as directed", "as directed", dosage.RuleAsDirected},
		{"1 tab po ud", "ud", dosage.RuleAsDirected},
		{"1 tab PO BID TID", "TID", dosage.RuleTwoFrequencies},
		{"1 tab po daily q8h", "q8h", dosage.RuleTwoFrequencies},
		{"1 tab PO IV daily", "IV", dosage.RuleTwoRoutes},
		{"1 tab po by mouth daily", "by mouth", dosage.RuleTwoRoutes},
		{"5 mg q", "q", dosage.RuleIncomplete},
		{"5 mg po every", "every", dosage.RuleIncomplete},
		{"5 mg po once", "once", dosage.RuleIncomplete},
		{"5 mg po daily x", "x", dosage.RuleIncomplete},
		{"5 mg po q8", "q8", dosage.RuleIncomplete},
		{"5 mg po 2 times", "2 times", dosage.RuleIncomplete},
		{"5 mg po daily and", "and", dosage.RuleIncomplete},
		{"2 po bid", "2", dosage.RuleDoseWithoutUnit},
		{"1,000 units subq daily", "1", dosage.RuleDoseWithoutUnit}, // no thousands separators
		{"take.5", ".5", dosage.RuleDoseWithoutUnit},
		{"1-2 po q6h", "1-2", dosage.RuleDoseWithoutUnit},
		{"tab po bid", "tab", dosage.RuleUnitWithoutDose},
		{"1 mg mg po", "mg", dosage.RuleUnitWithoutDose},
		{"1 tab 2 tabs po daily", "2 tabs", dosage.RuleTwoDoses},
		{"1 tab po daily x 7 days for 2 weeks", "for 2 weeks", dosage.RuleTwoDurations},
		{"1 tab po prn pain prn", "prn", dosage.RuleTwoAsNeeded},
		{"1 tab po od", "od", dosage.RuleAmbiguous},
		{"1 drop os bid", "os", dosage.RuleAmbiguous},
		{"1-2 times every 4-6 hours", "1-2 times every 4-6 hours", dosage.RuleAmbiguous},
		{"1 drop in each eye bid", "in", dosage.RuleSite},
		{"2 sprays in each nostril daily", "in", dosage.RuleSite},
		{"apply 1 application to affected area bid", "to", dosage.RuleSite},
		{"1 tab po daily for blood pressure", "for", dosage.RuleIndicationNoPRN},
		{"1 tab po bid at bedtime", "at bedtime", dosage.RuleWhenConflict},
		{"1 tab po 1-2 times daily in the morning", "in the morning", dosage.RuleWhenConflict},
		{"1 tab po daily in the morning and at bedtime", "in the morning and at bedtime", dosage.RuleWhenConflict},
		{"2-1 tabs po daily", "2-1", dosage.RuleBadRange},
		{"1 tab po q6-4h", "6-4", dosage.RuleBadRange},
		{"1/0 tab po daily", "1/0", dosage.RuleBadNumber},
		{"1/3 tab po daily", "1/3", dosage.RuleBadNumber},
		{"3/2 tab po daily", "3/2", dosage.RuleBadNumber},
		{"1.2.3 mg po daily", "1.2.3", dosage.RuleBadNumber},
		{"0 mg po daily", "0", dosage.RuleOutOfRange},
		{"1 tab po q0h", "0", dosage.RuleOutOfRange},
		{"12345678 mg po daily", "12345678", dosage.RuleOutOfRange},
		{"0.0000001 mg po daily", "0.0000001", dosage.RuleOutOfRange},
		{"1 tab po daily x 20000 days", "20000", dosage.RuleOutOfRange},
		{"1 tab po q4.5h", "4.5", dosage.RuleNotWhole},
		{"1 tab po daily x 1.5 weeks", "1.5", dosage.RuleNotWhole},
		{"po", "po", dosage.RuleNothingStated},
		{"take 1 tab po daily #30", "#", dosage.RuleUnknownToken},
		{"1 tab po daily then 2 tabs", "then", dosage.RuleUnknownToken},
		{"1 tab po at 8 am", "at", dosage.RuleUnknownToken},
		{"1 tab po stat", "stat", dosage.RuleUnknownToken},
		{"1 patch td weekly", "td", dosage.RuleUnknownToken},
		{"1 tab (25 mg) po daily", "(", dosage.RuleUnknownToken},
		{"1 tab po daily take", "take", dosage.RuleUnknownToken},
		{"1 tab po daily x 7-10 days", "x 7-10", dosage.RuleUnknownToken},
		{"1 tab po " + strings.Repeat("daily ", 100), "", dosage.RuleTooLong},
		{strings.Repeat("1 ", 70), "1", dosage.RuleTooLong},
		{"1 tab po prn a b c d e f g h i", "a b c d e f g h i", dosage.RuleTooLong},
	}
}

func TestParseErrors(t *testing.T) {
	for _, tt := range errorCases() {
		t.Run(tt.sig, func(t *testing.T) {
			d, err := dosage.Parse(tt.sig)
			if err == nil {
				t.Fatalf("Parse(%q) = %v, want an error", tt.sig, d)
			}
			if !errors.Is(err, carecoord.ErrInvalid) {
				t.Errorf("Parse(%q) error %v does not match carecoord.ErrInvalid", tt.sig, err)
			}
			var se *dosage.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error %T is not a *dosage.SyntaxError", tt.sig, err)
			}
			if se.Rule != tt.rule || (tt.rule != dosage.RuleTooLong && se.Token != tt.token) {
				t.Errorf("Parse(%q) error = {Token %q, Rule %q}, want {Token %q, Rule %q}", tt.sig, se.Token, se.Rule, tt.token, tt.rule)
			}
			if se.Pos < 0 || se.Pos > len(tt.sig) {
				t.Errorf("Parse(%q) error Pos %d outside the input", tt.sig, se.Pos)
			}
			if tt.token != "" && isASCII(tt.sig) && !strings.HasPrefix(tt.sig[se.Pos:], se.Token) {
				t.Errorf("Parse(%q) error Pos %d does not point at token %q", tt.sig, se.Pos, se.Token)
			}
		})
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func TestParseWarnings(t *testing.T) {
	type w struct {
		Token string
		Code  dosage.WarningCode
	}
	dnu, ep := dosage.WarningDoNotUse, dosage.WarningErrorProne
	tests := []struct {
		sig  string
		want []w
	}{
		{"1 tab po bid", nil},
		{"10 U subcut daily", []w{{"U", dnu}}},
		{"10u subcut daily", []w{{"u", dnu}}},
		{"1000 IU po daily", []w{{"IU", dnu}}},
		{"1 tab po QD", []w{{"QD", dnu}}},
		{"1 tab po Q.D.", []w{{"Q.D.", dnu}}},
		{"1 tab po q d", []w{{"q d", dnu}}},
		{"1 tab po qod", []w{{"qod", dnu}}},
		{"1 tab po Q.O.D.", []w{{"Q.O.D.", dnu}}},
		{"1.0 mg po daily", []w{{"1.0", dnu}}},
		{"0.50 mg po daily", []w{{"0.50", dnu}}},
		{".5 mg po daily", []w{{".5", dnu}}},
		{"MS 10 mg po q4h prn pain", []w{{"MS", dnu}}},
		{"MSO4 10 mg po q4h prn pain", []w{{"MSO4", dnu}}},
		{"MgSO4 2 g iv once daily", []w{{"MgSO4", dnu}}},
		{"5 cc po tid", []w{{"cc", ep}}},
		{"100 µg po daily", []w{{"μg", ep}}},
		{"100 μg po daily", []w{{"μg", ep}}},
		{"10 units sc daily", []w{{"sc", ep}}},
		{"10 units SQ daily", []w{{"SQ", ep}}},
		{"10 units sub q daily", []w{{"sub q", ep}}},
		{"1 tab po hs", []w{{"hs", ep}}},
		{"1 tab po qhs", []w{{"qhs", ep}}},
		{"1 tab po qn", []w{{"qn", ep}}},
		{"1 tab po q1d", []w{{"q1d", ep}}},
		{"1 tab po TIW", []w{{"TIW", ep}}},
		{"1 tab per os daily", []w{{"per os", ep}}},
		{"10 U SC QHS", []w{{"U", dnu}, {"SC", ep}, {"QHS", ep}}},
		{".5 mg po qd", []w{{".5", dnu}, {"qd", dnu}}},
		{"take.5 mg po daily", []w{{".5", dnu}}},
	}
	for _, tt := range tests {
		d, err := dosage.Parse(tt.sig)
		if err != nil {
			t.Errorf("Parse(%q) error: %v", tt.sig, err)
			continue
		}
		var got []w
		for _, x := range d.Warnings {
			got = append(got, w{x.Token, x.Code})
			if x.Rule == "" {
				t.Errorf("Parse(%q): warning %q has no rule", tt.sig, x.Token)
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Parse(%q) warnings mismatch (-want +got):\n%s", tt.sig, diff)
		}
	}
}
