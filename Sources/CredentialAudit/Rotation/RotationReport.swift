import Foundation

/// The text and JSON that `pwguard rotate` prints for a plan and for
/// `--status`. No password or hash ever appears: the password field is shown
/// as locked or unlocked.
public enum RotationReport {
    /// The plan as text: one block per account with `field: old -> new`
    /// lines, then the accounts left alone and the logins not found.
    public static func planText(_ plan: RotationPlan, applied: Bool, changedSinceRead: Bool) -> String {
        var out = ""
        let mode = applied ? "applied" : "dry run, nothing written; add --apply to write"
        out += "pwguard rotate: \(plan.shadowPath), profile \(plan.policy.profile.rawValue) (\(mode))\n"
        if changedSinceRead {
            out += "note: \(plan.shadowPath) changed since it was read; the plan was made again under the lock\n"
        }
        for account in plan.accounts {
            out += "\(account.login) (line \(account.line))\n"
            for action in account.actions {
                let change = "  \(action.field.rawValue): \(action.from) -> \(action.to)"
                let padding = String(repeating: " ", count: max(1, 36 - change.count))
                out += change + padding + "\(action.reason) [\(action.rule)]\n"
            }
        }
        for skip in plan.skipped {
            out += "left alone: \(skip.login): \(skip.reason) (report: \(skip.codes.joined(separator: ",")))\n"
        }
        if !plan.notInShadow.isEmpty {
            out += "in the audit report but not in \(plan.shadowPath): \(plan.notInShadow.joined(separator: ", "))\n"
        }
        let fields = plan.accounts.reduce(0) { $0 + $1.actions.count }
        let verb = applied ? "changed" : "to change"
        out += "\(plan.accounts.count) account\(plan.accounts.count == 1 ? "" : "s") \(verb), \(fields) field\(fields == 1 ? "" : "s")\n"
        return out
    }

    /// The plan as one JSON object (format "pwguard-rotate", version 1).
    public static func planJSON(_ plan: RotationPlan, applied: Bool, changedSinceRead: Bool) -> String {
        func value(_ field: ShadowFieldValue) -> Any {
            switch field {
            case .days(let days): return days.map { $0 as Any } ?? NSNull()
            case .lock(let locked): return locked ? "locked" : "unlocked"
            }
        }
        func optional(_ number: Int?) -> Any { number.map { $0 as Any } ?? NSNull() }
        let accounts: [[String: Any]] = plan.accounts.map { account in
            ["login": account.login, "line": account.line,
             "actions": account.actions.map { action -> [String: Any] in
                 ["field": action.field.rawValue, "from": value(action.from), "to": value(action.to),
                  "reason": action.reason, "rule": action.rule, "source": action.source.map { $0 as Any } ?? NSNull()]
             }]
        }
        let object: [String: Any] = [
            "format": "pwguard-rotate", "version": 1,
            "mode": applied ? "applied" : "plan",
            "shadow": plan.shadowPath,
            "profile": plan.policy.profile.rawValue,
            "policy": ["max_days": optional(plan.policy.maxDays), "min_days": optional(plan.policy.minDays),
                       "warn_days": optional(plan.policy.warnDays), "inactive_days": optional(plan.policy.inactiveDays)],
            "changed_since_read": changedSinceRead,
            "accounts": accounts,
            "skipped": plan.skipped.map { ["login": $0.login, "reason": $0.reason, "codes": $0.codes] as [String: Any] },
            "not_in_shadow": plan.notInShadow,
            "summary": ["accounts": plan.accounts.count, "fields": plan.accounts.reduce(0) { $0 + $1.actions.count }],
        ]
        return json(object)
    }

    /// Status as text: chage -l's lines for each account, then the rules it breaks.
    public static func statusText(_ statuses: [AccountStatus], shadowPath: String, profiles: [RotationProfile]) -> String {
        var out = "pwguard rotate --status: \(shadowPath), rules of \(profiles.map(\.rawValue).joined(separator: " and "))\n"
        func days(_ value: Int?) -> String { value.map(String.init) ?? "(empty)" }
        for status in statuses {
            let uid = status.uid.map { "uid \($0)" } ?? "no passwd entry"
            out += "\n\(status.login) (\(uid)\(status.locked ? ", locked" : ""))\n"
            let rows: [(String, String)] = [
                ("Last password change", "\(status.lastChange)"),
                ("Password expires", "\(status.passwordExpires)"),
                ("Password inactive", "\(status.passwordInactive)"),
                ("Account expires", "\(status.accountExpires)"),
                ("Minimum number of days between password change", days(status.entry.minDays)),
                ("Maximum number of days between password change", days(status.entry.maxDays)),
                ("Number of days of warning before password expires", days(status.entry.warnDays)),
                ("Number of days of inactivity after expiry", days(status.entry.inactiveDays)),
            ]
            for (label, text) in rows {
                out += "  " + label + String(repeating: " ", count: max(1, 51 - label.count)) + ": " + text + "\n"
            }
            out += "  Breaks" + String(repeating: " ", count: 45) + ": "
                + (status.brokenRules.isEmpty ? "none" : status.brokenRules.joined(separator: ", ")) + "\n"
        }
        let breaking = statuses.filter { !$0.brokenRules.isEmpty }.count
        out += "\n\(statuses.count) account\(statuses.count == 1 ? "" : "s"), \(breaking) breaking a rule\n"
        return out
    }

    /// Status as one JSON object (format "pwguard-rotate-status", version 1).
    public static func statusJSON(_ statuses: [AccountStatus], shadowPath: String, profiles: [RotationProfile], today: Int) -> String {
        func date(_ value: AgeingDate) -> String {
            switch value {
            case .day(let day): return isoDate(day)
            case .never: return "never"
            case .mustChange: return "must_change"
            }
        }
        func optional(_ number: Int?) -> Any { number.map { $0 as Any } ?? NSNull() }
        let accounts: [[String: Any]] = statuses.map { status in
            ["login": status.login, "uid": status.uid.map { Int($0) as Any } ?? NSNull(), "locked": status.locked,
             "last_change": date(status.lastChange), "password_expires": date(status.passwordExpires),
             "password_inactive": date(status.passwordInactive), "account_expires": date(status.accountExpires),
             "min_days": optional(status.entry.minDays), "max_days": optional(status.entry.maxDays),
             "warn_days": optional(status.entry.warnDays), "inactive_days": optional(status.entry.inactiveDays),
             "broken_rules": status.brokenRules]
        }
        return json(["format": "pwguard-rotate-status", "version": 1, "shadow": shadowPath,
                     "profiles": profiles.map(\.rawValue), "today": isoDate(today), "accounts": accounts])
    }

    private static func json(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return "{}"
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
