package fhir

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/careplan"
	"github.com/carecoord/carecoord/civil"
)

// PlanFromCarePlan reads a careplan.CarePlan from a CarePlan written by [CarePlanOf] or by
// another system. The care team, goals and addressed Conditions are read from the resources the
// CarePlan contains (read a Bundle with [Import] to resolve references to its other entries);
// a reference that resolves to nothing is reported as unresolved and left out.
//
// What the CarePlan does not give is derived and reported as an [IssueAssumed]: an activity's
// careplan kind from detail.kind (Appointment, MedicationRequest, CommunicationRequest and
// NutritionOrder name one; ServiceRequest is taken as a procedure, the others as a task); an
// activity given by reference only, its kind from the referenced type and its status unknown;
// an activity or a goal with no usable id, one from its position; a care team with members but
// no status, active; a daily Timing on given days of the week (period 1 d with dayOfWeek),
// weekly on those days; a date given with a time, the day it was written on. What it gives
// that the plan has no place for is reported as an Issue: every coding of a CodeableConcept
// but the first, text beside a coding, a target whose detail is not a quantity or range,
// extensions carecoord does not know.
//
// The error matches carecoord.ErrInvalid: a modifier extension (FHIR R4 §2.4.1.1) other than
// carecoord's own [ExtensionTargetExclusive], an activity not to be performed (doNotPerform),
// an activity with both a reference and a detail (cpl-3), a subject that is not a Patient, a
// goal or team of another patient, a Timing carecoord cannot keep (a unit below a day, a
// fractional period, more occurrences per period than its days and times give, seconds in a
// time of day), a malformed carecoord extension, or a plan that is not valid
// ([careplan.CarePlan.Validate], paths prefixed "CarePlan").
func PlanFromCarePlan(cp *CarePlan) (careplan.CarePlan, []Issue, error) {
	m := mapping{path: "CarePlan"}
	p := m.plan(cp)
	return p, m.issues, m.errs.Err()
}

// A planReader reads one CarePlan and the resources it refers to, keeping track of which of them
// it has used, so that a contained resource nothing refers to is reported.
type planReader struct {
	plan    *CarePlan
	path    string // the plan's
	patient string
	used    []Resource
	// goals are the goals read, with the ids the plan knows them by.
	goals []goalRead
}

type goalRead struct {
	res Resource
	id  string
}

func (m *mapping) plan(cp *CarePlan) careplan.CarePlan {
	r := planReader{plan: cp, path: m.path}
	m.modifiers(cp.ModifierExtension, "modifierExtension")
	m.companions(&cp.Extras, "")
	p := careplan.CarePlan{Meta: m.meta(&cp.DomainResource)}
	r.patient = m.target(cp.Subject, "subject", "Patient")
	p.Patient = carecoord.PatientID(r.patient)
	p.Status = careplan.Status(cp.Status)
	p.Intent = careplan.Intent(cp.Intent)
	p.Title = cp.Title
	for i, c := range cp.Category {
		p.Categories = append(p.Categories, m.coding(c, ".category["+strconv.Itoa(i)+"]"))
	}
	p.Period = m.days(cp.Period, ".period")
	p.Coordinator = m.actor(cp.Author, "author")
	for i, ref := range cp.CareTeam {
		path := ".careTeam[" + strconv.Itoa(i) + "]"
		t, _ := m.resolve(&cp.DomainResource, ref.Reference).(*CareTeam)
		switch {
		case i > 0:
			m.issue(path, IssueNotMapped, "is a second care team; carecoord keeps one per plan")
		case t == nil:
			m.issue(path, IssueUnresolvedReference, "does not refer to a CareTeam in the resource or its bundle")
		default:
			r.used = append(r.used, t)
			tm := m.sub(m.locate(m.path, &cp.DomainResource, ref.Reference, t))
			p.Team = r.team(tm, t)
			m.merge(tm)
		}
	}
	p.Addresses = r.conditions(m, &cp.DomainResource, cp.Addresses, ".addresses")
	p.Goals = r.readGoals(m)
	for i := range cp.Activity {
		if a, ok := r.activity(m, &cp.Activity[i], i); ok {
			p.Activities = append(p.Activities, a)
		}
	}
	p.History = m.history(cp.Extension, ".extension", nil)
	for i, c := range cp.Contained {
		if !slices.Contains(r.used, c) {
			m.issue(".contained["+strconv.Itoa(i)+"]", IssueNotMappedResource, "is a contained resource no mapped element refers to")
		}
	}
	if len(m.errs) == 0 {
		m.errs.Nest(m.path, p.Validate())
	}
	return p
}

