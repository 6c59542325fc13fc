package metrics

import (
	"cmp"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/shopspring/decimal"
)

// A CMAKind names one of the continuous multiple-interval measures of medication
// availability, CMA1 to CMA9, as Vollmer et al. (BMC Health Services Research 2012;12:155)
// define the first eight and AdhereR (Dima & Dediu, ddediu/AdhereR 0.8.1) adds the ninth; this
// package implements them from those definitions (spec §1.4), with AdhereR's published numbers
// as test vectors (spec §1.5), and none of AdhereR's code. The zero CMAKind is not valid.
//
// Every CMA is a ratio of days: a numerator of supply, covered or weighted days, over a
// denominator of days, both counted in the observation window:
//
//   - CMA1: the days' supply of the window's fills but the last, over the days from the first
//     of them to the last (near a medication possession ratio; may exceed 1);
//   - CMA2: the days' supply of all the window's fills, over the days from the first of them
//     to the end of the window (may exceed 1);
//   - CMA3, CMA4: CMA1 and CMA2 capped at 1;
//   - CMA5: the days from the window's first fill to its last that its fills cover, supply
//     banked (used after the supply already on hand);
//   - CMA6: the same to the end of the window, the last fill's supply included;
//   - CMA7: the days of the whole window covered, supply banked, with the supply carried into
//     it from fills of the follow-up window before it (the proportion of days covered over a
//     fixed window);
//   - CMA8: as CMA6, but from the window's start lagged by the days of supply carried into it
//     (for designs whose window starts at trial entry);
//   - CMA9: every day of the window weighted by the supply ratio of the refill interval it
//     falls in (supply over the days to the next fill, at most 1, any oversupply moved on to
//     the next interval; the last interval ends at the end of the follow-up window, and days
//     in no interval weigh 0).
type CMAKind string

// The CMA kinds.
const (
	CMA1 CMAKind = "cma1"
	CMA2 CMAKind = "cma2"
	CMA3 CMAKind = "cma3"
	CMA4 CMAKind = "cma4"
	CMA5 CMAKind = "cma5"
	CMA6 CMAKind = "cma6"
	CMA7 CMAKind = "cma7"
	CMA8 CMAKind = "cma8"
	CMA9 CMAKind = "cma9"
)

// CMAKinds returns every CMAKind, in a new slice.
func CMAKinds() []CMAKind {
	return []CMAKind{CMA1, CMA2, CMA3, CMA4, CMA5, CMA6, CMA7, CMA8, CMA9}
}

// IsValid reports whether k is one of [CMAKinds].
func (k CMAKind) IsValid() bool {
	switch k {
	case CMA1, CMA2, CMA3, CMA4, CMA5, CMA6, CMA7, CMA8, CMA9:
		return true
	}
	return false
}

// cmMaxWindow bounds window offsets and lengths, in days (about a hundred years): far more
// than any study, and far from overflowing day arithmetic.
const cmMaxWindow = 36_600

// cmMaxDose bounds Fill.DailyDose when dose changes are considered, so that supply counted in
// dose units stays far from overflowing an int64.
const cmMaxDose = 1_000_000

// A CMAWindow is a span of days counted from a patient's first fill (the first of all the
// fills given for the patient), half-open as AdhereR's windows are (spec §1.4): the days from
// first+Start up to, and not including, first+Start+Days. {182, 365} is the year that starts
// 182 days after the first fill. Windows are cut at the end of the calendar (9999-12-31).
//
// The zero CMAWindow has no days and is not valid.
type CMAWindow struct {
	Start int `json:"start"`
	Days  int `json:"days"`
}

// Validate reports whether w is usable: Start from 0 and Days from 1, both at most 36,600.
func (w CMAWindow) Validate() error {
	var errs carecoord.FieldErrors
	if w.Start < 0 || w.Start > cmMaxWindow {
		errs.Add(carecoord.OutOfRange("start", "must be from 0 to 36,600 days after the first fill"))
	}
	if w.Days < 1 || w.Days > cmMaxWindow {
		errs.Add(carecoord.OutOfRange("days", "must be from 1 to 36,600 days"))
	}
	return errs.Err()
}

// CMAWindows are the two windows of a CMA (spec §1.4). Only fills in the follow-up window are
// read at all; CMA1 to CMA6 read only those in the observation window too, while CMA7 to CMA9
// also carry supply into it from the follow-up window's earlier fills. The zero CMAWindows is
// not valid; [DefaultCMAWindows] returns AdhereR's defaults.
type CMAWindows struct {
	FollowUp    CMAWindow `json:"followUp"`
	Observation CMAWindow `json:"observation"`
}

