import Foundation

/// Evidence of compromise read from a `pwguard audit --json` report
/// (docs/audit-report.md): the accounts whose password was guessed,
/// breached, empty, shared with another account, or a weak hash behind a lock.
///
/// Accounts are matched by login, so a report made on another host's copy of
/// the files applies here; logins the report names that this shadow file
/// lacks are listed by the plan, never silently dropped.
public struct AuditEvidence: Sendable {
    /// One finding that is evidence of compromise.
    public struct Finding: Equatable, Sendable {
        /// The finding code, e.g. "guessable_password".
        public var code: String
        /// Where the report found the account ("/etc/shadow:12"), when it says.
        public var location: String?
    }

    /// Finding codes that force a change (NIST SP 800-63B: evidence of compromise).
    public static let compromiseCodes: Set<String> = [
        "guessable_password", "breached", "empty_password", "shared_password", "locked_weak",
    ]

    /// The report's path as given (for messages).
    public var path: String
    /// Logins with at least one compromise finding, in report order.
    public var logins: [String]
    /// The compromise findings of each login.
    public var findings: [String: [Finding]]
    /// Accounts with compromise findings from stores that are not shadow
    /// files (htpasswd, LDIF, pwdump, PHC: the report's per-account
    /// `format`), as "login (format)": a web or directory password is not
    /// the login password, so they force nothing here.
    public var otherStores: [String]

    /// Reads and parses the report at `path` (symbolic links followed).
    public init(contentsOf path: String) throws(RotationError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RotationError.io(path: path, message: "cannot read")
        }
        try self.init(reportBytes: Array(data), path: path)
    }

    /// Parses a report. Throws when it is not JSON, not a pwguard audit
    /// report, or not version 1.
    public init(reportBytes: [UInt8], path: String) throws(RotationError) {
        self.path = path
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(reportBytes))
        } catch {
            throw RotationError.report(path: path, message: "is not valid JSON")
        }
        guard let report = object as? [String: Any], report["format"] as? String == "pwguard-audit" else {
            throw RotationError.report(path: path, message: "is not a pwguard audit report (format \"pwguard-audit\")")
        }
        guard (report["version"] as? NSNumber)?.intValue == 1 else {
            throw RotationError.report(path: path, message: "has an unsupported report version (expected 1)")
        }
        guard let accounts = report["accounts"] as? [[String: Any]] else {
            throw RotationError.report(path: path, message: "has no \"accounts\" array")
        }
        var logins: [String] = []
        var findings: [String: [Finding]] = [:]
        var otherStores: [String] = []
        for (index, account) in accounts.enumerated() {
            guard let login = account["login"] as? String, !login.isEmpty else {
                throw RotationError.report(path: path, message: "account \(index + 1) has no login")
            }
            var location: String?
            if let file = account["file"] as? String {
                location = (account["line"] as? NSNumber).map { "\(file):\($0.intValue)" } ?? file
            }
            let codes = (account["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            if let format = account["format"] as? String, format != "shadow" {
                if codes.contains(where: Self.compromiseCodes.contains) { otherStores.append("\(login) (\(format))") }
                continue
            }
            for code in codes where Self.compromiseCodes.contains(code) {
                if findings[login] == nil { logins.append(login) }
                if findings[login]?.contains(where: { $0.code == code }) != true {
                    findings[login, default: []].append(Finding(code: code, location: location))
                }
            }
        }
        self.logins = logins
        self.findings = findings
        self.otherStores = otherStores
    }
}
