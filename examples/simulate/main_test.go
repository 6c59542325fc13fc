package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files of TestGolden")

// simulateArgs runs the command and returns its standard output, failing the test on an error.
func simulateArgs(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	if err := run(args, &out, &errOut); err != nil {
		t.Fatalf("run %q: %v\n%s", args, err, errOut.String())
	}
	if errOut.Len() > 0 {
		t.Errorf("run %q wrote to standard error: %q", args, errOut.String())
	}
	return out.String()
}

// The small run of the package doc, in every format, against testdata/small.FORMAT.golden
// (rewrite them with go test -run TestGolden -update after a deliberate change).
func TestGolden(t *testing.T) {
	for _, format := range []string{"table", "csv", "json"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			got := simulateArgs(t, "-patients", "2000", "-seed", "1", "-replicates", "3", "-format", format)
			path := filepath.Join("testdata", "small."+format+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("output differs from %s (-want +got):\n%s", path, diff)
			}
		})
	}
}

// The same seed gives the same bytes, however many workers share the work and however the
// patients are cut into chunks; another seed gives other numbers.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	args := []string{"-patients", patients(2000), "-seed", "42", "-replicates", "2", "-years", "2", "-format", "csv"}
	first := simulateArgs(t, append(args, "-workers", "1")...)
	if again := simulateArgs(t, append(args, "-workers", "1")...); again != first {
		t.Fatal("two runs with one seed differ")
	}
	if two := simulateArgs(t, append(args, "-workers", "2")...); two != first {
		t.Errorf("two workers differ from one:\n%s", cmp.Diff(first, two))
	}
	cfg, _, err := parseFlags(append(args, "-workers", "3"), new(bytes.Buffer))
	if err != nil {
		t.Fatal(err)
	}
	cfg.chunk = 300 // several chunks a replicate, the last one short
	res, err := simulate(&cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	var chunked bytes.Buffer
	if err := write(&chunked, &cfg, summarizeAll(&cfg, res)); err != nil {
		t.Fatal(err)
	}
	if chunked.String() != first {
		t.Errorf("chunks of 700 patients on 3 workers differ from one chunk:\n%s", cmp.Diff(first, chunked.String()))
	}
	if other := simulateArgs(t, "-patients", patients(2000), "-seed", "43", "-replicates", "2", "-years", "2", "-format", "csv"); other == first {
		t.Error("seeds 42 and 43 give the same output")
	}
}

// measureOf reads the -format csv output and returns the mean of measure for program (a
// program name, or "tcm-usual" for the difference) and its row: measure, unit, program,
// replicates, mean, ci_low, ci_high, numerator, denominator.
func measureOf(t *testing.T, out, measure, program string) (float64, []string) {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		if row[0] == measure && row[2] == program {
			v, err := strconv.ParseFloat(row[4], 64)
			if err != nil {
				t.Fatalf("%s %s: mean %q", measure, program, row[4])
			}
			return v, row
		}
	}
	t.Fatalf("no row for %s %s in\n%s", measure, program, out)
	return 0, nil
}

// patients returns n as a -patients value, a quarter of it with -short or -race (the race
// detector makes the simulation about ten times slower).
func patients(n int) string {
	if testing.Short() || raceDetector {
		n /= 4
	}
	return strconv.Itoa(n)
}

// effectArgs is a run large enough for the programs' effects to stand out.
func effectArgs(extra ...string) []string {
	return append([]string{"-patients", patients(8000), "-replicates", "3", "-seed", "5", "-format", "csv"}, extra...)
}

// effectRun is the output of effectArgs with the default rates, run once for the tests that
// read it.
var effectRun = sync.OnceValues(func() (string, error) {
	var out bytes.Buffer
	err := run(effectArgs(), &out, io.Discard)
	return out.String(), err
})

