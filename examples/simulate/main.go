package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/sdoh"
)

func main() {
	tuneGC()
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	var usage usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.As(err, &usage):
		os.Exit(2) // run has printed the problem and the usage
	default:
		fmt.Fprintln(os.Stderr, "simulate:", err)
		os.Exit(1)
	}
}

// tuneGC makes the garbage collector run less often. The library's values-in, values-out
// style (a referral copies its event log at each event, a checklist its items at each
// completion) makes much short-lived garbage while little stays live (one chunk of records a
// worker): collecting when the heap has grown fivefold rather than doubled saves about a
// fifth of the time on one core. The memory limit keeps the heap bounded all the same.
func tuneGC() {
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(1 << 30)
}

// A usageError is a bad command line: run has printed it with the usage, and the command exits
// with status 2.
type usageError struct{ error }

// config is a run's parameters, from the command line.
type config struct {
	patients, years, firstYear, replicates, workers int
	chunk                                           int // patients a worker simulates at a time
	seed                                            uint64
	programs                                        []Program // the reference first
	format                                          string
	model                                           Model
}

// chunkSize is how many patients a worker simulates and measures at a time. It bounds the
// memory the records take (about 160 MB on one worker) and is large because the PDC measure
// has a fixed cost per call (see the package doc); it does not change the results, which
// merge exactly.
const chunkSize = 32768

// run is the command, with its arguments and outputs as parameters so that tests can call it.
func run(args []string, stdout, stderr io.Writer) error {
	cfg, rates, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if rates {
		return writeRates(stdout, &cfg.model, cfg.format)
	}
	var bar *progress
	if isTerminal(stderr) {
		bar = startProgress(stderr, int64(cfg.patients)*int64(cfg.replicates))
	}
	res, err := simulate(&cfg, bar)
	bar.finish()
	if err != nil {
		return err
	}
	return write(stdout, &cfg, summarizeAll(&cfg, res))
}

// parseFlags reads and checks the command line. A problem is printed with the usage and
// returned as a usageError.
func parseFlags(args []string, stderr io.Writer) (config, bool, error) {
	cfg := config{model: DefaultModel(), chunk: chunkSize}
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&cfg.patients, "patients", 10000, "patients to simulate, in each replicate")
	fs.IntVar(&cfg.years, "years", 1, "calendar years to simulate (1 to 16)")
	fs.IntVar(&cfg.firstYear, "year", 2025, "the first calendar year")
	fs.Uint64Var(&cfg.seed, "seed", 1, "the random seed: the same seed gives the same output")
	fs.IntVar(&cfg.replicates, "replicates", 5, "replicate runs, each with its own random draws, for the confidence intervals")
	program := fs.String("program", "all", "programs to compare: all, or names separated by commas (usual, tcm); the first is the reference of the differences")
	fs.StringVar(&cfg.format, "format", "table", "output format: table, csv or json")
	fs.IntVar(&cfg.workers, "workers", runtime.NumCPU(), "patients are simulated on this many goroutines; the output does not depend on it")
	rates := fs.Bool("rates", false, "print the model's rates, their defaults (after -set) and sources, and exit")
	var sets []string
	fs.Func("set", "set a rate: name=value (repeatable; -rates lists the names)", func(s string) error {
		sets = append(sets, s)
		return nil
	})
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: simulate [-patients N] [-years N] [-year YYYY] [-seed N] [-replicates N] [-program all|usual|tcm] [-format table|csv|json] [-set name=value] [-rates]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, false, err
		}
		return cfg, false, usageError{err} // the flag package printed it with the usage
	}
	err := cfg.check(sets, *program, fs.NArg())
	if err != nil {
		fmt.Fprintln(stderr, "simulate: "+strings.ReplaceAll(err.Error(), "\n", "\nsimulate: "))
		fs.Usage()
		return cfg, false, usageError{err}
	}
	return cfg, *rates, nil
}

// check applies the -set values and the -program choice, and checks every parameter.
func (cfg *config) check(sets []string, program string, extra int) error {
	var errs []error
	if extra > 0 {
		errs = append(errs, errors.New("unexpected arguments after the flags"))
	}
	if cfg.patients < 1 || cfg.patients > 1<<31 {
		errs = append(errs, errors.New("-patients must be from 1 to 2147483648"))
	}
	if cfg.years < 1 || cfg.years > maxYears {
		errs = append(errs, fmt.Errorf("-years must be from 1 to %d", maxYears))
	}
	if cfg.firstYear < 1950 || cfg.firstYear+cfg.years > 2150 {
		errs = append(errs, errors.New("-year must be from 1950, and the run end by 2149"))
	}
	if cfg.replicates < 1 || cfg.replicates > 1000 {
		errs = append(errs, errors.New("-replicates must be from 1 to 1000"))
	}
	if cfg.workers < 1 {
		errs = append(errs, errors.New("-workers must be at least 1"))
	}
	if !slices.Contains([]string{"table", "csv", "json"}, cfg.format) {
		errs = append(errs, fmt.Errorf("-format must be table, csv or json, not %q", cfg.format))
	}
	for _, s := range sets {
		name, value, ok := strings.Cut(s, "=")
		if !ok {
			errs = append(errs, fmt.Errorf("-set %q: want name=value", s))
			continue
		}
		errs = append(errs, cfg.model.Set(name, value))
	}
	errs = append(errs, cfg.model.Validate(), cfg.choose(program))
	return errors.Join(errs...)
}