// DefaultCMAWindows returns AdhereR's default windows: follow-up and observation both the 730
// days from the first fill.
func DefaultCMAWindows() CMAWindows {
	return CMAWindows{FollowUp: CMAWindow{Days: 730}, Observation: CMAWindow{Days: 730}}
}

// Validate reports every problem with w as carecoord.FieldErrors.
func (w CMAWindows) Validate() error {
	var errs carecoord.FieldErrors
	errs.Nest("followUp", w.FollowUp.Validate())
	errs.Nest("observation", w.Observation.Validate())
	return errs.Err()
}

// CMAOptions are AdhereR's two switches of the carry-over (spec §1.4), which CMA5 to CMA9 and
// treatment episodes read; CMA1 to CMA4 have no carry-over. The zero CMAOptions is AdhereR's
// default: supply carries over across medication changes, at the days' supply as dispensed.
type CMAOptions struct {
	// CarryOnlyForSameMedication drops the supply on hand when a fill is of another class
	// ([Fill.Class], AdhereR's medication category) than the fill before it: supply carries
	// over only within one medication (AdhereR's carry.only.for.same.medication).
	CarryOnlyForSameMedication bool `json:"carryOnlyForSameMedication,omitempty"`
	// ConsiderDosageChange counts supply in dose units (DaysSupply × DailyDose) used up at
	// the latest fill's daily dose, so that the days carried over are rescaled by the old
	// dose over the new one (AdhereR's consider.dosage.change). Every fill then needs a
	// DailyDose from 1 to 1,000,000; covered days may be fractions.
	ConsiderDosageChange bool `json:"considerDosageChange,omitempty"`
}

// A CMAValue is one CMA of one patient: the exact ratio Supply / Days(), kept as its two
// terms. Round it only for display ([CMAValue.Percent], [CMAValue.Float64]); compare it with
// [CMAValue.AtLeast]. A CMA that cannot be computed (too few fills in the window, a CMA8 lag
// that fills the window) has an empty Span: Days() is 0 and Computable reports false.
//
// The zero CMAValue is not computable.
type CMAValue struct {
	// Kind is the CMA.
	Kind CMAKind `json:"kind"`
	// Window is the observation window, both ends included (the day before AdhereR's
	// exclusive end): a sliding window, or a treatment episode's part of the observation
	// window, when the value is one of theirs.
	Window civil.Range `json:"window"`
	// Span is the days the denominator counts, both ends included: the whole window (CMA7,
	// CMA9); from the window's first fill to its end (CMA2, CMA4, CMA6) or to the day before
	// its last fill (CMA1, CMA3, CMA5); from the lagged start to the end (CMA8: the lag is
	// Span.Start minus Window.Start). Empty when the CMA is not computable.
	Span civil.Range `json:"span,omitzero"`
	// Supply is the numerator in days: days' supply (CMA1 to CMA4; for CMA3 and CMA4 at most
	// Days(), which is the cap at 1), days covered (CMA5 to CMA8) or weighted days (CMA9).
	Supply ExactDays `json:"supply"`
}

// Days returns the denominator in days: the days of Span, 0 when not computable.
func (v CMAValue) Days() int { return v.Span.Days() }

// Computable reports whether v has a denominator.
func (v CMAValue) Computable() bool { return v.Span.Days() > 0 }

// Rat returns Supply / Days() as a new big.Rat, and nil when v is not computable.
func (v CMAValue) Rat() *big.Rat {
	days := v.Span.Days()
	if days == 0 {
		return nil
	}
	r := v.Supply.Rat()
	return r.Quo(r, new(big.Rat).SetInt64(int64(days)))
}

// Float64 returns Supply / Days() as the nearest float64, for display only, and NaN when v is
// not computable.
func (v CMAValue) Float64() float64 {
	r := v.Rat()
	if r == nil {
		return math.NaN()
	}
	f, _ := r.Float64()
	return f
}

