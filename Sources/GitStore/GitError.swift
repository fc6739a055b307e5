/// A failed git operation: the libgit2 function (or GitStore check) that failed, libgit2's
/// error code and message, and the path, ref or revision it was working on.
public struct GitError: Error, CustomStringConvertible, Sendable {
    /// A libgit2 error code (`git_error_code`), matchable without importing libgit2.
    public struct Code: RawRepresentable, Hashable, Sendable {
        /// The `git_error_code` value.
        public var rawValue: Int32
        /// The code with this value.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// A generic failure (`GIT_ERROR`), also used for failures GitStore itself detects.
        public static let generic = Code(rawValue: -1)
        /// The object, ref or path does not exist (`GIT_ENOTFOUND`).
        public static let notFound = Code(rawValue: -3)
        /// The object or ref already exists (`GIT_EEXISTS`).
        public static let exists = Code(rawValue: -4)
        /// A short id or revision matches more than one object (`GIT_EAMBIGUOUS`).
        public static let ambiguous = Code(rawValue: -5)
        /// A ref changed underneath a compare-and-swap update (`GIT_EMODIFIED`).
        public static let modified = Code(rawValue: -15)
        /// A name or spec is not valid (`GIT_EINVALIDSPEC`).
        public static let invalidSpec = Code(rawValue: -12)
    }

    /// The failing function, e.g. `git_repository_open_bare`.
    public var function: String
    /// libgit2's return code.
    public var code: Code
    /// libgit2's message (`git_error_last()`), or GitStore's own.
    public var message: String
    /// The path, ref name, revision or object id the operation was about.
    public var context: String?

    /// Creates an error.
    public init(function: String, code: Code = .generic, message: String, context: String? = nil) {
        self.function = function
        self.code = code
        self.message = message
        self.context = context
    }

    /// `git_reference_create_matching(refs/heads/main): old reference value does not match (code -15)`.
    public var description: String {
        let target = context.map { "(\($0))" } ?? ""
        return "\(function)\(target): \(message) (code \(code.rawValue))"
    }
}
