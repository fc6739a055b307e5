import Crypto
import Foundation

/// How `cksync serve` listens, whom it lets in, and which faults it injects.
package struct ServerConfiguration: Sendable {
    /// A server-to-server public key (ECDSA P-256).
    package typealias PublicKey = P256.Signing.PublicKey

    /// The largest request body the server reads: 2 MiB. A larger body answers 400 BAD_REQUEST
    /// (CloudKit documents no web limit; native CloudKit's guidance is about 2 MB a request).
    package static let maxRequestBodyBytes = 2 * 1024 * 1024
    /// How far a signed request's date may be from the server's clock, either way: 10 minutes.
    package static let maxClockSkew: TimeInterval = 10 * 60

    /// The address to bind, `127.0.0.1` by default.
    package var host: String
    /// The port to bind; 0 picks any free port (the application reports the bound one).
    package var port: Int
    /// Server-to-server keys by key id: requests signed with them may use the `public` database.
    package var keys: [String: PublicKey]
    /// API tokens accepted as `ckAPIToken`.
    package var apiTokens: Set<String>
    /// Accept requests that carry no credentials at all (a request that does carry a signature
    /// must still verify).
    package var allowUnsigned: Bool
    /// Faults to inject, and latency to add.
    package var faults: FaultConfiguration
    /// The clock injected latency waits on: `ContinuousClock` in use; tests pass one whose waits
    /// end at once and are recorded.
    package var clock: any Clock<Duration> = ContinuousClock()
    /// The date a signed request's date is checked against; the system's clock by default.
    package var now: @Sendable () -> Date = { Date() }

    /// - Parameters:
    ///   - host: the address to bind.
    ///   - port: the port to bind; 0 for any free port.
    ///   - keys: server-to-server public keys by key id.
    ///   - apiTokens: accepted `ckAPIToken` values.
    ///   - allowUnsigned: accept requests without credentials.
    ///   - faults: faults and latency; none by default.
    package init(
        host: String = "127.0.0.1", port: Int = 8080, keys: [String: PublicKey] = [:],
        apiTokens: Set<String> = [], allowUnsigned: Bool = false, faults: FaultConfiguration = FaultConfiguration()
    ) {
        self.host = host
        self.port = port
        self.keys = keys
        self.apiTokens = apiTokens
        self.allowUnsigned = allowUnsigned
        self.faults = faults
    }

    /// Reads a server-to-server public key from PEM text: the SPKI `BEGIN PUBLIC KEY` block that
    /// `openssl ec -in eckey.pem -pubout` prints.
    ///
    /// - Throws: `CryptoKit`'s error for text that is not a P-256 public key.
    package static func publicKey(pem: String) throws -> PublicKey {
        try P256.Signing.PublicKey(pemRepresentation: pem)
    }
}
