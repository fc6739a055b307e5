import Foundation

/// The object ids a pack index (`.idx`, version 2 or the original version 1) lists, read from the
/// file itself: libgit2 has no way to list one pack's objects.
enum PackIndex {
    /// Every id the index lists, in ascending order (as the index stores them).
    /// - Throws: ``GitError`` when the file cannot be read or is not a pack index.
    static func objectIDs(atPath path: String) throws -> [ObjectID] {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw GitError(function: "PackIndex.objectIDs", message: "cannot read: \(error)", context: path)
        }
        func bigEndian(_ offset: Int) -> Int {
            bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        }
        // Version 2: "\377tOc", version, fan-out, then the ids one after the other. Version 1:
        // fan-out, then (offset, id) pairs.
        let isVersion2 = bytes.count >= 8 && bytes[0..<4] == [0xFF, 0x74, 0x4F, 0x63]
        if isVersion2, bigEndian(4) != 2 {
            throw GitError(
                function: "PackIndex.objectIDs", message: "unknown index version \(bigEndian(4))", context: path)
        }
        let fanOut = isVersion2 ? 8 : 0
        guard bytes.count >= fanOut + 256 * 4 else {
            throw GitError(function: "PackIndex.objectIDs", message: "truncated pack index", context: path)
        }
        let count = bigEndian(fanOut + 255 * 4)
        let first = fanOut + 256 * 4 + (isVersion2 ? 0 : 4)
        let stride = isVersion2 ? 20 : 24
        guard bytes.count >= first + (count - 1) * stride + 20 || count == 0 else {
            throw GitError(function: "PackIndex.objectIDs", message: "truncated pack index", context: path)
        }
        return bytes.withUnsafeBytes { raw in
            (0..<count).map { ObjectID(pointer: raw.baseAddress! + first + $0 * stride) }
        }
    }

    /// How many objects the index lists, from its fan-out table alone (version 2).
    /// - Throws: ``GitError`` when the file cannot be read or is not a version 2 pack index.
    static func objectCount(atPath path: String) throws -> Int {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw GitError(function: "PackIndex.objectCount", message: String(cString: strerror(errno)), context: path)
        }
        defer { close(descriptor) }
        var header = [UInt8](repeating: 0, count: 8 + 256 * 4)
        let read = header.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard read == header.count, header[0..<4] == [0xFF, 0x74, 0x4F, 0x63] else {
            throw GitError(function: "PackIndex.objectCount", message: "not a version 2 pack index", context: path)
        }
        return header[(8 + 255 * 4)...].reduce(0) { $0 << 8 | Int($1) }
    }

    /// Whether `sorted`, ascending as an index lists ids, holds `id` (binary search).
    static func contains(_ sorted: [ObjectID], _ id: ObjectID) -> Bool {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] == id { return true }
            if sorted[middle] < id { low = middle + 1 } else { high = middle }
        }
        return false
    }
}
