import CloudKitWeb
import GRDB

/// Answers one `records/changes` page inside a read transaction.
///
/// Every write and delete takes the next store-wide change number, and a record's row keeps only
/// its latest one, so a page lists each changed record once, in its latest state (a deletion as
/// `{recordName, deleted: true}`), oldest change first. A token names the last change seen.
struct ChangesExecutor {
    let db: Database
    let zone: ResponseZone
    let request: ChangesRequest

    private static let operation = "records/changes"

    func run() throws -> ChangesResponse {
        try zone.check(in: db, operation: Self.operation)
        var since: Int64 = 0
        if let text = request.syncToken {
            guard let token = OpaqueToken.decode(text, as: SyncToken.self), token.zone == zone.name else {
                throw CloudKitError.badRequest(
                    "syncToken does not belong to zone '\(zone.zoneName)'", operation: Self.operation)
            }
            since = token.change
        }
        let limit = request.resultsLimit ?? CloudKitLimits.maxResultsPerPage
        guard limit > 0 else {
            throw CloudKitError.badRequest("resultsLimit must be positive, got \(limit)", operation: Self.operation)
        }
        let pageSize = min(limit, CloudKitLimits.maxResultsPerPage)
        let types = request.desiredRecordTypes.map(Set.init)
        let statement = try db.cachedStatement(
            sql: "SELECT \(StoredRecord.columns) FROM record WHERE zone = ? AND change > ? ORDER BY change")
        let cursor = try Row.fetchCursor(statement, arguments: [zone.name, since])
        var records: [RecordDictionary] = []
        var last = since
        while let row = try cursor.next() {
            let stored = try StoredRecord(row: row)
            if let types, !types.contains(stored.type) {
                last = stored.change
                continue
            }
            if records.count == pageSize {
                return ChangesResponse(
                    zoneID: zone.zoneID, records: records, syncToken: SyncToken(zone: zone.name, change: last).encoded,
                    moreComing: true)
            }
            records.append(try stored.dictionary(zone: zone, desiredKeys: request.desiredKeys, numbersAsStrings: false))
            last = stored.change
        }
        return ChangesResponse(
            zoneID: zone.zoneID, records: records, syncToken: try zone.syncToken(db), moreComing: false)
    }
}
