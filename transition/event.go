package transition

import (
	"slices"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

// A Kind says what an [Event] records: an inpatient admission still under way, the end of an
// inpatient stay (a discharge, or a transfer to another hospital), an emergency department
// visit, or an observation stay. These are the library's tokens for what a hospital's ADT feed
// reports (HL7 v2 A01 admit, A03 discharge with its disposition, A04 registration of an ED or
// observation patient); [Kind.EncounterClass] gives the FHIR Encounter.class. The zero Kind is not
// valid.
type Kind string

// The event kinds.
const (
	// KindAdmission is an inpatient admission under way: Admitted is set, Discharged is not.
	KindAdmission Kind = "inpatient-admission"
	// KindDischarge is an ended inpatient (or SNF, IRF, LTCH, partial hospitalization) stay.
	KindDischarge Kind = "inpatient-discharge"
	// KindTransfer is an ended inpatient stay that went on to inpatient care in another
	// hospital: its disposition's destination is an acute or psychiatric hospital.
	KindTransfer Kind = "transfer"
	// KindEDVisit is an emergency department visit (treat and release, or admitted): Admitted
	// is the arrival, Discharged the departure.
	KindEDVisit Kind = "ed-visit"
	// KindObservation is a hospital outpatient observation stay: Admitted is when it began,
	// Discharged (when set) when it ended.
	KindObservation Kind = "observation-stay"
)

// Kinds returns every Kind, in a new slice.
func Kinds() []Kind {
	return []Kind{KindAdmission, KindDischarge, KindTransfer, KindEDVisit, KindObservation}
}

// IsValid reports whether k is one of [Kinds].
func (k Kind) IsValid() bool {
	switch k {
	case KindAdmission, KindDischarge, KindTransfer, KindEDVisit, KindObservation:
		return true
	}
	return false
}

// EncounterClass returns the FHIR R4 Encounter.class for k, from HL7 v3 ActCode: IMP
// (inpatient encounter) for admissions, discharges and transfers, EMER (emergency) for ED
// visits, OBSENC (observation encounter) for observation stays. It returns the zero Coding for
// an invalid Kind.
func (k Kind) EncounterClass() carecoord.Coding {
	code := ""
	switch k {
	case KindAdmission, KindDischarge, KindTransfer:
		code = "IMP"
	case KindEDVisit:
		code = "EMER"
	case KindObservation:
		code = "OBSENC"
	default:
		return carecoord.Coding{}
	}
	return carecoord.Coding{System: carecoord.SystemTHO + "v3-ActCode", Code: code}
}

// A Setting is the kind of facility the patient is discharged from. It decides, with the
// [Destination], whether Transitional Care Management can follow: CMS lists the qualifying
// settings as inpatient acute care hospital, inpatient psychiatric hospital, inpatient
// rehabilitation facility, long-term care hospital, skilled nursing facility, hospital
// outpatient observation or partial hospitalization, and partial hospitalization at a
// community mental health center (CMS MLN908628, Transitional Care Management Services; spec
// §3.1 and metrics spec §4.1). An emergency department visit is not among them. The zero
// Setting is not valid.
type Setting string

// The settings.
const (
	SettingAcuteInpatient       Setting = "acute-inpatient"              // inpatient acute care hospital
	SettingPsychiatricInpatient Setting = "psychiatric-inpatient"        // inpatient psychiatric hospital
	SettingInpatientRehab       Setting = "inpatient-rehab"              // inpatient rehabilitation facility
	SettingLongTermCareHospital Setting = "long-term-care-hospital"      // long-term care hospital
	SettingSkilledNursing       Setting = "skilled-nursing"              // skilled nursing facility
	SettingObservation          Setting = "observation"                  // hospital outpatient observation
	SettingPartialHospital      Setting = "partial-hospitalization"      // hospital partial hospitalization
	SettingCMHCPartialHospital  Setting = "cmhc-partial-hospitalization" // partial hospitalization at a community mental health center
	SettingEmergencyDepartment  Setting = "emergency-department"         // emergency department
)

// Settings returns every Setting, in a new slice.
func Settings() []Setting {
	return []Setting{SettingAcuteInpatient, SettingPsychiatricInpatient, SettingInpatientRehab,
		SettingLongTermCareHospital, SettingSkilledNursing, SettingObservation, SettingPartialHospital,
		SettingCMHCPartialHospital, SettingEmergencyDepartment}
}

// IsValid reports whether s is one of [Settings].
func (s Setting) IsValid() bool {
	switch s {
	case SettingAcuteInpatient, SettingPsychiatricInpatient, SettingInpatientRehab,
		SettingLongTermCareHospital, SettingSkilledNursing, SettingObservation, SettingPartialHospital,
		SettingCMHCPartialHospital, SettingEmergencyDepartment:
		return true
	}
	return false
}

// QualifiesForTCM reports whether a discharge from s can start Transitional Care Management:
// every setting but the emergency department (CMS MLN908628).
func (s Setting) QualifiesForTCM() bool { return s.IsValid() && s != SettingEmergencyDepartment }

// fits reports whether a stay in setting s can be recorded as an event of kind k.
func (s Setting) fits(k Kind) bool {
	switch k {
	case KindEDVisit:
		return s == SettingEmergencyDepartment
	case KindObservation:
		return s == SettingObservation
	}
	return s.IsValid() && s != SettingEmergencyDepartment && s != SettingObservation
}

// An Event is one encounter-level transition of a patient, as a hospital's ADT feed reports it: an
// admission, the end of a stay (with where the patient went), an emergency visit or an observation
// stay, at one facility, with the facility's time zone so that the instants give the right local
// days. It is the anchor of every checklist deadline ([Instantiate]) and of the TCM decision
// ([DecideTCM]). It maps to a FHIR R4 Encounter: Kind to class, Admitted and Discharged to
// period, Disposition to hospitalization.dischargeDisposition, Diagnoses to diagnosis.
//
// Location is the facility's time zone; civil dates (the discharge day that every day count
// starts from) are taken in it, never in UTC. A *time.Location cannot be serialised, so it is
// not: a Store keeps Zone, the location's IANA name ("America/New_York"), and the host restores
// Location with time.LoadLocation(e.Zone) after reading the record (the library never loads time
// zones itself). [Event.WithLocation] sets both. Validate requires Zone to equal Location.String().
//
// The zero Event is not valid; [Event.Validate] says why.
type Event struct {
	carecoord.Meta
	// Kind says what the event records.
	Kind Kind `json:"kind"`
	// Patient is the patient.
	Patient carecoord.PatientID `json:"patient"`
	// Facility is the hospital or facility (an organization).
	Facility carecoord.Actor `json:"facility"`
	// Setting is the kind of care the patient was in at the facility.
	Setting Setting `json:"setting"`
	// Admitted is when the stay or visit began (the ED arrival for an ED visit).
	Admitted time.Time `json:"admitted"`
	// Discharged is when it ended; zero while it goes on (an admission, an open observation stay
	// or ED visit).
	Discharged time.Time `json:"discharged,omitzero"`
	// Location is the facility's time zone; not serialised (see Zone).
	Location *time.Location `json:"-"`
	// Zone is Location's IANA name, which a store keeps in its place.
	Zone string `json:"zone"`
	// Disposition is where the patient went (NUBC patient status); set exactly when Discharged is.
	Disposition Disposition `json:"disposition,omitempty"`
	// Diagnoses are the stay's diagnoses in ICD-10-CM, the principal diagnosis first.
	Diagnoses []carecoord.Coding `json:"diagnoses,omitempty"`
	// Attending is the attending clinician at the facility; optional.
	Attending carecoord.Actor `json:"attending,omitzero"`
	// PrimaryCare is the primary care practice (or clinician) to notify and hand over to;
	// optional, but a discharge without one is a gap the discharge checklist asks to close
	// (Project RED component 2: find a PCP for a patient who has none).
	PrimaryCare carecoord.Actor `json:"primaryCare,omitzero"`
	// Risk is the readmission-risk tier, from a score computed elsewhere (LACE, HOSPITAL); it
	// chooses the intensity of follow-up ([Program.Plan]). Optional: zero means not assessed.
	Risk RiskTier `json:"risk,omitempty"`
}

// WithLocation returns e with Location set to loc and Zone to loc's name.
func (e Event) WithLocation(loc *time.Location) Event {
	e.Location = loc
	e.Zone = ""
	if loc != nil {
		e.Zone = loc.String()
	}
	return e
}

// Ended reports whether the stay or visit is over: Discharged is set.
func (e Event) Ended() bool { return !e.Discharged.IsZero() }

// Destination returns the category of e's disposition, or "" when it has none.
func (e Event) Destination() Destination { return e.Disposition.Destination() }

// AdmissionDate returns the local day the stay began, in the facility's zone; the zero Date when
// Admitted or Location is not set.
func (e Event) AdmissionDate() civil.Date { return localDate(e.Admitted, e.Location) }

// DischargeDate returns the local day the stay ended, in the facility's zone: a discharge at
// 23:30 in New York is that New York day, whatever the UTC date. It is the zero Date while the
// stay goes on or when Location is not set.
func (e Event) DischargeDate() civil.Date { return localDate(e.Discharged, e.Location) }

func localDate(t time.Time, loc *time.Location) civil.Date {
	if t.IsZero() || loc == nil {
		return civil.Date{}
	}
	return civil.DateOf(t.In(loc))
}

// Clone returns a deep copy of e (Location, which is immutable, is shared).
func (e Event) Clone() Event {
	e.Diagnoses = slices.Clone(e.Diagnoses)
	return e
}

// inSupportedRange reports whether t is in the span of instants the library accepts, so that
// every day count stays inside the civil calendar and its federal holiday table: the years 1900
// to 2199 (UTC).
func inSupportedRange(t time.Time) bool {
	y := t.UTC().Year()
	return y >= 1900 && y <= 2199
}

// Validate reports every problem with e as carecoord.FieldErrors (matching carecoord.ErrInvalid),
// with paths from the event's root. It checks the required fields, that the setting fits the kind
// (an ED visit is in the emergency department, an observation stay in observation, inpatient
// kinds elsewhere), that an admission has not ended and a discharge or transfer has, that the
// disposition is set exactly when the stay has ended and fits the kind (a transfer goes to
// another hospital; a discharge or observation stay does not end "still a patient", an inpatient
// discharge does not end "admitted here"), that Discharged is not before Admitted, that both are
// in 1900–2199, that Zone names Location, and that the diagnoses are ICD-10-CM codes. It does not
// check Meta, which the Store does.
func (e Event) Validate() error {
	var errs carecoord.FieldErrors
	switch {
	case e.Kind == "":
		errs.Add(carecoord.Required("kind", "must be set"))
	case !e.Kind.IsValid():
		errs.Add(carecoord.NotSupported("kind", Kinds()...))
	}
	switch {
	case e.Patient == "":
		errs.Add(carecoord.Required("patient", "must name the patient"))
	case !e.Patient.IsValid():
		errs.Add(carecoord.Invalid("patient", "must be a FHIR id"))
	}
	errs.Nest("facility", e.Facility.Validate())
	if e.Facility.Kind.IsValid() && e.Facility.Kind != carecoord.ActorOrganization {
		errs.Add(carecoord.Invalid("facility.kind", "must be an Organization"))
	}
	switch {
	case e.Setting == "":
		errs.Add(carecoord.Required("setting", "must be set"))
	case !e.Setting.IsValid():
		errs.Add(carecoord.NotSupported("setting", Settings()...))
	case e.Kind.IsValid() && !e.Setting.fits(e.Kind):
		errs.Add(carecoord.Invalid("setting", "must fit the kind: an ED visit is in the emergency department, an observation stay in observation, inpatient kinds in an inpatient setting"))
	}
	switch {
	case e.Admitted.IsZero():
		errs.Add(carecoord.Required("admitted", "must say when the stay began"))
	case !inSupportedRange(e.Admitted):
		errs.Add(carecoord.OutOfRange("admitted", "must be in the years 1900 to 2199"))
	}
	switch {
	case e.Discharged.IsZero():
		if e.Kind == KindDischarge || e.Kind == KindTransfer {
			errs.Add(carecoord.Required("discharged", "must say when the stay ended"))
		}
	case e.Kind == KindAdmission:
		errs.Add(carecoord.NotAllowed("discharged", "must be empty for an admission under way (record the discharge as inpatient-discharge or transfer)"))
	case !inSupportedRange(e.Discharged):
		errs.Add(carecoord.OutOfRange("discharged", "must be in the years 1900 to 2199"))
	case !e.Admitted.IsZero() && e.Discharged.Before(e.Admitted):
		errs.Add(carecoord.Invalid("discharged", "must not be before admitted"))
	}
	switch {
	case e.Location == nil:
		errs.Add(carecoord.Required("location", "must be the facility's time zone (restore it from zone with time.LoadLocation)"))
	case e.Zone != e.Location.String():
		errs.Add(carecoord.Invalid("zone", "must be the name of location (use WithLocation)"))
	}
	e.validateDisposition(&errs)
	for i, d := range e.Diagnoses {
		p := carecoord.Path("diagnoses", i)
		errs.Nest(p, d.Validate())
		if d.System != "" && d.System != carecoord.SystemICD10CM {
			errs.Add(carecoord.Invalid(p+".system", "must be ICD-10-CM"))
		} else if d.System == carecoord.SystemICD10CM && d.Code != "" && !isICD10CM(d.Code) {
			errs.Add(carecoord.Invalid(p+".code", "must have the ICD-10-CM form: a letter, two digits or a digit and a letter, then optionally a dot and 1 to 4 characters"))
		}
	}
	if !e.Attending.IsZero() {
		errs.Nest("attending", e.Attending.Validate())
	}
	if !e.PrimaryCare.IsZero() {
		errs.Nest("primaryCare", e.PrimaryCare.Validate())
	}
	if e.Risk != "" && !e.Risk.IsValid() {
		errs.Add(carecoord.NotSupported("risk", RiskTiers()...))
	}
	return errs.Err()
}

func (e Event) validateDisposition(errs *carecoord.FieldErrors) {
	switch {
	case e.Disposition == "":
		if e.Ended() {
			errs.Add(carecoord.Required("disposition", "must say where the patient went when the stay ended"))
		}
		return
	case !e.Disposition.IsValid():
		errs.Add(carecoord.Invalid("disposition", "must be a NUBC patient discharge status code (01 to 95)"))
		return
	case !e.Ended():
		errs.Add(carecoord.NotAllowed("disposition", "must be empty until the stay has ended"))
		return
	}
	d := e.Disposition.Destination()
	switch {
	case d == DestStillPatient:
		errs.Add(carecoord.Invalid("disposition", "must end the stay: still-patient (30) is for interim bills"))
	case e.Kind == KindTransfer && !d.IsInpatientTransfer():
		errs.Add(carecoord.Invalid("disposition", "must be another hospital's inpatient care for a transfer"))
	case e.Kind == KindDischarge && d == DestAdmitted:
		errs.Add(carecoord.Invalid("disposition", "must not be admitted-here (09) for an inpatient discharge"))
	}
}

// isICD10CM reports whether s has the shape of an ICD-10-CM code, with or without its dot:
// a letter, a digit, a digit or letter, then up to four more characters (after a dot, when
// there is one). It does not check that the code exists.
func isICD10CM(s string) bool {
	if len(s) < 3 || len(s) > 8 {
		return false
	}
	upper := func(c byte) bool { return 'A' <= c && c <= 'Z' }
	digit := func(c byte) bool { return '0' <= c && c <= '9' }
	if !upper(s[0]) || !digit(s[1]) || !(digit(s[2]) || upper(s[2])) {
		return false
	}
	rest := s[3:]
	if len(rest) > 0 && rest[0] == '.' {
		rest = rest[1:]
		if len(rest) == 0 {
			return false
		}
	}
	if len(rest) > 4 {
		return false
	}
	for i := 0; i < len(rest); i++ {
		if !upper(rest[i]) && !digit(rest[i]) {
			return false
		}
	}
	return true
}
