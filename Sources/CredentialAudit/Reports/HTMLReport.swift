/// `pwguard audit --html FILE`: one self-contained page (inline CSS, no
/// scripts, no external resources) with the summary, the findings by
/// severity, the hash schemes, a password-age histogram and a table of
/// every account. Every piece of text from a store is HTML-escaped.
public enum HTMLReport {
    /// The password-age histogram's buckets: upper bounds in days (inclusive).
    static let ageBuckets: [(label: String, upTo: Int)] = [
        ("0–30 days", 30), ("31–90 days", 90), ("91–180 days", 180), ("181–365 days", 365),
        ("1–2 years", 730), ("2–5 years", 1826), ("over 5 years", Int.max),
    ]

    /// The page.
    public static func render(_ report: AuditReport, showPasswords: Bool) -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>pwguard audit</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2em;color:#222}
            table{border-collapse:collapse;margin:.5em 0 1.5em}
            th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
            th{background:#f0f0f0}
            .critical{background:#f8c4c4}.high{background:#fbd9b5}.medium{background:#fdf1b8}.low{background:#e3effa}.info{background:#f4f4f4}
            .bar{background:#4a78b5;height:1em}
            </style></head><body>
            <h1>pwguard audit</h1>

            """
        // Summary.
        page += "<h2>Summary</h2>\n<p>Files: " + report.parameters.files.map(escape).joined(separator: ", ")
        page += ". \(report.accounts.count) accounts, \(report.findingCount) findings, \(report.errors.count) errors.</p>\n"
        page += "<table><tr><th>Status</th><th>Accounts</th></tr>\n"
        for (status, count) in report.countsByStatus { page += "<tr><td>\(status.rawValue)</td><td>\(count)</td></tr>\n" }
        page += "</table>\n<table><tr><th>Severity</th><th>Findings</th></tr>\n"
        for (severity, count) in report.countsBySeverity {
            page += "<tr class=\"\(severity.rawValue)\"><td>\(severity.rawValue)</td><td>\(count)</td></tr>\n"
        }
        page += "</table>\n"

        // Findings by severity.
        page += "<h2>Findings by severity</h2>\n"
        for severity in Severity.allCases.reversed() {
            let rows = report.accounts.flatMap { account in
                account.findings.filter { $0.severity == severity }.map { (account.login, account.file, $0) }
            }
            let files = report.fileFindings.filter { $0.severity == severity }
            guard !rows.isEmpty || !files.isEmpty else { continue }
            page += "<h3>\(severity.rawValue) (\(rows.count + files.count))</h3>\n"
            page += "<table><tr><th>Account or file</th><th>Code</th><th>Detail</th></tr>\n"
            for finding in files {
                page += "<tr class=\"\(severity.rawValue)\"><td>\(escape(finding.file))</td><td>\(finding.code.rawValue)</td><td>\(escape(finding.detail))</td></tr>\n"
            }
            for (login, _, finding) in rows {
                page += "<tr class=\"\(severity.rawValue)\"><td>\(escape(login))</td><td>\(finding.code.rawValue)</td><td>\(escape(finding.detail))</td></tr>\n"
            }
            page += "</table>\n"
        }

        // Hash schemes.
        page += "<h2>Hash schemes</h2>\n<table><tr><th>Scheme</th><th>Accounts</th></tr>\n"
        for (scheme, count) in report.countsByScheme { page += "<tr><td>\(escape(scheme))</td><td>\(count)</td></tr>\n" }
        page += "</table>\n"

        // Password ages.
        page += "<h2>Password age</h2>\n"
        let ages = report.accounts.compactMap(\.ageDays)
        if ages.isEmpty {
            page += "<p>No store with ageing fields (only shadow files have them).</p>\n"
        } else {
            var counts = [Int](repeating: 0, count: ageBuckets.count)
            for age in ages {
                if let bucket = ageBuckets.firstIndex(where: { age <= $0.upTo }) { counts[bucket] += 1 }
            }
            let largest = max(counts.max() ?? 1, 1)
            page += "<table><tr><th>Age</th><th>Accounts</th><th></th></tr>\n"
            for (bucket, count) in zip(ageBuckets, counts) {
                let width = count * 300 / largest
                page += "<tr><td>\(bucket.label)</td><td>\(count)</td><td><div class=\"bar\" style=\"width:\(width)px\"></div></td></tr>\n"
            }
            page += "</table>\n"
        }

        // Accounts.
        page += "<h2>Accounts</h2>\n<table><tr><th>Login</th><th>File:line</th><th>Scheme</th><th>Status</th>"
        if showPasswords { page += "<th>Password</th>" }
        page += "<th>Guesses</th><th>Findings</th></tr>\n"
        for account in report.accounts {
            let worst = account.worstSeverity.map { " class=\"\($0.rawValue)\"" } ?? ""
            page += "<tr\(worst)><td>\(escape(account.login))</td><td>\(escape(account.file)):\(account.line)</td>"
            page += "<td>\(escape(account.scheme ?? "-"))</td><td>\(account.status.rawValue)</td>"
            if showPasswords { page += "<td>\(escape(account.password ?? ""))</td>" }
            page += "<td>\(account.guessing.map { String($0.guesses) } ?? "-")</td><td>"
            page += account.findings.map { "\($0.severity.rawValue) \($0.code.rawValue): \(escape($0.detail))" }
                .joined(separator: "<br>")
            page += "</td></tr>\n"
        }
        page += "</table>\n"

        if !report.errors.isEmpty {
            page += "<h2>Errors</h2>\n<ul>\n"
            for error in report.errors { page += "<li>\(escape(error.description))</li>\n" }
            page += "</ul>\n"
        }
        page += "</body></html>\n"
        return page
    }

    /// Text made safe inside HTML elements and attribute values.
    public static func escape(_ text: String) -> String {
        let special: Set<UInt8> = [0x26, 0x3C, 0x3E, 0x22, 0x27]
        guard text.utf8.contains(where: special.contains) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
