package careplantest

import (
	"fmt"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/careplan"
	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/civil/civiltest"
	"pgregory.net/rapid"
)

// Actor generates valid actors of every kind.
func Actor() *rapid.Generator[carecoord.Actor] {
	return rapid.Custom(func(t *rapid.T) carecoord.Actor {
		return carecoord.Actor{
			Kind: rapid.SampledFrom(carecoord.ActorKinds()).Draw(t, "kind"),
			ID:   rapid.StringMatching(`[a-z][a-z0-9-]{0,11}`).Draw(t, "id"),
		}
	})
}

// Goal generates valid goals with the given id: a coded or textual description, any lifecycle
// status, and sometimes a priority.
func Goal(id string) *rapid.Generator[careplan.Goal] {
	return rapid.Custom(func(t *rapid.T) careplan.Goal {
		g := careplan.Goal{
			ID:        id,
			Lifecycle: rapid.SampledFrom(careplan.GoalStatuses()).Draw(t, "lifecycle"),
		}
		if rapid.Bool().Draw(t, "coded") {
			g.Description = carecoord.Coding{System: carecoord.SystemSNOMED, Code: rapid.StringMatching(`[1-9][0-9]{5,8}`).Draw(t, "code")}
		} else {
			g.Text = rapid.SampledFrom([]string{"HbA1c below 8%", "Walks 150 minutes a week", "Stable housing"}).Draw(t, "text")
		}
		return g
	})
}

// Activity generates valid unscheduled activities with the given id, serving some of goals.
func Activity(id string, goals []string) *rapid.Generator[careplan.Activity] {
	return rapid.Custom(func(t *rapid.T) careplan.Activity {
		a := careplan.Activity{
			ID:                    id,
			Kind:                  rapid.SampledFrom(careplan.ActivityKinds()).Draw(t, "kind"),
			Status:                rapid.SampledFrom(careplan.ActivityStatuses()).Draw(t, "status"),
			CountsTowardAdherence: rapid.Bool().Draw(t, "counts"),
		}
		if rapid.Bool().Draw(t, "has performer") {
			a.Performer = Actor().Draw(t, "performer")
		}
		for _, g := range goals {
			if rapid.Bool().Draw(t, "serves "+g) {
				a.Goals = append(a.Goals, g)
			}
		}
		return a
	})
}

// Plan generates valid, never-saved care plans (Version 0) with the given id, stamped as
// updated at a fixed instant by a device: any status and intent, up to three goals and four
// activities, sometimes a coordinator and a team.
func Plan(id string) *rapid.Generator[careplan.CarePlan] {
	return rapid.Custom(func(t *rapid.T) careplan.CarePlan {
		p := careplan.CarePlan{
			Meta: carecoord.Meta{ID: id, UpdatedAt: time.Date(2025, 9, 1, 12, 0, 0, 0, time.UTC),
				UpdatedBy: carecoord.Actor{Kind: carecoord.ActorDevice, ID: "generator"}},
			Patient: carecoord.PatientID(rapid.SampledFrom([]string{"pat-1", "pat-2", "pat-3"}).Draw(t, "patient")),
			Status:  rapid.SampledFrom(careplan.Statuses()).Draw(t, "status"),
			Intent:  rapid.SampledFrom(careplan.Intents()).Draw(t, "intent"),
			Title:   "Care plan",
		}
		start := civiltest.Recent().Draw(t, "start")
		p.Period = civil.Period{Start: start}
		if rapid.Bool().Draw(t, "has coordinator") {
			p.Coordinator = carecoord.Actor{Kind: carecoord.ActorPractitioner,
				ID: rapid.SampledFrom([]string{"rn-1", "rn-2"}).Draw(t, "coordinator")}
		}
		if rapid.Bool().Draw(t, "has team") {
			p.Team = careplan.CareTeam{Status: careplan.TeamActive, Participants: []careplan.Participant{{Member: Actor().Draw(t, "member")}}}
		}
		var goalIDs []string
		for i := range rapid.IntRange(0, 3).Draw(t, "goals") {
			gid := fmt.Sprintf("g%d", i+1)
			goalIDs = append(goalIDs, gid)
			p.Goals = append(p.Goals, Goal(gid).Draw(t, gid))
		}
		for i := range rapid.IntRange(0, 4).Draw(t, "activities") {
			aid := fmt.Sprintf("a%d", i+1)
			p.Activities = append(p.Activities, Activity(aid, goalIDs).Draw(t, aid))
		}
		return p
	})
}
