package dosage_test

import (
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/internal/fieldtest"
	"github.com/carecoord/carecoord/medrec/dosage"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func mustParse(t *testing.T, sig string) dosage.Dosage {
	t.Helper()
	d, err := dosage.Parse(sig)
	if err != nil {
		t.Fatalf("Parse(%q): %v", sig, err)
	}
	return d
}

func TestPerDay(t *testing.T) {
	tests := []struct {
		sig    string
		lo, hi string // "" for ok false
	}{
		{"1 tab po daily", "1", "1"},
		{"1 tab po bid", "2", "2"},
		{"1 tab po q12h", "2", "2"},
		{"1 tab po q6h", "4", "4"},
		{"1 tab po q4-6h", "4", "6"},
		{"1 tab po 1-2 times daily", "1", "2"},
		{"1 tab po q8h", "3", "3"},
		{"1 tab po q7h", "3.428571", "3.428571"}, // 24/7, rounded to 6 places
		{"1 tab po qod", "0.5", "0.5"},
		{"1 tab po q48h", "0.5", "0.5"},
		{"1 tab po weekly", "0.142857", "0.142857"},
		{"1 tab po 3 times a week", "0.428571", "0.428571"},
		{"1 tab sl q5min", "288", "288"},
		{"1 tab po at bedtime", "1", "1"},
		{"1 tab po qam and qhs", "2", "2"},
		{"1 tab po with meals", "", ""}, // how many meals is not stated
		{"1 tab po ac and hs", "", ""},
		{"1 tab po monthly", "", ""}, // a month has no fixed number of days
		{"1 tab po prn", "", ""},     // unscheduled
	}
	for _, tt := range tests {
		lo, hi, ok := mustParse(t, tt.sig).Timing.PerDay()
		if ok != (tt.lo != "") {
			t.Errorf("PerDay(%q) ok = %v, want %v", tt.sig, ok, tt.lo != "")
			continue
		}
		if ok && (!lo.Equal(dec(tt.lo)) || !hi.Equal(dec(tt.hi))) {
			t.Errorf("PerDay(%q) = %s..%s, want %s..%s", tt.sig, lo, hi, tt.lo, tt.hi)
		}
	}
	bad := []dosage.Timing{
		{Frequency: -1, Period: dec("1"), PeriodUnit: dosage.PeriodDay},
		{Frequency: 1, PeriodUnit: dosage.PeriodDay}, // zero period
		{Frequency: 1, Period: dec("1"), PeriodUnit: "fortnight"},
		{FrequencyMax: 2},
		{When: []dosage.EventTiming{"BRUNCH"}},
	}
	for _, tm := range bad {
		if _, _, ok := tm.PerDay(); ok {
			t.Errorf("PerDay(%+v) ok = true, want false", tm)
		}
	}
}

func TestEquivalent(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"1 tab po bid", "1 tab po twice daily", true},
		{"1 tab po bid", "1 tab po q12h", true}, // the documented rule: same doses per day
		{"1 tab po daily", "1 tab po q24h", true},
		{"1 tab po qod", "1 tab po q48h", true},
		{"1 tab po weekly", "1 tab po every 7 days", true},
		{"1 tab po at bedtime", "1 tab po daily at bedtime", true},
		{"1 tab po qhs", "1 tab po nightly", true},
		{"1 tab po tid", "1 tab po q8h", true},
		{"1 tab po q4-6h", "1 tab po every 4 to 6 hours", true},
		{"1 tab po with meals", "1 tab po with meals", true},
		{"1 tab po monthly", "1 tab po once a month", true},
		{"1 tab po bid", "1 tab po tid", false},
		{"1 tab po daily", "1 tab po at bedtime", false},          // When differs
		{"1 tab po bid with meals", "1 tab po bid", false},        // When differs
		{"1 tab po with meals", "1 tab po tid with meals", false}, // one has no count per day
		{"1 tab po monthly", "1 tab po every 30 days", false},
		{"1 tab po q4-6h", "1 tab po q4h", false},
		{"1 tab po qam and qhs", "1 tab po qhs and qam", true},
		{"1 tab po prn", "1 tab po prn", true}, // both unscheduled
	}
	for _, tt := range tests {
		a, b := mustParse(t, tt.a).Timing, mustParse(t, tt.b).Timing
		if got := a.Equivalent(b); got != tt.want {
			t.Errorf("Equivalent(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := b.Equivalent(a); got != tt.want {
			t.Errorf("Equivalent(%q, %q) = %v, want %v (not symmetric)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestDoseEqual(t *testing.T) {
	tests := []struct {
		a, b dosage.Dose
		want bool
	}{
		{amount("0.5", tab), amount("0.50", tab), true},
		{amount("1", tab), amount("1", dosage.UnitCapsule), false},
		{amount("1", tab), amountRange("1", "2", tab), false},
		{amountRange("1", "2", tab), amountRange("1", "2.0", tab), true},
		{amountRange("1", "2", tab), amountRange("1", "3", tab), false},
		{amount("1", dosage.UnitGram), amount("1000", dosage.UnitMilligram), false}, // no unit conversion
		{dosage.Dose{}, dosage.Dose{}, true},
	}
	for _, tt := range tests {
		if got := tt.a.Equal(tt.b); got != tt.want {
			t.Errorf("%+v.Equal(%+v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestCodings(t *testing.T) {
	// SNOMED CT codes as listed in the FHIR R4 route-codes value set.
	routes := map[dosage.Route]string{
		dosage.RouteOral: "26643006", dosage.RouteSublingual: "37839007", dosage.RouteBuccal: "54471007",
		dosage.RouteSubcutaneous: "34206005", dosage.RouteIntramuscular: "78421000", dosage.RouteIntravenous: "47625008",
		dosage.RouteInhalation: "447694001", dosage.RouteNasal: "46713006", dosage.RouteTopical: "6064005",
		dosage.RouteTransdermal: "45890007", dosage.RouteRectal: "37161004", dosage.RouteVaginal: "16857009",
		dosage.RouteOphthalmic: "54485002", dosage.RouteOtic: "10547007",
	}
	if len(routes) != len(dosage.Routes()) {
		t.Errorf("test covers %d routes, package has %d", len(routes), len(dosage.Routes()))
	}
	for _, r := range dosage.Routes() {
		c := r.Coding()
		if c.System != carecoord.SystemSNOMED || c.Code != routes[r] || c.Display == "" {
			t.Errorf("%s.Coding() = %+v, want SNOMED %s", r, c, routes[r])
		}
		if err := c.Validate(); err != nil {
			t.Errorf("%s.Coding() invalid: %v", r, err)
		}
	}
	if c := dosage.Route("iv push").Coding(); !c.IsZero() {
		t.Errorf("invalid route Coding() = %+v, want zero", c)
	}
	ucum := map[dosage.Unit]string{dosage.UnitMilliliter: "mL", dosage.UnitMilligram: "mg", dosage.UnitGram: "g",
		dosage.UnitMicrogram: "ug", dosage.UnitMilliequivalent: "meq", dosage.UnitUnit: "[iU]"}
	for _, u := range dosage.Units() {
		code, ok := u.UCUM()
		if want, has := ucum[u]; ok != has || code != want {
			t.Errorf("%s.UCUM() = %q, %v; want %q, %v", u, code, ok, want, has)
		}
		c := u.Coding()
		if has := ucum[u] != ""; has != !c.IsZero() || (has && (c.System != carecoord.SystemUCUM || c.Code != ucum[u])) {
			t.Errorf("%s.Coding() = %+v", u, c)
		}
	}
	for _, e := range dosage.EventTimings() {
		if err := e.Coding().Validate(); err != nil {
			t.Errorf("%s.Coding() invalid: %v", e, err)
		}
	}
	if c := dosage.WhenMorning.Coding(); c.System != "http://hl7.org/fhir/event-timing" {
		t.Errorf("MORN system = %q", c.System)
	}
	if c := dosage.WhenHS.Coding(); c.System != "http://terminology.hl7.org/CodeSystem/v3-TimingEvent" {
		t.Errorf("HS system = %q", c.System)
	}
	if c := dosage.EventTiming("IMD").Coding(); !c.IsZero() {
		t.Errorf("unhandled event Coding() = %+v, want zero", c)
	}
}

type pathCode struct {
	Path string
	Code carecoord.FieldCode
}

func TestValidate(t *testing.T) {
	valid := func() dosage.Dosage {
		return dosage.Dosage{Dose: amount("1", tab), Route: oral, Timing: times(2, "1", day), Duration: days("7"),
			AsNeeded: true, AsNeededFor: "pain"}
	}
	tests := []struct {
		name   string
		change func(d *dosage.Dosage)
		want   []pathCode
	}{
		{"valid", func(*dosage.Dosage) {}, nil},
		{"zero", func(d *dosage.Dosage) { *d = dosage.Dosage{} }, []pathCode{{"dose", carecoord.FieldRequired}}},
		{"prn only", func(d *dosage.Dosage) { *d = dosage.Dosage{AsNeeded: true} }, nil},
		{"dose without unit", func(d *dosage.Dosage) { d.Dose.Unit = "" }, []pathCode{{"dose.unit", carecoord.FieldRequired}}},
		{"unknown unit", func(d *dosage.Dosage) { d.Dose.Unit = "scoop" }, []pathCode{{"dose.unit", carecoord.FieldNotSupported}}},
		{"zero dose value", func(d *dosage.Dosage) { d.Dose.Value = decimal.Zero }, []pathCode{{"dose.value", carecoord.FieldOutOfRange}}},
		{"negative dose", func(d *dosage.Dosage) { d.Dose.Value = dec("-1") }, []pathCode{{"dose.value", carecoord.FieldOutOfRange}}},
		{"too precise", func(d *dosage.Dosage) { d.Dose.Value = dec("0.0000001") }, []pathCode{{"dose.value", carecoord.FieldInvalid}}},
		{"too large", func(d *dosage.Dosage) { d.Dose.Value = dec("10000000") }, []pathCode{{"dose.value", carecoord.FieldOutOfRange}}},
		{"max not above value", func(d *dosage.Dosage) { d.Dose = amountRange("2", "2", tab) },
			[]pathCode{{"dose.max", carecoord.FieldInvalid}}},
		{"unknown route", func(d *dosage.Dosage) { d.Route = "intrathecal" }, []pathCode{{"route", carecoord.FieldNotSupported}}},
		{"period without frequency", func(d *dosage.Dosage) { d.Timing.Frequency = 0 }, []pathCode{
			{"timing.period", carecoord.FieldNotAllowed}, {"timing.periodUnit", carecoord.FieldNotAllowed}}},
		{"frequency too high", func(d *dosage.Dosage) { d.Timing.Frequency = 1001 },
			[]pathCode{{"timing.frequency", carecoord.FieldOutOfRange}}},
		{"frequencyMax not above", func(d *dosage.Dosage) { d.Timing.FrequencyMax = 2 },
			[]pathCode{{"timing.frequencyMax", carecoord.FieldOutOfRange}}},
		{"fractional period", func(d *dosage.Dosage) { d.Timing.Period = dec("0.5") },
			[]pathCode{{"timing.period", carecoord.FieldInvalid}}},
		{"zero period", func(d *dosage.Dosage) { d.Timing.Period = decimal.Zero },
			[]pathCode{{"timing.period", carecoord.FieldOutOfRange}}},
		{"both ranges", func(d *dosage.Dosage) {
			d.Timing.FrequencyMax = 3
			d.Timing.PeriodMax = decimal.NewNullDecimal(dec("2"))
		}, []pathCode{{"timing.periodMax", carecoord.FieldNotAllowed}}},
		{"no period unit", func(d *dosage.Dosage) { d.Timing.PeriodUnit = "" },
			[]pathCode{{"timing.periodUnit", carecoord.FieldRequired}}},
		{"bad period unit", func(d *dosage.Dosage) { d.Timing.PeriodUnit = "fortnight" },
			[]pathCode{{"timing.periodUnit", carecoord.FieldNotSupported}}},
		{"when conflicts", func(d *dosage.Dosage) { d.Timing.When = []dosage.EventTiming{dosage.WhenHS} },
			[]pathCode{{"timing.when", carecoord.FieldInvalid}}},
		{"when repeated", func(d *dosage.Dosage) {
			d.Timing = at(dosage.WhenMeal, dosage.WhenMeal)
		}, []pathCode{{"timing.when[1]", carecoord.FieldDuplicate}}},
		{"when unknown", func(d *dosage.Dosage) { d.Timing = at("NOON") },
			[]pathCode{{"timing.when[0]", carecoord.FieldNotSupported}}},
		{"too many whens", func(d *dosage.Dosage) {
			d.Timing = at(dosage.WhenMeal, dosage.WhenBeforeMeal, dosage.WhenAfterMeal, dosage.WhenHS, dosage.WhenWake,
				dosage.WhenNight, dosage.WhenMorning)
		}, []pathCode{{"timing.when", carecoord.FieldOutOfRange}}},
		{"duration fraction", func(d *dosage.Dosage) { d.Duration.Value = dec("1.5") },
			[]pathCode{{"duration.value", carecoord.FieldInvalid}}},
		{"duration without unit", func(d *dosage.Dosage) { d.Duration.Unit = "" },
			[]pathCode{{"duration.unit", carecoord.FieldRequired}}},
		{"indication without prn", func(d *dosage.Dosage) { d.AsNeeded = false },
			[]pathCode{{"asNeededFor", carecoord.FieldNotAllowed}}},
		{"indication upper case", func(d *dosage.Dosage) { d.AsNeededFor = "Pain" },
			[]pathCode{{"asNeededFor", carecoord.FieldInvalid}}},
		{"indication keyword", func(d *dosage.Dosage) { d.AsNeededFor = "pain at night" },
			[]pathCode{{"asNeededFor", carecoord.FieldInvalid}}},
		{"indication double space", func(d *dosage.Dosage) { d.AsNeededFor = "chest  pain" },
			[]pathCode{{"asNeededFor", carecoord.FieldInvalid}}},
		{"indication ends with and", func(d *dosage.Dosage) { d.AsNeededFor = "nausea and" },
			[]pathCode{{"asNeededFor", carecoord.FieldInvalid}}},
		{"indication with and", func(d *dosage.Dosage) { d.AsNeededFor = "nausea and vomiting" }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := valid()
			tt.change(&d)
			got := problems(t, d.Validate())
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Validate() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func problems(t *testing.T, err error) []pathCode {
	t.Helper()
	return fieldtest.PathCodes[pathCode](t, err)
}

// Equivalent compares exactly: periods whose per-day counts agree to six places but differ
// are not equivalent; and with whole-number periods it allocates nothing.
func TestEquivalentExact(t *testing.T) {
	every := func(p string, u dosage.PeriodUnit) dosage.Timing {
		return dosage.Timing{Frequency: 1, Period: decimal.RequireFromString(p), PeriodUnit: u}
	}
	if every("9999", dosage.PeriodHour).Equivalent(every("9998", dosage.PeriodHour)) {
		t.Error("every 9999 hours ≡ every 9998 hours: the comparison rounded")
	}
	if !every("0.5", dosage.PeriodDay).Equivalent(every("12", dosage.PeriodHour)) {
		t.Error("every 0.5 days is not ≡ every 12 hours")
	}
	if !every("120", dosage.PeriodMinute).Equivalent(every("2", dosage.PeriodHour)) {
		t.Error("every 120 minutes is not ≡ every 2 hours")
	}
	bid := dosage.Timing{Frequency: 2, Period: decimal.NewFromInt(1), PeriodUnit: dosage.PeriodDay}
	q12h := every("12", dosage.PeriodHour)
	if n := testing.AllocsPerRun(100, func() { _ = bid.Equivalent(q12h) }); n != 0 {
		t.Errorf("Equivalent(BID, q12h) allocates %v times, want 0", n)
	}
}
