package transition

// This file holds the built-in checklist templates as data. Each item cites its source; where the
// sources give no deadline the library's choice is marked "library default". Organisations change
// them by editing the returned TemplateSpec (they are plain values) or write their own.

// Source citations, shared by the templates.
const (
	srcRED      = "Project RED (Re-Engineered Discharge), Boston University; AHRQ RED Toolkit"
	srcCTI      = "Coleman Care Transitions Intervention"
	srcBOOST    = "Project BOOST, Society of Hospital Medicine"
	srcTCM      = "CMS MLN908628 Transitional Care Management Services; CMS TCM FAQ"
	srcTRC      = "NCQA HEDIS Transitions of Care (TRC)"
	srcFMC      = "NCQA HEDIS Follow-Up After ED Visit for People With Multiple High-Risk Chronic Conditions (FMC)"
	srcNotify   = "CMS Conditions of Participation, 42 CFR 482.24(d) (admission, discharge and transfer notifications)"
	srcChecklst = "spec §3.1, typical discharge checklist synthesised from RED, CTI and BOOST"
)

func before(a Anchor) DueRule            { return DueRule{N: 0, Unit: UnitHours, Anchor: a} }
func hoursAfter(n int, a Anchor) DueRule { return DueRule{N: n, Unit: UnitHours, Anchor: a} }
func daysAfter(n int, a Anchor) DueRule  { return DueRule{N: n, Unit: UnitDays, Anchor: a} }
func hoursBetween(from, n int, a Anchor) DueRule {
	return DueRule{From: from, N: n, Unit: UnitHours, Anchor: a}
}
func bizAfter(n int, a Anchor) DueRule { return DueRule{N: n, Unit: UnitBusinessDays, Anchor: a} }
func byDayOf(k ItemKey) DueRule        { return DueRule{N: 0, Unit: UnitDays, Anchor: AnchorItem, Item: k} }

func keys(ks ...ItemKey) []ItemKey               { return ks }
func evidence(ks ...EvidenceKind) []EvidenceKind { return ks }

