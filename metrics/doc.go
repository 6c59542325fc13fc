// Package metrics computes value-based care measures over populations from the other
// packages' records: readmissions, utilisation, follow-up after discharges and ED visits,
// transitions of care, and coordination measures (closed referral loops, time to a
// specialist, care gaps closed, adherence, social-needs screening).
//
// Every measure returns a [Result]: exact counts ([Tally], a numerator and a denominator,
// never a float), by stratum when asked ([Options.Stratify]), and when asked the evidence for
// every subject ([Options.Evidence]): in the numerator, only in the denominator, or excluded,
// with a coded reason and the days that decided it. Results over populations split by patient
// merge exactly ([Result.Merge]), so a population can be spread over processes or machines
// and combined.
//
// Inputs are plain records in slices; a measure never needs a database, allocates little and
// makes one pass after sorting once. Each rule names its source in its doc comment (NCQA
// HEDIS, CMS, the carecoord metrics spec); where sources disagree the choice is named and the
// other is an option.
package metrics
