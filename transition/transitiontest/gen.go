package transitiontest

import (
	"fmt"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/civil/civiltest"
	"github.com/carecoord/carecoord/transition"
	"pgregory.net/rapid"
)

// Zones returns the fixed-offset zones the generators use by default: UTC and three US-like
// offsets, each named as the IANA database names it, so that time.LoadLocation(loc.String())
// finds the same offset. They have no daylight-saving rules.
func Zones() []*time.Location {
	return []*time.Location{time.UTC, time.FixedZone("Etc/GMT+5", -5*3600),
		time.FixedZone("Etc/GMT+7", -7*3600), time.FixedZone("Etc/GMT+10", -10*3600)}
}

func generator() carecoord.Actor {
	return carecoord.Actor{Kind: carecoord.ActorDevice, ID: "generator"}
}

// stamp is the instant generated records are saved at.
func stamp() time.Time { return time.Date(2025, 9, 1, 12, 0, 0, 0, time.UTC) }

// Event generates valid, never-saved events with the given id, in the zones of [Zones]. See
// [EventIn].
func Event(id string) *rapid.Generator[transition.Event] { return EventIn(id, Zones()...) }

// EventIn generates valid, never-saved events (Version 0) with the given id, in one of locs: any
// kind, a setting that fits it, admitted on a day from 1990 to 2040 at any minute, stays of up to
// 30 days (an ED visit or observation stay may still be open), a disposition that fits the kind,
// sometimes diagnoses, a primary care practice and a risk tier. It panics if locs is empty.
func EventIn(id string, locs ...*time.Location) *rapid.Generator[transition.Event] {
	if len(locs) == 0 {
		panic("transitiontest.EventIn: no locations")
	}
	return rapid.Custom(func(t *rapid.T) transition.Event {
		loc := rapid.SampledFrom(locs).Draw(t, "zone")
		kind := rapid.SampledFrom(transition.Kinds()).Draw(t, "kind")
		e := transition.Event{
			Meta:     carecoord.Meta{ID: id, UpdatedAt: stamp(), UpdatedBy: generator()},
			Kind:     kind,
			Patient:  carecoord.PatientID(rapid.SampledFrom([]string{"pat-1", "pat-2", "pat-3"}).Draw(t, "patient")),
			Facility: carecoord.Actor{Kind: carecoord.ActorOrganization, ID: rapid.SampledFrom([]string{"hosp-a", "hosp-b"}).Draw(t, "facility")},
		}.WithLocation(loc)
		switch kind {
		case transition.KindEDVisit:
			e.Setting = transition.SettingEmergencyDepartment
		case transition.KindObservation:
			e.Setting = transition.SettingObservation
		default:
			e.Setting = rapid.SampledFrom([]transition.Setting{transition.SettingAcuteInpatient, transition.SettingPsychiatricInpatient,
				transition.SettingInpatientRehab, transition.SettingLongTermCareHospital, transition.SettingSkilledNursing,
				transition.SettingPartialHospital, transition.SettingCMHCPartialHospital}).Draw(t, "setting")
		}
		day := civiltest.Recent().Draw(t, "admitted day")
		e.Admitted = day.In(loc).Add(time.Duration(rapid.IntRange(0, 24*60-1).Draw(t, "admitted minute")) * time.Minute)
		open := kind == transition.KindAdmission ||
			(kind == transition.KindEDVisit || kind == transition.KindObservation) && rapid.IntRange(0, 4).Draw(t, "open") == 0
		if !open {
			e.Discharged = e.Admitted.Add(time.Duration(rapid.IntRange(0, 30*24*60).Draw(t, "stay minutes")) * time.Minute)
			var fits []transition.Disposition
			for _, s := range transition.Dispositions() {
				d := s.Destination()
				switch {
				case d == transition.DestStillPatient:
				case kind == transition.KindTransfer && !d.IsInpatientTransfer():
				case kind == transition.KindDischarge && d == transition.DestAdmitted:
				default:
					fits = append(fits, s)
				}
			}
			e.Disposition = rapid.SampledFrom(fits).Draw(t, "disposition")
		}
		for i := range rapid.IntRange(0, 2).Draw(t, "diagnoses") {
			e.Diagnoses = append(e.Diagnoses, carecoord.Coding{System: carecoord.SystemICD10CM,
				Code: rapid.SampledFrom([]string{"I21.4", "E11.9", "I50.9", "J44.1", "N18.4"}).Draw(t, fmt.Sprint("diagnosis ", i))})
		}
		if rapid.Bool().Draw(t, "has primary care") {
			e.PrimaryCare = carecoord.Actor{Kind: carecoord.ActorOrganization, ID: rapid.SampledFrom([]string{"pcp-1", "pcp-2"}).Draw(t, "primary care")}
		}
		e.Risk = rapid.SampledFrom([]transition.RiskTier{"", transition.RiskLow, transition.RiskModerate, transition.RiskHigh}).Draw(t, "risk")
		return e
	})
}

