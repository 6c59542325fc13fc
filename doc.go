// Package carecoord is the shared vocabulary of the carecoord library: the few types
// that every domain package (careplan, referral, medrec, transition, sdoh, metrics)
// uses to talk about the same things in the same way.
//
//   - [Coding] is a code from a code system (LOINC, SNOMED CT, RxNorm, ICD-10-CM, …),
//     shaped like a FHIR R4 Coding, with the code-system URIs the library uses.
//   - [PatientID] names a patient; [Actor] names who did something (a practitioner,
//     an organization, the patient, a relative, a care team, a device or system).
//   - [Meta] is the identity and version of a stored record; [Transition] is one
//     entry in a record's status history; [Lifecycle] applies a transition table.
//   - Errors: the sentinel kinds [ErrNotFound], [ErrConflict], [ErrInvalid],
//     [ErrTransition] and [ErrForbidden] to branch on with errors.Is; [FieldError]
//     and [FieldErrors] to say which field broke which rule; [TransitionError] for a
//     status change the transition table does not allow.
//   - [Update] is the read-modify-write loop, retried on version conflicts, that
//     callers of any domain Store use.
//
// Calendar dates and business days live in the sibling package civil.
//
// # Rules this package keeps, and every domain package with it
//
// Functions do not read the clock: pass the time of an event as a parameter.
// Nothing here starts a goroutine or keeps writable package state. Error messages never
// contain patient data: no names, identifiers, note text or answers; they name the field
// and the rule that was broken, and the structured error values carry what a caller
// needs to act on.
package carecoord
