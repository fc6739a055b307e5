import Synchronization

/// Why an apply stops launching new batches: Ctrl-C, or a conflict under `--on-conflict fail`.
final class StopSignal: Sendable {
    enum Reason: UInt8, Sendable {
        case none = 0
        case interrupted = 1
        case conflict = 2
    }

    private let reason = Atomic<UInt8>(0)

    var isSet: Bool { reason.load(ordering: .relaxed) != 0 }
    var current: Reason { Reason(rawValue: reason.load(ordering: .relaxed)) ?? .none }

    func set(_ newReason: Reason) {
        _ = reason.compareExchange(expected: 0, desired: newReason.rawValue, ordering: .relaxed)
    }
}
