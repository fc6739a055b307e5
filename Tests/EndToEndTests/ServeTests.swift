import CloudKitWeb
import Emulator
import Foundation
import Records
import TestSupport
import Testing

/// cksync against `cksync serve` over loopback HTTP, signed with a server-to-server key, as a user
/// would run both.
@Suite("cksync serve")
struct ServeTests {
    /// A running `cksync serve` and a workspace whose `staging` remote points at it.
    final class Setup {
        let cli: CLI
        let workspace: URL
        let server: Process
        let port: Int
        let dataFile: URL

        /// The server's store for the database the workspace's remote names, opened on its file.
        func serverStore() throws -> EmulatorStore {
            try EmulatorStore(path: dataFile.path).scoped(
                to: DatabasePath(container: "iCloud.com.example.Places", environment: .development, database: .public))
        }

        /// - Parameter productionSchema: serve with `--schema example/schema.ckdb`, written by
        ///   `cksync schema` from the example's configuration before the server starts.
        init(faults: [String] = [], records: Int? = nil, productionSchema: Bool = false) async throws {
            cli = try CLI()
            workspace = try cli.copyExample()
            if let records {
                var csv = "icao,iata,name,city,country,lat,lon,elevation_ft,timezone,aliases,runways\n"
                for index in 0..<records {
                    csv += "K\(index),,Field \(index),Town,US,\(Double(index % 900) / 10),1.5,\(index),UTC,,1\n"
                }
                try csv.write(to: workspace.appendingPathComponent("data/airports.csv"), atomically: true, encoding: .utf8)
            }
            let key = try await cli.run("-C example key new --out eckey.pem")
            precondition(key.exitCode == 0, key.stderr)
            dataFile = cli.work.appendingPathComponent("serve.sqlite")
            var extra = faults
            if productionSchema {
                let schema = try await cli.run("-C example schema")
                precondition(schema.exitCode == 0, schema.stderr)
                let file = workspace.appendingPathComponent("schema.ckdb")
                try schema.stdout.write(to: file, atomically: true, encoding: .utf8)
                extra += ["--schema", file.path]
            }

            server = Process()
            server.executableURL = CLI.binary
            server.arguments = [
                "serve", "--port", "0", "--key", "test-key=\(workspace.path)/eckey.pub.pem", "--data", dataFile.path,
            ] + extra
            server.environment = CLI.environment
            let output = Pipe()
            server.standardOutput = output
            server.standardError = FileHandle.nullDevice
            try server.run()
            // Read on a thread of its own: a blocking read on the cooperative pool (a thread per
            // core) would stall the tests running beside this one until serve has started.
            let handle = output.fileHandleForReading
            port = try await withCheckedThrowingContinuation { continuation in
                Thread.detachNewThread { continuation.resume(with: Result { try Self.listeningPort(handle) }) }
            }

            let config = workspace.appendingPathComponent("cksync.toml")
            let text = try String(contentsOf: config, encoding: .utf8).replacingOccurrences(
                of: "[remotes.local]",
                with: """
                    [remotes.staging]
                    kind = "cloudkit"
                    container = "iCloud.com.example.Places"
                    key-id = "test-key"
                    private-key-file = "eckey.pem"
                    endpoint = "http://127.0.0.1:\(port)"

                    [remotes.local]
                    """)
            try text.write(to: config, atomically: true, encoding: .utf8)
        }

