package metrics

import (
	"cmp"
	"iter"
	"math"
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

// A pdcID is a patient id packed so that fills can be sorted and compared without a pointer
// (which the garbage collector would scan, and whose bytes lie elsewhere in memory): its
// first 16 bytes in two big-endian words, zero-padded, which order as the id does and are the
// whole id for ids of at most 16 bytes; its length; and for a longer id, where its bytes are
// in the measure's arena.
type pdcID struct {
	hi, lo uint64
	off    uint32
	n      uint8
}

// A pdcArena holds the bytes of the ids longer than 16 bytes.
type pdcArena []byte

// pack returns p packed, keeping its bytes in a when it is long.
func (a *pdcArena) pack(p carecoord.PatientID) pdcID {
	id := pdcID{n: uint8(len(p))}
	for i := range 16 {
		var c uint64
		if i < len(p) {
			c = uint64(p[i])
		}
		if i < 8 {
			id.hi = id.hi<<8 | c
		} else {
			id.lo = id.lo<<8 | c
		}
	}
	if len(p) > 16 {
		id.off = uint32(len(*a))
		*a = append(*a, p...)
	}
	return id
}

// patient returns the id id packs.
func (a pdcArena) patient(id pdcID) carecoord.PatientID {
	if id.n > 16 {
		return carecoord.PatientID(a[id.off : id.off+uint32(id.n)])
	}
	var b [16]byte
	for i := range 8 {
		b[i], b[8+i] = byte(id.hi>>(56-8*i)), byte(id.lo>>(56-8*i))
	}
	return carecoord.PatientID(b[:id.n])
}

// compare orders ids as the ids do.
func (a pdcArena) compare(x, y pdcID) int {
	if x.hi != y.hi {
		return cmp.Compare(x.hi, y.hi)
	}
	if x.lo != y.lo {
		return cmp.Compare(x.lo, y.lo)
	}
	if x.n <= 16 || y.n <= 16 {
		return cmp.Compare(x.n, y.n)
	}
	return cmp.Compare(string(a[x.off:x.off+uint32(x.n)]), string(a[y.off:y.off+uint32(y.n)]))
}

// bucket spreads ids over 2^22 buckets by their first 16 bytes: a patient's fills share one.
func (id pdcID) bucket() uint32 {
	return uint32((id.hi*0x9E3779B97F4A7C15 ^ id.lo*0xC2B2AE3D27D4EB4F ^ uint64(id.n)) >> (64 - 22))
}

// A pdcFill is a fill as the measure sorts and reads it, 32 bytes without a pointer: the
// patient (its pdcID, laid out flat so that the record has no padding), the day as a day
// number, the supply, and the class and drug as indexes in the measure's tables.
type pdcFill struct {
	hi, lo uint64 // the patient, as pdcID packs it
	off    uint32
	day    int32 // days since the measure's epoch
	supply int16
	class  uint16
	drug   uint16
	n      uint8
}

// id returns the patient of f.
func (f *pdcFill) id() pdcID { return pdcID{hi: f.hi, lo: f.lo, off: f.off, n: f.n} }

// newPDCFill returns the record of a fill of patient id.
func newPDCFill(id pdcID, day int32, supply int16, class, drug uint16) pdcFill {
	return pdcFill{hi: id.hi, lo: id.lo, off: id.off, n: id.n, day: day, supply: supply, class: class, drug: drug}
}

// A pdcNames interns class or drug names: few distinct, looked up once a fill.
type pdcNames struct {
	names []string
	last  int // the index found last: fills of a feed come in runs of one class
}

func (n *pdcNames) index(s string) (uint16, bool) {
	if n.last < len(n.names) && n.names[n.last] == s {
		return uint16(n.last), true
	}
	for i, name := range n.names {
		if name == s {
			n.last = i
			return uint16(i), true
		}
	}
	if len(n.names) == 1<<16-1 {
		return 0, false
	}
	n.names = append(n.names, s)
	n.last = len(n.names) - 1
	return uint16(n.last), true
}

// PDCFills computes the PDC measure over fills, in any order, as [PDCSeq] does.
func PDCFills(fills []Fill, rules PDCRules, opts Options) (PDCResult, error) {
	return new(PDCWorkspace).measure(slices.Values(fills), len(fills), nil, rules, opts)
}

// A PDCWorkspace computes the PDC measure again and again in the same working memory: over
// ten million fills the measure's copies take hundreds of megabytes, and faulting in fresh
// memory for every run costs about as much as the measure itself. Its zero value is ready to
// use; it is not safe for concurrent use, and a result never shares its memory.
type PDCWorkspace struct {
	chunks  pdcChunks
	out     []pdcFill
	scratch []pdcFill
	arena   pdcArena
}

// Fills is [PDCWithStays] in ws's memory.
func (ws *PDCWorkspace) Fills(fills []Fill, stays []Stay, rules PDCRules, opts Options) (PDCResult, error) {
	return ws.measure(slices.Values(fills), len(fills), stays, rules, opts)
}

// Seq is [PDCSeq] in ws's memory.
func (ws *PDCWorkspace) Seq(fills iter.Seq[Fill], stays []Stay, rules PDCRules, opts Options) (PDCResult, error) {
	return ws.measure(fills, 0, stays, rules, opts)
}

// PDCWithStays computes the PDC measure over fills with the inpatient adjustment of
// rules.CensorSettings applied to stays, as [PDCSeq] does.
func PDCWithStays(fills []Fill, stays []Stay, rules PDCRules, opts Options) (PDCResult, error) {
	return new(PDCWorkspace).measure(slices.Values(fills), len(fills), stays, rules, opts)
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
	return new(PDCWorkspace).measure(fills, 0, stays, rules, opts)
}

// measure is PDCSeq with room made for about n fills, in ws's memory.
func (ws *PDCWorkspace) measure(fills iter.Seq[Fill], n int, stays []Stay, rules PDCRules, opts Options) (PDCResult, error) {
	if err := rules.Validate(); err != nil {
		return PDCResult{}, rulesError(err)
	}
	epoch := rules.Period.Start // day 0; fills before the period are dropped, stays clipped to it
	var classes, drugs pdcNames
	ws.arena = ws.arena[:0]
	arena := &ws.arena
	chunks := &ws.chunks
	chunks.reset(min(max(n, 1024), 1<<16))
	var errs carecoord.FieldErrors
	i := 0
	for f := range fills {
		if err := f.Validate(); err != nil {
			if len(errs) < maxProblems {
				errs.Nest(carecoord.Path("fills", i), err)
			}
		} else if rules.Period.Contains(f.Day) {
			c, okc := classes.index(f.Class)
			d, okd := drugs.index(f.Drug)
			if !okc || !okd {
				errs.Add(carecoord.OutOfRange(carecoord.Path("fills", i), "more than 65,535 distinct classes or drugs"))
				break
			}
			chunks.add(newPDCFill(arena.pack(f.Patient), int32(f.Day.DaysSince(epoch)), int16(f.DaysSupply), c, d))
		}
		i++
	}
	censored := pdcCensored(stays, &rules, epoch, arena, &errs)
	if len(errs) > 0 {
		return PDCResult{}, errs.Err()
	}
	rank := classes.ranks()
	first := int32(rules.Period.Start.DaysSince(epoch))
	sorter := pdcSorter{arena: *arena, rank: rank, drugs: len(drugs.names), first: first, sorted: chunks.inDayOrder(), radixMin: pdcRadixMin}
	recs := sorter.group(chunks, rules.Period.Days(), &ws.out, &ws.scratch)

	w := pdcWalker{rules: &rules, eligible: opts.Eligible, epoch: epoch, end: int32(rules.Period.End.DaysSince(epoch)), classes: classes.names}
	w.talliers = make([]pdcTally, len(classes.names))
	for k := range w.talliers {
		w.talliers[k].t = newTallier(rules.Measure, rules.Period, &opts)
	}
	c := 0
	for lo := 0; lo < len(recs); {
		hi := lo + 1
		for hi < len(recs) && arena.compare(recs[hi].id(), recs[lo].id()) == 0 {
			hi++
		}
		var cens []pdcRange
		cens, c = censored.of(c, recs[lo].id(), *arena)
		var patient carecoord.PatientID // made only for what reads it: a string a patient costs
		if rules.EndOf != nil || opts.Evidence || opts.Eligible != nil || opts.Stratify != nil {
			patient = arena.patient(recs[lo].id())
		}
		w.patient(patient, recs[lo:hi], cens)
		lo = hi
	}
	var res PDCResult
	for _, k := range slices.SortedFunc(func(yield func(int) bool) {
		for k := range classes.names {
			if !yield(k) {
				return
			}
		}
	}, func(a, b int) int { return cmp.Compare(rank[a], rank[b]) }) {
		pt := &w.talliers[k]
		res.Classes = append(res.Classes, PDCClass{Class: classes.names[k], Result: pt.t.finish(), CoveredDays: pt.covered, TreatmentDays: pt.days})
	}
	return res, nil
}

// ranks returns each name's place in name order.
func (n *pdcNames) ranks() []uint16 {
	order := make([]int, len(n.names))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(n.names[a], n.names[b]) })
	rank := make([]uint16, len(n.names))
	for r, i := range order {
		rank[i] = uint16(r)
	}
	return rank
}

