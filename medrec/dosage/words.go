package dosage

// This file is the parser's vocabulary, as code (a switch nothing can change). Each word of
// a sig belongs to one class; the parser dispatches on the class of a phrase's first word.

// wclass is what a word can start or be.
type wclass uint8

const (
	cNone          wclass = iota
	cVerb                 // take, give, inject, ... (first word only; ignored)
	cRoute                // po, sl, subcut, iv, ...: val is the route
	cRoutePrefix          // by, per, via, under, into, sub: a two- or three-word route
	cFreq                 // daily, bid, qod, weekly, ...: val is a fixedFreq id
	cWhen                 // qam, qpm, qhs, hs, qn, nightly, bedtime, ac, pc: val is the event
	cQ                    // q (followed by an interval or a word: "q 8 h", "q hs")
	cEvery                // every, each
	cCount                // once, twice, thrice: val is the count
	cTimes                // times, time
	cPrep                 // at, in, before, after, with, upon: a time of day (or a site)
	cTo                   // to: a site ("to affected area")
	cPRN                  // prn
	cAs                   // as (needed, directed)
	cX                    // x (duration, or "times" after a count)
	cFor                  // for (duration)
	cNumWord              // one ... ten: val is the number
	cAmbiguous            // od, os, ou, ad, au
	cAsDirected           // ud
	cAnd                  // and
	cUnit                 // a dose unit: val is the unit
	cInternational        // international (units)
	cTimeUnit             // a unit of time: val is the PeriodUnit
)

// reserved reports whether a word of class c starts a phrase, and so ends an indication
// ("prn pain at bedtime": the indication is "pain").
func (c wclass) reserved() bool {
	switch c {
	case cNone, cUnit, cInternational, cTimeUnit, cTimes:
		return false
	}
	return true
}

// Fixed frequencies.
const (
	fDaily uint8 = iota + 1
	fBID
	fTID
	fQID
	fQOD
	fTIW
	fWeekly
	fMonthly
	fYearly
	fHourly
)

type freqSpec struct {
	freq, period int64
	unit         PeriodUnit
}

func fixedFreq(v uint8) freqSpec {
	switch v {
	case fDaily:
		return freqSpec{1, 1, PeriodDay}
	case fBID:
		return freqSpec{2, 1, PeriodDay}
	case fTID:
		return freqSpec{3, 1, PeriodDay}
	case fQID:
		return freqSpec{4, 1, PeriodDay}
	case fQOD:
		return freqSpec{1, 2, PeriodDay}
	case fTIW:
		return freqSpec{3, 1, PeriodWeek}
	case fWeekly:
		return freqSpec{1, 1, PeriodWeek}
	case fMonthly:
		return freqSpec{1, 1, PeriodMonth}
	case fYearly:
		return freqSpec{1, 1, PeriodYear}
	case fHourly:
		return freqSpec{1, 1, PeriodHour}
	}
	return freqSpec{}
}

func routeOf(v uint8) Route {
	switch v {
	case 1:
		return RouteOral
	case 2:
		return RouteSublingual
	case 3:
		return RouteBuccal
	case 4:
		return RouteSubcutaneous
	case 5:
		return RouteIntramuscular
	case 6:
		return RouteIntravenous
	case 7:
		return RouteInhalation
	case 8:
		return RouteNasal
	case 9:
		return RouteTopical
	case 10:
		return RouteTransdermal
	case 11:
		return RouteRectal
	case 12:
		return RouteVaginal
	case 13:
		return RouteOphthalmic
	case 14:
		return RouteOtic
	}
	return ""
}

func unitOf(v uint8) Unit {
	switch v {
	case 1:
		return UnitTablet
	case 2:
		return UnitCapsule
	case 3:
		return UnitPuff
	case 4:
		return UnitDrop
	case 5:
		return UnitSpray
	case 6:
		return UnitPatch
	case 7:
		return UnitSuppository
	case 8:
		return UnitApplication
	case 9:
		return UnitMilliliter
	case 10:
		return UnitMilligram
	case 11:
		return UnitGram
	case 12:
		return UnitMicrogram
	case 13:
		return UnitUnit
	case 14:
		return UnitMilliequivalent
	}
	return ""
}

func timeUnitOf(v uint8) PeriodUnit {
	switch v {
	case 1:
		return PeriodSecond
	case 2:
		return PeriodMinute
	case 3:
		return PeriodHour
	case 4:
		return PeriodDay
	case 5:
		return PeriodWeek
	case 6:
		return PeriodMonth
	case 7:
		return PeriodYear
	}
	return ""
}

