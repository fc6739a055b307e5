/// The blocks of a row index (``RowBlock``), read where they lie in the row cache's bytes.
///
/// A source of ten million rows has some 300,000 blocks: made into an array at load, they were
/// 15 MB of fresh memory, filled before the read could start.
///
/// Layout: 48 bytes a block, little-endian: first row, row count, length, line feeds (UInt64
/// each), then the digest (16 bytes, the low half first).
package struct RowBlocks: RandomAccessCollection, Sendable {
    private let bytes: SourceBytes
    private let offset: Int
    package let count: Int

    /// The size of one block in the layout.
    package static let stride = 48

    /// The `count` blocks laid out from `offset` in `bytes`, which must hold them.
    package init?(layout bytes: SourceBytes, offset: Int, count: Int) {
        guard offset >= 0, count >= 0, count <= (bytes.count - offset) / Self.stride else { return nil }
        self.bytes = bytes
        self.offset = offset
        self.count = count
    }

    /// `blocks` laid out anew.
    package init(_ blocks: [RowBlock]) {
        var layout: [UInt8] = []
        layout.reserveCapacity(blocks.count * Self.stride)
        for block in blocks {
            for field in Self.fields(of: block) { withUnsafeBytes(of: field.littleEndian) { layout += $0 } }
        }
        self.init(layout: SourceBytes(layout), offset: 0, count: blocks.count)!
    }

    /// The words of `block` in the order the layout has them, each written little-endian.
    package static func fields(of block: RowBlock) -> [UInt64] {
        [
            UInt64(truncatingIfNeeded: block.firstRow), UInt64(truncatingIfNeeded: block.rowCount),
            UInt64(truncatingIfNeeded: block.length), UInt64(truncatingIfNeeded: block.lines), block.digest.low,
            block.digest.high,
        ]
    }

    package var startIndex: Int { 0 }
    package var endIndex: Int { count }

    package subscript(index: Int) -> RowBlock {
        precondition(index >= 0 && index < count)
        let base = UnsafeRawPointer(bytes.base) + offset + index * Self.stride
        func field(_ number: Int) -> UInt64 {
            UInt64(littleEndian: base.loadUnaligned(fromByteOffset: number * 8, as: UInt64.self))
        }
        return RowBlock(
            firstRow: Int(truncatingIfNeeded: field(0)), rowCount: Int(truncatingIfNeeded: field(1)),
            length: Int(truncatingIfNeeded: field(2)), lines: Int(truncatingIfNeeded: field(3)),
            digest: RowDigest(low: field(4), high: field(5)))
    }
}
