package medrectest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/civil/civiltest"
	"github.com/carecoord/carecoord/medrec"
	"github.com/carecoord/carecoord/medrec/dosage"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// fixtureCodes are codes of medrec.FixtureTable's products (generic and branded, single
// ingredient and combination), and one, SCD:AML5, that the table does not know.
func fixtureCodes() []string {
	return []string{"SCD:LIS10", "SCD:LIS20", "SBD:ZES10", "SCD:ATV20", "SBD:LIP20", "SCD:SIM40", "SCD:MTT50",
		"SCD:MTS50", "SCD:OME20", "SCD:PAN40", "SCD:MET500", "SCD:CTX1G", "SCD:HCT25", "SCD:LISHCT", "SCD:GLA100",
		"SCD:ASA81", "SCD:CLO75", "SCD:AML5"}
}

// received is an uncoded drug as a source names it, with the ingredients it states.
type received struct {
	name        string
	ingredients []medrec.Ingredient
}

// receivedDrugs are uncoded drugs: decimal strengths, salts, a combination, drugs that the
// fixture table has under a code (metformin, lisinopril), and names with no ingredients.
func receivedDrugs() []received {
	in := func(name, precise, strength, unit string) medrec.Ingredient {
		return medrec.Ingredient{Name: name, Precise: precise, Strength: decimal.RequireFromString(strength), Unit: unit}
	}
	return []received{
		{"Digoxin 0.125 mg tablet", []medrec.Ingredient{in("digoxin", "", "0.125", "mg")}},
		{"warfarin 2.5 mg", []medrec.Ingredient{in("warfarin", "warfarin sodium", "2.5", "mg")}},
		{"Levothyroxine 88 mcg", []medrec.Ingredient{in("levothyroxine", "levothyroxine sodium", "88", "ug")}},
		{"furosemide 40mg", []medrec.Ingredient{in("furosemide", "", "40", "mg")}},
		{"KCl ER 10 mEq", []medrec.Ingredient{in("potassium chloride", "", "10", "meq")}},
		{"amlodipine/benazepril 5/10", []medrec.Ingredient{in("amlodipine", "amlodipine besylate", "5", "mg"),
			in("benazepril", "benazepril hydrochloride", "10", "mg")}},
		{"METFORMIN HCL 500MG TAB", []medrec.Ingredient{in("metformin", "metformin hydrochloride", "500", "mg")}},
		{"Lisinopril 10mg", []medrec.Ingredient{in("lisinopril", "", "10", "mg")}},
		{"fish oil", nil},
		{"Vitamin D3", nil},
		{"Tylenol PM", nil},
	}
}

// sigs are directions as written on labels, orders and in patients' reports, each one that
// dosage.Parse accepts: schedules, daily events (some in error-prone forms, which Parse
// reports as warnings), ranges, as-needed reasons and durations.
func sigs() []string {
	return []string{"1 tab PO BID", "1 tab PO daily", "1 tab PO qd", "1 tab PO qhs", "1 tab PO nightly",
		"1.0 tab PO BID with meals", "1 tab PO TID ac", "1 cap PO daily", "2 tabs PO q6h prn pain",
		"1-2 tabs PO q4-6h prn pain", "10 units SC qhs", "1 g IV q24h", ".5 tab PO daily",
		"2 puffs inh q4h prn shortness of breath", "5 mL PO TID for 7 days", "81 mg PO daily", "1 tab po qam",
		"1 tab sl q5min prn chest pain", "1 tab PO BID x 10 days", "1 tab PO qAM and qHS"}
}

// reasons are documented reasons for starting, changing or stopping a drug.
func reasons() []string {
	return []string{"blood pressure above goal", "renal function", "formulary", "pneumonia", "patient preference"}
}

// historySources are the sources of a best possible medication history.
func historySources() []medrec.Source {
	return []medrec.Source{medrec.SourcePatientReport, medrec.SourcePharmacyFill, medrec.SourcePreAdmission,
		medrec.SourceOutsideRecord}
}

