package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	_ "time/tzdata" // the story happens in New York: embed the zone so that it runs on any machine with Go
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the command, with its arguments and outputs as parameters so that a test can call
// it. It returns the exit status: 0 when the story was told, 1 when a library call failed
// (the error goes to stderr), 2 for a bad command line (with the usage on stderr).
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("discharge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := fs.String("lang", "en", "language of the patient-facing text: en (English) or es (Spanish)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./examples/discharge [-lang en|es]")
		fmt.Fprintln(stderr, "Tells one patient's discharge and the 30 days after it, coordinated with carecoord.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *lang != "en" && *lang != "es" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "discharge: -lang must be en or es, and there are no arguments")
		fs.Usage()
		return 2
	}
	if err := tell(stdout, *lang); err != nil {
		fmt.Fprintln(stderr, "discharge:", err)
		return 1
	}
	return 0
}
