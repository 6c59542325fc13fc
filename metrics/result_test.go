package metrics

// Internal tests of the core result types: Result.Merge, Tally, Result.Stratum and the
// unexported tallier every measure builds its Result with.

import (
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/civil/civiltest"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// utCmp compares Results: decimals by value (go-cmp uses Decimal.Equal), nil and empty slices
// alike (Merge returns nil where a clone keeps an empty slice).
var utCmp = cmp.Options{cmpopts.EquateEmpty()}

// utPeriod is the measurement year of the generated results.
func utPeriod() civil.Range {
	return civil.Range{Start: civil.MustParse("2025-01-01"), End: civil.MustParse("2025-12-31")}
}

// A utSubject is one subject fed to a tallier: its evidence row (without a stratum, which the
// tallier sets) and its expected probability, when it has one.
type utSubject struct {
	e        Evidence
	expected *decimal.Decimal
}

// utSubjects generates up to 12 subjects whose patients all start with prefix, so that the
// subjects of two prefixes are disjoint by patient, as Merge requires of its operands.
func utSubjects(prefix string) *rapid.Generator[[]utSubject] {
	one := rapid.Custom(func(t *rapid.T) utSubject {
		e := Evidence{
			Patient: carecoord.PatientID(prefix + strconv.Itoa(rapid.IntRange(0, 3).Draw(t, "patient"))),
			Subject: "s" + strconv.Itoa(rapid.IntRange(0, 5).Draw(t, "subject")),
			Status:  rapid.SampledFrom([]Status{InNumerator, InDenominator, Excluded}).Draw(t, "status"),
			Reason:  rapid.SampledFrom([]Reason{"met", "not-met", "hospice"}).Draw(t, "reason"),
			Event:   civiltest.DateIn(utPeriod().Start, utPeriod().End).Draw(t, "event"),
		}
		if rapid.Bool().Draw(t, "decided") {
			e.Decided = e.Event.AddDays(rapid.IntRange(0, 30).Draw(t, "after"))
		}
		s := utSubject{e: e}
		if rapid.Bool().Draw(t, "has expected") {
			p := decimal.New(int64(rapid.IntRange(0, 100).Draw(t, "expected")), -2)
			s.expected = &p
		}
		return s
	})
	return rapid.SliceOfN(one, 0, 12)
}

// utStratify keys a subject by the quarter of its event day, so that shards share keys.
func utStratify(_ carecoord.PatientID, on civil.Date) string {
	return "q" + strconv.Itoa((int(on.Month())+2)/3)
}

// utStratifyByShard keys a subject by its patient's shard prefix and event month parity, so
// that some keys are in one shard only.
func utStratifyByShard(p carecoord.PatientID, on civil.Date) string {
	return string(p[:1]) + strconv.Itoa(int(on.Month())%2)
}

// utBuild runs subjects through a tallier, in the order given.
func utBuild(subjects []utSubject, opts *Options) Result {
	tl := newTallier("test-measure", utPeriod(), opts)
	for _, s := range subjects {
		tl.add(s.e, s.expected)
	}
	return tl.finish()
}

// utOptions draws the options shared by every shard of one check.
func utOptions(t *rapid.T) *Options {
	opts := &Options{Evidence: rapid.Bool().Draw(t, "evidence")}
	switch rapid.IntRange(0, 2).Draw(t, "stratify") {
	case 1:
		opts.Stratify = utStratify
	case 2:
		opts.Stratify = utStratifyByShard
	}
	return opts
}

// utResult generates a valid Result over patients with the given prefix: built by the tallier
// from subjects in a random order, so its strata and evidence are in Result order.
func utResult(t *rapid.T, prefix string, opts *Options) Result {
	subjects := utSubjects(prefix).Draw(t, prefix)
	subjects = rapid.Permutation(subjects).Draw(t, prefix+" order")
	return utBuild(subjects, opts)
}

// utClone is a deep copy written independently of Result.clone.
func utClone(r Result) Result {
	r.Strata = append([]Stratum(nil), r.Strata...)
	r.Evidence = append([]Evidence(nil), r.Evidence...)
	return r
}

func utMerge(t *rapid.T, a, b Result) Result {
	m, err := a.Merge(b)
	if err != nil {
		t.Fatalf("Merge: %v", err)
	}
	return m
}

func TestMergeCommutative(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		opts := utOptions(t)
		a, b := utResult(t, "a", opts), utResult(t, "b", opts)
		if diff := cmp.Diff(utMerge(t, a, b), utMerge(t, b, a), utCmp); diff != "" {
			t.Fatalf("a.Merge(b) != b.Merge(a) (-ab +ba):\n%s", diff)
		}
	})
}

