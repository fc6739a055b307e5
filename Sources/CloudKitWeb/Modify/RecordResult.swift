/// One element of a `records` array in a modify or lookup response: a record, or that record's error.
///
/// Decodes as an error when the dictionary has a `serverErrorCode`, as a record otherwise.
public enum RecordResult: Hashable, Sendable, Codable {
    case record(RecordDictionary)
    case error(RecordError)

    /// The record, or `nil` for an error.
    public var record: RecordDictionary? {
        if case .record(let record) = self { return record }
        return nil
    }

    /// The error, or `nil` for a record.
    public var error: RecordError? {
        if case .error(let error) = self { return error }
        return nil
    }

    /// The record name the result is about, when it says.
    public var recordName: String? {
        switch self {
        case .record(let record): record.recordName
        case .error(let error): error.recordName
        }
    }

    private enum CodingKeys: String, CodingKey {
        case serverErrorCode
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.serverErrorCode) {
            self = .error(try RecordError(from: decoder))
        } else {
            self = .record(try RecordDictionary(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .record(let record): try record.encode(to: encoder)
        case .error(let error): try error.encode(to: encoder)
        }
    }
}
