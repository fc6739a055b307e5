import Foundation
import Snapshots

/// Before a command commits: checks that the commit identity can be resolved (a bad
/// `GIT_AUTHOR_DATE` stops the command before anything is written) and, when cksync had to guess
/// it from the login and host, says so on stderr once per workspace (not with `--quiet`), as git
/// says it on a commit.
enum IdentityHint {
    /// The file whose presence means the hint was shown in this workspace.
    static let markerName = "identity-hint-shown"

    static func check(_ workspace: Workspace, output: Output) throws {
        let identity = try workspace.commitIdentity()
        let marker = workspace.stateDirectory + "/" + markerName
        guard identity.isGuessed, !output.options.quiet, !FileManager.default.fileExists(atPath: marker) else { return }
        let author = identity.author
        FileHandle.standardError.write(
            Data(
                """
                hint: cksync records its syncs as \(author.name) <\(author.email)>, guessed from your login and host.
                hint: Name yourself as for git, and later syncs say who made them:
                hint:   git config --global user.name "Your Name"
                hint:   git config --global user.email you@example.com
                hint: (or set GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL, as CI jobs do)

                """.utf8))
        try Data().write(to: URL(fileURLWithPath: marker))
    }
}
