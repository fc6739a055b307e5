import ArgumentParser
import GitStore
import Records
import Snapshots
import Sync

/// design.md's exit codes, in one place.
enum ExitStatus {
    /// There are differences (only with `--exit-code`).
    static let differences = ExitCode(1)
    /// Usage or input error: bad option, bad configuration, bad data, unknown revision.
    static let inputError = ExitCode(2)
    /// Remote, repository or partial failure.
    static let failure = ExitCode(3)
    /// Stopped on a conflict, or a saved plan the remote has moved away from.
    static let conflict = ExitCode(4)

    /// The exit code for an error a command threw.
    static func code(for error: any Error) -> ExitCode {
        switch error {
        case let code as ExitCode: code
        case is ProductionSchemaMismatch: differences
        case is InputError, is ConfigError, is SnapshotError, is ValidationError: inputError
        case let error as SyncError:
            switch error {
            case .locked, .confirmationRequired, .tooManyDeletes: inputError
            case .lockFailed, .badResponse, .planWithoutRecord: failure
            }
        case let error as PlanError:
            switch error {
            case .unreadable: inputError
            case .stale: conflict
            }
        case is GitError: failure
        default: failure
        }
    }
}
