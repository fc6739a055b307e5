import CloudKitWeb
import Foundation
import GRDB
import Records

/// One row of the `record` table: a live record, or the tombstone of a deleted one.
struct StoredRecord {
    /// The columns `init(row:)` reads, in order.
    static let columns = """
        name, type, body, tag, created_at, created_user, created_device, \
        modified_at, modified_user, modified_device, change, assets
        """

    var name: String
    var type: String
    /// Whether this is a live record rather than a tombstone.
    var isLive: Bool
    /// The record; `nil` for a tombstone, or when read without its fields.
    var record: Records.Record?
    /// The record's ASSET and ASSET_LIST fields, which `record` cannot hold; empty when read
    /// without its fields.
    var assets: [String: StoredAssetField] = [:]
    var tag: String
    var created: TimestampDictionary
    var modified: TimestampDictionary
    var change: Int64

    /// Reads a row selected with `columns`.
    ///
    /// - Parameter decodingFields: false to skip decoding the stored JSON, when only the server
    ///   state matters (a replace or delete).
    /// - Throws: `CloudKitError` INTERNAL_ERROR when the stored JSON does not decode.
    init(row: Row, decodingFields: Bool = true) throws {
        name = row[0]
        type = row[1]
        isLive = !row.hasNull(atIndex: 2)
        if decodingFields, let body = row[2] as Data? {
            do {
                record = try CanonicalJSON.decode([UInt8](body))
            } catch {
                throw CloudKitError(
                    .internalError, reason: "stored record is corrupt: \(error)", recordType: type, recordName: name)
            }
            if let column = row[11] as Data? {
                do {
                    assets = try StoredAssetField.fields(column: column)
                } catch {
                    throw CloudKitError(
                        .internalError, reason: "stored record's assets are corrupt: \(error)", recordType: type,
                        recordName: name)
                }
            }
        }
        tag = row[3]
        created = TimestampDictionary(timestamp: row[4], userRecordName: row[5], deviceID: row[6])
        modified = TimestampDictionary(timestamp: row[7], userRecordName: row[8], deviceID: row[9])
        change = row[10]
    }

    /// The row of `name` in `zone`, tombstone or not; `nil` when there never was one.
    static func fetch(
        _ db: Database, zone: String, name: String, decodingFields: Bool = true
    ) throws -> StoredRecord? {
        let statement = try db.cachedStatement(sql: "SELECT \(columns) FROM record WHERE zone = ? AND name = ?")
        return try Row.fetchOne(statement, arguments: [zone, name]).map {
            try StoredRecord(row: $0, decodingFields: decodingFields)
        }
    }

    /// The record as the wire carries it; a deletion for a tombstone.
    func dictionary(zone: ResponseZone, desiredKeys: [String]?, numbersAsStrings: Bool) throws -> RecordDictionary {
        guard isLive, let record else { return .deletion(name) }
        return Self.dictionary(
            of: record, assets: assets, tag: tag, created: created, modified: modified, zone: zone,
            desiredKeys: desiredKeys,
            numbersAsStrings: numbersAsStrings)
    }

    /// The wire form of a record with its server state.
    static func dictionary(
        of record: Records.Record, assets: [String: StoredAssetField], tag: String, created: TimestampDictionary,
        modified: TimestampDictionary,
        zone: ResponseZone, desiredKeys: [String]?, numbersAsStrings: Bool
    ) -> RecordDictionary {
        var fields: [String: FieldDictionary] = [:]
        fields.reserveCapacity(record.fields.count)
        for (name, value) in record.fields where desiredKeys?.contains(name) ?? true {
            fields[name] = FieldDictionary(value, numbersAsStrings: numbersAsStrings)
        }
        for (name, asset) in assets where desiredKeys?.contains(name) ?? true {
            fields[name] = asset.dictionary(assetBase: zone.assetBase)
        }
        return RecordDictionary(
            recordName: record.name, recordType: record.type, recordChangeTag: tag, fields: fields,
            created: created, modified: modified, zoneID: zone.zoneID)
    }
}
