package metrics

import (
	"cmp"
	"iter"
	"math/bits"
	"slices"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/transition"
)

// MeasurePDC is the PQA proportion of days covered, by drug class.
const MeasurePDC MeasureID = "pdc-pqa"

// The reasons of the PDC measure's evidence rows (one row per patient and class).
const (
	// ReasonAdherent: the PDC reaches the class's threshold.
	ReasonAdherent Reason = "adherent"
	// ReasonNotAdherent: the PDC is below the threshold.
	ReasonNotAdherent Reason = "not-adherent"
	// ReasonIndexTooLate: the first fill is fewer days before the period's end than the
	// older PQA rule allows (PDCRules.MinDaysBeforeEnd).
	ReasonIndexTooLate Reason = "index-too-late"
	// ReasonAllDaysCensored: every day of the treatment period was in a censored stay.
	ReasonAllDaysCensored Reason = "all-days-censored"
)

// PDCRules are the rules of the proportion of days covered, PQA method (spec §1.1, after the
// PQA measure overview and its published worked examples). [PDC] returns the preset; every
// field is an option.
//
// For each patient and drug class: the fills with a date of service in the period count
// (fills before it are ignored, with any supply they would carry in); a patient is in the
// denominator with fills on at least two different dates; the treatment period runs from the
// first fill (the index prescription start date) to the period's end, or to the patient's
// death or disenrollment if earlier (EndOf); within each target drug, a fill that starts while
// earlier supply of that drug remains is shifted to the day after it ends, while fills of
// different drugs of the class are not shifted and their days count once; supply past the
// treatment period is cut; PDC is the days covered over the days of the treatment period.
type PDCRules struct {
	// Measure names the measure in results.
	Measure MeasureID
	// Period is the measurement period, a calendar year for the PQA and Star Ratings
	// measures.
	Period civil.Range
	// Threshold returns the PDC a class must reach, in percent: 80 for most classes, 90 for
	// antiretrovirals (PQA). Nil means 80 for every class.
	Threshold func(class string) int
	// Round4 compares the PDC rounded to four decimals, half up, with the threshold, as
	// implementations of the PQA measure commonly do (spec §1.1 rule 13); otherwise the exact
	// ratio is compared. At PQA's thresholds (80% and 90%) and a treatment period of at most
	// 366 days the two never disagree: no whole number of days lies between 0.79995 and 0.8
	// (or 0.89995 and 0.9) of such a period. Other thresholds or longer periods can differ (192
	// of 211 days reaches 91% rounded, not exactly).
	Round4 bool
	// MinDaysBeforeEnd is the older PQA rule that the index prescription start date be at
	// least that many days before the period's end (91 in the 2012 text; spec §1.1 rule 6):
	// patients whose first fill is later are excluded. 0 turns it off, as in the preset.
	MinDaysBeforeEnd int
	// EndOf returns the day a patient's treatment period ends early (death, disenrollment)
	// and true, or false when it does not. Nil means none does.
	EndOf func(patient carecoord.PatientID) (civil.Date, bool)
	// CensorSettings turns on the CMS Part D Star Ratings adjustment for inpatient and skilled
	// nursing stays (spec §1.1 rule 12): the days of each stay of these settings, from its
	// admission through the day before its discharge (the discharge day is at home), are
	// removed from both the days covered and the treatment period, and supply on hand during a
	// stay is used after it, pushing later fills of the drug along. CMS's exact day
	// convention could not be read (spec §1.1 rule 12); this one is the library's and is
	// named in the tests. Empty, as in the preset, means no adjustment; the stays are
	// [PDCWithStays]'s.
	CensorSettings []transition.Setting
}

// pdcThreshold is PQA's threshold for most classes, in percent: the one PDCRules uses when
// Threshold is nil.
const pdcThreshold = 80

// PDC returns the rules of the PQA proportion of days covered for a calendar year: threshold
// 80% for every class, PDC rounded to four decimals for the comparison, no 91-day index rule,
// no inpatient adjustment.
func PDC(year int) PDCRules {
	return PDCRules{Measure: MeasurePDC, Period: calendarYear(year), Round4: true}
}

