package metrics

import (
	"slices"

	"github.com/carecoord/carecoord"
)

// This file holds what the coordination measures (referrals, deadlines, care plans,
// screening) share.

// maxProblems is how many problems a measure reports about its input before it stops
// looking: enough to fix a feed, not a million copies of one mistake.
const maxProblems = 50

// capProblems returns the problems found, the first maxProblems of them, as an error (nil for
// none). The measures stop looking once they have that many, but a record may bring several.
func capProblems(errs carecoord.FieldErrors) error {
	if len(errs) > maxProblems {
		errs = errs[:maxProblems]
	}
	return errs.Err()
}

// coOrder returns the indexes 0..n-1 sorted by compare, ties by index: the order in which a
// measure walks records it must group by patient, without moving (or changing) the
// caller's records.
func coOrder(n int, compare func(i, j int) int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(i, j int) int {
		if c := compare(i, j); c != 0 {
			return c
		}
		return i - j
	})
	return idx
}
