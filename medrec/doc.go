// Package medrec reconciles medication lists at transitions of care: the patient's history of
// what they take, gathered from several sources, against the orders written at admission,
// transfer or discharge (or, after discharge, the discharge list against the outpatient
// record). It finds what differs, types each difference, records a clinician's decision on
// each, and produces the reconciled list with the provenance of every entry.
//
// The process follows the Best Possible Medication History and the WHO High 5s standard
// operating procedure "Assuring Medication Accuracy at Transitions in Care": obtain the history
// from the patient and at least one other reliable source, compare it with the orders, resolve
// every discrepancy with the prescriber, document, and communicate the reconciled list.
//
// # Entries and terminology
//
// A [Medication] is one entry of one list: a [Drug] (the name exactly as received, and where
// known an RxNorm code, ingredients with strengths, dose form, brand and class), structured
// directions (package [github.com/carecoord/carecoord/medrec/dosage] parses free-text sigs), a
// FHIR MedicationStatement status, dates, prescriber and fills. A [Terminology] (RxNorm behind
// the caller's cache in production; [FixtureTable] for tests and examples) completes drugs from
// their codes ([Resolve]). Names are compared only through [Key] (NFKC, case folding, NFKC,
// white space collapsed), never by similarity.
//
// # Matching and discrepancies
//
// [Collapse] merges the repeated entries of one list (thirteen refills, or the same drug from
// the patient and the pharmacy) into one entry that keeps every source as provenance.
// [Compare] pairs the current entries of the two lists through a fixed cascade of
// [MatchLevel]s (same code; same generic product, so brand ↔ generic; same ingredients; same
// name for uncoded entries; a combination product and its components; the same class), and
// reports each pair's differences as typed [Discrepancy] values (formulation, dose, route,
// frequency; and, for information, brand/generic and strength: the same dose as another
// tablet strength), each unpaired history drug as an omission, and each unpaired order
// as an addition or, when another taken order is of its class, a therapeutic duplication.
// Duplications within one list are [ListProblem]s. Severities are a triage default
// ([Kind.Severity]); intent is documented-intentional when the order carries a documented
// reason and unclear otherwise, never assumed.
//
// The worked example of the specification (metrics-medrec.md §7.6, five home drugs against six
// discharge orders: 7 rows, 5 discrepancies, 4 to clarify) is a test.
//
// # Reconciliation
//
// A [Reconciliation] is the session: patient, [Context], the two sides, a [Decision] per row
// (continue, modify, stop, hold, new; the intent; who and when), and, after [Finish], the
// reconciled list and the completion in its history, which the metrics package counts
// (HEDIS Medication Reconciliation Post-Discharge, Transitions of Care). [Finish] refuses
// while rows are undecided and names them ([UndecidedError]). Every function returns a new
// value and leaves its input alone; a [Store] keeps every version ([NewMemStore];
// medrectest.TestStore for other implementations).
//
// Errors name fields and rules, never a drug name, a sig or a patient.
//
// # Performance
//
// Compare prepares each entry's keys once (an allocation-free ASCII path for [Key]) and pairs
// by sorting hashes, so two 40-item discharge lists compare in about 40–100 µs with 15
// allocations on a shared 2-vCPU VM (BenchmarkReconcile40; figures in BENCHMARKS.md).
package medrec
