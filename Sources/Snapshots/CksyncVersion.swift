/// The version of cksync, written into every commit's `Cksync-Version` trailer.
public enum CksyncVersion {
    /// The version this build writes in `Cksync-Version` trailers and keys its caches by.
    public static let current = "0.1.0"
}