// sub returns a mapping for a resource the plan refers to, at path; [mapping.merge] adds what
// it found to m's.
func (m *mapping) sub(path string) *mapping {
	return &mapping{path: path, bundle: m.bundle}
}

// merge adds the problems and issues of s, a sub-mapping, to m's.
func (m *mapping) merge(s *mapping) {
	m.errs = append(m.errs, s.errs...)
	m.issues = append(m.issues, s.issues...)
}

// subject checks that a goal's or team's subject, when given, is the plan's patient.
func (r *planReader) subject(m *mapping, ref Reference) {
	if ref.Reference == "" && ref.Display == "" {
		return
	}
	if id := m.target(ref, "subject", "Patient"); id != "" && id != r.patient {
		m.errs.Add(carecoord.Invalid(m.path+".subject", "must be the care plan's patient"))
	}
}

// readGoals reads the goals the plan refers to, in order.
func (r *planReader) readGoals(m *mapping) []careplan.Goal {
	var out []careplan.Goal
	for i, ref := range r.plan.Goal {
		path := ".goal[" + strconv.Itoa(i) + "]"
		g, _ := m.resolve(&r.plan.DomainResource, ref.Reference).(*Goal)
		switch {
		case g == nil:
			m.issue(path, IssueUnresolvedReference, "does not refer to a Goal in the resource or its bundle")
			continue
		case slices.Contains(r.used, Resource(g)):
			m.issue(path, IssueNotMapped, "refers again to a goal the plan already has")
			continue
		}
		r.used = append(r.used, g)
		id := g.ID
		if id == "" {
			id = "goal-" + strconv.Itoa(i+1)
			m.issue(path, IssueAssumed, "refers to a Goal with no id: the goal's id is its position")
		}
		r.goals = append(r.goals, goalRead{res: g, id: id})
		container := &g.DomainResource
		if slices.Contains(r.plan.Contained, Resource(g)) {
			container = &r.plan.DomainResource
		}
		gm := m.sub(m.locate(r.path, &r.plan.DomainResource, ref.Reference, g))
		out = append(out, r.goal(gm, g, id, container))
		m.merge(gm)
	}
	return out
}

// goal reads one goal; references in it resolve against container (the plan, for a contained
// goal).
func (r *planReader) goal(m *mapping, g *Goal, id string, container *DomainResource) careplan.Goal {
	m.modifiers(g.ModifierExtension, "modifierExtension")
	m.referredMeta(&g.DomainResource)
	m.companions(&g.Extras, "")
	r.subject(m, g.Subject)
	out := careplan.Goal{ID: id, Lifecycle: careplan.GoalStatus(g.LifecycleStatus)}
	out.Achievement = careplan.Achievement(m.systemCode(g.AchievementStatus, systemGoalAchievement, ".achievementStatus"))
	out.Priority = careplan.Priority(m.systemCode(g.Priority, systemGoalPriority, ".priority"))
	out.Description, _ = g.Description.First("")
	if len(g.Description.Coding) > 1 {
		m.issue(".description.coding", IssueNotMapped, "has codings beyond the first; carecoord keeps one")
	}
	out.Text = g.Description.Text
	for i := range g.Target {
		if t, ok := m.goalTarget(&g.Target[i], ".target["+strconv.Itoa(i)+"]"); ok {
			out.Targets = append(out.Targets, t)
		}
	}
	out.Addresses = r.conditions(m, container, g.Addresses, ".addresses")
	out.History = m.history(g.Extension, ".extension", nil)
	return out
}

