import Crypto
import Foundation
import Records

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A server-to-server key: the Key ID CloudKit Dashboard shows, and the P-256 private key it
/// belongs to.
///
/// The key never appears in `description`, `debugDescription` or a mirror: printing a
/// `ServerToServerKey` shows the key ID only.
package struct ServerToServerKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The Key ID from CloudKit Dashboard (API Access → Server-to-Server Keys).
    package let keyID: String
    let privateKey: P256.Signing.PrivateKey

    package init(keyID: String, privateKey: P256.Signing.PrivateKey) {
        self.keyID = keyID
        self.privateKey = privateKey
    }

    /// A key from PEM text: SEC1 (`-----BEGIN EC PRIVATE KEY-----`, what `openssl ecparam -genkey`
    /// writes) or PKCS#8 (`-----BEGIN PRIVATE KEY-----`).
    ///
    /// - Parameter source: what to call the text in an error, such as `$CKSYNC_PRIVATE_KEY`.
    /// - Throws: `InputError` naming `source`; the message never contains the key text.
    package init(keyID: String, pem: String, source: String = "private key") throws {
        self.init(keyID: keyID, privateKey: try Self.parsePrivateKey(pem: pem, source: source))
    }

    /// A key from a PEM file (SEC1 or PKCS#8).
    ///
    /// - Throws: `InputError` naming the file when it cannot be read or holds no P-256 private key.
    package init(keyID: String, pemFile path: String) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "not readable as UTF-8 text" : "no such file"
            throw InputError(file: path, message: "cannot read the private key file (\(reason))")
        }
        try self.init(keyID: keyID, pem: text, source: path)
    }

    /// A warning when a private key file is readable by its group or others, as ssh gives (ssh
    /// refuses the key; cksync only warns). Empty when the mode is fine or cannot be read.
    package static func permissionWarnings(pemFile path: String) -> [String] {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & 0o077 != 0 else { return [] }
        let mode = String(info.st_mode & 0o777, radix: 8)
        return [
            "private key file \(path) is accessible by \(info.st_mode & 0o007 != 0 ? "others" : "its group") "
                + "(mode \(mode)); keep it private: chmod 600 \(path)"
        ]
    }

    /// The public key in SPKI PEM (`-----BEGIN PUBLIC KEY-----`), as `openssl ec -pubout` prints it:
    /// what CloudKit Dashboard and `cksync serve --key` take.
    package var publicKeyPEM: String { privateKey.publicKey.pemRepresentation + "\n" }

    package var description: String { "ServerToServerKey(keyID: \(keyID))" }
    package var debugDescription: String { description }
    package var customMirror: Mirror { Mirror(self, children: ["keyID": keyID]) }

    /// Reads a P-256 private key from SEC1 or PKCS#8 PEM text.
    ///
    /// - Throws: `InputError(file: source, …)` saying what is wrong, never quoting the text.
    package static func parsePrivateKey(pem: String, source: String) throws -> P256.Signing.PrivateKey {
        let text = pem.trimmingCharacters(in: .whitespacesAndNewlines)
        func failure(_ message: String) -> InputError { InputError(file: source, message: message) }
        guard text.contains("-----BEGIN ") else {
            throw failure(
                "not a PEM private key: expected a \"-----BEGIN EC PRIVATE KEY-----\" or "
                    + "\"-----BEGIN PRIVATE KEY-----\" block (create one with `cksync key new`)")
        }
        if text.contains("-----BEGIN PUBLIC KEY-----") && !text.contains("PRIVATE KEY-----") {
            throw failure("this is a public key; the private key is needed to sign requests")
        }
        if text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") {
            throw failure(
                "the private key is encrypted; write it unencrypted with "
                    + "`openssl pkcs8 -topk8 -nocrypt -in KEY -out eckey.pem`")
        }
        do {
            return try P256.Signing.PrivateKey(pemRepresentation: text)
        } catch {
            throw failure(
                "not a P-256 (prime256v1) private key in SEC1 (\"EC PRIVATE KEY\") or PKCS#8 (\"PRIVATE KEY\") PEM form")
        }
    }
}

extension P256.Signing.PrivateKey {
    /// The key in SEC1 PEM, `-----BEGIN EC PRIVATE KEY-----`, byte for byte what
    /// `openssl ecparam -name prime256v1 -genkey -noout` writes (with the curve named and the
    /// public key included).
    package var sec1PEMRepresentation: String {
        // ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] namedCurve, [1] publicKey BIT STRING }
        // (RFC 5915 §3); prime256v1 = 1.2.840.10045.3.1.7.
        var der: [UInt8] = [0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20]
        der += rawRepresentation
        der += [0xA0, 0x0A, 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]
        der += [0xA1, 0x44, 0x03, 0x42, 0x00]
        der += publicKey.x963Representation
        return PEM.encode(der, label: "EC PRIVATE KEY")
    }
}

/// PEM armour: base64 in 64-character lines between BEGIN and END lines.
enum PEM {
    static func encode(_ der: [UInt8], label: String) -> String {
        let base64 = Data(der).base64EncodedString()
        var lines = ["-----BEGIN \(label)-----"]
        var index = base64.startIndex
        while index < base64.endIndex {
            let end = base64.index(index, offsetBy: 64, limitedBy: base64.endIndex) ?? base64.endIndex
            lines.append(String(base64[index..<end]))
            index = end
        }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }
}

extension ServerToServerKey {
    /// A new P-256 key pair as PEM text: the private key in SEC1 (`-----BEGIN EC PRIVATE KEY-----`,
    /// as `openssl ecparam -name prime256v1 -genkey -noout` writes), the public key in SPKI
    /// (`-----BEGIN PUBLIC KEY-----`, as `openssl ec -pubout` prints).
    package static func generatePEM() -> (privateKeyPEM: String, publicKeyPEM: String) {
        let key = P256.Signing.PrivateKey()
        return (key.sec1PEMRepresentation, key.publicKey.pemRepresentation + "\n")
    }

    /// The SPKI public key PEM of a private key's PEM text (SEC1 or PKCS#8).
    ///
    /// - Throws: `InputError` naming `source`, never quoting the text.
    package static func publicKeyPEM(privateKeyPEM: String, source: String) throws -> String {
        try parsePrivateKey(pem: privateKeyPEM, source: source).publicKey.pemRepresentation + "\n"
    }
}
