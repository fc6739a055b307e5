import GitStore
import Records
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files one type's ASSET fields name, hashed and written as blobs into the pack of the
/// snapshot being built: the `AssetResolving` a workspace read hands the record mapper.
///
/// Rows are mapped on all cores at once. Each call checks, reads, hashes and compresses its file on
/// its own thread (one file's bytes at a time, never all of them), then appends the blob under a
/// lock, because the pack writer is single-threaded. A file whose stat fields match the asset cache, and whose
/// blob the repository holds, is not read at all.
final class AssetStore: AssetResolving {
    /// The pack writer, touched only under `state`'s lock while its owner waits for the read.
    private struct SharedWriter: @unchecked Sendable {
        let writer: ObjectWriter
    }

    private struct State {
        /// Every file resolved, by workspace path: what the next asset cache remembers.
        var used: [String: AssetCache.Entry] = [:]
    }

    private let writer: SharedWriter
    private let state = Mutex(State())
    private let known: [String: AssetCache.Entry]
    /// The asset cache file's mtime when loaded: a matching entry counts only for a file older.
    private let cacheWritten: FileStat?
    /// The workspace's real path (symbolic links resolved), or `nil` when it has none.
    private let realWorkspace: String?

    /// - Parameters:
    ///   - workspace: the workspace folder, absolute.
    ///   - writer: the pack the blobs go into; not used by anyone else until the read is over.
    ///   - known: the files of the type's last read, by workspace path.
    ///   - cacheWritten: the asset cache file's stat when it was loaded (racily clean files).
    init(workspace: String, writer: ObjectWriter, known: [String: AssetCache.Entry], cacheWritten: FileStat?) {
        self.writer = SharedWriter(writer: writer)
        self.known = known
        self.cacheWritten = cacheWritten
        realWorkspace = Self.realPath(workspace)
    }

    /// The files resolved so far, by workspace path.
    var usedFiles: [String: AssetCache.Entry] { state.withLock { $0.used } }

    func asset(at file: AssetFile) throws(AssetError) -> Asset {
        guard let real = Self.realPath(file.path) else { throw AssetError(Self.reason(errno)) }
        guard let realWorkspace, real.hasPrefix(realWorkspace + "/") else {
            throw AssetError("leads to \(real.debugDescription), outside the workspace (a symbolic link)")
        }
        // Non-blocking, so that opening a FIFO returns at once and is then refused as not a file.
        let descriptor = open(real, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw AssetError(Self.reason(errno)) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw AssetError(Self.reason(errno)) }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFDIR { throw AssetError("is a folder, not a file") }
        guard kind == S_IFREG else { throw AssetError("is not a regular file") }
        let fileStat = FileStat(info)
        guard fileStat.size <= Asset.maximumBytes else {
            throw AssetError(
                "is \(fileStat.size) bytes, over CloudKit's limit of \(Asset.maximumBytes) bytes (50 MB) for one asset")
        }
        if let entry = known[file.workspacePath], entry.stat == fileStat,
            let cacheWritten, SourceCache.isStrictlyOlder(fileStat, than: cacheWritten)
        {
            let reused = state.withLock { state -> Bool in
                guard writer.writer.repository.contains(entry.blob) else { return false }
                state.used[file.workspacePath] = entry
                return true
            }
            if reused { return Asset(size: fileStat.size, identity: .content(entry.blob.hex)) }
        }
        let bytes = try Self.readAll(descriptor, size: Int(fileStat.size))
        // Hashed and compressed here, on the mapping thread; only the append is under the lock.
        let id = PreparedBlob.id(of: bytes)
        do {
            if state.withLock({ _ in !writer.writer.contains(id) }) {
                let blob = try PreparedBlob(bytes, id: id)
                try state.withLock { _ in try writer.writer.write(blob) }
            }
        } catch {
            throw AssetError("cannot be stored in the snapshot repository: \(error)")
        }
        state.withLock { $0.used[file.workspacePath] = AssetCache.Entry(stat: fileStat, blob: id) }
        return Asset(size: fileStat.size, identity: .content(id.hex))
    }

    /// Reads a whole file of `size` bytes (as stat'ed before): a file that grew or shrank
    /// meanwhile is being written, and its bytes would be nobody's version of it.
    private static func readAll(_ descriptor: Int32, size: Int) throws(AssetError) -> [UInt8] {
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, count in
            count = 0
            while count < size + 1 {
                let got = read(descriptor, buffer.baseAddress! + count, size + 1 - count)
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if got == 0 { break }
                count += got
            }
        }
        if failure != 0 { throw AssetError(reason(failure)) }
        guard bytes.count == size else { throw AssetError("changed while it was read (try again)") }
        return bytes
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// What an errno from resolving, opening or reading a file means for a user.
    private static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT, ENOTDIR: "no such file"
        case EACCES, EPERM: "cannot be read (permission denied)"
        case ELOOP: "cannot be read (too many symbolic links)"
        default: "cannot be read (\(String(cString: strerror(code))))"
        }
    }
}
