package medrec

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/carecoord/carecoord"
)

// A Context is the transition at which a reconciliation is done (WHO High 5s: on admission,
// on transfer, at discharge; and after discharge, the outpatient reconciliation that HEDIS
// MRP and TRC count). The zero Context is not valid.
type Context string

// The contexts.
const (
	ContextAdmission     Context = "admission"
	ContextTransfer      Context = "transfer"
	ContextDischarge     Context = "discharge"
	ContextPostDischarge Context = "post-discharge" // the discharge list against the outpatient record, after discharge
)

// Contexts returns every Context, in a new slice.
func Contexts() []Context {
	return []Context{ContextAdmission, ContextTransfer, ContextDischarge, ContextPostDischarge}
}

// IsValid reports whether c is one of [Contexts].
func (c Context) IsValid() bool { return slices.Contains(Contexts(), c) }

// A SessionStatus is where a reconciliation stands. The zero SessionStatus is not valid.
type SessionStatus string

// The session statuses. The transition table: in-progress → completed or entered-in-error;
// completed → entered-in-error. A completed reconciliation is never reopened: a later change
// is a new reconciliation.
const (
	SessionInProgress     SessionStatus = "in-progress"
	SessionCompleted      SessionStatus = "completed"
	SessionEnteredInError SessionStatus = "entered-in-error"
)

// SessionStatuses returns every SessionStatus, in a new slice.
func SessionStatuses() []SessionStatus {
	return []SessionStatus{SessionInProgress, SessionCompleted, SessionEnteredInError}
}

// IsValid reports whether s is one of [SessionStatuses].
func (s SessionStatus) IsValid() bool { return slices.Contains(SessionStatuses(), s) }

func (s SessionStatus) next() []SessionStatus {
	switch s {
	case SessionInProgress:
		return []SessionStatus{SessionCompleted, SessionEnteredInError}
	case SessionCompleted:
		return []SessionStatus{SessionEnteredInError}
	}
	return nil
}

func sessionLifecycle() carecoord.Lifecycle[SessionStatus] {
	return carecoord.Lifecycle[SessionStatus]{Record: "medication reconciliation", Next: SessionStatus.next}
}

// An Action is what a clinician decides for one row: the five decisions of medication
// reconciliation at a transition. The zero Action is not valid.
type Action string

// The actions.
const (
	// ActionContinue keeps the drug: the order as written for a paired row, the home drug
	// for an omission (it should have been ordered).
	ActionContinue Action = "continue"
	// ActionModify replaces the drug with the decision's Result.
	ActionModify Action = "modify"
	// ActionStop stops the drug (or does not start a new order).
	ActionStop Action = "stop"
	// ActionHold holds the drug for now; it must be resumed or stopped explicitly later.
	ActionHold Action = "hold"
	// ActionNew accepts a drug that only the orders have.
	ActionNew Action = "new"
)

// Actions returns every Action, in a new slice.
func Actions() []Action {
	return []Action{ActionContinue, ActionModify, ActionStop, ActionHold, ActionNew}
}

// IsValid reports whether a is one of [Actions].
func (a Action) IsValid() bool { return slices.Contains(Actions(), a) }

// A Decision is a clinician's decision on one row of a reconciliation. The zero Decision is
// not valid: it names no row, action, time or clinician.
type Decision struct {
	// Row is the row's [Row.Key]. Required.
	Row string `json:"row"`
	// Action is what is decided. Required; continue and new fit their rows only (new for a
	// drug only on the orders, continue for the others).
	Action Action `json:"action"`
	// Intent classifies the row's discrepancy: documented-intentional,
	// undocumented-intentional or unintentional. Required when the row has a discrepancy
	// (never unclear: deciding is clarifying); empty when it has none.
	Intent Intent `json:"intent,omitempty"`
	// Result is the drug as modified, for ActionModify (required then, and only then). It
	// must be a valid, current entry with the id of the row's entry it replaces: the order's,
	// or the home drug's for a drug only in the history.
	Result *Medication `json:"result,omitempty"`
	// Reason documents the decision.
	Reason string `json:"reason,omitempty"`
	// At and By say when and by whom. Required; By must be a clinician
	// (carecoord.ActorPractitioner or carecoord.ActorPractitionerRole).
	At time.Time       `json:"at"`
	By carecoord.Actor `json:"by"`
}

