/// The plan of `pwguard rotate`: which shadow fields change, per account,
/// and the rule each change serves. Planning reads files and changes nothing;
/// `apply(to:)` makes the changes in memory, and ShadowWriter writes them.

/// The value of a field before or after a change. Hashes are never shown:
/// the password field is described by its lock state only.
public enum ShadowFieldValue: Equatable, Sendable, CustomStringConvertible {
    /// A number of days (nil: the field is empty).
    case days(Int?)
    /// The password field, locked (`!` prefix) or not.
    case lock(Bool)

    public var description: String {
        switch self {
        case .days(let value): return value.map(String.init) ?? "(empty)"
        case .lock(let locked): return locked ? "locked" : "unlocked"
        }
    }
}

/// One field change and why it is made.
public struct RotationAction: Equatable, Sendable {
    /// The field changed.
    public var field: ShadowField
    /// Its value before.
    public var from: ShadowFieldValue
    /// Its value after.
    public var to: ShadowFieldValue
    /// Why: the audit finding codes ("guessable_password,breached") or the
    /// policy rule broken ("maximum age unset or above 365 days").
    public var reason: String
    /// The rule served: "nist:evidence-of-compromise", "cis:pass-max-days", "policy:max-days".
    public var rule: String
    /// Where the evidence came from (report path and the account's file:line there).
    public var source: String?
}

/// The changes to one account.
public struct AccountPlan: Equatable, Sendable {
    /// The login.
    public var login: String
    /// 1-based line of the account in the shadow file.
    public var line: Int
    /// The entry as read.
    public var before: ShadowEntry
    /// The entry as it will be written.
    public var after: ShadowEntry
    /// The field changes, in the order made.
    public var actions: [RotationAction]
}

/// An account the audit report names that the plan does not change, and why.
public struct SkippedAccount: Equatable, Sendable {
    /// The login.
    public var login: String
    /// Why it is left alone.
    public var reason: String
    /// The report's finding codes for it.
    public var codes: [String]
}

/// What to do, before anything is done.
public struct RotationRequest: Sendable {
    /// The profile and its numbers.
    public var policy: RotationPolicy
    /// Evidence from an audit report, if one was given.
    public var evidence: AuditEvidence?
    /// Also lock (`!` prefix) accounts with evidence of compromise.
    public var lockCompromised: Bool
    /// Accounts named with --users: exactly these are in scope (system,
    /// `*` and locked accounts included). nil: human accounts.
    public var users: [String]?
    /// The UID range of human accounts.
    public var uidRange: HumanUIDRange

    /// Creates a request.
    public init(policy: RotationPolicy, evidence: AuditEvidence? = nil, lockCompromised: Bool = false,
                users: [String]? = nil, uidRange: HumanUIDRange = HumanUIDRange()) {
        self.policy = policy
        self.evidence = evidence
        self.lockCompromised = lockCompromised
        self.users = users
        self.uidRange = uidRange
    }
}

/// The planned changes to one shadow file.
public struct RotationPlan: Sendable {
    /// The shadow file's path (for messages).
    public var shadowPath: String
    /// The policy planned for.
    public var policy: RotationPolicy
    /// Accounts that change, in file order.
    public var accounts: [AccountPlan]
    /// Accounts with evidence that are left alone.
    public var skipped: [SkippedAccount]
    /// Logins the audit report names that are not in this shadow file.
    public var notInShadow: [String]
    /// Report accounts from other kinds of store, not used ("login (format)").
    public var otherStores: [String]

    /// Whether the plan changes nothing.
    public var isEmpty: Bool { accounts.isEmpty }

    /// The bytes of `file` (as parsed, the file planned on) with the plan's
    /// accounts rewritten: the same bytes as `apply(to:)` then
    /// `serialized()`, without parsing every untouched line again to prove
    /// it unchanged, which is half the time of a 100,000-account rewrite.
    /// RotationPlanTests checks that the two agree.
    public func rewrittenBytes(of file: ShadowFile) -> [UInt8] {
        var replacements = [ShadowEntry?](repeating: nil, count: file.lines.count)
        for account in accounts where replacements.indices.contains(account.line - 1) {
            replacements[account.line - 1] = account.after
        }
        var out: [UInt8] = []
        out.reserveCapacity(file.lines.count * 100)
        for (index, line) in file.lines.enumerated() {
            if let entry = replacements[index] {
                out.append(contentsOf: entry.line.utf8)
            } else {
                switch line {
                case .entry(_, let original): out.append(contentsOf: original)
                case .other(let raw): out.append(contentsOf: raw)
                }
            }
            if index + 1 < file.lines.count || file.endsWithNewline { out.append(0x0A) }
        }
        return out
    }

