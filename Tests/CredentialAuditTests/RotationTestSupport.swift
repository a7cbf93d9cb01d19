import Foundation
import XCTest
@testable import CredentialAudit

/// A temporary root directory with etc/passwd, etc/shadow and
/// etc/login.defs, as `chage --root` and `pwguard rotate --root` read them.
struct RotationTestRoot {
    let url: URL
    var path: String { url.path }
    var etc: String { url.path + "/etc" }
    var shadowPath: String { etc + "/shadow" }

    /// passwd lines are made from the shadow lines' logins with `uids`
    /// (login -> uid); logins not listed get uid 1000 + their index.
    init(shadow: String, uids: [String: UInt32] = [:], loginDefs: String = "UID_MIN 1000\nUID_MAX 60000\n") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("pwguard-rotate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: url.path + "/etc", withIntermediateDirectories: true)
        var passwd = ""
        var group = ""
        for (index, line) in shadow.split(separator: "\n").enumerated() {
            guard let login = line.split(separator: ":", omittingEmptySubsequences: false).first, !login.isEmpty else { continue }
            let uid = uids[String(login)] ?? UInt32(1000 + index)
            passwd += "\(login):x:\(uid):\(uid)::/home/\(login):/bin/sh\n"
            group += "\(login):x:\(uid):\n"
        }
        try Data(passwd.utf8).write(to: url.appendingPathComponent("etc/passwd"))
        try Data(group.utf8).write(to: url.appendingPathComponent("etc/group"))
        try Data(loginDefs.utf8).write(to: url.appendingPathComponent("etc/login.defs"))
        try Data(shadow.utf8).write(to: url.appendingPathComponent("etc/shadow"))
        chmod(shadowPath, 0o640)
    }

    /// A second root with the same files.
    func copy() throws -> RotationTestRoot {
        let other = try RotationTestRoot(shadow: "")
        for name in ["passwd", "group", "login.defs", "shadow"] {
            try FileManager.default.removeItem(atPath: other.etc + "/" + name)
            try FileManager.default.copyItem(atPath: etc + "/" + name, toPath: other.etc + "/" + name)
        }
        return other
    }

    func shadowBytes() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: shadowPath)) }
    func shadowText() throws -> String { String(decoding: try shadowBytes(), as: UTF8.self) }

    func remove() { try? FileManager.default.removeItem(at: url) }

    /// Writes an audit report (docs/audit-report.md shape) naming `findings` (login -> codes).
    func writeReport(_ findings: [(String, [String])]) throws -> String {
        let accounts = findings.enumerated().map { index, item in
            ["login": item.0, "file": "/etc/shadow", "line": index + 1, "status": "cracked",
             "findings": item.1.map { ["code": $0, "severity": "high", "detail": "test"] }] as [String: Any]
        }
        let report: [String: Any] = ["format": "pwguard-audit", "version": 1, "parameters": [:] as [String: Any],
                                     "summary": [:] as [String: Any], "accounts": accounts,
                                     "file_findings": [] as [Any], "errors": [] as [Any]]
        let path = url.path + "/report.json"
        try JSONSerialization.data(withJSONObject: report).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// Runs a program to completion; returns its exit status, standard output
/// and standard error (small outputs only: both pipes are read after exit).
@discardableResult
func runTool(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws
    -> (status: Int32, output: String, errors: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let output = Pipe()
    let errors = Pipe()
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}
