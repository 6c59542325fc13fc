package fhir

import (
	"slices"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/careplan"
	"github.com/carecoord/carecoord/civil"
)

// carecoord's extensions for care plans, where FHIR R4 CarePlan, Goal, CareTeam and Timing have
// no element for what a careplan.CarePlan keeps. Complex extensions name their parts with
// relative URLs ("from", "at"), as FHIR's own complex extensions do.
const (
	// ExtensionStatusHistory is one status change (carecoord.Transition) of what it is on: a
	// CarePlan, a Goal, a CareTeam or a CarePlan.activity.detail, oldest first. Its parts are
	// "from" and "to" (valueCode), "at" (valueDateTime), "by" (valueReference) and "reason"
	// (valueCoding). FHIR keeps past statuses only as past versions of a resource (its
	// _history); a Provenance records who changed a version, not the move from one status to
	// another, and a contained one could not speak for an activity. So the trail travels with
	// the status it explains.
	ExtensionStatusHistory = Base + "StructureDefinition/status-history"
	// ExtensionActivityKind is the careplan.ActivityKind (valueCode) on the primitive
	// CarePlan.activity.detail.kind ("_kind"), which names only the FHIR resource type that
	// would carry the activity out: monitoring, referral and procedure all are ServiceRequests.
	ExtensionActivityKind = Base + "StructureDefinition/activity-kind"
	// ExtensionActivityLink is the record that carries the activity out (careplan.Activity.Link,
	// valueReference) on CarePlan.activity.detail. CarePlan.activity.reference would say it,
	// but R4 allows a reference or a detail, not both (cpl-3), and the detail holds the rest.
	ExtensionActivityLink = Base + "StructureDefinition/activity-link"
	// ExtensionCountsTowardAdherence marks an activity whose occurrences count in adherence
	// (valueBoolean true) on CarePlan.activity.detail.
	ExtensionCountsTowardAdherence = Base + "StructureDefinition/counts-toward-adherence"
	// ExtensionScheduleVersion is what makes a Timing one version of an activity's schedule
	// (careplan.ScheduleVersion): "from", the first day it is in force (valueDate; left out
	// when it is the schedule's start), and "at" and "by", when and by whom it was made
	// (valueDateTime, valueReference). On the Timing it describes.
	ExtensionScheduleVersion = Base + "StructureDefinition/schedule-version"
	// ExtensionEarlierSchedule is a version of an activity's schedule that an earlier one has
	// replaced (valueTiming, oldest first), on CarePlan.activity.detail, whose scheduledTiming
	// holds the latest: the schedule the plan asks for from now on, as another system should
	// read it. Each earlier version stays, so the occurrences (and their outcomes) it gave
	// before the change keep their days.
	ExtensionEarlierSchedule = Base + "StructureDefinition/earlier-schedule"
	// ExtensionActivityOutcome is what happened at one occurrence of an activity
	// (careplan.Outcome) on CarePlan.activity: "date" (valueDate) and, for a timed
	// occurrence, "time" (valueTime) name the occurrence; "status" (valueCode: completed,
	// missed, declined), "at" (valueDateTime), "by" (valueReference), "value" (valueQuantity)
	// and "reason" (valueCoding) say what happened. R4's outcomeReference points at resources
	// that record an event (an Observation, an Encounter), and a missed or declined occurrence
	// has none; outcomeCodeableConcept has no place for the occurrence, when or by whom. So the
	// outcome, keyed by its occurrence, is kept whole here.
	ExtensionActivityOutcome = Base + "StructureDefinition/activity-outcome"
	// ExtensionTargetExclusive makes a bound of Goal.target.detailRange exclusive: valueCode
	// "low" or "high". R4 Range bounds are inclusive and a SimpleQuantity has no comparator, so
	// "90 <= x < 130" has no R4 detail; this changes what the range means, so it is a
	// modifierExtension, which a system that does not know it must refuse.
	ExtensionTargetExclusive = Base + "StructureDefinition/target-exclusive"
	// ExtensionTeamMember is a care-team member R4 CareTeam.participant.member does not allow
	// (a Device), as valueReference on the participant, whose member is then left out.
	ExtensionTeamMember = Base + "StructureDefinition/team-member"
)

// Codes outside carecoord, for care plans.
const (
	systemGoalAchievement = carecoord.SystemTHO + "goal-achievement"
	systemGoalPriority    = carecoord.SystemTHO + "goal-priority"
	// dayCodes are the R4 days-of-week codes, three letters each in time.Weekday order.
	dayCodes = "sunmontuewedthufrisat"
)

