import GRDB

extension EmulatorStore {
    /// The store's schema, one migration per shipped change. Never edit a shipped migration: add one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: zones, records, tombstones, schema") { db in
            try db.execute(
                sql: """
                    CREATE TABLE zone (
                        name TEXT PRIMARY KEY NOT NULL,
                        atomic INTEGER NOT NULL
                    );
                    INSERT INTO zone (name, atomic) VALUES ('_defaultZone', 0);

                    -- The last change sequence number handed out, store-wide.
                    CREATE TABLE counter (
                        name TEXT PRIMARY KEY NOT NULL,
                        value INTEGER NOT NULL
                    );
                    INSERT INTO counter (name, value) VALUES ('change', 0);

                    -- One row per (zone, name): a live record, or a tombstone when body is NULL.
                    -- body is the record's canonical JSON (Records.CanonicalJSON): recordName,
                    -- recordType and the fields in their {"type", "value"} wire form.
                    CREATE TABLE record (
                        zone TEXT NOT NULL,
                        name TEXT NOT NULL,
                        type TEXT NOT NULL,
                        body BLOB,
                        tag TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        created_user TEXT NOT NULL,
                        created_device TEXT NOT NULL,
                        modified_at INTEGER NOT NULL,
                        modified_user TEXT NOT NULL,
                        modified_device TEXT NOT NULL,
                        change INTEGER NOT NULL,
                        UNIQUE (zone, name)
                    );
                    CREATE INDEX record_by_type ON record (zone, type, name);
                    CREATE INDEX record_by_change ON record (zone, change);

                    -- Record types ever written: a query of any other type is a BAD_REQUEST.
                    CREATE TABLE record_type (
                        name TEXT PRIMARY KEY NOT NULL
                    );

                    -- The development-environment schema: the first write of a field fixes its type.
                    CREATE TABLE schema_field (
                        record_type TEXT NOT NULL,
                        field TEXT NOT NULL,
                        field_type TEXT NOT NULL,
                        PRIMARY KEY (record_type, field)
                    );
                    """)
        }
        return migrator
    }
}
