package referral_test

import (
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/internal/fieldtest"
	"github.com/carecoord/carecoord/referral"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

type pathCode struct {
	Path string
	Code carecoord.FieldCode
}

func problems(t *testing.T, err error) []pathCode {
	t.Helper()
	return fieldtest.PathCodes[pathCode](t, err)
}

func validReferral() referral.Referral {
	return referral.Referral{
		Profile:   referral.ProfileSDOHCC,
		Patient:   "pat-1",
		Kind:      referral.KindCommunity,
		Requester: clinic,
		Service:   carecoord.Coding{System: carecoord.SystemSNOMED, Code: "467681000124101"},
		Reasons:   []carecoord.Coding{{System: carecoord.SystemICD10CM, Code: "Z59.41"}},
		Priority:  referral.PriorityRoutine,
		Status:    referral.StatusRequested,
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(r *referral.Referral)
		want   []pathCode
	}{
		{"valid", func(*referral.Referral) {}, nil},
		{"received under SDOH-CC", func(r *referral.Referral) { r.Status = referral.StatusReceived }, []pathCode{{"status", carecoord.FieldNotAllowed}}},
		{"received under core", func(r *referral.Referral) { r.Profile, r.Status = referral.ProfileCore, referral.StatusReceived }, nil},
		{"completed without outcome", func(r *referral.Referral) { r.Status = referral.StatusCompleted }, []pathCode{{"outcomes", carecoord.FieldRequired}}},
		{"acknowledged without outcome", func(r *referral.Referral) { r.Acknowledged = t0 }, []pathCode{{"acknowledged", carecoord.FieldNotAllowed}}},
		{"missing essentials", func(r *referral.Referral) { *r = referral.Referral{} }, []pathCode{
			{"profile", carecoord.FieldNotSupported}, {"patient", carecoord.FieldRequired}, {"kind", carecoord.FieldNotSupported},
			{"requester.kind", carecoord.FieldRequired}, {"requester.id", carecoord.FieldRequired},
			{"service.system", carecoord.FieldRequired}, {"service.code", carecoord.FieldRequired},
			{"priority", carecoord.FieldNotSupported}, {"status", carecoord.FieldNotSupported}}},
		{"bad outcome document", func(r *referral.Referral) {
			r.Outcomes = []referral.Outcome{{Result: carecoord.Coding{System: carecoord.SystemSNOMED, Code: "1"}, Documents: []string{"note.pdf"}, At: t0, By: pantry}}
		}, []pathCode{{"outcomes[0].documents[0]", carecoord.FieldInvalid}}},
		{"history not ending in status", func(r *referral.Referral) {
			r.History = []carecoord.Transition{{From: "requested", To: "accepted", At: t0, By: pantry}}
		}, []pathCode{{"history[0]", carecoord.FieldInvalid}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := validReferral()
			tt.change(&r)
			if diff := cmp.Diff(tt.want, problems(t, r.Validate()), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Validate() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPriorityOrder(t *testing.T) {
	if !(referral.PriorityRoutine.Urgency() < referral.PriorityUrgent.Urgency() &&
		referral.PriorityUrgent.Urgency() < referral.PriorityASAP.Urgency() &&
		referral.PriorityASAP.Urgency() < referral.PriorityStat.Urgency()) || referral.Priority("high").IsValid() {
		t.Error("request-priority order is routine < urgent < asap < stat")
	}
}
