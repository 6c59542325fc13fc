// Package fhir reads and writes FHIR R4 (4.0.1) JSON for the records carecoord keeps, and maps
// between the two. carecoord keeps its own domain types; FHIR is a precise mapping at the edge,
// where EHRs and their add-ons meet it.
//
// # The model
//
// The structs are hand-written and hold only the elements carecoord maps, not the whole FHIR
// model: [Encounter] (a transition.Event), [Condition] (a stay's diagnosis, a referral's reason,
// what a plan addresses, a social need), [CarePlan], [Goal] and [CareTeam] (a careplan.CarePlan),
// [ServiceRequest] and [Task] (a referral.Referral), [MedicationStatement], [MedicationRequest],
// [Medication] and [List] (medrec's entries, lists and reconciliations), [QuestionnaireResponse]
// (an sdoh.Response), [Observation] (a screening's answers and results), [MeasureReport] (a
// metrics.Result) and [Bundle].
// Each struct embeds [Extras], which keeps what the struct has no field for, so nothing is lost:
//
//   - primitive extensions: the "_name" companion of a primitive element (FHIR R4 §2.6.2.7),
//     its id and extensions, for a single value or for each value of a list, with null where
//     a value has none;
//   - unknown elements, kept as their JSON text when [DecodeOptions].KeepUnknown is set, and
//     written back by [Marshal]; otherwise left out.
//
// Either way every element read but not mapped is reported as an [Issue] with its location,
// so a caller always knows what the mapping did not carry; so is every extension on an element or
// data type whose extensions no mapping reads (carecoord's own, where a mapping reads them, are
// not). Extensions ([Extension]) keep their value as JSON text with its type; value[x] accepts
// exactly one of the types R4 allows.
//
// # JSON rules
//
// [Unmarshal] checks the rules of FHIR's JSON representation (R4 §2.6.2) and the formats of the
// primitive types (R4 §2.24.0.1): no null, empty string, empty array or empty object for an
// element (leave it out instead); no member twice; UTF-8 only; code, id, uri, dateTime, date,
// instant, integer and decimal each in its format (a dateTime with a time has seconds and a
// zone; dates are real days; a decimal has at most 1000 digits); one type of a choice element
// name[x], mapped or not; a "_name" companion only for a primitive value, a list exactly when
// its value is, of the same length, and giving an element wherever a value is null. These hold
// for what is kept as JSON text too: an extension's value is checked by its type, and unknown
// elements and resources of other types by the JSON rules. Decimals keep their precision (1.50
// stays 1.50 in an extension or a kept element, which are written back as read). Problems are carecoord.FieldErrors, each at a FHIRPath-like location
// ("Encounter.period.start", "Encounter.meta._profile"), all of them at once except after
// malformed JSON, where reading stops at the byte named. No error repeats a value: FHIR
// resources are patient data. Nesting deeper than 100 levels is refused, and a hostile object
// with many members costs n log n, never n². Fuzzing checks that no input panics and that what
// reads without error writes back and reads again to the same bytes.
//
// # Mappings
//
// [EncounterOf] and [EventFromEncounter] map a transition.Event both ways; the round trip is the
// identity for every valid event (a rapid property). Where FHIR has no element for something
// carecoord keeps, the mapping uses carecoord's own code systems and extensions under [Base]
// (the event kind and setting, the readmission-risk tier, the primary care practice, who made a
// version) or HL7's where one exists (the facility's IANA zone, as the timezone extension on
// period.start). Reading a resource another system wrote, the mapping derives what it must from
// the standard elements and reports each derivation as an [IssueAssumed]. A modifier extension
// is refused, never ignored: it may change the meaning of what holds it (R4 §2.4.1.1).
//
// [CarePlanOf] and [PlanFromCarePlan] map a careplan.CarePlan both ways, as one CarePlan with its
// care team, goals and addressed Conditions contained; the round trip is the identity (a rapid
// property, over careplantest's plans and richer ones with status histories, schedule versions,
// outcomes and targets of every shape).
// FHIR has no element for those three, for the careplan activity kind, for an exclusive bound of
// a two-sided target or for an activity's link beside its detail (cpl-3); carecoord's extensions
// carry them ([ExtensionStatusHistory] and the others beside it). The latest schedule version is
// the activity's scheduledTiming, so another system reads the schedule in force from now on.
//
// [ReferralOf] and [ReferralFromTask] map a referral.Referral both ways, as the pair the Gravity
// SDOH Clinical Care IG exchanges (SDOHCC-ServiceRequest, SDOHCC-TaskForReferralManagement) and
// 360X-style clinical referrals use: a transaction Bundle of the ServiceRequest (the order) and
// the Task (its fulfilment: status, business status, owner, outputs), both under the referral's
// id. The round trip is the identity for every valid referral with an id (a rapid property).
// What FHIR has no element for (the profile, the acknowledgement, the replacing referral, the
// status history and the event log, when and by whom each output came back) is carried in
// carecoord extensions on the Task; deadlines are not: [referral.Evaluate] computes them from a
// Policy, which is not part of the record.
//
// [QuestionnaireResponseOf] and [ResponseFromQuestionnaireResponse] map an sdoh.Response both
// ways, in the SDOH Clinical Care IG's shape (linkId the item's LOINC code, LOINC answer codings,
// HL7's data-absent-reason extension for a skipped question); the round trip is the identity
// for every valid response (a rapid property). [ObservationsOf] writes a scored response as
// SDOHCC screening-response Observations (a grouping observation with the panel code, one per
// answer, and the results), and [ResponseFromObservations] reads a response back from the
// grouping observation and its members, as many systems send a screening without a
// QuestionnaireResponse: a multiple-choice answer given as one observation per choice is one
// answer again, dataAbsentReason a skipped question. The grouping observation carries what the
// answers alone do not (meta, performer, carecoord's instrument-version, respondent and
// screening-language extensions), and carecoord's "none" answer a multiple-choice question
// answered with no choice, so the round trip is the identity but for the answers' order (the
// instrument's; a rapid property over sdohtest's responses). Results, totals and observations
// derived from others are never read: they are left out and reported, and the Screener
// computes them by the instrument's rules. [ConditionsOf] writes the needs as SDOHCC Conditions
// (unconfirmed health concerns with Z codes and SNOMED CT, citing the observations as
// evidence), export only: an sdoh.Need is what sdoh.Needs derives from a scored response, a
// suggestion for a clinician to confirm, and sdoh has no type for a confirmed or recorded need.
// Reading a Condition into a Need would forge the domain and items that raised it and drop that
// a clinician confirmed it; a confirmed SDOH problem another system sends is read where
// carecoord keeps one, as the code of what a care plan or goal addresses or of a referral's
// reason. [MeasureReportOf] writes a metrics.Result as a summary MeasureReport (populations, a
// score rounded to the caller's places, strata).
//
// [MedicationStatementOf] and [MedicationRequestOf] map a medrec entry (with its patient) both
// ways, structured directions as FHIR Dosage and a drug with ingredients as a contained
// Medication; [MedicationListOf] writes one source's list as a Bundle of a List and its entries;
// [ReconciliationOf] writes a whole medrec.Reconciliation as a Bundle: its List (the reconciled
// list, each entry flagged with the decision's action), the history and orders Lists, and every
// decision and status change as carecoord extensions. Each round trip is the identity for every
// record medrec's generators make.
//
// [Import] reads a Bundle (collection, transaction, batch, searchset or document) and maps each
// entry it can, resolving references between entries by fullUrl ("urn:uuid:…") or Type/id (not
// a Type/id that entries of two fullUrls share) and to contained resources; an entry that cannot
// be mapped is named in the error while the others are returned. A bundle of another type (a
// history, a response, a message) is refused. A contained resource of a type the package does
// not map is kept, like an unknown element, in [DomainResource].ContainedOther. A screening sent
// both ways is read from its QuestionnaireResponse, one sent as Observations only from its
// grouping observation.
//
// # Not yet
//
// Still to come: the patient's Task (SDOHCC-TaskForPatient, referral.PatientTask), a care
// plan's outcomes as the Observations other systems would look for, a MeasureReport with its
// subjects (subject-list, from a Result's evidence), and MedicationDispense (a pharmacy fill is
// read and written as a MedicationStatement) and MedicationAdministration. [Import] reports
// those resources as not mapped, and the Observations, SDOH Conditions and MeasureReports that
// carecoord derives rather than reads, likewise. Not read either: a multiple-choice answer given
// as Observation.component (the IG's other shape for one), and the observations of an
// instrument that is not built in (read its QuestionnaireResponse).
package fhir
