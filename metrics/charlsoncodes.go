package metrics

// The Charlson comorbidity index as data: the seventeen categories with their weights, the
// hierarchy, and the Quan 2005 ICD-10 code list. Source: Quan H et al., "Coding algorithms for
// defining comorbidities in ICD-9-CM and ICD-10 administrative data", Med Care
// 2005;43(11):1130-9, for the codes; Charlson ME et al., J Chronic Dis 1987;40(5):373-83, for
// the original weights; Quan H et al., Am J Epidemiol 2011;173(6):676-82, for the updated
// weights; all as the R package comorbidity (github.com/ellessenne/comorbidity) encodes them
// in data-raw/make-mapping.R (map charlson_icd10_quan), data-raw/make-weights.R and R/assign0.R,
// transcribed in the carecoord metrics spec §6.3.

// An rkCat numbers a Charlson category: its index in rkCharlsonCategories and its bit in a
// set of categories.
type rkCat uint8

// The categories, in the order of the spec's table (Quan 2005).
const (
	rkMI rkCat = iota
	rkCHF
	rkPVD
	rkCerebrovascular
	rkDementia
	rkPulmonary
	rkRheumatic
	rkPepticUlcer
	rkMildLiver
	rkDiabetes
	rkDiabetesComplicated
	rkHemiplegia
	rkRenal
	rkMalignancy
	rkSevereLiver
	rkMetastatic
	rkAIDS
	rkCategoryCount // how many there are
)

// rkCategoryRow is one category: its token and its weight under each weighting, in the order
// of rkWeightings (Charlson 1987, Quan 2011).
type rkCategoryRow struct {
	category CharlsonCategory
	weight   [2]int8
}

// rkCharlsonCategories returns every category with its weights (spec §6.3; comorbidity's
// make-weights.R, "charlson" and "quan" columns; Quan 2011 gives AIDS/HIV 4).
func rkCharlsonCategories() [rkCategoryCount]rkCategoryRow {
	return [rkCategoryCount]rkCategoryRow{
		rkMI:                  {CharlsonMI, [2]int8{1, 0}},
		rkCHF:                 {CharlsonCHF, [2]int8{1, 2}},
		rkPVD:                 {CharlsonPVD, [2]int8{1, 0}},
		rkCerebrovascular:     {CharlsonCerebrovascular, [2]int8{1, 0}},
		rkDementia:            {CharlsonDementia, [2]int8{1, 2}},
		rkPulmonary:           {CharlsonPulmonary, [2]int8{1, 1}},
		rkRheumatic:           {CharlsonRheumatic, [2]int8{1, 1}},
		rkPepticUlcer:         {CharlsonPepticUlcer, [2]int8{1, 0}},
		rkMildLiver:           {CharlsonMildLiver, [2]int8{1, 2}},
		rkDiabetes:            {CharlsonDiabetes, [2]int8{1, 0}},
		rkDiabetesComplicated: {CharlsonDiabetesComplicated, [2]int8{2, 1}},
		rkHemiplegia:          {CharlsonHemiplegia, [2]int8{2, 2}},
		rkRenal:               {CharlsonRenal, [2]int8{2, 1}},
		rkMalignancy:          {CharlsonMalignancy, [2]int8{2, 2}},
		rkSevereLiver:         {CharlsonSevereLiver, [2]int8{3, 4}},
		rkMetastatic:          {CharlsonMetastatic, [2]int8{6, 6}},
		rkAIDS:                {CharlsonAIDS, [2]int8{6, 4}},
	}
}

// rkDrop is one rule of the hierarchy: milder does not count when severer is there.
type rkDrop struct{ milder, severer rkCat }

// rkCharlsonHierarchy returns the hierarchy (comorbidity's R/assign0.R, "assign0"): when a
// patient is in both categories of a pair, only the more severe one counts.
func rkCharlsonHierarchy() [3]rkDrop {
	return [...]rkDrop{
		{rkMildLiver, rkSevereLiver},
		{rkDiabetes, rkDiabetesComplicated},
		{rkMalignancy, rkMetastatic},
	}
}

// rkCodeRow is one entry of the Quan 2005 list: a code prefix (upper case, no dot) and its
// category. A code is in the category when it starts with the prefix.
type rkCodeRow struct {
	prefix   string
	category rkCat
}

