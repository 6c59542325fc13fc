package referraltest_test

import (
	"testing"

	"github.com/carecoord/carecoord/referral"
	"github.com/carecoord/carecoord/referral/referraltest"
)

func TestMemStore(t *testing.T) {
	referraltest.TestStore(t, func(*testing.T) referral.Store { return referral.NewMemStore() })
}
