module github.com/carecoord/carecoord

go 1.25.0

require (
	github.com/google/go-cmp v0.7.0
	pgregory.net/rapid v1.2.0
)

require github.com/shopspring/decimal v1.4.0

require golang.org/x/text v0.40.0
