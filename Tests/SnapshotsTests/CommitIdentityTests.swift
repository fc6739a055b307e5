import Foundation
import GitStore
import Testing

@testable import Snapshots

@Suite struct CommitIdentityTests {
    @Test(arguments: [
        ("@1700000000 +0000", 1_700_000_000 as Int64, 0),
        ("1700000000 +0130", 1_700_000_000, 90),
        ("@1700000000 -0800", 1_700_000_000, -480),
        ("1700000000", 1_700_000_000, 0),
        ("2023-11-14T22:13:20Z", 1_700_000_000, 0),
        ("2023-11-15T00:13:20+02:00", 1_700_000_000, 120),
    ])
    func gitDates(text: String, seconds: Int64, offset: Int) throws {
        let parsed = try #require(CommitIdentity.parseDate(text))
        #expect(parsed.seconds == seconds)
        #expect(parsed.offsetMinutes == offset)
    }

    @Test(arguments: ["yesterday", "@12x", "1700000000 +01", "1700000000 0100 extra"])
    func datesGitWouldNotRead(text: String) {
        #expect(CommitIdentity.parseDate(text) == nil)
    }

    /// A repository whose own configuration names a user; removed by the caller.
    static func repository(configuration: String) throws -> (GitRepository, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("identity-\(UUID().uuidString)")
        let repository = try GitRepository.create(bareAt: directory.path)
        let config = directory.appendingPathComponent("config")
        let handle = try FileHandle(forWritingTo: config)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(configuration.utf8))
        try handle.close()
        return (repository, directory)
    }

    @Test func theEnvironmentComesBeforeGitConfiguration() throws {
        let (repository, directory) = try Self.repository(
            configuration: "[user]\n\tname = Config Person\n\temail = config@example.com\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        let identity = try CommitIdentity.resolve(
            repository: repository,
            environment: [
                "GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@example.com", "GIT_AUTHOR_DATE": "@42 +0100",
            ])
        let author = identity.authorSignature()
        #expect(author.name == "Ada" && author.email == "ada@example.com")
        #expect(author.time == 42 && author.offsetMinutes == 60)
        let committer = identity.committerSignature()
        #expect(committer.name == "Config Person" && committer.email == "config@example.com")
        #expect(!identity.isGuessed)
    }

    @Test func authorAndCommitterKeysComeBeforeUser() throws {
        let (repository, directory) = try Self.repository(
            configuration: "[user]\n\tname = User\n\temail = user@example.com\n[author]\n\tname = Writer\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        let identity = try CommitIdentity.resolve(repository: repository, environment: [:])
        #expect(identity.author.name == "Writer" && identity.author.email == "user@example.com")
        #expect(identity.committer.name == "User")
    }

    @Test func aBadDateIsAnError() throws {
        let (repository, directory) = try Self.repository(configuration: "")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: SnapshotError.self) {
            try CommitIdentity.resolve(repository: repository, environment: ["GIT_COMMITTER_DATE": "soon"])
        }
    }
}