// Validate reports every problem with r as carecoord.FieldErrors.
func (r PDCRules) Validate() error {
	var errs carecoord.FieldErrors
	if r.Measure == "" {
		errs.Add(carecoord.Required("measure", "must name the measure"))
	}
	errs.Nest("period", r.Period.Validate())
	if r.Period.Validate() == nil && r.Period.Days() > 3660 {
		errs.Add(carecoord.OutOfRange("period", "must be at most ten years"))
	}
	if r.MinDaysBeforeEnd < 0 || r.MinDaysBeforeEnd > 366 {
		errs.Add(carecoord.OutOfRange("minDaysBeforeEnd", "must be from 0 to 366 days"))
	}
	for i, s := range r.CensorSettings {
		if !s.IsValid() {
			errs.Add(carecoord.NotSupported(carecoord.Path("censorSettings", i), transition.Settings()...))
		}
	}
	return errs.Err()
}

// A PDCClass is the PDC measure for one drug class: the Result (denominator: patients with
// fills on two dates; numerator: those whose PDC reaches the threshold), and the sums of the
// days covered and of the treatment days over the denominator, whose ratio is the mean PDC
// weighted by days.
type PDCClass struct {
	Class string `json:"class"`
	Result
	CoveredDays   int64 `json:"coveredDays"`
	TreatmentDays int64 `json:"treatmentDays"`
}

// A PDCResult is the PDC measure over a population, one PDCClass per class met, in class
// order. Results over populations split by patient merge exactly ([PDCResult.Merge]). The zero
// PDCResult is the result over nobody.
type PDCResult struct {
	Classes []PDCClass `json:"classes,omitempty"`
}

// Class returns the result of class and true, or false when no patient had fills of it.
func (r PDCResult) Class(class string) (PDCClass, bool) {
	i, ok := slices.BinarySearchFunc(r.Classes, class, func(c PDCClass, k string) int { return cmp.Compare(c.Class, k) })
	if !ok {
		return PDCClass{}, false
	}
	return r.Classes[i], true
}

// Merge returns the result over r's population and o's together, which must be disjoint by
// patient: each class's results merge ([Result.Merge]) and its day sums add. It fails as
// Result.Merge fails.
func (r PDCResult) Merge(o PDCResult) (PDCResult, error) {
	var m PDCResult
	i, j := 0, 0
	for i < len(r.Classes) || j < len(o.Classes) {
		switch {
		case j == len(o.Classes) || i < len(r.Classes) && r.Classes[i].Class < o.Classes[j].Class:
			c := r.Classes[i]
			c.Result = c.Result.clone()
			m.Classes = append(m.Classes, c)
			i++
		case i == len(r.Classes) || o.Classes[j].Class < r.Classes[i].Class:
			c := o.Classes[j]
			c.Result = c.Result.clone()
			m.Classes = append(m.Classes, c)
			j++
		default:
			res, err := r.Classes[i].Result.Merge(o.Classes[j].Result)
			if err != nil {
				return PDCResult{}, err
			}
			m.Classes = append(m.Classes, PDCClass{Class: r.Classes[i].Class, Result: res,
				CoveredDays: r.Classes[i].CoveredDays + o.Classes[j].CoveredDays, TreatmentDays: r.Classes[i].TreatmentDays + o.Classes[j].TreatmentDays})
			i, j = i+1, j+1
		}
	}
	return m, nil
}

// PDCFills computes the PDC measure over fills, in any order, as [PDCSeq] does.
func PDCFills(fills []Fill, rules PDCRules, opts Options) (PDCResult, error) {
	return new(PDCWorkspace).measure(fills, nil, nil, rules, opts)
}

// A PDCWorkspace computes the PDC measure again and again in the same working memory: over
// ten million fills the measure's copies take hundreds of megabytes, and faulting in fresh
// memory for every run costs about as much as the measure itself. Its zero value is ready to
// use; it is not safe for concurrent use, and a result never shares its memory.
type PDCWorkspace struct {
	parts  pdcParts
	staged pdcStage // a sequence's records, before they go to parts
	sorter pdcSorter
	arena  pdcArena
}

// Fills is [PDCWithStays] in ws's memory.
func (ws *PDCWorkspace) Fills(fills []Fill, stays []Stay, rules PDCRules, opts Options) (PDCResult, error) {
	return ws.measure(fills, nil, stays, rules, opts)
}

