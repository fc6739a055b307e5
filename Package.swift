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
    ],
    targets: [
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]
        ),
        .target(name: "GitStore", dependencies: ["CLibGit2"]),
        .target(name: "Records", dependencies: ["TOMLKit"]),
        .target(name: "Snapshots", dependencies: ["GitStore", "Records"]),
        .target(name: "CloudKitWeb", dependencies: ["Records"]),
        .target(
            name: "Emulator",
            dependencies: ["CloudKitWeb", "Records", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(name: "Sync", dependencies: ["Snapshots", "Emulator", "CloudKitWeb", "Records", "GitStore"]),
        .executableTarget(
            name: "cksync",
            dependencies: [
                "Sync", "Snapshots", "Records", "GitStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "GitStoreTests", dependencies: ["GitStore"]),
        .testTarget(name: "RecordsTests", dependencies: ["Records"]),
        .testTarget(name: "SnapshotsTests", dependencies: ["Snapshots", "GitStore", "Records"]),
        .testTarget(name: "CloudKitWebTests", dependencies: ["CloudKitWeb", "Records"]),
        .testTarget(name: "EmulatorTests", dependencies: ["Emulator", "CloudKitWeb", "Records"]),
        .testTarget(name: "SyncTests", dependencies: ["Sync", "Emulator", "CloudKitWeb", "Snapshots", "Records", "GitStore"]),
        .testTarget(name: "EndToEndTests", dependencies: ["cksync", "Emulator"]),
    ]
)
