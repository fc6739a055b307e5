/// Every failure the benchmark reports: a message for a person, never a crash.
public struct BenchError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