// A Reconciled is one entry of the reconciled list: the drug as it stands after the
// reconciliation, the decision that made it so, and the entries it comes from. The zero
// Reconciled is not valid: its Medication is not.
type Reconciled struct {
	// Medication is the drug as it stands: active, on-hold or stopped.
	Medication Medication `json:"medication"`
	// Action is the decision's action.
	Action Action `json:"action"`
	// Before and After are the ids of the entries of the row it comes from.
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
	// Intent is the decision's intent.
	Intent Intent `json:"intent,omitempty"`
}

// A Reconciliation is one medication reconciliation of one patient at one transition (spec
// §7.1, WHO High 5s): the history (BPMH entries from any number of sources) and the orders,
// the rows [Compare] makes of them once each side is collapsed ([Collapse]), a decision per
// row, and, once completed, the reconciled list with provenance and the record of who
// completed it and when, which the metrics package counts (HEDIS MRP, TRC).
//
// The zero Reconciliation is not valid.
type Reconciliation struct {
	carecoord.Meta
	// Patient is whose medications these are. Required.
	Patient carecoord.PatientID `json:"patient"`
	// Context is the transition. Required.
	Context Context `json:"context"`
	// Encounter is the id of the encounter (the stay, the visit), if known.
	Encounter string `json:"encounter,omitempty"`
	// Before is the history: the patient's drugs before the transition, from every source.
	Before []Medication `json:"before,omitempty"`
	// After is the orders (admission, transfer or discharge) or, after discharge, the
	// discharge list.
	After []Medication `json:"after,omitempty"`
	// Decisions are every decision made, in order; the last one for a row is the one that
	// counts, and none is ever removed.
	Decisions []Decision `json:"decisions,omitempty"`
	// Status is where the reconciliation stands; History how it got there.
	Status  SessionStatus          `json:"status"`
	History []carecoord.Transition `json:"history,omitempty"`
	// Reconciled is the reconciled list, set by [Finish], in row order.
	Reconciled []Reconciled `json:"reconciled,omitempty"`
}

// Compare returns the comparison of the reconciliation's two sides, each collapsed first.
func (r Reconciliation) Compare() Comparison {
	var p preparer
	return compare(collapse(r.Before), collapse(r.After), &p)
}

// Decision returns the decision that counts for row key: the last made.
func (r Reconciliation) Decision(key string) (Decision, bool) {
	if i := r.decisionIndex(key); i >= 0 {
		return r.Decisions[i], true
	}
	return Decision{}, false
}

// decisionIndex returns the index of the decision that counts for row key, or -1.
func (r Reconciliation) decisionIndex(key string) int {
	for i := len(r.Decisions) - 1; i >= 0; i-- {
		if r.Decisions[i].Row == key {
			return i
		}
	}
	return -1
}

// Completed returns when and by whom the reconciliation was completed, and false when it is
// not completed.
func (r Reconciliation) Completed() (at time.Time, by carecoord.Actor, ok bool) {
	if r.Status != SessionCompleted {
		return time.Time{}, carecoord.Actor{}, false
	}
	for i := len(r.History) - 1; i >= 0; i-- {
		if t := r.History[i]; SessionStatus(t.To) == SessionCompleted {
			return t.At, t.By, true
		}
	}
	return time.Time{}, carecoord.Actor{}, false
}

// Decide returns r with d recorded. It does not modify r. The error matches
// carecoord.ErrInvalid when r is not valid ([Reconciliation.Validate]: duplicate entry ids,
// say), when d is not valid or does not fit its row (an unknown row, new for a drug the
// history has, continue for one only on the orders, no intent for a discrepancy), or when
// d.By is not a clinician (carecoord.ActorPractitioner or carecoord.ActorPractitionerRole;
// path "by.kind", code NotAllowed); and it matches carecoord.ErrTransition when r is not in
// progress.
func Decide(r Reconciliation, d Decision) (Reconciliation, error) {
	if r.Status != SessionInProgress {
		return r, &carecoord.TransitionError{Record: "medication reconciliation", From: string(r.Status), To: "decided"}
	}
	if err := r.Validate(); err != nil {
		return r, err
	}
	if err := d.validate(r.Compare()); err != nil {
		return r, err
	}
	if n := len(r.Decisions); n > 0 && d.At.Before(r.Decisions[n-1].At) {
		return r, carecoord.FieldErrors{carecoord.Invalid("at", "must not be before the previous decision")}
	}
	if d.Result != nil {
		res := d.Result.Clone()
		d.Result = &res
	}
	r.Decisions = append(slices.Clip(r.Decisions), d)
	return r, nil
}