// Seq is [PDCSeq] in ws's memory.
func (ws *PDCWorkspace) Seq(fills iter.Seq[Fill], stays []Stay, rules PDCRules, opts Options) (PDCResult, error) {
	return ws.measure(nil, fills, stays, rules, opts)
}

// PDCWithStays computes the PDC measure over fills with the inpatient adjustment of
// rules.CensorSettings applied to stays, as [PDCSeq] does.
func PDCWithStays(fills []Fill, stays []Stay, rules PDCRules, opts Options) (PDCResult, error) {
	return new(PDCWorkspace).measure(fills, nil, stays, rules, opts)
}

// PDCSeq computes the PDC measure over the fills of a sequence, in any order, so that a caller
// reading a claims file can hand them over one by one without holding them all as Fill
// values; stays are read only when rules.CensorSettings is set. Each patient and class is one
// subject, with the class as the evidence's subject, the index prescription start date as its
// event day and the last day of its treatment period as the day that decided it.
//
// Every fill is validated, and every stay of a censored setting; the problems are returned
// (at most 50) as carecoord.FieldErrors with paths like "fills[12].daysSupply" (the position
// in the sequence) or "stays[3].discharged". Nothing of the input is changed.
func PDCSeq(fills iter.Seq[Fill], stays []Stay, rules PDCRules, opts Options) (PDCResult, error) {
	return new(PDCWorkspace).measure(nil, fills, stays, rules, opts)
}

// A pdcReader validates fills and makes the records of those in the period.
type pdcReader struct {
	period    civil.Range
	days      int
	meds      pdcMeds
	arena     *pdcArena
	errs      carecoord.FieldErrors
	stop      bool  // too many classes or drugs: read no further
	prev      int16 // the day of the last record
	daySorted bool  // the records came in day order
}

// read sets rec to the record of f, the i-th fill, and returns true, or returns false when f
// is invalid (the problem noted) or outside the period.
func (r *pdcReader) read(f *Fill, i int, rec *pdcFill) bool {
	k, ok := r.arena.key(f.Patient) // checks the id
	if !ok || !f.validApartFromPatient() {
		if len(r.errs) < maxProblems {
			r.errs.Nest(carecoord.Path("fills", i), f.Validate())
		}
		return false
	}
	day := f.Day.DaysSince(r.period.Start)
	if uint(day) >= uint(r.days) {
		return false
	}
	c, d, ok := r.meds.index(f.Class, f.Drug)
	if !ok {
		r.errs.Add(carecoord.OutOfRange(carecoord.Path("fills", i), "more than 65,535 distinct classes or drugs"))
		r.stop = true
		return false
	}
	r.inOrder(int16(day))
	*rec = pdcFill{pdcKey: k, day: int16(day), supply: int16(f.DaysSupply), class: c, drug: d}
	return true
}

// inOrder notes the day of the record read: whether the records still come in day order.
func (r *pdcReader) inOrder(day int16) {
	if day < r.prev {
		r.daySorted = false
	}
	r.prev = day
}

// file reads fills into parts as read reads each: a valid fill whose class and drug were
// met lately (pdcMeds.slot) is read here in a few tests, and with no call at all when its id
// is of 4 to 8 bytes and its class and drug are the slot's own strings (pdcMed.is), as in a
// feed that shares its names; any other fill by read. With later, an id that a key holds
// whole is packed unchecked, to be checked when the walk reaches its patient
// (pdcKey.validID), once a patient rather than once a fill. What the loop reads or changes
// of r and parts at each fill is held in variables, which read and newBlock do not change.
func (r *pdcReader) file(fills []Fill, parts *pdcParts, later bool) {
	var rec pdcFill
	start, days := r.period.Start, uint(r.days)
	at, pool, shift := parts.at, parts.pool, parts.shift
	for i := range fills {
		f := &fills[i]
		var k pdcKey
		ok := false
		if later {
			if p, n := f.Patient, len(f.Patient); uint(n-4) <= 4 { // pdcPack's case of 4 to 8 bytes, inline
				k = pdcKey{hi: uint64(pdcBig32(p[:4]))<<32 | uint64(pdcBig32(p[n-4:]))<<(8*(8-n)), lo: uint64(n)}
				ok = k.hi < pdcLong
			} else {
				k, ok = pdcPack(f.Patient)
			}
		}
		if !ok {
			k, ok = r.arena.key(f.Patient) // checks the id
		}
		if ok && f.validApartFromPatient() {
			day := f.Day.DaysSince(start)
			if uint(day) >= days {
				if !later || k.validID() {
					continue // outside the period
				}
			} else if m := r.meds.slot(f.Class, f.Drug); m.is(f.Class, f.Drug) || m.class == f.Class && m.drug == f.Drug {
				r.inOrder(int16(day))
				// parts.slot(k), inline
				p := k.hash() >> shift
				a := at[p]
				if a%pdcBlock == 0 { // no block yet, or the last one full
					a = parts.newBlock(p, a)
				}
				at[p] = a + 1
				pool[a] = pdcFill{pdcKey: k, day: int16(day), supply: int16(f.DaysSupply), class: m.c, drug: m.d}
				continue
			}
		}
		if r.read(f, i, &rec) {
			parts.add(&rec)
		} else if r.stop {
			break
		}
	}
}

