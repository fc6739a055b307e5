/// The version of cksync, written into every commit's `Cksync-Version` trailer.
public enum CksyncVersion {
    public static let current = "0.1.0"
}
