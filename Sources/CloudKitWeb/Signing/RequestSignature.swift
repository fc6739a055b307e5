import Crypto
import Foundation

/// Server-to-server request signing, as CloudKit Web Services defines it.
///
/// The signed message is `date:base64(sha256(body)):subpath`, where `date` is ISO 8601 UTC with
/// seconds precision (`2016-01-25T22:15:43Z`), the body hash is the standard base64 of the raw
/// SHA-256 digest of the exact bytes sent, and `subpath` is the URL path from `/database/1/…`.
/// The signature is ECDSA P-256 over SHA-256 of the message, DER-encoded, then base64.
public enum RequestSignature {
    public static let keyIDHeader = "X-Apple-CloudKit-Request-KeyID"
    public static let dateHeader = "X-Apple-CloudKit-Request-ISO8601Date"
    public static let signatureHeader = "X-Apple-CloudKit-Request-SignatureV1"

    /// `2016-01-25T22:15:43Z`: no fractional seconds.
    public static func dateString(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// Parses a `dateString`; `nil` for anything else.
    public static func date(from string: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: string)
    }

    /// The base64 of the SHA-256 digest of the body (of the empty string for no body).
    public static func bodyHash(_ body: some DataProtocol) -> String {
        Data(SHA256.hash(data: body)).base64EncodedString()
    }

    /// The message that is signed.
    public static func message(date: String, body: some DataProtocol, subpath: String) -> String {
        "\(date):\(bodyHash(body)):\(subpath)"
    }

    /// The base64 DER signature of a message.
    public static func sign(_ message: String, with key: P256.Signing.PrivateKey) throws -> String {
        try key.signature(for: Data(message.utf8)).derRepresentation.base64EncodedString()
    }

    /// Whether `signature` (base64 DER) signs `message` with `key`.
    public static func verify(_ signature: String, message: String, with key: P256.Signing.PublicKey) -> Bool {
        guard let der = Data(base64Encoded: signature),
            let parsed = try? P256.Signing.ECDSASignature(derRepresentation: der)
        else { return false }
        return key.isValidSignature(parsed, for: Data(message.utf8))
    }
}
