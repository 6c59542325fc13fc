// Package transitiontest helps test implementations and users of transition.Store.
//
// TestStore is the conformance suite every Store must pass, for both of its aggregates (events
// and checklists): the in-memory store passes it in this package's own tests, and any other
// implementation (a host's database, the PostgreSQL stores of module pgstore) runs it the same way. Event,
// EventIn, DueRule, Checklist and ChecklistOf are rapid generators of valid records for property
// tests; EvidenceFor makes evidence an item accepts.
//
// The generators cannot load time zones (library code never calls time.LoadLocation): Event uses
// fixed-offset zones named as the IANA database names them ("Etc/GMT+5" is UTC−5), so that a host
// store can restore them with time.LoadLocation; property tests that need daylight-saving rules
// load the zones themselves and pass them to EventIn.
package transitiontest
