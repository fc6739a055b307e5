import ArgumentParser
import CloudKitWeb
import Foundation
import Records
import Snapshots

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `cksync key new` and `cksync key public`: server-to-server keys for CloudKit and `cksync serve`.
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Create a server-to-server key, or print the public half of one.",
        subcommands: [NewKeyCommand.self, PublicKeyCommand.self]
    )

    /// `cksync key` alone prints the subcommands.
    func run() async throws {
        print(Self.helpMessage())
    }
}

struct NewKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a new P-256 private key (SEC1 PEM, mode 0600) and its public key beside it.",
        discussion: """
            Writes the same files as `openssl ecparam -name prime256v1 -genkey -noout -out eckey.pem` and \
            `openssl ec -in eckey.pem -pubout -out eckey.pub.pem`, then prints what to do with them. \
            Refuses to overwrite either file.

            Examples:
              cksync key new                       # eckey.pem and eckey.pub.pem
              cksync key new --out keys/prod.pem --json

            Exit codes: 0 written; 2 a file exists or cannot be written.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The private key file; the public key goes beside it as <name>.pub.pem.", valueName: "file"))
    var out = "eckey.pem"

    func run() async throws {
        let privatePath = global.resolvePath(out)
        let publicPath = KeyFiles.publicPath(for: privatePath)
        for path in [privatePath, publicPath] where FileManager.default.fileExists(atPath: path) {
            throw InputError(file: path, message: "exists; refusing to overwrite it (choose another --out)")
        }
        let pair = ServerToServerKey.generatePEM()
        try KeyFiles.create(privatePath, contents: pair.privateKeyPEM, mode: 0o600)
        try KeyFiles.create(publicPath, contents: pair.publicKeyPEM, mode: 0o644)

        let output = Output(options: global)
        let privateName = out
        let publicName = KeyFiles.publicPath(for: privateName)
        if global.json {
            return output.json(
                JSONDocument.make([
                    ("privateKeyFile", .string(privatePath)), ("publicKeyFile", .string(publicPath)),
                    ("publicKey", .string(pair.publicKeyPEM)),
                ]))
        }
        output.line("Wrote \(privateName) (private key, mode 0600) and \(publicName) (public key).")
        output.line()
        output.line(pair.publicKeyPEM.trimmingCharacters(in: .newlines))
        output.line()
        output.line("Next steps:")
        output.line("  CloudKit      paste \(publicName) into CloudKit Dashboard → API Access → Server-to-Server Keys,")
        output.line("                then, in the cloudkit remote of cksync.toml:")
        output.line("                  key-id = \"<the Key ID the Dashboard shows>\"")
        output.line("                  private-key-file = \"\(privateName)\"")
        output.line("                (or put the private key's text in $\(CloudKitClient.Configuration.privateKeyVariable))")
        output.line("  cksync serve  cksync serve --key KEYID=\(publicName)   (any KEYID; the same key-id in cksync.toml)")
        output.line("Keep \(privateName) secret: do not commit it.")
    }
}

struct PublicKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "public",
        abstract: "Print the public key (SPKI PEM) of a private key file, as `openssl ec -pubout` does.",
        discussion: """
            Accepts SEC1 and PKCS#8 PEM.

            Examples:
              cksync key public --in eckey.pem > eckey.pub.pem

            Exit codes: 0 printed; 2 the file cannot be read or is not a key.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("in"), help: ArgumentHelp("The private key file.", valueName: "file"))
    var input = "eckey.pem"

    func run() async throws {
        let path = global.resolvePath(input)
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw InputError(file: input, message: "cannot read the private key file")
        }
        let pem = try ServerToServerKey.publicKeyPEM(privateKeyPEM: text, source: input)
        if global.json { return Output(options: global).json(JSONDocument.make([("publicKey", .string(pem))])) }
        print(pem, terminator: "")
    }
}

/// Paths and exclusive creation of key files.
enum KeyFiles {
    /// `eckey.pem` → `eckey.pub.pem`; `key` → `key.pub.pem`.
    static func publicPath(for path: String) -> String {
        (path.hasSuffix(".pem") ? String(path.dropLast(4)) : path) + ".pub.pem"
    }

    /// Creates `path` with `mode`, failing if it exists (O_EXCL: no window where another process's
    /// file is overwritten or the key is readable by others).
    static func create(_ path: String, contents: String, mode: mode_t) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard descriptor >= 0 else {
            let code = errno
            throw InputError(
                file: path,
                message: code == EEXIST ? "exists; refusing to overwrite it" : "cannot create (\(String(cString: strerror(code))))")
        }
        defer { close(descriptor) }
        _ = fchmod(descriptor, mode)
        let bytes = Array(contents.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard result > 0 else {
                throw InputError(file: path, message: "cannot write (\(String(cString: strerror(errno))))")
            }
            written += result
        }
    }
}
