package metrics

import (
	"cmp"
	"slices"

	"github.com/carecoord/carecoord"
)

// A Distribution counts whole-day durations exactly (days from referral to appointment, say):
// how many subjects took each number of days, and how many are still waiting. It is a
// histogram with one bucket per day, so nothing is rounded and two distributions of disjoint
// populations add up exactly ([Distribution.Merge]); percentiles and coarser histograms are
// read from it ([Distribution.Percentile], [Distribution.Histogram]).
//
// The zero Distribution counts nobody.
type Distribution struct {
	// Counts holds how many subjects took each number of days, in increasing order of days,
	// each day at most once and with a positive count. Days are never negative.
	Counts []DayCount `json:"counts,omitempty"`
	// Censored counts the subjects whose duration is not known yet because it has not ended
	// (a referral with no appointment yet). They are in no count and no percentile: what is
	// known of them is only that their wait is longer than it has been so far.
	Censored int64 `json:"censored,omitempty"`
}

// A DayCount is how many subjects took a number of days.
type DayCount struct {
	Days  int   `json:"days"`
	Count int64 `json:"count"`
}

// DistributionOf returns the distribution of the given durations in days, with nothing
// censored. A negative duration is an error matching carecoord.ErrInvalid with a path like
// "days[3]"; days is not changed.
func DistributionOf(days []int) (Distribution, error) {
	var errs carecoord.FieldErrors
	var d Distribution
	for i, n := range days {
		if n < 0 {
			if len(errs) < maxProblems {
				errs.Add(carecoord.OutOfRange(carecoord.Path("days", i), "must not be negative"))
			}
			continue
		}
		d.coAdd(n, 1)
	}
	if err := errs.Err(); err != nil {
		return Distribution{}, err
	}
	return d, nil
}

// coAdd counts n more subjects that took days days (days >= 0, n > 0).
func (d *Distribution) coAdd(days int, n int64) {
	i, ok := slices.BinarySearchFunc(d.Counts, days, func(c DayCount, k int) int { return cmp.Compare(c.Days, k) })
	if !ok {
		d.Counts = slices.Insert(d.Counts, i, DayCount{Days: days})
	}
	d.Counts[i].Count += n
}

// Validate reports whether d is well formed, as a distribution read from storage must be
// before it is merged: days in increasing order, none negative or repeated, positive counts,
// and a censored count not negative. Paths are like "counts[2].days".
func (d Distribution) Validate() error {
	var errs carecoord.FieldErrors
	for i, c := range d.Counts {
		switch {
		case c.Days < 0:
			errs.Add(carecoord.OutOfRange(carecoord.Path("counts", i, "days"), "must not be negative"))
		case i > 0 && c.Days <= d.Counts[i-1].Days:
			errs.Add(carecoord.Invalid(carecoord.Path("counts", i, "days"), "must be greater than the days before it"))
		}
		if c.Count <= 0 {
			errs.Add(carecoord.OutOfRange(carecoord.Path("counts", i, "count"), "must be positive"))
		}
	}
	if d.Censored < 0 {
		errs.Add(carecoord.OutOfRange("censored", "must not be negative"))
	}
	return errs.Err()
}

// N returns how many subjects have a known duration: the sum of the counts, without the
// censored.
func (d Distribution) N() int64 {
	var n int64
	for _, c := range d.Counts {
		n += c.Count
	}
	return n
}

// Percentile returns the p-th percentile (1 <= p <= 100) of the known durations by the
// nearest-rank method, and false when there are none or p is out of range.
//
// The nearest-rank p-th percentile of N ordered values is the value at rank ⌈p·N/100⌉: the
// smallest value such that at least p percent of the values are less than or equal to it.
// It is Hyndman and Fan's definition 1, the inverse of the empirical distribution function
// (R. J. Hyndman and Y. Fan, "Sample Quantiles in Statistical Packages", The American
// Statistician 50(4):361–365, 1996; R's quantile type 1). It is always one of the observed
// values, so it stays a whole number of days and exact, and it is computed from the counts
// with integers alone. The censored subjects are not in N (see [Distribution.Censored]).
func (d Distribution) Percentile(p int) (int, bool) {
	n := d.N()
	if n <= 0 || p < 1 || p > 100 {
		return 0, false
	}
	// ⌈p·n/100⌉ without overflow: n = 100q + r, so p·n/100 = p·q + p·r/100.
	q, r := n/100, n%100
	rank := int64(p)*q + (int64(p)*r+99)/100
	var cum int64
	for _, c := range d.Counts {
		if cum += c.Count; cum >= rank {
			return c.Days, true
		}
	}
	return 0, false
}