// validate checks d against the rows of c.
func (d Decision) validate(c Comparison) error {
	var errs carecoord.FieldErrors
	i := slices.IndexFunc(c.Rows, func(r Row) bool { return r.Key() == d.Row })
	switch {
	case d.Row == "":
		errs.Add(carecoord.Required("row", "must name the row decided"))
	case i < 0:
		errs.Add(carecoord.Invalid("row", "must be a row of the reconciliation"))
	}
	switch {
	case d.Action == "":
		errs.Add(carecoord.Required("action", "must be set"))
	case !d.Action.IsValid():
		errs.Add(carecoord.NotSupported("action", Actions()...))
	case i >= 0 && d.Action == ActionNew && c.Rows[i].Before != "":
		errs.Add(carecoord.NotAllowed("action", "new is for a drug only on the orders"))
	case i >= 0 && d.Action == ActionContinue && c.Rows[i].Before == "":
		errs.Add(carecoord.NotAllowed("action", "continue is for a drug the history has; accept a new one with new"))
	}
	if i >= 0 {
		_, discrepant := c.Rows[i].Discrepancy()
		switch {
		case discrepant && d.Intent == "":
			errs.Add(carecoord.Required("intent", "must classify the row's discrepancy"))
		case discrepant && (d.Intent == IntentUnclear || !d.Intent.IsValid()):
			errs.Add(carecoord.NotSupported("intent", IntentDocumented, IntentUndocumented, IntentUnintentional))
		case !discrepant && d.Intent != "":
			errs.Add(carecoord.NotAllowed("intent", "must be empty for a row without discrepancy"))
		}
	}
	switch {
	case d.Action == ActionModify && d.Result == nil:
		errs.Add(carecoord.Required("result", "must give the modified drug"))
	case d.Action != ActionModify && d.Result != nil:
		errs.Add(carecoord.NotAllowed("result", "is only for modify"))
	case d.Result != nil:
		errs.Nest("result", d.Result.Validate())
		if !d.Result.Status.IsCurrent() {
			errs.Add(carecoord.Invalid("result.status", "must be a current status"))
		}
		if i >= 0 && d.Result.ID != "" && d.Result.ID != cmp.Or(c.Rows[i].After, c.Rows[i].Before) {
			// Two rows' results with one id would become one entry of the reconciled list.
			errs.Add(carecoord.Invalid("result.id", "must be the id of the row's entry it replaces"))
		}
	}
	if d.At.IsZero() {
		errs.Add(carecoord.Required("at", "must say when the decision was made"))
	}
	errs.Nest("by", validateClinician(d.By))
	return errs.Err()
}

// validateClinician reports whether by is a valid actor who may decide and complete a
// reconciliation: a practitioner or a practitioner role. Paths are relative to the actor.
func validateClinician(by carecoord.Actor) error {
	if err := by.Validate(); err != nil {
		return err
	}
	if by.Kind != carecoord.ActorPractitioner && by.Kind != carecoord.ActorPractitionerRole {
		return carecoord.FieldErrors{carecoord.NotAllowed("kind", "must be a clinician: Practitioner or PractitionerRole")}
	}
	return nil
}

// An UndecidedError is the error of [Finish] when rows have no decision. It matches
// carecoord.ErrInvalid and names the rows by their keys (entry ids), nothing else.
type UndecidedError struct {
	Rows []string
}

func (e *UndecidedError) Error() string {
	return fmt.Sprintf("medrec: %d rows undecided: %s", len(e.Rows), strings.Join(e.Rows, ", "))
}

// Is makes errors.Is(err, carecoord.ErrInvalid) true.
func (e *UndecidedError) Is(target error) bool { return target == carecoord.ErrInvalid }

