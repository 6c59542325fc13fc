package metrics

import (
	"fmt"

	"github.com/carecoord/carecoord"
	"github.com/shopspring/decimal"
)

// An MSSPTrack is a Medicare Shared Savings Program participation track and level (42 CFR
// 425.600 [P]): the BASIC track's glide path, Levels A and B one-sided (savings only) and
// Levels C, D and E two-sided, and the ENHANCED track (two-sided, the most risk; it includes
// the former Track 3). The legacy Track 1 and Track 2 (agreements before 2019-07-01) have no
// preset: the spec does not give all their parameters; build their [MSSPTerms] from a preset
// with the values of the agreement.
//
// The zero MSSPTrack names no track; [MSSPTerms] with it are the caller's own terms.
type MSSPTrack string

// The tracks and levels.
const (
	BasicLevelA   MSSPTrack = "basic-a"
	BasicLevelB   MSSPTrack = "basic-b"
	BasicLevelC   MSSPTrack = "basic-c"
	BasicLevelD   MSSPTrack = "basic-d"
	BasicLevelE   MSSPTrack = "basic-e"
	EnhancedTrack MSSPTrack = "enhanced"
)

// MSSPTracks returns every MSSPTrack, in a new slice.
func MSSPTracks() []MSSPTrack {
	return []MSSPTrack{BasicLevelA, BasicLevelB, BasicLevelC, BasicLevelD, BasicLevelE, EnhancedTrack}
}

// IsValid reports whether t is one of [MSSPTracks].
func (t MSSPTrack) IsValid() bool {
	switch t {
	case BasicLevelA, BasicLevelB, BasicLevelC, BasicLevelD, BasicLevelE, EnhancedTrack:
		return true
	}
	return false
}

// fiSection returns the CFR section that computes savings and losses on the track.
func (t MSSPTrack) fiSection() string {
	switch t {
	case EnhancedTrack:
		return "42 CFR 425.610"
	case "":
		return "42 CFR 425.604-425.610"
	}
	return "42 CFR 425.605"
}

// Terms returns the preset terms of the track, each parameter a [Term] marked as the carecoord
// metrics spec (§5.1) marks it. They are defaults to verify, not the regulation: the [S] and
// [G] values come from secondary sources and general knowledge of the Pathways to Success
// final rule (83 FR 67816) and later fee-schedule rules; check them against the current
// 42 CFR 425.512, 425.605 and 425.610 for the performance year, and replace any Term that
// differs.
//
//	                     A, B         C       D       E       ENHANCED              basis
//	two-sided            no           yes     yes     yes     yes                   [P] 425.600
//	minimum rate         size-based   the ACO's election, required                  [P] rule, [G] table
//	sharing rate         40%          50%     50%     50%     75%                   [S] rule 6
//	payment limit        10%          10%     10%     10%     20%                   [G] rule 7
//	loss rate            -            30%     30%     30%     1 − sharing, 40–75%   [G] rule 8
//	loss limit, bench.   -            1%      2%      4%      15%                   [G] rule 9
//	loss limit, revenue  -            2%      4%      8%      -                     [G] rule 9
//	sequestration        2%           2%      2%      2%      2%                    [G] rule 11
//
// The limits are shares of the updated benchmark (per capita × beneficiaries) or, for the
// revenue-based loss limit, of the ACO participants' FFS revenue; the rules are the metrics
// spec's §5.1.
//
// The two-sided presets leave Minimum unset: the ACO elects its symmetrical minimum savings
// and loss rate when it enters two-sided risk (metrics spec §5.1 rule 4 [S]) and the
// computation needs it. The spec tags rule 6 [S/G]: the 40, 50 and 75 % sharing rates were
// read in a secondary source (marked [S] here), the legacy Track 1 and 2 rates were not.
// Sequestration was suspended from May 2020 to March 2022 and was 1 % from April to June 2022
// (general knowledge [G]); set it for the performance year.
//
// It fails, with an error matching carecoord.ErrInvalid, for a track that is not one of
// [MSSPTracks].
func (t MSSPTrack) Terms() (MSSPTerms, error) {
	const (
		sharing  = "metrics spec §5.1 rule 6"
		limit    = "metrics spec §5.1 rule 7"
		lossRate = "metrics spec §5.1 rule 8"
		lossCap  = "metrics spec §5.1 rule 9"
	)
	cite := func(rule string) string { return t.fiSection() + "; " + rule }
	g := func(v, rule string) Term {
		return Term{Value: decimal.RequireFromString(v), Basis: BasisGeneral, Source: cite(rule)}
	}
	m := MSSPTerms{
		Track:            t,
		PerformanceLimit: g("0.10", limit),
		Sequestration:    Term{Value: decimal.RequireFromString("0.02"), Basis: BasisGeneral, Source: "Medicare sequestration of shared savings payments; metrics spec §5.1 rule 11"},
	}
	switch t {
	case BasicLevelA, BasicLevelB:
		m.Minimum = SizeBasedMinimum()
		m.SharingRate = Term{Value: decimal.RequireFromString("0.40"), Basis: BasisSecondary, Source: cite(sharing)}
		return m, nil
	case BasicLevelC, BasicLevelD, BasicLevelE:
		m.TwoSided = true
		m.SharingRate = Term{Value: decimal.RequireFromString("0.50"), Basis: BasisSecondary, Source: cite(sharing)}
		m.LossRateMin, m.LossRateMax = g("0.30", lossRate), g("0.30", lossRate)
		limits := map[MSSPTrack][2]string{BasicLevelC: {"0.01", "0.02"}, BasicLevelD: {"0.02", "0.04"}, BasicLevelE: {"0.04", "0.08"}}[t]
		m.LossLimitBenchmark, m.LossLimitRevenue = g(limits[0], lossCap), g(limits[1], lossCap)
		return m, nil
	case EnhancedTrack:
		m.TwoSided = true
		m.SharingRate = Term{Value: decimal.RequireFromString("0.75"), Basis: BasisSecondary, Source: cite(sharing)}
		m.PerformanceLimit = g("0.20", limit)
		m.LossRateMin, m.LossRateMax = g("0.40", lossRate), g("0.75", lossRate)
		m.LossLimitBenchmark = g("0.15", lossCap)
		return m, nil
	}
	return MSSPTerms{}, carecoord.NotSupported("track", MSSPTracks()...)
}

