/// A run of consecutive rows of a source, remembered by the digest of all their bytes, so that a
/// later read that finds the same bytes in the same place of its row order skips them whole: an
/// unchanged block costs a hash of its bytes, not a delimiting and a digest per row.
///
/// Blocks are cut where the content says, as rsync and content-defined chunking cut: after every
/// row whose digest is a `boundary` (one row in 32). An edit then changes only the block it falls
/// in, and a row inserted or deleted does not move the cuts of the blocks after it.
package struct RowBlock: Sendable, Equatable {
    /// The first of the block's rows, in the order the cache keeps them.
    package var firstRow: Int
    package var rowCount: Int
    /// The block's bytes: from the end of the row before it to the end of its last row,
    /// separators and blank lines included.
    package var length: Int
    /// How many line feeds the bytes hold: where the line count stands after the block.
    package var lines: Int
    package var digest: RowDigest

    package init(firstRow: Int, rowCount: Int, length: Int, lines: Int, digest: RowDigest) {
        self.firstRow = firstRow
        self.rowCount = rowCount
        self.length = length
        self.lines = lines
        self.digest = digest
    }

    package var rows: Range<Int> { firstRow..<firstRow + rowCount }

    /// Whether a row with this digest ends a block: rows are 32 to a block on average, and a
    /// block an edit falls in is read row by row.
    static func isBoundary(_ digest: RowDigest) -> Bool {
        digest.high & 31 == 0
    }

    /// The digest of a block's bytes under the source's seed.
    static func digest(of bytes: UnsafeRawBufferPointer, seed: UInt64) -> RowDigest {
        RowDigest.of(bytes, seed: seed ^ 0x626C_6F63_6B73)
    }
}

/// Cuts the rows one chunk of a read sees into blocks, as they come, for the next read's cache.
///
/// A block starts after a boundary row: the rows of a chunk up to its first boundary row are in
/// no block, and neither are the first rows of the data, so that every block starts between two
/// rows. A block holding a row that makes no record (an invalid row, left out of the cache) is
/// not kept: skipping it would skip that row.
struct BlockCutter {
    /// Where the block being cut started; `nil` before the chunk's first boundary row.
    private var start: Int?
    /// The chunk's rows so far, counting only rows kept in the cache.
    private(set) var rows = 0
    private var firstRow = 0
    /// The known block the one being cut is so far, when it started with it.
    private var skippedWhole: RowBlock?
    private var holdsInvalidRow = false
    /// Whether a block must end with a line feed (CSV, JSON Lines): cut at the file's last row
    /// without one, a block's next read could find that row continued.
    private let endsWithLineFeed: Bool
    private(set) var blocks: [RowBlock] = []

    init(endsWithLineFeed: Bool) {
        self.endsWithLineFeed = endsWithLineFeed
    }

    /// A row read one by one: it ends at `end`; `counted` is false for a row left out of the cache.
    mutating func row(_ digest: RowDigest, end: Int, counted: Bool, source: UnsafeRawBufferPointer, seed: UInt64) {
        if counted { rows += 1 } else { holdsInvalidRow = true }
        skippedWhole = nil
        guard RowBlock.isBoundary(digest) else { return }
        cut(at: end, source: source, seed: seed)
    }

    /// A known block skipped whole, at `offset`: its last row is a boundary, so a block ends with it.
    mutating func skipped(_ block: RowBlock, at offset: Int, source: UnsafeRawBufferPointer, seed: UInt64) {
        if start == offset { skippedWhole = block }
        rows += block.rowCount
        cut(at: offset + block.length, source: source, seed: seed)
    }

    private mutating func cut(at end: Int, source: UnsafeRawBufferPointer, seed: UInt64) {
        defer {
            start = end
            firstRow = rows
            skippedWhole = nil
            holdsInvalidRow = false
        }
        guard let start, !holdsInvalidRow, rows > firstRow else { return }
        if let known = skippedWhole {
            blocks.append(
                RowBlock(
                    firstRow: firstRow, rowCount: known.rowCount, length: known.length, lines: known.lines,
                    digest: known.digest))
            return
        }
        guard !endsWithLineFeed || source[end - 1] == 0x0A else { return }
        let bytes = UnsafeRawBufferPointer(rebasing: source[start..<end])
        blocks.append(
            RowBlock(
                firstRow: firstRow, rowCount: rows - firstRow, length: end - start,
                lines: ByteScan.count(
                    0x0A, in: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), from: 0, to: bytes.count),
                digest: RowBlock.digest(of: bytes, seed: seed)))
    }
}
