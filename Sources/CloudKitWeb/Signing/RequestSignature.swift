import Crypto
import Foundation
import Records

/// Server-to-server request signing, as CloudKit Web Services defines it.
///
/// The signed message is `date:base64(sha256(body)):subpath`, where `date` is ISO 8601 UTC with
/// seconds precision (`2016-01-25T22:15:43Z`), the body hash is the standard base64 of the raw
/// SHA-256 digest of the exact bytes sent, and `subpath` is the URL path from `/database/1/…`.
/// The signature is ECDSA P-256 over SHA-256 of the message, DER-encoded, then base64.
package enum RequestSignature {
    package static let keyIDHeader = "X-Apple-CloudKit-Request-KeyID"
    package static let dateHeader = "X-Apple-CloudKit-Request-ISO8601Date"
    package static let signatureHeader = "X-Apple-CloudKit-Request-SignatureV1"

    /// `2016-01-25T22:15:43Z`: no fractional seconds.
    package static func dateString(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// Parses a `dateString`; `nil` for anything else. The usual `…Z` form is read by hand: a
    /// server reads one per signed request, and a new `ISO8601DateFormatter` each time was a tenth
    /// of `cksync serve`'s time on a fetch. Other spellings (offsets) go to the formatter.
    package static func date(from string: String) -> Date? {
        if let seconds = utcSeconds(string) { return Date(timeIntervalSince1970: seconds) }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: string)
    }

    /// The seconds since 1970 of `YYYY-MM-DDTHH:MM:SSZ` with every part in range, from 1900 on
    /// (the range checked against the formatter); `nil` otherwise.
    static func utcSeconds(_ string: String) -> Double? {
        let bytes = Array(string.utf8)
        guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            bytes[19] == UInt8(ascii: "Z")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte &- UInt8(ascii: "0") < 10 else { return nil }
                value = value * 10 + Int(byte &- UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            year >= 1900, (1...12).contains(month), hour < 24, minute < 60, second < 60
        else { return nil }
        guard (1...CivilDate.days(inMonth: month, year: year)).contains(day) else { return nil }
        let days = CivilDate.daysSince1970(year: year, month: month, day: day)
        return Double(days * 86_400 + hour * 3600 + minute * 60 + second)
    }

    /// The base64 of the SHA-256 digest of the body (of the empty string for no body).
    package static func bodyHash(_ body: some DataProtocol) -> String {
        Data(SHA256.hash(data: body)).base64EncodedString()
    }

    /// The message that is signed.
    package static func message(date: String, body: some DataProtocol, subpath: String) -> String {
        "\(date):\(bodyHash(body)):\(subpath)"
    }

    /// The base64 DER signature of a message.
    package static func sign(_ message: String, with key: P256.Signing.PrivateKey) throws -> String {
        try key.signature(for: Data(message.utf8)).derRepresentation.base64EncodedString()
    }

    /// Whether `signature` (base64 DER) signs `message` with `key`.
    package static func verify(_ signature: String, message: String, with key: P256.Signing.PublicKey) -> Bool {
        guard let der = Data(base64Encoded: signature),
            let parsed = try? P256.Signing.ECDSASignature(derRepresentation: der)
        else { return false }
        return key.isValidSignature(parsed, for: Data(message.utf8))
    }
}
