import Foundation
import Records

/// The lines that show one changed field: `old → new`, or element by element for lists.
struct FieldChangeText {
    let change: FieldChange
    let style: TextStyle

    static let indent = String(repeating: " ", count: 8)

    /// `elevation: 83 → 85`; a list whose elements changed shows `- removed` and `+ added` lines below it.
    var lines: [String] {
        if let elements = ListElementChanges(change) {
            var lines = [Self.indent + "\(change.field): " + elements.summary]
            lines += elements.removed.map { Self.indent + "  " + style.red("- " + $0.value.displayText) }
            lines += elements.added.map { Self.indent + "  " + style.green("+ " + $0.value.displayText) }
            return lines
        }
        let old = change.old?.displayText ?? "(absent)"
        let new = change.new?.displayText ?? "(absent)"
        return [Self.indent + "\(change.field): \(style.red(old)) → \(style.green(new))"]
    }

    /// A field equal within the compare rules: its exact change and by how much it moved.
    var toleratedLine: String {
        let old = change.old?.displayText ?? "(absent)"
        let new = change.new?.displayText ?? "(absent)"
        let delta = Self.delta(change.old, change.new).map { " (Δ \($0))" } ?? " (ignored field)"
        return Self.indent + "\(change.field): \(old) → \(new)" + style.dim(delta)
    }

    /// How far a DOUBLE or LOCATION moved, `0.00004` or `latitude 0.00004, longitude 0`; `nil`
    /// for any other change, which only an `ignore` rule can make tolerated.
    static func delta(_ old: FieldValue?, _ new: FieldValue?) -> String? {
        switch (old, new) {
        case (.double(let a)?, .double(let b)?):
            return spelling(b - a)
        case (.location(let a)?, .location(let b)?):
            return "latitude \(spelling(b.latitude - a.latitude)), longitude \(spelling(b.longitude - a.longitude))"
        case (.list(let oldType, let a)?, .list(let newType, let b)?) where oldType == newType && a.count == b.count:
            let deltas = zip(a, b).compactMap { $0 == $1 ? nil : delta($0, $1) }
            return deltas.isEmpty ? nil : deltas.joined(separator: "; ")
        default:
            return nil
        }
    }

    /// A difference to ten significant digits: 37.61905 − 37.619 is 5e-05, not the
    /// 5.000000000165983e-05 that binary floating point computes.
    private static func spelling(_ difference: Double) -> String {
        CanonicalJSON.spelling(of: Double(String(format: "%.10g", difference)) ?? difference)
    }
}

/// The elements a list field lost and gained, when both sides are lists of one element type.
struct ListElementChanges {
    /// Removed elements with their positions in the old list.
    var removed: [(offset: Int, value: FieldValue)] = []
    /// Added elements with their positions in the new list.
    var added: [(offset: Int, value: FieldValue)] = []

    init?(_ change: FieldChange) {
        guard case .list(let oldType, let old)? = change.old, case .list(let newType, let new)? = change.new,
            oldType == newType
        else { return nil }
        for step in new.difference(from: old) {
            switch step {
            case .remove(let offset, let element, _): removed.append((offset, element))
            case .insert(let offset, let element, _): added.append((offset, element))
            }
        }
    }

    /// `1 removed, 2 added`.
    var summary: String {
        [(removed.count, "removed"), (added.count, "added")].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
            .joined(separator: ", ")
    }
}