// CarePlanOf returns p as one FHIR R4 CarePlan that holds everything p keeps. Status, Intent,
// Title, Categories, Period and Patient (subject) map to their CarePlan elements; the
// Coordinator is the author, R4's "responsible for the care plan" (R5 names it custodian). The
// care team and the goals are contained resources (a CareTeam and Goals, each goal with its id),
// referenced from careTeam and goal; the conditions and needs the plan and its goals address are
// contained Conditions (one per coding), referenced from addresses, as R4 allows only
// Reference(Condition) there.
//
// Each activity is an activity.detail with the activity's id as the element id: kind is the
// R4 care-plan-activity-kind with the careplan kind on it ([ExtensionActivityKind]); code,
// status, performer, description and goal (references to the contained goals) map directly.
// The latest schedule version is scheduledTiming (Timing.repeat: boundsPeriod for the days,
// period and periodUnit for the interval, frequency the occurrences in each period, dayOfWeek,
// timeOfDay to the minute, count; a one-off has a boundsPeriod of one day and no period);
// earlier versions are [ExtensionEarlierSchedule]s, and a version's first day and author
// [ExtensionScheduleVersion]. Outcomes, the link to the record carrying the activity out and
// whether it counts toward adherence are carecoord extensions, as are the status histories of
// the plan, its goals, activities and team ([ExtensionStatusHistory]). A target is a
// detailQuantity with a comparator when it has one bound and a detailRange when it has two
// (with [ExtensionTargetExclusive] for an exclusive bound).
//
// It returns an error matching carecoord.ErrInvalid when p is not valid
// ([careplan.CarePlan.Validate]).
func CarePlanOf(p careplan.CarePlan) (*CarePlan, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	w := planWriter{
		plan: &CarePlan{
			DomainResource: resourceBase(p.Meta),
			Status:         string(p.Status),
			Intent:         string(p.Intent),
			Title:          p.Title,
			Subject:        ReferenceTo("Patient", string(p.Patient), ""),
			Period:         periodOf(p.Period),
			Author:         referenceOf(p.Coordinator),
		},
		goals: p.Goals,
	}
	cp := w.plan
	cp.Extension = historyExtensions(p.History)
	for _, c := range p.Categories {
		cp.Category = append(cp.Category, ConceptOf(c))
	}
	if !teamIsZero(p.Team) {
		id := w.newID("team-")
		cp.Contained = append(cp.Contained, w.team(id, p.Team))
		cp.CareTeam = []Reference{{Reference: "#" + id}}
	}
	cp.Addresses = w.conditions(p.Addresses)
	for _, g := range p.Goals {
		cp.Contained = append(cp.Contained, w.goal(g))
		cp.Goal = append(cp.Goal, Reference{Reference: "#" + g.ID})
	}
	for _, a := range p.Activities {
		cp.Activity = append(cp.Activity, activityOf(a))
	}
	return cp, nil
}

// A planWriter builds a CarePlan and chooses the ids of its contained resources: the goals keep
// their own, and the others get ids no goal has.
type planWriter struct {
	plan  *CarePlan
	goals []careplan.Goal
	n     int
}

// newID returns prefix followed by the next number that makes an id no goal has.
func (w *planWriter) newID(prefix string) string {
	for {
		w.n++
		id := prefix + strconv.Itoa(w.n)
		if !slices.ContainsFunc(w.goals, func(g careplan.Goal) bool { return g.ID == id }) {
			return id
		}
	}
}

// conditions returns references to contained Conditions coding cs, adding those not yet
// contained: one Condition for each distinct coding, shared by the plan and its goals.
func (w *planWriter) conditions(cs []carecoord.Coding) []Reference {
	var refs []Reference
	for _, c := range cs {
		id := ""
		for _, r := range w.plan.Contained {
			if cond, ok := r.(*Condition); ok && len(cond.Code.Coding) == 1 && cond.Code.Coding[0].Carecoord() == c {
				id = cond.ID
				break
			}
		}
		if id == "" {
			id = w.newID("condition-")
			w.plan.Contained = append(w.plan.Contained, &Condition{
				DomainResource: DomainResource{ID: id},
				Code:           ConceptOf(c),
				Subject:        w.plan.Subject,
			})
		}
		refs = append(refs, Reference{Reference: "#" + id})
	}
	return refs
}

