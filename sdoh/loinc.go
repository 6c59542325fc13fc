package sdoh

// LOINC codes carry a check digit after the hyphen. The LOINC Users' Guide (Regenstrief,
// appendix "Calculating Mod 10 check digits") computes it for the numeric part of a code: from
// the right, the digits in odd positions are doubled, the digits of the products and the digits
// in even positions are summed, and the check digit is what brings the sum to the next multiple
// of ten (the Luhn algorithm, which gives the same digit as the Guide's "join, double, add").
//
// LOINC answer codes (LA…) carry a check digit too, and LOINC publishes no separate algorithm for
// them. Every LA code in this package's tables, and every LA code in the research notes
// (spec §4, over a hundred codes), satisfies one rule: the Luhn check digit of the numeric part
// plus 5 when that part has an even number of digits, plus 2 when it has an odd number (mod 10).
// That is what the "LA" prefix contributes when it is read as two leading digits of fixed value,
// so it is the Mod 10 algorithm over the whole code; it is stated here as found, not as quoted.

// ValidLOINC reports whether code is a LOINC term code: 1 to 7 digits, a hyphen and the Mod 10
// check digit of the digits ("88122-7", "44261-6"). It does not look the code up.
func ValidLOINC(code string) bool {
	body, check, ok := splitCheck(code, 7)
	return ok && luhn(body) == check
}

// ValidLOINCAnswer reports whether code is a LOINC answer code: "LA", 1 to 7 digits, a hyphen
// and the check digit ("LA33-6", "LA31994-9"), by the rule in this file's comment. It does not
// look the code up.
func ValidLOINCAnswer(code string) bool {
	if len(code) < 2 || code[0] != 'L' || code[1] != 'A' {
		return false
	}
	body, check, ok := splitCheck(code[2:], 7)
	if !ok {
		return false
	}
	want := luhn(body) + 2
	if len(body)%2 == 0 {
		want = luhn(body) + 5
	}
	return want%10 == check
}

// splitCheck splits "digits-d" into its digits and the check digit's value.
func splitCheck(s string, maxDigits int) (body string, check int, ok bool) {
	n := len(s)
	if n < 3 || n > maxDigits+2 || s[n-2] != '-' || !isDigit(s[n-1]) {
		return "", 0, false
	}
	body = s[:n-2]
	for i := 0; i < len(body); i++ {
		if !isDigit(body[i]) {
			return "", 0, false
		}
	}
	return body, int(s[n-1] - '0'), true
}

// luhn returns the Mod 10 check digit of a string of digits.
func luhn(digits string) int {
	sum := 0
	for i := 0; i < len(digits); i++ {
		d := int(digits[len(digits)-1-i] - '0')
		if i%2 == 0 {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return (10 - sum%10) % 10
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
