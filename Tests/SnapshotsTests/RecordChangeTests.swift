import GitStore
import Records
import Testing

@testable import Snapshots

/// A change keeps its records and field changes out of line, as a value all the same.
@Suite struct RecordChangeTests {
    let record = Record(type: "City", name: "c1", fields: ["population": .int64(10)])
    let edited = Record(type: "City", name: "c1", fields: ["population": .int64(11)])

    @Test func aChangeTakes88BytesWhateverItCarries() {
        // A plan computed with names only holds a million of these through an apply; with its two
        // records and field changes inline a change took 176.
        #expect(MemoryLayout<RecordChange>.stride <= 88)
    }

    @Test func settingARecordOnACopyLeavesTheOriginalAlone() {
        let change = RecordChange(kind: .new, type: "City", name: "c1", old: nil, new: record, fieldChanges: [])
        var copy = change
        copy.old = record
        copy.new = edited
        copy.fieldChanges = [FieldChange(field: "population", old: .int64(10), new: .int64(11))]
        #expect(change.old == nil)
        #expect(change.new == record)
        #expect(change.fieldChanges.isEmpty)
        #expect(copy.old == record)
        #expect(copy.new == edited)
        #expect(copy.fieldChanges.map(\.field) == ["population"])
        copy.old = nil
        copy.new = nil
        copy.fieldChanges = []
        #expect(copy == RecordChange(kind: .new, type: "City", name: "c1", old: nil, new: nil, fieldChanges: []))
    }

    @Test func changesAreEqualByTheirRecordsNotByTheirBoxes() {
        func updated(_ new: Record) -> RecordChange {
            RecordChange(
                kind: .updated, type: "City", name: "c1", old: record, new: new,
                fieldChanges: [FieldChange(field: "population", old: .int64(10), new: new.fields["population"]!)])
        }
        #expect(updated(edited) == updated(edited))
        #expect(Set([updated(edited), updated(edited)]).count == 1)
        #expect(updated(edited) != updated(record))
        var withBlob = updated(edited)
        withBlob.newBlob = ObjectID.emptyTree
        #expect(withBlob != updated(edited))
    }
}
