import CloudKitWeb
import Foundation
import Testing

/// `QueryResponse.continuationMarker(json:)`: the marker wherever it stands, read ahead of the
/// records.
@Suite("Continuation marker read ahead")
struct ContinuationMarkerTests {
    @Test(
        arguments: [
            (#"{"continuationMarker": "m1", "records": []}"#, "m1"),
            (
                #"{"records": [{"recordName": "a", "fields": {"x": {"value": [1, {"y": null}]}}}], "continuationMarker": "m2"}"#,
                "m2"
            ),
            (#"{"records": [], "continuationMarker": null}"#, nil),
            (#"{"records": []}"#, nil),
            (#"{"continuationMarker": "first", "continuationMarker": "second", "records": []}"#, "first"),
            (#"{"continuationM\u0061rker": "escaped", "records": []}"#, "escaped"),
        ] as [(String, String?)])
    func markerWhereverItStands(text: String, marker: String?) throws {
        #expect(try QueryResponse.continuationMarker(json: Data(text.utf8)) == marker)
        #expect(try QueryResponse(json: Data(text.utf8)).continuationMarker == marker)
    }

    /// What comes before the marker is checked; what comes after it is left to `init(json:)`.
    @Test func malformedBeforeTheMarkerThrows() throws {
        #expect(throws: DecodingError.self) {
            try QueryResponse.continuationMarker(json: Data(#"{"records": [01], "continuationMarker": "m"}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try QueryResponse.continuationMarker(json: Data(#"{"continuationMarker": 5, "records": []}"#.utf8))
        }
        let markerFirst = Data(#"{"continuationMarker": "m", "records": [01]}"#.utf8)
        #expect(try QueryResponse.continuationMarker(json: markerFirst) == "m")
        #expect(throws: DecodingError.self) { try QueryResponse(json: markerFirst) }
    }
}