// goalTarget reads one goal target; ok is false when it has no quantity or range to keep.
func (m *mapping) goalTarget(t *GoalTarget, rel string) (careplan.Target, bool) {
	var out careplan.Target
	for i, x := range t.ModifierExtension {
		v, _ := x.String()
		switch {
		case x.URL == ExtensionTargetExclusive && v == "low" && t.DetailRange != nil:
			out.LowExclusive = true
		case x.URL == ExtensionTargetExclusive && v == "high" && t.DetailRange != nil:
			out.HighExclusive = true
		default:
			m.errs.Add(carecoord.NotSupported[string](m.path + rel + ".modifierExtension[" + strconv.Itoa(i) + "]"))
		}
	}
	out.Measure = m.coding(t.Measure, rel+".measure")
	if t.DueDate != "" {
		d, ok := t.DueDate.Day()
		if !ok {
			m.errs.Add(carecoord.Invalid(m.path+rel+".dueDate", "must be a full date"))
		}
		out.Due = d
	}
	switch {
	case t.DetailQuantity != nil:
		v, unit := m.quantity(t.DetailQuantity, rel+".detailQuantity")
		out.Unit = unit
		switch t.DetailQuantity.Comparator {
		case "<":
			out.High, out.HighExclusive = v, true
		case "<=":
			out.High = v
		case ">":
			out.Low, out.LowExclusive = v, true
		case ">=":
			out.Low = v
		case "":
			out.Low, out.High = v, v
		default:
			m.errs.Add(carecoord.NotSupported(m.path+rel+".detailQuantity.comparator", "<", "<=", ">=", ">"))
		}
	case t.DetailRange != nil:
		units := [2]string{}
		for i, b := range [2]struct {
			q    *Quantity
			v    *decimal.NullDecimal
			name string
		}{{&t.DetailRange.Low, &out.Low, ".detailRange.low"}, {&t.DetailRange.High, &out.High, ".detailRange.high"}} {
			if b.q.Comparator != "" {
				m.errs.Add(carecoord.NotAllowed(m.path+rel+b.name+".comparator", "must not be set: a range bound is a SimpleQuantity (sqty-1)"))
			}
			if b.q.Value.Valid || b.q.Unit != "" || b.q.Code != "" {
				*b.v, units[i] = m.quantity(b.q, rel+b.name)
			}
		}
		out.Unit = units[0]
		switch {
		case units[0] == "":
			out.Unit = units[1]
		case units[1] != "" && units[1] != units[0]:
			m.errs.Add(carecoord.Invalid(m.path+rel+".detailRange.high", "must be in the unit of low: carecoord never converts units"))
		}
	default:
		m.issue(rel, IssueNotMapped, "has no detailQuantity or detailRange; carecoord keeps measurable targets only")
		return careplan.Target{}, false
	}
	return out, true
}

// quantity reads a quantity's value and its UCUM unit: the code, or the unit text when there
// is no UCUM code (reported).
func (m *mapping) quantity(q *Quantity, rel string) (decimal.NullDecimal, string) {
	if !q.Value.Valid {
		m.errs.Add(carecoord.Required(m.path+rel+".value", "must be given"))
	}
	switch {
	case q.System == carecoord.SystemUCUM && q.Code != "":
		return q.Value, q.Code
	case q.Unit != "":
		m.issue(rel, IssueAssumed, "has no UCUM code: the unit text is taken as the unit")
		return q.Value, q.Unit
	}
	m.errs.Add(carecoord.Required(m.path+rel+".code", "must give the unit as a UCUM code"))
	return q.Value, ""
}

// team reads the care team.
func (r *planReader) team(m *mapping, t *CareTeam) careplan.CareTeam {
	m.modifiers(t.ModifierExtension, "modifierExtension")
	m.referredMeta(&t.DomainResource)
	m.companions(&t.Extras, "")
	r.subject(m, t.Subject)
	out := careplan.CareTeam{Status: careplan.TeamStatus(t.Status)}
	for i, p := range t.Participant {
		rel := "participant[" + strconv.Itoa(i) + "]"
		m.modifiers(p.ModifierExtension, rel+".modifierExtension")
		var x careplan.Participant
		for j, role := range p.Role {
			if j > 0 {
				m.issue("."+rel+".role["+strconv.Itoa(j)+"]", IssueNotMapped, "is a second role; carecoord keeps one")
				continue
			}
			x.Role = m.coding(role, "."+rel+".role[0]")
		}
		x.Member = m.actor(p.Member, rel+".member")
		for j, e := range p.Extension {
			at := rel + ".extension[" + strconv.Itoa(j) + "]"
			if ref, ok := e.Reference(); ok && e.URL == ExtensionTeamMember && x.Member.IsZero() {
				x.Member = m.actor(ref, at+".valueReference")
				continue
			}
			m.issue("."+at, IssueNotMapped, "is an extension carecoord does not map")
		}
		x.OnBehalfOf = m.actor(p.OnBehalfOf, rel+".onBehalfOf")
		x.Period = m.days(p.Period, "."+rel+".period")
		out.Participants = append(out.Participants, x)
	}
	out.History = m.history(t.Extension, ".extension", nil)
	if out.Status == "" && len(out.Participants) > 0 {
		out.Status = careplan.TeamActive
		m.issue(".status", IssueAssumed, "is not given for a team with members: taken as active")
	}
	return out
}

