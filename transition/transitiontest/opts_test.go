package transitiontest

import (
	"testing"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/transition"
	"github.com/google/go-cmp/cmp"
)

// storeOpts equates what a store may change (zone of an instant, sub-microsecond digits, nil and
// empty slices) and nothing else.
func TestStoreOpts(t *testing.T) {
	home := event("enc-1", "pat-1", "hosp-a", transition.KindDischarge, "2025-08-29", transition.DispositionHome)
	c := checklist("c1", home, transition.DischargeTemplate())
	same := c.Clone()
	same.UpdatedAt = same.UpdatedAt.In(time.UTC).Add(400 * time.Nanosecond)
	same.Items[0].DoneAt = same.Items[0].DoneAt.UTC()
	same.Items[2].History, same.Items[2].Evidence = []carecoord.Transition{}, []transition.Evidence{} // nil in c
	if diff := cmp.Diff(c, same, storeOpts()); diff != "" {
		t.Errorf("store-equivalent checklists differ:\n%s", diff)
	}
	for name, change := range map[string]func(*transition.Checklist){
		"status":        func(c *transition.Checklist) { c.Items[3].Status = transition.ItemInProgress },
		"due":           func(c *transition.Checklist) { c.Items[4].Due = c.Items[4].Due.Add(time.Second) },
		"prerequisite":  func(c *transition.Checklist) { c.Items[8].Prerequisites = c.Items[8].Prerequisites[:1] },
		"evidence":      func(c *transition.Checklist) { c.Items[0].Evidence[0].Ref = "Communication/other" },
		"history actor": func(c *transition.Checklist) { c.Items[1].History[0].By.ID = "other" },
		"zone":          func(c *transition.Checklist) { c.Zone = "UTC" },
	} {
		d := c.Clone()
		change(&d)
		if cmp.Diff(c, d, storeOpts()) == "" {
			t.Errorf("a changed %s is not a difference", name)
		}
	}
	e := home.Clone()
	e.Discharged = e.Discharged.UTC()
	if diff := cmp.Diff(home, e, storeOpts()); diff != "" {
		t.Errorf("store-equivalent events differ:\n%s", diff)
	}
	e.Diagnoses[1].Code = "E11.65"
	if cmp.Diff(home, e, storeOpts()) == "" {
		t.Errorf("a changed diagnosis is not a difference")
	}
}
