package sdoh

import (
	"math"
	"math/bits"
	"slices"

	"github.com/carecoord/carecoord/civil"
)

// Status is the outcome of a domain or of a whole screening. The zero Status is not valid.
type Status string

// The statuses.
const (
	// StatusPositive: the answers indicate a possible need (a positive screen).
	StatusPositive Status = "positive"
	// StatusNegative: the answers rule the need out under the instrument's rule, and no missing
	// or invalid answer could change that.
	StatusNegative Status = "negative"
	// StatusUnknown: the answers decide neither way (items missing, declined or invalid).
	StatusUnknown Status = "unknown"
)

// Statuses returns every Status, in a new slice.
func Statuses() []Status { return []Status{StatusPositive, StatusNegative, StatusUnknown} }

// IsValid reports whether s is one of [Statuses].
func (s Status) IsValid() bool {
	return s == StatusPositive || s == StatusNegative || s == StatusUnknown
}

// Reason says which branch of its rule decided a domain. The zero Reason is not valid.
type Reason string

// The reasons.
const (
	// ReasonPositiveAnswer: an item has an answer that indicates a need (any-positive, and the
	// unscored items of total-at-least).
	ReasonPositiveAnswer Reason = "positive-answer"
	// ReasonNoPositiveAnswer: enough items have informative answers and none indicates a need.
	ReasonNoPositiveAnswer Reason = "no-positive-answer"
	// ReasonSumAboveThreshold: the points of the answered items exceed the threshold.
	ReasonSumAboveThreshold Reason = "sum-above-threshold"
	// ReasonSumCannotExceed: the points cannot exceed the threshold, even with every missing
	// item at its highest.
	ReasonSumCannotExceed Reason = "sum-cannot-exceed-threshold"
	// ReasonTotalAtLeast: the total reaches the threshold.
	ReasonTotalAtLeast Reason = "total-at-least-threshold"
	// ReasonTotalCannotReach: the total cannot reach the threshold, even with every missing
	// item at its highest.
	ReasonTotalCannotReach Reason = "total-cannot-reach-threshold"
	// ReasonProductBelow: the product of the two numbers is below the threshold.
	ReasonProductBelow Reason = "product-below-threshold"
	// ReasonProductAtLeast: the product of the two numbers is at least the threshold.
	ReasonProductAtLeast Reason = "product-at-least-threshold"
	// ReasonIncomplete: items are missing, declined, unknown or not asked, and their answers
	// could change the outcome.
	ReasonIncomplete Reason = "incomplete"
	// ReasonInvalidAnswer: an item has an invalid answer, so the domain cannot be negative.
	ReasonInvalidAnswer Reason = "invalid-answer"
)

// Reasons returns every Reason, in a new slice.
func Reasons() []Reason {
	return []Reason{ReasonPositiveAnswer, ReasonNoPositiveAnswer, ReasonSumAboveThreshold, ReasonSumCannotExceed,
		ReasonTotalAtLeast, ReasonTotalCannotReach, ReasonProductBelow, ReasonProductAtLeast, ReasonIncomplete,
		ReasonInvalidAnswer}
}

// IsValid reports whether r is one of [Reasons].
func (r Reason) IsValid() bool { return slices.Contains(Reasons(), r) }

// ItemState says how an item stands in a response. The zero ItemState is not valid.
type ItemState string

// The item states.
const (
	ItemAnswered      ItemState = "answered"       // an answer that can be read
	ItemNoInformation ItemState = "no-information" // "Don't know/refused", "I choose not to answer"
	ItemDeclined      ItemState = "asked-declined" // Skip(item, AbsentDeclined)
	ItemUnknown       ItemState = "asked-unknown"  // Skip(item, AbsentUnknown)
	ItemNotAsked      ItemState = "not-asked"      // Skip(item, AbsentNotAsked)
	ItemMissing       ItemState = "missing"        // no entry at all
	ItemInvalid       ItemState = "invalid"        // an entry that breaks a rule of Validate
)

// ItemStates returns every ItemState, in a new slice.
func ItemStates() []ItemState {
	return []ItemState{ItemAnswered, ItemNoInformation, ItemDeclined, ItemUnknown, ItemNotAsked, ItemMissing, ItemInvalid}
}

