package metrics_test

import (
	"strconv"
	"strings"

	"github.com/carecoord/carecoord/metrics"
)

// The Charlson model the tests check the code against, transcribed from the metrics spec §6.3
// table as it is written (ranges and all), not from the package's tables.

// rkSpecCategory is one row of the spec's table.
type rkSpecCategory struct {
	category metrics.CharlsonCategory
	codes    string // the spec's "ICD-10 prefixes" cell
	w87, w11 int
}

var rkSpecCharlson = []rkSpecCategory{
	{metrics.CharlsonMI, "I21, I22, I252", 1, 0},
	{metrics.CharlsonCHF, "I099, I110, I130, I132, I255, I420, I425–I429, I43, I50, P290", 1, 2},
	{metrics.CharlsonPVD, "I70, I71, I731, I738, I739, I771, I790, I792, K551, K558, K559, Z958, Z959", 1, 0},
	{metrics.CharlsonCerebrovascular, "G45, G46, H340, I60–I69", 1, 0},
	{metrics.CharlsonDementia, "F00–F03, F051, G30, G311", 1, 2},
	{metrics.CharlsonPulmonary, "I278, I279, J40–J47, J60–J67, J684, J701, J703", 1, 1},
	{metrics.CharlsonRheumatic, "M05, M06, M315, M32, M33, M34, M351, M353, M360", 1, 1},
	{metrics.CharlsonPepticUlcer, "K25–K28", 1, 0},
	{metrics.CharlsonMildLiver, "B18, K700–K703, K709, K713–K715, K717, K73, K74, K760, K762–K764, K768, K769, Z944", 1, 2},
	{metrics.CharlsonDiabetes, "E100, E101, E106, E108, E109, E110, E111, E116, E118, E119, E120, E121, E126, E128, E129, E130, E131, E136, E138, E139, E140, E141, E146, E148, E149", 1, 0},
	{metrics.CharlsonDiabetesComplicated, "E102–E105, E107, E112–E115, E117, E122–E125, E127, E132–E135, E137, E142–E145, E147", 2, 1},
	{metrics.CharlsonHemiplegia, "G041, G114, G801, G802, G81, G82, G830–G834, G839", 2, 2},
	{metrics.CharlsonRenal, "I120, I131, N032–N037, N052–N057, N18, N19, N250, Z490–Z492, Z940, Z992", 2, 1},
	{metrics.CharlsonMalignancy, "C00–C26, C30–C34, C37–C41, C43, C45–C58, C60–C76, C81–C85, C88, C90–C97", 2, 2},
	{metrics.CharlsonSevereLiver, "I850, I859, I864, I982, K704, K711, K721, K729, K765–K767", 3, 4},
	{metrics.CharlsonMetastatic, "C77–C80", 6, 6},
	{metrics.CharlsonAIDS, "B20–B22, B24", 6, 4},
}

// rkSpecDrops is the spec's hierarchy: the milder category, dropped when the severer is there.
var rkSpecDrops = map[metrics.CharlsonCategory]metrics.CharlsonCategory{
	metrics.CharlsonMildLiver:  metrics.CharlsonSevereLiver,
	metrics.CharlsonDiabetes:   metrics.CharlsonDiabetesComplicated,
	metrics.CharlsonMalignancy: metrics.CharlsonMetastatic,
}

// rkExpand expands a spec cell into its prefixes: "C00–C26" is C00, C01, ..., C26.
func rkExpand(cell string) []string {
	var out []string
	for _, item := range strings.Split(cell, ", ") {
		lo, hi, ok := strings.Cut(item, "–")
		if !ok {
			out = append(out, item)
			continue
		}
		a, _ := strconv.Atoi(lo[1:])
		b, _ := strconv.Atoi(hi[1:])
		for n := a; n <= b; n++ {
			d := strconv.Itoa(n)
			out = append(out, lo[:1]+strings.Repeat("0", len(lo)-1-len(d))+d)
		}
	}
	return out
}

// rkModel is the spec's map from prefix to category, and each category's row.
type rkModel struct {
	prefixes map[string]metrics.CharlsonCategory
	rows     map[metrics.CharlsonCategory]rkSpecCategory
}

func rkNewModel() rkModel {
	m := rkModel{prefixes: map[string]metrics.CharlsonCategory{}, rows: map[metrics.CharlsonCategory]rkSpecCategory{}}
	for _, r := range rkSpecCharlson {
		m.rows[r.category] = r
		for _, p := range rkExpand(r.codes) {
			m.prefixes[p] = r.category
		}
	}
	return m
}

// category returns the category of a well-formed code, "" for none: its first three or
// four characters, upper case without the dot, looked up in the map.
func (m rkModel) category(code string) metrics.CharlsonCategory {
	c := strings.ToUpper(strings.Replace(code, ".", "", 1))
	for _, n := range []int{3, 4} {
		if len(c) >= n {
			if cat, ok := m.prefixes[c[:n]]; ok {
				return cat
			}
		}
	}
	return ""
}

// total returns the index of a patient with codes, and the categories that count.
func (m rkModel) total(codes []string, w metrics.CharlsonWeights, hierarchy bool) (int, map[metrics.CharlsonCategory]bool) {
	in := map[metrics.CharlsonCategory]bool{}
	for _, c := range codes {
		if cat := m.category(c); cat != "" {
			in[cat] = true
		}
	}
	counts := map[metrics.CharlsonCategory]bool{}
	total := 0
	for cat := range in {
		if hierarchy && in[rkSpecDrops[cat]] {
			continue
		}
		counts[cat] = true
		if w == metrics.Quan2011 {
			total += m.rows[cat].w11
		} else {
			total += m.rows[cat].w87
		}
	}
	return total, counts
}
