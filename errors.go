package carecoord

import (
	"errors"
	"strconv"
	"strings"
)

// The kinds of error. Every error the library returns that a caller may want to branch on
// wraps one of these; test with errors.Is. Messages are lower-case and never carry patient data.
var (
	// ErrNotFound: a Store has no record with that id.
	ErrNotFound = errors.New("carecoord: not found")
	// ErrConflict: a Store's Save was given a version that is not the stored one (another
	// writer saved first), or a creation (version 0) for an id that exists. Nothing was
	// written; read the record again and retry (see [Update]).
	ErrConflict = errors.New("carecoord: version conflict")
	// ErrInvalid: the input breaks a rule. The error is, or wraps, a [FieldError] or
	// [FieldErrors] naming the field and the rule.
	ErrInvalid = errors.New("carecoord: invalid")
	// ErrTransition: a status change that the record's transition table does not allow.
	// The error is, or wraps, a [TransitionError].
	ErrTransition = errors.New("carecoord: transition not allowed")
	// ErrForbidden: the actor is not allowed to make this change (for example the
	// performer of a referral trying to do what only the requester may).
	ErrForbidden = errors.New("carecoord: forbidden")
)

// A FieldCode names the rule a field broke. The values are stable: tests and callers compare
// them (and [FieldError.Path]), never the English [FieldError.Detail]. The zero FieldCode is
// not a code.
type FieldCode string

// The field codes.
const (
	// FieldRequired: the field must be set and is empty.
	FieldRequired FieldCode = "required"
	// FieldInvalid: the value is malformed or breaks a rule that involves other fields.
	FieldInvalid FieldCode = "invalid"
	// FieldNotSupported: the value is not one of the allowed values of an enumeration.
	FieldNotSupported FieldCode = "not-supported"
	// FieldOutOfRange: a number, date or length is outside its allowed range.
	FieldOutOfRange FieldCode = "out-of-range"
	// FieldDuplicate: the value repeats one that must be unique in its list.
	FieldDuplicate FieldCode = "duplicate"
	// FieldNotAllowed: the field must not be set in this state.
	FieldNotAllowed FieldCode = "not-allowed"
)

// FieldCodes returns every FieldCode, in a new slice.
func FieldCodes() []FieldCode {
	return []FieldCode{FieldRequired, FieldInvalid, FieldNotSupported, FieldOutOfRange, FieldDuplicate, FieldNotAllowed}
}

// IsValid reports whether c is one of [FieldCodes].
func (c FieldCode) IsValid() bool {
	switch c {
	case FieldRequired, FieldInvalid, FieldNotSupported, FieldOutOfRange, FieldDuplicate, FieldNotAllowed:
		return true
	}
	return false
}

// A FieldError says that one field of a record breaks one rule. It matches [ErrInvalid]
// with errors.Is.
//
// Path names the field from the record's root in JSON-field form, with list indexes in
// brackets: "goals[1].target.due". Detail is English for developers; it states the rule
// ("must not be before period.start") and never repeats the value, which may be patient data.
// Build one with [Required], [Invalid], [NotSupported], [OutOfRange], [Duplicate] or
// [NotAllowed]; the zero FieldError names no field and no rule.
type FieldError struct {
	Path   string    `json:"path"`
	Code   FieldCode `json:"code"`
	Detail string    `json:"detail"`
}

// Error returns "path: detail".
func (e *FieldError) Error() string {
	if e.Path == "" {
		return e.Detail
	}
	return e.Path + ": " + e.Detail
}

// Is makes errors.Is(err, ErrInvalid) true for every FieldError.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// Required returns a FieldError with code [FieldRequired].
func Required(path, detail string) *FieldError {
	return &FieldError{Path: path, Code: FieldRequired, Detail: detail}
}

// Invalid returns a FieldError with code [FieldInvalid].
func Invalid(path, detail string) *FieldError {
	return &FieldError{Path: path, Code: FieldInvalid, Detail: detail}
}

// OutOfRange returns a FieldError with code [FieldOutOfRange].
func OutOfRange(path, detail string) *FieldError {
	return &FieldError{Path: path, Code: FieldOutOfRange, Detail: detail}
}

// Duplicate returns a FieldError with code [FieldDuplicate].
func Duplicate(path, detail string) *FieldError {
	return &FieldError{Path: path, Code: FieldDuplicate, Detail: detail}
}

// NotAllowed returns a FieldError with code [FieldNotAllowed].
func NotAllowed(path, detail string) *FieldError {
	return &FieldError{Path: path, Code: FieldNotAllowed, Detail: detail}
}

