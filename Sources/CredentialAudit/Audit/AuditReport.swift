/// The outcome of an audit: what every report format prints
/// (docs/audit-report.md describes each field).

/// How far guessing went on one account.
public struct GuessingSummary: Sendable, Equatable {
    /// Candidates tried on this account.
    public var guesses: Int
    /// How the password was found (`user_context`, `lexicon`, `wordlist`, `model`), nil if not found.
    public var method: String?
    /// The guessing stages that ran to their end on this account.
    public var stagesCompleted: [String]
    /// Whether every stage ran to its end (the password is not among the candidates).
    public var exhausted: Bool

    /// Creates a summary.
    public init(guesses: Int, method: String?, stagesCompleted: [String], exhausted: Bool) {
        self.guesses = guesses
        self.method = method
        self.stagesCompleted = stagesCompleted
        self.exhausted = exhausted
    }
}

/// One account's result.
public struct AccountResult: Sendable {
    /// The login.
    public var login: String
    /// The store's path.
    public var file: String
    /// The line of the password field.
    public var line: Int
    /// The store's format.
    public var format: StoreFormat
    /// The hash scheme's report name (`yescrypt`, `nt`, `plaintext`, `unknown`), nil when there is no hash.
    public var scheme: String?
    /// The hash's cost as text (`rounds=5000`, `cost=10`), when it has one.
    public var cost: String?
    /// Whether the field carried the `!` lock prefix.
    public var locked: Bool
    /// Day of the last change (shadow only).
    public var lastChange: Int?
    /// Age of the password in days (shadow only, when the last change is a real day in the past).
    public var ageDays: Int?
    /// The status.
    public var status: AuditStatus
    /// Guessing on this account, nil when it was not guessed.
    public var guessing: GuessingSummary?
    /// The findings, most severe first.
    public var findings: [Finding]
    /// The password found, only kept with `--show-passwords`.
    public var password: String?

    /// Creates a result.
    public init(login: String, file: String, line: Int, format: StoreFormat, scheme: String? = nil,
                cost: String? = nil, locked: Bool = false, lastChange: Int? = nil, ageDays: Int? = nil,
                status: AuditStatus, guessing: GuessingSummary? = nil, findings: [Finding] = [],
                password: String? = nil) {
        self.login = login
        self.file = file
        self.line = line
        self.format = format
        self.scheme = scheme
        self.cost = cost
        self.locked = locked
        self.lastChange = lastChange
        self.ageDays = ageDays
        self.status = status
        self.guessing = guessing
        self.findings = findings
        self.password = password
    }

    /// The most severe finding's severity, nil without findings.
    public var worstSeverity: Severity? { findings.map(\.severity).max() }
}

/// The run's parameters, echoed in the report.
public struct AuditParameters: Sendable, Equatable {
    /// Store files in the order given.
    public var files: [String]
    /// Guessing time budget in seconds, nil for none.
    public var budgetSeconds: Double?
    /// Guesses per account, nil for no cap (0: no guessing).
    public var maxGuesses: Int?
    /// Guessing threads.
    public var threads: Int
    /// Word lists given.
    public var wordlists: [String]
    /// The breach database used, nil for none.
    public var breachDatabase: String?
    /// The day the ageing findings are relative to (days since 1970, UTC).
    public var today: Int
    /// The `password_too_old` limit in days.
    public var maxAgeDays: Int

    /// Creates parameters.
    public init(files: [String], budgetSeconds: Double? = nil, maxGuesses: Int? = nil, threads: Int = 1,
                wordlists: [String] = [], breachDatabase: String? = nil, today: Int, maxAgeDays: Int = 365) {
        self.files = files
        self.budgetSeconds = budgetSeconds
        self.maxGuesses = maxGuesses
        self.threads = threads
        self.wordlists = wordlists
        self.breachDatabase = breachDatabase
        self.today = today
        self.maxAgeDays = maxAgeDays
    }
}

/// The whole audit.
public struct AuditReport: Sendable {
    /// The run's parameters.
    public var parameters: AuditParameters
    /// Every account, in store order.
    public var accounts: [AccountResult]
    /// Findings on the store files.
    public var fileFindings: [FileFinding]
    /// Unreadable files, malformed lines, breach database failures.
    public var errors: [StoreError]

    /// Creates a report.
    public init(parameters: AuditParameters, accounts: [AccountResult], fileFindings: [FileFinding], errors: [StoreError]) {
        self.parameters = parameters
        self.accounts = accounts
        self.fileFindings = fileFindings
        self.errors = errors
    }

    /// Accounts per status, every status present (0 when none).
    public var countsByStatus: [(status: AuditStatus, count: Int)] {
        var counts = [Int](repeating: 0, count: AuditStatus.allCases.count)
        for account in accounts {
            if let index = AuditStatus.allCases.firstIndex(of: account.status) { counts[index] += 1 }
        }
        return zip(AuditStatus.allCases, counts).map { ($0, $1) }
    }

    /// Findings (account and file) per severity, most severe first, every severity present.
    public var countsBySeverity: [(severity: Severity, count: Int)] {
        var counts = [Int](repeating: 0, count: Severity.allCases.count)
        for finding in accounts.lazy.flatMap(\.findings) { counts[finding.severity.rank] += 1 }
        for finding in fileFindings { counts[finding.severity.rank] += 1 }
        return zip(Severity.allCases, counts).map { ($0, $1) }.reversed()
    }

    /// The number of findings, account and file.
    public var findingCount: Int { accounts.reduce(0) { $0 + $1.findings.count } + fileFindings.count }

    /// Whether any finding is at `severity` or above.
    public func hasFinding(atLeast severity: Severity) -> Bool {
        fileFindings.contains { $0.severity >= severity }
            || accounts.contains { account in account.findings.contains { $0.severity >= severity } }
    }

    /// Accounts per hash scheme, most common first (`none` for accounts without a hash).
    public var countsByScheme: [(scheme: String, count: Int)] {
        var counts: [String: Int] = [:]
        for account in accounts { counts[account.scheme ?? "none", default: 0] += 1 }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
