package metrics

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/transition"
	gocmp "github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// The fills the PDC measure groups are 24 bytes without a pointer: ten million move as 240 MB
// that the garbage collector never scans.
func TestPDCFillIsSmall(t *testing.T) {
	if n := unsafe.Sizeof(pdcFill{}); n != 24 {
		t.Errorf("pdcFill is %d bytes, want 24", n)
	}
}

// pdcTestID returns the id of patient p: short, of 15 bytes (the most a key holds), of 16
// (the fewest the arena holds), or long.
func pdcTestID(p int) string {
	switch p % 7 {
	case 0:
		return "a-rather-long-patient-id-" + strconv.Itoa(p)
	case 1:
		return "sixteen-bytes-" + strconv.Itoa(p%100/10) + strconv.Itoa(p%10) // one patient for many p
	case 2:
		return "fifteen-bytes-" + strconv.Itoa(p%10) // one patient for many p
	}
	return "p" + strconv.Itoa(p)
}

// Parts and their sorting give each patient's records together, by day, whether or not the
// fills came in day order, for ids of every length, with records whose patients share the
// hash digit the parts are sorted by (pulled apart); end finds where each patient's records
// end.
func TestPDCGroupOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var arena pdcArena
	var recs []pdcFill
	for p := range 30_000 {
		id := pdcTestID(p)
		key, _ := arena.key(carecoord.PatientID(id))
		for range 1 + rng.IntN(6) {
			recs = append(recs, pdcFill{pdcKey: key, day: int16(rng.IntN(365)), supply: int16(1 + rng.IntN(90)),
				class: uint16(rng.IntN(3)), drug: uint16(rng.IntN(4))})
		}
	}
	for _, c := range []struct{ daySorted bool }{{false}, {true}} {
		in := slices.Clone(recs)
		rng.Shuffle(len(in), func(i, j int) { in[i], in[j] = in[j], in[i] })
		if c.daySorted {
			slices.SortStableFunc(in, func(a, b pdcFill) int { return cmp.Compare(a.day, b.day) })
		}
		var parts pdcParts
		parts.reset(len(in))
		for i := range in {
			parts.add(&in[i])
		}
		if len(parts.at) < 2 {
			t.Fatal("one part: the test does not reach the parts")
		}
		s := pdcSorter{arena: arena, partBits: 64 - parts.shift, days: 365, daySorted: c.daySorted}
		var got []pdcFill
		shared := 0
		for p := range parts.at {
			part := s.sort(&parts, p)
			var runs [][2]int // each patient's records, as end finds them
			for a := 0; a < len(part); {
				b := s.end(part, a) // pulls apart the patients that share a digit
				runs = append(runs, [2]int{a, b})
				a = b
			}
			for _, r := range runs {
				for i := r[0]; i < r[1]; i++ {
					if !arena.same(part[i].pdcKey, part[r[0]].pdcKey) {
						t.Fatalf("day order %v: end takes in another patient", c.daySorted)
					}
				}
				if r[1] < len(part) && arena.same(part[r[1]].pdcKey, part[r[0]].pdcKey) {
					t.Fatalf("day order %v: end stops within a patient", c.daySorted)
				}
			}
			patients := map[uint16]map[string]bool{} // the patients of each digit
			done := map[string]bool{}                // the patients whose records have ended
			for i := range part {
				if i > 0 && !arena.same(part[i].pdcKey, part[i-1].pdcKey) {
					done[string(arena.patient(part[i-1].pdcKey))] = true
					if done[string(arena.patient(part[i].pdcKey))] {
						t.Fatalf("day order %v: a patient's records are apart", c.daySorted)
					}
				} else if i > 0 && part[i-1].day > part[i].day {
					t.Fatalf("day order %v: a patient's records are out of order", c.daySorted)
				}
				d := uint16(part[i].hash() << s.partBits >> 52) // 12 bits, as parts of this size use
				if patients[d] == nil {
					patients[d] = map[string]bool{}
				}
				patients[d][string(arena.patient(part[i].pdcKey))] = true
				got = append(got, part[i])
			}
			for _, ps := range patients {
				if len(ps) > 1 {
					shared++
				}
			}
		}
		if shared == 0 {
			t.Fatal("no digit is shared: the test does not reach the patients pulled apart")
		}
		byAll := func(a, b pdcFill) int {
			return cmp.Or(arena.compare(a.pdcKey, b.pdcKey), cmp.Compare(a.class, b.class), cmp.Compare(a.drug, b.drug), cmp.Compare(a.day, b.day), cmp.Compare(a.supply, b.supply))
		}
		want := slices.Clone(in)
		slices.SortFunc(want, byAll)
		slices.SortFunc(got, byAll)
		for i := range want {
			if byAll(want[i], got[i]) != 0 {
				t.Fatalf("day order %v: the records differ from those given", c.daySorted)
			}
		}
	}
}

