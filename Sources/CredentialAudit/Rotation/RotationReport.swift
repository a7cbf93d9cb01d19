/// The text and JSON that `pwguard rotate` prints for a plan and for
/// `--status`. No password or hash ever appears: the password field is shown
/// as locked or unlocked.
public enum RotationReport {
    /// The plan as text: one block per account with `field: old -> new`
    /// lines, then the accounts left alone and the logins not found.
    public static func planText(_ plan: RotationPlan, applied: Bool, changedSinceRead: Bool) -> String {
        var out = TextBuffer()
        let mode = applied ? "applied" : "dry run, nothing written; add --apply to write"
        out.write("pwguard rotate: \(plan.shadowPath), profile \(plan.policy.profile.rawValue) (\(mode))\n")
        if changedSinceRead {
            out.write("note: \(plan.shadowPath) changed since it was read; the plan was made again under the lock\n")
        }
        // Written piece by piece: a plan can hold 100,000 accounts.
        for account in plan.accounts {
            out.write(account.login)
            out.write(" (line ")
            out.write(String(account.line))
            out.write(")\n")
            for action in account.actions {
                let start = out.bytes.count
                out.write("  ")
                out.write(action.field.rawValue)
                out.write(": ")
                out.write(action.from.description)
                out.write(" -> ")
                out.write(action.to.description)
                out.pad(from: start, to: 36)
                out.write(action.reason)
                out.write(" [")
                out.write(action.rule)
                out.write("]\n")
            }
        }
        for skip in plan.skipped {
            out.write("left alone: \(skip.login): \(skip.reason) (report: \(skip.codes.joined(separator: ",")))\n")
        }
        if !plan.notInShadow.isEmpty {
            out.write("in the audit report but not in \(plan.shadowPath): \(plan.notInShadow.joined(separator: ", "))\n")
        }
        if !plan.otherStores.isEmpty {
            out.write("not from a shadow file, not used: \(plan.otherStores.joined(separator: ", "))\n")
        }
        let fields = plan.accounts.reduce(0) { $0 + $1.actions.count }
        let verb = applied ? "changed" : "to change"
        out.write("\(plan.accounts.count) account\(plan.accounts.count == 1 ? "" : "s") \(verb), \(fields) field\(fields == 1 ? "" : "s")\n")
        return out.text
    }

    /// The plan as one JSON object (format "pwguard-rotate", version 1; docs/pwguard.1).
    public static func planJSON(_ plan: RotationPlan, applied: Bool, changedSinceRead: Bool) -> String {
        var out = TextBuffer()
        func value(_ field: ShadowFieldValue) {
            switch field {
            case .days(let days): out.json(days)
            case .lock(let locked): out.json(locked ? "locked" : "unlocked")
            }
        }
        out.write("{")
        out.key("format"); out.json("pwguard-rotate"); out.write(",")
        out.key("version"); out.json(1); out.write(",")
        out.key("mode"); out.json(applied ? "applied" : "plan"); out.write(",")
        out.key("shadow"); out.json(plan.shadowPath); out.write(",")
        out.key("profile"); out.json(plan.policy.profile.rawValue); out.write(",")
        out.key("policy"); out.write("{")
        out.key("max_days"); out.json(plan.policy.maxDays); out.write(",")
        out.key("min_days"); out.json(plan.policy.minDays); out.write(",")
        out.key("warn_days"); out.json(plan.policy.warnDays); out.write(",")
        out.key("inactive_days"); out.json(plan.policy.inactiveDays); out.write("},")
        out.key("changed_since_read"); out.write(changedSinceRead ? "true" : "false"); out.write(",")
        out.key("accounts"); out.write("[")
        for (index, account) in plan.accounts.enumerated() {
            out.write(index == 0 ? "\n{" : ",\n{")
            out.key("login"); out.json(account.login); out.write(",")
            out.key("line"); out.json(account.line); out.write(",")
            out.key("actions"); out.write("[")
            for (number, action) in account.actions.enumerated() {
                out.write(number == 0 ? "{" : ",{")
                out.key("field"); out.json(action.field.rawValue); out.write(",")
                out.key("from"); value(action.from); out.write(",")
                out.key("to"); value(action.to); out.write(",")
                out.key("reason"); out.json(action.reason); out.write(",")
                out.key("rule"); out.json(action.rule); out.write(",")
                out.key("source")
                if let source = action.source { out.json(source) } else { out.write("null") }
                out.write("}")
            }
            out.write("]}")
        }
        out.write("],\n")
        out.key("skipped"); out.write("[")
        for (index, skip) in plan.skipped.enumerated() {
            out.write(index == 0 ? "{" : ",{")
            out.key("login"); out.json(skip.login); out.write(",")
            out.key("reason"); out.json(skip.reason); out.write(",")
            out.key("codes"); out.json(skip.codes); out.write("}")
        }
        out.write("],")
        out.key("not_in_shadow"); out.json(plan.notInShadow); out.write(",")
        out.key("other_stores"); out.json(plan.otherStores); out.write(",")
        out.key("summary"); out.write("{")
        out.key("accounts"); out.json(plan.accounts.count); out.write(",")
        out.key("fields"); out.json(plan.accounts.reduce(0) { $0 + $1.actions.count }); out.write("}}\n")
        return out.text
    }

