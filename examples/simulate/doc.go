// Command simulate is a seeded population simulator for researchers. It follows N Medicare
// patients (65 and over) through one or more calendar years, day by day: admissions and
// discharges, the care after each discharge home, chronic medication fills, a yearly
// social-needs screen, community and specialist referrals. It runs each transitional-care
// program on the same patients with the same random draws, records everything through the
// library's own types (transition checklists, referral events, sdoh responses, metrics
// records), computes the measures with the metrics package, and prints them per program with
// 95% confidence intervals across replicate seeds.
//
// # Usage
//
//	go run ./examples/simulate                          # 10,000 patients, 1 year, 5 replicates, both programs
//	go run ./examples/simulate -patients 200000 -replicates 10 -seed 7
//	go run ./examples/simulate -program tcm -format csv > tcm.csv
//	go run ./examples/simulate -set visitEffect=0.7 -set tcm.visit7Share=0.8
//	go run ./examples/simulate -rates                   # every rate, its default and its source
//
// Flags: -patients (per replicate), -years (1 to 16) and -year (the first calendar year,
// 2025), -seed, -replicates, -program (all, or names separated by commas: usual, tcm; the
// first is the reference of the differences), -format table|csv|json, -set name=value
// (repeatable; any rate below), -rates, and -workers (goroutines; the output does not depend
// on it). A bad flag exits with status 2 and the usage. On a terminal, a progress bar on
// standard error shows the patients done, the rate and the time left; it never touches
// standard output.
//
// The same seed gives byte-identical output on every run and machine: every patient draws
// from PCG streams seeded by (seed ⊕ mix(replicate), mix(patient index, stream)), never from
// shared state; only uniform draws are used (no logarithm or exponential, whose last bit can
// differ between processors) and products are rounded before they are added (no fused
// multiply-add); the workers' results merge exactly (metrics' Merge: integer counts, decimal
// costs).
//
// # The model
//
// Every number is a field of [Model] with a documented default; -set changes it, -rates lists
// them with their sources, and this table summarises them. "Assumption" marks a number no
// source gives: vary those first.
//
//	population    age6574 0.52, age7584 0.33 (rest 85+): Medicare age mix, approx. (CMS enrollment)
//	              tierLow 0.55, tierHigh 0.15 (rest moderate): latent frailty class = risk tier (assumption)
//	admissions    admitsPer1000 235 a year at multiplier 1, before readmissions: MedPAC data book,
//	              roughly 250-300 discharges per 1,000 FFS beneficiaries (approx.); multipliers by class
//	              admitLow 0.4, admitModerate 1, admitHigh 3 and by age admit6574 0.75, admit7584 1.15,
//	              admit85 1.6, and a personal factor from 0.75 to 1.25 (assumptions)
//	stays         length 1-14 days, mean 4.4 (assumption); dieInHospital 0.025 (assumption);
//	              live discharges homeHealth 0.18, snf 0.17, ama 0.01, rest home (MedPAC, approx.)
//	deaths        death6574 0.02, death7584 0.05, death85 0.14 a year out of hospital (SSA life table, approx.)
//	readmission   readmitBase 0.13 a discharge, times readmitLow 0.6 or readmitHigh 1.5: calibrated to a
//	              PCR rate near HCUP's 16.9% for Medicare (2018; Jencks 2009: 19.6%); the day falls
//	              linearly over days 1-30 (assumption)
//	visit effect  visitEffect 0.8: relative risk of that readmission after a visit within 7 days
//	              (Lee et al., Med Care 2016: OR 0.81; Hernandez et al., JAMA 2010: HR 0.85-0.91;
//	              observational, so causal reading is an assumption); reachShare 0.7 a call (assumption)
//	medication    onTherapy 0.75 on one class: statins 0.45, ras 0.35, rest diabetes (assumptions);
//	              supply90 0.35 (assumption); refill classes adherent 0.65 / partial 0.25 / poor, next
//	              fill from 2 days early to gapAdherent 4, gapPartial 20, gapPoor 60 days late,
//	              calibrated to about 77% with PDC >= 80% (Part D Star Ratings, 80-90%); stopPerFill 0.01
//	screening     one AHC HRSN screen a year; anyNeed 0.33 and, among those, food 0.67, housing 0.47,
//	              transport 0.41, utilities 0.28 (CMS AHC Model fact sheet, 2020: first 750,000
//	              screens); safety 0.05, decline 0.02 (assumptions)
//	community     refer 0.6 a need; communityAccept 0.8, communityOutcome 0.55, communityAck 0.75
//	              (assumptions: loops close for a minority)
//	specialist    specialistPerYear 0.35 (Barnett et al., Arch Intern Med 2012: about a third of
//	              patients referred a year, approx.); specAccept 0.9, specBook 0.75, specKept 0.8,
//	              specReport 0.85, specAck 0.8: calibrated to about 35% closed (Patel et al., JGIM
//	              2018: 34.8% of referral attempts completed)
//	costs         stayCost $15,200 (HCUP mean readmission cost, 2018, for every stay); tcm99495 $201,
//	              tcm99496 $272 (Medicare fee schedule around 2024, approx.)
//
// Each day at home a patient is admitted (a scheduled readmission, or the daily admission
// probability), dies, or neither. A stay ends in death or a discharge; a discharge home
// (home, home health, or against advice: transition.Applies says which get one) opens the
// post-discharge checklist of the patient's risk tier (transition.PostDischargeTemplate: an
// interactive contact within 2 business days, a follow-up visit, the medication reconciliation
// by that visit). The program decides when the practice calls, whether each call reaches the
// patient (attempts are recorded with transition.Attempt), the visit day, whether the
// reconciliation is documented and the visit's MDM, and the simulator completes the items
// with transition.Complete until the next admission or death. A readmission within 30 days is
// drawn at discharge; a visit within 7 days before it multiplies its probability by
// visitEffect. The services the measures read come from the checklists
// (metrics.AppendChecklistServices).
//
// Fills follow each patient's class, supply and refill behaviour; the screen is an
// sdoh.Response to the ten core AHC items, scored by sdoh.Screener; each positive need may
// get a community (SDOH-CC) referral, and specialist referrals (FHIR core, 360X) come at
// random; both play their events through referral.Apply, up to the end of the run.
//
// # Programs
//
//	usual  usual care: calls half the patients, on business day 1-3, once; a visit within 7 days
//	       for 42% (Hernandez 2010: median hospital 38.3% for heart failure); 45% of the others
//	       seen on days 8-30; reconciliation documented at 60% of visits; MDM high 20%, low 30%
//	tcm    transitional care management: calls 95% on business day 1, up to 3 times; a visit on
//	       days 2-7 for 72%; reconciliation at 95% of visits; MDM high 50%; $60 a discharge home
//
// Program numbers are assumptions (usual care's 7-day share aside), settable as
// "-set usual.visit7Share=0.45". The programs change nothing but the care after a discharge
// home, so with common random numbers the measures they do not touch differ by about nothing,
// and the differences in the others are the program's effect.
//
// # Measures
//
// Per program and replicate, each over the calendar years (counts summed over years):
// readmit-30d (metrics.Readmissions, HEDIS PCR), follow-up-7d (metrics.FollowUp: a
// face-to-face visit on days 1-7 after a discharge home; FUH's shape without its diagnosis
// rules, the visit TCM programs aim at, and unlike TRC patient engagement it does not count
// calls), contact-2bd (the checklists' contact item on time, by transition.Evaluate),
// tcm-completion (metrics.TCMCompletion, through transition.DecideTCM), pdc-adherent
// (metrics.PDCWorkspace, PQA), sdoh-positive (metrics.PositiveRate), sdoh-referred
// (metrics.ScreenReferrals), community-loop and specialist-loop (metrics.ClosedLoop),
// specialist-booked (metrics.DeadlineCompliance under referral.DefaultPolicy), admissions
// (metrics.MeasureUtilization, per 1,000 member-years) and cost (stays, TCM payments and the
// program's cost, in decimals, per member-year). The output's legend says each one's rules.
//
// Each cell is the mean over replicates with a 95% confidence interval, mean ± t·s/√n with
// Student's t for n−1 degrees of freedom (a table for 1 to 30, 1.96 beyond); one replicate
// gives no interval. Differences between programs are taken replicate by replicate (paired),
// which common random numbers make far tighter than the programs' own intervals.
//
// # Performance
//
// Patients are simulated and measured in chunks of 32,768 on each worker, so memory stays
// bounded (under 500 MB for a million patients on one worker). The chunks are that large
// because metrics' PDC has a fixed cost of about 5 ms a call (its radix grouping clears and
// sums a 4,096-entry count array three times for each of up to 2,048 parts): 1.3 µs a fill
// at 500 patients against 0.22 µs at 200,000. On the development machine (2 vCPU AMD EPYC,
// shared, Go 1.26), BenchmarkSimulate1MPatientYears (generation, measures and output, -cpu 1)
// ran at 61,000-66,000 patient-years a second for a million patients under tcm, and
// 67,000-78,000 for half a million under both programs (each program's patient-years
// counted; two runs); the target is 50,000. Before the collector was tuned (see tuneGC) the
// same runs gave 52,000-54,000. About
// a quarter of the time goes to the library's measures, a sixth to referral.Apply, a twelfth
// to scoring the screens (every screen is scored: it costs too little to sample).
//
// A checklist records no medical decision making, so the simulator sets the visit's MDM on
// the service metrics.AppendChecklistServices returns for it; TCM completion needs it.
package main
