/// Two versions of a record compared from their blobs: the record's type and name (the new
/// version's) and the fields that really changed.
public struct BlobComparison: Sendable {
    public var type: String
    public var name: String
    /// As `CompareRules.changes(from:to:)` gives them: sorted by field name, empty when the two
    /// versions are equal under the rules.
    public var changes: [FieldChange]
}

extension CompareRules {
    /// `changes(from:to:)` of the records two canonical blobs hold, under the rules of the new
    /// version's type.
    ///
    /// A field whose line is the same bytes in both blobs is equal without being decoded (canonical
    /// JSON has one spelling per value), so only the fields that differ are decoded: most of an
    /// updated record is not. Blobs not laid out exactly as `CanonicalJSON.encode` writes them are
    /// decoded whole.
    /// - Throws: `CanonicalJSONError` for a blob that is not a canonical record. A field that is the
    ///   same bytes in both blobs is not checked.
    public static func changes(
        fromBlob old: [UInt8], toBlob new: [UInt8], rules: (_ type: String) -> CompareRules
    ) throws(CanonicalJSONError) -> BlobComparison {
        try old.withUnsafeBufferPointer { (old) throws(CanonicalJSONError) -> BlobComparison in
            try new.withUnsafeBufferPointer { (new) throws(CanonicalJSONError) -> BlobComparison in
                guard let oldLines = try CanonicalLines(old), let newLines = try CanonicalLines(new) else {
                    var (oldParser, newParser) = (CanonicalParser(old), CanonicalParser(new))
                    let (oldRecord, newRecord) = (try oldParser.parseRecord(), try newParser.parseRecord())
                    return BlobComparison(
                        type: newRecord.type, name: newRecord.name,
                        changes: rules(newRecord.type).changes(from: oldRecord, to: newRecord))
                }
                return BlobComparison(
                    type: newLines.recordType, name: newLines.recordName,
                    changes: try rules(newLines.recordType).changes(from: (old, oldLines), to: (new, newLines)))
            }
        }
    }

    /// The fields that differ between two blobs' lines, merged in name order.
    private func changes(
        from old: (bytes: UnsafeBufferPointer<UInt8>, lines: CanonicalLines),
        to new: (bytes: UnsafeBufferPointer<UInt8>, lines: CanonicalLines)
    ) throws(CanonicalJSONError) -> [FieldChange] {
        let (oldBase, newBase) = (old.bytes.baseAddress!, new.bytes.baseAddress!)
        func value(_ field: CanonicalLines.Field?, in bytes: UnsafeBufferPointer<UInt8>) throws(CanonicalJSONError)
            -> FieldValue?
        {
            guard let field else { return nil }
            var parser = CanonicalParser(bytes)
            return try parser.parseField(spanning: field.value)
        }
        var changes: [FieldChange] = []
        var (oldIndex, newIndex) = (0, 0)
        let (oldFields, newFields) = (old.lines.fields, new.lines.fields)
        while oldIndex < oldFields.count || newIndex < newFields.count {
            var (oldField, newField) = (oldFields[safe: oldIndex], newFields[safe: newIndex])
            switch (oldField, newField) {
            case (let a?, let b?):
                switch CanonicalLines.order(a.name, in: oldBase, b.name, in: newBase) {
                case true?: newField = nil
                case false?: oldField = nil
                case nil:
                    if CanonicalLines.order(a.value, in: oldBase, b.value, in: newBase) == nil {
                        (oldIndex, newIndex) = (oldIndex + 1, newIndex + 1)
                        continue
                    }
                }
            default: break
            }
            if oldField != nil { oldIndex += 1 }
            if newField != nil { newIndex += 1 }
            let name =
                if let newField { try CanonicalLines.name(of: newField, in: new.bytes) } else {
                    try CanonicalLines.name(of: oldField!, in: old.bytes)
                }
            guard !ignore.contains(name) else { continue }
            let (oldValue, newValue) = (try value(oldField, in: old.bytes), try value(newField, in: new.bytes))
            if !equivalent(oldValue, newValue) {
                changes.append(FieldChange(field: name, old: oldValue, new: newValue))
            }
        }
        return changes
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { index < count ? self[index] : nil }
}
