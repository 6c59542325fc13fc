package medrec_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/medrec"
	"github.com/carecoord/carecoord/medrec/dosage"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

// genSigs are the directions the generators draw from: schedules that are and are not
// equivalent, as needed, other routes, doses in mass, units and tablets, incomplete
// directions, and none at all ("").
func genSigs() []string {
	return []string{"1 tab PO daily", "1 tab PO BID", "1 tab PO q12h", "2 tab PO daily", "1 tab PO nightly",
		"1 tab PO at bedtime", "1 cap PO daily", "1 cap PO daily PRN heartburn", "1 tab PO q6h PRN pain", "40 mg PO daily",
		"40 mg IV daily", "1 g IV q24h", "1000 mg IV q24h", "10 units subcut at bedtime", "20 mg PO daily", "0.5 tab PO daily",
		"nightly", "1 tab daily", "1 tab PO", ""}
}

// genNames are names of uncoded entries: some with one key ("Fish oil", "FISH  OIL",
// full-width "Ｆｉｓｈ ｏｉｌ"), some not.
func genNames() []string {
	return []string{"Fish oil", "FISH  OIL", "Ｆｉｓｈ ｏｉｌ", "Vitamin D3 1000 units", "vitamin d3 1000 UNITS", "Aspirin 81mg",
		"Tylenol 500 mg", "Café Noir Tea"}
}

// genMedication draws one entry with this id: a product of the fixture table (resolved), a
// code the table does not know, or an uncoded name; from any source, in any status, with
// directions from genSigs and sometimes a documented reason.
func genMedication(id string) *rapid.Generator[medrec.Medication] {
	return rapid.Custom(func(t *rapid.T) medrec.Medication {
		m := medrec.Medication{
			ID:     id,
			Source: rapid.SampledFrom(medrec.Sources()).Draw(t, "source"),
			Status: rapid.SampledFrom(medrec.Statuses()).Draw(t, "status"),
		}
		switch rapid.IntRange(0, 9).Draw(t, "coding") {
		case 0:
			m.Drug.Name = rapid.SampledFrom(genNames()).Draw(t, "name")
		case 1:
			code := rapid.SampledFrom([]string{"SCD:ATV99", "SCD:XYZ1"}).Draw(t, "unknown")
			m.Drug = medrec.Drug{Code: fixtureCoding(code), Name: "Unknown tablet"}
		default:
			code := rapid.SampledFrom(fixtureCodes()).Draw(t, "code")
			m.Drug = medrec.Drug{Code: fixtureCoding(code), Name: code}
		}
		if m.Sig = rapid.SampledFrom(genSigs()).Draw(t, "sig"); m.Sig != "" {
			d, err := dosage.Parse(m.Sig)
			if err != nil {
				t.Fatalf("sig %q: %v", m.Sig, err)
			}
			m.Dosage = d
		}
		if rapid.IntRange(0, 4).Draw(t, "reason") == 0 {
			m.Reason = "documented"
		}
		r, err := medrec.Resolve(t.Context(), medrec.FixtureTable(), m)
		if err != nil {
			t.Fatal(err)
		}
		return r
	})
}

// genList draws a list of up to max entries with ids prefix0, prefix1, …
func genList(t *rapid.T, prefix string, max int) []medrec.Medication {
	n := rapid.IntRange(0, max).Draw(t, prefix+"-len")
	list := make([]medrec.Medication, n)
	for i := range list {
		list[i] = genMedication(fmt.Sprintf("%s%d", prefix, i)).Draw(t, fmt.Sprintf("%s%d", prefix, i))
	}
	return list
}

// incompleteOrder is the rule of an incomplete order, written from Compare's documentation: an
// order without a dose, a route, or a timing (as needed counting as one).
func incompleteOrder(m medrec.Medication) bool {
	d := m.Dosage
	return m.Source.IsOrder() && (d.Dose.IsZero() || d.Route == "" || d.Timing.IsZero() && !d.AsNeeded)
}

// TestPropertyCompareSelf: a list compared with itself pairs every current entry with itself,
// by code or by name, and finds no discrepancy beyond information, except that an incomplete
// order is still incomplete. Duplications within the list are reported on both sides alike.
func TestPropertyCompareSelf(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		list := genList(t, "m", 12)
		c := medrec.Compare(list, list)
		byID := map[string]medrec.Medication{}
		current := 0
		for _, m := range list {
			byID[m.ID] = m
			if m.Status.IsCurrent() {
				current++
			}
		}
		if len(c.Rows) != current {
			t.Fatalf("%d rows for %d current entries", len(c.Rows), current)
		}
		for _, r := range c.Rows {
			if r.Before != r.After || (r.Match != medrec.MatchCode && r.Match != medrec.MatchName) {
				t.Fatalf("row %s matched %q: not the entry with itself", r.Key(), r.Match)
			}
			var got []medrec.Kind
			for _, d := range r.Discrepancies {
				if d.Severity != medrec.SeverityInfo {
					got = append(got, d.Kind)
				}
			}
			var want []medrec.Kind
			if incompleteOrder(byID[r.Before]) {
				want = kinds(medrec.KindIncomplete)
			}
			if diff := cmp.Diff(want, got, compareOpts); diff != "" {
				t.Fatalf("row %s discrepancies mismatch (-want +got):\n%s", r.Key(), diff)
			}
		}
		var before, after []medrec.ListProblem
		for _, p := range c.Problems {
			q := p
			q.Side = ""
			if p.Side == medrec.SideBefore {
				before = append(before, q)
			} else {
				after = append(after, q)
			}
		}
		if diff := cmp.Diff(before, after, compareOpts); diff != "" {
			t.Fatalf("problems of the two sides differ (-before +after):\n%s", diff)
		}
	})
}

