extension CompareRules {
    /// The fields that really changed from `old` to `new` under these rules.
    ///
    /// LOCATION latitude and longitude each within `locationTolerance`, DOUBLE within
    /// `doubleTolerance` (both inclusive; also element-wise for LOCATION_LIST and DOUBLE_LIST of
    /// equal length), `ignore`d fields skipped. A field on one side only is a change. Values of
    /// different types always differ. Record type and name are not compared.
    ///
    /// - Returns: the changes sorted by field name (UTF-8 order); empty when the records are
    ///   equal under the rules.
    public func changes(from old: Record, to new: Record) -> [FieldChange] {
        Self.fieldChanges(old, new) { name, oldValue, newValue in
            !ignore.contains(name) && !equivalent(oldValue, newValue)
        }
    }

    /// Every field whose value differs at all, without tolerances and without `ignore`.
    ///
    /// With `changes(from:to:)`, a renderer can tell how many differences fell within the rules.
    public func exactChanges(from old: Record, to new: Record) -> [FieldChange] {
        Self.fieldChanges(old, new) { _, oldValue, newValue in oldValue != newValue }
    }

    /// Whether two values of a field count as equal under these rules.
    public func equivalent(_ old: FieldValue?, _ new: FieldValue?) -> Bool {
        switch (old, new) {
        case (nil, nil): return true
        case (nil, _), (_, nil): return false
        case (.double(let a), .double(let b)):
            return Self.within(a, b, doubleTolerance)
        case (.location(let a), .location(let b)):
            // The tolerance is for coordinates; the other members (altitude, accuracies, …) are exact.
            var aRest = a
            (aRest.latitude, aRest.longitude) = (b.latitude, b.longitude)
            return Self.within(a.latitude, b.latitude, locationTolerance)
                && Self.within(a.longitude, b.longitude, locationTolerance) && aRest == b
        case (.list(.double, let a), .list(.double, let b)), (.list(.location, let a), .list(.location, let b)):
            return a.count == b.count && zip(a, b).allSatisfy { equivalent($0, $1) }
        case (let a?, let b?):
            return a == b
        }
    }

    /// `|a - b| <= tolerance`, allowing the rounding error of the subtraction: two decimals
    /// written exactly `tolerance` apart (51.4706 and 51.4707) count as within it. A tolerance
    /// of 0 means exact equality.
    static func within(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
        if a == b { return true }
        guard tolerance > 0 else { return false }
        let slack = 2 * (a.ulp + b.ulp + tolerance.ulp)
        return (a - b).magnitude <= tolerance + slack
    }

    private static func fieldChanges(
        _ old: Record, _ new: Record, differ: (String, FieldValue?, FieldValue?) -> Bool
    ) -> [FieldChange] {
        // Only the few fields that differ are sorted, not the union of every field name.
        var changes: [FieldChange] = []
        for (name, oldValue) in old.fields {
            let newValue = new.fields[name]
            if differ(name, oldValue, newValue) {
                changes.append(FieldChange(field: name, old: oldValue, new: newValue))
            }
        }
        for (name, newValue) in new.fields where old.fields[name] == nil && differ(name, nil, newValue) {
            changes.append(FieldChange(field: name, old: nil, new: newValue))
        }
        return changes.sorted { CanonicalJSON.utf8Precedes($0.field, $1.field) }
    }
}