// choose sets cfg.programs from the -program value.
func (cfg *config) choose(program string) error {
	if program == "all" {
		cfg.programs = slices.Clone(cfg.model.Programs)
		return nil
	}
	for _, name := range strings.Split(program, ",") {
		p, ok := cfg.model.program(name)
		switch {
		case !ok:
			return fmt.Errorf("-program: unknown program %q (want all, or some of %s)", name, cfg.model.programNames())
		case slices.ContainsFunc(cfg.programs, func(q Program) bool { return q.Name == name }):
			return fmt.Errorf("-program: %q is listed twice", name)
		}
		cfg.programs = append(cfg.programs, p)
	}
	return nil
}

// results are the measures of a run: by replicate, program and year.
type results [][][]yearResults

// simulate runs every replicate: the patients are split into chunks, and the workers take
// (replicate, chunk) jobs in turn; each simulates its chunk under every program (same patients,
// same random draws) and measures it. Each worker merges what it measured, and the workers'
// results are merged at the end: all exact, so the output depends neither on the number of
// workers nor on which worker did what.
func simulate(cfg *config, bar *progress) (results, error) {
	h := newHorizon(cfg.firstYear, cfg.years)
	ahc, _ := sdoh.BuiltinInstrument(sdoh.AHCHRSN)
	screener, err := sdoh.NewScreener(ahc)
	if err != nil {
		return nil, err
	}
	chunks := (cfg.patients + cfg.chunk - 1) / cfg.chunk
	jobs := int64(chunks * cfg.replicates)
	var next atomic.Int64
	var failed atomic.Bool
	workers := min(cfg.workers, int(jobs))
	out := make([]results, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			out[w], errs[w] = work(cfg, &h, screener, func() (int, bool) {
				j := next.Add(1) - 1
				return int(j), j < jobs && !failed.Load()
			}, bar)
			if errs[w] != nil {
				failed.Store(true)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	total := newResults(cfg)
	for _, o := range out {
		if err := total.merge(o); err != nil {
			return nil, err
		}
	}
	return total, nil
}

func newResults(cfg *config) results {
	r := make(results, cfg.replicates)
	for i := range r {
		r[i] = make([][]yearResults, len(cfg.programs))
		for p := range r[i] {
			r[i][p] = make([]yearResults, cfg.years)
		}
	}
	return r
}

func (r results) merge(o results) error {
	for i := range r {
		for p := range r[i] {
			for y := range r[i][p] {
				if err := r[i][p][y].merge(&o[i][p][y]); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// work is one worker: it takes jobs until next says there are none left, and returns what it
// measured.
func work(cfg *config, h *horizon, screener *sdoh.Screener, next func() (int, bool), bar *progress) (results, error) {
	sim, err := newSimulator(&cfg.model, h, screener)
	if err != nil {
		return nil, err
	}
	ms := &measurer{m: &cfg.model, h: h, cal: sim.cal}
	res := newResults(cfg)
	var rec records
	chunks := (cfg.patients + cfg.chunk - 1) / cfg.chunk
	for j, ok := next(); ok; j, ok = next() {
		replicate, first := j/chunks, j%chunks*cfg.chunk
		ids := make([]carecoord.PatientID, min(cfg.chunk, cfg.patients-first))
		for i := range ids {
			ids[i] = patientID(first + i)
		}
		for p := range cfg.programs {
			prog := &cfg.programs[p]
			rec.reset(first, ids, cfg.years)
			sim.start(cfg.seed, replicate, prog, &rec)
			for i := range ids {
				if err := sim.patient(i); err != nil {
					return nil, fmt.Errorf("simulating program %s: %w", prog.Name, err)
				}
			}
			for y := range cfg.years {
				got, err := ms.measure(&rec, prog, y)
				if err == nil {
					err = res[replicate][p][y].merge(&got)
				}
				if err != nil {
					return nil, fmt.Errorf("measuring program %s: %w", prog.Name, err)
				}
			}
		}
		bar.add(len(ids))
	}
	return res, nil
}

// A line is one measure of the output: its summary for each program, and for each program
// after the first its difference from the first, replicate by replicate. Counts are the
// numerators and denominators summed over the replicates.
type line struct {
	def    *measureDef
	cells  []summary
	counts []metrics.Tally
	diffs  []summary
}

// summarizeAll turns the results into the output's lines.
func summarizeAll(cfg *config, res results) []line {
	lines := make([]line, len(measureDefs))
	for k := range measureDefs {
		def := &measureDefs[k]
		values := make([][]float64, len(cfg.programs)) // by program, then replicate
		l := line{def: def, counts: make([]metrics.Tally, len(cfg.programs))}
		for p := range cfg.programs {
			for i := range res {
				var t metrics.Tally
				for y := range res[i][p] {
					t = t.Add(def.counts(&res[i][p][y]))
				}
				l.counts[p] = l.counts[p].Add(t)
				values[p] = append(values[p], def.value(t))
			}
			l.cells = append(l.cells, summarize(values[p]))
		}
		for p := 1; p < len(cfg.programs); p++ {
			d := make([]float64, len(res))
			for i := range d {
				d[i] = values[p][i] - values[0][i]
			}
			l.diffs = append(l.diffs, summarize(d))
		}
		lines[k] = l
	}
	return lines
}

// value is the measure's value for counts t: scale × numerator ÷ denominator, NaN when the
// denominator is 0 (nothing to measure).
func (d *measureDef) value(t metrics.Tally) float64 {
	if t.Denominator == 0 {
		return math.NaN()
	}
	return d.scale * float64(t.Numerator) / float64(t.Denominator)
}