// DischargeTemplate returns the hospital's discharge checklist: Project RED's twelve components
// (the 2nd-edition toolkit adds language assistance to the original eleven), with the items of the
// typical discharge checklist that RED leaves implicit (risk and social-needs screen, caregiver,
// goals of care) and the admission notification to the primary care practice. Items are due
// before discharge unless they follow it: the discharge summary within 2 days (the HEDIS TRC
// receipt window, days 0–2) and RED's reinforcement call 3 days after (AHRQ puts it 2–3 days
// after discharge; calendar days, not TCM's business days, on purpose: spec §3.2).
func DischargeTemplate() TemplateSpec {
	return TemplateSpec{
		ID: "red-discharge", Version: "2025.1", Purpose: PurposeDischarge,
		Source: srcRED + " (12 components, 2nd edition); " + srcBOOST + "; " + srcChecklst,
		Items: []ItemSpec{
			{Key: "admission-notified", Owner: RoleCaseManager, Due: daysAfter(2, AnchorAdmission), Required: true,
				Evidence: evidence(EvidenceCommunication), Source: srcNotify + "; " + srcTRC + " notification window, days 0-2"},
			{Key: "language-assistance", Owner: RoleCaseManager, Due: before(AnchorDischarge), Required: true,
				Evidence: evidence(EvidenceAttestation, EvidenceDocument), Source: srcRED + ", component 1 (added in the 2nd edition)"},
			{Key: "risk-screen", Owner: RoleHospitalNurse, Due: before(AnchorDischarge), Required: true,
				Evidence: evidence(EvidenceQuestionnaire, EvidenceDocument), Source: srcBOOST + ", 8Ps risk assessment; " + srcChecklst + " (risk and SDOH screen)"},
			{Key: "discharge-medicines", Owner: RolePharmacist, Due: before(AnchorDischarge), Required: true,
				Evidence: evidence(EvidenceMedication), Source: srcRED + ", component 5; " + srcBOOST + ", medication reconciliation at discharge"},
			{Key: "follow-up-appointments", Owner: RoleCaseManager, Due: before(AnchorDischarge), Required: true,
				Evidence: evidence(EvidenceAppointment), Source: srcRED + ", component 2 (including a PCP for a patient without one, and transport)"},
			{Key: "pending-results", Owner: RoleHospitalPhysician, Due: before(AnchorDischarge), Required: true,
				Evidence: evidence(EvidenceDocument, EvidenceAttestation), Source: srcRED + ", component 3; waive when nothing is pending"},
			{Key: "services-and-equipment", Owner: RoleCaseManager, Due: before(AnchorDischarge),
				Evidence: evidence(EvidenceOrder), Source: srcRED + ", component 4; optional: not every patient needs services or equipment"},
			{Key: "guideline-reconciliation", Owner: RoleHospitalPhysician, Due: before(AnchorDischarge), Required: true,
				Evidence: evidence(EvidenceAttestation), Source: srcRED + ", component 6"},
			{Key: "written-plan", Owner: RoleHospitalNurse, Due: before(AnchorDischarge), Required: true,
				Prerequisites: keys("discharge-medicines", "follow-up-appointments"),
				Evidence:      evidence(EvidenceDocument), Source: srcRED + ", component 7 (the After Hospital Care Plan lists the medicines and appointments)"},
			{Key: "education", Owner: RoleHospitalNurse, Due: before(AnchorDischarge), Required: true,
				Prerequisites: keys("discharge-medicines"),
				Evidence:      evidence(EvidenceAttestation, EvidenceDocument), Source: srcRED + ", component 8; " + srcCTI + ", pillar 1"},
			{Key: "red-flags", Owner: RoleHospitalNurse, Due: before(AnchorDischarge), Required: true,
				Evidence: evidence(EvidenceAttestation), Source: srcRED + ", component 9; " + srcCTI + ", pillar 4"},
			{Key: "teach-back", Owner: RoleHospitalNurse, Due: before(AnchorDischarge), Required: true,
				Prerequisites: keys("written-plan", "education", "red-flags"),
				Evidence:      evidence(EvidenceAttestation), Source: srcRED + ", component 10; " + srcBOOST + ", teach-back"},
			{Key: "caregiver-trained", Owner: RoleHospitalNurse, Due: before(AnchorDischarge),
				Evidence: evidence(EvidenceAttestation), Source: srcChecklst + "; optional"},
			{Key: "advance-directive", Owner: RoleHospitalPhysician, Due: before(AnchorDischarge),
				Evidence: evidence(EvidenceDocument), Source: srcChecklst + " ([R] in the spec); optional; CTI's fifth pillar in some programmes"},
			{Key: "discharge-summary-sent", Owner: RoleHospitalPhysician, Due: daysAfter(2, AnchorDischarge), Required: true,
				Evidence: evidence(EvidenceDocument, EvidenceCommunication), Source: srcRED + ", component 11; " + srcTRC + " receipt of discharge information, days 0-2"},
			{Key: "reinforcement-call", Owner: RoleCaseManager, Due: daysAfter(3, AnchorDischarge), Required: true,
				Evidence: evidence(EvidenceCommunication), Source: srcRED + ", component 12 (AHRQ RED training: a call 2-3 days after discharge)"},
		},
	}
}

// PostDischargeOptions say what a follow-up programme offers. The zero PostDischargeOptions is a
// programme without home visits.
type PostDischargeOptions struct {
	// HomeVisits adds a home visit 48 to 72 hours after discharge (CTI: ideally 48–72 hours
	// after; spec §3.1 and DESIGN "home visits within 48–72 hours after discharge"): required for
	// high-risk patients, optional for others. A visit sooner than 48 hours is done early.
	HomeVisits bool `json:"homeVisits,omitempty"`
}

// PostDischargeTemplate returns the community follow-up after a discharge home, at the intensity
// of risk tier r: the discharge information received (HEDIS TRC window, days 0–2); an interactive
// contact within 2 business days (as TCM counts them); a follow-up visit within 7 days for a
// high-risk patient, 14 otherwise (the TCM visit windows); medication reconciliation no later than
// the day of that visit (TCM; CTI pillar 1); and, where the programme has them, a home visit 48 to
// 72 hours after discharge. An invalid tier gets the moderate template.
func PostDischargeTemplate(r RiskTier, o PostDischargeOptions) TemplateSpec {
	if !r.IsValid() {
		r = RiskModerate
	}
	visitDays := 14
	if r == RiskHigh {
		visitDays = 7
	}
	t := TemplateSpec{
		ID: "post-discharge-" + string(r), Version: "2025.1", Purpose: PurposePostDischarge, Tiers: []RiskTier{r},
		Source: srcTCM + "; " + srcCTI + "; " + srcTRC + "; spec §3.1",
		Items: []ItemSpec{
			{Key: "discharge-info-received", Owner: RoleCareCoordinator, Due: daysAfter(2, AnchorDischarge), Required: true,
				Evidence: evidence(EvidenceDocument), Source: srcTRC + " receipt of discharge information, days 0-2"},
			{Key: "interactive-contact", Owner: RoleCareCoordinator, Due: bizAfter(2, AnchorDischarge), Required: true,
				Evidence: evidence(EvidenceCommunication, EvidenceEncounter), Source: srcTCM + ", interactive contact within 2 business days"},
		},
	}
	if o.HomeVisits {
		t.Items = append(t.Items, ItemSpec{Key: "home-visit", Owner: RoleCareCoordinator, Due: hoursBetween(48, 72, AnchorDischarge),
			Required: r == RiskHigh, Evidence: evidence(EvidenceEncounter), Source: srcCTI + ", home visit ideally 48-72 hours after discharge"})
	}
	t.Items = append(t.Items,
		ItemSpec{Key: "follow-up-visit", Owner: RolePrimaryCare, Due: daysAfter(visitDays, AnchorDischarge), Required: true,
			Evidence: evidence(EvidenceEncounter), Source: srcTCM + ", face-to-face visit within 7 (high risk) or 14 calendar days"},
		ItemSpec{Key: "medication-reconciliation", Owner: RolePrimaryCare, Due: byDayOf("follow-up-visit"), Required: true,
			Evidence: evidence(EvidenceMedication), Source: srcTCM + ", medication reconciliation no later than the face-to-face visit; " + srcCTI + ", pillar 1"},
	)
	return t
}

