package sdoh

import "slices"

// An Audience is who a result is shown to. The zero Audience is not valid.
type Audience string

// The audiences.
const (
	// AudienceCareTeam: the clinicians and coordinators caring for the patient. They see
	// everything, the urgent flag first.
	AudienceCareTeam Audience = "care-team"
	// AudiencePatient: the patient, through a patient portal.
	AudiencePatient Audience = "patient"
	// AudienceProxy: a proxy (parent, caregiver, portal proxy), including the one who answered
	// for the patient.
	AudienceProxy Audience = "proxy"
	// AudienceCBO: a community-based organisation that receives a referral.
	AudienceCBO Audience = "cbo"
)

// Audiences returns every Audience, in a new slice.
func Audiences() []Audience {
	return []Audience{AudienceCareTeam, AudiencePatient, AudienceProxy, AudienceCBO}
}

// IsValid reports whether a is one of [Audiences].
func (a Audience) IsValid() bool { return slices.Contains(Audiences(), a) }

// Disclose returns the part of r that an audience may see, as a new Result sharing no slice
// with r. These are the library's rules (DESIGN: "sensitive information kept to those who need
// it"); a host with stricter or looser consent applies its own on top:
//
//   - the care team sees all of r;
//   - the patient (portal) and any proxy see no restricted domain (interpersonal safety, mental
//     health, substance use, incarceration, refugee status; [Domain.Restricted]), none of their
//     items, warnings or needs, and no urgent flag: these are discussed with the care team, in
//     private, and a portal may be read by someone else, perhaps the person the patient is not
//     safe with. A safety-positive screen is never shown to the proxy who answered for the
//     patient;
//   - a community organisation sees only the positive domains that are not restricted (the
//     needs it is asked to meet) and their items: no negative or unknown domain, no item
//     outside them, no total, no warning, no urgent flag.
//
// Withheld lists every restricted domain the result reports, whatever its status, so that what
// is withheld says nothing about the answers (only that those questions were asked). Status is
// recomputed over the domains shown: positive when one is; otherwise unknown when any domain
// is withheld (a withheld domain may be positive: a screen positive only for safety must not
// read "negative" to the portal or the proxy); negative only when the result was valid,
// nothing is withheld and every domain shown is negative. An invalid Audience sees nothing but
// the instrument.
func Disclose(r Result, to Audience) Result {
	out := Result{Instrument: r.Instrument, Version: r.Version, Date: r.Date, Respondent: r.Respondent, Valid: r.Valid}
	if to == AudienceCareTeam {
		out = r
		out.Domains = slices.Clone(r.Domains)
		for i := range out.Domains {
			d := &out.Domains[i]
			d.Items, d.Missing, d.Categories = slices.Clone(d.Items), slices.Clone(d.Missing), slices.Clone(d.Categories)
		}
		out.Items = slices.Clone(r.Items)
		out.Warnings = slices.Clone(r.Warnings)
		out.Withheld = slices.Clone(r.Withheld)
		return out
	}
	out.Status = StatusUnknown
	if !to.IsValid() {
		return out
	}
	shown := map[DomainID]bool{}
	hidden := map[DomainID]bool{}
	for _, d := range r.Domains {
		keep := !d.Restricted && (to != AudienceCBO || d.Status == StatusPositive)
		if !keep {
			hidden[d.Domain] = true
			continue
		}
		shown[d.Domain] = true
		d.Items, d.Missing, d.Categories = slices.Clone(d.Items), slices.Clone(d.Missing), slices.Clone(d.Categories)
		out.Domains = append(out.Domains, d)
	}
	for _, d := range r.Domains {
		if d.Restricted {
			out.Withheld = append(out.Withheld, d.Domain)
		}
	}
	for _, id := range r.Withheld {
		if !slices.Contains(out.Withheld, id) {
			out.Withheld = append(out.Withheld, id)
		}
	}
	for _, it := range r.Items {
		switch {
		case it.Domain == "" && to != AudienceCBO:
		case it.Domain != "" && shown[it.Domain]:
		default:
			continue
		}
		out.Items = append(out.Items, it)
	}
	if to != AudienceCBO {
		out.HasTotal, out.Total, out.TotalMax, out.TotalCode = r.HasTotal, r.Total, r.TotalMax, r.TotalCode
		if restrictedTotal(r) {
			out.HasTotal, out.Total, out.TotalMax, out.TotalCode = false, 0, 0, ""
		}
		for _, w := range r.Warnings {
			if w.Domain == "" || shown[w.Domain] {
				out.Warnings = append(out.Warnings, w)
			}
		}
		out.Ignored = r.Ignored
	}
	allNegative := r.Valid && len(out.Domains) > 0 && len(out.Withheld) == 0
	for _, d := range out.Domains {
		switch d.Status {
		case StatusPositive:
			out.Status = StatusPositive
		case StatusUnknown:
			allNegative = false
		}
	}
	if out.Status != StatusPositive && allNegative {
		out.Status = StatusNegative
	}
	return out
}

// restrictedTotal reports whether r's total sums items of a restricted domain (the PHQ and GAD
// totals; the PRAPARE tally, which counts safety, stress and incarceration answers).
func restrictedTotal(r Result) bool {
	if !r.HasTotal {
		return false
	}
	for _, d := range r.Domains {
		if d.Restricted {
			return true
		}
	}
	return len(r.Withheld) > 0
}

// DiscloseNeeds returns the needs an audience may see: all of them for the care team; those
// that are not restricted for the patient, a proxy and a community organisation. It returns a
// new slice.
func DiscloseNeeds(needs []Need, to Audience) []Need {
	var out []Need
	for _, n := range needs {
		if to == AudienceCareTeam || (to.IsValid() && !n.Restricted) {
			n.Items, n.Conditions, n.Findings, n.Services = slices.Clone(n.Items), slices.Clone(n.Conditions),
				slices.Clone(n.Findings), slices.Clone(n.Services)
			out = append(out, n)
		}
	}
	return out
}
