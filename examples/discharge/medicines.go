package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/medrec"
	"github.com/carecoord/carecoord/medrec/dosage"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/transition"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
)

// exampleDrugs is the code system of the two products the story needs that
// medrec.FixtureTable does not have: high-intensity atorvastatin and a sulfonylurea. Like the
// fixture table's, its codes are symbolic, not RxNorm RxCUIs, which examples must not
// hard-code (metrics-medrec spec §7.6); a real app resolves RxCUIs through RxNorm.
const exampleDrugs = "urn:carecoord:example:drug"

// A terminology looks drug codes up in each of its terminologies in turn, as an app puts its
// own formulary in front of RxNorm. The error of a code none knows wraps carecoord.ErrNotFound.
type terminology []medrec.Terminology

func (ts terminology) Product(ctx context.Context, code carecoord.Coding) (medrec.Product, error) {
	for _, t := range ts {
		p, err := t.Product(ctx, code)
		if !errors.Is(err, carecoord.ErrNotFound) {
			return p, err
		}
	}
	return medrec.Product{}, fmt.Errorf("drug code unknown to every terminology: %w", carecoord.ErrNotFound)
}

// newTerminology returns the example's products in front of medrec.FixtureTable.
func newTerminology() (terminology, error) {
	code := func(c string) carecoord.Coding { return carecoord.Coding{System: exampleDrugs, Code: c} }
	mg := func(name, salt, strength string) medrec.Ingredient {
		return medrec.Ingredient{Name: name, Precise: salt, Strength: decimal.RequireFromString(strength), Unit: "mg"}
	}
	own, err := medrec.NewTable([]medrec.Product{
		{Code: code("SCD:ATV80"), TTY: "SCD", Name: "atorvastatin 80 MG Oral Tablet", DoseForm: "Oral Tablet", Class: "STATIN",
			Ingredients: []medrec.Ingredient{mg("atorvastatin", "atorvastatin calcium", "80")}},
		{Code: code("SCD:GLP5"), TTY: "SCD", Name: "glipizide 5 MG Oral Tablet", DoseForm: "Oral Tablet", Class: "SULFONYLUREA",
			Ingredients: []medrec.Ingredient{mg("glipizide", "", "5")}},
	})
	if err != nil {
		return nil, fmt.Errorf("the example's drug table: %w", err)
	}
	return terminology{own, medrec.FixtureTable()}, nil
}

// An entry is one line of a medication list as a source gives it: the drug's code (in the
// fixture table's system, or the example's when the code says "own"), its name as written,
// and the directions as written.
type entry struct {
	id, code, name, sig string
	own                 bool   // the code is one of exampleDrugs, not of the fixture table
	reason              string // on an order: why it was started or changed
}

// medications turns entries from one source into resolved medication entries: the sig parsed
// into structured directions (medrec/dosage) and the drug completed from the terminology.
func (s *story) medications(t medrec.Terminology, src medrec.Source, status medrec.Status, es ...entry) ([]medrec.Medication, error) {
	var list []medrec.Medication
	for _, e := range es {
		d, err := dosage.Parse(e.sig)
		if err != nil {
			return nil, fmt.Errorf("directions of entry %s: %w", e.id, err)
		}
		system := medrec.SystemFixtureDrug
		if e.own {
			system = exampleDrugs
		}
		list = append(list, medrec.Medication{ID: e.id, Source: src, Status: status, Sig: e.sig, Dosage: d, Reason: e.reason,
			Drug: medrec.Drug{Code: carecoord.Coding{System: system, Code: e.code}, Name: e.name}})
	}
	return medrec.ResolveAll(s.ctx, t, list)
}

// A decision is what a clinician decides for one row of a reconciliation, found by the row's
// key ("before>after", entry ids).
type decision struct {
	action medrec.Action
	intent medrec.Intent
	reason string
}

