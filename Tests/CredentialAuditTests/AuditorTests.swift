import Foundation
import XCTest
@testable import CredentialAudit

/// The auditor on in-memory stores of real hashes: status rules, how a
/// guessed password was found, breach and sharing checks, wiping.
final class AuditorTests: XCTestCase {
    private func store(_ accounts: [StoredAccount], format: StoreFormat = .shadow) -> LoadedStore {
        LoadedStore(path: "mem", format: format, accounts: accounts, errors: [],
                    status: FileStatus(uid: 0, gid: 0, mode: 0o600))
    }

    private func account(_ login: String, _ secret: StoredSecret, locked: Bool = false) -> StoredAccount {
        StoredAccount(login: login, file: "mem", line: 1, format: .shadow, secret: secret, isLocked: locked)
    }

    private func audit(_ accounts: [StoredAccount], _ configure: (inout AuditOptions) -> Void = { _ in }) throws -> AuditReport {
        var options = AuditOptions(threads: 2, today: 20_000)
        configure(&options)
        return try Auditor(options: options).run([store(accounts)], files: ["mem"])
    }

    func testEachGuessingStageSaysHowItFoundThePassword() throws {
        let words = FileManager.default.temporaryDirectory.appendingPathComponent("auditor-words-\(UUID().uuidString)")
        try "not-this\nQuokka-Zebra-41\n".write(to: words, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: words) }
        let cases: [(GuessMethod, String, String)] = [
            (.wordlist, "Quokka-Zebra-41", "a word list"),
            (.lexicon, "password", "the built-in word list"),
            (.model, "zaq12wsx", "the pattern model"),
            (.userContext, "kim2024", "user context"),
        ]
        for (method, password, how) in cases {
            let hash = try HashTool.mkpasswd("md5crypt", password)
            let report = try audit([account("kim", .hash(hash))]) {
                $0.methods = [method]
                $0.wordlists = [words.path]
                $0.maxGuesses = 200_000
            }
            let result = try XCTUnwrap(report.accounts.first)
            XCTAssertEqual(result.status, .cracked, "\(method)")
            XCTAssertEqual(result.guessing?.method, method.rawValue)
            let finding = result.findings.first { $0.code == .guessablePassword }
            XCTAssertTrue(finding?.detail.contains(how) ?? false, "\(finding?.detail ?? "none") should say \(how)")
            XCTAssertNil(result.password, "no password kept without showPasswords")
        }
    }

    func testStatusRules() throws {
        let empty = try HashTool.mkpasswd("sha512crypt", "", cost: 1000)
        let weak = try HashTool.mkpasswd("sha512crypt", "kim", cost: 1000)
        let report = try audit([
            account("a", .empty),
            account("b", .disabled),
            account("kim", .hash(weak), locked: true),
            account("d", .hash(empty), locked: true),
            account("e", .hash("$9$nope$nope")),
            account("kim", .hash(weak)),
            account("g", .plaintext(Array("secret-stuff".utf8))),
            account("h", .ntlm(nt: "31d6cfe0d16ae931b73c59d7e0c089c0", lm: nil)),
        ]) { $0.maxGuesses = 50 }
        XCTAssertEqual(report.accounts.map(\.status), [.empty, .noPassword, .locked, .locked, .unsupported, .cracked, .cracked, .empty])
        XCTAssertEqual(report.accounts[2].findings.map(\.code).contains(.lockedWeak), true)
        XCTAssertEqual(report.accounts[3].findings.map(\.code).contains(.lockedWeak), true)
        XCTAssertFalse(report.accounts[3].findings.map(\.code).contains(.emptyPassword))
        XCTAssertNil(report.accounts[4].guessing)
        XCTAssertEqual(report.accounts[6].findings.first?.code, .weakScheme)
        XCTAssertEqual(report.accounts[6].findings.first?.severity, .critical)
        XCTAssertTrue(report.accounts[7].findings.map(\.code).contains(.emptyPassword))
        // Both kims have the password "kim": the locked one counts too.
        XCTAssertTrue(report.accounts[5].findings.map(\.code).contains(.sharedPassword))
    }

    func testShowPasswordsKeepsThem() throws {
        let report = try audit([account("g", .plaintext(Array("secret-stuff".utf8)))]) {
            $0.showPasswords = true
            $0.maxGuesses = 0
        }
        XCTAssertEqual(report.accounts.first?.password, "secret-stuff")
    }

    func testUnreadableWordlistIsAnError() {
        let hash = "$1$abcdefgh$abcdefghijklmnopqrstuv"
        XCTAssertThrowsError(try audit([account("kim", .hash(hash))]) {
            $0.wordlists = ["/nonexistent/words.txt"]
            $0.maxGuesses = 5
        })
    }
}
