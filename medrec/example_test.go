package medrec_test

import (
	"context"
	"fmt"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/medrec"
	"github.com/carecoord/carecoord/medrec/dosage"
)

// entry builds a medication entry of the fixture table from a sig, resolved against the
// table, for the examples.
func entry(id string, src medrec.Source, code, name, sig string, status medrec.Status) medrec.Medication {
	d, err := dosage.Parse(sig)
	if err != nil {
		panic(err) // the examples' sigs are fixed
	}
	m := medrec.Medication{ID: id, Source: src, Status: status, Sig: sig, Dosage: d,
		Drug: medrec.Drug{Code: carecoord.Coding{System: medrec.SystemFixtureDrug, Code: code}, Name: name}}
	m, err = medrec.Resolve(context.Background(), medrec.FixtureTable(), m)
	if err != nil {
		panic(err)
	}
	return m
}

// The seeds' story: a 68-year-old with type 2 diabetes and heart disease goes home after a
// non-ST-elevation myocardial infarction with a stent. Her home list comes from her own
// account and from her pharmacy's fills (two refills of one prescription become one entry);
// the discharge orders change her regimen. The comparison finds what changed; the hospitalist
// decides each row; the reconciled list is what she and her primary care practice receive.
func Example() {
	at := time.Date(2025, 10, 3, 14, 0, 0, 0, time.UTC)
	md := carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "hospitalist-1"}
	home, fill, rx := medrec.SourcePatientReport, medrec.SourcePharmacyFill, medrec.SourceDischargeOrder
	active, intended := medrec.StatusActive, medrec.StatusIntended

	r := medrec.Reconciliation{
		Meta:    carecoord.Meta{ID: "medrec-1"},
		Patient: "pat-68", Context: medrec.ContextDischarge, Encounter: "stay-1", Status: medrec.SessionInProgress,
		Before: []medrec.Medication{
			entry("h1", home, "SBD:ZES10", "Zestril 10 mg", "1 tab PO daily", active),
			entry("h2", home, "SBD:LIP20", "Lipitor 20", "1 tab PO nightly", active),
			entry("h3", home, "SCD:MTT50", "metoprolol tartrate 50 mg", "1 tab PO BID", active),
			entry("f1", fill, "SCD:MET500", "METFORMIN HCL 500MG TAB", "1 tab PO BID", active),
			entry("f2", fill, "SCD:MET500", "METFORMIN HCL 500MG TAB", "1 tab PO BID", active),
			entry("h4", home, "SCD:OME20", "omeprazole 20", "1 cap PO daily", active),
		},
		After: []medrec.Medication{
			entry("d1", rx, "SCD:LIS20", "lisinopril 20 mg tab", "1 tab PO daily", intended),
			entry("d2", rx, "SCD:ATV20", "atorvastatin 20 mg tab", "1 tab PO qhs", intended),
			entry("d3", rx, "SCD:MTS50", "metoprolol succinate ER 50 mg", "1 tab PO daily", intended),
			entry("d4", rx, "SCD:ASA81", "aspirin EC 81 mg", "1 tab PO daily", intended),
			entry("d5", rx, "SCD:CLO75", "clopidogrel 75 mg", "1 tab PO daily", intended),
			entry("d6", rx, "SCD:OME20", "omeprazole 20 mg", "1 cap PO daily", intended),
			entry("d7", rx, "SCD:PAN40", "pantoprazole 40 mg", "1 tab PO daily", intended),
		},
	}
	r.Before[3].LastFill, r.Before[3].DaysSupply = civil.MustParse("2025-08-01"), 30 // two fills of one prescription
	r.Before[4].LastFill, r.Before[4].DaysSupply = civil.MustParse("2025-08-31"), 30
	r.After[0].Reason = "blood pressure above goal after the infarction"
	// A reason documents a change or an addition, never a therapeutic duplication: aspirin and
	// clopidogrel stay unclear until the hospitalist decides them.
	r.After[3].Reason, r.After[4].Reason = "coronary stent", "coronary stent"

	c := r.Compare()
	for _, row := range c.Rows {
		d, discrepant := row.Discrepancy()
		switch {
		case !discrepant:
			fmt.Printf("%-3s %-3s agree (%s)\n", row.Before, row.After, row.Match)
		default:
			fmt.Printf("%-3s %-3s %s, %s, %s\n", row.Before, row.After, d.Kind, d.Severity, d.Intent)
		}
	}
	n := c.Counts()
	fmt.Printf("%d rows, %d discrepancies, %d to clarify\n", n.Rows, n.Discrepant, n.Clarification)

	decide := func(row string, a medrec.Action, intent medrec.Intent, reason string) {
		at = at.Add(time.Minute)
		var err error
		r, err = medrec.Decide(r, medrec.Decision{Row: row, Action: a, Intent: intent, Reason: reason, At: at, By: md})
		if err != nil {
			fmt.Println("decide:", err)
		}
	}
	decide("h1>d1", medrec.ActionContinue, medrec.IntentDocumented, "")
	decide("h2>d2", medrec.ActionContinue, "", "")
	decide("h3>d3", medrec.ActionContinue, medrec.IntentUndocumented, "once daily after the infarction")
	decide("h4>d6", medrec.ActionContinue, "", "")
	decide(">d4", medrec.ActionNew, medrec.IntentDocumented, "")
	decide(">d5", medrec.ActionNew, medrec.IntentDocumented, "")

	if _, err := medrec.Finish(r, at, md); err != nil {
		fmt.Println("finish:", err)
	}
	decide("f2>", medrec.ActionHold, medrec.IntentDocumented, "hold 48 h after contrast")
	decide(">d7", medrec.ActionStop, medrec.IntentUnintentional, "duplicate proton-pump inhibitor")
	r, err := medrec.Finish(r, at, md)
	if err != nil {
		fmt.Println("finish:", err)
	}
	for _, m := range r.CurrentList() {
		fmt.Printf("%-7s %s: %s\n", m.Status, m.Drug.Name, m.Dosage)
	}
	when, who, _ := r.Completed()
	fmt.Println("completed", when.Format(time.RFC3339), "by", who.ID)
	// Output:
	// f2      omission, high, unclear
	// h1  d1  dose, high, documented-intentional
	// h2  d2  agree (same-product)
	// h3  d3  formulation, moderate, unclear
	// h4  d6  agree (same-code)
	//     d4  therapeutic-duplication, high, unclear
	//     d5  therapeutic-duplication, high, unclear
	//     d7  therapeutic-duplication, high, unclear
	// 8 rows, 6 discrepancies, 5 to clarify
	// finish: medrec: 2 rows undecided: f2>, >d7
	// active  lisinopril 20 mg tab: 1 tablet by mouth once daily
	// active  atorvastatin 20 mg tab: 1 tablet by mouth at bedtime
	// active  metoprolol succinate ER 50 mg: 1 tablet by mouth once daily
	// active  omeprazole 20 mg: 1 capsule by mouth once daily
	// active  aspirin EC 81 mg: 1 tablet by mouth once daily
	// active  clopidogrel 75 mg: 1 tablet by mouth once daily
	// on-hold METFORMIN HCL 500MG TAB: 1 tablet by mouth twice daily
	// completed 2025-10-03T14:08:00Z by hospitalist-1
}
