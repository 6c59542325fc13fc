package medrec_test

import (
	"testing"

	"github.com/carecoord/carecoord/medrec"
	"github.com/carecoord/carecoord/medrec/medrectest"
)

func TestMemStore(t *testing.T) {
	medrectest.TestStore(t, func(*testing.T) medrec.Store { return medrec.NewMemStore() })
}
