package civil

import "testing"

// The generated table must start on the day it says and agree with the statute's rules on
// every day it covers (regenerate with go generate ./civil if this fails).
func TestHolidayTable(t *testing.T) {
	if got := (Date{holidayTableFirst}); got != MustParse("1900-01-01") {
		t.Fatalf("holidayTableFirst is %v, want 1900-01-01", got)
	}
	if got := (Date{holidayTableFirst + holidayTableDays - 1}); got != MustParse("2199-12-31") {
		t.Fatalf("the table ends on %v, want 2199-12-31", got)
	}
	if len(holidayBits) != (holidayTableDays+7)/8 {
		t.Fatalf("holidayBits has %d bytes for %d days", len(holidayBits), holidayTableDays)
	}
	n := 0
	for i := int32(0); i < holidayTableDays; i++ {
		d := Date{holidayTableFirst + i}
		inTable, holiday := holidayInTable(d)
		_, byRules := holidayByRules(d)
		if !inTable || holiday != byRules {
			t.Fatalf("%v: table says %v (covered %v), rules say %v", d, holiday, inTable, byRules)
		}
		if holiday {
			n++
		}
	}
	if n < 300*9 {
		t.Errorf("the table marks only %d holidays in 300 years", n)
	}
	for _, d := range []Date{MustParse("1899-12-31"), MustParse("2200-01-01"), {}, {invalidDay}} {
		if inTable, _ := holidayInTable(d); inTable {
			t.Errorf("holidayInTable(%v) claims to cover it", d)
		}
	}
}
