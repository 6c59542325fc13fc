package medrec

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/carecoord/carecoord"
	gocmp "github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// This file checks the pairing and the list problems of compare, which sort hashes and skip
// entries already paired to stay fast, against a model written the slow, obvious way: every
// history entry against every order entry, level by level, in id order, with keys computed
// on the spot (the algorithm as first written).

type modelEntry struct {
	m               *Medication
	bases, precises []string
	pair            int
	level           MatchLevel
	comp, combo     bool
}

func modelPrepare(list []Medication) []modelEntry {
	var es []modelEntry
	for i := range list {
		m := &list[i]
		if !m.Status.IsCurrent() {
			continue
		}
		e := modelEntry{m: m, pair: -1}
		type in struct{ base, precise string }
		var ins []in
		for _, x := range m.Drug.Ingredients {
			ins = append(ins, in{Key(x.Name), Key(x.Precise)})
		}
		slices.SortStableFunc(ins, func(a, b in) int { return strings.Compare(a.base, b.base) })
		for _, x := range ins {
			e.bases, e.precises = append(e.bases, x.base), append(e.precises, x.precise)
		}
		es = append(es, e)
	}
	slices.SortFunc(es, func(a, b modelEntry) int { return strings.Compare(a.m.ID, b.m.ID) })
	return es
}

func modelCode(m *Medication) string {
	if m.Drug.Code.Code == "" {
		return ""
	}
	return m.Drug.Code.System + "|" + m.Drug.Code.Code
}

func modelProduct(m *Medication) string {
	if m.Drug.Generic.Code != "" {
		return m.Drug.Generic.System + "|" + m.Drug.Generic.Code
	}
	return modelCode(m)
}

func modelSubset(small, big []string) bool {
	if len(small) == 0 || len(small) >= len(big) {
		return false
	}
	for _, k := range small {
		if !slices.Contains(big, k) {
			return false
		}
	}
	return true
}

func modelMatches(level MatchLevel, b, a *modelEntry) bool {
	switch level {
	case MatchCode:
		return modelCode(b.m) != "" && modelCode(b.m) == modelCode(a.m)
	case MatchProduct:
		if modelProduct(b.m) != "" && modelProduct(b.m) == modelProduct(a.m) {
			return true
		}
		if len(b.bases) == 0 || !slices.Equal(b.bases, a.bases) || !slices.Equal(b.precises, a.precises) ||
			b.m.Drug.DoseForm == "" || Key(b.m.Drug.DoseForm) != Key(a.m.Drug.DoseForm) {
			return false
		}
		for _, x := range b.m.Drug.Ingredients {
			i := slices.IndexFunc(a.m.Drug.Ingredients, func(y Ingredient) bool { return Key(y.Name) == Key(x.Name) })
			if i < 0 || normUnit(a.m.Drug.Ingredients[i].Unit) != normUnit(x.Unit) || !a.m.Drug.Ingredients[i].Strength.Equal(x.Strength) {
				return false
			}
		}
		return true
	case MatchIngredients:
		return len(b.bases) > 0 && slices.Equal(b.bases, a.bases)
	case MatchName:
		if len(b.bases) > 0 || len(a.bases) > 0 || modelCode(b.m) != "" && modelCode(a.m) != "" {
			return false
		}
		return Key(b.m.Drug.Name) != "" && Key(b.m.Drug.Name) == Key(a.m.Drug.Name)
	case MatchComponent:
		return (len(a.bases) > 1) != (len(b.bases) > 1) && (modelSubset(b.bases, a.bases) || modelSubset(a.bases, b.bases))
	case MatchClass:
		return !a.combo && b.m.Drug.Class != "" && b.m.Drug.Class == a.m.Drug.Class && !slices.Equal(b.bases, a.bases)
	}
	return false
}

// modelRow is what the model decides of a row: the pair and how it was made.
type modelRow struct {
	Before, After string
	Match         MatchLevel
}

func modelCompare(before, after []Medication) ([]modelRow, []ListProblem) {
	bs, ba := modelPrepare(before), modelPrepare(after)
	for _, level := range MatchLevels() {
		for i := range bs {
			b := &bs[i]
			if b.pair >= 0 || b.comp || b.combo {
				continue
			}
			for j := range ba {
				a := &ba[j]
				if a.pair >= 0 || a.comp || a.combo && level != MatchComponent || !modelMatches(level, b, a) {
					continue
				}
				if level != MatchComponent {
					b.pair, b.level, a.pair, a.level = j, level, i, level
					break
				}
				if len(a.bases) > 1 {
					b.pair, b.comp, a.combo = j, true, true
					break
				}
				a.pair, a.comp, b.combo = i, true, true
			}
		}
	}
	var rows []modelRow
	for _, b := range bs {
		switch {
		case b.combo:
		case b.comp:
			rows = append(rows, modelRow{b.m.ID, ba[b.pair].m.ID, MatchComponent})
		case b.pair >= 0:
			rows = append(rows, modelRow{b.m.ID, ba[b.pair].m.ID, b.level})
		default:
			rows = append(rows, modelRow{b.m.ID, "", ""})
		}
	}
	for _, a := range ba {
		switch {
		case a.comp:
			rows = append(rows, modelRow{bs[a.pair].m.ID, a.m.ID, MatchComponent})
		case a.pair < 0 && !a.combo:
			rows = append(rows, modelRow{"", a.m.ID, ""})
		}
	}
	var problems []ListProblem
	for _, side := range []struct {
		s  Side
		es []modelEntry
	}{{SideBefore, bs}, {SideAfter, ba}} {
		for i, x := range side.es {
			for _, y := range side.es[i+1:] {
				shares := slices.ContainsFunc(x.bases, func(k string) bool { return slices.Contains(y.bases, k) })
				switch {
				case shares:
					problems = append(problems, newProblem(side.s, KindDuplication, x.m.ID, y.m.ID))
				case x.m.Drug.Class != "" && x.m.Drug.Class == y.m.Drug.Class && x.m.Status.IsTaken() && y.m.Status.IsTaken():
					problems = append(problems, newProblem(side.s, KindTherapeuticDuplication, x.m.ID, y.m.ID))
				}
			}
		}
	}
	return rows, problems
}

