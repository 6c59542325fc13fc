package transition

import (
	"slices"

	"github.com/carecoord/carecoord"
)

// An ItemKey names an item of a checklist template: stable across versions of the template and
// across languages (the localized title is looked up by it), 1 to 64 characters from a–z, 0–9
// and '-', starting with a letter: "interactive-contact", "teach-back". The zero ItemKey is not
// valid.
type ItemKey string

const itemKeyRule = "must be 1 to 64 characters from a-z, 0-9 and '-', starting with a letter"

// IsValid reports whether k has the key syntax.
func (k ItemKey) IsValid() bool {
	if len(k) == 0 || len(k) > 64 || k[0] < 'a' || k[0] > 'z' {
		return false
	}
	for i := 1; i < len(k); i++ {
		c := k[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// A Role is who owns a checklist item: the person (or team) whose worklist it is on. These are the
// library's tokens. The zero Role is not valid.
type Role string

// The roles.
const (
	RoleHospitalPhysician Role = "hospital-physician"     // the attending or hospitalist
	RoleHospitalNurse     Role = "hospital-nurse"         // the patient's nurse in the hospital
	RoleCaseManager       Role = "case-manager"           // hospital case manager, discharge planner or Project RED discharge advocate
	RolePharmacist        Role = "pharmacist"             // hospital or practice pharmacist
	RoleCareCoordinator   Role = "care-coordinator"       // the practice's or plan's care coordinator, or a transitions coach
	RolePrimaryCare       Role = "primary-care-clinician" // the primary care physician or practitioner who bills TCM
	RoleReceivingFacility Role = "receiving-facility"     // staff of the facility the patient goes to
)

// Roles returns every Role, in a new slice.
func Roles() []Role {
	return []Role{RoleHospitalPhysician, RoleHospitalNurse, RoleCaseManager, RolePharmacist,
		RoleCareCoordinator, RolePrimaryCare, RoleReceivingFacility}
}

// IsValid reports whether r is one of [Roles].
func (r Role) IsValid() bool {
	switch r {
	case RoleHospitalPhysician, RoleHospitalNurse, RoleCaseManager, RolePharmacist,
		RoleCareCoordinator, RolePrimaryCare, RoleReceivingFacility:
		return true
	}
	return false
}

// An EvidenceKind is a kind of record that can show an item was done. Each names the FHIR R4
// resource type that holds it ([EvidenceKind.ResourceType]), except an attestation, which is the
// completer's own statement. The zero EvidenceKind is not valid.
type EvidenceKind string

// The evidence kinds.
const (
	EvidenceDocument      EvidenceKind = "document"               // a document: the written plan, a discharge summary (DocumentReference)
	EvidenceCommunication EvidenceKind = "communication"          // a call, message or notification that took place (Communication)
	EvidenceEncounter     EvidenceKind = "encounter"              // a visit that took place (Encounter)
	EvidenceAppointment   EvidenceKind = "appointment"            // a booked appointment (Appointment)
	EvidenceMedication    EvidenceKind = "medication-list"        // a reconciled medication list (List)
	EvidenceOrder         EvidenceKind = "order"                  // an order for a service or equipment (ServiceRequest)
	EvidenceQuestionnaire EvidenceKind = "questionnaire-response" // a completed screen or assessment (QuestionnaireResponse)
	EvidenceAttestation   EvidenceKind = "attestation"            // the completer's statement that it was done
)

// EvidenceKinds returns every EvidenceKind, in a new slice.
func EvidenceKinds() []EvidenceKind {
	return []EvidenceKind{EvidenceDocument, EvidenceCommunication, EvidenceEncounter, EvidenceAppointment,
		EvidenceMedication, EvidenceOrder, EvidenceQuestionnaire, EvidenceAttestation}
}

// IsValid reports whether k is one of [EvidenceKinds].
func (k EvidenceKind) IsValid() bool { return k == EvidenceAttestation || k.ResourceType() != "" }

// ResourceType returns the FHIR R4 resource type that holds evidence of kind k, or "" for an
// attestation (no resource) and for an invalid kind.
func (k EvidenceKind) ResourceType() string {
	switch k {
	case EvidenceDocument:
		return "DocumentReference"
	case EvidenceCommunication:
		return "Communication"
	case EvidenceEncounter:
		return "Encounter"
	case EvidenceAppointment:
		return "Appointment"
	case EvidenceMedication:
		return "List"
	case EvidenceOrder:
		return "ServiceRequest"
	case EvidenceQuestionnaire:
		return "QuestionnaireResponse"
	}
	return ""
}

// A Purpose says what a checklist template is for, and so which events it applies to
// ([Applies]). These are the library's tokens. The zero Purpose is not valid.
type Purpose string

// The purposes.
const (
	// PurposeDischarge is the hospital's discharge: preparing the patient to leave (Project RED)
	// and the hospital's own follow-through (summary sent, reinforcement call).
	PurposeDischarge Purpose = "discharge"
	// PurposePostDischarge is the community follow-up after a discharge home: contact, visit,
	// medication reconciliation, home visit.
	PurposePostDischarge Purpose = "post-discharge"
	// PurposeTCM tracks the requirements of Transitional Care Management (CPT 99495/99496).
	PurposeTCM Purpose = "tcm"
	// PurposeEDFollowUp is the follow-up after an emergency department visit.
	PurposeEDFollowUp Purpose = "ed-follow-up"
	// PurposeHandoff is the hand-off to a facility: a skilled nursing facility, rehabilitation,
	// long-term care, hospice or another hospital.
	PurposeHandoff Purpose = "facility-handoff"
)

// Purposes returns every Purpose, in a new slice.
func Purposes() []Purpose {
	return []Purpose{PurposeDischarge, PurposePostDischarge, PurposeTCM, PurposeEDFollowUp, PurposeHandoff}
}

// IsValid reports whether p is one of [Purposes].
func (p Purpose) IsValid() bool {
	switch p {
	case PurposeDischarge, PurposePostDischarge, PurposeTCM, PurposeEDFollowUp, PurposeHandoff:
		return true
	}
	return false
}

// An ItemSpec is one item of a checklist template: what must be done (its key, whose title the
// [Localizer] gives in the reader's language), who owns it, when it is due, whether it is required,
// what must be done first, and what counts as evidence that it was done. The zero ItemSpec is not
// valid.
type ItemSpec struct {
	// Key names the item; unique within the template.
	Key ItemKey `json:"key"`
	// Owner is whose worklist the item is on.
	Owner Role `json:"owner"`
	// Due is when the item is due.
	Due DueRule `json:"due"`
	// Required items count in the completion rate; optional ones are shown but do not.
	Required bool `json:"required,omitempty"`
	// Prerequisites are the items that must be completed (or waived) first, listed earlier in
	// the template: completing this item before them is an error ([ErrPrerequisite]).
	Prerequisites []ItemKey `json:"prerequisites,omitempty"`
	// Evidence lists the kinds of record that count as evidence; completing the item needs at
	// least one of them. Empty means the item needs no evidence.
	Evidence []EvidenceKind `json:"evidence,omitempty"`
	// AttemptsCount, when not 0, is how many unsuccessful attempts at distinct instants, recorded
	// with [Attempt], count as doing the item: 2 for the TCM contact (CMS TCM FAQ: two or more
	// separate, timely, documented attempts meet the contact requirement). From 0 to 10.
	AttemptsCount int `json:"attemptsCount,omitempty"`
	// Source cites where the item and its due rule come from, for people reading the template.
	Source string `json:"source,omitempty"`
}

// maxAttempts is the largest ItemSpec.AttemptsCount.
const maxAttempts = 10

// A TemplateSpec is a checklist template as data: its items in order, with the purpose and risk
// tiers it serves. Built-in templates are functions returning one ([DischargeTemplate],
// [PostDischargeTemplate], …), so that an organisation can change them or write its own; compile
// one with [NewTemplate] before use. The zero TemplateSpec is not valid.
type TemplateSpec struct {
	// ID names the template (FHIR id syntax), e.g. "red-discharge".
	ID string `json:"id"`
	// Version names this version of it, e.g. "2025.1"; checklists record it.
	Version string `json:"version,omitempty"`
	// Purpose says which events it applies to.
	Purpose Purpose `json:"purpose"`
	// Tiers are the risk tiers it is for; empty for every tier (its intensity does not depend on
	// risk).
	Tiers []RiskTier `json:"tiers,omitempty"`
	// Source cites the template's sources.
	Source string `json:"source,omitempty"`
	// Items are the template's items. An item's prerequisites and its anchor item come before it.
	Items []ItemSpec `json:"items"`
}

// Validate reports every problem with t as carecoord.FieldErrors: a valid id and purpose, known
// and unique tiers, at least one item, and for each item a unique valid key, a valid owner and
// due rule, unique prerequisites and an anchor item that name items listed before it, and unique
// valid evidence kinds. Paths are "id", "purpose", "tiers[i]", "items", "items[i].key",
// "items[i].due.unit", "items[i].prerequisites[j]", "items[i].evidence[j]" and so on.
func (t TemplateSpec) Validate() error {
	var errs carecoord.FieldErrors
	switch {
	case t.ID == "":
		errs.Add(carecoord.Required("id", "must name the template"))
	case !carecoord.ValidID(t.ID):
		errs.Add(carecoord.Invalid("id", "must be a FHIR id (1 to 64 of A-Z, a-z, 0-9, '-', '.')"))
	}
	if len(t.Version) > 64 {
		errs.Add(carecoord.OutOfRange("version", "must be at most 64 bytes"))
	}
	if !t.Purpose.IsValid() {
		errs.Add(carecoord.NotSupported("purpose", Purposes()...))
	}
	for i, r := range t.Tiers {
		switch {
		case !r.IsValid():
			errs.Add(carecoord.NotSupported(carecoord.Path("tiers", i), RiskTiers()...))
		case slices.Contains(t.Tiers[:i], r):
			errs.Add(carecoord.Duplicate(carecoord.Path("tiers", i), "must not repeat a tier"))
		}
	}
	if len(t.Items) == 0 {
		errs.Add(carecoord.Required("items", "must have at least one item"))
	}
	for i, it := range t.Items {
		p := carecoord.Path("items", i)
		earlier := func(k ItemKey) bool {
			return slices.ContainsFunc(t.Items[:i], func(x ItemSpec) bool { return x.Key == k })
		}
		switch {
		case it.Key == "":
			errs.Add(carecoord.Required(p+".key", "must be set"))
		case !it.Key.IsValid():
			errs.Add(carecoord.Invalid(p+".key", itemKeyRule))
		case earlier(it.Key):
			errs.Add(carecoord.Duplicate(p+".key", "must be unique within the template"))
		}
		if !it.Owner.IsValid() {
			errs.Add(carecoord.NotSupported(p+".owner", Roles()...))
		}
		errs.Nest(p+".due", it.Due.Validate())
		if it.AttemptsCount < 0 || it.AttemptsCount > maxAttempts {
			errs.Add(carecoord.OutOfRange(p+".attemptsCount", "must be from 0 to 10"))
		}
		if it.Due.Anchor == AnchorItem && it.Due.Item.IsValid() && !earlier(it.Due.Item) {
			errs.Add(carecoord.Invalid(p+".due.item", "must name an item listed before this one"))
		}
		for j, k := range it.Prerequisites {
			q := carecoord.Path(p, "prerequisites", j)
			switch {
			case !k.IsValid():
				errs.Add(carecoord.Invalid(q, itemKeyRule))
			case slices.Contains(it.Prerequisites[:j], k):
				errs.Add(carecoord.Duplicate(q, "must not repeat a prerequisite"))
			case !earlier(k):
				errs.Add(carecoord.Invalid(q, "must name an item listed before this one"))
			}
		}
		for j, k := range it.Evidence {
			q := carecoord.Path(p, "evidence", j)
			switch {
			case !k.IsValid():
				errs.Add(carecoord.NotSupported(q, EvidenceKinds()...))
			case slices.Contains(it.Evidence[:j], k):
				errs.Add(carecoord.Duplicate(q, "must not repeat an evidence kind"))
			}
		}
	}
	return errs.Err()
}

// Clone returns a deep copy of t.
func (t TemplateSpec) Clone() TemplateSpec {
	t.Tiers = slices.Clone(t.Tiers)
	if t.Items != nil {
		items := make([]ItemSpec, len(t.Items))
		for i, it := range t.Items {
			it.Prerequisites = slices.Clone(it.Prerequisites)
			it.Evidence = slices.Clone(it.Evidence)
			items[i] = it
		}
		t.Items = items
	}
	return t
}

// A Template is a compiled, validated checklist template, ready to [Instantiate] any number of
// times: built once from a [TemplateSpec] by [NewTemplate], then read-only, so one Template can
// be shared by any number of goroutines. Checklists made from it share its read-only
// prerequisite and evidence lists (see [Item]).
//
// The zero Template has no items; Instantiate refuses it.
type Template struct {
	spec TemplateSpec // a private deep copy; its item slices are clipped, so appends copy
	// anchor[i] is the index of item i's anchor item, or -1 for an event anchor.
	anchor []int
}

// NewTemplate validates spec and compiles it into a Template. The Template keeps its own copy:
// later changes to spec do not affect it. An invalid spec is an error matching
// carecoord.ErrInvalid, with the paths of [TemplateSpec.Validate].
func NewTemplate(spec TemplateSpec) (Template, error) {
	if err := spec.Validate(); err != nil {
		return Template{}, err
	}
	s := spec.Clone()
	t := Template{spec: s, anchor: make([]int, len(s.Items))}
	for i := range s.Items {
		it := &s.Items[i]
		it.Prerequisites = slices.Clip(it.Prerequisites)
		it.Evidence = slices.Clip(it.Evidence)
		t.anchor[i] = -1
		if it.Due.Anchor == AnchorItem {
			t.anchor[i] = slices.IndexFunc(s.Items[:i], func(x ItemSpec) bool { return x.Key == it.Due.Item })
		}
	}
	return t, nil
}

// ID returns the template's id ("" for the zero Template).
func (t Template) ID() string { return t.spec.ID }

// Purpose returns the template's purpose.
func (t Template) Purpose() Purpose { return t.spec.Purpose }

// Serves reports whether the template is for risk tier r: it lists r, or lists no tier.
func (t Template) Serves(r RiskTier) bool {
	return len(t.spec.Tiers) == 0 || slices.Contains(t.spec.Tiers, r)
}

// Spec returns a copy of the spec the template was compiled from.
func (t Template) Spec() TemplateSpec { return t.spec.Clone() }

// IsZero reports whether t is the zero Template.
func (t Template) IsZero() bool { return len(t.spec.Items) == 0 }
