import Records

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
        let close = names.map { (name: $0, distance: Suggestion.distance(typed, $0)) }
            .filter { $0.distance <= max(1, min(2, typed.count / 3)) || $0.name.hasPrefix(typed) && typed.count >= 2 }
            .sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }
        guard !close.isEmpty else { return nil }
        return "Did you mean " + close.prefix(3).map { "'\($0.name)'" }.joined(separator: " or ") + "?"
    }
}
