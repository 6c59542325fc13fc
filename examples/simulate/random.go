package main

import "math/rand/v2"

// Every patient draws from several independent random streams, each a PCG generator seeded
// from the run's seed and replicate, the patient's index and the stream's id, never from
// state shared with other patients. So a patient's draws do not depend on which worker
// simulates them or in what order, and each program sees the same draws for the same patient
// (common random numbers): the same traits, the same days at risk, the same stays while their
// histories agree, the same uniform number behind each program's decision.
const (
	streamTraits  = 0    // age, frailty class
	streamDaily   = 1    // one draw a day: admitted, died, or neither
	streamMeds    = 2    // drug class, supply, refill behaviour, refills
	streamScreen  = 16   // + year index: the year's screen and its community referrals
	streamSpecial = 32   // + year index: the year's specialist referrals
	streamStay    = 1024 // + stay number: the stay and what follows its discharge
	maxYears      = 16   // years a run may span, so that the stream ids above do not collide
	streamIDBits  = 24   // bits of the stream id in the seed: room for every stay of 16 years
)

// mix is the SplitMix64 finaliser (Steele, Lea and Flood, OOPSLA 2014): it spreads nearby
// inputs (replicate 0, 1, 2...) over the whole 64-bit range.
func mix(x uint64) uint64 {
	x += 0x9E3779B97F4A7C15
	x = (x ^ x>>30) * 0xBF58476D1CE4E5B9
	x = (x ^ x>>27) * 0x94D049BB133111EB
	return x ^ x>>31
}

// replicateSeed is the first PCG word of every stream of a replicate.
func replicateSeed(seed uint64, replicate int) uint64 { return seed ^ mix(uint64(replicate)) }

// A stream is one PCG generator, reseeded in place for each patient (no allocation).
//
// Only uniform draws are used (Float64 compared with a probability, IntN): no logarithm or
// exponential, whose last bit may differ between processors, and no product added to a sum
// without an explicit float64 conversion, which stops the compiler fusing it into one
// multiply-add on the processors that have one. So the same seed gives the same draws, and
// the same output, on every machine.
type stream struct {
	src rand.PCG
	*rand.Rand
}

func newStream() *stream {
	s := new(stream)
	s.Rand = rand.New(&s.src)
	return s
}

// reset seeds s for stream id of the patient with index patient.
func (s *stream) reset(base uint64, patient int, id int) {
	s.src.Seed(base, mix(uint64(patient)<<streamIDBits|uint64(id)))
}

// chance reports true with probability p.
func (s *stream) chance(p float64) bool { return s.Float64() < p }

// between returns a whole number from lo to hi, both included, uniformly.
func (s *stream) between(lo, hi int) int { return lo + s.IntN(hi-lo+1) }

// pick3 returns 0 with probability a, 1 with probability b and 2 otherwise.
func (s *stream) pick3(a, b float64) int { return pick3(s.Float64(), a, b) }

// pick3 is stream.pick3 for a uniform number u drawn before.
func pick3(u, a, b float64) int {
	switch {
	case u < a:
		return 0
	case u < a+b:
		return 1
	}
	return 2
}

// scaled maps a uniform number u from [0, 1) to a whole number from lo to hi, both included:
// the same u gives comparable days to programs with different ranges.
func scaled(u float64, lo, hi int) int { return lo + int(u*float64(hi-lo+1)) }

// weighted returns an index of weights drawn in proportion to them (whole numbers, so the draw
// is exact); total is their sum.
func (s *stream) weighted(weights []int, total int) int {
	n := s.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}
