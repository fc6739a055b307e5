import Foundation
import GitStore
import TestSupport
import Testing

/// A fresh UUID-named directory under the temporary directory, removed after `body`.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("GitStoreTests-" + UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url.path)
}

/// A new bare repository in its own temporary directory, removed after `body`.
func withRepository<T>(_ body: (GitRepository) throws -> T) throws -> T {
    try withTemporaryDirectory { directory in
        try body(try GitRepository.create(bareAt: directory + "/repo.git"))
    }
}

/// The result of running the `git` command line.
struct GitRun {
    var status: Int32
    var output: String
    var errors: String
}

/// Runs `git` with `arguments`, optionally feeding `input` on stdin.
@discardableResult
func git(_ arguments: [String], input: [UInt8]? = nil) throws -> GitRun {
    var environment = ProcessInfo.processInfo.environment
    environment["GIT_CONFIG_NOSYSTEM"] = "1"
    environment["HOME"] = FileManager.default.temporaryDirectory.path
    let run = try runToCompletion(
        URL(fileURLWithPath: "/usr/bin/env"), ["git"] + arguments, environment: environment,
        input: input.map { Data($0) })
    return GitRun(status: run.exitCode, output: run.output, errors: run.errors)
}

/// Runs `git --git-dir <repository> arguments…` and expects it to succeed.
@discardableResult
func git(in repository: GitRepository, _ arguments: String...) throws -> String {
    let run = try git(["--git-dir", repository.path] + arguments)
    #expect(run.status == 0, "git \(arguments.joined(separator: " ")) failed: \(run.errors)")
    return run.output
}

/// `git count-objects -v` as numbers (count, in-pack, packs, …).
func objectCounts(_ repository: GitRepository) throws -> [String: Int] {
    var counts: [String: Int] = [:]
    for line in try git(in: repository, "count-objects", "-v").split(separator: "\n") {
        let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.count == 2, let value = Int(parts[1]) { counts[parts[0]] = value }
    }
    return counts
}

let testSignature = Signature(name: "Ada Tester", email: "ada@example.com", time: 1_700_000_000, offsetMinutes: 90)

extension ObjectWriter {
    /// A commit by ``testSignature``.
    func commit(tree: ObjectID, parents: [ObjectID] = [], message: String = "snapshot\n") throws -> ObjectID {
        try writeCommit(tree: tree, parents: parents, message: message, author: testSignature, committer: testSignature)
    }
}

/// `count` files named like cksync records: `records/City/<xx>/c<n>.json`.
func cityFiles(_ count: Int, version: (Int) -> Int = { _ in 0 }) -> [TreeFile] {
    (0..<count).map { n in
        let name = "c\(n)"
        let fanout = SHA1.hash(Array(name.utf8)).prefix(1).map { String($0, radix: 16) }.first!
        let directory = fanout.count == 1 ? "0" + fanout : fanout
        let content = "{\n  \"name\": \"\(name)\",\n  \"version\": \(version(n))\n}\n"
        return TreeFile(path: "records/City/\(directory)/\(name).json", content: Array(content.utf8))
    }
}
