import Foundation

/// A per-record failure inside a 200 response (a "record fetch error dictionary"):
/// `{"recordName": "101", "serverErrorCode": "CONFLICT", "reason": "…", "uuid": "…"}`.
package struct RecordError: Hashable, Sendable, Codable {
    package var recordName: String?
    package var reason: String?
    package var serverErrorCode: ServerErrorCode
    /// Seconds to wait before retrying; absent means this operation cannot be retried as it is.
    package var retryAfter: Double?
    package var uuid: String?
    /// Where to sign in, with AUTHENTICATION_REQUIRED.
    package var redirectURL: String?

    package init(
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
    package func error(operation: String? = nil, recordType: String? = nil) -> CloudKitError {
        CloudKitError(
            serverErrorCode, reason: reason, retryAfter: retryAfter, redirectURL: redirectURL,
            uuid: uuid ?? "", operation: operation, recordType: recordType, recordName: recordName)
    }
}
