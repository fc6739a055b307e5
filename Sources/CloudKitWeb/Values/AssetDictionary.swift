/// The value of an ASSET / ASSETID field, as the asset upload step and the server return it.
///
/// A record value's `Asset` holds only the size and what identifies the bytes; the receipt, the
/// keys and the download URL of the upload and download steps travel in this type.
package struct AssetDictionary: Hashable, Sendable, Codable {
    package var fileChecksum: String?
    /// Bytes.
    package var size: Int64?
    package var referenceChecksum: String?
    package var wrappingKey: String?
    package var receipt: String?
    /// Responses only: where to GET the bytes.
    package var downloadURL: String?

    package init(
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
    package init?(json: WireJSONValue) {
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
    package var json: WireJSONValue {
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
