/// Who made a commit, and when.
public struct Signature: Hashable, Sendable {
    /// The person's name.
    public var name: String
    /// The person's e-mail address.
    public var email: String
    /// Seconds since 1970-01-01 UTC.
    public var time: Int64
    /// The time zone's offset from UTC in minutes (`+0130` is 90).
    public var offsetMinutes: Int

    /// Creates a signature.
    public init(name: String, email: String, time: Int64, offsetMinutes: Int = 0) {
        self.name = name
        self.email = email
        self.time = time
        self.offsetMinutes = offsetMinutes
    }
}
