package metrics

import (
	"cmp"
	"math/bits"
	"slices"
	"strings"

	"github.com/carecoord/carecoord"
)

// How the PDC measure groups ten million fills by patient, class, drug and day without a
// comparison sort, a map or a pointer per fill:
//
//  1. Each valid fill of the period becomes a 24-byte record without a pointer (pdcFill): the
//     patient packed into two words (pdcKey), the day, the supply, and the class and drug as
//     indexes in the measure's tables.
//  2. Records go, as they are read, to one of about n/4,096 parts by the top bits of a hash
//     of their patient (pdcParts), kept in the order read: so every fill of a patient is in
//     one part, and a part is small enough to sort in the processor's cache.
//  3. Each part is sorted on its own (pdcSorter) by stable counting passes: by day (skipped
//     when the fills came in day order, which the passes keep), by class and drug, and by
//     further bits of the patient's hash. Two patients whose hashes share all those bits
//     (a few in a hundred) are then pulled apart, each keeping its order.
//  4. The walk reads the sorted part while it is still in the cache.
//
// Only the order within a patient (class, drug, day) matters to the rules: the order of the
// patients does not change a result, whose evidence is sorted when it is finished.

// A pdcKey is a patient id packed into two words, so that fills are grouped by comparing
// integers rather than strings whose bytes lie elsewhere in memory. An id of at most 16 bytes
// is its bytes, big-endian and zero-padded: the whole id, since no byte of a valid id is zero
// (carecoord.ValidID). A longer id is its 63-bit hash with the top bit set (pdcLong), and
// where its bytes are in the measure's arena, so that two keys with one hash are compared by
// their bytes.
type pdcKey struct{ hi, lo uint64 }

// pdcLong marks the key of an id longer than 16 bytes; a short id's first byte is ASCII.
const pdcLong = 1 << 63

// hash spreads keys over 64 bits; the keys of one patient have one hash.
func (k pdcKey) hash() uint64 {
	lo := k.lo
	if k.hi >= pdcLong {
		lo = 0 // where the bytes are differs from copy to copy
	}
	return k.hi*0x9E3779B97F4A7C15 ^ lo*0xC2B2AE3D27D4EB4F
}

// A pdcArena holds the bytes of the ids longer than 16 bytes.
type pdcArena []byte

// key returns the key of p, a valid id, keeping its bytes in a when it is long.
func (a *pdcArena) key(p carecoord.PatientID) pdcKey {
	var k pdcKey
	if len(p) > 16 {
		off := len(*a)
		*a = append(*a, p...)
		return pdcKey{hi: pdcLong | groupKey(p, false)>>1, lo: uint64(off)<<7 | uint64(len(p))}
	}
	for i := 0; i < len(p) && i < 8; i++ {
		k.hi |= uint64(p[i]) << (56 - 8*i)
	}
	for i := 8; i < len(p); i++ {
		k.lo |= uint64(p[i]) << (120 - 8*i)
	}
	return k
}

// long returns the bytes of a long id's key.
func (a pdcArena) long(k pdcKey) string {
	off, n := k.lo>>7, k.lo&(1<<7-1)
	return string(a[off : off+n])
}

// patient returns the id k packs.
func (a pdcArena) patient(k pdcKey) carecoord.PatientID {
	if k.hi >= pdcLong {
		return carecoord.PatientID(a.long(k))
	}
	var b [16]byte
	n := 0
	for ; n < 16; n++ {
		w, s := k.hi, 56-8*n
		if n >= 8 {
			w, s = k.lo, 120-8*n
		}
		if b[n] = byte(w >> s); b[n] == 0 {
			break
		}
	}
	return carecoord.PatientID(b[:n])
}

// same reports whether x and y are keys of one patient.
func (a pdcArena) same(x, y pdcKey) bool {
	return x == y || x.hi == y.hi && x.hi >= pdcLong && a.long(x) == a.long(y)
}

