import Foundation
import Records
import Testing

@testable import CloudKitWeb

@Suite("CloudKitClient configuration from cksync.toml settings")
struct ClientConfigurationTests {
    func settings(environment: String = "development", keyID: String? = "K1", file: String? = "eckey.pem")
        -> RemoteConfiguration.CloudKitSettings
    {
        RemoteConfiguration.CloudKitSettings(
            container: "iCloud.com.example.T", environment: environment, database: "public", zone: "_defaultZone",
            keyID: keyID, privateKeyFile: file, endpoint: "http://127.0.0.1:8080")
    }

    @Test func keyFileRelativeToTheWorkspaceAndTheVariableWins() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (filePEM, filePublic) = ServerToServerKey.generatePEM()
        try filePEM.write(toFile: directory + "/eckey.pem", atomically: true, encoding: .utf8)
        let fromFile = try CloudKitClient.Configuration(settings: settings(), directory: directory, environmentVariables: [:])
        guard case .serverToServer(let key) = fromFile.credentials else { Issue.record("not s2s"); return }
        #expect(key.keyID == "K1" && key.publicKeyPEM == filePublic)
        #expect(fromFile.endpoint.absoluteString == "http://127.0.0.1:8080" && fromFile.environment == .development)

        let (variablePEM, variablePublic) = ServerToServerKey.generatePEM()
        let fromVariable = try CloudKitClient.Configuration(
            settings: settings(), directory: directory, environmentVariables: ["CKSYNC_PRIVATE_KEY": variablePEM])
        guard case .serverToServer(let other) = fromVariable.credentials else { Issue.record("not s2s"); return }
        #expect(other.publicKeyPEM == variablePublic)
    }

    /// Issue 10 (8): a key file others can read is used, with a warning naming it and the fix.
    @Test(arguments: [(0o600, false), (0o400, false), (0o640, true), (0o644, true), (0o604, true)])
    func aKeyFileOpenToOthersIsWarnedAbout(mode: Int, warned: Bool) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/eckey.pem"
        try ServerToServerKey.generatePEM().0.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        let configuration = try CloudKitClient.Configuration(
            settings: settings(), directory: directory, environmentVariables: [:])
        guard case .serverToServer = configuration.credentials else { Issue.record("the key was not used"); return }
        if warned {
            #expect(configuration.warnings.count == 1)
            let warning = try #require(configuration.warnings.first)
            #expect(warning.contains("private key file \(path) is accessible by"))
            #expect(warning.hasSuffix("chmod 600 \(path)"))
            #expect(!warning.contains("PRIVATE KEY"))
        } else {
            #expect(configuration.warnings.isEmpty)
        }
    }

    @Test func apiTokenFromTheEnvironmentWithoutKeyID() throws {
        let configuration = try CloudKitClient.Configuration(
            settings: settings(keyID: nil, file: nil),
            environmentVariables: ["CKSYNC_API_TOKEN": "t", "CKSYNC_WEB_AUTH_TOKEN": "w"])
        guard case .apiToken(let token, let web) = configuration.credentials else { Issue.record("not a token"); return }
        #expect(token == "t" && web == "w")
    }

    @Test func badSettingsAreNamed() {
        let environment = #expect(throws: InputError.self) {
            try CloudKitClient.Configuration(settings: settings(environment: "Development"), environmentVariables: [:])
        }
        #expect(environment?.description.contains("environment") == true)
        let missing = #expect(throws: InputError.self) {
            try CloudKitClient.Configuration(settings: settings(keyID: nil, file: nil), environmentVariables: [:])
        }
        #expect(missing?.description.contains("no credentials") == true)
        let leaked = #expect(throws: InputError.self) {
            try CloudKitClient.Configuration(
                settings: settings(), environmentVariables: ["CKSYNC_PRIVATE_KEY": "TOPSECRET-not-a-key"])
        }
        #expect(leaked?.description.hasPrefix("$CKSYNC_PRIVATE_KEY: ") == true)
        #expect(leaked?.description.contains("TOPSECRET") == false)
    }
}