    /// Makes the plan's changes to `file` (the file it was planned on).
    public func apply(to file: inout ShadowFile) {
        for account in accounts {
            let index = account.line - 1
            guard file.lines.indices.contains(index),
                  case .entry(let entry, let original) = file.lines[index], entry.login == account.login else { continue }
            file.lines[index] = .entry(account.after, original: original)
        }
    }
}

/// Which accounts a request covers.
enum RotationScope {
    case policyAndEvidence
    case evidenceOnly
    case excluded(String)
}

extension RotationPlan {
    /// Plans `request` on `shadow`, with UIDs from `passwd`.
    ///
    /// Scope: with --users, exactly the named accounts. Otherwise accounts
    /// whose UID is in the human range; of those, locked and `*` accounts
    /// get no policy changes, but evidence from the audit report (which names
    /// them) still forces their change. System accounts are never changed
    /// unless named; evidence about them is listed as skipped.
    /// Throws when the shadow or passwd file has malformed lines, or a named
    /// user is not in the shadow file.
    public init(shadow: ShadowFile, passwd: PasswdFile, request: RotationRequest) throws(RotationError) {
        if !shadow.malformed.isEmpty { throw RotationError.malformed(shadow.malformed) }
        if !passwd.malformed.isEmpty { throw RotationError.malformed(passwd.malformed) }
        var uids: [String: UInt32] = [:]
        for entry in passwd.entries where uids[entry.login] == nil { uids[entry.login] = entry.uid }
        let named = request.users.map(Set.init)
        if let users = request.users {
            let present = Set(shadow.entries.map(\.login))
            let missing = users.filter { !present.contains($0) }
            if !missing.isEmpty {
                throw RotationError.usage("not in \(shadow.path): \(missing.joined(separator: ", "))")
            }
        }
        let evidence = request.evidence

        func scope(_ entry: ShadowEntry) -> RotationScope {
            if let named { return named.contains(entry.login) ? .policyAndEvidence : .excluded("not named in --users") }
            guard let uid = uids[entry.login] else { return .excluded("no passwd entry; name it with --users") }
            guard request.uidRange.contains(uid) else {
                return .excluded("system account (uid \(uid)); name it with --users")
            }
            if entry.isLocked { return .evidenceOnly }
            if entry.password.hasPrefix("*") { return .evidenceOnly }
            return .policyAndEvidence
        }

        let ageingRules = request.policy.ageingRules
        var accounts: [AccountPlan] = []
        var skipped: [SkippedAccount] = []
        for (index, line) in shadow.lines.enumerated() {
            guard case .entry(let entry, _) = line else { continue }
            let findings = evidence?.findings[entry.login] ?? []
            let inScope = scope(entry)
            if case .excluded(let why) = inScope {
                if !findings.isEmpty { skipped.append(SkippedAccount(login: entry.login, reason: why, codes: findings.map(\.code))) }
                continue
            }
            var after = entry
            var actions: [RotationAction] = []
            if !findings.isEmpty, let evidence {
                let codes = findings.map(\.code).joined(separator: ",")
                let places = findings.compactMap(\.location)
                let source = evidence.path + (places.first.map { " (\($0))" } ?? "")
                if entry.lastChange != 0 {
                    after.lastChange = 0
                    actions.append(RotationAction(field: .lastchg, from: .days(entry.lastChange), to: .days(0),
                                                  reason: codes, rule: evidenceOfCompromiseRule, source: source))
                }
                if request.lockCompromised && !entry.isLocked {
                    after.password = "!" + entry.password
                    actions.append(RotationAction(field: .password, from: .lock(false), to: .lock(true),
                                                  reason: codes, rule: evidenceOfCompromiseRule, source: source))
                }
            }
            if case .policyAndEvidence = inScope {
                for rule in ageingRules {
                    let before = rule.current(after)
                    guard case .some(let value) = rule.required(before) else { continue }
                    switch rule.field {
                    case .max: after.maxDays = value
                    case .min: after.minDays = value
                    case .warn: after.warnDays = value
                    case .inactive: after.inactiveDays = value
                    case .lastchg, .password: continue
                    }
                    actions.append(RotationAction(field: rule.field, from: .days(before), to: .days(value),
                                                  reason: rule.reason, rule: rule.rule, source: nil))
                }
            }
            if !actions.isEmpty {
                accounts.append(AccountPlan(login: entry.login, line: index + 1, before: entry, after: after, actions: actions))
            }
        }
        self.shadowPath = shadow.path
        self.policy = request.policy
        self.accounts = accounts
        self.skipped = skipped
        self.otherStores = evidence?.otherStores ?? []
        if let evidence {
            let present = Set(shadow.entries.map(\.login))
            self.notInShadow = evidence.logins.filter { !present.contains($0) }
        } else {
            self.notInShadow = []
        }
    }
}
