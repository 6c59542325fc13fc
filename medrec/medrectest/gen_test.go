package medrectest_test

import (
	"testing"

	"github.com/carecoord/carecoord/medrec"
	"github.com/carecoord/carecoord/medrec/medrectest"
	"pgregory.net/rapid"
)

// TestGenerators draws from the generators, which fail the test themselves on a record that
// is not valid, and checks that they reach what they promise: every session status, and
// completed reconciliations with a reconciled list.
func TestGenerators(t *testing.T) {
	seen := map[medrec.SessionStatus]bool{}
	reconciled := false
	rapid.Check(t, func(t *rapid.T) {
		medrectest.Medication("m1").Draw(t, "medication")
		r := medrectest.Reconciliation("r1").Draw(t, "reconciliation")
		if r.Version != 0 || r.ID != "r1" || r.UpdatedBy.IsZero() || r.UpdatedAt.IsZero() {
			t.Fatalf("Reconciliation: Meta = %+v, want id r1, version 0, stamped", r.Meta)
		}
		seen[r.Status] = true
		reconciled = reconciled || len(r.Reconciled) > 0
	})
	for _, s := range medrec.SessionStatuses() {
		if !seen[s] {
			t.Errorf("Reconciliation never generated status %s", s)
		}
	}
	if !reconciled {
		t.Error("Reconciliation never generated a reconciled list")
	}
}