// Percent returns 100 · Supply / Days() rounded half away from zero to places decimals (the
// vignette prints CMAs this way, to 2 places), and false when v is not computable or places
// is not from 0 to 30.
func (v CMAValue) Percent(places int32) (decimal.Decimal, bool) {
	days := v.Span.Days()
	if days == 0 || places < 0 || places > 30 || v.Supply.Cmp(ExactDays{}) < 0 {
		return decimal.Decimal{}, false
	}
	r := v.Supply.Rat()
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)+2), nil)
	num := new(big.Int).Mul(r.Num(), scale)
	den := new(big.Int).Mul(r.Denom(), big.NewInt(int64(days)))
	// round(num/den) half up for non-negative values: (2·num + den) / (2·den)
	num.Lsh(num, 1).Add(num, den)
	num.Quo(num, den.Lsh(den, 1))
	return decimal.NewFromBigInt(num, -places), true
}

// AtLeast reports whether v is at least t (Supply / Days() ≥ t.Num / t.Den), exactly: with t
// = {80, 100}, whether the patient reaches the usual 80% adherence threshold. It is false
// when v is not computable or t has no positive denominator.
func (v CMAValue) AtLeast(t carecoord.Rate) bool {
	days := int64(v.Span.Days())
	if days == 0 || t.Den <= 0 {
		return false
	}
	if n, ok := v.Supply.Whole(); ok && n >= 0 && t.Num >= 0 {
		return cmCompareProducts(uint64(n), uint64(t.Den), uint64(t.Num), uint64(days)) >= 0
	}
	lhs := new(big.Rat).Mul(v.Supply.Rat(), new(big.Rat).SetInt64(t.Den))
	rhs := new(big.Rat).SetInt64(t.Num)
	return lhs.Cmp(rhs.Mul(rhs, new(big.Rat).SetInt64(days))) >= 0
}

// cmCompareProducts compares a·b with c·d without overflow.
func cmCompareProducts(a, b, c, d uint64) int {
	h1, l1 := bits.Mul64(a, b)
	h2, l2 := bits.Mul64(c, d)
	if c := cmp.Compare(h1, h2); c != 0 {
		return c
	}
	return cmp.Compare(l1, l2)
}

// CMA computes one CMA of one patient over fills (all the patient's, in any order), windows
// and options.
//
// The windows count from the patient's first fill, of all fills given. Fills outside the
// follow-up window are ignored. Fills are taken in day order; fills of one day in order of
// claim id, class, drug, days' supply and daily dose, which decides "the last fill" of CMA1
// and where the class changes for CarryOnlyForSameMedication. Fills with the same id on the
// same day are the rows of one claim (a combination product given once per ingredient, as
// [Fill] says) and count once; they must have the same days' supply.
//
// CMA5 to CMA9 bank supply in one pooled stock, as AdhereR does when carry-over crosses
// medications (spec §1.4, the clean-room stock model): each fill adds its days' supply, each
// day with supply on hand is covered and uses up a day. The stock starts empty at the first
// fill read: the observation window's first (CMA5, CMA6) or the follow-up window's (CMA7 to
// CMA9).
//
// fills is not changed. Problems with the input come back as carecoord.FieldErrors (at most
// 50) with paths like "fills[3].day" and "windows.observation.days", never with values; fills
// of more than one patient are a problem ("fills[i].patient").
func CMA(kind CMAKind, fills []Fill, w CMAWindows, o CMAOptions) (CMAValue, error) {
	var errs carecoord.FieldErrors
	cmCheckKind(&errs, kind)
	errs.Nest("windows", w.Validate())
	p, err := cmOnePatient(errs, fills, o, cmNeedsFlags(o, nil))
	if err != nil {
		return CMAValue{}, err
	}
	fuw, ow := p.windows(w)
	span, a := cmCompute(kind, p.evs, fuw, ow, o)
	return cmValue(kind, ow, span, &a, p.epoch), nil
}

// cmNeedsFlags reports whether the events must say where the class or the dose changes.
func cmNeedsFlags(o CMAOptions, r *EpisodeRules) bool {
	return o.CarryOnlyForSameMedication || r != nil && (r.NewOnMedicationChange || r.NewOnDosageChange)
}

// cmRange is a half-open span of day numbers, [lo, hi).
type cmRange struct{ lo, hi int32 }

func (r cmRange) empty() bool { return r.hi <= r.lo }

// intersect returns the days r and s share.
func (r cmRange) intersect(s cmRange) cmRange { return cmRange{max(r.lo, s.lo), min(r.hi, s.hi)} }

// days returns the days of r, 0 when empty.
func (r cmRange) days() int64 { return max(0, int64(r.hi)-int64(r.lo)) }

