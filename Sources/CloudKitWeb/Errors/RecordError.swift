import Foundation

/// A per-record failure inside a 200 response (a "record fetch error dictionary"):
/// `{"recordName": "101", "serverErrorCode": "CONFLICT", "reason": "…", "uuid": "…"}`.
public struct RecordError: Hashable, Sendable, Codable {
    public var recordName: String?
    public var reason: String?
    public var serverErrorCode: ServerErrorCode
    /// Seconds to wait before retrying; absent means this operation cannot be retried as it is.
    public var retryAfter: Double?
    public var uuid: String?
    /// Where to sign in, with AUTHENTICATION_REQUIRED.
    public var redirectURL: String?

    public init(
        recordName: String?, serverErrorCode: ServerErrorCode, reason: String? = nil, retryAfter: Double? = nil,
        uuid: String? = UUID().uuidString, redirectURL: String? = nil
    ) {
        self.recordName = recordName
        self.reason = reason
        self.serverErrorCode = serverErrorCode
        self.retryAfter = retryAfter
        self.uuid = uuid
        self.redirectURL = redirectURL
    }

    /// This failure as a `CloudKitError` naming the operation and the record, to throw or print.
    public func error(operation: String? = nil, recordType: String? = nil) -> CloudKitError {
        CloudKitError(
            serverErrorCode, reason: reason, retryAfter: retryAfter, redirectURL: redirectURL,
            uuid: uuid ?? "", operation: operation, recordType: recordType, recordName: recordName)
    }
}
