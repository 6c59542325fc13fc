package civil_test

import (
	"testing"

	"github.com/carecoord/carecoord/civil"
)

var (
	sinkDate civil.Date
	sinkBool bool
	sinkInt  int
)

func BenchmarkAddDays(b *testing.B) {
	day := civil.MustParse("2025-08-29")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkDate = day.AddDays(i & 1023)
	}
}

func BenchmarkAddBusinessDays10(b *testing.B) {
	cal := civil.USFederal()
	day := civil.MustParse("2025-08-29")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkDate = cal.AddBusinessDays(day.AddDays(i&511), 10)
	}
}

func BenchmarkIsBusinessDay(b *testing.B) {
	cal := civil.USFederal().WithClosures(civil.MustParse("2025-11-28"))
	day := civil.MustParse("2025-01-01")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkBool = cal.IsBusinessDay(day.AddDays(i & 1023))
	}
}

func BenchmarkBusinessDaysBetween3Years(b *testing.B) {
	cal := civil.USFederal()
	from, to := civil.MustParse("2024-01-15"), civil.MustParse("2027-01-15")
	b.ReportAllocs()
	for b.Loop() {
		sinkInt = cal.BusinessDaysBetween(from, to)
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkDate, _ = civil.Parse("2025-08-29")
	}
}
