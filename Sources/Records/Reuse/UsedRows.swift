/// The known rows a read repeated, kept as the ranges of its runs rather than a flag per row: at
/// ten million rows, a flag each was a pass over ten million twice in every snapshot, for a few
/// thousand runs.
struct UsedRows {
    /// Apart and in increasing order; touching ranges are joined.
    private var ranges: [Range<Int>] = []
    /// Whether some row was used more than once.
    private(set) var hasRepeats = false

    /// The rows of the runs of known rows, in any order.
    init(_ runs: some Sequence<Range<Int>>) {
        var sorted = runs.filter { !$0.isEmpty }
        // A read repeats its known rows in their order, unless rows moved.
        if !zip(sorted, sorted.dropFirst()).allSatisfy({ $0.lowerBound <= $1.lowerBound }) {
            sorted.sort { $0.lowerBound < $1.lowerBound }
        }
        for rows in sorted {
            guard let last = ranges.last, rows.lowerBound <= last.upperBound else {
                ranges.append(rows)
                continue
            }
            if rows.lowerBound < last.upperBound { hasRepeats = true }
            ranges[ranges.count - 1] = last.lowerBound..<max(last.upperBound, rows.upperBound)
        }
    }

    func contains(_ row: Int) -> Bool {
        // The last range that starts at `row` or before.
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].lowerBound <= row { low = middle + 1 } else { high = middle }
        }
        return low > 0 && ranges[low - 1].contains(row)
    }

    /// The rows of `0..<count` not used, in increasing order.
    func unused(of count: Int) -> [Int] {
        var unused: [Int] = []
        var next = 0
        for rows in ranges {
            unused += next..<min(rows.lowerBound, count)
            next = max(next, rows.upperBound)
        }
        if next < count { unused += next..<count }
        return unused
    }
}
