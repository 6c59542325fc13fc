package medrec_test

import (
	"fmt"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/medrec"
	"github.com/carecoord/carecoord/medrec/dosage"
	"github.com/shopspring/decimal"
)

// benchTable is the fixture table with 40 more products (SCD:GEN00 … SCD:GEN39, each of its
// own class but for three pairs, and a branded SBD:BRN00 … for every fourth), so that a
// 40-item list can name 40 distinct drugs, as a real one does.
func benchTable(tb testing.TB) *medrec.Table {
	tb.Helper()
	var ps []medrec.Product
	for _, code := range fixtureCodes() {
		p, err := medrec.FixtureTable().Product(tb.Context(), fixtureCoding(code))
		if err != nil {
			tb.Fatal(err)
		}
		ps = append(ps, p)
	}
	for i := range 40 {
		name := fmt.Sprintf("drug%02d", i)
		p := medrec.Product{
			Code: fixtureCoding(fmt.Sprintf("SCD:GEN%02d", i)), TTY: "SCD", Name: name + " 10 MG Oral Tablet",
			Ingredients: []medrec.Ingredient{{Name: name, Strength: decimal.NewFromInt(10), Unit: "mg"}},
			DoseForm:    "Oral Tablet", Class: fmt.Sprintf("CLASS%02d", i),
		}
		if i%10 == 1 { // drug01 and drug00 are of one class, and so on
			p.Class = fmt.Sprintf("CLASS%02d", i-1)
		}
		ps = append(ps, p)
		if i%4 == 0 {
			b := p
			b.Code, b.TTY, b.Name, b.Brand, b.Generic = fixtureCoding(fmt.Sprintf("SBD:BRN%02d", i)), "SBD", "Brand"+name, "Brand"+name, p.Code
			ps = append(ps, b)
		}
	}
	t, err := medrec.NewTable(ps)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func fixtureCoding(code string) carecoord.Coding {
	return carecoord.Coding{System: medrec.SystemFixtureDrug, Code: code}
}

// fixtureCodes are the codes of medrec.FixtureTable.
func fixtureCodes() []string {
	return []string{"SCD:LIS10", "SCD:LIS20", "SBD:ZES10", "SCD:ATV20", "SBD:LIP20", "SCD:SIM40", "SCD:MTT50",
		"SCD:MTS50", "SCD:OME20", "SCD:PAN40", "SCD:MET500", "SCD:CTX1G", "SCD:HCT25", "SCD:LISHCT", "SCD:GLA100",
		"SCD:ASA81", "SCD:CLO75"}
}

// benchLists returns a realistic reconciliation of 40 history entries and 40 orders. The
// history: 34 distinct drugs reported by the patient (some by brand), 6 of them also filled
// by the pharmacy under the generic code (Collapse merges those), one uncoded. The orders:
// 30 of the home drugs (every fifth at another dose or frequency, brand → generic), 10 new
// ones from the fixture table.
func benchLists(tb testing.TB) (before, after []medrec.Medication) {
	tb.Helper()
	table := benchTable(tb)
	sigs := []string{"1 tab PO daily", "1 tab PO BID", "2 tab PO daily", "1 tab PO nightly", "1 tab PO q12h", "1 tab PO q6h PRN pain"}
	entry := func(id string, src medrec.Source, code, sig string, fill int) medrec.Medication {
		d, err := dosage.Parse(sig)
		if err != nil {
			tb.Fatal(err)
		}
		status := medrec.StatusActive
		if src.IsOrder() {
			status = medrec.StatusIntended
		}
		m := medrec.Medication{ID: id, Source: src, Drug: medrec.Drug{Name: code}, Sig: sig, Dosage: d, Status: status}
		if code != "" {
			m.Drug.Code = fixtureCoding(code)
		} else {
			m.Drug.Name = "Fish Oil  1000 MG capsule"
		}
		if fill > 0 {
			m.LastFill = civil.MustParse(fmt.Sprintf("2025-%02d-01", 1+fill%12))
		}
		r, err := medrec.Resolve(tb.Context(), table, m)
		if err != nil {
			tb.Fatal(err)
		}
		return r
	}
	home := func(i int) string { // the home drug i: a generated product, by brand for every fourth
		if i%4 == 0 {
			return fmt.Sprintf("SBD:BRN%02d", i)
		}
		return fmt.Sprintf("SCD:GEN%02d", i)
	}
	for i := range 33 {
		before = append(before, entry(fmt.Sprintf("h%02d", i), medrec.SourcePatientReport, home(i), sigs[i%4], 0))
	}
	before = append(before, entry("h-fish", medrec.SourcePatientReport, "", "1 cap PO daily", 0))
	for i := range 6 { // the pharmacy's fills of six of them, under the generic code
		before = append(before, entry(fmt.Sprintf("f%02d", i), medrec.SourcePharmacyFill, fmt.Sprintf("SCD:GEN%02d", 4*i), sigs[(4*i)%4], i+1))
	}
	for i := 3; i < 33; i++ { // 30 home drugs continued, every fifth changed
		sig := sigs[i%4]
		if i%5 == 0 {
			sig = sigs[(i+1)%6]
		}
		after = append(after, entry(fmt.Sprintf("o%02d", i), medrec.SourceDischargeOrder, fmt.Sprintf("SCD:GEN%02d", i), sig, 0))
	}
	for i, o := range []struct{ code, sig string }{ // ten new orders; two antiplatelets
		{"SCD:LIS20", "1 tab PO daily"}, {"SCD:ATV20", "1 tab PO nightly"}, {"SCD:MTS50", "1 tab PO daily"},
		{"SCD:OME20", "1 cap PO daily"}, {"SCD:MET500", "1 tab PO BID"}, {"SCD:CTX1G", "1 g IV q24h"},
		{"SCD:HCT25", "1 tab PO daily"}, {"SCD:GLA100", "10 units subcut at bedtime"}, {"SCD:ASA81", "1 tab PO daily"},
		{"SCD:CLO75", "1 tab PO daily"},
	} {
		after = append(after, entry(fmt.Sprintf("n%02d", i), medrec.SourceDischargeOrder, o.code, o.sig, 0))
	}
	if len(before) != 40 || len(after) != 40 {
		tb.Fatalf("lists of %d and %d entries, want 40 and 40", len(before), len(after))
	}
	return before, after
}

// BenchmarkReconcile40 compares two 40-item lists: Compare of lists already collapsed, and
// Reconciliation.Compare, which collapses each side first.
func BenchmarkReconcile40(b *testing.B) {
	before, after := benchLists(b)
	b.Run("Compare", func(b *testing.B) {
		cb, ca := medrec.Collapse(before), medrec.Collapse(after)
		b.ReportAllocs()
		for b.Loop() {
			medrec.Compare(cb, ca)
		}
	})
	b.Run("Comparer", func(b *testing.B) { // one Comparer reused, as population work would
		cb, ca := medrec.Collapse(before), medrec.Collapse(after)
		var c medrec.Comparer
		b.ReportAllocs()
		for b.Loop() {
			c.Compare(cb, ca)
		}
	})
	b.Run("CollapseCompare", func(b *testing.B) {
		r := medrec.Reconciliation{Before: before, After: after}
		b.ReportAllocs()
		for b.Loop() {
			r.Compare()
		}
	})
}

// TestCompareAllocations keeps Compare's allocations from growing with the lists: two lists
// that agree cost the same few slices whether they hold 10 or 40 drugs, and
// Reconciliation.Compare adds a few for collapsing each side. (Rows with discrepancies and
// problems add their slices' growth, and doses or timings not written alike their decimal
// arithmetic.)
func TestCompareAllocations(t *testing.T) {
	table := benchTable(t)
	lists := func(n int) (before, after []medrec.Medication) { // n drugs, no two of one class
		for i := range n + n/9 + 1 {
			if i%10 == 1 || len(before) == n {
				continue
			}
			for _, side := range []struct {
				list *[]medrec.Medication
				src  medrec.Source
			}{{&before, medrec.SourcePatientReport}, {&after, medrec.SourceDischargeOrder}} {
				m := fixture(t, fmt.Sprintf("%s%02d", side.src[:1], i), side.src, "SCD:ASA81", "1 tab PO BID")
				m.Drug = medrec.Drug{Code: fixtureCoding(fmt.Sprintf("SCD:GEN%02d", i)), Name: "x"}
				r, err := medrec.Resolve(t.Context(), table, m)
				if err != nil {
					t.Fatal(err)
				}
				*side.list = append(*side.list, r)
			}
		}
		return before, after
	}
	b10, a10 := lists(10)
	b40, a40 := lists(40)
	compare10 := testing.AllocsPerRun(20, func() { medrec.Compare(b10, a10) })
	compare40 := testing.AllocsPerRun(20, func() { medrec.Compare(b40, a40) })
	rec10 := testing.AllocsPerRun(20, func() { (medrec.Reconciliation{Before: b10, After: a10}).Compare() })
	rec40 := testing.AllocsPerRun(20, func() { (medrec.Reconciliation{Before: b40, After: a40}).Compare() })
	t.Logf("allocations: Compare %v (10 drugs), %v (40); Reconciliation.Compare %v, %v", compare10, compare40, rec10, rec40)
	if compare40 != compare10 || compare40 > 8 {
		t.Errorf("Compare: %v allocations for 10 drugs, %v for 40; want the same, at most 8", compare10, compare40)
	}
	if rec40 != rec10 || rec40 > compare40+8 {
		t.Errorf("Reconciliation.Compare: %v allocations for 10 drugs, %v for 40; want the same, at most %v", rec10, rec40, compare40+8)
	}
}
