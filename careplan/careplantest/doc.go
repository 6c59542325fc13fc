// Package careplantest helps test implementations and users of careplan.Store.
//
// TestStore is the conformance suite every Store must pass: the in-memory store passes it in
// this package's own tests, and any other implementation (a host's database, the
// PostgreSQL stores of module pgstore) runs it the same way. Plan and its siblings are rapid
// generators of valid care plans for property tests.
package careplantest
