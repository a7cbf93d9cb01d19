/// What `pwguard rotate` enforces: a profile and its ageing numbers.
///
/// - `nist`: NIST SP 800-63B rev. 4 forbids periodic changes and requires a
///   forced change on evidence of compromise. It sets no ages; evidence from
///   an audit report is its only action.
/// - `cis`: the CIS Debian benchmark's ageing controls. Its numbers are
///   limits: a maximum age or inactivity period above the limit (or unset) is
///   lowered to it, a minimum age or warning period below it is raised, and a
///   value already stricter is kept.
/// - `custom`: the numbers given, set exactly (-1 clears a field, as in chage).
///
/// Evidence of compromise is acted on under every profile.

/// A named profile.
public enum RotationProfile: String, CaseIterable, Sendable {
    case nist, cis, custom
}

/// A shadow field that rotation reads or writes, named as in shadow(5).
public enum ShadowField: String, Sendable {
    case password, lastchg, min, max, warn, inactive
}

/// The rule an evidence-driven action serves, under every profile.
public let evidenceOfCompromiseRule = "nist:evidence-of-compromise"

/// A profile with its numbers resolved.
public struct RotationPolicy: Equatable, Sendable {
    /// The profile.
    public var profile: RotationProfile
    /// Maximum age in days (cis: ceiling; custom: exact, -1 clears; nil: not managed).
    public var maxDays: Int?
    /// Minimum age in days (cis: floor; custom: exact).
    public var minDays: Int?
    /// Warning period in days (cis: floor; custom: exact).
    public var warnDays: Int?
    /// Inactivity period in days (cis: ceiling; custom: exact).
    public var inactiveDays: Int?

    /// CIS Debian 12: PASS_MAX_DAYS 365, PASS_MIN_DAYS 1, PASS_WARN_AGE 7, INACTIVE 45.
    public static let cisDefaults = (max: 365, min: 1, warn: 7, inactive: 45)

    /// Resolves a profile and the numbers given on the command line. `cis`
    /// takes its defaults for numbers not given; `nist` takes none; `custom`
    /// needs at least one unless `hasEvidence`.
    public init(profile: RotationProfile, maxDays: Int? = nil, minDays: Int? = nil, warnDays: Int? = nil,
                inactiveDays: Int? = nil, hasEvidence: Bool = false) throws(RotationError) {
        let given = [maxDays, minDays, warnDays, inactiveDays]
        for value in given.compactMap({ $0 }) where value < -1 || value > 99_999 {
            throw RotationError.usage("day counts must be between -1 and 99999, not \(value)")
        }
        self.profile = profile
        switch profile {
        case .nist:
            if given.contains(where: { $0 != nil }) {
                throw RotationError.usage("the nist profile sets no ages (NIST SP 800-63B forbids periodic changes); use --profile custom or cis to set them")
            }
        case .cis:
            for value in given.compactMap({ $0 }) where value < 0 {
                throw RotationError.usage("the cis profile's limits cannot be -1; use --profile custom to clear a field")
            }
            self.maxDays = maxDays ?? Self.cisDefaults.max
            self.minDays = minDays ?? Self.cisDefaults.min
            self.warnDays = warnDays ?? Self.cisDefaults.warn
            self.inactiveDays = inactiveDays ?? Self.cisDefaults.inactive
        case .custom:
            if !given.contains(where: { $0 != nil }) && !hasEvidence {
                throw RotationError.usage("the custom profile needs --max-days, --min-days, --warn-days or --inactive-days (or --from-audit)")
            }
            self.maxDays = maxDays
            self.minDays = minDays
            self.warnDays = warnDays
            self.inactiveDays = inactiveDays
        }
    }

    /// One ageing rule: a field, the limit or value it requires, and its tag.
    struct AgeingRule: Equatable, Sendable {
        enum Kind: Equatable, Sendable {
            /// The value must be set and at most the limit (cis maximum age, inactivity).
            case ceiling(Int)
            /// The value must be set and at least the limit (cis minimum age, warning).
            case floor(Int)
            /// The value must be exactly this (nil: empty) (custom).
            case exact(Int?)
        }
        var field: ShadowField
        var kind: Kind
        /// The tag, e.g. "cis:pass-max-days".
        var rule: String
        /// Why a change is made, e.g. "maximum age unset or above 365 days".
        var reason: String

