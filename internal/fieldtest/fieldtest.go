// Package fieldtest helps tests compare validation errors by what is stable: the path and the
// code of each problem, never the English detail.
package fieldtest

import (
	"errors"
	"testing"

	"github.com/carecoord/carecoord"
)

// PathCodes returns the path and code of every problem in err, in order, as the test's own
// struct type P (so that its literals may be unkeyed), or nil for a nil err. It fails the test
// when err is not a carecoord.FieldErrors matching carecoord.ErrInvalid.
func PathCodes[P ~struct {
	Path string
	Code carecoord.FieldCode
}](t testing.TB, err error) []P {
	t.Helper()
	if err == nil {
		return nil
	}
	var list carecoord.FieldErrors
	if !errors.As(err, &list) || !errors.Is(err, carecoord.ErrInvalid) {
		t.Fatalf("error %v is not a carecoord.FieldErrors matching carecoord.ErrInvalid", err)
	}
	out := make([]P, 0, len(list))
	for _, e := range list {
		out = append(out, P{Path: e.Path, Code: e.Code})
	}
	return out
}
