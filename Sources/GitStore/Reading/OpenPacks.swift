import Synchronization

/// The packs this process has open, shared by every ``PackReader`` that reads them.
///
/// A reader is made anew whenever a pack is installed (``GitRepository/refreshObjects()``), and
/// each core that compares a changeset reads through a repository handle of its own: each of them
/// mapping the indexes again faulted again every page of them its searches touched. At ten million
/// records the indexes of a first snapshot are 330 MB, searched by three readers in one snapshot.
///
/// A pack's name is the checksum of its content, so the pack open under a name is the one a reader
/// lists, as long as its files are those it opened (nothing writes a pack in place, but a mapping
/// read past a file cut short stops the process). A pack no reader holds is closed.
enum OpenPacks {
    private struct Held {
        weak var pack: Pack?
    }

    private static let held = Mutex<[String: Held]>([:])

    /// The pack at `base`.pack with its index, open already or opened now; nil when
    /// ``Pack/init(base:)`` cannot open it.
    static func pack(base: String) -> Pack? {
        held.withLock { held in
            if let pack = held[base]?.pack, pack.isOpen(asAt: base) { return pack }
            guard let pack = Pack(base: base) else { return nil }
            held = held.filter { $0.value.pack != nil }
            held[base] = Held(pack: pack)
            return pack
        }
    }
}
