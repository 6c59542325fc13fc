package careplan

import (
	"cmp"
	"slices"
	"testing"

	"github.com/carecoord/carecoord"
	"pgregory.net/rapid"
)

// The compact gap records name codes by number; the numbers must agree with the exported list.
func TestGapRecordNumbering(t *testing.T) {
	for i, c := range GapCodes() {
		if got := gapCodeAt(uint8(i)); got != c {
			t.Errorf("gapCodeAt(%d) = %q, GapCodes()[%d] = %q", i, got, i, c)
		}
	}
}

// plansByID orders by id exactly as comparing the ids as strings does, whatever the ids share:
// long common prefixes, zero bytes, one id the prefix of another, repeats.
func TestPlansByIDOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		alphabet := rapid.SampledFrom([]string{"", "\x00", "a", "b", "plan-", "0123456789abcdef", "\xff"})
		plans := make([]CarePlan, rapid.IntRange(0, 40).Draw(t, "plans"))
		for i := range plans {
			for range rapid.IntRange(0, 5).Draw(t, "parts") {
				plans[i].ID += alphabet.Draw(t, "part")
			}
		}
		want := make([]int32, len(plans))
		for i := range want {
			want[i] = int32(i)
		}
		slices.SortStableFunc(want, func(a, b int32) int { return cmp.Compare(plans[a].ID, plans[b].ID) })
		if got := plansByID(plans, carecoord.Actor{}); !slices.Equal(got, want) {
			t.Fatalf("plansByID = %v, want %v", got, want)
		}
	})
}
