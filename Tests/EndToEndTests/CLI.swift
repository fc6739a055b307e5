import Foundation
import TestSupport
import Testing

/// Runs the built `cksync` binary the way a user does, in a temporary directory of its own.
struct CLI {
    struct Result {
        var exitCode: Int32
        var stdout: String
        var stderr: String
    }

    /// The folder this CLI runs in; removed by `cleanUp()`.
    let work: URL

    /// Fixed author, dates and no colour: the same commands make the same snapshot ids every run.
    static let environment: [String: String] = {
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_AUTHOR_NAME"] = "cksync tests"
        environment["GIT_AUTHOR_EMAIL"] = "tests@cksync.invalid"
        environment["GIT_AUTHOR_DATE"] = "@1767225600 +0000"
        environment["GIT_COMMITTER_NAME"] = "cksync tests"
        environment["GIT_COMMITTER_EMAIL"] = "tests@cksync.invalid"
        environment["GIT_COMMITTER_DATE"] = "@1767225600 +0000"
        environment["NO_COLOR"] = "1"
        return environment
    }()

    init() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("cksync-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: work)
    }

    /// Copies docs/example (without any `.cksync/`) into the work folder under `name`.
    func copyExample(as name: String = "example") throws -> URL {
        let target = work.appendingPathComponent(name)
        try FileManager.default.copyItem(at: Self.repositoryRoot.appendingPathComponent("docs/example"), to: target)
        try? FileManager.default.removeItem(at: target.appendingPathComponent(".cksync"))
        return target
    }

    /// Runs `cksync` with `arguments` (split on spaces) in the work folder.
    @discardableResult
    func run(_ arguments: String) async throws -> Result {
        try await run(arguments.split(separator: " ").map(String.init))
    }

    @discardableResult
    func run(_ arguments: [String]) async throws -> Result {
        try await Self.execute(Self.binary, arguments, in: work)
    }

    /// Runs `cksync` with `arguments` (split on spaces) and `CLI.environment` changed by
    /// `overrides` (nil removes a variable).
    @discardableResult
    func run(_ arguments: String, environment overrides: [String: String?]) async throws -> Result {
        var environment = Self.environment
        for (name, value) in overrides { environment[name] = value }
        return try await Self.execute(
            Self.binary, arguments.split(separator: " ").map(String.init), in: work, environment: environment)
    }

    /// Runs `cksync` with `arguments` (split on spaces) in `directory`, such as a subfolder of a workspace.
    @discardableResult
    func run(_ arguments: String, in directory: URL) async throws -> Result {
        try await Self.execute(Self.binary, arguments.split(separator: " ").map(String.init), in: directory)
    }

    /// Runs any program (git, for checks) in the work folder.
    ///
    /// The wait happens on a thread of its own: blocking Swift's few cooperative threads would
    /// starve the asynchronous tests running beside this one.
    static func execute(
        _ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String] = environment
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(
                    with: Swift.Result {
                        try executeBlocking(executable, arguments, in: directory, environment: environment)
                    })
            }
        }
    }

    private static func executeBlocking(
        _ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String]
    ) throws -> Result {
        let run = try runToCompletion(executable, arguments, in: directory, environment: environment)
        return Result(exitCode: run.exitCode, stdout: run.output, stderr: run.errors)
    }

    func git(_ arguments: String) async throws -> Result {
        try await Self.execute(
            URL(fileURLWithPath: "/usr/bin/env"), ["git"] + arguments.split(separator: " ").map(String.init), in: work)
    }

    /// The package root: three levels above this file.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `cksync` built beside the test bundle.
    static let binary: URL = {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("cksync")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return repositoryRoot.appendingPathComponent(".build/debug/cksync")
    }()
}

extension URL {
    /// Replaces `old` with `new` in this text file; the test fails if `old` is absent.
    func edit(replacing old: String, with new: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = try String(contentsOf: self, encoding: .utf8)
        #expect(text.contains(old), "\(lastPathComponent) does not contain \(old)", sourceLocation: sourceLocation)
        try text.replacingOccurrences(of: old, with: new).write(to: self, atomically: true, encoding: .utf8)
    }

    func append(_ text: String) throws {
        let handle = try FileHandle(forWritingTo: self)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }
}