// reconcileAtDischarge is the hospital's reconciliation (WHO High 5s; Best Possible
// Medication History from her own account and her pharmacy's fills) against the discharge
// orders, decided row by row by the hospitalist before she leaves.
func (s *story) reconcileAtDischarge() error {
	t, err := newTerminology()
	if err != nil {
		return err
	}
	home, err := s.medications(t, medrec.SourcePatientReport, medrec.StatusActive,
		entry{id: "h1", code: "SBD:ZES10", name: "Zestril 10 mg", sig: "1 tab PO daily"},
		entry{id: "h2", code: "SBD:LIP20", name: "Lipitor 20 mg", sig: "1 tab PO nightly"},
		entry{id: "h3", code: "SCD:GLP5", own: true, name: "glipizide 5 mg", sig: "1 tab PO BID"})
	if err != nil {
		return err
	}
	fills, err := s.medications(t, medrec.SourcePharmacyFill, medrec.StatusActive,
		entry{id: "f1", code: "SCD:MET500", name: "METFORMIN HCL 500MG TAB", sig: "1 tab PO BID"},
		entry{id: "f2", code: "SCD:MET500", name: "METFORMIN HCL 500MG TAB", sig: "1 tab PO BID"})
	if err != nil {
		return err
	}
	fills[0].LastFill, fills[0].DaysSupply = date(-60), 30 // two monthly fills of one prescription
	fills[1].LastFill, fills[1].DaysSupply = date(-30), 30
	orders, err := s.medications(t, medrec.SourceDischargeOrder, medrec.StatusIntended,
		entry{id: "d1", code: "SCD:LIS10", name: "lisinopril 10 mg tab", sig: "1 tab PO daily"},
		entry{id: "d2", code: "SCD:ATV80", own: true, name: "atorvastatin 80 mg tab", sig: "1 tab PO qhs",
			reason: "high-intensity statin after myocardial infarction"},
		entry{id: "d3", code: "SCD:MET500", name: "metformin 500 mg tab", sig: "1 tab PO BID"},
		entry{id: "d4", code: "SCD:ASA81", name: "aspirin EC 81 mg", sig: "1 tab PO daily", reason: "coronary stent"},
		entry{id: "d5", code: "SCD:CLO75", name: "clopidogrel 75 mg", sig: "1 tab PO daily", reason: "coronary stent"},
		entry{id: "d6", code: "SCD:MTS50", name: "metoprolol succinate ER 50 mg", sig: "1 tab PO daily",
			reason: "beta-blocker after myocardial infarction"})
	if err != nil {
		return err
	}
	started := s.at(0, 11, 0)
	r := medrec.Reconciliation{
		Meta:    carecoord.Meta{ID: medsAtDischarge, UpdatedAt: started, UpdatedBy: s.who.hospitalist},
		Patient: patient, Context: medrec.ContextDischarge, Encounter: stayID, Status: medrec.SessionInProgress,
		Before: append(home, fills...), After: orders,
	}
	if _, err := s.meds.Save(s.ctx, r); err != nil {
		return fmt.Errorf("saving the discharge reconciliation: %w", err)
	}
	dapt := "dual antiplatelet therapy, 12 months after a stent for ACS (2016 ACC/AHA DAPT update)"
	done, err := s.reconcile(medsAtDischarge, s.who.hospitalist, s.at(0, 12, 0), map[string]decision{
		"h1>d1": {action: medrec.ActionContinue},
		"h2>d2": {medrec.ActionContinue, medrec.IntentDocumented, "high-intensity statin after MI (2018 ACC/AHA cholesterol guideline)"},
		"f2>d3": {action: medrec.ActionContinue},
		"h3>":   {medrec.ActionStop, medrec.IntentDocumented, "hypoglycemia risk; avoid sulfonylureas in older adults (AGS Beers Criteria 2023)"},
		">d4":   {medrec.ActionNew, medrec.IntentDocumented, dapt},
		">d5":   {medrec.ActionNew, medrec.IntentDocumented, dapt},
		">d6":   {medrec.ActionNew, medrec.IntentDocumented, "beta-blocker after MI (2014 AHA/ACC NSTE-ACS guideline)"},
	})
	if err != nil {
		return err
	}
	c := done.Compare()
	n := c.Counts()
	s.out.line(2, fmt.Sprintf("%s Medicines reconciled before she leaves (WHO High 5s: her account and pharmacy fills "+
		"against the discharge orders): %d rows, %d discrepancies, %d to clarify; decisions by %s [%s]:",
		s.clock(started), n.Rows, n.Discrepant, n.Clarification, s.who.hospitalist.Display, saved(done.Meta)))
	s.rows(done, c, "at home", "discharge orders")
	return nil
}

