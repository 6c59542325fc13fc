// Package memstore is the one in-memory, versioned record store that every domain
// package's NewMemStore wraps. It keeps every saved version of every record (nothing is
// lost), enforces optimistic concurrency on carecoord.Meta.Version, copies values on the way
// in and out so that no caller can change what is stored, and is safe for concurrent use.
//
// Domain packages wrap it in their NewMemStore: they give it the record's noun, an accessor
// for its carecoord.Meta, its Clone method and its Validate method, and turn their List
// query into the keep predicate of [Store.List]. Nothing exported by the library mentions
// this package, so its API can change with them.
package memstore
