package transition

import (
	"strconv"
	"strings"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

// A Unit is what a due rule counts. The zero Unit is not valid.
type Unit string

// The units.
const (
	// UnitHours counts elapsed hours from the anchor instant, around the clock: 48 hours after
	// a Saturday 10:00 discharge is Monday 10:00, and across a daylight-saving change it is 48
	// real hours (Monday 11:00 on the wall clock after clocks go forward).
	UnitHours Unit = "hours"
	// UnitDays counts calendar days from the anchor's local day; due by the end of the last.
	// "7 days after discharge" on 2025-08-29 is due by the end of 2025-09-05.
	UnitDays Unit = "days"
	// UnitBusinessDays counts business days of the civil.Calendar passed in, starting the day
	// after the anchor's local day; due by the end of the last. The count skips weekends, the
	// observed federal holidays (5 U.S.C. § 6103 and OPM's observance rules, through
	// civil.USFederal) and the calendar's closures, whatever day the anchor falls on.
	UnitBusinessDays Unit = "business-days"
)

// Units returns every Unit, in a new slice.
func Units() []Unit { return []Unit{UnitHours, UnitDays, UnitBusinessDays} }

// IsValid reports whether u is one of [Units].
func (u Unit) IsValid() bool { return u == UnitHours || u == UnitDays || u == UnitBusinessDays }

// max returns the largest count a rule of this unit may have: about a year.
func (u Unit) max() int {
	switch u {
	case UnitHours:
		return 8784
	case UnitDays:
		return 366
	case UnitBusinessDays:
		return 262
	}
	return 0
}

// An Anchor is the event a due rule counts from. The zero Anchor is not valid.
type Anchor string

// The anchors.
const (
	// AnchorAdmission is the event's Admitted instant (the ED arrival for an ED visit).
	AnchorAdmission Anchor = "admission"
	// AnchorDischarge is the event's Discharged instant (the ED departure for an ED visit).
	// While the stay goes on it is not known, and items counted from it are waiting.
	AnchorDischarge Anchor = "discharge"
	// AnchorItem is the completion of another item of the same checklist (DueRule.Item), listed
	// before it: "medication reconciliation by the day of the follow-up visit". Until that item
	// is completed, its due time stands in for it (its due day, for a rule counting days), so the
	// item is due no earlier than the one it counts from.
	AnchorItem Anchor = "item"
)

// Anchors returns every Anchor, in a new slice.
func Anchors() []Anchor { return []Anchor{AnchorAdmission, AnchorDischarge, AnchorItem} }

// IsValid reports whether a is one of [Anchors].
func (a Anchor) IsValid() bool {
	return a == AnchorAdmission || a == AnchorDischarge || a == AnchorItem
}

// A DueRule says when a checklist item is due: N units after an anchor. N = 0 hours is "before"
// the anchor: due at the anchor instant itself ("before discharge"). N = 0 days is by the end of
// the anchor's local day.
//
// From, when not 0, is the earliest the item should be done, in the same unit from the same
// anchor: "48 to 72 hours after discharge" (CTI's home visit "ideally 48–72 hours after
// discharge") is From 48, N 72. For hours it is the instant From hours after the anchor; for days
// and business days it is the start (local midnight) of the From-th day, or From-th business day,
// after the anchor's day. An item completed before it is done early ([StateDoneEarly]). From must
// be less than N, so "before <anchor>" has none.
//
// Its text form, which [ParseDueRule] reads and [DueRule.String] writes (and JSON uses, through
// MarshalText and UnmarshalText), is
// "[<from> to ]<n> hours|days|business days after <anchor>" or "before <anchor>", where anchor is
// "admission", "discharge" or "item <key>"; "1 hour", "1 day" and "1 business day" are accepted
// too. For example "2 business days after discharge", "48 hours after discharge", "before
// discharge", "0 days after item follow-up-visit".
//
// Rules counted from an item do not take business days: the checklist keeps no calendar when an
// item is completed, so they count hours or calendar days. The zero DueRule is not valid.
type DueRule struct {
	// From is the earliest bound, in Unit after Anchor; 0 for none.
	From   int
	N      int
	Unit   Unit
	Anchor Anchor
	Item   ItemKey // the anchor item, for AnchorItem only
}

// Validate reports every problem with r: a valid unit and anchor, N from 0 to about a year
// (8784 hours, 366 days or 262 business days), From from 0 to N-1 (0, no earliest bound, for
// "before <anchor>"), Item set exactly for an item anchor and a valid key, and no business days
// after an item. Paths are "n", "from", "unit", "anchor" and "item".
func (r DueRule) Validate() error {
	var errs carecoord.FieldErrors
	if !r.Unit.IsValid() {
		errs.Add(carecoord.NotSupported("unit", Units()...))
	} else if r.N < 0 || r.N > r.Unit.max() {
		errs.Add(carecoord.OutOfRange("n", "must be from 0 to "+strconv.Itoa(r.Unit.max())+" "+string(r.Unit)))
	}
	switch {
	case r.From < 0:
		errs.Add(carecoord.OutOfRange("from", "must not be negative"))
	case r.From > 0 && r.IsBefore():
		errs.Add(carecoord.NotAllowed("from", "must be 0 for a rule due before the anchor"))
	case r.From > 0 && r.From >= r.N:
		errs.Add(carecoord.OutOfRange("from", "must be less than n"))
	}
	switch {
	case !r.Anchor.IsValid():
		errs.Add(carecoord.NotSupported("anchor", Anchors()...))
	case r.Anchor == AnchorItem && r.Item == "":
		errs.Add(carecoord.Required("item", "must name the item the rule counts from"))
	case r.Anchor == AnchorItem && !r.Item.IsValid():
		errs.Add(carecoord.Invalid("item", itemKeyRule))
	case r.Anchor != AnchorItem && r.Item != "":
		errs.Add(carecoord.NotAllowed("item", "must be empty unless the anchor is an item"))
	case r.Anchor == AnchorItem && r.Unit == UnitBusinessDays:
		errs.Add(carecoord.Invalid("unit", "must be hours or days after an item: the checklist keeps no business calendar"))
	}
	return errs.Err()
}

// IsBefore reports whether r is "before <anchor>": due at the anchor instant (0 hours).
func (r DueRule) IsBefore() bool { return r.N == 0 && r.Unit == UnitHours }

// HasFrom reports whether r has an earliest bound: From > 0.
func (r DueRule) HasFrom() bool { return r.From > 0 }

// String returns r's text form, e.g. "2 business days after discharge" or "before discharge".
// An invalid rule gives a best-effort form that ParseDueRule rejects.
func (r DueRule) String() string {
	var b strings.Builder
	if r.IsBefore() {
		b.WriteString("before ")
	} else {
		if r.From != 0 {
			b.WriteString(strconv.Itoa(r.From))
			b.WriteString(" to ")
		}
		b.WriteString(strconv.Itoa(r.N))
		b.WriteByte(' ')
		unit := strings.ReplaceAll(string(r.Unit), "-", " ")
		if r.N == 1 {
			unit = strings.TrimSuffix(unit, "s")
		}
		b.WriteString(unit)
		b.WriteString(" after ")
	}
	b.WriteString(string(r.Anchor))
	if r.Anchor == AnchorItem {
		b.WriteByte(' ')
		b.WriteString(string(r.Item))
	}
	return b.String()
}

// MarshalText returns r's text form; an invalid rule is an error matching carecoord.ErrInvalid.
func (r DueRule) MarshalText() ([]byte, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return []byte(r.String()), nil
}

// UnmarshalText parses r's text form, as [ParseDueRule] does.
func (r *DueRule) UnmarshalText(b []byte) error {
	p, err := ParseDueRule(string(b))
	if err != nil {
		return err
	}
	*r = p
	return nil
}

// errRuleForm is the parse error for text that is not a due rule. It never repeats the input.
func errRuleForm() error {
	return carecoord.Invalid("", `must be "[<from> to ]<n> hours|days|business days after <anchor>" or "before <anchor>", anchor "admission", "discharge" or "item <key>"`)
}

// ParseDueRule parses a due rule's text form (see [DueRule]): lower case, single spaces, a
// decimal count with no sign or leading zeros. The rule must also be valid ([DueRule.Validate]).
// Errors match carecoord.ErrInvalid and do not repeat s. For every valid rule r,
// ParseDueRule(r.String()) returns r.
func ParseDueRule(s string) (DueRule, error) {
	if len(s) > 128 {
		return DueRule{}, errRuleForm()
	}
	var r DueRule
	if rest, ok := strings.CutPrefix(s, "before "); ok {
		r.Unit = UnitHours
		if !r.parseAnchor(rest) {
			return DueRule{}, errRuleForm()
		}
	} else {
		num, rest, ok := strings.Cut(s, " ")
		if !ok || !parseCount(num, &r.N) {
			return DueRule{}, errRuleForm()
		}
		if after, ok := strings.CutPrefix(rest, "to "); ok {
			r.From = r.N
			num, rest, ok = strings.Cut(after, " ")
			// "0 to n" is refused: 0 means no earliest bound, written without it.
			if !ok || r.From == 0 || !parseCount(num, &r.N) {
				return DueRule{}, errRuleForm()
			}
		}
		for _, u := range [...]struct {
			prefix string
			unit   Unit
		}{
			{"hours after ", UnitHours}, {"hour after ", UnitHours},
			{"days after ", UnitDays}, {"day after ", UnitDays},
			{"business days after ", UnitBusinessDays}, {"business day after ", UnitBusinessDays},
		} {
			if a, ok := strings.CutPrefix(rest, u.prefix); ok {
				r.Unit, rest = u.unit, a
				break
			}
		}
		if r.Unit == "" || !r.parseAnchor(rest) {
			return DueRule{}, errRuleForm()
		}
	}
	if err := r.Validate(); err != nil {
		return DueRule{}, err
	}
	return r, nil
}

// parseAnchor sets r's anchor from s: "admission", "discharge" or "item <key>".
func (r *DueRule) parseAnchor(s string) bool {
	switch s {
	case string(AnchorAdmission), string(AnchorDischarge):
		r.Anchor = Anchor(s)
		return true
	}
	key, ok := strings.CutPrefix(s, "item ")
	if !ok || !ItemKey(key).IsValid() {
		return false
	}
	r.Anchor, r.Item = AnchorItem, ItemKey(key)
	return true
}

// parseCount parses a decimal count of up to six digits with no sign and no leading zero.
func parseCount(s string, n *int) bool {
	if len(s) == 0 || len(s) > 6 || (len(s) > 1 && s[0] == '0') {
		return false
	}
	v := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
		v = v*10 + int(s[i]-'0')
	}
	*n = v
	return true
}

// fromDay returns the first day to do an item under a calendar or business day rule r with an
// earliest bound, counted from day. It assumes r is valid and has From > 0.
func (r DueRule) fromDay(day civil.Date, cal civil.Calendar) civil.Date {
	if r.Unit == UnitBusinessDays {
		return cal.AddBusinessDays(day, r.From)
	}
	return day.AddDays(r.From)
}

// dueDay returns the last day to do an item under a calendar or business day rule r counted from
// day: N days after it, or the N-th business day of cal after it. It assumes r is valid.
func (r DueRule) dueDay(day civil.Date, cal civil.Calendar) civil.Date {
	if r.Unit == UnitBusinessDays {
		return cal.AddBusinessDays(day, r.N)
	}
	return day.AddDays(r.N)
}