// reconcile records a decision on every row of the reconciliation id, by the clinician by,
// and finishes it at at, as one new version in the store.
func (s *story) reconcile(id string, by carecoord.Actor, at time.Time, decisions map[string]decision) (medrec.Reconciliation, error) {
	r, err := carecoord.Update(s.ctx, s.meds, id, at, by, func(r medrec.Reconciliation) (medrec.Reconciliation, error) {
		for _, row := range r.Compare().Rows {
			d, ok := decisions[row.Key()]
			if !ok {
				return r, fmt.Errorf("no decision for row %s", row.Key())
			}
			var err error
			r, err = medrec.Decide(r, medrec.Decision{Row: row.Key(), Action: d.action, Intent: d.intent, Reason: d.reason, At: at, By: by})
			if err != nil {
				return r, err
			}
		}
		return medrec.Finish(r, at, by)
	})
	if err != nil {
		return r, fmt.Errorf("reconciliation %s: %w", id, err)
	}
	return r, nil
}

// rows prints a reconciliation's rows under the titles of its two lists: the drug on each side,
// what differs, and the decision, with its reason on the line below.
func (s *story) rows(r medrec.Reconciliation, c medrec.Comparison, before, after string) {
	names := map[string]string{"": "—"}
	for _, m := range append(medrec.Collapse(r.Before), r.After...) {
		names[m.ID] = m.Drug.Name
		if n := len(m.Provenance); n > 1 {
			names[m.ID] += fmt.Sprintf(" ×%d", n)
		}
	}
	const row = "    %-26s  %-29s  %-23s  %s\n"
	s.out.printf(row, before, after, "discrepancy", "decision")
	for i, rw := range c.Rows {
		found := "none (" + string(rw.Match) + ")"
		if d, ok := rw.Discrepancy(); ok {
			found = string(d.Kind)
		}
		d, _ := r.Decision(rw.Key())
		s.out.printf(row, names[rw.Before], names[rw.After], found, d.Action)
		// A reason shared by consecutive rows (both antiplatelets) is printed once, after them.
		if next := i + 1; d.Reason != "" && (next == len(c.Rows) || reason(r, c.Rows[next]) != d.Reason) {
			s.out.line(8, "why: "+d.Reason)
		}
	}
}

