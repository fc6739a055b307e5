import Foundation
import Snapshots
import Sync

/// Where `--out FILE` puts a plan: written whole or not at all.
enum PlanFile {
    static func write(_ document: JSONValue, to path: String) throws {
        do {
            try Data(document.text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw PlanError.unreadable(path: path, reason: "cannot be written (\(error.localizedDescription))")
        }
    }
}
