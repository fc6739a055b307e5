import CloudKitWeb
import Foundation
import Testing

/// The asset flow's bodies in Apple's documented shapes (protocol §3), and asset field values
/// through the hand-written modify and query codecs.
@Suite("asset wire values")
struct AssetWireTests {
    @Test func uploadRequestHasApplesKeys() throws {
        let request = AssetUploadRequest(
            zoneID: .defaultZone,
            tokens: [AssetTokenRequest(recordName: "r1", recordType: "Artwork", fieldName: "image")])
        let object = try #require(
            try JSONSerialization.jsonObject(with: try JSONEncoder().encode(request)) as? [String: Any])
        #expect((object["zoneID"] as? [String: Any])?["zoneName"] as? String == "_defaultZone")
        let token = try #require((object["tokens"] as? [[String: Any]])?.first)
        #expect(token as NSDictionary == ["recordName": "r1", "recordType": "Artwork", "fieldName": "image"])
    }

    @Test func uploadAnswersDecode() throws {
        let tokens = try JSONDecoder().decode(
            AssetUploadResponse.self,
            from: Data(#"{"tokens": [{"recordName": "r1", "fieldName": "image", "url": "https://x/u"}]}"#.utf8))
        #expect(tokens.tokens == [AssetUploadToken(recordName: "r1", fieldName: "image", url: "https://x/u")])
        let result = try JSONDecoder().decode(
            AssetUploadResult.self,
            from: Data(
                #"{"singleFile": {"fileChecksum": "c", "receipt": "r", "size": 1234, "wrappingKey": "w", "referenceChecksum": "k"}}"#
                    .utf8))
        #expect(
            result.singleFile
                == AssetDictionary(
                    fileChecksum: "c", size: 1234, referenceChecksum: "k", wrappingKey: "w", receipt: "r"))
    }

    @Test func assetFieldsRoundTripThroughTheHandWrittenCodecs() throws {
        let asset = AssetDictionary(fileChecksum: "c", size: 12, receipt: "r")
        let request = ModifyRequest(
            operations: [
                RecordOperation(
                    .create,
                    record: RecordDictionary(
                        recordName: "r1", recordType: "Artwork",
                        fields: ["image": .asset(asset), "pages": .assetList([asset, asset])]))
            ])
        let read = try ModifyRequest(json: Data(try request.jsonBytes()))
        let fields = try #require(read.operations.first?.record.fields)
        #expect(fields["image"]?.type == .assetID)
        #expect(fields["image"]?.asset == asset)
        #expect(fields["pages"]?.type == .assetIDList)
        #expect(fields["pages"]?.assets == [asset, asset])

        let page = try QueryResponse(
            json: Data(
                #"{"records": [{"recordName": "r1", "recordType": "Artwork", "fields": {"image": {"type": "ASSET", "value": {"fileChecksum": "c", "size": 12, "downloadURL": "https://x/d"}}}}]}"#
                    .utf8))
        let image = try #require(page.records.first?.fields?["image"])
        #expect(image.type == .asset)
        #expect(image.asset == AssetDictionary(fileChecksum: "c", size: 12, downloadURL: "https://x/d"))
    }
}
