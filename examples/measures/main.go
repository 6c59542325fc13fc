// Command measures computes value-based care measures from claims-style CSV files: the 30-day
// readmission rate and the proportion of days covered (PDC) by drug class. It reads the files of
// the benchmark harness's format (../shared/bench/SPEC.md in the carecoord workspace) and prints
// its output lines:
//
//	go run ./examples/measures -data DIR -metric readmission|pdc|both
//	readmission index=254806 readmitted=30331 rate=0.119036
//	pdc class=diabetes eligible=265918 adherent=192853 covered_days=70047840
//
// DIR holds stays.csv (stay_id,patient_id,admit_date,discharge_date,discharge_status,planned;
// discharge_status one of home, transfer, snf, died, ama; planned 0 or 1) and fills.csv
// (fill_id,patient_id,drug_class,drug,fill_date,days_supply), dates as YYYY-MM-DD. Columns are
// found by their header names, in any order; a bad row stops the run with its line number.
//
// The readmission rules are the harness's: HEDIS PCR's merging of direct transfers (next
// admission on the discharge day or the next), plus a stay discharged to another hospital
// continuing into the patient's next stay whatever the gap; index discharges 1 January to
// 1 December 2025, deaths and discharges against medical advice excluded; readmitted when an
// unplanned stay begins 1 to 30 days after. See [metrics.PCR] for the published measure. The
// PDC rules are PQA's for 2025 ([metrics.PDC]) with each class banked as one drug, as the
// harness ignores the drug column.
//
// The library never starts goroutines; this command does. It splits the patients into one
// shard a core (by a hash of the patient id): each worker reads every line of the file (mapped
// into memory, not copied), parses the rows of its own patients and computes its shard with
// [metrics.Readmissions] or [metrics.PDCSeq], which takes the fills one by one; the results
// merge with [metrics.Result.Merge] and [metrics.PDCResult.Merge], which give exactly the
// result over the whole population.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/transition"
)

func main() {
	// A batch job over a file that fits in memory: collect garbage only near the limit, not
	// every time the heap doubles.
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(4 << 30)
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "measures:", err)
		os.Exit(1)
	}
}

// run is the command, with its arguments and outputs as parameters so that a test can call it.
func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("measures", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", ".", "directory holding stays.csv (and fills.csv)")
	metric := fs.String("metric", "readmission", "what to compute: readmission, pdc or both")
	workers := fs.Int("workers", runtime.NumCPU(), "shards computed in parallel")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *workers < 1 {
		return errors.New("-workers must be at least 1")
	}
	switch *metric {
	case "readmission", "pdc", "both":
	default:
		return fmt.Errorf("-metric must be readmission, pdc or both, not %q", *metric)
	}
	if *metric != "pdc" {
		if err := printReadmission(stdout, filepath.Join(*data, "stays.csv"), *workers); err != nil {
			return err
		}
	}
	if *metric != "readmission" {
		return printPDC(stdout, filepath.Join(*data, "fills.csv"), *workers)
	}
	return nil
}

// printReadmission computes the readmission measure from the stays at path and prints its line.
func printReadmission(stdout io.Writer, path string, workers int) error {
	res, err := readmissions(path, workers)
	if err != nil {
		return err
	}
	// The counts are exact; the rate is printed as the harness's every peer prints it, "%.6f" of
	// the binary quotient, which rounds a tie at the seventh decimal to even (1 of 128 is
	// 0.007812), where an exact decimal rounding would say 0.007813.
	rate := 0.0
	if res.Total.Denominator > 0 {
		rate = float64(res.Total.Numerator) / float64(res.Total.Denominator)
	}
	_, err = fmt.Fprintf(stdout, "readmission index=%d readmitted=%d rate=%.6f\n", res.Total.Denominator, res.Total.Numerator, rate)
	return err
}

