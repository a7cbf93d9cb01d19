import Foundation
import XCTest
@testable import CredentialAudit

/// The report renderers on a hand-built report: shapes, escaping, quoting.
final class ReportFormatTests: XCTestCase {
    private func sampleReport(password: String? = nil) -> AuditReport {
        let hostile = "ev\"il,<b>\u{1B}[31m\nx"
        let accounts = [
            AccountResult(login: hostile, file: "s", line: 3, format: .shadow, scheme: "yescrypt", cost: "j9T",
                          lastChange: 19_000, ageDays: 400, status: .cracked,
                          guessing: GuessingSummary(guesses: 12, method: "user_context",
                                                    stagesCompleted: ["user_context"], exhausted: false),
                          findings: [Finding(.guessablePassword, .high, "password found, \"quoted\"")],
                          password: password),
            AccountResult(login: "daemon", file: "s", line: 4, format: .shadow, status: .noPassword),
        ]
        return AuditReport(parameters: AuditParameters(files: ["s"], today: 19_400),
                           accounts: accounts,
                           fileFindings: [FileFinding(.shadowWorldReadable, .high, file: "s", "mode 644")],
                           errors: [StoreError(file: "s", line: 9, message: "has 3 fields, expected 9")])
    }

    func testJSONShapeAndEscaping() throws {
        let bytes = JSONReport.render(sampleReport())
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        XCTAssertEqual(object["format"] as? String, "pwguard-audit")
        XCTAssertEqual(object["version"] as? Int, 1)
        let summary = try XCTUnwrap(object["summary"] as? [String: Any])
        XCTAssertEqual(summary["accounts"] as? Int, 2)
        XCTAssertEqual(summary["findings"] as? Int, 2)
        XCTAssertEqual((summary["by_status"] as? [String: Int])?["cracked"], 1)
        XCTAssertEqual((summary["by_severity"] as? [String: Int])?["high"], 2)
        let accounts = try XCTUnwrap(object["accounts"] as? [[String: Any]])
        XCTAssertEqual(accounts[0]["login"] as? String, "ev\"il,<b>\u{1B}[31m\nx")
        XCTAssertNil(accounts[0]["password"], "no password key without --show-passwords")
        let guessing = try XCTUnwrap(accounts[0]["guessing"] as? [String: Any])
        XCTAssertEqual(guessing["method"] as? String, "user_context")
        XCTAssertTrue(accounts[1]["guessing"] is NSNull)
        XCTAssertEqual((object["errors"] as? [[String: Any]])?.first?["line"] as? Int, 9)
        XCTAssertEqual((object["file_findings"] as? [[String: Any]])?.first?["code"] as? String, "shadow_world_readable")
        // Keys in the documented order.
        let text = String(decoding: bytes, as: UTF8.self)
        let order = ["\"format\"", "\"parameters\"", "\"summary\"", "\"accounts\"", "\"file_findings\"", "\"errors\""]
        let positions = order.compactMap { text.range(of: $0)?.lowerBound }
        XCTAssertEqual(positions, positions.sorted())
        XCTAssertEqual(positions.count, order.count)
    }

    func testLargeReportsRenderedInPiecesStayInOrder() throws {
        let accounts = (0..<20_000).map {
            AccountResult(login: "u\($0)", file: "s", line: $0 + 1, format: .shadow, status: .notCracked)
        }
        let report = AuditReport(parameters: AuditParameters(files: ["s"], today: 1), accounts: accounts,
                                 fileFindings: [], errors: [])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(JSONReport.render(report))) as? [String: Any])
        let logins = (object["accounts"] as? [[String: Any]] ?? []).compactMap { $0["login"] as? String }
        XCTAssertEqual(logins, accounts.map(\.login))
    }

    func testCSVQuoting() {
        let text = String(decoding: CSVReport.render(sampleReport(), showPasswords: false), as: UTF8.self)
        XCTAssertEqual(text, "login,file,line,scheme,status,code,severity,detail\r\n"
            + "\"ev\"\"il,<b>\u{1B}[31m\nx\",s,3,yescrypt,cracked,guessable_password,high,\"password found, \"\"quoted\"\"\"\r\n"
            + ",s,,,,shadow_world_readable,high,mode 644\r\n")
        let shown = String(decoding: CSVReport.render(sampleReport(password: "pw,1"), showPasswords: true), as: UTF8.self)
        XCTAssertTrue(shown.hasPrefix("login,file,line,scheme,status,code,severity,detail,password\r\n"))
        XCTAssertTrue(shown.contains(",\"pw,1\"\r\n"))
    }

    func testHTMLEscapesEverythingAndLoadsNothing() {
        let html = HTMLReport.render(sampleReport(), showPasswords: false)
        XCTAssertFalse(html.contains("<b>"))
        XCTAssertTrue(html.contains("ev&quot;il,&lt;b&gt;"))
        XCTAssertFalse(html.contains("http"))
        XCTAssertTrue(html.contains("1–2 years"), "the 400-day password is in the age histogram")
    }

    func testTableNeutralisesControlCharacters() {
        let table = TableReport.render(sampleReport(), showPasswords: false)
        XCTAssertFalse(table.contains("\u{1B}"))
        XCTAssertTrue(table.contains("ev\"il,<b>?[31m?x"))
        XCTAssertTrue(table.contains("2 accounts (1 cracked, 1 no_password); 2 findings (2 high); 1 errors"))
    }
}
