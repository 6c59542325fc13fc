package careplan

import (
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

// Code systems of the goal value sets (HL7 Terminology, as bound by FHIR R4 Goal).
const (
	achievementSystem = carecoord.SystemTHO + "goal-achievement"
	prioritySystem    = carecoord.SystemTHO + "goal-priority"
)

// Achievement is how far a goal has got towards its target: FHIR R4 Goal.achievementStatus,
// with the codes of the HL7 Terminology code system goal-achievement
// (http://terminology.hl7.org/CodeSystem/goal-achievement, bound "preferred" in FHIR R4 4.0.1).
// The value is the FHIR code, so mapping to FHIR is the identity.
//
// The codes form a hierarchy ([Achievement.Parent]):
//
//	in-progress   improving, worsening, no-change
//	achieved      sustaining
//	not-achieved  no-progress, not-attainable
//
// A query for "in progress" should match the three children, and "achieved" should match
// sustaining; use [Achievement.IsInProgress], [Achievement.IsAchieved] and
// [Achievement.IsNotAchieved] rather than comparing codes.
//
// Achievement is separate from the goal's lifecycle: a goal whose lifecycle is completed may
// be not-achieved (spec §1.2). Only achieved and its child mean "met".
//
// The zero Achievement is not a code and IsValid reports false for it. Goal.achievementStatus
// is optional (0..1) in FHIR, so where a field of this type is optional its zero value means
// "not assessed".
type Achievement string

// The goal-achievement codes (FHIR R4 4.0.1; displays as in [Achievement.Coding]).
const (
	// AchievementInProgress: the goal is being sought and not yet reached (also after a
	// regression from achieved).
	AchievementInProgress Achievement = "in-progress"
	// AchievementImproving: in progress, and progressing (child of in-progress).
	AchievementImproving Achievement = "improving"
	// AchievementWorsening: in progress, but regressing (child of in-progress).
	AchievementWorsening Achievement = "worsening"
	// AchievementNoChange: in progress, and the trend is flat (child of in-progress).
	AchievementNoChange Achievement = "no-change"
	// AchievementAchieved: the goal has been met.
	AchievementAchieved Achievement = "achieved"
	// AchievementSustaining: met, and ongoing activity is needed to keep it met (child of
	// achieved).
	AchievementSustaining Achievement = "sustaining"
	// AchievementNotAchieved: the goal has not been met, with or without progress.
	AchievementNotAchieved Achievement = "not-achieved"
	// AchievementNoProgress: not met, and little or no progress (child of not-achieved).
	AchievementNoProgress Achievement = "no-progress"
	// AchievementNotAttainable: the goal cannot be met (child of not-achieved).
	AchievementNotAttainable Achievement = "not-attainable"
)

// Achievements returns every Achievement in the code system's order, in a new slice.
func Achievements() []Achievement {
	return []Achievement{
		AchievementInProgress, AchievementImproving, AchievementWorsening, AchievementNoChange,
		AchievementAchieved, AchievementSustaining,
		AchievementNotAchieved, AchievementNoProgress, AchievementNotAttainable,
	}
}

// achievementInfo is the code system's table: each code's parent and display.
func achievementInfo(a Achievement) (parent Achievement, display string, ok bool) {
	switch a {
	case AchievementInProgress:
		return "", "In Progress", true
	case AchievementImproving:
		return AchievementInProgress, "Improving", true
	case AchievementWorsening:
		return AchievementInProgress, "Worsening", true
	case AchievementNoChange:
		return AchievementInProgress, "No Change", true
	case AchievementAchieved:
		return "", "Achieved", true
	case AchievementSustaining:
		return AchievementAchieved, "Sustaining", true
	case AchievementNotAchieved:
		return "", "Not Achieved", true
	case AchievementNoProgress:
		return AchievementNotAchieved, "No Progress", true
	case AchievementNotAttainable:
		return AchievementNotAchieved, "Not Attainable", true
	}
	return "", "", false
}

// IsValid reports whether a is one of [Achievements]. It is false for the zero Achievement.
func (a Achievement) IsValid() bool { _, _, ok := achievementInfo(a); return ok }

// Parent returns the code a is a child of in the goal-achievement hierarchy: in-progress for
// improving, worsening and no-change; achieved for sustaining; not-achieved for no-progress
// and not-attainable. It returns the zero Achievement for the three top-level codes and for
// values that are not codes.
func (a Achievement) Parent() Achievement { p, _, _ := achievementInfo(a); return p }

// top returns the top-level code of a's branch, or the zero Achievement if a is not a code.
func (a Achievement) top() Achievement {
	if p := a.Parent(); p != "" {
		return p
	}
	if a.IsValid() {
		return a
	}
	return ""
}

// IsAchieved reports whether a means the goal is met: achieved or sustaining.
func (a Achievement) IsAchieved() bool { return a.top() == AchievementAchieved }

// IsInProgress reports whether a is in-progress or one of its children (improving,
// worsening, no-change).
func (a Achievement) IsInProgress() bool { return a.top() == AchievementInProgress }

// IsNotAchieved reports whether a is not-achieved or one of its children (no-progress,
// not-attainable).
func (a Achievement) IsNotAchieved() bool { return a.top() == AchievementNotAchieved }

// Coding returns a as a Coding of http://terminology.hl7.org/CodeSystem/goal-achievement with
// the code system's display ("Sustaining"). It returns the zero Coding when a is not valid.
func (a Achievement) Coding() carecoord.Coding {
	_, display, ok := achievementInfo(a)
	if !ok {
		return carecoord.Coding{}
	}
	return carecoord.Coding{System: achievementSystem, Code: string(a), Display: display}
}

// Priority is how much a goal matters: FHIR R4 Goal.priority, with the codes of the HL7
// Terminology code system goal-priority (http://terminology.hl7.org/CodeSystem/goal-priority,
// bound "preferred" in FHIR R4 4.0.1). The value is the FHIR code.
//
// The zero Priority is not a code and IsValid reports false for it. Goal.priority is optional
// (0..1) in FHIR, so where a field of this type is optional its zero value means "not set".
type Priority string

// The goal-priority codes (FHIR R4 4.0.1).
const (
	// PriorityHigh: "Indicates that the goal is of considerable importance and should be a
	// primary focus of care delivery."
	PriorityHigh Priority = "high-priority"
	// PriorityMedium: the goal is important but not the primary focus.
	PriorityMedium Priority = "medium-priority"
	// PriorityLow: the goal is desirable but not a focus of care delivery.
	PriorityLow Priority = "low-priority"
)

// Priorities returns every Priority, highest first, in a new slice.
func Priorities() []Priority { return []Priority{PriorityHigh, PriorityMedium, PriorityLow} }

// IsValid reports whether p is one of [Priorities]. It is false for the zero Priority.
func (p Priority) IsValid() bool { return p.Rank() <= 3 }

// Rank orders priorities for sorting, highest first: 1 for high, 2 for medium, 3 for low, and
// 4 for the zero Priority or any value that is not a code, so that those sort last.
func (p Priority) Rank() int {
	switch p {
	case PriorityHigh:
		return 1
	case PriorityMedium:
		return 2
	case PriorityLow:
		return 3
	}
	return 4
}

// Coding returns p as a Coding of http://terminology.hl7.org/CodeSystem/goal-priority with the
// code system's display ("High Priority"). It returns the zero Coding when p is not valid.
func (p Priority) Coding() carecoord.Coding {
	var display string
	switch p {
	case PriorityHigh:
		display = "High Priority"
	case PriorityMedium:
		display = "Medium Priority"
	case PriorityLow:
		display = "Low Priority"
	default:
		return carecoord.Coding{}
	}
	return carecoord.Coding{System: prioritySystem, Code: string(p), Display: display}
}

// A Target is one measurable target of a goal, as in FHIR R4 Goal.target: a measure (e.g.
// LOINC 4548-4, hemoglobin A1c), the interval of values that meets the goal, in one unit,
// and optionally the date by which it should be met. "HbA1c below 8 %" is
//
//	Target{Measure: hba1c, High: decimal.NewNullDecimal(decimal.RequireFromString("8")),
//		HighExclusive: true, Unit: "%"}
//
// The interval is Low..High. Either bound may be absent (a NullDecimal that is not Valid),
// not both. Bounds are inclusive unless LowExclusive or HighExclusive is set. Mapping to FHIR
// R4 Goal.target.detail[x]: a detailRange (whose bounds FHIR defines as inclusive) is Low and
// High; a detailQuantity with comparator "<" is High with HighExclusive, "<=" is High, ">" is
// Low with LowExclusive, ">=" is Low, and with no comparator (an exact value) Low = High. An
// interval with an exclusive bound and a second bound (90 <= x < 130) has no single R4 detail;
// a mapper must split it or use an extension. Other detail types (CodeableConcept, string,
// boolean, Ratio) are not modelled.
//
// Unit is a UCUM code ("%", "mm[Hg]", "mg/dL", "min/wk") and applies to both bounds.
// Observations are compared only when their Unit is the same string: the library never
// converts or guesses units.
//
// The zero Target is not valid; [Target.Validate] says why.
type Target struct {
	// Measure codes what is measured (FHIR Goal.target.measure), e.g. LOINC 4548-4.
	Measure carecoord.Coding `json:"measure,omitzero"`
	// Low and High are the bounds of the interval that meets the goal.
	Low  decimal.NullDecimal `json:"low,omitzero"`
	High decimal.NullDecimal `json:"high,omitzero"`
	// LowExclusive and HighExclusive make a bound exclusive (">", "<"). Each may be set only
	// together with its bound.
	LowExclusive  bool `json:"lowExclusive,omitempty"`
	HighExclusive bool `json:"highExclusive,omitempty"`
	// Unit is the UCUM code of the bounds.
	Unit string `json:"unit,omitempty"`
	// Due is the date by which the target should be met (FHIR Goal.target.dueDate), or zero.
	Due civil.Date `json:"due,omitzero"`
}

// Validate reports every problem with t as [carecoord.FieldErrors] (matching
// carecoord.ErrInvalid), or nil. The rules:
//
//   - "measure": required. FHIR invariant gol-1 requires target.measure whenever
//     target.detail is present, and every Target has a detail (its bounds). A measure that is
//     set but malformed is reported by [carecoord.Coding.Validate] at "measure.system" and
//     "measure.code".
//   - "low": at least one of Low and High must be set; a target with neither is reported once,
//     at "low" ([carecoord.FieldRequired]).
//   - "high": when both bounds are set the interval must not be empty: Low <= High, and
//     Low < High when either bound is exclusive ([carecoord.FieldInvalid]).
//   - "lowExclusive", "highExclusive": must not be set without their bound
//     ([carecoord.FieldNotAllowed]).
//   - "unit": required, and a UCUM code has no white space.
//   - "due": optional, but a set Due must be a valid date.
func (t Target) Validate() error {
	var errs carecoord.FieldErrors
	if t.Measure.IsZero() {
		errs.Add(carecoord.Required("measure", "must be set: a target with a detail needs a measure (FHIR gol-1)"))
	} else {
		errs.Nest("measure", t.Measure.Validate())
	}
	switch {
	case !t.Low.Valid && !t.High.Valid:
		errs.Add(carecoord.Required("low", "a target needs a low bound, a high bound or both"))
	case t.Low.Valid && t.High.Valid:
		c := t.Low.Decimal.Cmp(t.High.Decimal)
		if c > 0 {
			errs.Add(carecoord.Invalid("high", "must not be less than low"))
		} else if c == 0 && (t.LowExclusive || t.HighExclusive) {
			errs.Add(carecoord.Invalid("high", "must be greater than low when a bound is exclusive (the interval is empty)"))
		}
	}
	if t.LowExclusive && !t.Low.Valid {
		errs.Add(carecoord.NotAllowed("lowExclusive", "must not be set without low"))
	}
	if t.HighExclusive && !t.High.Valid {
		errs.Add(carecoord.NotAllowed("highExclusive", "must not be set without high"))
	}
	switch {
	case t.Unit == "":
		errs.Add(carecoord.Required("unit", "must be set to the UCUM code of the bounds"))
	case strings.ContainsAny(t.Unit, " \t\r\n"):
		errs.Add(carecoord.Invalid("unit", "must be a UCUM code, which has no white space"))
	}
	if !t.Due.IsZero() && !t.Due.IsValid() {
		errs.Add(carecoord.Invalid("due", "must be a valid date or not set"))
	}
	return errs.Err()
}

// Contains reports whether v, in t's Unit, meets the target: it is not below Low (not equal to
// it when LowExclusive) and not above High (not equal to it when HighExclusive). A Target with
// neither bound contains nothing (it is not valid). Contains does not look at Due or Unit.
func (t Target) Contains(v decimal.Decimal) bool {
	if !t.Low.Valid && !t.High.Valid {
		return false
	}
	if t.Low.Valid {
		c := v.Cmp(t.Low.Decimal)
		if c < 0 || c == 0 && t.LowExclusive {
			return false
		}
	}
	if t.High.Valid {
		c := v.Cmp(t.High.Decimal)
		if c > 0 || c == 0 && t.HighExclusive {
			return false
		}
	}
	return true
}

// distance returns how far v is from t's interval: Low−v below it, v−High above it, and zero
// inside it. It measures to the bound's value whether or not the bound is exclusive, so a value
// on an exclusive bound has distance zero yet is not in the target.
func (t Target) distance(v decimal.Decimal) decimal.Decimal {
	switch {
	case t.Low.Valid && v.Cmp(t.Low.Decimal) < 0:
		return t.Low.Decimal.Sub(v)
	case t.High.Valid && v.Cmp(t.High.Decimal) > 0:
		return v.Sub(t.High.Decimal)
	}
	return decimal.Decimal{}
}

// An Observation is one measured value to evaluate a [Target] with: a measure, a value in a
// UCUM unit, and the day it was measured (FHIR Observation.code, valueQuantity and the date
// of effective[x]). It holds no patient identity.
//
// The zero Observation measures nothing; [EvaluateTarget] ignores it unless the target's
// measure is also zero, which a valid Target never has.
type Observation struct {
	// Measure codes what was measured; it is matched to Target.Measure by System and Code.
	Measure carecoord.Coding `json:"measure,omitzero"`
	// Value is the measured value, in Unit.
	Value decimal.Decimal `json:"value"`
	// Unit is the UCUM code of Value.
	Unit string `json:"unit,omitempty"`
	// Date is the day it was measured.
	Date civil.Date `json:"date,omitzero"`
}

// EvaluationRule names the step of [EvaluateTarget]'s rule that decided an [Evaluation]. The
// values are the library's own stable tokens (FHIR defines the achievement codes, not how to
// assign them). The zero EvaluationRule is not valid.
type EvaluationRule string

// The evaluation rules, in the order EvaluateTarget tries them.
const (
	// RuleNoObservation: no observation of the measure on or before the evaluation date;
	// in-progress, or not-achieved when the target is past due.
	RuleNoObservation EvaluationRule = "no-observation"
	// RuleInTarget: the latest value meets the target and the one before it does not (or there
	// is none); achieved.
	RuleInTarget EvaluationRule = "in-target"
	// RuleSustained: the latest value and the one before it both meet the target; sustaining.
	RuleSustained EvaluationRule = "sustained"
	// RulePastDue: the latest value does not meet the target and the due date has passed;
	// not-achieved.
	RulePastDue EvaluationRule = "past-due"
	// RuleCloser: the latest value is nearer the target than the one before it; improving.
	RuleCloser EvaluationRule = "closer"
	// RuleFurther: the latest value is further from the target than the one before it;
	// worsening.
	RuleFurther EvaluationRule = "further"
	// RuleUnchanged: the latest value is as far from the target as the one before it;
	// no-change.
	RuleUnchanged EvaluationRule = "unchanged"
	// RuleFirstValue: the only value does not meet the target and there is none to compare it
	// with; in-progress.
	RuleFirstValue EvaluationRule = "first-value"
)

// EvaluationRules returns every EvaluationRule, in the order EvaluateTarget tries them, in a
// new slice.
func EvaluationRules() []EvaluationRule {
	return []EvaluationRule{RuleNoObservation, RuleInTarget, RuleSustained, RulePastDue,
		RuleCloser, RuleFurther, RuleUnchanged, RuleFirstValue}
}

// IsValid reports whether r is one of [EvaluationRules].
func (r EvaluationRule) IsValid() bool {
	switch r {
	case RuleNoObservation, RuleInTarget, RuleSustained, RulePastDue,
		RuleCloser, RuleFurther, RuleUnchanged, RuleFirstValue:
		return true
	}
	return false
}

// An Evaluation is the result of [EvaluateTarget] with the evidence for it: which rule
// decided, which observations it used and how far each was from the target. The zero
// Evaluation is not a result.
type Evaluation struct {
	// Achievement is the status the rule assigns.
	Achievement Achievement `json:"achievement"`
	// Rule is the step of the rule that decided.
	Rule EvaluationRule `json:"rule"`
	// AsOf is the evaluation date; Due is the target's due date (zero when it has none), and
	// PastDue reports whether Due is set and AsOf is after it.
	AsOf    civil.Date `json:"asOf"`
	Due     civil.Date `json:"due,omitzero"`
	PastDue bool       `json:"pastDue,omitempty"`
	// Considered is the number of observations of the target's measure dated on or before
	// AsOf; only these were used.
	Considered int `json:"considered"`
	// Latest is the latest observation considered, when HasLatest (Considered > 0).
	// LatestInTarget reports whether its value meets the target, and LatestDistance is how far
	// it is from the target's interval (zero inside it; see [Target] for exclusive bounds,
	// where a value on the bound is at distance zero but not in the target).
	HasLatest      bool                `json:"hasLatest"`
	Latest         Observation         `json:"latest,omitzero"`
	LatestInTarget bool                `json:"latestInTarget,omitempty"`
	LatestDistance decimal.NullDecimal `json:"latestDistance,omitzero"`
	// Previous is the observation considered just before Latest, when HasPrevious
	// (Considered > 1), with the same facts about it.
	HasPrevious      bool                `json:"hasPrevious"`
	Previous         Observation         `json:"previous,omitzero"`
	PreviousInTarget bool                `json:"previousInTarget,omitempty"`
	PreviousDistance decimal.NullDecimal `json:"previousDistance,omitzero"`
}

// EvaluateTarget assigns an achievement status to one target from the observations known on
// asOf. This is the library's rule, not FHIR's: FHIR R4 defines the goal-achievement codes
// but not how to assign them.
//
// The observations used are those whose Measure matches t.Measure (same System and Code;
// Display is ignored) and whose Date is on or before asOf; the others are ignored, whatever
// their unit. The used observations are ordered by Date; observations on the same day keep
// their order in obs, so of two on the day of the latest, the one later in obs is the latest
// and the other is the previous. Then, with "in target" meaning [Target.Contains]:
//
//  1. No observation: in-progress when asOf is on or before t.Due or t has no Due, else
//     not-achieved ([RuleNoObservation] either way; [Evaluation.PastDue] tells them apart).
//  2. The latest value is in target: achieved ([RuleInTarget]), or sustaining when the
//     previous value was in target too ([RuleSustained]). This holds after the due date too.
//  3. The latest value is not in target and t.Due is set and asOf is after it: not-achieved
//     ([RulePastDue]).
//  4. Otherwise the distance of the latest value from the target interval (Low−v below it,
//     v−High above it) is compared with that of the previous value: smaller is improving
//     ([RuleCloser]), larger is worsening ([RuleFurther]), equal is no-change
//     ([RuleUnchanged]). With no previous value, in-progress ([RuleFirstValue]).
//
// Only the latest two observations count; there is no trend line, no smoothing and no minimum
// change. The rule never assigns no-progress or not-attainable, which need clinical judgement.
// A due date is met when the value is in target on or before it: asOf equal to Due is not past
// due.
//
// EvaluateTarget returns an error matching carecoord.ErrInvalid, listing every problem as
// [carecoord.FieldErrors], when t is not valid (paths "target.…" from [Target.Validate]),
// asOf is not a valid date ("asOf"), or an observation that would be used has a Unit that is
// not exactly t.Unit ("observations[i].unit", i its index in obs) or, among those matching the
// measure, an invalid Date ("observations[i].date"); when t or asOf is not valid the
// observations are not examined. Units are never converted: "mg/dL" and "mmol/L" values of the
// same measure are an error, not a guess. obs is not modified.
func EvaluateTarget(t Target, obs []Observation, asOf civil.Date) (Evaluation, error) {
	var errs carecoord.FieldErrors
	errs.Nest("target", t.Validate())
	switch {
	case asOf.IsZero():
		errs.Add(carecoord.Required("asOf", "must be set"))
	case !asOf.IsValid():
		errs.Add(carecoord.Invalid("asOf", "must be a valid date"))
	}
	if len(errs) > 0 {
		return Evaluation{}, errs.Err()
	}

	used := make([]Observation, 0, len(obs))
	for i, o := range obs {
		if !o.Measure.Matches(t.Measure) {
			continue
		}
		if !o.Date.IsValid() {
			errs.Add(carecoord.Invalid(carecoord.Path("observations", i, "date"), "must be a valid date"))
			continue
		}
		if o.Date.After(asOf) {
			continue
		}
		if o.Unit != t.Unit {
			errs.Add(carecoord.Invalid(carecoord.Path("observations", i, "unit"),
				"must be the target's unit; units are not converted"))
			continue
		}
		used = append(used, o)
	}
	if len(errs) > 0 {
		return Evaluation{}, errs.Err()
	}
	slices.SortStableFunc(used, func(a, b Observation) int { return a.Date.Compare(b.Date) })

	e := Evaluation{
		AsOf:       asOf,
		Due:        t.Due,
		PastDue:    t.Due.IsValid() && asOf.After(t.Due),
		Considered: len(used),
	}
	if len(used) == 0 {
		e.Rule, e.Achievement = RuleNoObservation, AchievementInProgress
		if e.PastDue {
			e.Achievement = AchievementNotAchieved
		}
		return e, nil
	}

	e.HasLatest, e.Latest = true, used[len(used)-1]
	e.LatestInTarget = t.Contains(e.Latest.Value)
	latestDist := t.distance(e.Latest.Value)
	e.LatestDistance = decimal.NewNullDecimal(latestDist)
	var prevDist decimal.Decimal
	if len(used) > 1 {
		e.HasPrevious, e.Previous = true, used[len(used)-2]
		e.PreviousInTarget = t.Contains(e.Previous.Value)
		prevDist = t.distance(e.Previous.Value)
		e.PreviousDistance = decimal.NewNullDecimal(prevDist)
	}

	switch {
	case e.LatestInTarget && e.PreviousInTarget:
		e.Rule, e.Achievement = RuleSustained, AchievementSustaining
	case e.LatestInTarget:
		e.Rule, e.Achievement = RuleInTarget, AchievementAchieved
	case e.PastDue:
		e.Rule, e.Achievement = RulePastDue, AchievementNotAchieved
	case !e.HasPrevious:
		e.Rule, e.Achievement = RuleFirstValue, AchievementInProgress
	default:
		switch c := latestDist.Cmp(prevDist); {
		case c < 0:
			e.Rule, e.Achievement = RuleCloser, AchievementImproving
		case c > 0:
			e.Rule, e.Achievement = RuleFurther, AchievementWorsening
		default:
			e.Rule, e.Achievement = RuleUnchanged, AchievementNoChange
		}
	}
	return e, nil
}
