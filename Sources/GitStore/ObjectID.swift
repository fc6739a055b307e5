/// The 20-byte SHA-1 name of a git object.
public struct ObjectID: Hashable, Comparable, Sendable, CustomStringConvertible {
    // Big-endian words, so comparing them in order compares the bytes in order.
    private let high: UInt64
    private let middle: UInt64
    private let low: UInt32

    /// The id of the empty tree, `4b825dc642cb6eb9a060e54bf8d69288fbee4904`.
    public static let emptyTree = ObjectID(hex: "4b825dc642cb6eb9a060e54bf8d69288fbee4904")!

    /// Parses 40 hexadecimal digits (either case); nil for anything else.
    public init?(hex: String) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 40 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 20)
        for i in 0..<20 {
            guard let hi = Self.nibble(utf8[2 * i]), let lo = Self.nibble(utf8[2 * i + 1]) else { return nil }
            bytes[i] = hi << 4 | lo
        }
        self.init(bytes: bytes)
    }

    /// Creates an id from exactly 20 bytes.
    public init(bytes: some Collection<UInt8>) {
        precondition(bytes.count == 20, "an object id is 20 bytes, got \(bytes.count)")
        var high: UInt64 = 0, middle: UInt64 = 0, low: UInt32 = 0
        for (i, byte) in bytes.enumerated() {
            switch i {
            case 0..<8: high = high << 8 | UInt64(byte)
            case 8..<16: middle = middle << 8 | UInt64(byte)
            default: low = low << 8 | UInt32(byte)
            }
        }
        (self.high, self.middle, self.low) = (high, middle, low)
    }

    /// Creates an id from the 20 bytes at `pointer`.
    package init(pointer: UnsafeRawPointer) {
        high = UInt64(bigEndian: pointer.loadUnaligned(as: UInt64.self))
        middle = UInt64(bigEndian: pointer.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        low = UInt32(bigEndian: pointer.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
    }

    /// The 20 bytes of the id.
    public var bytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 20) { buffer, count in
            store(to: UnsafeMutableRawPointer(buffer.baseAddress!))
            count = 20
        }
    }

    /// Writes the 20 bytes to `pointer`.
    func store(to pointer: UnsafeMutableRawPointer) {
        pointer.storeBytes(of: high.bigEndian, as: UInt64.self)
        pointer.storeBytes(of: middle.bigEndian, toByteOffset: 8, as: UInt64.self)
        pointer.storeBytes(of: low.bigEndian, toByteOffset: 16, as: UInt32.self)
    }

    /// Twenty zero bytes: in practice no object's id; an empty slot of an `ObjectIDSet`.
    static let zero = ObjectID(bytes: [UInt8](repeating: 0, count: 20))

    /// The first eight bytes as a table position: SHA-1's bytes are uniform already.
    var slotHash: Int { Int(truncatingIfNeeded: high) }

    /// The byte at `index` (0 to 7) of the id; the first selects the fan-out slot of a pack index.
    package func leadingByte(_ index: Int) -> UInt8 {
        precondition((0..<8).contains(index), "only the first eight bytes")
        return UInt8(truncatingIfNeeded: high >> (56 - 8 * index))
    }

    /// Lowercase 40 hexadecimal digits.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        let bytes = self.bytes
        return String(unsafeUninitializedCapacity: 40) { buffer in
            for (i, byte) in bytes.enumerated() {
                buffer[2 * i] = digits[Int(byte >> 4)]
                buffer[2 * i + 1] = digits[Int(byte & 0x0F)]
            }
            return 40
        }
    }

    /// Same as ``hex``.
    public var description: String { hex }

    /// Hashes the first eight bytes only: SHA-1's bytes are uniform, so they tell ids apart as well
    /// as all twenty, and sets of millions of ids (a repack's) hash a third as much.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(high)
    }

    /// Byte order of the ids, as git sorts object names.
    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        (lhs.high, lhs.middle, lhs.low) < (rhs.high, rhs.middle, rhs.low)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
