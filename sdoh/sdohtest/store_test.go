package sdohtest_test

import (
	"testing"

	"github.com/carecoord/carecoord/sdoh"
	"github.com/carecoord/carecoord/sdoh/sdohtest"
	"pgregory.net/rapid"
)

func TestMemStore(t *testing.T) {
	sdohtest.TestStore(t, func(*testing.T) sdoh.Store { return sdoh.NewMemStore() })
}

// The generators make responses that the Screener accepts.
func TestGeneratorsAreValid(t *testing.T) {
	s, err := sdoh.NewScreener()
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		r := sdohtest.Response("r1").Draw(t, "response")
		if err := s.Validate(r); err != nil {
			t.Fatalf("generated response %s %s is invalid: %v", r.Instrument, r.InstrumentVersion, err)
		}
		if err := r.Validate(); err != nil {
			t.Fatalf("generated response fails Response.Validate: %v", err)
		}
		if res := s.Score(r); !res.Valid {
			t.Fatalf("Score().Valid = false for a valid response")
		}
	})
}
