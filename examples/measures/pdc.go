package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
)

// pdcRules are the harness's PDC rules (SPEC.md metric (b)): PQA's proportion of days covered
// for 2025, each class banked as one drug (the spec ignores the drug column), adherent at 80%
// compared exactly (5·covered ≥ 4·days), which for a one-year period is what PQA's four-decimal
// rounding gives too.
func pdcRules() metrics.PDCRules {
	r := metrics.PDC(2025)
	r.Measure = "pdc-bench"
	r.Round4 = false
	return r
}

// The columns of fills.csv, by position in a row, and how many fields a row has.
type fillColumns struct {
	fill, patient, class, day, supply, n int
}

func fillColumnsOf(header string) (fillColumns, error) {
	at, n, err := findColumns(header, "fill_id", "patient_id", "drug_class", "fill_date", "days_supply")
	return fillColumns{at[0], at[1], at[2], at[3], at[4], n}, err
}

// printPDC computes the PDC measure from the fills at path and prints a line a class.
func printPDC(stdout io.Writer, path string, workers int) error {
	res, err := pdc(path, workers)
	if err != nil {
		return err
	}
	for _, c := range res.Classes {
		if c.Total.Denominator == 0 {
			continue // a class with fills but no patient with two dates: the harness prints none
		}
		if _, err := fmt.Fprintf(stdout, "pdc class=%s eligible=%d adherent=%d covered_days=%d\n", c.Class, c.Total.Denominator, c.Total.Numerator, c.CoveredDays); err != nil {
			return err
		}
	}
	return nil
}

// pdc reads fills.csv and computes the measure on workers shards of patients, each worker
// reading every line and handing the fills of its own patients to [metrics.PDCSeq] one by one,
// without collecting them.
func pdc(path string, workers int) (metrics.PDCResult, error) {
	return onShards(path, workers, fillColumnsOf, func(body string, cols fillColumns, k int) (metrics.PDCResult, error) {
		var lines []int32
		var parseErr error
		res, err := metrics.PDCSeq(fillShard(body, cols, k, workers, &lines, &parseErr), nil, pdcRules(), metrics.Options{})
		return res, cmp.Or(parseErr, byPathLine(err, "fills[", lines))
	})
}

// fillShard yields the fills of body's rows whose patient falls in shard, appending each one's
// file line to lines. A row it cannot read stops it, with the error in *errp; worker 0 reports
// a row whose number of fields is not the header's.
func fillShard(body string, cols fillColumns, shard, shards int, lines *[]int32, errp *error) iter.Seq[metrics.Fill] {
	return func(yield func(metrics.Fill) bool) {
		fields := make([]string, 0, cols.n)
		// The few class names, copied out of the mapped file: the result keeps them, and the
		// file is unmapped when the measure is done.
		var classes []string
		line := 1 // the header
		for rest := body; rest != ""; {
			var row string
			row, rest, _ = cutLine(rest)
			line++
			if row = trimCR(row); row == "" {
				continue
			}
			// Other shards' rows need only their patient: find it without splitting the row.
			patient, ok := nthField(row, cols.patient)
			if ok {
				patient = canonicalPatient(patient)
			}
			if ok && shardOf(patient, shards) != shard {
				if shard == 0 && strings.Count(row, ",")+1 != cols.n {
					*errp = fmt.Errorf("line %d: %d fields, the header has %d", line, strings.Count(row, ",")+1, cols.n)
					return
				}
				continue
			}
			fields = splitComma(row, fields[:0])
			if len(fields) != cols.n {
				if shard == 0 {
					*errp = fmt.Errorf("line %d: %d fields, the header has %d", line, len(fields), cols.n)
					return
				}
				continue
			}
			fields[cols.patient] = patient
			if i := slices.Index(classes, fields[cols.class]); i >= 0 {
				fields[cols.class] = classes[i]
			} else {
				fields[cols.class] = strings.Clone(fields[cols.class])
				classes = append(classes, fields[cols.class])
			}
			f, err := fillOf(fields, cols)
			if err != nil {
				*errp = fmt.Errorf("line %d: %w", line, err)
				return
			}
			*lines = append(*lines, int32(line))
			if !yield(f) {
				return
			}
		}
	}
}

// nthField returns field k of a comma-separated row, and false when the row has fewer.
func nthField(row string, k int) (string, bool) {
	for ; k > 0; k-- {
		i := strings.IndexByte(row, ',')
		if i < 0 {
			return "", false
		}
		row = row[i+1:]
	}
	if i := strings.IndexByte(row, ','); i >= 0 {
		row = row[:i]
	}
	return row, true
}

// canonicalPatient returns a numeric patient id in its plain form: SPEC.md types patient_id
// as an int64, so "07" is patient 7, as the reference reads it.
func canonicalPatient(p string) string {
	if len(p) > 1 && (p[0] == '0' || p[0] == '+' || p[0] == '-' && p[1] == '0') {
		if v, err := strconv.ParseInt(p, 10, 64); err == nil {
			return strconv.FormatInt(v, 10)
		}
	}
	return p
}

// fillOf makes a fill of one row's fields: the class is the drug too (the spec banks supply
// per class).
func fillOf(f []string, cols fillColumns) (metrics.Fill, error) {
	fl := metrics.Fill{ID: f[cols.fill], Patient: carecoord.PatientID(f[cols.patient]), Class: f[cols.class], Drug: f[cols.class]}
	if !carecoord.ValidID(f[cols.patient]) {
		return fl, errors.New("patient_id is not a valid id")
	}
	if f[cols.class] == "" {
		return fl, errors.New("drug_class is empty")
	}
	var err error
	if fl.Day, err = civil.Parse(f[cols.day]); err != nil {
		return fl, fmt.Errorf("fill_date: %w", err)
	}
	if fl.DaysSupply, err = strconv.Atoi(f[cols.supply]); err != nil || fl.DaysSupply < 1 {
		return fl, errors.New("days_supply must be a whole number of days, at least 1")
	}
	// SPEC.md sets no upper bound; the library's is 366. A 2025 fill of 366 days or more covers
	// through 2025-12-31 and pushes every later fill past it, so capping changes no output.
	fl.DaysSupply = min(fl.DaysSupply, 366)
	if _, err := strconv.ParseInt(fl.ID, 10, 64); err != nil {
		return fl, errors.New("fill_id must be an integer")
	}
	return fl, nil
}
