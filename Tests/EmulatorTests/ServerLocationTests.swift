import CloudKitWeb
import Emulator
import Foundation
import Records
import Testing

/// A LOCATION written by another client keeps altitude, accuracies, course, speed and timestamp
/// through `cksync serve`: stored, and answered by modify, lookup and query (issue 10, point 7).
@Suite("cksync serve: LOCATION members")
struct ServerLocationTests {
    static let members: [String: Double] = [
        "latitude": 37.3349, "longitude": -122.009, "horizontalAccuracy": 5.0, "verticalAccuracy": 3.0,
        "altitude": 20.5, "speed": 1.5, "course": 90.0, "timestamp": 1_464_000_000_000.0,
    ]

    @Test func everyMemberIsStoredAndReadBack() async throws {
        try await TestServer.run { server in
            let value =
                #"{"latitude": 37.3349, "longitude": -122.009, "horizontalAccuracy": 5, "verticalAccuracy": 3, "altitude": 20.5, "speed": 1.5, "course": 90, "timestamp": 1464000000000}"#
            let modify = try await server.signed(
                "records/modify",
                #"{"operations": [{"operationType": "create", "record": {"recordName": "p", "recordType": "Place", "fields": {"where": {"value": \#(value), "type": "LOCATION"}}}}]}"#
            )
            #expect(modify.status == 200)
            let lookup = try await server.signed("records/lookup", #"{"records": [{"recordName": "p"}]}"#)
            let query = try await server.signed("records/query", #"{"query": {"recordType": "Place"}}"#)
            for reply in [modify, lookup, query] {
                let records = try #require(try reply.json["records"] as? [[String: Any]])
                let field = try #require((records.first?["fields"] as? [String: Any])?["where"] as? [String: Any])
                #expect(field["type"] as? String == "LOCATION")
                let location = try #require(field["value"] as? [String: Any])
                #expect(Set(location.keys) == Set(Self.members.keys), "\(location)")
                for (key, expected) in Self.members {
                    #expect((location[key] as? NSNumber)?.doubleValue == expected, "\(key)")
                }
            }
            let stored = try server.store.scoped(
                to: DatabasePath(container: TestServer.container, environment: .development, database: .public)
            ).allRecords()
            let storedWhere = try #require(stored.first?.fields?["where"])
            #expect(
                try FieldValue(wire: storedWhere)
                    == .location(
                        Location(
                            latitude: 37.3349, longitude: -122.009, altitude: 20.5, course: 90, horizontalAccuracy: 5,
                            speed: 1.5, timestamp: 1_464_000_000_000, verticalAccuracy: 3)))
        }
    }
}
