import Testing

@testable import Sync

@Suite struct ServerStateTests {
    @Test(arguments: [
        ServerState(recordChangeTag: "k1", created: 1_700_000_000_000, modified: 1_700_000_300_000),
        ServerState(recordChangeTag: "a\"b\\c", created: nil, modified: nil),
    ])
    func blobRoundTrip(state: ServerState) {
        #expect(ServerState(blob: state.blob) == state)
    }

    @Test func blobIsCanonical() {
        let state = ServerState(recordChangeTag: "jz1m6n5c", created: 1, modified: 2)
        #expect(String(decoding: state.blob, as: UTF8.self)
            == "{\n  \"created\": 1,\n  \"modified\": 2,\n  \"recordChangeTag\": \"jz1m6n5c\"\n}\n")
    }
}
