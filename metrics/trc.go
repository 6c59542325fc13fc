package metrics

import "github.com/carecoord/carecoord/transition"

// The transitions-of-care measures: HEDIS TRC's four indicators, each reported on its own,
// and the stand-alone Medication Reconciliation Post-Discharge.
const (
	MeasureTRCNotification  MeasureID = "trc-notification"
	MeasureTRCDischargeInfo MeasureID = "trc-discharge-information"
	MeasureTRCEngagement    MeasureID = "trc-patient-engagement"
	MeasureTRCMedRec        MeasureID = "trc-medication-reconciliation"
	MeasureMRP              MeasureID = "mrp"
)

// TRC returns the rules of the four indicators of HEDIS Transitions of Care for a
// measurement year, in NCQA's order: [TRCNotification], [TRCDischargeInfo],
// [TRCEngagement], [TRCMedRec]. Compute each with [FollowUp]; each is its own Result.
func TRC(year int) []FollowUpRules {
	return []FollowUpRules{TRCNotification(year), TRCDischargeInfo(year), TRCEngagement(year), TRCMedRec(year)}
}

// TRCNotification returns the rules of TRC's Notification of Inpatient Admission: receipt
// of the notification documented in the outpatient record on the day of admission or the 2
// days after (offsets 0 to 2 from the admission; spec §3.1 rule 5, after the Johns Hopkins,
// BCBSRI and ACHN summaries). With readmissions the admission is the episode's first (NCQA's
// "admit date from the first admission, discharge date from the last discharge" [G]).
// MY2018–2019 allowed the day of admission or the next: set Window to {0, 1}. Notices
// received before the admission of a planned stay, which payer tip sheets accept (spec §3.5),
// need a Window starting before 0.
//
// The population is [TRCMedRec]'s.
func TRCNotification(year int) FollowUpRules {
	return fuTRC(year, MeasureTRCNotification, Window{From: 0, To: 2}, AnchorAdmission, ServiceAdmissionNotice)
}

// TRCDischargeInfo returns the rules of TRC's Receipt of Discharge Information: on the
// discharge day or the 2 days after (offsets 0 to 2; 0 to 1 before MY2020: set Window to
// {0, 1}), spec §3.1 rule 5. What the information must hold (the practitioner responsible,
// procedures, diagnoses, medications and allergies, test results, instructions) is the
// caller's to check before passing a [ServiceDischargeInfo].
//
// The population is [TRCMedRec]'s.
func TRCDischargeInfo(year int) FollowUpRules {
	return fuTRC(year, MeasureTRCDischargeInfo, Window{From: 0, To: 2}, AnchorDischarge, ServiceDischargeInfo)
}

// TRCEngagement returns the rules of TRC's Patient Engagement After Inpatient Discharge: an
// outpatient or home visit, a telephone call, synchronous telehealth, an e-visit or virtual
// check-in, or TCM, within 30 days after the discharge and not on the discharge day (offsets 1
// to 30; spec §3.1 rule 5, the Mount Carmel and ACHN tip sheets).
//
// The population is [TRCMedRec]'s.
func TRCEngagement(year int) FollowUpRules {
	return fuTRC(year, MeasureTRCEngagement, Window{From: 1, To: 30}, AnchorDischarge,
		ServiceVisit, ServiceTelehealth, ServiceTelephone, ServiceEVisit, ServiceTCM)
}

// TRCMedRec returns the rules of TRC's Medication Reconciliation Post-Discharge: a
// reconciliation documented in the outpatient record on the discharge day through the 30
// days after (offsets 0 to 30, 31 days; spec §3.1 rule 5). Who may reconcile (a prescribing
// practitioner, clinical pharmacist or registered nurse) is the caller's to check; a
// completed post-discharge [medrec.Reconciliation] gives the service through
// [ServiceFromReconciliation].
//
// The population of every TRC indicator (spec §3.1, NCQA and Johns Hopkins): acute and
// non-acute inpatient discharges (acute, psychiatric, rehabilitation, long-term care
// hospital, skilled nursing) from 1 January to 1 December; a readmission or direct transfer
// to any inpatient setting on the discharge day or the 30 days after re-anchors the event to
// the last discharge, and the episode is dropped when that is after 1 December; deaths in the
// period excluded (the general HEDIS exclusion of newer volumes [G]). Age (18 and over, as of
// 31 December), Medicare enrollment and hospice are the caller's, through [Options.Eligible].
func TRCMedRec(year int) FollowUpRules {
	return fuTRC(year, MeasureTRCMedRec, Window{From: 0, To: 30}, AnchorDischarge, ServiceMedRec)
}

// MRP returns the rules of HEDIS Medication Reconciliation Post-Discharge, the stand-alone
// measure TRC's fourth indicator succeeded (spec §3.4): discharges 1 January to 1 December, a
// reconciliation on the discharge day through the 30 days after. The population rules are
// TRC's; the spec states only the dates, and the readmission rule is the TRC one [G]. Age 18
// and over is the caller's, through [Options.Eligible].
func MRP(year int) FollowUpRules {
	r := TRCMedRec(year)
	r.Measure = MeasureMRP
	return r
}

// fuTRC returns the rules every TRC indicator shares, with its window and services.
func fuTRC(year int, m MeasureID, w Window, from Anchor, kinds ...ServiceKind) FollowUpRules {
	return FollowUpRules{
		Measure: m,
		Period:  calendarYear(year),
		Settings: []transition.Setting{transition.SettingAcuteInpatient, transition.SettingPsychiatricInpatient,
			transition.SettingInpatientRehab, transition.SettingLongTermCareHospital, transition.SettingSkilledNursing},
		Event:         AnchorDischarge,
		Window:        w,
		From:          from,
		Kinds:         kinds,
		Readmission:   Window{From: 0, To: 30},
		OnAcute:       ReadmitLastDischarge,
		OnAcuteOther:  ReadmitLastDischarge,
		OnNonAcute:    ReadmitLastDischarge,
		ExcludeDeaths: true,
	}
}
