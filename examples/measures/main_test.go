package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carecoord/carecoord/civil"
)

// writeStays writes a stays.csv with the given rows under a new directory and returns it.
func writeStays(t *testing.T, rows ...string) string {
	t.Helper()
	dir := t.TempDir()
	body := "stay_id,patient_id,admit_date,discharge_date,discharge_status,planned\n" + strings.Join(rows, "\n") + "\n"
	if err := os.WriteFile(filepath.Join(dir, "stays.csv"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func runMeasures(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(args, &out, &errOut)
	return out.String(), err
}

// The metrics spec's §2.4 vector moved to 2025, under the harness's rules, and a second patient
// whose transfer merges across a gap and whose stay against advice is not an index stay.
func TestReadmissionLine(t *testing.T) {
	dir := writeStays(t,
		"1,7,2025-03-01,2025-03-05,home,0",
		"2,7,2025-03-06,2025-03-10,home,0",
		"3,7,2025-03-25,2025-03-28,home,0",
		"4,7,2025-04-29,2025-05-02,home,0",
		"5,7,2025-05-20,2025-05-22,home,1",
		"6,7,2025-06-10,2025-06-12,home,0",
		"7,7,2025-11-20,2025-12-03,home,0",
		"8,7,2025-12-20,2025-12-22,died,0",
		"9,8,2025-02-01,2025-02-03,transfer,0", // continues into stay 10, four days later
		"10,8,2025-02-07,2025-02-09,home,0",
		"11,8,2025-02-20,2025-02-22,ama,0", // a readmission of 9–10; not an index stay itself
	)
	for _, workers := range []string{"1", "2", "5"} {
		got, err := runMeasures(t, "-data", dir, "-metric", "readmission", "-workers", workers)
		if err != nil {
			t.Fatal(err)
		}
		if want := "readmission index=6 readmitted=3 rate=0.500000\n"; got != want {
			t.Errorf("with %s workers: %q, want %q", workers, got, want)
		}
	}
}

// Any number of workers gives the same line: sharding by patient and merging loses nothing.
func TestWorkersAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	statuses := []string{"home", "home", "home", "transfer", "snf", "died", "ama"}
	var rows []string
	id := 0
	for p := range 2000 {
		day := civil.MustParse("2024-11-01").AddDays(rng.IntN(200))
		for range 1 + rng.IntN(4) {
			id++
			end := day.AddDays(1 + rng.IntN(9))
			status := statuses[rng.IntN(len(statuses))]
			rows = append(rows, fmt.Sprintf("%d,%d,%s,%s,%s,%d", id, p, day, end, status, rng.IntN(5)/4))
			if status == "died" {
				break
			}
			day = end.AddDays(rng.IntN(40))
		}
	}
	rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	dir := writeStays(t, rows...)
	one, err := runMeasures(t, "-data", dir, "-workers", "1")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"2", "3", "8"} {
		if got, err := runMeasures(t, "-data", dir, "-workers", w); err != nil || got != one {
			t.Errorf("%s workers: %q, %v; one worker: %q", w, got, err, one)
		}
	}
}

// Bad files stop the run with the line and the rule, and nothing on standard output.
func TestBadInput(t *testing.T) {
	for name, tc := range map[string]struct {
		rows []string
		want string
	}{
		"unknown status":   {[]string{"1,7,2025-03-01,2025-03-05,home,0", "2,7,2025-04-01,2025-04-05,gone,0"}, "line 3: discharge_status must be"},
		"bad date":         {[]string{"1,7,2025-02-30,2025-03-05,home,0"}, "line 2: admit_date"},
		"too few fields":   {[]string{"1,7,2025-03-01"}, "line 2: 3 fields, the header has 6"},
		"planned not 0/1":  {[]string{"1,7,2025-03-01,2025-03-05,home,yes"}, "line 2: planned must be 0 or 1"},
		"discharge before": {[]string{"1,7,2025-03-05,2025-03-01,home,0"}, "line 2: discharge_date is before admit_date"},
		"overlap":          {[]string{"1,7,2025-03-01,2025-03-05,home,0", "2,7,2025-03-03,2025-03-08,home,0"}, "line 3: admitted: must not be before"},
	} {
		t.Run(name, func(t *testing.T) {
			out, err := runMeasures(t, "-data", writeStays(t, tc.rows...))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
			if out != "" {
				t.Errorf("printed %q despite the error", out)
			}
		})
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "stays.csv"), []byte("stay_id,patient_id\n1,2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := runMeasures(t, "-data", dir); err == nil || !strings.Contains(err.Error(), "column") {
		t.Errorf("a header without the columns: %v", err)
	}
	if _, err := runMeasures(t, "-data", dir, "-metric", "pdc"); err == nil || !strings.Contains(err.Error(), "fills.csv") {
		t.Errorf("-metric pdc without fills.csv: %v", err)
	}
}

// The sample file the README runs: patient 7 is the metrics spec's §2.4 example (five index
// stays, two readmitted); patient 12's transfer merges into one stay readmitted by a stay
// against advice, which is no index stay itself; patient 31 is readmitted once from a stay
// discharged to a nursing facility; patient 44 died.
//
// In fills.csv, patient 7's RAS antagonist fills are PQA's SAMEDRUG scenario (360 of 365 days);
// patient 12's are NONADH (270 of 365, the class banked as one drug as the harness does) and
// its statins start in February (the December fill is before the period: 180 of 334 days);
// patient 31's statins are the IPSD scenario (270 of 282 days) and its one diabetes fill is no
// denominator, so no diabetes line.
func TestSampleData(t *testing.T) {
	got, err := runMeasures(t, "-data", "testdata", "-metric", "both")
	if err != nil {
		t.Fatal(err)
	}
	want := "readmission index=8 readmitted=4 rate=0.500000\n" +
		"pdc class=rasa eligible=2 adherent=1 covered_days=630\n" +
		"pdc class=statin eligible=2 adherent=1 covered_days=450\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	for _, w := range []string{"1", "2", "3"} {
		if again, err := runMeasures(t, "-data", "testdata", "-metric", "pdc", "-workers", w); err != nil || !strings.HasSuffix(want, again) {
			t.Errorf("-metric pdc with %s workers: %q, %v", w, again, err)
		}
	}
}

