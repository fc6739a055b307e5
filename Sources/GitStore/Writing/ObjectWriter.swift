import CLibGit2
import Foundation

/// Writes new objects into one pack, streamed and compressed as they come, never as loose
/// objects. Nothing written is visible in the repository until ``finish()``.
///
/// Objects the repository or this pack already has are skipped, so a pack never holds the
/// same id twice. Use one writer from one thread at a time.
public final class ObjectWriter {
    /// The repository the objects are written into.
    public let repository: GitRepository
    /// The zlib level of the objects this writer compresses (0: stored).
    public let compressionLevel: Int32
    private let deflater: Deflater
    private var stored: Deflater?
    private var pack: PackWriter?
    /// Packs ``sealPack()`` closed, installing on threads of their own until ``finish()``.
    private var sealed: [SealedPack] = []
    private var packDirectory: String
    private var lookup: ObjectLookup

    init(repository: GitRepository, compressionLevel: Int32) throws {
        self.repository = repository
        self.compressionLevel = compressionLevel
        deflater = try Deflater(level: compressionLevel)
        let objects = repository.objectsDirectory
        packDirectory = objects + "/pack"
        // Existence checks below skip the per-miss rescan of objects/pack, so rescan once here.
        try repository.refreshObjects()
        lookup = try ObjectLookup(repository: repository, objectsDirectory: objects)
    }

    deinit {
        // A writer that never finished installs nothing: the sealed packs' files go with them, once
        // the threads completing them are done, so none is left behind for the next writer to sweep.
        for sealedPack in sealed { sealedPack.waitUntilDone() }
    }

    /// Writes a blob, unless the repository or this pack has it already.
    /// - Returns: the blob's id.
    public func writeBlob(_ content: [UInt8]) throws -> ObjectID {
        try content.withUnsafeBytes { raw in
            let id = ObjectFormat.id(of: .blob, content: raw)
            if !exists(id, kind: .blob) { try append(id: id, kind: .blob, content: raw) }
            return id
        }
    }

    /// Writes a blob whose id the caller computed (`PreparedBlob.id(of:)`, on another thread),
    /// unless the repository or the pack being written has it already.
    ///
    /// The packs this writer sealed are not looked in: a large import writes each record's blob
    /// once (a blob holds its record's type and name), and each new blob missed in every sealed
    /// pack before it was written, under the lock the mapping threads share. At ten million
    /// records (seven packs) that was a tenth of a first snapshot's time, at one million (one
    /// pack) none. A blob given twice may so land in two packs, which git allows; never twice in one.
    public func writeBlob(_ content: [UInt8], id: ObjectID) throws {
        guard pack?.contains(id) != true, !lookup.contains(id) else { return }
        try content.withUnsafeBytes { try append(id: id, kind: .blob, content: $0) }
    }

    /// Writes one tree level from its entries, in any order (they are sorted in git order).
    /// - Throws: ``GitError`` for an invalid or duplicate name.
    public func writeTree(_ entries: [TreeEntry]) throws -> ObjectID {
        var formatted: [ObjectFormat.Entry] = []
        formatted.reserveCapacity(entries.count)
        for entry in entries {
            let name = Array(entry.name.utf8)
            try ObjectFormat.validate(name: name, path: entry.name)
            formatted.append(ObjectFormat.Entry(name: name, id: entry.id, isTree: entry.isTree))
        }
        return try writeTree(sorted: ObjectFormat.sorted(formatted))
    }

    /// Writes a commit. The message gets a final newline if it lacks one.
    /// - Throws: ``GitError`` if a signature's name or e-mail contains `<`, `>` or a newline.
    public func writeCommit(
        tree: ObjectID, parents: [ObjectID], message: String, author: Signature, committer: Signature
    ) throws -> ObjectID {
        for signature in [author, committer] {
            let text = signature.name + signature.email
            if text.contains(where: { $0 == "<" || $0 == ">" || $0.isNewline }) {
                throw GitError(
                    function: "ObjectWriter.writeCommit", message: "'<', '>' or a newline in a signature",
                    context: "\(signature.name) <\(signature.email)>")
            }
        }
        let content = ObjectFormat.commitContent(
            tree: tree, parents: parents, message: message, author: author, committer: committer)
        let id = ObjectFormat.id(of: .commit, content: content)
        if !exists(id, kind: .commit) { try content.withUnsafeBytes { try append(id: id, kind: .commit, content: $0) } }
        return id
    }

