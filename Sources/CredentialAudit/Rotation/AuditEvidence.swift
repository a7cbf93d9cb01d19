import FoundationEssentials

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
        let report: ReportFields
        do {
            report = try JSONDecoder().decode(ReportFields.self, from: Data(reportBytes))
        } catch {
            throw RotationError.report(path: path, message: "is not valid JSON")
        }
        guard report.format == "pwguard-audit" else {
            throw RotationError.report(path: path, message: "is not a pwguard audit report (format \"pwguard-audit\")")
        }
        guard report.version == 1 else {
            throw RotationError.report(path: path, message: "has an unsupported report version (expected 1)")
        }
        guard let accounts = report.accounts else {
            throw RotationError.report(path: path, message: "has no \"accounts\" array")
        }
        var logins: [String] = []
        var findings: [String: [Finding]] = [:]
        var otherStores: [String] = []
        for (index, account) in accounts.enumerated() {
            guard let login = account.login, !login.isEmpty else {
                throw RotationError.report(path: path, message: "account \(index + 1) has no login")
            }
            var location: String?
            if let file = account.file {
                location = account.line.map { "\(file):\($0)" } ?? file
            }
            let codes = account.findingCodes
            if let format = account.format, format != "shadow" {
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

/// The fields of a report that rotation reads; the decoder skips the rest.
/// A field that is missing or of another JSON type reads as nil, so that
/// the report is refused for what is wrong with it rather than as invalid
/// JSON. Numbers count by their integer part.
private struct ReportFields: Decodable {
    var format: String?
    var version: Int?
    /// Nil also when an element is not an object.
    var accounts: [AccountFields]?

    private enum Key: String, CodingKey { case format, version, accounts }

    init(from decoder: any Decoder) throws {
        // A document that is not an object is no report: every field nil.
        guard let container = try? decoder.container(keyedBy: Key.self) else { return }
        format = try? container.decodeIfPresent(String.self, forKey: .format)
        version = integerPart(try? container.decodeIfPresent(Double.self, forKey: .version))
        accounts = try? container.decodeIfPresent([AccountFields].self, forKey: .accounts)
    }
}

/// One element of the report's `accounts`; decoding fails when it is not an object.
private struct AccountFields: Decodable {
    var login: String?
    var file: String?
    var line: Int?
    var format: String?
    /// The `code` of each finding; none when `findings` is not an array of objects.
    var findingCodes: [String] = []

    private enum Key: String, CodingKey { case login, file, line, format, findings }

    /// One element of an account's `findings`; decoding fails when it is not an object.
    private struct FindingFields: Decodable {
        var code: String?

        private enum Key: String, CodingKey { case code }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            code = try? container.decodeIfPresent(String.self, forKey: .code)
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        login = try? container.decodeIfPresent(String.self, forKey: .login)
        file = try? container.decodeIfPresent(String.self, forKey: .file)
        line = integerPart(try? container.decodeIfPresent(Double.self, forKey: .line))
        format = try? container.decodeIfPresent(String.self, forKey: .format)
        let findings = try? container.decodeIfPresent([FindingFields].self, forKey: .findings)
        findingCodes = findings?.compactMap(\.code) ?? []
    }
}

/// A JSON number's integer part (rounded toward zero, as reports have
/// always been read); nil for none, or for one out of `Int`'s range.
private func integerPart(_ number: Double?) -> Int? {
    number.flatMap { Int(exactly: $0.rounded(.towardZero)) }
}
