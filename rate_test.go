package carecoord_test

import (
	"testing"

	"github.com/carecoord/carecoord"
)

func TestRate(t *testing.T) {
	for _, tt := range []struct {
		r      carecoord.Rate
		places int32
		want   string
		ok     bool
	}{
		{carecoord.Rate{Num: 3, Den: 4}, 1, "75.0", true},
		{carecoord.Rate{Num: 1, Den: 3}, 2, "33.33", true},
		{carecoord.Rate{Num: 2, Den: 3}, 1, "66.7", true}, // half away from zero
		{carecoord.Rate{Num: 1, Den: 8}, 1, "12.5", true}, // exact
		{carecoord.Rate{Num: 1, Den: 16}, 1, "6.3", true}, // 6.25 rounds away from zero
		{carecoord.Rate{Num: 0, Den: 5}, 0, "0", true},    // 0 of 5 is 0%
		{carecoord.Rate{}, 1, "", false},                  // 0 of 0 is not computable
		{carecoord.Rate{Num: 812, Den: 1000}, 1, "81.2", true},
	} {
		p, ok := tt.r.Percent(tt.places)
		if ok != tt.ok || (ok && p.StringFixed(tt.places) != tt.want) {
			t.Errorf("%v.Percent(%d) = %s, %v; want %s, %v", tt.r, tt.places, p.StringFixed(tt.places), ok, tt.want, tt.ok)
		}
	}
	if got := (carecoord.Rate{Num: 1, Den: 2}).Add(carecoord.Rate{Num: 2, Den: 3}); got != (carecoord.Rate{Num: 3, Den: 5}) || got.String() != "3/5" {
		t.Errorf("Add = %v", got)
	}
}
