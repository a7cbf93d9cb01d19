import ArgumentParser
import CredentialAudit
#if canImport(Glibc)
import Glibc
#endif

/// `pwguard rotate`: forces password changes on evidence of compromise and
/// sets ageing by policy in /etc/shadow, with a dry run by default.
struct Rotate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Force password changes on evidence and set password ageing by policy, writing shadow safely.",
        discussion: """
            Without --apply, prints the plan: per account, each field change \
            (lastchg: 19500 -> 0) and the rule it serves. With --apply, writes \
            it as shadow-utils does: lckpwdf and shadow.lock, a shadow- backup, \
            a temporary file renamed over shadow, fsync; lines not changed stay \
            byte-identical. Malformed lines make it refuse, changing nothing.

            Profiles: nist (no ages; changes forced on audit evidence only), \
            cis (maximum age 365, minimum 1, warning 7, inactive 45, as limits), \
            custom (the numbers given, set exactly; -1 clears a field). \
            Evidence (--from-audit): guessable_password, breached, \
            empty_password, shared_password, locked_weak set lastchg to 0 \
            (change at next login) and, with --lock-compromised, lock the password.

            Scope: accounts with UID_MIN <= uid <= UID_MAX (DIR/etc/login.defs), \
            or exactly those named with --users. System accounts are never \
            changed unless named; locked and '*' accounts get no ageing changes.

            Exit status: 0 success, 2 usage error, malformed file or failed write.

            Examples:
              pwguard rotate --root /srv/image --profile cis
              pwguard rotate --from-audit audit.json --lock-compromised --apply
              pwguard rotate --status --profile cis
            """
    )

    @Option(help: ArgumentHelp("Use DIR/etc/shadow, DIR/etc/passwd and DIR/etc/login.defs.", valueName: "dir"))
    var root: String = "/"

    @Option(help: ArgumentHelp("nist, cis or custom (default nist).", valueName: "profile"))
    var profile: String?

    @Option(name: .customLong("max-days"), parsing: .unconditional,
            help: ArgumentHelp("Maximum password age (cis: ceiling; custom: exact, -1 clears).", valueName: "n"))
    var maxDays: Int?

    @Option(name: .customLong("min-days"), parsing: .unconditional,
            help: ArgumentHelp("Minimum days between changes (cis: floor; custom: exact).", valueName: "n"))
    var minDays: Int?

    @Option(name: .customLong("warn-days"), parsing: .unconditional,
            help: ArgumentHelp("Warning days before expiry (cis: floor; custom: exact).", valueName: "n"))
    var warnDays: Int?

    @Option(name: .customLong("inactive-days"), parsing: .unconditional,
            help: ArgumentHelp("Days after expiry until the account is disabled (cis: ceiling; custom: exact).", valueName: "n"))
    var inactiveDays: Int?

    @Option(name: .customLong("from-audit"),
            help: ArgumentHelp("Force changes for accounts with evidence of compromise in this `pwguard audit --json` report.",
                               valueName: "report.json"))
    var fromAudit: String?

    @Flag(name: .customLong("lock-compromised"), help: "Also lock ('!' prefix) accounts with evidence of compromise.")
    var lockCompromised = false

    @Option(help: ArgumentHelp("Only these accounts (comma-separated), system and locked ones included.", valueName: "list"))
    var users: String?

    @Option(name: .customLong("min-uid"),
            help: ArgumentHelp("Lowest UID of a human account (default UID_MIN from login.defs).", valueName: "n"))
    var minUID: UInt32?

    @Flag(help: "Write the plan to the shadow file (default: print it only).")
    var apply = false

    @Flag(help: "Show each account's ageing, like chage -l, and the profile rules it breaks.")
    var status = false

    @Flag(help: "Write JSON instead of text.")
    var json = false

    func validate() throws {
        if status && apply { throw ValidationError("--status shows; it cannot be combined with --apply") }
        if status && lockCompromised { throw ValidationError("--lock-compromised acts; it cannot be combined with --status") }
        if let profile, RotationProfile(rawValue: profile) == nil {
            throw ValidationError("--profile must be nist, cis or custom, not '\(profile)'")
        }
    }

    func run() throws {
        do {
            try runRotation()
        } catch {
            throw CommandFailure(message: error.description)
        }
    }

    private func runRotation() throws(RotationError) {
        let files = RotationRoot(root)
        let selectedProfile = profile.flatMap(RotationProfile.init(rawValue:)) ?? .nist
        var evidence: AuditEvidence?
        if let fromAudit {
            evidence = try AuditEvidence(contentsOf: fromAudit)
        }
        var range = files.humanUIDRange()
        if let minUID { range.minimum = minUID }
        let named = users.map { $0.split(separator: ",").map { String($0.filter { $0 != " " }) }.filter { !$0.isEmpty } }
        if let named, named.isEmpty { throw RotationError.usage("--users needs at least one login") }
        let policy = try RotationPolicy(profile: selectedProfile, maxDays: maxDays, minDays: minDays, warnDays: warnDays,
                                        inactiveDays: inactiveDays, hasEvidence: evidence != nil)
        let request = RotationRequest(policy: policy, evidence: evidence, lockCompromised: lockCompromised,
                                      users: named, uidRange: range)
        if status {
            try showStatus(files: files, request: request, profiles: profile == nil ? [.nist, .cis] : [selectedProfile])
            return
        }
        if apply {
            let result = try files.apply(request)
            print(json ? RotationReport.planJSON(result.plan, applied: true, changedSinceRead: result.outcome.changedSinceRead)
                       : RotationReport.planText(result.plan, applied: true, changedSinceRead: result.outcome.changedSinceRead),
                  terminator: "")
            if result.outcome.wrote && files.isSystemRoot {
                for warning in NameServiceCaches.invalidate() { StandardError.write("pwguard: warning: \(warning)\n") }
            }
        } else {
            let planned = try files.plan(request)
            print(json ? RotationReport.planJSON(planned.plan, applied: false, changedSinceRead: false)
                       : RotationReport.planText(planned.plan, applied: false, changedSinceRead: false),
                  terminator: "")
        }
    }

    /// Status of every account in scope: human UIDs, or the --users list.
    private func showStatus(files: RotationRoot, request: RotationRequest, profiles: [RotationProfile]) throws(RotationError) {
        let shadow = ShadowFile(bytes: try FileSnapshot.read(files.shadowPath).bytes, path: files.shadowPath)
        if !shadow.malformed.isEmpty { throw RotationError.malformed(shadow.malformed) }
        let passwd = try files.passwd()
        var uids: [String: UInt32] = [:]
        for entry in passwd.entries where uids[entry.login] == nil { uids[entry.login] = entry.uid }
        if let users = request.users {
            let present = Set(shadow.entries.map(\.login))
            let missing = users.filter { !present.contains($0) }
            if !missing.isEmpty { throw RotationError.usage("not in \(files.shadowPath): \(missing.joined(separator: ", "))") }
        }
        let today = daysSinceEpoch(secondsSinceEpoch: time(nil))
        var policies: [RotationPolicy] = []
        for profile in profiles {
            policies.append(profile == request.policy.profile ? request.policy : try RotationPolicy(profile: profile, hasEvidence: true))
        }
        let named = request.users.map(Set.init)
        var statuses: [AccountStatus] = []
        for entry in shadow.entries {
            let uid = uids[entry.login]
            if let named {
                guard named.contains(entry.login) else { continue }
            } else {
                guard let uid, request.uidRange.contains(uid) else { continue }
            }
            let evidence = request.evidence?.findings[entry.login].map { !$0.isEmpty } ?? false
            var rules: [String] = []
            var first: AccountStatus?
            for policy in policies {
                let status = AccountStatus(entry: entry, uid: uid, policy: policy, today: today, forcedByEvidence: evidence)
                if first == nil { first = status }
                rules += status.brokenRules.filter { !rules.contains($0) }
            }
            guard var combined = first else { continue }
            combined.brokenRules = rules
            statuses.append(combined)
        }
        let shown = policies.map(\.profile)
        print(json ? RotationReport.statusJSON(statuses, shadowPath: files.shadowPath, profiles: shown, today: today)
                   : RotationReport.statusText(statuses, shadowPath: files.shadowPath, profiles: shown),
              terminator: "")
    }
}
