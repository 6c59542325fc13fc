package sdoh_test

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/carecoord/carecoord"
	"github.com/carecoord/carecoord/sdoh"
	"github.com/google/go-cmp/cmp"
)

// decodeResponse builds a response from fuzz bytes: data[0] picks an instrument (or one the
// Screener does not know), data[1] spoils the header, and each following 4 bytes make one
// answer (item, kind of answer, two arguments), reaching items of the instrument, items of
// another instrument, codes that are not in the list, numbers out of range, absent reasons, and
// malformed answers.
func decodeResponse(ins []sdoh.Instrument, data []byte) sdoh.Response {
	at := func(i int) byte {
		if i < len(data) {
			return data[i]
		}
		return 0
	}
	r := sdoh.Response{Patient: "pat-1", Date: day(), Respondent: sdoh.RespondentSelf, Language: "en"}
	var in sdoh.Instrument
	if k := int(at(0)) % (len(ins) + 1); k < len(ins) {
		in = ins[k]
		r.Instrument, r.InstrumentVersion = in.ID, in.Version
	} else {
		r.Instrument, r.InstrumentVersion = "unknown-screen", "1"
	}
	flags := at(1)
	if flags&1 != 0 {
		r.InstrumentVersion = "1999"
	}
	if flags&2 != 0 {
		r.Respondent = sdoh.RespondentProxy
	}
	if flags&4 != 0 {
		r.Patient = ""
	}
	if flags&8 != 0 {
		r.Respondent = "neighbour"
	}
	for i := 2; i+3 < len(data) && len(r.Answers) < 80; i += 4 {
		sel, op, a1, a2 := int(data[i]), data[i+1], data[i+2], data[i+3]
		var it sdoh.Item
		switch n := len(in.Items); {
		case n > 0 && sel%(n+2) < n:
			it = in.Items[sel%(n+2)]
		case n > 0 && sel%(n+2) == n:
			it = sdoh.Item{Code: "69725-0", Kind: sdoh.ItemChoice, Options: []sdoh.Option{{Code: "LA6568-5"}}} // a GAD-7 item
		default:
			it = sdoh.Item{Code: "item " + strconv.Itoa(sel), Kind: sdoh.ItemChoice}
		}
		code := func(k byte) string {
			if len(it.Options) == 0 {
				return "LA" + strconv.Itoa(int(k)) + "-0"
			}
			return it.Options[int(k)%len(it.Options)].Code
		}
		switch op % 7 {
		case 0:
			r.Answers = append(r.Answers, sdoh.Choose(it.Code, code(a1)))
		case 1:
			r.Answers = append(r.Answers, sdoh.Choose(it.Code, code(a1), code(a2)))
		case 2:
			r.Answers = append(r.Answers, sdoh.Value(it.Code, int64(int8(a1))*int64(a2)))
		case 3:
			why := append(sdoh.AbsentReasons(), "bogus")[int(a1)%4]
			r.Answers = append(r.Answers, sdoh.Skip(it.Code, why))
		case 4:
			r.Answers = append(r.Answers, sdoh.Choose(it.Code, "LA"+strconv.Itoa(int(a1)*256+int(a2))+"-"+strconv.Itoa(int(a2)%10)))
		case 5:
			r.Answers = append(r.Answers, sdoh.Answer{Item: it.Code, Number: int64(a1), Absent: sdoh.AbsentReason([]string{"", "asked-declined"}[a2%2])})
		case 6:
			r.Answers = append(r.Answers, sdoh.Answer{Item: it.Code})
		}
	}
	return r
}

