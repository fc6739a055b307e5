import CloudKitWeb
import Foundation
import Testing

/// `ModifyResponse(json:)` and `LookupResponse(json:)` against `JSONDecoder`.
@Suite("Modify and lookup answers read from bytes")
struct RecordResultReadingTests {
    @Test(arguments: 1...4 as ClosedRange<UInt64>)
    func agreesWithJSONDecoderOnGeneratedDocuments(seed: UInt64) throws {
        var generator = WireDocumentGenerator(seed: seed + 3000)
        var decoded = 0
        for index in 0..<250 {
            let text = generator.resultsDocument()
            let outcome = compareResults(text)
            #expect(outcome != .disagree, "seed \(seed), document \(index): \(text)")
            if outcome == .bothRead { decoded += 1 }
        }
        #expect(decoded > 150, "most generated documents should decode")
    }

    @Test(arguments: [
        #"{"records": [{"recordName": "a", "serverErrorCode": "NOT_FOUND", "reason": "gone", "retryAfter": 3}]}"#,
        #"{"records": [{"serverErrorCode": "THROTTLED", "retryAfter": 2.5e0, "uuid": null}, {"recordName": "b"}]}"#,
        #"{"records": [{"serverErrorCode": "X", "retryAfter": 0e5}]}"#,
        #"{"records": [{"recordName": "a", "serverErrorCode": null}]}"#,
        #"{"records": [{"serverErrorCode": "X", "retryAfter": "soon"}]}"#,
        #"{"records": [{"serverErrorCode": "X", "serverErrorCode": 5}]}"#,
        #"{"records": [{"recordName": "a", "recordType": "T", "recordChangeTag": "t", "deleted": true}]}"#,
        #"{"records": 5}"#,
        #"{}"#,
    ])
    func agreesWithJSONDecoderOnCorners(text: String) {
        #expect(compareResults(text) != .disagree)
    }
}

/// Reads `text` as a modify and as a lookup answer both ways and compares the values.
func compareResults(_ text: String) -> Outcome {
    let data = Data(text.utf8)
    let expected = try? JSONDecoder().decode(ModifyResponse.self, from: data)
    let read = try? ModifyResponse(json: data)
    let lookupExpected = try? JSONDecoder().decode(LookupResponse.self, from: data)
    let lookupRead = try? LookupResponse(json: data)
    guard (lookupExpected?.records).map(describe) == (lookupRead?.records).map(describe) else { return .disagree }
    switch (expected, read) {
    case (nil, nil): return .bothRefused
    case (let expected?, let read?): return describe(expected.records) == describe(read.records) ? .bothRead : .disagree
    default: return .disagree
    }
}

private func describe(_ results: [RecordResult]) -> [String] {
    results.map { result in
        switch result {
        case .record(let record): "record " + canonical(record)
        case .error(let error):
            "error \(error.recordName as Any) \(error.reason as Any) \(error.serverErrorCode.rawValue) "
                + "\((error.retryAfter?.bitPattern) as Any) \(error.uuid as Any) \(error.redirectURL as Any)"
        }
    }
}