// measure is PDCSeq over fills, or over seq when it is not nil, in ws's memory.
func (ws *PDCWorkspace) measure(fills []Fill, seq iter.Seq[Fill], stays []Stay, rules PDCRules, opts Options) (PDCResult, error) {
	if err := rules.Validate(); err != nil {
		return PDCResult{}, rulesError(err)
	}
	// The ids of a slice's fills are checked once a patient, in the walk, unless the walk
	// calls the caller's functions, which must never see an invalid id, nor run when the
	// measure then fails. A sequence can be read only once.
	later := seq == nil && rules.EndOf == nil && rules.Threshold == nil && opts.Eligible == nil && opts.Stratify == nil
	if res, ok, err := ws.run(fills, seq, stays, rules, opts, later); ok {
		return res, err
	}
	// An id is invalid: read the fills again, checking each as it comes, to say where.
	res, _, err := ws.run(fills, seq, stays, rules, opts, false)
	return res, err
}

// run is measure, the rules valid, checking the ids of fills later (pdcReader.file): false when
// one is invalid.
func (ws *PDCWorkspace) run(fills []Fill, seq iter.Seq[Fill], stays []Stay, rules PDCRules, opts Options, later bool) (PDCResult, bool, error) {
	epoch := rules.Period.Start // day 0; fills before the period are dropped, stays clipped to it
	ws.arena = ws.arena[:0]
	r := pdcReader{period: rules.Period, days: rules.Period.Days(), arena: &ws.arena, daySorted: true}
	parts := &ws.parts
	if seq == nil {
		parts.reset(len(fills))
		r.file(fills, parts, later)
	} else {
		// The length is not known before the end: the records wait in chunks.
		staged, i := &ws.staged, 0
		staged.reset()
		var rec pdcFill
		for f := range seq {
			if r.read(&f, i, &rec) {
				staged.add(&rec)
			} else if r.stop {
				break
			}
			i++
		}
		parts.reset(staged.len())
		for _, c := range staged.chunks {
			for i := range c {
				parts.add(&c[i])
			}
		}
	}
	errs := r.errs
	censored := pdcCensored(stays, &rules, epoch, &ws.arena, &errs)
	if len(errs) > 0 {
		// Fills whose ids were not checked yet may have problems to report too, and before.
		return PDCResult{}, !later, errs.Err()
	}
	classes, arena := r.meds.classes.names, ws.arena
	s := &ws.sorter
	s.arena, s.partBits, s.days, s.daySorted = arena, 64-parts.shift, r.days, r.daySorted
	w := pdcWalker{rules: &rules, eligible: opts.Eligible, epoch: epoch, end: int32(rules.Period.End.DaysSince(epoch)), classes: classes,
		detail: opts.Evidence || opts.Stratify != nil}
	w.talliers = make([]pdcTally, len(classes))
	for k := range w.talliers {
		w.talliers[k].t = newTallier(rules.Measure, rules.Period, &opts)
	}
	named := rules.EndOf != nil || opts.Evidence || opts.Eligible != nil || opts.Stratify != nil
	for p := range parts.at {
		recs := s.sort(parts, p)
		for lo := 0; lo < len(recs); {
			hi := s.end(recs, lo)
			if later && !recs[lo].validID() {
				return PDCResult{}, false, nil
			}
			var patient carecoord.PatientID // made only for what reads it: a string a patient costs
			if named {
				patient = arena.patient(recs[lo].pdcKey)
			}
			w.patient(patient, recs[lo:hi], censored.of(recs[lo].pdcKey, arena))
			lo = hi
		}
	}
	order := make([]int, len(classes))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(classes[a], classes[b]) })
	var res PDCResult
	for _, k := range order {
		pt := &w.talliers[k]
		res.Classes = append(res.Classes, PDCClass{Class: classes[k], Result: pt.finish(), CoveredDays: pt.covered, TreatmentDays: pt.days})
	}
	return res, true, nil
}

