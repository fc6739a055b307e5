import Foundation
import TestSupport
import Testing

/// Runs the git CLI and returns its output; a failure is a test failure naming git's message.
@discardableResult
func git(_ arguments: [String], input: String? = nil) throws -> String {
    var environment = ProcessInfo.processInfo.environment
    environment["GIT_CONFIG_NOSYSTEM"] = "1"
    let run = try runToCompletion(
        URL(fileURLWithPath: "/usr/bin/env"), ["git"] + arguments, environment: environment,
        input: try input.map { try Data(contentsOf: URL(fileURLWithPath: $0)) })
    #expect(
        run.exitCode == 0, "git \(arguments.joined(separator: " ")) failed: \(run.errors)")
    return run.output
}