func (w *planWriter) team(id string, t careplan.CareTeam) *CareTeam {
	ct := &CareTeam{DomainResource: DomainResource{ID: id}, Status: string(t.Status), Subject: w.plan.Subject}
	ct.Extension = historyExtensions(t.History)
	for _, p := range t.Participants {
		var x CareTeamParticipant
		if !p.Role.IsZero() {
			x.Role = []CodeableConcept{ConceptOf(p.Role)}
		}
		if p.Member.Kind == carecoord.ActorDevice {
			x.Extension = []Extension{referenceExtension(ExtensionTeamMember, referenceOf(p.Member))}
		} else {
			x.Member = referenceOf(p.Member)
		}
		x.OnBehalfOf = referenceOf(p.OnBehalfOf)
		x.Period = periodOf(p.Period)
		ct.Participant = append(ct.Participant, x)
	}
	return ct
}

func (w *planWriter) goal(g careplan.Goal) *Goal {
	x := &Goal{
		DomainResource:    DomainResource{ID: g.ID, Extension: historyExtensions(g.History)},
		LifecycleStatus:   string(g.Lifecycle),
		AchievementStatus: ConceptOf(g.Achievement.Coding()),
		Priority:          ConceptOf(g.Priority.Coding()),
		Description:       ConceptOf(g.Description),
		Subject:           w.plan.Subject,
	}
	x.Description.Text = g.Text
	for _, t := range g.Targets {
		x.Target = append(x.Target, targetOf(t))
	}
	x.Addresses = w.conditions(g.Addresses)
	return x
}

// targetOf writes one bound as a detailQuantity with its comparator, two as a detailRange
// (equal bounds included: an exact value).
func targetOf(t careplan.Target) GoalTarget {
	gt := GoalTarget{Measure: ConceptOf(t.Measure), DueDate: DateOf(t.Due)}
	switch {
	case t.Low.Valid && t.High.Valid:
		gt.DetailRange = &Range{Low: quantityOf(t.Low.Decimal, t.Unit), High: quantityOf(t.High.Decimal, t.Unit)}
		if t.LowExclusive {
			gt.ModifierExtension = append(gt.ModifierExtension, codeExtension(ExtensionTargetExclusive, "low"))
		}
		if t.HighExclusive {
			gt.ModifierExtension = append(gt.ModifierExtension, codeExtension(ExtensionTargetExclusive, "high"))
		}
	case t.High.Valid:
		q := quantityOf(t.High.Decimal, t.Unit)
		q.Comparator = "<="
		if t.HighExclusive {
			q.Comparator = "<"
		}
		gt.DetailQuantity = &q
	case t.Low.Valid:
		q := quantityOf(t.Low.Decimal, t.Unit)
		q.Comparator = ">="
		if t.LowExclusive {
			q.Comparator = ">"
		}
		gt.DetailQuantity = &q
	}
	return gt
}

// quantityOf returns v in unit: the unit for people, and as a UCUM code when it has the
// syntax of one.
func quantityOf(v decimal.Decimal, unit string) Quantity {
	q := Quantity{Value: decimal.NewNullDecimal(v), Unit: unit}
	if carecoord.ValidCode(unit) {
		q.System, q.Code = carecoord.SystemUCUM, unit
	}
	return q
}

func activityOf(a careplan.Activity) CarePlanActivity {
	det := &CarePlanActivityDetail{
		Kind:        a.Kind.FHIRResourceType(),
		Code:        ConceptOf(a.Code),
		Status:      string(a.Status),
		Description: a.Description,
	}
	det.Primitives = []PrimitiveExtension{{Name: "kind", Elements: []*PrimitiveElement{{
		Extension: []Extension{codeExtension(ExtensionActivityKind, string(a.Kind))},
	}}}}
	for _, g := range a.Goals {
		det.Goal = append(det.Goal, Reference{Reference: "#" + g})
	}
	if n := len(a.Schedules); n > 0 {
		last := timingOf(a.Schedules[n-1])
		det.ScheduledTiming = &last
		for _, v := range a.Schedules[:n-1] {
			t := timingOf(v)
			det.Extension = append(det.Extension, valueExtension(ExtensionEarlierSchedule, "Timing", &t))
		}
	}
	if !a.Performer.IsZero() {
		det.Performer = []Reference{referenceOf(a.Performer)}
	}
	if a.Link != "" {
		det.Extension = append(det.Extension, referenceExtension(ExtensionActivityLink, Reference{Reference: a.Link}))
	}
	if a.CountsTowardAdherence {
		det.Extension = append(det.Extension, Extension{URL: ExtensionCountsTowardAdherence, ValueType: "Boolean", Value: []byte("true")})
	}
	det.Extension = append(det.Extension, historyExtensions(a.History)...)
	act := CarePlanActivity{Detail: det}
	act.ID = a.ID
	for _, o := range a.Outcomes {
		act.Extension = append(act.Extension, outcomeExtension(o))
	}
	return act
}

