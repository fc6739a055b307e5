// The SQLite store with CloudKit semantics.
