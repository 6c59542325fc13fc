package carecoord_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/carecoord/carecoord"
)

// pathCode is the part of a FieldError that tests compare: the field and the rule, never the
// English Detail.
type pathCode struct {
	Path string
	Code carecoord.FieldCode
}

// pathCodes returns the Path and Code of every problem in err, in order. err must be nil or
// a carecoord.FieldErrors (possibly wrapped) that matches carecoord.ErrInvalid; anything else
// fails the test. A nil err gives a nil slice.
func pathCodes(t *testing.T, err error) []pathCode {
	t.Helper()
	if err == nil {
		return nil
	}
	if !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("errors.Is(%v, ErrInvalid) = false, want true", err)
	}
	var list carecoord.FieldErrors
	if !errors.As(err, &list) {
		t.Fatalf("error %q (%T) is not a carecoord.FieldErrors", err, err)
	}
	return listPathCodes(list)
}

func listPathCodes(list carecoord.FieldErrors) []pathCode {
	var out []pathCode
	for _, e := range list {
		out = append(out, pathCode{e.Path, e.Code})
	}
	return out
}

func TestFieldErrorConstructors(t *testing.T) {
	tests := []struct {
		name string
		got  *carecoord.FieldError
		want pathCode
	}{
		{"Required", carecoord.Required("a.b", "d"), pathCode{"a.b", carecoord.FieldRequired}},
		{"Invalid", carecoord.Invalid("x[2]", "d"), pathCode{"x[2]", carecoord.FieldInvalid}},
		{"OutOfRange", carecoord.OutOfRange("n", "d"), pathCode{"n", carecoord.FieldOutOfRange}},
		{"Duplicate", carecoord.Duplicate("ids[3]", "d"), pathCode{"ids[3]", carecoord.FieldDuplicate}},
		{"NotAllowed", carecoord.NotAllowed("reason", "d"), pathCode{"reason", carecoord.FieldNotAllowed}},
		{"NotSupported", carecoord.NotSupported("kind", "A", "B"), pathCode{"kind", carecoord.FieldNotSupported}},
		{"NotSupported/none allowed", carecoord.NotSupported[string]("kind"), pathCode{"kind", carecoord.FieldNotSupported}},
		{"Required/empty path", carecoord.Required("", "d"), pathCode{"", carecoord.FieldRequired}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got == nil {
				t.Fatal("constructor returned nil")
			}
			if diff := cmp.Diff(tt.want, pathCode{tt.got.Path, tt.got.Code}); diff != "" {
				t.Errorf("path and code mismatch (-want +got):\n%s", diff)
			}
			var err error = tt.got
			if !errors.Is(err, carecoord.ErrInvalid) {
				t.Errorf("errors.Is(%v, ErrInvalid) = false, want true", err)
			}
			var fe *carecoord.FieldError
			if !errors.As(err, &fe) || fe != tt.got {
				t.Errorf("errors.As(err, *FieldError) = %p, want %p", fe, tt.got)
			}
			if tt.got.Error() == "" {
				t.Error("Error() is empty")
			}
		})
	}
}

func TestFieldCodesAreDistinct(t *testing.T) {
	codes := []carecoord.FieldCode{
		carecoord.FieldRequired, carecoord.FieldInvalid, carecoord.FieldNotSupported,
		carecoord.FieldOutOfRange, carecoord.FieldDuplicate, carecoord.FieldNotAllowed,
	}
	seen := map[carecoord.FieldCode]bool{}
	for _, c := range codes {
		if c == "" {
			t.Errorf("a field code is the zero FieldCode")
		}
		if seen[c] {
			t.Errorf("field code %q appears twice", c)
		}
		seen[c] = true
	}
}

func TestSentinelsAreDistinct(t *testing.T) {
	sentinels := []error{
		carecoord.ErrNotFound, carecoord.ErrConflict, carecoord.ErrInvalid,
		carecoord.ErrTransition, carecoord.ErrForbidden,
	}
	for i, a := range sentinels {
		for j, b := range sentinels {
			if got, want := errors.Is(a, b), i == j; got != want {
				t.Errorf("errors.Is(%v, %v) = %t, want %t", a, b, got, want)
			}
		}
	}
}

