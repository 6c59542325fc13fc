package careplantest_test

import (
	"testing"

	"github.com/carecoord/carecoord/careplan"
	"github.com/carecoord/carecoord/careplan/careplantest"
)

func TestMemStore(t *testing.T) {
	careplantest.TestStore(t, func(*testing.T) careplan.Store { return careplan.NewMemStore() })
}
