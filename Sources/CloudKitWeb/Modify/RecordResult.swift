/// One element of a `records` array in a modify or lookup response: a record, or that record's error.
///
/// Decodes as an error when the dictionary has a `serverErrorCode`, as a record otherwise.
package enum RecordResult: Hashable, Sendable, Codable {
    case record(RecordDictionary)
    case error(RecordError)

    /// The record, or `nil` for an error.
    package var record: RecordDictionary? {
        if case .record(let record) = self { return record }
        return nil
    }

    /// The error, or `nil` for a record.
    package var error: RecordError? {
        if case .error(let error) = self { return error }
        return nil
    }

    /// The record name the result is about, when it says.
    package var recordName: String? {
        switch self {
        case .record(let record): record.recordName
        case .error(let error): error.recordName
        }
    }

    private enum CodingKeys: String, CodingKey {
        case serverErrorCode
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.serverErrorCode) {
            self = .error(try RecordError(from: decoder))
        } else {
            self = .record(try RecordDictionary(from: decoder))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        switch self {
        case .record(let record): try record.encode(to: encoder)
        case .error(let error): try error.encode(to: encoder)
        }
    }
}
