package fhir_test

import (
	"bytes"
	"testing"

	"github.com/carecoord/carecoord/fhir"
)

// rewrites reads data and, when it reads without error, checks that Marshal writes JSON that
// reads back without error and writes the same bytes again. It returns the resource read, or nil.
// Every fuzz target runs it first.
func rewrites(t *testing.T, data []byte, keep bool) fhir.Resource {
	t.Helper()
	r, _, err := fhir.Unmarshal(data, fhir.DecodeOptions{KeepUnknown: keep})
	if err != nil {
		return nil
	}
	out, err := fhir.Marshal(r)
	if err != nil {
		t.Fatalf("Marshal of a resource read without error: %v", err)
	}
	again, _, err := fhir.Unmarshal(out, fhir.DecodeOptions{KeepUnknown: keep})
	if err != nil {
		t.Fatalf("reading back what Marshal wrote: %v\n%s", err, out)
	}
	if out2, err := fhir.Marshal(again); err != nil || !bytes.Equal(out, out2) {
		t.Fatalf("second write differs (%v):\n%s\n%s", err, out, out2)
	}
	return r
}

// benchDecodeMap reads each document of docs and maps it with mapOne, again and again, and
// reports resources a second and ns a resource beside the allocations.
func benchDecodeMap(b *testing.B, docs [][]byte, mapOne func(fhir.Resource) error) {
	b.Helper()
	size := 0
	for _, d := range docs {
		size += len(d)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			r, _, err := fhir.Unmarshal(d, fhir.DecodeOptions{})
			if err != nil {
				b.Fatal(err)
			}
			if err := mapOne(r); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N)*float64(len(docs))/b.Elapsed().Seconds(), "resources/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(docs)), "ns/resource")
}
