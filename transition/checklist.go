package transition

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

// An ItemStatus is where a checklist item is in its lifecycle. The values are FHIR R4
// task-status codes, since a checklist item is a FHIR Task (focus: the encounter, owner: the
// role): ready (to be done), in-progress (begun, e.g. a call attempted), completed (done, with
// evidence) and cancelled (waived: not to be done for this patient, with a coded reason in
// statusReason). The zero ItemStatus is not valid.
//
// The transition table (library design from the FHIR code definitions; FHIR publishes no
// state diagram for Task):
//
//	ready       → in-progress, completed, cancelled
//	in-progress → completed, cancelled
//	completed, cancelled: terminal
type ItemStatus string

// The item statuses.
const (
	ItemReady      ItemStatus = "ready"
	ItemInProgress ItemStatus = "in-progress"
	ItemCompleted  ItemStatus = "completed"
	ItemCancelled  ItemStatus = "cancelled"
)

// ItemStatuses returns every ItemStatus, in a new slice.
func ItemStatuses() []ItemStatus {
	return []ItemStatus{ItemReady, ItemInProgress, ItemCompleted, ItemCancelled}
}

// next is the item transition table.
func (s ItemStatus) next() []ItemStatus {
	switch s {
	case ItemReady:
		return []ItemStatus{ItemInProgress, ItemCompleted, ItemCancelled}
	case ItemInProgress:
		return []ItemStatus{ItemCompleted, ItemCancelled}
	}
	return nil
}

func itemLifecycle() carecoord.Lifecycle[ItemStatus] {
	return carecoord.Lifecycle[ItemStatus]{Record: "checklist item", Next: ItemStatus.next}
}

// IsValid reports whether s is one of [ItemStatuses].
func (s ItemStatus) IsValid() bool {
	return s == ItemReady || s == ItemInProgress || s == ItemCompleted || s == ItemCancelled
}

// CanBecome reports whether the transition table allows s to move to to.
func (s ItemStatus) CanBecome(to ItemStatus) bool { return itemLifecycle().CanMove(s, to) }

// IsOpen reports whether the item still has to be done: ready or in progress.
func (s ItemStatus) IsOpen() bool { return s == ItemReady || s == ItemInProgress }

// IsTerminal reports whether the item is completed or cancelled: nothing more can happen to it.
func (s ItemStatus) IsTerminal() bool { return s == ItemCompleted || s == ItemCancelled }

// Evidence is a record that shows an item was done: its kind and, except for an attestation, a
// FHIR relative reference to it ("DocumentReference/ahcp-1", "Encounter/visit-9"). It never holds
// note text. The zero Evidence is not valid.
type Evidence struct {
	Kind EvidenceKind `json:"kind"`
	Ref  string       `json:"ref,omitempty"`
}

// Validate reports every problem with e: a valid kind, and a reference of the form "Type/id"
// whose Type is the kind's resource type (no reference for an attestation, and a reference
// required for the others). Paths are "kind" and "ref".
func (e Evidence) Validate() error {
	var errs carecoord.FieldErrors
	if !e.Kind.IsValid() {
		errs.Add(carecoord.NotSupported("kind", EvidenceKinds()...))
		return errs.Err()
	}
	typ, id, ok := strings.Cut(e.Ref, "/")
	switch {
	case e.Kind == EvidenceAttestation && e.Ref != "":
		errs.Add(carecoord.NotAllowed("ref", "must be empty for an attestation"))
	case e.Kind == EvidenceAttestation:
	case e.Ref == "":
		errs.Add(carecoord.Required("ref", "must reference the record, as Type/id"))
	case !ok || typ != e.Kind.ResourceType() || !carecoord.ValidID(id):
		errs.Add(carecoord.Invalid("ref", "must be "+e.Kind.ResourceType()+"/id with a FHIR id"))
	}
	return errs.Err()
}