// cmRangeOf returns r as an inclusive civil.Range, the zero Range when r is empty.
func cmRangeOf(epoch civil.Date, r cmRange) civil.Range {
	if r.empty() {
		return civil.Range{}
	}
	return civil.Range{Start: epoch.AddDays(int(r.lo)), End: epoch.AddDays(int(r.hi) - 1)}
}

// cmLastDay is the day number of 9999-12-31 counted from 0001-01-01; windows end by the day
// after it.
const cmLastDay = 3_652_058

// cmWindow returns w counted from day number first, cut at the end of the calendar.
func cmWindow(first int32, w CMAWindow) cmRange {
	lo := first + int32(w.Start)
	return cmRange{min(lo, cmLastDay+1), min(lo+int32(w.Days), cmLastDay+1)}
}

// cmEpoch returns 0001-01-01, day number 0.
func cmEpoch() civil.Date {
	d, _ := civil.NewDate(1, time.January, 1)
	return d
}

// cmEvent is a fill as the CMA engine reads it.
type cmEvent struct {
	day    int32 // day number from 0001-01-01
	supply int32 // days' supply, 1 to 366
	dose   int32 // daily dose in units (1 unless dose changes are considered)
	flags  uint8 // cmSwitched, cmRedosed
}

// The flags of a cmEvent, against the event before it (none on a patient's first).
const (
	cmSwitched uint8 = 1 << iota // of another class
	cmRedosed                    // of another daily dose
)

// A cmPatient is one patient's events, sorted, and what their windows count from.
type cmPatient struct {
	evs   []cmEvent
	epoch civil.Date
}

// windows returns the follow-up and observation windows as day numbers.
func (p *cmPatient) windows(w CMAWindows) (fuw, ow cmRange) {
	first := p.evs[0].day
	return cmWindow(first, w.FollowUp), cmWindow(first, w.Observation)
}

// cmSelect returns the events of evs (sorted by day) in r: by a scan from each end, as a
// patient has few fills, or by binary search when there are many.
func cmSelect(evs []cmEvent, r cmRange) []cmEvent {
	if len(evs) > 32 {
		by := func(e cmEvent, d int32) int { return cmp.Compare(e.day, d) }
		lo, _ := slices.BinarySearchFunc(evs, r.lo, by)
		hi, _ := slices.BinarySearchFunc(evs, r.hi, by)
		return evs[lo:max(lo, hi)]
	}
	lo, hi := 0, len(evs)
	for lo < hi && evs[lo].day < r.lo {
		lo++
	}
	for hi > lo && evs[hi-1].day >= r.hi {
		hi--
	}
	return evs[lo:hi]
}

// A cmInterval is one event's refill interval in the pooled stock: from its day to the next
// event's day (or the end of the walk), with the stock on its day once its supply is in.
type cmInterval struct {
	from, to int32
	units    int64 // the stock, in dose units
	dose     int64 // the units used a day
}

// A cmWalk walks the pooled stock over a patient's events (spec §1.4): the stock starts empty
// at the first event; each event adds its supply (DaysSupply × dose units), after the stock
// is dropped when the class changes and CarryOnlyForSameMedication is set; each day uses a
// day's dose while there is any. Under ConsiderDosageChange the dose is the event's daily
// dose, so carried units last (old dose / new dose) times as many days (AdhereR's rescaled
// carry-over); otherwise it is 1 and units are days.
type cmWalk struct {
	evs   []cmEvent
	end   int32 // where the last event's interval ends
	o     CMAOptions
	i     int
	units int64 // the stock carried into evs[i]
}

// next returns the next event's interval, and false after the last.
func (w *cmWalk) next() (cmInterval, bool) {
	if w.i >= len(w.evs) {
		return cmInterval{}, false
	}
	e := &w.evs[w.i]
	dose := int64(1)
	if w.o.ConsiderDosageChange {
		dose = int64(e.dose)
	}
	carry := w.units
	if w.i == 0 || w.o.CarryOnlyForSameMedication && e.flags&cmSwitched != 0 {
		carry = 0
	}
	iv := cmInterval{from: e.day, to: max(w.end, e.day), units: carry + int64(e.supply)*dose, dose: dose}
	w.i++
	if w.i < len(w.evs) {
		iv.to = w.evs[w.i].day
	}
	w.units = max(0, iv.units-int64(iv.to-iv.from)*dose)
	return iv, true
}