// Over a population large enough for many parts, sorted by radix passes, the measure decides
// each patient as it decides the patient alone (whose few fills are sorted by comparison),
// with ids of every length, stays, several drugs a class, and fills in day order or not, given
// as a slice or as a sequence.
func TestPDCPartsAgreeWithEachPatientAlone(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	rules := PDC(2025)
	rules.CensorSettings = []transition.Setting{transition.SettingAcuteInpatient}
	jan1 := civil.MustParse("2025-01-01")
	fills := map[string][]Fill{}
	stays := map[string][]Stay{}
	var all []Fill
	var allStays []Stay
	for p := range 6_000 {
		id := pdcTestID(p)
		for range rng.IntN(12) {
			f := Fill{ID: strconv.Itoa(len(all)), Patient: carecoord.PatientID(id), Class: []string{"diabetes", "rasa", "statin"}[rng.IntN(3)],
				Drug: []string{"a", "b"}[rng.IntN(2)], Day: jan1.AddDays(rng.IntN(400) - 30), DaysSupply: []int{30, 90}[rng.IntN(2)]}
			fills[id] = append(fills[id], f)
			all = append(all, f)
		}
		if p%10 == 0 {
			admitted := jan1.AddDays(rng.IntN(365))
			s := Stay{ID: "s" + strconv.Itoa(p), Patient: carecoord.PatientID(id), Setting: transition.SettingAcuteInpatient, Admitted: admitted, Discharged: admitted.AddDays(1 + rng.IntN(20)), Disposition: transition.DispositionHome}
			stays[id] = append(stays[id], s)
			allStays = append(allStays, s)
		}
	}
	opts := Options{Evidence: true}
	var want PDCResult
	for id, fs := range fills {
		r, err := PDCWithStays(fs, stays[id], rules, opts)
		if err != nil {
			t.Fatal(err)
		}
		if want, err = want.Merge(r); err != nil {
			t.Fatal(err)
		}
	}
	for _, daySorted := range []bool{false, true} {
		in := slices.Clone(all)
		rng.Shuffle(len(in), func(i, j int) { in[i], in[j] = in[j], in[i] })
		if daySorted {
			slices.SortStableFunc(in, func(a, b Fill) int { return a.Day.Compare(b.Day) })
		}
		got, err := PDCWithStays(in, allStays, rules, opts)
		if err != nil {
			t.Fatal(err)
		}
		if diff := gocmp.Diff(want, got); diff != "" {
			t.Fatalf("day order %v: the whole differs from its patients alone (-alone +whole):\n%s", daySorted, diff)
		}
		// The same fills one by one, held in chunks until their number is known.
		if got, err = PDCSeq(slices.Values(in), allStays, rules, opts); err != nil {
			t.Fatal(err)
		}
		if diff := gocmp.Diff(want, got); diff != "" {
			t.Fatalf("day order %v: the whole as a sequence differs from its patients alone (-alone +whole):\n%s", daySorted, diff)
		}
	}
}

// Fill.validApartFromPatient and the key's check of the patient find a fill valid exactly
// when Validate finds no problem.
func TestFillValidAgreesWithValidate(t *testing.T) {
	good := Fill{ID: "f1", Patient: "p-1.A", Class: "statin", Drug: "atorvastatin", Day: civil.MustParse("2025-03-01"), DaysSupply: 30}
	for _, change := range []func(*Fill){
		func(*Fill) {},
		func(f *Fill) { f.ID = "" },
		func(f *Fill) { f.Patient = "" },
		func(f *Fill) { f.Patient = "p 1" },
		func(f *Fill) { f.Patient = carecoord.PatientID(slices.Repeat([]byte("x"), 64)) },
		func(f *Fill) { f.Patient = carecoord.PatientID(slices.Repeat([]byte("x"), 65)) },
		func(f *Fill) { f.Patient = "a-rather-long-patient-id-with a space" },
		func(f *Fill) { f.Class = "" },
		func(f *Fill) { f.Drug = "" },
		func(f *Fill) { f.Day = civil.Date{} },
		func(f *Fill) { f.Day = civil.MustParse("9999-12-31").AddDays(1) },
		func(f *Fill) { f.DaysSupply = 0 },
		func(f *Fill) { f.DaysSupply = 366 },
		func(f *Fill) { f.DaysSupply = 367 },
		func(f *Fill) { f.DailyDose = -1 },
	} {
		f := good
		change(&f)
		var arena pdcArena
		_, ok := arena.key(f.Patient)
		if valid := ok && f.validApartFromPatient(); valid != (f.Validate() == nil) {
			t.Errorf("%+v: valid %v, Validate() = %v", f, valid, f.Validate())
		}
	}
}

