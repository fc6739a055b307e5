/// The store's `continuationMarker`: where the next page of a query starts.
///
/// Unsorted queries page by record name (keyset: the next page starts after `after`), so records
/// written or deleted by others between pages never make an unchanged record appear twice or not
/// at all. Sorted queries page by `offset` into the sorted matches, which is only stable while
/// nobody writes that type.
struct QueryMarker: Codable, Hashable {
    var zone: String
    var recordType: String
    var after: String?
    var offset: Int?

    var encoded: String { OpaqueToken.encode(self) }
}
