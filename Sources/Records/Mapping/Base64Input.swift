/// Decodes base64 as sources write it: the standard alphabet (`+/`), padding optional.
///
/// Stray characters (whitespace, the URL-safe `-_`, misplaced `=`) and an impossible length are
/// rejected. Unused low bits of the last character are ignored.
enum Base64Input {
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(index)
        }
        return table
    }()

    /// The bytes, or `nil` when `text` is not base64.
    static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { bytes -> [UInt8]? in
            var end = bytes.count
            if end % 4 == 0 {
                var padding = 0
                while end > 0 && padding < 2 && bytes[end - 1] == UInt8(ascii: "=") {
                    end -= 1
                    padding += 1
                }
            }
            guard end % 4 != 1 else { return nil }
            var output: [UInt8] = []
            output.reserveCapacity(end / 4 * 3 + 2)
            var accumulator: UInt32 = 0
            var bits = 0
            for i in 0..<end {
                let value = values[Int(bytes[i])]
                guard value != 0xFF else { return nil }
                accumulator = (accumulator << 6) | UInt32(value)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                }
            }
            return output
        }
    }
}