    /// Installs the pack and its index into `objects/pack` and makes the repository see them.
    /// Does nothing when no object was written or the pack is already installed; the writer
    /// may be used again afterwards and starts a new pack.
    public func finish() throws {
        let (pack, sealed) = (self.pack, self.sealed)
        (self.pack, self.sealed) = (nil, [])
        // What the writer is used for next is not this import.
        dropsWrittenPages = false
        // Every sealed pack is waited for, so that none is still being written after an error.
        var failure: (any Error)?
        for sealedPack in sealed {
            do { try sealedPack.wait() } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
        for sealedPack in sealed { try sealedPack.pack.publish() }
        var installed = !sealed.isEmpty
        if let pack, pack.count > 0 {
            _ = try pack.install()
            installed = true
        }
        if installed {
            try repository.refreshObjects()
            lookup = try ObjectLookup(repository: repository, objectsDirectory: repository.objectsDirectory)
        }
    }

    /// Closes the pack written so far, when it is large, and completes it (hash, index) on a thread
    /// of its own while this writer goes on into a new pack; ``finish()`` waits for it and installs
    /// it. Its objects count as this writer's until then, and a writer that never finishes
    /// installs none of them.
    ///
    /// Completing hashes the whole pack on one core (its object count, in the header, is known only
    /// at the end): at the end of a first snapshot, a tenth of its time. Sealed once the records'
    /// blobs are written, the pack is hashed while their trees are built.
    ///
    /// Sealing also ends a large import (``dropsWrittenPages``), whose last pack it seals at any
    /// size: what comes after the blobs, their trees, is what the next sync reads first.
    /// - Parameter minimumSize: a smaller pack is left open: its hash costs little, and each pack
    ///   is one more file to look objects up in until `cksync gc`.
    public func sealPack(minimumSize: UInt64 = 64 << 20) {
        // Ended even when the last pack of the import was sealed full and none is open.
        defer { dropsWrittenPages = false }
        guard let pack, pack.count > 0, pack.size >= minimumSize || pack.dropsWrittenPages else { return }
        seal(pack)
    }

    /// Seals the pack once it reaches ``packSizeLimit``; the packs after it leave the page cache
    /// as they are written.
    private func sealIfFull() {
        guard let pack, pack.size >= packSizeLimit else { return }
        seal(pack)
        dropsWrittenPages = true
    }

    /// A pack that ``PackWriter/dropsWrittenPages`` leaves the page cache whatever its size.
    private func seal(_ pack: PackWriter) {
        self.pack = nil
        sealed.append(SealedPack(pack, droppingCachedPages: pack.size >= packSizeLimit))
    }

    /// Packs are sealed once they reach this size, and leave the page cache once they are
    /// complete (``PackWriter/complete(droppingCachedPages:)``), as do the writer's packs after
    /// them until ``sealPack(minimumSize:)`` or ``finish()``.
    var packSizeLimit: UInt64 = 1 << 30

    /// Whether the packs this writer opens leave the page cache as they are written: from a pack
    /// that reached ``packSizeLimit`` to the next ``sealPack(minimumSize:)`` or ``finish()``. A
    /// first snapshot of ten million records writes seven such packs of blobs, 7 GB that the next
    /// sync reads only a few of; kept until each was complete, their pages were 13 % of that
    /// snapshot's samples.
    private var dropsWrittenPages = false

    // MARK: - Shared with tree building

    /// Whether this writer's packs or the repository already hold `id`, an object of `kind`.
    func exists(_ id: ObjectID, kind: ObjectFormat.Kind) -> Bool {
        pending(id, kind: kind) || lookup.contains(id)
    }

    /// ``exists(_:kind:)``, or ``pending(_:kind:)`` when the repository is not to be looked up
    /// (``TreeOutput/looksUpRepository``).
    func holds(_ id: ObjectID, kind: ObjectFormat.Kind, lookingUpRepository: Bool) -> Bool {
        lookingUpRepository ? exists(id, kind: kind) : pending(id, kind: kind)
    }

    /// Whether this writer's packs, not yet installed, hold `id`, an object of `kind`. A tree or a
    /// commit is not looked for in the sealed packs that hold only blobs: a large import seals
    /// seven of them at ten million records, and each of its million new trees missed in all seven.
    func pending(_ id: ObjectID, kind: ObjectFormat.Kind) -> Bool {
        if pack?.contains(id) == true { return true }
        let isBlob = kind == .blob
        return sealed.contains { (isBlob || !$0.holdsOnlyBlobs) && $0.pack.contains(id) }
    }

    /// Writes a tree whose entries are already sorted and validated.
    func writeTree(sorted entries: [ObjectFormat.Entry]) throws -> ObjectID {
        let content = ObjectFormat.treeContent(entries)
        let id = ObjectFormat.id(of: .tree, content: content)
        if !exists(id, kind: .tree) { try content.withUnsafeBytes { try append(id: id, kind: .tree, content: $0) } }
        return id
    }

    /// Compresses and appends one object.
    ///
    /// A large tree is stored, not compressed: one-level fan-out trees of a million records were
    /// 150 KB each, a sync of 1 % rewrote all 256 of them, and deflating those 38 MB cost more than
    /// the sync's other work. Record trees no longer grow that large (a type gains a second fan-out
    /// level first), but one-level leaves of 16–40 KB still are all rewritten by a release that
    /// changes a quarter of a type; `cksync gc` compresses them (docs/architecture.md).
    func append(id: ObjectID, kind: ObjectFormat.Kind, content: UnsafeRawBufferPointer) throws {
        let pack = try openPack()
        let deflater = kind == .tree && content.count >= Self.storedTreeSize ? try storedDeflater() : deflater
        try deflater.compress(content) { _ = try pack.append(id: id, kind: kind, size: content.count, deflated: $0) }
        sealIfFull()
    }

    /// Trees at least this large are stored uncompressed.
    static let storedTreeSize = 16 << 10

    private func storedDeflater() throws -> Deflater {
        if let stored { return stored }
        let created = try Deflater(level: 0)
        stored = created
        return created
    }

    /// Appends an object compressed elsewhere (by a worker thread).
    func appendDeflated(id: ObjectID, kind: ObjectFormat.Kind, size: Int, deflated: UnsafeRawBufferPointer) throws {
        try openPack().append(id: id, kind: kind, size: size, deflated: deflated)
        sealIfFull()
    }

    private func openPack() throws -> PackWriter {
        if let pack { return pack }
        let pack = try PackWriter(directory: packDirectory, droppingWrittenPages: dropsWrittenPages)
        self.pack = pack
        return pack
    }
}

/// A pack closed before its writer finished (``ObjectWriter/sealPack()``), completed on a queue
/// of its own. Only the completing thread touches it until ``wait()`` returns, but for
/// `pack.contains`, which reads nothing completing changes.
private final class SealedPack: @unchecked Sendable {
    let pack: PackWriter
    /// ``PackWriter/holdsOnlyBlobs`` when it was sealed.
    let holdsOnlyBlobs: Bool
    private let completed = DispatchGroup()
    private var failure: (any Error)?

    init(_ pack: PackWriter, droppingCachedPages: Bool) {
        self.pack = pack
        holdsOnlyBlobs = pack.holdsOnlyBlobs
        completed.enter()
        // A queue of its own: the global queues' threads may all be reading records. Unowned: the
        // writer keeps this until the work is done (`finish()`, or its deinit, waits for it), and
        // then lets it go on its own thread, which removes the files of a pack never published.
        DispatchQueue(label: "cksync.sealed-pack").async { [unowned self] in
            do {
                _ = try self.pack.complete(droppingCachedPages: droppingCachedPages)
            } catch {
                failure = error
            }
            completed.leave()
        }
    }

    /// Waits until the pack is complete; throws what completing it threw.
    func wait() throws {
        completed.wait()
        if let failure { throw failure }
    }

    /// Waits until the thread completing the pack is done with it, whatever it found.
    func waitUntilDone() {
        completed.wait()
    }
}
