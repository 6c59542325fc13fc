package carecoord

// A PatientID is the logical id of a patient, as in a FHIR Patient resource's id: 1 to 64
// characters from A–Z, a–z, 0–9, '-' and '.'. It is an identifier of a person and so is
// patient data: carecoord never puts one in an error message.
//
// The zero PatientID means "no patient" and is not valid.
type PatientID string

// IsValid reports whether p has the FHIR id syntax.
func (p PatientID) IsValid() bool { return ValidID(string(p)) }

// ValidID reports whether s has the syntax of a FHIR R4 logical id: 1 to 64 characters
// from A–Z, a–z, 0–9, '-' and '.'. Record ids ([Meta.ID]), patient ids and actor ids use it,
// so that every record carecoord keeps can be exported to FHIR unchanged.
func ValidID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// An ActorKind says what sort of party an [Actor] is. The values are the FHIR R4 resource
// type names that a FHIR Reference to that party would carry, so mapping is the identity.
//
// The zero ActorKind is not valid.
type ActorKind string

// The kinds of actor.
const (
	// ActorPractitioner is a clinician or other person working in care (FHIR Practitioner).
	ActorPractitioner ActorKind = "Practitioner"
	// ActorPractitionerRole is a practitioner in a role at an organization, e.g. "cardiologist
	// at the heart clinic" (FHIR PractitionerRole); referrals are often addressed to one.
	ActorPractitionerRole ActorKind = "PractitionerRole"
	// ActorOrganization is a hospital, practice, payer or community organization (FHIR Organization).
	ActorOrganization ActorKind = "Organization"
	// ActorPatient is the patient (FHIR Patient).
	ActorPatient ActorKind = "Patient"
	// ActorRelatedPerson is a caregiver, relative or other person acting with the patient
	// (FHIR RelatedPerson).
	ActorRelatedPerson ActorKind = "RelatedPerson"
	// ActorCareTeam is a care team acting as one (FHIR CareTeam).
	ActorCareTeam ActorKind = "CareTeam"
	// ActorDevice is a device or software system acting on its own, such as a rules engine
	// or an interface engine (FHIR Device).
	ActorDevice ActorKind = "Device"
)

// ActorKinds returns every valid ActorKind, in a new slice.
func ActorKinds() []ActorKind {
	return []ActorKind{ActorPractitioner, ActorPractitionerRole, ActorOrganization, ActorPatient,
		ActorRelatedPerson, ActorCareTeam, ActorDevice}
}

// IsValid reports whether k is one of [ActorKinds].
func (k ActorKind) IsValid() bool {
	switch k {
	case ActorPractitioner, ActorPractitionerRole, ActorOrganization, ActorPatient,
		ActorRelatedPerson, ActorCareTeam, ActorDevice:
		return true
	}
	return false
}

// An Actor names who did something or who is responsible for something: the coordinator of
// a care plan, the performer of a referral, the person who recorded a transition.
// Two Actors are the same party when their Kind and ID are equal ([Actor.SameAs]).
//
// The zero Actor means "nobody" or "not known yet" (for example the performer of a referral
// nobody has accepted). Fields that require an actor reject it in Validate.
type Actor struct {
	// Kind says what sort of party this is.
	Kind ActorKind `json:"kind,omitempty"`
	// ID is the party's logical id in the host system, with the syntax of [ValidID].
	ID string `json:"id,omitempty"`
	// Display is a name for people to read. It is optional, never compared, and never
	// put in an error message.
	Display string `json:"display,omitempty"`
}

// IsZero reports whether a is the zero Actor.
func (a Actor) IsZero() bool { return a == Actor{} }

// SameAs reports whether a and o are the same party: equal Kind and ID. Display is ignored.
func (a Actor) SameAs(o Actor) bool { return a.Kind == o.Kind && a.ID == o.ID }

// Validate reports whether a names a party: Kind must be one of [ActorKinds] and ID must
// have the syntax of [ValidID]. The paths in the returned [FieldErrors] are "kind" and "id".
func (a Actor) Validate() error {
	var errs FieldErrors
	switch {
	case a.Kind == "":
		errs.Add(Required("kind", "must say what sort of actor this is"))
	case !a.Kind.IsValid():
		errs.Add(NotSupported("kind", ActorKinds()...))
	}
	switch {
	case a.ID == "":
		errs.Add(Required("id", "must be set"))
	case !ValidID(a.ID):
		errs.Add(Invalid("id", idRule))
	}
	return errs.Err()
}

const idRule = "must be 1 to 64 characters from A-Z, a-z, 0-9, '-' and '.' (FHIR id)"
