package referral

import (
	"slices"
	"strings"
	"time"

	"github.com/carecoord/carecoord"
)

// PatientTaskCode says what a patient task asks of the patient: the codes of the Gravity SDOH
// Clinical Care IG's SDOHCC-TaskForPatient (Task.code). The zero PatientTaskCode is not valid.
type PatientTaskCode string

// The patient task codes.
const (
	TaskCompleteQuestionnaire PatientTaskCode = "complete-questionnaire"
	TaskGeneralInformation    PatientTaskCode = "general-information"
	TaskMakeContact           PatientTaskCode = "make-contact"
	TaskReviewMaterial        PatientTaskCode = "review-material"
)

// PatientTaskCodes returns every PatientTaskCode, in a new slice.
func PatientTaskCodes() []PatientTaskCode {
	return []PatientTaskCode{TaskCompleteQuestionnaire, TaskGeneralInformation, TaskMakeContact, TaskReviewMaterial}
}

// IsValid reports whether c is one of [PatientTaskCodes].
func (c PatientTaskCode) IsValid() bool { return slices.Contains(PatientTaskCodes(), c) }

// A TaskParam is one input or output of a patient task (FHIR Task.input and Task.output): a
// type (e.g. "contact-entity", "chosen-contact") and a FHIR relative reference to its value.
// The zero TaskParam is none.
type TaskParam struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

// A PatientTask is something the patient is asked to do, through a patient app, as part of a
// referral (SDOHCC-TaskForPatient): make contact with a service, complete a questionnaire,
// review material. The requester creates it; the patient's app may change only its status,
// status reason and outputs ([PatientEdit]), and never the referral itself.
//
// The zero PatientTask is not valid.
type PatientTask struct {
	ID      string              `json:"id"`
	Patient carecoord.PatientID `json:"patient"`
	// Referral is the id of the referral the task belongs to, if any.
	Referral     string                 `json:"referral,omitempty"`
	Code         PatientTaskCode        `json:"code"`
	Description  string                 `json:"description,omitempty"`
	Focus        string                 `json:"focus,omitempty"`
	Status       Status                 `json:"status"`
	StatusReason carecoord.Coding       `json:"statusReason,omitzero"`
	Inputs       []TaskParam            `json:"inputs,omitempty"`
	Outputs      []TaskParam            `json:"outputs,omitempty"`
	History      []carecoord.Transition `json:"history,omitempty"`
}

// PatientTaskStatuses returns the statuses a patient task may have (SDOH-CC value set for
// TaskForPatient), in a new slice.
func PatientTaskStatuses() []Status {
	return []Status{StatusReady, StatusInProgress, StatusCompleted, StatusCancelled, StatusOnHold, StatusFailed, StatusEnteredInError}
}

// patientMoves is the patient task transition table, from the IG's PatientTaskStateDiagram,
// with the "Set by" rules: the requester creates (ready) and voids; the patient's app starts,
// pauses, fails and completes; either may cancel.
func patientMoves(from Status) []move {
	eie := move{StatusEnteredInError, byRequester}
	cancel := move{StatusCancelled, byEither}
	switch from {
	case StatusReady:
		return []move{{StatusInProgress, byPerformer}, {StatusOnHold, byPerformer}, cancel, {StatusCompleted, byPerformer}, {StatusFailed, byPerformer}, eie}
	case StatusInProgress:
		return []move{{StatusCompleted, byPerformer}, {StatusFailed, byPerformer}, {StatusOnHold, byPerformer}, cancel, eie}
	case StatusOnHold:
		return []move{{StatusInProgress, byPerformer}, cancel, {StatusCompleted, byPerformer}, {StatusFailed, byPerformer}, eie}
	case StatusCompleted, StatusFailed, StatusCancelled:
		return []move{eie}
	}
	return nil
}

