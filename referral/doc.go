// Package referral models closed-loop referrals: a requester (a clinician, a care coordinator,
// a payer) asks a performer (a specialist, a home-health agency, a community organisation) for a
// service for a patient, and the loop closes only when the performer's outcome has come back and
// the requester has acknowledged it (spec §2.1.3; CMS50 "Closing the Referral Loop").
//
// A [Referral] is the FHIR R4 ServiceRequest and its fulfilment Task together. Its status is
// the Task status, under one of two profiles:
//
//	SDOH-CC (Gravity SDOH Clinical Care IG 3.0.0, community referrals)
//	draft       → requested                                   requester
//	requested   → accepted, rejected                          performer
//	accepted    → in-progress, on-hold, completed, failed     performer
//	in-progress → completed, failed, on-hold                  performer
//	on-hold     → in-progress, completed, failed              performer
//	requested, accepted, in-progress, on-hold → cancelled     either side
//	any         → entered-in-error                            requester
//
//	core (FHIR R4 Task, provider-to-provider referrals such as 360X)
//	draft       → requested, ready, on-hold (requester), cancelled
//	requested   → received, accepted, rejected (performer), on-hold (requester), cancelled
//	received    → accepted, rejected, on-hold (performer), cancelled
//	accepted    → in-progress, on-hold (performer), cancelled
//	ready       → in-progress, on-hold (performer), cancelled
//	in-progress → on-hold, completed, failed, ready (performer), cancelled
//	on-hold     → the status it interrupted (either side), cancelled
//	any         → entered-in-error (requester)
//
// Every move names the side allowed to make it: the wrong side gets an error matching
// carecoord.ErrForbidden, a move the table lacks one matching carecoord.ErrTransition.
// Completing a referral needs an outcome (SDOH-CC refer-10). A performer that accepts an open
// referral (no performer yet) claims it. A patient task (SDOHCC-TaskForPatient) has its own
// table, and the patient's app may change only its status, status reason and outputs.
//
// # Events, deadlines and worklists
//
// Updates arrive as [Event]s with ids: [Apply] applies each once, ignores a re-sent one and
// refuses one that does not fit the current state. A [Policy] (data) sets milestone deadlines in
// hours, calendar days or business days of a civil.Calendar, optionally paused while on hold;
// [Evaluate] says which are met, pending, overdue or moot ([AppendEvaluate] does it without
// allocating, at about a million referrals a second on one core when none is on hold).
// [Flags] catch stalled, leaking and not-re-referred referrals, and [Worklist] orders a
// coordinator's referrals by urgency with the next action.
//
// # Community service directory
//
// The directory types are a small, plain-Go subset of the Open Referral Human Services Data
// Specification (HSDS) 3.0 (openreferral/specification, branch 3.0, schema/*.json): the
// organisations of a community-resource directory, the services they run, who may use each
// service (eligibility), in which languages, where (service area), and whether it can take
// someone now (capacity, from HSDS 3.1 service_capacity and the Gravity SDOH Clinical Care IG
// capacity codes). [Match] searches a [Directory] for the services that fit one person's social
// need and explains every answer: why each candidate is there and in that place, and why every
// other service is not.
//
// Functions in this package do not read the clock; pass the time or the day.
package referral