// A pdcRange is a span of day numbers, both ends included.
type pdcRange struct{ from, to int32 }

// pdcStays are the censored ranges of the stays, by patient (pdcArena.compare) and day.
type pdcStays struct {
	recs []pdcStay
}

type pdcStay struct {
	id pdcKey
	r  pdcRange
}

// pdcCensored validates the stays of the censored settings and returns their censored days
// (admission through the day before discharge).
func pdcCensored(stays []Stay, rules *PDCRules, epoch civil.Date, arena *pdcArena, errs *carecoord.FieldErrors) pdcStays {
	var out pdcStays
	if len(rules.CensorSettings) == 0 {
		return out
	}
	for i := range stays {
		s := &stays[i]
		if !slices.Contains(rules.CensorSettings, s.Setting) {
			continue
		}
		if err := s.Validate(); err != nil {
			if len(*errs) < maxProblems {
				errs.Nest(carecoord.Path("stays", i), err)
			}
			continue
		}
		if s.Discharged == s.Admitted || s.Discharged.Before(rules.Period.Start) || s.Admitted.After(rules.Period.End) {
			continue // no night in hospital, or outside the period
		}
		from := max(s.Admitted.DaysSince(epoch), 0)
		id, _ := arena.key(s.Patient) // valid: the stay is
		out.recs = append(out.recs, pdcStay{id: id, r: pdcRange{int32(from), int32(s.Discharged.DaysSince(epoch) - 1)}})
	}
	a := *arena
	slices.SortFunc(out.recs, func(x, y pdcStay) int {
		return cmp.Or(a.compare(x.id, y.id), cmp.Compare(x.r.from, y.r.from), cmp.Compare(x.r.to, y.r.to))
	})
	return out
}

// of returns the censored ranges of patient id, merged where they overlap: none without stays.
func (s *pdcStays) of(id pdcKey, a pdcArena) []pdcRange {
	if len(s.recs) == 0 {
		return nil
	}
	c, _ := slices.BinarySearchFunc(s.recs, id, func(x pdcStay, id pdcKey) int { return a.compare(x.id, id) })
	var out []pdcRange
	for ; c < len(s.recs) && a.same(s.recs[c].id, id); c++ {
		out = append(out, s.recs[c].r)
	}
	return pdcMergeRanges(out)
}

// pdcMergeRanges merges, in place, the ranges of sorted (by start) that overlap or touch: a
// day censored by two stays is censored once.
func pdcMergeRanges(sorted []pdcRange) []pdcRange {
	merged := sorted[:0]
	for _, r := range sorted {
		if n := len(merged); n > 0 && r.from <= merged[n-1].to+1 {
			merged[n-1].to = max(merged[n-1].to, r.to)
			continue
		}
		merged = append(merged, r)
	}
	return merged
}

// A pdcTally is one class's tallier and day sums. Without evidence rows or strata, the
// subjects are only counted by status (n), and handed to the tallier when the walk is done
// (finish): its totals are the same, at a fraction of the cost a subject.
type pdcTally struct {
	t             tallier
	n             [3]int64 // excluded, in the denominator, in the numerator
	covered, days int64
}

// finish returns the class's Result.
func (pt *pdcTally) finish() Result {
	for i, st := range [...]Status{Excluded, InDenominator, InNumerator} {
		pt.t.addN(Evidence{Status: st}, pt.n[i], nil) // nothing when n is 0
	}
	return pt.t.finish()
}

// A pdcWalker decides one patient's classes at a time; spans is scratch space.
type pdcWalker struct {
	rules    *PDCRules
	eligible func(carecoord.PatientID, civil.Date) Reason // Options.Eligible
	epoch    civil.Date
	end      int32 // the period's last day
	classes  []string
	talliers []pdcTally
	spans    []pdcRange
	runs     [64]pdcRun // oneDrug's, by class
	detail   bool       // evidence rows or strata asked for: each subject's Evidence is made
}

