import CloudKitWeb
import Foundation
import Hummingbird
import NIOCore

/// The asset flow of protocol §3: `assets/upload` among the authenticated database routes, and
/// the upload and download URLs it hands out under `/assets/{container}/{environment}/{database}/`,
/// which, like CloudKit's, carry their own authorization (an unguessable token, a content checksum)
/// and take no credentials.
struct AssetRoutes: Sendable {
    let stores: ServerStores

    /// `assets/upload`, beside `records/…`.
    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.post("assets/upload", use: requestUploads)
    }

    /// `POST upload/{token}` (the raw bytes) and `GET download/{checksum}`, under the group of
    /// `/assets/:container/:environment/:database`.
    func addFileRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.post("upload/:token", use: upload)
        group.get("download/:checksum", use: download)
    }

    @Sendable func requestUploads(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let body = try await RequestBody.decode(AssetUploadRequest.self, from: request, operation: "assets/upload")
        guard body.tokens.count <= CloudKitLimits.maxTokensPerAssetUpload else {
            throw CloudKitHTTPError(
                .badRequest,
                "assets/upload: \(body.tokens.count) tokens in one request; at most \(CloudKitLimits.maxTokensPerAssetUpload)"
            )
        }
        let database = try context.requireDatabase()
        try database.checkZone(body.zoneID)
        let store = try stores.store(for: database, answering: request)
        return try JSONResponse.make(try await store.requestAssetUploads(body))
    }

    /// The bytes of an upload: at most `CloudKitLimits.maxAssetBytes`, else BAD_REQUEST.
    @Sendable func upload(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let database = try Self.database(context)
        let token = context.parameters.get("token") ?? ""
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: CloudKitLimits.maxAssetBytes)
        } catch is NIOTooManyBytesError {
            throw CloudKitHTTPError(EmulatorStore.assetTooLarge(nil))
        }
        let store = try stores.store(for: database, answering: request)
        let asset = try await store.acceptUpload(token: token, bytes: Array(buffer.readableBytesView))
        return try JSONResponse.make(AssetUploadResult(singleFile: asset))
    }

    /// The bytes of a stored asset, as `application/octet-stream`.
    @Sendable func download(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let database = try Self.database(context)
        let checksum = context.parameters.get("checksum") ?? ""
        let bytes = try await stores.store(for: database, answering: request).assetBytes(checksum: checksum)
        return Response(
            status: .ok, headers: [.contentType: "application/octet-stream"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The database of a file route's path (no authentication middleware parsed it).
    private static func database(_ context: ServerRequestContext) throws -> DatabasePath {
        try DatabasePath(
            container: context.parameters.get("container") ?? "",
            environment: context.parameters.get("environment") ?? "",
            database: context.parameters.get("database") ?? "")
    }
}

extension ServerStores {
    /// The store of `database`, its asset URLs pointing back at this server as `request` reached
    /// it (its `Host`), so that they work on port 0 and behind any address the client used.
    func store(for database: DatabasePath, answering request: Request) throws -> EmulatorStore {
        let host = request.head.authority ?? "127.0.0.1"
        return try store(for: database).serving(assetsAt: "http://\(host)/assets/\(database)")
    }
}
