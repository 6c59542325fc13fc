package careplan

import (
	"slices"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/shopspring/decimal"
)

// A CarePlan is one patient's plan of care, as in FHIR R4 CarePlan: what is wrong (the
// conditions and needs it addresses), what the patient and team are aiming for (goals), what
// will be done and when (activities and their schedules), who takes part (the care team), and
// who is responsible for keeping it together (the coordinator). It is a value: functions that
// change a plan return a new one and leave their input as it was.
//
// The zero CarePlan is not valid; [CarePlan.Validate] says why.
type CarePlan struct {
	carecoord.Meta
	// Patient is the patient the plan is for.
	Patient carecoord.PatientID `json:"patient"`
	// Status is where the plan is in its lifecycle; change it only with [Transition].
	Status Status `json:"status"`
	// Intent says whether the plan is a proposal, a plan, an order or an option.
	Intent Intent `json:"intent"`
	// Title is a short name for people, e.g. "Diabetes and heart failure plan". Optional.
	Title string `json:"title,omitempty"`
	// Categories classify the plan (FHIR CarePlan.category; example binding, SNOMED CT).
	Categories []carecoord.Coding `json:"categories,omitempty"`
	// Period is when the plan applies; optional (zero), and may be ongoing.
	Period civil.Period `json:"period,omitzero"`
	// Addresses are the conditions, problems and social needs the plan is for (a diagnosis
	// in ICD-10-CM or SNOMED CT, an SDOH need such as food insecurity).
	Addresses []carecoord.Coding `json:"addresses,omitempty"`
	// Coordinator is the named care coordinator responsible for the plan. A plan is valid
	// without one, but an active plan without one is a care gap ([GapNoCoordinator]).
	Coordinator carecoord.Actor `json:"coordinator,omitzero"`
	// Team is the care team across settings: primary care, specialists, hospital, home care
	// and community organisations.
	Team CareTeam `json:"team,omitzero"`
	// Goals are what the plan aims for; each has an id unique within the plan.
	Goals []Goal `json:"goals,omitempty"`
	// Activities are what will be done; each has an id unique within the plan.
	Activities []Activity `json:"activities,omitempty"`
	// History is every status change of the plan, oldest first.
	History []carecoord.Transition `json:"history,omitempty"`
}

// A Goal is an outcome the plan aims for, as in FHIR R4 Goal: "HbA1c below 8%", "walks 150
// minutes a week", "has a stable food source". Its lifecycle (is it being pursued) and its
// achievement (is it met) are separate fields, as in FHIR: a completed goal may be not-achieved.
//
// The zero Goal is not valid.
type Goal struct {
	// ID identifies the goal within its plan (FHIR id syntax).
	ID string `json:"id"`
	// Description codes the goal (e.g. SNOMED CT); Text describes it in words. At least one
	// is required.
	Description carecoord.Coding `json:"description,omitzero"`
	Text        string           `json:"text,omitempty"`
	// Lifecycle is whether the goal is being pursued; change it only with [TransitionGoal].
	Lifecycle GoalStatus `json:"lifecycle"`
	// Achievement is whether the goal is met, e.g. as set by [EvaluateTarget]. The zero
	// Achievement means "not assessed".
	Achievement Achievement `json:"achievement,omitempty"`
	// Priority is how much the goal matters, or zero when not set.
	Priority Priority `json:"priority,omitempty"`
	// Targets are the measurable targets and their due dates.
	Targets []Target `json:"targets,omitempty"`
	// Addresses are the conditions and needs this goal is for.
	Addresses []carecoord.Coding `json:"addresses,omitempty"`
	// History is every lifecycle change of the goal, oldest first.
	History []carecoord.Transition `json:"history,omitempty"`
}

// ActivityKind says what sort of thing an activity is. These are the library's tokens for the
// work of care coordination; [ActivityKind.FHIRResourceType] gives the FHIR R4
// care-plan-activity-kind resource type that would carry it. The zero ActivityKind is not valid.
type ActivityKind string

