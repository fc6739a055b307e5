import CloudKitWeb
import Emulator
import Foundation
import Testing

@Suite("cksync serve: stores per database")
struct ServerStoresTests {
    @Test("--data-dir keeps each container, environment and database in its own file")
    func folderLayout() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ServerStores-" + UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: folder) }
        let stores = ServerStores(folder: folder.path)
        let development = DatabasePath(container: "iCloud.a", environment: .development, database: .public)
        let production = DatabasePath(container: "iCloud.a", environment: .production, database: .public)
        let operation = RecordOperation(.create, record: RecordDictionary(recordName: "r", recordType: "A"))
        _ = try await stores.store(for: development).modify(ModifyRequest(operations: [operation]))
        #expect(try stores.store(for: development).recordCount() == 1)
        #expect(try stores.store(for: production).recordCount() == 0)
        #expect(FileManager.default.fileExists(atPath: folder.path + "/iCloud.a/development/public.sqlite"))
    }

    @Test(
        "container names that are not a safe folder name are BAD_REQUEST", arguments: ["..", ".hidden", "a/b", "", "ä"])
    func badContainers(_ container: String) {
        #expect(throws: CloudKitError.self) {
            try DatabasePath(container: container, environment: "development", database: "public")
        }
    }
}
