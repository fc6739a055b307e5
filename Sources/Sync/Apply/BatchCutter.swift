import CloudKitWeb
import Records

/// Cuts planned operations into `records/modify` requests of at most `maxOperations` operations
/// and, when the remote has a body limit, at most `maxBytes` bytes of body.
///
/// Batches are cut as they are sent, so each operation becomes a wire operation once and a push
/// never holds every wire record at once. An operation is measured by a cheap upper bound of its
/// encoded size, and encoded to be measured exactly only when the bound does not fit. An operation too large for a request of its own is
/// refused alone, naming its record; the operations around it still go.
struct BatchCutter {
    enum Batch {
        /// Operations `range` of the plan, as the wire operations to send.
        case request(Range<Int>, [RecordOperation])
        /// Operation `index` cannot be sent: the failure says why, naming the record.
        case refused(index: Int, message: String)
    }

    let operations: [PlannedOperation]
    let maxOperations: Int
    /// The body limit of one request; nil: none (the in-process store).
    let maxBytes: Int?
    private(set) var next = 0

    init(operations: [PlannedOperation], maxOperations: Int, maxBytes: Int?) {
        self.operations = operations
        self.maxOperations = max(1, min(maxOperations, CloudKitLimits.maxOperationsPerRequest))
        self.maxBytes = maxBytes
    }

    /// The batches not cut yet, at least one, if the rest were as long as the count limit allows.
    var estimatedRemaining: Int { (operations.count - next + maxOperations - 1) / maxOperations }

    mutating func nextBatch() -> Batch? {
        guard next < operations.count else { return nil }
        let start = next
        var wire: [RecordOperation] = []
        wire.reserveCapacity(min(maxOperations, operations.count - start))
        guard let maxBytes else {
            while next < operations.count, wire.count < maxOperations {
                wire.append(operations[next].wireOperation)
                next += 1
            }
            return .request(start..<next, wire)
        }
        let budget = maxBytes - CloudKitLimits.modifyEnvelopeBytes
        // What the operations so far take at most: each counted by its cheap upper bound when
        // that fits, else by its exact encoded size, so the body never exceeds `bytes`.
        var bytes = 0
        while next < operations.count, wire.count < maxOperations {
            let operation = operations[next].wireOperation
            let separator = wire.isEmpty ? 0 : 1
            if let bound = operation.jsonByteBound, bytes + separator + bound <= budget {
                bytes += separator + bound
                wire.append(operation)
                next += 1
                continue
            }
            let size: Int
            do {
                size = try operation.jsonByteCount()
            } catch {
                // Only the first operation of a batch is refused here; others end the batch first.
                guard wire.isEmpty else { break }
                next += 1
                return .refused(index: start, message: "\(operations[start].label): cannot be encoded: \(error)")
            }
            if size > budget {
                guard wire.isEmpty else { break }
                next += 1
                return .refused(
                    index: start,
                    message: "\(operations[start].label): not sent: the record takes \(size) bytes in a records/modify "
                        + "request, more than the \(maxBytes) bytes a request may carry")
            }
            guard bytes + separator + size <= budget else { break }
            bytes += separator + size
            wire.append(operation)
            next += 1
        }
        return .request(start..<next, wire)
    }
}