// stockAt returns the units left on day d, from ≤ d ≤ to, before any event of day d.
func (iv *cmInterval) stockAt(d int32) int64 { return max(0, iv.units-int64(d-iv.from)*iv.dose) }

// supplyEnd returns the first day with nothing left of the stock the interval starts with,
// as if no event came after it; a day with part of a dose left counts as supplied.
func (iv *cmInterval) supplyEnd() int64 {
	return int64(iv.from) + (iv.units+iv.dose-1)/iv.dose
}

// cmOverlap returns the days [a, b) and [lo, hi) share.
func cmOverlap(a, b, lo, hi int64) int64 { return max(0, min(b, hi)-max(a, lo)) }

// cover adds to s the days of [lo, hi) in the interval that had supply on hand: whole days,
// and the fraction of a dose left on the day the stock runs out (dose changes only).
func (iv *cmInterval) cover(lo, hi int32, s *cmAmount) {
	length := int64(iv.to - iv.from)
	q, r := iv.units/iv.dose, iv.units%iv.dose
	s.whole += cmOverlap(int64(iv.from), int64(iv.from)+min(q, length), int64(lo), int64(hi))
	if q < length && r > 0 {
		if d := int64(iv.from) + q; int64(lo) <= d && d < int64(hi) {
			s.addFrac(r, 1, iv.dose)
		}
	}
}

// weigh adds to s the days of [lo, hi) in the interval, each weighted by the interval's
// supply ratio: the stock over the units the interval's days need, at most 1 (CMA9).
func (iv *cmInterval) weigh(lo, hi int32, s *cmAmount) {
	days := cmOverlap(int64(iv.from), int64(iv.to), int64(lo), int64(hi))
	if days == 0 {
		return
	}
	need := int64(iv.to-iv.from) * iv.dose
	if iv.units >= need {
		s.whole += days
		return
	}
	s.addFrac(days, iv.units, need)
}

// cmCover returns the days of in that the stock over evs (with intervals ending at end)
// covers.
func cmCover(evs []cmEvent, in cmRange, end int32, o CMAOptions) cmAmount {
	var s cmAmount
	w := cmWalk{evs: evs, end: end, o: o}
	for iv, ok := w.next(); ok; iv, ok = w.next() {
		if iv.from >= in.hi {
			break
		}
		iv.cover(in.lo, in.hi, &s)
	}
	return s
}

// cmLag returns CMA8's lag: the days of supply on hand on day d, before its fills, from evs'
// stock (a part of a dose's day counts as a day).
func cmLag(evs []cmEvent, d int32, o CMAOptions) int64 {
	w := cmWalk{evs: evs, end: d, o: o}
	var left, dose int64
	for iv, ok := w.next(); ok && iv.from < d; iv, ok = w.next() {
		left, dose = iv.stockAt(min(iv.to, d)), iv.dose
		if iv.to >= d {
			break
		}
	}
	if left == 0 {
		return 0
	}
	return (left + dose - 1) / dose
}

// cmCompute computes kind over a patient's events (sorted by day) with the follow-up window
// fuw and the observation window ow: the span of its denominator (empty when the CMA is not
// computable) and its numerator.
func cmCompute(kind CMAKind, evs []cmEvent, fuw, ow cmRange, o CMAOptions) (cmRange, cmAmount) {
	f := cmSelect(evs, fuw)
	var s cmAmount
	switch kind {
	case CMA7, CMA8, CMA9:
		if len(f) == 0 {
			return cmRange{}, s
		}
	}
	switch kind {
	case CMA1, CMA2, CMA3, CMA4, CMA5, CMA6:
		in := cmSelect(f, ow)
		if len(in) == 0 {
			return cmRange{}, s
		}
		span := cmRange{in[0].day, ow.hi}
		if kind == CMA1 || kind == CMA3 || kind == CMA5 {
			span.hi = in[len(in)-1].day
		}
		if span.empty() {
			return cmRange{}, s
		}
		switch kind {
		case CMA1, CMA3:
			in = in[:len(in)-1]
			fallthrough
		case CMA2, CMA4:
			for i := range in {
				s.whole += int64(in[i].supply)
			}
			if kind == CMA3 || kind == CMA4 {
				s.whole = min(s.whole, span.days())
			}
		default:
			s = cmCover(in, span, span.hi, o)
		}
		return span, s
	case CMA7:
		return ow, cmCover(cmSelect(f, cmRange{f[0].day, ow.hi}), ow, ow.hi, o)
	case CMA8:
		before := cmSelect(f, cmRange{f[0].day, ow.hi})
		span := cmRange{ow.lo + int32(min(cmLag(before, ow.lo, o), ow.days())), ow.hi}
		if span.empty() {
			return cmRange{}, s
		}
		return span, cmCover(before, span, ow.hi, o)
	case CMA9:
		w := cmWalk{evs: f, end: fuw.hi, o: o}
		for iv, ok := w.next(); ok; iv, ok = w.next() {
			iv.weigh(ow.lo, ow.hi, &s)
		}
		return ow, s
	}
	return cmRange{}, s
}

