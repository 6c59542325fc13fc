package transition_test

import (
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/transition"
)

// population returns n valid discharges from one hospital across 2025, at every hour of the day,
// to varied destinations (mostly home), with the three risk tiers.
func population(t testing.TB, n int) []transition.Event {
	ny := newYork(t)
	dispositions := []transition.Disposition{"01", "01", "01", "06", "01", "03", "01", "06", "01", "07", "62", "01", "20", "02"}
	tiers := transition.RiskTiers()
	dx := []carecoord.Coding{{System: carecoord.SystemICD10CM, Code: "I21.4"}, {System: carecoord.SystemICD10CM, Code: "E11.9"}}
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, ny)
	events := make([]transition.Event, n)
	for i := range events {
		dis := start.Add(time.Duration(i%(365*24)) * time.Hour).Add(time.Duration(i%60) * time.Minute)
		disp := dispositions[i%len(dispositions)]
		kind := transition.KindDischarge
		if disp.Destination().IsInpatientTransfer() {
			kind = transition.KindTransfer
		}
		events[i] = transition.Event{Meta: carecoord.Meta{ID: "enc-1"}, Kind: kind, Patient: "pat-1",
			Facility: hospital(), Setting: transition.SettingAcuteInpatient, Admitted: dis.Add(-time.Duration(24+i%200) * time.Hour),
			Discharged: dis, Disposition: disp, Diagnoses: dx, Risk: tiers[i%3]}.WithLocation(ny)
	}
	return events
}

// BenchmarkDischarges1M instantiates the post-discharge checklist of each of 1,000,000 discharges
// home (the template for the patient's risk tier, compiled once) and evaluates it a week later,
// with one reused evaluation buffer. "keep" makes a checklist of its own for each discharge (one
// allocation: its items), as a host that stores them does; "reuse" puts every checklist's items
// in one buffer (AppendInstantiate), as a simulation that only counts does.
func BenchmarkDischarges1M(b *testing.B) {
	events := population(b, 1_000_000)
	for i := range events {
		events[i].Disposition, events[i].Kind = transition.DispositionHome, transition.KindDischarge
	}
	var tpl [3]transition.Template
	for i, r := range transition.RiskTiers() {
		tpl[i] = compile(b, transition.PostDischargeTemplate(r, transition.PostDischargeOptions{HomeVisits: true}))
	}
	cal := civil.USFederal()
	for _, reuse := range []bool{false, true} {
		name := "keep"
		if reuse {
			name = "reuse"
		}
		b.Run(name, func(b *testing.B) {
			buf := make([]transition.ItemResult, 0, 8)
			var items []transition.Item
			overdue := 0
			b.ReportAllocs()
			for b.Loop() {
				for i := range events {
					e := &events[i]
					var c transition.Checklist
					var err error
					if reuse {
						c, err = transition.AppendInstantiate(items, tpl[i%3], *e, cal)
						items = c.Items
					} else {
						c, err = transition.Instantiate(tpl[i%3], *e, cal)
					}
					if err != nil {
						b.Fatal(err)
					}
					var s transition.Summary
					buf, s = transition.AppendEvaluate(buf[:0], &c, e.Discharged.Add(7*24*time.Hour))
					overdue += s.Overdue
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(events)), "ns/discharge")
			if overdue == 0 {
				b.Fatal("nothing overdue a week after discharge")
			}
		})
	}
}

// BenchmarkPlan1M runs a whole programme (discharge, post-discharge by tier, TCM, ED follow-up,
// hand-off) over 1,000,000 discharges to mixed destinations, deaths and transfers included, and
// evaluates every checklist it makes.
func BenchmarkPlan1M(b *testing.B) {
	events := population(b, 1_000_000)
	p, err := transition.StandardProgram(transition.ProgramOptions{TCM: true, PostDischarge: transition.PostDischargeOptions{HomeVisits: true}})
	if err != nil {
		b.Fatal(err)
	}
	cal := civil.USFederal()
	buf := make([]transition.ItemResult, 0, 32)
	checklists := 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i := range events {
			plan, err := p.Plan(events[i], cal)
			if err != nil {
				b.Fatal(err)
			}
			for j := range plan.Checklists {
				buf, _ = transition.AppendEvaluate(buf[:0], &plan.Checklists[j], events[i].Discharged.Add(72*time.Hour))
			}
			checklists += len(plan.Checklists)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(events)), "ns/discharge")
	b.ReportMetric(float64(checklists)/float64(b.N)/float64(len(events)), "checklists/discharge")
}

// Instantiate makes at most three allocations (the items, and the checklist's own copies of the
// prerequisite and evidence lists); AppendInstantiate and AppendEvaluate none with room in dst.
func TestHotPathAllocations(t *testing.T) {
	events := population(t, 3)
	tpl := compile(t, transition.PostDischargeTemplate(transition.RiskHigh, transition.PostDischargeOptions{HomeVisits: true}))
	cal := civil.USFederal()
	var c transition.Checklist
	if n := testing.AllocsPerRun(100, func() { c, _ = transition.Instantiate(tpl, events[0], cal) }); n > 3 {
		t.Errorf("Instantiate allocates %v times, want at most 3", n)
	}
	items := make([]transition.Item, 0, 8)
	if n := testing.AllocsPerRun(100, func() { c, _ = transition.AppendInstantiate(items, tpl, events[0], cal) }); n != 0 {
		t.Errorf("AppendInstantiate allocates %v times with room in dst, want 0", n)
	}
	buf := make([]transition.ItemResult, 0, 8)
	if n := testing.AllocsPerRun(100, func() { buf, _ = transition.AppendEvaluate(buf[:0], &c, events[0].Discharged) }); n != 0 {
		t.Errorf("AppendEvaluate allocates %v times, want 0", n)
	}
}

// BenchmarkInstantiateEvaluate is one discharge of BenchmarkDischarges1M, per op: the figures
// per discharge without the million-event heap around it.
func BenchmarkInstantiateEvaluate(b *testing.B) {
	events := population(b, 1000)
	tpl := compile(b, transition.PostDischargeTemplate(transition.RiskHigh, transition.PostDischargeOptions{HomeVisits: true}))
	cal := civil.USFederal()
	buf := make([]transition.ItemResult, 0, 8)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		e := &events[i%len(events)]
		e.Disposition, e.Kind = transition.DispositionHome, transition.KindDischarge
		c, err := transition.Instantiate(tpl, *e, cal)
		if err != nil {
			b.Fatal(err)
		}
		buf, _ = transition.AppendEvaluate(buf[:0], &c, e.Discharged.Add(7*24*time.Hour))
		i++
	}
}

// BenchmarkPlan is one discharge of BenchmarkPlan1M, per op.
func BenchmarkPlan(b *testing.B) {
	events := population(b, 1000)
	p, err := transition.StandardProgram(transition.ProgramOptions{TCM: true, PostDischarge: transition.PostDischargeOptions{HomeVisits: true}})
	if err != nil {
		b.Fatal(err)
	}
	cal := civil.USFederal()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := p.Plan(events[i%len(events)], cal); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