        /// The value the field must get, or nil when `current` keeps the rule.
        func required(_ current: Int?) -> Int?? {
            switch kind {
            case .ceiling(let limit): return current.map { $0 < 0 || $0 > limit } ?? true ? .some(limit) : nil
            case .floor(let limit): return current.map { $0 < limit } ?? true ? .some(limit) : nil
            case .exact(let value): return current == value ? nil : .some(value)
            }
        }

        /// The field's value in `entry`.
        func current(_ entry: ShadowEntry) -> Int? {
            switch field {
            case .max: return entry.maxDays
            case .min: return entry.minDays
            case .warn: return entry.warnDays
            case .inactive: return entry.inactiveDays
            case .lastchg: return entry.lastChange
            case .password: return nil
            }
        }
    }

    /// The ageing rules this policy sets, made once (planning checks every account against them).
    var ageingRules: [AgeingRule] {
        func days(_ count: Int) -> String { count == 1 ? "1 day" : "\(count) days" }
        var rules: [AgeingRule] = []
        switch profile {
        case .nist:
            break
        case .cis:
            if let limit = maxDays {
                rules.append(AgeingRule(field: .max, kind: .ceiling(limit), rule: "cis:pass-max-days",
                                        reason: "maximum age unset or above \(days(limit))"))
            }
            if let limit = minDays {
                rules.append(AgeingRule(field: .min, kind: .floor(limit), rule: "cis:pass-min-days",
                                        reason: "minimum age unset or below \(days(limit))"))
            }
            if let limit = warnDays {
                rules.append(AgeingRule(field: .warn, kind: .floor(limit), rule: "cis:pass-warn-age",
                                        reason: "warning period unset or below \(days(limit))"))
            }
            if let limit = inactiveDays {
                rules.append(AgeingRule(field: .inactive, kind: .ceiling(limit), rule: "cis:inactive",
                                        reason: "inactivity lock unset or above \(days(limit))"))
            }
        case .custom:
            let given: [(ShadowField, Int?, String)] = [(.max, maxDays, "max-days"), (.min, minDays, "min-days"),
                                                        (.warn, warnDays, "warn-days"), (.inactive, inactiveDays, "inactive-days")]
            for (field, value, name) in given {
                guard let value else { continue }
                let target = value == -1 ? nil : value
                rules.append(AgeingRule(field: field, kind: .exact(target), rule: "policy:\(name)",
                                        reason: "\(field.rawValue) must be " + (target.map(days) ?? "unset")))
            }
        }
        return rules
    }

    /// The rules of this policy that `entry` breaks on day `today` (days
    /// since 1970), as tags such as "cis:pass-max-days".
    public func brokenRules(_ entry: ShadowEntry, today: Int) -> [String] {
        var broken = ageingRules.filter { $0.required($0.current(entry)) != nil }.map(\.rule)
        switch profile {
        case .nist:
            // A maximum age below chage's "never" threshold (10000 days) is a periodic change.
            if let max = entry.maxDays, max >= 0, max < 10_000 { broken.append("nist:no-periodic-change") }
        case .cis:
            if let last = entry.lastChange, last > today { broken.append("cis:last-change-in-past") }
        case .custom:
            break
        }
        return broken
    }
}

/// Why rotation cannot go on: a usage error, bad input or a failed write.
public enum RotationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Options that do not fit together.
    case usage(String)
    /// Lines of a file that are not valid entries: nothing is changed.
    case malformed([MalformedLine])
    /// A file that cannot be read, written or locked.
    case io(path: String, message: String)
    /// An audit report that is not a pwguard audit report.
    case report(path: String, message: String)

    public var description: String {
        switch self {
        case .usage(let message): return message
        case .malformed(let lines):
            return lines.map { "\($0)" }.joined(separator: "\n") + "\nrefusing to change anything while the file has malformed lines"
        case .io(let path, let message): return "\(path): \(message)"
        case .report(let path, let message): return "\(path): \(message)"
        }
    }
}
