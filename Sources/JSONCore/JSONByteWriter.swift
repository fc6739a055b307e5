/// The one JSON writer of cksync: bytes into its own growable buffer (one capacity check per
/// write, no generic `Array.append`, no intermediate strings), strings escaped per RFC 8259,
/// integers in decimal, doubles in their shortest round-trip spelling.
///
/// Its layers add their own rules on top: the record blob (`CanonicalWriter`: a zero is `0.0`,
/// fields in order), the wire bodies (`JSONWriter`: `JSONEncoder`'s `\/` and doubles without a
/// trailing `.0`), the `--json` documents (`JSONValue.text`: indentation) and the server state
/// blob (`ServerState.blob`).
package struct JSONByteWriter: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var storedCount = 0
    @usableFromInline var capacity: Int

    @inlinable
    package init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// How many bytes have been written.
    @inlinable package var count: Int { storedCount }

    /// The bytes written, in an array of exactly their size.
    @inlinable
    package consuming func finish() -> [UInt8] {
        Array(UnsafeBufferPointer(start: base, count: storedCount))
    }

    /// The bytes written so far, without copying them.
    @inlinable
    package func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(start: base, count: storedCount))
    }

    @inlinable @inline(__always)
    package mutating func reserve(_ extra: Int) {
        if storedCount + extra > capacity { grow(extra) }
    }

    @usableFromInline
    mutating func grow(_ extra: Int) {
        let newCapacity = max(capacity * 2, storedCount + extra)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: storedCount)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Writes `count` bytes straight into the buffer with `body`, which returns how many it wrote
    /// (at most `count`).
    @inlinable
    package mutating func appendDirectly(count: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        reserve(count)
        storedCount += body(base + storedCount)
    }

    @inlinable @inline(__always)
    package mutating func append(_ byte: UInt8) {
        reserve(1)
        base[storedCount] = byte
        storedCount += 1
    }

    @inlinable @inline(__always)
    package mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        reserve(bytes.count)
        if let source = bytes.baseAddress { (base + storedCount).update(from: source, count: bytes.count) }
        storedCount += bytes.count
    }

    /// Appends ASCII text known at compile time: punctuation, member names, literals.
    @inlinable @inline(__always)
    package mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends text that needs no escaping (already JSON).
    @inlinable
    package mutating func append(contentsOf text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// `n` spaces.
    @inlinable
    package mutating func appendSpaces(_ n: Int) {
        reserve(n)
        (base + storedCount).update(repeating: 0x20, count: n)
        storedCount += n
    }

    // MARK: Strings

    /// A JSON string: `"` and `\` escaped, control characters as `\b \f \n \r \t` or `\u00xx`
    /// (lowercase hex), and `/` as `\/` when `escapingSlash` (as Foundation's `JSONEncoder` does).
    /// Always inlined, so that a constant `escapingSlash` costs nothing in the loop.
    @inlinable @inline(__always)
    package mutating func writeString(_ string: String, escapingSlash: Bool = false) {
        let written: Void? = string.utf8.withContiguousStorageIfAvailable { writeString($0, escapingSlash: escapingSlash) }
        if written == nil {
            var copy = string
            copy.withUTF8 { writeString($0, escapingSlash: escapingSlash) }
        }
    }

    @inlinable @inline(__always)
    package mutating func writeString(_ utf8: UnsafeBufferPointer<UInt8>, escapingSlash: Bool = false) {
        reserve(utf8.count + 2)
        append(0x22)
        var runStart = 0
        for index in 0..<utf8.count {
            let byte = utf8[index]
            guard byte < 0x20 || byte == 0x22 || byte == 0x5C || (escapingSlash && byte == 0x2F) else { continue }
            if runStart < index { append(UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
            runStart = index + 1
            writeEscape(byte)
        }
        if runStart < utf8.count { append(UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count])) }
        append(0x22)
    }

    /// The escape of one byte that a string may not hold as it is: `"`, `\`, `/` or a control character.
    @usableFromInline
    package mutating func writeEscape(_ byte: UInt8) {
        append(0x5C)
        switch byte {
        case 0x22, 0x5C, 0x2F: append(byte)
        case 0x0A: append(UInt8(ascii: "n"))
        case 0x09: append(UInt8(ascii: "t"))
        case 0x0D: append(UInt8(ascii: "r"))
        case 0x08: append(UInt8(ascii: "b"))
        case 0x0C: append(UInt8(ascii: "f"))
        default:
            append("u00")
            append(Self.hexDigits.utf8Start[Int(byte >> 4)])
            append(Self.hexDigits.utf8Start[Int(byte & 0xF)])
        }
    }

    @usableFromInline static let hexDigits: StaticString = "0123456789abcdef"

    // MARK: Numbers

    @inlinable
    package mutating func writeInteger(_ value: Int64) {
        if value < 0 { append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        // 20 digits hold UInt64.max.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = 0x30 &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude != 0
            append(UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    /// A finite double in Swift's shortest round-trip spelling (its `description`: `0.1`, `1e-05`,
    /// `5.0`), without the trailing `.0` of an integral value when `droppingPointZero`.
    @inlinable
    package mutating func writeDouble(_ value: Double, droppingPointZero: Bool = false) {
        precondition(value.isFinite, "JSON has no spelling for \(value)")
        // The TextOutputStreamable spelling, handed over as ASCII bytes without building a String
        // (a heap allocation past 15 characters).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer in
            var stream = DoubleSpelling(buffer: buffer)
            value.write(to: &stream)
            if var overflow = stream.overflow {
                if droppingPointZero && overflow.hasSuffix(".0") { overflow.removeLast(2) }
                overflow.withUTF8 { append($0) }
            } else {
                var count = stream.count
                if droppingPointZero && count >= 2 && buffer[count - 2] == 0x2E && buffer[count - 1] == 0x30 {
                    count -= 2
                }
                append(UnsafeBufferPointer(rebasing: buffer[..<count]))
            }
        }
    }
}

/// Collects the ASCII spelling of a double into a small stack buffer.
@usableFromInline
struct DoubleSpelling: TextOutputStream {
    @usableFromInline let buffer: UnsafeMutableBufferPointer<UInt8>
    @usableFromInline var count = 0
    /// Everything written, should it ever not fit (a double's spelling is at most 24 bytes).
    @usableFromInline var overflow: String?

    @inlinable
    init(buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

    @inlinable
    mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { _writeASCII($0) }
    }

    @inlinable
    mutating func _writeASCII(_ bytes: UnsafeBufferPointer<UInt8>) {
        if overflow == nil, count + bytes.count <= buffer.count {
            if let target = buffer.baseAddress, let source = bytes.baseAddress {
                (target + count).update(from: source, count: bytes.count)
            }
            count += bytes.count
        } else {
            overflow =
                (overflow ?? String(decoding: buffer[..<count], as: UTF8.self))
                + String(decoding: bytes, as: UTF8.self)
        }
    }
}
