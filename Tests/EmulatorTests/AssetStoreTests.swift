import CloudKitWeb
import Emulator
import Foundation
import Records
import TestSupport
import Testing

/// The store's asset flow in process, as the `local` remote uses it: no HTTP.
@Suite("assets in the store")
struct AssetStoreTests {
    /// Asks for one upload URL for `record`'s `field` and sends `bytes` to it.
    static func upload(
        _ bytes: [UInt8], to store: EmulatorStore, record: String = "a1", type: String = "Artwork",
        field: String = "image"
    ) async throws -> AssetDictionary {
        let response = try await store.requestAssetUploads(
            AssetUploadRequest(tokens: [AssetTokenRequest(recordName: record, recordType: type, fieldName: field)]))
        let token = try #require(response.tokens.first)
        #expect(token.url.hasPrefix(EmulatorStore.localAssetBase + "/upload/"))
        return try await store.uploadAsset(bytes: bytes, to: token.url)
    }

    /// A record with one field.
    static func artwork(_ name: String, tag: String? = nil, _ fields: [String: FieldDictionary]) -> RecordDictionary {
        RecordDictionary(recordName: name, recordType: "Artwork", recordChangeTag: tag, fields: fields)
    }

    @Test("upload, save with the receipt, query and download the same bytes")
    func roundTrip() async throws {
        try await withStore { store in
            let bytes = ServerAssetTests.bytes(5_000)
            let asset = try await Self.upload(bytes, to: store)
            #expect(asset.size == 5_000)
            let saved = try await store.apply(.create, Self.artwork("a1", ["image": .asset(asset)]))
            let image = try #require(saved.record?.fields?["image"])
            #expect(image.type == .asset)
            #expect(image.asset?.fileChecksum == asset.fileChecksum)
            #expect(image.asset?.receipt == nil)

            let found = try await store.queryAll(Query(recordType: "Artwork"))
            let url = try #require(found.first?.fields?["image"]?.asset?.downloadURL)
            #expect(try await store.downloadAsset(url) == bytes)

            let changes = try await store.changes(ChangesRequest(zoneID: .defaultZone))
            #expect(changes.records.first?.fields?["image"]?.asset?.downloadURL == url)
        }
    }

    @Test("identical bytes are stored once, whatever the uploads and records")
    func identicalBytesStoredOnce() async throws {
        try await withStore { store in
            let bytes = ServerAssetTests.bytes(10_000)
            let first = try await Self.upload(bytes, to: store, record: "a1")
            let second = try await Self.upload(bytes, to: store, record: "a2")
            #expect(first.fileChecksum == second.fileChecksum)
            #expect(first.receipt != second.receipt)
            _ = try await Self.upload(ServerAssetTests.bytes(10_000, seed: 9), to: store, record: "a3")
            let totals = try await store.assetContentTotals()
            #expect(totals.count == 2)
            #expect(totals.bytes == 20_000)
        }
    }

    @Test("an unchanged asset is sent again by its fileChecksum; an update keeps assets it does not name")
    func resendByChecksum() async throws {
        try await withStore { store in
            let bytes = ServerAssetTests.bytes(2_000)
            let asset = try await Self.upload(bytes, to: store)
            let created = try await store.apply(
                .create, Self.artwork("a1", ["image": .asset(asset), "title": FieldDictionary(.string("Dawn"))]))
            let returned = try #require(created.record?.fields?["image"]?.asset)

            // As a client sends it back: what the server returned, downloadURL and all.
            let replaced = try await store.apply(
                .replace,
                Self.artwork(
                    "a1", tag: created.tag,
                    ["image": .asset(returned, type: .asset), "title": FieldDictionary(.string("Dusk"))]))
            #expect(replaced.error == nil)
            let updated = try await store.apply(
                .update, Self.artwork("a1", tag: replaced.tag, ["title": FieldDictionary(.string("Noon"))]))
            #expect(updated.record?.fields?["image"]?.asset?.fileChecksum == asset.fileChecksum)

            let unknown = try await store.apply(
                .forceReplace,
                Self.artwork("a2", ["image": .asset(AssetDictionary(fileChecksum: String(repeating: "0", count: 64)))]))
            #expect(unknown.code == .badRequest)
            #expect(unknown.error?.reason?.contains("field 'image'") == true)
        }
    }

