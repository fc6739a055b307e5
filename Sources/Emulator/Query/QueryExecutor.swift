import CloudKitWeb
import Foundation
import GRDB
import Records

/// Answers one `records/query` page inside a read transaction.
struct QueryExecutor {
    let db: Database
    let zone: ResponseZone
    let request: QueryRequest
    /// The schema of the database when it is fixed (`EmulatorStore.fixedSchema`).
    var fixedSchema: FixedSchema? = nil

    private static let operation = "records/query"

    func run() throws -> QueryResponse {
        try zone.check(in: db, operation: Self.operation)
        let recordType = request.query.recordType
        if let problem = RecordNameRules.typeProblem(with: recordType) {
            throw CloudKitError.badRequest(
                "recordType \(recordType.debugDescription) \(problem)", operation: Self.operation)
        }
        var schemaCache = SchemaCache(namespace: zone.namespace, fixed: fixedSchema)
        guard let schema = try schemaCache.fieldTypes(of: recordType, in: db) else {
            throw CloudKitError.badRequest("Did not find record type: \(recordType)", operation: Self.operation)
        }
        if let fixedSchema, !fixedSchema.queryableTypes.contains(recordType) {
            throw CloudKitError.badRequest(FixedSchema.recordNameNotQueryable(recordType), operation: Self.operation)
        }
        let limit = request.resultsLimit ?? CloudKitLimits.maxResultsPerPage
        guard limit > 0 else {
            throw CloudKitError.badRequest("resultsLimit must be positive, got \(limit)", operation: Self.operation)
        }
        let pageSize = min(limit, CloudKitLimits.maxResultsPerPage)
        var marker = QueryMarker(zone: zone.name, recordType: recordType)
        if let text = request.continuationMarker {
            guard let decoded = OpaqueToken.decode(text, as: QueryMarker.self), decoded.zone == zone.name,
                decoded.recordType == recordType
            else {
                throw CloudKitError.badRequest(
                    "continuationMarker does not belong to this query", operation: Self.operation)
            }
            marker = decoded
        }
        let predicate = try RecordPredicate(request.query.filterBy ?? [], recordType: recordType, schema: schema)
        let sorts = try (request.query.sortBy ?? []).map { sort in
            (
                sort,
                try FieldAccess.resolve(
                    fieldName: sort.fieldName, systemFieldName: nil, recordType: recordType, schema: schema
                ).read
            )
        }

        let page: [StoredRecord]
        var next: QueryMarker?
        if sorts.isEmpty {
            (page, next) = try keysetPage(marker: marker, pageSize: pageSize, predicate: predicate)
        } else {
            var matches = try rows(after: nil).filter(predicate.matches)
            matches.sort { left, right in
                for (sort, read) in sorts {
                    let order = Self.order(read(left), read(right))
                    if order != .orderedSame { return sort.ascending == (order == .orderedAscending) }
                }
                return left.name.utf8.lexicographicallyPrecedes(right.name.utf8)
            }
            let start = min(marker.offset ?? 0, matches.count)
            let end = min(start + pageSize, matches.count)
            page = Array(matches[start..<end])
            if end < matches.count { next = QueryMarker(zone: zone.name, recordType: recordType, offset: end) }
        }
        let numbersAsStrings = request.numbersAsStrings ?? false
        return QueryResponse(
            records: try page.map {
                try $0.dictionary(zone: zone, desiredKeys: request.desiredKeys, numbersAsStrings: numbersAsStrings)
            },
            continuationMarker: next?.encoded)
    }

    /// The next `pageSize` matches by record name after the marker, and the marker after them when
    /// another match follows.
    private func keysetPage(
        marker: QueryMarker, pageSize: Int, predicate: RecordPredicate
    ) throws -> ([StoredRecord], QueryMarker?) {
        var page: [StoredRecord] = []
        let cursor = try cursor(after: marker.after)
        while let row = try cursor.next() {
            let stored = try StoredRecord(row: row)
            guard predicate.matches(stored) else { continue }
            if page.count == pageSize {
                var next = marker
                next.after = page.last?.name
                return (page, next)
            }
            page.append(stored)
        }
        return (page, nil)
    }

    private func rows(after name: String?) throws -> [StoredRecord] {
        var records: [StoredRecord] = []
        let cursor = try cursor(after: name)
        while let row = try cursor.next() { records.append(try StoredRecord(row: row)) }
        return records
    }

    private func cursor(after name: String?) throws -> RowCursor {
        // SQLite compares TEXT with memcmp on UTF-8: the order of the keyset and of `name > ?` agree.
        let statement = try db.cachedStatement(
            sql: """
                SELECT \(StoredRecord.columns) FROM record
                WHERE zone = ? AND type = ? AND name > ? AND body IS NOT NULL ORDER BY name
                """)
        return try Row.fetchCursor(statement, arguments: [zone.name, request.query.recordType, name ?? ""])
    }

    /// Missing values first, then by `FieldOrder`; values that do not compare are equal.
    private static func order(_ left: FieldValue?, _ right: FieldValue?) -> ComparisonResult {
        switch (left, right) {
        case (nil, nil): .orderedSame
        case (nil, _): .orderedAscending
        case (_, nil): .orderedDescending
        case (let left?, let right?): FieldOrder.compare(left, right) ?? .orderedSame
        }
    }
}
