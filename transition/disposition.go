package transition

import "github.com/carecoord/carecoord"

// A Disposition is where a patient went at the end of a stay: a NUBC UB-04 form locator 17
// patient discharge status code, the two-digit code hospitals put on every institutional claim
// (code system carecoord.SystemNUBCDischargeStatus; HL7 Terminology names it
// AHA_NUBC_PatientDischargeStatus, and the CARIN Blue Button and C-CDA value sets for discharge
// disposition include it whole). The value is the code itself ("01", "06", "20"), so mapping to a
// FHIR Encounter.hospitalization.dischargeDisposition coding is the identity ([Disposition.Coding]).
//
// The codes are the property of the American Hospital Association; the descriptions in this
// package are short paraphrases for developers, not the NUBC manual's wording. Codes 81 to 95 are
// the same destinations as 01 to 70 with a planned acute-care readmission ([Disposition.PlannedReadmission]).
// Codes that NUBC has retired (08 home IV provider) are not valid.
//
// The zero Disposition is not valid.
type Disposition string

// The NUBC patient discharge status codes, each with its [Destination].
const (
	DispositionHome                    Disposition = "01" // home or self care (routine discharge): home, group home, independent or residential living
	DispositionShortTermHospital       Disposition = "02" // another short-term general hospital, for inpatient care
	DispositionSNF                     Disposition = "03" // skilled nursing facility with Medicare certification, for skilled care
	DispositionCustodialCare           Disposition = "04" // facility giving custodial or supportive care (intermediate care, state-designated assisted living, uncertified nursing facility)
	DispositionCancerOrChildrens       Disposition = "05" // designated cancer center or children's hospital
	DispositionHomeHealth              Disposition = "06" // home, under the care of an organised home health service
	DispositionLeftAMA                 Disposition = "07" // left against medical advice or discontinued care
	DispositionAdmittedHere            Disposition = "09" // admitted as an inpatient to this hospital (outpatient, observation and ED claims)
	DispositionExpired                 Disposition = "20" // expired
	DispositionLawEnforcement          Disposition = "21" // court or law enforcement
	DispositionStillPatient            Disposition = "30" // still a patient (interim bills)
	DispositionExpiredAtHome           Disposition = "40" // expired at home (hospice claims)
	DispositionExpiredInFacility       Disposition = "41" // expired in a medical facility (hospice claims)
	DispositionExpiredPlaceUnknown     Disposition = "42" // expired, place unknown (hospice claims)
	DispositionFederalFacility         Disposition = "43" // federal health care facility (e.g. a VA hospital or nursing home)
	DispositionHospiceHome             Disposition = "50" // hospice, at home
	DispositionHospiceFacility         Disposition = "51" // hospice, in a medical facility (certified) providing hospice care
	DispositionSwingBed                Disposition = "61" // hospital-based Medicare-approved swing bed
	DispositionIRF                     Disposition = "62" // inpatient rehabilitation facility or a hospital's rehabilitation unit
	DispositionLTCH                    Disposition = "63" // Medicare-certified long-term care hospital
	DispositionNursingFacility         Disposition = "64" // nursing facility certified under Medicaid but not Medicare
	DispositionPsychiatricHospital     Disposition = "65" // psychiatric hospital or a hospital's psychiatric unit
	DispositionCriticalAccess          Disposition = "66" // critical access hospital
	DispositionDisasterSite            Disposition = "69" // designated disaster alternative care site
	DispositionOtherInstitution        Disposition = "70" // another type of health care institution not listed elsewhere
	DispositionHomePlanned             Disposition = "81" // 01 with a planned acute-care readmission
	DispositionShortTermPlanned        Disposition = "82" // 02 with a planned acute-care readmission
	DispositionSNFPlanned              Disposition = "83" // 03 with a planned acute-care readmission
	DispositionCustodialPlanned        Disposition = "84" // 04 with a planned acute-care readmission
	DispositionCancerOrChildrenPlanned Disposition = "85" // 05 with a planned acute-care readmission
	DispositionHomeHealthPlanned       Disposition = "86" // 06 with a planned acute-care readmission
	DispositionLawEnforcementPlanned   Disposition = "87" // 21 with a planned acute-care readmission
	DispositionFederalPlanned          Disposition = "88" // 43 with a planned acute-care readmission
	DispositionSwingBedPlanned         Disposition = "89" // 61 with a planned acute-care readmission
	DispositionIRFPlanned              Disposition = "90" // 62 with a planned acute-care readmission
	DispositionLTCHPlanned             Disposition = "91" // 63 with a planned acute-care readmission
	DispositionNursingFacilityPlanned  Disposition = "92" // 64 with a planned acute-care readmission
	DispositionPsychiatricPlanned      Disposition = "93" // 65 with a planned acute-care readmission
	DispositionCriticalAccessPlanned   Disposition = "94" // 66 with a planned acute-care readmission
	DispositionOtherPlanned            Disposition = "95" // 70 with a planned acute-care readmission
)