    /// Status as text: chage -l's lines for each account, then the rules it breaks.
    public static func statusText(_ statuses: [AccountStatus], shadowPath: String, profiles: [RotationProfile]) -> String {
        var out = TextBuffer()
        out.write("pwguard rotate --status: \(shadowPath), rules of \(profiles.map(\.rawValue).joined(separator: " and "))\n")
        func days(_ value: Int?) -> String { value.map(String.init) ?? "(empty)" }
        for status in statuses {
            let uid = status.uid.map { "uid \($0)" } ?? "no passwd entry"
            out.write("\n\(status.login) (\(uid)\(status.locked ? ", locked" : ""))\n")
            let rows: [(String, String)] = [
                ("Last password change", "\(status.lastChange)"),
                ("Password expires", "\(status.passwordExpires)"),
                ("Password inactive", "\(status.passwordInactive)"),
                ("Account expires", "\(status.accountExpires)"),
                ("Minimum number of days between password change", days(status.entry.minDays)),
                ("Maximum number of days between password change", days(status.entry.maxDays)),
                ("Number of days of warning before password expires", days(status.entry.warnDays)),
                ("Number of days of inactivity after expiry", days(status.entry.inactiveDays)),
                ("Breaks", status.brokenRules.isEmpty ? "none" : status.brokenRules.joined(separator: ", ")),
            ]
            for (label, text) in rows {
                out.write("  " + label, paddedTo: 53)
                out.write(": " + text + "\n")
            }
        }
        let breaking = statuses.filter { !$0.brokenRules.isEmpty }.count
        out.write("\n\(statuses.count) account\(statuses.count == 1 ? "" : "s"), \(breaking) breaking a rule\n")
        return out.text
    }

    /// Status as one JSON object (format "pwguard-rotate-status", version 1; docs/pwguard.1).
    public static func statusJSON(_ statuses: [AccountStatus], shadowPath: String, profiles: [RotationProfile], today: Int) -> String {
        var out = TextBuffer()
        func date(_ value: AgeingDate) {
            switch value {
            case .day(let day): out.json(isoDate(day))
            case .never: out.json("never")
            case .mustChange: out.json("must_change")
            }
        }
        out.write("{")
        out.key("format"); out.json("pwguard-rotate-status"); out.write(",")
        out.key("version"); out.json(1); out.write(",")
        out.key("shadow"); out.json(shadowPath); out.write(",")
        out.key("profiles"); out.json(profiles.map(\.rawValue)); out.write(",")
        out.key("today"); out.json(isoDate(today)); out.write(",")
        out.key("accounts"); out.write("[")
        for (index, status) in statuses.enumerated() {
            out.write(index == 0 ? "\n{" : ",\n{")
            out.key("login"); out.json(status.login); out.write(",")
            out.key("uid"); out.json(status.uid.map { Int($0) }); out.write(",")
            out.key("locked"); out.write(status.locked ? "true" : "false"); out.write(",")
            out.key("last_change"); date(status.lastChange); out.write(",")
            out.key("password_expires"); date(status.passwordExpires); out.write(",")
            out.key("password_inactive"); date(status.passwordInactive); out.write(",")
            out.key("account_expires"); date(status.accountExpires); out.write(",")
            out.key("min_days"); out.json(status.entry.minDays); out.write(",")
            out.key("max_days"); out.json(status.entry.maxDays); out.write(",")
            out.key("warn_days"); out.json(status.entry.warnDays); out.write(",")
            out.key("inactive_days"); out.json(status.entry.inactiveDays); out.write(",")
            out.key("broken_rules"); out.json(status.brokenRules); out.write("}")
        }
        out.write("]}\n")
        return out.text
    }
}
