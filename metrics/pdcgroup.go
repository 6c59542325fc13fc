package metrics

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"iter"
	"math/bits"
	"slices"
	"unsafe"

	"github.com/carecoord/carecoord"
)

// How the PDC measure groups ten million fills by patient, class, drug and day without a
// comparison sort, a map or a pointer per fill:
//
//  1. Each valid fill of the period becomes a 24-byte record without a pointer (pdcFill): the
//     patient packed into two words (pdcKey), the day, the supply, and the class and drug as
//     indexes in the measure's tables. Fills of a slice have their ids checked once a patient
//     when the walk reaches them, not once a fill (pdcReader.file).
//  2. Records go, as they are read, to one of n/16,384 to n/8,192 parts by the top bits of a
//     hash of their patient (pdcParts), kept in the order read: so every fill of a patient is
//     in one part, and a part is small enough to sort in the processor's caches. (A sequence,
//     whose length is known only at its end, is held in chunks first: pdcStage.)
//  3. Each part is sorted on its own (pdcSorter) by stable counting passes, the first reading
//     the part's blocks where they are: by day (skipped when the fills came in day order,
//     which the pass after keeps), and by up to twelve further bits of the patient's hash.
//     Patients whose hashes share all those bits (a sixth of them over ten million fills) are
//     pulled apart, each keeping its order, when the walk reaches them.
//  4. The walk reads the sorted part while it is still in the cache, a patient's few fills at
//     a time, in day order: in one pass deciding every class at once when each class has fills
//     of one drug and the patient no censored stay (pdcWalker.oneDrug), as most patients
//     have; otherwise sorting them by class and drug first (pdcSortByMed), which a patient's
//     few fills make cheaper than a counting pass over the part.
//
// Only the order within a patient (class, drug, day) matters to the rules: the order of the
// patients does not change a result, whose evidence is sorted when it is finished.

// A pdcKey is a patient id packed into two words, so that fills are grouped by comparing
// integers rather than strings whose bytes lie elsewhere in memory. An id of at most 15 bytes
// is its bytes, big-endian and zero-padded, and its length in the last byte: the whole id,
// whatever its bytes, so that a measure can pack ids before it checks them (pdcPack). A
// longer id is its 63-bit hash with the top bit set (pdcLong), and where its bytes are in the
// measure's arena, so that two keys with one hash are compared by their bytes.
type pdcKey struct{ hi, lo uint64 }

// pdcLong marks the key of an id longer than 15 bytes; a short id's first byte is ASCII.
const pdcLong = 1 << 63

// pdcShortID is the longest id a key holds whole.
const pdcShortID = 15

// hash spreads keys over 64 bits; the keys of one patient have one hash.
func (k pdcKey) hash() uint64 {
	lo := k.lo
	if k.hi >= pdcLong {
		lo = 0 // where the bytes are differs from copy to copy
	}
	return k.hi*0x9E3779B97F4A7C15 ^ lo*0xC2B2AE3D27D4EB4F
}

// A pdcArena holds the bytes of the ids longer than 15 bytes.
type pdcArena []byte

// key returns the key of p and true, keeping its bytes in a when it is long, or false when p
// is not a valid id (carecoord.ValidID).
func (a *pdcArena) key(p carecoord.PatientID) (pdcKey, bool) {
	if k, ok := pdcPack(p); ok {
		return k, k.valid()
	}
	if len(p) <= pdcShortID || !carecoord.ValidID(string(p)) {
		return pdcKey{}, false // empty, or a first byte of 128 or more
	}
	off := len(*a)
	*a = append(*a, p...)
	return pdcKey{hi: pdcLong | groupKey(p, false)>>1, lo: uint64(off)<<7 | uint64(len(p))}, true
}

