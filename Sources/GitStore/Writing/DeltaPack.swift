import CLibGit2
import Dispatch
import Foundation

/// An object to repack: its id, its kind, and a hash of the path it was met at.
struct PackedObject {
    // Declared widest first: 48 bytes a stride, a few million of them in one repack.
    /// A hash of the object's path and kind (`path(_:name:)`); the delta base of an object is the
    /// previous object written with the same one.
    var path: UInt64
    /// For a blob below the top two levels, the path of its ancestor at the second
    /// (`records/Airport`): the records of one type. 0 for anything else.
    var family: UInt64
    /// For a tree below the top level, a hash of its path without the first part: `records/A/0f`
    /// and `server/A/0f` are twins, trees of the same names. 0 for anything else.
    var twin: UInt64
    var id: ObjectID
    var kind: ObjectFormat.Kind

    /// The root tree's path.
    static let rootPath: UInt64 = 0xCBF2_9CE4_8422_2325

    /// The path of an entry named `name` in the tree at `parent` (FNV-1a, 64 bits). A collision
    /// only pairs two unrelated objects as base and delta, which then is too large to be taken.
    static func path(_ parent: UInt64, name: UnsafeRawBufferPointer) -> UInt64 {
        var hash = (parent ^ 0x2F) &* 0x0000_0100_0000_01B3  // a "/" between the parts
        for byte in name { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }
}

/// Writes objects into one new pack, in the order given, each as a delta of the object most like
/// it that the pack already holds, or whole; see `GitRepository.reachableObjects`.
///
/// What git's repack finds by comparing every object with its ten neighbours in a sorted window,
/// this takes from the walk, which meets the newest version of every path first:
/// - an older version of a path is a delta of the version written just before it at that path;
/// - a tree new at its path is a delta of its twin (`server/A/0f` of `records/A/0f`): the same
///   record names with other ids;
/// - a blob new at its path (a record met for the first time) is a delta of one of the first
///   blobs of its family (`records/Airport`, `server/Airport`), the one it differs least from:
///   records of one type share their field names and most of their layout.
///
/// So each object is read once, its base once more, and one delta is computed (four for a record
/// new at its path). Objects are read in rounds on one thread, deltified and compressed on every
/// core, then appended in order.
struct DeltaPack {
    /// How long a chain of deltas may grow before an object is stored whole again (git's
    /// `pack.depth`): each step is one more object to read when the object is read.
    static let maximumDepth = 50
    /// Objects larger than this are stored whole without a try: assets and the like.
    static let largestDelta = 4 << 20
    /// Blobs larger than this are not tried against their family's exemplars: files, not records.
    static let largestFamilyDelta = 64 << 10
    /// The first blobs of a family, stored whole, that each later blob new at its path is tried
    /// against (the smallest delta wins): records of one type differ in which fields they have and
    /// how long their lists are, and one exemplar alone left some types' deltas a fifth larger.
    static let exemplarsPerFamily = 4
    /// zlib's default level, as `git gc` compresses.
    static let compressionLevel: Int32 = 6
    /// Objects read, then compressed, per round: bounds what is held between the two.
    private static let roundSize = 8192

    /// A written object that later ones may be deltas of.
    private struct Base {
        var index: Int
        var id: ObjectID
        var depth: Int
    }

    /// An object of the round: its content, and the contents of the objects it may be a delta of.
    private struct Entry {
        var index: Int
        var content: [UInt8]
        var bases: [(index: Int, content: [UInt8])] = []
        var isTree: Bool
        /// A delta is taken when it is under this many bytes: half the object, as git's, for a blob;
        /// two thirds for a tree, whose ids do not compress when it is whole, and do not in a delta.
        var deltaLimit: Int { content.count * (isTree ? 2 : 1) / (isTree ? 3 : 2) }

        /// The smallest delta from one of the bases under the limit, and that base's index.
        func smallestDelta(_ encoder: DeltaEncoder) -> (base: Int, delta: [UInt8])? {
            var smallest: (base: Int, delta: [UInt8])?
            for base in bases {
                let limit = smallest?.delta.count ?? deltaLimit
                let delta = content.withUnsafeBytes { target in
                    base.content.withUnsafeBytes { encoder.delta(from: $0, to: target, limit: limit) }
                }
                if let delta { smallest = (base.index, delta) }
            }
            return smallest
        }
    }

    /// A round's entries, and the delta each worker found for the entries of its part.
    private final class Round: @unchecked Sendable {
        let entries: [Entry]
        /// Written by one worker per part while the round is compressed; read after.
        var deltas: [(base: Int, delta: [UInt8])?]

        init(_ entries: [Entry]) {
            self.entries = entries
            deltas = [(base: Int, delta: [UInt8])?](repeating: nil, count: entries.count)
        }
    }

    private let objects: [PackedObject]
    private let repository: GitRepository
    /// Where each object written so far starts in the pack.
    private var offsets: [UInt64]
    /// The last object written at each path (`PackedObject.path` with its kind mixed in).
    private var previous: [UInt64: Base] = [:]
    /// The last tree written at each twin path (`PackedObject.twin`).
    private var twins: [UInt64: Base] = [:]
    /// The first blobs of each family (`PackedObject.family`), stored whole, and their contents.
    private var exemplars: [UInt64: [(base: Base, content: [UInt8])]] = [:]

