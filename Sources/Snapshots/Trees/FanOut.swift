/// How many directory levels a record type's tree fans out into: one (`<xx>/<name>.json`) or two
/// (`<xx>/<yy>/<name>.json`, `yy` the second byte of SHA-1(name)).
///
/// One level keeps small types to 256 small trees; past ``threshold`` records its leaves would
/// grow without bound (39,000 entries at 10M), and every sync would rewrite them all. Two levels
/// keep leaves near `count / 65,536` entries. A type shrinks back to one level only below a
/// quarter of the threshold, so a type whose size hovers around it never converts back and forth.
package enum FanOut {
    /// Above this many records a type's tree gains its second level: 1,024 entries (about 40 KB) a
    /// leaf on average. Past it one level would make a 1 % sync rewrite all 256 leaves whole (38 MB
    /// of trees at a million records, three times per push); two levels rewrite one leaf of ~15
    /// entries per changed record at a million (docs/architecture.md, "Fan-out that grows").
    package static let defaultThreshold = 1 << 18

    /// The threshold in effect; tests bind a small one rather than writing millions of records.
    @TaskLocal package static var threshold = defaultThreshold

    /// The depth for a type of about `records` records whose tree now has depth `current`
    /// (nil: no tree yet).
    package static func depth(records: Int, current: Int?) -> Int {
        if current == 2 { return records < threshold / 4 ? 1 : 2 }
        return records > threshold ? 2 : 1
    }
}