// An MSRBand is one band of the size-based minimum savings rate table: from From assigned
// beneficiaries, the rate falls linearly from Low at From to High at To, and stays at High
// from To to the next band's From. A band with To equal to From is flat at High (the last
// band, 60,000 and more). Rates are fractions: 0.039 is 3.9 %.
type MSRBand struct {
	From decimal.Decimal `json:"from"`
	To   decimal.Decimal `json:"to"`
	Low  decimal.Decimal `json:"low"`
	High decimal.Decimal `json:"high"`
}

// An MSRTable is the size-based minimum savings (and loss) rate by assigned beneficiaries: its
// bands in increasing From, and the basis and source of their values.
//
// The zero MSRTable has no bands; where a table is needed it stands for [DefaultMSRTable].
type MSRTable struct {
	Bands  []MSRBand `json:"bands"`
	Basis  Basis     `json:"basis,omitempty"`
	Source string    `json:"source,omitempty"`
}

// DefaultMSRTable returns the size-based minimum savings rate table of the one-sided models
// (BASIC Levels A and B, Track 1), in new slices: 3.9 % at 5,000 assigned beneficiaries down
// to 2.0 % from 60,000, interpolated linearly within each band (metrics spec §5.1 rule 3: the
// interpolation rule is [P], CMS-1345-P p. 268; the band values [G], as remembered from the
// rule's Table 6). Each band's To is the last beneficiary count the table lists for it
// (14,999), the reading of the spec's formula and of its Example A (12,000 beneficiaries:
// 2.879976 %). The proposed rule's own example, 7,500 → 3.3 %, is the midpoint of its band
// only if To is the next band's From (8,000); this table gives 3.2998999 %, 3.3 % to one
// decimal. For that reading, set each band's To to the next band's From.
//
// The table starts at 5,000: ACOs with fewer assigned beneficiaries get a larger size-based
// rate (up to 12.2 %, metrics spec §5.1 rule 3 [S]) whose formula the spec does not give; for
// them, pass the rate CMS set as a fixed minimum rate ([FixedMinimum]).
func DefaultMSRTable() MSRTable {
	band := func(from, to int64, low, high string) MSRBand {
		return MSRBand{From: decimal.NewFromInt(from), To: decimal.NewFromInt(to), Low: decimal.RequireFromString(low), High: decimal.RequireFromString(high)}
	}
	return MSRTable{
		Bands: []MSRBand{
			band(5000, 5999, "0.039", "0.036"),
			band(6000, 6999, "0.036", "0.034"),
			band(7000, 7999, "0.034", "0.032"),
			band(8000, 8999, "0.032", "0.031"),
			band(9000, 9999, "0.031", "0.030"),
			band(10000, 14999, "0.030", "0.027"),
			band(15000, 19999, "0.027", "0.025"),
			band(20000, 49999, "0.025", "0.022"),
			band(50000, 59999, "0.022", "0.020"),
			band(60000, 60000, "0.020", "0.020"),
		},
		Basis:  BasisGeneral,
		Source: "CMS-1345-P p. 268, linear interpolation [P]; band values: metrics spec §5.1 rule 3",
	}
}

// fiOrDefault returns t, or DefaultMSRTable when t has no bands.
func (t MSRTable) fiOrDefault() MSRTable {
	if len(t.Bands) == 0 {
		return DefaultMSRTable()
	}
	return t
}

// Rate returns the minimum savings rate for n assigned beneficiaries (person-years, possibly
// fractional: the rate is interpolated on the real value, metrics spec §5.2): in the last band
// whose From is at most n, Low + (n − From) × (High − Low) ÷ (To − From), the quotient
// rounded as [QuotientPlaces] says, and High from To on. It returns false when n is below the
// first band. A table without bands is [DefaultMSRTable]. Rate does not validate t or n;
// validate a table from outside first ([MSRTable.Validate]).
func (t MSRTable) Rate(n decimal.Decimal) (decimal.Decimal, bool) {
	r, _, ok := t.fiOrDefault().fiRate(n)
	return r, ok
}

// fiRate returns the rate for n and the band that gave it.
func (t MSRTable) fiRate(n decimal.Decimal) (decimal.Decimal, MSRBand, bool) {
	i := -1
	for j, b := range t.Bands {
		if b.From.GreaterThan(n) {
			break
		}
		i = j
	}
	if i < 0 {
		return decimal.Decimal{}, MSRBand{}, false
	}
	b := t.Bands[i]
	if !n.LessThan(b.To) {
		return b.High, b, true
	}
	return b.Low.Add(n.Sub(b.From).Mul(b.High.Sub(b.Low)).DivRound(b.To.Sub(b.From), QuotientPlaces)), b, true
}

