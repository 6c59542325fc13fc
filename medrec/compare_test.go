package medrec_test

import (
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/medrec"
	"github.com/carecoord/carecoord/medrec/dosage"
	"github.com/google/go-cmp/cmp"
)

// fixture returns an entry of the fixture table with this id, source and sig, resolved.
func fixture(t testing.TB, id string, src medrec.Source, code, sig string) medrec.Medication {
	t.Helper()
	d, err := dosage.Parse(sig)
	if err != nil {
		t.Fatalf("sig of %s: %v", id, err)
	}
	status := medrec.StatusActive
	if src.IsOrder() {
		status = medrec.StatusIntended
	}
	m := medrec.Medication{ID: id, Source: src, Drug: medrec.Drug{Code: carecoord.Coding{System: medrec.SystemFixtureDrug, Code: code}, Name: code},
		Sig: sig, Dosage: d, Status: status}
	r, err := medrec.Resolve(t.Context(), medrec.FixtureTable(), m)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The worked example of spec §7.6 (metrics-medrec.md): a BPMH of five home drugs against six
// discharge orders.
func specLists(t testing.TB) (bpmh, orders []medrec.Medication) {
	home, rx := medrec.SourcePatientReport, medrec.SourceDischargeOrder
	bpmh = []medrec.Medication{
		fixture(t, "h-zes", home, "SBD:ZES10", "1 tab PO daily"),
		fixture(t, "h-lip", home, "SBD:LIP20", "1 tab PO nightly"),
		fixture(t, "h-mtt", home, "SCD:MTT50", "1 tab PO BID"),
		fixture(t, "h-ome", home, "SCD:OME20", "1 cap PO daily"),
		fixture(t, "h-met", home, "SCD:MET500", "1 tab PO BID"),
	}
	orders = []medrec.Medication{
		fixture(t, "o-lis", rx, "SCD:LIS20", "1 tab PO daily"),
		fixture(t, "o-atv", rx, "SCD:ATV20", "1 tab PO nightly"),
		fixture(t, "o-mts", rx, "SCD:MTS50", "1 tab PO daily"),
		fixture(t, "o-ome", rx, "SCD:OME20", "1 cap PO daily"),
		fixture(t, "o-pan", rx, "SCD:PAN40", "1 tab PO daily"),
		fixture(t, "o-ctx", rx, "SCD:CTX1G", "1 g IV q24h"),
	}
	orders[5].Reason = "pneumonia" // documented
	return bpmh, orders
}

func TestCompareSpecVector(t *testing.T) {
	bpmh, orders := specLists(t)
	got := medrec.Compare(bpmh, orders)

	type row struct {
		Before, After string
		Match         medrec.MatchLevel
		Kinds         []medrec.Kind
		Intent        medrec.Intent
	}
	var rows []row
	for _, r := range got.Rows {
		x := row{Before: r.Before, After: r.After, Match: r.Match}
		for _, d := range r.Discrepancies {
			x.Kinds = append(x.Kinds, d.Kind)
		}
		if d, ok := r.Discrepancy(); ok {
			x.Intent = d.Intent
		}
		rows = append(rows, x)
	}
	want := []row{
		{"h-lip", "o-atv", medrec.MatchProduct, []medrec.Kind{medrec.KindBrandGeneric}, ""},                                            // brand → generic: no discrepancy
		{"h-met", "", "", []medrec.Kind{medrec.KindOmission}, medrec.IntentUnclear},                                                    // unintentional until clarified
		{"h-mtt", "o-mts", medrec.MatchIngredients, []medrec.Kind{medrec.KindFormulation, medrec.KindFrequency}, medrec.IntentUnclear}, // tartrate BID → succinate daily
		{"h-ome", "o-ome", medrec.MatchCode, nil, ""},
		{"h-zes", "o-lis", medrec.MatchIngredients, []medrec.Kind{medrec.KindDose, medrec.KindBrandGeneric}, medrec.IntentUnclear}, // 10 → 20 mg
		{"", "o-ctx", "", []medrec.Kind{medrec.KindAddition}, medrec.IntentDocumented},                                             // reason recorded
		{"", "o-pan", "", []medrec.Kind{medrec.KindTherapeuticDuplication}, medrec.IntentUnclear},                                  // PPI + PPI
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	// Spec §7.6's counts: 7 rows; 5 discrepancies (dose, formulation, therapeutic duplication,
	// omission, addition, one each); 4 requiring clarification; 2 without discrepancy.
	wantCounts := medrec.Counts{Rows: 7, Discrepant: 5, Clarification: 4, Agreeing: 2, ByKind: map[medrec.Kind]int{
		medrec.KindDose: 1, medrec.KindFormulation: 1, medrec.KindTherapeuticDuplication: 1, medrec.KindOmission: 1, medrec.KindAddition: 1}}
	if diff := cmp.Diff(wantCounts, got.Counts()); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	if len(got.Problems) != 0 {
		t.Errorf("problems = %+v, want none (the PPI duplication is on its row)", got.Problems)
	}
}
