#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How one child process ended, how long it took and how much memory it used.
public struct ChildResult: Sendable {
    /// The argument vector it ran.
    public let arguments: [String]
    /// Exit status when it exited normally.
    public let exitCode: Int32?
    /// The signal that ended it, if one did.
    public let signal: Int32?
    /// Wall-clock seconds from spawn to reaped, on a monotonic clock.
    public let seconds: Double
    /// Peak resident set size in KiB (ru_maxrss of wait4: the child and the descendants it waited for).
    public let peakRSSKiB: Int
    /// Where its stdout and stderr went.
    public let stdoutPath: String
    public let stderrPath: String

    /// True when it exited with status 0.
    public var succeeded: Bool { exitCode == 0 }

    /// "exited 2" or "killed by signal 9".
    public var statusText: String {
        if let exitCode { return "exited \(exitCode)" }
        return "killed by signal \(signal ?? 0)"
    }

    /// The last `lines` lines of its stderr, for messages.
    public func stderrTail(lines: Int = 8) -> String {
        guard let bytes = try? FileIO.read(stderrPath) else { return "" }
        let text = String(decoding: bytes, as: UTF8.self).trimmingTrailingWhitespace()
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var scalars = Substring(self)
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

/// Runs one child with posix_spawn and reaps it with wait4, which hands back its rusage
/// (Foundation's Process can't: it has no rusage for one child).
public enum ChildProcess {
    /// Runs `arguments` (the first is the program: a path, or a name looked up in PATH)
    /// with stdin from /dev/null and stdout/stderr to the given files; waits for it.
    /// Throws only when it cannot be started at all.
    public static func run(_ arguments: [String], stdoutPath: String, stderrPath: String,
                           environment: [String: String]? = nil) throws -> ChildResult {
        guard let program = arguments.first else { throw BenchError("no program to run") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        let env = (environment ?? childEnvironment()).map { "\($0.key)=\($0.value)" }
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }

        let clock = ContinuousClock()
        let start = clock.now
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, program, &actions, nil, argv, envp)
        if spawned != 0 { throw BenchError("cannot start \(program): \(errnoText(spawned))") }

        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            if errno != EINTR { throw BenchError("wait4 for \(program) failed: \(errnoText())") }
        }
        let elapsed = start.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18

        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
        let signal = status & 0x7F
        #if canImport(Darwin)
        let peakKiB = Int(usage.ru_maxrss) / 1024  // bytes on Darwin
        #else
        let peakKiB = Int(usage.ru_maxrss)  // KiB on Linux
        #endif
        return ChildResult(arguments: arguments,
                           exitCode: signal == 0 ? (status >> 8) & 0xFF : nil,
                           signal: signal == 0 ? nil : signal,
                           seconds: seconds, peakRSSKiB: peakKiB,
                           stdoutPath: stdoutPath, stderrPath: stderrPath)
    }

    /// This process's environment without GIT_* variables (a benchmark run from inside a
    /// git hook must not point the children at another repository).
    public static func childEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                let key = String(text[..<equals])
                if !key.hasPrefix("GIT_") { result[key] = String(text[text.index(after: equals)...]) }
            }
            pointer += 1
        }
        return result
    }
}
