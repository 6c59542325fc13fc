package metrics

import (
	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/civil"
)

// EpisodeRules split a patient's fills into treatment episodes, as AdhereR's
// compute.treatment.episodes does (spec §1.4, with its vectors in §1.5): an episode starts at
// a fill, and ends when the supply runs out and the gap before the next fill is longer than
// MaxGap, or, when the rules say so, at a change of medication or dose.
//
// The zero EpisodeRules ends an episode at any gap and never at a change; [DefaultEpisodeRules]
// returns AdhereR's CMA_per_episode defaults.
type EpisodeRules struct {
	// MaxGap is the maximum permissible gap, in days, from 0 to 36,600: a gap longer than
	// this between the end of supply and the next fill ends the episode (AdhereR:
	// maximum.permissible.gap, 180 days in CMA_per_episode, 90 in
	// compute.treatment.episodes). Percent-of-supply gaps are not supported.
	MaxGap int `json:"maxGap"`
	// NewOnMedicationChange starts an episode at a fill of another class ([Fill.Class]) than
	// the fill before it (medication.change.means.new.treatment.episode, default TRUE).
	NewOnMedicationChange bool `json:"newOnMedicationChange,omitempty"`
	// NewOnDosageChange starts an episode at a fill of another daily dose than the fill
	// before it (dosage.change.means.new.treatment.episode, default FALSE).
	NewOnDosageChange bool `json:"newOnDosageChange,omitempty"`
	// AppendMaxGap adds MaxGap days (up to the next fill) to an episode that ends at a gap
	// longer than MaxGap (maximum.permissible.gap.append.to.episode, default FALSE).
	AppendMaxGap bool `json:"appendMaxGap,omitempty"`
}

// DefaultEpisodeRules returns AdhereR's CMA_per_episode defaults: a maximum permissible gap
// of 180 days, and a change of medication starts a new episode.
func DefaultEpisodeRules() EpisodeRules {
	return EpisodeRules{MaxGap: 180, NewOnMedicationChange: true}
}

// Validate reports whether r is usable.
func (r EpisodeRules) Validate() error {
	if r.MaxGap < 0 || r.MaxGap > cmMaxWindow {
		return carecoord.FieldErrors{carecoord.OutOfRange("maxGap", "must be from 0 to 36,600 days")}
	}
	return nil
}

// A TreatmentEpisode is a run of a patient's fills with no gap longer than the maximum
// permissible one (and, under the rules that say so, no change of medication or dose).
type TreatmentEpisode struct {
	// Span is the episode's days, both ends included: from its first fill through the day
	// before AdhereR's episode.end. Span.Days() is AdhereR's episode.duration.
	Span civil.Range `json:"span"`
	// Gap is AdhereR's end.episode.gap.days: the days without supply after the episode, up
	// to the next fill, when the episode ended at a change or a long gap; for the last
	// episode, the days without supply from the end of supply to the end of the follow-up
	// window (inside the episode, which then runs to the window's end, unless the gap is
	// longer than the maximum permissible one).
	Gap int `json:"gap"`
}

// TreatmentEpisodes returns the treatment episodes of one patient's fills in the follow-up
// window (counted from the first fill, as [CMAWindow] says), in order, under rules and the
// carry-over options (AdhereR's compute.treatment.episodes, which carries over within the
// window; spec §1.4, §1.5).
//
// The supply walk is [CMA]'s pooled stock. After each fill, the supply runs out on a day (a
// day with part of a dose left counts as supplied); the gap is the days from then to the next
// fill. The episode ends before the next fill when the gap is longer than MaxGap, or at a
// change the rules name: on the day the supply runs out, or on the next fill's day if the
// supply lasts until then (the gap is then 0). Fills of one day never split an episode. The
// last episode runs to the end of the follow-up window, unless its final gap is longer than
// MaxGap: it then ends when the supply runs out.
//
// Problems with the input come back as carecoord.FieldErrors as [CMA] says.
func TreatmentEpisodes(fills []Fill, followUp CMAWindow, r EpisodeRules, o CMAOptions) ([]TreatmentEpisode, error) {
	var errs carecoord.FieldErrors
	errs.Nest("followUp", followUp.Validate())
	errs.Nest("rules", r.Validate())
	p, err := cmOnePatient(errs, fills, o, cmNeedsFlags(o, &r))
	if err != nil {
		return nil, err
	}
	eps := cmEpisodes(nil, p.evs, cmWindow(p.evs[0].day, followUp), &r, o)
	out := make([]TreatmentEpisode, len(eps))
	for i, e := range eps {
		out[i] = e.episode(p.epoch)
	}
	return out, nil
}

// A cmEpisode is a treatment episode as day numbers.
type cmEpisode struct {
	span cmRange
	gap  int64
}

func (e *cmEpisode) episode(epoch civil.Date) TreatmentEpisode {
	return TreatmentEpisode{Span: cmRangeOf(epoch, e.span), Gap: int(e.gap)}
}

