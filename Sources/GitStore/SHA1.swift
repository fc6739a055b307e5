import Crypto
import Foundation

/// An incremental SHA-1, the hash git names its objects with.
///
/// BoringSSL's, through swift-crypto: it uses the processor's SHA instructions where there are
/// any, and hashed a pack two and a half times as fast as the unrolled Swift one cksync had (a
/// first snapshot hashes every record's blob, then its whole pack). Public because the snapshot
/// layout also uses it for record fan-out directories (the first two hex digits of
/// `SHA-1(recordName)`).
package struct SHA1: Sendable {
    private var hasher = Insecure.SHA1()

    /// Creates a hash with no input yet.
    package init() {}

    /// Adds bytes to the hash.
    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
    }

    /// Adds bytes to the hash.
    package mutating func update(_ bytes: some ContiguousBytes) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Pads the input and returns the 20-byte digest.
    package consuming func finalize() -> [UInt8] {
        Array(hasher.finalize())
    }

    /// Pads the input and returns the digest as an object id.
    mutating func finalizeID() -> ObjectID {
        hasher.finalize().withUnsafeBytes { ObjectID(pointer: $0.baseAddress!) }
    }

    /// The SHA-1 digest of `bytes`, held without an allocation.
    package static func digest(of bytes: UnsafeRawBufferPointer) -> ObjectID {
        var sha = SHA1()
        sha.update(bytes)
        return sha.finalizeID()
    }

    /// The SHA-1 digest of `bytes`.
    package static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var sha = SHA1()
        sha.update(bytes)
        return sha.finalize()
    }
}
