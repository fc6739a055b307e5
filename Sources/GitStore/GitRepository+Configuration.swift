import CLibGit2

extension GitRepository {
    /// A string from git's configuration as git itself reads it for this repository: the
    /// repository's own `config`, then the global (`~/.gitconfig`), XDG (`~/.config/git/config`)
    /// and system files; nil when no file sets `name`.
    /// - Parameter name: a dotted key such as `user.name`.
    /// - Throws: ``GitError`` when a configuration file cannot be read or parsed.
    public func configurationString(_ name: String) throws -> String? {
        try locked {
            var configuration: OpaquePointer?
            // > The configuration file must be freed once it's no longer being used by the user.
            // > A snapshot is required to read string values (they are owned by the snapshot).
            // > https://libgit2.org/libgit2/#v1.5.0/group/repository/git_repository_config_snapshot
            try LibGit2.check(
                git_repository_config_snapshot(&configuration, pointer), "git_repository_config_snapshot",
                context: path)
            defer { git_config_free(configuration) }
            var value: UnsafePointer<CChar>?
            let code = git_config_get_string(&value, configuration, name)
            if code == GIT_ENOTFOUND.rawValue { return nil }
            try LibGit2.check(code, "git_config_get_string", context: name)
            return value.map { String(cString: $0) }
        }
    }
}
