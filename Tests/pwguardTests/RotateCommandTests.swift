import Foundation
import XCTest

/// Runs `pwguard rotate` as a user would: the plan, JSON, --apply, --status,
/// and the errors (malformed files, bad options) with exit status 2.
final class RotateCommandTests: XCTestCase {
    private var directory: URL!
    private var root: String { directory.path }
    private var shadowPath: String { root + "/etc/shadow" }

    static let shadow = """
        root:$6$r$h:19000:0:99999:7:::
        daemon:*:19000:0:99999:7:::
        alice:$6$a$h:19500:0:99999:7:::
        bob:$6$b$h:19600:1:90:7:30::
        carol:!$6$c$h:19700:0:99999:7:::

        """
    static let passwd = """
        root:x:0:0::/root:/bin/sh
        daemon:x:1:1::/:/usr/sbin/nologin
        alice:x:1000:1000:Alice:/home/alice:/bin/sh
        bob:x:1001:1001:Bob:/home/bob:/bin/sh
        carol:x:1002:1002:Carol:/home/carol:/bin/sh

        """

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pwguard-rotate-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: directory.path + "/etc", withIntermediateDirectories: true)
        try write("etc/shadow", Self.shadow)
        try write("etc/passwd", Self.passwd)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    @discardableResult
    private func write(_ name: String, _ text: String) throws -> String {
        let path = root + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func run(_ arguments: [String]) throws -> PwguardRun {
        try PwguardBinary.run(["rotate", "--root", root] + arguments, input: Data(), in: directory)
    }

    private func shadowText() throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: shadowPath)), as: UTF8.self)
    }

    private func report() throws -> String {
        try write("audit.json", """
            {"format":"pwguard-audit","version":1,"parameters":{},"summary":{},
             "accounts":[
              {"login":"alice","file":"/etc/shadow","line":3,"scheme":"sha512crypt","status":"cracked",
               "findings":[{"code":"guessable_password","severity":"high","detail":"found by user context after 12 guesses"}]},
              {"login":"daemon","findings":[{"code":"empty_password","severity":"critical"}]},
              {"login":"mallory","findings":[{"code":"breached","severity":"high"}]}],
             "file_findings":[],"errors":[]}
            """)
    }

    func testDryRunPrintsFieldDiffsAndReasonsAndWritesNothing() throws {
        let result = try run(["--profile", "cis", "--from-audit", try report(), "--lock-compromised"])
        XCTAssertEqual(result.status, 0, result.errors)
        let output = result.output
        XCTAssertTrue(output.contains("dry run"), output)
        XCTAssertTrue(output.contains("alice (line 3)"), output)
        XCTAssertTrue(output.contains("lastchg: 19500 -> 0"), output)
        XCTAssertTrue(output.contains("guessable_password [nist:evidence-of-compromise]"), output)
        XCTAssertTrue(output.contains("password: unlocked -> locked"), output)
        XCTAssertTrue(output.contains("max: 99999 -> 365"), output)
        XCTAssertTrue(output.contains("[cis:pass-max-days]"), output)
        XCTAssertTrue(output.contains("inactive: 30") == false, output)  // bob's 30 is within the limit
        XCTAssertTrue(output.contains("left alone: daemon: system account (uid 1)"), output)
        XCTAssertTrue(output.contains("in the audit report but not in \(shadowPath): mallory"), output)
        XCTAssertFalse(output.contains("$6$"), "hashes must never be printed")
        XCTAssertEqual(try shadowText(), Self.shadow)
        XCTAssertFalse(FileManager.default.fileExists(atPath: shadowPath + "-"))
    }

    func testJSONPlan() throws {
        let result = try run(["--profile", "cis", "--from-audit", try report(), "--json"])
        XCTAssertEqual(result.status, 0, result.errors)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        XCTAssertEqual(object["format"] as? String, "pwguard-rotate")
        XCTAssertEqual(object["mode"] as? String, "plan")
        XCTAssertEqual(object["not_in_shadow"] as? [String], ["mallory"])
        let accounts = try XCTUnwrap(object["accounts"] as? [[String: Any]])
        XCTAssertEqual(accounts.map { $0["login"] as? String }, ["alice"])
        let first = try XCTUnwrap((accounts[0]["actions"] as? [[String: Any]])?.first)
        XCTAssertEqual(first["field"] as? String, "lastchg")
        XCTAssertEqual(first["from"] as? Int, 19500)
        XCTAssertEqual(first["to"] as? Int, 0)
        XCTAssertEqual(first["reason"] as? String, "guessable_password")
        XCTAssertEqual(first["rule"] as? String, "nist:evidence-of-compromise")
        let skipped = try XCTUnwrap(object["skipped"] as? [[String: Any]])
        XCTAssertEqual(skipped.first?["login"] as? String, "daemon")
    }

    func testApplyWritesThePlanWithBackup() throws {
        let result = try run(["--profile", "custom", "--max-days", "60", "--warn-days", "14", "--apply"])
        XCTAssertEqual(result.status, 0, result.errors)
        XCTAssertTrue(result.output.contains("(applied)"), result.output)
        XCTAssertTrue(result.output.contains("2 accounts changed, 4 fields"), result.output)
        XCTAssertEqual(try shadowText(), Self.shadow
            .replacingOccurrences(of: "alice:$6$a$h:19500:0:99999:7:", with: "alice:$6$a$h:19500:0:60:14:")
            .replacingOccurrences(of: "bob:$6$b$h:19600:1:90:7:", with: "bob:$6$b$h:19600:1:60:14:"))
        XCTAssertEqual(try String(contentsOfFile: shadowPath + "-", encoding: .utf8), Self.shadow)
        // Applying again changes nothing.
        let again = try run(["--profile", "custom", "--max-days", "60", "--warn-days", "14", "--apply"])
        XCTAssertTrue(again.output.contains("0 accounts changed"), again.output)
    }

    func testNamedUsersAndClearingAField() throws {
        let result = try run(["--profile", "custom", "--users", "root,bob", "--max-days", "-1", "--apply"])
        XCTAssertEqual(result.status, 0, result.errors)
        XCTAssertTrue(try shadowText().contains("root:$6$r$h:19000:0::7:::\n"))
        XCTAssertTrue(try shadowText().contains("bob:$6$b$h:19600:1::7:30::\n"))
        let missing = try run(["--profile", "cis", "--users", "nobody"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.errors.contains("not in \(shadowPath): nobody"), missing.errors)
    }

    func testMinUIDOption() throws {
        let result = try run(["--profile", "cis", "--min-uid", "1001", "--json"])
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        XCTAssertEqual((object["accounts"] as? [[String: Any]])?.map { $0["login"] as? String }, [])
    }

    func testStatusLikeChageL() throws {
        let text = try run(["--status"])
        XCTAssertEqual(text.status, 0, text.errors)
        XCTAssertTrue(text.output.contains("bob (uid 1001)"), text.output)
        XCTAssertTrue(text.output.contains("carol (uid 1002, locked)"), text.output)
        XCTAssertFalse(text.output.contains("root (uid 0)"), text.output)
        XCTAssertTrue(text.output.contains("Password expires                                   : 2023-11-29"), text.output)
        XCTAssertTrue(text.output.contains("nist:no-periodic-change"), text.output)
        let json = try run(["--status", "--profile", "cis", "--json", "--users", "alice,root"])
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        let accounts = try XCTUnwrap(object["accounts"] as? [[String: Any]])
        XCTAssertEqual(accounts.map { $0["login"] as? String }, ["root", "alice"])
        XCTAssertEqual(accounts[1]["last_change"] as? String, "2023-05-23")
        XCTAssertEqual(accounts[1]["password_expires"] as? String, "never")
        XCTAssertEqual(accounts[1]["broken_rules"] as? [String], ["cis:pass-max-days", "cis:pass-min-days", "cis:inactive"])
    }

    func testStatusWithEvidenceShowsPendingForcedChange() throws {
        let result = try run(["--status", "--from-audit", try report(), "--json"])
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let alice = try XCTUnwrap((object["accounts"] as? [[String: Any]])?.first { $0["login"] as? String == "alice" })
        XCTAssertEqual((alice["broken_rules"] as? [String])?.first, "nist:evidence-of-compromise")
    }

    func testMalformedShadowRefusesWithFileAndLine() throws {
        let broken = Self.shadow + "dave:$6$d$h:19800:0\n"
        try write("etc/shadow", broken)
        for arguments in [["--profile", "cis", "--apply"], ["--status"], ["--profile", "cis"]] {
            let result = try run(arguments)
            XCTAssertEqual(result.status, 2)
            XCTAssertTrue(result.errors.contains("\(shadowPath):6: has 4 fields, expected 9"), result.errors)
            XCTAssertEqual(try shadowText(), broken)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: shadowPath + "-"))
    }

    func testUsageErrors() throws {
        for (arguments, message) in [
            (["--profile", "strict"], "--profile must be nist, cis or custom"),
            (["--profile", "nist", "--max-days", "90"], "the nist profile sets no ages"),
            (["--profile", "custom"], "the custom profile needs"),
            (["--status", "--apply"], "cannot be combined"),
            (["--from-audit", root + "/missing.json"], "missing.json: cannot read"),
        ] {
            let result = try run(arguments)
            XCTAssertEqual(result.status, 2, "\(arguments)")
            XCTAssertTrue(result.errors.contains(message), "\(arguments): \(result.errors)")
        }
        let noShadow = try PwguardBinary.run(["rotate", "--root", root + "/nowhere"], input: Data(), in: directory)
        XCTAssertEqual(noShadow.status, 2)
        XCTAssertTrue(noShadow.errors.contains("nowhere/etc/shadow: cannot read"), noShadow.errors)
    }
}
