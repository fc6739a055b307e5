/// The value of an ASSET / ASSETID field, as the asset upload step and the server return it.
///
/// cksync's record values have no asset type: assets travel through the protocol types only.
public struct AssetDictionary: Hashable, Sendable, Codable {
    public var fileChecksum: String?
    /// Bytes.
    public var size: Int64?
    public var referenceChecksum: String?
    public var wrappingKey: String?
    public var receipt: String?
    /// Responses only: where to GET the bytes.
    public var downloadURL: String?

    public init(
        fileChecksum: String? = nil, size: Int64? = nil, referenceChecksum: String? = nil,
        wrappingKey: String? = nil, receipt: String? = nil, downloadURL: String? = nil
    ) {
        self.fileChecksum = fileChecksum
        self.size = size
        self.referenceChecksum = referenceChecksum
        self.wrappingKey = wrappingKey
        self.receipt = receipt
        self.downloadURL = downloadURL
    }
}

extension AssetDictionary {
    /// Reads an asset from a field's JSON value; `nil` for a value that is not an object.
    public init?(json: WireJSONValue) {
        guard case .object(let members) = json else { return nil }
        func string(_ key: String) -> String? {
            if case .string(let value)? = members[key] { return value }
            return nil
        }
        var size: Int64?
        if case .integer(let value)? = members["size"] { size = value }
        self.init(
            fileChecksum: string("fileChecksum"), size: size, referenceChecksum: string("referenceChecksum"),
            wrappingKey: string("wrappingKey"), receipt: string("receipt"), downloadURL: string("downloadURL"))
    }

    /// The field value JSON of this asset; absent members left out.
    public var json: WireJSONValue {
        var members: [String: WireJSONValue] = [:]
        let strings: [(String, String?)] = [
            ("fileChecksum", fileChecksum), ("referenceChecksum", referenceChecksum),
            ("wrappingKey", wrappingKey), ("receipt", receipt), ("downloadURL", downloadURL),
        ]
        for case (let key, let value?) in strings { members[key] = .string(value) }
        if let size { members["size"] = .integer(size) }
        return .object(members)
    }
}
