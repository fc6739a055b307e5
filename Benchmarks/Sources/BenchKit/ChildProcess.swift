import Foundation
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
    /// The timeout (seconds) it was stopped at, when it ran too long.
    public var timedOut: Double? = nil

    /// True when it exited with status 0.
    public var succeeded: Bool { exitCode == 0 }

    /// "exited 2" or "killed by signal 9".
    public var statusText: String {
        if let timedOut { return String(format: "timed out after %.0f s (killed by signal %d)", timedOut, signal ?? 0) }
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
    /// With a `timeout` (seconds), a child still running then gets SIGTERM, and SIGKILL 5 s
    /// later; its result says `timedOut`. Throws only when it cannot be started at all.
    public static func run(_ arguments: [String], stdoutPath: String, stderrPath: String,
                           environment: [String: String]? = nil, timeout: Double? = nil) throws -> ChildResult {
        let child = try start(arguments, stdoutPath: stdoutPath, stderrPath: stderrPath, environment: environment)
        return try child.wait(timeout: timeout)
    }

    /// Starts `arguments` as `run` does, without waiting: for a server that runs beside
    /// the measured commands. Stop it with `stop()` (or wait for it with `wait`).
    public static func start(_ arguments: [String], stdoutPath: String, stderrPath: String,
                             environment: [String: String]? = nil) throws -> RunningChild {
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

        // A clean signal state: nothing blocked, default actions (a parent that blocks or
        // ignores SIGTERM, as a test runner may, must not pass that on to a server we stop).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let clock = ContinuousClock()
        let started = clock.now
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, program, &actions, &attributes, argv, envp)
        if spawned != 0 { throw BenchError("cannot start \(program): \(errnoText(spawned))") }
        return RunningChild(pid: pid, arguments: arguments, started: started,
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

/// A child started by `ChildProcess.start` and not reaped yet.
public final class RunningChild: @unchecked Sendable {
    public let pid: pid_t
    public let arguments: [String]
    public let stdoutPath: String
    public let stderrPath: String
    private let started: ContinuousClock.Instant
    /// Set under `lock` once the child has exited (a zombie, not reaped yet): from then on
    /// the watchdog must not signal the pid, which could be reused after the reap.
    private var exited = false
    private var timedOut = false
    private var result: ChildResult?
    private var lock = pthread_mutex_t()

    init(pid: pid_t, arguments: [String], started: ContinuousClock.Instant, stdoutPath: String, stderrPath: String) {
        self.pid = pid
        self.arguments = arguments
        self.started = started
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
        pthread_mutex_init(&lock, nil)
    }

    deinit { pthread_mutex_destroy(&lock) }

    /// Sends `signal` unless the child has already exited; true when it was sent.
    @discardableResult
    public func send(_ signal: Int32) -> Bool {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        guard !exited else { return false }
        return kill(pid, signal) == 0
    }

    /// True while the child runs (it has not exited).
    public var isRunning: Bool {
        pthread_mutex_lock(&lock)
        let done = exited
        pthread_mutex_unlock(&lock)
        if done { return false }
        var info = siginfo_t()
        // WNOWAIT: look without reaping.
        if waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && Self.pid(of: info) == pid {
            markExited()
            return false
        }
        return true
    }

    private static func pid(of info: siginfo_t) -> pid_t {
        #if canImport(Darwin)
        info.si_pid
        #else
        info._sifields._sigchld.si_pid
        #endif
    }

    private func markExited() {
        pthread_mutex_lock(&lock)
        exited = true
        pthread_mutex_unlock(&lock)
    }

    /// Waits for the child to exit and reaps it. With a `timeout`, a child still running
    /// then gets SIGTERM, and SIGKILL 5 s later.
    public func wait(timeout: Double? = nil) throws -> ChildResult {
        if let result { return result }
        if let timeout {
            let thread = Thread { [self] in
                if sleepUnlessExited(timeout) { return }
                pthread_mutex_lock(&lock)
                timedOut = !exited
                pthread_mutex_unlock(&lock)
                guard send(SIGTERM) else { return }
                if sleepUnlessExited(5) { return }
                send(SIGKILL)
            }
            thread.start()
        }
        // Wait without reaping, mark it exited, then reap (the watchdog never signals a reaped pid).
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 {
            if errno != EINTR { break }
        }
        markExited()
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            if errno != EINTR { throw BenchError("wait4 for \(arguments.first ?? "") failed: \(errnoText())") }
        }
        let elapsed = started.duration(to: ContinuousClock().now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18

        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
        let signal = status & 0x7F
        #if canImport(Darwin)
        let peakKiB = Int(usage.ru_maxrss) / 1024  // bytes on Darwin
        #else
        let peakKiB = Int(usage.ru_maxrss)  // KiB on Linux
        #endif
        pthread_mutex_lock(&lock)
        let didTimeOut = timedOut
        pthread_mutex_unlock(&lock)
        let made = ChildResult(arguments: arguments,
                               exitCode: signal == 0 ? (status >> 8) & 0xFF : nil,
                               signal: signal == 0 ? nil : signal,
                               seconds: seconds, peakRSSKiB: peakKiB,
                               stdoutPath: stdoutPath, stderrPath: stderrPath,
                               timedOut: didTimeOut ? timeout : nil)
        result = made
        return made
    }

    /// Sleeps up to `seconds` in short steps; true as soon as the child has exited.
    private func sleepUnlessExited(_ seconds: Double) -> Bool {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: .milliseconds(Int64(seconds * 1000)))
        while clock.now < end {
            pthread_mutex_lock(&lock)
            let done = exited
            pthread_mutex_unlock(&lock)
            if done { return true }
            usleep(20_000)
        }
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return exited
    }

    /// Stops a server: SIGTERM, then waits (SIGKILL after `grace` seconds); reaps it.
    /// Safe to call more than once and after it exited by itself.
    @discardableResult
    public func stop(grace: Double = 10) -> ChildResult? {
        if let result { return result }
        send(SIGTERM)
        return try? wait(timeout: grace)
    }

    /// Waits until the child's stdout holds a first full line and returns it (without the
    /// newline). Throws when the child exits first or after `timeout` seconds.
    public func firstLine(timeout: Double) throws -> String {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: .milliseconds(Int64(timeout * 1000)))
        while true {
            if let bytes = try? FileIO.read(stdoutPath), let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) {
                return String(decoding: bytes[..<newline], as: UTF8.self)
            }
            if !isRunning {
                let result = try wait()
                let tail = result.stderrTail()
                throw BenchError("\(arguments.first ?? "child") \(result.statusText) before printing a line"
                    + (tail.isEmpty ? "" : ": " + tail))
            }
            if clock.now >= end { throw BenchError("no line on stdout after \(timeout) s") }
            usleep(10_000)
        }
    }
}
