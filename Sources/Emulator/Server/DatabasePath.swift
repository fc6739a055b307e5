import CloudKitWeb

/// The database a request addresses: `/database/1/{container}/{environment}/{database}/…`.
package struct DatabasePath: Sendable, Hashable, CustomStringConvertible {
    /// CloudKit's two environments.
    package enum Environment: String, Sendable, Hashable, CaseIterable {
        case development, production
    }

    /// CloudKit's three databases of a container.
    package enum Scope: String, Sendable, Hashable, CaseIterable {
        case `public`, `private`, shared
    }

    package var container: String
    package var environment: Environment
    package var database: Scope

    package init(container: String, environment: Environment, database: Scope) {
        self.container = container
        self.environment = environment
        self.database = database
    }

    /// Parses the three path segments, as CloudKit spells them (lowercase, case-sensitive).
    ///
    /// - Throws: `CloudKitError` BAD_REQUEST naming the segment that is not valid. A container must
    ///   be letters, digits, `.`, `-` and `_`, not starting with `.` (it names a folder with `--data-dir`).
    package init(container: String, environment: String, database: String) throws {
        guard let first = container.first, first != ".",
            container.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
        else {
            throw CloudKitError.badRequest("invalid container '\(container)'")
        }
        guard let environment = Environment(rawValue: environment) else {
            throw CloudKitError.badRequest("unknown environment '\(environment)'; expected development or production")
        }
        guard let database = Scope(rawValue: database) else {
            throw CloudKitError.badRequest("unknown database '\(database)'; expected public, private or shared")
        }
        self.init(container: container, environment: environment, database: database)
    }

    /// `iCloud.com.example.App/development/public`.
    package var description: String { "\(container)/\(environment.rawValue)/\(database.rawValue)" }
}
