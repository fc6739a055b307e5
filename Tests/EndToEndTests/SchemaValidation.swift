import Foundation
import Testing

/// Checks real `--json` output against its documented schema in docs/json with the reference
/// validator (python-jsonschema, through scripts/validate-json).
enum SchemaValidation {
    /// Expects `document` to be valid under `docs/json/<schema>.schema.json`.
    static func expectValid(
        _ document: String, schema: String, in cli: CLI, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let file = cli.work.appendingPathComponent("document-\(UUID().uuidString).json")
        try document.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await CLI.execute(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", CLI.repositoryRoot.appendingPathComponent("scripts/validate-json").path, schema, file.path],
            in: cli.work)
        #expect(
            result.exitCode == 0, "not a valid \(schema) document: \(result.stderr)\n\(document)",
            sourceLocation: sourceLocation)
    }
}
