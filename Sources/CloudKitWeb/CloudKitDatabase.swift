/// A CloudKit database, zone-scoped requests and all: the seam between sync and its remotes.
///
/// The embedded SQLite store and the HTTP client both conform and take and give exactly the
/// protocol's values. Request-level failures throw `CloudKitError`; per-record failures come back
/// inside the responses as `RecordResult.error`, as on the wire.
package protocol CloudKitDatabase: Sendable {
    /// `records/query`: one page of records of one type.
    func query(_ request: QueryRequest) async throws -> QueryResponse
    /// Every page of a query, in order, following continuation markers from `request` on.
    /// The HTTP client asks for the next page before it hands `page` the current one.
    func queryPages(_ request: QueryRequest, _ page: (QueryResponse) async throws -> Void) async throws
    /// `records/lookup`: records by name.
    func lookup(_ request: LookupRequest) async throws -> LookupResponse
    /// `records/modify`: create, update, replace and delete records.
    func modify(_ request: ModifyRequest) async throws -> ModifyResponse
    /// `records/changes`: what changed in a zone since a sync token.
    func changes(_ request: ChangesRequest) async throws -> ChangesResponse
    /// `zones/list`: every zone with its sync token.
    func listZones() async throws -> ZoneListResponse
    /// `assets/upload`: an upload URL for each asset of `request`, in order.
    func requestAssetUploads(_ request: AssetUploadRequest) async throws -> AssetUploadResponse
    /// A POST of an asset's raw bytes to an upload URL `requestAssetUploads` gave; the answer's
    /// dictionary (receipt, checksum, size) is the field value `records/modify` then saves.
    func uploadAsset(bytes: [UInt8], to url: String) async throws -> AssetDictionary
    /// A GET of an asset's bytes from the `downloadURL` a record's asset field carries.
    func downloadAsset(_ url: String) async throws -> [UInt8]
}

extension CloudKitDatabase {
    /// A database without assets (a test double that wraps a store for its records only)
    /// refuses them, naming the operation.
    package func requestAssetUploads(_ request: AssetUploadRequest) async throws -> AssetUploadResponse {
        throw CloudKitError.badRequest("this database does not hold assets", operation: "assets/upload")
    }

    /// Refused as `requestAssetUploads` is, by a database without assets.
    package func uploadAsset(bytes: [UInt8], to url: String) async throws -> AssetDictionary {
        throw CloudKitError.badRequest("this database does not hold assets", operation: "asset upload")
    }

    /// Refused as `requestAssetUploads` is, by a database without assets.
    package func downloadAsset(_ url: String) async throws -> [UInt8] {
        throw CloudKitError.badRequest("this database does not hold assets", operation: "asset download")
    }

    /// One page after the other.
    package func queryPages(_ request: QueryRequest, _ page: (QueryResponse) async throws -> Void) async throws {
        var request = request
        repeat {
            let response = try await query(request)
            request.continuationMarker = response.continuationMarker
            try await page(response)
        } while request.continuationMarker != nil
    }
}