// A pdcSorter puts fills in the order the walk reads them: by patient (in the order of their
// buckets, then their ids), then class (by name), drug and day.
type pdcSorter struct {
	arena  pdcArena
	rank   []uint16 // each class's place in name order
	drugs  int      // how many drugs there are
	first  int32    // the period's first day number
	sorted bool     // the fills came in day order
	// radixMin is the smallest part sorted by radix passes (pdcRadixMin; tests lower it to
	// reach the passes with few fills).
	radixMin int
}

// compare is the order of the sorter.
func (s *pdcSorter) compare(a, b *pdcFill) int {
	return cmp.Or(cmp.Compare(a.id().bucket(), b.id().bucket()), s.arena.compare(a.id(), b.id()), cmp.Compare(s.rank[a.class], s.rank[b.class]),
		cmp.Compare(a.drug, b.drug), cmp.Compare(a.day, b.day))
}

// The digits of the radix sort, least significant first.
const (
	pdcDigitDay      = iota // the day within the period: 12 bits
	pdcDigitMedicine        // class and drug: 12 bits
	pdcDigitBucketLo        // the bucket's low 11 bits
	pdcDigitBucketHi        // and its high 11
)

// digit returns digit d of f's sort key.
func (s *pdcSorter) digit(f *pdcFill, d int) uint32 {
	switch d {
	case pdcDigitDay:
		return uint32(f.day - s.first)
	case pdcDigitMedicine:
		return uint32(s.rank[f.class])*uint32(s.drugs) + uint32(f.drug)
	case pdcDigitBucketLo:
		return f.id().bucket() & (1<<11 - 1)
	}
	return f.id().bucket() >> 11
}

