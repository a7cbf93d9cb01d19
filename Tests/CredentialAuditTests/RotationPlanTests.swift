import Foundation
import XCTest
@testable import CredentialAudit

/// Planning: profiles, scope, evidence from audit reports, and status.
final class RotationPlanTests: XCTestCase {
    static let shadow = ShadowFile(bytes: Array("""
        root:$6$r$h:19000:0:99999:7:::
        daemon:*:19000:0:99999:7:::
        alice:$6$a$h:19500:0:99999:7:::
        bob:!$6$b$h:19600:0:99999:7:::
        carol:$6$c$h:19700:2:90:14:30::
        nopw:*:19700:0:99999:7:::
        ghost:$6$g$h:19700:0:99999:7:::

        """.utf8), path: "shadow")
    static let passwd = PasswdFile(bytes: Array("""
        root:x:0:0::/root:/bin/sh
        daemon:x:1:1::/:/bin/false
        alice:x:1000:1000::/home/alice:/bin/sh
        bob:x:1001:1001::/home/bob:/bin/sh
        carol:x:1002:1002::/home/carol:/bin/sh
        nopw:x:1003:1003::/home/nopw:/bin/sh

        """.utf8), path: "passwd")

    private func report(_ accounts: String) throws -> AuditEvidence {
        try AuditEvidence(reportBytes: Array("{\"format\":\"pwguard-audit\",\"version\":1,\"accounts\":[\(accounts)]}".utf8),
                          path: "r.json")
    }

    private func plan(_ request: RotationRequest) throws -> RotationPlan {
        try RotationPlan(shadow: Self.shadow, passwd: Self.passwd, request: request)
    }

    func testProfilesCheckTheirNumbers() {
        XCTAssertThrowsError(try RotationPolicy(profile: .nist, maxDays: 90))
        XCTAssertThrowsError(try RotationPolicy(profile: .custom))
        XCTAssertNoThrow(try RotationPolicy(profile: .custom, hasEvidence: true))
        XCTAssertThrowsError(try RotationPolicy(profile: .cis, maxDays: -1))
        XCTAssertThrowsError(try RotationPolicy(profile: .custom, maxDays: -2))
        XCTAssertEqual(try RotationPolicy(profile: .cis, maxDays: 90).maxDays, 90)
        XCTAssertEqual(try RotationPolicy(profile: .cis).inactiveDays, 45)
    }

    /// CIS numbers are limits: carol's stricter values stay; locked (bob),
    /// `*` (nopw), system (root, daemon) and passwd-less (ghost) accounts are left alone.
    func testCISScopeAndLimits() throws {
        let result = try plan(RotationRequest(policy: try RotationPolicy(profile: .cis)))
        XCTAssertEqual(result.accounts.map(\.login), ["alice"])
        let alice = try XCTUnwrap(result.accounts.first)
        XCTAssertEqual(alice.actions.map(\.rule), ["cis:pass-max-days", "cis:pass-min-days", "cis:inactive"])
        XCTAssertEqual(alice.actions.map { "\($0.field.rawValue): \($0.from) -> \($0.to)" },
                       ["max: 99999 -> 365", "min: 0 -> 1", "inactive: (empty) -> 45"])
        XCTAssertEqual(alice.after.line, "alice:$6$a$h:19500:1:365:7:45::")
        XCTAssertEqual(alice.line, 3)
    }

    func testNamedUsersIncludeSystemAndLockedAccounts() throws {
        let result = try plan(RotationRequest(policy: try RotationPolicy(profile: .custom, maxDays: 30), users: ["root", "bob"]))
        XCTAssertEqual(result.accounts.map(\.login), ["root", "bob"])
        XCTAssertThrowsError(try plan(RotationRequest(policy: try RotationPolicy(profile: .custom, maxDays: 30), users: ["zed"]))) {
            XCTAssertEqual("\($0)", "not in shadow: zed")
        }
    }

    func testMinUIDMovesTheHumanRange() throws {
        let result = try plan(RotationRequest(policy: try RotationPolicy(profile: .custom, maxDays: 30),
                                              uidRange: HumanUIDRange(minimum: 1002, maximum: 60000)))
        XCTAssertEqual(result.accounts.map(\.login), ["carol"])
    }

    /// Evidence: each action carries the finding codes and the NIST tag;
    /// system accounts are skipped with a reason; logins not here are listed.
    func testEvidenceForcesChangeWithReasons() throws {
        let evidence = try report("""
            {"login":"alice","file":"/etc/shadow","line":3,"findings":[{"code":"guessable_password"},{"code":"weak_scheme"},{"code":"breached"}]},
            {"login":"bob","findings":[{"code":"locked_weak"}]},
            {"login":"carol","findings":[{"code":"password_too_old"}]},
            {"login":"root","findings":[{"code":"empty_password"}]},
            {"login":"zed","findings":[{"code":"shared_password"}]}
            """)
        let result = try plan(RotationRequest(policy: try RotationPolicy(profile: .nist), evidence: evidence, lockCompromised: true))
        XCTAssertEqual(result.accounts.map(\.login), ["alice", "bob"])
        let alice = result.accounts[0]
        XCTAssertEqual(alice.actions.map(\.field), [.lastchg, .password])
        XCTAssertEqual(alice.actions[0].reason, "guessable_password,breached")
        XCTAssertEqual(alice.actions[0].rule, "nist:evidence-of-compromise")
        XCTAssertEqual(alice.actions[0].source, "r.json (/etc/shadow:3)")
        XCTAssertEqual(alice.after.line, "alice:!$6$a$h:0:0:99999:7:::")
        // bob is already locked: only the forced change.
        XCTAssertEqual(result.accounts[1].actions.map(\.field), [.lastchg])
        XCTAssertEqual(result.skipped, [SkippedAccount(login: "root", reason: "system account (uid 0); name it with --users",
                                                       codes: ["empty_password"])])
        XCTAssertEqual(result.notInShadow, ["zed"])
    }

