package medrec_test

// Regression tests for the review findings on package medrec (one test per finding, named
// after it); each failed before its fix.

import (
	"context"
	"errors"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/medrec"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// uncodedDrug returns an uncoded entry with one ingredient and a dose form.
func uncodedDrug(t testing.TB, id string, src medrec.Source, name string, in medrec.Ingredient, form, sig string) medrec.Medication {
	t.Helper()
	m := uncoded(t, id, src, name, sig)
	m.Drug.Ingredients, m.Drug.DoseForm = []medrec.Ingredient{in}, form
	return m
}

func ingredient(name, precise, strength, unit string) medrec.Ingredient {
	return medrec.Ingredient{Name: name, Precise: precise, Strength: decimal.RequireFromString(strength), Unit: unit}
}

// Finding 2: uncoded entries merge only when their ingredients and dose forms agree.
func TestReviewCollapseUncodedStrengths(t *testing.T) {
	h := medrec.SourcePatientReport
	w25 := uncodedDrug(t, "w1", h, "warfarin", ingredient("warfarin", "", "2.5", "mg"), "Oral Tablet", "1 tab PO daily")
	w5 := uncodedDrug(t, "w2", h, "Warfarin", ingredient("warfarin", "", "5", "mg"), "Oral Tablet", "1 tab PO daily")
	got := medrec.Collapse([]medrec.Medication{w25, w5})
	if diff := cmp.Diff([]medrec.Medication{w25, w5}, got, compareOpts); diff != "" {
		t.Errorf("Collapse(warfarin 2.5 mg, 5 mg) mismatch (-want +got):\n%s", diff)
	}
	c := medrec.Compare(got, nil)
	want := []medrec.ListProblem{{Side: medrec.SideBefore, Kind: medrec.KindDuplication, A: "w1", B: "w2"}}
	if diff := cmp.Diff(want, c.Problems, compareOpts); diff != "" {
		t.Errorf("Compare problems mismatch (-want +got):\n%s", diff)
	}

	keptApart := map[string][2]medrec.Medication{
		"precise forms both stated, different": {
			uncodedDrug(t, "m1", h, "metoprolol", ingredient("metoprolol", "metoprolol tartrate", "50", "mg"), "", "1 tab PO daily"),
			uncodedDrug(t, "m2", h, "metoprolol", ingredient("metoprolol", "metoprolol succinate", "50", "mg"), "", "1 tab PO daily"),
		},
		"dose forms both stated, different": {
			uncodedDrug(t, "m1", h, "nifedipine", ingredient("nifedipine", "", "30", "mg"), "Oral Tablet", "1 tab PO daily"),
			uncodedDrug(t, "m2", h, "nifedipine", ingredient("nifedipine", "", "30", "mg"), "Extended Release Oral Tablet", "1 tab PO daily"),
		},
		"ingredients on one side only": {
			uncodedDrug(t, "m1", h, "fish oil", ingredient("omega-3 acid ethyl esters", "", "1", "g"), "", "1 cap PO daily"),
			uncoded(t, "m2", h, "fish oil", "1 cap PO daily"),
		},
	}
	for name, pair := range keptApart {
		got := medrec.Collapse(pair[:])
		if diff := cmp.Diff(pair[:], got, compareOpts); diff != "" {
			t.Errorf("%s: Collapse mismatch (-want +got):\n%s", name, diff)
		}
	}
	// Agreeing uncoded entries still merge; an unstated precise form or dose form agrees.
	a := uncodedDrug(t, "m1", h, "metformin", ingredient("metformin", "metformin hydrochloride", "500", "mg"), "Oral Tablet", "1 tab PO BID")
	b := uncodedDrug(t, "m2", h, "METFORMIN", ingredient("Metformin", "", "500", "mg"), "", "1 tab PO BID")
	if got := medrec.Collapse([]medrec.Medication{a, b}); len(got) != 1 {
		t.Errorf("Collapse(agreeing uncoded metformin) = %d entries, want 1", len(got))
	}
}

// Finding 3: entries of different statuses never merge, and the status is never promoted.
func TestReviewCollapseKeepsStatuses(t *testing.T) {
	for _, s := range []medrec.Status{medrec.StatusNotTaken, medrec.StatusOnHold, medrec.StatusUnknown} {
		report := with(fixture(t, "pt", medrec.SourcePatientReport, "SCD:MET500", "1 tab PO BID"), status(s))
		fill := filled(fixture(t, "rx", medrec.SourcePharmacyFill, "SCD:MET500", "1 tab PO BID"), "2025-03-01", 30)
		got := medrec.Collapse([]medrec.Medication{report, fill})
		if diff := cmp.Diff([]medrec.Medication{report, fill}, got, compareOpts); diff != "" {
			t.Errorf("Collapse(%s report, active fill) mismatch (-want +got):\n%s", s, diff)
		}
	}
}

// Finding 12: Collapse keeps the merged entry's Sig as received; only Dosage is combined.
func TestReviewCollapseKeepsSig(t *testing.T) {
	h := medrec.SourcePatientReport
	older := filled(fixture(t, "m0", h, "SCD:ATV20", "1 tab PO nightly"), "2025-01-01", 30)
	latest := filled(fixture(t, "m1", h, "SCD:ATV20", "1 tab PO"), "2025-02-01", 30)
	got := medrec.Collapse([]medrec.Medication{older, latest})
	if len(got) != 1 {
		t.Fatalf("Collapse = %d entries, want 1", len(got))
	}
	want := latest.Clone().Dosage
	want.Timing, want.Warnings = older.Clone().Dosage.Timing, nil
	if diff := cmp.Diff(want, got[0].Dosage); diff != "" {
		t.Errorf("merged Dosage mismatch (-want +got):\n%s", diff)
	}
	if got[0].Sig != latest.Sig {
		t.Errorf("merged Sig = %q, want the latest entry's own %q", got[0].Sig, latest.Sig)
	}
}

// Finding 4: an order's reason documents a change or an addition only.
func TestReviewReasonDocumentsChangesOnly(t *testing.T) {
	h, o := medrec.SourcePatientReport, medrec.SourceDischargeOrder
	why := reason("documented reason")
	unclear := func(k medrec.Kind) medrec.Discrepancy {
		return medrec.Discrepancy{Kind: k, Severity: k.Severity(), Intent: medrec.IntentUnclear}
	}
	documented := func(k medrec.Kind) medrec.Discrepancy {
		return medrec.Discrepancy{Kind: k, Severity: k.Severity(), Intent: medrec.IntentDocumented}
	}
	tests := []struct {
		name          string
		before, after []medrec.Medication
		want          []medrec.Row
	}{
		{
			name:  "incomplete order with a reason",
			after: []medrec.Medication{with(fixture(t, "o-ctx", o, "SCD:CTX1G", "1 g IV q24h"), func(m *medrec.Medication) { noDirections(m); why(m) })},
			want: []medrec.Row{{After: "o-ctx", Discrepancies: []medrec.Discrepancy{
				documented(medrec.KindAddition), unclear(medrec.KindIncomplete)}}},
		},
		{
			name: "therapeutic duplication with a reason",
			after: []medrec.Medication{
				fixture(t, "o-ome", o, "SCD:OME20", "1 cap PO daily"),
				with(fixture(t, "o-pan", o, "SCD:PAN40", "1 tab PO daily"), why),
			},
			want: []medrec.Row{
				{After: "o-ome", Discrepancies: []medrec.Discrepancy{withOther(unclear(medrec.KindTherapeuticDuplication), "o-pan")}},
				{After: "o-pan", Discrepancies: []medrec.Discrepancy{withOther(unclear(medrec.KindTherapeuticDuplication), "o-ome")}},
			},
		},
		{
			name:   "ingredient of a home combination dropped, with a reason on the component order",
			before: []medrec.Medication{fixture(t, "h-lishct", h, "SCD:LISHCT", "1 tab PO daily")},
			after:  []medrec.Medication{with(fixture(t, "o-lis", o, "SCD:LIS20", "1 tab PO daily"), why)},
			want: []medrec.Row{{Before: "h-lishct", After: "o-lis", Match: medrec.MatchComponent, Discrepancies: []medrec.Discrepancy{
				withIngredient(unclear(medrec.KindOmission), "hydrochlorothiazide"), documented(medrec.KindFormulation)}}},
		},
		{
			name:   "dose change with a reason",
			before: []medrec.Medication{fixture(t, "h-lis", h, "SCD:LIS10", "1 tab PO daily")},
			after:  []medrec.Medication{with(fixture(t, "o-lis", o, "SCD:LIS20", "1 tab PO daily"), why)},
			want: []medrec.Row{{Before: "h-lis", After: "o-lis", Match: medrec.MatchIngredients,
				Discrepancies: []medrec.Discrepancy{documented(medrec.KindDose)}}},
		},
	}
	for _, tt := range tests {
		got := medrec.Compare(tt.before, tt.after)
		if diff := cmp.Diff(tt.want, got.Rows, compareOpts); diff != "" {
			t.Errorf("%s: rows mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

func withOther(d medrec.Discrepancy, id string) medrec.Discrepancy { d.With = id; return d }

func withIngredient(d medrec.Discrepancy, name string) medrec.Discrepancy {
	d.Ingredient = name
	return d
}

// Finding 1: a component row runs the dose, route and frequency checks, and a combination's
// ingredient that no component covers is reported, naming the ingredient.
func TestReviewComponentRows(t *testing.T) {
	h, o := medrec.SourcePatientReport, medrec.SourceDischargeOrder
	d := func(k medrec.Kind, intent medrec.Intent) medrec.Discrepancy {
		return medrec.Discrepancy{Kind: k, Severity: k.Severity(), Intent: intent}
	}
	unclear, documented := medrec.IntentUnclear, medrec.IntentDocumented
	tests := []struct {
		name          string
		before, after []medrec.Medication
		want          []medrec.Row
	}{
		{
			name:   "combination at home, components in another dose, route and timing",
			before: []medrec.Medication{fixture(t, "h-lishct", h, "SCD:LISHCT", "1 tab PO daily")},
			after: []medrec.Medication{
				fixture(t, "o-lis", o, "SCD:LIS20", "2 tab PO daily"),  // 40 mg for 20 mg
				fixture(t, "o-hct", o, "SCD:HCT25", "1 tab PO BID"),    // twice daily for once
				fixture(t, "o-lis2", o, "SCD:LIS10", "2 tab SL daily"), // 20 mg, another route
			},
			want: []medrec.Row{
				{Before: "h-lishct", After: "o-hct", Match: medrec.MatchComponent, Discrepancies: []medrec.Discrepancy{
					d(medrec.KindFormulation, unclear), d(medrec.KindFrequency, unclear)}},
				{Before: "h-lishct", After: "o-lis", Match: medrec.MatchComponent, Discrepancies: []medrec.Discrepancy{
					d(medrec.KindFormulation, unclear), d(medrec.KindDose, unclear)}},
				{Before: "h-lishct", After: "o-lis2", Match: medrec.MatchComponent, Discrepancies: []medrec.Discrepancy{
					d(medrec.KindFormulation, unclear), d(medrec.KindRoute, unclear)}},
			},
		},
		{
			name:   "combination at home, only lisinopril ordered",
			before: []medrec.Medication{fixture(t, "h-lishct", h, "SCD:LISHCT", "1 tab PO daily")},
			after:  []medrec.Medication{fixture(t, "o-lis", o, "SCD:LIS20", "1 tab PO daily")},
			want: []medrec.Row{{Before: "h-lishct", After: "o-lis", Match: medrec.MatchComponent, Discrepancies: []medrec.Discrepancy{
				withIngredient(d(medrec.KindOmission, unclear), "hydrochlorothiazide"), d(medrec.KindFormulation, unclear)}}},
		},
		{
			name:   "combination ordered for lisinopril alone at home, documented",
			before: []medrec.Medication{fixture(t, "h-lis", h, "SCD:LIS10", "1 tab PO daily")},
			after:  []medrec.Medication{with(fixture(t, "o-lishct", o, "SCD:LISHCT", "1 tab PO daily"), reason("blood pressure"))},
			want: []medrec.Row{{Before: "h-lis", After: "o-lishct", Match: medrec.MatchComponent, Discrepancies: []medrec.Discrepancy{
				withIngredient(d(medrec.KindAddition, documented), "hydrochlorothiazide"), d(medrec.KindFormulation, documented),
				d(medrec.KindDose, documented)}}},
		},
		{
			name: "combination ordered, both components at home: the ingredient is reported once at most",
			before: []medrec.Medication{
				fixture(t, "h-hct", h, "SCD:HCT25", "1 tab PO daily"),
				fixture(t, "h-lis", h, "SCD:LIS20", "1 tab PO daily"),
			},
			after: []medrec.Medication{fixture(t, "o-lishct", o, "SCD:LISHCT", "1 tab PO daily")},
			want: []medrec.Row{
				{Before: "h-hct", After: "o-lishct", Match: medrec.MatchComponent, Discrepancies: []medrec.Discrepancy{d(medrec.KindFormulation, unclear)}},
				{Before: "h-lis", After: "o-lishct", Match: medrec.MatchComponent, Discrepancies: []medrec.Discrepancy{d(medrec.KindFormulation, unclear)}},
			},
		},
	}
	for _, tt := range tests {
		got := medrec.Compare(tt.before, tt.after)
		if diff := cmp.Diff(tt.want, got.Rows, compareOpts); diff != "" {
			t.Errorf("%s: rows mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

// Finding 5: an unstated salt is not a formulation discrepancy.
func TestReviewUnstatedSalt(t *testing.T) {
	h, o := medrec.SourcePatientReport, medrec.SourceDischargeOrder
	home := uncodedDrug(t, "h-met", h, "metformin 500 mg", ingredient("metformin", "", "500", "mg"), "Oral Tablet", "1 tab PO BID")
	order := fixture(t, "o-met", o, "SCD:MET500", "1 tab PO BID")
	got := medrec.Compare([]medrec.Medication{home}, []medrec.Medication{order})
	want := []medrec.Row{{Before: "h-met", After: "o-met", Match: medrec.MatchIngredients}}
	if diff := cmp.Diff(want, got.Rows, compareOpts); diff != "" {
		t.Errorf("rows mismatch (-want +got):\n%s", diff)
	}
}

// Finding 6: strength units compare through one spelling of each unit.
func TestReviewUnitSpelling(t *testing.T) {
	h, o := medrec.SourcePatientReport, medrec.SourceDischargeOrder
	tests := []struct {
		name       string
		home, rx   medrec.Ingredient
		form, sigs string
		want       []medrec.Row
	}{
		{"mcg and ug", ingredient("levothyroxine", "", "88", "mcg"), ingredient("levothyroxine", "", "88", "ug"), "Oral Tablet", "1 tab PO daily",
			[]medrec.Row{{Before: "h", After: "o", Match: medrec.MatchProduct}}},
		{"µg and ug", ingredient("levothyroxine", "", "88", "\u00b5g"), ingredient("levothyroxine", "", "88", "ug"), "Oral Tablet", "1 tab PO daily",
			[]medrec.Row{{Before: "h", After: "o", Match: medrec.MatchProduct}}},
		{"units/ml and [iU]/mL", ingredient("insulin glargine", "", "100", "units/ml"), ingredient("insulin glargine", "", "100", "[iU]/mL"),
			"Injectable Solution", "10 units subcut at bedtime", []medrec.Row{{Before: "h", After: "o", Match: medrec.MatchProduct}}},
		{"another strength in other spellings is still a dose change", ingredient("levothyroxine", "", "88", "mcg"),
			ingredient("levothyroxine", "", "0.1", "mg"), "Oral Tablet", "1 tab PO daily",
			[]medrec.Row{{Before: "h", After: "o", Match: medrec.MatchIngredients, Discrepancies: []medrec.Discrepancy{
				{Kind: medrec.KindDose, Severity: medrec.SeverityHigh, Intent: medrec.IntentUnclear}}}}},
	}
	for _, tt := range tests {
		home := uncodedDrug(t, "h", h, "drug", tt.home, tt.form, tt.sigs)
		rx := uncodedDrug(t, "o", o, "drug", tt.rx, tt.form, tt.sigs)
		got := medrec.Compare([]medrec.Medication{home}, []medrec.Medication{rx})
		if diff := cmp.Diff(tt.want, got.Rows, compareOpts); diff != "" {
			t.Errorf("%s: rows mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

// decidedSpec is the spec reconciliation with every row decided, the last at t0+7 min.
func decidedSpec(t testing.TB) medrec.Reconciliation {
	r := specReconciliation(t)
	at := t0
	for _, row := range r.Compare().Rows {
		at = at.Add(60e9)
		a, intent := medrec.ActionContinue, medrec.IntentUndocumented
		if row.Before == "" {
			a = medrec.ActionNew
		}
		if _, discrepant := row.Discrepancy(); !discrepant {
			intent = ""
		}
		r = decideAll(t, r, decision(row.Key(), a, intent, at))
	}
	return r
}

// Finding 7: Decide and Finish validate the record first.
func TestReviewDecideFinishValidate(t *testing.T) {
	r := specReconciliation(t)
	r.After[5].ID = "h-met" // o-ctx now repeats a history id
	_, err := medrec.Decide(r, decision("h-ome>o-ome", medrec.ActionContinue, "", t0))
	want := []pathCode{{"after[5].id", carecoord.FieldDuplicate}}
	if !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("Decide with duplicate ids: error = %v, want carecoord.ErrInvalid", err)
	} else if diff := cmp.Diff(want, pathCodes(t, err)); diff != "" {
		t.Errorf("Decide problems mismatch (-want +got):\n%s", diff)
	}

	d := decidedSpec(t)
	d.After[5].ID = "h-met"
	_, err = medrec.Finish(d, t0.Add(3600e9), pharmacist)
	if !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("Finish with duplicate ids: error = %v, want carecoord.ErrInvalid", err)
	} else if diff := cmp.Diff(want, pathCodes(t, err)); diff != "" {
		t.Errorf("Finish problems mismatch (-want +got):\n%s", diff)
	}
}

// Finding 8: Finish's at is not before the last decision; by is a clinician.
func TestReviewFinishAtAndClinician(t *testing.T) {
	d := decidedSpec(t)
	last := d.Decisions[len(d.Decisions)-1].At
	_, err := medrec.Finish(d, last.Add(-1e9), pharmacist)
	if diff := cmp.Diff([]pathCode{{"at", carecoord.FieldOutOfRange}}, pathCodes(t, err)); diff != "" {
		t.Errorf("Finish before the last decision: problems mismatch (-want +got):\n%s", diff)
	}
	if _, err := medrec.Finish(d, last, pharmacist); err != nil {
		t.Errorf("Finish at the last decision: %v", err)
	}
	role := carecoord.Actor{Kind: carecoord.ActorPractitionerRole, ID: "pharm-role-1"}
	if _, err := medrec.Finish(d, last, role); err != nil {
		t.Errorf("Finish by a practitioner role: %v", err)
	}
	notClinicians := []carecoord.Actor{
		{Kind: carecoord.ActorPatient, ID: "pat-1"},
		{Kind: carecoord.ActorDevice, ID: "importer"},
		{Kind: carecoord.ActorRelatedPerson, ID: "rp-1"},
		{Kind: carecoord.ActorOrganization, ID: "org-1"},
		{Kind: carecoord.ActorCareTeam, ID: "team-1"},
	}
	want := []pathCode{{"by.kind", carecoord.FieldNotAllowed}}
	for _, by := range notClinicians {
		_, err := medrec.Finish(d, last, by)
		if diff := cmp.Diff(want, pathCodes(t, err)); diff != "" {
			t.Errorf("Finish by %s: problems mismatch (-want +got):\n%s", by.Kind, diff)
		}
		dec := decision("h-ome>o-ome", medrec.ActionContinue, "", t0)
		dec.By = by
		_, err = medrec.Decide(specReconciliation(t), dec)
		if diff := cmp.Diff(want, pathCodes(t, err)); diff != "" {
			t.Errorf("Decide by %s: problems mismatch (-want +got):\n%s", by.Kind, diff)
		}
	}
}

// Finding 11: Resolve shares no slice with its input.
func TestReviewResolveDoesNotShare(t *testing.T) {
	m := medrec.Medication{ID: "m1", Source: medrec.SourcePatientReport, Status: medrec.StatusActive,
		Drug: medrec.Drug{Code: carecoord.Coding{System: medrec.SystemFixtureDrug, Code: "SCD:LIS10"}, Name: "lisinopril",
			Ingredients: []medrec.Ingredient{ingredient("lisinopril", "", "10", "mg")}}}
	in := m.Clone()
	for _, code := range []string{"SCD:LIS10", "SCD:UNKNOWN", ""} {
		x := m.Clone()
		x.Drug.Code.Code = code
		if code == "" {
			x.Drug.Code = carecoord.Coding{}
		}
		got, err := medrec.Resolve(context.Background(), medrec.FixtureTable(), x)
		if err != nil {
			t.Fatal(err)
		}
		want := x.Clone()
		got.Drug.Ingredients[0].Name = "changed"
		if diff := cmp.Diff(want, x); diff != "" {
			t.Errorf("code %q: changing Resolve's result changed its input (-want +got):\n%s", code, diff)
		}
	}
	if diff := cmp.Diff(in, m); diff != "" {
		t.Errorf("input changed (-want +got):\n%s", diff)
	}
}

// failingTerminology fails every lookup.
type failingTerminology struct{ err error }

func (f failingTerminology) Product(context.Context, carecoord.Coding) (medrec.Product, error) {
	return medrec.Product{}, f.err
}

// Finding 11: ResolveAll wraps the failing entry's error (the message names its index).
func TestReviewResolveAllWraps(t *testing.T) {
	boom := errors.New("terminology down")
	list := []medrec.Medication{
		uncoded(t, "m0", medrec.SourcePatientReport, "fish oil", "1 cap PO daily"),
		fixture(t, "m1", medrec.SourcePatientReport, "SCD:LIS10", "1 tab PO daily"),
	}
	got, err := medrec.ResolveAll(context.Background(), failingTerminology{boom}, list)
	if !errors.Is(err, boom) || got != nil {
		t.Errorf("ResolveAll = %v, %v; want nil and an error wrapping the terminology's", got, err)
	}
}
