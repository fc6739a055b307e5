import Crypto
import Foundation
import Logging
import Records
import Synchronization
import TestSupport
import Testing

@testable import CloudKitWeb

@Suite("CloudKitClient credentials: PEM keys and secrets")
struct ClientCredentialTests {
    @Test func sec1PEMIsOpenSSLsForm() throws {
        let (privatePEM, publicPEM) = ServerToServerKey.generatePEM()
        #expect(privatePEM.hasPrefix("-----BEGIN EC PRIVATE KEY-----\n"))
        #expect(privatePEM.hasSuffix("\n-----END EC PRIVATE KEY-----\n"))
        #expect(publicPEM.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        #expect(publicPEM.hasSuffix("\n-----END PUBLIC KEY-----\n"))
        let body = privatePEM.split(separator: "\n").dropFirst().dropLast()
        #expect(body.dropLast().allSatisfy { $0.count == 64 })
        let der = try #require(Data(base64Encoded: body.joined()))
        #expect(der.count == 121)
        #expect(Array(der.prefix(7)) == [0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20])
        let key = try ServerToServerKey(keyID: "k", pem: privatePEM)
        #expect(key.publicKeyPEM == publicPEM)
    }

    @Test func pkcs8AndSEC1LoadTheSameKey() throws {
        let key = P256.Signing.PrivateKey()
        let fromPKCS8 = try ServerToServerKey(keyID: "k", pem: key.pemRepresentation)
        let fromSEC1 = try ServerToServerKey(keyID: "k", pem: key.sec1PEMRepresentation)
        #expect(key.pemRepresentation.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(fromPKCS8.privateKey.rawRepresentation == key.rawRepresentation)
        #expect(fromSEC1.privateKey.rawRepresentation == key.rawRepresentation)
    }

    @Test func openSSLReadsOurKeyAndWeReadOpenSSLs() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") else { return }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (privatePEM, publicPEM) = ServerToServerKey.generatePEM()
        let ours = directory.appendingPathComponent("ours.pem").path
        try privatePEM.write(toFile: ours, atomically: true, encoding: .utf8)
        #expect(try openssl(["ec", "-in", ours, "-pubout"]) == publicPEM)
        #expect(try openssl(["ec", "-in", ours]) == privatePEM)

        let theirs = directory.appendingPathComponent("theirs.pem").path
        _ = try openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", theirs])
        let key = try ServerToServerKey(keyID: "k", pemFile: theirs)
        #expect(key.publicKeyPEM == (try openssl(["ec", "-in", theirs, "-pubout"])))
        let pkcs8 = directory.appendingPathComponent("pkcs8.pem").path
        _ = try openssl(["pkcs8", "-topk8", "-nocrypt", "-in", theirs, "-out", pkcs8])
        #expect(try ServerToServerKey(keyID: "k", pemFile: pkcs8).publicKeyPEM == key.publicKeyPEM)
    }

    @Test(arguments: [
        ("garbage text SECRETSECRET", "not a PEM private key"),
        ("-----BEGIN EC PRIVATE KEY-----\nSECRETSECRET!!\n-----END EC PRIVATE KEY-----\n", "not a P-256"),
        ("-----BEGIN RSA PRIVATE KEY-----\nU0VDUkVUU0VDUkVU\n-----END RSA PRIVATE KEY-----\n", "not a P-256"),
        ("-----BEGIN ENCRYPTED PRIVATE KEY-----\nU0VDUkVUU0VDUkVU\n-----END ENCRYPTED PRIVATE KEY-----\n", "encrypted"),
        (P256.Signing.PrivateKey().publicKey.pemRepresentation, "public key"),
        (P384.Signing.PrivateKey().pemRepresentation, "not a P-256"),
    ])
    func badKeysAreRefusedWithoutQuotingThem(pem: String, expected: String) {
        let error = #expect(throws: InputError.self) {
            try ServerToServerKey(keyID: "k", pem: pem, source: "$CKSYNC_PRIVATE_KEY")
        }
        let text = error?.description ?? ""
        #expect(text.hasPrefix("$CKSYNC_PRIVATE_KEY: "))
        #expect(text.contains(expected))
        #expect(!text.contains("SECRETSECRET"))
        #expect(!text.contains("U0VDUkVU"))
        for line in pem.split(separator: "\n") where !line.hasPrefix("-----") {
            #expect(!text.contains(line))
        }
    }

    @Test func aMissingKeyFileIsNamed() {
        let error = #expect(throws: InputError.self) {
            try ServerToServerKey(keyID: "k", pemFile: "/nonexistent/eckey.pem")
        }
        #expect(error?.description.hasPrefix("/nonexistent/eckey.pem: cannot read the private key file") == true)
    }

    @Test func printingCredentialsShowsNoSecret() {
        let key = P256.Signing.PrivateKey()
        let s2s = ServerToServerKey(keyID: "key-1", privateKey: key)
        let raw = key.rawRepresentation.base64EncodedString()
        for text in [
            "\(s2s)", String(reflecting: s2s), "\(CloudKitCredentials.serverToServer(s2s))",
            "\(Mirror(reflecting: s2s).children.map(\.value))",
        ] {
            #expect(text.contains("key-1"))
            #expect(!text.contains(raw))
            #expect(!text.contains("PRIVATE"))
        }
        let token = CloudKitCredentials.apiToken("SECRET-API", webAuthToken: "SECRET-WEB")
        #expect(!"\(token)".contains("SECRET"))
    }

    @Test func noSecretInThrownErrorsOrLogs() async throws {
        let apiToken = "SECRET+API/TOKEN="
        let webToken = "SECRET+WEB/TOKEN="
        let encoded = "SECRET%2BAPI%2FTOKEN%3D"
        let server = ScriptedServer()
        server.script([
            .error(401, "AUTHENTICATION_FAILED", reason: "bad token \(apiToken) \(encoded) \(webToken)"),
            ScriptedResponse(status: 500, body: "<p>token \(apiToken) / \(encoded) / \(webToken)</p>"),
            ScriptedResponse(status: 200, body: "not json \(apiToken) \(webToken)"),
        ])
        let lines = LogLines()
        let errors = try await server.run { url in
            let client = try CloudKitClient(
                configuration: .init(
                    endpoint: url, container: "iCloud.com.example.Test", environment: .development, database: .private,
                    credentials: .apiToken(apiToken, webAuthToken: webToken), retry: .never),
                logger: Logger(label: "test", factory: { _ in lines.handler() }))
            var errors: [CloudKitError] = []
            for _ in 0..<3 {
                do {
                    _ = try await client.lookup(LookupRequest(recordNames: ["a"]))
                } catch let error as CloudKitError {
                    errors.append(error)
                }
            }
            return errors
        }
        #expect(errors.count == 3)
        #expect(errors.map(\.httpStatus) == [401, 500, 200])
        let texts = errors.map { "\($0) \(String(reflecting: $0))" } + lines.all
        #expect(lines.all.count >= 3)
        for text in texts {
            #expect(!text.contains("SECRET"), "\(text)")
        }
        #expect(errors[0].description.contains("<redacted>"))
    }
}

/// Runs openssl; its standard output.
private func openssl(_ arguments: [String]) throws -> String {
    try runToCompletion(URL(fileURLWithPath: "/usr/bin/openssl"), arguments).output
}

/// Every log line at debug level and up, to search for secrets.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func handler() -> some LogHandler { Handler(lines: self) }

    fileprivate func append(_ line: String) { lines.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let lines: LogLines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            lines.append("\(event.message) \(event.metadata ?? [:]) \(metadata)")
        }
    }
}