// pdcRadixMin is the smallest part the radix passes sort: each pass clears and sums 4,096
// counters, which costs more than comparing the few fills of a smaller part, and a small
// population spreads its fills over many small parts.
const pdcRadixMin = 256

// pass moves src to dst stably by digit d, which is below 1<<12.
func (s *pdcSorter) pass(src, dst []pdcFill, d int, counts *[1 << 12]uint32) {
	clear(counts[:])
	for i := range src {
		counts[s.digit(&src[i], d)]++
	}
	var sum uint32
	for k := range counts {
		counts[k], sum = sum, sum+counts[k]
	}
	for i := range src {
		k := s.digit(&src[i], d)
		dst[counts[k]] = src[i]
		counts[k]++
	}
}

// group returns the records of chunks in the sorter's order, in linear time, moving records
// without pointers: one pass over all of them into one array, by the high bits of the
// patient's bucket, then, within each of those 2,048 parts (small enough for the processor's
// cache), stable passes by the day (unless the fills came in day order, which a stable sort
// keeps), by class and drug, and by the low bits of the bucket, through a scratch buffer the
// size of a part; a part of fewer than radixMin fills is sorted by comparison, stably. A bucket shared by two patients (rare) is then sorted by id, stably. When
// there are more class-drug pairs than a digit holds, or the period is too long for the day
// digit, each part is sorted by comparison instead. The chunks are released as they are read.
func (s *pdcSorter) group(chunks *pdcChunks, periodDays int, outBuf, scratchBuf *[]pdcFill) []pdcFill {
	radix := len(s.rank)*s.drugs <= 1<<12 && periodDays <= 1<<12
	var counts [1 << 12]uint32
	var parts [1 << 11]uint32
	for _, c := range chunks.all() {
		for i := range c {
			parts[s.digit(&c[i], pdcDigitBucketHi)]++
		}
	}
	out := pdcGrow(outBuf, chunks.len())
	next := counts[:1<<11]
	var sum, largest uint32
	for k, n := range parts {
		next[k], sum = sum, sum+n
		largest = max(largest, n)
	}
	for k, c := range chunks.all() {
		for i := range c {
			d := s.digit(&c[i], pdcDigitBucketHi)
			out[next[d]] = c[i]
			next[d]++
		}
		chunks.release(k)
	}
	scratch := pdcGrow(scratchBuf, int(largest))
	lo := 0
	for _, n := range parts {
		part := out[lo : lo+int(n)]
		lo += int(n)
		if len(part) < 2 {
			continue
		}
		if !radix || len(part) < s.radixMin {
			// Stable, so fills with one key keep their input order, as the passes keep it.
			slices.SortStableFunc(part, func(a, b pdcFill) int { return s.compare(&a, &b) })
			continue
		}
		src, dst := part, scratch[:len(part)]
		if !s.sorted {
			s.pass(src, dst, pdcDigitDay, &counts)
			src, dst = dst, src
		}
		s.pass(src, dst, pdcDigitMedicine, &counts)
		src, dst = dst, src
		s.pass(src, dst, pdcDigitBucketLo, &counts)
		if &dst[0] != &part[0] {
			copy(part, dst)
		}
		// Each bucket holds one patient, but for a collision of ids.
		for a := 0; a < len(part); {
			b, shared := a+1, false
			for b < len(part) && part[b].id().bucket() == part[a].id().bucket() {
				shared = shared || s.arena.compare(part[b].id(), part[a].id()) != 0
				b++
			}
			if shared {
				slices.SortStableFunc(part[a:b], func(x, y pdcFill) int { return s.arena.compare(x.id(), y.id()) })
			}
			a = b
		}
	}
	return out
}

