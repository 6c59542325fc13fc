// Package sdoh screens for social needs and related risks: it holds screening instruments as
// data, validates and scores a patient's answers with an explanation of every decision, and
// turns positive results into coded needs that a care plan and a referral can address.
//
// # Instruments
//
// Each instrument is one versioned table ([Instrument]): its items with their LOINC question
// codes, the answer lists with LOINC answer codes (LA…), English and Spanish wording, and the
// rule that scores each domain, every rule citing its source. [BuiltinInstruments] returns:
//
//	instrument            version  LOINC panel  domains (rule)
//	AHC HRSN (CMS)        2018     96777-8      living situation, food, transportation, utilities
//	                                            (any underlined answer); safety (HITS total > 10);
//	                                            8 optional supplemental domains
//	Hunger Vital Sign     2010     88121-9      food (either item often or sometimes true)
//	PRAPARE (NACHC)       2016     93025-5      13 risk domains; risk tally (one point per risk)
//	PHQ-2                 2003     55757-9      depression (total ≥ 3)
//	PHQ-9                 2001     44249-1      depression (total ≥ 10, severity bands, item 9 urgent)
//	GAD-7                 2006     69737-5      anxiety (total ≥ 10, severity bands)
//
// A [Response] names the instrument and version it answered, the patient, the day (a
// civil.Date), who answered ([Respondent]: the patient, a proxy, or the patient with staff help),
// the language, and the answers: item code → answer codes, a number, or why there is no answer
// ([Skip]: declined, don't know, not asked). A [Screener], built once from the tables, validates
// and scores responses against the exact version they name; LOINC codes shared by two
// instruments (AHC and PRAPARE both use 71802-3 and 93030-5, with different answers) are always
// read against their own instrument.
//
// # Validating
//
// [Screener.Validate] returns every problem as carecoord.FieldErrors naming the item by its
// LOINC code and the rule broken: an unknown item, an answer not in the item's list, a number
// out of range, a required item missing, an item answered twice, an unknown instrument version.
// No message carries the patient or an answer. Skipping a question is not an error: the
// respondent may decline any question, and the score says what that leaves undecided.
//
// # Scoring
//
// [Screener.Score] never fails and never panics. Each domain is positive, negative or unknown
// ([Status]), with the rule, the branch that decided it ([Reason]), the items that decided it and
// the items that could not be read. The rules share one principle: a domain is positive on the
// evidence of the answers given, and negative only when no missing answer could change that.
//
//   - A missing, declined or "don't know" item leaves its domain unknown, never negative, unless
//     the other answers already decide it (spec §4.7): AHC safety with answers 5, 5, 3 and one
//     missing is positive (13 > 10); with 1, 1, 1 and one missing it is negative (3 + 5 ≤ 10);
//     with 1, 1 and two missing it is unknown (2 + 10 > 10). PHQ and GAD totals work the same
//     way, and a severity is given only when every completion falls in one band.
//   - "Don't know/refused", "I choose not to answer" and "Unsure" are answers that give no
//     information: never positive, and never counted towards a negative. Hunger Vital Sign:
//     ("Don't know", "Never true") is no risk, as the SDOH Clinical Care IG computes it; two
//     "Don't know" answers are unknown (the IG's FHIRPath would say no risk; see tables_hvs.go).
//   - An invalid answer makes its domain unknown unless other answers make it positive, and an
//     invalid response is never negative overall ([Result.Valid]).
//   - "None of the above" combined with a named problem counts the problem and warns.
//   - The AHC safety rule (total > 10) misses most people who report physical violence; an answer
//     above "Never" to "physically hurt you" always raises [WarnAnyPhysicalHarm].
//   - PHQ-9 item 9 answered above "Not at all" raises the result's [Urgent] flag, a field of its
//     own, whatever the total; the overall status is then positive.
//
// [Screener.ScoreInto] scores into a reused [Result] and allocates nothing; it runs every check
// of Validate as it goes ([Result.Valid]), so validating and scoring is one pass, and Validate
// is needed only for the list of errors of a response that is not valid. BenchmarkValidateScore1M
// measures it over 1,000,000 AHC responses (see its doc comment for the figures and the machine).
//
// # Needs
//
// [Needs] turns positive domains into [Need]s: the Gravity SDOH category (the code careplan
// goals and referral services are categorised by), the ICD-10-CM Z codes that are valid billable
// codes on the screening day (codes change every 1 October and sometimes 1 April: [ZCode] has its
// dates), SNOMED CT findings, and a suggested goal and services. A need from a screen is a
// suggestion for a clinician to confirm, not a diagnosis. This package imports neither careplan
// nor referral.
//
// # Sensitive results
//
// Interpersonal safety, mental health (PHQ, GAD, AHC mental health), substance use,
// incarceration and refugee status are restricted. [Disclose] filters a result for an
// [Audience]: the care team sees everything; the patient portal and any proxy never see a
// restricted domain or the urgent flag (a safety-positive screen is never shown to the proxy
// who answered for the patient); a community organisation sees only the positive, unrestricted
// domains it is asked to meet. [DiscloseNeeds] does the same for needs.
//
// # Text
//
// Patient-facing text comes from a [Localizer], which owns its x/text message catalog and
// negotiates the language ("es-MX" gets Spanish). The Spanish of the AHC and PRAPARE tables is
// the library's translation, and the PHQ/GAD Spanish follows Pfizer's as recalled: replace them
// with validated translations where the host holds them (see each table's comment).
//
// # Storage
//
// A [Store] keeps every version of every response ([NewMemStore] in memory; sdohtest.TestStore
// is the conformance kit for other implementations). Save uses optimistic concurrency on
// carecoord.Meta.Version.
//
// # Errors
//
// Validate methods return carecoord.FieldErrors (matching carecoord.ErrInvalid); a Store
// returns errors wrapping carecoord.ErrNotFound and carecoord.ErrConflict. No error carries
// patient data.
//
// Functions in this package do not read the clock: the screening day is the response's Date.
package sdoh