// conditions reads the codings of the Conditions refs name, resolved against container.
func (r *planReader) conditions(m *mapping, container *DomainResource, refs []Reference, rel string) []carecoord.Coding {
	var out []carecoord.Coding
	for i, ref := range refs {
		path := rel + "[" + strconv.Itoa(i) + "]"
		cond, _ := m.resolve(container, ref.Reference).(*Condition)
		if cond == nil {
			m.issue(path, IssueUnresolvedReference, "does not refer to a Condition in the resource or its bundle")
			continue
		}
		if !slices.Contains(r.used, Resource(cond)) {
			r.used = append(r.used, cond)
		}
		at := m.path
		if container == &r.plan.DomainResource {
			at = r.path
		}
		if !m.condition(cond, m.locate(at, container, ref.Reference, cond), path) {
			continue
		}
		c, ok := cond.Code.First("")
		if !ok {
			m.issue(path, IssueUnsupportedValue, "refers to a Condition with no coded code")
			continue
		}
		if len(cond.Code.Coding) > 1 || cond.Code.Text != "" || len(cond.Category) > 0 || len(cond.ClinicalStatus.Coding) > 0 {
			m.issue(path, IssueNotMapped, "refers to a Condition that says more than one code; carecoord keeps its first coding")
		}
		out = append(out, c)
	}
	return out
}

// activity reads the i-th activity of the plan; ok is false when there is nothing to keep.
func (r *planReader) activity(m *mapping, act *CarePlanActivity, i int) (careplan.Activity, bool) {
	rel := ".activity[" + strconv.Itoa(i) + "]"
	m.modifiers(act.ModifierExtension, rel[1:]+".modifierExtension")
	a := careplan.Activity{ID: act.ID}
	if !carecoord.ValidID(a.ID) {
		a.ID = "activity-" + strconv.Itoa(i+1)
		m.issue(rel, IssueAssumed, "has no id that is a FHIR id: the activity's id is its position")
	}
	for j, x := range act.Extension {
		if x.URL == ExtensionActivityOutcome {
			a.Outcomes = append(a.Outcomes, m.outcome(x, rel+".extension["+strconv.Itoa(j)+"]"))
			continue
		}
		m.issue(rel+".extension["+strconv.Itoa(j)+"]", IssueNotMapped, "is an extension carecoord does not map")
	}
	det := act.Detail
	switch {
	case det != nil && act.Reference.Reference != "":
		m.errs.Add(carecoord.Invalid(m.path+rel, "must give a reference or a detail, not both (cpl-3)"))
		return a, false
	case det == nil && act.Reference.Reference == "":
		m.errs.Add(carecoord.Required(m.path+rel+".detail", "must say what the activity is"))
		return a, false
	case det == nil:
		t, _, ok := act.Reference.Target()
		if !ok {
			m.errs.Add(carecoord.Invalid(m.path+rel+".reference", "must be a reference of the form Type/id"))
		}
		a.Link, a.Kind, a.Status = act.Reference.Reference, kindOfResourceType(t), careplan.ActivityUnknown
		m.issue(rel+".reference", IssueAssumed, "gives the activity: its kind from the type referred to, its status unknown")
		return a, true
	}
	rel += ".detail"
	m.modifiers(det.ModifierExtension, rel[1:]+".modifierExtension")
	if det.DoNotPerform != nil && *det.DoNotPerform {
		m.errs.Add(carecoord.NotSupported(m.path+rel+".doNotPerform", "false"))
	}
	a.Kind = m.activityKind(det, rel)
	m.companions(&det.Extras, rel, "kind")
	if len(det.Code.Coding) > 0 || det.Code.Text != "" {
		a.Code = m.coding(det.Code, rel+".code")
	}
	a.Status = careplan.ActivityStatus(det.Status)
	for j, ref := range det.Performer {
		if j > 0 {
			m.issue(rel+".performer["+strconv.Itoa(j)+"]", IssueNotMapped, "is a second performer; carecoord keeps one")
			continue
		}
		a.Performer = m.actor(ref, rel[1:]+".performer[0]")
	}
	for j, ref := range det.Goal {
		res := m.resolve(&r.plan.DomainResource, ref.Reference)
		k := slices.IndexFunc(r.goals, func(g goalRead) bool { return res != nil && g.res == res })
		if k < 0 {
			m.issue(rel+".goal["+strconv.Itoa(j)+"]", IssueUnresolvedReference, "does not refer to one of the plan's goals")
			continue
		}
		a.Goals = append(a.Goals, r.goals[k].id)
	}
	a.Description = det.Description
	var earlier careplan.Schedules
	a.History = m.history(det.Extension, rel+".extension", func(at string, x Extension) bool {
		switch x.URL {
		case ExtensionEarlierSchedule:
			t, ok := extensionValue[Timing](x, "Timing")
			if !ok {
				m.errs.Add(carecoord.Invalid(m.path+at, "must hold a Timing"))
				return true
			}
			if v, ok := m.schedule(&t, at+".valueTiming"); ok {
				earlier = append(earlier, v)
			}
		case ExtensionActivityLink:
			ref, ok := x.Reference()
			if !ok {
				m.errs.Add(carecoord.Invalid(m.path+at, "must hold a Reference"))
			}
			a.Link = ref.Reference
		case ExtensionCountsTowardAdherence:
			b, ok := x.boolean()
			if !ok {
				m.errs.Add(carecoord.Invalid(m.path+at, "must hold a boolean"))
			}
			a.CountsTowardAdherence = b
		default:
			return false
		}
		return true
	})
	if det.ScheduledTiming != nil {
		if v, ok := m.schedule(det.ScheduledTiming, rel+".scheduledTiming"); ok {
			a.Schedules = append(earlier, v)
		}
	} else if len(earlier) > 0 {
		m.errs.Add(carecoord.Required(m.path+rel+".scheduledTiming", "must give the latest schedule when earlier ones are given"))
	}
	return a, true
}

