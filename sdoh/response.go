package sdoh

import (
	"slices"
	"strconv"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

// A Response is one completed (or partly completed) screening: which instrument and version
// was answered, for which patient, on which day, by whom, in which language, and the answers.
// It is a FHIR QuestionnaireResponse reduced to what scoring needs, and a record a [Store] keeps.
// It holds no free text: answers are codes and numbers.
//
// The zero Response is not valid; [Response.Validate] and [Screener.Validate] say why.
type Response struct {
	carecoord.Meta
	// Instrument and InstrumentVersion name the instrument version that was administered. A
	// response is read only against that version: a new version of an instrument is a new
	// table. (Version, json "version", is the embedded Meta's record version, which a Store
	// uses for optimistic concurrency.)
	Instrument        InstrumentID `json:"instrument"`
	InstrumentVersion string       `json:"instrumentVersion"`
	// Patient is the person the screening is about.
	Patient carecoord.PatientID `json:"patient"`
	// Date is the day the screening was done: the date of service that Z codes are chosen for.
	Date civil.Date `json:"date"`
	// Respondent says who answered: the patient, a proxy, or the patient with staff help.
	Respondent Respondent `json:"respondent"`
	// Language is the BCP 47 tag of the language the instrument was administered in ("en",
	// "es", "es-MX").
	Language string `json:"language"`
	// Answers are the answers, at most one per item, in any order.
	Answers []Answer `json:"answers,omitempty"`
}

// Respondent says who answered a screening. The zero Respondent is not valid.
type Respondent string

// The respondents.
const (
	// RespondentSelf: the patient answered alone (FHIR QuestionnaireResponse.source Patient).
	RespondentSelf Respondent = "self"
	// RespondentProxy: someone answered for the patient, such as a parent or caregiver (source
	// RelatedPerson). A proxy never sees restricted results ([Disclose]).
	RespondentProxy Respondent = "proxy"
	// RespondentStaffAssisted: the patient answered, read to or recorded by staff.
	RespondentStaffAssisted Respondent = "staff-assisted"
)

// Respondents returns every Respondent, in a new slice.
func Respondents() []Respondent {
	return []Respondent{RespondentSelf, RespondentProxy, RespondentStaffAssisted}
}

// IsValid reports whether r is one of [Respondents].
func (r Respondent) IsValid() bool {
	return r == RespondentSelf || r == RespondentProxy || r == RespondentStaffAssisted
}

// AbsentReason says why an item has no answer. The values are the FHIR R4 data-absent-reason
// codes the NYeC SHIN-NY guidance uses for skipped screening questions. The zero AbsentReason
// means "there is an answer".
type AbsentReason string

// The absent reasons.
const (
	// AbsentDeclined: the respondent was asked and declined to answer (asked-declined).
	AbsentDeclined AbsentReason = "asked-declined"
	// AbsentUnknown: the respondent was asked and did not know (asked-unknown).
	AbsentUnknown AbsentReason = "asked-unknown"
	// AbsentNotAsked: the screener did not ask (not-asked).
	AbsentNotAsked AbsentReason = "not-asked"
)

// AbsentReasons returns every AbsentReason, in a new slice.
func AbsentReasons() []AbsentReason {
	return []AbsentReason{AbsentDeclined, AbsentUnknown, AbsentNotAsked}
}

// IsValid reports whether a is one of [AbsentReasons].
func (a AbsentReason) IsValid() bool {
	return a == AbsentDeclined || a == AbsentUnknown || a == AbsentNotAsked
}

// An Answer is the entry for one item: the answer codes chosen, a number, or the reason there
// is no answer. Exactly one of these is set. Build one with [Choose], [Value] or [Skip].
//
// The zero Answer is not valid.
type Answer struct {
	// Item is the LOINC code of the question.
	Item string `json:"item"`
	// Codes are the LOINC answer codes chosen: one for a choice item, one or more for a
	// multi-choice item (none for a multi-choice item that allows it: "none of these").
	Codes []string `json:"codes,omitempty"`
	// Number is the answer to a number item, when HasNumber is set.
	Number    int64 `json:"number,omitempty"`
	HasNumber bool  `json:"hasNumber,omitempty"`
	// Absent, if set, says why there is no answer.
	Absent AbsentReason `json:"absent,omitempty"`
}

// Choose returns the answer to item with these answer codes.
func Choose(item string, codes ...string) Answer { return Answer{Item: item, Codes: codes} }

// Value returns the answer n to a number item.
func Value(item string, n int64) Answer { return Answer{Item: item, Number: n, HasNumber: true} }

// Skip returns an entry saying why item has no answer.
func Skip(item string, why AbsentReason) Answer { return Answer{Item: item, Absent: why} }

// Clone returns a deep copy of r: no slice shared with it.
func (r Response) Clone() Response {
	r.Answers = slices.Clone(r.Answers)
	for i := range r.Answers {
		r.Answers[i].Codes = slices.Clone(r.Answers[i].Codes)
	}
	return r
}

// Validate reports the problems with r that need no instrument table, as carecoord.FieldErrors
// (matching carecoord.ErrInvalid): patient, date, instrument and version, respondent and
// language set and well formed, and every answer shaped right (a LOINC item code, answer codes
// that are LOINC answer codes, a number, or an absent reason, and no item twice). Whether the
// items and answers belong to the instrument is [Screener.Validate]'s job. It does not check
// Meta, which the Store does. Paths are as [Screener.Validate] describes.
func (r Response) Validate() error {
	var errs carecoord.FieldErrors
	r.checkHeader(&errs)
	for i := range r.Answers {
		a := &r.Answers[i]
		path := answerPath(a.Item, i)
		if !ValidLOINC(a.Item) {
			continue // reported by checkItemCode below
		}
		for j, c := range a.Codes {
			if !ValidLOINCAnswer(c) {
				errs.Add(carecoord.Invalid(carecoord.Path(path+".codes", j), "must be a LOINC answer code"))
			}
		}
		checkShape(&errs, func() string { return path }, a)
	}
	r.checkItemCodes(&errs)
	return errs.Err()
}

// checkItemCodes reports answers whose item is not a LOINC code, and items answered twice.
func (r *Response) checkItemCodes(errs *carecoord.FieldErrors) {
	for i := range r.Answers {
		a := &r.Answers[i]
		switch {
		case a.Item == "":
			errs.Add(carecoord.Required(carecoord.Path("answers", i, "item"), "must name the item answered"))
		case !ValidLOINC(a.Item):
			errs.Add(carecoord.Invalid(carecoord.Path("answers", i, "item"), "must be a LOINC question code"))
		default:
			for j := range i {
				if r.Answers[j].Item == a.Item {
					errs.Add(carecoord.Duplicate(answerPath(a.Item, i), "must answer each item once"))
					break
				}
			}
		}
	}
}

// checkShape reports an answer with more or less than one of codes, number and absent reason,
// adding problems to errs, at paths under path(), when errs is not nil. It reports nothing about whether the codes
// belong to the item, and allocates nothing when the answer is well shaped.
func checkShape(errs *carecoord.FieldErrors, path func() string, a *Answer) bool {
	ok := true
	add := func(e *carecoord.FieldError) {
		ok = false
		if errs != nil {
			errs.Add(e)
		}
	}
	if a.Absent != "" {
		if !a.Absent.IsValid() {
			add(carecoord.NotSupported(path()+".absent", AbsentReasons()...))
		}
		if len(a.Codes) > 0 || a.HasNumber || a.Number != 0 {
			add(carecoord.NotAllowed(path(), "must not have an answer and an absent reason"))
		}
		return ok
	}
	if len(a.Codes) > 0 && (a.HasNumber || a.Number != 0) {
		add(carecoord.NotAllowed(path()+".number", "must not be set with answer codes"))
	}
	if !a.HasNumber && a.Number != 0 {
		add(carecoord.Invalid(path()+".hasNumber", "must be set with a number"))
	}
	return ok
}

// answerPath is the path of an answer: "answers[88122-7]", keyed by its item code when that is a
// LOINC code (never free text), else "answers[3]", by its index.
func answerPath(item string, i int) string {
	if ValidLOINC(item) {
		return "answers[" + item + "]"
	}
	return "answers[" + strconv.Itoa(i) + "]"
}

// checkHeader checks the fields every response needs, adding problems to errs when errs is not
// nil. It reports whether there were none, and allocates nothing when there are none.
func (r *Response) checkHeader(errs *carecoord.FieldErrors) bool {
	instrumentOK := r.checkInstrument(errs)
	return r.checkRest(errs) && instrumentOK
}

// checkInstrument checks the instrument and instrument version fields.
func (r *Response) checkInstrument(errs *carecoord.FieldErrors) bool {
	ok := true
	bad := func(e *carecoord.FieldError) {
		ok = false
		if errs != nil {
			errs.Add(e)
		}
	}
	switch {
	case r.Instrument == "":
		bad(carecoord.Required("instrument", "must name the instrument"))
	case !carecoord.ValidID(string(r.Instrument)):
		bad(carecoord.Invalid("instrument", "must be a FHIR id"))
	}
	switch {
	case r.InstrumentVersion == "":
		bad(carecoord.Required("instrumentVersion", "must name the instrument version answered"))
	case !carecoord.ValidID(r.InstrumentVersion):
		bad(carecoord.Invalid("instrumentVersion", "must be a FHIR id"))
	}
	return ok
}

// checkRest checks the fields of the header other than the instrument and version.
func (r *Response) checkRest(errs *carecoord.FieldErrors) bool {
	ok := true
	bad := func(e *carecoord.FieldError) {
		ok = false
		if errs != nil {
			errs.Add(e)
		}
	}
	switch {
	case r.Patient == "":
		bad(carecoord.Required("patient", "must name the patient"))
	case !r.Patient.IsValid():
		bad(carecoord.Invalid("patient", "must be a FHIR id"))
	}
	if !r.Date.IsValid() {
		bad(carecoord.Required("date", "must be the day of the screening"))
	}
	switch {
	case r.Respondent == "":
		bad(carecoord.Required("respondent", "must say who answered"))
	case !r.Respondent.IsValid():
		if errs != nil {
			bad(carecoord.NotSupported("respondent", Respondents()...))
		} else {
			ok = false
		}
	}
	switch {
	case r.Language == "":
		bad(carecoord.Required("language", "must name the language the instrument was given in"))
	case !wellFormedTag(r.Language):
		bad(carecoord.Invalid("language", "must be a BCP 47 language tag"))
	}
	return ok
}

// wellFormedTag reports whether s has the shape of a BCP 47 language tag: a primary subtag of 2
// to 8 letters, then subtags of 1 to 8 letters or digits, separated by hyphens. It is a syntax
// check that allocates nothing; it does not look subtags up.
func wellFormedTag(s string) bool {
	if len(s) > 64 {
		return false
	}
	n, least := 0, 2 // the length of the subtag so far, and the least it may have
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case (c|0x20)-'a' < 26: // a letter
			n++
		case c == '-':
			if n < least || n > 8 {
				return false
			}
			n, least = 0, 1
		case least == 1 && isDigit(c):
			n++
		default:
			return false
		}
	}
	return n >= least && n <= 8
}