// IsValid reports whether s is one of [ItemStates].
func (s ItemState) IsValid() bool { return slices.Contains(ItemStates(), s) }

func (s itemState) public() ItemState {
	return [...]ItemState{stMissing: ItemMissing, stAnswered: ItemAnswered, stNoInfo: ItemNoInformation,
		stDeclined: ItemDeclined, stUnknown: ItemUnknown, stNotAsked: ItemNotAsked, stInvalid: ItemInvalid}[s]
}

// WarningCode names something a result's reader should know although it does not change the
// result. The zero WarningCode is not valid.
type WarningCode string

// The warnings.
const (
	// WarnAnyPhysicalHarm: the AHC "physically hurt you" item was answered above "Never",
	// whatever the safety total. The CMS rule (total > 10) misses most people who report
	// physical violence (De Marchis et al., AJPM; spec §4.7): follow up.
	WarnAnyPhysicalHarm WarningCode = "any-physical-harm"
	// WarnContradictoryAnswers: a multi-choice item combines an answer that stands alone
	// ("None of the above") with others; what was named counts (spec §4.7).
	WarnContradictoryAnswers WarningCode = "contradictory-answers"
	// WarnProxyAnsweredRestricted: a proxy answered items of a restricted domain (safety, mental
	// health); ask the patient in private.
	WarnProxyAnsweredRestricted WarningCode = "proxy-answered-restricted"
	// WarnUrgentItemUnanswered: the item that raises the urgent flag (PHQ-9 item 9) has no
	// usable answer: ask it.
	WarnUrgentItemUnanswered WarningCode = "urgent-item-unanswered"
	// WarnIgnoredAnswers: some answers name no item of the instrument version and were ignored.
	WarnIgnoredAnswers WarningCode = "ignored-answers"
	// WarnNotScored: the Screener does not know the instrument version; nothing was scored.
	WarnNotScored WarningCode = "not-scored"
)

// WarningCodes returns every WarningCode, in a new slice.
func WarningCodes() []WarningCode {
	return []WarningCode{WarnAnyPhysicalHarm, WarnContradictoryAnswers, WarnProxyAnsweredRestricted,
		WarnUrgentItemUnanswered, WarnIgnoredAnswers, WarnNotScored}
}

// IsValid reports whether w is one of [WarningCodes].
func (w WarningCode) IsValid() bool { return slices.Contains(WarningCodes(), w) }

// A Warning is one thing the reader of a result should know. Item and Domain say where, when it
// is about one. The zero Warning is not a warning.
type Warning struct {
	Code   WarningCode `json:"code"`
	Item   string      `json:"item,omitempty"`
	Domain DomainID    `json:"domain,omitempty"`
}

// Urgent is the flag for an answer that needs clinical action the same day: PHQ-9 item 9
// ("thoughts that you would be better off dead or of hurting yourself") answered above "Not at
// all", whatever the total score. It is a field of its own on every [Result], so that no caller
// can miss it in a list. The zero Urgent is "not raised".
type Urgent struct {
	// Raised is true when an answer calls for same-day follow-up.
	Raised bool `json:"raised"`
	// Item is the LOINC code of the item that raised it.
	Item string `json:"item,omitempty"`
	// Rule cites the rule that raised it.
	Rule string `json:"rule,omitempty"`
}