// compare orders keys (by hash first for long ids, so not as the ids order), one patient's
// keys as equal.
func (a pdcArena) compare(x, y pdcKey) int {
	switch {
	case x.hi != y.hi:
		return cmp.Compare(x.hi, y.hi)
	case x.hi < pdcLong:
		return cmp.Compare(x.lo, y.lo)
	}
	return strings.Compare(a.long(x), a.long(y))
}

// A pdcFill is a fill as the measure groups and reads it, 24 bytes without a pointer.
type pdcFill struct {
	pdcKey       // the patient
	day    int16 // days since the period's start (a period has at most 3,660)
	supply int16
	class  uint16 // indexes in the measure's tables of class and drug names
	drug   uint16
}

// A pdcNames interns class or drug names: few distinct, looked up once a fill.
type pdcNames struct {
	names []string
	// seen holds, for each of 16 slots, the index (plus one) of the name looked up last
	// whose length and end bytes lead to it: a feed's few names mostly get one slot each, so
	// that a lookup is one comparison, which the strings' being one copy makes cheap.
	seen [16]uint16
}

func (n *pdcNames) index(s string) (uint16, bool) {
	slot := &n.seen[(len(s)+int(s[0])+int(s[len(s)-1]))&15]
	if i := int(*slot) - 1; i >= 0 && n.names[i] == s {
		return uint16(i), true
	}
	i := slices.Index(n.names, s)
	if i < 0 {
		if len(n.names) == 1<<16-1 {
			return 0, false
		}
		i = len(n.names)
		n.names = append(n.names, s)
	}
	*slot = uint16(i + 1)
	return uint16(i), true
}

const (
	// pdcPartSize is the most records a part is meant to hold when the hash spreads them
	// evenly: 96 KB, which with the scratch copy its sorting needs stays in a 512 KB cache.
	pdcPartSize = 16384
	// pdcBlock is how many records a block of a part holds.
	pdcBlock = 256
)

// pdcParts collects records in parts by their patient's hash, each part a chain of blocks in
// one pool, keeping the order the records came in. A run reuses the memory of the last.
type pdcParts struct {
	shift  uint // a record's part is its hash >> shift
	pool   []pdcFill
	blocks int32   // blocks handed out
	next   []int32 // each block's successor in its part
	first  []int32 // each part's first and last block
	last   []int32
	n      []int32 // each part's records
}

// reset empties c for at most n records.
func (c *pdcParts) reset(n int) {
	b := 0
	for n>>b > pdcPartSize {
		b++
	}
	parts := 1 << b
	c.shift = 64 - uint(b)       // b = 0: every record in part 0 (a shift by 64 gives 0)
	blocks := n/pdcBlock + parts // each part's last block may be part full
	if len(c.pool) < blocks*pdcBlock {
		c.pool = make([]pdcFill, blocks*pdcBlock)
		c.next = make([]int32, blocks)
	}
	c.first = slices.Grow(c.first[:0], parts)[:parts]
	c.last = slices.Grow(c.last[:0], parts)[:parts]
	c.n = slices.Grow(c.n[:0], parts)[:parts]
	clear(c.n)
	c.blocks = 0
}

// add appends f to its patient's part.
func (c *pdcParts) add(f pdcFill) {
	p := f.hash() >> c.shift
	k := c.n[p]
	if k%pdcBlock == 0 {
		b := c.blocks
		c.blocks++
		if k == 0 {
			c.first[p] = b
		} else {
			c.next[c.last[p]] = b
		}
		c.last[p] = b
	}
	c.pool[int(c.last[p])*pdcBlock+int(k%pdcBlock)] = f
	c.n[p] = k + 1
}