        /// Reads `cksync serve: listening on http://127.0.0.1:PORT`, the first line serve prints.
        static func listeningPort(_ handle: FileHandle) throws -> Int {
            var line = Data()
            while let byte = try handle.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line += byte }
            let text = String(decoding: line, as: UTF8.self)
            guard let port = text.split(separator: ":").last.flatMap({ Int($0) }) else {
                throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "serve said: \(text)"])
            }
            return port
        }

        func run(_ arguments: String) async throws -> CLI.Result { try await cli.run("-C example --remote staging " + arguments) }

        deinit {
            // A server a test stopped already: its pid may be another process's by now.
            if server.isRunning { server.terminate() }
            server.waitUntilExit()
            cli.cleanUp()
        }
    }

    @Test func signedPushThenFetchShowsNoDrift() async throws {
        let setup = try await Setup()
        let push = try await setup.run("push --yes")
        #expect(push.exitCode == 0, "\(push.stdout)\(push.stderr)")
        #expect(push.stdout.contains("Pushed to staging: 67 new"))
        let fetch = try await setup.run("fetch")
        #expect(fetch.stdout.contains("67 records"))
        #expect(fetch.stdout.contains("No drift"))
        let log = try await setup.run("log")
        #expect(log.stdout.contains("push staging: 67 new, 0 updated, 0 deleted"))
        #expect(try EmulatorStore(path: setup.dataFile.path).recordCount() == 67)
    }

    /// A wrong key is refused with a hint at the key, and its secret never reaches the output.
    @Test func aWrongKeyIsRefused() async throws {
        let setup = try await Setup()
        #expect(try await setup.cli.run("-C example key new --out other.pem").exitCode == 0)
        let config = setup.workspace.appendingPathComponent("cksync.toml")
        try config.edit(replacing: "private-key-file = \"eckey.pem\"", with: "private-key-file = \"other.pem\"")
        let push = try await setup.run("push --yes")
        #expect(push.exitCode == 3)
        #expect(push.stderr.contains("AUTHENTICATION_FAILED"))
        #expect(push.stderr.contains("hint: check key-id (test-key) and the private key"), "\(push.stderr)")
        let key = try String(contentsOf: setup.workspace.appendingPathComponent("other.pem"), encoding: .utf8)
        let secret = key.split(separator: "\n")[1]
        #expect(!push.stderr.contains(secret) && !push.stdout.contains(secret))
    }

    @Test func pushUnderFaultsEndsWithTheServerHoldingExactlyTheSnapshot() async throws {
        let setup = try await Setup(
            faults: ["--fault-throttle", "0.1", "--fault-unavailable", "0.05", "--fault-drop", "0.05", "--fault-seed", "11"],
            records: 2_000)
        let push = try await setup.run("push --yes --batch-size 50")
        #expect(push.exitCode == 0, "\(push.stdout)\(push.stderr)")
        #expect(try EmulatorStore(path: setup.dataFile.path).recordCount() == 2_031)

        // Updates too: a replace whose answer was dropped comes back as CONFLICT and is recognised.
        try setup.workspace.appendingPathComponent("data/airports.csv").edit(replacing: ",UTC,,1\n", with: ",UTC,,2\n")
        let update = try await setup.run("push --yes --batch-size 50")
        #expect(update.exitCode == 0, "\(update.stdout)\(update.stderr)")
        #expect(update.stdout.contains("0 new, 2000 updated"))

        let fetch = try await setup.run("fetch")
        #expect(fetch.stdout.contains("2031 records"))
        #expect(fetch.stdout.contains("No drift"), "\(fetch.stdout)")
        #expect(try await setup.run("status").stdout.contains("Up to date"))
    }

    @Test(arguments: ["overwrite", "skip", "fail"])
    func aConflictingWriterOverHTTP(policy: String) async throws {
        let setup = try await Setup()
        #expect(try await setup.run("push --yes").exitCode == 0)
        try setup.workspace.appendingPathComponent("data/airports.csv").edit(replacing: "-0.461941,83,", with: "-0.461941,85,")

        let store = try setup.serverStore()
        let theirs = RecordDictionary(
            recordName: "EGLL", recordType: "Airport", fields: ["name": FieldDictionary(.string("Someone else's"))])
        _ = try await store.modify(ModifyRequest(operations: [RecordOperation(.forceUpdate, record: theirs)]))

        let push = try await setup.run("push --yes --on-conflict \(policy)")
        let egll = try #require(try store.allRecords().first { $0.recordName == "EGLL" })
        let name = egll.fields?["name"].flatMap { try? FieldValue(wire: $0) }
        switch policy {
        case "overwrite":
            #expect(push.exitCode == 0)
            #expect(name == .string("London Heathrow Airport"))
        case "skip":
            #expect(push.exitCode == 0)
            #expect(push.stdout.contains("1 skipped"))
            #expect(name == .string("Someone else's"))
        default:
            #expect(push.exitCode == 4)
            #expect(push.stderr.contains("CONFLICT for Airport/EGLL"))
            #expect(name == .string("Someone else's"))
        }
        #expect(try await setup.run("fetch").stdout.contains("No drift"))
    }

    /// Issue 10 (9): 300 records of 10 KB are 3 MB, more than the 2 MiB serve reads in one
    /// request: batches are cut by bytes, and every record arrives.
    @Test func batchesAreCutUnderTheServersBodyLimit() async throws {
        let setup = try await Setup()
        var csv = "icao,iata,name,city,country,lat,lon,elevation_ft,timezone,aliases,runways\n"
        let long = String(repeating: "Long name ", count: 1000)
        for index in 0..<300 { csv += "B\(index),,\(long)\(index),Town,US,1.5,1.5,\(index),UTC,,1\n" }
        let data = setup.workspace.appendingPathComponent("data/airports.csv")
        try csv.write(to: data, atomically: true, encoding: .utf8)
        let push = try await setup.run("push --yes")
        #expect(push.exitCode == 0, "\(push.stdout)\(push.stderr)")
        #expect(push.stdout.contains("331 new"))
        #expect(try EmulatorStore(path: setup.dataFile.path).recordCount() == 331)
    }

    /// Issue 10 (8): a private key file others can read is used, with a warning.
    @Test func aKeyFileOthersCanReadIsUsedWithAWarning() async throws {
        let setup = try await Setup()
        let key = setup.workspace.appendingPathComponent("eckey.pem").path
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key)
        let push = try await setup.run("push --yes")
        #expect(push.exitCode == 0, "\(push.stdout)\(push.stderr)")
        #expect(push.stderr.contains("private key file \(key) is accessible by others (mode 644)"), "\(push.stderr)")
        #expect(push.stderr.contains("chmod 600 \(key)"))
    }

    /// Issue 10 (11): a server that refuses connections fails after a few attempts, with a
    /// message whose parentheses balance; a wrong key's failure names key-id.
    @Test func aServerThatRefusesConnectionsFailsFast() async throws {
        let setup = try await Setup()
        // A port held bound but not listening: nobody else's server can take it meanwhile.
        let refusing = try RefusingPort()
        defer { refusing.release() }
        try setup.workspace.appendingPathComponent("cksync.toml").edit(
            replacing: "endpoint = \"http://127.0.0.1:\(setup.port)\"",
            with: "endpoint = \"http://127.0.0.1:\(refusing.port)\"")
        let push = try await setup.run("push --yes")
        #expect(push.exitCode == 3)
        #expect(push.stderr.contains("connection refused"), "\(push.stderr)")
        #expect(push.stderr.contains("gave up after 4 attempts"), "\(push.stderr)")
        #expect(push.stderr.count { $0 == "(" } == push.stderr.count { $0 == ")" }, "\(push.stderr)")
    }

    /// `.invalid` never resolves (RFC 6761): DNS failures fail fast like refused connections.
    @Test func aHostNameThatDoesNotResolveFailsFast() async throws {
        let setup = try await Setup()
        let config = setup.workspace.appendingPathComponent("cksync.toml")
        try config.edit(
            replacing: "endpoint = \"http://127.0.0.1:\(setup.port)\"", with: "endpoint = \"http://cksync.invalid:1\"")
        let fetch = try await setup.run("fetch")
        #expect(fetch.exitCode == 3)
        #expect(fetch.stderr.contains("no answer from cksync.invalid:1: host name not found (DNS)"), "\(fetch.stderr)")
        #expect(fetch.stderr.contains("gave up after 4 attempts"), "\(fetch.stderr)")
    }

    /// Issue 10 (11): on a terminal (util-linux `script` gives the push one), each wait for
    /// another attempt is said on stderr; without a terminal, nothing is.
    @Test func waitsAreAnnouncedOnATerminalOnly() async throws {
        let tool = URL(fileURLWithPath: "/usr/bin/script")
        try #require(FileManager.default.isExecutableFile(atPath: tool.path), "util-linux script is needed")
        let setup = try await Setup(faults: ["--fault-throttle", "0.25", "--fault-seed", "5"])
        let command = "\(CLI.binary.path) -C example --remote staging push --yes --batch-size 10"
        let onTerminal = try await CLI.execute(
            tool, ["--quiet", "--return", "--command", command, "/dev/null"], in: setup.cli.work)
        #expect(onTerminal.exitCode == 0, "\(onTerminal.stdout)")
        #expect(onTerminal.stdout.contains(" THROTTLED, retrying in "), "\(onTerminal.stdout)")
        #expect(onTerminal.stdout.contains("(attempt 2 of 8)"), "\(onTerminal.stdout)")

        let data = setup.workspace.appendingPathComponent("data/airports.csv")
        try data.edit(replacing: ",Europe/London,", with: ",UTC,")
        let piped = try await setup.run("push --yes --batch-size 1")
        #expect(piped.exitCode == 0, "\(piped.stdout)\(piped.stderr)")
        #expect(!piped.stderr.contains("retrying in"))
    }
}