// orderSources are the sources of orders.
func orderSources() []medrec.Source {
	return []medrec.Source{medrec.SourceInpatientOrder, medrec.SourceDischargeOrder}
}

// Medication generates valid medication entries with the given id, from any source and in any
// status: products of medrec.FixtureTable by code (resolved through it, or only coded and
// named, as a source sends them), a code the table does not know, and uncoded drugs with
// decimal strengths or no ingredients at all; directions parsed from a sig, or none; and
// sometimes dates, a prescriber, a documented reason and provenance.
func Medication(id string) *rapid.Generator[medrec.Medication] {
	return medication(id, medrec.Sources(), medrec.Statuses())
}

// medication generates valid entries with the given id from one of sources in one of statuses.
func medication(id string, sources []medrec.Source, statuses []medrec.Status) *rapid.Generator[medrec.Medication] {
	return rapid.Custom(func(t *rapid.T) medrec.Medication {
		m := medrec.Medication{
			ID:     id,
			Source: rapid.SampledFrom(sources).Draw(t, "source"),
			Status: rapid.SampledFrom(statuses).Draw(t, "status"),
			Drug:   drug(t),
		}
		if rapid.Bool().Draw(t, "has sig") {
			m.Sig = rapid.SampledFrom(sigs()).Draw(t, "sig")
			d, err := dosage.Parse(m.Sig)
			if err != nil {
				t.Fatalf("dosage.Parse(%q): %v", m.Sig, err)
			}
			m.Dosage = d
		}
		recent := civiltest.DateIn(civil.MustParse("2015-01-01"), civil.MustParse("2025-08-31"))
		if rapid.Bool().Draw(t, "has start") {
			m.Start = recent.Draw(t, "start")
		}
		if rapid.Bool().Draw(t, "has stop") {
			from := cmp.Or(m.Start, civil.MustParse("2015-01-01"))
			m.Stop = from.AddDays(rapid.IntRange(0, 365).Draw(t, "stop after"))
		}
		if rapid.Bool().Draw(t, "has fill") {
			m.LastFill = recent.Draw(t, "last fill")
			m.DaysSupply = rapid.SampledFrom([]int{0, 30, 90}).Draw(t, "days supply")
		}
		if rapid.Bool().Draw(t, "has prescriber") {
			m.Prescriber = carecoord.Actor{Kind: carecoord.ActorPractitioner,
				ID: rapid.SampledFrom([]string{"md-1", "md-2", "np-1"}).Draw(t, "prescriber")}
		}
		if rapid.Bool().Draw(t, "has reason") {
			m.Reason = rapid.SampledFrom(reasons()).Draw(t, "reason")
		}
		if n := rapid.IntRange(0, 2).Draw(t, "merged"); n > 0 { // oldest first, a month apart
			day := recent.Draw(t, "first merged")
			for i := range n {
				m.Provenance = append(m.Provenance, medrec.Provenance{ID: fmt.Sprintf("%s.%d", id, i+1),
					Source: rapid.SampledFrom(sources).Draw(t, "merged source"), Date: day.AddDays(30 * i)})
			}
		}
		if err := m.Validate(); err != nil {
			t.Fatalf("generated medication %s is not valid: %v", id, err)
		}
		return m
	})
}