// Validate reports every problem with t as carecoord.FieldErrors, with paths
// "bands[2].to", "basis": From not negative, To not below From nor above the next band's
// From, rates from 0 to 1, bands in increasing From, no value 10^15 or more or with more than
// 30 decimal places. A table without bands is valid: it stands for [DefaultMSRTable].
func (t MSRTable) Validate() error {
	var errs carecoord.FieldErrors
	sizes := make([]fiNamed, 0, 4*len(t.Bands))
	for i, b := range t.Bands {
		sizes = append(sizes, fiNamed{carecoord.Path("bands", i, "from"), b.From}, fiNamed{carecoord.Path("bands", i, "to"), b.To},
			fiNamed{carecoord.Path("bands", i, "low"), b.Low}, fiNamed{carecoord.Path("bands", i, "high"), b.High})
	}
	if !fiCheckSizes(&errs, sizes...) {
		return errs.Err()
	}
	for i, b := range t.Bands {
		if b.From.IsNegative() {
			errs.Add(carecoord.OutOfRange(carecoord.Path("bands", i, "from"), "must not be negative"))
		}
		if i > 0 && !b.From.GreaterThan(t.Bands[i-1].From) {
			errs.Add(carecoord.Invalid(carecoord.Path("bands", i, "from"), "must be above the previous band's from"))
		}
		switch {
		case b.To.LessThan(b.From):
			errs.Add(carecoord.Invalid(carecoord.Path("bands", i, "to"), "must not be below from"))
		case i+1 < len(t.Bands) && b.To.GreaterThan(t.Bands[i+1].From):
			errs.Add(carecoord.Invalid(carecoord.Path("bands", i, "to"), "must not be above the next band's from"))
		}
		for _, r := range [...]struct {
			name string
			v    decimal.Decimal
		}{{"low", b.Low}, {"high", b.High}} {
			if r.v.IsNegative() || r.v.GreaterThan(decimal.NewFromInt(1)) {
				errs.Add(carecoord.OutOfRange(carecoord.Path("bands", i, r.name), "must be a rate from 0 to 1"))
			}
		}
	}
	if !t.Basis.IsValid() {
		errs.Add(carecoord.NotSupported("basis", append([]Basis{""}, Bases()...)...))
	}
	return errs.Err()
}

// A MinimumChoice says how the minimum savings rate (and, on two-sided terms, the minimum loss
// rate) is set. The zero MinimumChoice is no choice.
type MinimumChoice string

// The choices (metrics spec §5.1 rules 3 and 4).
const (
	// MinimumSizeBased: by the number of assigned beneficiaries, from an [MSRTable]; the rule
	// of the one-sided levels, and option (c) of the two-sided ones.
	MinimumSizeBased MinimumChoice = "size-based"
	// MinimumFixed: one rate; on two-sided terms options (a) 0 % and (b) 0.5 %, 1.0 %, 1.5 %
	// or 2.0 % [S], and for a one-sided ACO below the table's 5,000 beneficiaries the rate
	// CMS set.
	MinimumFixed MinimumChoice = "fixed"
)

// A MinimumRate is the minimum savings rate (MSR) of an agreement and, on two-sided terms, its
// minimum loss rate (MLR), which is the same: the two-sided choices are symmetrical (metrics
// spec §5.1 rule 4 [S]).
//
// The zero MinimumRate is no choice; it is valid only when no minimum rate is needed.
type MinimumRate struct {
	Choice MinimumChoice `json:"choice"`
	// Fixed is the rate when Choice is MinimumFixed.
	Fixed Term `json:"fixed,omitzero"`
	// Table is the size-based table when Choice is MinimumSizeBased; a table without bands is
	// [DefaultMSRTable].
	Table MSRTable `json:"table,omitzero"`
}

// SizeBasedMinimum returns the size-based minimum rate of [DefaultMSRTable].
func SizeBasedMinimum() MinimumRate {
	return MinimumRate{Choice: MinimumSizeBased, Table: DefaultMSRTable()}
}

// FixedMinimum returns a fixed minimum rate, the caller's value (the ACO's election): 0.01 is
// 1 %.
func FixedMinimum(rate decimal.Decimal) MinimumRate {
	return MinimumRate{Choice: MinimumFixed, Fixed: Term{Value: rate}}
}

// MSSPTerms are the parameters of an ACO's agreement that decide how its savings and losses are
// shared: every uncertain value is a [Term] here, not a constant in the code. Start from a
// track's preset ([MSSPTrack.Terms]) and replace what the agreement or the performance year
// says otherwise. Rates are fractions from 0 to 1.
//
// The zero MSSPTerms is one-sided terms that share nothing and have no minimum rate; it is
// not valid.
type MSSPTerms struct {
	// Track names the preset the terms come from; "" for the caller's own terms. It chooses
	// the section the explanation cites.
	Track MSSPTrack `json:"track,omitempty"`
	// TwoSided is whether the ACO shares losses as well as savings (42 CFR 425.600 [P]).
	TwoSided bool `json:"twoSided,omitempty"`
	// Minimum is the minimum savings rate, and on two-sided terms the minimum loss rate.
	Minimum MinimumRate `json:"minimum"`
	// ExcessOnly shares only the savings (losses) beyond the minimum rate, as some commercial
	// contracts do. MSSP shares from the first dollar once the minimum is met (metrics spec
	// §5.1 rule 5 [P/G]), which is the default, false.
	ExcessOnly bool `json:"excessOnly,omitempty"`
	// SharingRate is the maximum (final, when the quality performance standard is met) share
	// of savings paid to the ACO.
	SharingRate Term `json:"sharingRate"`
	// PerformanceLimit caps the shared savings paid, as a share of the updated benchmark
	// (benchmark per capita × assigned beneficiaries).
	PerformanceLimit Term `json:"performanceLimit"`
	// LossRateMin and LossRateMax bound the shared loss rate, which is 1 − the final sharing
	// rate: equal, they are a flat rate (BASIC, 30 %); apart, the rate falls as quality rises
	// (ENHANCED, 40 % to 75 %). Two-sided terms only.
	LossRateMin Term `json:"lossRateMin,omitzero"`
	LossRateMax Term `json:"lossRateMax,omitzero"`
	// LossLimitBenchmark caps the shared losses owed, as a share of the updated benchmark.
	// Two-sided terms only.
	LossLimitBenchmark Term `json:"lossLimitBenchmark,omitzero"`
	// LossLimitRevenue, when not zero, also caps the shared losses, as a share of the ACO
	// participants' total Parts A and B FFS revenue ([MSSPYear.ParticipantRevenue]); the
	// lesser of the two caps applies (BASIC Levels C to E). Zero means no revenue-based cap.
	LossLimitRevenue Term `json:"lossLimitRevenue,omitzero"`
	// Sequestration is the share withheld from a shared savings payment (not from losses
	// owed).
	Sequestration Term `json:"sequestration"`
}