    /// Writes `objects` into a pack under `repository`'s `objects/pack` and installs it.
    /// - Returns: the pack's checksum, which names it.
    static func write(
        _ objects: [PackedObject], into repository: GitRepository, progress: (@Sendable (RepackProgress) -> Void)?
    ) throws -> ObjectID {
        var writer = DeltaPack(objects: objects, repository: repository)
        return try writer.write(progress: progress)
    }

    private init(objects: [PackedObject], repository: GitRepository) {
        self.objects = objects
        self.repository = repository
        offsets = [UInt64](repeating: 0, count: objects.count)
        previous.reserveCapacity(objects.count / 2)
    }

    private mutating func write(progress: (@Sendable (RepackProgress) -> Void)?) throws -> ObjectID {
        let pack = try PackWriter(directory: repository.objectsDirectory + "/pack")
        let workers = ProcessInfo.processInfo.activeProcessorCount
        let outputs = try (0..<workers).map { _ in try DeflateWorker(level: Self.compressionLevel) }
        let encoders = (0..<workers).map { _ in DeltaEncoder() }
        var round = try readRound(from: 0)
        var start = 0
        while !round.entries.isEmpty {
            progress?(RepackProgress(stage: .writingPack, done: start, total: objects.count))
            // The workers deltify and compress this round while this thread reads the next one.
            let compressed = DispatchGroup()
            DispatchQueue.global().async(group: compressed) { [round] in
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    let part = DeflateWorker.slice(worker, of: workers, count: round.entries.count)
                    outputs[worker].compress(part) { number, body in
                        let entry = round.entries[number]
                        if let chosen = entry.smallestDelta(encoders[worker]) {
                            round.deltas[number] = chosen
                            try chosen.delta.withUnsafeBytes(body)
                        } else {
                            try entry.content.withUnsafeBytes(body)
                        }
                    }
                }
            }
            let next = Result { try readRound(from: start + round.entries.count) }
            compressed.wait()
            for (worker, output) in outputs.enumerated() {
                let part = DeflateWorker.slice(worker, of: workers, count: round.entries.count)
                try output.forEachCompressed { number, deflated in
                    try append(round, part.lowerBound + number, deflated, to: pack)
                }
            }
            start += round.entries.count
            round = try next.get()
        }
        progress?(RepackProgress(stage: .writingPack, done: objects.count, total: objects.count))
        return try pack.install()
    }

    /// The entries of the next round, from object `start` on; none at the end.
    private mutating func readRound(from start: Int) throws -> Round {
        Round(try (start..<min(start + Self.roundSize, objects.count)).map { try entry($0) })
    }

    /// Reads object `index`, and the object it may be a delta of.
    ///
    /// Its depth is counted as if the delta were taken: when it is not, chains through it end
    /// sooner than counted, never later.
    private mutating func entry(_ index: Int) throws -> Entry {
        let object = objects[index]
        let content = try repository.readObject(object.id, expecting: object.kind.gitType)
        guard object.kind != .commit else { return Entry(index: index, content: content, isTree: false) }
        let key = object.path ^ UInt64(object.kind.rawValue)
        var written = Base(index: index, id: object.id, depth: 0)
        var entry = Entry(index: index, content: content, isTree: object.kind == .tree)
        if content.count <= Self.largestDelta {
            if let base = previous[key] ?? (object.twin != 0 ? twins[object.twin] : nil) {
                if base.depth < Self.maximumDepth {
                    let baseContent = try repository.readObject(base.id, expecting: object.kind.gitType)
                    entry.bases = [(base.index, baseContent)]
                    written.depth = base.depth + 1
                }
            } else if object.kind == .blob, object.family != 0, content.count <= Self.largestFamilyDelta {
                let family = exemplars[object.family, default: []]
                if family.count < Self.exemplarsPerFamily {
                    exemplars[object.family] = family + [(written, content)]
                } else {
                    entry.bases = family.map { ($0.base.index, $0.content) }
                    written.depth = 1
                }
            }
        }
        previous[key] = written
        if object.twin != 0 { twins[object.twin] = written }
        return entry
    }

    private mutating func append(_ round: Round, _ number: Int, _ deflated: UnsafeRawBufferPointer, to pack: PackWriter)
        throws
    {
        let entry = round.entries[number]
        let object = objects[entry.index]
        let offset =
            if let chosen = round.deltas[number] {
                try pack.appendDelta(
                    id: object.id, baseOffset: offsets[chosen.base], size: chosen.delta.count, deflated: deflated)
            } else {
                try pack.append(id: object.id, kind: object.kind, size: entry.content.count, deflated: deflated)
            }
        guard let offset else {
            throw GitError(function: "DeltaPack.write", message: "an object listed twice", context: object.id.hex)
        }
        offsets[entry.index] = offset
    }
}

extension ObjectFormat.Kind {
    var gitType: git_object_t {
        switch self {
        case .commit: GIT_OBJECT_COMMIT
        case .tree: GIT_OBJECT_TREE
        case .blob: GIT_OBJECT_BLOB
        }
    }
}