// An Item is one item of a checklist: the template's item applied to one event, with its concrete
// due time and what has happened to it. Prerequisites and Accepts come from the template and are
// shared, read-only, by every checklist made from it: change a checklist's copy only after
// [Checklist.Clone]. The zero Item is not valid.
type Item struct {
	// Key names the item; its title comes from the Localizer.
	Key ItemKey `json:"key"`
	// Owner is whose worklist the item is on.
	Owner Role `json:"owner"`
	// Rule is the due rule that set Due: the explanation of the deadline.
	Rule DueRule `json:"rule"`
	// Prerequisites must be completed or waived before this item is completed.
	Prerequisites []ItemKey `json:"prerequisites,omitempty"`
	// Accepts lists the evidence kinds that count; empty when no evidence is needed.
	Accepts []EvidenceKind `json:"accepts,omitempty"`
	// Start is the instant Rule counted from (the discharge, or the anchor item's completion or
	// due time); zero while it is not known, and then Due is zero too.
	Start time.Time `json:"start,omitzero"`
	// Due is when the item is due: an instant for hour rules, the end (next local midnight) of
	// DueDay for day rules. Zero while the anchor is not known (the item is waiting).
	Due time.Time `json:"due,omitzero"`
	// DueDay is the last day to do it, for calendar and business day rules.
	DueDay civil.Date `json:"dueDay,omitzero"`
	// Earliest is the earliest the item should be done, for a rule with an earliest bound
	// (DueRule.From): From hours after Start, or the start (local midnight) of the From-th day or
	// business day after Start's day. Zero when the rule has none or Start is not known. An item
	// completed before it is done early ([StateDoneEarly]).
	Earliest time.Time `json:"earliest,omitzero"`
	// AttemptsCount, from the template ([ItemSpec.AttemptsCount]), is how many unsuccessful
	// attempts at distinct instants count as doing the item; 0 when attempts do not count.
	AttemptsCount int `json:"attemptsCount,omitempty"`
	// Attempts are the unsuccessful attempts recorded with [Attempt], in the order recorded. They
	// are not status changes: the item stays open.
	Attempts []ItemAttempt `json:"attempts,omitempty"`
	// Required items count in the completion rate.
	Required bool `json:"required,omitempty"`
	// Status is where the item is in its lifecycle; change it with Start, Complete or Waive.
	Status ItemStatus `json:"status"`
	// DoneAt is when the item was completed or waived.
	DoneAt time.Time `json:"doneAt,omitzero"`
	// Evidence is what shows it was done (completed items).
	Evidence []Evidence `json:"evidence,omitempty"`
	// History is every status change of the item, oldest first, with who made it; the move to
	// cancelled carries the coded reason for the waiver ([Item.WaiverReason]).
	History []carecoord.Transition `json:"history,omitempty"`
}

// An ItemAttempt is one unsuccessful try at doing an item (a call with no answer, a message left):
// when, and by whom. It holds no note text. The zero ItemAttempt is not valid.
type ItemAttempt struct {
	At time.Time       `json:"at"`
	By carecoord.Actor `json:"by"`
}

// WaiverReason returns why a waived (cancelled) item was waived: the coded reason of its last
// status change. It returns the zero Coding for an item that is not waived.
func (it Item) WaiverReason() carecoord.Coding {
	if it.Status != ItemCancelled || len(it.History) == 0 {
		return carecoord.Coding{}
	}
	return it.History[len(it.History)-1].Reason
}

// A Checklist is one template applied to one event: the items to do for one patient's
// transition, each with its owner, its concrete due time and its status. Make one with
// [Instantiate]; change it with [Start], [Complete], [Waive] and [Retime], which return a new
// Checklist and leave their input as it was; read it with [Evaluate].
//
// Location is the facility's time zone, taken from the event: an item due "by the day of" another
// is counted in it when that item is completed. Like [Event.Location] it is not serialised: a
// Store keeps Zone and the host restores Location with time.LoadLocation(c.Zone).
//
// Instantiate leaves Meta zero: set ID (and UpdatedAt, UpdatedBy) before saving. The zero
// Checklist is not valid.
type Checklist struct {
	carecoord.Meta
	// Patient is the patient, as in the event.
	Patient carecoord.PatientID `json:"patient"`
	// Event is the id of the Event the checklist was made for.
	Event string `json:"event"`
	// Template and TemplateVersion name the template it was made from.
	Template        string `json:"template"`
	TemplateVersion string `json:"templateVersion,omitempty"`
	// Purpose is the template's purpose.
	Purpose Purpose `json:"purpose"`
	// Location is the facility's time zone; not serialised (see Zone).
	Location *time.Location `json:"-"`
	// Zone is Location's IANA name.
	Zone string `json:"zone"`
	// Items are the checklist's items, in the template's order.
	Items []Item `json:"items"`
}

// ErrPrerequisite: an item was to be completed before one of its prerequisites. The error is a
// *[PrerequisiteError].
var ErrPrerequisite = errors.New("transition: prerequisite not done")

// A PrerequisiteError says that an item cannot be completed yet: its prerequisite is not
// completed or waived, or was completed later than the time given. It matches [ErrPrerequisite]
// and, since it refuses a status change, carecoord.ErrTransition. Item keys are template data,
// not patient data. The zero PrerequisiteError names no item.
type PrerequisiteError struct {
	Item, Prerequisite ItemKey
}