func eventOf(v uint8) EventTiming {
	switch v {
	case 1:
		return WhenHS
	case 2:
		return WhenMorning
	case 3:
		return WhenEvening
	case 4:
		return WhenBeforeMeal
	case 5:
		return WhenAfterMeal
	}
	return ""
}

// The warnings. JC is The Joint Commission's Official "Do Not Use" List; ISMP is ISMP's List
// of Error-Prone Abbreviations, Symbols, and Dose Designations. A form on both lists (U, IU,
// QD, QOD, trailing and leading zeros, MS, MSO4, MgSO4) is reported once, as do-not-use.
const (
	wNone uint8 = iota
	wU
	wIU
	wQD
	wQOD
	wTrailingZero
	wLeadingZero
	wMS
	wMSO4
	wMgSO4
	wCC
	wMicrogram
	wSCSQ
	wHS
	wQHS
	wQN
	wQ1D
	wTIW
	wPerOs
)

func warnInfo(w uint8) (WarningCode, string) {
	switch w {
	case wU:
		return WarningDoNotUse, "U, u: write unit"
	case wIU:
		return WarningDoNotUse, "IU: write International Unit"
	case wQD:
		return WarningDoNotUse, "Q.D., QD, q.d., qd: write daily"
	case wQOD:
		return WarningDoNotUse, "Q.O.D., QOD, q.o.d., qod: write every other day"
	case wTrailingZero:
		return WarningDoNotUse, "trailing zero (X.0 mg): write X mg"
	case wLeadingZero:
		return WarningDoNotUse, "lack of leading zero (.X mg): write 0.X mg"
	case wMS:
		return WarningDoNotUse, "MS: write morphine sulfate or magnesium sulfate"
	case wMSO4:
		return WarningDoNotUse, "MSO4: write morphine sulfate"
	case wMgSO4:
		return WarningDoNotUse, "MgSO4: write magnesium sulfate"
	case wCC:
		return WarningErrorProne, "cc: write mL"
	case wMicrogram:
		return WarningErrorProne, "µg: write mcg"
	case wSCSQ:
		return WarningErrorProne, "SC, SQ, sub q: write subcut or subcutaneously"
	case wHS:
		return WarningErrorProne, "HS, hs: write half-strength or bedtime"
	case wQHS:
		return WarningErrorProne, "qhs: write at bedtime or nightly"
	case wQN:
		return WarningErrorProne, "qn: write nightly"
	case wQ1D:
		return WarningErrorProne, "q1d: write daily"
	case wTIW:
		return WarningErrorProne, "TIW, tiw: write 3 times weekly"
	case wPerOs:
		return WarningErrorProne, "per os: write PO, by mouth or orally"
	}
	return "", ""
}

