package sdohtest

import (
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil/civiltest"
	"github.com/carecoord/carecoord/sdoh"
	"pgregory.net/rapid"
)

// Answers generates answers to in that [sdoh.Screener.Validate] accepts: every required item
// has an entry, some optional items do; an entry is an answer from the item's list (one code,
// or a set of codes for a multi-choice item), a number in range, or, now and then, a reason
// there is no answer. Answers come in a drawn order.
func Answers(in sdoh.Instrument) *rapid.Generator[[]sdoh.Answer] {
	return rapid.Custom(func(t *rapid.T) []sdoh.Answer {
		var as []sdoh.Answer
		for _, it := range in.Items {
			if !it.Required && !rapid.Bool().Draw(t, "ask "+it.Code) {
				continue
			}
			as = append(as, Answer(it).Draw(t, it.Code))
		}
		return rapid.Permutation(as).Draw(t, "order")
	})
}

// Answer generates one valid entry for it.
func Answer(it sdoh.Item) *rapid.Generator[sdoh.Answer] {
	return rapid.Custom(func(t *rapid.T) sdoh.Answer {
		if rapid.IntRange(0, 9).Draw(t, "skip") == 0 {
			return sdoh.Skip(it.Code, rapid.SampledFrom(sdoh.AbsentReasons()).Draw(t, "why"))
		}
		switch it.Kind {
		case sdoh.ItemNumber:
			return sdoh.Value(it.Code, rapid.Int64Range(it.Min, it.Max).Draw(t, "number"))
		case sdoh.ItemMultiChoice:
			var codes []string
			for _, o := range it.Options {
				if rapid.IntRange(0, 3).Draw(t, "pick "+o.Code) == 0 {
					codes = append(codes, o.Code)
				}
			}
			if len(codes) == 0 && !it.NoneIfEmpty {
				codes = append(codes, rapid.SampledFrom(it.Options).Draw(t, "option").Code)
			}
			return sdoh.Choose(it.Code, codes...)
		default:
			return sdoh.Choose(it.Code, rapid.SampledFrom(it.Options).Draw(t, "option").Code)
		}
	})
}

// Response generates valid, never-saved responses (Meta.Version 0) with the given id to the built-in
// instruments, stamped as updated at a fixed instant by a device.
func Response(id string) *rapid.Generator[sdoh.Response] {
	return rapid.Custom(func(t *rapid.T) sdoh.Response {
		in := rapid.SampledFrom(sdoh.BuiltinInstruments()).Draw(t, "instrument")
		return sdoh.Response{
			Meta: carecoord.Meta{ID: id, UpdatedAt: time.Date(2025, 9, 1, 12, 0, 0, 0, time.UTC),
				UpdatedBy: carecoord.Actor{Kind: carecoord.ActorDevice, ID: "generator"}},
			Instrument:        in.ID,
			InstrumentVersion: in.Version,
			Patient:           carecoord.PatientID(rapid.SampledFrom([]string{"pat-1", "pat-2", "pat-3"}).Draw(t, "patient")),
			Date:              civiltest.Recent().Draw(t, "date"),
			Respondent:        rapid.SampledFrom(sdoh.Respondents()).Draw(t, "respondent"),
			Language:          rapid.SampledFrom([]string{"en", "es", "es-MX"}).Draw(t, "language"),
			Answers:           Answers(in).Draw(t, "answers"),
		}
	})
}
