import Foundation

/// Finds a 20-byte id in a sorted table of ids, such as a pack index's, by interpolation.
///
/// Object ids are SHA-1s, spread evenly over their range, so an id lies about where its value
/// falls between the values at the ends of the range searched: three or four probes find it
/// among millions, where bisection takes twenty-odd. At ten million objects, the index is 280 MB
/// and each probe of a bisection was a miss of the cache and often a page fault: a tenth of an
/// incremental snapshot. Ids crowded into one part of the range (made on purpose) are found by
/// bisection after a few probes.
enum SortedIDSearch {
    /// The position of the id at `id` among the `count` ids at `ids`, if it is there.
    /// - Parameter range: the positions where the id can be (a pack index's fan-out says which
    ///   positions hold the ids that start with its first byte).
    static func position(of id: UnsafeRawPointer, in ids: UnsafeRawPointer, range: Range<Int>) -> Int? {
        var low = range.lowerBound
        var high = range.upperBound
        // The keys are the eight bytes after the first, which all ids of a fan-out range share.
        let target = key(id)
        var lowKey = UInt64.min
        var highKey = UInt64.max
        var probes = 0
        while low < high {
            let span = UInt64(high - low)
            let probe: Int
            if probes >= maximumInterpolations || target < lowKey || target > highKey || lowKey >= highKey {
                probe = low + (high - low) / 2
            } else {
                let (estimate, _) = (highKey - lowKey).dividingFullWidth(
                    (target - lowKey).multipliedFullWidth(by: span))
                probe = low + Int(min(estimate, span - 1))
            }
            probes += 1
            let candidate = ids + probe * 20
            let order = memcmp(candidate, id, 20)
            if order == 0 { return probe }
            if order < 0 {
                low = probe + 1
                lowKey = key(candidate)
            } else {
                high = probe
                highKey = key(candidate)
            }
        }
        return nil
    }

    /// Probes by interpolation before bisecting: uniform ids take about four.
    private static let maximumInterpolations = 8

    private static func key(_ id: UnsafeRawPointer) -> UInt64 {
        UInt64(bigEndian: id.loadUnaligned(fromByteOffset: 1, as: UInt64.self))
    }
}