// activityKind reads the carecoord kind on detail._kind, or derives it from detail.kind.
func (m *mapping) activityKind(det *CarePlanActivityDetail, rel string) careplan.ActivityKind {
	for _, p := range det.Primitives {
		if p.Name != "kind" || p.List || len(p.Elements) != 1 || p.Elements[0] == nil {
			continue
		}
		for j, x := range p.Elements[0].Extension {
			v, ok := x.String()
			if x.URL != ExtensionActivityKind || !ok {
				m.issue(rel+"._kind.extension["+strconv.Itoa(j)+"]", IssueNotMapped, "is an extension carecoord does not map")
				continue
			}
			k := careplan.ActivityKind(v)
			if det.Kind != "" && k.FHIRResourceType() != det.Kind {
				m.errs.Add(carecoord.Invalid(m.path+rel+".kind", "must be the resource type of the carecoord activity kind on it"))
			}
			return k
		}
	}
	k := kindOfResourceType(det.Kind)
	m.issue(rel+".kind", IssueAssumed, "gives the activity kind: no carecoord kind on it")
	return k
}

// kindOfResourceType returns the activity kind a FHIR request resource type carries out: a
// ServiceRequest is taken as a procedure, and a type with no kind of its own as a task.
func kindOfResourceType(t string) careplan.ActivityKind {
	switch t {
	case "Appointment":
		return careplan.KindAppointment
	case "MedicationRequest":
		return careplan.KindMedication
	case "CommunicationRequest":
		return careplan.KindCommunication
	case "NutritionOrder":
		return careplan.KindNutrition
	case "ServiceRequest":
		return careplan.KindProcedure
	}
	return careplan.KindTask
}

