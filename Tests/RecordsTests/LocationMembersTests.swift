import Foundation
import Testing

@testable import Records

/// LOCATION keeps every member of CloudKit's Location dictionary (issue 10, point 7): the
/// canonical JSON writes and reads them, and a location of latitude and longitude only is
/// written exactly as before, so existing snapshots keep their blob ids.
@Suite("LOCATION members")
struct LocationMembersTests {
    static let full = Location(
        latitude: 37.3349, longitude: -122.009, altitude: 20, course: 0, horizontalAccuracy: 5, speed: 1.5,
        timestamp: 1_464_000_000_000, verticalAccuracy: 3)

    @Test func everyMemberIsWrittenInKeyOrderAndReadBack() throws {
        let record = Record(type: "Place", name: "p", fields: ["where": .location(Self.full)])
        let blob = CanonicalJSON.encode(record)
        let text = String(decoding: blob, as: UTF8.self)
        #expect(
            text.contains(
                #"{"altitude": 20.0, "course": 0.0, "horizontalAccuracy": 5.0, "latitude": 37.3349, "longitude": -122.009, "#
                    + #""speed": 1.5, "timestamp": 1464000000000, "verticalAccuracy": 3.0}"#), "\(text)")
        #expect(try CanonicalJSON.decode(blob) == record)
    }

    @Test func latitudeAndLongitudeAloneAreWrittenAsBefore() throws {
        let record = Record(
            type: "Place", name: "p", fields: ["where": .location(Location(latitude: 51.4706, longitude: -0.461941))])
        let text = String(decoding: CanonicalJSON.encode(record), as: UTF8.self)
        #expect(
            text.contains(#""where": {"type": "LOCATION", "value": {"latitude": 51.4706, "longitude": -0.461941}}"#))
    }

    @Test func displayTextShowsTheOtherMembers() {
        #expect(FieldValue.location(Location(latitude: 1, longitude: 2)).displayText == "(1.0, 2.0)")
        #expect(
            FieldValue.location(Location(latitude: 1, longitude: 2, altitude: 25, timestamp: 0)).displayText
                == "(1.0, 2.0; altitude 25.0, timestamp 1970-01-01T00:00:00.000Z)")
    }

    @Test func theToleranceIsForCoordinatesOnly() {
        let rules = CompareRules(locationTolerance: 0.001, doubleTolerance: 0, ignore: [])
        let a = Location(latitude: 1, longitude: 2, altitude: 10)
        #expect(rules.equivalent(.location(a), .location(Location(latitude: 1.0005, longitude: 2, altitude: 10))))
        #expect(!rules.equivalent(.location(a), .location(Location(latitude: 1, longitude: 2, altitude: 11))))
        #expect(!rules.equivalent(.location(a), .location(Location(latitude: 1, longitude: 2))))
    }
}