// A Result is a scored response, explained: the status of each domain with the rule and the
// items that decided it, each item's state and interpretation, totals and severities, the
// urgent flag, and warnings. It is a value: [Disclose] returns a filtered copy for one audience.
//
// The zero Result is the result of nothing: Status is empty.
type Result struct {
	// Instrument and Version are the instrument version scored.
	Instrument InstrumentID `json:"instrument"`
	Version    string       `json:"version"`
	// Date is the response's date: the date of service for [Needs].
	Date civil.Date `json:"date"`
	// Respondent is who answered.
	Respondent Respondent `json:"respondent"`
	// Valid reports whether the response passed [Screener.Validate]. An invalid response is
	// scored as far as it can be; it is never negative overall.
	Valid bool `json:"valid"`
	// Status is positive when any domain is positive or Urgent is raised; negative when the
	// response is valid and every domain reported is negative; unknown otherwise.
	Status Status `json:"status"`
	// Urgent is the same-day safety flag (PHQ-9 item 9). Check it first.
	Urgent Urgent `json:"urgent"`
	// Total is the instrument's total when it reports one (HasTotal): the sum of the points of
	// the answered Scored items. TotalMax is the most it could be if every missing Scored item
	// took its highest points (items of an optional domain with no entry at all, a part of the
	// instrument not given, count nothing); the total is exact when the two are equal
	// ([Result.TotalScore]). An item answered twice or with several codes (invalid) counts the
	// least points of its answers in Total and the most in TotalMax.
	// TotalCode is the LOINC code of the total observation, if there is one.
	HasTotal  bool   `json:"hasTotal,omitempty"`
	Total     int    `json:"total,omitempty"`
	TotalMax  int    `json:"totalMax,omitempty"`
	TotalCode string `json:"totalCode,omitempty"`
	// Domains are the domains reported, in the instrument's order: every domain that is not
	// optional, and each optional domain the response has an entry for.
	Domains []DomainResult `json:"domains,omitempty"`
	// Items are the items of the domains reported, and every other item that has an entry or
	// is required, in the instrument's order, each with its state and interpretation.
	Items []ItemResult `json:"items,omitempty"`
	// Ignored counts the answers that name no item of the instrument version.
	Ignored int `json:"ignored,omitempty"`
	// Warnings are what the reader should know although it does not change the result.
	Warnings []Warning `json:"warnings,omitempty"`
	// Withheld lists the domains [Disclose] removed for the audience, whatever their status.
	Withheld []DomainID `json:"withheld,omitempty"`
}

// A DomainResult is one domain's outcome and why.
type DomainResult struct {
	// Domain names the domain.
	Domain DomainID `json:"domain"`
	// Status is the outcome; Reason is the branch of the rule that decided it.
	Status Status `json:"status"`
	Reason Reason `json:"reason"`
	// Rule names the rule, its threshold and its source.
	Rule RuleKind `json:"rule"`
	// Threshold is the rule's cut point, as the rule reads it.
	Threshold int `json:"threshold,omitempty"`
	// Source cites the rule.
	Source string `json:"source"`
	// Items are the LOINC codes of the items that decided the status: the items with a
	// positive answer when positive; every item read when negative; the answered items when
	// unknown. Missing are the items that could not be read (missing, declined, don't know, not
	// asked, no information, invalid).
	Items   []string `json:"items,omitempty"`
	Missing []string `json:"missing,omitempty"`
	// Score and ScoreMax, for sum and total rules, are the points of the answered items and
	// the most they could be with every missing item at its highest; for product-below, the
	// product when known. They are equal when the score is exact.
	Score    int `json:"score,omitempty"`
	ScoreMax int `json:"scoreMax,omitempty"`
	// Severity grades the total when the rule has bands and every completion of the missing
	// items falls in the same band.
	Severity Severity `json:"severity,omitempty"`
	// ResultCode and Answer are the LOINC result observation and its coded value, for rules
	// that define one (HVS 88124-3 = LA19952-3 "At risk" or LA19983-8 "No risk"; AHC 95614-4,
	// whose value is Score).
	ResultCode string `json:"resultCode,omitempty"`
	Answer     string `json:"answer,omitempty"`
	// Categories are the Gravity SDOH categories a positive result indicates, in the
	// instrument's order; empty when it is not positive or indicates no social need.
	Categories []Category `json:"categories,omitempty"`
	// Restricted marks a result only the care team may see ([Disclose]).
	Restricted bool `json:"restricted,omitempty"`
}

// An ItemResult is one item's state and interpretation.
type ItemResult struct {
	// Item is the item's LOINC code.
	Item string `json:"item"`
	// Domain is the domain the item belongs to, if any.
	Domain DomainID `json:"domain,omitempty"`
	// State says whether the item was answered, skipped, missing or invalid.
	State ItemState `json:"state"`
	// Positive is the FHIR Observation.interpretation POS: the answer indicates a possible
	// need. Gravity guidance: set POS only then, and never set NEG.
	Positive bool `json:"positive,omitempty"`
	// Score is the answer's points, for a scored item that was answered.
	Score int `json:"score,omitempty"`
}