// The key's check of an id agrees with carecoord.ValidID for every byte at every place of
// ids of every length the key packs, and some longer.
func TestPDCKeyChecksAsValidID(t *testing.T) {
	var arena pdcArena
	for n := range 21 {
		for at := range max(n, 1) {
			for b := range 256 {
				id := []byte(strings.Repeat("a", n))
				if n > 0 {
					id[at] = byte(b)
				}
				if _, ok := arena.key(carecoord.PatientID(id)); ok != carecoord.ValidID(string(id)) {
					t.Fatalf("%q: key's check %v, ValidID %v", id, ok, !ok)
				}
			}
		}
	}
}

// A key holds an id of up to 15 bytes whole, with its length, whatever its length and bytes
// (a zero byte too), and gives it back.
func TestPDCKeyPacksEveryLength(t *testing.T) {
	var arena pdcArena
	const chars = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-0123456789abcdef"
	for n := 1; n <= 64; n++ {
		id := carecoord.PatientID(chars[n%7 : n%7+n])
		k, ok := arena.key(id)
		if !ok {
			t.Fatalf("%d bytes: not valid", n)
		}
		if got := arena.patient(k); got != id {
			t.Errorf("%d bytes: key gives back %q, want %q", n, got, id)
		}
		want := pdcKey{lo: uint64(n)}
		for i := 0; i < n && n <= pdcShortID; i++ {
			if i < 8 {
				want.hi |= uint64(id[i]) << (56 - 8*i)
			} else {
				want.lo |= uint64(id[i]) << (120 - 8*i)
			}
		}
		if n <= pdcShortID && k != want {
			t.Errorf("%d bytes: key %x, want the bytes %x", n, k, want)
		}
		if (n > pdcShortID) != (k.hi >= pdcLong) {
			t.Errorf("%d bytes: long is %v", n, k.hi >= pdcLong)
		}
		if n > pdcShortID {
			continue
		}
		// Packed unchecked, an id with a zero byte has a key of its own.
		zero := carecoord.PatientID(string(id[:n-1]) + "\x00")
		z, ok := pdcPack(zero)
		if !ok || z == k || z.valid() || arena.patient(z) != zero {
			t.Errorf("%d bytes ending in a zero byte: key %x (ok %v), the id's %x", n, z, ok, k)
		}
		short, _ := pdcPack(id[:n-1])
		if n > 1 && z == short {
			t.Errorf("%d bytes ending in a zero byte: the key of the id without it", n)
		}
	}
}

