package civiltest

import (
	"time"

	"github.com/carecoord/carecoord/civil"
	"pgregory.net/rapid"
)

// Date generates valid dates anywhere from 0001-01-01 to 9999-12-31, shrinking towards
// 0001-01-01.
func Date() *rapid.Generator[civil.Date] {
	return DateIn(civil.MustParse("0001-01-01"), civil.MustParse("9999-12-31"))
}

// DateIn generates valid dates from lo to hi, both included, shrinking towards lo.
// It panics if the range is empty.
func DateIn(lo, hi civil.Date) *rapid.Generator[civil.Date] {
	span := hi.DaysSince(lo)
	if !lo.IsValid() || !hi.IsValid() || span < 0 {
		panic("civiltest.DateIn: empty range")
	}
	return rapid.Custom(func(t *rapid.T) civil.Date {
		return lo.AddDays(rapid.IntRange(0, span).Draw(t, "days"))
	})
}

// Recent generates dates from 1990-01-01 to 2040-12-31, where care-coordination data lives
// and where the federal holiday rules are complete.
func Recent() *rapid.Generator[civil.Date] {
	return DateIn(civil.MustParse("1990-01-01"), civil.MustParse("2040-12-31"))
}

// Range generates non-empty ranges of up to maxDays days that start within Recent.
func Range(maxDays int) *rapid.Generator[civil.Range] {
	return rapid.Custom(func(t *rapid.T) civil.Range {
		start := Recent().Draw(t, "start")
		return civil.Range{Start: start, End: start.AddDays(rapid.IntRange(0, maxDays-1).Draw(t, "length"))}
	})
}

// Calendar generates business-day calendars: a weekend of zero to six days, a subset of the
// federal holidays, and a few closures and open days within Recent.
func Calendar() *rapid.Generator[civil.Calendar] {
	return rapid.Custom(func(t *rapid.T) civil.Calendar {
		var weekend []time.Weekday
		for wd := time.Sunday; wd <= time.Saturday; wd++ {
			if len(weekend) < 6 && rapid.Bool().Draw(t, "weekend "+wd.String()) {
				weekend = append(weekend, wd)
			}
		}
		c, err := civil.NewCalendar(weekend...)
		if err != nil {
			t.Fatalf("NewCalendar(%v): %v", weekend, err)
		}
		hs := rapid.SliceOfDistinct(rapid.SampledFrom(civil.AllFederalHolidays()),
			func(h civil.FederalHoliday) civil.FederalHoliday { return h }).Draw(t, "holidays")
		if len(hs) > 0 {
			c = c.WithFederalHolidays(hs...)
		}
		c = c.WithClosures(rapid.SliceOfN(Recent(), 0, 8).Draw(t, "closures")...)
		return c.WithOpenDays(rapid.SliceOfN(Recent(), 0, 8).Draw(t, "open days")...)
	})
}
