package carecoord_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/carecoord/carecoord"
)

// planStatus and plan stand in for a domain package's status type and record.
type planStatus string

const (
	draft     planStatus = "draft"
	active    planStatus = "active"
	completed planStatus = "completed"
	revoked   planStatus = "revoked"
)

// next is the transition table, written once as a switch.
func (s planStatus) next() []planStatus {
	switch s {
	case draft:
		return []planStatus{active, revoked}
	case active:
		return []planStatus{completed, revoked}
	}
	return nil
}

type plan struct {
	Meta    carecoord.Meta
	Status  planStatus
	History []carecoord.Transition
}

// moveTo is what a domain package's Transition function looks like.
func moveTo(p plan, to planStatus, at time.Time, by carecoord.Actor) (plan, error) {
	lc := carecoord.Lifecycle[planStatus]{Record: "care plan", Next: planStatus.next}
	h, err := lc.Move(p.History, p.Status, to, at, by, carecoord.Coding{})
	if err != nil {
		return p, err
	}
	p.History, p.Status = h, to
	return p, nil
}

func ExampleLifecycle() {
	nurse := carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-7", Display: "Coordinator"}
	at := time.Date(2025, 8, 29, 9, 0, 0, 0, time.UTC)

	p := plan{Status: draft}
	p, _ = moveTo(p, active, at, nurse)
	p, _ = moveTo(p, completed, at.Add(30*24*time.Hour), nurse)
	for _, t := range p.History {
		fmt.Printf("%s -> %s on %s by %s\n", t.From, t.To, t.At.Format(time.DateOnly), t.By.ID)
	}

	_, err := moveTo(p, active, at.Add(31*24*time.Hour), nurse)
	fmt.Println(errors.Is(err, carecoord.ErrTransition))
	fmt.Println(err)
	// Output:
	// draft -> active on 2025-08-29 by rn-7
	// active -> completed on 2025-09-28 by rn-7
	// true
	// care plan: cannot move from completed to active (completed has no moves)
}

func ExampleFieldErrors() {
	validate := func(coordinator carecoord.Actor, goals []carecoord.Coding) error {
		var errs carecoord.FieldErrors
		errs.Nest("coordinator", coordinator.Validate())
		for i, g := range goals {
			errs.Nest(carecoord.Path("goals", i, "code"), g.Validate())
		}
		return errs.Err()
	}

	err := validate(carecoord.Actor{Kind: "nurse"}, []carecoord.Coding{
		{System: carecoord.SystemLOINC, Code: "4548-4"},
		{System: "loinc.org", Code: "4548-4"},
	})
	var list carecoord.FieldErrors
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Println(e.Path, e.Code)
		}
	}
	fmt.Println(errors.Is(err, carecoord.ErrInvalid))
	// Output:
	// coordinator.kind not-supported
	// coordinator.id required
	// goals[1].code.system invalid
	// true
}

// counterStore is a minimal Store with optimistic concurrency, for the example.
type counterStore struct{ versions []int }

func (s *counterStore) Get(_ context.Context, id string) (counter, error) {
	return counter{Meta: carecoord.Meta{ID: id, Version: int64(len(s.versions))}, N: s.versions[len(s.versions)-1]}, nil
}

func (s *counterStore) Save(_ context.Context, c counter) (counter, error) {
	if c.Version != int64(len(s.versions)) {
		return c, carecoord.ErrConflict
	}
	s.versions = append(s.versions, c.N)
	c.Version++
	return c, nil
}

type counter struct {
	carecoord.Meta
	N int
}

func ExampleUpdate() {
	s := &counterStore{versions: []int{0}}
	interfere := true
	at := time.Date(2025, 9, 3, 10, 0, 0, 0, time.UTC)
	by := carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-7"}
	c, err := carecoord.Update(context.Background(), s, "c1", at, by, func(c counter) (counter, error) {
		if interfere { // another writer saves between our read and our save
			interfere = false
			s.versions = append(s.versions, 100)
		}
		c.N++
		return c, nil
	})
	fmt.Println(c.N, c.Version, c.UpdatedBy.ID, err)
	fmt.Println(slices.Equal(s.versions, []int{0, 100, 101}))
	// Output:
	// 101 3 rn-7 <nil>
	// true
}