// Error returns, for example, "transition: item teach-back cannot be completed before its
// prerequisite written-plan".
func (e *PrerequisiteError) Error() string {
	return "transition: item " + string(e.Item) + " cannot be completed before its prerequisite " + string(e.Prerequisite)
}

// Is makes errors.Is(err, ErrPrerequisite) and errors.Is(err, carecoord.ErrTransition) true.
func (e *PrerequisiteError) Is(target error) bool {
	return target == ErrPrerequisite || target == carecoord.ErrTransition
}

// Instantiate applies template t to event e: one item per template item, ready, with its due
// time worked out from e's admission or discharge instant (in e's time zone, business days from
// cal) or from the item it counts from. Items counted from a discharge that has not happened yet
// have no due time (they are waiting) until [Retime] is given the discharged event.
//
// It returns a *[NotApplicableError] (matching [ErrNotApplicable]) when t's purpose does not
// apply to e (see [Applies]): a post-discharge checklist for a patient who died or went on to
// another hospital. It returns carecoord.FieldErrors (matching carecoord.ErrInvalid) for the zero
// Template (path "template") and when a field of e that it uses is missing or out of range
// ("event.id", "event.patient", "event.location", "event.admitted", "event.discharged"); validate
// events on the way in ([Event.Validate]; Store.Save does).
//
// The checklist owns all its slices: writing into an item's Prerequisites or Accepts changes
// neither t nor any other checklist.
//
// It decides applicability with the default TCM options; [Program.Plan] uses the program's.
func Instantiate(t Template, e Event, cal civil.Calendar) (Checklist, error) {
	return instantiate(t, e, cal, TCMOptions{})
}

func instantiate(t Template, e Event, cal civil.Calendar, o TCMOptions) (Checklist, error) {
	c, err := appendInstantiate(nil, t, e, cal, o)
	if err != nil {
		return c, err
	}
	c.ownLists()
	return c, nil
}

// ownLists gives c's items their own copies of the template's Prerequisites and Accepts, in one
// array of each for the whole checklist.
func (c *Checklist) ownLists() {
	np, na := 0, 0
	for i := range c.Items {
		np, na = np+len(c.Items[i].Prerequisites), na+len(c.Items[i].Accepts)
	}
	prereqs, accepts := make([]ItemKey, 0, np), make([]EvidenceKind, 0, na)
	for i := range c.Items {
		it := &c.Items[i]
		if it.Prerequisites != nil {
			k := len(prereqs)
			prereqs = append(prereqs, it.Prerequisites...)
			it.Prerequisites = prereqs[k:len(prereqs):len(prereqs)]
		}
		if it.Accepts != nil {
			k := len(accepts)
			accepts = append(accepts, it.Accepts...)
			it.Accepts = accepts[k:len(accepts):len(accepts)]
		}
	}
}

// AppendInstantiate is [Instantiate] with the items put in dst's storage (dst[:0], grown when it
// is too small), for population work that evaluates a checklist and moves on: with a buffer of
// room enough it allocates nothing. The checklist returned shares dst's array, so the caller must
// not use dst, nor a checklist an earlier call returned on it, once it hands dst in again; and,
// unlike Instantiate's, its items' Prerequisites and Accepts are the template's own slices, to be
// read and never written ([Checklist.Clone] copies them).
func AppendInstantiate(dst []Item, t Template, e Event, cal civil.Calendar) (Checklist, error) {
	return appendInstantiate(dst, t, e, cal, TCMOptions{})
}

func appendInstantiate(dst []Item, t Template, e Event, cal civil.Calendar, o TCMOptions) (Checklist, error) {
	if t.IsZero() {
		return Checklist{}, carecoord.FieldErrors{carecoord.Required("template", "must be a compiled template (NewTemplate)")}
	}
	if err := checkEvent(&e); err != nil {
		return Checklist{}, err
	}
	if r := appliesWith(t.spec.Purpose, &e, o); r != "" {
		return Checklist{}, &NotApplicableError{Purpose: t.spec.Purpose, Reason: r}
	}
	n := len(t.spec.Items)
	items := dst[:0]
	if cap(items) < n {
		items = make([]Item, n)
	} else {
		items = items[:n]
		clear(items) // a reused buffer holds an earlier checklist's statuses and histories
	}
	c := Checklist{
		Patient:         e.Patient,
		Event:           e.ID,
		Template:        t.spec.ID,
		TemplateVersion: t.spec.Version,
		Purpose:         t.spec.Purpose,
		Location:        e.Location,
		Zone:            e.Location.String(),
		Items:           items,
	}
	for i := range t.spec.Items {
		// Field by field into the zeroed element: a whole-struct copy would put every pointer
		// slot of the item through the write barrier, and the population hot path pays for it.
		s, it := &t.spec.Items[i], &c.Items[i]
		it.Key, it.Owner, it.Required, it.Rule = s.Key, s.Owner, s.Required, s.Due
		it.Prerequisites, it.Accepts, it.Status = s.Prerequisites, s.Evidence, ItemReady
		it.AttemptsCount = s.AttemptsCount
	}
	c.setDues(&e, cal, t.anchor)
	return c, nil
}