// modelList draws a list of entries of the fixture table (resolved), of a table with more
// combination products, of unknown codes and of uncoded names, with ids prefix0, prefix1, …
// in a random order.
func modelList(t *rapid.T, prefix string, tab *Table) []Medication {
	codes := []string{"SCD:LH10", "SCD:LH20", "SCD:LHA", "SCD:XYZ1", "SCD:XYZ2"}
	for _, p := range FixtureTable().products {
		codes = append(codes, p.Code.Code)
	}
	n := rapid.IntRange(0, 14).Draw(t, prefix+"-len")
	list := make([]Medication, n)
	for i := range list {
		m := Medication{ID: fmt.Sprintf("%s%d", prefix, i), Source: SourcePatientReport,
			Status: rapid.SampledFrom(Statuses()).Draw(t, "status")}
		if rapid.IntRange(0, 6).Draw(t, "uncoded") == 0 {
			m.Drug.Name = rapid.SampledFrom([]string{"Fish oil", "FISH  OIL", "Vitamin D", "Unknown tablet"}).Draw(t, "name")
		} else {
			code := rapid.SampledFrom(codes).Draw(t, "code")
			m.Drug = Drug{Code: fixtureCode(code), Name: "Unknown tablet"}
		}
		r, err := Resolve(t.Context(), tab, m)
		if err != nil {
			t.Fatal(err)
		}
		list[i] = r
	}
	return rapid.Permutation(list).Draw(t, prefix+"-order")
}

func fixtureCode(c string) carecoord.Coding {
	return carecoord.Coding{System: SystemFixtureDrug, Code: c}
}

// modelTable is the fixture table with three more combination products, so that two
// combinations share ingredients (lisinopril/HCTZ in two strengths, and a triple).
func modelTable(t testing.TB) *Table {
	ps := fixtureProducts()
	lis, hct := ps[1].Ingredients[0], ps[12].Ingredients[0]
	amlo := Ingredient{Name: "amlodipine", Strength: hct.Strength, Unit: "mg"}
	ps = append(ps,
		Product{Code: fixtureCode("SCD:LH10"), TTY: "SCD", DoseForm: "Oral Tablet", Class: "ACEI", Ingredients: []Ingredient{hct, lis}},
		Product{Code: fixtureCode("SCD:LH20"), TTY: "SCD", DoseForm: "Oral Tablet", Class: "ACEI", Ingredients: []Ingredient{lis, hct}},
		Product{Code: fixtureCode("SCD:LHA"), TTY: "SCD", DoseForm: "Oral Tablet", Class: "ACEI", Ingredients: []Ingredient{amlo, lis, hct}},
	)
	tab, err := NewTable(ps)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

func TestCompareAgainstModel(t *testing.T) {
	tab := modelTable(t)
	rapid.Check(t, func(t *rapid.T) {
		before, after := modelList(t, "b", tab), modelList(t, "a", tab)
		wantRows, wantProblems := modelCompare(before, after)
		c := Compare(before, after)
		var gotRows []modelRow
		for _, r := range c.Rows {
			gotRows = append(gotRows, modelRow{r.Before, r.After, r.Match})
		}
		byKey := func(x, y modelRow) int {
			return cmp.Or(cmp.Compare(boolRank(x.Before == ""), boolRank(y.Before == "")), strings.Compare(x.Before, y.Before), strings.Compare(x.After, y.After))
		}
		slices.SortFunc(wantRows, byKey)
		if diff := gocmp.Diff(wantRows, gotRows); diff != "" {
			t.Fatalf("rows differ from the model (-model +Compare):\n%s", diff)
		}
		// Compare leaves out, on the orders' side, the class duplications it has put on rows.
		var gotProblems []ListProblem
		gotProblems = append(gotProblems, c.Problems...)
		for _, r := range c.Rows {
			if d, ok := r.Discrepancy(); ok && d.Kind == KindTherapeuticDuplication {
				gotProblems = append(gotProblems, newProblem(SideAfter, KindTherapeuticDuplication, r.After, d.With))
			}
		}
		order := func(x, y ListProblem) int {
			return cmp.Or(strings.Compare(string(x.Side), string(y.Side)), strings.Compare(string(x.Kind), string(y.Kind)),
				strings.Compare(x.A, y.A), strings.Compare(x.B, y.B))
		}
		slices.SortFunc(wantProblems, order)
		slices.SortFunc(gotProblems, order)
		gotProblems = slices.Compact(gotProblems)
		if diff := gocmp.Diff(wantProblems, gotProblems); diff != "" {
			t.Fatalf("problems differ from the model (-model +Compare):\n%s", diff)
		}
	})
}