// MovePatientTask returns t moved to status to by a side: Requester for the referral's source,
// Performer for the patient's app. The errors are those of [Move]: a move the table lacks (a
// status such as accepted, which patient tasks do not have) matches carecoord.ErrTransition,
// the wrong side carecoord.ErrForbidden.
func MovePatientTask(t PatientTask, to Status, side Side, at time.Time, by carecoord.Actor, reason carecoord.Coding) (PatientTask, error) {
	if !side.IsValid() {
		return t, carecoord.FieldErrors{carecoord.NotSupported("side", Requester, Performer)}
	}
	moves := patientMoves(t.Status)
	i := slices.IndexFunc(moves, func(m move) bool { return m.to == to })
	var allowed sides
	if i >= 0 {
		allowed = moves[i].sides
	}
	h, err := step("patient task", moves, t.Status, to, side, allowed, i >= 0, t.History, at, by, reason)
	if err != nil {
		return t, err
	}
	t.History, t.Status = h, to
	t.StatusReason = reason
	return t, nil
}

// PatientEdit checks an edit the patient's app made, before → after: it may change only the
// status (through the transition table, see [MovePatientTask]), the status reason and the
// outputs (SDOHCC-TaskForPatient: "the patient app may only update status, statusReason and
// output"). Any other field changed is an error matching carecoord.ErrForbidden that names it.
func PatientEdit(before, after PatientTask) error {
	var changed []string
	if before.ID != after.ID {
		changed = append(changed, "id")
	}
	if before.Patient != after.Patient {
		changed = append(changed, "patient")
	}
	if before.Referral != after.Referral {
		changed = append(changed, "referral")
	}
	if before.Code != after.Code {
		changed = append(changed, "code")
	}
	if before.Description != after.Description {
		changed = append(changed, "description")
	}
	if before.Focus != after.Focus {
		changed = append(changed, "focus")
	}
	if !slices.Equal(before.Inputs, after.Inputs) {
		changed = append(changed, "inputs")
	}
	if len(changed) > 0 {
		return &EditError{Fields: changed}
	}
	// The status changes only by one move of the table that the app may make, recorded as one
	// new history entry.
	switch n := len(before.History); {
	case after.Status == before.Status:
		if !slices.Equal(before.History, after.History) {
			return &EditError{Fields: []string{"history"}}
		}
	case len(after.History) != n+1 || !slices.Equal(before.History, after.History[:n]):
		return &EditError{Fields: []string{"history"}}
	default:
		last := after.History[n]
		moved, err := MovePatientTask(before, after.Status, Performer, last.At, last.By, last.Reason)
		if err != nil {
			return err
		}
		if moved.History[n] != last {
			return &EditError{Fields: []string{"history"}}
		}
	}
	return nil
}

// An EditError reports fields a patient's app may not change. It matches carecoord.ErrForbidden.
type EditError struct {
	Fields []string
}

// Error names the fields, never their values.
func (e *EditError) Error() string {
	return "referral: the patient app may change only status, statusReason and outputs, not " + strings.Join(e.Fields, ", ")
}

// Is makes errors.Is(err, carecoord.ErrForbidden) true.
func (e *EditError) Is(target error) bool { return target == carecoord.ErrForbidden }

// Validate reports every problem with t, including the IG's invariants: a make-contact task
// needs a description and at least one "contact-entity" input; a review-material task needs a
// DocumentReference focus.
func (t PatientTask) Validate() error {
	var errs carecoord.FieldErrors
	if !carecoord.ValidID(t.ID) {
		errs.Add(carecoord.Invalid("id", "must be a FHIR id"))
	}
	if !t.Patient.IsValid() {
		errs.Add(carecoord.Required("patient", "must name the patient"))
	}
	if !t.Code.IsValid() {
		errs.Add(carecoord.NotSupported("code", PatientTaskCodes()...))
	}
	if !slices.Contains(PatientTaskStatuses(), t.Status) {
		errs.Add(carecoord.NotSupported("status", PatientTaskStatuses()...))
	}
	switch t.Code {
	case TaskMakeContact:
		if strings.TrimSpace(t.Description) == "" {
			errs.Add(carecoord.Required("description", "a make-contact task must describe the contact to make"))
		}
		if !slices.ContainsFunc(t.Inputs, func(p TaskParam) bool { return p.Type == "contact-entity" }) {
			errs.Add(carecoord.Required("inputs", `a make-contact task needs an input of type "contact-entity"`))
		}
	case TaskReviewMaterial:
		if !strings.HasPrefix(t.Focus, "DocumentReference/") {
			errs.Add(carecoord.Required("focus", "a review-material task must focus on a DocumentReference"))
		}
	}
	return errs.Err()
}
