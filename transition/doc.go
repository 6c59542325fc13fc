// Package transition models care transitions: a patient's admission, discharge, transfer,
// emergency visit or observation stay, the checklists that keep the hand-off from dropping
// anything (before discharge and after it, each item with an owner and a deadline), and the
// timing rules of Transitional Care Management (TCM, CPT 99495 and 99496).
//
// # Events
//
// An [Event] is one encounter-level transition as a hospital's ADT feed reports it: its [Kind],
// the patient, the facility and its time zone, the admission and discharge instants, where the
// patient went (the NUBC patient discharge status, [Disposition], grouped into a
// [Destination]), the ICD-10-CM diagnoses, the attending, the primary care practice to hand over
// to, and the readmission-risk tier ([RiskTier], from a LACE or HOSPITAL score computed elsewhere:
// [TierFromLACE], [TierFromHOSPITAL]). Every day count starts from the discharge's local day in the
// facility's zone: a discharge at 23:30 in New York is that New York day.
//
// # Checklists
//
// A checklist template is data ([TemplateSpec]): items with a stable key, an owner [Role], a
// [DueRule], required or optional, prerequisites, and the kinds of [Evidence] that show it was done.
// A due rule counts hours, calendar days or business days after the admission, the discharge or
// another item, or is "before discharge":
//
//	"before discharge"                 due at the discharge instant
//	"48 hours after discharge"         elapsed hours: a DST change moves the wall clock, not the deadline
//	"48 to 72 hours after discharge"   as above, and not before 48 hours (done sooner: done early)
//	"7 days after discharge"           by the end of the 7th local day after the discharge day
//	"2 business days after discharge"  by the end of the 2nd business day of the civil.Calendar passed in,
//	                                   counting from the day after discharge (weekends, observed federal
//	                                   holidays and the calendar's closures skipped)
//	"0 days after item follow-up-visit" by the end of the day that item is done (its due day until then)
//
// The built-in templates cite their sources item by item: [DischargeTemplate] (Project RED's twelve
// components, BOOST, the admission notification), [PostDischargeTemplate] (contact within 2
// business days; visit within 7 days for high risk, 14 otherwise; medication reconciliation by that
// visit; an optional home visit 48 to 72 hours after discharge), [TCMTemplate], [EDFollowUpTemplate] (HEDIS FMC's
// 7 days) and [HandoffTemplate] (skilled nursing and other facilities). [NewTemplate] compiles a
// spec once; [Instantiate] applies it to an event with concrete due times; a [Program] holds an
// organisation's templates by purpose and risk tier and [Program.Plan] makes every checklist that
// applies to an event and says why the others do not.
//
// Not every checklist applies to every event ([Applies]): a patient who died, or who went on to
// another hospital, gets no post-discharge follow-up; a discharge to a skilled nursing facility
// gets a hand-off instead. Instantiate then returns a *[NotApplicableError] naming the [Reason].
//
// Each item is a FHIR Task with this lifecycle, changed only by [Start], [Complete] and [Waive],
// which return a new Checklist and record every move in the item's history:
//
//	ready       → in-progress, completed, cancelled (waived, with a coded reason)
//	in-progress → completed, cancelled
//	completed, cancelled: terminal
//
// Completing an item before its prerequisites are completed or waived is an error
// ([ErrPrerequisite]); completing one needs evidence of a kind it accepts. [Evaluate] (or
// [AppendEvaluate], which allocates nothing) says at an instant whether each item is done on time,
// done late, done early (before its rule's earliest time), pending, overdue, waived or waiting for
// its clock to start, with the completion rate, the on-time rate, the next item due and the most
// overdue item. An item counted after the discharge cannot be completed before it. [Attempt]
// records an unsuccessful attempt without changing the status; for an item that counts attempts
// (the TCM contact: two, as [DecideTCM] counts them) Evaluate calls it done once enough are
// recorded. An item due at an instant (an hour rule) is on time when
// done at that instant and overdue just after it; an item due on a day is on time through the last
// moment of that day and overdue from the midnight that ends it; an overdue item never becomes
// pending again. [Retime] re-times
// a checklist made at admission once the discharge is known.
//
// # Transitional Care Management
//
// [DecideTCM] takes the discharge event, the contacts and attempts, the face-to-face visit day,
// the MDM level and the medication reconciliation day, and says which code the services support
// and, for each code, every [TCMRule] that failed: a qualifying setting and a community destination
// (CMS MLN908628); an interactive contact within 2 business days, or two or more timely documented
// attempts (CMS TCM FAQ); a visit within 7 (99496, high MDM) or 14 (99495, at least moderate MDM)
// calendar days; reconciliation by the visit; one TCM per 30-day period, which starts on the
// discharge day; the date of service and earliest claim date being the visit day (CMS TCM FAQ,
// 2016). [NewTCMTimeline] gives the calendar alone. Points the sources leave open are switches in
// [TCMOptions], conservative by default.
//
// # Text for people
//
// A [Localizer] owns its golang.org/x/text catalog with every title, role, state, purpose and
// reason in English and Spanish, looked up by stable id; [Localizer.For] negotiates the language.
// Error messages are English for developers and never carry patient data.
//
// # Storage
//
// A [Store] keeps events and checklists as two aggregates (the ADT feed and the coordinators write
// them separately), each with Get, Save with optimistic concurrency on carecoord.Meta.Version,
// History and List; [NewMemStore] is the in-memory one and transitiontest.TestStore the
// conformance suite. A *time.Location is not serialised: records carry Zone, the IANA name, and
// the host restores Location with time.LoadLocation(Zone) after reading.
//
// # Errors
//
// Validate methods return carecoord.FieldErrors (matching carecoord.ErrInvalid); refused status
// changes return a *carecoord.TransitionError (carecoord.ErrTransition) or a *[PrerequisiteError]
// ([ErrPrerequisite]); checklists that do not apply return a *[NotApplicableError]
// ([ErrNotApplicable]); a Store returns errors wrapping carecoord.ErrNotFound and
// carecoord.ErrConflict. No error carries patient data. Bad input gets an error, never a panic.
//
// # Sources
//
// Project RED: Boston University's RED components page and the AHRQ RED Toolkit and staff
// training slides (the reinforcement call 2–3 days after discharge). Coleman Care Transitions
// Intervention (home visit ideally 48–72 hours after discharge). Project BOOST (8Ps, teach-back,
// standardised communication). CMS MLN908628 Transitional Care Management Services and the CMS TCM
// FAQ; CPT 99495/99496 descriptors, paraphrased; NGS Medicare and Noridian FAQs on the contact.
// NUBC UB-04 FL17 patient discharge status, as HL7 Terminology names it. NCQA HEDIS TRC and FMC
// windows. 5 U.S.C. § 6103 and OPM's observance rules, through civil.USFederal. Where the sources
// disagree or are silent, the choice is the library's and its doc comment says so.
//
// # Performance
//
// Templates are compiled once ([NewTemplate], [Program]); [Instantiate] makes one allocation (the
// items) and works out every due time in one pass over them; [AppendInstantiate] and
// [AppendEvaluate] allocate nothing when given room. Figures from go test -bench . -benchmem on
// the development machine (2 vCPU AMD EPYC, Linux, Go 1.26.8), measured while other jobs shared
// it (load average 4 to 8), so they are upper bounds:
//
//	BenchmarkDischarges1M/keep   instantiate and evaluate the post-discharge checklist of
//	                             1,000,000 discharges, each kept: 1.4–2.5 µs and one allocation
//	                             (1,408 bytes) a discharge
//	BenchmarkDischarges1M/reuse  the same with one reused items buffer: 0.8–1.0 µs, no allocation
//	BenchmarkPlan1M              a whole programme (discharge, post-discharge, TCM, ED follow-up,
//	                             hand-off; 2.3 checklists a discharge, the 16-item discharge
//	                             checklist among them) and every checklist evaluated: 7–11 µs,
//	                             6.3 allocations (7 KB) a discharge
//
// Functions in this package do not read the clock; pass the time.
package transition
