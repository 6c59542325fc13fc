package sdoh_test

import (
	"slices"
	"testing"

	"github.com/carecoord/carecoord/sdoh"
	"github.com/google/go-cmp/cmp"
)

func domainIDs(r sdoh.Result) []sdoh.DomainID {
	var ids []sdoh.DomainID
	for _, d := range r.Domains {
		ids = append(ids, d.Domain)
	}
	return ids
}

func itemCodes(r sdoh.Result) []string {
	var codes []string
	for _, it := range r.Items {
		codes = append(codes, it.Item)
	}
	return codes
}

// A safety-positive screen answered by a proxy: the proxy (and the portal, and a community
// organisation) never see the safety domain, its items, its warnings or that it was positive.
func TestDiscloseSafetyPositiveToProxy(t *testing.T) {
	s := screener(t)
	for _, tt := range []struct {
		name   string
		r      sdoh.Response
		status sdoh.Status // what the proxy sees
	}{
		// Safety is withheld whatever its status, so a screen with no other positive domain
		// reads unknown, never negative: the same whether safety was positive or not.
		{"only safety positive", ahc(steady, []string{none}, never, never, no, no, safety(5, 3, 3, 3)), sdoh.StatusUnknown},
		{"safety and food positive", ahc(steady, []string{none}, often, never, no, no, safety(5, 3, 3, 3)), sdoh.StatusPositive},
		{"safety negative", ahc(steady, []string{none}, never, never, no, no, safety(1, 1, 1, 1)), sdoh.StatusUnknown},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.r.Respondent = sdoh.RespondentProxy
			full := s.Score(tt.r)
			for _, to := range []sdoh.Audience{sdoh.AudienceProxy, sdoh.AudiencePatient} {
				got := sdoh.Disclose(full, to)
				if slices.Contains(domainIDs(got), sdoh.DomainSafety) {
					t.Errorf("%s sees the safety domain", to)
				}
				for _, code := range itemCodes(got) {
					if slices.Contains(safetyItems(), code) {
						t.Errorf("%s sees safety item %s", to, code)
					}
				}
				for _, w := range got.Warnings {
					if w.Domain == sdoh.DomainSafety || w.Code == sdoh.WarnAnyPhysicalHarm {
						t.Errorf("%s sees warning %+v", to, w)
					}
				}
				if got.Status != tt.status {
					t.Errorf("%s sees status %s, want %s", to, got.Status, tt.status)
				}
				if !cmp.Equal(got.Withheld, []sdoh.DomainID{sdoh.DomainSafety}) {
					t.Errorf("%s: Withheld = %v, want [safety] whatever its status", to, got.Withheld)
				}
				for _, n := range sdoh.DiscloseNeeds(sdoh.Needs(full), to) {
					if n.Domain == sdoh.DomainSafety {
						t.Errorf("%s sees a safety need", to)
					}
				}
			}
			if care := sdoh.Disclose(full, sdoh.AudienceCareTeam); !cmp.Equal(care, full, cmpOpts()) {
				t.Errorf("the care team does not see the whole result")
			}
		})
	}
}

func TestDiscloseUrgentOnlyToCareTeam(t *testing.T) {
	full := screener(t).Score(scaleResponse(sdoh.PHQ9, 0, 0, 0, 0, 0, 0, 0, 0, 2))
	if !full.Urgent.Raised {
		t.Fatal("PHQ-9 item 9 at 2 did not raise the urgent flag")
	}
	if got := sdoh.Disclose(full, sdoh.AudienceCareTeam); !got.Urgent.Raised {
		t.Errorf("the care team does not see the urgent flag")
	}
	for _, to := range []sdoh.Audience{sdoh.AudiencePatient, sdoh.AudienceProxy, sdoh.AudienceCBO, "neighbour"} {
		got := sdoh.Disclose(full, to)
		if got.Urgent.Raised || len(got.Domains) != 0 || len(got.Items) != 0 || got.HasTotal || got.Status != sdoh.StatusUnknown {
			t.Errorf("%s sees %+v; want nothing of a restricted instrument", to, got)
		}
	}
}

// A community organisation sees the positive needs it is asked to meet and nothing else.
func TestDiscloseToCBO(t *testing.T) {
	full := screener(t).Score(ahc(noSteady, []string{mold, noHeat}, never, often, yes, no, safety(2, 3, 3, 3)))
	got := sdoh.Disclose(full, sdoh.AudienceCBO)
	want := []sdoh.DomainID{sdoh.DomainLivingSituation, sdoh.DomainFood, sdoh.DomainTransportation}
	if diff := cmp.Diff(want, domainIDs(got)); diff != "" {
		t.Errorf("CBO domains mismatch (-want +got):\n%s", diff)
	}
	wantItems := []string{"71802-3", "96778-6", "88122-7", "88123-5", "93030-5"}
	if diff := cmp.Diff(wantItems, itemCodes(got)); diff != "" {
		t.Errorf("CBO items mismatch (-want +got):\n%s", diff)
	}
	if len(got.Warnings) != 0 || got.Status != sdoh.StatusPositive {
		t.Errorf("CBO sees warnings %v, status %s", got.Warnings, got.Status)
	}
}

// Disclose returns a result that shares no slice with its input.
func TestDiscloseDoesNotAlias(t *testing.T) {
	// A proxy's answers with a contradiction and a declined item: warnings and missing items
	// to scribble on, and a Withheld list (as a result disclosed before would have).
	r := ahc(noSteady, []string{mold, none}, never, often, yes, no, safety(2, 3, 3, 3))
	r.Respondent = sdoh.RespondentProxy
	r.Answers[3] = sdoh.Skip(r.Answers[3].Item, sdoh.AbsentDeclined)
	full := screener(t).Score(r)
	full.Withheld = []sdoh.DomainID{sdoh.DomainSafety}
	if len(full.Warnings) == 0 || !slices.ContainsFunc(full.Domains, func(d sdoh.DomainResult) bool { return len(d.Missing) > 0 }) {
		t.Fatalf("the input has no warning or no missing item to scribble on: %+v", full)
	}
	want := sdoh.Disclose(full, sdoh.AudienceCareTeam)
	for _, to := range sdoh.Audiences() {
		got := sdoh.Disclose(full, to)
		for i := range got.Domains {
			got.Domains[i].Status = "changed"
			if len(got.Domains[i].Items) > 0 {
				got.Domains[i].Items[0] = "changed"
			}
			if len(got.Domains[i].Categories) > 0 {
				got.Domains[i].Categories[0] = "changed"
			}
		}
		for i := range got.Items {
			got.Items[i].Item = "changed"
		}
		for i := range got.Warnings {
			got.Warnings[i].Code, got.Warnings[i].Item = "changed", "changed"
		}
		for i := range got.Withheld {
			got.Withheld[i] = "changed"
		}
		for i := range got.Domains {
			if len(got.Domains[i].Missing) > 0 {
				got.Domains[i].Missing[0] = "changed"
			}
		}
	}
	if diff := cmp.Diff(want, full, cmpOpts()); diff != "" {
		t.Errorf("changing a disclosed result changed the original (-before +after):\n%s", diff)
	}
}
