package sdoh

// This file holds what the instrument tables share: the built-in list and small constructors
// that keep the tables readable. The tables themselves are in tables_*.go, one instrument a file,
// each citing its source. They are functions returning fresh values: nothing here is a package
// variable, so no caller can change another's tables.

// BuiltinInstruments returns the library's instrument tables, in the order of [InstrumentIDs],
// as fresh values: AHC HRSN (2018), Hunger Vital Sign (2010), PRAPARE (2016), PHQ-2 (2003),
// PHQ-9 (2001) and GAD-7 (2006). Pass them (changed, if a host's policy differs) to
// [NewScreener] and [NewLocalizer].
func BuiltinInstruments() []Instrument {
	return []Instrument{ahcHRSN(), hungerVitalSign(), prapare(), phq2(), phq9(), gad7()}
}

// BuiltinInstrument returns the built-in table of id, and false if there is none.
func BuiltinInstrument(id InstrumentID) (Instrument, bool) {
	for _, in := range BuiltinInstruments() {
		if in.ID == id {
			return in, true
		}
	}
	return Instrument{}, false
}

func tx(en, es string) Text { return Text{En: en, Es: es} }

func opt(code, en, es string) Option { return Option{Code: code, Text: tx(en, es)} }

// pos marks o as indicating a possible need.
func pos(o Option) Option { o.Positive = true; return o }

// posAs marks o as indicating a possible need in category c.
func posAs(c Category, o Option) Option { o.Positive, o.Category = true, c; return o }

// pts gives o n points.
func pts(n int, o Option) Option { o.Score = n; return o }

// excl marks o as exclusive ("None of the above").
func excl(o Option) Option { o.Exclusive = true; return o }

// noInfo marks o as an answer that gives no information (it is exclusive too).
func noInfo(o Option) Option { o.NoInformation, o.Exclusive = true, true; return o }

func yes() Option { return opt("LA33-6", "Yes", "Sí") }
func no() Option  { return opt("LA32-8", "No", "No") }

// chooseNot is PRAPARE's "I choose not to answer this question", offered by every PRAPARE item.
func chooseNot() Option {
	return noInfo(opt("LA30122-8", "I choose not to answer this question", "Prefiero no contestar esta pregunta"))
}

func choice(code string, text Text, options ...Option) Item {
	return Item{Code: code, Text: text, Kind: ItemChoice, Options: options}
}

func multi(code string, text Text, options ...Option) Item {
	return Item{Code: code, Text: text, Kind: ItemMultiChoice, Options: options}
}

func number(code string, text Text, lo, hi int64, unit string) Item {
	return Item{Code: code, Text: text, Kind: ItemNumber, Min: lo, Max: hi, Unit: unit}
}

func required(it Item) Item { it.Required = true; return it }
func scored(it Item) Item   { it.Scored = true; return it }
func stem(s Text, it Item) Item {
	it.Stem = s
	return it
}

func domain(id DomainID, c Category, r Rule, items ...string) Domain {
	return Domain{ID: id, Category: c, Rule: r, Items: items}
}

func restricted(d Domain) Domain { d.Restricted = true; return d }
func optional(d Domain) Domain   { d.Optional = true; return d }

func anyPositive(source string) Rule { return Rule{Kind: RuleAnyPositive, Source: source} }
