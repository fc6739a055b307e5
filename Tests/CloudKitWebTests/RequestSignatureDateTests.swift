import Foundation
import TestSupport
import Testing

@testable import CloudKitWeb

/// The hand-read `…Z` dates give what `ISO8601DateFormatter` gives.
@Suite("Request signature dates")
struct RequestSignatureDateTests {
    @Test func generatedDatesReadAsTheFormatterReadsThem() {
        var random = SplitMix64(seed: 3)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        for _ in 0..<5000 {
            let date = Date(timeIntervalSince1970: Double(random.next() % 8_000_000_000) - 1_000_000_000)
            let text = RequestSignature.dateString(date)
            #expect(RequestSignature.utcSeconds(text) != nil, "\(text)")
            #expect(RequestSignature.date(from: text) == formatter.date(from: text), "\(text)")
        }
    }

    @Test(arguments: [
        "2016-01-25T22:15:43Z", "2000-02-29T23:59:59Z", "1900-02-29T00:00:00Z", "2016-02-30T00:00:00Z",
        "2016-13-01T00:00:00Z", "2016-00-01T00:00:00Z", "2016-01-00T00:00:00Z", "2016-01-25T24:00:00Z",
        "2016-01-25T22:60:00Z", "2016-01-25T22:15:60Z", "2016-01-25 22:15:43Z", "2016-01-25T22:15:43z",
        "2016-01-25T22:15:43+01:00", "2016-01-25T22:15:43.5Z", "2016-1-25T22:15:43Z", "+016-01-25T22:15:43Z", "",
    ])
    func cornersReadAsTheFormatterReadsThem(text: String) {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        #expect(RequestSignature.date(from: text) == formatter.date(from: text))
    }
}