// cmEpisodes appends to dst the treatment episodes of evs in fuw, as TreatmentEpisodes says.
func cmEpisodes(dst []cmEpisode, evs []cmEvent, fuw cmRange, r *EpisodeRules, o CMAOptions) []cmEpisode {
	f := cmSelect(evs, fuw)
	if len(f) == 0 {
		return dst
	}
	maxGap := int64(r.MaxGap)
	start := f[0].day
	w := cmWalk{evs: f, end: fuw.hi, o: o}
	for i := 0; ; i++ {
		iv, ok := w.next()
		if !ok {
			return dst
		}
		out := iv.supplyEnd()
		gap := max(0, int64(iv.to)-out)
		stop := min(out, int64(iv.to))
		if gap > maxGap && r.AppendMaxGap {
			stop = min(out+maxGap, int64(iv.to))
		}
		if i+1 == len(f) { // the last episode
			if gap <= maxGap {
				stop = int64(fuw.hi)
			}
			return append(dst, cmEpisode{span: cmRange{start, int32(stop)}, gap: gap})
		}
		next := &f[i+1]
		if next.day == iv.from ||
			gap <= maxGap && !(r.NewOnMedicationChange && next.flags&cmSwitched != 0) && !(r.NewOnDosageChange && next.flags&cmRedosed != 0) {
			continue
		}
		dst = append(dst, cmEpisode{span: cmRange{start, int32(stop)}, gap: gap})
		start = next.day
	}
}

// An EpisodeCMA is a CMA over one treatment episode.
type EpisodeCMA struct {
	Episode TreatmentEpisode `json:"episode"`
	// CMA is computed over the episode as its own follow-up window, and the episode's part of
	// the observation window as its observation window (CMA.Window).
	CMA CMAValue `json:"cma"`
}

// CMAPerEpisode computes kind over each treatment episode of one patient's fills that shares
// days with the observation window, as AdhereR's CMA_per_episode does (spec §1.4, §1.5): the
// episodes are those of [TreatmentEpisodes] over the follow-up window, under rules and the
// same options (AdhereR couples them); each episode is the follow-up window of its CMA, so no
// supply carries into it from an earlier episode, and its days in the observation window are
// the CMA's observation window.
//
// Problems with the input come back as carecoord.FieldErrors as [CMA] says.
func CMAPerEpisode(kind CMAKind, fills []Fill, w CMAWindows, r EpisodeRules, o CMAOptions) ([]EpisodeCMA, error) {
	var errs carecoord.FieldErrors
	cmCheckKind(&errs, kind)
	errs.Nest("windows", w.Validate())
	errs.Nest("rules", r.Validate())
	p, err := cmOnePatient(errs, fills, o, cmNeedsFlags(o, &r))
	if err != nil {
		return nil, err
	}
	fuw, ow := p.windows(w)
	var out []EpisodeCMA
	for _, e := range cmEpisodes(nil, p.evs, fuw, &r, o) {
		in := e.span.intersect(ow)
		if in.empty() {
			continue
		}
		span, s := cmCompute(kind, p.evs, e.span, in, o)
		out = append(out, EpisodeCMA{Episode: e.episode(p.epoch), CMA: cmValue(kind, in, span, &s, p.epoch)})
	}
	return out, nil
}

// SlidingWindows place windows of the same length in the observation window, each Step days
// after the one before (AdhereR's CMA_sliding_window): the first starts Start days after the
// observation window does, and there are as many as fit in it whole.
//
// The zero SlidingWindows is not valid.
type SlidingWindows struct {
	Start int `json:"start"`
	Days  int `json:"days"`
	Step  int `json:"step"`
}

// Validate reports every problem with s as carecoord.FieldErrors.
func (s SlidingWindows) Validate() error {
	var errs carecoord.FieldErrors
	if s.Start < 0 || s.Start > cmMaxWindow {
		errs.Add(carecoord.OutOfRange("start", "must be from 0 to 36,600 days"))
	}
	if s.Days < 1 || s.Days > cmMaxWindow {
		errs.Add(carecoord.OutOfRange("days", "must be from 1 to 36,600 days"))
	}
	if s.Step < 1 || s.Step > cmMaxWindow {
		errs.Add(carecoord.OutOfRange("step", "must be from 1 to 36,600 days"))
	}
	return errs.Err()
}

// CMASlidingWindows computes kind over each of the sliding windows s places in the
// observation window of one patient's fills, in order: each window is the observation window
// of its CMA, with the patient's follow-up window (spec §1.5: CMA9 over 120-day windows every
// 120 days carries supply in from before each window). A window that does not fit whole is
// not computed, so the result may be empty.
//
// Problems with the input come back as carecoord.FieldErrors as [CMA] says.
func CMASlidingWindows(kind CMAKind, fills []Fill, w CMAWindows, s SlidingWindows, o CMAOptions) ([]CMAValue, error) {
	var errs carecoord.FieldErrors
	cmCheckKind(&errs, kind)
	errs.Nest("windows", w.Validate())
	errs.Nest("sliding", s.Validate())
	p, err := cmOnePatient(errs, fills, o, cmNeedsFlags(o, nil))
	if err != nil {
		return nil, err
	}
	fuw, ow := p.windows(w)
	var out []CMAValue
	for lo := int64(ow.lo) + int64(s.Start); lo+int64(s.Days) <= int64(ow.hi); lo += int64(s.Step) {
		win := cmRange{int32(lo), int32(lo) + int32(s.Days)}
		span, a := cmCompute(kind, p.evs, fuw, win, o)
		out = append(out, cmValue(kind, win, span, &a, p.epoch))
	}
	return out, nil
}
