package sdoh_test

import (
	"testing"

	"github.com/carecoord/carecoord/civil"
	"github.com/carecoord/carecoord/sdoh"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// screener returns a Screener over the built-in instruments.
func screener(t testing.TB) *sdoh.Screener {
	t.Helper()
	s, err := sdoh.NewScreener()
	if err != nil {
		t.Fatalf("NewScreener(): %v", err)
	}
	return s
}

// day is the screening day of the fixed cases: on or after every Z-code change in the tables.
func day() civil.Date { return civil.MustParse("2025-09-15") }

// response returns a valid header for a response to id's built-in version, with these answers.
func response(id sdoh.InstrumentID, answers ...sdoh.Answer) sdoh.Response {
	in, _ := sdoh.BuiltinInstrument(id)
	return sdoh.Response{Instrument: id, InstrumentVersion: in.Version, Patient: "pat-1", Date: day(),
		Respondent: sdoh.RespondentSelf, Language: "en", Answers: answers}
}

// AHC HRSN answer codes, by what they mean.
const (
	steady, worried, noSteady            = "LA31993-1", "LA31994-9", "LA31995-6"
	pests, mold, lead, noHeat, none      = "LA31996-4", "LA28580-1", "LA31997-2", "LA31998-0", "LA9-3"
	often, sometimes, never              = "LA28397-0", "LA6729-3", "LA28398-8"
	yes, no, shutOff                     = "LA33-6", "LA32-8", "LA32002-0"
	hNever, hRarely, hSometimes, hFairly = "LA6270-8", "LA10066-1", "LA10082-8", "LA16644-9"
	hFrequently                          = "LA6482-9"
	dontKnow                             = "LA15775-2"
)

// hits maps HITS points (1-5) to answer codes; 0 means "no entry".
func hitsCode(points int) string {
	return [...]string{"", hNever, hRarely, hSometimes, hFairly, hFrequently}[points]
}

// safetyItems are the AHC HITS items in order: physically hurt, insult, threaten, scream.
func safetyItems() []string { return []string{"95618-5", "95617-7", "95616-9", "95615-1"} }

// safety returns the answers to the four HITS items with these points; 0 leaves an item out.
func safety(points ...int) []sdoh.Answer {
	var as []sdoh.Answer
	for i, p := range points {
		if p > 0 {
			as = append(as, sdoh.Choose(safetyItems()[i], hitsCode(p)))
		}
	}
	return as
}

// ahc returns an AHC HRSN response with the core answers given (q2 may hold several codes) and
// the safety answers.
func ahc(q1 string, q2 []string, q3, q4, q5, q6 string, safetyAnswers []sdoh.Answer) sdoh.Response {
	as := []sdoh.Answer{
		sdoh.Choose("71802-3", q1), sdoh.Choose("96778-6", q2...), sdoh.Choose("88122-7", q3),
		sdoh.Choose("88123-5", q4), sdoh.Choose("93030-5", q5), sdoh.Choose("96779-4", q6),
	}
	return response(sdoh.AHCHRSN, append(as, safetyAnswers...)...)
}

// phqCodes maps PHQ and GAD points (0-3) to answer codes.
func phqCode(points int) string {
	return [...]string{"LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"}[points]
}

// scaleResponse answers the first len(points) scored items of a PHQ or GAD instrument with these
// points; a negative point leaves the item out.
func scaleResponse(id sdoh.InstrumentID, points ...int) sdoh.Response {
	in, _ := sdoh.BuiltinInstrument(id)
	r := response(id)
	for i, p := range points {
		if p >= 0 {
			r.Answers = append(r.Answers, sdoh.Choose(in.Items[i].Code, phqCode(p)))
		}
	}
	return r
}

// brief is the part of a domain result the vector tests pin.
type brief struct {
	Status     sdoh.Status
	Reason     sdoh.Reason
	Score      int
	ScoreMax   int
	Severity   sdoh.Severity
	Answer     string
	Categories []sdoh.Category
}

func briefOf(d sdoh.DomainResult) brief {
	return brief{d.Status, d.Reason, d.Score, d.ScoreMax, d.Severity, d.Answer, d.Categories}
}

// domains returns the brief of every domain of res.
func domains(res sdoh.Result) map[sdoh.DomainID]brief {
	m := map[sdoh.DomainID]brief{}
	for _, d := range res.Domains {
		m[d.Domain] = briefOf(d)
	}
	return m
}

// positiveItems returns the items with a POS interpretation.
func positiveItems(res sdoh.Result) []string {
	var out []string
	for _, it := range res.Items {
		if it.Positive {
			out = append(out, it.Item)
		}
	}
	return out
}

func cmpOpts() cmp.Options { return cmp.Options{cmpopts.EquateEmpty()} }
