import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bytes of one file (a source, or a row cache), in memory once and shared read-only by every
/// chunk reader.
///
/// One region for the whole file: the readers slice it with pointers and never copy it. A large
/// file is mapped rather than read: reading a gigabyte into fresh memory first has every page of
/// it zeroed, which took longer than the rest of an incremental snapshot of ten million rows. As
/// with git, which maps the files it hashes, a file truncated by another process while it is
/// mapped ends the process (SIGBUS) instead of being read half-written; one replaced by a rename,
/// as most tools write, stays what it was when it was opened.
package final class SourceBytes: @unchecked Sendable {
    /// Start of the bytes; valid while this object lives. Never written after `init`.
    package let base: UnsafePointer<UInt8>
    package let count: Int
    private let storage: UnsafeMutableRawPointer
    /// The length of the mapping, for a mapped file; nil for bytes in allocated memory.
    private let mappedLength: Int?
    /// The file, kept open under a shared `flock` while these bytes live (`init(locking:)`); -1
    /// for bytes read without a lock.
    private let lockedDescriptor: Int32

    /// Files from this size on are mapped: below it, a read costs less than a mapping.
    private static let mappingThreshold = 16 << 20

    /// Mappings from this length on are unmapped on another thread.
    private static let unmappedAsideThreshold = 256 << 20

    /// Reads the file at `path`; `displayPath` names it in errors.
    package convenience init(contentsOf path: String, displayPath: String) throws(InputError) {
        try self.init(path: path, displayPath: displayPath, locking: false)
    }

    /// Reads the file at `path` under a shared `flock`, taken before the file is read and held
    /// until these bytes are freed: a process may change such a file where it lies, which would
    /// tear a read or end it (SIGBUS), only while it holds the lock exclusively
    /// (`whileLockedExclusively(_:)`). Where the file system refuses locks, the file is read
    /// without one, and must not be changed in place.
    /// - Throws: `InputError` also when another process holds the file exclusively for longer than
    ///   ``lockWait``.
    package convenience init(locking path: String) throws(InputError) {
        try self.init(path: path, displayPath: path, locking: true)
    }

    /// How long a read waits for a file another process holds exclusively: a change in place
    /// takes milliseconds, and a process stopped in the middle of one (Ctrl-Z) must not hold up
    /// every other command of the workspace.
    package static let lockWait = Duration.seconds(5)

    private init(path: String, displayPath: String, locking: Bool) throws(InputError) {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = errno == ENOENT ? "no such file" : "cannot open: \(Self.describe(errno))"
            throw InputError(file: displayPath, message: reason)
        }
        // Closed here unless the bytes are read whole and the lock is to be held.
        var keepOpen = false
        defer { if !keepOpen { close(fd) } }
        // A file system without locks has the file read unlocked (`isLocked` false).
        var locked = false
        if locking {
            switch Self.lockShared(fd) {
            case .locked: locked = true
            case .unsupported: break
            case .heldElsewhere:
                throw InputError(file: displayPath, message: "held by another process for more than \(Self.lockWait)")
            }
        }
        lockedDescriptor = locked ? fd : -1
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw InputError(file: displayPath, message: "cannot read: \(Self.describe(errno))")
        }
        // Only a regular file has an end: /dev/zero would be read until memory runs out.
        if let kind = Self.nonRegularKind(info.st_mode) {
            throw InputError(
                file: displayPath, message: "is \(kind), not a regular file; a source must be a regular file")
        }
        if Int(info.st_size) >= Self.mappingThreshold, let mapped = Self.map(fd, count: Int(info.st_size)) {
            storage = mapped.region
            base = UnsafePointer(mapped.region.assumingMemoryBound(to: UInt8.self))
            count = Int(info.st_size)
            mappedLength = mapped.length
            keepOpen = locked
            return
        }
        var capacity = max(Int(info.st_size), 0) + 1
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        var filled = 0
        while true {
            if filled == capacity {
                // The file grew while we read it (or st_size lied, as for pipes): keep going.
                let bigger = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 16)
                bigger.copyMemory(from: buffer, byteCount: filled)
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            let got = read(fd, buffer + filled, capacity - filled)
            if got < 0 {
                if errno == EINTR { continue }
                buffer.deallocate()
                throw InputError(file: displayPath, message: "cannot read: \(Self.describe(errno))")
            }
            if got == 0 { break }
            filled += got
        }
        storage = buffer
        base = UnsafePointer(buffer.assumingMemoryBound(to: UInt8.self))
        count = filled
        mappedLength = nil
        keepOpen = locked
    }

    /// Maps the `count` bytes of the file open as `fd`, copy-on-write, followed by at least one
    /// zero byte: the range is reserved whole first and the file laid over its start, so the page
    /// after the file's last byte is memory, not a page past the end of the file. Nil when the
    /// system refuses; the file is then read.
    private static func map(_ fd: Int32, count: Int) -> (region: UnsafeMutableRawPointer, length: Int)? {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let length = (count / page + 1) * page
        guard let region = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            region != MAP_FAILED
        else { return nil }
        guard mmap(region, count, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, 0) != MAP_FAILED else {
            munmap(region, length)
            return nil
        }
        return (region, length)
    }

    /// Wraps bytes given in memory (tests, and values embedded in CSV cells).
    package init(_ bytes: [UInt8]) {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { source in
            if let address = source.baseAddress { buffer.copyMemory(from: address, byteCount: source.count) }
        }
        storage = buffer
        base = UnsafePointer(buffer.assumingMemoryBound(to: UInt8.self))
        count = bytes.count
        mappedLength = nil
        lockedDescriptor = -1
    }

    deinit {
        if let mappedLength {
            if lockedDescriptor < 0, mappedLength >= Self.unmappedAsideThreshold {
                // Unmapping a gigabyte takes 20 ms that the reader of the bytes need not wait for.
                // Not a locked file's: its lock goes with the mapping, and this process may want
                // the file exclusively next.
                nonisolated(unsafe) let region = storage
                DispatchQueue.global(qos: .utility).async { munmap(region, mappedLength) }
            } else {
                munmap(storage, mappedLength)
            }
        } else {
            storage.deallocate()
        }
        // Closing the file drops its lock, once nothing reads the mapping.
        if lockedDescriptor >= 0 { close(lockedDescriptor) }
    }

    /// Whether the file is held under a shared lock: read with `init(locking:)` on a file system
    /// that has locks.
    package var isLocked: Bool { lockedDescriptor >= 0 }

    /// Runs `body` with the file's descriptor (open for reading) while this process alone holds
    /// the file, its shared lock turned exclusive; does nothing when another process holds the
    /// file too. The shared lock is taken again afterwards, either way (turning a lock exclusive
    /// drops the shared one first, and a refusal leaves none), unless another process then holds
    /// the file exclusively for longer than ``lockWait``: the bytes must not be read after this.
    /// - Precondition: `isLocked`.
    package func whileLockedExclusively(_ body: (Int32) -> Void) {
        precondition(lockedDescriptor >= 0)
        defer { _ = Self.lockShared(lockedDescriptor) }
        guard flock(lockedDescriptor, LOCK_EX | LOCK_NB) == 0 else { return }
        body(lockedDescriptor)
    }

    private enum SharedLock {
        case locked
        /// The file system has no locks.
        case unsupported
        /// Another process held the file exclusively for all of ``lockWait``.
        case heldElsewhere
    }

    /// Takes a shared `flock` on `fd`, waiting at most ``lockWait`` for a process that holds the
    /// file exclusively.
    private static func lockShared(_ fd: Int32) -> SharedLock {
        let deadline = ContinuousClock.now + lockWait
        while flock(fd, LOCK_SH | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else { return .unsupported }
            guard ContinuousClock.now < deadline else { return .heldElsewhere }
            usleep(10_000)
        }
        return .locked
    }

    /// When the first line of the file ends in a lone CR (classic Mac OS line endings), turns
    /// every lone CR into LF, so that the readers, which split lines at LF, see the file's lines.
    ///
    /// Only such files change: in an LF or CRLF file a lone CR stays what it is (inside a quoted
    /// CSV cell, part of the value). JSON allows a raw CR only as whitespace, so a JSON or JSON
    /// Lines file means the same after the change. Call it before the bytes are shared.
    func convertLoneCarriageReturns() {
        let firstLF = ByteScan.find(0x0A, in: base, from: 0, to: count)
        let firstCR = ByteScan.find(0x0D, in: base, from: 0, to: firstLF)
        guard firstCR < firstLF, firstCR + 1 != firstLF else { return }
        let bytes = storage.assumingMemoryBound(to: UInt8.self)
        var index = ByteScan.find(0x0D, in: base, from: firstCR, to: count)
        while index < count {
            if index + 1 == count || bytes[index + 1] != 0x0A { bytes[index] = 0x0A }
            index = ByteScan.find(0x0D, in: base, from: index + 1, to: count)
        }
    }

    /// What a file of mode `mode` is, when it is not a regular file ("a directory", "a FIFO", …).
    static func nonRegularKind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: "a directory"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFSOCK: "a socket"
        default: "a file of an unknown kind"
        }
    }

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
