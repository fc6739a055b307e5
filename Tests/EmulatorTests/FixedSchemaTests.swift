import CloudKitWeb
import Emulator
import Records
import Testing

/// A store held to a fixed schema, as CloudKit's production environment is (`cksync serve --schema`).
@Suite("Fixed (production) schema")
struct FixedSchemaTests {
    static let schema = try! CloudKitSchema(
        parsing: """
            DEFINE SCHEMA
                RECORD TYPE Airport (
                    "___recordID" REFERENCE QUERYABLE,
                    name STRING,
                    elevation NUMBER PREFERRED AS INT64,
                    GRANT READ TO "_world"
                );
                RECORD TYPE Hidden (
                    "___recordID" REFERENCE,
                    name STRING
                );
            """, file: "schema.ckdb")

    @Test func writesOfTypesAndFieldsTheSchemaHasSucceed() async throws {
        try await withStore { plain in
            let store = plain.holding(to: Self.schema)
            // A type of the schema with no records yet answers with no records.
            #expect(try await store.queryAll(Query(recordType: "Airport")).isEmpty)
            let result = try await store.apply(
                .forceReplace, record("EGLL", ["name": .string("Heathrow"), "elevation": .int64(83)]))
            #expect(result.record != nil, "\(String(describing: result.error))")
            #expect(try await store.queryAll(Query(recordType: "Airport")).count == 1)
        }
    }

    @Test func unknownTypesAndFieldsAreRefused() async throws {
        try await withStore { plain in
            let store = plain.holding(to: Self.schema)
            let type = try await store.apply(.forceReplace, record("x", type: "Runway", ["name": .string("09L")]))
            #expect(type.code == .badRequest)
            #expect(type.error?.reason == "Cannot create new type Runway in production schema")
            let field = try await store.apply(.forceReplace, record("EGLL", ["iata": .string("LHR")]))
            #expect(field.code == .badRequest)
            #expect(field.error?.reason == "Cannot create new field 'iata' in type 'Airport' in production schema")
            let wrongType = try await store.apply(.forceReplace, record("EGLL", ["elevation": .string("83")]))
            #expect(wrongType.code == .badRequest)
            #expect(try store.recordCount() == 0)
            // The same file without the schema: development creates types on first use.
            #expect(try await plain.apply(.forceReplace, record("x", type: "Runway")).record != nil)
        }
    }

    @Test func aTypeWhoseRecordNameIsNotQueryableCannotBeQueried() async throws {
        try await withStore { plain in
            let store = plain.holding(to: Self.schema)
            let error = await #expect(throws: CloudKitError.self) {
                try await store.query(QueryRequest(query: Query(recordType: "Hidden")))
            }
            #expect(error?.serverErrorCode == .badRequest)
            #expect(error?.reason?.contains("'recordName' is not marked queryable") == true)
        }
    }
}
