import Dispatch
import Synchronization

/// `pwguard audit --json`: one document (shape: docs/audit-report.md).
public enum JSONReport {
    /// The report's format name and version: a reader checks both.
    public static let formatName = "pwguard-audit"
    public static let version = 1

    /// The document's bytes, ending in a newline.
    public static func render(_ report: AuditReport) -> [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        json.field("format", formatName)
        json.field("version", version)
        json.newline()
        let parameters = report.parameters
        json.beginObject("parameters")
        json.field("files", strings: parameters.files)
        json.field("budget_seconds", parameters.budgetSeconds)
        json.field("max_guesses", parameters.maxGuesses)
        json.field("threads", parameters.threads)
        json.field("wordlists", strings: parameters.wordlists)
        json.field("breach_db", parameters.breachDatabase)
        json.field("today", parameters.today)
        json.field("max_age_days", parameters.maxAgeDays)
        json.endObject()
        json.newline()
        json.beginObject("summary")
        json.field("accounts", report.accounts.count)
        json.beginObject("by_status")
        for (status, count) in report.countsByStatus { json.field(status.rawValue, count) }
        json.endObject()
        json.beginObject("by_severity")
        for (severity, count) in report.countsBySeverity { json.field(severity.rawValue, count) }
        json.endObject()
        json.field("findings", report.findingCount)
        json.endObject()
        json.newline()
        json.beginArray("accounts")
        for part in renderAccounts(report.accounts) { json.appendElements(of: part) }
        json.newline()
        json.endArray()
        json.newline()
        json.beginArray("file_findings")
        for finding in report.fileFindings {
            json.newline()
            json.beginObject()
            json.field("code", finding.code.rawValue)
            json.field("severity", finding.severity.rawValue)
            json.field("file", finding.file)
            json.field("detail", finding.detail)
            json.endObject()
        }
        json.endArray()
        json.newline()
        json.beginArray("errors")
        for error in report.errors {
            json.newline()
            json.beginObject()
            json.field("file", error.file)
            json.field("line", error.line)
            json.field("message", error.message)
            json.endObject()
        }
        json.endArray()
        json.newline()
        json.endObject()
        json.raw("\n")
        return json.bytes
    }

    /// The accounts rendered in pieces on all cores (100,000 accounts are
    /// 40 MB of JSON), in order.
    private static func renderAccounts(_ accounts: [AccountResult]) -> [JSONWriter] {
        let pieces = max(1, min(onlineProcessorCount(), accounts.count / 4096))
        let parts = Mutex<[JSONWriter]>(Array(repeating: JSONWriter(), count: pieces))
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            var json = JSONWriter()
            for index in (accounts.count * piece / pieces)..<(accounts.count * (piece + 1) / pieces) {
                json.newline()
                write(accounts[index], to: &json)
            }
            parts.withLock { $0[piece] = json }
        }
        return parts.withLock { $0 }
    }

    private static func write(_ account: AccountResult, to json: inout JSONWriter) {
        json.beginObject()
        json.field("login", account.login)
        json.field("file", account.file)
        json.field("line", account.line)
        json.field("format", account.format.rawValue)
        json.field("scheme", account.scheme)
        json.field("cost", account.cost)
        json.field("locked", account.locked)
        json.field("last_change", account.lastChange)
        json.field("age_days", account.ageDays)
        json.field("status", account.status.rawValue)
        if let guessing = account.guessing {
            json.beginObject("guessing")
            json.field("guesses", guessing.guesses)
            json.field("method", guessing.method)
            json.field("stages_completed", strings: guessing.stagesCompleted)
            json.field("exhausted", guessing.exhausted)
            json.endObject()
        } else {
            json.field("guessing", nil as String?)
        }
        json.beginArray("findings")
        for finding in account.findings {
            json.beginObject()
            json.field("code", finding.code.rawValue)
            json.field("severity", finding.severity.rawValue)
            json.field("detail", finding.detail)
            json.endObject()
        }
        json.endArray()
        if let password = account.password { json.field("password", password) }
        json.endObject()
    }
}
