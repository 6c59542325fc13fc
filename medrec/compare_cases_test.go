package medrec_test

import (
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/medrec"
	"github.com/carecoord/carecoord/medrec/dosage"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
)

// A wantRow is what the tables assert of a comparison row: the pair, how it was matched,
// every discrepancy kind in order, and the intent and partner (With) of the main
// discrepancy ("" when the row has none beyond information).
type wantRow struct {
	Before, After string
	Match         medrec.MatchLevel
	Kinds         []medrec.Kind
	Intent        medrec.Intent
	With          string
}

func summarize(c medrec.Comparison) []wantRow {
	var rows []wantRow
	for _, r := range c.Rows {
		x := wantRow{Before: r.Before, After: r.After, Match: r.Match}
		for _, d := range r.Discrepancies {
			x.Kinds = append(x.Kinds, d.Kind)
		}
		if d, ok := r.Discrepancy(); ok {
			x.Intent, x.With = d.Intent, d.With
		}
		rows = append(rows, x)
	}
	return rows
}

// kinds is a short way to write a row's kinds.
func kinds(ks ...medrec.Kind) []medrec.Kind { return ks }

// uncoded returns an entry with no code: a drug known only by the name received.
func uncoded(t testing.TB, id string, src medrec.Source, name, sig string) medrec.Medication {
	t.Helper()
	m := fixture(t, id, src, "SCD:ASA81", sig)
	m.Drug = medrec.Drug{Name: name}
	return m
}

// with returns m changed by f (a copy; m's slices are not shared).
func with(m medrec.Medication, f func(*medrec.Medication)) medrec.Medication {
	m = m.Clone()
	f(&m)
	return m
}

func status(s medrec.Status) func(*medrec.Medication) {
	return func(m *medrec.Medication) { m.Status = s }
}

func reason(r string) func(*medrec.Medication) {
	return func(m *medrec.Medication) { m.Reason = r }
}

// noDirections drops the entry's directions: a patient who names the drug and nothing else.
func noDirections(m *medrec.Medication) { m.Sig, m.Dosage = "", dosage.Dosage{} }

// compareOpts are the options for comparing whole comparisons and summaries.
var compareOpts = cmp.Options{cmpopts.EquateEmpty()}