// TCMTemplate returns the checklist that tracks the requirements of Transitional Care Management
// for a practice that bills it (see [DecideTCM] for the billing decision): the interactive contact
// within 2 business days (or two documented timely attempts, recorded with [Attempt]: the item's
// AttemptsCount is 2, as DecideTCM counts them), the face-to-face visit within 7
// calendar days for a high-risk patient (aiming at 99496, which also needs high-complexity MDM) or
// 14 for others (99495), medication reconciliation by the day of the visit, and the review of the
// discharge records among the non-face-to-face services.
func TCMTemplate(r RiskTier) TemplateSpec {
	if !r.IsValid() {
		r = RiskModerate
	}
	visitDays, id, tiers := 14, "tcm-99495", []RiskTier{RiskLow, RiskModerate}
	if r == RiskHigh {
		visitDays, id, tiers = 7, "tcm-99496", []RiskTier{RiskHigh}
	}
	return TemplateSpec{
		ID: id, Version: "2025.1", Purpose: PurposeTCM, Tiers: tiers, Source: srcTCM + "; CPT 99495, 99496",
		Items: []ItemSpec{
			{Key: "tcm-contact", Owner: RoleCareCoordinator, Due: bizAfter(2, AnchorDischarge), Required: true,
				AttemptsCount: 2, // CMS TCM FAQ: two or more separate, timely, documented unsuccessful attempts
				Evidence:      evidence(EvidenceCommunication), Source: srcTCM + ", interactive contact within 2 business days, or two or more timely documented attempts (record them with Attempt)"},
			{Key: "tcm-discharge-review", Owner: RoleCareCoordinator, Due: bizAfter(2, AnchorDischarge),
				Evidence: evidence(EvidenceDocument), Source: srcTCM + ", non-face-to-face services: obtain and review discharge information; library default due date"},
			{Key: "tcm-visit", Owner: RolePrimaryCare, Due: daysAfter(visitDays, AnchorDischarge), Required: true,
				Evidence: evidence(EvidenceEncounter), Source: srcTCM + ", face-to-face visit within 7 (99496) or 14 (99495) calendar days"},
			{Key: "tcm-medication-reconciliation", Owner: RolePrimaryCare, Due: byDayOf("tcm-visit"), Required: true,
				Evidence: evidence(EvidenceMedication), Source: srcTCM + ", medication reconciliation no later than the date of the face-to-face visit"},
		},
	}
}

// EDFollowUpTemplate returns the follow-up after an emergency department visit: the primary care
// practice notified within 24 hours (library default for the prompt notification of the CMS
// Conditions of Participation), a contact within 2 business days (library default, as for a
// discharge), and follow-up within 7 days after the visit, the visit day counting (HEDIS FMC: the
// ED date through 7 days after, 8 days in all; telephone and telehealth follow-up count there too).
func EDFollowUpTemplate() TemplateSpec {
	return TemplateSpec{
		ID: "ed-follow-up", Version: "2025.1", Purpose: PurposeEDFollowUp, Source: srcFMC + "; " + srcNotify,
		Items: []ItemSpec{
			{Key: "ed-notify-pcp", Owner: RoleCaseManager, Due: hoursAfter(24, AnchorDischarge), Required: true,
				Evidence: evidence(EvidenceCommunication), Source: srcNotify + "; library default: 24 hours"},
			{Key: "ed-follow-up-contact", Owner: RoleCareCoordinator, Due: bizAfter(2, AnchorDischarge), Required: true,
				Evidence: evidence(EvidenceCommunication), Source: "library default, as for the post-discharge contact"},
			{Key: "ed-follow-up-visit", Owner: RolePrimaryCare, Due: daysAfter(7, AnchorAdmission), Required: true,
				Evidence: evidence(EvidenceEncounter, EvidenceCommunication), Source: srcFMC + ": within 7 days after the ED visit date, which counts"},
		},
	}
}