// DueRule generates valid due rules: counted from the admission, the discharge or an item, up to
// 240 hours, 60 days or 20 business days (hours or days only after an item: business days after
// an item are not valid), including "before" (0 hours), and about one in three with an earliest
// bound (From from 1 to N-1). An item-anchored rule names one of items, or, when none are given,
// a generated valid key (valid as a rule; a template needs the key to name an earlier item).
func DueRule(items ...transition.ItemKey) *rapid.Generator[transition.DueRule] {
	return rapid.Custom(func(t *rapid.T) transition.DueRule {
		r := transition.DueRule{
			Anchor: rapid.SampledFrom(transition.Anchors()).Draw(t, "anchor"),
		}
		units := transition.Units()
		if r.Anchor == transition.AnchorItem {
			units = []transition.Unit{transition.UnitHours, transition.UnitDays}
			if len(items) > 0 {
				r.Item = rapid.SampledFrom(items).Draw(t, "item")
			} else {
				r.Item = transition.ItemKey(rapid.StringMatching(`[a-z][a-z0-9-]{0,15}`).Draw(t, "item"))
			}
		}
		r.Unit = rapid.SampledFrom(units).Draw(t, "unit")
		switch r.Unit {
		case transition.UnitHours:
			r.N = rapid.IntRange(0, 240).Draw(t, "hours")
		case transition.UnitDays:
			r.N = rapid.IntRange(0, 60).Draw(t, "days")
		default:
			r.N = rapid.IntRange(0, 20).Draw(t, "business days")
		}
		if r.N > 1 && rapid.IntRange(0, 2).Draw(t, "has from") == 0 {
			r.From = rapid.IntRange(1, r.N-1).Draw(t, "from")
		}
		return r
	})
}

// Checklist generates valid, never-saved checklists with the given id from the built-in templates
// of a programme with home visits and TCM ([transition.StandardTemplates]); see [ChecklistOf].
func Checklist(id string) *rapid.Generator[transition.Checklist] {
	return ChecklistOf(id, transition.StandardTemplates(transition.ProgramOptions{TCM: true,
		PostDischarge: transition.PostDischargeOptions{HomeVisits: true}})...)
}

// ChecklistOf generates valid, never-saved checklists with the given id: one of specs (which must
// be valid) applied to a generated event, with the US federal calendar, then some items started,
// completed with evidence or waived, in template order at increasing times. When the template's
// purpose does not apply to the event drawn, the event is made into one it applies to (an
// admission under way for the discharge checklist, a discharge home for the follow-ups, an ED
// visit sent home, a discharge to a SNF for the hand-off). It panics if specs is empty.
func ChecklistOf(id string, specs ...transition.TemplateSpec) *rapid.Generator[transition.Checklist] {
	if len(specs) == 0 {
		panic("transitiontest.ChecklistOf: no templates")
	}
	return rapid.Custom(func(t *rapid.T) transition.Checklist {
		spec := rapid.SampledFrom(specs).Draw(t, "template")
		e := Event("enc-"+id).Draw(t, "event")
		if transition.Applies(spec.Purpose, e) != nil {
			e = fit(e, spec.Purpose)
		}
		tpl, err := transition.NewTemplate(spec)
		if err != nil {
			t.Fatalf("NewTemplate(%s): %v", spec.ID, err)
		}
		c, err := transition.Instantiate(tpl, e, civil.USFederal())
		if err != nil {
			t.Fatalf("Instantiate(%s): %v", spec.ID, err)
		}
		c.Meta = carecoord.Meta{ID: id, UpdatedAt: stamp(), UpdatedBy: generator()}
		at := e.Admitted
		by := carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-1"}
		for _, it := range c.Items {
			at = at.Add(time.Duration(rapid.IntRange(1, 48*60).Draw(t, "minutes")) * time.Minute)
			var next transition.Checklist
			switch rapid.IntRange(0, 3).Draw(t, "action") {
			case 1:
				next, err = transition.Start(c, it.Key, at, by)
			case 2:
				next, err = transition.Complete(c, it.Key, at, by, EvidenceFor(it, "ev-"+string(it.Key))...)
			case 3:
				next, err = transition.Waive(c, it.Key, at, by, carecoord.Coding{System: "urn:example:waiver-reason", Code: "not-needed"})
			default:
				continue
			}
			if err == nil {
				c = next
			}
		}
		return c
	})
}

// EvidenceFor returns evidence an item accepts, with a reference of the right type and the given
// id: nothing for an item that needs none.
func EvidenceFor(it transition.Item, id string) []transition.Evidence {
	if len(it.Accepts) == 0 {
		return nil
	}
	k := it.Accepts[0]
	if k == transition.EvidenceAttestation {
		return []transition.Evidence{{Kind: k}}
	}
	return []transition.Evidence{{Kind: k, Ref: k.ResourceType() + "/" + id}}
}

// fit returns e changed into an event that a checklist of purpose p applies to.
func fit(e transition.Event, p transition.Purpose) transition.Event {
	if e.Discharged.IsZero() {
		e.Discharged = e.Admitted.Add(30 * time.Hour)
	}
	e.Kind, e.Setting, e.Disposition = transition.KindDischarge, transition.SettingAcuteInpatient, transition.DispositionHome
	switch p {
	case transition.PurposeDischarge:
		e.Kind, e.Discharged, e.Disposition = transition.KindAdmission, time.Time{}, ""
	case transition.PurposeEDFollowUp:
		e.Kind, e.Setting = transition.KindEDVisit, transition.SettingEmergencyDepartment
	case transition.PurposeHandoff:
		e.Disposition = transition.DispositionSNF
	}
	return e
}