// checkEvent checks the fields of e that Instantiate and Retime use.
func checkEvent(e *Event) error {
	var errs carecoord.FieldErrors
	if !carecoord.ValidID(e.ID) {
		errs.Add(carecoord.Invalid("event.id", "must be the event's id (FHIR id)"))
	}
	if !e.Patient.IsValid() {
		errs.Add(carecoord.Invalid("event.patient", "must name the patient (FHIR id)"))
	}
	if e.Location == nil {
		errs.Add(carecoord.Required("event.location", "must be the facility's time zone"))
	}
	if e.Admitted.IsZero() || !inSupportedRange(e.Admitted) {
		errs.Add(carecoord.OutOfRange("event.admitted", "must be set, in the years 1900 to 2199"))
	}
	if !e.Discharged.IsZero() && (!inSupportedRange(e.Discharged) || e.Discharged.Before(e.Admitted)) {
		errs.Add(carecoord.OutOfRange("event.discharged", "must be in the years 1900 to 2199, not before admitted"))
	}
	return errs.Err()
}

// setDues sets the Start, Due and DueDay of every item from e's instants, in order, so that an
// item counted from another sees that item's time. anchor, when not nil, holds each item's anchor
// index (a compiled template's); otherwise anchors are looked up by key.
func (c *Checklist) setDues(e *Event, cal civil.Calendar, anchor []int) {
	var admDay, disDay civil.Date
	var ends dayEnd
	loc := c.Location
	for i := range c.Items {
		it := &c.Items[i]
		var at time.Time
		var day civil.Date
		switch it.Rule.Anchor {
		case AnchorAdmission:
			if admDay.IsZero() {
				admDay = localDate(e.Admitted, loc)
			}
			at, day = e.Admitted, admDay
		case AnchorDischarge:
			if !e.Discharged.IsZero() && disDay.IsZero() {
				disDay = localDate(e.Discharged, loc)
			}
			at, day = e.Discharged, disDay
		case AnchorItem:
			j := -1
			if anchor != nil {
				j = anchor[i]
			} else {
				j = c.index(it.Rule.Item, i)
			}
			if j >= 0 {
				at, day = c.Items[j].anchorPoint(loc)
			}
		}
		it.setDue(at, day, loc, cal, &ends)
	}
}

// retimeFrom recomputes the due times of the items counted from other items, from index i on,
// after the item at i-1 or earlier changed. Item rules never count business days, so no calendar
// is needed.
func (c *Checklist) retimeFrom(i int) {
	var ends dayEnd
	for ; i < len(c.Items); i++ {
		it := &c.Items[i]
		if it.Rule.Anchor != AnchorItem {
			continue
		}
		var at time.Time
		var day civil.Date
		if j := c.index(it.Rule.Item, i); j >= 0 {
			at, day = c.Items[j].anchorPoint(c.Location)
		}
		it.setDue(at, day, c.Location, civil.Calendar{}, &ends)
	}
}

// setDue sets it.Start, Due and DueDay from its anchor instant and day; a zero instant (the
// anchor not known yet) clears them. For hours, Due is at plus N hours and there is no due day;
// for calendar or business days, Due is the end (next local midnight) of the due day.
func (it *Item) setDue(at time.Time, day civil.Date, loc *time.Location, cal civil.Calendar, ends *dayEnd) {
	it.Earliest = time.Time{}
	if at.IsZero() || loc == nil || !it.Rule.Unit.IsValid() {
		it.Start, it.Due, it.DueDay = time.Time{}, time.Time{}, civil.Date{}
		return
	}
	it.Start = at
	if it.Rule.Unit == UnitHours {
		it.Due, it.DueDay = at.Add(time.Duration(it.Rule.N)*time.Hour), civil.Date{}
		if it.Rule.From > 0 {
			it.Earliest = at.Add(time.Duration(it.Rule.From) * time.Hour)
		}
		return
	}
	it.DueDay = it.Rule.dueDay(day, cal)
	it.Due = ends.of(it.DueDay, loc)
	if it.Rule.From > 0 {
		it.Earliest = it.Rule.fromDay(day, cal).In(loc)
	}
}

// dayEnd remembers the end of the last due day worked out: items of one checklist often share a
// due day, and converting a day to an instant in a zone is the costly step.
type dayEnd struct {
	day civil.Date
	end time.Time
}

