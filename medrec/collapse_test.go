package medrec_test

import (
	"fmt"
	"testing"

	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/medrec"
	"github.com/carecoord/carecoord/medrec/dosage"
	"github.com/google/go-cmp/cmp"
)

func filled(m medrec.Medication, day string, daysSupply int) medrec.Medication {
	m.LastFill, m.DaysSupply = civil.MustParse(day), daysSupply
	return m
}

// TestCollapseRefills: thirteen monthly refills of one prescription are one entry, the latest
// fill, with all thirteen fills as provenance, oldest first (spec §7.5: merge, keep provenance).
func TestCollapseRefills(t *testing.T) {
	var fills []medrec.Medication
	var wantProv []medrec.Provenance
	for i := range 13 {
		day := civil.MustParse("2024-01-15").AddMonths(i)
		id := fmt.Sprintf("fill-%02d", i)
		m := filled(fixture(t, id, medrec.SourcePharmacyFill, "SCD:ATV20", "1 tab PO nightly"), day.String(), 30)
		fills = append(fills, m)
		wantProv = append(wantProv, medrec.Provenance{ID: id, Source: medrec.SourcePharmacyFill, Date: day})
	}
	// The pharmacy's feed is not in date order.
	fills[3], fills[9] = fills[9], fills[3]
	input := cloneList(fills)

	got := medrec.Collapse(fills)

	want := fixture(t, "fill-12", medrec.SourcePharmacyFill, "SCD:ATV20", "1 tab PO nightly")
	want.LastFill, want.DaysSupply = civil.MustParse("2025-01-15"), 30
	want.Provenance = wantProv
	if diff := cmp.Diff([]medrec.Medication{want}, got); diff != "" {
		t.Errorf("Collapse(13 refills) mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(input, fills); diff != "" {
		t.Errorf("Collapse modified its input (-want +got):\n%s", diff)
	}
}

// TestCollapseBrandAndGeneric: the patient names the brand, the pharmacy fills the generic:
// one drug, kept as the pharmacy's (latest) record, with both sources as provenance.
func TestCollapseBrandAndGeneric(t *testing.T) {
	patient := fixture(t, "pt-lipitor", medrec.SourcePatientReport, "SBD:LIP20", "1 tab PO nightly")
	patient.Start = civil.MustParse("2023-05-01")
	pharmacy := filled(fixture(t, "rx-atv", medrec.SourcePharmacyFill, "SCD:ATV20", "1 tab PO at bedtime"), "2025-02-03", 90)

	got := medrec.Collapse([]medrec.Medication{patient, pharmacy})

	want := pharmacy.Clone()
	want.Provenance = []medrec.Provenance{
		{ID: "pt-lipitor", Source: medrec.SourcePatientReport, Date: civil.MustParse("2023-05-01")},
		{ID: "rx-atv", Source: medrec.SourcePharmacyFill, Date: civil.MustParse("2025-02-03")},
	}
	if diff := cmp.Diff([]medrec.Medication{want}, got); diff != "" {
		t.Errorf("Collapse(brand, generic) mismatch (-want +got):\n%s", diff)
	}
}

// TestCollapseMissingDirections: an entry without directions takes them from another source
// (its Dosage; its Sig stays as received). Updated with the review fix that stopped Collapse
// from promoting a status and from overwriting Sig: the entries now share a status, and the
// merged entry keeps its own (empty) Sig.
func TestCollapseMissingDirections(t *testing.T) {
	latest := filled(fixture(t, "rx", medrec.SourcePharmacyFill, "SCD:MET500", "1 tab PO BID"), "2025-03-01", 30)
	latest = with(latest, noDirections)
	patient := fixture(t, "pt", medrec.SourcePatientReport, "SCD:MET500", "1 tab PO BID")

	got := medrec.Collapse([]medrec.Medication{latest, patient})
	if len(got) != 1 {
		t.Fatalf("Collapse = %d entries, want 1", len(got))
	}
	m := got[0]
	if diff := cmp.Diff(patient.Dosage, m.Dosage); diff != "" {
		t.Errorf("merged Dosage mismatch (-patient's +got):\n%s", diff)
	}
	if m.ID != "rx" || m.Sig != "" || m.Status != medrec.StatusActive {
		t.Errorf("Collapse = id %s, sig %q, status %s; want rx with its own empty sig, active", m.ID, m.Sig, m.Status)
	}
}

// TestCollapseKeepsApart lists what must not merge.
func TestCollapseKeepsApart(t *testing.T) {
	h, f := medrec.SourcePatientReport, medrec.SourcePharmacyFill
	tests := []struct {
		name string
		list []medrec.Medication
	}{
		{"conflicting doses", []medrec.Medication{
			fixture(t, "a", h, "SCD:ATV20", "1 tab PO nightly"),
			fixture(t, "b", f, "SCD:ATV20", "2 tab PO nightly"),
		}},
		{"conflicting frequencies", []medrec.Medication{
			fixture(t, "a", h, "SCD:MET500", "1 tab PO daily"),
			fixture(t, "b", f, "SCD:MET500", "1 tab PO BID"),
		}},
		{"as needed and scheduled", []medrec.Medication{
			fixture(t, "a", h, "SCD:OME20", "1 cap PO daily PRN heartburn"),
			fixture(t, "b", f, "SCD:OME20", "1 cap PO daily"),
		}},
		{"conflicting routes", []medrec.Medication{
			fixture(t, "a", h, "SCD:PAN40", "40 mg PO daily"),
			fixture(t, "b", f, "SCD:PAN40", "40 mg IV daily"),
		}},
		{"uncoded and coded of one name", []medrec.Medication{
			uncoded(t, "a", h, "atorvastatin 20 MG Oral Tablet", "1 tab PO nightly"),
			fixture(t, "b", f, "SCD:ATV20", "1 tab PO nightly"),
		}},
		{"uncoded of different names", []medrec.Medication{
			uncoded(t, "a", h, "fish oil", "1 cap PO daily"),
			uncoded(t, "b", h, "vitamin D", "1 cap PO daily"),
		}},
		{"same ingredient, other product", []medrec.Medication{
			fixture(t, "a", h, "SCD:LIS10", "1 tab PO daily"),
			fixture(t, "b", f, "SCD:LIS20", "1 tab PO daily"),
		}},
		{"one stopped", []medrec.Medication{
			with(fixture(t, "a", h, "SCD:ATV20", "1 tab PO nightly"), status(medrec.StatusStopped)),
			fixture(t, "b", f, "SCD:ATV20", "1 tab PO nightly"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := medrec.Collapse(tt.list)
			if diff := cmp.Diff(tt.list, got); diff != "" {
				t.Errorf("Collapse changed a list that has nothing to merge (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCollapseConflictIsDuplication: two entries of one drug whose sigs conflict stay apart,
// and Compare reports them as a duplication within the list, for a clinician to settle.
func TestCollapseConflictIsDuplication(t *testing.T) {
	r := medrec.Reconciliation{
		Before: []medrec.Medication{
			fixture(t, "pt-atv", medrec.SourcePatientReport, "SCD:ATV20", "1 tab PO nightly"),
			filled(fixture(t, "rx-lip", medrec.SourcePharmacyFill, "SBD:LIP20", "2 tab PO nightly"), "2025-01-10", 30),
		},
		After: []medrec.Medication{fixture(t, "o-atv", medrec.SourceDischargeOrder, "SCD:ATV20", "1 tab PO nightly")},
	}
	c := r.Compare()
	want := []medrec.ListProblem{{Side: medrec.SideBefore, Kind: medrec.KindDuplication, A: "pt-atv", B: "rx-lip"}}
	if diff := cmp.Diff(want, c.Problems); diff != "" {
		t.Errorf("Compare problems mismatch (-want +got):\n%s", diff)
	}
	wantRows := []wantRow{
		{Before: "pt-atv", After: "o-atv", Match: medrec.MatchCode},
		{Before: "rx-lip", Kinds: kinds(medrec.KindOmission), Intent: medrec.IntentUnclear},
	}
	if diff := cmp.Diff(wantRows, summarize(c), compareOpts); diff != "" {
		t.Errorf("Compare rows mismatch (-want +got):\n%s", diff)
	}
}

// TestCollapseProvenanceOfMerged: merging an already merged entry keeps its provenance, not
// its own id, and nothing is listed twice.
func TestCollapseProvenanceOfMerged(t *testing.T) {
	a := filled(fixture(t, "a", medrec.SourcePharmacyFill, "SCD:ATV20", "1 tab PO nightly"), "2025-01-01", 30)
	b := filled(fixture(t, "b", medrec.SourcePharmacyFill, "SCD:ATV20", "1 tab PO nightly"), "2025-02-01", 30)
	c := filled(fixture(t, "c", medrec.SourcePharmacyFill, "SCD:ATV20", "1 tab PO nightly"), "2025-03-01", 30)
	once := medrec.Collapse([]medrec.Medication{a, b})
	twice := medrec.Collapse(append(once, c))
	if len(twice) != 1 {
		t.Fatalf("Collapse = %d entries, want 1", len(twice))
	}
	want := []medrec.Provenance{
		{ID: "a", Source: medrec.SourcePharmacyFill, Date: a.LastFill},
		{ID: "b", Source: medrec.SourcePharmacyFill, Date: b.LastFill},
		{ID: "c", Source: medrec.SourcePharmacyFill, Date: c.LastFill},
	}
	if diff := cmp.Diff(want, twice[0].Provenance); diff != "" {
		t.Errorf("provenance mismatch (-want +got):\n%s", diff)
	}
	// Collapse is idempotent.
	if diff := cmp.Diff(twice, medrec.Collapse(twice)); diff != "" {
		t.Errorf("Collapse(Collapse(l)) != Collapse(l) (-want +got):\n%s", diff)
	}
}

// TestCollapseResultIsNew: changing the result does not reach the input.
func TestCollapseResultIsNew(t *testing.T) {
	list := []medrec.Medication{
		fixture(t, "a", medrec.SourcePatientReport, "SCD:LISHCT", "1 tab PO at bedtime"),
		filled(fixture(t, "b", medrec.SourcePharmacyFill, "SCD:ATV20", "1 tab PO at bedtime"), "2025-01-01", 30),
		filled(fixture(t, "c", medrec.SourcePharmacyFill, "SCD:ATV20", "1 tab PO at bedtime"), "2025-02-01", 30),
	}
	input := cloneList(list)
	got := medrec.Collapse(list)
	if len(got) != 2 {
		t.Fatalf("Collapse = %d entries, want 2", len(got))
	}
	for i := range got {
		got[i].Drug.Ingredients[0].Name = "changed"
		got[i].Dosage.Timing.When[0] = dosage.EventTiming("C")
	}
	got[1].Provenance[0].ID = "changed"
	if diff := cmp.Diff(input, list); diff != "" {
		t.Errorf("changing Collapse's result changed its input (-want +got):\n%s", diff)
	}
}

// TestCollapsePartialDirections was found by TestPropertyCollapse (rapid fail file
// TestPropertyCollapse-20261126012721-24801): the latest entry said "1 tab PO" and an older
// one "1 tab PO daily"; the merged entry kept "1 tab PO", losing the schedule, and a second
// Collapse then merged it with a twice-daily entry. Directions are now combined field by field.
func TestCollapsePartialDirections(t *testing.T) {
	h := medrec.SourcePatientReport
	list := []medrec.Medication{
		fixture(t, "m0", h, "SCD:ATV99", "1 tab PO daily"),
		fixture(t, "m1", h, "SCD:ATV99", "1 tab PO BID"),
		fixture(t, "m2", h, "SCD:ATV99", "1 tab PO"),
	}
	once := medrec.Collapse(list)
	if len(once) != 2 {
		t.Fatalf("Collapse = %d entries, want 2 (m0 with m2, m1 alone)", len(once))
	}
	merged := once[0] // Sig as received (review fix: Collapse no longer rewrites it); Dosage combined
	if merged.ID != "m2" || merged.Sig != "1 tab PO" || merged.Dosage.String() != "1 tablet by mouth once daily" || len(merged.Provenance) != 2 {
		t.Errorf("merged = %s %q (%q) with %d provenance records; want m2 \"1 tab PO\" (\"1 tablet by mouth once daily\") with 2",
			merged.ID, merged.Sig, merged.Dosage.String(), len(merged.Provenance))
	}
	if diff := cmp.Diff(once, medrec.Collapse(once)); diff != "" {
		t.Errorf("Collapse(Collapse(l)) != Collapse(l) (-want +got):\n%s", diff)
	}
}

// TestCollapseOrderIndependent: an entry without a schedule agrees with two entries that
// disagree with each other; which one it joins must not depend on the order of the list (it
// joins the group of the smallest id).
func TestCollapseOrderIndependent(t *testing.T) {
	h := medrec.SourcePatientReport
	daily := fixture(t, "m0", h, "SCD:MET500", "1 tab PO daily")
	bid := fixture(t, "m1", h, "SCD:MET500", "1 tab PO BID")
	open := fixture(t, "m2", h, "SCD:MET500", "1 tab PO")
	for _, list := range [][]medrec.Medication{{daily, bid, open}, {bid, daily, open}, {open, bid, daily}} {
		got := map[string]int{}
		for _, m := range medrec.Collapse(list) {
			got[m.Dosage.String()] = len(m.Provenance) // the combined directions (Sig stays as received)
		}
		want := map[string]int{"1 tablet by mouth once daily": 2, "1 tablet by mouth twice daily": 0}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Collapse(%s, %s, %s) mismatch (-want +got):\n%s", list[0].ID, list[1].ID, list[2].ID, diff)
		}
	}
}
