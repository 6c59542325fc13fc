package metrics

import (
	"cmp"
	"slices"

	"github.com/carecoord/carecoord"
)

// sortGrouped sorts s into the order of compare, which must order first by patient (the
// key groupKey gave the patient, as key returns it, then the id patient returns) and then by
// anything else.
//
// Records already grouped by patient in that order (groupKey's order-keeping key on input in
// patient order) are sorted patient by patient. Others are sorted by the key's top 33 bits
// with a stable least-significant-digit radix sort (three passes of 11 bits, through one
// scratch copy), and then each run of records with equal top bits, which is one patient's
// records but for a rare collision, is sorted with compare, a few records at a time. The time
// is linear, except when the keys are ids' first bytes (evidence asked for, so patients must
// come in id order) and many ids share them: runs of tied keys are then sorted by comparison.
// Fewer than 4,096 records are sorted with compare alone.
func sortGrouped[T any](s []T, key func(*T) uint64, patient func(*T) carecoord.PatientID, compare func(a, b T) int) {
	const (
		small  = 4096
		digit  = 11
		digits = 3
		shift  = 64 - digit*digits // the bits below the top 33 are left to compare
	)
	if len(s) < small {
		slices.SortFunc(s, compare)
		return
	}
	samePatient := func(i, j int) int {
		return comparePatients(key(&s[i]), patient(&s[i]), key(&s[j]), patient(&s[j]))
	}
	grouped := true
	for i := 1; i < len(s) && grouped; i++ {
		grouped = samePatient(i-1, i) <= 0
	}
	if !grouped {
		var counts [digits][1 << digit]uint32
		for i := range s {
			k := key(&s[i]) >> shift
			for d := range digits {
				counts[d][k>>(d*digit)&(1<<digit-1)]++
			}
		}
		src, dst := s, make([]T, len(s))
		for d := range digits {
			c := &counts[d]
			var sum uint32
			for b := range c {
				c[b], sum = sum, sum+c[b]
			}
			for i := range src {
				b := key(&src[i]) >> shift >> (d * digit) & (1<<digit - 1)
				dst[c[b]] = src[i]
				c[b]++
			}
			src, dst = dst, src
		}
		copy(s, src) // an odd number of passes leaves the sorted records in the scratch copy
	}
	for lo := 0; lo < len(s); {
		k := key(&s[lo]) >> shift
		hi := lo + 1
		for hi < len(s) && (grouped && samePatient(lo, hi) == 0 || !grouped && key(&s[hi])>>shift == k) {
			hi++
		}
		if hi-lo > 1 {
			slices.SortFunc(s[lo:hi], compare)
		}
		lo = hi
	}
}

// fuInPatientOrder reports whether stays and services both come in patient order already, as
// a query ordered by patient gives them. Measures then group patients by an order-keeping key
// (groupKey with inOrder), so that sorting finds its input sorted, or nearly, and keeps to one
// pass; in any other order they group by hash. It stops at the first pair out of order.
func fuInPatientOrder(stays []Stay, services []Service) bool {
	for i := 1; i < len(stays); i++ {
		if stays[i].Patient < stays[i-1].Patient {
			return false
		}
	}
	for i := 1; i < len(services); i++ {
		if services[i].Patient < services[i-1].Patient {
			return false
		}
	}
	return true
}

// groupKey returns the key patients are grouped by before their ids. In patient order (when the
// evidence must come out by patient) it is the id's first 8 bytes, big-endian, which orders as
// the id does; otherwise it is the id's 64-bit FNV-1a hash, so that sorting a population
// compares integers and seldom reads the ids, which lie all over memory.
func groupKey(p carecoord.PatientID, inOrder bool) uint64 {
	var k uint64
	if inOrder {
		for i := range 8 {
			k <<= 8
			if i < len(p) {
				k |= uint64(p[i])
			}
		}
		return k
	}
	k = 14695981039346656037
	for i := 0; i < len(p); i++ {
		k ^= uint64(p[i])
		k *= 1099511628211
	}
	k ^= k >> 33 // MurmurHash3's finaliser, so that the top bits depend on every byte
	k *= 0xff51afd7ed558ccd
	return k ^ k>>33
}

// comparePatients orders patients by key, then id.
func comparePatients(ka uint64, a carecoord.PatientID, kb uint64, b carecoord.PatientID) int {
	if ka != kb {
		return cmp.Compare(ka, kb)
	}
	return cmp.Compare(a, b)
}