// TotalScore returns the instrument's total and true when it is exact (every Scored item
// answered); otherwise 0 and false.
func (r Result) TotalScore() (int, bool) {
	if !r.HasTotal || r.Total != r.TotalMax {
		return 0, false
	}
	return r.Total, true
}

// Domain returns the result of domain d and true, or the zero DomainResult and false when d was
// not reported.
func (r Result) Domain(d DomainID) (DomainResult, bool) {
	for _, dr := range r.Domains {
		if dr.Domain == d {
			return dr, true
		}
	}
	return DomainResult{}, false
}

// Positive returns the ids of the positive domains, in the instrument's order.
func (r Result) Positive() []DomainID {
	var ids []DomainID
	for _, dr := range r.Domains {
		if dr.Status == StatusPositive {
			ids = append(ids, dr.Domain)
		}
	}
	return ids
}

// HasWarning reports whether r carries a warning with this code.
func (r Result) HasWarning(code WarningCode) bool {
	return slices.ContainsFunc(r.Warnings, func(w Warning) bool { return w.Code == code })
}

// Score validates and scores r against the instrument version it names, and explains the
// result. It never fails and never panics: a response the Screener cannot read at all (an
// unknown instrument or version) is scored as unknown with [WarnNotScored]; a partial or invalid
// response is scored as far as its usable answers allow, and is never negative overall (see
// [Result] and [DomainResult] for what is reported).
func (s *Screener) Score(r Response) Result {
	var res Result
	s.ScoreInto(&res, &r)
	return res
}

// ScoreInto is [Screener.Score] writing into dst, reusing the capacity of dst's slices: scoring
// many responses into one Result allocates nothing once it has grown. Slices that dst held
// before are overwritten; keep results with [Screener.Score] or copy them. r is not changed.
func (s *Screener) ScoreInto(dst *Result, r *Response) {
	domains, items, warnings := dst.Domains[:0], dst.Items[:0], dst.Warnings[:0]
	*dst = Result{}
	dst.Instrument, dst.Version, dst.Date, dst.Respondent = r.Instrument, r.InstrumentVersion, r.Date, r.Respondent
	dst.Domains, dst.Items, dst.Warnings = domains, items, warnings
	c := s.find(r.Instrument, r.InstrumentVersion)
	if c == nil {
		dst.Status = StatusUnknown
		dst.Warnings = append(dst.Warnings, Warning{Code: WarnNotScored})
		return
	}
	var res resolved
	headerOK := r.checkRest(nil) // the instrument and version are the table's, so well formed
	c.resolve(r, &res, nil)
	if res.broken != 0 {
		var ranges [maxItems]pointRange
		res.ranges = &ranges
		c.evidence(r, &res)
	}
	dst.Valid = headerOK && !res.invalid
	dst.Ignored = res.ignored
	if res.ignored > 0 {
		dst.Warnings = append(dst.Warnings, Warning{Code: WarnIgnoredAnswers})
	}
	shown, anyPositive, anyUnknown := c.scoreDomains(dst, &res, r.Respondent)
	c.scoreItems(dst, &res, shown)
	if c.in.Total.Sum {
		dst.HasTotal, dst.TotalCode = true, c.in.Total.Code
		for m := c.scored; m != 0; m &= m - 1 {
			i := bits.TrailingZeros64(m)
			sl := &res.slots[i]
			switch d := c.items[i].domain; {
			case sl.state.usable():
				p := c.points(i, sl)
				dst.Total += p
				dst.TotalMax += p
			case res.evident&(1<<i) != 0: // answered twice or with several codes
				dst.Total += res.ranges[i].lo
				dst.TotalMax += res.ranges[i].hi
			case d >= 0 && c.domains[d].d.Optional && res.entered&c.domains[d].mask == 0:
				// An optional part that was not given counts nothing either way.
			default:
				dst.TotalMax += c.items[i].maxScore
			}
		}
	}
	switch {
	case dst.Urgent.Raised || anyPositive:
		dst.Status = StatusPositive
	case dst.Valid && !anyUnknown && len(dst.Domains) > 0:
		dst.Status = StatusNegative
	default:
		dst.Status = StatusUnknown
	}
}