// Validate reports every problem with t as carecoord.FieldErrors, with paths such as
// "track", "minimum.choice", "minimum.fixed.value", "minimum.table.bands[1].to",
// "sharingRate.value", "lossRateMax.value": rates must be from 0 to 1 (a value with more than
// 30 decimal places is out of range, and then nothing else is checked), LossRateMin not above
// LossRateMax, and a minimum rate must be chosen.
func (t MSSPTerms) Validate() error {
	var errs carecoord.FieldErrors
	rates := [...]struct {
		path string
		t    Term
	}{
		{"minimum.fixed", t.Minimum.Fixed},
		{"sharingRate", t.SharingRate}, {"performanceLimit", t.PerformanceLimit},
		{"lossRateMin", t.LossRateMin}, {"lossRateMax", t.LossRateMax},
		{"lossLimitBenchmark", t.LossLimitBenchmark}, {"lossLimitRevenue", t.LossLimitRevenue},
		{"sequestration", t.Sequestration},
	}
	sizes := make([]fiNamed, 0, len(rates))
	for _, r := range rates {
		sizes = append(sizes, fiNamed{r.path + ".value", r.t.Value})
	}
	if !fiCheckSizes(&errs, sizes...) {
		return errs.Err()
	}
	if t.Track != "" && !t.Track.IsValid() {
		errs.Add(carecoord.NotSupported("track", MSSPTracks()...))
	}
	switch t.Minimum.Choice {
	case "":
		errs.Add(carecoord.Required("minimum.choice", "must be chosen: size-based or fixed"))
	case MinimumFixed:
		fiCheckRate(&errs, "minimum.fixed", t.Minimum.Fixed)
	case MinimumSizeBased:
		errs.Nest("minimum.table", t.Minimum.Table.Validate())
	default:
		errs.Add(carecoord.NotSupported("minimum.choice", MinimumSizeBased, MinimumFixed))
	}
	for _, r := range rates[1:] {
		fiCheckRate(&errs, r.path, r.t)
	}
	if t.LossRateMin.Value.GreaterThan(t.LossRateMax.Value) {
		errs.Add(carecoord.Invalid("lossRateMax.value", "must not be below lossRateMin"))
	}
	return errs.Err()
}

// A QualityOutcome is where an ACO stands against the MSSP quality performance standard in a
// performance year, as CMS determined it (42 CFR 425.512; metrics spec §5.1 rule 10 [G]). The
// zero QualityOutcome is not valid.
type QualityOutcome string

// The quality outcomes.
const (
	// QualityMet: the standard is met (PY2021–2022: a quality score at or above the 30th
	// percentile of MIPS Quality scores; PY2023 on: the 40th, health-equity adjusted). The
	// final sharing rate is the maximum.
	QualityMet QualityOutcome = "met"
	// QualitySlidingScale: the standard is missed but the alternative criterion (at least the
	// 10th percentile on one outcome measure) is met, from PY2023: the final sharing rate is
	// the maximum × the quality score ÷ the score the standard requires.
	QualitySlidingScale QualityOutcome = "sliding-scale"
	// QualityNotMet: neither is met, or quality was not reported (and, before PY2023, any
	// standard missed): no shared savings; on the ENHANCED track losses at the maximum rate.
	QualityNotMet QualityOutcome = "not-met"
)

// QualityOutcomes returns every QualityOutcome, in a new slice.
func QualityOutcomes() []QualityOutcome {
	return []QualityOutcome{QualityMet, QualitySlidingScale, QualityNotMet}
}

// IsValid reports whether q is one of [QualityOutcomes].
func (q QualityOutcome) IsValid() bool {
	switch q {
	case QualityMet, QualitySlidingScale, QualityNotMet:
		return true
	}
	return false
}

// An MSSPYear is an ACO's figures for one performance year, as CMS computed them: per-capita
// amounts already risk-adjusted, trended, truncated and completed (the library does not
// recompute CMS's benchmark, metrics spec §5.1 rule 12), and the quality determination.
// Amounts are US dollars.
//
// The zero MSSPYear is not valid.
type MSSPYear struct {
	// Beneficiaries is the number of assigned beneficiaries, in person-years, possibly
	// fractional. Zero is allowed: nothing is shared.
	Beneficiaries decimal.Decimal `json:"beneficiaries"`
	// Benchmark is the updated benchmark per capita; required.
	Benchmark decimal.Decimal `json:"benchmark"`
	// Expenditure is the performance year's Parts A and B FFS expenditure per assigned
	// beneficiary; required.
	Expenditure decimal.Decimal `json:"expenditure"`
	// Quality is the quality determination; required.
	Quality QualityOutcome `json:"quality"`
	// QualityScore and QualityStandard are, for QualitySlidingScale, the ACO's quality score
	// and the score the standard requires (the 40th-percentile MIPS Quality score); the score
	// must be below the standard, or the standard is met.
	QualityScore    decimal.Decimal `json:"qualityScore,omitzero"`
	QualityStandard decimal.Decimal `json:"qualityStandard,omitzero"`
	// ParticipantRevenue is the ACO participants' total Medicare Parts A and B FFS revenue
	// for the year; required for a loss under terms with a revenue-based loss limit.
	ParticipantRevenue decimal.Decimal `json:"participantRevenue,omitzero"`
}

