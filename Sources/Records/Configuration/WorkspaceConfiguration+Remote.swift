extension WorkspaceConfiguration {
    /// The remote a command works with.
    ///
    /// - Parameter name: the `--remote` option; `nil` means `default-remote`, or the only remote
    ///   when the file declares exactly one and no default.
    /// - Throws: `ConfigError` when no remote is named and none can be chosen, or the name is not
    ///   declared; the message lists the declared remotes.
    public func remote(named name: String?) throws(ConfigError) -> RemoteConfiguration {
        let declared = remotes.map { "\"\($0.name)\"" }.joined(separator: ", ")
        if let name = name ?? defaultRemote {
            if let remote = remotes.first(where: { $0.name == name }) { return remote }
            throw ConfigError(
                file: file,
                message: "no remote named \"\(name)\" (declared: \(declared.isEmpty ? "none" : declared))")
        }
        if remotes.count == 1 { return remotes[0] }
        if remotes.isEmpty {
            throw ConfigError(
                file: file, message: "no remote is declared (add a [remotes.NAME] table and default-remote)")
        }
        throw ConfigError(
            file: file,
            message: "several remotes and no default-remote: choose one with --remote (declared: \(declared))")
    }
}
