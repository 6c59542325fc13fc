// Package sdohtest helps test implementations and users of sdoh.Store.
//
// TestStore is the conformance suite every Store must pass: the in-memory store passes it in
// this package's own tests, and any other implementation (a host's database, the
// PostgreSQL stores of module pgstore) runs it the same way. Response and Answers are rapid generators of valid
// screening responses for property tests.
package sdohtest
