package metrics

import (
	"cmp"
	"slices"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

// A PDCSpan is the days one fill's supply covers after the PQA shift (and, with the inpatient
// adjustment, after the stays it waited through), cut at the end of the treatment period. A
// fill whose supply a stay interrupts has several spans.
type PDCSpan struct {
	Fill string      `json:"fill"` // the fill's id
	Drug string      `json:"drug"`
	Days civil.Range `json:"days"`
}

// A PDCExplanation is the PDC of one patient for one class, explained so that a pharmacist can
// check it by hand: the treatment period, each fill's covered days after shifting, the gaps,
// the censored days, the ratio and the decision.
type PDCExplanation struct {
	Patient carecoord.PatientID `json:"patient"`
	Class   string              `json:"class"`
	// Status and Reason are the decision, as the measure's evidence gives it.
	Status Status `json:"status"`
	Reason Reason `json:"reason"`
	// Period is the treatment period: the index prescription start date through the end of
	// the measurement period, death or disenrollment.
	Period civil.Range `json:"period"`
	// Covered of Days is the PDC; Days leaves out the censored days. Threshold is the class's,
	// in percent. All three are zero for an excluded patient.
	Covered   int `json:"covered"`
	Days      int `json:"days"`
	Threshold int `json:"threshold,omitempty"`
	// Supply is each fill's covered days, by drug and day; Gaps the days of the treatment
	// period no supply covers, censored days left out; Censored the days of inpatient and
	// nursing stays taken out of the period.
	Supply   []PDCSpan     `json:"supply,omitempty"`
	Gaps     []civil.Range `json:"gaps,omitempty"`
	Censored []civil.Range `json:"censored,omitempty"`
}

// ExplainPDC explains the PDC of each patient and class of fills (any number of patients, in
// any order), under the same rules and with the same validation as [PDCWithStays]: one
// PDCExplanation for each patient and class in the measure's population, by patient and
// class. It is for looking at a few patients; over a population use the measure.
func ExplainPDC(fills []Fill, stays []Stay, rules PDCRules, opts Options) ([]PDCExplanation, error) {
	if err := rules.Validate(); err != nil {
		return nil, rulesError(err)
	}
	var errs carecoord.FieldErrors
	for i := range fills {
		if err := fills[i].Validate(); err != nil && len(errs) < maxProblems {
			errs.Nest(carecoord.Path("fills", i), err)
		}
	}
	epoch := rules.Period.Start
	var arena pdcArena
	censored := pdcCensored(stays, &rules, epoch, &arena, &errs)
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	order := make([]int, 0, len(fills))
	for i := range fills {
		if rules.Period.Contains(fills[i].Day) {
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(a, b int) int {
		x, y := &fills[a], &fills[b]
		return cmp.Or(cmp.Compare(x.Patient, y.Patient), cmp.Compare(x.Class, y.Class), cmp.Compare(x.Drug, y.Drug), x.Day.Compare(y.Day), cmp.Compare(a, b))
	})
	w := pdcWalker{rules: &rules, eligible: opts.Eligible, epoch: epoch, end: int32(rules.Period.End.DaysSince(epoch))}
	var out []PDCExplanation
	for lo := 0; lo < len(order); {
		hi := lo + 1
		first := &fills[order[lo]]
		for hi < len(order) && fills[order[hi]].Patient == first.Patient && fills[order[hi]].Class == first.Class {
			hi++
		}
		if x, ok := w.explain(fills, order[lo:hi], &censored, &arena); ok {
			out = append(out, x)
		}
		lo = hi
	}
	return out, nil
}

// explain decides one patient's class, its fills given by their indexes in fills.
func (w *pdcWalker) explain(fills []Fill, idx []int, stays *pdcStays, arena *pdcArena) (PDCExplanation, bool) {
	first := &fills[idx[0]]
	w.classes = []string{first.Class}
	recs := make([]pdcFill, len(idx))
	var drugs pdcNames
	key, _ := arena.key(first.Patient) // valid: ExplainPDC checked every fill
	for k, i := range idx {
		d, _ := drugs.index(fills[i].Drug)
		recs[k] = pdcFill{pdcKey: key, day: int16(fills[i].Day.DaysSince(w.epoch)), supply: int16(fills[i].DaysSupply), drug: d}
	}
	var censored []pdcRange
	for c := range stays.recs {
		if s := &stays.recs[c]; arena.same(s.id, recs[0].pdcKey) {
			censored = append(censored, s.r)
		}
	}
	slices.SortFunc(censored, func(a, b pdcRange) int { return cmp.Compare(a.from, b.from) })
	censored = pdcMergeRanges(censored)
	end := w.endOf(first.Patient)
	var pieces []pdcPiece
	d := w.decide(first.Patient, recs, end, censored, &pieces)
	if !d.inPopulation {
		return PDCExplanation{}, false
	}
	day := func(n int32) civil.Date { return w.epoch.AddDays(int(n)) }
	x := PDCExplanation{Patient: first.Patient, Class: first.Class, Status: d.status, Reason: d.reason,
		Period: civil.Range{Start: day(d.ipsd), End: day(d.end)}, Covered: int(d.covered), Days: int(d.days), Threshold: d.threshold}
	for _, c := range censored {
		if from, to := max(c.from, d.ipsd), min(c.to, d.end); from <= to {
			x.Censored = append(x.Censored, civil.Range{Start: day(from), End: day(to)})
		}
	}
	if d.status == Excluded {
		return x, true
	}
	for _, p := range pieces {
		if p.r.from <= p.r.to {
			f := &fills[idx[p.rec]]
			x.Supply = append(x.Supply, PDCSpan{Fill: f.ID, Drug: f.Drug, Days: civil.Range{Start: day(p.r.from), End: day(p.r.to)}})
		}
	}
	// The gaps: the days of the period that no piece and no stay covers.
	taken := make([]pdcRange, 0, len(pieces)+len(censored))
	for _, p := range pieces {
		taken = append(taken, p.r)
	}
	taken = append(taken, censored...)
	slices.SortFunc(taken, func(a, b pdcRange) int { return cmp.Compare(a.from, b.from) })
	next := d.ipsd
	for _, r := range taken {
		if r.from > next && next <= d.end {
			x.Gaps = append(x.Gaps, civil.Range{Start: day(next), End: day(min(r.from-1, d.end))})
		}
		next = max(next, r.to+1)
	}
	if next <= d.end {
		x.Gaps = append(x.Gaps, civil.Range{Start: day(next), End: day(d.end)})
	}
	return x, true
}