// patient decides each class of one patient's fills, given in day order (those of one day in
// any order), with the patient's censored days. It reorders recs.
func (w *pdcWalker) patient(patient carecoord.PatientID, recs []pdcFill, censored []pdcRange) {
	end := w.endOf(patient)
	if len(censored) == 0 && len(w.classes) <= len(w.runs) && w.oneDrug(patient, recs, end) {
		return
	}
	pdcSortByMed(recs)
	w.byClass(patient, recs, end, censored)
}

// A pdcRun is what oneDrug keeps of one class of a patient: what decide and covered find
// over fills of one drug in day order.
type pdcRun struct {
	ipsd, second       int32 // the first day, and the first later one (-1 when none)
	supplyEnd, covered int32
	drug               uint16
}

// oneDrug decides and counts the classes of one patient's fills, in day order, without
// censored days, as byClass does, and returns true; or returns false, having called nothing
// and counted nothing, when a class has fills of two drugs. Each class is read as covered
// reads one drug, all classes in one pass over recs, and decided in class order, as byClass
// decides them: without evidence, eligibility, thresholds or the 91-day rule, by the few tests
// of admit and grade that remain, straight into the counts.
func (w *pdcWalker) oneDrug(patient carecoord.PatientID, recs []pdcFill, end int32) bool {
	var seen uint64 // the classes met
	runs := &w.runs
	for i := range recs {
		f := &recs[i]
		c := f.class % uint16(len(runs)) // less than len(runs): the classes are fewer
		r, day := &runs[c], int32(f.day)
		if bit := uint64(1) << c; seen&bit == 0 {
			seen |= bit
			*r = pdcRun{ipsd: day, second: -1, supplyEnd: -1, drug: f.drug}
		} else if f.drug != r.drug {
			return false
		} else if r.second < 0 && day != r.ipsd {
			r.second = day
		}
		start := max(day, r.supplyEnd+1)
		r.supplyEnd = start + int32(f.supply) - 1
		r.covered += max(min(r.supplyEnd, end)-start+1, 0)
	}
	plain := !w.detail && w.eligible == nil && w.rules.Threshold == nil && w.rules.MinDaysBeforeEnd == 0
	for ; seen != 0; seen &= seen - 1 {
		c := uint16(bits.TrailingZeros64(seen))
		r := &runs[c]
		if days := end - r.ipsd + 1; plain && days > 0 {
			// admit, grade and count as they decide without evidence, eligibility, thresholds
			// or the 91-day rule: only the counts and the day sums change.
			if r.second >= 0 && r.second <= end {
				pt := &w.talliers[c]
				if pdcReaches(r.covered, days, pdcThreshold, w.rules.Round4) {
					pt.n[2]++
				} else {
					pt.n[1]++
				}
				pt.covered, pt.days = pt.covered+int64(r.covered), pt.days+int64(days)
			}
			continue
		}
		d, ok := w.admit(patient, r.ipsd, r.second, end)
		if ok {
			d.covered, d.days = r.covered, end-r.ipsd+1
			w.grade(&d, c)
		}
		w.count(patient, c, d)
	}
	return true
}

// pdcSortByMed sorts one patient's records, in day order, by class and drug, stably: by
// insertion when they are few, as most patients' are.
func pdcSortByMed(recs []pdcFill) {
	less := func(a, b *pdcFill) bool { return a.class < b.class || a.class == b.class && a.drug < b.drug }
	if len(recs) > 64 {
		slices.SortStableFunc(recs, func(a, b pdcFill) int { return cmp.Or(cmp.Compare(a.class, b.class), cmp.Compare(a.drug, b.drug)) })
		return
	}
	for i := 1; i < len(recs); i++ {
		if !less(&recs[i], &recs[i-1]) {
			continue
		}
		x, j := recs[i], i
		for ; j > 0 && less(&x, &recs[j-1]); j-- {
			recs[j] = recs[j-1]
		}
		recs[j] = x
	}
}

