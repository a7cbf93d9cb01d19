import Foundation

/// What a command printed and how it exited.
public struct CommandOutput {
    /// Exit status (or the signal number, when the command was killed).
    public var status: Int32
    /// Standard output, decoded as UTF-8.
    public var output: String
    /// Standard error, decoded as UTF-8.
    public var errors: String
    /// Both, for failure messages.
    public var all: String { output + errors }
}

/// Runs commands for tests.
public enum Command {
    /// Runs `executable` (a path, or a name looked up on PATH) with
    /// `arguments` in `directory`, `input` on standard input and
    /// `environment` added to the test's own. Output goes through files in
    /// a temporary directory, so a command that prints a lot cannot block.
    public static func run(_ executable: String, _ arguments: [String], in directory: String? = nil,
                           input: String = "", environment: [String: String] = [:]) throws -> CommandOutput {
        let files = FileManager.default.temporaryDirectory.appendingPathComponent("pwguard-command-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: files) }
        let inURL = files.appendingPathComponent("in"), outURL = files.appendingPathComponent("out"),
            errURL = files.appendingPathComponent("err")
        try Data(input.utf8).write(to: inURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = try FileHandle(forReadingFrom: inURL)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        return CommandOutput(status: process.terminationStatus,
                             output: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                             errors: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}