// Dispositions returns every valid Disposition in code order, in a new slice.
func Dispositions() []Disposition {
	return []Disposition{DispositionHome, DispositionShortTermHospital, DispositionSNF, DispositionCustodialCare,
		DispositionCancerOrChildrens, DispositionHomeHealth, DispositionLeftAMA, DispositionAdmittedHere, DispositionExpired,
		DispositionLawEnforcement, DispositionStillPatient, DispositionExpiredAtHome, DispositionExpiredInFacility,
		DispositionExpiredPlaceUnknown, DispositionFederalFacility, DispositionHospiceHome, DispositionHospiceFacility,
		DispositionSwingBed, DispositionIRF, DispositionLTCH, DispositionNursingFacility, DispositionPsychiatricHospital,
		DispositionCriticalAccess, DispositionDisasterSite, DispositionOtherInstitution, DispositionHomePlanned,
		DispositionShortTermPlanned, DispositionSNFPlanned, DispositionCustodialPlanned, DispositionCancerOrChildrenPlanned,
		DispositionHomeHealthPlanned, DispositionLawEnforcementPlanned, DispositionFederalPlanned, DispositionSwingBedPlanned,
		DispositionIRFPlanned, DispositionLTCHPlanned, DispositionNursingFacilityPlanned, DispositionPsychiatricPlanned,
		DispositionCriticalAccessPlanned, DispositionOtherPlanned}
}

// Destination returns the setting category the patient went to, or "" for a code that is not
// valid. This mapping is the table the rest of the package decides by (which checklists apply,
// whether TCM can be billed); it is the library's reading of the NUBC usage notes.
func (s Disposition) Destination() Destination {
	switch s {
	case DispositionHome, DispositionHomePlanned:
		return DestHome
	case DispositionHomeHealth, DispositionHomeHealthPlanned:
		return DestHomeHealth
	case DispositionLeftAMA:
		return DestLeftAMA
	case DispositionCustodialCare, DispositionCustodialPlanned:
		return DestCustodialCare
	case DispositionNursingFacility, DispositionNursingFacilityPlanned:
		return DestNursingFacility
	case DispositionSNF, DispositionSNFPlanned, DispositionSwingBed, DispositionSwingBedPlanned:
		return DestSkilledNursing
	case DispositionIRF, DispositionIRFPlanned:
		return DestInpatientRehab
	case DispositionLTCH, DispositionLTCHPlanned:
		return DestLongTermCareHospital
	case DispositionShortTermHospital, DispositionShortTermPlanned, DispositionCancerOrChildrens, DispositionCancerOrChildrenPlanned,
		DispositionCriticalAccess, DispositionCriticalAccessPlanned:
		return DestAcuteHospital
	case DispositionPsychiatricHospital, DispositionPsychiatricPlanned:
		return DestPsychiatricHospital
	case DispositionFederalFacility, DispositionFederalPlanned:
		return DestFederalFacility
	case DispositionDisasterSite, DispositionOtherInstitution, DispositionOtherPlanned:
		return DestOtherInstitution
	case DispositionHospiceHome:
		return DestHospiceHome
	case DispositionHospiceFacility:
		return DestHospiceFacility
	case DispositionLawEnforcement, DispositionLawEnforcementPlanned:
		return DestLawEnforcement
	case DispositionExpired, DispositionExpiredAtHome, DispositionExpiredInFacility, DispositionExpiredPlaceUnknown:
		return DestExpired
	case DispositionAdmittedHere:
		return DestAdmitted
	case DispositionStillPatient:
		return DestStillPatient
	}
	return ""
}

// IsValid reports whether s is one of [Dispositions].
func (s Disposition) IsValid() bool { return s.Destination() != "" }

// PlannedReadmission reports whether the code says an acute-care inpatient readmission is
// planned (codes 81 to 95, NUBC since October 2013).
func (s Disposition) PlannedReadmission() bool { return s.IsValid() && s >= "81" }

// Coding returns s as a carecoord.Coding in the NUBC patient discharge status code system.
func (s Disposition) Coding() carecoord.Coding {
	return carecoord.Coding{System: carecoord.SystemNUBCDischargeStatus, Code: string(s)}
}

// A Destination is the category of setting a patient went to at the end of a stay, grouped from
// [Disposition] codes as the care that follows differs: a community setting gets
// post-discharge follow-up, a facility gets a hand-off, a death or an inpatient transfer gets
// neither. These are the library's tokens. The zero Destination is not valid.
type Destination string

