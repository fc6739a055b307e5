/// Standard base64 (RFC 4648 §4, with `=` padding), as CloudKit's BYTES values use it.
enum Base64 {
    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// 0–63 for an alphabet byte, 0xFF otherwise.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    static func encodedCount(_ byteCount: Int) -> Int { (byteCount + 2) / 3 * 4 }

    /// Writes the `encodedCount(data.count)` bytes of `data`'s base64 at `output`.
    static func encode(_ data: [UInt8], to output: UnsafeMutablePointer<UInt8>) {
        alphabet.withUnsafeBufferPointer { alphabet in
            data.withUnsafeBufferPointer { data in
                var out = output
                var index = 0
                while index + 3 <= data.count {
                    let chunk = UInt32(data[index]) << 16 | UInt32(data[index + 1]) << 8 | UInt32(data[index + 2])
                    out[0] = alphabet[Int(chunk >> 18 & 63)]
                    out[1] = alphabet[Int(chunk >> 12 & 63)]
                    out[2] = alphabet[Int(chunk >> 6 & 63)]
                    out[3] = alphabet[Int(chunk & 63)]
                    out += 4
                    index += 3
                }
                let rest = data.count - index
                if rest > 0 {
                    let chunk = UInt32(data[index]) << 16 | (rest == 2 ? UInt32(data[index + 1]) << 8 : 0)
                    out[0] = alphabet[Int(chunk >> 18 & 63)]
                    out[1] = alphabet[Int(chunk >> 12 & 63)]
                    out[2] = rest == 2 ? alphabet[Int(chunk >> 6 & 63)] : UInt8(ascii: "=")
                    out[3] = UInt8(ascii: "=")
                }
            }
        }
    }

    static func encode(_ data: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: encodedCount(data.count)) { buffer in
            if let base = buffer.baseAddress { encode(data, to: base) }
            return encodedCount(data.count)
        }
    }

    /// Decodes padded standard base64; `nil` for anything else (wrong length, stray characters,
    /// non-zero padding bits: exactly one text per byte string).
    static func decode(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard text.count % 4 == 0 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(text.count / 4 * 3)
        var index = 0
        while index < text.count {
            let isLast = index + 4 == text.count
            let padding =
                isLast ? (text[index + 3] == UInt8(ascii: "=") ? (text[index + 2] == UInt8(ascii: "=") ? 2 : 1) : 0) : 0
            var chunk: UInt32 = 0
            for offset in 0..<(4 - padding) {
                let value = values[Int(text[index + offset])]
                guard value != 0xFF else { return nil }
                chunk |= UInt32(value) << (18 - 6 * UInt32(offset))
            }
            output.append(UInt8(truncatingIfNeeded: chunk >> 16))
            if padding < 2 { output.append(UInt8(truncatingIfNeeded: chunk >> 8)) }
            if padding < 1 { output.append(UInt8(truncatingIfNeeded: chunk)) }
            // Canonical: the bits the padding hides must be zero.
            if padding == 1 && chunk & 0xFF != 0 { return nil }
            if padding == 2 && chunk & 0xFFFF != 0 { return nil }
            index += 4
        }
        return output
    }
}