// Validate reports every problem with y on its own as carecoord.FieldErrors, with paths
// "beneficiaries", "benchmark", "expenditure", "quality", "qualityScore",
// "qualityStandard" and "participantRevenue"; a value 10^15 or more or with more than 30
// decimal places is out of range, and then nothing else is checked. [SharedSavings] checks
// what depends on the terms as well.
func (y MSSPYear) Validate() error {
	var errs carecoord.FieldErrors
	if !fiCheckSizes(&errs, fiNamed{"beneficiaries", y.Beneficiaries}, fiNamed{"benchmark", y.Benchmark}, fiNamed{"expenditure", y.Expenditure},
		fiNamed{"qualityScore", y.QualityScore}, fiNamed{"qualityStandard", y.QualityStandard}, fiNamed{"participantRevenue", y.ParticipantRevenue}) {
		return errs.Err()
	}
	if y.Beneficiaries.IsNegative() {
		errs.Add(carecoord.OutOfRange("beneficiaries", "must not be negative"))
	}
	fiCheckAmount(&errs, "benchmark", y.Benchmark)
	fiCheckAmount(&errs, "expenditure", y.Expenditure)
	switch {
	case y.Quality == "":
		errs.Add(carecoord.Required("quality", "must be set"))
	case !y.Quality.IsValid():
		errs.Add(carecoord.NotSupported("quality", QualityOutcomes()...))
	case y.Quality == QualitySlidingScale:
		fiCheckAmount(&errs, "qualityStandard", y.QualityStandard)
		switch {
		case y.QualityScore.IsNegative():
			errs.Add(carecoord.OutOfRange("qualityScore", "must not be negative"))
		case y.QualityStandard.IsPositive() && !y.QualityScore.LessThan(y.QualityStandard):
			errs.Add(carecoord.Invalid("qualityScore", "must be below qualityStandard: a score at or above it meets the standard"))
		}
	}
	if y.ParticipantRevenue.IsNegative() {
		errs.Add(carecoord.OutOfRange("participantRevenue", "must not be negative"))
	}
	return errs.Err()
}

// fiCheckAmount checks an amount that must be set and positive.
func fiCheckAmount(errs *carecoord.FieldErrors, path string, d decimal.Decimal) {
	switch {
	case d.IsZero():
		errs.Add(carecoord.Required(path, "must be set"))
	case d.IsNegative():
		errs.Add(carecoord.OutOfRange(path, "must be positive"))
	}
}

// An MSSPOutcome says which branch of the sharing rule an ACO's year took. The zero
// MSSPOutcome is not valid.
type MSSPOutcome string

// The outcomes.
const (
	// OutcomeSharedSavings: savings met the minimum savings rate and are shared; the payment
	// may still be 0 when the quality standard is not met.
	OutcomeSharedSavings MSSPOutcome = "shared-savings"
	// OutcomeBelowMSR: savings (or none) below the minimum savings rate: nothing is paid.
	OutcomeBelowMSR MSSPOutcome = "savings-below-msr"
	// OutcomeSharedLosses: on two-sided terms, losses met the minimum loss rate and are
	// shared.
	OutcomeSharedLosses MSSPOutcome = "shared-losses"
	// OutcomeBelowMLR: on two-sided terms, losses below the minimum loss rate: nothing is
	// owed.
	OutcomeBelowMLR MSSPOutcome = "losses-below-mlr"
	// OutcomeLossesNotShared: losses on one-sided terms: nothing is owed.
	OutcomeLossesNotShared MSSPOutcome = "losses-not-shared"
	// OutcomeNoBeneficiaries: no assigned beneficiaries: nothing is shared.
	OutcomeNoBeneficiaries MSSPOutcome = "no-beneficiaries"
)

// The lines of an MSSP [Explanation], in the order they can appear. Every explanation starts
// with the three inputs and ends with [LinePayment] (savings branches) or [LineOwed] (loss
// branches).
const (
	LineBeneficiaries      LineLabel = "beneficiaries"
	LineBenchmark          LineLabel = "benchmark-per-capita"
	LineExpenditure        LineLabel = "expenditure-per-capita"
	LineSavings            LineLabel = "savings-per-capita" // benchmark − expenditure; negative, losses
	LineSavingsRate        LineLabel = "savings-rate"       // savings ÷ benchmark, for display
	LineMinimumSavingsRate LineLabel = "minimum-savings-rate"
	LineMinimumSavings     LineLabel = "minimum-savings-per-capita" // MSR × benchmark: the test
	LineTotalSavings       LineLabel = "total-savings"
	LineShareableSavings   LineLabel = "shareable-savings" // with MSSPTerms.ExcessOnly
	LineFinalSharingRate   LineLabel = "final-sharing-rate"
	LineSharedSavings      LineLabel = "shared-savings"
	LinePerformanceLimit   LineLabel = "performance-payment-limit"
	LineEarnedSavings      LineLabel = "earned-savings" // the lesser of the two above
	LineSequestration      LineLabel = "sequestration"  // negative: withheld
	LinePayment            LineLabel = "payment"        // to the ACO, in cents
	LineLosses             LineLabel = "losses-per-capita"
	LineMinimumLossRate    LineLabel = "minimum-loss-rate"
	LineMinimumLosses      LineLabel = "minimum-losses-per-capita"
	LineTotalLosses        LineLabel = "total-losses"
	LineShareableLosses    LineLabel = "shareable-losses" // with MSSPTerms.ExcessOnly
	LineSharedLossRate     LineLabel = "shared-loss-rate"
	LineSharedLosses       LineLabel = "shared-losses"
	LineLossLimitBenchmark LineLabel = "loss-limit-benchmark"
	LineLossLimitRevenue   LineLabel = "loss-limit-revenue"
	LineLossSharingLimit   LineLabel = "loss-sharing-limit" // the lesser of the two above
	LineOwed               LineLabel = "owed"               // by the ACO, in cents
)