// schedule reads one schedule version from a Timing (see [CarePlanOf]); ok is false when it
// cannot.
func (m *mapping) schedule(t *Timing, rel string) (careplan.ScheduleVersion, bool) {
	m.modifiers(t.ModifierExtension, strings.TrimPrefix(rel, ".")+".modifierExtension")
	base := rel
	rp := &t.Repeat
	rel += ".repeat"
	m.companions(&rp.Extras, rel)
	var s careplan.Schedule
	if rp.BoundsPeriod.Start == "" {
		m.errs.Add(carecoord.Required(m.path+rel+".boundsPeriod.start", "must give the first day of the schedule"))
		return careplan.ScheduleVersion{}, false
	}
	s.Start = m.day(rp.BoundsPeriod.Start, rel+".boundsPeriod.start")
	var end civil.Date
	if rp.BoundsPeriod.End != "" {
		end = m.day(rp.BoundsPeriod.End, rel+".boundsPeriod.end")
	}
	for i, c := range rp.DayOfWeek {
		k := strings.Index(dayCodes, c)
		if len(c) != 3 || k%3 != 0 {
			m.errs.Add(carecoord.NotSupported(m.path+rel+".dayOfWeek["+strconv.Itoa(i)+"]", "mon", "tue", "wed", "thu", "fri", "sat", "sun"))
			continue
		}
		s.Weekdays = append(s.Weekdays, time.Weekday(k/3))
	}
	for i, tm := range rp.TimeOfDay {
		v, ok := minuteTime(string(tm))
		if !ok {
			m.errs.Add(carecoord.Invalid(m.path+rel+".timeOfDay["+strconv.Itoa(i)+"]", minuteRule))
			continue
		}
		s.Times = append(s.Times, v)
	}
	if !rp.Period.Valid && rp.PeriodUnit == "" {
		// A one-off, on its start day.
		switch {
		case !end.IsZero() && end != s.Start:
			m.errs.Add(carecoord.Invalid(m.path+rel+".boundsPeriod.end", "must be the start day when the timing does not repeat (no period)"))
		case rp.Count != nil || rp.Frequency != nil || len(rp.DayOfWeek) > 0:
			m.errs.Add(carecoord.Required(m.path+rel+".period", "must be given with count, frequency or dayOfWeek"))
		}
	} else {
		s.End, s.Count = end, int(ptrOr(rp.Count))
		s.Every, s.Unit = m.every(rp, rel)
		if f := rp.Frequency; f != nil && *f != int64(occurrencesPerPeriod(s.Unit, len(s.Weekdays), len(s.Times))) {
			m.errs.Add(carecoord.Invalid(m.path+rel+".frequency", "must be the number of occurrences in each period that dayOfWeek and timeOfDay give: carecoord keeps no untimed repeats within a day"))
		}
		if s.Unit == careplan.Daily && s.Every == 1 && len(s.Weekdays) > 0 {
			s.Unit = careplan.Weekly
			m.issue(rel+".dayOfWeek", IssueAssumed, "limits a daily timing to days of the week: read as weekly on those days")
		}
	}
	v := careplan.ScheduleVersion{From: s.Start, Schedule: s}
	for i, x := range t.Extension {
		at := base + ".extension[" + strconv.Itoa(i) + "]"
		if x.URL != ExtensionScheduleVersion {
			m.issue(at, IssueNotMapped, "is an extension carecoord does not map")
			continue
		}
		p := m.parts(x, at, "from", "at", "by")
		if d, ok := p.date("from", false); ok {
			v.From = d
		}
		v.At = p.instant("at", false)
		v.By = p.actor("by", false)
	}
	return v, true
}

// every reads Timing.repeat.period and periodUnit as an interval of days, weeks or months.
func (m *mapping) every(rp *TimingRepeat, rel string) (int, careplan.Frequency) {
	var unit careplan.Frequency
	switch rp.PeriodUnit {
	case "d":
		unit = careplan.Daily
	case "wk":
		unit = careplan.Weekly
	case "mo":
		unit = careplan.Monthly
	default:
		m.errs.Add(carecoord.NotSupported(m.path+rel+".periodUnit", "d", "wk", "mo"))
	}
	p := rp.Period.Decimal
	if !rp.Period.Valid || !p.IsInteger() || p.Cmp(decimal.NewFromInt(1)) < 0 || p.Cmp(decimal.NewFromInt(1000)) > 0 {
		m.errs.Add(carecoord.Invalid(m.path+rel+".period", "must be a whole number of periods from 1 to 1000"))
		return 0, unit
	}
	return int(p.IntPart()), unit
}

// minuteRule is the rule of [minuteTime], as stated in errors.
const minuteRule = "must be a time to the minute (hh:mm:00): carecoord keeps times of day to the minute"

// minuteTime reads a FHIR time with no seconds ("08:30:00") as a time of day.
func minuteTime(s string) (careplan.TimeOfDay, bool) {
	if len(s) != len("08:30:00") || s[5:] != ":00" {
		return careplan.TimeOfDay{}, false
	}
	t, err := careplan.ParseTimeOfDay(s[:5])
	return t, err == nil
}

