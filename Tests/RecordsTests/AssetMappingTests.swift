import Foundation
import Synchronization
import Testing

@testable import Records

/// ASSET and ASSET_LIST fields as Records sees them: which file a value names, the `assets`
/// folder of cksync.toml, and errors naming the data file, line, field and path. The files are
/// hashed and stored by a resolver; here one that records what it was asked.
@Suite struct AssetMappingTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "cksync-asset-map-\(UUID().uuidString)"
    )
    .path

    /// Answers every file with its path's length as size, and refuses `missing` files.
    final class RecordingResolver: AssetResolving {
        let asked = Mutex<[String]>([])
        let missing: Set<String>
        init(missing: Set<String> = []) { self.missing = missing }

        func asset(at file: AssetFile) throws(AssetError) -> Asset {
            asked.withLock { $0.append(file.workspacePath) }
            if missing.contains(file.workspacePath) { throw AssetError("no such file") }
            #expect(file.path == file.workspace + "/" + file.workspacePath)
            return Asset(
                size: Int64(file.workspacePath.utf8.count), identity: .content(String(repeating: "a", count: 40)))
        }
    }

    @Test(
        arguments: [
            ("a/b.png", "a/b.png"), ("./a//b.png", "a/b.png"), ("a/../b.png", "b.png"), ("a/./c/../b.png", "a/b.png"),
            ("..", nil), ("a/../../b.png", nil), ("", ""),
        ] as [(String, String?)])
    func pathsAreNormalizedByTheirText(path: String, normalized: String?) {
        #expect(WorkspacePath.normalized(path) == normalized)
    }

    func writeFile(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: directory + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func configuration(_ typeLines: String, fields: String = "photo = \"ASSET\"") -> String {
        """
        [[types]]
        name = "Product"
        source = "data/products.csv"
        record-name = "{sku}"
        \(typeLines)

        [types.fields]
        \(fields)

        """
    }

    @Test(arguments: [
        (
            "assets = \"images/\"", "photo = \"ASSET\"",
            "cksync.toml:5: types[1].assets: no folder \"images/\" in the workspace"
        ),
        (
            "assets = \"data/products.csv\"", "photo = \"ASSET\"",
            "cksync.toml:5: types[1].assets: \"data/products.csv\" is a file, not a folder"
        ),
        (
            "assets = \"../elsewhere\"", "photo = \"ASSET\"",
            "cksync.toml:5: types[1].assets: \"../elsewhere\" is outside the workspace (a folder relative to it)"
        ),
        (
            "assets = \"/tmp\"", "photo = \"ASSET\"",
            "cksync.toml:5: types[1].assets: \"/tmp\" is outside the workspace (a folder relative to it)"
        ),
        ("assets = \"\"", "photo = \"ASSET\"", "cksync.toml:5: types[1].assets: must not be empty"),
        (
            "assets = \"data\"", "photo = \"STRING\"",
            "cksync.toml:5: types[1].assets: names the folder of ASSET files, but this type has no ASSET or ASSET_LIST field"
        ),
        ("assets = 3", "photo = \"ASSET\"", "cksync.toml:5: types[1].assets: expected a string, found an integer (3)"),
    ])
    func anAssetsFolderThatIsNotOneInTheWorkspaceIsAConfigError(line: String, fields: String, message: String) throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try writeFile("sku,photo\n", to: "data/products.csv")
        try writeFile(configuration(line, fields: fields), to: "cksync.toml")
        let error = try #require(throws: ConfigError.self) {
            try WorkspaceConfiguration.load(path: directory + "/cksync.toml", displayPath: "cksync.toml")
        }
        #expect(error.description == message)
    }

    @Test func anAssetsFolderIsNormalizedAndKeyedInTheConfiguration() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try writeFile("x", to: "media/images/x.png")
        try writeFile(configuration("assets = \"./media//images/\""), to: "cksync.toml")
        let configuration = try WorkspaceConfiguration.load(
            path: directory + "/cksync.toml", displayPath: "cksync.toml")
        #expect(configuration.types[0].assets == "media/images")
        #expect(configuration.types[0].hasAssetFields)
    }

    func read(_ csv: String, fields: String, assets: String? = nil, resolver: RecordingResolver) throws -> [Record] {
        try writeFile(csv, to: "data/products.csv")
        var type = try #require(
            WorkspaceConfiguration.parse(configuration("", fields: fields), file: "cksync.toml").types.first)
        type.assets = assets
        return try RecordReader.read(type, workspace: directory, assets: resolver).records.map {
            try CanonicalJSON.decode($0.blob)
        }
    }

    @Test func csvCellsAreSplitIntoAssetListsAndPathsAreRelativeToTheSourceFolder() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let resolver = RecordingResolver()
        let records = try read(
            "sku,photo,gallery\ns1,a.png,b.png|../top.png||c/d.png\ns2,,\n",
            fields: "photo = \"ASSET\"\ngallery = { type = \"ASSET_LIST\", separator = \"|\" }", resolver: resolver)
        let content = Asset.Identity.content(String(repeating: "a", count: 40))
        #expect(records[0].fields["photo"] == .asset(Asset(size: 10, identity: content)))
        #expect(
            records[0].fields["gallery"]
                == .list(
                    elementType: .asset,
                    [
                        .asset(Asset(size: 10, identity: content)), .asset(Asset(size: 7, identity: content)),
                        .asset(Asset(size: 12, identity: content)),
                    ]))
        #expect(records[1].fields.isEmpty)
        #expect(Set(resolver.asked.withLock { $0 }) == ["data/a.png", "data/b.png", "top.png", "data/c/d.png"])
    }

    @Test func anAssetsFolderIsWherePathsStart() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let resolver = RecordingResolver()
        _ = try read("sku,photo\ns1,a.png\n", fields: "photo = \"ASSET\"", assets: "media", resolver: resolver)
        #expect(resolver.asked.withLock { $0 } == ["media/a.png"])
    }

    @Test(arguments: [
        ("s1,../../x.png", "data/products.csv:2: field \"photo\": asset \"../../x.png\" is outside the workspace"),
        (
            "s1,missing.png",
            "data/products.csv:2: field \"photo\": asset \"missing.png\" (data/missing.png): no such file"
        ),
        ("s1,..", "data/products.csv:2: field \"photo\": asset \"..\" is outside the workspace"),
        ("s1,a.png\u{0}../x", "data/products.csv:2: field \"photo\": asset \"a.png\\0../x\" holds a NUL character"),
    ])
    func aBadPathNamesTheDataFileLineFieldAndPath(row: String, message: String) throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let resolver = RecordingResolver(missing: ["data/missing.png"])
        let error = try #require(throws: InputError.self) {
            try read("sku,photo\n" + row + "\n", fields: "photo = \"ASSET\"", resolver: resolver)
        }
        #expect(error.description.hasPrefix(message), "\(error.description)")
    }

    @Test func aValueThatIsNotAPathAndAMapperWithoutAResolverAreErrors() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try writeFile("[{\"sku\": \"s1\", \"photo\": 12}]", to: "data/products.json")
        let text = configuration("", fields: "photo = \"ASSET\"").replacingOccurrences(of: ".csv", with: ".json")
        let type = try #require(WorkspaceConfiguration.parse(text, file: "cksync.toml").types.first)
        let notAPath = try #require(throws: InputError.self) {
            try RecordReader.read(type, workspace: directory, assets: RecordingResolver())
        }
        #expect(
            notAPath.description.hasPrefix(
                "data/products.json:1: field \"photo\": 12 is not an ASSET (expected the path of a file)"))
        let noResolver = try #require(throws: InputError.self) { try RecordReader.read(type, workspace: directory) }
        #expect(
            noResolver.description.hasPrefix(
                "data/products.json:1: field \"photo\": ASSET fields need an AssetResolving to hash and store their files"
            ))
    }
}