// rkCharlsonCodes returns the Quan 2005 ICD-10 list, every entry of comorbidity's
// charlson_icd10_quan map, sorted. No entry is a prefix of another, so a code is in at most
// one category (the package's own test checks that every entry flags exactly one category;
// ours checks every three- and four-character code against the lists as the spec writes
// them). Charlson finds a code's entry through the index in charlsonindex.go, generated from
// this list: after changing it, run
//
//	go test ./metrics -run TestCharlsonIndex -update-charlson-index
func rkCharlsonCodes() []rkCodeRow {
	return []rkCodeRow{
		{"B18", rkMildLiver},
		{"B20", rkAIDS}, {"B21", rkAIDS}, {"B22", rkAIDS}, {"B24", rkAIDS},
		{"C00", rkMalignancy}, {"C01", rkMalignancy}, {"C02", rkMalignancy}, {"C03", rkMalignancy}, {"C04", rkMalignancy}, {"C05", rkMalignancy},
		{"C06", rkMalignancy}, {"C07", rkMalignancy}, {"C08", rkMalignancy}, {"C09", rkMalignancy}, {"C10", rkMalignancy}, {"C11", rkMalignancy},
		{"C12", rkMalignancy}, {"C13", rkMalignancy}, {"C14", rkMalignancy}, {"C15", rkMalignancy}, {"C16", rkMalignancy}, {"C17", rkMalignancy},
		{"C18", rkMalignancy}, {"C19", rkMalignancy}, {"C20", rkMalignancy}, {"C21", rkMalignancy}, {"C22", rkMalignancy}, {"C23", rkMalignancy},
		{"C24", rkMalignancy}, {"C25", rkMalignancy}, {"C26", rkMalignancy}, {"C30", rkMalignancy}, {"C31", rkMalignancy}, {"C32", rkMalignancy},
		{"C33", rkMalignancy}, {"C34", rkMalignancy}, {"C37", rkMalignancy}, {"C38", rkMalignancy}, {"C39", rkMalignancy}, {"C40", rkMalignancy},
		{"C41", rkMalignancy}, {"C43", rkMalignancy}, {"C45", rkMalignancy}, {"C46", rkMalignancy}, {"C47", rkMalignancy}, {"C48", rkMalignancy},
		{"C49", rkMalignancy}, {"C50", rkMalignancy}, {"C51", rkMalignancy}, {"C52", rkMalignancy}, {"C53", rkMalignancy}, {"C54", rkMalignancy},
		{"C55", rkMalignancy}, {"C56", rkMalignancy}, {"C57", rkMalignancy}, {"C58", rkMalignancy}, {"C60", rkMalignancy}, {"C61", rkMalignancy},
		{"C62", rkMalignancy}, {"C63", rkMalignancy}, {"C64", rkMalignancy}, {"C65", rkMalignancy}, {"C66", rkMalignancy}, {"C67", rkMalignancy},
		{"C68", rkMalignancy}, {"C69", rkMalignancy}, {"C70", rkMalignancy}, {"C71", rkMalignancy}, {"C72", rkMalignancy}, {"C73", rkMalignancy},
		{"C74", rkMalignancy}, {"C75", rkMalignancy}, {"C76", rkMalignancy},
		{"C77", rkMetastatic}, {"C78", rkMetastatic}, {"C79", rkMetastatic}, {"C80", rkMetastatic},
		{"C81", rkMalignancy}, {"C82", rkMalignancy}, {"C83", rkMalignancy}, {"C84", rkMalignancy}, {"C85", rkMalignancy}, {"C88", rkMalignancy},
		{"C90", rkMalignancy}, {"C91", rkMalignancy}, {"C92", rkMalignancy}, {"C93", rkMalignancy}, {"C94", rkMalignancy}, {"C95", rkMalignancy},
		{"C96", rkMalignancy}, {"C97", rkMalignancy},
		{"E100", rkDiabetes}, {"E101", rkDiabetes},
		{"E102", rkDiabetesComplicated}, {"E103", rkDiabetesComplicated}, {"E104", rkDiabetesComplicated}, {"E105", rkDiabetesComplicated},
		{"E106", rkDiabetes},
		{"E107", rkDiabetesComplicated},
		{"E108", rkDiabetes}, {"E109", rkDiabetes}, {"E110", rkDiabetes}, {"E111", rkDiabetes},
		{"E112", rkDiabetesComplicated}, {"E113", rkDiabetesComplicated}, {"E114", rkDiabetesComplicated}, {"E115", rkDiabetesComplicated},
		{"E116", rkDiabetes},
		{"E117", rkDiabetesComplicated},
		{"E118", rkDiabetes}, {"E119", rkDiabetes}, {"E120", rkDiabetes}, {"E121", rkDiabetes},
		{"E122", rkDiabetesComplicated}, {"E123", rkDiabetesComplicated}, {"E124", rkDiabetesComplicated}, {"E125", rkDiabetesComplicated},
		{"E126", rkDiabetes},
		{"E127", rkDiabetesComplicated},
		{"E128", rkDiabetes}, {"E129", rkDiabetes}, {"E130", rkDiabetes}, {"E131", rkDiabetes},
		{"E132", rkDiabetesComplicated}, {"E133", rkDiabetesComplicated}, {"E134", rkDiabetesComplicated}, {"E135", rkDiabetesComplicated},
		{"E136", rkDiabetes},
		{"E137", rkDiabetesComplicated},
		{"E138", rkDiabetes}, {"E139", rkDiabetes}, {"E140", rkDiabetes}, {"E141", rkDiabetes},
		{"E142", rkDiabetesComplicated}, {"E143", rkDiabetesComplicated}, {"E144", rkDiabetesComplicated}, {"E145", rkDiabetesComplicated},
		{"E146", rkDiabetes},
		{"E147", rkDiabetesComplicated},
		{"E148", rkDiabetes}, {"E149", rkDiabetes},
		{"F00", rkDementia}, {"F01", rkDementia}, {"F02", rkDementia}, {"F03", rkDementia}, {"F051", rkDementia},
		{"G041", rkHemiplegia}, {"G114", rkHemiplegia},
		{"G30", rkDementia}, {"G311", rkDementia},
		{"G45", rkCerebrovascular}, {"G46", rkCerebrovascular},
		{"G801", rkHemiplegia}, {"G802", rkHemiplegia}, {"G81", rkHemiplegia}, {"G82", rkHemiplegia}, {"G830", rkHemiplegia}, {"G831", rkHemiplegia},
		{"G832", rkHemiplegia}, {"G833", rkHemiplegia}, {"G834", rkHemiplegia}, {"G839", rkHemiplegia},
		{"H340", rkCerebrovascular},
		{"I099", rkCHF}, {"I110", rkCHF},
		{"I120", rkRenal},
		{"I130", rkCHF},
		{"I131", rkRenal},
		{"I132", rkCHF},
		{"I21", rkMI}, {"I22", rkMI}, {"I252", rkMI},
		{"I255", rkCHF},
		{"I278", rkPulmonary}, {"I279", rkPulmonary},
		{"I420", rkCHF}, {"I425", rkCHF}, {"I426", rkCHF}, {"I427", rkCHF}, {"I428", rkCHF}, {"I429", rkCHF},
		{"I43", rkCHF}, {"I50", rkCHF},
		{"I60", rkCerebrovascular}, {"I61", rkCerebrovascular}, {"I62", rkCerebrovascular}, {"I63", rkCerebrovascular}, {"I64", rkCerebrovascular}, {"I65", rkCerebrovascular},
		{"I66", rkCerebrovascular}, {"I67", rkCerebrovascular}, {"I68", rkCerebrovascular}, {"I69", rkCerebrovascular},
		{"I70", rkPVD}, {"I71", rkPVD}, {"I731", rkPVD}, {"I738", rkPVD}, {"I739", rkPVD}, {"I771", rkPVD},
		{"I790", rkPVD}, {"I792", rkPVD},
		{"I850", rkSevereLiver}, {"I859", rkSevereLiver}, {"I864", rkSevereLiver}, {"I982", rkSevereLiver},
		{"J40", rkPulmonary}, {"J41", rkPulmonary}, {"J42", rkPulmonary}, {"J43", rkPulmonary}, {"J44", rkPulmonary}, {"J45", rkPulmonary},
		{"J46", rkPulmonary}, {"J47", rkPulmonary}, {"J60", rkPulmonary}, {"J61", rkPulmonary}, {"J62", rkPulmonary}, {"J63", rkPulmonary},
		{"J64", rkPulmonary}, {"J65", rkPulmonary}, {"J66", rkPulmonary}, {"J67", rkPulmonary}, {"J684", rkPulmonary}, {"J701", rkPulmonary},
		{"J703", rkPulmonary},
		{"K25", rkPepticUlcer}, {"K26", rkPepticUlcer}, {"K27", rkPepticUlcer}, {"K28", rkPepticUlcer},
		{"K551", rkPVD}, {"K558", rkPVD}, {"K559", rkPVD},
		{"K700", rkMildLiver}, {"K701", rkMildLiver}, {"K702", rkMildLiver}, {"K703", rkMildLiver},
		{"K704", rkSevereLiver},
		{"K709", rkMildLiver},
		{"K711", rkSevereLiver},
		{"K713", rkMildLiver}, {"K714", rkMildLiver}, {"K715", rkMildLiver}, {"K717", rkMildLiver},
		{"K721", rkSevereLiver}, {"K729", rkSevereLiver},
		{"K73", rkMildLiver}, {"K74", rkMildLiver}, {"K760", rkMildLiver}, {"K762", rkMildLiver}, {"K763", rkMildLiver}, {"K764", rkMildLiver},
		{"K765", rkSevereLiver}, {"K766", rkSevereLiver}, {"K767", rkSevereLiver},
		{"K768", rkMildLiver}, {"K769", rkMildLiver},
		{"M05", rkRheumatic}, {"M06", rkRheumatic}, {"M315", rkRheumatic}, {"M32", rkRheumatic}, {"M33", rkRheumatic}, {"M34", rkRheumatic},
		{"M351", rkRheumatic}, {"M353", rkRheumatic}, {"M360", rkRheumatic},
		{"N032", rkRenal}, {"N033", rkRenal}, {"N034", rkRenal}, {"N035", rkRenal}, {"N036", rkRenal}, {"N037", rkRenal},
		{"N052", rkRenal}, {"N053", rkRenal}, {"N054", rkRenal}, {"N055", rkRenal}, {"N056", rkRenal}, {"N057", rkRenal},
		{"N18", rkRenal}, {"N19", rkRenal}, {"N250", rkRenal},
		{"P290", rkCHF},
		{"Z490", rkRenal}, {"Z491", rkRenal}, {"Z492", rkRenal}, {"Z940", rkRenal},
		{"Z944", rkMildLiver},
		{"Z958", rkPVD}, {"Z959", rkPVD},
		{"Z992", rkRenal},
	}
}
