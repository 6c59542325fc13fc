package metrics_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/metrics"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// coDistribution builds a distribution, failing the test on error.
func coDistribution(t testing.TB, days ...int) metrics.Distribution {
	t.Helper()
	d, err := metrics.DistributionOf(days)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The nearest-rank worked examples of Wikipedia's "Percentile" article (section "The
// nearest-rank method"), given here out of order.
func TestPercentileNearestRankExamples(t *testing.T) {
	tests := []struct {
		days []int
		want map[int]int // percentile → value
	}{
		{[]int{35, 20, 15, 50, 40}, map[int]int{5: 15, 30: 20, 40: 20, 50: 35, 100: 50}},
		{[]int{13, 3, 6, 7, 8, 20, 8, 10, 15, 16}, map[int]int{25: 7, 50: 8, 75: 15, 100: 20}},
		{[]int{7, 3, 5}, map[int]int{1: 3, 33: 3, 34: 5, 66: 5, 67: 7, 100: 7}},
	}
	for _, tc := range tests {
		d := coDistribution(t, tc.days...)
		for p, want := range tc.want {
			if got, ok := d.Percentile(p); !ok || got != want {
				t.Errorf("Percentile(%v, %d) = %d, %v; want %d", tc.days, p, got, ok, want)
			}
		}
	}
	// The median of an even count is the lower middle value, an observed day.
	if m, ok := coDistribution(t, 1, 2, 3, 10).Median(); !ok || m != 2 {
		t.Errorf("median of 1, 2, 3, 10 = %d, %v; want 2", m, ok)
	}
}

// Nothing to rank, or a percentile out of range, is "not computable", never 0.
func TestPercentileNotComputable(t *testing.T) {
	censoredOnly := metrics.Distribution{Censored: 4}
	for _, tc := range []struct {
		d metrics.Distribution
		p int
	}{{metrics.Distribution{}, 50}, {censoredOnly, 50}, {coDistribution(t, 3), 0}, {coDistribution(t, 3), 101}, {coDistribution(t, 3), -5}} {
		if got, ok := tc.d.Percentile(tc.p); ok {
			t.Errorf("Percentile(%+v, %d) = %d, true; want false", tc.d, tc.p, got)
		}
	}
	if m, ok := coDistribution(t, 12).P90(); !ok || m != 12 {
		t.Errorf("P90 of one value = %d, %v; want 12", m, ok)
	}
}

func TestHistogram(t *testing.T) {
	d := coDistribution(t, 0, 7, 8, 14, 15, 30, 31, 400)
	d.Censored = 3
	got, err := d.Histogram([]int{0, 8, 15, 31})
	if err != nil {
		t.Fatal(err)
	}
	want := []metrics.Bucket{{From: 0, To: 7, Count: 2}, {From: 8, To: 14, Count: 2}, {From: 15, To: 30, Count: 2}, {From: 31, To: -1, Count: 2}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Histogram (-want +got):\n%s", diff)
	}
	if got, _ := (metrics.Distribution{}).Histogram([]int{0}); !slices.Equal(got, []metrics.Bucket{{From: 0, To: -1}}) {
		t.Errorf("Histogram of nothing = %v", got)
	}
	for _, tc := range []struct {
		edges []int
		path  string
	}{{nil, "edges"}, {[]int{7, 14}, "edges[0]"}, {[]int{0, 14, 14}, "edges[2]"}, {[]int{0, 30, 8}, "edges[2]"}} {
		_, err := d.Histogram(tc.edges)
		var fes carecoord.FieldErrors
		if !errors.As(err, &fes) || len(fes) != 1 || fes[0].Path != tc.path {
			t.Errorf("Histogram(%v) error = %v, want one problem at %s", tc.edges, err, tc.path)
		}
	}
}

func TestDistributionOfAndValidate(t *testing.T) {
	if _, err := metrics.DistributionOf([]int{1, -1, 2, -3}); !errors.Is(err, carecoord.ErrInvalid) {
		t.Errorf("DistributionOf(negative) error = %v", err)
	} else if fes := err.(carecoord.FieldErrors); !fes.Has("days[1]", carecoord.FieldOutOfRange) || !fes.Has("days[3]", carecoord.FieldOutOfRange) {
		t.Errorf("DistributionOf(negative) problems = %v", err)
	}
	d := coDistribution(t, 5, 1, 5)
	if want := (metrics.Distribution{Counts: []metrics.DayCount{{Days: 1, Count: 1}, {Days: 5, Count: 2}}}); !cmp.Equal(want, d) {
		t.Errorf("DistributionOf(5, 1, 5) = %+v", d)
	}
	if err := d.Validate(); err != nil {
		t.Errorf("Validate(good) = %v", err)
	}
	bad := metrics.Distribution{Counts: []metrics.DayCount{{Days: -1, Count: 1}, {Days: 4, Count: 0}, {Days: 4, Count: 1}}, Censored: -1}
	fes, _ := bad.Validate().(carecoord.FieldErrors)
	for _, w := range []string{"counts[0].days", "counts[1].count", "counts[2].days", "censored"} {
		if !slices.ContainsFunc(fes, func(e *carecoord.FieldError) bool { return e.Path == w }) {
			t.Errorf("Validate(bad): no problem at %s in %v", w, fes)
		}
	}
}

// coDays draws durations: a few, or many, clustered so that days repeat.
func coDays(t *rapid.T, label string) []int {
	return rapid.SliceOfN(rapid.IntRange(0, rapid.IntRange(0, 400).Draw(t, label+" spread")), 0, 60).Draw(t, label)
}

// Merging distributions is exact, associative and commutative, leaves its inputs alone, and
// the percentiles agree with ranking the sorted days (the oracle, straight from the
// definition: the value at rank ⌈p·N/100⌉).
func TestDistributionProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		xs, ys, zs := coDays(t, "x"), coDays(t, "y"), coDays(t, "z")
		dist := func(days []int, censored int64) metrics.Distribution {
			d, err := metrics.DistributionOf(days)
			if err != nil {
				t.Fatal(err)
			}
			d.Censored = censored
			return d
		}
		cx, cy, cz := int64(rapid.IntRange(0, 5).Draw(t, "cx")), int64(rapid.IntRange(0, 5).Draw(t, "cy")), int64(rapid.IntRange(0, 5).Draw(t, "cz"))
		x, y, z := dist(xs, cx), dist(ys, cy), dist(zs, cz)
		xCopy := dist(xs, cx)
		all := slices.Concat(xs, ys, zs)
		whole := dist(all, cx+cy+cz)

		if diff := cmp.Diff(x.Merge(y), y.Merge(x)); diff != "" {
			t.Fatalf("Merge is not commutative (-xy +yx):\n%s", diff)
		}
		if diff := cmp.Diff(x.Merge(y).Merge(z), x.Merge(y.Merge(z))); diff != "" {
			t.Fatalf("Merge is not associative (-(xy)z +x(yz)):\n%s", diff)
		}
		if diff := cmp.Diff(whole, x.Merge(y).Merge(z)); diff != "" {
			t.Fatalf("merged parts differ from the whole (-whole +merged):\n%s", diff)
		}
		if diff := cmp.Diff(xCopy, x); diff != "" {
			t.Fatalf("Merge changed its input (-before +after):\n%s", diff)
		}
		if err := whole.Validate(); err != nil {
			t.Fatalf("Validate(merged) = %v", err)
		}
		if whole.N() != int64(len(all)) {
			t.Fatalf("N = %d, want %d", whole.N(), len(all))
		}

		sorted := slices.Sorted(slices.Values(all))
		for _, p := range []int{1, 10, 25, 50, 75, 90, 99, 100, rapid.IntRange(1, 100).Draw(t, "p")} {
			got, ok := whole.Percentile(p)
			if len(sorted) == 0 {
				if ok {
					t.Fatalf("Percentile(%d) of nothing = %d, true", p, got)
				}
				continue
			}
			rank := (p*len(sorted) + 99) / 100 // ⌈p·N/100⌉
			if want := sorted[rank-1]; !ok || got != want {
				t.Fatalf("Percentile(%d) = %d, %v; the sorted days give %d", p, got, ok, want)
			}
		}

		edges := append([]int{0}, rapid.SliceOfNDistinct(rapid.IntRange(1, 400), 0, 6, rapid.ID[int]).Draw(t, "edges")...)
		slices.Sort(edges)
		hist, err := whole.Histogram(edges)
		if err != nil {
			t.Fatal(err)
		}
		var sum int64
		for _, b := range hist {
			var want int64
			for _, d := range sorted {
				if d >= b.From && (b.To < 0 || d <= b.To) {
					want++
				}
			}
			if b.Count != want {
				t.Fatalf("bucket %d–%d holds %d, the days give %d", b.From, b.To, b.Count, want)
			}
			sum += want
		}
		if sum != int64(len(sorted)) {
			t.Fatalf("the buckets hold %d days of %d", sum, len(sorted))
		}
	})
}
