import Foundation
import XCTest

/// Runs the real hashing tools the tests take their hashes from (mkpasswd,
/// htpasswd, openssl, argon2, python3) and returns their standard output.
enum HashTool {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `arguments` (the first is looked up on PATH) with `input` on
    /// stdin; throws when the tool is missing or fails.
    static func run(_ arguments: [String], input: String = "") throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(arguments.joined(separator: " ")) failed: "
                          + (String(data: errors, encoding: .utf8) ?? ""))
        }
        return (String(data: output, encoding: .utf8) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `mkpasswd -s -m METHOD [-R COST]` for `password`.
    static func mkpasswd(_ method: String, _ password: String, cost: Int? = nil) throws -> String {
        var arguments = ["mkpasswd", "-s", "-m", method]
        if let cost { arguments += ["-R", String(cost)] }
        return try run(arguments, input: password)
    }

    /// The hash part of `htpasswd -nb FLAGS user password`.
    static func htpasswd(_ flags: [String], _ password: String) throws -> String {
        let line = try run(["htpasswd", "-nb"] + flags + ["user", password])
        return String(line.dropFirst("user:".count))
    }

    /// Runs a python3 program that prints one hash; the password arrives on stdin.
    static func python(_ program: String, _ password: String) throws -> String {
        try run(["python3", "-W", "ignore", "-c", "import sys\npw = sys.stdin.buffer.read()\n" + program],
                input: password)
    }
}
