package metrics

import (
	"cmp"
	"math"
	"slices"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

// MeasureCMA7 names the population measure [CMA7Rules] returns.
const MeasureCMA7 MeasureID = "cma7"

// The reasons a CMA measure gives.
const (
	// ReasonCMAAtThreshold: the patient's CMA is at least the threshold.
	ReasonCMAAtThreshold Reason = "cma-at-threshold"
	// ReasonCMABelowThreshold: the patient's CMA is below the threshold.
	ReasonCMABelowThreshold Reason = "cma-below-threshold"
	// ReasonCMANotComputable: the patient's CMA has no denominator (no fill in the follow-up
	// window, too few in the observation window, a CMA8 lag that fills it); the patient is
	// excluded.
	ReasonCMANotComputable Reason = "cma-not-computable"
)

// CMARules are the rules of a population adherence measure built on a CMA: each patient's
// CMA of Kind over Windows and Options ([CMA]), and whether it reaches Threshold. The zero
// CMARules is not valid; [CMA7Rules] returns the usual profile.
type CMARules struct {
	// Measure names the profile in results.
	Measure MeasureID `json:"measure"`
	Kind    CMAKind   `json:"kind"`
	// Windows and Options are the CMA's windows and carry-over switches.
	Windows CMAWindows `json:"windows"`
	Options CMAOptions `json:"options"`
	// Threshold is the CMA a patient must reach to be in the numerator, as an exact
	// fraction: {80, 100}.
	Threshold carecoord.Rate `json:"threshold"`
}

// CMA7Rules returns CMA7 over AdhereR's default windows (follow-up and observation the 730
// days from the first fill, spec §1.4) with supply carried over across medications, and the
// 80% threshold that PQA's proportion of days covered uses for adherence (spec §1.1).
func CMA7Rules() CMARules {
	return CMARules{Measure: MeasureCMA7, Kind: CMA7, Windows: DefaultCMAWindows(), Threshold: carecoord.Rate{Num: 80, Den: 100}}
}

// Validate reports every problem with r as carecoord.FieldErrors.
func (r CMARules) Validate() error {
	var errs carecoord.FieldErrors
	if r.Measure == "" {
		errs.Add(carecoord.Required("measure", "must name the measure"))
	}
	cmCheckKind(&errs, r.Kind)
	errs.Nest("windows", r.Windows.Validate())
	if r.Threshold.Num < 0 || r.Threshold.Den <= 0 {
		errs.Add(carecoord.OutOfRange("threshold", "must be a fraction with a numerator from 0 and a positive denominator"))
	}
	return errs.Err()
}

// CMAMeasure computes rules' CMA for every patient of fills (of many patients, in any order)
// and counts the patients: in the denominator when their CMA is computable and they are
// eligible ([Options.Eligible]), in the numerator when it reaches the threshold. Patients whose
// CMA is not computable are excluded with [ReasonCMANotComputable]. The subject of a patient's
// evidence row is the id of their first fill, its event day the start of their observation
// window, which is also the day Options.Eligible and Options.Stratify are asked about.
//
// The result merges with results over other patients ([Result.Merge]), so a population split
// by patient may be computed in parts. fills is not changed; each patient's CMA is the one
// [CMA] gives for their fills, which are validated as it says (at most 50 problems are
// returned, with paths like "fills[12].day").
//
// It sorts compact copies of the fills by patient and day once, and makes one pass.
func CMAMeasure(fills []Fill, rules CMARules, opts Options) (Result, error) {
	if err := rules.Validate(); err != nil {
		return Result{}, rulesError(err)
	}
	t := newTallier(rules.Measure, civil.Range{}, &opts)
	err := cmEachPatient(fills, rules.Options, cmNeedsFlags(rules.Options, nil), func(patient carecoord.PatientID, first int32, p *cmPatient) {
		fuw, ow := p.windows(rules.Windows)
		ev := Evidence{Patient: patient, Event: p.epoch.AddDays(int(ow.lo))}
		if opts.Evidence {
			ev.Subject = fills[first].ID
		}
		if ev.Reason = t.eligible(patient, ev.Event); ev.Reason != "" {
			ev.Status = Excluded
			t.add(ev, nil)
			return
		}
		span, s := cmCompute(rules.Kind, p.evs, fuw, ow, rules.Options)
		v := cmValue(rules.Kind, ow, span, &s, p.epoch)
		switch {
		case !v.Computable():
			ev.Status, ev.Reason = Excluded, ReasonCMANotComputable
		case v.AtLeast(rules.Threshold):
			ev.Status, ev.Reason = InNumerator, ReasonCMAAtThreshold
		default:
			ev.Status, ev.Reason = InDenominator, ReasonCMABelowThreshold
		}
		t.add(ev, nil)
	})
	if err != nil {
		return Result{}, err
	}
	return t.finish(), nil
}

// A PatientCMA is one patient's CMA.
type PatientCMA struct {
	Patient carecoord.PatientID `json:"patient"`
	CMAValue
}

// CMAByPatient computes the CMA of kind for every patient of fills (of many patients, in any
// order), and returns one PatientCMA a patient, in patient id order: for each, the value [CMA]
// gives for their fills. Fills are validated as CMA says.
func CMAByPatient(kind CMAKind, fills []Fill, w CMAWindows, o CMAOptions) ([]PatientCMA, error) {
	var errs carecoord.FieldErrors
	cmCheckKind(&errs, kind)
	errs.Nest("windows", w.Validate())
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	var out []PatientCMA
	sorted := true
	err := cmEachPatient(fills, o, cmNeedsFlags(o, nil), func(patient carecoord.PatientID, _ int32, p *cmPatient) {
		fuw, ow := p.windows(w)
		span, s := cmCompute(kind, p.evs, fuw, ow, o)
		if n := len(out); n > 0 && out[n-1].Patient > patient {
			sorted = false
		}
		out = append(out, PatientCMA{Patient: patient, CMAValue: cmValue(kind, ow, span, &s, p.epoch)})
	})
	if err != nil {
		return nil, err
	}
	if !sorted {
		slices.SortFunc(out, func(a, b PatientCMA) int { return cmp.Compare(a.Patient, b.Patient) })
	}
	return out, nil
}

// cmEachPatient validates fills, sorts compact copies of them by patient, day and claim once,
// and calls visit with each patient, the index of their first fill and their events. Patients
// come grouped by an order-keeping key when fills are in patient order already, by a hash of
// the id otherwise.
func cmEachPatient(fills []Fill, o CMAOptions, flags bool, visit func(patient carecoord.PatientID, first int32, p *cmPatient)) error {
	if len(fills) > math.MaxInt32 {
		return cmTooMany()
	}
	inOrder := true
	for i := 1; i < len(fills) && inOrder; i++ {
		inOrder = fills[i-1].Patient <= fills[i].Patient
	}
	var errs carecoord.FieldErrors
	epoch := cmEpoch()
	recs := make([]cmRec, 0, len(fills))
	for i := range fills {
		if cmCheckFill(&errs, fills, i, &o) {
			recs = append(recs, cmRecOf(fills, i, groupKey(fills[i].Patient, inOrder), epoch))
		}
	}
	if len(errs) > 0 {
		return errs.Err()
	}
	sortGrouped(recs, func(r *cmRec) uint64 { return r.key }, func(r *cmRec) carecoord.PatientID { return fills[r.idx].Patient },
		func(a, b cmRec) int { return cmCompareRecs(fills, &a, &b) })
	p := cmPatient{epoch: epoch}
	return cmGroup(fills, recs, func(patient carecoord.PatientID, recs []cmRec) error {
		var err error
		if p.evs, err = cmAppendEvents(p.evs[:0], fills, recs, &o, flags); err != nil {
			return err
		}
		visit(patient, recs[0].idx, &p)
		return nil
	})
}
