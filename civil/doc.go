// Package civil provides calendar dates with no time zone, inclusive date ranges, and
// business-day calendars with the US federal holidays, for the clinical and financial dates
// of care coordination: discharge days, fill dates, appointment days, due dates and
// measurement periods.
//
// A discharge date is a local calendar fact. Kept as midnight UTC in a time.Time it reads as
// the previous day in every US time zone, and a day is not always 24 hours long; a [Date]
// has neither problem. Convert an instant to a date with [DateOf] after putting the instant
// in the facility's location (t.In(loc)); the package never loads time zones itself.
//
// A Date is four bytes: arithmetic, comparison and sorting are integer operations, and
// nothing in this package allocates on its hot paths ([Date.AddDays],
// [Calendar.IsBusinessDay], [Calendar.AddBusinessDays], [Calendar.BusinessDaysBetween],
// [Parse]), so population measures can use dates freely.
//
// Windows are inclusive: a [Range] from Start through End contains both. Business days
// come from a [Calendar] that the caller passes in: [USFederal] for Monday to Friday less
// the observed US federal holidays (5 U.S.C. § 6103 and OPM's observance rules), or an
// organisation's own, built with [NewCalendar] and the With… methods.
//
// Functions in this package do not read the clock; pass today's date.
// Parse errors match carecoord.ErrInvalid and never repeat the input, which may be a
// patient's date of birth.
package civil