// byClass decides each class of one patient's fills (sorted by class, drug, day), ending
// their treatment periods at end at the latest, with the patient's censored days.
func (w *pdcWalker) byClass(patient carecoord.PatientID, recs []pdcFill, end int32, censored []pdcRange) {
	for lo := 0; lo < len(recs); {
		hi := lo + 1
		for hi < len(recs) && recs[hi].class == recs[lo].class {
			hi++
		}
		w.class(patient, recs[lo:hi], end, censored)
		lo = hi
	}
}

// class decides one patient's PDC for one class and counts it.
func (w *pdcWalker) class(patient carecoord.PatientID, recs []pdcFill, end int32, censored []pdcRange) {
	w.count(patient, recs[0].class, w.decide(patient, recs, end, censored, nil))
}

// count counts decision d of one patient's class.
func (w *pdcWalker) count(patient carecoord.PatientID, class uint16, d pdcDecision) {
	if !d.inPopulation {
		return
	}
	pt := &w.talliers[class]
	switch {
	case w.detail:
		pt.t.add(Evidence{Patient: patient, Subject: w.classes[class], Status: d.status, Reason: d.reason,
			Event: w.epoch.AddDays(int(d.ipsd)), Decided: w.epoch.AddDays(int(d.end))}, nil)
	case d.status == InNumerator:
		pt.n[2]++
	case d.status == InDenominator:
		pt.n[1]++
	default:
		pt.n[0]++
	}
	if d.status != Excluded {
		pt.covered += int64(d.covered)
		pt.days += int64(d.days)
	}
}

// endOf returns the last day of patient's treatment period: the period's end, or the death or
// disenrollment day Rules.EndOf gives if earlier.
func (w *pdcWalker) endOf(patient carecoord.PatientID) int32 {
	if w.rules.EndOf != nil {
		if d, ok := w.rules.EndOf(patient); ok && d.IsValid() {
			return min(w.end, int32(d.DaysSince(w.epoch)))
		}
	}
	return w.end
}

// A pdcDecision is what the rules decide for one patient and class.
type pdcDecision struct {
	inPopulation  bool  // fills on two dates of service in the treatment period
	ipsd, end     int32 // the treatment period
	status        Status
	reason        Reason
	covered, days int32
	threshold     int
}

// A pdcPiece is a span of days one fill's supply covers (recs[rec]).
type pdcPiece struct {
	rec int
	r   pdcRange
}

// decide applies the rules to one patient's fills of one class (by drug and day), ending the
// treatment period at end at the latest, without the censored days. When pieces is not nil,
// each fill's covered spans are appended to it.
func (w *pdcWalker) decide(patient carecoord.PatientID, recs []pdcFill, end int32, censored []pdcRange, pieces *[]pdcPiece) pdcDecision {
	// The index prescription start date, and whether there are two dates of service in the
	// treatment period.
	ipsd, second := int32(recs[0].day), int32(-1)
	if recs[0].drug == recs[len(recs)-1].drug {
		// One drug (recs are by drug), so by day: the second date is the first later day.
		for _, f := range recs {
			if day := int32(f.day); day != ipsd {
				second = day
				break
			}
		}
	} else {
		for _, f := range recs {
			if day := int32(f.day); day < ipsd {
				ipsd, second = day, ipsd
			} else if day != ipsd && (second < 0 || day < second) {
				second = day
			}
		}
	}
	d, ok := w.admit(patient, ipsd, second, end)
	if ok {
		d.covered, d.days = w.covered(recs, ipsd, end, censored, pieces)
		w.grade(&d, recs[0].class)
	}
	return d
}

// admit is decide's first half, given the index prescription start date and the second date
// of service (-1 when there is none): the decision and true when the days covered are needed
// to finish it (grade), or false when it is decided without them.
func (w *pdcWalker) admit(patient carecoord.PatientID, ipsd, second, end int32) (pdcDecision, bool) {
	d := pdcDecision{inPopulation: second >= 0 && second <= end, ipsd: ipsd, end: end}
	if !d.inPopulation {
		return d, false // fewer than two dates of service: not in the population
	}
	d.status = Excluded
	if w.rules.MinDaysBeforeEnd > 0 && w.end-ipsd < int32(w.rules.MinDaysBeforeEnd) {
		d.reason = ReasonIndexTooLate
		return d, false
	}
	if w.eligible != nil {
		if d.reason = w.eligible(patient, w.epoch.AddDays(int(ipsd))); d.reason != "" {
			return d, false
		}
	}
	return d, true
}

