// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "cksync",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "cksync", targets: ["cksync"]),
        .library(name: "GitStore", targets: ["GitStore"]),
        .library(name: "Records", targets: ["Records"]),
        .library(name: "Snapshots", targets: ["Snapshots"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Already resolved for async-http-client; named so CloudKitWeb can read its error types.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Tests only: property-based tests of the source readers against reference parsers.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // `swift package generate-documentation`: DocC for the library products' API.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]
        ),
        .target(
            name: "GitStore", dependencies: ["CLibGit2", .product(name: "Crypto", package: "swift-crypto")]),
        // The one JSON lexer and writer under every JSON layer (docs/architecture.md); not a product.
        .target(name: "JSONCore"),
        .target(name: "Records", dependencies: ["JSONCore", "TOMLKit"]),
        .target(name: "Snapshots", dependencies: ["GitStore", "JSONCore", "Records"]),
        .target(
            name: "CloudKitWeb",
            dependencies: [
                "JSONCore", "Records",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "Emulator",
            dependencies: [
                "CloudKitWeb", "Records",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "Sync",
            dependencies: [
                "Snapshots", "Emulator", "CloudKitWeb", "JSONCore", "Records", "GitStore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "cksync",
            dependencies: [
                "Sync", "Snapshots", "Records", "GitStore", "CloudKitWeb", "Emulator",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What several test targets share: seeded generators.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "GitStoreTests", dependencies: ["GitStore", "TestSupport"]),
        .testTarget(name: "JSONCoreTests", dependencies: ["JSONCore"]),
        .testTarget(
            name: "RecordsTests",
            dependencies: ["Records", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "SnapshotsTests", dependencies: ["Snapshots", "GitStore", "Records", "TestSupport"]),
        .testTarget(
            name: "CloudKitWebTests",
            dependencies: [
                "CloudKitWeb", "Records", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "EmulatorTests",
            dependencies: [
                "Emulator", "CloudKitWeb", "Records", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "SyncTests",
            dependencies: ["Sync", "Emulator", "CloudKitWeb", "Snapshots", "Records", "GitStore", "TestSupport"]),
        .testTarget(
            name: "EndToEndTests", dependencies: ["cksync", "Emulator", "CloudKitWeb", "Records", "TestSupport"]),
    ]
)