// NotSupported returns a FieldError with code [FieldNotSupported] whose detail lists the
// allowed values. The rejected value is not repeated.
func NotSupported[S ~string](path string, allowed ...S) *FieldError {
	if len(allowed) == 0 {
		return &FieldError{Path: path, Code: FieldNotSupported, Detail: "must not be set: no value is allowed"}
	}
	var b strings.Builder
	b.WriteString("must be one of ")
	for i, a := range allowed {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(string(a)))
	}
	return &FieldError{Path: path, Code: FieldNotSupported, Detail: b.String()}
}

// Path builds a field path from names and list indexes: Path("goals", 1, "target", "due")
// is "goals[1].target.due". Elements must be strings or ints; any other element is written
// as "?" so that a mistake shows in the path rather than panicking.
func Path(elems ...any) string {
	var b strings.Builder
	for _, e := range elems {
		switch v := e.(type) {
		case string:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(v)
		case int:
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(v))
			b.WriteByte(']')
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteByte('?')
		}
	}
	return b.String()
}

// FieldErrors is every problem found in one record, in the order found. Validate methods
// return it (through [FieldErrors.Err]) so a caller sees all problems at once, not just
// the first.
//
// errors.Is(err, ErrInvalid) is true for a non-empty list, and errors.As(err, &fe) with a
// *FieldError finds the first problem. The zero FieldErrors is empty and ready to use.
// FieldErrors is a slice, so two of them cannot be compared with ==; compare with errors.Is,
// [FieldErrors.Has] or the paths and codes.
type FieldErrors []*FieldError

// Add appends the given errors, skipping nil ones.
func (l *FieldErrors) Add(errs ...*FieldError) {
	for _, e := range errs {
		if e != nil {
			*l = append(*l, e)
		}
	}
}

// Nest adds the problems of a nested value, found by its own Validate, with prefix put in
// front of each path: Nest("goals[1]", goal.Validate()) turns "target.due" into
// "goals[1].target.due". A nil err adds nothing. Nest looks through wrapping (fmt.Errorf with
// %w) and joined errors (errors.Join) and keeps every FieldError it finds; an error in there
// that is not a FieldError (which the library's Validate methods never return) is added as one
// [FieldInvalid] problem at prefix, so no problem is lost, with a fixed detail: its text is not
// copied, since a foreign error may carry patient data. Nest never changes the errors it copies.
func (l *FieldErrors) Nest(prefix string, err error) {
	if err == nil {
		return
	}
	for _, e := range fieldErrorsIn(err) {
		c := *e
		c.Path = joinPath(prefix, e.Path)
		*l = append(*l, &c)
	}
}

// fieldErrorsIn returns every FieldError in err's tree, in order, turning other leaves into
// FieldInvalid problems with no path.
func fieldErrorsIn(err error) []*FieldError {
	switch v := err.(type) {
	case nil:
		return nil
	case *FieldError:
		if v == nil {
			return nil
		}
		return []*FieldError{v}
	case FieldErrors:
		var out []*FieldError
		for _, e := range v {
			if e != nil {
				out = append(out, e)
			}
		}
		return out
	case interface{ Unwrap() []error }:
		var out []*FieldError
		for _, e := range v.Unwrap() {
			out = append(out, fieldErrorsIn(e)...)
		}
		return out
	case interface{ Unwrap() error }:
		if inner := fieldErrorsIn(v.Unwrap()); len(inner) > 0 {
			return inner
		}
	}
	return []*FieldError{Invalid("", "is invalid (a nested check failed with an error that names no field)")}
}

func joinPath(prefix, path string) string {
	switch {
	case prefix == "":
		return path
	case path == "":
		return prefix
	case path[0] == '[':
		return prefix + path
	}
	return prefix + "." + path
}

// Err returns l as an error, or nil when l is empty, so that an empty list never becomes a
// non-nil error holding nothing.
func (l FieldErrors) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Error joins the problems with "; ".
func (l FieldErrors) Error() string {
	var b strings.Builder
	for _, e := range l {
		if e == nil {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns each problem, so that errors.Is and errors.As look inside the list.
func (l FieldErrors) Unwrap() []error {
	errs := make([]error, 0, len(l))
	for _, e := range l {
		if e != nil {
			errs = append(errs, e)
		}
	}
	return errs
}

// Has reports whether l holds a problem with this path and code. Tests use it to check a
// rule without depending on the English detail.
func (l FieldErrors) Has(path string, code FieldCode) bool {
	for _, e := range l {
		if e != nil && e.Path == path && e.Code == code {
			return true
		}
	}
	return false
}
