import Foundation
import TestSupport
import Testing

@testable import CloudKitWeb

/// `ModifyResponse.jsonBytes()` against `JSONEncoder`, records and errors.
@Suite("ModifyResponse written as bytes")
struct ModifyResponseWritingTests {
    @Test func answersReadBackAsJSONEncoderAnswers() throws {
        var generator = WireDocumentGenerator(seed: 500)
        var random = SplitMix64(seed: 501)
        for _ in 0..<200 {
            guard let page = try? QueryResponse(json: Data(generator.document().utf8)) else { continue }
            let errors = (0..<Int(random.next() % 3)).map { index -> RecordResult in .error(Self.error(index)) }
            let answer = ModifyResponse(records: page.records.map(RecordResult.record) + errors)
            let ours = try JSONDecoder().decode(ModifyResponse.self, from: Data(try answer.jsonBytes()))
            let theirs = try JSONDecoder().decode(ModifyResponse.self, from: try JSONEncoder().encode(answer))
            #expect(ours.records.map(describe) == theirs.records.map(describe))
        }
    }

    /// Errors with each optional member present or absent.
    private static func error(_ index: Int) -> RecordError {
        let retryAfter: Double? = index == 1 ? nil : Double(index) / 3
        let reason: String? = index == 2 ? nil : "why \"\(index)\"\n"
        return RecordError(
            recordName: index == 0 ? nil : "r/\(index)", serverErrorCode: index == 1 ? .conflict : .throttled,
            reason: reason, retryAfter: retryAfter, uuid: index == 2 ? nil : "u\(index)",
            redirectURL: index == 2 ? "https://example.com/a" : nil)
    }

    private func describe(_ result: RecordResult) -> String {
        switch result {
        case .record(let record): canonical(record)
        case .error(let error): "\(error)"
        }
    }
}
