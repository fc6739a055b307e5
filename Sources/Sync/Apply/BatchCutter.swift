import CloudKitWeb
import Records

/// Cuts planned operations into `records/modify` requests of at most `maxOperations` operations
/// and, when the remote has a body limit, at most `maxBytes` bytes of body.
///
/// Operations are made and cut as batches are sent, so each becomes a wire operation once and an
/// apply never holds every record or wire record at once. An operation is measured by a cheap upper
/// bound of its encoded size, and encoded to be measured exactly only when the bound does not fit.
/// An operation too large for a request of its own is refused alone, naming its record; the
/// operations around it still go.
struct BatchCutter {
    enum Batch {
        /// Operations `range` of the plan, with the wire operations that send them.
        case request(Range<Int>, [PlannedOperation], [RecordOperation])
        /// Operation `index` cannot be sent: the failure says why, naming the record.
        case refused(index: Int, PlannedOperation, message: String)
    }

    /// Room kept for each file still to upload: its upload's answer (checksum, receipt, keys)
    /// takes the place of the size alone that the operation is measured with.
    static let uploadAllowance = 1_024

    /// How many operations there are in all.
    let count: Int
    let maxOperations: Int
    /// The body limit of one request; nil: none (the in-process store).
    let maxBytes: Int?
    private let nextOperation: () throws -> PlannedOperation
    private(set) var next = 0
    /// Operation `next`, made but left for the next batch because it did not fit this one.
    private var lookahead: PlannedOperation?
    /// An operation that could not be made after others of its batch were: thrown next time.
    private var failure: (any Error)?

    /// - Parameter nextOperation: makes the next operation; called once for each, `count` times.
    init(count: Int, maxOperations: Int, maxBytes: Int?, nextOperation: @escaping () throws -> PlannedOperation) {
        self.count = count
        self.maxOperations = max(1, min(maxOperations, CloudKitLimits.maxOperationsPerRequest))
        self.maxBytes = maxBytes
        self.nextOperation = nextOperation
    }

    /// The batches not cut yet, at least one, if the rest were as long as the count limit allows.
    var estimatedRemaining: Int { (count - next + maxOperations - 1) / maxOperations }

    /// The next batch; nil when every operation is cut.
    /// - Throws: what making an operation threw; the operations made before it in the same batch
    ///   are returned first, and the error on the next call.
    mutating func nextBatch() throws -> Batch? {
        if let failure { throw failure }
        guard next < count else { return nil }
        let start = next
        var operations: [PlannedOperation] = []
        var wire: [RecordOperation] = []
        wire.reserveCapacity(min(maxOperations, count - start))
        // What the operations so far take at most: each counted by its cheap upper bound when
        // that fits, else by its exact encoded size, so the body never exceeds the budget.
        var bytes = 0
        while next < count, wire.count < maxOperations {
            let planned: PlannedOperation
            do {
                planned = try lookahead ?? nextOperation()
            } catch {
                guard !operations.isEmpty else { throw error }
                failure = error
                break
            }
            let operation = planned.wireOperation
            if let maxBytes {
                let budget = maxBytes - CloudKitLimits.modifyEnvelopeBytes
                let separator = wire.isEmpty ? 0 : 1
                let uploads = planned.pendingUploads * Self.uploadAllowance
                if let bound = operation.jsonByteBound.map({ $0 + uploads }), bytes + separator + bound <= budget {
                    bytes += separator + bound
                } else {
                    let size: Int
                    do {
                        size = try operation.jsonByteCount() + uploads
                    } catch {
                        // Only the first operation of a batch is refused here; others end the batch first.
                        guard wire.isEmpty else { return keep(planned, start: start, operations, wire) }
                        return refuse(planned, "cannot be encoded: \(error)")
                    }
                    if size > budget {
                        guard wire.isEmpty else { return keep(planned, start: start, operations, wire) }
                        return refuse(
                            planned,
                            "not sent: the record takes \(size) bytes in a records/modify request, more than the "
                                + "\(maxBytes) bytes a request may carry")
                    }
                    guard bytes + separator + size <= budget else {
                        return keep(planned, start: start, operations, wire)
                    }
                    bytes += separator + size
                }
            }
            lookahead = nil
            operations.append(planned)
            wire.append(operation)
            next += 1
        }
        return .request(start..<next, operations, wire)
    }

    /// The batch so far, keeping `planned` for the next one.
    private mutating func keep(
        _ planned: PlannedOperation, start: Int, _ operations: [PlannedOperation], _ wire: [RecordOperation]
    ) -> Batch {
        lookahead = planned
        return .request(start..<next, operations, wire)
    }

    /// Operation `next` refused alone.
    private mutating func refuse(_ planned: PlannedOperation, _ reason: String) -> Batch {
        lookahead = nil
        next += 1
        return .refused(index: next - 1, planned, message: "\(planned.label): \(reason)")
    }
}
