/// Paths inside a workspace, worked out from their text alone (no file system): segments joined,
/// `.` and empty segments dropped, `..` taking one segment off.
enum WorkspacePath {
    /// `path` (relative to the workspace) in its shortest form without `.` or `..` (`""` is the
    /// workspace itself); `nil` when a `..` would climb above the workspace.
    static func normalized(_ path: String) -> String? {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..":
                guard !segments.isEmpty else { return nil }
                segments.removeLast()
            default: segments.append(segment)
            }
        }
        return segments.joined(separator: "/")
    }

    /// The folder of a workspace-relative file path (`data/places.csv` → `data`; `places.csv` → `""`).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// `path` relative to `workspace` when it is inside it (both absolute), after normalizing both;
    /// `nil` when it is outside, or a `..` climbs above the root.
    static func relative(_ path: String, inside workspace: String) -> String? {
        guard let path = normalized(path), let workspace = normalized(workspace) else { return nil }
        if workspace.isEmpty { return path }
        if path == workspace { return "" }
        guard path.hasPrefix(workspace + "/") else { return nil }
        return String(path.dropFirst(workspace.count + 1))
    }
}
