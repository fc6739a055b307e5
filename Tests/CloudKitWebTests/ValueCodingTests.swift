import CloudKitWeb
import Foundation
import Testing

@Suite("Zone IDs, results and errors")
struct ValueCodingTests {
    @Test func ownerNameAccepted() throws {
        let zone = try decode(ZoneID.self, #"{"zoneName": "Sync", "ownerName": "_abc"}"#)
        #expect(zone == ZoneID(zoneName: "Sync", ownerRecordName: "_abc"))
        #expect(try encode(zone) == #"{"ownerRecordName":"_abc","zoneName":"Sync"}"#)
        let both = try decode(ZoneID.self, #"{"zoneName": "Sync", "ownerName": "x", "ownerRecordName": "y"}"#)
        #expect(both.ownerRecordName == "y")
    }

    @Test func createWithoutRecordName() throws {
        let record = try decode(RecordDictionary.self, #"{"recordType": "Artist"}"#)
        #expect(record.recordName == "")
        #expect(try encode(record) == #"{"recordType":"Artist"}"#)
    }

    @Test func recordResultDecodesErrorsByServerErrorCode() throws {
        let results = try decode(
            [RecordResult].self,
            #"[{"recordName": "a", "serverErrorCode": "NOT_FOUND", "reason": "gone", "retryAfter": 3}, {"recordName": "a"}]"#
        )
        #expect(results[0].error == RecordError(recordName: "a", serverErrorCode: .notFound, reason: "gone", retryAfter: 3, uuid: nil))
        #expect(results[1].record == RecordDictionary(recordName: "a"))
    }

    @Test func unknownServerErrorCodeSurvives() throws {
        let error = try decode(CloudKitError.self, #"{"uuid": "u", "serverErrorCode": "SOMETHING_NEW"}"#)
        #expect(error.serverErrorCode.rawValue == "SOMETHING_NEW")
        #expect(error.httpStatus == 500)
    }

    @Test(arguments: [
        (ServerErrorCode.accessDenied, 403), (.atomicError, 400), (.authenticationFailed, 401),
        (.authenticationRequired, 421), (.badRequest, 400), (.conflict, 409), (.exists, 409),
        (.internalError, 500), (.notFound, 404), (.quotaExceeded, 413), (.throttled, 429),
        (.tryAgainLater, 503), (.validatingReferenceError, 412), (.zoneNotFound, 404),
    ])
    func httpStatus(code: ServerErrorCode, status: Int) {
        #expect(code.httpStatus == status)
        #expect(ServerErrorCode.catalogue.contains(code))
    }

    @Test func descriptionNamesOperationAndRecord() {
        let error = RecordError(recordName: "EGLL", serverErrorCode: .conflict, reason: "record to update has been modified")
            .error(operation: "records/modify", recordType: "Airport")
        #expect(error.description == "records/modify CONFLICT for Airport/EGLL (reason: record to update has been modified)")
        let throttled = CloudKitError(.throttled, retryAfter: 2, operation: "records/query")
        #expect(throttled.description == "records/query THROTTLED (retry after 2.0 s)")
        #expect(throttled.httpStatus == 429)
    }

    @Test func filteredKeepsDesiredKeys() {
        let record = RecordDictionary(
            recordName: "a", fields: ["x": FieldDictionary(value: 1), "y": FieldDictionary(value: 2)])
        #expect(record.filtered(to: ["y"]).fields?.keys.sorted() == ["y"])
        #expect(record.filtered(to: nil) == record)
    }

    @Test func operationTypesSpelledAsApple() throws {
        #expect(OperationType.allCases.map(\.rawValue) == [
            "create", "update", "forceUpdate", "replace", "forceReplace", "delete", "forceDelete",
        ])
        #expect(CloudKitLimits.maxOperationsPerRequest == 200 && CloudKitLimits.maxResultsPerPage == 200)
    }
}