// An MSSPResult is an ACO's shared savings or losses for a performance year, and the
// explanation of every amount.
type MSSPResult struct {
	Outcome MSSPOutcome `json:"outcome"`
	// Payment is the shared savings paid to the ACO, after the performance payment limit and
	// sequestration, rounded half away from zero to cents; zero unless Outcome is
	// OutcomeSharedSavings.
	Payment decimal.Decimal `json:"payment"`
	// Owed is the shared losses the ACO owes, after the loss sharing limit, rounded half away
	// from zero to cents; zero unless Outcome is OutcomeSharedLosses.
	Owed        decimal.Decimal `json:"owed"`
	Explanation Explanation     `json:"explanation"`
}

// SharedSavings computes an ACO's Medicare Shared Savings Program shared savings or shared
// losses for one performance year under terms (metrics spec §5.1; 42 CFR 425.605 for the
// BASIC track, 425.610 for the ENHANCED track). The rules, in the order of the explanation's
// lines:
//
//   - Per-capita amounts are compared (§§ 425.604–610 [P]): savings per capita = benchmark −
//     expenditure; totals are per-capita amounts × assigned beneficiaries.
//   - Savings are shared when they are at least the minimum savings rate (MSR) × the
//     benchmark per capita (equality qualifies, metrics spec §5.2), from the first dollar
//     (§5.1 rule 5 [P/G]; [MSSPTerms.ExcessOnly] shares only the excess). The MSR is the
//     terms' [MinimumRate]: size-based by assigned beneficiaries, interpolated linearly
//     ([MSRTable.Rate]), or fixed.
//   - The final sharing rate is the maximum ([MSSPTerms.SharingRate]) when the quality
//     performance standard is met, the maximum × the quality score ÷ the standard's score on
//     the sliding scale, and 0 when neither is met (§5.1 rule 10 [G]).
//   - The shared savings are capped at the performance payment limit
//     ([MSSPTerms.PerformanceLimit] × benchmark × beneficiaries), then sequestration is
//     withheld (§5.1 rules 7 and 11 [G]), and the payment is rounded to cents.
//   - On two-sided terms, losses (expenditure − benchmark per capita) are shared when they are
//     at least the minimum loss rate (MLR, the same as the MSR) × the benchmark, from the first
//     dollar, at the shared loss rate: 1 − the final sharing rate, at least
//     [MSSPTerms.LossRateMin] and at most [MSSPTerms.LossRateMax] (a flat rate when the two
//     are equal). They are capped at the loss sharing limit: [MSSPTerms.LossLimitBenchmark] × the
//     benchmark × beneficiaries, or when [MSSPTerms.LossLimitRevenue] is set the lesser of
//     that and LossLimitRevenue × [MSSPYear.ParticipantRevenue] (§5.1 rules 8 and 9 [G]).
//     The amount owed is rounded to cents. On one-sided terms nothing is owed.
//   - With no assigned beneficiaries nothing is shared and no minimum rate is looked up.
//
// Amounts round only as [QuotientPlaces] says. The minimum rate test uses the exact value of
// an interpolated MSR (spec §5.2: interpolate on the real value, round only for display), by
// cross-multiplying; the explanation's line shows the MSR × benchmark rounded, so savings
// within 5·10⁻¹¹ × the benchmark of it (a ten-thousandth of a cent for a $20,000 benchmark)
// may read as equal to the line and still be decided by the exact rate.
//
// Inputs are validated first; every problem is reported, matching carecoord.ErrInvalid, with
// paths under "terms" ([MSSPTerms.Validate]) and "year" ([MSSPYear.Validate]), and these that
// depend on both: "year.beneficiaries" (below the size-based table's first band: pass a fixed
// minimum rate) and "year.participantRevenue" (required for a loss under a revenue-based loss
// limit).
func SharedSavings(terms MSSPTerms, year MSSPYear) (MSSPResult, error) {
	if err := fiValidateMSSP(&terms, &year); err != nil {
		return MSSPResult{}, err
	}
	sec := terms.Track.fiSection()
	n, bench, exp := year.Beneficiaries, year.Benchmark, year.Expenditure
	var x fiLedger
	x.fiAdd(LineBeneficiaries, UnitCount, n, "", "assigned beneficiaries in person-years (input; "+sec+")")
	x.fiAdd(LineBenchmark, UnitDollars, bench, "", "updated benchmark per capita, as CMS computed it (input; "+sec+")")
	x.fiAdd(LineExpenditure, UnitDollars, exp, "", "Parts A and B FFS expenditure per capita in the performance year (input; "+sec+")")
	if n.IsZero() {
		x.fiAdd(LinePayment, UnitDollars, decimal.Decimal{}, "", "no assigned beneficiaries: nothing is shared")
		return MSSPResult{Outcome: OutcomeNoBeneficiaries, Explanation: x.lines}, nil
	}
	savings := x.fiAdd(LineSavings, UnitDollars, bench.Sub(exp), "", "benchmark − expenditure per capita; below zero, losses ("+sec+")")
	x.fiAdd(LineSavingsRate, UnitRate, savings.DivRound(bench, QuotientPlaces), "", "savings per capita ÷ benchmark per capita, for display; the minimum rate is tested on the amounts")
	if savings.IsNegative() {
		return fiLosses(&x, &terms, &year, savings.Neg()), nil
	}
	return fiSavings(&x, &terms, &year, savings), nil
}