// grade is decide's second half: it finishes d, whose days covered and treatment days are
// set, for class.
func (w *pdcWalker) grade(d *pdcDecision, class uint16) {
	if d.days <= 0 {
		d.reason = ReasonAllDaysCensored // no day to divide by
		return
	}
	d.threshold = pdcThreshold
	if w.rules.Threshold != nil {
		d.threshold = w.rules.Threshold(w.classes[class])
	}
	d.status, d.reason = InDenominator, ReasonNotAdherent
	if pdcReaches(d.covered, d.days, d.threshold, w.rules.Round4) {
		d.status, d.reason = InNumerator, ReasonAdherent
	}
}

// pdcReaches reports whether covered of days reaches threshold percent: exactly, or rounded to
// four decimals half up first.
func pdcReaches(covered, days int32, threshold int, round4 bool) bool {
	if !round4 {
		return int64(covered)*100 >= int64(threshold)*int64(days)
	}
	// round(covered/days, 4) = floor((covered·10^4·2 + days) / (2·days)) / 10^4
	r := (int64(covered)*20000 + int64(days)) / (2 * int64(days))
	return r*100 >= int64(threshold)*10000
}

// covered returns the days from ipsd through end covered by recs (one class, by drug and day)
// and the days of that treatment period, both without the censored days, and appends each
// fill's covered spans to pieces when it is not nil.
func (w *pdcWalker) covered(recs []pdcFill, ipsd, end int32, censored []pdcRange, pieces *[]pdcPiece) (covered, days int32) {
	if pieces == nil && len(censored) == 0 && recs[0].drug == recs[len(recs)-1].drug {
		// One drug (recs are by drug) and no stay, as for most patients: each fill's span
		// starts after the last one's, at ipsd or later, so the days covered are their sum.
		supplyEnd := int32(-1)
		for _, f := range recs {
			start := max(int32(f.day), supplyEnd+1)
			supplyEnd = start + int32(f.supply) - 1
			covered += max(min(supplyEnd, end)-start+1, 0)
		}
		return covered, end - ipsd + 1
	}
	spans := w.spans[:0]
	supplyEnd := int32(-1)
	for k, f := range recs {
		if k > 0 && f.drug != recs[k-1].drug {
			supplyEnd = -1 // another drug: no shift across drugs
		}
		start, n := max(int32(f.day), supplyEnd+1), len(spans)
		supplyEnd = pdcConsume(&spans, start, int32(f.supply), censored, end)
		if pieces != nil {
			for _, r := range spans[n:] {
				*pieces = append(*pieces, pdcPiece{rec: k, r: pdcRange{r.from, min(r.to, end)}})
			}
		}
	}
	if !slices.IsSortedFunc(spans, pdcCompareFrom) { // one drug's spans come in order
		slices.SortFunc(spans, pdcCompareFrom)
	}
	next := ipsd // the first day not yet counted
	for _, s := range spans {
		from, to := max(s.from, next), min(s.to, end)
		if from <= to {
			covered += to - from + 1
			next = to + 1
		}
	}
	w.spans = spans
	days = end - ipsd + 1
	for _, c := range censored {
		if from, to := max(c.from, ipsd), min(c.to, end); from <= to {
			days -= to - from + 1
		}
	}
	return covered, days
}

func pdcCompareFrom(a, b pdcRange) int { return cmp.Compare(a.from, b.from) }

// pdcConsume appends the spans that supply days of a drug cover from start on, skipping the
// censored days (the supply waits while the patient is in hospital), and returns the last day
// covered. Spans past end are not kept: they cover nothing of the treatment period.
func pdcConsume(spans *[]pdcRange, start, supply int32, censored []pdcRange, end int32) int32 {
	cur := start
	for _, c := range censored {
		if c.to < cur {
			continue
		}
		if c.from > cur+supply-1 {
			break // the supply runs out before this stay
		}
		if c.from > cur {
			*spans = append(*spans, pdcRange{cur, c.from - 1})
			supply -= c.from - cur
		}
		cur = c.to + 1
	}
	last := cur + supply - 1
	if cur <= end {
		*spans = append(*spans, pdcRange{cur, last})
	}
	return last
}
