import CloudKitWeb
import Foundation
import Hummingbird

/// A request-level failure rendered as CloudKit renders it: the HTTP status of its
/// `serverErrorCode` and `{"uuid", "serverErrorCode", "reason"[, "retryAfter"]}`, with a fresh uuid.
package struct CloudKitHTTPError: HTTPResponseError, Sendable {
    /// The failure; its `httpStatus` is the response's status.
    package var error: CloudKitError

    package init(_ error: CloudKitError) {
        self.error = error
    }

    /// A failure with `code`, its documented status, and a new uuid.
    package init(_ code: ServerErrorCode, _ reason: String, retryAfter: Double? = nil) {
        error = CloudKitError(code, reason: reason, retryAfter: retryAfter)
    }

    package var status: HTTPResponse.Status { HTTPResponse.Status(code: error.httpStatus) }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        var error = error
        if error.uuid.isEmpty { error.uuid = UUID().uuidString }
        return try JSONResponse.make(error, status: status)
    }
}

/// JSON bodies of the server's responses.
enum JSONResponse {
    private static let encoder = JSONEncoder()

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        make(bytes: try encoder.encode(value), status: status)
    }

    /// A body already written, as the hand-written writers of the hot pages give it.
    static func make(bytes: some Sequence<UInt8>, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
