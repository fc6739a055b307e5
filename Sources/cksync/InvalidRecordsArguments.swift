import ArgumentParser
import Snapshots

/// `--max-invalid N`, for the commands that read the data files: the most records the types'
/// `invalid-records = "skip"` may leave out before the read fails, as BigQuery's `max_bad_records`.
struct InvalidRecordsArguments: ParsableArguments {
    @Option(
        name: .customLong("max-invalid"),
        help: ArgumentHelp(
            "Fail (exit 2, nothing written) when types with invalid-records = \"skip\" leave out more than N records in all.",
            valueName: "N"))
    var maxInvalid: Int?

    func validate() throws {
        if let maxInvalid, maxInvalid < 0 { throw ValidationError("--max-invalid must be 0 or more") }
    }

    /// `workspace` with the limit set.
    func applied(to workspace: Workspace) -> Workspace {
        var limited = workspace
        limited.maxInvalidRecords = maxInvalid
        return limited
    }
}
