import BenchKit

/// `--name value` options and `--flag`s of one subcommand, checked against what it accepts.
struct Arguments {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    /// Parses `arguments`; `options` take a value, `flags` don't; anything else is an error.
    init(_ arguments: ArraySlice<String>, options: Set<String>, flags allowedFlags: Set<String>) throws {
        var index = arguments.startIndex
        while index < arguments.endIndex {
            var argument = arguments[index]
            index += 1
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                inlineValue = String(argument[argument.index(after: equals)...])
                argument = String(argument[..<equals])
            }
            let name = String(argument.drop { $0 == "-" })
            if allowedFlags.contains(name) && argument.hasPrefix("--") && inlineValue == nil {
                flags.insert(name)
            } else if options.contains(name) && argument.hasPrefix("--") {
                if let inlineValue {
                    values[name] = inlineValue
                } else {
                    guard index < arguments.endIndex else { throw BenchError("\(argument) needs a value") }
                    values[name] = arguments[index]
                    index += 1
                }
            } else {
                throw BenchError("unknown argument \(argument)")
            }
        }
    }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    func string(_ name: String) -> String? { values[name] }

    func required(_ name: String) throws -> String {
        guard let value = values[name] else { throw BenchError("--\(name) is required") }
        return value
    }

    func int(_ name: String, default fallback: Int? = nil) throws -> Int {
        guard let text = values[name] else {
            if let fallback { return fallback }
            throw BenchError("--\(name) is required")
        }
        // Accept 1000000, 1_000_000, 100k, 1m.
        var digits = text.lowercased().replacingUnderscores()
        var multiplier = 1
        if digits.hasSuffix("k") { multiplier = 1000; digits.removeLast() }
        else if digits.hasSuffix("m") { multiplier = 1_000_000; digits.removeLast() }
        guard let value = Int(digits) else { throw BenchError("--\(name): not a whole number: \(text)") }
        return value * multiplier
    }

    func seed(_ name: String = "seed") throws -> UInt64 {
        guard let text = values[name] else { throw BenchError("--\(name) is required") }
        guard let value = UInt64(text) else { throw BenchError("--\(name): not a non-negative whole number: \(text)") }
        return value
    }

    func double(_ name: String) throws -> Double {
        let text = try required(name)
        guard let value = Double(text) else { throw BenchError("--\(name): not a number: \(text)") }
        return value
    }

    func format() throws -> Workspace.AirportFormat {
        let text = values["format"] ?? "csv"
        guard let format = Workspace.AirportFormat(rawValue: text) else {
            throw BenchError("--format must be csv, json or jsonl, not \(text)")
        }
        return format
    }
}

private extension String {
    func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