// scoreItems reports the items of the domains reported, and every other item that has an entry
// or is required, in the instrument's order.
func (c *compiled) scoreItems(dst *Result, res *resolved, shown uint64) {
	report := shown | (res.entered|c.required)&^c.inDomain
	n := bits.OnesCount64(report)
	if cap(dst.Items)-len(dst.Items) < n {
		dst.Items = slices.Grow(dst.Items, len(c.items))
	}
	items := dst.Items[len(dst.Items) : len(dst.Items)+n]
	dst.Items = dst.Items[:len(dst.Items)+n]
	// The items' warnings, in the same order.
	for m := report & res.mixed; m != 0; m &= m - 1 {
		ir := &c.itemResults[bits.TrailingZeros64(m)*stateSlots]
		dst.Warnings = append(dst.Warnings, Warning{Code: WarnContradictoryAnswers, Item: ir.Item, Domain: ir.Domain})
	}
	// An item is positive when its usable answer is, or, invalid, when one of its answers is
	// ([compiled.evidence]): res.positive holds exactly those. res.answered holds the items
	// whose answer is usable.
	positive, scored := res.positive, res.answered&c.scored
	for k := range items {
		i := bits.TrailingZeros64(report) % maxItems
		report &= report - 1
		bit := itemBit(i)
		sl := &res.slots[i]
		ir := &items[k]
		// The table's part and the state in one copy, then the rest.
		*ir = c.itemResults[i*stateSlots+int(sl.state)]
		if positive&bit != 0 {
			ir.Positive = true
		}
		if scored&bit != 0 {
			ir.Score = c.points(i, sl)
		}
	}
}

// scoreDomains scores the domains to report, applying each one's rule, and returns the set of
// their items, and whether any of them is positive, and any unknown.
func (c *compiled) scoreDomains(dst *Result, res *resolved, who Respondent) (shown uint64, anyPositive, anyUnknown bool) {
	var cv carver
	if cap(dst.Domains) == 0 { // a new Result: allocate what it needs, exactly
		nd, ni, ns, nc := c.sizes(res)
		dst.Domains, dst.Items = make([]DomainResult, 0, nd), make([]ItemResult, 0, ni)
		cv = carver{strs: make([]string, 0, ns), cats: make([]Category, 0, nc), exact: true}
	}
	show := c.always // the domains to report
	for m := res.entered & c.optional; m != 0; m &= m - 1 {
		show |= 1 << (uint(c.items[bits.TrailingZeros64(m)].domain) % maxItems)
	}
	n := bits.OnesCount64(show)
	if cap(dst.Domains)-len(dst.Domains) < n {
		dst.Domains = slices.Grow(dst.Domains, len(c.domains))
	}
	doms := dst.Domains[len(dst.Domains) : len(dst.Domains)+n]
	dst.Domains = dst.Domains[:len(dst.Domains)+n]
	proxy := who == RespondentProxy
	for k := range doms {
		cd := &c.domains[bits.TrailingZeros64(show)]
		show &= show - 1
		shown |= cd.mask
		if proxy && cd.restrict && res.entered&cd.mask != 0 {
			dst.Warnings = append(dst.Warnings, Warning{Code: WarnProxyAnsweredRestricted, Domain: cd.d.ID})
		}
		dr := &doms[k]
		// Reuse the slices of the result that was in this place before (ScoreInto), or carve
		// new ones from one allocation for the whole result.
		if cv.exact || cap(dr.Items) < c.maxDomain || cap(dr.Missing) < c.maxDomain || cap(dr.Categories) < c.maxCats {
			cv.carve(c, cd, dr)
		}
		// Field by field, not *dr = template: a bulk copy of a struct with pointers costs more.
		t := &cd.tmpl
		dr.Items, dr.Missing, dr.Categories = dr.Items[:0], dr.Missing[:0], dr.Categories[:0]
		dr.Domain, dr.Rule, dr.Threshold, dr.Source = t.Domain, t.Rule, t.Threshold, t.Source
		dr.ResultCode, dr.Restricted = t.ResultCode, t.Restricted
		dr.Score, dr.ScoreMax, dr.Severity = 0, 0, ""
		// The rule, from the item sets it reads (PHQ-9's difficulty question is asked with the
		// domain but read by no rule).
		answered := res.answered & cd.read
		positive := res.positive & cd.read
		if cd.negativeIfAll && answered == cd.read && positive == 0 {
			// The usual domain: every item answered, none positive, so negative, listing them all.
			dr.Status, dr.Reason, dr.Answer = StatusNegative, ReasonNoPositiveAnswer, cd.outcomes[outNegative].answer
			dr.Items = c.appendCodes(dr.Items, answered)
			continue
		}
		v := verdict{reason: ReasonIncomplete, decided: answered}
		if res.broken&cd.read != 0 {
			v.reason = ReasonInvalidAnswer
		}
		switch cd.kind {
		case ruleAnyPositive:
			switch {
			case positive != 0:
				v = verdict{outPositive, ReasonPositiveAnswer, positive}
			case res.broken&cd.read != 0:
			case bits.OnesCount64(answered) >= cd.need:
				v.st, v.reason = outNegative, ReasonNoPositiveAnswer
			}
		case ruleSumAbove, ruleTotalAtLeast:
			v = c.sumRule(dr, dst, cd, res, v)
		case ruleProductBelow:
			v = productRule(dr, cd, res, v)
		}
		o := &cd.outcomes[v.st&(outcomeSlots-1)]
		dr.Status, dr.Reason, dr.Answer = o.status, v.reason, o.answer
		switch v.st {
		case outPositive:
			anyPositive = true
			dr.Categories = c.categories(dr.Categories, cd, res, positive)
		case outUnknown:
			anyUnknown = true
		}
		switch unusable := cd.read &^ answered; {
		case !cd.ascending:
			cd.inOrder(dr, v.decided, unusable)
		case unusable == 0: // the domain's order is the instrument's: walk the sets
			dr.Items = c.appendCodes(dr.Items, v.decided)
		default:
			dr.Items, dr.Missing = c.appendCodes(dr.Items, v.decided), c.appendCodes(dr.Missing, unusable)
		}
	}
	return shown, anyPositive, anyUnknown
}

