import Foundation
import GitStore
import Records
import Testing

@testable import Snapshots

/// ASSET fields against a real repository: files hashed into the snapshot's pack, stored once,
/// kept reachable under `assets/`, guarded by the asset cache, and refused with the data file,
/// line, field and path.
@Suite struct AssetSnapshotTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cksync-assets-\(UUID().uuidString)")
        .path

    static let configuration = """
        default-remote = "local"

        [remotes.local]
        kind = "local"
        path = ".cksync/local.sqlite"

        [[types]]
        name = "Product"
        source = "data/products.csv"
        record-name = "{sku}"

        [types.fields]
        title = "STRING"
        photo = "ASSET"
        gallery = { type = "ASSET_LIST", separator = "|" }

        """

    func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: directory + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// A workspace with three products: two photos with the same bytes under different names.
    func makeWorkspace(configuration: String = Self.configuration, rows: [String]? = nil) throws -> Workspace {
        try write(configuration, to: "cksync.toml")
        try write("PNG bytes of a shoe\n", to: "data/shoe.png")
        try write("PNG bytes of a shoe\n", to: "data/shoe-copy.png")
        try write("PNG bytes of a hat\n", to: "data/hat.png")
        let lines =
            rows ?? ["s1,Shoe,shoe.png,hat.png|shoe.png", "s2,Shoe again,shoe-copy.png,", "s3,Hat,hat.png,hat.png"]
        try write("sku,title,photo,gallery\n" + lines.joined(separator: "\n") + "\n", to: "data/products.csv")
        return try Workspace.open(directory: directory)
    }

    /// Git's blob id of `text`: SHA-1 of "blob <size>\0" and the bytes, as `git hash-object` makes it.
    func blobID(of text: String) -> String {
        var sha = SHA1()
        sha.update(Array("blob \(text.utf8.count)\u{0}".utf8))
        sha.update(Array(text.utf8))
        return sha.finalize().map { String(format: "%02x", $0) }.joined()
    }

    func packCount(_ workspace: Workspace) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: workspace.repository.path + "/objects/pack")
            .count { $0.hasSuffix(".pack") }
    }

    @Test func identicalFilesAreStoredOnceAndTheSnapshotTreeReferencesEveryFile() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let workspace = try makeWorkspace()
        let commit = try #require(try workspace.snapshot().commit)
        let shoe = blobID(of: "PNG bytes of a shoe\n")
        let hat = blobID(of: "PNG bytes of a hat\n")

        let gitDir = workspace.repository.path
        let paths = try git(["--git-dir", gitDir, "ls-tree", "-r", "--name-only", commit.hex]).split(separator: "\n")
        let assetPaths = paths.filter { $0.hasPrefix("assets/") }.map(String.init)
        #expect(
            assetPaths
                == [AssetTree.path(type: "Product", id: hat), AssetTree.path(type: "Product", id: shoe)].sorted())
        #expect(paths.count { $0.hasPrefix("records/Product/") } == 3)
        #expect(
            try git(["--git-dir", gitDir, "cat-file", "blob", "\(commit.hex):assets/Product/\(shoe.prefix(2))/\(shoe)"])
                == "PNG bytes of a shoe\n")
        _ = try git(["--git-dir", gitDir, "fsck", "--full", "--strict", "--no-dangling"])

        // Three record blobs and two file blobs, each once in all the packs.
        var blobs: [String: Int] = [:]
        for index in try FileManager.default.contentsOfDirectory(atPath: gitDir + "/objects/pack")
        where index.hasSuffix(".idx") {
            for line in try git(["--git-dir", gitDir, "show-index"], input: gitDir + "/objects/pack/" + index).split(
                separator: "\n")
            {
                blobs[String(line.split(separator: " ")[1]), default: 0] += 1
            }
        }
        #expect(blobs[shoe] == 1)
        #expect(blobs[hat] == 1)
        let types = try git(["--git-dir", gitDir, "cat-file", "--batch-all-objects", "--batch-check=%(objecttype)"])
        #expect(types.split(separator: "\n").count { $0 == "blob" } == 5)

        let record = try CanonicalJSON.decode(
            workspace.repository.blob(
                #require(
                    try workspace.repository.entry(
                        at: RecordPath.path(type: "Product", name: "s1"),
                        inTree: workspace.repository.commit(commit).tree)
                ).id))
        #expect(record.fields["photo"] == .asset(Asset(size: 20, identity: .content(shoe))))
        #expect(
            record.fields["gallery"]
                == .list(
                    elementType: .asset,
                    [
                        .asset(Asset(size: 19, identity: .content(hat))),
                        .asset(Asset(size: 20, identity: .content(shoe))),
                    ]))
    }

    @Test func anEditedFileIsAnUpdatedFieldAndATouchedOneChangesNothing() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let workspace = try makeWorkspace()
        let first = try #require(try workspace.snapshot().commit)
        _ = try workspace.diff(from: .revision(first.hex), to: .data)  // the caches are warm

        // Same bytes, later mtime: the type is read again, and nothing changed.
        try write("PNG bytes of a hat\n", to: "data/hat.png")
        var later = [timespec(tv_sec: time(nil) + 5, tv_nsec: 0), timespec(tv_sec: time(nil) + 5, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, directory + "/data/hat.png", &later, 0) == 0)
        let touched = try workspace.diff(from: .revision(first.hex), to: .data)
        #expect(!touched.summary.hasChanges)
        #expect(try workspace.status(remote: nil).dataChangedSinceLocalSnapshot == false)

        // Only the file changes, not the data file: the records that use it are updated.
        try write("PNG bytes of a bigger hat\n", to: "data/hat.png")
        let edited = try workspace.diff(from: .revision(first.hex), to: .data)
        #expect(edited.changes.map { "\($0.kind) \($0.name)" } == ["updated s1", "updated s3"])
        let hatChange = try #require(edited.changes.first { $0.name == "s3" })
        #expect(hatChange.fieldChanges.map(\.field) == ["gallery", "photo"])
        let photo = try #require(hatChange.fieldChanges.first { $0.field == "photo" })
        #expect(photo.old == .asset(Asset(size: 19, identity: .content(blobID(of: "PNG bytes of a hat\n")))))
        #expect(photo.new == .asset(Asset(size: 26, identity: .content(blobID(of: "PNG bytes of a bigger hat\n")))))
        #expect(try workspace.status(remote: nil).dataChangedSinceLocalSnapshot)

        let second = try #require(try workspace.snapshot().commit)
        let paths = try git(["--git-dir", workspace.repository.path, "ls-tree", "-r", "--name-only", second.hex])
        #expect(paths.contains(blobID(of: "PNG bytes of a bigger hat\n")))
        #expect(!paths.contains(blobID(of: "PNG bytes of a hat\n")))
        _ = try git(["--git-dir", workspace.repository.path, "fsck", "--full", "--strict", "--no-dangling"])
    }

    /// A rollback years later needs the old bytes: every snapshot's tree keeps its files, so a
    /// repack that drops everything unreachable keeps them, and drops a file only `status` saw.
    @Test func aRepackYearsLaterKeepsTheFilesOfEverySnapshot() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let workspace = try makeWorkspace()
        _ = try workspace.snapshot()
        try write("PNG bytes of a hat, second version\n", to: "data/hat.png")
        _ = try workspace.snapshot()
        try write("PNG bytes of a hat, never snapshotted\n", to: "data/hat.png")
        _ = try workspace.status(remote: nil)
        let repository = workspace.repository
        let unsaved = try #require(ObjectID(hex: blobID(of: "PNG bytes of a hat, never snapshotted\n")))
        #expect(repository.contains(unsaved))

        _ = try repository.repack(now: Date().addingTimeInterval(10 * 365 * 86_400), grace: 0)
        // A fresh handle: the old one keeps the packs it had open.
        let reopened = try GitRepository(bareAt: repository.path)
        for text in ["PNG bytes of a hat\n", "PNG bytes of a hat, second version\n", "PNG bytes of a shoe\n"] {
            let id = try #require(ObjectID(hex: blobID(of: text)))
            #expect(try reopened.blob(id) == Array(text.utf8))
        }
        #expect(!reopened.contains(unsaved))
    }

    @Test func aFileChangedWithoutTheDataFileIsSeenOnASourceCacheHit() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let workspace = try makeWorkspace()
        let commit = try #require(try workspace.snapshot().commit)
        // The remote holds what the snapshot holds, as after a push.
        try workspace.repository.updateReference(Refs.remote("local"), to: commit, expecting: nil, message: "test")
        // The asset cache is written after the files, so its entries are trusted.
        #expect(try workspace.status(remote: nil).dataChangedSinceLocalSnapshot == false)
        let sourceCache = SourceCache(path: workspace.stateDirectory + "/source-cache")
        #expect(sourceCache.entries["Product"] != nil)
        try write("PNG bytes of a shoe, retouched\n", to: "data/shoe-copy.png")
        let report = try workspace.status(remote: nil)
        #expect(report.dataChangedSinceLocalSnapshot)
        #expect(report.changeset.changes.map { "\($0.kind) \($0.name)" } == ["updated s2"])
        #expect(report.changeset.summary.unchanged == 2)
        let diff = try workspace.diff(from: .revision("main"), to: .data)
        #expect(diff.changes.map { "\($0.kind) \($0.name)" } == ["updated s2"])
    }

    /// Every kind of bad file stops the read naming the data file, line, field and path, and
    /// writes nothing: no ref moves, no pack is installed.
    @Test(arguments: [
        ("missing.png", "asset \"missing.png\" (data/missing.png): no such file"),
        ("folder", "asset \"folder\" (data/folder): is a folder, not a file"),
        ("../../outside.png", "asset \"../../outside.png\" is outside the workspace"),
        ("link.png", "(data/link.png): leads to"),
        ("pipe.png", "(data/pipe.png): is not a regular file"),
        (
            "huge.png",
            "(data/huge.png): is 50000001 bytes, over CloudKit's limit of 50000000 bytes (50 MB) for one asset"
        ),
    ])
    func aBadFileIsAnInputErrorAndNothingIsWritten(path: String, message: String) throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let workspace = try makeWorkspace(rows: ["s1,Shoe,shoe.png,", "s2,Bad,\(path),"])
        try FileManager.default.createDirectory(atPath: directory + "/data/folder", withIntermediateDirectories: true)
        let outside = directory + "-outside.png"
        try Data("secret".utf8).write(to: URL(fileURLWithPath: outside))
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try FileManager.default.createSymbolicLink(atPath: directory + "/data/link.png", withDestinationPath: outside)
        #expect(mkfifo(directory + "/data/pipe.png", 0o644) == 0)
        #expect(FileManager.default.createFile(atPath: directory + "/data/huge.png", contents: nil))
        #expect(truncate(directory + "/data/huge.png", 50_000_001) == 0)

        let packs = try packCount(workspace)
        let error = try #require(throws: InputError.self) { try workspace.snapshot() }
        #expect(error.file == "data/products.csv")
        #expect(error.line == 3)
        #expect(error.field == "photo")
        #expect(error.description.contains(message), "\(error.description)")
        #expect(try workspace.repository.reference(Refs.localMain) == nil)
        #expect(try packCount(workspace) == packs)
    }

    @Test func anUnreadableFileIsAnInputError() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Root reads whatever the mode says.
        guard getuid() != 0 else { return }
        let workspace = try makeWorkspace()
        #expect(chmod(directory + "/data/hat.png", 0) == 0)
        let error = try #require(throws: InputError.self) { try workspace.snapshot() }
        #expect(
            error.description.contains(
                "data/products.csv:2: field \"gallery\": element 1: asset \"hat.png\" (data/hat.png): cannot be read (permission denied)"
            ), "\(error.description)")
    }

    @Test func aBadFileIsSkippedLikeAnyMappingErrorUnderTheSkipPolicy() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = Self.configuration.replacingOccurrences(
            of: "record-name = \"{sku}\"\n", with: "record-name = \"{sku}\"\ninvalid-records = \"skip\"\n")
        let workspace = try makeWorkspace(
            configuration: configuration, rows: ["s1,Shoe,shoe.png,", "s2,Bad,gone.png,"])
        let result = try workspace.snapshot()
        #expect(result.commit != nil)
        #expect(result.changeset.changes.map(\.name) == ["s1"])
        let invalid = try #require(result.changeset.invalid.first)
        #expect(invalid.name == "s2")
        #expect(
            invalid.error.description
                == "data/products.csv:3: field \"photo\": asset \"gone.png\" (data/gone.png): no such file")
    }

    @Test func anAssetsFolderAndJSONArraysOfPaths() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try write(
            """
            [[types]]
            name = "Album"
            source = "data/albums.json"
            record-name = "{id}"
            assets = "media/"

            [types.fields]
            cover = "ASSET"
            pages = "ASSET_LIST"

            """, to: "cksync.toml")
        try write("one", to: "media/1.jpg")
        try write("two", to: "media/sub/2.jpg")
        try write(
            """
            [
              {"id": "a", "cover": "1.jpg", "pages": ["sub/2.jpg", "sub/../1.jpg"]},
              {"id": "b", "pages": []}
            ]
            """, to: "data/albums.json")
        let workspace = try Workspace.open(directory: directory)
        let local = try workspace.buildLocalTree()
        let tree = try #require(local.records)
        let blob = try #require(
            try workspace.repository.entry(at: "Album/" + RecordPath.pathInType(name: "a"), inTree: tree))
        let record = try CanonicalJSON.decode(workspace.repository.blob(blob.id))
        let one = Asset(size: 3, identity: .content(blobID(of: "one")))
        let two = Asset(size: 3, identity: .content(blobID(of: "two")))
        #expect(record.fields["cover"] == .asset(one))
        #expect(record.fields["pages"] == .list(elementType: .asset, [.asset(two), .asset(one)]))
        let assets = try #require(local.assets)
        #expect(
            try workspace.repository.entry(at: "Album/\(one.content!.prefix(2))/\(one.content!)", inTree: assets) != nil
        )
        #expect(
            try workspace.repository.entry(at: "Album/\(two.content!.prefix(2))/\(two.content!)", inTree: assets) != nil
        )
    }

    @Test func aTypeWithoutAssetFieldsKeepsItsRootTree() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try write(
            """
            [[types]]
            name = "City"
            source = "data/cities.csv"
            record-name = "{id}"
            [types.fields]
            name = "STRING"

            """, to: "cksync.toml")
        try write("id,name\nc1,Paris\n", to: "data/cities.csv")
        let local = try Workspace.open(directory: directory).buildLocalTree()
        #expect(local.assets == nil)
        let entries = try git(["--git-dir", directory + "/.cksync/repo", "ls-tree", local.root.hex])
        #expect(entries.split(separator: "\n").map { $0.split(separator: "\t")[1] } == ["records"])
    }
}