// FuzzScore: scoring any response never panics, agrees with Validate about validity, never
// scores an invalid response negative, never scores negative a domain one of whose items has a
// problem, and raises the urgent flag whenever any entry for PHQ-9 item 9 (of a PHQ-9 version
// the Screener knows) has a code scoring above 0, however malformed the response.
func FuzzScore(f *testing.F) {
	s := screener(f)
	ins := sdoh.BuiltinInstruments()
	// Seeds: the spec §4.8 AHC-1 answers (instrument 0, then item, op 0, option index), the
	// HVS vectors, a PHQ-9 with item 9 positive, a PRAPARE multi-select, and broken shapes.
	ahc1 := []byte{0, 0, 0, 0, 1, 0, 1, 0, 7, 0, 2, 0, 1, 0, 3, 0, 2, 0, 4, 0, 1, 0, 5, 0, 2, 0,
		6, 0, 0, 0, 7, 0, 1, 0, 8, 0, 2, 0, 9, 0, 2, 0}
	f.Add(ahc1)
	f.Add([]byte{1, 0, 0, 0, 0, 0, 1, 0, 2, 0})             // HVS often, never
	f.Add([]byte{1, 0, 0, 0, 3, 0, 1, 0, 2, 0})             // HVS don't know, never
	f.Add([]byte{1, 0, 0, 0, 1, 0})                         // HVS sometimes, missing
	f.Add([]byte{4, 0, 8, 0, 1, 0, 0, 0, 3, 0})             // PHQ-9 item 9 several days
	f.Add([]byte{4, 0, 8, 0, 3, 0, 8, 0, 0, 0})             // PHQ-9 item 9 nearly every day, then not at all
	f.Add([]byte{4, 0, 8, 1, 3, 0})                         // PHQ-9 item 9 with two codes
	f.Add([]byte{2, 0, 14, 1, 0, 2, 1, 1, 3, 4})            // PRAPARE multi-selects
	f.Add([]byte{0, 2, 6, 3, 0, 0, 6, 3, 0, 0, 7, 4, 9, 9}) // proxy, declined twice, bad code
	f.Add([]byte{0, 5, 16, 2, 200, 3, 17, 2, 5, 7})         // bad header, numbers
	f.Add([]byte{6, 1, 0, 0, 0, 0})                         // unknown instrument, wrong version
	f.Add([]byte{0, 0, 28, 6, 0, 0, 29, 5, 1, 1})           // foreign item, malformed answers
	f.Fuzz(func(t *testing.T, data []byte) {
		r := decodeResponse(ins, data)
		res := s.Score(r)
		err := s.Validate(r)
		if (err == nil) != res.Valid {
			t.Fatalf("Validate() = %v but Score().Valid = %v", err, res.Valid)
		}
		if err != nil {
			if res.Status == sdoh.StatusNegative {
				t.Fatalf("an invalid response scored negative: %v", err)
			}
			var list carecoord.FieldErrors
			if !asFieldErrors(err, &list) {
				t.Fatalf("Validate() = %T, want carecoord.FieldErrors", err)
			}
			for _, d := range res.Domains {
				if d.Status != sdoh.StatusNegative {
					continue
				}
				for _, e := range list {
					for _, item := range append(slices.Clone(d.Items), d.Missing...) {
						missingRequired := e.Path == "answers["+item+"]" && e.Code == carecoord.FieldRequired
						if strings.HasPrefix(e.Path, "answers["+item+"]") && !missingRequired {
							t.Fatalf("domain %s is negative although item %s has a problem (%s %s)", d.Domain, item, e.Path, e.Code)
						}
					}
				}
			}
		}
		if res.Status == "" || !res.Status.IsValid() {
			t.Fatalf("Score().Status = %q", res.Status)
		}
		var reused sdoh.Result
		s.ScoreInto(&reused, &r)
		s.ScoreInto(&reused, &r)
		if !reflect.DeepEqual(normalized(res), normalized(reused)) {
			t.Fatalf("ScoreInto(reused) differs from Score (-Score +ScoreInto):\n%s", cmp.Diff(res, reused, cmpOpts()))
		}
		if item9AboveZero(ins, r) && !res.Urgent.Raised {
			t.Fatalf("an answer to PHQ-9 item 9 has a code scoring above 0, but Urgent is not raised (%+v)", res.Urgent)
		}
		_ = sdoh.Needs(res)
		for _, to := range sdoh.Audiences() {
			if v := sdoh.Disclose(res, to); to != sdoh.AudienceCareTeam && v.Urgent.Raised {
				t.Fatalf("%s sees the urgent flag", to)
			}
		}
	})
}

// normalized returns r with every empty slice nil, so that reflect.DeepEqual (much cheaper
// than cmp in a fuzz loop) compares results as cmpopts.EquateEmpty would.
func normalized(r sdoh.Result) sdoh.Result {
	r.Domains = slices.Clone(r.Domains)
	for i := range r.Domains {
		d := &r.Domains[i]
		d.Items, d.Missing, d.Categories = nilIfEmpty(d.Items), nilIfEmpty(d.Missing), nilIfEmpty(d.Categories)
	}
	r.Domains, r.Items, r.Warnings, r.Withheld = nilIfEmpty(r.Domains), nilIfEmpty(r.Items), nilIfEmpty(r.Warnings), nilIfEmpty(r.Withheld)
	return r
}

func nilIfEmpty[S ~[]E, E any](s S) S {
	if len(s) == 0 {
		return nil
	}
	return s
}

func asFieldErrors(err error, list *carecoord.FieldErrors) bool {
	l, ok := err.(carecoord.FieldErrors)
	*list = l
	return ok
}

// item9AboveZero reports whether r answers PHQ-9 item 9, in any entry, with a code of the
// item's list that scores above 0, in a PHQ-9 version among ins.
func item9AboveZero(ins []sdoh.Instrument, r sdoh.Response) bool {
	for _, in := range ins {
		if in.ID != sdoh.PHQ9 || in.ID != r.Instrument || in.Version != r.InstrumentVersion {
			continue
		}
		for _, it := range in.Items {
			if it.Code != "44260-8" {
				continue
			}
			for _, a := range r.Answers {
				if a.Item != it.Code {
					continue
				}
				for _, code := range a.Codes {
					for _, o := range it.Options {
						if o.Code == code && o.Score > 0 {
							return true
						}
					}
				}
			}
		}
	}
	return false
}
