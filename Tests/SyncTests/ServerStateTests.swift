import Foundation
import Testing

@testable import Sync

@Suite struct ServerStateTests {
    @Test(arguments: [
        ServerState(recordChangeTag: "k1", created: 1_700_000_000_000, modified: 1_700_000_300_000),
        ServerState(recordChangeTag: "a\"b\\c", created: nil, modified: nil),
        ServerState(recordChangeTag: "", created: -1, modified: nil),
        ServerState(recordChangeTag: "tab\there\nnew\u{0}nul\u{1F}\"q\"\\/é😀", created: .min, modified: .max),
    ])
    func blobRoundTrip(state: ServerState) {
        #expect(ServerState(blob: state.blob) == state)
    }

    @Test func blobIsCanonical() {
        let state = ServerState(recordChangeTag: "jz1m6n5c", created: 1, modified: 2)
        #expect(
            String(decoding: state.blob, as: UTF8.self)
                == "{\n  \"created\": 1,\n  \"modified\": 2,\n  \"recordChangeTag\": \"jz1m6n5c\"\n}\n")
    }

    /// A tag with control characters and quotes makes valid JSON that any JSON reader reads back.
    @Test func aTagWithControlCharactersAndQuotesIsValidJSON() throws {
        let tag = "a\u{1}b\n\"c\"\t\\d\u{7F}"
        let blob = ServerState(recordChangeTag: tag, created: 5, modified: nil).blob
        #expect(!blob.contains { $0 < 0x20 && $0 != 0x0A })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(blob)) as? [String: Any])
        #expect(object["recordChangeTag"] as? String == tag)
        #expect(object["created"] as? Int == 5)
        #expect(object["modified"] == nil)
    }

    /// Blobs of earlier versions escaped only `\` and `"`, writing other control characters raw.
    @Test func readsTheBlobsEarlierVersionsWrote() {
        let old = "{\n  \"created\": 7,\n  \"recordChangeTag\": \"x\ty\u{1}z\\\"q\\\\\"\n}\n"
        #expect(
            ServerState(blob: Array(old.utf8))
                == ServerState(recordChangeTag: "x\ty\u{1}z\"q\\", created: 7, modified: nil))
    }

    /// The files the server holds for a record's asset fields, with the content cksync knows them
    /// as where it does; a state without them writes the bytes it always did.
    @Test func assetsRoundTripAndAreValidJSON() throws {
        let content = String(repeating: "3f", count: 20)
        let state = ServerState(
            recordChangeTag: "t1", created: 1, modified: 2,
            assets: [
                ServerAsset(field: "image", content: content, fileChecksum: "AbC+/=", size: 312_000),
                ServerAsset(field: "pages", content: nil, fileChecksum: "q\"uote", size: 0),
            ])
        #expect(ServerState(blob: state.blob) == state)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(state.blob)) as? [String: Any])
        let assets = try #require(object["assets"] as? [[String: Any]])
        #expect(assets.count == 2)
        #expect(assets[0]["content"] as? String == content)
        #expect(assets[1]["content"] == nil)
        #expect(assets[1]["fileChecksum"] as? String == "q\"uote")
        #expect(state.assets.fileChecksum(of: content, in: "image") == "AbC+/=")
        #expect(state.assets.fileChecksum(of: content, in: "pages") == nil)
        #expect(state.assets.content(of: "AbC+/=", in: "image") == content)
    }

    @Test(arguments: [
        "{\"assets\": {}, \"recordChangeTag\": \"a\"}",
        "{\"assets\": [{\"field\": \"f\"}], \"recordChangeTag\": \"a\"}",
        "{\"assets\": [1], \"recordChangeTag\": \"a\"}",
        "{\"assets\": [{\"field\": \"f\", \"fileChecksum\": \"c\", \"size\": 1.5}], \"recordChangeTag\": \"a\"}",
        "", "{}", "[]", "{\"created\": 1}", "{\"recordChangeTag\": 5}", "{\"recordChangeTag\": \"a\"} x",
        "{\"recordChangeTag\": \"a\",}", "{\"recordChangeTag\": \"a\", \"created\": 1.5}", "{\"recordChangeTag\": \"a",
    ])
    func refusesWhatIsNotAState(_ text: String) {
        #expect(ServerState(blob: Array(text.utf8)) == nil)
    }
}
