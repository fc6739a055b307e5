import Foundation
import GitStore
import Records

/// The tree the data files make now, written into the repository's object store (no ref moves).
public struct LocalTree: Hashable, Sendable {
    /// The root tree of a local snapshot of the data.
    public var root: ObjectID
    /// Its `records/` subtree; `nil` when the data holds no records.
    public var records: ObjectID?
    /// Its `assets/` subtree (`AssetTree`): the blob of every file the records' ASSET fields
    /// hold; `nil` when they hold none.
    public var assets: ObjectID?
    /// The records left out under `invalid-records = "skip"`, by type in configuration order,
    /// then in source order.
    public var invalid: [InvalidRecord]
}

extension Workspace {
    /// Reads and normalizes every source and writes the resulting tree's new objects in one pack.
    ///
    /// A source whose stat fields and mapping match the source cache is not read at all: its
    /// `records/<Type>` tree from last time is reused. A source that changed is read, but only its
    /// new and edited rows are mapped (the row cache). Any bad input throws before anything is
    /// installed in the repository, as does a count of invalid records over `maxInvalidRecords`.
    ///
    /// A type with ASSET fields counts as unchanged only when every file it named last time has
    /// the same stat fields too (the asset cache); otherwise it is read whole, and only the files
    /// that changed are read and hashed. Their bytes go into the same pack as the records, and
    /// `assets/<Type>/<xx>/<blob id>` keeps them reachable from the snapshot.
    public func buildLocalTree() throws -> LocalTree {
        try buildLocalTree { local, _ in local }
    }

    /// Builds the local tree and runs `work` with it while the row caches are written on another
    /// thread, then waits for them: at ten million rows a row cache is 270 MB, most of a second
    /// that a snapshot's changeset spends on the other core.
    ///
    /// `work` is also given what patching each type's tree from last time changed, by type name.
    func buildLocalTree<T>(_ work: (LocalTree, [String: KnownTypeDiff]) throws -> T) throws -> T {
        // Patching a type's tree reads the leaves the changes fall in, wherever they are in the packs.
        let (local, patches, saveRowCaches) = try GitRepository.readingScattered {
            try buildLocalTreeReadingScattered()
        }
        // On a thread of its own: saving waits for the rows to be written, and a thread of the
        // global queues waiting there left `work`'s parallel passes one core fewer.
        let saved = DispatchSemaphore(value: 0)
        Thread {
            for save in saveRowCaches { save() }
            saved.signal()
        }.start()
        defer { saved.wait() }
        return try work(local, patches)
    }