// benchRules are the harness's readmission rules: PCR with transfers merged whatever the gap,
// AMA excluded, same-day stays kept (the harness has none).
func benchRules() metrics.ReadmissionRules {
	r := metrics.PCR(2025)
	r.Measure = "readmission-bench"
	r.Settings = []transition.Setting{transition.SettingAcuteInpatient}
	r.MergeTransfers, r.ExcludeLeftAMA, r.ExcludeSameDay = true, true, false
	return r
}

// readmissions reads stays.csv and computes the measure on workers shards.
func readmissions(path string, workers int) (metrics.Result, error) {
	return onShards(path, workers, stayColumns, func(body string, cols columns, k int) (metrics.Result, error) {
		stays, lines, err := parseShard(body, cols, k, workers)
		if err != nil {
			return metrics.Result{}, err
		}
		res, err := metrics.Readmissions(stays, benchRules(), metrics.Options{})
		return res, byPathLine(err, "stays[", lines)
	})
}

// A mergeable result: metrics.Result and metrics.PDCResult.
type mergeable[R any] interface{ Merge(R) (R, error) }

// onShards maps the CSV file at path into memory, reads its header with columnsOf, and runs
// measure on each of workers shards of patients at once (each worker reads every line and
// parses the rows of its own patients); the shards' results merge into the population's. The
// file is one string, without a copy (the mapping is never written): ids and patients are
// slices of it, not allocations, so nothing made of it may outlive the measure, and it is
// released when the results are merged.
func onShards[C any, R mergeable[R]](path string, workers int, columnsOf func(string) (C, error), measure func(body string, cols C, shard int) (R, error)) (R, error) {
	var total R
	raw, release, err := readAll(path)
	if err != nil {
		return total, err
	}
	defer release()
	header, body, ok := cutLine(unsafe.String(unsafe.SliceData(raw), len(raw)))
	if !ok {
		return total, fmt.Errorf("%s: no header line", path)
	}
	cols, err := columnsOf(header)
	if err != nil {
		return total, fmt.Errorf("%s: %w", path, err)
	}
	results := make([]R, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for k := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[k], errs[k] = measure(body, cols, k)
		}()
	}
	wg.Wait()
	for k := range results {
		if errs[k] != nil {
			return total, fmt.Errorf("%s: %w", path, errs[k])
		}
		if total, err = total.Merge(results[k]); err != nil {
			return total, err
		}
	}
	return total, nil
}

// The columns of stays.csv, by position in a row, and how many fields a row has.
type columns struct {
	stay, patient, admit, discharge, status, planned, n int
}

func stayColumns(header string) (columns, error) {
	at, n, err := findColumns(header, "stay_id", "patient_id", "admit_date", "discharge_date", "discharge_status", "planned")
	return columns{at[0], at[1], at[2], at[3], at[4], at[5], n}, err
}