// The walk's one pass over a patient's fills in day order (oneDrug) decides and counts each
// class as sorting them by class and drug and deciding each class in turn (byClass) does, with
// every combination of evidence, rounding, the 91-day rule and the caller's eligibility and
// thresholds, and an early end or none, and refuses, counting nothing, when a class has two
// drugs.
func TestPDCOneDrugAgreesWithByClass(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		classes := []string{"a", "b", "c", "d", "e"}[:rapid.IntRange(1, 5).Draw(t, "classes")]
		twoDrugs := rapid.Bool().Draw(t, "two drugs")
		var recs []pdcFill
		from := rapid.IntRange(0, 364).Draw(t, "from") // the first day a fill may have: late ones meet the 91-day rule
		for range rapid.IntRange(1, 80).Draw(t, "fills") {
			c := uint16(rapid.IntRange(0, len(classes)-1).Draw(t, "class"))
			d := c
			if twoDrugs {
				d = uint16(rapid.IntRange(0, 1).Draw(t, "drug"))
			}
			recs = append(recs, pdcFill{day: int16(rapid.IntRange(from, 364).Draw(t, "day")), supply: int16(rapid.SampledFrom([]int{1, 7, 30, 90, 366}).Draw(t, "supply")), class: c, drug: d})
		}
		slices.SortStableFunc(recs, func(a, b pdcFill) int { return cmp.Compare(a.day, b.day) })
		end := int32(min(rapid.IntRange(0, 450).Draw(t, "end"), 364)) // the period's end, or earlier
		// Every combination of the options, for the same fills.
		for opt := range 32 {
			rules := PDC(2025)
			rules.Round4 = opt&1 != 0
			if opt&2 != 0 {
				rules.MinDaysBeforeEnd = 91
			}
			if opt&4 != 0 {
				rules.Threshold = func(class string) int { return []int{0, 100, 50, 80, 95}[class[0]-'a'] }
			}
			rules.EndOf = func(carecoord.PatientID) (civil.Date, bool) { return rules.Period.Start.AddDays(int(end)), true }
			opts := Options{Evidence: opt&8 != 0}
			if opt&16 != 0 {
				opts.Eligible = func(_ carecoord.PatientID, on civil.Date) Reason {
					if on.Day()%3 == 0 {
						return "not-enrolled"
					}
					return ""
				}
			}
			walker := func() *pdcWalker {
				w := &pdcWalker{rules: &rules, eligible: opts.Eligible, epoch: rules.Period.Start, end: 364, classes: classes, detail: opts.Evidence}
				w.talliers = make([]pdcTally, len(classes))
				for k := range w.talliers {
					w.talliers[k].t = newTallier(rules.Measure, rules.Period, &opts)
				}
				return w
			}
			results := func(w *pdcWalker) []PDCClass {
				var out []PDCClass
				for k := range w.talliers {
					pt := &w.talliers[k]
					out = append(out, PDCClass{Class: classes[k], Result: pt.finish(), CoveredDays: pt.covered, TreatmentDays: pt.days})
				}
				return out
			}
			one, by := walker(), walker()
			ok := one.oneDrug("p1", recs, one.endOf("p1"))
			sorted := slices.Clone(recs)
			pdcSortByMed(sorted)
			by.byClass("p1", sorted, by.endOf("p1"), nil)
			want := results(by)
			if !ok {
				if !twoDrugs {
					t.Fatal("one drug a class, and oneDrug refused")
				}
				want = results(walker()) // nothing counted
			}
			if diff := gocmp.Diff(want, results(one)); diff != "" {
				t.Fatalf("options %05b, oneDrug %v (-byClass +oneDrug):\n%s", opt, ok, diff)
			}
		}
		sorted := slices.Clone(recs)
		pdcSortByMed(sorted)
		// The records byClass reads are those given, by class and drug, each pair's by day.
		for i := 1; i < len(sorted); i++ {
			a, b := sorted[i-1], sorted[i]
			if cmp.Or(cmp.Compare(a.class, b.class), cmp.Compare(a.drug, b.drug), cmp.Compare(a.day, b.day)) > 0 {
				t.Fatalf("sorted by med: %v before %v", a, b)
			}
		}
	})
}

// With more classes than the walk's one pass keeps, each patient's fills are sorted by class
// and drug in the walk: the measure over the whole gives what each patient alone gives (whose
// classes are few enough for the one pass), with one drug a class or several.
func TestPDCManyClassesAgreeWithEachPatientAlone(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	jan1 := civil.MustParse("2025-01-01")
	for _, drugs := range []int{1, 3} {
		fills := map[string][]Fill{}
		var all []Fill
		for p := range 3_000 {
			id := pdcTestID(p)
			for range rng.IntN(10) {
				c := rng.IntN(80)
				f := Fill{ID: strconv.Itoa(len(all)), Patient: carecoord.PatientID(id), Class: "class-" + strconv.Itoa(c),
					Drug: "drug-" + strconv.Itoa(c) + "-" + strconv.Itoa(rng.IntN(drugs)), Day: jan1.AddDays(rng.IntN(365)), DaysSupply: []int{30, 90}[rng.IntN(2)]}
				if rng.IntN(3) == 0 && len(fills[id]) > 0 { // another fill of a class the patient has
					f.Class, f.Drug = fills[id][0].Class, fills[id][0].Drug
				}
				fills[id] = append(fills[id], f)
				all = append(all, f)
			}
		}
		slices.SortStableFunc(all, func(a, b Fill) int { return a.Day.Compare(b.Day) })
		opts := Options{Evidence: true}
		var want PDCResult
		for _, fs := range fills {
			r, err := PDCFills(fs, PDC(2025), opts)
			if err != nil {
				t.Fatal(err)
			}
			if want, err = want.Merge(r); err != nil {
				t.Fatal(err)
			}
		}
		got, err := PDCFills(all, PDC(2025), opts)
		if err != nil {
			t.Fatal(err)
		}
		if diff := gocmp.Diff(want, got); diff != "" {
			t.Fatalf("%d drugs a class: the whole differs from its patients alone (-alone +whole):\n%s", drugs, diff)
		}
	}
}
