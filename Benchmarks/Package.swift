// swift-tools-version: 6.0
// A separate package: the root package (and CI) never builds it.
// Build: swift build -c release --package-path Benchmarks
import PackageDescription

let package = Package(
    name: "cksync-bench",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cksync-bench", targets: ["cksync-bench"]),
    ],
    targets: [
        /// Dataset generation, mutation, the git baseline, child processes and the report.
        .target(name: "BenchKit"),
        /// The command line: argument parsing and dispatch only.
        .executableTarget(name: "cksync-bench", dependencies: ["BenchKit"]),
        .testTarget(name: "BenchKitTests", dependencies: ["BenchKit"]),
    ]
)
