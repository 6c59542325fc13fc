package careplan

import "testing"

// The compact gap records name codes and priorities by number; the numbers must agree with the
// exported lists.
func TestGapRecordNumbering(t *testing.T) {
	for i, c := range GapCodes() {
		if got := gapCodeAt(uint8(i)); got != c {
			t.Errorf("gapCodeAt(%d) = %q, GapCodes()[%d] = %q", i, got, i, c)
		}
	}
	for _, p := range append(Priorities(), "", "urgent") {
		want := p
		if !p.IsValid() {
			want = ""
		}
		if got := priorityOfRank(uint8(p.Rank())); got != want {
			t.Errorf("priorityOfRank(%d) = %q, want %q", p.Rank(), got, want)
		}
	}
}