// pdcPack returns the key of p, an id of 1 to 15 bytes not checked, and true, or false when p
// is longer or empty, or its first byte is 128 or more (not ASCII, so not valid). The bytes
// are read in a few overlapping loads chosen by the length, not one by one: ids of a feed vary
// in length, and a loop ending at a different byte each time is mispredicted.
func pdcPack(p carecoord.PatientID) (pdcKey, bool) {
	n := len(p)
	var k pdcKey
	switch {
	case n > pdcShortID:
		return pdcKey{}, false
	case n > 8:
		// Bytes 8 to n-1 are the last n-8 of the 8 ending the id.
		k = pdcKey{hi: pdcBig(p[:8]), lo: pdcBig(p[n-8:]) << (8 * (16 - n))}
	case n >= 4:
		// Bytes 0 to 3, and the 4 ending the id, which may overlap them. (As pdcReader.file
		// packs them.)
		k.hi = uint64(pdcBig32(p[:4]))<<32 | uint64(pdcBig32(p[n-4:]))<<(8*(8-n))
	case n > 0:
		// One to three bytes: the first, the middle and the last cover them.
		k.hi = uint64(p[0])<<56 | uint64(p[n/2])<<(56-8*(n/2)) | uint64(p[n-1])<<(56-8*(n-1))
	default:
		return pdcKey{}, false
	}
	k.lo |= uint64(n)
	return k, k.hi < pdcLong
}

// validID reports whether the id of k is valid: a long id's key is made only of a valid id
// (pdcArena.key).
func (k pdcKey) validID() bool { return k.hi >= pdcLong || k.valid() }

// valid reports whether the id k packs whole (pdcPack) is valid (carecoord.ValidID), its
// bytes checked eight at a time.
func (k pdcKey) valid() bool {
	n := int(k.lo & 0xff)
	if n <= 8 {
		return pdcIDBytes(k.hi, n)
	}
	return pdcIDBytes(k.hi, 8) && pdcIDBytes(k.lo, n-8)
}

// pdcIDBytes reports whether the first n (1 to 8) bytes of w, big-endian, are each one that
// carecoord.ValidID allows (A–Z, a–z, 0–9, '-', '.'), testing the eight bytes at once on their
// low seven bits t (the top bit must be clear): t+(128-c) has its top bit set when t is c or
// more, and no sum carries into the next byte. A letter is t|0x20 from 'a' to 'z'; a digit or
// mark is t from '-' to '9' but not '/'.
func pdcIDBytes(w uint64, n int) bool {
	const hi, ones = 0x8080808080808080, 0x0101010101010101
	t := w &^ hi
	y := t | 0x20*ones
	letter := (y + (0x80-'a')*ones) &^ (y + (0x80-'z'-1)*ones)
	mark := (t + (0x80-'-')*ones) &^ (t + (0x80-'9'-1)*ones) & ((t ^ '/'*ones) + 0x7f*ones) // t^'/' is 0 for '/'
	want := uint64(hi) << (8 * (8 - n)) & hi                                                // the top bits of the first n bytes
	return (letter|mark)&^w&want == want                                                    // and none of them 128 or more
}

// pdcBig returns the first 8 bytes of s as a big-endian word.
func pdcBig(s carecoord.PatientID) uint64 {
	_ = s[7]
	return uint64(s[0])<<56 | uint64(s[1])<<48 | uint64(s[2])<<40 | uint64(s[3])<<32 |
		uint64(s[4])<<24 | uint64(s[5])<<16 | uint64(s[6])<<8 | uint64(s[7])
}

// pdcBig32 returns the first 4 bytes of s as a big-endian word.
func pdcBig32(s carecoord.PatientID) uint32 {
	_ = s[3]
	return uint32(s[0])<<24 | uint32(s[1])<<16 | uint32(s[2])<<8 | uint32(s[3])
}

// long returns the bytes of a long id's key.
// (Bytes, not a string: comparing string conversions of them copies nothing, where a string
// made here would be a copy, and an allocation, for each record compared.)
func (a pdcArena) long(k pdcKey) []byte {
	off, n := k.lo>>7, k.lo&(1<<7-1)
	return a[off : off+n]
}

// patient returns the id k packs.
func (a pdcArena) patient(k pdcKey) carecoord.PatientID {
	if k.hi >= pdcLong {
		return carecoord.PatientID(a.long(k))
	}
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], k.hi)
	binary.BigEndian.PutUint64(b[8:], k.lo)
	return carecoord.PatientID(b[:k.lo&0xff])
}

