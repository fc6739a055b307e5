import Foundation

/// The number of cores to spread CPU-bound work over.
enum ProcessInfoCores {
    static var active: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}

/// Fixed slots that parallel workers fill by index, each slot written by exactly one worker.
///
/// The storage is allocated once: writing through an `Array` from several threads would race
/// on its copy-on-write check even when the indices differ.
final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Result<Value, any Error>?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    subscript(index: Int) -> Result<Value, any Error>? {
        get { slots[index] }
        set { slots[index] = newValue }
    }

    /// The values in index order; rethrows the first failure.
    func values() throws -> [Value] {
        try slots.map { try $0!.get() }
    }
}
