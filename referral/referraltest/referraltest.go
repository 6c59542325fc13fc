package referraltest

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/internal/storetest"
	"github.com/carecoord/carecoord/referral"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

const at0Unix = 1756803600 // 2025-09-02T09:00:00Z

func at0() time.Time { return time.Unix(at0Unix, 0).UTC() }

func clinic() carecoord.Actor {
	return carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "clinic-1"}
}

// fixture returns a valid referral with this id in the given status, built afresh, with every
// slice a store must copy: reasons, an outcome and its documents and, past requested, a history
// entry and an event.
func fixture(id string, patient carecoord.PatientID, status referral.Status, performer carecoord.Actor) referral.Referral {
	heart := carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "heart-clinic"}
	r := referral.Referral{
		Meta:       carecoord.Meta{ID: id, UpdatedAt: at0(), UpdatedBy: clinic()},
		Profile:    referral.ProfileCore,
		Patient:    patient,
		Kind:       referral.KindSpecialist,
		Requester:  clinic(),
		Performer:  performer,
		Service:    carecoord.Coding{System: carecoord.SystemNUCCTaxonomy, Code: "207RC0000X"},
		Reasons:    []carecoord.Coding{{System: carecoord.SystemICD10CM, Code: "I21.4"}},
		Priority:   referral.PriorityUrgent,
		Status:     status,
		AuthoredOn: at0(),
		Outcomes: []referral.Outcome{{Result: carecoord.Coding{System: carecoord.SystemLOINC, Code: "11488-4"},
			Documents: []string{"DocumentReference/dr-1"}, At: at0().Add(time.Hour), By: heart}},
	}
	if status != referral.StatusRequested {
		r.History = []carecoord.Transition{{From: string(referral.StatusRequested), To: string(status), At: at0().Add(time.Hour), By: heart}}
		r.Events = []referral.Event{{ID: "e1", Kind: referral.EventStatus, To: status, Side: referral.Performer, By: heart, At: at0().Add(time.Hour)}}
	}
	return r
}

// Referral generates valid, never-saved referrals with the given id under either profile, in a
// status the profile allows, each with an outcome returned.
func Referral(id string) *rapid.Generator[referral.Referral] {
	return rapid.Custom(func(t *rapid.T) referral.Referral {
		r := fixture(id, carecoord.PatientID(rapid.SampledFrom([]string{"pat-1", "pat-2"}).Draw(t, "patient")),
			referral.StatusRequested, carecoord.Actor{})
		r.Profile = rapid.SampledFrom(referral.Profiles()).Draw(t, "profile")
		var allowed []referral.Status
		for _, s := range referral.Statuses() {
			if r.Profile.Allows(s) {
				allowed = append(allowed, s)
			}
		}
		r.Status = rapid.SampledFrom(allowed).Draw(t, "status")
		r.Kind = rapid.SampledFrom(referral.Kinds()).Draw(t, "kind")
		r.Priority = rapid.SampledFrom(referral.Priorities()).Draw(t, "priority")
		return r
	})
}

// TestStore checks that a referral.Store behaves as package referral expects: the checks every
// carecoord store passes (sentinels, optimistic concurrency, every version kept, no aliasing,
// validation, concurrent read-modify-write, a rapid model) and List agreeing with
// Query.Matches. newStore must return a new, empty Store on each call.
func TestStore(t *testing.T, newStore func(t *testing.T) referral.Store) {
	storetest.Run(t, storetest.Harness[referral.Referral]{
		New: func(t *testing.T) storetest.Store[referral.Referral] { return newStore(t) },
		ListAll: func(ctx context.Context, s storetest.Store[referral.Referral]) ([]referral.Referral, error) {
			return s.(referral.Store).List(ctx, referral.Query{})
		},
		Record: func(id string) referral.Referral {
			return fixture(id, "pat-1", referral.StatusAccepted, carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "heart-clinic"})
		},
		Change: func(r referral.Referral, n int) referral.Referral {
			r = r.Clone()
			r.Reasons = append(r.Reasons, carecoord.Coding{System: carecoord.SystemICD10CM, Code: "I50." + strconv.Itoa(n%10)})
			return r
		},
		Scribble: func(r *referral.Referral) {
			r.Reasons[0].Code = "X"
			r.Outcomes[0].Documents[0] = "DocumentReference/other"
			r.History[0].By.ID = "someone-else"
			r.Events[0].By.ID = "someone-else"
		},
		Invalid: func(id string) referral.Referral { return fixture(id, "", "", carecoord.Actor{}) },
		Gen:     Referral,
		Meta:    func(r *referral.Referral) *carecoord.Meta { return &r.Meta },
		Opts:    cmp.Options{cmpopts.EquateApproxTime(time.Microsecond), cmpopts.EquateEmpty()},
	})
	t.Run("ListAgreesWithQueryMatches", func(t *testing.T) {
		s := newStore(t)
		heart := carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "heart-clinic"}
		all := []referral.Referral{
			fixture("r3", "pat-1", referral.StatusAccepted, heart),
			fixture("r1", "pat-1", referral.StatusRequested, carecoord.Actor{}),
			fixture("r2", "pat-2", referral.StatusRejected, heart),
		}
		queries := []referral.Query{
			{}, {Patient: "pat-1"}, {Performer: heart}, {Requester: clinic()}, {Open: true},
			{Statuses: []referral.Status{referral.StatusRejected, referral.StatusAccepted}},
			{Patient: "pat-1", Open: true, Performer: heart}, {Patient: "pat-9"},
		}
		storetest.ListAgrees(t, s, func(r *referral.Referral) *carecoord.Meta { return &r.Meta }, all, queries, s.List, referral.Query.Matches)
	})
}