// pdcGrow returns (*buf)[:n], growing *buf first when it is too small.
func pdcGrow(buf *[]pdcFill, n int) []pdcFill {
	if cap(*buf) < n {
		*buf = make([]pdcFill, n)
	}
	return (*buf)[:n]
}

// pdcChunks collects records in chunks of a fixed size, so that a sequence of unknown length
// is never copied as it grows. Chunks read are kept for the next run (spare), not freed.
type pdcChunks struct {
	size   int
	chunks [][]pdcFill
	spare  [][]pdcFill
}

// reset empties c for records to come in chunks of size, keeping its chunks of that size.
func (c *pdcChunks) reset(size int) {
	if size != c.size {
		c.spare = nil
	}
	for _, ch := range c.chunks {
		if ch != nil && cap(ch) == size {
			c.spare = append(c.spare, ch[:0])
		}
	}
	c.size, c.chunks = size, c.chunks[:0]
}

func (c *pdcChunks) add(f pdcFill) {
	if n := len(c.chunks); n == 0 || len(c.chunks[n-1]) == cap(c.chunks[n-1]) {
		var next []pdcFill
		if k := len(c.spare); k > 0 {
			next, c.spare = c.spare[k-1], c.spare[:k-1]
		} else {
			next = make([]pdcFill, 0, c.size)
		}
		c.chunks = append(c.chunks, next)
	}
	last := &c.chunks[len(c.chunks)-1]
	*last = append(*last, f)
}

func (c *pdcChunks) all() [][]pdcFill { return c.chunks }

// release sets chunk k aside for the next run, once its records have been read.
func (c *pdcChunks) release(k int) {
	c.spare = append(c.spare, c.chunks[k][:0])
	c.chunks[k] = nil
}

func (c *pdcChunks) len() int {
	n := 0
	for _, ch := range c.chunks {
		n += len(ch)
	}
	return n
}

// inDayOrder reports whether the records came in day order.
func (c *pdcChunks) inDayOrder() bool {
	prev := int32(math.MinInt32)
	for _, ch := range c.chunks {
		for i := range ch {
			if ch[i].day < prev {
				return false
			}
			prev = ch[i].day
		}
	}
	return true
}

