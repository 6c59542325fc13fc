// Package careplantest helps test implementations and users of careplan.Store.
//
// TestStore is the conformance suite every Store must pass: the in-memory store passes it in
// careplan's own tests, and the PostgreSQL store in pgstore's. Plan and its siblings are rapid
// generators of valid care plans for property tests.
package careplantest