// sizes returns the number of domains and items a result of res reports, and the strings and
// categories its domains can hold.
func (c *compiled) sizes(res *resolved) (domains, items, strs, cats int) {
	var shown uint64
	for k := range c.domains {
		cd := &c.domains[k]
		if cd.d.Optional && res.entered&cd.mask == 0 {
			continue
		}
		shown |= cd.mask
		domains++
		strs += 2 * len(cd.items)
		cats += cd.maxCats
	}
	items = bits.OnesCount64(shown | (res.entered|c.required)&^c.inDomain)
	return domains, items, strs, cats
}

// A carver hands out the string and category slices of one result's domains: each with room for
// the largest domain of the instrument, carved from one allocation per result, or the slices a
// reused result already had.
type carver struct {
	strs []string
	cats []Category
	// exact carves each domain's slices to its own size, from chunks sized for the whole
	// result (a new Result); otherwise every slice has room for the largest domain, so that a
	// reused Result can take any domain in any place without allocating.
	exact bool
}

// carve gives the domain result dr slices with room for domain cd where the ones it has are
// too small.
func (cv *carver) carve(c *compiled, cd *cdomain, dr *DomainResult) {
	dr.Items, dr.Missing, dr.Categories = cv.strings(c, cd, dr.Items), cv.strings(c, cd, dr.Missing), cv.categories(c, cd, dr.Categories)
}

func (cv *carver) strings(c *compiled, cd *cdomain, prev []string) []string {
	n := c.maxDomain
	if cv.exact {
		n = len(cd.items)
	}
	if cap(prev) >= n {
		return prev[:0]
	}
	if cap(cv.strs)-len(cv.strs) < n {
		cv.strs = make([]string, 0, 2*n*len(c.domains))
	}
	l := len(cv.strs)
	cv.strs = cv.strs[:l+n]
	return cv.strs[l : l : l+n]
}

func (cv *carver) categories(c *compiled, cd *cdomain, prev []Category) []Category {
	n := c.maxCats
	if cv.exact {
		n = cd.maxCats
	}
	if cap(prev) >= n || n == 0 {
		return prev[:0]
	}
	if cap(cv.cats)-len(cv.cats) < n {
		cv.cats = make([]Category, 0, n*len(c.domains))
	}
	l := len(cv.cats)
	cv.cats = cv.cats[:l+n]
	return cv.cats[l : l : l+n]
}