func defaultEffect(t *testing.T) string {
	t.Helper()
	out, err := effectRun()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The transitional-care program calls sooner and sees patients sooner, and so it does better on
// the measures that read those services, and lowers readmissions through the visit effect. The
// measures it does not touch come out the same on the same patients.
func TestTCMImproves(t *testing.T) {
	t.Parallel()
	out := defaultEffect(t)
	for _, m := range []struct {
		id  string
		min float64 // the least improvement, in points
	}{{"follow-up-7d", 15}, {"contact-2bd", 40}, {"tcm-completion", 30}} {
		diff, row := measureOf(t, out, m.id, "tcm-usual")
		if low, _ := strconv.ParseFloat(row[5], 64); diff < m.min || low <= 0 {
			t.Errorf("%s: tcm - usual = %v (CI from %s), want at least %v and a CI above 0", m.id, diff, row[5], m.min)
		}
	}
	if diff, _ := measureOf(t, out, "readmit-30d", "tcm-usual"); diff >= 0 {
		t.Errorf("readmit-30d: tcm - usual = %v, want below 0", diff)
	}
	for _, id := range []string{"sdoh-positive", "sdoh-referred", "specialist-loop", "specialist-booked"} {
		if diff, _ := measureOf(t, out, id, "tcm-usual"); diff < -0.1 || diff > 0.1 {
			t.Errorf("%s: tcm - usual = %v, want about 0: the program does not touch it", id, diff)
		}
	}
}

// The effect comes from the program's numbers through the simulated care, not from the
// program's name: a tcm program set to usual care's numbers gives exactly usual care's counts,
// and without a visit effect the readmissions are the same whatever the visits.
func TestEffectIsTheMechanism(t *testing.T) {
	t.Parallel()
	var same []string
	u := UsualCare()
	for name, v := range map[string]string{
		"callShare": ftoa(u.CallShare), "firstCallWithin": strconv.Itoa(u.FirstCallWithin), "calls": strconv.Itoa(u.Calls),
		"visit7Share": ftoa(u.Visit7Share), "visitFrom": strconv.Itoa(u.VisitFrom), "visitLateShare": ftoa(u.VisitLateShare),
		"medRecShare": ftoa(u.MedRecShare), "highMDM": ftoa(u.HighMDM), "lowMDM": ftoa(u.LowMDM), "costPerDischarge": "0",
	} {
		same = append(same, "-set", "tcm."+name+"="+v)
	}
	out := simulateArgs(t, effectArgs(same...)...)
	for _, m := range measureDefs {
		_, usual := measureOf(t, out, m.id, "usual")
		_, tcm := measureOf(t, out, m.id, "tcm")
		if !cmp.Equal(usual[3:], tcm[3:]) {
			t.Errorf("%s: tcm with usual care's numbers %v, usual care %v", m.id, tcm[3:], usual[3:])
		}
	}
	noEffect := simulateArgs(t, effectArgs("-set", "visitEffect=1")...)
	if diff, _ := measureOf(t, noEffect, "readmit-30d", "tcm-usual"); diff != 0 {
		t.Errorf("readmit-30d without a visit effect: tcm - usual = %v, want 0", diff)
	}
	strong := simulateArgs(t, effectArgs("-set", "visitEffect=0.4")...)
	weak, _ := measureOf(t, defaultEffect(t), "readmit-30d", "tcm-usual")
	if diff, _ := measureOf(t, strong, "readmit-30d", "tcm-usual"); diff >= weak {
		t.Errorf("readmit-30d: tcm - usual = %v with visitEffect 0.4, %v with 0.8; want the stronger effect lower", diff, weak)
	}
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// A large run reproduces the rates it was given, within sampling error, as the library's
// measures compute them: were the plumbing broken (a screen scored wrong, a referral never
// applied, a fill lost), these would be far off.
func TestRatesComeBack(t *testing.T) {
	t.Parallel()
	args := []string{"-patients", patients(20000), "-replicates", "1", "-seed", "11", "-program", "usual", "-format", "csv"}
	out := simulateArgs(t, args...)
	m := DefaultModel()
	specialist := 100 * m.SpecAccept * m.SpecBook * m.SpecKept * m.SpecReport * m.SpecAck
	community := 100 * m.CommunityAccept * m.CommunityOutcome * m.CommunityAck
	for _, c := range []struct {
		id        string
		low, high float64
	}{
		{"sdoh-positive", 100*m.AnyNeed - 1.5, 100*m.AnyNeed + 1.5},
		{"readmit-30d", 15, 18}, // the calibration target, 16-17%
		// Usual care's 7-day share, less the visits a readmission comes first to.
		{"follow-up-7d", 100*m.Programs[0].Visit7Share - 5, 100*m.Programs[0].Visit7Share + 1},
		// 235 a year at multiplier 1, the multipliers averaging about 1, plus readmissions.
		{"admissions", 245, 285},
		{"pdc-adherent", 73, 81}, // the calibration, about 77%
		// The product of the steps' probabilities, less the loops still open at the end.
		{"specialist-loop", specialist - 8, specialist + 2},
		{"community-loop", community - 8, community + 2},
	} {
		if got, _ := measureOf(t, out, c.id, "usual"); got < c.low || got > c.high {
			t.Errorf("%s = %v, want %v to %v", c.id, got, c.low, c.high)
		}
	}
	more := simulateArgs(t, append(args, "-set", "anyNeed=0.5", "-set", "refer=0")...)
	if got, _ := measureOf(t, more, "sdoh-positive", "usual"); got < 48 || got > 52 {
		t.Errorf("sdoh-positive with anyNeed 0.5 = %v, want about 50", got)
	}
	if got, _ := measureOf(t, more, "sdoh-referred", "usual"); got != 0 {
		t.Errorf("sdoh-referred with refer 0 = %v, want 0", got)
	}
}

// Bad command lines exit with status 2 (a usageError), the reason and the usage on standard
// error, and nothing on standard output.
func TestFlagErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-format", "xml"}, `-format must be table, csv or json, not "xml"`},
		{[]string{"-patients", "0"}, "-patients must be from 1"},
		{[]string{"-patients", "-5"}, "-patients must be from 1"},
		{[]string{"-replicates", "0"}, "-replicates must be from 1"},
		{[]string{"-program", "red"}, `unknown program "red"`},
		{[]string{"-program", "tcm,tcm"}, "listed twice"},
		{[]string{"-years", "17"}, "-years must be from 1 to 16"},
		{[]string{"-workers", "0"}, "-workers must be at least 1"},
		{[]string{"-set", "nosuchrate=1"}, `no rate is called "nosuchrate"`},
		{[]string{"-set", "refer=2"}, "rate refer must be at most 1"},
		{[]string{"-set", "tcm.calls=9"}, "rate tcm.calls must be from 1 to 3"},
		{[]string{"-set", "refer"}, "want name=value"},
		{[]string{"-patients", "many"}, `invalid value "many"`},
		{[]string{"extra"}, "unexpected arguments"},
	} {
		var out, errOut bytes.Buffer
		err := run(c.args, &out, &errOut)
		var usage usageError
		if !errors.As(err, &usage) {
			t.Errorf("%q: error %v, want a usageError", c.args, err)
		}
		if !strings.Contains(errOut.String(), c.want) || !strings.Contains(errOut.String(), "usage: simulate") {
			t.Errorf("%q: standard error %q, want %q and the usage", c.args, errOut.String(), c.want)
		}
		if out.Len() > 0 {
			t.Errorf("%q: printed %q", c.args, out.String())
		}
	}
	if err := run([]string{"-h"}, new(bytes.Buffer), new(bytes.Buffer)); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h: %v, want flag.ErrHelp", err)
	}
}