// cmValue returns the CMAValue of cmCompute's result.
func cmValue(kind CMAKind, ow, span cmRange, s *cmAmount, epoch civil.Date) CMAValue {
	v := CMAValue{Kind: kind, Window: cmRangeOf(epoch, ow), Span: cmRangeOf(epoch, span)}
	if !span.empty() {
		v.Supply = s.exact()
	}
	return v
}

// A cmRec is a fill as the CMA functions sort it: 16 bytes and no pointer, so that sorting a
// population moves little and the garbage collector neither scans the copies nor slows their
// moves with write barriers. The patient is read from the caller's fills when grouping.
type cmRec struct {
	key uint64 // groupKey of the patient
	day uint32 // the day number from 0001-01-01 (22 bits) above the days' supply (9 bits)
	idx int32  // index in the caller's fills
}

// cmSupplyBits holds a days' supply of up to 366 in a cmRec's day word.
const cmSupplyBits = 9

// cmCheckFill validates fill i and, under ConsiderDosageChange, its daily dose, adding
// problems to errs (at most maxProblems). It reports whether the fill is usable.
func cmCheckFill(errs *carecoord.FieldErrors, fills []Fill, i int, o *CMAOptions) bool {
	f := &fills[i]
	err := f.Validate()
	if err == nil && o.ConsiderDosageChange && (f.DailyDose < 1 || f.DailyDose > cmMaxDose) {
		err = carecoord.OutOfRange("dailyDose", "must be from 1 to 1,000,000 when dosage changes are considered")
	}
	if err != nil {
		if len(*errs) < maxProblems {
			errs.Nest(carecoord.Path("fills", i), err)
		}
		return false
	}
	return true
}

// cmRecOf returns fill i, which is valid, as a cmRec counted from epoch.
func cmRecOf(fills []Fill, i int, key uint64, epoch civil.Date) cmRec {
	f := &fills[i]
	return cmRec{key: key, day: uint32(f.Day.DaysSince(epoch))<<cmSupplyBits | uint32(f.DaysSupply), idx: int32(i)}
}

// cmCompareFills orders one patient's fills of one day: by claim id, so that the rows of a
// claim are together, then class, drug, supply and dose.
func cmCompareFills(a, b *Fill) int {
	if c := cmp.Compare(a.ID, b.ID); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Class, b.Class); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Drug, b.Drug); c != 0 {
		return c
	}
	if c := cmp.Compare(a.DaysSupply, b.DaysSupply); c != 0 {
		return c
	}
	return cmp.Compare(a.DailyDose, b.DailyDose)
}

// cmCompareRecs orders records by key and day; records of one key and day (rare: fills of a
// patient on one day, or of two patients whose keys collide) by patient, then as
// cmCompareFills, then by position, so that the order is total. A patient's records are in
// day order, but patients sharing a key may be interleaved: cmGroup separates them.
func cmCompareRecs(fills []Fill, a, b *cmRec) int {
	if a.key != b.key {
		return cmp.Compare(a.key, b.key)
	}
	if c := cmp.Compare(a.day>>cmSupplyBits, b.day>>cmSupplyBits); c != 0 {
		return c
	}
	fa, fb := &fills[a.idx], &fills[b.idx]
	if c := cmp.Compare(fa.Patient, fb.Patient); c != 0 {
		return c
	}
	if c := cmCompareFills(fa, fb); c != 0 {
		return c
	}
	return cmp.Compare(a.idx, b.idx)
}