    @Test(
        "a bad asset value is a per-record BAD_REQUEST naming the field",
        arguments: [
            (FieldDictionary.asset(AssetDictionary(receipt: "forged")), "unknown asset receipt"),
            (FieldDictionary.asset(AssetDictionary(size: 3)), "needs the receipt"),
            (FieldDictionary(value: .string("x"), type: .assetID), "must be an asset dictionary"),
        ])
    func badAssetValues(field: FieldDictionary, reason: String) async throws {
        try await withStore { store in
            let results = try await store.apply(
                .create,
                [
                    Self.artwork("bad", ["image": field]),
                    Self.artwork("fine", ["title": FieldDictionary(.string("kept"))]),
                ])
            #expect(results[0].code == .badRequest)
            #expect(results[0].error?.recordName == "bad")
            #expect(results[0].error?.reason?.contains("field 'image'") == true)
            #expect(results[0].error?.reason?.contains(reason) == true)
            #expect(results[1].error == nil)
        }
    }

    @Test("a receipt's checksum and size must be the upload's; the schema fixes ASSET once written")
    func mismatchesRefused() async throws {
        try await withStore { store in
            var asset = try await Self.upload([1, 2, 3], to: store)
            asset.size = 4
            #expect(try await store.apply(.create, Self.artwork("a1", ["image": .asset(asset)])).code == .badRequest)
            asset.size = 3
            #expect(try await store.apply(.create, Self.artwork("a1", ["image": .asset(asset)])).error == nil)
            let asText = try await store.apply(
                .forceReplace, Self.artwork("a2", ["image": FieldDictionary(.string("x"))]))
            #expect(asText.code == .badRequest)
            #expect(asText.error?.reason?.contains("'image'") == true)
        }
    }

    @Test("an expired upload URL and an oversized upload are refused")
    func expiredAndOversized() async throws {
        let clock = TestClock()
        try await withStore(now: clock.dates) { store in
            let response = try await store.requestAssetUploads(
                AssetUploadRequest(tokens: [
                    AssetTokenRequest(recordName: "a", recordType: "Artwork", fieldName: "image")
                ]))
            let url = try #require(response.tokens.first?.url)
            let tooLarge = [UInt8](repeating: 0, count: CloudKitLimits.maxAssetBytes + 1)
            await #expect(throws: CloudKitError.self) { try await store.uploadAsset(bytes: tooLarge, to: url) }
            clock.advance(by: .seconds(16 * 60))
            let error = await #expect(throws: CloudKitError.self) { try await store.uploadAsset(bytes: [1], to: url) }
            #expect(error?.serverErrorCode == .badRequest)
            #expect(error?.reason?.contains("expired") == true)
        }
    }

    @Test("an ASSET_LIST keeps its files in order")
    func assetList() async throws {
        try await withStore { store in
            let first = try await Self.upload([1, 1], to: store, field: "pages")
            let second = try await Self.upload([2, 2, 2], to: store, field: "pages")
            let saved = try await store.apply(.create, Self.artwork("a1", ["pages": .assetList([first, second])]))
            let pages = try #require(saved.record?.fields?["pages"])
            #expect(pages.type == .assetList)
            let files = try #require(pages.assets)
            let urls = files.compactMap { $0.downloadURL }
            #expect(urls.count == 2)
            #expect(try await store.downloadAsset(urls[0]) == [1, 1])
            #expect(try await store.downloadAsset(urls[1]) == [2, 2, 2])
        }
    }

    @Test("a production schema's ASSET and LIST<ASSET> fields take assets; other fields refuse them")
    func fixedSchemaAssets() async throws {
        let schema = try CloudKitSchema(
            parsing: """
                DEFINE SCHEMA
                    RECORD TYPE Artwork (
                        "___recordID" REFERENCE QUERYABLE,
                        title STRING,
                        image ASSET,
                        pages LIST<ASSET>
                    );
                """, file: "schema.ckdb")
        try await withStore { plain in
            let store = plain.holding(to: schema)
            let asset = try await Self.upload([4, 5, 6], to: store)
            let saved = try await store.apply(
                .forceReplace, Self.artwork("a1", ["image": .asset(asset), "pages": .assetList([asset])]))
            #expect(saved.error == nil, "\(String(describing: saved.error))")
            let onText = try await store.apply(.forceReplace, Self.artwork("a2", ["title": .asset(asset)]))
            #expect(onText.error?.reason?.contains("'title'") == true)
            let list = try await store.apply(.forceReplace, Self.artwork("a3", ["image": .assetList([asset])]))
            #expect(list.error?.reason?.contains("defined to be: ASSET") == true)
            let unknown = try await store.apply(.forceReplace, Self.artwork("a4", ["cover": .asset(asset)]))
            #expect(unknown.error?.reason == "Cannot create new field 'cover' in type 'Artwork' in production schema")
        }
    }
}