// -rates lists every rate with a source, and the package doc names every one of them.
func TestRates(t *testing.T) {
	out := simulateArgs(t, "-rates", "-set", "visitEffect=0.7")
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	m := DefaultModel()
	for _, p := range m.params() {
		if !strings.Contains(out, p.name+" ") || p.source == "" {
			t.Errorf("-rates lacks %s or its source", p.name)
		}
		if name, _, program := strings.Cut(p.name, "."); !program && !strings.Contains(string(doc), name) {
			t.Errorf("doc.go does not document %s", name)
		}
	}
	if !strings.Contains(out, "visitEffect             0.7 ") {
		t.Errorf("-rates does not show the value -set gave:\n%s", out)
	}
}

// One replicate gives no confidence interval, and says why.
func TestOneReplicate(t *testing.T) {
	out := simulateArgs(t, "-patients", "500", "-replicates", "1")
	if !strings.Contains(out, "no confidence interval") {
		t.Errorf("no explanation of the missing intervals:\n%s", out)
	}
	table := out[:strings.Index(out, "measures (")]
	if strings.Contains(table, "[") {
		t.Errorf("an interval with one replicate:\n%s", table)
	}
}

// The interval is mean ± t·s/√n with Student's t.
func TestSummarize(t *testing.T) {
	s := summarize([]float64{1, 2, 3})
	half := 4.303 / 1.7320508075688772 // s = 1, n = 3, 2 degrees of freedom
	if !s.valid || !s.interval || s.mean != 2 || s.high-2 < half-1e-12 || s.high-2 > half+1e-12 || s.low != 4-s.high {
		t.Errorf("summarize(1, 2, 3) = %+v, want 2 ± %v", s, half)
	}
	if tQuantile(30) != 2.042 || tQuantile(31) != 1.96 {
		t.Error("t table ends wrong")
	}
	if s := summarize([]float64{5}); s.interval || s.mean != 5 {
		t.Errorf("one value: %+v", s)
	}
	if s := summarize([]float64{1, math.NaN()}); s.valid {
		t.Errorf("a replicate with nothing to measure: %+v, want not valid", s)
	}
}
