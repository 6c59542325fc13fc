package medrec_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/internal/fieldtest"
	"github.com/carecoord/carecoord/medrec"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

type pathCode struct {
	Path string
	Code carecoord.FieldCode
}

func pathCodes(t testing.TB, err error) []pathCode {
	t.Helper()
	return fieldtest.PathCodes[pathCode](t, err)
}

var (
	pharmacist = carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "pharm-1"}
	physician  = carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "md-2"}
	t0         = time.Date(2025, 3, 4, 15, 0, 0, 0, time.UTC)
)

// specReconciliation is the worked example of spec §7.6 as a discharge reconciliation in
// progress. Its rows: h-lip>o-atv (brand/generic), h-met> (omission), h-mtt>o-mts
// (formulation), h-ome>o-ome, h-zes>o-lis (dose), >o-ctx (documented addition), >o-pan
// (therapeutic duplication).
func specReconciliation(t testing.TB) medrec.Reconciliation {
	bpmh, orders := specLists(t)
	return medrec.Reconciliation{
		Patient: "pat-1", Context: medrec.ContextDischarge, Encounter: "enc-1",
		Before: bpmh, After: orders, Status: medrec.SessionInProgress,
	}
}

func decision(row string, a medrec.Action, intent medrec.Intent, at time.Time) medrec.Decision {
	return medrec.Decision{Row: row, Action: a, Intent: intent, At: at, By: physician}
}

// decideAll applies ds in order, failing the test on an error.
func decideAll(t testing.TB, r medrec.Reconciliation, ds ...medrec.Decision) medrec.Reconciliation {
	t.Helper()
	for _, d := range ds {
		var err error
		if r, err = medrec.Decide(r, d); err != nil {
			t.Fatalf("Decide(%s %s): %v", d.Row, d.Action, err)
		}
	}
	return r
}

