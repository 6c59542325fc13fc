package civil_test

import (
	"errors"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

func TestPeriod(t *testing.T) {
	open := civil.Period{Start: d("2025-01-15")}
	closed := civil.Period{Start: d("2025-01-15"), End: d("2025-03-31")}
	for _, tt := range []struct {
		p    civil.Period
		day  string
		want bool
	}{
		{open, "2025-01-14", false}, {open, "2025-01-15", true}, {open, "2099-12-31", true},
		{closed, "2025-01-15", true}, {closed, "2025-03-31", true}, {closed, "2025-04-01", false},
		{civil.Period{}, "2025-01-15", false},
	} {
		if got := tt.p.Contains(d(tt.day)); got != tt.want {
			t.Errorf("%+v.Contains(%s) = %v, want %v", tt.p, tt.day, got, tt.want)
		}
	}
	if r := open.Through(d("2025-02-01")); r != (civil.Range{Start: d("2025-01-15"), End: d("2025-02-01")}) {
		t.Errorf("open.Through = %v", r)
	}
	if r := closed.Through(d("2025-12-31")); r.End != d("2025-03-31") {
		t.Errorf("closed.Through = %v", r)
	}
	if r := closed.Through(d("2025-01-01")); !r.IsEmpty() {
		t.Errorf("Through before start = %v, want empty", r)
	}
	for _, tt := range []struct {
		p    civil.Period
		path string
		code carecoord.FieldCode
	}{
		{civil.Period{}, "start", carecoord.FieldRequired},
		{civil.Period{Start: d("2025-02-01"), End: d("2025-01-31")}, "end", carecoord.FieldInvalid},
		{civil.Period{Start: d("9999-12-31").AddDays(1)}, "start", carecoord.FieldInvalid},
	} {
		var list carecoord.FieldErrors
		if err := tt.p.Validate(); !errors.As(err, &list) || !list.Has(tt.path, tt.code) {
			t.Errorf("%+v.Validate() = %v, want %s %s", tt.p, err, tt.path, tt.code)
		}
	}
	if err := open.Validate(); err != nil || !open.IsOngoing() || closed.IsOngoing() {
		t.Errorf("open.Validate() = %v", err)
	}
}