func shareAny(a, b []string) bool {
	return slices.ContainsFunc(a, func(k string) bool { return slices.Contains(b, k) })
}

// baseKeys returns the keys of an entry's ingredients, sorted.
func baseKeys(m medrec.Medication) []string {
	var ks []string
	for _, in := range m.Drug.Ingredients {
		ks = append(ks, medrec.Key(in.Name))
	}
	slices.Sort(ks)
	return ks
}

// TestPropertyCompareSwap: swapping the lists swaps the pairs and the unpaired entries.
// Precisely, with ids unique across A and B:
//
//   - a row (x, y) of Compare(A, B) is a row (y, x) of Compare(B, A), at the same match level;
//   - an entry of A alone on its row in Compare(A, B) is alone in Compare(B, A), and the other
//     way round: what is an omission one way is unpaired the other way;
//   - the kind changes with the side. A history entry alone is an omission. An order alone is
//     an addition, except that it is a therapeutic duplication when it is taken, has a class,
//     and another taken entry of that list has the class and no ingredient in common (so an
//     omission x of Compare(A, B) is a therapeutic duplication in Compare(B, A) exactly then,
//     whatever B holds).
func TestPropertyCompareSwap(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genList(t, "a", 10), genList(t, "b", 10)
		ab, ba := medrec.Compare(a, b), medrec.Compare(b, a)
		type pair struct {
			X, Y  string
			Match medrec.MatchLevel
		}
		pairs := func(c medrec.Comparison, swap bool) (ps []pair, alone map[string]medrec.Kind) {
			alone = map[string]medrec.Kind{}
			for _, r := range c.Rows {
				d, _ := r.Discrepancy()
				switch {
				case r.After == "":
					alone[r.Before] = d.Kind
				case r.Before == "":
					alone[r.After] = d.Kind
				case swap:
					ps = append(ps, pair{r.After, r.Before, r.Match})
				default:
					ps = append(ps, pair{r.Before, r.After, r.Match})
				}
			}
			slices.SortFunc(ps, func(p, q pair) int { return strings.Compare(p.X+">"+p.Y, q.X+">"+q.Y) })
			return ps, alone
		}
		abPairs, abAlone := pairs(ab, false)
		baPairs, baAlone := pairs(ba, true)
		if diff := cmp.Diff(abPairs, baPairs, compareOpts); diff != "" {
			t.Fatalf("pairs of Compare(A, B) and swapped pairs of Compare(B, A) differ (-AB +BA):\n%s", diff)
		}
		byID := map[string]medrec.Medication{}
		for _, m := range slices.Concat(a, b) {
			byID[m.ID] = m
		}
		// An order alone is a therapeutic duplication when it is taken, has a class, and another
		// taken entry of its list has that class and no ingredient in common; else an addition.
		aloneOrder := func(x medrec.Medication, orders []medrec.Medication) medrec.Kind {
			if x.Status.IsTaken() && x.Drug.Class != "" {
				for _, y := range orders {
					if y.ID != x.ID && y.Status.IsTaken() && y.Drug.Class == x.Drug.Class && !shareAny(baseKeys(x), baseKeys(y)) {
						return medrec.KindTherapeuticDuplication
					}
				}
			}
			return medrec.KindAddition
		}
		if len(abAlone) != len(baAlone) {
			t.Fatalf("%d entries alone in Compare(A, B), %d in Compare(B, A)", len(abAlone), len(baAlone))
		}
		for id, k1 := range abAlone {
			k2, ok := baAlone[id]
			if !ok {
				t.Fatalf("%s is alone in Compare(A, B) but paired in Compare(B, A)", id)
			}
			x := byID[id]
			w1, w2 := medrec.KindOmission, aloneOrder(x, a) // x of A: history in AB, order in BA
			if strings.HasPrefix(id, "b") {
				w1, w2 = aloneOrder(x, b), medrec.KindOmission
			}
			if k1 != w1 || k2 != w2 {
				t.Fatalf("%s alone: %s in Compare(A, B), %s in Compare(B, A); want %s, %s", id, k1, k2, w1, w2)
			}
		}
	})
}