// TestCompareCases has one case per discrepancy type of spec §7.2 and per edge case of §7.5
// (metrics-medrec.md), each on the fixture terminology.
func TestCompareCases(t *testing.T) {
	h, o := medrec.SourcePatientReport, medrec.SourceDischargeOrder
	unclear, documented := medrec.IntentUnclear, medrec.IntentDocumented
	tests := []struct {
		name     string
		rule     string
		before   []medrec.Medication
		after    []medrec.Medication
		rows     []wantRow
		problems []medrec.ListProblem
		ignored  []string
	}{
		{
			name: "omission",
			rule: "a current history drug without a partner on the orders is an omission, unclear until clarified",
			before: []medrec.Medication{
				fixture(t, "h-atv", h, "SCD:ATV20", "1 tab PO nightly"),
				fixture(t, "h-met", h, "SCD:MET500", "1 tab PO BID"),
			},
			after: []medrec.Medication{fixture(t, "o-atv", o, "SCD:ATV20", "1 tab PO nightly")},
			rows: []wantRow{
				{Before: "h-atv", After: "o-atv", Match: medrec.MatchCode},
				{Before: "h-met", Kinds: kinds(medrec.KindOmission), Intent: unclear},
			},
		},
		{
			name:  "addition without a reason",
			rule:  "an order the history lacks, with no documented reason, is an addition of unclear intent",
			after: []medrec.Medication{fixture(t, "o-ctx", o, "SCD:CTX1G", "1 g IV q24h")},
			rows:  []wantRow{{After: "o-ctx", Kinds: kinds(medrec.KindAddition), Intent: unclear}},
		},
		{
			name:  "addition with a documented reason",
			rule:  "an addition whose order documents a reason is documented-intentional",
			after: []medrec.Medication{with(fixture(t, "o-ctx", o, "SCD:CTX1G", "1 g IV q24h"), reason("pneumonia"))},
			rows:  []wantRow{{After: "o-ctx", Kinds: kinds(medrec.KindAddition), Intent: documented}},
		},
		{
			name:   "dose: strength 10 mg to 20 mg",
			rule:   "the same ingredient, one tablet of another strength, is a dose change",
			before: []medrec.Medication{fixture(t, "h-lis", h, "SCD:LIS10", "1 tab PO daily")},
			after:  []medrec.Medication{fixture(t, "o-lis", o, "SCD:LIS20", "1 tab PO daily")},
			rows:   []wantRow{{Before: "h-lis", After: "o-lis", Match: medrec.MatchIngredients, Kinds: kinds(medrec.KindDose), Intent: unclear}},
		},
		{
			name:   "dose: more tablets of the same product",
			rule:   "the same product, two tablets for one, is a dose change",
			before: []medrec.Medication{fixture(t, "h-atv", h, "SCD:ATV20", "1 tab PO nightly")},
			after:  []medrec.Medication{fixture(t, "o-atv", o, "SCD:ATV20", "2 tab PO nightly")},
			rows:   []wantRow{{Before: "h-atv", After: "o-atv", Match: medrec.MatchCode, Kinds: kinds(medrec.KindDose), Intent: unclear}},
		},
		{
			name:   "dose: two 10 mg tablets are one 20 mg tablet",
			rule:   "the same 20 mg each time in another tablet strength is no dose discrepancy, only a strength note for information",
			before: []medrec.Medication{fixture(t, "h-lis", h, "SCD:LIS10", "2 tab PO daily")},
			after:  []medrec.Medication{fixture(t, "o-lis", o, "SCD:LIS20", "1 tab PO daily")},
			rows:   []wantRow{{Before: "h-lis", After: "o-lis", Match: medrec.MatchIngredients, Kinds: kinds(medrec.KindStrength)}},
		},
		{
			name:   "dose: one 20 mg tablet is two 10 mg tablets",
			rule:   "the strength note holds in both directions",
			before: []medrec.Medication{fixture(t, "h-lis", h, "SCD:LIS20", "1 tab PO daily")},
			after:  []medrec.Medication{fixture(t, "o-lis", o, "SCD:LIS10", "2 tab PO daily")},
			rows:   []wantRow{{Before: "h-lis", After: "o-lis", Match: medrec.MatchIngredients, Kinds: kinds(medrec.KindStrength)}},
		},
		{
			name:   "dose: 20 mg stated as a mass is one 20 mg tablet",
			rule:   "a dose in mg is compared with tablets times strength",
			before: []medrec.Medication{fixture(t, "h-lis", h, "SCD:LIS10", "20 mg PO daily")},
			after:  []medrec.Medication{fixture(t, "o-lis", o, "SCD:LIS20", "1 tab PO daily")},
			rows:   []wantRow{{Before: "h-lis", After: "o-lis", Match: medrec.MatchIngredients, Kinds: kinds(medrec.KindStrength)}},
		},
		{
			name:   "dose: 1 g is 1000 mg",
			rule:   "g, mg and mcg convert exactly",
			before: []medrec.Medication{fixture(t, "h-ctx", medrec.SourceInpatientOrder, "SCD:CTX1G", "1000 mg IV q24h")},
			after:  []medrec.Medication{fixture(t, "o-ctx", o, "SCD:CTX1G", "1 g IV q24h")},
			rows:   []wantRow{{Before: "h-ctx", After: "o-ctx", Match: medrec.MatchCode}},
		},
		{
			name:   "frequency: twice daily to once daily",
			rule:   "timings that are not equivalent are a frequency change",
			before: []medrec.Medication{fixture(t, "h-met", h, "SCD:MET500", "1 tab PO BID")},
			after:  []medrec.Medication{fixture(t, "o-met", o, "SCD:MET500", "1 tab PO daily")},
			rows:   []wantRow{{Before: "h-met", After: "o-met", Match: medrec.MatchCode, Kinds: kinds(medrec.KindFrequency), Intent: unclear}},
		},
		{
			name:   "frequency: every 12 hours is twice daily",
			rule:   "dosage.Timing.Equivalent timings agree",
			before: []medrec.Medication{fixture(t, "h-met", h, "SCD:MET500", "1 tab PO q12h")},
			after:  []medrec.Medication{fixture(t, "o-met", o, "SCD:MET500", "1 tab PO BID")},
			rows:   []wantRow{{Before: "h-met", After: "o-met", Match: medrec.MatchCode}},
		},
		{
			name:   "frequency: as needed to scheduled",
			rule:   "PRN and scheduled use of one drug is a frequency change (spec §7.5)",
			before: []medrec.Medication{fixture(t, "h-ome", h, "SCD:OME20", "1 cap PO daily PRN heartburn")},
			after:  []medrec.Medication{fixture(t, "o-ome", o, "SCD:OME20", "1 cap PO daily")},
			rows:   []wantRow{{Before: "h-ome", After: "o-ome", Match: medrec.MatchCode, Kinds: kinds(medrec.KindFrequency), Intent: unclear}},
		},
		{
			name:   "frequency: no directions on one side",
			rule:   "directions not stated are not a difference, not even as needed against none",
			before: []medrec.Medication{with(fixture(t, "h-ome", h, "SCD:OME20", "1 cap PO daily"), noDirections)},
			after:  []medrec.Medication{fixture(t, "o-ome", o, "SCD:OME20", "1 cap PO daily PRN heartburn")},
			rows:   []wantRow{{Before: "h-ome", After: "o-ome", Match: medrec.MatchCode}},
		},
		{
			name:   "route: by mouth to intravenous",
			rule:   "the same drug by another stated route is a route change",
			before: []medrec.Medication{fixture(t, "h-pan", h, "SCD:PAN40", "40 mg PO daily")},
			after:  []medrec.Medication{fixture(t, "o-pan", o, "SCD:PAN40", "40 mg IV daily")},
			rows:   []wantRow{{Before: "h-pan", After: "o-pan", Match: medrec.MatchCode, Kinds: kinds(medrec.KindRoute), Intent: unclear}},
		},
		{
			name:   "formulation: metoprolol tartrate to succinate",
			rule:   "one ingredient in another salt and release is never silently equal (spec §7.5)",
			before: []medrec.Medication{fixture(t, "h-mtt", h, "SCD:MTT50", "1 tab PO daily")},
			after:  []medrec.Medication{fixture(t, "o-mts", o, "SCD:MTS50", "1 tab PO daily")},
			rows:   []wantRow{{Before: "h-mtt", After: "o-mts", Match: medrec.MatchIngredients, Kinds: kinds(medrec.KindFormulation), Intent: unclear}},
		},
		{
			name:   "formulation: combination at home, components ordered",
			rule:   "a combination product pairs with each component as a formulation change, not an omission and additions",
			before: []medrec.Medication{fixture(t, "h-lishct", h, "SCD:LISHCT", "1 tab PO daily")},
			after: []medrec.Medication{
				fixture(t, "o-lis", o, "SCD:LIS20", "1 tab PO daily"),
				fixture(t, "o-hct", o, "SCD:HCT25", "1 tab PO daily"),
			},
			rows: []wantRow{
				{Before: "h-lishct", After: "o-hct", Match: medrec.MatchComponent, Kinds: kinds(medrec.KindFormulation), Intent: unclear},
				{Before: "h-lishct", After: "o-lis", Match: medrec.MatchComponent, Kinds: kinds(medrec.KindFormulation), Intent: unclear},
			},
		},
		{
			name: "formulation: components at home, combination ordered",
			rule: "the same in the other direction",
			before: []medrec.Medication{
				fixture(t, "h-lis", h, "SCD:LIS20", "1 tab PO daily"),
				fixture(t, "h-hct", h, "SCD:HCT25", "1 tab PO daily"),
			},
			after: []medrec.Medication{fixture(t, "o-lishct", o, "SCD:LISHCT", "1 tab PO daily")},
			rows: []wantRow{
				{Before: "h-hct", After: "o-lishct", Match: medrec.MatchComponent, Kinds: kinds(medrec.KindFormulation), Intent: unclear},
				{Before: "h-lis", After: "o-lishct", Match: medrec.MatchComponent, Kinds: kinds(medrec.KindFormulation), Intent: unclear},
			},
		},
		{
			name:   "brand to generic",
			rule:   "a brand and its generic are the same product: a note for information, not a discrepancy",
			before: []medrec.Medication{fixture(t, "h-lip", h, "SBD:LIP20", "1 tab PO nightly")},
			after:  []medrec.Medication{fixture(t, "o-atv", o, "SCD:ATV20", "1 tab PO nightly")},
			rows:   []wantRow{{Before: "h-lip", After: "o-atv", Match: medrec.MatchProduct, Kinds: kinds(medrec.KindBrandGeneric)}},
		},
		{
			name:   "generic to brand",
			rule:   "the same in the other direction",
			before: []medrec.Medication{fixture(t, "h-atv", h, "SCD:ATV20", "1 tab PO nightly")},
			after:  []medrec.Medication{fixture(t, "o-lip", o, "SBD:LIP20", "1 tab PO nightly")},
			rows:   []wantRow{{Before: "h-atv", After: "o-lip", Match: medrec.MatchProduct, Kinds: kinds(medrec.KindBrandGeneric)}},
		},
		{
			name:   "therapeutic duplication: a second PPI ordered",
			rule:   "an unpaired order of the class of another taken order is a therapeutic duplication, on its row only",
			before: []medrec.Medication{fixture(t, "h-ome", h, "SCD:OME20", "1 cap PO daily")},
			after: []medrec.Medication{
				fixture(t, "o-ome", o, "SCD:OME20", "1 cap PO daily"),
				fixture(t, "o-pan", o, "SCD:PAN40", "1 tab PO daily"),
			},
			rows: []wantRow{
				{Before: "h-ome", After: "o-ome", Match: medrec.MatchCode},
				{After: "o-pan", Kinds: kinds(medrec.KindTherapeuticDuplication), Intent: unclear, With: "o-ome"},
			},
		},
		{
			name: "therapeutic duplication: two new PPIs",
			rule: "each of two new orders of one class names the other",
			after: []medrec.Medication{
				fixture(t, "o-ome", o, "SCD:OME20", "1 cap PO daily"),
				fixture(t, "o-pan", o, "SCD:PAN40", "1 tab PO daily"),
			},
			rows: []wantRow{
				{After: "o-ome", Kinds: kinds(medrec.KindTherapeuticDuplication), Intent: unclear, With: "o-pan"},
				{After: "o-pan", Kinds: kinds(medrec.KindTherapeuticDuplication), Intent: unclear, With: "o-ome"},
			},
		},
		{
			name: "therapeutic duplication: a held PPI is not taken",
			rule: "only taken (active or intended) drugs make a therapeutic duplication",
			after: []medrec.Medication{
				fixture(t, "o-ome", o, "SCD:OME20", "1 cap PO daily"),
				with(fixture(t, "o-pan", o, "SCD:PAN40", "1 tab PO daily"), status(medrec.StatusOnHold)),
			},
			rows: []wantRow{
				{After: "o-ome", Kinds: kinds(medrec.KindAddition), Intent: unclear},
				{After: "o-pan", Kinds: kinds(medrec.KindAddition), Intent: unclear},
			},
		},
		{
			name:   "therapeutic substitution",
			rule:   "a home drug replaced by another of its class (and nothing else of the class ordered) pairs by class",
			before: []medrec.Medication{fixture(t, "h-ome", h, "SCD:OME20", "1 cap PO daily")},
			after:  []medrec.Medication{fixture(t, "o-pan", o, "SCD:PAN40", "1 tab PO daily")},
			rows:   []wantRow{{Before: "h-ome", After: "o-pan", Match: medrec.MatchClass, Kinds: kinds(medrec.KindSubstitution), Intent: unclear}},
		},
		{
			name:   "therapeutic substitution, documented",
			rule:   "a formulary interchange with its reason documented is documented-intentional",
			before: []medrec.Medication{fixture(t, "h-ome", h, "SCD:OME20", "1 cap PO daily")},
			after:  []medrec.Medication{with(fixture(t, "o-pan", o, "SCD:PAN40", "1 tab PO daily"), reason("formulary"))},
			rows:   []wantRow{{Before: "h-ome", After: "o-pan", Match: medrec.MatchClass, Kinds: kinds(medrec.KindSubstitution), Intent: documented}},
		},
		{
			name: "duplication within the history",
			rule: "one ingredient twice on a list is a list problem; the second entry finds no partner",
			before: []medrec.Medication{
				fixture(t, "h-atv", h, "SCD:ATV20", "1 tab PO nightly"),
				fixture(t, "h-lip", medrec.SourcePharmacyFill, "SBD:LIP20", "2 tab PO nightly"),
			},
			after: []medrec.Medication{fixture(t, "o-atv", o, "SCD:ATV20", "1 tab PO nightly")},
			rows: []wantRow{
				{Before: "h-atv", After: "o-atv", Match: medrec.MatchCode},
				{Before: "h-lip", Kinds: kinds(medrec.KindOmission), Intent: unclear},
			},
			problems: []medrec.ListProblem{{Side: medrec.SideBefore, Kind: medrec.KindDuplication, A: "h-atv", B: "h-lip"}},
		},
		{
			name:   "duplication within the orders",
			rule:   "the same ingredient ordered twice is a list problem; the extra order is an addition, not a class duplication",
			before: []medrec.Medication{fixture(t, "h-atv", h, "SCD:ATV20", "1 tab PO nightly")},
			after: []medrec.Medication{
				fixture(t, "o-atv", o, "SCD:ATV20", "1 tab PO nightly"),
				fixture(t, "o-lip", o, "SBD:LIP20", "2 tab PO nightly"),
			},
			rows: []wantRow{
				{Before: "h-atv", After: "o-atv", Match: medrec.MatchCode},
				{After: "o-lip", Kinds: kinds(medrec.KindAddition), Intent: unclear},
			},
			problems: []medrec.ListProblem{{Side: medrec.SideAfter, Kind: medrec.KindDuplication, A: "o-atv", B: "o-lip"}},
		},
		{
			name: "an ingredient ordered alone and in a combination",
			rule: "two orders sharing an ingredient are a duplication within the list, not a class duplication, even of one class",
			after: []medrec.Medication{
				fixture(t, "o-lis", o, "SCD:LIS20", "1 tab PO daily"),
				fixture(t, "o-lishct", o, "SCD:LISHCT", "1 tab PO daily"),
			},
			rows: []wantRow{
				{After: "o-lis", Kinds: kinds(medrec.KindAddition), Intent: unclear},
				{After: "o-lishct", Kinds: kinds(medrec.KindAddition), Intent: unclear},
			},
			problems: []medrec.ListProblem{{Side: medrec.SideAfter, Kind: medrec.KindDuplication, A: "o-lis", B: "o-lishct"}},
		},
		{
			name: "two statins in the history",
			rule: "two taken drugs of one class on the history are a therapeutic duplication problem of that list",
			before: []medrec.Medication{
				fixture(t, "h-sim", h, "SCD:SIM40", "1 tab PO nightly"),
				fixture(t, "h-atv", h, "SCD:ATV20", "1 tab PO nightly"),
			},
			rows: []wantRow{
				{Before: "h-atv", Kinds: kinds(medrec.KindOmission), Intent: unclear},
				{Before: "h-sim", Kinds: kinds(medrec.KindOmission), Intent: unclear},
			},
			problems: []medrec.ListProblem{{Side: medrec.SideBefore, Kind: medrec.KindTherapeuticDuplication, A: "h-atv", B: "h-sim"}},
		},
		{
			name:   "incomplete order",
			rule:   "an order with no dose and no route needs clarification even when it pairs",
			before: []medrec.Medication{fixture(t, "h-atv", h, "SCD:ATV20", "1 tab PO nightly")},
			after:  []medrec.Medication{fixture(t, "o-atv", o, "SCD:ATV20", "nightly")},
			rows:   []wantRow{{Before: "h-atv", After: "o-atv", Match: medrec.MatchCode, Kinds: kinds(medrec.KindIncomplete), Intent: unclear}},
		},
		{
			name:  "incomplete new order",
			rule:  "a new order without a route is an addition and incomplete",
			after: []medrec.Medication{fixture(t, "o-atv", o, "SCD:ATV20", "1 tab nightly")},
			rows:  []wantRow{{After: "o-atv", Kinds: kinds(medrec.KindAddition, medrec.KindIncomplete), Intent: unclear}},
		},
		{
			name:   "statements are never incomplete orders",
			rule:   "only orders are checked for completeness (post-discharge: the after side is a statement)",
			before: []medrec.Medication{fixture(t, "h-atv", medrec.SourceDischargeOrder, "SCD:ATV20", "1 tab PO nightly")},
			after:  []medrec.Medication{fixture(t, "o-atv", h, "SCD:ATV20", "nightly")},
			rows:   []wantRow{{Before: "h-atv", After: "o-atv", Match: medrec.MatchCode}},
		},
		{
			name:   "uncoded: names with one key",
			rule:   "uncoded entries pair when their names have the same Key",
			before: []medrec.Medication{uncoded(t, "h-asa", h, "Aspirin 81mg", "1 tab PO daily")},
			after:  []medrec.Medication{uncoded(t, "o-asa", o, "aspirin  81MG", "1 tab PO daily")},
			rows:   []wantRow{{Before: "h-asa", After: "o-asa", Match: medrec.MatchName}},
		},
		{
			name:   "uncoded: different names",
			rule:   "uncoded entries of different names never pair",
			before: []medrec.Medication{uncoded(t, "h-asa", h, "Aspirin 81mg", "1 tab PO daily")},
			after:  []medrec.Medication{uncoded(t, "o-apap", o, "Tylenol 500mg", "1 tab PO daily")},
			rows: []wantRow{
				{Before: "h-asa", Kinds: kinds(medrec.KindOmission), Intent: unclear},
				{After: "o-apap", Kinds: kinds(medrec.KindAddition), Intent: unclear},
			},
		},
		{
			name:   "uncoded against coded",
			rule:   "an uncoded name is not matched to a resolved product, even one of the same name",
			before: []medrec.Medication{uncoded(t, "h-asa", h, "aspirin 81 MG Delayed Release Oral Tablet", "1 tab PO daily")},
			after:  []medrec.Medication{fixture(t, "o-asa", o, "SCD:ASA81", "1 tab PO daily")},
			rows: []wantRow{
				{Before: "h-asa", Kinds: kinds(medrec.KindOmission), Intent: unclear},
				{After: "o-asa", Kinds: kinds(medrec.KindAddition), Intent: unclear},
			},
		},
		{
			name:   "unknown code never guessed",
			rule:   "a code the terminology does not know pairs with nothing but its own code",
			before: []medrec.Medication{fixture(t, "h-x", h, "SCD:ATV99", "1 tab PO nightly")},
			after:  []medrec.Medication{fixture(t, "o-atv", o, "SCD:ATV20", "1 tab PO nightly")},
			rows: []wantRow{
				{Before: "h-x", Kinds: kinds(medrec.KindOmission), Intent: unclear},
				{After: "o-atv", Kinds: kinds(medrec.KindAddition), Intent: unclear},
			},
		},
		{
			name:   "unknown code on both sides",
			rule:   "the same unknown code is the same product",
			before: []medrec.Medication{fixture(t, "h-x", h, "SCD:ATV99", "1 tab PO nightly")},
			after:  []medrec.Medication{fixture(t, "o-x", o, "SCD:ATV99", "1 tab PO nightly")},
			rows:   []wantRow{{Before: "h-x", After: "o-x", Match: medrec.MatchCode}},
		},
		{
			name: "different unknown codes of one name",
			rule: "two coded entries never pair by name",
			before: []medrec.Medication{with(fixture(t, "h-x", h, "SCD:XYZ1", "1 tab PO daily"),
				func(m *medrec.Medication) { m.Drug.Name = "Mystery 5 mg" })},
			after: []medrec.Medication{with(fixture(t, "o-x", o, "SCD:XYZ2", "1 tab PO daily"),
				func(m *medrec.Medication) { m.Drug.Name = "Mystery 5 mg" })},
			rows: []wantRow{
				{Before: "h-x", Kinds: kinds(medrec.KindOmission), Intent: unclear},
				{After: "o-x", Kinds: kinds(medrec.KindAddition), Intent: unclear},
			},
		},
		{
			name: "not current: stopped, completed, entered in error",
			rule: "entries that are not current take no part and are listed as ignored; a re-ordered stopped drug is an addition",
			before: []medrec.Medication{
				with(fixture(t, "h-atv", h, "SCD:ATV20", "1 tab PO nightly"), status(medrec.StatusStopped)),
				with(fixture(t, "h-ctx", h, "SCD:CTX1G", "1 g IV q24h"), status(medrec.StatusCompleted)),
				with(fixture(t, "h-met", h, "SCD:MET500", "1 tab PO BID"), status(medrec.StatusEnteredInError)),
			},
			after: []medrec.Medication{
				fixture(t, "o-atv", o, "SCD:ATV20", "1 tab PO nightly"),
				with(fixture(t, "o-ome", o, "SCD:OME20", "1 cap PO daily"), status(medrec.StatusEnteredInError)),
			},
			rows:    []wantRow{{After: "o-atv", Kinds: kinds(medrec.KindAddition), Intent: unclear}},
			ignored: []string{"h-atv", "h-ctx", "h-met", "o-ome"},
		},
		{
			name: "on hold and not taken are still compared",
			rule: "a held drug and one the patient does not take are current: they pair, or are omissions",
			before: []medrec.Medication{
				with(fixture(t, "h-atv", h, "SCD:ATV20", "1 tab PO nightly"), status(medrec.StatusOnHold)),
				with(fixture(t, "h-met", h, "SCD:MET500", "1 tab PO BID"), status(medrec.StatusNotTaken)),
			},
			after: []medrec.Medication{fixture(t, "o-atv", o, "SCD:ATV20", "1 tab PO nightly")},
			rows: []wantRow{
				{Before: "h-atv", After: "o-atv", Match: medrec.MatchCode},
				{Before: "h-met", Kinds: kinds(medrec.KindOmission), Intent: unclear},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := medrec.Compare(tt.before, tt.after)
			if diff := cmp.Diff(tt.rows, summarize(got), compareOpts); diff != "" {
				t.Errorf("Compare rows mismatch (-want +got); rule: %s\n%s", tt.rule, diff)
			}
			if diff := cmp.Diff(tt.problems, got.Problems, compareOpts); diff != "" {
				t.Errorf("Compare problems mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.ignored, got.Ignored, compareOpts); diff != "" {
				t.Errorf("Compare ignored mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCompareCounts pins how information-only notes count: a brand/generic row and a
// strength row agree; a discrepancy with a documented reason needs no clarification.
func TestCompareCounts(t *testing.T) {
	h, o := medrec.SourcePatientReport, medrec.SourceDischargeOrder
	before := []medrec.Medication{
		fixture(t, "h-lip", h, "SBD:LIP20", "1 tab PO nightly"),
		fixture(t, "h-lis", h, "SCD:LIS10", "2 tab PO daily"),
		fixture(t, "h-ome", h, "SCD:OME20", "1 cap PO daily"),
	}
	after := []medrec.Medication{
		fixture(t, "o-atv", o, "SCD:ATV20", "1 tab PO nightly"),
		fixture(t, "o-lis", o, "SCD:LIS20", "1 tab PO daily"),
		with(fixture(t, "o-pan", o, "SCD:PAN40", "1 tab PO daily"), reason("formulary")),
	}
	got := medrec.Compare(before, after).Counts()
	want := medrec.Counts{Rows: 3, Discrepant: 1, Clarification: 0, Agreeing: 2,
		ByKind: map[medrec.Kind]int{medrec.KindSubstitution: 1}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Counts() mismatch (-want +got):\n%s", diff)
	}
}

// TestCompareDiscrepancyFields pins the full Discrepancy values of a few rows: severity
// defaults and the intent of information-only notes (none).
func TestCompareDiscrepancyFields(t *testing.T) {
	h, o := medrec.SourcePatientReport, medrec.SourceDischargeOrder
	before := []medrec.Medication{
		fixture(t, "h-lip", h, "SBD:LIP20", "1 tab PO nightly"),
		fixture(t, "h-zes", h, "SBD:ZES10", "2 tab PO daily"),
		fixture(t, "h-met", h, "SCD:MET500", "1 tab PO BID"),
	}
	after := []medrec.Medication{
		with(fixture(t, "o-atv", o, "SCD:ATV20", "1 tab PO nightly"), reason("formulary")),
		with(fixture(t, "o-lis", o, "SCD:LIS20", "1 tab PO daily"), reason("formulary")),
		fixture(t, "o-ome", o, "SCD:OME20", "1 cap PO daily"),
		fixture(t, "o-pan", o, "SCD:PAN40", "1 tab PO daily"),
	}
	info := func(k medrec.Kind) medrec.Discrepancy {
		return medrec.Discrepancy{Kind: k, Severity: medrec.SeverityInfo}
	}
	want := []medrec.Row{
		{Before: "h-lip", After: "o-atv", Match: medrec.MatchProduct, Discrepancies: []medrec.Discrepancy{info(medrec.KindBrandGeneric)}},
		{Before: "h-met", Discrepancies: []medrec.Discrepancy{{Kind: medrec.KindOmission, Severity: medrec.SeverityHigh, Intent: medrec.IntentUnclear}}},
		{Before: "h-zes", After: "o-lis", Match: medrec.MatchIngredients,
			Discrepancies: []medrec.Discrepancy{info(medrec.KindStrength), info(medrec.KindBrandGeneric)}},
		{After: "o-ome", Discrepancies: []medrec.Discrepancy{
			{Kind: medrec.KindTherapeuticDuplication, Severity: medrec.SeverityHigh, Intent: medrec.IntentUnclear, With: "o-pan"}}},
		{After: "o-pan", Discrepancies: []medrec.Discrepancy{
			{Kind: medrec.KindTherapeuticDuplication, Severity: medrec.SeverityHigh, Intent: medrec.IntentUnclear, With: "o-ome"}}},
	}
	got := medrec.Compare(before, after)
	if diff := cmp.Diff(want, got.Rows, compareOpts); diff != "" {
		t.Errorf("Compare rows mismatch (-want +got):\n%s", diff)
	}
	for _, r := range got.Rows[:1] {
		if r.NeedsClarification() {
			t.Errorf("row %s: NeedsClarification() = true for a brand/generic note", r.Key())
		}
	}
}

// customTable is a terminology with the products the fixture table lacks: combination products
// in two strengths and an oral suspension in two concentrations.
func customTable(t testing.TB) *medrec.Table {
	t.Helper()
	code := func(c string) carecoord.Coding { return carecoord.Coding{System: medrec.SystemFixtureDrug, Code: c} }
	in := func(name, strength, unit string) medrec.Ingredient {
		return medrec.Ingredient{Name: name, Strength: decimal.RequireFromString(strength), Unit: unit}
	}
	tab, err := medrec.NewTable([]medrec.Product{
		{Code: code("SCD:LH10"), TTY: "SCD", Name: "lisinopril 10 MG / hydrochlorothiazide 12.5 MG Oral Tablet", DoseForm: "Oral Tablet",
			Class: "ACEI", Ingredients: []medrec.Ingredient{in("lisinopril", "10", "mg"), in("hydrochlorothiazide", "12.5", "mg")}},
		{Code: code("SCD:LH20"), TTY: "SCD", Name: "lisinopril 20 MG / hydrochlorothiazide 25 MG Oral Tablet", DoseForm: "Oral Tablet",
			Class: "ACEI", Ingredients: []medrec.Ingredient{in("hydrochlorothiazide", "25", "mg"), in("lisinopril", "20", "mg")}},
		{Code: code("SCD:AMX250"), TTY: "SCD", Name: "amoxicillin 250 MG per 5 ML Oral Suspension", DoseForm: "Oral Suspension",
			Class: "PENICILLIN", Ingredients: []medrec.Ingredient{in("amoxicillin", "50", "mg/mL")}},
		{Code: code("SCD:AMX400"), TTY: "SCD", Name: "amoxicillin 400 MG per 5 ML Oral Suspension", DoseForm: "Oral Suspension",
			Class: "PENICILLIN", Ingredients: []medrec.Ingredient{in("amoxicillin", "80", "mg/mL")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// TestCompareDoseAcrossStrengths covers the dose rule beyond the fixture table: combination
// products in another strength, and liquids whose volume stays while the concentration
// changes (a classic paediatric error).
func TestCompareDoseAcrossStrengths(t *testing.T) {
	tab := customTable(t)
	entry := func(id string, src medrec.Source, code, sig string) medrec.Medication {
		m := with(fixture(t, id, src, "SCD:ASA81", sig), func(m *medrec.Medication) {
			m.Drug = medrec.Drug{Code: carecoord.Coding{System: medrec.SystemFixtureDrug, Code: code}, Name: code}
		})
		r, err := medrec.Resolve(t.Context(), tab, m)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	h, o := medrec.SourcePatientReport, medrec.SourceDischargeOrder
	tests := []struct {
		name          string
		before, after medrec.Medication
		want          []medrec.Kind
	}{
		{"combination 10/12.5 to 20/25, one tablet each", entry("h", h, "SCD:LH10", "1 tab PO daily"), entry("o", o, "SCD:LH20", "1 tab PO daily"),
			kinds(medrec.KindDose)},
		{"combination: two 10/12.5 tablets are one 20/25", entry("h", h, "SCD:LH10", "2 tab PO daily"), entry("o", o, "SCD:LH20", "1 tab PO daily"),
			kinds(medrec.KindStrength)},
		{"suspension: 5 mL of 250/5 to 5 mL of 400/5", entry("h", h, "SCD:AMX250", "5 mL PO TID"), entry("o", o, "SCD:AMX400", "5 mL PO TID"),
			kinds(medrec.KindDose)},
		{"suspension: 8 mL of 250/5 is 5 mL of 400/5", entry("h", h, "SCD:AMX250", "8 mL PO TID"), entry("o", o, "SCD:AMX400", "5 mL PO TID"),
			kinds(medrec.KindStrength)},
		{"suspension: 400 mg stated as a mass", entry("h", h, "SCD:AMX250", "400 mg PO TID"), entry("o", o, "SCD:AMX400", "5 mL PO TID"),
			kinds(medrec.KindStrength)},
		{"insulin: 10 units is 0.1 mL of 100 units/mL", fixture(t, "h", h, "SCD:GLA100", "10 units subcut at bedtime"),
			fixture(t, "o", o, "SCD:GLA100", "0.1 mL subcut at bedtime"), nil},
		{"insulin: 10 units to 0.2 mL of 100 units/mL", fixture(t, "h", h, "SCD:GLA100", "10 units subcut at bedtime"),
			fixture(t, "o", o, "SCD:GLA100", "0.2 mL subcut at bedtime"), kinds(medrec.KindDose)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := medrec.Compare([]medrec.Medication{tt.before}, []medrec.Medication{tt.after})
			if len(c.Rows) != 1 || c.Rows[0].Before != "h" || c.Rows[0].After != "o" {
				t.Fatalf("Compare rows = %+v, want one row h>o", c.Rows)
			}
			var got []medrec.Kind
			for _, d := range c.Rows[0].Discrepancies {
				got = append(got, d.Kind)
			}
			if diff := cmp.Diff(tt.want, got, compareOpts); diff != "" {
				t.Errorf("kinds mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCompareDoesNotModify checks that Compare leaves its inputs as they were.
func TestCompareDoesNotModify(t *testing.T) {
	bpmh, orders := specLists(t)
	wantB, wantA := cloneList(bpmh), cloneList(orders)
	medrec.Compare(bpmh, orders)
	if diff := cmp.Diff(wantB, bpmh); diff != "" {
		t.Errorf("Compare modified before (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantA, orders); diff != "" {
		t.Errorf("Compare modified after (-want +got):\n%s", diff)
	}
}

func cloneList(list []medrec.Medication) []medrec.Medication {
	out := make([]medrec.Medication, len(list))
	for i, m := range list {
		out[i] = m.Clone()
	}
	return out
}

// TestKindSeverity pins the default triage order.
func TestKindSeverity(t *testing.T) {
	got := map[medrec.Kind]medrec.Severity{}
	for _, k := range medrec.Kinds() {
		if !k.IsValid() {
			t.Errorf("Kinds() lists %q, which IsValid rejects", k)
		}
		got[k] = k.Severity()
	}
	want := map[medrec.Kind]medrec.Severity{
		medrec.KindOmission: medrec.SeverityHigh, medrec.KindDose: medrec.SeverityHigh,
		medrec.KindDuplication: medrec.SeverityHigh, medrec.KindTherapeuticDuplication: medrec.SeverityHigh,
		medrec.KindAddition: medrec.SeverityModerate, medrec.KindFrequency: medrec.SeverityModerate,
		medrec.KindRoute: medrec.SeverityModerate, medrec.KindFormulation: medrec.SeverityModerate,
		medrec.KindSubstitution: medrec.SeverityModerate, medrec.KindIncomplete: medrec.SeverityModerate,
		medrec.KindBrandGeneric: medrec.SeverityInfo, medrec.KindStrength: medrec.SeverityInfo,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("severities mismatch (-want +got):\n%s", diff)
	}
	if medrec.Kind("").IsValid() {
		t.Error(`Kind("").IsValid() = true`)
	}
}
