package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// write prints the lines in cfg's format.
func write(w io.Writer, cfg *config, lines []line) error {
	switch cfg.format {
	case "csv":
		return writeCSV(w, cfg, lines)
	case "json":
		return writeJSON(w, cfg, lines)
	}
	return writeTable(w, cfg, lines)
}

// places is how many decimals a unit is printed with.
func places(unit string) int {
	if unit == "per 1,000" {
		return 1
	}
	return 2
}

// number formats x with the unit's decimals; "-0.00" prints as "0.00".
func number(x float64, unit string) string {
	s := strconv.FormatFloat(x, 'f', places(unit), 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	return s
}

// thousands formats n with commas: 1,000,000.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// cell formats a summary for the table: "16.21 [15.10, 17.32]", or the mean alone without an
// interval, or "n/a" when some replicate had nothing to measure.
func cell(s summary, unit string) string {
	switch {
	case !s.valid:
		return "n/a"
	case !s.interval:
		return number(s.mean, unit)
	}
	return number(s.mean, unit) + " [" + number(s.low, unit) + ", " + number(s.high, unit) + "]"
}

// header returns the lines that say what was run and how to read the cells.
func header(cfg *config) []string {
	years := strconv.Itoa(cfg.firstYear)
	if cfg.years > 1 {
		years += "-" + strconv.Itoa(cfg.firstYear+cfg.years-1)
	}
	py := int64(cfg.patients) * int64(cfg.years)
	out := []string{
		fmt.Sprintf("carecoord simulate: %s patients x %d year(s) (%s) = %s patient-years per program and replicate; seed %d; %d replicate(s)",
			thousands(int64(cfg.patients)), cfg.years, years, thousands(py), cfg.seed, cfg.replicates),
	}
	var progs []string
	for _, p := range cfg.programs {
		progs = append(progs, p.Name+" ("+p.Title+")")
	}
	out = append(out, "programs: "+strings.Join(progs, ", "))
	if len(cfg.programs) > 1 {
		out = append(out, fmt.Sprintf("differences: each program minus %s, replicate by replicate, on the same patients and random draws (common random numbers)", cfg.programs[0].Name))
	}
	if cfg.replicates > 1 {
		n := cfg.replicates
		out = append(out, fmt.Sprintf("cells: mean over the replicates [95%% CI = mean +- t x SD / sqrt(%d), t = %s for %d degrees of freedom]",
			n, strconv.FormatFloat(tQuantile(n-1), 'f', 3, 64), n-1))
	} else {
		out = append(out, "cells: the one replicate's value; no confidence interval, as one run cannot estimate the spread between runs (use -replicates 2 or more)")
	}
	return out
}

// writeTable prints the aligned table, then a legend of the measures.
func writeTable(w io.Writer, cfg *config, lines []line) error {
	var b strings.Builder
	for _, h := range header(cfg) {
		b.WriteString(h + "\n")
	}
	b.WriteString("\n")
	rows := [][]string{{"measure", "unit"}}
	for _, p := range cfg.programs {
		rows[0] = append(rows[0], p.Name)
	}
	for _, p := range cfg.programs[1:] {
		rows[0] = append(rows[0], p.Name+" - "+cfg.programs[0].Name)
	}
	for _, l := range lines {
		row := []string{l.def.id, l.def.unit}
		for _, s := range l.cells {
			row = append(row, cell(s, l.def.unit))
		}
		for _, s := range l.diffs {
			row = append(row, cell(s, l.def.unit))
		}
		rows = append(rows, row)
	}
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, c := range row {
			widths[i] = max(widths[i], len(c))
		}
	}
	for _, row := range rows {
		var cols []string
		for i, c := range row {
			if i == len(row)-1 {
				cols = append(cols, c)
			} else {
				cols = append(cols, c+strings.Repeat(" ", widths[i]-len(c)))
			}
		}
		b.WriteString(strings.Join(cols, "   ") + "\n")
	}
	b.WriteString("\n")
	wrap(&b, "measures (counts summed over years, each year under the measure's own rules; -format csv or json gives the numerators and denominators):", "", "", 100)
	for _, l := range lines {
		wrap(&b, l.def.id+" ("+l.def.title+"): "+l.def.legend, "  ", "      ", 100)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// wrap writes text in lines of at most width bytes, the first indented by first and the
// others by rest, breaking at spaces.
func wrap(b *strings.Builder, text, first, rest string, width int) {
	line := first
	for _, word := range strings.Fields(text) {
		if len(line) > len(rest) && len(line)+1+len(word) > width {
			b.WriteString(strings.TrimRight(line, " ") + "\n")
			line = rest
		}
		if line != first && line != rest {
			line += " "
		}
		line += word
	}
	b.WriteString(line + "\n")
}

// writeCSV prints one row per measure and program, and per measure and difference: mean,
// interval (empty without one), and the numerator and denominator summed over the replicates
// (empty for differences).
func writeCSV(w io.Writer, cfg *config, lines []line) error {
	cw := csv.NewWriter(w)
	rec := func(fields ...string) { _ = cw.Write(fields) } // cw.Error reports any failure
	rec("measure", "unit", "program", "replicates", "mean", "ci_low", "ci_high", "numerator", "denominator")
	reps := strconv.Itoa(cfg.replicates)
	fields := func(s summary, unit string) (string, string, string) {
		switch {
		case !s.valid:
			return "", "", ""
		case !s.interval:
			return number(s.mean, unit), "", ""
		}
		return number(s.mean, unit), number(s.low, unit), number(s.high, unit)
	}
	for _, l := range lines {
		for p, s := range l.cells {
			mean, lo, hi := fields(s, l.def.unit)
			rec(l.def.id, l.def.unit, cfg.programs[p].Name, reps, mean, lo, hi,
				strconv.FormatInt(l.counts[p].Numerator, 10), strconv.FormatInt(l.counts[p].Denominator, 10))
		}
		for p, s := range l.diffs {
			mean, lo, hi := fields(s, l.def.unit)
			rec(l.def.id, l.def.unit, cfg.programs[p+1].Name+"-"+cfg.programs[0].Name, reps, mean, lo, hi, "", "")
		}
	}
	cw.Flush()
	return cw.Error()
}

// The JSON output: the run, then each measure with its legend, its results by program and its
// differences. Numbers are printed with the table's decimals, as JSON numbers.
type (
	jsonReport struct {
		Patients   int           `json:"patients"`
		Years      int           `json:"years"`
		FirstYear  int           `json:"firstYear"`
		Seed       uint64        `json:"seed"`
		Replicates int           `json:"replicates"`
		Programs   []jsonProgram `json:"programs"`
		Confidence string        `json:"confidence"`
		Measures   []jsonMeasure `json:"measures"`
	}
	jsonProgram struct {
		Name  string `json:"name"`
		Title string `json:"title"`
	}
	jsonMeasure struct {
		ID          string       `json:"id"`
		Unit        string       `json:"unit"`
		Title       string       `json:"title"`
		Legend      string       `json:"legend"`
		Results     []jsonResult `json:"results"`
		Differences []jsonResult `json:"differences,omitempty"`
	}
	jsonResult struct {
		Program     string       `json:"program"`
		Mean        *json.Number `json:"mean"`
		CILow       *json.Number `json:"ciLow,omitempty"`
		CIHigh      *json.Number `json:"ciHigh,omitempty"`
		Numerator   *int64       `json:"numerator,omitempty"`
		Denominator *int64       `json:"denominator,omitempty"`
	}
)

func writeJSON(w io.Writer, cfg *config, lines []line) error {
	h := header(cfg)
	out := jsonReport{Patients: cfg.patients, Years: cfg.years, FirstYear: cfg.firstYear, Seed: cfg.seed,
		Replicates: cfg.replicates, Confidence: h[len(h)-1]}
	for _, p := range cfg.programs {
		out.Programs = append(out.Programs, jsonProgram{Name: p.Name, Title: p.Title})
	}
	num := func(x float64, unit string) *json.Number {
		n := json.Number(number(x, unit))
		return &n
	}
	result := func(program string, s summary, unit string) jsonResult {
		r := jsonResult{Program: program}
		if s.valid {
			r.Mean = num(s.mean, unit)
		}
		if s.valid && s.interval {
			r.CILow, r.CIHigh = num(s.low, unit), num(s.high, unit)
		}
		return r
	}
	for _, l := range lines {
		m := jsonMeasure{ID: l.def.id, Unit: l.def.unit, Title: l.def.title, Legend: l.def.legend}
		for p, s := range l.cells {
			r := result(cfg.programs[p].Name, s, l.def.unit)
			r.Numerator, r.Denominator = &l.counts[p].Numerator, &l.counts[p].Denominator
			m.Results = append(m.Results, r)
		}
		for p, s := range l.diffs {
			m.Differences = append(m.Differences, result(cfg.programs[p+1].Name+"-"+cfg.programs[0].Name, s, l.def.unit))
		}
		out.Measures = append(out.Measures, m)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// writeRates prints the model's numbers: name, value, unit and source.
func writeRates(w io.Writer, m *Model, format string) error {
	rows := [][]string{{"name", "value", "unit", "source"}}
	for _, p := range m.params() {
		v := ""
		if p.n != nil {
			v = strconv.Itoa(*p.n)
		} else {
			v = strconv.FormatFloat(*p.f, 'g', -1, 64)
		}
		rows = append(rows, []string{p.name, v, p.unit, p.source})
	}
	switch format {
	case "csv":
		cw := csv.NewWriter(w)
		_ = cw.WriteAll(rows) // cw.Error reports any failure
		return cw.Error()
	case "json":
		type rate struct {
			Name   string      `json:"name"`
			Value  json.Number `json:"value"`
			Unit   string      `json:"unit"`
			Source string      `json:"source"`
		}
		var rates []rate
		for _, r := range rows[1:] {
			rates = append(rates, rate{r[0], json.Number(r[1]), r[2], r[3]})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rates)
	}
	var b strings.Builder
	widths := make([]int, 3)
	for _, r := range rows {
		for i := range widths {
			widths[i] = max(widths[i], len(r[i]))
		}
	}
	for _, r := range rows {
		fmt.Fprintf(&b, "%-*s  %-*s  %-*s  %s\n", widths[0], r[0], widths[1], r[1], widths[2], r[2], r[3])
	}
	b.WriteString("\nSources and the reasoning behind each default: go doc ./examples/simulate\n")
	_, err := io.WriteString(w, b.String())
	return err
}