// The destinations.
const (
	DestHome                 Destination = "home"                    // home or self care, including group homes and residential arrangements (01, 81)
	DestHomeHealth           Destination = "home-health"             // home with organised home health care (06, 86)
	DestLeftAMA              Destination = "left-against-advice"     // left against medical advice (07)
	DestCustodialCare        Destination = "custodial-care"          // custodial or supportive care: intermediate care, state-designated assisted living, uncertified nursing facility (04, 84)
	DestNursingFacility      Destination = "nursing-facility"        // Medicaid-certified nursing facility (64, 92)
	DestSkilledNursing       Destination = "skilled-nursing"         // Medicare SNF or swing bed (03, 83, 61, 89)
	DestInpatientRehab       Destination = "inpatient-rehab"         // inpatient rehabilitation facility (62, 90)
	DestLongTermCareHospital Destination = "long-term-care-hospital" // LTCH (63, 91)
	DestAcuteHospital        Destination = "acute-hospital"          // another acute hospital: short-term, cancer, children's, critical access (02, 05, 66 and 82, 85, 94)
	DestPsychiatricHospital  Destination = "psychiatric-hospital"    // psychiatric hospital or unit (65, 93)
	DestFederalFacility      Destination = "federal-facility"        // federal facility such as the VA (43, 88)
	DestOtherInstitution     Destination = "other-institution"       // another institution, a disaster care site (69, 70, 95)
	DestHospiceHome          Destination = "hospice-home"            // hospice at home (50)
	DestHospiceFacility      Destination = "hospice-facility"        // hospice in a facility (51)
	DestLawEnforcement       Destination = "law-enforcement"         // court or law enforcement (21, 87)
	DestExpired              Destination = "expired"                 // the patient died (20, 40, 41, 42)
	DestAdmitted             Destination = "admitted"                // admitted as an inpatient here: the stay goes on (09)
	DestStillPatient         Destination = "still-patient"           // still a patient: not a discharge (30)
)

// Destinations returns every Destination, in a new slice.
func Destinations() []Destination {
	return []Destination{DestHome, DestHomeHealth, DestLeftAMA, DestCustodialCare, DestNursingFacility,
		DestSkilledNursing, DestInpatientRehab, DestLongTermCareHospital, DestAcuteHospital,
		DestPsychiatricHospital, DestFederalFacility, DestOtherInstitution, DestHospiceHome,
		DestHospiceFacility, DestLawEnforcement, DestExpired, DestAdmitted, DestStillPatient}
}

// IsValid reports whether d is one of [Destinations].
func (d Destination) IsValid() bool {
	switch d {
	case DestHome, DestHomeHealth, DestLeftAMA, DestCustodialCare, DestNursingFacility,
		DestSkilledNursing, DestInpatientRehab, DestLongTermCareHospital, DestAcuteHospital,
		DestPsychiatricHospital, DestFederalFacility, DestOtherInstitution, DestHospiceHome,
		DestHospiceFacility, DestLawEnforcement, DestExpired, DestAdmitted, DestStillPatient:
		return true
	}
	return false
}

// IsCommunity reports whether the patient went back to the community, where the primary care
// practice takes over: home, home with home health, custodial care or assisted living, or home
// against medical advice. These get post-discharge follow-up.
func (d Destination) IsCommunity() bool {
	return d == DestHome || d == DestHomeHealth || d == DestCustodialCare || d == DestLeftAMA
}

// IsInpatientTransfer reports whether the patient went on to inpatient care in another hospital
// (acute or psychiatric). The receiving hospital will discharge the patient later, and the
// transitional care follows that discharge, not this one.
func (d Destination) IsInpatientTransfer() bool {
	return d == DestAcuteHospital || d == DestPsychiatricHospital
}

// IsFacility reports whether another organisation's staff take over the patient's daily care: a
// nursing or rehabilitation facility, a long-term care hospital, another hospital, hospice, a
// federal or other institution, or custody. These get a hand-off.
func (d Destination) IsFacility() bool {
	switch d {
	case DestNursingFacility, DestSkilledNursing, DestInpatientRehab, DestLongTermCareHospital,
		DestAcuteHospital, DestPsychiatricHospital, DestFederalFacility, DestOtherInstitution,
		DestHospiceHome, DestHospiceFacility, DestLawEnforcement:
		return true
	}
	return false
}

// IsHospice reports whether the patient went to hospice care, at home or in a facility.
func (d Destination) IsHospice() bool { return d == DestHospiceHome || d == DestHospiceFacility }

// EndsStay reports whether d ends the encounter: everything but admitted (the stay continues as
// an inpatient admission) and still-patient.
func (d Destination) EndsStay() bool {
	return d.IsValid() && d != DestAdmitted && d != DestStillPatient
}