// cmGroup calls visit with the records of each patient in recs, sorted by cmCompareRecs, in
// key order, with the patient. A run of one key holds one patient but for ids that share an
// order-keeping key (which come grouped) or a hash collision (interleaved by day, sorted
// here by patient, stably).
func cmGroup(fills []Fill, recs []cmRec, visit func(patient carecoord.PatientID, recs []cmRec) error) error {
	byPatient := func(a, b cmRec) int { return cmp.Compare(fills[a.idx].Patient, fills[b.idx].Patient) }
	for lo := 0; lo < len(recs); {
		hi := lo + 1
		for hi < len(recs) && recs[hi].key == recs[lo].key {
			hi++
		}
		run := recs[lo:hi]
		if !slices.IsSortedFunc(run, byPatient) {
			slices.SortStableFunc(run, byPatient)
		}
		for a := 0; a < len(run); {
			p := fills[run[a].idx].Patient
			b := a + 1
			for b < len(run) && fills[run[b].idx].Patient == p {
				b++
			}
			if err := visit(p, run[a:b]); err != nil {
				return err
			}
			a = b
		}
		lo = hi
	}
	return nil
}

// cmAppendEvents appends to dst the events of one patient's sorted records: the rows of one
// claim (same day and id) become one event, and, when flags is set, each event says
// whether its class or dose differs from the event before (cmNeedsFlags). Rows of one claim
// with different days' supply are a problem.
func cmAppendEvents(dst []cmEvent, fills []Fill, recs []cmRec, o *CMAOptions, flags bool) ([]cmEvent, error) {
	last := -1 // the record the last event was made from
	for k := range recs {
		r := &recs[k]
		if last >= 0 && r.day>>cmSupplyBits == recs[last].day>>cmSupplyBits {
			f, prev := &fills[r.idx], &fills[recs[last].idx]
			if f.ID == prev.ID {
				if f.DaysSupply != prev.DaysSupply {
					return dst, carecoord.FieldErrors{carecoord.Invalid(carecoord.Path("fills", int(max(r.idx, recs[last].idx)), "daysSupply"),
						"must be the same in every row of one claim (same patient, day and id)")}
				}
				continue
			}
		}
		e := cmEvent{day: int32(r.day >> cmSupplyBits), supply: int32(r.day & (1<<cmSupplyBits - 1)), dose: 1}
		if o.ConsiderDosageChange {
			e.dose = int32(fills[r.idx].DailyDose)
		}
		if flags && last >= 0 {
			f, prev := &fills[r.idx], &fills[recs[last].idx]
			if f.Class != prev.Class {
				e.flags |= cmSwitched
			}
			if f.DailyDose != prev.DailyDose {
				e.flags |= cmRedosed
			}
		}
		dst = append(dst, e)
		last = k
	}
	return dst, nil
}

// cmCheckKind checks the kind argument.
func cmCheckKind(errs *carecoord.FieldErrors, kind CMAKind) {
	if !kind.IsValid() {
		errs.Add(carecoord.NotSupported("kind", CMAKinds()...))
	}
}

// cmOnePatient validates fills, all one patient's, and returns the patient's events, or errs
// (the problems the caller found with its other arguments) with the fills' problems added.
func cmOnePatient(errs carecoord.FieldErrors, fills []Fill, o CMAOptions, flags bool) (cmPatient, error) {
	if len(fills) == 0 {
		errs.Add(carecoord.Required("fills", "must hold at least one fill"))
	}
	if len(fills) > math.MaxInt32 {
		return cmPatient{}, cmTooMany()
	}
	epoch := cmEpoch()
	recs := make([]cmRec, 0, len(fills))
	for i := range fills {
		if !cmCheckFill(&errs, fills, i, &o) {
			continue
		}
		if fills[i].Patient != fills[0].Patient {
			if len(errs) < maxProblems {
				errs.Add(carecoord.Invalid(carecoord.Path("fills", i, "patient"), "must be the patient of fills[0]: one patient's fills"))
			}
			continue
		}
		recs = append(recs, cmRecOf(fills, i, 0, epoch))
	}
	if len(errs) > 0 {
		return cmPatient{}, errs.Err()
	}
	slices.SortFunc(recs, func(a, b cmRec) int { return cmCompareRecs(fills, &a, &b) })
	evs, err := cmAppendEvents(make([]cmEvent, 0, len(recs)), fills, recs, &o, flags)
	if err != nil {
		return cmPatient{}, err
	}
	return cmPatient{evs: evs, epoch: epoch}, nil
}

// cmTooMany is the error for more fills than a cmRec can index.
func cmTooMany() error {
	return carecoord.FieldErrors{carecoord.OutOfRange("fills", "must hold fewer than 2^31 fills: split the population by patient and merge")}
}
