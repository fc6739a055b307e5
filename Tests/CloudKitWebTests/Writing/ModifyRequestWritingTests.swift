import Foundation
import Testing

@testable import CloudKitWeb

/// `ModifyRequest.jsonBytes()` against `JSONEncoder`: requests read back as the same values.
@Suite("ModifyRequest written as bytes")
struct ModifyRequestWritingTests {
    @Test(arguments: 1...3 as ClosedRange<UInt64>)
    func requestsReadBackAsJSONEncoderRequests(seed: UInt64) throws {
        var generator = WireDocumentGenerator(seed: seed + 2000)
        var written = 0
        for _ in 0..<250 {
            guard let request = try? ModifyRequest(json: Data(generator.modifyDocument().utf8)) else { continue }
            let ours = try JSONDecoder().decode(ModifyRequest.self, from: Data(try request.jsonBytes()))
            let theirs = try JSONDecoder().decode(ModifyRequest.self, from: try JSONEncoder().encode(request))
            #expect(canonical(ours) == canonical(theirs))
            written += 1
        }
        #expect(written > 150)
    }

    @Test func absentMembersLeftOut() throws {
        let request = ModifyRequest(operations: [
            RecordOperation(.forceDelete, record: RecordDictionary(recordName: "a"))
        ])
        #expect(
            String(decoding: try request.jsonBytes(), as: UTF8.self)
                == #"{"operations":[{"operationType":"forceDelete","record":{"recordName":"a"}}]}"#)
    }
}