// same reports whether x and y are keys of one patient.
func (a pdcArena) same(x, y pdcKey) bool {
	return x == y || x.hi == y.hi && x.hi >= pdcLong && string(a.long(x)) == string(a.long(y))
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
	return bytes.Compare(a.long(x), a.long(y))
}

// A pdcFill is a fill as the measure groups and reads it, 24 bytes without a pointer.
type pdcFill struct {
	pdcKey       // the patient
	day    int16 // days since the period's start (a period has at most 3,660)
	supply int16
	class  uint16 // indexes in the measure's tables of class and drug names
	drug   uint16
}

// A pdcNames interns class or drug names: few distinct.
type pdcNames struct {
	names []string
	last  int // the index found last: fills of a feed come in runs of one name
}

// index returns the index of s, adding it when it is new, and false when there are too many
// names.
func (n *pdcNames) index(s string) (uint16, bool) {
	if n.last < len(n.names) && n.names[n.last] == s {
		return uint16(n.last), true
	}
	i := slices.Index(n.names, s)
	if i < 0 {
		if len(n.names) == 1<<16-1 {
			return 0, false
		}
		i = len(n.names)
		n.names = append(n.names, s)
	}
	n.last = i
	return uint16(i), true
}

// pdcMeds interns the class and drug of each fill together: a feed has few pairs, so that one
// of 64 slots, chosen from both names' lengths and first bytes, mostly finds both at once
// with two comparisons of strings, which are cheap when the strings are the same copies.
type pdcMeds struct {
	classes, drugs pdcNames
	seen           [64]pdcMed // each slot's pair looked up last
}

// A pdcMed is a pair of class and drug names and their indexes.
type pdcMed struct {
	class, drug string
	c, d        uint16
}

// is reports whether m holds class and drug as the very strings given: the same bytes at the
// same address, as the fills of a feed that shares its names give them. It tells without a
// call (a comparison of strings of one length calls the runtime), so that the reading loop
// keeps its values in registers rather than saving them around two calls a fill; when it is
// false, the names are compared.
func (m *pdcMed) is(class, drug string) bool {
	return len(m.class) == len(class) && len(m.drug) == len(drug) &&
		unsafe.StringData(m.class) == unsafe.StringData(class) && unsafe.StringData(m.drug) == unsafe.StringData(drug)
}

// index returns the indexes of class and drug, names that are not empty, adding them when
// they are new, and false when there are too many names.
func (m *pdcMeds) index(class, drug string) (c, d uint16, ok bool) {
	if slot := m.slot(class, drug); slot.class == class && slot.drug == drug {
		return slot.c, slot.d, true
	}
	return m.look(m.slot(class, drug), class, drug)
}

// slot returns the slot of class and drug, names that are not empty.
func (m *pdcMeds) slot(class, drug string) *pdcMed {
	return &m.seen[(len(class)+int(class[0])<<2+len(drug)*5+int(drug[0])<<3)&63]
}

// look is index when slot holds another pair: it finds class and drug in the tables, and
// keeps them in slot.
func (m *pdcMeds) look(slot *pdcMed, class, drug string) (c, d uint16, ok bool) {
	c, okc := m.classes.index(class)
	d, okd := m.drugs.index(drug)
	if okc && okd {
		*slot = pdcMed{class: class, drug: drug, c: c, d: d}
	}
	return c, d, okc && okd
}

const (
	// pdcPartSize is the most records a part is meant to hold when the hash spreads them
	// evenly (at least half as many over a large population): 200 to 400 KB, sorted through
	// a scratch copy in a 512 KB cache or the next. Smaller parts mean more places to write
	// to while reading: over ten million fills, 4,096 parts made reading half as fast again
	// as 1,024, whose parts sort about as fast.
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
	first  []int32 // each part's first block
	at     []int32 // where in pool each part's next record goes; 0 before its first
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
	c.at = slices.Grow(c.at[:0], parts)[:parts]
	clear(c.at)
	c.blocks = 0
}

