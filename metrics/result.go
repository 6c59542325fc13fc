package metrics

import (
	"cmp"
	"slices"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/shopspring/decimal"
)

// A MeasureID names a measure and the profile it was computed with ("readmission-pcr",
// "fuh-7"). Results merge only with results of the same measure over the same period.
type MeasureID string

// Status says where one subject of a measure (a stay, a discharge, a referral, a screen)
// stands. The zero Status is not valid.
type Status string

// The statuses.
const (
	// InNumerator: in the denominator, and it meets the measure (readmitted, followed up).
	InNumerator Status = "numerator"
	// InDenominator: in the denominator, and it does not meet the measure.
	InDenominator Status = "denominator"
	// Excluded: a candidate an exclusion removed (died during the stay, hospice, a caller's
	// eligibility rule); counted in Tally.Excluded, in neither rate term.
	Excluded Status = "excluded"
)

// A Reason codes why a subject has its status: "readmitted", "no-follow-up-in-window",
// "died-during-stay". Each measure lists its reasons; callers' eligibility rules bring their
// own ([Options.Eligible]). Reasons are stable: reports and tests key on them.
type Reason string

// An Evidence row says why one subject has its status: the decision and the dates that made
// it, so that a clinician can check any count against the records.
type Evidence struct {
	// Patient is whose record it is.
	Patient carecoord.PatientID `json:"patient"`
	// Subject is the record the row is about: a stay's id (the first stay of a merged
	// episode), a referral's id, a screen's id.
	Subject string `json:"subject"`
	// Stratum is the subject's stratum key, when the measure was stratified.
	Stratum string `json:"stratum,omitempty"`
	// Status and Reason are the decision.
	Status Status `json:"status"`
	Reason Reason `json:"reason"`
	// Event is the day the measure anchors on: the index discharge, the ED visit, the day the
	// referral was sent.
	Event civil.Date `json:"event"`
	// Decided is the day of the record that decided the status (the readmission's admission,
	// the follow-up visit); zero when no record did (nothing in the window).
	Decided civil.Date `json:"decided,omitzero"`
}

// compareEvidence is the order of Result.Evidence: by patient, event day and subject, then
// the rest, so that it is total and merging sorted lists gives one sorted list.
func compareEvidence(a, b *Evidence) int {
	if c := cmp.Compare(a.Patient, b.Patient); c != 0 {
		return c
	}
	if c := a.Event.Compare(b.Event); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Subject, b.Subject); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Status, b.Status); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Reason, b.Reason); c != 0 {
		return c
	}
	if c := a.Decided.Compare(b.Decided); c != 0 {
		return c
	}
	return cmp.Compare(a.Stratum, b.Stratum)
}

// A Tally is a measure's counts over a population or one stratum of it. Tallies of disjoint
// populations add up exactly ([Tally.Add]).
type Tally struct {
	// Denominator counts the subjects in the denominator; Numerator those of them that meet
	// the measure; Excluded the candidates an exclusion removed.
	Denominator int64 `json:"denominator"`
	Numerator   int64 `json:"numerator"`
	Excluded    int64 `json:"excluded"`
	// Expected is the sum of the expected probabilities (from a caller's risk model) of the
	// denominator's subjects that have one, and Predicted how many have one: the expected
	// count of an observed-to-expected ratio. Both zero for measures without risk adjustment.
	Expected  decimal.Decimal `json:"expected,omitzero"`
	Predicted int64           `json:"predicted,omitempty"`
}

// Rate returns Numerator of Denominator, exactly. A Rate of 0 of 0 is "not computable".
func (t Tally) Rate() carecoord.Rate { return carecoord.Rate{Num: t.Numerator, Den: t.Denominator} }

// ObservedToExpected returns the observed count over the expected count (HEDIS PCR's O/E
// ratio: below 1 is better than expected), rounded half away from zero to places decimals,
// and false when it is not computable: some subject of the denominator has no expected
// probability, or the expected count is zero.
func (t Tally) ObservedToExpected(places int32) (decimal.Decimal, bool) {
	if t.Denominator == 0 || t.Predicted != t.Denominator || !t.Expected.IsPositive() {
		return decimal.Decimal{}, false
	}
	return decimal.NewFromInt(t.Numerator).DivRound(t.Expected, places), true
}

// Add returns the tally of both populations together.
func (t Tally) Add(o Tally) Tally {
	return Tally{
		Denominator: t.Denominator + o.Denominator,
		Numerator:   t.Numerator + o.Numerator,
		Excluded:    t.Excluded + o.Excluded,
		Expected:    t.Expected.Add(o.Expected),
		Predicted:   t.Predicted + o.Predicted,
	}
}

