import CloudKitWeb
import Foundation
import Testing

/// The literal examples of cloudkit-protocol.md decode, and encode back to the same JSON.
@Suite("Protocol document examples round trip")
struct ProtocolExampleTests {
    /// Decodes `text` as `T`, re-encodes it, and expects the same JSON document.
    @discardableResult
    func roundTrip<T: Codable>(_ type: T.Type, _ text: String) throws -> T {
        let value = try decode(T.self, text)
        #expect(try json(try encode(value)) == (try json(text)))
        return value
    }

    @Test("§3.2 record dictionary")
    func recordDictionary() throws {
        let record = try roundTrip(
            RecordDictionary.self,
            """
            {
              "recordName": "101",
              "recordType": "Artwork",
              "recordChangeTag": "jz1m6n5c",
              "fields": {
                "title":   {"value": "Starry Night", "type": "STRING"},
                "width":   {"value": 18, "type": "INT64"},
                "price":   {"value": 9.5, "type": "DOUBLE"},
                "created": {"value": 1464000000000, "type": "TIMESTAMP"}
              },
              "created":  {"timestamp": 1464000000000, "userRecordName": "_2f9c...", "deviceID": "2"},
              "modified": {"timestamp": 1464000300000, "userRecordName": "_2f9c...", "deviceID": "2"},
              "deleted": false,
              "zoneID": {"zoneName": "_defaultZone", "ownerRecordName": "_2f9c..."}
            }
            """)
        #expect(record.recordChangeTag == "jz1m6n5c")
        #expect(record.fields?["width"] == FieldDictionary(value: .integer(18), type: .int64))
        #expect(record.modified?.timestamp == 1_464_000_300_000)
        #expect(record.zoneID == ZoneID(zoneName: "_defaultZone", ownerRecordName: "_2f9c..."))
    }

