import Foundation
import Records
import Synchronization

/// The stores behind `cksync serve`: one store for every database, or one store file per
/// (container, environment, database) under a folder, opened on first use.
package final class ServerStores: Sendable {
    private enum Layout {
        case single(EmulatorStore)
        case folder(String)
    }

    private let layout: Layout
    private let opened: Mutex<[DatabasePath: EmulatorStore]> = Mutex([:])
    /// The schema every `production` database is held to (`--schema`); `nil` lets production
    /// create schema just in time, as development does.
    private let productionSchema: CloudKitSchema?

    /// Every container, environment and database has its own part of `store`'s file
    /// (`EmulatorStore.scoped(to:)`): one file, kept apart as CloudKit keeps databases apart.
    /// - Parameter productionSchema: the schema of every `production` database (`--schema`).
    package init(store: EmulatorStore, productionSchema: CloudKitSchema? = nil) {
        layout = .single(store)
        self.productionSchema = productionSchema
    }

    /// Each database gets its own file, `folder/{container}/{environment}/{database}.sqlite`,
    /// created on its first request.
    /// - Parameter productionSchema: the schema of every `production` database (`--schema`).
    package init(folder: String, productionSchema: CloudKitSchema? = nil) {
        layout = .folder(folder)
        self.productionSchema = productionSchema
    }

    /// The store of one database; a `production` one held to the production schema, if any.
    ///
    /// - Throws: the store's error when its file cannot be opened or created.
    package func store(for path: DatabasePath) throws -> EmulatorStore {
        let store = try unheldStore(for: path)
        guard path.environment == .production, let productionSchema else { return store }
        return store.holding(to: productionSchema)
    }

    private func unheldStore(for path: DatabasePath) throws -> EmulatorStore {
        switch layout {
        case .single(let store):
            return store.scoped(to: path)
        case .folder(let folder):
            return try opened.withLock { opened in
                if let store = opened[path] { return store }
                let file = URL(fileURLWithPath: folder)
                    .appendingPathComponent(path.container, isDirectory: true)
                    .appendingPathComponent(path.environment.rawValue, isDirectory: true)
                    .appendingPathComponent(path.database.rawValue + ".sqlite")
                let store = try EmulatorStore(path: file.path)
                opened[path] = store
                return store
            }
        }
    }
}