// A Stratum is the tally of one stratum: the subjects whose [Options.Stratify] key is Key.
type Stratum struct {
	Key string `json:"key"`
	Tally
}

// A Result is a measure computed over a population: the counts, by stratum when asked, and
// the evidence for every subject when asked. Results over populations split by patient merge
// exactly ([Result.Merge]).
//
// The zero Result is the result over nobody; it merges with any result and leaves it as it is.
type Result struct {
	// Measure and Period say what was measured: the measure and profile, and the measurement
	// period.
	Measure MeasureID   `json:"measure"`
	Period  civil.Range `json:"period,omitzero"`
	// Total is the tally over the whole population.
	Total Tally `json:"total"`
	// Strata are the tallies by stratum key, in key order; empty unless Options.Stratify was
	// set.
	Strata []Stratum `json:"strata,omitempty"`
	// Explained reports whether Evidence was collected (Options.Evidence); Evidence then holds
	// one row per candidate subject, by patient, event day and subject.
	Explained bool       `json:"explained,omitempty"`
	Evidence  []Evidence `json:"evidence,omitempty"`
}

// Rate returns the rate over the whole population.
func (r Result) Rate() carecoord.Rate { return r.Total.Rate() }

// Stratum returns the tally of the stratum key and true, or a zero Tally and false when no
// subject had that key.
func (r Result) Stratum(key string) (Tally, bool) {
	i, ok := slices.BinarySearchFunc(r.Strata, key, func(s Stratum, k string) int { return cmp.Compare(s.Key, k) })
	if !ok {
		return Tally{}, false
	}
	return r.Strata[i].Tally, true
}

// IsZero reports whether r is the zero Result, the result over nobody.
func (r Result) IsZero() bool {
	return r.Measure == "" && r.Period == (civil.Range{}) && r.Total == (Tally{}) && len(r.Strata) == 0 && !r.Explained && len(r.Evidence) == 0
}

// Merge returns the result over r's population and o's together, which must be disjoint by
// patient (shards of one population split by patient): counts add, strata and evidence are
// merged in order. Merging is associative and commutative, so shards may be combined in any
// grouping and the result equals the result over the whole. r and o are not changed.
//
// It fails, with an error matching carecoord.ErrInvalid, when the two are results of
// different measures or periods, or when one has evidence and the other not.
func (r Result) Merge(o Result) (Result, error) {
	switch {
	case o.IsZero():
		return r.clone(), nil
	case r.IsZero():
		return o.clone(), nil
	case r.Measure != o.Measure:
		return Result{}, carecoord.Invalid("measure", "results of different measures do not merge")
	case r.Period != o.Period:
		return Result{}, carecoord.Invalid("period", "results over different periods do not merge")
	case r.Explained != o.Explained:
		return Result{}, carecoord.Invalid("explained", "a result with evidence does not merge with one without")
	}
	m := Result{Measure: r.Measure, Period: r.Period, Total: r.Total.Add(o.Total), Explained: r.Explained}
	m.Strata = make([]Stratum, 0, len(r.Strata)+len(o.Strata))
	i, j := 0, 0
	for i < len(r.Strata) || j < len(o.Strata) {
		switch {
		case j == len(o.Strata) || i < len(r.Strata) && r.Strata[i].Key < o.Strata[j].Key:
			m.Strata = append(m.Strata, r.Strata[i])
			i++
		case i == len(r.Strata) || o.Strata[j].Key < r.Strata[i].Key:
			m.Strata = append(m.Strata, o.Strata[j])
			j++
		default:
			m.Strata = append(m.Strata, Stratum{Key: r.Strata[i].Key, Tally: r.Strata[i].Tally.Add(o.Strata[j].Tally)})
			i, j = i+1, j+1
		}
	}
	if len(m.Strata) == 0 {
		m.Strata = nil
	}
	if len(r.Evidence)+len(o.Evidence) > 0 {
		m.Evidence = make([]Evidence, 0, len(r.Evidence)+len(o.Evidence))
		i, j = 0, 0
		for i < len(r.Evidence) || j < len(o.Evidence) {
			if j == len(o.Evidence) || i < len(r.Evidence) && compareEvidence(&r.Evidence[i], &o.Evidence[j]) <= 0 {
				m.Evidence = append(m.Evidence, r.Evidence[i])
				i++
			} else {
				m.Evidence = append(m.Evidence, o.Evidence[j])
				j++
			}
		}
	}
	return m, nil
}

