import Foundation

/// What writing or patching a tree gathers besides the tree; each worker of a parallel write
/// gathers its own, merged once all are done.
struct TreeOutput {
    /// The blobs to write, by their index in the write's ids.
    var pending = PendingBlobs()
    /// The blob-level differences of a patch, when they are asked for; nil when they are not, or
    /// cannot be told without a diff.
    var deltas: [TreeDelta]?
    /// The trees a worker made, appended to the pack once all workers are done (a pack takes
    /// one writer at a time); nil when each is appended as it is made.
    var trees: [(id: ObjectID, content: [UInt8])]?
    /// Whether an object made is looked up in the repository before it is written, or only in this
    /// writer. The trees and blobs a patch of records' contents makes are new but after a revert,
    /// and an id in no pack is looked for in every pack's index: at ten million records, a tenth of
    /// the patch, and a read of the disk for each probe of an index the kernel no longer caches. An
    /// object written twice is harmless: git accepts an id in two packs, and `cksync gc` keeps one.
    var looksUpRepository = true
    /// Whether the blobs a tree names are looked up, to write those missing (or, for blobs given
    /// by id, to refuse them). A caller that wrote them all itself says not.
    var checksBlobs = true
    /// Where the blobs a patch replaces with others are asked from the disk, when the caller reads
    /// them next (a snapshot's changeset compares them); nil when it does not.
    var replacedBlobs: ReplacedBlobPrefetch?

    /// Records, when deltas are asked for, that the file `name` in the directory `path` went from
    /// blob `old` to blob `new` (nil: none); a file that stays what it was is no change.
    mutating func recordChange(path: String, name: [UInt8], old: ObjectID?, new: ObjectID?) {
        guard deltas != nil, old != new else { return }
        if let old, new != nil { replacedBlobs?.add(old) }
        deltas?.append(TreeDelta(path: path + String(decoding: name, as: UTF8.self), old: old, new: new))
    }
}

extension ObjectWriter {
    /// `body` for each of `count` directories of one tree, in order. The many directories of a
    /// fan-out level are done on all cores, each worker reading its share of their trees (packs are
    /// read without a lock) and keeping the trees it makes apart; they are appended once all are
    /// done. At ten million records a first snapshot writes a million trees, and a sync patches
    /// some 20,000. The directories are taken ``directoriesPerRound`` at a time, so that the trees
    /// kept apart stay few: the whole tree of ten million records fetched is 500 MB of them.
    func forEachDirectory<Value: Sendable>(
        _ count: Int, output: inout TreeOutput, ids: [ObjectID],
        _ body: (Int, inout TreeOutput) throws -> Value
    ) throws -> [Value] {
        let workers = output.trees != nil || count < 16 ? 1 : ProcessInfo.processInfo.activeProcessorCount
        guard workers > 1 else { return try (0..<count).map { try body($0, &output) } }

        let (recordsDeltas, looksUpRepository, checksBlobs, replacedBlobs) =
            (output.deltas != nil, output.looksUpRepository, output.checksBlobs, output.replacedBlobs)
        // Workers only read what the body reads, and write what is their own.
        nonisolated(unsafe) let body = body
        var results: [Value] = []
        results.reserveCapacity(count)
        for start in stride(from: 0, to: count, by: Self.directoriesPerRound) {
            let round = start..<min(start + Self.directoriesPerRound, count)
            let shares = [Result<(TreeOutput, [Value]), any Error>](unsafeUninitializedCapacity: workers) {
                buffer, initialized in
                nonisolated(unsafe) let base = buffer.baseAddress!
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    (base + worker).initialize(
                        to: Result {
                            var share = TreeOutput(
                                deltas: recordsDeltas ? [] : nil, trees: [], looksUpRepository: looksUpRepository,
                                checksBlobs: checksBlobs, replacedBlobs: replacedBlobs)
                            let part = DeflateWorker.slice(worker, of: workers, count: round.count)
                            let done = try part.map { try body(round.lowerBound + $0, &share) }
                            return (share, done)
                        })
                }
                initialized = workers
            }
            var trees: [(id: ObjectID, content: [UInt8])] = []
            for share in shares {
                let (gathered, done) = try share.get()
                output.pending.merge(gathered.pending, ids: ids)
                if let deltas = gathered.deltas {
                    output.deltas?.append(contentsOf: deltas)
                } else {
                    output.deltas = nil
                }
                trees += gathered.trees ?? []
                results += done
            }
            try appendTrees(trees, lookingUpRepository: looksUpRepository)
        }
        return results
    }

    /// How many directories the workers of ``forEachDirectory(_:output:ids:_:)`` take at a time.
    private static let directoriesPerRound = 32

    /// Writes a tree, or keeps it in `output` for later when a worker made it.
    func store(tree content: [UInt8], id: ObjectID, in output: inout TreeOutput) throws {
        if output.trees != nil {
            output.trees?.append((id, content))
        } else if !holds(id, kind: .tree, lookingUpRepository: output.looksUpRepository) {
            try content.withUnsafeBytes { try append(id: id, kind: .tree, content: $0) }
        }
    }

    /// Appends the trees the workers made, compressed on all cores, but for those the pack
    /// already has and the large ones, which are stored (``append(id:kind:content:)``).
    private func appendTrees(_ trees: [(id: ObjectID, content: [UInt8])], lookingUpRepository: Bool) throws {
        var small: [(id: ObjectID, content: [UInt8])] = []
        for tree in trees where !holds(tree.id, kind: .tree, lookingUpRepository: lookingUpRepository) {
            if tree.content.count >= Self.storedTreeSize {
                try tree.content.withUnsafeBytes { try append(id: tree.id, kind: .tree, content: $0) }
            } else {
                small.append(tree)
            }
        }
        try BlobBatch.write(small, kind: .tree, to: self)
    }
}
