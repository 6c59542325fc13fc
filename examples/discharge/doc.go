// Command discharge is carecoord's main example: one patient's discharge after a heart attack
// and the 30 days that follow, coordinated with every package of the library and printed as a
// timeline a clinician can read. It needs nothing but Go:
//
//	go run ./examples/discharge            # patient-facing text in English
//	go run ./examples/discharge -lang es   # patient-facing text in Spanish
//
// # The story
//
// Maria Lopez, 68, has type 2 diabetes and coronary heart disease. She was admitted on Monday
// 31 August 2026 with a non-ST-elevation myocardial infarction (NSTEMI) and goes home on Friday
// 4 September, before Labor Day. Without coordination she would leave with conflicting
// medication instructions and no follow-up schedule (the story of DESIGN.md). With it:
//
//	day 0   the hospitalist reconciles her medicines; the discharge is recorded; LACE puts her at
//	        high risk; her follow-up checklist gets its deadlines, the contact on Wednesday
//	day 4   Tuesday, the first business day: her coordinator calls, finds the old statin beside the
//	        new one and the stopped sulfonylurea still taken, screens for social needs (food and
//	        transportation), refers her to cardiology, endocrinology, a food pantry and rides,
//	        and writes her care plan
//	day 6   the follow-up visit: the checklist is complete and TCM supports CPT 99496
//	day 10+ visits kept, reports back, loops closed; one appointment missed (no ride), caught
//	        by both worklists the next morning and booked again with a ride
//	day 30  the measures: readmission, HEDIS TRC, TCM, closed loops, time to appointment,
//	        social-needs follow-through, care gaps closed, care-plan adherence
//
// The clinical choices cite their sources as they are printed: NSTEMI care (high-intensity
// statin, dual antiplatelet therapy, a beta-blocker) after the ACC/AHA guidelines, stopping the
// sulfonylurea after the AGS Beers Criteria, the HbA1c and blood-pressure goals after the ADA
// and ACC/AHA.
//
// # Which package does what
//
//   - transition: the stay as the hospital's ADT feed reports it, the post-discharge checklist
//     of her risk tier (PostDischargeTemplate) with deadlines in hours, days or business days,
//     why a deadline falls where it does (Skipped), the state of each item (Evaluate), and the
//     Transitional Care Management decision with every rule that fails (DecideTCM).
//   - civil: calendar dates, and the business days of civil.USFederal (weekends and observed
//     federal holidays skipped).
//   - medrec and medrec/dosage: the reconciliation before she leaves and the one at home after
//     it (Compare, Decide, Finish), with sigs parsed into structured directions. Drugs are
//     looked up in medrec.FixtureTable and in two products of the example's own, all with
//     symbolic codes: no real RxNorm code is hard-coded.
//   - sdoh: the AHC HRSN screen, validated and scored with each rule's source, and the needs it
//     finds with their ICD-10-CM Z codes and SNOMED CT findings (Needs).
//   - referral: the community directory search with reasons (Match), four closed-loop referrals
//     (FHIR core profile for the clinics, as in 360X; Gravity SDOH-CC for the community) with
//     their deadlines (DefaultPolicy, Evaluate), every message applied once (Apply), her task in
//     the patient app, and the worklist that flags the missed appointment (Worklist).
//   - careplan: the plan with goals and targets, the care team and the named coordinator, the
//     appointments as activities with outcomes and a reschedule that cannot hide the missed one,
//     and the coordinator's worklist of care gaps.
//   - metrics: the LACE index and Charlson comorbidities at discharge; at day 30 every measure
//     with the evidence that decided it.
//   - carecoord: the shared Actor, Coding and Meta, and Update, the read-modify-write loop that
//     saves each change as a new version.
//
// Every record lives in its package's in-memory store (NewMemStore), created with Save,
// changed with carecoord.Update, read back with Get, List and History, as an app over a
// database would; each line of the timeline names the record and version it saved ([id vN]).
//
// # Language
//
// -lang chooses the language of what the patient reads: her checklist's item titles and states
// (transition's catalog), the screening questions, answers and needs (sdoh's), her task in the
// patient app and the headings of those parts (this example's catalog, in text.go). Codes,
// rules, sources and measures are for clinicians and stay in English.
//
// The output depends on nothing but the code: the dates are fixed, the clock is never read, and
// the time zone (America/New_York) is embedded with time/tzdata. The test compares it with
// testdata/discharge.en.golden and testdata/discharge.es.golden; after a deliberate change,
// rewrite them with go test ./examples/discharge -update and read the diff.
package main