func ptrOr(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// outcome reads one [ExtensionActivityOutcome].
func (m *mapping) outcome(x Extension, rel string) careplan.Outcome {
	p := m.parts(x, rel, "date", "time", "status", "at", "by", "value", "reason")
	var o careplan.Outcome
	o.Occurrence.Date, _ = p.date("date", true)
	if s, ok := p.text("time", "Time", false); ok {
		t, ok := minuteTime(s)
		if !ok {
			m.errs.Add(carecoord.Invalid(m.path+p.at("time")+".valueTime", minuteRule))
		}
		o.Occurrence.Time, o.Occurrence.Timed = t, true
	}
	s, _ := p.text("status", "Code", true)
	o.Status = careplan.OutcomeStatus(s)
	o.At = p.instant("at", true)
	o.By = p.actor("by", true)
	if i := p.index("value"); i >= 0 {
		q, ok := extensionValue[Quantity](x.Extension[i], "Quantity")
		if !ok {
			m.errs.Add(carecoord.Invalid(m.path+p.at("value"), "must hold a Quantity"))
		}
		o.Value, o.Unit = q.Value, q.Code
		if q.System != carecoord.SystemUCUM || q.Code == "" {
			o.Unit = q.Unit
		}
	}
	o.Reason = p.coding("reason")
	return o
}

// history reads the [ExtensionStatusHistory] entries of ext, in order. Every other extension
// goes to other (with its path), which reports whether it mapped it; those it did not are
// reported as not mapped.
func (m *mapping) history(ext []Extension, rel string, other func(at string, x Extension) bool) []carecoord.Transition {
	var out []carecoord.Transition
	for i, x := range ext {
		at := rel + "[" + strconv.Itoa(i) + "]"
		switch {
		case x.URL == ExtensionStatusHistory:
			out = append(out, m.transition(x, at))
		case other == nil || !other(at, x):
			m.issue(at, IssueNotMapped, "is an extension carecoord does not map")
		}
	}
	return out
}

// transition reads one [ExtensionStatusHistory]: its parts from (optional), to, at and by, and
// reason (optional).
func (m *mapping) transition(x Extension, rel string) carecoord.Transition {
	p := m.parts(x, rel, "from", "to", "at", "by", "reason")
	var t carecoord.Transition
	t.From, _ = p.text("from", "Code", false)
	t.To, _ = p.text("to", "Code", true)
	t.At = p.instant("at", true)
	t.By = p.actor("by", true)
	t.Reason = p.coding("reason")
	return t
}

// A partReader reads the parts (nested extensions) of one of carecoord's complex extensions.
type partReader struct {
	m     *mapping
	x     Extension
	rel   string
	names []string
	pos   []int // the position in x.Extension of each name's part, or -1
}

// parts reads the parts of x, each one of names and none twice, and returns a reader for them.
func (m *mapping) parts(x Extension, rel string, names ...string) partReader {
	p := partReader{m: m, x: x, rel: rel, names: names, pos: make([]int, len(names))}
	for i := range p.pos {
		p.pos[i] = -1
	}
	if x.ValueType != "" {
		m.errs.Add(carecoord.NotAllowed(m.path+rel+".value"+x.ValueType, "must not be set: the extension has parts"))
	}
	for i, part := range x.Extension {
		k := slices.Index(names, part.URL)
		switch {
		case k < 0:
			m.errs.Add(carecoord.NotSupported(m.path+rel+".extension["+strconv.Itoa(i)+"].url", names...))
		case p.pos[k] >= 0:
			m.errs.Add(carecoord.Duplicate(m.path+rel+".extension["+strconv.Itoa(i)+"]", "must not repeat a part of its extension"))
		default:
			p.pos[k] = i
		}
	}
	return p
}

// index returns the position of the named part in the extension, or -1.
func (p partReader) index(name string) int { return p.pos[slices.Index(p.names, name)] }

// at returns the relative path of the named part.
func (p partReader) at(name string) string {
	return p.rel + ".extension[" + strconv.Itoa(p.index(name)) + "]"
}

// find returns the named part, recording a problem when it is required and missing.
func (p partReader) find(name string, required bool) (Extension, bool) {
	i := p.index(name)
	if i < 0 {
		if required {
			p.m.errs.Add(carecoord.Required(p.m.path+p.rel+".extension", "must have the part "+name))
		}
		return Extension{}, false
	}
	return p.x.Extension[i], true
}

// text returns the named part's value, which must be of type typ and text.
func (p partReader) text(name, typ string, required bool) (string, bool) {
	x, ok := p.find(name, required)
	if !ok {
		return "", false
	}
	s, ok := x.String()
	if !ok || x.ValueType != typ {
		p.m.errs.Add(carecoord.Invalid(p.m.path+p.at(name), "must hold a value"+typ))
		return "", false
	}
	return s, true
}

func (p partReader) date(name string, required bool) (civil.Date, bool) {
	s, ok := p.text(name, "Date", required)
	if !ok {
		return civil.Date{}, false
	}
	d, err := civil.Parse(s)
	if err != nil {
		p.m.errs.Add(carecoord.Invalid(p.m.path+p.at(name)+".valueDate", "must be a full date"))
		return civil.Date{}, false
	}
	return d, true
}

func (p partReader) instant(name string, required bool) time.Time {
	s, ok := p.text(name, "DateTime", required)
	if !ok {
		return time.Time{}
	}
	t, ok := DateTime(s).Time()
	if !ok {
		p.m.errs.Add(carecoord.Invalid(p.m.path+p.at(name)+".valueDateTime", "must be a dateTime to the second with a zone"))
	}
	return t
}

func (p partReader) actor(name string, required bool) carecoord.Actor {
	x, ok := p.find(name, required)
	if !ok {
		return carecoord.Actor{}
	}
	ref, ok := x.Reference()
	if !ok {
		p.m.errs.Add(carecoord.Invalid(p.m.path+p.at(name), "must hold a valueReference"))
	}
	return p.m.actor(ref, strings.TrimPrefix(p.at(name), ".")+".valueReference")
}

func (p partReader) coding(name string) carecoord.Coding {
	x, ok := p.find(name, false)
	if !ok {
		return carecoord.Coding{}
	}
	c, ok := extensionValue[Coding](x, "Coding")
	if !ok {
		p.m.errs.Add(carecoord.Invalid(p.m.path+p.at(name), "must hold a valueCoding"))
	}
	return c.Carecoord()
}

// extensionValue returns the value of x, which must be of FHIR type typ.
func extensionValue[T any, P interface {
	*T
	object
}](x Extension, typ string) (T, bool) {
	var v T
	ok := x.value(typ, P(&v))
	return v, ok
}

// boolean returns the value of an extension whose value is a boolean.
func (x Extension) boolean() (bool, bool) {
	switch {
	case x.ValueType != "Boolean":
		return false, false
	case string(x.Value) == "true":
		return true, true
	}
	return false, string(x.Value) == "false"
}

// coding returns the first coding of cc, reporting what else it holds ([mapping.concept]).
func (m *mapping) coding(cc CodeableConcept, rel string) carecoord.Coding {
	c, _ := m.concept(cc, rel)
	return c
}

// systemCode returns the code of cc in system, reporting a concept given otherwise.
func (m *mapping) systemCode(cc CodeableConcept, system, rel string) string {
	if c, ok := cc.First(system); ok {
		if len(cc.Coding) > 1 || cc.Text != "" {
			m.issue(rel, IssueNotMapped, "says more than its "+system+" code; carecoord keeps that code")
		}
		return c.Code
	}
	if len(cc.Coding) > 0 || cc.Text != "" {
		m.issue(rel, IssueUnsupportedValue, "has no code of "+system+"; carecoord keeps that code system only")
	}
	return ""
}

// days reads a Period of days.
func (m *mapping) days(p Period, rel string) civil.Period {
	var out civil.Period
	if p.Start != "" {
		out.Start = m.day(p.Start, rel+".start")
	}
	if p.End != "" {
		out.End = m.day(p.End, rel+".end")
	}
	return out
}

// day reads a dateTime as a day: a dateTime with a time gives the day it falls on where it was
// written (reported).
func (m *mapping) day(t DateTime, rel string) civil.Date {
	d, ok := t.Day()
	switch {
	case !ok:
		m.errs.Add(carecoord.Invalid(m.path+rel, "must be a full date"))
	case len(t) > len("2006-01-02"):
		m.issue(rel, IssueAssumed, "gives a time: carecoord keeps the day it falls on where it was written")
	}
	return d
}

// companions reports the extensions on the primitive values of an object ("_status"), other
// than those of the elements in skip, which the caller reads.
func (m *mapping) companions(x *Extras, rel string, skip ...string) {
	for _, p := range x.Primitives {
		if !slices.Contains(skip, p.Name) {
			m.issue(rel+"._"+p.Name, IssueNotMapped, "is an extension of a primitive value; carecoord does not map it")
		}
	}
}

// referredMeta reports the meta of a resource read as part of another record (a plan's goal or
// team, a screening's member observation): its version, last update, profiles and meta
// extensions, which carecoord keeps only for the record.
func (m *mapping) referredMeta(r *DomainResource) {
	if r.Meta.VersionID != "" || r.Meta.LastUpdated != "" || len(r.Meta.Profile) > 0 || len(r.Meta.Extension) > 0 {
		m.issue(".meta", IssueNotMapped, "is the metadata of a resource carecoord keeps as part of another record (a care plan, a screening), which has its own")
	}
}
