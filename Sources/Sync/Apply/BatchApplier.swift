import CloudKitWeb
import Foundation
import Records

/// Applies planned operations through `records/modify`, in batches, several in flight.
///
/// Per-record results are matched to operations by position (and checked by name). A CONFLICT
/// or a NOT_FOUND on a conflict-checked write looks the record up again: if the server already
/// holds exactly what was meant (a retried request whose first try landed, or a push killed
/// after the server applied it), that is success; otherwise `--on-conflict` decides.
struct BatchApplier: Sendable {
    let remote: Remote
    let options: ApplyOptions
    let stop: StopSignal
    let progress: @Sendable (ApplyProgress) -> Void

    /// Outcomes in the order of `operations`; `nil` for operations never sent (stopped).
    ///
    /// - Parameter confirmed: called with each batch's outcomes as it completes, one batch at a
    ///   time, before the next batch's outcomes are looked at (the push journal). If it throws, no
    ///   new batch starts, and the first error is returned beside the outcomes.
    func apply(
        _ operations: [PlannedOperation], confirmed: (Range<Int>, [OperationOutcome]) throws -> Void = { _, _ in }
    ) async -> (outcomes: [OperationOutcome?], confirmationError: (any Error)?) {
        var cutter = BatchCutter(
            operations: operations, maxOperations: options.batchSize, maxBytes: remote.maxRequestBytes)
        var outcomes = [OperationOutcome?](repeating: nil, count: operations.count)
        var confirmationError: (any Error)?
        let started = ContinuousClock.now
        var done = 0
        var batchesDone = 0
        var batchesLaunched = 0
        await withTaskGroup(of: (Range<Int>, [OperationOutcome]).self) { group in
            func launch() {
                guard !stop.isSet, confirmationError == nil, let batch = cutter.nextBatch() else { return }
                batchesLaunched += 1
                switch batch {
                case .request(let range, let wire):
                    let slice = Array(operations[range])
                    group.addTask { (range, await applyBatch(slice, wire: wire)) }
                case .refused(let index, let message):
                    group.addTask { (index..<index + 1, [.failed(message)]) }
                }
            }
            for _ in 0..<max(1, options.concurrency) { launch() }
            while let (range, results) = await group.next() {
                for (offset, outcome) in results.enumerated() {
                    outcomes[range.lowerBound + offset] = outcome
                    if case .conflict = outcome { stop.set(.conflict) }
                }
                if confirmationError == nil {
                    do { try confirmed(range, results) } catch { confirmationError = error }
                }
                done += range.count
                batchesDone += 1
                let elapsed = started.duration(to: .now)
                progress(
                    ApplyProgress(
                        operationsDone: done, operationsTotal: operations.count, batchesDone: batchesDone,
                        batchesTotal: batchesLaunched + cutter.estimatedRemaining,
                        elapsed: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
                launch()
            }
        }
        return (outcomes, confirmationError)
    }

    private func applyBatch(_ operations: [PlannedOperation], wire: [RecordOperation]) async -> [OperationOutcome] {
        let results: [RecordResult]
        do {
            results = try await remote.modify(wire)
        } catch {
            // The whole request failed: each record says so, with the request's error.
            return operations.map { .failed("\($0.label): \(error)") }
        }
        guard results.count == operations.count else {
            return operations.map {
                .failed(
                    "\($0.label): records/modify answered \(results.count) results for \(operations.count) operations")
            }
        }
        var outcomes: [OperationOutcome] = []
        var recheck: [Int] = []
        for (index, (operation, result)) in zip(operations, results).enumerated() {
            switch classify(operation, result) {
            case .done(let outcome): outcomes.append(outcome)
            case .recheck:
                // Replaced below by what resolving the conflict decides, whichever way it goes.
                outcomes.append(.failed("\(operation.label): the conflict was not resolved"))
                recheck.append(index)
            }
        }
        if !recheck.isEmpty {
            let resolved = await resolveConflicts(recheck.map { operations[$0] })
            for (index, outcome) in zip(recheck, resolved) { outcomes[index] = outcome }
        }
        return outcomes
    }

    private enum Classification {
        case done(OperationOutcome)
        /// CONFLICT or NOT_FOUND on a conflict-checked write: look again before deciding.
        case recheck
    }

    private func classify(_ operation: PlannedOperation, _ result: RecordResult) -> Classification {
        switch result {
        case .record(let dictionary):
            guard dictionary.recordName == operation.name else {
                let answered = dictionary.recordName
                return .done(.failed("\(operation.label): records/modify answered for \"\(answered)\" in its place"))
            }
            if dictionary.deleted == true { return .done(.deleted) }
            // The server answers without fields (desiredKeys: []): it holds the record as sent.
            guard let record = operation.record else {
                return .done(.failed("\(operation.label): records/modify answered a delete with a record"))
            }
            return .done(.written(record, WireRecords.serverState(dictionary)))
        case .error(let error):
            switch (operation.kind, error.serverErrorCode) {
            case (.replace, .conflict), (.replace, .notFound), (.delete, .conflict):
                return .recheck
            case (.delete, .notFound), (.forceDelete, .notFound):
                return .done(.deleted)
            default:
                return .done(.failed(describe(error, operation)))
            }
        }
    }

    /// Looks the records up again; equal → success; otherwise the conflict policy decides.
    private func resolveConflicts(_ operations: [PlannedOperation]) async -> [OperationOutcome] {
        let current: [String: RecordResult]
        do {
            current = try await remote.lookup(operations.map(\.name))
        } catch {
            return operations.map { .failed("\($0.label): records/lookup after a conflict: \(error)") }
        }
        var outcomes: [OperationOutcome] = []
        var overwrite: [(index: Int, operation: PlannedOperation)] = []
        for (index, operation) in operations.enumerated() {
            var found: (Record, ServerState)?
            if case .record(let dictionary)? = current[operation.name], dictionary.deleted != true {
                // A version that cannot be read is not an absent one: counting it absent would
                // take a delete for done while the record is still there.
                do {
                    found = (
                        try WireRecords.record(
                            dictionary, type: operation.type, schema: operation.record?.schema ?? [:]),
                        WireRecords.serverState(dictionary)
                    )
                } catch {
                    outcomes.append(
                        .failed("\(operation.label): records/lookup after a conflict: the server's version: \(error)"))
                    continue
                }
            }
            if let found, let wanted = operation.record, CanonicalJSON.encode(found.0) == CanonicalJSON.encode(wanted) {
                outcomes.append(.written(found.0, found.1))
                continue
            }
            if found == nil, operation.record == nil {
                outcomes.append(.deleted)
                continue
            }
            switch options.onConflict {
            case .skip:
                outcomes.append(.skipped(current: found))
            case .fail:
                outcomes.append(.conflict("records/modify CONFLICT for \(operation.label): "
                    + "the record changed on the server since cksync last saw it; hint: run `cksync fetch` to see "
                    + "what changed, then push again with --on-conflict overwrite or skip", current: found))
            case .overwrite:
                // Replaced below by the outcome of the overwrite, whichever way it goes.
                outcomes.append(.failed("\(operation.label): overwriting after a conflict was not sent"))
                var forced = operation
                forced.kind = operation.record == nil ? .forceDelete : .upsert
                overwrite.append((index, forced))
            }
        }
        guard !overwrite.isEmpty else { return outcomes }
        do {
            let results = try await remote.modify(overwrite.map(\.operation.wireOperation))
            for ((index, operation), result) in zip(overwrite, results) {
                if case .done(let outcome) = classify(operation, result) {
                    outcomes[index] = outcome
                } else {
                    outcomes[index] = .failed("overwriting after a conflict failed for \(operation.type)/\(operation.name)")
                }
            }
        } catch {
            for (index, operation) in overwrite { outcomes[index] = .failed("\(operation.label): \(error)") }
        }
        return outcomes
    }

    private func describe(_ error: RecordError, _ operation: PlannedOperation) -> String {
        "records/modify \(error.serverErrorCode.rawValue) for \(operation.type)/\(operation.name)"
            + (error.reason.map { " (reason: \($0))" } ?? "")
    }
}
