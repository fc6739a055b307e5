/// The answer of a POST of an asset's bytes to its upload URL:
/// `{"singleFile": {"fileChecksum", "receipt", "size", "wrappingKey"?, "referenceChecksum"?}}`.
///
/// `singleFile` is the key MistKit and Apple's samples read (protocol §3 marks it unverified).
/// The dictionary, as it is, is the value of the asset field saved next by `records/modify`.
package struct AssetUploadResult: Hashable, Sendable, Codable {
    package var singleFile: AssetDictionary

    package init(singleFile: AssetDictionary) {
        self.singleFile = singleFile
    }
}
