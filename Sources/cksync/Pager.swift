import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Long output through a pager, as git does: only when stdout is a terminal, the pager from
/// `CKSYNC_PAGER`, then `PAGER`, else `less -FRX` (which leaves a screenful on the screen).
enum Pager {
    /// Whether stdout goes to a pager that was started for a terminal (colours still apply).
    nonisolated(unsafe) private(set) static var isActive = false
    nonisolated(unsafe) private static var pid: pid_t = 0

    /// Sends the rest of stdout to the pager, unless stdout is not a terminal or `--no-pager`.
    static func start(_ options: GlobalOptions) {
        guard !options.noPager, isatty(STDOUT_FILENO) != 0, let command = command else { return }
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { return }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[0], STDIN_FILENO)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        var environment = ProcessInfo.processInfo.environment
        if environment["LESS"] == nil { environment["LESS"] = "FRX" }
        let arguments = ["/bin/sh", "-c", command]
        let spawned = withCStrings(arguments) { argv in
            withCStrings(environment.map { "\($0.key)=\($0.value)" }) { envp in
                posix_spawn(&pid, "/bin/sh", &actions, nil, argv, envp)
            }
        }
        close(pipeEnds[0])
        guard spawned == 0 else {
            close(pipeEnds[1])
            return
        }
        fflush(nil)
        dup2(pipeEnds[1], STDOUT_FILENO)
        close(pipeEnds[1])
        isActive = true
        // Every way out of cksync ends in exit(), which runs this: the pager gets EOF, and the
        // terminal is handed back only when the person is done reading.
        atexit {
            fflush(nil)
            close(STDOUT_FILENO)
            var status: Int32 = 0
            while waitpid(Pager.pid, &status, 0) < 0 && errno == EINTR {}
        }
    }

    /// The pager to run, or nil for none (an empty value or `cat`, as git reads them).
    static var command: String? {
        let environment = ProcessInfo.processInfo.environment
        if let chosen = environment["CKSYNC_PAGER"] ?? environment["PAGER"] {
            let trimmed = chosen.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty || trimmed == "cat" ? nil : trimmed
        }
        return isOnPath("less") ? "less -FRX" : nil
    }

    private static func isOnPath(_ program: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { access("\($0)/\(program)", X_OK) == 0 }
    }

    private static func withCStrings<Result>(
        _ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result
    ) -> Result {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }
}