// findColumns returns where each of names is in the header, and how many columns it has. A
// header without some of them is an error naming them, in order.
func findColumns(header string, names ...string) ([]int, int, error) {
	fields := splitComma(trimCR(header), nil)
	at := make([]int, len(names))
	var missing []string
	for k, name := range names {
		if at[k] = slices.Index(fields, name); at[k] < 0 {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return at, len(fields), errors.New("the header lacks the columns " + strings.Join(missing, ", "))
	}
	return at, len(fields), nil
}

// parseShard returns the stays of body's rows whose patient falls in shard (of shards), and the
// file line of each. Worker 0 reports a row whose number of fields is not the header's.
func parseShard(body string, cols columns, shard, shards int) ([]metrics.Stay, []int32, error) {
	n := len(body)/45/shards + 16 // rows are about 45 bytes
	stays, lines := make([]metrics.Stay, 0, n), make([]int32, 0, n)
	fields := make([]string, 0, cols.n)
	line := 1 // the header
	for rest := body; rest != ""; {
		var row string
		row, rest, _ = cutLine(rest)
		line++
		if row = trimCR(row); row == "" {
			continue
		}
		fields = splitComma(row, fields[:0])
		if len(fields) != cols.n {
			if shard == 0 {
				return nil, nil, fmt.Errorf("line %d: %d fields, the header has %d", line, len(fields), cols.n)
			}
			continue
		}
		if shardOf(fields[cols.patient], shards) != shard {
			continue
		}
		s, err := stayOf(fields, cols)
		if err != nil {
			return nil, nil, fmt.Errorf("line %d: %w", line, err)
		}
		stays, lines = append(stays, s), append(lines, int32(line))
	}
	return stays, lines, nil
}

// stayOf makes a stay of one row's fields.
func stayOf(f []string, cols columns) (metrics.Stay, error) {
	s := metrics.Stay{ID: f[cols.stay], Patient: carecoord.PatientID(f[cols.patient]), Setting: transition.SettingAcuteInpatient}
	if !carecoord.ValidID(f[cols.patient]) {
		return s, errors.New("patient_id is not a valid id")
	}
	var err error
	if s.Admitted, err = civil.Parse(f[cols.admit]); err != nil {
		return s, fmt.Errorf("admit_date: %w", err)
	}
	if s.Discharged, err = civil.Parse(f[cols.discharge]); err != nil {
		return s, fmt.Errorf("discharge_date: %w", err)
	}
	if s.Discharged.Before(s.Admitted) {
		return s, errors.New("discharge_date is before admit_date")
	}
	switch f[cols.status] {
	case "home":
		s.Disposition = transition.DispositionHome
	case "transfer":
		s.Disposition = transition.DispositionShortTermHospital
	case "snf":
		s.Disposition = transition.DispositionSNF
	case "died":
		s.Disposition = transition.DispositionExpired
	case "ama":
		s.Disposition = transition.DispositionLeftAMA
	default:
		return s, errors.New("discharge_status must be home, transfer, snf, died or ama")
	}
	switch f[cols.planned] {
	case "0":
	case "1":
		s.Planned = true
	default:
		return s, errors.New("planned must be 0 or 1")
	}
	if _, err := strconv.ParseInt(s.ID, 10, 64); err != nil {
		return s, errors.New("stay_id must be an integer")
	}
	return s, nil
}

// byPathLine rewrites the field errors of a shard's records, whose paths index the shard
// after prefix ("stays[12].admitted"), to name the line of the file instead ("line 40:
// admitted").
func byPathLine(err error, prefix string, lines []int32) error {
	var fe carecoord.FieldErrors
	if !errors.As(err, &fe) {
		return err
	}
	msgs := make([]string, len(fe))
	for i, e := range fe {
		msgs[i] = e.Error()
		rest, ok := strings.CutPrefix(e.Path, prefix)
		end := strings.IndexByte(rest, ']')
		if !ok || end < 0 {
			continue
		}
		if k, err := strconv.Atoi(rest[:end]); err == nil && k >= 0 && k < len(lines) {
			msgs[i] = "line " + strconv.Itoa(int(lines[k])) + ": " + strings.TrimPrefix(rest[end+1:], ".") + ": " + e.Detail
		}
	}
	return errors.New(strings.Join(msgs, "; "))
}

// shardOf returns the shard of a patient: FNV-1a of the id, so every stay of a patient lands in
// the same shard.
func shardOf(patient string, shards int) int {
	h := uint32(2166136261)
	for i := 0; i < len(patient); i++ {
		h = (h ^ uint32(patient[i])) * 16777619
	}
	return int(h % uint32(shards))
}

// cutLine returns the first line of s and the rest, and whether s had any text.
func cutLine(s string) (line, rest string, ok bool) {
	if s == "" {
		return "", "", false
	}
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i], s[i+1:], true
	}
	return s, "", true
}

func trimCR(s string) string {
	if n := len(s); n > 0 && s[n-1] == '\r' {
		return s[:n-1]
	}
	return s
}

// splitComma appends the comma-separated fields of line to dst. The format has no quoting.
func splitComma(line string, dst []string) []string {
	start := 0
	for i := 0; i < len(line); i++ {
		if line[i] == ',' {
			dst = append(dst, line[start:i])
			start = i + 1
		}
	}
	return append(dst, line[start:])
}