// drug draws a drug: coded or not, resolved or not.
func drug(t *rapid.T) medrec.Drug {
	if rapid.Bool().Draw(t, "coded") {
		code := carecoord.Coding{System: medrec.SystemFixtureDrug, Code: rapid.SampledFrom(fixtureCodes()).Draw(t, "code")}
		table := medrec.FixtureTable()
		p, err := table.Product(context.Background(), code)
		switch {
		case errors.Is(err, carecoord.ErrNotFound): // named and given its ingredient, as received
			return medrec.Drug{Code: code, Name: "amlodipine 5 mg tab",
				Ingredients: []medrec.Ingredient{{Name: "amlodipine", Strength: decimal.NewFromInt(5), Unit: "mg"}}}
		case err != nil:
			t.Fatalf("FixtureTable().Product(%s): %v", code.Code, err)
		}
		d := medrec.Drug{Code: code, Name: rapid.SampledFrom([]string{p.Name, strings.ToUpper(p.Name)}).Draw(t, "name")}
		if !rapid.Bool().Draw(t, "resolved") {
			return d
		}
		m, err := medrec.Resolve(context.Background(), table, medrec.Medication{Drug: d})
		if err != nil {
			t.Fatalf("medrec.Resolve(%s): %v", code.Code, err)
		}
		return m.Drug
	}
	r := rapid.SampledFrom(receivedDrugs()).Draw(t, "received")
	d := medrec.Drug{Name: r.name, Ingredients: r.ingredients}
	if rapid.Bool().Draw(t, "strength with trailing zero") { // 2.50 is 2.5: stores may keep either
		for i := range d.Ingredients {
			in := &d.Ingredients[i]
			in.Strength = decimal.RequireFromString(in.Strength.StringFixed(1 - in.Strength.Exponent()))
		}
	}
	return d
}

// genAt is the instant generated reconciliations are stamped with; their decisions and
// completion come in the twelve hours before it.
func genAt() time.Time { return time.Date(2025, 9, 1, 12, 0, 0, 0, time.UTC) }

// Reconciliation generates valid, never-saved reconciliations (Version 0) with the given id,
// stamped as updated at a fixed instant by a device: any patient of three, context and
// encounter (or none), zero to five history entries (ids b1…) and zero to five orders (a1…),
// some of them for drugs of the history, in progress. Some have decisions on rows of their
// comparison, made through medrec.Decide (some superseded by a later decision on the same
// row); some, with every row decided, are finished through medrec.Finish, so completed
// reconciliations with a reconciled list come too; and some of either are then marked
// entered in error.
func Reconciliation(id string) *rapid.Generator[medrec.Reconciliation] {
	return reconciliationUpTo(id, 5)
}

// reconciliationUpTo is Reconciliation with up to most entries on each side.
func reconciliationUpTo(id string, most int) *rapid.Generator[medrec.Reconciliation] {
	return rapid.Custom(func(t *rapid.T) medrec.Reconciliation {
		r := medrec.Reconciliation{
			Meta:    carecoord.Meta{ID: id, UpdatedAt: genAt(), UpdatedBy: carecoord.Actor{Kind: carecoord.ActorDevice, ID: "generator"}},
			Patient: carecoord.PatientID(rapid.SampledFrom([]string{"pat-1", "pat-2", "pat-3"}).Draw(t, "patient")),
			Context: rapid.SampledFrom(medrec.Contexts()).Draw(t, "context"),
			Status:  medrec.SessionInProgress,
		}
		if rapid.Bool().Draw(t, "has encounter") {
			r.Encounter = rapid.SampledFrom([]string{"enc-1", "enc-2"}).Draw(t, "encounter")
		}
		for i := range rapid.IntRange(0, most).Draw(t, "before") {
			eid := fmt.Sprintf("b%d", i+1)
			r.Before = append(r.Before, medication(eid, historySources(), medrec.Statuses()).Draw(t, eid))
		}
		for i := range rapid.IntRange(0, most).Draw(t, "after") {
			eid := fmt.Sprintf("a%d", i+1)
			m := medication(eid, orderSources(), medrec.Statuses()).Draw(t, eid)
			if len(r.Before) > 0 && rapid.Bool().Draw(t, "orders a drug of the history") { // pairs, and their discrepancies
				d := r.Before[rapid.IntRange(0, len(r.Before)-1).Draw(t, "which")].Drug
				d.Ingredients = slices.Clone(d.Ingredients)
				m.Drug = d
			}
			r.After = append(r.After, m)
		}
		at := genAt().Add(-12 * time.Hour)
		next := func() time.Time { // a non-decreasing instant, to the microsecond
			at = at.Add(time.Duration(rapid.IntRange(0, 30*60*1e6).Draw(t, "microseconds later")) * time.Microsecond)
			return at
		}
		rows := r.Compare().Rows
		all := rapid.Bool().Draw(t, "decide every row")
		plans := map[string]medrec.Decision{} // the decision that counts, by the entry the reconciled list gets
		for _, row := range rows {
			if !all && !rapid.Bool().Draw(t, "decide "+row.Key()) {
				continue
			}
			target := cmp.Or(row.After, row.Before)
			if rapid.IntRange(0, 3).Draw(t, "superseded") == 0 { // a decision made, then changed
				r = decide(t, r, decision(t, row, target, next()))
			}
			// Rows that pair one combination product with its components share the entry and
			// must be decided alike (medrec.Finish): the first row's plan serves them all.
			d, ok := plans[target]
			if !ok {
				d = decision(t, row, target, time.Time{})
				plans[target] = d
			}
			d.Row, d.Intent, d.At = row.Key(), intent(t, row), next()
			r = decide(t, r, d)
		}
		// Validate asks a completed reconciliation that has entries for its reconciled list,
		// which Finish leaves empty when no entry is current: finish only when there are rows.
		if all && len(rows) > 0 && rapid.Bool().Draw(t, "finish") {
			var err error
			if r, err = medrec.Finish(r, next(), reviewer(t)); err != nil {
				t.Fatalf("medrec.Finish: %v", err)
			}
		}
		if rapid.IntRange(0, 4).Draw(t, "entered in error") == 0 {
			var err error
			if r, err = medrec.Transition(r, medrec.SessionEnteredInError, next(), reviewer(t), carecoord.Coding{}); err != nil {
				t.Fatalf("medrec.Transition(%s -> entered-in-error): %v", r.Status, err)
			}
		}
		if err := r.Validate(); err != nil {
			t.Fatalf("generated reconciliation %s is not valid: %v", id, err)
		}
		return r
	})
}

