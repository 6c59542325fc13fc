package fhir_test

import (
	"os"
	"testing"
	"time"

	"github.com/carecoord/carecoord/fhir"
)

// fixedZone stands in for time.LoadLocation in the fuzz target: any name is a zone.
func fixedZone(name string) (*time.Location, error) { return time.FixedZone(name, -5*3600), nil }

// Any input: no panic. A resource that reads without error writes JSON that reads back without
// error and writes the same bytes again, and an Encounter maps to an event or an error, never
// a panic.
func FuzzUnmarshal(f *testing.F) {
	fixture, err := os.ReadFile("testdata/encounter-discharge.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(fixture, true)
	f.Add([]byte(`{"resourceType":"Encounter","meta":{"profile":[null,"http://b"],"_profile":[{"id":"x"},null]},"_status":{"id":"s"}}`), false)
	f.Add([]byte(`{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Condition","id":"c"}}]}`), true)
	f.Add([]byte(`{"resourceType":"Encounter","extension":[{"url":"http://x","valueString":"a\u00e9\ud83d\ude00"}]}`), false)
	f.Fuzz(func(t *testing.T, data []byte, keep bool) {
		r := rewrites(t, data, keep)
		if r == nil {
			return
		}
		if enc, ok := r.(*fhir.Encounter); ok {
			fhir.EventFromEncounter(enc, fixedZone, "UTC")
		}
	})
}
