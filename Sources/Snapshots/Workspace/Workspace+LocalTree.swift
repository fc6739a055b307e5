import Foundation
import GitStore
import Records

/// The tree the data files make now, written into the repository's object store (no ref moves).
public struct LocalTree: Hashable, Sendable {
    /// The root tree of a local snapshot of the data.
    public var root: ObjectID
    /// Its `records/` subtree; `nil` when the data holds no records.
    public var records: ObjectID?
}

extension Workspace {
    /// Reads and normalizes every source and writes the resulting tree's new objects in one pack.
    ///
    /// A source whose stat fields and mapping match the source cache is not read at all: its
    /// `records/<Type>` tree from last time is reused. Any bad input throws before anything is
    /// installed in the repository.
    public func buildLocalTree() throws -> LocalTree {
        var cache = SourceCache(path: stateDirectory + "/source-cache")
        let previous = try localSnapshotRecordsTree()
        let writer = try repository.makeWriter()
        var typeTrees: [TreeEntry] = []
        for type in configuration.types {
            let sourcePath = directory + "/" + type.source
            let stat = FileStat(path: sourcePath)
            if let cached = cache.tree(for: type, stat: stat), repository.contains(cached) {
                typeTrees.append(TreeEntry(name: type.name, id: cached, isTree: true))
                continue
            }
            let records = try RecordReader.read(type, workspace: directory)
            let files = records.map { TreeFile(path: RecordPath.pathInType(name: $0.name), content: $0.blob) }
            guard !files.isEmpty else { continue }
            let base = try previous.flatMap { try repository.entry(at: type.name, inTree: $0)?.id }
            let tree = try writer.writeTree(files: files, base: base)
            cache.remember(type, stat: stat, tree: tree)
            typeTrees.append(TreeEntry(name: type.name, id: tree, isTree: true))
        }
        let recordsTree = typeTrees.isEmpty ? nil : try writer.writeTree(typeTrees)
        let root = try writer.writeTree(
            recordsTree.map { [TreeEntry(name: RecordPath.recordsDirectory, id: $0, isTree: true)] } ?? [])
        try writer.finish()
        cache.save()
        return LocalTree(root: root, records: recordsTree)
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
