/// What the audit says about accounts and files: statuses, finding codes
/// and severities (the stable vocabulary of docs/audit-report.md).

/// How bad a finding is, from `info` to `critical`.
public enum Severity: String, Sendable, CaseIterable, Comparable {
    case info, low, medium, high, critical

    /// Rank for comparisons: info 0 … critical 4.
    public var rank: Int { Severity.allCases.firstIndex(of: self) ?? 0 }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// The one status every account gets (rules: docs/audit-report.md).
public enum AuditStatus: String, Sendable, CaseIterable {
    /// The audit knows the (non-empty) password: guessed, or stored in plaintext.
    case cracked
    /// A hash the audit can verify, not guessed within the budget.
    case notCracked = "not_cracked"
    /// The password is empty: an empty field, or a hash of the empty string.
    case empty
    /// Password login is off: `*`, `!!`, `x` and other markers no password matches.
    case noPassword = "no_password"
    /// A `!`-locked hash: unlocking the account would revive it.
    case locked
    /// A hash no library here can verify (unknown scheme): not guessed.
    case unsupported
}

/// The stable code of an account finding.
public enum FindingCode: String, Sendable, CaseIterable {
    case emptyPassword = "empty_password"
    case weakScheme = "weak_scheme"
    case lowCost = "low_cost"
    case guessablePassword = "guessable_password"
    case breached
    case sharedPassword = "shared_password"
    case lockedWeak = "locked_weak"
    case passwordTooOld = "password_too_old"
    case neverExpires = "never_expires"
    case expired
    case lastChangeInFuture = "last_change_in_future"
}

/// The stable code of a file finding.
public enum FileFindingCode: String, Sendable, CaseIterable {
    /// A shadow file anyone can read: every hash is exposed to offline guessing.
    case shadowWorldReadable = "shadow_world_readable"
    /// A shadow file others (or its group) can write: anyone can set any password.
    case shadowWritable = "shadow_writable"
    /// A shadow file readable by a group other than root and shadow.
    case shadowGroupReadable = "shadow_group_readable"
    /// A shadow file not owned by root.
    case shadowWrongOwner = "shadow_wrong_owner"
    /// Another store (htpasswd, LDIF, dump) anyone can read.
    case storeWorldReadable = "store_world_readable"
    /// Another store others can write.
    case storeWorldWritable = "store_world_writable"
}

/// One finding on an account.
public struct Finding: Sendable, Equatable {
    /// Stable code.
    public var code: FindingCode
    /// Severity.
    public var severity: Severity
    /// One sentence for people; never contains a password.
    public var detail: String

    /// Creates a finding.
    public init(_ code: FindingCode, _ severity: Severity, _ detail: String) {
        self.code = code
        self.severity = severity
        self.detail = detail
    }
}

/// One finding on a store file.
public struct FileFinding: Sendable, Equatable {
    /// Stable code.
    public var code: FileFindingCode
    /// Severity.
    public var severity: Severity
    /// The file's path as given.
    public var file: String
    /// One sentence for people.
    public var detail: String

    /// Creates a file finding.
    public init(_ code: FileFindingCode, _ severity: Severity, file: String, _ detail: String) {
        self.code = code
        self.severity = severity
        self.file = file
        self.detail = detail
    }
}
