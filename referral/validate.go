package referral

import (
	"strings"

	"github.com/carecoord/carecoord"
)

// Validate reports every problem with r as carecoord.FieldErrors (matching
// carecoord.ErrInvalid), with paths from the referral's root. It checks the required elements
// (FHIR Task.for, requester, focus's code, priority, status), that the status is one the profile
// allows, that a completed referral holds an outcome (SDOH-CC refer-10), that an acknowledgement
// comes only with an outcome, and that the history is a chain ending in the current status.
// It does not check Meta, which the Store does.
func (r Referral) Validate() error {
	var errs carecoord.FieldErrors
	if !r.Profile.IsValid() {
		errs.Add(carecoord.NotSupported("profile", Profiles()...))
	}
	switch {
	case r.Patient == "":
		errs.Add(carecoord.Required("patient", "must name the patient"))
	case !r.Patient.IsValid():
		errs.Add(carecoord.Invalid("patient", "must be a FHIR id"))
	}
	if !r.Kind.IsValid() {
		errs.Add(carecoord.NotSupported("kind", Kinds()...))
	}
	errs.Nest("requester", r.Requester.Validate())
	if !r.Performer.IsZero() {
		errs.Nest("performer", r.Performer.Validate())
	}
	errs.Nest("service", r.Service.Validate())
	errs.Codings("reasons", r.Reasons)
	if !r.Priority.IsValid() {
		errs.Add(carecoord.NotSupported("priority", Priorities()...))
	}
	switch {
	case !r.Status.IsValid():
		errs.Add(carecoord.NotSupported("status", Statuses()...))
	case r.Profile.IsValid() && !r.Profile.Allows(r.Status):
		errs.Add(carecoord.NotAllowed("status", "is not allowed by the referral's profile (SDOH-CC excludes received and ready)"))
	}
	if r.Business != "" && !r.Business.IsValid() {
		errs.Add(carecoord.NotSupported("business", Businesses()...))
	}
	for i, o := range r.Outcomes {
		errs.Nest(carecoord.Path("outcomes", i), o.Validate())
	}
	if r.Status == StatusCompleted && len(r.Outcomes) == 0 {
		errs.Add(carecoord.Required("outcomes", "must hold the outcome of a completed referral (SDOH-CC refer-10)"))
	}
	// A referral found to be in error after its loop closed keeps its acknowledgement: the
	// record is marked, not rewritten.
	if !r.Acknowledged.IsZero() && (len(r.Outcomes) == 0 || r.Status != StatusCompleted && r.Status != StatusEnteredInError) {
		errs.Add(carecoord.NotAllowed("acknowledged", "must wait for a completed referral with an outcome"))
	}
	for i, o := range r.Reports {
		errs.Nest(carecoord.Path("reports", i), o.Validate())
	}
	if !r.StatusReason.IsZero() {
		errs.Nest("statusReason", r.StatusReason.Validate())
	}
	if r.ReplacedBy != "" && !carecoord.ValidID(r.ReplacedBy) {
		errs.Add(carecoord.Invalid("replacedBy", "must be a referral id"))
	}
	errs.Nest("history", carecoord.Lifecycle[Status]{Record: "referral"}.ValidateHistory(r.History, r.Status, func(i int) bool {
		t := r.History[i]
		_, ok := r.Profile.allowed(Status(t.From), Status(t.To), r.History[:i])
		return !r.Profile.IsValid() || ok
	}))
	seen := make(map[string]bool, len(r.Events))
	for i, e := range r.Events {
		errs.Nest(carecoord.Path("events", i), e.Validate())
		if seen[e.ID] {
			errs.Add(carecoord.Duplicate(carecoord.Path("events", i, "id"), "must be unique among the referral's events"))
		}
		seen[e.ID] = true
	}
	return errs.Err()
}

// Validate reports every problem with o; paths are relative to the outcome.
func (o Outcome) Validate() error {
	var errs carecoord.FieldErrors
	errs.Nest("result", o.Result.Validate())
	for i, d := range o.Documents {
		typ, id, ok := strings.Cut(d, "/")
		if !ok || typ == "" || !carecoord.ValidID(id) {
			errs.Add(carecoord.Invalid(carecoord.Path("documents", i), `must be a FHIR relative reference "Type/id"`))
		}
	}
	if o.At.IsZero() {
		errs.Add(carecoord.Required("at", "must say when the outcome was returned"))
	}
	errs.Nest("by", o.By.Validate())
	return errs.Err()
}
