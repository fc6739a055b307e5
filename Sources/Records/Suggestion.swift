/// "Did you mean …?": the known names closest to a mistyped one, as git suggests commands.
package enum Suggestion {
    /// The candidates within a few edits of `typed` (more for longer names), closest first.
    package static func closest(to typed: String, in candidates: some Sequence<String>) -> [String] {
        let limit = max(1, min(3, typed.count / 3))
        return Set(candidates).map { (name: $0, distance: distance(typed.lowercased(), $0.lowercased())) }
            .filter { $0.distance <= limit && $0.name != typed }
            .sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }
            .map(\.name)
    }

    /// Levenshtein distance, with a transposition counting once (`psuh` is one step from `push`).
    package static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