// fiSavings explains the savings branch: savings per capita are not negative.
func fiSavings(x *fiLedger, terms *MSSPTerms, year *MSSPYear, savings decimal.Decimal) MSSPResult {
	side := fiSide{what: "savings", rateName: "minimum savings rate", rate: LineMinimumSavingsRate, minimum: LineMinimumSavings, total: LineTotalSavings, shareable: LineShareableSavings}
	shareable, from, met := fiMeet(x, terms, year, savings, side)
	if !met {
		x.fiAdd(LinePayment, UnitDollars, decimal.Decimal{}, "", "savings below the minimum savings rate: nothing is shared")
		return MSSPResult{Outcome: OutcomeBelowMSR, Explanation: x.lines}
	}
	rate := fiSharingRate(x, terms, year)
	shared := x.fiAdd(LineSharedSavings, UnitDollars, shareable.Mul(rate), "", "savings × final sharing rate, "+from)
	limit := fiBenchmarkShare(x, LinePerformanceLimit, terms.PerformanceLimit, year, "the performance payment limit")
	earned := x.fiAdd(LineEarnedSavings, UnitDollars, decimal.Min(shared, limit), "", "the lesser of shared savings and the performance payment limit")
	seq := terms.Sequestration
	withheld := x.fiAdd(LineSequestration, UnitDollars, earned.Mul(seq.Value).Neg(), seq.Basis,
		fiFormat(seq.Value, UnitRate)+" of earned savings withheld ("+seq.fiCite()+")")
	pay := x.fiAdd(LinePayment, UnitDollars, earned.Add(withheld).Round(2), "", "earned savings − sequestration, rounded half away from zero to cents")
	return MSSPResult{Outcome: OutcomeSharedSavings, Payment: pay, Explanation: x.lines}
}

// fiLosses explains the loss branch: losses per capita are positive.
func fiLosses(x *fiLedger, terms *MSSPTerms, year *MSSPYear, losses decimal.Decimal) MSSPResult {
	if !terms.TwoSided {
		x.fiAdd(LineOwed, UnitDollars, decimal.Decimal{}, "", "one-sided terms: losses are not shared (42 CFR 425.600)")
		return MSSPResult{Outcome: OutcomeLossesNotShared, Explanation: x.lines}
	}
	x.fiAdd(LineLosses, UnitDollars, losses, "", "expenditure − benchmark per capita")
	side := fiSide{what: "losses", rateName: "minimum loss rate", rate: LineMinimumLossRate, minimum: LineMinimumLosses, total: LineTotalLosses, shareable: LineShareableLosses}
	shareable, from, met := fiMeet(x, terms, year, losses, side)
	if !met {
		x.fiAdd(LineOwed, UnitDollars, decimal.Decimal{}, "", "losses below the minimum loss rate: nothing is owed")
		return MSSPResult{Outcome: OutcomeBelowMLR, Explanation: x.lines}
	}
	lo, hi := terms.LossRateMin, terms.LossRateMax
	var rate decimal.Decimal
	if lo.Value.Equal(hi.Value) {
		rate = x.fiAdd(LineSharedLossRate, UnitRate, lo.Value, lo.Basis, "flat shared loss rate ("+lo.fiCite()+")")
	} else {
		sr := fiSharingRate(x, terms, year)
		rate = x.fiAdd(LineSharedLossRate, UnitRate, decimal.Max(lo.Value, decimal.Min(hi.Value, decimal.NewFromInt(1).Sub(sr))), fiWeaker(lo.Basis, hi.Basis),
			"1 − final sharing rate, at least "+fiFormat(lo.Value, UnitRate)+" ("+lo.fiCite()+") and at most "+fiFormat(hi.Value, UnitRate)+" ("+hi.fiCite()+")")
	}
	shared := x.fiAdd(LineSharedLosses, UnitDollars, shareable.Mul(rate), "", "losses × shared loss rate, "+from)
	limit := fiBenchmarkShare(x, LineLossLimitBenchmark, terms.LossLimitBenchmark, year, "the benchmark-based loss sharing limit")
	if lr := terms.LossLimitRevenue; !lr.Value.IsZero() {
		rev := x.fiAdd(LineLossLimitRevenue, UnitDollars, lr.Value.Mul(year.ParticipantRevenue), lr.Basis,
			fiFormat(lr.Value, UnitRate)+" × ACO participants' Parts A and B FFS revenue, "+fiFormat(year.ParticipantRevenue, UnitDollars)+", the revenue-based loss sharing limit ("+lr.fiCite()+")")
		limit = x.fiAdd(LineLossSharingLimit, UnitDollars, decimal.Min(limit, rev), "", "the lesser of the benchmark- and revenue-based limits")
	}
	owed := x.fiAdd(LineOwed, UnitDollars, decimal.Min(shared, limit).Round(2), "", "the lesser of shared losses and the loss sharing limit, rounded half away from zero to cents")
	return MSSPResult{Outcome: OutcomeSharedLosses, Owed: owed, Explanation: x.lines}
}

// fiSide names the lines of one side of the sharing rule, savings or losses.
type fiSide struct {
	what, rateName                  string
	rate, minimum, total, shareable LineLabel
}

// fiMeet adds the minimum-rate lines of one side for amount, the savings or losses per capita,
// and reports whether amount meets the minimum; if it does, it adds the total and returns the
// amount to share and how it is shared ("from the first dollar").
func fiMeet(x *fiLedger, terms *MSSPTerms, year *MSSPYear, amount decimal.Decimal, s fiSide) (shareable decimal.Decimal, from string, met bool) {
	n := year.Beneficiaries
	r, basis, rule := fiMinimum(terms, n, s.what)
	x.fiAdd(s.rate, UnitRate, r, basis, rule)
	threshold := r.Mul(year.Benchmark)
	met = !amount.LessThan(threshold)
	if terms.Minimum.Choice == MinimumSizeBased {
		// The test is on the interpolated rate's exact value (metrics spec §5.2: round only for
		// display): amount × (To − From) ≥ (Low × (To − From) + (n − From) × (High − Low)) × benchmark.
		if _, b, ok := terms.Minimum.Table.fiOrDefault().fiRate(n); ok && n.LessThan(b.To) {
			span := b.To.Sub(b.From)
			met = !amount.Mul(span).LessThan(b.Low.Mul(span).Add(n.Sub(b.From).Mul(b.High.Sub(b.Low))).Mul(year.Benchmark))
		}
	}
	verdict := "are below it, not met"
	if met {
		verdict = "are at least this, met"
	}
	x.fiAdd(s.minimum, UnitDollars, threshold, "", s.rateName+" × benchmark per capita: "+s.what+" per capita "+verdict+" (metrics spec §5.2)")
	if !met {
		return decimal.Decimal{}, "", false
	}
	shareable = x.fiAdd(s.total, UnitDollars, amount.Mul(n), "", s.what+" per capita × beneficiaries")
	if !terms.ExcessOnly {
		return shareable, "from the first dollar (metrics spec §5.1 rule 5 [P/G])", true
	}
	shareable = x.fiAdd(s.shareable, UnitDollars, amount.Sub(threshold).Mul(n), "",
		"("+s.what+" − "+s.rateName+" × benchmark) per capita × beneficiaries: only the excess is shared (terms.excessOnly)")
	return shareable, "the excess only (terms.excessOnly)", true
}

