import Foundation
import XCTest
@testable import CredentialAudit

/// Every status, finding code and severity of the audit is documented, in
/// docs/audit-report.md (the report contract) and in pwguard(1).
final class AuditDocsTests: XCTestCase {
    private static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func read(_ relative: String) throws -> String {
        try String(contentsOf: Self.root.appendingPathComponent(relative), encoding: .utf8)
    }

    private var vocabulary: [String] {
        AuditStatus.allCases.map(\.rawValue) + FindingCode.allCases.map(\.rawValue)
            + FileFindingCode.allCases.map(\.rawValue) + Severity.allCases.map(\.rawValue)
    }

    func testEveryCodeIsInTheReportDocument() throws {
        let document = try read("docs/audit-report.md")
        for word in vocabulary {
            XCTAssertTrue(document.contains("`\(word)`"), "docs/audit-report.md does not describe `\(word)`")
        }
    }

    func testEveryCodeIsInTheManPage() throws {
        let page = try read("docs/pwguard.1").replacingOccurrences(of: "\\-", with: "-")
        for word in vocabulary {
            XCTAssertTrue(page.contains(".BR \(word) ,") || page.contains(".BR \(word) ;") || page.contains(".BR \(word) .")
                          || page.contains(".B \(word)\n"), "docs/pwguard.1 does not list \(word)")
        }
    }
}
