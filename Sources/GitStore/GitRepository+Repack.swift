import CLibGit2
import Foundation

extension GitRepository {
    /// The packs and loose objects of the repository now.
    public func objectStorage() throws -> ObjectStorage {
        Self.storage(packs: try packFiles(), loose: try looseObjectFiles())
    }

    private static func storage(packs: [ObjectFile], loose: [ObjectFile]) -> ObjectStorage {
        var storage = ObjectStorage()
        storage.packs = packs.count
        storage.looseObjects = loose.count
        storage.bytes = (packs + loose).reduce(0) { $0 + $1.bytes }
        return storage
    }

    /// Writes every object reachable from a ref into one pack, with deltas (`DeltaPack`), then
    /// removes the packs and loose objects that existed before and are no longer needed: those
    /// whose objects are all in the new pack, or that are older than `grace` (the unreachable
    /// objects `status` and `diff` wrote, once nobody can be about to use them).
    ///
    /// Only files that existed before the new pack was written are removed, so objects another
    /// writer adds meanwhile stay. The repository stays readable by git throughout: the new pack
    /// is complete before anything is removed.
    /// - Parameter progress: told how the walk and the write come along.
    public func repack(
        now: Date = Date(), grace: TimeInterval = 14 * 86_400, progress: (@Sendable (RepackProgress) -> Void)? = nil
    ) throws -> RepackReport {
        let oldPacks = try packFiles()
        let oldLoose = try looseObjectFiles()
        let before = Self.storage(packs: oldPacks, loose: oldLoose)
        let packDirectory = path + "/objects/pack"
        // libgit2 looks an object up pack by pack: with thousands of packs (a few per sync), the
        // walk over every object would take minutes. A multi-pack-index makes each lookup one
        // search; it goes again before any pack it names is removed.
        let multiPackIndex = packDirectory + "/multi-pack-index"
        try Self.remove(multiPackIndex)
        if oldPacks.count > 1 { try writeMultiPackIndex(oldPacks.map { packDirectory + "/\($0.name).idx" }) }
        let name = try writeReachablePack(progress: progress)
        try Self.remove(multiPackIndex)
        try refreshObjects()
        let reachable = try PackIndex.objectIDs(atPath: packDirectory + "/pack-\(name).idx")
        func isReachable(_ id: ObjectID) -> Bool { PackIndex.contains(reachable, id) }
        func isExpired(_ file: ObjectFile) -> Bool { now.timeIntervalSince1970 - file.modified > grace }
        var kept = 0
        for pack in oldPacks where pack.name != "pack-\(name)" {
            let ids = try PackIndex.objectIDs(atPath: packDirectory + "/\(pack.name).idx")
            guard isExpired(pack) || ids.allSatisfy(isReachable) else {
                kept += 1
                continue
            }
            try removePack(pack.name)
        }
        for object in oldLoose {
            guard let id = object.id, isExpired(object) || isReachable(id) else {
                kept += 1
                continue
            }
            try Self.remove(object.path)
        }
        try refreshObjects()
        return RepackReport(
            before: before, after: try objectStorage(), reachableObjects: reachable.count, keptFiles: kept)
    }

    /// The names (`pack-<hash>`) of the complete packs now, to tell later which packs are new.
    public func packNames() throws -> Set<String> {
        Set(try packFiles().map(\.name))
    }

    /// Rewrites the packs written since `earlier` was taken (``packNames()``) into one, with deltas
    /// among their objects (`DeltaPack`), and removes each of them whose every object it holds.
    ///
    /// A sync writes a pack for the local snapshot and one for the remote snapshot, each compressed
    /// as it goes but without deltas: together, a `server/` tree is a delta of its `records/`
    /// twin and a record of another of its type. Only objects reachable from a ref are rewritten; a pack
    /// that holds anything else (another command's, written meanwhile) stays as it is.
    ///
    /// Packs holding more than `limit` objects in all (a first push's) are left for a repack: the
    /// rewrite holds a few hundred bytes an object, and would add a third to a first push's time.
    /// - Returns: the storage before and after, or nil when there was nothing to rewrite.
    public func consolidatePacks(writtenSince earlier: Set<String>, limit: Int = 250_000) throws -> RepackReport? {
        let recent = try packFiles().filter { !earlier.contains($0.name) }
        guard !recent.isEmpty else { return nil }
        let packDirectory = path + "/objects/pack"
        // Counted from the indexes' headers: a first push's million ids are not even loaded.
        let count = try recent.reduce(0) { $0 + (try PackIndex.objectCount(atPath: packDirectory + "/\($1.name).idx")) }
        guard count <= limit else { return nil }
        let before = try objectStorage()
        var recentObjects = Set<ObjectID>(minimumCapacity: count)
        for pack in recent {
            recentObjects.formUnion(try PackIndex.objectIDs(atPath: packDirectory + "/\(pack.name).idx"))
        }
        let tips = Set(try references(prefix: "refs/").values)
        let name: String? = try LibGit2.forRepack {
            try locked {
                let objects = try reachableObjects(from: tips, within: recentObjects, progress: nil)
                return objects.isEmpty ? nil : try DeltaPack.write(objects, into: self, progress: nil).hex
            }
        }
        guard let name else { return nil }
        try refreshObjects()
        let written = try PackIndex.objectIDs(atPath: packDirectory + "/pack-\(name).idx")
        var kept = 0
        for pack in recent where pack.name != "pack-\(name)" {
            let ids = try PackIndex.objectIDs(atPath: packDirectory + "/\(pack.name).idx")
            guard ids.allSatisfy({ PackIndex.contains(written, $0) }) else {
                kept += 1
                continue
            }
            try removePack(pack.name)
        }
        try refreshObjects()
        return RepackReport(
            before: before, after: try objectStorage(), reachableObjects: written.count, keptFiles: kept)
    }

