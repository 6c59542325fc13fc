package carecoord

import "strings"

// Code-system URIs, as FHIR R4 and HL7 Terminology (THO) name them. Use them as
// [Coding.System]. Each is the canonical URI of the system, not a value set.
const (
	// SystemLOINC is LOINC (observations, screening instruments and their answers).
	SystemLOINC = "http://loinc.org"
	// SystemSNOMED is SNOMED CT (clinical findings, procedures, social findings).
	SystemSNOMED = "http://snomed.info/sct"
	// SystemRxNorm is RxNorm (US clinical drugs and ingredients).
	SystemRxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm"
	// SystemNDC is the FDA National Drug Code directory.
	SystemNDC = "http://hl7.org/fhir/sid/ndc"
	// SystemICD10CM is ICD-10-CM (US diagnoses, including the Z55–Z65 social-determinant codes).
	SystemICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
	// SystemCPT is the AMA's Current Procedural Terminology (e.g. TCM 99495 and 99496).
	SystemCPT = "http://www.ama-assn.org/go/cpt"
	// SystemHCPCS is HCPCS Level II (CMS procedure and supply codes).
	SystemHCPCS = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
	// SystemNUBCDischargeStatus is the NUBC UB-04 form locator 17 patient discharge status.
	SystemNUBCDischargeStatus = "https://www.nubc.org/CodeSystem/PatDischargeStatus"
	// SystemNUCCTaxonomy is the NUCC Health Care Provider Taxonomy (provider specialties).
	SystemNUCCTaxonomy = "http://nucc.org/provider-taxonomy"
	// SystemUCUM is the Unified Code for Units of Measure, for quantities.
	SystemUCUM = "http://unitsofmeasure.org"
	// SystemSDOHCCTemporary is the Gravity SDOH Clinical Care IG's temporary code system,
	// for SDOH concepts that LOINC and SNOMED CT do not yet have.
	SystemSDOHCCTemporary = "http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes"

	// SystemFHIR is the prefix of the code systems that the FHIR R4 core specification
	// defines itself (e.g. SystemFHIR+"request-status", SystemFHIR+"task-status").
	SystemFHIR = "http://hl7.org/fhir/"
	// SystemTHO is the prefix of the code systems that HL7 Terminology maintains
	// (e.g. SystemTHO+"goal-achievement", SystemTHO+"v3-ActCode").
	SystemTHO = "http://terminology.hl7.org/CodeSystem/"
)

// A Coding is one code from one code system, as in FHIR R4's Coding data type.
// Two Codings mean the same thing when their System and Code are equal ([Coding.Matches]);
// Display is for people and never takes part in matching.
//
// The zero Coding means "no code". Fields that require a code reject it in Validate.
type Coding struct {
	// System is the code system's canonical URI, e.g. [SystemLOINC].
	System string `json:"system,omitempty"`
	// Code is the code within System, e.g. "88122-7".
	Code string `json:"code,omitempty"`
	// Display is the code's human-readable name. It is optional and not compared.
	Display string `json:"display,omitempty"`
}

// IsZero reports whether c is the zero Coding.
func (c Coding) IsZero() bool { return c == Coding{} }

// Matches reports whether c and o are the same code in the same system. Display is ignored.
func (c Coding) Matches(o Coding) bool { return c.System == o.System && c.Code == o.Code }

// String returns "system|code", the FHIR token form, for logs and map keys.
func (c Coding) String() string { return c.System + "|" + c.Code }

// Validate reports whether c is a usable code: System must be an absolute URI
// (http:, https: or urn:), and Code must follow the FHIR R4 code data type
// (non-empty, no leading or trailing white space, never two white-space characters in a row).
// URI schemes are matched in lower case, as FHIR's canonical URIs are written. Display is free text.
// The paths in the returned [FieldErrors] are "system" and "code".
func (c Coding) Validate() error {
	var errs FieldErrors
	switch {
	case c.System == "":
		errs.Add(Required("system", "must name the code system"))
	case !isAbsoluteURI(c.System):
		errs.Add(Invalid("system", "must be an absolute URI (http:, https: or urn:)"))
	}
	switch {
	case c.Code == "":
		errs.Add(Required("code", "must be set"))
	case !ValidCode(c.Code):
		errs.Add(Invalid("code", "must have no leading, trailing or repeated white space (FHIR code type)"))
	}
	return errs.Err()
}

// Codings adds the problems of each coding in cs to l, at path[i] ("addresses[1].system").
func (l *FieldErrors) Codings(path string, cs []Coding) {
	for i, c := range cs {
		l.Nest(Path(path, i), c.Validate())
	}
}

func isAbsoluteURI(s string) bool {
	for _, p := range [...]string{"http://", "https://", "urn:"} {
		if len(s) > len(p) && strings.HasPrefix(s, p) {
			return !strings.ContainsAny(s, " \t\r\n")
		}
	}
	return false
}

// ValidCode reports whether s has the syntax of the FHIR R4 code data type: the regex
// [^\s]+(\s[^\s]+)*, that is not empty, with no leading or trailing white space and never two
// white-space characters in a row.
func ValidCode(s string) bool {
	if s == "" {
		return false
	}
	prevSpace := true // rejects a leading space
	for _, r := range s {
		space := r == ' ' || r == '\t' || r == '\r' || r == '\n'
		if space && prevSpace {
			return false
		}
		prevSpace = space
	}
	return !prevSpace
}