// A verdict is a domain's outcome while its rule is applied: the outcome, the branch of the
// rule that decided it, and the items that decided it.
type verdict struct {
	st      outcome
	reason  Reason
	decided uint64
}

// sumRule applies a sum-above or total-at-least rule, given the verdict of the answers alone.
func (c *compiled) sumRule(dr *DomainResult, dst *Result, cd *cdomain, res *resolved, v verdict) verdict {
	r := &cd.d.Rule
	answered := res.answered & cd.read
	positive := res.positive & cd.read
	invalid := res.broken & cd.read
	unusable := cd.read &^ answered
	score, spread := c.sum(cd.scored, res)
	dr.Score, dr.ScoreMax = score, score+spread
	above, possible := score > r.Threshold, score+spread > r.Threshold
	if cd.kind == ruleTotalAtLeast {
		above, possible = score >= r.Threshold, score+spread >= r.Threshold
	}
	switch signals := cd.signals; {
	case above:
		v.st, v.decided = outPositive, (answered|res.evident&cd.read)&^signals
		v.reason = ReasonSumAboveThreshold
		if cd.kind == ruleTotalAtLeast {
			v.reason = ReasonTotalAtLeast
		}
	case positive&signals != 0:
		v = verdict{outPositive, ReasonPositiveAnswer, positive & signals}
	case invalid != 0:
	case !possible && unusable&signals == 0:
		v.st = outNegative
		v.reason = ReasonSumCannotExceed
		if cd.kind == ruleTotalAtLeast {
			v.reason = ReasonTotalCannotReach
		}
	}
	if invalid == 0 {
		dr.Severity = band(r.Bands, score, score+spread)
	}
	if cd.flag >= 0 || cd.urgent >= 0 {
		c.flags(dst, cd, res)
	}
	return v
}

// sum returns the points of the answered items of set, and how many more the others could
// add, each at its highest.
func (c *compiled) sum(set uint64, res *resolved) (score, spread int) {
	for ; set != 0; set &= set - 1 { // a sum: the order does not matter
		i := bits.TrailingZeros64(set)
		bit := itemBit(i)
		switch {
		case res.answered&bit != 0:
			score += c.points(i, &res.slots[i])
		case res.evident&bit != 0: // answered twice or with several codes: a range
			score += res.ranges[i].lo
			spread += res.ranges[i].hi - res.ranges[i].lo
		default:
			spread += c.items[i].maxScore
		}
	}
	return score, spread
}

// flags raises the warning of a sum rule's flag item and the urgent flag of a total rule's
// urgent item.
func (c *compiled) flags(dst *Result, cd *cdomain, res *resolved) {
	if cd.flag >= 0 {
		if sl := &res.slots[cd.flag]; c.mostPoints(cd.flag, sl, res) > c.items[cd.flag].minScore {
			dst.Warnings = append(dst.Warnings, Warning{Code: WarnAnyPhysicalHarm, Item: c.items[cd.flag].code, Domain: cd.d.ID})
		}
	}
	if cd.urgent >= 0 {
		// Any usable answer above 0 raises it, even one of several given for the item: an
		// invalid entry must never hide it.
		switch sl := &res.slots[cd.urgent]; {
		case c.mostPoints(cd.urgent, sl, res) > 0:
			dst.Urgent = Urgent{Raised: true, Item: c.items[cd.urgent].code, Rule: cd.d.Rule.Source}
		case !sl.state.usable():
			dst.Warnings = append(dst.Warnings, Warning{Code: WarnUrgentItemUnanswered, Item: c.items[cd.urgent].code, Domain: cd.d.ID})
		}
	}
}

