import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs `cksync` on a pseudo-terminal, as a person at a terminal runs it: stdin, stdout and
/// stderr are all the terminal, so prompts are asked and the pager is used.
enum Terminal {
    /// Runs `arguments` in `cli`'s folder with `input` typed ahead; returns everything the
    /// terminal showed (the echo of the input included) and the exit code.
    static func run(
        _ arguments: String, in cli: CLI, input: String = "", environment extra: [String: String] = [:]
    ) async throws -> (output: String, exitCode: Int32) {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(
                    with: Result { try runBlocking(arguments, in: cli, input: input, environment: extra) })
            }
        }
    }

    private static func runBlocking(
        _ arguments: String, in cli: CLI, input: String, environment extra: [String: String]
    ) throws -> (output: String, exitCode: Int32) {
        var primary: Int32 = -1
        var secondary: Int32 = -1
        guard openpty(&primary, &secondary, nil, nil, nil) == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        defer { close(primary) }
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments.split(separator: " ").map(String.init)
        process.currentDirectoryURL = cli.work
        process.environment = CLI.environment.merging(extra) { $1 }
        let terminal = FileHandle(fileDescriptor: secondary, closeOnDealloc: false)
        process.standardInput = terminal
        process.standardOutput = terminal
        process.standardError = terminal
        try process.run()
        close(secondary)
        _ = input.withCString { write(primary, $0, strlen($0)) }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var waiting = pollfd(fd: primary, events: Int16(POLLIN), revents: 0)
        while true {
            // Read while there is output. EIO says the last holder of the terminal's other end is
            // gone; but another test's long-lived child may hold it too (see `runToCompletion`),
            // so a quiet terminal whose process has ended is the end as well: by then everything
            // the process wrote is waiting to be read.
            guard poll(&waiting, 1, 50) != 0 else {
                if process.isRunning { continue } else { break }
            }
            let count = read(primary, &buffer, buffer.count)
            guard count > 0 else { break }
            output += buffer[..<count]
        }
        process.waitUntilExit()
        let text = String(decoding: output, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        return (text, process.terminationStatus)
    }
}
