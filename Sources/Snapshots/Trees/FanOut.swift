/// How many directory levels a record type's tree fans out into: one (`<xx>/<name>.json`), two
/// (`<xx>/<yy>/<name>.json`) or three (`<xx>/<yy>/<z>/<name>.json`), where `xx` and `yy` are the
/// first two bytes of SHA-1(name) in hex and `z` the first hex digit of its third byte.
///
/// Each level keeps the trees a change rewrites small up to a size: one level's 256 leaves would
/// grow without bound (39,000 entries at 10M), two levels keep leaves near `count / 65,536`
/// entries (150 at 10M, each rewritten, hashed, compressed and diffed whole for every record of
/// it a sync changes), and three near `count / 1,048,576`. A type moves down a level past
/// ``threshold`` records, and past ``deepThreshold`` a second one; it moves back up only below a
/// quarter of the bound, so that a type whose size hovers around one never converts back and forth.
package enum FanOut {
    /// Above this many records a type's tree gains its second level: 1,024 entries (about 40 KB) a
    /// leaf on average. Past it one level would make a 1 % sync rewrite all 256 leaves whole (38 MB
    /// of trees at a million records, three times per push); two levels rewrite one leaf of ~15
    /// entries per changed record at a million (docs/architecture.md, "Fan-out that grows").
    package static let defaultThreshold = 1 << 18

    /// The threshold in effect; tests bind a small one rather than writing millions of records.
    @TaskLocal package static var threshold = defaultThreshold

    /// Above this many records a type's tree gains its third level, of 16 directories: leaves of
    /// 64 entries on average at two levels, 4 at three.
    package static var deepThreshold: Int { threshold * 16 }

    /// The deepest a type's tree goes.
    package static let maximumDepth = 3

    /// The depth for a type of about `records` records whose tree now has depth `current`
    /// (nil: no tree yet).
    package static func depth(records: Int, current: Int?) -> Int {
        let bounds = [threshold, deepThreshold]
        var depth = 1
        for (level, bound) in bounds.enumerated() {
            // Staying at a depth it has, a type leaves it only below a quarter of the bound.
            let deeper = (current ?? 1) > level + 1 ? records >= bound / 4 : records > bound
            if deeper { depth = level + 2 } else { break }
        }
        return depth
    }
}