// reviewAtHome is the coordinator's call: she reads out the bottles she has at home, which are
// compared with the discharge list (the post-discharge reconciliation HEDIS MRP counts), and
// her doctor, on the phone, decides what differs.
func (s *story) reviewAtHome() error {
	t, err := newTerminology()
	if err != nil {
		return err
	}
	atDischarge, err := s.meds.Get(s.ctx, medsAtDischarge)
	if err != nil {
		return fmt.Errorf("reading the discharge reconciliation: %w", err)
	}
	// What she has at home: the old Lipitor beside the new atorvastatin, the glipizide the
	// hospital stopped, and no metoprolol: the prescription was never filled.
	bottles, err := s.medications(t, medrec.SourcePatientReport, medrec.StatusActive,
		entry{id: "b1", code: "SBD:LIP20", name: "Lipitor 20 mg", sig: "1 tab PO nightly"},
		entry{id: "b2", code: "SCD:ATV80", own: true, name: "atorvastatin 80 mg", sig: "1 tab PO qhs"},
		entry{id: "b3", code: "SCD:GLP5", own: true, name: "glipizide 5 mg", sig: "1 tab PO BID"},
		entry{id: "b4", code: "SBD:ZES10", name: "Zestril 10 mg", sig: "1 tab PO daily"},
		entry{id: "b5", code: "SCD:MET500", name: "metformin 500 mg", sig: "1 tab PO BID"},
		entry{id: "b6", code: "SCD:ASA81", name: "aspirin 81 mg", sig: "1 tab PO daily"},
		entry{id: "b7", code: "SCD:CLO75", name: "clopidogrel 75 mg", sig: "1 tab PO daily"})
	if err != nil {
		return err
	}
	started := s.at(4, 10, 20)
	r := medrec.Reconciliation{
		Meta:    carecoord.Meta{ID: medsAtHome, UpdatedAt: started, UpdatedBy: s.who.coordinator},
		Patient: patient, Context: medrec.ContextPostDischarge, Encounter: stayID, Status: medrec.SessionInProgress,
		Before: bottles, After: atDischarge.CurrentList(),
	}
	if _, err := s.meds.Save(s.ctx, r); err != nil {
		return fmt.Errorf("saving the post-discharge reconciliation: %w", err)
	}
	decisions := map[string]decision{
		"b1>":   {medrec.ActionStop, medrec.IntentDocumented, "same drug as the new atorvastatin 80 mg: old bottle set aside"},
		"b3>":   {medrec.ActionStop, medrec.IntentDocumented, "stopped at discharge (hypoglycemia risk); nobody had told her"},
		">d6":   {medrec.ActionNew, medrec.IntentDocumented, "never filled: the pharmacy delivers it today"},
		"b2>d2": {action: medrec.ActionContinue}, "b4>d1": {action: medrec.ActionContinue}, "b5>d3": {action: medrec.ActionContinue},
		"b6>d4": {action: medrec.ActionContinue}, "b7>d5": {action: medrec.ActionContinue},
	}
	finished := s.at(4, 10, 40)
	done, err := s.reconcile(medsAtHome, s.who.pcp, finished, decisions)
	if err != nil {
		return err
	}
	c := done.Compare()
	s.out.line(2, fmt.Sprintf("%s Her bottles, read out one by one, against the discharge list (post-discharge "+
		"reconciliation, HEDIS MRP): %d discrepancies. %s decides by phone [%s]:",
		s.clock(started), c.Counts().Discrepant, s.who.pcp.Display, saved(done.Meta)))
	s.rowsWithDiscrepancy(done, c)
	if svc, ok := metrics.ServiceFromReconciliation(done, s.loc); ok {
		s.services = append(s.services, svc)
	}
	if _, err := s.complete("medication-reconciliation", finished, s.who.pcp, transition.EvidenceMedication, medsAtHome); err != nil {
		return err
	}
	s.out.line(2, s.text.Sprintf("meds.heading"))
	for _, m := range done.CurrentList() {
		s.out.printf("    %-30s %s\n", m.Drug.Name, m.Dosage.Text(language.Make(s.lang)))
	}
	return nil
}

// reason returns the reason of the decision that counts for row.
func reason(r medrec.Reconciliation, row medrec.Row) string {
	d, _ := r.Decision(row.Key())
	return d.Reason
}

// rowsWithDiscrepancy prints only the rows that differ and the same drug twice on her list: on
// the phone, the rows that agree need no words. (The two antiplatelets, a therapeutic
// duplication on both lists, are the dual therapy decided at discharge.)
func (s *story) rowsWithDiscrepancy(r medrec.Reconciliation, c medrec.Comparison) {
	differ := medrec.Comparison{}
	for _, row := range c.Rows {
		if _, ok := row.Discrepancy(); ok {
			differ.Rows = append(differ.Rows, row)
		}
	}
	s.rows(r, differ, "her bottles", "discharge list")
	names := map[string]string{}
	for _, m := range r.Before {
		names[m.ID] = m.Drug.Name
	}
	for _, p := range c.Problems {
		if p.Kind == medrec.KindDuplication {
			s.out.line(4, fmt.Sprintf("On her list twice (%s): %s and %s.", p.Kind, names[p.A], names[p.B]))
		}
	}
}
