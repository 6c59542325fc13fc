// Package careplan models care plans: what a patient's care aims for (goals with measurable
// targets), what will be done and when (activities with versioned schedules), what happened
// (outcomes), who takes part (the care team) and who keeps it together (the named care
// coordinator). It follows FHIR R4 CarePlan, Goal and CareTeam, whose status codes it uses as
// its values, and answers the coordinator's questions: how adherent is the patient, and what
// is overdue, unassigned or unserved (care gaps and worklists).
//
// # Lifecycles
//
// Each status changes only through one transition table, and every change is kept in the
// record's History ([Transition], [TransitionGoal], [TransitionActivity], [TransitionTeam]):
//
//	care plan (FHIR request-status)        goal (FHIR goal-status)
//	draft     → active, revoked            proposed  → planned, accepted, active, rejected, cancelled
//	active    → on-hold, completed, revoked planned  → accepted, active, cancelled
//	on-hold   → active, revoked            accepted  → active, on-hold, completed, cancelled
//	completed, revoked: terminal           active    → on-hold, completed, cancelled
//	unknown   → any status once known      on-hold   → active, completed, cancelled
//	                                       completed → active (re-opened after a regression)
//	activity (care-plan-activity-status)   rejected, cancelled: terminal
//	not-started → scheduled, in-progress, on-hold, cancelled, unknown
//	scheduled   → in-progress, not-started, on-hold, cancelled
//	in-progress → on-hold, completed, stopped      care team (care-team-status)
//	on-hold     → in-progress, stopped, cancelled  proposed  → active, inactive
//	completed, cancelled, stopped: terminal        active    → suspended, inactive
//	unknown     → any status once known            suspended → active, inactive
//	                                               inactive  → active
//
// Every status may also become entered-in-error, which is terminal. The request table is the
// FHIR request state machine; the others are the library's, from the code definitions (FHIR
// publishes no diagram for them), as the doc comment of each status type explains.
//
// # Schedules and outcomes
//
// Dates are civil dates and times of day are wall-clock times, so a daily 08:00 dose stays at
// 08:00 across daylight-saving changes ([Occurrence.At] takes the location). Monthly schedules
// clamp to the month's last day. A schedule is changed from a date ([Reschedule]): every
// earlier occurrence keeps the schedule it had, and outcomes are attached to an occurrence's
// day and time slot, never to its position. Reschedule refuses a change from the past or from a
// day with an outcome, so it can neither hide nor move an outcome already recorded; and an
// occurrence with an outcome always counts in adherence, whatever the activity's status.
// ([Schedules.Change] itself is the unchecked building block.)
//
// # Errors
//
// Validate methods return carecoord.FieldErrors (matching carecoord.ErrInvalid); refused status
// changes return a *carecoord.TransitionError (matching carecoord.ErrTransition); a Store
// returns errors wrapping carecoord.ErrNotFound and carecoord.ErrConflict. No error carries
// patient data.
//
// Functions in this package do not read the clock; pass the time or the day.
package careplan
