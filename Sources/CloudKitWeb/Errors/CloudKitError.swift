import Foundation

/// A failed CloudKit request, or a failed record inside one, as CloudKit Web Services reports it:
/// `{"uuid": "…", "serverErrorCode": "CONFLICT", "reason": "…"}` plus the HTTP status.
///
/// The description names the operation and the record: `records/modify CONFLICT for Airport/EGLL
/// (reason: record to update has been modified)`. It never contains credentials: `redirectURL` is
/// kept out of it.
package struct CloudKitError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The server's id of this failure.
    package var uuid: String
    package var serverErrorCode: ServerErrorCode
    package var reason: String?
    /// Seconds to wait before retrying; absent means the request cannot be retried as it is.
    package var retryAfter: Double?
    /// Where to sign in, with AUTHENTICATION_REQUIRED.
    package var redirectURL: String?
    /// The HTTP status of the response (not part of the body).
    package var httpStatus: Int
    /// The operation path, `records/modify`, when known (not part of the body).
    package var operation: String?
    /// The record's type, when the failure is about one record (not part of the body).
    package var recordType: String?
    /// The record's name, when the failure is about one record (not part of the body).
    package var recordName: String?
    /// How long the client tried, when it gave up after retrying (not part of the body).
    package var attemptsNote: String?
    /// What the user may do about it, when the cause is known (not part of the body).
    package var hint: String?

    /// - Parameters:
    ///   - httpStatus: the response's status; by default the one Apple documents for the code.
    ///   - uuid: the server's failure id; a new random UUID by default.
    package init(
        _ serverErrorCode: ServerErrorCode, reason: String? = nil, retryAfter: Double? = nil,
        redirectURL: String? = nil, httpStatus: Int? = nil, uuid: String = UUID().uuidString,
        operation: String? = nil, recordType: String? = nil, recordName: String? = nil
    ) {
        self.uuid = uuid
        self.serverErrorCode = serverErrorCode
        self.reason = reason
        self.retryAfter = retryAfter
        self.redirectURL = redirectURL
        self.httpStatus = httpStatus ?? serverErrorCode.httpStatus
        self.operation = operation
        self.recordType = recordType
        self.recordName = recordName
    }

    /// A request-level BAD_REQUEST with `reason`.
    package static func badRequest(_ reason: String, operation: String? = nil) -> CloudKitError {
        CloudKitError(.badRequest, reason: reason, operation: operation)
    }

    package var description: String {
        var text = operation.map { "\($0) \(serverErrorCode)" } ?? serverErrorCode.rawValue
        if let recordName {
            text += " for " + (recordType.map { "\($0)/" } ?? "") + recordName
        }
        if let reason { text += " (reason: \(reason))" }
        if let retryAfter { text += " (retry after \(retryAfter) s)" }
        if let attemptsNote { text += "; \(attemptsNote)" }
        if let hint { text += "; hint: \(hint)" }
        return text
    }

    private enum CodingKeys: String, CodingKey {
        case uuid, serverErrorCode, reason, retryAfter, redirectURL
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        uuid = try container.decodeIfPresent(String.self, forKey: .uuid) ?? ""
        serverErrorCode = try container.decode(ServerErrorCode.self, forKey: .serverErrorCode)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        retryAfter = try container.decodeIfPresent(Double.self, forKey: .retryAfter)
        redirectURL = try container.decodeIfPresent(String.self, forKey: .redirectURL)
        httpStatus = serverErrorCode.httpStatus
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(uuid, forKey: .uuid)
        try container.encode(serverErrorCode, forKey: .serverErrorCode)
        try container.encodeIfPresent(reason, forKey: .reason)
        try container.encodeIfPresent(retryAfter, forKey: .retryAfter)
        try container.encodeIfPresent(redirectURL, forKey: .redirectURL)
    }
}