// Bad fill rows stop the run with the line and the rule.
func TestBadFills(t *testing.T) {
	for name, tc := range map[string]struct {
		row, want string
	}{
		"no supply":      {"1,7,rasa,lisinopril,2025-01-01,0", "line 2: days_supply"},
		"bad date":       {"1,7,rasa,lisinopril,2025-13-01,30", "line 2: fill_date"},
		"no class":       {"1,7,,lisinopril,2025-01-01,30", "line 2: drug_class is empty"},
		"too few fields": {"1,7,rasa", "line 2: 3 fields, the header has 6"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			body := "fill_id,patient_id,drug_class,drug,fill_date,days_supply\n" + tc.row + "\n"
			if err := os.WriteFile(filepath.Join(dir, "fills.csv"), []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := runMeasures(t, "-data", dir, "-metric", "pdc"); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// Any file body either parses into stays that each pass Stay.Validate, or is refused with an
// error that names a line; it never panics.
func FuzzParseShard(f *testing.F) {
	f.Add("1,7,2025-03-01,2025-03-05,home,0\n2,7,2025-03-06,2025-03-10,transfer,1\n")
	f.Add("1,7,2025-03-01,2025-03-05,home,0\r\n\r\n")
	f.Add("1,,2025-03-01,2025-03-05,home,0\n")
	f.Add("x,7,2025-02-30,2025-03-05,ama,0\n")
	f.Add(",,,,,\n")
	cols, err := stayColumns("stay_id,patient_id,admit_date,discharge_date,discharge_status,planned")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body string) {
		for shards := 1; shards <= 2; shards++ {
			for shard := range shards {
				stays, lines, err := parseShard(body, cols, shard, shards)
				if err != nil {
					if !strings.HasPrefix(err.Error(), "line ") {
						t.Fatalf("error %q does not name a line", err)
					}
					continue
				}
				if len(lines) != len(stays) {
					t.Fatalf("%d stays, %d lines", len(stays), len(lines))
				}
				for i, s := range stays {
					if err := s.Validate(); err != nil {
						t.Fatalf("stay %d parsed but invalid: %v", i, err)
					}
				}
			}
		}
	})
}

// The harness prints the rate as every peer does, "%.6f" of the binary quotient, which rounds a
// tie at the seventh decimal to even: 1 of 128 (0.0078125) is 0.007812 there, and must be here.
func TestRateAsTheHarnessPrintsIt(t *testing.T) {
	var rows []string
	for p := 1; p <= 128; p++ {
		rows = append(rows, fmt.Sprintf("%d,%d,2025-03-01,2025-03-02,home,0", p, p))
	}
	// Patient 1 is readmitted by a stay that ends in death (no index stay itself).
	rows = append(rows, "129,1,2025-03-10,2025-03-12,died,0")
	got, err := runMeasures(t, "-data", writeStays(t, rows...), "-workers", "2")
	if err != nil {
		t.Fatal(err)
	}
	if want := "readmission index=128 readmitted=1 rate=0.007812\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// Any fills body either yields fills that each pass Fill.Validate, or stops with an error
// that names a line; it never panics.
func FuzzFillShard(f *testing.F) {
	f.Add("1,7,rasa,lisinopril,2025-01-01,90\n2,7,rasa,losartan,2025-03-25,30\n")
	f.Add("1,7,,x,2025-01-01,90\n")
	f.Add("1,7,rasa,x,2025-01-01,-4\r\n")
	f.Add(",,,,,\n")
	cols, err := fillColumnsOf("fill_id,patient_id,drug_class,drug,fill_date,days_supply")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body string) {
		for shards := 1; shards <= 2; shards++ {
			for shard := range shards {
				var lines []int32
				var parseErr error
				n := 0
				for fl := range fillShard(body, cols, shard, shards, &lines, &parseErr) {
					if err := fl.Validate(); err != nil {
						t.Fatalf("fill %d parsed but invalid: %v", n, err)
					}
					n++
				}
				if parseErr != nil && !strings.HasPrefix(parseErr.Error(), "line ") {
					t.Fatalf("error %q does not name a line", parseErr)
				}
				if len(lines) != n {
					t.Fatalf("%d fills, %d lines", n, len(lines))
				}
			}
		}
	})
}
