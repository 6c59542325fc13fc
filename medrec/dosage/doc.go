// Package dosage reads and writes medication directions ("sigs") as structured values, so
// that medication reconciliation can compare the home list with the discharge list part by
// part: dose, route, frequency, times of day, duration and as-needed use.
//
// A [Dosage] is FHIR R4 Dosage (https://hl7.org/fhir/R4/dosage.html) reduced to those parts:
// Dose is doseAndRate.doseQuantity (or doseRange), Route is route (SNOMED CT codes from the
// FHIR route-codes value set), Timing is timing.repeat (frequency, frequencyMax, period,
// periodMax, periodUnit and when; see https://hl7.org/fhir/R4/datatypes.html#Timing, with
// units from the units-of-time value set and events from the event-timing value set),
// Duration is timing.repeat.boundsDuration, and AsNeeded/AsNeededFor are asNeededBoolean and
// asNeededCodeableConcept.text. Additional instructions ("shake well", "do not crush"),
// sites, maximum doses per period and tapering schedules are outside the model.
//
// # Reading a sig
//
// [Parse] reads free text such as "1 tab PO BID", "take 2 tablets by mouth every 6 hours as
// needed for pain", "10 units subcut qhs", "500 mg po q8h x 7 days" or "1 puff inh q4-6h prn
// wheeze". Case does not matter; the text is NFKC-normalised first (full-width digits, "µ");
// dots inside and after abbreviations are ignored ("p.o.", "b.i.d.", "q.h.s."); commas and
// extra spaces separate like one space; numbers and words may be written together ("500mg",
// "q8h", "x7"). Informally, a sig is an optional verb (take, give, inject, inhale, apply,
// instill, insert, use, place, chew, dissolve, administer) followed by these phrases in any
// order, each at most once except times of day, optionally joined by "and":
//
//	dose        NUMBER [- | to | or NUMBER] UNIT      2 tabs, 1-2 puffs, 1/2 tab, 1 1/2 tabs, 0.5 mg
//	route       po, by mouth, orally, per os; sl, sublingually, under the tongue; buccal;
//	            subcut, subq, subcutaneously, under the skin, sc, sq, sub q; im; iv;
//	            inh, inhaled, by inhalation, into the lungs; nasal, nasally, intranasal, nas;
//	            topical, topically, top; transdermal(ly); pr, rectally, per rectum;
//	            pv, vaginally, per vagina; ophthalmic; otic
//	frequency   daily, once daily, once a day, every day, qday, qd; bid, twice daily; tid; qid;
//	            N times daily|weekly|monthly|a day|per week|every P UNIT; 1-2 times daily;
//	            every N UNIT, every N-M UNIT, every other day, qod, qNh, q4-6h, q 6 hours, qh;
//	            weekly, once a week, monthly, yearly, hourly, tiw
//	time of day at bedtime, bedtime, nightly, every night, qhs, hs, qn (HS); upon waking (WAKE);
//	            in the morning, every morning, qam (MORN); in the afternoon (AFT);
//	            in the evening, every evening, qpm (EVE); at night (NIGHT);
//	            with meals, with food (C); before meals, ac (AC); after meals, pc (PC);
//	            with|before|after breakfast|lunch|dinner|supper (CM, ACM, PCM, ...)
//	duration    x N UNIT, for N UNIT                   x 7 days, for 2 weeks
//	as needed   prn, as needed [for] INDICATION       prn pain, as needed for shortness of breath
//
// NUMBER is digits with an optional decimal part, a proper fraction with an exact decimal
// value (1/2, 3/4, 1/8; not 1/3), a whole number and such a fraction ("1 1/2"), a vulgar
// fraction ("½"), or one to ten in words. Counts, periods and durations are whole numbers.
// UNIT for a dose is tab(let)(s), cap(sule)(s), puff(s), drop(s), gtt(s), spray(s),
// patch(es), supp(ository/ies), application(s), mL (ml, cc), mg, g (gm), mcg (µg, ug),
// unit(s) (u, iu, international units) or mEq; UNIT of time is second, minute (min), hour
// (h, hr), day (d), week (wk), month (mo) or year (yr), singular or plural. The indication
// is the words of letters a to z after "prn"/"as needed" up to the next word that starts a
// phrase ("prn pain at bedtime": "pain"), kept in lower case with single spaces; "and" may
// join its words ("nausea and vomiting").
//
// Times of day are kept as stated: "at bedtime" is When [HS] with no Frequency, and "daily
// at bedtime" is Frequency 1 per day with When [HS]. Stated together, they must agree: when
// every time of day is a once-a-day event (bedtime, waking, morning, afternoon, evening,
// night, or one named meal), there must be exactly as many as doses a day ("twice daily in
// the morning and at bedtime"), or one when the period is longer than a day ("every other
// day at bedtime"); "twice daily at bedtime" and "1-2 times daily in the morning" are
// refused. Events at every meal (with meals, ac, pc) go with any frequency ("tid ac"). A
// time of day said twice ("nightly at bedtime") is kept once.
//
// # What is refused
//
// Parse never guesses. It returns a *[SyntaxError] (matching carecoord.ErrInvalid) naming the
// token and the rule for: a word or symbol not in the grammar ("then", "#30", "(25 mg)",
// "stat", a drug name); "as directed" and "ud"; a part stated twice ("1 tab PO BID TID", "1
// tab PO IV daily", even when both agree); a phrase cut short ("5 mg q", "every", "x",
// "once"); a dose without a unit ("2 po bid") or a unit without a dose; abbreviations that
// could be an eye, an ear or "once daily" (OD, OS, OU, AD, AU); sites ("in each nostril",
// "in the left eye", "to affected area"), since a Dosage has no site and "1 spray in each
// nostril" is two sprays; an indication without "as needed" ("daily for blood pressure");
// numbers that are zero, too large, malformed or not exact (thousands separators too: "1,000
// units" is refused, as the comma separates words); decreasing ranges; times of day
// that contradict the frequency; and text that is too long: over 512 bytes (after
// normalisation), 64 tokens ("q8h" is three), 16 numbers, 6 times of day, or an indication
// over 8 words or 64 bytes. Numbers must fit: doses above 0 and below 10,000,000 with at
// most 6 decimal places; counts 1 to 1000; periods and durations 1 to 10000.
//
// # Warnings
//
// A form whose meaning is clear but which is on a published list of dangerous abbreviations
// is accepted and reported in Dosage.Warnings, with the token, the list and the entry:
//
//   - [WarningDoNotUse], The Joint Commission's Official "Do Not Use" List (standard
//     IM.02.02.01): U or u (write "unit"), IU ("International Unit"), Q.D./QD/q.d./qd
//     ("daily"), Q.O.D./QOD/q.o.d./qod ("every other day"), a trailing zero (1.0 mg, 0.50 mg;
//     write 1 mg), a missing leading zero (.5 mg; write 0.5 mg), MS, MSO4 and MgSO4 (write
//     the drug name).
//   - [WarningErrorProne], ISMP's List of Error-Prone Abbreviations, Symbols, and Dose
//     Designations, for the entries this grammar reads: cc (mL), µg (mcg; "ug" is flagged
//     the same way), SC, SQ, sub q (subcut), HS and hs (bedtime), qhs (at bedtime), qn
//     (nightly), q1d (daily), TIW (3 times weekly), per os (by mouth). Entries on both
//     lists (U, IU, QD, QOD, zeros, MS, MSO4, MgSO4) are reported once, as do-not-use.
//
// MS, MSO4 and MgSO4 are drug names, not directions: Parse drops them from the sig with a
// warning, so "MSO4 10 mg po q4h prn pain" reads as the directions it holds and flags that
// the drug is ambiguous. OD, OS, OU, AD and AU (also on the ISMP list) are refused rather
// than flagged, because their meaning is not clear.
//
// # Writing a sig
//
// [Dosage.String] writes canonical text ("1 tablet by mouth twice daily", "0.5 mg by mouth
// every other day", "10 units subcutaneously at bedtime") that uses none of the flagged forms
// and that Parse reads back to the same Dosage. [Dosage.Validate] checks a Dosage built in
// code against the same limits, as carecoord.FieldErrors.
//
// # Comparing
//
// [Dose.Equal] compares values as decimals (0.5 equals 0.50) and units exactly (no unit
// conversion). [Timing.Equivalent] compares timings once normalised: the same set of times of
// day, and exactly the same administrations per day (twice daily ≡ every 12 hours; once daily
// ≡ every 24 hours; every other day ≡ every 48 hours; "at bedtime" ≡ "once daily at
// bedtime"), or, for timings with no count per day (monthly, "with meals", unscheduled), the
// same frequency, period and unit. [Timing.PerDay] gives the count per day rounded, for
// display; the comparison does not round. Field equality keeps the stricter view: every 12
// hours and twice daily are different Timings.
//
// # Performance
//
// Parse makes one pass over the text with no regular expressions and keeps its state on the
// stack. BenchmarkParse1M (go test -run '^$' -bench Parse1M -benchmem ./medrec/dosage/)
// parses a million sigs drawn at random from a mix of 32 realistic ones (a few refused, one
// full-width); on a shared 2-vCPU AMD EPYC VM with Go 1.26.8 it took 0.56-0.86 µs and 3.8
// allocations per sig, the spread being other load on the VM. Single sigs: "1 tab PO BID"
// 0.46-0.54 µs with 2 allocations, the 56-byte "take 2 tablets by mouth every 6 hours as
// needed for pain" 0.8-1.2 µs with 4. Most allocations are the result's decimals: a
// shopspring Decimal holds a big.Int (two allocations each), so equal values in one result
// share one. Text that is not ASCII goes through NFKC first (full-width text has a fast
// path, about 0.7-0.8 µs for "１ ｔａｂ ＰＯ ＢＩＤ").
//
// Functions in this package have no state, read no clock and start no goroutines; all
// are safe for concurrent use.
package dosage