// of returns the end of day d in loc: the next day's local midnight.
func (e *dayEnd) of(d civil.Date, loc *time.Location) time.Time {
	if d != e.day || e.end.IsZero() {
		e.day, e.end = d, d.AddDays(1).In(loc)
	}
	return e.end
}

// anchorPoint returns the instant and local day another item counts from when it counts from x:
// x's completion when x is completed, else x's due time and day (stand-ins until it is done),
// else nothing.
func (x *Item) anchorPoint(loc *time.Location) (time.Time, civil.Date) {
	switch {
	case x.Status == ItemCompleted && !x.DoneAt.IsZero():
		return x.DoneAt, localDate(x.DoneAt, loc)
	case x.Due.IsZero():
		return time.Time{}, civil.Date{}
	case !x.DueDay.IsZero():
		return x.Due, x.DueDay
	}
	return x.Due, localDate(x.Due, loc)
}

// index returns the index of the item with key k among the first n items, or -1.
func (c *Checklist) index(k ItemKey, n int) int {
	for j := 0; j < n && j < len(c.Items); j++ {
		if c.Items[j].Key == k {
			return j
		}
	}
	return -1
}

// Item returns the checklist's item with key k.
func (c Checklist) Item(k ItemKey) (Item, bool) {
	if i := c.index(k, len(c.Items)); i >= 0 {
		return c.Items[i], true
	}
	return Item{}, false
}

// Retime returns c with every item's due time worked out again from e, the checklist's event as
// it is now: the discharge that was not known when the checklist was made at admission, or a
// corrected discharge time. Statuses and histories are kept; items counted from a completed item
// count from its completion. It does not check whether c's purpose still applies to e.
//
// e must be c's event (same id and patient; path "event") and have the fields Instantiate uses;
// otherwise the error matches carecoord.ErrInvalid. c is not modified.
func Retime(c Checklist, e Event, cal civil.Calendar) (Checklist, error) {
	if err := checkEvent(&e); err != nil {
		return c, err
	}
	if e.ID != c.Event || e.Patient != c.Patient {
		return c, carecoord.FieldErrors{carecoord.Invalid("event", "must be the checklist's event (same id and patient)")}
	}
	c.Items = slices.Clone(c.Items)
	c.Location, c.Zone = e.Location, e.Location.String()
	c.setDues(&e, cal, nil)
	return c, nil
}

// Start returns c with the item k in progress (begun but not done: a call attempted, a visit
// booked), the move recorded in its history as made at at by by.
//
// The errors are those of [Complete], except for prerequisites and evidence, which Start does not
// need. c is not modified.
func Start(c Checklist, k ItemKey, at time.Time, by carecoord.Actor) (Checklist, error) {
	i := c.index(k, len(c.Items))
	if i < 0 {
		return c, noItem()
	}
	return c.move(i, ItemInProgress, at, by, carecoord.Coding{})
}

// Complete returns c with the item k completed at at by by, with the evidence that shows it:
// at least one record of a kind the item accepts, unless it accepts none. Items counted from k
// ("by the day of the follow-up visit") now count from its completion. c is not modified.
//
// Errors: carecoord.FieldErrors (matching carecoord.ErrInvalid) when k is not an item of c (path
// "key"), c has no Location to count later items in ("location"), the evidence is missing or not
// accepted ("evidence", "evidence[i].kind", "evidence[i].ref"), at is zero or before the item's
// last status change ("at"), at is before the item's clock started ("at", code OutOfRange; see
// below), or by is not a valid actor ("by.kind", "by.id"); a
// *carecoord.TransitionError (matching carecoord.ErrTransition) when the item is already
// completed or cancelled; and a *[PrerequisiteError] (matching [ErrPrerequisite]) when a
// prerequisite is not completed or waived, or was completed after at.
//
// An item counted after the discharge cannot be completed before the discharge instant (its
// Start): a post-discharge contact made while the patient was still in hospital is not one (NGS
// Medicare E/M FAQ: a hospital clinician cannot make the TCM contact before discharge; [DecideTCM]
// refuses it too). Likewise an item counted N > 0 hours or days after another item cannot be
// completed before that item's completion, once it is completed. Items due "before <anchor>" and
// "by the day of" another item (N = 0) may be completed any time before; so may any item while
// its Start is not known (the discharge not recorded yet; [Retime] later keeps the completion,
// and Evaluate then calls it done early).
func Complete(c Checklist, k ItemKey, at time.Time, by carecoord.Actor, evidence ...Evidence) (Checklist, error) {
	i := c.index(k, len(c.Items))
	if i < 0 {
		return c, noItem()
	}
	if c.Location == nil {
		return c, carecoord.FieldErrors{carecoord.Required("location", "must be the facility's time zone (restore it from zone with time.LoadLocation)")}
	}
	it := &c.Items[i]
	if !it.Status.CanBecome(ItemCompleted) {
		return c.move(i, ItemCompleted, at, by, carecoord.Coding{}) // the table's error
	}
	for _, p := range it.Prerequisites {
		j := c.index(p, i)
		if j < 0 {
			continue // Validate reports a prerequisite that is not an earlier item
		}
		if x := &c.Items[j]; !x.Status.IsTerminal() || x.DoneAt.After(at) {
			return c, &PrerequisiteError{Item: k, Prerequisite: p}
		}
	}
	var errs carecoord.FieldErrors
	if !at.IsZero() && c.beforeClock(i, at) {
		errs.Add(carecoord.OutOfRange("at", "must not be before the item's clock starts (the discharge, or the item it counts from)"))
	}
	validateEvidence(&errs, it.Accepts, evidence)
	out, err := c.move(i, ItemCompleted, at, by, carecoord.Coding{})
	errs.Nest("", err) // the table allows the move, so err can only be FieldErrors (at, by)
	if err := errs.Err(); err != nil {
		return c, err
	}
	out.Items[i].Evidence = slices.Clone(evidence)
	out.retimeFrom(i + 1)
	return out, nil
}

