package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/discharge.*.golden with the current output")

// tellIn runs the command with -lang lang and returns what it printed, failing the test if it
// did not succeed.
func tellIn(t *testing.T, lang string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-lang", lang}, &stdout, &stderr); code != 0 || stderr.Len() > 0 {
		t.Fatalf("run(-lang %s) = %d, stderr:\n%s", lang, code, stderr.String())
	}
	return stdout.String()
}

// The story is the golden file, in each language: a reviewer reads the golden files as the
// example's output.
func TestGolden(t *testing.T) {
	for _, lang := range []string{"en", "es"} {
		t.Run(lang, func(t *testing.T) {
			got := tellIn(t, lang)
			path := filepath.Join("testdata", "discharge."+lang+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./examples/discharge -update to create it)", err)
			}
			if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(got, "\n")); diff != "" {
				t.Errorf("output differs from %s (-want +got); if the change is meant, rerun with -update:\n%s", path, diff)
			}
		})
	}
}

// The same command prints the same story, byte for byte: no clock, no map order, no
// goroutines. English is the default language.
func TestDeterministic(t *testing.T) {
	first := tellIn(t, "en")
	var again, stderr bytes.Buffer
	if code := run(nil, &again, &stderr); code != 0 {
		t.Fatalf("run() = %d, stderr:\n%s", code, stderr.String())
	}
	if again.String() != first {
		t.Error("two runs printed different stories")
	}
}

// The story reads at an ordinary terminal: no line is wider than the page.
func TestWidth(t *testing.T) {
	for _, lang := range []string{"en", "es"} {
		for i, line := range strings.Split(tellIn(t, lang), "\n") {
			if n := utf8.RuneCountInString(line); n > width {
				t.Errorf("-lang %s, line %d: %d characters, more than %d: %q", lang, i+1, n, width, line)
			}
		}
	}
}

// A bad command line prints the usage on stderr and exits with 2, telling nothing.
func TestBadCommandLine(t *testing.T) {
	for _, args := range [][]string{{"-nope"}, {"-lang", "fr"}, {"-lang"}, {"extra"}} {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 2 {
			t.Errorf("run(%q) = %d, want 2", args, code)
		}
		if !strings.Contains(stderr.String(), "usage: go run ./examples/discharge") {
			t.Errorf("run(%q) stderr = %q, want the usage", args, stderr.String())
		}
		if stdout.Len() > 0 {
			t.Errorf("run(%q) printed %d bytes on stdout, want none", args, stdout.Len())
		}
	}
}

// A failed write is reported, once, as the command's failure.
func TestWriteError(t *testing.T) {
	var stderr bytes.Buffer
	if code := run(nil, failingWriter{}, &stderr); code != 1 || !strings.Contains(stderr.String(), "disk full") {
		t.Errorf("run() on a failing writer = %d, stderr %q; want 1 and the error", code, stderr.String())
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }
