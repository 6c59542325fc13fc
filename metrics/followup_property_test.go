package metrics_test

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/metrics"
	"github.com/carecoord/carecoord/transition"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// fuPopulation draws the stays and services of n patients around measurement year 2024: runs
// of stays in every setting (inpatient stays never overlap), now and then ending in death or
// "admitted here", and after each stay services of every kind, attempts and MDM levels among
// them.
func fuPopulation(t *rapid.T, n int) ([]metrics.Stay, []metrics.Service) {
	settings := rapid.SampledFrom([]transition.Setting{transition.SettingAcuteInpatient, transition.SettingPsychiatricInpatient,
		transition.SettingSkilledNursing, transition.SettingInpatientRehab, transition.SettingEmergencyDepartment, transition.SettingObservation})
	dispositions := rapid.SampledFrom([]transition.Disposition{transition.DispositionHome, transition.DispositionHome, transition.DispositionHomeHealth,
		transition.DispositionSNF, transition.DispositionShortTermHospital, transition.DispositionExpired, transition.DispositionAdmittedHere})
	kinds := rapid.SampledFrom(metrics.ServiceKinds())
	mdms := rapid.SampledFrom([]transition.MDM{"", transition.MDMLow, transition.MDMModerate, transition.MDMHigh})
	dx := rapid.SampledFrom([]string{"F32.2", "F20.0", "I21.4", ""})
	start := fuD("2023-12-01")
	var stays []metrics.Stay
	var services []metrics.Service
	for i := range n {
		p := carecoord.PatientID("p" + strconv.Itoa(i))
		day := start.AddDays(rapid.IntRange(0, 380).Draw(t, "first"))
		for k := range rapid.IntRange(0, 5).Draw(t, "stays") {
			setting := settings.Draw(t, "setting")
			los := rapid.IntRange(0, 8).Draw(t, "los")
			if setting == transition.SettingEmergencyDepartment {
				los = min(los, 1)
			}
			disp := dispositions.Draw(t, "disposition")
			if disp == transition.DispositionAdmittedHere && setting != transition.SettingEmergencyDepartment {
				disp = transition.DispositionHome
			}
			stays = append(stays, metrics.Stay{ID: "s" + strconv.Itoa(k), Patient: p, Setting: setting, Admitted: day,
				Discharged: day.AddDays(los), Disposition: disp, Principal: dx.Draw(t, "dx")})
			for range rapid.IntRange(0, 4).Draw(t, "services") { // around the stay
				s := metrics.Service{Patient: p, Day: day.AddDays(los + rapid.IntRange(-3, 35).Draw(t, "day")), Kind: kinds.Draw(t, "kind"),
					MDM: mdms.Draw(t, "mdm"), Attempt: rapid.IntRange(0, 5).Draw(t, "attempt") == 0}
				if rapid.Bool().Draw(t, "mh") {
					s.By = carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "mh-1"}
				}
				services = append(services, s)
			}
			if rapid.IntRange(0, 2).Draw(t, "tcm") == 0 { // the care TCM asks for, more or less in time
				end, visit := day.AddDays(los), day.AddDays(los+rapid.IntRange(1, 15).Draw(t, "visit"))
				services = append(services, metrics.Service{Patient: p, Day: end.AddDays(rapid.IntRange(1, 4).Draw(t, "call")), Kind: metrics.ServiceTelephone},
					metrics.Service{Patient: p, Day: visit, Kind: metrics.ServiceVisit, MDM: mdms.Draw(t, "mdm")},
					metrics.Service{Patient: p, Day: visit, Kind: metrics.ServiceMedRec})
			}
			if disp == transition.DispositionExpired {
				break
			}
			day = day.AddDays(los + rapid.IntRange(0, 40).Draw(t, "gap"))
		}
	}
	return stays, services
}

// fuMeasure is one measure computed over a population, under any of the profiles.
type fuMeasure struct {
	name string
	run  func(stays []metrics.Stay, services []metrics.Service, opts metrics.Options) (metrics.Result, error)
}

// fuMeasures are every profile of the follow-up, transitions-of-care and TCM measures.
func fuMeasures() []fuMeasure {
	fuh := metrics.FUH7(2024)
	fuh.Qualifies = func(s metrics.Stay) bool { return strings.HasPrefix(s.Principal, "F") }
	fuh.Accept = func(s metrics.Service) bool { return s.By.ID == "mh-1" }
	rules := append([]metrics.FollowUpRules{fuh, metrics.FUH30(2024), metrics.FMC(2024), metrics.MRP(2024)}, metrics.TRC(2024)...)
	var out []fuMeasure
	for _, r := range rules {
		out = append(out, fuMeasure{string(r.Measure), func(stays []metrics.Stay, services []metrics.Service, opts metrics.Options) (metrics.Result, error) {
			return metrics.FollowUp(stays, services, r, opts)
		}})
	}
	tcm := metrics.TCM(2024, civil.USFederal())
	return append(out, fuMeasure{"tcm", func(stays []metrics.Stay, services []metrics.Service, opts metrics.Options) (metrics.Result, error) {
		return metrics.TCMCompletion(stays, services, tcm, opts)
	}})
}

// fuOptions draws the options: evidence or not, strata or not, a caller's exclusion or not.
func fuOptions(t *rapid.T) metrics.Options {
	opts := metrics.Options{Evidence: rapid.Bool().Draw(t, "evidence")}
	if rapid.Bool().Draw(t, "strata") {
		opts.Stratify = func(p carecoord.PatientID, on civil.Date) string {
			return string(p[len(p)-1:]) + on.Month().String()[:1]
		}
	}
	if rapid.Bool().Draw(t, "eligible") {
		opts.Eligible = func(p carecoord.PatientID, on civil.Date) metrics.Reason {
			if on.Day() == 13 {
				return "not-enrolled"
			}
			return ""
		}
	}
	return opts
}

// TestFollowUpShardThenMerge checks that splitting a population by patient into shards,
// computing each shard and merging the results in any order gives the result over the whole,
// for every profile, and that the order of the input does not matter.
func TestFollowUpShardThenMerge(t *testing.T) {
	measures := fuMeasures()
	rapid.Check(t, func(t *rapid.T) {
		stays, services := fuPopulation(t, rapid.IntRange(0, 25).Draw(t, "patients"))
		m := rapid.SampledFrom(measures).Draw(t, "measure")
		opts := fuOptions(t)
		whole, err := m.run(stays, services, opts)
		if err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
		shards := rapid.IntRange(1, 4).Draw(t, "shards")
		shardOf := map[carecoord.PatientID]int{}
		pick := func(p carecoord.PatientID) int {
			k, ok := shardOf[p]
			if !ok {
				k = rapid.IntRange(0, shards-1).Draw(t, "shard")
				shardOf[p] = k
			}
			return k
		}
		stayShards, serviceShards := make([][]metrics.Stay, shards), make([][]metrics.Service, shards)
		for _, s := range stays {
			k := pick(s.Patient)
			stayShards[k] = append(stayShards[k], s)
		}
		for _, s := range services {
			k := pick(s.Patient)
			serviceShards[k] = append(serviceShards[k], s)
		}
		results := make([]metrics.Result, shards)
		for k := range shards {
			if results[k], err = m.run(stayShards[k], serviceShards[k], opts); err != nil {
				t.Fatalf("%s, shard %d: %v", m.name, k, err)
			}
		}
		var merged metrics.Result
		for _, r := range rapid.Permutation(results).Draw(t, "order") {
			if merged, err = merged.Merge(r); err != nil {
				t.Fatalf("Merge: %v", err)
			}
		}
		if diff := cmp.Diff(whole, merged); diff != "" {
			t.Fatalf("%s: merged shards differ from the whole (-whole +merged):\n%s", m.name, diff)
		}

		shuffled, err := m.run(rapid.Permutation(stays).Draw(t, "stays order"), rapid.Permutation(services).Draw(t, "services order"), opts)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(whole, shuffled); diff != "" {
			t.Fatalf("%s: result depends on the input order (-sorted +shuffled):\n%s", m.name, diff)
		}
	})
}

// TestFollowUpEvidenceMatchesTally checks that the evidence rows count up to the tallies, in
// total and by stratum, and that every numerator row was decided by a day in its window.
func TestFollowUpEvidenceMatchesTally(t *testing.T) {
	measures := fuMeasures()
	rapid.Check(t, func(t *rapid.T) {
		stays, services := fuPopulation(t, rapid.IntRange(0, 25).Draw(t, "patients"))
		m := rapid.SampledFrom(measures).Draw(t, "measure")
		opts := fuOptions(t)
		opts.Evidence = true
		res, err := m.run(stays, services, opts)
		if err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
		checkCounts(t, res)
		for _, e := range res.Evidence {
			if e.Reason == "" {
				t.Fatalf("%s: evidence row without a reason: %+v", m.name, e)
			}
			if e.Status == metrics.InNumerator && e.Decided.IsZero() {
				t.Fatalf("%s: numerator row decided by no day: %+v", m.name, e)
			}
		}
	})
}

// TestFollowUpDecidedInWindow checks, for the profiles whose window counts from the event
// day, that each numerator row's service falls in the window and each denominator row's
// patient had no accepted service there.
func TestFollowUpDecidedInWindow(t *testing.T) {
	profiles := []metrics.FollowUpRules{metrics.FUH7(2024), metrics.FUH30(2024), metrics.FMC(2024), metrics.MRP(2024),
		metrics.TRCDischargeInfo(2024), metrics.TRCEngagement(2024), metrics.TRCMedRec(2024)}
	rapid.Check(t, func(t *rapid.T) {
		stays, services := fuPopulation(t, rapid.IntRange(0, 25).Draw(t, "patients"))
		rules := rapid.SampledFrom(profiles).Draw(t, "rules")
		res, err := metrics.FollowUp(stays, services, rules, metrics.Options{Evidence: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range res.Evidence {
			if e.Status == metrics.Excluded {
				continue
			}
			var first civil.Date
			for _, s := range services {
				if s.Patient == e.Patient && !s.Attempt && rules.Window.Contains(e.Event, s.Day) &&
					slices.Contains(rules.Kinds, s.Kind) && (first.IsZero() || s.Day.Before(first)) {
					first = s.Day
				}
			}
			if (e.Status == metrics.InNumerator) != !first.IsZero() || e.Status == metrics.InNumerator && e.Decided != first {
				t.Fatalf("%s: %+v, but the first accepted service in %s from %s is on %s", rules.Measure, e, rules.Window, e.Event, first)
			}
		}
	})
}

// TestFollowUpArbitraryInput checks that arbitrary records and rules, valid or not, give a
// result or a carecoord.ErrInvalid error, never a panic, and that evidence still adds up.
func TestFollowUpArbitraryInput(t *testing.T) {
	days := rapid.Custom(func(t *rapid.T) civil.Date {
		if fuRare(t) {
			return rapid.SampledFrom([]civil.Date{{}, fuD("9999-12-31"), fuD("9999-12-01"), fuD("0001-01-01")}).Draw(t, "edge day")
		}
		return fuD("2023-11-01").AddDays(rapid.IntRange(0, 500).Draw(t, "day"))
	})
	settings := fuMostly(transition.Settings(), "", "ward")
	dispositions := fuMostly(transition.Dispositions(), "", "99")
	kinds := fuMostly(metrics.ServiceKinds(), "", "fax")
	patients := fuMostly([]carecoord.PatientID{"a", "b", "c"}, "", "bad id")
	measures := fuMeasures()
	rapid.Check(t, func(t *rapid.T) {
		var stays []metrics.Stay
		day := days.Draw(t, "first")
		for i := range rapid.IntRange(0, 12).Draw(t, "stays") {
			admitted := day.AddDays(fuMostly([]int{0, 1, 2, 10, 30}, -1).Draw(t, "gap")) // now and then overlapping
			day = admitted.AddDays(fuMostly([]int{0, 1, 3, 8}, -1).Draw(t, "los"))       // now and then before the admission
			stays = append(stays, metrics.Stay{ID: strconv.Itoa(i), Patient: patients.Draw(t, "patient"), Setting: settings.Draw(t, "setting"),
				Admitted: admitted, Discharged: day, Disposition: dispositions.Draw(t, "disposition")})
		}
		var services []metrics.Service
		for range rapid.IntRange(0, 12).Draw(t, "services") {
			services = append(services, metrics.Service{Patient: patients.Draw(t, "patient"), Day: days.Draw(t, "day"), Kind: kinds.Draw(t, "kind"),
				Attempt: rapid.Bool().Draw(t, "attempt")})
		}
		opts := fuOptions(t)
		opts.Evidence = true
		var res metrics.Result
		var err error
		if rapid.Bool().Draw(t, "custom rules") {
			rules := rapid.SampledFrom(append([]metrics.FollowUpRules{metrics.FUH7(2024), metrics.FMC(2024)}, metrics.TRC(9999)...)).Draw(t, "rules")
			from := fuMostly([]int{-2, 0, 1, 7}, -4000, 4000).Draw(t, "from")
			rules.Window = metrics.Window{From: from, To: from + fuMostly([]int{0, 6, 29, 300}, -1).Draw(t, "length")}
			rules.Readmission.To = fuMostly([]int{0, 7, 30, 400}, -1).Draw(t, "readmission")
			rules.OnePer = fuMostly([]int{0, 1, 8, 366}, -1, 367).Draw(t, "onePer")
			res, err = metrics.FollowUp(stays, services, rules, opts)
		} else {
			res, err = rapid.SampledFrom(measures).Draw(t, "measure").run(stays, services, opts)
		}
		if err != nil {
			if !errors.Is(err, carecoord.ErrInvalid) {
				t.Fatalf("error %v does not match carecoord.ErrInvalid", err)
			}
			return
		}
		if n := res.Total.Denominator + res.Total.Excluded; n != int64(len(res.Evidence)) {
			t.Fatalf("%d evidence rows for %+v", len(res.Evidence), res.Total)
		}
	})
}

// fuRare reports true about one time in a hundred. rapid favours the ends of a range, so the
// rare value is one in the middle.
func fuRare(t *rapid.T) bool { return rapid.IntRange(0, 99).Draw(t, "rare") == 50 }

// fuMostly draws one of valid, and rarely one of invalid.
func fuMostly[T any](valid []T, invalid ...T) *rapid.Generator[T] {
	return rapid.Custom(func(t *rapid.T) T {
		if fuRare(t) {
			return rapid.SampledFrom(invalid).Draw(t, "bad")
		}
		return rapid.SampledFrom(valid).Draw(t, "good")
	})
}