// TestPropertyCompareOrder: the comparison does not depend on the order of either list, nor
// does Collapse's grouping (only the order of its result does), so neither does
// Reconciliation.Compare.
func TestPropertyCompareOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genList(t, "a", 10), genList(t, "b", 10)
		pa := rapid.Permutation(a).Draw(t, "permuted a")
		pb := rapid.Permutation(b).Draw(t, "permuted b")
		if diff := cmp.Diff(medrec.Compare(a, b), medrec.Compare(pa, pb)); diff != "" {
			t.Fatalf("Compare of permuted lists mismatch (-want +got):\n%s", diff)
		}
		byID := func(list []medrec.Medication) []medrec.Medication {
			return slices.SortedFunc(slices.Values(list), func(x, y medrec.Medication) int { return strings.Compare(x.ID, y.ID) })
		}
		if diff := cmp.Diff(byID(medrec.Collapse(a)), byID(medrec.Collapse(pa))); diff != "" {
			t.Fatalf("Collapse of a permuted list mismatch (-want +got):\n%s", diff)
		}
		r := medrec.Reconciliation{Before: a, After: b}
		p := medrec.Reconciliation{Before: pa, After: pb}
		if diff := cmp.Diff(r.Compare(), p.Compare()); diff != "" {
			t.Fatalf("Reconciliation.Compare of permuted lists mismatch (-want +got):\n%s", diff)
		}
	})
}

// TestPropertyCompareDoesNotModify: Compare and Collapse leave their inputs as they were.
func TestPropertyCompareDoesNotModify(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genList(t, "a", 10), genList(t, "b", 10)
		ca, cb := cloneList(a), cloneList(b)
		medrec.Compare(a, b)
		medrec.Collapse(a)
		(medrec.Reconciliation{Before: a, After: b}).Compare()
		if diff := cmp.Diff(ca, a); diff != "" {
			t.Fatalf("input a modified (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(cb, b); diff != "" {
			t.Fatalf("input b modified (-want +got):\n%s", diff)
		}
	})
}

// TestPropertyCollapse: Collapse keeps every current entry's record (in provenance or as
// itself), never merges entries of different products, and is idempotent.
func TestPropertyCollapse(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		list := genList(t, "m", 12)
		got := medrec.Collapse(list)
		seen := map[string]int{}
		for _, m := range got {
			if len(m.Provenance) == 0 {
				seen[m.ID]++
				continue
			}
			for _, p := range m.Provenance {
				seen[p.ID]++
			}
		}
		for _, m := range list {
			if seen[m.ID] != 1 {
				t.Fatalf("entry %s is in %d results", m.ID, seen[m.ID])
			}
		}
		if len(seen) != len(list) {
			t.Fatalf("results stand for %d entries, the list has %d", len(seen), len(list))
		}
		byID := map[string]medrec.Medication{}
		for _, m := range list {
			byID[m.ID] = m
		}
		for _, m := range got {
			for _, p := range m.Provenance {
				if x := byID[p.ID]; generic(x) != generic(m) || generic(m) == (carecoord.Coding{}) && medrec.Key(x.Drug.Name) != medrec.Key(m.Drug.Name) {
					t.Fatalf("%s (%v %q) merged into %s (%v %q)", p.ID, generic(x), x.Drug.Name, m.ID, generic(m), m.Drug.Name)
				}
			}
		}
		if diff := cmp.Diff(got, medrec.Collapse(got)); diff != "" {
			t.Fatalf("Collapse(Collapse(l)) != Collapse(l) (-want +got):\n%s", diff)
		}
	})
}

// generic is an entry's generic product code (its own for a generic), without display.
func generic(m medrec.Medication) carecoord.Coding {
	c := m.Drug.Code
	if !m.Drug.Generic.IsZero() {
		c = m.Drug.Generic
	}
	return carecoord.Coding{System: c.System, Code: c.Code}
}

// A reused Comparer gives exactly Compare's result, call after call, and its results share
// nothing with each other.
func TestPropertyComparerAgrees(t *testing.T) {
	var c medrec.Comparer
	var prev medrec.Comparison
	rapid.Check(t, func(t *rapid.T) {
		before, after := genList(t, "b", 12), genList(t, "a", 12)
		want := medrec.Compare(before, after)
		kept := prev
		var keptCopy medrec.Comparison
		for _, r := range kept.Rows {
			r.Discrepancies = slices.Clone(r.Discrepancies)
			keptCopy.Rows = append(keptCopy.Rows, r)
		}
		got := c.Compare(before, after)
		if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("Comparer.Compare differs from Compare (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(keptCopy.Rows, kept.Rows, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("a later call changed an earlier result (-before +after):\n%s", diff)
		}
		prev = got
	})
}
