import CloudKitWeb
import Foundation
import Testing

/// `ModifyRequest(json:)` against `JSONDecoder`, as `QueryResponseReadingTests` for query pages.
@Suite("ModifyRequest read from bytes")
struct ModifyRequestReadingTests {
    @Test(arguments: 1...4 as ClosedRange<UInt64>)
    func agreesWithJSONDecoderOnGeneratedDocuments(seed: UInt64) throws {
        var generator = WireDocumentGenerator(seed: seed + 1000)
        var decoded = 0
        for index in 0..<250 {
            let text = generator.modifyDocument()
            let outcome = compareModify(text)
            #expect(outcome != .disagree, "seed \(seed), document \(index): \(text)")
            if outcome == .bothRead { decoded += 1 }
        }
        #expect(decoded > 150, "most generated documents should decode")
    }

    @Test(arguments: [
        #"{"operations": []}"#,
        #"{"operations": [{"operationType": "create", "record": {}}], "atomic": null, "desiredKeys": null}"#,
        #"{"operations": [{"operationType": "forceReplace", "record": {"recordName": "a"}, "desiredKeys": []}],"#
            + #" "zoneID": {"zoneName": "z"}, "atomic": true, "desiredKeys": ["x", "y"], "numbersAsStrings": false}"#,
        #"{"operations": [], "operations": 5}"#,
    ])
    func agreesWithJSONDecoderOnCorners(text: String) {
        #expect(compareModify(text) == .bothRead)
    }

    @Test(arguments: [
        (#"{}"#, "missing key \"operations\""),
        (#"{"operations": [{"record": {}}]}"#, "operations[0].operationType: byte 30: missing key \"operationType\""),
        (#"{"operations": [{"operationType": "upsert", "record": {}}]}"#, "unknown operationType \"upsert\""),
        (#"{"operations": [{"operationType": "create"}]}"#, "missing key \"record\""),
        (#"{"operations": [{"operationType": "create", "record": null}]}"#, "expected an object, found null"),
        (#"{"operations": [], "desiredKeys": [null]}"#, "desiredKeys[0]: byte 35: expected a string, found null"),
    ])
    func refusedWithAReason(text: String, message: String) {
        #expect(compareModify(text) == .bothRefused)
        do {
            _ = try ModifyRequest(json: Data(text.utf8))
        } catch {
            #expect(summary(error).contains(message), "\(summary(error))")
        }
    }
}

/// Reads `text` both ways and compares the values bit for bit.
func compareModify(_ text: String) -> Outcome {
    let data = Data(text.utf8)
    let expected = try? JSONDecoder().decode(ModifyRequest.self, from: data)
    let read = try? ModifyRequest(json: data)
    switch (expected, read) {
    case (nil, nil): return .bothRefused
    case (let expected?, let read?): return canonical(expected) == canonical(read) ? .bothRead : .disagree
    default: return .disagree
    }
}

func canonical(_ request: ModifyRequest) -> String {
    let operations = request.operations.map { operation in
        "\(operation.operationType.rawValue) \(operation.desiredKeys as Any) " + canonical(operation.record)
    }
    return "\(request.zoneID as Any) \(request.atomic as Any) \(request.desiredKeys as Any) "
        + "\(request.numbersAsStrings as Any)\n" + operations.joined(separator: "\n")
}
