package fhir_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/fhir"
	"github.com/carecoord/carecoord/referral"
	"github.com/carecoord/carecoord/transition"
)

// benchEncounters returns n Encounters in JSON, as EncounterOf writes them: discharges from
// acute care over a year, each with an attending, two diagnoses, a primary care practice and
// a risk tier.
func benchEncounters(b *testing.B, n int) [][]byte {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		b.Fatal(err)
	}
	out := make([][]byte, n)
	start := time.Date(2026, 1, 1, 8, 0, 0, 0, ny)
	for i := range out {
		admitted := start.Add(time.Duration(i%(365*24)) * time.Hour)
		ev := transition.Event{
			Meta:        carecoord.Meta{ID: "stay-" + strconv.Itoa(i), Version: 1, UpdatedAt: admitted.Add(100 * time.Hour)},
			Kind:        transition.KindDischarge,
			Patient:     carecoord.PatientID("pat-" + strconv.Itoa(i/3)),
			Facility:    carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "hosp-" + strconv.Itoa(i%7)},
			Setting:     transition.SettingAcuteInpatient,
			Admitted:    admitted,
			Discharged:  admitted.Add(time.Duration(24+i%96) * time.Hour),
			Disposition: transition.DispositionHome,
			Diagnoses:   []carecoord.Coding{{System: carecoord.SystemICD10CM, Code: "I21.4"}, {System: carecoord.SystemICD10CM, Code: "E11.9"}},
			Attending:   carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "dr-" + strconv.Itoa(i%50)},
			PrimaryCare: carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "pcp-" + strconv.Itoa(i%20)},
			Risk:        transition.RiskModerate,
		}.WithLocation(ny)
		enc, err := fhir.EncounterOf(ev)
		if err != nil {
			b.Fatal(err)
		}
		if out[i], err = fhir.Marshal(enc); err != nil {
			b.Fatal(err)
		}
	}
	return out
}

// BenchmarkDecodeMap100k reads 100,000 Encounters from JSON and maps each to a transition.Event,
// with the time zone loaded once (a host caches its locations).
func BenchmarkDecodeMap100k(b *testing.B) {
	docs := benchEncounters(b, 100_000)
	ny, _ := time.LoadLocation("America/New_York")
	load := func(name string) (*time.Location, error) {
		if name == "America/New_York" {
			return ny, nil
		}
		return time.LoadLocation(name)
	}
	benchDecodeMap(b, docs, func(r fhir.Resource) error {
		_, _, err := fhir.EventFromEncounter(r.(*fhir.Encounter), load, "")
		return err
	})
}

// benchReferrals returns n referral bundles (a ServiceRequest and its Task) in JSON, as
// ReferralOf writes them: referrals sent, accepted, booked and completed with an outcome and a
// document, each with its history of four moves and its log of three events, half of them
// community referrals under SDOH-CC and half specialist ones under core.
func benchReferrals(b *testing.B, n int) [][]byte {
	out := make([][]byte, n)
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	for i := range out {
		sent := start.Add(time.Duration(i%(365*24)) * time.Hour)
		clinic := carecoord.Actor{Kind: carecoord.ActorPractitionerRole, ID: "pr-" + strconv.Itoa(i%40)}
		performer := carecoord.Actor{Kind: carecoord.ActorOrganization, ID: "org-" + strconv.Itoa(i%25)}
		r := referral.Referral{
			Meta:      carecoord.Meta{ID: "ref-" + strconv.Itoa(i), Version: 5, UpdatedAt: sent.Add(200 * time.Hour), UpdatedBy: performer},
			Profile:   referral.ProfileSDOHCC,
			Patient:   carecoord.PatientID("pat-" + strconv.Itoa(i/2)),
			Kind:      referral.KindCommunity,
			Requester: clinic,
			Service:   carecoord.Coding{System: carecoord.SystemSNOMED, Code: "467771000124109"},
			Reasons:   []carecoord.Coding{{System: carecoord.SystemICD10CM, Code: "Z59.41"}},
			Priority:  referral.PriorityRoutine,
			Status:    referral.StatusDraft,
		}
		if i%2 == 1 {
			r.Profile, r.Kind, r.Priority = referral.ProfileCore, referral.KindSpecialist, referral.PriorityUrgent
			r.Service = carecoord.Coding{System: carecoord.SystemNUCCTaxonomy, Code: "207RC0000X"}
			r.Reasons = []carecoord.Coding{{System: carecoord.SystemICD10CM, Code: "I21.4"}}
		}
		r, err := referral.Move(r, referral.StatusRequested, referral.Requester, sent, clinic, carecoord.Coding{})
		for j, ev := range []referral.Event{
			{Kind: referral.EventStatus, To: referral.StatusAccepted, At: sent.Add(5 * time.Hour)},
			{Kind: referral.EventBooked, At: sent.Add(30 * time.Hour), Appointment: sent.Add(170 * time.Hour)},
			{Kind: referral.EventOutcome, At: sent.Add(190 * time.Hour), Outcome: referral.Outcome{
				Result: r.Service, Documents: []string{"DocumentReference/dr-" + strconv.Itoa(i)}, At: sent.Add(190 * time.Hour), By: performer}},
		} {
			if err != nil {
				break
			}
			ev.ID, ev.Side, ev.By = "e"+strconv.Itoa(j), referral.Performer, performer
			r, err = referral.Apply(r, ev)
		}
		if err != nil {
			b.Fatal(err)
		}
		bundle, err := fhir.ReferralOf(r)
		if err != nil {
			b.Fatal(err)
		}
		if out[i], err = fhir.Marshal(bundle); err != nil {
			b.Fatal(err)
		}
	}
	return out
}

// BenchmarkReferralImport100k reads 100,000 referral bundles from JSON and maps each
// ServiceRequest and Task to a referral.Referral.
func BenchmarkReferralImport100k(b *testing.B) {
	docs := benchReferrals(b, 100_000)
	bytes := 0
	for _, d := range docs {
		bytes += len(d)
	}
	b.SetBytes(int64(bytes))
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			recs, _, err := fhir.Import(d, fhir.ImportOptions{})
			if err != nil || len(recs.Referrals) != 1 {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N)*float64(len(docs))/b.Elapsed().Seconds(), "referrals/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(docs)), "ns/referral")
}