func TestMergeAssociative(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		opts := utOptions(t)
		a, b, c := utResult(t, "a", opts), utResult(t, "b", opts), utResult(t, "c", opts)
		left := utMerge(t, utMerge(t, a, b), c)
		right := utMerge(t, a, utMerge(t, b, c))
		if diff := cmp.Diff(left, right, utCmp); diff != "" {
			t.Fatalf("(a+b)+c != a+(b+c) (-left +right):\n%s", diff)
		}
	})
}

// TestMergeEqualsWhole: the tallier over a whole population equals the merge of the
// talliers over its shards, whatever the order the subjects came in.
func TestMergeEqualsWhole(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		opts := utOptions(t)
		var all []utSubject
		var merged Result
		for _, prefix := range []string{"a", "b", "c"} {
			shard := utSubjects(prefix).Draw(t, prefix)
			all = append(all, shard...)
			merged = utMerge(t, merged, utBuild(shard, opts))
		}
		whole := utBuild(rapid.Permutation(all).Draw(t, "order"), opts)
		if diff := cmp.Diff(whole, merged, utCmp); diff != "" {
			t.Fatalf("whole != merged shards (-whole +merged):\n%s", diff)
		}
	})
}

func TestMergeZeroIsIdentity(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := utResult(t, "a", utOptions(t))
		if diff := cmp.Diff(a, utMerge(t, a, Result{}), utCmp); diff != "" {
			t.Fatalf("a.Merge(zero) != a (-a +merged):\n%s", diff)
		}
		if diff := cmp.Diff(a, utMerge(t, Result{}, a), utCmp); diff != "" {
			t.Fatalf("zero.Merge(a) != a (-a +merged):\n%s", diff)
		}
	})
	if m, err := (Result{}).Merge(Result{}); err != nil || !m.IsZero() {
		t.Errorf("zero.Merge(zero) = %+v, %v; want the zero Result", m, err)
	}
}

// TestMergeDoesNotAlias: Merge changes neither operand, and the merged result shares no
// memory with them, on the general path and on the zero-identity paths.
func TestMergeDoesNotAlias(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		opts := utOptions(t)
		a, b := utResult(t, "a", opts), utResult(t, "b", opts)
		if rapid.Bool().Draw(t, "zero b") {
			b = Result{}
		}
		if rapid.Bool().Draw(t, "zero a") {
			a = Result{}
		}
		a0, b0 := utClone(a), utClone(b)
		m := utMerge(t, a, b)
		for _, c := range []struct {
			name      string
			want, got Result
		}{{"a after Merge", a0, a}, {"b after Merge", b0, b}} {
			if diff := cmp.Diff(c.want, c.got, utCmp); diff != "" {
				t.Fatalf("%s changed (-before +after):\n%s", c.name, diff)
			}
		}
		for i := range m.Strata {
			m.Strata[i].Numerator += 1000
			m.Strata[i].Key += "-changed"
		}
		for i := range m.Evidence {
			m.Evidence[i].Subject += "-changed"
			m.Evidence[i].Status = "changed"
		}
		for _, c := range []struct {
			name      string
			want, got Result
		}{{"a after editing the merge", a0, a}, {"b after editing the merge", b0, b}} {
			if diff := cmp.Diff(c.want, c.got, utCmp); diff != "" {
				t.Fatalf("%s changed (-before +after):\n%s", c.name, diff)
			}
		}
	})
}

