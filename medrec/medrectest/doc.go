// Package medrectest helps test implementations and users of medrec.Store.
//
// TestStore is the conformance suite every Store must pass: the in-memory store passes it in
// package medrec's own tests, and any other implementation (a host's database, the
// PostgreSQL stores of module pgstore) runs it the same way, from its own test with a function that
// returns a new, empty store:
//
//	func TestStore(t *testing.T) {
//		medrectest.TestStore(t, func(t *testing.T) medrec.Store { return newEmptyStore(t) })
//	}
//
// It checks, each as a subtest: that a missing reconciliation is carecoord.ErrNotFound; that
// Save gives version 1 to a new record and refuses a second create, a stale version
// (carecoord.ErrConflict) and a version of a record never saved (ErrNotFound); that History
// keeps every version; that no value the caller passes in or gets back shares memory with what
// is stored, down to the ingredients, daily events, warnings and provenance of every entry,
// decision result and reconciled entry; that an invalid reconciliation or one with no
// UpdatedBy is carecoord.ErrInvalid and stores nothing; that concurrent read-modify-writes
// through carecoord.Update lose nothing; a rapid model sequence of creates and saves from
// current and stale versions of generated reconciliations (of up to three entries a side,
// which keeps it to seconds); that List returns, ordered by id, exactly the reconciliations
// medrec.Query.Matches selects, for each query field alone and combined (an empty, non-nil
// Contexts or Statuses selects everything); and that List sees the latest version. Reconciliations are compared field by field after the store: decimals
// by value (2.50 is 2.5), instants to the microsecond, nil and empty slices alike.
//
// Reconciliation and Medication are rapid generators of valid records, for property tests of
// stores and of code that uses package medrec.
package medrectest