// beforeClock reports whether at is before the start of item i's clock, for an item that cannot
// be done before it starts (see [Complete]): one counted after the discharge, or N > 0 units after
// another item that is completed.
func (c *Checklist) beforeClock(i int, at time.Time) bool {
	it := &c.Items[i]
	if it.Start.IsZero() || !at.Before(it.Start) {
		return false
	}
	switch it.Rule.Anchor {
	case AnchorDischarge:
		return !it.Rule.IsBefore()
	case AnchorItem:
		if it.Rule.N == 0 {
			return false
		}
		j := c.index(it.Rule.Item, i)
		return j >= 0 && c.Items[j].Status == ItemCompleted
	}
	return false
}

// Attempt returns c with an unsuccessful attempt at item k recorded (a call not answered, a
// message left) at at by by. It is not a status change: the item stays open, and Start, Complete
// and Waive work on it as before. For an item whose template counts attempts
// ([ItemSpec.AttemptsCount], 2 for the TCM contact), [Evaluate] calls the item done once that many
// attempts at distinct instants are recorded (see [Item.State]). An attempt at the same instant as
// one already recorded is kept but counts once.
//
// Errors: carecoord.FieldErrors (matching carecoord.ErrInvalid) when k is not an item of c ("key"),
// the item is completed or cancelled ("status"), at is zero ("at") or before the item's clock
// starts as [Complete] counts it ("at", code OutOfRange), or by is not a valid actor ("by.kind",
// "by.id"). c is not modified.
func Attempt(c Checklist, k ItemKey, at time.Time, by carecoord.Actor) (Checklist, error) {
	i := c.index(k, len(c.Items))
	if i < 0 {
		return c, noItem()
	}
	var errs carecoord.FieldErrors
	if !c.Items[i].Status.IsOpen() {
		errs.Add(carecoord.Invalid("status", "must be open (ready or in-progress) to record an attempt"))
	}
	switch {
	case at.IsZero():
		errs.Add(carecoord.Required("at", "must say when the attempt was made"))
	case c.beforeClock(i, at):
		errs.Add(carecoord.OutOfRange("at", "must not be before the item's clock starts (the discharge, or the item it counts from)"))
	}
	errs.Nest("by", by.Validate())
	if err := errs.Err(); err != nil {
		return c, err
	}
	items := slices.Clone(c.Items)
	items[i].Attempts = append(slices.Clip(items[i].Attempts), ItemAttempt{At: at, By: by})
	c.Items = items
	return c, nil
}

// attemptsDone returns the instant an item that counts attempts had its AttemptsCount-th attempt
// at a distinct instant, counting only attempts at or after Start; zero if it has not.
func (it *Item) attemptsDone() time.Time {
	n := it.AttemptsCount
	if n <= 0 || len(it.Attempts) < n {
		return time.Time{}
	}
	var buf [8]time.Time
	ts := buf[:0]
	for _, a := range it.Attempts {
		if a.At.IsZero() || (!it.Start.IsZero() && a.At.Before(it.Start) && it.Rule.Anchor == AnchorDischarge && !it.Rule.IsBefore()) {
			continue
		}
		if !slices.ContainsFunc(ts, a.At.Equal) {
			ts = append(ts, a.At)
		}
	}
	if len(ts) < n {
		return time.Time{}
	}
	slices.SortFunc(ts, time.Time.Compare)
	return ts[n-1]
}