// decision draws a decision on row that fits it, made at at: continue (for a drug of the
// history) or new (for one only on the orders), stop, hold, or modify with a result, a current
// entry with id target; with a documented reason or none.
func decision(t *rapid.T, row medrec.Row, target string, at time.Time) medrec.Decision {
	actions := []medrec.Action{medrec.ActionContinue, medrec.ActionModify, medrec.ActionStop, medrec.ActionHold}
	if row.Before == "" {
		actions[0] = medrec.ActionNew
	}
	d := medrec.Decision{Row: row.Key(), Action: rapid.SampledFrom(actions).Draw(t, "action"), Intent: intent(t, row),
		At: at, By: reviewer(t)}
	if d.Action == medrec.ActionModify {
		var current []medrec.Status
		for _, s := range medrec.Statuses() {
			if s.IsCurrent() {
				current = append(current, s)
			}
		}
		m := medication(target, orderSources(), current).Draw(t, "result")
		d.Result = &m
	}
	if rapid.Bool().Draw(t, "decision has reason") {
		d.Reason = rapid.SampledFrom(reasons()).Draw(t, "decision reason")
	}
	return d
}

// intent draws what a decision says of row's discrepancy: one of the three clarified intents
// when it has one, none otherwise.
func intent(t *rapid.T, row medrec.Row) medrec.Intent {
	if _, ok := row.Discrepancy(); !ok {
		return ""
	}
	return rapid.SampledFrom([]medrec.Intent{medrec.IntentDocumented, medrec.IntentUndocumented,
		medrec.IntentUnintentional}).Draw(t, "intent")
}

// reviewer draws the clinician who decides.
func reviewer(t *rapid.T) carecoord.Actor {
	return carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: rapid.SampledFrom([]string{"md-1", "pharm-1"}).Draw(t, "by")}
}

// decide returns r with d recorded through medrec.Decide.
func decide(t *rapid.T, r medrec.Reconciliation, d medrec.Decision) medrec.Reconciliation {
	r, err := medrec.Decide(r, d)
	if err != nil {
		t.Fatalf("medrec.Decide(%s, %s): %v", d.Row, d.Action, err)
	}
	return r
}