func TestMergeRefuses(t *testing.T) {
	base := Result{Measure: "m", Period: utPeriod(), Total: Tally{Denominator: 1}}
	otherPeriod := utPeriod()
	otherPeriod.End = otherPeriod.End.AddDays(-1)
	explained := base
	explained.Explained = true
	explained.Evidence = []Evidence{{Patient: "p", Subject: "s", Status: InDenominator, Event: utPeriod().Start}}
	otherMeasure := base
	otherMeasure.Measure = "n"
	withPeriod := base
	withPeriod.Period = otherPeriod
	for _, tc := range []struct {
		name string
		a, b Result
		path string
	}{
		{"measures", base, otherMeasure, "measure"},
		{"periods", base, withPeriod, "period"},
		{"explained with unexplained", explained, base, "explained"},
		{"unexplained with explained", base, explained, "explained"},
		// A result over nobody still names its measure: it is not the zero Result.
		{"empty result of another measure", Result{Measure: "n", Period: utPeriod()}, base, "measure"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := tc.a.Merge(tc.b)
			if !errors.Is(err, carecoord.ErrInvalid) {
				t.Fatalf("Merge = %+v, %v; want an error matching carecoord.ErrInvalid", m, err)
			}
			var fe *carecoord.FieldError
			if !errors.As(err, &fe) || fe.Path != tc.path || fe.Code != carecoord.FieldInvalid {
				t.Errorf("Merge error = %#v; want path %q, code %q", fe, tc.path, carecoord.FieldInvalid)
			}
			if !m.IsZero() {
				t.Errorf("Merge returned %+v with its error; want the zero Result", m)
			}
		})
	}
}

// TestResultZeroJSON: the zero Result is a legitimate partial result (the shard over nobody),
// so it must survive the trip to another process that Merge exists for.
func TestResultZeroJSON(t *testing.T) {
	b, err := json.Marshal(Result{})
	if err != nil {
		t.Fatalf("json.Marshal(Result{}) error: %v", err)
	}
	var back Result
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("json.Unmarshal(%s) error: %v", b, err)
	}
	if !back.IsZero() {
		t.Errorf("round trip of the zero Result = %+v, want the zero Result", back)
	}
}

func TestResultJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := utResult(t, "a", utOptions(t))
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatalf("json.Marshal: %v", err)
		}
		var back Result
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("json.Unmarshal(%s): %v", b, err)
		}
		if diff := cmp.Diff(a, back, utCmp); diff != "" {
			t.Fatalf("JSON round trip mismatch (-want +got):\n%s", diff)
		}
	})
}

func utDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestTallyAdd(t *testing.T) {
	a := Tally{Denominator: 5, Numerator: 2, Excluded: 1, Expected: utDec("1.25"), Predicted: 4}
	b := Tally{Denominator: 3, Numerator: 3, Excluded: 0, Expected: utDec("0.5"), Predicted: 1}
	want := Tally{Denominator: 8, Numerator: 5, Excluded: 1, Expected: utDec("1.75"), Predicted: 5}
	if diff := cmp.Diff(want, a.Add(b)); diff != "" {
		t.Errorf("a.Add(b) mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, b.Add(a)); diff != "" {
		t.Errorf("b.Add(a) mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(a, a.Add(Tally{})); diff != "" {
		t.Errorf("a.Add(zero) mismatch (-want +got):\n%s", diff)
	}
	if got := a.Add(b).Rate(); got != (carecoord.Rate{Num: 5, Den: 8}) {
		t.Errorf("Rate() = %v, want 5/8", got)
	}
}

// TestObservedToExpected follows metrics spec §2.4 (HEDIS PCR rules): five index stays with
// expected probabilities 0.10, 0.15, 0.20, 0.25 and 0.30 (expected 1.00) and two observed
// readmissions give O/E = 2.00.
func TestObservedToExpected(t *testing.T) {
	spec := Tally{Denominator: 5, Numerator: 2, Expected: utDec("1.00"), Predicted: 5}
	for _, tc := range []struct {
		name   string
		tally  Tally
		places int32
		want   string // "" when not computable
	}{
		{"spec 2.4", spec, 2, "2.00"},
		{"one subject without a probability", Tally{Denominator: 5, Numerator: 2, Expected: utDec("0.70"), Predicted: 4}, 2, ""},
		{"expected zero", Tally{Denominator: 5, Numerator: 2, Expected: utDec("0"), Predicted: 5}, 2, ""},
		{"nobody", Tally{}, 2, ""},
		{"one third", Tally{Denominator: 4, Numerator: 1, Expected: utDec("3"), Predicted: 4}, 2, "0.33"},
		{"two thirds round up", Tally{Denominator: 4, Numerator: 2, Expected: utDec("3"), Predicted: 4}, 2, "0.67"},
		{"half away from zero", Tally{Denominator: 9, Numerator: 1, Expected: utDec("8"), Predicted: 9}, 2, "0.13"},
		{"no readmissions", Tally{Denominator: 2, Numerator: 0, Expected: utDec("0.4"), Predicted: 2}, 2, "0.00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := tc.tally.ObservedToExpected(tc.places)
			if tc.want == "" {
				if ok {
					t.Errorf("ObservedToExpected(%d) = %s, true; want not computable", tc.places, got)
				}
				return
			}
			if !ok || got.StringFixed(tc.places) != tc.want {
				t.Errorf("ObservedToExpected(%d) = %s, %v; want %s, true", tc.places, got.StringFixed(tc.places), ok, tc.want)
			}
		})
	}
}

// TestTallierSpecVector feeds the five index stays of metrics spec §2.4, and one excluded
// stay that has a probability, through the tallier: the excluded stay's probability does not
// count, and O/E is 2.00.
func TestTallierSpecVector(t *testing.T) {
	day := civil.MustParse("2024-03-10")
	rows := []struct {
		status   Status
		expected string
	}{
		{InNumerator, "0.10"}, {InDenominator, "0.15"}, {InNumerator, "0.20"}, {InDenominator, "0.25"},
		{InDenominator, "0.30"}, {Excluded, "0.90"},
	}
	tl := newTallier("readmission-pcr", utPeriod(), &Options{})
	for i, r := range rows {
		p := utDec(r.expected)
		tl.add(Evidence{Patient: "p1", Subject: "ihs" + strconv.Itoa(i), Status: r.status, Event: day.AddDays(i)}, &p)
	}
	res := tl.finish()
	want := Tally{Denominator: 5, Numerator: 2, Excluded: 1, Expected: utDec("1.00"), Predicted: 5}
	if diff := cmp.Diff(want, res.Total); diff != "" {
		t.Errorf("Total mismatch (-want +got):\n%s", diff)
	}
	if oe, ok := res.Total.ObservedToExpected(2); !ok || oe.StringFixed(2) != "2.00" {
		t.Errorf("ObservedToExpected(2) = %s, %v; want 2.00, true", oe, ok)
	}
	if res.Evidence != nil || res.Strata != nil || res.Explained {
		t.Errorf("zero Options gave evidence or strata: %+v", res)
	}
}

func TestResultStratum(t *testing.T) {
	r := Result{Strata: []Stratum{
		{Key: "18-44", Tally: Tally{Denominator: 3}},
		{Key: "45-54", Tally: Tally{Denominator: 4, Numerator: 1}},
		{Key: "55-64", Tally: Tally{Denominator: 5, Numerator: 2}},
	}}
	for _, tc := range []struct {
		key  string
		want Tally
		ok   bool
	}{
		{"18-44", Tally{Denominator: 3}, true},
		{"45-54", Tally{Denominator: 4, Numerator: 1}, true},
		{"55-64", Tally{Denominator: 5, Numerator: 2}, true},
		{"65+", Tally{}, false},
		{"", Tally{}, false},
		{"00", Tally{}, false},
	} {
		got, ok := r.Stratum(tc.key)
		if ok != tc.ok || !cmp.Equal(got, tc.want) {
			t.Errorf("Stratum(%q) = %+v, %v; want %+v, %v", tc.key, got, ok, tc.want, tc.ok)
		}
	}
	if got, ok := (Result{}).Stratum("x"); ok || !cmp.Equal(got, Tally{}) {
		t.Errorf("zero Result's Stratum(x) = %+v, %v; want zero, false", got, ok)
	}
}

// TestTallierOrder: the evidence comes out in Result order whatever order the subjects came
// in, the strata are sorted by key, every row carries its stratum, and the tallies of the
// strata add up to the total.
func TestTallierOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		opts := &Options{Evidence: true, Stratify: utStratify}
		subjects := utSubjects("p").Draw(t, "subjects")
		res := utBuild(subjects, opts)
		if !slices.IsSortedFunc(res.Evidence, func(a, b Evidence) int { return compareEvidence(&a, &b) }) {
			t.Fatalf("evidence not in Result order: %+v", res.Evidence)
		}
		if !slices.IsSortedFunc(res.Strata, func(a, b Stratum) int { return strings.Compare(a.Key, b.Key) }) {
			t.Fatalf("strata not sorted: %+v", res.Strata)
		}
		if len(res.Evidence) != len(subjects) {
			t.Fatalf("%d evidence rows for %d subjects", len(res.Evidence), len(subjects))
		}
		var sum Tally
		for _, s := range res.Strata {
			sum = sum.Add(s.Tally)
		}
		if diff := cmp.Diff(res.Total, sum); diff != "" {
			t.Fatalf("strata do not add up to the total (-total +sum):\n%s", diff)
		}
		var count Tally
		for _, e := range res.Evidence {
			if want := utStratify(e.Patient, e.Event); e.Stratum != want {
				t.Fatalf("row %+v has stratum %q, want %q", e, e.Stratum, want)
			}
			switch e.Status {
			case InNumerator:
				count.Numerator++
				count.Denominator++
			case InDenominator:
				count.Denominator++
			case Excluded:
				count.Excluded++
			}
		}
		if count.Numerator != res.Total.Numerator || count.Denominator != res.Total.Denominator || count.Excluded != res.Total.Excluded {
			t.Fatalf("evidence counts %+v, total %+v", count, res.Total)
		}
	})
}

