import Foundation

/// What a program run to its end exited with and wrote.
public struct ChildProcessResult: Sendable {
    public var exitCode: Int32
    public var stdout: Data
    public var stderr: Data

    public var output: String { String(decoding: stdout, as: UTF8.self) }
    public var errors: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs `executable` to its end, with `input` (if any) on its stdin, and collects what it wrote.
///
/// Its streams are temporary files, not pipes. On Linux, Foundation's `Process` keeps the
/// parent's other descriptors out of a child by closing, in the child, those open when it
/// prepares the launch; a pipe another test's thread opens meanwhile leaks into that child. When
/// the child is long-lived (a server another test started), it holds this run's pipe open, and
/// reading the pipe to its end, or feeding a stdin that waits for its end, waits until that
/// server stops. A file has no end to wait for.
public func runToCompletion(
    _ executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
    input: Data? = nil
) throws -> ChildProcessResult {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("child-" + UUID().uuidString)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let stdoutFile = folder.appendingPathComponent("stdout")
    let stderrFile = folder.appendingPathComponent("stderr")
    let stdinFile = folder.appendingPathComponent("stdin")
    for file in [stdoutFile, stderrFile] { try Data().write(to: file) }
    try (input ?? Data()).write(to: stdinFile)

    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if let environment { process.environment = environment }
    let stdin = try FileHandle(forReadingFrom: stdinFile)
    let stdout = try FileHandle(forWritingTo: stdoutFile)
    let stderr = try FileHandle(forWritingTo: stderrFile)
    defer {
        for handle in [stdin, stdout, stderr] { try? handle.close() }
    }
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    process.waitUntilExit()
    return ChildProcessResult(
        exitCode: process.terminationStatus, stdout: try Data(contentsOf: stdoutFile),
        stderr: try Data(contentsOf: stderrFile))
}
