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
    /// Uploads the files of a batch's records before the batch is sent.
    let uploader: AssetUploader
    let options: ApplyOptions
    let stop: StopSignal
    let progress: @Sendable (ApplyProgress) -> Void

    /// Sends the operations `cutter` makes, batch by batch, several in flight.
    ///
    /// - Parameter confirmed: called with each batch's operations and outcomes as it completes,
    ///   one batch at a time (the push journal and the remote snapshot's objects). If it throws, no
    ///   new batch starts; the batches in flight are still passed to it.
    /// - Returns: how many operations were sent (those after were never sent: the apply stopped),
    ///   and the first error `confirmed` threw or making an operation threw.
    func apply(
        _ cutter: BatchCutter, confirmed: ([PlannedOperation], [OperationOutcome]) throws -> Void
    ) async -> (sent: Int, error: (any Error)?) {
        var cutter = cutter
        var stopError: (any Error)?
        let started = ContinuousClock.now
        var done = 0
        var batchesDone = 0
        var batchesLaunched = 0
        await withTaskGroup(of: ([PlannedOperation], [OperationOutcome]).self) { group in
            func launch() {
                guard !stop.isSet, stopError == nil else { return }
                let batch: BatchCutter.Batch?
                do {
                    batch = try cutter.nextBatch()
                } catch {
                    stopError = error
                    return
                }
                guard let batch else { return }
                batchesLaunched += 1
                switch batch {
                case .request(_, let operations, let wire):
                    group.addTask { await applyBatch(operations, wire: wire) }
                case .refused(_, let operation, let message):
                    group.addTask { ([operation], [.failed(message)]) }
                }
            }
            for _ in 0..<max(1, options.concurrency) { launch() }
            while let (operations, results) = await group.next() {
                for outcome in results {
                    if case .conflict = outcome { stop.set(.conflict) }
                }
                // Batches in flight when something failed are still recorded: the server applied them.
                do { try confirmed(operations, results) } catch { stopError = stopError ?? error }
                done += operations.count
                batchesDone += 1
                let elapsed = started.duration(to: .now)
                progress(
                    ApplyProgress(
                        operationsDone: done, operationsTotal: cutter.count, batchesDone: batchesDone,
                        batchesTotal: batchesLaunched + cutter.estimatedRemaining,
                        elapsed: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
                launch()
            }
        }
        return (done, stopError)
    }

    /// Uploads the files the batch's records need, then sends the records whose files are all on
    /// the server; a record one of whose files could not be uploaded fails, naming the file. The
    /// operations come back with their files as sent.
    private func applyBatch(_ operations: [PlannedOperation], wire: [RecordOperation]) async
        -> ([PlannedOperation], [OperationOutcome])
    {
        guard operations.contains(where: { $0.pendingUploads > 0 }) else {
            return (operations, await send(operations, wire: wire))
        }
        let (uploaded, failures) = await uploader.upload(operations)
        let ready = uploaded.indices.filter { failures[$0] == nil }
        let sent = await send(ready.map { uploaded[$0] }, wire: ready.map { uploaded[$0].wireOperation })
        let outcomes = uploaded.indices.map { index in failures[index].map { OperationOutcome.failed($0) } }
        return (uploaded, Self.merge(outcomes, sent))
    }

    /// Sends one `records/modify` request and works out each operation's outcome.
    private func send(_ operations: [PlannedOperation], wire: [RecordOperation]) async -> [OperationOutcome] {
        guard !operations.isEmpty else { return [] }
        let results: [RecordResult]
        do {
            results = try await remote.modify(wire)
        } catch {
            // The whole request failed: each record says so, with the request's error.
            return operations.map { .failed("\($0.label): \(error)") }
        }
        guard results.count == operations.count else { return Self.miscounted(operations, answered: results.count) }
        let classified = zip(operations, results).map(classify)
        // CONFLICT or NOT_FOUND on a conflict-checked write: look again, all of them in one lookup.
        let recheck = zip(operations, classified).compactMap { operation, outcome in outcome == nil ? operation : nil }
        let resolved = recheck.isEmpty ? [] : await resolveConflicts(recheck)
        return Self.merge(classified, resolved)
    }

    /// The outcomes known at once, with the gaps (nil) filled in order from `later`, which holds
    /// exactly one outcome per gap (the resolving functions answer one per operation they get).
    private static func merge(_ known: [OperationOutcome?], _ later: [OperationOutcome]) -> [OperationOutcome] {
        var next = later.startIndex
        return known.map { outcome in
            if let outcome { return outcome }
            defer { next += 1 }
            return later[next]
        }
    }

    /// Every operation of a request the server answered with the wrong number of results: it
    /// cannot be told which result is whose, so none counts.
    private static func miscounted(_ operations: [PlannedOperation], answered: Int) -> [OperationOutcome] {
        operations.map {
            .failed("\($0.label): records/modify answered \(answered) results for \(operations.count) operations")
        }
    }

    /// The outcome of one result, or nil when a conflict-checked write got CONFLICT or NOT_FOUND
    /// and the record must be looked up again before deciding.
    private func classify(_ operation: PlannedOperation, _ result: RecordResult) -> OperationOutcome? {
        switch result {
        case .record(let dictionary):
            guard dictionary.recordName == operation.name else {
                let answered = dictionary.recordName
                return .failed("\(operation.label): records/modify answered for \"\(answered)\" in its place")
            }
            if dictionary.deleted == true { return .deleted }
            // The server answers without fields (desiredKeys: []): it holds the record as sent,
            // with the files as they were sent.
            guard let record = operation.record else {
                return .failed("\(operation.label): records/modify answered a delete with a record")
            }
            var state = WireRecords.serverState(dictionary)
            state.assets = OutgoingAsset.serverAssets(operation.assets)
            return .written(record, state)
        case .error(let error):
            switch (operation.kind, error.serverErrorCode) {
            case (.replace, .conflict), (.replace, .notFound), (.delete, .conflict):
                return nil
            case (.delete, .notFound), (.forceDelete, .notFound):
                return .deleted
            default:
                return .failed(describe(error, operation))
            }
        }
    }

    /// Looks the records up again; equal → success; otherwise the conflict policy decides.
    /// One outcome per operation, in order.
    private func resolveConflicts(_ operations: [PlannedOperation]) async -> [OperationOutcome] {
        let current: [String: RecordResult]
        do {
            current = try await remote.lookup(operations.map(\.name))
        } catch {
            return operations.map { .failed("\($0.label): records/lookup after a conflict: \(error)") }
        }
        let resolutions = operations.map { resolve($0, current: current[$0.name]) }
        let forced = zip(operations, resolutions).compactMap { operation, resolution in
            resolution == nil ? operation.forced : nil
        }
        return Self.merge(resolutions, await overwrite(forced))
    }

    /// What becomes of a write whose change tag the server refused, given the record as the
    /// server holds it now; nil for `--on-conflict overwrite`: send it again without the tag.
    private func resolve(_ operation: PlannedOperation, current: RecordResult?) -> OperationOutcome? {
        var found: (Record, ServerState)?
        if case .record(let dictionary)? = current, dictionary.deleted != true {
            // A version that cannot be read is not an absent one: counting it absent would
            // take a delete for done while the record is still there.
            do {
                found = try WireRecords.recordAndState(
                    dictionary, type: operation.type, schema: operation.record?.schema ?? [:],
                    known: OutgoingAsset.serverAssets(operation.assets))
            } catch {
                return .failed("\(operation.label): records/lookup after a conflict: the server's version: \(error)")
            }
        }
        if let found, let wanted = operation.record, CanonicalJSON.encode(found.0) == CanonicalJSON.encode(wanted) {
            return .written(found.0, found.1)
        }
        if found == nil, operation.record == nil { return .deleted }
        switch options.onConflict {
        case .skip:
            return .skipped(current: found)
        case .fail:
            return .conflict(
                "records/modify CONFLICT for \(operation.label): the record changed on the server since cksync "
                    + "last saw it; hint: run `cksync fetch` to see what changed, then push again with "
                    + "--on-conflict overwrite or skip", current: found)
        case .overwrite:
            return nil
        }
    }

    /// Sends writes again without their change tags; one outcome per operation, in order.
    private func overwrite(_ operations: [PlannedOperation]) async -> [OperationOutcome] {
        guard !operations.isEmpty else { return [] }
        let results: [RecordResult]
        do {
            results = try await remote.modify(operations.map(\.wireOperation))
        } catch {
            return operations.map { .failed("\($0.label): overwriting after a conflict: \(error)") }
        }
        guard results.count == operations.count else { return Self.miscounted(operations, answered: results.count) }
        // Without a change tag there is nothing to look up again: a CONFLICT now is a failure.
        return zip(operations, results).map { operation, result in
            classify(operation, result) ?? .failed("\(operation.label): overwriting after a conflict: CONFLICT again")
        }
    }

    private func describe(_ error: RecordError, _ operation: PlannedOperation) -> String {
        "records/modify \(error.serverErrorCode.rawValue) for \(operation.type)/\(operation.name)"
            + (error.reason.map { " (reason: \($0))" } ?? "")
    }
}
