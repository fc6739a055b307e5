/// Lets a command stop an apply (Ctrl-C) after the requests in flight.
package struct StopSignalHandle: Sendable {
    let signal = StopSignal()

    package init() {}

    /// Stops launching new requests; those in flight finish and are recorded.
    package func interrupt() { signal.set(.interrupted) }
}