    @Test("§3.3 reference and location dictionaries")
    func referenceAndLocation() throws {
        let reference = try roundTrip(
            ReferenceDictionary.self,
            #"{"recordName": "Artist-42", "zoneID": {"zoneName": "_defaultZone"}, "action": "DELETE_SELF"}"#)
        #expect(ReferenceDictionary(json: reference.json) == reference)
        let location = try roundTrip(
            LocationDictionary.self,
            """
            {"latitude": 37.3349, "longitude": -122.0090, "horizontalAccuracy": 5, "verticalAccuracy": 3,
             "altitude": 20, "speed": 0, "course": 0, "timestamp": 1464000000000}
            """)
        #expect(location.horizontalAccuracy == 5)
        #expect(LocationDictionary(json: location.json) == location)
    }

    @Test("§4 query request")
    func queryRequest() throws {
        let request = try roundTrip(
            QueryRequest.self,
            """
            {
              "zoneID": {"zoneName": "_defaultZone"},
              "resultsLimit": 50,
              "query": {
                "recordType": "Artwork",
                "filterBy": [
                  {"comparator": "GREATER_THAN", "fieldName": "width", "fieldValue": {"value": 10, "type": "INT64"}},
                  {"comparator": "EQUALS", "fieldName": "artist",
                   "fieldValue": {"value": {"recordName": "Artist-42", "action": "NONE"}, "type": "REFERENCE"}}
                ],
                "sortBy": [{"fieldName": "title", "ascending": true}]
              },
              "continuationMarker": "…opaque…",
              "desiredKeys": ["title", "width"],
              "zoneWide": false,
              "numbersAsStrings": false
            }
            """)
        #expect(request.query.filterBy?.first?.comparator == .greaterThan)
        #expect(request.query.sortBy == [Sort(fieldName: "title")])
        #expect(request.resultsLimit == 50)
    }

    @Test("§4 query response, §1 minimal query")
    func queryResponse() throws {
        let response = try roundTrip(
            QueryResponse.self,
            #"{"records": [{"recordName": "101", "recordType": "Artwork", "fields": {}}], "continuationMarker": "m"}"#)
        #expect(response.continuationMarker == "m")
        let minimal = try roundTrip(QueryRequest.self, #"{"query":{"recordType":"Artwork"}}"#)
        #expect(minimal.query.recordType == "Artwork")
    }

    @Test("§5 modify request")
    func modifyRequest() throws {
        let request = try roundTrip(
            ModifyRequest.self,
            """
            {
              "operations": [
                {"operationType": "create",
                 "record": {"recordType": "Artist", "recordName": "Mei Chen",
                            "fields": {"firstName": {"value": "Mei"}, "lastName": {"value": "Chen"}}}},
                {"operationType": "update",
                 "record": {"recordName": "101", "recordChangeTag": "e",
                            "fields": {"width": {"value": 18}, "height": {"value": 24}}}},
                {"operationType": "forceDelete", "record": {"recordName": "old-1"}}
              ],
              "zoneID": {"zoneName": "_defaultZone"},
              "atomic": false,
              "desiredKeys": ["title"],
              "numbersAsStrings": false
            }
            """)
        #expect(request.operations.map(\.operationType) == [.create, .update, .forceDelete])
        #expect(request.operations[0].record.fields?["firstName"] == FieldDictionary(value: "Mei"))
        #expect(request.atomic == false)
    }

    @Test("§5 modify response: a record, an error and a deletion")
    func modifyResponse() throws {
        let response = try roundTrip(
            ModifyResponse.self,
            """
            {
              "records": [
                {"recordName": "Mei Chen", "recordType": "Artist", "recordChangeTag": "k1", "fields": {},
                 "created": {"timestamp": 1}, "modified": {"timestamp": 2}},
                {"recordName": "101", "reason": "record to update has been modified", "serverErrorCode": "CONFLICT",
                 "uuid": "5b1c…"},
                {"recordName": "old-1", "deleted": true}
              ]
            }
            """)
        #expect(response.records[0].record?.recordChangeTag == "k1")
        #expect(response.records[1].error?.serverErrorCode == .conflict)
        #expect(response.records[1].recordName == "101")
        #expect(response.records[2].record?.isDeleted == true)
    }

    @Test("§6 lookup, changes and zones")
    func lookupChangesZones() throws {
        let lookup = try roundTrip(
            LookupRequest.self,
            """
            {"records": [{"recordName": "101"}, {"recordName": "102", "desiredKeys": ["title"]}],
             "zoneID": {"zoneName": "_defaultZone"}, "desiredKeys": ["title","width"], "numbersAsStrings": false}
            """)
        #expect(lookup.records[1].desiredKeys == ["title"])
        let changes = try roundTrip(
            ChangesRequest.self,
            """
            {"zoneID": {"zoneName": "Sync"}, "syncToken": "…opaque…", "resultsLimit": 200,
             "desiredKeys": ["title"], "desiredRecordTypes": ["Artwork"]}
            """)
        #expect(changes.zoneID.zoneName == "Sync")
        let changed = try roundTrip(
            ChangesResponse.self,
            #"{"zoneID": {"zoneName": "Sync"}, "records": [{"recordName": "x", "deleted": true}], "syncToken": "t", "moreComing": true}"#
        )
        #expect(changed.moreComing && changed.records[0].isDeleted)
        let zones = try roundTrip(
            ZoneListResponse.self,
            #"{"zones": [{"zoneID": {"zoneName": "_defaultZone", "ownerRecordName": "_2f9c…"}, "syncToken": "…", "atomic": false}]}"#
        )
        #expect(zones.zones[0].zoneID.isDefaultZone)
    }

    @Test("§7.1 request-level error body")
    func errorBody() throws {
        let error = try roundTrip(
            CloudKitError.self,
            #"{"uuid": "173179e2-c5a5-4393-ab4f-3cec194edd1c", "serverErrorCode": "AUTHENTICATION_FAILED", "reason": "Authentication failed"}"#
        )
        #expect(error.serverErrorCode == .authenticationFailed)
        #expect(error.httpStatus == 401)
        let required = try roundTrip(
            CloudKitError.self,
            #"{"uuid":"4f02f7aa-...","serverErrorCode":"AUTHENTICATION_REQUIRED","reason":"request needs authorization","redirectURL":"https://example.com/?token=secret"}"#
        )
        #expect(required.httpStatus == 421)
        #expect(!required.description.contains("secret"))
    }
}