// add appends f to its patient's part.
func (c *pdcParts) add(f *pdcFill) { *c.slot(f.pdcKey) = *f }

// slot returns where the next record of patient k goes in its part.
func (c *pdcParts) slot(k pdcKey) *pdcFill {
	p := k.hash() >> c.shift
	at := c.at[p]
	if at%pdcBlock == 0 { // no block yet, or the last one full
		at = c.newBlock(p, at)
	}
	c.at[p] = at + 1
	return &c.pool[at]
}

// newBlock gives part p, whose next record would go at at, a new last block and returns
// where in pool it starts.
func (c *pdcParts) newBlock(p uint64, at int32) int32 {
	b := c.blocks
	c.blocks++
	if at == 0 {
		c.first[p] = b
	} else {
		c.next[(at-1)/pdcBlock] = b
	}
	return b * pdcBlock
}

// part yields the records of part p, in the order they came, a block at a time.
func (c *pdcParts) part(p int) iter.Seq[[]pdcFill] {
	return func(yield func([]pdcFill) bool) {
		at := int(c.at[p])
		if at == 0 {
			return
		}
		for b := int(c.first[p]); ; b = int(c.next[b]) {
			if b == (at-1)/pdcBlock {
				yield(c.pool[b*pdcBlock : at])
				return
			}
			if !yield(c.pool[b*pdcBlock:][:pdcBlock]) {
				return
			}
		}
	}
}

// pdcStage holds the records of a sequence, whose length is known only at its end, in chunks
// of pdcPartSize: growing one slice would copy them again and again, and hold old copies
// until the garbage collector frees them. A run reuses the chunks of the last.
type pdcStage struct {
	chunks [][]pdcFill // the chunks in use; the last may be part full
	spare  [][]pdcFill // empty chunks from earlier runs
}

func (s *pdcStage) reset() {
	for _, c := range s.chunks {
		s.spare = append(s.spare, c[:0])
	}
	s.chunks = s.chunks[:0]
}

func (s *pdcStage) add(f *pdcFill) {
	if n := len(s.chunks); n == 0 || len(s.chunks[n-1]) == pdcPartSize {
		next := make([]pdcFill, 0, pdcPartSize)
		if k := len(s.spare); k > 0 {
			next, s.spare = s.spare[k-1], s.spare[:k-1]
		}
		s.chunks = append(s.chunks, next)
	}
	last := &s.chunks[len(s.chunks)-1]
	*last = append(*last, *f)
}

func (s *pdcStage) len() int {
	n := 0
	for _, c := range s.chunks {
		n += len(c)
	}
	return n
}

// A pdcSorter sorts a part's records by patient (by hash, in no order the rules read), each
// patient's by day, those of one day in the order they came: the walk orders a patient's
// few records by class and drug itself, when it must (pdcWalker.patient).
type pdcSorter struct {
	arena     pdcArena
	partBits  uint // the hash bits that chose the part
	days      int  // the days of the period
	daySorted bool // the records came in day order

	hb    uint // the bits of the hash digit the last part was sorted by; 0 when sorted by comparison
	apart int  // the records of the last part before apart are each patient's together

	blocks  [][]pdcFill  // the blocks of the part being sorted
	sorted  [1][]pdcFill // the part after a pass, as the next pass reads it
	keys    []uint16
	counts  []uint32
	scratch []pdcFill // the passes move the records from the blocks to scratch, then spare
	spare   []pdcFill
	others  []pdcFill
}

// A pdcDigit is what a counting pass sorts records by.
type pdcDigit int

const (
	pdcByDay  pdcDigit = iota
	pdcByHash          // hash bits of the patient below those that chose the part
)