// classify returns the class of a lower-case word, its class value and the warning it
// carries.
func classify(w []byte) (c wclass, val, warn uint8) {
	switch string(w) {
	case "take", "give", "inject", "inhale", "apply", "instill", "insert", "use", "place",
		"chew", "dissolve", "administer":
		return cVerb, 0, 0

	// Routes (SNOMED CT codes on the Route constants).
	case "po", "oral", "orally":
		return cRoute, 1, 0
	case "sl", "sublingual", "sublingually":
		return cRoute, 2, 0
	case "buccal", "buccally":
		return cRoute, 3, 0
	case "subq", "subcut", "subcutaneous", "subcutaneously":
		return cRoute, 4, 0
	case "sc", "sq":
		return cRoute, 4, wSCSQ
	case "im", "intramuscular", "intramuscularly":
		return cRoute, 5, 0
	case "iv", "intravenous", "intravenously":
		return cRoute, 6, 0
	case "inh", "inhaled", "inhalation":
		return cRoute, 7, 0
	case "nasal", "nasally", "intranasal", "intranasally", "nas":
		return cRoute, 8, 0
	case "topical", "topically", "top":
		return cRoute, 9, 0
	case "transdermal", "transdermally":
		return cRoute, 10, 0
	case "pr", "rectal", "rectally":
		return cRoute, 11, 0
	case "pv", "vaginal", "vaginally":
		return cRoute, 12, 0
	case "ophthalmic":
		return cRoute, 13, 0
	case "otic":
		return cRoute, 14, 0
	case "by", "per", "via", "under", "into", "sub":
		return cRoutePrefix, 0, 0

	// Frequencies.
	case "daily", "qday", "qdaily":
		return cFreq, fDaily, 0
	case "qd":
		return cFreq, fDaily, wQD
	case "bid":
		return cFreq, fBID, 0
	case "tid":
		return cFreq, fTID, 0
	case "qid":
		return cFreq, fQID, 0
	case "qod":
		return cFreq, fQOD, wQOD
	case "tiw":
		return cFreq, fTIW, wTIW
	case "weekly", "qwk", "qweek":
		return cFreq, fWeekly, 0
	case "monthly", "qmonth":
		return cFreq, fMonthly, 0
	case "yearly", "annually":
		return cFreq, fYearly, 0
	case "hourly", "qh", "qhr":
		return cFreq, fHourly, 0
	case "q":
		return cQ, 0, 0
	case "every", "each":
		return cEvery, 0, 0
	case "once":
		return cCount, 1, 0
	case "twice":
		return cCount, 2, 0
	case "thrice":
		return cCount, 3, 0
	case "times", "time":
		return cTimes, 0, 0

	// Times of day (FHIR event-timing).
	case "bedtime", "nightly":
		return cWhen, 1, 0
	case "qhs":
		return cWhen, 1, wQHS
	case "hs":
		return cWhen, 1, wHS
	case "qn":
		return cWhen, 1, wQN
	case "qam":
		return cWhen, 2, 0
	case "qpm":
		return cWhen, 3, 0
	case "ac":
		return cWhen, 4, 0
	case "pc":
		return cWhen, 5, 0
	case "at", "in", "before", "after", "with", "upon":
		return cPrep, 0, 0
	case "to":
		return cTo, 0, 0

	case "prn":
		return cPRN, 0, 0
	case "as":
		return cAs, 0, 0
	case "x":
		return cX, 0, 0
	case "for":
		return cFor, 0, 0
	case "and":
		return cAnd, 0, 0
	case "od", "os", "ou", "ad", "au":
		return cAmbiguous, 0, 0
	case "ud":
		return cAsDirected, 0, 0

	case "one":
		return cNumWord, 1, 0
	case "two":
		return cNumWord, 2, 0
	case "three":
		return cNumWord, 3, 0
	case "four":
		return cNumWord, 4, 0
	case "five":
		return cNumWord, 5, 0
	case "six":
		return cNumWord, 6, 0
	case "seven":
		return cNumWord, 7, 0
	case "eight":
		return cNumWord, 8, 0
	case "nine":
		return cNumWord, 9, 0
	case "ten":
		return cNumWord, 10, 0

	// Dose units.
	case "tab", "tabs", "tablet", "tablets":
		return cUnit, 1, 0
	case "cap", "caps", "capsule", "capsules":
		return cUnit, 2, 0
	case "puff", "puffs":
		return cUnit, 3, 0
	case "drop", "drops", "gtt", "gtts":
		return cUnit, 4, 0
	case "spray", "sprays":
		return cUnit, 5, 0
	case "patch", "patches":
		return cUnit, 6, 0
	case "supp", "supps", "suppository", "suppositories":
		return cUnit, 7, 0
	case "application", "applications":
		return cUnit, 8, 0
	case "ml", "mls", "milliliter", "milliliters", "millilitre", "millilitres":
		return cUnit, 9, 0
	case "cc":
		return cUnit, 9, wCC
	case "mg", "mgs", "milligram", "milligrams":
		return cUnit, 10, 0
	case "g", "gm", "gram", "grams":
		return cUnit, 11, 0
	case "mcg", "mcgs", "microgram", "micrograms":
		return cUnit, 12, 0
	case "μg", "ug":
		return cUnit, 12, wMicrogram
	case "unit", "units":
		return cUnit, 13, 0
	case "u":
		return cUnit, 13, wU
	case "iu":
		return cUnit, 13, wIU
	case "meq":
		return cUnit, 14, 0
	case "international":
		return cInternational, 0, 0

	// Units of time.
	case "second", "seconds", "sec", "secs":
		return cTimeUnit, 1, 0
	case "minute", "minutes", "min", "mins":
		return cTimeUnit, 2, 0
	case "hour", "hours", "hr", "hrs", "h":
		return cTimeUnit, 3, 0
	case "day", "days", "d":
		return cTimeUnit, 4, 0
	case "week", "weeks", "wk", "wks":
		return cTimeUnit, 5, 0
	case "month", "months", "mo", "mos":
		return cTimeUnit, 6, 0
	case "year", "years", "yr", "yrs":
		return cTimeUnit, 7, 0
	}
	return cNone, 0, 0
}