// The activity kinds.
const (
	KindAppointment   ActivityKind = "appointment"   // a visit: "cardiology follow-up within 14 days"
	KindMedication    ActivityKind = "medication"    // taking or giving a medication
	KindMonitoring    ActivityKind = "monitoring"    // a measurement: weekly blood pressure, daily weight
	KindEducation     ActivityKind = "education"     // teaching, e.g. insulin technique, red flags
	KindReferral      ActivityKind = "referral"      // a referral to a specialist or community service
	KindCommunication ActivityKind = "communication" // a call or message, e.g. the monthly coordinator call
	KindProcedure     ActivityKind = "procedure"     // a test or procedure to be done
	KindNutrition     ActivityKind = "nutrition"     // a diet or meal programme
	KindTask          ActivityKind = "task"          // any other task for the patient or team
)

// ActivityKinds returns every ActivityKind, in a new slice.
func ActivityKinds() []ActivityKind {
	return []ActivityKind{KindAppointment, KindMedication, KindMonitoring, KindEducation, KindReferral,
		KindCommunication, KindProcedure, KindNutrition, KindTask}
}

// IsValid reports whether k is one of [ActivityKinds].
func (k ActivityKind) IsValid() bool { return k.FHIRResourceType() != "" }

// FHIRResourceType returns the FHIR R4 care-plan-activity-kind resource type for k
// (Appointment, MedicationRequest, ServiceRequest, CommunicationRequest, NutritionOrder, Task),
// or "" for an invalid kind.
func (k ActivityKind) FHIRResourceType() string {
	switch k {
	case KindAppointment:
		return "Appointment"
	case KindMedication:
		return "MedicationRequest"
	case KindMonitoring, KindReferral, KindProcedure:
		return "ServiceRequest"
	case KindCommunication:
		return "CommunicationRequest"
	case KindNutrition:
		return "NutritionOrder"
	case KindEducation, KindTask:
		return "Task"
	}
	return ""
}

// An Activity is something the plan says will be done, when, by whom and for which goals, as
// in FHIR R4 CarePlan.activity.detail, with its schedule and the outcomes recorded against it.
//
// The zero Activity is not valid.
type Activity struct {
	// ID identifies the activity within its plan (FHIR id syntax).
	ID string `json:"id"`
	// Kind says what sort of activity this is.
	Kind ActivityKind `json:"kind"`
	// Code says what exactly is done (e.g. LOINC 85354-9 blood pressure panel); optional.
	Code carecoord.Coding `json:"code,omitzero"`
	// Description is a short text for people; optional.
	Description string `json:"description,omitempty"`
	// Status is where the activity is; change it only with [TransitionActivity].
	Status ActivityStatus `json:"status"`
	// Performer is who does it (the patient, a nurse, a community organisation). An activity
	// that is expected with no performer is a care gap ([GapNoPerformer]).
	Performer carecoord.Actor `json:"performer,omitzero"`
	// Goals are the ids of the plan's goals this activity serves.
	Goals []string `json:"goals,omitempty"`
	// Link points at a record kept elsewhere that carries out the activity, as a FHIR relative
	// reference "Type/id" (e.g. "ServiceRequest/ref-42" for a referral), without this package
	// importing the other. Optional.
	Link string `json:"link,omitempty"`
	// CountsTowardAdherence says whether the activity's occurrences count in adherence rates.
	// Set it for the activities the patient is asked to do (take, measure, attend).
	CountsTowardAdherence bool `json:"countsTowardAdherence,omitempty"`
	// Schedules says when the activity happens, version by version: a change from a date
	// leaves every earlier occurrence as it was. Empty for an unscheduled activity.
	Schedules Schedules `json:"schedules,omitempty"`
	// Outcomes are what happened at occurrences, ordered by occurrence and, for one
	// occurrence, in the order recorded (the last counts); [RecordOutcome] keeps that order,
	// which lets adherence and gaps find a window's outcomes by binary search.
	Outcomes []Outcome `json:"outcomes,omitempty"`
	// History is every status change of the activity, oldest first.
	History []carecoord.Transition `json:"history,omitempty"`
}

// OutcomeStatus says what happened at one occurrence of an activity. These are the library's
// tokens (FHIR R4 records activity outcomes as free CodeableConcepts). The zero OutcomeStatus is
// not valid.
type OutcomeStatus string