// clone returns r with its own slices.
func (r Result) clone() Result {
	r.Strata = slices.Clone(r.Strata)
	r.Evidence = slices.Clone(r.Evidence)
	return r
}

// Options are what every measure takes besides its records. The zero Options computes the
// totals only: no strata, no evidence, every candidate eligible.
type Options struct {
	// Evidence asks for one Evidence row per candidate subject. Leave it off for speed over a
	// whole population; turn it on to explain a count or to audit a sample.
	Evidence bool
	// Stratify returns the stratum key of a subject: patient's age band, sex, payer, site or
	// program as of day on (the measure's anchor day), in any form the caller likes. Nil means
	// no strata.
	Stratify func(patient carecoord.PatientID, on civil.Date) string
	// Eligible returns "" when the patient is eligible for the measure as of day on (the
	// anchor day), and otherwise the coded reason they are not ("under-18", "hospice",
	// "not-continuously-enrolled"): the subject is then Excluded with that reason. It is how
	// a caller applies enrollment, age and hospice rules whose data the records do not carry.
	// Nil means every candidate is eligible.
	Eligible func(patient carecoord.PatientID, on civil.Date) Reason
}

// A tallier builds a Result one subject at a time. Subjects must come in patient order, and
// within a patient in event order, for the evidence to be in Result order; finish sorts it
// when they did not.
type tallier struct {
	res    Result
	opts   *Options
	sorted bool
}

func newTallier(m MeasureID, period civil.Range, opts *Options) tallier {
	return tallier{res: Result{Measure: m, Period: period, Explained: opts.Evidence}, opts: opts, sorted: true}
}

// eligible applies Options.Eligible.
func (t *tallier) eligible(patient carecoord.PatientID, on civil.Date) Reason {
	if t.opts.Eligible == nil {
		return ""
	}
	return t.opts.Eligible(patient, on)
}

// add counts one subject, with expected, its expected probability, when it has one, and
// returns its stratum key ("" when the measure is not stratified).
func (t *tallier) add(e Evidence, expected *decimal.Decimal) string {
	return t.addN(e, 1, expected)
}

// addN counts n subjects like e at once (the same patient, event, status and reason), each
// with expected when it is not nil, and returns their stratum key. Without evidence it adds n
// to the tallies in one step, which keeps measures that count occurrences by the thousand
// linear in their records; with evidence it adds n rows.
func (t *tallier) addN(e Evidence, n int64, expected *decimal.Decimal) string {
	if n <= 0 {
		return ""
	}
	var d Tally
	switch e.Status {
	case InNumerator:
		d.Denominator, d.Numerator = n, n
	case InDenominator:
		d.Denominator = n
	default:
		d.Excluded = n
	}
	if expected != nil && e.Status != Excluded {
		d.Expected, d.Predicted = *expected, n
		if n > 1 {
			d.Expected = expected.Mul(decimal.NewFromInt(n))
		}
	}
	t.res.Total = addTally(t.res.Total, d, expected != nil)
	if t.opts.Stratify != nil {
		e.Stratum = t.opts.Stratify(e.Patient, e.Event)
		i, ok := slices.BinarySearchFunc(t.res.Strata, e.Stratum, func(s Stratum, k string) int { return cmp.Compare(s.Key, k) })
		if !ok {
			t.res.Strata = slices.Insert(t.res.Strata, i, Stratum{Key: e.Stratum})
		}
		t.res.Strata[i].Tally = addTally(t.res.Strata[i].Tally, d, expected != nil)
	}
	if t.opts.Evidence {
		if k := len(t.res.Evidence); k > 0 && compareEvidence(&t.res.Evidence[k-1], &e) > 0 {
			t.sorted = false
		}
		for range n {
			t.res.Evidence = append(t.res.Evidence, e)
		}
	}
	return e.Stratum
}

// addTally is t.Add(d) without touching the decimal when d has no expected probability: the
// counts are the hot path.
func addTally(t, d Tally, expected bool) Tally {
	t.Denominator += d.Denominator
	t.Numerator += d.Numerator
	t.Excluded += d.Excluded
	if expected && d.Predicted > 0 {
		t.Expected = t.Expected.Add(d.Expected)
		t.Predicted += d.Predicted
	}
	return t
}

// finish returns the Result.
func (t *tallier) finish() Result {
	if !t.sorted {
		slices.SortFunc(t.res.Evidence, func(a, b Evidence) int { return compareEvidence(&a, &b) })
	}
	if len(t.res.Evidence) == 0 {
		t.res.Evidence = nil // as Merge leaves it, so that equal results compare equal
	}
	return t.res
}
