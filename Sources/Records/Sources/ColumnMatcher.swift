#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds which requested column a source key names, comparing bytes without building strings.
struct ColumnMatcher: Sendable {
    let columns: [[UInt8]]

    init(_ columns: [String]) {
        self.columns = columns.map { Array($0.utf8) }
    }

    /// The index of the column spelled by `count` bytes at `start`, or `nil`.
    func index(of start: UnsafePointer<UInt8>, count: Int) -> Int? {
        for (index, column) in columns.enumerated() where column.count == count {
            let same = column.withUnsafeBufferPointer { bytes in
                count == 0 || (bytes[0] == start[0] && memcmp(bytes.baseAddress!, start, count) == 0)
            }
            if same { return index }
        }
        return nil
    }

    /// The index of the column named `name`, or `nil`.
    func index(of name: String) -> Int? {
        var name = name
        return name.withUTF8 { index(of: $0.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: $0.count) }
    }
}