// Median returns the nearest-rank 50th percentile ([Distribution.Percentile]): for an even
// count, the lower of the two middle values, not their mean, so that it is an observed
// number of days.
func (d Distribution) Median() (int, bool) { return d.Percentile(50) }

// P90 returns the nearest-rank 90th percentile ([Distribution.Percentile]).
func (d Distribution) P90() (int, bool) { return d.Percentile(90) }

// A Bucket is one bar of a histogram: how many subjects took From through To days, both
// included. The last bucket of a histogram has no upper end: its To is -1.
type Bucket struct {
	From  int   `json:"from"`
	To    int   `json:"to"`
	Count int64 `json:"count"`
}

// Histogram returns the known durations in buckets whose lower ends are edges: with edges 0,
// 8, 15, 31 the buckets are 0–7, 8–14, 15–30 and 31 days or more. Edges must start at 0 (so
// every duration has a bucket) and increase; otherwise the error matches
// carecoord.ErrInvalid with a path like "edges[2]". Every bucket is returned, empty ones
// too. The censored subjects are in no bucket: report [Distribution.Censored] beside it.
func (d Distribution) Histogram(edges []int) ([]Bucket, error) {
	var errs carecoord.FieldErrors
	switch {
	case len(edges) == 0:
		errs.Add(carecoord.Required("edges", "must hold at least the lower end of the first bucket, 0"))
	case edges[0] != 0:
		errs.Add(carecoord.Invalid("edges[0]", "must be 0, so that every duration has a bucket"))
	}
	for i := 1; i < len(edges); i++ {
		if edges[i] <= edges[i-1] {
			errs.Add(carecoord.Invalid(carecoord.Path("edges", i), "must be greater than the edge before it"))
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	out := make([]Bucket, len(edges))
	for i, e := range edges {
		out[i] = Bucket{From: e, To: -1}
		if i+1 < len(edges) {
			out[i].To = edges[i+1] - 1
		}
	}
	b := 0
	for _, c := range d.Counts {
		for b+1 < len(out) && c.Days >= out[b+1].From {
			b++
		}
		out[b].Count += c.Count
	}
	return out, nil
}

// Merge returns the distribution of d's subjects and o's together: counts of the same day
// add, and so do the censored. It is associative and commutative, and exact. d and o are not
// changed and the result shares no memory with them.
func (d Distribution) Merge(o Distribution) Distribution {
	m := Distribution{Censored: d.Censored + o.Censored}
	if len(d.Counts)+len(o.Counts) == 0 {
		return m
	}
	m.Counts = make([]DayCount, 0, len(d.Counts)+len(o.Counts))
	i, j := 0, 0
	for i < len(d.Counts) || j < len(o.Counts) {
		switch {
		case j == len(o.Counts) || i < len(d.Counts) && d.Counts[i].Days < o.Counts[j].Days:
			m.Counts = append(m.Counts, d.Counts[i])
			i++
		case i == len(d.Counts) || o.Counts[j].Days < d.Counts[i].Days:
			m.Counts = append(m.Counts, o.Counts[j])
			j++
		default:
			m.Counts = append(m.Counts, DayCount{Days: d.Counts[i].Days, Count: d.Counts[i].Count + o.Counts[j].Count})
			i, j = i+1, j+1
		}
	}
	return m
}

// A DaysResult is a measure of how long something took, in whole days: the [Result] (who was
// counted, measured, censored or excluded, and why) and the distribution of the days of the
// measured subjects, over the whole population and by stratum. Results over populations split
// by patient merge exactly ([DaysResult.Merge]).
//
// The zero DaysResult is the result over nobody.
type DaysResult struct {
	Result
	// Days is the distribution over the whole population: the days of every subject in the
	// numerator, and the censored count.
	Days Distribution `json:"days"`
	// DaysByStratum are the distributions by stratum key, in key order, for the strata that
	// have a measured or censored subject; empty unless Options.Stratify was set.
	DaysByStratum []DaysStratum `json:"daysByStratum,omitempty"`
}

// A DaysStratum is the distribution of one stratum: the subjects whose [Options.Stratify] key
// is Key.
type DaysStratum struct {
	Key string `json:"key"`
	Distribution
}

// DaysOf returns the distribution of the stratum key and true, or the zero Distribution and
// false when no measured or censored subject had that key.
func (r DaysResult) DaysOf(key string) (Distribution, bool) {
	i, ok := slices.BinarySearchFunc(r.DaysByStratum, key, func(s DaysStratum, k string) int { return cmp.Compare(s.Key, k) })
	if !ok {
		return Distribution{}, false
	}
	return r.DaysByStratum[i].Distribution, true
}

// Merge returns the result over r's population and o's together, which must be disjoint by
// patient: the Results merge ([Result.Merge]) and the distributions add, over the whole and
// stratum by stratum. It is associative and commutative. r and o are not changed.
//
// It fails, with an error matching carecoord.ErrInvalid, when the Results do not merge.
func (r DaysResult) Merge(o DaysResult) (DaysResult, error) {
	res, err := r.Result.Merge(o.Result)
	if err != nil {
		return DaysResult{}, err
	}
	m := DaysResult{Result: res, Days: r.Days.Merge(o.Days)}
	a, b := r.DaysByStratum, o.DaysByStratum
	for i, j := 0, 0; i < len(a) || j < len(b); {
		switch {
		case j == len(b) || i < len(a) && a[i].Key < b[j].Key:
			m.DaysByStratum = append(m.DaysByStratum, DaysStratum{a[i].Key, a[i].Merge(Distribution{})})
			i++
		case i == len(a) || b[j].Key < a[i].Key:
			m.DaysByStratum = append(m.DaysByStratum, DaysStratum{b[j].Key, b[j].Merge(Distribution{})})
			j++
		default:
			m.DaysByStratum = append(m.DaysByStratum, DaysStratum{a[i].Key, a[i].Merge(b[j].Distribution)})
			i, j = i+1, j+1
		}
	}
	return m, nil
}

// A coDaysTallier builds a DaysResult one subject at a time: a tallier for the Result, and
// the distributions beside it.
type coDaysTallier struct {
	coT      tallier
	coDays   Distribution
	coStrata []DaysStratum
}

// coAddSubject counts one subject: measured (in the numerator) with its duration in days
// when days is not negative, censored (still waiting) when censored is set, or neither.
func (d *coDaysTallier) coAddSubject(e Evidence, days int, censored bool) {
	key := d.coT.add(e, nil)
	measured := e.Status == InNumerator && days >= 0
	if !censored && !measured {
		return
	}
	d.coDays.coCount(days, censored)
	if d.coT.opts.Stratify != nil {
		i, ok := slices.BinarySearchFunc(d.coStrata, key, func(s DaysStratum, k string) int { return cmp.Compare(s.Key, k) })
		if !ok {
			d.coStrata = slices.Insert(d.coStrata, i, DaysStratum{Key: key})
		}
		d.coStrata[i].coCount(days, censored)
	}
}

// coCount counts one subject, censored or with its duration.
func (d *Distribution) coCount(days int, censored bool) {
	if censored {
		d.Censored++
	} else {
		d.coAdd(days, 1)
	}
}

// coFinish returns the DaysResult.
func (d *coDaysTallier) coFinish() DaysResult {
	return DaysResult{Result: d.coT.finish(), Days: d.coDays, DaysByStratum: d.coStrata}
}
