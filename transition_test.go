package carecoord_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/carecoord/carecoord"
)

// toyStatus is a small lifecycle written the way a domain package writes one:
//
//	draft     -> active | revoked
//	active    -> on-hold | completed | revoked
//	on-hold   -> active | revoked
//	completed    (terminal)
//	revoked      (terminal)
type toyStatus string

const (
	toyDraft     toyStatus = "draft"
	toyActive    toyStatus = "active"
	toyOnHold    toyStatus = "on-hold"
	toyCompleted toyStatus = "completed"
	toyRevoked   toyStatus = "revoked"
)

// toyNext is the transition table under test, as a switch.
func toyNext(s toyStatus) []toyStatus {
	switch s {
	case toyDraft:
		return []toyStatus{toyActive, toyRevoked}
	case toyActive:
		return []toyStatus{toyOnHold, toyCompleted, toyRevoked}
	case toyOnHold:
		return []toyStatus{toyActive, toyRevoked}
	}
	return nil
}

var toyLifecycle = carecoord.Lifecycle[toyStatus]{Record: "toy plan", Next: toyNext}

// toyStatuses are the valid statuses, plus (in toyCandidates) strings that are not statuses.
func toyStatuses() []toyStatus {
	return []toyStatus{toyDraft, toyActive, toyOnHold, toyCompleted, toyRevoked}
}

func toyCandidates() []toyStatus {
	return append(toyStatuses(), "", "bogus", "Active", "on_hold")
}

// toyAllowed is the specification, written out by hand and independent of toyNext: the only
// (from, to) pairs the lifecycle may allow.
func toyAllowed() map[[2]toyStatus]bool {
	return map[[2]toyStatus]bool{
		{"draft", "active"}:     true,
		{"draft", "revoked"}:    true,
		{"active", "on-hold"}:   true,
		{"active", "completed"}: true,
		{"active", "revoked"}:   true,
		{"on-hold", "active"}:   true,
		{"on-hold", "revoked"}:  true,
	}
}

// toyTerminal is the specification's set of terminal statuses.
func toyTerminal() map[toyStatus]bool {
	return map[toyStatus]bool{"completed": true, "revoked": true}
}

var (
	toyT0    = time.Date(2025, 8, 29, 9, 0, 0, 0, time.UTC)
	toyNurse = carecoord.Actor{Kind: carecoord.ActorPractitioner, ID: "rn-7", Display: "Nurse Seven"}
)

func TestLifecycleCanMove(t *testing.T) {
	allowed := toyAllowed()
	n := 0
	for _, from := range toyCandidates() {
		for _, to := range toyCandidates() {
			want := allowed[[2]toyStatus{from, to}]
			if want {
				n++
			}
			if got := toyLifecycle.CanMove(from, to); got != want {
				t.Errorf("CanMove(%q, %q) = %t, want %t", from, to, got, want)
			}
		}
	}
	if n != len(allowed) {
		t.Fatalf("the spec has %d pairs but only %d were checked", len(allowed), n)
	}
}

func TestLifecycleIsTerminal(t *testing.T) {
	tests := []struct {
		s    toyStatus
		want bool
	}{
		{toyDraft, false},
		{toyActive, false},
		{toyOnHold, false},
		{toyCompleted, true},
		{toyRevoked, true},
		{"", true},      // not a status: no moves
		{"bogus", true}, // not a status: no moves
	}
	for _, tt := range tests {
		if got := toyLifecycle.IsTerminal(tt.s); got != tt.want {
			t.Errorf("IsTerminal(%q) = %t, want %t", tt.s, got, tt.want)
		}
	}
}