    /// The tree, what patching each type's tree changed, and how to write its row caches once its
    /// objects are installed.
    private func buildLocalTreeReadingScattered() throws -> (
        LocalTree, [String: KnownTypeDiff], [@Sendable () -> Void]
    ) {
        var cache = SourceCache(path: stateDirectory + "/source-cache")
        var assetCache = AssetCache(path: stateDirectory + "/asset-cache")
        let previous = try localSnapshotRecordsTree()
        var cachedAssets: [String: ObjectID] = [:]
        let sources = configuration.types.map {
            type -> (type: RecordTypeConfiguration, stat: FileStat?, cached: ObjectID?) in
            let stat = FileStat(path: directory + "/" + type.source)
            var cached = cache.tree(for: type, stat: stat).flatMap { repository.contains($0) ? $0 : nil }
            if let tree = cached, type.hasAssetFields {
                switch assetCache.validate(type.name, records: tree, workspace: directory, repository: repository) {
                case .unchanged(let assets): cachedAssets[type.name] = assets
                case .stale: cached = nil
                }
            }
            return (type, stat, cached)
        }
        var bases: [String: ObjectID] = [:]
        for source in sources where source.cached == nil {
            if let previous, let base = try repository.entry(at: source.type.name, inTree: previous)?.id {
                bases[source.type.name] = base
            }
        }
        // Only a type with no tree yet writes all its records: a type that has one writes the
        // records that changed, few enough to compress, and a 1 % sync of a million stored would
        // grow the repository by its uncompressed blobs.
        let bytesToImport = sources.filter { $0.cached == nil && bases[$0.type.name] == nil }
            .reduce(0) { $0 + Int($1.stat?.size ?? 0) }
        let writer = try repository.makeWriter(compressionLevel: bytesToImport > storedPackThreshold ? 0 : 1)
        var typeTrees: [TreeEntry] = []
        var assetTrees: [TreeEntry] = []
        var rowCaches: [@Sendable () -> Void] = []
        var patches: [String: KnownTypeDiff] = [:]
        var written: [(tree: ObjectID, records: Int)] = []
        var invalid: [InvalidRecord] = []
        for (type, stat, cached) in sources {
            if let cached {
                typeTrees.append(TreeEntry(name: type.name, id: cached, isTree: true))
                if let assets = cachedAssets[type.name] {
                    assetTrees.append(TreeEntry(name: type.name, id: assets, isTree: true))
                }
                continue
            }
            let base = bases[type.name]
            guard type.hasAssetFields else {
                assetCache.forget(type.name)
                let built = try buildTypeTree(type, sourceBytes: Int(stat?.size ?? 0), writer: writer, base: base)
                rowCaches.append(built.saveRowCache)
                patches[type.name] = built.patch
                invalid += built.invalid
                guard let tree = built.tree else { continue }
                written.append((tree, built.records))
                cache.remember(type, stat: stat, tree: tree, hadInvalid: !built.invalid.isEmpty)
                typeTrees.append(TreeEntry(name: type.name, id: tree, isTree: true))
                continue
            }
            let built = try buildAssetTypeTree(
                type, sourceBytes: Int(stat?.size ?? 0), writer: writer, base: base, cache: assetCache)
            invalid += built.invalid
            guard let tree = built.tree else {
                assetCache.forget(type.name)
                continue
            }
            cache.remember(type, stat: stat, tree: tree, hadInvalid: !built.invalid.isEmpty)
            assetCache.remember(type.name, records: tree, assets: built.assets, files: built.files)
            typeTrees.append(TreeEntry(name: type.name, id: tree, isTree: true))
            if let assets = built.assets { assetTrees.append(TreeEntry(name: type.name, id: assets, isTree: true)) }
        }
        if let limit = maxInvalidRecords, invalid.count > limit {
            throw SnapshotError.tooManyInvalidRecords(invalid, limit: limit)
        }
        let recordsTree = typeTrees.isEmpty ? nil : try writer.writeTree(typeTrees)
        // Without files the root holds `records/` alone, as it did before ASSET fields existed,
        // so the snapshots of data without them keep their tree ids.
        let assetsTree = assetTrees.isEmpty ? nil : try writer.writeTree(assetTrees)
        var rootEntries: [TreeEntry] = []
        if let recordsTree {
            rootEntries.append(TreeEntry(name: RecordPath.recordsDirectory, id: recordsTree, isTree: true))
        }
        if let assetsTree { rootEntries.append(TreeEntry(name: AssetTree.directory, id: assetsTree, isTree: true)) }
        let root = try writer.writeTree(rootEntries)
        try writer.finish()
        try rememberCounts(of: written)
        cache.save()
        assetCache.save()
        // Only now are the trees and blobs the row caches name in the repository.
        return (
            LocalTree(root: root, records: recordsTree, assets: assetsTree, invalid: invalid), patches, rowCaches
        )
    }

    /// Remembers the record counts of type trees just written at two levels or more: counting one
    /// reads all its leaves (65,536 at a million records), which a first snapshot did only to count
    /// what it had just written, and which then stayed in libgit2's object cache through a whole push.
    private func rememberCounts(of written: [(tree: ObjectID, records: Int)]) throws {
        guard !written.isEmpty else { return }
        var counts = RecordCountCache(repository: repository)
        for (tree, records) in written where try RecordTree.depth(of: tree, in: repository) > 1 {
            counts.remember(records, of: tree)
        }
        counts.save()
    }

    /// The `records/` tree of the last local snapshot, if any.
    public func localSnapshotRecordsTree() throws -> ObjectID? {
        guard let commit = try repository.reference(Refs.localMain) else { return nil }
        return try recordsTree(ofCommit: commit)
    }

    /// The `records/` tree of a snapshot commit; `nil` when it holds no records.
    public func recordsTree(ofCommit commit: ObjectID) throws -> ObjectID? {
        let tree = try repository.commit(commit).tree
        return try repository.entry(at: RecordPath.recordsDirectory, inTree: tree)?.id
    }
}
