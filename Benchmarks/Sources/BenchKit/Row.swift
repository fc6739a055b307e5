/// One record's source values, kept as byte ranges in a reusable arena so that neither
/// generating nor parsing a record allocates per field.
public struct Row {
    /// Where a column's value lives.
    public enum Cell: Equatable {
        /// Empty CSV cell, JSON null or missing key.
        case absent
        /// `bytes[range]`: the value's unescaped text.
        case scalar(Range<Int>)
        /// `items[range]`: the ranges of the list's strings in `bytes`.
        case list(Range<Int>)
    }

    /// The arena: unescaped text of every value.
    public var bytes: [UInt8] = []
    /// One cell per schema column.
    public var cells: [Cell]
    /// Ranges of list items in `bytes`.
    public var items: [Range<Int>] = []

    public init(columns: Int) {
        cells = Array(repeating: .absent, count: columns)
        bytes.reserveCapacity(512)
        items.reserveCapacity(16)
    }

    /// Empties the row, keeping its storage.
    @inline(__always)
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        items.removeAll(keepingCapacity: true)
        for index in cells.indices { cells[index] = .absent }
    }

    /// Marks the start of a value about to be appended to `bytes`.
    @inline(__always)
    public var mark: Int { bytes.count }

    /// Ends a scalar value of `column` that started at `start`.
    @inline(__always)
    public mutating func endScalar(_ column: Int, from start: Int) {
        cells[column] = .scalar(start..<bytes.count)
    }

    /// Ends one list item that started at `start`.
    @inline(__always)
    public mutating func endItem(from start: Int) { items.append(start..<bytes.count) }

    /// Ends list `column` whose first item was number `firstItem`.
    @inline(__always)
    public mutating func endList(_ column: Int, firstItem: Int) {
        cells[column] = firstItem == items.count ? .absent : .list(firstItem..<items.count)
    }

    /// The text of a scalar column, nil when absent or a list.
    public func scalar(_ column: Int) -> ArraySlice<UInt8>? {
        if case .scalar(let range) = cells[column] { return bytes[range] }
        return nil
    }

    /// The items of a list column (empty when absent).
    public func list(_ column: Int) -> [ArraySlice<UInt8>] {
        if case .list(let range) = cells[column] { return items[range].map { bytes[$0] } }
        return []
    }

    /// Appends the bytes of `range` (of this arena) to the arena, without a copy-on-write.
    @inline(__always)
    public mutating func appendCopy(of range: Range<Int>) {
        for index in range { bytes.append(bytes[index]) }
    }

    /// Appends literal bytes.
    @inline(__always)
    public mutating func append(_ literal: [UInt8]) { bytes.append(contentsOf: literal) }

    /// Sets `column` to a scalar whose text `write` appends.
    @inline(__always)
    public mutating func setScalar(_ column: Int, _ write: (inout [UInt8]) -> Void) {
        let start = bytes.count
        write(&bytes)
        endScalar(column, from: start)
    }
}
