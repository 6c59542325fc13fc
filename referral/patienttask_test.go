package referral_test

import (
	"errors"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/referral"
)

// Spec §2.3 T5: the patient task (SDOHCC-TaskForPatient).
func TestPatientTaskVectors(t *testing.T) {
	app := carecoord.Actor{Kind: carecoord.ActorPatient, ID: "pat-1"}
	task := referral.PatientTask{ID: "pt-1", Patient: "pat-1", Code: referral.TaskMakeContact,
		Description: "Call the food pantry to book an intake", Status: referral.StatusReady,
		Inputs: []referral.TaskParam{{Type: "contact-entity", Value: "HealthcareService/pantry-b"}}}
	if err := task.Validate(); err != nil {
		t.Fatalf("create {ready, make-contact, input contact-entity} by the requester: %v", err)
	}
	done, err := referral.MovePatientTask(task, referral.StatusCompleted, referral.Performer, t0, app, carecoord.Coding{})
	if err != nil {
		t.Fatalf("ready -> completed by the patient app: %v", err)
	}
	done.Outputs = []referral.TaskParam{{Type: "chosen-contact", Value: "HealthcareService/pantry-b"}}
	if err := referral.PatientEdit(task, done); err != nil {
		t.Errorf("the app changed status and outputs only: %v", err)
	}
	if _, err := referral.MovePatientTask(task, referral.StatusAccepted, referral.Performer, t0, app, carecoord.Coding{}); !errors.Is(err, carecoord.ErrTransition) {
		t.Errorf("ready -> accepted: %v, want ErrTransition (not in the patient value set)", err)
	}
	edited := task
	edited.Description = "something else"
	var ee *referral.EditError
	if err := referral.PatientEdit(task, edited); !errors.Is(err, carecoord.ErrForbidden) || !errors.As(err, &ee) || ee.Fields[0] != "description" {
		t.Errorf("the app edits the description: %v, want ErrForbidden naming description", err)
	}
	if _, err := referral.MovePatientTask(task, referral.StatusEnteredInError, referral.Performer, t0, app, carecoord.Coding{}); !errors.Is(err, carecoord.ErrForbidden) {
		t.Errorf("the app voids the task: %v, want ErrForbidden", err)
	}
	noContact := task
	noContact.Inputs = nil
	var list carecoord.FieldErrors
	if err := noContact.Validate(); !errors.As(err, &list) || !list.Has("inputs", carecoord.FieldRequired) {
		t.Errorf("make-contact without a contact-entity input: %v", err)
	}
	review := referral.PatientTask{ID: "pt-2", Patient: "pat-1", Code: referral.TaskReviewMaterial, Status: referral.StatusReady, Focus: "Questionnaire/q1"}
	if err := review.Validate(); !errors.As(err, &list) || !list.Has("focus", carecoord.FieldRequired) {
		t.Errorf("review-material without a DocumentReference focus: %v", err)
	}
}