// A pdcRange is a span of day numbers, both ends included.
type pdcRange struct{ from, to int32 }

// pdcStays are the censored ranges of the stays, in the fills' patient order.
type pdcStays struct {
	recs []pdcStay
}

type pdcStay struct {
	id pdcID
	r  pdcRange
}

// pdcCensored validates the stays of the censored settings and returns their censored days
// (admission through the day before discharge), in the order pdcGroup gives the fills.
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
		out.recs = append(out.recs, pdcStay{id: arena.pack(s.Patient), r: pdcRange{int32(from), int32(s.Discharged.DaysSince(epoch) - 1)}})
	}
	a := *arena
	slices.SortFunc(out.recs, func(x, y pdcStay) int {
		return cmp.Or(cmp.Compare(x.id.bucket(), y.id.bucket()), a.compare(x.id, y.id), cmp.Compare(x.r.from, y.r.from), cmp.Compare(x.r.to, y.r.to))
	})
	return out
}

// of returns the censored ranges of patient id, merged where they overlap, and where the next
// patient's begin. The patients come in the fills' order (bucket, then id), so the stays are
// read in one pass from c.
func (s *pdcStays) of(c int, id pdcID, a pdcArena) ([]pdcRange, int) {
	order := func(x pdcID) int { return cmp.Or(cmp.Compare(x.bucket(), id.bucket()), a.compare(x, id)) }
	for c < len(s.recs) && order(s.recs[c].id) < 0 {
		c++
	}
	var out []pdcRange
	for ; c < len(s.recs) && order(s.recs[c].id) == 0; c++ {
		out = append(out, s.recs[c].r)
	}
	return pdcMergeRanges(out), c
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

// A pdcTally is one class's tallier and day sums.
type pdcTally struct {
	t             tallier
	covered, days int64
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
}

// patient decides each class of one patient's fills (sorted by class, drug, day), with the
// patient's censored days.
func (w *pdcWalker) patient(patient carecoord.PatientID, recs []pdcFill, censored []pdcRange) {
	end := w.endOf(patient)
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
	d := w.decide(patient, recs, end, censored, nil)
	if !d.inPopulation {
		return
	}
	pt := &w.talliers[recs[0].class]
	pt.t.add(Evidence{Patient: patient, Subject: w.classes[recs[0].class], Status: d.status, Reason: d.reason,
		Event: w.epoch.AddDays(int(d.ipsd)), Decided: w.epoch.AddDays(int(d.end))}, nil)
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
	ipsd, second := recs[0].day, int32(-1)
	for _, f := range recs {
		if f.day < ipsd {
			ipsd, second = f.day, ipsd
		} else if f.day != ipsd && (second < 0 || f.day < second) {
			second = f.day
		}
	}
	d := pdcDecision{inPopulation: second >= 0 && second <= end, ipsd: ipsd, end: end}
	if !d.inPopulation {
		return d // fewer than two dates of service: not in the population
	}
	d.status = Excluded
	if w.rules.MinDaysBeforeEnd > 0 && w.end-ipsd < int32(w.rules.MinDaysBeforeEnd) {
		d.reason = ReasonIndexTooLate
		return d
	}
	if w.eligible != nil {
		if d.reason = w.eligible(patient, w.epoch.AddDays(int(ipsd))); d.reason != "" {
			return d
		}
	}
	d.covered, d.days = w.covered(recs, ipsd, end, censored, pieces)
	if d.days <= 0 {
		d.reason = ReasonAllDaysCensored // no day to divide by
		return d
	}
	d.threshold = 80
	if w.rules.Threshold != nil {
		d.threshold = w.rules.Threshold(w.classes[recs[0].class])
	}
	d.status, d.reason = InDenominator, ReasonNotAdherent
	if pdcReaches(d.covered, d.days, d.threshold, w.rules.Round4) {
		d.status, d.reason = InNumerator, ReasonAdherent
	}
	return d
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
	spans := w.spans[:0]
	supplyEnd := int32(-1)
	for k, f := range recs {
		if k > 0 && f.drug != recs[k-1].drug {
			supplyEnd = -1 // another drug: no shift across drugs
		}
		start, n := max(f.day, supplyEnd+1), len(spans)
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