func TestLifecycleZero(t *testing.T) {
	var zero carecoord.Lifecycle[toyStatus]
	for _, from := range toyCandidates() {
		for _, to := range toyCandidates() {
			if zero.CanMove(from, to) {
				t.Errorf("zero Lifecycle CanMove(%q, %q) = true, want false", from, to)
			}
		}
		if !zero.IsTerminal(from) {
			t.Errorf("zero Lifecycle IsTerminal(%q) = false, want true", from)
		}
	}
	h, err := zero.Move(nil, toyDraft, toyActive, toyT0, toyNurse, carecoord.Coding{})
	var te *carecoord.TransitionError
	if !errors.As(err, &te) {
		t.Fatalf("zero Lifecycle Move error = %v, want a *TransitionError", err)
	}
	if !errors.Is(err, carecoord.ErrTransition) {
		t.Errorf("errors.Is(err, ErrTransition) = false, want true")
	}
	if len(te.Allowed) != 0 {
		t.Errorf("Allowed = %q, want none", te.Allowed)
	}
	if h != nil {
		t.Errorf("history = %v, want nil (unchanged)", h)
	}
	_ = err.Error() // must not panic
}

func TestLifecycleMove(t *testing.T) {
	reason := carecoord.Coding{System: carecoord.SystemSNOMED, Code: "183944003", Display: "Procedure refused"}
	first := carecoord.Transition{From: "draft", To: "active", At: toyT0, By: toyNurse}
	tests := []struct {
		name    string
		history []carecoord.Transition
		from    toyStatus
		to      toyStatus
		at      time.Time
		reason  carecoord.Coding
	}{
		{"first move", nil, toyDraft, toyActive, toyT0, carecoord.Coding{}},
		{"first move from empty non-nil history", []carecoord.Transition{}, toyDraft, toyRevoked, toyT0, reason},
		{"later move", []carecoord.Transition{first}, toyActive, toyOnHold, toyT0.Add(time.Hour), carecoord.Coding{}},
		{"same instant as the last entry", []carecoord.Transition{first}, toyActive, toyCompleted, toyT0, carecoord.Coding{}},
		{"same instant in another zone", []carecoord.Transition{first}, toyActive, toyCompleted, toyT0.In(time.FixedZone("EST", -5*3600)), carecoord.Coding{}},
		{"with reason", []carecoord.Transition{first}, toyActive, toyRevoked, toyT0.Add(24 * time.Hour), reason},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := slices.Clone(tt.history)
			got, err := toyLifecycle.Move(tt.history, tt.from, tt.to, tt.at, toyNurse, tt.reason)
			if err != nil {
				t.Fatalf("Move(%q -> %q) error = %v, want nil", tt.from, tt.to, err)
			}
			want := append(slices.Clone(before), carecoord.Transition{
				From: string(tt.from), To: string(tt.to), At: tt.at, By: toyNurse, Reason: tt.reason,
			})
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Move history mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(before, tt.history, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Move changed its input history (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLifecycleMoveRefused(t *testing.T) {
	history := []carecoord.Transition{
		{From: "draft", To: "active", At: toyT0, By: toyNurse},
		{From: "active", To: "completed", At: toyT0.Add(time.Hour), By: toyNurse},
	}
	tests := []struct {
		name    string
		from    toyStatus
		to      toyStatus
		allowed []string
	}{
		{"from terminal", toyCompleted, toyActive, nil},
		{"from terminal to itself", toyRevoked, toyRevoked, nil},
		{"skips a step", toyDraft, toyCompleted, []string{"active", "revoked"}},
		{"to itself", toyActive, toyActive, []string{"on-hold", "completed", "revoked"}},
		{"to a non-status", toyOnHold, "bogus", []string{"active", "revoked"}},
		{"to empty", toyOnHold, "", []string{"active", "revoked"}},
		{"from a non-status", "bogus", toyActive, nil},
		{"from empty", "", toyDraft, nil},
		{"wrong case", toyDraft, "Active", []string{"active", "revoked"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := slices.Clone(history)
			// Even with an invalid actor and a zero time the table is checked first.
			for _, by := range []carecoord.Actor{toyNurse, {}} {
				got, err := toyLifecycle.Move(history, tt.from, tt.to, toyT0.Add(2*time.Hour), by, carecoord.Coding{})
				if !errors.Is(err, carecoord.ErrTransition) {
					t.Errorf("errors.Is(%v, ErrTransition) = false, want true", err)
				}
				if errors.Is(err, carecoord.ErrInvalid) {
					t.Errorf("errors.Is(%v, ErrInvalid) = true, want false", err)
				}
				var te *carecoord.TransitionError
				if !errors.As(err, &te) {
					t.Fatalf("Move error = %v (%T), want a *TransitionError", err, err)
				}
				want := &carecoord.TransitionError{Record: "toy plan", From: string(tt.from), To: string(tt.to), Allowed: tt.allowed}
				if diff := cmp.Diff(want, te, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("TransitionError mismatch (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(before, got); diff != "" {
					t.Errorf("refused Move returned a changed history (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(before, history); diff != "" {
					t.Errorf("refused Move changed its input (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestLifecycleMoveFieldErrors(t *testing.T) {
	last := carecoord.Transition{From: "draft", To: "active", At: toyT0, By: toyNurse}
	history := []carecoord.Transition{last}
	tests := []struct {
		name   string
		at     time.Time
		by     carecoord.Actor
		reason carecoord.Coding
		want   []pathCode
	}{
		{"zero at", time.Time{}, toyNurse, carecoord.Coding{}, []pathCode{{"at", carecoord.FieldRequired}}},
		{"at before last", toyT0.Add(-time.Nanosecond), toyNurse, carecoord.Coding{}, []pathCode{{"at", carecoord.FieldOutOfRange}}},
		{"at a day before last", toyT0.Add(-24 * time.Hour), toyNurse, carecoord.Coding{}, []pathCode{{"at", carecoord.FieldOutOfRange}}},
		{"zero by", toyT0, carecoord.Actor{}, carecoord.Coding{}, []pathCode{{"by.kind", carecoord.FieldRequired}, {"by.id", carecoord.FieldRequired}}},
		{"bad by kind", toyT0, carecoord.Actor{Kind: "nurse", ID: "rn-7"}, carecoord.Coding{}, []pathCode{{"by.kind", carecoord.FieldNotSupported}}},
		{"bad by id", toyT0, carecoord.Actor{Kind: carecoord.ActorDevice, ID: "rn 7"}, carecoord.Coding{}, []pathCode{{"by.id", carecoord.FieldInvalid}}},
		{"reason without system", toyT0, toyNurse, carecoord.Coding{Code: "x"}, []pathCode{{"reason.system", carecoord.FieldRequired}}},
		{"reason with bad system", toyT0, toyNurse, carecoord.Coding{System: "loinc.org", Code: "x"}, []pathCode{{"reason.system", carecoord.FieldInvalid}}},
		{"reason with bad code", toyT0, toyNurse, carecoord.Coding{System: carecoord.SystemSNOMED, Code: "a  b"}, []pathCode{{"reason.code", carecoord.FieldInvalid}}},
		{"reason with display only", toyT0, toyNurse, carecoord.Coding{Display: "why"}, []pathCode{{"reason.system", carecoord.FieldRequired}, {"reason.code", carecoord.FieldRequired}}},
		{"everything wrong", time.Time{}, carecoord.Actor{Kind: "x"}, carecoord.Coding{System: "s", Code: " c"}, []pathCode{
			{"at", carecoord.FieldRequired},
			{"by.kind", carecoord.FieldNotSupported},
			{"by.id", carecoord.FieldRequired},
			{"reason.system", carecoord.FieldInvalid},
			{"reason.code", carecoord.FieldInvalid},
		}},
		{"before last and bad by", toyT0.Add(-time.Hour), carecoord.Actor{Kind: carecoord.ActorPatient}, carecoord.Coding{}, []pathCode{
			{"at", carecoord.FieldOutOfRange},
			{"by.id", carecoord.FieldRequired},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := slices.Clone(history)
			got, err := toyLifecycle.Move(history, toyActive, toyOnHold, tt.at, tt.by, tt.reason)
			if diff := cmp.Diff(tt.want, pathCodes(t, err)); diff != "" {
				t.Errorf("Move error mismatch (-want +got):\n%s", diff)
			}
			if errors.Is(err, carecoord.ErrTransition) {
				t.Errorf("errors.Is(%v, ErrTransition) = true, want false", err)
			}
			if diff := cmp.Diff(before, got); diff != "" {
				t.Errorf("Move with bad input returned a changed history (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(before, history); diff != "" {
				t.Errorf("Move changed its input (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLifecycleMoveEmptyHistoryAnyTime(t *testing.T) {
	// With no history there is no earlier entry to compare with: any non-zero time will do.
	for _, at := range []time.Time{time.Unix(0, 1), toyT0, toyT0.AddDate(-100, 0, 0)} {
		if _, err := toyLifecycle.Move(nil, toyDraft, toyActive, at, toyNurse, carecoord.Coding{}); err != nil {
			t.Errorf("Move(nil, at %v) error = %v, want nil", at, err)
		}
	}
}

func TestLifecycleMoveNoAliasing(t *testing.T) {
	// A record value whose history has spare capacity: the bug this checks is two moves from
	// the same value writing their entries into the same backing array slot.
	base := make([]carecoord.Transition, 1, 10)
	base[0] = carecoord.Transition{From: "draft", To: "active", At: toyT0, By: toyNurse}
	baseCopy := slices.Clone(base)

	hold, err := toyLifecycle.Move(base, toyActive, toyOnHold, toyT0.Add(time.Hour), toyNurse, carecoord.Coding{})
	if err != nil {
		t.Fatalf("Move to on-hold: %v", err)
	}
	done, err := toyLifecycle.Move(base, toyActive, toyCompleted, toyT0.Add(2*time.Hour), toyNurse, carecoord.Coding{})
	if err != nil {
		t.Fatalf("Move to completed: %v", err)
	}

	wantHold := append(slices.Clone(baseCopy), carecoord.Transition{From: "active", To: "on-hold", At: toyT0.Add(time.Hour), By: toyNurse})
	wantDone := append(slices.Clone(baseCopy), carecoord.Transition{From: "active", To: "completed", At: toyT0.Add(2 * time.Hour), By: toyNurse})
	if diff := cmp.Diff(wantHold, hold); diff != "" {
		t.Errorf("first result was overwritten by the second move (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantDone, done); diff != "" {
		t.Errorf("second result mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(baseCopy, base); diff != "" {
		t.Errorf("base history changed (-want +got):\n%s", diff)
	}
	// Nothing was written into base's spare capacity.
	if spare := base[1:2]; spare[0] != (carecoord.Transition{}) {
		t.Errorf("Move wrote %+v into the base history's spare capacity", spare[0])
	}

	// Appending to one result must not show up in the other either.
	hold2, err := toyLifecycle.Move(hold, toyOnHold, toyActive, toyT0.Add(3*time.Hour), toyNurse, carecoord.Coding{})
	if err != nil {
		t.Fatalf("Move back to active: %v", err)
	}
	hold3, err := toyLifecycle.Move(hold, toyOnHold, toyRevoked, toyT0.Add(3*time.Hour), toyNurse, carecoord.Coding{})
	if err != nil {
		t.Fatalf("Move to revoked: %v", err)
	}
	if got, want := hold2[len(hold2)-1].To, "active"; got != want {
		t.Errorf("hold2 last To = %q, want %q (overwritten by a sibling move)", got, want)
	}
	if got, want := hold3[len(hold3)-1].To, "revoked"; got != want {
		t.Errorf("hold3 last To = %q, want %q", got, want)
	}
	if diff := cmp.Diff(wantHold, hold); diff != "" {
		t.Errorf("hold changed by later moves (-want +got):\n%s", diff)
	}
}

func TestTransitionErrorMessage(t *testing.T) {
	const recordID = "plan-8f14e45f" // a record's id; the lifecycle is never given it
	history := []carecoord.Transition{{From: "draft", To: "active", At: toyT0, By: toyNurse}}
	tests := []struct {
		name     string
		from, to toyStatus
	}{
		{"terminal from", toyCompleted, toyActive},
		{"non-terminal from", toyDraft, toyOnHold},
		{"empty from", "", toyDraft},
		{"empty to", toyActive, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := toyLifecycle.Move(history, tt.from, tt.to, toyT0, toyNurse, carecoord.Coding{})
			if err == nil {
				t.Fatal("Move error = nil, want a TransitionError")
			}
			msg := err.Error()
			for _, s := range []toyStatus{tt.from, tt.to} {
				if s != "" && !strings.Contains(msg, string(s)) {
					t.Errorf("Error() = %q does not name status %q", msg, s)
				}
			}
			if !strings.Contains(msg, "toy plan") {
				t.Errorf("Error() = %q does not name the kind of record", msg)
			}
			for _, secret := range []string{recordID, toyNurse.ID, toyNurse.Display} {
				if strings.Contains(msg, secret) {
					t.Errorf("Error() = %q contains %q", msg, secret)
				}
			}
		})
	}
	// A TransitionError built by hand, with or without Allowed, names both statuses too.
	for _, e := range []*carecoord.TransitionError{
		{Record: "referral", From: "accepted", To: "draft", Allowed: []string{"completed"}},
		{Record: "referral", From: "closed", To: "sent"},
	} {
		msg := e.Error()
		if !strings.Contains(msg, e.From) || !strings.Contains(msg, e.To) {
			t.Errorf("%+v.Error() = %q, want both statuses", e, msg)
		}
		if !errors.Is(e, carecoord.ErrTransition) || errors.Is(e, carecoord.ErrInvalid) {
			t.Errorf("%+v matches the wrong sentinel", e)
		}
	}
}

// sameTransitions reports whether a and b hold equal entries (instants compared with Equal),
// treating nil and empty alike.
func sameTransitions(a, b []carecoord.Transition) bool {
	return slices.EqualFunc(a, b, func(x, y carecoord.Transition) bool {
		return x.From == y.From && x.To == y.To && x.At.Equal(y.At) && x.By == y.By && x.Reason == y.Reason
	})
}

// toyModel is the state of the rapid state-machine test.
type toyModel struct {
	status  toyStatus
	history []carecoord.Transition
	now     time.Time // the time of the last entry, or the start
	moves   int       // successful moves
}

func TestLifecycleStateMachine(t *testing.T) {
	allowed := toyAllowed()
	terminal := toyTerminal()
	statuses := toyStatuses()
	candidates := toyCandidates()
	actors := []carecoord.Actor{
		toyNurse,
		{Kind: carecoord.ActorDevice, ID: "rules.engine"},
		{Kind: carecoord.ActorPatient, ID: "p-1"},
	}
	reasons := []carecoord.Coding{{}, {System: carecoord.SystemSNOMED, Code: "183944003"}}

	rapid.Check(t, func(t *rapid.T) {
		m := &toyModel{status: toyDraft, now: toyT0}

		// tryMove asks the lifecycle for from -> to at instant at, and checks the outcome
		// against the literal specification. It returns whether the move happened.
		tryMove := func(t *rapid.T, to toyStatus, at time.Time) bool {
			by := rapid.SampledFrom(actors).Draw(t, "by")
			reason := rapid.SampledFrom(reasons).Draw(t, "reason")
			before := slices.Clone(m.history)
			got, err := toyLifecycle.Move(m.history, m.status, to, at, by, reason)
			legal := allowed[[2]toyStatus{m.status, to}]
			switch {
			case !legal:
				var te *carecoord.TransitionError
				if !errors.As(err, &te) || !errors.Is(err, carecoord.ErrTransition) {
					t.Fatalf("Move(%q -> %q) error = %v, want a TransitionError", m.status, to, err)
				}
				var wantAllowed []string
				for _, s := range statuses {
					if allowed[[2]toyStatus{m.status, s}] {
						wantAllowed = append(wantAllowed, string(s))
					}
				}
				sortStrings := cmpopts.SortSlices(func(a, b string) bool { return a < b })
				if diff := cmp.Diff(wantAllowed, te.Allowed, sortStrings, cmpopts.EquateEmpty()); diff != "" {
					t.Fatalf("Allowed from %q mismatch (-want +got):\n%s", m.status, diff)
				}
				if te.From != string(m.status) || te.To != string(to) {
					t.Fatalf("TransitionError names %q -> %q, want %q -> %q", te.From, te.To, m.status, to)
				}
			case at.Before(m.now) && len(m.history) > 0:
				if !errors.Is(err, carecoord.ErrInvalid) {
					t.Fatalf("Move back in time error = %v, want ErrInvalid", err)
				}
				var list carecoord.FieldErrors
				if !errors.As(err, &list) || !list.Has("at", carecoord.FieldOutOfRange) {
					t.Fatalf("Move back in time error = %v, want at out-of-range", err)
				}
			default:
				if err != nil {
					t.Fatalf("Move(%q -> %q) error = %v, want nil", m.status, to, err)
				}
				if terminal[m.status] {
					t.Fatalf("a move from terminal status %q succeeded", m.status)
				}
				want := append(slices.Clone(before), carecoord.Transition{From: string(m.status), To: string(to), At: at, By: by, Reason: reason})
				if !sameTransitions(want, got) {
					t.Fatalf("Move history mismatch (-want +got):\n%s", cmp.Diff(want, got))
				}
			}
			// cmp.Diff is slow in a loop this hot, so it only explains a mismatch.
			if !sameTransitions(before, m.history) {
				t.Fatalf("Move changed its input history (-want +got):\n%s", cmp.Diff(before, m.history))
			}
			if err != nil {
				if !sameTransitions(before, got) {
					t.Fatalf("failed Move returned a changed history (-want +got):\n%s", cmp.Diff(before, got))
				}
				return false
			}
			m.history, m.status, m.now = got, to, at
			m.moves++
			return true
		}

		t.Repeat(map[string]func(*rapid.T){
			"legal": func(t *rapid.T) {
				var next []toyStatus
				for _, s := range statuses {
					if allowed[[2]toyStatus{m.status, s}] {
						next = append(next, s)
					}
				}
				if len(next) == 0 {
					t.Skip("terminal")
				}
				to := rapid.SampledFrom(next).Draw(t, "to")
				d := time.Duration(rapid.Int64Range(0, int64(72*time.Hour)).Draw(t, "after"))
				if !tryMove(t, to, m.now.Add(d)) {
					t.Fatalf("legal move %q -> %q refused", m.status, to)
				}
			},
			"illegal": func(t *rapid.T) {
				var bad []toyStatus
				for _, s := range candidates {
					if !allowed[[2]toyStatus{m.status, s}] {
						bad = append(bad, s)
					}
				}
				to := rapid.SampledFrom(bad).Draw(t, "to")
				d := time.Duration(rapid.Int64Range(0, int64(72*time.Hour)).Draw(t, "after"))
				if tryMove(t, to, m.now.Add(d)) {
					t.Fatalf("illegal move %q -> %q allowed", m.status, to)
				}
			},
			"any": func(t *rapid.T) {
				to := rapid.SampledFrom(candidates).Draw(t, "to")
				d := time.Duration(rapid.Int64Range(0, int64(72*time.Hour)).Draw(t, "after"))
				tryMove(t, to, m.now.Add(d))
			},
			"backInTime": func(t *rapid.T) {
				if len(m.history) == 0 {
					t.Skip("no history yet")
				}
				to := rapid.SampledFrom(candidates).Draw(t, "to")
				d := time.Duration(rapid.Int64Range(1, int64(72*time.Hour)).Draw(t, "before"))
				if tryMove(t, to, m.now.Add(-d)) {
					t.Fatalf("move to %q back in time allowed", to)
				}
			},
			"": func(t *rapid.T) {
				if len(m.history) != m.moves {
					t.Fatalf("history has %d entries, want %d", len(m.history), m.moves)
				}
				if len(m.history) == 0 {
					if m.status != toyDraft {
						t.Fatalf("no history but status %q", m.status)
					}
				} else if last := m.history[len(m.history)-1]; last.To != string(m.status) {
					t.Fatalf("last history entry To = %q, want current status %q", last.To, m.status)
				}
				if len(m.history) > 0 && m.history[0].From != string(toyDraft) {
					t.Fatalf("first entry From = %q, want %q", m.history[0].From, toyDraft)
				}
				for i, e := range m.history {
					if !allowed[[2]toyStatus{toyStatus(e.From), toyStatus(e.To)}] {
						t.Fatalf("history[%d] %q -> %q is not in the spec", i, e.From, e.To)
					}
					if terminal[toyStatus(e.From)] {
						t.Fatalf("history[%d] moves out of terminal status %q", i, e.From)
					}
					if i > 0 {
						prev := m.history[i-1]
						if e.From != prev.To {
							t.Fatalf("history[%d].From = %q, want history[%d].To = %q", i, e.From, i-1, prev.To)
						}
						if e.At.Before(prev.At) {
							t.Fatalf("history[%d].At %v is before history[%d].At %v", i, e.At, i-1, prev.At)
						}
					}
				}
				if got, want := toyLifecycle.IsTerminal(m.status), terminal[m.status]; got != want {
					t.Fatalf("IsTerminal(%q) = %t, want %t", m.status, got, want)
				}
				for _, to := range candidates {
					if got, want := toyLifecycle.CanMove(m.status, to), allowed[[2]toyStatus{m.status, to}]; got != want {
						t.Fatalf("CanMove(%q, %q) = %t, want %t", m.status, to, got, want)
					}
				}
			},
		})
	})
}

// A record whose status disagrees with the end of its history is refused, so a history is
// always a chain: each entry starts where the one before it ended.
func TestLifecycleMoveFromMustMatchHistory(t *testing.T) {
	h, err := toyLifecycle.Move(nil, toyDraft, toyActive, toyT0, toyNurse, carecoord.Coding{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = toyLifecycle.Move(h, toyDraft, toyActive, toyT0.Add(time.Hour), toyNurse, carecoord.Coding{})
	if diff := cmp.Diff([]pathCode{{"from", carecoord.FieldInvalid}}, pathCodes(t, err)); diff != "" {
		t.Errorf("Move from a stale status mismatch (-want +got):\n%s", diff)
	}
}

func TestLifecycleValidateHistory(t *testing.T) {
	tr := func(from, to toyStatus, at time.Time, by carecoord.Actor) carecoord.Transition {
		return carecoord.Transition{From: string(from), To: string(to), At: at, By: by}
	}
	later := toyT0.Add(time.Hour)
	tests := []struct {
		name    string
		history []carecoord.Transition
		status  toyStatus
		allowed func(int) bool
		want    []pathCode
	}{
		{"empty", nil, toyActive, nil, nil},
		{"good", []carecoord.Transition{tr(toyDraft, toyActive, toyT0, toyNurse), tr(toyActive, toyOnHold, later, toyNurse)}, toyOnHold, nil, nil},
		{"move the table refuses", []carecoord.Transition{tr(toyDraft, toyCompleted, toyT0, toyNurse)}, toyCompleted, nil,
			[]pathCode{{"[0]", carecoord.FieldInvalid}}},
		{"the caller's rule decides", []carecoord.Transition{tr(toyDraft, toyCompleted, toyT0, toyNurse)}, toyCompleted, func(int) bool { return true }, nil},
		{"no time, no actor", []carecoord.Transition{tr(toyDraft, toyActive, time.Time{}, carecoord.Actor{})}, toyActive, nil,
			[]pathCode{{"[0].at", carecoord.FieldRequired}, {"[0].by.kind", carecoord.FieldRequired}, {"[0].by.id", carecoord.FieldRequired}}},
		{"gap and back in time", []carecoord.Transition{tr(toyDraft, toyActive, later, toyNurse), tr(toyOnHold, toyActive, toyT0, toyNurse)}, toyActive, nil,
			[]pathCode{{"[1]", carecoord.FieldInvalid}}},
		{"not ending in the status", []carecoord.Transition{tr(toyDraft, toyActive, toyT0, toyNurse)}, toyOnHold, nil,
			[]pathCode{{"[0]", carecoord.FieldInvalid}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pathCodes(t, toyLifecycle.ValidateHistory(tt.history, tt.status, tt.allowed))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ValidateHistory (-want +got):\n%s", diff)
			}
		})
	}
}
