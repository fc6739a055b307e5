import Foundation

/// Finding the workspace a command runs in, as git finds `.git`: the nearest folder, from the
/// current one up to the root, that holds `cksync.toml`.
extension Workspace {
    /// The configuration file of the nearest workspace at or above `directory`; `nil` when no
    /// folder up to the root holds one.
    ///
    /// - Parameter directory: an absolute, standardized folder path; it need not exist (`init`
    ///   asks about a folder it is about to create).
    public static func findConfiguration(from directory: String) -> String? {
        var folder = directory
        while true {
            let candidate = (folder == "/" ? "" : folder) + "/" + configFileName
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
            guard folder != "/", !folder.isEmpty else { return nil }
            folder = (folder as NSString).deletingLastPathComponent
        }
    }

    /// `path` as seen from `directory`: relative when it lies below it (`cksync.toml`), or up to
    /// a parent (`../../cksync.toml`); both absolute and standardized.
    static func relativePath(_ path: String, from directory: String) -> String {
        let base = directory.split(separator: "/")
        let target = path.split(separator: "/")
        var common = 0
        while common < base.count, common < target.count - 1, base[common] == target[common] { common += 1 }
        let ups = Array(repeating: "..", count: base.count - common)
        return (ups + target[common...].map(String.init)).joined(separator: "/")
    }
}