// sort sorts the records of c's part p in the sorter's scratch space and returns them, each
// patient's records together once end has found them. The first counting pass reads the
// part's blocks where they are: no copy of the part is made first.
func (s *pdcSorter) sort(c *pdcParts, p int) []pdcFill {
	s.blocks = s.blocks[:0]
	n := 0
	for block := range c.part(p) {
		s.blocks = append(s.blocks, block)
		n += len(block)
	}
	s.apart = 0
	if cap(s.scratch) < n {
		s.scratch = make([]pdcFill, n+n/4)
		s.spare = make([]pdcFill, cap(s.scratch))
		s.keys = make([]uint16, cap(s.scratch))
	}
	bufs := [2][]pdcFill{s.scratch[:n], s.spare[:n]}
	if n < 32 {
		// A few records: by comparison, stably.
		part := bufs[0][:0]
		for _, block := range s.blocks {
			part = append(part, block...)
		}
		slices.SortStableFunc(part, func(a, b pdcFill) int {
			return cmp.Or(s.arena.compare(a.pdcKey, b.pdcKey), cmp.Compare(a.day, b.day))
		})
		s.hb = 0 // each patient's records together already
		return part
	}
	s.hb = uint(min(bits.Len(uint(n))+1, 12)) // a digit of up to 4,096 values
	src, k := s.blocks, 0
	for _, d := range [...]pdcDigit{pdcByDay, pdcByHash} {
		if d == pdcByDay && s.daySorted {
			continue // the records are in that order already: the hash pass keeps it
		}
		dst := bufs[k%2]
		s.pass(src, dst, d)
		s.sorted[0] = dst
		src, k = s.sorted[:], k+1
	}
	return bufs[(k-1)%2]
}

// digit returns the hash bits f's part was last sorted by.
func (s *pdcSorter) digit(f *pdcFill) uint16 { return uint16(f.hash() << s.partBits >> (64 - s.hb)) }

// end returns where the records of recs[a]'s patient end in recs, a part sort returned. Each
// digit is one patient's but where patients share it: then their records interleave, and
// are first pulled apart.
func (s *pdcSorter) end(recs []pdcFill, a int) int {
	k, b := recs[a].pdcKey, a+1
	for b < len(recs) && recs[b].pdcKey == k {
		b++
	}
	if k.hi >= pdcLong { // keys of one long id may differ where the bytes are
		for b < len(recs) && s.arena.same(recs[b].pdcKey, k) {
			b++
		}
	}
	if s.hb == 0 || b == len(recs) || a < s.apart || s.digit(&recs[b]) != s.digit(&recs[a]) {
		return b
	}
	d, e := s.digit(&recs[a]), b
	for e < len(recs) && s.digit(&recs[e]) == d {
		e++
	}
	s.separate(recs[a:e])
	s.apart = e
	return s.end(recs, a)
}

// pass moves the records of the blocks of src, in turn, to dst stably by digit d.
func (s *pdcSorter) pass(src [][]pdcFill, dst []pdcFill, d pdcDigit) {
	n := s.days
	if d == pdcByHash {
		n = 1 << s.hb
	}
	counts := slices.Grow(s.counts[:0], n)[:n]
	clear(counts)
	keys, i := s.keys[:len(dst)], 0
	for _, block := range src {
		s.setKeys(block, keys[i:], counts, d)
		i += len(block)
	}
	var sum uint32
	for k, c := range counts {
		counts[k], sum = sum, sum+c
	}
	i = 0
	for _, block := range src {
		keys := keys[i : i+len(block)]
		for j, k := range keys {
			dst[counts[k]] = block[j]
			counts[k]++
		}
		i += len(block)
	}
	s.counts = counts
}

// setKeys sets keys[i] to the digit d of recs[i], and counts each digit in counts.
func (s *pdcSorter) setKeys(recs []pdcFill, keys []uint16, counts []uint32, d pdcDigit) {
	keys = keys[:len(recs)]
	switch d {
	case pdcByDay:
		for i := range recs {
			k := uint16(recs[i].day)
			keys[i] = k
			counts[k]++
		}
	default:
		pb, sh := s.partBits, 64-s.hb // as digit
		for i := range recs {
			k := uint16(recs[i].hash() << pb >> sh)
			keys[i] = k
			counts[k]++
		}
	}
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