// HandoffTemplate returns the hand-off to a facility (skilled nursing, rehabilitation, long-term
// care, hospice, another hospital): acceptance confirmed, the reconciled medication list and the
// transfer summary sent and a nurse-to-nurse hand-off before the patient leaves (RED component 11;
// BOOST's standardised communication with post-discharge providers), the primary care practice
// notified within 1 business day (CMS Conditions of Participation notifications; library default
// deadline), and an optional call to the facility within 2 business days (CTI's contact across
// settings; library default).
func HandoffTemplate() TemplateSpec {
	return TemplateSpec{
		ID: "facility-handoff", Version: "2025.1", Purpose: PurposeHandoff,
		Source: srcRED + ", component 11; " + srcBOOST + "; " + srcCTI + "; " + srcNotify,
		Items: []ItemSpec{
			{Key: "receiving-facility-accepted", Owner: RoleCaseManager, Due: before(AnchorDischarge), Required: true,
				Evidence: evidence(EvidenceCommunication, EvidenceDocument), Source: "library design: the facility has accepted the patient"},
			{Key: "transfer-medication-list", Owner: RolePharmacist, Due: before(AnchorDischarge), Required: true,
				Evidence: evidence(EvidenceMedication), Source: srcBOOST + ", medication reconciliation at discharge"},
			{Key: "transfer-summary-sent", Owner: RoleHospitalPhysician, Due: before(AnchorDischarge), Required: true,
				Prerequisites: keys("transfer-medication-list"),
				Evidence:      evidence(EvidenceDocument, EvidenceCommunication), Source: srcRED + ", component 11; " + srcBOOST + ", standardised communication"},
			{Key: "nurse-handoff", Owner: RoleHospitalNurse, Due: before(AnchorDischarge), Required: true,
				Evidence: evidence(EvidenceCommunication), Source: srcBOOST + ", standardised communication; library design"},
			{Key: "pcp-notified-of-transfer", Owner: RoleCaseManager, Due: bizAfter(1, AnchorDischarge), Required: true,
				Evidence: evidence(EvidenceCommunication), Source: srcNotify + "; library default: 1 business day"},
			{Key: "receiving-facility-call", Owner: RoleCaseManager, Due: bizAfter(2, AnchorDischarge),
				Evidence: evidence(EvidenceCommunication), Source: srcCTI + "; library default: 2 business days; optional"},
		},
	}
}

// ProgramOptions say what a transitional care programme runs. The zero ProgramOptions runs the
// discharge, post-discharge (without home visits), ED follow-up and hand-off checklists.
type ProgramOptions struct {
	PostDischarge PostDischargeOptions `json:"postDischarge,omitzero"`
	// TCM adds the TCM checklists, for a practice that bills Transitional Care Management. They
	// track the billing requirements beside the clinical follow-up; one contact and one visit
	// usually complete an item of each.
	TCM bool `json:"tcm,omitempty"`
	// TCMOptions are the TCM switches the programme's [Program.Plan] uses to decide whether the
	// TCM checklist applies (NursingFacility: a discharge to a nursing facility qualifies), so that
	// the checklist and [DecideTCM] with the same options agree.
	TCMOptions TCMOptions `json:"tcmOptions,omitzero"`
}

// StandardTemplates returns the built-in templates a programme with options o runs: the discharge
// checklist, the post-discharge follow-up for each risk tier, the ED follow-up and the facility
// hand-off, and with o.TCM the TCM checklists (99496 for high risk, 99495 for the others).
func StandardTemplates(o ProgramOptions) []TemplateSpec {
	ts := []TemplateSpec{DischargeTemplate()}
	for _, r := range RiskTiers() {
		ts = append(ts, PostDischargeTemplate(r, o.PostDischarge))
	}
	if o.TCM {
		ts = append(ts, TCMTemplate(RiskModerate), TCMTemplate(RiskHigh))
	}
	return append(ts, EDFollowUpTemplate(), HandoffTemplate())
}