func TestFieldErrorMatchesOnlyErrInvalid(t *testing.T) {
	var err error = carecoord.Required("id", "d")
	for _, other := range []error{carecoord.ErrNotFound, carecoord.ErrConflict, carecoord.ErrTransition, carecoord.ErrForbidden} {
		if errors.Is(err, other) {
			t.Errorf("errors.Is(FieldError, %v) = true, want false", other)
		}
	}
	var list carecoord.FieldErrors
	list.Add(carecoord.Required("id", "d"))
	for _, other := range []error{carecoord.ErrNotFound, carecoord.ErrConflict, carecoord.ErrTransition, carecoord.ErrForbidden} {
		if errors.Is(list.Err(), other) {
			t.Errorf("errors.Is(FieldErrors, %v) = true, want false", other)
		}
	}
}

func TestFieldErrorsMatchErrInvalid(t *testing.T) {
	first := carecoord.Required("id", "d")
	second := carecoord.Invalid("code", "d")
	var list carecoord.FieldErrors
	list.Add(first, second)
	direct := list.Err()
	tests := []struct {
		name string
		err  error
	}{
		{"Err", direct},
		{"wrapped", fmt.Errorf("saving: %w", direct)},
		{"wrapped twice", fmt.Errorf("outer: %w", fmt.Errorf("inner: %w", direct))},
		{"joined", errors.Join(errors.New("other"), direct)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil {
				t.Fatal("error is nil")
			}
			if !errors.Is(tt.err, carecoord.ErrInvalid) {
				t.Errorf("errors.Is(err, ErrInvalid) = false, want true")
			}
			var fe *carecoord.FieldError
			if !errors.As(tt.err, &fe) {
				t.Fatalf("errors.As(err, *FieldError) = false, want true")
			}
			if fe != first {
				t.Errorf("errors.As(err, *FieldError) found %+v, want the first problem %+v", fe, first)
			}
			var got carecoord.FieldErrors
			if !errors.As(tt.err, &got) {
				t.Fatalf("errors.As(err, FieldErrors) = false, want true")
			}
			want := []pathCode{{"id", carecoord.FieldRequired}, {"code", carecoord.FieldInvalid}}
			if diff := cmp.Diff(want, listPathCodes(got)); diff != "" {
				t.Errorf("FieldErrors mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFieldErrorsUnwrap(t *testing.T) {
	a, b := carecoord.Required("a", "d"), carecoord.Invalid("b", "d")
	list := carecoord.FieldErrors{a, b}
	got := list.Unwrap()
	if len(got) != 2 || got[0] != error(a) || got[1] != error(b) {
		t.Errorf("Unwrap() = %v, want [%v %v] in order", got, a, b)
	}
	if n := len(carecoord.FieldErrors(nil).Unwrap()); n != 0 {
		t.Errorf("nil FieldErrors Unwrap() has %d errors, want 0", n)
	}
}

func TestFieldErrorsErrEmpty(t *testing.T) {
	tests := []struct {
		name string
		list func() carecoord.FieldErrors
	}{
		{"zero", func() carecoord.FieldErrors { var l carecoord.FieldErrors; return l }},
		{"empty non-nil", func() carecoord.FieldErrors { return carecoord.FieldErrors{} }},
		{"only nils added", func() carecoord.FieldErrors {
			var l carecoord.FieldErrors
			l.Add(nil, nil)
			l.Add()
			return l
		}},
		{"nil nested", func() carecoord.FieldErrors {
			var l carecoord.FieldErrors
			l.Nest("x", nil)
			return l
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Compare the interface itself with nil: a typed nil (a nil FieldErrors in a
			// non-nil error) would fail here.
			if err := tt.list().Err(); err != nil {
				t.Errorf("Err() = %#v, want untyped nil", err)
			}
		})
	}
}

func TestFieldErrorsAdd(t *testing.T) {
	a, b, c := carecoord.Required("a", "d"), carecoord.Invalid("b", "d"), carecoord.Duplicate("c", "d")
	var l carecoord.FieldErrors
	l.Add(nil, a, nil)
	l.Add()
	l.Add(b, c)
	want := []pathCode{{"a", carecoord.FieldRequired}, {"b", carecoord.FieldInvalid}, {"c", carecoord.FieldDuplicate}}
	if diff := cmp.Diff(want, listPathCodes(l)); diff != "" {
		t.Errorf("after Add (-want +got):\n%s", diff)
	}
	for i, e := range l {
		if e == nil {
			t.Errorf("l[%d] is nil", i)
		}
	}
	if len(l) != 3 || l[0] != a || l[1] != b || l[2] != c {
		t.Errorf("Add did not keep the given pointers in order: %v", l)
	}
}

func TestFieldErrorsNest(t *testing.T) {
	list := func(es ...*carecoord.FieldError) carecoord.FieldErrors {
		var l carecoord.FieldErrors
		l.Add(es...)
		return l
	}
	tests := []struct {
		name   string
		before carecoord.FieldErrors // already in the list
		prefix string
		err    error
		want   []pathCode
	}{
		{
			name:   "nil error adds nothing",
			prefix: "goals[1]",
			err:    nil,
			want:   nil,
		},
		{
			name:   "empty list's Err adds nothing",
			prefix: "goals[1]",
			err:    carecoord.FieldErrors(nil).Err(),
			want:   nil,
		},
		{
			name:   "single FieldError gets a dot",
			prefix: "goals[1]",
			err:    carecoord.Required("target.due", "d"),
			want:   []pathCode{{"goals[1].target.due", carecoord.FieldRequired}},
		},
		{
			name:   "index path gets no dot",
			prefix: "items",
			err:    carecoord.Invalid("[0].x", "d"),
			want:   []pathCode{{"items[0].x", carecoord.FieldInvalid}},
		},
		{
			name:   "empty inner path becomes the prefix",
			prefix: "reason",
			err:    carecoord.Invalid("", "d"),
			want:   []pathCode{{"reason", carecoord.FieldInvalid}},
		},
		{
			name:   "empty prefix keeps the path",
			prefix: "",
			err:    carecoord.OutOfRange("a.b", "d"),
			want:   []pathCode{{"a.b", carecoord.FieldOutOfRange}},
		},
		{
			name:   "list keeps order and codes",
			prefix: "coordinator",
			err: list(
				carecoord.NotSupported("kind", "A"),
				carecoord.Required("id", "d"),
				carecoord.Duplicate("[3]", "d"),
				carecoord.NotAllowed("", "d"),
			).Err(),
			want: []pathCode{
				{"coordinator.kind", carecoord.FieldNotSupported},
				{"coordinator.id", carecoord.FieldRequired},
				{"coordinator[3]", carecoord.FieldDuplicate},
				{"coordinator", carecoord.FieldNotAllowed},
			},
		},
		{
			name:   "wrapped list",
			prefix: "goals[1]",
			err:    fmt.Errorf("x: %w", list(carecoord.Required("target.due", "d"), carecoord.Invalid("code", "d"))),
			want: []pathCode{
				{"goals[1].target.due", carecoord.FieldRequired},
				{"goals[1].code", carecoord.FieldInvalid},
			},
		},
		{
			name:   "wrapped single FieldError",
			prefix: "meta",
			err:    fmt.Errorf("x: %w", carecoord.Required("id", "d")),
			want:   []pathCode{{"meta.id", carecoord.FieldRequired}},
		},
		{
			name:   "plain error becomes one invalid problem at prefix",
			prefix: "by",
			err:    errors.New("boom"),
			want:   []pathCode{{"by", carecoord.FieldInvalid}},
		},
		{
			name:   "plain error with empty prefix",
			prefix: "",
			err:    errors.New("boom"),
			want:   []pathCode{{"", carecoord.FieldInvalid}},
		},
		{
			name:   "sentinel ErrNotFound is not a field error",
			prefix: "patient",
			err:    fmt.Errorf("lookup: %w", carecoord.ErrNotFound),
			want:   []pathCode{{"patient", carecoord.FieldInvalid}},
		},
		{
			name:   "appends after existing problems",
			before: list(carecoord.Required("id", "d")),
			prefix: "by",
			err:    carecoord.Required("kind", "d"),
			want:   []pathCode{{"id", carecoord.FieldRequired}, {"by.kind", carecoord.FieldRequired}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := tt.before
			l.Nest(tt.prefix, tt.err)
			if diff := cmp.Diff(tt.want, listPathCodes(l)); diff != "" {
				t.Errorf("Nest(%q, %v) mismatch (-want +got):\n%s", tt.prefix, tt.err, diff)
			}
			if len(tt.want) == 0 {
				if err := l.Err(); err != nil {
					t.Errorf("Err() = %v, want nil", err)
				}
			} else if !errors.Is(l.Err(), carecoord.ErrInvalid) {
				t.Errorf("errors.Is(Err(), ErrInvalid) = false, want true")
			}
		})
	}
}

func TestFieldErrorsNestTwoLevels(t *testing.T) {
	// A goal validates its target, a plan validates its goals.
	var target carecoord.FieldErrors
	target.Add(carecoord.Required("due", "d"), carecoord.OutOfRange("", "d"))
	var goal carecoord.FieldErrors
	goal.Nest("target", target.Err())
	var plan carecoord.FieldErrors
	plan.Nest(carecoord.Path("goals", 1), goal.Err())
	want := []pathCode{
		{"goals[1].target.due", carecoord.FieldRequired},
		{"goals[1].target", carecoord.FieldOutOfRange},
	}
	if diff := cmp.Diff(want, pathCodes(t, plan.Err())); diff != "" {
		t.Errorf("nested twice (-want +got):\n%s", diff)
	}
}

func TestFieldErrorsNestDoesNotMutate(t *testing.T) {
	inner := carecoord.FieldErrors{
		carecoord.Required("target.due", "d1"),
		carecoord.Invalid("[0].code", "d2"),
	}
	single := carecoord.OutOfRange("n", "d3")
	snapshot := func() []carecoord.FieldError {
		var out []carecoord.FieldError
		for _, e := range inner {
			out = append(out, *e)
		}
		return append(out, *single)
	}
	before := snapshot()

	var a, b carecoord.FieldErrors
	a.Nest("goals[1]", inner)
	a.Nest("goals[1]", fmt.Errorf("w: %w", inner))
	a.Nest("x", single)
	b.Nest("plans[2]", inner.Err())
	b.Nest("y", fmt.Errorf("w: %w", single))

	if diff := cmp.Diff(before, snapshot()); diff != "" {
		t.Errorf("Nest changed the errors it was given (-want +got):\n%s", diff)
	}
	for _, got := range [][]*carecoord.FieldError{a, b} {
		for _, g := range got {
			for _, e := range append(inner[:len(inner):len(inner)], single) {
				if g == e {
					t.Errorf("Nest shared the pointer %p (%+v) instead of copying it", g, *g)
				}
			}
		}
	}
	wantA := []pathCode{
		{"goals[1].target.due", carecoord.FieldRequired},
		{"goals[1][0].code", carecoord.FieldInvalid},
		{"goals[1].target.due", carecoord.FieldRequired},
		{"goals[1][0].code", carecoord.FieldInvalid},
		{"x.n", carecoord.FieldOutOfRange},
	}
	if diff := cmp.Diff(wantA, listPathCodes(a)); diff != "" {
		t.Errorf("first list (-want +got):\n%s", diff)
	}
	wantB := []pathCode{
		{"plans[2].target.due", carecoord.FieldRequired},
		{"plans[2][0].code", carecoord.FieldInvalid},
		{"y.n", carecoord.FieldOutOfRange},
	}
	if diff := cmp.Diff(wantB, listPathCodes(b)); diff != "" {
		t.Errorf("second list (-want +got):\n%s", diff)
	}
	// The copies keep the rule's detail: only the path changes.
	if a[0].Detail != inner[0].Detail || b[2].Detail != single.Detail {
		t.Errorf("Nest did not keep Detail: got %q and %q", a[0].Detail, b[2].Detail)
	}
}

func TestPath(t *testing.T) {
	tests := []struct {
		name  string
		elems []any
		want  string
	}{
		{"empty", nil, ""},
		{"one name", []any{"status"}, "status"},
		{"names and index", []any{"goals", 1, "target", "due"}, "goals[1].target.due"},
		{"index only", []any{2}, "[2]"},
		{"index then name", []any{0, "code"}, "[0].code"},
		{"two indexes", []any{"grid", 1, 2}, "grid[1][2]"},
		{"name after index", []any{"a", 10, "b"}, "a[10].b"},
		{"negative index", []any{"a", -1}, "a[-1]"},
		{"bad type in the middle", []any{"goals", int64(1), "due"}, "goals.?.due"},
		{"nil element", []any{"a", nil}, "a.?"},
		{"float element", []any{"a", 1.5}, "a.?"},
		{"bad type after index", []any{"a", 1, uint(2)}, "a[1].?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := carecoord.Path(tt.elems...); got != tt.want {
				t.Errorf("Path(%#v) = %q, want %q", tt.elems, got, tt.want)
			}
		})
	}
}

func TestPathBadElementDoesNotPanic(t *testing.T) {
	// Whatever position a wrong element is in, Path must mark it with "?" and not panic.
	bad := []any{nil, 1.5, int64(3), uint8(1), struct{}{}, []string{"x"}, errors.New("e"), true}
	for i, b := range bad {
		for _, elems := range [][]any{{b}, {b, "x"}, {"x", b}, {"x", 0, b, 1}} {
			t.Run(fmt.Sprintf("%d/%T", i, b), func(t *testing.T) {
				got := carecoord.Path(elems...)
				if !strings.Contains(got, "?") {
					t.Errorf("Path(%#v) = %q, want a %q marking the bad element", elems, got, "?")
				}
			})
		}
	}
}

func TestNotSupported(t *testing.T) {
	type color string
	tests := []struct {
		name    string
		err     *carecoord.FieldError
		path    string
		allowed []string
	}{
		{"typed strings", carecoord.NotSupported("color", color("red"), color("green")), "color", []string{"red", "green"}},
		{"actor kinds", carecoord.NotSupported("by.kind", carecoord.ActorKinds()...), "by.kind", func() []string {
			var s []string
			for _, k := range carecoord.ActorKinds() {
				s = append(s, string(k))
			}
			return s
		}()},
		{"one value", carecoord.NotSupported("unit", "mg"), "unit", []string{"mg"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(pathCode{tt.path, carecoord.FieldNotSupported}, pathCode{tt.err.Path, tt.err.Code}); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			for _, a := range tt.allowed {
				if !strings.Contains(tt.err.Detail, a) {
					t.Errorf("Detail %q does not list allowed value %q", tt.err.Detail, a)
				}
			}
		})
	}

	// The rejected value is never given to NotSupported, so it can't leak into the detail,
	// even through a Validate method that rejects it.
	const secret = "Jane-Doe-MRN-1234"
	err := carecoord.Actor{Kind: secret, ID: "x"}.Validate()
	if diff := cmp.Diff([]pathCode{{"kind", carecoord.FieldNotSupported}}, pathCodes(t, err)); diff != "" {
		t.Fatalf("Actor.Validate mismatch (-want +got):\n%s", diff)
	}
	var fe *carecoord.FieldError
	if !errors.As(err, &fe) {
		t.Fatal("no *FieldError")
	}
	if strings.Contains(fe.Detail, secret) || strings.Contains(err.Error(), secret) {
		t.Errorf("error repeats the rejected value: Detail %q, Error %q", fe.Detail, err.Error())
	}
	for _, k := range carecoord.ActorKinds() {
		if !strings.Contains(fe.Detail, string(k)) {
			t.Errorf("Detail %q does not list %q", fe.Detail, k)
		}
	}
}

func TestFieldErrorsHas(t *testing.T) {
	l := carecoord.FieldErrors{
		carecoord.Required("id", "d"),
		carecoord.Invalid("by.kind", "d"),
		carecoord.OutOfRange("at", "d"),
	}
	tests := []struct {
		list carecoord.FieldErrors
		path string
		code carecoord.FieldCode
		want bool
	}{
		{l, "id", carecoord.FieldRequired, true},
		{l, "by.kind", carecoord.FieldInvalid, true},
		{l, "at", carecoord.FieldOutOfRange, true},
		{l, "id", carecoord.FieldInvalid, false},
		{l, "by", carecoord.FieldInvalid, false},
		{l, "kind", carecoord.FieldInvalid, false},
		{l, "", carecoord.FieldRequired, false},
		{l, "at", "", false},
		{nil, "id", carecoord.FieldRequired, false},
		{carecoord.FieldErrors{}, "", "", false},
	}
	for _, tt := range tests {
		if got := tt.list.Has(tt.path, tt.code); got != tt.want {
			t.Errorf("%v.Has(%q, %q) = %t, want %t", listPathCodes(tt.list), tt.path, tt.code, got, tt.want)
		}
	}
}

func TestFieldErrorsErrorText(t *testing.T) {
	// Only structural properties: each problem's path appears, and nothing panics on an
	// empty path.
	l := carecoord.FieldErrors{carecoord.Required("id", "d"), carecoord.Invalid("", "d"), carecoord.OutOfRange("at", "d")}
	msg := l.Error()
	for _, p := range []string{"id", "at"} {
		if !strings.Contains(msg, p) {
			t.Errorf("Error() = %q, does not name path %q", msg, p)
		}
	}
	if got := (carecoord.FieldErrors{}).Error(); got != "" {
		t.Errorf("empty FieldErrors Error() = %q, want empty", got)
	}
}

func TestPathBadFirstElement(t *testing.T) {
	for _, tt := range []struct {
		elems []any
		want  string
	}{{[]any{1.5}, "?"}, {[]any{1.5, "x"}, "?.x"}, {[]any{"a", 1.5, 2}, "a.?[2]"}} {
		if got := carecoord.Path(tt.elems...); got != tt.want {
			t.Errorf("Path(%v) = %q, want %q", tt.elems, got, tt.want)
		}
	}
}

// Nest must keep every problem of a joined or wrapped error, and must not panic on nil parts.
func TestFieldErrorsNestKeepsEveryProblem(t *testing.T) {
	joined := errors.Join(
		carecoord.Required("a", "must be set"),
		fmt.Errorf("wrapped: %w", carecoord.FieldErrors{carecoord.Invalid("b", "x"), carecoord.OutOfRange("c", "y")}),
		errors.New("not a field error"),
	)
	var l carecoord.FieldErrors
	l.Nest("p", joined)
	var typedNil *carecoord.FieldError
	l.Nest("q", typedNil)
	l.Nest("r", carecoord.FieldErrors{nil, carecoord.Duplicate("d", "z")})
	want := []pathCode{
		{"p.a", carecoord.FieldRequired},
		{"p.b", carecoord.FieldInvalid},
		{"p.c", carecoord.FieldOutOfRange},
		{"p", carecoord.FieldInvalid},
		{"r.d", carecoord.FieldDuplicate},
	}
	if diff := cmp.Diff(want, listPathCodes(l)); diff != "" {
		t.Errorf("Nest mismatch (-want +got):\n%s", diff)
	}
}

func TestFieldErrorsWithNilEntriesDoNotPanic(t *testing.T) {
	l := carecoord.FieldErrors{nil, carecoord.Required("a", "must be set"), nil}
	if got := l.Error(); got != "a: must be set" {
		t.Errorf("Error() = %q", got)
	}
	if !errors.Is(l, carecoord.ErrInvalid) || len(l.Unwrap()) != 1 || !l.Has("a", carecoord.FieldRequired) {
		t.Error("nil entries confuse Is, Unwrap or Has")
	}
}

func TestNotSupportedWithNoAllowedValues(t *testing.T) {
	e := carecoord.NotSupported[string]("k")
	if e.Code != carecoord.FieldNotSupported || strings.HasSuffix(e.Detail, "one of ") {
		t.Errorf("NotSupported with no values = %+v", e)
	}
}