    /// Removes a pack and its index, the index first: a reader that still finds the pack without
    /// it ignores the pack.
    private func removePack(_ name: String) throws {
        try Self.remove(path + "/objects/pack/\(name).idx")
        try Self.remove(path + "/objects/pack/\(name).pack")
    }

    /// Writes `objects/pack/multi-pack-index` over the packs with these indexes, and makes the
    /// object database use it.
    private func writeMultiPackIndex(_ indexes: [String]) throws {
        try locked {
            var writer: OpaquePointer?
            try LibGit2.check(
                git_midx_writer_new(&writer, path + "/objects/pack"), "git_midx_writer_new", context: path)
            defer { git_midx_writer_free(writer) }
            for index in indexes {
                try LibGit2.check(git_midx_writer_add(writer, index), "git_midx_writer_add", context: index)
            }
            try LibGit2.check(git_midx_writer_commit(writer), "git_midx_writer_commit", context: path)
        }
        try refreshObjects()
    }

    /// Packs every object reachable from every ref; returns the pack's name (`<hash>` of `pack-<hash>.pack`).
    private func writeReachablePack(progress: (@Sendable (RepackProgress) -> Void)?) throws -> String {
        let tips = Set(try references(prefix: "refs/").values)
        return try LibGit2.forRepack {
            try locked {
                try tablePackedObjects()
                let objects = try reachableObjects(from: tips, progress: progress)
                return try DeltaPack.write(objects, into: self, progress: progress).hex
            }
        }
    }

    /// A pack (by its base name, `pack-<hash>`) or loose object file.
    private struct ObjectFile {
        var name: String
        var path: String
        var bytes: Int64
        /// Seconds since 1970 of the last modification.
        var modified: TimeInterval
        /// A loose object's id, from its path.
        var id: ObjectID?
    }

    /// The complete packs (a `.pack` with its `.idx`), their bytes counting both.
    private func packFiles() throws -> [ObjectFile] {
        let directory = path + "/objects/pack"
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: directory))
        return try names.filter { $0.hasPrefix("pack-") && $0.hasSuffix(".pack") }.sorted().compactMap { file in
            let base = String(file.dropLast(".pack".count))
            guard names.contains(base + ".idx") else { return nil }  // being written, or half removed
            let pack = try Self.attributes(directory + "/" + file)
            let index = try Self.attributes(directory + "/" + base + ".idx")
            return ObjectFile(
                name: base, path: directory + "/" + file, bytes: pack.bytes + index.bytes,
                modified: max(pack.modified, index.modified), id: nil)
        }
    }

    private func looseObjectFiles() throws -> [ObjectFile] {
        let objects = path + "/objects"
        var files: [ObjectFile] = []
        for directory in try FileManager.default.contentsOfDirectory(atPath: objects)
        where directory.count == 2 && directory.allSatisfy(\.isHexDigit) {
            for file in try FileManager.default.contentsOfDirectory(atPath: objects + "/" + directory)
            where file.count == 38 {
                let filePath = objects + "/" + directory + "/" + file
                let attributes = try Self.attributes(filePath)
                files.append(
                    ObjectFile(
                        name: directory + file, path: filePath, bytes: attributes.bytes,
                        modified: attributes.modified, id: ObjectID(hex: directory + file)))
            }
        }
        return files
    }

    private static func attributes(_ path: String) throws -> (bytes: Int64, modified: TimeInterval) {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return (size, modified)
    }

    private static func remove(_ path: String) throws {
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch CocoaError.fileNoSuchFile {
            // Removed meanwhile (another gc): what was wanted.
        }
    }
}