// The outcome statuses.
const (
	OutcomeCompleted OutcomeStatus = "completed" // it was done
	OutcomeMissed    OutcomeStatus = "missed"    // it did not happen; Reason says why
	OutcomeDeclined  OutcomeStatus = "declined"  // the patient chose not to; Reason says why
)

// OutcomeStatuses returns every OutcomeStatus, in a new slice.
func OutcomeStatuses() []OutcomeStatus {
	return []OutcomeStatus{OutcomeCompleted, OutcomeMissed, OutcomeDeclined}
}

// IsValid reports whether s is one of [OutcomeStatuses].
func (s OutcomeStatus) IsValid() bool {
	return s == OutcomeCompleted || s == OutcomeMissed || s == OutcomeDeclined
}

// An Outcome records what happened at one occurrence of an activity. It is attached to the
// occurrence by its date and time slot, never by its position in a list, so a later change of
// schedule can neither hide it nor move it to another occurrence.
//
// The zero Outcome is not valid.
type Outcome struct {
	// Occurrence is the occurrence it records: its day and, for a timed one, its time slot.
	Occurrence Occurrence `json:"occurrence"`
	// Status is what happened.
	Status OutcomeStatus `json:"status"`
	// At is when it was recorded (or done); By is who recorded it.
	At time.Time       `json:"at"`
	By carecoord.Actor `json:"by"`
	// Value and Unit are a measured result (e.g. 128 mm[Hg]), optional; both or neither.
	Value decimal.NullDecimal `json:"value,omitzero"`
	Unit  string              `json:"unit,omitempty"`
	// Reason codes why an occurrence was missed or declined; required for those.
	Reason carecoord.Coding `json:"reason,omitzero"`
}

// A CareTeam is the people and organisations who take part in the plan, as in FHIR R4
// CareTeam. The zero CareTeam has no members and no status; a plan may have no team.
type CareTeam struct {
	// Status is where the team is in its lifecycle; change it only with [TransitionTeam].
	Status TeamStatus `json:"status,omitempty"`
	// Participants are the members and their roles.
	Participants []Participant `json:"participants,omitempty"`
	// History is every status change of the team, oldest first.
	History []carecoord.Transition `json:"history,omitempty"`
}

// A Participant is one member of a care team in a role, for a period. The zero Participant
// names nobody and is not valid.
type Participant struct {
	// Member is the person or organisation.
	Member carecoord.Actor `json:"member"`
	// Role is their role in the team (FHIR CareTeam.participant.role: an example binding, so
	// any code system, e.g. SNOMED CT or the NUCC taxonomy). Optional.
	Role carecoord.Coding `json:"role,omitzero"`
	// OnBehalfOf is the organisation a practitioner acts for; FHIR invariant ctm-1 allows it
	// only when Member is a practitioner. Optional.
	OnBehalfOf carecoord.Actor `json:"onBehalfOf,omitzero"`
	// Period is when they take part; zero means "throughout".
	Period civil.Period `json:"period,omitzero"`
}

// Clone returns a deep copy of p: no slice is shared with p, so changing one never changes the
// other.
func (p CarePlan) Clone() CarePlan {
	p.Categories = slices.Clone(p.Categories)
	p.Addresses = slices.Clone(p.Addresses)
	p.Team = p.Team.clone()
	p.History = slices.Clone(p.History)
	if p.Goals != nil {
		goals := make([]Goal, len(p.Goals))
		for i, g := range p.Goals {
			goals[i] = g.clone()
		}
		p.Goals = goals
	}
	if p.Activities != nil {
		acts := make([]Activity, len(p.Activities))
		for i, a := range p.Activities {
			acts[i] = a.clone()
		}
		p.Activities = acts
	}
	return p
}

func (g Goal) clone() Goal {
	g.Targets = slices.Clone(g.Targets)
	g.Addresses = slices.Clone(g.Addresses)
	g.History = slices.Clone(g.History)
	return g
}

func (a Activity) clone() Activity {
	a.Goals = slices.Clone(a.Goals)
	a.Schedules = a.Schedules.clone()
	a.Outcomes = slices.Clone(a.Outcomes)
	a.History = slices.Clone(a.History)
	return a
}

func (t CareTeam) clone() CareTeam {
	t.Participants = slices.Clone(t.Participants)
	t.History = slices.Clone(t.History)
	return t
}
