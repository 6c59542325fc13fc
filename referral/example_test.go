package referral_test

import (
	"fmt"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/referral"
)

// A cardiology referral for a patient discharged after a cardiac event, closed loop: accepted,
// booked, kept, report returned, acknowledged (the 360X flow, FHIR core profile).
func Example_cardiology() {
	pcp := carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "primary-care"}
	heart := carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "heart-clinic"}
	at := func(day, hour int) time.Time { return time.Date(2025, 9, day, hour, 0, 0, 0, time.UTC) }

	r := referral.Referral{
		Meta:       carecoord.Meta{ID: "ref-1"},
		Profile:    referral.ProfileCore,
		Patient:    "pat-1",
		Kind:       referral.KindSpecialist,
		Requester:  pcp,
		Performer:  heart,
		Service:    carecoord.Coding{System: carecoord.SystemNUCCTaxonomy, Code: "207RC0000X", Display: "Cardiovascular Disease"},
		Reasons:    []carecoord.Coding{{System: carecoord.SystemICD10CM, Code: "I21.4"}},
		Priority:   referral.PriorityUrgent,
		Status:     referral.StatusRequested,
		AuthoredOn: at(2, 9),
	}
	note := referral.Outcome{Result: carecoord.Coding{System: carecoord.SystemLOINC, Code: "11488-4", Display: "Consult note"},
		Documents: []string{"DocumentReference/consult-1"}, At: at(12, 16), By: heart}
	events := []referral.Event{
		{ID: "msg-1", Kind: referral.EventStatus, To: referral.StatusAccepted, Side: referral.Performer, By: heart, At: at(2, 14)},
		{ID: "msg-2", Kind: referral.EventBooked, Appointment: at(12, 10), Side: referral.Performer, By: heart, At: at(3, 9)},
		{ID: "msg-2", Kind: referral.EventBooked, Appointment: at(12, 10), Side: referral.Performer, By: heart, At: at(3, 9)}, // re-sent
		{ID: "msg-3", Kind: referral.EventKept, Side: referral.Performer, By: heart, At: at(12, 11)},
		{ID: "msg-4", Kind: referral.EventOutcome, Outcome: note, Side: referral.Performer, By: heart, At: at(12, 16)},
		{ID: "msg-5", Kind: referral.EventAcknowledged, Side: referral.Requester, By: pcp, At: at(13, 8)},
	}
	for _, e := range events {
		var err error
		if r, err = referral.Apply(r, e); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-12s -> %-11s %-18s closed=%v\n", e.Kind, r.Status, r.Business, r.ClosedLoop())
	}
	fmt.Println("events applied:", len(r.Events))
	// Output:
	// status       -> accepted                       closed=false
	// booked       -> in-progress appointment-booked closed=false
	// booked       -> in-progress appointment-booked closed=false
	// kept         -> in-progress appointment-kept   closed=false
	// outcome      -> completed   outcome-final      closed=false
	// acknowledged -> completed   outcome-final      closed=true
	// events applied: 5
}

// A food-bank referral (SDOH-CC) that the pantry rejects as at capacity, and that the care
// coordinator re-sends to another pantry: the first stays rejected, the second is a new referral.
func Example_foodBank() {
	coordinator := carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-7"}
	pantryA := carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "pantry-a"}
	pantryB := carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "pantry-b"}
	at := func(day, hour int) time.Time { return time.Date(2025, 9, day, hour, 0, 0, 0, time.UTC) }

	first := referral.Referral{
		Meta:       carecoord.Meta{ID: "ref-food-1"},
		Profile:    referral.ProfileSDOHCC,
		Patient:    "pat-1",
		Kind:       referral.KindCommunity,
		Requester:  coordinator,
		Performer:  pantryA,
		Service:    carecoord.Coding{System: carecoord.SystemSNOMED, Code: "467681000124101", Display: "Assistance with application for food pantry program"},
		Reasons:    []carecoord.Coding{{System: carecoord.SystemICD10CM, Code: "Z59.41", Display: "Food insecurity"}},
		Priority:   referral.PriorityRoutine,
		Status:     referral.StatusRequested,
		AuthoredOn: at(2, 9),
	}
	noCapacity := carecoord.Coding{System: carecoord.SystemSDOHCCTemporary, Code: "no-capacity"}
	first, err := referral.Apply(first, referral.Event{ID: "a-1", Kind: referral.EventStatus, To: referral.StatusRejected,
		Reason: noCapacity, Side: referral.Performer, By: pantryA, At: at(3, 10)})
	if err != nil {
		fmt.Println(err)
		return
	}
	first, second, err := referral.Resend(first, "ref-food-2", pantryB, at(3, 11), coordinator)
	if err != nil {
		fmt.Println(err)
		return
	}
	second, err = referral.Apply(second, referral.Event{ID: "b-1", Kind: referral.EventStatus, To: referral.StatusAccepted,
		Side: referral.Performer, By: pantryB, At: at(3, 15)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(first.ID, first.Status, first.StatusReason.Code, "replaced by", first.ReplacedBy)
	fmt.Println(second.ID, second.Status, "by", second.Performer.ID)
	// Output:
	// ref-food-1 rejected no-capacity replaced by ref-food-2
	// ref-food-2 accepted by pantry-b
}
