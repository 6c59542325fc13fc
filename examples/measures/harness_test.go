package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func r3Fills(t *testing.T, rows ...string) string {
	t.Helper()
	dir := t.TempDir()
	body := "fill_id,patient_id,drug_class,drug,fill_date,days_supply\n" + strings.Join(rows, "\n") + "\n"
	if err := os.WriteFile(filepath.Join(dir, "fills.csv"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// SPEC.md: days_supply is an int >= 1, with no upper bound; the reference (ref.ComputePDC)
// accepts 400 and prints a line. The command refuses the file.
func TestLongSupplyAsTheHarness(t *testing.T) {
	dir := r3Fills(t, "1,7,rasa,x,2025-01-01,400", "2,7,rasa,x,2025-06-01,30")
	got, err := runMeasures(t, "-data", dir, "-metric", "pdc")
	if want := "pdc class=rasa eligible=1 adherent=1 covered_days=365\n"; err != nil || got != want {
		t.Errorf("got %q, %v; want %q (as ref.ComputePDC gives)", got, err, want)
	}
}

// SPEC.md: patient_id is an int64, and the reference parses it: "07" and "7" are one
// patient with fills on two dates. The command groups by the text.
func TestPatientIDIsAnInteger(t *testing.T) {
	dir := r3Fills(t, "1,7,rasa,x,2025-01-01,30", "2,07,rasa,x,2025-02-01,30")
	got, err := runMeasures(t, "-data", dir, "-metric", "pdc")
	if want := "pdc class=rasa eligible=1 adherent=0 covered_days=60\n"; err != nil || got != want {
		t.Errorf("got %q, %v; want %q (as ref.ComputePDC gives)", got, err, want)
	}
}
