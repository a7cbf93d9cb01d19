/// `pwguard rotate --status`: what `chage -l` says of one account, for every
/// account in scope, and the rules of the profile each one breaks.

/// A date in days since 1970-01-01, or one of chage's special values.
public enum AgeingDate: Equatable, Sendable, CustomStringConvertible {
    /// A day (days since 1970-01-01).
    case day(Int)
    /// The field is unset or the period unlimited.
    case never
    /// lastchg is 0: the password must be changed at next login.
    case mustChange

    public var description: String {
        switch self {
        case .day(let day): return isoDate(day)
        case .never: return "never"
        case .mustChange: return "password must be changed"
        }
    }
}

/// The ageing state of one account, computed as chage -l computes it.
public struct AccountStatus: Equatable, Sendable {
    /// The login.
    public var login: String
    /// The UID, when passwd has the account.
    public var uid: UInt32?
    /// Whether the password field is locked (`!` prefix).
    public var locked: Bool
    /// The entry as read.
    public var entry: ShadowEntry
    /// "Last password change".
    public var lastChange: AgeingDate
    /// "Password expires": last change + maximum age.
    public var passwordExpires: AgeingDate
    /// "Password inactive": expiry + inactivity period.
    public var passwordInactive: AgeingDate
    /// "Account expires".
    public var accountExpires: AgeingDate
    /// Rules of the profile this account breaks.
    public var brokenRules: [String]

    /// Computes the status of `entry` as of `today` (days since 1970) under `policy`.
    /// `forcedByEvidence`: the audit report has evidence of compromise and the
    /// change is not forced yet, which breaks nist:evidence-of-compromise.
    public init(entry: ShadowEntry, uid: UInt32?, policy: RotationPolicy, today: Int, forcedByEvidence: Bool = false) {
        login = entry.login
        self.uid = uid
        locked = entry.isLocked
        self.entry = entry
        // chage.c list_fields: a negative or empty lastchg is "never"; a
        // maximum of 10000 days or more is "never expires".
        let last = entry.lastChange ?? -1
        let max = entry.maxDays ?? -1
        let inactive = entry.inactiveDays ?? -1
        let unlimited = max < 0 || max >= 10_000
        if last < 0 { lastChange = .never } else if last == 0 { lastChange = .mustChange } else { lastChange = .day(last) }
        if last == 0 {
            passwordExpires = .mustChange
            passwordInactive = .mustChange
        } else {
            passwordExpires = last < 0 || unlimited ? .never : .day(last + max)
            passwordInactive = last < 0 || inactive < 0 || unlimited ? .never : .day(last + max + inactive)
        }
        accountExpires = (entry.expireDate ?? -1) < 0 ? .never : .day(entry.expireDate ?? 0)
        var rules = policy.brokenRules(entry, today: today)
        if forcedByEvidence && entry.lastChange != 0 { rules.insert(evidenceOfCompromiseRule, at: 0) }
        brokenRules = rules
    }
}

/// Today, in days since 1970-01-01 (UTC), as shadow(5) counts.
public func daysSinceEpoch(secondsSinceEpoch: Int) -> Int {
    secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400
}

/// A day count since 1970-01-01 as YYYY-MM-DD (proleptic Gregorian, UTC).
public func isoDate(_ days: Int) -> String {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(year)-\(two(month))-\(two(day))"
}