// timingOf writes one schedule version as a Timing (see [CarePlanOf]).
func timingOf(v careplan.ScheduleVersion) Timing {
	s := v.Schedule
	var t Timing
	r := &t.Repeat
	r.BoundsPeriod.Start = DateTime(DateOf(s.Start))
	if s.Every == 0 {
		r.BoundsPeriod.End = r.BoundsPeriod.Start
	} else {
		r.BoundsPeriod.End = DateTime(DateOf(s.End))
		if s.Count > 0 {
			c := int64(s.Count)
			r.Count = &c
		}
		f := int64(occurrencesPerPeriod(s.Unit, len(s.Weekdays), len(s.Times)))
		r.Frequency = &f
		r.Period = decimal.NewNullDecimal(decimal.NewFromInt(int64(s.Every)))
		r.PeriodUnit = s.Unit.FHIRUnit()
	}
	for _, wd := range s.Weekdays {
		r.DayOfWeek = append(r.DayOfWeek, dayCodes[3*wd:3*wd+3])
	}
	for _, tm := range s.Times {
		r.TimeOfDay = append(r.TimeOfDay, Time(tm.String()+":00"))
	}
	var parts []Extension
	if v.From != s.Start {
		parts = append(parts, Extension{URL: "from", ValueType: "Date", Value: jsonString(v.From.String())})
	}
	if !v.At.IsZero() {
		parts = append(parts, Extension{URL: "at", ValueType: "DateTime", Value: jsonString(string(DateTimeOf(v.At)))})
	}
	if !v.By.IsZero() {
		parts = append(parts, referenceExtension("by", referenceOf(v.By)))
	}
	if len(parts) > 0 {
		t.Extension = []Extension{{URL: ExtensionScheduleVersion, Extension: parts}}
	}
	return t
}

// occurrencesPerPeriod is Timing.repeat.frequency for a schedule: each day it falls on has one
// occurrence per time of day (one when it has none), and a weekly period has one day per weekday
// (Start's alone when none is given).
func occurrencesPerPeriod(unit careplan.Frequency, weekdays, times int) int {
	n := max(1, times)
	if unit == careplan.Weekly {
		n *= max(1, weekdays)
	}
	return n
}

func outcomeExtension(o careplan.Outcome) Extension {
	parts := []Extension{{URL: "date", ValueType: "Date", Value: jsonString(o.Occurrence.Date.String())}}
	if o.Occurrence.Timed {
		parts = append(parts, Extension{URL: "time", ValueType: "Time", Value: jsonString(o.Occurrence.Time.String() + ":00")})
	}
	parts = append(parts,
		codeExtension("status", string(o.Status)),
		Extension{URL: "at", ValueType: "DateTime", Value: jsonString(string(DateTimeOf(o.At)))},
		referenceExtension("by", referenceOf(o.By)))
	if o.Value.Valid {
		q := quantityOf(o.Value.Decimal, o.Unit)
		parts = append(parts, valueExtension("value", "Quantity", &q))
	}
	if !o.Reason.IsZero() {
		c := CodingOf(o.Reason)
		parts = append(parts, valueExtension("reason", "Coding", &c))
	}
	return Extension{URL: ExtensionActivityOutcome, Extension: parts}
}

// historyExtensions writes a status history as one [ExtensionStatusHistory] per move.
func historyExtensions(h []carecoord.Transition) []Extension {
	var out []Extension
	for _, t := range h {
		var parts []Extension
		if t.From != "" {
			parts = append(parts, codeExtension("from", t.From))
		}
		parts = append(parts,
			codeExtension("to", t.To),
			Extension{URL: "at", ValueType: "DateTime", Value: jsonString(string(DateTimeOf(t.At)))},
			referenceExtension("by", referenceOf(t.By)))
		if !t.Reason.IsZero() {
			c := CodingOf(t.Reason)
			parts = append(parts, valueExtension("reason", "Coding", &c))
		}
		out = append(out, Extension{URL: ExtensionStatusHistory, Extension: parts})
	}
	return out
}

func periodOf(p civil.Period) Period {
	return Period{Start: DateTime(DateOf(p.Start)), End: DateTime(DateOf(p.End))}
}

func teamIsZero(t careplan.CareTeam) bool {
	return t.Status == "" && len(t.Participants) == 0 && len(t.History) == 0
}

// codeExtension returns an extension whose value is the code v.
func codeExtension(url, v string) Extension {
	return Extension{URL: url, ValueType: "Code", Value: jsonString(v)}
}

// valueExtension returns an extension whose value is v, of FHIR type typ.
func valueExtension(url, typ string, v encodable) Extension {
	var e encoder
	e.body(v)
	return Extension{URL: url, ValueType: typ, Value: e.buf}
}
