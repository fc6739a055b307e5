/// Lets a command stop an apply (Ctrl-C) after the requests in flight.
public struct StopSignalHandle: Sendable {
    let signal = StopSignal()

    public init() {}

    /// Stops launching new requests; those in flight finish and are recorded.
    public func interrupt() { signal.set(.interrupted) }
}