// fiBenchmarkShare adds a limit that is a share of the updated benchmark (per capita ×
// beneficiaries) and returns it.
func fiBenchmarkShare(x *fiLedger, label LineLabel, t Term, year *MSSPYear, what string) decimal.Decimal {
	return x.fiAdd(label, UnitDollars, t.Value.Mul(year.Benchmark).Mul(year.Beneficiaries), t.Basis,
		fiFormat(t.Value, UnitRate)+" × benchmark per capita × beneficiaries, "+what+" ("+t.fiCite()+")")
}

// fiSharingRate adds the final sharing rate's line and returns it.
func fiSharingRate(x *fiLedger, terms *MSSPTerms, year *MSSPYear) decimal.Decimal {
	top := terms.SharingRate
	const std = "(42 CFR 425.512; metrics spec §5.1 rule 10 [G])"
	switch year.Quality {
	case QualityMet:
		return x.fiAdd(LineFinalSharingRate, UnitRate, top.Value, top.Basis, "maximum sharing rate ("+top.fiCite()+"), the quality performance standard met "+std)
	case QualitySlidingScale:
		return x.fiAdd(LineFinalSharingRate, UnitRate, top.Value.Mul(year.QualityScore).DivRound(year.QualityStandard, QuotientPlaces), top.Basis,
			"maximum sharing rate ("+top.fiCite()+") × quality score "+year.QualityScore.String()+" ÷ the standard's score "+year.QualityStandard.String()+
				": the sliding scale from PY2023, the standard missed and its alternative criterion met "+std)
	}
	return x.fiAdd(LineFinalSharingRate, UnitRate, decimal.Decimal{}, "", "no shared savings: neither the quality performance standard nor its alternative criterion met "+std)
}

// fiMinimum returns the minimum rate for n beneficiaries, the basis of its value and the rule
// that gave it; what is "savings" or "losses". n is covered: fiValidateMSSP checked it.
func fiMinimum(terms *MSSPTerms, n decimal.Decimal, what string) (decimal.Decimal, Basis, string) {
	sym := ""
	if terms.TwoSided {
		sym = "symmetrical minimum savings and loss rate elected by the ACO (metrics spec §5.1 rule 4 [S]): "
	}
	if terms.Minimum.Choice == MinimumFixed {
		f := terms.Minimum.Fixed
		return f.Value, f.Basis, sym + "fixed (" + f.fiCite() + "); " + what + " must be at least this share of the benchmark"
	}
	t := terms.Minimum.Table.fiOrDefault()
	r, b, _ := t.fiRate(n)
	var how string
	switch {
	case b.To.Equal(b.From):
		how = fmt.Sprintf("%s from %s beneficiaries on", fiFormat(b.High, UnitRate), fiFormat(b.From, UnitCount))
	case !n.LessThan(b.To):
		how = fmt.Sprintf("%s, the rate at %s of the band from %s", fiFormat(b.High, UnitRate), fiFormat(b.To, UnitCount), fiFormat(b.From, UnitCount))
	default:
		how = fmt.Sprintf("%s + (%s − %s) × (%s − %s) ÷ (%s − %s), interpolated linearly in the band",
			fiFormat(b.Low, UnitRate), fiFormat(n, UnitCount), fiFormat(b.From, UnitCount),
			fiFormat(b.High, UnitRate), fiFormat(b.Low, UnitRate), fiFormat(b.To, UnitCount), fiFormat(b.From, UnitCount))
	}
	return r, t.Basis, sym + "size-based for " + fiFormat(n, UnitCount) + " beneficiaries: " + how + " (" + Term{Basis: t.Basis, Source: t.Source}.fiCite() + ")"
}

// fiWeaker returns the weaker of two bases: the caller's value ("") is weakest, then [G],
// [S] and [P].
func fiWeaker(a, b Basis) Basis {
	rank := func(x Basis) int {
		switch x {
		case BasisPrimary:
			return 3
		case BasisSecondary:
			return 2
		case BasisGeneral:
			return 1
		}
		return 0
	}
	if rank(a) <= rank(b) {
		return a
	}
	return b
}

// fiValidateMSSP checks the inputs of SharedSavings, alone and together.
func fiValidateMSSP(terms *MSSPTerms, year *MSSPYear) error {
	var errs carecoord.FieldErrors
	errs.Nest("terms", terms.Validate())
	errs.Nest("year", year.Validate())
	if len(errs) > 0 {
		return errs.Err()
	}
	n := year.Beneficiaries
	losses := year.Expenditure.GreaterThan(year.Benchmark)
	if n.IsPositive() && terms.Minimum.Choice == MinimumSizeBased && (!losses || terms.TwoSided) {
		if _, ok := terms.Minimum.Table.Rate(n); !ok {
			errs.Add(carecoord.OutOfRange("year.beneficiaries", "is below the size-based minimum rate table's first band: pass the rate CMS set as a fixed minimum rate"))
		}
	}
	if n.IsPositive() && losses && terms.TwoSided && !terms.LossLimitRevenue.Value.IsZero() && year.ParticipantRevenue.IsZero() {
		errs.Add(carecoord.Required("year.participantRevenue", "must be set: the terms limit shared losses by revenue"))
	}
	return errs.Err()
}
