/// `pwguard audit --csv`: one row per finding (RFC 4180: CRLF line ends,
/// fields with commas, quotes or line breaks quoted, quotes doubled).
/// Columns: login, file, line, scheme, status, code, severity, detail, and
/// with `--show-passwords` a last column, password. File findings have an
/// empty login, line, scheme and status.
public enum CSVReport {
    /// The header row's fields.
    public static func header(showPasswords: Bool) -> [String] {
        ["login", "file", "line", "scheme", "status", "code", "severity", "detail"] + (showPasswords ? ["password"] : [])
    }

    /// The document's bytes.
    public static func render(_ report: AuditReport, showPasswords: Bool) -> [UInt8] {
        var out: [UInt8] = []
        func row(_ fields: [String]) {
            for (index, field) in fields.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendField(field, to: &out)
            }
            out.append(contentsOf: [0x0D, 0x0A])
        }
        row(header(showPasswords: showPasswords))
        for account in report.accounts {
            for finding in account.findings {
                var fields = [account.login, account.file, String(account.line), account.scheme ?? "",
                              account.status.rawValue, finding.code.rawValue, finding.severity.rawValue, finding.detail]
                if showPasswords { fields.append(account.password ?? "") }
                row(fields)
            }
        }
        for finding in report.fileFindings {
            var fields = ["", finding.file, "", "", "", finding.code.rawValue, finding.severity.rawValue, finding.detail]
            if showPasswords { fields.append("") }
            row(fields)
        }
        return out
    }

    /// A field, quoted when RFC 4180 requires it (a comma, quote, CR or LF in it).
    static func appendField(_ field: String, to out: inout [UInt8]) {
        let utf8 = field.utf8
        guard utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }) else {
            out.append(contentsOf: utf8)
            return
        }
        out.append(0x22)
        for byte in utf8 {
            if byte == 0x22 { out.append(0x22) }
            out.append(byte)
        }
        out.append(0x22)
    }
}