// Waive returns c with the item k cancelled at at by by, for a coded reason (the patient has no
// pending results, needs no equipment, declined a home visit): it is not to be done, counts
// neither for nor against the completion rate, and no longer holds up the items that need it
// first. The reason must be a valid carecoord.Coding ("reason.system", "reason.code"); it is
// never free text, which could carry patient data. It is kept in the move's history entry
// ([Item.WaiverReason]). The other errors are those of [Start]. c is
// not modified.
func Waive(c Checklist, k ItemKey, at time.Time, by carecoord.Actor, reason carecoord.Coding) (Checklist, error) {
	i := c.index(k, len(c.Items))
	if i < 0 {
		return c, noItem()
	}
	if !c.Items[i].Status.CanBecome(ItemCancelled) {
		return c.move(i, ItemCancelled, at, by, reason) // the table's error
	}
	var errs carecoord.FieldErrors
	if reason.IsZero() {
		errs.Add(carecoord.Required("reason", "must code why the item is waived"))
	}
	out, err := c.move(i, ItemCancelled, at, by, reason)
	errs.Nest("", err)
	if err := errs.Err(); err != nil {
		return c, err
	}
	return out, nil
}

func noItem() error {
	return carecoord.FieldErrors{carecoord.Invalid("key", "must be the key of one of the checklist's items")}
}

// move applies one status change to item i of a copy of c.
func (c Checklist) move(i int, to ItemStatus, at time.Time, by carecoord.Actor, reason carecoord.Coding) (Checklist, error) {
	it := c.Items[i]
	h, err := itemLifecycle().Move(it.History, it.Status, to, at, by, reason)
	if err != nil {
		return c, err
	}
	it.History, it.Status = h, to
	if to.IsTerminal() {
		it.DoneAt = at
	}
	items := slices.Clone(c.Items)
	items[i] = it
	c.Items = items
	return c, nil
}

// validateEvidence adds the problems of evidence given for an item that accepts the kinds in
// accepts.
func validateEvidence(errs *carecoord.FieldErrors, accepts []EvidenceKind, evidence []Evidence) {
	if len(accepts) > 0 && len(evidence) == 0 {
		errs.Add(carecoord.Required("evidence", "must show the item was done, with a record of a kind it accepts"))
	}
	for j, ev := range evidence {
		p := carecoord.Path("evidence", j)
		errs.Nest(p, ev.Validate())
		if len(accepts) > 0 && ev.Kind.IsValid() && !slices.Contains(accepts, ev.Kind) {
			errs.Add(carecoord.NotSupported(p+".kind", accepts...))
		}
	}
}

// Clone returns a deep copy of c (Location, which is immutable, is shared).
func (c Checklist) Clone() Checklist {
	if c.Items != nil {
		items := make([]Item, len(c.Items))
		for i, it := range c.Items {
			it.Prerequisites = slices.Clone(it.Prerequisites)
			it.Accepts = slices.Clone(it.Accepts)
			it.Evidence = slices.Clone(it.Evidence)
			it.History = slices.Clone(it.History)
			it.Attempts = slices.Clone(it.Attempts)
			items[i] = it
		}
		c.Items = items
	}
	return c
}

// Validate reports every problem with c as carecoord.FieldErrors (matching carecoord.ErrInvalid),
// with paths from the checklist's root ("items[3].history[0].by.id"). It checks the required
// fields (patient, event, template, purpose, the zone naming the location, at least one item)
// and each item: a unique valid key, owner and rule, prerequisites and anchor items that name
// earlier items, a valid status whose fields agree with it (a completed item has its time and
// accepted evidence, a waived one its time and a history ending in the coded reason, an open one
// neither time nor evidence), a completed
// item's prerequisites resolved no later than it, and a history the transition table could have
// made, ending in the status, whose last time is the item's. It does not check Meta, which the
// Store does.
func (c Checklist) Validate() error {
	var errs carecoord.FieldErrors
	switch {
	case c.Patient == "":
		errs.Add(carecoord.Required("patient", "must name the patient"))
	case !c.Patient.IsValid():
		errs.Add(carecoord.Invalid("patient", "must be a FHIR id"))
	}
	if !carecoord.ValidID(c.Event) {
		errs.Add(carecoord.Invalid("event", "must be the event's id (FHIR id)"))
	}
	if !carecoord.ValidID(c.Template) {
		errs.Add(carecoord.Invalid("template", "must be the template's id (FHIR id)"))
	}
	if !c.Purpose.IsValid() {
		errs.Add(carecoord.NotSupported("purpose", Purposes()...))
	}
	switch {
	case c.Location == nil:
		errs.Add(carecoord.Required("location", "must be the facility's time zone (restore it from zone with time.LoadLocation)"))
	case c.Zone != c.Location.String():
		errs.Add(carecoord.Invalid("zone", "must be the name of location"))
	}
	if len(c.Items) == 0 {
		errs.Add(carecoord.Required("items", "must have at least one item"))
	}
	for i := range c.Items {
		c.validateItem(&errs, i)
	}
	return errs.Err()
}

