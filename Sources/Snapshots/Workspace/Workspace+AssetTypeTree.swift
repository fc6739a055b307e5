import GitStore
import Records

extension Workspace {
    /// One type with ASSET fields, read: its `records/<Type>` and `assets/<Type>` trees, written
    /// but not yet stored, and the files it named.
    struct AssetTypeTree {
        /// nil when the source holds no records.
        var tree: ObjectID?
        /// nil when no record holds a file.
        var assets: ObjectID?
        /// The rows left out under `invalid-records = "skip"`.
        var invalid: [InvalidRecord]
        /// Every file resolved, by workspace path, for the asset cache.
        var files: [String: AssetCache.Entry]
    }

    /// Reads a type with ASSET fields whole and writes its trees, the files' blobs going into the
    /// same pack as they are hashed.
    ///
    /// The row cache is not used: a row whose bytes are unchanged may name a file whose bytes are
    /// not. Every row is mapped, and the asset cache spares reading the files whose stat fields are
    /// unchanged, so a read costs the mapping and a stat per file.
    func buildAssetTypeTree(
        _ type: RecordTypeConfiguration, sourceBytes: Int, writer: ObjectWriter, base: ObjectID?, cache: AssetCache
    ) throws -> AssetTypeTree {
        RowCache.remove(path: RowCache.path(of: type, in: stateDirectory + "/row-cache"))
        let store = AssetStore(
            workspace: directory, writer: writer, known: cache.types[type.name]?.files ?? [:],
            cacheWritten: cache.written)
        let read = try RecordReader.read(
            type, workspace: directory, assets: store, progress: readProgress(of: type, bytes: sourceBytes))
        progress?(WorkProgress(step: "Writing the snapshot of \(type.name)"))

        var files: [TreeFile] = []
        files.reserveCapacity(read.records.count)
        var blobs = Set<ObjectID>()
        for record in read.records {
            files.append(TreeFile(path: RecordPath.pathInType(name: record.name), content: record.blob))
            // The blobs of the records kept, not of every file resolved: a row skipped as invalid
            // after its file was stored names nothing the snapshot must keep.
            AssetTree.blobs(of: try CanonicalJSON.decode(record.blob), into: &blobs)
        }
        let tree = files.isEmpty ? nil : try RecordTree.write(files: &files, base: base, writer: writer)
        return AssetTypeTree(
            tree: tree, assets: try AssetTree.write(blobs, writer: writer), invalid: read.invalid,
            files: store.usedFiles)
    }
}
