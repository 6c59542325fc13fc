// Package metrics computes value-based care measures over populations from the other
// packages' records: 30-day readmissions (HEDIS PCR, CMS hospital-wide), utilisation per 1,000
// member months, follow-up after discharges and ED visits (FUH, FMC), HEDIS transitions of care
// (TRC) and medication reconciliation (MRP), TCM completion, coordination measures (closed
// referral loops, time to appointment, deadline compliance, care gaps closed, care-plan
// adherence, social-needs screening and follow-through), medication adherence (PQA's
// proportion of days covered, and the CMA1–CMA9 family of Vollmer et al. as AdhereR computes it,
// with treatment episodes and sliding windows), patient risk scores (the Charlson comorbidity
// index from ICD-10-CM codes, LACE and HOSPITAL, each with its points per component) and
// value-based finance (PMPM, capitation reconciliation and Medicare Shared Savings Program
// savings and losses).
//
// Every population measure returns a [Result] (PDC one per drug class): exact counts
// ([Tally], a numerator and a denominator, never a float), by stratum when asked
// ([Options.Stratify]), and when asked the evidence for every subject ([Options.Evidence]): in
// the numerator, only in the denominator, or excluded, with a coded reason and the days that
// decided it. Results over populations split by patient merge exactly ([Result.Merge]), so a
// population can be spread over processes or machines and combined. Money is decimal, and
// every amount of the finance functions comes with a line-by-line [Explanation].
//
// Inputs are plain records in slices (or, for PDC, a sequence); a measure never needs a
// database, never changes its input, allocates little and makes one pass after grouping by
// patient once. Each rule names its source in its doc comment (NCQA HEDIS, CMS, PQA, the
// carecoord metrics spec); where sources disagree the choice is named and the other is an
// option, and value sets that are licensed or versioned yearly are the caller's functions.
package metrics