func TestDecideValidation(t *testing.T) {
	base := specReconciliation(t)
	prior := decideAll(t, base, decision("h-ome>o-ome", medrec.ActionContinue, "", t0.Add(time.Hour)))
	mts := fixture(t, "o-mts", medrec.SourceDischargeOrder, "SCD:MTS50", "1 tab PO daily")
	stopped := with(mts, status(medrec.StatusStopped))
	noID := with(mts, func(m *medrec.Medication) { m.ID = "" })
	tests := []struct {
		name string
		r    medrec.Reconciliation
		d    medrec.Decision
		want []pathCode
	}{
		{"unknown row", base, decision("h-x>o-x", medrec.ActionContinue, "", t0),
			[]pathCode{{"row", carecoord.FieldInvalid}}},
		{"no row", base, decision("", medrec.ActionContinue, "", t0),
			[]pathCode{{"row", carecoord.FieldRequired}}},
		{"new on a paired row", base, decision("h-ome>o-ome", medrec.ActionNew, "", t0),
			[]pathCode{{"action", carecoord.FieldNotAllowed}}},
		{"new on an omission", base, decision("h-met>", medrec.ActionNew, medrec.IntentUnintentional, t0),
			[]pathCode{{"action", carecoord.FieldNotAllowed}}},
		{"continue on an addition", base, decision(">o-ctx", medrec.ActionContinue, medrec.IntentDocumented, t0),
			[]pathCode{{"action", carecoord.FieldNotAllowed}}},
		{"no action", base, decision("h-ome>o-ome", "", "", t0),
			[]pathCode{{"action", carecoord.FieldRequired}}},
		{"unknown action", base, decision("h-ome>o-ome", "resume", "", t0),
			[]pathCode{{"action", carecoord.FieldNotSupported}}},
		{"no intent on a discrepant row", base, decision("h-zes>o-lis", medrec.ActionContinue, "", t0),
			[]pathCode{{"intent", carecoord.FieldRequired}}},
		{"intent unclear", base, decision("h-zes>o-lis", medrec.ActionContinue, medrec.IntentUnclear, t0),
			[]pathCode{{"intent", carecoord.FieldNotSupported}}},
		{"unknown intent", base, decision("h-zes>o-lis", medrec.ActionContinue, "maybe", t0),
			[]pathCode{{"intent", carecoord.FieldNotSupported}}},
		{"intent on a row without discrepancy", base, decision("h-ome>o-ome", medrec.ActionContinue, medrec.IntentDocumented, t0),
			[]pathCode{{"intent", carecoord.FieldNotAllowed}}},
		{"intent on a brand/generic row", base, decision("h-lip>o-atv", medrec.ActionContinue, medrec.IntentDocumented, t0),
			[]pathCode{{"intent", carecoord.FieldNotAllowed}}},
		{"modify without result", base, decision("h-mtt>o-mts", medrec.ActionModify, medrec.IntentUnintentional, t0),
			[]pathCode{{"result", carecoord.FieldRequired}}},
		{"result without modify", base, func() medrec.Decision {
			d := decision("h-mtt>o-mts", medrec.ActionContinue, medrec.IntentDocumented, t0)
			d.Result = &mts
			return d
		}(), []pathCode{{"result", carecoord.FieldNotAllowed}}},
		{"result not current", base, func() medrec.Decision {
			d := decision("h-mtt>o-mts", medrec.ActionModify, medrec.IntentUnintentional, t0)
			d.Result = &stopped
			return d
		}(), []pathCode{{"result.status", carecoord.FieldInvalid}}},
		{"result not valid", base, func() medrec.Decision {
			d := decision("h-mtt>o-mts", medrec.ActionModify, medrec.IntentUnintentional, t0)
			d.Result = &noID
			return d
		}(), []pathCode{{"result.id", carecoord.FieldRequired}}},
		{"result with another entry's id", base, func() medrec.Decision {
			d := decision("h-mtt>o-mts", medrec.ActionModify, medrec.IntentUnintentional, t0)
			other := with(mts, func(m *medrec.Medication) { m.ID = "o-lis" }) // would merge with lisinopril in Finish
			d.Result = &other
			return d
		}(), []pathCode{{"result.id", carecoord.FieldInvalid}}},
		{"no time, no actor", base, medrec.Decision{Row: "h-ome>o-ome", Action: medrec.ActionContinue},
			[]pathCode{{"at", carecoord.FieldRequired}, {"by.kind", carecoord.FieldRequired}, {"by.id", carecoord.FieldRequired}}},
		{"before the previous decision", prior, decision("h-lip>o-atv", medrec.ActionContinue, "", t0),
			[]pathCode{{"at", carecoord.FieldInvalid}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.r.Clone()
			got, err := medrec.Decide(tt.r, tt.d)
			if !errors.Is(err, carecoord.ErrInvalid) {
				t.Fatalf("Decide error = %v, want one matching carecoord.ErrInvalid", err)
			}
			if diff := cmp.Diff(tt.want, pathCodes(t, err)); diff != "" {
				t.Errorf("Decide problems mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(in, got); diff != "" {
				t.Errorf("Decide returned a changed record on error (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(in, tt.r); diff != "" {
				t.Errorf("Decide modified its input (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDecideLastCounts: a row may be decided again; the last decision counts, none is removed,
// and the one decided earlier is not changed by a later Decide on the same value.
func TestDecideLastCounts(t *testing.T) {
	r := specReconciliation(t)
	r1 := decideAll(t, r, decision("h-zes>o-lis", medrec.ActionContinue, medrec.IntentUndocumented, t0))
	r2 := decideAll(t, r1, decision("h-zes>o-lis", medrec.ActionHold, medrec.IntentDocumented, t0))
	r3 := decideAll(t, r1, decision("h-zes>o-lis", medrec.ActionStop, medrec.IntentUnintentional, t0.Add(time.Minute)))
	if d, _ := r2.Decision("h-zes>o-lis"); d.Action != medrec.ActionHold || len(r2.Decisions) != 2 {
		t.Errorf("r2: decision = %s, %d decisions; want hold, 2", d.Action, len(r2.Decisions))
	}
	if d, _ := r3.Decision("h-zes>o-lis"); d.Action != medrec.ActionStop || len(r3.Decisions) != 2 {
		t.Errorf("r3: decision = %s, %d decisions; want stop, 2 (two Decides on one value share nothing)", d.Action, len(r3.Decisions))
	}
	if d, _ := r1.Decision("h-zes>o-lis"); d.Action != medrec.ActionContinue || len(r1.Decisions) != 1 {
		t.Errorf("r1 changed: decision = %s, %d decisions", d.Action, len(r1.Decisions))
	}
	if _, ok := r1.Decision(">o-pan"); ok {
		t.Error("Decision(undecided row) ok = true")
	}
}

// TestDecideCopiesResult: the decision's result is copied; changing the caller's value later
// does not change the record.
func TestDecideCopiesResult(t *testing.T) {
	res := fixture(t, "o-mts", medrec.SourceDischargeOrder, "SCD:MTT50", "1 tab PO BID")
	d := decision("h-mtt>o-mts", medrec.ActionModify, medrec.IntentUnintentional, t0)
	d.Result = &res
	r := decideAll(t, specReconciliation(t), d)
	res.Drug.Ingredients[0].Name = "changed"
	res.ID = "changed"
	if got := r.Decisions[0].Result; got.ID != "o-mts" || got.Drug.Ingredients[0].Name != "metoprolol" {
		t.Errorf("the recorded result changed with the caller's value: %s, %s", got.ID, got.Drug.Ingredients[0].Name)
	}
}

func TestFinishUndecided(t *testing.T) {
	r := decideAll(t, specReconciliation(t),
		decision("h-ome>o-ome", medrec.ActionContinue, "", t0),
		decision("h-met>", medrec.ActionContinue, medrec.IntentUnintentional, t0),
		decision(">o-ctx", medrec.ActionNew, medrec.IntentDocumented, t0),
	)
	in := r.Clone()
	got, err := medrec.Finish(r, t0.Add(time.Hour), pharmacist)
	var ue *medrec.UndecidedError
	if !errors.As(err, &ue) || !errors.Is(err, carecoord.ErrInvalid) {
		t.Fatalf("Finish error = %v, want an *UndecidedError matching carecoord.ErrInvalid", err)
	}
	want := []string{"h-lip>o-atv", "h-mtt>o-mts", "h-zes>o-lis", ">o-pan"}
	if diff := cmp.Diff(want, ue.Rows); diff != "" {
		t.Errorf("undecided rows mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(in, got); diff != "" {
		t.Errorf("Finish returned a changed record on error (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(in, r); diff != "" {
		t.Errorf("Finish modified its input (-want +got):\n%s", diff)
	}
}

func TestFinish(t *testing.T) {
	r0 := specReconciliation(t)
	in := r0.Clone()
	tartrate := fixture(t, "o-mts", medrec.SourceDischargeOrder, "SCD:MTT50", "1 tab PO BID")
	modify := decision("h-mtt>o-mts", medrec.ActionModify, medrec.IntentUnintentional, t0)
	modify.Result, modify.Reason = &tartrate, "succinate ordered by mistake"
	r := decideAll(t, r0,
		decision("h-lip>o-atv", medrec.ActionContinue, "", t0),
		decision("h-met>", medrec.ActionContinue, medrec.IntentUnintentional, t0),
		modify,
		decision("h-ome>o-ome", medrec.ActionContinue, "", t0),
		decision("h-zes>o-lis", medrec.ActionHold, medrec.IntentDocumented, t0.Add(time.Minute)),
		decision(">o-ctx", medrec.ActionNew, medrec.IntentDocumented, t0.Add(time.Minute)),
		decision(">o-pan", medrec.ActionStop, medrec.IntentUnintentional, t0.Add(time.Minute)),
	)
	decided := r.Clone()
	at := t0.Add(2 * time.Hour)

	got, err := medrec.Finish(r, at, pharmacist)
	if err != nil {
		t.Fatalf("Finish: %v", err)
	}
	if err := got.Validate(); err != nil {
		t.Errorf("Finish result does not validate: %v", err)
	}
	if got.Status != medrec.SessionCompleted {
		t.Errorf("Status = %s, want completed", got.Status)
	}
	wantHistory := []carecoord.Transition{{From: string(medrec.SessionInProgress), To: string(medrec.SessionCompleted), At: at, By: pharmacist}}
	if diff := cmp.Diff(wantHistory, got.History); diff != "" {
		t.Errorf("History mismatch (-want +got):\n%s", diff)
	}
	if gotAt, gotBy, ok := got.Completed(); !ok || !gotAt.Equal(at) || gotBy != pharmacist {
		t.Errorf("Completed() = %v, %v, %t; want %v, %v, true", gotAt, gotBy, ok, at, pharmacist)
	}
	if _, _, ok := r.Completed(); ok {
		t.Error("Completed() of the reconciliation in progress: ok = true")
	}

	bpmh, orders := specLists(t)
	stat := func(m medrec.Medication, s medrec.Status, reason string) medrec.Medication {
		m.Status = s
		if reason != "" {
			m.Reason = reason
		}
		return m
	}
	wantTartrate := stat(tartrate.Clone(), medrec.StatusActive, "succinate ordered by mistake")
	want := []medrec.Reconciled{
		{Medication: stat(orders[1], medrec.StatusActive, ""), Action: medrec.ActionContinue, Before: "h-lip", After: "o-atv"},
		{Medication: stat(bpmh[4], medrec.StatusActive, ""), Action: medrec.ActionContinue, Before: "h-met", Intent: medrec.IntentUnintentional},
		{Medication: wantTartrate, Action: medrec.ActionModify, Before: "h-mtt", After: "o-mts", Intent: medrec.IntentUnintentional},
		{Medication: stat(orders[3], medrec.StatusActive, ""), Action: medrec.ActionContinue, Before: "h-ome", After: "o-ome"},
		{Medication: stat(orders[0], medrec.StatusOnHold, ""), Action: medrec.ActionHold, Before: "h-zes", After: "o-lis", Intent: medrec.IntentDocumented},
		{Medication: stat(orders[5], medrec.StatusActive, ""), Action: medrec.ActionNew, After: "o-ctx", Intent: medrec.IntentDocumented},
		{Medication: stat(orders[4], medrec.StatusStopped, ""), Action: medrec.ActionStop, After: "o-pan", Intent: medrec.IntentUnintentional},
	}
	if diff := cmp.Diff(want, got.Reconciled); diff != "" {
		t.Errorf("Reconciled mismatch (-want +got):\n%s", diff)
	}

	// The current list: taken drugs in row order, then held ones; stopped ones left out.
	var ids []string
	for _, m := range got.CurrentList() {
		ids = append(ids, m.ID)
	}
	if diff := cmp.Diff([]string{"o-atv", "h-met", "o-mts", "o-ome", "o-ctx", "o-lis"}, ids); diff != "" {
		t.Errorf("CurrentList ids mismatch (-want +got):\n%s", diff)
	}

	// Nothing given was modified.
	if diff := cmp.Diff(decided, r); diff != "" {
		t.Errorf("Finish modified its input (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(in.Before, r.Before); diff != "" {
		t.Errorf("Decide modified the history (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(in, r0); diff != "" {
		t.Errorf("Decide modified its input (-want +got):\n%s", diff)
	}
	// The result shares nothing with the input: changing it leaves the input as it was.
	got.History[0].To = "changed"
	got.Reconciled[0].Medication.Drug.Ingredients[0].Name = "changed"
	got.CurrentList()[0].Drug.Ingredients[0].Name = "changed again"
	if diff := cmp.Diff(decided, r); diff != "" {
		t.Errorf("changing Finish's result changed its input (-want +got):\n%s", diff)
	}

	// A completed reconciliation takes no more decisions and cannot be finished again.
	_, err = medrec.Decide(got, decision("h-ome>o-ome", medrec.ActionStop, "", at.Add(time.Hour)))
	if !errors.Is(err, carecoord.ErrTransition) {
		t.Errorf("Decide on a completed reconciliation: error = %v, want carecoord.ErrTransition", err)
	}
	if _, err := medrec.Finish(got, at.Add(time.Hour), pharmacist); !errors.Is(err, carecoord.ErrTransition) {
		t.Errorf("Finish of a completed reconciliation: error = %v, want carecoord.ErrTransition", err)
	}
}

// TestFinishModifyStatus: a modified drug is on the reconciled list as active (or on hold when
// the result says so) whatever current status the result was written with.
func TestFinishModifyStatus(t *testing.T) {
	for _, tt := range []struct {
		result, want medrec.Status
	}{
		{medrec.StatusIntended, medrec.StatusActive},
		{medrec.StatusActive, medrec.StatusActive},
		{medrec.StatusUnknown, medrec.StatusActive},
		{medrec.StatusNotTaken, medrec.StatusActive},
		{medrec.StatusOnHold, medrec.StatusOnHold},
	} {
		t.Run(string(tt.result), func(t *testing.T) {
			before := []medrec.Medication{fixture(t, "h-met", medrec.SourcePatientReport, "SCD:MET500", "1 tab PO BID")}
			res := with(fixture(t, "h-met", medrec.SourceDischargeOrder, "SCD:MET500", "1 tab PO daily"), status(tt.result))
			r := medrec.Reconciliation{Patient: "pat-1", Context: medrec.ContextDischarge, Before: before, Status: medrec.SessionInProgress}
			d := decision("h-met>", medrec.ActionModify, medrec.IntentDocumented, t0)
			d.Result = &res
			r, err := medrec.Finish(decideAll(t, r, d), t0, pharmacist)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Reconciled[0].Medication.Status; got != tt.want {
				t.Errorf("reconciled status = %s, want %s", got, tt.want)
			}
		})
	}
}

// TestFinishRechecksDecisions: a decision that fitted its row when made but no longer does
// (the orders were edited since) is not applied.
func TestFinishRechecksDecisions(t *testing.T) {
	r := decideAll(t, specReconciliation(t),
		decision("h-lip>o-atv", medrec.ActionContinue, "", t0),
		decision("h-met>", medrec.ActionContinue, medrec.IntentUnintentional, t0),
		decision("h-mtt>o-mts", medrec.ActionContinue, medrec.IntentDocumented, t0),
		decision("h-ome>o-ome", medrec.ActionContinue, "", t0),
		decision("h-zes>o-lis", medrec.ActionContinue, medrec.IntentDocumented, t0),
		decision(">o-ctx", medrec.ActionNew, medrec.IntentDocumented, t0),
		decision(">o-pan", medrec.ActionStop, medrec.IntentUnintentional, t0),
	)
	// The atorvastatin order is changed to two tablets: its row now has a dose discrepancy,
	// and the decision made without an intent no longer fits it.
	r.After = slices.Clone(r.After)
	r.After[1] = fixture(t, "o-atv", medrec.SourceDischargeOrder, "SCD:ATV20", "2 tab PO nightly")
	_, err := medrec.Finish(r, t0.Add(time.Hour), pharmacist)
	if diff := cmp.Diff([]pathCode{{"decisions[0].intent", carecoord.FieldRequired}}, pathCodes(t, err)); diff != "" {
		t.Errorf("Finish problems mismatch (-want +got):\n%s", diff)
	}
}

// TestFinishCombination: rows that share a combination product make one reconciled entry, and
// must be decided alike.
func TestFinishCombination(t *testing.T) {
	h, o := medrec.SourcePatientReport, medrec.SourceDischargeOrder
	r := medrec.Reconciliation{
		Patient: "pat-1", Context: medrec.ContextDischarge, Status: medrec.SessionInProgress,
		Before: []medrec.Medication{fixture(t, "h-lis", h, "SCD:LIS20", "1 tab PO daily"), fixture(t, "h-hct", h, "SCD:HCT25", "1 tab PO daily")},
		After:  []medrec.Medication{fixture(t, "o-lishct", o, "SCD:LISHCT", "1 tab PO daily")},
	}
	alike := decideAll(t, r,
		decision("h-hct>o-lishct", medrec.ActionContinue, medrec.IntentDocumented, t0),
		decision("h-lis>o-lishct", medrec.ActionContinue, medrec.IntentDocumented, t0))
	done, err := medrec.Finish(alike, t0, pharmacist)
	if err != nil {
		t.Fatal(err)
	}
	if len(done.Reconciled) != 1 || done.Reconciled[0].Medication.ID != "o-lishct" || done.Reconciled[0].Medication.Status != medrec.StatusActive {
		t.Errorf("Reconciled = %+v, want the combination once, active", done.Reconciled)
	}
	unlike := decideAll(t, r,
		decision("h-hct>o-lishct", medrec.ActionContinue, medrec.IntentDocumented, t0),
		decision("h-lis>o-lishct", medrec.ActionStop, medrec.IntentDocumented, t0))
	_, err = medrec.Finish(unlike, t0, pharmacist)
	if diff := cmp.Diff([]pathCode{{"decisions", carecoord.FieldInvalid}}, pathCodes(t, err)); diff != "" {
		t.Errorf("Finish problems mismatch (-want +got):\n%s", diff)
	}
}

// TestFinishEmpty: a reconciliation of two empty lists completes with an empty list.
func TestFinishEmpty(t *testing.T) {
	r := medrec.Reconciliation{Patient: "pat-1", Context: medrec.ContextAdmission, Status: medrec.SessionInProgress}
	got, err := medrec.Finish(r, t0, pharmacist)
	if err != nil {
		t.Fatal(err)
	}
	if err := got.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	if got.Status != medrec.SessionCompleted || len(got.Reconciled) != 0 {
		t.Errorf("Finish = %s with %d entries, want completed with none", got.Status, len(got.Reconciled))
	}
}

func TestTransition(t *testing.T) {
	r := specReconciliation(t)
	if _, err := medrec.Transition(r, medrec.SessionCompleted, t0, pharmacist, carecoord.Coding{}); !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("Transition(completed) error = %v, want carecoord.ErrInvalid (completed is Finish's)", err)
	}
	void, err := medrec.Transition(r, medrec.SessionEnteredInError, t0, pharmacist, carecoord.Coding{})
	if err != nil {
		t.Fatal(err)
	}
	if void.Status != medrec.SessionEnteredInError || len(void.History) != 1 || len(r.History) != 0 {
		t.Errorf("Transition = %s with %d moves (input %d), want entered-in-error, 1 (0)", void.Status, len(void.History), len(r.History))
	}
	if _, err := medrec.Transition(void, medrec.SessionInProgress, t0, pharmacist, carecoord.Coding{}); !errors.Is(err, carecoord.ErrTransition) {
		t.Errorf("Transition(entered-in-error → in-progress) error = %v, want carecoord.ErrTransition", err)
	}
	if _, err := medrec.Decide(void, decision("h-ome>o-ome", medrec.ActionContinue, "", t0)); !errors.Is(err, carecoord.ErrTransition) {
		t.Errorf("Decide(entered-in-error) error = %v, want carecoord.ErrTransition", err)
	}
}

func TestValidate(t *testing.T) {
	ok := specReconciliation(t)
	tests := []struct {
		name   string
		change func(r *medrec.Reconciliation)
		want   []pathCode
	}{
		{"valid", func(*medrec.Reconciliation) {}, nil},
		{"no patient", func(r *medrec.Reconciliation) { r.Patient = "" }, []pathCode{{"patient", carecoord.FieldRequired}}},
		{"bad patient", func(r *medrec.Reconciliation) { r.Patient = "pat 1" }, []pathCode{{"patient", carecoord.FieldInvalid}}},
		{"no context", func(r *medrec.Reconciliation) { r.Context = "" }, []pathCode{{"context", carecoord.FieldRequired}}},
		{"bad context", func(r *medrec.Reconciliation) { r.Context = "icu" }, []pathCode{{"context", carecoord.FieldNotSupported}}},
		{"bad encounter", func(r *medrec.Reconciliation) { r.Encounter = "enc/1" }, []pathCode{{"encounter", carecoord.FieldInvalid}}},
		{"duplicate id across sides", func(r *medrec.Reconciliation) { r.After[2].ID = "h-mtt" },
			[]pathCode{{"after[2].id", carecoord.FieldDuplicate}}},
		{"duplicate id within a side", func(r *medrec.Reconciliation) { r.After[5].ID = "o-lis" },
			[]pathCode{{"after[5].id", carecoord.FieldDuplicate}}},
		{"bad entry", func(r *medrec.Reconciliation) { r.Before[1].Status = ""; r.Before[1].Drug.Ingredients[0].Name = "" },
			[]pathCode{{"before[1].drug.ingredients[0].name", carecoord.FieldRequired}, {"before[1].status", carecoord.FieldRequired}}},
		{"no status", func(r *medrec.Reconciliation) { r.Status = "" }, []pathCode{{"status", carecoord.FieldRequired}}},
		{"bad status", func(r *medrec.Reconciliation) { r.Status = "open" }, []pathCode{{"status", carecoord.FieldNotSupported}}},
		{"history move the table does not allow", func(r *medrec.Reconciliation) {
			r.History = []carecoord.Transition{{From: "completed", To: "in-progress", At: t0, By: pharmacist}}
		}, []pathCode{{"history[0]", carecoord.FieldInvalid}}},
		{"history not ending in the status", func(r *medrec.Reconciliation) {
			r.History = []carecoord.Transition{{From: "in-progress", To: "entered-in-error", At: t0, By: pharmacist}}
		}, []pathCode{{"history[0]", carecoord.FieldInvalid}}},
		{"history without time or actor", func(r *medrec.Reconciliation) {
			r.Status = medrec.SessionEnteredInError
			r.History = []carecoord.Transition{{From: "in-progress", To: "entered-in-error"}}
		}, []pathCode{{"history[0].at", carecoord.FieldRequired}, {"history[0].by.kind", carecoord.FieldRequired}, {"history[0].by.id", carecoord.FieldRequired}}},
		{"completed without a reconciled list", func(r *medrec.Reconciliation) {
			r.Status = medrec.SessionCompleted
			r.History = []carecoord.Transition{{From: "in-progress", To: "completed", At: t0, By: pharmacist}}
		}, []pathCode{{"reconciled", carecoord.FieldRequired}}},
		{"bad decisions", func(r *medrec.Reconciliation) {
			r.Decisions = []medrec.Decision{{Action: "resume", Intent: "maybe"}}
		}, []pathCode{{"decisions[0].row", carecoord.FieldRequired}, {"decisions[0].action", carecoord.FieldNotSupported},
			{"decisions[0].intent", carecoord.FieldNotSupported}, {"decisions[0].at", carecoord.FieldRequired},
			{"decisions[0].by.kind", carecoord.FieldRequired}, {"decisions[0].by.id", carecoord.FieldRequired}}},
		{"bad reconciled entry", func(r *medrec.Reconciliation) {
			r.Reconciled = []medrec.Reconciled{{Medication: medrec.Medication{ID: "x", Source: "fax", Status: medrec.StatusActive, Drug: medrec.Drug{Name: "x"}}}}
		}, []pathCode{{"reconciled[0].medication.source", carecoord.FieldNotSupported}, {"reconciled[0].action", carecoord.FieldNotSupported}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ok.Clone()
			tt.change(&r)
			if diff := cmp.Diff(tt.want, pathCodes(t, r.Validate())); diff != "" {
				t.Errorf("Validate problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSessionLifecycle drives a reconciliation with random decisions, finishes and voids
// against a literal model of the transition table (reconcile.go's doc, not its code):
// in-progress → completed (Finish only) or entered-in-error; completed → entered-in-error;
// entered-in-error is terminal.
func TestSessionLifecycle(t *testing.T) {
	type edge = [2]medrec.SessionStatus
	allowed := map[edge]bool{
		{medrec.SessionInProgress, medrec.SessionCompleted}:      true,
		{medrec.SessionInProgress, medrec.SessionEnteredInError}: true,
		{medrec.SessionCompleted, medrec.SessionEnteredInError}:  true,
	}
	base := specReconciliation(t)
	rows := base.Compare().Rows
	finished := 0
	defer func() {
		if finished == 0 {
			t.Error("no run finished a reconciliation: the test does not reach completed")
		}
	}()
	rapid.Check(t, func(t *rapid.T) {
		r := base.Clone()
		model := medrec.SessionInProgress
		now := t0
		decided := map[string]bool{}
		t.Repeat(map[string]func(*rapid.T){
			"decide": func(t *rapid.T) {
				pool := rows // mostly rows not yet decided, so that Finish can succeed
				undecided := slices.DeleteFunc(slices.Clone(rows), func(r medrec.Row) bool { return decided[r.Key()] })
				if len(undecided) > 0 && rapid.IntRange(0, 3).Draw(t, "again") > 0 {
					pool = undecided
				}
				row := rapid.SampledFrom(pool).Draw(t, "row")
				a := medrec.ActionStop
				if row.Before != "" && rapid.Bool().Draw(t, "continue") {
					a = medrec.ActionContinue
				}
				var intent medrec.Intent
				if _, ok := row.Discrepancy(); ok {
					intent = rapid.SampledFrom([]medrec.Intent{medrec.IntentDocumented, medrec.IntentUndocumented, medrec.IntentUnintentional}).Draw(t, "intent")
				}
				now = now.Add(time.Duration(rapid.IntRange(0, 90).Draw(t, "minutes")) * time.Minute)
				next, err := medrec.Decide(r, decision(row.Key(), a, intent, now))
				if model != medrec.SessionInProgress {
					if !errors.Is(err, carecoord.ErrTransition) {
						t.Fatalf("Decide in %s: error = %v, want ErrTransition", model, err)
					}
					return
				}
				if err != nil {
					t.Fatalf("Decide(%s): %v", row.Key(), err)
				}
				r, decided[row.Key()] = next, true
			},
			"finish": func(t *rapid.T) {
				now = now.Add(time.Minute)
				next, err := medrec.Finish(r, now, pharmacist)
				switch {
				case !allowed[edge{model, medrec.SessionCompleted}]:
					if !errors.Is(err, carecoord.ErrTransition) {
						t.Fatalf("Finish in %s: error = %v, want ErrTransition", model, err)
					}
				case len(decided) < len(rows):
					var ue *medrec.UndecidedError
					if !errors.As(err, &ue) || len(ue.Rows) != len(rows)-len(decided) {
						t.Fatalf("Finish with %d of %d rows decided: error = %v", len(decided), len(rows), err)
					}
				case err != nil:
					t.Fatalf("Finish: %v", err)
				default:
					r, model = next, medrec.SessionCompleted
					finished++
				}
			},
			"void": func(t *rapid.T) {
				to := rapid.SampledFrom(medrec.SessionStatuses()).Draw(t, "to")
				now = now.Add(time.Minute)
				next, err := medrec.Transition(r, to, now, pharmacist, carecoord.Coding{})
				switch {
				case to == medrec.SessionCompleted:
					if !errors.Is(err, carecoord.ErrInvalid) {
						t.Fatalf("Transition(completed): error = %v, want ErrInvalid", err)
					}
				case allowed[edge{model, to}] != (err == nil):
					t.Fatalf("Transition(%s → %s): error = %v", model, to, err)
				case err == nil:
					r, model = next, to
				}
			},
			"": func(t *rapid.T) {
				if r.Status != model {
					t.Fatalf("Status = %s, model %s", r.Status, model)
				}
				if n := len(r.History); n > 0 && medrec.SessionStatus(r.History[n-1].To) != r.Status {
					t.Fatalf("last move ends in %s, status %s", r.History[n-1].To, r.Status)
				}
				if err := r.Validate(); err != nil {
					t.Fatalf("Validate: %v", err)
				}
				_, _, done := r.Completed()
				if done != (model == medrec.SessionCompleted) {
					t.Fatalf("Completed() ok = %t in %s", done, model)
				}
			},
		})
	})
}

// A reconciliation with nothing current to reconcile (one stopped home drug) completes with an
// empty reconciled list, and the completed record is valid (a store accepts it).
func TestFinishWithNothingCurrent(t *testing.T) {
	stopped := with(fixture(t, "h-dig", medrec.SourcePatientReport, "SCD:MET500", "1 tab PO daily"), status(medrec.StatusStopped))
	r := medrec.Reconciliation{Patient: "pat-1", Context: medrec.ContextAdmission, Before: []medrec.Medication{stopped}, Status: medrec.SessionInProgress}
	done, err := medrec.Finish(r, t0, pharmacist)
	if err != nil {
		t.Fatalf("Finish: %v", err)
	}
	if len(done.Reconciled) != 0 {
		t.Errorf("reconciled = %d entries, want none", len(done.Reconciled))
	}
	if err := done.Validate(); err != nil {
		t.Errorf("Validate(completed with nothing current) = %v", err)
	}
}