// Finish returns r completed at at by by: every row decided, the reconciled list built, and
// the move to completed in History. It does not modify r. The reconciled list has an entry
// per decided row, in row order: the order (continue, new: active), the home drug (continue
// of an omission: active), the decision's result (modify: active, or on-hold when the result
// is held), held or stopped; a combination product that several rows pair with appears once,
// and those rows must agree. An undecided row is an [UndecidedError]. The decision that
// counts for each row is checked again against the rows as they are now (the lists may have
// been edited since [Decide]); one that no longer fits is an error matching
// carecoord.ErrInvalid with paths under "decisions[i]", and so are rows that disagree about
// one entry. An invalid r ([Reconciliation.Validate]: duplicate entry ids, say) is an error
// matching carecoord.ErrInvalid, and so is an at before the last decision's At (path "at",
// code OutOfRange) or a by that is not a clinician (carecoord.ActorPractitioner or
// carecoord.ActorPractitionerRole; path "by.kind", code NotAllowed). A reconciliation not in
// progress is an error matching carecoord.ErrTransition.
func Finish(r Reconciliation, at time.Time, by carecoord.Actor) (Reconciliation, error) {
	if r.Status != SessionInProgress {
		return r, &carecoord.TransitionError{Record: "medication reconciliation", From: string(r.Status), To: string(SessionCompleted)}
	}
	if err := r.Validate(); err != nil {
		return r, err
	}
	var errs carecoord.FieldErrors
	if n := len(r.Decisions); n > 0 && at.Before(r.Decisions[n-1].At) {
		errs.Add(carecoord.OutOfRange("at", "must not be before the last decision"))
	}
	errs.Nest("by", validateClinician(by))
	if err := errs.Err(); err != nil {
		return r, err
	}
	// Each side collapsed once: the rows and the entries they name come from the same lists.
	cb, ca := collapse(r.Before), collapse(r.After)
	var p preparer
	c := compare(cb, ca, &p)
	before, after := indexByID(cb), indexByID(ca)
	var undecided []string
	var stale carecoord.FieldErrors
	var out []Reconciled
	for _, row := range c.Rows {
		i := r.decisionIndex(row.Key())
		if i < 0 {
			undecided = append(undecided, row.Key())
			continue
		}
		d := r.Decisions[i]
		if err := d.validate(c); err != nil {
			stale.Nest(carecoord.Path("decisions", i), err)
			continue
		}
		var m Medication
		switch {
		case d.Action == ActionModify:
			m = d.Result.Clone()
		default:
			e, ok := after(row.After)
			if row.After == "" {
				e, ok = before(row.Before)
			}
			if !ok { // cannot happen for a valid r: the rows come from its entries
				return r, fmt.Errorf("medrec: finishing row %s: entry not found: %w", row.Key(), carecoord.ErrInvalid)
			}
			m = e.Clone()
		}
		switch d.Action {
		case ActionContinue, ActionNew:
			m.Status = StatusActive
		case ActionHold:
			m.Status = StatusOnHold
		case ActionStop:
			m.Status = StatusStopped
		case ActionModify:
			if m.Status != StatusOnHold {
				m.Status = StatusActive
			}
		}
		if d.Reason != "" {
			m.Reason = d.Reason
		}
		rec := Reconciled{Medication: m, Action: d.Action, Before: row.Before, After: row.After, Intent: d.Intent}
		if j := slices.IndexFunc(out, func(x Reconciled) bool { return x.Medication.ID == m.ID }); j >= 0 {
			if out[j].Action != rec.Action || out[j].Medication.Status != rec.Medication.Status {
				return r, carecoord.FieldErrors{carecoord.Invalid("decisions", "rows sharing entry "+m.ID+" must be decided alike")}
			}
			continue
		}
		out = append(out, rec)
	}
	if len(undecided) > 0 {
		return r, &UndecidedError{Rows: undecided}
	}
	if err := stale.Err(); err != nil {
		return r, err
	}
	h, err := sessionLifecycle().Move(r.History, r.Status, SessionCompleted, at, by, carecoord.Coding{})
	if err != nil {
		return r, err
	}
	r.History, r.Status, r.Reconciled = h, SessionCompleted, out
	return r, nil
}

// indexByID returns a lookup of collapsed entries by id, which reports false for an id that
// no entry has.
func indexByID(collapsed []*Medication) func(id string) (*Medication, bool) {
	return func(id string) (*Medication, bool) { // read only: Finish clones what it keeps
		for _, m := range collapsed {
			if m.ID == id {
				return m, true
			}
		}
		return nil, false
	}
}

// Transition returns r moved to status to (only entered-in-error is not done through
// [Finish]), as the transition table allows. It does not modify r.
func Transition(r Reconciliation, to SessionStatus, at time.Time, by carecoord.Actor, reason carecoord.Coding) (Reconciliation, error) {
	if to == SessionCompleted {
		return r, carecoord.FieldErrors{carecoord.NotAllowed("status", "completed is reached through Finish, which builds the reconciled list")}
	}
	h, err := sessionLifecycle().Move(r.History, r.Status, to, at, by, reason)
	if err != nil {
		return r, err
	}
	r.History, r.Status = h, to
	return r, nil
}

