package transitiontest_test

import (
	"testing"

	"github.com/carecoord/carecoord/transition"
	"github.com/carecoord/carecoord/transition/transitiontest"
	"pgregory.net/rapid"
)

func TestMemStore(t *testing.T) {
	transitiontest.TestStore(t, func(*testing.T) transition.Store { return transition.NewMemStore() })
}

// The generators make valid records.
func TestGeneratorsAreValid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		if err := transitiontest.Event("e1").Draw(t, "event").Validate(); err != nil {
			t.Fatalf("Event: %v", err)
		}
		if err := transitiontest.DueRule().Draw(t, "rule").Validate(); err != nil {
			t.Fatalf("DueRule: %v", err)
		}
		c := transitiontest.Checklist("c1").Draw(t, "checklist")
		if err := c.Validate(); err != nil {
			t.Fatalf("Checklist: %v", err)
		}
		if err := c.Meta.Validate(); err != nil {
			t.Fatalf("Checklist meta: %v", err)
		}
	})
}
