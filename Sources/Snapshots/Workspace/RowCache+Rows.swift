import Records

extension RowCache {
    /// The rows a cache is written from, in source order: runs of the rows of the cache the read
    /// reused, copied from where they lie in it, and rows read afresh. Nothing is held per reused
    /// row, so that writing the next cache of ten million rows does not first copy them all.
    struct Rows {
        private enum Part {
            /// Rows of `known`.
            case known(Range<Int>)
            /// Rows of `freshDigests` and `freshNameEnds`.
            case fresh(Range<Int>)
        }

        /// The rows of the cache the read reused.
        let known: RowIndex
        private var parts: [Part] = []
        private var freshDigests: [RowDigest] = []
        private var freshNames: [UInt8] = []
        private var freshNameEnds: [Int] = []
        private(set) var count = 0
        /// The length of every row's name, back to back.
        private(set) var nameBytes = 0

        init(known: RowIndex) {
            self.known = known
        }

        mutating func append(known rows: Range<Int>) {
            guard !rows.isEmpty else { return }
            if case .known(let last) = parts.last, last.upperBound == rows.lowerBound {
                parts[parts.count - 1] = .known(last.lowerBound..<rows.upperBound)
            } else {
                parts.append(.known(rows))
            }
            count += rows.count
            nameBytes += known.withLayout(of: rows) { _, _, _, names in names.count }
        }

        mutating func append(fresh digest: RowDigest, name: String) {
            freshDigests.append(digest)
            freshNames += name.utf8
            freshNameEnds.append(freshNames.count)
            let row = freshDigests.count - 1
            if case .fresh(let last) = parts.last, last.upperBound == row {
                parts[parts.count - 1] = .fresh(last.lowerBound..<row + 1)
            } else {
                parts.append(.fresh(row..<row + 1))
            }
            count += 1
            nameBytes += name.utf8.count
        }

        /// The rows read afresh, each with its digest, when every row is where it was in `known`:
        /// the known ones at their own places, each fresh one in the place of a known row with
        /// the same name (an edit). nil when rows were added, removed or moved, or a name changed.
        func editsInPlace() -> [(row: Int, digest: RowDigest)]? {
            guard count == known.count else { return nil }
            var edits: [(row: Int, digest: RowDigest)] = []
            var place = 0
            for part in parts {
                switch part {
                case .known(let rows):
                    guard rows.lowerBound == place else { return nil }
                    place = rows.upperBound
                case .fresh(let rows):
                    for row in rows {
                        let name = freshNames[freshNameRange(of: row..<row + 1)]
                        guard known.withLayout(of: place..<place + 1, { _, _, _, known in known.elementsEqual(name) })
                        else { return nil }
                        edits.append((place, freshDigests[row]))
                        place += 1
                    }
                }
            }
            return edits
        }

        /// Writes the digests, then the name ends, each as the cache lays them out.
        func write(to file: inout BufferedFile) {
            for part in parts {
                switch part {
                case .known(let rows):
                    known.withLayout(of: rows) { digests, _, _, _ in file.append(raw: digests) }
                case .fresh(let rows):
                    for row in rows { file.append(freshDigests[row]) }
                }
            }
            var written = 0
            for part in parts {
                switch part {
                case .known(let rows):
                    known.withLayout(of: rows) { _, ends, firstStart, names in
                        // Rows after the same names as last time keep their ends as they are.
                        if firstStart == written {
                            file.append(raw: ends)
                        } else {
                            for row in 0..<rows.count {
                                let end = Int(
                                    UInt32(littleEndian: ends.loadUnaligned(fromByteOffset: row * 4, as: UInt32.self)))
                                file.append(UInt32(end - firstStart + written))
                            }
                        }
                        written += names.count
                    }
                case .fresh(let rows):
                    let names = freshNameRange(of: rows)
                    for row in rows { file.append(UInt32(freshNameEnds[row] - names.lowerBound + written)) }
                    written += names.count
                }
            }
        }

        /// Writes every row's name, back to back.
        func writeNames(to file: inout BufferedFile) {
            for part in parts {
                switch part {
                case .known(let rows):
                    known.withLayout(of: rows) { _, _, _, names in file.append(raw: names) }
                case .fresh(let rows): file.append(freshNames[freshNameRange(of: rows)])
                }
            }
        }

        /// Where the names of fresh rows `rows` lie in `freshNames`.
        private func freshNameRange(of rows: Range<Int>) -> Range<Int> {
            (rows.lowerBound == 0 ? 0 : freshNameEnds[rows.lowerBound - 1])..<freshNameEnds[rows.upperBound - 1]
        }
    }
}