// Validate reports every problem with r as carecoord.FieldErrors (matching
// carecoord.ErrInvalid), with paths from the record ("before[2].drug.name"). Entry ids are
// unique across both sides (a repeated id is reported at the later entry: "after[2].id"); a
// completed reconciliation has its reconciled list and a history ending in completed. It does
// not check Meta, which the Store does, nor that decisions fit rows (the lists may have been
// corrected since; [Decide] and [Finish] check that).
func (r Reconciliation) Validate() error {
	var errs carecoord.FieldErrors
	switch {
	case r.Patient == "":
		errs.Add(carecoord.Required("patient", "must name the patient"))
	case !r.Patient.IsValid():
		errs.Add(carecoord.Invalid("patient", "must be a FHIR id"))
	}
	switch {
	case r.Context == "":
		errs.Add(carecoord.Required("context", "must name the transition"))
	case !r.Context.IsValid():
		errs.Add(carecoord.NotSupported("context", Contexts()...))
	}
	if r.Encounter != "" && !carecoord.ValidID(r.Encounter) {
		errs.Add(carecoord.Invalid("encounter", "must be a FHIR id"))
	}
	seen := make(map[string]bool, len(r.Before)+len(r.After))
	for _, side := range []struct {
		name string
		list []Medication
	}{{"before", r.Before}, {"after", r.After}} {
		for i, m := range side.list {
			p := carecoord.Path(side.name, i)
			errs.Nest(p, m.Validate())
			if m.ID != "" && seen[m.ID] {
				errs.Add(carecoord.Duplicate(p+".id", "entry ids must be unique across before and after"))
			}
			seen[m.ID] = true
		}
	}
	for i, d := range r.Decisions {
		p := carecoord.Path("decisions", i)
		if d.Row == "" {
			errs.Add(carecoord.Required(p+".row", "must name the row decided"))
		}
		if !d.Action.IsValid() {
			errs.Add(carecoord.NotSupported(p+".action", Actions()...))
		}
		if d.Intent != "" && !d.Intent.IsValid() {
			errs.Add(carecoord.NotSupported(p+".intent", Intents()...))
		}
		if d.Result != nil {
			errs.Nest(p+".result", d.Result.Validate())
		}
		if d.At.IsZero() {
			errs.Add(carecoord.Required(p+".at", "must say when the decision was made"))
		}
		errs.Nest(p+".by", d.By.Validate())
	}
	switch {
	case r.Status == "":
		errs.Add(carecoord.Required("status", "must be set"))
	case !r.Status.IsValid():
		errs.Add(carecoord.NotSupported("status", SessionStatuses()...))
	}
	errs.Nest("history", sessionLifecycle().ValidateHistory(r.History, r.Status, nil))
	if r.Status == SessionCompleted && len(r.Reconciled) == 0 && (slices.ContainsFunc(r.Before, isCurrent) || slices.ContainsFunc(r.After, isCurrent)) {
		// With no current entry there is nothing to reconcile, and the list is rightly empty.
		errs.Add(carecoord.Required("reconciled", "must hold the reconciled list of a completed reconciliation"))
	}
	for i, x := range r.Reconciled {
		p := carecoord.Path("reconciled", i)
		errs.Nest(p+".medication", x.Medication.Validate())
		if !x.Action.IsValid() {
			errs.Add(carecoord.NotSupported(p+".action", Actions()...))
		}
	}
	return errs.Err()
}

// Clone returns a deep copy of r: no slice is shared with r.
func (r Reconciliation) Clone() Reconciliation {
	clone := func(list []Medication) []Medication {
		if list == nil {
			return nil
		}
		out := make([]Medication, len(list))
		for i, m := range list {
			out[i] = m.Clone()
		}
		return out
	}
	r.Before, r.After = clone(r.Before), clone(r.After)
	r.History = slices.Clone(r.History)
	if r.Decisions != nil {
		ds := slices.Clone(r.Decisions)
		for i := range ds {
			if ds[i].Result != nil {
				m := ds[i].Result.Clone()
				ds[i].Result = &m
			}
		}
		r.Decisions = ds
	}
	if r.Reconciled != nil {
		rs := slices.Clone(r.Reconciled)
		for i := range rs {
			rs[i].Medication = rs[i].Medication.Clone()
		}
		r.Reconciled = rs
	}
	return r
}

// CurrentList returns the reconciled list's drugs that are taken or held (not stopped), in
// order: the list to hand to the patient and the next provider.
func (r Reconciliation) CurrentList() []Medication {
	var out []Medication
	for _, x := range r.Reconciled {
		if x.Medication.Status != StatusStopped {
			out = append(out, x.Medication.Clone())
		}
	}
	slices.SortStableFunc(out, func(a, b Medication) int {
		return cmp.Compare(boolRank(a.Status == StatusOnHold), boolRank(b.Status == StatusOnHold))
	})
	return out
}

func isCurrent(m Medication) bool { return m.Status.IsCurrent() }
