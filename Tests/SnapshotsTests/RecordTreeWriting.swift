import GitStore
import Records
import Snapshots

extension GitRepository {
    /// A `records/` tree (one level of fan-out) holding `records`, in a pack of its own.
    func writeRecordTree(_ records: [Record]) throws -> ObjectID {
        let writer = try makeWriter()
        let files = records.map {
            TreeFile(path: "\($0.type)/" + RecordPath.pathInType(name: $0.name), content: CanonicalJSON.encode($0))
        }
        let tree = try writer.writeTree(files: files, base: nil)
        try writer.finish()
        return tree
    }
}
