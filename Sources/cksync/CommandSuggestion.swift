/// "Did you mean …?" for a mistyped command name, as git offers.
enum CommandSuggestion {
    /// The options of the root command that take a value, so their values are not taken for commands.
    static let optionsWithValues: Set = ["-C", "--config", "--remote"]

    /// The suggestion for the first word that is not an option and not a command, if one command is close.
    static func forArguments(_ arguments: [String]) -> String? {
        let names = Cksync.configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
        var index = 0
        while index < arguments.count, arguments[index].hasPrefix("-") {
            index += optionsWithValues.contains(arguments[index]) ? 2 : 1
        }
        guard index < arguments.count, !names.contains(arguments[index]) else { return nil }
        let typed = arguments[index]
        let close = names.map { (name: $0, distance: distance(typed, $0)) }
            .filter { $0.distance <= max(1, min(2, typed.count / 3)) || $0.name.hasPrefix(typed) && typed.count >= 2 }
            .sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }
        guard !close.isEmpty else { return nil }
        return "Did you mean " + close.prefix(3).map { "'\($0.name)'" }.joined(separator: " or ") + "?"
    }

    /// Levenshtein distance, with a transposition counting once (`psuh` is one step from `push`).
    static func distance(_ a: String, _ b: String) -> Int {
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