func (c *Checklist) validateItem(errs *carecoord.FieldErrors, i int) {
	it := &c.Items[i]
	p := carecoord.Path("items", i)
	switch {
	case !it.Key.IsValid():
		errs.Add(carecoord.Invalid(p+".key", itemKeyRule))
	case c.index(it.Key, i) >= 0:
		errs.Add(carecoord.Duplicate(p+".key", "must be unique within the checklist"))
	}
	if !it.Owner.IsValid() {
		errs.Add(carecoord.NotSupported(p+".owner", Roles()...))
	}
	errs.Nest(p+".rule", it.Rule.Validate())
	if it.Rule.Anchor == AnchorItem && it.Rule.Item.IsValid() && c.index(it.Rule.Item, i) < 0 {
		errs.Add(carecoord.Invalid(p+".rule.item", "must name an earlier item"))
	}
	for j, k := range it.Prerequisites {
		x := c.index(k, i)
		switch {
		case x < 0:
			errs.Add(carecoord.Invalid(carecoord.Path(p, "prerequisites", j), "must name an earlier item"))
		case it.Status == ItemCompleted && (!c.Items[x].Status.IsTerminal() || c.Items[x].DoneAt.After(it.DoneAt)):
			errs.Add(carecoord.Invalid(carecoord.Path(p, "prerequisites", j), "must be completed or waived no later than the item"))
		}
	}
	for j, k := range it.Accepts {
		if !k.IsValid() {
			errs.Add(carecoord.NotSupported(carecoord.Path(p, "accepts", j), EvidenceKinds()...))
		}
	}
	if it.Due.IsZero() != it.Start.IsZero() {
		errs.Add(carecoord.Invalid(p+".due", "must be set exactly when start is"))
	} else if !it.Due.IsZero() && it.Due.Before(it.Start) {
		errs.Add(carecoord.Invalid(p+".due", "must not be before start"))
	}
	if !it.DueDay.IsZero() && !it.DueDay.IsValid() {
		errs.Add(carecoord.Invalid(p+".dueDay", "must be a valid date"))
	}
	switch it.Status {
	case "":
		errs.Add(carecoord.Required(p+".status", "must be set"))
	case ItemCompleted:
		if it.DoneAt.IsZero() {
			errs.Add(carecoord.Required(p+".doneAt", "must say when the item was completed"))
		}
		var ev carecoord.FieldErrors
		validateEvidence(&ev, it.Accepts, it.Evidence)
		errs.Nest(p, ev.Err())
	case ItemCancelled:
		if it.DoneAt.IsZero() {
			errs.Add(carecoord.Required(p+".doneAt", "must say when the item was waived"))
		}
		if it.WaiverReason().IsZero() {
			errs.Add(carecoord.Required(p+".history", "must end in the waiver, with its coded reason"))
		}
		if len(it.Evidence) > 0 {
			errs.Add(carecoord.NotAllowed(p+".evidence", "must be empty for a waived item"))
		}
	case ItemReady, ItemInProgress:
		if !it.DoneAt.IsZero() {
			errs.Add(carecoord.NotAllowed(p+".doneAt", "must be empty while the item is open"))
		}
		if len(it.Evidence) > 0 {
			errs.Add(carecoord.NotAllowed(p+".evidence", "must be empty while the item is open"))
		}
	default:
		errs.Add(carecoord.NotSupported(p+".status", ItemStatuses()...))
	}
	if it.AttemptsCount < 0 || it.AttemptsCount > maxAttempts {
		errs.Add(carecoord.OutOfRange(p+".attemptsCount", "must be from 0 to 10"))
	}
	for j, a := range it.Attempts {
		q := carecoord.Path(p, "attempts", j)
		if a.At.IsZero() {
			errs.Add(carecoord.Required(q+".at", "must say when the attempt was made"))
		}
		errs.Nest(q+".by", a.By.Validate())
	}
	errs.Nest(p+".history", itemLifecycle().ValidateHistory(it.History, it.Status, nil))
	if n := len(it.History); it.Status.IsTerminal() && n > 0 && !it.History[n-1].At.Equal(it.DoneAt) {
		errs.Add(carecoord.Invalid(p+".doneAt", "must be the time of the last status change"))
	}
}