// TestTallierSortsOnlyWhenNeeded: subjects in Result order keep the tallier's sorted flag; one
// out of order clears it, and finish sorts.
func TestTallierSortsOnlyWhenNeeded(t *testing.T) {
	d := civil.MustParse("2025-05-01")
	rows := []Evidence{
		{Patient: "p1", Subject: "a", Status: InNumerator, Event: d},
		{Patient: "p1", Subject: "b", Status: InDenominator, Event: d.AddDays(3)},
		{Patient: "p2", Subject: "a", Status: Excluded, Reason: "hospice", Event: d},
	}
	tl := newTallier("m", utPeriod(), &Options{Evidence: true})
	for _, e := range rows {
		tl.add(e, nil)
	}
	if !tl.sorted {
		t.Errorf("subjects in Result order cleared the sorted flag")
	}
	tl = newTallier("m", utPeriod(), &Options{Evidence: true})
	for _, i := range []int{2, 0, 1} {
		tl.add(rows[i], nil)
	}
	if tl.sorted {
		t.Errorf("subjects out of order kept the sorted flag")
	}
	if diff := cmp.Diff(rows, tl.finish().Evidence); diff != "" {
		t.Errorf("finish evidence mismatch (-want +got):\n%s", diff)
	}
}

func TestTallierEligible(t *testing.T) {
	day := civil.MustParse("2025-02-03")
	tl := newTallier("m", utPeriod(), &Options{})
	if r := tl.eligible("p1", day); r != "" {
		t.Errorf("eligible with no Options.Eligible = %q, want \"\"", r)
	}
	var gotPatient carecoord.PatientID
	var gotDay civil.Date
	opts := &Options{Eligible: func(p carecoord.PatientID, on civil.Date) Reason {
		gotPatient, gotDay = p, on
		if p == "p2" {
			return "hospice"
		}
		return ""
	}}
	tl = newTallier("m", utPeriod(), opts)
	if r := tl.eligible("p1", day); r != "" || gotPatient != "p1" || gotDay != day {
		t.Errorf("eligible(p1) = %q, called with %s, %s; want \"\" called with p1, %s", r, gotPatient, gotDay, day)
	}
	if r := tl.eligible("p2", day); r != "hospice" {
		t.Errorf("eligible(p2) = %q, want hospice", r)
	}
}

func TestResultIsZero(t *testing.T) {
	if !(Result{}).IsZero() {
		t.Errorf("Result{}.IsZero() = false")
	}
	for _, r := range []Result{
		{Measure: "m"},
		{Period: utPeriod()},
		{Total: Tally{Excluded: 1}},
		{Explained: true},
		{Strata: []Stratum{{Key: "k"}}},
		{Evidence: []Evidence{{Patient: "p"}}},
	} {
		if r.IsZero() {
			t.Errorf("%+v.IsZero() = true", r)
		}
	}
}
