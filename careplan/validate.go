package careplan

import (
	"strings"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

// Validate reports every problem with p as carecoord.FieldErrors (matching
// carecoord.ErrInvalid), with paths from the plan's root ("goals[1].targets[0].measure.code").
// It checks the FHIR R4 rules that apply (required elements, the required bindings of status
// and intent, the goal invariant gol-1 through each target, the care-team invariant ctm-1) and
// the plan's own consistency: ids unique within the plan, activities serving goals that exist,
// each history ending in the current status. It does not check Meta, which the Store does.
func (p CarePlan) Validate() error {
	var errs carecoord.FieldErrors
	switch {
	case p.Patient == "":
		errs.Add(carecoord.Required("patient", "must name the patient"))
	case !p.Patient.IsValid():
		errs.Add(carecoord.Invalid("patient", "must be a FHIR id"))
	}
	switch {
	case p.Status == "":
		errs.Add(carecoord.Required("status", "must be set"))
	case !p.Status.IsValid():
		errs.Add(carecoord.NotSupported("status", Statuses()...))
	}
	switch {
	case p.Intent == "":
		errs.Add(carecoord.Required("intent", "must be set"))
	case !p.Intent.IsValid():
		errs.Add(carecoord.NotSupported("intent", Intents()...))
	}
	errs.Codings("categories", p.Categories)
	if p.Period != (civil.Period{}) {
		errs.Nest("period", p.Period.Validate())
	}
	errs.Codings("addresses", p.Addresses)
	if !p.Coordinator.IsZero() {
		errs.Nest("coordinator", p.Coordinator.Validate())
	}
	errs.Nest("team", p.Team.Validate())
	validateHistory(&errs, "history", p.History, p.Status, planLifecycle())

	goals := make(map[string]bool, len(p.Goals))
	for i, g := range p.Goals {
		path := carecoord.Path("goals", i)
		errs.Nest(path, g.Validate())
		if goals[g.ID] {
			errs.Add(carecoord.Duplicate(path+".id", "must be unique among the plan's goals"))
		}
		goals[g.ID] = true
	}
	activities := make(map[string]bool, len(p.Activities))
	for i, a := range p.Activities {
		path := carecoord.Path("activities", i)
		errs.Nest(path, a.Validate())
		if activities[a.ID] {
			errs.Add(carecoord.Duplicate(path+".id", "must be unique among the plan's activities"))
		}
		activities[a.ID] = true
		for j, id := range a.Goals {
			if !goals[id] {
				errs.Add(carecoord.Invalid(carecoord.Path("activities", i, "goals", j), "must be the id of one of the plan's goals"))
			}
		}
	}
	return errs.Err()
}

// Validate reports every problem with g; paths are relative to the goal.
func (g Goal) Validate() error {
	var errs carecoord.FieldErrors
	validateID(&errs, "id", g.ID)
	if g.Description.IsZero() && strings.TrimSpace(g.Text) == "" {
		errs.Add(carecoord.Required("description", "must code or describe the goal (description or text)"))
	} else if !g.Description.IsZero() {
		errs.Nest("description", g.Description.Validate())
	}
	switch {
	case g.Lifecycle == "":
		errs.Add(carecoord.Required("lifecycle", "must be set"))
	case !g.Lifecycle.IsValid():
		errs.Add(carecoord.NotSupported("lifecycle", GoalStatuses()...))
	}
	if g.Achievement != "" && !g.Achievement.IsValid() {
		errs.Add(carecoord.NotSupported("achievement", Achievements()...))
	}
	if g.Priority != "" && !g.Priority.IsValid() {
		errs.Add(carecoord.NotSupported("priority", Priorities()...))
	}
	for i, t := range g.Targets {
		errs.Nest(carecoord.Path("targets", i), t.Validate())
	}
	errs.Codings("addresses", g.Addresses)
	validateHistory(&errs, "history", g.History, g.Lifecycle, goalLifecycle())
	return errs.Err()
}

// Validate reports every problem with a; paths are relative to the activity. Whether its goals
// exist is checked by the plan.
func (a Activity) Validate() error {
	var errs carecoord.FieldErrors
	validateID(&errs, "id", a.ID)
	switch {
	case a.Kind == "":
		errs.Add(carecoord.Required("kind", "must be set"))
	case !a.Kind.IsValid():
		errs.Add(carecoord.NotSupported("kind", ActivityKinds()...))
	}
	if !a.Code.IsZero() {
		errs.Nest("code", a.Code.Validate())
	}
	switch {
	case a.Status == "":
		errs.Add(carecoord.Required("status", "must be set"))
	case !a.Status.IsValid():
		errs.Add(carecoord.NotSupported("status", ActivityStatuses()...))
	}
	if !a.Performer.IsZero() {
		errs.Nest("performer", a.Performer.Validate())
	}
	seen := make(map[string]bool, len(a.Goals))
	for i, id := range a.Goals {
		if seen[id] {
			errs.Add(carecoord.Duplicate(carecoord.Path("goals", i), "must not repeat a goal"))
		}
		seen[id] = true
	}
	if a.Link != "" && !validReference(a.Link) {
		errs.Add(carecoord.Invalid("link", `must be a FHIR relative reference "Type/id"`))
	}
	errs.Nest("schedules", a.Schedules.Validate())
	for i, o := range a.Outcomes {
		errs.Nest(carecoord.Path("outcomes", i), o.Validate())
		if i > 0 && compareOccurrences(a.Outcomes[i-1].Occurrence, o.Occurrence) > 0 {
			errs.Add(carecoord.Invalid(carecoord.Path("outcomes", i), "must be in occurrence order (RecordOutcome keeps it)"))
		}
	}
	validateHistory(&errs, "history", a.History, a.Status, activityLifecycle())
	return errs.Err()
}

// Validate reports every problem with o; paths are relative to the outcome.
func (o Outcome) Validate() error {
	var errs carecoord.FieldErrors
	if !o.Occurrence.Date.IsValid() {
		errs.Add(carecoord.Required("occurrence.date", "must be the day of the occurrence"))
	}
	switch {
	case o.Occurrence.Timed:
		errs.Nest("occurrence.time", o.Occurrence.Time.Validate())
	case o.Occurrence.Time != (TimeOfDay{}):
		errs.Add(carecoord.NotAllowed("occurrence.time", "must be empty for an untimed occurrence"))
	}
	switch {
	case o.Status == "":
		errs.Add(carecoord.Required("status", "must be set"))
	case !o.Status.IsValid():
		errs.Add(carecoord.NotSupported("status", OutcomeStatuses()...))
	}
	if o.At.IsZero() {
		errs.Add(carecoord.Required("at", "must say when the outcome was recorded"))
	}
	errs.Nest("by", o.By.Validate())
	switch {
	case o.Value.Valid && o.Unit == "":
		errs.Add(carecoord.Required("unit", "must be set with a value"))
	case !o.Value.Valid && o.Unit != "":
		errs.Add(carecoord.NotAllowed("unit", "must be empty without a value"))
	}
	if (o.Status == OutcomeMissed || o.Status == OutcomeDeclined) && o.Reason.IsZero() {
		errs.Add(carecoord.Required("reason", "must code why the occurrence was missed or declined"))
	} else if !o.Reason.IsZero() {
		errs.Nest("reason", o.Reason.Validate())
	}
	if o.Status != OutcomeCompleted && o.Value.Valid {
		errs.Add(carecoord.NotAllowed("value", "must be empty unless the occurrence was completed"))
	}
	return errs.Err()
}

// Validate reports every problem with t; paths are relative to the team. The zero CareTeam is
// valid (a plan may have no team).
func (t CareTeam) Validate() error {
	var errs carecoord.FieldErrors
	if t.Status == "" && (len(t.Participants) > 0 || len(t.History) > 0) {
		errs.Add(carecoord.Required("status", "must be set for a team with members"))
	} else if t.Status != "" && !t.Status.IsValid() {
		errs.Add(carecoord.NotSupported("status", TeamStatuses()...))
	}
	for i, m := range t.Participants {
		path := carecoord.Path("participants", i)
		errs.Nest(path+".member", m.Member.Validate())
		if !m.Role.IsZero() {
			errs.Nest(path+".role", m.Role.Validate())
		}
		if !m.OnBehalfOf.IsZero() {
			if m.Member.Kind != carecoord.ActorPractitioner {
				errs.Add(carecoord.NotAllowed(path+".onBehalfOf", "is allowed only for a practitioner member (FHIR ctm-1)"))
			}
			errs.Nest(path+".onBehalfOf", m.OnBehalfOf.Validate())
		}
		if m.Period != (civil.Period{}) {
			errs.Nest(path+".period", m.Period.Validate())
		}
	}
	if t.Status != "" {
		validateHistory(&errs, "history", t.History, t.Status, teamLifecycle())
	}
	return errs.Err()
}

func validateID(errs *carecoord.FieldErrors, path, id string) {
	switch {
	case id == "":
		errs.Add(carecoord.Required(path, "must be set"))
	case !carecoord.ValidID(id):
		errs.Add(carecoord.Invalid(path, "must be a FHIR id (1 to 64 of A-Z, a-z, 0-9, '-', '.')"))
	}
}

// validateHistory checks that a status history is an audit trail the lifecycle could have
// made: every entry a move in the transition table, with its time and actor, each starting where
// the one before ended, never earlier in time, and the last ending in the current status.
func validateHistory[S ~string](errs *carecoord.FieldErrors, path string, h []carecoord.Transition, status S, lc carecoord.Lifecycle[S]) {
	errs.Nest(path, lc.ValidateHistory(h, status, nil))
}

// validReference reports whether s is a FHIR relative reference "Type/id".
func validReference(s string) bool {
	typ, id, ok := strings.Cut(s, "/")
	if !ok || typ == "" || !carecoord.ValidID(id) {
		return false
	}
	for i := 0; i < len(typ); i++ {
		c := typ[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') || i == 0 && !('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}
