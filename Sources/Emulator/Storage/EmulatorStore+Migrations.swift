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
        migrator.registerMigration("v2: assets") { db in
            try db.execute(
                sql: """
                    -- Each distinct file once, by its fileChecksum (lowercase hex SHA-256 of the bytes),
                    -- whichever database, record or upload it came from.
                    CREATE TABLE asset_content (
                        checksum TEXT PRIMARY KEY NOT NULL,
                        size INTEGER NOT NULL,
                        bytes BLOB NOT NULL
                    );

                    -- The upload URLs assets/upload handed out, and once bytes came, the receipt and
                    -- the content they gave. namespace is the database's (EmulatorStore.namespace).
                    CREATE TABLE asset_upload (
                        token TEXT PRIMARY KEY NOT NULL,
                        namespace TEXT NOT NULL,
                        record_name TEXT NOT NULL,
                        record_type TEXT NOT NULL,
                        field TEXT NOT NULL,
                        expires_at INTEGER NOT NULL,
                        receipt TEXT UNIQUE,
                        checksum TEXT
                    );

                    -- A record's ASSET and ASSET_LIST fields, beside its canonical body (which has no
                    -- asset type): JSON {"field": {"list": false, "files": [{"fileChecksum", "size"}]}}.
                    ALTER TABLE record ADD COLUMN assets BLOB;
                    """)
        }
        return migrator
    }
}