    /// A web (htpasswd) or directory password is not the login password:
    /// only accounts read from shadow files (or with no format) count.
    func testEvidenceFromOtherStoresIsNotUsed() throws {
        let evidence = try report("""
            {"login":"alice","format":"htpasswd","findings":[{"code":"guessable_password"}]},
            {"login":"carol","format":"shadow","findings":[{"code":"breached"}]},
            {"login":"bob","format":"ldif","findings":[{"code":"weak_scheme"}]}
            """)
        XCTAssertEqual(evidence.logins, ["carol"])
        XCTAssertEqual(evidence.otherStores, ["alice (htpasswd)"])
        let result = try plan(RotationRequest(policy: try RotationPolicy(profile: .nist), evidence: evidence))
        XCTAssertEqual(result.accounts.map(\.login), ["carol"])
        XCTAssertEqual(result.otherStores, ["alice (htpasswd)"])
    }

    func testReportsThatAreNotAuditReportsAreRefused() {
        for (text, message) in [("not json", "is not valid JSON"), ("{\"format\":\"other\"}", "is not a pwguard audit report"),
                                ("{\"format\":\"pwguard-audit\",\"version\":2,\"accounts\":[]}", "unsupported report version"),
                                ("{\"format\":\"pwguard-audit\",\"version\":1}", "no \"accounts\" array")] {
            XCTAssertThrowsError(try AuditEvidence(reportBytes: Array(text.utf8), path: "r.json")) {
                XCTAssertTrue("\($0)".hasPrefix("r.json: "), "\($0)")
                XCTAssertTrue("\($0)".contains(message), "\($0)")
            }
        }
    }

    func testMalformedPasswdRefuses() {
        let passwd = PasswdFile(bytes: Array("alice:x:notanumber:1::/:/bin/sh\n".utf8), path: "passwd")
        XCTAssertThrowsError(try RotationPlan(shadow: Self.shadow, passwd: passwd,
                                              request: RotationRequest(policy: try RotationPolicy(profile: .cis)))) {
            XCTAssertTrue("\($0)".hasPrefix("passwd:1: uid or gid is not a number"), "\($0)")
        }
    }

    func testStatusRulesAndDates() throws {
        XCTAssertEqual(isoDate(0), "1970-01-01")
        XCTAssertEqual(isoDate(19_500), "2023-05-23")
        XCTAssertEqual(isoDate(-1), "1969-12-31")
        XCTAssertEqual(daysSinceEpoch(secondsSinceEpoch: 86_399), 0)
        let carol = Self.shadow.entries[4]
        let nist = AccountStatus(entry: carol, uid: 1002, policy: try RotationPolicy(profile: .nist), today: 20_000)
        XCTAssertEqual(nist.brokenRules, ["nist:no-periodic-change"])
        XCTAssertEqual(nist.passwordExpires, .day(19_790))
        XCTAssertEqual(nist.passwordInactive, .day(19_820))
        let future = ShadowEntry(login: "f", password: "x", lastChange: 30_000, maxDays: 400)
        let cis = AccountStatus(entry: future, uid: 1000, policy: try RotationPolicy(profile: .cis), today: 20_000, forcedByEvidence: true)
        XCTAssertEqual(cis.brokenRules, ["nist:evidence-of-compromise", "cis:pass-max-days", "cis:pass-min-days",
                                         "cis:pass-warn-age", "cis:inactive", "cis:last-change-in-past"])
    }

    func testLoginDefsRange() {
        let range = HumanUIDRange(loginDefs: Array("# comment\nUID_MIN\t 500\nUID_MAX 29999\nSYS_UID_MIN 100\n".utf8))
        XCTAssertEqual(range, HumanUIDRange(minimum: 500, maximum: 29_999))
        XCTAssertEqual(HumanUIDRange(loginDefs: []), HumanUIDRange(minimum: 1000, maximum: 60_000))
    }

    /// The fast rewrite equals apply(to:) + serialized(), on files with
    /// blank, NIS and odd-but-valid lines, with and without a final newline.
    func testRewrittenBytesEqualSerializedAfterApply() throws {
        let text = "root:$6$r$h:019000:0:99999:7:::\n+nis::::::::\n\nalice:$6$a$h:19500:0:99999:7:::\nbob:x:19600::::::r\ncarol:$6$c$h:1:2:3:4:5:6:"
        let passwd = PasswdFile(bytes: Array("root:x:0:0::/:/bin/sh\nalice:x:1000:1:::\nbob:x:1001:1:::\ncarol:x:1002:1:::\n".utf8), path: "passwd")
        for bytes in [Array(text.utf8), Array((text + "\n").utf8)] {
            let file = ShadowFile(bytes: bytes, path: "shadow")
            for policy in [try RotationPolicy(profile: .cis), try RotationPolicy(profile: .custom, maxDays: 3, warnDays: 4)] {
                let plan = try RotationPlan(shadow: file, passwd: passwd, request: RotationRequest(policy: policy))
                var applied = file
                plan.apply(to: &applied)
                XCTAssertEqual(plan.rewrittenBytes(of: file), applied.serialized())
            }
        }
    }
}
