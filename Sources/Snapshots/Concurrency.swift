import Foundation

/// The number of cores to spread CPU-bound work over.
enum ProcessInfoCores {
    static var active: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}

/// Fixed slots that parallel workers fill by index, each slot written by exactly one worker.
final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private var slots: [Result<Value, any Error>?]

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    subscript(index: Int) -> Result<Value, any Error>? {
        get { slots[index] }
        set { slots.withUnsafeMutableBufferPointer { $0[index] = newValue } }
    }

    /// The values in index order; rethrows the first failure.
    func values() throws -> [Value] {
        try slots.map { try $0!.get() }
    }
}
