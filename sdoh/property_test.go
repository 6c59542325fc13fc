package sdoh_test

import (
	"slices"
	"testing"

	"github.com/carecoord/carecoord/sdoh"
	"github.com/carecoord/carecoord/sdoh/sdohtest"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// Valid responses, drawn by the kit's generators, score as valid, deterministically, and a
// negative overall result has every reported domain negative.
func TestScoreValidResponses(t *testing.T) {
	s := screener(t)
	var reused sdoh.Result
	rapid.Check(t, func(t *rapid.T) {
		r := sdohtest.Response("r1").Draw(t, "response")
		res := s.Score(r)
		if !res.Valid {
			t.Fatalf("a valid response scored as invalid: %v", s.Validate(r))
		}
		s.ScoreInto(&reused, &r)
		if diff := cmp.Diff(res, reused, cmpOpts()); diff != "" {
			t.Fatalf("ScoreInto(reused) differs from Score (-Score +ScoreInto):\n%s", diff)
		}
		for _, d := range res.Domains {
			if res.Status == sdoh.StatusNegative && d.Status != sdoh.StatusNegative {
				t.Fatalf("overall negative with domain %s %s", d.Domain, d.Status)
			}
			if d.Status == sdoh.StatusPositive && len(d.Items) == 0 {
				t.Fatalf("domain %s positive with no deciding item", d.Domain)
			}
			if d.Status == sdoh.StatusNegative && d.Reason == sdoh.ReasonIncomplete {
				t.Fatalf("domain %s negative for an incomplete reason", d.Domain)
			}
		}
	})
}

// Breaking a valid response in any one way (dropping a required item, answering an item twice,
// an answer from no list) never makes a domain more negative: an unknown domain never becomes
// negative, and the response is never negative overall. A domain that was positive stays
// positive when an item is answered twice (the same answer again: its evidence is unchanged),
// and when the broken item is not one of the domain's. (Dropping or spoiling one of its own
// items may take away the points that made a sum rule positive: that domain may turn unknown.)
func TestBreakingAResponseNeverMakesItNegative(t *testing.T) {
	s := screener(t)
	rapid.Check(t, func(t *rapid.T) {
		r := sdohtest.Response("r1").Draw(t, "response")
		before := s.Score(r)
		if len(r.Answers) == 0 {
			t.Skip("nothing to break")
		}
		r = r.Clone()
		k := rapid.IntRange(0, len(r.Answers)-1).Draw(t, "answer")
		broken := r.Answers[k].Item
		how := rapid.IntRange(0, 2).Draw(t, "how")
		switch how {
		case 0:
			r.Answers = append(r.Answers[:k], r.Answers[k+1:]...)
		case 1:
			r.Answers = append(r.Answers, r.Answers[k])
		case 2:
			r.Answers[k] = sdoh.Choose(r.Answers[k].Item, "LA1-0")
		}
		after := s.Score(r)
		if s.Validate(r) != nil && after.Status == sdoh.StatusNegative {
			t.Fatalf("a broken response scored negative")
		}
		for _, d := range after.Domains {
			if was, _ := before.Domain(d.Domain); was.Status == sdoh.StatusUnknown && d.Status == sdoh.StatusNegative {
				t.Fatalf("domain %s went from unknown to negative when the response was broken", d.Domain)
			}
		}
		for _, was := range before.Domains {
			if was.Status != sdoh.StatusPositive {
				continue
			}
			ownItem := slices.Contains(was.Items, broken) || slices.Contains(was.Missing, broken) || inDomain(before, was.Domain, broken)
			if how != 1 && ownItem {
				continue
			}
			if d, ok := after.Domain(was.Domain); !ok || d.Status != sdoh.StatusPositive {
				t.Fatalf("domain %s was positive and is %s (reported %v) after breaking item %s (how %d)",
					was.Domain, d.Status, ok, broken, how)
			}
		}
		if before.Urgent.Raised && !after.Urgent.Raised && how == 1 {
			t.Fatalf("answering item %s twice lowered the urgent flag", broken)
		}
	})
}

// inDomain reports whether res reports item as one of domain's items.
func inDomain(res sdoh.Result, domain sdoh.DomainID, item string) bool {
	return slices.ContainsFunc(res.Items, func(it sdoh.ItemResult) bool { return it.Item == item && it.Domain == domain })
}
