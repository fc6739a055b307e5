/// How far a long step of a command has come, for a progress line on a terminal.
public struct WorkProgress: Sendable, Hashable {
    /// What `done` and `total` count.
    public enum Unit: Sendable, Hashable {
        /// Bytes of a file.
        case bytes
        /// Records.
        case records
        /// Git objects.
        case objects
    }

    /// What is being done: `Reading data/airports.csv`.
    public var step: String
    /// How much of it is done, in `unit`s.
    public var done: Int
    /// `nil` when the end is not known in advance (the pages of a query), or the step has no count.
    public var total: Int?
    /// What `done` and `total` count.
    public var unit: Unit

    /// A step, with what is known of its progress.
    public init(step: String, done: Int = 0, total: Int? = nil, unit: Unit = .records) {
        self.step = step
        self.done = done
        self.total = total
        self.unit = unit
    }
}

/// Told of each step's progress, from any thread; it decides what to show and how often.
public typealias WorkProgressHandler = @Sendable (WorkProgress) -> Void
