/// The default report: a table for people, one line per account, then file
/// findings, errors and a summary. Control characters in logins and paths
/// are shown as `?`, so that a store cannot drive the terminal.
public enum TableReport {
    /// The report's text.
    public static func render(_ report: AuditReport, showPasswords: Bool) -> String {
        var header = ["LOGIN", "STATUS", "SCHEME"]
        if showPasswords { header.append("PASSWORD") }
        header.append("FINDINGS")
        var rows: [[String]] = [header]
        for account in report.accounts {
            let findings = account.findings.map { "\($0.severity.rawValue) \($0.code.rawValue): \($0.detail)" }
            var row = [terminalSafe(account.login), account.status.rawValue, account.scheme ?? "-"]
            if showPasswords { row.append(account.password.map(terminalSafe) ?? "") }
            row.append(findings.isEmpty ? "-" : terminalSafe(findings.joined(separator: "; ")))
            rows.append(row)
        }
        var widths = [Int](repeating: 0, count: header.count - 1)
        for row in rows {
            for column in widths.indices { widths[column] = max(widths[column], row[column].count) }
        }
        var text = ""
        for row in rows {
            for column in widths.indices {
                text += row[column] + String(repeating: " ", count: widths[column] - row[column].count + 2)
            }
            text += (row.last ?? "") + "\n"
        }
        if !report.fileFindings.isEmpty {
            text += "\nFile findings:\n"
            for finding in report.fileFindings {
                text += "  \(finding.severity.rawValue) \(finding.code.rawValue): \(terminalSafe(finding.file)): \(finding.detail)\n"
            }
        }
        if !report.errors.isEmpty {
            text += "\nErrors:\n"
            for error in report.errors { text += "  \(terminalSafe(error.description))\n" }
        }
        let statuses = report.countsByStatus.filter { $0.count > 0 }.map { "\($0.count) \($0.status.rawValue)" }
        let severities = report.countsBySeverity.filter { $0.count > 0 }.map { "\($0.count) \($0.severity.rawValue)" }
        text += "\n\(report.accounts.count) accounts"
        if !statuses.isEmpty { text += " (" + statuses.joined(separator: ", ") + ")" }
        text += "; \(report.findingCount) findings"
        if !severities.isEmpty { text += " (" + severities.joined(separator: ", ") + ")" }
        text += "; \(report.errors.count) errors\n"
        return text
    }

    /// The text with control characters replaced by `?`.
    public static func terminalSafe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? "?" : $0 }))
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0)
    }
}
