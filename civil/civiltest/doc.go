// Package civiltest provides rapid generators of civil dates, ranges and calendars, for
// property tests of civil and of every package that takes dates. Domain test kits build
// their record generators on these.
package civiltest