// productRule applies a product-below rule, given the verdict of the answers alone.
func productRule(dr *DomainResult, cd *cdomain, res *resolved, v verdict) verdict {
	a, b := cd.items[0], cd.items[1]
	sa, sb := &res.slots[a], &res.slots[b]
	known := res.answered&cd.read | res.evident&cd.read // a number given twice, the same both times, is known
	zero := func(i int, sl *slot) bool { return known&(1<<i) != 0 && sl.num == 0 }
	switch {
	case zero(a, sa) || zero(b, sb):
		v.st, v.reason = outPositive, ReasonProductBelow
		v.decided = 0
		if zero(a, sa) {
			v.decided |= 1 << a
		}
		if zero(b, sb) {
			v.decided |= 1 << b
		}
	case known&(1<<a) != 0 && known&(1<<b) != 0:
		p := mulSat(sa.num, sb.num)
		dr.Score = int(max(min(p, math.MaxInt), math.MinInt))
		dr.ScoreMax = dr.Score
		if p < int64(cd.d.Rule.Threshold) {
			v.st, v.reason = outPositive, ReasonProductBelow
		} else if res.broken&cd.read == 0 {
			v.st, v.reason = outNegative, ReasonProductAtLeast
		}
	}
	return v
}

// outcome is a domain's Status as a small number, while it is scored.
type outcome uint8

const (
	outUnknown outcome = iota
	outPositive
	outNegative

	outcomes = iota // the number of outcomes

	outcomeSlots = 4 // outcomes, rounded up to a power of two
)

func (o outcome) status() Status {
	return [...]Status{outUnknown: StatusUnknown, outPositive: StatusPositive, outNegative: StatusNegative}[o]
}

// mulSat returns a·b, saturated at the bounds of int64: a custom instrument's number ranges
// may be large enough for days × minutes to overflow, and a wrapped product could read as
// below (or above) the threshold.
func mulSat(a, b int64) int64 {
	p := a * b
	if a == 0 || (p/a == b && !(a == -1 && b == math.MinInt64) && !(b == -1 && a == math.MinInt64)) {
		return p
	}
	if (a < 0) != (b < 0) {
		return math.MinInt64
	}
	return math.MaxInt64
}

// mostPoints returns the points of item i's usable answer, or the most its answers give when it
// was answered twice or with several codes ([compiled.evidence]), or -1 when none is usable.
func (c *compiled) mostPoints(i int, sl *slot, res *resolved) int {
	switch {
	case sl.state.usable():
		return c.points(i, sl)
	case res.evident&(1<<i) != 0:
		return res.ranges[i].hi
	}
	return -1
}

// band returns the severity of totals from lo to hi when they share one band, else "".
func band(bands []Band, lo, hi int) Severity {
	var s Severity
	for _, b := range bands {
		if lo >= b.Min && lo <= b.Max {
			s = b.Severity
		}
		if hi >= b.Min && hi <= b.Max && s != b.Severity {
			return ""
		}
	}
	return s
}

// inOrder appends to the domain result's Items the codes of the domain's items in decided, and
// to its Missing those in unusable, in the domain's order.
func (cd *cdomain) inOrder(dr *DomainResult, decided, unusable uint64) {
	for k, i := range cd.items {
		bit := itemBit(i)
		if decided&bit != 0 {
			dr.Items = append(dr.Items, cd.codes[k])
		}
		if unusable&bit != 0 {
			dr.Missing = append(dr.Missing, cd.codes[k])
		}
	}
}

// appendCodes appends to buf the codes of the items in set, in the instrument's order.
func (c *compiled) appendCodes(buf []string, set uint64) []string {
	for ; set != 0; set &= set - 1 {
		buf = append(buf, c.itemCodes[bits.TrailingZeros64(set)%maxItems])
	}
	return buf
}

// categories appends to buf the Gravity categories a positive domain indicates: each positive
// answer's own category, else the domain's, in the instrument's order, without repeats.
func (c *compiled) categories(buf []Category, cd *cdomain, res *resolved, positive uint64) []Category {
	if !cd.ownCats { // every answer indicates the domain's category
		if cd.d.Category != "" {
			buf = append(buf, cd.d.Category)
		}
		return buf
	}
	add := func(cat Category) {
		if cat != "" && !slices.Contains(buf, cat) {
			buf = append(buf, cat)
		}
	}
	if positive == 0 {
		add(cd.d.Category) // positive by points or numbers, not by one answer
	}
	for _, i := range cd.items {
		if positive&(1<<i) == 0 {
			continue
		}
		it := &c.items[i]
		for m := res.slots[i].opts & it.positive; m != 0; m &= m - 1 {
			cat := it.options[bits.TrailingZeros32(m)].Category
			if cat == "" {
				cat = cd.d.Category
			}
			add(cat)
		}
	}
	return buf
}
