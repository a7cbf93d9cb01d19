import Foundation
import XCTest
import TestSupport
@testable import CredentialAudit

/// The fields pwguard rotate writes are the fields chage(1) (and passwd -l)
/// writes for the same requests on the same file: each test applies a
/// request with RotationRoot on one copy of a root, runs the equivalent
/// `chage --root` commands on another, and compares the shadow files byte
/// for byte (the sample is in the form shadow-utils writes, so every other
/// line is identical too). chage --root chroots: these tests run as root.
final class RotationChageTests: XCTestCase {
    static let sample = """
        root:$6$r$h:19000:0:99999:7:::
        daemon:*:19000:0:99999:7:::
        alice:$6$a$h:19500:0:99999:7:::
        bob:$y$j9T$b$h:19600::::::
        carol:$6$c$h:19700:2:90:14:30::
        dave:!$6$d$h:19800:0:99999:7:::
        erin::19900:0:99999:7::20500:

        """
    static let uids: [String: UInt32] = ["root": 0, "daemon": 1]

    override func setUpWithError() throws {
        try Requirement.requireRoot("chage --root (it chroots)")
        try Requirement.requireExecutable("/usr/bin/chage", package: "passwd")
    }

    /// Applies `request` with pwguard and `commands` (chage/passwd arguments
    /// before the login) with shadow-utils; the files must be equal.
    private func assertSameAsShadowUtils(_ request: RotationRequest, report: [(String, [String])] = [],
                                         _ commands: [(tool: String, arguments: [String])],
                                         file: StaticString = #filePath, line: UInt = #line) throws {
        let ours = try RotationTestRoot(shadow: Self.sample, uids: Self.uids)
        let theirs = try ours.copy()
        defer { ours.remove(); theirs.remove() }
        var request = request
        if !report.isEmpty {
            let path = try ours.writeReport(report)
            request.evidence = try AuditEvidence(reportBytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))), path: path)
        }
        let result = try RotationRoot(ours.path).apply(request)
        XCTAssertEqual(result.outcome.wrote, !commands.isEmpty, file: file, line: line)
        for command in commands {
            let flag = command.tool == "chage" ? "--root" : "-R"
            let run = try runTool("/usr/bin/" + command.tool, [flag, theirs.path] + command.arguments)
            XCTAssertEqual(run.status, 0, "\(command.tool) \(command.arguments): \(run.errors)", file: file, line: line)
        }
        XCTAssertEqual(try ours.shadowText(), try theirs.shadowText(), file: file, line: line)
        XCTAssertNotEqual(try ours.shadowText(), Self.sample, file: file, line: line)
    }

    private func custom(max: Int? = nil, min: Int? = nil, warn: Int? = nil, inactive: Int? = nil,
                        users: [String]? = nil) throws -> RotationRequest {
        RotationRequest(policy: try RotationPolicy(profile: .custom, maxDays: max, minDays: min, warnDays: warn, inactiveDays: inactive),
                        users: users)
    }

    func testMaximumAgeForOneUserMatchesChageM() throws {
        try assertSameAsShadowUtils(try custom(max: 90, users: ["alice"]), [("chage", ["-M", "90", "alice"])])
    }

    func testEveryAgeingFieldMatchesChage() throws {
        let arguments = ["-m", "2", "-M", "120", "-W", "10", "-I", "30"]
        try assertSameAsShadowUtils(try custom(max: 120, min: 2, warn: 10, inactive: 30, users: ["alice", "bob"]),
                                    [("chage", arguments + ["alice"]), ("chage", arguments + ["bob"])])
    }

    func testMinusOneClearsLikeChage() throws {
        try assertSameAsShadowUtils(try custom(max: -1, inactive: -1, users: ["carol"]),
                                    [("chage", ["-M", "-1", "-I", "-1", "carol"])])
    }

    /// Without --users: every human account that is not locked (dave is).
    func testHumanScopeMatchesChageOnEachHumanAccount() throws {
        try assertSameAsShadowUtils(try custom(max: 60),
                                    ["alice", "bob", "carol", "erin"].map { ("chage", ["-M", "60", $0]) })
    }

    /// CIS limits: stricter values are kept (carol), unset ones filled.
    func testCISProfileMatchesChage() throws {
        let request = RotationRequest(policy: try RotationPolicy(profile: .cis))
        try assertSameAsShadowUtils(request, [
            ("chage", ["-M", "365", "-m", "1", "-I", "45", "alice"]),
            ("chage", ["-M", "365", "-m", "1", "-W", "7", "-I", "45", "bob"]),
            ("chage", ["-M", "365", "-m", "1", "-I", "45", "erin"]),
        ])
    }

    /// Evidence forces a change like chage -d 0; the locked human account
    /// (dave) is named by the report and changed; root (a system account) is not.
    func testEvidenceMatchesChageD0() throws {
        let request = RotationRequest(policy: try RotationPolicy(profile: .nist))
        try assertSameAsShadowUtils(request, report: [("alice", ["guessable_password"]), ("erin", ["empty_password"]),
                                                      ("dave", ["locked_weak"]), ("root", ["breached"])],
                                    [("chage", ["-d", "0", "alice"]), ("chage", ["-d", "0", "erin"]),
                                     ("chage", ["-d", "0", "dave"])])
    }

    /// --lock-compromised matches chage -d 0 followed by passwd -l.
    func testLockCompromisedMatchesPasswdL() throws {
        let request = RotationRequest(policy: try RotationPolicy(profile: .nist), lockCompromised: true)
        try assertSameAsShadowUtils(request, report: [("bob", ["breached", "shared_password"])],
                                    [("chage", ["-d", "0", "bob"]), ("passwd", ["-l", "bob"])])
    }

    /// --status computes last change, expiry, inactivity and account expiry
    /// as chage -l prints them.
    func testStatusDatesMatchChageL() throws {
        let root = try RotationTestRoot(shadow: Self.sample, uids: Self.uids)
        defer { root.remove() }
        let shadow = ShadowFile(bytes: Array(try root.shadowBytes()), path: root.shadowPath)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "MMM dd, yyyy"
        func chageText(_ date: AgeingDate) -> String {
            switch date {
            case .day(let day): return formatter.string(from: Date(timeIntervalSince1970: Double(day) * 86_400))
            case .never: return "never"
            case .mustChange: return "password must be changed"
            }
        }
        var forced = shadow
        forced.update("alice") { $0.lastChange = 0 }
        let policy = try RotationPolicy(profile: .nist)
        for entry in shadow.entries + forced.entries.filter({ $0.login == "alice" }) {
            let status = AccountStatus(entry: entry, uid: nil, policy: policy, today: 20_000)
            if entry.lastChange == 0 {
                try Data(forced.serialized()).write(to: URL(fileURLWithPath: root.shadowPath))
            }
            let run = try runTool("/usr/bin/chage", ["--root", root.path, "-l", entry.login],
                                  environment: ["LC_ALL": "C", "TZ": "UTC", "PATH": "/usr/bin:/bin"])
            XCTAssertEqual(run.status, 0, run.errors)
            var printed: [String: String] = [:]
            for line in run.output.split(separator: "\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2 else { continue }
                printed[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].trimmingCharacters(in: .whitespaces)
            }
            XCTAssertEqual(printed["Last password change"], chageText(status.lastChange), entry.login)
            XCTAssertEqual(printed["Password expires"], chageText(status.passwordExpires), entry.login)
            XCTAssertEqual(printed["Password inactive"], chageText(status.passwordInactive), entry.login)
            XCTAssertEqual(printed["Account expires"], chageText(status.accountExpires), entry.login)
        }
    }
}
