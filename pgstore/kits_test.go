package pgstore_test

import (
	"testing"
	"time"

	"github.com/carecoord/carecoord/careplan"
	"github.com/carecoord/carecoord/careplan/careplantest"
	"github.com/carecoord/carecoord/medrec"
	"github.com/carecoord/carecoord/medrec/medrectest"
	"github.com/carecoord/carecoord/referral"
	"github.com/carecoord/carecoord/referral/referraltest"
	"github.com/carecoord/carecoord/sdoh"
	"github.com/carecoord/carecoord/sdoh/sdohtest"
	"github.com/carecoord/carecoord/transition"
	"github.com/carecoord/carecoord/transition/transitiontest"
)

// Every domain conformance kit runs against PostgreSQL, each in its own schema. newStore
// empties the aggregate's tables: the kits use one store at a time.

func TestCarePlanStore(t *testing.T) {
	pool := connect(t, 4)
	s, schema := migrated(t, pool)
	careplantest.TestStore(t, func(t *testing.T) careplan.Store {
		truncate(t, pool, schema, "care_plan")
		return s.CarePlans()
	})
}

func TestReferralStore(t *testing.T) {
	pool := connect(t, 4)
	s, schema := migrated(t, pool)
	referraltest.TestStore(t, func(t *testing.T) referral.Store {
		truncate(t, pool, schema, "referral")
		return s.Referrals()
	})
}

func TestReconciliationStore(t *testing.T) {
	pool := connect(t, 4)
	s, schema := migrated(t, pool)
	medrectest.TestStore(t, func(t *testing.T) medrec.Store {
		truncate(t, pool, schema, "medrec_reconciliation")
		return s.Reconciliations()
	})
}

func TestTransitionStore(t *testing.T) {
	pool := connect(t, 4)
	s, schema := migrated(t, pool)
	transitiontest.TestStore(t, func(t *testing.T) transition.Store {
		truncate(t, pool, schema, "transition_event", "transition_checklist")
		return s.Transitions(time.LoadLocation)
	})
}

func TestScreeningStore(t *testing.T) {
	pool := connect(t, 4)
	s, schema := migrated(t, pool)
	sdohtest.TestStore(t, func(t *testing.T) sdoh.Store {
		truncate(t, pool, schema, "sdoh_response")
		return s.Screenings()
	})
}