// part copies the records of part p, in the order they came, into buf and returns them.
func (c *pdcParts) part(p int, buf []pdcFill) []pdcFill {
	buf = buf[:0]
	for n, b := int(c.n[p]), c.first[p]; n > 0; b = c.next[b] {
		k := min(n, pdcBlock)
		buf = append(buf, c.pool[int(b)*pdcBlock:][:k]...)
		n -= k
	}
	return buf
}

// A pdcSorter sorts a part's records by patient (by hash, in no order the rules read), then
// class, drug and day, which is the order the walk reads.
type pdcSorter struct {
	arena     pdcArena
	partBits  uint // the hash bits that chose the part
	drugs     int  // how many drugs there are
	meds      int  // classes × drugs, the values of the class-and-drug digit; 0 when more than 4,096
	days      int  // the days of the period
	daySorted bool // the records came in day order

	keys    []uint16
	counts  []uint32
	scratch []pdcFill
	others  []pdcFill
}

// sort sorts part, in part or in the sorter's scratch space, and returns it.
func (s *pdcSorter) sort(part []pdcFill) []pdcFill {
	if s.meds == 0 || len(part) < 32 {
		// Many classes and drugs, or a few records: by comparison, stably.
		slices.SortStableFunc(part, func(a, b pdcFill) int {
			return cmp.Or(s.arena.compare(a.pdcKey, b.pdcKey), cmp.Compare(a.class, b.class), cmp.Compare(a.drug, b.drug), cmp.Compare(a.day, b.day))
		})
		return part
	}
	if cap(s.scratch) < len(part) {
		s.scratch = make([]pdcFill, len(part)+len(part)/4)
		s.keys = make([]uint16, cap(s.scratch))
	}
	src, dst, keys := part, s.scratch[:len(part)], s.keys[:len(part)]
	if !s.daySorted {
		for i := range src {
			keys[i] = uint16(src[i].day)
		}
		s.pass(src, dst, keys, s.days)
		src, dst = dst, src
	}
	if s.meds > 1 {
		for i := range src {
			keys[i] = src[i].class*uint16(s.drugs) + src[i].drug
		}
		s.pass(src, dst, keys, s.meds)
		src, dst = dst, src
	}
	hb := uint(min(bits.Len(uint(len(part)))+1, 12)) // a digit of up to 4,096 values
	digit := func(f *pdcFill) uint16 { return uint16(f.hash() << s.partBits >> (64 - hb)) }
	for i := range src {
		keys[i] = digit(&src[i])
	}
	s.pass(src, dst, keys, 1<<hb)
	src = dst
	// Each digit is one patient's but where two patients share it: then their records
	// interleave, and are pulled apart.
	for a := 0; a < len(src); {
		b := a + 1
		for b < len(src) && s.arena.same(src[b].pdcKey, src[a].pdcKey) {
			b++
		}
		if b < len(src) && digit(&src[b]) == digit(&src[a]) {
			d := digit(&src[a])
			for b < len(src) && digit(&src[b]) == d {
				b++
			}
			s.separate(src[a:b])
		}
		a = b
	}
	return src
}

// pass moves src to dst stably by keys, each below n.
func (s *pdcSorter) pass(src, dst []pdcFill, keys []uint16, n int) {
	counts := slices.Grow(s.counts[:0], n)[:n]
	clear(counts)
	for _, k := range keys {
		counts[k]++
	}
	var sum uint32
	for k, c := range counts {
		counts[k], sum = sum, sum+c
	}
	for i, k := range keys {
		dst[counts[k]] = src[i]
		counts[k]++
	}
	s.counts = counts
}

// separate makes each patient's records of run contiguous, keeping their order.
func (s *pdcSorter) separate(run []pdcFill) {
	for len(run) > 0 {
		first, w := run[0].pdcKey, 0
		others := s.others[:0]
		for i := range run {
			if s.arena.same(run[i].pdcKey, first) {
				run[w] = run[i]
				w++
			} else {
				others = append(others, run[i])
			}
		}
		copy(run[w:], others)
		s.others = others
		run = run[w:]
	}
}
