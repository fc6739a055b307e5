import Foundation
import GitStore
import Snapshots

/// A plan read back from a file written by `--dry-run --out FILE`: what `cksync apply` needs of it.
///
/// The changes themselves are not taken from the file: they are computed again from the two
/// snapshots it names, which the repository holds, and must come out exactly as listed.
package struct SavedPlan: Sendable {
    /// Where the plan was read from, for messages.
    package var path: String
    package var operation: PlanOperation
    /// The remote's name in cksync.toml and where it pointed when the plan was made.
    package var remote: String
    package var remoteIdentity: String
    /// The remote snapshot the plan starts from, and the snapshot it goes to.
    package var remoteSnapshot: ObjectID?
    package var target: ObjectID?
    package var includesDeletions: Bool
    /// The changes the plan applies, by kind, type and name, in the file's order.
    package var changes: [Change]
    /// `Type/name` of the records whose deletions the plan spares (their rows in the data were invalid).
    package var spared: Set<String>

    package struct Change: Hashable, Sendable {
        package var kind: RecordChange.Kind
        package var type: String
        package var name: String
    }

    /// Reads and checks a plan file.
    /// - Throws: `PlanError.unreadable` naming the file and the member that is wrong.
    package init(contentsOf path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? error.localizedDescription : "no such file"
            throw PlanError.unreadable(path: path, reason: "cannot be read (\(reason))")
        }
        let file: PlanFile
        do {
            // The version first: a plan of another version may lack what this one needs.
            let version = try JSONDecoder().decode(PlanVersion.self, from: data).version
            guard version == JSONDocument.version else {
                throw PlanError.unreadable(
                    path: path,
                    reason:
                        "plan version \(version); this cksync reads version \(JSONDocument.version): make the plan again"
                )
            }
            file = try JSONDecoder().decode(PlanFile.self, from: data)
        } catch let error as DecodingError {
            throw PlanError.unreadable(path: path, reason: Self.describe(error))
        }
        guard let operation = PlanOperation(rawValue: file.operation) else {
            throw PlanError.unreadable(
                path: path, reason: "\"operation\": \"\(file.operation)\" is not push, prune-orphans or rollback")
        }
        func objectID(_ hex: String?, _ member: String) throws -> ObjectID? {
            guard let hex else { return nil }
            guard hex.count == 40, let id = ObjectID(hex: hex) else {
                throw PlanError.unreadable(path: path, reason: "\"\(member)\": \"\(hex)\" is not a 40-digit object id")
            }
            return id
        }
        self.path = path
        self.operation = operation
        remote = file.remote
        remoteIdentity = file.remoteIdentity
        remoteSnapshot = try objectID(file.remoteSnapshot, "remoteSnapshot")
        target = try objectID(file.target, "target")
        includesDeletions = file.deletions
        changes = file.changes.map { Change(kind: $0.change, type: $0.recordType, name: $0.recordName) }
        spared = Set(file.spared.map { "\($0.recordType)/\($0.recordName)" })
    }

    /// `"changes[3].recordName": missing`: where a decoding error is, as a reader of the file names it.
    private static func describe(_ error: DecodingError) -> String {
        func member(_ path: [any CodingKey]) -> String {
            path.reduce("") { text, key in
                if let index = key.intValue { return text + "[\(index)]" }
                return text.isEmpty ? key.stringValue : text + "." + key.stringValue
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\"\(member(context.codingPath + [key]))\": missing"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "\"\(member(context.codingPath))\": expected \(type == Bool.self ? "true or false" : "a \(type)")"
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "not a JSON document (\(context.debugDescription))"
        case .dataCorrupted(let context):
            return "\"\(member(context.codingPath))\": \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

private struct PlanVersion: Decodable {
    var version: Int
}

/// The members of a plan file that `apply` reads; the rest is for people and other programs.
private struct PlanFile: Decodable {
    var operation: String
    var remote: String
    var remoteIdentity: String
    var remoteSnapshot: String?
    var target: String?
    var deletions: Bool
    var changes: [Change]
    var spared: [Record]

    struct Change: Decodable {
        var change: RecordChange.Kind
        var recordType: String
        var recordName: String
    }

    struct Record: Decodable {
        var recordType: String
        var recordName: String
    }

    private enum CodingKeys: String, CodingKey {
        case operation, remote, remoteIdentity, remoteSnapshot, target, deletions, changes, spared
    }

    /// As synthesized, but the snapshots must be present even when null: a plan without its
    /// target is not a plan to delete everything.
    init(from decoder: any Decoder) throws {
        let members = try decoder.container(keyedBy: CodingKeys.self)
        operation = try members.decode(String.self, forKey: .operation)
        remote = try members.decode(String.self, forKey: .remote)
        remoteIdentity = try members.decode(String.self, forKey: .remoteIdentity)
        remoteSnapshot =
            try members.decodeNil(forKey: .remoteSnapshot)
            ? nil : members.decode(String.self, forKey: .remoteSnapshot)
        target = try members.decodeNil(forKey: .target) ? nil : members.decode(String.self, forKey: .target)
        deletions = try members.decode(Bool.self, forKey: .deletions)
        changes = try members.decode([Change].self, forKey: .changes)
        // Absent from plans made before sparing existed: they spare nothing.
        spared = try members.decodeIfPresent([Record].self, forKey: .spared) ?? []
    }
}
