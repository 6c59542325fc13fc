package sdohtest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/internal/storetest"
	"github.com/carecoord/carecoord/sdoh"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// storeOpts compares responses that went through a store: instants may lose precision below a
// microsecond (PostgreSQL keeps microseconds), and empty and nil slices are the same.
func storeOpts() cmp.Options {
	return cmp.Options{cmpopts.EquateApproxTime(time.Microsecond), cmpopts.EquateEmpty()}
}

const at0Unix = 1757937600 // 2025-09-15T12:00:00Z

func at0() time.Time { return time.Unix(at0Unix, 0).UTC() }

func who() carecoord.Actor { return carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-1"} }

// response returns a small valid response with this id to the built-in version of instrument,
// every required item answered with its last answer, for the fixed cases.
func response(id string, patient carecoord.PatientID, instrument sdoh.InstrumentID, date string) sdoh.Response {
	in, _ := sdoh.BuiltinInstrument(instrument)
	r := sdoh.Response{
		Meta:       carecoord.Meta{ID: id, UpdatedAt: at0(), UpdatedBy: who()},
		Instrument: instrument, InstrumentVersion: in.Version, Patient: patient, Date: civil.MustParse(date),
		Respondent: sdoh.RespondentSelf, Language: "en",
	}
	for _, it := range in.Items {
		if !it.Required {
			continue
		}
		switch it.Kind {
		case sdoh.ItemNumber:
			r.Answers = append(r.Answers, sdoh.Value(it.Code, it.Min))
		default:
			r.Answers = append(r.Answers, sdoh.Choose(it.Code, it.Options[len(it.Options)-1].Code))
		}
	}
	return r
}

// TestStore checks that an sdoh.Store behaves as package sdoh expects: sentinels, optimistic
// concurrency, every version kept, no aliasing between the caller's values and the stored ones
// (answers and their codes included), validation, concurrent read-modify-write through
// carecoord.Update losing nothing, a rapid model sequence, and List agreeing with
// Query.Matches. newStore must return a new, empty Store on each call.
func TestStore(t *testing.T, newStore func(t *testing.T) sdoh.Store) {
	storetest.Run(t, storetest.Harness[sdoh.Response]{
		New: func(t *testing.T) storetest.Store[sdoh.Response] { return newStore(t) },
		ListAll: func(ctx context.Context, s storetest.Store[sdoh.Response]) ([]sdoh.Response, error) {
			return s.(sdoh.Store).List(ctx, sdoh.Query{})
		},
		Record: func(id string) sdoh.Response {
			r := response(id, "pat-1", sdoh.AHCHRSN, "2025-09-15")
			r.Answers = append(r.Answers, sdoh.Choose("96780-2", "LA31981-6"))
			r.Answers[1] = sdoh.Choose("96778-6", "LA28580-1", "LA31998-0")
			return r
		},
		Change: func(r sdoh.Response, n int) sdoh.Response {
			r = r.Clone()
			r.Language = "es"
			r.Answers = slices.DeleteFunc(r.Answers, func(a sdoh.Answer) bool { return a.Item == "89555-7" })
			a := sdoh.Value("89555-7", int64(n%8))
			if n%2 == 1 {
				a = sdoh.Skip("89555-7", sdoh.AbsentDeclined)
			}
			r.Answers = append(r.Answers, a)
			return r
		},
		Scribble: func(r *sdoh.Response) {
			r.Answers[0].Item = "12345-5"
			r.Answers[1].Codes[0] = "LA9-3"
			r.Answers[len(r.Answers)-1].Codes = append(r.Answers[len(r.Answers)-1].Codes[:0], "LA31983-2")
		},
		Invalid: func(id string) sdoh.Response {
			r := response(id, "", sdoh.HVS, "2025-09-15")
			r.Respondent = ""
			return r
		},
		Gen:  Response,
		Meta: func(r *sdoh.Response) *carecoord.Meta { return &r.Meta },
		Opts: storeOpts(),
	})
	t.Run("ListAgreesWithQueryMatches", func(t *testing.T) {
		s := newStore(t)
		all := []sdoh.Response{
			response("r3", "pat-1", sdoh.AHCHRSN, "2025-09-15"),
			response("r1", "pat-1", sdoh.PHQ9, "2025-09-01"),
			response("r2", "pat-2", sdoh.AHCHRSN, "2025-08-31"),
			response("r4", "pat-3", sdoh.HVS, "2025-10-01"),
		}
		d := civil.MustParse
		queries := []sdoh.Query{
			{},
			{Patient: "pat-1"},
			{Instrument: sdoh.AHCHRSN},
			{Patient: "pat-1", Instrument: sdoh.PHQ9},
			{From: d("2025-09-01")},                           // the first day is in
			{Through: d("2025-09-15")},                        // the last day is in
			{From: d("2025-09-01"), Through: d("2025-09-01")}, // one day
			{From: d("2025-09-02"), Through: d("2025-09-14")}, // none
			{Patient: "pat-9"},
		}
		storetest.ListAgrees(t, s, func(r *sdoh.Response) *carecoord.Meta { return &r.Meta }, all, queries, s.List, sdoh.Query.Matches)
	})
}
